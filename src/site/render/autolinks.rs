//! Bare URLs (OBSIDIAN-RENDERING R4): `https://…`, `http://…` and `www.…`
//! in text become links, by GFM's extended autolink rules as the `linkify`
//! crate implements them (trailing punctuation left out, balanced
//! parentheses kept). Not inside code, a code block, or a link (a
//! Markdown link, a wikilink or an author's `<a>`).

use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

/// `events` with the bare URLs of their text made links.
pub(super) fn autolinks(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Text(t) if may_hold_url(t)))
    {
        return events;
    }
    let mut finder = LinkFinder::new();
    finder.kinds(&[LinkKind::Url]).url_must_have_scheme(false);
    let mut out = Vec::with_capacity(events.len() + 8);
    let (mut in_code_block, mut in_link) = (false, 0usize);
    // Consecutive text events, joined: pulldown-cmark cuts text where
    // emphasis could start (`_`, `*`), which may be inside a URL.
    let mut text: Vec<CowStr<'_>> = Vec::new();
    for event in events {
        if let Event::Text(t) = event {
            if in_code_block || in_link > 0 {
                out.push(Event::Text(t));
            } else {
                text.push(t);
            }
            continue;
        }
        flush(&finder, &mut text, &mut out);
        match &event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => in_link += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => in_link = in_link.saturating_sub(1),
            // The links the rewriter writes itself (wikilinks, tags,
            // broken links) and an author's own `<a>`.
            Event::InlineHtml(html) if opens_link(html) => in_link += 1,
            Event::InlineHtml(html) if closes_link(html) => in_link = in_link.saturating_sub(1),
            _ => {}
        }
        out.push(event);
    }
    flush(&finder, &mut text, &mut out);
    out
}

/// A run of text events: as they were when no URL can be in them, else
/// joined and cut around its URLs.
fn flush<'a>(finder: &LinkFinder, run: &mut Vec<CowStr<'a>>, out: &mut Vec<Event<'a>>) {
    match run.len() {
        0 => {}
        1 => {
            let text = run.pop().unwrap_or(CowStr::Borrowed(""));
            if may_hold_url(&text) {
                link_urls(finder, text, out);
            } else {
                out.push(Event::Text(text));
            }
        }
        _ if !run.iter().any(|t| may_hold_url(t)) => {
            out.extend(run.drain(..).map(Event::Text));
        }
        _ => {
            let joined: String = run.drain(..).map(|t| t.into_string()).collect();
            link_urls(finder, CowStr::from(joined), out);
        }
    }
}

/// Whether `text` has a `://` or a `www.` (`WWW.`) that may start a URL:
/// one pass over the text for its `:` and `.` (three searches of the
/// whole text each page took 1.5% of a build).
fn may_hold_url(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b':', b'.', bytes).any(|at| match bytes[at] {
        b':' => bytes[at + 1..].starts_with(b"//"),
        _ => at >= 3 && matches!(&bytes[at - 3..at], b"www" | b"WWW"),
    })
}

fn opens_link(html: &str) -> bool {
    let lower = html.trim_start().get(..2).map(str::to_ascii_lowercase);
    lower.as_deref() == Some("<a") && html.trim_start()[2..].starts_with([' ', '>'])
        || html.starts_with("<span class=\"broken-link")
}

fn closes_link(html: &str) -> bool {
    html.trim().eq_ignore_ascii_case("</a>") || html == "</span>"
}

/// The URLs GFM links: with an `http`/`https` scheme, or starting `www.`.
fn is_autolink(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.")
}

fn link_urls<'a>(finder: &LinkFinder, text: CowStr<'a>, out: &mut Vec<Event<'a>>) {
    let s: &str = &text;
    let urls: Vec<(usize, usize)> = finder
        .links(s)
        .filter(|l| is_autolink(l.as_str()))
        .map(|l| (l.start(), l.end()))
        .collect();
    if urls.is_empty() {
        out.push(Event::Text(text));
        return;
    }
    let piece = |from: usize, to: usize| -> CowStr<'a> {
        match &text {
            CowStr::Borrowed(b) => CowStr::Borrowed(&b[from..to]),
            other => CowStr::from(other[from..to].to_string()),
        }
    };
    let mut at = 0;
    for (start, end) in urls {
        if start > at {
            out.push(Event::Text(piece(at, start)));
        }
        let url = &s[start..end];
        let dest = if url.get(..4).is_some_and(|w| w.eq_ignore_ascii_case("www.")) {
            format!("http://{url}")
        } else {
            url.to_string()
        };
        out.push(Event::Start(Tag::Link {
            link_type: LinkType::Autolink,
            dest_url: CowStr::from(dest),
            title: CowStr::Borrowed(""),
            id: CowStr::Borrowed(""),
        }));
        out.push(Event::Text(piece(start, end)));
        out.push(Event::End(TagEnd::Link));
        at = end;
    }
    if at < s.len() {
        out.push(Event::Text(piece(at, s.len())));
    }
}

#[cfg(test)]
mod tests {
    fn render(markdown: &str) -> String {
        super::super::render_pass(super::autolinks, markdown)
    }

    #[test]
    fn bare_urls_and_www_hosts_become_links_by_gfm_rules() {
        assert_eq!(
            render("See https://example.com/a."),
            "<p>See <a href=\"https://example.com/a\">https://example.com/a</a>.</p>\n"
        );
        assert_eq!(
            render("(www.example.com/x_(y))"),
            "<p>(<a href=\"http://www.example.com/x_(y)\">www.example.com/x_(y)</a>)</p>\n"
        );
        assert_eq!(
            render("plain example.org text"),
            "<p>plain example.org text</p>\n"
        );
        assert_eq!(
            render("`https://in.code`"),
            "<p><code>https://in.code</code></p>\n"
        );
        assert_eq!(
            render("[text https://x.org](https://y.org)"),
            "<p><a href=\"https://y.org\">text https://x.org</a></p>\n"
        );
        assert_eq!(
            render("ftp://old.example.com"),
            "<p>ftp://old.example.com</p>\n"
        );
    }
}
