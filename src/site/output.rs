//! Writing the site: into a staging folder beside the build folder, then
//! swapped in whole.
//!
//! - A failed or interrupted build never touches the previous site: nothing
//!   is written into the build folder itself, and the staging folder is
//!   removed on failure (or, after a kill, by the next build).
//! - An output whose bytes equal the previous build's file is hard-linked
//!   from it instead of written: creating thousands of new files costs
//!   several times more than linking existing ones, and a rebuild of an
//!   unchanged vault writes almost nothing. Equal bytes are told by the
//!   previous build's manifest (`manifest.rs`) without reading the old
//!   file; a site without one is compared byte by byte.
//! - On Linux the swap is one `renameat2(RENAME_EXCHANGE)`, so at every
//!   instant the build folder holds either the old site or the new one.
//! - A build folder that holds files phasebook did not write is never
//!   deleted: the build stops and says so. A folder without the marker
//!   file is not ours; a site of ours must hold only what its manifest
//!   lists. A site without a readable manifest of this version (one built
//!   by an older phasebook) is trusted on its marker alone, once: the
//!   build that replaces it writes the manifest.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result, bail};

use super::manifest::{self, MANIFEST};
use super::urls::is_safe_site_path;

/// The file that marks a folder as a phasebook site (safe to replace).
pub const MARKER: &str = crate::SITE_MARKER;
const MARKER_TEXT: &str =
    "This folder is a site built by phasebook; `phasebook build` replaces it whole.\n";

/// What one output file holds.
#[derive(Debug)]
pub enum Content {
    /// Rendered bytes.
    Bytes(Vec<u8>),
    /// A file copied from the vault (an attachment).
    Copy(PathBuf),
}

/// One file of the site.
#[derive(Debug)]
pub struct Output {
    /// Site path (`/`-separated, relative).
    pub path: String,
    pub content: Content,
}

/// How the files reached the new site.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub linked: usize,
    /// The digest of the new site's manifest text (`manifest::Previous::text_digest`
    /// of the next build).
    pub manifest: u128,
}

/// Refuse to replace a folder phasebook did not create.
pub(crate) fn check_replaceable(build_dir: &Path) -> Result<()> {
    match std::fs::symlink_metadata(build_dir) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(err).with_context(|| format!("cannot inspect {}", build_dir.display())),
        Ok(meta) if !meta.is_dir() => bail!(
            "{} exists and is not a folder; not replacing it (choose another --out)",
            build_dir.display()
        ),
        Ok(_) => {
            let mut entries = std::fs::read_dir(build_dir)
                .with_context(|| format!("cannot read {}", build_dir.display()))?;
            if entries.next().is_none() || build_dir.join(MARKER).is_file() {
                Ok(())
            } else {
                bail!(
                    "{} holds files phasebook did not write (no {MARKER} marker); \
                     not deleting it. Remove it yourself or choose another --out",
                    build_dir.display()
                )
            }
        }
    }
}

/// The staging-folder prefix for a build folder: hidden, beside it, named
/// after it so stale ones from a killed build can be found and removed.
fn staging_prefix(build_dir: &Path) -> String {
    let name = build_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".to_string());
    format!(".{name}.phasebook-")
}

/// Remove the staging folders a killed build left behind, marked or not
/// (a build killed between creating its staging folder and writing the
/// marker leaves one without). Called with the output's lock held: no
/// live build of this output has one, so every folder named after the
/// output is stale.
fn remove_stale_staging(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with(prefix) && entry.file_type().is_ok_and(|t| t.is_dir())
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The folder holding the build folder (`.` for a bare name).
fn parent_of(build_dir: &Path) -> &Path {
    build_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// One build per output folder at a time: an advisory lock (`flock`) on
/// the folder that holds the build folder, held from before the build
/// folder is inspected until the new site is swapped in. Two builds into
/// one folder (CI jobs, `serve` and an editor's save hook) otherwise
/// interleave their swaps and their clean-ups, and leave a site that is
/// incomplete or has lost its marker. The kernel releases the lock when
/// the process dies, so a killed build never locks the folder out.
///
/// Why the parent folder and not a lock file: the build folder itself is
/// swapped away, and a lock file beside it would be a stray file in the
/// repository (`.site.phasebook-lock` next to a `.gitignore`d `site/`).
/// The price: builds into two folders of one parent take turns.
#[derive(Debug)]
pub struct BuildLock {
    _file: std::fs::File,
}

/// Whether to wait for another build of the same folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenLocked {
    /// Wait, saying so on stderr.
    Wait,
    /// Fail at once (`--no-wait`).
    Fail,
}

impl BuildLock {
    /// Take the lock of `build_dir` (whose parent exists).
    pub fn acquire(build_dir: &Path, when_locked: WhenLocked) -> Result<BuildLock> {
        use rustix::fs::{FlockOperation, flock};
        let path = parent_of(build_dir);
        let file = std::fs::File::open(path)
            .with_context(|| format!("cannot open {} to lock it", path.display()))?;
        match flock(&file, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => {}
            Err(rustix::io::Errno::WOULDBLOCK) => {
                if when_locked == WhenLocked::Fail {
                    bail!(
                        "another phasebook build is writing {}; not waiting (--no-wait)",
                        build_dir.display()
                    );
                }
                eprintln!(
                    "phasebook: waiting for another build of {} to finish…",
                    build_dir.display()
                );
                flock(&file, FlockOperation::LockExclusive)
                    .map_err(std::io::Error::from)
                    .with_context(|| format!("cannot lock {}", path.display()))?;
            }
            // A file system without locks (some network mounts): build
            // unlocked rather than not at all.
            Err(
                rustix::io::Errno::NOLCK | rustix::io::Errno::NOSYS | rustix::io::Errno::OPNOTSUPP,
            ) => {}
            Err(err) => {
                return Err(std::io::Error::from(err))
                    .with_context(|| format!("cannot lock {}", path.display()));
            }
        }
        Ok(BuildLock { _file: file })
    }
}

/// Whether the file at `path` holds exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

/// Whether two files have the same content.
fn same_file_content(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    if !ma.is_file() || !mb.is_file() || ma.len() != mb.len() {
        return false;
    }
    let (Ok(mut fa), Ok(mut fb)) = (std::fs::File::open(a), std::fs::File::open(b)) else {
        return false;
    };
    let mut ba = vec![0u8; 64 * 1024];
    let mut bb = vec![0u8; 64 * 1024];
    loop {
        let Ok(na) = fa.read(&mut ba) else {
            return false;
        };
        if na == 0 {
            return true;
        }
        if fb.read_exact(&mut bb[..na]).is_err() || ba[..na] != bb[..na] {
            return false;
        }
    }
}

/// A new site being written: a staging folder beside the build folder that
/// outputs go into as they are produced (from any thread), then swapped in
/// whole by [`Staging::finish`]. Dropped without `finish`, it is removed and
/// the previous site stays as it was.
///
/// Why streaming: a large site's pages are hundreds of megabytes. Writing
/// each page as soon as it is rendered keeps none of them in memory, and the
/// kernel's file creation overlaps the rendering of the next pages.
pub struct Staging {
    dir: tempfile::TempDir,
    build_dir: PathBuf,
    /// Site paths written so far: two outputs may never share one.
    claimed: Mutex<HashSet<String>>,
    /// Folders of the staging folder created so far.
    folders: Mutex<HashSet<String>>,
    written: AtomicUsize,
    linked: AtomicUsize,
    pages: AtomicUsize,
    /// The previous site's manifest, when it has one.
    previous: Option<manifest::Previous>,
    /// What this build's manifest will say.
    recorded: Mutex<Vec<manifest::Entry>>,
    /// Held until the new site is in place (or the staging is dropped).
    _lock: BuildLock,
    /// What a file browser left in the previous site (`.DS_Store`), which
    /// the swap removes: said, not silent.
    clutter: Vec<String>,
}

impl Staging {
    /// Start a new site for `build_dir`, refusing a folder phasebook did
    /// not create and removing staging folders a killed build left behind;
    /// `when_locked` says what to do while another build holds the folder.
    pub fn open(build_dir: &Path, when_locked: WhenLocked) -> Result<Staging> {
        let parent = parent_of(build_dir);
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        // Before the folder is looked at: what another build is about to
        // swap in is not ours to judge or clean up.
        let lock = BuildLock::acquire(build_dir, when_locked)?;
        check_replaceable(build_dir)?;
        // The marker says the folder is a site of ours; its manifest lists
        // every file we put there. Anything else was added since (a note
        // saved into the build folder, say), and the swap would delete it.
        let previous = manifest::Previous::load(build_dir);
        let (foreign, clutter) = match &previous {
            Some(previous) => previous.foreign_files(build_dir)?,
            None => (Vec::new(), Vec::new()),
        };
        if let Some(first) = foreign.first() {
            let (n, them) = (
                foreign.len(),
                if foreign.len() == 1 { "it" } else { "them" },
            );
            bail!(
                "{} holds {n} file{} phasebook did not write, such as {first}; not deleting \
                 {them}. Move {them} out of the build folder (or delete {them}) and build again",
                build_dir.display(),
                if n == 1 { "" } else { "s" },
            );
        }
        let prefix = staging_prefix(build_dir);
        remove_stale_staging(parent, &prefix);
        let dir = tempfile::Builder::new()
            .prefix(&prefix)
            .tempdir_in(parent)
            .with_context(|| format!("cannot create a staging folder in {}", parent.display()))?;
        // The marker goes first, so a stale staging folder is recognisable.
        std::fs::write(dir.path().join(MARKER), MARKER_TEXT)
            .with_context(|| format!("cannot write into {}", dir.path().display()))?;
        // The marker and the manifest are ours; no output may take them.
        let claimed = [MARKER, MANIFEST].map(str::to_string).into();
        Ok(Staging {
            dir,
            build_dir: build_dir.to_path_buf(),
            claimed: Mutex::new(claimed),
            folders: Mutex::new(HashSet::new()),
            written: AtomicUsize::new(0),
            linked: AtomicUsize::new(0),
            pages: AtomicUsize::new(0),
            previous,
            recorded: Mutex::new(Vec::new()),
            _lock: lock,
            clutter,
        })
    }

    /// Add one file to the new site: hard-linked from the previous site
    /// when its bytes are the same, written otherwise.
    pub fn put(&self, output: &Output) -> Result<()> {
        let path = output.path.as_str();
        if !is_safe_site_path(path) {
            bail!("refusing to write {path:?}: not a path inside the site");
        }
        self.claim(path)?;
        let previous = self.build_dir.join(path);
        let unchanged = self.unchanged(path, &previous, &output.content);
        self.place(path, &previous, &output.content, unchanged)
    }

    /// Take `path` for one output (no other may have it), its folder made.
    fn claim(&self, path: &str) -> Result<()> {
        if !lock(&self.claimed).insert(path.to_string()) {
            bail!("two outputs share the path {path}");
        }
        if let Some((folder, _)) = path.rsplit_once('/') {
            let mut folders = lock(&self.folders);
            if !folders.contains(folder) {
                let full = self.dir.path().join(folder);
                std::fs::create_dir_all(&full)
                    .with_context(|| format!("cannot create {}", full.display()))?;
                folders.insert(folder.to_string());
            }
        }
        Ok(())
    }

    /// Put the previous site's rendered file at `path` into the new site as
    /// it is, without its bytes: for a page the build knows would come out
    /// the same (`super::reuse`). Only when the previous manifest lists it
    /// and vouches that it is unmodified; gives whether it did, and if not,
    /// the path is still free for [`Staging::put`].
    pub fn keep(&self, path: &str) -> Result<bool> {
        let Some(manifest) = &self.previous else {
            return Ok(false);
        };
        let previous = self.build_dir.join(path);
        let vouched = manifest.listed(path).filter(|&(digest, len)| {
            digest != manifest::COPIED && manifest.vouches_for(path, &previous, digest, len)
        });
        let Some((digest, len)) = vouched else {
            return Ok(false);
        };
        if !is_safe_site_path(path) {
            bail!("refusing to write {path:?}: not a path inside the site");
        }
        self.claim(path)?;
        if std::fs::hard_link(&previous, self.dir.path().join(path)).is_err() {
            lock(&self.claimed).remove(path);
            return Ok(false);
        }
        lock(&self.recorded).push(manifest::Entry {
            path: path.to_string(),
            digest,
            len,
        });
        self.count(path, &self.linked);
        Ok(true)
    }

    /// One more file in the new site, `linked` or written, and one more page
    /// if it is one.
    fn count(&self, path: &str, how: &AtomicUsize) {
        how.fetch_add(1, Ordering::Relaxed);
        if path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// The digest of the previous site's manifest, when it has one.
    pub(crate) fn previous_manifest(&self) -> Option<u128> {
        self.previous.as_ref().map(|p| p.text_digest)
    }

    /// Whether an output's bytes equal the previous site's file, noting
    /// rendered bytes for this build's manifest on the way.
    fn unchanged(&self, path: &str, previous: &Path, content: &Content) -> bool {
        match content {
            Content::Bytes(bytes) => {
                let entry = manifest::Entry {
                    path: path.to_string(),
                    digest: manifest::digest(bytes),
                    len: bytes.len() as u64,
                };
                let unchanged = match &self.previous {
                    Some(manifest) => manifest.vouches_for(path, previous, entry.digest, entry.len),
                    None => same_bytes(previous, bytes),
                };
                lock(&self.recorded).push(entry);
                unchanged
            }
            Content::Copy(source) => {
                // Listed, so the next build knows the file is ours; its
                // length is not needed (copies are compared by content).
                lock(&self.recorded).push(manifest::Entry {
                    path: path.to_string(),
                    digest: manifest::COPIED,
                    len: 0,
                });
                same_file_content(source, previous)
            }
        }
    }

    /// Hard-link the previous site's file (`previous`) when `unchanged`,
    /// else write.
    fn place(&self, path: &str, previous: &Path, content: &Content, unchanged: bool) -> Result<()> {
        let target = self.dir.path().join(path);
        if unchanged && std::fs::hard_link(previous, &target).is_ok() {
            self.count(path, &self.linked);
        } else {
            match content {
                Content::Bytes(bytes) => std::fs::write(&target, bytes)
                    .with_context(|| format!("cannot write {}", target.display()))?,
                Content::Copy(source) => {
                    std::fs::copy(source, &target)
                        .with_context(|| format!("cannot copy {} to the site", source.display()))?;
                }
            }
            self.count(path, &self.written);
        }
        Ok(())
    }

    /// Files a file browser left in the previous site, which the new one
    /// replaces (`.DS_Store`, `Thumbs.db`, `desktop.ini`, `._NAME`).
    pub(crate) fn clutter(&self) -> &[String] {
        &self.clutter
    }

    /// HTML pages put so far.
    pub fn pages(&self) -> usize {
        self.pages.load(Ordering::Relaxed)
    }

    /// Swap the complete new site in place of the build folder.
    pub(crate) fn finish(self) -> Result<WriteStats> {
        let entries = std::mem::take(&mut *lock(&self.recorded));
        let text = manifest::render(entries).into_bytes();
        let manifest_digest = manifest::digest(&text);
        // Not in itself, so compared byte by byte. Linked only when this
        // build wrote nothing: a linked manifest keeps the old one's time,
        // and a page written now (the digest matched but the file had been
        // touched since) would then look newer than the manifest to every
        // later build, and be written again each time.
        let previous = self.build_dir.join(MANIFEST);
        let unchanged = self.written.load(Ordering::Relaxed) == 0 && same_bytes(&previous, &text);
        self.place(MANIFEST, &previous, &Content::Bytes(text), unchanged)?;
        let stats = WriteStats {
            written: self.written.into_inner(),
            linked: self.linked.into_inner(),
            manifest: manifest_digest,
        };
        swap_in(self.dir, &self.build_dir)?;
        Ok(stats)
    }
}

/// A poisoned lock only means another thread failed; the set is still sound.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Put the complete staging folder in place of the build folder.
fn swap_in(staging: tempfile::TempDir, build_dir: &Path) -> Result<()> {
    let staging_path = staging.keep();
    let result = (|| -> Result<()> {
        if std::fs::symlink_metadata(build_dir).is_err() {
            return std::fs::rename(&staging_path, build_dir)
                .with_context(|| format!("cannot move the new site to {}", build_dir.display()));
        }
        if exchange(&staging_path, build_dir).is_ok() {
            // `staging_path` now holds the previous site.
            let _ = std::fs::remove_dir_all(&staging_path);
            return Ok(());
        }
        replace_by_renames(&staging_path, build_dir)
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging_path);
    }
    result
}

/// Without an atomic exchange (not Linux, or a file system without it):
/// move the old site aside, the new one in, then drop the old one; if the
/// new one cannot go in, the old one goes back.
fn replace_by_renames(staging_path: &Path, build_dir: &Path) -> Result<()> {
    let aside = staging_path.with_extension("old");
    std::fs::rename(build_dir, &aside).with_context(|| {
        format!(
            "cannot move the previous site {} aside",
            build_dir.display()
        )
    })?;
    if let Err(err) = std::fs::rename(staging_path, build_dir) {
        let _ = std::fs::rename(&aside, build_dir);
        return Err(err)
            .with_context(|| format!("cannot move the new site to {}", build_dir.display()));
    }
    let _ = std::fs::remove_dir_all(&aside);
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    fn page(path: &str, text: &str) -> Output {
        Output {
            path: path.to_string(),
            content: Content::Bytes(text.as_bytes().to_vec()),
        }
    }

    /// A whole site at once, as `build` puts it.
    fn publish(outputs: &[Output], build_dir: &Path) -> Result<WriteStats> {
        let staging = Staging::open(build_dir, WhenLocked::Wait)?;
        for output in outputs {
            staging.put(output)?;
        }
        staging.finish()
    }

    /// The swap used where `renameat2(RENAME_EXCHANGE)` is missing (not
    /// Linux, or a file system without it), exercised here directly.
    #[test]
    fn without_an_atomic_exchange_renames_put_the_new_site_in() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (site, staging) = (dir.path().join("site"), dir.path().join(".staging"));
        for (folder, text) in [(&site, "old"), (&staging, "new")] {
            std::fs::create_dir(folder).expect("folder");
            std::fs::write(folder.join("a.html"), text).expect("write");
        }
        replace_by_renames(&staging, &site).expect("swap");
        assert_eq!(
            std::fs::read_to_string(site.join("a.html")).expect("a"),
            "new"
        );
        // The old site, moved aside, is gone, and so is the staging folder.
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(left, ["site"]);

        // The new site cannot go in (no staging folder): the old one stays.
        let err = replace_by_renames(&dir.path().join(".missing"), &site).unwrap_err();
        assert!(
            err.to_string().contains("cannot move the new site"),
            "{err:#}"
        );
        assert_eq!(
            std::fs::read_to_string(site.join("a.html")).expect("a"),
            "new"
        );
    }

    /// What a folder holds.
    fn beside(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("list")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// `site` still holds the first build's `a.html`, and nothing else is
    /// left beside it.
    fn assert_old_site_kept(dir: &Path, site: &Path) {
        assert_eq!(
            std::fs::read_to_string(site.join("a.html")).expect("a"),
            "old"
        );
        let left = beside(dir);
        assert_eq!(left.len(), 1, "the staging folder was removed: {left:?}");
    }

    #[test]
    fn unchanged_files_are_linked_not_rewritten() {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = dir.path().join("site");
        let first =
            publish(&[page("a.html", "A"), page("d/b.html", "B")], &site).expect("first build");
        // Two pages and the manifest.
        assert_eq!((first.written, first.linked), (3, 0));
        let inode = std::fs::metadata(site.join("a.html")).expect("a").ino();
        let second =
            publish(&[page("a.html", "A"), page("d/b.html", "B2")], &site).expect("second build");
        // b.html and the manifest changed; a.html is vouched for by the
        // first build's manifest.
        assert_eq!((second.written, second.linked), (2, 1));
        assert_eq!(
            std::fs::metadata(site.join("a.html")).expect("a").ino(),
            inode
        );
        assert_eq!(
            std::fs::read_to_string(site.join("d/b.html")).expect("b"),
            "B2"
        );
        // Nothing left beside the site.
        assert_eq!(beside(dir.path()), vec!["site".to_string()]);

        // Nothing changed: everything linked, the manifest too.
        let third =
            publish(&[page("a.html", "A"), page("d/b.html", "B2")], &site).expect("third build");
        assert_eq!((third.written, third.linked), (0, 3));
    }

    #[test]
    fn a_page_edited_in_the_site_is_rewritten() {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = dir.path().join("site");
        publish(&[page("a.html", "A")], &site).expect("first build");
        // Edited by hand after the build (same length, later time).
        let later = std::fs::metadata(site.join(MANIFEST))
            .and_then(|m| m.modified())
            .expect("manifest time")
            + std::time::Duration::from_secs(2);
        std::fs::write(site.join("a.html"), "Z").expect("edit");
        std::fs::File::options()
            .write(true)
            .open(site.join("a.html"))
            .and_then(|f| f.set_modified(later))
            .expect("mtime");
        let second = publish(&[page("a.html", "A")], &site).expect("second build");
        assert_eq!(second.written, 2, "the page and the manifest: {second:?}");
        assert_eq!(
            std::fs::read_to_string(site.join("a.html")).expect("a"),
            "A"
        );
        // The page written again is vouched for from then on.
        let third = publish(&[page("a.html", "A")], &site).expect("third build");
        assert_eq!((third.written, third.linked), (0, 2));
    }

    #[test]
    fn no_output_may_take_the_marker_or_the_manifest() {
        let dir = tempfile::tempdir().expect("temp dir");
        for reserved in [MARKER, MANIFEST] {
            let err =
                publish(&[page(reserved, "x")], &dir.path().join("site")).expect_err("refused");
            assert!(err.to_string().contains("share the path"), "{err}");
        }
    }

    #[test]
    fn a_foreign_folder_is_never_replaced() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("thesis.tex"), "mine").expect("write");
        let err = publish(&[page("a.html", "A")], dir.path()).expect_err("refused");
        assert!(err.to_string().contains("did not write"), "{err}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("thesis.tex")).expect("kept"),
            "mine"
        );
    }

    #[test]
    fn a_failed_write_keeps_the_old_site() {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = dir.path().join("site");
        publish(&[page("a.html", "old")], &site).expect("first build");
        let bad = Output {
            path: "b.png".into(),
            content: Content::Copy(dir.path().join("no-such-file.png")),
        };
        assert!(publish(&[page("a.html", "new"), bad], &site).is_err());
        assert_old_site_kept(dir.path(), &site);
    }

    #[test]
    fn an_unfinished_staging_folder_leaves_the_old_site() {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = dir.path().join("site");
        publish(&[page("a.html", "old")], &site).expect("first build");
        {
            let staging = Staging::open(&site, WhenLocked::Wait).expect("staging");
            staging.put(&page("a.html", "new")).expect("put");
            staging
                .put(&page("d/e/b.html", "B"))
                .expect("put in a new folder");
            let err = staging
                .put(&page("a.html", "again"))
                .expect_err("same path");
            assert!(err.to_string().contains("share the path"), "{err}");
            assert_eq!(staging.pages(), 2);
            // Dropped here without `finish`, as when rendering fails.
        }
        assert_old_site_kept(dir.path(), &site);
    }

    #[test]
    fn escaping_paths_are_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = dir.path().join("site");
        assert!(publish(&[page("../evil.html", "x")], &site).is_err());
        assert!(!dir.path().join("evil.html").exists());
        assert!(!site.exists());
    }
}
