//! The site's manifest: a digest of every rendered file, so the next build
//! can tell an unchanged output without reading the previous site, and the
//! list of every file the build put there (copies too), so it can tell a
//! file someone else added.
//!
//! Why: a rebuild hard-links each output whose bytes equal the previous
//! build's file. Comparing by reading the old file costs a read of the whole
//! previous site (175 MB for 10,000 notes), and from disk, not memory,
//! whenever the page cache has let it go: on the reference VM that made a
//! no-change rebuild spend more time reading than rendering. With the
//! manifest a rebuild digests the new bytes (in memory already) and makes
//! one `stat` per file.
//!
//! The digest is SipHash-1-3 with 128-bit output and fixed keys: a
//! specified function (a manifest written by another version still reads
//! right; if the function ever changed, entries would only stop matching),
//! fast on small inputs, with no realistic chance of two different pages
//! colliding. An entry is trusted only if the old file still has the
//! recorded size and was not modified after the manifest was written (a
//! page edited by hand is written again, and the manifest with it, so the
//! new page is trusted by the build after). The manifest holds no
//! times or inode numbers, so it is itself byte-identical across builds.

use std::hash::Hasher;
use std::path::Path;
use std::time::SystemTime;

use siphasher::sip128::{Hasher128, SipHasher13};

/// The manifest's file name, at the root of the site.
pub(crate) const MANIFEST: &str = ".phasebook-manifest";
/// The digest of the inputs that made the site (`super::fresh`), an output
/// of the build like the pages.
pub(crate) const STAMP: &str = ".phasebook-inputs";
/// Version 2 lists copied files too, so that every file of a site is in
/// its manifest and a file someone else put there can be told apart
/// ([`Previous::foreign_files`]); version 3 escapes `%`, CR and LF in
/// paths, so that every path can be listed (a file of the user's whose
/// name held a line break was taken for ours and deleted).
const HEADER: &str = "phasebook-manifest 3\n";
/// The digest recorded for a copied file (an image), with the length 0:
/// copies are compared by content, not by digest, and a rendered output
/// never digests to 0 in practice (one chance in 2^128).
pub(crate) const COPIED: u128 = 0;
const MAX_LEN: u64 = 64 << 20;

/// The digest of one output.
pub(crate) fn digest(bytes: &[u8]) -> u128 {
    let mut hasher = SipHasher13::new_with_keys(0x7068_6173_6562_6f6f, 0x6b2d_7369_7465_2d31);
    hasher.write(bytes);
    hasher.finish128().as_u128()
}

/// One output as the manifest records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: String,
    pub digest: u128,
    pub len: u64,
}

/// The manifest text for `entries`: sorted by path, so it depends only on
/// what was written. Paths are escaped ([`escape`]) so that one line holds
/// one entry whatever the name.
pub fn render(mut entries: Vec<Entry>) -> String {
    entries.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    let mut text = String::with_capacity(HEADER.len() + entries.len() * 64);
    text.push_str(HEADER);
    for e in entries {
        text.push_str(&format!(
            "{:032x} {} {}\n",
            e.digest,
            e.len,
            escape(&e.path)
        ));
    }
    text
}

/// A path as one manifest line holds it: `%`, CR and LF percent-encoded.
fn escape(path: &str) -> std::borrow::Cow<'_, str> {
    if !path.contains(['%', '\n', '\r']) {
        return path.into();
    }
    path.replace('%', "%25")
        .replace('\n', "%0A")
        .replace('\r', "%0D")
        .into()
}

/// The path a manifest line holds ([`escape`] undone).
fn unescape(field: &str) -> String {
    if !field.contains('%') {
        return field.to_string();
    }
    field
        .replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%25", "%")
}

/// Files that macOS Finder and Windows Explorer leave in a folder they
/// showed (and `._NAME` AppleDouble files): not a reason to refuse a build.
const OS_CLUTTER: [&str; 3] = [".DS_Store", "Thumbs.db", "desktop.ini"];

/// The previous build's manifest.
#[derive(Debug)]
pub struct Previous {
    entries: crate::FastMap<String, (u128, u64)>,
    written: SystemTime,
    /// The digest of the manifest's text: which site this is, for a
    /// record of how its pages were made (`super::reuse`).
    pub(crate) text_digest: u128,
}

impl Previous {
    /// Read the manifest of the site in `build_dir`, if it has a readable
    /// one of this version. Malformed lines are skipped: they only cost a
    /// byte comparison.
    pub fn load(build_dir: &Path) -> Option<Previous> {
        let path = build_dir.join(MANIFEST);
        let meta = std::fs::metadata(&path).ok()?;
        // A line is about 60 bytes: 64 MiB is a million outputs. Anything
        // bigger was not written by us; ignore it rather than load it.
        if !meta.is_file() || meta.len() > MAX_LEN {
            return None;
        }
        let written = meta.modified().ok()?;
        let text = std::fs::read_to_string(&path).ok()?;
        let text_digest = digest(text.as_bytes());
        let body = text.strip_prefix(HEADER)?;
        let entries = body
            .lines()
            .filter_map(|line| {
                let mut fields = line.splitn(3, ' ');
                let digest = u128::from_str_radix(fields.next()?, 16).ok()?;
                let len = fields.next()?.parse().ok()?;
                Some((unescape(fields.next()?), (digest, len)))
            })
            .collect();
        Some(Previous {
            entries,
            written,
            text_digest,
        })
    }

    /// Files in the previous site at `build_dir` that this manifest does
    /// not list: put there by someone else, after the build that wrote it,
    /// and apart from them the files a file browser leaves in a folder it
    /// showed ([`OS_CLUTTER`]), which the swap removes and the build says
    /// so. Site paths, sorted. A part of the site that cannot be read is
    /// an error: what is in it is unknown.
    pub(crate) fn foreign_files(
        &self,
        build_dir: &Path,
    ) -> anyhow::Result<(Vec<String>, Vec<String>)> {
        let mut foreign = Vec::new();
        let mut clutter = Vec::new();
        for entry in walkdir::WalkDir::new(build_dir).min_depth(1) {
            let entry = entry.map_err(|err| {
                anyhow::anyhow!(
                    "cannot inspect the previous site in {}: {err}",
                    build_dir.display()
                )
            })?;
            if entry.file_type().is_dir() {
                continue;
            }
            let Ok(relative) = entry.path().strip_prefix(build_dir) else {
                continue;
            };
            let path = relative.to_string_lossy();
            let path = if std::path::MAIN_SEPARATOR == '/' {
                path
            } else {
                path.replace(std::path::MAIN_SEPARATOR, "/").into()
            };
            let name = path.rsplit('/').next().unwrap_or(&path);
            let ours = self.entries.contains_key(path.as_ref())
                || path == MANIFEST
                || path == crate::SITE_MARKER;
            if ours {
                continue;
            }
            if OS_CLUTTER.contains(&name) || name.starts_with("._") {
                clutter.push(path.into_owned());
            } else {
                foreign.push(path.into_owned());
            }
        }
        foreign.sort();
        clutter.sort();
        Ok((foreign, clutter))
    }

    /// Whether the site in `build_dir` still holds every file this
    /// manifest lists, each of its recorded size and not modified since the
    /// manifest was written: the site as the build that wrote it left it.
    /// One `stat` per file, in parallel.
    pub(crate) fn intact(&self, build_dir: &Path) -> bool {
        use rayon::prelude::*;
        let marked = build_dir.join(crate::SITE_MARKER).is_file();
        marked
            && self.entries.par_iter().all(|(path, &(_, len))| {
                std::fs::symlink_metadata(build_dir.join(path)).is_ok_and(|meta| {
                    meta.is_file()
                        && meta.len() == len
                        && meta.modified().is_ok_and(|m| m <= self.written)
                })
            })
    }

    /// The digest and length the manifest lists for `path`.
    pub(crate) fn listed(&self, path: &str) -> Option<(u128, u64)> {
        self.entries.get(path).copied()
    }

    /// Whether the previous site's `file` (site path `path`) is known to
    /// hold bytes with this digest and length.
    pub(crate) fn vouches_for(&self, path: &str, file: &Path, digest: u128, len: u64) -> bool {
        if self.entries.get(path) != Some(&(digest, len)) {
            return false;
        }
        std::fs::symlink_metadata(file).is_ok_and(|meta| {
            meta.is_file() && meta.len() == len && meta.modified().is_ok_and(|m| m <= self.written)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_tell_contents_apart() {
        assert_ne!(digest(b"<p>hello</p>\n"), digest(b"<p>hellp</p>\n"));
        assert_ne!(digest(b""), digest(b"\0"));
    }

    #[test]
    fn the_text_is_sorted_and_read_back() {
        let entries = vec![
            Entry {
                path: "b/page two.html".into(),
                digest: 7,
                len: 3,
            },
            Entry {
                path: "a.html".into(),
                digest: u128::MAX,
                len: 10,
            },
            Entry {
                path: "odd\nname %0A.html".into(),
                digest: 1,
                len: 1,
            },
        ];
        let text = render(entries.clone());
        let mut reversed = entries;
        reversed.reverse();
        assert_eq!(render(reversed), text, "order of arrival does not matter");
        assert_eq!(
            text,
            format!(
                "{HEADER}{} 10 a.html\n{:032x} 3 b/page two.html\n{:032x} 1 odd%0Aname %250A.html\n",
                "f".repeat(32),
                7,
                1
            )
        );

        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("a.html"), "0123456789").expect("a");
        std::fs::create_dir(dir.path().join("b")).expect("b");
        std::fs::write(dir.path().join("b/page two.html"), "abc").expect("b");
        std::fs::write(dir.path().join("odd\nname %0A.html"), "x").expect("odd");
        std::fs::write(dir.path().join(MANIFEST), &text).expect("manifest");
        let previous = Previous::load(dir.path()).expect("loads");
        let a = dir.path().join("a.html");
        assert!(previous.vouches_for("a.html", &a, u128::MAX, 10));
        assert!(!previous.vouches_for("a.html", &a, 5, 10), "other digest");
        assert!(
            previous.vouches_for("b/page two.html", &dir.path().join("b/page two.html"), 7, 3),
            "a space in the path"
        );
        assert!(!previous.vouches_for("c.html", &dir.path().join("c.html"), 7, 3));
        assert!(
            previous.vouches_for(
                "odd\nname %0A.html",
                &dir.path().join("odd\nname %0A.html"),
                1,
                1
            ),
            "a line break and a percent sign in the path"
        );
    }

    #[test]
    fn a_file_changed_after_the_manifest_is_not_vouched_for() {
        let dir = tempfile::tempdir().expect("tempdir");
        let page = dir.path().join("a.html");
        std::fs::write(&page, "old").expect("page");
        let text = render(vec![Entry {
            path: "a.html".into(),
            digest: digest(b"old"),
            len: 3,
        }]);
        std::fs::write(dir.path().join(MANIFEST), text).expect("manifest");
        let previous = Previous::load(dir.path()).expect("loads");
        assert!(previous.vouches_for("a.html", &page, digest(b"old"), 3));

        // Edited by hand, same length, one second after the manifest.
        std::fs::write(&page, "new").expect("edit");
        let later = previous.written + std::time::Duration::from_secs(1);
        std::fs::File::options()
            .write(true)
            .open(&page)
            .and_then(|f| f.set_modified(later))
            .expect("mtime");
        assert!(!previous.vouches_for("a.html", &page, digest(b"old"), 3));
    }

    #[test]
    fn an_oversized_manifest_is_ignored() {
        let dir = tempfile::tempdir().expect("tempdir");
        // A well-formed start, then (sparse) padding past the limit: read
        // whole, it would load.
        let text = render(vec![Entry {
            path: "a.html".into(),
            digest: 1,
            len: 1,
        }]);
        std::fs::write(dir.path().join(MANIFEST), text).expect("write");
        let file = std::fs::File::options()
            .write(true)
            .open(dir.path().join(MANIFEST))
            .expect("open");
        file.set_len(MAX_LEN + 1).expect("sparse file");
        assert!(Previous::load(dir.path()).is_none());
    }

    #[test]
    fn a_manifest_of_another_version_is_ignored() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(MANIFEST), "phasebook-manifest 0\n").expect("write");
        assert!(Previous::load(dir.path()).is_none());
        assert!(Previous::load(&dir.path().join("missing")).is_none());
    }
}
