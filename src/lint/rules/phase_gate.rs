//! `phase-gate`: a phase has checked items while the phase before it still
//! has open exit criteria.

use crate::config::RuleLevel;
use crate::lint::diagnostic::{FileFinding, Finding};
use crate::lint::rule::{Rule, RuleMeta, VaultContext};
use crate::readiness::{GroupKind, groups};

pub struct PhaseGate;

static META: RuleMeta = RuleMeta {
    name: "phase-gate",
    default_level: RuleLevel::Error,
    fixable: false,
    summary: "work is checked in a phase while the previous phase's exit criteria are open",
    explanation: "A phase may be entered only when the phase before it is done: its exit \
criteria are its exit gate. Checking items in phase N while phase N-1 still has open exit \
criteria means the process was skipped, or the checklist is out of date. The wrap from the \
last phase back to the first does not count: a new cycle may start while the last one winds \
down.",
    example: &[
        (
            "flow/01-plan.md",
            "# Plan\n\n---\nphase: 01\nname: \"Plan\"\nprevious_phase: \"[[02-build]]\"\nnext_phase: \"[[02-build]]\"\n---\n\n## Exit Criteria\n\n- [ ] Plan approved\n",
        ),
        (
            "flow/02-build.md",
            "# Build\n\n---\nphase: 02\nname: \"Build\"\nprevious_phase: \"[[01-plan]]\"\nnext_phase: \"[[01-plan]]\"\n---\n\n## Entry Criteria\n\n- [x] Team staffed\n",
        ),
    ],
    fixed: &[
        (
            "flow/01-plan.md",
            "# Plan\n\n---\nphase: 01\nname: \"Plan\"\nprevious_phase: \"[[02-build]]\"\nnext_phase: \"[[02-build]]\"\n---\n\n## Exit Criteria\n\n- [x] Plan approved\n",
        ),
        (
            "flow/02-build.md",
            "# Build\n\n---\nphase: 02\nname: \"Build\"\nprevious_phase: \"[[01-plan]]\"\nnext_phase: \"[[01-plan]]\"\n---\n\n## Entry Criteria\n\n- [x] Team staffed\n",
        ),
    ],
};

impl Rule for PhaseGate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_vault(&self, ctx: &VaultContext<'_>, out: &mut Vec<FileFinding>) {
        let phases = ctx.phases;
        for (idx, phase) in phases.phases.iter().enumerate() {
            let Some(prev) = phases.chain_predecessor(idx) else {
                continue;
            };
            let note = &ctx.vault.notes[phase.note];
            let Some(first_checked) = note
                .tasks
                .iter()
                .find(|t| ctx.config.readiness.done.contains(t.status))
            else {
                continue;
            };
            let prev_note = &ctx.vault.notes[phases.phases[prev].note];
            let exit: Vec<_> = groups(prev_note, &ctx.config.readiness)
                .into_iter()
                .filter(|g| g.kind == GroupKind::Exit)
                .flat_map(|g| g.items)
                .filter(|i| !i.cancelled)
                .collect();
            let open: Vec<_> = exit.iter().filter(|i| !i.done).collect();
            let Some(first_open) = open.first() else {
                continue;
            };
            let text = note.source();
            let line_end = text[first_checked.offset..]
                .find(['\r', '\n'])
                .map(|i| first_checked.offset + i)
                .unwrap_or(text.len());
            out.push(FileFinding {
                path: note.path.clone(),
                finding: Finding::new(
                    first_checked.offset..line_end,
                    format!(
                        "`{}` has checked items while {} of {} exit criteria of `{}` are open",
                        note.stem(),
                        open.len(),
                        exit.len(),
                        prev_note.stem()
                    ),
                )
                .help(format!(
                    "finish `{}` first; its first open exit criterion is at {}:{}",
                    prev_note.stem(),
                    prev_note.path,
                    first_open.line
                )),
            });
        }
    }
}
