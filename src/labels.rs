//! Human-editable training data: the theme taxonomy, hand-labelled articles,
//! the domain dictionary, and generic `label<TAB>text` files.
//!
//! A labels directory holds
//! - `themes.toml`: `[[theme]]` tables with `id`, `zh`, `en`, `scope`, `keywords`;
//! - `articles.csv`: `key,issue,title,primary,secondary` — one labelled article a
//!   row, keyed by [`crate::corpus::article_key`] (an empty key is derived from
//!   the title), `secondary` a `;`-separated list of theme ids (a theme may
//!   also be written by its Chinese name, see `ThemeNames`);
//! - `dictionary.txt`: domain words jieba must keep whole, one a line.
//!
//! [`suggest`] drafts `articles.csv` rows for articles nobody has labelled yet,
//! from a model's predictions, for an analyst to correct rather than type.
//!
//! Every file here is read as the report decoder
//! ([`crate::corpus::decode::decode`]) reads text, so UTF-8 with or without
//! BOM, UTF-16 and GBK/GB18030 (what Excel and WPS save on Chinese Windows,
//! sometimes behind a UTF-8 byte-order mark) all work, with CRLF or LF line
//! endings.

use crate::io::ShowPath;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::corpus::{article_key, CorpusRecord};
use crate::error::{capped, Error, Result, WARNINGS_SHOWN};

/// The kinds of hand-edited text file, for the advice in error messages.
#[derive(Clone, Copy)]
pub(crate) enum FileKind {
    Themes,
    Articles,
    Tsv,
    /// The domain dictionary (may be empty).
    Dictionary,
}

impl FileKind {
    fn expected(self) -> &'static str {
        match self {
            FileKind::Themes => {
                "themes.toml holds [[theme]] tables with id, zh, en, scope, keywords"
            }
            FileKind::Articles => {
                "articles.csv holds a header line key,issue,title,primary,secondary and one labelled article a row"
            }
            FileKind::Tsv => "a training or test file holds one label<TAB>text line a document",
            FileKind::Dictionary => "dictionary.txt holds one word a line",
        }
    }

    /// How to save the file again as readable text.
    fn save_as_text(self) -> &'static str {
        match self {
            FileKind::Articles => {
                "in Excel or WPS use 另存为 (Save As) and choose CSV UTF-8 (逗号分隔)"
            }
            FileKind::Tsv => {
                "in Excel or WPS use 另存为 (Save As) and choose Unicode 文本, or save it as UTF-8 in a text editor"
            }
            FileKind::Themes | FileKind::Dictionary => {
                "open it in a text editor and save it again with the encoding UTF-8"
            }
        }
    }

    fn save_as(self) -> &'static str {
        match self {
            FileKind::Themes => "save themes.toml with a text editor instead",
            FileKind::Articles => "in Excel or WPS use 另存为 (Save As) and choose CSV (逗号分隔)",
            FileKind::Tsv => "in Excel or WPS use 另存为 (Save As) and choose 文本文件(制表符分隔)",
            FileKind::Dictionary => "save dictionary.txt with a text editor instead",
        }
    }
}

/// Read a text file an analyst edits by hand in whatever encoding the editor
/// saved it (see the module documentation). A byte-order mark is dropped and
/// line endings become `\n`, so line numbers stay those an editor shows.
pub(crate) fn read_text(path: &Path, kind: FileKind) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        if matches!(kind, FileKind::Dictionary) {
            return Ok(String::new());
        }
        return Err(Error::format(
            path,
            format!("file is empty; {}", kind.expected()),
        ));
    }
    // .xlsx (a zip archive) and the older .xls (an OLE compound file).
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(Error::format(
            path,
            format!(
                "is an Excel/WPS workbook, not a text file; {}",
                kind.save_as()
            ),
        ));
    }
    // UTF-16 without a byte-order mark (which, in ASCII, is also valid UTF-8).
    if body.contains(&0) && crate::corpus::decode::sniff_utf16(body).is_some() {
        return crate::corpus::decode::decode(path, body);
    }
    // Valid UTF-8 is taken as it is: public data sets carry stray NUL bytes
    // in otherwise good text, which the report decoder would refuse.
    if let Ok(text) = std::str::from_utf8(body) {
        // As the decoder does: csv numbers the lines of CRLF files wrongly.
        return Ok(crate::corpus::decode::normalise_newlines(text));
    }
    let utf16_bom = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if utf16_bom {
        return crate::corpus::decode::decode(path, &bytes);
    }
    if bytes.contains(&0) {
        return Err(Error::format(
            path,
            format!(
                "looks like a binary file, not text (it contains NUL bytes); {}",
                kind.expected()
            ),
        ));
    }
    // GBK/GB18030, as the report decoder reads text that is not UTF-8. Some
    // editors put a UTF-8 byte-order mark in front of GBK text; the mark was
    // dropped above, so such a file is read too.
    if let Some(text) =
        encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(body)
    {
        return Ok(crate::corpus::decode::normalise_newlines(&text));
    }
    // The line where reading stops, in whichever encoding goes further.
    let utf8_ok = std::str::from_utf8(body)
        .err()
        .map_or(0, |e| e.valid_up_to());
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(body.len())
            .unwrap_or(0),
    );
    let (_, gbk_read) = decoder.decode_to_string_without_replacement(body, &mut out, true);
    let bad = utf8_ok.max(gbk_read.saturating_sub(1)).min(body.len());
    let line = 1 + body[..bad].iter().filter(|&&b| b == b'\n').count();
    Err(Error::format_at(
        path,
        line,
        format!(
            "this line is neither UTF-8 nor GBK/GB18030 text (the file may be in another encoding, or damaged); {}",
            kind.save_as_text()
        ),
    ))
}

/// One theme of the taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub id: String,
    pub zh: String,
    pub en: String,
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// The keys of a `[[theme]]` table, in the order of [`Theme`]'s fields.
const THEME_KEYS: [&str; 5] = ["id", "zh", "en", "scope", "keywords"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemesFile {
    theme: Vec<Theme>,
}

/// Read and validate `themes.toml`.
///
/// A misspelt key (`keyword`) or table (`[[themes]]`) is an error naming its
/// line and the nearest valid name, not silently dropped; so is full-width
/// punctuation typed with a Chinese input method (`zh：`, `“…”`).
pub fn load_themes(path: &Path) -> Result<Vec<Theme>> {
    let text = read_text(path, FileKind::Themes)?;
    let file: ThemesFile = toml::from_str(&text).map_err(|e| toml_error(path, &text, &e))?;
    // The lines that define each theme's id, in order, for messages.
    let id_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.split_once('=').is_some_and(|(k, _)| k.trim() == "id"))
        .map(|(i, _)| i + 1)
        .collect();
    let at = |i: usize, message: String| match id_lines.get(i) {
        Some(&line) if id_lines.len() == file.theme.len() => Error::format_at(path, line, message),
        _ => Error::format(path, message),
    };
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, t) in file.theme.iter().enumerate() {
        if t.id.is_empty()
            || !t
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            let advice = if t.id.trim().is_empty() {
                "give the theme a short id".to_string()
            } else if t.id.trim() != t.id {
                format!("remove the spaces around it (id = \"{}\")", t.id.trim())
            } else if t.id.is_ascii() {
                "write it with ASCII letters, digits, _ or - only (no spaces)".to_string()
            } else {
                "ids are ASCII letters, digits, _ or - (such as policy); the Chinese name goes in zh".to_string()
            };
            return Err(at(
                i,
                format!("theme id '{}' cannot be used: {advice}", t.id),
            ));
        }
        if let Some(first) = seen.insert(&t.id, i) {
            let first = match id_lines.get(first) {
                Some(line) if id_lines.len() == file.theme.len() => {
                    format!(" (first on line {line})")
                }
                _ => String::new(),
            };
            return Err(at(
                i,
                format!(
                    "theme id '{}' is defined twice{first}; give each theme its own id",
                    t.id
                ),
            ));
        }
    }
    // A Chinese name stands for its theme in articles.csv and on charts.
    let mut names: HashMap<&str, &str> = HashMap::new();
    for t in &file.theme {
        if let Some(other) = names.insert(t.zh.trim(), &t.id) {
            return Err(Error::format(
                path,
                format!(
                    "themes '{other}' and '{}' have the same Chinese name (zh = \"{}\"); give each theme its own, so that charts and articles.csv tell them apart",
                    t.id, t.zh
                ),
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

/// A `themes.toml` parse error in an analyst's words: the line, what is wrong
/// on it and what to type instead.
fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> Error {
    let line_of = |offset: usize| {
        1 + text.as_bytes()[..offset.min(text.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
    };
    let mut line = e.span().map(|s| line_of(s.start));
    // `[theme]` for `[[theme]]` makes the next `[[theme]]` the error.
    let single = text.lines().position(|l| {
        let l = l.trim();
        l.starts_with('[') && !l.starts_with("[[") && l[1..].trim_start().starts_with("theme")
    });
    if single.is_some() {
        line = single.map(|i| i + 1);
    }
    let line_text = line.and_then(|n| text.lines().nth(n - 1)).unwrap_or("");
    // The library's message may run over several lines ("invalid string\n
    // expected `\"`"): one line, parts separated by "; ".
    let library = e
        .message()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    let message = if let Some((c, ascii, what)) = full_width_outside_strings(line_text) {
        format!(
            "full-width '{c}' here: {what} must be the half-width '{ascii}'; switch the input method to English punctuation (中/英 key) and retype it"
        )
    } else if let Some(key) = backquoted_after(&library, "unknown field") {
        unknown_key_message(&key, &library, line_text)
    } else if let Some(key) = backquoted_after(&library, "missing field") {
        let theme = e
            .span()
            .map(|s| theme_id_near(text, s.start))
            .unwrap_or_default();
        format!(
            "the [[theme]] table{theme} has no '{key}'; every theme needs id, zh (Chinese name) and en (English name), and may have scope and keywords"
        )
    } else if single.is_some()
        || library.contains("expected a sequence")
        || library.contains("expected an array")
    {
        "write each theme's header as [[theme]], with two brackets on each side (each theme is one table of a list)".to_string()
    } else if library.starts_with("invalid basic string")
        || library.starts_with("invalid literal string")
    {
        "a value here has no closing quote; write each text value between two half-width quotes, as in zh = \"名称\"".to_string()
    } else {
        format!("{library}; each theme is a [[theme]] table with id, zh, en, scope, keywords")
    };
    Error::Format {
        path: path.to_path_buf(),
        line,
        message,
    }
}

/// The name in backquotes after `prefix` in a serde message such as
/// "unknown field `keyword`, expected one of …".
fn backquoted_after(message: &str, prefix: &str) -> Option<String> {
    let rest = message
        .strip_prefix(prefix)?
        .trim_start()
        .strip_prefix('`')?;
    rest.split('`').next().map(str::to_string)
}

/// " 'ai_clinical'" for the `[[theme]]` table that holds `offset` when its id
/// comes before it, else "".
fn theme_id_near(text: &str, offset: usize) -> String {
    // A span may start at the table's own `[[theme]]` line.
    let offset = offset.min(text.len());
    let end = match text.get(offset..) {
        Some(rest) if rest.starts_with("[[theme]]") => offset + "[[theme]]".len(),
        _ => offset,
    };
    let start = text
        .get(..end)
        .and_then(|t| t.rfind("[[theme]]"))
        .unwrap_or(0);
    text[start..]
        .lines()
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('['))
        .find_map(|l| {
            let (k, v) = l.split_once('=')?;
            (k.trim() == "id").then(|| format!(" '{}'", v.trim().trim_matches(['"', '\''])))
        })
        .unwrap_or_default()
}

/// The message for a key or table that is not part of `themes.toml`'s format.
fn unknown_key_message(key: &str, library: &str, line_text: &str) -> String {
    // serde lists what it expected: `theme` at the top level, the theme keys
    // inside a [[theme]] table.
    let top_level = library.contains("expected `theme`");
    let line = line_text.trim_start();
    if top_level && line.starts_with('[') {
        let brackets = if line.starts_with("[[") {
            ("[[", "]]")
        } else {
            ("[", "]")
        };
        let hint = match nearest(key, &["theme"]) {
            Some(t) => format!(" (did you mean {}{t}{}?)", brackets.0, brackets.1),
            None => String::new(),
        };
        format!(
            "unknown table {}{key}{}{hint}; each theme starts with a [[theme]] line",
            brackets.0, brackets.1
        )
    } else if top_level {
        format!(
            "'{key}' is outside any [[theme]] table; put it under a [[theme]] line, or start the line with # to make it a comment"
        )
    } else {
        let hint = match nearest(key, &THEME_KEYS) {
            Some(k) => format!(" (did you mean '{k}'?)"),
            None => String::new(),
        };
        format!(
            "unknown key '{key}'{hint}; a [[theme]] table takes {}",
            THEME_KEYS.join(", ")
        )
    }
}

/// The valid name closest to a misspelt `name` (case and edit distance), if
/// one is close enough to be what was meant.
fn nearest<'a>(name: &str, valid: &[&'a str]) -> Option<&'a str> {
    let name = name.to_lowercase();
    valid
        .iter()
        .map(|v| (edit_distance(&name, v), *v))
        .filter(|&(d, v)| d <= (v.chars().count() / 3).max(1))
        .min_by_key(|&(d, _)| d)
        .map(|(_, v)| v)
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    edit_distance_chars(&a, &b)
}

fn edit_distance_chars(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The first full-width punctuation mark on a TOML line outside its quoted
/// strings (where it would be text, and fine), with the half-width mark TOML
/// needs and what that mark does.
fn full_width_outside_strings(line: &str) -> Option<(char, &'static str, &'static str)> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in line.chars() {
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => {
                if c == '"' || c == '\'' {
                    quote = Some(c);
                    continue;
                }
                if c == '#' {
                    return None;
                }
                let half = match c {
                    '：' => ("=", "the sign between a key and its value"),
                    '＝' => ("=", "the sign between a key and its value"),
                    '“' | '”' | '＂' => ("\"", "a quote around a value"),
                    '‘' | '’' => ("'", "a quote around a value"),
                    '，' => (",", "the comma between keywords"),
                    '［' | '【' => ("[", "a bracket"),
                    '］' | '】' => ("]", "a bracket"),
                    '＃' => ("#", "the mark that starts a comment"),
                    '\u{3000}' => (" ", "a space"),
                    _ => continue,
                };
                return Some((c, half.0, half.1));
            }
        }
    }
    None
}

/// The theme ids of a taxonomy by what an analyst may write in
/// `articles.csv` for them: the id in any case or width (`Industry`,
/// `ｉｎｄｕｓｔｒｙ`), or the theme's Chinese name (`数字健康产业`, the
/// `primary_name` column of `yuqing suggest`).
struct ThemeNames<'a> {
    themes: &'a [Theme],
    by_name: HashMap<String, &'a str>,
}

impl<'a> ThemeNames<'a> {
    fn new(themes: &'a [Theme]) -> ThemeNames<'a> {
        let mut by_name = HashMap::new();
        // Chinese names first, so that an id (or an id in another case)
        // written like another theme's name still means that id.
        for t in themes {
            by_name.insert(Self::fold(&t.zh), t.id.as_str());
        }
        for t in themes {
            by_name.insert(Self::fold(&t.id), t.id.as_str());
        }
        for t in themes {
            by_name.insert(t.id.clone(), t.id.as_str());
        }
        ThemeNames { themes, by_name }
    }

    /// Half-width, lower case, without spaces.
    fn fold(s: &str) -> String {
        s.chars()
            .map(crate::corpus::fold_width)
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    }

    /// The id `written` names, if it names one.
    fn resolve(&self, written: &str) -> Option<&'a str> {
        self.by_name
            .get(written)
            .or_else(|| self.by_name.get(&Self::fold(written)))
            .copied()
    }

    /// Why `written` is not a theme, with the nearest one and what to write.
    fn unknown(&self, written: &str) -> String {
        let ids: Vec<&str> = self.themes.iter().map(|t| t.id.as_str()).collect();
        let zh: Vec<&str> = self.themes.iter().map(|t| t.zh.as_str()).collect();
        let hint = if let Some(id) = nearest(&Self::fold(written), &ids) {
            format!(" (did you mean '{id}'?)")
        } else if let Some(name) = nearest(written.trim(), &zh) {
            let id = self.by_name[&Self::fold(name)];
            format!(" (did you mean '{name}', theme {id}?)")
        } else {
            String::new()
        };
        format!(
            "unknown theme '{written}'{hint}; write a theme id or its Chinese name as themes.toml defines them (known themes: {})",
            self.known()
        )
    }

    /// "ai_clinical (医疗人工智能与大模型), …".
    fn known(&self) -> String {
        self.themes
            .iter()
            .map(|t| format!("{} ({})", t.id, t.zh))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Cells of a row written with full-width commas (typed with a Chinese input
/// method) instead of the comma that separates columns: its text runs into
/// one cell, and one of the pieces between the `，` names a theme.
fn fullwidth_comma_row(rec: &csv::StringRecord, names: &ThemeNames) -> bool {
    rec.iter().any(|cell| {
        cell.contains('，')
            && cell
                .split('，')
                .skip(1)
                .any(|piece| names.resolve(piece.trim()).is_some())
    })
}

/// An issue number as analysts write it in the issue column: `654`, `第654期`,
/// `654期`, `第六五四期`, or `654.0` from a spreadsheet that stored it as a
/// decimal number.
fn parse_issue(s: &str) -> Option<u32> {
    let s = s.trim();
    let s = s.strip_prefix("总").unwrap_or(s);
    let s = s.strip_prefix('第').unwrap_or(s);
    let s = s.strip_suffix('期').unwrap_or(s).trim();
    let s = match s.split_once('.') {
        Some((whole, zeros)) if !zeros.is_empty() && zeros.bytes().all(|b| b == b'0') => whole,
        _ => s,
    };
    crate::corpus::parse::parse_numeral(s)
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

impl LabelRow {
    /// What tells this row's article from others besides its issue: the key
    /// yuqing wrote, or else the title's key, since a key Excel turned into a
    /// number (7.95844E+14) is the same for many articles.
    fn identity(&self) -> String {
        if is_yuqing_key(&self.key) || self.title.is_empty() {
            self.key.clone()
        } else {
            article_key(&self.title)
        }
    }

    /// "'标题' (issue 655)" for messages.
    fn describe(&self) -> String {
        let what = if self.title.is_empty() {
            format!("the article with key {}", self.key)
        } else {
            format!("'{}'", self.title)
        };
        match self.issue {
            Some(n) => format!("{what} (issue {n})"),
            None => what,
        }
    }

    /// The articles of `recs` in this row's issue (all of them when the row
    /// gives none).
    fn candidates<'a>(&self, recs: &[&'a CorpusRecord]) -> Vec<&'a CorpusRecord> {
        recs.iter()
            .copied()
            .filter(|r| self.issue.is_none() || r.issue.number == self.issue)
            .collect()
    }
}

#[derive(Deserialize)]
struct RawRow {
    #[serde(default)]
    key: String,
    #[serde(default)]
    issue: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    primary: String,
    #[serde(default)]
    secondary: String,
}

const ARTICLE_COLUMNS: &str = "key,issue,title,primary,secondary";

/// Read `articles.csv`, checking every theme id against `themes`: the rows,
/// and warnings to show the analyst.
///
/// Rows copied from `yuqing suggest` output carry extra columns (confidence,
/// theme name), which are ignored; column names are matched ignoring case;
/// rows with every cell empty (Excel leaves `,,,,` lines behind) are skipped,
/// and so is the header line repeated further down (pasted along with the
/// rows of `suggested.csv`). A header separated by TABs (Excel's "Unicode text") is read as
/// TAB-separated, which loses nothing; one separated by semicolons instead of
/// commas is an error (`;` also separates secondary themes, which would be
/// lost), and other rows with more fields than the header names are warned
/// about, up to ten of them one by one.
pub fn load_label_rows(path: &Path, themes: &[Theme]) -> Result<(Vec<LabelRow>, Vec<String>)> {
    let names = ThemeNames::new(themes);
    let text = read_text(path, FileKind::Articles)?;
    let first = text.lines().next().unwrap_or("");
    // Columns separated by anything but commas would be read as one column,
    // or (with ';', which also separates secondary themes) lose themes.
    let tabs = !first.contains(',') && first.contains('\t');
    if !first.contains(',') && !tabs {
        let other = [
            (';', "';'"),
            ('；', "full-width '；'"),
            ('，', "full-width '，'"),
        ]
        .into_iter()
        .find(|(c, _)| first.contains(*c));
        if let Some((_, name)) = other {
            return Err(Error::format_at(
                path,
                1,
                format!(
                    "the columns are separated by {name}, not by commas; save it as comma-separated CSV: {}, or in a text editor put a half-width ',' between the columns (';' only between secondary themes)",
                    FileKind::Articles.save_as()
                ),
            ));
        }
    }
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(if tabs { b'\t' } else { b',' })
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: csv::StringRecord = rdr
        .headers()
        .map_err(|e| csv_error(path, &e))?
        .iter()
        .map(str::to_lowercase)
        .collect();
    let has = |name: &str| headers.iter().any(|h| h == name);
    if !has("primary") || !(has("title") || has("key")) {
        return Err(Error::format_at(
            path,
            1,
            format!(
                "the first line must name the columns {ARTICLE_COLUMNS} (title and primary are enough), but it is '{}'",
                first.trim()
            ),
        ));
    }
    let mut rows = Vec::new();
    // Rows with more cells than the header names: (line, cells, the extra text).
    let mut wide: Vec<(usize, usize, String)> = Vec::new();
    // The index in `rows` of the row that labels an article; rows that label
    // one again.
    let mut first_row: HashMap<(String, Option<u32>), usize> = HashMap::new();
    let mut twice = Vec::new();
    // Rows that cannot be read, and why: all named at once, so that an
    // analyst fixes them in one pass rather than one per run.
    let mut bad: Vec<(usize, String)> = Vec::new();
    for rec in rdr.records() {
        let mut rec = rec.map_err(|e| csv_error(path, &e))?;
        if rec.iter().all(str::is_empty) {
            continue;
        }
        // A short row lacks its last columns (an empty secondary, say).
        while rec.len() < headers.len() {
            rec.push_field("");
        }
        // The header line again, pasted with the rows of suggested.csv
        // (its byte-order mark too, when pasted in a text editor).
        let repeats_header = headers
            .iter()
            .zip(rec.iter())
            .all(|(h, cell)| cell.trim_start_matches('\u{feff}').trim().to_lowercase() == *h);
        if repeats_header {
            continue;
        }
        // The line the row starts on, as an editor numbers it (a quoted
        // title may span lines, so this is not the row's index + 2).
        let line = rec.position().map_or(0, |p| p.line() as usize);
        if let Some(extra) = extra_cells(&rec, headers.len()) {
            let cells = (0..rec.len())
                .rev()
                .find(|&i| !rec[i].is_empty())
                .map_or(0, |i| i + 1);
            wide.push((line, cells, extra));
        }
        // A `"` without its closing `"` swallows the rows after it into one
        // cell, and the row then looks wrong in some other way: say so first.
        if let Some(last) = runaway_quote(&rec, line) {
            let row_ok = rec
                .deserialize::<RawRow>(Some(&headers))
                .is_ok_and(|r| names.resolve(&r.primary).is_some());
            if !row_ok {
                return Err(Error::format_at(
                    path,
                    line,
                    format!(
                        "a \" in this row has no closing \", so lines {}–{last} were read as one cell; add the closing \" or delete the \"",
                        line
                    ),
                ));
            }
        }
        let row = match read_row(&rec, &headers, line, &names) {
            Ok(row) => row,
            Err(message) => {
                bad.push((line, message));
                continue;
            }
        };
        // The same article twice: training would use the first row only, so
        // the second is left out here already (and `yuqing themes` counts
        // what training uses).
        match first_row.entry((row.identity(), row.issue)) {
            std::collections::hash_map::Entry::Occupied(e) => {
                twice.push(twice_message(path, &rows[*e.get()], &row));
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(rows.len());
                rows.push(row);
            }
        }
    }
    if let Some((line, first)) = bad.first() {
        let mut message = first.clone();
        if bad.len() > 1 {
            let mut others: Vec<String> = bad[1..]
                .iter()
                .take(WARNINGS_SHOWN)
                .map(|(line, m)| format!("line {line}: {}", m.split(';').next().unwrap_or(m)))
                .collect();
            if bad.len() - 1 > WARNINGS_SHOWN {
                others.push(format!("and {} more", bad.len() - 1 - WARNINGS_SHOWN));
            }
            message.push_str(&format!(
                " — and {}: {}",
                if bad.len() == 2 {
                    "1 more row cannot be read".to_string()
                } else {
                    format!("{} more rows cannot be read", bad.len() - 1)
                },
                others.join("; ")
            ));
        }
        return Err(Error::format_at(path, *line, message));
    }
    let last_column = headers.get(headers.len() - 1).unwrap_or("secondary");
    let mut warnings = capped(
        WARNINGS_SHOWN,
        wide.iter()
            .map(|(line, cells, extra)| {
                format!(
                    "{}: line {line} has {cells} fields but the header names {}; '{extra}' after the {last_column} column is ignored. Separate secondary themes with ';' in one cell (ai_clinical;data_platform), and put a title that holds a comma in double quotes",
                    path.shown(),
                    headers.len()
                )
            })
            .collect(),
        |more| {
            format!(
                "{}: … and {more} more rows with more fields than the header names, their extra fields ignored",
                path.shown()
            )
        },
    );
    warnings.extend(capped(WARNINGS_SHOWN, twice, |more| {
        format!(
            "{}: … and {more} more rows that label an article labelled on an earlier line, each left out",
            path.shown()
        )
    }));
    Ok((rows, warnings))
}

/// What separates secondary themes in a cell: ';' (what yuqing writes), or a
/// comma, '、' or a space typed with either input method.
const THEME_SEPARATORS: [char; 7] = [';', '；', ',', '，', '、', ' ', '\u{3000}'];

/// One data row of `articles.csv`, or why it cannot be read (without the
/// file and line, which the caller adds).
fn read_row(
    rec: &csv::StringRecord,
    headers: &csv::StringRecord,
    line: usize,
    names: &ThemeNames,
) -> std::result::Result<LabelRow, String> {
    let raw: RawRow = rec
        .deserialize(Some(headers))
        .map_err(|e| format!("cannot read this row ({e}); columns are {ARTICLE_COLUMNS}"))?;
    if raw.primary.is_empty() && fullwidth_comma_row(rec, names) {
        return Err(format!(
            "this row's columns are separated by full-width '，' (typed with the Chinese input method), so it is read as one cell; separate the columns with the half-width ',' as on the other rows (columns are {ARTICLE_COLUMNS})"
        ));
    }
    if raw.primary.is_empty() {
        let spans_lines = if rec.iter().any(|f| f.contains('\n')) {
            " (a cell of this row runs over several lines: check for a \" without its closing \")"
        } else {
            ""
        };
        return Err(format!(
            "no primary theme{spans_lines}; write one theme id in the primary column (known themes: {})",
            names.known()
        ));
    }
    let resolve = |written: &str| -> std::result::Result<String, String> {
        names
            .resolve(written)
            .map(str::to_string)
            .ok_or_else(|| names.unknown(written))
    };
    // Several themes in the primary column, separated as secondary ones are.
    let pieces: Vec<&str> = raw
        .primary
        .split(THEME_SEPARATORS)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if names.resolve(&raw.primary).is_none()
        && pieces.len() > 1
        && pieces.iter().all(|p| names.resolve(p).is_some())
    {
        return Err(format!(
            "the primary column holds {} themes ({}); write the main one there and the others in the secondary column",
            pieces.len(),
            raw.primary
        ));
    }
    let primary = resolve(&raw.primary)?;
    // Secondary themes as people separate them: ';' (what yuqing
    // writes), or a comma, '、' or a space typed with either input method.
    let mut secondary: Vec<String> = Vec::new();
    for written in raw
        .secondary
        .split(THEME_SEPARATORS)
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let id = resolve(written)?;
        if id != primary && !secondary.contains(&id) {
            secondary.push(id);
        }
    }
    if raw.key.is_empty() && raw.title.is_empty() {
        return Err("row has neither key nor title; give at least the article title".to_string());
    }
    let issue = match raw.issue.as_str() {
        "" => None,
        s => Some(parse_issue(s).ok_or_else(|| {
            format!("issue '{s}' is not an issue number; write the number alone (654 for 第654期), or leave the cell empty")
        })?),
    };
    let key = if raw.key.is_empty() {
        article_key(&raw.title)
    } else {
        raw.key
    };
    Ok(LabelRow {
        key,
        issue,
        title: raw.title,
        primary,
        secondary,
        line,
    })
}

/// The warning for `again`, a row that labels the article `first` labels.
fn twice_message(path: &Path, first: &LabelRow, again: &LabelRow) -> String {
    let themes = |r: &LabelRow| {
        std::iter::once(r.primary.as_str())
            .chain(r.secondary.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(";")
    };
    let differ = if themes(first) == themes(again) {
        String::new()
    } else {
        format!(
            " (line {} labels it {}, line {} {})",
            first.line,
            themes(first),
            again.line,
            themes(again)
        )
    };
    format!(
        "{}: line {}: {} is labelled twice, on lines {} and {}{differ}; line {} is used and line {} left out: delete the row you do not want",
        path.shown(),
        again.line,
        again.describe(),
        first.line,
        again.line,
        first.line,
        again.line
    )
}

/// The text of the cells of `rec` beyond the header's `columns`, unless they
/// are empty (Excel pads rows) or the two columns `yuqing suggest` adds
/// (confidence, theme name), which may stay in copied rows.
fn extra_cells(rec: &csv::StringRecord, columns: usize) -> Option<String> {
    let extra: Vec<&str> = rec.iter().skip(columns).collect();
    let from_suggest = extra.len() == 2 && extra[0].parse::<f32>().is_ok();
    if from_suggest || extra.iter().all(|f| f.is_empty()) {
        return None;
    }
    let end = extra
        .iter()
        .rposition(|f| !f.is_empty())
        .map_or(0, |i| i + 1);
    Some(extra[..end].join(","))
}

/// The last line of a row starting on `line` if one of its cells runs over
/// several lines and holds, after a line break, the column delimiter: what a
/// quote left open does to the rows after it (a title an analyst wrapped on
/// purpose has no delimiter on its later lines).
fn runaway_quote(rec: &csv::StringRecord, line: usize) -> Option<usize> {
    let swallowed = rec.iter().any(|f| {
        f.split_once('\n')
            .is_some_and(|(_, rest)| rest.contains(','))
    });
    swallowed.then(|| line + rec.iter().map(|f| f.matches('\n').count()).sum::<usize>())
}

/// A CSV reading error with the one line it happened on and a plain cause.
fn csv_error(path: &Path, e: &csv::Error) -> Error {
    let cause = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "a cell is not readable text; save the file again as CSV (UTF-8 or GBK)".to_string()
        }
        csv::ErrorKind::Io(io) => format!("cannot read the file ({io})"),
        _ => format!("cannot read this row as CSV ({e}); columns are {ARTICLE_COLUMNS}"),
    };
    match e.position() {
        Some(p) => Error::format_at(path, p.line() as usize, cause),
        None => Error::format(path, cause),
    }
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
    // A row's title key too, so an article whose row has a mangled key (see
    // [`TrainingSet::from_labels`]) is not drafted again.
    // A row with an issue number labels that issue's article only: another
    // issue may have a different story under the same title.
    let mut known: HashMap<String, Vec<Option<u32>>> = HashMap::new();
    for r in labelled {
        known.entry(r.key.clone()).or_default().push(r.issue);
        if !r.title.is_empty() {
            known
                .entry(article_key(&r.title))
                .or_default()
                .push(r.issue);
        }
    }
    // A row without an issue labels the first article with its key, as
    // training does (TrainingSet::from_labels).
    let mut first_of: HashMap<&str, usize> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        if r.duplicate_of.is_none() {
            first_of.entry(r.key.as_str()).or_insert(i);
        }
    }
    let labelled_already = |(i, r): &(usize, &crate::ClassifiedRecord)| {
        known.get(&r.key).is_some_and(|issues| {
            issues.iter().any(|&n| match n {
                Some(n) => r.issue.number == Some(n),
                None => first_of.get(r.key.as_str()) == Some(i),
            })
        })
    };
    let mut out: Vec<SuggestedLabel> = records
        .iter()
        .enumerate()
        .filter(|ir| ir.1.duplicate_of.is_none() && !labelled_already(ir))
        .map(|(_, r)| r)
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
            let safe = SuggestedLabel {
                title: crate::classified::spreadsheet_text(&r.title),
                ..r.clone()
            };
            out.serialize(&safe)
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
    /// What the analyst should know about these files (rows with extra
    /// fields, an article labelled twice, several words on a dictionary
    /// line); each names its file and line. Training repeats them in
    /// [`TrainingSet::warnings`].
    pub warnings: Vec<String>,
}

impl LabelSet {
    /// Read the labels folder `dir`. A missing folder or file, or a file
    /// given instead of the folder, is an error that says which and what to do.
    pub fn load(dir: &Path) -> Result<LabelSet> {
        check_labels_dir(dir)?;
        let themes = load_themes(&dir.join("themes.toml"))?;
        let (rows, mut warnings) = load_label_rows(&dir.join("articles.csv"), &themes)?;
        let dict_path = dir.join("dictionary.txt");
        let dictionary = if dict_path.exists() {
            let d = crate::segment::SegmentParams::load_dictionary(&dict_path)?;
            warnings.extend(d.warnings);
            d.words
        } else {
            warnings.push(format!(
                "{}: not found, so jieba segments without the domain dictionary and may split terms such as 医共体; create it with one word per line (see labels/README.md)",
                dict_path.shown()
            ));
            Vec::new()
        };
        Ok(LabelSet {
            dir: dir.to_path_buf(),
            themes,
            rows,
            dictionary,
            warnings,
        })
    }
}

/// `dir` is a folder that holds `themes.toml` and `articles.csv`; otherwise
/// an error saying what is missing and how to fix it.
fn check_labels_dir(dir: &Path) -> Result<()> {
    const TAKES: &str = "--labels takes the folder that holds themes.toml and articles.csv";
    if dir.is_file() {
        let folder = dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| ".".to_string(), |p| p.shown().to_string());
        return Err(Error::format(
            dir,
            format!("this is a file, not a folder; {TAKES} (here probably --labels {folder})"),
        ));
    }
    if !dir.is_dir() {
        return Err(Error::format(
            dir,
            format!("labels folder not found; {TAKES} (yuqing's own is labels/ in the folder you run it from)"),
        ));
    }
    let themes = dir.join("themes.toml");
    if !themes.is_file() {
        return Err(Error::format(
            &themes,
            "this file is missing; every labels folder needs the theme taxonomy: copy labels/themes.toml from yuqing and edit it (see labels/README.md), or pass --labels with the folder that holds it",
        ));
    }
    let articles = dir.join("articles.csv");
    if !articles.is_file() {
        return Err(Error::format(
            &articles,
            format!(
                "this file is missing; create it with the header line {ARTICLE_COLUMNS} and one labelled article a row (see labels/README.md), or pass --labels with the folder that holds it"
            ),
        ));
    }
    Ok(())
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
    /// 1-based line of a `label<TAB>text` file the document came from (0
    /// for labelled articles and keyword documents).
    pub line: usize,
}

/// Names of the label column a header line of a TSV file starts with.
const TSV_LABEL_COLUMNS: &[&str] = &[
    "label",
    "labels",
    "label_code",
    "label_id",
    "category",
    "class",
    "标签",
    "类别",
    "分类",
];

/// Names a header line of a TSV file may give its text column.
const TSV_TEXT_COLUMNS: &[&str] = &[
    "text", "texts", "content", "contents", "title", "titles", "headline", "sentence", "body",
    "document", "doc", "news", "文本", "内容", "标题", "正文", "新闻",
];

/// The columns a TSV file's header line names.
#[derive(Debug)]
struct TsvHeader {
    /// Column names as written.
    names: Vec<String>,
    /// 0-based column of the text: the first named like text, else the last.
    text_col: usize,
}

/// `line` read as a header line: its first field is a label column name
/// (`label`, `category`, …, any case) and every other field a column name,
/// either a known one or a short ASCII identifier (`label_zh`, `doc_id`).
/// A document line fits this only if its label is `label` (or similar) and
/// its text a single English word, which a training file does not have.
fn tsv_header(line: &str) -> Option<TsvHeader> {
    let names: Vec<String> = line.split('\t').map(|f| f.trim().to_string()).collect();
    let lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    if names.len() < 2 || !TSV_LABEL_COLUMNS.contains(&lower[0].as_str()) {
        return None;
    }
    let column_name = |n: &str| {
        TSV_TEXT_COLUMNS.contains(&n)
            || TSV_LABEL_COLUMNS.contains(&n)
            || (n.len() <= 32
                && n.starts_with(|c: char| c.is_ascii_alphabetic())
                && n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
    };
    if !lower[1..].iter().all(|n| column_name(n)) {
        return None;
    }
    let text_col = lower
        .iter()
        .skip(1)
        .position(|n| TSV_TEXT_COLUMNS.contains(&n.as_str()))
        .map_or(names.len() - 1, |p| p + 1);
    Some(TsvHeader { names, text_col })
}

/// The labelled rows of a [`LabelSet`] found in the ingested reports: what
/// [`TrainingSet::from_labels`] trains on, and `yuqing themes --corpus` counts.
#[derive(Debug, Clone)]
pub struct Found<'a> {
    /// Each row used, with its article, in the order of `articles.csv`.
    pub rows: Vec<(&'a LabelRow, &'a CorpusRecord)>,
    /// The label files' own warnings, then those of joining them with the
    /// reports (rows matched by title, rows not found, an article labelled
    /// by two rows).
    pub warnings: Vec<String>,
    /// Rows left out because no ingested article matched them.
    pub left_out: Option<LeftOut>,
}

/// Documents with classes, ready for [`crate::Model::train`].
#[derive(Debug, Clone)]
pub struct TrainingSet {
    pub classes: Vec<ClassInfo>,
    pub docs: Vec<TrainingDoc>,
    pub user_words: Vec<String>,
    /// Labelled rows that matched no article, and similar notes.
    pub warnings: Vec<String>,
    /// Labelled rows left out because no ingested article matched them
    /// (each is also in `warnings`, the first ten named one by one).
    pub left_out: Option<LeftOut>,
    /// Lines of a `label<TAB>text` file skipped because they are not
    /// `label<TAB>text` (each is also in `warnings`, the first ten named).
    pub skipped: Option<SkippedLines>,
}

/// "line 7" or "lines 3, 4, 9", the first [`WARNINGS_SHOWN`] named and "…"
/// for the rest.
fn line_list(lines: &[usize]) -> String {
    let mut shown: Vec<String> = lines
        .iter()
        .take(WARNINGS_SHOWN)
        .map(usize::to_string)
        .collect();
    if lines.len() > WARNINGS_SHOWN {
        shown.push("…".to_string());
    }
    let word = if lines.len() == 1 { "line" } else { "lines" };
    format!("{word} {}", shown.join(", "))
}

/// Lines of a `label<TAB>text` file that were skipped (no TAB, no label).
/// Its `Display` is the one summary line, for the end of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedLines {
    pub file: PathBuf,
    pub lines: Vec<usize>,
    /// How many document lines the file has.
    pub of: usize,
}

impl std::fmt::Display for SkippedLines {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} of {} lines ({}) are not label<TAB>text and were skipped; the others were used. Fix them (the warnings above say why for each) and run again to use them too",
            self.file.shown(),
            self.lines.len(),
            self.of,
            line_list(&self.lines)
        )
    }
}

/// The labelled rows of an `articles.csv` that training left out because
/// their article was not found in the ingested reports: most often reports
/// not passed with `--corpus`. Its `Display` is the one summary line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub file: PathBuf,
    /// The rows' lines in the file.
    pub lines: Vec<usize>,
    /// How many labelled rows the file has.
    pub of: usize,
}

impl LeftOut {
    /// "labels/articles.csv: 2 of 15 labelled rows (lines 15, 16)", the first
    /// ten lines named.
    pub fn rows(&self) -> String {
        format!(
            "{}: {} of {} labelled rows ({})",
            self.file.shown(),
            self.lines.len(),
            self.of,
            line_list(&self.lines)
        )
    }
}

impl std::fmt::Display for LeftOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} were not found in the ingested reports and were left out of training: pass the reports or corpus that contain them with --corpus (the warnings above say why for each row)",
            self.rows()
        )
    }
}

impl TrainingSet {
    /// Read a `label<TAB>text` file (one document a line; blank lines skipped).
    ///
    /// The file may be UTF-8 (with or without BOM), UTF-16 with BOM or
    /// GBK/GB18030. A first line that names the columns (`label<TAB>text`,
    /// `label_code<TAB>label_zh<TAB>doc_id<TAB>text`, `类别<TAB>标题`: the
    /// first column named label, labels, label_code, category, class, 标签,
    /// 类别 or 分类, the others column names) is skipped, and when it names more than two columns the
    /// label is read from the first and the text from the one it calls
    /// `text` (or `content`, `title`, …). Lines with a label but no text are
    /// skipped, and lines with more TAB-separated columns than two are read
    /// as described above; both are reported in [`TrainingSet::warnings`],
    /// once each, with the first line concerned. Lines that are not
    /// `label<TAB>text` (no TAB, or nothing before it) are skipped, each named
    /// in the warnings (ten, then a count) and listed in
    /// [`TrainingSet::skipped`]; a file with more of them than good lines is
    /// an error, which says so when the file is a CSV or JSON Lines.
    pub fn from_tsv(path: &Path) -> Result<TrainingSet> {
        let text = read_text(path, FileKind::Tsv)?;
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l))
            .filter(|(_, l)| !l.trim().is_empty())
            .peekable();
        let header = lines
            .peek()
            .and_then(|&(n, l)| tsv_header(l).map(|h| (n, h)));
        if header.is_some() {
            lines.next();
        }
        let (n_cols, text_col) = header
            .as_ref()
            .map_or((2, 1), |(_, h)| (h.names.len(), h.text_col));
        let text_is_last = text_col + 1 == n_cols;
        let mut pairs = Vec::new();
        // (how many lines, first line)
        let mut no_text = (0usize, 0usize);
        let mut wide = (0usize, 0usize);
        // Lines that are not label<TAB>text, and why: skipped, so that a
        // few broken lines of a large file do not stop the whole job.
        let mut bad: Vec<(usize, &str)> = Vec::new();
        let mut first_bad = None;
        for (n, line) in lines {
            let Some((label, _)) = line.split_once('\t') else {
                first_bad.get_or_insert(line);
                bad.push((n, "no TAB between a label and a text (a text broken over two lines, or columns separated by something else)"));
                continue;
            };
            let label = label.trim();
            if label.is_empty() {
                bad.push((n, "no label before the TAB"));
                continue;
            }
            if line.matches('\t').count() >= 2 {
                wide.0 += 1;
                if wide.1 == 0 {
                    wide.1 = n;
                }
            }
            let body = if text_is_last {
                line.splitn(text_col + 1, '\t').nth(text_col)
            } else {
                line.split('\t').nth(text_col)
            }
            .unwrap_or("");
            if body.trim().is_empty() {
                no_text.0 += 1;
                if no_text.1 == 0 {
                    no_text.1 = n;
                }
                continue;
            }
            pairs.push((label.to_string(), body.to_string(), n));
        }
        let mut warnings = Vec::new();
        if wide.0 > 0 {
            warnings.push(match &header {
                Some((h_line, h)) if n_cols > 2 => {
                    let others: Vec<&str> = h
                        .names
                        .iter()
                        .enumerate()
                        .filter(|&(i, _)| i != 0 && i != text_col)
                        .map(|(_, s)| s.as_str())
                        .collect();
                    format!(
                        "{}: {} more than 2 TAB-separated columns (first: line {}); as the header on line {h_line} names them, the label is read from column 1 ({}) and the text from column {} ({}){}; column(s) {} are ignored",
                        path.shown(),
                        lines_have(wide.0),
                        wide.1,
                        h.names[0],
                        text_col + 1,
                        h.names[text_col],
                        if text_is_last { ", TABs after it included" } else { "" },
                        others.join(", ")
                    )
                }
                _ => format!(
                    "{}: {} more than 2 TAB-separated columns (first: line {}); they are read as label<TAB>text with everything after the first TAB, further TABs included, as the text. If the other columns are not text (ids, class names…), keep only the label and text columns, or start the file with a header line such as label<TAB>id<TAB>text that names the text column",
                    path.shown(),
                    lines_have(wide.0),
                    wide.1
                ),
            });
        }
        if no_text.0 > 0 {
            warnings.push(format!(
                "{}: {} a label but no text{} (first: line {}); {} skipped",
                path.shown(),
                lines_have(no_text.0),
                match &header {
                    Some((_, h)) if n_cols > 2 =>
                        format!(" in column {} ({})", text_col + 1, h.names[text_col]),
                    _ => " after the TAB".to_string(),
                },
                no_text.1,
                if no_text.0 == 1 {
                    "it was"
                } else {
                    "they were"
                }
            ));
        }
        // More broken lines than good ones: not a label<TAB>text file.
        if pairs.is_empty() || bad.len() > pairs.len() {
            if let Some(what) = first_bad.and_then(not_tsv) {
                return Err(Error::format(path, what));
            }
            if let Some((n, why)) = bad.first() {
                return Err(Error::format_at(
                    path,
                    *n,
                    format!(
                        "{why}; {} of the file's {} lines are like this, so it is not read: each line must be label<TAB>text",
                        bad.len(),
                        bad.len() + pairs.len() + no_text.0
                    ),
                ));
            }
            return Err(Error::format(
                path,
                if no_text.0 > 0 {
                    "no line has text after its label; each line must be label<TAB>text"
                } else {
                    "no label<TAB>text lines found; each line must be label<TAB>text"
                },
            ));
        }
        warnings.extend(capped(
            WARNINGS_SHOWN,
            bad.iter()
                .map(|(n, why)| format!("{}: line {n}: {why}; the line is skipped", path.shown()))
                .collect(),
            |more| {
                format!(
                    "{}: … and {more} more lines that are not label<TAB>text, each skipped",
                    path.shown()
                )
            },
        ));
        let skipped = (!bad.is_empty()).then(|| SkippedLines {
            file: path.to_path_buf(),
            lines: bad.iter().map(|(n, _)| *n).collect(),
            of: bad.len() + pairs.len() + no_text.0,
        });
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
            .map(|(l, t, n)| {
                let c = index[l.as_str()];
                TrainingDoc {
                    text: t.clone(),
                    primary: c,
                    classes: vec![c],
                    pseudo: false,
                    line: *n,
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
            warnings,
            left_out: None,
            skipped,
        })
    }

    /// Join labelled rows with ingested articles by key. A row whose key
    /// matches no article (Excel mangles keys made of digits) but whose title,
    /// and issue if the row gives one, matches exactly one article is joined
    /// with that article, with a warning naming the key to write. With
    /// `keyword_docs`, each theme's keywords also become one pseudo-document
    /// of that theme, so a theme with few labelled articles still has a prior.
    pub fn from_labels(
        labels: &LabelSet,
        corpus: &[CorpusRecord],
        keyword_docs: bool,
    ) -> Result<TrainingSet> {
        labels.require_rows()?;
        let index: HashMap<&str, usize> = labels
            .themes
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.as_str(), i))
            .collect();
        let found = labels.find_in(corpus);
        let mut docs: Vec<TrainingDoc> = found
            .rows
            .iter()
            .map(|(row, rec)| {
                let primary = index[row.primary.as_str()];
                let mut classes = vec![primary];
                classes.extend(row.secondary.iter().map(|s| index[s.as_str()]));
                TrainingDoc {
                    text: article_text(&rec.article.title, &rec.article.text),
                    primary,
                    classes,
                    pseudo: false,
                    line: 0,
                }
            })
            .collect();
        if docs.is_empty() {
            return Err(Error::Data(format!(
                "none of the {} labelled rows in {} was found in the ingested reports; pass the reports or corpus that contain them with --corpus",
                labels.rows.len(),
                labels.dir.join("articles.csv").shown()
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
                        line: 0,
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
            warnings: found.warnings,
            left_out: found.left_out,
            skipped: None,
        })
    }
}

impl LabelSet {
    /// An error unless `articles.csv` holds at least one labelled row: a
    /// model cannot be trained from none, whatever the reports hold.
    pub fn require_rows(&self) -> Result<()> {
        if self.rows.is_empty() {
            return Err(Error::Data(format!(
                "{} has no labelled rows, only its header; label some articles first: `yuqing suggest REPORTS` drafts rows to correct and copy into it (see labels/README.md)",
                self.dir.join("articles.csv").shown()
            )));
        }
        Ok(())
    }

    /// The labelled rows whose articles are in `corpus`, each with its
    /// article, as training joins them: by key, or by title (and issue)
    /// for a row whose key matches nothing (Excel mangles keys made of
    /// digits), with a warning naming the key to write. Rows not found are
    /// named in the warnings (ten, then a count) and summed up in
    /// [`Found::left_out`]; so are rows that name an article another row
    /// labels already.
    pub fn find_in<'a>(&'a self, corpus: &'a [CorpusRecord]) -> Found<'a> {
        let labels = self;
        // Keys come from titles, so two issues can hold articles with the same
        // key (a republished story, or another story under the same title):
        // the row's issue picks among them, else the first.
        let mut by_key: HashMap<&str, Vec<&CorpusRecord>> = HashMap::new();
        for r in corpus {
            by_key.entry(r.article.key.as_str()).or_default().push(r);
        }
        // Articles by the key of their title, for rows whose key matches
        // nothing (Excel turns a key of digits into 7.95844E+14).
        let mut by_title: HashMap<String, Vec<&CorpusRecord>> = HashMap::new();
        for r in corpus {
            by_title
                .entry(article_key(&r.article.title))
                .or_default()
                .push(r);
        }
        let mut found = Vec::new();
        let mut warnings = labels.warnings.clone();
        let mut used: HashMap<(&str, Option<u32>), &LabelRow> = HashMap::new();
        // Lines of the rows no article was found for, and why.
        let mut left_out = Vec::new();
        let mut left_out_warnings = Vec::new();
        let csv = labels.dir.join("articles.csv");
        for row in &labels.rows {
            let rec = match by_key.get(row.key.as_str()) {
                Some(recs) => {
                    // Republished copies only when nothing else has the key,
                    // or when the row names the issue of one: `suggest` on a
                    // new issue alone drafts a story that training, reading
                    // it with the earlier issues, finds republished.
                    let originals: Vec<&CorpusRecord> = recs
                        .iter()
                        .copied()
                        .filter(|r| r.duplicate_of.is_none())
                        .collect();
                    let pool = if originals.is_empty() {
                        recs
                    } else {
                        &originals
                    };
                    let mut candidates = row.candidates(pool);
                    if candidates.is_empty() {
                        candidates = row.candidates(recs);
                    }
                    match candidates.as_slice() {
                        [] => {
                            left_out.push(row.line);
                            left_out_warnings.push(format!(
                                "{}: line {}: '{}' is in {}, not in issue {}; the row is left out: correct its issue column",
                                csv.shown(),
                                row.line,
                                row.title,
                                issues_of(recs),
                                row.issue.map_or(String::new(), |n| n.to_string())
                            ));
                            continue;
                        }
                        [one] => *one,
                        [first, ..] => {
                            warnings.push(format!(
                                "{}: line {}: '{}' is the title of {} articles ({}); the first, in {}, is labelled: fill in the issue column to say which",
                                csv.shown(),
                                row.line,
                                row.title,
                                candidates.len(),
                                issues_of(&candidates),
                                describe_issue(first)
                            ));
                            *first
                        }
                    }
                }
                // The rows named one by one say which title they probably mean.
                None => match match_by_title(
                    row,
                    &by_title,
                    (left_out_warnings.len() < WARNINGS_SHOWN).then_some(corpus),
                ) {
                    Ok(rec) => {
                        warnings.push(format!(
                            "{}: line {}: key {} matches no ingested article, but the title '{}' matches one ({}), which is used; write its key {} in that row or leave the key empty{}",
                            csv.shown(),
                            row.line,
                            row.key,
                            row.title,
                            describe_issue(rec),
                            rec.article.key,
                            key_hint(&row.key)
                        ));
                        rec
                    }
                    Err(why) => {
                        left_out.push(row.line);
                        left_out_warnings.push(format!(
                            "{}: line {}: no ingested article has key {} ('{}'){why}",
                            csv.shown(),
                            row.line,
                            row.key,
                            row.title
                        ));
                        continue;
                    }
                },
            };
            // Rows the loader could not tell apart (one with an issue, one
            // without, say) that name the same article.
            if let Some(first) = used.get(&(rec.article.key.as_str(), rec.issue.number)) {
                warnings.push(format!(
                    "{}: line {}: {} labels the same article as line {} ('{}', {}); line {} is used and line {} left out: delete the row you do not want",
                    csv.shown(),
                    row.line,
                    row.describe(),
                    first.line,
                    rec.article.title,
                    describe_issue(rec),
                    first.line,
                    row.line
                ));
                continue;
            }
            used.insert((rec.article.key.as_str(), rec.issue.number), row);
            found.push((row, rec));
        }
        warnings.extend(capped(WARNINGS_SHOWN, left_out_warnings, |more| {
            format!(
                "{}: … and {more} more labelled rows not found in the ingested reports, each left out",
                csv.shown()
            )
        }));
        let left_out = (!left_out.is_empty()).then(|| LeftOut {
            file: csv.clone(),
            lines: left_out,
            of: labels.rows.len(),
        });
        Found {
            rows: found,
            warnings,
            left_out,
        }
    }
}

impl TrainingSet {
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

/// What a file whose first unreadable line is `line` is instead of
/// label<TAB>text, when it is a file yuqing users have at hand: a CSV (the
/// labelled articles, or a sheet saved as CSV) or a JSON Lines corpus.
fn not_tsv(line: &str) -> Option<String> {
    let line = line.trim_start();
    if line.starts_with('{') {
        return Some(
            "this is JSON Lines (a corpus or classified file written by yuqing), not label<TAB>text; give a file with one label<TAB>text line a document".to_string(),
        );
    }
    // ASCII commas only: a headline without its label has '，' in it.
    if line.contains(',') {
        return Some(format!(
            "the columns are separated by commas, not TABs (a CSV file); {}. Labelled articles in labels/articles.csv are read by `yuqing train --labels`, not as label<TAB>text",
            FileKind::Tsv.save_as()
        ));
    }
    None
}

/// "1 line has" / "3 lines have".
fn lines_have(n: usize) -> String {
    if n == 1 {
        "1 line has".to_string()
    } else {
        format!("{n} lines have")
    }
}

/// The one ingested article a row's title (and issue, when the row gives
/// one) names, for a row whose key matched nothing; otherwise the end of a
/// warning saying why the row is left out and what to do.
///
/// With `near` (the ingested articles), a row found nowhere also says
/// whether its issue was ingested at all, or which title of the reports it
/// probably means (a title retyped with a character wrong or left out).
fn match_by_title<'a>(
    row: &LabelRow,
    by_title: &HashMap<String, Vec<&'a CorpusRecord>>,
    near: Option<&[CorpusRecord]>,
) -> std::result::Result<&'a CorpusRecord, String> {
    let not_found = || {
        let hint = key_hint(&row.key);
        let Some(corpus) = near else {
            return format!("; pass the report that contains it with --corpus{hint}");
        };
        if let Some(n) = row.issue {
            if !corpus.iter().any(|r| r.issue.number == Some(n)) {
                return format!(
                    "; no ingested report is issue {n}: pass the report of issue {n} with --corpus{hint}"
                );
            }
        }
        match nearest_title(row, corpus) {
            Some(r) => format!(
                "; the closest title in {} is '{}': if this row means that article, copy its title exactly from the report (or from the draft of yuqing suggest), otherwise pass the report that contains it with --corpus{hint}",
                describe_issue(r),
                r.article.title
            ),
            None => format!("; pass the report that contains it with --corpus{hint}"),
        }
    };
    if row.title.is_empty() {
        return Err(not_found());
    }
    let Some(same_title) = by_title.get(&article_key(&row.title)) else {
        return Err(not_found());
    };
    let candidates = row.candidates(same_title);
    match candidates.as_slice() {
        [one] => Ok(one),
        [] => Err(format!(
            "; an article with this title is in {}, not in issue {}: correct the issue or the key{}",
            issues_of(same_title),
            row.issue.map_or(String::new(), |n| n.to_string()),
            key_hint(&row.key)
        )),
        several => Err(format!(
            "; the title matches {} ingested articles ({}): fill in the issue column to say which",
            several.len(),
            issues_of(several)
        )),
    }
}

/// A title's letters as its key sees them: no spaces or punctuation,
/// half-width, lower case.
fn title_letters(title: &str) -> Vec<char> {
    title
        .chars()
        .map(crate::corpus::fold_width)
        .filter(|&c| {
            !(c.is_whitespace() || c.is_ascii_punctuation() || crate::corpus::is_cjk_punct(c))
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The article of `corpus` (of the row's issue, when it gives one) whose
/// title the row's title most probably is, retyped: at most one character
/// in five different, or one holding the other whole (a title cut short).
fn nearest_title<'a>(row: &LabelRow, corpus: &'a [CorpusRecord]) -> Option<&'a CorpusRecord> {
    let want = title_letters(&row.title);
    if want.len() < 4 {
        return None;
    }
    let max = (want.len() / 5).max(1);
    let holds = |long: &[char], short: &[char]| {
        short.len() >= 6
            && long.len() > short.len()
            && long.windows(short.len()).any(|w| w == short)
    };
    corpus
        .iter()
        .filter(|r| row.issue.is_none() || r.issue.number == row.issue)
        .filter_map(|r| {
            let have = title_letters(&r.article.title);
            let d = if want.len().abs_diff(have.len()) <= max {
                edit_distance_chars(&want, &have)
            } else {
                usize::MAX
            };
            if d <= max {
                Some((d, r))
            } else if holds(&have, &want) || holds(&want, &have) {
                Some((max + 1, r))
            } else {
                None
            }
        })
        .min_by_key(|&(d, _)| d)
        .map(|(_, r)| r)
}

/// "issue 655" or the file an article without an issue number came from.
/// "issue 700, issue 701" for the articles `recs`.
fn issues_of(recs: &[&CorpusRecord]) -> String {
    recs.iter()
        .map(|r| describe_issue(r))
        .collect::<Vec<_>>()
        .join(", ")
}

fn describe_issue(r: &CorpusRecord) -> String {
    match r.issue.number {
        Some(n) => format!("issue {n}"),
        None => r.issue.source_file.clone(),
    }
}

/// A key as yuqing writes it: 16 hex digits.
fn is_yuqing_key(key: &str) -> bool {
    key.len() == 16 && key.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Advice for a key that is not the 16 hex digits yuqing writes.
fn key_hint(key: &str) -> &'static str {
    if is_yuqing_key(key) {
        ""
    } else {
        " (keys are 16 hex digits; Excel turns a key made of digits into a number like 7.95844E+14: format the key column as Text (文本) before saving)"
    }
}

/// The text a model sees for an article: title, then body.
pub fn article_text(title: &str, body: &str) -> String {
    format!("{title}\n{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_header_lines_are_recognised() {
        let h = tsv_header("label\ttext").unwrap();
        assert_eq!(h.text_col, 1);
        let h = tsv_header("LABEL_CODE\tlabel_zh\tdoc_id\ttext").unwrap();
        assert_eq!((h.names.len(), h.text_col), (4, 3));
        assert_eq!(h.names[0], "LABEL_CODE");
        let h = tsv_header("category\ttitle\tsource").unwrap();
        assert_eq!(h.text_col, 1);
        assert_eq!(tsv_header("类别\t标题").unwrap().text_col, 1);
        assert_eq!(tsv_header("class\tsentence").unwrap().text_col, 1);
        // Document lines are not headers.
        assert!(tsv_header("car\t凯旋说：我也来玩一下机械增压").is_none());
        assert!(tsv_header("label\t三种方法快速排出肝脏毒素").is_none());
        assert!(tsv_header("text\tlabel").is_none());
        assert!(tsv_header("label").is_none());
    }

    /// The repository's themes.toml with the first `from` replaced by `to`,
    /// loaded: the error's text and the line of the change.
    fn themes_error(from: &str, to: &str) -> (String, usize) {
        let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("labels/themes.toml");
        let toml = std::fs::read_to_string(shipped).unwrap();
        let at = toml
            .find(from)
            .unwrap_or_else(|| panic!("{from} not in themes.toml"));
        let line = 1 + toml[..at].matches('\n').count();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("themes.toml");
        std::fs::write(&path, toml.replacen(from, to, 1)).unwrap();
        let e = load_themes(&path).unwrap_err().to_string();
        assert!(!e.contains('\n'), "{e}");
        (e, line)
    }

    #[test]
    fn misspelt_theme_keys_and_tables_are_named_with_their_line() {
        let (e, line) = themes_error("\nkeywords = ", "\nkeyword = ");
        assert!(
            e.contains(&format!(
                "themes.toml: line {}: unknown key 'keyword' (did you mean 'keywords'?)",
                line + 1
            )),
            "{e}"
        );
        let (e, line) = themes_error("\n[[theme]]", "\n[[themes]]");
        assert!(
            e.contains(&format!(
                "themes.toml: line {}: unknown table [[themes]] (did you mean [[theme]]?)",
                line + 1
            )),
            "{e}"
        );
        assert!(!e.contains("articles.csv"), "{e}");
        let (e, _) = themes_error("\nscope = ", "\nScope = ");
        assert!(e.contains("(did you mean 'scope'?)"), "{e}");
        // Nothing close: the valid keys are listed.
        let (e, _) = themes_error("\nscope = ", "\ndescription = ");
        assert!(e.contains("unknown key 'description';"), "{e}");
        assert!(e.contains("id, zh, en, scope, keywords"), "{e}");
        let (e, line) = themes_error("\nen = ", "\nenglish = ");
        assert!(
            e.contains(&format!("line {}: unknown key", line + 1)),
            "{e}"
        );
        let (e, line) = themes_error("\n[[theme]]", "\n[theme]");
        assert!(
            e.contains(&format!(
                "line {}: write each theme's header as [[theme]], with two brackets",
                line + 1
            )),
            "{e}"
        );
        let (e, line) = themes_error(
            "\nzh = \"医疗人工智能与大模型\"",
            "\nzh = \"医疗人工智能与大模型",
        );
        assert!(
            e.contains(&format!(
                "line {}: a value here has no closing quote",
                line + 1
            )),
            "{e}"
        );
    }

    #[test]
    fn a_bad_theme_id_or_a_missing_name_is_named_with_its_line_and_theme() {
        let (e, line) = themes_error("id = \"policy\"", "id = \"政策\"");
        assert!(
            e.contains(&format!("themes.toml: line {line}: theme id '政策' cannot be used: ids are ASCII letters, digits, _ or - (such as policy); the Chinese name goes in zh")),
            "{e}"
        );
        let (e, line) = themes_error("id = \"policy\"", "id = \"policy \"");
        assert!(
            e.contains(&format!("line {line}: theme id 'policy ' cannot be used: remove the spaces around it (id = \"policy\")")),
            "{e}"
        );
        let (e, line) = themes_error("id = \"policy\"", "id = \"smart_hospital\"");
        assert!(
            e.contains(&format!(
                "line {line}: theme id 'smart_hospital' is defined twice (first on line "
            )),
            "{e}"
        );
        // The table that lacks `en` is the one named, not the one before it.
        let (e, _) = themes_error("en = \"Policy and planning\"\n", "");
        assert!(
            e.contains("the [[theme]] table 'policy' has no 'en'"),
            "{e}"
        );
    }

    #[test]
    fn two_themes_with_one_chinese_name_are_refused() {
        let (e, _) = themes_error(
            "zh = \"智慧医院与线上服务\"",
            "zh = \"医疗人工智能与大模型\"",
        );
        assert!(
            e.contains("themes.toml: themes 'ai_clinical' and 'smart_hospital' have the same Chinese name (zh = \"医疗人工智能与大模型\")"),
            "{e}"
        );
    }

    #[test]
    fn full_width_punctuation_is_named_with_the_half_width_mark() {
        for (from, to, mark, half) in [
            ("\nzh = \"", "\nzh： \"", '：', '='),
            ("\nzh = \"", "\nzh ＝ \"", '＝', '='),
            (
                "\nzh = \"医疗人工智能与大模型\"",
                "\nzh = “医疗人工智能与大模型”",
                '“',
                '"',
            ),
            (
                "\nzh = \"医疗人工智能与大模型\"",
                "\nzh = ‘医疗人工智能与大模型’",
                '‘',
                '\'',
            ),
            (
                "\"人工智能\", \"大模型\"",
                "\"人工智能\"，\"大模型\"",
                '，',
                ',',
            ),
        ] {
            let (e, line) = themes_error(from, to);
            let line = line + usize::from(from.starts_with('\n'));
            assert!(
                e.contains(&format!("line {line}: full-width '{mark}'")),
                "{e}"
            );
            assert!(e.contains(&format!("half-width '{half}'")), "{e}");
            assert!(e.contains("English punctuation"), "{e}");
        }
        // Inside a string a full-width mark is text.
        assert_eq!(full_width_outside_strings("zh = \"再“生长”：\" # ，"), None);
        assert_eq!(
            full_width_outside_strings("keywords = [\"a\\\"b\"，\"c\"]").map(|f| f.0),
            Some('，')
        );
    }

    #[test]
    fn gbk_behind_a_utf8_byte_order_mark_is_read_as_gbk() {
        let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("labels/articles.csv");
        let csv = std::fs::read_to_string(&shipped).unwrap();
        let (gbk, _, _) = encoding_rs::GB18030.encode(&csv);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("articles.csv");
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(&gbk);
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(read_text(&path, FileKind::Articles).unwrap(), csv);
        // Neither UTF-8 nor GBK: the line, no byte offsets.
        bytes.extend_from_slice(b",,\xFF\xFF,policy,\n");
        std::fs::write(&path, &bytes).unwrap();
        let e = read_text(&path, FileKind::Articles)
            .unwrap_err()
            .to_string();
        let line = csv.lines().count() + 1;
        assert!(e.contains(&format!("articles.csv: line {line}: ")), "{e}");
        assert!(e.contains("neither UTF-8 nor GBK"), "{e}");
        assert!(
            !e.contains("offset") && !e.contains("0xFF") && !e.contains("byte"),
            "{e}"
        );
    }

    #[test]
    fn key_hint_only_for_keys_yuqing_did_not_write() {
        assert_eq!(key_hint("c5393f0ed6c4b1b2"), "");
        assert!(key_hint("7.95844E+14").contains("Excel"));
        assert!(key_hint("795844000000000").contains("Excel"));
    }
}
