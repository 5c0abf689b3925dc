//! How deferring words trades segmentation for labels: for each margin, the
//! share of texts a model segments, the labels that differ from segmenting
//! every text, and macro-F1.
//!
//! ```sh
//! cargo run --release --example defer -- MODEL TEST.tsv
//! ```

use yuqing::classify::argmax;
use yuqing::classify::metrics::Evaluation;
use yuqing::scorer::Scratch;
use yuqing::Model;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: defer MODEL TEST.tsv");
        std::process::exit(2);
    }
    let model = Model::load(args[1].as_ref()).unwrap_or_else(|e| {
        eprintln!("defer: {e}");
        std::process::exit(2)
    });
    let Some(scorer) = model.scorer().filter(|s| s.can_defer_words()) else {
        eprintln!("defer: this model cannot defer words (it needs an SVM with words and character n-grams along the text)");
        std::process::exit(2)
    };
    let text = std::fs::read_to_string(&args[2]).unwrap_or_else(|e| {
        eprintln!("defer: {}: {e}", args[2]);
        std::process::exit(2)
    });
    let labels: Vec<String> = model.classes().iter().map(|c| c.id.clone()).collect();
    let (mut truth, mut docs) = (Vec::new(), Vec::new());
    for (label, doc) in text.lines().filter_map(|l| l.split_once('\t')) {
        if let Some(k) = labels.iter().position(|c| c == label) {
            truth.push(k);
            docs.push(doc);
        }
    }
    let (seg, mut scratch) = (model.segmenter(), Scratch::default());
    let mut values = vec![0.0; labels.len()];
    let exact: Vec<usize> = docs
        .iter()
        .map(|d| {
            scorer.decision(seg, d, &mut scratch, &mut values);
            argmax(values.iter().copied())
        })
        .collect();
    let f1 = |p: &[usize]| Evaluation::new(&labels, &truth, p).macro_f1;
    println!(
        "{} texts; the model's margin: {:?}; every text segmented: macro-F1 {:.4}",
        docs.len(),
        model.lazy_margin(),
        f1(&exact)
    );
    println!("margin  segmented  labels differing  macro-F1");
    for margin in [0.0f32, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0] {
        let mut segmented = 0;
        let pred: Vec<usize> = docs
            .iter()
            .map(|d| {
                segmented += usize::from(scorer.decision_deferring_words(
                    seg,
                    d,
                    &mut scratch,
                    &mut values,
                    margin,
                ));
                argmax(values.iter().copied())
            })
            .collect();
        let differ = pred.iter().zip(&exact).filter(|(a, b)| a != b).count();
        println!(
            "{margin:>6.2}  {:>8.1}%  {differ:>16}  {:.4}",
            100.0 * segmented as f64 / docs.len() as f64,
            f1(&pred)
        );
    }
}
