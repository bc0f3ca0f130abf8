//! The state of one page being rendered — the page itself and what it
//! embeds — and the limits that bound it.

use super::renderer::RenderedNote;
use crate::vault::NoteId;

/// Embeds deeper than this are cut off (a chain, not only a cycle, can blow
/// up a page).
pub(super) const MAX_EMBED_DEPTH: usize = 8;
/// A page expands at most this many embeds, and at most this much embedded
/// Markdown; the rest become links. Why: depth alone does not bound a page.
/// Four 30-line notes, each embedding the next 30 times, made one page of
/// 516 MB (30^4 copies of the last note). And since embeds inside a
/// sentence are expanded too (R15), a vault whose notes embed each other
/// in running text made every page of the 10k bench vault expand hundreds
/// of notes (a 637 MB site, from 180 MB) under a budget of 1000 embeds and
/// 4 MB: a reader gains nothing from the 101st embed of one page.
pub(super) const MAX_EMBEDS_PER_PAGE: usize = 100;
pub(super) const MAX_EMBEDDED_BYTES: usize = 1 << 20;

/// State of one page being rendered (the page itself and what it embeds).
pub(super) struct Page<'p> {
    /// Site path of the page: relative URLs start from it.
    pub path: &'p str,
    /// Notes being embedded, outermost first: the cycle guard.
    pub stack: Vec<Embedding>,
    /// Embeds expanded on the page so far, and their Markdown's bytes.
    pub embeds: usize,
    pub embedded_bytes: usize,
    /// The page has left an embed out for the limits: warned once.
    pub over_budget: bool,
    pub out: RenderedNote,
    pub raw_html: bool,
}

/// A range of a note being rendered on the page: the page's own note, or
/// an embed. An embed of a range already on the stack is a cycle (R15): a
/// note may embed its own *other* sections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Embedding {
    pub note: NoteId,
    pub range: std::ops::Range<usize>,
    /// How a cycle's chain names it: `path` or `path#subpath`.
    pub label: String,
}
