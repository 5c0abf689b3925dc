//! `yuqing themes`: the taxonomy and how well each theme is labelled.

use yuqing::classify::metrics::pad;
use yuqing::LabelSet;

use crate::args::ThemesArgs;
use crate::Outcome;

pub fn run(a: ThemesArgs) -> anyhow::Result<Outcome> {
    let labels = LabelSet::load(&a.labels)?;
    println!(
        "{}  {}  labelled (primary/secondary)  scope",
        pad("id", 18),
        pad("主题", 20)
    );
    for t in &labels.themes {
        let p = labels.rows.iter().filter(|r| r.primary == t.id).count();
        let s = labels
            .rows
            .iter()
            .filter(|r| r.secondary.contains(&t.id))
            .count();
        println!(
            "{}  {}  {:>10}/{:<10}  {} ({})",
            pad(&t.id, 18),
            pad(&t.zh, 20),
            p,
            s,
            t.scope,
            t.en
        );
    }
    println!(
        "\n{} labelled articles in {}",
        labels.rows.len(),
        a.labels.join("articles.csv").display()
    );
    Ok(Outcome::Done)
}
