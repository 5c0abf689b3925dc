//! `yuqing trend`: classified articles → PNG chart (+ CSV of the numbers).

use std::path::{Path, PathBuf};
use yuqing::io::ShowPath;

use yuqing::chart::{stage_png, ChartStyle};
use yuqing::error::capped;
use yuqing::io::Staged;
use yuqing::trend::{count_of, Measure, Period, TrendParams, TrendTable};
use yuqing::ClassifiedRecord;

use crate::args::{MeasureArg, PerArg, TrendArgs, TrendOptions};
use crate::progress::note;
use crate::Outcome;

pub fn run(a: TrendArgs, quiet: bool) -> anyhow::Result<Outcome> {
    yuqing::io::check_output(&a.output, &["png"], ".png")?;
    super::ingest::refuse_overwrite(&a.output, std::slice::from_ref(&a.input))?;
    super::ingest::refuse_overwrite(&csv_path(&a.output), std::slice::from_ref(&a.input))?;
    let mut records: Vec<ClassifiedRecord> =
        yuqing::classified::read_jsonl(&a.input, "classified article")?;
    // The same article (key and place) of the same issue, as when a file
    // is appended to another twice.
    let repeated = yuqing::corpus::drop_repeated(&mut records, |r| {
        (r.issue.identity(str::to_string), r.ordinal, r.key.clone())
    });
    if repeated > 0 {
        eprintln!(
            "yuqing: warning: {}: {} appear more than once (the same issue's articles twice, as when a file is appended to another twice); each is counted once",
            a.input.shown(),
            count_of(repeated, "article", "articles")
        );
    }
    // Theme names come from the taxonomy when it is at hand; otherwise from the records.
    let names: Vec<(String, String)> = match yuqing::labels::load_themes(
        &a.labels.join("themes.toml"),
    ) {
        Ok(themes) => themes.into_iter().map(|t| (t.id, t.zh)).collect(),
        Err(e) => {
            note(
                    quiet,
                    format!("note: theme names are taken from the articles ({e}; give the labels folder with --labels)"),
                );
            Vec::new()
        }
    };
    let mut out = Staged::new();
    let table = draw(&records, &a.trend, &a.output, &names, quiet, true, &mut out)?;
    out.commit()?;
    note(quiet, table.summary());
    outln!("{}", a.output.shown());
    Ok(outcome(&table))
}

/// Partial when an issue was left out of the table (its warning is printed).
pub fn outcome(table: &TrendTable) -> Outcome {
    if table.left_out.is_empty() {
        Outcome::Done
    } else {
        Outcome::Partial
    }
}

/// Build the table, draw the chart to `png` and write the numbers to a CSV
/// beside it, both staged in `out` (the CSV first, so that the chart is put
/// in place after it).
/// `names` gives the themes' display names in the order that the legend and
/// the CSV's columns follow (the taxonomy, or the model's classes). Warnings (issues placed by a date
/// other than their header's, or left out) are printed even when `quiet`; an
/// issue left out makes [`outcome`] Partial.
pub fn draw(
    records: &[ClassifiedRecord],
    o: &TrendOptions,
    png: &Path,
    names: &[(String, String)],
    quiet: bool,
    name_republished: bool,
    out: &mut Staged,
) -> anyhow::Result<TrendTable> {
    let params = TrendParams {
        measure: match o.measure {
            MeasureArg::Count => Measure::Count,
            MeasureArg::Share => Measure::Share,
        },
        include_secondary: o.include_secondary,
        count_duplicates: o.count_duplicates,
        period: match o.per {
            PerArg::Issue => Period::Issue,
            PerArg::Month => Period::Month,
            PerArg::Quarter => Period::Quarter,
        },
        series: None,
    };
    if records.is_empty() {
        anyhow::bail!("there are no classified articles to chart; check that the input is the output of `yuqing classify`");
    }
    let csv = csv_path(png);
    if csv.exists() && !yuqing::trend::is_trend_csv(&csv) {
        anyhow::bail!(
            "{}: the chart's numbers are written beside the PNG under this name, but this file is not a trend table from yuqing (it may be a classified-articles CSV); choose another name for the PNG",
            csv.shown()
        );
    }
    let mut table = TrendTable::build(records, &params);
    table.follow_taxonomy(names);
    // `run` reads the reports itself, which names each republished story
    // already; a trend of a classified file names them here.
    let quiet_repeats = quiet || !name_republished;
    for s in capped(SHOWN, table.skipped.clone(), |more| {
        format!("… and {more} more republished stories, each counted once")
    }) {
        note(quiet_repeats, format!("note: {s}"));
    }
    for w in &table.warnings {
        eprintln!("yuqing: warning: {w}");
    }
    if params.period == Period::Issue && table.issues.len() > MANY_ISSUES {
        note(
            quiet,
            format!(
                "note: {} issues on one chart; --per month (or quarter) draws one point per month",
                table.issues.len()
            ),
        );
    }
    let holes: Vec<String> = table
        .gaps()
        .into_iter()
        .map(|j| {
            let (a, b) = (&table.issues[j - 1], &table.issues[j]);
            format!(
                "no issue between {} and {}: the chart's lines are broken there instead of drawn across; add the reports of that time if you have them",
                table.period.label(a.date),
                table.period.label(b.date)
            )
        })
        .collect();
    for h in capped(SHOWN, holes, |more| {
        format!("… and {more} more stretches without issues, each a break in the chart's lines")
    }) {
        note(quiet, format!("note: {h}"));
    }
    if let (Some((has, usual)), Some(last)) = (table.partial_last(), table.issues.last()) {
        let (one, _) = table.period.noun();
        note(
            quiet,
            format!(
                "note: the last {one}, {}, holds {} against {usual} in most {one}s before it: if it is not complete yet, its article counts are lower without any theme falling (the briefing compares articles per issue); --measure share compares it fairly",
                table.period.label(last.date),
                count_of(has, "issue", "issues"),
            ),
        );
    }
    if table.issues.is_empty() {
        anyhow::bail!(
            "no issue has a date (see the warnings above), so there is nothing to put on a time axis; add the publication date line (e.g. `2025 年 12 月 19 日`) under the title in each report's header"
        );
    }
    out.write(&csv, |w| {
        w.write_all(table.to_csv().as_bytes())
            .map_err(yuqing::io::io_err(&csv))
    })?;
    let chart = table.to_chart(o.title.as_deref());
    stage_png(
        &chart,
        &ChartStyle {
            width: o.size.0,
            height: o.size.1,
        },
        png,
        out,
    )?;
    Ok(table)
}

/// More issues than this make a dense chart: suggest --per month.
const MANY_ISSUES: usize = 150;

/// Republished stories named one by one; the rest are counted.
const SHOWN: usize = 5;

pub fn csv_path(png: &Path) -> PathBuf {
    png.with_extension("csv")
}
