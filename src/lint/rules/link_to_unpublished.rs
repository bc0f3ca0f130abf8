//! `link-to-unpublished`: a published note links to a note or file the
//! site leaves out, so readers see the link's text and nothing to follow.

use crate::config::RuleLevel;
use crate::lint::diagnostic::Finding;
use crate::lint::rule::{NoteContext, Rule, RuleMeta};
use crate::vault::Resolution;

pub struct LinkToUnpublished;

static META: RuleMeta = RuleMeta {
    name: "link-to-unpublished",
    default_level: RuleLevel::Warn,
    fixable: false,
    summary: "a published note links to a note or file the site leaves out",
    explanation: "The site publishes only what the vault may publish: not notes with \
`publish: false` or `draft: true`, not paths in `[build] exclude`, the repository's ignore \
files or Obsidian's template folder (`phasebook build --dry-run --explain` lists them with \
their reasons). A link from a published note to such a note or file shows its text alone on \
the site — no link, no title, no marker — so nothing of what is left out leaks, and readers \
find nothing to follow. This rule tells authors before they publish: publish the target, or \
link to something published. Links inside notes that are themselves left out are not \
reported.",
    example: &[
        ("guide.md", "# Guide\n\nSee the [[plan]].\n"),
        ("plan.md", "---\ndraft: true\n---\n# Plan\n"),
    ],
    fixed: &[
        ("guide.md", "# Guide\n\nSee the [[plan]].\n"),
        ("plan.md", "---\ndraft: false\n---\n# Plan\n"),
    ],
};

impl Rule for LinkToUnpublished {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_note(&self, ctx: &NoteContext<'_>, out: &mut Vec<Finding>) {
        let vault = ctx.vault;
        if !vault.is_published(ctx.id) {
            return;
        }
        for (link, resolution) in ctx.note.links.iter().zip(ctx.resolutions) {
            let Resolution::Found(found) = resolution else {
                continue;
            };
            let Some(why) = vault.scope.left_out(found.file) else {
                continue;
            };
            let target = &vault.files[found.file].path;
            out.push(
                Finding::new(
                    link.span(),
                    format!(
                        "`{}` links to {target}, which the site leaves out ({}){}",
                        link.target(),
                        why.explain(),
                        super::shared::where_written(link)
                    ),
                )
                .help(
                    "the site shows this link as plain text; publish the target or link elsewhere",
                ),
            );
        }
    }
}
