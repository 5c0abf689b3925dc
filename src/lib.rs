//! # yuqing (舆情)
//!
//! Theme classification and trend charts for China's health-informatics
//! public-opinion monitoring reports (全国卫生信息化舆情监测周报/月报).
//!
//! Data flows one way, one module per step:
//!
//! ```text
//! report files ──corpus──▶ Issue/Article ──segment──▶ tokens ──features──▶ TF-IDF rows
//!     ──classify/model──▶ Prediction ──classified──▶ records ──trend──▶ TrendTable ──chart──▶ PNG
//! ```
//!
//! - [`corpus`]: read `.txt`/`.md`/`.pdf`/`.docx` reports (UTF-8, GBK, UTF-16) into [`Report`]s.
//! - [`segment`]: jieba-rs with the domain dictionary.
//! - [`features`]: sparse TF-IDF with IDF fitted on the training set.
//! - [`classify`]: sparse linear SVM behind linfa's traits, or linfa-bayes naive Bayes.
//! - [`scorer`]: the prediction fast path, TF-IDF and linear SVM folded into lookup tables.
//! - [`model`]: training, cross-validation, versioned model files, prediction.
//! - [`labels`]: the theme taxonomy and labelled articles (human-editable).
//! - [`classified`], [`trend`], [`chart`], [`briefing`]: outputs (JSONL/CSV, PNG, Markdown).

pub mod briefing;
pub mod chart;
pub mod classified;
pub mod classify;
pub mod corpus;
pub mod error;
pub mod features;
pub mod io;
pub mod labels;
pub mod model;
mod prefetch;
pub mod scorer;
pub mod segment;
pub mod trend;

pub use classified::ClassifiedRecord;
pub use classify::{Algorithm, ClassifierParams};
pub use corpus::{Article, CorpusRecord, Issue, Report, Series, Warning, WarningKind};
pub use error::{Error, Result};
pub use features::TfIdfParams;
pub use labels::{LabelSet, Theme, TrainingSet};
pub use model::{Model, Prediction, TrainParams};
pub use segment::{SegmentParams, Segmenter};
pub use trend::{TrendParams, TrendTable};
