//! `yuqing suggest`: draft labels for new articles, for an analyst to correct.

use anyhow::Context;
use yuqing::io::ShowPath;
use yuqing::labels::{suggest, write_suggestions, LabelSet};

use crate::args::SuggestArgs;
use crate::progress::note;
use crate::Outcome;

pub fn run(a: SuggestArgs, quiet: bool) -> anyhow::Result<Outcome> {
    // The drafts go beside the articles.csv they are to be copied into.
    let output = a
        .output
        .clone()
        .unwrap_or_else(|| a.labels.join("suggested.csv"));
    yuqing::io::check_output(
        &output,
        &["csv"],
        ".csv (draft labels in the labels/articles.csv format)",
    )?;
    super::ingest::refuse_overwrite(&output, &super::ingest::label_files(&a.labels))?;
    if output.exists() && !a.overwrite {
        anyhow::bail!(
            "{} already exists and may hold your corrections: copy its rows into {}/articles.csv \
             and delete it, or draft into another file with -o, or replace it with --overwrite",
            output.shown(),
            a.labels.shown()
        );
    }
    let labels = LabelSet::load(&a.labels).with_context(|| "cannot read the labels folder")?;
    for w in &labels.warnings {
        eprintln!("yuqing: warning: {w}");
    }
    let model = super::classify::load_model(&a.model)?;
    let themes: Vec<&str> = labels.themes.iter().map(|t| t.id.as_str()).collect();
    if let Some(c) = model
        .classes()
        .iter()
        .find(|c| !themes.contains(&c.id.as_str()))
    {
        anyhow::bail!(
            "the model {} predicts '{}', which is not a theme of {}/themes.toml; \
             draft labels with a theme model trained on these labels (yuqing train)",
            a.model.shown(),
            c.id,
            a.labels.shown()
        );
    }
    let loaded =
        super::ingest::load_for(&a.inputs, &[&output], super::ingest::Clash::Refuse, quiet)?;
    let records = super::classify::classify(&model, &loaded.records, a.threshold, quiet);
    let rows = suggest(&records, &labels.rows);
    let skipped = records.len() - rows.len();
    if rows.is_empty() {
        note(
            quiet,
            format!(
                "nothing to draft: all {skipped} articles are already labelled in {}/articles.csv \
                 or republish one that is; {} not written",
                a.labels.shown(),
                output.shown()
            ),
        );
        return Ok(loaded.outcome());
    }
    write_suggestions(&output, &rows)?;
    note(
        quiet,
        format!(
            "drafted labels for {} articles into {} ({skipped} skipped: already labelled or republished), \
             least confident first; correct the primary and secondary columns, then copy the rows \
             into {}/articles.csv and run yuqing train",
            rows.len(),
            output.shown(),
            a.labels.shown()
        ),
    );
    Ok(loaded.outcome())
}
