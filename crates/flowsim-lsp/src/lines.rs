//! The line being typed, for completion and for placing an edit in a fixture file: a line
//! split as block YAML writes it (indent, `- `, key, value). Completion reads the line under
//! the cursor and the keys above it because the text being typed often does not read as YAML
//! yet (`targetQ` with no colon); everything that navigates (outline, hover, definition,
//! references) reads the loader's positioned tree instead (`outline`).
//!
//! Invariants: one line at a time, linear in it; a line without a key is `None`, never an error.

use flowsim_project::util::Cut;
/// One line split as block YAML writes it.
pub struct Line<'t> {
    pub indent: usize,
    /// The line opens a list item (`- `).
    pub dash: bool,
    pub key: &'t str,
    /// Where the key starts, in bytes.
    pub key_at: usize,
    /// The value after `key:`, trimmed, without quotes; empty for a block.
    pub value: &'t str,
    pub value_at: usize,
}

/// Splits `line` into its key and value; `None` for blanks, comments and lines without a key.
pub fn split(line: &str) -> Option<Line<'_>> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let mut at = indent;
    let mut rest = line.cut(indent..);
    let dash = rest.starts_with("- ") || rest == "-";
    if dash {
        let after = rest.cut(1..).trim_start_matches(' ');
        at += rest.len() - after.len();
        rest = after;
    }
    if rest.starts_with('#') || rest.is_empty() {
        return None;
    }
    let colon = rest.find(": ").or_else(|| rest.ends_with(':').then(|| rest.len() - 1))?;
    let key = rest.cut(..colon).trim_matches(|c| c == '"' || c == '\'');
    if key.is_empty() {
        return None;
    }
    let raw = rest.cut(colon + 1..);
    let trimmed = raw.trim_start();
    let mut value_at = at + colon + 1 + (raw.len() - trimmed.len());
    let mut value = trimmed.trim_end();
    if let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        value = inner;
        value_at += 1;
    } else if let Some(inner) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        value = inner;
        value_at += 1;
    }
    Some(Line { indent, dash, key, key_at: at, value, value_at })
}
