//! Running headers and footers: page furniture that repeats.
//!
//! Owns [`drop_running_lines`], which removes the running headers and footers
//! that PDF extraction leaves on every page, and the line tests it relies on:
//! [`running_key`], mastheads, issue-number lines and image captions.

use std::collections::{HashMap, HashSet};

use crate::corpus::fold_width;

use super::dates::{cn_digit, find_issue_number, is_cn_unit};
use super::header::HEADER_LINES;
use super::kinds::has_sentence_punct;
use super::lines::{is_blank, Kind, Line};
use super::noise::is_page_furniture;

/// Longest line (in characters) considered as a running header or footer.
const RUNNING_MAX_CHARS: usize = 40;

/// What a repeated line is, for deciding whether it is page furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RunningKind {
    /// Plain text.
    Text,
    /// A whole line in parentheses: only known masthead/issue forms qualify.
    Outlet,
    /// A bare date: only when it sits at page boundaries.
    Date,
}

/// Remove running headers and footers that PDF extraction leaves on every
/// page, and return their texts (first occurrence of each).
///
/// A short line (≤ [`RUNNING_MAX_CHARS`] characters, page number stripped)
/// outside the header block (the lines before the first 本期导语/目录/具体内容
/// marker) is dropped with every repeat of it when
/// - it is a masthead (`…舆情监测周报/月报`, optionally with the issue
///   number) or an issue number alone (`第六五四期`, `（第654期）`), and it
///   occurs at least twice in the text or once next to a page break; or
/// - it occurs at least 3 times and repeats a line of the header block (the
///   title, the issuing centre, the date); or
/// - it occurs at least 3 times next to page breaks (within two lines of a
///   form feed or of a page number; bare date lines qualify only this way).
///
/// Lines that carry structure (headings, labels, markers, dated source
/// lines) are never candidates, and the header block itself is kept, so the
/// issue's title, number and date are still read from it. Legitimate
/// repeated body text (a sub-heading, a reporter's name) repeats neither the
/// header nor the page rhythm, and is kept.
pub(super) fn drop_running_lines(lines: &mut Vec<Line>, breaks: &[usize]) -> Vec<String> {
    let header_end = lines
        .iter()
        .position(|l| matches!(l.kind, Kind::Marker(..)))
        .or_else(|| {
            lines
                .iter()
                .position(|l| matches!(l.kind, Kind::Heading { .. }))
        })
        .unwrap_or(0);
    let mut breaks = breaks.to_vec();
    let mut dropped = Vec::new();
    // A page top can stack several furniture lines (masthead, issue, date):
    // once the first are gone, the next ones sit at the page break.
    for _ in 0..RUNNING_PASSES {
        let drop = running_pass(lines, &breaks, header_end, &mut dropped);
        if !drop.contains(&true) {
            break;
        }
        // Page breaks move up by the number of lines dropped before them.
        let mut kept_before = Vec::with_capacity(drop.len() + 1);
        let mut kept = 0;
        for &d in &drop {
            kept_before.push(kept);
            kept += usize::from(!d);
        }
        kept_before.push(kept);
        for b in &mut breaks {
            *b = kept_before.get(*b).copied().unwrap_or(kept);
        }
        breaks.dedup();
        let mut i = 0;
        lines.retain(|_| {
            i += 1;
            !drop.get(i - 1).copied().unwrap_or(false)
        });
    }
    dropped
}

/// Passes of [`drop_running_lines`] at most.
const RUNNING_PASSES: usize = 3;

/// One pass of [`drop_running_lines`]: which lines to drop; appends the text
/// of each newly dropped kind of line to `dropped`.
fn running_pass(
    lines: &[Line],
    breaks: &[usize],
    header_end: usize,
    dropped: &mut Vec<String>,
) -> Vec<bool> {
    // The end of the text is the end of the last page.
    let near_break = |i: usize| {
        let from = breaks.partition_point(|&b| b < i.saturating_sub(1));
        breaks.get(from).is_some_and(|&b| b <= i + 2) || i + 2 >= lines.len()
    };
    let mut groups: HashMap<String, (RunningKind, Vec<usize>)> = HashMap::new();
    // Keys of lines that carried a page number (`…研究中心 第1页`), with
    // the distinct texts they had (one per page number).
    let mut paged: HashMap<String, HashSet<String>> = HashMap::new();
    for (i, line) in lines.iter().enumerate() {
        let kind = match &line.kind {
            Kind::Text => RunningKind::Text,
            Kind::Outlet(_) => RunningKind::Outlet,
            Kind::DateSource(_, outlet) if outlet.is_empty() => RunningKind::Date,
            _ => continue,
        };
        if line.text.chars().count() > RUNNING_MAX_CHARS {
            continue;
        }
        let key = running_key(&line.text);
        if key.is_empty() {
            continue;
        }
        if kind == RunningKind::Text
            && key.chars().count() < line.text.chars().filter(|c| !is_blank(*c)).count()
        {
            let whole: String = line.text.chars().filter(|c| !is_blank(*c)).collect();
            paged.entry(key.clone()).or_default().insert(whole);
        }
        groups.entry(key).or_insert((kind, Vec::new())).1.push(i);
    }
    let header_block = header_end.min(HEADER_LINES);
    let header_keys: HashSet<String> = lines
        .iter()
        .take(header_block.max(3))
        .map(|l| running_key(&l.text))
        .collect();
    // No masthead or issue number among the first lines: an issue pasted
    // without its header page.
    let no_header = !lines
        .iter()
        .take(HEADER_LINES)
        .take_while(|l| !matches!(l.kind, Kind::Label(..)))
        .any(|l| {
            let k = running_key(&l.text);
            is_masthead(&k) || is_issue_number_line(&k)
        });
    let mut drop = vec![false; lines.len()];
    let mut found = Vec::new();
    for (key, (kind, at)) in &groups {
        let total = at.len();
        let at_breaks = at.iter().filter(|&&i| near_break(i)).count();
        let in_header = at.iter().any(|&i| i < header_block);
        let known = is_masthead(key) || is_issue_number_line(key);
        // Once only, a masthead is this report's (its header has it) or an
        // issue number; another report's name quoted in an article is not.
        let own = is_issue_number_line(key)
            || header_keys
                .iter()
                .any(|h| is_masthead(h) && key.starts_with(h.as_str()));
        let running = match kind {
            RunningKind::Text => {
                (known && (total >= 2 || (at_breaks >= 1 && own)))
                    || (total >= 3 && ((in_header && at_breaks >= 1) || at_breaks >= 3))
                    // A footer with its page number: at two page ends, or
                    // (PDF text without page breaks) with two different
                    // page numbers, the number itself marking the page.
                    || paged.get(key).is_some_and(|pages| {
                        total >= 2 && (at_breaks >= 2 || pages.len() >= 2)
                    })
                    // A one-page report's footer: the centre's name from the
                    // header with `第1页`, as the text's last line (in a text
                    // without a header, any name without punctuation).
                    || (paged.contains_key(key)
                        && at.iter().filter(|&&i| i >= header_block).count() == 1
                        && at.last().is_some_and(|&i| i + 1 >= lines.len())
                        && (header_keys.iter().any(|h| h.starts_with(key.as_str()))
                            || (no_header && !has_sentence_punct(key))))
            }
            RunningKind::Outlet => known && (total >= 2 || (at_breaks >= 1 && own)),
            RunningKind::Date => total >= 3 && at_breaks >= 3,
        };
        if !running {
            continue;
        }
        let mut first = true;
        for &i in at.iter().filter(|&&i| i >= header_end) {
            if let (Some(d), Some(line)) = (drop.get_mut(i), lines.get(i)) {
                *d = true;
                if first {
                    found.push((i, line.text.clone()));
                    first = false;
                }
            }
        }
    }
    found.sort();
    dropped.extend(found.into_iter().map(|(_, t)| t));
    drop
}

/// A line reduced for spotting repeats: width folded, whitespace removed,
/// and a page number before or after the text cut off
/// (`全国卫生信息化舆情监测周报 - 3 -` → `全国卫生信息化舆情监测周报`). A bare
/// number counts only at the end and after a space (`…周报 3`), so
/// `1500 张床位` stays whole.
pub(super) fn running_key(text: &str) -> String {
    let folded: String = text.chars().map(fold_width).collect();
    let mut core = folded.trim_matches(is_blank);
    if core.chars().any(|c| c.is_ascii_digit()) {
        core = strip_page_number(core);
    }
    core.chars().filter(|c| !is_blank(*c)).collect()
}

/// `s` without its longest page-number suffix, then its longest page-number
/// prefix (see [`running_key`]).
fn strip_page_number(s: &str) -> &str {
    let bare = |t: &str| {
        t.trim_matches(is_blank)
            .chars()
            .all(|c| c.is_ascii_digit() || c == '/')
    };
    let may_start = |t: &str| {
        t.trim_start_matches(is_blank).starts_with(|c: char| {
            c.is_ascii_digit() || matches!(c, '第' | '共' | '-' | '—' | '–' | '−' | 'P' | 'p')
        })
    };
    let cut = s.char_indices().skip(1).map(|(i, _)| i).find(|&i| {
        let (Some(head), Some(tail)) = (s.get(..i), s.get(i..)) else {
            return false;
        };
        may_start(tail)
            && !head.trim_matches(is_blank).is_empty()
            && is_page_furniture(tail)
            && (!bare(tail) || head.ends_with(is_blank))
    });
    let s = cut
        .and_then(|i| s.get(..i))
        .unwrap_or(s)
        .trim_end_matches(is_blank);
    let cut = s
        .char_indices()
        .rev()
        .map(|(i, _)| i)
        .filter(|&i| i > 0)
        .find(|&i| {
            let (Some(head), Some(tail)) = (s.get(..i), s.get(i..)) else {
                return false;
            };
            may_start(head)
                && !tail.trim_matches(is_blank).is_empty()
                && !bare(head)
                && is_page_furniture(head)
        });
    cut.and_then(|i| s.get(i..)).unwrap_or(s)
}

/// Words a masthead ends with: the series, or `…舆情监测` without it.
const MASTHEAD_ENDINGS: &[&str] = &[
    "周报", "月报", "简报", "专报", "快报", "报告", "日报", "监测",
];

/// `全国卫生信息化舆情监测周报`, `北京市卫生信息化舆情监测月报（第五二七期）`:
/// mentions 舆情 and ends with a series word, optionally followed by the
/// issue number.
pub(super) fn is_masthead(key: &str) -> bool {
    if key.chars().count() > RUNNING_MAX_CHARS || has_sentence_punct(key) {
        return false;
    }
    let Some(at) = key.find("舆情") else {
        return false;
    };
    let tail = key.get(at..).unwrap_or("");
    MASTHEAD_ENDINGS.iter().any(|w| {
        tail.rfind(w).is_some_and(|p| {
            let rest = tail.get(p + w.len()..).unwrap_or("");
            rest.is_empty() || is_issue_number_line(rest)
        })
    })
}

/// An issue number alone: `第六五四期`, `（第六五四）`, `总第654期`, `2025年第50期`.
pub(super) fn is_issue_number_line(key: &str) -> bool {
    key.chars().count() <= 16
        && key.contains('第')
        && key.chars().all(|c| {
            let c = fold_width(c);
            matches!(
                c,
                '(' | ')' | '【' | '】' | '[' | ']' | '第' | '总' | '期' | '号' | '年'
            ) || c.is_ascii_digit()
                || cn_digit(c).is_some()
                || is_cn_unit(c)
        })
        && find_issue_number(key).is_some()
}

/// `图 | …`, `图|…`, `图1：…`, and placeholders such as `[图片]`.
pub(super) fn is_caption(text: &str) -> bool {
    let folded: String = text.chars().map(fold_width).collect();
    let t = folded.trim();
    if matches!(
        t,
        "[图片]" | "【图片】" | "(图片)" | "图片" | "<图片>" | "[image]" | "[Image]" | "[图]"
    ) {
        return true;
    }
    let Some(rest) = t.strip_prefix('图') else {
        return false;
    };
    let rest = rest.trim_start();
    if rest.starts_with(['|', '丨', '│', '┃']) {
        return true;
    }
    let after_digits = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    after_digits.len() < rest.len() && after_digits.trim_start().starts_with([':', '.', ' ', '：'])
}

/// A caption's second line naming photo positions: `左下起：…`, `右起：…`.
pub(super) fn is_caption_continuation(text: &str) -> bool {
    let mut chars = text.chars();
    let first = chars.next();
    let second = chars.next();
    let third = chars.next();
    let pos = |c: Option<char>| matches!(c, Some('左' | '右' | '上' | '下' | '中'));
    pos(first) && (second == Some('起') || (pos(second) && third == Some('起')))
}

/// A body paragraph that is a photo caption: `图为……。马春晓 摄`.
pub(super) fn is_photo_caption_paragraph(p: &str) -> bool {
    let t = p.trim_end_matches([')', '）', ' ']);
    p.starts_with("图为") && p.chars().count() <= 160 && (t.ends_with('摄') || t.ends_with("供图"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_header_forms() {
        assert_eq!(
            running_key("全国卫生信息化舆情监测周报 - 3 -"),
            "全国卫生信息化舆情监测周报"
        );
        assert_eq!(running_key("第 3 页 共 8 页 第六五四期"), "第六五四期");
        assert_eq!(running_key("第六五四期 12/40"), "第六五四期");
        assert_eq!(running_key("1500 张床位"), "1500张床位");
        assert_eq!(running_key("智慧医疗 2.0"), "智慧医疗2.0");
        assert_eq!(
            running_key("北京市卫生健康大数据与政策研究中心 7"),
            "北京市卫生健康大数据与政策研究中心"
        );
        assert_eq!(
            running_key("全国卫生信息化舆情监测周报第3页"),
            "全国卫生信息化舆情监测周报"
        );
        assert_eq!(running_key("—5— 第六五四期"), "第六五四期");
        assert_eq!(running_key("共120万"), "共120万");
        for s in [
            "全国卫生信息化舆情监测周报",
            "北京市卫生信息化舆情监测月报（第五二七期）",
            "全国卫生信息化舆情监测周报第654期",
        ] {
            assert!(is_masthead(s), "{s}");
        }
        for s in ["网络舆情热点报道分析", "本期周报共收集3篇", "舆情"] {
            assert!(!is_masthead(s), "{s}");
        }
        for s in [
            "第六五四期",
            "(第六五四)",
            "（第654期）",
            "总第654期",
            "2025年第50期",
        ] {
            assert!(is_issue_number_line(s), "{s}");
        }
        for s in ["第四期通用健康大讲堂", "第三章", "六五四"] {
            assert!(!is_issue_number_line(s), "{s}");
        }
    }
}
