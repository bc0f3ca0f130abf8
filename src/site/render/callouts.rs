//! Callouts: `> [!type] Title` (Obsidian's) and GFM's `> [!NOTE]`
//! blockquotes become callout blocks; other blockquotes stay blockquotes.

use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, Event, Tag, TagEnd};

use super::rewriter::Rewriter;
use crate::html::escape;

impl Rewriter<'_, '_> {
    pub(super) fn blockquote(&mut self, kind: Option<BlockQuoteKind>, range: Range<usize>) {
        let gfm_title = kind.map(|k| match k {
            BlockQuoteKind::Note => "note",
            BlockQuoteKind::Tip => "tip",
            BlockQuoteKind::Important => "important",
            BlockQuoteKind::Warning => "warning",
            BlockQuoteKind::Caution => "caution",
        });
        let (callout, title) = match gfm_title {
            Some(kind) => (Some(kind.to_string()), String::new()),
            None => {
                // Obsidian's `> [!type] Title`: read the first line.
                let line_end = self.body[range.start..]
                    .find('\n')
                    .map_or(range.end, |n| range.start + n);
                let first = self.body[range.start..line_end]
                    .trim_start()
                    .trim_start_matches('>');
                match callout_header(first) {
                    Some((kind, title)) => {
                        self.callout_title_end = Some(line_end);
                        self.skip_until = self.skip_until.max(line_end);
                        (Some(kind), title)
                    }
                    None => (None, String::new()),
                }
            }
        };
        match callout {
            Some(kind) => {
                let title = if title.is_empty() {
                    capitalised(&kind)
                } else {
                    title
                };
                let class: String = kind
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                self.block_html(format!(
                    "<div class=\"callout callout-{class}\"><div class=\"callout-title\">{}</div><div class=\"callout-body\">\n",
                    escape(&title)
                ));
                self.quote_stack.push(true);
            }
            None => {
                self.events.push(Event::Start(Tag::BlockQuote(kind)));
                self.quote_stack.push(false);
            }
        }
    }

    pub(super) fn blockquote_end(&mut self, kind: Option<BlockQuoteKind>) {
        if self.quote_stack.pop().unwrap_or(false) {
            self.block_html("</div></div>\n".to_string());
        } else {
            self.events.push(Event::End(TagEnd::BlockQuote(kind)));
        }
    }
}

/// A callout's first line: `[!type]`, an optional fold marker, a title.
fn callout_header(line: &str) -> Option<(String, String)> {
    let rest = line.trim_start().strip_prefix("[!")?;
    let (kind, rest) = rest.split_once(']')?;
    if kind.is_empty()
        || !kind
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let title = rest.trim_start_matches(['+', '-']).trim();
    Some((kind.to_ascii_lowercase(), title.to_string()))
}

fn capitalised(kind: &str) -> String {
    let mut chars = kind.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callout_headers() {
        assert_eq!(
            callout_header(" [!warning]- Careful now"),
            Some(("warning".into(), "Careful now".into()))
        );
        assert_eq!(
            callout_header("[!NOTE]"),
            Some(("note".into(), String::new()))
        );
        assert_eq!(callout_header("[not a callout]"), None);
    }
}
