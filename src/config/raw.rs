//! `book.toml` as written: the tables serde reads, each denying unknown
//! keys, with the spans of the values an error may point at.
//!
//! The same types derive the JSON Schema editors validate `book.toml`
//! with (`schema.rs`), so each field's doc comment is also the description
//! an editor shows on hover: they are written for the file's authors.

use std::collections::BTreeMap;
use std::path::PathBuf;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use super::types::RuleLevel;

/// phasebook's configuration: mdBook's keys where the two tools overlap,
/// phasebook's own tables beside them. Unknown keys are an error.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "book.toml", rename = "BookToml")]
pub(super) struct RawConfig {
    /// What the handbook is and where its notes are.
    #[serde(default)]
    pub(super) book: RawBook,
    /// What the site is built from and where it goes.
    #[serde(default)]
    pub(super) build: RawBuild,
    /// What `phasebook check` reports on, and how loudly.
    #[serde(default)]
    pub(super) lint: RawLint,
    /// How tasks count towards a phase's readiness.
    #[serde(default)]
    pub(super) readiness: RawReadiness,
    /// How the site looks and where it is served.
    #[serde(default)]
    pub(super) site: RawSite,
    /// How phase documents group into workflows.
    #[serde(default)]
    pub(super) phases: RawPhases,
    /// mdBook's `[output.html]`, for the keys phasebook shares with it.
    #[serde(default)]
    pub(super) output: RawOutput,
}

/// mdBook's output tables; phasebook reads `[output.html]` only.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Output")]
pub(super) struct RawOutput {
    /// mdBook's HTML output settings that phasebook shares.
    #[serde(default)]
    pub(super) html: RawOutputHtml,
}

/// `[output.html]`: the keys phasebook shares with mdBook.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "OutputHtml")]
pub(super) struct RawOutputHtml {
    /// mdBook's "Suggest an edit" link: `{path}` is the note's path in the
    /// repository (the vault folder, then the note).
    pub(super) edit_url_template: Option<String>,
}

/// `[book]`: mdBook's table.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Book")]
pub(super) struct RawBook {
    /// The site's title (default: the home note's title).
    pub(super) title: Option<String>,
    /// Each page's `<meta name="author">`.
    #[serde(default)]
    pub(super) authors: Vec<String>,
    /// Each page's `<meta name="description">`, unless the note has its own.
    pub(super) description: Option<String>,
    /// The vault folder, relative to this file (default: this file's folder).
    pub(super) src: Option<PathBuf>,
    /// The pages' `<html lang>`, e.g. `en`.
    pub(super) language: Option<String>,
    /// The home note, vault-relative: the site's front page (default: the
    /// first of `index.md`, `Home.md`, `README.md` at the vault root).
    #[schemars(with = "Option<String>")]
    pub(super) index: Option<Spanned<String>>,
}

/// `[build]`: what goes into the site, and where.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "Build")]
pub(super) struct RawBuild {
    /// Where `phasebook build` writes the site, relative to this file
    /// (default `site`).
    #[schemars(with = "Option<PathBuf>")]
    pub(super) build_dir: Option<Spanned<PathBuf>>,
    /// Paths left out of the site, in gitignore syntax (vault-relative).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub(super) exclude: Vec<Spanned<String>>,
    /// `all` (default) or `opt-in` (only notes with `publish: true`).
    #[schemars(with = "Option<String>", extend("enum" = ["all", "opt-in"]))]
    pub(super) publish: Option<Spanned<String>>,
    /// `inside` (default: symlinks whose target is in the vault) or `all`.
    #[schemars(with = "Option<String>", extend("enum" = ["inside", "all"]))]
    pub(super) follow_symlinks: Option<Spanned<String>>,
    /// Publish HTML (and XML) attachments as they are (default false: left
    /// out, since a browser would run them with the site's origin).
    pub(super) html_attachments: Option<bool>,
}

/// `[lint]`: what `phasebook check` reports on.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "Lint")]
pub(super) struct RawLint {
    /// Notes indexed as link targets but not reported on (gitignore syntax,
    /// vault-relative), e.g. `templates/**`.
    #[serde(default)]
    pub(super) ignore: Vec<String>,
    /// A level per rule name: `error`, `warn` or `off` (`phasebook rules`
    /// lists them).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RuleLevel>")]
    pub(super) rules: BTreeMap<Spanned<String>, RuleLevel>,
    /// Whether `[[links]]` inside `%%comments%%` count (LINK-RESOLUTION rule 3
    /// leaves Obsidian's behaviour unverified, so it is a setting).
    pub(super) comment_links: Option<bool>,
}

/// `[readiness]`: which headings are entry criteria, exit criteria and
/// gates, and which task status characters count how.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "Readiness")]
pub(super) struct RawReadiness {
    /// A regex over headings: the entry criteria (default
    /// `(?i)\bentry criteria\b`).
    #[schemars(with = "Option<String>")]
    pub(super) entry: Option<Spanned<String>>,
    /// A regex over headings: the exit criteria (default
    /// `(?i)\bexit criteria\b`).
    #[schemars(with = "Option<String>")]
    pub(super) exit: Option<Spanned<String>>,
    /// A regex over headings: gates (default `(?i)\bgates?\b`).
    #[schemars(with = "Option<String>")]
    pub(super) gate: Option<Spanned<String>>,
    /// Status characters that count as done (default `xX`).
    #[schemars(with = "Option<String>")]
    pub(super) done: Option<Spanned<String>>,
    /// Status characters that count as open (default a space).
    #[schemars(with = "Option<String>")]
    pub(super) open: Option<Spanned<String>>,
    /// Status characters of tasks that no longer apply (default `-`).
    #[schemars(with = "Option<String>")]
    pub(super) cancelled: Option<Spanned<String>>,
}

/// `[site]`: how the site looks and where it is served.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "Site")]
pub(super) struct RawSite {
    /// A folder of templates overriding the built-in theme file by file.
    pub(super) templates: Option<PathBuf>,
    /// Where the site is served (default: `site-url`'s path, else `/`);
    /// only 404.html uses it, every other link is relative.
    pub(super) base_url: Option<String>,
    /// The site's public address; set, `sitemap.xml` and the Atom feed are
    /// written.
    pub(super) site_url: Option<String>,
    /// Leave raw HTML in notes as written instead of sanitising it.
    pub(super) allow_raw_html: Option<bool>,
    /// Obsidian's "Strict line breaks"; unset: as the vault's
    /// `.obsidian/app.json` says (off when it says nothing).
    pub(super) strict_line_breaks: Option<bool>,
    /// How many commits the readiness page's history chart reads at most
    /// (default 200; 0: no chart).
    pub(super) readiness_history: Option<usize>,
}

/// `[phases]`: how phase documents group into workflows.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "Phases")]
pub(super) struct RawPhases {
    /// `folder` (default) or `key:NAME` — how phase documents group into workflows.
    #[schemars(pattern(r"^(folder|key:.+)$"))]
    pub(super) workflow: Option<String>,
    /// Leave unresolved `artifacts` entries to `missing-artifact` alone.
    pub(super) planned_artifacts: Option<bool>,
}
