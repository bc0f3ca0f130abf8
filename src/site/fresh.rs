//! A rebuild with nothing to do: the inputs of a build, summed up in one
//! digest, kept beside the site it made, so that a build of unchanged
//! inputs into an intact site reads no note, renders nothing and writes
//! nothing (#20: "a rebuild with nothing changed reads and compares no more
//! than it must").
//!
//! The inputs are everything a site is a function of: this binary (its
//! version, size and time), the whole configuration, each file the vault's
//! walk hands on (path, size, modification and change times, inode) and
//! what the walk left out and why, the theme folder's files, and the
//! commit git has checked out (the pages' dates and the readiness history
//! come from git). Nothing in a site depends on the time of the build.
//!
//! Trusted only when it cannot be wrong: the stamp goes into the new site
//! with its pages (and into its manifest), only if no input changed in the two seconds before the
//! build began (a file edited within a file system's time granularity of
//! the scan could keep its times), and it is used only if the site still
//! holds every file its manifest lists, unmodified since ([`Previous::intact`]).
//! A stamp that is missing, unreadable, truncated or of another digest
//! means a full build; the build that follows writes a new one.

use std::hash::Hasher;
use std::path::Path;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use siphasher::sip128::{Hasher128, SipHasher13};

use super::manifest::{Previous, STAMP};
use crate::config::Config;

const VERSION: u32 = 1;
/// The vault's Obsidian settings that change a site.
const OBSIDIAN_SETTINGS: [&str; 2] = [".obsidian/templates.json", ".obsidian/app.json"];
/// Inputs changed this close before a build began are not trusted to show
/// their change in their times.
pub(crate) const SETTLED: Duration = Duration::from_secs(2);

/// A build's inputs, summed up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    digest: u128,
    /// The latest modification or change time of any input file.
    newest: SystemTime,
}

/// What the stamp keeps: the inputs' digest, and the counts the build
/// reported, to be reported again. Counts only: the stamp is published
/// with the site, so it holds no path and no message (a warning may name a
/// note left out of the site).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    version: u32,
    inputs: String,
    /// The publication summary (`published N notes and M attachments; …`).
    pub published: String,
    /// The check's summary line, uncoloured (`N errors, M warnings in …`),
    /// when it found anything.
    pub findings: Option<String>,
    /// How many warnings the build printed.
    pub warnings: usize,
    pub pages: usize,
    pub broken_links: usize,
}

impl Inputs {
    /// Sum up the inputs of a build of `config`; `extra` is whatever else
    /// the build's output follows from (the commit git has checked out,
    /// the working folder its messages' paths are relative to).
    pub fn scan(config: &Config, extra: Option<&str>) -> Inputs {
        let mut sum = Sum::default();
        sum.text(concat!("phasebook ", env!("CARGO_PKG_VERSION")));
        if let Some(exe) = std::env::current_exe().ok().and_then(|e| e.metadata().ok()) {
            sum.metadata(&exe);
        }
        // Where the site goes is not what it says: two builds of one vault
        // into two folders keep the same stamp, as they make the same site;
        // nor is where the note cache is, or whether there is one.
        let mut said = config.clone();
        said.build_dir = std::path::PathBuf::new();
        said.cache_dir = None;
        sum.text(&format!("{said:?}"));
        sum.text(extra.unwrap_or("-"));
        let mut files = 0usize;
        let outcome = crate::vault::discover::walk(
            &config.vault_dir,
            &crate::vault::walk_options(config),
            |source| {
                files += 1;
                sum.text(&source.path);
                sum.text(source.real_path.as_deref().unwrap_or(""));
                match std::fs::metadata(&source.abs) {
                    Ok(meta) => sum.metadata(&meta),
                    Err(err) => sum.text(&err.to_string()),
                }
            },
        );
        sum.text(&format!("{files} {outcome:?}"));
        sum.outside_the_vault(config);
        Inputs {
            digest: sum.hasher.finish128().as_u128(),
            newest: sum.newest,
        }
    }

    fn hex(&self) -> String {
        format!("{:032x}", self.digest)
    }
}

/// The running digest, and the newest time seen (also `super::reuse`'s).
pub(crate) struct Sum {
    hasher: SipHasher13,
    newest: SystemTime,
}

impl Default for Sum {
    fn default() -> Sum {
        Sum {
            hasher: SipHasher13::new_with_keys(0x7068_6173_6562_6f6f, 0x6b2d_696e_7075_7473),
            newest: SystemTime::UNIX_EPOCH,
        }
    }
}

impl Sum {
    /// The digest so far, and the newest time seen.
    pub(crate) fn finish(&self) -> (u128, SystemTime) {
        (self.hasher.finish128().as_u128(), self.newest)
    }

    /// A file by its metadata, or why it has none.
    pub(crate) fn file(&mut self, path: &Path) {
        match std::fs::metadata(path) {
            Ok(meta) => self.metadata(&meta),
            Err(err) => self.text(&err.kind().to_string()),
        }
    }

    /// The files a build reads that the vault's walk does not hand on, by
    /// their metadata: the theme folder's, `[output.html]`
    /// `additional-css`/`-js` (copied into the site from outside the
    /// vault), and the Obsidian settings a build reads (the walk skips
    /// dot-entries): the template folder (what is left out) and `app.json`
    /// (strict line breaks).
    pub(crate) fn outside_the_vault(&mut self, config: &Config) {
        if let Some(theme) = &config.site.templates {
            for entry in walkdir::WalkDir::new(theme).sort_by_file_name() {
                match entry.and_then(|e| Ok((e.metadata()?, e))) {
                    Ok((meta, entry)) => {
                        self.text(&entry.path().to_string_lossy());
                        self.metadata(&meta);
                    }
                    Err(err) => self.text(&err.to_string()),
                }
            }
        }
        let additional = (config.site.additional_css.iter()).chain(&config.site.additional_js);
        for file in additional {
            self.file(&file.source);
        }
        for file in OBSIDIAN_SETTINGS {
            self.text(file);
            self.file(&config.vault_dir.join(file));
        }
    }

    /// A string, length first, so that no two sequences run together.
    pub(crate) fn text(&mut self, text: &str) {
        self.hasher.write_u64(text.len() as u64);
        self.hasher.write(text.as_bytes());
    }

    pub(crate) fn metadata(&mut self, meta: &std::fs::Metadata) {
        use std::os::unix::fs::MetadataExt;
        self.hasher.write_u64(meta.len());
        for (secs, nanos) in [
            (meta.mtime(), meta.mtime_nsec()),
            (meta.ctime(), meta.ctime_nsec()),
        ] {
            self.hasher.write_i64(secs);
            self.hasher.write_i64(nanos);
            let at = SystemTime::UNIX_EPOCH
                + Duration::from_secs(secs.max(0) as u64)
                + Duration::from_nanos(nanos.max(0) as u64);
            self.newest = self.newest.max(at);
        }
        self.hasher.write_u64(meta.ino());
        self.hasher.write_u64(meta.dev());
    }
}

impl Stamp {
    /// What a build reported: the publication summary, the check's summary
    /// line if any, and (warnings, pages, broken links).
    pub fn new(published: String, findings: Option<String>, made: (usize, usize, usize)) -> Stamp {
        let (warnings, pages, broken_links) = made;
        Stamp {
            version: VERSION,
            inputs: String::new(),
            published,
            findings,
            warnings,
            pages,
            broken_links,
        }
    }

    /// The stamp of the site in `build_dir`, if it was made from exactly
    /// `inputs` and the site is as that build left it.
    pub fn fresh(build_dir: &Path, inputs: &Inputs) -> Option<Stamp> {
        let text = std::fs::read(build_dir.join(STAMP)).ok()?;
        let stamp: Stamp = serde_json::from_slice(&text).ok()?;
        let intact = || Previous::load(build_dir).is_some_and(|p| p.intact(build_dir));
        (stamp.version == VERSION && stamp.inputs == inputs.hex() && intact()).then_some(stamp)
    }

    /// This stamp as the file the site keeps, for a build of `inputs`,
    /// scanned before a build that began at `began`; none when an input had
    /// changed too shortly before (its times may not show a change made in
    /// the same tick). The build puts it in the new site before the site
    /// is swapped in, so the two are in place together or not at all.
    pub fn bytes(mut self, inputs: &Inputs, began: SystemTime) -> Option<Vec<u8>> {
        let settled = inputs
            .newest
            .checked_add(SETTLED)
            .is_some_and(|t| t <= began);
        if !settled {
            return None;
        }
        self.inputs = inputs.hex();
        serde_json::to_vec(&self).ok()
    }
}
