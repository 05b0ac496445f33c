//! A diagnostic as people read it, rustc-style, in plain text (no colour): what every front
//! end prints (the CLI's reports and refusals, the debug adapter's console), so one finding
//! reads the same wherever it is shown.

use super::{Diagnostic, Severity};
use std::fmt::Write as _;

/// One diagnostic, rustc-style:
///
/// ```text
/// error[syntax]: unexpected end of expression: expected a value
///   --> flows/a.json: flow `A`, node `Check`, property `properties.conditions[0].expression`
///    |
///    | Flow.x ==
///    |          ^
///    = help: ...
/// ```
pub fn diagnostic(d: &Diagnostic) -> String {
    let mut out = String::new();
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let _ = writeln!(out, "{level}[{}]: {}", d.code, d.message);
    let mut place = Vec::new();
    if let Some(f) = &d.file {
        let mut s = f.display().to_string();
        if let (Some(l), Some(c)) = (d.line, d.column) {
            let _ = write!(s, ":{l}:{c}");
        }
        place.push(s);
    }
    let mut within = Vec::new();
    if let Some(f) = &d.flow {
        within.push(format!("flow `{f}`"));
    }
    if let Some(n) = &d.node {
        within.push(format!("node `{n}`"));
    }
    if let Some(p) = &d.property {
        within.push(format!("property `{p}`"));
    }
    if !within.is_empty() {
        place.push(within.join(", "));
    }
    if !place.is_empty() {
        let _ = writeln!(out, "  --> {}", place.join(": "));
    }
    if let Some(snippet) = &d.snippet {
        caret(&mut out, &snippet.source, snippet.span.start as usize, snippet.span.end as usize);
    }
    if let Some(h) = &d.help {
        let _ = writeln!(out, "   = help: {h}");
    }
    out
}

/// The source line holding `start`, with a caret run under `start..end`.
fn caret(out: &mut String, source: &str, start: usize, end: usize) {
    // Spans are byte offsets from the parser; clamp them onto character boundaries anyway.
    let mut start = start.min(source.len());
    while !source.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = end.clamp(start, source.len());
    while !source.is_char_boundary(end) {
        end += 1;
    }
    let (before, after) = source.split_at_checked(start).unwrap_or((source, ""));
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line_end = after.find('\n').map_or(source.len(), |i| start + i);
    let line = source.get(line_start..line_end).unwrap_or_default();
    // Very long single-line sources (a 10 MB string) are cut around the caret.
    let (shown, col_offset) = clip(line, start - line_start);
    let column = shown.get(..col_offset.min(shown.len())).map_or(0, |s| s.chars().count());
    let width =
        source.get(start..end.clamp(start, line_end)).map_or(0, |s| s.chars().count()).clamp(1, 80);
    let _ = writeln!(out, "   |");
    let _ = writeln!(out, "   | {}", shown.replace('\t', " "));
    let _ = writeln!(out, "   | {}{}", " ".repeat(column), "^".repeat(width));
}

/// At most about 100 characters of `line` around byte `at`; returns the text and `at` within it.
fn clip(line: &str, at: usize) -> (String, usize) {
    if line.len() <= 120 {
        return (line.to_owned(), at);
    }
    let mut from = at.saturating_sub(50);
    while !line.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (at + 50).min(line.len());
    while !line.is_char_boundary(to) {
        to += 1;
    }
    let prefix = if from > 0 { "…" } else { "" };
    let suffix = if to < line.len() { "…" } else { "" };
    let shown = line.get(from..to).unwrap_or_default();
    (format!("{prefix}{shown}{suffix}"), at - from + prefix.len())
}
