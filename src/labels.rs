//! Human-editable training data: the theme taxonomy, hand-labelled articles,
//! the domain dictionary, and generic `label<TAB>text` files.
//!
//! A labels directory holds
//! - `themes.toml`: `[[theme]]` tables with `id`, `zh`, `en`, `scope`, `keywords`;
//! - `articles.csv`: `key,issue,title,primary,secondary` — one labelled article a
//!   row, keyed by [`crate::corpus::article_key`] (an empty key is derived from
//!   the title), `secondary` a `;`-separated list of theme ids;
//! - `dictionary.txt`: domain words jieba must keep whole, one a line.
//!
//! [`suggest`] drafts `articles.csv` rows for articles nobody has labelled yet,
//! from a model's predictions, for an analyst to correct rather than type.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::corpus::{article_key, CorpusRecord};
use crate::error::{Error, Result};

/// One theme of the taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    pub id: String,
    pub zh: String,
    pub en: String,
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub keywords: Vec<String>,
}

#[derive(Deserialize)]
struct ThemesFile {
    theme: Vec<Theme>,
}

/// Read and validate `themes.toml`.
pub fn load_themes(path: &Path) -> Result<Vec<Theme>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let file: ThemesFile = toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
        Error::Format {
            path: path.to_path_buf(),
            line,
            message: format!(
                "{}; each theme is a [[theme]] table with id, zh, en, scope, keywords",
                e.message()
            ),
        }
    })?;
    let mut seen = HashSet::new();
    for t in &file.theme {
        if t.id.is_empty()
            || !t
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(Error::format(
                path,
                format!("theme id '{}' must be ASCII letters, digits, _ or -", t.id),
            ));
        }
        if !seen.insert(t.id.clone()) {
            return Err(Error::format(
                path,
                format!("theme id '{}' is defined twice", t.id),
            ));
        }
    }
    if file.theme.len() < 2 {
        return Err(Error::format(
            path,
            "define at least two [[theme]] tables to classify between",
        ));
    }
    Ok(file.theme)
}

/// One labelled article row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelRow {
    pub key: String,
    pub issue: Option<u32>,
    pub title: String,
    pub primary: String,
    pub secondary: Vec<String>,
    /// 1-based line in the CSV file (header is line 1).
    pub line: usize,
}

#[derive(Deserialize)]
struct RawRow {
    #[serde(default)]
    key: String,
    #[serde(default)]
    issue: String,
    #[serde(default)]
    title: String,
    primary: String,
    #[serde(default)]
    secondary: String,
}

/// Read `articles.csv`, checking every theme id against `themes`.
pub fn load_label_rows(path: &Path, themes: &[Theme]) -> Result<Vec<LabelRow>> {
    let ids: HashSet<&str> = themes.iter().map(|t| t.id.as_str()).collect();
    let known = || {
        themes
            .iter()
            .map(|t| t.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    // Flexible: rows copied from `yuqing suggest` output carry extra columns
    // (confidence, theme name), which are ignored.
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_path(path)
        .map_err(|e| Error::format(path, e.to_string()))?;
    let mut rows = Vec::new();
    for (i, rec) in rdr.deserialize::<RawRow>().enumerate() {
        let line = i + 2;
        let raw = rec.map_err(|e| {
            Error::format_at(
                path,
                line,
                format!("{e}; columns are key,issue,title,primary,secondary"),
            )
        })?;
        let check = |id: &str| -> Result<()> {
            if ids.contains(id) {
                Ok(())
            } else {
                Err(Error::format_at(
                    path,
                    line,
                    format!("unknown theme '{id}'; known themes: {}", known()),
                ))
            }
        };
        check(&raw.primary)?;
        let secondary: Vec<String> = raw
            .secondary
            .split([';', '；', ',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty() && *s != raw.primary)
            .map(String::from)
            .collect();
        for s in &secondary {
            check(s)?;
        }
        if raw.key.is_empty() && raw.title.is_empty() {
            return Err(Error::format_at(
                path,
                line,
                "row has neither key nor title; give at least the article title",
            ));
        }
        let issue = match raw.issue.as_str() {
            "" => None,
            s => Some(s.parse().map_err(|_| {
                Error::format_at(path, line, format!("issue '{s}' is not a whole number"))
            })?),
        };
        let key = if raw.key.is_empty() {
            article_key(&raw.title)
        } else {
            raw.key
        };
        rows.push(LabelRow {
            key,
            issue,
            title: raw.title,
            primary: raw.primary,
            secondary,
            line,
        });
    }
    Ok(rows)
}

/// A drafted label: an `articles.csv` row filled in from a model's
/// prediction, plus how sure the model was. The first five fields are the
/// `articles.csv` columns, so the rows can be copied there once checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuggestedLabel {
    pub key: String,
    pub issue: String,
    pub title: String,
    pub primary: String,
    /// `;`-separated theme ids.
    pub secondary: String,
    /// The primary theme's score in \[0, 1\].
    pub confidence: f32,
    /// Chinese name of the primary theme, to read the row without the taxonomy.
    pub primary_name: String,
}

/// Drafted labels for the classified articles that are not labelled yet
/// (no row in `labelled` with the same key), least confident first: those
/// are the ones worth an analyst's attention. Republished stories (see
/// [`ClassifiedRecord::duplicate_of`](crate::ClassifiedRecord)) are left
/// out; their first publication is drafted.
pub fn suggest(records: &[crate::ClassifiedRecord], labelled: &[LabelRow]) -> Vec<SuggestedLabel> {
    let known: HashSet<&str> = labelled.iter().map(|r| r.key.as_str()).collect();
    let mut out: Vec<SuggestedLabel> = records
        .iter()
        .filter(|r| r.duplicate_of.is_none() && !known.contains(r.key.as_str()))
        .map(|r| SuggestedLabel {
            key: r.key.clone(),
            issue: r.issue.number.map(|n| n.to_string()).unwrap_or_default(),
            title: r.title.clone(),
            primary: r.primary.clone(),
            secondary: r.secondary.join(";"),
            confidence: (r.scores.get(&r.primary).copied().unwrap_or(0.0) * 1e4).round() / 1e4,
            primary_name: r.primary_name.clone(),
        })
        .collect();
    out.sort_by(|a, b| a.confidence.total_cmp(&b.confidence));
    out
}

/// Write drafted labels as CSV (with a BOM so Excel/WPS read the Chinese),
/// atomically.
pub fn write_suggestions(path: &Path, rows: &[SuggestedLabel]) -> Result<()> {
    crate::io::write_atomic(path, |w| {
        w.write_all("\u{feff}".as_bytes())
            .map_err(|e| Error::io(path, e))?;
        let mut out = csv::Writer::from_writer(w);
        if rows.is_empty() {
            out.write_record([
                "key",
                "issue",
                "title",
                "primary",
                "secondary",
                "confidence",
                "primary_name",
            ])
            .map_err(|e| Error::format(path, e.to_string()))?;
        }
        for r in rows {
            out.serialize(r)
                .map_err(|e| Error::format(path, e.to_string()))?;
        }
        out.flush().map_err(|e| Error::io(path, e))
    })
}

/// A labels directory, loaded.
#[derive(Debug, Clone)]
pub struct LabelSet {
    pub dir: PathBuf,
    pub themes: Vec<Theme>,
    pub rows: Vec<LabelRow>,
    pub dictionary: Vec<String>,
}

impl LabelSet {
    pub fn load(dir: &Path) -> Result<LabelSet> {
        if !dir.is_dir() {
            return Err(Error::format(dir, "labels directory not found; pass --labels with the folder that holds themes.toml and articles.csv"));
        }
        let themes = load_themes(&dir.join("themes.toml"))?;
        let rows = load_label_rows(&dir.join("articles.csv"), &themes)?;
        let dict_path = dir.join("dictionary.txt");
        let dictionary = if dict_path.exists() {
            crate::segment::SegmentParams::load_dictionary(&dict_path)?
        } else {
            Vec::new()
        };
        Ok(LabelSet {
            dir: dir.to_path_buf(),
            themes,
            rows,
            dictionary,
        })
    }
}

/// A class the model predicts: a theme, or a label of a TSV file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassInfo {
    pub id: String,
    /// Display name (Chinese theme name; the id for TSV labels).
    pub name: String,
}

/// One training document.
#[derive(Debug, Clone)]
pub struct TrainingDoc {
    pub text: String,
    pub primary: usize,
    /// Every class of the document, primary included.
    pub classes: Vec<usize>,
    /// True for documents built from theme keywords rather than articles;
    /// they are always in the training folds, never evaluated.
    pub pseudo: bool,
}

/// Documents with classes, ready for [`crate::model::train`].
#[derive(Debug, Clone)]
pub struct TrainingSet {
    pub classes: Vec<ClassInfo>,
    pub docs: Vec<TrainingDoc>,
    pub user_words: Vec<String>,
    /// Labelled rows that matched no article, and similar notes.
    pub warnings: Vec<String>,
}

impl TrainingSet {
    /// Read a `label<TAB>text` file (one document a line; blank lines skipped).
    pub fn from_tsv(path: &Path) -> Result<TrainingSet> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut pairs = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let Some((label, body)) = line.split_once('\t') else {
                return Err(Error::format_at(
                    path,
                    i + 1,
                    "no TAB found; each line must be label<TAB>text",
                ));
            };
            let label = label.trim();
            if label.is_empty() {
                return Err(Error::format_at(path, i + 1, "empty label before the TAB"));
            }
            pairs.push((label.to_string(), body.to_string()));
        }
        if pairs.is_empty() {
            return Err(Error::format(path, "no label<TAB>text lines found"));
        }
        let mut labels: Vec<String> = pairs.iter().map(|p| p.0.clone()).collect();
        labels.sort();
        labels.dedup();
        let index: HashMap<&str, usize> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.as_str(), i))
            .collect();
        let docs = pairs
            .iter()
            .map(|(l, t)| {
                let c = index[l.as_str()];
                TrainingDoc {
                    text: t.clone(),
                    primary: c,
                    classes: vec![c],
                    pseudo: false,
                }
            })
            .collect();
        Ok(TrainingSet {
            classes: labels
                .iter()
                .map(|l| ClassInfo {
                    id: l.clone(),
                    name: l.clone(),
                })
                .collect(),
            docs,
            user_words: Vec::new(),
            warnings: Vec::new(),
        })
    }

    /// Join labelled rows with ingested articles by key. With
    /// `keyword_docs`, each theme's keywords also become one pseudo-document
    /// of that theme, so a theme with few labelled articles still has a prior.
    pub fn from_labels(
        labels: &LabelSet,
        corpus: &[CorpusRecord],
        keyword_docs: bool,
    ) -> Result<TrainingSet> {
        let index: HashMap<&str, usize> = labels
            .themes
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.as_str(), i))
            .collect();
        let by_key: HashMap<&str, &CorpusRecord> =
            corpus.iter().map(|r| (r.article.key.as_str(), r)).collect();
        let mut docs = Vec::new();
        let mut warnings = Vec::new();
        let mut used = HashSet::new();
        let csv = labels.dir.join("articles.csv");
        for row in &labels.rows {
            let Some(rec) = by_key.get(row.key.as_str()) else {
                warnings.push(format!(
                    "{}: line {}: no ingested article has key {} ('{}'); pass the report that contains it with --corpus",
                    csv.display(), row.line, row.key, row.title
                ));
                continue;
            };
            if !used.insert(row.key.as_str()) {
                warnings.push(format!(
                    "{}: line {}: article {} is labelled twice; the first row is used",
                    csv.display(),
                    row.line,
                    row.key
                ));
                continue;
            }
            let primary = index[row.primary.as_str()];
            let mut classes = vec![primary];
            classes.extend(row.secondary.iter().map(|s| index[s.as_str()]));
            docs.push(TrainingDoc {
                text: article_text(&rec.article.title, &rec.article.text),
                primary,
                classes,
                pseudo: false,
            });
        }
        if docs.is_empty() {
            return Err(Error::Data(format!(
                "none of the {} labelled rows in {} matched an ingested article; check --corpus",
                labels.rows.len(),
                csv.display()
            )));
        }
        if keyword_docs {
            for (i, t) in labels.themes.iter().enumerate() {
                if !t.keywords.is_empty() {
                    docs.push(TrainingDoc {
                        text: format!("{} {}", t.zh, t.keywords.join(" ")),
                        primary: i,
                        classes: vec![i],
                        pseudo: true,
                    });
                }
            }
        }
        Ok(TrainingSet {
            classes: labels
                .themes
                .iter()
                .map(|t| ClassInfo {
                    id: t.id.clone(),
                    name: t.zh.clone(),
                })
                .collect(),
            docs,
            user_words: labels.dictionary.clone(),
            warnings,
        })
    }

    /// Articles (not pseudo-documents) per class, counting primary and secondary.
    pub fn counts(&self) -> Vec<(usize, usize)> {
        let mut c = vec![(0, 0); self.classes.len()];
        for d in self.docs.iter().filter(|d| !d.pseudo) {
            c[d.primary].0 += 1;
            for &k in d.classes.iter().filter(|&&k| k != d.primary) {
                c[k].1 += 1;
            }
        }
        c
    }
}

/// The text a model sees for an article: title, then body.
pub fn article_text(title: &str, body: &str) -> String {
    format!("{title}\n{body}")
}
