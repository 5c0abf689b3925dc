//! Report text → [`Report`].
//!
//! Owns the layout of a 舆情监测周报/月报 as text: header (title, 第…期, date)
//! → 本期导语 (monitoring period) → 一、信息目录 (table of contents) → 二、具体内容
//! (numbered sections with 来源/链接/主要内容). The parser works from that
//! structure, not from line offsets, and tolerates the variations seen in
//! reports converted from DOCX (Markdown marks, escapes, link syntax) and
//! extracted from PDF (lines broken at page width, page furniture, titles and
//! URLs split across lines).
//!
//! It never panics on any input: text is handled as `char`s or through `str`
//! methods that respect UTF-8 boundaries, and nothing input-derived is
//! unwrapped or indexed unchecked.

mod dates;
mod furniture;
mod header;
mod kinds;
mod lines;
mod noise;
mod parts;
mod reflow;

pub use dates::parse_numeral;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;

use crate::io::ShowPath;
use crate::{Error, Result};

use super::{article_key, clip, fold_width, is_cjk_punct, Article, Report};

use dates::{cn_digit, find_issue_number, is_digit};
use furniture::{is_issue_number_line, is_masthead, running_key};
use header::{parse_issue, HEADER_LINES};
use kinds::{after_source_label, decimal_heading, has_sentence_punct, marker, split_source};
use lines::{is_blank, prepare_lines, Kind, Label, Line, Part};
use noise::{clean_markdown, collapse_ws, collect, unescape, LinkScan};
use parts::{evidence_gap, has_evidence, mark_groups, Parts};
use reflow::{
    continues, ends_sentence, join_lines, paragraphs, push_broken, typical_width, wrapped_width,
};

/// How the lines of a text relate to its paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Decide from the text: wrapped when most lines share one width (PDF extraction).
    Auto,
    /// Every non-blank line is a paragraph (TXT, Markdown, DOCX).
    Flowed,
    /// Lines are broken at page width and paragraphs must be reflowed (PDF).
    Wrapped,
}

/// The message of the error for a text with no numbered article sections.
pub const NO_ARTICLES: &str = "no articles found (expected numbered sections under 二、具体内容)";

/// Parse a report's text, deciding its layout from the text itself.
pub fn parse_report(path: &Path, text: &str) -> Result<Report> {
    parse_report_with(path, text, Layout::Auto)
}

/// Parse a report's text with a known layout (the PDF reader passes
/// [`Layout::Wrapped`]).
pub fn parse_report_with(path: &Path, text: &str, layout: Layout) -> Result<Report> {
    parse_reports_with(path, text, layout).map(|reports| first_report(path, reports))
}

/// The first of a file's issues (see [`parse_reports_with`]), with a warning
/// when there were more; `reports` is never empty.
pub fn first_report(path: &Path, mut reports: Vec<Report>) -> Report {
    let n = reports.len();
    let mut first = reports.swap_remove(0);
    if n > 1 {
        first.warnings.push(format!(
            "{}: holds {n} issues; only the first was read here (yuqing ingest reads them all)",
            path.shown()
        ));
    }
    first
}

/// Every issue in a report's text: several issues pasted into one file
/// (each with its masthead or issue number, then 本期导语 or 信息目录) are
/// parsed one by one, so each article keeps its own issue's number and
/// date. A part that cannot be read is named in a warning of the others;
/// the error is returned only when none can be read.
pub fn parse_reports_with(path: &Path, text: &str, layout: Layout) -> Result<Vec<Report>> {
    let parts = split_issues(text);
    if parts.len() == 1 {
        return parse_one(path, text, layout).map(|r| vec![r]);
    }
    // Each part is parsed once. A part without articles (a header quoted
    // inside an article) goes back into the part before it, which is then
    // parsed again with it.
    let mut done: Vec<(usize, &str, Result<Report>)> = Vec::with_capacity(parts.len());
    for (line, part) in parts {
        let parsed = parse_one(path, part, layout);
        match (parsed, done.last_mut()) {
            (Err(_), Some((_, prev, prev_parsed))) => {
                let start = prev.as_ptr() as usize - text.as_ptr() as usize;
                let end = part.as_ptr() as usize - text.as_ptr() as usize + part.len();
                *prev = &text[start..end];
                *prev_parsed = parse_one(path, prev, layout);
            }
            (parsed, _) => done.push((line, part, parsed)),
        }
    }
    if done.len() == 1 {
        return done
            .pop()
            .map_or_else(|| parse_one(path, text, layout), |(_, _, r)| r)
            .map(|r| vec![r]);
    }
    let n = done.len();
    let mut reports = Vec::new();
    let mut failed = Vec::new();
    let mut first_error = None;
    for (k, (line, _, parsed)) in done.into_iter().enumerate() {
        match parsed {
            Ok(mut r) => {
                // Line numbers in warnings are those of the whole file.
                if line > 0 {
                    r.warnings = r
                        .warnings
                        .into_iter()
                        .map(|w| shift_line_numbers(&w, line))
                        .collect();
                }
                reports.push(r)
            }
            Err(e) => {
                failed.push(format!("issue {} (from line {})", k + 1, line + 1));
                first_error.get_or_insert(e);
            }
        }
    }
    let Some(first) = reports.first_mut() else {
        return Err(first_error.unwrap_or_else(|| Error::format(path, NO_ARTICLES)));
    };
    first.warnings.push(format!(
        "{}: holds {n} issues, read one by one{}",
        path.shown(),
        if failed.is_empty() {
            String::new()
        } else {
            format!("; no articles could be read from {}", failed.join(", "))
        }
    ));
    Ok(reports)
}

/// `x.txt: line 7: …` of a part that starts `offset` lines into the file
/// as the whole file's `line 7 + offset`.
fn shift_line_numbers(warning: &str, offset: usize) -> String {
    let Some(at) = warning.find(": line ") else {
        return warning.to_owned();
    };
    let digits_at = at + ": line ".len();
    let rest = &warning[digits_at..];
    let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
    match n.parse::<usize>() {
        Ok(line) => format!(
            "{}{}{}",
            &warning[..digits_at],
            line + offset,
            &rest[n.len()..]
        ),
        Err(_) => warning.to_owned(),
    }
}

/// The issues of a text, as (index of the first line, text). A file holds
/// several issues when a 本期导语 or 信息目录 marker has, among the dozen
/// non-blank lines above it, an issue-number line (`（第六五七期）`, or the
/// masthead with its number) whose number differs from the issue before:
/// the text is cut at the first such header line (or at the masthead just
/// above it). A PDF's running header repeats its own issue's number, and a
/// line `目录` quoted in an article has no number above it: neither splits.
fn split_issues(text: &str) -> Vec<(usize, &str)> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let clean = |l: &str| clean_markdown(l.trim_matches(is_blank));
    // A header line with an issue number: `（第六五七期）`, the masthead with
    // its number, `2025年第11期（总第650期）`, `第十一期（月报）`.
    let number_of = |l: &str| {
        let k = running_key(&clean(l));
        let numbered = is_issue_number_line(&k)
            || (k.chars().count() <= 30 && k.contains('期') && !has_sentence_punct(&k));
        numbered.then(|| find_issue_number(&k)).flatten()
    };
    // Lines that may be a 本期导语/信息目录 marker: most reports have one of
    // each, and then nothing more is looked at.
    const MARKER_WORDS: &[&str] = &["导语", "目录", "提要", "概要", "要目", "导读"];
    let markers: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.len() < 200 && MARKER_WORDS.iter().any(|w| l.contains(w)))
        .filter(|(_, l)| matches!(marker(&clean(l)), Some((Part::Lead | Part::Toc, _))))
        .map(|(i, _)| i)
        .collect();
    if markers.len() < 2 {
        return vec![(0, text)];
    }
    // A PDF's running header repeats on every page: never a cut.
    let mut repeats: HashMap<&str, usize> = HashMap::new();
    for l in &lines {
        *repeats.entry(l.trim_matches(is_blank)).or_default() += 1;
    }
    let running = |l: &str| {
        repeats
            .get(l.trim_matches(is_blank))
            .is_some_and(|&n| n >= 3)
    };
    let mut starts = vec![0];
    let mut current = lines.iter().take(HEADER_LINES).find_map(|l| number_of(l));
    let mut floor = 0;
    let mut first_marker = true;
    for &m in &markers {
        if m <= floor {
            continue;
        }
        // The first issue's own 本期导语/目录 never starts a new issue.
        let first = std::mem::replace(&mut first_marker, false);
        // The dozen non-blank lines above the marker, not past the last cut.
        let mut above = Vec::new();
        let mut i = m;
        while i > floor && above.len() < 12 {
            i -= 1;
            if !lines[i].trim_matches(is_blank).is_empty() {
                above.push(i);
            }
        }
        let Some((at, number)) = above
            .iter()
            .rev()
            .filter(|&&i| !running(lines[i]))
            .find_map(|&i| number_of(lines[i]).map(|n| (i, n)))
        else {
            continue;
        };
        // An issue without a number followed by a numbered one splits too.
        if !first && current != Some(number) {
            // Start at the masthead when it sits just above the number line
            // (within three non-blank lines).
            let p_at = above.iter().position(|&i| i == at).unwrap_or(0);
            let head = above
                .iter()
                .skip(p_at + 1)
                .take(3)
                .copied()
                .filter(|&i| is_masthead(&running_key(&clean(lines[i]))))
                .min()
                .unwrap_or(at);
            starts.push(head);
            floor = m;
        }
        current = Some(number);
    }
    if starts.len() == 1 {
        return vec![(0, text)];
    }
    let mut offsets = Vec::with_capacity(lines.len() + 1);
    let mut pos = 0;
    for l in &lines {
        offsets.push(pos);
        pos += l.len();
    }
    offsets.push(pos);
    let ends = starts
        .iter()
        .skip(1)
        .copied()
        .chain(std::iter::once(lines.len()));
    starts
        .iter()
        .zip(ends)
        .map(|(&s, e)| (s, &text[offsets[s]..offsets[e]]))
        .collect()
}

fn parse_one(path: &Path, text: &str, layout: Layout) -> Result<Report> {
    let (mut lines, running) = prepare_lines(text);
    mark_groups(&mut lines);
    let wrap = match layout {
        Layout::Auto => wrapped_width(&lines),
        Layout::Wrapped => typical_width(&lines),
        Layout::Flowed => None,
    };
    let parts = Parts::find(&lines);
    let toc = parse_toc(lines.get(parts.toc.clone()).unwrap_or(&[]));
    let listed: HashSet<String> = toc.iter().map(|e| normalise(&e.title)).collect();
    let body = lines.get_mut(parts.body.clone()).unwrap_or(&mut []);
    let ranges = find_sections(body, &toc);
    let body: &[Line] = body;
    let sections = parse_sections(body, ranges, wrap, &listed);
    let mut warnings = Vec::new();
    let issue = parse_issue(path, &lines, &running, &parts, &mut warnings);
    if sections.is_empty() {
        return Err(no_articles(path, &toc));
    }
    compare_toc(path, &toc, &sections, &mut warnings);
    let articles = build_articles(path, &toc, sections, &mut warnings);
    Ok(Report {
        issue,
        articles,
        warnings,
    })
}

fn no_articles(path: &Path, toc: &[TocEntry]) -> Error {
    let detail = if toc.is_empty() {
        String::new()
    } else {
        format!(
            "; the table of contents lists {} titles but no section with 来源/链接/主要内容 follows it",
            toc.len()
        )
    };
    Error::format(
        path,
        format!("{NO_ARTICLES}{detail}; check that this is a 舆情监测周报/月报"),
    )
}

// ---------------------------------------------------------------------------
// Table of contents
// ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct TocEntry {
    title: String,
    source: Option<String>,
}

/// A TOC title longer than this takes no more continuation lines.
const MAX_TOC_TITLE_BYTES: usize = 600;

fn parse_toc(lines: &[Line]) -> Vec<TocEntry> {
    let mut entries: Vec<TocEntry> = Vec::new();
    let numbered = lines
        .iter()
        .any(|l| matches!(l.kind, Kind::Heading { .. }) || decimal_heading(&l.text).is_some());
    for line in lines {
        match &line.kind {
            Kind::Heading { rest, .. } => {
                let mut entry = TocEntry {
                    title: rest.clone(),
                    source: None,
                };
                take_inline_outlet(&mut entry);
                entries.push(entry);
            }
            Kind::Outlet(outlet) => {
                if let Some(e) = entries.last_mut().filter(|e| e.source.is_none()) {
                    e.source = Some(outlet.clone());
                }
            }
            Kind::Text
                if decimal_heading(&line.text)
                    .is_some_and(|(n, _)| n as usize == entries.len() + 1) =>
            {
                let (_, rest) = decimal_heading(&line.text).unwrap_or_default();
                let mut entry = TocEntry {
                    title: rest,
                    source: None,
                };
                take_inline_outlet(&mut entry);
                entries.push(entry);
            }
            Kind::Text => {
                // A title wraps over a few lines at most: a runaway TOC
                // (numbers past 999) must not grow one entry without end.
                if let Some(e) = entries
                    .last_mut()
                    .filter(|e| e.source.is_none() && e.title.len() < MAX_TOC_TITLE_BYTES)
                {
                    push_broken(&mut e.title, &line.text);
                    take_inline_outlet(e);
                } else if !numbered {
                    // A TOC without numbers: a line after an entry's outlet
                    // (or the first line) starts the next entry.
                    let mut entry = TocEntry {
                        title: line.text.clone(),
                        source: None,
                    };
                    take_inline_outlet(&mut entry);
                    entries.push(entry);
                }
            }
            _ => {}
        }
    }
    for e in &mut entries {
        e.title = collapse_ws(&e.title);
    }
    entries
}

/// `标题（新华网）` on a TOC line (or at the end of a title wrapped over
/// several lines): the trailing group becomes the entry's source.
fn take_inline_outlet(entry: &mut TocEntry) {
    if let Some(title) = strip_leaders(&entry.title) {
        entry.title = title.to_owned();
    }
    if let Some((title, outlet)) =
        split_trailing_outlet(&entry.title).or_else(|| split_dash_outlet(&entry.title))
    {
        entry.title = title;
        entry.source = Some(outlet);
    }
}

/// `标题——人民日报`, `标题 - 新华网`, `标题 —— 来源：健康报`: a TOC title
/// and the outlet after a dash, when that reads as an outlet.
fn split_dash_outlet(title: &str) -> Option<(String, String)> {
    let t = title.trim_end_matches(is_blank);
    let (head, tail) = ["——", "—", " - ", " – ", "--"]
        .iter()
        .filter_map(|d| t.rfind(d).map(|i| (i, d.len())))
        .max_by_key(|&(i, _)| i)
        .map(|(i, len)| (t.get(..i).unwrap_or(""), t.get(i + len..).unwrap_or("")))?;
    let outlet = outlet_name(tail.trim_matches(is_blank))?;
    let head = collapse_ws(head);
    (normalise(&head).chars().count() >= 2).then_some((head, outlet))
}

/// A TOC line's title without its dot leaders and page number:
/// `标题（人民日报）……………2` → `标题（人民日报）`.
fn strip_leaders(line: &str) -> Option<&str> {
    let t = line.trim_end_matches(is_blank);
    let t = t
        .trim_end_matches(|c: char| is_digit(c))
        .trim_end_matches(is_blank);
    let leader = |c: char| matches!(c, '.' | '．' | '…' | '·' | '。' | '-' | '—' | '_');
    let body = t.trim_end_matches(leader);
    let leaders = t.len() - body.len();
    // Two leader characters at least (one `…` is three bytes; `.` is one).
    (leaders >= 2 && body.chars().count() >= 2).then(|| body.trim_end_matches(is_blank))
}

/// Split `标题（新华网）`, `标题(来源：健康报)`, `标题【人民网】` into the
/// title and the outlet. Only a group at the very end of the line, not
/// nested, counts, and only when it reads as an outlet (see
/// [`outlet_name`]); `中关村（朝阳）数字医疗产业园`, `公告（2025年第1号）` and
/// `办法（试行）` are titles and stay whole.
fn split_trailing_outlet(title: &str) -> Option<(String, String)> {
    let t = title.trim_end_matches(is_blank);
    let last = t.chars().next_back()?;
    let (open, close) = match fold_width(last) {
        ')' => ('(', ')'),
        '】' => ('【', '】'),
        ']' => ('[', ']'),
        _ => return None,
    };
    let body = t.get(..t.len() - last.len_utf8())?;
    let mut start = None;
    for (i, c) in body.char_indices().rev() {
        let f = fold_width(c);
        if f == close {
            return None;
        }
        if f == open {
            start = Some((i, c.len_utf8()));
            break;
        }
    }
    let (start, open_len) = start?;
    let outlet = outlet_name(body.get(start + open_len..)?)?;
    let head = collapse_ws(body.get(..start)?);
    (normalise(&head).chars().count() >= 2).then_some((head, outlet))
}

/// Longest outlet name accepted without a `来源` label.
const MAX_OUTLET_CHARS: usize = 12;

/// Endings that make a short parenthesised name read as a news outlet:
/// newspapers, sites, agencies, broadcasters, apps and accounts, and the
/// health and government bodies whose sites the reports monitor.
const OUTLET_ENDINGS: &[&str] = &[
    "网",
    "报",
    "新闻",
    "客户端",
    "app",
    "报道",
    "周刊",
    "杂志",
    "卫视",
    "频道",
    "在线",
    "微博",
    "传媒",
    "媒体",
    "头条",
    "海外版",
    "新华社",
    "中新社",
    "通讯社",
    "新闻社",
    "报社",
    "杂志社",
    "电视台",
    "电台",
    "广播",
    "公众号",
    "微信号",
    "头条号",
    "百家号",
    "视频号",
    "抖音号",
    "网易号",
    "搜狐号",
    "澎湃号",
    "企鹅号",
    "卫健委",
    "卫生健康委",
    "卫生健康委员会",
    "卫健局",
    "卫生健康局",
    "医保局",
    "疾控局",
    "药监局",
    "中医药局",
    "数据局",
    "工信部",
    "发改委",
    "国务院",
    "办公厅",
    "政府",
];

/// Names that end like an outlet but are words that close titles.
const NOT_OUTLET_ENDINGS: &[&str] = &[
    "互联网",
    "物联网",
    "局域网",
    "广域网",
    "医联网",
    "专网",
    "内网",
    "外网",
    "电网",
    "公报",
    "通报",
    "简报",
    "周报",
    "月报",
    "年报",
    "快报",
    "喜报",
    "海报",
    "预报",
    "举报",
    "情报",
    "汇报",
    "战报",
    "电报",
    "上报",
    "申报",
    "填报",
    "直报",
];

/// Outlets whose names do not end like one.
const KNOWN_OUTLETS: &[&str] = &[
    "央视",
    "央广",
    "财新",
    "澎湃",
    "界面",
    "健康界",
    "医学界",
    "丁香园",
    "丁香医生",
    "36氪",
    "虎嗅",
    "亿欧",
    "钛媒体",
    "第一财经",
    "赛柏蓝",
    "八点健闻",
    "健康中国",
    "学习强国",
    "动脉网",
    "北京卫视",
];

/// The outlet inside a trailing group: `来源：健康报` / `来源:健康报` (any
/// short name after the label), or a bare name of 2–12 characters with no
/// sentence punctuation, no issue or document number (`第1号`, `2025年`),
/// that is a known outlet or ends like one (`OUTLET_ENDINGS`, at least 3
/// characters, not a `NOT_OUTLET_ENDINGS` word).
fn outlet_name(inner: &str) -> Option<String> {
    let inner = collapse_ws(inner);
    if inner.is_empty() || inner.contains(['(', ')', '（', '）', '【', '】', '[', ']']) {
        return None;
    }
    if ["来源", "稿源"].iter().any(|w| inner.starts_with(w)) {
        // Labelled: any short name. `来源` without a colon is not an outlet.
        let name = after_source_label(&inner)?;
        let n = name.chars().count();
        return ((1..=20).contains(&n) && !has_sentence_punct(name)).then(|| name.to_owned());
    }
    let folded: String = inner.chars().map(fold_width).collect();
    let n = folded.chars().count();
    let punct = folded.contains([
        '。', '，', '；', '！', '？', '、', ',', ';', '!', '?', ':', '“', '”', '"', '《', '》',
    ]);
    let numbered = find_issue_number(&folded).is_some() || has_year(&folded);
    if !(2..=MAX_OUTLET_CHARS).contains(&n) || punct || numbered {
        return None;
    }
    let lower = folded.to_ascii_lowercase();
    if KNOWN_OUTLETS.contains(&folded.as_str()) {
        return Some(inner);
    }
    let ends = |list: &[&str]| list.iter().any(|w| lower.ends_with(w));
    (n >= 3 && ends(OUTLET_ENDINGS) && !ends(NOT_OUTLET_ENDINGS)).then_some(inner)
}

/// A digit followed by 年 (`2025年版`, `2024年度`).
fn has_year(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    chars
        .windows(2)
        .any(|w| matches!(w, [d, '年'] if d.is_ascii_digit() || cn_digit(*d).is_some()))
}

// ---------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------

/// Index ranges (into the body lines) of the article sections.
///
/// A line that [`decimal_heading`] reads as a heading becomes one when its
/// number is the next expected and a 来源/链接 label follows or the TOC
/// lists its title.
fn find_sections(body: &mut [Line], toc: &[TocEntry]) -> Vec<std::ops::Range<usize>> {
    let toc_titles: Vec<String> = toc.iter().map(|e| normalise(&e.title)).collect();
    let toc_set: HashSet<&str> = toc_titles.iter().map(String::as_str).collect();
    let mut starts = Vec::new();
    let mut expected = 1;
    for i in 0..body.len() {
        if body[i].kind == Kind::Text {
            if let Some((ordinal, rest)) = decimal_heading(&body[i].text) {
                let listed = toc_set.contains(normalise(&rest).as_str());
                // `2.3亿人次…。数据显示…。` over a chart's `来源：` credit is a
                // paragraph: a title has no full stop, and its labels
                // include a 链接 or 主要内容.
                let title_like = !rest.contains('。') && !ends_sentence(&rest);
                let fields = || {
                    field_block_follows(body, i + 1)
                        && !matches!(body.get(i + 1).map(|l| &l.kind), Some(Kind::DateSource(..)))
                };
                if ordinal == expected
                    && title_like
                    && (listed || fields())
                    && !after_intro(body, i)
                {
                    body[i].kind = Kind::Heading {
                        ordinal,
                        rest,
                        labelled: false,
                    };
                }
            }
        }
        let line = &body[i];
        let Kind::Heading { ordinal, rest, .. } = &line.kind else {
            continue;
        };
        // Listed: equal to a TOC title, or the start of the TOC title with the
        // same number (a heading whose title wraps onto the next line).
        let listed = || {
            let at_same_number = (*ordinal as usize)
                .checked_sub(1)
                .and_then(|i| toc_titles.get(i));
            let is_listed = |t: &str| {
                t.chars().count() >= 4
                    && (toc_set.contains(t) || at_same_number.is_some_and(|x| x.starts_with(t)))
            };
            is_listed(&normalise(rest))
                || split_trailing_outlet(rest).is_some_and(|(t, _)| is_listed(&normalise(&t)))
        };
        // Labels under a text line (`（三）智慧医疗工程` / `天津：…` / `来源：`)
        // are evidence for a wrapped title only where its number is due or
        // the TOC lists it: otherwise they are the next article's, under a
        // title without a number.
        // After a line that introduces a list (`相关文件：`), a number out
        // of turn is the list's (`1. 《…》`), not the next article's.
        let accepted = match evidence_gap(body, i) {
            Some(0) => *ordinal == expected || !after_intro(body, i),
            Some(_) => *ordinal == expected,
            None => false,
        };
        if accepted || (*ordinal == expected && listed()) {
            starts.push(i);
            expected = ordinal.saturating_add(1);
        }
    }
    // Numbered sections none of which the TOC lists, where titles without
    // numbers match it: the numbers were list items inside articles of a
    // report whose titles carry none.
    let none_listed = !toc_titles.is_empty()
        && starts.iter().all(|&i| match &body[i].kind {
            Kind::Heading { rest, .. } => {
                let t = normalise(rest);
                !toc_set.contains(t.as_str())
                    && !split_trailing_outlet(rest)
                        .is_some_and(|(t, _)| toc_set.contains(normalise(&t).as_str()))
            }
            _ => true,
        });
    if starts.is_empty() || none_listed {
        let unnumbered = unnumbered_sections(body, &toc_titles);
        if !unnumbered.is_empty() || starts.is_empty() {
            starts = unnumbered;
        }
    } else {
        add_unnumbered_listed(body, &toc_titles, &mut starts);
    }
    let ends = starts
        .iter()
        .skip(1)
        .copied()
        .chain(std::iter::once(body.len()));
    starts.iter().zip(ends).map(|(&s, e)| s..e).collect()
}

/// Whether the line before `i` introduces what follows (`相关文件：`,
/// `延伸阅读：`): a list quoted in an article, not the next article.
fn after_intro(body: &[Line], i: usize) -> bool {
    i.checked_sub(1)
        .and_then(|p| body.get(p))
        .is_some_and(|l| l.kind == Kind::Text && l.text.ends_with(['：', ':']))
}

/// In a report whose sections are numbered, a section whose heading lost
/// its number (`广东发布…` between `3. …` and `5. …`): a line equal to a
/// TOC title that no section has taken, with labels below it, whose TOC
/// position lies between the numbers of the sections around it (so the
/// title repeated inside its own article does not split it).
fn add_unnumbered_listed(body: &mut [Line], toc_titles: &[String], starts: &mut Vec<usize>) {
    let taken: HashSet<String> = starts
        .iter()
        .filter_map(|&i| match &body[i].kind {
            Kind::Heading { rest, .. } => Some(rest.as_str()),
            _ => None,
        })
        .flat_map(|rest| {
            let stripped = split_trailing_outlet(rest).map(|(t, _)| normalise(&t));
            std::iter::once(normalise(rest)).chain(stripped)
        })
        .collect();
    let mut free: HashMap<&str, usize> = HashMap::new();
    for (k, t) in toc_titles.iter().enumerate() {
        if t.chars().count() >= 4 && !taken.contains(t) {
            free.entry(t.as_str()).or_insert(k);
        }
    }
    if free.is_empty() {
        return;
    }
    let ordinal_at = |body: &[Line], i: usize| match &body[i].kind {
        Kind::Heading { ordinal, .. } => *ordinal as usize,
        _ => 0,
    };
    let mut added = Vec::new();
    for i in 0..body.len() {
        if body[i].kind != Kind::Text {
            continue;
        }
        let t = normalise(&body[i].text);
        let Some(&k) = free.get(t.as_str()) else {
            continue;
        };
        let before = starts.partition_point(|&s| s < i);
        let prev = before.checked_sub(1).map(|j| ordinal_at(body, starts[j]));
        let next = starts.get(before).map(|&s| ordinal_at(body, s));
        let fits = prev.is_none_or(|p| p < k + 1) && next.is_none_or(|n| k + 1 < n);
        if fits && has_evidence(body, i) && !after_intro(body, i) {
            free.remove(t.as_str());
            added.push((i, k));
        }
    }
    for (i, k) in added {
        let rest = body[i].text.clone();
        body[i].kind = Kind::Heading {
            ordinal: k as u32 + 1,
            rest,
            labelled: false,
        };
        let at = starts.partition_point(|&s| s < i);
        starts.insert(at, i);
    }
}

/// Whether an article's field block starts at line `k`: a dated source line
/// (`2025-12-22 来源：北京晚报`), or labels (bylines, 发布时间 and an
/// outlet line among them) that include a 链接 or 主要内容, or a 来源 with
/// a 链接 or 主要内容 after it. A lone `来源：…` under a chart's caption in
/// an article's text is not one.
fn field_block_follows(body: &[Line], k: usize) -> bool {
    let mut source = false;
    for line in body.iter().skip(k).take(6) {
        match &line.kind {
            Kind::Outlet(_)
            | Kind::Label(Label::Byline | Label::Title, _)
            | Kind::OriginalTitle(_) => {}
            Kind::DateSource(_, outlet) if !outlet.is_empty() && !source => return true,
            Kind::DateSource(..) => {}
            Kind::Label(Label::Source, _) => source = true,
            Kind::Label(Label::Link | Label::Content, _) => return true,
            _ => return false,
        }
    }
    false
}

/// Section starts of a report whose article titles carry no number (or one
/// from Word's list numbering, which a .docx does not store as text): a line
/// equal to the next TOC title with a 来源/链接 label below it; without such
/// lines, any short line that a 来源/链接 label or dated source line follows
/// at once (the repeat of the previous title inside its article excepted).
/// The lines found become headings.
fn unnumbered_sections(body: &mut [Line], toc_titles: &[String]) -> Vec<usize> {
    let mut starts = Vec::new();
    // Each title's TOC positions, so that a body line finds the first one
    // not yet used in one lookup (a long TOC is not scanned per line).
    let mut positions: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, t) in toc_titles.iter().enumerate() {
        if t.chars().count() >= 4 {
            positions.entry(t.as_str()).or_default().push(k);
        }
    }
    // `标题：xxx` (Word's list number lost before it) is titled xxx.
    fn title_of(l: &Line) -> Option<&str> {
        match &l.kind {
            Kind::Text | Kind::Heading { .. } => Some(&l.text),
            Kind::Label(Label::Title, v) if !v.is_empty() => Some(v),
            _ => None,
        }
    }
    let mut next_toc = 0;
    for i in 0..body.len() {
        let Some(title) = title_of(&body[i]) else {
            continue;
        };
        let t = normalise(title);
        let Some(at) = positions.get(t.as_str()) else {
            continue;
        };
        if let Some(&k) = at.get(at.partition_point(|&k| k < next_toc)) {
            if has_evidence(body, i) {
                next_toc = k + 1;
                starts.push(i);
            }
        }
    }
    if starts.is_empty() {
        let mut previous = String::new();
        for i in 0..body.len() {
            let line = &body[i];
            // (Numbered headings were not sections: they are not titles here.)
            let text = match title_of(line) {
                Some(t) if !matches!(line.kind, Kind::Heading { .. }) => t,
                _ => continue,
            };
            // (Not the end of a URL broken across lines.)
            let title_like = (4..=60).contains(&text.chars().count())
                && !text.ends_with(['。', '；', '：', ':', '，'])
                && !is_url_fragment(text);
            let labelled_next = || field_block_follows(body, i + 1);
            let t = normalise(text);
            if title_like && t != previous && labelled_next() {
                previous = t;
                starts.push(i);
            }
        }
    }
    for (n, &i) in starts.iter().enumerate() {
        let labelled = matches!(body[i].kind, Kind::Label(Label::Title, _));
        let rest = title_of(&body[i]).unwrap_or_default().to_owned();
        body[i].kind = Kind::Heading {
            ordinal: n as u32 + 1,
            rest,
            labelled,
        };
    }
    starts
}

/// A section heading that carries the outlet like its TOC line
/// (`1. 标题（新华网）`): the title without it, and the outlet. With a TOC,
/// only when the stripped heading is a TOC title (or the group says 来源),
/// so a heading that merely ends in parentheses is left alone.
fn strip_heading_outlet(title: &str, listed: &HashSet<String>) -> Option<(String, String)> {
    if listed.contains(&normalise(title)) {
        return None;
    }
    // `标题（来源：四川日报）` says what the group is, TOC or not.
    let labelled = title
        .trim_end_matches(is_blank)
        .rsplit(['(', '（', '【', '['])
        .next()
        .is_some_and(|g| g.starts_with("来源") || g.starts_with("稿源"));
    // Without a TOC to check against, an outlet that reads as one
    // (`（湖北日报）`; not `（朝阳）`, see `outlet_name`) is taken too.
    split_trailing_outlet(title)
        .filter(|(t, _)| labelled || listed.is_empty() || listed.contains(&normalise(t)))
}

/// Parse the sections, folding back into the section before it one that
/// only looked like an article:
/// - the article's own headline under its labels (the seed layout's
///   `主要内容：` / headline / `2025-12-22 来源：…`), read as a section
///   while the real one stayed empty: a section without a 链接 after a
///   section with no text;
/// - a reference quoted inside an article (`相关文件：` / `1. 《…》` / `来源：`
///   / `链接：`): a section with no text whose title the TOC does not list
///   (without a TOC: that a line ending in `：` introduces).
fn parse_sections(
    body: &[Line],
    ranges: Vec<std::ops::Range<usize>>,
    wrap: Option<usize>,
    listed: &HashSet<String>,
) -> Vec<Section> {
    let parse = |r: &std::ops::Range<usize>, last: bool| {
        parse_section(body.get(r.clone()).unwrap_or(&[]), wrap, listed, last)
    };
    let n = ranges.len();
    let mut done: Vec<(std::ops::Range<usize>, Section)> = Vec::with_capacity(n);
    for (k, range) in ranges.into_iter().enumerate() {
        let last = k + 1 == n;
        let sec = parse(&range, last);
        if let Some((prev_range, prev)) = done.last_mut() {
            let headline = prev.text.trim().is_empty() && sec.link.is_none();
            // With a TOC: not listed; without: after a line introducing it
            // (`延伸阅读：`).
            let quoted = sec.text.trim().is_empty()
                && if listed.is_empty() {
                    after_intro(body, range.start)
                } else {
                    !listed.contains(&normalise(&sec.title))
                };
            if headline || quoted {
                let merged = prev_range.start..range.end;
                *prev = parse(&merged, last);
                *prev_range = merged;
                continue;
            }
        }
        done.push((range, sec));
    }
    done.into_iter().map(|(_, sec)| sec).collect()
}

/// One parsed section, before it becomes an [`Article`].
#[derive(Debug, Default)]
struct Section {
    line_no: usize,
    title: String,
    source: Option<String>,
    outlet_hint: Option<String>,
    /// The outlet written at the end of the heading (`1. 标题（新华网）`).
    heading_outlet: Option<String>,
    link: Option<String>,
    date: Option<NaiveDate>,
    original_title: Option<String>,
    text: String,
}

/// `listed`: the normalised TOC titles; `last`: the report's last section,
/// which may end with the report's trailer.
fn parse_section(
    lines: &[Line],
    wrap: Option<usize>,
    listed: &HashSet<String>,
    last: bool,
) -> Section {
    let mut sec = Section {
        line_no: lines.first().map_or(0, |l| l.no),
        ..Section::default()
    };
    let title_end = title_block_end(lines);
    let head = match lines.first().map(|l| &l.kind) {
        Some(Kind::Heading { rest, .. }) => rest.as_str(),
        _ => "",
    };
    let title_parts = lines
        .get(1..title_end)
        .unwrap_or(&[])
        .iter()
        .map(|l| l.text.as_str());
    sec.title = collapse_ws(&join_lines(std::iter::once(head).chain(title_parts)));
    if let Some((title, outlet)) = strip_heading_outlet(&sec.title, listed) {
        sec.title = title;
        sec.heading_outlet = Some(outlet);
    }
    let body_start = parse_fields(lines, title_end, &mut sec);
    let body: Vec<&Line> = lines.get(body_start..).unwrap_or(&[]).iter().collect();
    parse_body(&body, wrap, &mut sec, last);
    sec
}

/// The title block runs from the heading to the first label, dated source
/// line or `（outlet）` line, at most three continuation lines; otherwise the
/// title is the heading line alone.
fn title_block_end(lines: &[Line]) -> usize {
    let next_structural = lines
        .iter()
        .enumerate()
        .skip(1)
        .take(4)
        .find(|(_, l)| l.kind != Kind::Text);
    match next_structural {
        Some((k, l))
            if matches!(
                l.kind,
                Kind::Label(..) | Kind::DateSource(..) | Kind::Outlet(_) | Kind::OriginalTitle(_)
            ) =>
        {
            k
        }
        _ => 1,
    }
}

/// Read 来源/链接/标题/主要内容 after the title; returns where the body starts.
fn parse_fields(lines: &[Line], mut i: usize, sec: &mut Section) -> usize {
    let mut link_raw: Option<String> = None;
    while let Some(line) = lines.get(i) {
        match &line.kind {
            Kind::Label(Label::Source, v) => {
                let (value, used) = value_or_next(lines, i, v);
                let source = split_source(&value);
                if source.has_link && link_raw.is_none() && sec.link.is_none() {
                    link_raw = Some(line.raw.clone());
                }
                if sec.source.is_none() && !source.outlet.is_empty() {
                    sec.source = Some(source.outlet);
                }
                sec.date = sec.date.or(source.date);
                i += used;
            }
            // A second link (`链接：` twice, or another URL on its own line
            // under the first): the first is the article's.
            Kind::Label(Label::Link, _) if link_raw.as_deref().is_some_and(link_complete) => {}
            Kind::Label(Label::Link, _) => link_raw = Some(line.raw.clone()),
            Kind::Label(Label::Byline, _) => {}
            Kind::OriginalTitle(v) => {
                let (mut value, used) = value_or_next(lines, i, v);
                i += used;
                // A 原标题 wrapped onto a line or two before the next label.
                let wrapped = (1..=2).find(|&k| {
                    lines
                        .get(i + 1..=i + k)
                        .is_some_and(|w| w.iter().all(|l| l.kind == Kind::Text))
                        && matches!(
                            lines.get(i + k + 1).map(|l| &l.kind),
                            Some(Kind::Label(..) | Kind::DateSource(..))
                        )
                });
                if let Some(k) = wrapped {
                    for l in &lines[i + 1..=i + k] {
                        push_broken(&mut value, &l.text);
                    }
                    i += k;
                }
                if sec.original_title.is_none() && !value.is_empty() {
                    sec.original_title = Some(value);
                }
            }
            // `发布时间：2025-12-01 10:30` between the labels.
            Kind::DateSource(date, outlet) => {
                sec.date = sec.date.or(Some(*date));
                if !outlet.is_empty() && sec.source.is_none() {
                    sec.source = Some(outlet.clone());
                }
            }
            Kind::Label(Label::Title, v) if sec.title.is_empty() => sec.title = v.clone(),
            Kind::Label(Label::Title, _) => {}
            Kind::Label(Label::Content, v) => {
                finish_link(link_raw.take(), sec);
                if v.is_empty() {
                    return i + 1;
                }
                // `主要内容：text` — the body starts on this line; keep its text.
                return i;
            }
            Kind::Outlet(o) => sec.outlet_hint = Some(o.clone()),
            _ => match link_raw.as_mut() {
                Some(raw)
                    if is_url_fragment(&line.raw)
                        && starts_url(&line.raw)
                        && link_complete(raw) => {}
                Some(raw) if is_url_fragment(&line.raw) && raw.len() < MAX_LINK => {
                    raw.push_str(&line.raw)
                }
                _ => break,
            },
        }
        i += 1;
    }
    finish_link(link_raw, sec);
    i
}

/// Longest link block kept: a URL never needs more.
const MAX_LINK: usize = 4096;

/// A label's value, or the next line when the label line has none.
fn value_or_next(lines: &[Line], i: usize, value: &str) -> (String, usize) {
    if !value.is_empty() {
        return (value.to_owned(), 0);
    }
    match lines.get(i + 1) {
        Some(next) if next.kind == Kind::Text && next.text.chars().count() <= 30 => {
            (next.text.clone(), 1)
        }
        _ => (String::new(), 0),
    }
}

fn finish_link(raw: Option<String>, sec: &mut Section) {
    if let Some(raw) = raw {
        sec.link = extract_url(&raw);
    }
}

/// Whether `raw` holds the start of a URL.
fn has_url(raw: &str) -> bool {
    let lower = raw.to_ascii_lowercase();
    lower.contains("http://") || lower.contains("https://") || lower.contains("www.")
}

/// Whether a link block holds a whole URL: one, not ending where a line
/// break splits URLs (`…/`, `…(https://`), and not inside an open Markdown
/// link or autolink.
fn link_complete(raw: &str) -> bool {
    let open_markdown = raw.rfind("](").is_some_and(|i| !raw[i..].contains(')'));
    let open_auto = raw.rfind('<').is_some_and(|i| !raw[i..].contains('>'));
    has_url(raw)
        && !open_markdown
        && !open_auto
        && !raw.ends_with(['/', ':', '(', '.', '_', '-', '?', '&', '=', '#', '%'])
}

/// Whether a line starts a new URL (a continuation of a broken one does
/// not, though it may hold a Markdown link's target further on).
fn starts_url(raw: &str) -> bool {
    let lower = raw.trim_start_matches(['<', '[']).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.")
}

/// A piece of a URL broken across lines: ASCII, no spaces.
fn is_url_fragment(raw: &str) -> bool {
    !raw.is_empty() && raw.chars().all(|c| c.is_ascii_graphic())
}

/// The URL in a (possibly rejoined) link block: a Markdown link's target, an
/// autolink, or the first `http…`/`www.` run; escapes removed.
fn extract_url(raw: &str) -> Option<String> {
    let s = unescape(raw);
    let mut links = LinkScan::new();
    for i in 0..s.len() {
        if let Some((_, target, _)) = links.link_at(&s, i) {
            let t = target.trim().to_owned();
            if !t.is_empty() {
                return Some(t);
            }
        }
    }
    let plain = collect(&s);
    let lower = plain.to_ascii_lowercase();
    let start = lower
        .find("http://")
        .or_else(|| lower.find("https://"))
        .or_else(|| lower.find("www."))?;
    let url: String = plain
        .get(start..)?
        .chars()
        .take_while(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"'))
        .collect();
    let url = url.trim_end_matches(['.', ',', ';', ')', ']', '>', '\'']);
    (!url.is_empty()).then(|| url.to_owned())
}

/// Drop the repeated title, read the dated source line and 原标题, reflow the
/// rest into paragraphs.
fn parse_body(lines: &[&Line], wrap: Option<usize>, sec: &mut Section, last: bool) {
    let title = normalise(&sec.title);
    let mut keep: Vec<&Line> = Vec::with_capacity(lines.len());
    // The dated source line under the repeated title (`2025-12-22 来源：北京
    // 晚报`); a bare date counts only when only headline-like lines are
    // above it (otherwise it is a date in the text: a quoted notice's
    // signature under its paragraphs).
    let headline_like = |l: &&Line| {
        l.text.chars().count() <= 40 && !ends_sentence(&l.text) && !l.text.ends_with(['：', ':'])
    };
    // A bare date other than the one the labels gave is text too.
    let date_at = lines
        .iter()
        .take(6)
        .enumerate()
        .position(|(d, l)| match &l.kind {
            Kind::DateSource(date, outlet) if outlet.is_empty() => {
                sec.date.is_none_or(|known| known == *date)
                    && lines.get(..d).unwrap_or(&[]).iter().all(headline_like)
            }
            Kind::DateSource(..) => true,
            _ => false,
        });
    let rest_from = match date_at {
        Some(d) => {
            if let Some(Kind::DateSource(date, outlet)) = lines.get(d).map(|l| &l.kind) {
                // A date from the labels (来源：… 2025-12-01, 发布时间) stands.
                sec.date = sec.date.or(Some(*date));
                if !outlet.is_empty() && sec.outlet_hint.is_none() {
                    sec.outlet_hint = Some(outlet.clone());
                }
            }
            let pre = lines.get(..d).unwrap_or(&[]);
            keep.extend(drop_title_lines(pre, &title));
            d + 1
        }
        None => 0,
    };
    let rest = lines.get(rest_from..).unwrap_or(&[]);
    let mut i = 0;
    while let Some(line) = rest.get(i) {
        i += 1;
        let early = i <= 6;
        if (early && normalise(&line.text) == title && !title.is_empty())
            || line.kind == Kind::Group
        {
            continue;
        }
        if let (true, Kind::OriginalTitle(v)) = (early && sec.original_title.is_none(), &line.kind)
        {
            i += read_original_title(v, rest.get(i..).unwrap_or(&[]), &title, wrap, sec);
            continue;
        }
        keep.push(line);
    }
    drop_trailer(&mut keep, last);
    keep.retain(|l| l.kind != Kind::Rule);
    sec.text = paragraphs(&keep, wrap).join("\n");
}

/// Drop the report's trailer from the end of a section: in the last
/// section, a TOC repeated as an index, what follows a rule (`━━━`) when
/// only short or trailer lines do, and a 免责声明/版权声明 paragraph among
/// the last lines with everything after it; in every section, the
/// editorial credit and contact lines at the very end (`编辑：… 审核：…`,
/// `联系电话：…`, `（完）`), which belong to the report or the outlet, not
/// to what the article says.
fn drop_trailer(lines: &mut Vec<&Line>, last: bool) {
    // The last section: a rule among its last lines with only trailer
    // lines (and short lines) after it starts the report's trailer.
    if last {
        // A TOC repeated at the end as an index (`附：本期目录` and its
        // numbered lines, nothing long).
        let index = |k: usize| {
            let after = &lines[k + 1..];
            after.iter().any(|l| matches!(l.kind, Kind::Heading { .. }))
                && after.iter().all(|l| {
                    matches!(l.kind, Kind::Heading { .. } | Kind::Outlet(_) | Kind::Text)
                        && l.text.chars().count() <= 80
                })
        };
        if let Some(k) = lines
            .iter()
            .position(|l| matches!(l.kind, Kind::Marker(Part::Toc, _)))
            .filter(|&k| index(k))
        {
            lines.truncate(k);
        }
        let from = lines.len().saturating_sub(12);
        if let Some(k) = (from..lines.len()).find(|&k| lines[k].kind == Kind::Rule) {
            let after = &lines[k + 1..];
            if after
                .iter()
                .all(|l| is_trailer_line(&l.text, true) || l.text.chars().count() <= 40)
            {
                lines.truncate(k);
            }
        }
    }
    let tail_from = if last {
        lines.len().saturating_sub(8)
    } else {
        // Only the report's last section ends with the report's 免责声明;
        // one quoted inside an earlier article is its text.
        lines.len()
    };
    if let Some(k) = (tail_from..lines.len()).find(|&k| {
        let t = lines[k].text.as_str();
        ["免责声明", "版权声明"].iter().any(|w| {
            t.strip_prefix(w).is_some_and(|r| {
                let r = r.trim_start_matches(is_blank);
                r.is_empty() || r.starts_with([':', '：'])
            })
        })
    }) {
        lines.truncate(k);
    }
    while lines
        .last()
        .is_some_and(|l| l.kind == Kind::Rule || is_trailer_line(&l.text, last))
    {
        lines.pop();
    }
}

/// A credit or contact line; `report` also takes the lines only a report's
/// own trailer has (地址, 电话, 编印…), which an article may end with too.
fn is_trailer_line(text: &str, report: bool) -> bool {
    const REPORT: &[&str] = &[
        "编印", "印发", "主办", "承办", "地址", "电话", "传真", "网址",
    ];
    const CREDITS: &[&str] = &[
        "编辑",
        "责任编辑",
        "责编",
        "本期编辑",
        "主编",
        "审核",
        "审校",
        "校对",
        "签发",
        "联系电话",
        "联系人",
        "联系方式",
        "邮箱",
        "电子邮箱",
        "报送",
        "抄送",
    ];
    let t = text.trim_matches(is_blank);
    if matches!(t, "（完）" | "(完)" | "【完】" | "—完—" | "-完-" | "完") {
        return true;
    }
    let bracketed = t
        .strip_prefix(['（', '('])
        .and_then(|r| r.strip_suffix(['）', ')']))
        .unwrap_or(t);
    // `（责任编辑：赵敏）` too.
    let extra: &[&str] = if report { REPORT } else { &[] };
    CREDITS.iter().chain(extra).any(|w| {
        bracketed
            .strip_prefix(w)
            .is_some_and(|r| r.trim_start_matches(is_blank).starts_with([':', '：']))
    })
}

/// Lines before the dated source line: drop them all when together they are
/// the title (a wrapped repeat), else drop those equal to the title.
fn drop_title_lines<'a>(pre: &[&'a Line], title: &str) -> Vec<&'a Line> {
    let joined = normalise(&join_lines(pre.iter().map(|l| l.text.as_str())));
    if joined == title {
        return Vec::new();
    }
    pre.iter()
        .copied()
        .filter(|l| normalise(&l.text) != title)
        .collect()
}

/// `原标题：X`, or `原标题：` followed by up to two headline-like lines (the
/// one equal to the article title is consumed but not kept). Returns how many
/// following lines were consumed.
fn read_original_title(
    value: &str,
    following: &[&Line],
    title: &str,
    wrap: Option<usize>,
    sec: &mut Section,
) -> usize {
    if !value.is_empty() {
        sec.original_title = Some(value.to_owned());
        return 0;
    }
    let mut parts = Vec::new();
    let mut used = 0;
    for (k, line) in following.iter().take(3).enumerate() {
        let headline = line.kind == Kind::Text && line.width <= 90 && !ends_sentence(&line.text);
        // In PDF text, a line continues the headline only where the one
        // before it was broken at the wrap width; a short headline is
        // followed by the text's first paragraph.
        let broken_before = k == 0
            || wrap.is_none_or(|w| {
                following
                    .get(k - 1)
                    .is_some_and(|p| continues(&p.text, p.width, w))
            });
        if !headline || !broken_before {
            break;
        }
        used += 1;
        if normalise(&line.text) != title {
            parts.push(line.text.clone());
        }
    }
    if !parts.is_empty() {
        sec.original_title = Some(parts.join(" "));
    }
    used
}

// ---------------------------------------------------------------------------
// Articles and cross-checks
// ---------------------------------------------------------------------------

/// A title reduced for comparison: width folded, lower-cased, without
/// whitespace and punctuation.
pub fn normalise(title: &str) -> String {
    title
        .chars()
        .map(fold_width)
        .filter(|&c| !(c.is_whitespace() || c.is_ascii_punctuation() || is_cjk_punct(c)))
        .flat_map(char::to_lowercase)
        .collect()
}

fn build_articles(
    path: &Path,
    toc: &[TocEntry],
    sections: Vec<Section>,
    warnings: &mut Vec<String>,
) -> Vec<Article> {
    let same_count = toc.len() == sections.len();
    let mut by_title: HashMap<String, &TocEntry> = HashMap::new();
    for e in toc {
        by_title.entry(normalise(&e.title)).or_insert(e);
    }
    let toc_by_title = |t: &str| by_title.get(&normalise(t)).copied();
    let mut untitled = 0usize;
    let articles: Vec<Article> = sections
        .into_iter()
        .enumerate()
        .map(|(pos, sec)| {
            let ordinal = u32::try_from(pos + 1).unwrap_or(u32::MAX);
            let from_toc = toc_by_title(&sec.title).or_else(|| toc.get(pos).filter(|_| same_count));
            let title = if sec.title.is_empty() {
                let fallback = from_toc.map(|e| e.title.clone()).unwrap_or_default();
                untitled += 1;
                if untitled <= MAX_TOC_WARNINGS {
                    warnings.push(if fallback.is_empty() {
                        format!(
                            "{}: line {}: section {ordinal} has no title",
                            path.shown(),
                            sec.line_no
                        )
                    } else {
                        format!(
                            "{}: line {}: section {ordinal} has no title; using {:?} from the table of contents",
                            path.shown(),
                            sec.line_no,
                            clip(&fallback)
                        )
                    });
                }
                fallback
            } else {
                sec.title
            };
            let source = sec
                .source
                .or(sec.outlet_hint)
                .or(sec.heading_outlet)
                .or_else(|| from_toc.and_then(|e| e.source.clone()));
            Article {
                key: article_key(&title),
                ordinal,
                title,
                source,
                link: sec.link,
                date: sec.date,
                original_title: sec.original_title,
                text: sec.text,
            }
        })
        .collect();
    if untitled > MAX_TOC_WARNINGS {
        warnings.push(format!(
            "{}: … and {} more sections without a title",
            path.shown(),
            untitled - MAX_TOC_WARNINGS
        ));
    }
    articles
}

/// At most this many title-level TOC warnings are listed per report.
const MAX_TOC_WARNINGS: usize = 10;

/// Warn about every disagreement between the table of contents and the
/// sections: counts, titles missing on either side, titles that differ.
fn compare_toc(path: &Path, toc: &[TocEntry], sections: &[Section], warnings: &mut Vec<String>) {
    let name = path.shown();
    if toc.is_empty() {
        warnings.push(format!(
            "{name}: no table of contents (一、信息目录); articles taken from the sections only"
        ));
        return;
    }
    if toc.len() != sections.len() {
        warnings.push(format!(
            "{name}: the table of contents lists {} articles but the body has {} sections",
            toc.len(),
            sections.len()
        ));
    }
    let toc_norm: Vec<String> = toc.iter().map(|e| normalise(&e.title)).collect();
    let sec_norm: Vec<String> = sections.iter().map(|s| normalise(&s.title)).collect();
    let toc_set: HashSet<&str> = toc_norm.iter().map(String::as_str).collect();
    let sec_set: HashSet<&str> = sec_norm.iter().map(String::as_str).collect();
    let unlisted = |i: usize| {
        sec_norm
            .get(i)
            .is_some_and(|t| !toc_set.contains(t.as_str()))
    };
    let mut found = Vec::new();
    for (i, (entry, norm)) in toc.iter().zip(&toc_norm).enumerate() {
        if sec_set.contains(norm.as_str()) {
            continue;
        }
        found.push(match sections.get(i).filter(|_| unlisted(i)) {
            Some(sec) => format!(
                "{name}: line {}: section {} is titled {:?} but the table of contents lists {:?}",
                sec.line_no,
                i + 1,
                clip(&sec.title),
                clip(&entry.title)
            ),
            None => format!(
                "{name}: table of contents item {} {:?} has no section in the body",
                i + 1,
                clip(&entry.title)
            ),
        });
    }
    let paired = |i: usize| {
        toc_norm
            .get(i)
            .is_some_and(|t| !sec_set.contains(t.as_str()))
    };
    for (i, sec) in sections.iter().enumerate() {
        if unlisted(i) && !paired(i) {
            found.push(format!(
                "{name}: line {}: section {} {:?} is not in the table of contents",
                sec.line_no,
                i + 1,
                clip(&sec.title)
            ));
        }
    }
    let more = found.len().saturating_sub(MAX_TOC_WARNINGS);
    warnings.extend(found.into_iter().take(MAX_TOC_WARNINGS));
    if more > 0 {
        warnings.push(format!(
            "{name}: … and {more} more disagreements between the table of contents and the sections"
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::furniture::{is_caption, is_caption_continuation};
    use super::kinds::outlet_line;
    use super::noise::is_page_furniture;
    use super::*;

    #[test]
    fn markdown() {
        assert_eq!(clean_markdown("### **普惠医疗**"), "普惠医疗");
        assert_eq!(
            extract_url("[https://a.cn/x\\\\_1](https://a.cn/x_1)").as_deref(),
            Some("https://a.cn/x_1")
        );
        assert_eq!(
            extract_url("<https://a.cn/b\\_c>").as_deref(),
            Some("https://a.cn/b_c")
        );
        assert_eq!(
            extract_url("链接：https://a.cn/x.sht").as_deref(),
            Some("https://a.cn/x.sht")
        );
        assert_eq!(clean_markdown("a\\_b [文字](http://x)"), "a_b 文字");
    }

    #[test]
    fn furniture_and_captions() {
        for s in [
            "3",
            "- 3 -",
            "— 12 —",
            "第 3 页",
            "第3页 共10页",
            "3/10",
            "Page 3 of 10",
        ] {
            assert!(is_page_furniture(s), "{s}");
        }
        for s in ["2025 年", "第三章", "3 个"] {
            assert!(!is_page_furniture(s), "{s}");
        }
        assert!(is_caption("图 | 现场"));
        assert!(is_caption("图|现场"));
        assert!(!is_caption("图书馆开放"));
        assert!(is_caption_continuation("左下起：福建省"));
    }

    #[test]
    fn trailing_outlets() {
        let split = |s: &str| split_trailing_outlet(s);
        let pair = |t: &str, o: &str| Some((t.to_owned(), o.to_owned()));
        for (line, title, outlet) in [
            (
                "北京首个数字医疗产业园扩容（北京晚报）",
                "北京首个数字医疗产业园扩容",
                "北京晚报",
            ),
            ("标题(人民网)", "标题", "人民网"),
            ("标题 （来源：健康报）", "标题", "健康报"),
            ("标题(来源:健康报)", "标题", "健康报"),
            (
                "标题（来源：国家卫生健康委员会官方网站）",
                "标题",
                "国家卫生健康委员会官方网站",
            ),
            ("标题【新华社】", "标题", "新华社"),
            ("标题（人民日报客户端）", "标题", "人民日报客户端"),
            ("标题（健康中国微信公众号）", "标题", "健康中国微信公众号"),
            ("标题（学习强国App）", "标题", "学习强国App"),
            ("标题（国家卫健委）", "标题", "国家卫健委"),
            ("标题（36氪）", "标题", "36氪"),
            ("标题（21世纪经济报道）", "标题", "21世纪经济报道"),
            ("标题（央视）", "标题", "央视"),
            (
                "中关村（朝阳）数字医疗产业园（北京晚报）",
                "中关村（朝阳）数字医疗产业园",
                "北京晚报",
            ),
            (
                "公告（2025年第1号）（央广网）",
                "公告（2025年第1号）",
                "央广网",
            ),
        ] {
            assert_eq!(split(line), pair(title, outlet), "{line}");
        }
        for line in [
            "中关村（朝阳）数字医疗产业园拓展区启动建设",
            "数字医疗产业园（朝阳）",
            "国家卫生健康委公告（2025年第1号）",
            "互联网诊疗监管办法（试行）",
            "征求意见稿（全文）",
            "医保信息平台上线（国家医保服务平台）",
            "（新华网）",
            "标题（附：名单）",
            "标题（互联网）",
            "标题（通报）",
            "标题（2025年版）",
            "标题（这是一段很长的说明文字而不是媒体网）",
            "标题（第六五四期）",
            "标题（来源（新华网））",
            "标题（来源新华网）",
            "标题（网）",
            "标题（上、下）",
        ] {
            assert_eq!(split(line), None, "{line}");
        }
        assert_eq!(outlet_line("（来源：新华网）").as_deref(), Some("新华网"));
        assert_eq!(outlet_line("(第六五四)"), None);
        assert_eq!(outlet_line("(北京晚报)").as_deref(), Some("北京晚报"));
    }
}
