//! Finding the vault's files.
//!
//! Every file under the root is part of the vault (rule 1) except:
//! - dot-prefixed files and folders (`.obsidian`, `.trash`, `.git`), always;
//! - what the repository ignores: `.gitignore` and `.ignore` files (in the
//!   vault's folders, and in its ancestors up to the repository root) and
//!   `.git/info/exclude`, read with the `ignore` crate's gitignore matchers,
//!   as ripgrep reads them (`--no-ignore` turns this off). An ignored file
//!   is not in the repository, so a clone, and CI, does not have it either;
//! - a symlink whose canonical target lies outside the vault root, unless
//!   `[build] follow-symlinks = "all"`: the walk never reads it;
//! - a site phasebook built (a folder holding [`crate::SITE_MARKER`]) and
//!   the build folder.
//!
//! What is left out is recorded (a folder once, for everything under it),
//! so `build --explain` can say why. Markdown files become notes; the
//! others are attachments, kept because links may name them
//! (`![[diagram.svg]]`). Symlinks inside the vault are followed as Obsidian
//! follows them; a loop or an unreadable folder becomes a problem to
//! report, not a crash.

use std::path::{Path, PathBuf};

use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use unicode_normalization::UnicodeNormalization;

/// A file found in the vault.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Vault-relative, `/`-separated, NFC-normalised.
    pub path: String,
    pub abs: PathBuf,
    pub is_markdown: bool,
    /// Where the file really is in the vault, when a symlink inside the
    /// vault led to it (`linked/notes.md` → `private/notes.md`): the
    /// publication scope judges both paths.
    pub real_path: Option<String>,
}

/// What kind of walk problem it is, so each is reported by its own rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// A folder or file that cannot be read, a symlink loop, an ignore file
    /// that cannot be read or holds a bad pattern: `unreadable-file`.
    Unreadable,
    /// A symlink out of the vault, not followed: `symlink-outside-vault`.
    SymlinkOutside,
}

/// A walk problem (a symlink loop, a folder that cannot be read).
#[derive(Debug, Clone)]
pub struct WalkProblem {
    /// Vault-relative path of the entry concerned (`""` for the root).
    pub path: String,
    pub message: String,
    pub kind: ProblemKind,
}

/// Why the walk left an entry out of the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkedOutReason {
    /// A dot-entry.
    Hidden,
    /// Matched by `pattern` in the ignore file `by` (an absolute path).
    Ignored { by: PathBuf, pattern: String },
    /// A symlink to `target`, outside the vault.
    SymlinkOutside { target: String },
    /// A name that is not valid UTF-8: no link can name it, and its page
    /// would be published under a mangled name.
    NotUtf8Name,
    /// A symlink inside the vault (or an entry below one) whose real path
    /// is left out: hidden, or ignored. Followed, it would publish what
    /// the rules keep out.
    IntoLeftOut { real: String, why: String },
}

/// An entry the walk did not enter or hand on.
#[derive(Debug, Clone)]
pub struct WalkedOut {
    /// Vault-relative path; a folder's ends in `/`.
    pub path: String,
    pub reason: WalkedOutReason,
}

/// How to walk.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Folders not to enter (a build folder inside the vault).
    pub skip: Vec<PathBuf>,
    /// Read `.gitignore`, `.ignore` and `.git/info/exclude`.
    pub ignore_files: bool,
    /// Follow symlinks out of the vault too.
    pub follow_all_symlinks: bool,
}

/// What the walk found besides the files it handed on.
#[derive(Debug, Clone, Default)]
pub struct WalkOutcome {
    pub problems: Vec<WalkProblem>,
    /// Entries left out, in walk order (by name).
    pub left_out: Vec<WalkedOut>,
    /// Ignore files that could not be read: what they would leave out is
    /// unknown, so the site leaves their whole folder out ("when in doubt,
    /// leave it out"); `check` still reads it.
    pub doubtful: Vec<Doubtful>,
}

/// An ignore file that could not be read.
#[derive(Debug, Clone)]
pub struct Doubtful {
    /// The vault folder holding it (`""` for the root).
    pub folder: String,
    /// The ignore file, vault-relative (absolute when above the vault).
    pub file: String,
    /// The OS's reason.
    pub reason: String,
}

impl Doubtful {
    /// What the walk (`check`) and the build say of it.
    pub fn message(&self) -> String {
        format!(
            "cannot read this ignore file ({}); the site leaves out everything under {}",
            self.reason,
            if self.folder.is_empty() {
                "the vault".to_string()
            } else {
                format!("{}/", self.folder)
            }
        )
    }
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

/// The ignore files of one folder, compiled into one matcher.
struct FolderRules {
    depth: usize,
    rules: Gitignore,
}

/// The ignore matchers in force while walking: those of the folders above
/// the vault (from the repository root), then one per vault folder on the
/// path to the current entry. The deepest that has an opinion decides, as
/// in git (`!keep.md` in a subfolder re-includes what a parent ignored).
struct IgnoreStack {
    enabled: bool,
    above: Vec<Gitignore>,
    stack: Vec<FolderRules>,
}

impl IgnoreStack {
    fn new(root: &Path, enabled: bool, outcome: &mut WalkOutcome) -> IgnoreStack {
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
    fn enter(&mut self, depth: usize) {
        while self.stack.last().is_some_and(|f| f.depth >= depth) {
            self.stack.pop();
        }
    }

    /// Read the ignore files of a folder the walk is about to enter.
    fn push_folder(
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
    fn ignored(&self, path: &Path, is_dir: bool) -> Option<(PathBuf, String)> {
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
    fn ignored_real(
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
fn decide<'a>(
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
fn real_path_left_out(
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
fn git_dir(repo: &Path) -> PathBuf {
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
fn ignore_files_in(dir: &Path) -> Vec<PathBuf> {
    [".gitignore", ".ignore"]
        .iter()
        .map(|name| dir.join(name))
        .filter(|path| path.symlink_metadata().is_ok())
        .collect()
}

/// One folder's ignore files as a matcher. A file that cannot be read
/// makes the folder doubtful; a bad line is reported and the others kept.
fn load_rules(
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
fn io_reason(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. } => io_reason(err),
        ignore::Error::WithLineNumber { err, .. } => io_reason(err),
        ignore::Error::Partial(errs) => errs.first().map(io_reason).unwrap_or_default(),
        other => other.to_string(),
    }
}

/// Walk `root` as the module documentation says, handing each file to
/// `found` as soon as it is seen (in no promised order; `vault::load`
/// sorts), and return what was left out and the walk's problems. Why a
/// callback: `vault::load` starts parsing the first notes while the walk
/// goes on, instead of leaving the other threads idle until it ends.
pub fn walk(root: &Path, options: &WalkOptions, mut found: impl FnMut(SourceFile)) -> WalkOutcome {
    let mut outcome = WalkOutcome::default();
    let mut ignores = IgnoreStack::new(root, options.ignore_files, &mut outcome);
    // Symlink targets are compared with the root's real path.
    let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    // Depths of the symlinked folders the walk is inside.
    let mut linked: Vec<usize> = Vec::new();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
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
                outcome.problems.push(WalkProblem {
                    path,
                    message,
                    kind: ProblemKind::Unreadable,
                });
                continue;
            }
        };
        let depth = entry.depth();
        let is_dir = entry.file_type().is_dir();
        ignores.enter(depth);
        while linked.last().is_some_and(|&d| d >= depth) {
            linked.pop();
        }
        // Reached through a symlink: where it really is (only these pay
        // for a `canonicalize`, once). A dangling link is left to the walk.
        let canonical = (depth > 0 && (entry.path_is_symlink() || !linked.is_empty()))
            .then(|| std::fs::canonicalize(entry.path()).ok())
            .flatten();
        let outside = canonical
            .as_ref()
            .filter(|target| entry.path_is_symlink() && !target.starts_with(&real_root));
        let real = canonical
            .as_ref()
            .filter(|real| real.starts_with(&real_root));
        let reason = if depth == 0 {
            None
        } else if entry.file_name().to_string_lossy().starts_with('.') {
            Some(WalkedOutReason::Hidden)
        } else if (is_dir && entry.path().join(crate::SITE_MARKER).is_file())
            || options.skip.iter().any(|s| entry.path() == s)
        {
            // A site phasebook built, wherever `--out` put it: its pages
            // and copied images are not part of the vault. Not listed: it
            // was never the author's.
            if is_dir {
                walker.skip_current_dir();
            }
            continue;
        } else if let Some((by, pattern)) = ignores.ignored(entry.path(), is_dir) {
            Some(WalkedOutReason::Ignored { by, pattern })
        } else if entry.file_name().to_str().is_none() {
            Some(WalkedOutReason::NotUtf8Name)
        } else if let Some(target) = outside.filter(|_| !options.follow_all_symlinks) {
            Some(WalkedOutReason::SymlinkOutside {
                target: target.display().to_string(),
            })
        } else if let Some(real) = real
            && let Some(why) = real_path_left_out(&ignores, &real_root, real, is_dir)
        {
            Some(WalkedOutReason::IntoLeftOut {
                real: vault_path(&real_root, real).unwrap_or_default(),
                why,
            })
        } else {
            None
        };
        let path = vault_path(root, entry.path()).unwrap_or_default();
        if let Some(reason) = reason {
            if is_dir {
                walker.skip_current_dir();
            }
            match &reason {
                WalkedOutReason::SymlinkOutside { target } => outcome.problems.push(WalkProblem {
                    path: path.clone(),
                    message: format!("a symlink to {target}, outside the vault: not followed"),
                    kind: ProblemKind::SymlinkOutside,
                }),
                WalkedOutReason::NotUtf8Name => outcome.problems.push(WalkProblem {
                    path: path.clone(),
                    message: "the name is not valid UTF-8 (shown with \u{fffd}): left out, \
                              since no link can name it; rename it"
                        .to_string(),
                    kind: ProblemKind::Unreadable,
                }),
                _ => {}
            }
            outcome.left_out.push(WalkedOut {
                path: if is_dir { format!("{path}/") } else { path },
                reason,
            });
            continue;
        }
        if is_dir {
            ignores.push_folder(entry.path(), depth, root, &path, &mut outcome);
            if entry.path_is_symlink() {
                linked.push(depth);
            }
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let real_path = real
            .and_then(|real| vault_path(&real_root, real))
            .filter(|real| *real != path);
        found(SourceFile {
            is_markdown: is_markdown(&path),
            path,
            abs: entry.into_path(),
            real_path,
        });
    }
    outcome
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
        let outcome = walk(root, &WalkOptions::default(), |file| files.push(file));
        let problems = outcome.problems;
        files.sort_by(super::super::in_vault_order);
        let paths: Vec<_> = files
            .iter()
            .map(|f| (f.path.as_str(), f.is_markdown))
            .collect();
        assert_eq!(paths, vec![("a.png", false), ("b/n.md", true)]);
        assert!(problems.is_empty());
    }
}
