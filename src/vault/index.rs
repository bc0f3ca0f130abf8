//! The index: every file and note, and the lookup tables the resolver and
//! the suggestions need. Built once per run, before links are resolved
//! (`resolve` reads it); read-only afterwards, so the linter, the readiness
//! report and the site share it, through [`super::Vault`], across threads.

use std::collections::hash_map::Entry;
use std::path::PathBuf;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

use super::discover::{SourceFile, WalkProblem};
use super::note::Note;
use crate::FastMap;
use crate::suggest::NameIndex;
use crate::text::loose_key;
use compact_str::CompactString;

/// Index of a file in [`Index::files`].
pub type FileId = usize;
/// Index of a note in [`Index::notes`].
pub type NoteId = usize;

/// One file of the vault (note or attachment).
#[derive(Debug, Clone)]
pub struct VaultFile {
    /// Vault-relative path as on disk (NFC).
    pub path: String,
    /// Where the file is on disk. Not `root.join(path)`: `path` is
    /// NFC-normalised, and a name stored decomposed (NFD) on Linux would
    /// then name no file (and `--fix` would write a second one).
    pub abs: std::sync::Arc<std::path::Path>,
    /// Lower-cased path, for Obsidian's case-insensitive matching.
    pub lower_path: String,
    /// Where the file really is in the vault, when a symlink inside the
    /// vault led to it.
    pub real_path: Option<String>,
    pub note: Option<NoteId>,
}

impl VaultFile {
    /// Lower-cased file name.
    pub(crate) fn lower_name(&self) -> &str {
        self.lower_path
            .rsplit('/')
            .next()
            .unwrap_or(&self.lower_path)
    }

    /// The file name as written on disk.
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// The file name without a `.md` extension: what a wikilink writes.
    pub(crate) fn link_name(&self) -> &str {
        let name = self.name();
        if self.note.is_some() {
            name.get(..name.len() - 3).unwrap_or(name)
        } else {
            name
        }
    }
}

/// The vault's files and notes, parsed and indexed.
#[derive(Debug)]
pub struct Index {
    pub root: PathBuf,
    /// Sorted by path.
    pub files: Vec<VaultFile>,
    /// In path order.
    pub notes: Vec<Note>,
    /// The file of each note.
    pub note_files: Vec<FileId>,
    pub walk_problems: Vec<WalkProblem>,
    /// By [`NoteId`]: whether `[lint] ignore` leaves the note unreported.
    lint_ignored: Vec<bool>,
    lint: crate::config::LintConfig,
    /// Every file by its lower-cased name: looked up for every link of the
    /// vault, so key and value are inline (see [`FileIds`]).
    by_name: FastMap<CompactString, FileIds>,
    pub(crate) by_alias: FastMap<String, Vec<NoteId>>,
    /// Notes by a digest of the [`loose_key`] of their names, sorted, for
    /// did-you-mean: built on the first request, as [`Index::names`]. A
    /// sorted list, not a table of keys and ids: 16 bytes a note where the
    /// table took 80 (0.8 MB of a 10,000-note check's peak).
    by_loose: OnceLock<Vec<(u64, FileId)>>,
    /// Built on the first request for a suggestion: a clean vault never
    /// pays for it.
    names: OnceLock<NameIndex>,
    name_files: Vec<FileId>,
}

/// NFC, lower-cased: how paths and link targets are compared. Most names
/// are ASCII, which is already NFC, so they skip normalisation.
pub(crate) fn lower_nfc(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.nfc().collect::<String>().to_lowercase()
    }
}

impl Index {
    /// Index parsed notes and attachments.
    pub fn build(
        root: PathBuf,
        sources: Vec<SourceFile>,
        mut parsed: Vec<Option<Note>>,
        walk_problems: Vec<WalkProblem>,
    ) -> Index {
        let mut files = Vec::with_capacity(sources.len());
        // Most files are notes: sized once, not grown by doubling.
        let markdown = parsed.iter().filter(|p| p.is_some()).count();
        let mut notes = Vec::with_capacity(markdown);
        let mut note_files = Vec::with_capacity(markdown);
        let mut by_name: FastMap<CompactString, FileIds> = FastMap::default();
        let mut name_files = Vec::new();
        for (id, source) in sources.into_iter().enumerate() {
            let note = parsed.get_mut(id).and_then(Option::take).map(|note| {
                notes.push(note);
                note_files.push(id);
                notes.len() - 1
            });
            let file = VaultFile {
                lower_path: source.path.to_lowercase(),
                path: source.path,
                abs: source.abs,
                real_path: source.real_path,
                note,
            };
            match by_name.entry(CompactString::from(file.lower_name())) {
                Entry::Occupied(mut same) => same.get_mut().push(id),
                Entry::Vacant(new) => {
                    new.insert(FileIds::One([id]));
                }
            }
            if file.note.is_some() {
                name_files.push(id);
            }
            files.push(file);
        }
        let mut by_alias: FastMap<String, Vec<NoteId>> = FastMap::default();
        for (id, note) in notes.iter().enumerate() {
            for alias in &note.aliases {
                by_alias.entry(lower_nfc(alias)).or_default().push(id);
            }
        }
        let index = Index {
            root,
            files,
            notes,
            note_files,
            walk_problems,
            lint_ignored: Vec::new(),
            lint: crate::config::LintConfig::default(),
            by_name,
            by_alias,
            by_loose: OnceLock::new(),
            names: OnceLock::new(),
            name_files,
        };
        crate::timing::lap("indexed");
        index
    }

    /// Take `[lint] ignore` from `lint`: the one place it is read.
    pub(crate) fn set_lint(&mut self, lint: &crate::config::LintConfig) {
        self.lint_ignored = self
            .notes
            .iter()
            .map(|n| lint.is_ignored(&n.path))
            .collect();
        self.lint = lint.clone();
    }

    /// Whether note `id` is reported on (not left out by `[lint] ignore`).
    pub(crate) fn is_linted(&self, id: NoteId) -> bool {
        !self.lint_ignored.get(id).copied().unwrap_or(false)
    }

    /// Whether a finding on `path` (a note, a file or a folder) is reported.
    pub(crate) fn is_linted_path(&self, path: &str) -> bool {
        match self.note_by_path(path) {
            Some(id) => self.is_linted(id),
            None => !self.lint.is_ignored(path),
        }
    }

    /// The file at a vault-relative path.
    pub(crate) fn file_by_path(&self, path: &str) -> Option<FileId> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
    }

    /// The note at a vault-relative path.
    pub fn note_by_path(&self, path: &str) -> Option<NoteId> {
        self.file_by_path(path).and_then(|id| self.files[id].note)
    }

    /// Notes that declare `alias` (case-insensitive).
    pub(crate) fn notes_with_alias(&self, alias: &str) -> &[NoteId] {
        self.by_alias
            .get(&lower_nfc(alias))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The first note (in path order) whose name equals `name` once case,
    /// spaces and punctuation are ignored (`Release Plan` ~
    /// `release-plan`).
    pub(crate) fn note_named_loosely(&self, name: &str) -> Option<FileId> {
        let loose_name = |id: FileId| loose_key(&self.files[id].link_name().to_lowercase());
        let by_loose = self.by_loose.get_or_init(|| {
            let mut by_loose: Vec<(u64, FileId)> = (self.name_files.iter())
                .map(|&id| (loose_digest(&loose_name(id)), id))
                .collect();
            by_loose.sort_unstable();
            by_loose
        });
        let key = loose_key(name);
        let digest = loose_digest(&key);
        let from = by_loose.partition_point(|&(d, _)| d < digest);
        // The digest narrows; the key decides (two keys may share one).
        (by_loose[from..].iter())
            .take_while(|&&(d, _)| d == digest)
            .map(|&(_, id)| id)
            .find(|&id| loose_name(id) == key)
    }

    /// The note whose name is closest to `name`, if any is close.
    pub(crate) fn closest_name(&self, name: &str) -> Option<FileId> {
        let names = self.names.get_or_init(|| {
            NameIndex::new(
                self.name_files
                    .iter()
                    .map(|&f| self.files[f].link_name().to_lowercase())
                    .collect(),
            )
        });
        names.closest(&lower_nfc(name)).map(|i| self.name_files[i])
    }

    /// Drop did-you-mean's indexes ([`Index::closest_name`] and
    /// [`Index::note_named_loosely`] make them again if asked).
    pub(crate) fn forget_name_index(&mut self) {
        self.names.take();
        self.by_loose.take();
    }

    /// Files whose lower-cased name is `lower_name`.
    pub(crate) fn files_named(&self, lower_name: &str) -> &[FileId] {
        self.by_name
            .get(lower_name)
            .map(FileIds::as_slice)
            .unwrap_or(&[])
    }
}

/// The files of one name in [`Index`]'s name table. Most names are one
/// file's: that one is kept in the table itself, so a link's lookup reads
/// one entry (its name inline too, up to 24 bytes) and follows no pointer.
/// Why: with a `String` key and a `Vec` of ids, each of the 1.5 million
/// lookups of a 100,000-note check followed two pointers into a table far
/// larger than the CPU's cache, and the resolve stage grew 20× for 10× the
/// notes.
#[derive(Debug)]
enum FileIds {
    One([FileId; 1]),
    Many(Vec<FileId>),
}

impl FileIds {
    fn push(&mut self, id: FileId) {
        match self {
            FileIds::One([first]) => *self = FileIds::Many(vec![*first, id]),
            FileIds::Many(ids) => ids.push(id),
        }
    }

    fn as_slice(&self) -> &[FileId] {
        match self {
            FileIds::One(one) => one,
            FileIds::Many(ids) => ids,
        }
    }
}

/// The digest [`Index::note_named_loosely`] looks a loose key up by.
fn loose_digest(key: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(key.as_bytes())
}

/// [`lower_nfc`] into a [`CompactString`]: inline, no allocation, for a
/// name of up to 24 bytes (the resolver lowers every link's target).
pub(crate) fn lower_nfc_compact(text: &str) -> CompactString {
    if text.is_ascii() {
        let mut lower = CompactString::from(text);
        lower.as_mut_str().make_ascii_lowercase();
        lower
    } else {
        CompactString::from(lower_nfc(text))
    }
}

#[cfg(test)]
mod tests {
    use super::Index;
    use crate::vault::discover::SourceFile;
    use crate::vault::note::{Note, ParseOptions};

    fn index(paths: &[&str]) -> Index {
        let sources: Vec<SourceFile> = (paths.iter())
            .map(|path| SourceFile {
                path: path.to_string(),
                abs: std::path::Path::new("/nowhere").join(path).into(),
                is_markdown: path.ends_with(".md"),
                real_path: None,
            })
            .collect();
        let parsed = (sources.iter())
            .map(|s| {
                (s.is_markdown)
                    .then(|| Note::from_bytes(s.path.clone(), Vec::new(), ParseOptions::default()))
            })
            .collect();
        Index::build("/nowhere".into(), sources, parsed, Vec::new())
    }

    /// The first note in path order whose name matches once case, spaces
    /// and punctuation are ignored; never a note whose name does not.
    #[test]
    fn a_loose_name_finds_the_first_note_so_named() {
        let index = index(&[
            "a/Release_Plan.md",
            "b/release-plan.md",
            "plan.md",
            "release plan.png",
        ]);
        let named = |name| {
            index
                .note_named_loosely(name)
                .map(|id| index.files[id].path.as_str())
        };
        assert_eq!(named("Release Plan"), Some("a/Release_Plan.md"));
        assert_eq!(named("RELEASEPLAN"), Some("a/Release_Plan.md"));
        assert_eq!(named("plan"), Some("plan.md"));
        assert_eq!(named("release plans"), None);
        assert_eq!(named(""), None);
    }
}
