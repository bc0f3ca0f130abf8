//! `phase-link-mismatch`: a phase's chain link points to a note that is not
//! a phase, to a phase of another workflow, or does not reciprocate (A's
//! `next_phase` is B, B's `previous_phase` is not A), checked from both
//! ends: a phase two others name as their next (or previous) one is
//! reported at each of them, each finding naming the other.

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
`phase-order`.) Both ends are checked: a `next_phase` whose target names another phase as its \
`previous_phase` is reported at the `next_phase` too, and when two phases name the same phase \
as their next (or previous) one, each is reported with the other named, so a renumbering that \
leaves one of them agreeing with the numbers still shows where the chain forks.",
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
                let span = note.links[link].span();
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
                            note.links[link].target()
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
                    // A link against the numbers is `phase-order`'s finding.
                    LinkTarget::Phase(_)
                        if super::phase_order::disagrees_with_numbers(
                            ctx,
                            idx,
                            key == "next_phase",
                        ) => {}
                    LinkTarget::Phase(target) if key == "previous_phase" => {
                        // Who names this phase as their next one?
                        let pointing = claimers(ctx, idx, Side::Next);
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
                                    "this link agrees with the phase numbers: change `{}`'s `next_phase`",
                                    phases.label(ctx.vault, a)
                                )),
                            );
                        }
                    }
                    LinkTarget::Phase(target) => {
                        // A `next_phase` the target does not take back.
                        let claimed = claimers(ctx, target, Side::Next);
                        if claimed.len() > 1 {
                            continue; // reported below, with the other claimer
                        }
                        let back = phases.phases[target]
                            .previous
                            .map(|l| phases.link_target(ctx.vault, &phases.phases[target], l));
                        if let Some(LinkTarget::Phase(other)) = back
                            && other != idx
                        {
                            push(
                                out,
                                format!(
                                    "`next_phase` is `{}`, but its `previous_phase` is `{}`",
                                    phases.label(ctx.vault, target),
                                    phases.label(ctx.vault, other)
                                ),
                                Some(format!(
                                    "this link agrees with the phase numbers: write `previous_phase: \"[[{}]]\"` in `{}`",
                                    phases.label(ctx.vault, idx),
                                    phases.label(ctx.vault, target)
                                )),
                            );
                        }
                    }
                }
            }
        }
        forks(ctx, out);
    }
}

/// Which chain link.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Previous,
    Next,
}

impl Side {
    fn key(self) -> &'static str {
        match self {
            Side::Previous => "previous_phase",
            Side::Next => "next_phase",
        }
    }

    fn link(self, phase: &crate::phases::Phase) -> Option<usize> {
        match self {
            Side::Previous => phase.previous,
            Side::Next => phase.next,
        }
    }
}

/// The phases of `target`'s workflow whose `side` link names `target`.
fn claimers(ctx: &VaultContext<'_>, target: usize, side: Side) -> Vec<usize> {
    let phases = ctx.phases;
    phases.workflows[phases.phases[target].workflow]
        .chain
        .iter()
        .copied()
        .filter(|&a| {
            let pa = &phases.phases[a];
            side.link(pa)
                .is_some_and(|l| phases.link_target(ctx.vault, pa, l) == LinkTarget::Phase(target))
        })
        .collect()
}

/// A phase that two or more phases name as their next (or previous) one:
/// reported at each claimer, naming the others.
fn forks(ctx: &VaultContext<'_>, out: &mut Vec<FileFinding>) {
    let phases = ctx.phases;
    for target in 0..phases.phases.len() {
        for side in [Side::Next, Side::Previous] {
            let claimed = claimers(ctx, target, side);
            if claimed.len() < 2 {
                continue;
            }
            // Claimers sharing a number are `phase-duplicate`'s finding.
            let mut numbers: Vec<_> = claimed.iter().map(|&a| phases.phases[a].number).collect();
            numbers.sort_unstable();
            if numbers.windows(2).any(|w| w[0] == w[1]) {
                continue;
            }
            for &a in &claimed {
                if super::phase_order::disagrees_with_numbers(ctx, a, side == Side::Next) {
                    continue; // `phase-order` reports it
                }
                let others: Vec<String> = claimed
                    .iter()
                    .filter(|&&b| b != a)
                    .map(|&b| format!("`{}`", phases.label(ctx.vault, b)))
                    .collect();
                let note = &ctx.vault.notes[phases.phases[a].note];
                let link = side
                    .link(&phases.phases[a])
                    .expect("a claimer has the link");
                let key = side.key();
                out.push(FileFinding {
                    path: note.path.clone(),
                    finding: Finding::new(
                        note.links[link].span(),
                        format!(
                            "`{key}` is `{}`, which {} also name{} as {key}",
                            phases.label(ctx.vault, target),
                            others.join(", "),
                            if others.len() == 1 { "s" } else { "" },
                        ),
                    )
                    .help(format!(
                        "this link agrees with the phase numbers: change `{key}` in {}",
                        others.join(", ")
                    )),
                });
            }
        }
    }
}
