//! `yuqing ingest`, and the corpus loading shared by train, classify and run.

use std::path::{Path, PathBuf};

use anyhow::Context;
use yuqing::corpus::walk;
use yuqing::CorpusRecord;

use crate::args::IngestArgs;
use crate::progress::{bar, note};
use crate::Outcome;

/// Articles read from reports or corpus files, and whether anything was skipped.
pub struct Loaded {
    pub records: Vec<CorpusRecord>,
    pub issues: usize,
    pub skipped: usize,
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
    let loaded = load(&a.inputs, quiet)?;
    yuqing::classified::write_jsonl(&a.output, &loaded.records)?;
    note(
        quiet,
        format!(
            "wrote {} articles from {} issues to {}",
            loaded.records.len(),
            loaded.issues,
            a.output.display()
        ),
    );
    Ok(loaded.outcome())
}

/// Read `.jsonl` corpus files as they are and everything else as reports.
/// Bad report files are reported on stderr and skipped; if nothing at all
/// could be read, that is an error.
pub fn load(inputs: &[PathBuf], quiet: bool) -> anyhow::Result<Loaded> {
    let (jsonl, reports): (Vec<&PathBuf>, Vec<&PathBuf>) = inputs.iter().partition(|p| is_jsonl(p));
    let mut records = Vec::new();
    let mut issues = 0;
    for path in jsonl {
        let recs: Vec<CorpusRecord> = yuqing::classified::read_jsonl(path, "corpus")?;
        let mut files: Vec<&str> = recs.iter().map(|r| r.issue.source_file.as_str()).collect();
        files.sort_unstable();
        files.dedup();
        issues += files.len();
        records.extend(recs);
    }
    let mut skipped = 0;
    if !reports.is_empty() {
        let paths: Vec<PathBuf> = reports.into_iter().cloned().collect();
        let files = walk::collect_inputs(&paths)?;
        let pb = bar(files.len(), "reading", quiet);
        let outcome = walk::ingest(&files, &|n| pb.inc(n as u64));
        pb.finish_and_clear();
        for w in &outcome.warnings {
            eprintln!("yuqing: warning: {w}");
        }
        for (path, err) in &outcome.failures {
            eprintln!(
                "yuqing: skipped {}: {}",
                path.display(),
                strip_path(err, path)
            );
        }
        skipped = outcome.failures.len();
        issues += outcome.reports.len();
        records.extend(outcome.records);
        if skipped > 0 {
            note(
                quiet,
                format!("{skipped} of {} files skipped (reasons above)", files.len()),
            );
        }
    }
    if records.is_empty() {
        anyhow::bail!(
            "no articles could be read from {}; see the messages above",
            inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(Loaded {
        records,
        issues,
        skipped,
    })
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
    let prefix = format!("{}: ", path.display());
    msg.strip_prefix(&prefix).map(str::to_string).unwrap_or(msg)
}

/// Make sure an output's folder can be created before long work starts.
pub fn check_writable(path: &Path) -> anyhow::Result<()> {
    let dir = yuqing::io::parent_dir(path);
    std::fs::create_dir_all(dir).with_context(|| {
        format!(
            "cannot create folder {} for {}",
            dir.display(),
            path.display()
        )
    })
}
