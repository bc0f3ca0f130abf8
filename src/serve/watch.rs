//! Noticing vault changes by polling: a fingerprint of every file's path,
//! size and modification time. Walking even a 10,000-note vault's metadata
//! takes milliseconds, and polling works wherever the files live.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The dot-files that change what the site publishes: a rebuild follows
/// an edit of them as of a note (`.obsidian/templates.json` is looked at
/// on its own: the rest of `.obsidian` changes with every click).
const SCOPE_FILES: &[&str] = &[".gitignore", ".ignore"];

/// The Obsidian settings a build reads: the template folder (scope) and
/// `app.json` (strict line breaks).
const OBSIDIAN_FILES: &[&str] = &[".obsidian/templates.json", ".obsidian/app.json"];

/// A fingerprint of the files under `roots` (dot-entries but the ignore
/// files, and `skip`, excluded, as discovery excludes them), and of each
/// root's [`OBSIDIAN_FILES`].
pub fn fingerprint(roots: &[PathBuf], skip: &[PathBuf]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for root in roots {
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let name = e.file_name().to_string_lossy();
                e.depth() == 0
                    || ((!name.starts_with('.') || SCOPE_FILES.contains(&name.as_ref()))
                        && !skip.iter().any(|s| e.path().starts_with(s)))
            });
        // Files only: a folder's own time changes whenever anything is
        // created in it, a build's staging folder included.
        for entry in walker.flatten().filter(|e| !e.file_type().is_dir()) {
            entry.path().hash(&mut hasher);
            if let Ok(meta) = entry.metadata() {
                meta.len().hash(&mut hasher);
                meta.modified()
                    .ok()
                    .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                    .hash(&mut hasher);
            }
        }
        for file in OBSIDIAN_FILES {
            if let Ok(meta) = std::fs::metadata(root.join(file)) {
                file.hash(&mut hasher);
                meta.len().hash(&mut hasher);
                meta.modified().ok().hash(&mut hasher);
            }
        }
    }
    hasher.finish()
}

/// The files whose changes mean a rebuild: the vault, `book.toml`, and the
/// template folder.
pub fn watched(vault: &Path, config_file: Option<&Path>, templates: Option<&Path>) -> Vec<PathBuf> {
    let mut roots = vec![vault.to_path_buf()];
    roots.extend(config_file.map(Path::to_path_buf));
    roots.extend(templates.map(Path::to_path_buf));
    roots
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_changes_the_fingerprint_and_the_build_folder_does_not() {
        let dir = tempfile::tempdir().expect("temp dir");
        let vault = dir.path().join("vault");
        let site = vault.join("site");
        std::fs::create_dir_all(&site).expect("mkdir");
        std::fs::write(vault.join("a.md"), "# A\n").expect("write");
        let roots = vec![vault.clone()];
        let skip = vec![site.clone()];
        let before = fingerprint(&roots, &skip);
        std::fs::write(site.join("index.html"), "built").expect("write");
        std::fs::write(vault.join(".hidden"), "x").expect("write");
        assert_eq!(
            fingerprint(&roots, &skip),
            before,
            "output and dot-files ignored"
        );
        std::fs::write(vault.join("a.md"), "# A, edited\n").expect("write");
        let edited = fingerprint(&roots, &skip);
        assert_ne!(edited, before);
        // What changes the publication scope counts too.
        std::fs::write(vault.join(".gitignore"), "private/\n").expect("write");
        let ignored = fingerprint(&roots, &skip);
        assert_ne!(ignored, edited, ".gitignore");
        std::fs::create_dir_all(vault.join(".obsidian")).expect("mkdir");
        std::fs::write(vault.join(".obsidian/templates.json"), "{}").expect("write");
        let templates = fingerprint(&roots, &skip);
        assert_ne!(templates, ignored, "templates.json");
        std::fs::write(
            vault.join(".obsidian/app.json"),
            "{\"strictLineBreaks\": true}",
        )
        .expect("write");
        assert_ne!(fingerprint(&roots, &skip), templates, "app.json");
    }
}
