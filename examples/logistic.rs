//! The measurement behind not using linfa-logistic for the theme model:
//! multinomial logistic regression (linfa-logistic, L-BFGS) on the same
//! TF-IDF features as yuqing, chi²-selected down to `K` columns and
//! densified, because `MultiLogisticRegression` takes a dense matrix.
//!
//! ```sh
//! /usr/bin/time -v cargo run --release --example logistic -- TRAIN.tsv TEST.tsv K [ALPHA]
//! ```
//!
//! Prints macro-F1, accuracy, fit seconds and the dense matrix size. linfa-logistic
//! can panic ("Search direction must be a descent direction", linfa issue #334)
//! when the regularisation `ALPHA` is small; the panic is caught and reported.

use std::time::Instant;

use linfa::prelude::*;
use linfa_logistic::MultiLogisticRegression;
use ndarray::Array1;
use yuqing::classify::metrics::Evaluation;
use yuqing::classify::nb::{chi2_select, column_map, densify};
use yuqing::features::FittedTfIdf;
use yuqing::{SegmentParams, Segmenter, TfIdfParams, TrainingSet};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: logistic TRAIN.tsv TEST.tsv K [ALPHA]");
        std::process::exit(2);
    }
    let k: usize = args[3].parse().expect("K is a number of features");
    let alpha: f32 = args
        .get(4)
        .map_or(1.0, |a| a.parse().expect("ALPHA is a number"));
    let train = TrainingSet::from_tsv(args[1].as_ref()).unwrap_or_else(|e| panic!("{e}"));
    let test = TrainingSet::from_tsv(args[2].as_ref()).unwrap_or_else(|e| panic!("{e}"));
    let seg = Segmenter::new(SegmentParams::default());
    let texts: Vec<&str> = train.docs.iter().map(|d| d.text.as_str()).collect();
    let (tfidf, x) = FittedTfIdf::fit_transform(&TfIdfParams::default(), &seg, &texts)
        .unwrap_or_else(|e| panic!("{e}"));
    let y: Vec<usize> = train.docs.iter().map(|d| d.primary).collect();
    let selected = chi2_select(&x, &y, train.classes.len(), k);
    let column_of = column_map(&selected, x.cols());
    let xd = densify(&x, &column_of, selected.len(), 0, x.rows());
    println!(
        "dense training matrix {} x {} f32 = {} MB",
        xd.nrows(),
        xd.ncols(),
        xd.len() * 4 / (1 << 20)
    );
    let ds = Dataset::new(xd, Array1::from(y));
    let started = Instant::now();
    let fitted = std::panic::catch_unwind(|| {
        MultiLogisticRegression::default()
            .alpha(alpha)
            .max_iterations(100)
            .fit(&ds)
    });
    let fit_s = started.elapsed().as_secs_f64();
    let model = match fitted {
        Ok(Ok(m)) => m,
        Ok(Err(e)) => {
            println!("linfa-logistic refused to fit: {e}");
            return;
        }
        Err(_) => {
            println!("linfa-logistic panicked after {fit_s:.1} s (alpha {alpha})");
            return;
        }
    };
    // Test labels are mapped by name onto the training classes.
    let index = |l: &str| train.classes.iter().position(|c| c.id == l);
    let test_texts: Vec<&str> = test.docs.iter().map(|d| d.text.as_str()).collect();
    let xt = tfidf.transform(&seg, &test_texts);
    let xt = densify(&xt, &column_of, selected.len(), 0, xt.rows());
    let predicted: Vec<usize> = model.predict(&xt).to_vec();
    let truth: Vec<usize> = test
        .docs
        .iter()
        .map(|d| index(&test.classes[d.primary].id).expect("test label known in training"))
        .collect();
    let labels: Vec<String> = train.classes.iter().map(|c| c.id.clone()).collect();
    let e = Evaluation::new(&labels, &truth, &predicted);
    println!(
        "linfa-logistic, {} chi2 features, alpha {alpha}: macro-F1 {:.4}, accuracy {:.4}, fit {fit_s:.1} s",
        selected.len(),
        e.macro_f1,
        e.accuracy
    );
}
