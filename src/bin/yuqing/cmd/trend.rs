//! `yuqing trend`: classified articles → PNG chart (+ CSV of the numbers).

use std::path::{Path, PathBuf};
use yuqing::io::ShowPath;

use yuqing::chart::{stage_png, ChartStyle};
use yuqing::corpus::Series;
use yuqing::error::capped;
use yuqing::io::Staged;
use yuqing::trend::{count_of, Measure, Period, TrendParams, TrendTable, BOTH_SERIES};
use yuqing::ClassifiedRecord;

use crate::args::{MeasureArg, PerArg, SeriesArg, TrendArgs, TrendOptions};
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
    let input = a.input.shown().to_string();
    let table = draw(
        &records, &a.trend, &input, &a.output, &names, quiet, true, &mut out,
    )?;
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
/// issue left out makes [`outcome`] Partial. `input` names what the records
/// were read from, for the error when `--series` leaves no issue.
#[allow(clippy::too_many_arguments)]
pub fn draw(
    records: &[ClassifiedRecord],
    o: &TrendOptions,
    input: &str,
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
        series: o.series.series(),
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
    series_notes(&table, input, quiet)?;
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

/// What `--series` did, or could do: an error naming what `input` holds when
/// the chosen series has no issue in it; notes for the issues of unknown
/// series it left out, and for both series charted together.
fn series_notes(table: &TrendTable, input: &str, quiet: bool) -> anyhow::Result<()> {
    let found = table.found;
    if let Some(wanted) = table.series {
        let flag = SeriesArg::flag(Some(wanted));
        if found.of(Some(wanted)) == 0 {
            let mut fix = Vec::new();
            for other in [Series::Weekly, Series::Monthly] {
                if other != wanted && found.of(Some(other)) > 0 {
                    fix.push(format!(
                        "{} to chart its {}",
                        SeriesArg::flag(Some(other)),
                        other.zh()
                    ));
                }
            }
            fix.push("--series all to chart every issue".to_string());
            let unknown = match found.unknown {
                0 => String::new(),
                _ => format!(
                    " (if an issue that names neither series is a {}, write {} in its title, as in 全国卫生信息化舆情监测{})",
                    wanted.zh(),
                    wanted.zh(),
                    wanted.zh()
                ),
            };
            let name = match wanted {
                Series::Weekly => "周报 (weekly)",
                Series::Monthly => "月报 (monthly)",
            };
            anyhow::bail!(
                "{input}: no {name} issue to chart with {flag}: it holds {}. Use {}{unknown}",
                found.describe(),
                fix.join(", or ")
            );
        }
        if !table.series_unknown.is_empty() {
            let mut files = table.series_unknown.clone();
            files.dedup();
            let files = capped(SHOWN, files, |more| format!("… and {more} more"));
            note(
                quiet,
                format!(
                    "note: {} that name{} neither 周报 nor 月报 in the title or lead {} left out by {flag}: {}; --series all charts {}",
                    count_of(table.series_unknown.len(), "issue", "issues"),
                    if table.series_unknown.len() == 1 { "s" } else { "" },
                    if table.series_unknown.len() == 1 { "is" } else { "are" },
                    files.join(", "),
                    if table.series_unknown.len() == 1 { "it" } else { "them" },
                ),
            );
        }
        return Ok(());
    }
    let charted = table.charted;
    let both = format!(
        "{} and {}",
        count_of(
            charted.weekly,
            "周报 (weekly) issue",
            "周报 (weekly) issues"
        ),
        count_of(
            charted.monthly,
            "月报 (monthly) issue",
            "月报 (monthly) issues"
        )
    );
    let apart = "--series weekly or --series monthly charts one series";
    if table.adds_both_series() {
        let (one, many) = table.period.noun();
        let adding = table.issues.iter().filter(|p| p.both_series).count();
        let which = match adding {
            0 => String::new(),
            n => format!(
                " ({} of {} hold both; the CSV's series column says {BOTH_SERIES} for them)",
                n,
                count_of(table.issues.len(), one, many)
            ),
        };
        note(
            quiet,
            format!(
                "note: {both} are charted together: each {one} adds up the articles of all its issues, 周报 and 月报 alike{which}, though a 月报 gathers a whole month of news; {apart}"
            ),
        );
    } else if table.mixed_series() {
        note(
            quiet,
            format!(
                "note: {both} are charted side by side, and a 月报 gathers a whole month of news, so its counts are not like a 周报's; {apart}"
            ),
        );
    }
    Ok(())
}

/// More issues than this make a dense chart: suggest --per month.
const MANY_ISSUES: usize = 150;

/// Republished stories named one by one; the rest are counted.
const SHOWN: usize = 5;

pub fn csv_path(png: &Path) -> PathBuf {
    png.with_extension("csv")
}
