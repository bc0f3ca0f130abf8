//! What rendering a note needs and gives: the [`Renderer`] (the vault, the
//! site plan, the raw-HTML setting, shared read-only across threads) and a
//! [`RenderedNote`].

use crate::site::plan::SiteMap;
use crate::site::search::Section;
use std::sync::{Arc, PoisonError, RwLock};

use crate::FastMap;
use crate::vault::{NoteId, Vault};

/// A note rendered for its page.
#[derive(Debug, Default)]
pub struct RenderedNote {
    pub html: String,
    /// Links on the page that do not resolve (embedded content included).
    pub broken_links: usize,
    /// Problems worth telling the user about (embed cycles, depth).
    pub warnings: Vec<String>,
    /// The page's text by section, for the search index.
    pub sections: Vec<Section>,
    /// The page has highlighted code: it links `highlight.css`.
    pub uses_highlight: bool,
    /// The page has a Mermaid diagram: it loads the Mermaid script.
    pub uses_mermaid: bool,
}

/// Renders notes to HTML. Shared read-only across threads.
pub struct Renderer<'a> {
    pub vault: &'a Vault,
    pub map: &'a SiteMap,
    pub allow_raw_html: bool,
    /// Obsidian's "Strict line breaks" (R2): off, a single newline in a
    /// paragraph is a line break; on, it joins the lines.
    pub strict_line_breaks: bool,
    /// Highlighted code blocks by (note, offset), made once for every page
    /// that embeds them (`Default::default()` to start empty).
    pub highlighted: HighlightCache,
}

/// Highlighted code blocks, shared by the threads rendering pages.
pub type HighlightCache = RwLock<FastMap<(NoteId, usize), Option<Arc<str>>>>;

impl Renderer<'_> {
    /// The highlighted HTML of the code block at `key`, made by `make` the
    /// first time it is asked for.
    pub(super) fn highlighted(
        &self,
        key: (NoteId, usize),
        make: impl FnOnce() -> Option<String>,
    ) -> Option<Arc<str>> {
        if let Some(done) = self
            .highlighted
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
        {
            return done.clone();
        }
        let made: Option<Arc<str>> = make().map(Arc::from);
        self.highlighted
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key, made.clone());
        made
    }
}
