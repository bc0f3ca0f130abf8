//! `mermaid-invalid`: a ```` ```mermaid ```` block Mermaid cannot draw
//! because it names no diagram type it knows (OBSIDIAN-RENDERING R13).
//!
//! The site draws diagrams in the reader's browser with the vendored
//! Mermaid (`site-templates/mermaid.min.js`), which shows an error in
//! place of such a block. `check` has no JavaScript to run Mermaid's own
//! parser, so it reads what Mermaid reads first: the diagram type on the
//! first line of the definition (after a `---` config block, `%%{…}%%`
//! directives and `%%` comments). A typo there (`flowchat`, `sequence`)
//! is the mistake that leaves a whole diagram undrawn; errors inside a
//! diagram's body are Mermaid's to show on the page.

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::config::RuleLevel;
use crate::lint::diagnostic::Finding;
use crate::lint::rule::{NoteContext, Rule, RuleMeta};

pub struct MermaidInvalid;

static META: RuleMeta = RuleMeta {
    name: "mermaid-invalid",
    default_level: RuleLevel::Warn,
    fixable: false,
    summary: "a Mermaid block that names no diagram type Mermaid knows",
    explanation: "A fenced block in the `mermaid` language is drawn as a diagram on the site, \
by the Mermaid script shipped with it. Mermaid first reads the diagram type on the definition's \
first line (`flowchart`, `sequenceDiagram`, `gantt`, …); an unknown or missing type draws \
nothing but an error box. This rule knows the types of the Mermaid version phasebook ships; \
errors further into a diagram are shown by Mermaid on the page.",
    example: &[(
        "a.md",
        "# A\n\n```mermaid\nflowchat LR\n  Plan --> Build\n```\n",
    )],
    fixed: &[(
        "a.md",
        "# A\n\n```mermaid\nflowchart LR\n  Plan --> Build\n```\n",
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
        if memchr::memmem::find(note.source.as_bytes(), b"mermaid").is_none() {
            return;
        }
        let body = note.body();
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
                        // The line of the unknown type, found in the block
                        // after its fence; else the fence.
                        let fence_end = body[start..range.end]
                            .find('\n')
                            .map_or(range.end, |i| start + i);
                        let at = first_statement(&definition)
                            .and_then(|first| body[fence_end..range.end].find(first))
                            .map_or(start, |i| fence_end + i);
                        let line = note.lines.line_range(&body, note.lines.line_of(at));
                        out.push(Finding::new(line, problem).help(
                            "start the diagram with its type, e.g. `flowchart LR` or \
                             `sequenceDiagram`; the site shows an error in its place",
                        ));
                    }
                }
                _ => {}
            }
        }
    }
}

/// Why Mermaid would draw nothing of `definition`, if it names no type.
fn problem(definition: &str) -> Option<String> {
    let first = first_statement(definition);
    let Some(first) = first else {
        return Some("this Mermaid block is empty".to_string());
    };
    let known = DIAGRAM_TYPES.iter().any(|kind| {
        first.starts_with(kind)
            || (ANY_CASE.contains(kind)
                && first
                    .get(..kind.len())
                    .is_some_and(|start| start.eq_ignore_ascii_case(kind)))
    });
    if known {
        return None;
    }
    let word: String = first
        .chars()
        .take_while(|c| !c.is_whitespace())
        .take(40)
        .collect();
    Some(format!("`{word}` is not a Mermaid diagram type"))
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
        assert_eq!(problem("flowchart LR\n A --> B"), None);
        assert_eq!(
            problem("\n---\ntitle: x\n---\n%%{init: {}}%%\n%% c\ngraph TD\n"),
            None
        );
        assert_eq!(problem("WARDLEY-BETA\n"), None);
        assert_eq!(
            problem("flowchat LR\n"),
            Some("`flowchat` is not a Mermaid diagram type".to_string())
        );
        assert_eq!(
            problem("%% only a comment\n"),
            Some("this Mermaid block is empty".to_string())
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
