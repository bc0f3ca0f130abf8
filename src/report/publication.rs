//! What `phasebook build` says about the publication scope
//! ([`crate::vault::scope`]): the one summary line every build prints, the
//! list `--dry-run` prints, the reasons `--explain` gives, and the scope's
//! problems as warnings naming file, line and column.

use super::format::plural;
use super::paths::PathStyle;
use crate::vault::Vault;
use crate::vault::discover::WalkedOutReason;

/// `published 412 notes and 3 attachments; left out 38: 30 draft, 6
/// ignored, 2 templates`. `dropped`: attachments the build could not
/// publish after all (an SVG that is not well-formed), said in a warning.
pub(crate) fn summary_line(vault: &Vault, dry_run: bool, dropped: usize) -> String {
    let (notes, attachments) = vault.scope.published_counts(vault);
    let attachments = attachments.saturating_sub(dropped);
    let verb = if dry_run {
        "would publish"
    } else {
        "published"
    };
    let mut line = format!(
        "{verb} {} and {}",
        plural(notes, "note"),
        plural(attachments, "attachment")
    );
    let counts = vault.scope.summary();
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    if total > 0 {
        let parts: Vec<String> = counts.iter().map(|(c, n)| format!("{n} {c}")).collect();
        line.push_str(&format!("; left out {total}: {}", parts.join(", ")));
    }
    line
}

/// Every published file, a line each (`--dry-run`).
pub fn published(vault: &Vault, paths: &PathStyle) -> String {
    let mut out = String::new();
    for (fid, file) in vault.files.iter().enumerate() {
        if vault.scope.is_published(fid) {
            out.push_str(&format!("  {}\n", paths.show(&file.path)));
        }
    }
    out
}

/// `left out:` and every file or folder left out, with the rule that left
/// it out (`--explain`), in path order. Hidden entries are listed too: they
/// are always left out, and saying so is the point of the list.
pub(crate) fn left_out(vault: &Vault, paths: &PathStyle) -> String {
    let mut rows: Vec<(String, String)> = Vec::new();
    for (fid, file) in vault.files.iter().enumerate() {
        if let Some(why) = vault.scope.left_out(fid) {
            rows.push((paths.show(&file.path), why.explain()));
        }
    }
    for entry in &vault.scope.walked_out {
        let why = match &entry.reason {
            WalkedOutReason::Hidden => "hidden (a dot-file or dot-folder)".to_string(),
            WalkedOutReason::Ignored { by, pattern } => {
                format!("ignored by {} (`{pattern}`)", paths.show_abs(by))
            }
            WalkedOutReason::SymlinkOutside { target } => {
                format!("a symlink to {target}, outside the vault")
            }
            WalkedOutReason::NotUtf8Name => "the name is not valid UTF-8".to_string(),
            WalkedOutReason::IntoLeftOut { real, why } => {
                format!("a symlink into {real}, which is left out ({why})")
            }
        };
        let mut shown = paths.show(entry.path.trim_end_matches('/'));
        if entry.path.ends_with('/') {
            shown.push('/');
        }
        rows.push((shown, why));
    }
    rows.sort();
    let width = rows
        .iter()
        .map(|(p, _)| p.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::from("left out:\n");
    for (path, why) in rows {
        out.push_str(&format!("  {path:<width$}  {why}\n"));
    }
    out
}

/// The scope's problems, one line each: `path:line:column: message`.
pub fn problems(vault: &Vault, paths: &PathStyle) -> Vec<String> {
    vault
        .scope
        .problems
        .iter()
        .map(|p| {
            let path = if p.in_vault {
                paths.show(&p.path)
            } else {
                p.path.clone()
            };
            match p.at {
                Some((line, column)) => format!("{path}:{line}:{column}: {}", p.message),
                None => format!("{path}: {}", p.message),
            }
        })
        .collect()
}
