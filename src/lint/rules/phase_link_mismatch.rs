//! `phase-link-mismatch`: a phase's chain link points to a note that is not
//! a phase, to a phase of another workflow, or does not reciprocate
//! (A's `next_phase` is B, B's `previous_phase` is not A).

use crate::config::RuleLevel;
use crate::lint::diagnostic::{FileFinding, Finding};
use crate::lint::rule::{Rule, RuleMeta, VaultContext};
use crate::phases::LinkTarget;

pub struct PhaseLinkMismatch;

static META: RuleMeta = RuleMeta {
    name: "phase-link-mismatch",
    default_level: RuleLevel::Error,
    fixable: false,
    summary: "a phase's previous/next link is not reciprocated, or leaves the workflow",
    explanation: "`previous_phase` and `next_phase` form a doubly linked chain: when A's \
`next_phase` is B, B's `previous_phase` must be A. A chain link must also point to a phase \
document of the same workflow, not to an ordinary note or into another workflow. (A link that \
does not resolve at all is a `broken-link`; a `next_phase` that skips or goes back is \
`phase-order`.)",
    example: &[
        (
            "flow/01-plan.md",
            "# Plan\n\n---\nphase: 01\nname: \"Plan\"\nprevious_phase: \"[[02-build]]\"\nnext_phase: \"[[02-build]]\"\n---\n",
        ),
        (
            "flow/02-build.md",
            "# Build\n\n---\nphase: 02\nname: \"Build\"\nprevious_phase: \"[[guide]]\"\nnext_phase: \"[[01-plan]]\"\n---\n",
        ),
        ("guide.md", "# Guide\n"),
    ],
    fixed: &[
        (
            "flow/01-plan.md",
            "# Plan\n\n---\nphase: 01\nname: \"Plan\"\nprevious_phase: \"[[02-build]]\"\nnext_phase: \"[[02-build]]\"\n---\n",
        ),
        (
            "flow/02-build.md",
            "# Build\n\n---\nphase: 02\nname: \"Build\"\nprevious_phase: \"[[01-plan]]\"\nnext_phase: \"[[01-plan]]\"\n---\n",
        ),
        ("guide.md", "# Guide\n"),
    ],
};

impl Rule for PhaseLinkMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_vault(&self, ctx: &VaultContext<'_>, out: &mut Vec<FileFinding>) {
        let phases = ctx.phases;
        for (idx, phase) in phases.phases.iter().enumerate() {
            let note = &ctx.vault.notes[phase.note];
            let workflow = &phases.workflows[phase.workflow];
            for (key, link) in [
                ("previous_phase", phase.previous),
                ("next_phase", phase.next),
            ] {
                let Some(link) = link else { continue };
                let span = note.links[link].span.clone();
                let push = |out: &mut Vec<FileFinding>, message: String, help: Option<String>| {
                    out.push(FileFinding {
                        path: note.path.clone(),
                        finding: Finding::new(span.clone(), message).maybe_help(help),
                    })
                };
                match phases.link_target(ctx.vault, phase, link) {
                    LinkTarget::Unresolved => {}
                    LinkTarget::NotAPhase => push(
                        out,
                        format!(
                            "`{key}` points to `{}`, which is not a phase document",
                            note.links[link].target
                        ),
                        Some("link the neighbouring phase document of this workflow".to_string()),
                    ),
                    LinkTarget::Phase(target)
                        if phases.phases[target].workflow != phase.workflow =>
                    {
                        push(
                            out,
                            format!(
                                "`{key}` points to `{}` of workflow `{}`, not of `{}`",
                                phases.label(ctx.vault, target),
                                phases.workflows[phases.phases[target].workflow].name,
                                workflow.name
                            ),
                            None,
                        )
                    }
                    LinkTarget::Phase(target) if key == "previous_phase" => {
                        // Who names this phase as their next one?
                        let pointing: Vec<usize> = workflow
                            .chain
                            .iter()
                            .copied()
                            .filter(|&a| {
                                let pa = &phases.phases[a];
                                pa.next.is_some_and(|l| {
                                    phases.link_target(ctx.vault, pa, l) == LinkTarget::Phase(idx)
                                })
                            })
                            .collect();
                        if !pointing.is_empty() && !pointing.contains(&target) {
                            let a = pointing[0];
                            push(
                                out,
                                format!(
                                    "`previous_phase` is `{}`, but `{}` has this phase as its `next_phase`",
                                    phases.label(ctx.vault, target),
                                    phases.label(ctx.vault, a)
                                ),
                                Some(format!(
                                    "write `previous_phase: \"[[{}]]\"`, or fix `{}`'s `next_phase`",
                                    phases.label(ctx.vault, a),
                                    phases.label(ctx.vault, a)
                                )),
                            );
                        }
                    }
                    LinkTarget::Phase(_) => {}
                }
            }
        }
    }
}
