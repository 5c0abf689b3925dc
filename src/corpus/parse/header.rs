//! Issue header: series, issue number and date from the header block, with
//! fallbacks on the dropped running headers, the lead and the file name
//! ([`parse_issue`]).

use std::path::Path;

use chrono::Datelike;

use crate::corpus::{Issue, Series};
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
    warnings: &mut Vec<String>,
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
    if series.is_none() {
        warnings.push(format!("{name}: cannot tell 周报 from 月报 (no title, and the lead says neither); series left empty"));
    }
    if number.is_none() {
        warnings.push(format!(
            "{name}: no issue number (第…期) in the header or the file name; number left empty"
        ));
    }
    if date.is_none() {
        warnings.push(format!(
            "{name}: no publication date in the header; date left empty"
        ));
    }
    if period.is_none() {
        warnings.push(format!(
            "{name}: no monitoring period (时间从 … 到 …) in the lead; period left empty"
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
