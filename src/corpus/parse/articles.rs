//! Articles and cross-checks: parsed sections become [`Article`]s
//! ([`build_articles`]), and the table of contents is checked against the
//! sections ([`compare_toc`]).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::corpus::{article_key, clip, fold_width, is_cjk_punct, Article, Warning};
use crate::io::ShowPath;

use super::sections::Section;
use super::toc::TocEntry;

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

pub(super) fn build_articles(
    path: &Path,
    toc: &[TocEntry],
    sections: Vec<Section>,
    warnings: &mut Vec<Warning>,
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
                    warnings.push(Warning::other(if fallback.is_empty() {
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
                    }));
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
        warnings.push(Warning::other(format!(
            "{}: … and {} more sections without a title",
            path.shown(),
            untitled - MAX_TOC_WARNINGS
        )));
    }
    articles
}

/// At most this many title-level TOC warnings are listed per report.
const MAX_TOC_WARNINGS: usize = 10;

/// Warn about every disagreement between the table of contents and the
/// sections: counts, titles missing on either side, titles that differ.
pub(super) fn compare_toc(
    path: &Path,
    toc: &[TocEntry],
    sections: &[Section],
    warnings: &mut Vec<Warning>,
) {
    let name = path.shown();
    if toc.is_empty() {
        warnings.push(Warning::other(format!(
            "{name}: no table of contents (一、信息目录); articles taken from the sections only"
        )));
        return;
    }
    if toc.len() != sections.len() {
        warnings.push(Warning::other(format!(
            "{name}: the table of contents lists {} articles but the body has {} sections",
            toc.len(),
            sections.len()
        )));
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
    warnings.extend(found.into_iter().take(MAX_TOC_WARNINGS).map(Warning::other));
    if more > 0 {
        warnings.push(Warning::other(format!(
            "{name}: … and {more} more disagreements between the table of contents and the sections"
        )));
    }
}
