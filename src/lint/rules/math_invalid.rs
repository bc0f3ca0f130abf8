//! `math-invalid`: `$…$` or `$$…$$` math the site cannot render to MathML
//! (OBSIDIAN-RENDERING R8), and a `$$` that opens display math no `$$`
//! closes. The site shows their source instead; this rule says so before a
//! reader sees it. It renders with the same function the site does
//! ([`crate::math::to_mathml`]), so the two agree.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

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
source, marked, instead. The message gives the first problem the parser found. A `$$` with no \
`$$` after it in its paragraph opens no math at all: the page shows the dollars and the TeX as \
text.",
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
        for at in unclosed_display_math(note, ctx.text) {
            out.push(
                Finding::new(
                    at..at + 2,
                    "this `$$` opens display math that is never closed",
                )
                .help("close it with `$$` in the same paragraph; the site shows it as text"),
            );
        }
    }
}

/// The offsets of each `$$` left as text: one the Markdown parser did not
/// pair, outside code, HTML and comments and not escaped. Only notes with
/// a `$$` are parsed again.
fn unclosed_display_math(note: &crate::vault::Note, text: &str) -> Vec<usize> {
    if memchr::memmem::find(text.as_bytes(), b"$$").is_none() {
        return Vec::new();
    }
    let body = note.body_of(text);
    // Text the parser left as text, touching events joined: it may give
    // `$$` as two events of one `$`.
    let mut text: Vec<Range<usize>> = Vec::new();
    let mut in_code = false;
    let parser = Parser::new_ext(&body, crate::vault::note::markdown_options());
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(_) if !in_code => match text.last_mut() {
                Some(last) if last.end == range.start => last.end = range.end,
                _ => text.push(range),
            },
            _ => {}
        }
    }
    let bytes = body.as_bytes();
    text.iter()
        .flat_map(|r| {
            memchr::memmem::find_iter(&bytes[r.clone()], b"$$").map(move |at| r.start + at)
        })
        .filter(|&at| at == 0 || bytes[at - 1] != b'\\')
        .filter(|&at| !crate::vault::links::in_ranges(&note.comments, at))
        .collect()
}
