//! `invalid-filename`: a file name holding characters that break links
//! (rule 19: `# | ^ : %% [[ ]]`).

use crate::config::RuleLevel;
use crate::lint::diagnostic::{FileFinding, Finding};
use crate::lint::rule::{Rule, RuleMeta, VaultContext};

pub struct InvalidFilename;

static META: RuleMeta = RuleMeta {
    name: "invalid-filename",
    default_level: RuleLevel::Warn,
    fixable: false,
    summary: "a file name contains characters that links cannot name (# | ^ : %% [[ ]])",
    explanation: "In a wikilink, `#` starts a heading, `|` the display text, `^` a block id; \
`:` is invalid on Windows and macOS, and `%%`, `[[`, `]]` delimit comments and links. A note \
whose name holds one of them cannot be linked reliably, and the vault does not survive a \
checkout on another operating system.",
    example: &[("Q&A: deploys.md", "# Q&A\n")],
    fixed: &[("Q&A - deploys.md", "# Q&A\n")],
};

const BAD: &[&str] = &["#", "|", "^", ":", "%%", "[[", "]]"];

impl Rule for InvalidFilename {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_vault(&self, ctx: &VaultContext<'_>, out: &mut Vec<FileFinding>) {
        let vault = ctx.vault;
        for file in &vault.files {
            let name = file.name();
            let found: Vec<&str> = BAD.iter().copied().filter(|b| name.contains(b)).collect();
            if found.is_empty() {
                continue;
            }
            let list: Vec<String> = found.iter().map(|b| format!("`{b}`")).collect();
            out.push(FileFinding {
                path: file.path.clone(),
                finding: Finding::new(
                    0..0,
                    format!("file name `{name}` contains {}", list.join(", ")),
                )
                .help("rename the file without these characters (links to it may not work)"),
            });
        }
    }
}
