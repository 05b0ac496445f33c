//! Diagnostics: every problem found while loading or checking flows, as data.
//!
//! A diagnostic names the file, the flow, the node and the property it is about, and for
//! expressions carries the text and the span to put a caret under. Only the CLI renders them.

mod code;
mod explain;
pub mod text;

pub use code::Code;
pub use explain::{every_code, markdown as codes_markdown, Explanation};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Expression text and the part of it that is wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snippet {
    pub source: String,
    pub span: Span,
}

/// Byte offsets into a text (an expression, a property's value): `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start: start as u32, end: end as u32 }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable camelCase code: `danglingNextNode`, `unknownNodeType`, `syntax`, ...
    pub code: Code,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    /// 1-based line and column in the file, when known (JSON syntax errors).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flow: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// Where in the flow or node: `onComplete.nextNode`, `properties.conditions[0].expression`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub property: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<Snippet>,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Where a diagnostic about a JSON flow stands when that is not at its `property` (the path
    /// of a misspelt key, for the error of the property it misspells): read when its line and
    /// column are looked up, never shown.
    #[serde(skip)]
    pub placed_at: Option<String>,
    /// The edit that makes this problem go away, when it is certain (`=` to `==`, the one name
    /// a misspelt name can mean): what `check --fix` applies and `check --diff` shows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// The certain edit of the value this diagnostic is about, before the loader knows where
    /// the file writes that value (a seeds' JSON flow's diagnostics are placed after it is
    /// read): where it places the diagnostic, the loader makes it the `fix`, when the file
    /// writes that part of the value as it reads. Never shown.
    #[serde(skip)]
    pub edit: Option<Edit>,
    /// The name the problem is about, as a tool acting on it needs it (the data action the
    /// fixtures lack, for the editor's fix that adds its mock): read by tools, never shown.
    #[serde(skip)]
    pub subject: Option<String>,
}

/// A certain edit of a value's text (an expression, a name): `value[span]` becomes `new`.
/// Made a [`Fix`] by `util::scalar_pos::fix`, which finds where a file writes that part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub value: String,
    pub span: Span,
    pub new: String,
}

/// A certain edit of the diagnostic's file: the text `old` that starts at `line` and `column`
/// (1-based; the column counts characters) becomes `new`. Applied only where the file still
/// reads `old` there and not already `new` (`==` for the fix of `=`), so a fix applied twice,
/// or to a file edited since, changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub line: usize,
    pub column: usize,
    pub old: String,
    pub new: String,
}

/// The most diagnostics rendered for one command, and the most bytes of them: a hostile file
/// with millions of problems gets the first ones and a count of the rest.
pub const MAX_DIAGNOSTICS: usize = 1_000;
pub const MAX_DIAGNOSTIC_BYTES: usize = 1 << 20;
/// The most diagnostics of one kind a single file collects before it counts the rest.
pub const MAX_PER_FILE: usize = 100;

/// The diagnostics to show of `diags` (at most [`MAX_DIAGNOSTICS`], their messages and help
/// within [`MAX_DIAGNOSTIC_BYTES`]) and how many were left out.
pub fn shown(diags: &[Diagnostic]) -> (&[Diagnostic], usize) {
    let mut bytes = 0usize;
    let mut n = 0;
    for d in diags.iter().take(MAX_DIAGNOSTICS) {
        bytes += d.message.len() + d.help.as_deref().map_or(0, str::len) + 64;
        if bytes > MAX_DIAGNOSTIC_BYTES && n > 0 {
            break;
        }
        n += 1;
    }
    (&diags[..n], diags.len() - n)
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: None,
            line: None,
            column: None,
            flow: None,
            node: None,
            property: None,
            snippet: None,
            help: None,
            placed_at: None,
            fix: None,
            edit: None,
            subject: None,
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, message) }
    }

    #[must_use]
    pub fn file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    #[must_use]
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    #[must_use]
    pub fn flow(mut self, flow: impl Into<String>) -> Self {
        self.flow = Some(flow.into());
        self
    }

    #[must_use]
    pub fn node(mut self, node: impl Into<String>) -> Self {
        self.node = Some(node.into());
        self
    }

    #[must_use]
    pub fn property(mut self, property: impl Into<String>) -> Self {
        self.property = Some(property.into());
        self
    }

    #[must_use]
    pub fn snippet(mut self, source: impl Into<String>, span: Span) -> Self {
        self.snippet = Some(Snippet { source: source.into(), span });
        self
    }

    /// The name the problem is about, for a tool acting on it ([`Diagnostic::subject`]).
    #[must_use]
    pub fn subject(mut self, name: impl Into<String>) -> Self {
        self.subject = Some(name.into());
        self
    }

    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// The certain edit that makes this problem go away ([`Fix`]).
    #[must_use]
    pub fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// [`Diagnostic::fix`], when there is one.
    #[must_use]
    pub fn maybe_fix(mut self, fix: Option<Fix>) -> Self {
        if fix.is_some() {
            self.fix = fix;
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics by file, keeping each file's problems in the order they were found
/// (which follows the file: flow, then nodes in order).
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| a.file.cmp(&b.file));
}
