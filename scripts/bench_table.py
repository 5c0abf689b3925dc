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
        s["train_s"] = r["wall_s"]  # whole process: dictionary load, reading, segmenting, fitting
    elif r["kind"] == "eval":
        s.update(f1=res["macro_f1"], acc=res["accuracy"], dps=res["predict_docs_per_s"],
                 seg_s=res["segment_only_seconds"], pred_s=res["predict_seconds"], n=res["n"])
    else:  # a peer: one process trains and evaluates; train time = its train stages
        s.update(f1=res["macro_f1"], acc=res["accuracy"], dps=res["predict_docs_per_s"],
                 train_s=res.get("segment_train_s", 0) + res.get("tfidf_fit_s", 0) + res.get("fit_s", 0))

def fmt(v, spec):
    return format(v, spec) if isinstance(v, (int, float)) else "-"

print(f"{'system':38} {'macro-F1':>8} {'acc':>6} {'train s':>8} {'predict docs/s':>15} {'peak MB':>8} "
      f"{'predict ms':>10} {'segment-only ms':>15} {'pipeline/segment':>17}")
for name, s in systems.items():
    ratio = s["pred_s"] / s["seg_s"] if "seg_s" in s and s["seg_s"] > 0 else None
    print(f"{name:38} {fmt(s.get('f1'), '8.4f')} {fmt(s.get('acc'), '6.3f')} {fmt(s.get('train_s'), '8.2f')} "
          f"{fmt(s.get('dps'), '15,.0f')} {s['peak_kb'] / 1024:8.0f} "
          f"{fmt(s.get('pred_s', 0) * 1e3 if 'pred_s' in s else None, '10.2f')} "
          f"{fmt(s['seg_s'] * 1e3 if 'seg_s' in s else None, '15.2f')} {fmt(ratio, '17.2f')}")

def ratios(ours, peer):
    a, b = systems.get(ours), systems.get(peer)
    if not a or not b:
        return
    print(f"\n{ours}  vs  {peer}:")
    print(f"  macro-F1 difference      {a['f1'] - b['f1']:+.4f}")
    print(f"  predict docs/s ratio     {a['dps'] / b['dps']:.1f}x")
    print(f"  train time ratio         {a['train_s'] / b['train_s']:.3f} (yuqing / peer)")
    print(f"  peak memory ratio        {a['peak_kb'] / b['peak_kb']:.2f}")

for ours in ["yuqing svm chars=1-2 threads=2", "yuqing svm chars=none threads=2",
             "yuqing svm chars=1-2 threads=1", "yuqing svm chars=none threads=1"]:
    for peer in ["jieba+sklearn svm", "jieba+fasttext"]:
        ratios(ours, peer)
ratios("yuqing nb (linfa-bayes)", "jieba+sklearn nb")
ratios("long: yuqing svm", "long: jieba+sklearn svm")
ratios("long: yuqing svm", "long: jieba+fasttext")
print("\ntrain s: yuqing = wall time of the whole `yuqing train` process; peers = their segment+tfidf+fit stages.")
print("predict docs/s: raw text in, label out, segmentation included. segment-only ms: jieba-rs alone on the same")
print("texts and threads, the floor; pipeline/segment: yuqing's prediction time over it (both best of >= 5 passes).")
print("long: = SogouC sample, train = test (speed only).")
