//! What the walk finds and reports: the files, what it left out and why,
//! and its problems.

use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

/// A file found in the vault.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Vault-relative, `/`-separated, NFC-normalised.
    pub path: String,
    /// Shared by the file list and the notes whose texts are left in
    /// their files.
    pub abs: std::sync::Arc<Path>,
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
pub(crate) fn vault_path(root: &Path, abs: &Path) -> Option<String> {
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
