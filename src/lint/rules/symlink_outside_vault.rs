//! `symlink-outside-vault`: a symlink in the vault whose target lies
//! outside it. The walk does not follow it: neither checked nor published.

use crate::config::RuleLevel;
use crate::lint::diagnostic::{FileFinding, Finding};
use crate::lint::rule::{Rule, RuleMeta, VaultContext};
use crate::vault::discover::ProblemKind;

pub struct SymlinkOutsideVault;

static META: RuleMeta = RuleMeta {
    name: "symlink-outside-vault",
    default_level: RuleLevel::Warn,
    fixable: false,
    summary: "a symlink leads outside the vault; it is neither checked nor published",
    explanation: "A symlink in the vault to a file or folder outside it would publish \
whatever it points to — a home folder, a secret, the whole file system (a link to `/`). \
phasebook never reads such a link: it is reported once, here, and left out of `check` and \
of the site. Symlinks whose target is inside the vault are followed, as Obsidian follows \
them. Set `[build] follow-symlinks = \"all\"` to follow every symlink on purpose.",
    // `symlink:` marks a symlink to the path that follows (see the fixture
    // writer in tests/common).
    example: &[("a.md", "# A\n"), ("root", "symlink:/")],
    fixed: &[("a.md", "# A\n")],
};

impl Rule for SymlinkOutsideVault {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_vault(&self, ctx: &VaultContext<'_>, out: &mut Vec<FileFinding>) {
        for problem in &ctx.vault.walk_problems {
            if problem.kind == ProblemKind::SymlinkOutside {
                out.push(FileFinding {
                    path: problem.path.clone(),
                    finding: Finding::new(0..0, problem.message.clone()).help(
                        "move the file into the vault, or set [build] follow-symlinks = \"all\"",
                    ),
                });
            }
        }
    }
}
