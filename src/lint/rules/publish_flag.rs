//! `publish-flag`: `publish` or `draft` in a note's frontmatter is neither
//! true nor false, so the site leaves the note out to be safe.

use crate::config::RuleLevel;
use crate::lint::{Finding, NoteContext, Rule, RuleMeta};
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
and in `phasebook build`. The strings \"true\" and \"false\" are read as the booleans.",
    example: &[("plan.md", "---\npublish: maybe\n---\n# Plan\n")],
    fixed: &[("plan.md", "---\npublish: true\n---\n# Plan\n")],
};

impl Rule for PublishFlag {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_note(&self, ctx: &NoteContext<'_>, out: &mut Vec<Finding>) {
        let file = ctx.vault.note_files[ctx.id];
        if let Some(LeftOut::UnclearFlag { key, offset }) = ctx.vault.scope.left_out(file) {
            out.push(
                Finding::new(
                    *offset..*offset,
                    format!("`{key}` is neither true nor false; the site leaves this note out"),
                )
                .help(format!("write `{key}: true` or `{key}: false`")),
            );
        }
    }
}
