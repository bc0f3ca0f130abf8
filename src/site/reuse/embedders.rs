//! Which pages show an edited note's text: its own, and those that embed
//! it, transitively.

use rayon::prelude::*;

use crate::vault::{LinkKind, NoteId, Resolution, Vault};

/// By note id: the notes in `edited` and those whose page embeds one of
/// them, transitively (an embed of an embed shows its text too).
pub(super) fn with_embedders(vault: &Vault, edited: Vec<NoteId>) -> Vec<bool> {
    let n = vault.notes.len();
    let mut marked = vec![false; n];
    if edited.is_empty() {
        return marked;
    }
    // Who embeds whom, reversed: one pass over every link.
    let embedders: Vec<Vec<(NoteId, NoteId)>> = (0..n)
        .into_par_iter()
        .map(|from| {
            let note = &vault.notes[from];
            note.links
                .iter()
                .zip(vault.resolutions(from))
                .filter(|(link, _)| matches!(link.kind, LinkKind::Embed | LinkKind::MarkdownImage))
                .filter_map(|(_, resolution)| match resolution {
                    Resolution::Found(found) => vault.files[found.file].note,
                    Resolution::Unresolved(_) => None,
                })
                .map(|to| (to, from))
                .collect()
        })
        .collect();
    let mut embedded_by: Vec<Vec<NoteId>> = vec![Vec::new(); n];
    for (to, from) in embedders.into_iter().flatten() {
        embedded_by[to].push(from);
    }
    let mut todo = edited;
    while let Some(id) = todo.pop() {
        if !std::mem::replace(&mut marked[id], true) {
            todo.extend(embedded_by[id].iter().copied().filter(|&e| !marked[e]));
        }
    }
    marked
}
