//! Progress bars on stderr, shown only when stderr is a terminal.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar of `len` steps labelled `what`; hidden when stderr is not a terminal
/// or `quiet` is set, so logs and pipes stay clean.
pub fn bar(len: usize, what: &str, quiet: bool) -> ProgressBar {
    let pb = ProgressBar::new(len as u64);
    if quiet || !std::io::stderr().is_terminal() {
        pb.set_draw_target(ProgressDrawTarget::hidden());
    }
    pb.set_style(
        ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} ({rate}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            // indicatif's {per_sec} prints "705.149/s"; whole steps read better.
            .with_key(
                "rate",
                |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0}/s", state.per_sec());
                },
            )
            .progress_chars("=> "),
    );
    pb.set_message(what.to_string());
    pb
}

/// Print a status line to stderr unless quiet.
pub fn note(quiet: bool, msg: impl AsRef<str>) {
    if !quiet {
        eprintln!("{}", msg.as_ref());
    }
}

/// Write to standard output without ever panicking (`println!` panics when
/// the reader of a pipe, such as `head`, has stopped). A closed pipe is not
/// an error: the command carries on (a model is still saved) and ends with
/// its own exit status. Any other write error is reported once on stderr.
pub fn write_out(args: std::fmt::Arguments) {
    use std::io::Write;
    use std::sync::atomic::{AtomicBool, Ordering};
    static REPORTED: AtomicBool = AtomicBool::new(false);
    if let Err(e) = std::io::stdout().lock().write_fmt(args) {
        if e.kind() != std::io::ErrorKind::BrokenPipe && !REPORTED.swap(true, Ordering::Relaxed) {
            eprintln!(
                "yuqing: warning: cannot write to standard output: {}",
                yuqing::error::plain_io(&e)
            );
        }
    }
}
