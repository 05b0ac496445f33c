//! Code lenses on scenarios and the command they run: a "Run scenario" lens above each
//! scenario of an open scenario file, whose command (`flowsim.runScenario`, the one the VS Code
//! extension and the Neovim set-up bind) the client sends back as `workspace/executeCommand`;
//! the server runs that one scenario through the [`Checker`](crate::Checker) (the harness, as
//! `flowsim test FILE --filter NAME`), tells the outcome in a message and in the lens's title.
//! Beside it, a "Debug scenario" lens whose command (`flowsim.debugScenario`, same arguments)
//! the editor runs itself: a `flowsim dap` session launched with the file and the name
//! (`scenarioFile`, `scenario`); the server does not list it, so no client sends it back.
//!
//! Invariants: a lens costs its file's outline (made once per edit), a run one scenario; an
//! outcome is shown until its file (or a flow) changes, never for a text it was not run on.

use crate::convert::{self, Text};
use lsp_types::{CodeLens, Command, Range};
use serde_json::{json, Value};
use std::path::Path;

/// The command a lens runs, as the editors' set-ups name it.
pub const RUN_SCENARIO: &str = "flowsim.runScenario";
/// The command of a lens that debugs its scenario: the editor's own (VS Code's extension,
/// Neovim's set-up with nvim-dap), never sent to the server.
pub const DEBUG_SCENARIO: &str = "flowsim.debugScenario";

/// How one run of a scenario went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Passed,
    /// The first mismatch's message (and its line in the scenario file, 1-based).
    Failed {
        first: String,
        line: Option<usize>,
    },
}

impl Verdict {
    /// The lens's title for this outcome.
    pub fn title(&self) -> String {
        match self {
            Verdict::Passed => "✓ passed".to_owned(),
            Verdict::Failed { first, .. } => {
                let first = first.lines().next().unwrap_or_default();
                let mut short: String = first.chars().take(120).collect();
                if short.len() < first.len() {
                    short.push('…');
                }
                format!("✗ failed: {short}")
            }
        }
    }
}

/// Two lenses per named scenario of `text`: "Run scenario" (or the last run's outcome), and
/// "Debug scenario"; at most `max` in all.
pub fn lenses(
    path: &Path,
    text: &Text,
    outline: &crate::outline::Outline,
    verdict: &dyn Fn(&str) -> Option<Verdict>,
    max: usize,
) -> Vec<CodeLens> {
    let uri = convert::uri_of(path);
    let mut out = Vec::new();
    for e in &outline.scenarios {
        let Some(name) = &e.name else { continue };
        let range: Range = text.range_in_line(name.line, name.start, name.end);
        let title = verdict(&name.text).map_or_else(|| "▶ Run scenario".to_owned(), |v| v.title());
        for (title, command) in
            [(title, RUN_SCENARIO), ("⚙ Debug scenario".to_owned(), DEBUG_SCENARIO)]
        {
            if out.len() >= max {
                return out;
            }
            out.push(CodeLens {
                range,
                command: Some(Command {
                    title,
                    command: command.to_owned(),
                    arguments: Some(vec![json!(uri.as_str()), json!(name.text)]),
                }),
                data: None,
            });
        }
    }
    out
}

/// `flowsim.runScenario`'s arguments: the scenario file (a `file:` URI or a path) and the
/// scenario's name.
pub fn arguments(args: &[Value]) -> Option<(std::path::PathBuf, String)> {
    let file = args.first()?.as_str()?;
    let name = args.get(1)?.as_str()?;
    let path = if file.starts_with("file:") {
        convert::path_of(&file.parse().ok()?)?
    } else {
        std::path::PathBuf::from(file)
    };
    Some((crate::server::document_path(&path), name.to_owned()))
}
