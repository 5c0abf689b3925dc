//! Atomic file output: write a temporary file beside the target, then rename.
//!
//! An interrupted run therefore never leaves a half-written model, corpus or
//! chart where a good one stood.

use std::io::{BufWriter, Write};
use std::path::Path;

use crate::error::{Error, Result};

/// Create `path` atomically with the bytes `write` produces.
pub fn write_atomic<F>(path: &Path, write: F) -> Result<()>
where
    F: FnOnce(&mut dyn Write) -> Result<()>,
{
    let dir = parent_dir(path);
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let tmp = tempfile::Builder::new()
        .prefix(".yuqing-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
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
