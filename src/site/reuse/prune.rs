//! Keeping the cache folder from growing with every site ever built:
//! what of the page records a build that keeps one removes.

use std::path::{Path, PathBuf};

use super::{HEADER, Record};
use crate::vault::cache::blob;

/// How long a record this binary cannot read (another version's, or a
/// damaged one) is kept: another phasebook may still use it.
const UNREAD_KEPT: std::time::Duration = std::time::Duration::from_secs(14 * 24 * 3600);

/// Keep the cache folder `dir` from growing with every build folder ever
/// built: remove the run files of record `name` past its `runs`, every
/// other record whose site is gone (a build into a temporary folder), and
/// records this binary cannot read that no build touched for two weeks.
///
/// Only what a build wrote is removed, wherever `PHASEBOOK_CACHE_DIR`
/// points (a folder of the user's, say): records named as a build names
/// them and starting as a build writes them, and in their folders the
/// run files; a folder left holding anything else stays.
pub(super) fn prune(dir: &Path, name: &str, runs: usize) {
    for (file, r) in run_files(&dir.join(name)) {
        if r >= runs {
            let _ = std::fs::remove_file(file);
        }
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(other) = file.to_str().and_then(|f| f.strip_suffix(".bin")) else {
            continue;
        };
        if !is_record_name(other) || other == name || !blob::is_blob(&entry.path()) {
            continue;
        }
        let record = blob::read(dir, &format!("{other}.bin"), HEADER)
            .and_then(|bytes| postcard::from_bytes::<Record>(&bytes).ok());
        let gone = match record {
            Some(record) => !record.site.join(crate::SITE_MARKER).is_file(),
            None => entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|at| at.elapsed().ok())
                .is_some_and(|age| age > UNREAD_KEPT),
        };
        if gone {
            for (run, _) in run_files(&dir.join(other)) {
                let _ = std::fs::remove_file(run);
            }
            let _ = std::fs::remove_dir(dir.join(other));
            blob::remove(dir, &format!("{other}.bin"));
        }
    }
}

/// `site-` and 16 hexadecimal digits: how `Reuse::recall` names a record.
fn is_record_name(name: &str) -> bool {
    name.strip_prefix("site-")
        .is_some_and(|hex| hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The run files in `folder`, with their numbers: `NNNNN.bin` files.
pub(super) fn run_files(folder: &Path) -> Vec<(PathBuf, usize)> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name();
            let digits = name.to_str()?.strip_suffix(".bin")?;
            let number = digits
                .bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| digits.parse().ok())??;
            Some((entry.path(), number))
        })
        .collect()
}
