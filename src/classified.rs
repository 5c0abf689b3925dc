//! Classified articles: the output of `yuqing classify` and the input of
//! `yuqing trend`, as JSON Lines (one article a line) or CSV.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::corpus::{CorpusRecord, Issue};
use crate::error::{Error, Result};
use crate::io::{io_err, Staged};
use crate::model::{Model, Prediction};

/// One article with its predicted themes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassifiedRecord {
    pub issue: Issue,
    pub key: String,
    pub ordinal: u32,
    pub title: String,
    pub source: Option<String>,
    pub link: Option<String>,
    /// The article's own date (the `2025-12-14 来源：…` line), which places an
    /// issue whose header has no date on the time axis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<chrono::NaiveDate>,
    /// Theme id of the primary theme.
    pub primary: String,
    /// Chinese name of the primary theme.
    pub primary_name: String,
    /// Other themes whose score reached the threshold, best first.
    pub secondary: Vec<String>,
    /// Score in \[0, 1\] of every theme, by theme id.
    pub scores: BTreeMap<String, f32>,
    /// Key of an earlier article this one republishes, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
}

impl ClassifiedRecord {
    pub fn new(rec: &CorpusRecord, pred: &Prediction, model: &Model) -> ClassifiedRecord {
        let classes = model.classes();
        ClassifiedRecord {
            issue: rec.issue.clone(),
            key: rec.article.key.clone(),
            ordinal: rec.article.ordinal,
            title: rec.article.title.clone(),
            source: rec.article.source.clone(),
            link: rec.article.link.clone(),
            date: rec.article.date,
            primary: classes[pred.primary].id.clone(),
            primary_name: classes[pred.primary].name.clone(),
            secondary: pred
                .secondary
                .iter()
                .map(|&k| classes[k].id.clone())
                .collect(),
            scores: classes
                .iter()
                .zip(&pred.scores)
                .map(|(c, s)| (c.id.clone(), (s * 10_000.0).round() / 10_000.0))
                .collect(),
            duplicate_of: rec.duplicate_of.clone(),
        }
    }
}

/// Output format, chosen from the file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    JsonLines,
    Csv,
}

impl Format {
    pub fn from_path(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") => Format::Csv,
            _ => Format::JsonLines,
        }
    }
}

/// Write records atomically as JSON Lines or CSV (by extension). `themes`
/// orders the CSV's score columns (see [`score_columns`]): give the model's
/// classes, which for the theme model are in the order of
/// `labels/themes.toml`, as `yuqing themes` and the charts show them (with
/// none, or for JSON Lines, which name each score, `&[]`: the ids' order).
pub fn write_records(path: &Path, records: &[ClassifiedRecord], themes: &[&str]) -> Result<()> {
    let mut out = Staged::new();
    stage_records(&mut out, path, records, themes)?;
    out.commit()
}

/// [`write_records`] into `out`, put in place by [`Staged::commit`].
pub fn stage_records(
    out: &mut Staged,
    path: &Path,
    records: &[ClassifiedRecord],
    themes: &[&str],
) -> Result<()> {
    match Format::from_path(path) {
        Format::JsonLines => stage_jsonl(out, path, records),
        Format::Csv => out.write(path, |w| {
            // A BOM so that Excel/WPS open the Chinese text as UTF-8.
            w.write_all("\u{feff}".as_bytes()).map_err(io_err(path))?;
            let themes = records
                .first()
                .map(|r| score_columns(r, themes))
                .unwrap_or_default();
            let mut out = csv::Writer::from_writer(w);
            let mut header = vec![
                "issue_number",
                "issue_date",
                "series",
                "ordinal",
                "title",
                "source",
                "link",
                "primary",
                "primary_name",
                "secondary",
                "duplicate_of",
            ]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>();
            header.extend(themes.iter().map(|t| format!("score_{t}")));
            out.write_record(&header)
                .map_err(|e| Error::format(path, e.to_string()))?;
            for r in records {
                let mut row = vec![
                    r.issue.number.map(|n| n.to_string()).unwrap_or_default(),
                    r.issue.date.map(|d| d.to_string()).unwrap_or_default(),
                    // As the trend table names the series, for one sheet.
                    r.issue
                        .series
                        .map(|s| s.zh().to_string())
                        .unwrap_or_default(),
                    r.ordinal.to_string(),
                    spreadsheet_text(&r.title),
                    spreadsheet_text(r.source.as_deref().unwrap_or_default()),
                    spreadsheet_text(r.link.as_deref().unwrap_or_default()),
                    r.primary.clone(),
                    r.primary_name.clone(),
                    r.secondary.join(";"),
                    r.duplicate_of.clone().unwrap_or_default(),
                ];
                row.extend(themes.iter().map(|t| {
                    r.scores
                        .get(t)
                        .map(|s| format!("{s:.4}"))
                        .unwrap_or_default()
                }));
                out.write_record(&row)
                    .map_err(|e| Error::format(path, e.to_string()))?;
            }
            out.flush().map_err(io_err(path))
        }),
    }
}

/// The themes `record` scores, as the CSV's score columns: first those of
/// `order` (the model's classes), in that order, then any other, by id (a
/// theme `order` does not name is still written, never dropped).
pub fn score_columns(record: &ClassifiedRecord, order: &[&str]) -> Vec<String> {
    let named = order
        .iter()
        .copied()
        .filter(|t| record.scores.contains_key(*t));
    let mut columns: Vec<String> = Vec::new();
    for t in named.chain(record.scores.keys().map(String::as_str)) {
        if !columns.iter().any(|c| c == t) {
            columns.push(t.to_string());
        }
    }
    columns
}

/// Text from a report for a CSV cell that Excel/WPS will open: a cell
/// starting with `=`, `+`, `-` or `@` would be run as a formula, so it gets a
/// leading `'`, which spreadsheets show as text and do not display.
pub fn spreadsheet_text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// Write any serialisable records as JSON Lines, atomically.
pub fn write_jsonl<T: Serialize>(path: &Path, records: &[T]) -> Result<()> {
    let mut out = Staged::new();
    stage_jsonl(&mut out, path, records)?;
    out.commit()
}

/// [`write_jsonl`] into `out`, put in place by [`Staged::commit`].
pub fn stage_jsonl<T: Serialize>(out: &mut Staged, path: &Path, records: &[T]) -> Result<()> {
    out.write(path, |w| {
        for r in records {
            serde_json::to_writer(&mut *w, r).map_err(|e| Error::format(path, e.to_string()))?;
            w.write_all(b"\n").map_err(io_err(path))?;
        }
        Ok(())
    })
}

/// Why a line is not a `what` record, with advice for the usual mix-ups: a
/// CSV or a report given where JSON Lines belong, or the corpus of `ingest`
/// where the output of `classify` belongs.
fn not_a_record(path: &Path, line: &str, what: &str, e: &serde_json::Error) -> String {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let value: Option<serde_json::Value> = serde_json::from_str(line).ok();
    let has = |field: &str| value.as_ref().is_some_and(|v| v.get(field).is_some());
    let jsonl = if what == "classified article" {
        "the .jsonl written by `yuqing classify -o FILE.jsonl` (or by `yuqing run`)"
    } else {
        "a .jsonl file written by `yuqing ingest`"
    };
    if value.is_none() && matches!(ext.as_deref(), Some("csv" | "tsv" | "txt" | "md" | "xlsx")) {
        format!("this is not JSON Lines; give {jsonl}")
    } else if what == "corpus" && has("primary") && !has("text") {
        "this is the output of `yuqing classify` (classified articles, without their text); give the corpus .jsonl written by `yuqing ingest`, or the report files themselves".to_string()
    } else if what == "classified article" && has("text") && !has("primary") {
        "these articles are not classified yet (this is the corpus written by `yuqing ingest`); run `yuqing classify` on it first and give its .jsonl output".to_string()
    } else {
        format!("not a {what} record ({e}); give {jsonl}")
    }
}

/// Read JSON Lines of `T`, naming the line of any bad record.
pub fn read_jsonl<T: for<'de> Deserialize<'de>>(path: &Path, what: &str) -> Result<Vec<T>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| Error::io(path, e))?;
        let line = line.trim_start_matches('\u{feff}');
        if line.trim().is_empty() {
            continue;
        }
        let rec = serde_json::from_str(line)
            .map_err(|e| Error::format_at(path, i + 1, not_a_record(path, line, what, &e)))?;
        out.push(rec);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_in_report_text_stay_text_in_spreadsheets() {
        assert_eq!(
            spreadsheet_text("=HYPERLINK(\"http://x\")新闻"),
            "'=HYPERLINK(\"http://x\")新闻"
        );
        for s in ["+86 热线", "-5% 下降", "@某医院"] {
            assert!(spreadsheet_text(s).starts_with('\''), "{s}");
        }
        for s in [
            "北京首个数字医疗产业园扩容",
            "https://example.cn/a",
            "5G 医疗",
        ] {
            assert_eq!(spreadsheet_text(s), s);
        }
        // The key of a title copied back from the spreadsheet is unchanged.
        assert_eq!(
            crate::corpus::article_key(&spreadsheet_text("=新闻")),
            crate::corpus::article_key("=新闻")
        );
    }
}
