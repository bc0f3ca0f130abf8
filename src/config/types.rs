//! The configuration as every stage reads it: plain data, every path
//! absolute, every pattern compiled. Read from `book.toml` by `load`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use globset::GlobSet;
use serde::Deserialize;

/// How much a rule matters, as set in `[lint.rules]`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Off,
    Warn,
    Error,
}

/// By hand rather than derived: serde's enum deserializer answers a number
/// or a boolean with "wanted string or table", which names neither the key's
/// purpose nor the values it takes.
impl<'de> Deserialize<'de> for RuleLevel {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Level;
        impl serde::de::Visitor<'_> for Level {
            type Value = RuleLevel;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a rule level: \"off\", \"warn\" or \"error\"")
            }
            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<RuleLevel, E> {
                match value {
                    "off" => Ok(RuleLevel::Off),
                    "warn" | "warning" => Ok(RuleLevel::Warn),
                    "error" => Ok(RuleLevel::Error),
                    _ => Err(E::invalid_value(serde::de::Unexpected::Str(value), &self)),
                }
            }
        }
        deserializer.deserialize_str(Level)
    }
}

impl RuleLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleLevel::Off => "off",
            RuleLevel::Warn => "warn",
            RuleLevel::Error => "error",
        }
    }
}

/// Linter settings.
#[derive(Debug, Clone)]
pub struct LintConfig {
    /// Globs (vault-relative) of notes that are indexed as link targets but
    /// not reported on — templates hold placeholder links on purpose.
    pub ignore: Vec<String>,
    pub(super) ignore_set: GlobSet,
    /// Level overrides by rule name (validated against the registry by
    /// `lint::check_rule_names`).
    pub rules: BTreeMap<String, RuleLevel>,
    /// Where each name of `rules` is written (`book.toml:LINE:COLUMN`).
    pub rule_places: BTreeMap<String, String>,
    pub comment_links: bool,
}

impl LintConfig {
    /// Whether `[lint] ignore` leaves `vault_path` out of the report. Read
    /// once, by the vault model (`Vault::is_linted`), which every consumer
    /// asks.
    pub(crate) fn is_ignored(&self, vault_path: &str) -> bool {
        self.ignore_set.is_match(vault_path)
    }
}

impl Default for LintConfig {
    fn default() -> Self {
        LintConfig {
            ignore: Vec::new(),
            ignore_set: GlobSet::empty(),
            rules: BTreeMap::new(),
            rule_places: BTreeMap::new(),
            comment_links: false,
        }
    }
}

/// Checklist classification patterns and status characters.
#[derive(Debug, Clone)]
pub struct ReadinessConfig {
    pub entry: regex::Regex,
    pub exit: regex::Regex,
    pub gate: regex::Regex,
    /// Status characters that count done (`xX`).
    pub done: String,
    /// Status characters of open tasks (a space). Any character in no set
    /// (`/`, `>`, `?`…) is open too: work not done.
    pub open: String,
    /// Status characters of tasks that no longer apply (`-`, Obsidian's
    /// "cancelled"): neither done nor open, not counted.
    pub cancelled: String,
}

impl Default for ReadinessConfig {
    fn default() -> Self {
        ReadinessConfig {
            entry: regex::Regex::new(DEFAULT_ENTRY).expect("valid default pattern"),
            exit: regex::Regex::new(DEFAULT_EXIT).expect("valid default pattern"),
            gate: regex::Regex::new(DEFAULT_GATE).expect("valid default pattern"),
            done: "xX".to_string(),
            open: " ".to_string(),
            cancelled: "-".to_string(),
        }
    }
}

pub(super) const DEFAULT_ENTRY: &str = r"(?i)\bentry criteria\b";
pub(super) const DEFAULT_EXIT: &str = r"(?i)\bexit criteria\b";
/// "Gate" or "Gates" as a word anywhere in the heading ("Production
/// Readiness Gate", "Quality Gates", "Gate review"), but not inside another
/// word: DESIGN.md's bare `gate` would make "Mitigate" and "Investigate"
/// sections gates.
pub(super) const DEFAULT_GATE: &str = r"(?i)\bgates?\b";

/// How phase documents group into workflows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum WorkflowGrouping {
    /// The phase documents of one folder form a workflow.
    #[default]
    Folder,
    /// Phase documents sharing a frontmatter key's value form a workflow.
    Key(String),
}

/// Which notes a site publishes by default (`[build] publish`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PublishMode {
    /// Every note but those left out (drafts, `publish: false`, excluded,
    /// ignored, templates): Quartz's and mdBook's model.
    #[default]
    All,
    /// Only notes whose frontmatter says `publish: true`: Obsidian
    /// Publish's model.
    OptIn,
}

/// One `[build] exclude` pattern, kept with where it was written so a bad
/// one is reported at its `book.toml:LINE:COLUMN` by the publication scope
/// (which leaves out what it may have meant) instead of stopping the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExcludePattern {
    pub pattern: String,
    /// `book.toml:LINE:COLUMN` of the pattern.
    pub place: String,
}

/// What the site may publish: `[build] exclude`, `publish`,
/// `follow-symlinks`, and `--no-ignore`. Read by the vault walk and the
/// publication scope (`vault::scope`), nowhere else.
#[derive(Debug, Clone)]
pub struct PublishConfig {
    pub exclude: Vec<ExcludePattern>,
    pub mode: PublishMode,
    /// Follow symlinks whose target lies outside the vault
    /// (`[build] follow-symlinks = "all"`).
    pub follow_all_symlinks: bool,
    /// Read `.gitignore`, `.ignore` and `.git/info/exclude` (off with
    /// `--no-ignore`, as in ripgrep).
    pub ignore_files: bool,
    /// `[build] html-attachments`: publish HTML and XML attachments, which
    /// run script with the site's origin when opened.
    pub html_attachments: bool,
}

impl Default for PublishConfig {
    fn default() -> Self {
        PublishConfig {
            exclude: Vec::new(),
            mode: PublishMode::All,
            follow_all_symlinks: false,
            ignore_files: true,
            html_attachments: false,
        }
    }
}

/// Site settings.
#[derive(Debug, Clone, Default)]
pub struct SiteConfig {
    pub templates: Option<PathBuf>,
    pub base_url: String,
    pub site_url: Option<String>,
    pub allow_raw_html: bool,
    /// `[site] strict-line-breaks`; `None` defers to the vault's
    /// `.obsidian/app.json` (rule R2).
    pub strict_line_breaks: Option<bool>,
    /// `[site] readiness-history`: the most commits the readiness page's
    /// chart of items done over time reads (0: no chart).
    pub readiness_history: usize,
    /// `[output.html] edit-url-template` (mdBook's key): each page's edit
    /// link, `{path}` replaced by `edit_prefix` and the note's path.
    pub edit_url_template: Option<String>,
    /// The vault folder's path from the config's folder, with a trailing
    /// `/` (empty when they are one): what `{path}` starts with, as in
    /// mdBook, whose `{path}` starts with `src/`.
    pub edit_prefix: String,
    /// `[output.html] git-repository-url` (mdBook's key): the header's
    /// repository link.
    pub git_repository_url: Option<String>,
    /// `[output.html] additional-css` (mdBook's key): style sheets every
    /// page links after the theme's.
    pub additional_css: Vec<AdditionalFile>,
    /// `[output.html] additional-js` (mdBook's key): scripts every page
    /// loads after the theme's.
    pub additional_js: Vec<AdditionalFile>,
    /// `[output.html] no-section-label` (mdBook's key): no chapter numbers
    /// in a SUMMARY.md sidebar.
    pub no_section_label: bool,
}

/// A file of `[output.html] additional-css` or `additional-js`: copied
/// into the site, so it is served from the site's own origin, which is all
/// the pages' Content-Security-Policy lets them load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdditionalFile {
    /// Where it is read from (absolute).
    pub source: PathBuf,
    /// Its path from `book.toml`'s folder, with `/` separators: where it
    /// goes below the site's folder of additional files.
    pub path: String,
    /// `book.toml:LINE:COLUMN: [output.html] KEY: "VALUE"`, for the error
    /// when the file is missing.
    pub place: String,
}

/// `[site] readiness-history` when unset.
pub const READINESS_HISTORY: usize = 200;

/// The resolved configuration: every path absolute, every pattern compiled.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder relative paths in the config are resolved against.
    pub root: PathBuf,
    /// The `book.toml` this came from, if any.
    pub file: Option<PathBuf>,
    /// `[book] title`; else "Handbook" (the vault folder's name without a
    /// `book.toml`). The site takes its home note's title over this
    /// fallback: see `title_given`.
    pub title: String,
    /// `title` was written in `[book] title`.
    pub title_given: bool,
    /// `[book] index`: the home note (vault-relative, `.md` optional) and
    /// where the key is (`book.toml:LINE:COLUMN`), for the warning when it
    /// names no published note.
    pub index: Option<(String, String)>,
    pub authors: Vec<String>,
    pub description: Option<String>,
    pub language: String,
    /// The vault's root folder (absolute).
    pub vault_dir: PathBuf,
    /// Where `build` writes the site (absolute).
    pub build_dir: PathBuf,
    /// Where the note cache lives (`vault::cache`): `.phasebook-cache` in
    /// `root`, or `PHASEBOOK_CACHE_DIR`; `None` with `--no-cache`.
    pub cache_dir: Option<PathBuf>,
    pub lint: LintConfig,
    pub readiness: ReadinessConfig,
    pub site: SiteConfig,
    /// What the site may publish, and which ignore files the walk reads.
    pub publish: PublishConfig,
    pub workflow: WorkflowGrouping,
    /// `[phases] planned-artifacts`: an `artifacts` entry with no note is a
    /// planned artifact (`missing-artifact`), not a `broken-link`.
    pub planned_artifacts: bool,
    /// What `book.toml` holds that phasebook accepts and does not use
    /// (mdBook's keys, `config::mdbook`), each `book.toml:LINE:COLUMN:
    /// message`: `build` reports them with its other warnings.
    pub warnings: Vec<String>,
}

/// Where the configuration comes from, as the command line says.
#[derive(Debug, Clone, Default)]
pub struct ConfigRequest {
    pub config: Option<PathBuf>,
    pub vault: Option<PathBuf>,
}
