//! The vault model: discovery, parsing, and the index every command reads.
//!
//! `load` runs the front of the pipeline — discover, parse (in parallel),
//! index, resolve (in parallel) — and returns a read-only [`Vault`].

pub mod cache;
pub mod discover;
pub mod frontmatter;
pub mod index;
pub mod links;
mod model;
pub mod note;
pub mod obsidian;
pub mod resolve;
pub mod scope;

use std::sync::{Mutex, PoisonError};

use discover::SourceFile;

pub use index::{FileId, Index, NoteId, VaultFile};
pub use links::{Link, LinkKind, Origin};
pub use model::{ChangedOnDisk, Vault};
pub use note::{FileProblem, InlineTag, Note, ParseOptions};
pub use resolve::{Found, Resolution, Subpath, Unresolved};

use crate::config::Config;

/// Discover, read and parse every note of the configured vault, then index
/// and resolve. I/O problems become per-file problems, never a failed run.
///
/// Each note is parsed as soon as the walk finds it, on the other threads
/// of the pool, so the walk (serial: about 0.02 s for 10,000 notes) is
/// not a stage every thread waits on. The files are sorted by path
/// afterwards, so nothing depends on which thread parsed what.
pub fn load(config: &Config) -> Vault {
    load_with(config, true, Texts::Held)
}

/// [`load`] leaving each note's text in its file once parsed
/// ([`Note::source`] reads it back), for `check` and `build`: the check's
/// rules read each text once and its report only the texts it shows, the
/// build reads each when it renders its page, so holding every text from
/// the read to the end was the largest single part of their memory (issue
/// #20). The command must ask [`Vault::unchanged_on_disk`] before it
/// reports or publishes.
///
/// Without `every_note` (a look at a few notes: `check FILES`), each
/// note's links are resolved when first asked for, and the scope leaves no
/// attachment out as unlinked (see [`scope::Scope::compute`]): a
/// pre-commit hook's check of five notes resolves their links, not the
/// vault's.
pub fn load_leaving_texts(config: &Config, every_note: bool) -> Vault {
    load_with(config, every_note, Texts::InFiles)
}

/// Where a loaded vault keeps its notes' texts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Texts {
    /// In memory, from the read on (readiness, `new`, `--dry-run`).
    Held,
    /// In their files, read again when asked for.
    InFiles,
}

fn load_with(config: &Config, resolve_all: bool, texts: Texts) -> Vault {
    let root = config.vault_dir.clone();
    let walk_options = walk_options(config);
    let options = ParseOptions {
        comment_links: config.lint.comment_links,
    };
    let cache =
        (config.cache_dir.as_deref()).and_then(|dir| cache::Cache::open(dir, &root, options));
    let found: Mutex<Vec<(SourceFile, Option<Walked>)>> = Mutex::new(Vec::new());
    let seen: Mutex<Vec<cache::Seen>> = Mutex::new(Vec::new());
    let mut walked = discover::WalkOutcome::default();
    rayon::scope(|scope| {
        let (found, seen, cache) = (&found, &seen, cache.as_ref());
        walked = discover::walk(&root, &walk_options, |source| {
            scope.spawn(move |_| {
                let note = source.is_markdown.then(|| {
                    let (note, one) = read_note(&source, options, cache, texts);
                    if let Some(one) = one {
                        lock(seen).push(one);
                    }
                    note
                });
                lock(found).push((source, note));
            });
        });
        crate::timing::lap("discovered");
    });
    let mut seen = seen.into_inner().unwrap_or_else(PoisonError::into_inner);
    let mut found = found.into_inner().unwrap_or_else(PoisonError::into_inner);
    found.sort_unstable_by(|a, b| in_vault_order(&a.0, &b.0));
    let (sources, read): (Vec<SourceFile>, Vec<Option<Walked>>) = found.into_iter().unzip();
    let parsed = parses(read, cache.as_ref(), options, &mut seen);
    crate::timing::remark(|| match &cache {
        Some(_) => format!(
            "note cache: {} of {} notes read from it",
            seen.iter().filter(|s| s.cached()).count(),
            seen.len()
        ),
        None => "note cache: off".to_string(),
    });
    if let Some(cache) = cache {
        cache.store(seen);
    }
    crate::timing::lap("parsed");
    let discover::WalkOutcome {
        problems,
        left_out,
        doubtful,
    } = walked;
    let mut vault = Vault::build(root, sources, parsed, problems, resolve_all);
    crate::timing::lap("resolved");
    vault.index.set_lint(&config.lint);
    let loaded = &vault;
    let scope = scope::Scope::compute(
        &vault.index,
        resolve_all.then_some(move |id| loaded.resolutions(id)),
        config,
        left_out,
        doubtful,
    );
    vault.scope = scope;
    crate::timing::lap("scoped");
    vault
}

/// How the walk of `config`'s vault goes (the one walk of [`load`], and of
/// anything that must see the same files).
pub fn walk_options(config: &Config) -> discover::WalkOptions {
    // A site built inside the vault is not part of it. Only there is the
    // build folder skipped: were it the vault folder, or one holding it,
    // skipping it would leave no notes and a check that passes on nothing.
    discover::WalkOptions {
        skip: crate::config::is_inside(&config.build_dir, &config.vault_dir)
            .then(|| config.build_dir.clone())
            .into_iter()
            .collect(),
        ignore_files: config.publish.ignore_files,
        follow_all_symlinks: config.publish.follow_all_symlinks,
    }
}

/// The order of a vault's files: by vault path, and two files that share
/// one (names equal once NFC-normalised, `Café.md` written both ways) by
/// their paths on disk, so the order never depends on which thread parsed
/// which first.
fn in_vault_order(a: &SourceFile, b: &SourceFile) -> std::cmp::Ordering {
    a.path.cmp(&b.path).then_with(|| a.abs.cmp(&b.abs))
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A note as the walk leaves it: parsed, or its parse in the note cache,
/// to be read once the walk is done ([`parses`]).
enum Walked {
    Note(Note),
    Cached(cache::Pending),
}

/// Each file's note, in the order of `walked`: the cached ones' parses
/// read from the cache (a shard at a time), with what the cache is to keep
/// of them added to `seen`.
fn parses(
    walked: Vec<Option<Walked>>,
    cache: Option<&cache::Cache>,
    options: ParseOptions,
    seen: &mut Vec<cache::Seen>,
) -> Vec<Option<Note>> {
    let mut pending = Vec::new();
    let mut parsed: Vec<Option<Note>> = walked
        .into_iter()
        .enumerate()
        .map(|(at, walked)| match walked? {
            Walked::Note(note) => Some(note),
            Walked::Cached(one) => {
                pending.push((at, one));
                None
            }
        })
        .collect();
    let Some(cache) = cache else {
        return parsed;
    };
    let placed = Mutex::new((&mut parsed, seen));
    cache.decode(pending, options, &|at, note, one| {
        let mut placed = lock(&placed);
        placed.0[at] = Some(note);
        placed.1.push(one);
    });
    parsed
}

/// Read and parse one note (or leave its parse in the cache, to be read
/// after the walk), with what the cache is to keep of it; a file that
/// cannot be read becomes an empty note carrying the problem.
fn read_note(
    source: &SourceFile,
    options: ParseOptions,
    cache: Option<&cache::Cache>,
    texts: Texts,
) -> (Walked, Option<cache::Seen>) {
    match std::fs::read(&source.abs) {
        Ok(bytes) => {
            let (mut note, seen, digest) = match cache {
                Some(cache) => match cache.look(source.path.clone(), bytes, options) {
                    cache::Looked::Parsed(note, seen) => {
                        let digest = seen.digest();
                        (note, Some(seen), digest)
                    }
                    cache::Looked::Cached(mut pending) => {
                        if texts == Texts::InFiles {
                            pending.leave_text_in(source.abs.clone());
                        }
                        return (Walked::Cached(pending), None);
                    }
                },
                None => {
                    let digest = match texts {
                        Texts::InFiles => cache::digest(&bytes),
                        Texts::Held => 0,
                    };
                    let note = Note::from_bytes(source.path.clone(), bytes, options);
                    (note, None, digest)
                }
            };
            if texts == Texts::InFiles {
                note.leave_on_disk(source.abs.clone(), digest);
            }
            (Walked::Note(note), seen)
        }
        Err(err) => {
            let mut note = Note::parse(source.path.clone(), String::new(), options);
            note.problem = Some(Box::new(FileProblem {
                offset: 0,
                message: format!("cannot read file: {err}"),
            }));
            (Walked::Note(note), None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_sharing_a_vault_path_keep_one_order() {
        let file = |abs: &str| SourceFile {
            path: "Café.md".to_string(),
            abs: std::path::Path::new(abs).into(),
            is_markdown: true,
            real_path: None,
        };
        let (nfd, nfc) = (file("/v/Cafe\u{301}.md"), file("/v/Caf\u{e9}.md"));
        assert_eq!(in_vault_order(&nfd, &nfc), std::cmp::Ordering::Less);
        assert_eq!(in_vault_order(&nfc, &nfd), std::cmp::Ordering::Greater);
        assert_eq!(in_vault_order(&nfc, &nfc), std::cmp::Ordering::Equal);
    }
}
