#!/usr/bin/env python3
"""Format target/bench/results.jsonl (written by scripts/bench-peers) as a table with ratios."""
import json, sys

rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
systems = {}
for r in rows:
    s = systems.setdefault(r["name"], {"peak_kb": 0})
    s["peak_kb"] = max(s["peak_kb"], r["peak_kb"])
    res = r["result"]
    if r["kind"] == "train":
        # whole process: dictionary load, reading, segmenting, fitting, saving;
        # and the stages the peers time: segmenting, TF-IDF, fitting
        s.setdefault("trains", []).append(
            (r["wall_s"], res["train_seconds"] - res.get("dictionary_seconds", 0.0)))
    elif r["kind"] == "eval":
        s.update(f1=res["macro_f1"], acc=res["accuracy"], n=res["n"])
        s.setdefault("evals", []).append(res)
    else:  # a peer: one process trains and evaluates; train time = its train stages
        stages = res.get("segment_train_s", 0) + res.get("tfidf_fit_s", 0) + res.get("fit_s", 0)
        s.update(f1=res["macro_f1"], acc=res["accuracy"], dps=res["predict_docs_per_s"],
                 train_s=stages, stage_s=stages)

# A yuqing model evaluated in several processes: the median run by
# pipeline/segment ratio supplies the timings, and the spread of the ratio is
# printed below the table.
spreads = {}
for name, s in systems.items():
    trains = s.pop("trains", None)
    if trains:
        s["train_s"] = sorted(t[0] for t in trains)[len(trains) // 2]
        s["stage_s"] = sorted(t[1] for t in trains)[len(trains) // 2]
    evals = s.pop("evals", None)
    if not evals:
        continue
    evals.sort(key=lambda e: e["pipeline_over_segment"])
    mid = evals[len(evals) // 2]
    s.update(dps=mid["predict_docs_per_s"], seg_s=mid["segment_only_seconds"], pred_s=mid["predict_seconds"],
             ratio=mid["pipeline_over_segment"])
    spreads[name] = [e["pipeline_over_segment"] for e in evals]
    s["segmented"] = (mid.get("segmented"), mid["n"])

def fmt(v, spec):
    return format(v, spec) if isinstance(v, (int, float)) else "-"

print(f"{'system':40} {'macro-F1':>8} {'acc':>6} {'train s':>8} {'stages s':>8} {'predict docs/s':>15} {'peak MB':>8} "
      f"{'predict ms':>10} {'segment-only ms':>15} {'pipeline/segment':>17}")
for name, s in systems.items():
    ratio = s.get("ratio")
    print(f"{name:40} {fmt(s.get('f1'), '8.4f')} {fmt(s.get('acc'), '6.3f')} {fmt(s.get('train_s'), '8.2f')} "
          f"{fmt(s.get('stage_s'), '8.2f')} "
          f"{fmt(s.get('dps'), '15,.0f')} {s['peak_kb'] / 1024:8.0f} "
          f"{fmt(s.get('pred_s', 0) * 1e3 if 'pred_s' in s else None, '10.2f')} "
          f"{fmt(s['seg_s'] * 1e3 if 'seg_s' in s else None, '15.2f')} {fmt(ratio, '17.2f')}")

if spreads:
    print("\npipeline/segment in each process (the table shows the median):")
    for name, rs in spreads.items():
        seg, n = systems[name]["segmented"]
        share = f"   segmented {seg} of {n} texts" if seg is not None else ""
        print(f"  {name:40} " + "  ".join(f"{r:.2f}" for r in rs) + share)

def ratios(ours, peer):
    a, b = systems.get(ours), systems.get(peer)
    if not a or not b:
        return
    print(f"\n{ours}  vs  {peer}:")
    print(f"  macro-F1 difference      {a['f1'] - b['f1']:+.4f}")
    print(f"  predict docs/s ratio     {a['dps'] / b['dps']:.1f}x")
    if "train_s" not in a:  # evaluated only (the default model with --exact)
        print(f"  peak memory ratio        {a['peak_kb'] / b['peak_kb']:.2f} (evaluation only)")
        return
    print(f"  train time ratio         {a['train_s'] / b['train_s']:.3f} (yuqing process / peer stages)")
    if a.get("stage_s") and b.get("stage_s"):
        print(f"  train stages ratio       {a['stage_s'] / b['stage_s']:.3f} (segment + TF-IDF + fit, both sides)")
    print(f"  peak memory ratio        {a['peak_kb'] / b['peak_kb']:.2f}")

for ours in [f"yuqing svm chars={f} threads={t}" for t in (2, 1)
             for f in ("1-2", "1-2 exact", "1-2 word", "none", "1-2 no-words")]:
    for peer in ["jieba+sklearn svm", "jieba+fasttext"]:
        ratios(ours, peer)
ratios("yuqing nb (linfa-bayes)", "jieba+sklearn nb")
ratios("long: yuqing svm", "long: jieba+sklearn svm")
ratios("long: yuqing svm", "long: jieba+fasttext")
ratios("long: yuqing svm no-words", "long: jieba+sklearn svm")
ratios("long: yuqing svm no-words", "long: jieba+fasttext")
print("\ntrain s: yuqing = wall time of the whole `yuqing train` process (median of 3); peers = their segment+tfidf+fit")
print("stages. stages s: segment + TF-IDF + fit on both sides (yuqing: train_seconds less the jieba dictionary load,")
print("which the peers do before starting their clocks).")
print("predict docs/s: raw text in, label out, segmentation included. segment-only ms: jieba-rs alone on the same")
print("texts and threads, the floor (both best of >= 48 passes); pipeline/segment: the median over 24 adjacent")
print("pairs of the ratio of yuqing's prediction time to it (`yuqing eval`, see paired_times); median of 3 processes.")
print("no-words: character 1-2-grams only (`yuqing train --no-words`); its pipeline does not segment, so its")
print("pipeline/segment ratio compares against a segmentation it never does.")
print("chars=1-2: the default; it defers words (segments only the texts whose characters leave the label in")
print("doubt, `segmented` above). chars=1-2 exact: the same model with `yuqing eval --exact`, every text segmented.")
print("long: = SogouC sample, train = test (speed only); its 90 training articles are too few for deferring words.")
