//! `frontmatter-misplaced`: a frontmatter block after the H1, as in the
//! seed phase documents. phasebook reads it; Obsidian does not.

use crate::config::RuleLevel;
use crate::lint::diagnostic::{Edit, Finding, Fix};
use crate::lint::rule::{NoteContext, Rule, RuleMeta};
use crate::vault::frontmatter::Placement;

pub struct FrontmatterMisplaced;

static META: RuleMeta = RuleMeta {
    name: "frontmatter-misplaced",
    default_level: RuleLevel::Warn,
    fixable: true,
    summary: "the frontmatter block stands after the H1 instead of at the top",
    explanation: "Obsidian (like every static site generator) reads frontmatter only at the \
very top of a file. A block placed after the title is shown as a horizontal rule and a \
heading made of YAML, and its properties — tags, aliases, phase keys — are invisible to \
Obsidian. phasebook reads it anyway, so its checks work, and `--fix` moves the block to the \
top of the file unchanged.",
    example: &[(
        "05-release.md",
        "# Release Phase\n\n---\nphase: 05\nname: \"Release\"\n---\n\n## Overview\n",
    )],
    fixed: &[(
        "05-release.md",
        "---\nphase: 05\nname: \"Release\"\n---\n# Release Phase\n\n## Overview\n",
    )],
};

impl Rule for FrontmatterMisplaced {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_note(&self, ctx: &NoteContext<'_>, out: &mut Vec<Finding>) {
        let Some(fm) = &ctx.note.frontmatter else {
            return;
        };
        if fm.placement != Placement::AfterH1 || fm.value.is_none() {
            return;
        }
        let source = ctx.text;
        let opening_end = source[fm.block.start..]
            .find(['\r', '\n'])
            .map(|i| fm.block.start + i)
            .unwrap_or(fm.block.end);
        // Remove the block and one blank line after it; insert it at the top.
        let mut remove_end = fm.block.end;
        let rest = &source[remove_end..];
        if rest.starts_with("\r\n") {
            remove_end += 2;
        } else if rest.starts_with('\n') {
            remove_end += 1;
        }
        let mut block = source[fm.block.clone()].to_string();
        if !block.ends_with('\n') {
            block.push('\n');
        }
        out.push(
            Finding::new(
                fm.block.start..opening_end,
                "frontmatter comes after the H1; Obsidian reads it only at the top of the file",
            )
            .help("move the block to the first line (`phasebook check --fix` does it)")
            .fix(Fix {
                description: "move the frontmatter block to the top".to_string(),
                edits: vec![
                    Edit {
                        // A byte order mark is not in `source`; --fix
                        // writes it back before this.
                        range: 0..0,
                        replacement: block,
                    },
                    Edit {
                        range: fm.block.start..remove_end,
                        replacement: String::new(),
                    },
                ],
            }),
        );
    }
}
