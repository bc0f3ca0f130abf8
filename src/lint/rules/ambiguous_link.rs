//! `ambiguous-link`: several files match a link; Obsidian silently picks
//! one (rule 16), and moves the link when another note of that name appears.

use crate::config::RuleLevel;
use crate::lint::diagnostic::Finding;
use crate::lint::rule::{NoteContext, Rule, RuleMeta};
use crate::vault::Resolution;

pub struct AmbiguousLink;

static META: RuleMeta = RuleMeta {
    name: "ambiguous-link",
    default_level: RuleLevel::Warn,
    fixable: false,
    summary: "several files match a link; names the one Obsidian picks",
    explanation: "When two notes share a file name, `[[Note]]` resolves by Obsidian's order: \
files in the linking note's folder first, then the shortest path. The link works today, but \
which note it opens depends on where the linking note lives, and it changes silently when a \
note is moved or added. Writing enough of the path (`[[guides/Note]]`) makes the link say \
what it means. Also reported: a link that Obsidian resolves differently from phasebook \
because Obsidian matches paths by plain string suffix (`[[b/Note]]` matching `ab/Note.md`).",
    example: &[
        ("index.md", "# Index\n\n[[Note]]\n"),
        ("a/Note.md", "# A\n"),
        ("b/Note.md", "# B\n"),
    ],
    fixed: &[
        ("index.md", "# Index\n\n[[a/Note]]\n"),
        ("a/Note.md", "# A\n"),
        ("b/Note.md", "# B\n"),
    ],
};

impl Rule for AmbiguousLink {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_note(&self, ctx: &NoteContext<'_>, out: &mut Vec<Finding>) {
        for (link, resolution) in ctx.note.links.iter().zip(ctx.resolutions) {
            let Resolution::Found(found) = resolution else {
                continue;
            };
            let files = &ctx.vault.files;
            let picked = &files[found.file].path;
            if let Some(quirk) = found.obsidian_pick() {
                out.push(
                    Finding::new(
                        link.span(),
                        format!(
                            "`{}` resolves to `{picked}`, but Obsidian opens `{}` (it matches paths by plain string suffix){}",
                            link.target(),
                            files[quirk].path,
                            super::shared::where_written(link)
                        ),
                    )
                    .help(format!(
                        "write the full path: `{}`",
                        super::shared::rewritten(link, picked.strip_suffix(".md").unwrap_or(picked))
                    )),
                );
                continue;
            }
            if found.alternatives().is_empty() {
                continue;
            }
            let others: Vec<String> = found
                .alternatives()
                .iter()
                .map(|&f| format!("`{}`", files[f].path))
                .collect();
            out.push(
                Finding::new(
                    link.span(),
                    format!(
                        "`{}` matches {} files; Obsidian picks `{picked}`{}",
                        link.target(),
                        others.len() + 1,
                        super::shared::where_written(link)
                    ),
                )
                .help(format!(
                    "also matched: {}; write a path to choose one, e.g. `{}`",
                    others.join(", "),
                    super::shared::rewritten(link, picked.strip_suffix(".md").unwrap_or(picked))
                )),
            );
        }
    }
}
