//! `yuqing themes`: the taxonomy and how well each theme is labelled.

use yuqing::classify::metrics::{display_width, pad};
use yuqing::io::ShowPath;
use yuqing::labels::Theme;
use yuqing::trend::count_of;
use yuqing::LabelSet;

use crate::args::ThemesArgs;
use crate::Outcome;

pub fn run(a: ThemesArgs) -> anyhow::Result<Outcome> {
    let labels = LabelSet::load(&a.labels)?;
    for w in &labels.warnings {
        eprintln!("yuqing: warning: {w}");
    }
    for line in table(&labels) {
        outln!("{line}");
    }
    outln!(
        "\n{} in {}",
        count_of(labels.rows.len(), "labelled article", "labelled articles"),
        a.labels.join("articles.csv").shown()
    );
    Ok(Outcome::Done)
}

const COUNTS: &str = "labelled (primary/secondary)";

/// The header and one line per theme. Columns are as wide as their widest
/// cell in display columns (a CJK character takes two), so long theme names
/// do not push the columns after them out of line.
fn table(labels: &LabelSet) -> Vec<String> {
    // The widest cell of a column, or its header's room if that is wider.
    let width = |cell: fn(&Theme) -> &str, header: usize| {
        labels
            .themes
            .iter()
            .map(|t| display_width(cell(t)))
            .fold(header, usize::max)
    };
    let id_w = width(|t| &t.id, 18);
    let zh_w = width(|t| &t.zh, 20);
    // The counts sit on either side of the header's '/'.
    let slash = COUNTS.find('/').unwrap_or(0);
    let after = COUNTS.len() - slash - 1;
    let mut out = vec![format!(
        "{}  {}  {COUNTS}  scope",
        pad("id", id_w),
        pad("主题", zh_w)
    )];
    for t in &labels.themes {
        let p = labels.rows.iter().filter(|r| r.primary == t.id).count();
        let s = labels
            .rows
            .iter()
            .filter(|r| r.secondary.contains(&t.id))
            .count();
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
        let lines = table(&labels);
        assert_eq!(lines.len(), labels.themes.len() + 1);
        let head = columns(&lines[0]);
        for l in &lines[1..] {
            assert_eq!(columns(l), head, "{l}\n{}", lines[0]);
        }
    }
}
