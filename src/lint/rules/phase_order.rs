//! `phase-order`: `next_phase` is not the phase that follows by number, or
//! `previous_phase` not the one before it. The last phase's wrap to the
//! first (and the first's back to the last) is legal; any other step back
//! is a cycle.

use crate::config::RuleLevel;
use crate::lint::diagnostic::{FileFinding, Finding};
use crate::lint::rule::{Rule, RuleMeta, VaultContext};
use crate::phases::LinkTarget;

pub struct PhaseOrder;

static META: RuleMeta = RuleMeta {
    name: "phase-order",
    default_level: RuleLevel::Error,
    fixable: false,
    summary: "`next_phase` / `previous_phase` is not the next / previous phase by number",
    explanation: "A workflow is a cycle: `01 → 02 → … → 06 → 01`. Each `next_phase` must name \
the phase with the next number; only the last phase may point back to the first. A \
`next_phase` that skips a phase or points back to an earlier one breaks the chain that \
readers follow and that the readiness report walks. `previous_phase` is read the same way from \
the other end: it names the phase with the previous number, and only the first phase points \
to the last. The numbers are the order the site and the readiness report use, so the finding \
names the link to change.",
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
            for key in [Key::Next, Key::Previous] {
                if let Some(finding) = misordered(ctx, idx, key) {
                    out.push(FileFinding {
                        path: ctx.vault.notes[phase.note].path.clone(),
                        finding,
                    });
                }
            }
        }
    }
}

/// Whether phase `idx`'s `next_phase` (or `previous_phase`) names another
/// phase than its number says: this rule's finding, which
/// `phase-link-mismatch` leaves to it, so a wrong link is reported once.
pub(super) fn disagrees_with_numbers(ctx: &VaultContext<'_>, idx: usize, next: bool) -> bool {
    misordered(ctx, idx, if next { Key::Next } else { Key::Previous }).is_some()
}

/// Which chain link of a phase.
#[derive(Clone, Copy, PartialEq)]
enum Key {
    Next,
    Previous,
}

/// The finding on phase `idx`'s `key` link when it does not name the phase
/// its number says: the numbers are the order (navigation and readiness
/// follow them), so the link is what to change.
fn misordered(ctx: &VaultContext<'_>, idx: usize, key: Key) -> Option<Finding> {
    let phases = ctx.phases;
    let phase = &phases.phases[idx];
    let own = phase.number?;
    let (link, expected) = match key {
        Key::Next => (phase.next?, phases.expected_next_number(idx)?),
        Key::Previous => (phase.previous?, phases.expected_previous_number(idx)?),
    };
    let LinkTarget::Phase(target) = phases.link_target(ctx.vault, phase, link) else {
        return None; // broken-link or phase-link-mismatch
    };
    if phases.phases[target].workflow != phase.workflow {
        return None; // phase-link-mismatch
    }
    let actual = phases.phases[target].number?;
    if actual == expected {
        return None;
    }
    let workflow = &phases.workflows[phase.workflow];
    let expected_label = workflow
        .chain
        .iter()
        .find(|&&p| phases.phases[p].number == Some(expected))
        .map(|&p| phases.label(ctx.vault, p))
        .unwrap_or_default();
    let number = super::shared::phase_number;
    let label = phases.label(ctx.vault, target);
    let (name, message) = match key {
        Key::Next if actual <= own => (
            "next_phase",
            format!(
                "`next_phase` goes back to phase {} (`{label}`); only the last phase may wrap to the first",
                number(actual)
            ),
        ),
        Key::Next => (
            "next_phase",
            format!(
                "`next_phase` is phase {} (`{label}`), but the phase after {} is {}",
                number(actual),
                number(own),
                number(expected)
            ),
        ),
        Key::Previous if actual >= own => (
            "previous_phase",
            format!(
                "`previous_phase` goes forward to phase {} (`{label}`); only the first phase may wrap to the last",
                number(actual)
            ),
        ),
        Key::Previous => (
            "previous_phase",
            format!(
                "`previous_phase` is phase {} (`{label}`), but the phase before {} is {}",
                number(actual),
                number(own),
                number(expected)
            ),
        ),
    };
    let note = &ctx.vault.notes[phase.note];
    Some(
        Finding::new(note.links[link].span(), message)
            .help(format!("write `{name}: \"[[{expected_label}]]\"`")),
    )
}
