//! `phase-gap`: a workflow's phase numbers skip one.

use crate::config::RuleLevel;
use crate::lint::diagnostic::{FileFinding, Finding};
use crate::lint::rule::{Rule, RuleMeta, VaultContext};

pub struct PhaseGap;

static META: RuleMeta = RuleMeta {
    name: "phase-gap",
    default_level: RuleLevel::Error,
    fixable: false,
    summary: "a workflow's phase numbers are not contiguous",
    explanation: "Phase numbers in a workflow count up by one from the first. A gap (`02` then \
`04`) usually means a phase document was deleted, moved to another folder, or misnumbered; \
the chain links around it then point at nothing or skip a step. Reported on the phase after \
the gap.",
    example: &[
        (
            "flow/01-plan.md",
            "# Plan\n\n---\nphase: 01\nname: \"Plan\"\nprevious_phase: \"[[03-ship]]\"\nnext_phase: \"[[03-ship]]\"\n---\n",
        ),
        (
            "flow/03-ship.md",
            "# Ship\n\n---\nphase: 03\nname: \"Ship\"\nprevious_phase: \"[[01-plan]]\"\nnext_phase: \"[[01-plan]]\"\n---\n",
        ),
    ],
    fixed: &[
        (
            "flow/01-plan.md",
            "# Plan\n\n---\nphase: 01\nname: \"Plan\"\nprevious_phase: \"[[02-ship]]\"\nnext_phase: \"[[02-ship]]\"\n---\n",
        ),
        (
            "flow/02-ship.md",
            "# Ship\n\n---\nphase: 02\nname: \"Ship\"\nprevious_phase: \"[[01-plan]]\"\nnext_phase: \"[[01-plan]]\"\n---\n",
        ),
    ],
};

impl Rule for PhaseGap {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_vault(&self, ctx: &VaultContext<'_>, out: &mut Vec<FileFinding>) {
        for (w, workflow) in ctx.phases.workflows.iter().enumerate() {
            for pair in ctx.phases.numbered(w).windows(2) {
                let ((before, _), (after, p)) = (pair[0], pair[1]);
                if after <= before + 1 {
                    continue;
                }
                let missing = if after == before + 2 {
                    format!(
                        "phase {} is missing",
                        super::shared::phase_number(before + 1)
                    )
                } else {
                    format!(
                        "phases {} to {} are missing",
                        super::shared::phase_number(before + 1),
                        super::shared::phase_number(after - 1)
                    )
                };
                let note = &ctx.vault.notes[ctx.phases.phases[p].note];
                out.push(FileFinding {
                    path: note.path.clone(),
                    finding: Finding::new(
                        super::shared::frontmatter_span(note, "phase"),
                        format!(
                            "{missing} in workflow `{}` (between {} and {})",
                            workflow.name,
                            super::shared::phase_number(before),
                            super::shared::phase_number(after)
                        ),
                    )
                    .help("renumber the phases, or add the missing phase document"),
                });
            }
        }
    }
}
