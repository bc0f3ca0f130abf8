//! `task-malformed`: a line that looks meant as a task but is not one.

use crate::config::RuleLevel;
use crate::lint::diagnostic::{Edit, Finding, Fix};
use crate::lint::rule::{NoteContext, Rule, RuleMeta};

pub struct TaskMalformed;

static META: RuleMeta = RuleMeta {
    name: "task-malformed",
    default_level: RuleLevel::Warn,
    fixable: true,
    summary: "a near-miss task marker (`- []`, `-[ ]`, `- [ x]`) that is not a checkbox",
    explanation: "A task is a list marker, a space, one character in brackets and a space: \
`- [ ] open`, `- [x] done`. Near misses render as plain text with brackets, and — worse for \
a phase document — are not counted by the readiness report, so a criterion silently drops \
out of the totals. `--fix` rewrites the marker.",
    example: &[(
        "a.md",
        "# A\n\n## Exit Criteria\n\n- [] Tests pass\n-[x] Docs done\n- [ x] Signed off\n",
    )],
    fixed: &[(
        "a.md",
        "# A\n\n## Exit Criteria\n\n- [ ] Tests pass\n- [x] Docs done\n- [x] Signed off\n",
    )],
};

impl Rule for TaskMalformed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_note(&self, ctx: &NoteContext<'_>, out: &mut Vec<Finding>) {
        for miss in &ctx.note.near_miss_tasks {
            out.push(
                Finding::new(
                    miss.span.clone(),
                    format!("`{}` is not a task marker", miss.found),
                )
                .help(format!("write `{}`", miss.replacement.trim_end()))
                .fix(Fix {
                    description: format!("rewrite as `{}`", miss.replacement.trim_end()),
                    edits: vec![Edit {
                        range: miss.span.clone(),
                        replacement: miss.replacement.clone(),
                    }],
                }),
            );
        }
    }
}
