//! A note's text: how a file's bytes are read as text ([`Decoded`]), and
//! where a parsed note keeps it ([`Source`]).

use std::borrow::Cow;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The UTF-8 byte order mark.
pub(crate) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Why a file's content could not be taken as it is.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FileProblem {
    pub offset: usize,
    pub message: String,
}

/// A file's bytes as the parse reads them: the text without its byte
/// order mark, lone carriage returns read as line feeds, invalid UTF-8
/// replaced (and said). The note cache ([`crate::vault::cache`]) keeps the parse,
/// never the text: a cached note is this decode of the file read now, plus
/// what the parse found in it.
pub(crate) struct Decoded {
    pub(crate) text: String,
    pub(super) bom: bool,
    pub(super) lone_cr: bool,
    pub(super) problem: Option<FileProblem>,
}

impl Decoded {
    pub(crate) fn new(mut bytes: Vec<u8>) -> Decoded {
        let bom = bytes.starts_with(UTF8_BOM);
        if bom {
            bytes.drain(..UTF8_BOM.len());
        }
        let lone_cr =
            memchr::memchr(b'\r', &bytes).is_some() && memchr::memchr(b'\n', &bytes).is_none();
        if lone_cr {
            for byte in bytes.iter_mut().filter(|b| **b == b'\r') {
                *byte = b'\n';
            }
        }
        let (text, problem) = match String::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(err) => {
                let valid = err.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
                let offset = crate::span::floor_char_boundary(&text, valid);
                let problem = FileProblem {
                    offset,
                    message: "file is not valid UTF-8 text".to_string(),
                };
                (text, Some(problem))
            }
        };
        Decoded {
            text,
            bom,
            lone_cr,
            problem,
        }
    }
}

/// A note's text: held in memory, or left in its file and read again
/// each time it is asked for.
///
/// Why: a check of a large vault held every note's text from the read to
/// the report, the largest single part of its memory (56 MB of 150 at
/// 10,000 notes), while its rules read each text once, and its report
/// only the texts it shows a line of (issue #20). A text left in its file
/// is read back only if the file still has the bytes parsed (their XXH3
/// digest): a file changed since reads as blanks of the same length, so
/// no position taken from the parse can fall outside it or inside a
/// character, and the note says so ([`super::Note::changed_on_disk`]) for the
/// command to fail rather than report on text it did not parse.
#[derive(Debug, Clone, Default)]
pub(crate) struct Source {
    /// The text, while held (empty once left in the file).
    pub(super) held: String,
    on_disk: Option<Arc<OnDisk>>,
}

#[derive(Debug)]
struct OnDisk {
    /// Shared with the vault's file list (`VaultFile::abs`): not a second
    /// copy of every note's path.
    file: Arc<Path>,
    /// The digest of the file's bytes the parse read.
    digest: u128,
    /// The length of the text the parse read (after decoding).
    len: usize,
    /// Set when the file was found changed.
    changed: OnceLock<()>,
}

impl Source {
    pub(crate) fn held(text: String) -> Source {
        Source {
            held: text,
            on_disk: None,
        }
    }

    /// The text: borrowed while held, else read from the file (blanks if
    /// the file changed: see the type's documentation).
    pub(crate) fn read(&self) -> Cow<'_, str> {
        let Some(disk) = &self.on_disk else {
            return Cow::Borrowed(&self.held);
        };
        let read = std::fs::read(&disk.file)
            .ok()
            .filter(|bytes| crate::vault::cache::digest(bytes) == disk.digest)
            .map(|bytes| Decoded::new(bytes).text)
            .filter(|text| text.len() == disk.len);
        match read {
            Some(text) => Cow::Owned(text),
            None => {
                let _ = disk.changed.set(());
                Cow::Owned(" ".repeat(disk.len))
            }
        }
    }

    /// A digest of the text: of the file's bytes it was read from when
    /// left in the file (no read), else of the text held.
    pub(crate) fn digest(&self) -> u128 {
        match &self.on_disk {
            Some(disk) => disk.digest,
            None => crate::vault::cache::digest(self.held.as_bytes()),
        }
    }

    pub(crate) fn len(&self) -> usize {
        match &self.on_disk {
            Some(disk) => disk.len,
            None => self.held.len(),
        }
    }

    /// Leave the text in `file`, whose bytes had `digest` when read.
    pub(crate) fn leave_in(&mut self, file: Arc<Path>, digest: u128) {
        let len = self.held.len();
        *self = Source {
            held: String::new(),
            on_disk: Some(Arc::new(OnDisk {
                file,
                digest,
                len,
                changed: OnceLock::new(),
            })),
        };
    }

    /// Read a text left in its file back into memory, to be held from now
    /// on (unless the file changed: it stays in the file, marked).
    pub(crate) fn hold(&mut self) {
        if self.on_disk.is_none() {
            return;
        }
        let text = self.read().into_owned();
        if !self.changed() {
            *self = Source::held(text);
        }
    }

    /// The text, to be parsed: taken out while held (this is then empty),
    /// else read back from the file (see [`Source::read`]).
    pub(crate) fn take_text(&mut self) -> String {
        match self.on_disk {
            None => std::mem::take(&mut self.held),
            Some(_) => self.read().into_owned(),
        }
    }

    /// Whether the text is left in its file.
    pub(crate) fn in_file(&self) -> bool {
        self.on_disk.is_some()
    }

    /// Whether the file was found changed when the text was read back.
    pub(crate) fn changed(&self) -> bool {
        (self.on_disk.as_ref()).is_some_and(|disk| disk.changed.get().is_some())
    }
}

/// The line of `text` that holds `offset`, without its terminator (`\n`,
/// or `\r\n`): what [`crate::span::LineIndex::line_range`] gives, for one
/// offset and with no index.
pub(crate) fn line_around(text: &str, offset: usize) -> std::ops::Range<usize> {
    let bytes = text.as_bytes();
    let offset = offset.min(bytes.len());
    let start = memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |i| i + 1);
    let mut end = memchr::memchr(b'\n', &bytes[offset..]).map_or(bytes.len(), |i| offset + i);
    if end > start && bytes[end - 1] == b'\r' {
        end -= 1;
    }
    start..end
}

/// `text` without its `%%…%%` parts (an unclosed `%%` hides the rest), and
/// the spaces they leave doubled made single.
pub(crate) fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("%%") {
        out.push_str(&rest[..open]);
        match rest[open + 2..].find("%%") {
            Some(close) => rest = &rest[open + 2 + close + 2..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::line_around;
    use crate::span::LineIndex;

    /// The line around every offset of texts with every kind of line end
    /// is the line index's line of that offset.
    #[test]
    fn line_around_is_the_line_index_line() {
        for text in [
            "",
            "a",
            "\n",
            "ab\ncd",
            "ab\r\ncd\r\n",
            "\n\nx\n",
            "é\r\n\r\nz",
            "a\r",
        ] {
            let lines = LineIndex::new(text);
            for offset in 0..=text.len() {
                assert_eq!(
                    line_around(text, offset),
                    lines.line_range(text, lines.line_of(offset)),
                    "{text:?} at {offset}"
                );
            }
        }
    }
}
