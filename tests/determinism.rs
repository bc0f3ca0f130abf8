//! Output is byte-identical whatever the thread count.

mod common;

use assert_cmd::Command;

/// A vault big enough for rayon to split work: notes linking to each other,
/// some links broken, some ambiguous, some malformed tasks.
fn busy_vault(dir: &std::path::Path) {
    let mut files = Vec::new();
    for i in 0..400 {
        let folder = ["a", "b/c", "d/e/f", "g"][i % 4];
        let mut text = format!("# Note {i}\n\n## Section {i}\n\n");
        for j in 1..8 {
            let other = (i * 7 + j * 13) % 400;
            text.push_str(&format!(
                "See [[note-{other}#Section {other}]] and [[note-{other}x]].\n"
            ));
        }
        text.push_str("- [] malformed\n[[Shared]]\n");
        files.push((format!("{folder}/note-{i}.md"), text));
    }
    files.push(("a/Shared.md".into(), "# S\n".into()));
    files.push(("g/Shared.md".into(), "# S\n".into()));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    common::write_files(dir, &refs);
}

fn run(dir: &std::path::Path, threads: Option<&str>, format: &str) -> Vec<u8> {
    let mut cmd = Command::cargo_bin("phasebook").unwrap();
    cmd.current_dir(dir)
        .args(["check", "--vault", ".", "--format", format]);
    match threads {
        Some(n) => cmd.env("RAYON_NUM_THREADS", n),
        None => cmd.env_remove("RAYON_NUM_THREADS"),
    };
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    out.stdout
}

#[test]
fn same_bytes_with_one_thread_and_the_default_pool() {
    let dir = tempfile::tempdir().unwrap();
    busy_vault(dir.path());
    for format in ["json", "human"] {
        let single = run(dir.path(), Some("1"), format);
        let default = run(dir.path(), None, format);
        let many = run(dir.path(), Some("8"), format);
        assert!(single.len() > 10_000, "the run reports plenty");
        assert!(
            single == default,
            "{format}: 1 thread vs default pool differ"
        );
        assert!(single == many, "{format}: 1 thread vs 8 threads differ");
    }
}
