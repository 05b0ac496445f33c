//! flowsim's places to LSP's and back: paths and `file:` URIs, 1-based lines and columns in
//! characters to 0-based lines and UTF-16 code units, and a diagnostic to LSP's.
//!
//! Invariants: a position past a line's end is clamped to the line's end, a line past the
//! document's end to its last line, so a stale diagnostic never makes an invalid range; every
//! conversion costs the one line it reads (the document's line starts are indexed once).

use flowsim_project::diag::{Diagnostic, Severity};
use flowsim_project::util::{percent, Cut};
use lsp_types::{NumberOrString, Position, Range, Uri};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// A document's text with the byte offset of each line's start.
#[derive(Debug, Clone, Default)]
pub struct Text {
    pub text: String,
    starts: Vec<usize>,
}

impl Text {
    pub fn new(text: String) -> Text {
        let mut starts = vec![0];
        starts.extend(memchr_lines(&text));
        Text { text, starts }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Line `i` (0-based) without its line end; empty past the end.
    pub fn line(&self, i: usize) -> &str {
        let Some(&start) = self.starts.get(i) else { return "" };
        let end = self.starts.get(i + 1).map_or(self.text.len(), |&e| e);
        self.text.cut(start..end).trim_end_matches(['\n', '\r'])
    }

    /// The LSP position of 1-based `line` and `column` (in characters).
    pub fn position(&self, line: usize, column: usize) -> Position {
        let i = line.saturating_sub(1).min(self.line_count().saturating_sub(1));
        let text = self.line(i);
        let units: usize = text.chars().take(column.saturating_sub(1)).map(char::len_utf16).sum();
        Position::new(i as u32, units as u32)
    }

    /// The byte offset in line `i` of LSP character `character` (UTF-16 units), clamped.
    pub fn byte_in_line(&self, i: usize, character: u32) -> usize {
        let text = self.line(i);
        let mut units = 0usize;
        for (b, c) in text.char_indices() {
            if units >= character as usize {
                return b;
            }
            units += c.len_utf16();
        }
        text.len()
    }

    /// The UTF-16 column of byte `b` of line `i`.
    pub fn units_before(&self, i: usize, b: usize) -> u32 {
        let text = self.line(i);
        text.get(..text.floor_char_boundary(b))
            .unwrap_or_default()
            .chars()
            .map(char::len_utf16)
            .sum::<usize>() as u32
    }

    /// The range of bytes `start..end` of line `i`.
    pub fn range_in_line(&self, i: usize, start: usize, end: usize) -> Range {
        Range::new(
            Position::new(i as u32, self.units_before(i, start)),
            Position::new(i as u32, self.units_before(i, end)),
        )
    }
}

fn memchr_lines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1)
}

/// The range a diagnostic underlines: from its place to the end of the text its fix replaces,
/// else to the end of the word there, else one character; the first line when it has no place.
pub fn diagnostic_range(text: &Text, d: &Diagnostic) -> Range {
    let line = d.line.unwrap_or(1);
    let column = d.column.unwrap_or(1);
    let start = text.position(line, column);
    let i = start.line as usize;
    let from = text.byte_in_line(i, start.character);
    let rest = text.line(i).cut(from..);
    let len = match &d.fix {
        Some(f) if rest.starts_with(f.old.as_str()) && !f.old.is_empty() => f.old.len(),
        _ => {
            let word = rest.find(|c: char| c.is_whitespace() || c == ',').unwrap_or(rest.len());
            if word == 0 {
                rest.chars().next().map_or(0, char::len_utf8)
            } else {
                word
            }
        }
    };
    text.range_in_line(i, from, from + len)
}

/// flowsim's diagnostic as LSP's, placed in `text`.
pub fn diagnostic(text: &Text, d: &Diagnostic) -> lsp_types::Diagnostic {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    lsp_types::Diagnostic {
        range: diagnostic_range(text, d),
        severity: Some(match d.severity {
            Severity::Error => lsp_types::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp_types::DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.as_str().to_owned())),
        source: Some("flowsim".into()),
        message,
        ..lsp_types::Diagnostic::default()
    }
}

/// The path of a `file:` URI (percent-escapes decoded); `None` for another scheme.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://")?;
    // `file:///C:/x` on Windows, `file:///x` elsewhere; a host other than empty or localhost
    // is not a local file.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let path = String::from_utf8(percent::decode(rest)).ok()?;
    #[cfg(windows)]
    let path = path.trim_start_matches('/').to_owned();
    Some(PathBuf::from(path))
}

/// The `file:` URI of an absolute path, escaping what a URI's path cannot hold.
pub fn uri_of(path: &Path) -> Uri {
    let mut text = String::from("file://");
    let shown = path.to_string_lossy().replace('\\', "/");
    if !shown.starts_with('/') {
        text.push('/');
    }
    percent::encode_into(&mut text, &shown, percent::PATH);
    Uri::from_str(&text).unwrap_or_else(|_| Uri::from_str("file:///").expect("a valid URI"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use flowsim_project::diag::Code;

    #[test]
    fn columns_count_characters_and_positions_count_utf16_units() {
        // `é` is one character and one UTF-16 unit; `𝄞` one character and two units.
        let text = Text::new("a: 𝄞é Flow.x\n".into());
        assert_eq!(text.position(1, 6), Position::new(0, 6));
        assert_eq!(text.byte_in_line(0, 6), "a: 𝄞é".len());
    }

    #[test]
    fn a_diagnostic_underlines_the_text_its_fix_replaces() {
        let text = Text::new("x:\n  exp: Flow.a = 1\n".into());
        let mut d = Diagnostic::error(Code::Syntax, "use ==").at(2, 15);
        d.fix = Some(flowsim_project::diag::Fix {
            line: 2,
            column: 15,
            old: "=".into(),
            new: "==".into(),
        });
        let r = diagnostic(&text, &d).range;
        assert_eq!((r.start, r.end), (Position::new(1, 14), Position::new(1, 15)));
    }

    #[test]
    fn a_place_past_the_text_is_clamped() {
        let text = Text::new("ab".into());
        let d = Diagnostic::error(Code::Syntax, "x").at(9, 9);
        let r = diagnostic(&text, &d).range;
        assert_eq!(r.start, Position::new(0, 2));
    }

    #[test]
    fn paths_and_uris_round_trip_with_escapes() {
        let path = Path::new("/tmp/my flows/ivr #1.yaml");
        let uri = uri_of(path);
        assert_eq!(uri.as_str(), "file:///tmp/my%20flows/ivr%20%231.yaml");
        assert_eq!(path_of(&uri).as_deref(), Some(path));
    }
}
