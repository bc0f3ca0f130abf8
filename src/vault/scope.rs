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

use std::path::Path;

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use super::discover::WalkedOutReason;
use super::discover::{Doubtful, WalkedOut};
use super::frontmatter::{Node, Value};
use super::index::{FileId, Index, NoteId};
use super::resolve::Resolution;
use crate::config::{Config, PublishMode};

/// Why a file is not published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeftOut {
    /// Under a folder whose ignore file could not be read.
    DoubtfulIgnore { folder: String },
    /// Matched by a `[build] exclude` pattern.
    Excluded { pattern: String },
    /// Under the literal start of a `[build] exclude` pattern that does not
    /// parse.
    ExcludeUnclear { pattern: String },
    /// In Obsidian's template folder.
    Template { folder: String },
    /// The frontmatter does not parse, so its flags are unknown.
    FrontmatterInvalid,
    /// The note cannot be read as UTF-8 text (UTF-16, Latin-1, no
    /// permission): its frontmatter, a `publish: false` in it included,
    /// cannot be read either.
    Unreadable,
    /// `publish: false`.
    PublishFalse,
    /// `draft: true`.
    Draft,
    /// `publish` or `draft` holds something other than true or false.
    UnclearFlag { key: &'static str, offset: usize },
    /// `[build] publish = "opt-in"` and no `publish: true`.
    NotOptedIn,
    /// A `publish` or `draft` line that is not read as frontmatter.
    StrayFlag { key: &'static str, offset: usize },
    /// An attachment no published note links to or embeds.
    Unlinked,
    /// An attachment of a type a browser could run as a page or script
    /// with the site's origin (HTML, XHTML, XML feeds…: anything not known
    /// to be safe); `[build] html-attachments = true` publishes it.
    ActiveContent,
}

impl LeftOut {
    /// The short class the build's summary line counts.
    pub fn class(&self) -> &'static str {
        match self {
            LeftOut::DoubtfulIgnore { .. } => "unreadable ignore file",
            LeftOut::Excluded { .. } | LeftOut::ExcludeUnclear { .. } => "excluded",
            LeftOut::Template { .. } => "templates",
            LeftOut::FrontmatterInvalid => "invalid frontmatter",
            LeftOut::Unreadable => "unreadable",
            LeftOut::PublishFalse => "publish: false",
            LeftOut::Draft => "draft",
            LeftOut::UnclearFlag { .. } | LeftOut::StrayFlag { .. } => "unclear publish flag",
            LeftOut::NotOptedIn => "not opted in",
            LeftOut::Unlinked => "unlinked attachments",
            LeftOut::ActiveContent => "attachments of unsafe types",
        }
    }

    /// What `build --explain` says.
    pub fn explain(&self) -> String {
        match self {
            LeftOut::DoubtfulIgnore { folder } => format!(
                "under {}, whose ignore file cannot be read",
                if folder.is_empty() {
                    "the vault".to_string()
                } else {
                    format!("{folder}/")
                }
            ),
            LeftOut::Excluded { pattern } => format!("[build] exclude `{pattern}`"),
            LeftOut::ExcludeUnclear { pattern } => {
                format!("[build] exclude `{pattern}` does not parse; left out to be safe")
            }
            LeftOut::Template { folder } => {
                format!("in the template folder `{folder}` (.obsidian/templates.json)")
            }
            LeftOut::FrontmatterInvalid => {
                "the frontmatter does not parse, so it may say `publish: false`".to_string()
            }
            LeftOut::Unreadable => {
                "not readable as UTF-8 text, so its frontmatter cannot be read either".to_string()
            }
            LeftOut::PublishFalse => "publish: false".to_string(),
            LeftOut::Draft => "draft: true".to_string(),
            LeftOut::UnclearFlag { key, .. } => {
                format!("`{key}` is neither true nor false; left out to be safe")
            }
            LeftOut::NotOptedIn => "no `publish: true` ([build] publish = \"opt-in\")".to_string(),
            LeftOut::StrayFlag { key, .. } => format!(
                "a `{key}:` line not read as frontmatter (not at the top, or spelled \
                 otherwise); left out to be safe"
            ),
            LeftOut::Unlinked => "an attachment no published note links to".to_string(),
            LeftOut::ActiveContent => "a file type a browser could run as a page or script \
                (HTML, XML…); [build] html-attachments = true publishes it"
                .to_string(),
        }
    }
}

/// A problem met while deciding the scope, at a place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeProblem {
    /// Vault-relative when `in_vault`, else as the user gave it
    /// (`book.toml`'s own `path:line:column`).
    pub path: String,
    pub in_vault: bool,
    /// 1-based line and column.
    pub at: Option<(usize, usize)>,
    pub message: String,
}

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
    pub fn is_published(&self, file: FileId) -> bool {
        self.files.get(file).is_none_or(Option::is_none)
    }

    /// Why file `file` is left out, if it is.
    pub fn left_out(&self, file: FileId) -> Option<&LeftOut> {
        self.files.get(file).and_then(Option::as_ref)
    }

    /// Decide the scope of `vault`, loaded with `config`; `walked_out` and
    /// `doubtful` are what the walk left out and the folders whose ignore
    /// file it could not read.
    pub fn compute(
        vault: &Index,
        resolutions: &[Vec<Resolution>],
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
                let Some(note) = file.note else {
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
        let mut linked = vec![false; vault.files.len()];
        for (id, resolutions) in resolutions.iter().enumerate() {
            if files[vault.note_files[id]].is_some() {
                continue;
            }
            for resolution in resolutions {
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
            if file.note.is_none() && files[fid].is_none() && !linked[fid] {
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
    pub fn published_counts(&self, vault: &Index) -> (usize, usize) {
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

/// `[build] exclude`, compiled. A pattern that does not parse leaves out
/// everything under its literal start (`drafts/[` → `drafts/`; everything,
/// when it starts with a wildcard).
struct Exclude {
    rules: Option<Gitignore>,
    unclear: Vec<(String, String)>,
}

impl Exclude {
    fn new(root: &Path, config: &Config, problems: &mut Vec<ScopeProblem>) -> Exclude {
        let mut unclear = Vec::new();
        if config.publish.exclude.is_empty() {
            return Exclude {
                rules: None,
                unclear,
            };
        }
        let mut builder = GitignoreBuilder::new(root);
        for pattern in &config.publish.exclude {
            if let Err(err) = builder.add_line(None, &pattern.pattern) {
                let prefix: String = pattern
                    .pattern
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| !matches!(c, '*' | '?' | '[' | '{' | '\\' | '!'))
                    .collect();
                let reason = err.to_string();
                let reason = reason.rsplit(": ").next().unwrap_or(&reason).to_string();
                problems.push(ScopeProblem {
                    path: pattern.place.clone(),
                    in_vault: false,
                    at: None,
                    message: format!(
                        "[build] exclude: bad pattern `{}`: {reason}; the site leaves out {}",
                        pattern.pattern,
                        if prefix.is_empty() {
                            "every file".to_string()
                        } else {
                            format!("everything under `{prefix}`")
                        }
                    ),
                });
                unclear.push((prefix, pattern.pattern.clone()));
            }
        }
        Exclude {
            rules: builder.build().ok(),
            unclear,
        }
    }

    fn left_out(&self, path: &str) -> Option<LeftOut> {
        if let Some((_, pattern)) = self
            .unclear
            .iter()
            .find(|(prefix, _)| path.starts_with(prefix.as_str()))
        {
            return Some(LeftOut::ExcludeUnclear {
                pattern: pattern.clone(),
            });
        }
        let rules = self.rules.as_ref()?;
        // Folders first, from the top: a file in an excluded folder stays
        // out whatever `!pattern` says of it, as in git.
        let folders = path.match_indices('/').map(|(i, _)| (&path[..i], true));
        for (part, is_dir) in folders.chain(std::iter::once((path, false))) {
            if let ignore::Match::Ignore(glob) = rules.matched(part, is_dir) {
                return Some(LeftOut::Excluded {
                    pattern: glob.original().to_string(),
                });
            }
        }
        None
    }
}

/// Attachment types published as they are: none of them is run as a page
/// or a script by a browser that opens it from the site. An allow-list,
/// not a deny-list: HTML, and the many XML types a static host may serve
/// as XHTML (`.xhtm`, `.atom`, `.rss`, `.xul`…), would run their scripts
/// with the site's origin, and a list of those is never complete. SVG is
/// published sanitised (`site::svg`).
#[rustfmt::skip]
const SAFE_ATTACHMENTS: &[&str] = &[
    // Images.
    "png", "jpg", "jpeg", "gif", "webp", "avif", "bmp", "ico", "tif", "tiff", "heic", "heif",
    "jxl", "svg",
    // Audio and video.
    "mp3", "wav", "ogg", "oga", "opus", "m4a", "flac", "aac", "weba", "mp4", "m4v", "webm",
    "ogv", "mov", "mkv", "avi", "3gp",
    // Documents and data.
    "pdf", "txt", "csv", "tsv", "json", "canvas", "epub", "rtf", "doc", "docx", "xls", "xlsx",
    "ppt", "pptx", "odt", "ods", "odp", "odg", "yaml", "yml", "toml",
    // Archives and fonts.
    "zip", "gz", "tgz", "tar", "7z", "bz2", "xz", "zst", "woff", "woff2", "ttf", "otf",
];

/// Whether an attachment's type is one a browser could run as a page or
/// script when opened from the site (anything not in
/// [`SAFE_ATTACHMENTS`]).
fn active_content(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    !ext.is_some_and(|ext| SAFE_ATTACHMENTS.contains(&ext.as_str()))
}

/// The vault files a note's raw HTML names by a relative `src` or `href`
/// (`<img src="img/a.png">`, from the note's folder), outside code and
/// comments: attachments they name are published with the note.
fn html_references(vault: &Index, id: NoteId) -> Vec<FileId> {
    static ATTRIBUTE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(?i)\b(?:src|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#)
            .expect("valid attribute pattern")
    });
    let note = &vault.notes[id];
    let mut out = Vec::new();
    for range in &note.html {
        let Some(html) = note.source.get(range.clone()) else {
            continue;
        };
        for caps in ATTRIBUTE.captures_iter(html) {
            let Some(value) = caps.get(1).or(caps.get(2)).or(caps.get(3)) else {
                continue;
            };
            let value = value.as_str().split(['#', '?']).next().unwrap_or("");
            if value.is_empty() || value.contains(':') || value.starts_with('/') {
                continue; // external, absolute, or the page itself
            }
            let decoded = crate::encode::percent_decode(value);
            if let Some(path) = super::resolve::join_relative(note.folder(), &decoded)
                && let Some(file) = vault.file_by_path(&path)
            {
                out.push(file);
            }
        }
    }
    out
}

/// Obsidian's template folder, from `.obsidian/templates.json`, without
/// leading or trailing slashes. A file that does not parse is reported.
fn template_folder(root: &Path, problems: &mut Vec<ScopeProblem>) -> Option<String> {
    let path = root.join(".obsidian/templates.json");
    let text = std::fs::read_to_string(&path).ok()?;
    // Editors on Windows write a byte order mark; JSON has none.
    let text = text.trim_start_matches('\u{feff}');
    let mut problem = |at: Option<(usize, usize)>, message: String| {
        problems.push(ScopeProblem {
            path: ".obsidian/templates.json".to_string(),
            in_vault: true,
            at,
            message,
        });
    };
    let folder = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(json) => match json.get("folder") {
            None | Some(serde_json::Value::Null) => return None,
            Some(serde_json::Value::String(folder)) => folder.clone(),
            Some(other) => {
                problem(
                    None,
                    format!(
                        "`folder` is {other}, not a folder name: Obsidian's templates may be published"
                    ),
                );
                return None;
            }
        },
        Err(err) => {
            // A file Obsidian wrote and someone edited: the folder is
            // still read when it can be, rather than templates published.
            static FOLDER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
                regex::Regex::new(r#""folder"\s*:\s*"([^"]*)""#).expect("valid folder pattern")
            });
            let found = FOLDER.captures(text).map(|c| c[1].to_string());
            problem(
                Some((err.line(), err.column())),
                match &found {
                    Some(folder) => {
                        format!("not valid JSON ({err}); its template folder is read as `{folder}`")
                    }
                    None => format!(
                        "not valid JSON ({err}) and names no template folder: Obsidian's templates may be published"
                    ),
                },
            );
            found?
        }
    };
    // `./templates/`, `/templates` and `templates` are one folder.
    let folder = folder.trim();
    let folder = folder
        .strip_prefix("./")
        .unwrap_or(folder)
        .trim_matches('/');
    (!folder.is_empty()).then(|| folder.to_string())
}

/// What a note's own frontmatter says about publishing it.
fn flags(
    note: &super::Note,
    mode: PublishMode,
    problems: &mut Vec<ScopeProblem>,
) -> Option<LeftOut> {
    if let Some((key, offset)) = stray_flag(note) {
        let at = note.lines.position(&note.source, offset);
        problems.push(ScopeProblem {
            path: note.path.clone(),
            in_vault: true,
            at: Some((at.line, at.column)),
            message: format!(
                "a `{key}:` line that is not read as frontmatter (a `---` block not at the top, \
                 or the key spelled otherwise); the note is left out of the site"
            ),
        });
        return Some(LeftOut::StrayFlag { key, offset });
    }
    let Some(fm) = note.frontmatter.as_ref() else {
        return (mode == PublishMode::OptIn).then_some(LeftOut::NotOptedIn);
    };
    if fm.value.is_none() {
        return Some(LeftOut::FrontmatterInvalid);
    }
    let mut unclear = |key: &'static str, node: &Node| {
        let at = note.lines.position(&note.source, node.offset);
        problems.push(ScopeProblem {
            path: note.path.clone(),
            in_vault: true,
            at: Some((at.line, at.column)),
            message: format!(
                "`{key}` is {}, not true or false; the note is left out of the site",
                shown(node)
            ),
        });
        Some(LeftOut::UnclearFlag {
            key,
            offset: node.offset,
        })
    };
    let publish = match fm.get("publish") {
        None => None,
        Some(node) => match truth(node) {
            Some(value) => Some(value),
            None => return unclear("publish", node),
        },
    };
    if publish == Some(false) {
        return Some(LeftOut::PublishFalse);
    }
    if let Some(node) = fm.get("draft") {
        match truth(node) {
            Some(true) => return Some(LeftOut::Draft),
            Some(false) => {}
            None => return unclear("draft", node),
        }
    }
    (mode == PublishMode::OptIn && publish != Some(true)).then_some(LeftOut::NotOptedIn)
}

/// A `publish` or `draft` line the frontmatter does not give its meaning
/// to: a key spelled in another case (`Publish: false`) in the frontmatter,
/// or the key in a `---` block near the top that is not read as
/// frontmatter (after a blank line, a paragraph, a setext title). The
/// author meant it; the site cannot tell what, so it leaves the note out.
/// Code blocks are skipped: a note about frontmatter shows these lines.
fn stray_flag(note: &super::Note) -> Option<(&'static str, usize)> {
    let text = &note.source;
    let front = note.frontmatter.as_ref().map(|fm| fm.block.clone());
    let key_of = |line: &str| -> Option<&'static str> {
        let (key, _) = line.split_once(':')?;
        let key = key.trim();
        if key.eq_ignore_ascii_case("publish") {
            Some("publish")
        } else if key.eq_ignore_ascii_case("draft") {
            Some("draft")
        } else {
            None
        }
    };
    let mut offset = 0;
    let mut in_code = false;
    let mut in_block = false;
    // A flag line of the open block: it counts once the block closes.
    let mut candidate = None;
    let mut seen_lines = 0;
    for line in text.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        // Invisible characters before a fence do not make it another line.
        let bare = line
            .trim_end()
            .trim_start_matches(['\u{feff}', '\u{200b}', '\u{a0}']);
        let in_front = front.as_ref().is_some_and(|f| f.contains(&at));
        if in_front {
            // The real frontmatter: only a key spelled in another case.
            if let Some(key) = key_of(bare)
                && !bare.trim_start().starts_with(key)
                && !line.starts_with(' ')
            {
                return Some((key, at));
            }
            continue;
        }
        if bare.starts_with("```") || bare.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        // `---`, and the `----` an author may have meant as one.
        if bare.len() >= 3 && bare.bytes().all(|b| b == b'-') {
            if in_block && candidate.is_some() {
                return candidate;
            }
            if !in_block && seen_lines > 12 {
                break; // past the top: a thematic break, not frontmatter
            }
            in_block = !in_block;
            continue;
        }
        if !bare.is_empty() {
            seen_lines += 1;
        }
        if in_block && candidate.is_none() && !line.starts_with([' ', '\t']) {
            candidate = key_of(bare).map(|key| (key, at));
        }
    }
    None
}

/// A flag's truth: YAML booleans, and the strings `true` and `false`
/// (Quartz reads `draft: "true"` as a draft). `null` (`draft:` alone) is
/// false. Anything else is unclear.
fn truth(node: &Node) -> Option<bool> {
    match &node.value {
        Value::Bool(b) => Some(*b),
        Value::Null => Some(false),
        Value::Str { text, .. } => match text.trim() {
            t if t.eq_ignore_ascii_case("true") => Some(true),
            t if t.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A value as a message shows it.
fn shown(node: &Node) -> String {
    match &node.value {
        Value::Str { text, .. } => format!("{text:?}"),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        _ => node.type_name().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_safe_attachment_types_are_published() {
        for safe in ["a/pic.PNG", "doc.pdf", "clip.webm", "data.csv", "d.svg"] {
            assert!(!active_content(safe), "{safe}");
        }
        for active in [
            "page.html",
            "x.xhtm",
            "feed.atom",
            "feed.rss",
            "a.xml",
            "ui.xul",
            "m.mml",
            "s.svgz",
            "app.js",
            "style.css",
            "noext",
            "dir.v1/file",
        ] {
            assert!(active_content(active), "{active}");
        }
    }

    fn node(value: Value) -> Node {
        Node { offset: 0, value }
    }

    #[test]
    fn flags_are_booleans_or_their_names_and_nothing_else() {
        let s = |t: &str| {
            node(Value::Str {
                text: t.to_string(),
                quoted: true,
            })
        };
        assert_eq!(truth(&node(Value::Bool(true))), Some(true));
        assert_eq!(truth(&node(Value::Null)), Some(false));
        assert_eq!(truth(&s("False")), Some(false));
        assert_eq!(truth(&s("true")), Some(true));
        assert_eq!(truth(&s("maybe")), None);
        assert_eq!(truth(&s("no")), None);
        assert_eq!(truth(&node(Value::Int(0))), None);
    }
}
