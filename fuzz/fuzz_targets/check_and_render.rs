//! Up to four notes (the input split at 0xFF bytes) indexed, resolved,
//! linted and rendered to HTML in memory: the resolver, every rule, the
//! readiness report and the site's event rewriting. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phasebook::config::Config;
use phasebook::phases::Phases;
use phasebook::site::plan::{SiteMap, heading_ids};
use phasebook::site::render::Renderer;
use phasebook::vault::discover::SourceFile;
use phasebook::vault::{Note, ParseOptions, Vault};
use phasebook::{lint, readiness};

const NAMES: [&str; 4] = ["a.md", "b.md", "sub/c.md", "sub/Phase 01.md"];

/// Built once: its patterns cost more to compile than a small vault to check.
static CONFIG: std::sync::LazyLock<Option<Config>> = std::sync::LazyLock::new(|| {
    Config::for_vault(std::path::Path::new("/"), std::path::Path::new("/")).ok()
});

fuzz_target!(|data: &[u8]| {
    let parts: Vec<&[u8]> = data.split(|&b| b == 0xFF).take(NAMES.len()).collect();
    let sources: Vec<SourceFile> = (0..parts.len())
        .map(|i| SourceFile {
            path: NAMES[i].to_string(),
            abs: std::path::PathBuf::from("/nonexistent").join(NAMES[i]),
            is_markdown: true,
            real_path: None,
        })
        .collect();
    let parsed: Vec<Option<Note>> = parts
        .iter()
        .zip(&sources)
        .map(|(bytes, source)| {
            Some(Note::from_bytes(
                source.path.clone(),
                bytes.to_vec(),
                ParseOptions::default(),
            ))
        })
        .collect();
    let vault = Vault::build("/nonexistent".into(), sources, parsed, Vec::new());
    let Some(config) = CONFIG.as_ref() else {
        return;
    };
    let phases = Phases::build(&vault, config);
    let _ = lint::run(&vault, config, &phases);
    let _ = readiness::report(&vault, config, &phases);
    let map = SiteMap {
        note_pages: vault
            .notes
            .iter()
            .map(|n| Some(format!("{}.html", n.path.trim_end_matches(".md"))))
            .collect(),
        file_outputs: vault
            .files
            .iter()
            .map(|f| Some(format!("{}.html", f.path.trim_end_matches(".md"))))
            .collect(),
        heading_ids: vault
            .notes
            .iter()
            .map(|n| heading_ids(n.headings.iter().map(|h| h.text.as_str())))
            .collect(),
        tags: Default::default(),
    };
    for allow_raw_html in [false, true] {
        let renderer = Renderer {
            vault: &vault,
            map: &map,
            allow_raw_html,
            // Both ways across the two passes.
            strict_line_breaks: allow_raw_html,
            highlighted: Default::default(),
        };
        for id in 0..vault.notes.len() {
            let _ = renderer.note(id);
        }
    }
});
