//! `missing-artifact`: an `artifacts` entry of a phase document has no note.

use crate::config::RuleLevel;
use crate::lint::diagnostic::{FileFinding, Finding};
use crate::lint::rule::{Rule, RuleMeta, VaultContext};
use crate::vault::Resolution;

pub struct MissingArtifact;

static META: RuleMeta = RuleMeta {
    name: "missing-artifact",
    default_level: RuleLevel::Warn,
    fixable: false,
    summary: "a phase's `artifacts` entry has no note yet",
    explanation: "`artifacts` lists the documents a phase produces. One with no note is an \
artifact not written yet; the readiness report lists it as missing. Like every unresolved \
link it is a `broken-link` (an error, and a broken link on the site), and then reported as \
that alone: one link, one finding. This rule reports the entries `broken-link` does not: \
with `[phases] planned-artifacts = true` (which leaves artifact entries to this rule, so a \
team can keep planned artifacts as warnings), with `broken-link` off, or where a suppression \
drops the `broken-link` finding (as in the example).",
    example: &[(
        "flow/01-plan.md",
        "# Plan\n\n---\nphase: 01\nname: \"Plan\"\nprevious_phase: \"[[01-plan]]\"\nnext_phase: \"[[01-plan]]\"\nartifacts: [\"[[charter]]\"]\nphasebook: { disable: [broken-link] }\n---\n",
    )],
    fixed: &[
        (
            "flow/01-plan.md",
            "# Plan\n\n---\nphase: 01\nname: \"Plan\"\nprevious_phase: \"[[01-plan]]\"\nnext_phase: \"[[01-plan]]\"\nartifacts: [\"[[charter]]\"]\n---\n",
        ),
        ("charter.md", "# Charter\n"),
    ],
};

impl Rule for MissingArtifact {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_vault(&self, ctx: &VaultContext<'_>, out: &mut Vec<FileFinding>) {
        for phase in &ctx.phases.phases {
            let note = &ctx.vault.notes[phase.note];
            for &link in &phase.artifacts {
                let Resolution::Unresolved(why) = &ctx.vault.resolutions(phase.note)[link] else {
                    continue;
                };
                let l = &note.links[link];
                out.push(FileFinding {
                    path: note.path.clone(),
                    finding: Finding::new(
                        l.span(),
                        format!("artifact `{}` has no note yet", l.target()),
                    )
                    .maybe_help(super::shared::unresolved_help(ctx.vault, note, l, why)),
                });
            }
        }
    }
}
