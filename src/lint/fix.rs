//! `--fix`: apply the fixes of fixable diagnostics, one atomic write per
//! file.
//!
//! A file is rewritten through a temporary file in the same folder that is
//! renamed over the original, so an interrupted run leaves either the old or
//! the new content, never half of each. Overlapping edits are dropped (the
//! next run finds and fixes them), and files that could not be read as UTF-8
//! are never written.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use super::{Diagnostic, Edit};
use crate::vault::Vault;

/// Apply `edits` to `text`; edits overlapping an earlier one are skipped.
/// Returns the new text and how many edits were applied.
pub fn apply_edits(text: &str, mut edits: Vec<Edit>) -> (String, usize) {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    let mut applied = 0;
    for edit in edits {
        let valid = edit.range.start >= pos
            && edit.range.end <= text.len()
            && text.is_char_boundary(edit.range.start)
            && text.is_char_boundary(edit.range.end);
        if !valid {
            continue;
        }
        out.push_str(&text[pos..edit.range.start]);
        out.push_str(&edit.replacement);
        pos = edit.range.end;
        applied += 1;
    }
    out.push_str(&text[pos..]);
    (out, applied)
}

/// Write `contents` to `path` atomically, keeping its permissions.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".phasebook-")
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    tmp.write_all(contents)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
    }
    tmp.persist(path)
        .with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}

/// Apply every fix among `diagnostics`; returns (files changed, fixes
/// applied).
pub fn apply(vault: &Vault, diagnostics: &[Diagnostic]) -> Result<(usize, usize)> {
    let mut by_file: BTreeMap<&str, Vec<Edit>> = BTreeMap::new();
    for diag in diagnostics {
        if let Some(fix) = &diag.fix {
            by_file
                .entry(diag.path.as_str())
                .or_default()
                .extend(fix.edits.iter().cloned());
        }
    }
    let (mut files, mut fixes) = (0, 0);
    for (path, edits) in by_file {
        let Some(id) = vault.note_by_path(path) else {
            continue;
        };
        let note = &vault.notes[id];
        if note.problem.is_some() {
            continue;
        }
        let (text, applied) = apply_edits(&note.source, edits);
        if applied == 0 || text == note.source {
            continue;
        }
        write_atomic(&vault.root.join(path), text.as_bytes())?;
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

    #[test]
    fn edits_apply_in_order_and_overlaps_are_skipped() {
        let (out, n) = apply_edits(
            "abcdef",
            vec![edit(4..6, "X"), edit(0..0, "<"), edit(3..5, "Y")],
        );
        assert_eq!(out, "<abcYf");
        assert_eq!(n, 2);
    }

    #[test]
    fn atomic_write_replaces_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.md");
        std::fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
