//! TF-IDF features from segmented text, as sparse rows.
//!
//! The IDF table is fitted once, on the training set, and saved in the model;
//! [`FittedTfIdf::transform`] never recomputes it (linfa-preprocessing's
//! `TfIdfVectorizer::transform` does, which is why yuqing has its own).
//! Terms are word unigrams, optional word bigrams and optional character
//! n-grams. Each term is identified by a 64-bit hash of its (ASCII-lowercased)
//! text, so looking up a token at prediction time allocates nothing; the term
//! strings are kept only to explain models.
//!
//! Weights follow scikit-learn's `TfidfVectorizer(sublinear_tf=True)`:
//! `tf' = 1 + ln(tf)`, `idf = ln((1 + n) / (1 + df)) + 1`, rows L2-normalised.
//!
//! Character n-grams are taken either along runs of the text, across word
//! boundaries ([`CharScope::Text`], the default, scikit-learn's scheme) or
//! inside each jieba word ([`CharScope::Word`]). Under
//! `Word`, a word and the character n-grams inside it form one *unit*: the
//! row of a document is the sum of its distinct units' TF-IDF vectors, each
//! weighted by `tf'` of the unit's count, scaled by
//! `1 / sqrt(sum of tf'^2 * |unit vector|^2)` (the L2 norm if no two units
//! shared a column). A unit's vector then depends on the word alone, so a
//! linear model's score of every known word can be computed once, when the
//! model is loaded ([`crate::scorer`]): one lookup per word instead of one per
//! character n-gram. Prediction is about a fifth faster; on nlpcc2017 it
//! costs 0.3 points of macro-F1 against `Text`, and on long articles, where
//! units share many characters and the row norm is further from the true L2
//! norm, 0.7–1.7 points (BENCHMARKS.md), so `Text` stays the default.

use std::sync::OnceLock;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use sprs::CsMat;

use crate::error::{Error, Result};
use crate::segment::Segmenter;

/// TF-IDF hyper-parameters (unchecked). Call [`TfIdfParams::check`] or let
/// [`FittedTfIdf::fit`] do it.
///
/// | Name | Default | Purpose | Range |
/// |---|---|---|---|
/// | `sublinear_tf` | `true` | use `1 + ln(tf)` instead of raw counts | |
/// | `min_df` | `2` | drop terms seen in fewer documents | ≥ 1 |
/// | `max_df` | `1.0` | drop terms in more than this share of documents | (0, 1] |
/// | `word_ngrams` | `1` | 0 = no words (character n-grams only, no segmentation), 1 = words, 2 = words and adjacent word pairs | 0–2 |
/// | `char_ngrams` | `Some((1, 2))` | also character n-grams, `(min, max)` | 1 ≤ min ≤ max ≤ 5 |
/// | `char_scope` | `Text` | n-grams along the text, or inside each word | [`CharScope`] |
/// | `max_features` | `None` | keep only the most frequent terms | ≥ 1 |
///
/// # Errors
/// [`Error::InvalidParam`] naming the field when a value is out of range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TfIdfParams {
    pub sublinear_tf: bool,
    pub min_df: usize,
    pub max_df: f32,
    pub word_ngrams: u8,
    pub char_ngrams: Option<(u8, u8)>,
    pub char_scope: CharScope,
    pub max_features: Option<usize>,
}

/// Where character n-grams are taken (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum CharScope {
    /// Along runs of letters and digits, across word boundaries.
    #[default]
    Text,
    /// Inside each jieba word; a word and its n-grams are one unit.
    Word,
}

impl Default for TfIdfParams {
    fn default() -> Self {
        TfIdfParams {
            sublinear_tf: true,
            min_df: 2,
            max_df: 1.0,
            word_ngrams: 1,
            char_ngrams: Some((1, 2)),
            char_scope: CharScope::Text,
            max_features: None,
        }
    }
}

impl TfIdfParams {
    /// Whether documents are read as units (a word with the character
    /// n-grams inside it): [`CharScope::Word`] with character n-grams on.
    pub(crate) fn by_unit(&self) -> bool {
        self.char_scope == CharScope::Word && self.char_ngrams.is_some()
    }

    /// Whether words are features, so that texts are segmented: not with
    /// `word_ngrams` 0 (character n-grams only).
    pub fn segments(&self) -> bool {
        self.word_ngrams > 0
    }

    /// Whether label-only prediction can put off segmenting a text
    /// ([`crate::scorer::Scorer::decision_deferring_words`]): words are
    /// features, and character n-grams are taken along the text.
    pub fn can_defer_words(&self) -> bool {
        self.segments() && self.char_ngrams.is_some() && !self.by_unit()
    }

    pub fn check(&self) -> Result<()> {
        if self.min_df == 0 {
            return Err(Error::InvalidParam {
                name: "min_df",
                value: "0".into(),
                expected: "at least 1 (documents a term must appear in)",
            });
        }
        if !(self.max_df > 0.0 && self.max_df <= 1.0) {
            return Err(Error::InvalidParam {
                name: "max_df",
                value: self.max_df.to_string(),
                expected: "a share of documents in (0, 1]",
            });
        }
        if self.word_ngrams > 2 {
            return Err(Error::InvalidParam {
                name: "word_ngrams",
                value: self.word_ngrams.to_string(),
                expected: "0 (no words), 1 (words) or 2 (words and word pairs)",
            });
        }
        if !self.segments() && (self.char_ngrams.is_none() || self.by_unit()) {
            return Err(Error::InvalidParam {
                name: "word_ngrams",
                value: "0".into(),
                expected: "words (1 or 2) unless character n-grams are taken along the text",
            });
        }
        if let Some((lo, hi)) = self.char_ngrams {
            if lo == 0 || lo > hi || hi > 5 {
                return Err(Error::InvalidParam {
                    name: "char_ngrams",
                    value: format!("{lo}-{hi}"),
                    expected: "a range like 1-2 or 2-3 with 1 <= min <= max <= 5",
                });
            }
        }
        if self.max_features == Some(0) {
            return Err(Error::InvalidParam {
                name: "max_features",
                value: "0".into(),
                expected: "at least 1, or unset for no limit",
            });
        }
        Ok(())
    }
}

/// A fitted vectorizer: vocabulary, IDF, and the parameters it was fitted with.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FittedTfIdf {
    params: TfIdfParams,
    /// Term hash of each feature column.
    hashes: Vec<u64>,
    /// Readable term of each column (`词`, `词1 词2`, `「字串」`).
    terms: Vec<String>,
    idf: Vec<f32>,
    /// Number of documents the IDF was fitted on.
    n_docs: usize,
    /// Built on first use (not stored in model files): a loaded SVM model
    /// predicts through [`crate::scorer::Scorer`], which has its own tables,
    /// so the table is built only for naive Bayes or the general path.
    #[serde(skip)]
    index: OnceLock<TermTable>,
}

/// Term hash → (column, idf) as one open-addressing table indexed directly by
/// the (already well-mixed) hash: a lookup touches one cache line, where a
/// general hash map plus a separate IDF array touch three. This lookup is
/// most of the per-token cost of prediction beyond segmentation.
#[derive(Debug, Clone, Default)]
struct TermTable {
    slots: Vec<Slot>,
    mask: usize,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    hash: u64,
    col: u32,
    idf: f32,
}

const EMPTY: u32 = u32::MAX;

impl TermTable {
    fn build(hashes: &[u64], idf: &[f32]) -> TermTable {
        let size = (hashes.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![
            Slot {
                hash: 0,
                col: EMPTY,
                idf: 0.0
            };
            size
        ];
        let mask = size - 1;
        for (col, (&h, &w)) in hashes.iter().zip(idf).enumerate() {
            let mut i = h as usize & mask;
            while slots[i].col != EMPTY {
                i = (i + 1) & mask;
            }
            slots[i] = Slot {
                hash: h,
                col: col as u32,
                idf: w,
            };
        }
        TermTable { slots, mask }
    }

    /// Ask the CPU to start loading the slot of `h` (see [`crate::prefetch`]).
    #[inline(always)]
    fn prefetch(&self, h: u64) {
        if let Some(s) = self.slots.get(h as usize & self.mask) {
            crate::prefetch::read(s);
        }
    }

    #[inline]
    fn get(&self, h: u64) -> Option<(u32, f32)> {
        if self.slots.is_empty() {
            return None;
        }
        let mut i = h as usize & self.mask;
        loop {
            let s = self.slots[i];
            if s.col == EMPTY {
                return None;
            }
            if s.hash == h {
                return Some((s.col, s.idf));
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// Per-document term hashes: the intermediate between text and a TF-IDF row.
pub type DocTerms = Vec<u64>;

/// Documents segmented once into term hashes, with a readable name for every
/// distinct term: what [`FittedTfIdf::fit`] and [`FittedTfIdf::rows`] work on.
#[derive(Debug, Clone)]
pub struct Extracted {
    terms: Vec<DocTerms>,
    names: FxHashMap<u64, String>,
}

impl Extracted {
    /// Segment and hash every text (in parallel).
    pub fn new<S: AsRef<str> + Sync>(
        params: &TfIdfParams,
        seg: &Segmenter,
        texts: &[S],
    ) -> Result<Extracted> {
        params.check()?;
        let extractor = Extractor { params, seg };
        Ok(Self::collect(texts, |t, sink| extractor.terms(t, sink)))
    }

    /// [`Extracted::new`] with the segmenter built by `make_seg` on another
    /// thread while the character n-grams, which need no segmenter, are
    /// extracted: loading jieba's dictionary keeps one core busy for about
    /// 0.1 s, and the other would otherwise wait. Returns the extracted
    /// terms (the same as [`Extracted::new`]'s), the segmenter, and the
    /// seconds spent waiting for it after the character n-grams were done.
    pub fn with_segmenter<S: AsRef<str> + Sync>(
        params: &TfIdfParams,
        make_seg: impl FnOnce() -> Segmenter + Send,
        texts: &[S],
    ) -> Result<(Extracted, Segmenter, f64)> {
        params.check()?;
        if params.by_unit() {
            // Character n-grams come from words here: nothing to overlap.
            let waiting = std::time::Instant::now();
            let seg = make_seg();
            let waited = waiting.elapsed().as_secs_f64();
            return Ok((Self::new(params, &seg, texts)?, seg, waited));
        }
        let (chars, seg, waited) = std::thread::scope(|scope| {
            let loading = scope.spawn(make_seg);
            let chars = params.char_ngrams.map(|(lo, hi)| {
                Self::collect(texts, |t, sink| {
                    char_ngrams(t, lo as usize, hi as usize, sink)
                })
            });
            let waiting = std::time::Instant::now();
            let seg = match loading.join() {
                Ok(seg) => seg,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            (chars, seg, waiting.elapsed().as_secs_f64())
        });
        let extractor = Extractor { params, seg: &seg };
        let mut docs = Self::collect(texts, |t, sink| extractor.word_terms(t, sink));
        if let Some(chars) = chars {
            // Words first, then character n-grams: the order of Extracted::new.
            for (terms, c) in docs.terms.iter_mut().zip(chars.terms) {
                terms.extend(c);
            }
            for (h, name) in chars.names {
                docs.names.entry(h).or_insert(name);
            }
        }
        Ok((docs, seg, waited))
    }

    /// Run `f` on every text, in parallel chunks, collecting term hashes and
    /// names.
    fn collect<S: AsRef<str> + Sync>(
        texts: &[S],
        f: impl Fn(&str, &mut Collect<'_>) + Sync,
    ) -> Extracted {
        // One name table per chunk of documents, so a term's readable name
        // is formatted once per chunk rather than once per document.
        let chunk = texts
            .len()
            .div_ceil(4 * rayon::current_num_threads())
            .max(64);
        let per_chunk: Vec<(Vec<DocTerms>, FxHashMap<u64, String>)> = texts
            .par_chunks(chunk)
            .map(|docs| {
                let mut names = FxHashMap::default();
                let terms = docs
                    .iter()
                    .map(|t| {
                        let mut hashes = Vec::new();
                        f(
                            t.as_ref(),
                            &mut Collect {
                                out: &mut hashes,
                                names: &mut names,
                            },
                        );
                        hashes
                    })
                    .collect();
                (terms, names)
            })
            .collect();
        let mut names = FxHashMap::default();
        let mut terms = Vec::with_capacity(texts.len());
        for (t, n) in per_chunk {
            terms.extend(t);
            if names.is_empty() {
                names = n;
                continue;
            }
            for (h, s) in n {
                names.entry(h).or_insert(s);
            }
        }
        Extracted { terms, names }
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

impl FittedTfIdf {
    /// Segment `texts`, fit vocabulary and IDF on them, and return the fitted
    /// vectorizer together with the TF-IDF matrix of the same texts (each text
    /// is segmented once).
    ///
    /// # Errors
    /// [`Error::InvalidParam`] for bad parameters; [`Error::Data`] when no
    /// document is given or no term survives `min_df`/`max_df`.
    pub fn fit_transform<S: AsRef<str> + Sync>(
        params: &TfIdfParams,
        seg: &Segmenter,
        texts: &[S],
    ) -> Result<(FittedTfIdf, CsMat<f32>)> {
        let docs = Extracted::new(params, seg, texts)?;
        let all: Vec<usize> = (0..docs.len()).collect();
        let fitted = FittedTfIdf::fit(params, &docs, &all)?;
        let x = fitted.rows(&docs, &all);
        Ok((fitted, x))
    }

    /// Fit vocabulary and IDF on the documents `subset` of `docs` (e.g. the
    /// training folds of a cross-validation).
    pub fn fit(params: &TfIdfParams, docs: &Extracted, subset: &[usize]) -> Result<FittedTfIdf> {
        params.check()?;
        if subset.is_empty() {
            return Err(Error::Data("no documents to fit TF-IDF on".into()));
        }
        let n = subset.len();
        let df = subset
            .par_iter()
            .fold(FxHashMap::<u64, u32>::default, |mut acc, &i| {
                let mut uniq = docs.terms[i].clone();
                uniq.sort_unstable();
                uniq.dedup();
                for h in uniq {
                    *acc.entry(h).or_insert(0) += 1;
                }
                acc
            })
            .reduce(FxHashMap::default, |mut a, b| {
                for (h, c) in b {
                    *a.entry(h).or_insert(0) += c;
                }
                a
            });
        let max_df = (params.max_df as f64 * n as f64).floor().max(1.0) as u32;
        let mut kept: Vec<(u64, u32, &str)> = df
            .into_iter()
            .filter(|(h, c)| *h != UNIT_END && *c as usize >= params.min_df && *c <= max_df)
            .map(|(h, c)| (h, c, docs.names.get(&h).map(String::as_str).unwrap_or("")))
            .collect();
        if kept.is_empty() {
            return Err(Error::Data(format!(
                "no term appears in at least {} of the {n} documents; lower --min-df or add documents",
                params.min_df
            )));
        }
        // Most frequent first (ties by text, then hash) so max_features keeps
        // the common terms and column order is reproducible run to run.
        kept.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.2.cmp(b.2)).then(a.0.cmp(&b.0)));
        if let Some(m) = params.max_features {
            kept.truncate(m);
        }
        let fitted = FittedTfIdf {
            params: params.clone(),
            hashes: kept.iter().map(|k| k.0).collect(),
            terms: kept.iter().map(|k| k.2.to_string()).collect(),
            idf: kept
                .iter()
                .map(|k| (((1 + n) as f64 / (1 + k.1) as f64).ln() + 1.0) as f32)
                .collect(),
            n_docs: n,
            index: OnceLock::new(),
        };
        Ok(fitted)
    }

    /// TF-IDF rows of the documents `subset` of `docs`, in that order.
    pub fn rows(&self, docs: &Extracted, subset: &[usize]) -> CsMat<f32> {
        let rows: Vec<(Vec<usize>, Vec<f32>)> = subset
            .par_iter()
            .map(|&i| self.weigh(&docs.terms[i]))
            .collect();
        assemble(rows, self.n_features())
    }

    /// The hash → (column, IDF) table, built on first use.
    fn index(&self) -> &TermTable {
        self.index
            .get_or_init(|| TermTable::build(&self.hashes, &self.idf))
    }

    pub fn n_features(&self) -> usize {
        self.hashes.len()
    }

    pub fn n_docs(&self) -> usize {
        self.n_docs
    }

    pub fn params(&self) -> &TfIdfParams {
        &self.params
    }

    /// Term hash of every feature column.
    pub(crate) fn hashes(&self) -> &[u64] {
        &self.hashes
    }

    /// IDF of every feature column.
    pub(crate) fn idf(&self) -> &[f32] {
        &self.idf
    }

    /// The readable term of feature column `i`.
    pub fn term(&self, i: usize) -> Option<&str> {
        self.terms.get(i).map(String::as_str)
    }

    /// TF-IDF row of one text: sorted column indices and weights, L2-normalised.
    pub fn transform_one(&self, seg: &Segmenter, text: &str) -> (Vec<usize>, Vec<f32>) {
        let mut row = Row::default();
        self.transform_into(seg, text, &mut row);
        (row.idx, row.val)
    }

    /// The TF-IDF row of `text` into `row` with columns ascending, reusing
    /// its buffers.
    pub fn transform_into(&self, seg: &Segmenter, text: &str, row: &mut Row) {
        self.transform_unordered_into(seg, text, row);
        row.sort();
    }

    /// The TF-IDF row of `text` into `row`, each column once but in no
    /// particular order: what a linear scorer needs (a dot product does not
    /// care about order), without the sort. This is the prediction path: the
    /// document's term hashes are collected, all their table slots are
    /// prefetched, then looked up; repeats are merged in a small
    /// per-document table, and nothing is allocated once `row` has grown.
    pub fn transform_unordered_into(&self, seg: &Segmenter, text: &str, row: &mut Row) {
        let mut hashes = std::mem::take(&mut row.hashes);
        hashes.clear();
        Extractor {
            params: &self.params,
            seg,
        }
        .terms(text, &mut Hashes { out: &mut hashes });
        self.weigh_into(&hashes, row);
        row.hashes = hashes;
    }

    /// TF-IDF matrix of `texts` on the calling thread (callers parallelise
    /// over chunks).
    pub fn transform_serial<S: AsRef<str>>(&self, seg: &Segmenter, texts: &[S]) -> CsMat<f32> {
        let mut row = Row::default();
        let rows = texts
            .iter()
            .map(|t| {
                self.transform_into(seg, t.as_ref(), &mut row);
                (row.idx.clone(), row.val.clone())
            })
            .collect();
        assemble(rows, self.n_features())
    }

    /// TF-IDF matrix (CSR, one row per text), in parallel.
    pub fn transform<S: AsRef<str> + Sync>(&self, seg: &Segmenter, texts: &[S]) -> CsMat<f32> {
        let rows: Vec<(Vec<usize>, Vec<f32>)> = texts
            .par_iter()
            .map_init(Row::default, |row, t| {
                self.transform_into(seg, t.as_ref(), row);
                (row.idx.clone(), row.val.clone())
            })
            .collect();
        assemble(rows, self.n_features())
    }

    /// Turn term hashes into a weighted, normalised sparse row, columns ascending.
    fn weigh(&self, hashes: &[u64]) -> (Vec<usize>, Vec<f32>) {
        let mut row = Row::default();
        self.weigh_into(hashes, &mut row);
        row.sort();
        (row.idx, row.val)
    }

    /// Term hashes to an unordered row: all their table slots are prefetched,
    /// then looked up, repeats counted, and the counts weighted.
    fn weigh_into(&self, hashes: &[u64], row: &mut Row) {
        let index = self.index();
        for &h in hashes {
            index.prefetch(h);
        }
        if self.params.by_unit() {
            self.weigh_units_into(hashes, row);
            return;
        }
        row.begin();
        for &h in hashes {
            if let Some((col, idf)) = index.get(h) {
                row.add(col, idf);
            }
        }
        row.finish(self.params.sublinear_tf);
    }

    /// [`Self::weigh_into`] for [`CharScope::Word`]: `hashes` is a sequence
    /// of units, each ended by [`UNIT_END`] and named by its first hash (its
    /// word or word pair). Repeats of a unit are counted; each distinct
    /// unit adds `tf'(count) · count_in_unit · idf` to each of its columns,
    /// and `tf'(count)² · |unit vector|²` to the squared norm.
    fn weigh_units_into(&self, hashes: &[u64], row: &mut Row) {
        let index = self.index();
        let sublinear = self.params.sublinear_tf;
        let Row {
            idx,
            val,
            counts,
            units,
            spans,
            local,
            idf,
            ..
        } = row;
        units.begin();
        spans.clear();
        let mut start = 0;
        for (i, &h) in hashes.iter().enumerate() {
            if h == UNIT_END {
                if i > start && units.add(hashes[start]) {
                    spans.push((start, i));
                }
                start = i + 1;
            }
        }
        counts.begin();
        let mut norm = 0.0f32;
        for (&count, &(s, e)) in units.counts.iter().zip(spans.iter()) {
            let a = tf_weight(count, sublinear);
            local.begin();
            idf.clear();
            for &h in &hashes[s..e] {
                if let Some((col, w)) = index.get(h) {
                    if local.add(col) {
                        idf.push(w);
                    }
                }
            }
            let mut n = 0.0f32;
            for ((&col, &c), &w) in local.cols.iter().zip(&local.counts).zip(idf.iter()) {
                let v = c * w;
                n += v * v;
                counts.add_value(col, a * v);
            }
            norm += a * a * n;
        }
        idx.clear();
        idx.extend(counts.cols.iter().map(|&c| c as usize));
        val.clear();
        let inv = if norm > 0.0 { 1.0 / norm.sqrt() } else { 0.0 };
        val.extend(counts.counts.iter().map(|v| v * inv));
    }
}

/// `tf'` of a count: `1 + ln(tf)` under sublinear TF, else the count.
#[inline(always)]
pub(crate) fn tf_weight(count: f32, sublinear: bool) -> f32 {
    // 1 + ln(1) = 1: skip the logarithm for the common single occurrence.
    if count > 1.0 && sublinear {
        1.0 + count.ln()
    } else {
        count
    }
}

/// Ends a unit (a word and its character n-grams, or a word pair) among a
/// document's term hashes under [`CharScope::Word`]; never a feature.
pub(crate) const UNIT_END: u64 = u64::MAX;

/// Occurrences of columns in one document: its distinct columns in
/// first-seen order, with their counts. The index is an open-addressing table
/// whose slots carry the number of the document that filled them, so
/// starting the next document clears nothing.
#[derive(Debug, Default, Clone)]
pub(crate) struct ColumnCounts<K = u32> {
    pub cols: Vec<K>,
    pub counts: Vec<f32>,
    /// `(document stamp << 32) | position in cols`; a slot whose stamp is
    /// not the current one is empty.
    seen: Vec<u64>,
    /// `64 - log2(seen.len())`.
    shift: u32,
    stamp: u32,
}

impl<K: Copy + Eq + Into<u64>> ColumnCounts<K> {
    /// Start a new document.
    pub fn begin(&mut self) {
        self.cols.clear();
        self.counts.clear();
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.seen.iter_mut().for_each(|s| *s = 0);
            self.stamp = 1;
        }
        if self.seen.is_empty() {
            self.resize(256);
        }
    }

    #[inline(always)]
    fn slot_of(&self, col: K) -> usize {
        // Fibonacci hashing: the top bits of the product index the table.
        (col.into().wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// Count one occurrence of column `col`; true if it is the document's
    /// first.
    #[inline(always)]
    pub fn add(&mut self, col: K) -> bool {
        self.add_value(col, 1.0)
    }

    /// Add `value` to the count of `col`; true if `col` is new in the
    /// document.
    #[inline(always)]
    pub fn add_value(&mut self, col: K, value: f32) -> bool {
        if (self.cols.len() + 1) * 2 > self.seen.len() {
            self.grow();
        }
        let mask = self.seen.len() - 1;
        let mut i = self.slot_of(col);
        loop {
            let s = self.seen[i];
            if (s >> 32) as u32 != self.stamp {
                self.seen[i] = (self.stamp as u64) << 32 | self.cols.len() as u64;
                self.cols.push(col);
                self.counts.push(value);
                return true;
            }
            let pos = s as u32 as usize;
            if self.cols[pos] == col {
                self.counts[pos] += value;
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    fn resize(&mut self, slots: usize) {
        self.seen = vec![0; slots];
        self.shift = 64 - slots.trailing_zeros();
    }

    /// Double the table and re-enter this document's columns.
    #[cold]
    fn grow(&mut self) {
        self.resize(self.seen.len() * 2);
        let mask = self.seen.len() - 1;
        for pos in 0..self.cols.len() {
            let mut i = self.slot_of(self.cols[pos]);
            while (self.seen[i] >> 32) as u32 == self.stamp {
                i = (i + 1) & mask;
            }
            self.seen[i] = (self.stamp as u64) << 32 | pos as u64;
        }
    }
}

/// A sparse TF-IDF row plus the scratch space used to build it.
#[derive(Debug, Default, Clone)]
pub struct Row {
    /// Column indices: ascending after [`FittedTfIdf::transform_into`], in
    /// first-seen order after [`FittedTfIdf::transform_unordered_into`].
    pub idx: Vec<usize>,
    /// L2-normalised weights, aligned with `idx`.
    pub val: Vec<f32>,
    /// The document's columns and counts while it is read.
    counts: ColumnCounts,
    /// IDF of each of `counts.cols` (under [`CharScope::Word`], of each of
    /// `local.cols`).
    idf: Vec<f32>,
    hashes: Vec<u64>,
    /// [`CharScope::Word`]: the document's distinct units with their counts,
    /// where each starts and ends among the hashes, and one unit's columns.
    units: ColumnCounts<u64>,
    spans: Vec<(usize, usize)>,
    local: ColumnCounts,
    pairs: Vec<(usize, f32)>,
}

impl Row {
    fn begin(&mut self) {
        self.counts.begin();
        self.idf.clear();
    }

    /// Count one occurrence of column `col`.
    #[inline(always)]
    fn add(&mut self, col: u32, idf: f32) {
        if self.counts.add(col) {
            self.idf.push(idf);
        }
    }

    /// Counts to weights: `tf' · idf` (`tf' = 1 + ln(tf)` under sublinear
    /// TF), then L2 normalisation.
    fn finish(&mut self, sublinear: bool) {
        self.idx.clear();
        self.idx
            .extend(self.counts.cols.iter().map(|&c| c as usize));
        self.val.clear();
        let mut norm = 0.0f32;
        for (&count, &idf) in self.counts.counts.iter().zip(&self.idf) {
            let v = tf_weight(count, sublinear) * idf;
            self.val.push(v);
            norm += v * v;
        }
        if norm > 0.0 {
            let inv = 1.0 / norm.sqrt();
            self.val.iter_mut().for_each(|v| *v *= inv);
        }
    }

    /// Put the columns in ascending order (CSR rows need it).
    fn sort(&mut self) {
        if self.idx.windows(2).all(|w| w[0] < w[1]) {
            return;
        }
        self.pairs.clear();
        self.pairs
            .extend(self.idx.iter().copied().zip(self.val.iter().copied()));
        self.pairs.sort_unstable_by_key(|p| p.0);
        for (k, &(c, v)) in self.pairs.iter().enumerate() {
            self.idx[k] = c;
            self.val[k] = v;
        }
    }
}

/// Stack sparse rows into a CSR matrix.
fn assemble(rows: Vec<(Vec<usize>, Vec<f32>)>, n_cols: usize) -> CsMat<f32> {
    let nnz = rows.iter().map(|r| r.0.len()).sum();
    let mut indptr = Vec::with_capacity(rows.len() + 1);
    let mut indices = Vec::with_capacity(nnz);
    let mut data = Vec::with_capacity(nnz);
    indptr.push(0);
    let n_rows = rows.len();
    for (i, v) in rows {
        indices.extend(i);
        data.extend(v);
        indptr.push(indices.len());
    }
    CsMat::new((n_rows, n_cols), indptr, indices, data)
}

/// Where [`Extractor`] sends each term: a hash, and its readable name on
/// demand (only training asks for names, so prediction formats nothing).
trait TermSink {
    /// Whether every term reaches the sink only if it may be a feature. A
    /// sink that looks terms up in a fitted vocabulary can take raw tokens:
    /// punctuation never entered the vocabulary, so its lookups just miss.
    const NEEDS_FILTER: bool = true;
    fn term(&mut self, hash: u64, name: impl FnOnce() -> String);
}

/// Training: keep every hash (and name) for fitting the vocabulary.
struct Collect<'a> {
    out: &'a mut DocTerms,
    names: &'a mut FxHashMap<u64, String>,
}

impl TermSink for Collect<'_> {
    #[inline]
    fn term(&mut self, hash: u64, name: impl FnOnce() -> String) {
        self.out.push(hash);
        self.names.entry(hash).or_insert_with(name);
    }
}

/// Prediction: collect the document's term hashes, so that all their table
/// slots can be prefetched before the first lookup.
struct Hashes<'a> {
    out: &'a mut Vec<u64>,
}

impl TermSink for Hashes<'_> {
    const NEEDS_FILTER: bool = false;
    #[inline(always)]
    fn term(&mut self, hash: u64, _name: impl FnOnce() -> String) {
        self.out.push(hash);
    }
}

/// Turns text into term hashes according to the parameters.
pub(crate) struct Extractor<'a> {
    params: &'a TfIdfParams,
    seg: &'a Segmenter,
}

pub(crate) const SEED_WORD: u64 = 0x9e37_79b9_7f4a_7c15;
const SEED_CHAR: u64 = 0xc2b2_ae3d_27d4_eb4f;

impl<'a> Extractor<'a> {
    pub(crate) fn new(params: &'a TfIdfParams, seg: &'a Segmenter) -> Self {
        Extractor { params, seg }
    }

    fn terms<S: TermSink>(&self, text: &str, sink: &mut S) {
        match (self.params.char_ngrams, self.params.char_scope) {
            (Some((lo, hi)), CharScope::Word) => self.unit_terms(text, lo, hi, sink),
            (Some((lo, hi)), CharScope::Text) => {
                self.word_terms(text, sink);
                char_ngrams(text, lo as usize, hi as usize, sink);
            }
            (None, _) => self.word_terms(text, sink),
        }
    }

    /// [`CharScope::Word`]: each feature token as a unit (its word, then
    /// the character n-grams inside it, then [`UNIT_END`]), and with word
    /// pairs configured each pair as a unit of its own after its second word.
    fn unit_terms(&self, text: &str, lo: u8, hi: u8, sink: &mut impl TermSink) {
        let bigrams = self.params.word_ngrams >= 2;
        let mut prev: Option<(u64, &str)> = None;
        self.seg.for_each_token(text, |tok| {
            let h = hash_str(tok, SEED_WORD);
            sink.term(h, || tok.to_ascii_lowercase());
            char_ngrams(tok, lo as usize, hi as usize, sink);
            sink.term(UNIT_END, String::new);
            if bigrams {
                if let Some((p, prev_tok)) = prev {
                    sink.term(pair_hash(p, h), || pair_name(prev_tok, tok));
                    sink.term(UNIT_END, String::new);
                }
                prev = Some((h, tok));
            }
        });
    }

    /// The hash of every word term of `text` (words, and word pairs if
    /// configured) to `f`; what a lookup in a fitted vocabulary needs, so
    /// punctuation tokens may be among them (they just miss).
    pub(crate) fn word_hashes(&self, text: &str, f: impl FnMut(u64)) {
        struct Each<F>(F);
        impl<F: FnMut(u64)> TermSink for Each<F> {
            const NEEDS_FILTER: bool = false;
            #[inline(always)]
            fn term(&mut self, hash: u64, _name: impl FnOnce() -> String) {
                (self.0)(hash)
            }
        }
        self.word_terms(text, &mut Each(f));
    }

    /// Nothing without words ([`TfIdfParams::segments`]): the text is
    /// then never segmented.
    fn word_terms<S: TermSink>(&self, text: &str, sink: &mut S) {
        if !self.params.segments() {
            return;
        }
        let bigrams = self.params.word_ngrams >= 2;
        if !bigrams && !S::NEEDS_FILTER {
            // Word pairs are formed over feature tokens only, so only a
            // words-only lookup may skip the filter.
            self.seg
                .for_each_raw_token(text, |tok| sink.term(hash_str(tok, SEED_WORD), String::new));
        } else {
            self.filtered_terms(text, bigrams, sink);
        }
    }

    fn filtered_terms(&self, text: &str, bigrams: bool, sink: &mut impl TermSink) {
        let mut prev: Option<(u64, &str)> = None;
        self.seg.for_each_token(text, |tok| {
            let h = hash_str(tok, SEED_WORD);
            sink.term(h, || tok.to_ascii_lowercase());
            if bigrams {
                if let Some((p, prev_tok)) = prev {
                    sink.term(pair_hash(p, h), || pair_name(prev_tok, tok));
                }
                prev = Some((h, tok));
            }
        });
    }
}

/// The term hash of the word pair whose words hash to `first` and `second`.
#[inline]
pub(crate) fn pair_hash(first: u64, second: u64) -> u64 {
    mix(first.rotate_left(23) ^ second.wrapping_mul(3))
}

fn pair_name(first: &str, second: &str) -> String {
    format!(
        "{} {}",
        first.to_ascii_lowercase(),
        second.to_ascii_lowercase()
    )
}

/// Character n-grams (`lo..=hi` characters) inside runs of letters and digits
/// (punctuation and spaces break runs), ASCII lower-cased. The last `hi`
/// characters are kept in a ring, and each new character closes one n-gram of
/// every length, so nothing is allocated.
fn char_ngrams(text: &str, lo: usize, hi: usize, sink: &mut impl TermSink) {
    for_each_char_ngram(text, lo, hi, |gram| {
        sink.term(gram.hash(), || {
            let s: String = gram.chars().filter_map(char::from_u32).collect();
            format!("「{s}」")
        })
    });
}

/// Longest character n-gram [`for_each_char_ngram`] can form.
const MAX_CHAR_NGRAM: usize = 8;

/// One character n-gram of a run: the last `n` characters of `ring` up to
/// `run` (code points, ASCII lower-cased).
#[derive(Clone, Copy)]
pub(crate) struct CharGram<'a> {
    ring: &'a [u32; MAX_CHAR_NGRAM],
    run: usize,
    pub n: usize,
}

impl<'a> CharGram<'a> {
    /// Its code points, oldest first.
    #[inline(always)]
    pub fn chars(self) -> impl Iterator<Item = u32> + 'a {
        (self.run - self.n..self.run).map(move |j| self.ring[j % MAX_CHAR_NGRAM])
    }

    /// The `i`-th code point from the end (0 = the newest).
    #[inline(always)]
    pub fn back(self, i: usize) -> u32 {
        self.ring[(self.run - 1 - i) % MAX_CHAR_NGRAM]
    }

    /// Its term hash, as the vocabulary stores it.
    #[inline]
    pub fn hash(self) -> u64 {
        let mut h = SEED_CHAR ^ self.n as u64;
        for c in self.chars() {
            h = fnv_step(h, c as u64);
        }
        mix(h)
    }
}

/// The term hash of the character n-gram made of `chars` (code points,
/// already lower-cased): what [`CharGram::hash`] gives for it in a text.
pub(crate) fn char_gram_hash(chars: &[u32]) -> u64 {
    let mut ring = [0u32; MAX_CHAR_NGRAM];
    ring[..chars.len()].copy_from_slice(chars);
    CharGram {
        ring: &ring,
        run: chars.len(),
        n: chars.len(),
    }
    .hash()
}

/// Call `f` on every character n-gram (`lo..=hi` characters) inside runs of
/// letters and digits (punctuation and spaces break runs), ASCII
/// lower-cased. The last characters are kept in a ring, and each new
/// character closes one n-gram of every length, so nothing is allocated.
#[inline(always)]
pub(crate) fn for_each_char_ngram(text: &str, lo: usize, hi: usize, mut f: impl FnMut(CharGram)) {
    debug_assert!(hi <= MAX_CHAR_NGRAM);
    let mut ring = [0u32; MAX_CHAR_NGRAM];
    let mut run = 0usize; // characters in the current run
    for c in text.chars() {
        if !crate::segment::is_word_char(c) {
            run = 0;
            continue;
        }
        ring[run % MAX_CHAR_NGRAM] = c.to_ascii_lowercase() as u32;
        run += 1;
        for n in lo..=hi.min(run) {
            f(CharGram {
                ring: &ring,
                run,
                n,
            });
        }
    }
}

#[inline]
fn fnv_step(h: u64, x: u64) -> u64 {
    (h ^ x).wrapping_mul(0x0100_0000_01b3)
}

/// Finalizer (splitmix64) so that every input bit reaches every output bit.
#[inline]
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// ASCII upper-case letters of eight packed bytes folded to lower case (the
/// SWAR form of `u8::to_ascii_lowercase`); every other byte, UTF-8
/// continuation bytes included, is unchanged.
#[inline]
fn lower8(w: u64) -> u64 {
    const HI: u64 = 0x8080_8080_8080_8080;
    let heptets = w & !HI;
    let ge_a = heptets.wrapping_add(0x3f3f_3f3f_3f3f_3f3f); // bit 7 set iff byte >= 'A'
    let gt_z = heptets.wrapping_add(0x2525_2525_2525_2525); // bit 7 set iff byte > 'Z'
    let upper = !w & (ge_a ^ gt_z) & HI;
    w | (upper >> 2)
}

/// Hash of a token with ASCII letters folded to lower case, eight bytes per
/// step (one step for most Chinese words).
#[inline]
pub(crate) fn hash_str(s: &str, seed: u64) -> u64 {
    const K: u64 = 0x9fb2_1c65_1e98_df25;
    let bytes = s.as_bytes();
    let mut h = seed ^ (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h ^ lower8(u64::from_le_bytes(w)))
            .wrapping_mul(K)
            .rotate_left(29);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = (h ^ lower8(load_padded(rest)))
            .wrapping_mul(K)
            .rotate_left(29);
    }
    mix(h)
}

/// The 1–7 bytes of `b` as a little-endian `u64` padded with zero bytes:
/// the value of copying them into a zeroed `[u8; 8]`, read with two
/// overlapping 4-byte loads (or single bytes below 4) instead of a
/// variable-length copy, which compiles to a call to `memcpy`.
#[inline]
fn load_padded(b: &[u8]) -> u64 {
    let n = b.len();
    debug_assert!((1..8).contains(&n));
    if n >= 4 {
        let lo = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as u64;
        let last = u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]) as u64;
        // `last` holds bytes n-4..n; bytes 4..n are its top n-4 bytes.
        lo | (last >> (8 * (8 - n))) << 32
    } else {
        let mut w = b[0] as u64;
        if n >= 2 {
            w |= (b[1] as u64) << 8;
        }
        if n == 3 {
            w |= (b[2] as u64) << 16;
        }
        w
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::SegmentParams;

    fn seg() -> Segmenter {
        Segmenter::new(SegmentParams::default())
    }

    #[test]
    fn idf_is_fitted_once_and_rows_are_normalised() {
        let s = seg();
        let train = ["医院 医院 数据", "医院 平台", "数据 平台 建设"];
        let p = TfIdfParams {
            min_df: 1,
            char_ngrams: None,
            ..TfIdfParams::default()
        };
        let (fitted, x) = FittedTfIdf::fit_transform(&p, &s, &train).unwrap();
        assert_eq!(x.rows(), 3);
        assert_eq!(fitted.n_features(), 4);
        for row in x.outer_iterator() {
            let norm: f32 = row.data().iter().map(|v| v * v).sum();
            assert!((norm - 1.0).abs() < 1e-5);
        }
        // Transforming one document alone must give the same row as in the
        // batch: IDF is not recomputed from the batch.
        let (i, v) = fitted.transform_one(&s, train[0]);
        let row0 = x.outer_view(0).unwrap();
        assert_eq!(i, row0.indices());
        assert_eq!(v, row0.data());
        // "医院" (df 2 of 3) weighs less than "建设" would at equal tf.
        let col = |t: &str| {
            (0..fitted.n_features())
                .find(|&c| fitted.term(c) == Some(t))
                .unwrap()
        };
        assert!(fitted.idf[col("医院")] < fitted.idf[col("建设")]);
    }

    #[test]
    fn loading_the_segmenter_alongside_extracts_the_same_terms() {
        let texts = [
            "北京首个数字医疗产业园扩容",
            "宁夏首个医疗临床智能语音交互大模型发布",
            "AI 工厂开启智慧医疗新范式，医院告别信息孤岛",
        ];
        for char_scope in [CharScope::Text, CharScope::Word] {
            for char_ngrams in [None, Some((1, 2)), Some((2, 3))] {
                let p = TfIdfParams {
                    char_ngrams,
                    char_scope,
                    word_ngrams: 2,
                    ..TfIdfParams::default()
                };
                let s = seg();
                let plain = Extracted::new(&p, &s, &texts).unwrap();
                let (along, _, waited) = Extracted::with_segmenter(&p, seg, &texts).unwrap();
                assert_eq!(plain.terms, along.terms, "{char_ngrams:?} {char_scope:?}");
                assert_eq!(plain.names, along.names, "{char_ngrams:?} {char_scope:?}");
                assert!(waited >= 0.0);
            }
        }
    }

    #[test]
    fn word_scope_rows_sum_units_and_scale_by_their_norms() {
        let s = seg();
        let docs = ["医院 医院 数据", "医院 平台", "数据 平台 建设"];
        let p = TfIdfParams {
            min_df: 1,
            char_ngrams: Some((1, 1)),
            char_scope: CharScope::Word,
            ..TfIdfParams::default()
        };
        let (f, x) = FittedTfIdf::fit_transform(&p, &s, &docs).unwrap();
        let col = |t: &str| (0..f.n_features()).find(|&c| f.term(c) == Some(t)).unwrap();
        let idf = |t: &str| f.idf[col(t)];
        // Document 0: unit 医院 twice (tf' = 1 + ln 2) with columns 医院, 医,
        // 院; unit 数据 once with 数据, 数, 据.
        let a = 1.0 + 2f32.ln();
        let n1: f32 = ["医院", "「医」", "「院」"]
            .iter()
            .map(|t| idf(t).powi(2))
            .sum();
        let n2: f32 = ["数据", "「数」", "「据」"]
            .iter()
            .map(|t| idf(t).powi(2))
            .sum();
        let norm = (a * a * n1 + n2).sqrt();
        let row = x.outer_view(0).unwrap();
        let value = |t: &str| row.get(col(t)).copied().unwrap();
        assert!((value("「医」") - a * idf("「医」") / norm).abs() < 1e-6);
        assert!((value("「据」") - idf("「据」") / norm).abs() < 1e-6);
        assert_eq!(row.nnz(), 6);
        // "数据 平台 建设": three words and the six characters inside them.
        assert_eq!(x.outer_view(2).unwrap().nnz(), 9);
        // The general transform agrees with the training rows.
        let (i, v) = f.transform_one(&s, docs[0]);
        assert_eq!(i, row.indices());
        for (got, want) in v.iter().zip(row.data()) {
            assert!((got - want).abs() < 1e-6);
        }
    }

    #[test]
    fn padded_loads_equal_a_zero_padded_copy() {
        let bytes: Vec<u8> = (1..=7u8).map(|i| i.wrapping_mul(37) | 0x80).collect();
        for n in 1..8 {
            let mut w = [0u8; 8];
            w[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(load_padded(&bytes[..n]), u64::from_le_bytes(w), "{n} bytes");
        }
    }

    #[test]
    fn hashing_folds_ascii_case_only() {
        assert_eq!(hash_str("AI", 1), hash_str("ai", 1));
        assert_eq!(
            hash_str("DeepSeek大模型ABCDEFGH", 1),
            hash_str("deepseek大模型abcdefgh", 1)
        );
        assert_ne!(hash_str("医院", 1), hash_str("医疗", 1));
        assert_ne!(hash_str("ab", 1), hash_str("ab\0", 1));
        // lower8 agrees with the byte-wise definition on every byte value.
        for b in 0..=255u8 {
            let w = u64::from_le_bytes([b; 8]);
            assert_eq!(
                lower8(w),
                u64::from_le_bytes([b.to_ascii_lowercase(); 8]),
                "byte {b:#x}"
            );
        }
    }

    #[test]
    fn min_df_that_removes_everything_is_a_named_error() {
        let p = TfIdfParams {
            min_df: 5,
            ..TfIdfParams::default()
        };
        let err = FittedTfIdf::fit_transform(&p, &seg(), &["一", "二"]).unwrap_err();
        assert!(err.to_string().contains("--min-df"), "{err}");
    }

    #[test]
    fn bad_params_are_rejected_by_name() {
        let p = TfIdfParams {
            char_ngrams: Some((3, 2)),
            ..TfIdfParams::default()
        };
        assert!(matches!(
            p.check(),
            Err(Error::InvalidParam {
                name: "char_ngrams",
                ..
            })
        ));
    }

    #[test]
    fn without_words_every_term_is_a_character_ngram() {
        let p = TfIdfParams {
            min_df: 1,
            word_ngrams: 0,
            ..TfIdfParams::default()
        };
        let (f, x) = FittedTfIdf::fit_transform(&p, &seg(), &["智慧医院建设", "AI医院"]).unwrap();
        let terms: Vec<&str> = (0..f.n_features()).filter_map(|i| f.term(i)).collect();
        // 智 慧 医 院 建 设 a i, 智慧 慧医 医院 院建 建设 ai i医
        assert_eq!(terms.len(), 15, "{terms:?}");
        assert!(terms.iter().all(|t| t.starts_with('「')), "{terms:?}");
        assert!(terms.contains(&"「i医」"), "{terms:?}");
        assert_eq!(x.rows(), 2);
        // No words needs character n-grams along the text.
        for bad in [
            TfIdfParams {
                char_ngrams: None,
                ..p.clone()
            },
            TfIdfParams {
                char_scope: CharScope::Word,
                ..p.clone()
            },
            TfIdfParams {
                word_ngrams: 3,
                ..TfIdfParams::default()
            },
        ] {
            assert!(
                matches!(
                    bad.check(),
                    Err(Error::InvalidParam {
                        name: "word_ngrams",
                        ..
                    })
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn bigrams_and_char_ngrams_add_named_terms() {
        let p = TfIdfParams {
            min_df: 1,
            word_ngrams: 2,
            char_ngrams: Some((2, 2)),
            ..TfIdfParams::default()
        };
        let (f, _) = FittedTfIdf::fit_transform(&p, &seg(), &["智慧医院建设"]).unwrap();
        let terms: Vec<&str> = (0..f.n_features()).filter_map(|i| f.term(i)).collect();
        assert!(
            terms.contains(&"智慧 医院") || terms.iter().any(|t| t.contains(' ')),
            "{terms:?}"
        );
        assert!(terms.contains(&"「医院」"), "{terms:?}");
    }
}
