//! `alias-link`: `[[X]]` where X is only another note's alias. Obsidian
//! leaves such a link unresolved (rule 17); its suggestions would have
//! written `[[Real name|X]]`.

use crate::config::RuleLevel;
use crate::lint::diagnostic::{Edit, Finding, Fix};
use crate::lint::rule::{NoteContext, Rule, RuleMeta};
use crate::vault::Resolution;

pub struct AliasLink;

static META: RuleMeta = RuleMeta {
    name: "alias-link",
    default_level: RuleLevel::Warn,
    fixable: true,
    summary: "a link names another note's alias, which Obsidian does not resolve",
    explanation: "Aliases (`aliases:` in frontmatter) only feed Obsidian's link suggestions, \
which insert `[[Real name|Alias]]`. A hand-typed `[[Alias]]` stays unresolved in Obsidian and \
on the site. `--fix` rewrites it to `[[Real name|Alias]]` when exactly one note has the alias.",
    example: &[
        ("a.md", "# A\n\nSee the [[Runbook]].\n"),
        (
            "deployment-runbook.md",
            "---\naliases: [Runbook]\n---\n# Deployment runbook\n",
        ),
    ],
    fixed: &[
        ("a.md", "# A\n\nSee the [[deployment-runbook|Runbook]].\n"),
        (
            "deployment-runbook.md",
            "---\naliases: [Runbook]\n---\n# Deployment runbook\n",
        ),
    ],
};

impl Rule for AliasLink {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_note(&self, ctx: &NoteContext<'_>, out: &mut Vec<Finding>) {
        for (link, resolution) in ctx.note.links.iter().zip(ctx.resolutions) {
            if !matches!(resolution, Resolution::Unresolved(_)) {
                continue;
            }
            let owners = super::shared::alias_owners(ctx.vault, link);
            let Some(&owner) = owners.first() else {
                continue;
            };
            let owner_file = ctx.vault.note_files[owner];
            let target = super::shared::link_text_for(ctx.vault, owner_file);
            let replacement = super::shared::rewritten(link, &target);
            let owner_path = &ctx.vault.files[owner_file].path;
            let mut finding = Finding::new(
                link.span(),
                format!(
                    "`{}` is an alias of `{owner_path}`, and aliases are not link targets{}",
                    link.target(),
                    super::shared::where_written(link)
                ),
            );
            if owners.len() == 1 {
                finding = finding.help(format!("write `{replacement}`")).fix(Fix {
                    description: format!("link to `{owner_path}`"),
                    edits: vec![Edit {
                        range: link.span(),
                        replacement,
                    }],
                });
            } else {
                let all: Vec<String> = owners
                    .iter()
                    .map(|&n| format!("`{}`", ctx.vault.notes[n].path))
                    .collect();
                finding = finding.help(format!(
                    "several notes have this alias ({}); link one by name",
                    all.join(", ")
                ));
            }
            out.push(finding);
        }
    }
}
