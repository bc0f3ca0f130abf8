//! Writing files atomically: a report, a baseline or a fixed note is
//! replaced whole or not at all, through a temporary file beside it.
//!
//! A leaf every later stage uses (`lint`'s `--fix`, `baseline`, the
//! commands' `--output`), so none of them borrows it from another.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

/// The start of the temporary files [`write_atomic`] writes through.
const TEMPORARY_PREFIX: &str = ".phasebook-";

/// Whether a file name is one of [`write_atomic`]'s temporary files
/// (`.phasebook-` and tempfile's six random characters).
pub(crate) fn is_temporary_name(name: &str) -> bool {
    name.strip_prefix(TEMPORARY_PREFIX)
        .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Write `contents` to `path` atomically, keeping its permissions. A
/// symlinked note is written where its link points: renaming over the link
/// itself would replace it with a plain file and leave the real note as it
/// was.
pub(crate) fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let resolved;
    let path = if path.is_symlink() {
        resolved = std::fs::canonicalize(path)
            .with_context(|| format!("cannot follow the symlink {}", path.display()))?;
        resolved.as_path()
    } else {
        path
    };
    // Said up front: renaming over a folder fails only after the temporary
    // file was written, with the OS's terse "Is a directory".
    if path.is_dir() {
        anyhow::bail!(
            "cannot write {}: it is a folder, not a file",
            path.display()
        );
    }
    let tmp = temporary_beside(path, contents)?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
    }
    // The persist error's message repeats its cause: keep the cause alone.
    tmp.persist(path)
        .map_err(|err| err.error)
        .with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}

/// Write a new file at `path` atomically, failing if anything is there
/// (a file made meanwhile is kept, not replaced): `phasebook new` writes no
/// note over another, and a reader never sees a half-written one.
pub(crate) fn create_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let tmp = temporary_beside(path, contents)?;
    tmp.persist_noclobber(path)
        .map_err(|err| err.error)
        .with_context(|| format!("cannot create {}", path.display()))?;
    Ok(())
}

/// A temporary file in `path`'s folder holding `contents`, synced.
fn temporary_beside(path: &Path, contents: &[u8]) -> Result<tempfile::NamedTempFile> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMPORARY_PREFIX);
    // A new file gets the mode any program's new file gets (0666 less the
    // umask), not tempfile's private 0600: a report or baseline written in
    // CI is read by later steps that may run as another user.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    tmp.write_all(contents)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(tmp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn atomic_write_through_a_symlink_writes_its_target_and_keeps_the_link() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("real")).unwrap();
        let target = dir.path().join("real/n.md");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("n.md");
        std::os::unix::fs::symlink("real/n.md", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(link.is_symlink(), "the link is still a link");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(
            std::fs::read_dir(dir.path().join("real")).unwrap().count(),
            1
        );
    }

    #[test]
    fn create_atomic_never_replaces_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.md");
        create_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert!(create_atomic(&path, b"other").is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn atomic_write_replaces_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.md");
        std::fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_usual_mode_not_a_private_one() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        write_atomic(&path, b"{}").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        // 0666 less the umask (read where Linux shows it, without changing
        // it under the other tests); tempfile's own mode is 0600.
        let umask = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|status| {
                status
                    .lines()
                    .find_map(|l| l.strip_prefix("Umask:"))
                    .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
            })
            .unwrap_or(0o022);
        assert_eq!(mode, 0o666 & !umask, "mode {mode:o}, umask {umask:o}");
    }
}
