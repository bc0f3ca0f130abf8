//! What the configuration leaves out: `[build] exclude` (gitignore
//! syntax) and Obsidian's template folder.

use std::path::Path;

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use super::reasons::{LeftOut, ScopeProblem};
use crate::config::Config;

/// `[build] exclude`, compiled. A pattern that does not parse leaves out
/// everything under its literal start (`drafts/[` → `drafts/`; everything,
/// when it starts with a wildcard).
pub(super) struct Exclude {
    rules: Option<Gitignore>,
    unclear: Vec<(String, String)>,
}

impl Exclude {
    pub(super) fn new(root: &Path, config: &Config, problems: &mut Vec<ScopeProblem>) -> Exclude {
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

    pub(super) fn left_out(&self, path: &str) -> Option<LeftOut> {
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

/// Obsidian's template folder, from `.obsidian/templates.json`, without
/// leading or trailing slashes. A file that does not parse is reported.
/// Public for `phasebook new`, which fills a note from the templates there.
pub fn template_folder(root: &Path, problems: &mut Vec<ScopeProblem>) -> Option<String> {
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
