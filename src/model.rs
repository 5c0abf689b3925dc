//! Training, cross-validation, versioned model files and prediction.
//!
//! A [`Model`] bundles everything prediction needs — segmenter settings (with
//! the domain dictionary), the fitted TF-IDF vocabulary and IDF, the fitted
//! classifier and the class list — so a model file alone classifies text
//! exactly as at training time. Files start with a magic string and a format
//! version; a file from a version this build does not read is refused with
//! [`Error::ModelVersion`], never misread.

use std::io::Read;
use std::path::Path;

use ndarray::Array2;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::classify::metrics::Evaluation;
use crate::classify::{argmax, margin_score, Classifier, ClassifierParams};
use crate::error::{Error, Result};
use crate::features::{Extracted, FittedTfIdf, TfIdfParams};
use crate::labels::{ClassInfo, TrainingSet};
use crate::scorer::{Scorer, Scratch};
use crate::segment::{SegmentParams, Segmenter};

/// Version of the model file layout this build writes (2: the TF-IDF
/// parameters gained `char_scope`; 3: a CRC-32 of the payload follows the
/// version; 4: the margin for deferring words, `lazy_margin`). Version 3
/// files are still read, as models that always segment.
pub const MODEL_FORMAT_VERSION: u32 = 4;
/// The oldest version [`Model::load`] reads.
const OLDEST_READ_VERSION: u32 = 3;
const MAGIC: &[u8; 8] = b"YUQINGMD";

/// Everything that can be tuned for training.
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `tfidf` | [`TfIdfParams::default`] | features |
/// | `classifier` | [`ClassifierParams::default`] | algorithm and its settings |
/// | `folds` | `5` | k of k-fold cross-validation; 0 or 1 = none |
/// | `min_per_class` | `5` | warn when a class has fewer labelled documents |
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainParams {
    pub tfidf: TfIdfParams,
    pub classifier: ClassifierParams,
    pub folds: usize,
    pub min_per_class: usize,
}

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            tfidf: TfIdfParams::default(),
            classifier: ClassifierParams::default(),
            folds: 5,
            min_per_class: 5,
        }
    }
}

/// What training saw and how well it did, saved with the model.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TrainReport {
    pub created: String,
    pub yuqing_version: String,
    pub params: TrainParams,
    /// Labelled documents (not keyword pseudo-documents).
    pub n_docs: usize,
    pub n_pseudo_docs: usize,
    pub n_features: usize,
    /// Per class: (id, documents with it as primary, as secondary).
    pub class_counts: Vec<(String, usize, usize)>,
    /// Classes with fewer labelled documents than `min_per_class`.
    pub warnings: Vec<String>,
    /// k-fold cross-validated evaluation of the primary class, if run.
    pub cross_validation: Option<Evaluation>,
    pub train_seconds: f64,
}

/// The serialised part of a model.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct ModelData {
    classes: Vec<ClassInfo>,
    segment: SegmentParams,
    tfidf: FittedTfIdf,
    classifier: Classifier,
    report: TrainReport,
    /// Label-only prediction segments a text only when its character
    /// n-grams leave the best two classes within this margin
    /// ([`crate::scorer::lazy_margin`]); `None`: always segment.
    lazy_margin: Option<f32>,
}

/// [`ModelData`] as format version 3 wrote it.
#[derive(Deserialize)]
struct ModelDataV3 {
    classes: Vec<ClassInfo>,
    segment: SegmentParams,
    tfidf: FittedTfIdf,
    classifier: Classifier,
    report: TrainReport,
}

/// A trained model, ready to predict.
pub struct Model {
    data: ModelData,
    seg: Segmenter,
    /// The SVM's prediction fast path, compiled on load (not saved).
    scorer: Option<Scorer>,
    /// Seconds [`Model::train`] spent only waiting for jieba's dictionary
    /// to load (0 for a loaded model); not saved.
    dictionary_seconds: f64,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("classes", &self.data.classes)
            .field("algorithm", &self.data.classifier.algorithm())
            .finish()
    }
}

/// The model's verdict on one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    /// Index into [`Model::classes`] of the most likely class.
    pub primary: usize,
    /// Score in \[0, 1\] of every class, in [`Model::classes`] order.
    pub scores: Vec<f32>,
    /// Other classes scoring at or above the threshold, best first.
    pub secondary: Vec<usize>,
}

impl Model {
    /// Train on `set`; cross-validate first when `params.folds >= 2`.
    pub fn train(set: &TrainingSet, params: &TrainParams) -> Result<Model> {
        Model::train_with_progress(set, params, &|_, _| {})
    }

    /// [`Model::train`], calling `progress(done, total)` after each step:
    /// reading the texts, each cross-validation fold, the final fit.
    pub fn train_with_progress(
        set: &TrainingSet,
        params: &TrainParams,
        progress: &dyn Fn(usize, usize),
    ) -> Result<Model> {
        let started = std::time::Instant::now();
        let real_docs = set.docs.iter().filter(|d| !d.pseudo).count();
        let folds = if params.folds >= 2 {
            params.folds.min(real_docs).max(2)
        } else {
            0
        };
        let total = folds + 2;
        validate(set)?;
        let texts: Vec<&str> = set.docs.iter().map(|d| d.text.as_str()).collect();
        let seg_params = SegmentParams {
            user_words: set.user_words.clone(),
            ..SegmentParams::default()
        };
        let (docs, seg, dictionary_seconds) = Extracted::with_segmenter(
            &params.tfidf,
            || segmenter_for(&params.tfidf, seg_params),
            &texts,
        )?;
        let k = set.classes.len();
        let targets = indicator(set, k);
        let primary: Vec<usize> = set.docs.iter().map(|d| d.primary).collect();
        progress(1, total);

        let cross_validation = if folds >= 2 {
            let fold_done = |f: usize| progress(1 + f, total);
            Some(cross_validate(
                set, params, &docs, &targets, &primary, &fold_done,
            )?)
        } else {
            None
        };

        let all: Vec<usize> = (0..set.docs.len()).collect();
        let tfidf = FittedTfIdf::fit(&params.tfidf, &docs, &all)?;
        let x = tfidf.rows(&docs, &all);
        let classifier = Classifier::fit(&params.classifier, &x, &targets, &primary)?;
        let lazy_margin = match &classifier {
            Classifier::Svm(svm) => crate::scorer::lazy_margin(&tfidf, svm, &x),
            Classifier::Nb(_) => None,
        };
        progress(total, total);

        let counts = set.counts();
        let warnings = counts
            .iter()
            .zip(&set.classes)
            .filter(|((p, s), _)| p + s < params.min_per_class)
            .map(|((p, s), c)| {
                format!(
                    "class '{}' ({}) has only {} labelled document(s) ({p} primary, {s} secondary); \
                     predictions for it are unreliable until at least {} are labelled",
                    c.id,
                    c.name,
                    p + s,
                    params.min_per_class
                )
            })
            .collect();
        let report = TrainReport {
            created: chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string(),
            yuqing_version: env!("CARGO_PKG_VERSION").to_string(),
            params: params.clone(),
            n_docs: set.docs.iter().filter(|d| !d.pseudo).count(),
            n_pseudo_docs: set.docs.iter().filter(|d| d.pseudo).count(),
            n_features: tfidf.n_features(),
            class_counts: counts
                .iter()
                .zip(&set.classes)
                .map(|((p, s), c)| (c.id.clone(), *p, *s))
                .collect(),
            warnings,
            cross_validation,
            train_seconds: started.elapsed().as_secs_f64(),
        };
        let mut model = Model::assemble(
            ModelData {
                classes: set.classes.clone(),
                segment: seg.params().clone(),
                tfidf,
                classifier,
                report,
                lazy_margin,
            },
            seg,
        );
        model.dictionary_seconds = dictionary_seconds;
        Ok(model)
    }

    fn assemble(data: ModelData, seg: Segmenter) -> Model {
        let scorer = match &data.classifier {
            Classifier::Svm(svm) => Scorer::new(&data.tfidf, svm),
            Classifier::Nb(_) => None,
        };
        Model {
            data,
            seg,
            scorer,
            dictionary_seconds: 0.0,
        }
    }

    pub fn classes(&self) -> &[ClassInfo] {
        &self.data.classes
    }

    pub fn report(&self) -> &TrainReport {
        &self.data.report
    }

    /// Of the report's `train_seconds`, the time spent only waiting for
    /// jieba's dictionary to load (it loads while character n-grams are
    /// extracted), which the Python peers do before they start their
    /// clocks; 0 for a model loaded from a file.
    pub fn dictionary_seconds(&self) -> f64 {
        self.dictionary_seconds
    }

    pub fn segmenter(&self) -> &Segmenter {
        &self.seg
    }

    pub fn tfidf(&self) -> &FittedTfIdf {
        &self.data.tfidf
    }

    /// The compiled prediction path of an SVM model.
    pub fn scorer(&self) -> Option<&Scorer> {
        self.scorer.as_ref()
    }

    pub fn classifier(&self) -> &Classifier {
        &self.data.classifier
    }

    /// The classifier's default secondary-theme threshold.
    pub fn default_threshold(&self) -> f32 {
        self.data.classifier.default_threshold()
    }

    /// Predict every text, in parallel chunks; `on_chunk` is called with the
    /// number of texts finished in each chunk (for progress bars).
    pub fn predict<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        threshold: Option<f32>,
        on_chunk: &(dyn Fn(usize) + Sync),
    ) -> Vec<Prediction> {
        let threshold = threshold.unwrap_or_else(|| self.default_threshold());
        texts
            .par_chunks(CHUNK)
            .flat_map_iter(|chunk| {
                let preds = self.score_chunk(chunk, false, |scores| {
                    prediction(scores.to_vec(), threshold)
                });
                on_chunk(chunk.len());
                preds
            })
            .collect()
    }

    /// Only the most likely class of each text (what a `predict` of
    /// scikit-learn returns): no per-class scores are kept. A model with a
    /// [`Model::lazy_margin`] segments only the texts whose characters leave
    /// the label in doubt.
    pub fn predict_labels<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<usize> {
        self.predict_labels_counted(texts, false).0
    }

    /// [`Model::predict_labels`], and how many texts were segmented. With
    /// `exact`, every text is (as [`Model::predict`] does), whatever the
    /// model's [`Model::lazy_margin`].
    pub fn predict_labels_counted<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        exact: bool,
    ) -> (Vec<usize>, usize) {
        let margin = self.lazy_margin().filter(|_| !exact);
        let (Some(scorer), Some(margin)) = (&self.scorer, margin) else {
            let labels: Vec<usize> = texts
                .par_chunks(CHUNK)
                .flat_map_iter(|chunk| {
                    self.score_chunk(chunk, true, |scores| argmax(scores.iter().copied()))
                })
                .collect();
            let segmented = if self.data.tfidf.params().segments() {
                texts.len()
            } else {
                0
            };
            return (labels, segmented);
        };
        let (labels, segmented): (Vec<Vec<usize>>, Vec<usize>) = texts
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut scratch = Scratch::default();
                let mut margins = vec![0.0; scorer.n_classes()];
                let mut segmented = 0;
                let labels = chunk
                    .iter()
                    .map(|t| {
                        segmented += usize::from(scorer.decision_deferring_words(
                            &self.seg,
                            t.as_ref(),
                            &mut scratch,
                            &mut margins,
                            margin,
                        ));
                        argmax(margins.iter().copied())
                    })
                    .collect();
                (labels, segmented)
            })
            .unzip();
        (labels.concat(), segmented.iter().sum())
    }

    /// The margin below which label-only prediction segments a text (see
    /// [`crate::scorer::Scorer::decision_deferring_words`]); `None` when it
    /// always does, or never needs to.
    pub fn lazy_margin(&self) -> Option<f32> {
        self.data.lazy_margin
    }

    /// Score each text of `chunk` and map its per-class scores with `f`. The
    /// SVM path goes through the compiled [`Scorer`] with reused buffers and
    /// never allocates per text; with `raw` it passes margins (same argmax,
    /// no `exp`), otherwise scores in \[0, 1\]. Naive Bayes densifies the
    /// chunk and passes posteriors.
    fn score_chunk<S: AsRef<str>, T>(
        &self,
        chunk: &[S],
        raw: bool,
        f: impl Fn(&[f32]) -> T,
    ) -> Vec<T> {
        match &self.scorer {
            Some(scorer) => {
                let mut scratch = Scratch::default();
                let mut margins = vec![0.0; scorer.n_classes()];
                chunk
                    .iter()
                    .map(|t| {
                        scorer.decision(&self.seg, t.as_ref(), &mut scratch, &mut margins);
                        if !raw {
                            margins.iter_mut().for_each(|m| *m = margin_score(*m));
                        }
                        f(&margins)
                    })
                    .collect()
            }
            None => {
                let x = self.data.tfidf.transform_serial(&self.seg, chunk);
                let scores = self.data.classifier.scores(&x);
                scores
                    .outer_iter()
                    .map(|r| match r.as_slice() {
                        Some(row) => f(row),
                        None => f(&r.to_vec()),
                    })
                    .collect()
            }
        }
    }

    /// Write the model atomically (temporary file, then rename): magic,
    /// format version, CRC-32 of the payload, payload.
    pub fn save(&self, path: &Path) -> Result<()> {
        let payload = postcard::to_stdvec(&self.data)
            .map_err(|e| Error::format(path, format!("cannot encode model: {e}")))?;
        crate::io::write_atomic(path, |w| {
            w.write_all(MAGIC).map_err(crate::io::io_err(path))?;
            w.write_all(&MODEL_FORMAT_VERSION.to_le_bytes())
                .map_err(crate::io::io_err(path))?;
            w.write_all(&crc32fast::hash(&payload).to_le_bytes())
                .map_err(crate::io::io_err(path))?;
            w.write_all(&payload).map_err(crate::io::io_err(path))
        })
    }

    /// Read a model file, refusing other formats and versions.
    pub fn load(path: &Path) -> Result<Model> {
        let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)
            .map_err(|e| Error::io(path, e))?;
        if bytes.is_empty() {
            return Err(Error::format(
                path,
                "the model file is empty (0 bytes): writing or copying it was interrupted; copy it again, or retrain it with `yuqing train`",
            ));
        }
        if bytes.len() < 16 && MAGIC.starts_with(&bytes[..bytes.len().min(8)]) {
            return Err(Error::format(
                path,
                format!("model file is damaged (it ends after {} bytes, within its header); copy it again from where it came from, or retrain it with `yuqing train`", bytes.len()),
            ));
        }
        if bytes.len() < 12 || &bytes[..8] != MAGIC {
            return Err(Error::format(
                path,
                "not a yuqing model file; train one with `yuqing train` or use models/theme.model",
            ));
        }
        let version = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
        if !(OLDEST_READ_VERSION..=MODEL_FORMAT_VERSION).contains(&version) {
            return Err(Error::ModelVersion {
                path: path.to_path_buf(),
                found: version,
                oldest: OLDEST_READ_VERSION,
                newest: MODEL_FORMAT_VERSION,
            });
        }
        // A bad copy or a failing disk damages bytes in the middle, which
        // postcard may still decode into a model that labels differently.
        let damaged = |why: &str| {
            Error::format(
                path,
                format!("model file is damaged ({why}); copy it again from where it came from, or retrain it with `yuqing train`"),
            )
        };
        let Some(sum) = bytes.get(12..16) else {
            return Err(damaged("it ends after its header"));
        };
        let sum = u32::from_le_bytes([sum[0], sum[1], sum[2], sum[3]]);
        if crc32fast::hash(&bytes[16..]) != sum {
            return Err(damaged("its checksum does not match its contents"));
        }
        let payload = &bytes[16..];
        let mut data: ModelData = if version == 3 {
            let v3: ModelDataV3 =
                postcard::from_bytes(payload).map_err(|e| damaged(&e.to_string()))?;
            ModelData {
                classes: v3.classes,
                segment: v3.segment,
                tfidf: v3.tfidf,
                classifier: v3.classifier,
                report: v3.report,
                lazy_margin: None,
            }
        } else {
            postcard::from_bytes(payload).map_err(|e| damaged(&e.to_string()))?
        };
        data.classifier.rebuild_index();
        let seg = segmenter_for(data.tfidf.params(), data.segment.clone());
        Ok(Model::assemble(data, seg))
    }
}

/// The segmenter features of `tfidf` need: without words nothing is
/// segmented, and jieba's dictionary is never loaded.
fn segmenter_for(tfidf: &TfIdfParams, seg: SegmentParams) -> Segmenter {
    match tfidf.segments() {
        true => Segmenter::new(seg),
        false => Segmenter::lazy(seg),
    }
}

fn validate(set: &TrainingSet) -> Result<()> {
    let real = set.docs.iter().filter(|d| !d.pseudo).count();
    if real == 0 {
        return Err(Error::Data("no labelled documents".into()));
    }
    if set.classes.len() < 2 {
        return Err(Error::Data(format!(
            "only {} class; a classifier needs at least two",
            set.classes.len()
        )));
    }
    let mut seen = vec![false; set.classes.len()];
    for d in &set.docs {
        if d.primary >= set.classes.len() || d.classes.iter().any(|&c| c >= set.classes.len()) {
            return Err(Error::Data(
                "a document refers to a class that does not exist".into(),
            ));
        }
        seen[d.primary] = true;
    }
    if seen.iter().filter(|s| **s).count() < 2 {
        return Err(Error::Data(
            "every document has the same class; label documents of at least two classes".into(),
        ));
    }
    Ok(())
}

fn indicator(set: &TrainingSet, k: usize) -> Array2<bool> {
    let mut y = Array2::from_elem((set.docs.len(), k), false);
    for (i, d) in set.docs.iter().enumerate() {
        for &c in &d.classes {
            y[[i, c]] = true;
        }
    }
    y
}

/// Texts per parallel work item: large enough to amortise scheduling,
/// small enough for a smooth progress bar.
const CHUNK: usize = 256;

fn prediction(scores: Vec<f32>, threshold: f32) -> Prediction {
    let primary = argmax(scores.iter().copied());
    let mut secondary: Vec<usize> = (0..scores.len())
        .filter(|&k| k != primary && scores[k] >= threshold)
        .collect();
    secondary.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    Prediction {
        primary,
        scores,
        secondary,
    }
}

/// Stratified k-fold cross-validation of the primary class. Keyword
/// pseudo-documents are always in the training folds and never evaluated.
fn cross_validate(
    set: &TrainingSet,
    params: &TrainParams,
    docs: &Extracted,
    targets: &Array2<bool>,
    primary: &[usize],
    fold_done: &dyn Fn(usize),
) -> Result<Evaluation> {
    let real: Vec<usize> = (0..set.docs.len())
        .filter(|&i| !set.docs[i].pseudo)
        .collect();
    let folds = params.folds.min(real.len()).max(2);
    // Deal each class's documents round-robin over the folds.
    let mut fold_of = vec![usize::MAX; set.docs.len()];
    let mut next = 0;
    for c in 0..set.classes.len() {
        for &i in real.iter().filter(|&&i| primary[i] == c) {
            fold_of[i] = next % folds;
            next += 1;
        }
    }
    let mut truth = Vec::new();
    let mut predicted = Vec::new();
    for f in 0..folds {
        let test: Vec<usize> = real.iter().copied().filter(|&i| fold_of[i] == f).collect();
        let train: Vec<usize> = (0..set.docs.len()).filter(|&i| fold_of[i] != f).collect();
        if test.is_empty() {
            continue;
        }
        let train_primary: Vec<usize> = train.iter().map(|&i| primary[i]).collect();
        let mut distinct = train_primary.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let pred: Vec<usize> = if distinct.len() < 2 {
            // A fold whose training part has one class predicts that class.
            vec![distinct.first().copied().unwrap_or(0); test.len()]
        } else {
            let tfidf = match FittedTfIdf::fit(&params.tfidf, docs, &train) {
                Ok(t) => t,
                // Too few documents for min_df in this fold: fall back to min_df 1.
                Err(Error::Data(_)) => FittedTfIdf::fit(
                    &TfIdfParams {
                        min_df: 1,
                        ..params.tfidf.clone()
                    },
                    docs,
                    &train,
                )?,
                Err(e) => return Err(e),
            };
            let x = tfidf.rows(docs, &train);
            let y = targets.select(ndarray::Axis(0), &train);
            let clf = Classifier::fit(&params.classifier, &x, &y, &train_primary)?;
            let scores = clf.scores(&tfidf.rows(docs, &test));
            scores
                .outer_iter()
                .map(|r| argmax(r.iter().copied()))
                .collect()
        };
        truth.extend(test.iter().map(|&i| primary[i]));
        predicted.extend(pred);
        fold_done(f + 1);
    }
    let labels: Vec<String> = set.classes.iter().map(|c| c.id.clone()).collect();
    Ok(Evaluation::new(&labels, &truth, &predicted))
}
