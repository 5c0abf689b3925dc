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

/// A date as the seeds write it: `2025 年 12 月 19 日`.
pub fn zh_date(d: chrono::NaiveDate) -> String {
    d.format("%Y 年 %-m 月 %-d 日").to_string()
}

/// Seed issue 654 (`examples/reports/000_…txt`) as weekly issue `n` dated
/// `date`, its monitoring period the week that ends that day, and its first
/// story's title marked with `n`, so that it is an issue of its own and not
/// a copy of the seed (its stories' bodies still repeat the seed's). The
/// `without_…` functions take a part of its header out.
pub fn seed_issue(n: u32, date: chrono::NaiveDate) -> String {
    let seed =
        std::fs::read_to_string(root().join("examples/reports/000_2e71dd09e5d010f6.txt")).unwrap();
    for part in [
        "(第六五四)\n",
        "\n2025 年 12 月 19 日\n",
        "时间从 2025 年 12 月 13 日到 2025 年 12 月 19 日,",
        "北京首个数字医疗产业园扩容",
    ] {
        assert!(seed.contains(part), "the seed has changed: {part}");
    }
    // Through a placeholder, so that a new date never reads as an old one.
    seed.replace("(第六五四)", &format!("(第{n}期)"))
        .replace("2025 年 12 月 19 日", "\u{0}END\u{0}")
        .replace(
            "2025 年 12 月 13 日",
            &zh_date(date - chrono::Duration::days(6)),
        )
        .replace("\u{0}END\u{0}", &zh_date(date))
        .replace(
            "北京首个数字医疗产业园扩容",
            &format!("北京首个数字医疗产业园扩容{n}"),
        )
}

/// A [`seed_issue`] without its monitoring period (时间从…到…).
pub fn without_period(text: &str) -> String {
    let start = text.find(", 时间从").expect("a period");
    let end = start + text[start..].find(", 监测范围").expect("the period's end");
    format!("{}{}", &text[..start], &text[end..])
}

/// A [`seed_issue`] without its issue number line (`(第654期)`).
pub fn without_number(text: &str) -> String {
    without_line(text, |l| l.starts_with("(第") && l.ends_with("期)"))
}

/// A [`seed_issue`] without its date line under the title.
pub fn without_date(text: &str) -> String {
    without_line(text, |l| {
        l.starts_with(|c: char| c.is_ascii_digit()) && l.contains(" 年 ") && l.ends_with('日')
    })
}

/// A [`seed_issue`] that names neither 周报 nor 月报 (title and lead).
pub fn without_series(text: &str) -> String {
    assert!(text.contains("舆情监测周报") && text.contains("本期周报"));
    text.replace("舆情监测周报", "舆情监测")
        .replace("本期周报", "本期")
}

/// `text` without its first line that `is` picks.
fn without_line(text: &str, is: impl Fn(&str) -> bool) -> String {
    let mut lines: Vec<&str> = text.split('\n').collect();
    let at = lines.iter().position(|l| is(l)).expect("the line");
    lines.remove(at);
    lines.join("\n")
}
