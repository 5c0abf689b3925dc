//! `yuqing ingest`, and the corpus loading shared by train, classify and run.

use std::path::{Path, PathBuf};
use yuqing::io::ShowPath;

use yuqing::corpus::walk;
use yuqing::error::{capped, WARNINGS_SHOWN};
use yuqing::trend::count_of;
use yuqing::{CorpusRecord, Warning, WarningKind};

use crate::args::IngestArgs;
use crate::progress::{bar, note};
use crate::Outcome;

/// Articles read from reports or corpus files, and whether anything was skipped.
pub struct Loaded {
    pub records: Vec<CorpusRecord>,
    pub issues: usize,
    pub skipped: usize,
    /// Whether reading the reports already named republished stories, so a
    /// trend drawn from them need not name them again.
    pub repeats_named: bool,
}

impl Loaded {
    pub fn outcome(&self) -> Outcome {
        if self.skipped > 0 {
            Outcome::Partial
        } else {
            Outcome::Done
        }
    }
}

pub fn run(a: IngestArgs, quiet: bool) -> anyhow::Result<Outcome> {
    yuqing::io::check_output(
        &a.output,
        &["jsonl", "json"],
        ".jsonl (a corpus: one JSON line per article)",
    )?;
    let loaded = load_for(&a.inputs, &[&a.output], Clash::Refuse, quiet)?;
    yuqing::classified::write_jsonl(&a.output, &loaded.records)?;
    note(
        quiet,
        format!(
            "wrote {} from {} to {}",
            count_of(loaded.records.len(), "article", "articles"),
            count_of(loaded.issues, "issue", "issues"),
            a.output.shown()
        ),
    );
    Ok(loaded.outcome())
}

/// The closing count line of a kind of warning or note that a long archive
/// may give hundreds of times (a story republished, an issue kept in several
/// copies, a whole series exported without a period or a number, or dated
/// in the future), as its singular and
/// plural; `None` for a kind whose every warning is shown.
fn counted_as(kind: WarningKind) -> Option<(&'static str, &'static str)> {
    use WarningKind as K;
    Some(match kind {
        K::Repeat => (
            "article that repeats an earlier one",
            "articles that repeat an earlier one (each counted once in trends)",
        ),
        K::SameIssue => (
            "file that holds an issue already read",
            "files that hold issues already read (each issue is read once)",
        ),
        K::DatedInFuture => ("file dated in the future", "files dated in the future"),
        K::NoPeriod => (
            "file without a monitoring period",
            "files without a monitoring period",
        ),
        K::NoSeries => (
            "file that names neither 周报 nor 月报",
            "files that name neither 周报 nor 月报",
        ),
        K::NoDate => (
            "file without a publication date",
            "files without a publication date",
        ),
        K::NoNumber => (
            "file without an issue number",
            "files without an issue number",
        ),
        // A few per series at most: more are summed up in one warning.
        K::OutOfOrder | K::Other => return None,
    })
}

/// Print the warnings (or notes) of reading reports with `print`: every one
/// of a kind that is not [`counted_as`] anything, then, kind by kind in the
/// order of [`WarningKind`], the first [`WARNINGS_SHOWN`] of each counted
/// kind and a line counting the rest.
fn print_capped(lines: &[Warning], mut print: impl FnMut(&str)) {
    for w in lines.iter().filter(|w| counted_as(w.kind).is_none()) {
        print(&w.message);
    }
    let mut kinds: Vec<WarningKind> = lines.iter().map(|w| w.kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    for kind in kinds {
        let Some((one, many)) = counted_as(kind) else {
            continue;
        };
        let of_kind = lines.iter().filter(|w| w.kind == kind);
        for w in capped(
            WARNINGS_SHOWN,
            of_kind.map(|w| w.message.clone()).collect(),
            |more| {
                format!(
                    "… and {}",
                    count_of(more, &format!("more {one}"), &format!("more {many}"))
                )
            },
        ) {
            print(&w);
        }
    }
}

/// What to do with an input file that is also an output of the command.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Clash {
    /// Refuse to run: the output would overwrite an input.
    Refuse,
    /// Leave it out of the inputs: `run` regenerates its fixed-name outputs,
    /// which a previous run may have left in the report folder.
    Skip,
}

/// Read `.jsonl` corpus files as they are and everything else as reports,
/// for a command that will write `outputs`: an input that is one of them is
/// refused or skipped (`clash`). Bad report files are reported on stderr and
/// skipped; if nothing at all could be read, that is an error. The records
/// of corpus files and reports are put in one issue order, and republished
/// stories found across all of them, as if the corpus's issues were report
/// files ([`walk::ingest_with`]). An article read twice (the same
/// corpus file given twice, or a corpus and the reports it came from) is
/// kept once, with a warning.
pub fn load_for(
    inputs: &[PathBuf],
    outputs: &[&Path],
    clash: Clash,
    quiet: bool,
) -> anyhow::Result<Loaded> {
    let (jsonl, reports): (Vec<&PathBuf>, Vec<&PathBuf>) = inputs.iter().partition(|p| is_jsonl(p));
    // Outputs that exist, resolved once; an input is one of them when it
    // resolves to the same file.
    let existing: Vec<PathBuf> = outputs
        .iter()
        .filter_map(|o| std::fs::canonicalize(o).ok())
        .collect();
    let is_output = |p: &Path| {
        !existing.is_empty() && std::fs::canonicalize(p).is_ok_and(|c| existing.contains(&c))
    };
    let mut corpus = Vec::new();
    let elsewhere = match clash {
        Clash::Refuse => "write the output to another file",
        Clash::Skip => "give --out-dir another folder, or copy the file elsewhere first",
    };
    for path in jsonl {
        if is_output(path) {
            anyhow::bail!(
                "{} is both an input and an output of this command, which would overwrite it; {elsewhere}",
                path.shown()
            );
        }
        let recs: Vec<CorpusRecord> = yuqing::classified::read_jsonl(path, "corpus")?;
        if recs.is_empty() {
            eprintln!("yuqing: warning: {}: contains no articles", path.shown());
        }
        corpus.extend(recs);
    }
    let mut found = walk::Inputs::default();
    let mut files = Vec::new();
    if !reports.is_empty() {
        let paths: Vec<PathBuf> = reports.into_iter().cloned().collect();
        found = walk::find_inputs(&paths)?;
        let clashes: Vec<PathBuf>;
        (clashes, files) = std::mem::take(&mut found.files)
            .into_iter()
            .partition(|f| is_output(f));
        if let Some(f) = clashes.first() {
            if clash == Clash::Refuse {
                anyhow::bail!(
                    "{} is both an input report and the output of this command, which would overwrite it; {elsewhere}",
                    f.shown()
                );
            }
            note(
                quiet,
                "note: outputs of an earlier run found among the reports are not read as reports",
            );
            if files.is_empty() && found.skipped.is_empty() {
                anyhow::bail!(
                    "no report files besides this command's own outputs in {}",
                    list(inputs)
                );
            }
        }
        for n in &found.notes {
            note(quiet, format!("note: {n}"));
        }
        // This command's own outputs in a report folder are no news.
        let others: Vec<PathBuf> = found
            .ignored
            .iter()
            .filter(|f| !is_output(f))
            .cloned()
            .collect();
        if let Some(line) = walk::describe_ignored(&others) {
            note(quiet, format!("note: {line}"));
        }
    }
    // Corpus records and reports together, so that their issues are in one
    // order and a story of one that repeats the other's is found.
    // No bar for corpus files alone: there are no files to count.
    let pb = bar(files.len(), "reading", quiet || files.is_empty());
    let outcome = walk::ingest_with(&files, corpus, &|n| pb.inc(n as u64));
    pb.finish_and_clear();
    // A long archive republishes hundreds of stories and may hold many
    // copies of issues: the first few are named, the rest counted.
    print_capped(&outcome.warnings, |w| eprintln!("yuqing: warning: {w}"));
    let repeats_named = outcome
        .warnings
        .iter()
        .any(|w| w.kind == WarningKind::Repeat);
    print_capped(&outcome.notes, |n| note(quiet, format!("note: {n}")));
    // A file that could not be read beside one of the same name that was
    // (the encrypted PDF of a DOCX): its issue is most likely not missing.
    let failed: Vec<&std::path::Path> = outcome.failures.iter().map(|(p, _)| p.as_path()).collect();
    let read_copy = |path: &std::path::Path| {
        files.iter().find(|f| {
            f.as_path() != path
                && f.parent() == path.parent()
                && f.file_stem() == path.file_stem()
                && !failed.contains(&f.as_path())
        })
    };
    for (path, err) in found.skipped.iter().chain(&outcome.failures) {
        let copy = match read_copy(path) {
            Some(c) if !found.skipped.iter().any(|(p, _)| p == path) => format!(
                " ({} beside it was read: if it is the same issue, nothing is missing)",
                c.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default()
            ),
            _ => String::new(),
        };
        eprintln!(
            "yuqing: skipped {}: {}{copy}",
            path.shown(),
            strip_path(err, path)
        );
    }
    let skipped = found.skipped.len() + outcome.failures.len();
    let mut what = Vec::new();
    if !outcome.failures.is_empty() {
        what.push(format!(
            "{} of {} files",
            outcome.failures.len(),
            files.len()
        ));
    }
    if !found.skipped.is_empty() {
        what.push(count_of(found.skipped.len(), "folder", "folders"));
    }
    if !what.is_empty() {
        note(
            quiet,
            format!("{} skipped (reasons above)", what.join(" and ")),
        );
    }
    if outcome.read_twice > 0 {
        eprintln!(
            "yuqing: warning: {} read twice (the same issue in more than one input); each is counted once",
            count_of(outcome.read_twice, "article was", "articles were")
        );
    }
    let records = outcome.records;
    if records.is_empty() {
        if skipped > 0 {
            anyhow::bail!(
                "no articles could be read from {}; see the messages above",
                list(inputs)
            );
        }
        anyhow::bail!("no articles in {}: the input is empty", list(inputs));
    }
    Ok(Loaded {
        records,
        issues: outcome.issues,
        skipped,
        repeats_named,
    })
}

fn list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.shown().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_jsonl(p: &Path) -> bool {
    p.is_file()
        && p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("json"))
}

/// Error messages already start with the path; avoid printing it twice.
fn strip_path(err: &yuqing::Error, path: &Path) -> String {
    let msg = err.to_string();
    let prefix = format!("{}: ", path.shown());
    msg.strip_prefix(&prefix).map(str::to_string).unwrap_or(msg)
}

/// Refuse an output that is one of `inputs` (files the command reads).
pub fn refuse_overwrite(output: &Path, inputs: &[PathBuf]) -> anyhow::Result<()> {
    if let Some(i) = inputs.iter().find(|i| yuqing::io::same_file(output, i)) {
        anyhow::bail!(
            "{} is {}, which this command reads; writing its output there would destroy it: choose another output file",
            output.shown(),
            if i.as_path() == output {
                "an input".to_string()
            } else {
                format!("the same file as the input {}", i.shown())
            }
        );
    }
    Ok(())
}

/// The files of a labels folder that commands read.
pub fn label_files(dir: &Path) -> Vec<PathBuf> {
    ["themes.toml", "articles.csv", "dictionary.txt"]
        .iter()
        .map(|f| dir.join(f))
        .collect()
}
