//! `yuqing train`: labelled articles or a TSV file → model file.

use anyhow::Context;
use yuqing::classify::metrics::pad;
use yuqing::features::{CharScope, TfIdfParams};
use yuqing::io::ShowPath;
use yuqing::{Model, TrainParams, TrainingSet};

use crate::args::{CharScopeArg, TrainArgs};
use crate::progress::note;
use crate::Outcome;

pub fn run(mut a: TrainArgs, quiet: bool) -> anyhow::Result<Outcome> {
    let output = a
        .output
        .take()
        .unwrap_or_else(|| default_output(a.tsv.as_deref()));
    yuqing::io::check_output(&output, &["model"], ".model (a yuqing model)")?;
    // The features, checked before any work; the one combination of flags
    // the parsers let through is --no-words without character runs along
    // the text.
    let tfidf = tfidf_params(&a);
    if let Err(yuqing::Error::InvalidParam {
        name: "word_ngrams",
        ..
    }) = tfidf.check()
    {
        anyhow::bail!(
            "--no-words leaves only character runs as features, so it needs --char-ngrams \
             (not \"none\") and --char-scope text; drop one of them"
        );
    }
    let mut read = super::ingest::label_files(&a.labels);
    read.extend(a.tsv.iter().cloned());
    super::ingest::refuse_overwrite(&output, &read)?;
    let (set, folds_default, skipped) = match &a.tsv {
        Some(tsv) => {
            let set = TrainingSet::from_tsv(tsv)?;
            if let [only] = set.classes.as_slice() {
                anyhow::bail!(
                    "{}: every line has the label '{}', but a classifier learns to tell labels apart: add lines of at least one other label",
                    tsv.shown(),
                    only.id
                );
            }
            (set, 0, 0)
        }
        None => {
            let labels = yuqing::LabelSet::load(&a.labels)?;
            // Before reading the reports, which may take a while.
            labels.require_rows()?;
            let loaded = super::ingest::load_for(
                &a.corpus,
                &[&output],
                super::ingest::Clash::Refuse,
                quiet,
            )?;
            let set = TrainingSet::from_labels(&labels, &loaded.records, !a.no_keyword_docs)?;
            (set, 5, loaded.skipped)
        }
    };
    for w in &set.warnings {
        eprintln!("yuqing: warning: {w}");
    }
    if a.no_words && !set.user_words.is_empty() {
        note(
            quiet,
            format!(
                "note: --no-words: the {} words of the domain dictionary are not used (the model does not segment)",
                set.user_words.len()
            ),
        );
    }
    let mut params = TrainParams {
        tfidf,
        ..TrainParams::default()
    };
    params.classifier.algorithm = a.algorithm.parse().map_err(anyhow::Error::msg)?;
    params.classifier.c = a.c;
    params.classifier.nb.k_features = a.nb_features;
    params.folds = a.folds.unwrap_or(folds_default);
    let real = set.docs.iter().filter(|d| !d.pseudo).count();
    if params.folds > real {
        note(
            quiet,
            format!(
                "note: {} folds asked for {real} labelled documents; using {real} (one document per fold)",
                params.folds
            ),
        );
        params.folds = real;
    }
    params.min_per_class = a.min_per_theme;
    note(
        quiet,
        format!(
            "training {} on {} documents in {} classes{}…",
            params.classifier.algorithm,
            real,
            set.classes.len(),
            if params.folds >= 2 {
                format!(", with {}-fold cross-validation", params.folds)
            } else {
                String::new()
            }
        ),
    );
    let steps = if params.folds >= 2 {
        params.folds + 2
    } else {
        2
    };
    let pb = crate::progress::bar(steps, "training", quiet);
    pb.enable_steady_tick(std::time::Duration::from_millis(200));
    let model = Model::train_with_progress(&set, &params, &|done, total| {
        pb.set_length(total as u64);
        pb.set_position(done as u64);
    });
    pb.finish_and_clear();
    let model = model?;
    // The report first: if saving fails, the training's results are not lost.
    let r = model.report();
    for w in &r.warnings {
        eprintln!("yuqing: warning: {w}");
    }
    if a.json {
        // The report, plus the part of train_seconds spent only waiting for
        // jieba's dictionary (not saved in the model), for like-for-like
        // comparisons with peers that load it before starting their clock.
        let mut json = serde_json::to_value(r)?;
        json["dictionary_seconds"] = model.dictionary_seconds().into();
        outln!("{json}");
    } else {
        print_report(&model);
    }
    model
        .save(&output)
        .with_context(|| format!("could not save the model to {}", output.shown()))?;
    if !a.json {
        outln!("model written to {}", output.shown());
    }
    // Last, where it is seen: labels that did not reach the model.
    if let Some(left_out) = &set.left_out {
        eprintln!("yuqing: warning: {left_out}");
    }
    if let Some(lines) = &set.skipped {
        eprintln!("yuqing: warning: {lines}");
    }
    Ok(
        if skipped > 0 || set.left_out.is_some() || set.skipped.is_some() {
            Outcome::Partial
        } else {
            Outcome::Done
        },
    )
}

fn print_report(model: &Model) {
    let r = model.report();
    outln!(
        "{} labelled documents{}, {} features{}, trained in {:.2}s",
        r.n_docs,
        if r.n_pseudo_docs > 0 {
            format!(" (+{} theme-keyword documents)", r.n_pseudo_docs)
        } else {
            String::new()
        },
        r.n_features,
        match model.classifier() {
            yuqing::classify::Classifier::Nb(nb) => {
                format!(" ({} kept by chi-square for naive Bayes)", nb.n_selected())
            }
            _ => String::new(),
        },
        r.train_seconds
    );
    let w = model
        .classes()
        .iter()
        .map(|c| yuqing::classify::metrics::display_width(&c.name))
        .max()
        .unwrap_or(4);
    outln!(
        "\n{}  {}  primary  secondary",
        pad("class", 20),
        pad("name", w)
    );
    for ((id, p, s), c) in r.class_counts.iter().zip(model.classes()) {
        outln!("{}  {}  {p:>7}  {s:>9}", pad(id, 20), pad(&c.name, w));
    }
    match &r.cross_validation {
        Some(cv) => outln!(
            "\n{}-fold cross-validation (primary class):\n{}",
            r.params.folds,
            cv.to_text()
        ),
        None => outln!("\n(no cross-validation; use --folds 5 to estimate accuracy)"),
    }
}

/// Where a model goes without `-o`: the theme model that classify, run and
/// suggest read, unless it is trained on a TSV file of other labels (news
/// categories, say), which would replace it: then `models/NAME.model` after
/// the file's name.
fn default_output(tsv: Option<&std::path::Path>) -> std::path::PathBuf {
    let theme = std::path::PathBuf::from("models/theme.model");
    let Some(stem) = tsv.and_then(|t| t.file_stem()) else {
        return theme;
    };
    let named = std::path::Path::new("models").join(format!("{}.model", stem.to_string_lossy()));
    if named == theme {
        std::path::PathBuf::from("models/theme-tsv.model")
    } else {
        named
    }
}

/// The TF-IDF parameters the flags ask for (unchecked).
fn tfidf_params(a: &TrainArgs) -> TfIdfParams {
    TfIdfParams {
        min_df: a.min_df as usize,
        max_df: a.max_df,
        word_ngrams: match (a.no_words, a.bigrams) {
            (true, _) => 0,
            (false, true) => 2,
            (false, false) => 1,
        },
        char_ngrams: a.char_ngrams.0,
        char_scope: match a.char_scope {
            CharScopeArg::Word => CharScope::Word,
            CharScopeArg::Text => CharScope::Text,
        },
        ..TfIdfParams::default()
    }
}
