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
    /// mdBook's renderers: `[output.html]` for the keys phasebook shares
    /// with it; any other renderer (`[output.NAME]`) is accepted, not used.
    #[serde(default)]
    #[schemars(with = "OutputSchema")]
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) output: RawOutput,
    /// mdBook's `[rust]` (the edition of Rust code blocks): accepted, not
    /// used (phasebook neither runs nor tests code blocks).
    #[schemars(with = "Option<AnyTable>")]
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) rust: Option<toml::Table>,
    /// mdBook's `[preprocessor.NAME]` tables: accepted, not used
    /// (phasebook runs no preprocessor).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, AnyTable>")]
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) preprocessor: BTreeMap<String, toml::Table>,
}

/// A table of mdBook's whose keys phasebook does not read: any keys, any
/// values.
type AnyTable = BTreeMap<String, serde_json::Value>;

/// mdBook's output tables: `[output.html]`, read with its keys checked,
/// and any other renderer's table, accepted whole and not used. By hand,
/// since serde's `flatten` would lose the spans `[output.html]`'s errors
/// point at.
#[derive(Debug, Default)]
pub(super) struct RawOutput {
    pub(super) html: RawOutputHtml,
    /// `[output.NAME]` of another renderer (epub, pdf, linkcheck…).
    pub(super) others: BTreeMap<String, toml::Value>,
}

impl<'de> Deserialize<'de> for RawOutput {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Tables;
        impl<'de> serde::de::Visitor<'de> for Tables {
            type Value = RawOutput;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a table of renderers, such as [output.html]")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RawOutput, A::Error> {
                let mut output = RawOutput::default();
                while let Some(name) = map.next_key::<String>()? {
                    if name == "html" {
                        output.html = map.next_value()?;
                    } else {
                        output.others.insert(name, map.next_value()?);
                    }
                }
                Ok(output)
            }
        }
        deserializer.deserialize_map(Tables)
    }
}

/// mdBook's renderers: `[output.html]`, whose keys phasebook shares in
/// part, and any other renderer's table, accepted, not used.
// The schema of `[output]`: `html` closed over its keys, any other
// renderer's table open.
#[derive(JsonSchema)]
#[schemars(rename = "Output")]
#[allow(dead_code)]
struct OutputSchema {
    /// mdBook's HTML renderer: the keys phasebook shares with it are used
    /// with mdBook's meaning, the others accepted, not used.
    #[serde(default)]
    html: RawOutputHtml,
    /// Another renderer of mdBook's (`[output.epub]`, `[output.linkcheck]`…):
    /// accepted, not used.
    #[serde(flatten)]
    others: BTreeMap<String, AnyTable>,
}

/// `[output.html]`: mdBook's HTML renderer. The keys phasebook can honour
/// with mdBook's meaning are used; the rest are accepted, each with one
/// warning, so an mdBook book builds as it is (docs/mdbook.md).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "OutputHtml")]
pub(super) struct RawOutputHtml {
    /// mdBook's "Suggest an edit" link: `{path}` is the note's path in the
    /// repository (the vault folder, then the note).
    pub(super) edit_url_template: Option<String>,
    /// Where the site is served, as mdBook has it (e.g. `/handbook/`): the
    /// links of the 404 page start there. `[site] base-url` wins when both
    /// are set.
    #[schemars(with = "Option<String>")]
    pub(super) site_url: Option<Spanned<String>>,
    /// The book's repository (`https://…`): a link in every page's header.
    #[schemars(with = "Option<String>")]
    pub(super) git_repository_url: Option<Spanned<String>>,
    /// Style sheets (paths relative to this file) copied into the site and
    /// linked after the theme's own, on every page.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub(super) additional_css: Vec<Spanned<String>>,
    /// Scripts (paths relative to this file) copied into the site and
    /// loaded after the theme's own, on every page.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub(super) additional_js: Vec<Spanned<String>>,
    /// With SUMMARY.md: leave out the chapter numbers ("1.", "2.1.") the
    /// sidebar shows before numbered chapters (default false).
    pub(super) no_section_label: Option<bool>,
    /// mdBook's theme folder: accepted, not used (`[site] templates` is
    /// phasebook's own theme folder).
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) theme: Option<PathBuf>,
    /// mdBook's default colour theme: accepted, not used.
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) default_theme: Option<String>,
    /// mdBook's dark colour theme: accepted, not used.
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) preferred_dark_theme: Option<String>,
    /// mdBook's smart punctuation: accepted, not used.
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) smart_punctuation: Option<bool>,
    /// mdBook's former name of `smart-punctuation`: accepted, not used.
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) curly_quotes: Option<bool>,
    /// mdBook's definition lists: accepted, not used.
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) definition_lists: Option<bool>,
    /// mdBook's admonitions: accepted, not used (Obsidian callouts are
    /// rendered either way).
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) admonitions: Option<bool>,
    /// mdBook's MathJax: accepted, not used (`$…$` math is rendered as
    /// MathML either way).
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) mathjax_support: Option<bool>,
    /// mdBook's font files: accepted, not used.
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) copy_fonts: Option<bool>,
    /// mdBook's repository icon: accepted, not used.
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) git_repository_icon: Option<String>,
    /// mdBook's 404 page source: accepted, not used (phasebook writes its
    /// own 404.html).
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) input_404: Option<String>,
    /// mdBook's CNAME file: accepted, not used.
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) cname: Option<String>,
    /// mdBook's hashed asset names: accepted, not used.
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) hash_files: Option<bool>,
    /// mdBook's headings in the sidebar: accepted, not used.
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) sidebar_header_nav: Option<bool>,
    /// mdBook's internal live-reload endpoint: accepted, not used.
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) live_reload_endpoint: Option<String>,
    /// mdBook's `[output.html.print]`: accepted, not used.
    #[schemars(with = "Option<AnyTable>")]
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) print: Option<toml::Table>,
    /// mdBook's `[output.html.search]`: accepted, not used (phasebook's
    /// search has no settings).
    #[schemars(with = "Option<AnyTable>")]
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) search: Option<toml::Table>,
    /// mdBook's `[output.html.fold]`: accepted, not used.
    #[schemars(with = "Option<AnyTable>")]
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) fold: Option<toml::Table>,
    /// mdBook's `[output.html.playground]` (formerly `playpen`): accepted,
    /// not used.
    #[schemars(with = "Option<AnyTable>")]
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) playground: Option<toml::Table>,
    /// mdBook's former name of `[output.html.playground]`: accepted, not
    /// used.
    #[schemars(with = "Option<AnyTable>")]
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) playpen: Option<toml::Table>,
    /// mdBook's `[output.html.code]`: accepted, not used.
    #[schemars(with = "Option<AnyTable>")]
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) code: Option<toml::Table>,
    /// mdBook's `[output.html.redirect]`: accepted, not used.
    #[schemars(with = "Option<AnyTable>")]
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) redirect: Option<toml::Table>,
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
    /// The vault folder, relative to this file (default `vault`; mdBook's
    /// default is `src`, so an mdBook book sets it).
    pub(super) src: Option<PathBuf>,
    /// The pages' `<html lang>`, e.g. `en`.
    pub(super) language: Option<String>,
    /// mdBook's text direction (`ltr`, `rtl`): accepted, not used.
    #[serde(rename = "text-direction")]
    #[schemars(extend("enum" = ["ltr", "rtl"]))]
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) text_direction: Option<String>,
    /// mdBook's former multilingual flag: accepted, not used.
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) multilingual: Option<bool>,
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
    /// mdBook's creation of SUMMARY.md's missing chapters: accepted, not
    /// used (phasebook never writes into the vault when it builds).
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) create_missing: Option<bool>,
    /// mdBook's default preprocessors: accepted, not used.
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) use_default_preprocessors: Option<bool>,
    /// mdBook's extra folders `mdbook serve` watches: accepted, not used.
    #[allow(dead_code)] // accepted, never read: `mdbook.rs` warns of it
    pub(super) extra_watch_dirs: Option<Vec<PathBuf>>,
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
