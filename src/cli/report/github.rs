//! GitHub Actions annotations: one workflow command a finding (`::error
//! file=...,line=...,col=...,title=...::message`), escaped as the runner requires. Properties
//! escape `%`, CR, LF, `:` and `,`; the message `%`, CR and LF. Other control characters (an
//! escape sequence in a name would colour the log, which shows ANSI colours) are written in
//! the trace's printable form (`\u{1b}`), so an annotation is always one line and the only
//! workflow command in it is its own.

use flowsim::diag::Diagnostic;
use std::fmt::Write as _;
use std::path::Path;

/// An annotation's level.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
}

/// One finding, as GitHub shows it beside a file's line.
pub struct Annotation<'a> {
    pub level: Level,
    pub file: Option<&'a Path>,
    pub line: Option<usize>,
    pub col: Option<usize>,
    pub title: &'a str,
    pub message: &'a str,
}

impl Annotation<'_> {
    /// Appends the workflow command, and its line break, to `out`.
    pub fn write(&self, out: &mut String) {
        out.push_str("::");
        out.push_str(match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        });
        out.push(' ');
        if let Some(f) = self.file {
            out.push_str("file=");
            property(out, &f.display().to_string());
            out.push(',');
        }
        if let Some(l) = self.line {
            let _ = write!(out, "line={l},");
        }
        if let Some(c) = self.col {
            let _ = write!(out, "col={c},");
        }
        out.push_str("title=");
        property(out, self.title);
        out.push_str("::");
        data(out, self.message, false);
        out.push('\n');
    }
}

/// The line that ends a list cut short: `count` findings were not shown.
pub fn not_shown(out: &mut String, count: usize) {
    let _ = writeln!(out, "::warning::{count} more diagnostic(s) not shown");
}

/// `diags` as GitHub Actions annotations (the first [`flowsim::diag::MAX_DIAGNOSTICS`], then
/// a notice counting the rest): `check --format github`'s form, and a refusal's.
pub(crate) fn diagnostics(diags: &[Diagnostic]) -> String {
    let (shown, more) = flowsim::diag::shown(diags);
    let mut text = String::new();
    for d in shown {
        let mut message = d.message.clone();
        if let Some(h) = &d.help {
            let _ = write!(message, " (help: {h})");
        }
        Annotation {
            level: if d.is_error() { Level::Error } else { Level::Warning },
            file: d.file.as_deref(),
            line: d.line,
            col: d.column,
            title: d.code.as_str(),
            message: &message,
        }
        .write(&mut text);
    }
    if more > 0 {
        not_shown(&mut text, more);
    }
    text
}

fn data(out: &mut String, s: &str, property: bool) {
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c if c.is_control() => out.extend(c.escape_debug()),
            c => out.push(c),
        }
    }
}

fn property(out: &mut String, s: &str) {
    data(out, s, true);
}

#[cfg(test)]
mod tests {
    use super::{not_shown, Annotation, Level};
    use std::path::Path;

    fn written(a: &Annotation) -> String {
        let mut out = String::new();
        a.write(&mut out);
        out
    }

    #[test]
    fn an_annotation_is_one_command_on_one_line() {
        let a = Annotation {
            level: Level::Error,
            file: Some(Path::new("a,b:c.yaml")),
            line: Some(3),
            col: Some(7),
            title: "x › y: 100%",
            message: "expected 1\n::warning::got 2%\r\u{1b}[31m",
        };
        assert_eq!(
            written(&a),
            "::error file=a%2Cb%3Ac.yaml,line=3,col=7,title=x › y%3A 100%25\
             ::expected 1%0A::warning::got 2%25%0D\\u{1b}[31m\n"
        );
    }

    #[test]
    fn places_are_left_out_when_unknown() {
        let a = Annotation {
            level: Level::Warning,
            file: None,
            line: None,
            col: None,
            title: "W001",
            message: "m",
        };
        assert_eq!(written(&a), "::warning title=W001::m\n");
        let mut out = String::new();
        not_shown(&mut out, 4);
        assert_eq!(out, "::warning::4 more diagnostic(s) not shown\n");
    }
}
