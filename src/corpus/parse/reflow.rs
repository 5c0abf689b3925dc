//! Width and reflow: display width (CJK counts 2), telling a text wrapped at
//! page width (PDF extraction) from a flowed one, and rejoining wrapped lines
//! into paragraphs ([`paragraphs`]).

use super::furniture::{is_caption_continuation, is_photo_caption_paragraph};
use super::lines::{Kind, Line};

/// Display width: East Asian wide and full-width characters (and the curly
/// quotes, dashes and ellipsis that CJK fonts draw full-width) count 2.
fn char_width(c: char) -> usize {
    let wide = matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD
        | 0x2014 | 0x2018..=0x201D | 0x2026);
    if wide {
        2
    } else {
        1
    }
}

pub(super) fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// The typical full-line width: the 90th percentile of line widths.
pub(super) fn typical_width(lines: &[Line]) -> Option<usize> {
    let mut widths: Vec<usize> = lines.iter().map(|l| l.width).filter(|&w| w >= 8).collect();
    if widths.len() < 12 {
        return None;
    }
    widths.sort_unstable();
    widths.get(widths.len() * 9 / 10).copied()
}

/// The wrap width when the text looks like PDF extraction: almost no line
/// runs past one common width, and many lines end near it, or (in a short
/// report, where the header and TOC lines are a larger share) the lines
/// that end near it mostly end mid-sentence.
pub(super) fn wrapped_width(lines: &[Line]) -> Option<usize> {
    let w = typical_width(lines)?;
    if !(30..=240).contains(&w) {
        return None;
    }
    let long: Vec<&Line> = lines.iter().filter(|l| l.width >= 8).collect();
    let near: Vec<&&Line> = long
        .iter()
        .filter(|l| l.width * 100 >= w * 85 && l.width * 100 <= w * 110)
        .collect();
    let over = long.iter().filter(|l| l.width * 10 > w * 13).count();
    let broken = near.iter().filter(|l| !ends_sentence(&l.text)).count();
    let many_near = near.len() * 100 >= long.len() * 35;
    let mostly_broken = near.len() >= 10 && broken * 100 >= near.len() * 75;
    ((many_near || mostly_broken) && over * 100 <= long.len() * 3).then_some(w)
}

pub(super) fn ends_sentence(s: &str) -> bool {
    let mut rev = s.chars().rev();
    let last = rev.next();
    let before = rev.next();
    let terminal = |c: Option<char>| matches!(c, Some('。' | '！' | '？' | '!' | '?' | '；' | '…'));
    terminal(last)
        || (matches!(last, Some('”' | '’' | '」' | '』' | '）' | ')')) && terminal(before))
}

/// Whether a wrapped line continues into the next one.
pub(super) fn continues(line: &str, width: usize, wrap: usize) -> bool {
    width * 100 >= wrap * 85 && !(ends_sentence(line) && width * 100 < wrap * 97)
}

/// Append the next piece of a broken line: a space only between two ASCII
/// alphanumerics (a word broken at a space), nothing between CJK.
pub(super) fn push_broken(out: &mut String, b: &str) {
    let last = out.chars().next_back();
    let first = b.chars().next();
    if last.is_some_and(|c| c.is_ascii_alphanumeric() || c == ',')
        && first.is_some_and(|c| c.is_ascii_alphanumeric())
    {
        out.push(' ');
    }
    out.push_str(b);
}

/// Body lines → paragraphs: one per line when flowed; rejoined at page-width
/// breaks when wrapped. Captions (a `图 | …` paragraph, the `左下起：…`
/// paragraphs right after it, and `图为……摄`) are dropped.
pub(super) fn paragraphs(lines: &[&Line], wrap: Option<usize>) -> Vec<String> {
    let mut paras: Vec<(String, bool)> = Vec::new();
    let mut open = false;
    for line in lines {
        match paras.last_mut() {
            Some((last, _)) if open && line.kind != Kind::Caption => push_broken(last, &line.text),
            _ => paras.push((line.text.clone(), line.kind == Kind::Caption)),
        }
        open = wrap.is_some_and(|w| continues(&line.text, line.width, w));
    }
    let mut out = Vec::with_capacity(paras.len());
    let mut after_caption = false;
    for (text, caption) in paras {
        let drop = caption
            || is_photo_caption_paragraph(&text)
            || (after_caption && is_caption_continuation(&text));
        after_caption = drop;
        if !drop {
            out.push(text);
        }
    }
    out
}

pub(super) fn join_lines<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for p in parts {
        push_broken(&mut out, p);
    }
    out
}
