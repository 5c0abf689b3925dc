//! Lines: the unit the parser works on.
//!
//! Owns [`Line`] (one meaningful input line: number, raw and cleaned text,
//! display width, [`Kind`]), the document parts and field labels a line can
//! name, and [`prepare_lines`], which splits, cleans and classifies a text's
//! lines and drops blank lines, image placeholders and page furniture.

use chrono::NaiveDate;

use super::furniture::{drop_running_lines, is_caption};
use super::kinds::{
    date_source, heading, label, marker, original_title_label, outlet_line, DATE_LABELS,
    LABEL_WORDS,
};
use super::noise::{clean_markdown, is_markdown_image, is_page_furniture};
use super::reflow::display_width;

/// One meaningful input line.
#[derive(Debug, Clone)]
pub(super) struct Line {
    /// 1-based line number in the input.
    pub(super) no: usize,
    /// Trimmed, Markdown intact (link targets are read from here).
    pub(super) raw: String,
    /// Markdown removed, whitespace collapsed.
    pub(super) text: String,
    /// Display width of `text` (CJK = 2).
    pub(super) width: usize,
    pub(super) kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
    /// 本期导语 / 信息目录 / 具体内容, with any text after the colon.
    Marker(Part, String),
    /// `1. title`, `（一）title`, `2.标题：title`.
    Heading {
        ordinal: u32,
        rest: String,
        labelled: bool,
    },
    /// `来源：…`, `链接：…`, `主要内容：`, `标题：…`.
    Label(Label, String),
    /// `2025-12-14 来源：北京晚报` (outlet may be empty for a bare date line).
    DateSource(NaiveDate, String),
    /// `来源标题：…` / `原标题：…`.
    OriginalTitle(String),
    /// A whole line in parentheses: `（新华网）`.
    Outlet(String),
    /// An image caption or placeholder: `图 | …`, `[图片]`.
    Caption,
    /// A group heading of a report that files its articles under themes
    /// (`（一）政策动态` over `1. …`, `2. …`): neither an article nor text.
    Group,
    /// A horizontal rule: Markdown `---`/`***`, or `━━━━` above a trailer.
    Rule,
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Lead,
    Toc,
    Content,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Label {
    Source,
    Link,
    Content,
    Title,
    /// `作者：…`, `记者：…`, `编辑：…`: kept in a body, skipped among the
    /// fields, and no evidence of a section on its own.
    Byline,
}

/// Split, clean and classify lines; drop blank lines, image placeholders
/// and page furniture (page numbers, and running headers and footers: see
/// [`drop_running_lines`]). Captions are kept (as [`Kind::Caption`]) so that
/// a caption wrapped over several lines can be dropped whole. Also returns
/// the running header/footer texts that were dropped (the issue header falls
/// back on them when the report's first page is missing).
pub(super) fn prepare_lines(text: &str) -> (Vec<Line>, Vec<String>) {
    let mut out = Vec::new();
    // Indices into `out` where a page ends: a form feed or a page number was
    // seen between out[b - 1] and out[b].
    let mut breaks: Vec<usize> = Vec::new();
    fn page_break(breaks: &mut Vec<usize>, at: usize) {
        if breaks.last() != Some(&at) {
            breaks.push(at);
        }
    }
    for (idx, raw_line) in text.lines().enumerate() {
        // pdftotext and yuqing's PDF reader mark page ends with a form feed.
        for (piece_no, piece) in raw_line.split('\u{0C}').enumerate() {
            if piece_no > 0 {
                page_break(&mut breaks, out.len());
            }
            let raw = piece.trim_matches(is_blank);
            if raw.is_empty() || is_markdown_image(raw) {
                continue;
            }
            let text = clean_markdown(raw);
            if text.is_empty() {
                continue;
            }
            if is_page_furniture(&text) {
                page_break(&mut breaks, out.len());
                continue;
            }
            let kind = if is_rule(raw) {
                Kind::Rule
            } else if is_caption(&text) {
                Kind::Caption
            } else {
                classify(&text)
            };
            out.push(Line {
                no: idx + 1,
                raw: raw.to_owned(),
                width: display_width(&text),
                text,
                kind,
            });
        }
    }
    let running = drop_running_lines(&mut out, &breaks);
    (out, running)
}

/// A line drawn across the page: three or more of the same rule character
/// (`---`, `***`, `___`, `━━━`, `———`, `===`), blanks between them allowed.
fn is_rule(raw: &str) -> bool {
    let chars: Vec<char> = raw.chars().filter(|c| !is_blank(*c)).collect();
    chars.len() >= 3
        && chars.iter().all(|&c| c == chars[0])
        && matches!(
            chars[0],
            '-' | '*' | '_' | '━' | '─' | '—' | '=' | '═' | '~' | '·'
        )
}

/// Whitespace, including the ideographic space, NBSP, BOM, zero-width and
/// object-replacement characters (blank image placeholders).
pub(super) fn is_blank(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FFFC}'
        )
}

/// `【来源】解放日报`, `[链接] https://…` as `来源：解放日报`: the brackets
/// act as the colon.
pub(super) fn unbracket_label(text: &str) -> Option<String> {
    let (word, rest) = text
        .strip_prefix('【')
        .and_then(|r| r.split_once('】'))
        .or_else(|| text.strip_prefix('[').and_then(|r| r.split_once(']')))?;
    let known = LABEL_WORDS.iter().any(|&(w, _)| w == word)
        || DATE_LABELS.contains(&word)
        || ["原标题", "来源标题"].contains(&word);
    known.then(|| format!("{word}：{}", rest.trim_start_matches(is_blank)))
}

fn classify(text: &str) -> Kind {
    if let Some(unbracketed) = unbracket_label(text) {
        return classify(&unbracketed);
    }
    if let Some((part, rest)) = marker(text) {
        return Kind::Marker(part, rest);
    }
    if let Some((date, outlet)) = date_source(text) {
        return Kind::DateSource(date, outlet);
    }
    if let Some(value) = original_title_label(text) {
        return Kind::OriginalTitle(value);
    }
    if let Some((label, value)) = label(text) {
        return Kind::Label(label, value);
    }
    if let Some((ordinal, rest, labelled)) = heading(text) {
        return Kind::Heading {
            ordinal,
            rest,
            labelled,
        };
    }
    if let Some(outlet) = outlet_line(text) {
        return Kind::Outlet(outlet);
    }
    Kind::Text
}
