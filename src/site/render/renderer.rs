//! What rendering a note needs and gives: the [`Renderer`] (the vault, the
//! site plan, the raw-HTML setting, shared read-only across threads) and a
//! [`RenderedNote`].

use crate::site::plan::SiteMap;
use crate::site::search::Section;
use crate::vault::Vault;

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
}

/// Renders notes to HTML. Shared read-only across threads.
pub struct Renderer<'a> {
    pub vault: &'a Vault,
    pub map: &'a SiteMap,
    pub allow_raw_html: bool,
    /// Obsidian's "Strict line breaks" (R2): off, a single newline in a
    /// paragraph is a line break; on, it joins the lines.
    pub strict_line_breaks: bool,
}
