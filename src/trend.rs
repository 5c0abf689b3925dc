//! Theme frequency per issue over time: the numbers behind trend charts.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::chart::{ChartPoint, TrendChart, TrendSeries};
use crate::classified::ClassifiedRecord;
use crate::corpus::{clip, Series};

/// Count articles, or their share of the issue in percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    #[default]
    Count,
    Share,
}

/// How to turn classified articles into per-issue theme frequencies.
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `measure` | count | articles, or share of the issue's articles in % |
/// | `include_secondary` | false | also count secondary themes |
/// | `count_duplicates` | false | count near-duplicate republished stories again |
/// | `period` | issue | one point per issue, or per month or quarter |
/// | `series` | all | only the issues of one series (周报 or 月报) |
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrendParams {
    pub measure: Measure,
    pub include_secondary: bool,
    pub count_duplicates: bool,
    #[serde(default)]
    pub period: Period,
    /// `None`: every issue, those that do not say their series too. A series:
    /// only its issues; one that does not say is left out
    /// ([`TrendTable::series_unknown`]), since it may be of either.
    #[serde(default)]
    pub series: Option<Series>,
}

/// Issues by series: how many are 周报, 月报, or do not say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesCounts {
    pub weekly: usize,
    pub monthly: usize,
    /// Issues whose title and lead name neither series.
    pub unknown: usize,
}

impl SeriesCounts {
    /// Count one issue of `series`.
    pub fn add(&mut self, series: Option<Series>) {
        *match series {
            Some(Series::Weekly) => &mut self.weekly,
            Some(Series::Monthly) => &mut self.monthly,
            None => &mut self.unknown,
        } += 1;
    }

    /// Issues of `series` (`None`: of unknown series).
    pub fn of(&self, series: Option<Series>) -> usize {
        match series {
            Some(Series::Weekly) => self.weekly,
            Some(Series::Monthly) => self.monthly,
            None => self.unknown,
        }
    }

    pub fn total(&self) -> usize {
        self.weekly + self.monthly + self.unknown
    }

    /// Whether issues of both 周报 and 月报 are counted.
    pub fn both(&self) -> bool {
        self.weekly > 0 && self.monthly > 0
    }

    /// What was counted, for messages: "3 周报 (weekly) issues, 1 月报
    /// (monthly) issue and 1 issue that names neither series".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        for (n, one, many) in [
            (self.weekly, "周报 (weekly) issue", "周报 (weekly) issues"),
            (
                self.monthly,
                "月报 (monthly) issue",
                "月报 (monthly) issues",
            ),
            (
                self.unknown,
                "issue that names neither series",
                "issues that name neither series",
            ),
        ] {
            if n > 0 {
                parts.push(count_of(n, one, many));
            }
        }
        match parts.len() {
            0 => "no issue".to_string(),
            1 => parts.remove(0),
            _ => {
                let last = parts.pop().unwrap_or_default();
                format!("{} and {last}", parts.join(", "))
            }
        }
    }
}

/// What one point of the trend stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// One issue.
    #[default]
    Issue,
    /// All issues of a calendar month, dated its first day.
    Month,
    /// All issues of a calendar quarter, dated its first day.
    Quarter,
}

impl Period {
    /// The first day of the period holding `d` (`d` itself for an issue).
    pub fn start(self, d: NaiveDate) -> NaiveDate {
        use chrono::Datelike;
        let month = match self {
            Period::Issue => return d,
            Period::Month => d.month(),
            Period::Quarter => (d.month() - 1) / 3 * 3 + 1,
        };
        NaiveDate::from_ymd_opt(d.year(), month, 1).unwrap_or(d)
    }

    /// How a point dated `d` is named on the chart's axis and in the CSV:
    /// `2025-12-19` for an issue, `2025-12` for a month, `2025 Q4` for a quarter.
    pub fn label(self, d: NaiveDate) -> String {
        use chrono::Datelike;
        match self {
            Period::Issue => d.format("%Y-%m-%d").to_string(),
            Period::Month => d.format("%Y-%m").to_string(),
            Period::Quarter => format!("{} Q{}", d.year(), (d.month() - 1) / 3 + 1),
        }
    }

    /// The word for one point and for several, in messages ("month", "months").
    pub fn noun(self) -> (&'static str, &'static str) {
        match self {
            Period::Issue => ("issue", "issues"),
            Period::Month => ("month", "months"),
            Period::Quarter => ("quarter", "quarters"),
        }
    }
}

/// Where an issue's place on the time axis came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum DatedBy {
    /// The publication date in the report header.
    #[default]
    Header,
    /// No header date: the last day of the monitoring period (时间从 … 到 …).
    Period,
    /// Neither: the latest date of the issue's own articles.
    Articles,
}

/// One issue on the time axis, or all issues of a month or quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuePoint {
    /// The issue's date; for a month or quarter, its first day.
    pub date: NaiveDate,
    /// The issue's number; for a month or quarter, the highest of its issues'.
    pub number: Option<u32>,
    /// The lowest issue number of the point: the issue's own, or for a month
    /// or quarter that of its first issue.
    #[serde(default)]
    pub first_number: Option<u32>,
    /// Issues in the point: 1, or those of the month or quarter.
    #[serde(default = "one")]
    pub issues: usize,
    /// Articles counted: without republished stories unless
    /// [`TrendParams::count_duplicates`]. May be 0.
    pub articles: usize,
    /// The file the issue was read from.
    #[serde(default)]
    pub source_file: String,
    /// Where `date` came from.
    #[serde(default)]
    pub dated_by: DatedBy,
    /// 周报 or 月报, when the issue says; for a month or quarter, when all
    /// its issues say the same.
    #[serde(default)]
    pub series: Option<Series>,
    /// A month or quarter that holds issues of both series, 周报 and 月报,
    /// whose articles its counts add together.
    #[serde(default)]
    pub both_series: bool,
}

/// Theme frequencies per issue: `values[theme][issue]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendTable {
    /// Every issue with a date, by date; issues whose articles are all
    /// republished stories are kept with 0 articles.
    pub issues: Vec<IssuePoint>,
    /// (theme id, display name): in id order, or the taxonomy's after
    /// [`Self::follow_taxonomy`]; never by counts, so that the CSV's columns
    /// keep their places from one week's table to the next.
    pub themes: Vec<(String, String)>,
    pub values: Vec<Vec<f64>>,
    pub measure: Measure,
    /// Articles not counted, with why (near-duplicate republished stories).
    pub skipped: Vec<String>,
    /// What the analyst must be told even in quiet mode: issues placed by a
    /// date other than their header's, and issues left out. Each names its file.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Files of the issues that are not in the table because no date was
    /// found for them (each also has a warning).
    #[serde(default)]
    pub left_out: Vec<String>,
    /// What one point stands for: an issue, or all issues of a month or quarter.
    #[serde(default)]
    pub period: Period,
    /// The one series charted ([`TrendParams::series`]), or `None` for all.
    #[serde(default)]
    pub series: Option<Series>,
    /// Every issue of the input by series, before the series filter (those
    /// left out for want of a date too): what the input holds.
    #[serde(default)]
    pub found: SeriesCounts,
    /// The charted issues by series (each issue of a month or quarter).
    #[serde(default)]
    pub charted: SeriesCounts,
    /// Files of the issues that name neither series and that the series
    /// filter therefore left out, one per issue.
    #[serde(default)]
    pub series_unknown: Vec<String>,
}

fn one() -> usize {
    1
}

/// Fewer points than this have no usual spacing to find holes by ([`TrendTable::gaps`]).
pub const GAP_MIN_POINTS: usize = 10;

/// "1 issue", "2 issues".
pub fn count_of(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// How the CSVs of [`TrendTable::to_csv`] begin, per issue, month and quarter.
const CSV_HEADS: [&str; 6] = [
    "issue_date,issue_number,series,articles",
    "month,first_issue,last_issue,series,issues,articles",
    "quarter,first_issue,last_issue,series,issues,articles",
    // Before the series column (2026-11-26): still trend tables to replace.
    "issue_date,issue_number,articles",
    "month,first_issue,last_issue,issues,articles",
    "quarter,first_issue,last_issue,issues,articles",
];

/// Whether the file at `path` begins like a table of [`TrendTable::to_csv`]
/// (so that a new one may replace it).
pub fn is_trend_csv(path: &Path) -> bool {
    CSV_HEADS
        .iter()
        .any(|h| crate::io::file_starts_with(path, h.as_bytes()))
}

/// A month or quarter that adds issues of both series, in its CSV row,
/// chart label and the chart's title.
pub const BOTH_SERIES: &str = "周报+月报";

/// How to fix a missing header date, for warnings.
const ADD_DATE: &str = "add the publication date line (e.g. `2025 年 12 月 19 日`) under \
                        the title in the report's header";

impl TrendTable {
    /// The table. An issue without a header date is placed at the end of its
    /// monitoring period or else at the latest of its articles' own dates
    /// (with a warning); an issue with none of these is left out, named in
    /// `warnings` and `left_out`.
    ///
    /// With [`TrendParams::series`], only that series' issues are counted, as
    /// if only they had been read: the others give no warning, and a story
    /// whose first telling is in the other series is counted at its first
    /// copy in this one (not left out as a repeat of an issue not charted).
    pub fn build(records: &[ClassifiedRecord], params: &TrendParams) -> TrendTable {
        let mut skipped = Vec::new();
        let mut warnings = Vec::new();
        let mut left_out = Vec::new();
        // Issue identity: file + number + header date (two issues may share a
        // date, and an undated issue has only its file). Every record goes in,
        // republished ones too, so an issue of only republished stories stays.
        type Key<'a> = (&'a str, Option<u32>, Option<NaiveDate>);
        let mut by_issue: BTreeMap<Key, Vec<&ClassifiedRecord>> = BTreeMap::new();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        for r in records {
            // A record names its primary theme; a theme first seen among
            // another record's scores has only its id until then.
            let name = names
                .entry(r.primary.clone())
                .or_insert_with(|| r.primary_name.clone());
            if *name == r.primary && !r.primary_name.is_empty() {
                *name = r.primary_name.clone();
            }
            for t in r.scores.keys() {
                names.entry(t.clone()).or_insert_with(|| t.clone());
            }
            by_issue
                .entry((r.issue.source_file.as_str(), r.issue.number, r.issue.date))
                .or_default()
                .push(r);
        }
        // The series filter: issues of another series, or that do not say,
        // are not charted.
        let mut found = SeriesCounts::default();
        let mut series_unknown = Vec::new();
        by_issue.retain(|(file, ..), all| {
            let series = all.iter().find_map(|r| r.issue.series);
            found.add(series);
            match params.series {
                None => true,
                Some(_) if series.is_none() => {
                    series_unknown.push(file.to_string());
                    false
                }
                Some(wanted) => series == Some(wanted),
            }
        });
        // The article a republished one repeats, by key: the first that is
        // not itself a repeat, else the first.
        let mut originals: BTreeMap<&str, &ClassifiedRecord> = BTreeMap::new();
        for r in records {
            let slot = originals.entry(r.key.as_str()).or_insert(r);
            if slot.duplicate_of.is_some() && r.duplicate_of.is_none() {
                *slot = r;
            }
        }
        // A story whose first telling is in an issue the filter left out:
        // its first charted copy stands in for it and is counted.
        let charted = |r: &ClassifiedRecord| {
            by_issue.contains_key(&(r.issue.source_file.as_str(), r.issue.number, r.issue.date))
        };
        let mut stand_ins: BTreeMap<&str, &ClassifiedRecord> = BTreeMap::new();
        if params.series.is_some() {
            for r in records.iter().filter(|r| charted(r)) {
                let Some(of) = r.duplicate_of.as_deref() else {
                    continue;
                };
                if originals.get(of).is_some_and(|o| !charted(o)) {
                    stand_ins.entry(of).or_insert(r);
                }
            }
        }
        let mut charted = SeriesCounts::default();
        // Place each issue on the time axis, then order by (date, number, file).
        let mut issues: Vec<(IssuePoint, Vec<&ClassifiedRecord>)> = Vec::new();
        for ((file, number, header_date), all) in by_issue {
            let what = match number {
                Some(n) => format!("issue {n}"),
                None => "the issue".to_string(),
            };
            let article_dates = || all.iter().filter_map(|r| r.date);
            let period_end = all.iter().find_map(|r| r.issue.period_end);
            let (date, dated_by) = if let Some(d) = header_date {
                (d, DatedBy::Header)
            } else if let Some(d) = period_end {
                warnings.push(format!(
                    "{file}: {what} has no publication date in its header; it is placed at \
                     {d}, the end of its monitoring period. To place it exactly, {ADD_DATE}"
                ));
                (d, DatedBy::Period)
            } else if let Some(d) = article_dates().max() {
                warnings.push(format!(
                    "{file}: {what} has no publication date in its header; it is placed at \
                     {d}, the latest date of its {}. To place it exactly, {ADD_DATE}",
                    count_of(article_dates().count(), "dated article", "dated articles")
                ));
                (d, DatedBy::Articles)
            } else {
                warnings.push(format!(
                    "{file}: {what} ({}) has no publication date in its header, no \
                     monitoring period in its lead and no dated article, so it is left out of \
                     the chart and the trend table; {ADD_DATE} and run again",
                    count_of(all.len(), "article", "articles")
                ));
                left_out.push(file.to_string());
                continue;
            };
            let series = all.iter().find_map(|r| r.issue.series);
            let counted: Vec<&ClassifiedRecord> = all
                .into_iter()
                .filter(|r| {
                    let Some(of) = r.duplicate_of.as_deref() else {
                        return true;
                    };
                    if params.count_duplicates {
                        return true;
                    }
                    let original = match stand_ins.get(of) {
                        Some(&first) if std::ptr::eq(first, *r) => return true,
                        Some(&first) => Some(first),
                        None => originals.get(of).copied(),
                    };
                    let earlier = match original {
                        Some(o) => format!(
                            "article {} '{}' of {}{}",
                            o.ordinal,
                            clip(&o.title),
                            o.issue.source_file,
                            o.issue
                                .number
                                .map(|n| format!(" (issue {n})"))
                                .unwrap_or_default()
                        ),
                        None => format!("an earlier article that is not in this input (key {of})"),
                    };
                    skipped.push(format!(
                        "{}: article {} '{}' republishes {earlier} and is counted once",
                        r.issue.source_file,
                        r.ordinal,
                        clip(&r.title)
                    ));
                    false
                })
                .collect();
            charted.add(series);
            issues.push((
                IssuePoint {
                    date,
                    number,
                    first_number: number,
                    issues: 1,
                    articles: counted.len(),
                    source_file: file.to_string(),
                    dated_by,
                    series,
                    both_series: false,
                },
                counted,
            ));
        }
        issues.sort_by(|(a, _), (b, _)| {
            (a.date, a.number, &a.source_file).cmp(&(b.date, b.number, &b.source_file))
        });
        if params.period != Period::Issue {
            // One point per month or quarter: its issues' articles together,
            // numbered by the range of its issues' numbers.
            let mut merged: Vec<(IssuePoint, Vec<&ClassifiedRecord>)> = Vec::new();
            // The series of the issues of the last merged point.
            let mut seen: Vec<Option<Series>> = Vec::new();
            for (p, arts) in issues {
                let start = params.period.start(p.date);
                match merged.last_mut() {
                    Some((m, all)) if m.date == start => {
                        seen.push(p.series);
                        m.both_series = Series::both_in(seen.iter().copied());
                        m.articles += p.articles;
                        m.issues += 1;
                        m.number = m.number.max(p.number);
                        m.first_number = match (m.first_number, p.first_number) {
                            (Some(a), Some(b)) => Some(a.min(b)),
                            (a, b) => a.or(b),
                        };
                        m.source_file = p.source_file;
                        m.series = m.series.filter(|&s| p.series == Some(s));
                        all.extend(arts);
                    }
                    _ => {
                        seen = vec![p.series];
                        merged.push((
                            IssuePoint {
                                date: start,
                                dated_by: DatedBy::Header,
                                ..p
                            },
                            arts,
                        ))
                    }
                }
            }
            issues = merged;
        }

        let theme_ids: Vec<String> = names.keys().cloned().collect();
        let mut values = vec![vec![0.0; issues.len()]; theme_ids.len()];
        let mut points = Vec::with_capacity(issues.len());
        for (j, (point, arts)) in issues.into_iter().enumerate() {
            for a in &arts {
                let mut bump = |id: &str| {
                    if let Some(t) = theme_ids.iter().position(|x| x == id) {
                        values[t][j] += 1.0;
                    }
                };
                bump(&a.primary);
                if params.include_secondary {
                    a.secondary.iter().for_each(|s| bump(s));
                }
            }
            if params.measure == Measure::Share && !arts.is_empty() {
                for v in values.iter_mut() {
                    v[j] = v[j] * 100.0 / arts.len() as f64;
                }
            }
            points.push(point);
        }
        // Every theme, in id order whatever its counts, so the columns stay
        // in place from run to run ([`Self::follow_taxonomy`] orders them
        // as the taxonomy does).
        TrendTable {
            issues: points,
            themes: theme_ids
                .iter()
                .map(|id| (id.clone(), names[id].clone()))
                .collect(),
            values,
            measure: params.measure,
            skipped,
            warnings,
            left_out,
            period: params.period,
            series: params.series,
            found,
            charted,
            series_unknown,
        }
    }

    /// Rewrite theme display names (e.g. from the model's class list).
    pub fn rename(&mut self, name_of: impl Fn(&str) -> Option<String>) {
        for (id, name) in self.themes.iter_mut() {
            if let Some(n) = name_of(id) {
                *name = n;
            }
        }
    }

    /// Put the themes in the order of `names` (theme id and display name, as
    /// in themes.toml or the model's classes) and show them by its names;
    /// themes not in `names` follow in their present order. The chart's
    /// legend and the CSV's columns then agree, and stay put whatever the
    /// counts.
    pub fn follow_taxonomy(&mut self, names: &[(String, String)]) {
        self.rename(|id| names.iter().find(|(i, _)| i == id).map(|(_, n)| n.clone()));
        let place = |id: &str| names.iter().position(|(i, _)| i == id);
        let mut order: Vec<usize> = (0..self.themes.len()).collect();
        // Stable: themes outside `names` keep their order, after the others.
        order.sort_by_key(|&k| place(&self.themes[k].0).unwrap_or(names.len()));
        self.themes = order.iter().map(|&k| self.themes[k].clone()).collect();
        self.values = order.iter().map(|&k| self.values[k].clone()).collect();
    }

    /// Whether issue `j` has a value: a share of an issue with no counted
    /// article (only republished stories) is undefined, not 0 %.
    pub fn has_value(&self, j: usize) -> bool {
        self.measure == Measure::Count || self.issues[j].articles > 0
    }

    /// A last month or quarter that holds fewer issues than the points before
    /// it usually do (the median), as `(its issues, the usual number)`: it is
    /// not complete yet, so its article counts are lower without any theme
    /// falling. `None` per issue, with fewer than two points, or when the last
    /// point is as full as the others.
    pub fn partial_last(&self) -> Option<(usize, usize)> {
        if self.period == Period::Issue || self.issues.len() < 2 {
            return None;
        }
        let (last, before) = self.issues.split_last()?;
        let mut sizes: Vec<usize> = before.iter().map(|p| p.issues).collect();
        sizes.sort_unstable();
        let usual = sizes[sizes.len() / 2];
        (last.issues < usual).then_some((last.issues, usual))
    }

    /// Where a long archive has a hole: the indices `j` of points that come
    /// after a stretch with no issue at all (a missing month or quarter, or per
    /// issue more than three times the usual spacing and over a month), so
    /// that the chart breaks its lines there instead of drawing them across
    /// time it has no reports for. Only for tables of at least
    /// [`GAP_MIN_POINTS`] points: a handful of issues has no usual spacing.
    pub fn gaps(&self) -> Vec<usize> {
        use chrono::Datelike;
        let n = self.issues.len();
        if n < GAP_MIN_POINTS {
            return Vec::new();
        }
        let month = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
        let step = |a: NaiveDate, b: NaiveDate| match self.period {
            Period::Month => i64::from(month(b) - month(a)),
            Period::Quarter => i64::from(month(b) / 3 - month(a) / 3),
            Period::Issue => (b - a).num_days(),
        };
        let steps: Vec<i64> = self
            .issues
            .windows(2)
            .map(|w| step(w[0].date, w[1].date))
            .collect();
        let too_far = match self.period {
            Period::Month | Period::Quarter => 1,
            Period::Issue => {
                let mut sorted = steps.clone();
                sorted.sort_unstable();
                (3 * sorted[sorted.len() / 2]).max(31)
            }
        };
        (1..n).filter(|&j| steps[j - 1] > too_far).collect()
    }

    /// Issues in the table (a month or quarter counts all of its own).
    pub fn issue_count(&self) -> usize {
        self.issues.iter().map(|p| p.issues).sum()
    }

    /// What the table holds, for the status line: "4 issues, 8 themes", or
    /// "92 months (400 issues), 8 themes"; with one series chosen, "3 周报
    /// issues, 8 themes".
    pub fn summary(&self) -> String {
        let (one, many) = self.period.noun();
        // "3 周报 issues" when one series is chosen.
        let (one_issue, many_issues) = match self.series {
            Some(s) => (format!("{} issue", s.zh()), format!("{} issues", s.zh())),
            None => ("issue".to_string(), "issues".to_string()),
        };
        let points = match self.period {
            Period::Issue => count_of(self.issues.len(), &one_issue, &many_issues),
            _ => format!(
                "{} ({})",
                count_of(self.issues.len(), one, many),
                count_of(self.issue_count(), &one_issue, &many_issues)
            ),
        };
        format!(
            "{points}, {}",
            count_of(self.themes.len(), "theme", "themes")
        )
    }

    /// The chart's title when the analyst gives none: the subject and the
    /// first and last issue of the data, e.g. "卫生信息化舆情主题趋势（第100–499期）";
    /// with issues of both series, a range for each ("（周报第654–655期，月报第527期）");
    /// with one series chosen ([`TrendParams::series`]), its name
    /// ("（周报第654–655期）"); where the numbers start again (each year, say),
    /// the dates instead ("（2023-01-06 至 2025-12-26）"), as where a month or
    /// quarter adds issues of both series together, whose numbers make no
    /// range ("（周报+月报，2023-10 至 2025-12）").
    pub fn default_title(&self) -> String {
        let range = |points: &mut dyn Iterator<Item = &IssuePoint>, name: &str| {
            let (mut first, mut last) = (None::<u32>, None::<u32>);
            // Numbers that start again (each year, say) make no range: the
            // dates do, from the first point to the last.
            let (mut restarts, mut dates) = (false, None::<(NaiveDate, NaiveDate)>);
            for p in points {
                restarts |= matches!((last, p.first_number), (Some(l), Some(f)) if f < l);
                first = match (first, p.first_number) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                last = last.max(p.number);
                dates = Some(dates.map_or((p.date, p.date), |(a, _)| (a, p.date)));
            }
            if let (true, Some((a, b))) = (restarts, dates) {
                let (a, b) = (self.period.label(a), self.period.label(b));
                return Some(format!("{name}{a} 至 {b}"));
            }
            match (first, last) {
                (Some(a), Some(b)) if a != b => {
                    Some(format!("{name}第{}–{}期", a.min(b), a.max(b)))
                }
                (Some(n), _) | (_, Some(n)) => Some(format!("{name}第{n}期")),
                _ => None,
            }
        };
        let both_added = self.issues.iter().any(|p| p.both_series);
        let ranges: Vec<String> = if let Some(s) = self.series {
            let one = range(&mut self.issues.iter(), s.zh());
            vec![one.unwrap_or_else(|| s.zh().to_string())]
        } else if let (true, Some(a), Some(b)) =
            (both_added, self.issues.first(), self.issues.last())
        {
            vec![format!(
                "{}，{} 至 {}",
                BOTH_SERIES,
                self.period.label(a.date),
                self.period.label(b.date)
            )]
        } else if self.mixed_series() {
            [Series::Weekly, Series::Monthly]
                .into_iter()
                .filter_map(|s| {
                    range(
                        &mut self.issues.iter().filter(|p| p.series == Some(s)),
                        s.zh(),
                    )
                })
                .collect()
        } else {
            range(&mut self.issues.iter(), "").into_iter().collect()
        };
        match ranges.is_empty() {
            true => "卫生信息化舆情主题趋势".to_string(),
            false => format!("卫生信息化舆情主题趋势（{}）", ranges.join("，")),
        }
    }

    /// Whether the points are issues of both series (周报 and 月报), whose
    /// numbers run apart, or months or quarters that add both together:
    /// their labels then name the series.
    pub fn mixed_series(&self) -> bool {
        Series::both_in(self.issues.iter().map(|p| p.series))
            || self.issues.iter().any(|p| p.both_series)
    }

    /// Whether the months or quarters add up issues of both series, 周报 and
    /// 月报, so that the analyst should hear of it and of `--series`: both
    /// are charted, grouped by month or quarter.
    pub fn adds_both_series(&self) -> bool {
        self.period != Period::Issue && self.charted.both()
    }

    /// Whether `record`'s issue is of the series charted (any, without a
    /// filter). An issue left out for want of a date is not charted either:
    /// see [`Self::left_out`].
    pub fn of_charted_series(&self, record: &ClassifiedRecord) -> bool {
        self.series.is_none_or(|s| record.issue.series == Some(s))
    }

    /// The chart of this table: one line per theme in the table's order (see
    /// [`Self::follow_taxonomy`]), one point per issue, month or quarter,
    /// labelled as [`Period::label`] says. `title` replaces the default title.
    pub fn to_chart(&self, title: Option<&str>) -> TrendChart {
        let mut chart = self.points_chart(title);
        // A point without values halfway through each hole breaks every line.
        for j in self.gaps() {
            let (a, b) = (self.issues[j - 1].date, self.issues[j].date);
            let mid = a + (b - a) / 2;
            // Not a date of its own: no issue was published then.
            chart.points.push(ChartPoint {
                date: mid,
                label: "…".into(),
                issue: "（缺期）".into(),
            });
            for s in &mut chart.series {
                s.values.push(f64::NAN);
            }
        }
        chart
    }

    fn points_chart(&self, title: Option<&str>) -> TrendChart {
        let mixed = self.mixed_series();
        TrendChart {
            title: title.map_or_else(|| self.default_title(), str::to_string),
            x_label: match self.period {
                Period::Issue => "期刊日期 (issue date)".into(),
                Period::Month => "月份 (month, all its issues)".into(),
                Period::Quarter => "季度 (quarter, all its issues)".into(),
            },
            y_label: match self.measure {
                Measure::Count => "文章数 (articles)".into(),
                Measure::Share => "占比 % (share of issue)".into(),
            },
            points: self
                .issues
                .iter()
                .map(|p| {
                    let series = match p.series {
                        Some(s) if mixed => s.zh(),
                        _ => "",
                    };
                    ChartPoint {
                        date: p.date,
                        label: self.period.label(p.date),
                        // Numbers of two series make no range.
                        issue: match (p.first_number, p.number) {
                            _ if p.both_series => format!("{BOTH_SERIES}共{}期", p.issues),
                            (Some(a), Some(b)) if a != b => format!("{series}第{a}–{b}期"),
                            (_, Some(n)) | (Some(n), None) => format!("{series}第{n}期"),
                            (None, None) => series.to_string(),
                        },
                    }
                })
                .collect(),
            series: self
                .themes
                .iter()
                .zip(&self.values)
                .map(|((_, name), vals)| TrendSeries {
                    label: name.clone(),
                    // No value: a gap in the line, the point stays on the axis.
                    values: (0..self.issues.len())
                        .map(|j| if self.has_value(j) { vals[j] } else { f64::NAN })
                        .collect(),
                })
                .collect(),
        }
    }

    /// The table as CSV: one row per point, one column per theme (empty
    /// where [`Self::has_value`] is false). Per issue the row starts
    /// `issue_date,issue_number,series,articles` (series 周报, 月报 or empty); per month or quarter
    /// `month,first_issue,last_issue,series,issues,articles` (or `quarter,…`), the
    /// month as `2025-12` and the quarter as `2025 Q4`, and its series 周报+月报
    /// when it adds issues of both.
    pub fn to_csv(&self) -> String {
        let mut s = String::from(match self.period {
            Period::Issue => CSV_HEADS[0],
            Period::Month => CSV_HEADS[1],
            Period::Quarter => CSV_HEADS[2],
        });
        for (id, _) in &self.themes {
            s.push(',');
            s.push_str(id);
        }
        s.push('\n');
        let number = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        for (j, p) in self.issues.iter().enumerate() {
            match self.period {
                Period::Issue => s.push_str(&format!(
                    "{},{},{},{}",
                    p.date,
                    number(p.number),
                    p.series.map_or("", Series::zh),
                    p.articles
                )),
                _ => s.push_str(&format!(
                    "{},{},{},{},{},{}",
                    self.period.label(p.date),
                    number(p.first_number),
                    number(p.number),
                    match p.both_series {
                        true => BOTH_SERIES,
                        false => p.series.map_or("", Series::zh),
                    },
                    p.issues,
                    p.articles
                )),
            }
            for v in &self.values {
                if self.has_value(j) {
                    s.push_str(&format!(",{:.2}", v[j]));
                } else {
                    s.push(',');
                }
            }
            s.push('\n');
        }
        s
    }
}

/// Classified articles made up for unit tests of the trend and the briefing.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::corpus::Issue;

    /// Article `ordinal` of issue `number` of `series`, dated `date`, in
    /// `file`, about `theme`; `key` identifies the story, `repeats` the key of
    /// the earlier story it republishes.
    pub(crate) struct Art<'a> {
        pub file: &'a str,
        pub series: Option<Series>,
        pub number: Option<u32>,
        pub date: &'a str,
        pub ordinal: u32,
        pub theme: &'a str,
        pub key: &'a str,
        pub repeats: Option<&'a str>,
    }

    pub(crate) fn record(a: Art) -> ClassifiedRecord {
        let date: NaiveDate = a.date.parse().unwrap();
        ClassifiedRecord {
            issue: Issue {
                series: a.series,
                number: a.number,
                date: Some(date),
                period_start: None,
                period_end: None,
                source_file: a.file.to_string(),
            },
            key: a.key.to_string(),
            ordinal: a.ordinal,
            title: format!("{} {}", a.file, a.ordinal),
            source: None,
            link: None,
            date: None,
            primary: a.theme.to_string(),
            primary_name: a.theme.to_string(),
            secondary: Vec::new(),
            scores: ["policy", "industry"]
                .iter()
                .map(|t| (t.to_string(), 0.5))
                .collect(),
            duplicate_of: a.repeats.map(str::to_string),
        }
    }

    /// An archive of both series and an issue that names neither, all in
    /// December 2025: 周报 654 (12-19, policy and industry) and 655 (12-26,
    /// policy), 月报 527 (12-31, three policy articles), and `u.txt` (12-12,
    /// industry).
    pub(crate) fn mixed_archive() -> Vec<ClassifiedRecord> {
        let w = Some(Series::Weekly);
        let m = Some(Series::Monthly);
        let art = |file, series, number, date, ordinal, theme, key| {
            record(Art {
                file,
                series,
                number,
                date,
                ordinal,
                theme,
                key,
                repeats: None,
            })
        };
        vec![
            art("u.txt", None, None, "2025-12-12", 1, "industry", "u1"),
            art("w654.txt", w, Some(654), "2025-12-19", 1, "policy", "a"),
            art("w654.txt", w, Some(654), "2025-12-19", 2, "industry", "b"),
            art("w655.txt", w, Some(655), "2025-12-26", 1, "policy", "c"),
            art("m527.txt", m, Some(527), "2025-12-31", 1, "policy", "d"),
            art("m527.txt", m, Some(527), "2025-12-31", 2, "policy", "e"),
            art("m527.txt", m, Some(527), "2025-12-31", 3, "policy", "f"),
        ]
    }

    /// [`TrendTable::build`] of `records` per `period`, of `series` only.
    pub(crate) fn table(
        records: &[ClassifiedRecord],
        period: Period,
        series: Option<Series>,
    ) -> TrendTable {
        TrendTable::build(
            records,
            &TrendParams {
                period,
                series,
                ..TrendParams::default()
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{mixed_archive, record, table, Art};
    use super::*;

    const WEEKLY: Option<Series> = Some(Series::Weekly);
    const MONTHLY: Option<Series> = Some(Series::Monthly);

    /// The series column of each CSV row.
    fn csv_series(t: &TrendTable) -> Vec<String> {
        let column = match t.period {
            Period::Issue => 2,
            _ => 3,
        };
        t.to_csv()
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(column).unwrap().to_string())
            .collect()
    }

    /// Without a filter every issue is charted, the one that names neither
    /// series too; `--series weekly` keeps the 周报 alone, and the issue of
    /// unknown series is named as left out by it; `--series monthly` the 月报.
    #[test]
    fn a_series_filter_keeps_only_the_issues_of_that_series() {
        let recs = mixed_archive();
        let all = table(&recs, Period::Issue, None);
        assert_eq!(csv_series(&all), ["", "周报", "周报", "月报"]);
        let found = SeriesCounts {
            weekly: 2,
            monthly: 1,
            unknown: 1,
        };
        assert_eq!((all.found, all.charted), (found, found));
        assert!(all.series_unknown.is_empty() && all.mixed_series());
        assert_eq!(all.summary(), "4 issues, 2 themes");

        let weekly = table(&recs, Period::Issue, WEEKLY);
        let numbers: Vec<Option<u32>> = weekly.issues.iter().map(|p| p.number).collect();
        assert_eq!(numbers, [Some(654), Some(655)]);
        assert_eq!(csv_series(&weekly), ["周报", "周报"]);
        assert_eq!(weekly.found, found, "what the input holds");
        assert_eq!(weekly.charted.of(WEEKLY), 2);
        assert_eq!(weekly.charted.total(), 2);
        assert_eq!(weekly.series_unknown, ["u.txt"]);
        // Counted before the filter: the 月报's three policy articles are not.
        assert_eq!(weekly.values[1], [1.0, 1.0], "{:?}", weekly.themes);
        assert!(!weekly.mixed_series());
        assert_eq!(
            weekly.default_title(),
            "卫生信息化舆情主题趋势（周报第654–655期）"
        );
        assert_eq!(weekly.to_chart(None).points[0].issue, "第654期");
        assert_eq!(weekly.summary(), "2 周报 issues, 2 themes");

        let monthly = table(&recs, Period::Issue, MONTHLY);
        assert_eq!(csv_series(&monthly), ["月报"]);
        assert!(monthly
            .to_csv()
            .contains("\n2025-12-31,527,月报,3,0.00,3.00\n"));
        assert_eq!(
            monthly.default_title(),
            "卫生信息化舆情主题趋势（月报第527期）"
        );
        assert_eq!(monthly.summary(), "1 月报 issue, 2 themes");
    }

    /// A filter that leaves nothing gives an empty table that still says
    /// what the input holds, for the error.
    #[test]
    fn a_filter_that_leaves_no_issue_still_counts_what_there_is() {
        let weekly_only: Vec<ClassifiedRecord> = mixed_archive()
            .into_iter()
            .filter(|r| r.issue.series == WEEKLY)
            .collect();
        let t = table(&weekly_only, Period::Month, MONTHLY);
        assert!(t.issues.is_empty() && t.warnings.is_empty());
        assert_eq!(t.found.of(MONTHLY), 0);
        assert_eq!(t.found.describe(), "2 周报 (weekly) issues");
        assert_eq!(
            table(&mixed_archive(), Period::Issue, None)
                .found
                .describe(),
            "2 周报 (weekly) issues, 1 月报 (monthly) issue and 1 issue that names neither series"
        );
    }

    /// Per month, a month that holds a 月报 and its 周报 adds them up: its
    /// CSV row, label and the title say 周报+月报 (the numbers of two series
    /// make no range); a filter keeps one series and says which.
    #[test]
    fn a_month_of_both_series_says_so_unless_one_is_chosen() {
        let recs = mixed_archive();
        let all = table(&recs, Period::Month, None);
        assert_eq!(all.issues.len(), 1);
        assert!(all.issues[0].both_series && all.adds_both_series());
        assert!(all
            .to_csv()
            .contains("\n2025-12,527,655,周报+月报,4,7,2.00,5.00\n"));
        assert_eq!(all.to_chart(None).points[0].issue, "周报+月报共4期");
        assert_eq!(
            all.default_title(),
            "卫生信息化舆情主题趋势（周报+月报，2025-12 至 2025-12）"
        );
        // Per issue nothing is added up.
        assert!(!table(&recs, Period::Issue, None).adds_both_series());

        for (series, row, title) in [
            (
                WEEKLY,
                "\n2025-12,654,655,周报,2,3,1.00,2.00\n",
                "卫生信息化舆情主题趋势（周报第654–655期）",
            ),
            (
                MONTHLY,
                "\n2025-12,527,527,月报,1,3,0.00,3.00\n",
                "卫生信息化舆情主题趋势（月报第527期）",
            ),
        ] {
            let t = table(&recs, Period::Month, series);
            assert!(!t.issues[0].both_series && !t.adds_both_series());
            assert!(t.to_csv().contains(row), "{}", t.to_csv());
            assert_eq!(t.default_title(), title);
        }
        let quarter = table(&recs, Period::Quarter, WEEKLY);
        assert_eq!(quarter.summary(), "1 quarter (2 周报 issues), 2 themes");
    }

    /// A story the 月报 gathered after the 周报 told it is a repeat in the
    /// whole archive, and the 月报's copy is counted once, in the 周报. Charted
    /// alone, the 月报 counts it: its first telling is not on the chart.
    /// A second copy in the charted series is still a repeat of the first.
    #[test]
    fn a_story_first_told_in_the_other_series_is_counted_in_this_one() {
        let w = WEEKLY;
        let m = MONTHLY;
        let art = |file, series, number, date, ordinal, key, repeats| {
            record(Art {
                file,
                series,
                number,
                date,
                ordinal,
                theme: "policy",
                key,
                repeats,
            })
        };
        let recs = vec![
            art("w654.txt", w, Some(654), "2025-12-19", 1, "a", None),
            art("m527.txt", m, Some(527), "2025-12-31", 1, "a2", Some("a")),
            art("m528.txt", m, Some(528), "2026-01-31", 1, "a3", Some("a")),
        ];
        let articles = |t: &TrendTable| t.issues.iter().map(|p| p.articles).collect::<Vec<_>>();
        let all = table(&recs, Period::Issue, None);
        assert_eq!(articles(&all), [1, 0, 0]);
        assert_eq!(all.skipped.len(), 2);

        let monthly = table(&recs, Period::Issue, m);
        assert_eq!(articles(&monthly), [1, 0]);
        assert_eq!(monthly.values[1], [1.0, 0.0], "{:?}", monthly.themes);
        assert_eq!(monthly.skipped.len(), 1, "{:?}", monthly.skipped);
        assert!(
            monthly.skipped[0].starts_with("m528.txt: article 1")
                && monthly.skipped[0]
                    .contains("republishes article 1 'm527.txt 1' of m527.txt (issue 527)"),
            "{:?}",
            monthly.skipped
        );
        assert_eq!(articles(&table(&recs, Period::Issue, w)), [1]);
    }

    #[test]
    fn series_counts_say_what_they_count() {
        let mut c = SeriesCounts::default();
        assert_eq!(c.describe(), "no issue");
        c.add(None);
        assert_eq!(c.describe(), "1 issue that names neither series");
        c.add(MONTHLY);
        c.add(MONTHLY);
        assert_eq!(
            c.describe(),
            "2 月报 (monthly) issues and 1 issue that names neither series"
        );
        assert_eq!((c.of(MONTHLY), c.of(None), c.total()), (2, 1, 3));
        assert!(!c.both());
        c.add(WEEKLY);
        assert!(c.both());
    }

    /// A table written before the series column is still yuqing's own, so a
    /// new one may replace it; any other CSV is not.
    #[test]
    fn trend_tables_with_and_without_the_series_column_are_recognised() {
        let dir = tempfile::tempdir().unwrap();
        for (text, ours) in [
            ("issue_date,issue_number,series,articles,policy\n", true),
            ("issue_date,issue_number,articles,policy\n", true),
            (
                "month,first_issue,last_issue,issues,articles,policy\n",
                true,
            ),
            (
                "quarter,first_issue,last_issue,series,issues,articles,policy\n",
                true,
            ),
            ("title,link\n", false),
        ] {
            let path = dir.path().join("t.csv");
            std::fs::write(&path, text).unwrap();
            assert_eq!(is_trend_csv(&path), ours, "{text}");
        }
    }

    /// The taxonomy's order, not the counts', whatever the data; themes it
    /// does not list come last.
    #[test]
    fn themes_follow_the_taxonomy_order() {
        let mut table = TrendTable {
            issues: Vec::new(),
            themes: vec![
                ("ai_clinical".into(), "ai_clinical".into()),
                ("other".into(), "other".into()),
                ("policy".into(), "policy".into()),
            ],
            values: vec![vec![1.0], vec![4.0], vec![5.0]],
            measure: Measure::Count,
            skipped: Vec::new(),
            warnings: Vec::new(),
            left_out: Vec::new(),
            period: Period::Issue,
            series: None,
            found: SeriesCounts::default(),
            charted: SeriesCounts::default(),
            series_unknown: Vec::new(),
        };
        table.follow_taxonomy(&[
            ("policy".into(), "政策与规划".into()),
            ("ai_clinical".into(), "医疗人工智能与大模型".into()),
        ]);
        let names: Vec<&str> = table.themes.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(names, ["政策与规划", "医疗人工智能与大模型", "other"]);
        assert_eq!(table.values, vec![vec![5.0], vec![1.0], vec![4.0]]);
    }

    #[test]
    fn counts_are_singular_or_plural() {
        assert_eq!(count_of(1, "issue", "issues"), "1 issue");
        assert_eq!(count_of(0, "issue", "issues"), "0 issues");
        assert_eq!(count_of(2, "issue", "issues"), "2 issues");
    }
}
