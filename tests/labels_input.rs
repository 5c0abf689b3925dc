//! Hand-edited input files as analysts really save them: `label<TAB>text`
//! files with a BOM, a header line, empty texts, extra columns or in GBK;
//! `labels/articles.csv` and `labels/themes.toml` re-saved by Excel/WPS in
//! GBK with CRLF (or UTF-16); `articles.csv` rows whose key Excel mangled.
//! Fixtures are built in a temporary folder from the repository's own
//! `labels/` files and seed reports, and from `../shared/data` (those tests
//! are skipped with a message when it is absent).

use std::path::{Path, PathBuf};

use encoding_rs::GB18030;
use yuqing::corpus::article_key;
use yuqing::corpus::walk::{collect_inputs, ingest};
use yuqing::labels::load_label_rows;
use yuqing::{CorpusRecord, LabelSet, TrainingSet};

mod common;
use common::{classify, root, shared_data as shared, shipped_model, yuqing};

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

fn write(p: &Path, bytes: impl AsRef<[u8]>) -> PathBuf {
    std::fs::write(p, bytes).unwrap();
    p.to_path_buf()
}

fn gbk(s: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = GB18030.encode(s);
    assert!(!unmappable);
    bytes.into_owned()
}

fn utf16le_bom(s: &str) -> Vec<u8> {
    let mut b = vec![0xFF, 0xFE];
    for u in s.encode_utf16() {
        b.extend_from_slice(&u.to_le_bytes());
    }
    b
}

/// UTF-16 as some scripts and export tools write it: no byte-order mark.
fn utf16le_no_bom(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn utf16be_no_bom(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_be_bytes).collect()
}

fn utf8_bom(s: &str) -> Vec<u8> {
    let mut b = vec![0xEF, 0xBB, 0xBF];
    b.extend_from_slice(s.as_bytes());
    b
}

/// LF → CRLF, as Excel on Windows saves.
fn crlf(s: &str) -> String {
    s.replace('\n', "\r\n")
}

/// The repository's `labels/articles.csv` as `primary<TAB>title` lines: a
/// real labelled TSV that is always there.
fn labels_tsv() -> String {
    let rows = load_label_rows(
        &root().join("labels/articles.csv"),
        &yuqing::labels::load_themes(&root().join("labels/themes.toml")).unwrap(),
    )
    .unwrap()
    .0;
    rows.iter()
        .map(|r| format!("{}\t{}\n", r.primary, r.title))
        .collect()
}

/// The first `n` lines of nlpcc2017's training set, if present.
fn nlpcc_head(n: usize) -> Option<String> {
    let p = shared("nlpcc2017/train.tsv")?;
    Some(read(&p).lines().take(n).map(|l| format!("{l}\n")).collect())
}

/// (class id, text) of every document, in file order.
fn docs(set: &TrainingSet) -> Vec<(String, String)> {
    set.docs
        .iter()
        .map(|d| (set.classes[d.primary].id.clone(), d.text.clone()))
        .collect()
}

fn class_ids(set: &TrainingSet) -> Vec<String> {
    set.classes.iter().map(|c| c.id.clone()).collect()
}

/// BOM, header line, CRLF, GBK and UTF-16 variants of a TSV file read
/// exactly like the plain UTF-8 file: no `\u{feff}car` class, no `label`
/// class, no encoding error.
fn assert_variants_read_alike(plain_text: &str) {
    let dir = tempfile::tempdir().unwrap();
    let plain = TrainingSet::from_tsv(&write(&dir.path().join("plain.tsv"), plain_text)).unwrap();
    assert!(plain.warnings.is_empty(), "{:?}", plain.warnings);
    let with_header = format!("label\ttext\n{plain_text}");
    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("bom", utf8_bom(plain_text)),
        ("header", with_header.clone().into_bytes()),
        ("bom_header_crlf", utf8_bom(&crlf(&with_header))),
        (
            "category_title",
            format!("Category\tTitle\n{plain_text}").into_bytes(),
        ),
        (
            "chinese_header",
            format!("类别\t标题\n{plain_text}").into_bytes(),
        ),
        ("gbk", gbk(plain_text)),
        ("gbk_header_crlf", gbk(&crlf(&with_header))),
        ("utf16", utf16le_bom(&crlf(&with_header))),
        ("utf16le_no_bom", utf16le_no_bom(&crlf(&with_header))),
        ("utf16be_no_bom", utf16be_no_bom(plain_text)),
    ];
    for (name, bytes) in variants {
        let path = write(&dir.path().join(format!("{name}.tsv")), bytes);
        let set = TrainingSet::from_tsv(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(class_ids(&set), class_ids(&plain), "{name}");
        assert_eq!(docs(&set), docs(&plain), "{name}");
        assert!(set.warnings.is_empty(), "{name}: {:?}", set.warnings);
    }
}

#[test]
fn tsv_with_bom_header_crlf_gbk_or_utf16_reads_like_the_plain_file() {
    assert_variants_read_alike(&labels_tsv());
    if let Some(nlpcc) = nlpcc_head(200) {
        assert_variants_read_alike(&nlpcc);
    }
}

#[test]
fn tsv_lines_without_text_are_skipped_with_one_warning() {
    let dir = tempfile::tempdir().unwrap();
    let plain_text = labels_tsv();
    let plain = TrainingSet::from_tsv(&write(&dir.path().join("plain.tsv"), &plain_text)).unwrap();
    // Empty texts on lines 4 and 8 (one only blanks), after a header.
    let mut lines: Vec<String> = plain_text.lines().map(String::from).collect();
    lines.insert(2, "policy\t".into());
    lines.insert(6, "industry\t  ".into());
    lines.insert(0, "label\ttext".into());
    let path = write(&dir.path().join("empty.tsv"), lines.join("\n"));
    let set = TrainingSet::from_tsv(&path).unwrap();
    assert_eq!(docs(&set), docs(&plain));
    assert_eq!(set.warnings.len(), 1, "{:?}", set.warnings);
    let w = &set.warnings[0];
    assert!(
        w.contains("2 lines have a label but no text") && w.contains("first: line 4"),
        "{w}"
    );
    assert!(w.contains("empty.tsv"), "{w}");
}

#[test]
fn tsv_extra_columns_are_warned_about_once_and_read_as_the_header_says() {
    let dir = tempfile::tempdir().unwrap();
    let plain_text = labels_tsv();
    let plain = TrainingSet::from_tsv(&write(&dir.path().join("plain.tsv"), &plain_text)).unwrap();
    let three: String = plain_text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let (label, text) = l.split_once('\t').unwrap();
            format!("{label}\tdoc{i}\t{text}\n")
        })
        .collect();

    // No header: everything after the first TAB is the text, and one
    // warning says so, naming the first such line.
    let set = TrainingSet::from_tsv(&write(&dir.path().join("three.tsv"), &three)).unwrap();
    assert_eq!(set.warnings.len(), 1, "{:?}", set.warnings);
    let w = &set.warnings[0];
    assert!(
        w.contains("more than 2 TAB-separated columns") && w.contains("first: line 1"),
        "{w}"
    );
    assert!(w.contains("everything after the first TAB"), "{w}");
    assert!(set.docs[0].text.starts_with("doc0\t"));

    // A header naming the columns: the text is its `text` column only.
    let with_header = format!("label\tdoc_id\ttext\n{three}");
    let set =
        TrainingSet::from_tsv(&write(&dir.path().join("hdr.tsv"), gbk(&with_header))).unwrap();
    assert_eq!(docs(&set), docs(&plain));
    assert_eq!(set.warnings.len(), 1, "{:?}", set.warnings);
    let w = &set.warnings[0];
    assert!(w.contains("first: line 2"), "{w}");
    assert!(
        w.contains("column 3 (text)") && w.contains("doc_id are ignored"),
        "{w}"
    );

    // The public SogouC sample: label_code, label_zh, doc_id, text.
    let Some(sogou) = shared("sogouc-sample/sogouc_sample_9class.tsv") else {
        return;
    };
    let set = TrainingSet::from_tsv(&sogou).unwrap();
    assert_eq!(set.docs.len(), 90);
    assert_eq!(set.classes.len(), 9);
    assert!(set.classes.iter().all(|c| c.id.starts_with("C0000")));
    // The Chinese class name (column 2) would give the answer away.
    let zh: Vec<String> = read(&sogou)
        .lines()
        .skip(1)
        .map(|l| l.split('\t').nth(1).unwrap().to_string())
        .collect();
    for (d, name) in set.docs.iter().zip(&zh) {
        assert!(!d.text.starts_with(name.as_str()), "{}", d.text);
        assert!(!d.text.contains('\t'));
    }
    assert_eq!(set.warnings.len(), 1, "{:?}", set.warnings);
    assert!(
        set.warnings[0].contains("first: line 2") && set.warnings[0].contains("label_zh, doc_id"),
        "{}",
        set.warnings[0]
    );
}

/// `yuqing train --tsv` and `yuqing eval` on a GBK file with a BOM-less
/// header line, CRLF and an empty text, as Excel saves it: train prints the
/// warning and learns no `label` class; eval accepts the same file.
#[test]
fn train_and_eval_read_a_gbk_tsv_with_header_alike() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("label\ttext\n{}policy\t\n", labels_tsv());
    let tsv = write(&dir.path().join("gbk.tsv"), gbk(&crlf(&text)));
    let model = dir.path().join("m.model");
    let (tsv_s, model_s) = (tsv.to_str().unwrap(), model.to_str().unwrap());
    let o = yuqing(&["-q", "train", "--tsv", tsv_s, "-o", model_s, "--json"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("1 line has a label but no text after the TAB (first: line 15)"),
        "{stderr}"
    );
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let classes: Vec<&str> = report["class_counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c[0].as_str().unwrap())
        .collect();
    assert!(!classes.contains(&"label"), "{classes:?}");
    assert!(classes.contains(&"policy"), "{classes:?}");
    let o = yuqing(&["-q", "eval", "--model", model_s, tsv_s, "--json"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    let eval: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        eval["n"].as_u64(),
        Some(labels_tsv().lines().count() as u64)
    );
}

/// A few broken lines in a large label<TAB>text file (a text broken over
/// two lines, a lost label) are skipped and named, each with its line, and
/// summed up last: `train --tsv` still writes the model and `eval` still
/// scores, both exiting 1, instead of the first broken line stopping all.
/// A file that is mostly not label<TAB>text (articles.csv, a corpus .jsonl)
/// is refused, saying what it is.
#[test]
fn a_tsv_with_a_few_bad_lines_is_read_without_them() {
    let dir = tempfile::tempdir().unwrap();
    let plain_text = labels_tsv();
    let plain = TrainingSet::from_tsv(&write(&dir.path().join("plain.tsv"), &plain_text)).unwrap();
    let mut lines: Vec<String> = plain_text.lines().map(String::from).collect();
    lines.insert(3, "的后半句，换行时断开了".into());
    lines.insert(7, "\t没有标签的一行".into());
    let tsv = write(
        &dir.path().join("bad.tsv"),
        gbk(&crlf(&(lines.join("\n") + "\n"))),
    );
    let set = TrainingSet::from_tsv(&tsv).unwrap();
    assert_eq!(docs(&set), docs(&plain));
    assert_eq!(
        set.skipped.as_ref().map(|s| s.lines.clone()),
        Some(vec![4, 8])
    );
    assert!(
        set.warnings
            .iter()
            .any(|w| w.contains("bad.tsv: line 4: no TAB between a label and a text")),
        "{:?}",
        set.warnings
    );
    assert!(
        set.warnings
            .iter()
            .any(|w| w.contains("bad.tsv: line 8: no label before the TAB")),
        "{:?}",
        set.warnings
    );

    let model = dir.path().join("m.model");
    let (tsv_s, model_s) = (tsv.to_str().unwrap(), model.to_str().unwrap());
    let n = plain_text.lines().count();
    let summary = format!(
        "bad.tsv: 2 of {} lines (lines 4, 8) are not label<TAB>text and were skipped",
        n + 2
    );
    let o = yuqing(&["-q", "train", "--tsv", tsv_s, "-o", model_s]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(model.is_file());
    assert!(
        stderr.lines().last().unwrap().contains(&summary),
        "{stderr}"
    );
    let o = yuqing(&["-q", "eval", "--model", model_s, tsv_s, "--json"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.lines().last().unwrap().contains(&summary),
        "{stderr}"
    );
    let eval: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(eval["n"].as_u64(), Some(n as u64));

    // Not label<TAB>text at all: refused, saying what the file is.
    let csv = root().join("labels/articles.csv");
    let o = yuqing(&["-q", "eval", "--model", model_s, csv.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("articles.csv: the columns are separated by commas, not TABs"),
        "{stderr}"
    );
    // Headlines without labels hold '，' but are no CSV.
    let bare = write(
        &dir.path().join("bare.tsv"),
        "三家医院升级智慧服务，患者就医更方便\n专家智慧助力基层诊疗，AI 促进优质医疗资源普惠可及\n",
    );
    let o = yuqing(&["-q", "eval", "--model", model_s, bare.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("bare.tsv: line 1: no TAB between a label and a text")
            && !stderr.contains("CSV"),
        "{stderr}"
    );
    let jsonl = dir.path().join("corpus.jsonl");
    let o = yuqing(&[
        "-q",
        "ingest",
        "examples/reports",
        "-o",
        jsonl.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let o = yuqing(&[
        "-q",
        "train",
        "--tsv",
        jsonl.to_str().unwrap(),
        "-o",
        model_s,
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("corpus.jsonl: this is JSON Lines"),
        "{stderr}"
    );
}

/// A test file labelled with the themes' Chinese names, as an analyst
/// writes them, evaluates a theme model as one labelled with the ids does.
#[test]
fn eval_reads_theme_labels_written_by_their_chinese_names() {
    let dir = tempfile::tempdir().unwrap();
    let themes = yuqing::labels::load_themes(&root().join("labels/themes.toml")).unwrap();
    let by_id = labels_tsv();
    let by_name: String = by_id
        .lines()
        .map(|l| {
            let (id, text) = l.split_once('\t').unwrap();
            let zh = &themes.iter().find(|t| t.id == id).unwrap().zh;
            format!("{zh}\t{text}\n")
        })
        .collect();
    assert_ne!(by_name, by_id);
    let eval = |name: &str, text: &str| {
        let tsv = write(&dir.path().join(name), gbk(&crlf(text)));
        let o = yuqing(&["-q", "eval", tsv.to_str().unwrap(), "--json"]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{name}: {stderr}");
        let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        for k in ["test", "predict_seconds", "predict_docs_per_s"] {
            v.as_object_mut().unwrap().remove(k);
        }
        v
    };
    assert_eq!(eval("zh.tsv", &by_name), eval("id.tsv", &by_id));
}

/// A TSV file of one label cannot train a classifier: the message names the
/// file and the label, not "only 1 class". eval still takes such a file (a
/// test set of one class is fine).
#[test]
fn train_on_a_tsv_of_one_label_names_the_file_and_the_label() {
    let dir = tempfile::tempdir().unwrap();
    let one: String = labels_tsv()
        .lines()
        .map(|l| format!("policy\t{}\n", l.split_once('\t').unwrap().1))
        .collect();
    let tsv = write(&dir.path().join("one.tsv"), one);
    let model = dir.path().join("m.model");
    let o = yuqing(&[
        "-q",
        "train",
        "--tsv",
        tsv.to_str().unwrap(),
        "-o",
        model.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("one.tsv: every line has the label 'policy', but a classifier learns to tell labels apart"),
        "{stderr}"
    );
    assert!(!model.exists());
    let o = yuqing(&["-q", "eval", tsv.to_str().unwrap(), "--json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A copy of the repository's labels folder.
fn copy_labels(dir: &Path) -> PathBuf {
    let out = dir.join("labels");
    std::fs::create_dir_all(&out).unwrap();
    for f in ["themes.toml", "articles.csv", "dictionary.txt"] {
        std::fs::copy(root().join("labels").join(f), out.join(f)).unwrap();
    }
    out
}

#[test]
fn label_files_saved_in_gbk_utf16_or_with_bom_load_like_utf8() {
    let original = LabelSet::load(&root().join("labels")).unwrap();
    let csv = read(&root().join("labels/articles.csv"));
    let toml = read(&root().join("labels/themes.toml"));
    type Enc = fn(&str) -> Vec<u8>;
    let encodings: [(&str, Enc); 6] = [
        ("gbk_crlf", |s| gbk(&crlf(s))),
        ("utf8_bom_crlf", |s| utf8_bom(&crlf(s))),
        ("utf16", |s| utf16le_bom(&crlf(s))),
        ("utf16le_no_bom", |s| utf16le_no_bom(&crlf(s))),
        ("utf16be_no_bom", utf16be_no_bom),
        ("gbk", gbk),
    ];
    for (name, enc) in encodings {
        let dir = tempfile::tempdir().unwrap();
        let labels = copy_labels(dir.path());
        write(&labels.join("articles.csv"), enc(&csv));
        write(&labels.join("themes.toml"), enc(&toml));
        let set = LabelSet::load(&labels).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(set.themes, original.themes, "{name}");
        assert_eq!(set.rows, original.rows, "{name}");
    }
}

/// The text of the error `LabelSet::load` gives for an `articles.csv`.
fn articles_error(content: Vec<u8>) -> String {
    let dir = tempfile::tempdir().unwrap();
    let labels = copy_labels(dir.path());
    write(&labels.join("articles.csv"), content);
    LabelSet::load(&labels).unwrap_err().to_string()
}

#[test]
fn csv_errors_name_one_correct_line_and_a_plain_cause() {
    let csv = read(&root().join("labels/articles.csv"));
    let mut lines: Vec<String> = csv.lines().map(String::from).collect();
    // Row 2 gets a title over two lines (quoted), so the misspelt theme of
    // the row after it is on line 5 of the file, not line 4.
    lines[2] =
        ",654,\"宁夏首个医疗临床智能语音交互\n大模型发\",ai_clinical,records_insurance".into();
    lines[3] = lines[3].replace(",smart_hospital,", ",smart_hosptial,");
    let bad = lines.join("\n") + "\n";
    for (name, bytes) in [
        ("utf8", bad.clone().into_bytes()),
        ("gbk", gbk(&crlf(&bad))),
    ] {
        let e = articles_error(bytes);
        assert!(
            e.contains("articles.csv: line 5: unknown theme 'smart_hosptial'"),
            "{name}: {e}"
        );
        assert_eq!(e.matches("line").count(), 1, "{name}: {e}");
        assert!(!e.contains("record ") && !e.contains("byte"), "{name}: {e}");
    }

    // A row cut short before its primary theme.
    let mut lines: Vec<String> = csv.lines().map(String::from).collect();
    lines[6] = ",655,三家医院升级智慧服务".into();
    let e = articles_error(gbk(&crlf(&(lines.join("\n") + "\n"))));
    assert!(e.contains("line 7: no primary theme"), "{e}");
    assert!(!e.contains("deserialize"), "{e}");

    // A quote left open swallows the rows after it: the message says so,
    // with the line it opens on, instead of a missing primary theme.
    let mut lines: Vec<String> = csv.lines().map(String::from).collect();
    lines[3] = lines[3].replacen(",654,", ",654,\"", 1);
    let n = lines.len();
    let e = articles_error(gbk(&crlf(&(lines.join("\n") + "\n"))));
    assert!(
        e.contains(&format!(
            "line 4: a \" in this row has no closing \", so lines 4–{n}"
        )),
        "{e}"
    );
    assert!(!e.contains("no primary theme"), "{e}");

    // Excel's trailing empty rows are not errors.
    let dir = tempfile::tempdir().unwrap();
    let labels = copy_labels(dir.path());
    write(
        &labels.join("articles.csv"),
        gbk(&crlf(&format!("{csv},,,,\n,,,,\n"))),
    );
    let set = LabelSet::load(&labels).unwrap();
    assert_eq!(
        set.rows,
        LabelSet::load(&root().join("labels")).unwrap().rows
    );

    // A TOML error in a GBK themes.toml names the line the bad key is on.
    let toml = read(&root().join("labels/themes.toml"));
    let n = toml.lines().position(|l| l.starts_with("zh = ")).unwrap() + 1;
    let broken = toml.replacen("zh = ", "zh 名称 = ", 1);
    let labels = copy_labels(dir.path());
    write(&labels.join("themes.toml"), gbk(&crlf(&broken)));
    let e = LabelSet::load(&labels).unwrap_err().to_string();
    assert!(e.contains(&format!("themes.toml: line {n}:")), "{e}");
}

/// Rows as an analyst types them in Excel/WPS with a Chinese input method:
/// a theme written by its Chinese name (the `primary_name` column that
/// `yuqing suggest` writes beside the id) or in capitals, secondary themes
/// separated by a full-width comma or 、, an issue written 第654期 or stored
/// by the spreadsheet as 654.0. They mean what the id would, so they load as
/// the ids, and `yuqing themes` counts them.
#[test]
fn themes_by_chinese_name_and_issues_as_written_are_read() {
    let original = LabelSet::load(&root().join("labels")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let labels = with_articles(dir.path(), |lines| {
        assert_eq!(
            lines[1],
            ",654,北京首个数字医疗产业园扩容,industry,devices_rd"
        );
        lines[1] = ",第654期,北京首个数字医疗产业园扩容,数字健康产业 ,医疗器械与药物研发".into();
        assert!(lines[3].ends_with(",654,让医院告别信息孤岛，AI 工厂开启智慧医疗新范式,smart_hospital,ai_clinical;data_platform"));
        lines[3] = lines[3].replace(",654,", ",654.0,").replace(
            ",smart_hospital,ai_clinical;data_platform",
            ",Smart_Hospital,ai_clinical，健康数据平台与互联互通",
        );
        assert!(lines[4].ends_with(",655,三家医院升级智慧服务,smart_hospital,ai_clinical"));
        lines[4] = lines[4].replace(",655,", ",655期,").replace(
            ",smart_hospital,ai_clinical",
            ",smart_hospital,ai_clinical、smart_hospital、ai_clinical",
        );
    });
    let set = LabelSet::load(&labels).unwrap();
    assert!(set.warnings.is_empty(), "{:?}", set.warnings);
    assert_eq!(set.rows, original.rows);
    let o = yuqing(&["themes", "--labels", labels.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let industry = stdout.lines().find(|l| l.starts_with("industry ")).unwrap();
    assert!(industry.contains(" 2/2 "), "{industry}");
}

/// A misspelt theme is named with the theme meant; a row typed with
/// full-width commas between its columns is named as such, not as a row
/// without a primary theme; an issue that is no number says what to write.
#[test]
fn a_misspelt_theme_or_a_row_with_fullwidth_commas_says_what_was_meant() {
    let csv = read(&root().join("labels/articles.csv"));
    let edit = |line: usize, to: &str| {
        let mut lines: Vec<String> = csv.lines().map(String::from).collect();
        lines[line - 1] = to.to_string();
        gbk(&crlf(&(lines.join("\n") + "\n")))
    };
    let e = articles_error(edit(
        2,
        ",654,北京首个数字医疗产业园扩容,industy,devices_rd",
    ));
    assert!(
        e.contains("articles.csv: line 2: unknown theme 'industy' (did you mean 'industry'?)"),
        "{e}"
    );
    assert!(e.contains("industry (数字健康产业)"), "{e}");
    let e = articles_error(edit(
        2,
        ",654,北京首个数字医疗产业园扩容,数字健康,devices_rd",
    ));
    assert!(
        e.contains(
            "line 2: unknown theme '数字健康' (did you mean '数字健康产业', theme industry?)"
        ),
        "{e}"
    );
    let e = articles_error(edit(
        3,
        ",654，宁夏首个医疗临床智能语音交互大模型发，ai_clinical，records_insurance",
    ));
    assert!(
        e.contains("articles.csv: line 3: this row's columns are separated by full-width '，'"),
        "{e}"
    );
    assert!(!e.contains("no primary theme"), "{e}");
    let e = articles_error(edit(
        3,
        ",六五四期?,宁夏首个医疗临床智能语音交互大模型发,ai_clinical,",
    ));
    assert!(
        e.contains("line 3: issue '六五四期?' is not an issue number; write the number alone (654 for 第654期)"),
        "{e}"
    );
    // Two themes typed into the primary column.
    let e = articles_error(edit(
        3,
        ",654,宁夏首个医疗临床智能语音交互大模型发,ai_clinical;records_insurance,",
    ));
    assert!(
        e.contains("line 3: the primary column holds 2 themes (ai_clinical;records_insurance); write the main one there and the others in the secondary column"),
        "{e}"
    );
}

/// Several rows that cannot be read are all named in the one error, each
/// with its line and what is wrong, so that a sheet is fixed in one pass
/// instead of one row per run.
#[test]
fn every_row_that_cannot_be_read_is_named_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let labels = with_articles(dir.path(), |lines| {
        lines[2] = lines[2].replace(",ai_clinical,", ",ai_clinic,");
        lines[5] = lines[5].replace(",655,", ",第几期,");
        assert!(lines[8].contains(",policy,"));
        lines[8] = lines[8].replace(",policy,", ",,");
    });
    let o = yuqing(&["-q", "themes", "--labels", labels.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(
            "articles.csv: line 3: unknown theme 'ai_clinic' (did you mean 'ai_clinical'?)"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(" — and 2 more rows cannot be read: line 6: issue '第几期' is not an issue number; line 9: no primary theme"),
        "{stderr}"
    );
}

fn seed_corpus() -> Vec<CorpusRecord> {
    let files = collect_inputs(&[root().join("examples/reports")]).unwrap();
    ingest(&files, &|_| {}).records
}

/// `labels/articles.csv` with `key` and `issue` of the row titled `title`
/// replaced; the labels folder and that row's line.
fn with_row(dir: &Path, title: &str, key: &str, issue: &str) -> (LabelSet, usize) {
    let labels = copy_labels(dir);
    let csv = read(&labels.join("articles.csv"));
    let mut line = 0;
    let edited: Vec<String> = csv
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let cols: Vec<&str> = l.splitn(4, ',').collect();
            if cols.len() == 4 && cols[2] == title {
                line = i + 1;
                format!("{key},{issue},{},{}", cols[2], cols[3])
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(line > 0, "no row titled {title}");
    write(&labels.join("articles.csv"), edited.join("\n") + "\n");
    (LabelSet::load(&labels).unwrap(), line)
}

#[test]
fn a_row_with_a_mangled_key_is_matched_by_its_title() {
    let corpus = seed_corpus();
    let original = LabelSet::load(&root().join("labels")).unwrap();
    let baseline = TrainingSet::from_labels(&original, &corpus, false).unwrap();
    let title = "三家医院升级智慧服务";
    let key = article_key(title);
    assert!(corpus.iter().any(|r| r.article.key == key));

    let dir = tempfile::tempdir().unwrap();
    let (labels, line) = with_row(dir.path(), title, "7.95844E+14", "655");
    let set = TrainingSet::from_labels(&labels, &corpus, false).unwrap();
    assert_eq!(set.docs.len(), baseline.docs.len());
    let texts = |s: &TrainingSet| s.docs.iter().map(|d| d.text.clone()).collect::<Vec<_>>();
    assert_eq!(texts(&set), texts(&baseline));
    let w: Vec<&String> = set
        .warnings
        .iter()
        .filter(|w| w.contains("7.95844E+14"))
        .collect();
    assert_eq!(w.len(), 1, "{:?}", set.warnings);
    assert!(
        w[0].contains(&format!("articles.csv: line {line}:")),
        "{}",
        w[0]
    );
    assert!(w[0].contains(&format!("write its key {key}")), "{}", w[0]);
    assert!(!w[0].contains("--corpus"), "{}", w[0]);

    // Without an issue the title alone decides.
    let dir = tempfile::tempdir().unwrap();
    let (labels, _) = with_row(dir.path(), title, "7.95844E+14", "");
    let set = TrainingSet::from_labels(&labels, &corpus, false).unwrap();
    assert_eq!(texts(&set), texts(&baseline));

    // A title that matches but in another issue than the row says: dropped,
    // and the warning says where the title is.
    let dir = tempfile::tempdir().unwrap();
    let (labels, line) = with_row(dir.path(), title, "7.95844E+14", "654");
    let set = TrainingSet::from_labels(&labels, &corpus, false).unwrap();
    assert_eq!(set.docs.len(), baseline.docs.len() - 1);
    let w = set
        .warnings
        .iter()
        .find(|w| w.contains("7.95844E+14"))
        .unwrap();
    assert!(w.contains(&format!("line {line}:")), "{w}");
    assert!(w.contains("issue 655, not in issue 654"), "{w}");

    // `suggest` does not draft the article again.
    let dir = tempfile::tempdir().unwrap();
    let (labels, _) = with_row(dir.path(), title, "7.95844E+14", "655");
    let classified = classify(&shipped_model(), &corpus);
    let drafted = yuqing::labels::suggest(&classified, &labels.rows);
    assert!(
        drafted.iter().all(|d| d.key != key),
        "{:?}",
        drafted.iter().map(|d| &d.title).collect::<Vec<_>>()
    );
}

/// Keys come from titles: a later issue 655 with another story under the
/// title of a labelled 654 article. The row (issue 654) labels the 654
/// article only, and `suggest` still drafts the 655 one.
#[test]
fn the_same_title_in_another_issue_is_another_article() {
    let dir = tempfile::tempdir().unwrap();
    let seed = read(&root().join("examples/reports/000_2e71dd09e5d010f6.txt"));
    let title = "北京首个数字医疗产业园扩容";
    // Issue 655's first story (three hospitals' online services) under
    // that title.
    let other_story = "北大人民医院、北京妇产医院";
    let later = read(&root().join("examples/reports/001_510d352a014b6f5f.txt"))
        .replace("三家医院升级智慧服务", title);
    assert!(later.contains(other_story));
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    write(&reports.join("654.txt"), &seed);
    write(&reports.join("655.txt"), &later);
    let out = ingest(&collect_inputs(&[reports]).unwrap(), &|_| {});
    assert_eq!(out.reports.len(), 2, "{:?}", out.warnings);
    let corpus = out.records;
    let copies: Vec<&CorpusRecord> = corpus.iter().filter(|r| r.article.title == title).collect();
    assert_eq!(copies.len(), 2);
    assert_eq!(copies[0].article.key, copies[1].article.key);

    let labels = LabelSet::load(&root().join("labels")).unwrap();
    let set = TrainingSet::from_labels(&labels, &corpus, false).unwrap();
    let labelled: Vec<&str> = set
        .docs
        .iter()
        .filter(|d| d.text.starts_with(title))
        .map(|d| d.text.as_str())
        .collect();
    assert_eq!(labelled.len(), 1);
    assert!(
        !labelled[0].contains(other_story),
        "the 655 story was labelled"
    );

    let classified = classify(&shipped_model(), &corpus);
    let drafted = yuqing::labels::suggest(&classified, &labels.rows);
    let again: Vec<&str> = drafted
        .iter()
        .filter(|d| d.title == title)
        .map(|d| d.issue.as_str())
        .collect();
    assert_eq!(again, vec!["655"]);

    // Without an issue, the row labels the first such article, says so,
    // and suggest agrees; with a wrong issue it is left out, and says so.
    let no_issue = tempfile::tempdir().unwrap();
    let (labels, line) = with_row(no_issue.path(), title, "", "");
    let set = TrainingSet::from_labels(&labels, &corpus, false).unwrap();
    let w = set
        .warnings
        .iter()
        .find(|w| w.contains(&format!("line {line}:")))
        .expect("warning");
    assert!(
        w.contains("the title of 2 articles") && w.contains("issue 654"),
        "{w}"
    );
    let drafted = yuqing::labels::suggest(&classified, &labels.rows);
    assert!(drafted.iter().any(|d| d.title == title && d.issue == "655"));
    assert!(!drafted.iter().any(|d| d.title == title && d.issue == "654"));
    let wrong = tempfile::tempdir().unwrap();
    let (labels, line) = with_row(wrong.path(), title, "", "799");
    let set = TrainingSet::from_labels(&labels, &corpus, false).unwrap();
    assert!(!set.docs.iter().any(|d| d.text.starts_with(title)));
    let w = set
        .warnings
        .iter()
        .find(|w| w.contains(&format!("line {line}:")))
        .expect("warning");
    assert!(w.contains("not in issue 799"), "{w}");
}

/// Training reports its progress: reading, each fold, the final fit.
#[test]
fn training_reports_progress_step_by_step() {
    let corpus = seed_corpus();
    let labels = LabelSet::load(&root().join("labels")).unwrap();
    let set = TrainingSet::from_labels(&labels, &corpus, true).unwrap();
    let steps = std::sync::Mutex::new(Vec::new());
    let params = yuqing::TrainParams {
        folds: 3,
        ..yuqing::TrainParams::default()
    };
    yuqing::Model::train_with_progress(&set, &params, &|done, total| {
        steps.lock().unwrap().push((done, total))
    })
    .unwrap();
    assert_eq!(
        steps.into_inner().unwrap(),
        vec![(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    );
}

/// stderr of `yuqing themes`, `train` and `suggest` run with `--labels
/// labels`, each expected to fail with exit status 2.
fn labels_errors(labels: &Path) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.model");
    let drafts = dir.path().join("drafts.csv");
    let l = labels.to_str().unwrap();
    let runs: [Vec<&str>; 3] = [
        vec!["themes", "--labels", l],
        vec!["train", "--labels", l, "-o", model.to_str().unwrap()],
        vec![
            "suggest",
            "examples/reports",
            "--labels",
            l,
            "-o",
            drafts.to_str().unwrap(),
        ],
    ];
    runs.iter()
        .map(|args| {
            let o = yuqing(args);
            let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
            assert_eq!(o.status.code(), Some(2), "{args:?}: {stderr}");
            assert!(!stderr.contains("os error"), "{args:?}: {stderr}");
            assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
            stderr
        })
        .collect()
}

/// A labels folder without articles.csv, or themes.toml given instead of
/// the folder: every command that reads labels says what is wrong and what
/// to do, in the same words, instead of an operating-system message.
#[test]
fn a_missing_labels_file_or_a_file_for_the_folder_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let labels = copy_labels(dir.path());
    std::fs::remove_file(labels.join("articles.csv")).unwrap();
    for e in labels_errors(&labels) {
        assert!(e.contains("articles.csv: this file is missing"), "{e}");
        assert!(e.contains("key,issue,title,primary,secondary"), "{e}");
        assert!(e.contains("labels/README.md"), "{e}");
    }

    let labels = copy_labels(dir.path());
    std::fs::remove_file(labels.join("themes.toml")).unwrap();
    for e in labels_errors(&labels) {
        assert!(e.contains("themes.toml: this file is missing"), "{e}");
    }

    let labels = copy_labels(dir.path());
    for e in labels_errors(&labels.join("themes.toml")) {
        assert!(
            e.contains("themes.toml: this is a file, not a folder"),
            "{e}"
        );
        assert!(
            e.contains("--labels takes the folder that holds themes.toml and articles.csv"),
            "{e}"
        );
        assert!(e.contains(&format!("--labels {}", labels.display())), "{e}");
    }

    for e in labels_errors(&dir.path().join("no-such-folder")) {
        assert!(e.contains("labels folder not found"), "{e}");
    }
}

/// The repository's articles.csv with `edit` applied to its lines, in a
/// copy of the labels folder.
fn with_articles(dir: &Path, edit: impl FnOnce(&mut Vec<String>)) -> PathBuf {
    let labels = copy_labels(dir);
    let mut lines: Vec<String> = read(&labels.join("articles.csv"))
        .lines()
        .map(String::from)
        .collect();
    edit(&mut lines);
    write(&labels.join("articles.csv"), lines.join("\n") + "\n");
    labels
}

/// An articles.csv separated by ';' is refused at its header line, since ';'
/// also separates secondary themes; one separated by TABs (Excel's "Unicode
/// text") is read whole; a row with more fields than the header names
/// (secondary themes separated by commas) is warned about with its line,
/// while the extra columns of rows copied from `yuqing suggest` and Excel's
/// empty padding are not.
#[test]
fn articles_not_separated_by_commas_or_with_extra_fields_are_named() {
    let csv = read(&root().join("labels/articles.csv"));
    for (sep, name) in [(";", "';'"), ("；", "full-width '；'")] {
        let e = articles_error(csv.replace(',', sep).into_bytes());
        assert!(
            e.contains(&format!(
                "articles.csv: line 1: the columns are separated by {name}, not by commas"
            )),
            "{e}"
        );
        assert!(e.contains("CSV (逗号分隔)"), "{e}");
    }
    let dir = tempfile::tempdir().unwrap();
    let labels = copy_labels(dir.path());
    let commas = LabelSet::load(&labels).unwrap();
    write(
        &labels.join("articles.csv"),
        csv.replace(',', "\t").into_bytes(),
    );
    let tabs = LabelSet::load(&labels).unwrap();
    assert!(tabs.warnings.is_empty(), "{:?}", tabs.warnings);
    assert_eq!(tabs.rows, commas.rows);

    let dir = tempfile::tempdir().unwrap();
    let labels = with_articles(dir.path(), |lines| {
        assert!(lines[3].ends_with(",smart_hospital,ai_clinical;data_platform"));
        lines[3] = lines[3].replace("ai_clinical;data_platform", "ai_clinical,data_platform");
        // Copied from suggested.csv: confidence and theme name stay.
        lines[4] = format!("{},0.4132,智慧医院与线上服务", lines[4]);
        // Padded by Excel.
        lines[5] = format!("{},,", lines[5]);
    });
    let set = LabelSet::load(&labels).unwrap();
    assert_eq!(set.rows.len(), 13);
    assert_eq!(set.warnings.len(), 1, "{:?}", set.warnings);
    let w = &set.warnings[0];
    assert!(
        w.contains("articles.csv: line 4 has 6 fields but the header names 5; 'data_platform'"),
        "{w}"
    );
    // `themes` shows it; `train` passes it on.
    let o = yuqing(&["themes", "--labels", labels.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("line 4 has 6 fields"));
    let set = TrainingSet::from_labels(&set, &seed_corpus(), false).unwrap();
    assert!(set.warnings.iter().any(|x| x == w), "{:?}", set.warnings);

    // Many such rows: ten named, the rest counted.
    let dir = tempfile::tempdir().unwrap();
    let labels = with_articles(dir.path(), |lines| {
        for l in lines.iter_mut().skip(1).take(12) {
            l.push_str(",policy");
        }
    });
    let set = LabelSet::load(&labels).unwrap();
    assert_eq!(set.warnings.len(), 11, "{:?}", set.warnings);
    assert!(
        set.warnings[9].contains("line 11 has"),
        "{}",
        set.warnings[9]
    );
    assert!(
        set.warnings[10].contains("… and 2 more rows with more fields than the header"),
        "{}",
        set.warnings[10]
    );
}

/// An article labelled on two rows: the warning names its title and both
/// lines, and `yuqing themes` counts the one row training uses.
#[test]
fn an_article_labelled_twice_is_named_and_counted_once() {
    let title = "三家医院升级智慧服务";
    let dir = tempfile::tempdir().unwrap();
    let labels = with_articles(dir.path(), |lines| {
        assert!(lines[4].contains(title));
        lines.push(format!(",655,{title},policy,"));
    });
    let set = LabelSet::load(&labels).unwrap();
    assert_eq!(
        set.rows,
        LabelSet::load(&root().join("labels")).unwrap().rows
    );
    assert_eq!(set.warnings.len(), 1, "{:?}", set.warnings);
    let w = &set.warnings[0];
    assert!(
        w.contains(&format!(
            "articles.csv: line 15: '{title}' (issue 655) is labelled twice, on lines 5 and 15"
        )),
        "{w}"
    );
    assert!(w.contains("line 15 policy"), "{w}");
    let o = yuqing(&["themes", "--labels", labels.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("13 labelled articles"), "{stdout}");
    let policy = stdout.lines().find(|l| l.starts_with("policy ")).unwrap();
    assert!(policy.contains(" 2/0 "), "{policy}");

    // A second row without the issue names the same article only once
    // matched with the reports: training warns with both lines and uses one.
    let dir = tempfile::tempdir().unwrap();
    let labels = with_articles(dir.path(), |lines| {
        lines.push(format!(",,{title},policy,"));
    });
    let labels = LabelSet::load(&labels).unwrap();
    assert_eq!(labels.rows.len(), 14);
    let set = TrainingSet::from_labels(&labels, &seed_corpus(), false).unwrap();
    assert_eq!(set.docs.len(), 13);
    let w = set
        .warnings
        .iter()
        .find(|w| w.contains("line 15:"))
        .expect("a warning");
    assert!(
        w.contains(&format!("'{title}' labels the same article as line 5")),
        "{w}"
    );
}

/// `yuqing -q train --folds 0 --labels LABELS -o MODEL`.
fn train_quietly(labels: &Path, model: &Path) -> std::process::Output {
    yuqing(&[
        "-q",
        "train",
        "--folds",
        "0",
        "--labels",
        labels.to_str().unwrap(),
        "-o",
        model.to_str().unwrap(),
    ])
}

/// Several words on one line of dictionary.txt: `yuqing train` names the
/// line and what was left out, instead of silently adding the first word.
#[test]
fn train_names_a_dictionary_line_with_several_words() {
    let dir = tempfile::tempdir().unwrap();
    let labels = copy_labels(dir.path());
    let dict = labels.join("dictionary.txt");
    let text = read(&dict);
    let line = text.lines().count() + 1;
    write(&dict, format!("{text}智慧病房 数字疗法 医疗数据要素\n"));
    let model = dir.path().join("m.model");
    let o = train_quietly(&labels, &model);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "dictionary.txt: line {line}: only '智慧病房' was added, not '数字疗法 医疗数据要素'; put one word per line"
        )),
        "{stderr}"
    );
}

/// Labelled rows whose articles are not in the reports passed (a forgotten
/// `--corpus new.jsonl`): the model is still written, but ten rows are named,
/// the rest counted, one last line sums them up, and the exit status is 1.
#[test]
fn train_sums_up_rows_not_found_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let labels = with_articles(dir.path(), |lines| {
        for i in 0..12 {
            lines.push(format!(",656,第656期新文章{i},industry,"));
        }
    });
    let model = dir.path().join("m.model");
    let o = train_quietly(&labels, &model);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(model.is_file());
    let per_row = stderr.matches("no ingested article has key").count();
    assert_eq!(per_row, 10, "{stderr}");
    assert!(
        stderr.contains("… and 2 more labelled rows not found in the ingested reports"),
        "{stderr}"
    );
    let last = stderr.lines().last().unwrap();
    assert!(
        last.contains(
            "articles.csv: 12 of 25 labelled rows (lines 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, …) were not found in the ingested reports and were left out of training: pass the reports or corpus that contain them with --corpus"
        ),
        "{last}"
    );

    // Everything found: no summary, exit 0.
    let labels = copy_labels(&dir.path().join("all"));
    let o = train_quietly(&labels, &model);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("left out"), "{stderr}");
}

/// `yuqing themes` counts every labelled row; with `--corpus` it counts the
/// rows `yuqing train` with the same reports finds, names the others as
/// train does, and exits 1 like train. Its counts and train's agree.
#[test]
fn themes_with_corpus_counts_the_rows_train_finds() {
    let dir = tempfile::tempdir().unwrap();
    let labels = with_articles(dir.path(), |lines| {
        lines.push(",700,第700期的新文章,policy,".into());
        // In issue 654, not 655.
        lines.push(",655,北京首个数字医疗产业园扩容,policy,".into());
    });
    let l = labels.to_str().unwrap();
    let policy = |stdout: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with("policy "))
            .unwrap()
            .to_string()
    };
    let o = yuqing(&["themes", "--labels", l]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout.contains("15 labelled articles in"), "{stdout}");
    assert!(policy(&stdout).contains(" 4/0 "), "{stdout}");

    let o = yuqing(&[
        "-q",
        "themes",
        "--labels",
        l,
        "--corpus",
        "examples/reports",
    ]);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stdout.contains("15 labelled articles in") && stdout.contains("; 13 found in the reports"),
        "{stdout}"
    );
    assert!(
        stdout.contains("in reports (primary/secondary)"),
        "{stdout}"
    );
    assert!(policy(&stdout).contains(" 2/0 "), "{stdout}");
    assert!(
        stderr.contains("line 15: no ingested article has key"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 16: '北京首个数字医疗产业园扩容' is in issue 654, not in issue 655"),
        "{stderr}"
    );
    let last = stderr.lines().last().unwrap();
    assert!(
        last.contains(
            "articles.csv: 2 of 15 labelled rows (lines 15, 16) are not in these reports"
        ),
        "{last}"
    );

    // train with the same reports uses those 13.
    let o = train_quietly(&labels, &dir.path().join("m.model"));
    assert_eq!(o.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.starts_with("13 labelled documents"), "{stdout}");

    // Everything found: exit 0.
    let o = yuqing(&["-q", "themes", "--corpus", "examples/reports"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stdout)
        .contains("13 labelled articles in labels/articles.csv; 13 found"));
}

/// An articles.csv with its header only (a fresh labels folder): train says
/// to label articles first, before reading any report, instead of asking for
/// reports that would contain none of 0 rows.
#[test]
fn train_without_labelled_rows_says_to_label_first() {
    let dir = tempfile::tempdir().unwrap();
    let labels = with_articles(dir.path(), |lines| lines.truncate(1));
    let o = yuqing(&[
        "train",
        "--labels",
        labels.to_str().unwrap(),
        "--corpus",
        dir.path().join("not-read-yet").to_str().unwrap(),
        "-o",
        dir.path().join("m.model").to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("articles.csv has no labelled rows, only its header; label some articles first: `yuqing suggest REPORTS` drafts rows"),
        "{stderr}"
    );
    assert!(!stderr.contains("not-read-yet"), "{stderr}");
    assert!(!dir.path().join("m.model").exists());
}

/// A labelled row whose title was retyped with a character more or less
/// than the report's, or cut short, is not found; its warning names the
/// title it probably means instead of only asking for more reports. A row of
/// an issue that was not read says that issue is missing.
#[test]
fn a_row_not_found_says_which_title_or_issue_it_probably_means() {
    let dir = tempfile::tempdir().unwrap();
    let labels = with_articles(dir.path(), |lines| {
        assert!(lines[2].contains(",654,宁夏首个医疗临床智能语音交互大模型发,"));
        lines[2] = lines[2].replace("大模型发,", "大模型发布,");
        assert!(lines[3].contains(",654,让医院告别信息孤岛，AI 工厂开启智慧医疗新范式,"));
        lines[3] = lines[3].replace(
            ",654,让医院告别信息孤岛，AI 工厂开启智慧医疗新范式,",
            ",,让医院告别信息孤岛,",
        );
        lines.push(",656,第656期的新文章,policy,".into());
        lines.push(",,一篇报告里没有的文章,policy,".into());
    });
    let o = train_quietly(&labels, &dir.path().join("m.model"));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    let line = |n: usize| {
        stderr
            .lines()
            .find(|l| l.contains(&format!("articles.csv: line {n}: ")))
            .unwrap_or_else(|| panic!("no warning for line {n}: {stderr}"))
            .to_string()
    };
    assert!(
        line(3).contains("the closest title in issue 654 is '宁夏首个医疗临床智能语音交互大模型发': if this row means that article, copy its title exactly"),
        "{}",
        line(3)
    );
    assert!(
        line(4).contains(
            "the closest title in issue 654 is '让医院告别信息孤岛，AI 工厂开启智慧医疗新范式'"
        ),
        "{}",
        line(4)
    );
    assert!(
        line(15).contains(
            "no ingested report is issue 656: pass the report of issue 656 with --corpus"
        ),
        "{}",
        line(15)
    );
    assert!(
        line(16).ends_with("; pass the report that contains it with --corpus"),
        "{}",
        line(16)
    );
}

/// The analyst's loop as README describes it: suggest drafts rows for a new
/// issue, the whole of suggested.csv (header line, byte-order mark and all)
/// is pasted under articles.csv and saved from Excel in GBK with CRLF; the
/// pasted header is not a row, and train finds every drafted article.
#[test]
fn suggested_rows_pasted_with_their_header_train() {
    let dir = tempfile::tempdir().unwrap();
    let labels = copy_labels(dir.path());
    // A new issue: seed 654 renumbered, with new titles.
    let seed = read(&root().join("examples/reports/000_2e71dd09e5d010f6.txt"));
    let new_issue = seed
        .replace("第六五四", "第六六〇")
        .replace("北京首个数字医疗产业园扩容", "上海首个数字医疗产业园开园")
        .replace(
            "宁夏首个医疗临床智能语音交互大模型发",
            "甘肃首个医疗临床智能语音交互大模型发布",
        );
    assert_ne!(new_issue, seed);
    let issue = write(&dir.path().join("issue660.txt"), new_issue);
    let drafts = dir.path().join("drafts.csv");
    let l = labels.to_str().unwrap();
    let o = yuqing(&[
        "-q",
        "suggest",
        issue.to_str().unwrap(),
        "--labels",
        l,
        "-o",
        drafts.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let drafted = read(&drafts);
    assert!(
        drafted.starts_with("\u{feff}key,issue,title,primary,secondary,confidence,primary_name\n")
    );
    let n = drafted.lines().count() - 1;
    assert_eq!(n, 3, "{drafted}");
    let pasted = format!("{}{drafted}", read(&labels.join("articles.csv")));
    write(
        &labels.join("articles.csv"),
        gbk(&crlf(&pasted.replace('\u{feff}', ""))),
    );
    let set = LabelSet::load(&labels).unwrap();
    assert_eq!(set.rows.len(), 13 + n, "{:?}", set.warnings);
    assert!(set.warnings.is_empty(), "{:?}", set.warnings);
    // With the mark pasted too (a text editor keeps it).
    write(
        &labels.join("articles.csv"),
        gbk(&crlf(&pasted)).into_iter().collect::<Vec<u8>>(),
    );
    let o = yuqing(&[
        "-q",
        "train",
        "--labels",
        l,
        "--corpus",
        "examples/reports",
        issue.to_str().unwrap(),
        "--folds",
        "0",
        "-o",
        dir.path().join("m.model").to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(
        String::from_utf8_lossy(&o.stdout).starts_with(&format!("{} labelled documents", 13 + n)),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

/// A labels folder without dictionary.txt still loads, with a warning that
/// domain terms may be split.
#[test]
fn a_missing_dictionary_is_mentioned() {
    let dir = tempfile::tempdir().unwrap();
    let labels = copy_labels(dir.path());
    assert!(LabelSet::load(&labels).unwrap().warnings.is_empty());
    std::fs::remove_file(labels.join("dictionary.txt")).unwrap();
    let set = LabelSet::load(&labels).unwrap();
    assert!(set.dictionary.is_empty());
    assert!(
        set.warnings
            .iter()
            .any(|w| w.contains("dictionary.txt: not found") && w.contains("one word per line")),
        "{:?}",
        set.warnings
    );
}
