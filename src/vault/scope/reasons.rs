//! Why a file is left out of the site ([`LeftOut`]), and the problems the
//! scope found while deciding ([`ScopeProblem`]).

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
    /// mdBook's `SUMMARY.md` at the vault root: the navigation, not a page.
    Summary,
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
            LeftOut::Summary => "table of contents",
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
            LeftOut::Summary => {
                "mdBook's table of contents: the sidebar lists its chapters in its order"
                    .to_string()
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
