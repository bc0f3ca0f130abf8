//! `broken-markdown-link`: a relative `[text](path.md#anchor)` or image to a
//! missing file or anchor. Resolved vault-wide like wikilinks (rule 6).

use crate::config::RuleLevel;
use crate::lint::diagnostic::Finding;
use crate::lint::rule::{NoteContext, Rule, RuleMeta};
use crate::vault::Resolution;

pub struct BrokenMarkdownLink;

static META: RuleMeta = RuleMeta {
    name: "broken-markdown-link",
    default_level: RuleLevel::Error,
    fixable: false,
    summary: "a relative Markdown link or image points to a missing file or anchor",
    explanation: "`[text](path.md)` and `![alt](image.png)` without a URL scheme are internal \
links. Obsidian resolves them like wikilinks (percent-decoded, `.md` optional, then by name \
anywhere in the vault); the `#anchor` must be a heading of the target, written as its slug \
(`#exit-criteria`), its text (`#Exit%20Criteria`) or the id the site gives a repeated heading \
(`#notes-1`), or a `^block` id. External URLs are not \
checked: that is a link checker's job, and tests here never touch the network.",
    example: &[
        (
            "a.md",
            "# A\n\n[plan](plans/relase-plan.md) and [exit](b.md#exit)\n",
        ),
        ("plans/release-plan.md", "# Plan\n"),
        ("b.md", "# B\n\n## Entry\n"),
    ],
    fixed: &[
        (
            "a.md",
            "# A\n\n[plan](plans/release-plan.md) and [exit](b.md#entry)\n",
        ),
        ("plans/release-plan.md", "# Plan\n"),
        ("b.md", "# B\n\n## Entry\n"),
    ],
};

impl Rule for BrokenMarkdownLink {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_note(&self, ctx: &NoteContext<'_>, out: &mut Vec<Finding>) {
        for (link, resolution) in ctx.note.links.iter().zip(ctx.resolutions) {
            if !link.kind.is_markdown() {
                continue;
            }
            match resolution {
                Resolution::Unresolved(why) => out.push(
                    Finding::new(
                        link.span(),
                        format!("`{}` is not a file in the vault", link.target()),
                    )
                    .maybe_help(super::shared::unresolved_help(
                        ctx.vault, ctx.note, link, why,
                    )),
                ),
                Resolution::Found(found) if found.subpath.is_missing() => {
                    let file = &ctx.vault.files[found.file];
                    let fragment = link.subpath().unwrap_or("");
                    let help = file.note.and_then(|id| {
                        let target = &ctx.vault.notes[id];
                        let slugs: Vec<String> = target
                            .headings
                            .iter()
                            .map(|h| crate::text::slugify(h.text()))
                            .collect();
                        crate::suggest::closest(fragment, slugs.iter().map(String::as_str))
                            .map(|s| format!("did you mean `#{s}`?"))
                    });
                    out.push(
                        Finding::new(
                            link.span(),
                            format!("`{}` has no anchor `#{fragment}`", file.path),
                        )
                        .maybe_help(help),
                    );
                }
                Resolution::Found(_) => {}
            }
        }
    }
}
