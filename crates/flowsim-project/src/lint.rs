//! `flowsim test --lint` as a library function: scenario files read (and their flows loaded)
//! as the [`FileView`] holds them, with the project's defaults (a scenario file that names no
//! flows takes the project's flows, fixtures and substitutions), then the project's levels.

use crate::diag::{Diagnostic, Severity};
use crate::harness::{lint_suite_over, scenario::ProjectDefaults, LintReport};
use crate::project::Project;
use crate::vfs::FileView;
use std::path::PathBuf;

/// The lint of `files` as `view` holds them and their flows, with `defaults` (the project's
/// scenario defaults, when in a project), at `project`'s levels.
pub fn lint(
    files: &[PathBuf],
    project: Option<&Project>,
    defaults: Option<&ProjectDefaults>,
    view: &FileView,
) -> LintReport {
    let mut report = lint_suite_over(files, view.texts(), defaults);
    crate::levels::apply_to_lint(project, &mut report);
    report
}

/// A lint's findings as diagnostics: its errors, then its warnings, in line order per file.
pub fn diagnostics(report: &LintReport) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> =
        report.file_errors.iter().map(crate::harness::FileError::diagnostic).collect();
    out.extend(report.warnings.iter().map(|w| {
        let mut d = w.diagnostic();
        d.severity = Severity::Warning;
        d
    }));
    crate::check::in_line_order(&mut out);
    out
}
