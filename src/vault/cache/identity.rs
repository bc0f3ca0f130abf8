//! Which phasebook binary made a cache: its GNU build id where the binary
//! has one (Linux linkers write it by default), else its size, time and
//! inode.
//!
//! Why the build id: a cache is only as useful as it is long-lived, and CI
//! restores both the binary and the cache folder from its own cache
//! (`action.yml`) into a new file system each run. The same binary then has
//! a new inode and perhaps a new time, and a cache keyed on them would never
//! be read again; the build id is a digest of the binary's contents made by
//! the linker, the same wherever the file is. Reading it costs one read of
//! the binary's first 64 KiB, where linkers put the note.

use std::io::Read;

/// How much of the binary is read for its build id.
const HEAD: u64 = 64 * 1024;

/// The running binary's identity, for the cache's header; `None` when it
/// cannot be told. Read once a run: every note-cache shard and every file
/// of the page record (one per run of pages, 1,563 at 100,000 notes) has
/// it in its header, and each read of it reads 64 KiB of the binary.
pub(super) fn of_this_binary() -> Option<String> {
    static IDENTITY: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    IDENTITY.get_or_init(read_identity).clone()
}

fn read_identity() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let mut head = Vec::new();
    std::fs::File::open(&exe)
        .ok()?
        .take(HEAD)
        .read_to_end(&mut head)
        .ok()?;
    if let Some(id) = build_id(&head) {
        let hex: String = id.iter().map(|b| format!("{b:02x}")).collect();
        return Some(format!("build-id {hex}"));
    }
    let meta = exe.metadata().ok()?;
    let modified = meta.modified().ok()?;
    let since = modified.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(format!(
        "exe {} {} {}",
        meta.len(),
        since.as_nanos(),
        inode(&meta)
    ))
}

/// The GNU build id in `head`, the first bytes of a 64-bit little-endian
/// ELF file (x86-64, AArch64): the `NT_GNU_BUILD_ID` note of a `PT_NOTE`
/// segment. `None` for any other file, or a note past `head`.
fn build_id(head: &[u8]) -> Option<&[u8]> {
    const PT_NOTE: u32 = 4;
    const NT_GNU_BUILD_ID: u32 = 3;
    if head.get(..6)? != b"\x7fELF\x02\x01" {
        return None;
    }
    let phoff = usize::try_from(u64_at(head, 0x20)?).ok()?;
    let phentsize = usize::from(u16_at(head, 0x36)?);
    let phnum = usize::from(u16_at(head, 0x38)?);
    for i in 0..phnum {
        let ph = phoff.checked_add(i.checked_mul(phentsize)?)?;
        if u32_at(head, ph)? != PT_NOTE {
            continue;
        }
        let offset = usize::try_from(u64_at(head, ph + 8)?).ok()?;
        let size = usize::try_from(u64_at(head, ph + 32)?).ok()?;
        let mut notes = head.get(offset..offset.checked_add(size)?)?;
        // Each note: name size, descriptor size, type, then the name and
        // the descriptor, each padded to 4 bytes.
        while notes.len() >= 12 {
            let name_len = u32_at(notes, 0)? as usize;
            let desc_len = u32_at(notes, 4)? as usize;
            let kind = u32_at(notes, 8)?;
            let desc_at = 12usize.checked_add(name_len.next_multiple_of(4))?;
            let end = desc_at.checked_add(desc_len.next_multiple_of(4))?;
            let name = notes.get(12..12 + name_len)?;
            let desc = notes.get(desc_at..desc_at.checked_add(desc_len)?)?;
            if kind == NT_GNU_BUILD_ID && name == b"GNU\0" && !desc.is_empty() {
                return Some(desc);
            }
            notes = notes.get(end..)?;
        }
    }
    None
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> u64 {
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 64-bit little-endian ELF head with one `PT_NOTE` segment holding
    /// `notes`, after a segment of another type.
    fn elf(notes: &[u8]) -> Vec<u8> {
        let mut head = vec![0u8; 64];
        head[..6].copy_from_slice(b"\x7fELF\x02\x01");
        head[0x20..0x28].copy_from_slice(&64u64.to_le_bytes());
        head[0x36..0x38].copy_from_slice(&56u16.to_le_bytes());
        head[0x38..0x3a].copy_from_slice(&2u16.to_le_bytes());
        let notes_at = 64 + 2 * 56;
        for kind in [1u32, 4] {
            let mut ph = vec![0u8; 56];
            ph[..4].copy_from_slice(&kind.to_le_bytes());
            ph[8..16].copy_from_slice(&(notes_at as u64).to_le_bytes());
            ph[32..40].copy_from_slice(&(notes.len() as u64).to_le_bytes());
            head.extend(ph);
        }
        head.extend_from_slice(notes);
        head
    }

    fn note(name: &[u8], kind: u32, desc: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend((name.len() as u32).to_le_bytes());
        out.extend((desc.len() as u32).to_le_bytes());
        out.extend(kind.to_le_bytes());
        out.extend(name);
        out.resize(out.len().next_multiple_of(4), 0);
        out.extend(desc);
        out.resize(out.len().next_multiple_of(4), 0);
        out
    }

    #[test]
    fn the_gnu_build_id_note_is_found_among_others() {
        let id = [0xde, 0xad, 0xbe, 0xef, 0x01];
        let mut notes = note(b"GNU\0", 1, b"ABI tag!");
        notes.extend(note(b"Go\0", 3, b"not gnu"));
        notes.extend(note(b"GNU\0", 3, &id));
        assert_eq!(build_id(&elf(&notes)), Some(&id[..]));
    }

    #[test]
    fn anything_else_has_no_build_id() {
        let without = elf(&note(b"GNU\0", 1, b"ABI tag!"));
        assert_eq!(build_id(&without), None);
        let whole = elf(&note(b"GNU\0", 3, &[7; 20]));
        for cut in [0, 5, 40, 100, whole.len() - 3] {
            assert_eq!(build_id(&whole[..cut]), None, "cut at {cut}");
        }
        let mut big_endian = whole.clone();
        big_endian[5] = 2;
        assert_eq!(build_id(&big_endian), None);
        assert_eq!(build_id(b"#!/bin/sh\n"), None);
    }

    #[test]
    fn this_binary_is_identified() {
        let id = of_this_binary().unwrap();
        assert!(
            id.starts_with("build-id ") || id.starts_with("exe "),
            "{id}"
        );
        assert_eq!(of_this_binary().unwrap(), id, "the same each time");
    }
}
