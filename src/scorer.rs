//! The prediction fast path: a fitted TF-IDF vectorizer and a linear SVM
//! folded into lookup tables, built when a model is loaded (the tables are
//! not saved).
//!
//! The general path ([`crate::features::FittedTfIdf::transform_into`] then
//! [`crate::classify::svm::LinearSvc::decision_row`]) hashes every term,
//! probes one vocabulary table of all terms, builds a normalised row, then
//! reads each column's class weights. For the character 1–2-grams, which are
//! most of a headline's terms, almost all of that can be skipped:
//!
//! - a character unigram in the Basic Multilingual Plane is an index into a
//!   table by code point, with no hash and no probe;
//! - a character bigram (or a rarer unigram) is its two code points packed
//!   into one integer, looked up in a table of packed keys that holds only
//!   character n-grams, with the column in the same 8-byte slot;
//! - words keep their term hashes, in a table of the remaining terms only,
//!   which is smaller than the table of all terms;
//! - each column's class weights are stored premultiplied by its IDF, with
//!   the IDF beside them, so a document's score is one pass over its distinct
//!   columns and one division by the row norm at the end.
//!
//! Under [`CharScope::Word`] (`yuqing train --char-scope word`) a word and the
//! character n-grams inside it are one unit whose TF-IDF vector depends on
//! the word alone, so every word of the vocabulary gets its whole
//! contribution precomputed: its `k` class sums and its squared norm, in one
//! row of the scorer's unit table. A document then costs one lookup per
//! distinct word; only words outside the vocabulary have their character
//! n-grams looked up one by one.
//!
//! The decision values equal the general path's up to float rounding; a test
//! checks them against each other on real text.
//!
//! **Deferring words.** When only the label is wanted, a model with words and
//! character n-grams along the text can score a text by its character n-grams
//! first, which needs no segmentation, and segment it only when the best two
//! classes are close there ([`Scorer::decision_deferring_words`]); the words'
//! columns are then added to the same sums, so such a text gets exactly the
//! full decision values. How close is "close" is measured at training time
//! ([`lazy_margin`]) and saved with the model: on nlpcc2017 headlines, about
//! half the texts need segmenting, and no label of the 6,000 dev headlines
//! differs from segmenting all of them.

use crate::classify::argmax;
use crate::classify::svm::LinearSvc;
#[cfg(doc)]
use crate::features::CharScope;
use crate::features::{
    char_gram_hash, for_each_char_ngram, hash_str, pair_hash, tf_weight, ColumnCounts, Extractor,
    FittedTfIdf, TfIdfParams, SEED_WORD,
};
use crate::segment::Segmenter;
use rayon::prelude::*;
use sprs::CsMat;

const EMPTY: u32 = u32::MAX;
/// Code points below this have a direct slot in [`Scorer::unigrams`].
const DIRECT: usize = 0x1_0000;

/// A linear model compiled for prediction (see the module documentation).
#[derive(Debug, Clone)]
pub struct Scorer {
    n_classes: usize,
    /// `n_classes + 1`: each column's `idf · w` per class, then its `idf`.
    stride: usize,
    rows: Vec<f32>,
    bias: Vec<f32>,
    params: TfIdfParams,
    /// Column of each BMP character as a unigram feature (`EMPTY` if none);
    /// empty when the model has no character unigrams.
    unigrams: Vec<u32>,
    /// Character 1–2-grams not in `unigrams`, by packed code points.
    packed: SlotTable,
    /// Every other term (words, word pairs, longer character n-grams) by
    /// hash; under [`CharScope::Word`], words and word pairs are in `units`
    /// instead.
    terms: SlotTable,
    /// [`CharScope::Word`]: word and word-pair hash → row of `unit_rows`.
    units: SlotTable,
    /// Per unit, `stride` floats: its class sums (`Σ count · idf · w` over
    /// its columns), then its squared norm; padded like `rows`.
    unit_rows: Vec<f32>,
}

/// Class accumulators: fixed-width register arrays for up to 32 classes, a
/// slice beyond.
trait Lanes {
    /// Add `w · row` (a row of at least the lanes' width) lane by lane.
    fn add(&mut self, row: &[f32], w: f32);
}

impl<const N: usize> Lanes for [f32; N] {
    #[inline(always)]
    fn add(&mut self, row: &[f32], w: f32) {
        let r: &[f32; N] = row[..N].try_into().expect("padded rows");
        for j in 0..N {
            self[j] += w * r[j];
        }
    }
}

impl Lanes for &mut [f32] {
    #[inline(always)]
    fn add(&mut self, row: &[f32], w: f32) {
        for (a, r) in self.iter_mut().zip(row) {
            *a += w * r;
        }
    }
}

/// Reused per-thread buffers for [`Scorer::decision`].
#[derive(Debug, Default, Clone)]
pub struct Scratch {
    /// Keys of the document's words, then of its character bigrams.
    keys: Vec<Key>,
    /// Keys of its character n-grams of 3 or more characters.
    longer: Vec<Key>,
    /// Distinct columns of the document and their counts (then tf').
    counts: ColumnCounts,
    /// [`CharScope::Word`]: the document's distinct units by hash, with
    /// their counts (then tf'), and the byte range of each word's first
    /// occurrence (`None` for a word pair).
    units: ColumnCounts<u64>,
    spans: Vec<Option<(u32, u32)>>,
    /// The row of each unit in `unit_rows` (`EMPTY` if unknown).
    found: Vec<u32>,
}

impl Scratch {
    fn begin(&mut self) {
        self.keys.clear();
        self.longer.clear();
        self.counts.begin();
    }
}

/// Two code points (each below 2²¹) packed into one key; a unigram is packed
/// with a zero first character, which no bigram has (U+0000 is not a word
/// character).
#[inline(always)]
fn pack(first: u32, second: u32) -> u64 {
    (first as u64) << 21 | second as u64
}

/// A key of a [`SlotTable`]: the 42 bits kept in the slot, and a well-mixed
/// 64-bit value whose top bits choose the first slot to probe.
#[derive(Clone, Copy, Debug)]
struct Key {
    stored: u64,
    mixed: u64,
}

const FIBONACCI: u64 = 0x9e37_79b9_7f4a_7c15;

impl Key {
    /// A character 1–2-gram: its packed code points, exactly.
    #[inline(always)]
    fn chars(first: u32, second: u32) -> Key {
        let k = pack(first, second);
        Key {
            stored: k,
            mixed: k.wrapping_mul(FIBONACCI),
        }
    }

    /// A term hash: its top 42 bits are kept; the slot is chosen from all 64,
    /// so a false match needs 42 equal bits and the same home slot.
    #[inline(always)]
    fn hash(h: u64) -> Key {
        Key {
            stored: h >> COL_BITS,
            mixed: h.wrapping_mul(FIBONACCI),
        }
    }
}

/// Open-addressing table whose 8-byte slots hold a 42-bit key and a 22-bit
/// column, so a lookup reads one word (the vocabulary table of
/// [`crate::features`] uses 16 bytes: full hash, column and IDF).
#[derive(Debug, Clone, Default)]
struct SlotTable {
    slots: Vec<u64>,
    shift: u32,
}

const SLOT_EMPTY: u64 = u64::MAX;
const COL_BITS: u32 = 22;
/// Columns must fit the slot's 22 bits.
const MAX_COLUMNS: usize = 1 << COL_BITS;

impl SlotTable {
    fn build(entries: &[(Key, u32)]) -> SlotTable {
        if entries.is_empty() {
            return SlotTable::default();
        }
        let size = (entries.len() * 2).next_power_of_two().max(16);
        let mut t = SlotTable {
            slots: vec![SLOT_EMPTY; size],
            shift: 64 - size.trailing_zeros(),
        };
        let mask = size - 1;
        for &(key, col) in entries {
            let mut i = t.home(key);
            while t.slots[i] != SLOT_EMPTY {
                i = (i + 1) & mask;
            }
            t.slots[i] = key.stored << COL_BITS | col as u64;
        }
        t
    }

    #[inline(always)]
    fn home(&self, key: Key) -> usize {
        (key.mixed >> self.shift) as usize
    }

    #[inline(always)]
    fn prefetch(&self, key: Key) {
        if let Some(s) = self.slots.get(self.home(key)) {
            crate::prefetch::read(s);
        }
    }

    #[inline(always)]
    fn get(&self, key: Key) -> u32 {
        if self.slots.is_empty() {
            return EMPTY;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let s = self.slots[i];
            if s == SLOT_EMPTY {
                return EMPTY;
            }
            if s >> COL_BITS == key.stored {
                return (s & (MAX_COLUMNS as u64 - 1)) as u32;
            }
            i = (i + 1) & mask;
        }
    }
}

/// Whether column `f` (term hash `h`) is a character n-gram of any length.
fn is_gram_column(tfidf: &FittedTfIdf, f: usize, h: u64) -> bool {
    tfidf
        .term(f)
        .and_then(gram_chars)
        .is_some_and(|g| g.len() <= 8 && char_gram_hash(&g) == h)
}

/// The code points of a `「…」` character n-gram name.
fn gram_chars(name: &str) -> Option<Vec<u32>> {
    let inner = name.strip_prefix('「')?.strip_suffix('」')?;
    let chars: Vec<u32> = inner.chars().map(|c| c as u32).collect();
    (!chars.is_empty()).then_some(chars)
}

impl Scorer {
    /// Compile `tfidf` and `svm` (fitted together) for prediction; `None`
    /// for a vocabulary of 4,194,304 terms or more, whose columns do not fit
    /// the tables' slots (such models predict through the general path).
    pub fn new(tfidf: &FittedTfIdf, svm: &LinearSvc) -> Option<Scorer> {
        let k = svm.n_classes();
        let stride = k + 1;
        let n = tfidf.n_features().min(svm.n_features());
        if n >= MAX_COLUMNS {
            return None;
        }
        let idf = tfidf.idf();
        // Padded so that reading a row as up to 32 lanes never passes the end.
        let mut rows = vec![0.0f32; n * stride + 32];
        for f in 0..n {
            let row = &mut rows[f * stride..(f + 1) * stride];
            for (c, r) in row[..k].iter_mut().enumerate() {
                *r = idf[f] * svm.weight(f, c);
            }
            row[k] = idf[f];
        }
        let chars = tfidf.params().char_ngrams;
        let by_unit = tfidf.params().by_unit();
        // Character 1–2-gram columns move to the character tables when the
        // hash of their name is their stored hash (so the name is exact).
        let mut unigrams = Vec::new();
        if matches!(chars, Some((1, _))) {
            unigrams = vec![EMPTY; DIRECT];
        }
        let mut packed = Vec::new();
        let mut terms = Vec::new();
        // Word-scope units: (hash, column, the word if the column is one).
        let mut units: Vec<(u64, u32, Option<&str>)> = Vec::new();
        let fast = chars.is_some();
        for (f, &h) in tfidf.hashes().iter().enumerate().take(n) {
            let gram = if fast {
                tfidf
                    .term(f)
                    .and_then(gram_chars)
                    .filter(|g| g.len() <= 2 && char_gram_hash(g) == h)
            } else {
                None
            };
            match gram.as_deref() {
                Some(&[c]) if (c as usize) < DIRECT && !unigrams.is_empty() => {
                    unigrams[c as usize] = f as u32
                }
                Some(&[c]) => packed.push((Key::chars(0, c), f as u32)),
                Some(&[a, b]) => packed.push((Key::chars(a, b), f as u32)),
                _ if by_unit && gram.is_none() && !is_gram_column(tfidf, f, h) => {
                    let word = tfidf.term(f).filter(|w| hash_str(w, SEED_WORD) == h);
                    units.push((h, f as u32, word));
                }
                _ => terms.push((Key::hash(h), f as u32)),
            }
        }
        let mut scorer = Scorer {
            n_classes: k,
            stride,
            rows,
            bias: (0..k).map(|c| svm.bias(c)).collect(),
            params: tfidf.params().clone(),
            unigrams,
            packed: SlotTable::build(&packed),
            terms: SlotTable::build(&terms),
            units: SlotTable::default(),
            unit_rows: Vec::new(),
        };
        if by_unit {
            scorer.compile_units(&units);
        }
        Some(scorer)
    }

    /// Precompute each word's and word pair's row: its own column, plus
    /// (for a word) the character n-grams inside it, found through the
    /// character tables exactly as an unknown word's are at prediction.
    fn compile_units(&mut self, units: &[(u64, u32, Option<&str>)]) {
        let (k, stride) = (self.n_classes, self.stride);
        let mut unit_rows = vec![0.0f32; units.len() * stride + 32];
        let mut local = ColumnCounts::default();
        let mut entries = Vec::with_capacity(units.len());
        for (u, &(h, col, word)) in units.iter().enumerate() {
            let own = &self.rows[col as usize * stride..(col as usize + 1) * stride];
            let row = &mut unit_rows[u * stride..(u + 1) * stride];
            row[..k].copy_from_slice(&own[..k]);
            let mut norm = own[k] * own[k];
            if let Some(word) = word {
                let mut lanes = &mut row[..k];
                norm += self.word_grams(word, 1.0, &mut local, &mut lanes);
            }
            row[k] = norm;
            entries.push((Key::hash(h), u as u32));
        }
        self.unit_rows = unit_rows;
        self.units = SlotTable::build(&entries);
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// The decision value of every class for `text` into `out`
    /// (`n_classes` long): the same values as building the TF-IDF row and
    /// applying the SVM, up to float rounding.
    pub fn decision(&self, seg: &Segmenter, text: &str, scratch: &mut Scratch, out: &mut [f32]) {
        if !self.unit_rows.is_empty() {
            return self.decision_by_units(seg, text, scratch, out);
        }
        scratch.begin();
        self.gather_words(seg, text, scratch);
        let words = scratch.keys.len();
        self.gather_chars(text, scratch);
        self.look_up(scratch, words);
        self.to_tf(scratch, 0);
        match self.n_classes {
            0..=8 => self.sum::<8>(scratch, out),
            9..=16 => self.sum::<16>(scratch, out),
            17..=24 => self.sum::<24>(scratch, out),
            25..=32 => self.sum::<32>(scratch, out),
            _ => self.sum_any(scratch, out),
        }
    }

    /// Whether [`Self::decision_deferring_words`] can put off segmenting:
    /// the model has words and character n-grams taken along the text.
    pub fn can_defer_words(&self) -> bool {
        self.params.can_defer_words()
    }

    /// The decision values of `text` from its character n-grams alone, and
    /// only when the best two classes are within `margin` of each other
    /// there, from all its terms: then `text` is segmented and its words
    /// are added, and `out` holds exactly [`Self::decision`]'s values (up to
    /// float rounding). Returns whether the text was segmented. For a
    /// model that cannot defer its words (see [`Self::can_defer_words`]) it
    /// is [`Self::decision`].
    ///
    /// Only the best class of such values is meaningful: a text left
    /// unsegmented gets its label from scores that lack its words.
    /// `margin` comes from training (see [`lazy_margin`]): above it, adding
    /// the words changed no training document's label.
    pub fn decision_deferring_words(
        &self,
        seg: &Segmenter,
        text: &str,
        scratch: &mut Scratch,
        out: &mut [f32],
        margin: f32,
    ) -> bool {
        if !self.can_defer_words() {
            self.decision(seg, text, scratch, out);
            return self.params.segments();
        }
        scratch.begin();
        self.gather_chars(text, scratch);
        self.look_up(scratch, 0);
        self.to_tf(scratch, 0);
        match self.n_classes {
            0..=8 => self.deferred_sum(seg, text, scratch, [0.0f32; 8], out, margin),
            9..=16 => self.deferred_sum(seg, text, scratch, [0.0f32; 16], out, margin),
            17..=24 => self.deferred_sum(seg, text, scratch, [0.0f32; 24], out, margin),
            25..=32 => self.deferred_sum(seg, text, scratch, [0.0f32; 32], out, margin),
            _ => {
                let mut acc = vec![0.0f32; self.n_classes];
                self.deferred_sum(seg, text, scratch, &mut acc[..], out, margin)
            }
        }
    }

    /// The sums of [`Self::decision_deferring_words`], its character
    /// columns counted.
    #[inline(always)]
    fn deferred_sum<L: Lanes + AsRef<[f32]>>(
        &self,
        seg: &Segmenter,
        text: &str,
        scratch: &mut Scratch,
        mut acc: L,
        out: &mut [f32],
        margin: f32,
    ) -> bool {
        let mut norm = self.accumulate(scratch, 0, &mut acc);
        self.finish(acc.as_ref(), norm, out);
        if top_two_gap(&out[..self.n_classes]) >= margin {
            return false;
        }
        // Words and character n-grams never share a column, so the words'
        // columns are new ones after the characters'.
        let from = scratch.counts.cols.len();
        scratch.keys.clear();
        scratch.longer.clear();
        self.gather_words(seg, text, scratch);
        let words = scratch.keys.len();
        self.look_up(scratch, words);
        self.to_tf(scratch, from);
        norm += self.accumulate(scratch, from, &mut acc);
        self.finish(acc.as_ref(), norm, out);
        true
    }

    /// Request the slots of `text`'s words (and word pairs): their keys go
    /// to `scratch.keys`.
    #[inline(always)]
    fn gather_words(&self, seg: &Segmenter, text: &str, scratch: &mut Scratch) {
        Extractor::new(&self.params, seg).word_hashes(text, |h| {
            let key = Key::hash(h);
            self.terms.prefetch(key);
            scratch.keys.push(key);
        });
    }

    /// Count `text`'s character unigrams and request the slots of its longer
    /// character n-grams: bigram keys go to `scratch.keys`, longer ones to
    /// `scratch.longer`.
    #[inline(always)]
    fn gather_chars(&self, text: &str, scratch: &mut Scratch) {
        let Some((lo, hi)) = self.params.char_ngrams else {
            return;
        };
        for_each_char_ngram(text, lo as usize, hi as usize, |g| {
            let col = match g.n {
                1 => self.unigram(g.back(0)),
                2 => {
                    let key = Key::chars(g.back(1), g.back(0));
                    self.packed.prefetch(key);
                    scratch.keys.push(key);
                    EMPTY
                }
                _ => {
                    let key = Key::hash(g.hash());
                    self.terms.prefetch(key);
                    scratch.longer.push(key);
                    EMPTY
                }
            };
            if col != EMPTY {
                self.count(scratch, col);
            }
        });
    }

    /// Look the collected keys up and count their columns: the first
    /// `words` keys (words and word pairs) in the table of terms, the rest
    /// (character bigrams) in the packed table, then the longer character
    /// n-grams.
    #[inline(always)]
    fn look_up(&self, scratch: &mut Scratch, words: usize) {
        for i in 0..scratch.keys.len() {
            let table = if i < words { &self.terms } else { &self.packed };
            let col = table.get(scratch.keys[i]);
            if col != EMPTY {
                self.count(scratch, col);
            }
        }
        for i in 0..scratch.longer.len() {
            let col = self.terms.get(scratch.longer[i]);
            if col != EMPTY {
                self.count(scratch, col);
            }
        }
    }

    /// Counts from the `from`-th column on to tf'. Done before the sums: `ln`
    /// is a call, which would force the register accumulators of the sums
    /// out to memory.
    #[inline(always)]
    fn to_tf(&self, scratch: &mut Scratch, from: usize) {
        if self.params.sublinear_tf {
            for c in &mut scratch.counts.counts[from..] {
                if *c > 1.0 {
                    *c = 1.0 + c.ln();
                }
            }
        }
    }

    /// [`Self::decision`] under [`CharScope::Word`]: the document's distinct
    /// words (and word pairs) are counted, each known one adds its
    /// precomputed row, and each unknown word its character n-grams.
    fn decision_by_units(
        &self,
        seg: &Segmenter,
        text: &str,
        scratch: &mut Scratch,
        out: &mut [f32],
    ) {
        let Scratch {
            units,
            spans,
            found,
            ..
        } = scratch;
        units.begin();
        spans.clear();
        let bigrams = self.params.word_ngrams >= 2;
        let base = text.as_ptr() as usize;
        let mut prev = None;
        seg.for_each_token(text, |tok| {
            let h = hash_str(tok, SEED_WORD);
            if units.add(h) {
                self.units.prefetch(Key::hash(h));
                let start = (tok.as_ptr() as usize).wrapping_sub(base) as u32;
                spans.push(Some((start, start + tok.len() as u32)));
            }
            if bigrams {
                if let Some(p) = prev {
                    let b = pair_hash(p, h);
                    if units.add(b) {
                        self.units.prefetch(Key::hash(b));
                        spans.push(None);
                    }
                }
                prev = Some(h);
            }
        });
        found.clear();
        for &h in &units.cols {
            let u = self.units.get(Key::hash(h));
            if u != EMPTY {
                let start = u as usize * self.stride;
                if let Some(r) = self.unit_rows.get(start..start + self.stride) {
                    crate::prefetch::read(&r[0]);
                    crate::prefetch::read(&r[self.stride - 1]);
                }
            }
            found.push(u);
        }
        // Counts to tf' first (see `decision`).
        let sublinear = self.params.sublinear_tf;
        for c in &mut units.counts {
            *c = tf_weight(*c, sublinear);
        }
        match self.n_classes {
            0..=8 => _ = self.sum_units(text, scratch, [0.0f32; 8], out),
            9..=16 => _ = self.sum_units(text, scratch, [0.0f32; 16], out),
            17..=24 => _ = self.sum_units(text, scratch, [0.0f32; 24], out),
            25..=32 => _ = self.sum_units(text, scratch, [0.0f32; 32], out),
            _ => {
                let mut acc = vec![0.0f32; self.n_classes];
                let norm = self.sum_units(text, scratch, &mut acc[..], &mut []);
                self.finish(&acc, norm, out);
            }
        }
    }

    /// Sum the units' rows into `acc`; with a non-empty `out`, write the
    /// decision values there. Returns the squared norm.
    #[inline(always)]
    fn sum_units<L: Lanes + AsRef<[f32]>>(
        &self,
        text: &str,
        scratch: &mut Scratch,
        mut acc: L,
        out: &mut [f32],
    ) -> f32 {
        let k = self.n_classes;
        let mut norm = 0.0f32;
        let Scratch {
            units,
            spans,
            found,
            counts,
            ..
        } = scratch;
        for ((&u, &a), span) in found.iter().zip(&units.counts).zip(spans.iter()) {
            if u != EMPTY {
                let start = u as usize * self.stride;
                acc.add(&self.unit_rows[start..], a);
                norm += a * a * self.unit_rows[start + k];
            } else if let Some(word) = span.and_then(|(s, e)| text.get(s as usize..e as usize)) {
                norm += a * a * self.word_grams(word, a, counts, &mut acc);
            }
        }
        if !out.is_empty() {
            self.finish(acc.as_ref(), norm, out);
        }
        norm
    }

    /// Add `a ·` the character n-grams of `word` (counted within the word,
    /// times their IDF-weighted class weights) to `acc`; returns the squared
    /// norm of their TF-IDF vector.
    fn word_grams(
        &self,
        word: &str,
        a: f32,
        local: &mut ColumnCounts,
        acc: &mut impl Lanes,
    ) -> f32 {
        let Some((lo, hi)) = self.params.char_ngrams else {
            return 0.0;
        };
        local.begin();
        for_each_char_ngram(word, lo as usize, hi as usize, |g| {
            let col = match g.n {
                1 => self.unigram(g.back(0)),
                2 => self.packed.get(Key::chars(g.back(1), g.back(0))),
                _ => self.terms.get(Key::hash(g.hash())),
            };
            if col != EMPTY {
                local.add(col);
            }
        });
        let mut norm = 0.0f32;
        for (&col, &c) in local.cols.iter().zip(&local.counts) {
            let start = col as usize * self.stride;
            acc.add(&self.rows[start..], a * c);
            let v = c * self.rows[start + self.n_classes];
            norm += v * v;
        }
        norm
    }

    /// The column of the character unigram `c` (`EMPTY` if none): by code
    /// point in the direct table, or packed in the table of character
    /// n-grams for characters outside it.
    #[inline(always)]
    fn unigram(&self, c: u32) -> u32 {
        match self.unigrams.get(c as usize) {
            Some(&col) => col,
            None => self.packed.get(Key::chars(0, c)),
        }
    }

    /// Count an occurrence of `col`; on its first, start loading its row,
    /// so that the load overlaps the document's remaining lookups.
    #[inline(always)]
    fn count(&self, scratch: &mut Scratch, col: u32) {
        if scratch.counts.add(col) {
            let start = col as usize * self.stride;
            if let Some(r) = self.rows.get(start..start + self.stride) {
                crate::prefetch::read(&r[0]);
                crate::prefetch::read(&r[self.stride - 1]);
            }
        }
    }

    /// Sum the rows of the document's columns in an `N`-lane register array
    /// (`N >= n_classes`; lanes past `n_classes` collect values never read). A row
    /// read as `N` floats runs into the next column's, or into the padding
    /// after the last row.
    #[inline(always)]
    fn sum<const N: usize>(&self, scratch: &Scratch, out: &mut [f32]) {
        let mut acc = [0.0f32; N];
        let norm = self.accumulate(scratch, 0, &mut acc);
        self.finish(&acc, norm, out);
    }

    fn sum_any(&self, scratch: &Scratch, out: &mut [f32]) {
        let mut acc = vec![0.0f32; self.n_classes];
        let norm = self.accumulate(scratch, 0, &mut &mut acc[..]);
        self.finish(&acc, norm, out);
    }

    /// Add the rows of the document's columns from the `from`-th on, times
    /// their tf', to `acc`; returns the squared norm of their TF-IDF values.
    #[inline(always)]
    fn accumulate(&self, scratch: &Scratch, from: usize, acc: &mut impl Lanes) -> f32 {
        let k = self.n_classes;
        let mut norm = 0.0f32;
        let counts = &scratch.counts;
        for (&c, &tf) in counts.cols[from..].iter().zip(&counts.counts[from..]) {
            let start = c as usize * self.stride;
            acc.add(&self.rows[start..], tf);
            let v = tf * self.rows[start + k];
            norm += v * v;
        }
        norm
    }

    /// Decision values from the class sums `acc` and the squared norm.
    #[inline(always)]
    fn finish(&self, acc: &[f32], norm: f32, out: &mut [f32]) {
        let inv = if norm > 0.0 { 1.0 / norm.sqrt() } else { 0.0 };
        for ((o, b), a) in out.iter_mut().zip(&self.bias).zip(acc) {
            *o = b + a * inv;
        }
    }
}

/// How far the best class's decision value is above the second's.
fn top_two_gap(values: &[f32]) -> f32 {
    let (mut first, mut second) = (f32::NEG_INFINITY, f32::NEG_INFINITY);
    for &v in values {
        if v > first {
            second = first;
            first = v;
        } else if v > second {
            second = v;
        }
    }
    first - second
}

/// The smallest margin [`lazy_margin`] gives. Trained on 1,000 or 3,000
/// nlpcc2017 headlines, no training label changed above 0.23, yet 0.25 changed
/// about five of the 6,000 dev labels and 0.4 at most one.
pub const LAZY_MIN_MARGIN: f32 = 0.4;

/// Fewest training documents for which [`lazy_margin`] gives a margin: with
/// fewer, the largest change seen says too little about new texts.
pub const LAZY_MIN_DOCS: usize = 1_000;

/// The margin for [`Scorer::decision_deferring_words`] of a model fitted on
/// the L2-normalised TF-IDF rows `x`: 1.1 times the largest gap between the
/// best two classes, by character columns alone, of a training document
/// whose best class changes once its words are added, and at least
/// [`LAZY_MIN_MARGIN`]. `None` when the features cannot defer
/// words or there are fewer than [`LAZY_MIN_DOCS`] documents.
pub fn lazy_margin(tfidf: &FittedTfIdf, svm: &LinearSvc, x: &CsMat<f32>) -> Option<f32> {
    if !tfidf.params().can_defer_words() || x.rows() < LAZY_MIN_DOCS {
        return None;
    }
    let char_column: Vec<bool> = (0..tfidf.n_features())
        .map(|f| is_gram_column(tfidf, f, tfidf.hashes()[f]))
        .collect();
    let k = svm.n_classes();
    let largest = (0..x.rows())
        .into_par_iter()
        .filter_map(|i| x.outer_view(i))
        .map_init(
            || (vec![0.0f32; k], vec![0.0f32; k], Vec::new(), Vec::new()),
            |(full, chars, idx, val), row| {
                svm.decision_row(row.indices(), row.data(), full);
                idx.clear();
                val.clear();
                for (f, &v) in row.iter() {
                    if char_column.get(f).copied().unwrap_or(false) {
                        idx.push(f);
                        val.push(v);
                    }
                }
                let norm = val.iter().map(|v| v * v).sum::<f32>().sqrt();
                if norm > 0.0 {
                    val.iter_mut().for_each(|v| *v /= norm);
                }
                svm.decision_row(idx, val, chars);
                let best = |s: &[f32]| argmax(s.iter().copied());
                if best(full) == best(chars) {
                    0.0
                } else {
                    top_two_gap(chars)
                }
            },
        )
        .reduce(|| 0.0, f32::max);
    Some((1.1 * largest).max(LAZY_MIN_MARGIN))
}

#[cfg(test)]
mod tests {
    use linfa::prelude::*;
    use ndarray::Array2;

    use super::*;
    use crate::classify::svm::SparseRecords;
    use crate::features::CharScope;
    use crate::features::Row;
    use crate::segment::SegmentParams;

    /// Lines of the shipped example reports, as short documents.
    fn seed_lines() -> Vec<String> {
        let mut lines = Vec::new();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/reports");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            lines.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| l.chars().count() >= 6)
                    .map(String::from),
            );
        }
        lines
    }

    /// Fit TF-IDF and an SVM with `k` classes on `docs` (class = position
    /// mod `k`) and compile them.
    fn fit<S: AsRef<str> + Sync>(
        params: &TfIdfParams,
        seg: &Segmenter,
        docs: &[S],
        k: usize,
    ) -> (FittedTfIdf, LinearSvc, Scorer) {
        let labels: Vec<usize> = (0..docs.len()).map(|i| i % k).collect();
        fit_labelled(params, seg, docs, &labels, k)
    }

    /// [`fit`] with the class of each document given.
    fn fit_labelled<S: AsRef<str> + Sync>(
        params: &TfIdfParams,
        seg: &Segmenter,
        docs: &[S],
        labels: &[usize],
        k: usize,
    ) -> (FittedTfIdf, LinearSvc, Scorer) {
        let (tfidf, x) = FittedTfIdf::fit_transform(params, seg, docs).unwrap();
        let mut y = Array2::from_elem((docs.len(), k), false);
        for (i, &c) in labels.iter().enumerate() {
            y[[i, c]] = true;
        }
        let svm = LinearSvc::params()
            .fit(&DatasetBase::new(SparseRecords(x), y))
            .unwrap();
        let scorer = Scorer::new(&tfidf, &svm).unwrap();
        (tfidf, svm, scorer)
    }

    /// Fit TF-IDF and an SVM with `k` classes on the seed lines (class =
    /// line number mod `k`), then check that the compiled scorer gives the
    /// general path's decision values on every line and on odd inputs.
    fn check_equivalence(params: TfIdfParams, k: usize) {
        let seg = Segmenter::new(SegmentParams {
            user_words: vec!["大模型".into(), "医共体".into()],
            ..SegmentParams::default()
        });
        let mut lines = seed_lines();
        assert!(lines.len() > 100, "seed reports missing");
        // Characters outside the Basic Multilingual Plane (CJK extension B),
        // twice so that they pass min_df.
        lines.extend(["𠀀𠀁医院信息化".to_string(), "𠀀𠀁数据".to_string()]);
        let (tfidf, svm, scorer) = fit(&params, &seg, &lines, k);
        let mut extra = vec![
            String::new(),
            "，。！？".into(),
            "AI AI ai 工厂工厂工厂 DeepSeek 大模型 大模型 医共体".into(),
            "𠀀𠀁 医院 𠀀 ABC123 ｈｏｓｐｉｔａｌ 医医医医医".into(),
            "智慧医院".repeat(200),
        ];
        extra.extend(lines.iter().take(300).cloned());
        let (mut row, mut scratch) = (Row::default(), Scratch::default());
        let (mut want, mut got) = (vec![0.0; k], vec![0.0; k]);
        for text in &extra {
            tfidf.transform_unordered_into(&seg, text, &mut row);
            svm.decision_row(&row.idx, &row.val, &mut want);
            scorer.decision(&seg, text, &mut scratch, &mut got);
            for c in 0..k {
                assert!(
                    (want[c] - got[c]).abs() < 1e-4,
                    "{params:?}, class {c} of {k}, {text:?}: general {} compiled {}",
                    want[c],
                    got[c]
                );
            }
        }
    }

    /// Under `params`, `decision_deferring_words` with no margin segments
    /// every text and gives the general path's values; with a margin no gap
    /// reaches it segments none and gives the general path's values over
    /// the character columns alone, renormalised. A model that cannot defer
    /// its words always gives `decision`'s values.
    fn check_deferring(params: TfIdfParams, k: usize) {
        let seg = Segmenter::new(SegmentParams::default());
        let lines = seed_lines();
        let (tfidf, svm, scorer) = fit(&params, &seg, &lines, k);
        let defers = scorer.can_defer_words();
        assert_eq!(
            defers,
            params.char_ngrams.is_some() && params.segments() && !params.by_unit()
        );
        let (mut row, mut scratch) = (Row::default(), Scratch::default());
        let (mut want, mut got) = (vec![0.0; k], vec![0.0; k]);
        let texts = ["", "，。！？", "AI 大模型 大模型 医共体 智慧医院"];
        for text in texts
            .iter()
            .copied()
            .chain(lines.iter().map(String::as_str).take(200))
        {
            let close = |want: &[f32], got: &[f32], what: &str| {
                for c in 0..k {
                    assert!(
                        (want[c] - got[c]).abs() < 1e-4,
                        "{params:?} {what}, class {c}, {text:?}: {} vs {}",
                        want[c],
                        got[c]
                    );
                }
            };
            // Segment every text: the full values.
            tfidf.transform_unordered_into(&seg, text, &mut row);
            svm.decision_row(&row.idx, &row.val, &mut want);
            let segmented =
                scorer.decision_deferring_words(&seg, text, &mut scratch, &mut got, f32::INFINITY);
            assert_eq!(segmented, params.segments());
            close(&want, &got, "no margin");
            if !defers {
                continue;
            }
            // Segment none: the character columns alone.
            let (mut idx, mut val) = (Vec::new(), Vec::new());
            for (&f, &v) in row.idx.iter().zip(&row.val) {
                if is_gram_column(&tfidf, f, tfidf.hashes()[f]) {
                    idx.push(f);
                    val.push(v);
                }
            }
            let norm = val.iter().map(|v| v * v).sum::<f32>().sqrt();
            if norm > 0.0 {
                val.iter_mut().for_each(|v| *v /= norm);
            }
            svm.decision_row(&idx, &val, &mut want);
            let segmented = scorer.decision_deferring_words(
                &seg,
                text,
                &mut scratch,
                &mut got,
                f32::NEG_INFINITY,
            );
            assert!(!segmented, "{text:?}");
            close(&want, &got, "characters alone");
        }
    }

    /// Features whose words cannot be deferred: no character n-grams, no
    /// words, or n-grams inside words.
    fn cannot_defer() -> [TfIdfParams; 3] {
        [
            TfIdfParams {
                char_ngrams: None,
                ..TfIdfParams::default()
            },
            TfIdfParams {
                word_ngrams: 0,
                ..TfIdfParams::default()
            },
            TfIdfParams {
                char_scope: CharScope::Word,
                ..TfIdfParams::default()
            },
        ]
    }

    #[test]
    fn deferring_words_scores_as_the_general_path_or_its_characters() {
        check_deferring(TfIdfParams::default(), 8);
        // Word pairs, character 1–3-grams, more classes than the register
        // widths.
        check_deferring(
            TfIdfParams {
                word_ngrams: 2,
                char_ngrams: Some((1, 3)),
                ..TfIdfParams::default()
            },
            40,
        );
        for params in cannot_defer() {
            check_deferring(params, 8);
        }
    }

    #[test]
    fn lazy_margin_needs_words_characters_and_enough_documents() {
        let seg = Segmenter::new(SegmentParams::default());
        let lines = seed_lines();
        assert!(lines.len() < LAZY_MIN_DOCS);
        let (tfidf, svm, _) = fit(&TfIdfParams::default(), &seg, &lines, 8);
        let x = tfidf.transform(&seg, &lines);
        assert_eq!(lazy_margin(&tfidf, &svm, &x), None, "too few documents");
        // Enough documents: each seed line four times over, in other orders.
        let many: Vec<String> = (0..4)
            .flat_map(|r| lines.iter().map(move |l| format!("{}{l}", "。".repeat(r))))
            .collect();
        assert!(many.len() >= LAZY_MIN_DOCS);
        // Classes the characters mostly tell (the first of these a line
        // holds), and every other line at random, so that many lines are in
        // doubt.
        let marks = ['医', '数', '智', '健', '信', '平', '服'];
        let labels: Vec<usize> = many
            .iter()
            .enumerate()
            .map(|(i, l)| match i % 2 {
                0 => (i / 2) % 8,
                _ => marks.iter().position(|&m| l.contains(m)).unwrap_or(7),
            })
            .collect();
        let (tfidf, svm, scorer) = fit_labelled(&TfIdfParams::default(), &seg, &many, &labels, 8);
        let x = tfidf.transform(&seg, &many);
        let margin = lazy_margin(&tfidf, &svm, &x).expect("a margin");
        assert!(margin >= LAZY_MIN_MARGIN, "{margin}");
        // No training text changes its label by deferring its words.
        let (mut scratch, mut full, mut lazy) = (Scratch::default(), vec![0.0; 8], vec![0.0; 8]);
        let best = |s: &[f32]| argmax(s.iter().copied());
        let mut segmented = 0;
        for text in &many {
            scorer.decision(&seg, text, &mut scratch, &mut full);
            segmented += usize::from(scorer.decision_deferring_words(
                &seg,
                text,
                &mut scratch,
                &mut lazy,
                margin,
            ));
            assert_eq!(best(&full), best(&lazy), "{text:?}");
        }
        // Both kinds occur (692 of 1,624 segmented, margin 0.45, when written).
        assert!(
            segmented > 0 && segmented < many.len(),
            "{segmented} of {}",
            many.len()
        );
        assert!(
            margin > LAZY_MIN_MARGIN,
            "the margin should come from the data: {margin}"
        );
        for params in cannot_defer() {
            let (tfidf, svm, _) = fit(&params, &seg, &many, 8);
            let x = tfidf.transform(&seg, &many);
            assert_eq!(lazy_margin(&tfidf, &svm, &x), None, "{params:?}");
        }
    }

    #[test]
    fn default_features_score_as_the_general_path() {
        check_equivalence(TfIdfParams::default(), 8);
        check_equivalence(
            TfIdfParams {
                char_scope: CharScope::Word,
                ..TfIdfParams::default()
            },
            8,
        );
    }

    #[test]
    fn word_scope_variants_score_as_the_general_path() {
        // Word pairs as units of their own; linear TF; n-grams of 1–3
        // characters, whose trigrams are found by hash; 40 classes take the
        // summing path without fixed-width registers.
        check_equivalence(
            TfIdfParams {
                word_ngrams: 2,
                sublinear_tf: false,
                min_df: 1,
                char_scope: CharScope::Word,
                ..TfIdfParams::default()
            },
            18,
        );
        check_equivalence(
            TfIdfParams {
                char_ngrams: Some((1, 3)),
                char_scope: CharScope::Word,
                ..TfIdfParams::default()
            },
            40,
        );
    }

    #[test]
    fn words_only_and_word_pairs_score_as_the_general_path() {
        check_equivalence(
            TfIdfParams {
                char_ngrams: None,
                ..TfIdfParams::default()
            },
            3,
        );
        check_equivalence(
            TfIdfParams {
                word_ngrams: 2,
                min_df: 1,
                ..TfIdfParams::default()
            },
            18,
        );
    }

    #[test]
    fn characters_only_score_as_the_general_path() {
        // --no-words: character n-grams along the text, nothing segmented.
        check_equivalence(
            TfIdfParams {
                word_ngrams: 0,
                ..TfIdfParams::default()
            },
            18,
        );
        check_equivalence(
            TfIdfParams {
                word_ngrams: 0,
                char_ngrams: Some((1, 3)),
                sublinear_tf: false,
                ..TfIdfParams::default()
            },
            5,
        );
    }

    #[test]
    fn longer_character_ngrams_and_many_classes_score_as_the_general_path() {
        // 1–3-grams: trigrams go through the hash table; 40 classes take
        // the summing path without fixed-width registers.
        check_equivalence(
            TfIdfParams {
                char_ngrams: Some((1, 3)),
                char_scope: CharScope::Text,
                min_df: 1,
                ..TfIdfParams::default()
            },
            40,
        );
        check_equivalence(
            TfIdfParams {
                char_ngrams: Some((2, 2)),
                char_scope: CharScope::Text,
                sublinear_tf: false,
                ..TfIdfParams::default()
            },
            24,
        );
    }

    #[test]
    fn character_tables_take_the_character_ngrams() {
        let seg = Segmenter::new(SegmentParams::default());
        let (tfidf, _, scorer) = fit(&TfIdfParams::default(), &seg, &seed_lines(), 2);
        let col = |t: &str| (0..tfidf.n_features()).find(|&c| tfidf.term(c) == Some(t));
        let uni = col("「医」").expect("医 is a feature") as u32;
        assert_eq!(scorer.unigrams['医' as usize], uni);
        let bi = col("「医院」").expect("医院 is a feature") as u32;
        assert_eq!(scorer.packed.get(Key::chars('医' as u32, '院' as u32)), bi);
        // Words stay in the hash table, and character n-grams leave it.
        let word = col("医院").expect("the word 医院 is a feature") as u32;
        let h = crate::features::hash_str("医院", crate::features::SEED_WORD);
        assert_eq!(scorer.terms.get(Key::hash(h)), word);
        assert_eq!(
            scorer.terms.get(Key::hash(char_gram_hash(&['医' as u32]))),
            EMPTY
        );
    }

    /// Under word scope a known word's row holds its own column and the
    /// columns of the characters inside it, and its squared norm.
    #[test]
    fn a_known_word_is_one_precomputed_row() {
        let seg = Segmenter::new(SegmentParams::default());
        let docs = [
            "智慧医院 建设",
            "医院 数据 平台",
            "数据 平台 建设",
            "智慧医院 数据",
        ];
        let params = TfIdfParams {
            min_df: 1,
            char_ngrams: Some((1, 1)),
            char_scope: CharScope::Word,
            ..TfIdfParams::default()
        };
        let (tfidf, svm, scorer) = fit(&params, &seg, &docs, 2);
        let col = |t: &str| {
            (0..tfidf.n_features())
                .find(|&c| tfidf.term(c) == Some(t))
                .unwrap()
        };
        let h = hash_str("医院", SEED_WORD);
        let u = scorer.units.get(Key::hash(h));
        assert_ne!(u, EMPTY, "医院 is a unit");
        let row = &scorer.unit_rows[u as usize * scorer.stride..][..scorer.stride];
        let idf = tfidf.idf();
        for (c, &got) in row.iter().enumerate().take(2) {
            let want: f32 = ["医院", "「医」", "「院」"]
                .iter()
                .map(|t| idf[col(t)] * svm.weight(col(t), c))
                .sum();
            assert!((got - want).abs() < 1e-5, "class {c}: {got} vs {want}");
        }
        let norm: f32 = ["医院", "「医」", "「院」"]
            .iter()
            .map(|t| idf[col(t)].powi(2))
            .sum();
        assert!((row[2] - norm).abs() < 1e-4);
        // Characters are not units.
        assert_eq!(
            scorer.units.get(Key::hash(char_gram_hash(&['医' as u32]))),
            EMPTY
        );
    }
}
