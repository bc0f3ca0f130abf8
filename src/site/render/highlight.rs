//! Highlights (OBSIDIAN-RENDERING R5): `==text==` becomes `<mark>`.
//!
//! pulldown-cmark has no highlight syntax, so the markers arrive as text.
//! They are paired over a finished range's events, inline run by inline
//! run (a paragraph, a heading, a table cell…), with the flanking rules of
//! `**`: an opening `==` is followed by a non-blank character, a closing
//! one follows one. A marker with no partner in its run stays text, as
//! Obsidian shows it. Code and code blocks are never touched (their text
//! is not a `Text` event, or sits inside a code block).

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// A `==` found in the text, by its index in the new event list.
struct Marker {
    at: usize,
    can_open: bool,
    can_close: bool,
}

/// `events` with every paired `==` as `<mark>` / `</mark>`.
pub(super) fn highlights(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Text(t) if t.contains("==")))
    {
        return events;
    }
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len() + 8);
    let mut run: Vec<Marker> = Vec::new();
    let mut in_code_block = false;
    let mut iter = events.into_iter().peekable();
    while let Some(event) = iter.next() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            _ => {}
        }
        if is_block_boundary(&event) {
            pair(&mut out, std::mem::take(&mut run));
            out.push(event);
            continue;
        }
        match event {
            Event::Text(text) if !in_code_block && text.contains("==") => {
                let next_blank = next_is_blank(iter.peek());
                split_markers(text, next_blank, &mut out, &mut run);
            }
            other => out.push(other),
        }
    }
    pair(&mut out, run);
    out
}

/// Whether an event ends one inline run and starts another.
fn is_block_boundary(event: &Event<'_>) -> bool {
    match event {
        Event::Start(tag) => !matches!(
            tag,
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
        ),
        Event::End(end) => !matches!(
            end,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
        ),
        Event::Html(_) | Event::Rule => true,
        _ => false,
    }
}

/// Whether what follows a text event reads as blank to a marker at its
/// end: a line break or the end of the run is; inline markup or code is
/// not.
fn next_is_blank(next: Option<&Event<'_>>) -> bool {
    match next {
        Some(Event::Text(t)) => t.chars().next().is_none_or(char::is_whitespace),
        Some(Event::SoftBreak | Event::HardBreak) | None => true,
        Some(event) => is_block_boundary(event),
    }
}

/// Whether what precedes a marker at the start of a text event reads as
/// filled: text ending in a non-blank character, or inline markup.
fn previous_is_filled(out: &[Event<'_>]) -> bool {
    match out.last() {
        Some(Event::Text(t)) => t.chars().next_back().is_some_and(|c| !c.is_whitespace()),
        Some(Event::SoftBreak | Event::HardBreak) | None => false,
        Some(event) => !is_block_boundary(event),
    }
}

/// Cut `text` at each `==` (a run of exactly two `=`), pushing the pieces
/// and recording each marker with what may flank it.
fn split_markers<'a>(
    text: CowStr<'a>,
    next_blank: bool,
    out: &mut Vec<Event<'a>>,
    run: &mut Vec<Marker>,
) {
    let s: &str = &text;
    let bytes = s.as_bytes();
    let mut cuts = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'=' {
            let len = bytes[i..].iter().take_while(|b| **b == b'=').count();
            if len == 2 {
                cuts.push(i);
            }
            i += len;
        } else {
            i += 1;
        }
    }
    if cuts.is_empty() {
        out.push(Event::Text(text));
        return;
    }
    let piece = |range: std::ops::Range<usize>| -> CowStr<'a> {
        match &text {
            CowStr::Borrowed(b) => CowStr::Borrowed(&b[range]),
            other => CowStr::from(other[range].to_string()),
        }
    };
    let mut from = 0;
    for &cut in &cuts {
        if cut > from {
            out.push(Event::Text(piece(from..cut)));
        }
        let before = s[..cut].chars().next_back();
        let after = s[cut + 2..].chars().next();
        let after_blank = match after {
            Some(c) => c.is_whitespace(),
            None => next_blank,
        };
        run.push(Marker {
            at: out.len(),
            can_open: !after_blank,
            can_close: match before {
                Some(c) => !c.is_whitespace(),
                None => previous_is_filled(out),
            },
        });
        out.push(Event::Text(CowStr::Borrowed("==")));
        from = cut + 2;
    }
    if from < s.len() {
        out.push(Event::Text(piece(from..s.len())));
    }
}

/// Pair the markers of one inline run, left to right, and turn the pairs
/// into `<mark>` and `</mark>`; the others stay `==`.
fn pair(out: &mut [Event<'_>], run: Vec<Marker>) {
    let mut open: Option<usize> = None;
    for marker in run {
        match open {
            Some(start) if marker.can_close => {
                out[start] = Event::InlineHtml(CowStr::Borrowed("<mark>"));
                out[marker.at] = Event::InlineHtml(CowStr::Borrowed("</mark>"));
                open = None;
            }
            _ if marker.can_open => open = Some(marker.at),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    fn render(markdown: &str) -> String {
        super::super::render_pass(super::highlights, markdown)
    }

    #[test]
    fn pairs_become_marks_and_lone_or_spaced_markers_stay_text() {
        assert_eq!(render("a ==b c== d"), "<p>a <mark>b c</mark> d</p>\n");
        assert_eq!(
            render("==**bold**=="),
            "<p><mark><strong>bold</strong></mark></p>\n"
        );
        assert_eq!(render("x == y"), "<p>x == y</p>\n");
        assert_eq!(render("a ==b\n\nc== d"), "<p>a ==b</p>\n<p>c== d</p>\n");
        assert_eq!(render("a === b ==="), "<p>a === b ===</p>\n");
        assert_eq!(render("`==code==`"), "<p><code>==code==</code></p>\n");
        assert_eq!(
            render("```\n==x==\n```"),
            "<pre><code>==x==\n</code></pre>\n"
        );
        assert_eq!(
            render("==a== and ==b=="),
            "<p><mark>a</mark> and <mark>b</mark></p>\n"
        );
    }
}
