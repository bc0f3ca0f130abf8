//! `--fix`: apply the fixes of fixable diagnostics, one atomic write per
//! file.
//!
//! A file is rewritten through a temporary file in the same folder that is
//! renamed over the original, so an interrupted run leaves either the old or
//! the new content, never half of each. A fix is applied whole or not at all:
//! one that overlaps a fix taken before it is dropped (the next run finds
//! and fixes it), and files that could not be read as UTF-8
//! are never written.

use std::collections::BTreeMap;
use std::ops::Range;

use anyhow::Result;

use super::{Diagnostic, Edit, Fix};
use crate::vault::Vault;

/// Apply whole fixes to `text`, in the order given. A fix with an edit
/// that overlaps an edit of a fix taken before it, or that falls outside the
/// text or inside a character, is skipped entirely: half a fix (a
/// frontmatter block copied to the top but not removed from below the
/// title) would damage the note, and the next run finds the skipped one
/// again. Returns the new text and how many fixes were applied.
pub(crate) fn apply_fixes(text: &str, fixes: &[&Fix]) -> (String, usize) {
    // Edits taken, by (start, end, order taken). They do not overlap, so
    // each ends where or before the next starts, and only the one just
    // before an edit's start and those starting inside it can overlap it:
    // two range lookups, not a scan of every edit taken (a generated note
    // can hold tens of thousands of fixable lines).
    let mut taken: BTreeMap<(usize, usize, usize), &Edit> = BTreeMap::new();
    let clashes = |taken: &BTreeMap<(usize, usize, usize), &Edit>, r: &Range<usize>| {
        let before = taken.range(..(r.start, 0, 0)).next_back();
        let inside = taken
            .range((r.start, 0, 0)..)
            .take_while(|((start, _, _), _)| *start < r.end);
        before
            .into_iter()
            .chain(inside)
            .any(|(_, t)| overlaps(&t.range, r))
    };
    let mut applied = 0;
    for fix in fixes {
        let fits = fix.edits.iter().enumerate().all(|(i, edit)| {
            let r = &edit.range;
            r.start <= r.end
                && r.end <= text.len()
                && text.is_char_boundary(r.start)
                && text.is_char_boundary(r.end)
                && !clashes(&taken, r)
                && !fix.edits[..i].iter().any(|t| overlaps(&t.range, r))
        });
        if fits && !fix.edits.is_empty() {
            for edit in &fix.edits {
                taken.insert((edit.range.start, edit.range.end, taken.len()), edit);
            }
            applied += 1;
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for edit in taken.values() {
        out.push_str(&text[pos..edit.range.start]);
        out.push_str(&edit.replacement);
        pos = edit.range.end;
    }
    out.push_str(&text[pos..]);
    (out, applied)
}

/// Whether two edits touch the same bytes, or one inserts inside the
/// other's range: applied in either order, they would not give one answer.
/// Two insertions at one offset, or an insertion at a range's edge, do not
/// overlap; they are applied in offset order.
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    let inside = |point: usize, r: &Range<usize>| r.start < point && point < r.end;
    (a.start < b.end && b.start < a.end)
        || (a.is_empty() && inside(a.start, b))
        || (b.is_empty() && inside(b.start, a))
}

/// Apply every fix among `diagnostics`; returns (files changed, fixes
/// applied). A fix is counted once however many edits it makes, so the
/// count matches the "fixable" count `check` printed.
pub fn apply(vault: &Vault, diagnostics: &[Diagnostic]) -> Result<(usize, usize)> {
    let mut by_file: BTreeMap<&str, Vec<&Fix>> = BTreeMap::new();
    for diag in diagnostics {
        if let Some(fix) = &diag.fix {
            by_file.entry(diag.path.as_str()).or_default().push(fix);
        }
    }
    let (mut files, mut fixes) = (0, 0);
    for (path, file_fixes) in by_file {
        let Some(id) = vault.note_by_path(path) else {
            continue;
        };
        let note = &vault.notes[id];
        if note.problem.is_some() {
            continue;
        }
        let source = note.source();
        if note.changed_on_disk() {
            // Never write over an edit made since the check read the file.
            continue;
        }
        let (text, applied) = apply_fixes(&source, &file_fixes);
        if applied == 0 || text == source {
            continue;
        }
        // Line ends as the file had them.
        let text = if note.lone_cr {
            text.replace('\n', "\r")
        } else {
            text
        };
        let bytes = if note.bom {
            [crate::vault::note::UTF8_BOM, text.as_bytes()].concat()
        } else {
            text.into_bytes()
        };
        crate::fsio::write_atomic(&vault.files[vault.note_files[id]].abs, &bytes)?;
        files += 1;
        fixes += applied;
    }
    Ok((files, fixes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(range: std::ops::Range<usize>, text: &str) -> Edit {
        Edit {
            range,
            replacement: text.to_string(),
        }
    }

    fn fix(edits: Vec<Edit>) -> Fix {
        Fix {
            description: String::new(),
            edits,
        }
    }

    #[test]
    fn the_range_lookup_takes_the_same_fixes_as_comparing_every_pair() {
        // The rule stated plainly: a fix is taken when none of its edits
        // overlaps an edit taken before it or one of its own.
        fn naive(text: &str, fixes: &[&Fix]) -> usize {
            let mut taken: Vec<Range<usize>> = Vec::new();
            let mut applied = 0;
            for fix in fixes {
                let fits = fix.edits.iter().enumerate().all(|(i, e)| {
                    e.range.end <= text.len()
                        && !taken.iter().any(|t| overlaps(t, &e.range))
                        && !fix.edits[..i].iter().any(|t| overlaps(&t.range, &e.range))
                });
                if fits {
                    taken.extend(fix.edits.iter().map(|e| e.range.clone()));
                    applied += 1;
                }
            }
            applied
        }
        let text = "abcdefghijklmnopqrstuvwxyz0123";
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        for _ in 0..500 {
            let fixes: Vec<Fix> = (0..1 + next(12))
                .map(|_| {
                    fix((0..1 + next(2))
                        .map(|_| {
                            let start = next(31);
                            let end = (start + next(4) * next(2)).min(30);
                            edit(start..end, "#")
                        })
                        .collect())
                })
                .collect();
            let fixes: Vec<&Fix> = fixes.iter().collect();
            assert_eq!(
                apply_fixes(text, &fixes).1,
                naive(text, &fixes),
                "{fixes:?}"
            );
        }
    }

    #[test]
    fn fixes_apply_in_order_and_an_overlapping_one_is_skipped() {
        let fixes = [
            fix(vec![edit(4..6, "X")]),
            fix(vec![edit(0..0, "<")]),
            fix(vec![edit(3..5, "Y")]),
        ];
        let (out, n) = apply_fixes("abcdef", &fixes.iter().collect::<Vec<_>>());
        assert_eq!(out, "<abcdX");
        assert_eq!(n, 2);
    }

    #[test]
    fn a_fix_of_several_edits_counts_once_and_is_never_applied_in_part() {
        // A move: insert at the top, remove below. It counts as one fix.
        let moved = fix(vec![edit(0..0, "ef"), edit(4..6, "")]);
        let (out, n) = apply_fixes("abcdef", &[&moved]);
        assert_eq!((out.as_str(), n), ("efabcd", 1));
        // The same move after a fix that touches the block it removes:
        // neither half of the move is applied.
        let first = fix(vec![edit(5..6, "F")]);
        let (out, n) = apply_fixes("abcdef", &[&first, &moved]);
        assert_eq!((out.as_str(), n), ("abcdeF", 1));
    }

    #[test]
    fn an_insertion_inside_a_replaced_range_overlaps_it() {
        let replace = fix(vec![edit(1..4, "-")]);
        let insert = fix(vec![edit(2..2, "!")]);
        let (out, n) = apply_fixes("abcdef", &[&replace, &insert]);
        assert_eq!((out.as_str(), n), ("a-ef", 1));
        // At the range's edge it does not: both apply, in offset order.
        let at_edge = fix(vec![edit(4..4, "!")]);
        let (out, n) = apply_fixes("abcdef", &[&replace, &at_edge]);
        assert_eq!((out.as_str(), n), ("a-!ef", 2));
    }

    #[test]
    fn a_fix_off_a_character_boundary_or_past_the_end_is_skipped() {
        let inside_e_acute = fix(vec![edit(2..2, "x")]);
        let past_end = fix(vec![edit(3..9, "")]);
        let (out, n) = apply_fixes("aéb", &[&inside_e_acute, &past_end]);
        assert_eq!((out.as_str(), n), ("aéb", 0));
    }
}
