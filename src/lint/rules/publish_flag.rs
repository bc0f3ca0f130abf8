//! `publish-flag`: `publish` or `draft` in a note's frontmatter is neither
//! true nor false, so the site leaves the note out to be safe.

use crate::config::RuleLevel;
use crate::lint::diagnostic::Finding;
use crate::lint::rule::{NoteContext, Rule, RuleMeta};
use crate::vault::scope::LeftOut;

pub struct PublishFlag;

static META: RuleMeta = RuleMeta {
    name: "publish-flag",
    default_level: RuleLevel::Warn,
    fixable: false,
    summary: "`publish` or `draft` is neither true nor false; the note is left out of the site",
    explanation: "`publish: false` (Obsidian Publish's key) and `draft: true` (Quartz's and \
Hugo's) keep a note off the site. A value that is neither true nor false (`publish: maybe`, \
`draft: 1`, `publish: yes` — YAML 1.2 reads `yes` as text) cannot say which was meant, so \
phasebook leaves the note out rather than risk publishing a private note, and reports it here \
and in `phasebook build`. The strings \"true\" and \"false\" are read as the booleans. \
The same goes for a `publish:` or `draft:` line the frontmatter does not read: a key spelled \
in another case (`Publish: false`), or a `---` block near the top that is not the frontmatter \
(after a blank line or a paragraph).",
    example: &[("plan.md", "---\npublish: maybe\n---\n# Plan\n")],
    fixed: &[("plan.md", "---\npublish: true\n---\n# Plan\n")],
};

impl Rule for PublishFlag {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_note(&self, ctx: &NoteContext<'_>, out: &mut Vec<Finding>) {
        let file = ctx.vault.note_files[ctx.id];
        match ctx.vault.scope.left_out(file) {
            Some(LeftOut::UnclearFlag { key, offset }) => out.push(
                Finding::new(
                    *offset..*offset,
                    format!("`{key}` is neither true nor false; the site leaves this note out"),
                )
                .help(format!("write `{key}: true` or `{key}: false`")),
            ),
            Some(LeftOut::StrayFlag { key, offset }) => out.push(
                Finding::new(
                    *offset..*offset,
                    format!(
                        "a `{key}:` line that is not read as frontmatter; the site leaves this note out"
                    ),
                )
                .help(format!(
                    "put the frontmatter at the very top (or right after the H1) and spell the key `{key}`"
                )),
            ),
            _ => {}
        }
    }
}
