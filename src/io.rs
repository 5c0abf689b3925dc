//! Atomic file output: write a temporary file beside the target, then rename.
//!
//! An interrupted run therefore never leaves a half-written model, corpus or
//! chart where a good one stood.

use std::io::{BufWriter, Write};
use std::path::Path;

use crate::error::{Error, Result};

/// A path as an analyst should see it in a message. A file name that is not
/// UTF-8 (a zip archive made on Chinese Windows and unpacked on Linux keeps
/// its GBK bytes) is shown decoded as GBK/GB18030 when it decodes, instead
/// of as `�` marks; anything else is shown as [`Path::display`] shows it.
pub trait ShowPath {
    fn shown(&self) -> Shown<'_>;
}

impl ShowPath for Path {
    fn shown(&self) -> Shown<'_> {
        Shown(self)
    }
}

/// See [`ShowPath`].
pub struct Shown<'a>(&'a Path);

impl std::fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(s) = self.0.to_str() {
            return f.write_str(s);
        }
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let bytes = self.0.as_os_str().as_bytes();
            if let Some(s) =
                encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)
            {
                return f.write_str(&s);
            }
        }
        write!(f, "{}", self.0.display())
    }
}

/// Create `path` atomically with the bytes `write` produces.
pub fn write_atomic<F>(path: &Path, write: F) -> Result<()>
where
    F: FnOnce(&mut dyn Write) -> Result<()>,
{
    if path.is_dir() {
        return Err(folder_not_file(path));
    }
    // An output that is a link to a file is written through the link, not
    // replaced by a file of its own.
    let target = if path.is_symlink() {
        std::fs::canonicalize(path).ok()
    } else {
        None
    };
    let path = target.as_deref().unwrap_or(path);
    let dir = parent_dir(path);
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let tmp = temp_in(dir, path)?;
    {
        let mut w = BufWriter::new(tmp.as_file());
        write(&mut w)?;
        w.flush().map_err(|e| Error::io(path, e))?;
    }
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    // tempfile creates 0600; outputs are ordinary files others may read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644));
    }
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

fn folder_not_file(path: &Path) -> Error {
    Error::format(
        path,
        "this is a folder; give the output a file name inside it",
    )
}

/// Check an output path before long work starts: not a folder, its folder
/// can be created, and its extension is one of `extensions` (lower case,
/// without the dot; empty for any), which `endings` describes for the
/// message ("give this output a name ending in {endings}").
pub fn check_output(path: &Path, extensions: &[&str], endings: &str) -> Result<()> {
    if path.is_dir() || path.as_os_str().to_string_lossy().ends_with(['/', '\\']) {
        return Err(folder_not_file(path));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let stem_only = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') && !n[1..].contains('.'));
    if !extensions.is_empty()
        && (stem_only || !ext.as_deref().is_some_and(|e| extensions.contains(&e)))
    {
        let advice = if stem_only {
            format!(
                "give this output a name before its ending, e.g. out{}",
                path.shown()
            )
        } else {
            format!("give this output a name ending in {endings}")
        };
        return Err(Error::format(path, advice));
    }
    // The nearest folder that exists must take new files; missing folders
    // are created only when the output is written, so a command that fails
    // leaves none behind.
    let dir = parent_dir(path);
    let mut existing = dir;
    while !existing.exists() {
        match existing.parent() {
            Some(p) if !p.as_os_str().is_empty() => existing = p,
            _ => {
                existing = Path::new(".");
                break;
            }
        }
    }
    if !existing.is_dir() {
        return Err(Error::format(
            path,
            format!(
                "cannot create its folder {}: {} is a file, not a folder",
                dir.shown(),
                existing.shown()
            ),
        ));
    }
    // The way the output will be written (see `write_atomic`); the probe
    // file is removed when dropped.
    temp_in(existing, path).map(drop)
}

/// A temporary file in `dir` for the output `path`.
fn temp_in(dir: &Path, path: &Path) -> Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(".yuqing-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| {
            Error::io(
                path,
                std::io::Error::new(
                    e.kind(),
                    format!(
                        "cannot create a file in the folder {}; choose an output in a folder you can write to",
                        dir.shown()
                    ),
                ),
            )
        })
}

/// Whether the file at `path` begins with `prefix` (after a UTF-8
/// byte-order mark, if any); false when it cannot be read. Reads only as
/// many bytes as that takes.
pub fn file_starts_with(path: &Path, prefix: &[u8]) -> bool {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let mut head = vec![0u8; BOM.len() + prefix.len()];
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let mut n = 0;
    while n < head.len() {
        match std::io::Read::read(&mut f, &mut head[n..]) {
            Ok(0) | Err(_) => break,
            Ok(k) => n += k,
        }
    }
    let head = &head[..n];
    head.strip_prefix(BOM).unwrap_or(head).starts_with(prefix)
}

/// True if `a` and `b` name the same existing file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// For a relative path that was not found: where it was looked for, as
/// `" (relative paths start from the current folder, …)"`; empty otherwise.
pub fn relative_hint(path: &Path) -> String {
    match std::env::current_dir() {
        Ok(cwd) if path.is_relative() => format!(
            " (relative paths start from the current folder, {})",
            cwd.shown()
        ),
        _ => String::new(),
    }
}

/// The directory a file lives in (`.` for a bare file name).
pub fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Map an I/O error from a writer to one that names the output file.
pub fn io_err(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::io(path, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_are_checked_before_work() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let err = check_output(d, &["jsonl"], ".jsonl")
            .unwrap_err()
            .to_string();
        assert!(err.contains("this is a folder"), "{err}");
        let err = check_output(&d.join("c.csv"), &["jsonl", "json"], ".jsonl")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("c.csv") && err.contains("ending in .jsonl"),
            "{err}"
        );
        check_output(&d.join("new/sub/c.JSONL"), &["jsonl"], ".jsonl").unwrap();
        // Checked, not created: a command that then fails leaves no folder.
        assert!(!d.join("new").exists());
        let err = check_output(&d.join(".jsonl"), &["jsonl"], ".jsonl")
            .unwrap_err()
            .to_string();
        assert!(err.contains("a name before its ending"), "{err}");
        std::fs::create_dir_all(d.join("new/sub")).unwrap();
        let err = write_atomic(d, |_| Ok(())).unwrap_err().to_string();
        assert!(err.contains("this is a folder"), "{err}");
        let file = d.join("f");
        std::fs::write(&file, "x").unwrap();
        assert!(same_file(&file, &d.join("new/../f")));
        let err = check_output(&file.join("x.jsonl"), &["jsonl"], ".jsonl")
            .unwrap_err()
            .to_string();
        assert!(err.contains("is a file, not a folder"), "{err}");
        // Written through a link, which stays a link.
        #[cfg(unix)]
        {
            let link = d.join("link");
            std::os::unix::fs::symlink(&file, &link).unwrap();
            write_atomic(&link, |w| w.write_all(b"through").map_err(io_err(&link))).unwrap();
            assert!(link.is_symlink());
            assert_eq!(std::fs::read_to_string(&file).unwrap(), "through");
        }
        assert!(!same_file(&file, &d.join("missing")));
        std::fs::write(&file, "\u{feff}issue_date,x").unwrap();
        assert!(file_starts_with(&file, b"issue_date"));
        assert!(!file_starts_with(&file, b"issue_date,x,"));
        assert!(!file_starts_with(&d.join("missing"), b""));
    }

    #[test]
    fn failed_write_keeps_the_old_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        std::fs::write(&target, "good").unwrap();
        let r = write_atomic(&target, |w| {
            w.write_all(b"half").map_err(io_err(&target))?;
            Err(Error::Data("interrupted".into()))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "good");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        write_atomic(&target, |w| w.write_all(b"new").map_err(io_err(&target))).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }
}
