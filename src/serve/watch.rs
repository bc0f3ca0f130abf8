//! Noticing vault changes: a fingerprint of every file's path, size and
//! modification time decides, looked at when the file system reports a
//! change (`notify`: inotify, FSEvents, ReadDirectoryChangesW) and, as a
//! safety net, every [`POLL`]. Polling alone works wherever the files live
//! (a network drive, a container's mount, which may report nothing), but
//! waits for its next turn and then for a burst of saves to settle at the
//! same pace: on a 10,000-note vault an edit took 1.6–1.8 s to be rebuilt,
//! 0.6–0.8 s of it waiting. A reported change is looked at once the file
//! system has been quiet for [`QUIET`].

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant, SystemTime};

/// How often the fingerprint is looked at when nothing is reported.
pub const POLL: Duration = Duration::from_millis(400);
/// How long the file system must be quiet after a reported change (an
/// editor's save is a write and a rename; a checkout, many files).
const QUIET: Duration = Duration::from_millis(100);
/// The longest wait for quiet: a folder written to all the time (a log)
/// must not hold a rebuild back for ever.
const MAX_SETTLE: Duration = Duration::from_secs(2);

/// Where changes come from: the file system's reports when it makes them,
/// and the clock.
pub struct Changes {
    roots: Vec<PathBuf>,
    /// Kept alive while watching (never read: dropping it stops the
    /// reports); `None` when the platform's watcher could not watch every
    /// root (polling alone then).
    _watcher: Option<notify::RecommendedWatcher>,
    events: Receiver<()>,
}

impl Changes {
    /// Watch `roots` (folders recursively; a file by its folder, as editors
    /// replace files by a rename).
    pub fn watch(roots: &[PathBuf]) -> Changes {
        use notify::Watcher as _;
        let (tx, events) = channel();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            // Reads (a build reading the vault) are no change.
            if event.is_ok_and(|e| !e.kind.is_access()) {
                let _ = tx.send(());
            }
        });
        let watcher = watcher.ok().and_then(|mut watcher| {
            for root in roots {
                let (path, mode) = if root.is_dir() {
                    (root.as_path(), notify::RecursiveMode::Recursive)
                } else {
                    let folder = root.parent().filter(|p| !p.as_os_str().is_empty());
                    (
                        folder.unwrap_or(Path::new(".")),
                        notify::RecursiveMode::NonRecursive,
                    )
                };
                watcher.watch(path, mode).ok()?;
            }
            Some(watcher)
        });
        Changes {
            roots: roots.to_vec(),
            _watcher: watcher,
            events,
        }
    }

    /// The roots watched.
    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    /// Wait until something may have changed: a reported change, once the
    /// file system is quiet again, or [`POLL`] gone by. Gives whether a
    /// change was reported (else the clock woke it).
    pub fn wait(&self) -> bool {
        match self.events.recv_timeout(POLL) {
            Ok(()) => {
                self.quiet();
                true
            }
            Err(RecvTimeoutError::Timeout) => false,
            // No watcher sends (it could not start): the clock alone.
            Err(RecvTimeoutError::Disconnected) => {
                std::thread::sleep(POLL);
                false
            }
        }
    }

    /// Wait for [`QUIET`] without a report (at most [`MAX_SETTLE`]).
    fn quiet(&self) {
        let started = Instant::now();
        while started.elapsed() < MAX_SETTLE {
            match self.events.recv_timeout(QUIET) {
                Ok(()) => continue,
                Err(_) => return,
            }
        }
    }
}

/// The dot-files that change what the site publishes: a rebuild follows
/// an edit of them as of a note (`.obsidian/templates.json` is looked at
/// on its own: the rest of `.obsidian` changes with every click).
const SCOPE_FILES: &[&str] = &[".gitignore", ".ignore"];

/// The Obsidian settings a build reads: the template folder (scope) and
/// `app.json` (strict line breaks).
const OBSIDIAN_FILES: &[&str] = &[".obsidian/templates.json", ".obsidian/app.json"];

/// A fingerprint of the files under `roots` (dot-entries but the ignore
/// files, and `skip`, excluded, as discovery excludes them), and of each
/// root's [`OBSIDIAN_FILES`].
pub fn fingerprint(roots: &[PathBuf], skip: &[PathBuf]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for root in roots {
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let name = e.file_name().to_string_lossy();
                e.depth() == 0
                    || ((!name.starts_with('.') || SCOPE_FILES.contains(&name.as_ref()))
                        && !skip.iter().any(|s| e.path().starts_with(s)))
            });
        // Files only: a folder's own time changes whenever anything is
        // created in it, a build's staging folder included.
        for entry in walker.flatten().filter(|e| !e.file_type().is_dir()) {
            entry.path().hash(&mut hasher);
            if let Ok(meta) = entry.metadata() {
                meta.len().hash(&mut hasher);
                meta.modified()
                    .ok()
                    .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                    .hash(&mut hasher);
            }
        }
        for file in OBSIDIAN_FILES {
            if let Ok(meta) = std::fs::metadata(root.join(file)) {
                file.hash(&mut hasher);
                meta.len().hash(&mut hasher);
                meta.modified().ok().hash(&mut hasher);
            }
        }
    }
    hasher.finish()
}

/// The files whose changes mean a rebuild: the vault, `book.toml`, and the
/// template folder.
pub fn watched(vault: &Path, config_file: Option<&Path>, templates: Option<&Path>) -> Vec<PathBuf> {
    let mut roots = vec![vault.to_path_buf()];
    roots.extend(config_file.map(Path::to_path_buf));
    roots.extend(templates.map(Path::to_path_buf));
    roots
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `wait` reports a change within a few seconds.
    fn reports(changes: &Changes) -> bool {
        (0..20).any(|_| changes.wait())
    }

    #[test]
    fn an_edit_in_a_watched_folder_or_beside_a_watched_file_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("vault");
        std::fs::create_dir_all(vault.join("deep")).unwrap();
        std::fs::write(dir.path().join("book.toml"), "").unwrap();
        let changes = Changes::watch(&[vault.clone(), dir.path().join("book.toml")]);
        assert!(changes._watcher.is_some(), "this platform's watcher starts");
        std::fs::write(vault.join("deep/a.md"), "# A\n").unwrap();
        assert!(reports(&changes), "a note written in a subfolder");
        // An editor's save: a new file renamed over the old one.
        std::fs::write(dir.path().join("book.toml.tmp"), "[book]\n").unwrap();
        std::fs::rename(
            dir.path().join("book.toml.tmp"),
            dir.path().join("book.toml"),
        )
        .unwrap();
        assert!(reports(&changes), "book.toml replaced");
    }

    #[test]
    fn an_edit_changes_the_fingerprint_and_the_build_folder_does_not() {
        let dir = tempfile::tempdir().expect("temp dir");
        let vault = dir.path().join("vault");
        let site = vault.join("site");
        std::fs::create_dir_all(&site).expect("mkdir");
        std::fs::write(vault.join("a.md"), "# A\n").expect("write");
        let roots = vec![vault.clone()];
        let skip = vec![site.clone()];
        let before = fingerprint(&roots, &skip);
        std::fs::write(site.join("index.html"), "built").expect("write");
        std::fs::write(vault.join(".hidden"), "x").expect("write");
        assert_eq!(
            fingerprint(&roots, &skip),
            before,
            "output and dot-files ignored"
        );
        std::fs::write(vault.join("a.md"), "# A, edited\n").expect("write");
        let edited = fingerprint(&roots, &skip);
        assert_ne!(edited, before);
        // What changes the publication scope counts too.
        std::fs::write(vault.join(".gitignore"), "private/\n").expect("write");
        let ignored = fingerprint(&roots, &skip);
        assert_ne!(ignored, edited, ".gitignore");
        std::fs::create_dir_all(vault.join(".obsidian")).expect("mkdir");
        std::fs::write(vault.join(".obsidian/templates.json"), "{}").expect("write");
        let templates = fingerprint(&roots, &skip);
        assert_ne!(templates, ignored, "templates.json");
        std::fs::write(
            vault.join(".obsidian/app.json"),
            "{\"strictLineBreaks\": true}",
        )
        .expect("write");
        assert_ne!(fingerprint(&roots, &skip), templates, "app.json");
    }
}
