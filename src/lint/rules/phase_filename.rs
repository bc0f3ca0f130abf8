//! `phase-filename`: a phase document's file name does not start with its
//! phase number.

use crate::config::RuleLevel;
use crate::lint::diagnostic::{FileFinding, Finding};
use crate::lint::rule::{Rule, RuleMeta, VaultContext};

pub struct PhaseFilename;

static META: RuleMeta = RuleMeta {
    name: "phase-filename",
    default_level: RuleLevel::Warn,
    fixable: false,
    summary: "a phase document's file name prefix differs from its `phase`",
    explanation: "Phase documents are named after their number (`05-release.md`) so that \
folders list them in order and links such as `[[05-release]]` say where they lead. A file \
named `04-release.md` holding `phase: 05` misleads both.",
    example: &[
        (
            "flow/01-plan.md",
            "# Plan\n\n---\nphase: 01\nname: \"Plan\"\nprevious_phase: \"[[3-ship]]\"\nnext_phase: \"[[3-ship]]\"\n---\n",
        ),
        (
            "flow/3-ship.md",
            "# Ship\n\n---\nphase: 02\nname: \"Ship\"\nprevious_phase: \"[[01-plan]]\"\nnext_phase: \"[[01-plan]]\"\n---\n",
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

impl Rule for PhaseFilename {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_vault(&self, ctx: &VaultContext<'_>, out: &mut Vec<FileFinding>) {
        for phase in &ctx.phases.phases {
            let Some(number) = phase.number else { continue };
            let note = &ctx.vault.notes[phase.note];
            let stem = note.stem();
            let digits: String = stem.chars().take_while(|c| c.is_ascii_digit()).collect();
            let message = match digits.parse::<i64>() {
                Ok(prefix) if prefix == number => continue,
                Ok(prefix) => format!(
                    "file name says phase {}, frontmatter says `phase: {}`",
                    super::shared::phase_number(prefix),
                    super::shared::phase_number(number)
                ),
                Err(_) => format!(
                    "file name `{stem}` does not start with its phase number {}",
                    super::shared::phase_number(number)
                ),
            };
            let rest = stem[digits.len()..].trim_start_matches(['-', '_', ' ']);
            out.push(FileFinding {
                path: note.path.clone(),
                finding: Finding::new(super::shared::frontmatter_span(note, "phase"), message).help(format!(
                    "rename the file to `{}-{rest}.md` (and update links to it), or fix `phase`",
                    super::shared::phase_number(number)
                )),
            });
        }
    }
}
