//! What a page is made from besides the notes: summed up, so that a record
//! made of other inputs is not used.

use std::path::PathBuf;
use std::time::SystemTime;

use super::Inputs;
use crate::site::fresh::Sum;

/// A digest of everything a page is made from besides the notes' parses
/// and texts, and the newest time of the files it took by their times.
pub(super) fn environment(inputs: &Inputs<'_>) -> (u128, SystemTime) {
    let (vault, config) = (inputs.vault, inputs.config);
    let mut sum = Sum::default();
    sum.text(concat!("phasebook ", env!("CARGO_PKG_VERSION")));
    // Where the site and the cache go is not what the pages say.
    let mut said = config.clone();
    said.build_dir = PathBuf::new();
    said.cache_dir = None;
    sum.text(&format!("{said:?}"));
    for file in &vault.files {
        sum.text(&file.path);
        sum.text(file.real_path.as_deref().unwrap_or(""));
        // A note is compared by its text and shape; anything else (an
        // image's size shows on the page, a PDF's pages are counted) by
        // its times.
        if file.note.is_none() {
            sum.file(&file.abs);
        }
    }
    sum.text(&format!("{:?}{:?}", vault.walk_problems, vault.scope));
    sum.outside_the_vault(config);
    let mut dates: Vec<_> = inputs.last_changed.iter().collect();
    dates.sort_unstable();
    sum.text(&format!("{dates:?}{:?}", inputs.history));
    sum.finish()
}
