//! `phase-duplicate`: two phase documents of one workflow share a number.

use std::collections::BTreeMap;

use crate::config::RuleLevel;
use crate::lint::diagnostic::{FileFinding, Finding};
use crate::lint::rule::{Rule, RuleMeta, VaultContext};

pub struct PhaseDuplicate;

static META: RuleMeta = RuleMeta {
    name: "phase-duplicate",
    default_level: RuleLevel::Error,
    fixable: false,
    summary: "two phase documents of one workflow have the same `phase` number",
    explanation: "A workflow's phases run in number order. Two documents with the same number \
make the order, the chain links and the readiness report's current phase ambiguous. Reported \
on every document after the first (in path order).",
    example: &[
        (
            "flow/01-plan.md",
            "# Plan\n\n---\nphase: 01\nname: \"Plan\"\nprevious_phase: \"[[02-build]]\"\nnext_phase: \"[[02-build]]\"\n---\n",
        ),
        (
            "flow/02-build.md",
            "# Build\n\n---\nphase: 02\nname: \"Build\"\nprevious_phase: \"[[01-plan]]\"\nnext_phase: \"[[01-plan]]\"\n---\n",
        ),
        (
            "flow/02-test.md",
            "# Test\n\n---\nphase: 02\nname: \"Test\"\nprevious_phase: \"[[01-plan]]\"\nnext_phase: \"[[01-plan]]\"\n---\n",
        ),
    ],
    fixed: &[
        (
            "flow/01-plan.md",
            "# Plan\n\n---\nphase: 01\nname: \"Plan\"\nprevious_phase: \"[[03-test]]\"\nnext_phase: \"[[02-build]]\"\n---\n",
        ),
        (
            "flow/02-build.md",
            "# Build\n\n---\nphase: 02\nname: \"Build\"\nprevious_phase: \"[[01-plan]]\"\nnext_phase: \"[[03-test]]\"\n---\n",
        ),
        (
            "flow/03-test.md",
            "# Test\n\n---\nphase: 03\nname: \"Test\"\nprevious_phase: \"[[02-build]]\"\nnext_phase: \"[[01-plan]]\"\n---\n",
        ),
    ],
};

impl Rule for PhaseDuplicate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_vault(&self, ctx: &VaultContext<'_>, out: &mut Vec<FileFinding>) {
        for (w, workflow) in ctx.phases.workflows.iter().enumerate() {
            let mut by_number: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
            for (n, p) in ctx.phases.numbered(w) {
                by_number.entry(n).or_default().push(p);
            }
            for (number, members) in by_number {
                let Some((&first, rest)) = members.split_first() else {
                    continue;
                };
                let first_path = &ctx.vault.notes[ctx.phases.phases[first].note].path;
                for &p in rest {
                    let note = &ctx.vault.notes[ctx.phases.phases[p].note];
                    out.push(FileFinding {
                        path: note.path.clone(),
                        finding: Finding::new(
                            super::shared::frontmatter_span(note, "phase"),
                            format!(
                                "phase {} is also `{first_path}` in workflow `{}`",
                                super::shared::phase_number(number),
                                workflow.name
                            ),
                        )
                        .help("give each phase of a workflow its own number"),
                    });
                }
            }
        }
    }
}
