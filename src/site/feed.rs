//! The site's Atom feed (`feed.xml`): the notes that carry a date, newest
//! first, for readers who follow the handbook in a feed reader — Quartz
//! and Obsidian Publish sites have one.
//!
//! A note's date is its `date` property, else `published`, else `created`
//! (`YYYY-MM-DD`, a time after it allowed), as Quartz reads them. The feed
//! needs absolute links, so it is written only with `[site] site-url`, and
//! only when some published note has a date.

use std::fmt::Write as _;

use super::output::{Content, Output};
use super::plan::SiteMap;
use crate::encode::encode_path;
use crate::html;
use crate::vault::{Note, NoteId, Vault};

/// Where the feed goes.
pub const FEED: &str = "feed.xml";

/// The most entries the feed holds.
const MAX_ENTRIES: usize = 50;

/// The properties a note's date is read from, in order.
const DATE_KEYS: &[&str] = &["date", "published", "created"];

/// The `YYYY-MM-DD` a note is dated, if it is.
pub fn date_of(note: &Note) -> Option<&str> {
    let value = note.frontmatter.as_ref()?.value.as_ref()?;
    DATE_KEYS.iter().find_map(|key| {
        let text = value.get(key)?.as_str()?.trim();
        let day = text.get(..10)?;
        let b = day.as_bytes();
        let valid = b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        }) && (text.len() == 10 || text[10..].starts_with(['T', ' ']));
        valid.then_some(day)
    })
}

/// Whether the site has a feed: a site URL and a dated published note.
pub fn has_feed(vault: &Vault, map: &SiteMap, site_url: Option<&str>) -> bool {
    site_url.is_some()
        && map
            .published_notes()
            .any(|id| date_of(&vault.notes[id]).is_some())
}

/// Text for XML: escaped, and without the control characters XML 1.0
/// does not allow (a `\x1b` in a title would make the whole feed
/// unreadable).
fn escape(text: &str) -> String {
    let allowed: String = text
        .chars()
        .filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect();
    html::escape(&allowed)
}

/// `feed.xml`: the newest dated notes, each with its description
/// (`summaries`, by note, as the pages had them); by `authors` (the
/// book's, else the site's title: Atom wants an author).
pub fn feed(
    vault: &Vault,
    map: &SiteMap,
    site_url: Option<&str>,
    (title, authors): (&str, &[String]),
    summaries: &[(NoteId, Option<String>)],
) -> Option<Output> {
    let base = format!("{}/", site_url?.trim_end_matches('/'));
    let mut entries: Vec<(&str, NoteId, Option<&String>)> = summaries
        .iter()
        .filter_map(|(id, summary)| Some((date_of(&vault.notes[*id])?, *id, summary.as_ref())))
        .collect();
    if entries.is_empty() {
        return None;
    }
    // Newest first; a day's notes by path.
    entries.sort_by(|a, b| {
        b.0.cmp(a.0)
            .then_with(|| vault.notes[a.1].path.cmp(&vault.notes[b.1].path))
    });
    entries.truncate(MAX_ENTRIES);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    let _ = writeln!(xml, "  <title>{}</title>", escape(title));
    let _ = writeln!(xml, "  <id>{}</id>", escape(&base));
    let _ = writeln!(xml, "  <link href=\"{}\"/>", escape(&base));
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" href=\"{}\"/>",
        escape(&format!("{base}{FEED}"))
    );
    let _ = writeln!(xml, "  <updated>{}T00:00:00Z</updated>", entries[0].0);
    let _ = writeln!(xml, "  <generator>phasebook</generator>");
    let fallback = [title.to_string()];
    let names = if authors.is_empty() {
        &fallback[..]
    } else {
        authors
    };
    for name in names {
        let _ = writeln!(xml, "  <author><name>{}</name></author>", escape(name));
    }
    for (date, id, summary) in entries {
        let Some(page) = map.page(id) else { continue };
        let url = format!("{base}{}", encode_path(page));
        let _ = writeln!(xml, "  <entry>");
        let _ = writeln!(xml, "    <title>{}</title>", escape(&vault.notes[id].title));
        let _ = writeln!(xml, "    <id>{}</id>", escape(&url));
        let _ = writeln!(xml, "    <link href=\"{}\"/>", escape(&url));
        let _ = writeln!(xml, "    <updated>{date}T00:00:00Z</updated>");
        if let Some(summary) = summary {
            let _ = writeln!(xml, "    <summary>{}</summary>", escape(summary));
        }
        let _ = writeln!(xml, "  </entry>");
    }
    xml.push_str("</feed>\n");
    Some(Output {
        path: FEED.to_string(),
        content: Content::Bytes(xml.into_bytes()),
    })
}
