//! Markdown and noise: what DOCX conversion and PDF extraction add to a line.
//!
//! Owns Markdown escapes and links ([`clean_markdown`]), Markdown table rows
//! and image placeholders, whitespace collapsing, and the page numbers and
//! footers that PDF extraction leaves ([`is_page_furniture`]).

use crate::corpus::fold_width;

use super::dates::parse_numeral;
use super::lines::is_blank;

/// A char with whether a Markdown backslash escaped it.
type Esc = (char, bool);

/// Resolve Markdown backslash escapes: a run of backslashes before ASCII
/// punctuation disappears and marks that character literal (DOCX converters
/// write `\\_` for `_`).
pub(super) fn unescape(s: &str) -> Vec<Esc> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '\\' {
            let mut j = i;
            while chars.get(j) == Some(&'\\') {
                j += 1;
            }
            match chars.get(j) {
                Some(&n) if n.is_ascii_punctuation() => {
                    out.push((n, true));
                    i = j + 1;
                }
                _ => {
                    out.extend(chars.get(i..j).unwrap_or(&[]).iter().map(|&b| (b, false)));
                    i = j;
                }
            }
        } else {
            out.push((c, false));
            i += 1;
        }
    }
    out
}

/// The next unescaped occurrence of one character, cached so that scanning a
/// line left to right stays linear even on hostile lines full of `[`.
struct NextChar {
    target: char,
    /// (query start, first occurrence at or after it).
    cache: Option<(usize, Option<usize>)>,
}

impl NextChar {
    fn new(target: char) -> Self {
        NextChar {
            target,
            cache: None,
        }
    }

    fn find(&mut self, s: &[Esc], from: usize) -> Option<usize> {
        if let Some((start, at)) = self.cache {
            if start <= from && at.is_none_or(|a| a >= from) {
                return at;
            }
        }
        let at = s
            .get(from..)
            .and_then(|rest| rest.iter().position(|&(x, e)| x == self.target && !e))
            .map(|p| p + from);
        self.cache = Some((from, at));
        at
    }
}

/// Finders for the closing characters of Markdown links.
pub(super) struct LinkScan {
    bracket: NextChar,
    paren: NextChar,
    angle: NextChar,
}

impl LinkScan {
    pub(super) fn new() -> Self {
        LinkScan {
            bracket: NextChar::new(']'),
            paren: NextChar::new(')'),
            angle: NextChar::new('>'),
        }
    }

    /// A Markdown link or autolink starting at `i`: (text, target, end index).
    pub(super) fn link_at(&mut self, s: &[Esc], i: usize) -> Option<(String, String, usize)> {
        match s.get(i) {
            Some(&('[', false)) => {
                let close = self.bracket.find(s, i + 1)?;
                if s.get(close + 1) != Some(&('(', false)) {
                    return None;
                }
                let end = self.paren.find(s, close + 2)?;
                let text = collect(s.get(i + 1..close)?);
                let target = collect(s.get(close + 2..end)?);
                Some((text, target, end + 1))
            }
            Some(&('<', false)) => {
                let end = self.angle.find(s, i + 1)?;
                let inner = collect(s.get(i + 1..end)?);
                let lower = inner.to_ascii_lowercase();
                let url = lower.starts_with("http")
                    || lower.starts_with("www.")
                    || lower.starts_with("mailto:");
                url.then(|| (inner.clone(), inner, end + 1))
            }
            _ => None,
        }
    }
}

pub(super) fn collect(s: &[Esc]) -> String {
    s.iter().map(|&(c, _)| c).collect()
}

/// Remove Markdown syntax from one line: heading and quote marks, bold and
/// strike markers, links (keeping their text), autolinks, escapes; collapse
/// whitespace.
pub(super) fn clean_markdown(raw: &str) -> String {
    if let Some(row) = table_row(raw) {
        return row;
    }
    let stripped = raw
        .trim_start_matches(['#', '>'])
        .trim_start_matches(is_blank);
    // A list item's marker: `- 来源：…`, `* 链接：…`, `• …`.
    let stripped = ["- ", "* ", "+ ", "• ", "· ", "● ", "■ ", "◆ ", "▪ "]
        .iter()
        .find_map(|m| stripped.strip_prefix(m))
        .map_or(stripped, |r| r.trim_start_matches(is_blank));
    let s = unescape(stripped);
    let mut links = LinkScan::new();
    let mut out = String::with_capacity(stripped.len());
    let mut i = 0;
    while let Some(&(c, escaped)) = s.get(i) {
        if !escaped {
            if let Some((text, _, end)) = links.link_at(&s, i) {
                out.push_str(&text);
                i = end;
                continue;
            }
            let next = s.get(i + 1).copied();
            if matches!(c, '*' | '_' | '~') && next == Some((c, false)) {
                i += 2;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    collapse_ws(&out)
}

/// A Markdown table row (a TOC exported from Word as a table): the
/// separator row is empty; `| 1 | 标题 | 人民日报 |` reads `1. 标题（人民日报）`;
/// any other row is its cells joined by spaces.
fn table_row(raw: &str) -> Option<String> {
    let inner = raw
        .trim_matches(is_blank)
        .strip_prefix('|')?
        .strip_suffix('|')?;
    let cells: Vec<String> = inner.split('|').map(clean_markdown).collect();
    if cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
    {
        return Some(String::new());
    }
    let filled: Vec<&str> = cells
        .iter()
        .map(String::as_str)
        .filter(|c| !c.is_empty())
        .collect();
    match filled.as_slice() {
        [n, title, rest @ ..] if parse_numeral(n).is_some() => Some(match rest.first() {
            Some(outlet) => format!("{n}. {title}（{outlet}）"),
            None => format!("{n}. {title}"),
        }),
        _ => Some(filled.join(" ")),
    }
}

/// Runs of whitespace → one space; trimmed.
pub(super) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(is_blank).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `![alt](src)` alone on a line: an image placeholder from DOCX conversion.
pub(super) fn is_markdown_image(raw: &str) -> bool {
    raw.starts_with("![") && raw.ends_with(')') && raw.contains("](")
}

/// Page numbers and running footers left by PDF extraction: `3`, `- 3 -`,
/// `— 3 —`, `第 3 页`, `第3页 共10页`, `3/10`, `Page 3 of 10`.
pub(super) fn is_page_furniture(text: &str) -> bool {
    let s: String = text
        .chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace())
        .collect();
    let digits = |t: &str| !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit());
    // A bare number is a page number up to 3 digits: `6800` alone on a line
    // is an infographic's figure.
    if digits(&s) && s.len() <= 3 {
        return true;
    }
    let dashes = ['-', '—', '–', '−'];
    let inner = s.trim_matches(&dashes[..]);
    if inner.len() < s.len() && digits(inner) {
        return true;
    }
    if let Some((a, b)) = s.split_once('/') {
        if digits(a) && digits(b) {
            return true;
        }
    }
    let lower = s.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("page") {
        let first = rest.split("of").next().unwrap_or("");
        if digits(first) && rest.split("of").all(digits) {
            return true;
        }
    }
    is_chinese_page_number(&s)
}

/// `第3页`, `第3页共10页`, `共10页第3页`, `第3/10页`.
fn is_chinese_page_number(s: &str) -> bool {
    let mut rest = s;
    let mut found = false;
    while !rest.is_empty() {
        let after = if let Some(r) = rest.strip_prefix('第') {
            r
        } else if let Some(r) = rest.strip_prefix('共') {
            r
        } else {
            return false;
        };
        let digits_end = after
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_digit() || *c == '/'))
            .map_or(after.len(), |(i, _)| i);
        if digits_end == 0 {
            return false;
        }
        let tail = after.get(digits_end..).unwrap_or("");
        let Some(tail) = tail.strip_prefix('页') else {
            return false;
        };
        rest = tail.trim_start_matches([',', '，', '、']);
        found = true;
    }
    found
}
