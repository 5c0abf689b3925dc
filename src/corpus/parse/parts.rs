//! Document parts: where the header, 本期导语 (lead), 信息目录 (table of
//! contents) and 具体内容 (body) lie ([`Parts`]), the theme groups a report
//! files its articles under ([`mark_groups`]), and whether a heading opens an
//! article section.

use std::collections::{HashMap, HashSet};

use crate::corpus::fold_width;

use super::articles::normalise;
use super::dates::{cn_digit, is_cn_unit};
use super::kinds::{decimal_heading, hierarchical_number, is_labelled_date};
use super::lines::{Kind, Label, Line, Part};
use super::reflow::{ends_sentence, join_lines};

/// Line-index ranges of the document's parts.
#[derive(Debug, Default)]
pub(super) struct Parts {
    /// Lines before the lead / table of contents / first section.
    pub(super) header_end: usize,
    lead: Option<usize>,
    pub(super) toc: std::ops::Range<usize>,
    pub(super) body: std::ops::Range<usize>,
}

impl Parts {
    pub(super) fn find(lines: &[Line]) -> Parts {
        let marker_at = |part: Part, from: usize| {
            lines
                .iter()
                .enumerate()
                .skip(from)
                .find(|(_, l)| matches!(&l.kind, Kind::Marker(p, _) if *p == part))
                .map(|(i, _)| i)
        };
        let lead = marker_at(Part::Lead, 0);
        let first_section = |from: usize| {
            (from..lines.len())
                .find(|&i| is_heading(lines, i) && has_evidence(lines, i))
                .unwrap_or(lines.len())
        };
        // The report's TOC comes before its content and its first article:
        // a 目录 line after them is quoted in an article (or an index at
        // the end, which the last section drops). An article without a
        // number shows itself by its labels: a 目录 under a 来源/链接/
        // 主要内容 is inside it.
        let labelled = |from: usize, to: usize| {
            lines.get(from..to).unwrap_or(&[]).iter().any(|l| {
                matches!(
                    l.kind,
                    Kind::Label(Label::Source | Label::Link | Label::Content, _)
                )
            })
        };
        let toc = marker_at(Part::Toc, lead.unwrap_or(0)).filter(|&t| {
            marker_at(Part::Content, lead.unwrap_or(0)).is_none_or(|c| t < c)
                && t < first_section(lead.map_or(0, |l| l + 1))
                && !labelled(lead.unwrap_or(0), t)
        });
        let content = marker_at(Part::Content, toc.map_or(0, |t| t + 1));
        // No marker and no numbered section: the header (if any) ends at
        // the first title without a number, a line with labels under it.
        let first_unnumbered = |from: usize| {
            (from..lines.len())
                .find(|&i| lines[i].kind == Kind::Text && evidence_gap(lines, i) == Some(0))
                .unwrap_or(lines.len())
        };
        let header_end = [lead, toc, content]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or_else(|| match first_section(0) {
                n if n >= lines.len() => first_unnumbered(0),
                n => n,
            });
        let body_start = match (content, toc) {
            (Some(c), _) => c + 1,
            (None, Some(t)) => first_section(t + 1),
            // Without markers, the first article may have no number
            // while a list item in its text has one (`三、智慧医疗工程`).
            (None, None) => first_section(header_end).min(first_unnumbered(header_end)),
        };
        // No marker and no numbered section: titles without numbers may
        // start right after the lead, so the body is all that follows it.
        let body_start = if body_start >= lines.len() && content.is_none() && toc.is_none() {
            lead.map_or(header_end, |l| l + 1)
        } else {
            body_start
        };
        let toc_range = match toc {
            Some(t) => (t + 1)..content.unwrap_or(body_start).max(t + 1),
            None => 0..0,
        };
        Parts {
            header_end,
            lead,
            toc: toc_range,
            body: body_start.min(lines.len())..lines.len(),
        }
    }

    /// The lead's lines: from the 本期导语 marker to the next part.
    pub(super) fn lead_text(&self, lines: &[Line]) -> String {
        let Some(start) = self.lead else {
            return join_lines(
                lines
                    .get(..self.header_end)
                    .unwrap_or(&[])
                    .iter()
                    .map(|l| l.text.as_str()),
            );
        };
        let inline = match lines.get(start).map(|l| &l.kind) {
            Some(Kind::Marker(_, rest)) => rest.as_str(),
            _ => "",
        };
        let end = (start + 1..lines.len())
            .find(|&i| {
                matches!(lines.get(i).map(|l| &l.kind), Some(Kind::Marker(..)))
                    || (is_heading(lines, i) && has_evidence(lines, i))
            })
            .unwrap_or(lines.len());
        let rest = lines
            .get(start + 1..end)
            .unwrap_or(&[])
            .iter()
            .map(|l| l.text.as_str());
        join_lines(
            std::iter::once(inline)
                .filter(|s| !s.is_empty())
                .chain(rest),
        )
    }
}

/// The style of a theme line `【政策动态】` (see [`mark_groups`]).
const BRACKET_GROUP: u8 = 9;

/// The numbering style of a heading line, for telling group headings from
/// article headings: `（一）`, `一、`, `1.`, `1.1`, `【1】`, `①`.
fn numbering_style(text: &str) -> u8 {
    if hierarchical_number(text).is_some() {
        return 5;
    }
    match text.chars().next().map(fold_width) {
        Some('(') => 0,
        Some('【' | '[' | '〔') => 1,
        Some(c) if c.is_ascii_digit() => 2,
        Some(c) if cn_digit(c).is_some() || is_cn_unit(c) => 3,
        _ => 4,
    }
}

/// Mark the theme groups of a report that files its articles under them
/// (a monthly report's `（一）政策动态` / `1. 标题` / `来源：…`): a short
/// heading directly above an article heading of another numbering style
/// (one that a 来源/链接 label follows) is a group, and so is every heading
/// of that style with one of those names (their TOC lines). Found only in
/// the sections' order, so a policy's `（一）总体要求` / `1. …` quoted in an
/// article (no labels follow) stays text.
pub(super) fn mark_groups(lines: &mut [Line]) {
    // A group line: a heading's title, or a whole line `【政策动态】`.
    let group_name = |l: &Line| -> Option<(u8, String)> {
        match &l.kind {
            Kind::Heading { rest, .. } if rest.chars().count() <= 30 => {
                Some((numbering_style(&l.text), normalise(rest)))
            }
            Kind::Text => {
                let inner = l.text.strip_prefix('【')?.strip_suffix('】')?;
                let n = inner.chars().count();
                ((2..=16).contains(&n) && !inner.contains(['【', '】']))
                    .then(|| (BRACKET_GROUP, normalise(inner)))
            }
            _ => None,
        }
    };
    let mut names: HashSet<String> = HashSet::new();
    let mut styles: HashSet<u8> = HashSet::new();
    // Themes are numbered in order (（一）, （二）…, from 1 again in the
    // body after the TOC); a list item ending an article breaks the order.
    let mut last_ordinal: HashMap<u8, u32> = HashMap::new();
    for i in 0..lines.len() {
        let Some((style, name)) = group_name(&lines[i]) else {
            continue;
        };
        if lines[i].text.ends_with(['。', '；', '！', '？', '，']) {
            continue;
        }
        let ordinal = match &lines[i].kind {
            Kind::Heading { ordinal, .. } => Some(*ordinal),
            _ => None,
        };
        // The article heading under it: next, or after a short summary
        // of the theme (up to 3 lines of text).
        let Some(next) = (i + 1..lines.len().min(i + 5))
            .find(|&k| !matches!(lines[k].kind, Kind::Text))
            .filter(|&k| matches!(lines[k].kind, Kind::Heading { .. }))
        else {
            continue;
        };
        let in_order = ordinal
            .is_none_or(|n| n == 1 || last_ordinal.get(&style).is_some_and(|&last| n == last + 1));
        if style != numbering_style(&lines[next].text)
            && in_order
            && !has_evidence(lines, i)
            && has_evidence(lines, next)
        {
            names.insert(name);
            styles.insert(style);
            if let Some(n) = ordinal {
                last_ordinal.insert(style, n);
            }
        }
    }
    // One such heading is a list item that happens to end an article
    // (`（三）智慧医疗工程` above `2. …`); themes come at least in pairs.
    if names.len() < 2 {
        return;
    }
    let mut i = 0;
    while i < lines.len() {
        let group = group_name(&lines[i])
            .is_some_and(|(style, name)| styles.contains(&style) && names.contains(&name));
        if group {
            lines[i].kind = Kind::Group;
            // Its summary, up to the next heading, is not the previous
            // article's text either.
            let mut k = i + 1;
            while k < lines.len() && k <= i + 3 && lines[k].kind == Kind::Text {
                k += 1;
            }
            if k < lines.len() && matches!(lines[k].kind, Kind::Heading { .. }) {
                for line in &mut lines[i + 1..k] {
                    line.kind = Kind::Group;
                }
            }
            i = k;
        } else {
            i += 1;
        }
    }
}

fn is_heading(lines: &[Line], i: usize) -> bool {
    matches!(lines.get(i).map(|l| &l.kind), Some(Kind::Heading { .. }))
}

/// Whether a heading at `i` opens an article section: it says 标题, or a
/// 来源/链接/主要内容 label or a dated source line follows within a few
/// lines. A bare date line is no evidence (it may be the date under a quoted
/// notice's signature, or a step of a timeline: `2. 专家评审` / `2026年1月15日`),
/// and neither is a byline; a line that may itself be a title starting with
/// a digit (`3．2026年…`) ends the search like a heading.
pub(super) fn has_evidence(lines: &[Line], i: usize) -> bool {
    evidence_gap(lines, i).is_some()
}

/// How many text lines lie between a heading at `i` and the labels that
/// are its evidence (0: the labels follow at once; more: the heading's
/// title wraps, or the labels belong to a title below it); `None` without
/// evidence. A paragraph (a line ending a sentence) ends the search: labels
/// past it are another article's. A 原标题 and the lines it wraps onto are
/// among the labels.
pub(super) fn evidence_gap(lines: &[Line], i: usize) -> Option<usize> {
    if let Some(Kind::Heading { labelled: true, .. }) = lines.get(i).map(|l| &l.kind) {
        return Some(0);
    }
    let mut texts = 0;
    // Lines a 原标题 wraps onto (PDF text), up to two, are not text.
    let mut wrapped = 0;
    for line in lines.iter().skip(i + 1).take(8) {
        match &line.kind {
            Kind::OriginalTitle(_) => wrapped = 2,
            Kind::Text if wrapped > 0 && !ends_sentence(&line.text) => wrapped -= 1,
            Kind::Heading { .. } | Kind::Marker(..) => return None,
            Kind::Text if decimal_heading(&line.text).is_some() => return None,
            Kind::Text if ends_sentence(&line.text) => return None,
            Kind::DateSource(_, outlet) if outlet.is_empty() && !is_labelled_date(&line.text) => {}
            Kind::Label(Label::Byline, _) => {}
            Kind::Label(..) | Kind::DateSource(..) => return Some(texts),
            Kind::Text => texts += 1,
            _ => {}
        }
    }
    None
}
