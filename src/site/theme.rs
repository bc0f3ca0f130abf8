//! The theme: templates and static files, embedded in the binary and
//! overridable file by file from `[site] templates = "DIR"`.
//!
//! Embedding (as mdBook does) means the binary alone can build a site; the
//! override folder means a team can restyle it without forking.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use minijinja::Environment;

use crate::span::{LineIndex, floor_char_boundary};
use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

/// The default theme, from `site-templates/`. A test checks this list
/// against the folder, so a new theme file cannot be left out.
pub(crate) const EMBEDDED: &[(&str, &str)] = &[
    ("404.html", include_str!("../../site-templates/404.html")),
    ("base.html", include_str!("../../site-templates/base.html")),
    ("dark.css", include_str!("../../site-templates/dark.css")),
    (
        "highlight-dark.css",
        include_str!("../../site-templates/highlight-dark.css"),
    ),
    (
        "highlight.css",
        include_str!("../../site-templates/highlight.css"),
    ),
    (
        "index.html",
        include_str!("../../site-templates/index.html"),
    ),
    (
        "macros.html",
        include_str!("../../site-templates/macros.html"),
    ),
    (
        "mermaid-init.js",
        include_str!("../../site-templates/mermaid-init.js"),
    ),
    (
        "mermaid.min.js",
        include_str!("../../site-templates/mermaid.min.js"),
    ),
    ("note.html", include_str!("../../site-templates/note.html")),
    (
        "readiness.html",
        include_str!("../../site-templates/readiness.html"),
    ),
    ("search.js", include_str!("../../site-templates/search.js")),
    (
        "sidebar.html",
        include_str!("../../site-templates/sidebar.html"),
    ),
    ("site.js", include_str!("../../site-templates/site.js")),
    ("style.css", include_str!("../../site-templates/style.css")),
    ("tag.html", include_str!("../../site-templates/tag.html")),
    ("tags.html", include_str!("../../site-templates/tags.html")),
    ("theme.js", include_str!("../../site-templates/theme.js")),
];

/// The theme a build uses: every file by name, overrides applied.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Name to (content, where it came from for error messages).
    files: BTreeMap<String, (String, String)>,
}

impl Theme {
    /// The embedded theme, with the files of `overrides` (if any) replacing
    /// or adding to it.
    pub fn load(overrides: Option<&Path>) -> Result<Theme> {
        let mut files: BTreeMap<String, (String, String)> = EMBEDDED
            .iter()
            .map(|(name, text)| {
                (
                    name.to_string(),
                    (
                        text.to_string(),
                        format!("site-templates/{name} (built in)"),
                    ),
                )
            })
            .collect();
        if let Some(dir) = overrides {
            if !dir.is_dir() {
                anyhow::bail!("[site] templates: {} is not a folder", dir.display());
            }
            for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
                let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let Some(name) = relative_name(dir, entry.path()) else {
                    continue;
                };
                let text = std::fs::read_to_string(entry.path())
                    .with_context(|| format!("cannot read {}", entry.path().display()))?;
                files.insert(name, (text, entry.path().display().to_string()));
            }
        }
        Ok(Theme { files })
    }

    /// A minijinja environment over the theme's templates, or the first
    /// template that does not parse, with its file and line. Autoescape is
    /// on for every `.html` template (minijinja's default by extension).
    pub fn environment(&self) -> Result<Environment<'_>> {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Lenient);
        // minijinja's HTML escaping also escapes `/`, which is legal but
        // turns every URL into `..&#x2f;x.html`: a fifth more bytes on
        // every page for nothing. Strings get the five escapes HTML needs.
        env.set_formatter(|out, state, value| match value.as_str() {
            Some(text)
                if !value.is_safe()
                    && matches!(state.auto_escape(), minijinja::AutoEscape::Html) =>
            {
                crate::html::escape_into(out, text).map_err(|_| {
                    minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "cannot write")
                })
            }
            _ => minijinja::escape_formatter(out, state, value),
        });
        for (name, (text, _)) in &self.files {
            if name.ends_with(".html") {
                env.add_template(name, text)
                    .map_err(|err| self.describe_error(&err))?;
            }
        }
        Ok(env)
    }

    /// The static files (everything but templates), by name.
    pub(crate) fn static_files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files
            .iter()
            .filter(|(name, _)| !name.ends_with(".html"))
            .map(|(name, (text, _))| (name.as_str(), text.as_str()))
    }

    /// A template error as the user needs it: which file, which line, what.
    pub(crate) fn describe_error(&self, err: &minijinja::Error) -> anyhow::Error {
        let name = err.name().unwrap_or("template");
        let origin = self
            .files
            .get(name)
            .map(|(_, origin)| origin.clone())
            .unwrap_or_else(|| name.to_string());
        let source = self.files.get(name).map(|(text, _)| text.as_str());
        let what = err
            .detail()
            .map(|d| format!("{}: {d}", err.kind()))
            .unwrap_or_else(|| err.kind().to_string());
        let mut message = match (source, err.range()) {
            (Some(text), Some(range)) => {
                let (position, snippet) = source_snippet(text, range);
                format!("template error in {origin}:{position}: {what}\n{snippet}")
            }
            _ => {
                let line = err.line().map(|l| format!(":{l}")).unwrap_or_default();
                format!("template error in {origin}{line}: {what}")
            }
        };
        let mut source = std::error::Error::source(err);
        while let Some(cause) = source {
            message.push_str(&format!("\n  caused by: {cause}"));
            source = cause.source();
        }
        anyhow::anyhow!(message)
    }
}

/// `line:column` of the start of `range` in a template's `text`, and the
/// line with a caret under the range, drawn by annotate-snippets as `check`
/// draws its findings. Why: minijinja reports a byte range, and a line
/// number alone leaves the reader hunting through a line that can hold
/// several `{{ }}` blocks.
fn source_snippet(text: &str, range: std::ops::Range<usize>) -> (String, String) {
    let start = floor_char_boundary(text, range.start.min(text.len()));
    let end = floor_char_boundary(text, range.end.clamp(start, text.len()));
    let position = LineIndex::new(text).position(text, start);
    let group = Level::ERROR
        .primary_title("")
        .element(Snippet::source(text).annotation(AnnotationKind::Primary.span(start..end)));
    let rendered = Renderer::plain().render(&[group]);
    // The renderer's title line is the message, which the caller writes.
    let snippet = rendered.split_once('\n').map_or("", |(_, rest)| rest);
    (
        format!("{}:{}", position.line, position.column),
        snippet.to_string(),
    )
}

fn relative_name(dir: &Path, path: &Path) -> Option<String> {
    let rel: PathBuf = path.strip_prefix(dir).ok()?.to_path_buf();
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_str().map(str::to_string))
        .collect::<Option<_>>()?;
    if parts.iter().any(|p| p.starts_with('.')) {
        return None;
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_theme_file_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("site-templates");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .expect("site-templates/ exists")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .filter(|n| !n.starts_with('.'))
            .collect();
        on_disk.sort();
        let embedded: Vec<String> = EMBEDDED.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(on_disk, embedded);
    }

    #[test]
    fn embedded_templates_parse() {
        Theme::load(None)
            .and_then(|t| t.environment().map(|_| ()))
            .expect("templates parse");
    }

    #[test]
    fn an_override_replaces_one_file_and_errors_name_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("tag.html"), "line one\n{% if %}\n").expect("write");
        std::fs::write(dir.path().join("extra.css"), "body{}").expect("write");
        let theme = Theme::load(Some(dir.path())).expect("loads");
        assert!(theme.static_files().any(|(n, _)| n == "extra.css"));
        let err = theme
            .environment()
            .map(|_| ())
            .expect_err("syntax error found")
            .to_string();
        assert!(err.contains("tag.html:2"), "{err}");
        assert!(err.contains(&dir.path().display().to_string()), "{err}");
    }

    /// Both kinds of template error, found when the template is parsed and
    /// when it is rendered, give a line:column and show the line with a
    /// caret under the part at fault.
    #[test]
    fn template_errors_give_a_column_and_a_caret() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("tag.html"), "one\n\t<p>{% if %}\n").expect("write");
        let theme = Theme::load(Some(dir.path())).expect("loads");
        let err = theme.environment().map(|_| ()).expect_err("syntax error");
        let text = err.to_string();
        let (head, snippet) = text.split_once('\n').expect("a snippet follows");
        assert!(head.contains("tag.html:2:"), "{text}");
        let column: usize = head
            .split("tag.html:2:")
            .nth(1)
            .and_then(|rest| rest.split(':').next())
            .and_then(|c| c.parse().ok())
            .expect("a column");
        // The `{% if %}` block's `%}`, at column 11 of the line (the tab
        // counts one), shown with the tab drawn as four spaces.
        assert_eq!(column, 11, "{text}");
        let lines: Vec<&str> = snippet.lines().collect();
        assert_eq!(
            lines,
            ["  |", "2 |     <p>{% if %}", "  |              ^^"],
            "{text}"
        );

        std::fs::write(
            dir.path().join("tag.html"),
            "x\n{{ 1 }} {{ nope | nosuchfilter }}\n",
        )
        .expect("write");
        let theme = Theme::load(Some(dir.path())).expect("loads");
        let env = theme
            .environment()
            .expect("parses: filters are looked up when rendering");
        let err = env
            .get_template("tag.html")
            .and_then(|t| t.render(()))
            .expect_err("unknown filter");
        let text = theme.describe_error(&err).to_string();
        assert!(text.contains("tag.html:2:"), "{text}");
        assert!(
            text.contains("2 | {{ 1 }} {{ nope | nosuchfilter }}"),
            "{text}"
        );
        assert!(text.contains("tag.html:2:19: "), "{text}");
        assert_eq!(
            text.lines().last(),
            Some("  |                   ^^^^^^^^^^^^"),
            "under `nosuchfilter`: {text}"
        );
    }
}
