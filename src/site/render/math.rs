//! Math (OBSIDIAN-RENDERING R8): `$…$` and `$$…$$` as MathML, made at
//! build time by [`crate::math`], so a reader's browser needs no script.
//! What cannot be rendered shows its source in `<code class="math-error">`,
//! visibly, and the build warns (as `check`'s `math-invalid` does).

use std::ops::Range;

use super::page::Page;
use super::rewriter::Rewriter;
use crate::html::escape;

impl Rewriter<'_, '_> {
    pub(super) fn math(
        &mut self,
        tex: &str,
        display: bool,
        range: &Range<usize>,
        page: &mut Page<'_>,
    ) {
        if self.in_comment(range.start) {
            return;
        }
        match crate::math::to_mathml(tex, display) {
            Ok(mathml) => self.html(mathml),
            Err(why) => {
                let note = &self.renderer.vault.notes[self.id];
                let line = note.lines().line_of(range.start) + 1;
                page.out
                    .warnings
                    .push(format!("{}:{line}: math not rendered: {why}", note.path));
                let delimiter = if display { "$$" } else { "$" };
                self.html(format!(
                    "<code class=\"math-error\" title=\"{}\">{delimiter}{}{delimiter}</code>",
                    escape(&format!("not rendered: {why}")),
                    escape(tex)
                ));
            }
        }
    }
}
