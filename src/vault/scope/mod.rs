//! The publication scope: which files of the vault the site may show.
//!
//! Decided once, when the vault is loaded, and read by every output of the
//! site (pages, search, backlinks, tags, navigation, the readiness page,
//! the sitemap, copied attachments) and by `check`'s `link-to-unpublished`
//! and `publish-flag` rules. No consumer decides for itself: the site plan
//! gives a page only to a published note and a place only to a published
//! attachment, so anything else has no URL to link to.
//!
//! Left out, in the order the reasons are tried (the first one found is
//! the one `build --explain` gives):
//! - what the walk never entered ([`super::discover`]): hidden entries,
//!   paths the repository ignores, symlinks out of the vault;
//! - everything under a folder whose ignore file could not be read;
//! - paths matched by `[build] exclude` (gitignore syntax);
//! - Obsidian's template folder (`.obsidian/templates.json` → `folder`);
//! - notes whose frontmatter does not parse (it may say `publish: false`);
//! - `publish: false` (Obsidian Publish) and `draft: true` (Quartz, Hugo);
//! - `publish` or `draft` with any other value than true or false;
//! - with `[build] publish = "opt-in"`, notes without `publish: true`;
//! - attachments no published note links to or embeds.
//!
//! When in doubt it leaves out and says so: an unclear flag, a bad exclude
//! pattern (everything under its literal start is left out) and an
//! unreadable ignore file are reported, never read as "publish".
//!
//! [`reasons`] says why a file is left out; [`exclude`] reads
//! `[build] exclude` and the template folder, [`flags`](mod@flags) a note's own
//! `publish`/`draft`, [`attachments`] which attachments may be published.

mod attachments;
mod exclude;
mod flags;
mod reasons;

pub use reasons::{LeftOut, ScopeProblem};

use attachments::{active_content, html_references};

/// Obsidian Publish's custom style sheet, at the vault's root: published
/// and linked by every page after the theme's (OBSIDIAN-RENDERING R19),
/// unless the repository ignores it or `[build] exclude` leaves it out.
pub const PUBLISH_CSS: &str = "publish.css";

/// mdBook's table of contents, at the vault's root: the site's navigation
/// (`site::summary`), not a page of its own. Its links to chapters are
/// still read, so `check` reports a chapter that is not there.
pub const SUMMARY_MD: &str = "SUMMARY.md";
use exclude::Exclude;
pub use exclude::template_folder;
use flags::flags;

use super::discover::WalkedOutReason;
use super::discover::{Doubtful, WalkedOut};
use super::index::{FileId, Index, NoteId};
use super::resolve::Resolution;
use crate::config::Config;

/// The publication scope of a vault.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// By [`FileId`]: why the file is left out, `None` when published.
    files: Vec<Option<LeftOut>>,
    /// Entries the walk left out (never part of the vault).
    pub walked_out: Vec<WalkedOut>,
    pub problems: Vec<ScopeProblem>,
}

impl Scope {
    /// Whether file `file` is published.
    pub(crate) fn is_published(&self, file: FileId) -> bool {
        self.files.get(file).is_none_or(Option::is_none)
    }

    /// Why file `file` is left out, if it is.
    pub(crate) fn left_out(&self, file: FileId) -> Option<&LeftOut> {
        self.files.get(file).and_then(Option::as_ref)
    }

    /// Decide the scope of `vault`, loaded with `config`; `walked_out` and
    /// `doubtful` are what the walk left out and the folders whose ignore
    /// file it could not read. `resolutions` gives each note's resolved
    /// links, which say the attachments published notes link to; without
    /// them (a `check` of a few notes, which resolves only what it reads)
    /// no attachment is left out as unlinked. No finding of `check` can
    /// tell: the one rule that asks about an attachment
    /// (`link-to-unpublished`) asks about one a published note links to.
    pub(crate) fn compute<'r>(
        vault: &Index,
        resolutions: Option<impl Fn(NoteId) -> &'r [Resolution]>,
        config: &Config,
        walked_out: Vec<WalkedOut>,
        doubtful: Vec<Doubtful>,
    ) -> Scope {
        let mut problems: Vec<ScopeProblem> = doubtful
            .iter()
            .map(|d| ScopeProblem {
                path: d.file.clone(),
                in_vault: true,
                at: None,
                message: d.message(),
            })
            .collect();
        let exclude = Exclude::new(&vault.root, config, &mut problems);
        let template = template_folder(&vault.root, &mut problems);
        // Matched whatever its case, as Obsidian finds the folder on macOS
        // and Windows (`"folder": "Templates"` for `templates/`).
        let template_prefix = template.as_ref().map(|f| format!("{}/", f.to_lowercase()));
        let mut files: Vec<Option<LeftOut>> = vault
            .files
            .iter()
            .map(|file| {
                let under = |folder: &str| {
                    folder.is_empty() || file.path.starts_with(&format!("{folder}/"))
                };
                if let Some(d) = doubtful.iter().find(|d| under(&d.folder)) {
                    return Some(LeftOut::DoubtfulIgnore {
                        folder: d.folder.clone(),
                    });
                }
                // A file reached through a symlink is judged by where it
                // really is too.
                let real = file.real_path.as_deref();
                for path in std::iter::once(file.path.as_str()).chain(real) {
                    if let Some(why) = exclude.left_out(path) {
                        return Some(why);
                    }
                }
                if let (Some(folder), Some(prefix)) = (&template, &template_prefix)
                    && (file.lower_path.starts_with(prefix)
                        || real.is_some_and(|r| r.to_lowercase().starts_with(prefix)))
                {
                    return Some(LeftOut::Template {
                        folder: folder.clone(),
                    });
                }
                if file.path == SUMMARY_MD && file.note.is_some() {
                    return Some(LeftOut::Summary);
                }
                let Some(note) = file.note else {
                    // The vault's `publish.css` is the site's own style
                    // sheet (Obsidian Publish's, R19): published, though
                    // no note links to it.
                    if file.path == PUBLISH_CSS {
                        return None;
                    }
                    return (!config.publish.html_attachments && active_content(&file.path))
                        .then_some(LeftOut::ActiveContent);
                };
                let note = &vault.notes[note];
                if note.problem.is_some() {
                    return Some(LeftOut::Unreadable);
                }
                flags(note, config.publish.mode, &mut problems)
            })
            .collect();
        // Attachments follow the notes: one is published when a published
        // note links to it or embeds it (frontmatter links included).
        let Some(resolutions) = resolutions else {
            return Scope {
                files,
                walked_out,
                problems,
            };
        };
        let mut linked = vec![false; vault.files.len()];
        for id in 0..vault.notes.len() {
            if files[vault.note_files[id]].is_some() {
                continue;
            }
            for resolution in resolutions(id) {
                if let Resolution::Found(found) = resolution {
                    linked[found.file] = true;
                }
            }
            // Raw HTML (`<img src="diagram.png">`) names files too.
            for file in html_references(vault, id) {
                linked[file] = true;
            }
        }
        for (fid, file) in vault.files.iter().enumerate() {
            if file.note.is_none()
                && files[fid].is_none()
                && !linked[fid]
                && file.path != PUBLISH_CSS
            {
                files[fid] = Some(LeftOut::Unlinked);
            }
        }
        Scope {
            files,
            walked_out,
            problems,
        }
    }

    /// Counts of left-out files by class, in a stable order, for the
    /// build's summary line. What the walk left out counts as `ignored`
    /// or `symlinks`; hidden entries (`.obsidian`, `.git`) are always left
    /// out and not counted.
    pub fn summary(&self) -> Vec<(&'static str, usize)> {
        let mut counts: std::collections::BTreeMap<&'static str, usize> = Default::default();
        for why in self.files.iter().flatten() {
            *counts.entry(why.class()).or_default() += 1;
        }
        for entry in &self.walked_out {
            let class = match entry.reason {
                WalkedOutReason::Hidden => continue,
                WalkedOutReason::Ignored { .. } => "ignored",
                WalkedOutReason::SymlinkOutside { .. } => "symlinks out of the vault",
                WalkedOutReason::NotUtf8Name => "names not UTF-8",
                WalkedOutReason::IntoLeftOut { .. } => "symlinks into left-out paths",
            };
            *counts.entry(class).or_default() += 1;
        }
        let mut counts: Vec<(&'static str, usize)> = counts.into_iter().collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        counts
    }

    /// Notes published, attachments published.
    pub(crate) fn published_counts(&self, vault: &Index) -> (usize, usize) {
        let notes = vault
            .note_files
            .iter()
            .filter(|&&f| self.is_published(f))
            .count();
        let files = (0..vault.files.len())
            .filter(|&f| self.is_published(f))
            .count();
        (notes, files - notes)
    }
}
