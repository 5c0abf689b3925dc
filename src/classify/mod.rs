//! Classifiers over sparse TF-IDF rows, and how they are evaluated.
//!
//! [`ClassifierParams`] picks the algorithm and its hyper-parameters;
//! [`Classifier::fit`] returns a fitted model whose [`Classifier::scores`]
//! gives one score in \[0, 1\] per class. The default is the sparse one-vs-rest
//! linear SVM in [`svm`] (linfa traits, sparse data path); the alternative is
//! linfa-bayes' multinomial naive Bayes in [`nb`] on chi-square-selected,
//! batch-densified columns. `yuqing bench` measured both (see README).

pub mod metrics;
pub mod nb;
pub mod svm;

use linfa::dataset::DatasetBase;
use linfa::traits::Fit;
use ndarray::Array2;
use serde::{Deserialize, Serialize};
use sprs::CsMat;

use crate::error::{Error, Result};
pub use nb::{NbModel, NbParams};
pub use svm::{LinearSvc, LinearSvcParams, SparseRecords};

/// Which learning algorithm to train.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    /// One-vs-rest linear SVM (squared hinge, dual coordinate descent), sparse.
    #[default]
    Svm,
    /// Multinomial naive Bayes (linfa-bayes) on chi-square-selected features.
    Nb,
}

impl std::str::FromStr for Algorithm {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "svm" | "linear-svm" => Ok(Algorithm::Svm),
            "nb" | "bayes" | "naive-bayes" => Ok(Algorithm::Nb),
            other => Err(format!("unknown algorithm '{other}'; use svm or nb")),
        }
    }
}

impl std::fmt::Display for Algorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Algorithm::Svm => "svm",
            Algorithm::Nb => "nb",
        })
    }
}

/// Classifier hyper-parameters.
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `algorithm` | `svm` | see [`Algorithm`] |
/// | `c` | `0.5` | SVM inverse regularisation (> 0) |
/// | `tol` | `0.1` | SVM stopping tolerance (> 0) |
/// | `nb` | see [`NbParams`] | naive Bayes settings |
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassifierParams {
    pub algorithm: Algorithm,
    pub c: f32,
    pub tol: f32,
    pub nb: NbParams,
}

impl Default for ClassifierParams {
    fn default() -> Self {
        ClassifierParams {
            algorithm: Algorithm::Svm,
            c: 0.5,
            tol: 0.1,
            nb: NbParams::default(),
        }
    }
}

/// A fitted classifier of either kind.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Classifier {
    Svm(LinearSvc),
    Nb(NbModel),
}

impl Classifier {
    /// Fit on CSR rows `x`. `targets[[i, k]]` marks every class of sample `i`
    /// (multi-label); `primary[i]` is its main class (used by naive Bayes,
    /// which is single-label).
    pub fn fit(
        params: &ClassifierParams,
        x: &CsMat<f32>,
        targets: &Array2<bool>,
        primary: &[usize],
    ) -> Result<Classifier> {
        if x.rows() != targets.nrows() || x.rows() != primary.len() {
            return Err(Error::Data(format!(
                "{} feature rows, {} target rows and {} labels do not match",
                x.rows(),
                targets.nrows(),
                primary.len()
            )));
        }
        match params.algorithm {
            Algorithm::Svm => {
                let ds = DatasetBase::new(SparseRecords(x.clone()), targets.clone());
                let model = LinearSvc::params().c(params.c).tol(params.tol).fit(&ds)?;
                Ok(Classifier::Svm(model))
            }
            Algorithm::Nb => Ok(Classifier::Nb(NbModel::fit(
                &params.nb,
                x,
                primary,
                targets.ncols(),
            )?)),
        }
    }

    pub fn algorithm(&self) -> Algorithm {
        match self {
            Classifier::Svm(_) => Algorithm::Svm,
            Classifier::Nb(_) => Algorithm::Nb,
        }
    }

    /// The default threshold on [`Classifier::scores`] above which a class
    /// other than the primary one counts as a secondary theme: an SVM margin
    /// of 0 for the SVM, a posterior of 0.25 for naive Bayes.
    pub fn default_threshold(&self) -> f32 {
        match self {
            Classifier::Svm(_) => 0.5,
            Classifier::Nb(_) => 0.25,
        }
    }

    /// Scores in \[0, 1\], one row per row of `x`, one column per class: for
    /// the SVM the logistic of twice the margin (0.5 = on the boundary), for
    /// naive Bayes the posterior probability.
    pub fn scores(&self, x: &CsMat<f32>) -> Array2<f32> {
        match self {
            Classifier::Svm(m) => {
                let mut out = Array2::zeros((x.rows(), m.n_classes()));
                let mut buf = vec![0.0; m.n_classes()];
                for (i, row) in x.outer_iterator().enumerate() {
                    m.decision_row(row.indices(), row.data(), &mut buf);
                    for (k, d) in buf.iter().enumerate() {
                        out[[i, k]] = margin_score(*d);
                    }
                }
                out
            }
            Classifier::Nb(m) => m.predict_proba(x),
        }
    }

    /// Rebuild lookup tables skipped in model files.
    pub fn rebuild_index(&mut self) {
        if let Classifier::Nb(m) = self {
            m.rebuild_index();
        }
    }
}

/// Map an SVM margin to (0, 1): the logistic of twice the margin.
pub fn margin_score(d: f32) -> f32 {
    1.0 / (1.0 + (-2.0 * d).exp())
}

/// Index of the largest value (first on ties); 0 for an empty slice.
pub fn argmax(v: impl IntoIterator<Item = f32>) -> usize {
    let mut best = (0, f32::NEG_INFINITY);
    for (i, x) in v.into_iter().enumerate() {
        if x > best.1 {
            best = (i, x);
        }
    }
    best.0
}
