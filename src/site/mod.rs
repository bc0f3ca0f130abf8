//! `phasebook build`: the vault as a static handbook site.
//!
//! A build is a short list of named stages, as zola's `Site::build` is
//! ([`Build::run`] reads as that list), each a module whose doc comment
//! says what it takes and gives:
//!
//! 1. [`scoped`]: the phases and readiness of the published notes;
//! 2. [`plan`]: where every output goes, before anything is rendered;
//! 3. [`shared`]: what every page shares (properties, backlinks, tags,
//!    navigation, workflows, the template context);
//! 4. [`sidebar`]: the navigation, once per folder;
//! 5. [`pages`]: each note rendered ([`render`]), indexed, filled, written;
//!    or, when the last build's record says it would come out the same,
//!    taken from the previous site ([`reuse`]);
//! 6. [`search`]: the search index; [`generated`]: the pages no note makes;
//! 7. [`assets`]: theme files, sitemap, attachments;
//! 8. [`output`]: everything goes into a staging folder as it is made, and
//!    the staging folder replaces the site at the end.
//!
//! The vault, the phases and the readiness report are the ones `check` and
//! `readiness` use, so a clean check means a site with no broken link and
//! the readiness page shows the numbers `phasebook readiness` prints.

pub mod assets;
pub mod context;
mod feed;
pub mod fresh;
mod generated;
mod graph;
pub mod manifest;
pub mod output;
mod pages;
pub mod plan;
pub mod render;
mod reuse;
pub mod sanitize;
mod scoped;
pub mod search;
mod shared;
mod sidebar;
pub mod summary;
pub mod svg;
pub mod theme;
pub mod urls;

use std::path::Path;

use anyhow::{Context as _, Result};
use rayon::prelude::*;

use crate::config::Config;
use crate::phases::Phases;
use crate::readiness::WorkflowReadiness;
use crate::timing::lap;
use crate::vault::Vault;
use output::{Output, Staging, WriteStats};
use scoped::Scoped;
use shared::Shared;
use sidebar::Sidebars;
use theme::Theme;

/// What a build produced.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub broken_links: usize,
    pub warnings: Vec<String>,
    pub stats: WriteStats,
    pub search_bytes: usize,
    /// Attachments the scope publishes that the build could not (an SVG
    /// that is not well-formed XML), each named in `warnings`.
    pub dropped_attachments: usize,
}

/// Everything one build needs.
pub struct Build<'a> {
    pub vault: &'a Vault,
    pub config: &'a Config,
    pub phases: &'a Phases,
    pub report: &'a [WorkflowReadiness],
    /// The process exits after this build: leave the plan (every page's
    /// path and heading ids) to the OS rather than free it string by string.
    pub exiting: bool,
    /// What to do when another build is writing the same folder.
    pub when_locked: output::WhenLocked,
    /// Items done over time per workflow, read from git by the command
    /// (empty: no chart).
    pub history: &'a [crate::readiness::WorkflowHistory],
    /// When each note last changed, by vault path (unix time), read from
    /// git by the command (empty outside a repository: no dates).
    pub last_changed: &'a std::collections::HashMap<String, i64>,
    /// The site's stamp (`fresh`), given what the build made (its pages,
    /// broken links, warnings and dropped attachments so far): put into the
    /// new site with its pages. `None`, or `None` returned: no stamp, and
    /// the next build is a full one.
    pub stamp: Option<&'a Stamper<'a>>,
}

/// Makes a site's stamp from what its build made (see [`Build::stamp`]).
pub type Stamper<'a> = dyn Fn(&BuildReport) -> Option<Vec<u8>> + Sync + 'a;

impl Build<'_> {
    /// Render the site and publish it at `out`. `progress(done, total)` is
    /// called as pages are written.
    pub fn run(&self, out: &Path, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<BuildReport> {
        let (vault, config) = (self.vault, self.config);
        let theme = Theme::load(config.site.templates.as_deref())?;
        // Fail before any work if the build folder is not ours to replace.
        // Outputs go into the staging folder as they are made; any error
        // below drops it, and the previous site stays.
        let staging = Staging::open(out, self.when_locked)?;
        let scoped = Scoped::of(vault, config, self.phases, self.report);
        let (home, home_problem) =
            plan::home_note(vault, config.index.as_ref().map(|(i, _)| i.as_str()));
        let plan = plan::plan(vault, home);
        lap("planned");
        let shared = Shared::new(
            vault,
            config,
            &scoped,
            &plan,
            &theme,
            self.history,
            self.last_changed,
        )?;
        lap("shared");
        let sidebars = Sidebars::render(&shared)?;
        lap("sidebars");
        let reuse = reuse::Reuse::prepare(self.inputs(), out, staging.previous_manifest());
        let mut notes = pages::write(&shared, &sidebars, &staging, progress, &reuse)?;
        lap("pages");
        let search_bytes = search::write(std::mem::take(&mut notes.runs), &staging)?;
        lap("search");
        let mut outputs = site_files(&shared, &sidebars, &theme, &notes)?;
        let attachments = assets::attachments(vault, &plan.map);
        outputs.extend(attachments.outputs);
        outputs.par_iter().try_for_each(|o| staging.put(o))?;
        lap("generated");
        let mut warnings = config.warnings.clone();
        warnings.extend(home_problem.and_then(|problem| {
            let (_, place) = config.index.as_ref()?;
            Some(format!("{place}: {problem}; the front page is the default"))
        }));
        warnings.append(&mut notes.warnings);
        warnings.extend(attachments.dropped.iter().cloned());
        let made = BuildReport {
            pages: staging.pages(),
            broken_links: shared.broken_total,
            search_bytes,
            dropped_attachments: attachments.dropped.len(),
            warnings,
            ..BuildReport::default()
        };
        vault.unchanged_on_disk()?; // no page of blanks published
        let report = publish(staging, out, made, self.stamp)?;
        lap("published");
        drop(shared);
        reuse.save(vault, report.stats.manifest, notes.run_files);
        if self.exiting {
            // Left to the OS rather than freed string by string.
            std::mem::forget(plan);
        }
        Ok(report)
    }
}

impl<'a> Build<'a> {
    /// What the pages are made from, for the record of how they were made.
    fn inputs(&self) -> reuse::Inputs<'a> {
        reuse::Inputs {
            vault: self.vault,
            config: self.config,
            last_changed: self.last_changed,
            history: self.history,
        }
    }
}

/// Stage 7, *site files*: what the site has beside the note pages — the
/// generated pages, the sidebar scripts, the link graph, the theme's
/// files, the sitemap and the feed.
fn site_files(
    shared: &Shared<'_>,
    sidebars: &Sidebars,
    theme: &Theme,
    notes: &pages::NotePages,
) -> Result<Vec<Output>> {
    let (vault, map) = (shared.vault, &shared.plan.map);
    let site_url = shared.config.site.site_url.as_deref();
    let mut outputs: Vec<Output> = generated::pages(shared, sidebars, &notes.broken)?;
    outputs.extend(sidebars.scripts());
    outputs.extend(shared.graph.script());
    outputs.extend(assets::theme_files(theme, notes.diagrams));
    outputs.extend(assets::additional_files(&shared.config.site));
    outputs.extend(assets::sitemap(site_url, map));
    outputs.extend(feed::feed(
        vault,
        map,
        site_url,
        (&shared.site.title, &shared.config.authors),
        &notes.summaries,
    ));
    Ok(outputs)
}

/// Stage 8, *publish*: the staging folder replaces the site; what a file
/// browser left in the old one is reported. The site's stamp, if `stamp`
/// makes one from what the build `made`, goes in with it.
fn publish(
    staging: Staging,
    out: &Path,
    mut made: BuildReport,
    stamp: Option<&Stamper<'_>>,
) -> Result<BuildReport> {
    let stamped = match stamp.and_then(|stamp| stamp(&made)) {
        Some(bytes) => {
            staging.put(&Output {
                path: manifest::STAMP.to_string(),
                content: output::Content::Bytes(bytes),
            })?;
            1
        }
        None => 0,
    };
    let clutter = staging.clutter();
    if !clutter.is_empty() {
        made.warnings.push(format!(
            "{}: removed {} file{} a file browser left there ({}): the build replaces the folder whole",
            out.display(),
            clutter.len(),
            if clutter.len() == 1 { "" } else { "s" },
            clutter.join(", ")
        ));
    }
    let stats = staging
        .finish()
        .with_context(|| format!("cannot write the site to {}", out.display()))?;
    Ok(BuildReport {
        // The site's files, as the build reports them: the stamp is the
        // build's own record, there or not as the inputs had settled.
        files: (stats.written + stats.linked).saturating_sub(stamped),
        stats,
        ..made
    })
}
