//! `yuqing themes`: the taxonomy and how well each theme is labelled.

use yuqing::classify::metrics::{display_width, pad};
use yuqing::io::ShowPath;
use yuqing::labels::{LabelRow, Theme};
use yuqing::trend::count_of;
use yuqing::LabelSet;

use crate::args::ThemesArgs;
use crate::Outcome;

pub fn run(a: ThemesArgs, quiet: bool) -> anyhow::Result<Outcome> {
    let labels = LabelSet::load(&a.labels)?;
    let csv = a.labels.join("articles.csv");
    let Some(corpus) = &a.corpus else {
        for w in &labels.warnings {
            eprintln!("yuqing: warning: {w}");
        }
        for line in table(
            &labels.themes,
            &labels.rows.iter().collect::<Vec<_>>(),
            COUNTS,
        ) {
            outln!("{line}");
        }
        outln!(
            "\n{} in {} (with --corpus REPORTS, only those yuqing train finds in the reports are counted)",
            count_of(labels.rows.len(), "labelled article", "labelled articles"),
            csv.shown()
        );
        return Ok(Outcome::Done);
    };
    // The rows `yuqing train --corpus` with the same reports would use.
    let loaded = super::ingest::load_for(corpus, &[], super::ingest::Clash::Refuse, quiet)?;
    let found = labels.find_in(&loaded.records);
    for w in &found.warnings {
        eprintln!("yuqing: warning: {w}");
    }
    let rows: Vec<&LabelRow> = found.rows.iter().map(|(row, _)| *row).collect();
    for line in table(&labels.themes, &rows, FOUND) {
        outln!("{line}");
    }
    outln!(
        "\n{} in {}; {} found in the reports, which yuqing train uses",
        count_of(labels.rows.len(), "labelled article", "labelled articles"),
        csv.shown(),
        rows.len()
    );
    // Last, where it is seen, as train says it.
    if let Some(left_out) = &found.left_out {
        eprintln!(
            "yuqing: warning: {} are not in these reports, so yuqing train with them would leave them out: pass the reports or corpus that contain them with --corpus too (the warnings above say why for each row)",
            left_out.rows()
        );
    }
    Ok(if found.left_out.is_some() {
        Outcome::Partial
    } else {
        loaded.outcome()
    })
}

const COUNTS: &str = "labelled (primary/secondary)";
const FOUND: &str = "in reports (primary/secondary)";

/// The header and one line per theme, counting `rows`. Columns are as wide
/// as their widest cell in display columns (a CJK character takes two), so
/// long theme names do not push the columns after them out of line.
fn table(themes: &[Theme], rows: &[&LabelRow], counts: &str) -> Vec<String> {
    // The widest cell of a column, or its header's room if that is wider.
    let width = |cell: fn(&Theme) -> &str, header: usize| {
        themes
            .iter()
            .map(|t| display_width(cell(t)))
            .fold(header, usize::max)
    };
    let id_w = width(|t| &t.id, 18);
    let zh_w = width(|t| &t.zh, 20);
    // The counts sit on either side of the header's '/'.
    let slash = counts.find('/').unwrap_or(0);
    let after = counts.len() - slash - 1;
    let mut out = vec![format!(
        "{}  {}  {counts}  scope",
        pad("id", id_w),
        pad("主题", zh_w)
    )];
    for t in themes {
        let p = rows.iter().filter(|r| r.primary == t.id).count();
        let s = rows.iter().filter(|r| r.secondary.contains(&t.id)).count();
        out.push(format!(
            "{}  {}  {p:>slash$}/{s:<after$}  {} ({})",
            pad(&t.id, id_w),
            pad(&t.zh, zh_w),
            t.scope,
            t.en
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Display column of the first '/' (the counts' separator) and of the scope.
    fn columns(line: &str) -> (usize, usize) {
        let slash = line.find('/').unwrap();
        let rest = &line[slash + 1..];
        let gap = rest.find(' ').unwrap();
        let scope = slash + 1 + gap + (rest[gap..].len() - rest[gap..].trim_start().len());
        (display_width(&line[..slash]), display_width(&line[..scope]))
    }

    #[test]
    fn columns_stay_aligned_with_long_chinese_theme_names() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("labels");
        let mut labels = LabelSet::load(&dir).unwrap();
        // 11 CJK characters: 22 display columns, wider than the old fixed 20.
        labels.themes[1].zh = "智慧医院与线上服务平台".to_string();
        labels.themes[2].zh = "医疗人工智能与大模型以及各类生成式人工智能应用".to_string();
        labels.themes[3].id = "a_very_long_theme_identifier".to_string();
        let rows: Vec<&LabelRow> = labels.rows.iter().collect();
        let lines = table(&labels.themes, &rows, COUNTS);
        assert_eq!(lines.len(), labels.themes.len() + 1);
        let head = columns(&lines[0]);
        for l in &lines[1..] {
            assert_eq!(columns(l), head, "{l}\n{}", lines[0]);
        }
    }
}
