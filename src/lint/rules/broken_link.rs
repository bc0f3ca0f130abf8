//! `broken-link`: a wikilink or embed whose target is not in the vault.

use crate::config::RuleLevel;
use crate::lint::diagnostic::{Edit, Finding, Fix};
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
that is only another note's alias is reported by `alias-link` instead. When git shows the \
missing file renamed (in the staged changes or the last 200 commits; a rename made in Obsidian \
or with `mv` shows once both paths are added, `git add -A`) to a file the vault has, the help \
names the new path and `check --fix` rewrites the link to it.",
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
        && matches!(link.origin(), crate::vault::Origin::Frontmatter(key) if key.starts_with("artifacts."))
}

/// A broken link's target that git saw renamed, and the link rewritten
/// to the file it is now.
struct Renamed<'r> {
    rename: &'r crate::lint::renames::Rename,
    to: &'r str,
    replacement: String,
}

/// What git says of `link`'s missing target. Git's word beats a guess: a
/// file renamed in this change or a recent commit is where the link was
/// meant to go, even when another file is spelled alike.
fn renamed<'r>(ctx: &NoteContext<'r>, link: &crate::vault::Link) -> Option<Renamed<'r>> {
    let (file, rename) = ctx.renames.find(ctx.vault, link)?;
    // As Obsidian rewrites links when a file is renamed: the new file's
    // shortest unambiguous name, the old name not kept as display text
    // (a display text the link had is kept, and so is its `#subpath`).
    let target = super::shared::link_text_for(ctx.vault, file);
    Some(Renamed {
        rename,
        to: &ctx.vault.files[file].path,
        replacement: super::shared::rewritten_to(link, &target, false),
    })
}

impl Renamed<'_> {
    fn into_finding(self, finding: Finding) -> Finding {
        let span = finding.span.clone();
        finding
            .help(format!(
                "renamed to `{}` {}: write `{}`",
                self.to, self.rename.when, self.replacement
            ))
            .fix(Fix {
                description: format!("link to `{}`, where the file was renamed", self.to),
                edits: vec![Edit {
                    range: span,
                    replacement: self.replacement,
                }],
            })
    }
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
            let finding = Finding::new(
                link.span(),
                format!(
                    "`{}` {what}{}",
                    link.target(),
                    super::shared::where_written(link)
                ),
            );
            out.push(match renamed(ctx, link) {
                Some(renamed) => renamed.into_finding(finding),
                None => finding.maybe_help(super::shared::unresolved_help(
                    ctx.vault, ctx.note, link, why,
                )),
            });
        }
    }
}
