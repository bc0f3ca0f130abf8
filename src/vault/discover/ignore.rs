//! The repository's ignore rules as the walk applies them: a stack of the
//! `ignore` crate's gitignore matchers, one per folder, plus those of the
//! folders above the vault, `.git/info/exclude` (a worktree's too) and the
//! global excludes.

use std::path::{Path, PathBuf};

use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use super::model::*;

/// The ignore files of one folder, compiled into one matcher.
pub(super) struct FolderRules {
    depth: usize,
    rules: Gitignore,
}

/// The ignore matchers in force while walking: those of the folders above
/// the vault (from the repository root), then one per vault folder on the
/// path to the current entry. The deepest that has an opinion decides, as
/// in git (`!keep.md` in a subfolder re-includes what a parent ignored).
pub(super) struct IgnoreStack {
    enabled: bool,
    above: Vec<Gitignore>,
    stack: Vec<FolderRules>,
}

impl IgnoreStack {
    pub(super) fn new(root: &Path, enabled: bool, outcome: &mut WalkOutcome) -> IgnoreStack {
        let mut above = Vec::new();
        if enabled {
            // The user's global excludes (`core.excludesFile`, else
            // `$XDG_CONFIG_HOME/git/ignore`), lowest in priority, as git
            // and ripgrep read them: a file they ignore is never committed,
            // so a clone does not have it either.
            let (global, _) = Gitignore::global();
            if !global.is_empty() {
                above.push(global);
            }
            // The repository holding the vault: its `info/exclude`, and
            // the ignore files of every folder from its root down to the
            // vault's parent.
            let repo = root
                .ancestors()
                .find(|dir| dir.join(".git").exists())
                .map(Path::to_path_buf);
            if let Some(repo) = repo {
                let exclude = git_dir(&repo).join("info/exclude");
                if exclude.is_file() {
                    above.extend(load_rules(&repo, &[exclude], root, "", outcome));
                }
                let mut dirs: Vec<&Path> = root
                    .ancestors()
                    .skip(1)
                    .take_while(|dir| dir.starts_with(&repo))
                    .collect();
                dirs.reverse();
                for dir in dirs {
                    let files = ignore_files_in(dir);
                    if !files.is_empty() {
                        above.extend(load_rules(dir, &files, root, "", outcome));
                    }
                }
            }
        }
        IgnoreStack {
            enabled,
            above,
            stack: Vec::new(),
        }
    }

    /// Forget the folders the walk has left (every entry is at `depth`).
    pub(super) fn enter(&mut self, depth: usize) {
        while self.stack.last().is_some_and(|f| f.depth >= depth) {
            self.stack.pop();
        }
    }

    /// Read the ignore files of a folder the walk is about to enter.
    pub(super) fn push_folder(
        &mut self,
        dir: &Path,
        depth: usize,
        root: &Path,
        vault_dir: &str,
        outcome: &mut WalkOutcome,
    ) {
        if !self.enabled {
            return;
        }
        let files = ignore_files_in(dir);
        if files.is_empty() {
            return;
        }
        if let Some(rules) = load_rules(dir, &files, root, vault_dir, outcome) {
            self.stack.push(FolderRules { depth, rules });
        }
    }

    /// The ignore file and pattern that leave `path` out, if any.
    pub(super) fn ignored(&self, path: &Path, is_dir: bool) -> Option<(PathBuf, String)> {
        if !self.enabled {
            return None;
        }
        let rules = self.stack.iter().map(|f| &f.rules);
        decide(self.above.iter().chain(rules), path, is_dir)
    }

    /// The ignore file and pattern that leave out `real` (a canonical path
    /// inside `real_root`), judged from the top as a walk to it would: each
    /// folder on the way, then the entry. For entries reached through a
    /// symlink, whose own path says nothing of where they are. An ignore
    /// file that cannot be read leaves the entry out.
    pub(super) fn ignored_real(
        &self,
        real_root: &Path,
        real: &Path,
        is_dir: bool,
    ) -> Option<(PathBuf, String)> {
        if !self.enabled {
            return None;
        }
        let rel = real.strip_prefix(real_root).ok()?;
        let parts: Vec<_> = rel.components().collect();
        let mut rules: Vec<Gitignore> = self.above.clone();
        let mut dir = real_root.to_path_buf();
        for (i, part) in parts.iter().enumerate() {
            let files = ignore_files_in(&dir);
            if !files.is_empty() {
                let mut builder = GitignoreBuilder::new(&dir);
                for file in &files {
                    if let Some(err) = builder.add(file)
                        && err.is_io()
                    {
                        return Some((file.clone(), "(cannot be read)".to_string()));
                    }
                }
                if let Ok(built) = builder.build() {
                    rules.push(built);
                }
            }
            let child = dir.join(part);
            let child_is_dir = i + 1 < parts.len() || is_dir;
            if let Some(ignored) = decide(rules.iter(), &child, child_is_dir) {
                return Some(ignored);
            }
            dir = child;
        }
        None
    }
}

/// What the matchers in force (shallowest first) say of `path`: the
/// deepest with an opinion decides, as in git; `Some` with the ignore file
/// and pattern when it ignores the path.
pub(super) fn decide<'a>(
    rules: impl DoubleEndedIterator<Item = &'a Gitignore>,
    path: &Path,
    is_dir: bool,
) -> Option<(PathBuf, String)> {
    for matcher in rules.rev() {
        match matcher.matched(path, is_dir) {
            Match::None => continue,
            Match::Whitelist(_) => return None,
            Match::Ignore(glob) => {
                let by = glob.from().map(Path::to_path_buf).unwrap_or_default();
                return Some((by, glob.original().to_string()));
            }
        }
    }
    None
}

/// Why an entry reached through a symlink inside the vault is left out by
/// where it really is: a hidden folder on its real path, or an ignore rule.
pub(super) fn real_path_left_out(
    ignores: &IgnoreStack,
    real_root: &Path,
    real: &Path,
    is_dir: bool,
) -> Option<String> {
    let rel = real.strip_prefix(real_root).ok()?;
    if rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    {
        return Some("hidden".to_string());
    }
    ignores
        .ignored_real(real_root, real, is_dir)
        .map(|(by, pattern)| {
            let by = vault_path(real_root, &by).unwrap_or_else(|| by.display().to_string());
            format!("ignored by {by} (`{pattern}`)")
        })
}

/// The folder holding a repository's `info/exclude`: `.git` itself, or
/// for a worktree (whose `.git` is a file, `gitdir: …`) the common folder
/// of the repository it belongs to.
pub(super) fn git_dir(repo: &Path) -> PathBuf {
    let dot_git = repo.join(".git");
    if dot_git.is_dir() {
        return dot_git;
    }
    let Some(gitdir) = std::fs::read_to_string(&dot_git)
        .ok()
        .and_then(|text| text.strip_prefix("gitdir:").map(|p| p.trim().to_string()))
    else {
        return dot_git;
    };
    let gitdir = repo.join(gitdir);
    match std::fs::read_to_string(gitdir.join("commondir")) {
        Ok(common) => gitdir.join(common.trim()),
        Err(_) => gitdir,
    }
}

/// The ignore files of `dir`, `.gitignore` before `.ignore` (whose lines
/// then win, as in ripgrep).
pub(super) fn ignore_files_in(dir: &Path) -> Vec<PathBuf> {
    [".gitignore", ".ignore"]
        .iter()
        .map(|name| dir.join(name))
        .filter(|path| path.symlink_metadata().is_ok())
        .collect()
}

/// One folder's ignore files as a matcher. A file that cannot be read
/// makes the folder doubtful; a bad line is reported and the others kept.
pub(super) fn load_rules(
    dir: &Path,
    files: &[PathBuf],
    root: &Path,
    vault_dir: &str,
    outcome: &mut WalkOutcome,
) -> Option<Gitignore> {
    let mut builder = GitignoreBuilder::new(dir);
    for file in files {
        if let Some(err) = builder.add(file) {
            let path = vault_path(root, file).unwrap_or_else(|| file.display().to_string());
            let unreadable = err.is_io();
            let message = if unreadable {
                // The site cannot tell what the file leaves out: it leaves
                // out the whole folder instead.
                let doubtful = Doubtful {
                    folder: vault_dir.to_string(),
                    file: path.clone(),
                    reason: io_reason(&err),
                };
                let message = doubtful.message();
                outcome.doubtful.push(doubtful);
                message
            } else {
                format!("bad pattern in this ignore file: {err}")
            };
            outcome.problems.push(WalkProblem {
                path,
                message,
                kind: ProblemKind::Unreadable,
            });
        }
    }
    builder.build().ok()
}

/// The OS reason of an ignore-file error, without the path it repeats.
pub(super) fn io_reason(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. } => io_reason(err),
        ignore::Error::WithLineNumber { err, .. } => io_reason(err),
        ignore::Error::Partial(errs) => errs.first().map(io_reason).unwrap_or_default(),
        other => other.to_string(),
    }
}
