//! `empty-note`: a note with no content.

use crate::config::RuleLevel;
use crate::lint::diagnostic::Finding;
use crate::lint::rule::{NoteContext, Rule, RuleMeta};

pub struct EmptyNote;

static META: RuleMeta = RuleMeta {
    name: "empty-note",
    default_level: RuleLevel::Warn,
    fixable: false,
    summary: "a note is empty",
    explanation: "Clicking an unresolved link in Obsidian creates an empty note with that \
name. The link then resolves, so it is no longer reported as broken, but it leads to a blank \
page. Write the note or delete it.",
    example: &[("a.md", "# A\n\n[[b]]\n"), ("b.md", "")],
    fixed: &[("a.md", "# A\n\n[[b]]\n"), ("b.md", "# B\n\nContent.\n")],
};

impl Rule for EmptyNote {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_note(&self, ctx: &NoteContext<'_>, out: &mut Vec<Finding>) {
        if ctx.note.problem.is_none() && ctx.text.trim().is_empty() {
            out.push(Finding::new(0..0, "note is empty").help("write the note, or delete it"));
        }
    }
}
