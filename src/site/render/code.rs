//! Fenced code (OBSIDIAN-RENDERING R13).
//!
//! - A block whose language syntect knows is highlighted when the site is
//!   built, as spans with `hl-` classes that `highlight.css` colours in the
//!   light and the dark theme (no script). Only pages with such a block
//!   link that style sheet.
//! - ```` ```mermaid ```` is a `<pre class="mermaid">` of its source, which
//!   the vendored Mermaid script (`site-templates/mermaid.min.js`, MIT),
//!   loaded only by pages with a diagram (`page.mermaid`) and written only
//!   into sites that have one, draws as an SVG; without scripts the source
//!   stays readable. Those pages allow inline `<style>` in their policy,
//!   which Mermaid's SVG needs.
//! - A plugin's block (Dataview, Tasks…) stays code, labelled with the
//!   plugin's name: the site does not run plugins.
//! - Any other block is pulldown-cmark's `<pre><code>`.

use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::page::Page;
use super::rewriter::{CodeKind, OpenCode, Rewriter};
use crate::html::escape;

/// syntect's bundled grammars, loaded by the first page that needs them.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The code blocks of Obsidian plugins, shown as code with the plugin named.
const PLUGIN_BLOCKS: &[&str] = &[
    "dataview",
    "dataviewjs",
    "tasks",
    "query",
    "button",
    "meta-bind",
];

/// Languages that name plain text.
const PLAIN: &[&str] = &["text", "txt", "plain", "plaintext", "none"];

impl<'r> Rewriter<'r, '_> {
    /// The start of a code block: taken in (its text gathered until its
    /// end) when it is highlighted, a diagram or a plugin's; else written
    /// as it comes.
    pub(super) fn code_start(&mut self, kind: CodeBlockKind<'r>, start: usize) {
        let lang = match &kind {
            CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        let lower = lang.to_ascii_lowercase();
        let kind_of = if lower == "mermaid" {
            Some(CodeKind::Mermaid)
        } else if PLUGIN_BLOCKS.contains(&lower.as_str()) {
            Some(CodeKind::Plugin)
        } else if PLAIN.contains(&lower.as_str()) {
            // Plain text has nothing to colour: it stays pulldown-cmark's.
            None
        } else if !lang.is_empty() && SYNTAXES.find_syntax_by_token(&lang).is_some() {
            Some(CodeKind::Highlighted)
        } else {
            None
        };
        match kind_of {
            Some(kind) => {
                self.code = Some(OpenCode {
                    start,
                    kind,
                    lang,
                    text: String::new(),
                })
            }
            None => self.events.push(Event::Start(Tag::CodeBlock(kind))),
        }
    }

    /// Whether a code block is being taken in.
    pub(super) fn in_code(&self) -> bool {
        self.code.is_some()
    }

    pub(super) fn code_text(&mut self, text: &str) {
        if let Some(code) = self.code.as_mut() {
            code.text.push_str(text);
        }
    }

    /// The end of a code block taken in: its HTML.
    pub(super) fn code_end(&mut self, page: &mut Page<'_>) {
        let Some(code) = self.code.take() else {
            return;
        };
        let lang = escape(&code.lang);
        let html = match code.kind {
            CodeKind::Mermaid => {
                page.out.uses_mermaid = true;
                format!("<pre class=\"mermaid\">{}</pre>\n", escape(&code.text))
            }
            CodeKind::Plugin => format!(
                "<pre class=\"plugin-block\" data-plugin=\"{lang}\"><code class=\"language-{lang}\">{}</code></pre>\n",
                escape(&code.text)
            ),
            CodeKind::Highlighted => match self
                .renderer
                .highlighted((self.id, code.start), || highlight(&code.lang, &code.text))
            {
                Some(spans) => {
                    page.out.uses_highlight = true;
                    format!(
                        "<pre class=\"hl-code\"><code class=\"language-{lang}\">{spans}</code></pre>\n"
                    )
                }
                None => format!(
                    "<pre><code class=\"language-{lang}\">{}</code></pre>\n",
                    escape(&code.text)
                ),
            },
        };
        self.events.push(Event::Html(CowStr::from(html)));
    }
}

/// `text` as syntect's classed spans, or `None` if the grammar fails on it.
fn highlight(lang: &str, text: &str) -> Option<String> {
    let syntax = SYNTAXES.find_syntax_by_token(lang)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        &SYNTAXES,
        ClassStyle::SpacedPrefixed { prefix: "hl-" },
    );
    for line in LinesWithEndings::from(text) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_are_highlighted_with_prefixed_classes() {
        let html = highlight("rust", "fn main() { let x = 1; }\n").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.contains("main"), "{html}");
        assert!(highlight("no-such-language", "x").is_none());
    }
}
