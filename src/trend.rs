//! Theme frequency per issue over time: the numbers behind trend charts.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::classified::ClassifiedRecord;

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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrendParams {
    pub measure: Measure,
    pub include_secondary: bool,
    pub count_duplicates: bool,
}

/// One issue on the time axis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuePoint {
    pub date: NaiveDate,
    pub number: Option<u32>,
    pub articles: usize,
}

/// Theme frequencies per issue: `values[theme][issue]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendTable {
    pub issues: Vec<IssuePoint>,
    /// (theme id, display name), in order of total frequency, largest first.
    pub themes: Vec<(String, String)>,
    pub values: Vec<Vec<f64>>,
    pub measure: Measure,
    /// Articles left out, with why (no issue date, near-duplicate).
    pub skipped: Vec<String>,
}

impl TrendTable {
    pub fn build(records: &[ClassifiedRecord], params: &TrendParams) -> TrendTable {
        let mut skipped = Vec::new();
        // Issue identity: date + number + file (two issues may share a date).
        let mut issues: BTreeMap<(NaiveDate, Option<u32>, String), Vec<&ClassifiedRecord>> =
            BTreeMap::new();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        for r in records {
            names
                .entry(r.primary.clone())
                .or_insert_with(|| r.primary_name.clone());
            for t in r.scores.keys() {
                names.entry(t.clone()).or_insert_with(|| t.clone());
            }
            let Some(date) = r.issue.date else {
                skipped.push(format!(
                    "{}: article {} '{}' has no issue date",
                    r.issue.source_file, r.ordinal, r.title
                ));
                continue;
            };
            if r.duplicate_of.is_some() && !params.count_duplicates {
                skipped.push(format!(
                    "{}: article {} '{}' republishes {} and is counted once",
                    r.issue.source_file,
                    r.ordinal,
                    r.title,
                    r.duplicate_of.as_deref().unwrap_or("")
                ));
                continue;
            }
            issues
                .entry((date, r.issue.number, r.issue.source_file.clone()))
                .or_default()
                .push(r);
        }
        let theme_ids: Vec<String> = names.keys().cloned().collect();
        let mut values = vec![vec![0.0; issues.len()]; theme_ids.len()];
        let mut points = Vec::with_capacity(issues.len());
        for (j, ((date, number, _), arts)) in issues.iter().enumerate() {
            for a in arts {
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
            points.push(IssuePoint {
                date: *date,
                number: *number,
                articles: arts.len(),
            });
        }
        // Order themes by total, largest first; keep every theme so the
        // chart's legend is stable across runs.
        let mut order: Vec<usize> = (0..theme_ids.len()).collect();
        order.sort_by(|&a, &b| {
            let (sa, sb): (f64, f64) = (values[a].iter().sum(), values[b].iter().sum());
            sb.total_cmp(&sa).then(a.cmp(&b))
        });
        TrendTable {
            issues: points,
            themes: order
                .iter()
                .map(|&i| (theme_ids[i].clone(), names[&theme_ids[i]].clone()))
                .collect(),
            values: order.iter().map(|&i| values[i].clone()).collect(),
            measure: params.measure,
            skipped,
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

    /// The table as CSV: one row per issue, one column per theme.
    pub fn to_csv(&self) -> String {
        let mut s = String::from("issue_date,issue_number,articles");
        for (id, _) in &self.themes {
            s.push(',');
            s.push_str(id);
        }
        s.push('\n');
        for (j, p) in self.issues.iter().enumerate() {
            s.push_str(&format!(
                "{},{},{}",
                p.date,
                p.number.map(|n| n.to_string()).unwrap_or_default(),
                p.articles
            ));
            for v in &self.values {
                s.push_str(&format!(",{:.2}", v[j]));
            }
            s.push('\n');
        }
        s
    }
}
