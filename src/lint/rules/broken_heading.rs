//! `broken-heading`: the target note exists, the `#heading`, `#A#B` chain,
//! `#^block` or `#[^footnote]` in it does not. Obsidian never reports these;
//! the link silently opens the top of the note.

use crate::config::RuleLevel;
use crate::lint::diagnostic::Finding;
use crate::lint::rule::{NoteContext, Rule, RuleMeta};
use crate::text::{obsidian_norm, slugify};
use crate::vault::{Note, Resolution, Subpath};

pub struct BrokenHeading;

static META: RuleMeta = RuleMeta {
    name: "broken-heading",
    default_level: RuleLevel::Error,
    fixable: false,
    summary: "a link's #heading or #^block is not in the target note",
    explanation: "A wikilink may name a heading (`[[note#Exit Criteria]]`), a chain of nested \
headings (`[[note#Activities#Review]]`) or a block id (`[[note#^step-3]]`). Headings compare \
the way Obsidian compares them: case and punctuation are ignored, but `-` and `_` are not, so \
`#Exit-Criteria` does not match `## Exit Criteria`. When the heading is renamed the link still \
opens the note, at the top: the reader lands in the wrong place and nothing tells anyone.",
    example: &[
        (
            "a.md",
            "# A\n\nSee [[b#Exit Criteria]] and [[b#^missing]].\n",
        ),
        ("b.md", "# B\n\n## Exit criteria list\n"),
    ],
    fixed: &[
        ("a.md", "# A\n\nSee [[b#Exit Criteria]] and [[b#^step]].\n"),
        ("b.md", "# B\n\n## Exit Criteria\n\nDo it. ^step\n"),
    ],
};

/// The heading of `note` closest to `wanted`, for the help line.
fn closest_heading<'n>(note: &'n Note, wanted: &str) -> Option<&'n str> {
    let norm = obsidian_norm(wanted);
    let slug = slugify(wanted);
    if let Some(h) = note.headings.iter().find(|h| {
        slugify(h.text()) == slug
            || obsidian_norm(&h.raw().replace(['-', '_'], " ")) == norm.replace(['-', '_'], " ")
    }) {
        return Some(h.raw());
    }
    crate::suggest::closest(&norm, note.headings.iter().map(|h| h.raw()))
}

impl Rule for BrokenHeading {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_note(&self, ctx: &NoteContext<'_>, out: &mut Vec<Finding>) {
        for (link, resolution) in ctx.note.links.iter().zip(ctx.resolutions) {
            let Resolution::Found(found) = resolution else {
                continue;
            };
            if !found.subpath.is_missing() || link.kind.is_markdown() {
                continue;
            }
            let file = &ctx.vault.files[found.file];
            let Some(target) = file.note.map(|id| &ctx.vault.notes[id]) else {
                continue;
            };
            let subpath = link.subpath().unwrap_or("");
            let (message, help) = match &found.subpath {
                Subpath::MissingBlock => (
                    format!("`{}` has no block `{subpath}`", file.path),
                    (!target.block_ids.is_empty()).then(|| {
                        let ids: Vec<String> = target
                            .block_ids
                            .iter()
                            .take(5)
                            .map(|b| format!("^{}", b.id))
                            .collect();
                        format!("its block ids are: {}", ids.join(", "))
                    }),
                ),
                Subpath::MissingFootnote => {
                    (format!("`{}` has no footnote `{subpath}`", file.path), None)
                }
                Subpath::MissingHeading { matched } => {
                    let parts: Vec<&str> = subpath.split('#').filter(|p| !p.is_empty()).collect();
                    let missing = parts.get(*matched as usize).copied().unwrap_or(subpath);
                    let message = if parts.len() > 1 {
                        format!(
                            "`{}` has no heading `{}` (chain `{}`){}",
                            file.path,
                            missing,
                            parts.join(" › "),
                            super::shared::where_written(link)
                        )
                    } else {
                        format!(
                            "`{}` has no heading `{missing}`{}",
                            file.path,
                            super::shared::where_written(link)
                        )
                    };
                    let help =
                        closest_heading(target, missing).map(|h| format!("did you mean `#{h}`?"));
                    (message, help)
                }
                _ => continue,
            };
            out.push(Finding::new(link.span(), message).maybe_help(help));
        }
    }
}
