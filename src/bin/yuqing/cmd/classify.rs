//! `yuqing classify`: articles → primary theme, scores, secondary themes.

use std::path::Path;
use yuqing::io::ShowPath;

use anyhow::Context;
use yuqing::labels::article_text;
use yuqing::{ClassifiedRecord, CorpusRecord, Model};

use crate::args::ClassifyArgs;
use crate::progress::{bar, note};
use crate::Outcome;

pub fn run(a: ClassifyArgs, quiet: bool) -> anyhow::Result<Outcome> {
    yuqing::io::check_output(
        &a.output,
        &["jsonl", "json", "csv"],
        ".csv (opens in Excel/WPS) or .jsonl (what `yuqing trend` reads)",
    )?;
    let model = load_model(&a.model)?;
    let loaded =
        super::ingest::load_for(&a.inputs, &[&a.output], super::ingest::Clash::Refuse, quiet)?;
    let records = classify(&model, &loaded.records, a.threshold, quiet);
    yuqing::classified::write_records(&a.output, &records, &theme_order(&model))?;
    note(
        quiet,
        format!(
            "classified {} into {}",
            yuqing::trend::count_of(records.len(), "article", "articles"),
            a.output.shown()
        ),
    );
    Ok(loaded.outcome())
}

pub fn load_model(path: &Path) -> anyhow::Result<Model> {
    if !path.exists() {
        anyhow::bail!(
            "{}: no such model file{}; give a model with --model FILE (the shipped one is models/theme.model in yuqing's folder)",
            path.shown(),
            yuqing::io::relative_hint(path)
        );
    }
    Model::load(path).with_context(|| {
        "cannot use this model (the default one is models/theme.model)".to_string()
    })
}

/// The model's theme ids in its class order (`labels/themes.toml` order for
/// the theme model): the order of a classified CSV's score columns.
pub fn theme_order(model: &Model) -> Vec<&str> {
    model.classes().iter().map(|c| c.id.as_str()).collect()
}

/// Predict every record with a progress bar.
pub fn classify(
    model: &Model,
    records: &[CorpusRecord],
    threshold: Option<f32>,
    quiet: bool,
) -> Vec<ClassifiedRecord> {
    let texts: Vec<String> = records
        .iter()
        .map(|r| article_text(&r.article.title, &r.article.text))
        .collect();
    let pb = bar(texts.len(), "classifying", quiet);
    let preds = model.predict(&texts, threshold, &|n| pb.inc(n as u64));
    pb.finish_and_clear();
    records
        .iter()
        .zip(&preds)
        .map(|(r, p)| ClassifiedRecord::new(r, p, model))
        .collect()
}
