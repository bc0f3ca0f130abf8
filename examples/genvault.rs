//! Synthetic vault generator for the benchmark harness (`bench/run.sh`).
//!
//! ```text
//! cargo run --release --example genvault -- --notes 10000 --seed 42 --out target/bench/vault
//! ```
//!
//! Why a generator rather than a checked-in corpus: the benchmarks need vaults of
//! 1k–100k notes (up to ~600 MB), far too big to commit, and they must be the
//! same on every machine so timings are comparable. Everything written is a pure
//! function of `(--notes, --seed)`: each note draws from its own PRNG stream keyed
//! by its number, so the rayon thread schedule cannot change a byte, and the same
//! arguments always produce a byte-identical tree.
//!
//! What the vault exercises (so the benchmark measures the real work, not a
//! trivially clean input):
//! - `wfNN/phases/0K-wfNN-<slug>.md`: six phase documents per workflow (one
//!   workflow per ~500 notes) in the seeds' layout — H1, blank line, *then* the
//!   YAML frontmatter — with a `previous_phase`/`next_phase` cycle (06 → 01),
//!   `artifacts` naming real notes (~2 % missing), entry/exit criteria, gates and
//!   grouped checklists whose checked state follows the workflow's progress.
//! - `areaNN[/topicT[/subS]]/note-NNNNN.md`: ordinary 3–8 KB notes, most with a
//!   top-of-file frontmatter, `##`/`###` headings, paragraphs, lists, tasks,
//!   block ids and 10–20 links in every form Obsidian knows: `[[n]]`, `[[n|d]]`,
//!   `[[n#Heading]]`, `[[n#^blk-K]]`, `![[n]]`, `[[folder/path/n]]` and relative
//!   Markdown links. Heading texts and block counts are derived from the target's
//!   note number, so heading and block links resolve. About 2 % of links name
//!   notes that do not exist, and some `[[…]]` sit inside code spans and fenced
//!   code blocks, where they are not links (they name missing notes too, so a
//!   linter that extracts them would over-report).
//!
//! The counts a correct linter should find are written to `DIR/.genvault.json`
//! (a dot-file, so not part of the vault), last, so its presence also marks a
//! complete generation.

use anyhow::{Context, Result, bail};
use clap::Parser;
use rayon::prelude::*;
use std::collections::{BTreeSet, VecDeque};
use std::fmt::Write as _;
use std::ops::AddAssign;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Bumped whenever the generated content changes, so stale vaults are noticed.
const FORMAT_VERSION: u32 = 1;
/// Name of the statistics / completion stamp written into the output folder.
const STAMP: &str = ".genvault.json";
/// Topic folders per area and sub-folders per topic (depth 2 and 3).
const TOPICS: usize = 8;
const SUBS: usize = 4;

#[derive(Parser)]
#[command(about = "Write a deterministic synthetic Obsidian vault of phase documents")]
struct Args {
    /// Total number of Markdown files (phase documents included).
    #[arg(long)]
    notes: usize,
    /// PRNG seed: the same notes + seed give a byte-identical tree.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Output folder. Must be absent, empty, or an earlier genvault output
    /// (which is replaced).
    #[arg(long)]
    out: PathBuf,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let start = Instant::now();
    let layout = Layout::new(args.notes, args.seed)?;
    prepare_out(&args.out)?;

    // Create every folder up front (serially, it is cheap) so the parallel
    // writers never race on create_dir_all.
    let mut dirs = BTreeSet::new();
    for w in 0..layout.workflows {
        dirs.insert(format!("wf{w:02}/phases"));
    }
    for j in 0..layout.ordinary {
        dirs.insert(layout.note_dir(j));
    }
    for d in &dirs {
        std::fs::create_dir_all(args.out.join(d)).with_context(|| format!("creating {d}"))?;
    }

    let write = |rel: String, text: String, mut stats: Stats| -> Result<Stats> {
        let path = args.out.join(&rel);
        std::fs::write(&path, &text).with_context(|| format!("writing {}", path.display()))?;
        stats.bytes = text.len() as u64;
        stats.files = 1;
        Ok(stats)
    };
    let phases = (0..layout.workflows * 6)
        .into_par_iter()
        .map(|i| {
            let (text, stats) = layout.phase_doc(i / 6, i % 6);
            write(layout.phase_path(i / 6, i % 6), text, stats)
        })
        .try_reduce(Stats::default, |a, b| Ok(a + b))?;
    let notes = (0..layout.ordinary)
        .into_par_iter()
        .map(|j| {
            let (text, stats) = layout.ordinary_note(j);
            write(layout.note_path(j), text, stats)
        })
        .try_reduce(Stats::default, |a, b| Ok(a + b))?;
    let total = phases + notes;

    let stamp = serde_json::json!({
        "generator": "genvault",
        "format": FORMAT_VERSION,
        "notes": args.notes,
        "seed": args.seed,
        "workflows": layout.workflows,
        "phase_docs": layout.workflows * 6,
        "ordinary_notes": layout.ordinary,
        "folders": dirs.len(),
        "bytes": total.bytes,
        "links": total.links,
        "broken_links": total.broken,
        "frontmatter_links": total.frontmatter_links,
        "missing_artifacts": total.missing_artifacts,
        "code_pseudo_links": total.code_pseudo_links,
        "tasks": total.tasks,
    });
    let stamp = serde_json::to_string_pretty(&stamp)? + "\n";
    std::fs::write(args.out.join(STAMP), stamp).context("writing the stamp")?;

    println!(
        "genvault: {} notes ({} workflows, {} phase docs), {} bytes ({:.1} MB), {} links ({} broken, {} missing artifacts) in {} [{:.2} s]",
        total.files,
        layout.workflows,
        layout.workflows * 6,
        total.bytes,
        total.bytes as f64 / 1e6,
        total.links,
        total.broken,
        total.missing_artifacts,
        args.out.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Makes `out` an empty folder. An earlier genvault output (recognised by its
/// stamp) is removed, so a tree never mixes two generations; any other
/// non-empty folder is refused rather than deleted.
fn prepare_out(out: &Path) -> Result<()> {
    if out.exists() {
        let empty = std::fs::read_dir(out)
            .with_context(|| format!("reading {}", out.display()))?
            .next()
            .is_none();
        if !empty {
            if !out.join(STAMP).exists() {
                bail!(
                    "{} is not empty and was not written by genvault; refusing to replace it",
                    out.display()
                );
            }
            std::fs::remove_dir_all(out).with_context(|| format!("removing {}", out.display()))?;
        }
    }
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))
}

/// Counters summed over all generated files; they become the stamp's figures.
#[derive(Default, Clone, Copy)]
struct Stats {
    files: u64,
    bytes: u64,
    /// Real links in bodies (resolving or not), frontmatter links excluded.
    links: u64,
    /// Body links whose target note does not exist.
    broken: u64,
    /// Quoted `"[[…]]"` frontmatter values (`related`, phase keys, artifacts).
    frontmatter_links: u64,
    /// Frontmatter artifacts naming a note that does not exist.
    missing_artifacts: u64,
    /// `[[…]]` written inside code spans or fenced code: not links.
    code_pseudo_links: u64,
    tasks: u64,
}

impl AddAssign for Stats {
    fn add_assign(&mut self, o: Self) {
        self.files += o.files;
        self.bytes += o.bytes;
        self.links += o.links;
        self.broken += o.broken;
        self.frontmatter_links += o.frontmatter_links;
        self.missing_artifacts += o.missing_artifacts;
        self.code_pseudo_links += o.code_pseudo_links;
        self.tasks += o.tasks;
    }
}

impl std::ops::Add for Stats {
    type Output = Stats;
    fn add(mut self, o: Self) -> Stats {
        self += o;
        self
    }
}

/// splitmix64: tiny, fast, good enough statistically, and — unlike `rand` —
/// ours, so its output can never change under a dependency upgrade.
#[derive(Clone)]
struct Rng(u64);

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// An independent stream per (seed, purpose, item), so any note's
    /// properties can be recomputed from its number alone, in any order.
    fn new(seed: u64, stream: u64, index: usize) -> Self {
        Rng(mix(seed ^ mix(stream ^ mix(index as u64))))
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }
    /// Uniform in `0..n` (Lemire's multiply-shift; bias is negligible here).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// True with probability `per_mille / 1000`.
    fn chance(&mut self, per_mille: usize) -> bool {
        self.below(1000) < per_mille
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

// PRNG stream identifiers: one per independent property.
const S_DIR: u64 = 1;
const S_HEADINGS: u64 = 2;
const S_BODY: u64 = 3;
const S_PHASE_NAME: u64 = 4;
const S_PHASE_BODY: u64 = 5;
const S_WORKFLOW: u64 = 6;
const S_BLOCKS: u64 = 7;

/// Phase slots: each workflow picks one (slug, Name) per position.
#[rustfmt::skip]
const PHASES: [&[(&str, &str)]; 6] = [
    &[("plan", "Plan"), ("frame", "Frame"), ("discover", "Discover"), ("intake", "Intake")],
    &[("design", "Design"), ("diagnose", "Diagnose"), ("shape", "Shape")],
    &[("build", "Build"), ("implement", "Implement"), ("prototype", "Prototype")],
    &[("test", "Test"), ("verify", "Verify"), ("monitor", "Monitor")],
    &[("release", "Release"), ("deploy", "Deploy"), ("launch", "Launch")],
    &[("iterate", "Iterate"), ("follow-up", "Follow-up"), ("review", "Review")],
];

#[rustfmt::skip]
const WORDS: &[&str] = &[
    "release", "deployment", "production", "rollback", "canary", "pipeline", "monitoring",
    "alerting", "stakeholder", "baseline", "metric", "incident", "runbook", "escalation",
    "capacity", "latency", "throughput", "budget", "schedule", "milestone", "requirement",
    "design", "review", "approval", "validation", "verification", "test", "coverage",
    "regression", "integration", "contract", "interface", "schema", "migration", "database",
    "backup", "recovery", "disaster", "failover", "cluster", "region", "network", "gateway",
    "service", "endpoint", "client", "server", "cache", "queue", "worker", "scheduler",
    "config", "feature", "flag", "rollout", "traffic", "routing", "balancer", "certificate",
    "security", "audit", "compliance", "policy", "access", "permission", "token", "secret",
    "vault", "handbook", "workflow", "phase", "gate", "criteria", "checklist", "artifact",
    "report", "dashboard", "signal", "trend", "anomaly", "threshold", "objective", "outcome",
    "user", "customer", "partner", "support", "training", "documentation", "guide", "template",
    "pattern", "practice", "lesson", "retrospective", "iteration", "backlog", "priority",
    "estimate", "risk", "mitigation", "dependency", "vendor", "license", "cost", "team",
    "owner", "reviewer", "operator", "on-call", "handover", "communication", "status", "update",
    "change", "window", "freeze", "hotfix", "patch", "version", "branch", "build", "artifact",
    "registry", "image", "container", "node", "volume", "storage", "index", "search", "query",
    "report", "export", "import", "sync", "event", "stream", "batch", "job", "task", "plan",
    "scope", "goal", "constraint", "assumption", "decision", "record",
];

#[rustfmt::skip]
const VERBS: &[&str] = &[
    "validates", "tracks", "covers", "describes", "extends", "replaces", "summarises",
    "documents", "links", "blocks", "unblocks", "supersedes", "informs", "drives", "limits",
];

#[rustfmt::skip]
const TAGS: &[&str] = &[
    "ops", "release", "design", "testing", "security", "runbook", "howto", "reference",
    "meeting", "decision", "draft", "archive", "infra", "frontend", "backend", "data",
];

const LANGS: &[&str] = &["bash", "yaml", "markdown", "text", "json"];

fn title_case(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Where every note lives and what it contains, as pure functions of the note
/// number: generating note A can ask for note B's folder, headings and block
/// count without B having been generated.
struct Layout {
    seed: u64,
    workflows: usize,
    ordinary: usize,
    areas: usize,
}

impl Layout {
    fn new(notes: usize, seed: u64) -> Result<Self> {
        let workflows = ((notes + 250) / 500).max(1);
        let ordinary = notes.saturating_sub(workflows * 6);
        if ordinary < 10 {
            bail!(
                "--notes must be at least {} (six phase docs + ten notes)",
                workflows * 6 + 10
            );
        }
        // ~1000 notes per area keeps folders around 25 notes each at any size.
        let areas = (ordinary / 1000).clamp(2, 100);
        Ok(Layout {
            seed,
            workflows,
            ordinary,
            areas,
        })
    }

    fn rng(&self, stream: u64, index: usize) -> Rng {
        Rng::new(self.seed, stream, index)
    }

    fn note_name(j: usize) -> String {
        format!("note-{j:05}")
    }

    /// Folder of ordinary note `j`, depth 1–3.
    fn note_dir(&self, j: usize) -> String {
        let mut r = self.rng(S_DIR, j);
        let area = r.below(self.areas);
        let depth = r.pick(&[1, 2, 2, 3, 3]);
        let topic = r.below(TOPICS);
        let sub = r.below(SUBS);
        match depth {
            1 => format!("area{area:02}"),
            2 => format!("area{area:02}/topic{topic}"),
            _ => format!("area{area:02}/topic{topic}/sub{sub}"),
        }
    }

    fn note_path(&self, j: usize) -> String {
        format!("{}/{}.md", self.note_dir(j), Self::note_name(j))
    }

    /// The `(level, text)` of note `j`'s section headings, in order.
    fn headings(&self, j: usize) -> Vec<(usize, String)> {
        let mut r = self.rng(S_HEADINGS, j);
        let n = r.range(4, 8);
        (0..n)
            .map(|k| {
                let level = if k == 0 || r.chance(550) { 2 } else { 3 };
                let words = r.range(2, 3);
                let text: Vec<String> = (0..words).map(|_| title_case(r.pick(WORDS))).collect();
                (level, text.join(" "))
            })
            .collect()
    }

    /// Note `j` declares block ids `^blk-1 ..= ^blk-{blocks(j)}`.
    /// At most 3, so never more than the sections (>= 4) that carry them.
    fn blocks(&self, j: usize) -> usize {
        self.rng(S_BLOCKS, j).range(1, 3)
    }

    fn phase_slot(&self, w: usize, k: usize) -> (&'static str, &'static str) {
        self.rng(S_PHASE_NAME, w * 6 + k).pick(PHASES[k])
    }

    /// File stem, unique across the vault: `03-wf07-build`.
    fn phase_stem(&self, w: usize, k: usize) -> String {
        format!("{:02}-wf{w:02}-{}", k + 1, self.phase_slot(w, k).0)
    }

    fn phase_path(&self, w: usize, k: usize) -> String {
        format!("wf{w:02}/phases/{}.md", self.phase_stem(w, k))
    }

    /// A note other than `src`: mostly uniform, sometimes a close neighbour,
    /// which gives the link graph some locality.
    fn other_note(&self, r: &mut Rng, src: usize) -> usize {
        let m = self.ordinary;
        let t = if r.chance(300) {
            (src + m + r.range(1, 50) - 25) % m
        } else {
            r.below(m)
        };
        if t == src { (t + 1) % m } else { t }
    }

    /// Generates one body link from note `src` (in folder `src_dir`), choosing
    /// among all link forms; about 2 % are broken.
    fn link(&self, r: &mut Rng, src: usize, src_dir: &str, st: &mut Stats) -> String {
        st.links += 1;
        let roll = r.below(1000);
        if roll < 20 {
            st.broken += 1;
            let ghost = format!("ghost-{:06}", r.below(1_000_000));
            return match r.below(3) {
                0 => format!("[[{ghost}]]"),
                1 => format!("[[{ghost}|{}]]", title_case(r.pick(WORDS))),
                _ => format!(
                    "[{}]({})",
                    r.pick(WORDS),
                    relative(src_dir, &format!("area00/{ghost}.md"))
                ),
            };
        }
        if roll < 50 {
            let (w, k) = (r.below(self.workflows), r.below(6));
            let stem = self.phase_stem(w, k);
            return match r.below(3) {
                0 => format!("[[{stem}]]"),
                1 => format!("[[{stem}#Exit Criteria]]"),
                _ => format!("[[{stem}|{} Phase]]", self.phase_slot(w, k).1),
            };
        }
        let t = self.other_note(r, src);
        let name = Self::note_name(t);
        match roll {
            50..=229 => format!("[[{name}]]"),
            230..=379 => format!("[[{name}|{} {}]]", title_case(r.pick(WORDS)), r.pick(WORDS)),
            380..=529 => {
                let hs = self.headings(t);
                format!("[[{name}#{}]]", hs[r.below(hs.len())].1)
            }
            530..=629 => format!("[[{name}#^blk-{}]]", r.range(1, self.blocks(t))),
            630..=699 => format!("![[{name}]]"),
            700..=819 => format!("[[{}/{name}]]", self.note_dir(t)),
            _ => format!(
                "[{} {}]({})",
                title_case(r.pick(WORDS)),
                r.pick(WORDS),
                relative(src_dir, &self.note_path(t))
            ),
        }
    }

    /// An ordinary 3–8 KB note.
    fn ordinary_note(&self, j: usize) -> (String, Stats) {
        let mut r = self.rng(S_BODY, j);
        let dir = self.note_dir(j);
        let headings = self.headings(j);
        let blocks = self.blocks(j);
        let target = r.range(3300, 7300);
        let mut st = Stats::default();
        let mut out = String::with_capacity(target + 1024);

        if r.chance(850) {
            out.push_str("---\ntags: [");
            let n = r.range(1, 4);
            for i in 0..n {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(r.pick(TAGS));
            }
            out.push_str("]\n");
            if r.chance(300) {
                let _ = writeln!(
                    out,
                    "aliases: [\"{} {j}\", \"{} {}\"]",
                    title_case(r.pick(WORDS)),
                    title_case(r.pick(WORDS)),
                    r.pick(WORDS)
                );
            }
            let _ = writeln!(out, "status: {}", r.pick(&["draft", "review", "final"]));
            if r.chance(200) {
                st.frontmatter_links += 1;
                let _ = writeln!(
                    out,
                    "related: \"[[{}]]\"",
                    Self::note_name(self.other_note(&mut r, j))
                );
            }
            out.push_str("---\n");
        }
        let _ = writeln!(
            out,
            "# {} {}\n",
            title_case(r.pick(WORDS)),
            title_case(r.pick(WORDS))
        );

        let nlinks = r.range(10, 20);
        let mut links: VecDeque<String> = (0..nlinks)
            .map(|_| self.link(&mut r, j, &dir, &mut st))
            .collect();
        let mut g = Gen { r, out, st };
        for (k, (level, text)) in headings.iter().enumerate() {
            let start = g.out.len();
            // Re-split what is left of the target each time, so an earlier
            // section's overshoot is absorbed by the later ones.
            let budget = target.saturating_sub(start) / (headings.len() - k);
            let _ = writeln!(g.out, "{} {text}\n", "#".repeat(*level));
            // Spread links evenly over sections; the last section takes the rest.
            let take = if k + 1 == headings.len() {
                links.len()
            } else {
                nlinks / headings.len()
            };
            let mut section: VecDeque<String> = links.drain(..take.min(links.len())).collect();
            let block = (k < blocks).then_some(k + 1);
            g.paragraph(&mut section, block);
            // Stop while still about half a block short of the budget, so the
            // note lands near its target size instead of always overshooting.
            while g.out.len() - start + 200 < budget {
                match g.r.below(20) {
                    0..=9 => g.paragraph(&mut section, None),
                    10..=12 => g.list(&mut section, false),
                    13..=15 => g.list(&mut section, true),
                    16..=17 => g.numbered(&mut section),
                    18 => g.quote(&mut section),
                    _ => g.code_block(),
                }
            }
            if !section.is_empty() {
                g.link_paragraph(&mut section);
            }
        }
        // Top up a note that came out under 3 KB (it stays in the last section).
        while g.out.len() < 3000 {
            g.paragraph(&mut VecDeque::new(), None);
        }
        (g.out, g.st)
    }

    /// Phase document `k` (0-based) of workflow `w`, in the seeds' layout.
    fn phase_doc(&self, w: usize, k: usize) -> (String, Stats) {
        let mut r = self.rng(S_PHASE_BODY, w * 6 + k);
        // The workflow's progress: earlier phases done, the current one partly
        // checked, later ones untouched, so checklists look like a real project.
        let current = self.rng(S_WORKFLOW, w).below(6);
        let (slug, name) = self.phase_slot(w, k);
        let prev = self.phase_stem(w, (k + 5) % 6);
        let next = self.phase_stem(w, (k + 1) % 6);
        let (next_name, wf) = (self.phase_slot(w, (k + 1) % 6).1, format!("wf{w:02}"));
        let mut st = Stats {
            frontmatter_links: 2,
            ..Stats::default()
        };
        let mut out = String::with_capacity(12_000);

        let artifacts: Vec<String> = (0..r.range(3, 5))
            .map(|i| {
                st.frontmatter_links += 1;
                if r.chance(20) {
                    st.missing_artifacts += 1;
                    format!("missing-artifact-{wf}-{:02}-{i}", k + 1)
                } else {
                    Self::note_name(r.below(self.ordinary))
                }
            })
            .collect();
        let quoted: Vec<String> = artifacts.iter().map(|a| format!("\"[[{a}]]\"")).collect();
        let _ = write!(
            out,
            "# {name} Phase\n\n---\ntags: [{wf}, workflow, phase, {slug}, {}, {}]\nphase: {:02}\n\
             name: \"{name}\"\nprevious_phase: \"[[{prev}]]\"\nnext_phase: \"[[{next}]]\"\n\
             artifacts: [{}]\n---\n\n",
            r.pick(WORDS),
            r.pick(WORDS),
            k + 1,
            quoted.join(", ")
        );

        let mut g = Gen { r, out, st };
        g.out.push_str("## Overview\n\n");
        let mut none = VecDeque::new();
        let mut some: VecDeque<String> = (0..2)
            .map(|_| format!("[[{}]]", Self::note_name(g.r.below(self.ordinary))))
            .collect();
        g.st.links += 2;
        g.paragraph(&mut VecDeque::new(), None);
        g.link_paragraph(&mut some);
        g.out.push_str("## Purpose\n\n");
        g.list(&mut none, false);

        let _ = writeln!(
            g.out,
            "## Entry Criteria\n\nBefore entering the {name} phase, ensure:\n"
        );
        let entry = if k < current {
            0
        } else if k == current {
            150
        } else {
            1000
        };
        g.checklist(entry);

        g.out.push_str("## Key Activities\n\n");
        for a in 1..=g.r.range(3, 4) {
            let p = g.phrase(2, 4);
            let _ = writeln!(g.out, "### {a}. {p}\n");
            g.list(&mut none, false);
        }

        g.out
            .push_str("## Artifacts Produced\n\n### Primary Artifacts\n\n");
        for a in &artifacts {
            g.st.links += 1;
            if a.starts_with("missing-") {
                g.st.broken += 1;
            }
            let p = g.phrase(4, 8);
            let _ = writeln!(g.out, "- **[[{a}]]** - {p}");
        }
        g.out.push('\n');

        let _ = writeln!(
            g.out,
            "## Exit Criteria\n\nThe {name} phase is complete when:\n"
        );
        let exit = if k < current {
            0
        } else if k == current {
            600
        } else {
            1000
        };
        g.checklist(exit);

        let _ = writeln!(g.out, "## {name} Validation Requirements\n");
        for _ in 0..g.r.range(2, 3) {
            let p = g.phrase(1, 2);
            let _ = writeln!(g.out, "### {p} Gate\n");
            g.checklist(exit);
        }

        g.out.push_str("## DDX Integration\n\n```bash\n");
        for _ in 0..g.r.range(2, 4) {
            let _ = writeln!(g.out, "ddx apply patterns/{slug}/{}", g.r.pick(WORDS));
        }
        g.out
            .push_str("```\n\n## Production Readiness Checklist\n\n");
        for group in ["Infrastructure", "Security", "Operations"] {
            let _ = writeln!(g.out, "### {group}\n");
            g.checklist(exit);
        }

        g.out.push_str("## Common Challenges and Solutions\n\n");
        for _ in 0..g.r.range(2, 3) {
            let p = g.phrase(2, 3);
            let _ = writeln!(g.out, "### Challenge: {p}\n\n**Solutions:**");
            g.list(&mut none, false);
        }
        g.st.links += 1;
        let _ = write!(
            g.out,
            "## Next Phase\n\nUpon successful completion of the {name} phase, proceed to \
             **[[{next}|{next_name} Phase]]** where the work continues.\n\n---\n\n\
             *This document is part of the {wf} workflow.*\n"
        );
        (g.out, g.st)
    }
}

/// The relative path from folder `from_dir` to vault path `to`, both
/// vault-relative and `/`-separated, as a Markdown link would spell it.
fn relative(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = to.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = "../".repeat(from.len() - common);
    out.push_str(&to[common..].join("/"));
    out
}

/// Block-level text writer for one note.
struct Gen {
    r: Rng,
    out: String,
    st: Stats,
}

impl Gen {
    /// `lo..=hi` title-cased words.
    fn phrase(&mut self, lo: usize, hi: usize) -> String {
        let n = self.r.range(lo, hi);
        let words: Vec<String> = (0..n).map(|_| title_case(self.r.pick(WORDS))).collect();
        words.join(" ")
    }

    /// One sentence with occasional inline markup, appended to `out`.
    fn sentence(&mut self) {
        let n = self.r.range(7, 16);
        for i in 0..n {
            let w = self.r.pick(WORDS);
            let sep = if i == 0 { "" } else { " " };
            match self.r.below(40) {
                0 => {
                    let _ = write!(self.out, "{sep}**{w}**");
                }
                1 => {
                    let _ = write!(self.out, "{sep}*{w}*");
                }
                2 => {
                    let _ = write!(self.out, "{sep}`{w}_{}`", self.r.pick(WORDS));
                }
                _ if i == 0 => self.out.push_str(&title_case(w)),
                _ => {
                    let _ = write!(self.out, "{sep}{w}");
                }
            }
        }
        self.out.push('.');
    }

    /// A sentence carrying `link`, sometimes in bold.
    fn link_sentence(&mut self, link: &str) {
        let verb = self.r.pick(VERBS);
        let _ = match self.r.below(4) {
            0 => write!(self.out, "See {link} for the {}.", self.r.pick(WORDS)),
            1 => write!(self.out, "This {} {link}.", verb),
            2 => write!(self.out, "**{link}** {verb} the {}.", self.r.pick(WORDS)),
            _ => write!(
                self.out,
                "Compare with {link} before the {}.",
                self.r.pick(WORDS)
            ),
        };
    }

    /// A short paragraph carrying all of `links`, so none is left over.
    fn link_paragraph(&mut self, links: &mut VecDeque<String>) {
        self.sentence();
        while let Some(l) = links.pop_front() {
            self.out.push(' ');
            self.link_sentence(&l);
        }
        self.out.push_str("\n\n");
    }

    /// A one-line paragraph taking 0–3 links from `links`; ends with
    /// ` ^blk-N` when `block` is given. Some carry a `[[…]]` in a code span.
    fn paragraph(&mut self, links: &mut VecDeque<String>, block: Option<usize>) {
        let sentences = self.r.range(2, 5);
        let mut nlinks = self.r.range(0, 3).min(links.len());
        for s in 0..sentences {
            if s > 0 {
                self.out.push(' ');
            }
            self.sentence();
            if nlinks > 0
                && let Some(l) = links.pop_front()
            {
                nlinks -= 1;
                self.out.push(' ');
                self.link_sentence(&l);
            }
        }
        if self.r.chance(50) {
            self.st.code_pseudo_links += 1;
            let _ = write!(
                self.out,
                " Write `[[code-sample-{}]]` to link a note.",
                self.r.below(1000)
            );
        }
        if let Some(b) = block {
            let _ = write!(self.out, " ^blk-{b}");
        }
        self.out.push_str("\n\n");
    }

    /// A bullet list (or task list), some items carrying a link.
    fn list(&mut self, links: &mut VecDeque<String>, tasks: bool) {
        for _ in 0..self.r.range(3, 6) {
            self.out.push_str("- ");
            if tasks {
                self.st.tasks += 1;
                self.out
                    .push_str(if self.r.chance(400) { "[x] " } else { "[ ] " });
            }
            let p = self.phrase(3, 7);
            self.out.push_str(&p);
            if self.r.chance(400)
                && let Some(l) = links.pop_front()
            {
                let _ = write!(self.out, " ({l})");
            }
            self.out.push('\n');
        }
        self.out.push('\n');
    }

    fn numbered(&mut self, links: &mut VecDeque<String>) {
        for i in 1..=self.r.range(3, 5) {
            let p = self.phrase(1, 2);
            let _ = write!(self.out, "{i}. **{p}**: ");
            self.sentence();
            if self.r.chance(300)
                && let Some(l) = links.pop_front()
            {
                let _ = write!(self.out, " {l}");
            }
            self.out.push('\n');
        }
        self.out.push('\n');
    }

    fn quote(&mut self, links: &mut VecDeque<String>) {
        self.out.push_str("> ");
        self.sentence();
        if let Some(l) = links.pop_front() {
            self.out.push(' ');
            self.link_sentence(&l);
        }
        self.out.push_str("\n\n");
    }

    /// A fenced block whose `[[…]]` must not be read as links.
    fn code_block(&mut self) {
        let _ = writeln!(self.out, "```{}", self.r.pick(LANGS));
        for _ in 0..self.r.range(2, 5) {
            if self.r.chance(250) {
                self.st.code_pseudo_links += 2;
                let _ = writeln!(
                    self.out,
                    "see [[code-sample-{}]] and ![[code-sample-embed]]",
                    self.r.below(1000)
                );
            } else {
                let _ = writeln!(
                    self.out,
                    "{} --{}={}",
                    self.r.pick(WORDS),
                    self.r.pick(WORDS),
                    self.r.below(100)
                );
            }
        }
        self.out.push_str("```\n\n");
    }

    /// 4–8 checklist items; each is open with probability `open / 1000`.
    fn checklist(&mut self, open: usize) {
        for _ in 0..self.r.range(4, 8) {
            self.st.tasks += 1;
            let mark = match (self.r.chance(open), self.r.chance(50)) {
                (true, _) => " ",
                (false, true) => "X",
                (false, false) => "x",
            };
            let p = self.phrase(4, 8);
            let _ = writeln!(self.out, "- [{mark}] {p}");
        }
        self.out.push('\n');
    }
}
