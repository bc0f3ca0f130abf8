//! `book.toml` as written: the tables serde reads, each denying unknown
//! keys, with the spans of the values an error may point at.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;
use toml::Spanned;

use super::types::RuleLevel;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    #[serde(default)]
    pub(super) book: RawBook,
    #[serde(default)]
    pub(super) build: RawBuild,
    #[serde(default)]
    pub(super) lint: RawLint,
    #[serde(default)]
    pub(super) readiness: RawReadiness,
    #[serde(default)]
    pub(super) site: RawSite,
    #[serde(default)]
    pub(super) phases: RawPhases,
    /// mdBook's `[output.html]`, for the keys phasebook shares with it.
    #[serde(default)]
    pub(super) output: RawOutput,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOutput {
    #[serde(default)]
    pub(super) html: RawOutputHtml,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawOutputHtml {
    /// mdBook's "Suggest an edit" link: `{path}` is the note's path in the
    /// repository (the vault folder, then the note).
    pub(super) edit_url_template: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBook {
    pub(super) title: Option<String>,
    #[serde(default)]
    pub(super) authors: Vec<String>,
    pub(super) description: Option<String>,
    pub(super) src: Option<PathBuf>,
    pub(super) language: Option<String>,
    /// The home note, vault-relative: the site's front page.
    pub(super) index: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawBuild {
    pub(super) build_dir: Option<Spanned<PathBuf>>,
    /// Paths left out of the site, in gitignore syntax (vault-relative).
    #[serde(default)]
    pub(super) exclude: Vec<Spanned<String>>,
    /// `all` (default) or `opt-in` (only notes with `publish: true`).
    pub(super) publish: Option<Spanned<String>>,
    /// `inside` (default: symlinks whose target is in the vault) or `all`.
    pub(super) follow_symlinks: Option<Spanned<String>>,
    /// Publish HTML (and XML) attachments as they are.
    pub(super) html_attachments: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawLint {
    #[serde(default)]
    pub(super) ignore: Vec<String>,
    #[serde(default)]
    pub(super) rules: BTreeMap<Spanned<String>, RuleLevel>,
    /// Whether `[[links]]` inside `%%comments%%` count (LINK-RESOLUTION rule 3
    /// leaves Obsidian's behaviour unverified, so it is a setting).
    pub(super) comment_links: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawReadiness {
    pub(super) entry: Option<Spanned<String>>,
    pub(super) exit: Option<Spanned<String>>,
    pub(super) gate: Option<Spanned<String>>,
    /// Status characters that count as done (default `xX`).
    pub(super) done: Option<Spanned<String>>,
    /// Status characters that count as open (default a space).
    pub(super) open: Option<Spanned<String>>,
    /// Status characters of tasks that no longer apply (default `-`).
    pub(super) cancelled: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawSite {
    pub(super) templates: Option<PathBuf>,
    pub(super) base_url: Option<String>,
    pub(super) site_url: Option<String>,
    pub(super) allow_raw_html: Option<bool>,
    /// Obsidian's "Strict line breaks"; unset: as the vault's
    /// `.obsidian/app.json` says (off when it says nothing).
    pub(super) strict_line_breaks: Option<bool>,
    /// How many commits the readiness page's history chart reads at most.
    pub(super) readiness_history: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawPhases {
    /// `folder` (default) or `key:NAME` — how phase documents group into workflows.
    pub(super) workflow: Option<String>,
    /// Leave unresolved `artifacts` entries to `missing-artifact` alone.
    pub(super) planned_artifacts: Option<bool>,
}
