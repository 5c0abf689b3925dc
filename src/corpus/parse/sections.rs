//! Sections (具体内容): where each article section starts ([`find_sections`])
//! and what it holds ([`parse_sections`]): the title, the 来源/链接/标题/主要内容
//! fields, a URL broken across lines, the body paragraphs, 原标题, and the
//! report's trailer at the end.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::articles::normalise;
use super::kinds::{decimal_heading, long_heading, split_source};
use super::lines::{is_blank, Kind, Label, Line, Part};
use super::noise::{collapse_ws, collect, unescape, LinkScan};
use super::parts::{evidence_gap, has_evidence};
use super::reflow::{continues, ends_sentence, join_lines, paragraphs, push_broken};
use super::toc::{split_trailing_outlet, TocEntry};

#[cfg(doc)]
use crate::corpus::Article;

/// Index ranges (into the body lines) of the article sections.
///
/// A line that [`decimal_heading`] reads as a heading becomes one when its
/// number is the next expected and a 来源/链接 label follows or the TOC
/// lists its title.
pub(super) fn find_sections(body: &mut [Line], toc: &[TocEntry]) -> Vec<std::ops::Range<usize>> {
    let toc_titles: Vec<String> = toc.iter().map(|e| normalise(&e.title)).collect();
    let toc_set: HashSet<&str> = toc_titles.iter().map(String::as_str).collect();
    let mut starts = Vec::new();
    let mut expected = 1;
    // The next number of a reading list quoted in an article.
    let mut list_next: Option<u32> = None;
    for i in 0..body.len() {
        // A reading list (`相关文件：` / `1. 《…》` / `来源：` / `链接：` /
        // `2. 《…》` / …): items that carry a 来源/链接 and no text, the
        // first after a line introducing it, the others numbered on from
        // it. They are the article's text, however the articles around
        // them are numbered (an article numbered 2 may follow item 2).
        let number = match &body[i].kind {
            Kind::Heading { ordinal, .. } => Some(*ordinal),
            Kind::Text => decimal_heading(&body[i].text).map(|(n, _)| n),
            _ => None,
        };
        if let Some(n) = number {
            let opens = n == 1 && after_intro(body, i);
            if (opens || list_next == Some(n)) && bare_item(body, i) {
                list_next = n.checked_add(1);
                continue;
            }
        }
        if body[i].kind == Kind::Text {
            // (`1000. 标题` past the numbers `heading` reads, likewise.)
            let due = decimal_heading(&body[i].text)
                .or_else(|| long_heading(&body[i].text).filter(|&(n, _)| n == expected));
            if let Some((ordinal, rest)) = due {
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
            list_next = None;
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

/// Whether the numbered line at `i` is an item of a reading list: a
/// 来源/链接 under it and nothing else, up to the next numbered line, the
/// next title with labels under it, or the end.
fn bare_item(body: &[Line], i: usize) -> bool {
    let mut fields = false;
    for (k, line) in body.iter().enumerate().skip(i + 1) {
        match &line.kind {
            Kind::Label(Label::Source | Label::Link | Label::Byline, _)
            | Kind::DateSource(..)
            | Kind::Outlet(_) => fields = true,
            Kind::Text if is_url_fragment(&line.raw) => {}
            Kind::Text if decimal_heading(&line.text).is_some() => return fields,
            Kind::Text => return fields && evidence_gap(body, k) == Some(0),
            Kind::Heading { .. } | Kind::Marker(..) | Kind::Rule | Kind::Group => return fields,
            _ => return false,
        }
    }
    fields
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
/// (`2025-12-22 来源：北京晚报`), or labels (bylines, 发布时间, an outlet
/// line and a 原标题, wrapped or not, among them) that include a 链接 or
/// 主要内容, or a 来源 with a 链接 or 主要内容 after it. A lone `来源：…` under a chart's caption in
/// an article's text is not one.
fn field_block_follows(body: &[Line], k: usize) -> bool {
    let mut source = false;
    // Lines a 原标题 wraps onto (PDF text), up to two.
    let mut wrapped = 0;
    for line in body.iter().skip(k).take(6) {
        match &line.kind {
            Kind::OriginalTitle(_) => wrapped = 2,
            Kind::Text if wrapped > 0 => wrapped -= 1,
            Kind::Outlet(_) | Kind::Label(Label::Byline | Label::Title, _) => {}
            Kind::DateSource(_, outlet) if !outlet.is_empty() && !source => return true,
            Kind::DateSource(..) => {}
            Kind::Label(Label::Source, _) => source = true,
            Kind::Label(Label::Link | Label::Content, _) => return true,
            _ => return false,
        }
    }
    false
}

/// Whether a 来源 with an outlet (or a dated source line) starts at line
/// `k`, bylines and dates before it allowed.
fn source_follows(body: &[Line], k: usize) -> bool {
    for line in body.iter().skip(k).take(4) {
        match &line.kind {
            Kind::Outlet(_) | Kind::Label(Label::Byline, _) | Kind::OriginalTitle(_) => {}
            Kind::DateSource(_, outlet) if !outlet.is_empty() => return true,
            Kind::DateSource(..) => {}
            Kind::Label(Label::Source, v) => return !v.is_empty(),
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
    // Without such lines: titles over their field blocks; failing those, in
    // a report whose articles carry nothing but a 来源 (no 链接, no 主要内容),
    // titles over a 来源 alone (which elsewhere may be a chart's credit).
    for follows in [field_block_follows, source_follows] {
        if !starts.is_empty() {
            break;
        }
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
            let labelled_next = || follows(body, i + 1);
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
pub(super) fn parse_sections(
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
pub(super) struct Section {
    pub(super) line_no: usize,
    pub(super) title: String,
    pub(super) source: Option<String>,
    pub(super) outlet_hint: Option<String>,
    /// The outlet written at the end of the heading (`1. 标题（新华网）`).
    pub(super) heading_outlet: Option<String>,
    pub(super) link: Option<String>,
    pub(super) date: Option<NaiveDate>,
    pub(super) original_title: Option<String>,
    pub(super) text: String,
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
pub(super) fn is_url_fragment(raw: &str) -> bool {
    !raw.is_empty() && raw.chars().all(|c| c.is_ascii_graphic())
}

/// The URL in a (possibly rejoined) link block: a Markdown link's target, an
/// autolink, or the first `http…`/`www.` run; escapes removed.
pub(super) fn extract_url(raw: &str) -> Option<String> {
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
