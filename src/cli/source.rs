//! The line of a file a diagnostic points at, so every problem with a place is shown with the
//! line and a caret under what is wrong, not only problems inside an expression.
//!
//! Each file is read once however many diagnostics point into it, and its line starts are found
//! in one pass, so showing `n` diagnostics of a file costs the file's size plus `n` lines.

use flowsim::diag::{Diagnostic, Span};
use flowsim::util::{read_text, MAX_INPUT_BYTES};
use std::collections::HashMap;
use std::path::PathBuf;

/// A file's text and where each of its lines starts.
struct Lines {
    text: String,
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: String) -> Lines {
        let starts =
            std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Lines { text, starts }
    }

    /// Line `line` (1-based, without its line break) and the byte offset in it of `column`
    /// (1-based, in characters).
    fn line(&self, line: usize, column: usize) -> Option<(&str, usize)> {
        let from = *self.starts.get(line.checked_sub(1)?)?;
        let to = self.starts.get(line).map_or(self.text.len(), |s| s - 1);
        let l = self.text[from..to].strip_suffix('\r').unwrap_or(&self.text[from..to]);
        let start = l.char_indices().nth(column.saturating_sub(1)).map_or(l.len(), |(i, _)| i);
        Some((l, start))
    }
}

/// The files diagnostics point into, each read at most once.
#[derive(Default)]
pub struct Sources {
    files: HashMap<PathBuf, Option<Lines>>,
}

impl Sources {
    /// `d` with the line its place names as its snippet, the caret under the word, key or quoted
    /// string that starts there. A diagnostic that has a snippet already (an expression's
    /// text), no line and column, or a file that cannot be read now is returned as it is.
    pub fn attach(&mut self, d: &Diagnostic) -> Option<Diagnostic> {
        if d.snippet.is_some() {
            return None;
        }
        let (Some(file), Some(line), Some(column)) = (&d.file, d.line, d.column) else {
            return None;
        };
        let lines = self
            .files
            .entry(file.clone())
            .or_insert_with(|| read_text(file, MAX_INPUT_BYTES).ok().map(Lines::new))
            .as_ref()?;
        let (text, mut start) = lines.line(line, column)?;
        // A place known only to its line (column 1) points at the line's content: past the
        // indent and a YAML list item's `- `.
        if text[..start].trim().is_empty() {
            let rest = text[start..].trim_start();
            let rest = rest.strip_prefix("- ").map_or(rest, str::trim_start);
            start = text.len() - rest.len();
        }
        let end = start + extent(&text[start..]);
        let mut d = d.clone();
        d.snippet =
            Some(flowsim::diag::Snippet { source: text.to_owned(), span: Span::new(start, end) });
        Some(d)
    }
}

/// How many bytes of `rest` the caret covers: a quoted string with its quotes; else the name
/// that starts there (a key, a node's name with spaces) up to the YAML or JSON punctuation or
/// comment that ends it; at least one character.
fn extent(rest: &str) -> usize {
    let first = rest.chars().next().map_or(0, char::len_utf8);
    let b = rest.as_bytes();
    if let Some(&quote @ (b'"' | b'\'')) = b.first() {
        let mut i = 1;
        while i < b.len() {
            match b[i] {
                b'\\' if quote == b'"' => i += 2,
                b'\'' if quote == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 2,
                c if c == quote => return i + 1,
                _ => i += 1,
            }
        }
        return first;
    }
    let stop = rest.find(|c: char| ",:[]{}\"'".contains(c)).unwrap_or(rest.len());
    let stop = rest[..stop].find(" #").unwrap_or(stop);
    rest[..stop].trim_end().len().max(first)
}

#[cfg(test)]
mod tests {
    use super::{extent, Lines};

    #[test]
    fn the_caret_covers_a_key_a_quoted_string_or_one_character() {
        assert_eq!(extent("name: Flow.x"), 4);
        assert_eq!(extent("Check Hours: x"), 11);
        assert_eq!(extent(r#""Check \"A\"", "next""#), 13);
        assert_eq!(extent("'it''s' x"), 7);
        assert_eq!(extent("\"open"), 1);
        assert_eq!(extent(": x"), 1);
        assert_eq!(extent("value # note"), 5);
        assert_eq!(extent(""), 0);
    }

    #[test]
    fn lines_are_found_by_number_and_columns_by_character() {
        let l = Lines::new("a: 1\r\nné: 2\nlast".to_owned());
        assert_eq!(l.line(1, 1), Some(("a: 1", 0)));
        assert_eq!(l.line(2, 3), Some(("né: 2", 3)));
        assert_eq!(l.line(3, 9), Some(("last", 4)));
        assert_eq!(l.line(4, 1), None);
        assert_eq!(l.line(0, 1), None);
    }
}
