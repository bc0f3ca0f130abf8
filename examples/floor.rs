//! The performance floor for `phasebook` on a vault.
//!
//! ```text
//! cargo run --release --example floor -- DIR                 # walk + read + parse
//! cargo run --release --example floor -- DIR --render OUTDIR # walk + read + render + write
//! ```
//!
//! Why: any `phasebook check` must at least find every note, read it and run a
//! Markdown parser over it, and any `phasebook build` must at least render
//! every note to HTML and write it. This program does exactly that and nothing
//! else, with the same building blocks (walkdir, rayon, pulldown-cmark), so
//! `bench/run.sh` can report phasebook's time as a ratio to this floor: a ratio
//! near 1 means the extra work (index, resolution, rules, templates) is cheap;
//! a large ratio points at overhead worth profiling.
//!
//! Threads come from rayon's global pool, so `RAYON_NUM_THREADS` controls them
//! exactly as it does for phasebook.

use anyhow::{Context, Result};
use clap::Parser;
use pulldown_cmark::{Options, Parser as Markdown};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;
use walkdir::WalkDir;

#[derive(Parser)]
#[command(about = "Read and parse (or render) every note of a vault: the time to beat")]
struct Args {
    /// Vault folder to walk (dot-prefixed files and folders are skipped).
    dir: PathBuf,
    /// Render each note to HTML into this folder, mirroring the vault's paths,
    /// instead of only parsing.
    #[arg(long, value_name = "OUTDIR")]
    render: Option<PathBuf>,
}

/// Obsidian-flavoured parsing: GFM tables, task lists, strikethrough,
/// footnotes, top-of-file YAML frontmatter and `[[wikilinks]]` — the features
/// phasebook's own parser configuration will need, so the floor does the same
/// parsing work rather than a cheaper subset.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_WIKILINKS
}

fn main() -> Result<()> {
    let args = Args::parse();
    let start = Instant::now();
    let files = discover(&args.dir)?;
    let walked = start.elapsed().as_secs_f64();

    let (bytes, units, unit) = match &args.render {
        None => {
            let (bytes, events) = files
                .par_iter()
                .map(|rel| -> Result<(u64, u64)> {
                    let text = read(&args.dir, rel)?;
                    let events = Markdown::new_ext(&text, options()).count() as u64;
                    Ok((text.len() as u64, events))
                })
                .try_reduce(|| (0, 0), |a, b| Ok((a.0 + b.0, a.1 + b.1)))?;
            (bytes, events, "events")
        }
        Some(out) => {
            let (bytes, html) = render(&args.dir, out, &files)?;
            (bytes, html, "HTML bytes")
        }
    };

    let secs = start.elapsed().as_secs_f64();
    println!(
        "floor {}: {} files, {} bytes ({:.1} MB), {units} {unit}, {secs:.3} s (walk {walked:.3} s), \
         {:.0} notes/s, {:.1} MB/s",
        if args.render.is_some() {
            "render"
        } else {
            "parse"
        },
        files.len(),
        bytes,
        bytes as f64 / 1e6,
        files.len() as f64 / secs,
        bytes as f64 / 1e6 / secs,
    );
    Ok(())
}

/// Vault-relative paths of all `.md` files, sorted, skipping dot-prefixed
/// entries (`.obsidian`, `.trash`, the generator's stamp) like Obsidian does.
fn discover(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let walk = WalkDir::new(dir).sort_by_file_name().into_iter();
    for entry in
        walk.filter_entry(|e| e.depth() == 0 || !e.file_name().as_encoded_bytes().starts_with(b"."))
    {
        let entry = entry.with_context(|| format!("walking {}", dir.display()))?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
            files.push(entry.path().strip_prefix(dir)?.to_path_buf());
        }
    }
    Ok(files)
}

fn read(dir: &Path, rel: &Path) -> Result<String> {
    let path = dir.join(rel);
    std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
}

/// Renders every note to `out/<rel>.html`; returns (Markdown bytes, HTML bytes).
fn render(dir: &Path, out: &Path, files: &[PathBuf]) -> Result<(u64, u64)> {
    // Create the folders first, serially, so writers never race on them.
    let dirs: BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|f| f.parent().map(|p| out.join(p)))
        .collect();
    for d in dirs.iter().chain(std::iter::once(&out.to_path_buf())) {
        std::fs::create_dir_all(d).with_context(|| format!("creating {}", d.display()))?;
    }
    files
        .par_iter()
        .map(|rel| -> Result<(u64, u64)> {
            let text = read(dir, rel)?;
            let mut html = String::with_capacity(text.len() * 3 / 2);
            pulldown_cmark::html::push_html(&mut html, Markdown::new_ext(&text, options()));
            let dest = out.join(rel).with_extension("html");
            std::fs::write(&dest, &html).with_context(|| format!("writing {}", dest.display()))?;
            Ok((text.len() as u64, html.len() as u64))
        })
        .try_reduce(|| (0, 0), |a, b| Ok((a.0 + b.0, a.1 + b.1)))
}
