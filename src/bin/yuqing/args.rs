//! Every command-line flag, defined once, with its help text and default.
//!
//! Values are checked here (ranges, formats) so that subcommands receive
//! arguments that make sense; building library objects happens in `cmd/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Typical session:
  yuqing run                                  ingest the examples, classify, chart (all defaults)
  yuqing run archive/ --per month             years of issues: one chart point per month
  yuqing run archive/ --series weekly         chart the 周报 only (monthly: the 月报 only)
  yuqing ingest reports/2025/ -o reports/corpus.jsonl
  yuqing classify reports/corpus.jsonl -o reports/classified.jsonl   (or .csv for Excel/WPS)
  yuqing trend reports/classified.jsonl -o reports/trend.png
  yuqing suggest new-issue.pdf                draft labels into labels/suggested.csv to correct
  yuqing train --labels labels/ --corpus examples/reports/ new-issue.pdf   (after labelling)

Exit status: 0 = done; 1 = done, but some files or folders were skipped, or train (or themes
--corpus) left out labelled rows it could not find in the reports, or train --tsv or eval skipped
lines that are not label<TAB>text (each named on stderr); 2 = error.";

/// yuqing (舆情): theme classification and trend charts for health-informatics
/// public-opinion monitoring reports (卫生信息化舆情监测周报/月报).
#[derive(Debug, Parser)]
#[command(name = "yuqing", version, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Print no progress bars or status lines (errors and warnings still show).
    #[arg(long, short, global = true, display_order = 1000)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Do the whole job: ingest reports, classify them with a model, draw the theme trend chart
    /// and write a briefing. With no arguments it uses the shipped examples and default model.
    Run(RunArgs),
    /// Read report files (.txt .md .pdf .docx; UTF-8, GBK or UTF-16) into a corpus file with
    /// one JSON line per article.
    Ingest(IngestArgs),
    /// Train a theme model from labelled articles (labels/), or a label<TAB>text file.
    Train(TrainArgs),
    /// Label every article with its primary theme, per-theme scores and secondary themes.
    Classify(ClassifyArgs),
    /// Measure a model on a label<TAB>text file: accuracy, macro-F1, per-class scores,
    /// confusion matrix and speed.
    Eval(EvalArgs),
    /// Draw a PNG chart (and a CSV of its numbers) of theme frequency per issue, month or
    /// quarter over time from classified articles.
    Trend(TrendArgs),
    /// List the themes of the taxonomy, with how many labelled articles each has.
    Themes(ThemesArgs),
    /// Draft labels for articles nobody has labelled yet: the model's themes in the
    /// labels/articles.csv format, least confident first, for an analyst to correct and
    /// copy into labels/articles.csv before `yuqing train`.
    Suggest(SuggestArgs),
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Report files or folders to read.
    #[arg(default_value = "examples/reports")]
    pub inputs: Vec<PathBuf>,
    /// Model file to classify with.
    #[arg(long, short, default_value = "models/theme.model")]
    pub model: PathBuf,
    /// Folder for corpus.jsonl, classified.jsonl/.csv, trend.png/.csv and briefing.md. They are
    /// put in place together at the end, so a run that fails leaves the previous ones as they
    /// were; if a run is interrupted (Ctrl-C), run it again.
    #[arg(long, short, default_value = "reports")]
    pub out_dir: PathBuf,
    #[command(flatten)]
    pub trend: TrendOptions,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Report files or folders (searched recursively for .txt .md .pdf .docx).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Corpus file to write (JSON Lines, one article per line).
    #[arg(long, short, default_value = "reports/corpus.jsonl")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct TrainArgs {
    /// Folder with themes.toml, articles.csv (labelled articles) and dictionary.txt.
    #[arg(long, default_value = "labels", conflicts_with = "tsv")]
    pub labels: PathBuf,
    /// Reports (files, folders) or corpus .jsonl files that contain the labelled articles.
    #[arg(long, num_args = 1.., default_value = "examples/reports", conflicts_with = "tsv")]
    pub corpus: Vec<PathBuf>,
    /// Train on a generic label<TAB>text file instead of labelled articles.
    #[arg(long, value_name = "FILE")]
    pub tsv: Option<PathBuf>,
    /// Where to write the model [default: models/theme.model, the theme model that classify,
    /// run and suggest use; with --tsv, models/NAME.model after the TSV file's name, so that a
    /// model of other labels does not replace the theme model].
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Learning algorithm: svm (sparse linear SVM, default) or nb (linfa-bayes naive Bayes).
    #[arg(long, default_value = "svm", value_parser = ["svm", "nb"])]
    pub algorithm: String,
    /// How closely the SVM follows the labelled examples (> 0): larger trusts each label more,
    /// smaller generalises more. The default suits most label sets; change it only to compare
    /// cross-validation scores. (scikit-learn calls it C.)
    #[arg(short = 'C', long = "fit", alias = "c", value_name = "C", default_value_t = 0.5,
          value_parser = positive_f32, allow_negative_numbers = true)]
    pub c: f32,
    /// Drop words seen in fewer documents than this (1 keeps every word).
    #[arg(long, default_value_t = 2, value_parser = at_least_one::<u32>, allow_negative_numbers = true)]
    pub min_df: u32,
    /// Drop words seen in more than this share of documents (0 < x <= 1).
    #[arg(long, default_value_t = 1.0, value_parser = share, allow_negative_numbers = true)]
    pub max_df: f32,
    /// Also use pairs of adjacent words as features.
    #[arg(long)]
    pub bigrams: bool,
    /// Use only runs of characters (--char-ngrams) as features, no jieba words: the model
    /// never segments text, so classifying a large stream of headlines is several times
    /// faster. On news headlines it labels about as well as the default; on full articles
    /// and for your own dictionary words, the default (words too) is the safer choice.
    #[arg(long, conflicts_with = "bigrams")]
    pub no_words: bool,
    /// Runs of characters used as features besides jieba's words: 1-2 means single
    /// characters and pairs of adjacent characters, which catch terms the dictionary splits;
    /// "none" uses words only (faster, but on news headlines about 5 percentage points fewer
    /// correct labels, averaged over themes).
    #[arg(long, value_name = "MIN-MAX", default_value = "1-2", value_parser = ngram_range)]
    pub char_ngrams: Ngrams,
    /// Where character runs are taken: "text" takes them along the text, across word
    /// boundaries (best labels); "word" takes them inside each jieba word, so the model scores
    /// every known word in one step: classification about a fifth faster, for slightly fewer
    /// correct labels (0.3 points of macro-F1 on news headlines, about 1 on full articles).
    #[arg(long, value_enum, default_value = "text")]
    pub char_scope: CharScopeArg,
    /// Naive Bayes only: number of features kept by chi-square selection.
    #[arg(long, default_value_t = 20_000, value_parser = at_least_one::<usize>, allow_negative_numbers = true)]
    pub nb_features: usize,
    /// k of k-fold cross-validation: 0 skips it, otherwise at least 2 (at most one fold per
    /// labelled article). Defaults to 5 for labelled articles, 0 for --tsv.
    #[arg(long, value_parser = folds, allow_negative_numbers = true)]
    pub folds: Option<usize>,
    /// Warn when a theme has fewer labelled articles than this.
    #[arg(long, default_value_t = 5)]
    pub min_per_theme: usize,
    /// Do not add each theme's keywords (themes.toml) as an extra training document.
    #[arg(long)]
    pub no_keyword_docs: bool,
    /// Print the training report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// A corpus .jsonl from `yuqing ingest`, or report files and folders.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Model file.
    #[arg(long, short, default_value = "models/theme.model")]
    pub model: PathBuf,
    /// Output: .jsonl (default) or .csv (opens in Excel/WPS).
    #[arg(long, short, default_value = "reports/classified.jsonl")]
    pub output: PathBuf,
    /// Score (0-1) a further theme needs to be listed as secondary
    /// [default: 0.5 for svm models, 0.25 for nb models].
    #[arg(long, value_parser = unit_f32, allow_negative_numbers = true)]
    pub threshold: Option<f32>,
}

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// New reports (files or folders), or a corpus .jsonl from `yuqing ingest`.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Model file that drafts the labels.
    #[arg(long, short, default_value = "models/theme.model")]
    pub model: PathBuf,
    /// Labels folder: articles already in its articles.csv are skipped.
    #[arg(long, default_value = "labels")]
    pub labels: PathBuf,
    /// Where to write the drafted rows (CSV; opens in Excel/WPS). An existing file is left
    /// alone (it may hold your corrections) unless --overwrite is given [default:
    /// suggested.csv in the labels folder, labels/suggested.csv].
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub overwrite: bool,
    /// Score (0-1) a further theme needs to be drafted as secondary
    /// [default: 0.5 for svm models, 0.25 for nb models].
    #[arg(long, value_parser = unit_f32, allow_negative_numbers = true)]
    pub threshold: Option<f32>,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Test file: label<TAB>text, one document per line; a label is one of the model's classes
    /// (for a theme model, a theme id or its Chinese name).
    pub test: PathBuf,
    /// Model file.
    #[arg(long, short, default_value = "models/theme.model")]
    pub model: PathBuf,
    /// Print the evaluation as JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Benchmark the speed: time prediction and jieba's segmentation alone in 24 rounds of
    /// repeated passes and report their ratio (slower; without it the speed is one pass).
    #[arg(long)]
    pub timing: bool,
    /// Segment every text. By default a model trained on 1,000 documents or more labels a text
    /// from its characters alone when they leave no doubt (on its training set, adding the
    /// words changed no such label) and segments only the rest; `classify` always segments.
    #[arg(long)]
    pub exact: bool,
}

#[derive(Debug, Args)]
pub struct TrendArgs {
    /// Classified articles (.jsonl from `yuqing classify`).
    pub input: PathBuf,
    /// PNG file to write; a .csv with the same numbers is written beside it.
    #[arg(long, short, default_value = "reports/trend.png")]
    pub output: PathBuf,
    /// Labels folder whose themes.toml gives the themes' Chinese names.
    #[arg(long, default_value = "labels")]
    pub labels: PathBuf,
    #[command(flatten)]
    pub trend: TrendOptions,
}

#[derive(Debug, Args)]
pub struct TrendOptions {
    /// Plot article counts or each theme's share (%) of the issue's articles.
    #[arg(long, value_enum, default_value_t = MeasureArg::Count)]
    pub measure: MeasureArg,
    /// Count secondary themes too, not only each article's primary theme.
    #[arg(long)]
    pub include_secondary: bool,
    /// Count a story republished in a later issue again (default: once).
    #[arg(long)]
    pub count_duplicates: bool,
    /// One point per issue, or per month or quarter (all their issues together): for
    /// archives of hundreds of issues. Where the reports hold both series, a month adds up
    /// its 周报 and its 月报; --series keeps them apart.
    #[arg(long, value_enum, default_value_t = PerArg::Issue)]
    pub per: PerArg,
    /// Which series to chart when the reports hold both the weekly 周报 and the monthly 月报,
    /// whose counts are not alike (a 月报 gathers a month of news): "weekly" (or 周报) charts
    /// the 周报 issues only, "monthly" (or 月报) the 月报 issues only, "all" every issue. With
    /// weekly or monthly, an issue whose title and lead name neither series is left out, and a
    /// note names it.
    #[arg(long, value_enum, default_value_t = SeriesArg::All, ignore_case = true)]
    pub series: SeriesArg,
    /// Chart title [default: 卫生信息化舆情主题趋势 with the issue range].
    #[arg(long)]
    pub title: Option<String>,
    /// Chart size in pixels, WIDTHxHEIGHT; each side from 320 to 8000.
    #[arg(long, default_value = "1600x900", value_parser = size)]
    pub size: (u32, u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PerArg {
    Issue,
    Month,
    Quarter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeriesArg {
    All,
    #[value(alias = "周报")]
    Weekly,
    #[value(alias = "月报")]
    Monthly,
}

impl SeriesArg {
    /// The series to keep: `None` for all.
    pub fn series(self) -> Option<yuqing::corpus::Series> {
        use yuqing::corpus::Series;
        match self {
            SeriesArg::All => None,
            SeriesArg::Weekly => Some(Series::Weekly),
            SeriesArg::Monthly => Some(Series::Monthly),
        }
    }

    /// The option as the analyst would type it.
    pub fn flag(series: Option<yuqing::corpus::Series>) -> &'static str {
        use yuqing::corpus::Series;
        match series {
            None => "--series all",
            Some(Series::Weekly) => "--series weekly",
            Some(Series::Monthly) => "--series monthly",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CharScopeArg {
    Word,
    Text,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MeasureArg {
    Count,
    Share,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Without --corpus every row of articles.csv is counted. With --corpus the counts are of \
the rows `yuqing train --corpus` with the same reports finds, each row it would leave out is \
named, and the exit status is 1 if there are any."
)]
pub struct ThemesArgs {
    /// Labels folder.
    #[arg(long, default_value = "labels")]
    pub labels: PathBuf,
    /// Reports (files, folders) or corpus .jsonl files to look the labelled articles up in, as
    /// `yuqing train --corpus` does: count only the rows training would find, and name the others.
    #[arg(long, num_args = 1..)]
    pub corpus: Option<Vec<PathBuf>>,
}

/// A whole number of at least 1.
fn at_least_one<T: std::str::FromStr + PartialOrd + From<u8>>(s: &str) -> Result<T, String> {
    match s.trim().parse::<T>() {
        Ok(v) if v >= T::from(1) => Ok(v),
        Ok(_) => Err(format!("'{s}' is too small: use 1 or more")),
        Err(_) => Err(format!("'{s}' is not a whole number (1 or more)")),
    }
}

fn positive_f32(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!("'{s}' is not a positive number")),
    }
}

fn folds(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(k) if k != 1 => Ok(k),
        Ok(_) => Err("1 fold cannot cross-validate; use 0 to skip, or 2 or more".into()),
        Err(_) => Err(format!(
            "'{s}' is not a number of folds (0 to skip, or 2 or more)"
        )),
    }
}

fn share(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(v) if v > 0.0 && v <= 1.0 => Ok(v),
        _ => Err(format!("'{s}' is not a share between 0 (exclusive) and 1")),
    }
}

fn unit_f32(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("'{s}' is not a number between 0 and 1")),
    }
}

/// A character n-gram range, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ngrams(pub Option<(u8, u8)>);

fn ngram_range(s: &str) -> Result<Ngrams, String> {
    if s.eq_ignore_ascii_case("none") || s == "0" {
        return Ok(Ngrams(None));
    }
    let bad = || format!("'{s}' is not a range like 1-2 (1 <= min <= max <= 5)");
    let (a, b) = s.split_once('-').ok_or_else(bad)?;
    let (a, b): (u8, u8) = (
        a.trim().parse().map_err(|_| bad())?,
        b.trim().parse().map_err(|_| bad())?,
    );
    if a == 0 || a > b || b > 5 {
        return Err(bad());
    }
    Ok(Ngrams(Some((a, b))))
}

/// WIDTHxHEIGHT, each side what the chart can draw.
fn size(s: &str) -> Result<(u32, u32), String> {
    use yuqing::chart::{MAX_SIDE, MIN_SIDE};
    let bad = || {
        format!("'{s}' is not a size like 1600x900 (width x height in pixels, each side from {MIN_SIDE} to {MAX_SIDE})")
    };
    let (w, h) = s.split_once(['x', 'X', '×']).ok_or_else(bad)?;
    let (w, h): (u32, u32) = (
        w.trim().parse().map_err(|_| bad())?,
        h.trim().parse().map_err(|_| bad())?,
    );
    for side in [w, h] {
        if side < MIN_SIDE {
            return Err(format!("{s} is too small for a chart: each side must be at least {MIN_SIDE} pixels, so that its title, labels and legend fit (e.g. 1600x900)"));
        }
        if side > MAX_SIDE {
            return Err(format!(
                "{s} is too large for a chart: each side can be at most {MAX_SIDE} pixels"
            ));
        }
    }
    Ok((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn value_checks() {
        assert_eq!(ngram_range("1-2"), Ok(Ngrams(Some((1, 2)))));
        assert_eq!(ngram_range("none"), Ok(Ngrams(None)));
        assert!(ngram_range("3-2").is_err());
        assert!(ngram_range("x").is_err());
        assert_eq!(size("800x600"), Ok((800, 600)));
        assert!(size("10x10").is_err());
        // The sides the chart draws, no more and no less.
        use yuqing::chart::{MAX_SIDE, MIN_SIDE};
        assert_eq!(size("320x8000"), Ok((MIN_SIDE, MAX_SIDE)));
        let e = size("300x300").unwrap_err();
        assert!(e.contains("at least 320 pixels"), "{e}");
        assert!(size("1600x319").is_err());
        assert!(size("8001x900").unwrap_err().contains("at most 8000"));
        let help = Cli::command()
            .find_subcommand_mut("trend")
            .unwrap()
            .render_long_help()
            .to_string()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            help.contains(&format!("each side from {MIN_SIDE} to {MAX_SIDE}")),
            "{help}"
        );
        assert!(positive_f32("0").is_err());
        assert!(share("1.5").is_err());
        assert!(unit_f32("0.3").is_ok());
    }

    #[test]
    fn run_has_defaults_for_everything() {
        let cli = Cli::try_parse_from(["yuqing", "run"]).unwrap();
        let Command::Run(r) = cli.command else {
            panic!("not run")
        };
        assert_eq!(r.inputs, vec![PathBuf::from("examples/reports")]);
        assert_eq!(r.model, PathBuf::from("models/theme.model"));
    }
}
