//! One shard file of the note cache: its layout, read with every length
//! checked and its digest verified, and written whole by a rename.
//!
//! Layout: the magic bytes, the header (which binary and options made it),
//! the count, then per note its path, the digest of the bytes it was made
//! from and its parse (postcard); last, a digest of all that precedes it.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

/// The first bytes of every shard file. The digit is the format's version:
/// raise it when the shard layout changes (the parse's own layout is
/// covered by the binary's identity in the header).
const MAGIC: &[u8; 8] = b"pbcache1";

/// A digest of `bytes`: a note's content, a shard's, a vault's path.
/// XXH3-128: its job is telling an edited file or a damaged shard from the
/// one recorded, not resisting an adversary who can write the cache folder
/// (who could as well edit the notes); at tens of GB/s it costs the warm
/// check 1% where SipHash cost 6%.
pub(crate) fn digest(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// One shard file's entries, by note path: where each note's parse is in
/// the file, not the parse. Why: read whole at the start of a run and held
/// until its end, the 64 shards were a quarter of a 10,000-note check's
/// peak heap (13.7 MB of 50.6); a shard's bytes are read again when its
/// notes' parses are decoded ([`Shard::reread`]), one shard at a time.
#[derive(Default)]
pub(super) struct Shard {
    entries: HashMap<Box<str>, Entry>,
    /// A digest of the whole file as read at the start (none if there was
    /// no file to read), used or not: a second read must find the same
    /// bytes, or another run has written the shard since.
    found: Option<u128>,
}

#[derive(Clone)]
struct Entry {
    digest: u128,
    payload: Range<usize>,
}

impl Shard {
    /// The shard in `file`: its entries when it is whole and made by the
    /// binary of `header`, else none.
    pub(super) fn read(file: &Path, header: &[u8]) -> Shard {
        let Some(bytes) = read_file(file) else {
            return Shard::default();
        };
        let found = Some(digest(&bytes));
        let entries = Shard::parse(&bytes, header).unwrap_or_default();
        Shard { entries, found }
    }

    /// The shard's bytes, read again from `file`, if they are the ones read
    /// at the start (the entries' places are in them), or there is still
    /// no file; `None` if another run has written it since, when nothing
    /// can be taken from it and it is not to be written over.
    pub(super) fn reread(&self, file: &Path) -> Option<Vec<u8>> {
        let bytes = read_file(file);
        let now = bytes.as_deref().map(digest);
        (now == self.found).then(|| bytes.unwrap_or_default())
    }

    /// Whether the shard has a parse of `path` made from bytes of `digest`.
    pub(super) fn has(&self, path: &str, digest: u128) -> bool {
        self.entries.get(path).is_some_and(|e| e.digest == digest)
    }

    /// The entry for `path` in `bytes` (the shard's, from
    /// [`Shard::reread`]): the digest of the bytes it was made from, and
    /// the note's parse.
    pub(super) fn get<'a>(&self, bytes: &'a [u8], path: &str) -> Option<(u128, &'a [u8])> {
        let entry = self.entries.get(path)?;
        Some((entry.digest, bytes.get(entry.payload.clone())?))
    }

    /// How many notes the shard holds.
    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The entries of a whole shard made by the binary of `header`.
    fn parse(bytes: &[u8], header: &[u8]) -> Option<HashMap<Box<str>, Entry>> {
        let body_len = bytes.len().checked_sub(16)?;
        let (body, sum) = bytes.split_at(body_len);
        if digest(body) != u128::from_le_bytes(sum.try_into().ok()?) {
            return None;
        }
        let mut at = Reader { bytes: body, at: 0 };
        if at.take(MAGIC.len())? != MAGIC || at.chunk()? != header {
            return None;
        }
        let count = at.u32()? as usize;
        let mut entries = HashMap::with_capacity(count);
        for _ in 0..count {
            let path = std::str::from_utf8(at.chunk()?).ok()?;
            let digest = u128::from_le_bytes(at.take(16)?.try_into().ok()?);
            let len = at.u32()? as usize;
            let payload = at.at..at.at.checked_add(len)?;
            at.take(len)?;
            entries.insert(path.into(), Entry { digest, payload });
        }
        (at.at == body.len()).then_some(entries)
    }

    /// The shard file holding `notes` (path, digest of its bytes, and its
    /// new parse, or `None` for the one this shard has in `old`, its bytes
    /// from [`Shard::reread`]), sorted by path.
    pub(super) fn write<'a>(
        &self,
        old: &[u8],
        header: &[u8],
        notes: impl ExactSizeIterator<Item = (&'a str, u128, Option<&'a [u8]>)>,
    ) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        put_chunk(&mut out, header);
        out.extend_from_slice(&(notes.len() as u32).to_le_bytes());
        for (path, digest, parsed) in notes {
            let kept = || self.get(old, path).map(|(_, payload)| payload);
            let payload = parsed.or_else(kept).unwrap_or_default();
            put_chunk(&mut out, path.as_bytes());
            out.extend_from_slice(&digest.to_le_bytes());
            put_chunk(&mut out, payload);
        }
        let sum = digest(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }
}

/// Reads a shard's fields, every length checked against what is there.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(len)?;
        let slice = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(slice)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn chunk(&mut self) -> Option<&'a [u8]> {
        let len = self.u32()? as usize;
        self.take(len)
    }
}

/// The largest shard read: a million notes' cache is about 20 MB a shard.
const MAX_SHARD: u64 = 1 << 30;

/// A shard file's bytes, if it is a plain file of a sane size: a symlink
/// (to a note, to `/dev/zero`), a FIFO or a folder put there is not read,
/// as no shard phasebook wrote is one (a FIFO's read would wait forever).
fn read_file(file: &Path) -> Option<Vec<u8>> {
    let meta = std::fs::symlink_metadata(file).ok()?;
    if !meta.is_file() || meta.len() > MAX_SHARD {
        return None;
    }
    std::fs::read(file).ok()
}

/// Replace the shard `file` in `dir` by `bytes`: written beside it, then
/// renamed over it. The rename replaces whatever is at `file` (a symlink
/// put there included) and never writes through it, unlike the note
/// writes of `--fix`, which follow a symlinked note to the note.
pub(super) fn replace(dir: &Path, file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut tmp = tempfile::Builder::new()
        .prefix(".phasebook-shard-")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(file).map_err(|e| e.error)?;
    Ok(())
}

fn put_chunk(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}
