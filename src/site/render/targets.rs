//! Where a resolved link goes on the site: its URL and fragment, whether
//! its target is published at all, and why a link that does not resolve is
//! broken (the broken element's title).

use super::renderer::Renderer;
use crate::site::urls::{encode_fragment, relative_url};
use crate::vault::links::Link;
use crate::vault::resolve::{Found, Subpath, Unresolved};
use crate::vault::{NoteId, Resolution};

impl Renderer<'_> {
    /// Whether a resolved link leads to a file the site leaves out: it is
    /// shown as its text alone (an embed as nothing), with no link, title
    /// or marker that would name what is not published.
    pub(super) fn unpublished(&self, found: &Found) -> bool {
        self.map.output(found.file).is_none()
    }

    /// The site path and fragment a resolved link points to (a published
    /// file: see [`Renderer::unpublished`]).
    pub(super) fn target_url(
        &self,
        page: &str,
        found: &Found,
        source: NoteId,
        link: &Link,
    ) -> String {
        let file = &self.vault.files[found.file];
        // `[[#Heading]]` is a fragment of the page itself, unless the note
        // is shown embedded in another page: there its headings have no
        // ids, so the link goes to the note's own page (#19).
        let own_page = self.map.page(source) == Some(page);
        let mut url = if file.note == Some(source) && link.target().is_empty() && own_page {
            String::new()
        } else {
            relative_url(page, self.map.output(found.file).unwrap_or_default())
        };
        if let Some(fragment) = self.fragment(found, link) {
            url.push('#');
            url.push_str(&encode_fragment(&fragment));
        }
        url
    }

    fn fragment(&self, found: &Found, link: &Link) -> Option<String> {
        let note_id = self.vault.files[found.file].note?;
        let note = &self.vault.notes[note_id];
        match found.subpath {
            Subpath::Heading(h) => self.map.heading_ids[note_id].get(h as usize).cloned(),
            Subpath::Block(b) => note.block_ids.get(b as usize).map(|b| format!("^{}", b.id)),
            Subpath::Footnote(f) => note
                .footnotes
                .get(f as usize)
                .map(|f| format!("fn:{}", f.to_lowercase())),
            Subpath::Parameter => link.subpath().map(str::to_string),
            _ => None,
        }
    }

    /// Why a link does not resolve, for the broken element's title.
    pub(super) fn reason(&self, link: &Link, resolution: &Resolution) -> String {
        match resolution {
            Resolution::Unresolved(why) => match why {
                Unresolved::OutsideVault => format!("{} points outside the vault", link.target()),
                Unresolved::NotAtRoot { .. } | Unresolved::NoSuchPath { .. } => {
                    format!("no file at {}", link.target())
                }
                Unresolved::SuffixQuirk(_) | Unresolved::NoSuchName => {
                    format!("no note or file named {}", link.target())
                }
            },
            Resolution::Found(found) => {
                let file = &self.vault.files[found.file];
                match found.subpath {
                    Subpath::MissingBlock => format!(
                        "no block ^{} in {}",
                        link.subpath().unwrap_or("").trim_start_matches('^'),
                        file.path
                    ),
                    Subpath::MissingFootnote => format!("no such footnote in {}", file.path),
                    _ => format!(
                        "no heading {} in {}",
                        link.subpath().unwrap_or(""),
                        file.path
                    ),
                }
            }
        }
    }
}
