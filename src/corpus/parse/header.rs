//! Issue header: series, issue number and date from the header block, with
//! fallbacks on the dropped running headers, the lead and the file name
//! ([`parse_issue`]).

use std::path::Path;

use chrono::{Datelike, Days, NaiveDate};

use crate::corpus::{Issue, Series, Warning, WarningKind};
use crate::io::ShowPath;

use super::dates::{find_issue_number, find_period, number_from_file_name, scan_dates};
use super::lines::Line;
use super::parts::Parts;

/// At most this many header lines are searched for title, number and date.
pub(super) const HEADER_LINES: usize = 40;
/// At most this many characters of the lead (or of one header line) are searched.
pub(super) const LEAD_CHARS: usize = 4000;

/// Series, number and date from the header block; when the header lacks the
/// series or the number (a report whose first page is missing), from the
/// running headers that were dropped, then the lead / the file name.
pub(super) fn parse_issue(
    path: &Path,
    lines: &[Line],
    running: &[String],
    parts: &Parts,
    warnings: &mut Vec<Warning>,
    notes: &mut Vec<Warning>,
) -> Issue {
    let header = lines
        .get(..parts.header_end.min(HEADER_LINES))
        .unwrap_or(&[]);
    let lead: String = parts.lead_text(lines).chars().take(LEAD_CHARS).collect();
    let series = series_from(header.iter().map(|l| l.text.as_str()))
        .or_else(|| series_from(running.iter().map(String::as_str)))
        .or_else(|| series_from_lead(&lead));
    let number = header
        .iter()
        .find_map(|l| find_issue_number(&l.text))
        .or_else(|| running.iter().find_map(|t| find_issue_number(t)))
        .or_else(|| number_from_file_name(path));
    let date = header.iter().find_map(|l| {
        let chars: Vec<char> = l.text.chars().take(LEAD_CHARS).collect();
        scan_dates(&chars).iter().find_map(|h| h.date(None))
    });
    let period = find_period(&lead, date.map(|d| d.year()));
    let name = path.shown();
    let today = chrono::Local::now().date_naive();
    let date = check_date(&name.to_string(), date, period, today, warnings);
    if series.is_none() {
        warnings.push(Warning::new(WarningKind::NoSeries, format!("{name}: cannot tell 周报 from 月报 (no title, and the lead says neither); series left empty")));
    }
    // Without a number, a dated issue still takes its place in the trend
    // and the briefing (期号不详): worth a note, not a warning. The shipped
    // example 004 is such an issue.
    match (number, date) {
        (Some(_), _) => {}
        (None, Some(d)) => notes.push(Warning::new(WarningKind::NoNumber, format!(
            "{name}: no issue number (第…期) in the header or the file name; the issue is placed by its date {d} and shown without a number. To number it, add 第…期 under the title or to the file name"
        ))),
        (None, None) => warnings.push(Warning::new(WarningKind::NoNumber, format!(
            "{name}: no issue number (第…期) in the header or the file name; number left empty"
        ))),
    }
    if date.is_none() {
        warnings.push(Warning::new(
            WarningKind::NoDate,
            format!("{name}: no publication date in the header; date left empty"),
        ));
    }
    if period.is_none() {
        warnings.push(Warning::new(
            WarningKind::NoPeriod,
            format!("{name}: no monitoring period (时间从 … 到 …) in the lead; period left empty"),
        ));
    }
    Issue {
        series,
        number,
        date,
        period_start: period.map(|p| p.0),
        period_end: period.map(|p| p.1),
        source_file: path.shown().to_string(),
    }
}

fn series_from<'a>(mut texts: impl Iterator<Item = &'a str>) -> Option<Series> {
    texts.find_map(|t| {
        if t.contains("月报") {
            Some(Series::Monthly)
        } else if t.contains("周报") {
            Some(Series::Weekly)
        } else {
            None
        }
    })
}

fn series_from_lead(lead: &str) -> Option<Series> {
    let weekly = lead.find("本期周报");
    let monthly = lead.find("本期月报");
    match (weekly, monthly) {
        (Some(w), Some(m)) if m < w => Some(Series::Monthly),
        (Some(_), _) => Some(Series::Weekly),
        (None, Some(_)) => Some(Series::Monthly),
        (None, None) => None,
    }
}

/// How many days after the end of its monitoring period an issue may be
/// dated. The seeds and layouts are dated on the last day of the period
/// (weekly: the Friday it ends; monthly: the month's last day), one on the
/// first day after it; a report may come out a little later.
pub(super) const DATED_AFTER_PERIOD: u64 = 14;

/// How far after today a header date may lie: a report dated ahead (the
/// end of the current month) is plausible, one dated next year is not.
pub(super) const DATED_AHEAD: u64 = 31;

/// Check the header date against the issue's own monitoring period and
/// today, with a warning naming the file, the header date, what it
/// conflicts with, which date yuqing used and how to fix the file. Returns
/// the date to use: the header date, except when it lies both outside the
/// period and in the future and the period's year puts it inside the period
/// (a mistyped year such as 2052 for 2025): then that date, and the warning
/// says so.
pub(super) fn check_date(
    name: &str,
    date: Option<NaiveDate>,
    period: Option<(NaiveDate, NaiveDate)>,
    today: NaiveDate,
    warnings: &mut Vec<Warning>,
) -> Option<NaiveDate> {
    let date = date?;
    let latest = today
        .checked_add_days(Days::new(DATED_AHEAD))
        .unwrap_or(today);
    let ahead = (date > latest)
        .then(|| format!("{} in the future (today is {today})", distance(today, date)));
    // Whatever else is wrong with it, a date in the future is what a batch
    // of files exported with a wrong clock or template shares.
    let kind = if ahead.is_some() {
        WarningKind::DatedInFuture
    } else {
        WarningKind::Other
    };
    let mut warn = |message: String| warnings.push(Warning::new(kind, message));
    let Some((start, end)) = period else {
        if let Some(ahead) = ahead {
            warn(format!(
                "{name}: the header date {date} is {ahead}; yuqing used it as written, which puts the issue out of order. Check the year in the date line under the title"
            ));
        }
        return Some(date);
    };
    let last = end
        .checked_add_days(Days::new(DATED_AFTER_PERIOD))
        .unwrap_or(end);
    let fits = |d: NaiveDate| start <= d && d <= last;
    if fits(date) {
        if let Some(ahead) = ahead {
            warn(format!(
                "{name}: the header date {date} and the monitoring period ({start} to {end}) are {ahead}; yuqing used them as written. Check the years in the date line under the title and in the lead (时间从…到…)"
            ));
        }
        return Some(date);
    }
    let conflict = format!(
        "the header date {date} is outside the issue's monitoring period ({start} to {end}, 时间从…到… in the lead){}",
        ahead.as_ref().map(|a| format!(" and {a}")).unwrap_or_default()
    );
    // The header date in the period's year(s): a mistyped year.
    let retyped = [end.year(), start.year()]
        .into_iter()
        .filter_map(|y| date.with_year(y))
        .find(|&d| fits(d));
    match retyped {
        Some(fixed) if ahead.is_some() && fixed <= latest => {
            warn(format!(
                "{name}: {conflict}; yuqing used {fixed}, the header date in the period's year. Correct the year in the date line under the title"
            ));
            Some(fixed)
        }
        Some(fixed) => {
            warn(format!(
                "{name}: {conflict}; in the period's year it would be {fixed}, so one of the years looks mistyped. yuqing used the header date {date}; correct the year in the date line under the title or in the lead"
            ));
            Some(date)
        }
        None => {
            warn(format!(
                "{name}: {conflict}; yuqing used the header date {date} to place the issue. Check the date line under the title and the period in the lead"
            ));
            Some(date)
        }
    }
}

/// How far `later` is after `earlier`, in words: `12 days`, `5 months`,
/// `26 years`.
fn distance(earlier: NaiveDate, later: NaiveDate) -> String {
    let days = (later - earlier).num_days();
    let (n, unit) = if days < 60 {
        (days, "day")
    } else if days < 730 {
        (days / 30, "month")
    } else {
        (days / 365, "year")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// (date used, warnings) for a header date and period, today 2026-11-26.
    fn check(date: NaiveDate, period: Option<(NaiveDate, NaiveDate)>) -> (NaiveDate, Vec<String>) {
        let (used, warnings) = check_kinds(date, period);
        (used, warnings.into_iter().map(|w| w.message).collect())
    }

    fn check_kinds(
        date: NaiveDate,
        period: Option<(NaiveDate, NaiveDate)>,
    ) -> (NaiveDate, Vec<Warning>) {
        let mut warnings = Vec::new();
        let used = check_date(
            "x.txt",
            Some(date),
            period,
            ymd(2026, 11, 26),
            &mut warnings,
        );
        (used.unwrap(), warnings)
    }

    /// Every warning about a date in the future is of that kind, whether
    /// the date fits its period, is read in the period's year or has no
    /// period; a date in the past outside its period is another kind.
    #[test]
    fn a_date_in_the_future_is_its_own_kind() {
        let week = Some((ymd(2025, 12, 13), ymd(2025, 12, 19)));
        let ahead_week = Some((ymd(2027, 2, 28), ymd(2027, 3, 6)));
        for (date, period) in [
            (ymd(2052, 12, 19), week),
            (ymd(2052, 12, 19), NO_PERIOD),
            (ymd(2027, 3, 6), ahead_week),
            (ymd(2027, 6, 6), week),
        ] {
            let (_, w) = check_kinds(date, period);
            assert_eq!(w.len(), 1, "{date}: {w:?}");
            assert_eq!(w[0].kind, WarningKind::DatedInFuture, "{date}: {w:?}");
        }
        for date in [ymd(2024, 12, 19), ymd(2025, 11, 19), ymd(2026, 1, 19)] {
            let (_, w) = check_kinds(date, week);
            assert_eq!(w.len(), 1, "{date}: {w:?}");
            assert_eq!(w[0].kind, WarningKind::Other, "{date}: {w:?}");
        }
    }

    const NO_PERIOD: Option<(NaiveDate, NaiveDate)> = None;

    #[test]
    fn dates_that_fit_their_period_pass() {
        let week = Some((ymd(2025, 12, 13), ymd(2025, 12, 19)));
        let month = Some((ymd(2025, 11, 1), ymd(2025, 11, 30)));
        for (date, period) in [
            (ymd(2025, 12, 19), week),
            (ymd(2025, 12, 13), week),
            (ymd(2025, 12, 30), week),
            (ymd(2025, 11, 30), month),
            (ymd(2025, 12, 1), month),
            (ymd(2026, 12, 20), NO_PERIOD),
        ] {
            assert_eq!(check(date, period), (date, vec![]), "{date}");
        }
    }

    #[test]
    fn a_future_year_outside_the_period_is_read_in_the_periods_year() {
        let week = Some((ymd(2025, 12, 13), ymd(2025, 12, 19)));
        let (used, w) = check(ymd(2052, 12, 19), week);
        assert_eq!(used, ymd(2025, 12, 19));
        assert_eq!(w.len(), 1);
        assert!(
            w[0].starts_with("x.txt: the header date 2052-12-19 is outside the issue's monitoring period (2025-12-13 to 2025-12-19")
                && w[0].contains("and 26 years in the future (today is 2026-11-26)")
                && w[0].contains("yuqing used 2025-12-19, the header date in the period's year. Correct the year"),
            "{w:?}"
        );
    }

    #[test]
    fn a_past_year_outside_the_period_is_kept_with_a_warning() {
        let week = Some((ymd(2025, 12, 13), ymd(2025, 12, 19)));
        let (used, w) = check(ymd(2024, 12, 19), week);
        assert_eq!(used, ymd(2024, 12, 19));
        assert!(
            w.len() == 1
                && w[0].contains("the header date 2024-12-19 is outside")
                && w[0].contains("in the period's year it would be 2025-12-19")
                && w[0].contains("yuqing used the header date 2024-12-19"),
            "{w:?}"
        );
        // A month off: no year fixes it.
        let (used, w) = check(ymd(2025, 11, 19), week);
        assert_eq!(used, ymd(2025, 11, 19));
        assert!(
            w.len() == 1
                && w[0].contains("yuqing used the header date 2025-11-19 to place the issue"),
            "{w:?}"
        );
        // Too long after the period.
        let (_, w) = check(ymd(2026, 1, 19), week);
        assert_eq!(w.len(), 1, "{w:?}");
    }

    #[test]
    fn a_future_date_without_a_period_or_with_one_is_named() {
        let (used, w) = check(ymd(2052, 12, 19), None);
        assert_eq!(used, ymd(2052, 12, 19));
        assert!(
            w.len() == 1
                && w[0].contains("2052-12-19 is 26 years in the future (today is 2026-11-26)"),
            "{w:?}"
        );
        let (used, w) = check(ymd(2027, 3, 6), Some((ymd(2027, 2, 28), ymd(2027, 3, 6))));
        assert_eq!(used, ymd(2027, 3, 6));
        assert!(
            w.len() == 1 && w[0].contains("3 months in the future"),
            "{w:?}"
        );
    }
}
