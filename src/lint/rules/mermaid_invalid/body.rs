//! What Mermaid's parser refuses inside the body of the four commonest
//! diagram types, read without running Mermaid: blocks left open or closed
//! twice, and flowchart text that needs quotes.
//!
//! Each check is one Mermaid 11.17.2 refuses (the browser test
//! `tests/e2e/mermaid.test.mjs` runs the vendored parser over the fixture
//! `tests/fixtures/mermaid/` and requires every block flagged here to be
//! refused there, and every block passed here and meant valid to be drawn).
//! What is not certain is left to Mermaid's error box on the page: a
//! wrong warning in a pre-commit hook costs more than a late one.

/// A definition Mermaid will not draw: the line (counted from the
/// definition's first line, 0-based), what is wrong, how to mend it.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct BodyProblem {
    pub line: usize,
    /// The byte of the trimmed line at fault, if one is.
    pub column: Option<usize>,
    pub message: String,
    pub help: &'static str,
}

/// The first problem of `definition`'s body, for the diagram `kind` (the
/// first word of its first statement).
pub(super) fn body_problem(kind: &str, definition: &str) -> Option<BodyProblem> {
    match kind {
        "graph" | "flowchart" | "flowchart-v2" | "flowchart-elk" => flowchart(definition),
        "sequenceDiagram" => sequence(definition),
        "stateDiagram" | "stateDiagram-v2" => braces(definition, &["state"], true),
        "classDiagram" | "classDiagram-v2" => braces(definition, &["class", "namespace"], false),
        _ => None,
    }
}

/// The definition's statements after its header (the `---` config block
/// and the line naming the type): each line's parts between `;`s outside
/// quotes (Mermaid reads `;` as a line break), trimmed, with the line's
/// 0-based number and the part's byte offset in the trimmed line. `%%`
/// comments, blank parts and accessibility text (`accTitle: …`,
/// `accDescr: …`, `accDescr { … }`, free text to Mermaid) are left out.
fn statements(definition: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut in_config = false;
    let mut header_seen = false;
    let mut in_description = false;
    for (n, line) in definition.lines().map(str::trim).enumerate() {
        if !header_seen {
            if line == "---" {
                in_config = !in_config;
            } else if !in_config && !line.is_empty() && !line.starts_with("%%") {
                header_seen = true;
            }
            continue;
        }
        if in_description {
            in_description = !line.contains('}');
            continue;
        }
        if line.is_empty() || line.starts_with("%%") {
            continue;
        }
        if line.starts_with("accTitle") || line.starts_with("accDescr") {
            in_description = line.starts_with("accDescr")
                && line["accDescr".len()..].trim_start().starts_with('{')
                && !line.contains('}');
            continue;
        }
        let mut start = 0;
        let mut quoted = false;
        let mut push = |from: usize, to: usize| {
            let part = &line[from..to];
            let text = part.trim();
            if !text.is_empty() {
                out.push((n, from + part.len() - part.trim_start().len(), text));
            }
        };
        for (i, byte) in line.bytes().enumerate() {
            if byte == b'"' {
                quoted = !quoted;
            } else if byte == b';' && !quoted {
                push(start, i);
                start = i + 1;
            }
        }
        push(start, line.len());
    }
    out
}

/// The line's first word, if it is `word` followed by a space, a `;` or
/// nothing (so `end_user` is not `end`).
fn first_word_is(line: &str, word: &str, any_case: bool) -> bool {
    let Some(start) = line.get(..word.len()) else {
        return false;
    };
    let same = if any_case {
        start.eq_ignore_ascii_case(word)
    } else {
        start == word
    };
    same && line[word.len()..]
        .chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || c == ';')
}

/// Sequence diagrams: `loop`, `alt`, `opt`, `par`, `critical`, `break`,
/// `rect` and `box` open a block that `end` closes; `else`, `and` and
/// `option` divide an open one. Mermaid reads these keywords in any case.
fn sequence(definition: &str) -> Option<BodyProblem> {
    const OPEN: &[&str] = &[
        "loop", "alt", "opt", "par_over", "par", "critical", "break", "rect", "box",
    ];
    let mut open: Vec<(usize, &str)> = Vec::new();
    for (n, _, line) in statements(definition) {
        if let Some(kw) = OPEN.iter().find(|kw| first_word_is(line, kw, true)) {
            open.push((n, kw));
        } else if first_word_is(line, "end", true) {
            if open.pop().is_none() {
                return Some(BodyProblem {
                    line: n,
                    column: None,
                    message: "this `end` closes no `loop`, `alt`, `opt`, `par`, `critical`, \
                              `break`, `rect` or `box` block"
                        .into(),
                    help: "remove the `end`, or open the block it was meant to close",
                });
            }
        } else if let Some(kw) = ["else", "and", "option"]
            .into_iter()
            .find(|kw| first_word_is(line, kw, true))
            && open.is_empty()
        {
            return Some(BodyProblem {
                line: n,
                column: None,
                message: format!(
                    "`{kw}` outside a block: it divides an open `alt`, `par` or `critical`"
                ),
                help: "open the block first (`alt …` for `else`, `par …` for `and`, `critical …` for `option`)",
            });
        }
    }
    open.pop().map(|(n, kw)| BodyProblem {
        line: n,
        column: None,
        message: format!("this `{kw}` block is never closed"),
        help: "close the block with a line `end`",
    })
}

/// State and class diagrams: `state X {` (`class X {`, `namespace X {`)
/// opens a body that a `}` closes (on a line of its own, or after a class's
/// last member: Mermaid ends a body at any `}`). State diagrams' multi-line
/// notes (`note right of X` … `end note`) are text, skipped.
fn braces(definition: &str, openers: &[&str], notes: bool) -> Option<BodyProblem> {
    let mut open: Vec<usize> = Vec::new();
    let mut in_note = false;
    for (n, _, line) in statements(definition) {
        if in_note {
            in_note = !line.eq_ignore_ascii_case("end note");
            continue;
        }
        if notes && first_word_is(line, "note", true) && !line.contains(':') {
            in_note = true;
            continue;
        }
        let opens = line.ends_with('{') && openers.iter().any(|o| first_word_is(line, o, false));
        // Mermaid lets an extra `}` pass.
        for _ in 0..closers(line) {
            open.pop();
        }
        if opens {
            open.push(n);
        }
    }
    open.pop().map(|n| BodyProblem {
        line: n,
        column: None,
        message: "this `{` is never closed".into(),
        help: "close the body with a line `}`",
    })
}

/// The `}`s of a line outside quotes.
fn closers(line: &str) -> usize {
    let mut quoted = false;
    line.bytes()
        .filter(|&b| {
            if b == b'"' {
                quoted = !quoted;
            }
            b == b'}' && !quoted
        })
        .count()
}

/// Keywords whose lines hold no node: only their quotes are read.
const NO_NODES: &[&str] = &[
    "style",
    "classDef",
    "class",
    "linkStyle",
    "click",
    "direction",
    "accTitle",
    "accDescr",
];

/// Flowcharts: `subgraph` … `end` (the keyword `end` in lower case
/// only), quotes that close, and node and edge-label text free of
/// `[ ] ( ) { } | "` unless it is quoted (`A["Hello (world)"]`).
fn flowchart(definition: &str) -> Option<BodyProblem> {
    let mut subgraphs: Vec<usize> = Vec::new();
    let mut scan = Scan {
        quote: None,
        offset: 0,
    };
    for (n, offset, line) in statements(definition) {
        scan.offset = offset;
        if let Some(open) = scan.quote {
            // Inside a quoted text that runs over lines.
            match line.find('"') {
                Some(at) => {
                    scan.quote = None;
                    if let Some(p) = scan.nodes(n, line, at + 1) {
                        return Some(p);
                    }
                }
                None => scan.quote = Some(open),
            }
            continue;
        }
        if first_word_is(line, "end", false) {
            if subgraphs.pop().is_none() {
                return Some(BodyProblem {
                    line: n,
                    column: None,
                    message: "this `end` closes no `subgraph`".into(),
                    help: "remove the `end`; a node named end must be written otherwise (`End`)",
                });
            }
            continue;
        }
        let problem = if first_word_is(line, "subgraph", false) {
            subgraphs.push(n);
            scan.subgraph_title(n, line)
        } else if NO_NODES.iter().any(|kw| first_word_is(line, kw, false)) {
            scan.quotes_only(n, line)
        } else {
            scan.nodes(n, line, 0)
        };
        if problem.is_some() {
            return problem;
        }
    }
    if let Some((n, column)) = scan.quote {
        return Some(BodyProblem {
            line: n,
            column: Some(column),
            message: "a `\"` on this line is never closed".into(),
            help: "close the quoted text with `\"`",
        });
    }
    subgraphs.pop().map(|n| BodyProblem {
        line: n,
        column: None,
        message: "this `subgraph` is never closed".into(),
        help: "close the subgraph with a line `end`",
    })
}

/// The scan of flowchart lines: a quoted text left open at a line's end
/// goes on to the next (Mermaid allows line breaks in quoted text).
struct Scan {
    /// The line and byte a still open `"` is on.
    quote: Option<(usize, usize)>,
    /// The byte offset of the statement being read in its trimmed line:
    /// columns are given in the line.
    offset: usize,
}

/// What may not stand in a flowchart text unquoted.
const RESERVED: &[u8] = b"[](){}|\"";

impl Scan {
    fn quotes_only(&mut self, n: usize, line: &str) -> Option<BodyProblem> {
        let quotes: Vec<usize> = line.match_indices('"').map(|(i, _)| i).collect();
        if quotes.len() % 2 == 1 {
            self.quote = quotes.last().map(|&at| (n, self.offset + at));
        }
        None
    }

    /// `subgraph id [title]`: the title is read as a node's text.
    fn subgraph_title(&mut self, n: usize, line: &str) -> Option<BodyProblem> {
        let rest = "subgraph".len();
        let id = rest + line[rest..].len() - line[rest..].trim_start().len();
        let id_end = line[id..]
            .find(|c: char| c.is_whitespace() || c == '[')
            .map_or(line.len(), |e| id + e);
        let title = id_end + line[id_end..].len() - line[id_end..].trim_start().len();
        if line[title..].starts_with('[') {
            return self.shape(n, line, title, "the subgraph").err().flatten();
        }
        self.quotes_only(n, line)
    }

    /// The nodes and edge labels of one line, from byte `from`.
    fn nodes(&mut self, n: usize, line: &str, from: usize) -> Option<BodyProblem> {
        let b = line.as_bytes();
        let mut i = from;
        while i < b.len() {
            match b[i] {
                b'"' => match line[i + 1..].find('"') {
                    Some(close) => i += close + 2,
                    None => {
                        self.quote = Some((n, self.offset + i));
                        return None;
                    }
                },
                // `A@{ shape: …, label: "…" }`: the shape's options.
                b'{' if i > 0 && b[i - 1] == b'@' => match closing(line, i + 1, b'}') {
                    Some(close) => i = close + 1,
                    None => return None,
                },
                b'|' => match self.edge_label(n, line, i) {
                    Ok(next) => i = next,
                    Err(p) => return Some(p),
                },
                // Not `>` (`A>flag]`): after a letter it is as often the
                // end of HTML in an edge's text (`-- one<br>two -->`).
                b'[' | b'(' | b'{'
                    if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') =>
                {
                    let id_start = line[..i]
                        .char_indices()
                        .rev()
                        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '-'))
                        .map_or(0, |(s, c)| s + c.len_utf8());
                    let id = format!("node `{}`", &line[id_start..i]);
                    match self.shape(n, line, i, &id) {
                        Ok(next) => i = next,
                        Err(p) => return p,
                    }
                }
                _ => i += 1,
            }
        }
        None
    }

    /// The shape opened at `at` (`[`, `((`, `[(`, …): its text, quoted
    /// or free of reserved characters, then the closer of its kind. The
    /// index after it, or the problem (`None` when a quote runs on).
    fn shape(
        &mut self,
        n: usize,
        line: &str,
        at: usize,
        what: &str,
    ) -> Result<usize, Option<BodyProblem>> {
        let b = line.as_bytes();
        let mut i = at;
        let opener_end = if b[at] == b'>' {
            at + 1
        } else {
            at + b[at..].iter().take_while(|c| b"[({/\\".contains(c)).count()
        };
        // The kind of closer expected: that of the last bracket opened.
        let expect = match b[at..opener_end].iter().rev().find(|c| b"[({>".contains(c)) {
            Some(b'(') => b')',
            Some(b'{') => b'}',
            _ => b']',
        };
        i = opener_end.max(i);
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        if b.get(i) == Some(&b'"') {
            match line[i + 1..].find('"') {
                Some(close) => i += close + 2,
                None => {
                    self.quote = Some((n, self.offset + i));
                    return Err(None);
                }
            }
        }
        let Some(stop) = b[i..]
            .iter()
            .position(|c| RESERVED.contains(c))
            .map(|p| i + p)
        else {
            // The text runs past the line: Mermaid's to judge.
            return Ok(b.len());
        };
        let c = b[stop];
        if c == expect {
            let closer = b[stop..].iter().take_while(|c| b"])}".contains(c)).count();
            return Ok(stop + closer);
        }
        let message = if b"])}".contains(&c) {
            format!(
                "`{}` closes the text of {what}, where `{}` was expected",
                c as char, expect as char
            )
        } else {
            format!("`{}` inside the text of {what}", c as char)
        };
        Err(Some(BodyProblem {
            line: n,
            column: Some(self.offset + stop),
            message,
            help: "put the text in quotes, `A[\"Hello (world)\"]`, or write the character \
                   as an entity (`#40;` for `(`)",
        }))
    }

    /// `-->|label|`: the label, quoted or free of reserved characters. The
    /// index after it.
    fn edge_label(&self, n: usize, line: &str, at: usize) -> Result<usize, BodyProblem> {
        let Some(close) = closing(line, at + 1, b'|') else {
            return Ok(line.len());
        };
        let text = &line[at + 1..close];
        if !text.trim_start().starts_with('"')
            && let Some(p) = text.bytes().position(|c| RESERVED.contains(&c))
        {
            let c = text.as_bytes()[p];
            return Err(BodyProblem {
                line: n,
                column: Some(self.offset + at + 1 + p),
                message: format!("`{}` inside the edge label `|{}|`", c as char, text),
                help: "put the label in quotes, `-->|\"a (b)\"|`",
            });
        }
        Ok(close + 1)
    }
}

/// The index of the first `close` byte at or after `from` outside quotes.
fn closing(line: &str, from: usize, close: u8) -> Option<usize> {
    let mut quoted = false;
    for (i, &c) in line.as_bytes().iter().enumerate().skip(from) {
        if c == b'"' {
            quoted = !quoted;
        } else if c == close && !quoted {
            return Some(i);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(kind: &str, definition: &str) -> Option<(usize, String)> {
        body_problem(kind, definition).map(|p| (p.line, p.message))
    }

    #[test]
    fn flowchart_blocks_quotes_and_text() {
        let ok = [
            "graph TD\nA[\"multi\nline\"]-->B",
            "graph TD\nA>asym]-->B",
            "graph TD\nsubgraph s [\"a (b)\"]\nA\nend",
            "graph TD\nA-->B;\nsubgraph x\nC\nend;",
            "graph TD\nA[end]-->B\nA-->End",
            "graph TD\nA[(db)] & B([s]) & C[[s]] & D((c)) & E{{h}} & F[/p/] & G[\\a\\] & H(((d)))",
            "graph TD\nA@{ shape: rect, label: \"a (b)\" }",
            "graph TD\nA-- a (b) -->B\nA-- a(b) -->B\nA-->|\"a (b)\"|B",
            "graph TD\nA-->B\n%% a \" quote\nstyle A fill:#f9f",
            "flowchart LR\nsubgraph a\nsubgraph b\nX\nend\nend",
            "graph TD\nÄ[a (b)]-->B",
            "graph TD\n  A -- one<br>two --> B[Done]",
            "graph TD\n  subgraph s; A; end",
            "graph TD\n  A-->B; subgraph x\n  C\n  end",
            "graph TD\n  accDescr {\n  a \" quote end\n  }\n  A-->B",
            "graph TD\n  accTitle: a \"title\n  A-->B",
            "graph TD\n  A[a; b] --> B",
        ];
        for d in ok {
            assert_eq!(message("graph", d), None, "{d}");
        }
        let refused = [
            (
                "graph TD\nsubgraph one\nA-->B\n",
                1,
                "this `subgraph` is never closed",
            ),
            ("graph TD\nA-->B\nend", 2, "this `end` closes no `subgraph`"),
            (
                "graph LR\nsubgraph x\nA\nEND",
                1,
                "this `subgraph` is never closed",
            ),
            (
                "graph TD\nA[\"unclosed]-->B",
                1,
                "a `\"` on this line is never closed",
            ),
            (
                "graph TD\nA-->B\nclick A \"https://x\" \"tip",
                2,
                "a `\"` on this line is never closed",
            ),
            (
                "graph TD\nA[Hello (world)]-->B",
                1,
                "`(` inside the text of node `A`",
            ),
            (
                "graph TD\nmy-node{a [b]}",
                1,
                "`[` inside the text of node `my-node`",
            ),
            (
                "graph TD\nA[a)b]",
                1,
                "`)` closes the text of node `A`, where `]` was expected",
            ),
            ("graph TD\nA[a | b]", 1, "`|` inside the text of node `A`"),
            (
                "graph TD\nA-->|a (b)|B",
                1,
                "`(` inside the edge label `|a (b)|`",
            ),
            (
                "graph TD\nsubgraph s [a (b)]\nA\nend",
                1,
                "`(` inside the text of the subgraph",
            ),
        ];
        for (d, line, m) in refused {
            assert_eq!(message("graph", d), Some((line, m.to_string())), "{d}");
        }
    }

    #[test]
    fn sequence_blocks() {
        for d in [
            "sequenceDiagram\nLOOP x\nA->>B: y\nEND",
            "sequenceDiagram\nalt ok\nA->>B: x\nelse no\nA->>B: y\nend",
            "sequenceDiagram\nrect rgb(0,0,0)\nA->>B: x\nend\nbox Aqua\nparticipant C\nend",
            "sequenceDiagram\nA->>B: loop end\nNote over A: end\nend_user->>B: y",
            "sequenceDiagram\n  loop every minute; A->>B: ping; end",
            "sequenceDiagram\n  accDescr {\n  and here alt loop end\n  }\n  A->>B: hi",
            "sequenceDiagram\n  A->>B: hi; loop x\n  A->>B: y\n  end",
        ] {
            assert_eq!(message("sequenceDiagram", d), None, "{d}");
        }
        assert_eq!(
            message("sequenceDiagram", "sequenceDiagram\nA->>B: hi\n  end  "),
            Some((2, "this `end` closes no `loop`, `alt`, `opt`, `par`, `critical`, `break`, `rect` or `box` block".into()))
        );
        assert_eq!(
            message("sequenceDiagram", "sequenceDiagram\nA->>B: y\nand b"),
            Some((
                2,
                "`and` outside a block: it divides an open `alt`, `par` or `critical`".into()
            ))
        );
    }

    #[test]
    fn state_and_class_bodies() {
        assert_eq!(
            message("stateDiagram-v2", "stateDiagram-v2\nstate X {\na-->b\n}\n}"),
            None
        );
        assert_eq!(
            message(
                "stateDiagram-v2",
                "stateDiagram-v2\nX --> Y\nnote right of X\n state Z {\nend note\nX --> Y: a {"
            ),
            None
        );
        assert_eq!(
            message(
                "stateDiagram-v2",
                "stateDiagram-v2\nstate \"X\" as X {\na-->b"
            ),
            Some((1, "this `{` is never closed".into()))
        );
        assert_eq!(
            message("classDiagram", "classDiagram\nclass A~T~ {\n+x\n"),
            Some((1, "this `{` is never closed".into()))
        );
        assert_eq!(
            message("classDiagram", "classDiagram\nclass A\nA : +method() {"),
            None
        );
    }
}
