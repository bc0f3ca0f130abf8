//! The vault's own Obsidian settings that change how notes read
//! (`.obsidian/app.json`), so the site shows a note as the team's Obsidian
//! does (OBSIDIAN-RENDERING R20). `book.toml` wins where it sets the same.

use std::path::Path;

/// What `.obsidian/app.json` says, where it says it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AppSettings {
    /// "Strict line breaks": a single newline in a paragraph joins the
    /// lines (on) or breaks the line (off, Obsidian's default).
    pub strict_line_breaks: Option<bool>,
}

impl AppSettings {
    /// Read `.obsidian/app.json` under `root`. A missing or unreadable
    /// file, or one that is not JSON, says nothing: Obsidian's defaults.
    pub fn read(root: &Path) -> AppSettings {
        let Ok(text) = std::fs::read_to_string(root.join(".obsidian/app.json")) else {
            return AppSettings::default();
        };
        // Editors on Windows write a byte order mark; JSON has none.
        let text = text.trim_start_matches('\u{feff}');
        let json: serde_json::Value = match serde_json::from_str(text) {
            Ok(json) => json,
            Err(_) => return AppSettings::default(),
        };
        AppSettings {
            strict_line_breaks: json.get("strictLineBreaks").and_then(|v| v.as_bool()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_line_breaks_is_read_when_set_and_absent_otherwise() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(AppSettings::read(dir.path()), AppSettings::default());
        std::fs::create_dir(dir.path().join(".obsidian")).unwrap();
        let app = dir.path().join(".obsidian/app.json");
        std::fs::write(&app, "\u{feff}{\"strictLineBreaks\": true, \"x\": 1}").unwrap();
        assert_eq!(AppSettings::read(dir.path()).strict_line_breaks, Some(true));
        std::fs::write(&app, "{\"strictLineBreaks\": \"yes\"}").unwrap();
        assert_eq!(AppSettings::read(dir.path()).strict_line_breaks, None);
        std::fs::write(&app, "not json").unwrap();
        assert_eq!(AppSettings::read(dir.path()), AppSettings::default());
    }
}
