//! Footnotes (OBSIDIAN-RENDERING R7), over a finished range's events:
//! `[^label]` references, `[^label]: …` definitions and inline footnotes
//! `^[text]` are collected into one numbered list at the end of the range
//! (the page, or each embed), numbered by first reference, each entry with
//! a back-link to every reference to it (↩, ↩², …). A definition nothing
//! references is listed after the others, as Obsidian lists it.
//!
//! Ids carry the range's prefix (`fn:` on the page, `fn:eN-` in the Nth
//! embed) so a page and the notes it embeds can all have a `[^1]`:
//! pulldown-cmark's own ids are the bare labels (`[^intro]` took the id of
//! a heading "Intro"). A definition's id is `PREFIX` + the label in lower
//! case, the fragment `[[note#^…]]`-style links to footnotes resolve to.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::FastMap;
use crate::html::escape;
use crate::site::urls::encode_fragment;

/// One footnote of the range.
struct Note<'a> {
    key: String,
    /// Its number, from its first reference; `None` until referenced.
    number: Option<usize>,
    /// References to it so far.
    uses: usize,
    /// Its content's events (a definition's blocks, an inline footnote's
    /// text).
    content: Vec<Event<'a>>,
}

/// `events` with their footnotes numbered, linked and listed at the end.
pub(super) fn footnotes<'a>(events: Vec<Event<'a>>, prefix: &str) -> Vec<Event<'a>> {
    let has_footnotes = events.iter().any(|e| {
        matches!(
            e,
            Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_))
        ) || matches!(e, Event::Text(t) if t.ends_with('^'))
    });
    if !has_footnotes {
        return events;
    }
    let mut notes: Vec<Note<'a>> = Vec::new();
    let mut by_key: FastMap<String, usize> = FastMap::default();
    let mut numbered = 0;
    let mut out: Vec<Event<'a>> = Vec::with_capacity(events.len());
    let mut events: Vec<Option<Event<'a>>> = events.into_iter().map(Some).collect();
    let mut inline = 0;
    let mut i = 0;
    while i < events.len() {
        let Some(event) = events[i].take() else {
            i += 1;
            continue;
        };
        i += 1;
        match event {
            Event::FootnoteReference(label) => {
                let n = note_index(&mut notes, &mut by_key, &label);
                out.push(reference(&mut notes[n], &mut numbered, prefix));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let n = note_index(&mut notes, &mut by_key, &label);
                let mut depth = 0;
                while let Some(inner) = events.get_mut(i).and_then(Option::take) {
                    i += 1;
                    match inner {
                        Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
                        Event::End(TagEnd::FootnoteDefinition) if depth == 0 => break,
                        Event::End(TagEnd::FootnoteDefinition) => depth -= 1,
                        _ => {}
                    }
                    notes[n].content.push(inner);
                }
            }
            // `^[`: an inline footnote, when a `]` closes it before the
            // paragraph ends (pulldown-cmark gives the brackets as text).
            Event::Text(text) if text.ends_with('^') => match inline_close(&events, i) {
                Some((close, at)) => {
                    let before = &text[..text.len() - 1];
                    if !before.is_empty() {
                        out.push(Event::Text(CowStr::from(before.to_string())));
                    }
                    let content = take_inline(&mut events, i, close, at);
                    i = close;
                    inline += 1;
                    let key = format!("inline-{inline}");
                    by_key.insert(key.clone(), notes.len());
                    notes.push(Note {
                        key,
                        number: None,
                        uses: 0,
                        content,
                    });
                    let last = notes.len() - 1;
                    out.push(reference(&mut notes[last], &mut numbered, prefix));
                }
                None => out.push(Event::Text(text)),
            },
            other => out.push(other),
        }
    }
    list(&mut out, notes, prefix);
    out
}

/// Where the inline footnote whose `[` starts the text event at `from`
/// closes: (index of the event, byte of its `]`). `None` when the next
/// event is not `[…` or no `]` closes it before the paragraph ends.
fn inline_close(events: &[Option<Event<'_>>], from: usize) -> Option<(usize, usize)> {
    match events.get(from)? {
        Some(Event::Text(t)) if t.starts_with('[') => {}
        _ => return None,
    }
    let mut depth = 0usize;
    for (j, event) in events.iter().enumerate().skip(from) {
        match event.as_ref()? {
            Event::Text(t) => {
                let skip = usize::from(j == from);
                for (k, b) in t.bytes().enumerate().skip(skip) {
                    match b {
                        b'[' => depth += 1,
                        b']' if depth == 0 => return Some((j, k)),
                        b']' => depth -= 1,
                        _ => {}
                    }
                }
            }
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
            | Event::End(
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link,
            )
            | Event::Code(_)
            | Event::InlineHtml(_)
            | Event::SoftBreak
            | Event::HardBreak => {}
            _ => return None,
        }
    }
    None
}

/// Take the inline footnote's events out of `events` (from `from`, whose
/// text starts with its `[`, to the `]` at byte `at` of event `close`),
/// leaving what follows the `]` in place of event `close`.
fn take_inline<'a>(
    events: &mut [Option<Event<'a>>],
    from: usize,
    close: usize,
    at: usize,
) -> Vec<Event<'a>> {
    let mut content = Vec::new();
    for (j, slot) in events.iter_mut().enumerate().take(close + 1).skip(from) {
        let Some(event) = slot.take() else {
            continue;
        };
        let Event::Text(text) = event else {
            content.push(event);
            continue;
        };
        let start = usize::from(j == from);
        let end = if j == close { at } else { text.len() };
        if end > start {
            content.push(Event::Text(CowStr::from(text[start..end].to_string())));
        }
        if j == close && at + 1 < text.len() {
            *slot = Some(Event::Text(CowStr::from(text[at + 1..].to_string())));
        }
    }
    content
}

/// The note for `label` (compared without case, as the resolver does).
fn note_index(
    notes: &mut Vec<Note<'_>>,
    by_key: &mut FastMap<String, usize>,
    label: &str,
) -> usize {
    let key = label.to_lowercase();
    *by_key.entry(key.clone()).or_insert_with(|| {
        notes.push(Note {
            key,
            number: None,
            uses: 0,
            content: Vec::new(),
        });
        notes.len() - 1
    })
}

/// The id of a note's `used`th reference (1-based).
fn reference_id(prefix: &str, key: &str, used: usize) -> String {
    if used == 1 {
        format!("{prefix}ref-{key}")
    } else {
        format!("{prefix}ref-{key}-{used}")
    }
}

/// A reference: the note's number, linking to its entry, with an id the
/// entry's back-link returns to.
fn reference<'a>(note: &mut Note<'_>, numbered: &mut usize, prefix: &str) -> Event<'a> {
    let number = *note.number.get_or_insert_with(|| {
        *numbered += 1;
        *numbered
    });
    note.uses += 1;
    let id = reference_id(prefix, &note.key, note.uses);
    Event::InlineHtml(CowStr::from(format!(
        "<sup class=\"footnote-reference\" id=\"{}\"><a href=\"#{}\">{number}</a></sup>",
        escape(&id),
        escape(&encode_fragment(&format!("{prefix}{}", note.key)))
    )))
}

/// The list at the end: referenced notes by number, then the others in
/// the order they were defined, each with its back-links.
fn list<'a>(out: &mut Vec<Event<'a>>, mut notes: Vec<Note<'a>>, prefix: &str) {
    if notes.is_empty() {
        return;
    }
    notes.sort_by_key(|n| n.number.unwrap_or(usize::MAX));
    out.push(Event::Html(CowStr::Borrowed(
        "<section class=\"footnotes\" role=\"doc-endnotes\">\n<hr>\n<ol>\n",
    )));
    for note in notes {
        out.push(Event::Html(CowStr::from(format!(
            "<li id=\"{}\" class=\"footnote-definition\">",
            escape(&format!("{prefix}{}", note.key))
        ))));
        let backlinks = backlinks(&note, prefix);
        let mut content = note.content;
        // Into the last paragraph, as Obsidian shows them, when it ends in one.
        let last_paragraph = matches!(content.last(), Some(Event::End(TagEnd::Paragraph)));
        let end = content.pop_if(|_| last_paragraph);
        out.extend(content);
        if !backlinks.is_empty() {
            out.push(Event::InlineHtml(CowStr::from(backlinks)));
        }
        out.extend(end);
        out.push(Event::Html(CowStr::Borrowed("</li>\n")));
    }
    out.push(Event::Html(CowStr::Borrowed("</ol>\n</section>\n")));
}

/// ` ↩ ↩²…`: a link back to each reference to `note`.
fn backlinks(note: &Note<'_>, prefix: &str) -> String {
    let Some(number) = note.number else {
        return String::new();
    };
    let mut out = String::new();
    for used in 1..=note.uses {
        let id = reference_id(prefix, &note.key, used);
        let (mark, label) = if used == 1 {
            ("↩".to_string(), format!("Back to reference {number}"))
        } else {
            (
                format!("↩<sup>{used}</sup>"),
                format!("Back to reference {number} ({used})"),
            )
        };
        out.push_str(&format!(
            " <a href=\"#{}\" class=\"footnote-backref\" aria-label=\"{}\">{mark}</a>",
            escape(&encode_fragment(&id)),
            escape(&label)
        ));
    }
    out
}
