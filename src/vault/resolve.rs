//! Link resolution, Obsidian-exact (LINK-RESOLUTION.md rules 8–24).
//!
//! One resolver serves the linter, the readiness report and the site, so a
//! vault that checks clean builds a site with no broken link. Where Obsidian
//! silently picks one of several candidates we pick the same file and keep the
//! others, so the linter can report the ambiguity.

use compact_str::CompactString;

use super::index::{FileId, Index, NoteId, lower_nfc_compact};
use super::links::Link;
use super::note::Note;
use crate::span::saturating_u32;
use crate::text::{obsidian_norm, obsidian_norm_eq, slugify};

/// What a link points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Found(Found),
    Unresolved(Unresolved),
}

/// A resolved link. Kept for every link of the vault from the resolve
/// to the end of a run, so the rare parts (several candidates, Obsidian's
/// quirk) are boxed apart: a [`Resolution`] is 24 bytes a link, where
/// they inline made 64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub file: FileId,
    others: Option<Box<Others>>,
    pub subpath: Subpath,
}

/// What few links have: see [`Found::alternatives`] and
/// [`Found::obsidian_pick`].
#[derive(Debug, Clone, PartialEq, Eq)]
struct Others {
    alternatives: Vec<FileId>,
    obsidian_pick: Option<FileId>,
}

impl Found {
    pub(crate) fn new(
        file: FileId,
        alternatives: Vec<FileId>,
        obsidian_pick: Option<FileId>,
        subpath: Subpath,
    ) -> Found {
        let others = (!alternatives.is_empty() || obsidian_pick.is_some()).then(|| {
            Box::new(Others {
                alternatives,
                obsidian_pick,
            })
        });
        Found {
            file,
            others,
            subpath,
        }
    }

    /// The other candidates, in Obsidian's order, when several matched
    /// (rule 16).
    pub fn alternatives(&self) -> &[FileId] {
        self.others
            .as_deref()
            .map(|o| o.alternatives.as_slice())
            .unwrap_or(&[])
    }

    /// The file Obsidian would pick instead, by its plain string-suffix
    /// match (rule 14's quirk), when that differs from ours.
    pub fn obsidian_pick(&self) -> Option<FileId> {
        self.others.as_deref().and_then(|o| o.obsidian_pick)
    }
}

/// How the `#…` part of a link resolved. Indexes into the target note's
/// headings, block ids or footnotes are `u32`, as a heading's line is:
/// one is kept for every link of the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subpath {
    /// No subpath: the link is to the whole file.
    None,
    Heading(u32),
    Block(u32),
    Footnote(u32),
    /// On a non-Markdown target the subpath is a parameter (`#page=3`).
    Parameter,
    /// No heading chain matched; `matched` parts of it did.
    MissingHeading {
        matched: u32,
    },
    MissingBlock,
    MissingFootnote,
}

impl Subpath {
    pub fn is_missing(&self) -> bool {
        matches!(
            self,
            Subpath::MissingHeading { .. } | Subpath::MissingBlock | Subpath::MissingFootnote
        )
    }
}

/// Why a link did not resolve. The lists are boxed twice (one pointer) so
/// that a [`Resolution`] stays 24 bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// No file has the link's name (rule 9).
    NoSuchName,
    /// Files have the name, but none at that path (rules 12–14).
    NoSuchPath { same_name: Box<Vec<FileId>> },
    /// A `/`-rooted path that is not a vault path (rule 13).
    NotAtRoot { same_name: Box<Vec<FileId>> },
    /// `../` climbs above the vault root.
    OutsideVault,
    /// Only Obsidian's plain string-suffix match finds it (rule 14's quirk):
    /// `[[b/Note]]` against `ab/Note.md`.
    SuffixQuirk(FileId),
}

impl Index {
    /// How each link of note `id` resolves, aligned with its `links`.
    pub(crate) fn resolve_note(&self, id: NoteId) -> Vec<Resolution> {
        let file = self.note_files[id];
        self.notes[id]
            .links
            .iter()
            .map(|link| self.resolve(file, link))
            .collect()
    }
}

fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Apply `./` and `../` to `folder` (rule 11); `None` when it leaves the vault.
pub(crate) fn join_relative(folder: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

impl Index {
    /// Resolve `link`, written in the file `source`.
    pub fn resolve(&self, source: FileId, link: &Link) -> Resolution {
        let found = match self.resolve_linkpath(source, link.target()) {
            Ok(found) => found,
            Err(why) => return Resolution::Unresolved(why),
        };
        let (file, alternatives, obsidian_pick) = found;
        let subpath = self.resolve_subpath(file, link);
        Resolution::Found(Found::new(file, alternatives, obsidian_pick, subpath))
    }

    /// Obsidian's candidate order (rule 15): files in the source's folder
    /// first (by string prefix, so subfolders too), then the rest; within
    /// each group the shortest path first, ties in byte order.
    fn order_candidates(&self, source_folder: &str, candidates: &mut [FileId]) {
        candidates.sort_by(|&a, &b| {
            let (pa, pb) = (&self.files[a].lower_path, &self.files[b].lower_path);
            let ga = !pa.starts_with(source_folder);
            let gb = !pb.starts_with(source_folder);
            ga.cmp(&gb)
                .then_with(|| utf16_len(pa).cmp(&utf16_len(pb)))
                .then_with(|| self.files[a].path.cmp(&self.files[b].path))
        });
    }

    /// Candidates named by the last segment (rule 9), and whether `.md` was
    /// appended to find them. Borrowed from the name table: most links have
    /// one candidate and need no list of their own.
    fn candidates(&self, lower_path: &str) -> (&[FileId], bool) {
        let last = lower_path.rsplit('/').next().unwrap_or(lower_path);
        if last.contains('.') {
            let exact = self.files_named(last);
            if !exact.is_empty() {
                return (exact, false);
            }
        }
        // Inline up to 24 bytes: no allocation for most names.
        let mut with_md = CompactString::with_capacity(last.len() + 3);
        with_md.push_str(last);
        with_md.push_str(".md");
        (self.files_named(&with_md), true)
    }

    /// Rules 8–16: the file a linkpath names, the other candidates, and the
    /// file Obsidian's string-suffix quirk would pick if it differs.
    #[allow(clippy::type_complexity)]
    fn resolve_linkpath(
        &self,
        source: FileId,
        linkpath: &str,
    ) -> Result<(FileId, Vec<FileId>, Option<FileId>), Unresolved> {
        // Rule 8: an empty linkpath is the source itself.
        if linkpath.is_empty() {
            return Ok((source, Vec::new(), None));
        }
        let source_lower = &self.files[source].lower_path;
        let source_folder = source_lower.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let mut path = lower_nfc_compact(linkpath);

        // Rule 11: `./` and `../` are relative to the source's folder.
        if path.starts_with("./") || path.starts_with("../") {
            let joined = join_relative(source_folder, &path).ok_or(Unresolved::OutsideVault)?;
            let (candidates, _) = self.candidates(&joined);
            let with_md = format!("{joined}.md");
            if let Some(&hit) = candidates.iter().find(|&&c| {
                self.files[c].lower_path == joined || self.files[c].lower_path == with_md
            }) {
                return Ok((hit, Vec::new(), None));
            }
            path = joined.into();
        }

        // Rule 12: strip one leading `/`.
        let rooted = path.starts_with('/');
        if rooted {
            path.remove(0);
        }
        let (candidates, added_md) = self.candidates(&path);
        if candidates.is_empty() {
            return Err(Unresolved::NoSuchName);
        }
        // Rule 10: a bare name with one candidate.
        if !rooted && !path.contains('/') && candidates.len() == 1 {
            return Ok((candidates[0], Vec::new(), None));
        }
        let full = if added_md {
            format!("{path}.md")
        } else {
            path.to_string()
        };
        // Rule 12: an exact vault path wins.
        let mut exact: Vec<FileId> = candidates
            .iter()
            .copied()
            .filter(|&c| self.files[c].lower_path == full)
            .collect();
        if !exact.is_empty() {
            self.order_candidates(source_folder, &mut exact);
            let first = exact.remove(0);
            return Ok((first, exact, None));
        }
        // Rule 13: a rooted path has no fallback.
        if rooted {
            return Err(Unresolved::NotAtRoot {
                same_name: Box::new(candidates.to_vec()),
            });
        }
        // Rule 14: suffix match — on segment boundaries for us, plain string
        // suffix for Obsidian.
        let mut plain: Vec<FileId> = candidates
            .iter()
            .copied()
            .filter(|&c| self.files[c].lower_path.ends_with(&full))
            .collect();
        let boundary_suffix = format!("/{full}");
        let mut boundary: Vec<FileId> = plain
            .iter()
            .copied()
            .filter(|&c| self.files[c].lower_path.ends_with(&boundary_suffix))
            .collect();
        self.order_candidates(source_folder, &mut plain);
        self.order_candidates(source_folder, &mut boundary);
        if boundary.is_empty() {
            return Err(match plain.first() {
                Some(&quirk) => Unresolved::SuffixQuirk(quirk),
                None => Unresolved::NoSuchPath {
                    same_name: Box::new(candidates.to_vec()),
                },
            });
        }
        let pick = boundary.remove(0);
        let obsidian_pick = plain.first().copied().filter(|&p| p != pick);
        Ok((pick, boundary, obsidian_pick))
    }

    /// Rules 20–24: match the subpath against the target's headings, block
    /// ids or footnotes.
    fn resolve_subpath(&self, file: FileId, link: &Link) -> Subpath {
        let Some(subpath) = link.subpath() else {
            return Subpath::None;
        };
        let Some(note) = self.files[file].note.map(|id| &self.notes[id]) else {
            // Rule 24: parameters on non-Markdown targets.
            return Subpath::Parameter;
        };
        if link.kind.is_markdown() {
            return markdown_fragment(note, subpath);
        }
        let parts: Vec<&str> = subpath.split('#').filter(|p| !p.is_empty()).collect();
        if parts.is_empty() {
            return Subpath::None;
        }
        if parts.len() == 1 {
            if let Some(id) = parts[0].strip_prefix('^') {
                return find_block(note, id);
            }
            // `[[a#[^1]]]` ends at the first `]]`, so the label arrives as
            // `[^1`; accept it with or without its closing bracket.
            if let Some(label) = parts[0].strip_prefix("[^").map(|p| p.trim_end_matches(']')) {
                return note
                    .footnotes
                    .iter()
                    .position(|f| f.eq_ignore_ascii_case(label))
                    .map(|i| Subpath::Footnote(saturating_u32(i)))
                    .unwrap_or(Subpath::MissingFootnote);
            }
        }
        heading_chain(note, &parts)
    }
}

fn find_block(note: &Note, id: &str) -> Subpath {
    note.block_ids
        .iter()
        .position(|b| b.id.eq_ignore_ascii_case(id))
        .map(|i| Subpath::Block(saturating_u32(i)))
        .unwrap_or(Subpath::MissingBlock)
}

/// Rule 22: scan headings in order; part `i` matches a heading deeper than
/// the last match whose normalised text equals it.
fn heading_chain(note: &Note, parts: &[&str]) -> Subpath {
    let wanted: Vec<String> = parts.iter().map(|p| obsidian_norm(p)).collect();
    let mut level = 0u8;
    let mut i = 0;
    let mut last = None;
    for (idx, heading) in note.headings.iter().enumerate() {
        if i == wanted.len() {
            break;
        }
        if heading.level > level && obsidian_norm_eq(heading.raw(), &wanted[i]) {
            level = heading.level;
            i += 1;
            last = Some(idx);
        }
    }
    match last {
        Some(idx) if i == wanted.len() => Subpath::Heading(saturating_u32(idx)),
        _ => Subpath::MissingHeading {
            matched: saturating_u32(i),
        },
    }
}

/// A Markdown link's fragment: a heading by its slug (`#exit-criteria`) or
/// by Obsidian's comparison (`#Exit%20Criteria`), or a `^block`.
fn markdown_fragment(note: &Note, fragment: &str) -> Subpath {
    if let Some(id) = fragment.strip_prefix('^') {
        return find_block(note, id);
    }
    let slug = fragment.to_lowercase();
    let norm = obsidian_norm(fragment);
    note.headings
        .iter()
        .position(|h| obsidian_norm_eq(h.raw(), &norm) || slugify(h.text()) == slug)
        .or_else(|| {
            // The id a repeated heading gets on the page (`#notes-1` for
            // the second "Notes"), as a reader copies it from the address
            // bar or the table of contents. Only a fragment ending in
            // `-N` can be one, so other broken fragments cost no id pass.
            let (_, n) = slug.rsplit_once('-')?;
            if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            crate::text::heading_ids(note.headings.iter().map(|h| h.text()))
                .iter()
                .position(|id| *id == slug)
        })
        .map(|i| Subpath::Heading(saturating_u32(i)))
        .unwrap_or(Subpath::MissingHeading { matched: 0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resolution_is_small() {
        // One is kept for every link of the vault for the whole run.
        assert!(std::mem::size_of::<Resolution>() <= 24);
    }

    #[test]
    fn relative_joins_pop_and_refuse_to_leave() {
        assert_eq!(join_relative("a/b", "../c"), Some("a/c".into()));
        assert_eq!(join_relative("a/b", "./../c"), Some("a/c".into()));
        assert_eq!(join_relative("a", "../../c"), None);
        assert_eq!(join_relative("", "./x"), Some("x".into()));
    }
}
