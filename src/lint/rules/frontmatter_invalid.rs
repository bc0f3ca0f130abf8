//! `frontmatter-invalid`: the frontmatter block is not valid YAML, not a
//! mapping, never closed, or too large to expand (a YAML bomb).

use crate::config::RuleLevel;
use crate::lint::diagnostic::Finding;
use crate::lint::rule::{NoteContext, Rule, RuleMeta};

pub struct FrontmatterInvalid;

static META: RuleMeta = RuleMeta {
    name: "frontmatter-invalid",
    default_level: RuleLevel::Error,
    fixable: false,
    summary: "the frontmatter block does not parse as a YAML mapping",
    explanation: "When frontmatter does not parse, Obsidian shows none of its properties and \
every link, tag and alias in it is lost — and for a phase document, its phase number and \
chain links with them. The diagnostic points at the line and column the YAML parser stopped \
at. A top block opened with `---` and never closed is reported here too.",
    example: &[("a.md", "---\ntags: [a, b\nphase: 1\n---\n# A\n")],
    fixed: &[("a.md", "---\ntags: [a, b]\nphase: 1\n---\n# A\n")],
};

impl Rule for FrontmatterInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_note(&self, ctx: &NoteContext<'_>, out: &mut Vec<Finding>) {
        let Some(err) = ctx
            .note
            .frontmatter
            .as_ref()
            .and_then(|fm| fm.error.as_ref())
        else {
            return;
        };
        let source = ctx.text;
        let start = crate::span::floor_char_boundary(source, err.offset.min(source.len()));
        let end = source[start..]
            .chars()
            .next()
            .filter(|c| *c != '\n')
            .map(|c| start + c.len_utf8())
            .unwrap_or(start);
        out.push(
            Finding::new(start..end, err.message.clone())
                .help("frontmatter must be YAML `key: value` lines between two `---` lines"),
        );
    }
}
