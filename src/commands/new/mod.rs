//! `phasebook new PATH [--template NAME] [--after PHASE]`: a note from one
//! of the vault's templates, filled as Obsidian's Templates plugin fills
//! it, so notes made at the command line (or by a script, as the seed
//! documents' `ddx apply templates/…` does) and notes made in Obsidian
//! start alike; with `--after`, linked into a phase chain.
//!
//! Like `init`, it writes no file over another, and checks everything
//! (the target, the template, its variables, the chain, the neighbours'
//! frontmatter) before it writes anything.

mod chain;
mod edit;
mod moment;
mod template;

use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::{exit, load_config};
use crate::cli::{GlobalArgs, NewArgs};
use crate::fsio::{create_atomic, write_atomic};
use chain::Rewrite;
use moment::Now;
use template::Formats;

pub fn run(args: &NewArgs, global: &GlobalArgs) -> Result<u8> {
    let (config, cwd) = load_config(global)?;
    let root = config.vault_dir.as_path();
    let (path, abs) = target(&args.path, &cwd, root)?;
    refuse_existing(root, &path)?;
    let (folder, templates) = template::list(root)?;
    let template = template::choose(&folder, &templates, args.template.as_deref())?;
    let source = std::fs::read_to_string(&template.abs)
        .with_context(|| format!("cannot read the template {}", template.path))?;
    let source = source.trim_start_matches('\u{feff}');
    let name = path.rsplit('/').next().unwrap_or(&path);
    let title = &name[..name.len() - ".md".len()];
    let now = Now::current()?;
    let mut text = template::fill(source, title, &now, &Formats::of_vault(root))
        .with_context(|| format!("the template {}", template.path))?;
    let mut rewrites = Vec::new();
    let mut linked = None;
    if let Some(after) = &args.after {
        let vault = crate::vault::load(&config);
        let insertion = chain::plan(&vault, &config, after, &path)?;
        text = edit::set_values(&text, &insertion.values)
            .with_context(|| format!("cannot make a phase from the template {}", template.path))?;
        text = neighbour_links(&text, &insertion.values);
        for warning in &insertion.warnings {
            eprintln!("phasebook: warning: {warning}");
        }
        rewrites = insertion.rewrites;
        linked = Some(insertion.after);
    }
    check_writable(&rewrites)?;
    write(&abs, &path, text.as_bytes(), &rewrites)?;
    match linked {
        Some(after) => eprintln!(
            "phasebook: wrote {path} from {} as the phase after {after}, and linked {}",
            template.path,
            rewrites
                .iter()
                .map(|r| r.path.as_str())
                .collect::<Vec<_>>()
                .join(" and ")
        ),
        None => eprintln!("phasebook: wrote {path} from {}", template.path),
    }
    Ok(exit::OK)
}

/// The note's vault path (`/`-separated, `.md` added unless the name ends
/// with it) and its file. PATH is a path in the vault; one that names the
/// vault folder from outside it (`vault/delivery/…` from the repository,
/// or an absolute path) is read as such. Inside the vault folder, PATH is
/// still from the vault's root, as Obsidian names notes.
fn target(path: &Path, cwd: &Path, root: &Path) -> Result<(String, PathBuf)> {
    let mut path = path.to_path_buf();
    let named_md = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().to_lowercase().ends_with(".md"));
    if !named_md {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(".md");
        path.set_file_name(name);
    }
    let from_cwd = normalize(&cwd.join(&path));
    let root = normalize(root);
    let relative = if path.is_absolute() || (!cwd.starts_with(&root) && from_cwd.starts_with(&root))
    {
        match from_cwd.strip_prefix(&root) {
            Ok(inside) => inside.to_path_buf(),
            Err(_) => bail!(
                "{} is outside the vault ({})",
                path.display(),
                root.display()
            ),
        }
    } else {
        let inside = normalize(&root.join(&path));
        match inside.strip_prefix(&root) {
            Ok(rel) => rel.to_path_buf(),
            Err(_) => bail!("{} leads out of the vault", path.display()),
        }
    };
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() || parts.last().is_some_and(|p| p == ".md") {
        bail!("{} names no note", path.display());
    }
    if let Some(hidden) = parts.iter().find(|p| p.starts_with('.')) {
        bail!(
            "{} is under `{hidden}`: the vault leaves out names starting with a dot",
            path.display()
        );
    }
    Ok((parts.join("/"), root.join(&relative)))
}

/// `.` and `..` taken out without touching the file system (the note and
/// its folders may not exist yet).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Refuses, writing nothing, when something stands at the note's path (a
/// dangling symlink included) or a file stands where one of its folders
/// would go.
fn refuse_existing(root: &Path, path: &str) -> Result<()> {
    if root.join(path).symlink_metadata().is_ok() {
        bail!("{path} already exists; new writes no note over another, so it wrote nothing");
    }
    let mut folder = root.to_path_buf();
    for part in path
        .split('/')
        .rev()
        .skip(1)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
    {
        folder.push(part);
        if folder.symlink_metadata().is_ok() && !folder.is_dir() {
            bail!(
                "{} is a file where {path} needs a folder; new wrote nothing",
                folder.display()
            );
        }
    }
    Ok(())
}

/// A neighbour that cannot be written is found before the new note is.
fn check_writable(rewrites: &[Rewrite]) -> Result<()> {
    for rewrite in rewrites {
        let meta = std::fs::metadata(&rewrite.abs)
            .with_context(|| format!("cannot read {}", rewrite.path))?;
        if meta.permissions().readonly() {
            bail!(
                "{} is read-only, so it cannot be linked to the new note; new wrote nothing",
                rewrite.path
            );
        }
    }
    Ok(())
}

/// The new note, then its neighbours, each atomically. If one fails after
/// another was written, the error says which files were.
fn write(abs: &Path, path: &str, text: &[u8], rewrites: &[Rewrite]) -> Result<()> {
    if let Some(parent) = abs.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create the folder of {path}"))?;
    }
    create_atomic(abs, text)?;
    let mut written = vec![path.to_string()];
    for rewrite in rewrites {
        if let Err(err) = write_atomic(&rewrite.abs, &rewrite.bytes) {
            let left: Vec<&str> = rewrites[written.len() - 1..]
                .iter()
                .map(|r| r.path.as_str())
                .collect();
            return Err(err.context(format!(
                "wrote {} but not {}: the chain is half-linked; set their links by hand",
                written.join(" and "),
                left.join(" and ")
            )));
        }
        written.push(rewrite.path.clone());
    }
    Ok(())
}

/// The template's placeholder links to the neighbours, `[[NN-previous…]]`
/// and `[[NN-next…]]` (the seeds' phase template writes them in the body as
/// well as in `previous_phase` and `next_phase`), pointed at the notes the
/// new phase's frontmatter now names: left as written, they were broken
/// links in every new phase.
fn neighbour_links(text: &str, values: &[(String, String)]) -> String {
    let target = |key: &str| {
        let (_, value) = values.iter().find(|(k, _)| k == key)?;
        let link = value.trim().trim_matches(['"', '\'']);
        let inner = link.strip_prefix("[[")?.strip_suffix("]]")?;
        inner.split('|').next().map(str::to_string)
    };
    let mut text = text.to_string();
    for (key, placeholder) in [
        ("previous_phase", "[[NN-previous"),
        ("next_phase", "[[NN-next"),
    ] {
        if let Some(name) = target(key) {
            text = text.replace(placeholder, &format!("[[{name}"));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_in_the_vault_and_get_md() {
        let root = Path::new("/repo/vault");
        let at =
            |path: &str, cwd: &str| target(Path::new(path), Path::new(cwd), root).map(|(p, _)| p);
        assert_eq!(
            at("delivery/07-review", "/repo").unwrap(),
            "delivery/07-review.md"
        );
        assert_eq!(
            at("vault/delivery/07-review.md", "/repo").unwrap(),
            "delivery/07-review.md"
        );
        assert_eq!(at("/repo/vault/a/b", "/elsewhere").unwrap(), "a/b.md");
        assert_eq!(at("notes/v1.2", "/repo").unwrap(), "notes/v1.2.md");
        assert_eq!(at("Note.MD", "/repo").unwrap(), "Note.MD");
        // Inside the vault, PATH is still from its root.
        assert_eq!(
            at("delivery/x", "/repo/vault/delivery").unwrap(),
            "delivery/x.md"
        );
        assert!(at("../x", "/repo").is_err());
        assert!(at("/tmp/x", "/repo").is_err());
        assert!(at(".obsidian/x", "/repo").is_err());
    }
}
