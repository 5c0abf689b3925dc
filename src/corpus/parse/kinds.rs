//! Line kinds: what one line says.
//!
//! Owns the readers behind a line's kind: part markers (本期导语 / 信息目录 /
//! 具体内容), dated source lines, 来源/链接/主要内容/标题 labels and their
//! values, 原标题 lines, numbered headings (`1.`, `（一）`, `1.2`, `①`) and
//! outlet lines (`（新华网）`).

use chrono::NaiveDate;

use crate::corpus::fold_width;

use super::dates::{
    cn_digit, find_issue_number, is_cn_unit, is_digit, parse_date_at, parse_numeral, scan_dates,
};
use super::lines::{is_blank, unbracket_label, Label, Part};
use super::noise::collapse_ws;
use super::sections::is_url_fragment;

#[cfg(doc)]
use super::sections::find_sections;
#[cfg(doc)]
use super::toc::parse_toc;

fn strip_colon(s: &str) -> &str {
    s.trim_start_matches(is_blank)
        .trim_start_matches([':', '：'])
        .trim_start_matches(is_blank)
}

/// `本期导语：`, `一、信息目录`, `### 二、具体内容`.
pub(super) fn marker(text: &str) -> Option<(Part, String)> {
    // `附：本期目录` (a TOC repeated at the end as an index).
    let text = ["附：", "附:", "附 "]
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .unwrap_or(text);
    let body = strip_numbering(text);
    let (head, rest) = match body.find([':', '：']) {
        Some(pos) => (body.get(..pos)?, strip_colon(body.get(pos..)?)),
        None => (body, ""),
    };
    let head: String = head.chars().filter(|c| !is_blank(*c)).collect();
    let part = match head.as_str() {
        "本期导语" | "导语" | "本期提要" | "内容提要" | "本期概要" => Part::Lead,
        "信息目录" | "目录" | "本期目录" | "文章目录" | "本期要目" | "要目" | "信息导读" => {
            Part::Toc
        }
        "具体内容" | "详细内容" | "信息内容" | "正文" | "内容详情" | "正文内容" | "新闻正文"
        | "信息正文" | "具体信息" | "详细信息" | "信息详情" | "新闻详情" | "信息全文" => {
            Part::Content
        }
        _ => return None,
    };
    if part != Part::Lead && !rest.is_empty() {
        return None;
    }
    Some((part, rest.to_owned()))
}

/// Remove a leading `一、`, `1.`, `（一）` from a marker line.
fn strip_numbering(text: &str) -> &str {
    heading_parts(text).map_or(text, |(_, rest_start)| {
        text.get(rest_start..).unwrap_or(text)
    })
}

/// `2025-12-14 来源：北京晚报`, `2023-10-16 来源 北青网`, or a bare date line.
/// Also `发布时间：2025-12-14 10:30 来源：…` (a time after the date is skipped).
pub(super) fn date_source(text: &str) -> Option<(NaiveDate, String)> {
    let text = DATE_LABELS
        .iter()
        .find_map(|w| {
            text.strip_prefix(w)
                .filter(|r| r.trim_start_matches(is_blank).starts_with([':', '：']))
        })
        .map_or(text, strip_colon);
    let chars: Vec<char> = text.chars().take(32).collect();
    if !chars.first().is_some_and(|c| is_digit(*c)) {
        return None;
    }
    let hit = parse_date_at(&chars, 0)?;
    let date = hit.date(None)?;
    let rest_at = text
        .char_indices()
        .nth(hit.end)
        .map_or(text.len(), |(i, _)| i);
    let rest = skip_clock_time(text.get(rest_at..)?.trim_matches(is_blank));
    if rest.is_empty() {
        return Some((date, String::new()));
    }
    if let Some(outlet) = rest.strip_prefix("来源") {
        return Some((date, split_source(strip_colon(outlet)).outlet));
    }
    // `发布时间：2025-12-04 作者：刘洋 [来源：…]`, also `【作者】张明远`.
    let unbracketed = unbracket_label(rest);
    match label(unbracketed.as_deref().unwrap_or(rest)) {
        Some((Label::Source, outlet)) => Some((date, split_source(&outlet).outlet)),
        Some((Label::Byline, _)) => Some((date, String::new())),
        _ => None,
    }
}

/// A date line that says what it is (`发布时间：…`, `发布日期：…`): part of
/// an article's labels, unlike a bare date.
pub(super) fn is_labelled_date(text: &str) -> bool {
    text.starts_with("发布时间") || text.starts_with("发布日期")
}

/// Drop a leading `10:30` or `10:30:15`.
fn skip_clock_time(s: &str) -> &str {
    let end = s
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == ':' || c == '：'))
        .map_or(s.len(), |(i, _)| i);
    let token = s.get(..end).unwrap_or("");
    if token.contains([':', '：']) && token.starts_with(|c: char| c.is_ascii_digit()) {
        s.get(end..).unwrap_or("").trim_start_matches(is_blank)
    } else {
        s
    }
}

/// Labels that may follow the outlet on a 来源 line.
const AFTER_SOURCE: &[&str] = &[
    "作者",
    "记者",
    "编辑",
    "责任编辑",
    "链接",
    "原文链接",
    "网址",
    "发布时间",
    "时间",
];

/// A 来源 value split into its parts.
#[derive(Debug, Default)]
pub(super) struct SourceValue {
    pub(super) outlet: String,
    /// A URL follows the outlet on the same line.
    pub(super) has_link: bool,
    /// A date follows it: `人民日报 2025-12-01`, `浙江日报（2025-12-03）`.
    pub(super) date: Option<NaiveDate>,
}

/// Split a 来源 value: `人民网 作者：李四 链接：https://…` → `人民网` and a
/// link; `南方日报 | 2025年12月4日` → `南方日报` and the date.
pub(super) fn split_source(value: &str) -> SourceValue {
    let mut cut = AFTER_SOURCE
        .iter()
        .filter_map(|w| value.find(w).filter(|&i| i > 0))
        .min()
        .unwrap_or(value.len());
    // Before a link, if any: its URL may hold digits that read as a date.
    let link_at = ["http", "www."]
        .iter()
        .filter_map(|w| value.find(w))
        .min()
        .unwrap_or(value.len());
    let head = value.get(..link_at).unwrap_or(value);
    let chars: Vec<char> = head.chars().collect();
    let mut date = None;
    if let Some(hit) = scan_dates(&chars).into_iter().find(|h| h.start > 0) {
        if let Some(d) = hit.date(None) {
            date = Some(d);
            let at = head.char_indices().nth(hit.start).map_or(cut, |(i, _)| i);
            cut = cut.min(at);
        }
    }
    let lower = value.to_ascii_lowercase();
    SourceValue {
        outlet: clean_outlet(value.get(..cut).unwrap_or(value)),
        has_link: lower.contains("http") || lower.contains("www."),
        date,
    }
}

/// `来源标题：…`, `原标题：…`, `原题：…`.
pub(super) fn original_title_label(text: &str) -> Option<String> {
    ["来源标题", "原标题", "原题"].iter().find_map(|word| {
        let rest = text.strip_prefix(word)?;
        let trimmed = rest.trim_start_matches(is_blank);
        if trimmed.starts_with([':', '：']) || rest.is_empty() {
            Some(strip_colon(trimmed).to_owned())
        } else {
            None
        }
    })
}

/// Words that label a date line: `发布时间：2025-12-14 …`.
pub(super) const DATE_LABELS: &[&str] = &["发布时间", "发布日期", "时间", "日期"];

/// The label words of `label()`, longest first where one starts another.
pub(super) const LABEL_WORDS: &[(&str, Label)] = &[
    ("原文链接", Label::Link),
    ("链接地址", Label::Link),
    ("原文地址", Label::Link),
    ("原文网址", Label::Link),
    ("链接", Label::Link),
    ("网址", Label::Link),
    ("主要内容", Label::Content),
    ("内容摘要", Label::Content),
    ("来源", Label::Source),
    ("信息来源", Label::Source),
    ("媒体来源", Label::Source),
    ("新闻来源", Label::Source),
    ("文章来源", Label::Source),
    ("消息来源", Label::Source),
    ("稿源", Label::Source),
    ("标题", Label::Title),
    ("作者", Label::Byline),
    ("记者", Label::Byline),
    ("通讯员", Label::Byline),
    ("责任编辑", Label::Byline),
    ("编辑", Label::Byline),
];

/// `来源：…`, `链接：…`, `主要内容：`, `标题：…`, also written `【来源】…`.
pub(super) fn label(text: &str) -> Option<(Label, String)> {
    let found = LABEL_WORDS.iter().find_map(|&(word, kind)| {
        let rest = text.strip_prefix(word)?;
        let trimmed = rest.trim_start_matches(is_blank);
        let colon = trimmed.starts_with([':', '：']);
        let value = strip_colon(trimmed).to_owned();
        let spaced = trimmed.len() < rest.len();
        let ok = colon
            || value.is_empty()
            || match kind {
                Label::Source => {
                    spaced && value.chars().count() <= 20 && !has_sentence_punct(&value)
                }
                Label::Link => {
                    value.starts_with(['[', '<']) || value.to_ascii_lowercase().starts_with("http")
                }
                Label::Content | Label::Title => false,
                Label::Byline => false,
            };
        let needs_colon = matches!(kind, Label::Content | Label::Byline);
        if !ok || (needs_colon && !value.is_empty() && !colon) {
            return None;
        }
        Some((kind, value))
    });
    // `作者：张晓 来源：浙江日报`: the source on a byline's line.
    if let Some((Label::Byline, value)) = &found {
        if let Some(at) = value.find("来源") {
            let after = strip_colon(value.get(at + "来源".len()..).unwrap_or(""));
            if !after.is_empty() {
                return Some((Label::Source, after.to_owned()));
            }
        }
    }
    found
}

pub(super) fn has_sentence_punct(s: &str) -> bool {
    s.contains(['。', '，', '；', '！', '？'])
}

/// A numbered heading: `1. t`, `1、t`, `1．t`, `（一）t`, `(1) t`, `一、t`,
/// `2.标题：t`. Returns (ordinal, title text, had 标题:).
pub(super) fn heading(text: &str) -> Option<(u32, String, bool)> {
    let (ordinal, rest_start) = heading_parts(text)?;
    let rest = text.get(rest_start..)?.trim_matches(is_blank);
    match rest.strip_prefix("标题") {
        Some(after) if after.trim_start_matches(is_blank).starts_with([':', '：']) => {
            Some((ordinal, strip_colon(after).to_owned(), true))
        }
        _ => Some((ordinal, rest.to_owned(), false)),
    }
}

/// The ordinal of a numbering prefix and the byte offset where the rest starts.
fn heading_parts(text: &str) -> Option<(u32, usize)> {
    // `567.html`: the end of a URL broken across lines.
    let url_tail = text
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .strip_prefix('.')
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphabetic()));
    if url_tail && is_url_fragment(text) {
        return None;
    }
    let chars: Vec<(usize, char)> = text
        .char_indices()
        .take(16)
        .map(|(i, c)| (i, fold_width(c)))
        .collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let offset = |i: usize| chars.get(i).map_or(text.len(), |&(o, _)| o);
    let bracket = match at(0) {
        Some('(') => Some(')'),
        Some('【') => Some('】'),
        Some('[') => Some(']'),
        Some('〔') => Some('〕'),
        _ => None,
    };
    if let Some(close_char) = bracket {
        let close = (1..chars.len().min(8)).find(|&i| at(i) == Some(close_char))?;
        let inner: String = chars.get(1..close)?.iter().map(|&(_, c)| c).collect();
        let n = parse_numeral(inner.trim())?;
        return Some((n, offset(close + 1)));
    }
    // `第一篇 标题`, `第3篇：标题`.
    if at(0) == Some('第') {
        let end = (1..chars.len().min(6)).find(|&i| at(i) == Some('篇'))?;
        let inner: String = chars.get(1..end)?.iter().map(|&(_, c)| c).collect();
        let n = parse_numeral(&inner)?;
        let j = if matches!(at(end + 1), Some(' ' | ':' | '：' | '、')) {
            end + 2
        } else {
            end + 1
        };
        return Some((n, offset(j)));
    }
    if let Some(n) = at(0).and_then(enclosed_number) {
        // `①标题`, `⒈标题`, `㈠标题`; a separator after it is part of the numbering.
        let j = if matches!(at(1), Some('.' | '、' | ' ')) {
            2
        } else {
            1
        };
        return Some((n, offset(j)));
    }
    if let Some((minor, start)) = hierarchical_number(text) {
        return Some((minor, start));
    }
    let mut i = 0;
    while at(i).is_some_and(|c| c.is_ascii_digit() || cn_digit(c).is_some() || is_cn_unit(c)) {
        i += 1;
    }
    if i == 0 || i > 4 {
        return None;
    }
    let numeral: String = chars.get(..i)?.iter().map(|&(_, c)| c).collect();
    let arabic = numeral.chars().all(|c| c.is_ascii_digit());
    let mut j = i;
    while at(j) == Some(' ') {
        j += 1;
    }
    let sep = at(j)?;
    let ok = match sep {
        '.' => arabic && !at(j + 1).is_some_and(|c| c.is_ascii_digit()),
        '、' => true,
        ',' | ')' => arabic,
        _ => false,
    };
    if !ok || (arabic && i > 3) {
        return None;
    }
    let n = parse_numeral(&numeral)?;
    (1..=999).contains(&n).then_some((n, offset(j + 1)))
}

/// `1.2 标题` in a report numbering articles within themes (`1. 政策动态`):
/// the article's number within its theme and where its title starts. The
/// blank after the second number tells it from `2.5G…` and `1.2亿元`.
pub(super) fn hierarchical_number(text: &str) -> Option<(u32, usize)> {
    let folded: Vec<(usize, char)> = text
        .char_indices()
        .take(10)
        .map(|(i, c)| (i, fold_width(c)))
        .collect();
    let digits = |from: usize| {
        folded
            .iter()
            .skip(from)
            .take_while(|(_, c)| c.is_ascii_digit())
            .count()
    };
    let major = digits(0);
    if !(1..=2).contains(&major) || folded.get(major).map(|&(_, c)| c) != Some('.') {
        return None;
    }
    let minor = digits(major + 1);
    let after = major + 1 + minor;
    if !(1..=2).contains(&minor) || folded.get(after).is_none_or(|&(_, c)| c != ' ') {
        return None;
    }
    // `2.33 亿的糖尿病患者`: a decimal, broken before its unit.
    let unit = folded
        .get(after + 1)
        .is_some_and(|&(_, c)| "亿万千百元个人家倍年月日天名米吨%‰".contains(c));
    if unit {
        return None;
    }
    let n: u32 = folded[major + 1..after]
        .iter()
        .map(|&(_, c)| c)
        .collect::<String>()
        .parse()
        .ok()?;
    Some((n, folded.get(after + 1).map_or(text.len(), |&(i, _)| i)))
}

/// `2.5G+急救平台…`, `3.2026年全国…会议`: a number, a full stop and a title
/// that itself starts with a digit. [`heading_parts`] reads these as a
/// decimal number (`3.5万人…` in a body is one), so they become headings
/// only where the sequence expects that number (see [`find_sections`] and
/// [`parse_toc`]). Returns the ordinal and where the title starts.
pub(super) fn decimal_heading(text: &str) -> Option<(u32, String)> {
    if hierarchical_number(text).is_some() {
        return None;
    }
    let folded: Vec<char> = text.chars().take(6).map(fold_width).collect();
    let digits = folded.iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=3).contains(&digits)
        || folded.get(digits) != Some(&'.')
        || !folded.get(digits + 1).is_some_and(char::is_ascii_digit)
    {
        return None;
    }
    let n: u32 = folded[..digits].iter().collect::<String>().parse().ok()?;
    let rest: String = text.chars().skip(digits + 1).collect();
    Some((n, rest.trim_matches(is_blank).to_owned()))
}

/// `1000. 标题`: a heading numbered past 999, which [`heading`] leaves to
/// the text (a line may start with a year: `2025、…`), so it is taken only
/// where the sequence expects that number (see [`find_sections`] and
/// [`parse_toc`]). Returns the ordinal and the title.
pub(super) fn long_heading(text: &str) -> Option<(u32, String)> {
    let folded: Vec<char> = text.chars().take(16).map(fold_width).collect();
    let digits = folded.iter().take_while(|c| c.is_ascii_digit()).count();
    if !(4..=7).contains(&digits) {
        return None;
    }
    let mut j = digits;
    while folded.get(j) == Some(&' ') {
        j += 1;
    }
    let separated = matches!(folded.get(j), Some('.' | '、' | ',' | ')'))
        && !folded.get(j + 1).is_some_and(char::is_ascii_digit);
    if !separated {
        return None;
    }
    let n: u32 = folded[..digits].iter().collect::<String>().parse().ok()?;
    let rest: String = text.chars().skip(j + 1).collect();
    Some((n, rest.trim_matches(is_blank).to_owned()))
}

/// The number of an enclosed numeral: `①`–`⑳` and on to `㊿`, `⑴`–`⒇`,
/// `⒈`–`⒛`, `❶`–`❿`, `➀`–`➉`, `➊`–`➓`, `㈠`–`㈩`.
fn enclosed_number(c: char) -> Option<u32> {
    let u = c as u32;
    let n = match u {
        0x2460..=0x2473 => u - 0x2460 + 1,
        0x2474..=0x2487 => u - 0x2474 + 1,
        0x2488..=0x249B => u - 0x2488 + 1,
        0x2776..=0x277F => u - 0x2776 + 1,
        0x2780..=0x2789 => u - 0x2780 + 1,
        0x278A..=0x2793 => u - 0x278A + 1,
        0x3220..=0x3229 => u - 0x3220 + 1,
        // Roman numerals Ⅰ–Ⅻ and ⅰ–ⅻ.
        0x2160..=0x216B => u - 0x2160 + 1,
        0x2170..=0x217B => u - 0x2170 + 1,
        0x3251..=0x325F => u - 0x3251 + 21,
        0x32B1..=0x32BF => u - 0x32B1 + 36,
        _ => return None,
    };
    Some(n)
}

/// `（新华网）` or `（来源：新华网）` alone on a line; not `（第六五四期）`.
pub(super) fn outlet_line(text: &str) -> Option<String> {
    let folded: String = text.chars().map(fold_width).collect();
    let inner = folded.strip_prefix('(')?.strip_suffix(')')?;
    let n = inner.chars().count();
    if n == 0
        || n > 30
        || inner.contains(['(', ')'])
        || has_sentence_punct(inner)
        || find_issue_number(inner).is_some()
    {
        return None;
    }
    let original: String = text.chars().skip(1).take(n).collect();
    let original = collapse_ws(&original);
    match after_source_label(&original) {
        Some(name) => Some(name.to_owned()).filter(|o| !o.is_empty()),
        None => Some(original),
    }
}

/// The name after a `来源：` / `稿源:` / `来源 ` label, without the colon;
/// `None` when `s` does not start with such a label.
pub(super) fn after_source_label(s: &str) -> Option<&str> {
    ["来源", "稿源"]
        .iter()
        .find_map(|w| s.strip_prefix(w))
        .filter(|r| r.starts_with([':', '：', ' ']))
        .map(strip_colon)
}

/// An outlet name as written, without surrounding punctuation (and the
/// separator before a date that followed it: `南方日报 |`).
fn clean_outlet(s: &str) -> String {
    let t = s.trim_matches(|c: char| {
        is_blank(c)
            || matches!(
                c,
                '(' | ')' | '（' | '）' | '。' | '，' | ',' | '.' | '|' | '｜' | '/' | '-' | '—'
            )
    });
    collapse_ws(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings() {
        assert_eq!(heading("1. 北京"), Some((1, "北京".into(), false)));
        assert_eq!(
            heading("2.标题： 数字健康"),
            Some((2, "数字健康".into(), true))
        );
        assert_eq!(heading("3、山海"), Some((3, "山海".into(), false)));
        assert_eq!(heading("１．全角"), Some((1, "全角".into(), false)));
        assert_eq!(heading("（一）政策"), Some((1, "政策".into(), false)));
        assert_eq!(heading("(12) 十二"), Some((12, "十二".into(), false)));
        assert_eq!(heading("2.33 亿的糖尿病患者"), None);
        assert_eq!(heading("2025-12-14 来源：北京晚报"), None);
        assert_eq!(heading("1500 张床位"), None);
        assert_eq!(heading("1000. 标题"), None);
        assert_eq!(long_heading("1000. 标题"), Some((1000, "标题".into())));
        assert_eq!(long_heading("１００１、标题"), Some((1001, "标题".into())));
        assert_eq!(long_heading("1500 张床位"), None);
        assert_eq!(long_heading("2025.12 数据"), None);
        assert_eq!(long_heading("999. 标题"), None);
    }
}
