//! The vault model: discovery, parsing, and the index every command reads.
//!
//! `load` runs the front of the pipeline — discover, parse (in parallel),
//! index, resolve (in parallel) — and returns a read-only [`Vault`].

pub mod discover;
pub mod frontmatter;
pub mod index;
pub mod links;
pub mod note;
pub mod resolve;

use rayon::prelude::*;

pub use index::{FileId, NoteId, Vault, VaultFile};
pub use links::{Link, LinkKind, Origin};
pub use note::{FileProblem, InlineTag, Note, ParseOptions};
pub use resolve::{Found, Resolution, Subpath, Unresolved};

use crate::config::Config;

/// Discover, read and parse every note of the configured vault, then index
/// and resolve. I/O problems become per-file problems, never a failed run.
pub fn load(config: &Config) -> Vault {
    let root = config.vault_dir.clone();
    let skip = vec![config.build_dir.clone()];
    let (sources, walk_problems) = discover::discover(&root, &skip);
    crate::timing::lap("discovered");
    let options = ParseOptions {
        comment_links: config.lint.comment_links,
    };
    let parsed: Vec<Option<Note>> = sources
        .par_iter()
        .map(|source| {
            source
                .is_markdown
                .then(|| match std::fs::read(&source.abs) {
                    Ok(bytes) => Note::from_bytes(source.path.clone(), bytes, options),
                    Err(err) => {
                        let mut note = Note::parse(source.path.clone(), String::new(), options);
                        note.problem = Some(FileProblem {
                            offset: 0,
                            message: format!("cannot read file: {err}"),
                        });
                        note
                    }
                })
        })
        .collect();
    crate::timing::lap("parsed");
    let vault = Vault::build(root, sources, parsed, walk_problems);
    crate::timing::lap("indexed and resolved");
    vault
}
