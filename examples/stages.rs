//! Time each stage of prediction on a `label<TAB>text` file, on the calling
//! thread, to see where the time beyond segmentation goes:
//!
//! ```sh
//! cargo run --release --example stages -- MODEL TEST.tsv
//! ```
//!
//! Stages (best of 60 passes each, milliseconds for the whole file):
//! `segment` is jieba-rs alone (the floor), `tokens` adds walking its tokens,
//! `tfidf` builds every TF-IDF row, `scores` adds the SVM decision values and
//! argmax on the calling thread (SVM models only), `predict` is the whole
//! prediction (`Model::predict_labels`, rayon pool of `RAYON_NUM_THREADS`).

use std::time::Instant;

use yuqing::features::Row;
use yuqing::Model;

fn best(mut f: impl FnMut() -> usize) -> f64 {
    let mut best = f64::MAX;
    let mut sink = 0;
    for _ in 0..60 {
        let t = Instant::now();
        sink += f();
        best = best.min(t.elapsed().as_secs_f64());
    }
    std::hint::black_box(sink);
    best * 1e3
}

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
    let seg = model.segmenter();
    let tfidf = model.tfidf();
    let segment = best(|| docs.iter().map(|d| seg.cut_count(d)).sum());
    let tokens = best(|| {
        let mut n = 0;
        for d in &docs {
            seg.for_each_raw_token(d, |t| n += t.len());
        }
        n
    });
    let mut row = Row::default();
    let rows = best(|| {
        let mut n = 0;
        for d in &docs {
            tfidf.transform_unordered_into(seg, d, &mut row);
            n += row.idx.len();
        }
        n
    });
    let serial = match model.classifier() {
        yuqing::classify::Classifier::Svm(svm) => {
            let mut margins = vec![0.0; svm.n_classes()];
            best(|| {
                let mut n = 0;
                for d in &docs {
                    tfidf.transform_unordered_into(seg, d, &mut row);
                    svm.decision_row(&row.idx, &row.val, &mut margins);
                    n += yuqing::classify::argmax(margins.iter().copied());
                }
                n
            })
        }
        _ => f64::NAN,
    };
    let predict = best(|| model.predict_labels(&docs).len());
    println!(
        "{} documents: segment {segment:.2} ms, tokens {tokens:.2}, tfidf {rows:.2}, \
         scores {serial:.2}, predict {predict:.2}; predict/segment {:.3}",
        docs.len(),
        predict / segment
    );
}
