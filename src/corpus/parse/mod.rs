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

mod articles;
mod dates;
mod furniture;
mod header;
mod kinds;
mod lines;
mod noise;
mod parts;
mod reflow;
mod sections;
mod toc;

pub use articles::normalise;
pub use dates::parse_numeral;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::io::ShowPath;
use crate::{Error, Result};

use super::{Report, Warning};

use articles::{build_articles, compare_toc};
use dates::find_issue_number;
use furniture::{is_issue_number_line, is_masthead, running_key};
use header::{parse_issue, HEADER_LINES};
use kinds::{has_sentence_punct, label, marker, split_source};
use lines::{is_blank, prepare_lines, unbracket_label, Kind, Label, Line, Part};
use noise::clean_markdown;
use parts::{mark_groups, Parts};
use reflow::{typical_width, wrapped_width};
use sections::{find_sections, parse_sections};
use toc::{parse_toc, TocEntry};

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
        first.warnings.push(Warning::other(format!(
            "{}: holds {n} issues; only the first was read here (yuqing ingest reads them all)",
            path.shown()
        )));
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
                    for w in &mut r.warnings {
                        w.message = shift_line_numbers(&w.message, line);
                    }
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
    first.warnings.push(Warning::other(format!(
        "{}: holds {n} issues, read one by one{}",
        path.shown(),
        if failed.is_empty() {
            String::new()
        } else {
            format!("; no articles could be read from {}", failed.join(", "))
        }
    )));
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
/// above it). An issue pasted with no header at all (its articles, labels
/// and all, from the first line) is an issue before the first header. A
/// PDF's running header repeats its own issue's number, and a line `目录`
/// quoted in an article has no number above it: neither splits.
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
    if markers.is_empty() {
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
    // The first issue's number, from its header: before any article's
    // labels (an issue without a header has none, and the number further
    // down is the next issue's).
    let mut current = lines
        .iter()
        .take(HEADER_LINES)
        .take_while(|l| l.len() >= 200 || !is_article_label(&clean(l)))
        .find_map(|l| number_of(l));
    let mut floor = 0;
    let mut first_marker = true;
    for &m in &markers {
        // The first issue's own 本期导语/目录 never starts a new issue
        // (unless articles come before it: see below).
        let first = std::mem::replace(&mut first_marker, false);
        if m <= floor {
            continue;
        }
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
        // The first marker's header starts a second issue when an issue
        // without any header (articles from the first line, their labels
        // on them) was pasted before it.
        let after_articles = || {
            lines[..head]
                .iter()
                .filter(|l| l.len() < 200)
                .any(|l| is_article_label(&clean(l)))
        };
        // An issue without a number followed by a numbered one splits too.
        if current != Some(number) && (!first || after_articles()) {
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

/// `来源：…`, `链接：…`, `主要内容：` (also `【来源】…`): an article's label.
fn is_article_label(text: &str) -> bool {
    let text = unbracket_label(text).unwrap_or_else(|| text.to_owned());
    matches!(
        label(&text),
        Some((Label::Source | Label::Link | Label::Content, _))
    )
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
    // The outlets the sections name, to be known on the TOC's lines.
    let outlets: HashSet<String> = lines
        .get(parts.body.clone())
        .unwrap_or(&[])
        .iter()
        .filter_map(|l| match &l.kind {
            Kind::Label(Label::Source, v) => Some(split_source(v).outlet),
            Kind::DateSource(_, outlet) => Some(outlet.clone()),
            _ => None,
        })
        .filter(|o| !o.is_empty())
        .collect();
    let toc = parse_toc(lines.get(parts.toc.clone()).unwrap_or(&[]), &outlets);
    let listed: HashSet<String> = toc.iter().map(|e| normalise(&e.title)).collect();
    let body = lines.get_mut(parts.body.clone()).unwrap_or(&mut []);
    let ranges = find_sections(body, &toc);
    let body: &[Line] = body;
    let sections = parse_sections(body, ranges, wrap, &listed);
    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    let issue = parse_issue(path, &lines, &running, &parts, &mut warnings, &mut notes);
    if sections.is_empty() {
        return Err(no_articles(path, &toc));
    }
    compare_toc(path, &toc, &sections, &mut warnings);
    let articles = build_articles(path, &toc, sections, &mut warnings);
    Ok(Report {
        issue,
        articles,
        warnings,
        notes,
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

#[cfg(test)]
mod tests {
    use super::furniture::{is_caption, is_caption_continuation};
    use super::kinds::outlet_line;
    use super::noise::is_page_furniture;
    use super::sections::extract_url;
    use super::toc::split_trailing_outlet;
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
            ("标题（人民邮电报）", "标题", "人民邮电报"),
            (
                "标题（国家卫生健康委员会网站）",
                "标题",
                "国家卫生健康委员会网站",
            ),
            ("标题（国家医保局官网）", "标题", "国家医保局官网"),
            ("标题（新快报）", "标题", "新快报"),
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
            "标题（工作快报）",
            "标题（加急电报）",
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
