//! `phase-order`: `next_phase` is not the phase that follows by number.
//! The last phase's wrap to the first is legal; any other step back is a
//! cycle.

use crate::config::RuleLevel;
use crate::lint::diagnostic::{FileFinding, Finding};
use crate::lint::rule::{Rule, RuleMeta, VaultContext};
use crate::phases::LinkTarget;

pub struct PhaseOrder;

static META: RuleMeta = RuleMeta {
    name: "phase-order",
    default_level: RuleLevel::Error,
    fixable: false,
    summary: "`next_phase` is not the next phase by number (the last may wrap to the first)",
    explanation: "A workflow is a cycle: `01 → 02 → … → 06 → 01`. Each `next_phase` must name \
the phase with the next number; only the last phase may point back to the first. A \
`next_phase` that skips a phase or points back to an earlier one breaks the chain that \
readers follow and that the readiness report walks.",
    example: &[
        (
            "flow/01-plan.md",
            "# Plan\n\n---\nphase: 01\nname: \"Plan\"\nprevious_phase: \"[[03-ship]]\"\nnext_phase: \"[[03-ship]]\"\n---\n",
        ),
        (
            "flow/02-build.md",
            "# Build\n\n---\nphase: 02\nname: \"Build\"\nprevious_phase: \"[[01-plan]]\"\nnext_phase: \"[[03-ship]]\"\n---\n",
        ),
        (
            "flow/03-ship.md",
            "# Ship\n\n---\nphase: 03\nname: \"Ship\"\nprevious_phase: \"[[02-build]]\"\nnext_phase: \"[[01-plan]]\"\n---\n",
        ),
    ],
    fixed: &[
        (
            "flow/01-plan.md",
            "# Plan\n\n---\nphase: 01\nname: \"Plan\"\nprevious_phase: \"[[03-ship]]\"\nnext_phase: \"[[02-build]]\"\n---\n",
        ),
        (
            "flow/02-build.md",
            "# Build\n\n---\nphase: 02\nname: \"Build\"\nprevious_phase: \"[[01-plan]]\"\nnext_phase: \"[[03-ship]]\"\n---\n",
        ),
        (
            "flow/03-ship.md",
            "# Ship\n\n---\nphase: 03\nname: \"Ship\"\nprevious_phase: \"[[02-build]]\"\nnext_phase: \"[[01-plan]]\"\n---\n",
        ),
    ],
};

impl Rule for PhaseOrder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_vault(&self, ctx: &VaultContext<'_>, out: &mut Vec<FileFinding>) {
        let phases = ctx.phases;
        for (idx, phase) in phases.phases.iter().enumerate() {
            let (Some(link), Some(own)) = (phase.next, phase.number) else {
                continue;
            };
            let LinkTarget::Phase(target) = phases.link_target(ctx.vault, phase, link) else {
                continue;
            };
            if phases.phases[target].workflow != phase.workflow {
                continue; // phase-link-mismatch
            }
            let (Some(expected), Some(actual)) = (
                phases.expected_next_number(idx),
                phases.phases[target].number,
            ) else {
                continue;
            };
            if actual == expected {
                continue;
            }
            let workflow = &phases.workflows[phase.workflow];
            let expected_label = workflow
                .chain
                .iter()
                .find(|&&p| phases.phases[p].number == Some(expected))
                .map(|&p| phases.label(ctx.vault, p))
                .unwrap_or_default();
            let message = if actual <= own {
                format!(
                    "`next_phase` goes back to phase {} (`{}`); only the last phase may wrap to the first",
                    super::shared::phase_number(actual),
                    phases.label(ctx.vault, target)
                )
            } else {
                format!(
                    "`next_phase` is phase {} (`{}`), but the phase after {} is {}",
                    super::shared::phase_number(actual),
                    phases.label(ctx.vault, target),
                    super::shared::phase_number(own),
                    super::shared::phase_number(expected)
                )
            };
            let note = &ctx.vault.notes[phase.note];
            out.push(FileFinding {
                path: note.path.clone(),
                finding: Finding::new(note.links[link].span.clone(), message)
                    .help(format!("write `next_phase: \"[[{expected_label}]]\"`")),
            });
        }
    }
}
