//! The note cache: what the parse found in each note, kept on disk between
//! runs, so that a check or a build of a vault where few notes changed
//! parses only those. Parsing is most of a check's time (a pre-commit hook
//! reporting on five notes of 10,000 parsed all 10,000); reading a note's
//! parse back costs a fraction of making it (issue #20).
//!
//! What is trusted, and when:
//! - an entry is used only for a file whose bytes, read now, have the
//!   digest its entry was made from (XXH3, 128 bits): never on a
//!   size or a modification time, which an edit within one tick of the
//!   clock, a `git checkout` or a copy can leave as they were;
//! - only by the binary that wrote it (its build id, or its size, time and
//!   inode, are in every shard's header with the cache format and the parse
//!   options: [`identity`]): another build of phasebook may parse otherwise;
//! - each shard ends with a digest of all that precedes it: a truncated,
//!   edited or half-written shard is dropped whole, and written again.
//!
//! The cache keeps the parse and never the text: a cached note is the file
//! read now ([`Decoded`]) plus the entry, so everything shown from the
//! text (snippets, fixes, pages) comes from the file itself.
//!
//! Writing is best-effort: a cache that cannot be written (a read-only
//! checkout, a full disk) leaves the run as it would be without one. Each
//! shard is replaced by a rename, so a reader running at the same time
//! (`serve` and a pre-commit `check`) sees the old shard or the new one.
//!
//! Read in two steps: at the start, each shard's table of entries (which
//! note, from which bytes, where its parse is), its bytes dropped; after
//! the walk, the parses of the notes found unchanged, a shard at a time
//! ([`Cache::decode`]), each shard read again and checked to be the bytes
//! read first. Held from the start to the store, the 64 shards were a
//! quarter of a 10,000-note check's peak heap.
//!
//! Layout: `DIR/notes-VAULT/NN.bin`, where `VAULT` is a digest of the
//! vault folder's real path (so vaults sharing one cache folder keep apart)
//! and the note's path picks one of [`SHARDS`] shards: an edit rewrites one
//! shard, not a file the size of the vault's parse.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub mod blob;
mod identity;
mod shard;

use shard::Shard;
pub(crate) use shard::digest;

use super::note::{Decoded, Facts, Note, ParseOptions};

/// How many files the cache of one vault is split into.
const SHARDS: usize = 64;

/// The cache of one vault: each shard's entries as read at the start of
/// a run (where each note's parse is, not the parses: [`Shard`]).
pub struct Cache {
    dir: PathBuf,
    header: Vec<u8>,
    shards: Vec<Shard>,
}

/// What the run read of one note: the store after the run keeps an entry
/// for each, and rewrites the shards whose entries changed.
pub struct Seen {
    path: String,
    digest: u128,
    made: Made,
}

/// Where a note's parse came from, and so what its entry is to be.
enum Made {
    /// The cache: the entry stays as it is.
    Cached,
    /// The parse: its new entry.
    Parsed(Vec<u8>),
    /// The parse, which could not be serialised: no entry (an old entry
    /// for the path, made from other bytes, must not be kept for these).
    Unstored,
}

/// What [`Cache::look`] gives for a note.
pub enum Looked {
    /// Parsed now (the cache had no parse of these bytes).
    Parsed(Note, Seen),
    /// The cache has its parse: for [`Cache::decode`].
    Cached(Pending),
}

/// A note whose parse is in the cache, until [`Cache::decode`] reads it.
pub struct Pending {
    path: String,
    digest: u128,
    facts: Facts,
}

impl Pending {
    /// Leave the note's text in `file` (see `Note::leave_on_disk`) until
    /// the parse is read.
    pub(crate) fn leave_text_in(&mut self, file: std::sync::Arc<Path>) {
        self.facts.leave_in(file, self.digest);
    }

    /// The note: its parse from `bytes`, shard `shard`'s, or parsed if
    /// that cannot be read.
    fn finish(self, shard: &Shard, bytes: Option<&[u8]>, options: ParseOptions) -> (Note, Seen) {
        let Pending {
            path,
            digest,
            facts,
        } = self;
        let cached = bytes
            .and_then(|bytes| shard.get(bytes, &path))
            .filter(|(made_from, _)| *made_from == digest)
            .and_then(|(_, payload)| postcard::from_bytes::<Note>(payload).ok());
        if let Some(note) = cached {
            let seen = Seen {
                path: path.clone(),
                digest,
                made: Made::Cached,
            };
            return (facts.finish(path, note), seen);
        }
        let note = facts.parse(path.clone(), options);
        // A text left in a file changed since is blanks: no entry for it.
        let made = match note.changed_on_disk() {
            true => Made::Unstored,
            false => postcard::to_stdvec(&note).map_or(Made::Unstored, Made::Parsed),
        };
        (note, Seen { path, digest, made })
    }
}

impl Seen {
    /// The digest of the bytes the note was read from.
    pub fn digest(&self) -> u128 {
        self.digest
    }

    /// The note's parse came from the cache.
    pub fn cached(&self) -> bool {
        matches!(self.made, Made::Cached)
    }
}

impl Cache {
    /// The cache of `vault` under `dir`, for this binary and `options`;
    /// `None` when it cannot be used at all (the binary cannot be
    /// identified). Shards missing, unreadable or corrupt are empty.
    pub fn open(dir: &Path, vault: &Path, options: ParseOptions) -> Option<Cache> {
        let header = format!(
            "phasebook {} {} comment-links {}",
            env!("CARGO_PKG_VERSION"),
            identity::of_this_binary()?,
            options.comment_links,
        )
        .into_bytes();
        let real = std::fs::canonicalize(vault).unwrap_or_else(|_| vault.to_path_buf());
        let name = format!(
            "notes-{:016x}",
            digest(real.to_string_lossy().as_bytes()) as u64
        );
        let dir = dir.join(name);
        let shards = (0..SHARDS)
            .into_par_iter()
            .map(|i| Shard::read(&shard_file(&dir, i), &header))
            .collect();
        Some(Cache {
            dir,
            header,
            shards,
        })
    }

    /// The note in `bytes` at `path`: parsed now, unless the cache has a
    /// parse of exactly these bytes, which [`Cache::decode`] reads after
    /// the walk.
    pub fn look(&self, path: String, bytes: Vec<u8>, options: ParseOptions) -> Looked {
        let digest = digest(&bytes);
        if self.shards[shard_of(&path)].has(&path, digest) {
            let facts = Decoded::new(bytes).facts();
            return Looked::Cached(Pending {
                path,
                digest,
                facts,
            });
        }
        let note = Note::from_bytes(path.clone(), bytes, options);
        let made = postcard::to_stdvec(&note).map_or(Made::Unstored, Made::Parsed);
        let seen = Seen { path, digest, made };
        Looked::Parsed(note, seen)
    }

    /// The notes of `pending`, their parses read from the cache a shard at
    /// a time: each shard's bytes read again (the same bytes as at
    /// [`Cache::open`], by their digest), its notes decoded and given to
    /// `place` with the number they came with, and the bytes dropped. A
    /// note whose parse cannot be read after all (its shard rewritten
    /// meanwhile by another run) is parsed: from its text if held, else
    /// from its file read again, which must still have the bytes the walk
    /// read (else the note is blanks, marked changed on disk, as any text
    /// read back is: see `Note::changed_on_disk`).
    pub fn decode(
        &self,
        pending: Vec<(usize, Pending)>,
        options: ParseOptions,
        place: &(dyn Fn(usize, Note, Seen) + Sync),
    ) {
        let mut by_shard: Vec<Vec<(usize, Pending)>> = (0..SHARDS).map(|_| Vec::new()).collect();
        for (at, one) in pending {
            by_shard[shard_of(&one.path)].push((at, one));
        }
        by_shard
            .into_par_iter()
            .enumerate()
            .filter(|(_, notes)| !notes.is_empty())
            .for_each(|(i, notes)| {
                let shard = &self.shards[i];
                let bytes = shard.reread(&shard_file(&self.dir, i));
                for (at, one) in notes {
                    let (note, seen) = one.finish(shard, bytes.as_deref(), options);
                    place(at, note, seen);
                }
            });
    }

    /// Write the shards whose entries differ from `seen` (the notes of this
    /// run): new or changed notes added, deleted ones dropped. Errors are
    /// ignored: see the module's documentation.
    pub fn store(self, seen: Vec<Seen>) {
        let mut wanted: Vec<Vec<Seen>> = (0..SHARDS).map(|_| Vec::new()).collect();
        for one in seen {
            if !matches!(one.made, Made::Unstored) {
                wanted[shard_of(&one.path)].push(one);
            }
        }
        let changed: Vec<(usize, Vec<Seen>)> = wanted
            .into_iter()
            .enumerate()
            .filter(|(i, notes)| {
                let shard = &self.shards[*i];
                notes.len() != shard.len() || notes.iter().any(|n| !n.cached())
            })
            .collect();
        if changed.is_empty() {
            return;
        }
        let top = self.dir.parent().unwrap_or(&self.dir);
        let made = !top.exists();
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        if made {
            write_tag(top);
        }
        changed.into_par_iter().for_each(|(i, mut notes)| {
            notes.sort_unstable_by(|a, b| a.path.cmp(&b.path));
            let entries = notes.iter().map(|n| {
                let parsed = match &n.made {
                    Made::Parsed(bytes) => Some(bytes.as_slice()),
                    Made::Cached | Made::Unstored => None,
                };
                (n.path.as_str(), n.digest, parsed)
            });
            let file = shard_file(&self.dir, i);
            // Changed since it was read (another run wrote it): left as
            // that run wrote it.
            let Some(old) = self.shards[i].reread(&file) else {
                return;
            };
            let bytes = self.shards[i].write(&old, &self.header, entries);
            let _ = shard::replace(&self.dir, &file, &bytes);
        });
    }
}

fn shard_of(path: &str) -> usize {
    (digest(path.as_bytes()) % SHARDS as u128) as usize
}

fn shard_file(dir: &Path, i: usize) -> PathBuf {
    dir.join(format!("{i:02}.bin"))
}

/// Mark the cache folder `top` as one: git ignores it (a `.gitignore` of
/// `*`, as ruff and pytest write in theirs), backup tools skip it
/// (`CACHEDIR.TAG`). Only a folder phasebook made: `PHASEBOOK_CACHE_DIR`
/// set to a folder of the user's (their home) must not become ignored.
fn write_tag(top: &Path) {
    for (name, text) in [
        (".gitignore", "# Made by phasebook: its note cache.\n*\n"),
        (
            "CACHEDIR.TAG",
            "Signature: 8a477f597d28d172789f06886806bc55\n\
             # This file is a cache directory tag created by phasebook.\n",
        ),
    ] {
        let file = top.join(name);
        if !file.exists() {
            let _ = std::fs::write(file, text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every Markdown file under `dir`, as (vault path, bytes).
    fn notes_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
        walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .map(|e| {
                let path = e.path().strip_prefix(dir).unwrap();
                let path = path.to_string_lossy().replace('\\', "/");
                (path, std::fs::read(e.path()).unwrap())
            })
            .collect()
    }

    /// The notes every test reads: the fixtures, the seeds, our vault, and
    /// bytes the decode changes (a BOM, lone CRs, invalid UTF-8).
    fn corpus() -> Vec<(String, Vec<u8>)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut notes = Vec::new();
        for dir in ["tests/fixtures", "../shared/seeds", "vault"] {
            notes.extend(notes_under(&root.join(dir)));
        }
        notes.push(("bom.md".into(), b"\xEF\xBB\xBF# T\n[[x]]\n".to_vec()));
        notes.push((
            "cr.md".into(),
            b"---\rtags: [a]\r---\r# T\r[[y]]\r".to_vec(),
        ));
        notes.push(("bad.md".into(), b"# T\n\xff [[z#h]]\n".to_vec()));
        assert!(notes.len() > 80, "the corpus is the repository's notes");
        notes
    }

    /// All of `note`, its line index made (a cached note makes it on
    /// first use, a parsed one has it).
    fn described(note: &Note) -> String {
        note.lines();
        format!("{note:?}")
    }

    /// The notes of `notes` as a load reads them: each looked up, then the
    /// cached ones decoded together.
    fn read_all(
        cache: &Cache,
        notes: &[(String, Vec<u8>)],
        options: ParseOptions,
    ) -> Vec<(Note, Seen)> {
        let mut read: Vec<Option<(Note, Seen)>> = Vec::new();
        let mut pending = Vec::new();
        for (path, bytes) in notes {
            match cache.look(path.clone(), bytes.clone(), options) {
                Looked::Parsed(note, seen) => read.push(Some((note, seen))),
                Looked::Cached(one) => {
                    pending.push((read.len(), one));
                    read.push(None);
                }
            }
        }
        let read = std::sync::Mutex::new(read);
        cache.decode(pending, options, &|at, note, seen| {
            read.lock().unwrap()[at] = Some((note, seen));
        });
        read.into_inner()
            .unwrap()
            .into_iter()
            .map(Option::unwrap)
            .collect()
    }

    fn parse_all(cache: &Cache, notes: &[(String, Vec<u8>)]) -> (Vec<String>, Vec<Seen>) {
        read_all(cache, notes, ParseOptions::default())
            .into_iter()
            .map(|(note, seen)| (described(&note), seen))
            .unzip()
    }

    fn open(dir: &Path) -> Cache {
        Cache::open(dir, Path::new("/vault"), ParseOptions::default()).unwrap()
    }

    #[test]
    fn a_cached_note_is_the_note_parsed() {
        let dir = tempfile::tempdir().unwrap();
        let notes = corpus();
        let (parsed, seen) = parse_all(&open(dir.path()), &notes);
        assert!(seen.iter().all(|s| !s.cached()), "an empty cache");
        open(dir.path()).store(seen);
        let (cached, seen) = parse_all(&open(dir.path()), &notes);
        assert!(seen.iter().all(|s| s.cached()), "every note cached");
        for (i, (parsed, cached)) in parsed.iter().zip(&cached).enumerate() {
            assert_eq!(parsed, cached, "{}", notes[i].0);
        }
        let expected: Vec<String> = notes
            .iter()
            .map(|(path, bytes)| {
                let note = Note::from_bytes(path.clone(), bytes.clone(), ParseOptions::default());
                described(&note)
            })
            .collect();
        assert_eq!(cached, expected);
    }

    /// Store `notes` in a cache under `dir`, and say how many are cached.
    fn cached_after_store(dir: &Path, notes: &[(String, Vec<u8>)]) -> usize {
        let (_, seen) = parse_all(&open(dir), notes);
        open(dir).store(seen);
        let (_, seen) = parse_all(&open(dir), notes);
        seen.iter().filter(|s| s.cached()).count()
    }

    #[test]
    fn changed_bytes_are_parsed_again() {
        let dir = tempfile::tempdir().unwrap();
        let mut notes = vec![("a.md".to_string(), b"# A\n## One\n".to_vec())];
        assert_eq!(cached_after_store(dir.path(), &notes), 1);
        // Same length, same path: only the content tells.
        notes[0].1 = b"# A\n## Two\n".to_vec();
        let (texts, seen) = parse_all(&open(dir.path()), &notes);
        assert!(!seen[0].cached());
        assert!(texts[0].contains("\"Two\""), "{}", texts[0]);
    }

    /// Every shard file of the cache under `dir`.
    fn shard_files(dir: &Path) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .map(|e| e.into_path())
            .filter(|p| p.extension().is_some_and(|x| x == "bin"))
            .collect();
        files.sort();
        files
    }

    /// A change made to a cache file's bytes.
    type Edit = fn(&mut Vec<u8>);

    #[test]
    fn a_truncated_or_edited_shard_is_not_read_and_is_written_again() {
        let notes = corpus();
        let edits: [(&str, Edit); 3] = [
            ("truncated", |b| b.truncate(b.len() / 2)),
            ("a byte changed", |b| {
                let mid = b.len() / 2;
                b[mid] ^= 0x20;
            }),
            ("emptied", |b| b.clear()),
        ];
        for (what, edit) in edits {
            let dir = tempfile::tempdir().unwrap();
            assert_eq!(cached_after_store(dir.path(), &notes), notes.len());
            let files = shard_files(dir.path());
            assert!(files.len() > SHARDS / 2, "{what}");
            for file in &files {
                let mut bytes = std::fs::read(file).unwrap();
                edit(&mut bytes);
                std::fs::write(file, bytes).unwrap();
            }
            let (texts, seen) = parse_all(&open(dir.path()), &notes);
            assert!(seen.iter().all(|s| !s.cached()), "{what}: nothing read");
            let (expected, _) = parse_all(&open(tempfile::tempdir().unwrap().path()), &notes);
            assert_eq!(texts, expected, "{what}");
            open(dir.path()).store(seen);
            let (_, seen) = parse_all(&open(dir.path()), &notes);
            assert!(seen.iter().all(|s| s.cached()), "{what}: rewritten");
        }
    }

    #[test]
    fn another_binary_or_other_options_do_not_read_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let notes = corpus();
        assert_eq!(cached_after_store(dir.path(), &notes), notes.len());
        let links = ParseOptions {
            comment_links: true,
        };
        let other = Cache::open(dir.path(), Path::new("/vault"), links).unwrap();
        let (_, seen): (Vec<_>, Vec<_>) = read_all(&other, &notes, links).into_iter().unzip();
        assert!(seen.iter().all(|s| !s.cached()));
        // A shard written by another binary: the header differs.
        let file = &shard_files(dir.path())[0];
        let mut bytes = std::fs::read(file).unwrap();
        let header = open(dir.path()).header;
        let at = bytes
            .windows(header.len())
            .position(|w| w == header)
            .unwrap();
        bytes[at + header.len() - 1] ^= 1;
        let len = bytes.len() - 16;
        let sum = digest(&bytes[..len]);
        bytes[len..].copy_from_slice(&sum.to_le_bytes());
        std::fs::write(file, bytes).unwrap();
        let edited: usize = file.file_stem().unwrap().to_str().unwrap().parse().unwrap();
        let cache = open(dir.path());
        for (i, shard) in cache.shards.iter().enumerate() {
            let written = shard_file(&cache.dir, i).exists();
            assert_eq!(shard.len() == 0, i == edited || !written, "shard {i}");
        }
    }

    #[test]
    fn a_shard_changed_after_the_open_is_not_read_its_notes_are_parsed() {
        // The shards' bytes are not held from the open to the decode: they
        // are read again, and must be the ones the open read.
        let notes = corpus();
        let edits: [(&str, Edit); 3] = [
            ("deleted", |_| unreachable!("deleted, not edited")),
            ("emptied", |b| b.clear()),
            ("rewritten", |b| {
                let len = b.len() - 16;
                b[len / 2] ^= 1;
                let sum = digest(&b[..len]);
                b[len..].copy_from_slice(&sum.to_le_bytes());
            }),
        ];
        for (what, edit) in edits {
            let dir = tempfile::tempdir().unwrap();
            assert_eq!(cached_after_store(dir.path(), &notes), notes.len());
            let cache = open(dir.path());
            let mut pending = Vec::new();
            for (at, (path, bytes)) in notes.iter().enumerate() {
                match cache.look(path.clone(), bytes.clone(), ParseOptions::default()) {
                    Looked::Cached(one) => pending.push((at, one)),
                    Looked::Parsed(..) => panic!("{what}: {path} not in the cache"),
                }
            }
            for file in &shard_files(dir.path()) {
                if what == "deleted" {
                    std::fs::remove_file(file).unwrap();
                    continue;
                }
                let mut bytes = std::fs::read(file).unwrap();
                edit(&mut bytes);
                std::fs::write(file, bytes).unwrap();
            }
            let read = std::sync::Mutex::new(vec![None; notes.len()]);
            cache.decode(pending, ParseOptions::default(), &|at, note, seen| {
                read.lock().unwrap()[at] = Some((described(&note), seen.cached()));
            });
            let (expected, _) = parse_all(&open(tempfile::tempdir().unwrap().path()), &notes);
            for (at, read) in read.into_inner().unwrap().into_iter().enumerate() {
                let (note, cached) = read.unwrap();
                assert!(!cached, "{what}: {}", notes[at].0);
                assert_eq!(note, expected[at], "{what}: {}", notes[at].0);
            }
        }
    }

    #[test]
    fn a_shard_another_run_wrote_is_left_as_it_wrote_it() {
        for cache_before in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            another_run_writes_meanwhile(dir.path(), cache_before);
        }
    }

    /// This run opens the cache (stored, or none); another stores an edit
    /// of every note meanwhile; this run then stores its notes, one of
    /// them edited: the shards stay as the other run wrote them.
    fn another_run_writes_meanwhile(dir: &Path, cache_before: bool) {
        let mut notes = corpus();
        if cache_before {
            assert_eq!(cached_after_store(dir, &notes), notes.len());
        }
        let this = open(dir);
        let mut other = notes.clone();
        for (_, bytes) in &mut other {
            bytes.extend_from_slice(b"\nMore.\n");
        }
        let (_, seen) = parse_all(&open(dir), &other);
        open(dir).store(seen);
        let written: Vec<Vec<u8>> = shard_files(dir)
            .iter()
            .map(|f| std::fs::read(f).unwrap())
            .collect();
        notes[0].1.extend_from_slice(b"\nMine.\n");
        let (_, seen) = parse_all(&this, &notes);
        this.store(seen);
        let now: Vec<Vec<u8>> = shard_files(dir)
            .iter()
            .map(|f| std::fs::read(f).unwrap())
            .collect();
        assert!(
            now == written,
            "a shard the other run wrote was replaced (cache before: {cache_before})"
        );
    }

    #[test]
    fn a_parse_that_could_not_be_stored_drops_the_old_entry() {
        let dir = tempfile::tempdir().unwrap();
        let notes = vec![("a.md".to_string(), b"# A\n## One\n".to_vec())];
        assert_eq!(cached_after_store(dir.path(), &notes), 1);
        // The file changed, and its new parse found no way to the cache.
        let seen = vec![Seen {
            path: "a.md".into(),
            digest: digest(b"# A\n## Two\n"),
            made: Made::Unstored,
        }];
        open(dir.path()).store(seen);
        let total: usize = open(dir.path()).shards.iter().map(|s| s.len()).sum();
        assert_eq!(total, 0, "the entry made from the old bytes is gone");
    }

    #[test]
    fn deleted_notes_leave_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let notes = corpus();
        assert_eq!(cached_after_store(dir.path(), &notes), notes.len());
        let kept = &notes[..notes.len() / 2];
        let (_, seen) = parse_all(&open(dir.path()), kept);
        open(dir.path()).store(seen);
        let total: usize = open(dir.path()).shards.iter().map(|s| s.len()).sum();
        assert_eq!(total, kept.len());
    }
}
