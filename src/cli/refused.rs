//! A command's refusal: bad input, or something the command needs that it cannot have. A
//! refusal is diagnostics (each with its code, place and help), printed on standard error by
//! the one renderer (`render`) and ending the command with exit code 2. No command formats an
//! `error: ...` text of its own: what it knows of the place goes into the diagnostic's file,
//! line and column, so the renderer shows the line and a caret under it.

use flowsim::diag::{Code, Diagnostic};
use flowsim::util::files::ReadError;
use std::path::Path;

/// Bad input: what to print on stderr, as diagnostics; exit code 2.
#[derive(Debug, Clone)]
pub(crate) struct Refused {
    diagnostics: Vec<Diagnostic>,
    /// Whether the count (`N error(s), M warning(s)`) follows them, as it follows a list of
    /// load errors (`check` prints its findings so).
    counted: bool,
    /// A line after them that is no problem of its own: what to do before anything else
    /// (the project file that must be fixed first).
    note: Option<String>,
}

impl From<Diagnostic> for Refused {
    fn from(d: Diagnostic) -> Refused {
        Refused { diagnostics: vec![d], counted: false, note: None }
    }
}

impl From<Vec<Diagnostic>> for Refused {
    /// Several problems, each on its own, with no count after them.
    fn from(diagnostics: Vec<Diagnostic>) -> Refused {
        Refused { diagnostics, counted: false, note: None }
    }
}

impl Refused {
    /// One error of `code`: `Refused::error(Code::BadArgument, "...").help("...")` reads as
    /// `Refused::from(Diagnostic::error(..).help(..))`.
    pub(crate) fn error(code: Code, message: impl Into<String>) -> Refused {
        Refused::from(Diagnostic::error(code, message))
    }

    /// A file the command was given that does not read (`util::read_text`'s error): `what`
    /// names its role (`the --coverage file`), the place is the file and, for text that is not
    /// UTF-8, the line and column of the first bad byte.
    pub(crate) fn unreadable(path: &Path, what: &str, e: &ReadError) -> Refused {
        let (line, column) = e.line_column().unzip();
        Refused::error(e.code(), format!("{e} ({what})"))
            .file(path)
            .at_known(line, column)
            .help(e.help())
    }

    /// JSON that does not read as `what` (`the request is not a valid run request`): serde's
    /// message after it, and its place, 1-based (`json_pos::syntax_error`).
    pub(crate) fn of_json(code: Code, what: &str, e: &serde_json::Error) -> Refused {
        let (message, place) = flowsim::util::json_pos::syntax_error(e);
        let (line, column) = place.unzip();
        Refused::error(code, format!("{what}: {message}")).at_known(line, column)
    }

    /// Every diagnostic of a load that failed, then their count, as `check` prints them.
    pub(crate) fn all(diagnostics: Vec<Diagnostic>) -> Refused {
        Refused { diagnostics, counted: true, note: None }
    }

    /// The help of the (last) diagnostic: what to do.
    #[must_use]
    pub(crate) fn help(mut self, help: impl Into<String>) -> Refused {
        if let Some(d) = self.diagnostics.last_mut() {
            d.help = Some(help.into());
        }
        self
    }

    /// The file the (last) diagnostic is about, and where in it when known.
    #[must_use]
    pub(crate) fn file(mut self, file: impl Into<std::path::PathBuf>) -> Refused {
        if let Some(d) = self.diagnostics.last_mut() {
            d.file = Some(file.into());
        }
        self
    }

    /// The (last) diagnostic's 1-based line and column in its file.
    #[must_use]
    pub(crate) fn at(mut self, line: usize, column: usize) -> Refused {
        if let Some(d) = self.diagnostics.last_mut() {
            d.line = Some(line);
            d.column = Some(column);
        }
        self
    }

    /// [`Refused::at`] where the line and column are known.
    #[must_use]
    pub(crate) fn at_known(self, line: Option<usize>, column: Option<usize>) -> Refused {
        match (line, column) {
            (Some(line), Some(column)) => self.at(line, column),
            _ => self,
        }
    }

    /// A line printed after the diagnostics ([`Refused::note`]).
    #[must_use]
    pub(crate) fn note(mut self, note: impl Into<String>) -> Refused {
        self.note = Some(note.into());
        self
    }

    /// Its diagnostics: what a machine's form of the refusal lists (`finish`).
    pub(crate) fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The refusal as it is printed: the diagnostics by the one renderer (each with its line
    /// and caret where it has a place), their count when they are a load's, then the note.
    pub(crate) fn render(&self) -> String {
        let mut out = if self.counted {
            super::render::diagnostics(&self.diagnostics)
        } else {
            super::render::listed(&self.diagnostics)
        };
        if let Some(note) = &self.note {
            out.push_str(note);
            out.push('\n');
        }
        out
    }
}
