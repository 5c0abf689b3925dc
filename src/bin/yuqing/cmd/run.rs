//! `yuqing run`: the whole job on a folder of reports, with defaults that work
//! on the shipped examples and model.

use yuqing::briefing;
use yuqing::io::{ShowPath, Staged};
use yuqing::trend::count_of;

use super::ingest::Clash;
use crate::args::RunArgs;
use crate::progress::note;

pub fn run(a: RunArgs, quiet: bool) -> anyhow::Result<crate::Outcome> {
    let dir = &a.out_dir;
    if dir.is_file() {
        anyhow::bail!(
            "{}: the output folder is a file; give --out-dir a folder",
            dir.shown()
        );
    }
    let png = dir.join("trend.png");
    let corpus_path = dir.join("corpus.jsonl");
    let jsonl = dir.join("classified.jsonl");
    let csv = dir.join("classified.csv");
    let md = dir.join("briefing.md");
    let trend_csv = super::trend::csv_path(&png);
    yuqing::io::check_output(&png, &["png"], ".png")?;
    let model = super::classify::load_model(&a.model)?;
    let outputs = [&*png, &corpus_path, &jsonl, &csv, &md, &trend_csv];
    let loaded = super::ingest::load_for(&a.inputs, &outputs, Clash::Skip, quiet)?;
    let records = super::classify::classify(&model, &loaded.records, None, quiet);
    let names: Vec<(String, String)> = model
        .classes()
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    // Every output is written in full first and put in place only at the
    // end, one after another, so that a run that fails or is stopped before
    // then leaves the previous run's outputs as they were, not new tables
    // beside an old chart and briefing. The briefing, which cites the chart,
    // comes last and the chart just before it.
    let mut out = Staged::new();
    yuqing::classified::stage_jsonl(&mut out, &corpus_path, &loaded.records)?;
    let themes = super::classify::theme_order(&model);
    yuqing::classified::stage_records(&mut out, &jsonl, &records, &themes)?;
    yuqing::classified::stage_records(&mut out, &csv, &records, &themes)?;
    let input: Vec<String> = a.inputs.iter().map(|p| p.shown().to_string()).collect();
    let table = super::trend::draw(
        &records,
        &a.trend,
        &input.join(", "),
        &png,
        &names,
        quiet,
        !loaded.repeats_named,
        &mut out,
    )?;
    briefing::stage(&mut out, &md, &records, &table, &model, "trend.png")?;
    out.commit()?;
    // With --series, what the chart and briefing hold of what was read.
    let charted = match table.series {
        Some(x) => format!(
            " ({} charted)",
            count_of(
                table.charted.of(Some(x)),
                &format!("{} issue", x.zh()),
                &format!("{} issues", x.zh())
            )
        ),
        None => String::new(),
    };
    note(
        quiet,
        format!(
            "{}, {}{charted} → {}, {}, {}, {}",
            count_of(loaded.issues, "issue", "issues"),
            count_of(records.len(), "article", "articles"),
            corpus_path.shown(),
            csv.shown(),
            md.shown(),
            trend_csv.shown()
        ),
    );
    outln!("{}", png.shown());
    Ok(loaded.outcome().worst(super::trend::outcome(&table)))
}
