//! Scenario files (and their flows and fixtures) that could not be used, rendered as `check`
//! renders diagnostics: a code, the place with a normalised path, the line with a caret under
//! the column, and what to do. `flowsim test` writes them to stderr and exits 2, as cargo does
//! when a test target does not compile.

use flowsim::diag::Diagnostic;
use flowsim::harness::FileError;

/// Every file error, in line order file by file, then `N error(s)`, as `check` prints them.
pub fn render(errors: &[FileError]) -> String {
    let mut diags: Vec<Diagnostic> = errors.iter().map(FileError::diagnostic).collect();
    flowsim_project::check::in_line_order(&mut diags);
    super::render::diagnostics(&diags)
}
