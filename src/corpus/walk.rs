//! Many files → a corpus.
//!
//! Owns expanding command-line paths into report files, reading them in
//! parallel (bounded memory, failures collected rather than fatal), dropping
//! duplicate issues (the PDF and TXT of one issue), ordering issues, building
//! one [`CorpusRecord`] per article, and flagging near-duplicate stories across
//! issues with MinHash over character 5-gram shingles.

use crate::io::ShowPath;
use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::formats::{is_report_file, is_unreadable_report, read_reports};
use super::{fold_width, read_error, CorpusRecord, Entry, Report, Warning, WarningKind};
use crate::{Error, Result};

pub use super::formats::MAX_REPORT_BYTES;

/// Estimated Jaccard similarity of body shingles at or above which a later
/// article is flagged as republishing an earlier one. Measured on the seeds
/// (test `near_duplicate_threshold_is_measured`): the same story from two
/// outlets (000 #1 北京晚报 vs 001 #3 央广网) scores 0.77 (exact Jaccard 0.77),
/// the most similar unrelated pair (000 #3 vs 004 #3) 0.008. 0.3 leaves a wide
/// margin on both sides and still catches rewrites that keep a third of the
/// 5-grams.
pub const NEAR_DUPLICATE_THRESHOLD: f64 = 0.3;

/// Characters per shingle.
const SHINGLE: usize = 5;
/// MinHash signature length, split into LSH bands.
const HASHES: usize = 128;
const BAND_ROWS: usize = 2;
/// Most records one LSH bucket holds (see [`flag_near_duplicates`]).
const BUCKET_CAP: usize = 64;

/// The report files found under the command-line paths, and what was left
/// out on the way.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Files to read, in order, each once.
    pub files: Vec<PathBuf>,
    /// Folders that could not be opened, with the reason in plain words;
    /// the rest is read, and each of these counts as skipped.
    pub skipped: Vec<(PathBuf, Error)>,
    /// Things left out that lose nothing but deserve a word (a folder link
    /// that points back up the tree), each naming its path.
    pub notes: Vec<String>,
    /// Other files found in folders and left alone: not reports (pictures,
    /// spreadsheets, archives…) and not yuqing's own outputs. See
    /// [`describe_ignored`].
    pub ignored: Vec<PathBuf>,
}

/// Expand files and directories into report files (see [`find_inputs`]);
/// only the files.
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    find_inputs(paths).map(|inputs| inputs.files)
}

/// Expand files and directories into report files.
///
/// Directories are walked recursively and yield files with a report
/// extension and report-like documents yuqing does not read (.doc, .wps,
/// .html…, which the reader then names as skipped with what to do), sorted.
/// Hidden entries and yuqing's own outputs are left out without a word,
/// other files (pictures, spreadsheets…) are listed in [`Inputs::ignored`]. Links to folders are
/// followed, each folder read once however it is reached: a folder already
/// walked (directly, or through another link) is not walked again, and a
/// link to a folder above it (a loop) is not followed, with a note. Files
/// named explicitly are kept whatever their extension (the reader then says
/// what it accepts). A file reached twice (through a link and directly, or
/// named twice) is kept once, first occurrence. A folder that cannot be
/// opened (no permission) is named in [`Inputs::skipped`] and the others are
/// still walked; a path that does not exist, or a directory without any
/// report file and nothing skipped, is an error.
pub fn find_inputs(paths: &[PathBuf]) -> Result<Inputs> {
    let mut walk = Walk::default();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| missing(path, e))?;
        if meta.is_dir() {
            let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            if walk.visited.contains(&canonical) {
                // Given twice, or already walked through a link.
                continue;
            }
            let mut found = Vec::new();
            let skipped_before = walk.inputs.skipped.len();
            let ignored_before = walk.inputs.ignored.len();
            walk.dir(path, &canonical, &mut found);
            if found.is_empty() && walk.inputs.skipped.len() == skipped_before {
                let others = walk.inputs.ignored.get(ignored_before..).unwrap_or(&[]);
                return Err(Error::format(
                    path,
                    format!(
                        "no report files (.txt .md .pdf .docx) found in this directory{}",
                        if others.is_empty() {
                            String::new()
                        } else {
                            format!("; it holds only other files ({})", extensions_of(others))
                        }
                    ),
                ));
            }
            found.sort();
            walk.inputs.files.extend(found);
        } else {
            walk.inputs.files.push(path.clone());
        }
    }
    let mut inputs = walk.inputs;
    let mut seen = HashSet::new();
    inputs
        .files
        .retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    Ok(inputs)
}

fn missing(path: &Path, e: std::io::Error) -> Error {
    read_error(path, e, Entry::File)
}

/// The state of [`find_inputs`]: what it found and the folders it walked.
#[derive(Default)]
struct Walk {
    inputs: Inputs,
    /// Canonical paths of the folders walked.
    visited: HashSet<PathBuf>,
}

impl Walk {
    /// Add the report files under `dir` (whose canonical path is
    /// `canonical`) to `found`; a folder that cannot be read goes to
    /// `skipped` and the walk goes on.
    fn dir(&mut self, dir: &Path, canonical: &Path, found: &mut Vec<PathBuf>) {
        if !self.visited.insert(canonical.to_path_buf()) {
            return;
        }
        let unreadable = |e| (dir.to_path_buf(), read_error(dir, e, Entry::Folder));
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.inputs.skipped.push(unreadable(e));
                return;
            }
        };
        let mut listed = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => listed.push(entry),
                Err(e) => {
                    self.inputs.skipped.push(unreadable(e));
                    return;
                }
            }
        }
        // Real entries before links, so that a file or folder reached both
        // ways keeps its real path; each group in name order.
        let is_link = |e: &std::fs::DirEntry| e.file_type().is_ok_and(|k| k.is_symlink());
        listed.sort_by_cached_key(|e| (is_link(e), e.file_name()));
        for entry in listed {
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let Ok(kind) = entry.file_type() else {
                // Listed but gone, or not statable: the reader says why.
                if is_report_file(&path) {
                    found.push(path);
                }
                continue;
            };
            if kind.is_dir() {
                let sub = canonical.join(entry.file_name());
                self.dir(&path, &sub, found);
            } else if kind.is_symlink() && path.is_dir() {
                self.linked_dir(&path, canonical, found);
            } else if (kind.is_file() || kind.is_symlink())
                // A link to nothing is kept, so that it is named as skipped.
                && (path.is_file() || !path.exists())
                && !is_own_output(&path)
            {
                if is_report_file(&path) || is_unreadable_report(&path) {
                    found.push(path);
                } else {
                    self.inputs.ignored.push(path);
                }
            }
        }
    }

    /// Follow `link`, a link to a folder found in the folder `parent`
    /// (canonical): not when it points at `parent` or above (a loop), nor
    /// when its folder was walked already.
    fn linked_dir(&mut self, link: &Path, parent: &Path, found: &mut Vec<PathBuf>) {
        let target = match std::fs::canonicalize(link) {
            Ok(target) => target,
            Err(e) => {
                let error = read_error(link, e, Entry::Folder);
                self.inputs.skipped.push((link.to_path_buf(), error));
                return;
            }
        };
        if parent.starts_with(&target) {
            self.inputs.notes.push(format!(
                "{}: a link to the folder {}, which contains the link (a loop); not followed",
                link.shown(),
                target.shown()
            ));
            return;
        }
        self.dir(link, &target, found);
    }
}

/// A file yuqing writes, left out of a folder's reports without a word: a
/// corpus or classified articles (.jsonl/.json), a model, a briefing (see
/// [`crate::briefing::BRIEFING_MARK`]), a table of classified articles,
/// trend or labels (.csv, recognised by its header), or a chart beside its
/// trend table.
fn is_own_output(path: &Path) -> bool {
    const TABLES: [&[u8]; 3] = [
        b"issue_date,",
        b"issue_number,issue_date,",
        b"key,issue,title,",
    ];
    let is_table = |p: &Path| TABLES.iter().any(|t| crate::io::file_starts_with(p, t));
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "jsonl" | "json" | "model" => true,
        "md" => crate::io::file_starts_with(path, crate::briefing::BRIEFING_MARK.as_bytes()),
        "csv" => is_table(path),
        "png" | "svg" | "jpg" | "jpeg" => is_table(&path.with_extension("csv")),
        _ => false,
    }
}

/// Most file names [`describe_ignored`] shows.
const IGNORED_SHOWN: usize = 3;

/// One line about the other files of [`Inputs::ignored`], e.g. `ignored 3
/// other files that are not reports (.xlsx, .jpg): data.xlsx, photo.jpg,
/// scan.jpg`;
/// at most a few are named. `None` when there are none.
pub fn describe_ignored(files: &[PathBuf]) -> Option<String> {
    if files.is_empty() {
        return None;
    }
    let names: Vec<String> = files
        .iter()
        .take(IGNORED_SHOWN)
        .map(|p| {
            p.file_name().map_or_else(
                || p.shown().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        })
        .collect();
    let more = match files.len().saturating_sub(IGNORED_SHOWN) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let (n, what) = match files.len() {
        1 => (1, "other file that is not a report"),
        n => (n, "other files that are not reports"),
    };
    Some(format!(
        "ignored {n} {what} ({}): {}{more}",
        extensions_of(files),
        names.join(", ")
    ))
}

/// The distinct extensions of `files`, in order of first appearance:
/// `.xlsx, .jpg`; a file without one as `no extension`.
fn extensions_of(files: &[PathBuf]) -> String {
    let mut seen: Vec<String> = Vec::new();
    for f in files {
        let ext = f
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy().to_lowercase()))
            .unwrap_or_else(|| "no extension".to_owned());
        if !seen.contains(&ext) {
            seen.push(ext);
        }
    }
    seen.join(", ")
}

/// The result of [`ingest`] and [`ingest_with`].
#[derive(Debug, Default)]
pub struct IngestOutcome {
    /// Parsed issues, duplicates dropped, ordered by (date, number, path).
    pub reports: Vec<Report>,
    /// One record per article of `reports` and of the corpus records given
    /// to [`ingest_with`], each article once, in issue order (as `reports`).
    pub records: Vec<CorpusRecord>,
    /// How many records were dropped as an article read twice: the same
    /// article of the same issue from two inputs (a corpus and the reports it
    /// came from, the same corpus twice). See [`drop_read_twice`].
    pub read_twice: usize,
    /// How many issues were read: every report of `reports`, and each
    /// issue of the corpus records that none of them is, once however many
    /// corpus files hold it.
    pub issues: usize,
    /// Files that could not be read, in input order.
    pub failures: Vec<(PathBuf, Error)>,
    /// Every report's warnings, then the ingest's own (duplicates dropped,
    /// issues out of order, near-duplicate stories), each naming its
    /// file(s); their [`WarningKind`] tells the kinds a long archive gives
    /// once per file apart.
    pub warnings: Vec<Warning>,
    /// Every report's notes (see [`Report::notes`]).
    pub notes: Vec<Warning>,
}

/// Read every file in parallel and assemble the corpus.
///
/// `on_progress` is called from worker threads once per finished file with
/// the number of files that call accounts for (always 1), so a caller can
/// feed it straight to a progress bar's `inc`. A failing file never stops the
/// others. Each worker holds one file's bytes at a time and drops them before
/// parsing, so memory stays bounded by the largest accepted file per thread.
pub fn ingest(files: &[PathBuf], on_progress: &(dyn Fn(usize) + Sync)) -> IngestOutcome {
    ingest_with(files, Vec::new(), on_progress)
}

/// [`ingest`] the report `files` together with `corpus`, records read from
/// corpus files (what `yuqing ingest` writes), as if the corpus's issues had
/// been given as report files: the records of both are put in one issue
/// order (date, number, file), and what is found across issues (issue
/// numbers and dates running apart, republished stories) is found across
/// all of them. What was found in a corpus record's own file when it was
/// read (its header's warnings) is not repeated. A corpus record already
/// marked as a repeat ([`CorpusRecord::duplicate_of`]) keeps its mark. An
/// article read twice is kept once, the corpus's record first
/// ([`IngestOutcome::read_twice`]).
pub fn ingest_with(
    files: &[PathBuf],
    corpus: Vec<CorpusRecord>,
    on_progress: &(dyn Fn(usize) + Sync),
) -> IngestOutcome {
    let results: Vec<(PathBuf, Result<Vec<Report>>)> = files
        .par_iter()
        .map(|path| {
            let result = read_guarded(path);
            on_progress(1);
            (path.clone(), result)
        })
        .collect();
    let mut outcome = IngestOutcome::default();
    let mut parsed = Vec::new();
    for (path, result) in results {
        match result {
            Ok(reports) => parsed.extend(reports.into_iter().map(|r| (path.clone(), r))),
            Err(e) => outcome.failures.push((path, e)),
        }
    }
    let mut dropped = Vec::new();
    let mut reports = drop_duplicate_issues(parsed, &mut dropped);
    // What the header of each issue read says; a copy read once (the PDF of
    // a DOCX) would only say it again.
    for report in &reports {
        outcome.warnings.extend(report.warnings.iter().cloned());
        outcome.notes.extend(report.notes.iter().cloned());
    }
    outcome.warnings.extend(dropped);
    reports.sort_by(|a, b| order_key(&a.issue).cmp(&order_key(&b.issue)));
    let mut ids = Identities::default();
    let parsed: HashSet<super::IssueIdentity> = reports.iter().map(|r| ids.of(&r.issue)).collect();
    let only_in_corpus: HashSet<super::IssueIdentity> = corpus
        .iter()
        .map(|r| ids.of(&r.issue))
        .filter(|id| !parsed.contains(id))
        .collect();
    outcome.issues = reports.len() + only_in_corpus.len();
    let mut records = corpus;
    records.extend(build_records(&reports));
    outcome.read_twice = drop_read_twice(&mut records);
    // Stable: each issue's articles keep their order.
    records.sort_by(|a, b| order_key(&a.issue).cmp(&order_key(&b.issue)));
    check_series_order(records.iter().map(|r| &r.issue), &mut outcome.warnings);
    flag_near_duplicates(&mut records, &mut outcome.warnings);
    outcome.records = records;
    outcome.reports = reports;
    outcome
}

/// Remove records of an article already read: same issue
/// ([`super::Issue::identity`], an undated issue's file compared as a file,
/// however the path was spelled), position, title key and opening words.
/// Returns how many.
pub fn drop_read_twice(records: &mut Vec<CorpusRecord>) -> usize {
    let mut ids = Identities::default();
    super::drop_repeated(records, |r| {
        (
            ids.of(&r.issue),
            r.article.ordinal,
            r.article.key.clone(),
            opening(&r.article.text),
        )
    })
}

/// Issue identities ([`super::Issue::identity`]), an undated issue's file
/// compared as a file however its path was spelled: each such file is
/// resolved once, not once per article.
#[derive(Default)]
struct Identities {
    resolved: HashMap<String, String>,
}

impl Identities {
    fn of(&mut self, issue: &super::Issue) -> super::IssueIdentity {
        issue.identity(|file| {
            self.resolved
                .entry(file.to_string())
                .or_insert_with(|| {
                    std::fs::canonicalize(file)
                        .map(|p| p.shown().to_string())
                        .unwrap_or_else(|_| file.to_string())
                })
                .clone()
        })
    }
}

/// Read and parse (the reader refuses files over [`MAX_REPORT_BYTES`] before
/// reading them); a panic anywhere becomes a failure for this file.
fn read_guarded(path: &Path) -> Result<Vec<Report>> {
    catch_unwind(AssertUnwindSafe(|| read_reports(path))).unwrap_or_else(|_| {
        Err(Error::format(
            path,
            "internal error while reading this file (a bug in yuqing); please report it with the file attached",
        ))
    })
}

type IssueId = (Option<super::Series>, u32, chrono::NaiveDate);

/// Keep the first report (by path) of each issue; a later copy is named in
/// a warning (`same issue as …; read once`) and loses nothing. Two reports are one issue
/// when their numbers and dates do not contradict each other and either
/// - they have the same number and date and most of their articles (by
///   title) in common: the same issue as PDF and DOCX, whose titles may
///   differ a little; or
/// - they have the same article titles and most of the articles also begin
///   with the same words (a column title such as 本周要闻 recurs every
///   week over different stories).
///
/// Two reports with the same number and date but different articles are a
/// header mistake in one of them, not one issue: both are kept, with a
/// warning naming both files.
fn drop_duplicate_issues(
    mut parsed: Vec<(PathBuf, Report)>,
    warnings: &mut Vec<Warning>,
) -> Vec<Report> {
    struct Seen {
        path: PathBuf,
        number: Option<u32>,
        date: Option<chrono::NaiveDate>,
        keys: Vec<String>,
        openings: Vec<String>,
    }
    parsed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut seen: Vec<Seen> = Vec::new();
    let mut by_id: HashMap<IssueId, Vec<usize>> = HashMap::new();
    let mut by_keys: HashMap<Vec<String>, Vec<usize>> = HashMap::new();
    let mut kept = Vec::new();
    for (path, report) in parsed {
        let issue = &report.issue;
        let id = issue
            .number
            .zip(issue.date)
            .map(|(n, d)| (issue.series, n, d));
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v.dedup();
            v
        };
        let keys = sorted(report.articles.iter().map(|a| a.key.clone()).collect());
        let openings = sorted(report.articles.iter().map(|a| opening(&a.text)).collect());
        let most = |a: &[String], b: &[String]| 2 * shared(a, b) > a.len().min(b.len());
        let compatible = |e: &Seen| !differ(e.number, issue.number) && !differ(e.date, issue.date);
        let same_id: Vec<usize> = id
            .as_ref()
            .and_then(|id| by_id.get(id))
            .cloned()
            .unwrap_or_default();
        let same_keys: Vec<usize> = if keys.is_empty() {
            Vec::new()
        } else {
            by_keys.get(&keys).cloned().unwrap_or_default()
        };
        let earlier = same_id
            .iter()
            .find(|&&i| most(&seen[i].keys, &keys))
            .or_else(|| {
                same_keys
                    .iter()
                    .find(|&&i| compatible(&seen[i]) && most(&seen[i].openings, &openings))
            });
        if let Some(&first) = earlier {
            warnings.push(Warning::new(
                WarningKind::SameIssue,
                format!(
                    "{}: same issue as {} (same articles, or the same number and date with most articles shared); read once",
                    path.shown(),
                    seen[first].path.shown()
                ),
            ));
            continue;
        }
        if let Some(&first) = same_id.first() {
            warnings.push(Warning::other(format!(
                "{}: has the same issue number and date as {} but different articles; both are kept. Check the issue number (第…期) and date in the header of one of them",
                path.shown(),
                seen[first].path.shown()
            )));
        }
        let i = seen.len();
        if let Some(id) = id {
            by_id.entry(id).or_default().push(i);
        }
        if !keys.is_empty() {
            by_keys.entry(keys.clone()).or_default().push(i);
        }
        seen.push(Seen {
            path,
            number: issue.number,
            date: issue.date,
            keys,
            openings,
        });
        kept.push(report);
    }
    kept
}

/// How many days a later-numbered issue of a series may be dated before an
/// earlier-numbered one (two issues dated the same week, a late reissue).
const ORDER_SLACK_DAYS: i64 = 3;

/// Issue numbers at most this far apart are compared by
/// [`check_series_order`] (an archive may miss an issue or two).
const ORDER_NUMBER_GAP: u32 = 3;

/// Warn when the numbers and dates of one series run in opposite
/// directions, as a mistyped year makes them: issue N+1 (or the next number
/// present, up to [`ORDER_NUMBER_GAP`] on) dated more than
/// [`ORDER_SLACK_DAYS`] before issue N. Only neighbouring numbers are
/// compared, so one mistyped issue gives one warning, and two series of one
/// kind (weekly reports of two publishers) kept in one folder, whose
/// numbers lie far apart, do not set each other off. A series numbered
/// anew each year (`2025年第1期`, `2026年第1期`: one number, dates a year
/// apart) is compared within each year. More than [`ORDER_TYPOS`] such
/// pairs in a series are one warning naming three: two series with close
/// numbers in one folder, or dates read from the wrong line, not typos.
fn check_series_order<'a>(
    issues: impl IntoIterator<Item = &'a super::Issue>,
    warnings: &mut Vec<Warning>,
) {
    use chrono::Datelike;
    let all: Vec<&super::Issue> = issues.into_iter().collect();
    for series in [super::Series::Weekly, super::Series::Monthly] {
        let mut issues: Vec<(u32, chrono::NaiveDate, &str)> = all
            .iter()
            .filter(|i| i.series == Some(series))
            .filter_map(|i| Some((i.number?, i.date?, i.source_file.as_str())))
            .collect();
        // One entry per issue, however many articles it has.
        issues.sort();
        issues.dedup();
        let yearly = issues
            .windows(2)
            .any(|p| p[0].0 == p[1].0 && (p[1].1 - p[0].1).num_days() > 180);
        let apart: Vec<_> = issues
            .windows(2)
            .filter_map(|pair| {
                let [(n, n_date, _), (m, m_date, _)] = pair else {
                    return None;
                };
                let compared = m != n
                    && *m <= n + ORDER_NUMBER_GAP
                    && !(yearly && n_date.year() != m_date.year());
                (compared && (*n_date - *m_date).num_days() > ORDER_SLACK_DAYS)
                    .then_some((pair[0], pair[1]))
            })
            .collect();
        if apart.len() > ORDER_TYPOS {
            // Not one mistyped date: name a few and say what else it can be.
            let shown: Vec<String> = apart
                .iter()
                .take(3)
                .map(|((n, n_date, n_file), (m, m_date, m_file))| {
                    format!("{m_file} (第{m}期, {m_date}) before {n_file} (第{n}期, {n_date})")
                })
                .collect();
            warnings.push(Warning::new(WarningKind::OutOfOrder, format!(
                "{} pairs of {} issues: the numbers and dates of one series run in opposite directions, an issue dated before one numbered below it, e.g. {}: too many for a mistyped date. The folder may hold two {} series whose numbers lie close together (two publishers or editions; ingest them separately), or the dates are read from the wrong line. The issues are ordered by date as written; check the date line under the title and the 第…期 of these files",
                apart.len(),
                series.zh(),
                shown.join("; "),
                series.zh(),
            )));
            continue;
        }
        for ((n, n_date, n_file), (m, m_date, m_file)) in apart {
            warnings.push(Warning::new(WarningKind::OutOfOrder, format!(
                "{m_file}: issue {m} is dated {m_date}, before issue {n} ({n_file}, dated {n_date}): the numbers and dates of one series run in opposite directions, so a date (most likely its year) or a number is mistyped in one of them. The issues are ordered by date as written; check the date line under the title and the 第…期 of both"
            )));
        }
    }
}

/// More pairs of issues out of order than this in one series are not
/// mistyped dates (one such date puts an issue out of order with at most
/// its two neighbours, twice in a series already makes four pairs) and are
/// summed up in one warning.
const ORDER_TYPOS: usize = 4;

/// Both known and not equal.
fn differ<T: PartialEq>(a: Option<T>, b: Option<T>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a != b)
}

/// The first letters, digits and ideographs of an article's text: what
/// tells two stories under one recurring title apart, and what the same
/// story keeps across PDF and DOCX (line breaks and punctuation aside).
pub fn opening(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .take(24)
        .collect()
}

/// How many of the sorted, distinct `a` are in the sorted, distinct `b`.
fn shared(a: &[String], b: &[String]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// (date, number, path), with missing dates and numbers last.
fn order_key(i: &super::Issue) -> (bool, Option<chrono::NaiveDate>, bool, Option<u32>, &str) {
    (
        i.date.is_none(),
        i.date,
        i.number.is_none(),
        i.number,
        i.source_file.as_str(),
    )
}

fn build_records(reports: &[Report]) -> Vec<CorpusRecord> {
    reports
        .iter()
        .flat_map(|r| {
            r.articles.iter().map(|a| CorpusRecord {
                issue: r.issue.clone(),
                article: a.clone(),
                duplicate_of: None,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Near-duplicate stories
// ---------------------------------------------------------------------------

/// Set `duplicate_of` on every record whose body is a near duplicate of an
/// earlier record's (earlier in corpus order); it points at the earliest
/// article of the chain. A record that already has one (read from a corpus
/// file) keeps it, and is named in a warning all the same.
///
/// Candidates come from LSH buckets (bands of [`BAND_ROWS`] signature rows),
/// so unrelated bodies are never compared. Two things keep this near-linear
/// when an archive holds many copies of one story (the same issue under
/// several issue numbers, a story republished week after week):
/// - a body whose signature equals an earlier one's is pointed at the
///   earliest record with that signature (similarity 1.0, which is exactly
///   what the bucket search would pick: the most similar, earliest first) and
///   is not added to the buckets, whose copies would add nothing;
/// - a bucket stops growing at [`BUCKET_CAP`] records. Beyond that, a record
///   is compared with the first `BUCKET_CAP` members of each bucket it shares;
///   members of one cluster point at the same root, so the result only
///   differs if a record is similar to a late member but to none of the first.
fn flag_near_duplicates(records: &mut [CorpusRecord], warnings: &mut Vec<Warning>) {
    let signatures: Vec<Option<Vec<u64>>> = records
        .par_iter()
        .map(|r| minhash(&r.article.text))
        .collect();
    let mut exact: HashMap<&[u64], usize> = HashMap::new();
    let mut buckets: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
    // seen[j] == i + 1: record j is already a candidate for record i.
    let mut seen: Vec<usize> = vec![0; signatures.len()];
    let mut candidates: Vec<usize> = Vec::new();
    for (i, sig) in signatures.iter().enumerate() {
        let Some(sig) = sig else { continue };
        if let Some(&j) = exact.get(sig.as_slice()) {
            mark_duplicate(records, i, j, 1.0, warnings);
            continue;
        }
        exact.insert(sig, i);
        candidates.clear();
        for (band, rows) in sig.chunks(BAND_ROWS).enumerate() {
            let bucket = buckets.entry((band, band_hash(rows))).or_default();
            for &j in bucket.iter() {
                if let Some(mark) = seen.get_mut(j).filter(|m| **m != i + 1) {
                    *mark = i + 1;
                    candidates.push(j);
                }
            }
            if bucket.len() < BUCKET_CAP {
                bucket.push(i);
            }
        }
        let best = candidates
            .iter()
            .filter_map(|&j| {
                let other = signatures.get(j)?.as_ref()?;
                Some((j, similarity(sig, other)))
            })
            .filter(|&(_, sim)| sim >= NEAR_DUPLICATE_THRESHOLD)
            // Most similar; among equals, the earliest.
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some((j, sim)) = best {
            mark_duplicate(records, i, j, sim, warnings);
        }
    }
}

/// Point record `i` at the root of record `j`'s chain, with a warning.
fn mark_duplicate(
    records: &mut [CorpusRecord],
    i: usize,
    j: usize,
    sim: f64,
    warnings: &mut Vec<Warning>,
) {
    let Some(earlier) = records.get(j) else {
        return;
    };
    let root = earlier
        .duplicate_of
        .clone()
        .unwrap_or_else(|| earlier.article.key.clone());
    let (file, ordinal, title) = (
        earlier.issue.source_file.clone(),
        earlier.article.ordinal,
        earlier.article.title.clone(),
    );
    if let Some(rec) = records.get_mut(i) {
        warnings.push(Warning::new(
            WarningKind::Repeat,
            format!(
                "{}: article {} {:?} repeats article {ordinal} {:?} of {file} (similarity {sim:.2})",
                rec.issue.source_file,
                rec.article.ordinal,
                super::clip(&rec.article.title),
                super::clip(&title)
            ),
        ));
        // A mark read from a corpus file stays.
        rec.duplicate_of.get_or_insert(root);
    }
}

/// Character 5-gram shingles of the body with whitespace removed and
/// full-width forms folded, hashed to u64 (FNV-1a).
pub fn shingles(text: &str) -> Vec<u64> {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(fold_width)
        .collect();
    let mut out: Vec<u64> = chars
        .windows(SHINGLE)
        .map(|w| {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for &c in w {
                h ^= u64::from(c);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
            h
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Exact Jaccard similarity of two bodies' shingle sets (for measuring).
pub fn jaccard(a: &str, b: &str) -> f64 {
    let (sa, sb) = (shingles(a), shingles(b));
    let inter = sa.iter().filter(|h| sb.binary_search(h).is_ok()).count();
    let union = sa.len() + sb.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// A MinHash signature of `HASHES` values; `None` for bodies shorter than a shingle.
pub fn minhash(text: &str) -> Option<Vec<u64>> {
    let set = shingles(text);
    if set.is_empty() {
        return None;
    }
    Some(
        (0..HASHES as u64)
            .map(|seed| {
                set.iter()
                    .map(|&h| mix(h ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)))
                    .min()
                    .unwrap_or(u64::MAX)
            })
            .collect(),
    )
}

/// The fraction of equal signature slots: an estimate of Jaccard similarity.
pub fn similarity(a: &[u64], b: &[u64]) -> f64 {
    let n = a.len().min(b.len());
    if n == 0 {
        return 0.0;
    }
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / n as f64
}

/// splitmix64 finaliser.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn band_hash(rows: &[u64]) -> u64 {
    rows.iter().fold(0x84222325u64, |h, &r| mix(h ^ r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Article, Issue, Report};

    fn record(n: usize, text: &str) -> CorpusRecord {
        CorpusRecord {
            issue: Issue {
                series: None,
                number: u32::try_from(n).ok(),
                date: None,
                period_start: None,
                period_end: None,
                source_file: format!("{n}.txt"),
            },
            article: Article {
                key: format!("k{n}"),
                ordinal: 1,
                title: format!("t{n}"),
                source: None,
                link: None,
                date: None,
                original_title: None,
                text: text.to_owned(),
            },
            duplicate_of: None,
        }
    }

    /// Weekly reports with (number, date), in date order as `ingest` keeps them.
    fn weekly(issues: &[(u32, (i32, u32, u32))]) -> Vec<Report> {
        let mut reports: Vec<Report> = issues
            .iter()
            .map(|&(n, (y, m, d))| Report {
                issue: Issue {
                    series: Some(crate::corpus::Series::Weekly),
                    number: Some(n),
                    date: chrono::NaiveDate::from_ymd_opt(y, m, d),
                    period_start: None,
                    period_end: None,
                    source_file: format!("{n}-{y}.txt"),
                },
                articles: Vec::new(),
                warnings: Vec::new(),
                notes: Vec::new(),
            })
            .collect();
        reports.sort_by(|a, b| order_key(&a.issue).cmp(&order_key(&b.issue)));
        reports
    }

    fn order_warnings(issues: &[(u32, (i32, u32, u32))]) -> Vec<String> {
        let mut warnings = Vec::new();
        check_series_order(weekly(issues).iter().map(|r| &r.issue), &mut warnings);
        assert!(
            warnings.iter().all(|w| w.kind == WarningKind::OutOfOrder),
            "{warnings:?}"
        );
        warnings.into_iter().map(|w| w.message).collect()
    }

    #[test]
    fn numbers_and_dates_running_apart_are_named_once() {
        // 654 typed 2052 for 2025: one warning, naming both files and dates.
        let w = order_warnings(&[
            (653, (2025, 12, 12)),
            (654, (2052, 12, 19)),
            (655, (2025, 12, 26)),
            (656, (2026, 1, 2)),
        ]);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].starts_with("655-2025.txt: issue 655 is dated 2025-12-26, before issue 654 (654-2052.txt, dated 2052-12-19)"),
            "{w:?}"
        );
        // 654 typed 2015: it is dated before 653.
        let w = order_warnings(&[
            (653, (2025, 12, 12)),
            (654, (2015, 12, 19)),
            (655, (2025, 12, 26)),
        ]);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].contains("issue 654 is dated 2015-12-19, before issue 653"),
            "{w:?}"
        );
    }

    #[test]
    fn a_series_out_of_order_throughout_is_one_warning() {
        // Numbers up, dates down, issue after issue: no typo explains that.
        use chrono::Datelike;
        let last = chrono::NaiveDate::from_ymd_opt(2025, 12, 26).unwrap();
        let mixed: Vec<(u32, (i32, u32, u32))> = (0..8u32)
            .map(|k| {
                let d = last - chrono::Duration::weeks(i64::from(k));
                (600 + k, (d.year(), d.month(), d.day()))
            })
            .collect();
        let w = order_warnings(&mixed);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("too many for a mistyped date"), "{w:?}");
        assert!(w[0].contains("two 周报 series"), "{w:?}");
        assert_eq!(
            w[0].matches(") before ").count(),
            3,
            "three examples: {w:?}"
        );
        // Up to ORDER_TYPOS pairs are typos, each named.
        let w = order_warnings(&[
            (653, (2025, 12, 12)),
            (654, (2015, 12, 19)),
            (655, (2025, 12, 26)),
            (700, (2026, 3, 6)),
            (701, (2016, 3, 13)),
            (702, (2026, 3, 20)),
        ]);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w.iter().all(|w| w.contains("is mistyped")), "{w:?}");
    }

    #[test]
    fn consistent_archives_pass() {
        let none: Vec<String> = Vec::new();
        // In order, with gaps; two issues dated the same week.
        assert_eq!(
            order_warnings(&[
                (650, (2025, 11, 21)),
                (652, (2025, 12, 5)),
                (653, (2025, 12, 12)),
                (654, (2025, 12, 11)),
            ]),
            none
        );
        // Two publishers' weekly series in one folder.
        assert_eq!(
            order_warnings(&[
                (300, (2025, 12, 19)),
                (654, (2025, 12, 12)),
                (301, (2025, 12, 26)),
                (655, (2025, 12, 19)),
            ]),
            none
        );
        // Numbered anew each year.
        assert_eq!(
            order_warnings(&[
                (1, (2025, 1, 3)),
                (2, (2025, 1, 10)),
                (52, (2025, 12, 26)),
                (1, (2026, 1, 2)),
                (2, (2026, 1, 9)),
            ]),
            none
        );
    }

    #[test]
    fn ignored_files_are_summed_up_in_one_line() {
        assert_eq!(describe_ignored(&[]), None);
        let one = [PathBuf::from("a/scan.JPG")];
        assert_eq!(
            describe_ignored(&one).unwrap(),
            "ignored 1 other file that is not a report (.jpg): scan.JPG"
        );
        let many: Vec<PathBuf> = ["a.xlsx", "b.jpg", "c.xlsx", "d", "e.zip"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(
            describe_ignored(&many).unwrap(),
            "ignored 5 other files that are not reports (.xlsx, .jpg, no extension, .zip): a.xlsx, b.jpg, c.xlsx and 2 more"
        );
    }

    const BODY: &str = "昨天，中关村（朝阳）数字医疗产业园拓展区启动建设。作为北京首个数字医疗产业园，园区自去年11月开园以来，涵盖AI新药研发、高端医疗器械和科研仪器、AI辅助诊疗、AI医疗信息化、智慧健康管理等数字医疗各细分领域的创新企业陆续入驻，已初步形成覆盖研发、中试、应用转化的产业生态。";
    const OTHER: &str = "宁夏英炜智慧电子信息工程有限公司正式发布宁夏首个医疗临床智能语音交互大模型，该模型可在门诊、病房等场景中实时转写医患对话，自动生成结构化病历，减轻医生文书负担，提升诊疗效率。";

    #[test]
    fn exact_copies_point_at_the_earliest_and_chains_keep_their_root() {
        let edited = BODY.replace("已初步形成", "目前已经形成");
        let mut recs = vec![
            record(0, BODY),
            record(1, OTHER),
            record(2, &edited),
            record(3, BODY),
            record(4, &edited),
            record(5, OTHER),
        ];
        let mut warnings = Vec::new();
        flag_near_duplicates(&mut recs, &mut warnings);
        let dup: Vec<Option<&str>> = recs.iter().map(|r| r.duplicate_of.as_deref()).collect();
        assert_eq!(
            dup,
            vec![None, None, Some("k0"), Some("k0"), Some("k0"), Some("k1")]
        );
        assert_eq!(warnings.len(), 4);
        assert!(
            warnings[1].message.contains("similarity 1.00"),
            "{warnings:?}"
        );
        assert!(
            warnings.iter().all(|w| w.kind == WarningKind::Repeat),
            "{warnings:?}"
        );
    }

    /// A record read from a corpus file that marks it as a repeat (of an
    /// article not read this time) keeps its mark when it is found to
    /// repeat another; it is named all the same.
    #[test]
    fn a_mark_read_from_a_corpus_stays() {
        let mut marked = record(2, BODY);
        marked.duplicate_of = Some("k_earlier".into());
        let mut recs = vec![record(0, BODY), record(1, OTHER), marked];
        let mut warnings = Vec::new();
        flag_near_duplicates(&mut recs, &mut warnings);
        let dup: Vec<Option<&str>> = recs.iter().map(|r| r.duplicate_of.as_deref()).collect();
        assert_eq!(dup, vec![None, None, Some("k_earlier")]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].message.starts_with("2.txt: article 1"),
            "{warnings:?}"
        );
    }

    /// Thousands of near-identical (not identical) bodies: every one is
    /// flagged against the first, and bucket growth is capped so the work
    /// stays near-linear.
    #[test]
    fn large_cluster_of_near_copies_is_fast() {
        let n = 4000;
        let mut recs: Vec<CorpusRecord> = (0..n)
            .map(|i| record(i, &format!("{BODY}（编号{i}）")))
            .collect();
        let mut warnings = Vec::new();
        let start = std::time::Instant::now();
        flag_near_duplicates(&mut recs, &mut warnings);
        let elapsed = start.elapsed();
        assert!(recs[0].duplicate_of.is_none());
        assert!(recs[1..]
            .iter()
            .all(|r| r.duplicate_of.as_deref() == Some("k0")));
        assert_eq!(warnings.len(), n - 1);
        assert!(
            elapsed < std::time::Duration::from_secs(20),
            "took {elapsed:?}"
        );
        eprintln!("{n} near copies: {elapsed:?}");
    }
}
