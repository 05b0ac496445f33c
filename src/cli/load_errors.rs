//! Scenario files (and their flows and fixtures) that could not be used, rendered as `check`
//! renders diagnostics: a code, the place with a normalised path, the line with a caret under
//! the column, and what to do. `flowsim test` writes them to stderr and exits 2, as cargo does
//! when a test target does not compile.

use flowsim::diag::Diagnostic;
use flowsim::harness::FileError;
use flowsim::util::files::normalise;

/// One file error as a diagnostic (its line and caret are attached when it is rendered).
pub fn diagnostic(e: &FileError) -> Diagnostic {
    let file = normalise(&e.file);
    let mut d =
        Diagnostic::error(e.code.unwrap_or(flowsim::diag::Code::ScenarioFile), e.message.clone())
            .file(&file);
    if let (Some(line), Some(column)) = (e.line, e.column) {
        d = d.at(line, column);
    }
    if !e.help.is_empty() {
        d = d.help(e.help.clone());
    }
    d
}

/// Every file error, then `N error(s)`, as `check` prints them.
pub fn render(errors: &[FileError]) -> String {
    let diags: Vec<Diagnostic> = errors.iter().map(diagnostic).collect();
    super::render::diagnostics(&diags)
}
