//! Output formats. Every format receives diagnostics already sorted, and
//! shows paths relative to the repository root (or the working folder when
//! not in a repository), with forward slashes, so CI annotations and
//! editors find the files.

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod publication;
pub mod readiness;
pub mod sarif;

use std::path::{Component, Path, PathBuf};

use crate::lint::{Diagnostic, Edit, Severity};
use crate::span::Position;
use crate::vault::{Note, Vault};

/// Where phasebook's documentation lives (SARIF `informationUri`, rule
/// help links). A placeholder until the project has a public home.
pub const PROJECT_URL: &str = "https://github.com/phasebook/phasebook";

/// The parsed note a diagnostic is about, if it is a note.
pub fn note_of<'v>(vault: &'v Vault, diag: &Diagnostic) -> Option<&'v Note> {
    vault.note_by_path(&diag.path).map(|id| &vault.notes[id])
}

/// An edit's start and end as 1-based line/column (columns count
/// characters).
pub fn edit_positions(note: &Note, edit: &Edit) -> (Position, Position) {
    (
        note.lines.position(&note.source, edit.range.start),
        note.lines.position(&note.source, edit.range.end),
    )
}

/// The message, and the help line under it when there is one.
pub fn message_and_help(diag: &Diagnostic) -> String {
    match &diag.help {
        Some(help) => format!("{}\nhelp: {help}", diag.message),
        None => diag.message.clone(),
    }
}

/// Turns vault-relative paths into the paths users see.
#[derive(Debug, Clone)]
pub struct PathStyle {
    /// What displayed paths are relative to.
    base: PathBuf,
    vault: PathBuf,
}

/// The nearest folder at or above `start` that holds `.git`.
pub fn repository_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
}

/// `target` relative to `base` (both absolute and lexically clean).
pub fn relative_path(base: &Path, target: &Path) -> String {
    let b: Vec<Component> = base.components().collect();
    let t: Vec<Component> = target.components().collect();
    let common = b.iter().zip(&t).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); b.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

impl PathStyle {
    pub fn new(vault_root: &Path, cwd: &Path) -> Self {
        PathStyle {
            base: repository_root(cwd).unwrap_or_else(|| cwd.to_path_buf()),
            vault: vault_root.to_path_buf(),
        }
    }

    /// How to show an absolute path (a file above the vault, say).
    pub fn show_abs(&self, abs: &Path) -> String {
        relative_path(&self.base, abs)
    }

    /// How to show a vault-relative path.
    pub fn show(&self, vault_path: &str) -> String {
        let abs = if vault_path.is_empty() {
            self.vault.clone()
        } else {
            self.vault.join(vault_path)
        };
        relative_path(&self.base, &abs)
    }
}

/// `1 note`, `2 notes`: a count and its word, for every report's lines.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Counts for the summary line and the JSON summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub notes: usize,
    pub files_with_findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub fixable: usize,
}

impl Summary {
    pub fn of(diagnostics: &[Diagnostic], notes: usize) -> Summary {
        let mut files: Vec<&str> = diagnostics.iter().map(|d| d.path.as_str()).collect();
        files.dedup();
        Summary {
            notes,
            files_with_findings: files.len(),
            errors: diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count(),
            warnings: diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .count(),
            fixable: diagnostics.iter().filter(|d| d.fix.is_some()).count(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_and_descend() {
        assert_eq!(
            relative_path(Path::new("/a/b"), Path::new("/a/b/c/d.md")),
            "c/d.md"
        );
        assert_eq!(
            relative_path(Path::new("/w/main"), Path::new("/w/shared/seeds/x.md")),
            "../shared/seeds/x.md"
        );
    }
}
