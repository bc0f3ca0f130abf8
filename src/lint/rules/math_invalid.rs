//! `math-invalid`: `$…$` or `$$…$$` math the site cannot render to MathML
//! (OBSIDIAN-RENDERING R8). The site shows its source instead, marked; this
//! rule says so before a reader sees it. It renders with the same function
//! the site does ([`crate::math::to_mathml`]), so the two agree.

use crate::config::RuleLevel;
use crate::lint::diagnostic::Finding;
use crate::lint::rule::{NoteContext, Rule, RuleMeta};

pub struct MathInvalid;

static META: RuleMeta = RuleMeta {
    name: "math-invalid",
    default_level: RuleLevel::Warn,
    fixable: false,
    summary: "math (`$…$`, `$$…$$`) the site cannot render",
    explanation: "Math between dollars is rendered to MathML when the site is built, so a \
reader's browser needs no script. LaTeX that does not parse (an unclosed brace, an unknown \
command, `\\\\` outside an environment in inline math) cannot be rendered: the site shows its \
source, marked, instead. The message gives the first problem the parser found.",
    example: &[("a.md", "# A\n\nThe ratio $\\fracc{a}{b}$ grows.\n")],
    fixed: &[("a.md", "# A\n\nThe ratio $\\frac{a}{b}$ grows.\n")],
};

impl Rule for MathInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_note(&self, ctx: &NoteContext<'_>, out: &mut Vec<Finding>) {
        let note = ctx.note;
        for math in &note.math {
            // Hidden in a `%%comment%%`, it is not rendered either.
            if crate::vault::links::in_ranges(&note.comments, math.span.start) {
                continue;
            }
            if let Err(why) = crate::math::to_mathml(&math.tex, math.display) {
                out.push(
                    Finding::new(
                        math.span.clone(),
                        format!("this math cannot be rendered: {why}"),
                    )
                    .help("the site shows its source instead; fix the LaTeX"),
                );
            }
        }
    }
}
