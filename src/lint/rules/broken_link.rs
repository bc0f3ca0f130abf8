//! `broken-link`: a wikilink or embed whose target is not in the vault.

use crate::config::RuleLevel;
use crate::lint::diagnostic::Finding;
use crate::lint::rule::{NoteContext, Rule, RuleMeta};
use crate::vault::{Resolution, Unresolved};

pub struct BrokenLink;

static META: RuleMeta = RuleMeta {
    name: "broken-link",
    default_level: RuleLevel::Error,
    fixable: false,
    summary: "a wikilink or embed names no file in the vault",
    explanation: "Obsidian resolves `[[name]]` by file name (case-insensitive, `.md` optional), \
then by path; it never uses a note's H1 or title. A link that resolves to nothing opens an \
empty new note in Obsidian and is a dead end on the published site. Links in the body and \
quoted `\"[[…]]\"` frontmatter values are checked; links inside code are not links. A target \
that is only another note's alias is reported by `alias-link` instead.",
    example: &[
        ("release.md", "# Release\n\nFollow the [[Release Plan]].\n"),
        ("release-plan.md", "# Release plan\n"),
    ],
    fixed: &[
        (
            "release.md",
            "# Release\n\nFollow the [[release-plan|Release Plan]].\n",
        ),
        ("release-plan.md", "# Release plan\n"),
    ],
};

/// Whether `link` is an `artifacts` entry of a phase document.
fn is_phase_artifact(ctx: &NoteContext<'_>, link: &crate::vault::Link) -> bool {
    let is_phase = ctx
        .note
        .frontmatter
        .as_ref()
        .is_some_and(|fm| fm.get("phase").is_some());
    is_phase
        && matches!(&link.origin, crate::vault::Origin::Frontmatter(key) if key.starts_with("artifacts."))
}

impl Rule for BrokenLink {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_note(&self, ctx: &NoteContext<'_>, out: &mut Vec<Finding>) {
        for (link, resolution) in ctx.note.links.iter().zip(ctx.resolutions) {
            let Resolution::Unresolved(why) = resolution else {
                continue;
            };
            if link.kind.is_markdown() || !super::shared::alias_owners(ctx.vault, link).is_empty() {
                continue;
            }
            if ctx.config.planned_artifacts && is_phase_artifact(ctx, link) {
                continue; // missing-artifact reports it
            }
            let what = match why {
                Unresolved::OutsideVault => "leads outside the vault",
                Unresolved::NotAtRoot { .. } => "is not a path from the vault root",
                Unresolved::SuffixQuirk(_) => "matches no path on a folder boundary",
                Unresolved::NoSuchPath { .. } => "matches no path in the vault",
                Unresolved::NoSuchName => "names no note or file in the vault",
            };
            out.push(
                Finding::new(
                    link.span.clone(),
                    format!(
                        "`{}` {what}{}",
                        link.target,
                        super::shared::where_written(link)
                    ),
                )
                .maybe_help(super::shared::unresolved_help(
                    ctx.vault, ctx.note, link, why,
                )),
            );
        }
    }
}
