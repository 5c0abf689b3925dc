//! `yuqing eval`: a model against a label<TAB>text file, with speed figures.

use std::collections::HashMap;
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;
use yuqing::classify::metrics::Evaluation;
use yuqing::TrainingSet;

use crate::args::EvalArgs;
use crate::Outcome;

#[derive(Serialize)]
struct EvalReport {
    model: String,
    test: String,
    algorithm: String,
    #[serde(flatten)]
    evaluation: Evaluation,
    /// Raw text → label (the most likely class; no per-class scores), segmentation
    /// included, on all threads.
    predict_seconds: f64,
    predict_docs_per_s: f64,
    /// jieba-rs segmentation alone on the same texts and threads: the floor.
    /// Both timings are the best of at least 12 repetitions (see `best_times`).
    segment_only_seconds: f64,
    pipeline_over_segment: f64,
    threads: usize,
}

/// Best wall time of `a` and of `b`, timed in alternating blocks: 4 blocks
/// each, a block being at least 3 repetitions and 0.25 s of work. Within a
/// block the caches hold only what that workload needs (the steady state of
/// running it alone), and alternating blocks spreads a slow or fast spell of
/// the machine over both, so their ratio is steadier than timing one after
/// the other. A pass over a headline test set takes milliseconds, so a single
/// timing mostly measures noise; the minimum of many is what the machine can
/// do.
fn best_times(mut a: impl FnMut(), mut b: impl FnMut()) -> (f64, f64) {
    fn block(f: &mut impl FnMut(), best: &mut f64) {
        let mut spent = 0.0;
        for i in 0..500 {
            let t = Instant::now();
            f();
            let e = t.elapsed().as_secs_f64();
            *best = best.min(e);
            spent += e;
            if i >= 2 && spent > 0.25 {
                break;
            }
        }
    }
    let mut best = (f64::INFINITY, f64::INFINITY);
    for _ in 0..4 {
        block(&mut a, &mut best.0);
        block(&mut b, &mut best.1);
    }
    best
}

pub fn run(a: EvalArgs, quiet: bool) -> anyhow::Result<Outcome> {
    let model = super::classify::load_model(&a.model)?;
    let test = TrainingSet::from_tsv(&a.test)?;
    let index: HashMap<&str, usize> = model
        .classes()
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut truth = Vec::with_capacity(test.docs.len());
    for d in &test.docs {
        let label = &test.classes[d.primary].id;
        let Some(&k) = index.get(label.as_str()) else {
            anyhow::bail!(
                "{}: label '{label}' is not a class of the model {} (its classes: {}); evaluate with a model trained on the same labels",
                a.test.display(),
                a.model.display(),
                model.classes().iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", ")
            );
        };
        truth.push(k);
    }
    let texts: Vec<&str> = test.docs.iter().map(|d| d.text.as_str()).collect();

    // Both timings are the best of many repetitions, in alternating blocks.
    let seg = model.segmenter();
    let mut predicted = Vec::new();
    let (segment_only_seconds, predict_seconds) = best_times(
        || {
            let words: usize = texts
                .par_chunks(256)
                .map(|c| c.iter().map(|t| seg.cut_count(t)).sum::<usize>())
                .sum();
            std::hint::black_box(words);
        },
        || predicted = model.predict_labels(&texts),
    );
    let _ = quiet;
    let labels: Vec<String> = model.classes().iter().map(|c| c.id.clone()).collect();
    let evaluation = Evaluation::new(&labels, &truth, &predicted);
    let report = EvalReport {
        model: a.model.display().to_string(),
        test: a.test.display().to_string(),
        algorithm: model.classifier().algorithm().to_string(),
        predict_docs_per_s: texts.len() as f64 / predict_seconds.max(1e-9),
        pipeline_over_segment: predict_seconds / segment_only_seconds.max(1e-9),
        predict_seconds,
        segment_only_seconds,
        threads: rayon::current_num_threads(),
        evaluation,
    };
    if a.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print!("{}", report.evaluation.to_text());
        println!(
            "\nprediction: {:.0} documents/s ({:.3}s for {}, {} threads); segmentation alone {:.3}s; pipeline/segmentation = {:.2}",
            report.predict_docs_per_s,
            report.predict_seconds,
            texts.len(),
            report.threads,
            report.segment_only_seconds,
            report.pipeline_over_segment
        );
    }
    Ok(Outcome::Done)
}
