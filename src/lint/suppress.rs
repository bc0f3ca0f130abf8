//! Inline suppressions: `<!-- phasebook-disable RULE[, RULE] -->` …
//! `<!-- phasebook-enable [RULE] -->`, `<!-- phasebook-disable-next-line
//! RULE -->`, and frontmatter `phasebook: { disable: [RULE] }` for a whole
//! note. A disable comment without rule names covers every rule; inside
//! it, `phasebook-enable RULE` turns that one rule back on (until a
//! `phasebook-disable RULE`), as markdownlint does.
//!
//! Comments are found only in the raw HTML the Markdown parse recorded
//! (`Note::html`), so a comment inside code is text, not a suppression.
//! Suppressions work by line: a diagnostic is suppressed when the line it
//! starts on is covered. Every suppression that removed nothing, or names no
//! rule, becomes an `unused-suppression` diagnostic.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use rayon::prelude::*;
use regex::Regex;

use super::diagnostic::{Diagnostic, Finding, OnNote, from_finding};
use super::registry::{closest_rule, find_rule, level_of, severity};
use super::rules::unused_suppression::{self as unused, META};
use crate::config::Config;
use crate::vault::Note;
use crate::vault::frontmatter::Value;

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--[ \t]*phasebook-(disable-next-line|disable|enable)((?:[\s,]+[A-Za-z0-9_-]+)*)[\s,]*-->")
        .expect("valid directive pattern")
});
static NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9_-]+").expect("valid rule name pattern"));

/// One suppressed rule (`None`: every rule) as written in one place.
#[derive(Debug)]
struct Entry {
    rule: Option<String>,
    span: Range<usize>,
    used: bool,
}

/// Lines (0-based, half-open) where an entry applies, less the lines where
/// a rule was enabled again inside a disable of every rule.
#[derive(Debug)]
struct Region {
    entry: usize,
    lines: Range<usize>,
    except: Vec<(String, Range<usize>)>,
}

/// A `phasebook-disable` still open while the comments are read.
struct Open {
    rule: Option<String>,
    span: Range<usize>,
    first: usize,
    /// For a disable of every rule: the rules enabled again, from the line
    /// of their enable to that of a later disable (open: `None`).
    except: Vec<(String, usize, Option<usize>)>,
}

impl Open {
    /// An `enable RULE` inside this disable of every rule: the rule is on
    /// again from line `from`. False when it already was (the enable does
    /// nothing, and is reported as a stray one).
    fn enable(&mut self, rule: &str, from: usize) -> bool {
        let already = self
            .except
            .iter()
            .any(|(r, _, to)| r == rule && to.is_none());
        if !already {
            self.except.push((rule.to_string(), from, None));
        }
        !already
    }

    /// A `disable RULE` inside this disable of every rule: a rule enabled
    /// again is off from line `at`.
    fn disable(&mut self, rule: &str, at: usize) {
        for (r, _, to) in &mut self.except {
            if r == rule && to.is_none() {
                *to = Some(at);
            }
        }
    }
}

/// The open disables of every rule, in which a named enable or disable
/// makes or ends an exception.
fn disables_of_all(open: &mut [Open]) -> impl Iterator<Item = &mut Open> {
    open.iter_mut().filter(|o| o.rule.is_none())
}

/// The suppressions of one note.
#[derive(Debug, Default)]
pub struct Suppressions {
    entries: Vec<Entry>,
    regions: Vec<Region>,
    /// Unknown rule names and stray enables, found while reading.
    problems: Vec<Finding>,
}

impl Suppressions {
    fn add(&mut self, rule: Option<&str>, span: Range<usize>, lines: Range<usize>) {
        self.add_except(rule, span, lines, Vec::new());
    }

    fn add_except(
        &mut self,
        rule: Option<&str>,
        span: Range<usize>,
        lines: Range<usize>,
        except: Vec<(String, Range<usize>)>,
    ) {
        self.entries.push(Entry {
            rule: rule.map(str::to_string),
            span,
            used: false,
        });
        let entry = self.entries.len() - 1;
        self.regions.push(Region {
            entry,
            lines,
            except,
        });
    }

    /// Close an open disable at `end` (exclusive line).
    fn close(&mut self, open: Open, end: usize) {
        let except = open
            .except
            .into_iter()
            .map(|(rule, from, to)| (rule, from..to.unwrap_or(end)))
            .collect();
        self.add_except(open.rule.as_deref(), open.span, open.first..end, except);
    }

    /// Whether `diag` is suppressed; marks the suppressions that cover it
    /// as used.
    fn suppresses(&mut self, diag: &Diagnostic) -> bool {
        let line = diag.start.line.saturating_sub(1);
        let mut hit = false;
        for region in &self.regions {
            let entry = &mut self.entries[region.entry];
            let enabled_again = || {
                region
                    .except
                    .iter()
                    .any(|(rule, lines)| rule == diag.rule && lines.contains(&line))
            };
            if region.lines.contains(&line)
                && entry.rule.as_deref().is_none_or(|r| r == diag.rule)
                && !enabled_again()
            {
                entry.used = true;
                hit = true;
            }
        }
        hit
    }

    /// `unused-suppression` findings: what suppressed nothing, and the
    /// problems found while reading.
    fn into_findings(self) -> Vec<Finding> {
        let mut out = self.problems;
        out.extend(
            self.entries
                .into_iter()
                .filter(|e| !e.used)
                .map(|e| unused::unused(e.span, e.rule.as_deref())),
        );
        out
    }
}

/// A rule name as written: known, or reported.
fn known(name: &str, span: &Range<usize>, problems: &mut Vec<Finding>) -> bool {
    let ok = find_rule(name).is_some();
    if !ok {
        problems.push(unused::unknown(span.clone(), name, closest_rule(name)));
    }
    ok
}

fn read_frontmatter(note: &Note, sup: &mut Suppressions) {
    let Some(node) = note.frontmatter.as_ref().and_then(|fm| fm.get("phasebook")) else {
        return;
    };
    let items = match node.get("disable").map(|d| &d.value) {
        Some(Value::Seq(items)) => items.iter().collect(),
        Some(Value::Str { .. }) => node.get("disable").into_iter().collect(),
        _ => Vec::new(),
    };
    if items.is_empty() || items.iter().any(|n| n.as_str().is_none()) {
        sup.problems
            .push(unused::malformed_frontmatter(node.offset..node.offset));
    }
    for item in items {
        let Some(name) = item.as_str() else { continue };
        let span = item.offset..item.offset + name.len();
        if known(name, &span, &mut sup.problems) {
            sup.add(Some(name), span, 0..usize::MAX);
        }
    }
}

fn read_comments(note: &Note, source: &str, sup: &mut Suppressions) {
    let mut open: Vec<Open> = Vec::new();
    for html in &note.html {
        let Some(text) = source.get(html.clone()) else {
            continue;
        };
        for caps in DIRECTIVE.captures_iter(text) {
            let (Some(whole), Some(kind), Some(names)) = (caps.get(0), caps.get(1), caps.get(2))
            else {
                continue;
            };
            let at = html.start + whole.start();
            let line = note.lines_in(source).line_of(at);
            let last_line = note.lines_in(source).line_of(html.start + whole.end());
            let comment = at..html.start + whole.end();
            let written: Vec<(Option<String>, Range<usize>)> = NAME
                .find_iter(names.as_str())
                .map(|m| {
                    let start = html.start + names.start() + m.start();
                    (Some(m.as_str().to_string()), start..start + m.len())
                })
                .collect();
            let rules: Vec<(Option<String>, Range<usize>)> = if written.is_empty() {
                vec![(None, comment)]
            } else {
                written
                    .into_iter()
                    .filter(|(name, span)| {
                        name.as_deref()
                            .is_some_and(|n| known(n, span, &mut sup.problems))
                    })
                    .collect()
            };
            match kind.as_str() {
                "disable-next-line" => {
                    for (rule, span) in rules {
                        sup.add(rule.as_deref(), span, last_line + 1..last_line + 2);
                    }
                }
                "disable" => {
                    for (rule, span) in rules {
                        if let Some(name) = &rule {
                            disables_of_all(&mut open).for_each(|all| all.disable(name, line));
                        }
                        open.push(Open {
                            rule,
                            span,
                            first: line,
                            except: Vec::new(),
                        });
                    }
                }
                _ => {
                    for (rule, span) in rules {
                        let (closed, still): (Vec<_>, Vec<_>) = std::mem::take(&mut open)
                            .into_iter()
                            .partition(|o| rule.is_none() || o.rule == rule);
                        open = still;
                        let mut reenabled = false;
                        if let Some(name) = &rule {
                            for all in disables_of_all(&mut open) {
                                reenabled |= all.enable(name, last_line + 1);
                            }
                        }
                        if let (true, false, Some(name)) = (closed.is_empty(), reenabled, &rule) {
                            sup.problems
                                .push(unused::enable_without_disable(span, name));
                        }
                        for o in closed {
                            sup.close(o, last_line + 1);
                        }
                    }
                }
            }
        }
    }
    for o in open {
        sup.close(o, usize::MAX);
    }
}

/// Whether `note` may hold suppressions: raw HTML a comment may be in, or
/// the frontmatter key. Decided without its text, which a check leaves in
/// the file ([`Note::source`]).
fn may_suppress(note: &Note) -> bool {
    !note.html.is_empty()
        || note
            .frontmatter
            .as_ref()
            .is_some_and(|fm| fm.get("phasebook").is_some())
}

/// The suppressions written in `note`, whose text is `text`, if any.
pub(crate) fn of_note(note: &Note, text: &str) -> Option<Suppressions> {
    let has_comment = note.html.iter().any(|r| {
        text.get(r.clone())
            .is_some_and(|t| t.contains("phasebook-"))
    });
    let has_key = note
        .frontmatter
        .as_ref()
        .is_some_and(|fm| fm.get("phasebook").is_some());
    if !has_comment && !has_key {
        return None;
    }
    let mut sup = Suppressions::default();
    read_frontmatter(note, &mut sup);
    read_comments(note, text, &mut sup);
    Some(sup)
}

/// Remove suppressed diagnostics and add `unused-suppression` ones.
pub fn apply(vault: &crate::vault::Vault, config: &Config, diagnostics: &mut Vec<Diagnostic>) {
    let mut by_note: HashMap<&str, (&Note, Suppressions)> = vault
        .notes
        .par_iter()
        .enumerate()
        .filter(|(id, note)| vault.is_linted(*id) && may_suppress(note))
        .map(|(_, note)| note)
        .filter_map(|note| of_note(note, &note.source()).map(|s| (note.path.as_str(), (note, s))))
        .collect();
    if by_note.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        by_note
            .get_mut(d.path.as_str())
            .is_none_or(|(_, sup)| !sup.suppresses(d))
    });
    let Some(level) = severity(level_of(&META, config)) else {
        return;
    };
    for (path, (note, sup)) in by_note {
        let findings = sup.into_findings();
        if findings.is_empty() {
            continue;
        }
        let text = note.source();
        for finding in findings {
            diagnostics.push(from_finding(
                META.name,
                level,
                path,
                Some(OnNote::kept(note, &text)),
                finding,
            ));
        }
    }
}
