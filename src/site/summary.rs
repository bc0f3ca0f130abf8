//! mdBook's `SUMMARY.md`: a book's table of contents, which becomes the
//! site's navigation when the vault has one at its root.
//!
//! Read with pulldown-cmark as mdBook reads it: links in paragraphs before
//! the first list are prefix chapters and after it suffix chapters (both
//! unnumbered), list items are numbered chapters nested as the lists nest,
//! a heading after the optional `# Summary` title is a part title, `---`
//! a separator, and `[Draft]()` (an empty destination) a draft chapter,
//! listed without a link. Titles are as SUMMARY.md writes them; a chapter
//! is a link to the page of the note its destination names (relative to
//! the vault root, where SUMMARY.md is), or a draft when that note is not
//! published.
//!
//! SUMMARY.md itself is not a page: the publication scope leaves it out
//! (`LeftOut::Summary`), since the sidebar is what it says.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use super::plan::SiteMap;
use crate::encode::{encode_path, percent_decode};
use crate::vault::{NoteId, Vault};

pub use crate::vault::scope::SUMMARY_MD;

/// One line of the sidebar's table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NavChapter {
    /// `chapter`, `part` (a part title) or `separator`.
    pub kind: &'static str,
    pub title: String,
    /// The page's root-relative URL; empty for a draft (or a chapter whose
    /// note is not published).
    pub url: String,
    /// `1.`, `2.1.` for a numbered chapter (empty for prefix and suffix
    /// chapters, and with `[output.html] no-section-label`).
    pub number: String,
    pub children: Vec<NavChapter>,
}

/// The table of contents and the reading order it gives.
#[derive(Debug, Default)]
pub struct Summary {
    pub chapters: Vec<NavChapter>,
    /// The notes of the chapters with their titles, in SUMMARY.md's order
    /// (each once, where it is first listed): previous and next follow it.
    pub order: Vec<(NoteId, String)>,
}

impl Summary {
    /// The vault's SUMMARY.md read into the navigation, if it has one.
    pub fn of(vault: &Vault, map: &SiteMap, numbered: bool) -> Option<Summary> {
        let id = vault.note_by_path(SUMMARY_MD)?;
        let mut summary = Summary::default();
        let mut reader = Reader {
            vault,
            map,
            summary: &mut summary,
        };
        reader.read(&vault.notes[id].source());
        if numbered {
            number(&mut summary.chapters, "");
        } else {
            unnumber(&mut summary.chapters);
        }
        Some(summary)
    }
}

/// A chapter being read: its title so far, its note, its children.
#[derive(Default)]
struct Open {
    title: String,
    link: Option<String>,
    in_link: bool,
    /// The page of the note the link names, once the link is read.
    url: String,
    children: Vec<NavChapter>,
    numbered: bool,
}

struct Reader<'a> {
    vault: &'a Vault,
    map: &'a SiteMap,
    summary: &'a mut Summary,
}

impl Reader<'_> {
    fn read(&mut self, source: &str) {
        // The list items open around the event being read; a prefix or
        // suffix chapter (a link in a paragraph) is `loose`.
        let mut items: Vec<Open> = Vec::new();
        let mut loose: Option<Open> = None;
        let mut heading: Option<String> = None;
        let mut seen_heading_or_chapter = false;
        for event in Parser::new_ext(source, Options::empty()) {
            match event {
                Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
                Event::End(TagEnd::Heading(_)) => {
                    let title = heading.take().unwrap_or_default();
                    // The first heading before any chapter is the book's
                    // `# Summary` title, not a part.
                    if seen_heading_or_chapter {
                        self.push(None, part("part", title.trim()));
                    }
                    seen_heading_or_chapter = true;
                }
                Event::Rule => self.push(items.last_mut(), part("separator", "")),
                Event::Start(Tag::Item) => items.push(Open {
                    numbered: true,
                    ..Open::default()
                }),
                Event::End(TagEnd::Item) => {
                    if let Some(open) = items.pop() {
                        seen_heading_or_chapter = true;
                        let chapter = self.chapter(open);
                        self.push(items.last_mut(), chapter);
                    }
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    let target = match items.last_mut() {
                        Some(open) => open,
                        None => loose.get_or_insert_with(Open::default),
                    };
                    if target.link.is_none() {
                        target.link = Some(dest_url.to_string());
                        target.in_link = true;
                        target.title.clear();
                    }
                }
                Event::End(TagEnd::Link) => {
                    if items.is_empty()
                        && let Some(mut open) = loose.take()
                    {
                        seen_heading_or_chapter = true;
                        self.link_read(&mut open);
                        let chapter = self.chapter(open);
                        self.push(None, chapter);
                    } else if let Some(open) = items.last_mut()
                        && open.in_link
                    {
                        open.in_link = false;
                        self.link_read(open);
                    }
                }
                Event::Text(text) | Event::Code(text) => {
                    if let Some(h) = heading.as_mut() {
                        h.push_str(&text);
                    } else if let Some(open) = loose.as_mut().filter(|o| o.in_link) {
                        open.title.push_str(&text);
                    } else if let Some(open) = items.last_mut()
                        && (open.in_link || open.link.is_none())
                        && open.children.is_empty()
                    {
                        open.title.push_str(&text);
                    }
                }
                _ => {}
            }
        }
    }

    /// A chapter's link is read: its note's page, when the destination
    /// names a published note, which takes its place in the reading order
    /// here, before the chapter's sub-chapters.
    fn link_read(&mut self, open: &mut Open) {
        let note = open.link.as_deref().and_then(|dest| self.note(dest));
        let Some((id, page)) = note.and_then(|id| Some((id, self.map.page(id)?))) else {
            return;
        };
        open.url = encode_path(page);
        if !self.summary.order.iter().any(|(listed, _)| *listed == id) {
            let title = open.title.trim().to_string();
            self.summary.order.push((id, title));
        }
    }

    /// A finished chapter, with its sub-chapters.
    fn chapter(&mut self, open: Open) -> NavChapter {
        NavChapter {
            kind: "chapter",
            title: open.title.trim().to_string(),
            url: open.url,
            // Marked for numbering; `number` writes the numbers.
            number: if open.numbered {
                "#".to_string()
            } else {
                String::new()
            },
            children: open.children,
        }
    }

    /// The note a destination names: vault-relative (SUMMARY.md is at the
    /// root), `./` and a `#fragment` dropped, `%20` decoded.
    fn note(&self, dest: &str) -> Option<NoteId> {
        let path = dest.split('#').next().unwrap_or("");
        if path.is_empty() || path.contains("://") {
            return None;
        }
        let path = percent_decode(path);
        let path = path.trim_start_matches("./").trim_start_matches('/');
        self.vault.note_by_path(path)
    }

    /// Add `chapter` to the item being read, else to the top level.
    fn push(&mut self, parent: Option<&mut Open>, chapter: NavChapter) {
        match parent {
            Some(open) => open.children.push(chapter),
            None => self.summary.chapters.push(chapter),
        }
    }
}

fn part(kind: &'static str, title: &str) -> NavChapter {
    NavChapter {
        kind,
        title: title.to_string(),
        url: String::new(),
        number: String::new(),
        children: Vec::new(),
    }
}

/// Number the chapters marked for it (`#`) as mdBook does: `1.`, `1.1.`;
/// the top level counts on across part titles; unmarked (prefix, suffix)
/// chapters are left unnumbered. Without numbering, the marks are cleared.
fn number(chapters: &mut [NavChapter], prefix: &str) {
    let mut n = 0;
    for chapter in chapters.iter_mut().filter(|c| c.kind == "chapter") {
        if chapter.number == "#" {
            n += 1;
            chapter.number = format!("{prefix}{n}.");
            let own = chapter.number.clone();
            number(&mut chapter.children, &own);
        }
    }
}

/// Clear the numbering marks (`[output.html] no-section-label`).
fn unnumber(chapters: &mut [NavChapter]) {
    for chapter in chapters {
        chapter.number.clear();
        unnumber(&mut chapter.children);
    }
}
