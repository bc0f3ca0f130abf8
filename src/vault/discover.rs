//! Finding the vault's files.
//!
//! Every file under the root is part of the vault (rule 1) except
//! dot-prefixed files and folders (`.obsidian`, `.trash`, `.git`). Markdown
//! files become notes; the others are attachments, kept because links may
//! name them (`![[diagram.svg]]`). Symlinks are followed as Obsidian does; a
//! loop or an unreadable folder becomes a problem to report, not a crash.

use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

/// A file found in the vault.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Vault-relative, `/`-separated, NFC-normalised.
    pub path: String,
    pub abs: PathBuf,
    pub is_markdown: bool,
}

/// A walk problem (a symlink loop, a folder that cannot be read).
#[derive(Debug, Clone)]
pub struct WalkProblem {
    /// Vault-relative path of the entry concerned (`""` for the root).
    pub path: String,
    pub message: String,
}

/// Whether a file name is a Markdown note.
pub fn is_markdown(name: &str) -> bool {
    name.len() > 3 && name[name.len() - 3..].eq_ignore_ascii_case(".md")
}

/// The vault-relative, NFC, `/`-separated form of `abs` under `root`.
pub fn vault_path(root: &Path, abs: &Path) -> Option<String> {
    let rel = abs.strip_prefix(root).ok()?;
    let mut out = String::new();
    for component in rel.components() {
        if !out.is_empty() {
            out.push('/');
        }
        let part = component.as_os_str().to_string_lossy();
        // ASCII is already NFC; most names are ASCII.
        if part.is_ascii() {
            out.push_str(&part);
        } else {
            out.extend(part.nfc());
        }
    }
    Some(out)
}

/// Walk `root`, skipping dot-entries, the folders in `skip` (such as a
/// build folder inside the vault) and any site phasebook built (a folder
/// holding [`crate::SITE_MARKER`]), handing each file to `found` as soon as
/// it is seen (in no promised order; `vault::load` sorts), and return the
/// walk's problems. Why a callback: `vault::load` starts parsing the first
/// notes while the walk goes on, instead of leaving the other threads idle
/// until it ends.
pub fn walk(root: &Path, skip: &[PathBuf], mut found: impl FnMut(SourceFile)) -> Vec<WalkProblem> {
    let mut problems = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let hidden = entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.');
            // A site phasebook built, wherever `--out` put it: its pages and
            // copied images are not part of the vault.
            let site = entry.depth() > 0
                && entry.file_type().is_dir()
                && entry.path().join(crate::SITE_MARKER).is_file();
            !hidden && !site && !skip.iter().any(|s| entry.path() == s)
        });
    for entry in walker {
        match entry {
            Ok(entry) => {
                if !entry.file_type().is_file() {
                    continue;
                }
                let Some(path) = vault_path(root, entry.path()) else {
                    continue;
                };
                found(SourceFile {
                    is_markdown: is_markdown(&path),
                    path,
                    abs: entry.into_path(),
                });
            }
            Err(err) => {
                let path = err
                    .path()
                    .and_then(|p| vault_path(root, p))
                    .unwrap_or_default();
                let message = if err.loop_ancestor().is_some() {
                    "symlink loop: this folder links back to one of its ancestors".to_string()
                } else {
                    match err.io_error() {
                        Some(io) => format!("cannot read: {io}"),
                        None => err.to_string(),
                    }
                };
                problems.push(WalkProblem { path, message });
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_extension_is_case_insensitive() {
        assert!(is_markdown("a.md"));
        assert!(is_markdown("Ext.MD"));
        assert!(!is_markdown("a.png"));
        assert!(!is_markdown(".md"));
    }

    #[test]
    fn walk_skips_dot_entries_and_load_sorts() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join(".obsidian")).unwrap();
        std::fs::create_dir_all(root.join("b")).unwrap();
        std::fs::write(root.join(".obsidian/x.md"), "").unwrap();
        std::fs::write(root.join(".hidden.md"), "").unwrap();
        std::fs::write(root.join("b/n.md"), "").unwrap();
        std::fs::write(root.join("a.png"), "").unwrap();
        let mut files = Vec::new();
        let problems = walk(root, &[], |file| files.push(file));
        files.sort_by(super::super::in_vault_order);
        let paths: Vec<_> = files
            .iter()
            .map(|f| (f.path.as_str(), f.is_markdown))
            .collect();
        assert_eq!(paths, vec![("a.png", false), ("b/n.md", true)]);
        assert!(problems.is_empty());
    }
}
