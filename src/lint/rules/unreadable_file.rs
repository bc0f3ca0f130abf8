//! `unreadable-file`: a file or folder that could not be read as UTF-8
//! text: permissions, invalid encoding, a symlink loop.

use crate::config::RuleLevel;
use crate::lint::diagnostic::{FileFinding, Finding};
use crate::lint::rule::{NoteContext, Rule, RuleMeta, VaultContext};

pub struct UnreadableFile;

static META: RuleMeta = RuleMeta {
    name: "unreadable-file",
    default_level: RuleLevel::Error,
    fixable: false,
    summary: "a note or folder cannot be read (permissions, not UTF-8, symlink loop)",
    explanation: "Obsidian and phasebook read notes as UTF-8. A note in another encoding shows \
as garbage and its links are misread; a file or folder without read permission, or a symlink \
that loops back to its own ancestor, hides notes from every check. The rest of the vault is \
still checked.",
    // `latin1:` marks a file saved in Latin-1 rather than UTF-8 (see the
    // registry test): "é" becomes the single, invalid byte 0xE9.
    example: &[("a.md", "latin1:caf\u{e9} ok")],
    fixed: &[("a.md", "café ok")],
};

impl Rule for UnreadableFile {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_note(&self, ctx: &NoteContext<'_>, out: &mut Vec<Finding>) {
        if let Some(problem) = &ctx.note.problem {
            out.push(
                Finding::new(problem.offset..problem.offset, problem.message.clone())
                    .help("save the file as UTF-8 text readable by the user running phasebook"),
            );
        }
    }

    fn check_vault(&self, ctx: &VaultContext<'_>, out: &mut Vec<FileFinding>) {
        let vault = ctx.vault;
        for problem in &vault.walk_problems {
            if problem.kind != crate::vault::discover::ProblemKind::Unreadable {
                continue;
            }
            out.push(FileFinding {
                path: problem.path.clone(),
                finding: Finding::new(0..0, problem.message.clone()),
            });
        }
    }
}
