//! Accuracy, per-class precision/recall/F1, macro-F1 and confusion matrices.

use serde::{Deserialize, Serialize};

/// Precision, recall and F1 of one class, with its support (true count).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassScore {
    pub label: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
}

/// The evaluation of single-label predictions against the truth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub n: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
    pub per_class: Vec<ClassScore>,
    /// `confusion[true][predicted]`.
    pub confusion: Vec<Vec<usize>>,
}

impl Evaluation {
    /// Compare predicted with true class indices (`< labels.len()`).
    pub fn new(labels: &[String], truth: &[usize], predicted: &[usize]) -> Evaluation {
        let k = labels.len();
        let mut confusion = vec![vec![0usize; k]; k];
        for (&t, &p) in truth.iter().zip(predicted) {
            if t < k && p < k {
                confusion[t][p] += 1;
            }
        }
        let n = truth.len().min(predicted.len());
        let correct: usize = (0..k).map(|i| confusion[i][i]).sum();
        let per_class: Vec<ClassScore> = (0..k)
            .map(|c| {
                let tp = confusion[c][c] as f64;
                let support: usize = confusion[c].iter().sum();
                let predicted_c: usize = (0..k).map(|t| confusion[t][c]).sum();
                let precision = ratio(tp, predicted_c as f64);
                let recall = ratio(tp, support as f64);
                ClassScore {
                    label: labels[c].clone(),
                    precision,
                    recall,
                    f1: ratio(2.0 * precision * recall, precision + recall),
                    support,
                }
            })
            .collect();
        // Macro average over classes that occur in the truth or the predictions,
        // as scikit-learn does for the labels present.
        let present: Vec<&ClassScore> = per_class
            .iter()
            .enumerate()
            .filter(|(c, s)| s.support > 0 || (0..k).any(|t| confusion[t][*c] > 0))
            .map(|(_, s)| s)
            .collect();
        let macro_f1 = if present.is_empty() {
            0.0
        } else {
            present.iter().map(|s| s.f1).sum::<f64>() / present.len() as f64
        };
        Evaluation {
            n,
            accuracy: ratio(correct as f64, n as f64),
            macro_f1,
            per_class,
            confusion,
        }
    }

    /// A plain-text report: summary, per-class table, confusion matrix.
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = writeln!(s, "documents  {}", self.n);
        let _ = writeln!(s, "accuracy   {:.4}", self.accuracy);
        let _ = writeln!(s, "macro-F1   {:.4}\n", self.macro_f1);
        let w = self
            .per_class
            .iter()
            .map(|c| display_width(&c.label))
            .max()
            .unwrap_or(5)
            .max(5);
        let _ = writeln!(s, "{}  precision  recall      F1  support", pad("class", w));
        for c in &self.per_class {
            let _ = writeln!(
                s,
                "{}  {:>9.3}  {:>6.3}  {:>6.3}  {:>7}",
                pad(&c.label, w),
                c.precision,
                c.recall,
                c.f1,
                c.support
            );
        }
        let _ = writeln!(
            s,
            "\nconfusion matrix (rows: true class, columns: predicted class, numbered as the rows)"
        );
        let head: Vec<String> = (1..=self.confusion.len())
            .map(|i| format!("{i:>5}"))
            .collect();
        let _ = writeln!(s, "{}     {}", pad("", w), head.join(""));
        for (i, (c, row)) in self.per_class.iter().zip(&self.confusion).enumerate() {
            let cells: Vec<String> = row.iter().map(|v| format!("{v:>5}")).collect();
            let _ = writeln!(s, "{} {:>3} {}", pad(&c.label, w), i + 1, cells.join(""));
        }
        s
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

/// Terminal width of a string: CJK and other wide characters count 2.
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF |
        0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Left-align `s` in `w` display columns.
pub fn pad(s: &str, w: usize) -> String {
    let dw = display_width(s);
    format!("{s}{}", " ".repeat(w.saturating_sub(dw)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_hand_computed_scores() {
        let labels = vec!["a".to_string(), "b".to_string()];
        // truth a a b b, predicted a b b b
        let e = Evaluation::new(&labels, &[0, 0, 1, 1], &[0, 1, 1, 1]);
        assert_eq!(e.accuracy, 0.75);
        assert_eq!(e.confusion, vec![vec![1, 1], vec![0, 2]]);
        assert_eq!(e.per_class[0].precision, 1.0);
        assert_eq!(e.per_class[0].recall, 0.5);
        assert!((e.per_class[1].precision - 2.0 / 3.0).abs() < 1e-12);
        let f1a = 2.0 * 0.5 / 1.5;
        let f1b = 2.0 * (2.0 / 3.0) / (2.0 / 3.0 + 1.0);
        assert!((e.macro_f1 - (f1a + f1b) / 2.0).abs() < 1e-12);
        let text = e.to_text();
        assert!(text.contains("macro-F1"));
        // The confusion matrix numbers its columns as its rows.
        let m: Vec<&str> = text
            .lines()
            .skip_while(|l| !l.starts_with("confusion matrix"))
            .skip(1)
            .collect();
        assert_eq!(m[0].split_whitespace().collect::<Vec<_>>(), ["1", "2"]);
        assert_eq!(
            m[1].split_whitespace().collect::<Vec<_>>(),
            ["a", "1", "1", "1"]
        );
        assert_eq!(
            m[2].split_whitespace().collect::<Vec<_>>(),
            ["b", "2", "0", "2"]
        );
        assert_eq!(m[0].rfind('1'), m[1].rfind('1').map(|i| i - 5));
    }
}
