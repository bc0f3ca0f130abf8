//! Reading `book.toml` into a [`Config`]: where the file is, what each
//! table means, and an error naming the file, line and column of any value
//! that is wrong.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use globset::{Glob, GlobSetBuilder};
use toml::Spanned;

use super::raw::{RawBuild, RawConfig, RawLint, RawReadiness};
use super::types::*;
use crate::span::LineIndex;

/// The name of the configuration file, looked up in the working folder and
/// its ancestors.
pub const CONFIG_FILE: &str = "book.toml";

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
            title_given: false,
            index: None,
            authors: Vec::new(),
            description: None,
            language: "en".to_string(),
            build_dir: cwd.join("site"),
            cache_dir: None,
            vault_dir,
            lint: LintConfig::default(),
            readiness: ReadinessConfig::default(),
            site: SiteConfig {
                base_url: "/".to_string(),
                readiness_history: super::types::READINESS_HISTORY,
                ..SiteConfig::default()
            },
            publish: PublishConfig::default(),
            workflow: WorkflowGrouping::Folder,
            planned_artifacts: false,
            warnings: Vec::new(),
        })
    }

    /// Resolve the configuration the way every command does: `--config`
    /// names the file; else `--vault` alone means defaults; else `book.toml`
    /// is looked up in `cwd` and its ancestors.
    pub fn load(request: &ConfigRequest, cwd: &Path) -> Result<Config> {
        let file = match (&request.config, &request.vault) {
            // `--config DIR` means the book.toml in DIR, as mdBook takes
            // a book's folder.
            (Some(file), _) => {
                let file = absolute(cwd, file);
                Some(if file.is_dir() {
                    file.join(CONFIG_FILE)
                } else {
                    file
                })
            }
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
        config.check_additional_files()?;
        Ok(config)
    }

    /// `[output.html] additional-css` and `additional-js` name files that
    /// are there (the site copies them), checked where the vault folder is,
    /// when a command loads the configuration: `from_toml` reads text only.
    pub(crate) fn check_additional_files(&self) -> Result<()> {
        let site = &self.site;
        match site
            .additional_css
            .iter()
            .chain(&site.additional_js)
            .find(|f| !f.source.is_file())
        {
            Some(missing) => bail!("{}: no such file", missing.place),
            None => Ok(()),
        }
    }

    /// Read and validate one `book.toml`.
    pub(crate) fn from_file(path: &Path) -> Result<Config> {
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

        let lint = lint_config(raw.lint, path, &at)?;
        let readiness = readiness_config(raw.readiness, path, &at)?;
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
        let publish = publish_config(&raw.build, &at)?;

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
        let edit_prefix = edit_prefix(&root, &vault_dir);
        let html = html_config(&raw.output.html, &root, &at)?;
        let warnings = super::mdbook::unused_keys(text)
            .into_iter()
            .map(|(offset, message)| {
                let offset = super::mdbook::warning_offset(text, offset);
                format!("{}: {message}", at(offset..offset))
            })
            .collect();
        Ok(Config {
            title_given: raw.book.title.is_some(),
            title: raw.book.title.unwrap_or_else(|| "Handbook".to_string()),
            index: raw.book.index.map(|index| {
                let place = format!("{}: [book] index", at(index.span()));
                (index.into_inner(), place)
            }),
            authors: raw.book.authors,
            description: raw.book.description,
            language: raw.book.language.unwrap_or_else(|| "en".to_string()),
            build_dir,
            cache_dir: None,
            vault_dir,
            lint,
            readiness,
            site: SiteConfig {
                templates: raw.site.templates.map(|t| root.join(t)),
                // Unset, the path of site-url: a site published at
                // https://example.com/handbook/ serves its 404 page under
                // /handbook/ at any depth, and its links must start there.
                // mdBook's `[output.html] site-url` is the same setting.
                base_url: raw.site.base_url.or(html.base_url).unwrap_or_else(|| {
                    raw.site
                        .site_url
                        .as_deref()
                        .map_or_else(|| "/".to_string(), url_path)
                }),
                site_url: raw.site.site_url,
                allow_raw_html: raw.site.allow_raw_html.unwrap_or(false),
                strict_line_breaks: raw.site.strict_line_breaks,
                readiness_history: raw
                    .site
                    .readiness_history
                    .unwrap_or(super::types::READINESS_HISTORY),
                edit_url_template: raw.output.html.edit_url_template,
                edit_prefix,
                git_repository_url: html.git_repository_url,
                additional_css: html.additional_css,
                additional_js: html.additional_js,
                no_section_label: raw.output.html.no_section_label.unwrap_or(false),
            },
            publish,
            workflow,
            planned_artifacts: raw.phases.planned_artifacts.unwrap_or(false),
            warnings,
            file: Some(path.to_path_buf()),
            root,
        })
    }
}

/// What phasebook takes from mdBook's `[output.html]`, checked.
struct HtmlConfig {
    base_url: Option<String>,
    git_repository_url: Option<String>,
    additional_css: Vec<AdditionalFile>,
    additional_js: Vec<AdditionalFile>,
}

/// mdBook's `[output.html]` keys that phasebook uses, with mdBook's
/// meaning: `site-url` (where the site is served: a path, or a URL whose
/// path is taken), `git-repository-url` (a web address: it becomes a link),
/// `additional-css` and `additional-js` (files below `root`, each checked
/// to exist: they are copied into the site).
fn html_config(raw: &super::raw::RawOutputHtml, root: &Path, at: &At<'_>) -> Result<HtmlConfig> {
    let base_url = raw.site_url.as_ref().map(|url| {
        let url = url.get_ref();
        if url.contains("://") {
            url_path(url)
        } else {
            format!("/{}/", url.trim_matches('/')).replace("//", "/")
        }
    });
    let git_repository_url = match &raw.git_repository_url {
        Some(url)
            if !(url.get_ref().starts_with("https://") || url.get_ref().starts_with("http://")) =>
        {
            bail!(
                "{}: [output.html] git-repository-url must be an http:// or https:// address, not {:?}",
                at(url.span()),
                url.get_ref()
            )
        }
        other => other.as_ref().map(|u| u.get_ref().clone()),
    };
    let files = |key: &str, values: &[Spanned<String>]| -> Result<Vec<AdditionalFile>> {
        values
            .iter()
            .map(|value| additional_file(key, value, root, at))
            .collect()
    };
    Ok(HtmlConfig {
        base_url,
        git_repository_url,
        additional_css: files("additional-css", &raw.additional_css)?,
        additional_js: files("additional-js", &raw.additional_js)?,
    })
}

/// One `additional-css`/`additional-js` entry: a file below `root`. The
/// pages' Content-Security-Policy lets them load the site's own files
/// only, so a URL (or a file outside the book, whose place in the site
/// could not mirror its path) is an error rather than a link that would
/// not load.
fn additional_file(
    key: &str,
    value: &Spanned<String>,
    root: &Path,
    at: &At<'_>,
) -> Result<AdditionalFile> {
    let written = value.get_ref();
    let wrong = |why: &str| {
        anyhow!(
            "{}: [output.html] {key}: {written:?} {why}",
            at(value.span())
        )
    };
    if written.contains("://") || written.starts_with("//") || written.contains(':') {
        return Err(wrong(
            "is not a file: the pages' Content-Security-Policy loads the site's own files only, so name a file below book.toml's folder",
        ));
    }
    let source = absolute(root, Path::new(written));
    let Ok(rel) = source.strip_prefix(absolute(Path::new("/"), root)) else {
        return Err(wrong("is outside book.toml's folder"));
    };
    let path = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    Ok(AdditionalFile {
        source,
        path,
        place: format!("{}: [output.html] {key}: {written:?}", at(value.span())),
    })
}

/// The path of an absolute URL, with a trailing `/`: `/handbook/` of
/// `https://example.com/handbook`; `/` when it has none.
fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |at| &after_scheme[at..]);
    let path = path.split(['?', '#']).next().unwrap_or("");
    format!("/{}/", path.trim_matches('/')).replace("//", "/")
}

/// The vault folder's path from `root` with `/` separators and a trailing
/// `/` (empty when the vault is `root`, or not below it).
fn edit_prefix(root: &Path, vault_dir: &Path) -> String {
    let Ok(rel) = vault_dir.strip_prefix(root) else {
        return String::new();
    };
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("{}/", parts.join("/"))
    }
}

/// `book.toml:LINE:COLUMN` of a value, as toml's own errors have it.
type At<'a> = dyn Fn(std::ops::Range<usize>) -> String + 'a;

/// `[lint]`: the ignore globs, compiled, and the rule levels with where
/// each name is written. Names are checked against the registry where the
/// rules live (`lint::check_rule_names`); configuration is plain data.
fn lint_config(raw: RawLint, path: &Path, at: &At<'_>) -> Result<LintConfig> {
    let mut ignore_set = GlobSetBuilder::new();
    for pattern in &raw.ignore {
        let glob = Glob::new(pattern).map_err(|err| {
            anyhow!(
                "{}: [lint] ignore: bad glob {pattern:?}: {err}",
                path.display()
            )
        })?;
        ignore_set.add(glob);
    }
    let mut rules = BTreeMap::new();
    let mut rule_places = BTreeMap::new();
    for (name, level) in raw.rules {
        rule_places.insert(name.get_ref().clone(), at(name.span()));
        rules.insert(name.into_inner(), level);
    }

    Ok(LintConfig {
        ignore: raw.ignore,
        ignore_set: ignore_set
            .build()
            .map_err(|err| anyhow!("{}: [lint] ignore: {err}", path.display()))?,
        rules,
        rule_places,
        comment_links: raw.comment_links.unwrap_or(false),
    })
}

/// `[readiness]`: the heading patterns and the status characters, which
/// may not overlap.
fn readiness_config(raw: RawReadiness, path: &Path, at: &At<'_>) -> Result<ReadinessConfig> {
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
    // Where a clash of the sets is reported: `open` (or `done`, or
    // `cancelled`, when only it was set).
    let status_span = [&raw.open, &raw.done, &raw.cancelled]
        .into_iter()
        .flatten()
        .map(|chars| chars.span())
        .next();
    let readiness = ReadinessConfig {
        entry: pattern(raw.entry, "entry", DEFAULT_ENTRY)?,
        exit: pattern(raw.exit, "exit", DEFAULT_EXIT)?,
        gate: pattern(raw.gate, "gate", DEFAULT_GATE)?,
        done: status_chars(raw.done, "done", "xX", at)?,
        open: status_chars(raw.open, "open", " ", at)?,
        // May be empty: a team that counts `[-]` as open work says so.
        cancelled: raw
            .cancelled
            .map_or_else(|| "-".to_string(), Spanned::into_inner),
    };
    let place = || status_span.map_or_else(|| path.display().to_string(), at);
    if let Some(both) = readiness.done.chars().find(|c| readiness.open.contains(*c)) {
        bail!(
            "{}: [readiness] {both:?} is both a done and an open status character",
            place()
        );
    }
    if let Some(both) = readiness
        .cancelled
        .chars()
        .find(|c| readiness.done.contains(*c) || readiness.open.contains(*c))
    {
        bail!(
            "{}: [readiness] {both:?} is both a cancelled and a done or open status character",
            place()
        );
    }
    Ok(readiness)
}

/// `[build]`'s publication settings: exclude patterns (with their places),
/// publish mode, which symlinks to follow.
fn publish_config(raw: &RawBuild, at: &At<'_>) -> Result<PublishConfig> {
    Ok(PublishConfig {
        exclude: raw
            .exclude
            .iter()
            .map(|p| ExcludePattern {
                pattern: p.get_ref().clone(),
                place: at(p.span()),
            })
            .collect(),
        mode: match &raw.publish {
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
        follow_all_symlinks: match &raw.follow_symlinks {
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
        html_attachments: raw.html_attachments.unwrap_or(false),
    })
}

/// Why `dir` cannot be the vault: missing, or not a folder. An mdBook
/// book that leaves `[book] src` to mdBook's default (`src`) is told so:
/// phasebook's default is `vault`.
fn missing_vault(dir: &Path) -> String {
    if dir.exists() {
        format!("vault {} is not a folder", dir.display())
    } else if dir.ends_with("vault") && dir.with_file_name("src").join("SUMMARY.md").is_file() {
        format!(
            "vault folder {} does not exist; this looks like an mdBook book: set `src = \"src\"` in [book] (mdBook's default, phasebook's is `vault`)",
            dir.display()
        )
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
    fn base_url_defaults_to_the_path_of_site_url() {
        assert_eq!(url_path("https://example.com/handbook/"), "/handbook/");
        assert_eq!(url_path("https://example.com/a/b?x=1"), "/a/b/");
        assert_eq!(url_path("https://example.com"), "/");
        assert_eq!(url_path("https://example.com/"), "/");
        let config = parse("[site]\nsite-url = \"https://example.com/docs\"\n").unwrap();
        assert_eq!(config.site.base_url, "/docs/");
        let config =
            parse("[site]\nsite-url = \"https://example.com/docs\"\nbase-url = \"/x/\"\n").unwrap();
        assert_eq!(config.site.base_url, "/x/");
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
    fn mdbook_keys_are_accepted_with_a_warning_each_and_typos_still_fail() {
        let text = "[book]\ntitle = \"H\"\nmultilingual = false\ntext-direction = \"rtl\"\n\
                    [preprocessor.katex]\nafter = [\"links\"]\n\
                    [output.html]\nmathjax-support = true\n\
                    [output.html.playground]\neditable = true\n\
                    [output.linkcheck]\noptional = true\n";
        let config = parse(text).unwrap();
        assert_eq!(
            config.warnings,
            [
                "/proj/book.toml:3:1: [book] multilingual is mdBook's and not used by phasebook",
                "/proj/book.toml:4:1: [book] text-direction is mdBook's and not used by phasebook",
                "/proj/book.toml:5:1: [preprocessor.katex] is mdBook's and not used by phasebook",
                "/proj/book.toml:8:1: [output.html] mathjax-support is mdBook's and not used by phasebook",
                "/proj/book.toml:9:1: [output.html.playground] is mdBook's and not used by phasebook",
                "/proj/book.toml:11:1: [output.linkcheck] is mdBook's and not used by phasebook",
            ]
        );
        assert!(
            parse("[book]\ntitle = \"H\"\n")
                .unwrap()
                .warnings
                .is_empty()
        );
        for (typo, key) in [
            ("[output.html]\nadditonal-css = []\n", "additonal-css"),
            ("[output.html.playgrond]\neditable = true\n", "playgrond"),
            ("[book]\nmultilingal = true\n", "multilingal"),
            ("[preprocesor.katex]\n", "preprocesor"),
            ("[build]\ncreate-mising = true\n", "create-mising"),
        ] {
            let err = parse(typo).unwrap_err().to_string();
            assert!(
                err.contains(key) && err.contains("unknown field"),
                "{typo}: {err}"
            );
        }
    }

    #[test]
    fn mdbook_html_keys_phasebook_uses() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("theme")).unwrap();
        std::fs::write(dir.path().join("theme/custom.css"), "a{}").unwrap();
        let book = dir.path().join("book.toml");
        let load = |text: &str| Config::from_toml(text, &book);
        let config = load(
            "[output.html]\nsite-url = \"/guide\"\nadditional-css = [\"./theme/custom.css\"]\n\
             git-repository-url = \"https://example.com/r\"\nno-section-label = true\n",
        )
        .unwrap();
        assert_eq!(config.site.base_url, "/guide/");
        assert_eq!(config.site.additional_css[0].path, "theme/custom.css");
        assert_eq!(
            config.site.git_repository_url.as_deref(),
            Some("https://example.com/r")
        );
        assert!(config.site.no_section_label);
        assert!(config.warnings.is_empty());
        // [site] base-url wins.
        let config =
            load("[site]\nbase-url = \"/x/\"\n[output.html]\nsite-url = \"/guide/\"\n").unwrap();
        assert_eq!(config.site.base_url, "/x/");
        let missing = load("[output.html]\nadditional-js = [\"theme/missing.js\"]\n").unwrap();
        let err = missing.check_additional_files().unwrap_err().to_string();
        assert!(
            err.ends_with(
                "book.toml:2:18: [output.html] additional-js: \"theme/missing.js\": no such file"
            ),
            "{err}"
        );
        assert!(config.check_additional_files().is_ok());
        for (value, why) in [
            (
                "\"https://cdn.example.com/x.css\"",
                "Content-Security-Policy",
            ),
            ("\"../outside.css\"", "outside book.toml's folder"),
        ] {
            let err = load(&format!("[output.html]\nadditional-css = [{value}]\n"))
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("book.toml:2:19: [output.html] additional-css"),
                "{err}"
            );
            assert!(err.contains(why), "{value}: {err}");
        }
        let err = load("[output.html]\ngit-repository-url = \"javascript:alert(1)\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("must be an http:// or https:// address"),
            "{err}"
        );
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
        assert_eq!(config.readiness.cancelled, "-", "the default");
        let err = parse("[readiness]\ncancelled = \"-x\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("book.toml:2:13: [readiness] 'x' is both a cancelled"),
            "{err}"
        );
        let none = parse("[readiness]\ncancelled = \"\"\n").unwrap();
        assert_eq!(none.readiness.cancelled, "", "a team may count [-] open");
    }

    #[test]
    fn ignore_globs_match_vault_paths() {
        let config = parse("[lint]\nignore = [\"templates/**\"]\n").unwrap();
        assert!(config.lint.is_ignored("templates/phase.md"));
        assert!(!config.lint.is_ignored("guides/phase.md"));
    }
}
