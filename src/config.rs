//! `book.toml` → [`Config`].
//!
//! The file uses mdBook's keys where the two tools overlap (`[book] title,
//! authors, src`, `[build] build-dir`) so a team moving from mdBook keeps its
//! file, and phasebook's own tables beside them. Every table denies unknown
//! keys: a typo such as `[lint] ignroe` is an error that names the key and its
//! line, never a silently ignored setting.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::span::LineIndex;

/// The name of the configuration file, looked up in the working folder and
/// its ancestors.
pub const CONFIG_FILE: &str = "book.toml";

/// How much a rule matters, as set in `[lint.rules]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
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

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    book: RawBook,
    #[serde(default)]
    build: RawBuild,
    #[serde(default)]
    lint: RawLint,
    #[serde(default)]
    readiness: RawReadiness,
    #[serde(default)]
    site: RawSite,
    #[serde(default)]
    phases: RawPhases,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBook {
    title: Option<String>,
    #[serde(default)]
    authors: Vec<String>,
    description: Option<String>,
    src: Option<PathBuf>,
    language: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawBuild {
    build_dir: Option<Spanned<PathBuf>>,
    /// Paths left out of the site, in gitignore syntax (vault-relative).
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    /// `all` (default) or `opt-in` (only notes with `publish: true`).
    publish: Option<Spanned<String>>,
    /// `inside` (default: symlinks whose target is in the vault) or `all`.
    follow_symlinks: Option<Spanned<String>>,
    /// Publish HTML (and XML) attachments as they are.
    html_attachments: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLint {
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, RuleLevel>,
    /// Whether `[[links]]` inside `%%comments%%` count (LINK-RESOLUTION rule 3
    /// leaves Obsidian's behaviour unverified, so it is a setting).
    comment_links: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawReadiness {
    entry: Option<Spanned<String>>,
    exit: Option<Spanned<String>>,
    gate: Option<Spanned<String>>,
    /// Status characters that count as done (default `xX`).
    done: Option<Spanned<String>>,
    /// Status characters that count as open (default a space).
    open: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSite {
    templates: Option<PathBuf>,
    base_url: Option<String>,
    site_url: Option<String>,
    allow_raw_html: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPhases {
    /// `folder` (default) or `key:NAME` — how phase documents group into workflows.
    workflow: Option<String>,
    /// Leave unresolved `artifacts` entries to `missing-artifact` alone.
    planned_artifacts: Option<bool>,
}

/// Linter settings.
#[derive(Debug, Clone)]
pub struct LintConfig {
    /// Globs (vault-relative) of notes that are indexed as link targets but
    /// not reported on — templates hold placeholder links on purpose.
    pub ignore: Vec<String>,
    ignore_set: GlobSet,
    /// Level overrides by rule name (validated against the registry).
    pub rules: BTreeMap<String, RuleLevel>,
    pub comment_links: bool,
}

impl LintConfig {
    /// Whether `[lint] ignore` leaves `vault_path` out of the report. Read
    /// once, by the vault model ([`crate::vault::Vault::is_linted`]), which
    /// every consumer asks.
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
    pub done: String,
    pub open: String,
}

impl Default for ReadinessConfig {
    fn default() -> Self {
        ReadinessConfig {
            entry: regex::Regex::new(DEFAULT_ENTRY).expect("valid default pattern"),
            exit: regex::Regex::new(DEFAULT_EXIT).expect("valid default pattern"),
            gate: regex::Regex::new(DEFAULT_GATE).expect("valid default pattern"),
            done: "xX".to_string(),
            open: " ".to_string(),
        }
    }
}

const DEFAULT_ENTRY: &str = r"(?i)\bentry criteria\b";
const DEFAULT_EXIT: &str = r"(?i)\bexit criteria\b";
/// "Gate" or "Gates" as a word anywhere in the heading ("Production
/// Readiness Gate", "Quality Gates", "Gate review"), but not inside another
/// word: DESIGN.md's bare `gate` would make "Mitigate" and "Investigate"
/// sections gates.
const DEFAULT_GATE: &str = r"(?i)\bgates?\b";

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
}

/// The resolved configuration: every path absolute, every pattern compiled.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder relative paths in the config are resolved against.
    pub root: PathBuf,
    /// The `book.toml` this came from, if any.
    pub file: Option<PathBuf>,
    pub title: String,
    pub authors: Vec<String>,
    pub description: Option<String>,
    pub language: String,
    /// The vault's root folder (absolute).
    pub vault_dir: PathBuf,
    /// Where `build` writes the site (absolute).
    pub build_dir: PathBuf,
    pub lint: LintConfig,
    pub readiness: ReadinessConfig,
    pub site: SiteConfig,
    /// What the site may publish, and which ignore files the walk reads.
    pub publish: PublishConfig,
    pub workflow: WorkflowGrouping,
    /// `[phases] planned-artifacts`: an `artifacts` entry with no note is a
    /// planned artifact (`missing-artifact`), not a `broken-link`.
    pub planned_artifacts: bool,
}

/// Where the configuration comes from, as the command line says.
#[derive(Debug, Clone, Default)]
pub struct ConfigRequest {
    pub config: Option<PathBuf>,
    pub vault: Option<PathBuf>,
}

impl Config {
    /// Defaults for a bare folder of notes (`--vault DIR` with no `book.toml`).
    pub fn for_vault(vault_dir: &Path, cwd: &Path) -> Result<Config> {
        let vault_dir = absolute(cwd, vault_dir);
        if !vault_dir.is_dir() {
            bail!("{}", missing_vault(&vault_dir));
        }
        Ok(Config {
            root: cwd.to_path_buf(),
            file: None,
            title: vault_dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "Handbook".to_string()),
            authors: Vec::new(),
            description: None,
            language: "en".to_string(),
            build_dir: cwd.join("site"),
            vault_dir,
            lint: LintConfig::default(),
            readiness: ReadinessConfig::default(),
            site: SiteConfig {
                base_url: "/".to_string(),
                ..SiteConfig::default()
            },
            publish: PublishConfig::default(),
            workflow: WorkflowGrouping::Folder,
            planned_artifacts: false,
        })
    }

    /// Resolve the configuration the way every command does: `--config`
    /// names the file; else `--vault` alone means defaults; else `book.toml`
    /// is looked up in `cwd` and its ancestors.
    pub fn load(request: &ConfigRequest, cwd: &Path) -> Result<Config> {
        let file = match (&request.config, &request.vault) {
            (Some(file), _) => Some(absolute(cwd, file)),
            (None, Some(_)) => None,
            (None, None) => Some(find_config(cwd).ok_or_else(|| {
                anyhow!(
                    "no {CONFIG_FILE} in {} or any parent folder; pass --config PATH, or --vault DIR for a folder of notes",
                    cwd.display()
                )
            })?),
        };
        let mut config = match file {
            Some(file) => Config::from_file(&file)?,
            None => Config::for_vault(request.vault.as_deref().unwrap_or(cwd), cwd)?,
        };
        if let (Some(vault), Some(_)) = (&request.vault, &request.config) {
            config.vault_dir = absolute(cwd, vault);
        }
        if !config.vault_dir.is_dir() {
            bail!("{}", missing_vault(&config.vault_dir));
        }
        Ok(config)
    }

    /// Read and validate one `book.toml`.
    pub fn from_file(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        Config::from_toml(&text, path)
    }

    /// Parse `text` as the `book.toml` at `path` (used for error messages and
    /// to resolve relative paths).
    pub fn from_toml(text: &str, path: &Path) -> Result<Config> {
        // One line (`book.toml:4:1: unknown field …`), not toml's snippet.
        let raw: RawConfig = toml::from_str(text).map_err(|err| {
            let at = err.span().map(|span| {
                let at = LineIndex::new(text).position(text, span.start);
                format!(":{}:{}", at.line, at.column)
            });
            anyhow!(
                "{}{}: {}",
                path.display(),
                at.unwrap_or_default(),
                err.message()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        })?;
        let root = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        // `book.toml:LINE:COLUMN` of a value, as toml's own errors have it.
        let at = |span: std::ops::Range<usize>| {
            let at = LineIndex::new(text).position(text, span.start);
            format!("{}:{}:{}", path.display(), at.line, at.column)
        };

        let mut ignore_set = GlobSetBuilder::new();
        for pattern in &raw.lint.ignore {
            let glob = Glob::new(pattern).map_err(|err| {
                anyhow!(
                    "{}: [lint] ignore: bad glob {pattern:?}: {err}",
                    path.display()
                )
            })?;
            ignore_set.add(glob);
        }
        let mut rules = BTreeMap::new();
        let known = crate::lint::rule_names();
        for (name, level) in raw.lint.rules {
            if !known.contains(&name.get_ref().as_str()) {
                let hint = crate::suggest::closest(name.get_ref(), known.iter().copied())
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                bail!(
                    "{}: unknown rule `{}` in [lint.rules]{hint}; `phasebook rules` lists them",
                    at(name.span()),
                    name.get_ref()
                );
            }
            rules.insert(name.into_inner(), level);
        }

        let pattern =
            |value: Option<Spanned<String>>, key: &str, default: &str| -> Result<regex::Regex> {
                match value {
                    None => Ok(regex::Regex::new(default).expect("valid default pattern")),
                    Some(value) => regex::Regex::new(value.get_ref()).map_err(|err| {
                        // The regex crate draws the pattern with a caret
                        // under it; one line keeps every config error alike.
                        let reason = err.to_string();
                        let reason = reason
                            .lines()
                            .rev()
                            .find_map(|line| line.strip_prefix("error: "))
                            .unwrap_or(reason.trim());
                        anyhow!(
                            "{}: [readiness] {key}: bad pattern `{}`: {reason}",
                            at(value.span()),
                            value.get_ref()
                        )
                    }),
                }
            };
        // Where a clash of the two sets is reported: `open` (or `done` when
        // only it was set).
        let status_span = [&raw.readiness.open, &raw.readiness.done]
            .into_iter()
            .flatten()
            .map(|chars| chars.span())
            .next();
        let readiness = ReadinessConfig {
            entry: pattern(raw.readiness.entry, "entry", DEFAULT_ENTRY)?,
            exit: pattern(raw.readiness.exit, "exit", DEFAULT_EXIT)?,
            gate: pattern(raw.readiness.gate, "gate", DEFAULT_GATE)?,
            done: status_chars(raw.readiness.done, "done", "xX", &at)?,
            open: status_chars(raw.readiness.open, "open", " ", &at)?,
        };
        if let Some(both) = readiness.done.chars().find(|c| readiness.open.contains(*c)) {
            let place = status_span.map_or_else(|| path.display().to_string(), at);
            bail!("{place}: [readiness] {both:?} is both a done and an open status character");
        }
        let workflow = match raw.phases.workflow.as_deref() {
            None | Some("folder") => WorkflowGrouping::Folder,
            Some(other) => match other.strip_prefix("key:") {
                Some(key) if !key.is_empty() => WorkflowGrouping::Key(key.to_string()),
                _ => bail!(
                    "{}: [phases] workflow must be \"folder\" or \"key:NAME\", not {other:?}",
                    path.display()
                ),
            },
        };

        let publish = PublishConfig {
            exclude: raw
                .build
                .exclude
                .iter()
                .map(|p| ExcludePattern {
                    pattern: p.get_ref().clone(),
                    place: at(p.span()),
                })
                .collect(),
            mode: match raw.build.publish {
                None => PublishMode::All,
                Some(mode) => match mode.get_ref().as_str() {
                    "all" => PublishMode::All,
                    "opt-in" => PublishMode::OptIn,
                    other => bail!(
                        "{}: [build] publish must be \"all\" or \"opt-in\", not {other:?}",
                        at(mode.span())
                    ),
                },
            },
            follow_all_symlinks: match raw.build.follow_symlinks {
                None => false,
                Some(mode) => match mode.get_ref().as_str() {
                    "inside" => false,
                    "all" => true,
                    other => bail!(
                        "{}: [build] follow-symlinks must be \"inside\" or \"all\", not {other:?}",
                        at(mode.span())
                    ),
                },
            },
            ignore_files: true,
            html_attachments: raw.build.html_attachments.unwrap_or(false),
        };

        let vault_dir = root.join(raw.book.src.unwrap_or_else(|| PathBuf::from("vault")));
        let (build_dir, place) = match raw.build.build_dir {
            Some(dir) => {
                let place = format!("{}: [build] build-dir", at(dir.span()));
                (absolute(&root, &dir.into_inner()), place)
            }
            None => (
                root.join("site"),
                format!("{}: the default build folder", path.display()),
            ),
        };
        if let Some(problem) = build_dir_problem(&vault_dir, &build_dir) {
            bail!("{place} {}: {problem}", build_dir.display());
        }
        Ok(Config {
            title: raw.book.title.unwrap_or_else(|| "Handbook".to_string()),
            authors: raw.book.authors,
            description: raw.book.description,
            language: raw.book.language.unwrap_or_else(|| "en".to_string()),
            build_dir,
            vault_dir,
            lint: LintConfig {
                ignore: raw.lint.ignore,
                ignore_set: ignore_set
                    .build()
                    .map_err(|err| anyhow!("{}: [lint] ignore: {err}", path.display()))?,
                rules,
                comment_links: raw.lint.comment_links.unwrap_or(false),
            },
            readiness,
            site: SiteConfig {
                templates: raw.site.templates.map(|t| root.join(t)),
                base_url: raw.site.base_url.unwrap_or_else(|| "/".to_string()),
                site_url: raw.site.site_url,
                allow_raw_html: raw.site.allow_raw_html.unwrap_or(false),
            },
            publish,
            workflow,
            planned_artifacts: raw.phases.planned_artifacts.unwrap_or(false),
            file: Some(path.to_path_buf()),
            root,
        })
    }
}

/// Why `dir` cannot be the vault: missing, or not a folder.
fn missing_vault(dir: &Path) -> String {
    if dir.exists() {
        format!("vault {} is not a folder", dir.display())
    } else {
        format!("vault folder {} does not exist", dir.display())
    }
}

/// Whether `dir` is a folder strictly inside `folder` (both taken as
/// absolute, `.` and `..` folded).
pub fn is_inside(dir: &Path, folder: &Path) -> bool {
    let (dir, folder) = (
        absolute(Path::new("/"), dir),
        absolute(Path::new("/"), folder),
    );
    dir != folder && dir.starts_with(&folder)
}

/// Why `build` must not write to `build`, for a vault at `vault`: the
/// vault folder itself, or a folder holding it, would be replaced by the
/// site, and every command leaves the build folder out of the vault, so
/// `check` would find no notes and pass. A build folder inside the vault
/// (`src = "."`, `build-dir = "site"`) is fine.
pub fn build_dir_problem(vault: &Path, build: &Path) -> Option<&'static str> {
    let (vault, build) = (
        absolute(Path::new("/"), vault),
        absolute(Path::new("/"), build),
    );
    if vault == build {
        Some(
            "is the vault folder; the site needs a folder of its own, such as `site` beside the vault",
        )
    } else if vault.starts_with(&build) {
        Some(
            "holds the vault folder; the site needs a folder of its own, such as `site` beside the vault",
        )
    } else {
        None
    }
}

/// A `[readiness]` set of status characters, or `default`: never empty,
/// since an empty `open` would count every unchecked box as done.
fn status_chars(
    value: Option<Spanned<String>>,
    key: &str,
    default: &str,
    at: &dyn Fn(std::ops::Range<usize>) -> String,
) -> Result<String> {
    match value {
        None => Ok(default.to_string()),
        Some(chars) if chars.get_ref().is_empty() => bail!(
            "{}: [readiness] {key} must list at least one status character",
            at(chars.span())
        ),
        Some(chars) => Ok(chars.into_inner()),
    }
}

/// `book.toml` in `start` or the nearest ancestor that has one.
pub fn find_config(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(CONFIG_FILE))
        .find(|candidate| candidate.is_file())
}

/// `path` made absolute against `cwd`, with `.` and `..` folded lexically.
pub fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::from_toml(text, Path::new("/proj/book.toml"))
    }

    #[test]
    fn default_gate_pattern_takes_the_word_not_a_word_ending_in_it() {
        let gate = ReadinessConfig::default().gate;
        for heading in [
            "Production Readiness Gate",
            "Quality Gates",
            "Gate review checklist",
            "Go/No-Go gate:",
        ] {
            assert!(gate.is_match(heading), "{heading}");
        }
        for heading in [
            "Mitigate Phase",
            "Investigate",
            "Aggregate results",
            "Gatekeepers",
        ] {
            assert!(!gate.is_match(heading), "{heading}");
        }
    }

    #[test]
    fn mdbook_keys_and_defaults() {
        let config =
            parse("[book]\ntitle = \"H\"\nsrc = \"notes\"\n[build]\nbuild-dir = \"out\"\n")
                .unwrap();
        assert_eq!(config.title, "H");
        assert_eq!(config.vault_dir, Path::new("/proj/notes"));
        assert_eq!(config.build_dir, Path::new("/proj/out"));
        assert_eq!(parse("").unwrap().vault_dir, Path::new("/proj/vault"));
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let err = parse("[book]\ntitle = \"H\"\n\n[lint]\nignroe = []\n").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("ignroe"), "{text}");
        assert!(text.contains("book.toml:5:1: unknown field"), "{text}");
        assert!(!text.contains('\n'), "one line: {text}");
    }

    #[test]
    fn unknown_rule_is_named_with_line_and_suggestion() {
        let err = parse("[lint.rules]\nbroken-links = \"off\"\n").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("book.toml:2"), "{text}");
        assert!(text.contains("`broken-link`"), "{text}");
    }

    #[test]
    fn bad_level_and_bad_pattern_are_errors() {
        assert!(parse("[lint.rules]\nbroken-link = \"loud\"\n").is_err());
        for bad in ["1", "true", "\"loud\""] {
            let err = parse(&format!("[lint.rules]\nbroken-link = {bad}\n"))
                .unwrap_err()
                .to_string();
            assert!(
                err.contains(r#"expected a rule level: "off", "warn" or "error""#),
                "{bad}: {err}"
            );
        }
        assert_eq!(
            parse("[lint.rules]\nbroken-link = \"warning\"\n")
                .unwrap()
                .lint
                .rules["broken-link"],
            RuleLevel::Warn
        );
        let err = parse("[readiness]\nentry = \"(\"\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "/proj/book.toml:2:9: [readiness] entry: bad pattern `(`: unclosed group"
        );
    }

    #[test]
    fn a_build_dir_that_is_or_holds_the_vault_is_an_error_at_its_position() {
        for (build_dir, problem) in [
            ("vault", "is the vault folder"),
            ("./vault/", "is the vault folder"),
            (".", "holds the vault folder"),
        ] {
            let text = format!("[book]\nsrc = \"vault\"\n[build]\nbuild-dir = \"{build_dir}\"\n");
            let err = parse(&text).unwrap_err().to_string();
            assert!(err.contains("book.toml:4:13: [build] build-dir"), "{err}");
            assert!(err.contains(problem), "{build_dir}: {err}");
        }
        // The default build folder too, when the vault is named `site`.
        let err = parse("[book]\nsrc = \"site\"\n").unwrap_err().to_string();
        assert_eq!(
            err,
            "/proj/book.toml: the default build folder /proj/site: is the vault folder; \
             the site needs a folder of its own, such as `site` beside the vault"
        );
        // Inside the vault is fine: `src = "."` with the site beside the notes.
        let config = parse("[book]\nsrc = \".\"\n[build]\nbuild-dir = \"site\"\n").unwrap();
        assert_eq!(config.build_dir, Path::new("/proj/site"));
    }

    #[test]
    fn readiness_status_characters_are_never_empty_or_both_done_and_open() {
        let err = parse("[readiness]\nopen = \"\"\n").unwrap_err().to_string();
        assert!(
            err.contains("book.toml:2:8: [readiness] open must list"),
            "{err}"
        );
        let err = parse("[readiness]\ndone = \"\"\n").unwrap_err().to_string();
        assert!(
            err.contains("book.toml:2:8: [readiness] done must list"),
            "{err}"
        );
        let err = parse("[readiness]\ndone = \"x\"\nopen = \" x\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("book.toml:3:8:"), "{err}");
        assert!(err.contains("'x' is both a done and an open"), "{err}");
        let config = parse("[readiness]\ndone = \"x/\"\nopen = \" \"\n").unwrap();
        assert_eq!(
            (
                config.readiness.done.as_str(),
                config.readiness.open.as_str()
            ),
            ("x/", " ")
        );
    }

    #[test]
    fn ignore_globs_match_vault_paths() {
        let config = parse("[lint]\nignore = [\"templates/**\"]\n").unwrap();
        assert!(config.lint.is_ignored("templates/phase.md"));
        assert!(!config.lint.is_ignored("guides/phase.md"));
    }
}
