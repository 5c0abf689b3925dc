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
    let mut out = Staged::new();
    out.write(path, write)?;
    out.commit()
}

/// Outputs that belong together, such as the chart, tables and briefing of
/// one `yuqing run`: each is written in full to a temporary file beside its
/// target, and only [`Staged::commit`] renames them into place, one after
/// another in the order they were staged, which takes moments. A run that
/// fails or is stopped before then leaves every earlier output as it was
/// (a stopped process can leave hidden `.yuqing-*` temporary files behind);
/// dropping a `Staged` without committing removes its temporary files.
#[derive(Debug, Default)]
pub struct Staged {
    files: Vec<(tempfile::NamedTempFile, std::path::PathBuf)>,
}

impl Staged {
    pub fn new() -> Staged {
        Staged::default()
    }

    /// Stage `path` with the bytes `write` produces.
    pub fn write<F>(&mut self, path: &Path, write: F) -> Result<()>
    where
        F: FnOnce(&mut dyn Write) -> Result<()>,
    {
        let (tmp, target) = temp_for(path, ".tmp")?;
        {
            let mut w = BufWriter::new(tmp.as_file());
            write(&mut w)?;
            w.flush().map_err(|e| Error::io(&target, e))?;
        }
        self.keep(tmp, target)
    }

    /// Stage `path` with a file that `fill` writes by name (for writers that
    /// open files themselves). The temporary name keeps `path`'s extension,
    /// which such writers may go by.
    pub fn write_file<T, F>(&mut self, path: &Path, fill: F) -> Result<T>
    where
        F: FnOnce(&Path) -> Result<T>,
    {
        let suffix = match path.extension() {
            Some(e) => format!(".{}", e.to_string_lossy()),
            None => ".tmp".to_string(),
        };
        let (tmp, target) = temp_for(path, &suffix)?;
        let filled = fill(tmp.path())?;
        self.keep(tmp, target)?;
        Ok(filled)
    }

    fn keep(&mut self, tmp: tempfile::NamedTempFile, target: std::path::PathBuf) -> Result<()> {
        tmp.as_file()
            .sync_all()
            .map_err(|e| Error::io(&target, e))?;
        // tempfile creates 0600; outputs are ordinary files others may read.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644));
        }
        self.files.push((tmp, target));
        Ok(())
    }

    /// Rename every staged file into place, in the order staged.
    pub fn commit(self) -> Result<()> {
        let mut dirs: Vec<std::path::PathBuf> = Vec::new();
        for (tmp, target) in self.files {
            tmp.persist(&target)
                .map_err(|e| Error::io(&target, e.error))?;
            let dir = parent_dir(&target).to_path_buf();
            if !dirs.contains(&dir) {
                dirs.push(dir);
            }
        }
        // Make the renames durable; failure here does not undo a good file.
        #[cfg(unix)]
        for dir in dirs {
            if let Ok(d) = std::fs::File::open(&dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    }
}

/// A temporary file for the output `path`, beside the file it will replace,
/// and that file's path: an output that is a link to a file is written
/// through the link, not replaced by a file of its own.
fn temp_for(path: &Path, suffix: &str) -> Result<(tempfile::NamedTempFile, std::path::PathBuf)> {
    if path.is_dir() {
        return Err(folder_not_file(path));
    }
    let target = if path.is_symlink() {
        std::fs::canonicalize(path).ok()
    } else {
        None
    };
    let target = target.unwrap_or_else(|| path.to_path_buf());
    let dir = parent_dir(&target);
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let tmp = temp_in(dir, &target, suffix)?;
    Ok((tmp, target))
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
    temp_in(existing, path, ".tmp").map(drop)
}

/// A temporary file in `dir` for the output `path`, named `.yuqing-…{suffix}`.
fn temp_in(dir: &Path, path: &Path, suffix: &str) -> Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(".yuqing-")
        .suffix(suffix)
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

    /// Staged outputs stay out of sight until committed, together; dropped
    /// uncommitted, they leave the old files and no temporary file.
    #[test]
    fn staged_outputs_appear_together_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.csv"), dir.path().join("sub/b.png"));
        std::fs::write(&a, "old a").unwrap();
        let stage = || {
            let mut out = Staged::new();
            out.write(&a, |w| w.write_all(b"new a").map_err(io_err(&a)))
                .unwrap();
            let n = out
                .write_file(&b, |tmp| {
                    assert!(tmp.to_string_lossy().ends_with(".png"));
                    std::fs::write(tmp, "new b").map_err(|e| Error::io(tmp, e))?;
                    Ok(7)
                })
                .unwrap();
            assert_eq!(n, 7);
            out
        };
        let names = || {
            let mut n: Vec<String> = std::fs::read_dir(dir.path())
                .unwrap()
                .chain(std::fs::read_dir(dir.path().join("sub")).unwrap())
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            n.sort();
            n
        };
        let out = stage();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old a");
        assert!(!b.exists());
        drop(out);
        assert_eq!(names(), ["a.csv", "sub"]);
        stage().commit().unwrap();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "new a");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "new b");
        assert_eq!(names(), ["a.csv", "b.png", "sub"]);
    }

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
