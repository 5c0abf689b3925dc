//! Helpers shared by the integration tests: the repository root, the real
//! `yuqing` binary, and the shipped model's predictions for a corpus.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use yuqing::{ClassifiedRecord, CorpusRecord, Model};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run the `yuqing` binary from the repository root.
pub fn yuqing(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yuqing"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("yuqing binary runs")
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Copy the example reports into `dir`.
pub fn copy_examples(dir: &Path) {
    for e in std::fs::read_dir(root().join("examples/reports")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
}

/// The shipped model.
pub fn shipped_model() -> Model {
    Model::load(&root().join("models/theme.model")).unwrap()
}

/// Every record of `corpus` classified by `model`, as `yuqing classify` does.
pub fn classify(model: &Model, corpus: &[CorpusRecord]) -> Vec<ClassifiedRecord> {
    let texts: Vec<String> = corpus
        .iter()
        .map(|r| yuqing::labels::article_text(&r.article.title, &r.article.text))
        .collect();
    corpus
        .iter()
        .zip(model.predict(&texts, None, &|_| {}))
        .map(|(r, p)| ClassifiedRecord::new(r, &p, model))
        .collect()
}

/// A file of the public evaluation data in ../shared/data, or `None` with a
/// message saying the test is skipped (the data lives outside the repository).
pub fn shared_data(rel: &str) -> Option<PathBuf> {
    let p = root().join("../shared/data").join(rel);
    if p.is_file() {
        Some(p)
    } else {
        eprintln!(
            "skipped: {} not found (evaluation data lives outside the repository)",
            p.display()
        );
        None
    }
}

#[cfg(unix)]
/// Whether this process can read files it has no permission for (root, or
/// CAP_DAC_OVERRIDE): then permission tests need another user.
pub fn permissions_are_bypassed() -> bool {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let probe = dir.path().join("probe");
    std::fs::write(&probe, "x").unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::read(&probe).is_ok()
}

#[cfg(unix)]
/// Run the `yuqing` binary (from the repository root) as a user that
/// permissions apply to: this process when they apply to it, else `nobody`
/// through `setpriv` (tests run as root in CI). `None`, with a message saying
/// the test is skipped, when neither is possible. Files the command reads or
/// writes must be open to others.
pub fn yuqing_unprivileged(args: &[&str]) -> Option<Output> {
    if !permissions_are_bypassed() {
        return Some(yuqing(args));
    }
    let setpriv = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !setpriv {
        eprintln!("skipped: running as root and setpriv is not available, so permissions cannot be tested");
        return None;
    }
    Some(
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_yuqing"))
            .args(args)
            .current_dir(root())
            .output()
            .expect("setpriv runs yuqing"),
    )
}
