//! Chinese word segmentation: jieba-rs plus the domain dictionary, with the
//! small filters that turn jieba's tokens into features.
//!
//! The stock jieba dictionary splits domain terms such as 大模型 and 医共体;
//! [`SegmentParams::user_words`] forces them to stay whole (`add_word` with no
//! frequency, which CRATES.md found to be the form that reliably joins). The
//! words are saved in every model so prediction segments exactly as training did.

use std::path::Path;
use std::sync::OnceLock;

use jieba_rs::Jieba;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::io::ShowPath;

/// Segmentation settings; saved inside each model.
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `user_words` | empty | domain words jieba must keep whole |
/// | `hmm` | `false` | jieba's HMM for unknown words (slower; off matches the measured baseline) |
/// | `lowercase` | `true` | fold ASCII letters so `AI` and `ai` are one feature |
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentParams {
    pub user_words: Vec<String>,
    pub hmm: bool,
    pub lowercase: bool,
}

impl Default for SegmentParams {
    fn default() -> Self {
        SegmentParams {
            user_words: Vec::new(),
            hmm: false,
            lowercase: true,
        }
    }
}

/// A domain dictionary as read from `dictionary.txt`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dictionary {
    pub words: Vec<String>,
    /// Lines not read as written (several words on one line), each naming
    /// its file and line.
    pub warnings: Vec<String>,
}

impl SegmentParams {
    /// Read a domain dictionary (UTF-8, GBK or UTF-16): one word per line; `#`
    /// starts a comment. As in jieba's own format (`word [freq] [tag]`), a
    /// frequency and a part-of-speech tag may follow the word and are
    /// ignored; anything else after it (a second word) is left out with a
    /// warning.
    pub fn load_dictionary(path: &Path) -> Result<Dictionary> {
        // In whatever encoding an editor saved it (GBK, UTF-16, with a BOM).
        let text = crate::labels::read_text(path, crate::labels::FileKind::Dictionary)?;
        let mut words = Vec::new();
        let mut ignored = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            let fields: Vec<&str> = line.split_whitespace().collect();
            let Some(&word) = fields.first() else {
                continue;
            };
            if word.chars().count() > 32 {
                return Err(Error::format_at(
                    path,
                    i + 1,
                    format!("'{word}' is too long to be a dictionary word (more than 32 characters); put one word per line"),
                ));
            }
            let jieba_columns = match &fields[1..] {
                [] => true,
                [freq] | [freq, _] => freq.parse::<u64>().is_ok(),
                _ => false,
            };
            if !jieba_columns {
                ignored.push(ignored_words(path, i + 1, word, &fields[1..]));
            }
            words.push(word.to_string());
        }
        let warnings = crate::error::capped(crate::error::WARNINGS_SHOWN, ignored, |more| {
            format!(
                "{}: … and {more} more lines with several words, of which only the first was added",
                path.shown()
            )
        });
        Ok(Dictionary { words, warnings })
    }
}

/// The warning for a dictionary line whose `rest` after `word` is not a
/// frequency and tag.
fn ignored_words(path: &Path, line: usize, word: &str, rest: &[&str]) -> String {
    let rest = rest.join(" ");
    let advice = match rest.chars().next() {
        // "AI 医生": one term written with a space.
        Some(c) if word.is_ascii() && !c.is_ascii() && !rest.contains(' ') => format!(
            "if '{word} {rest}' is one word, write it without the space ('{word}{rest}'); otherwise put one word per line"
        ),
        _ => "put one word per line".to_string(),
    };
    format!(
        "{}: line {line}: only '{word}' was added, not '{rest}'; {advice}",
        path.shown()
    )
}

/// A ready segmenter: jieba with the user words added. Cheap to share across
/// threads (`cut` takes `&self`).
pub struct Segmenter {
    /// Built by [`Segmenter::new`], or on first use after [`Segmenter::lazy`].
    jieba: OnceLock<Jieba>,
    params: SegmentParams,
}

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Segmenter")
            .field("params", &self.params)
            .finish()
    }
}

impl Segmenter {
    /// Load jieba's built-in dictionary and add the user words.
    pub fn new(params: SegmentParams) -> Self {
        let seg = Self::lazy(params);
        seg.jieba();
        seg
    }

    /// A segmenter that loads jieba's dictionary (about 0.1 s and 40 MB)
    /// only when it first cuts a text: what a model of character n-grams
    /// alone, which never segments, is loaded with.
    pub fn lazy(params: SegmentParams) -> Self {
        Segmenter {
            jieba: OnceLock::new(),
            params,
        }
    }

    /// Whether jieba's dictionary has been loaded.
    pub fn is_loaded(&self) -> bool {
        self.jieba.get().is_some()
    }

    #[inline]
    fn jieba(&self) -> &Jieba {
        self.jieba.get_or_init(|| {
            let mut jieba = Jieba::new();
            for w in &self.params.user_words {
                jieba.add_word(w, None, None);
            }
            jieba
        })
    }

    pub fn params(&self) -> &SegmentParams {
        &self.params
    }

    /// Number of raw jieba tokens of `text`: jieba-rs alone, the floor the
    /// feature pipeline is benchmarked against.
    pub fn cut_count(&self, text: &str) -> usize {
        self.jieba().cut(text, self.params.hmm).len()
    }

    /// Call `f` on each feature token of `text`: jieba words without
    /// whitespace and punctuation-only tokens. ASCII case folding is applied
    /// when tokens are hashed (see [`crate::features`]), so no string is
    /// allocated here.
    pub fn for_each_token<'a>(&self, text: &'a str, mut f: impl FnMut(&'a str)) {
        self.for_each_raw_token(text, |w| {
            if is_feature_token(w) {
                f(w)
            }
        });
    }

    /// Call `f` on every jieba token of `text`, punctuation and spaces
    /// included. For lookups in a fitted vocabulary, which holds no such
    /// token, the filter of [`Self::for_each_token`] is wasted work.
    pub fn for_each_raw_token<'a>(&self, text: &'a str, mut f: impl FnMut(&'a str)) {
        for t in self.jieba().cut(text, self.params.hmm) {
            f(t.word);
        }
    }

    /// Feature tokens of `text`, appended to `out`.
    pub fn tokens<'a>(&self, text: &'a str, out: &mut Vec<&'a str>) {
        self.for_each_token(text, |w| out.push(w));
    }

    /// Convenience: the feature tokens of `text` as a new vector.
    pub fn token_vec<'a>(&self, text: &'a str) -> Vec<&'a str> {
        let mut v = Vec::new();
        self.tokens(text, &mut v);
        v
    }
}

/// A token is a feature unless it is only whitespace, punctuation or symbols.
#[inline]
pub fn is_feature_token(word: &str) -> bool {
    match word.as_bytes().first() {
        None => return false,
        Some(b) if b.is_ascii_alphanumeric() => return true,
        // Lead bytes E5..=E9 start U+5000..=U+9FFF, all CJK ideographs: most
        // Chinese words are answered here without decoding a character.
        Some(0xE5..=0xE9) => return true,
        _ => {}
    }
    word.chars().any(is_word_char)
}

/// Letters, digits and CJK ideographs: `char::is_alphanumeric`, answered
/// without the Unicode tables for the characters news text is made of (ASCII,
/// the CJK Unified Ideographs block, and the punctuation blocks around them:
/// General Punctuation, CJK Symbols and Punctuation, full-width forms). The
/// tables are consulted only for the rest; a unit test checks every `char`.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match c as u32 {
        0x4E00..=0x9FFF => true,
        0x2000..=0x206F
        | 0x3000..=0x3004
        | 0x3008..=0x3020
        | 0x3030
        | 0x303D..=0x303F
        | 0xFF00..=0xFF0F
        | 0xFF1A..=0xFF20
        | 0xFF3B..=0xFF40
        | 0xFF5B..=0xFF65 => false,
        _ => c.is_alphanumeric(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_tokens(seg: &Segmenter, text: &str, expected: &[&str]) {
        assert_eq!(seg.token_vec(text), expected, "segmenting {text:?}");
    }

    #[test]
    fn stock_dictionary_splits_domain_words_and_user_words_join_them() {
        let stock = Segmenter::new(SegmentParams::default());
        assert!(!stock
            .token_vec("医疗大模型助力医共体建设")
            .contains(&"医共体"));
        let domain = Segmenter::new(SegmentParams {
            user_words: vec!["大模型".into(), "医共体".into()],
            ..SegmentParams::default()
        });
        assert_tokens(
            &domain,
            "医疗大模型助力医共体建设",
            &["医疗", "大模型", "助力", "医共体", "建设"],
        );
    }

    #[test]
    fn word_char_fast_paths_agree_with_unicode_for_every_char() {
        for u in 0..=0x10FFFFu32 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(is_word_char(c), c.is_alphanumeric(), "U+{u:04X} {c}");
            }
        }
    }

    #[test]
    fn dictionary_in_utf16_or_empty_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dictionary.txt");
        let mut bytes = vec![0xFF, 0xFE];
        for u in "# 领域词\r\n医共体 5 n\r\n大模型\r\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        std::fs::write(&path, bytes).unwrap();
        assert_eq!(
            SegmentParams::load_dictionary(&path).unwrap(),
            Dictionary {
                words: vec!["医共体".to_string(), "大模型".to_string()],
                warnings: Vec::new()
            }
        );
        std::fs::write(&path, "").unwrap();
        assert_eq!(
            SegmentParams::load_dictionary(&path).unwrap(),
            Dictionary::default()
        );
    }

    #[test]
    fn several_words_on_a_line_are_named_and_jieba_columns_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dictionary.txt");
        std::fs::write(
            &path,
            "医共体 5 n\n大模型 3\n智慧病房 数字疗法 医疗数据要素\nAI 医生\n互联网医院 # 注释\n",
        )
        .unwrap();
        let d = SegmentParams::load_dictionary(&path).unwrap();
        assert_eq!(
            d.words,
            ["医共体", "大模型", "智慧病房", "AI", "互联网医院"]
        );
        assert_eq!(d.warnings.len(), 2, "{:?}", d.warnings);
        assert!(
            d.warnings[0].contains(
                "dictionary.txt: line 3: only '智慧病房' was added, not '数字疗法 医疗数据要素'; put one word per line"
            ),
            "{}",
            d.warnings[0]
        );
        assert!(
            d.warnings[1].contains("line 4: only 'AI' was added")
                && d.warnings[1].contains("without the space ('AI医生')"),
            "{}",
            d.warnings[1]
        );
    }

    #[test]
    fn punctuation_and_spaces_are_not_features() {
        let seg = Segmenter::new(SegmentParams::default());
        let toks = seg.token_vec("AI 工厂，开启“智慧医疗”！");
        assert!(toks.iter().all(|t| is_feature_token(t)), "{toks:?}");
        assert!(toks.contains(&"AI"));
    }
}
