//! Callouts (OBSIDIAN-RENDERING R11): a blockquote whose first line starts
//! with `[!type]` (Obsidian's) or GFM's `> [!NOTE]`.
//!
//! - The type is case-insensitive and may have an alias (`summary` is
//!   `abstract`…); an unknown type looks like `note`. The element carries
//!   `data-callout` (the type as written, lower case) for custom CSS, and
//!   the class of its canonical type for the theme's colours.
//! - Each type has its icon, inline SVG shipped in the binary (drawn after
//!   Lucide's, ISC licence: see `docs/site-templates.md`).
//! - The rest of the first line is the title, rendered as any inline
//!   Markdown is (links, emphasis, code): its events flow through the
//!   rewriter like the body's, inside the title element. No title: the
//!   type's name ("Note").
//! - `-` after the type folds the callout closed, `+` open: a
//!   `<details>`/`<summary>`, which opens and closes with no script.
//! - Callouts nest as blockquotes do.

use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, Event, Tag, TagEnd};

use super::rewriter::{OpenTitle, QuoteEnd, Rewriter, blank};
use crate::html::escape;

/// A callout type: its name, its aliases, and its icon's SVG content.
struct CalloutType {
    name: &'static str,
    aliases: &'static [&'static str],
    icon: &'static str,
}

/// Obsidian's callout types, in its order; the first is the fallback.
const TYPES: &[CalloutType] = &[
    CalloutType {
        name: "note",
        aliases: &[],
        icon: r#"<path d="M17 3a2.85 2.83 0 1 1 4 4L7.5 20.5 2 22l1.5-5.5Z"/><path d="m15 5 4 4"/>"#,
    },
    CalloutType {
        name: "abstract",
        aliases: &["summary", "tldr"],
        icon: r#"<rect width="8" height="4" x="8" y="2" rx="1"/><path d="M16 4h2a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2h2"/><path d="M12 11h4"/><path d="M12 16h4"/><path d="M8 11h.01"/><path d="M8 16h.01"/>"#,
    },
    CalloutType {
        name: "info",
        aliases: &[],
        icon: r#"<circle cx="12" cy="12" r="10"/><path d="M12 16v-4"/><path d="M12 8h.01"/>"#,
    },
    CalloutType {
        name: "todo",
        aliases: &[],
        icon: r#"<circle cx="12" cy="12" r="10"/><path d="m9 12 2 2 4-4"/>"#,
    },
    CalloutType {
        name: "tip",
        aliases: &["hint", "important"],
        icon: r#"<path d="M8.5 14.5A2.5 2.5 0 0 0 11 12c0-1.38-.5-2-1-3-1.07-2.14-.22-4.05 2-6 .5 2.5 2 4.9 4 6.5 2 1.6 3 3.5 3 5.5a7 7 0 1 1-14 0c0-1.15.43-2.29 1-3a2.5 2.5 0 0 0 2.5 2.5z"/>"#,
    },
    CalloutType {
        name: "success",
        aliases: &["check", "done"],
        icon: r#"<path d="M20 6 9 17l-5-5"/>"#,
    },
    CalloutType {
        name: "question",
        aliases: &["help", "faq"],
        icon: r#"<circle cx="12" cy="12" r="10"/><path d="M9.09 9a3 3 0 0 1 5.83 1c0 2-3 3-3 3"/><path d="M12 17h.01"/>"#,
    },
    CalloutType {
        name: "warning",
        aliases: &["caution", "attention"],
        icon: r#"<path d="m21.73 18-8-14a2 2 0 0 0-3.48 0l-8 14A2 2 0 0 0 4 21h16a2 2 0 0 0 1.73-3"/><path d="M12 9v4"/><path d="M12 17h.01"/>"#,
    },
    CalloutType {
        name: "failure",
        aliases: &["fail", "missing"],
        icon: r#"<path d="M18 6 6 18"/><path d="m6 6 12 12"/>"#,
    },
    CalloutType {
        name: "danger",
        aliases: &["error"],
        icon: r#"<path d="M4 14a1 1 0 0 1-.78-1.63l9.9-10.2a.5.5 0 0 1 .86.46l-1.92 6.02A1 1 0 0 0 13 10h7a1 1 0 0 1 .78 1.63l-9.9 10.2a.5.5 0 0 1-.86-.46l1.92-6.02A1 1 0 0 0 11 14z"/>"#,
    },
    CalloutType {
        name: "bug",
        aliases: &[],
        icon: r#"<path d="m8 2 1.88 1.88"/><path d="M14.12 3.88 16 2"/><path d="M9 7.13v-1a3 3 0 1 1 6 0v1"/><path d="M12 20c-3.3 0-6-2.7-6-6v-3a4 4 0 0 1 4-4h4a4 4 0 0 1 4 4v3c0 3.3-2.7 6-6 6"/><path d="M12 20v-9"/><path d="M6 13H2"/><path d="M22 13h-4"/>"#,
    },
    CalloutType {
        name: "example",
        aliases: &[],
        icon: r#"<path d="M3 6h.01"/><path d="M3 12h.01"/><path d="M3 18h.01"/><path d="M8 6h13"/><path d="M8 12h13"/><path d="M8 18h13"/>"#,
    },
    CalloutType {
        name: "quote",
        aliases: &["cite"],
        icon: r#"<path d="M3 21c3 0 7-1 7-8V5c0-1.25-.76-2-2-2H4c-1.25 0-2 .75-2 2v6c0 1.25.75 2 2 2 1 0 1 0 1 1v1c0 1-1 2-2 2s-1 0-1 1v3c0 1 0 1 1 1z"/><path d="M15 21c3 0 7-1 7-8V5c0-1.25-.76-2-2-2h-4c-1.25 0-2 .75-2 2v6c0 1.25.75 2 2 2h.75c0 2.25.25 4-2.75 4v3c0 1 0 1 1 1z"/>"#,
    },
];

/// The type a name (lower case) stands for: itself, an alias's type, or
/// `note` for a type Obsidian does not know.
fn callout_type(name: &str) -> &'static CalloutType {
    TYPES
        .iter()
        .find(|t| t.name == name || t.aliases.contains(&name))
        .unwrap_or(&TYPES[0])
}

/// A callout's first line: `[!type]`, an optional fold marker, then the
/// title. Gives (type in lower case, fold marker, bytes of the line before
/// the title).
fn callout_header(line: &str) -> Option<(String, Option<char>, usize)> {
    let lead = line.len() - line.trim_start().len();
    let rest = line[lead..].strip_prefix("[!")?;
    let (kind, after) = rest.split_once(']')?;
    if kind.is_empty()
        || !kind
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let fold = after.chars().next().filter(|c| matches!(c, '+' | '-'));
    let after_fold = &after[fold.map_or(0, char::len_utf8)..];
    let blank = after_fold.len() - after_fold.trim_start_matches([' ', '\t']).len();
    let header = lead + 2 + kind.len() + 1 + fold.map_or(0, char::len_utf8) + blank;
    Some((kind.to_lowercase(), fold, header))
}

fn capitalised(kind: &str) -> String {
    let mut chars = kind.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The title element's opening: the container, the icon, the title's own
/// element, whose content follows.
fn opening(written: &str, fold: Option<char>) -> String {
    let kind = callout_type(written);
    let icon = format!(
        "<span class=\"callout-icon\" aria-hidden=\"true\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\" width=\"16\" height=\"16\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linecap=\"round\" stroke-linejoin=\"round\">{}</svg></span>",
        kind.icon
    );
    let data = escape(written);
    let class = kind.name;
    match fold {
        Some(fold) => format!(
            "<details class=\"callout callout-{class}\" data-callout=\"{data}\" data-callout-fold=\"{fold}\"{}><summary class=\"callout-title\">{icon}<span class=\"callout-title-inner\">",
            if fold == '+' { " open" } else { "" }
        ),
        None => format!(
            "<div class=\"callout callout-{class}\" data-callout=\"{data}\"><div class=\"callout-title\">{icon}<span class=\"callout-title-inner\">"
        ),
    }
}

impl Rewriter<'_, '_> {
    pub(super) fn blockquote(&mut self, kind: Option<BlockQuoteKind>, range: Range<usize>) {
        if let Some(kind) = kind {
            // GFM's `> [!NOTE]`: pulldown-cmark has taken the marker line.
            let written = match kind {
                BlockQuoteKind::Note => "note",
                BlockQuoteKind::Tip => "tip",
                BlockQuoteKind::Important => "important",
                BlockQuoteKind::Warning => "warning",
                BlockQuoteKind::Caution => "caution",
            };
            self.block_html(opening(written, None));
            self.html(escape(&capitalised(written)));
            self.block_html(
                "</span></div><div class=\"callout-content callout-body\">\n".to_string(),
            );
            self.quote_stack.push(QuoteEnd::Callout);
            return;
        }
        // Obsidian's `> [!type] Title`: read the first line.
        let line_end = self.body[range.start..]
            .find('\n')
            .map_or(range.end, |n| range.start + n);
        let first = &self.body[range.start..line_end];
        let markers = first.len() - first.trim_start().trim_start_matches('>').len();
        let Some((written, fold, header)) = callout_header(&first[markers..]) else {
            self.events.push(Event::Start(Tag::BlockQuote(None)));
            self.quote_stack.push(QuoteEnd::Quote);
            return;
        };
        self.block_html(opening(&written, fold));
        // The title is the rest of the line: its events go through the
        // rewriter as any text does; the marker before it is skipped.
        self.skip_until = self.skip_until.max(range.start + markers + header);
        self.callout_title = Some(OpenTitle {
            default: capitalised(&written),
            summary: fold.is_some(),
            at: self.events.len(),
        });
        self.quote_stack.push(if fold.is_some() {
            QuoteEnd::Details
        } else {
            QuoteEnd::Callout
        });
    }

    /// Close the open callout's title (at the end of its line) and open
    /// its body.
    pub(super) fn end_callout_title(&mut self) {
        let Some(title) = self.callout_title.take() else {
            return;
        };
        if blank(&self.events[title.at..]) {
            self.events.truncate(title.at);
            self.html(escape(&title.default));
        }
        let close = if title.summary {
            "</summary>"
        } else {
            "</div>"
        };
        self.block_html(format!(
            "</span>{close}<div class=\"callout-content callout-body\">\n"
        ));
    }

    /// Whether the title of a callout is open: the first paragraph's events
    /// up to its first line break are the title's.
    pub(super) fn in_callout_title(&self) -> bool {
        self.callout_title.is_some()
    }

    pub(super) fn blockquote_end(&mut self, kind: Option<BlockQuoteKind>) {
        self.end_callout_title();
        match self.quote_stack.pop().unwrap_or(QuoteEnd::Quote) {
            QuoteEnd::Quote => self.events.push(Event::End(TagEnd::BlockQuote(kind))),
            QuoteEnd::Callout => self.block_html("</div></div>\n".to_string()),
            QuoteEnd::Details => self.block_html("</div></details>\n".to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callout_headers() {
        assert_eq!(
            callout_header(" [!warning]- Careful now"),
            Some(("warning".into(), Some('-'), 13))
        );
        assert_eq!(callout_header("[!NOTE]"), Some(("note".into(), None, 7)));
        assert_eq!(
            callout_header("[!tip]+"),
            Some(("tip".into(), Some('+'), 7))
        );
        assert_eq!(callout_header("[not a callout]"), None);
        assert_eq!(callout_header("[!a b]"), None);
    }

    #[test]
    fn aliases_have_their_type_and_unknown_types_are_notes() {
        assert_eq!(callout_type("tldr").name, "abstract");
        assert_eq!(callout_type("error").name, "danger");
        assert_eq!(callout_type("important").name, "tip");
        assert_eq!(callout_type("my-custom").name, "note");
        for t in TYPES {
            assert_eq!(callout_type(t.name).name, t.name);
        }
    }
}
