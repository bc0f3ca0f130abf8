//! The paths users see: relative to the repository root (or the working
//! folder outside a repository), with forward slashes, so CI annotations
//! and editors find the files.

use std::path::{Component, Path, PathBuf};

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
    pub(crate) fn show_abs(&self, abs: &Path) -> String {
        relative_path(&self.base, abs)
    }

    /// How to show a vault-relative path.
    pub(crate) fn show(&self, vault_path: &str) -> String {
        let abs = if vault_path.is_empty() {
            self.vault.clone()
        } else {
            self.vault.join(vault_path)
        };
        relative_path(&self.base, &abs)
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
