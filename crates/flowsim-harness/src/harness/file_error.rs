//! A scenario file (or its flows, fixtures, or a recording) that could not be used: its file
//! and the one [`Diagnostic`] that says why.
//!
//! Invariant: the diagnostic is the only truth. Every form that shows a file error (the text
//! `check` renders, the JSON report, JUnit, GitHub annotations, HTML, the language server)
//! reads it through [`FileError::diagnostic`] or the accessors derived from it; nothing keeps
//! a flattened copy that could drift. The JSON form (`test --format json`, a shard) is a
//! function of it too, and reads back into one.

use crate::diag::{Code, Diagnostic};
use crate::fixtures::FixtureError;
use crate::util::files::SearchError;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::scenario::ScenarioFileError;

/// What could not be used and why.
#[derive(Debug, Clone, PartialEq)]
pub struct FileError {
    file: PathBuf,
    /// Why, its `file` left unset: [`FileError::diagnostic`] gives it the file, normalised.
    /// Its code is `scenarioFile` when the error has none of its own. Boxed: a diagnostic is
    /// hundreds of bytes, and a file error is carried in every `Result` of the suite's loading.
    diagnostic: Box<Diagnostic>,
}

// A path and a pointer: small enough to move through every loading `Result`.
const _: () = assert!(std::mem::size_of::<FileError>() <= 32);

impl FileError {
    /// An error of `file` with no code of its own (`scenarioFile`) and no place.
    pub fn new(
        file: impl Into<PathBuf>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> FileError {
        let help: String = help.into();
        let diagnostic = Diagnostic::error(Code::ScenarioFile, message)
            .maybe_help((!help.is_empty()).then_some(help));
        FileError { file: file.into(), diagnostic: Box::new(diagnostic) }
    }

    /// With its own code (a name the flows lack, a fixture's mistake).
    #[must_use]
    pub fn coded(mut self, code: Code) -> Self {
        self.diagnostic.code = code;
        self
    }

    /// At this line and column of its file, as far as they are known (a document too long to
    /// read has a line and no column).
    #[must_use]
    pub fn placed(mut self, line: Option<usize>, column: Option<usize>) -> Self {
        self.diagnostic.line = line;
        self.diagnostic.column = column;
        self
    }

    /// A flow's error that stopped a scenario file's flows loading, kept whole (its flow,
    /// node, property and caret), so `test` shows it as `check` does: of its own file, else
    /// `elsewhere` (the flows the scenario file names), and with `help` when it has none.
    pub fn of_flow(d: &Diagnostic, elsewhere: &Path, help: impl FnOnce() -> String) -> FileError {
        let mut diagnostic = Box::new(d.clone());
        let file = diagnostic.file.take().unwrap_or_else(|| elsewhere.to_path_buf());
        if diagnostic.help.is_none() {
            diagnostic.help = Some(help());
        }
        FileError { file, diagnostic }
    }

    /// A fixture file's error, as `check` shows it ([`FixtureError::diagnostic`]: where in the
    /// file's data it is, its property).
    pub fn of_fixture(e: &FixtureError) -> FileError {
        let mut diagnostic = Box::new(e.diagnostic());
        let file = diagnostic.file.take().unwrap_or_else(|| e.file.clone());
        FileError { file, diagnostic }
    }

    /// An error of the `mocks:` of `scenario_file` (of its scenario `scenario`, when the
    /// scenario's own): `mocks.location: message`, placed nowhere.
    pub fn of_mocks(scenario_file: &Path, scenario: Option<&str>, e: &FixtureError) -> FileError {
        let within = scenario.map_or_else(String::new, |s| format!("scenario `{s}`: "));
        let message = format!("{within}mocks.{}: {}", e.location, e.message);
        FileError::new(scenario_file, message, &e.help).coded(e.kind.code())
    }

    /// A folder of `what` (`"fixture files"`, `"recordings"`) that cannot be listed, as
    /// `check`, `run`, `test` and `replay` report it (`unreadableDirectory`).
    pub fn unlistable(e: SearchError, what: &str) -> FileError {
        FileError::new(
            e.folder,
            format!("cannot list the folder of {what}: {}", e.error),
            format!("give a folder flowsim can read, or name the {what} themselves"),
        )
        .coded(Code::UnreadableDirectory)
    }

    /// The error as a diagnostic: its code (`scenarioFile` when it has none of its own), its
    /// file (normalised), place and help; an error's severity.
    pub fn diagnostic(&self) -> Diagnostic {
        let mut d = (*self.diagnostic).clone();
        d.file = Some(crate::util::files::normalise(&self.file));
        d
    }

    /// The file, as it was named.
    pub fn file(&self) -> &Path {
        &self.file
    }

    pub fn line(&self) -> Option<usize> {
        self.diagnostic.line
    }

    pub fn column(&self) -> Option<usize> {
        self.diagnostic.column
    }

    /// The message in one line, as forms without a place for the flow and node give it
    /// (JSON, JUnit, annotations): `flow `A`: node `Check`: ...` for a flow's error,
    /// `queues[0].name: ...` for a fixture's (where in its data, the diagnostic's property).
    pub fn message(&self) -> Cow<'_, str> {
        let d = &self.diagnostic;
        if d.flow.is_none() && d.node.is_none() {
            return match &d.property {
                Some(at) => Cow::Owned(format!("{at}: {}", d.message)),
                None => Cow::Borrowed(&d.message),
            };
        }
        let flow = d.flow.as_ref().map_or(String::new(), |f| format!("flow `{f}`: "));
        let node = d.node.as_ref().map_or(String::new(), |n| format!("node `{n}`: "));
        Cow::Owned(format!("{flow}{node}{}", d.message))
    }

    /// The whole error in one line, for a protocol's message (the debug adapter's refusal):
    /// `file:line: message (help)`.
    pub fn in_one_line(&self) -> String {
        let at = self.line().map_or_else(String::new, |l| format!(":{l}"));
        format!("{}{at}: {} ({})", self.file.display(), self.message(), self.help())
    }

    /// What to do about it; empty when nothing is said.
    pub fn help(&self) -> &str {
        self.diagnostic.help.as_deref().unwrap_or_default()
    }

    /// The problem's code when it has its own (a flow's, a name the flows lack, a fixture's);
    /// `None` for the rest, which are `scenarioFile`.
    pub fn code(&self) -> Option<Code> {
        (self.diagnostic.code != Code::ScenarioFile).then_some(self.diagnostic.code)
    }
}

impl From<ScenarioFileError> for FileError {
    fn from(e: ScenarioFileError) -> FileError {
        FileError::new(e.file, e.message, e.help).placed(e.line, e.column)
    }
}

/// A file error as reports write it (and shards are read back), field by field.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Wire<'a> {
    file: Cow<'a, Path>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    message: Cow<'a, str>,
    help: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    code: Option<Code>,
}

impl Serialize for FileError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Wire {
            file: Cow::Borrowed(&self.file),
            line: self.line(),
            column: self.column(),
            message: self.message(),
            help: Cow::Borrowed(self.help()),
            code: self.code(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for FileError {
    /// The JSON form keeps no flow or node apart: the error read back says them in its
    /// message, and writes the same JSON again.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<FileError, D::Error> {
        let w = Wire::deserialize(d)?;
        let e = FileError::new(w.file.into_owned(), w.message, w.help).placed(w.line, w.column);
        Ok(match w.code {
            Some(code) => e.coded(code),
            None => e,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Span;

    #[test]
    fn a_flows_diagnostic_is_given_back_whole_and_written_as_one_line() {
        let d = Diagnostic::error(Code::Syntax, "unexpected end of expression: expected a value")
            .file("flows/a.yaml")
            .at(7, 18)
            .flow("A")
            .node("Check")
            .property("properties.conditions[0].expression")
            .snippet("Flow.x ==", Span::new(9, 9))
            .help("finish the comparison");
        let e = FileError::of_flow(&d, Path::new("flows"), || "run `flowsim check`".into());
        assert_eq!(e.diagnostic(), d);
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"file":"flows/a.yaml","line":7,"column":18,"message":"flow `A`: node `Check`: unexpected end of expression: expected a value","help":"finish the comparison","code":"syntax"}"#
        );
        // Read back (a shard), it says the flow and node in its message and writes the same.
        let back: FileError = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
        assert_eq!(serde_json::to_string(&back).unwrap(), serde_json::to_string(&e).unwrap());
    }

    #[test]
    fn a_flows_diagnostic_without_help_or_file_takes_the_scenario_files() {
        let d = Diagnostic::error(Code::DanglingNextNode, "no node `Gone`").node("Start");
        let e = FileError::of_flow(&d, Path::new("flows"), || "run `flowsim check`".into());
        assert_eq!(e.file(), Path::new("flows"));
        assert_eq!(e.help(), "run `flowsim check`");
        assert_eq!(e.message(), "node `Start`: no node `Gone`");
        assert_eq!(e.diagnostic(), d.file("flows").help("run `flowsim check`"));
    }

    #[test]
    fn a_scenario_files_error_round_trips() {
        let e =
            FileError::new("t/a.scenarios.yaml", "unknown field `expct`", "did you mean `expect`?")
                .placed(Some(4), Some(5))
                .coded(Code::ScenarioUnknownNode);
        let d = e.diagnostic();
        assert_eq!(
            d,
            Diagnostic::error(Code::ScenarioUnknownNode, "unknown field `expct`")
                .file("t/a.scenarios.yaml")
                .at(4, 5)
                .help("did you mean `expect`?")
        );
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"file":"t/a.scenarios.yaml","line":4,"column":5,"message":"unknown field `expct`","help":"did you mean `expect`?","code":"scenarioUnknownNode"}"#
        );
        assert_eq!(serde_json::from_str::<FileError>(&json).unwrap(), e);
        // With no code of its own and no help: `scenarioFile`, and neither is written.
        let plain = FileError::new("t/b.scenarios.yaml", "no such file or directory", "");
        assert_eq!(plain.diagnostic().code, Code::ScenarioFile);
        assert_eq!(plain.diagnostic().help, None);
        let json = serde_json::to_string(&plain).unwrap();
        assert_eq!(
            json,
            r#"{"file":"t/b.scenarios.yaml","message":"no such file or directory","help":""}"#
        );
        assert_eq!(serde_json::from_str::<FileError>(&json).unwrap(), plain);
    }
}
