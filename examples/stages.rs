//! Time each stage of prediction on a `label<TAB>text` file, on the calling
//! thread, to see where the time beyond segmentation goes:
//!
//! ```sh
//! cargo run --release --example stages -- MODEL TEST.tsv
//! ```
//!
//! Stages (milliseconds for the whole file, best of 60 rounds; each round
//! runs every stage once, so a slower or faster spell of the machine hits
//! all stages alike): `segment` is jieba-rs alone (the floor), `tokens` adds
//! walking its tokens, `tfidf` builds every TF-IDF row, `scores` adds the SVM
//! decision values and argmax on the calling thread (SVM models only): the
//! general path. `compiled` is the same prediction through the compiled
//! [`yuqing::scorer::Scorer`], `deferred` the compiled scorer deferring words
//! (models with a margin for it), and `predict` is the whole prediction
//! (`Model::predict_labels`, rayon pool of `RAYON_NUM_THREADS`).

use std::time::Instant;

use yuqing::features::Row;
use yuqing::scorer::Scratch;
use yuqing::Model;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: stages MODEL TEST.tsv");
        std::process::exit(2);
    }
    let model = match Model::load(args[1].as_ref()) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("stages: {e}");
            std::process::exit(2);
        }
    };
    let text = match std::fs::read_to_string(&args[2]) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("stages: {}: {e}", args[2]);
            std::process::exit(2);
        }
    };
    let docs: Vec<&str> = text.lines().filter_map(|l| l.split('\t').nth(1)).collect();
    let docs = &docs;
    let seg = model.segmenter();
    let tfidf = model.tfidf();
    let mut row = Row::default();
    let mut scratch = Scratch::default();
    let k = model.classes().len();
    let mut margins = vec![0.0; k];

    type Stage<'a> = (&'static str, Box<dyn FnMut() -> usize + 'a>);
    let mut stages: Vec<Stage> = vec![
        (
            "segment",
            Box::new(|| docs.iter().map(|d| seg.cut_count(d)).sum()),
        ),
        (
            "tokens",
            Box::new(|| {
                let mut n = 0;
                for d in docs {
                    seg.for_each_raw_token(d, |t| n += t.len());
                }
                n
            }),
        ),
        (
            "tfidf",
            Box::new(|| {
                let mut n = 0;
                for d in docs {
                    tfidf.transform_unordered_into(seg, d, &mut row);
                    n += row.idx.len();
                }
                n
            }),
        ),
    ];
    if let yuqing::classify::Classifier::Svm(svm) = model.classifier() {
        let mut row = Row::default();
        let mut margins = vec![0.0; k];
        stages.push((
            "scores",
            Box::new(move || {
                let mut n = 0;
                for d in docs {
                    tfidf.transform_unordered_into(seg, d, &mut row);
                    svm.decision_row(&row.idx, &row.val, &mut margins);
                    n += yuqing::classify::argmax(margins.iter().copied());
                }
                n
            }),
        ));
    }
    if let Some(scorer) = model.scorer() {
        stages.push((
            "compiled",
            Box::new(|| {
                let mut n = 0;
                for d in docs {
                    scorer.decision(seg, d, &mut scratch, &mut margins);
                    n += yuqing::classify::argmax(margins.iter().copied());
                }
                n
            }),
        ));
        if let Some(margin) = model.lazy_margin() {
            let mut scratch = Scratch::default();
            let mut margins = vec![0.0; k];
            stages.push((
                "deferred",
                Box::new(move || {
                    let mut n = 0;
                    for d in docs {
                        scorer.decision_deferring_words(seg, d, &mut scratch, &mut margins, margin);
                        n += yuqing::classify::argmax(margins.iter().copied());
                    }
                    n
                }),
            ));
        }
    }
    stages.push(("predict", Box::new(|| model.predict_labels(docs).len())));

    if let Ok(only) = std::env::var("STAGES_ONLY") {
        stages.retain(|(name, _)| *name == "segment" || *name == only);
    }
    let mut best = vec![f64::MAX; stages.len()];
    let mut sink = 0;
    let rounds: usize = std::env::var("STAGES_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(60);
    for _ in 0..rounds {
        for (b, (_, f)) in best.iter_mut().zip(stages.iter_mut()) {
            let t = Instant::now();
            sink += f();
            *b = b.min(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    std::hint::black_box(sink);
    let line: Vec<String> = stages
        .iter()
        .zip(&best)
        .map(|((name, _), ms)| format!("{name} {ms:.2}"))
        .collect();
    println!(
        "{} documents, ms: {}; predict/segment {:.3}",
        docs.len(),
        line.join(", "),
        best[best.len() - 1] / best[0]
    );
}
