//! What git knows of the vault, read with the `git` command: the vault as
//! it was at a revision, for `readiness --since` (`archive` into a
//! temporary folder); the readiness history behind the readiness page's
//! chart; when each note last changed, for its page. Nothing in the
//! repository is written: no checkout, no index, no stash. Each is a
//! bounded number of git processes per command, never one per note.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

/// A copy of the vault folder `vault_dir` as it was at `rev`; the folder is
/// removed when the snapshot is dropped.
pub struct Snapshot {
    _dir: tempfile::TempDir,
    /// The vault folder in the copy.
    pub vault_dir: PathBuf,
    /// The revision, as `git rev-parse --short` names it.
    pub commit: String,
}

fn git(dir: &Path, args: &[&str]) -> Result<std::process::Output> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .context("could not run `git` (is it installed?)")
}

fn text(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The vault at `rev`. Errors (no repository, an unknown revision, a vault
/// folder the revision does not have) say which, for an exit 2.
pub fn snapshot(vault_dir: &Path, rev: &str) -> Result<Snapshot> {
    let inside = git(vault_dir, &["rev-parse", "--is-inside-work-tree"])?;
    if !inside.status.success() || text(&inside) != "true" {
        bail!(
            "{} is not in a git repository: --since reads the vault's history from git",
            vault_dir.display()
        );
    }
    if rev.starts_with('-') {
        bail!("`{rev}` is not a revision");
    }
    let commit = git(
        vault_dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--short",
            &format!("{rev}^{{commit}}"),
        ],
    )?;
    if !commit.status.success() {
        bail!("`{rev}` names no commit of this repository");
    }
    let prefix = text(&git(vault_dir, &["rev-parse", "--show-prefix"])?);
    // Run from the top: in a subfolder, `git archive` keeps only what is
    // under that subfolder of the tree it is given.
    let top = PathBuf::from(text(&git(vault_dir, &["rev-parse", "--show-toplevel"])?));
    let prefix = prefix.trim_end_matches('/');
    // Not `.tmp…`: a hidden folder would be no vault to the walk.
    let dir = tempfile::Builder::new()
        .prefix("phasebook-since-")
        .tempdir()
        .context("could not make a temporary folder")?;
    // `COMMIT:folder` is the vault's tree alone, its paths relative to it.
    let tree = format!("{}:{prefix}", text(&commit));
    let mut archive = Command::new("git")
        .arg("-C")
        .arg(&top)
        .args(["archive", "--format=tar", &tree])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("could not run `git archive`")?;
    let stdout = archive.stdout.take().expect("piped");
    let unpacked = tar::Archive::new(stdout).unpack(dir.path());
    let finished = archive.wait_with_output()?;
    if !finished.status.success() {
        let why = String::from_utf8_lossy(&finished.stderr);
        bail!(
            "the vault folder `{}` is not in `{rev}`: {}",
            if prefix.is_empty() { "." } else { prefix },
            why.trim()
        );
    }
    unpacked.context("could not unpack the vault's files at that revision")?;
    Ok(Snapshot {
        vault_dir: dir.path().to_path_buf(),
        _dir: dir,
        commit: text(&commit),
    })
}

/// Where the vault folder sits in its repository: the work tree's top and
/// the vault's path in it (`docs/vault/`, or empty at the top).
struct Repo {
    top: PathBuf,
    prefix: String,
}

/// The repository of `vault_dir`, from one `git rev-parse`; `None` outside
/// a work tree or without git.
fn repo(vault_dir: &Path) -> Option<Repo> {
    let out = git(
        vault_dir,
        &[
            "rev-parse",
            "--is-inside-work-tree",
            "--show-toplevel",
            "--show-prefix",
        ],
    )
    .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    if lines.next()? != "true" {
        return None;
    }
    let top = PathBuf::from(lines.next()?);
    let prefix = lines.next().unwrap_or("").to_string();
    Some(Repo { top, prefix })
}

/// Whether git's history has a file at `path` (absolute, in the work tree
/// of `dir`): a FILE that no longer exists is a deletion, not a typo, when
/// some commit had it. `false` outside a repository.
pub fn ever_tracked(dir: &Path, path: &Path) -> bool {
    let Some(path) = path.to_str() else {
        return false;
    };
    git(dir, &["log", "-1", "--format=%H", "--", path])
        .is_ok_and(|out| out.status.success() && !out.stdout.is_empty())
}

/// The commit checked out where `dir` is, `None` outside a repository (or
/// before its first commit): everything a build reads from git (the pages'
/// dates, the readiness history) follows from it.
pub fn head(dir: &Path) -> Option<String> {
    let out = git(dir, &["rev-parse", "-q", "--verify", "HEAD"]).ok()?;
    out.status.success().then(|| text(&out))
}

/// When each note of `vault` last changed in git (unix time of the last
/// commit that touched it), by vault path: one `git log --name-only` over
/// the vault folder, newest first, read until every note has its date.
/// `None` outside a repository or if git fails; a note git does not track
/// has no date.
pub fn last_changed(
    vault: &crate::vault::Vault,
    config: &crate::config::Config,
) -> Option<std::collections::HashMap<String, i64>> {
    use std::collections::{HashMap, HashSet};
    use std::io::BufRead;
    let Repo { top, prefix } = repo(&config.vault_dir)?;
    let mut wanted: HashSet<&str> = vault.notes.iter().map(|n| n.path.as_str()).collect();
    let mut dates = HashMap::new();
    let pathspec = if prefix.is_empty() {
        "."
    } else {
        prefix.as_str()
    };
    let mut log = log_names(&top, "@@%ct", [pathspec])?;
    let mut reader = std::io::BufReader::new(log.stdout.take()?);
    let mut time: Option<i64> = None;
    let mut bytes = Vec::new();
    // Read as bytes: a path that is not UTF-8 must not end the reading.
    while reader
        .read_until(b'\n', &mut bytes)
        .ok()
        .is_some_and(|n| n > 0)
    {
        let line = String::from_utf8_lossy(&bytes)
            .trim_end_matches('\n')
            .to_string();
        bytes.clear();
        if let Some(head) = line.strip_prefix("@@") {
            if wanted.is_empty() {
                break;
            }
            time = head.trim().parse().ok();
        } else if let (Some(time), Some(path)) = (time, line.strip_prefix(prefix.as_str()))
            && wanted.remove(path)
        {
            dates.insert(path.to_string(), time);
        }
    }
    let _ = log.kill();
    let _ = log.wait();
    Some(dates)
}

/// `git log --name-only` from the work tree's top over `paths`, newest
/// first, each commit a line in `format` and then the paths it changed (as
/// written, `core.quotePath` off), for the caller to read as it comes.
fn log_names<I, S>(top: &Path, format: &str, paths: I) -> Option<std::process::Child>
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new("git")
        .arg("-C")
        .arg(top)
        .args(["-c", "core.quotePath=false", "log"])
        .arg(format!("--format={format}"))
        .args(["--name-only", "--"])
        .args(paths)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()
}

/// One workflow's walk: its phase documents (repository paths) and the
/// commits that touched them (hash, time), newest first.
struct Walk {
    workflow: usize,
    paths: Vec<String>,
    commits: Vec<(String, i64)>,
}

/// Fill each walk's commits: the last `limit` that touched its paths. One
/// `git log --name-only` over every workflow's documents at once, each
/// commit given to the workflows whose documents it changed: a log per
/// workflow walked the repository's history once per workflow (20
/// workflows of a 10k-note vault: 0.6 s). The log is read as it comes and
/// stopped once every workflow has its commits.
fn commits_of(top: &Path, walks: &mut [Walk], limit: usize) -> Option<()> {
    use std::collections::HashMap;
    use std::io::BufRead;
    let owner: HashMap<String, usize> = walks
        .iter()
        .enumerate()
        .flat_map(|(k, walk)| walk.paths.iter().map(move |p| (p.clone(), k)))
        .collect();
    let mut log = log_names(top, "@@%H %ct", owner.keys())?;
    let reader = std::io::BufReader::new(log.stdout.take()?);
    let mut current: Option<(String, i64)> = None;
    let mut given = vec![false; walks.len()];
    for line in reader.lines() {
        let line = line.ok()?;
        if let Some(head) = line.strip_prefix("@@") {
            if walks.iter().all(|w| w.commits.len() >= limit) {
                break;
            }
            let (hash, time) = head.split_once(' ')?;
            current = Some((hash.to_string(), time.parse().ok()?));
            given.iter_mut().for_each(|g| *g = false);
        } else if let (Some(commit), Some(&k)) = (&current, owner.get(&line))
            && !given[k]
            && walks[k].commits.len() < limit
        {
            walks[k].commits.push(commit.clone());
            given[k] = true;
        }
    }
    let _ = log.kill();
    let _ = log.wait();
    Some(())
}

/// The readiness history of every workflow of `report`: one `git log` per
/// workflow (the last `limit` commits that touched its phase documents)
/// and one `git cat-file --batch` for every document at every one of those
/// commits, so a build pays one history walk, not one per note. `None`
/// outside a repository, with `limit` 0, or if git fails: the page then
/// has no chart, and that is no error.
pub fn history(
    vault: &crate::vault::Vault,
    config: &crate::config::Config,
    report: &[crate::readiness::WorkflowReadiness],
    limit: usize,
) -> Option<Vec<crate::readiness::WorkflowHistory>> {
    use std::io::Write;
    // No phase documents, no history: and `git log --` with no path
    // would walk the whole repository.
    if limit == 0 || report.iter().all(|wf| wf.phases.is_empty()) {
        return None;
    }
    let Repo { top, prefix } = repo(&config.vault_dir)?;
    let mut walks: Vec<Walk> = report
        .iter()
        .enumerate()
        .map(|(w, wf)| Walk {
            workflow: w,
            paths: wf
                .phases
                .iter()
                .map(|p| format!("{prefix}{}", vault.notes[p.note].path))
                .collect(),
            commits: Vec::new(),
        })
        .collect();
    commits_of(&top, &mut walks, limit)?;
    walks.retain(|walk| !walk.commits.is_empty());
    let requests: String = walks
        .iter()
        .flat_map(|walk| {
            walk.commits
                .iter()
                .flat_map(move |(hash, _)| walk.paths.iter().map(move |p| format!("{hash}:{p}\n")))
        })
        .collect();
    let mut batch = Command::new("git")
        .arg("-C")
        .arg(&top)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdin = batch.stdin.take()?;
    // Written from a thread: git answers as it reads, and a full pipe
    // either way would stop both.
    let writer = std::thread::spawn(move || stdin.write_all(requests.as_bytes()));
    let answers = batch.stdout.take()?;
    let counted = read_counts(answers, &walks, report, config);
    // However the reading ended, git and the writer end with it: a reader
    // that stopped early (git failed, or its output was not what was
    // asked) leaves neither a git process nor a blocked thread behind —
    // `serve` builds again and again.
    if counted.is_none() {
        let _ = batch.kill();
    }
    let _ = batch.wait();
    let wrote = writer.join();
    counted.filter(|_| matches!(wrote, Ok(Ok(()))))
}

/// Each walk's counts, read from `git cat-file --batch`'s answers in the
/// order they were asked: a workflow's documents at each of its commits.
fn read_counts(
    answers: std::process::ChildStdout,
    walks: &[Walk],
    report: &[crate::readiness::WorkflowReadiness],
    config: &crate::config::Config,
) -> Option<Vec<crate::readiness::WorkflowHistory>> {
    use crate::readiness::{Count, count_text, workflow_history};
    use std::io::{BufRead, Read};
    let mut answers = std::io::BufReader::new(answers);
    // A commit changes one or two documents of a workflow: the others are
    // the same blobs as at the commit before, counted once by their id.
    let mut counted_blobs: std::collections::HashMap<String, Count> = Default::default();
    let mut next = |path: &str| -> Option<Option<Count>> {
        let mut header = String::new();
        answers.read_line(&mut header).ok()?;
        let mut fields = header.split_whitespace();
        let (id, kind, size) = (fields.next()?, fields.next()?, fields.next());
        if kind != "blob" {
            return Some(None); // missing, or not a file
        }
        let size: usize = size?.parse().ok()?;
        let mut body = vec![0; size + 1];
        answers.read_exact(&mut body).ok()?;
        body.pop();
        if let Some(count) = counted_blobs.get(id) {
            return Some(Some(*count));
        }
        let count = count_text(
            path,
            String::from_utf8_lossy(&body).into_owned(),
            &config.readiness,
        );
        counted_blobs.insert(id.to_string(), count);
        Some(Some(count))
    };
    let mut out = Vec::new();
    for Walk {
        workflow: w,
        paths,
        commits,
    } in walks
    {
        let mut counted: Vec<(i64, Vec<Option<Count>>)> = Vec::new();
        for (_, time) in commits {
            let mut counts = Vec::with_capacity(paths.len());
            for path in paths {
                counts.push(next(path)?);
            }
            counted.push((*time, counts));
        }
        let wf = &report[*w];
        let stems: Vec<String> = wf.phases.iter().map(|p| p.stem.clone()).collect();
        out.push(workflow_history(&wf.name, &stems, &counted));
    }
    Some(out)
}

/// How far back `renames` looks in history: commits on the first-parent
/// line from HEAD. A rename older than that has long been fixed or
/// forgotten, and the log stays one bounded read.
pub const RENAME_HISTORY: usize = 200;

/// The files of the vault git saw renamed, newest first, for `check`'s
/// broken-link help and fixes: in the staged changes (`git diff --cached
/// -M`), in the working tree against HEAD (`git diff -M HEAD`, which sees
/// a rename whose new file was added and whose old one was deleted by
/// hand), and in the last `limit` commits (`git log --first-parent -M`,
/// each commit named `HEAD~N`). Four git processes a check, whatever the
/// number of links; empty outside a repository or if git fails.
pub fn renames(vault_dir: &Path, limit: usize) -> crate::lint::Renames {
    let mut renames = crate::lint::Renames::default();
    let Some(Repo { top, prefix }) = repo(vault_dir) else {
        return renames;
    };
    let quiet = ["-c", "core.quotePath=false"];
    let staged = [
        &quiet[..],
        &["diff", "--cached", "-M", "--name-status", "-z"],
    ]
    .concat();
    let worktree = [&quiet[..], &["diff", "-M", "HEAD", "--name-status", "-z"]].concat();
    for (args, when) in [
        (staged, "in the staged changes"),
        (worktree, "in the working tree"),
    ] {
        if let Ok(out) = git(&top, &args)
            && out.status.success()
        {
            for (_, from, to) in parse_renames(&out.stdout) {
                add_rename(&mut renames, &prefix, from, to, || when.to_string());
            }
        }
    }
    let limit = limit.to_string();
    let log = [
        &quiet[..],
        &[
            "log",
            "--first-parent",
            "-n",
            &limit,
            "-M",
            "--name-status",
            "-z",
            "--format=@@%h",
        ],
    ]
    .concat();
    if let Ok(out) = git(&top, &log)
        && out.status.success()
    {
        for (commit, from, to) in parse_renames(&out.stdout) {
            let when = || match commit {
                Some(0) | None => "in HEAD".to_string(),
                Some(n) => format!("in HEAD~{n}"),
            };
            add_rename(&mut renames, &prefix, from, to, when);
        }
    }
    renames
}

/// Record a rename of repository paths, if both are in the vault folder
/// (`prefix`, its path in the repository).
fn add_rename(
    renames: &mut crate::lint::Renames,
    prefix: &str,
    from: &str,
    to: &str,
    when: impl FnOnce() -> String,
) {
    if let (Some(from), Some(to)) = (from.strip_prefix(prefix), to.strip_prefix(prefix)) {
        renames.insert(from, to, when());
    }
}

/// The renames in `git diff --name-status -z` or `git log --name-status -z
/// --format=@@%h` output, each with its commit's position in the log (0:
/// the first; `None` for a diff): `R<score>\0old\0new\0`, the other
/// statuses skipped with their one path (two for a copy).
fn parse_renames(out: &[u8]) -> Vec<(Option<usize>, &str, &str)> {
    let mut fields = out.split(|&b| b == 0).map(|f| {
        std::str::from_utf8(f)
            .unwrap_or("")
            .trim_start_matches('\n')
    });
    let mut commit: Option<usize> = None;
    let mut found = Vec::new();
    while let Some(field) = fields.next() {
        if field.starts_with("@@") {
            commit = Some(commit.map_or(0, |n| n + 1));
            continue;
        }
        match field.as_bytes().first() {
            Some(b'R') => {
                let (Some(from), Some(to)) = (fields.next(), fields.next()) else {
                    break;
                };
                if !from.is_empty() && !to.is_empty() {
                    found.push((commit, from, to));
                }
            }
            Some(b'C') => {
                fields.next();
                fields.next();
            }
            Some(_) => {
                fields.next();
            }
            None => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::parse_renames;

    #[test]
    fn renames_are_read_from_name_status_output() {
        let log = b"@@aaaa\0\nA\0other.txt\0@@bbbb\0\nM\0v/b.md\0R100\0v/a.md\0v/a2.md\0C75\0v/c.md\0v/d.md\0@@cccc\0\nR090\0v/@@x.md\0v/y.md\0";
        assert_eq!(
            parse_renames(log),
            [
                (Some(1), "v/a.md", "v/a2.md"),
                (Some(2), "v/@@x.md", "v/y.md")
            ]
        );
        let diff = b"M\0a.md\0R100\0old.md\0new.md\0D\0gone.md\0";
        assert_eq!(parse_renames(diff), [(None, "old.md", "new.md")]);
    }
}
