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
//!
//! [`model`] holds what the walk gives, [`ignore`] the ignore rules; the
//! walk itself is here.

mod ignore;
mod model;

pub use model::*;

use std::path::Path;

use self::ignore::*;

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
            abs: entry.into_path().into(),
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
