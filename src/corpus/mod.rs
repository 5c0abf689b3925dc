//! The domain: report issues and the articles in them.
//!
//! A report file (周报 weekly or 月报 monthly) is one [`Issue`]: a number, a
//! publication date, a monitoring period, and a handful of [`Article`]s.
//! Parsing lives in [`parse`]; decoding bytes into text in [`decode`]; reading
//! PDF and DOCX in [`formats`]; walking directories in [`walk`].

pub mod decode;
pub mod formats;
mod numbering;
pub mod parse;
pub mod walk;

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Error;

/// Which series a report belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Series {
    /// 周报
    Weekly,
    /// 月报
    Monthly,
}

impl Series {
    /// Whether `series` holds both 周报 and 月报, whose issue numbers run
    /// apart (unknown series are passed over).
    pub fn both_in(series: impl IntoIterator<Item = Option<Series>>) -> bool {
        let mut all = series.into_iter().flatten();
        all.next().is_some_and(|first| all.any(|s| s != first))
    }

    /// The series' Chinese name: 周报 or 月报.
    pub fn zh(self) -> &'static str {
        match self {
            Series::Weekly => "周报",
            Series::Monthly => "月报",
        }
    }
}

/// The header of one report issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// 周报/月报, when the text (title or lead) says which.
    pub series: Option<Series>,
    /// Issue number (第六五四期 → 654); `None` when neither text nor file name has one.
    pub number: Option<u32>,
    /// Publication date of the issue.
    pub date: Option<NaiveDate>,
    /// First day of the monitoring period (本期导语: 时间从 … 到 …).
    pub period_start: Option<NaiveDate>,
    /// Last day of the monitoring period.
    pub period_end: Option<NaiveDate>,
    /// The file the issue was read from.
    pub source_file: String,
}

/// What tells an issue apart from another when records are read twice: its
/// header (series, number, date, monitoring period), and for an issue with
/// neither number nor date, its file. See [`Issue::identity`].
pub type IssueIdentity = (
    (
        Option<Series>,
        Option<u32>,
        Option<NaiveDate>,
        Option<NaiveDate>,
        Option<NaiveDate>,
    ),
    String,
);

impl Issue {
    /// The issue's [`IssueIdentity`]; `file` gives the name its
    /// `source_file` is compared by (only asked for an issue with neither
    /// number nor date, where only the file tells two issues apart).
    pub fn identity(&self, file: impl FnOnce(&str) -> String) -> IssueIdentity {
        let file = match (self.number, self.date) {
            (None, None) => file(&self.source_file),
            _ => String::new(),
        };
        (
            (
                self.series,
                self.number,
                self.date,
                self.period_start,
                self.period_end,
            ),
            file,
        )
    }
}

/// Keep the first of the records that share a `key`, in order; returns how
/// many were dropped (an article read twice, from two inputs or a file
/// appended to another twice).
pub fn drop_repeated<T, K: std::hash::Hash + Eq>(
    records: &mut Vec<T>,
    mut key: impl FnMut(&T) -> K,
) -> usize {
    let before = records.len();
    let mut seen = std::collections::HashSet::new();
    records.retain(|r| seen.insert(key(r)));
    before - records.len()
}

/// One news article inside an issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Stable identity derived from the normalised title: survives re-ingestion,
    /// so labels keyed by it stay attached.
    pub key: String,
    /// 1-based position in the issue.
    pub ordinal: u32,
    pub title: String,
    /// Source outlet (来源), e.g. 新华网.
    pub source: Option<String>,
    /// The article's URL (链接), rejoined when a line break split it.
    pub link: Option<String>,
    /// The article's own date (the `2025-12-14 来源：…` line), when present.
    pub date: Option<NaiveDate>,
    /// The outlet's original headline (来源标题/原标题), when the report gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_title: Option<String>,
    /// Body text (主要内容), paragraphs separated by `\n`.
    pub text: String,
}

/// What a [`Warning`] (or note) of reading reports is about, so that a
/// caller can count or cap the kinds a long archive gives once per file
/// without reading their text. The order of the variants is the order in
/// which `yuqing ingest` lists the kinds it caps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// An article whose body repeats an earlier article's: a story
    /// republished (`… repeats article …`).
    Repeat,
    /// A file holding an issue already read from another file (the PDF and
    /// DOCX of one issue), read once (`same issue as …; read once`).
    SameIssue,
    /// A header date more than a month after today, alone or with the
    /// monitoring period (`… in the future (today is …)`).
    DatedInFuture,
    /// No monitoring period (时间从…到…) in the lead.
    NoPeriod,
    /// Neither 周报 nor 月报 named in the title, the running headers or the
    /// lead.
    NoSeries,
    /// No publication date in the header.
    NoDate,
    /// No issue number (第…期) in the header or the file name: a note when
    /// the issue is placed by its date, a warning when it has no date either.
    NoNumber,
    /// Issue numbers and dates of one series running in opposite directions
    /// (issue N+1 dated before issue N).
    OutOfOrder,
    /// Anything else (the table of contents and the sections disagree, a
    /// date outside its monitoring period, …).
    Other,
}

/// A warning or note of reading reports: its [`WarningKind`] and its text,
/// which names the file and says what to do. It displays as its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub kind: WarningKind,
    pub message: String,
}

impl Warning {
    pub fn new(kind: WarningKind, message: impl Into<String>) -> Warning {
        Warning {
            kind,
            message: message.into(),
        }
    }

    /// A warning of [`WarningKind::Other`].
    pub fn other(message: impl Into<String>) -> Warning {
        Warning::new(WarningKind::Other, message)
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A parsed report: the issue header and its articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub issue: Issue,
    pub articles: Vec<Article>,
    /// Things the parser noticed but could recover from (table of contents and
    /// sections disagree, no issue number, …). Each names the file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
    /// Things worth knowing that cost nothing (an issue without a number,
    /// placed by its date). Each names the file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Warning>,
}

/// One line of a corpus file (`yuqing ingest` output): an article with its issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusRecord {
    pub issue: Issue,
    #[serde(flatten)]
    pub article: Article,
    /// Key of an earlier article this one republishes (near-duplicate body), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
}

/// The stable key of an article title: FNV-1a over the title with whitespace
/// and punctuation removed and full-width forms folded, as 16 hex digits.
pub fn article_key(title: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in title.chars().map(fold_width) {
        if c.is_whitespace() || c.is_ascii_punctuation() || is_cjk_punct(c) {
            continue;
        }
        let mut buf = [0u8; 4];
        for b in c
            .to_lowercase()
            .next()
            .unwrap_or(c)
            .encode_utf8(&mut buf)
            .bytes()
        {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// Fold a full-width ASCII variant (！，：Ａ１) to its half-width form, and the
/// ideographic space to a plain space.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// A title as quoted in a warning: at most 60 characters, then `…`, so a
/// runaway heading does not fill the screen.
pub fn clip(s: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 60;
    match s.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &s[..at]).into(),
        None => s.into(),
    }
}

/// What [`read_error`] failed to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entry {
    File,
    Folder,
}

/// A failure to open or read a report file or folder, in plain words with
/// what to do, instead of the operating system's text (`Permission denied
/// (os error 13)`). The error keeps its kind.
pub(crate) fn read_error(path: &Path, e: std::io::Error, what: Entry) -> Error {
    use std::io::ErrorKind;
    let (noun, copy) = match what {
        Entry::File => ("file", "copy the report"),
        Entry::Folder => ("folder", "copy the reports"),
    };
    let message = match e.kind() {
        ErrorKind::PermissionDenied => format!(
            "no permission to read this {noun}; ask its owner for access, or {copy} to a folder of your own"
        ),
        ErrorKind::NotFound => format!(
            "no such file or directory; check the path{}",
            crate::io::relative_hint(path)
        ),
        _ => format!(
            "cannot read this {noun} ({e}); check that the disk or network share is still there, then try again"
        ),
    };
    Error::io(path, std::io::Error::new(e.kind(), message))
}

/// CJK punctuation that carries no meaning for identity or comparison.
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}' | '\u{2010}'..='\u{2027}' | '\u{FE30}'..='\u{FE4F}' | '·')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_ignores_width_space_and_punctuation() {
        assert_eq!(
            article_key("让医院告别信息孤岛, AI 工厂开启智慧医疗新范式"),
            article_key("让医院告别信息孤岛，AI工厂开启智慧医疗新范式")
        );
        assert_ne!(
            article_key("北京首个数字医疗产业园扩容"),
            article_key("北京首个数字医疗产业园再“生长”")
        );
    }
}
