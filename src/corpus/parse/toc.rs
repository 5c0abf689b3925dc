//! Table of contents (信息目录): its entries ([`parse_toc`]), without dot
//! leaders and page numbers, and with an outlet written after a title split
//! off (`标题（新华网）`, `标题——人民日报`).

use std::collections::HashSet;

use crate::corpus::fold_width;

use super::articles::normalise;
use super::dates::{cn_digit, find_issue_number, is_digit};
use super::kinds::{after_source_label, decimal_heading, has_sentence_punct, long_heading};
use super::lines::{is_blank, Kind, Line};
use super::noise::collapse_ws;
use super::reflow::push_broken;

#[derive(Debug, Clone)]
pub(super) struct TocEntry {
    pub(super) title: String,
    pub(super) source: Option<String>,
}

/// A TOC title longer than this takes no more continuation lines.
const MAX_TOC_TITLE_BYTES: usize = 600;

/// The entries of a TOC's lines; `outlets` are the outlets the report's
/// sections name in their 来源, taken from the end of a TOC line whatever
/// they look like.
pub(super) fn parse_toc(lines: &[Line], outlets: &HashSet<String>) -> Vec<TocEntry> {
    let mut entries: Vec<TocEntry> = Vec::new();
    let numbered = lines
        .iter()
        .any(|l| matches!(l.kind, Kind::Heading { .. }) || decimal_heading(&l.text).is_some());
    // A title starting with a digit (`3.2026年…`) or numbered past 999
    // (`1000. …`), where its number is the next one.
    let due = |text: &str, n: usize| {
        decimal_heading(text)
            .or_else(|| long_heading(text))
            .filter(|&(k, _)| k as usize == n + 1)
    };
    for line in lines {
        match &line.kind {
            Kind::Heading { rest, .. } => {
                let mut entry = TocEntry {
                    title: rest.clone(),
                    source: None,
                };
                take_inline_outlet(&mut entry, outlets);
                entries.push(entry);
            }
            Kind::Outlet(outlet) => {
                if let Some(e) = entries.last_mut().filter(|e| e.source.is_none()) {
                    e.source = Some(outlet.clone());
                }
            }
            Kind::Text if due(&line.text, entries.len()).is_some() => {
                let (_, rest) = due(&line.text, entries.len()).unwrap_or_default();
                let mut entry = TocEntry {
                    title: rest,
                    source: None,
                };
                take_inline_outlet(&mut entry, outlets);
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
                    take_inline_outlet(e, outlets);
                } else if !numbered {
                    // A TOC without numbers: a line after an entry's outlet
                    // (or the first line) starts the next entry.
                    let mut entry = TocEntry {
                        title: line.text.clone(),
                        source: None,
                    };
                    take_inline_outlet(&mut entry, outlets);
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
fn take_inline_outlet(entry: &mut TocEntry, outlets: &HashSet<String>) {
    if let Some(title) = strip_leaders(&entry.title) {
        entry.title = title.to_owned();
    }
    if let Some((title, outlet)) = split_trailing_outlet(&entry.title)
        .or_else(|| split_dash_outlet(&entry.title))
        .or_else(|| split_known_outlet(&entry.title, outlets))
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
pub(super) fn split_trailing_outlet(title: &str) -> Option<(String, String)> {
    let (head, inner) = trailing_group(title)?;
    let outlet = outlet_name(inner)?;
    Some((head, outlet))
}

/// `标题（国家卫生健康委统计信息中心）` where the report's sections name that
/// outlet in their 来源 (`outlets`): the title and the outlet, whatever
/// the name looks like.
fn split_known_outlet(title: &str, outlets: &HashSet<String>) -> Option<(String, String)> {
    let (head, inner) = trailing_group(title)?;
    let inner = collapse_ws(inner);
    let name = after_source_label(&inner).unwrap_or(&inner);
    outlets.contains(name).then(|| (head, name.to_owned()))
}

/// A title and the inside of the bracket group that ends it, when that
/// group is not nested and the title has two characters at least.
fn trailing_group(title: &str) -> Option<(String, &str)> {
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
    let inner = body.get(start + open_len..)?;
    let head = collapse_ws(body.get(..start)?);
    (normalise(&head).chars().count() >= 2).then_some((head, inner))
}

/// Longest outlet name accepted without a `来源` label.
const MAX_OUTLET_CHARS: usize = 12;

/// Endings that make a short parenthesised name read as a news outlet:
/// newspapers, sites, agencies, broadcasters, apps and accounts, and the
/// health and government bodies whose sites the reports monitor.
const OUTLET_ENDINGS: &[&str] = &[
    "网",
    "网站",
    "官网",
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

/// Outlets whose names do not end like one, or end in one of the
/// `NOT_OUTLET_ENDINGS` words (`人民邮电报` ends in `电报`, `新快报` in
/// `快报`).
const KNOWN_OUTLETS: &[&str] = &[
    "人民邮电报",
    "新快报",
    "都市快报",
    "现代快报",
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
