//! Trend input that used to vanish from the chart: issues without a header date,
//! issues whose articles are all republished stories; and how the briefing and
//! the `trend` command report them. Real seed reports, real model, real pipeline.

use std::path::{Path, PathBuf};
use std::process::Output;

use chrono::NaiveDate;
use yuqing::chart::{render_png, ChartStyle, XAxis};
use yuqing::corpus::walk::ingest;
use yuqing::trend::{DatedBy, Measure, Period, TrendParams, TrendTable};
use yuqing::{ClassifiedRecord, CorpusRecord, Model};

mod common;
use common::{classify, root, s, shipped_model, text, yuqing};

fn seed(name: &str) -> PathBuf {
    root().join("examples/reports").join(name)
}

const S654: &str = "000_2e71dd09e5d010f6.txt";
const S004: &str = "004_853b37a96b61c717.txt";

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Seed issue 654 without its publication date and without the monitoring
/// period, as an analyst might receive it (the articles keep their own dates).
fn write_undated_654(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(seed(S654)).unwrap();
    let undated = text
        .replace("\n2025 年 12 月 19 日\n", "\n")
        .replace("时间从 2025 年 12 月 13 日到 2025 年 12 月 19 日, ", "");
    assert_ne!(undated, text);
    assert!(!undated.contains("2025 年 12 月 19 日"));
    let path = dir.join("nodate.txt");
    std::fs::write(&path, undated).unwrap();
    path
}

/// [`write_undated_654`] with its articles' date lines removed too.
fn write_dateless_654(dir: &Path) -> PathBuf {
    let path = write_undated_654(dir);
    let text = std::fs::read_to_string(&path).unwrap();
    let dateless: String = text
        .lines()
        .map(|l| match l.split_once(" 来源") {
            Some((d, rest)) if d.starts_with("2025-") => format!("来源{rest}"),
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!dateless.contains("2025-12-1"));
    let path = dir.join("dateless.txt");
    std::fs::write(&path, dateless).unwrap();
    path
}

/// A later issue 655 (2025-12-26) that only republishes seed 654's first story.
fn write_republishing_655(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(seed(S654))
        .unwrap()
        .replace("(第六五四)", "(第六五五)")
        .replace("2025 年 12 月 19 日", "2025 年 12 月 26 日")
        .replace("收集 3 篇", "收集 1 篇");
    let (head, body) = text.split_once("二、具体内容").unwrap();
    let toc_cut = head.find("\n2. 宁夏").unwrap();
    let body_cut = body.find("\n2. 宁夏").unwrap();
    let one = format!("{}\n\n二、具体内容{}", &head[..toc_cut], &body[..body_cut]);
    let path = dir.join("655.txt");
    std::fs::write(&path, one).unwrap();
    path
}

/// ingest → classify with the shipped model.
fn pipeline(files: &[PathBuf]) -> (Vec<CorpusRecord>, Vec<ClassifiedRecord>, Model) {
    let outcome = ingest(files, &|_| {});
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    let model = shipped_model();
    let classified = classify(&model, &outcome.records);
    (outcome.records, classified, model)
}

#[test]
fn an_issue_without_header_date_is_placed_by_its_articles_dates() {
    let dir = tempfile::tempdir().unwrap();
    let nodate = write_undated_654(dir.path());
    let (_, recs, _) = pipeline(&[nodate.clone(), seed(S004)]);
    assert!(recs.iter().any(|r| r.issue.date.is_none()));
    let t = TrendTable::build(&recs, &TrendParams::default());
    assert_eq!(t.issues.len(), 2, "{t:?}");
    let p = &t.issues[1];
    assert_eq!(p.number, Some(654));
    // Its articles are dated 2025-12-14, -15 and -19: the latest places it.
    assert_eq!(p.date, day(2025, 12, 19));
    assert_eq!(p.dated_by, DatedBy::Articles);
    assert_eq!(p.articles, 3);
    assert!(t.left_out.is_empty());
    assert_eq!(t.warnings.len(), 1, "{:?}", t.warnings);
    let w = &t.warnings[0];
    assert!(
        w.contains(s(&nodate))
            && w.contains("placed at 2025-12-19")
            && w.contains("3 dated articles"),
        "{w}"
    );
    assert!(t.to_csv().contains("\n2025-12-19,654,周报,3,"));
}

#[test]
fn only_undated_issues_still_make_a_chart_from_article_dates() {
    let dir = tempfile::tempdir().unwrap();
    let nodate = write_undated_654(dir.path());
    let (_, recs, model) = pipeline(std::slice::from_ref(&nodate));
    let t = TrendTable::build(&recs, &TrendParams::default());
    assert_eq!(t.issues.len(), 1);
    assert_eq!(t.issues[0].date, day(2025, 12, 19));
    let brief = yuqing::briefing::render(&recs, &t, &model, "trend.png");
    assert!(
        brief.contains("覆盖 1 期（2025-12-19 至 2025-12-19）"),
        "{brief}"
    );
    assert!(
        brief.contains("2025-12-19，报头无日期，按文章日期推定"),
        "{brief}"
    );
}

#[test]
fn an_issue_with_no_date_at_all_is_left_out_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let nodate = write_undated_654(dir.path());
    let (_, mut recs, model) = pipeline(&[nodate.clone(), seed(S004)]);
    // Its articles carry no dates either.
    for r in recs.iter_mut().filter(|r| r.issue.date.is_none()) {
        r.date = None;
    }
    let t = TrendTable::build(&recs, &TrendParams::default());
    assert_eq!(t.issues.len(), 1);
    assert_eq!(t.left_out, vec![s(&nodate).to_string()]);
    let w = t.warnings.join("\n");
    assert!(
        w.contains(s(&nodate))
            && w.contains("issue 654")
            && w.contains("left out of the chart")
            && w.contains("add the publication date line"),
        "{w}"
    );
    // No per-article "has no issue date" notes any more: one warning per issue.
    assert!(t.skipped.is_empty(), "{:?}", t.skipped);
    let brief = yuqing::briefing::render(&recs, &t, &model, "trend.png");
    assert!(
        brief.contains("另有 1 期") && brief.contains("nodate.txt"),
        "{brief}"
    );
    assert!(brief.contains("日期不详，未列入趋势图"), "{brief}");
}

/// `yuqing -q classify REPORT seed-004 -o DIR/c.jsonl`, then `yuqing -q trend`
/// of that into `DIR/t.png`: trend's output and both paths.
fn classify_and_chart(dir: &Path, report: &Path) -> (Output, PathBuf, PathBuf) {
    let classified = dir.join("c.jsonl");
    let o = yuqing(&[
        "-q",
        "classify",
        s(report),
        s(&seed(S004)),
        "-o",
        s(&classified),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let png = dir.join("t.png");
    let o = yuqing(&["-q", "trend", s(&classified), "-o", s(&png)]);
    (o, classified, png)
}

/// The `trend` command: an issue dated by its articles is charted with a
/// warning, even with -q.
#[test]
fn trend_command_places_an_undated_issue_by_its_articles() {
    let dir = tempfile::tempdir().unwrap();
    let nodate = write_undated_654(dir.path());
    let (o, _, png) = classify_and_chart(dir.path(), &nodate);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains(s(&nodate)) && err.contains("placed at 2025-12-19"),
        "{err}"
    );
    let csv = std::fs::read_to_string(png.with_extension("csv")).unwrap();
    assert!(csv.contains("\n2025-12-19,654,周报,3,"), "{csv}");
}

/// The `trend` command: an issue with no date at all is named on stderr even
/// with -q, and the exit status is 1.
#[test]
fn trend_command_names_a_left_out_issue_even_when_quiet_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let nodate = write_dateless_654(dir.path());
    let (o, classified, png) = classify_and_chart(dir.path(), &nodate);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("warning:") && err.contains(s(&nodate)) && err.contains("left out"),
        "{err}"
    );
    assert_eq!(text(&o.stdout).trim(), s(&png));
    let csv = std::fs::read_to_string(png.with_extension("csv")).unwrap();
    assert_eq!(csv.lines().count(), 2, "{csv}");
    // Without -q the status line counts one issue, in the singular.
    let o = yuqing(&["trend", s(&classified), "-o", s(&png)]);
    assert!(
        text(&o.stderr).contains("1 issue, 8 themes"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn an_issue_of_only_republished_stories_stays_with_zero_articles() {
    let dir = tempfile::tempdir().unwrap();
    let later = write_republishing_655(dir.path());
    let (_, recs, model) = pipeline(&[seed(S654), later]);
    assert_eq!(recs.len(), 4);
    assert!(recs
        .iter()
        .any(|r| r.issue.number == Some(655) && r.duplicate_of.is_some()));
    for measure in [Measure::Count, Measure::Share] {
        let t = TrendTable::build(
            &recs,
            &TrendParams {
                measure,
                ..TrendParams::default()
            },
        );
        assert_eq!(t.issues.len(), 2, "{t:?}");
        let p = &t.issues[1];
        assert_eq!(
            (p.number, p.date, p.articles),
            (Some(655), day(2025, 12, 26), 0)
        );
        assert!(t.values.iter().all(|v| v[1] == 0.0 && v[1].is_finite()));
        let csv = t.to_csv();
        assert!(csv.contains("\n2025-12-26,655,周报,0,"), "{csv}");
        let brief = yuqing::briefing::render(&recs, &t, &model, "trend.png");
        assert!(
            brief.contains("覆盖 2 期（2025-12-19 至 2025-12-26）"),
            "{brief}"
        );
        if measure == Measure::Share {
            // A share of no article is undefined: an empty cell, no point,
            // and not averaged in as 0 %.
            let row = csv.lines().find(|l| l.starts_with("2025-12-26")).unwrap();
            assert!(
                row.ends_with(",,") || row.split(',').skip(3).all(str::is_empty),
                "{row}"
            );
            assert!(!t.has_value(1) && t.has_value(0));
            let first: Vec<f64> = t.values.iter().map(|v| v[0]).collect();
            for (name, v0) in t.themes.iter().map(|(_, n)| n).zip(first) {
                let row = brief
                    .lines()
                    .find(|l| l.starts_with(&format!("| {name} |")))
                    .unwrap();
                assert!(row.contains(&format!("{v0:.0}%（各期平均）")), "{row}");
            }
        }
    }
    // The note names the article it repeats by title, file and issue.
    let t = TrendTable::build(&recs, &TrendParams::default());
    assert_eq!(t.skipped.len(), 1, "{:?}", t.skipped);
    let note = &t.skipped[0];
    assert!(
        note.contains("655.txt: article 1 '北京首个数字医疗产业园扩容' republishes article 1 '北京首个数字医疗产业园扩容' of ")
            && note.contains(S654)
            && note.contains("(issue 654) and is counted once"),
        "{note}"
    );
    // Counted again on request.
    let t = TrendTable::build(
        &recs,
        &TrendParams {
            count_duplicates: true,
            ..TrendParams::default()
        },
    );
    assert_eq!(t.issues[1].articles, 1);
}

#[test]
fn share_briefing_shows_the_latest_issue_in_percent() {
    let (_, recs, model) = pipeline(&[seed(S654), seed(S004)]);
    let t = TrendTable::build(
        &recs,
        &TrendParams {
            measure: Measure::Share,
            ..TrendParams::default()
        },
    );
    let brief = yuqing::briefing::render(&recs, &t, &model, "trend.png");
    let rows: Vec<&str> = brief
        .lines()
        .skip_while(|l| !l.starts_with("| 主题"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert_eq!(rows.len(), t.themes.len(), "{brief}");
    for row in rows {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        // | name | total | latest | change |
        assert!(cells[2].ends_with("%（各期平均）"), "{row}");
        assert!(cells[3].ends_with('%'), "{row}");
    }
}

/// Without the taxonomy, theme names come from the records: every theme that
/// is some article's primary gets that article's Chinese name, even when an
/// earlier record only listed it among its scores.
#[test]
fn theme_names_come_from_the_records() {
    let (_, recs, _) = pipeline(&[seed(S654), seed(S004)]);
    let t = TrendTable::build(&recs, &TrendParams::default());
    let mut named = 0;
    for (id, name) in &t.themes {
        if let Some(r) = recs.iter().find(|r| &r.primary == id) {
            assert_eq!(name, &r.primary_name, "{id}");
            named += 1;
        }
    }
    assert!(named >= 2, "{:?}", t.themes);
}

/// `n` issues 654, 655, … a week apart from 2025-12-19, made from seed 654;
/// the first title carries Markdown characters and the issue's index.
fn weekly_issues(dir: &Path, n: u32) -> Vec<PathBuf> {
    let seed654 = std::fs::read_to_string(seed(S654)).unwrap();
    (0..n)
        .map(|k| {
            let date = day(2025, 12, 19) + chrono::Duration::weeks(k as i64);
            let text = seed654
                .replace("(第六五四)", &format!("(第{})", 654 + k))
                .replace(
                    "2025 年 12 月 19 日",
                    &date.format("%Y 年 %-m 月 %-d 日").to_string(),
                )
                .replace(
                    "北京首个数字医疗产业园扩容",
                    &format!("北京*数字*医疗|产业园[扩容{k}]"),
                );
            let path = dir.join(format!("{}.txt", 654 + k));
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect()
}

/// Twelve weekly issues per month and per quarter: the points are the
/// periods, dated their first day, with every counted article kept.
#[test]
fn issues_group_by_month_or_quarter() {
    let dir = tempfile::tempdir().unwrap();
    let (_, recs, _) = pipeline(&weekly_issues(dir.path(), 12));
    let table = |period, measure| {
        TrendTable::build(
            &recs,
            &TrendParams {
                period,
                measure,
                // The copies republish seed 654's stories: count them all.
                count_duplicates: true,
                ..TrendParams::default()
            },
        )
    };
    let by_issue = table(Period::Issue, Measure::Count);
    assert_eq!(by_issue.issues.len(), 12);
    let total = |t: &TrendTable| t.issues.iter().map(|p| p.articles).sum::<usize>();
    let sum = |t: &TrendTable| t.values.iter().flatten().sum::<f64>();
    for (period, dates) in [
        (
            Period::Month,
            vec![
                day(2025, 12, 1),
                day(2026, 1, 1),
                day(2026, 2, 1),
                day(2026, 3, 1),
            ],
        ),
        (Period::Quarter, vec![day(2025, 10, 1), day(2026, 1, 1)]),
    ] {
        let t = table(period, Measure::Count);
        assert_eq!(t.issues.iter().map(|p| p.date).collect::<Vec<_>>(), dates);
        assert_eq!(total(&t), total(&by_issue));
        assert_eq!(sum(&t), sum(&by_issue));
        let brief = yuqing::briefing::render(&recs, &t, &shipped_model(), "trend.png");
        let points = if period == Period::Month {
            "按月汇总为 4 个月（2025-12 至 2026-03）"
        } else {
            "按季度汇总为 2 个季度（2025 Q4 至 2026 Q1）"
        };
        assert!(brief.contains(&format!("覆盖 12 期，{points}")), "{brief}");
        // Shares of a period are of all its articles.
        let share = table(period, Measure::Share);
        for j in 0..share.issues.len() {
            let col: f64 = share.values.iter().map(|v| v[j]).sum();
            assert!((col - 100.0).abs() < 1e-6, "{col}");
        }
    }
}

/// The briefing links each title, escapes Markdown in report text, says how
/// many articles are republished copies, and lists only the latest issues of
/// a long archive.
#[test]
fn briefing_links_escapes_and_lists_the_latest_issues() {
    let dir = tempfile::tempdir().unwrap();
    let files = weekly_issues(dir.path(), 12);
    let (_, recs, model) = pipeline(&files);
    let t = TrendTable::build(&recs, &TrendParams::default());
    assert_eq!(t.issues.len(), 12, "{:?}", t.warnings);
    let brief = yuqing::briefing::render(&recs, &t, &model, "trend.png");
    assert!(brief.contains("共 12 期，此处列出最近 10 期"), "{brief}");
    assert_eq!(brief.matches("\n### 第").count(), 10);
    assert!(brief.contains("### 第665期") && !brief.contains("### 第655期"));
    assert!(
        brief.contains(r"[北京\*数字\*医疗\|产业园\[扩容11\]](<https://"),
        "{brief}"
    );
    assert!(brief.contains("篇为前期报道的重复转载"), "{brief}");
}

/// The trend CSV's theme columns follow themes.toml, whatever the counts, so
/// that each week's table can be pasted under the last one.
#[test]
fn trend_csv_columns_follow_the_taxonomy() {
    let dir = tempfile::tempdir().unwrap();
    let classified = dir.path().join("c.jsonl");
    let o = yuqing(&["-q", "classify", "examples/reports", "-o", s(&classified)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let taxonomy: Vec<String> = yuqing::labels::load_themes(&root().join("labels/themes.toml"))
        .unwrap()
        .into_iter()
        .map(|t| t.id)
        .collect();
    let png = dir.path().join("t.png");
    for extra in [&[][..], &["--measure", "share", "--include-secondary"][..]] {
        let mut args = vec!["-q", "trend", s(&classified), "-o", s(&png)];
        args.extend(extra);
        let o = yuqing(&args);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        let csv = std::fs::read_to_string(png.with_extension("csv")).unwrap();
        let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
        assert_eq!(
            header[..4],
            ["issue_date", "issue_number", "series", "articles"]
        );
        assert_eq!(header[4..], taxonomy, "{extra:?}");
    }
}

/// A month or quarter is one point: named `2025-12` or `2025 Q4` on the axis
/// and in the CSV, whose columns say which issues it holds; the title gives
/// the first and last issue of the data and the status line counts months
/// and issues.
#[test]
fn months_and_quarters_name_their_issues() {
    let dir = tempfile::tempdir().unwrap();
    // 654 (2025-12-19) … 665 (2026-03-06).
    let (_, recs, _) = pipeline(&weekly_issues(dir.path(), 12));
    let table = |period| {
        TrendTable::build(
            &recs,
            &TrendParams {
                period,
                ..TrendParams::default()
            },
        )
    };
    let month = table(Period::Month);
    assert_eq!(
        month.default_title(),
        "卫生信息化舆情主题趋势（第654–665期）"
    );
    assert_eq!(month.summary(), "4 months (12 issues), 8 themes");
    let chart = month.to_chart(None);
    let labels: Vec<&str> = chart.points.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["2025-12", "2026-01", "2026-02", "2026-03"]);
    let csv = month.to_csv();
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("month,first_issue,last_issue,series,issues,articles,ai_clinical,"),
        "{csv}"
    );
    // December holds 654 and 655; January 656-660.
    assert!(
        lines.next().unwrap().starts_with("2025-12,654,655,周报,2,"),
        "{csv}"
    );
    assert!(
        lines.next().unwrap().starts_with("2026-01,656,660,周报,5,"),
        "{csv}"
    );

    let quarter = table(Period::Quarter);
    assert_eq!(quarter.summary(), "2 quarters (12 issues), 8 themes");
    let csv = quarter.to_csv();
    assert!(csv.starts_with("quarter,first_issue,last_issue,series,issues,articles,"));
    assert!(csv.contains("\n2025 Q4,654,655,周报,2,"), "{csv}");
    assert!(csv.contains("\n2026 Q1,656,665,周报,10,"), "{csv}");
    assert_eq!(quarter.to_chart(None).points[1].label, "2026 Q1");

    // Per issue, nothing changes.
    let issue = table(Period::Issue);
    assert_eq!(issue.summary(), "12 issues, 8 themes");
    assert_eq!(issue.to_chart(None).points[0].label, "2025-12-19");
    assert!(issue
        .to_csv()
        .starts_with("issue_date,issue_number,series,articles,"));
}

/// The `trend` command per month, then per quarter into the same files: the
/// status line counts months and issues, and a month table beside the PNG is
/// recognised as yuqing's own and replaced.
#[test]
fn trend_command_per_month_and_quarter() {
    let dir = tempfile::tempdir().unwrap();
    let files = weekly_issues(dir.path(), 2);
    let classified = dir.path().join("dec.jsonl");
    let mut args = vec!["-q", "classify"];
    args.extend(files.iter().map(|f| s(f)));
    args.extend(["-o", s(&classified)]);
    let o = yuqing(&args);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let png = dir.path().join("dec_m.png");
    for (per, summary, row) in [
        (
            "month",
            "1 month (2 issues), 8 themes",
            "2025-12,654,655,周报,2,",
        ),
        (
            "quarter",
            "1 quarter (2 issues), 8 themes",
            "2025 Q4,654,655,周报,2,",
        ),
    ] {
        let o = yuqing(&["trend", s(&classified), "-o", s(&png), "--per", per]);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{err}");
        assert!(err.contains(summary), "{err}");
        let csv = std::fs::read_to_string(png.with_extension("csv")).unwrap();
        assert!(csv.starts_with(&format!(
            "{per},first_issue,last_issue,series,issues,articles,"
        )));
        assert!(csv.lines().nth(1).unwrap().starts_with(row), "{csv}");
    }
}

/// The chart of `yuqing run` on the shipped examples: issues 654 and 655 are
/// a week apart at the end of a two-year axis and would be drawn on top of
/// each other, so the issues are evenly spaced, each labelled with its date
/// and number.
#[test]
fn the_examples_chart_spaces_issues_evenly_and_labels_each() {
    let files: Vec<PathBuf> = std::fs::read_dir(root().join("examples/reports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let (_, recs, _) = pipeline(&files);
    let t = TrendTable::build(&recs, &TrendParams::default());
    let chart = t.to_chart(None);
    let points: Vec<(String, &str)> = chart
        .points
        .iter()
        .map(|p| (p.date.to_string(), p.issue.as_str()))
        .collect();
    assert_eq!(
        points,
        [
            // A 月报 among 周报: each point names its series.
            ("2023-10-31".to_string(), "月报第527期"),
            ("2025-07-04".to_string(), "周报"),
            ("2025-12-19".to_string(), "周报第654期"),
            ("2025-12-26".to_string(), "周报第655期"),
        ]
    );
    let dir = tempfile::tempdir().unwrap();
    let layout = render_png(&chart, &ChartStyle::default(), &dir.path().join("t.png")).unwrap();
    assert_eq!(layout.x_axis, XAxis::Even);
    assert_eq!(layout.labelled, [0, 1, 2, 3]);
}

/// Classified articles of `n` weekly issues 100, 101, … from 2020-01-03,
/// made from the seeds' own records, with themes that vary from issue to issue.
fn weekly_archive(n: u32) -> Vec<ClassifiedRecord> {
    let (_, seeds, _) = pipeline(&[seed(S654)]);
    let themes: Vec<String> = seeds[0].scores.keys().cloned().collect();
    (0..n)
        .flat_map(|k| {
            let themes = &themes;
            seeds.iter().enumerate().map(move |(i, r)| {
                let mut r = r.clone();
                r.issue.number = Some(100 + k);
                r.issue.date = Some(day(2020, 1, 3) + chrono::Duration::weeks(k.into()));
                r.issue.source_file = format!("archive/{}.txt", 100 + k);
                r.primary = themes[(k as usize * 7 + i * 3) % themes.len()].clone();
                r.duplicate_of = None;
                r
            })
        })
        .collect()
}

/// A long regular archive keeps its time axis (per issue and per month), with
/// its labels thinned; the `trend` command charts 400 weekly issues.
#[test]
fn a_long_weekly_archive_keeps_its_time_axis() {
    let dir = tempfile::tempdir().unwrap();
    let recs = weekly_archive(400);
    for period in [Period::Issue, Period::Month] {
        let t = TrendTable::build(
            &recs,
            &TrendParams {
                period,
                ..TrendParams::default()
            },
        );
        let layout = render_png(
            &t.to_chart(None),
            &ChartStyle::default(),
            &dir.path().join("t.png"),
        )
        .unwrap();
        assert_eq!(layout.x_axis, XAxis::Time, "{period:?}");
        assert!(layout.labelled.len() < 15, "{:?}", layout.labelled);
        assert_eq!(layout.labelled.first(), Some(&0));
        assert_eq!(layout.labelled.last(), Some(&(t.issues.len() - 1)));
    }
    let classified = dir.path().join("archive.jsonl");
    yuqing::classified::write_records(&classified, &recs, &[]).unwrap();
    let png = dir.path().join("archive.png");
    let o = yuqing(&["trend", s(&classified), "-o", s(&png)]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("400 issues, 8 themes"), "{err}");
    let csv = std::fs::read_to_string(png.with_extension("csv")).unwrap();
    assert_eq!(csv.lines().count(), 401);
}

/// A folder holding a 周报 and a 月报 (as the examples do) used to list
/// their issues in the briefing as bare numbers, 第655期 beside 第527期, two
/// runs of numbers that cannot be told apart; each now names its series.
/// One series alone keeps the bare number.
#[test]
fn briefing_names_the_series_when_weekly_and_monthly_issues_are_mixed() {
    let (_, recs, model) = pipeline(&[
        seed(S654),
        seed("001_510d352a014b6f5f.txt"),
        seed("002_0968fba103d81802.txt"),
    ]);
    let t = TrendTable::build(&recs, &TrendParams::default());
    let brief = yuqing::briefing::render(&recs, &t, &model, "trend.png");
    assert!(
        brief.contains("### 周报第655期（2025-12-26）")
            && brief.contains("### 周报第654期（2025-12-19）")
            && brief.contains("### 月报第527期（2023-10-31）"),
        "{brief}"
    );
    let (_, weekly, model) = pipeline(&[seed(S654), seed("001_510d352a014b6f5f.txt")]);
    let t = TrendTable::build(&weekly, &TrendParams::default());
    let brief = yuqing::briefing::render(&weekly, &t, &model, "trend.png");
    assert!(
        brief.contains("### 第655期（2025-12-26）") && !brief.contains("周报第"),
        "{brief}"
    );
}

/// An archive with a year missing (reports the analyst does not have) used
/// to be drawn with straight lines across that year, as if the themes had
/// moved steadily through it, and nothing said that issues were missing. The
/// lines now break there, and `trend` names the stretch.
#[test]
fn a_year_without_issues_breaks_the_lines_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut recs, _) = pipeline(&weekly_issues(dir.path(), 12));
    // Issues 654–659 a year earlier: nothing between 2025-01-24 and 2026-01-30.
    for r in recs.iter_mut().filter(|r| r.issue.number < Some(660)) {
        r.issue.date = r.issue.date.map(|d| d - chrono::Duration::weeks(53));
    }
    let t = TrendTable::build(&recs, &TrendParams::default());
    assert_eq!(t.issues.len(), 12, "{:?}", t.warnings);
    assert_eq!(t.issues[5].date, day(2025, 1, 17));
    assert_eq!(t.issues[6].date, day(2026, 1, 30));
    assert_eq!(t.gaps(), vec![6]);
    let chart = t.to_chart(None);
    assert_eq!(chart.points.len(), 13);
    for s in &chart.series {
        assert_eq!(s.values.len(), 13);
        assert!(s.values[12].is_nan() && s.values[..12].iter().all(|v| v.is_finite()));
    }
    let gap = &chart.points[12];
    assert!(gap.date > day(2025, 1, 17) && gap.date < day(2026, 1, 30));
    // Not labelled with a date no issue has.
    assert_eq!((gap.label.as_str(), gap.issue.as_str()), ("…", "（缺期）"));
    render_png(&chart, &ChartStyle::default(), &dir.path().join("gap.png")).unwrap();
    // Weekly issues without a hole have none.
    let (_, regular, _) = pipeline(&weekly_issues(dir.path(), 12));
    let t = TrendTable::build(&regular, &TrendParams::default());
    assert!(t.gaps().is_empty());
    assert_eq!(t.to_chart(None).points.len(), 12);

    let jsonl = dir.path().join("classified.jsonl");
    yuqing::classified::write_records(&jsonl, &recs, &[]).unwrap();
    let png = dir.path().join("trend.png");
    let o = yuqing(&["trend", s(&jsonl), "-o", s(&png)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains(
            "note: no issue between 2025-01-17 and 2026-01-30: the chart's lines are broken there"
        ),
        "{err}"
    );
    // Still one row per issue in the CSV.
    let csv = std::fs::read_to_string(dir.path().join("trend.csv")).unwrap();
    assert_eq!(csv.lines().count(), 13, "{csv}");
}

/// The briefing's “变化” used to compare the latest issue with the mean of
/// every earlier issue, years of them in a long archive: a theme that grew
/// over the years was "↑ 上升" in a week below all of its recent weeks. It
/// is compared with the 8 issues before it now.
#[test]
fn the_briefing_compares_the_latest_issue_with_recent_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut recs, model) = pipeline(&weekly_issues(dir.path(), 20));
    let ai = model
        .classes()
        .iter()
        .find(|c| c.id == "ai_clinical")
        .unwrap()
        .clone();
    let policy = model
        .classes()
        .iter()
        .find(|c| c.id == "policy")
        .unwrap()
        .clone();
    // Issues 654–664 (11 issues): no AI article; 665–672 (8 issues): all 3
    // articles; the latest, 673: 2 of its 3.
    for r in &mut recs {
        let n = r.issue.number.unwrap();
        let is_ai = (665..673).contains(&n) || (n == 673 && r.ordinal <= 2);
        let c = if is_ai { &ai } else { &policy };
        r.primary = c.id.clone();
        r.primary_name = c.name.clone();
    }
    let params = TrendParams {
        count_duplicates: true,
        ..TrendParams::default()
    };
    let t = TrendTable::build(&recs, &params);
    assert_eq!(t.issues.len(), 20, "{:?}", t.warnings);
    let brief = yuqing::briefing::render(&recs, &t, &model, "trend.png");
    assert!(
        brief.contains("“变化”比较最近一期与此前 8 期的平均。"),
        "{brief}"
    );
    assert!(
        brief.contains(&format!("| {} | 26 篇 | 2 | ↓ 下降 |", ai.name)),
        "{brief}"
    );
    assert!(
        brief.contains(&format!("| {} | 34 篇 | 1 | ↑ 上升 |", policy.name)),
        "{brief}"
    );
}

/// A classified file that holds an issue's articles twice (this week's
/// output appended to the archive's file twice) used to double every count
/// of those issues, a spike nothing explained. Repeats are counted once,
/// with a warning, as `ingest` and `run` do for corpus files.
#[test]
fn trend_counts_articles_repeated_in_its_input_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = yuqing(&["-q", "run", "--out-dir", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let once = std::fs::read_to_string(out.join("classified.jsonl")).unwrap();
    let twice = dir.path().join("twice.jsonl");
    std::fs::write(&twice, format!("{once}{once}")).unwrap();
    let png = dir.path().join("twice.png");
    let o = yuqing(&["trend", s(&twice), "-o", s(&png)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains("twice.jsonl: 13 articles appear more than once"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("twice.csv")).unwrap(),
        std::fs::read_to_string(out.join("trend.csv")).unwrap()
    );
}

/// The shipped examples hold a 月报 (527) and 周报 (654, 655 and one without a
/// number): their numbers run apart, so the chart's title gives a range per
/// series (each point names its series: the test of the examples' chart
/// above), the CSV has a series column and the briefing says that their
/// counts are not alike.
#[test]
fn issues_of_both_series_are_named_by_series() {
    let files: Vec<PathBuf> = [
        "000_2e71dd09e5d010f6.txt",
        "001_510d352a014b6f5f.txt",
        "002_0968fba103d81802.txt",
        S004,
    ]
    .iter()
    .map(|n| seed(n))
    .collect();
    let (_, recs, model) = pipeline(&files);
    let t = TrendTable::build(&recs, &TrendParams::default());
    assert!(t.mixed_series());
    // The briefing says their counts are not alike.
    let mixed_note = "周报与月报并列";
    let brief = yuqing::briefing::render(&recs, &t, &model, "trend.png");
    assert!(brief.contains(mixed_note), "{brief}");
    assert_eq!(
        t.default_title(),
        "卫生信息化舆情主题趋势（周报第654–655期，月报第527期）"
    );
    let csv = t.to_csv();
    assert!(
        csv.starts_with("issue_date,issue_number,series,articles,"),
        "{csv}"
    );
    assert!(csv.contains("\n2023-10-31,527,月报,4,"), "{csv}");
    assert!(csv.contains("\n2025-12-26,655,周报,"), "{csv}");

    // One series alone: no series in the labels or the title.
    let weekly: Vec<ClassifiedRecord> = recs
        .into_iter()
        .filter(|r| r.issue.number != Some(527))
        .collect();
    let t = TrendTable::build(&weekly, &TrendParams::default());
    assert!(!t.mixed_series());
    let brief = yuqing::briefing::render(&weekly, &t, &model, "trend.png");
    assert!(!brief.contains(mixed_note), "{brief}");
    assert_eq!(t.default_title(), "卫生信息化舆情主题趋势（第654–655期）");
    assert_eq!(t.to_chart(None).points[1].issue, "第654期");
}

/// Issue numbers that start again each year (第1期 every January) make no
/// number range: the title gives the first and last date instead of 第1–52期.
#[test]
fn numbers_that_restart_each_year_are_titled_by_dates() {
    let recs: Vec<ClassifiedRecord> = weekly_archive(104)
        .into_iter()
        .map(|mut r| {
            let n = r.issue.number.unwrap() - 100;
            r.issue.number = Some(n % 52 + 1);
            r
        })
        .collect();
    for (period, title) in [
        (
            Period::Issue,
            "卫生信息化舆情主题趋势（2020-01-03 至 2021-12-24）",
        ),
        (
            Period::Month,
            "卫生信息化舆情主题趋势（2020-01 至 2021-12）",
        ),
    ] {
        let params = TrendParams {
            period,
            ..TrendParams::default()
        };
        assert_eq!(TrendTable::build(&recs, &params).default_title(), title);
    }
    // Numbers that keep rising keep their range.
    let t = TrendTable::build(&weekly_archive(104), &TrendParams::default());
    assert_eq!(t.default_title(), "卫生信息化舆情主题趋势（第100–203期）");
}

/// The series column of each row of a trend CSV (per issue, or per month).
fn csv_series(csv: &str) -> Vec<String> {
    let column = if csv.starts_with("issue_date,") { 2 } else { 3 };
    csv.lines()
        .skip(1)
        .map(|l| l.split(',').nth(column).unwrap().to_string())
        .collect()
}

/// `yuqing run` on the shipped examples (three 周报, one 月报): `--series`
/// charts one series, in the CSV, the briefing and the status line; without
/// it both are charted, with a note and a briefing that say how to keep them
/// apart.
#[test]
fn run_charts_one_series_of_the_examples_with_series() {
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name);
    let o = yuqing(&["run", "--out-dir", s(&out("all"))]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains(
            "note: 3 周报 (weekly) issues and 1 月报 (monthly) issue are charted side by side"
        ) && err.contains("--series weekly or --series monthly charts one series"),
        "{err}"
    );
    let csv = std::fs::read_to_string(out("all").join("trend.csv")).unwrap();
    assert_eq!(csv_series(&csv), ["月报", "周报", "周报", "周报"], "{csv}");
    let brief = std::fs::read_to_string(out("all").join("briefing.md")).unwrap();
    assert!(
        brief.contains("图中周报与月报并列") && brief.contains("`--series weekly`"),
        "{brief}"
    );

    for (series, rows, title, kept, left) in [
        (
            "weekly",
            vec!["周报"; 3],
            "# 卫生信息化舆情主题简报（周报）",
            "覆盖周报 3 期",
            "另有月报 1 期未列入",
        ),
        (
            "月报",
            vec!["月报"],
            "# 卫生信息化舆情主题简报（月报）",
            "覆盖月报 1 期",
            "另有周报 3 期未列入",
        ),
    ] {
        let dir = out(series);
        let o = yuqing(&["run", "--out-dir", s(&dir), "--series", series]);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{series}: {err}");
        assert!(!err.contains("charted side by side"), "{err}");
        let zh = rows[0];
        assert!(
            err.contains(&format!("4 issues, 13 articles ({} {zh} issue", rows.len())),
            "{err}"
        );
        let csv = std::fs::read_to_string(dir.join("trend.csv")).unwrap();
        assert_eq!(csv_series(&csv), rows, "{csv}");
        let brief = std::fs::read_to_string(dir.join("briefing.md")).unwrap();
        assert!(
            brief.contains(title) && brief.contains(kept) && brief.contains(left),
            "{brief}"
        );
        assert!(!brief.contains("周报与月报"), "{brief}");
        let other = if zh == "周报" {
            "### 月报"
        } else {
            "### 周报"
        };
        assert!(
            !brief.contains(other) && !brief.contains(&format!("### {zh}第")),
            "{brief}"
        );
    }
}

/// A series the input does not hold is an error that names the input, says
/// what it holds and what to do, and writes nothing; for `trend` and `run`.
#[test]
fn a_series_the_input_does_not_hold_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let weekly = dir.path().join("weekly");
    std::fs::create_dir(&weekly).unwrap();
    for name in [S654, "001_510d352a014b6f5f.txt", S004] {
        std::fs::copy(seed(name), weekly.join(name)).unwrap();
    }
    let classified = dir.path().join("weekly.jsonl");
    let o = yuqing(&["-q", "classify", s(&weekly), "-o", s(&classified)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let png = dir.path().join("t.png");
    let o = yuqing(&[
        "-q",
        "trend",
        s(&classified),
        "-o",
        s(&png),
        "--series",
        "monthly",
    ]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "error: {}: no 月报 (monthly) issue to chart with --series monthly: it holds 3 周报 (weekly) issues. Use --series weekly to chart its 周报, or --series all to chart every issue",
            s(&classified)
        )),
        "{err}"
    );
    assert!(!png.exists() && !png.with_extension("csv").exists());
    // The same filter charts them all once it is the right one.
    let o = yuqing(&[
        "-q",
        "trend",
        s(&classified),
        "-o",
        s(&png),
        "--series",
        "周报",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let csv = std::fs::read_to_string(png.with_extension("csv")).unwrap();
    assert_eq!(csv_series(&csv), ["周报"; 3], "{csv}");

    let out = dir.path().join("out");
    let o = yuqing(&[
        "-q",
        "run",
        s(&weekly),
        "--out-dir",
        s(&out),
        "--series",
        "monthly",
    ]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("error: {}: no 月报 (monthly) issue", s(&weekly)))
            && err.contains("--series weekly"),
        "{err}"
    );
    assert!(!out.join("briefing.md").exists() && !out.join("trend.png").exists());
}

/// Per month with both series, a month adds its 周报 and 月报 together: the
/// note says so and how to keep them apart, the CSV's series column says
/// 周报+月报. An issue that names neither series is left out by a filter,
/// with a note naming its file.
#[test]
fn months_of_both_series_and_issues_of_neither_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = yuqing(&["-q", "run", "--out-dir", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let mut recs: Vec<ClassifiedRecord> =
        yuqing::classified::read_jsonl(&out.join("classified.jsonl"), "classified article")
            .unwrap();
    // 月报 527 published in December 2025, beside 周报 654 and 655; the
    // undated-number 周报 of July names neither series.
    for r in &mut recs {
        if r.issue.number == Some(527) {
            r.issue.date = Some(day(2025, 12, 31));
        }
        if r.issue.source_file.ends_with(S004) {
            r.issue.series = None;
        }
    }
    let jsonl = dir.path().join("c.jsonl");
    yuqing::classified::write_records(&jsonl, &recs, &[]).unwrap();
    let png = dir.path().join("m.png");
    let o = yuqing(&["trend", s(&jsonl), "-o", s(&png), "--per", "month"]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("note: 2 周报 (weekly) issues and 1 月报 (monthly) issue are charted together: each month adds up the articles of all its issues, 周报 and 月报 alike (1 of 2 months hold both; the CSV's series column says 周报+月报 for them)")
            && err.contains("--series weekly or --series monthly charts one series"),
        "{err}"
    );
    let csv = std::fs::read_to_string(png.with_extension("csv")).unwrap();
    assert_eq!(csv_series(&csv), ["", "周报+月报"], "{csv}");

    let o = yuqing(&[
        "trend",
        s(&jsonl),
        "-o",
        s(&png),
        "--per",
        "month",
        "--series",
        "weekly",
    ]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains(&format!(
            "note: 1 issue that names neither 周报 nor 月报 in the title or lead is left out by --series weekly: {}; --series all charts it",
            recs.iter().find(|r| r.issue.series.is_none()).unwrap().issue.source_file
        )),
        "{err}"
    );
    assert!(err.contains("1 month (2 周报 issues), 8 themes"), "{err}");
    assert!(!err.contains("charted together"), "{err}");
    let csv = std::fs::read_to_string(png.with_extension("csv")).unwrap();
    assert_eq!(csv_series(&csv), ["周报"], "{csv}");
}
