//! Multinomial naive Bayes from linfa-bayes on sparse TF-IDF, kept dense-small.
//!
//! linfa-bayes only takes dense `ndarray` input. A 20k × 50k TF-IDF matrix is
//! 4 GB as f32, so this path (1) keeps the `k` columns with the highest
//! chi-square score against the classes (scikit-learn's `chi2`), and (2)
//! densifies `batch` rows at a time and feeds them to
//! `MultinomialNb::fit_with`, linfa's incremental fit. Prediction densifies in
//! batches the same way. Peak dense memory is `batch × k × 4` bytes.

use linfa::dataset::DatasetBase;
use linfa::traits::FitWith;
use linfa::ParamGuard;
use linfa_bayes::{MultinomialNb, NaiveBayes};
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};
use sprs::CsMat;

use crate::error::{Error, Result};

/// Hyper-parameters of the naive Bayes path.
///
/// | Name | Default | Purpose | Range |
/// |---|---|---|---|
/// | `alpha` | `0.01` | additive smoothing (scikit-learn peer uses 0.01) | > 0 |
/// | `k_features` | `20000` | columns kept by chi-square selection | ≥ 1 |
/// | `batch` | `2048` | rows densified at a time | ≥ 1 |
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NbParams {
    pub alpha: f32,
    pub k_features: usize,
    pub batch: usize,
}

impl Default for NbParams {
    fn default() -> Self {
        NbParams {
            alpha: 0.01,
            k_features: 20_000,
            batch: 2048,
        }
    }
}

/// A fitted naive Bayes model over the selected columns.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NbModel {
    n_classes: usize,
    n_features: usize,
    /// Original column of each selected feature.
    selected: Vec<u32>,
    batch: usize,
    nb: MultinomialNb<f32, usize>,
    #[serde(skip)]
    column_of: Vec<u32>,
}

const DROPPED: u32 = u32::MAX;

impl NbModel {
    /// Fit on CSR rows `x` with one class index per row.
    pub fn fit(
        params: &NbParams,
        x: &CsMat<f32>,
        y: &[usize],
        n_classes: usize,
    ) -> Result<NbModel> {
        if params.alpha.is_nan() || params.alpha <= 0.0 {
            return Err(Error::InvalidParam {
                name: "alpha",
                value: params.alpha.to_string(),
                expected: "a positive smoothing value such as 0.01",
            });
        }
        if params.k_features == 0 || params.batch == 0 {
            return Err(Error::InvalidParam {
                name: "k_features/batch",
                value: format!("{}/{}", params.k_features, params.batch),
                expected: "both at least 1",
            });
        }
        let selected = chi2_select(x, y, n_classes, params.k_features);
        let column_of = column_map(&selected, x.cols());
        let valid = MultinomialNb::<f32, usize>::params()
            .alpha(params.alpha)
            .check()
            .map_err(|e| Error::Data(e.to_string()))?;
        let mut fitted: Option<MultinomialNb<f32, usize>> = None;
        let _quiet = gag::Gag::stderr().ok(); // linfa-bayes 0.8.1 dbg!s every class histogram
        for start in (0..x.rows()).step_by(params.batch) {
            let end = (start + params.batch).min(x.rows());
            let dense = densify(x, &column_of, selected.len(), start, end);
            let targets = Array1::from(y[start..end].to_vec());
            let ds = DatasetBase::new(dense, targets);
            fitted = Some(
                valid
                    .fit_with(fitted, &ds)
                    .map_err(|e| Error::Data(format!("naive Bayes: {e}")))?,
            );
        }
        let nb = fitted.ok_or_else(|| Error::Data("no training samples".into()))?;
        Ok(NbModel {
            n_classes,
            n_features: x.cols(),
            selected,
            batch: params.batch,
            nb,
            column_of,
        })
    }

    /// Rebuild the column map (not stored in model files).
    pub fn rebuild_index(&mut self) {
        self.column_of = column_map(&self.selected, self.n_features);
    }

    pub fn n_selected(&self) -> usize {
        self.selected.len()
    }

    /// Class probabilities, one row per row of `x`, densified in batches.
    ///
    /// From linfa-bayes' joint log-likelihoods, normalised here with the
    /// maximum subtracted first: its own `predict_proba` sums `exp` of the raw
    /// log-likelihoods, which underflow to 0 in `f32` for a long article (a
    /// log-likelihood below about −104), and then returns `inf` for every class.
    pub fn predict_proba(&self, x: &CsMat<f32>) -> Array2<f32> {
        let mut out = Array2::zeros((x.rows(), self.n_classes));
        for start in (0..x.rows()).step_by(self.batch.max(1)) {
            let end = (start + self.batch).min(x.rows());
            let dense = densify(x, &self.column_of, self.selected.len(), start, end);
            let jll = self.nb.joint_log_likelihood(dense.view());
            for i in 0..(end - start) {
                let max = jll.values().map(|l| l[i]).fold(f32::NEG_INFINITY, f32::max);
                let mut total = 0.0;
                for (&&class, l) in &jll {
                    if class < self.n_classes {
                        let p = (l[i] - max).exp();
                        out[[start + i, class]] = p;
                        total += p;
                    }
                }
                if total > 0.0 {
                    out.row_mut(start + i).mapv_inplace(|p| p / total);
                }
            }
        }
        out
    }
}

/// Original column → position among the selected columns (or `DROPPED`).
pub fn column_map(selected: &[u32], n_features: usize) -> Vec<u32> {
    let mut column_of = vec![DROPPED; n_features];
    for (pos, &c) in selected.iter().enumerate() {
        if let Some(slot) = column_of.get_mut(c as usize) {
            *slot = pos as u32;
        }
    }
    column_of
}

/// Rows `start..end` of `x`, restricted to the selected columns, as a dense block.
pub fn densify(
    x: &CsMat<f32>,
    column_of: &[u32],
    k: usize,
    start: usize,
    end: usize,
) -> Array2<f32> {
    let mut dense = Array2::zeros((end - start, k));
    for i in start..end {
        if let Some(row) = x.outer_view(i) {
            for (c, v) in row.iter() {
                match column_of.get(c) {
                    Some(&p) if p != DROPPED => dense[[i - start, p as usize]] = *v,
                    _ => {}
                }
            }
        }
    }
    dense
}

/// Indices of the `k` columns with the highest chi-square statistic
/// (non-negative features against class membership), in ascending order.
pub fn chi2_select(x: &CsMat<f32>, y: &[usize], n_classes: usize, k: usize) -> Vec<u32> {
    let n_cols = x.cols();
    if k >= n_cols {
        return (0..n_cols as u32).collect();
    }
    let mut observed = vec![0.0f64; n_classes * n_cols];
    let mut feature_total = vec![0.0f64; n_cols];
    let mut class_count = vec![0.0f64; n_classes];
    for (i, row) in x.outer_iterator().enumerate() {
        let k_i = y
            .get(i)
            .copied()
            .unwrap_or(0)
            .min(n_classes.saturating_sub(1));
        class_count[k_i] += 1.0;
        for (c, v) in row.iter() {
            observed[k_i * n_cols + c] += f64::from(*v);
            feature_total[c] += f64::from(*v);
        }
    }
    let n = x.rows().max(1) as f64;
    let mut score: Vec<(f64, u32)> = (0..n_cols)
        .map(|c| {
            let mut s = 0.0;
            for k_i in 0..n_classes {
                let e = class_count[k_i] / n * feature_total[c];
                if e > 0.0 {
                    let d = observed[k_i * n_cols + c] - e;
                    s += d * d / e;
                }
            }
            (s, c as u32)
        })
        .collect();
    score.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut keep: Vec<u32> = score.into_iter().take(k).map(|s| s.1).collect();
    keep.sort_unstable();
    keep
}
