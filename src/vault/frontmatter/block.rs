//! Finding the frontmatter block: at the top of the file, or right after
//! an ATX H1 when its content is (or is clearly meant to be) a YAML mapping.

use super::model::{Frontmatter, FrontmatterError, Node, Placement, Value};
use super::yaml::parse_yaml;

/// Find the frontmatter block of `src`, if any, and parse it.
pub fn extract(src: &str) -> Option<Frontmatter> {
    if let Some(found) = at_top(src) {
        return Some(found);
    }
    after_h1(src)
}

/// Lines of `src` from `from`, as (start, end-without-terminator, next-start).
fn lines_from(src: &str, from: usize) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= src.len() {
            return None;
        }
        let start = pos;
        let (end, next) = match memchr::memchr(b'\n', &src.as_bytes()[start..]) {
            Some(i) => (start + i, start + i + 1),
            None => (src.len(), src.len()),
        };
        pos = next;
        let end = if end > start && src.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        Some((start, end, next))
    })
}

fn is_delimiter(line: &str) -> bool {
    line.trim_end() == "---"
}

fn is_closing(line: &str) -> bool {
    let line = line.trim_end();
    line == "---" || line == "..."
}

/// The closing delimiter after the opening one at `open_next`:
/// (yaml end, block end).
fn find_close(src: &str, open_next: usize) -> Option<(usize, usize)> {
    lines_from(src, open_next)
        .find(|&(start, end, _)| is_closing(&src[start..end]))
        .map(|(start, _, next)| (start, next))
}

fn at_top(src: &str) -> Option<Frontmatter> {
    // A byte order mark is already read off (`Note::from_bytes`).
    let (start, end, next) = lines_from(src, 0).next()?;
    if !is_delimiter(&src[start..end]) {
        return None;
    }
    let Some((yaml_end, block_end)) = find_close(src, next) else {
        // Never closed: Obsidian reads no frontmatter and shows the rest as
        // Markdown, so only the opening `---` counts as the block and the
        // rest of the note is still parsed and checked.
        return Some(Frontmatter {
            placement: Placement::Top,
            block: start..next,
            yaml: next..next,
            value: None,
            error: Some(FrontmatterError {
                offset: start,
                message: "frontmatter block opened with `---` is never closed".to_string(),
            }),
        });
    };
    let (value, error) = match parse_yaml(&src[next..yaml_end], next) {
        Ok(node) if matches!(node.value, Value::Map(_)) => (Some(node), None),
        Ok(Node {
            value: Value::Null, ..
        }) => (
            Some(Node {
                offset: next,
                value: Value::Map(Vec::new()),
            }),
            None,
        ),
        Ok(node) => (
            None,
            Some(FrontmatterError {
                offset: node.offset,
                message: format!(
                    "frontmatter must be a mapping of `key: value` lines, not {}",
                    node.type_name()
                ),
            }),
        ),
        Err(err) => (None, Some(err)),
    };
    Some(Frontmatter {
        placement: Placement::Top,
        block: start..block_end,
        yaml: next..yaml_end,
        value,
        error,
    })
}

fn is_atx_h1(line: &str) -> bool {
    let trimmed = line.trim_start_matches(' ');
    line.len() - trimmed.len() <= 3
        && trimmed.starts_with('#')
        && (trimmed.len() == 1 || trimmed[1..].starts_with([' ', '\t']))
}

fn looks_like_key_line(line: &str) -> bool {
    let mut chars = line.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && line.split_once(':').is_some_and(|(key, rest)| {
            key.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
                && (rest.is_empty() || rest.starts_with([' ', '\t']))
        })
}

fn after_h1(src: &str) -> Option<Frontmatter> {
    let mut lines = lines_from(src, 0).skip_while(|&(s, e, _)| src[s..e].trim().is_empty());
    let (h_start, h_end, _) = lines.next()?;
    if !is_atx_h1(&src[h_start..h_end]) {
        return None;
    }
    let (start, end, next) = lines.find(|&(s, e, _)| !src[s..e].trim().is_empty())?;
    if !is_delimiter(&src[start..end]) {
        return None;
    }
    let (yaml_end, block_end) = find_close(src, next)?;
    let yaml_text = &src[next..yaml_end];
    let intended = yaml_text
        .lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(looks_like_key_line);
    let (value, error) = match parse_yaml(yaml_text, next) {
        Ok(node) if matches!(node.value, Value::Map(_)) => (Some(node), None),
        Err(err) if intended => (None, Some(err)),
        _ => return None,
    };
    Some(Frontmatter {
        placement: Placement::AfterH1,
        block: start..block_end,
        yaml: next..yaml_end,
        value,
        error,
    })
}
