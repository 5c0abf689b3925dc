//! The `yuqing` command: parse arguments, run one subcommand, print errors once.
//!
//! Exit status: 0 when everything worked, 1 when the job finished but some
//! input files were skipped (each reported with its reason), 2 when nothing
//! useful could be produced.

/// `println!` that never panics: see [`progress::write_out`].
macro_rules! outln {
    () => { $crate::progress::write_out(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::progress::write_out(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `print!` that never panics: see [`progress::write_out`].
macro_rules! out {
    ($($arg:tt)*) => { $crate::progress::write_out(format_args!($($arg)*)) };
}

mod args;
mod cmd;
mod progress;

use std::process::ExitCode;

use clap::Parser;

/// What a subcommand reports back to `main`.
pub enum Outcome {
    /// Everything worked.
    Done,
    /// Finished, but some inputs were skipped (already reported).
    Partial,
}

impl Outcome {
    /// Partial if either is.
    pub fn worst(self, other: Outcome) -> Outcome {
        match (self, other) {
            (Outcome::Done, Outcome::Done) => Outcome::Done,
            _ => Outcome::Partial,
        }
    }
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "yuqing: internal error: {info}\n\
             This is a bug in yuqing, not in your files. Please report it with the command you ran."
        );
    }));
    let cli = args::Cli::parse();
    match cmd::run(cli) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Partial) => ExitCode::from(1),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("yuqing: error: {}", one_line(&err));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes on one line, like anyhow's `{:#}`, but without a
/// cause whose text the message already contains (yuqing's I/O errors print
/// their source themselves, so `{:#}` would say it twice).
fn one_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    let mut explained = false;
    for cause in err.chain() {
        // yuqing's I/O errors explain their system error in plain words;
        // the system's own text would follow as the next cause.
        if std::mem::take(&mut explained) && cause.is::<std::io::Error>() {
            continue;
        }
        explained = matches!(cause.downcast_ref(), Some(yuqing::Error::Io { .. }));
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
