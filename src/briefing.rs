//! A Markdown briefing for analysts: what the issues covered, theme by theme,
//! with the trend chart embedded.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::classified::ClassifiedRecord;
use crate::corpus::Series;
use crate::error::Result;
use crate::io::{io_err, Staged};
use crate::model::Model;
use crate::trend::{DatedBy, Measure, Period, TrendTable};

/// An issue in the briefing: date, number, source file.
type IssueKey<'a> = (Option<chrono::NaiveDate>, Option<u32>, &'a str);

/// Render the briefing as Markdown. `chart` is the chart's path relative to
/// the briefing file.
/// Issues whose articles the briefing lists, newest first; an archive of
/// hundreds of issues is in classified.csv, not in a briefing.
const LISTED_ISSUES: usize = 10;

/// Report text as literal Markdown: characters that Markdown would read as
/// emphasis, links, code or table cells are escaped.
fn markdown_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|' | '#' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// First line of every briefing, invisible when the Markdown is rendered, so
/// that a later run over a folder holding it does not take it for a report.
pub const BRIEFING_MARK: &str = "<!-- yuqing briefing -->";

/// How many points before the latest one its “变化” is measured against:
/// two months of weekly issues, half a year of months, a year of quarters.
pub fn baseline_points(period: Period) -> usize {
    match period {
        Period::Issue => 8,
        Period::Month => 6,
        Period::Quarter => 4,
    }
}

pub fn render(
    records: &[ClassifiedRecord],
    table: &TrendTable,
    model: &Model,
    chart: &str,
) -> String {
    let mut s = String::new();
    // Issues of another series than the one charted are not in the briefing.
    let records: Vec<&ClassifiedRecord> = records
        .iter()
        .filter(|r| table.of_charted_series(r))
        .collect();
    let charted: Vec<&ClassifiedRecord> = records
        .iter()
        .copied()
        .filter(|r| !table.left_out.contains(&r.issue.source_file))
        .collect();
    // Those the table did not count (a story told first in an issue of the
    // other series is counted at its first copy in this one).
    let republished = table.skipped.len();
    let first = table.issues.first();
    let last = table.issues.last();
    let only = table
        .series
        .map(|x| format!("（{}）", x.zh()))
        .unwrap_or_default();
    let _ = writeln!(s, "{BRIEFING_MARK}\n# 卫生信息化舆情主题简报{only}\n");
    // The table's points are issues, months or quarters.
    let (point, latest_point) = match table.period {
        Period::Issue => ("期", "最近一期"),
        Period::Month => ("月", "最近一月"),
        Period::Quarter => ("季度", "最近一季度"),
    };
    if let (Some(f), Some(l)) = (first, last) {
        let mut issues: Vec<(&str, Option<u32>)> = charted
            .iter()
            .map(|r| (r.issue.source_file.as_str(), r.issue.number))
            .collect();
        issues.sort_unstable();
        issues.dedup();
        let grouped = match table.period {
            Period::Issue => String::new(),
            _ => format!("，按{point}汇总为 {} 个{point}", table.issues.len()),
        };
        let _ = writeln!(
            s,
            "覆盖{} {} 期{grouped}（{} 至 {}），共 {} 篇文章{}。\n",
            table.series.map_or("", Series::zh),
            issues.len(),
            table.period.label(f.date),
            table.period.label(l.date),
            charted.len(),
            match republished {
                0 => String::new(),
                k => format!("（其中 {k} 篇为前期报道的重复转载，主题统计中只计一次）"),
            }
        );
    }
    if !table.left_out.is_empty() {
        let files: Vec<String> = table.left_out.iter().map(|f| format!("`{f}`")).collect();
        let _ = writeln!(
            s,
            "另有 {} 期因报头缺少出版日期、无法确定日期，未列入趋势图：{}。请在报头标题下补上出版日期（如“2025 年 12 月 19 日”）后重新运行。\n",
            table.left_out.len(),
            files.join("、")
        );
    }
    if let Some(x) = table.series {
        // What the series filter left out, and how to have it back.
        let other = match x {
            Series::Weekly => Series::Monthly,
            Series::Monthly => Series::Weekly,
        };
        let mut left = Vec::new();
        if table.found.of(Some(other)) > 0 {
            left.push(format!("{} {} 期", other.zh(), table.found.of(Some(other))));
        }
        if table.found.unknown > 0 {
            left.push(format!("未注明周报或月报的 {} 期", table.found.unknown));
        }
        if !left.is_empty() {
            let _ = writeln!(
                s,
                "本简报只统计{}（`--series {}`），另有{}未列入；`--series all` 可全部列入。\n",
                x.zh(),
                match x {
                    Series::Weekly => "weekly",
                    Series::Monthly => "monthly",
                },
                left.join("、")
            );
        }
    }
    let _ = writeln!(s, "![主题趋势]({chart})\n");
    // A 月报 gathers a month of news, a 周报 a week: side by side on one
    // axis, or added together in a month, their counts are not alike.
    let apart = "可用 `--series weekly` 或 `--series monthly` 只看其中一个系列";
    if table.period == Period::Issue && table.mixed_series() {
        let _ = writeln!(
            s,
            "图中周报与月报并列：月报一期汇集一个月的报道，其篇数与周报不宜直接比较；\
             {apart}，或用 `--per month` 按月合并后再看（同月的周报与月报篇数相加）。\n"
        );
    } else if table.adds_both_series() {
        let _ = writeln!(
            s,
            "图中每{point}的篇数是该{point}周报与月报的合计（共周报 {} 期、月报 {} 期）；\
             月报一期汇集一个月的报道，与周报相加会使篇数偏高。{apart}。\n",
            table.charted.weekly, table.charted.monthly
        );
    }
    let _ = writeln!(s, "## 主题分布\n");
    let unit = match table.measure {
        Measure::Count => " 篇",
        Measure::Share => "%（各期平均）",
    };
    // A month or quarter holds a varying number of issues, and the last one
    // may not be complete yet: its raw count would fall for every theme.
    // Counts are compared per issue then.
    let per_issue = table.period != Period::Issue && table.measure == Measure::Count;
    // The latest point is compared with the ones just before it, not with
    // years of archive: a theme that grew over years is not "rising" this
    // week when it is below its recent weeks.
    let baseline = baseline_points(table.period);
    let earlier = table
        .issues
        .iter()
        .enumerate()
        .filter(|&(j, _)| table.has_value(j))
        .count()
        .saturating_sub(1);
    let before_points = if earlier > baseline {
        format!("此前 {baseline} 个{point}")
    } else {
        format!("此前各{point}")
    };
    let before_points = before_points.replace("个期", "期");
    let basis = if per_issue {
        format!("与{before_points}的每期平均篇数（各{point}期数不同，按期数折算）")
    } else {
        format!("与{before_points}的平均")
    };
    let partial = match (table.partial_last(), last) {
        (Some((has, usual)), Some(l)) => format!(
            "{latest_point}（{}）目前只有 {has} 期，此前各{point}通常有 {usual} 期，所以“{latest_point}”一栏的篇数偏少。",
            table.period.label(l.date)
        ),
        _ => String::new(),
    };
    let _ = writeln!(
        s,
        "“变化”比较{latest_point}{basis}。{partial}\n\n| 主题 | 合计 | {latest_point} | 变化 |\n|---|---:|---:|---|"
    );
    // Issues in each point that has a value, in the order of `vals` below.
    let sizes: Vec<f64> = (0..table.issues.len())
        .filter(|&j| table.has_value(j))
        .map(|j| table.issues[j].issues.max(1) as f64)
        .collect();
    // Shares of issues with no counted article are undefined: left out.
    let mut rows: Vec<(&String, Vec<f64>, f64)> = table
        .themes
        .iter()
        .zip(&table.values)
        .map(|((_, name), all)| {
            let vals: Vec<f64> = (0..all.len())
                .filter(|&j| table.has_value(j))
                .map(|j| all[j])
                .collect();
            let total: f64 = match table.measure {
                Measure::Count => vals.iter().sum(),
                Measure::Share => vals.iter().sum::<f64>() / vals.len().max(1) as f64,
            };
            (name, vals, total)
        })
        .collect();
    // The most frequent themes first (stable: ties keep the taxonomy's order).
    rows.sort_by(|a, b| b.2.total_cmp(&a.2));
    for (name, vals, total) in rows {
        let latest = vals.last().copied().unwrap_or(0.0);
        // What the arrow compares: counts per issue for months and quarters.
        let rates: Vec<f64> = if per_issue {
            vals.iter().zip(&sizes).map(|(v, n)| v / n).collect()
        } else {
            vals.clone()
        };
        let latest_rate = rates.last().copied().unwrap_or(0.0);
        let before = &rates[..rates.len().saturating_sub(1)];
        let before = &before[before.len().saturating_sub(baseline)..];
        let mean_before = if before.is_empty() {
            latest_rate
        } else {
            before.iter().sum::<f64>() / before.len() as f64
        };
        let only_one = format!("—（仅一{point}）");
        let arrow = if before.is_empty() {
            only_one.as_str()
        } else if latest_rate > mean_before + 1e-9 {
            "↑ 上升"
        } else if latest_rate + 1e-9 < mean_before {
            "↓ 下降"
        } else {
            "→ 持平"
        };
        let latest_unit = match table.measure {
            Measure::Count => "",
            Measure::Share => "%",
        };
        let _ = writeln!(
            s,
            "| {name} | {total:.0}{unit} | {latest:.0}{latest_unit} | {arrow} |"
        );
    }
    let _ = writeln!(s, "\n## 各期文章\n");
    // Issues by the date they have on the chart (the header's, or the one
    // the trend table found for them), newest first below.
    let placed = |r: &ClassifiedRecord| {
        table
            .issues
            .iter()
            .find(|p| p.source_file == r.issue.source_file && p.number == r.issue.number)
            .map(|p| (p.date, p.dated_by))
    };
    let mut by_issue: BTreeMap<IssueKey, Vec<&ClassifiedRecord>> = BTreeMap::new();
    for &r in &records {
        let date = r.issue.date.or_else(|| placed(r).map(|(d, _)| d));
        by_issue
            .entry((date, r.issue.number, r.issue.source_file.as_str()))
            .or_default()
            .push(r);
    }
    let name_of = |id: &str| {
        model
            .classes()
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    if by_issue.len() > LISTED_ISSUES {
        let _ = writeln!(
            s,
            "共 {} 期，此处列出最近 {LISTED_ISSUES} 期；全部文章及主题见 classified.csv。\n",
            by_issue.len()
        );
    }
    // Issues of a 周报 and a 月报 listed together would mix two runs of
    // numbers (第396期 beside 第68期): each is named by its series then.
    let series = |arts: &[&ClassifiedRecord]| arts.first().and_then(|r| r.issue.series);
    let mixed = Series::both_in(by_issue.values().map(|a| series(a)));
    for ((date, number, file), arts) in by_issue.iter().rev().take(LISTED_ISSUES) {
        let name = match series(arts) {
            Some(x) if mixed => x.zh(),
            _ => "",
        };
        let head = match number {
            Some(n) => format!("{name}第{n}期"),
            None => format!("{name}期号不详"),
        };
        let how = arts.first().and_then(|r| placed(r)).map(|(_, by)| by);
        let date = match (date, how) {
            (Some(d), Some(DatedBy::Period)) => format!("{d}，报头无日期，按监测期推定"),
            (Some(d), Some(DatedBy::Articles)) => format!("{d}，报头无日期，按文章日期推定"),
            (Some(d), _) => d.to_string(),
            (None, _) => "日期不详，未列入趋势图".into(),
        };
        let _ = writeln!(s, "### {head}（{date}）\n\n来源文件：`{file}`\n");
        for a in arts {
            let secondary: Vec<String> = a.secondary.iter().map(|x| name_of(x)).collect();
            let extra = if secondary.is_empty() {
                String::new()
            } else {
                format!("；兼及 {}", secondary.join("、"))
            };
            let dup = if a.duplicate_of.is_some() {
                "（与前期报道重复）"
            } else {
                ""
            };
            let title = match a.link.as_deref() {
                Some(link) if !link.is_empty() => {
                    format!(
                        "[{}](<{}>)",
                        markdown_text(&a.title),
                        link.replace('>', "%3E")
                    )
                }
                _ => markdown_text(&a.title),
            };
            let _ = writeln!(
                s,
                "{}. **{}**（{}）— {}{}{}",
                a.ordinal,
                title,
                markdown_text(a.source.as_deref().unwrap_or("来源不详")),
                a.primary_name,
                extra,
                dup
            );
        }
        let _ = writeln!(s);
    }
    let r = model.report();
    let _ = writeln!(
        s,
        "---\n模型：{}，训练于 {}，{} 篇标注文章。主题由模型自动判断，仅供参考；标注更多文章并重新训练（`yuqing train`）可提高准确度。",
        model.classifier().algorithm(),
        r.created,
        r.n_docs
    );
    s
}

/// Write the briefing atomically.
pub fn write(
    path: &Path,
    records: &[ClassifiedRecord],
    table: &TrendTable,
    model: &Model,
    chart: &str,
) -> Result<()> {
    let mut out = Staged::new();
    stage(&mut out, path, records, table, model, chart)?;
    out.commit()
}

/// [`write()`] into `out`, put in place by [`Staged::commit`].
pub fn stage(
    out: &mut Staged,
    path: &Path,
    records: &[ClassifiedRecord],
    table: &TrendTable,
    model: &Model,
    chart: &str,
) -> Result<()> {
    let text = render(records, table, model, chart);
    out.write(path, |w| w.write_all(text.as_bytes()).map_err(io_err(path)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trend::testing::{mixed_archive, table};

    fn shipped_model() -> Model {
        Model::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("models/theme.model")).unwrap()
    }

    /// Both series charted per issue: the briefing says their counts are not
    /// alike and how to keep them apart (`--series`, or `--per month`).
    #[test]
    fn both_series_side_by_side_are_named_with_how_to_keep_them_apart() {
        let recs = mixed_archive();
        let brief = render(
            &recs,
            &table(&recs, Period::Issue, None),
            &shipped_model(),
            "t.png",
        );
        assert!(brief.contains("# 卫生信息化舆情主题简报\n"), "{brief}");
        assert!(
            brief.contains("覆盖 4 期（2025-12-12 至 2025-12-31），共 7 篇文章"),
            "{brief}"
        );
        assert!(
            brief.contains("图中周报与月报并列")
                && brief.contains("`--series weekly` 或 `--series monthly`")
                && brief.contains("`--per month`"),
            "{brief}"
        );
        assert!(brief.contains("### 月报第527期") && brief.contains("### 周报第654期"));
        assert!(!brief.contains("只统计"), "{brief}");
    }

    /// One series chosen: the title, the coverage line and the issues listed
    /// are of that series alone, the briefing says what it left out and how
    /// to have it back, and says nothing of mixed series.
    #[test]
    fn one_series_chosen_is_all_the_briefing_covers() {
        let recs = mixed_archive();
        let model = shipped_model();
        let weekly = table(&recs, Period::Issue, Some(Series::Weekly));
        let brief = render(&recs, &weekly, &model, "t.png");
        assert!(
            brief.contains("# 卫生信息化舆情主题简报（周报）\n"),
            "{brief}"
        );
        assert!(
            brief.contains("覆盖周报 2 期（2025-12-19 至 2025-12-26），共 3 篇文章。"),
            "{brief}"
        );
        assert!(
            brief.contains("本简报只统计周报（`--series weekly`），另有月报 1 期、未注明周报或月报的 1 期未列入；`--series all` 可全部列入。"),
            "{brief}"
        );
        assert!(!brief.contains("周报与月报"), "{brief}");
        // Its issues, by their bare numbers; the others are not listed.
        assert!(
            brief.contains("### 第655期") && brief.contains("### 第654期"),
            "{brief}"
        );
        assert!(
            !brief.contains("527") && !brief.contains("u.txt"),
            "{brief}"
        );
        assert!(brief.contains("| policy | 2 篇 |"), "{brief}");

        let monthly = table(&recs, Period::Month, Some(Series::Monthly));
        let brief = render(&recs, &monthly, &model, "t.png");
        assert!(
            brief.contains("# 卫生信息化舆情主题简报（月报）\n"),
            "{brief}"
        );
        assert!(
            brief.contains("覆盖月报 1 期，按月汇总为 1 个月"),
            "{brief}"
        );
        assert!(
            brief.contains("另有周报 2 期、未注明周报或月报的 1 期未列入"),
            "{brief}"
        );
        assert!(!brief.contains("周报与月报"), "{brief}");
    }

    /// The republished stories the briefing counts are those the table did
    /// not count: with the 月报 alone, its first copy of a story the 周报
    /// told is counted, and only the second is a repeat; with
    /// `count_duplicates` none is.
    #[test]
    fn republished_stories_are_those_the_chart_counts_once() {
        use crate::trend::testing::{record, Art};
        use crate::trend::TrendParams;
        let art = |file, series, number, date, key, repeats| {
            record(Art {
                file,
                series,
                number,
                date,
                ordinal: 1,
                theme: "policy",
                key,
                repeats,
            })
        };
        let (w, m) = (Some(Series::Weekly), Some(Series::Monthly));
        let recs = vec![
            art("w654.txt", w, Some(654), "2025-12-19", "a", None),
            art("m527.txt", m, Some(527), "2025-12-31", "a2", Some("a")),
            art("m528.txt", m, Some(528), "2026-01-31", "a3", Some("a")),
        ];
        let model = shipped_model();
        let said = |t: &TrendTable| {
            let brief = render(&recs, t, &model, "t.png");
            let first = brief.lines().find(|l| l.starts_with("覆盖")).unwrap();
            first.to_string()
        };
        assert!(
            said(&table(&recs, Period::Issue, None)).contains("（其中 2 篇为前期报道的重复转载")
        );
        assert!(said(&table(&recs, Period::Issue, m))
            .contains("共 2 篇文章（其中 1 篇为前期报道的重复转载"));
        let counted = TrendTable::build(
            &recs,
            &TrendParams {
                count_duplicates: true,
                ..TrendParams::default()
            },
        );
        assert!(!said(&counted).contains("重复转载"), "{}", said(&counted));
    }

    /// Per month with both series, a month adds its 周报 and 月报 together:
    /// the briefing says so and how to keep them apart.
    #[test]
    fn months_that_add_both_series_say_so() {
        let recs = mixed_archive();
        let brief = render(
            &recs,
            &table(&recs, Period::Month, None),
            &shipped_model(),
            "t.png",
        );
        assert!(
            brief.contains("图中每月的篇数是该月周报与月报的合计（共周报 2 期、月报 1 期）")
                && brief
                    .contains("可用 `--series weekly` 或 `--series monthly` 只看其中一个系列。"),
            "{brief}"
        );
        assert!(!brief.contains("并列"), "{brief}");
    }
}
