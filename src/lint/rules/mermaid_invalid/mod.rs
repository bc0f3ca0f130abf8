//! `mermaid-invalid`: a ```` ```mermaid ```` block Mermaid cannot draw
//! because it names no diagram type it knows (OBSIDIAN-RENDERING R13).
//!
//! The site draws diagrams in the reader's browser with the vendored
//! Mermaid (`site-templates/mermaid.min.js`), which shows an error in
//! place of such a block. `check` has no JavaScript to run Mermaid's own
//! parser, so it reads what Mermaid reads first: the diagram type on the
//! first line of the definition (after a `---` config block, `%%{…}%%`
//! directives and `%%` comments). A typo there (`flowchat`, `sequence`)
//! is the mistake that leaves a whole diagram undrawn. In the bodies of
//! flowcharts, sequence, state and class diagrams it reads what Mermaid
//! certainly refuses (`body.rs`): a block left open or closed twice, a
//! quote never closed, brackets in unquoted node text. Other errors inside
//! a diagram are Mermaid's to show on the page.

mod body;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::config::RuleLevel;
use crate::lint::diagnostic::Finding;
use crate::lint::rule::{NoteContext, Rule, RuleMeta};

pub struct MermaidInvalid;

static META: RuleMeta = RuleMeta {
    name: "mermaid-invalid",
    default_level: RuleLevel::Warn,
    fixable: false,
    summary: "a Mermaid block Mermaid cannot draw: no diagram type it knows, an unclosed block or quote, a reserved character in node text",
    explanation: "A fenced block in the `mermaid` language is drawn as a diagram on the site, \
by the Mermaid script shipped with it. Mermaid first reads the diagram type on the definition's \
first line (`flowchart`, `sequenceDiagram`, `gantt`, …); an unknown or missing type draws \
nothing but an error box. This rule knows the types of the Mermaid version phasebook ships, \
and in flowcharts, sequence, state and class diagrams the mistakes Mermaid's parser certainly \
refuses: a `subgraph`, `loop`, `alt`… without its `end` (or an `end` too many), a `state X {` \
never closed, a `\"` never closed, and `[ ] ( ) { } | \"` in a node's text or an edge label that \
is not quoted (`A[\"Hello (world)\"]`). Other errors in a diagram are shown by Mermaid on the \
page.",
    example: &[(
        "a.md",
        "# A\n\n```mermaid\nflowchat LR\n  Plan --> Build\n```\n\n```mermaid\nflowchart LR\n  Plan --> Build[Build (CI)]\n```\n",
    )],
    fixed: &[(
        "a.md",
        "# A\n\n```mermaid\nflowchart LR\n  Plan --> Build\n```\n\n```mermaid\nflowchart LR\n  Plan --> Build[\"Build (CI)\"]\n```\n",
    )],
};

/// The diagram types of the vendored Mermaid 11.17.2: the start of a
/// definition each of its detectors accepts (`/^\s*flowchart/` and so on).
/// A test reads them back from `site-templates/mermaid.min.js`.
pub(crate) const DIAGRAM_TYPES: &[&str] = &[
    "architecture",
    "block",
    "C4Component",
    "C4Container",
    "C4Context",
    "C4Deployment",
    "C4Dynamic",
    "classDiagram",
    "cynefin-beta",
    "erDiagram",
    "eventmodeling",
    "flowchart",
    "gantt",
    "gitGraph",
    "graph",
    "info",
    "ishikawa",
    "journey",
    "kanban",
    "mindmap",
    "packet",
    "pie",
    "quadrantChart",
    "radar-beta",
    "railroad-abnf-beta",
    "railroad-beta",
    "railroad-ebnf-beta",
    "railroad-peg-beta",
    "requirement",
    "sankey",
    "sequenceDiagram",
    "stateDiagram",
    "swimlane-beta",
    "timeline",
    "treeView-beta",
    "treemap",
    "venn-beta",
    "wardley-beta",
    "xychart",
];

/// Detectors Mermaid matches without regard to case.
const ANY_CASE: &[&str] = &[
    "ishikawa",
    "railroad-abnf-beta",
    "railroad-beta",
    "railroad-ebnf-beta",
    "railroad-peg-beta",
    "wardley-beta",
];

impl Rule for MermaidInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_note(&self, ctx: &NoteContext<'_>, out: &mut Vec<Finding>) {
        let note = ctx.note;
        // Only notes that mention Mermaid are parsed again.
        if memchr::memmem::find(ctx.text.as_bytes(), b"mermaid").is_none() {
            return;
        }
        let body = note.body_of(ctx.text);
        let parser = Parser::new_ext(&body, crate::vault::note::markdown_options());
        let mut block: Option<(usize, String)> = None;
        for (event, range) in parser.into_offset_iter() {
            match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                    if info.split_whitespace().next() == Some("mermaid") =>
                {
                    block = Some((range.start, String::new()));
                }
                Event::Text(text) => {
                    if let Some((_, definition)) = block.as_mut() {
                        definition.push_str(&text);
                    }
                }
                Event::End(TagEnd::CodeBlock) => {
                    let Some((start, definition)) = block.take() else {
                        continue;
                    };
                    if crate::vault::links::in_ranges(&note.comments, start) {
                        continue;
                    }
                    if let Some(problem) = problem(&definition) {
                        // The definition starts on the line after the
                        // fence; a problem without a line of its own (the
                        // type) is on the first statement's.
                        let fence_line = note.lines_in(ctx.text).line_of(start);
                        let line = match problem.line {
                            Some(n) => fence_line + 1 + n,
                            None => {
                                let fence_end = body[start..range.end]
                                    .find('\n')
                                    .map_or(range.end, |i| start + i);
                                let at = first_statement(&definition)
                                    .and_then(|first| body[fence_end..range.end].find(first))
                                    .map_or(start, |i| fence_end + i);
                                note.lines_in(ctx.text).line_of(at)
                            }
                        };
                        let mut span = note.lines_in(ctx.text).line_range(&body, line);
                        // The character at fault, found in the line as
                        // written (indented, in a list or a quote).
                        if let (Some(column), Some(n)) = (problem.column, problem.line)
                            && let Some(statement) = definition.lines().nth(n).map(str::trim)
                            && let Some(start) = body[span.clone()].find(statement)
                        {
                            let at = span.start + start + column;
                            let len = body[at..].chars().next().map_or(0, char::len_utf8);
                            span = at..at + len;
                        }
                        out.push(Finding::new(span, problem.message).help(problem.help));
                    }
                }
                _ => {}
            }
        }
    }
}

/// Why Mermaid would draw nothing of `definition`: the line of the
/// definition at fault (`None`: its first statement), the message, the help.
struct Problem {
    line: Option<usize>,
    /// The byte of the line's trimmed text at fault, if one is.
    column: Option<usize>,
    message: String,
    help: &'static str,
}

const TYPE_HELP: &str = "start the diagram with its type, e.g. `flowchart LR` or \
                         `sequenceDiagram`; the site shows an error in its place";

fn problem(definition: &str) -> Option<Problem> {
    let first = first_statement(definition);
    let Some(first) = first else {
        return Some(Problem {
            line: None,
            column: None,
            message: "this Mermaid block is empty".to_string(),
            help: TYPE_HELP,
        });
    };
    let known = DIAGRAM_TYPES.iter().any(|kind| {
        first.starts_with(kind)
            || (ANY_CASE.contains(kind)
                && first
                    .get(..kind.len())
                    .is_some_and(|start| start.eq_ignore_ascii_case(kind)))
    });
    let word: String = first
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != ';')
        .take(40)
        .collect();
    if known {
        return body::body_problem(&word, definition).map(|p| Problem {
            line: Some(p.line),
            column: p.column,
            message: p.message,
            help: p.help,
        });
    }
    Some(Problem {
        line: None,
        column: None,
        message: format!("`{word}` is not a Mermaid diagram type"),
        help: TYPE_HELP,
    })
}

/// The definition's first line that is not blank, a comment, a directive or
/// part of the `---` config block at its top.
fn first_statement(definition: &str) -> Option<&str> {
    let mut lines = definition.lines().map(str::trim).peekable();
    while lines.peek().is_some_and(|l| l.is_empty()) {
        lines.next();
    }
    if lines.peek() == Some(&"---") {
        lines.next();
        for line in lines.by_ref() {
            if line == "---" {
                break;
            }
        }
    }
    lines.find(|l| !l.is_empty() && !l.starts_with("%%"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_is_read_after_config_directives_and_comments() {
        let message = |d: &str| problem(d).map(|p| p.message);
        assert_eq!(message("flowchart LR\n A --> B"), None);
        assert_eq!(
            message("\n---\ntitle: x\n---\n%%{init: {}}%%\n%% c\ngraph TD\n"),
            None
        );
        assert_eq!(message("WARDLEY-BETA\n"), None);
        assert_eq!(
            message("flowchat LR\n"),
            Some("`flowchat` is not a Mermaid diagram type".to_string())
        );
        assert_eq!(
            message("%% only a comment\n"),
            Some("this Mermaid block is empty".to_string())
        );
    }

    /// Body problems are placed on their line of the definition, counted
    /// after the config block, directives and comments before the type.
    #[test]
    fn body_problems_name_their_line() {
        let p = problem("---\ntitle: x\n---\ngraph TD\n  A --> B\n  C[Hello (world)]\n").unwrap();
        assert_eq!(p.line, Some(5));
        assert_eq!(p.message, "`(` inside the text of node `C`");
        let p = problem("sequenceDiagram\n  loop every minute\n  A->>B: ping\n").unwrap();
        assert_eq!(
            (p.line, p.message.as_str()),
            (Some(1), "this `loop` block is never closed")
        );
    }

    /// The list is the vendored script's: each type is the start of one of
    /// its detectors, and each detector's start is in the list.
    #[test]
    fn the_types_are_those_of_the_vendored_mermaid() {
        let script = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("site-templates/mermaid.min.js"),
        )
        .expect("vendored Mermaid");
        let detectors: std::collections::BTreeSet<String> = script
            .match_indices(r"/^\s*")
            .filter_map(|(at, _)| {
                let word: String = script[at + 5..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                (!word.is_empty()).then_some(word)
            })
            .collect();
        for kind in DIAGRAM_TYPES {
            // The C4 detector is one pattern of alternatives:
            // `/^\s*C4Context|C4Container|…/`.
            assert!(
                detectors.iter().any(|d| d == kind) || script.contains(&format!("|{kind}")),
                "{kind} is no detector's start: {detectors:?}"
            );
        }
        for detector in &detectors {
            // `-v2`, `-elk`, `Diagram`, `-beta` variants start with a
            // listed type; digits are not a diagram (`/^\s*\d+/`).
            assert!(
                detector.chars().all(|c| c.is_ascii_digit())
                    || DIAGRAM_TYPES.iter().any(|kind| detector.starts_with(kind)),
                "detector {detector} is not in DIAGRAM_TYPES"
            );
        }
    }
}
