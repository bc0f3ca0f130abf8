//! Tasks (OBSIDIAN-RENDERING R12): every list item with a status
//! character — `[ ]`, `[x]`, and Obsidian's others (`[/]`, `[-]`, `[>]`,
//! `[?]`…) — is a task item carrying `data-task="<char>"`, so themes and
//! custom CSS can style each status. pulldown-cmark knows only `[ ]` and
//! `[x]`; for the others its marker is text, which is cut here and
//! replaced by a checkbox shown checked, as Obsidian shows any status but a
//! space.

use std::ops::Range;

use pulldown_cmark::{Event, Tag};

use super::rewriter::Rewriter;
use crate::html::escape;

impl Rewriter<'_, '_> {
    /// The start of a list item at `range`.
    pub(super) fn list_item(&mut self, range: &Range<usize>) {
        let tasks = &self.renderer.vault.notes[self.id].tasks;
        let Some(task) = tasks
            .binary_search_by_key(&range.start, |t| t.offset)
            .ok()
            .map(|i| &tasks[i])
        else {
            self.events.push(Event::Start(Tag::Item));
            return;
        };
        let status = task.status;
        let mut buf = [0; 4];
        let shown = if status == ' ' {
            ""
        } else {
            &*status.encode_utf8(&mut buf)
        };
        let checked = if status == ' ' { "" } else { " is-checked" };
        self.block_html(format!(
            "<li class=\"task-list-item{checked}\" data-task=\"{}\">",
            escape(shown)
        ));
        if matches!(status, ' ' | 'x' | 'X') {
            // pulldown-cmark writes the checkbox (its task-list marker).
            return;
        }
        // `[c]` and the blank after it are the marker, not the item's text.
        let body = self.body;
        let Some(open) = body[range.start..range.end].find('[') else {
            return;
        };
        let after = range.start + open + 1 + status.len_utf8() + 1;
        let blank = body[after.min(body.len())..]
            .bytes()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        self.skip_until = self.skip_until.max(after + blank);
        self.html(format!(
            "<input class=\"task-list-item-checkbox\" disabled=\"\" type=\"checkbox\" checked=\"\" data-task=\"{}\"/>\n",
            escape(shown)
        ));
    }
}
