//! Scenario files (and their flows and fixtures) that could not be used, rendered as `check`
//! renders diagnostics: a code, the place with a normalised path, the line with a caret under
//! the column, and what to do. `flowsim test` writes them to stderr and exits 2, as cargo does
//! when a test target does not compile.

use flowsim::diag::Diagnostic;
use flowsim::harness::FileError;
use flowsim::util::files::normalise;
use std::path::Path;

/// One file error as a diagnostic, with the offending line and a caret when it has a place.
pub fn diagnostic(e: &FileError) -> Diagnostic {
    let file = normalise(&e.file);
    let mut d =
        Diagnostic::error(e.code.unwrap_or(flowsim::diag::Code::ScenarioFile), e.message.clone())
            .file(&file);
    if let (Some(line), Some(column)) = (e.line, e.column) {
        d = d.at(line, column);
        if let Some((text, start)) = line_of(&e.file, line, column) {
            // Under the name that starts there (a key, a node's name with spaces), up to the
            // YAML punctuation or comment that ends it, or one character.
            let rest = &text[start..];
            let stop = rest.find(|c: char| ",:[]{}\"'".contains(c)).unwrap_or(rest.len());
            let stop = rest[..stop].find(" #").unwrap_or(stop);
            let word = rest[..stop].trim_end().len();
            let first = text[start..].chars().next().map_or(0, char::len_utf8);
            let end = start + word.max(first);
            d = d.snippet(text, flowsim::expr::Span { start: start as u32, end: end as u32 });
        }
    }
    if !e.help.is_empty() {
        d = d.help(e.help.clone());
    }
    d
}

/// Line `line` of `file` and the byte offset of (1-based, in characters) `column` in it.
fn line_of(file: &Path, line: usize, column: usize) -> Option<(String, usize)> {
    let text = flowsim::util::read_text(file, flowsim::util::MAX_INPUT_BYTES).ok()?;
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let start = l.char_indices().nth(column.saturating_sub(1)).map_or(l.len(), |(i, _)| i);
    Some((l.to_owned(), start))
}

/// Every file error, then `N error(s)`, as `check` prints them.
pub fn render(errors: &[FileError]) -> String {
    let diags: Vec<Diagnostic> = errors.iter().map(diagnostic).collect();
    super::render::diagnostics(&diags)
}
