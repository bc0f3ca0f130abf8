//! Other files of the cache folder: one file of bytes that a later stage
//! keeps between runs (the site's page record, `site::reuse`), trusted as
//! the note shards are: only whole (it ends with a digest of what precedes
//! it), only from this binary (its identity is in the header), read only
//! if a plain file, replaced by a rename.

use std::path::Path;

use super::{digest, identity, shard, write_tag};

const MAGIC: &[u8; 8] = b"pbblob01";
/// The largest file read back.
const MAX_BLOB: u64 = 4 << 30;

/// The bytes kept as `name` in the cache folder `dir`, if they are whole
/// and were written by this binary for this `header`.
pub fn read(dir: &Path, name: &str, header: &str) -> Option<Vec<u8>> {
    let expected = head(header)?;
    let file = dir.join(name);
    let meta = std::fs::symlink_metadata(&file).ok()?;
    if !meta.is_file() || meta.len() > MAX_BLOB {
        return None;
    }
    let mut bytes = std::fs::read(&file).ok()?;
    let body_len = bytes.len().checked_sub(16)?;
    let (body, sum) = bytes.split_at(body_len);
    if digest(body).to_le_bytes() != sum || !body.starts_with(&expected) {
        return None;
    }
    bytes.truncate(body_len);
    bytes.drain(..expected.len());
    Some(bytes)
}

/// Keep `payload` as `name` (a file, or `folder/file`) in the cache folder
/// `dir` (made, and marked as a cache, if need be). Best-effort, as the
/// note cache is.
pub fn write(dir: &Path, name: &str, header: &str, payload: &[u8]) {
    let Some(mut bytes) = head(header) else {
        return;
    };
    bytes.extend_from_slice(payload);
    let sum = digest(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    let file = dir.join(name);
    let folder = file.parent().unwrap_or(dir);
    let made = !dir.exists();
    if std::fs::create_dir_all(folder).is_err() {
        return;
    }
    if made {
        write_tag(dir);
    }
    let _ = shard::replace(folder, &file, &bytes);
}

/// Whether `file` starts as every file written here does (of whichever
/// binary): a file of the user's that only shares a name is not one.
pub fn is_blob(file: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 8];
    std::fs::File::open(file)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == MAGIC)
}

/// Remove `name` from the cache folder `dir`, if it is there.
pub fn remove(dir: &Path, name: &str) {
    let _ = std::fs::remove_file(dir.join(name));
}

/// The header: the format, this binary, and what the caller says the
/// bytes are for, each with its length.
fn head(header: &str) -> Option<Vec<u8>> {
    let binary = identity::of_this_binary()?;
    let mut out = MAGIC.to_vec();
    for part in [binary.as_str(), header] {
        out.extend_from_slice(&(part.len() as u64).to_le_bytes());
        out.extend_from_slice(part.as_bytes());
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_bytes_of_the_same_header_are_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        write(&cache, "x.bin", "one", b"payload");
        assert_eq!(
            read(&cache, "x.bin", "one").as_deref(),
            Some(&b"payload"[..])
        );
        assert!(
            cache.join(".gitignore").is_file(),
            "a folder it made is marked"
        );
        assert_eq!(read(&cache, "x.bin", "two"), None);
        let file = cache.join("x.bin");
        let mut bytes = std::fs::read(&file).unwrap();
        let at = bytes.len() - 20;
        bytes[at] ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        assert_eq!(read(&cache, "x.bin", "one"), None, "a changed byte");
        std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
        assert_eq!(read(&cache, "x.bin", "one"), None, "truncated");
        assert!(is_blob(&file) && !is_blob(&cache.join(".gitignore")));
        remove(&cache, "x.bin");
        assert!(!file.exists());
    }
}
