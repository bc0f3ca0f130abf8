//! The vault's templates and how one is filled, as Obsidian's core
//! Templates plugin does: its folder is `.obsidian/templates.json`'s
//! `folder` (the one the site and `check` leave out), else `templates/` at
//! the vault root; `{{title}}`, `{{date}}`, `{{time}}` and
//! `{{date:FORMAT}}` / `{{time:FORMAT}}` are replaced, anything else in
//! braces (another plugin's, or text) is left as written.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::moment::{self, Now};
use crate::vault::scope::template_folder;

/// A template: its name as `--template` takes it (its path in the template
/// folder without `.md`) and its file.
#[derive(Debug)]
pub(crate) struct Template {
    pub(crate) name: String,
    pub(crate) abs: PathBuf,
    /// Vault-relative, for messages.
    pub(crate) path: String,
}

/// The template folder's vault path and its templates, sorted by name.
pub(crate) fn list(root: &Path) -> Result<(String, Vec<Template>)> {
    let mut problems = Vec::new();
    let configured = template_folder(root, &mut problems);
    for problem in &problems {
        eprintln!("phasebook: warning: {}: {}", problem.path, problem.message);
    }
    let folder = match configured {
        Some(folder) => folder,
        None => default_folder(root).unwrap_or_else(|| "templates".to_string()),
    };
    let dir = root.join(&folder);
    if !dir.is_dir() {
        bail!(
            "the vault has no template folder: {folder}/ does not exist in {} (Obsidian's \
             `.obsidian/templates.json` names the folder; without it, templates/ is used)",
            root.display()
        );
    }
    let mut templates = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).follow_links(true) {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        let Ok(inner) = entry.path().strip_prefix(&dir) else {
            continue;
        };
        let inner = inner.to_string_lossy().replace('\\', "/");
        let hidden = inner.split('/').any(|part| part.starts_with('.'));
        let Some(name) = inner.strip_suffix(".md").filter(|_| !hidden) else {
            continue;
        };
        if entry.file_type().is_file() {
            templates.push(Template {
                name: name.to_string(),
                abs: entry.path().to_path_buf(),
                path: format!("{folder}/{inner}"),
            });
        }
    }
    templates.sort_by(|a, b| a.name.cmp(&b.name));
    Ok((folder, templates))
}

/// `templates/` at the root in any case (`Templates/` on a vault made on
/// Windows or macOS).
fn default_folder(root: &Path) -> Option<String> {
    let entries = std::fs::read_dir(root).ok()?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.eq_ignore_ascii_case("templates"))
        .collect();
    names.sort();
    names.into_iter().next()
}

/// The template `--template NAME` names (its name, its file name, or its
/// stem when no other template shares it), or the only one there is.
pub(crate) fn choose<'a>(
    folder: &str,
    templates: &'a [Template],
    wanted: Option<&str>,
) -> Result<&'a Template> {
    let names = || {
        templates
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some(wanted) = wanted else {
        return match templates {
            [] => bail!("the template folder {folder}/ holds no Markdown template"),
            [only] => Ok(only),
            _ => bail!(
                "{folder}/ holds {} templates; say which with --template NAME: {}",
                templates.len(),
                names()
            ),
        };
    };
    let key = wanted.trim_end_matches(".md").to_lowercase();
    let by_name: Vec<&Template> = templates
        .iter()
        .filter(|t| t.name.to_lowercase() == key)
        .collect();
    let found = if by_name.is_empty() {
        templates
            .iter()
            .filter(|t| t.name.rsplit('/').next().unwrap_or(&t.name).to_lowercase() == key)
            .collect()
    } else {
        by_name
    };
    match found.as_slice() {
        [one] => Ok(one),
        [] => bail!(
            "no template `{wanted}` in {folder}/; its templates: {}",
            names()
        ),
        many => bail!(
            "`{wanted}` names {} templates in {folder}/: {}",
            many.len(),
            many.iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// What `{{date}}` and `{{time}}` print without a format: Obsidian's
/// defaults, or the vault's own (`dateFormat`, `timeFormat` in
/// `.obsidian/templates.json`).
pub(crate) struct Formats {
    pub(crate) date: String,
    pub(crate) time: String,
}

impl Formats {
    pub(crate) fn of_vault(root: &Path) -> Formats {
        let settings: Option<serde_json::Value> =
            std::fs::read_to_string(root.join(".obsidian/templates.json"))
                .ok()
                .and_then(|text| serde_json::from_str(text.trim_start_matches('\u{feff}')).ok());
        let setting = |key: &str, default: &str| {
            settings
                .as_ref()
                .and_then(|s| s.get(key))
                .and_then(|v| v.as_str())
                .filter(|v| !v.trim().is_empty())
                .unwrap_or(default)
                .to_string()
        };
        Formats {
            date: setting("dateFormat", "YYYY-MM-DD"),
            time: setting("timeFormat", "HH:mm"),
        }
    }
}

/// The template's text with its variables filled. A `{{date:…}}` whose
/// format has an unknown token is an error naming the template.
pub(crate) fn fill(text: &str, title: &str, now: &Now, formats: &Formats) -> Result<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            break;
        };
        out.push_str(&rest[..start]);
        let inner = &after[..end];
        match variable(inner, title, now, formats)? {
            Some(value) => {
                out.push_str(&value);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// The value of `{{inner}}`, or `None` when it is no variable of the
/// Templates plugin. Names are matched without regard to case, as Obsidian
/// does.
fn variable(inner: &str, title: &str, now: &Now, formats: &Formats) -> Result<Option<String>> {
    let (name, format) = match inner.split_once(':') {
        Some((name, format)) => (name.trim(), Some(format)),
        None => (inner.trim(), None),
    };
    let format = match (name.to_ascii_lowercase().as_str(), format) {
        ("title", None) => return Ok(Some(title.to_string())),
        ("date", None) => formats.date.as_str(),
        ("time", None) => formats.time.as_str(),
        ("date" | "time", Some(format)) => format,
        _ => return Ok(None),
    };
    moment::format(format, now)
        .map(Some)
        .with_context(|| format!("in `{{{{{inner}}}}}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formats() -> Formats {
        Formats {
            date: "YYYY-MM-DD".into(),
            time: "HH:mm".into(),
        }
    }

    #[test]
    fn variables_are_filled_and_others_left_alone() {
        let now = Now::parse("2026-03-05T09:07:03+01:00").unwrap();
        let text =
            "# {{title}}\n{{date}} {{ time }} {{DATE:dddd}} {{time:HH[h]mm}}\n{{other}} {{ x";
        assert_eq!(
            fill(text, "07-review", &now, &formats()).unwrap(),
            "# 07-review\n2026-03-05 09:07 Thursday 09h07\n{{other}} {{ x"
        );
    }

    #[test]
    fn a_bad_format_names_its_variable() {
        let now = Now::parse("2026-03-05T09:07:03Z").unwrap();
        let err = fill("{{date:YYYY-q}}", "t", &now, &formats()).unwrap_err();
        let text = format!("{err:#}");
        assert!(
            text.contains("{{date:YYYY-q}}") && text.contains("`q`"),
            "{text}"
        );
    }
}
