//! `yuqing run`: the whole job on a folder of reports, with defaults that work
//! on the shipped examples and model.

use yuqing::briefing;
use yuqing::io::ShowPath;
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
    // The chart first: it is the step that can fail on the articles (no
    // dates to put on a time axis), and then no output of this run has been
    // written, rather than new tables beside an old chart and briefing.
    let table = super::trend::draw(&records, &a.trend, &png, &names, quiet)?;
    yuqing::classified::write_jsonl(&corpus_path, &loaded.records)?;
    yuqing::classified::write_records(&jsonl, &records)?;
    yuqing::classified::write_records(&csv, &records)?;
    briefing::write(&md, &records, &table, &model, "trend.png")?;
    note(
        quiet,
        format!(
            "{}, {} → {}, {}, {}, {}",
            count_of(loaded.issues, "issue", "issues"),
            count_of(records.len(), "article", "articles"),
            corpus_path.shown(),
            csv.shown(),
            md.shown(),
            trend_csv.shown()
        ),
    );
    println!("{}", png.shown());
    Ok(loaded.outcome().worst(super::trend::outcome(&table)))
}
