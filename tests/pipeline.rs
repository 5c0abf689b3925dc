//! The whole pipeline through the real `yuqing` binary on the real seed reports:
//! ingest → train → classify → trend, the default `run`, and bad input.

use std::path::Path;
use std::process::Output;

mod common;
use common::{
    copy_examples, root, s, seed_issue, text, without_date, without_number, without_period,
    without_series, yuqing,
};

/// Assert the exit code; on failure show what the command printed.
fn assert_exit(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        !text(&out.stderr).contains("panicked"),
        "{}",
        text(&out.stderr)
    );
}

fn jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn ingest_writes_every_seed_issue_and_article() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corpus.jsonl");
    let o = yuqing(&["-q", "ingest", "examples/reports", "-o", s(&out)]);
    assert_exit(&o, 0);
    let recs = jsonl(&out);
    assert_eq!(recs.len(), 13);
    let by_number = |n: Option<u64>| {
        recs.iter()
            .filter(|r| r["issue"]["number"].as_u64() == n)
            .collect::<Vec<_>>()
    };
    let w654 = by_number(Some(654));
    assert_eq!(w654.len(), 3);
    assert_eq!(w654[0]["issue"]["series"], "weekly");
    assert_eq!(w654[0]["issue"]["date"], "2025-12-19");
    assert_eq!(w654[0]["issue"]["period_start"], "2025-12-13");
    assert_eq!(w654[0]["issue"]["period_end"], "2025-12-19");
    let m527 = by_number(Some(527));
    assert_eq!(m527.len(), 4);
    assert_eq!(m527[0]["issue"]["series"], "monthly");
    assert_eq!(m527[0]["issue"]["date"], "2023-10-31");
    // 004: text extracted from a PDF, no header: number null, title and URL rejoined.
    let pdf = by_number(None);
    assert_eq!(pdf.len(), 3);
    assert!(pdf[0]["issue"]["number"].is_null());
    assert_eq!(pdf[0]["issue"]["date"], "2025-07-04");
    assert_eq!(
        pdf[1]["title"],
        "从“五缺”到“5G+” 贵州三都打造智慧医共体破解基层看病难"
    );
    assert_eq!(
        pdf[0]["link"],
        "https://www.xinhuanet.com/tech/20250701/f20f32aff42e44d48d5ca8ba56ac0d85/c.html"
    );
    // The same park story in 654 and 655 is flagged as a near-duplicate.
    let dup: Vec<_> = recs
        .iter()
        .filter(|r| !r["duplicate_of"].is_null())
        .collect();
    assert_eq!(dup.len(), 1);
    assert_eq!(dup[0]["title"], "北京首个数字医疗产业园再“生长”");
    assert_eq!(dup[0]["duplicate_of"], w654[0]["key"]);
}

#[test]
fn train_classify_trend_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.model");
    let o = yuqing(&[
        "-q",
        "train",
        "--labels",
        "labels",
        "--corpus",
        "examples/reports",
        "-o",
        s(&model),
        "--json",
    ]);
    assert_exit(&o, 0);
    let report: serde_json::Value = serde_json::from_str(text(&o.stdout).trim()).unwrap();
    assert_eq!(report["n_docs"], 13);
    assert_eq!(report["class_counts"].as_array().unwrap().len(), 8);
    assert!(
        report["cross_validation"]["per_class"]
            .as_array()
            .unwrap()
            .len()
            == 8
    );
    // Every theme has fewer than 5 labelled articles: train must say so.
    assert!(
        text(&o.stderr).contains("predictions for it are unreliable"),
        "{}",
        text(&o.stderr)
    );

    let recs = classify_seeds(dir.path(), &model);
    let classified = dir.path().join("c.jsonl");
    assert_eq!(recs.len(), 13);
    let themes = [
        "ai_clinical",
        "smart_hospital",
        "data_platform",
        "policy",
        "primary_care",
        "industry",
        "devices_rd",
        "records_insurance",
    ];
    for r in &recs {
        let scores = r["scores"].as_object().unwrap();
        assert_eq!(scores.len(), 8);
        assert!(scores
            .values()
            .all(|v| (0.0..=1.0).contains(&v.as_f64().unwrap())));
        assert!(themes.contains(&r["primary"].as_str().unwrap()));
        // The primary theme has the highest score.
        let best = scores
            .iter()
            .max_by(|a, b| a.1.as_f64().partial_cmp(&b.1.as_f64()).unwrap())
            .unwrap()
            .0;
        assert_eq!(best, r["primary"].as_str().unwrap());
    }
    // The model has seen these articles: it must reproduce most hand labels.
    let agree = agreeing_with_labels(&recs);
    assert!(
        agree >= 10,
        "only {agree}/13 training articles keep their labelled primary theme"
    );

    let csv = dir.path().join("c.csv");
    assert_exit(
        &yuqing(&[
            "-q",
            "classify",
            s(&classified.with_file_name("none.jsonl")),
            "--model",
            s(&model),
            "-o",
            s(&csv),
        ]),
        2,
    );
    let corpus = dir.path().join("corpus.jsonl");
    assert_exit(
        &yuqing(&["-q", "ingest", "examples/reports", "-o", s(&corpus)]),
        0,
    );
    assert_exit(
        &yuqing(&[
            "-q",
            "classify",
            s(&corpus),
            "--model",
            s(&model),
            "-o",
            s(&csv),
        ]),
        0,
    );
    let csv_text = std::fs::read_to_string(&csv).unwrap();
    assert!(csv_text.starts_with("\u{feff}issue_number,issue_date,series,ordinal,title"));
    assert_eq!(csv_text.lines().count(), 14);
    // The series as the trend table and the reports name it.
    assert!(csv_text.contains("\n654,2025-12-19,周报,1,"), "{csv_text}");
    assert!(csv_text.contains("\n527,2023-10-31,月报,1,"), "{csv_text}");

    let png = dir.path().join("out/trend.png");
    let o = yuqing(&["-q", "trend", s(&classified), "-o", s(&png)]);
    assert_exit(&o, 0);
    assert_eq!(text(&o.stdout).trim(), s(&png));
    let img = image::open(&png).unwrap().to_rgb8();
    assert_eq!(img.dimensions(), (1600, 900));
    let ink = img
        .pixels()
        .filter(|p| p.0.iter().any(|&c| c < 200))
        .count();
    assert!(ink > 10_000, "chart looks empty: {ink} dark pixels");
    let table = std::fs::read_to_string(png.with_extension("csv")).unwrap();
    assert!(table.starts_with("issue_date,issue_number,series,articles"));
    assert_eq!(table.lines().count(), 5, "{table}");
}

#[test]
fn run_with_defaults_ends_with_the_png_path() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports");
    let o = yuqing(&["run", "--out-dir", s(&out)]);
    assert_exit(&o, 0);
    let stdout = text(&o.stdout);
    assert_eq!(stdout.lines().last().unwrap(), s(&out.join("trend.png")));
    // A republished story is named once, by reading the reports, with the
    // article it repeats (not a hash); the trend does not name it again.
    let err = text(&o.stderr);
    assert!(
        err.contains("article 3 \"北京首个数字医疗产业园再“生长”\" repeats article 1 \"北京首个数字医疗产业园扩容\" of examples/reports/000_2e71dd09e5d010f6.txt"),
        "{err}"
    );
    assert_eq!(
        err.matches("北京首个数字医疗产业园再“生长”").count(),
        1,
        "{err}"
    );
    // A corpus file is read as the reports it came from: the story is
    // named once, in the same words, and the trend does not name it again.
    let o2 = yuqing(&[
        "run",
        s(&out.join("corpus.jsonl")),
        "--out-dir",
        s(&dir.path().join("again")),
    ]);
    assert_exit(&o2, 0);
    let again = text(&o2.stderr);
    assert!(
        again.contains("article 3 \"北京首个数字医疗产业园再“生长”\" repeats article 1 \"北京首个数字医疗产业园扩容\" of examples/reports/000_2e71dd09e5d010f6.txt"),
        "{again}"
    );
    assert_eq!(
        again.matches("北京首个数字医疗产业园再“生长”").count(),
        1,
        "{again}"
    );
    for f in [
        "corpus.jsonl",
        "classified.jsonl",
        "classified.csv",
        "trend.png",
        "trend.csv",
        "briefing.md",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let brief = std::fs::read_to_string(out.join("briefing.md")).unwrap();
    assert!(
        brief.contains("第654期")
            && brief.contains("第527期")
            && brief.contains("![主题趋势](trend.png)")
    );
    assert!(brief.contains("医疗人工智能与大模型"));
    // The shipped example without an issue number is a note, not a
    // warning: on a fresh machine the first run should not look failed.
    let err = text(&o.stderr);
    assert!(
        err.contains("note: examples/reports/004_853b37a96b61c717.txt: no issue number (第…期) in the header or the file name; the issue is placed by its date 2025-07-04"),
        "{err}"
    );
    assert!(!err.contains("004_853b37a96b61c717.txt: no issue number (第…期) in the header or the file name; number left empty"), "{err}");
}

#[test]
fn missing_input_is_one_clear_error() {
    let o = yuqing(&[
        "ingest",
        "no/such/folder",
        "-o",
        "/tmp/yuqing-never-written.jsonl",
    ]);
    assert_exit(&o, 2);
    let err = text(&o.stderr);
    assert!(err.contains("no/such/folder"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    // The cause is said once, not once per layer of the error chain.
    assert_eq!(err.matches("check the path").count(), 1, "{err}");
    assert!(!Path::new("/tmp/yuqing-never-written.jsonl").exists());
}

#[test]
fn folder_without_reports_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.xlsx"), b"x").unwrap();
    let o = yuqing(&[
        "ingest",
        s(dir.path()),
        "-o",
        s(&dir.path().join("c.jsonl")),
    ]);
    assert_exit(&o, 2);
    assert!(text(&o.stderr).contains(s(dir.path())));
    assert!(!dir.path().join("c.jsonl").exists());
}

#[test]
fn a_bad_file_is_skipped_and_named_while_good_ones_are_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("examples/reports/000_2e71dd09e5d010f6.txt"),
        dir.path().join("good.txt"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("binary.txt"),
        [0u8, 159, 146, 150, 0, 1, 2, 3].repeat(500),
    )
    .unwrap();
    std::fs::write(dir.path().join("empty.txt"), b"").unwrap();
    let out = dir.path().join("c.jsonl");
    let o = yuqing(&["ingest", s(dir.path()), "-o", s(&out)]);
    assert_exit(&o, 1);
    let err = text(&o.stderr);
    assert!(
        err.contains("binary.txt") && err.contains("empty.txt"),
        "{err}"
    );
    assert_eq!(jsonl(&out).len(), 3);
}

/// A folder or a file the user may not read is skipped with a reason in
/// plain words (not the operating system's "Permission denied (os error
/// 13)"), the rest is read, and the exit status is 1.
#[cfg(unix)]
#[test]
fn unreadable_folder_and_file_are_skipped_in_plain_words() {
    use std::os::unix::fs::PermissionsExt;
    let mode =
        |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    mode(d, 0o777);
    let seeds = root().join("examples/reports");
    std::fs::copy(seeds.join("000_2e71dd09e5d010f6.txt"), d.join("a.txt")).unwrap();
    let closed = d.join("closed");
    std::fs::create_dir(&closed).unwrap();
    std::fs::copy(seeds.join("002_0968fba103d81802.txt"), closed.join("b.txt")).unwrap();
    std::fs::copy(seeds.join("001_510d352a014b6f5f.txt"), d.join("locked.txt")).unwrap();
    mode(&closed, 0o000);
    mode(&d.join("locked.txt"), 0o000);
    let out = d.join("c.jsonl");
    let o = common::yuqing_unprivileged(&["ingest", s(d), "-o", s(&out)]);
    mode(&closed, 0o755);
    let Some(o) = o else { return };
    assert_exit(&o, 1);
    let err = text(&o.stderr);
    assert!(
        err.contains("closed: no permission to read this folder; ask its owner"),
        "{err}"
    );
    assert!(
        err.contains("locked.txt: no permission to read this file; ask its owner"),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
    assert!(err.contains("1 of 2 files and 1 folder skipped"), "{err}");
    assert_eq!(jsonl(&out).len(), 3);
}

/// Other files in a report folder: reports in a format yuqing does not read
/// (.doc, .wps) are named as skipped with what to do (exit 1); pictures,
/// spreadsheets and archives get one summary line (exit 0); hidden files
/// and yuqing's own outputs are not mentioned.
#[test]
fn other_files_in_a_folder_are_named_or_summed_up() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let seeds = root().join("examples/reports");
    std::fs::copy(seeds.join("000_2e71dd09e5d010f6.txt"), d.join("654.txt")).unwrap();
    std::fs::write(d.join("data.xlsx"), b"PK\x03\x04garbage").unwrap();
    std::fs::write(d.join("photo.jpg"), b"\xff\xd8\xff\xe0").unwrap();
    std::fs::write(d.join("scans.zip"), b"PK\x03\x04").unwrap();
    std::fs::write(d.join(".~lock.654.doc#"), b"x").unwrap();
    // A run into the report folder leaves its outputs there.
    assert_exit(&yuqing(&["-q", "run", s(d), "--out-dir", s(d)]), 0);
    let out = d.join("c.jsonl");
    let o = yuqing(&["ingest", s(d), "-o", s(&out)]);
    assert_exit(&o, 0);
    let err = text(&o.stderr);
    assert!(
        err.contains("note: ignored 3 other files that are not reports (.xlsx, .jpg, .zip): data.xlsx, photo.jpg, scans.zip\n"),
        "{err}"
    );
    assert_eq!(err.matches("ignored").count(), 1, "{err}");
    for quiet in ["lock", "trend", "briefing", "classified", "corpus"] {
        assert!(!err.contains(quiet), "{err}");
    }

    std::fs::copy(
        root().join("tests/data/001_510d352a014b6f5f.docx"),
        d.join("第655期.doc"),
    )
    .unwrap();
    std::fs::write(d.join("第656期.wps"), b"\xd0\xcf\x11\xe0").unwrap();
    let o = yuqing(&["ingest", s(d), "-o", s(&out)]);
    assert_exit(&o, 1);
    let err = text(&o.stderr);
    assert!(
        err.contains("第655期.doc: is an old Word document (.doc), which yuqing cannot read; open it in Word or WPS and save it as .docx or PDF"),
        "{err}"
    );
    assert!(
        err.contains("第656期.wps: is a WPS document, which yuqing cannot read; open it in WPS and save it as .docx or PDF"),
        "{err}"
    );
    assert!(err.contains("2 of 3 files skipped"), "{err}");
    assert_eq!(jsonl(&out).len(), 3);
}

#[test]
fn only_bad_files_produce_no_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), b"").unwrap();
    let out = dir.path().join("c.jsonl");
    let o = yuqing(&["ingest", s(dir.path()), "-o", s(&out)]);
    assert_exit(&o, 2);
    assert!(text(&o.stderr).contains("empty.txt"));
    assert!(!out.exists());
}

#[test]
fn foreign_and_old_model_files_are_refused_with_advice() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.model");
    std::fs::write(&junk, b"not a model at all").unwrap();
    let o = yuqing(&[
        "classify",
        "examples/reports",
        "--model",
        s(&junk),
        "-o",
        s(&dir.path().join("c.jsonl")),
    ]);
    assert_exit(&o, 2);
    assert!(
        text(&o.stderr).contains("not a yuqing model file"),
        "{}",
        text(&o.stderr)
    );
    // Same magic, another format version.
    let mut old = std::fs::read(root().join("models/theme.model")).unwrap();
    old[8..12].copy_from_slice(&999u32.to_le_bytes());
    let oldp = dir.path().join("old.model");
    std::fs::write(&oldp, old).unwrap();
    let o = yuqing(&[
        "classify",
        "examples/reports",
        "--model",
        s(&oldp),
        "-o",
        s(&dir.path().join("c.jsonl")),
    ]);
    assert_exit(&o, 2);
    let err = text(&o.stderr);
    assert!(
        err.contains("version 999") && err.contains("yuqing train"),
        "{err}"
    );
    // Bytes damaged in the middle (a bad copy) or cut off at the end.
    let good = std::fs::read(root().join("models/theme.model")).unwrap();
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x5a;
    for (name, bytes) in [
        ("flipped", flipped),
        ("cut", good[..good.len() - 100].to_vec()),
    ] {
        let p = dir.path().join(format!("{name}.model"));
        std::fs::write(&p, bytes).unwrap();
        let o = yuqing(&[
            "classify",
            "examples/reports",
            "--model",
            s(&p),
            "-o",
            s(&dir.path().join("c.jsonl")),
        ]);
        assert_exit(&o, 2);
        let err = text(&o.stderr);
        assert!(
            err.contains("model file is damaged") && err.contains("checksum"),
            "{name}: {err}"
        );
    }
}

/// Values out of range and mistyped paths are refused in plain words, with
/// no "os error N" and no Rust range syntax.
/// A model from a newer yuqing (a colleague's, copied over) says to update
/// yuqing rather than only to retrain; one from an older yuqing says to
/// retrain; an empty model file (a copy or training that was stopped) is
/// named as empty, not as "not a yuqing model file".
#[test]
fn newer_older_and_empty_model_files_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(root().join("models/theme.model")).unwrap();
    let version = u32::from_le_bytes(good[8..12].try_into().unwrap());
    let classify = |model: &Path| {
        let o = yuqing(&[
            "classify",
            "examples/reports",
            "--model",
            s(model),
            "-o",
            s(&dir.path().join("c.jsonl")),
        ]);
        assert_exit(&o, 2);
        assert!(!dir.path().join("c.jsonl").exists());
        text(&o.stderr)
    };
    let with_version = |v: u32| {
        let mut bytes = good.clone();
        bytes[8..12].copy_from_slice(&v.to_le_bytes());
        let p = dir.path().join(format!("v{v}.model"));
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let err = classify(&with_version(version + 1));
    assert!(
        err.contains(&format!(
            "v{}.model: this model was written by a newer yuqing (model format version {}; this yuqing reads versions 3 to {version}); update yuqing to use it, or retrain it with this one",
            version + 1,
            version + 1
        )),
        "{err}"
    );
    // Version 3 is still read (as a model that always segments); 2 is not.
    let err = classify(&with_version(2));
    assert!(
        err.contains("this model was written by an older yuqing")
            && err.contains("retrain it with `yuqing train`"),
        "{err}"
    );
    assert!(!err.contains("update yuqing"), "{err}");
    let empty = dir.path().join("empty.model");
    std::fs::write(&empty, b"").unwrap();
    let err = classify(&empty);
    assert!(
        err.contains("empty.model: the model file is empty (0 bytes)"),
        "{err}"
    );
    let cut = dir.path().join("cut.model");
    std::fs::write(&cut, &good[..10]).unwrap();
    let err = classify(&cut);
    assert!(
        err.contains("cut.model: model file is damaged (it ends after 10 bytes"),
        "{err}"
    );
}

/// The classified .jsonl (what `classify` writes and `trend` reads) given
/// where a corpus belongs (`train --corpus`, `suggest`, `classify`): the
/// message says what the file is and what to give instead.
#[test]
fn a_classified_file_given_for_a_corpus_says_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let classified = dir.path().join("classified.jsonl");
    assert_exit(
        &yuqing(&["-q", "classify", "examples/reports", "-o", s(&classified)]),
        0,
    );
    let model = dir.path().join("m.model");
    let drafts = dir.path().join("drafts.csv");
    let again = dir.path().join("again.jsonl");
    for args in [
        vec!["-q", "train", "--corpus", s(&classified), "-o", s(&model)],
        vec!["-q", "suggest", s(&classified), "-o", s(&drafts)],
        vec!["-q", "classify", s(&classified), "-o", s(&again)],
    ] {
        let o = yuqing(&args);
        assert_exit(&o, 2);
        let err = text(&o.stderr);
        assert!(
            err.contains("classified.jsonl: line 1: this is the output of `yuqing classify` (classified articles, without their text); give the corpus .jsonl written by `yuqing ingest`"),
            "{args:?}: {err}"
        );
    }
    assert!(!model.exists() && !drafts.exists() && !again.exists());
}

/// `yuqing train --tsv headlines.tsv` without `-o` (trying out a public
/// data set) wrote models/theme.model, so `run`, `classify` and `suggest`
/// then labelled reports with news categories. It now writes
/// models/headlines.model and leaves the theme model alone; without --tsv
/// the default is still the theme model.
#[test]
fn train_on_a_tsv_without_output_keeps_the_theme_model() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("models")).unwrap();
    let theme = std::fs::read(root().join("models/theme.model")).unwrap();
    std::fs::write(d.join("models/theme.model"), &theme).unwrap();
    let mut tsv = String::new();
    for (label, text) in [
        ("car", "新款电动汽车上市 续航里程大幅提升"),
        ("car", "汽车销量连续三个月增长"),
        ("sports", "足球联赛第十轮比赛结果"),
        ("sports", "篮球运动员获得最有价值球员"),
    ] {
        tsv.push_str(&format!("{label}\t{text}\n"));
    }
    std::fs::write(d.join("headlines.tsv"), tsv).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_yuqing"))
        .args(["-q", "train", "--tsv", "headlines.tsv", "--min-df", "1"])
        .current_dir(d)
        .output()
        .unwrap();
    assert_exit(&o, 0);
    assert!(
        text(&o.stdout).contains("model written to models/headlines.model"),
        "{}",
        text(&o.stdout)
    );
    assert_eq!(std::fs::read(d.join("models/theme.model")).unwrap(), theme);
    let model = yuqing::Model::load(&d.join("models/headlines.model")).unwrap();
    assert_eq!(model.classes().len(), 2);
    let help = text(&yuqing(&["train", "--help"]).stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(help.contains("with --tsv, models/NAME.model"), "{help}");
}

#[test]
fn bad_values_and_paths_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m.model");
    for (args, want) in [
        (
            vec!["train", "--min-df", "0"],
            "'0' is too small: use 1 or more",
        ),
        (vec!["train", "-C", "-1"], "'-1' is not a positive number"),
        (vec!["train", "--nb-features", "0"], "'0' is too small"),
        (
            vec!["eval", "no-such.tsv"],
            "no-such.tsv: no such file or folder; check the path",
        ),
        (
            vec!["eval", "examples"],
            "examples: this is a folder, but a file is needed here",
        ),
    ] {
        let mut args = args;
        if args[0] == "train" {
            args.extend(["-o", s(&m)]);
        }
        let o = yuqing(&args);
        assert_exit(&o, 2);
        let err = text(&o.stderr);
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(
            !err.contains("os error") && !err.contains("..="),
            "{args:?}: {err}"
        );
    }
    assert!(!m.exists());
}

/// A reader that stops early (`yuqing themes | head -1`) is not an error:
/// no panic, the command's own exit status, and train still saves its model.
#[test]
fn a_closed_pipe_on_stdout_ends_quietly() {
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.model");
    for args in [
        vec!["themes"],
        vec!["train", "--folds", "0", "-o", s(&model)],
        vec!["-q", "run", "-o", s(&dir.path().join("out"))],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_yuqing"))
            .current_dir(root())
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before the command writes anything.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("internal error"),
            "{args:?}: {err}"
        );
    }
    assert!(model.exists(), "train saved its model");
}

#[test]
fn every_command_has_help() {
    for cmd in [
        "run", "ingest", "train", "classify", "eval", "trend", "themes", "suggest",
    ] {
        let o = yuqing(&[cmd, "--help"]);
        assert_exit(&o, 0);
        assert!(text(&o.stdout).contains("Usage: yuqing"), "{cmd}");
    }
    // The overview shows a long archive's chart, the labelling loop, and
    // every exit status 1 (train's left-out rows were missing from it).
    let top = text(&yuqing(&["--help"]).stdout);
    assert!(
        top.contains("--per month")
            && top.contains("yuqing suggest")
            && top.contains("train (or themes\n--corpus) left out labelled rows"),
        "{top}"
    );
    let trend = text(&yuqing(&["help"]).stdout);
    assert!(trend.contains("per issue, month or"), "{trend}");
    // Both series, or one: --series on trend and run, with its values.
    for cmd in ["trend", "run"] {
        let help = text(&yuqing(&[cmd, "--help"]).stdout);
        assert!(
            help.contains("--series <SERIES>")
                && help.contains("possible values: all, weekly, monthly")
                && help.contains("[default: all]"),
            "{help}"
        );
    }
}

#[test]
fn themes_lists_the_taxonomy() {
    let o = yuqing(&["themes"]);
    assert_exit(&o, 0);
    let out = text(&o.stdout);
    assert!(
        out.contains("ai_clinical")
            && out.contains("病案编码与医保")
            && out.contains("13 labelled articles")
    );
}

#[test]
fn suggested_labels_can_be_corrected_copied_and_trained_on() {
    let dir = tempfile::tempdir().unwrap();
    let lab = dir.path().join("labels");
    std::fs::create_dir(&lab).unwrap();
    for f in ["themes.toml", "dictionary.txt"] {
        std::fs::copy(root().join("labels").join(f), lab.join(f)).unwrap();
    }
    // Only the first two seed articles are labelled.
    let labelled: Vec<String> = std::fs::read_to_string(root().join("labels/articles.csv"))
        .unwrap()
        .lines()
        .take(3)
        .map(String::from)
        .collect();
    std::fs::write(lab.join("articles.csv"), labelled.join("\n") + "\n").unwrap();

    let drafted = lab.join("suggested.csv");
    // `yuqing suggest` on the seed reports with this labels folder and `model`.
    let suggest = |model: &str, extra: &[&str]| {
        let mut args = vec![
            "suggest",
            "examples/reports",
            "--labels",
            s(&lab),
            "--model",
            model,
            "-o",
            s(&drafted),
        ];
        args.extend(extra);
        yuqing(&args)
    };
    assert_exit(&suggest("models/theme.model", &[]), 0);
    let csv = std::fs::read_to_string(&drafted).unwrap();
    let csv = csv.strip_prefix('\u{feff}').expect("a BOM for Excel/WPS");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("key,issue,title,primary,secondary,confidence,primary_name")
    );
    let rows: Vec<Vec<String>> = lines
        .map(|l| {
            csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(l.as_bytes())
                .records()
                .next()
                .unwrap()
                .unwrap()
                .iter()
                .map(String::from)
                .collect()
        })
        .collect();
    // 13 seed articles - 2 labelled - 1 republished story.
    assert_eq!(rows.len(), 10, "{csv}");
    let themes = std::fs::read_to_string(lab.join("themes.toml")).unwrap();
    let confidence: Vec<f32> = rows.iter().map(|r| r[5].parse().unwrap()).collect();
    assert!(
        confidence.windows(2).all(|w| w[0] <= w[1]),
        "least confident first: {confidence:?}"
    );
    for r in &rows {
        assert!(
            themes.contains(&format!("id = \"{}\"", r[3])),
            "unknown theme in {r:?}"
        );
        assert!(
            !labelled.iter().any(|l| l.contains(&r[2])),
            "already labelled: {r:?}"
        );
    }

    // The analyst corrects a row in the drafts. Drafting again (say, for the
    // next issue) must not throw the corrections away.
    let mut corrected: Vec<String> = csv.lines().map(String::from).collect();
    corrected[1] = corrected[1].replacen(&format!(",{},", rows[0][3]), ",policy,", 1);
    let corrected = corrected.join("\n") + "\n";
    std::fs::write(&drafted, &corrected).unwrap();
    let o = suggest("models/theme.model", &[]);
    assert_exit(&o, 2);
    assert!(
        text(&o.stderr).contains("already exists and may hold your corrections"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(std::fs::read_to_string(&drafted).unwrap(), corrected);
    assert_exit(&suggest("models/theme.model", &["--overwrite", "-q"]), 0);
    assert_eq!(
        std::fs::read_to_string(&drafted).unwrap().lines().count(),
        11
    );

    // The analyst pastes all drafted rows, corrected, extra columns included,
    // below the existing ones, and deletes the drafts; the file is saved the
    // way Excel saves "CSV UTF-8", with a BOM.
    let pasted: Vec<String> = corrected.lines().skip(1).map(String::from).collect();
    std::fs::remove_file(&drafted).unwrap();
    let articles = format!("\u{feff}{}\n{}\n", labelled.join("\n"), pasted.join("\n"));
    std::fs::write(lab.join("articles.csv"), articles).unwrap();

    let model = dir.path().join("m.model");
    let o = yuqing(&[
        "train",
        "--labels",
        s(&lab),
        "--corpus",
        "examples/reports",
        "-o",
        s(&model),
    ]);
    assert_exit(&o, 0);
    assert!(
        text(&o.stdout).contains("12 labelled documents"),
        "{}",
        text(&o.stdout)
    );

    // Everything is labelled now: nothing to draft, and no file written.
    let o = suggest(s(&model), &[]);
    assert_exit(&o, 0);
    assert!(
        text(&o.stderr).contains("nothing to draft"),
        "{}",
        text(&o.stderr)
    );
    assert!(!drafted.exists());
}

/// Outputs are checked before any work: never over an input, never a folder
/// or a file type the command does not write; a mix-up of inputs gets advice.
#[test]
fn outputs_never_overwrite_inputs_and_inputs_are_counted_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let corpus = d.join("corpus.jsonl");
    assert_exit(
        &yuqing(&["-q", "ingest", "examples/reports", "-o", s(&corpus)]),
        0,
    );
    let before = std::fs::read(&corpus).unwrap();

    // The output would replace the input.
    for args in [
        vec!["-q", "ingest", s(&corpus), "-o", s(&corpus)],
        vec!["-q", "classify", s(&corpus), "-o", s(&corpus)],
    ] {
        let o = yuqing(&args);
        assert_exit(&o, 2);
        assert!(
            text(&o.stderr).contains("both an input and an output"),
            "{}",
            text(&o.stderr)
        );
        assert_eq!(std::fs::read(&corpus).unwrap(), before, "{args:?}");
    }
    // A report would be replaced by a corpus.
    let reports = d.join("reports");
    std::fs::create_dir(&reports).unwrap();
    let report = reports.join("654.txt");
    std::fs::copy(
        root().join("examples/reports/000_2e71dd09e5d010f6.txt"),
        &report,
    )
    .unwrap();
    let original = std::fs::read(&report).unwrap();
    let o = yuqing(&["-q", "ingest", s(&reports), "-o", s(&report)]);
    assert_exit(&o, 2);
    assert_eq!(std::fs::read(&report).unwrap(), original);
    // Folders and foreign file types as outputs.
    let o = yuqing(&["-q", "classify", s(&corpus), "-o", s(d)]);
    assert_exit(&o, 2);
    assert!(
        text(&o.stderr).contains("this is a folder"),
        "{}",
        text(&o.stderr)
    );
    let o = yuqing(&["-q", "classify", s(&corpus), "-o", s(&d.join("out.xlsx"))]);
    assert_exit(&o, 2);
    assert!(
        text(&o.stderr).contains(".csv (opens in Excel/WPS)"),
        "{}",
        text(&o.stderr)
    );
    assert!(!d.join("out.xlsx").exists());

    // The same articles given twice (a corpus and the reports it came
    // from) are classified once, with a warning.
    let classified = d.join("classified.jsonl");
    let o = yuqing(&[
        "classify",
        s(&corpus),
        "examples/reports",
        s(&corpus),
        "-o",
        s(&classified),
    ]);
    assert_exit(&o, 0);
    assert_eq!(jsonl(&classified).len(), 13);
    assert!(
        text(&o.stderr).contains("26 articles were read twice"),
        "{}",
        text(&o.stderr)
    );

    // trend given the wrong file says which file it wants.
    let csv = d.join("classified.csv");
    assert_exit(&yuqing(&["-q", "classify", s(&corpus), "-o", s(&csv)]), 0);
    let png = d.join("t.png");
    let o = yuqing(&["-q", "trend", s(&csv), "-o", s(&png)]);
    assert_exit(&o, 2);
    assert!(
        text(&o.stderr).contains("yuqing classify -o FILE.jsonl"),
        "{}",
        text(&o.stderr)
    );
    let o = yuqing(&["-q", "trend", s(&corpus), "-o", s(&png)]);
    assert_exit(&o, 2);
    assert!(
        text(&o.stderr).contains("run `yuqing classify` on it first"),
        "{}",
        text(&o.stderr)
    );
}

/// `run` over a folder that also receives its outputs: the second run does
/// not read the first run's briefing as a report.
#[test]
fn run_twice_into_the_report_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_examples(d);
    for _ in 0..2 {
        let o = yuqing(&["run", s(d), "--out-dir", s(d)]);
        // Exit 0: nothing was skipped, so briefing.md was not read as a report.
        assert_exit(&o, 0);
        assert!(!text(&o.stderr).contains("skipped"), "{}", text(&o.stderr));
    }
    assert_eq!(jsonl(&d.join("classified.jsonl")).len(), 13);
}

/// train, suggest and trend never write over what they read: the labels,
/// a TSV, the classified articles, or a CSV an analyst made; and a model
/// must be named .model.
#[test]
fn train_suggest_and_trend_refuse_to_overwrite_their_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let labels = d.join("labels");
    std::fs::create_dir(&labels).unwrap();
    for f in ["themes.toml", "articles.csv", "dictionary.txt"] {
        std::fs::copy(root().join("labels").join(f), labels.join(f)).unwrap();
    }
    let articles = labels.join("articles.csv");
    let before = std::fs::read(&articles).unwrap();
    for args in [
        vec![
            "-q",
            "suggest",
            "examples/reports",
            "--labels",
            s(&labels),
            "-o",
            s(&articles),
        ],
        vec![
            "-q",
            "train",
            "--labels",
            s(&labels),
            "--folds",
            "0",
            "-o",
            s(&articles),
        ],
    ] {
        let o = yuqing(&args);
        assert_exit(&o, 2);
        assert_eq!(std::fs::read(&articles).unwrap(), before, "{args:?}");
    }
    let o = yuqing(&[
        "-q",
        "train",
        "--labels",
        s(&labels),
        "-o",
        s(&d.join("m.bin")),
    ]);
    assert_exit(&o, 2);
    assert!(
        text(&o.stderr).contains("ending in .model"),
        "{}",
        text(&o.stderr)
    );

    let classified = d.join("c.jsonl");
    let sheet = d.join("c.csv");
    assert_exit(
        &yuqing(&["-q", "classify", "examples/reports", "-o", s(&classified)]),
        0,
    );
    assert_exit(
        &yuqing(&["-q", "classify", "examples/reports", "-o", s(&sheet)]),
        0,
    );
    let (jsonl_bytes, csv_bytes) = (
        std::fs::read(&classified).unwrap(),
        std::fs::read(&sheet).unwrap(),
    );
    for out in [&classified, &d.join("c.png"), &sheet] {
        // c.jsonl is the input; c.png would put its numbers over c.csv;
        // c.csv is not a PNG name.
        let o = yuqing(&["-q", "trend", s(&classified), "-o", s(out)]);
        assert_exit(&o, 2);
        assert_eq!(std::fs::read(&classified).unwrap(), jsonl_bytes);
        assert_eq!(std::fs::read(&sheet).unwrap(), csv_bytes);
    }
    assert!(!d.join("c.png").exists());
}

/// Recurring article titles (a weekly column) do not make different issues
/// one, and two kept issues with the same header keep all their articles.
#[test]
fn recurring_titles_and_shared_headers_lose_no_articles() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let seed =
        std::fs::read_to_string(root().join("examples/reports/000_2e71dd09e5d010f6.txt")).unwrap();
    // Issue 654 and a later 655 with the same three titles over other stories.
    let later = seed
        .replace("(第六五四)", "(第六五五)")
        .replace("2025 年 12 月 19 日", "2025 年 12 月 26 日")
        .replace(
            "关村（朝阳）数字医疗产业园拓展区启动建设",
            "国家卫健委部署医疗数据安全专项检查",
        )
        .replace("宁夏", "甘肃");
    std::fs::write(d.join("654.txt"), &seed).unwrap();
    std::fs::write(d.join("655.txt"), &later).unwrap();
    let corpus = d.join("c.jsonl");
    let o = yuqing(&["-q", "ingest", s(d), "-o", s(&corpus)]);
    assert_exit(&o, 0);
    assert!(
        !text(&o.stderr).contains("same issue as"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(jsonl(&corpus).len(), 6);
}

/// run's own briefing from another output folder is not read as a report.
#[test]
fn an_earlier_briefing_in_the_report_folder_is_not_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_examples(d);
    assert_exit(&yuqing(&["-q", "run", s(d), "--out-dir", s(d)]), 0);
    let o = yuqing(&["run", s(d), "--out-dir", s(&d.join("again"))]);
    // Exit 0: nothing skipped, so the old briefing.md was not read.
    assert_exit(&o, 0);
    assert!(!text(&o.stderr).contains("skipped"), "{}", text(&o.stderr));
}

/// Naive Bayes on full-length articles: finite scores that sum to 1 (linfa-
/// bayes' own probabilities overflowed to inf on texts this long).
#[test]
fn naive_bayes_scores_long_articles() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("nb.model");
    let out = dir.path().join("c.jsonl");
    assert_exit(
        &yuqing(&[
            "-q",
            "train",
            "--algorithm",
            "nb",
            "--folds",
            "0",
            "-o",
            s(&model),
        ]),
        0,
    );
    assert_exit(
        &yuqing(&[
            "-q",
            "classify",
            "examples/reports",
            "-m",
            s(&model),
            "-o",
            s(&out),
        ]),
        0,
    );
    let recs = jsonl(&out);
    assert_eq!(recs.len(), 13);
    for r in &recs {
        let scores: Vec<f64> = r["scores"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_f64().expect("a finite score"))
            .collect();
        let sum: f64 = scores.iter().sum();
        assert!((sum - 1.0).abs() < 1e-3, "{scores:?}");
    }
}

/// More folds than labelled articles is one fold per article, said so; one
/// fold is refused with what to use instead.
#[test]
fn folds_are_checked_against_the_labelled_articles() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("f.model");
    let o = yuqing(&["train", "--folds", "100", "-o", s(&model)]);
    assert_exit(&o, 0);
    assert!(text(&o.stderr).contains("using 13"), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("13-fold cross-validation"),
        "{}",
        text(&o.stdout)
    );
    let o = yuqing(&["train", "--folds", "1", "-o", s(&model)]);
    assert_exit(&o, 2);
    assert!(
        text(&o.stderr).contains("use 0 to skip, or 2 or more"),
        "{}",
        text(&o.stderr)
    );
}

/// A model path that cannot be written (its folder would have to be made
/// where a file is) is refused before any training, naming the path, and the
/// file in the way is left alone.
#[test]
fn an_unwritable_model_path_is_refused_before_training() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("models.txt");
    std::fs::write(&blocker, "not a folder").unwrap();
    let model = blocker.join("m.model");
    let o = yuqing(&["train", "--folds", "0", "-o", s(&model)]);
    assert_exit(&o, 2);
    assert_eq!(text(&o.stdout), "", "nothing trained, nothing reported");
    let err = text(&o.stderr);
    assert!(!err.contains("training svm"), "{err}");
    assert!(err.contains("models.txt is a file, not a folder"), "{err}");
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "not a folder");
}

/// A long archive's republished stories: ten are named, the rest counted.
#[test]
fn many_republished_stories_are_summarised() {
    let dir = tempfile::tempdir().unwrap();
    let seed =
        std::fs::read_to_string(root().join("examples/reports/000_2e71dd09e5d010f6.txt")).unwrap();
    for k in 0..12u32 {
        let text = seed
            .replace("(第六五四)", &format!("(第{})", 654 + k))
            .replace("2025 年 12 月 19 日", &format!("2026 年 1 月 {} 日", k + 1));
        std::fs::write(dir.path().join(format!("{k}.txt")), text).unwrap();
    }
    let out = dir.path().join("c.jsonl");
    let o = yuqing(&["ingest", s(dir.path()), "-o", s(&out)]);
    assert_exit(&o, 0);
    let err = text(&o.stderr);
    assert_eq!(err.matches(" repeats article ").count(), 10, "{err}");
    assert!(err.contains("… and 23 more articles that repeat"), "{err}");
    assert_eq!(jsonl(&out).len(), 36);
}

/// A mistyped year in one issue's header (2052 for 2025): the date lies
/// outside the issue's own monitoring period and in the future, so it is
/// read in the period's year with a warning naming the file, both dates and
/// the fix; the trend, the briefing and the republished story keep their
/// order. Without a period to go by, the date is kept and the issue-number
/// order names the conflict. The seeds raise no date warning.
#[test]
fn a_mistyped_year_in_a_header_is_named_and_does_not_reorder_issues() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_examples(d);
    let seed = d.join("000_2e71dd09e5d010f6.txt");
    let report = std::fs::read_to_string(&seed).unwrap();
    assert!(report.contains("\n2025 年 12 月 19 日\n"));
    std::fs::write(
        &seed,
        report.replace("\n2025 年 12 月 19 日\n", "\n2052 年 12 月 19 日\n"),
    )
    .unwrap();
    let out = d.join("out");
    let o = yuqing(&["run", s(d), "--out-dir", s(&out)]);
    assert_exit(&o, 0);
    let err = text(&o.stderr);
    assert!(
        err.contains("000_2e71dd09e5d010f6.txt: the header date 2052-12-19 is outside the issue's monitoring period (2025-12-13 to 2025-12-19")
            && err.contains("yuqing used 2025-12-19, the header date in the period's year. Correct the year in the date line under the title"),
        "{err}"
    );
    let trend = std::fs::read_to_string(out.join("trend.csv")).unwrap();
    assert!(!trend.contains("2052"), "{trend}");
    assert!(
        trend.lines().last().unwrap().starts_with("2025-12-26,655,"),
        "{trend}"
    );
    let briefing = std::fs::read_to_string(out.join("briefing.md")).unwrap();
    assert!(briefing.contains("2023-10-31 至 2025-12-26"), "{briefing}");
    // The story of 654 is still the original, 655's the republication.
    assert!(err.contains("001_510d352a014b6f5f.txt: article 3"), "{err}");

    // No period in the lead: the date stays as written; the order of
    // issues 654 and 655 names the conflict, and the future date is named.
    let report = std::fs::read_to_string(&seed).unwrap();
    let lead = report.lines().find(|l| l.contains("时间从")).unwrap();
    std::fs::write(&seed, report.replace(lead, "本期周报共收集 3 篇相关信息。")).unwrap();
    let o = yuqing(&["ingest", s(d), "-o", s(&d.join("c.jsonl"))]);
    assert_exit(&o, 0);
    let err = text(&o.stderr);
    assert!(
        err.contains("000_2e71dd09e5d010f6.txt: the header date 2052-12-19 is ")
            && err.contains(" years in the future"),
        "{err}"
    );
    assert!(
        err.contains("001_510d352a014b6f5f.txt: issue 655 is dated 2025-12-26, before issue 654 (")
            && err.contains(
                "dated 2052-12-19): the numbers and dates of one series run in opposite directions"
            ),
        "{err}"
    );

    // The seeds as shipped: no date is questioned.
    let o = yuqing(&[
        "ingest",
        "examples/reports",
        "-o",
        s(&d.join("seeds.jsonl")),
    ]);
    assert_exit(&o, 0);
    let err = text(&o.stderr);
    for word in ["header date", "future", "opposite directions"] {
        assert!(!err.contains(word), "{err}");
    }
}

/// Copies of one issue are read once and say so, not "skipped": a copy
/// loses nothing, so the exit status stays 0; a long archive of copies
/// gives ten lines and a count, not one line per copy.
#[test]
fn copies_of_an_issue_are_read_once_in_a_few_lines() {
    let dir = tempfile::tempdir().unwrap();
    let seed = root().join("examples/reports/000_2e71dd09e5d010f6.txt");
    for k in 1..=13 {
        std::fs::copy(&seed, dir.path().join(format!("copy{k:02}.txt"))).unwrap();
    }
    let out = dir.path().join("c.jsonl");
    let o = yuqing(&["ingest", s(dir.path()), "-o", s(&out)]);
    assert_exit(&o, 0);
    let err = text(&o.stderr);
    assert!(!err.contains("skipped"), "{err}");
    assert_eq!(err.matches(": same issue as ").count(), 10, "{err}");
    assert!(
        err.contains("copy02.txt: same issue as ") && err.contains("copy01.txt (same articles"),
        "{err}"
    );
    assert!(err.contains("; read once\n"), "{err}");
    assert!(
        err.contains("… and 2 more files that hold issues already read (each issue is read once)"),
        "{err}"
    );
    assert_eq!(jsonl(&out).len(), 3);
}

/// eval names the line of a label the model does not know.
#[test]
fn eval_names_the_line_of_an_unknown_label() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("t.tsv");
    std::fs::write(
        &tsv,
        "policy\t国家卫健委发布医疗数据安全管理办法\nweather\t明天有雨\n",
    )
    .unwrap();
    let o = yuqing(&["eval", "--model", "models/theme.model", s(&tsv)]);
    assert_exit(&o, 2);
    let err = text(&o.stderr);
    assert!(err.contains("t.tsv: line 2: label 'weather'"), "{err}");
}

/// A chart size the chart cannot draw is refused when the arguments are
/// read, in plain words, before any report is read or output written.
#[test]
fn chart_size_is_checked_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports");
    let png = out.join("t.png");
    for mut args in [
        vec!["run", "--out-dir", s(&out)],
        vec!["trend", "no/such/classified.jsonl", "-o", s(&png)],
    ] {
        args.extend(["--size", "300x300"]);
        let o = yuqing(&args);
        assert_exit(&o, 2);
        let err = text(&o.stderr);
        assert!(
            err.contains("300x300 is too small for a chart")
                && err.contains("at least 320 pixels")
                && !err.contains("no/such"),
            "{err}"
        );
        assert!(!out.exists());
    }
}

/// A run that fails after its work (here: briefing.md cannot be written)
/// leaves the previous run's outputs as a set, not new tables and chart
/// beside the old briefing.
#[test]
fn a_failed_run_leaves_the_previous_outputs_together() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports");
    let one = root().join("examples/reports/000_2e71dd09e5d010f6.txt");
    assert_exit(&yuqing(&["-q", "run", s(&one), "--out-dir", s(&out)]), 0);
    let files = [
        "corpus.jsonl",
        "classified.jsonl",
        "classified.csv",
        "trend.csv",
        "trend.png",
    ];
    let before: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(out.join(f)).unwrap())
        .collect();
    std::fs::remove_file(out.join("briefing.md")).unwrap();
    std::fs::create_dir(out.join("briefing.md")).unwrap();
    let o = yuqing(&["-q", "run", "--out-dir", s(&out)]);
    assert_exit(&o, 2);
    assert!(
        text(&o.stderr).contains("briefing.md"),
        "{}",
        text(&o.stderr)
    );
    for (f, old) in files.iter().zip(&before) {
        assert!(
            &std::fs::read(out.join(f)).unwrap() == old,
            "{f} was replaced"
        );
    }
    let mut left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            "briefing.md",
            "classified.csv",
            "classified.jsonl",
            "corpus.jsonl",
            "trend.csv",
            "trend.png"
        ]
    );
}

/// `train --no-words` on the labelled seeds: it says the domain dictionary goes
/// unused, and its model classifies every seed article.
#[test]
fn a_model_without_words_classifies_the_seeds() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("chars.model");
    let o = yuqing(&["train", "--no-words", "--folds", "0", "-o", s(&model)]);
    assert_exit(&o, 0);
    assert!(
        text(&o.stderr).contains("domain dictionary are not used"),
        "{}",
        text(&o.stderr)
    );
    let recs = classify_seeds(dir.path(), &model);
    assert_eq!(recs.len(), 13);
    // Trained on these very articles, it gives most of them their label back
    // (10 of 13 measured, as many as the default model).
    let kept = agreeing_with_labels(&recs);
    assert!(kept >= 9, "{kept} of 13 seed articles keep their label");
}

/// How many classified records have the primary theme `labels/articles.csv`
/// gives their title.
fn agreeing_with_labels(recs: &[serde_json::Value]) -> usize {
    let labels = std::fs::read_to_string(root().join("labels/articles.csv")).unwrap();
    recs.iter()
        .filter(|r| {
            labels.lines().any(|l| {
                let f: Vec<&str> = l.split(',').collect();
                f.len() >= 4
                    && f[2] == r["title"].as_str().unwrap()
                    && f[3] == r["primary"].as_str().unwrap()
            })
        })
        .count()
}

/// `yuqing classify` of the example reports with `model`, into `dir`: the
/// classified records.
fn classify_seeds(dir: &Path, model: &Path) -> Vec<serde_json::Value> {
    let classified = dir.join("c.jsonl");
    let o = yuqing(&[
        "-q",
        "classify",
        "examples/reports",
        "--model",
        s(model),
        "-o",
        s(&classified),
    ]);
    assert_exit(&o, 0);
    jsonl(&classified)
}

/// Seed issue 654 republished as weekly issue `n` dated `date` (its monitoring
/// period the week before), its first story renamed so that it is an issue of
/// its own and not a copy of the seed.
fn weekly_654(dir: &Path, n: u32, date: chrono::NaiveDate) {
    let seed =
        std::fs::read_to_string(root().join("examples/reports/000_2e71dd09e5d010f6.txt")).unwrap();
    let zh = |d: chrono::NaiveDate| d.format("%Y 年 %-m 月 %-d 日").to_string();
    let text = seed
        .replace("(第六五四)", &format!("(第{n}期)"))
        .replace("2025 年 12 月 19 日", &zh(date))
        .replace("2025 年 12 月 13 日", &zh(date - chrono::Duration::days(6)))
        .replace(
            "北京首个数字医疗产业园扩容",
            &format!("北京首个数字医疗产业园扩容{n}"),
        );
    assert_ne!(text, seed);
    std::fs::write(dir.join(format!("第{n}期.txt")), text).unwrap();
}

/// A quarter that has only begun (one issue, against 13 in the quarter
/// before) used to make the briefing say that every theme fell, because its
/// raw count was compared with full quarters'. The same issue every week is
/// flat: counts are compared per issue, and the short quarter is named.
#[test]
fn a_quarter_that_has_just_begun_is_not_a_fall_of_every_theme() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    let first = chrono::NaiveDate::from_ymd_opt(2025, 7, 4).unwrap();
    for k in 0..14u32 {
        weekly_654(&reports, 700 + k, first + chrono::Duration::weeks(k.into()));
    }
    let out = dir.path().join("out");
    let o = yuqing(&[
        "run",
        s(&reports),
        "--out-dir",
        s(&out),
        "--per",
        "quarter",
        "--count-duplicates",
    ]);
    assert_exit(&o, 0);
    let csv = std::fs::read_to_string(out.join("trend.csv")).unwrap();
    assert!(
        csv.contains("\n2025 Q3,700,712,周报,13,39,")
            && csv.contains("\n2025 Q4,713,713,周报,1,3,"),
        "{csv}"
    );
    let err = text(&o.stderr);
    assert!(
        err.contains("the last quarter, 2025 Q4, holds 1 issue against 13 in most quarters before it: if it is not complete yet, its article counts are lower"),
        "{err}"
    );
    let brief = std::fs::read_to_string(out.join("briefing.md")).unwrap();
    assert!(!brief.contains("↓ 下降"), "{brief}");
    assert!(brief.contains("→ 持平"), "{brief}");
    assert!(
        brief.contains("每期平均篇数")
            && brief.contains("最近一季度（2025 Q4）目前只有 1 期，此前各季度通常有 13 期"),
        "{brief}"
    );
}

/// `suggest --labels DIR` without `-o` used to write its drafts into
/// `labels/suggested.csv` of the current folder (yuqing's own labels, here),
/// away from the DIR/articles.csv it told the analyst to copy them into.
#[test]
fn suggest_drafts_into_the_labels_folder_it_was_given() {
    let dir = tempfile::tempdir().unwrap();
    let lab = dir.path().join("my labels");
    std::fs::create_dir(&lab).unwrap();
    for f in ["themes.toml", "dictionary.txt"] {
        std::fs::copy(root().join("labels").join(f), lab.join(f)).unwrap();
    }
    std::fs::write(
        lab.join("articles.csv"),
        "key,issue,title,primary,secondary\n",
    )
    .unwrap();
    let shipped = root().join("labels/suggested.csv");
    assert!(!shipped.exists(), "remove {} first", shipped.display());
    let o = yuqing(&["suggest", "examples/reports", "--labels", s(&lab)]);
    let left_in_repo = shipped.exists();
    let _ = std::fs::remove_file(&shipped);
    assert_exit(&o, 0);
    assert!(!left_in_repo, "drafts written to {}", shipped.display());
    let drafted = std::fs::read_to_string(lab.join("suggested.csv")).unwrap();
    assert!(drafted.contains("北京首个数字医疗产业园扩容"), "{drafted}");
    let err = text(&o.stderr);
    assert!(err.contains(s(&lab.join("suggested.csv"))), "{err}");
}

/// An issue kept as .txt, .pdf and .docx in one folder is read once; what its
/// header lacks used to be said once per copy (three "no issue number" notes
/// for one issue, a thousand in an archive kept in three formats).
#[test]
fn copies_of_one_issue_are_noted_once() {
    let dir = tempfile::tempdir().unwrap();
    let stem = "004_853b37a96b61c717";
    std::fs::copy(
        root().join(format!("examples/reports/{stem}.txt")),
        dir.path().join(format!("{stem}.txt")),
    )
    .unwrap();
    for ext in ["pdf", "docx"] {
        std::fs::copy(
            root().join(format!("tests/data/{stem}.{ext}")),
            dir.path().join(format!("{stem}.{ext}")),
        )
        .unwrap();
    }
    let out = dir.path().join("corpus.jsonl");
    let o = yuqing(&["ingest", s(dir.path()), "-o", s(&out)]);
    assert_exit(&o, 0);
    let err = text(&o.stderr);
    assert_eq!(err.matches("same issue as").count(), 2, "{err}");
    assert_eq!(err.matches("no issue number").count(), 1, "{err}");
    assert_eq!(jsonl(&out).len(), 3);
}

/// An archive keeps many issues as PDF and DOCX. When the PDF is password-
/// protected, its skip line used to send the analyst off to find the password
/// although the DOCX beside it had been read; it now says so.
#[test]
fn a_skipped_file_names_its_copy_that_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let data = root().join("tests/data");
    std::fs::copy(
        data.join("000_2e71dd09e5d010f6.docx"),
        dir.path().join("第654期.docx"),
    )
    .unwrap();
    for name in ["第654期.pdf", "other.pdf"] {
        std::fs::copy(
            data.join("000_2e71dd09e5d010f6.encrypted.pdf"),
            dir.path().join(name),
        )
        .unwrap();
    }
    let out = dir.path().join("corpus.jsonl");
    let o = yuqing(&["ingest", s(dir.path()), "-o", s(&out)]);
    assert_exit(&o, 1);
    let err = text(&o.stderr);
    let line = |name: &str| {
        err.lines()
            .find(|l| l.starts_with("yuqing: skipped") && l.contains(name))
            .unwrap_or_else(|| panic!("{err}"))
            .to_string()
    };
    assert!(
        line("第654期.pdf").ends_with(
            "(第654期.docx beside it was read: if it is the same issue, nothing is missing)"
        ),
        "{err}"
    );
    assert!(!line("other.pdf").contains("beside it"), "{err}");
    assert_eq!(jsonl(&out).len(), 3);
}

/// A series exported without its monitoring periods (时间从…到…): ten files
/// are named and the rest counted, as for republished stories, instead of one
/// line per file of a long archive.
#[test]
fn a_series_without_monitoring_periods_gives_a_few_lines() {
    let dir = tempfile::tempdir().unwrap();
    let seed =
        std::fs::read_to_string(root().join("examples/reports/000_2e71dd09e5d010f6.txt")).unwrap();
    let period = ", 时间从 2025 年 12 月 13 日到 2025 年 12 月 19 日,";
    assert!(seed.contains(period) && seed.contains("(第六五四)"));
    for k in 0..14u32 {
        let text = seed
            .replace(period, ",")
            .replace("(第六五四)", &format!("(第{}期)", 600 + k))
            .replace("2025 年 12 月 19 日", &format!("2025 年 1 月 {} 日", 3 + k));
        std::fs::write(dir.path().join(format!("w{k:02}.txt")), text).unwrap();
    }
    let out = dir.path().join("c.jsonl");
    let o = yuqing(&["ingest", s(dir.path()), "-o", s(&out)]);
    assert_exit(&o, 0);
    let err = text(&o.stderr);
    assert_eq!(
        err.matches(": no monitoring period (时间从").count(),
        10,
        "{err}"
    );
    assert!(
        err.contains("… and 4 more files without a monitoring period\n"),
        "{err}"
    );
    assert_eq!(jsonl(&out).len(), 42);
}

/// One kind of warning or note that a long archive gives once per file (or
/// per article): an archive of `files` reports that gives it, the phrase
/// that picks its lines out of stderr, and the line that counts the rest.
struct CappedCase {
    kind: &'static str,
    /// File name and text of the `k`th report.
    file: fn(u32) -> (String, String),
    files: u32,
    /// (phrase of the kind's lines, closing line), one or more kinds.
    expect: &'static [(&'static str, &'static str)],
}

fn weekly_date(k: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2025, 1, 3).unwrap() + chrono::Duration::weeks(i64::from(k))
}

fn numbered(k: u32) -> (String, String) {
    (format!("{k:02}.txt"), seed_issue(600 + k, weekly_date(k)))
}

const CAPPED_CASES: &[CappedCase] = &[
    CappedCase {
        kind: "republished stories",
        file: numbered,
        files: 13,
        // Three stories in each of 12 files after the first.
        expect: &[(
            " repeats article ",
            "yuqing: warning: … and 26 more articles that repeat an earlier one (each counted once in trends)",
        )],
    },
    CappedCase {
        kind: "copies of one issue",
        file: |k| (format!("copy{k:02}.txt"), seed_issue(600, weekly_date(0))),
        files: 13,
        expect: &[(
            ": same issue as ",
            "yuqing: warning: … and 2 more files that hold issues already read (each issue is read once)",
        )],
    },
    CappedCase {
        kind: "dated in the future",
        file: |k| {
            let date = chrono::NaiveDate::from_ymd_opt(2099, 1, 2).unwrap()
                + chrono::Duration::weeks(i64::from(k));
            (format!("{k:02}.txt"), seed_issue(600 + k, date))
        },
        files: 13,
        expect: &[(
            " in the future (today is ",
            "yuqing: warning: … and 3 more files dated in the future",
        )],
    },
    CappedCase {
        kind: "no monitoring period",
        file: |k| {
            let (name, text) = numbered(k);
            (name, without_period(&text))
        },
        files: 13,
        expect: &[(
            ": no monitoring period (时间从",
            "yuqing: warning: … and 3 more files without a monitoring period",
        )],
    },
    CappedCase {
        kind: "neither 周报 nor 月报",
        file: |k| {
            let (name, text) = numbered(k);
            (name, without_series(&text))
        },
        files: 13,
        expect: &[(
            ": cannot tell 周报 from 月报",
            "yuqing: warning: … and 3 more files that name neither 周报 nor 月报",
        )],
    },
    CappedCase {
        kind: "no publication date",
        file: |k| {
            let (name, text) = numbered(k);
            (name, without_date(&text))
        },
        files: 13,
        expect: &[(
            ": no publication date in the header",
            "yuqing: warning: … and 3 more files without a publication date",
        )],
    },
    CappedCase {
        // Placed by its date: a note.
        kind: "no issue number",
        file: |k| {
            let (_, text) = numbered(k);
            (format!("x{k:02}.txt"), without_number(&text))
        },
        files: 13,
        expect: &[(
            ": no issue number (第…期)",
            "note: … and 3 more files without an issue number",
        )],
    },
    CappedCase {
        // Neither number nor date: two warnings a file.
        kind: "no issue number and no date",
        file: |k| {
            let (_, text) = numbered(k);
            (format!("x{k:02}.txt"), without_date(&without_number(&text)))
        },
        files: 13,
        expect: &[
            (
                ": no issue number (第…期)",
                "yuqing: warning: … and 3 more files without an issue number",
            ),
            (
                ": no publication date in the header",
                "yuqing: warning: … and 3 more files without a publication date",
            ),
        ],
    },
    // Numbers up and dates down throughout a series is not capped but summed
    // up in one warning (`corpus::walk` unit tests, and below).
];

/// Every kind of warning or note that a long archive gives once per file
/// (or per article) is capped: ten lines of the kind, then one line counting
/// the rest, however its message is worded. Each archive has more than ten.
#[test]
fn every_kind_a_long_archive_repeats_gives_ten_lines_and_a_count() {
    for case in CAPPED_CASES {
        let dir = tempfile::tempdir().unwrap();
        for k in 0..case.files {
            let (name, text) = (case.file)(k);
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let out = dir.path().join("c.jsonl");
        let o = yuqing(&["ingest", s(dir.path()), "-o", s(&out)]);
        assert_exit(&o, 0);
        let err = text(&o.stderr);
        for (phrase, closing) in case.expect {
            let lines = err.lines().filter(|l| l.contains(phrase)).count();
            assert_eq!(lines, 10, "{}: {phrase}\n{err}", case.kind);
            assert_eq!(
                err.lines().filter(|l| l == closing).count(),
                1,
                "{}: {closing}\n{err}",
                case.kind
            );
        }
    }
}

/// A series numbered up and dated down throughout is one warning, which says
/// it is not a typo, instead of one per pair of issues.
#[test]
fn a_series_out_of_step_throughout_is_one_warning() {
    let dir = tempfile::tempdir().unwrap();
    for k in 0..13 {
        let date = weekly_date(20) - chrono::Duration::weeks(i64::from(k));
        std::fs::write(
            dir.path().join(format!("{k:02}.txt")),
            seed_issue(600 + k, date),
        )
        .unwrap();
    }
    let out = dir.path().join("c.jsonl");
    let o = yuqing(&["ingest", s(dir.path()), "-o", s(&out)]);
    assert_exit(&o, 0);
    let err = text(&o.stderr);
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("run in opposite directions"))
        .collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].starts_with("yuqing: warning: 12 pairs of 周报 issues")
            && lines[0].contains("too many for a mistyped date"),
        "{err}"
    );
}

/// The score columns of a classified CSV follow `labels/themes.toml`, the
/// order of `yuqing themes` and of the charts, not the themes' ids
/// alphabetically; `run`'s CSV too.
#[test]
fn classified_csv_scores_follow_the_taxonomy() {
    let themes: Vec<String> = yuqing::labels::load_themes(&root().join("labels/themes.toml"))
        .unwrap()
        .into_iter()
        .map(|t| format!("score_{}", t.id))
        .collect();
    let mut alphabetical = themes.clone();
    alphabetical.sort();
    assert_ne!(themes, alphabetical, "the taxonomy is not alphabetical");
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("c.csv");
    assert_exit(
        &yuqing(&["-q", "classify", "examples/reports", "-o", s(&csv)]),
        0,
    );
    let out = dir.path().join("out");
    assert_exit(
        &yuqing(&["-q", "run", "examples/reports", "--out-dir", s(&out)]),
        0,
    );
    for file in [csv, out.join("classified.csv")] {
        let table = std::fs::read_to_string(&file).unwrap();
        let header: Vec<&str> = table.lines().next().unwrap().split(',').collect();
        let scores: Vec<&str> = header
            .iter()
            .copied()
            .filter(|h| h.starts_with("score_"))
            .collect();
        assert_eq!(scores, themes, "{}", file.display());
        // The scores moved with their headers: the primary theme's column
        // holds each row's highest score.
        let mut rdr = csv::Reader::from_reader(table.as_bytes());
        let names: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
        let col = |name: &str| names.iter().position(|h| h == name).unwrap();
        let mut rows = 0;
        for row in rdr.records() {
            let row = row.unwrap();
            let score = |t: &str| -> f32 { row[col(t)].parse().unwrap() };
            let best = themes.iter().map(|t| score(t)).fold(f32::MIN, f32::max);
            assert_eq!(score(&format!("score_{}", &row[col("primary")])), best);
            rows += 1;
        }
        assert_eq!(rows, 13);
    }
}

/// Seed issue 655 (`examples/reports/001_…txt`) as the next issue, 第660期
/// of 2026-01-30: its first story is new, its other two are the stories of
/// 655 told again (republished).
fn issue_660() -> String {
    let seed =
        std::fs::read_to_string(root().join("examples/reports/001_510d352a014b6f5f.txt")).unwrap();
    let (first, second) = ("本报讯（记者孙乐琪）", "\n## 2. 专家智慧");
    for part in [
        "(第六五五)",
        "2025年12月26日",
        "2025年12月20日",
        first,
        second,
    ] {
        assert!(seed.contains(part), "the seed has changed: {part}");
    }
    let (start, end) = (seed.find(first).unwrap(), seed.find(second).unwrap());
    let story = "某省卫生健康委近日宣布，全民健康信息平台新版正式上线运行，实现全省二级以上医院检查检验结果互认共享，居民可通过手机查询电子健康档案和就诊记录，减少重复检查，提升就医体验。\n";
    format!("{}{story}{}", &seed[..start], &seed[end..])
        .replace("(第六五五)", "(第660期)")
        .replace("2025年12月26日", "2026年1月30日")
        .replace("2025年12月20日", "2026年1月24日")
        .replace("三家医院升级智慧服务", "某省上线全民健康信息平台新版")
}

/// What places a classified article and marks it as a repeat.
fn placed(path: &Path) -> Vec<String> {
    jsonl(path)
        .iter()
        .map(|r| {
            format!(
                "{} {} #{} {} dup={}",
                r["issue"]["date"], r["issue"]["number"], r["ordinal"], r["key"], r["duplicate_of"]
            )
        })
        .collect()
}

fn repeat_lines(o: &Output) -> Vec<String> {
    text(&o.stderr)
        .lines()
        .filter(|l| l.contains(" repeats article "))
        .map(String::from)
        .collect()
}

/// A new issue's corpus (`yuqing ingest new.txt -o new.jsonl`) classified
/// with the folder of earlier reports is read as if the new report itself
/// were given: one order of issues by date, whichever input comes first,
/// and its republished stories marked and named as repeats. A mark that the
/// corpus already holds stays; an article read twice is still kept once.
#[test]
fn a_new_issues_corpus_and_earlier_reports_are_read_as_one_archive() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let reports = d.join("reports");
    std::fs::create_dir(&reports).unwrap();
    copy_examples(&reports);
    let new_txt = d.join("issue660.txt");
    std::fs::write(&new_txt, issue_660()).unwrap();
    let new_jsonl = d.join("new.jsonl");
    assert_exit(
        &yuqing(&["-q", "ingest", s(&new_txt), "-o", s(&new_jsonl)]),
        0,
    );
    let classify = |inputs: &[&Path], out: &str| {
        let out = d.join(out);
        let mut args = vec!["classify"];
        args.extend(inputs.iter().map(|p| s(p)));
        args.extend(["-o", s(&out)]);
        let o = yuqing(&args);
        assert_exit(&o, 0);
        (placed(&out), repeat_lines(&o))
    };
    let (as_report, named) = classify(&[&reports, &new_txt], "a.jsonl");
    // Issue 660's stories 2 and 3 repeat 655's; 655's story 3 repeats 654's.
    assert_eq!(named.len(), 3, "{named:?}");
    assert_eq!(
        named
            .iter()
            .filter(|l| l.contains("issue660.txt: article "))
            .count(),
        2,
        "{named:?}"
    );
    let dates: Vec<&str> = as_report.iter().map(|r| &r[..12]).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "{as_report:#?}");
    assert!(as_report
        .last()
        .unwrap()
        .starts_with("\"2026-01-30\" 660 #3"));
    for (inputs, out) in [
        (vec![&*reports, &*new_jsonl], "b.jsonl"),
        (vec![&*new_jsonl, &*reports], "c.jsonl"),
    ] {
        assert_eq!(
            classify(&inputs, out),
            (as_report.clone(), named.clone()),
            "{out}"
        );
    }

    // A corpus of issue 660 alone whose records were marked as repeats when
    // it was ingested with the earlier reports: the marks stay.
    let all = d.join("all.jsonl");
    assert_exit(
        &yuqing(&["-q", "ingest", s(&reports), s(&new_txt), "-o", s(&all)]),
        0,
    );
    let marked = d.join("marked.jsonl");
    let lines: Vec<String> = std::fs::read_to_string(&all)
        .unwrap()
        .lines()
        .filter(|l| l.contains("issue660.txt"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(lines.len(), 3);
    std::fs::write(&marked, lines.concat()).unwrap();
    let (alone, named_alone) = classify(&[&marked], "d.jsonl");
    assert_eq!(alone, as_report[13..], "{alone:#?}");
    assert!(named_alone.is_empty(), "{named_alone:?}");

    // The whole archive's corpus and the reports it came from: each article
    // once, with a warning, and the same marks.
    let out = d.join("e.jsonl");
    let o = yuqing(&["classify", s(&reports), s(&all), "-o", s(&out)]);
    assert_exit(&o, 0);
    assert!(
        text(&o.stderr).contains("13 articles were read twice"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(placed(&out), as_report);
    assert_eq!(repeat_lines(&o), named);
    // Nor is an issue read twice counted twice.
    let o = yuqing(&[
        "ingest",
        s(&all),
        s(&reports),
        s(&all),
        "-o",
        s(&d.join("f.jsonl")),
    ]);
    assert_exit(&o, 0);
    assert!(
        text(&o.stderr).contains("wrote 16 articles from 5 issues"),
        "{}",
        text(&o.stderr)
    );
}
