//! What several rules share: how to name where a link stands, what to
//! suggest instead, where a frontmatter key is, a phase's number.

use crate::vault::{FileId, Link, LinkKind, Note, NoteId, Origin, Unresolved, Vault};

/// ` (frontmatter `key`)` for links written in frontmatter, else nothing.
pub(crate) fn where_written(link: &Link) -> String {
    match link.origin() {
        Origin::Body => String::new(),
        Origin::Frontmatter(key) => format!(" (in frontmatter `{key}`)"),
    }
}

/// The notes declaring an unresolved wikilink's target as an alias
/// (rule 17: aliases never resolve).
pub(crate) fn alias_owners<'v>(vault: &'v Vault, link: &Link) -> &'v [NoteId] {
    if link.kind.is_markdown() || link.target().is_empty() {
        return &[];
    }
    vault.notes_with_alias(link.target())
}

/// `link` rewritten to point at `target`, keeping its subpath and visible
/// text: `[[Release Plan]]` → `[[release-plan|Release Plan]]`.
pub(crate) fn rewritten(link: &Link, target: &str) -> String {
    rewritten_to(link, target, true)
}

/// [`rewritten`], keeping the text the link showed (its old target as the
/// display text) only when `keep_text`: a link to a note by its path, or
/// by an alias, keeps what readers saw, but a typo is not worth keeping
/// (`[[Chalie]]` becomes `[[Charlie]]`, not `[[Charlie|Chalie]]`).
pub(crate) fn rewritten_to(link: &Link, target: &str, keep_text: bool) -> String {
    let sub = link.subpath().map(|s| format!("#{s}")).unwrap_or_default();
    let bang = if link.kind == LinkKind::Embed {
        "!"
    } else {
        ""
    };
    let display = match link.display() {
        Some(display) => format!("|{display}"),
        None if keep_text
            && !target.eq_ignore_ascii_case(link.target())
            && !link.target().is_empty() =>
        {
            format!("|{}", link.target())
        }
        None => String::new(),
    };
    format!("{bang}[[{target}{sub}{display}]]")
}

/// How to write a link to `file` from `note`: the bare name when it is
/// unique in the vault, else the vault path.
pub(crate) fn link_text_for(vault: &Vault, file: FileId) -> String {
    let f = &vault.files[file];
    let unique = vault.files_named(f.lower_name()).len() == 1;
    if unique {
        f.link_name().to_string()
    } else if f.note.is_some() {
        f.path.strip_suffix(".md").unwrap_or(&f.path).to_string()
    } else {
        f.path.clone()
    }
}

/// A Markdown link destination from `note` to `file`: a relative path with
/// spaces percent-encoded.
pub(crate) fn markdown_path(note: &Note, vault: &Vault, file: FileId) -> String {
    let from: Vec<&str> = note.folder().split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = vault.files[file].path.split('/').collect();
    let common = from
        .iter()
        .zip(&to)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to.len().saturating_sub(1));
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/").replace(' ', "%20")
}

/// The help line for an unresolved link: the likely intended target, or
/// what to do instead.
pub(crate) fn unresolved_help(
    vault: &Vault,
    note: &Note,
    link: &Link,
    why: &Unresolved,
) -> Option<String> {
    let write_as = |file: FileId, keep_text: bool| -> String {
        if link.kind.is_markdown() {
            format!("write `{}`", markdown_path(note, vault, file))
        } else {
            format!(
                "write `{}`",
                rewritten_to(link, &link_text_for(vault, file), keep_text)
            )
        }
    };
    let write = |file: FileId| write_as(file, true);
    let lower = link.target().to_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Some(format!(
            "Obsidian treats `[[{}]]` as a note name, not a URL; write a Markdown link `[text]({})`",
            link.target(),
            link.target()
        ));
    }
    match why {
        Unresolved::OutsideVault => {
            return Some("links cannot point outside the vault".to_string());
        }
        Unresolved::SuffixQuirk(file) => {
            return Some(format!(
                "Obsidian matches `{}` only because the path ends with the same letters; {}",
                vault.files[*file].path,
                write(*file)
            ));
        }
        Unresolved::NoSuchPath { same_name } | Unresolved::NotAtRoot { same_name } => {
            if let Some(&file) = same_name.first() {
                return Some(format!(
                    "a file with that name is at `{}`: {}",
                    vault.files[file].path,
                    write(file)
                ));
            }
        }
        Unresolved::NoSuchName => {}
    }
    let last = link.target().rsplit('/').next().unwrap_or(link.target());
    let stem = last.strip_suffix(".md").unwrap_or(last);
    if let Some(file) = vault.note_named_loosely(stem) {
        let f = &vault.files[file];
        let how = if f.link_name().eq_ignore_ascii_case(stem) {
            "the same name"
        } else {
            "the same name, spelled differently"
        };
        return Some(format!("`{}` has {how}: {}", f.path, write(file)));
    }
    vault.closest_name(stem).map(|file| {
        format!(
            "did you mean `{}`? {}",
            vault.files[file].path,
            write_as(file, false)
        )
    })
}

/// The span of frontmatter `key`'s value in `note` (to the end of its line),
/// or of the frontmatter's opening line when the key is absent.
pub(crate) fn frontmatter_span(note: &Note, key: &str) -> std::ops::Range<usize> {
    let Some(fm) = &note.frontmatter else {
        return 0..0;
    };
    let start = fm.get(key).map(|n| n.offset).unwrap_or(fm.block.start);
    let text = note.source();
    let end = text[start..]
        .find(['\r', '\n'])
        .map(|i| start + i)
        .unwrap_or(text.len());
    start..end
}

/// A phase number as phase documents write it: `05`.
pub(crate) fn phase_number(n: i64) -> String {
    format!("{n:02}")
}
