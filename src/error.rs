//! The library's one error type.
//!
//! Every variant that comes from a file names the file (and the line, where
//! there is one), and its message ends with what the analyst can do about it:
//! the CLI prints `path: line N: what went wrong; what to try` and nothing else.

use crate::io::ShowPath;
use std::path::{Path, PathBuf};

/// Result alias used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in yuqing's library code.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed at the operating-system level.
    #[error("{}: {}", path.shown(), plain_io(source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A file's content is not what yuqing expected (bad report, bad label row, …).
    #[error("{}{}: {message}", path.shown(), line.map(|l| format!(": line {l}")).unwrap_or_default())]
    Format {
        path: PathBuf,
        line: Option<usize>,
        message: String,
    },

    /// A model file written by another version of yuqing.
    #[error("{}: {}", path.shown(), version_advice(*found, *oldest, *newest))]
    ModelVersion {
        path: PathBuf,
        found: u32,
        oldest: u32,
        newest: u32,
    },

    /// A hyper-parameter or option value outside its valid range.
    #[error("invalid parameter {name} = {value}: {expected}")]
    InvalidParam {
        name: &'static str,
        value: String,
        expected: &'static str,
    },

    /// Training data that cannot produce a model (empty, one class, no vocabulary…).
    #[error("cannot train: {0}")]
    Data(String),

    /// An error raised inside linfa.
    #[error(transparent)]
    Linfa(#[from] linfa::Error),

    /// Drawing a chart failed.
    #[error("{}: cannot draw chart: {message}", path.shown())]
    Chart { path: PathBuf, message: String },
}

/// Why a model of format version `found` cannot be read by this build, and
/// what to do: a newer yuqing wrote it (update yuqing, or retrain with this
/// one) or an older one did (retrain).
fn version_advice(found: u32, oldest: u32, newest: u32) -> String {
    let reads = if oldest == newest {
        format!("version {newest}")
    } else {
        format!("versions {oldest} to {newest}")
    };
    if found > newest {
        format!(
            "this model was written by a newer yuqing (model format version {found}; this yuqing reads {reads}); update yuqing to use it, or retrain it with this one (`yuqing train`)"
        )
    } else {
        format!(
            "this model was written by an older yuqing (model format version {found}; this yuqing reads {reads}); retrain it with `yuqing train`"
        )
    }
}

/// What an operating-system error means for the analyst and what to do,
/// for the kinds a mistyped path or a locked file gives; the system's own
/// text (with its "os error N") for the rest, and yuqing's own text for an
/// error it made itself.
pub fn plain_io(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    if e.get_ref().is_some() {
        // A message written by yuqing (io::Error::new) already says it.
        return e.to_string();
    }
    match e.kind() {
        K::NotFound => "no such file or folder; check the path and its spelling".into(),
        K::PermissionDenied => {
            "no permission to read or write it; ask its owner, or copy it to a folder of your own"
                .into()
        }
        K::IsADirectory => "this is a folder, but a file is needed here".into(),
        K::NotADirectory => "part of this path is a file, not a folder; check the path".into(),
        K::StorageFull => "the disk is full; free some space and run again".into(),
        K::ReadOnlyFilesystem => "the disk is read-only; write somewhere else".into(),
        _ => e.to_string(),
    }
}

/// Warnings of one kind named one by one before the rest are counted.
pub const WARNINGS_SHOWN: usize = 10;

/// The first `shown` of `warnings`, then one line from `rest` counting the
/// others, so that a long archive or label file does not scroll the screen
/// away.
pub fn capped<T>(shown: usize, mut warnings: Vec<T>, rest: impl FnOnce(usize) -> T) -> Vec<T> {
    if warnings.len() > shown {
        let more = warnings.len() - shown;
        warnings.truncate(shown);
        warnings.push(rest(more));
    }
    warnings
}

impl Error {
    /// An I/O error that names its file.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// A content error for a whole file.
    pub fn format(path: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Error::Format {
            path: path.as_ref().to_path_buf(),
            line: None,
            message: message.into(),
        }
    }

    /// A content error at a 1-based line of a file.
    pub fn format_at(path: impl AsRef<Path>, line: usize, message: impl Into<String>) -> Self {
        Error::Format {
            path: path.as_ref().to_path_buf(),
            line: Some(line),
            message: message.into(),
        }
    }
}
