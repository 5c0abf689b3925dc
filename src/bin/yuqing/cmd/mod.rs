//! One file per subcommand; each is glue around one or two library calls.

mod classify;
mod eval;
mod ingest;
mod run;
mod suggest;
mod themes;
mod train;
mod trend;

use crate::args::{Cli, Command};
use crate::Outcome;

pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let quiet = cli.quiet;
    match cli.command {
        Command::Run(a) => run::run(a, quiet),
        Command::Ingest(a) => ingest::run(a, quiet),
        Command::Train(a) => train::run(a, quiet),
        Command::Classify(a) => classify::run(a, quiet),
        Command::Eval(a) => eval::run(a, quiet),
        Command::Trend(a) => trend::run(a, quiet),
        Command::Themes(a) => themes::run(a, quiet),
        Command::Suggest(a) => suggest::run(a, quiet),
    }
}
