//! `yuqing run`: the whole job on a folder of reports, with defaults that work
//! on the shipped examples and model.

use yuqing::briefing;

use crate::args::RunArgs;
use crate::progress::note;

pub fn run(a: RunArgs, quiet: bool) -> anyhow::Result<crate::Outcome> {
    let dir = &a.out_dir;
    let png = dir.join("trend.png");
    super::ingest::check_writable(&png)?;
    let model = super::classify::load_model(&a.model)?;
    let loaded = super::ingest::load(&a.inputs, quiet)?;
    let corpus_path = dir.join("corpus.jsonl");
    yuqing::classified::write_jsonl(&corpus_path, &loaded.records)?;
    let records = super::classify::classify(&model, &loaded.records, None, quiet);
    let jsonl = dir.join("classified.jsonl");
    let csv = dir.join("classified.csv");
    yuqing::classified::write_records(&jsonl, &records)?;
    yuqing::classified::write_records(&csv, &records)?;
    let names: Vec<(String, String)> = model
        .classes()
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    let table = super::trend::draw(&records, &a.trend, &png, &names, quiet)?;
    let md = dir.join("briefing.md");
    briefing::write(&md, &records, &table, &model, "trend.png")?;
    note(
        quiet,
        format!(
            "{} issues, {} articles → {}, {}, {}, {}",
            loaded.issues,
            records.len(),
            corpus_path.display(),
            csv.display(),
            md.display(),
            super::trend::csv_path(&png).display()
        ),
    );
    println!("{}", png.display());
    Ok(loaded.outcome())
}
