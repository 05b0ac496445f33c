//! The line of a file a diagnostic points at, so every problem with a place is shown with the
//! line and a caret under what is wrong, not only problems inside an expression.
//!
//! Each file is read once however many diagnostics point into it and indexed in one pass
//! (`util::lines`), and a long line is shown only around its caret, so showing `n`
//! diagnostics of a file costs the file's size plus a few hundred characters each.

use flowsim::diag::{Diagnostic, Span};
use flowsim::util::lines::Lines;
use flowsim::util::Cut;
use flowsim::util::{read_text, MAX_INPUT_BYTES};
use std::collections::HashMap;
use std::path::PathBuf;

/// A line longer than this (in bytes) is shown only around its caret: a minified export is one
/// line of megabytes.
const LONG: usize = 240;

/// Characters of a long line shown before and after what a diagnostic points at.
const BEFORE: usize = 60;
const AFTER: usize = 100;

/// The longest caret, in bytes: what it covers is a key, a name or a quoted string.
const MAX_CARET: usize = 1024;

/// A file's text and its line index.
struct File {
    text: String,
    lines: Lines,
}

/// The files diagnostics point into, each read at most once.
#[derive(Default)]
pub struct Sources {
    files: HashMap<PathBuf, Option<File>>,
}

impl Sources {
    /// `d` with the line its place names as its snippet, the caret under the word, key or quoted
    /// string that starts there. A diagnostic that has a snippet already (an expression's
    /// text), no line and column, or a file that cannot be read now is returned as it is.
    pub fn attach(&mut self, d: &Diagnostic) -> Option<Diagnostic> {
        if d.snippet.is_some() {
            return None;
        }
        let (text, start, end) = self.caret(d)?;
        let (source, span) = window(text, start, end);
        let mut d = d.clone();
        d.snippet = Some(flowsim::diag::Snippet { source, span });
        Some(d)
    }

    /// Where the text form's caret ends on the diagnostic's line: the 1-based column (in
    /// characters) just past what it underlines, the caret [`Sources::attach`] draws, or the
    /// expression's own caret when the diagnostic has one (on its first line). `None`: no line
    /// and column, or a file that cannot be read now.
    pub fn caret_end(&mut self, d: &Diagnostic) -> Option<usize> {
        let column = d.column?;
        if let Some(s) = &d.snippet {
            let start = floor_char_boundary(&s.source, s.span.start as usize);
            let end = floor_char_boundary(&s.source, (s.span.end as usize).max(start));
            let under = s.source.cut(start..end);
            let under = under.split('\n').next().unwrap_or_default();
            return Some(column + under.chars().count().max(1));
        }
        let (text, _, end) = self.caret(d)?;
        Some(text.cut(..end).chars().count() + 1)
    }

    /// The line `d`'s place names and the bytes of it the caret covers: the word, key or quoted
    /// string that starts there.
    fn caret(&mut self, d: &Diagnostic) -> Option<(&str, usize, usize)> {
        let (Some(file), Some(line), Some(column)) = (&d.file, d.line, d.column) else {
            return None;
        };
        let f = self
            .files
            .entry(file.clone())
            .or_insert_with(|| {
                let text = read_text(file, MAX_INPUT_BYTES).ok()?;
                Some(File { lines: Lines::new(&text), text })
            })
            .as_ref()?;
        let text = f.lines.line(&f.text, line)?;
        let line_start = f.lines.start(line)?;
        let mut start = f
            .lines
            .byte_at(&f.text, line, column.max(1))
            .map_or(text.len(), |at| (at - line_start).min(text.len()));
        // A place known only to its line (column 1) points at the line's content: past the
        // indent and a YAML list item's `- `.
        if text.cut(..start).trim().is_empty() {
            let rest = text.cut(start..).trim_start();
            let rest = rest.strip_prefix("- ").map_or(rest, str::trim_start);
            start = text.len() - rest.len();
        }
        let end = start + extent(text.cut(start..floor_char_boundary(text, start + MAX_CARET)));
        Some((text, start, end))
    }
}

/// The part of `line` shown around bytes `start..end` (all of a line up to [`LONG`] bytes; else
/// up to [`BEFORE`] characters before and [`AFTER`] after, with `…` where it is cut), and the
/// span of `start..end` in it.
fn window(line: &str, start: usize, end: usize) -> (String, Span) {
    if line.len() <= LONG {
        return (line.to_owned(), Span::new(start, end));
    }
    let from = line
        .get(..start)
        .unwrap_or_default()
        .char_indices()
        .rev()
        .nth(BEFORE - 1)
        .map_or(0, |(i, _)| i);
    let to = line
        .get(end..)
        .unwrap_or_default()
        .char_indices()
        .nth(AFTER)
        .map_or(line.len(), |(i, _)| end + i);
    let mut shown = String::with_capacity(to - from + 6);
    if from > 0 {
        shown.push('…');
    }
    let offset = shown.len();
    shown.push_str(line.cut(from..to));
    if to < line.len() {
        shown.push('…');
    }
    (shown, Span::new(start - from + offset, end - from + offset))
}

/// The largest character boundary of `text` at or before `at`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
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
    let stop = rest.cut(..stop).find(" #").unwrap_or(stop);
    rest.cut(..stop).trim_end().len().max(first)
}

#[cfg(test)]
mod tests {
    use super::{extent, window, Span};

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
    fn a_long_line_is_shown_around_the_caret_and_a_short_one_whole() {
        let caret =
            |shown: &str, span: Span| shown[span.start as usize..span.end as usize].to_owned();
        assert_eq!(window("a: bad", 3, 6), ("a: bad".to_owned(), Span::new(3, 6)));
        let short = format!("{}bad", " ".repeat(237));
        assert_eq!(window(&short, 237, 240), (short.clone(), Span::new(237, 240)));
        let line = format!("{}\"key\": 1{}", "é".repeat(500), "x".repeat(500));
        let start = "é".len() * 500;
        let (shown, span) = window(&line, start, start + 5);
        assert_eq!(shown, format!("…{}\"key\": 1{}…", "é".repeat(60), "x".repeat(97)));
        assert_eq!(caret(&shown, span), "\"key\"");
        let (shown, span) = window(&line, 0, 2);
        assert!(shown.starts_with("éé") && shown.ends_with('…'), "{shown}");
        assert_eq!(caret(&shown, span), "é");
    }
}
