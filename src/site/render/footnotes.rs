//! Footnotes: references and definitions get ids of their own, so a
//! page and the notes it embeds can all have a `[^1]` (pulldown-cmark's ids
//! are the bare labels: `[^intro]` took the id of a heading "Intro").

use super::rewriter::Rewriter;
use crate::html::escape;
use crate::site::urls::encode_fragment;

impl Rewriter<'_, '_> {
    /// The id and number of footnote `label` (compared without case, as
    /// the resolver does).
    fn footnote(&mut self, label: &str) -> (String, usize) {
        let key = label.to_lowercase();
        let next = self.footnotes.len() + 1;
        let number = *self.footnotes.entry(key.clone()).or_insert(next);
        (format!("{}{key}", self.footnote_prefix), number)
    }

    /// `[^label]` in the text: the footnote's number, linking to it.
    pub(super) fn footnote_reference(&mut self, label: &str) {
        let (id, number) = self.footnote(label);
        self.html(format!(
            "<sup class=\"footnote-reference\"><a href=\"#{}\">{number}</a></sup>",
            escape(&encode_fragment(&id))
        ));
    }

    /// The start of `[^label]: …`: the definition's block, with its id.
    pub(super) fn footnote_definition(&mut self, label: &str) {
        let (id, number) = self.footnote(label);
        self.block_html(format!(
            "<div class=\"footnote-definition\" id=\"{}\">\
             <sup class=\"footnote-definition-label\">{number}</sup>",
            escape(&id)
        ));
    }
}
