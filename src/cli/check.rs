//! `flowsim check`: the project model's check of flows and fixtures (`flowsim_project::check`,
//! which the language server asks too), reported as text, JSON, GitHub annotations or SARIF.

use super::{flows, project, render, Refused};
use crate::cli::report::{
    self, github, sarif, Accepted, Accepts, Format, Github, Json, Report, Text,
};
use flowsim::diag::{Code, Diagnostic};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub(crate) struct CheckArgs {
    /// Flow files or directories, as `--flows` takes them: `flowsim check flows/`.
    #[arg(value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) source: flows::FlowSource,
    /// Fixture files (or directories of them) to validate as well. Repeatable.
    #[arg(long = "fixtures", value_name = "FILE|DIR")]
    pub(crate) fixtures: Vec<PathBuf>,
    /// Treat warnings (unknown keys and properties, unknown outputs and built-ins, variables
    /// never assigned) as errors.
    #[arg(long)]
    pub(crate) strict: bool,
    /// `text` for people, `json` for machines, `github` for GitHub Actions annotations, `sarif`
    /// for code scanning (a SARIF 2.1.0 log).
    #[arg(long, value_parser = CHECK_FORMATS, default_value = "text")]
    pub(crate) format: Format,
    /// Check, then check again each time a flow or fixture file is saved. Ctrl-C stops.
    #[arg(long)]
    pub(crate) watch: bool,
    /// An org manifest (`flowsim docs org`): every queue, user, data action (and its fields), data
    /// table (and its columns), prompt, schedule... the flows name must be in the org.
    #[arg(long, value_name = "FILE")]
    pub(crate) org: Option<PathBuf>,
    /// Apply every fix whose replacement is certain (`=` for `==`, the one name a misspelt
    /// name can mean), editing the Archy YAML and JSON flow files in place; then report what
    /// is left.
    #[arg(long)]
    pub(crate) fix: bool,
    /// Show the fixes `--fix` would apply as a unified diff, and write nothing. Exit code 1
    /// when there is something to fix.
    #[arg(long, conflicts_with = "fix")]
    pub(crate) diff: bool,
}

/// What `check --format` writes.
const CHECK_FORMATS: Accepts = Accepts(&[
    Accepted { format: Format::Text, name: "text", aliases: &["human"], help: None },
    Accepted::plain(Format::Json, "json"),
    Accepted {
        format: Format::Github,
        name: "github",
        aliases: &[],
        help: Some(
            "One GitHub Actions annotation (`::error file=...,line=...::...`) per diagnostic",
        ),
    },
    Accepted {
        format: Format::Sarif,
        name: "sarif",
        aliases: &[],
        help: Some(
            "A SARIF 2.1.0 log (GitHub code scanning, SARIF viewers): a result per diagnostic",
        ),
    },
]);

impl CheckArgs {
    /// What the project gives that the command line did not: flows and fixtures.
    pub(crate) fn fill_from(&mut self, project: &project::Project) {
        self.source.fill_from(project);
        if self.fixtures.is_empty() {
            self.fixtures.clone_from(&project.fixtures);
        }
    }
}

pub(crate) fn check(args: &CheckArgs) -> Result<ExitCode, Refused> {
    let (diags, flows) = check_findings(args)?;
    Ok(check_report(args, &diags, flows))
}

impl CheckArgs {
    /// The request as the project model takes it.
    fn request(&self) -> flowsim_project::CheckRequest {
        flowsim_project::CheckRequest {
            flows: self.source.set(),
            fixtures: self.fixtures.clone(),
            org: self.org.clone(),
            strict: self.strict,
        }
    }
}

/// What `check` finds (the project model's [`flowsim_project::check`] over the files on
/// disk): every diagnostic (made errors under `--strict`) and how many flows loaded.
pub(crate) fn check_findings(args: &CheckArgs) -> Result<(Vec<Diagnostic>, usize), Refused> {
    check_findings_over(args, &flowsim_project::FileView::disk())
}

/// [`check_findings`] over the texts `view` holds.
pub(crate) fn check_findings_over(
    args: &CheckArgs,
    view: &flowsim_project::FileView,
) -> Result<(Vec<Diagnostic>, usize), Refused> {
    let checked = flowsim_project::check(&args.request(), project::get()?, view, None)
        .map_err(|e| check_refusal(&e))?;
    Ok((checked.diagnostics, checked.flows))
}

/// Why `check` (or a command that loads flows) did not run, as the CLI prints it.
pub(crate) fn check_refusal(e: &flowsim_project::CheckError) -> Refused {
    use flowsim_project::CheckError;
    match e {
        CheckError::NoFlowsGiven => Refused::error(
            Code::NoFlows,
            format!(
                "which flows? no flow file or directory was given, and no {} names them",
                project::FILE_NAME
            ),
        )
        .help(format!(
            "name them with `--flows PATH` (repeatable): `--flows flows/`, or run the command inside a project whose {} says `flows = [\"flows\"]` (`flowsim init` makes one)",
            project::FILE_NAME
        )),
        CheckError::Unloadable(diags) => Refused::all(diags.clone()),
        CheckError::MissingPath { flag, path } => {
            Refused::error(Code::NotFound, format!("`{flag} {}`: no such file or directory", path.display()))
                .help("check the path")
        }
        CheckError::Options(d) => Refused::all(vec![(**d).clone()]),
    }
}

/// Writes `check`'s report of `diags` in the chosen format; exit code 1 when one is an error.
pub(crate) fn check_report(args: &CheckArgs, diags: &[Diagnostic], flows: usize) -> ExitCode {
    report::emit(&Findings { diags, flows, source: &args.source }, args.format)
}

/// `check`'s report: the diagnostics, and how many flows loaded from where.
struct Findings<'a> {
    diags: &'a [Diagnostic],
    flows: usize,
    source: &'a flows::FlowSource,
}

const _: () = assert!(CHECK_FORMATS.within(<Findings<'static> as Report>::FORMS));

impl Findings<'_> {
    fn errors(&self) -> usize {
        self.diags.iter().filter(|d| d.is_error()).count()
    }
}

impl Report for Findings<'_> {
    const FORMS: &'static [Format] = &[Format::Text, Format::Json, Format::Github, Format::Sarif];

    fn exit_code(&self) -> ExitCode {
        if self.errors() == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        }
    }

    fn text(&self) -> Option<Text<'_>> {
        let mut text = render::diagnostics(self.diags);
        if self.errors() == 0 {
            let _ = writeln!(
                text,
                "ok: {} flow(s) under {} load and validate",
                self.flows,
                self.source.describe()
            );
        }
        Some(Text::Painted(text))
    }

    fn json(&self) -> Option<Json<'_>> {
        // Every format shows the same first diagnostics and counts the rest (a hostile file
        // may have millions).
        let (shown, more) = flowsim::diag::shown(self.diags);
        let errors = self.errors();
        Some(Json::pretty(serde_json::json!({
            "ok": errors == 0,
            "flows": self.flows,
            "errors": errors,
            "warnings": self.diags.len() - errors,
            "diagnostics": shown,
            "notShown": more,
        })))
    }

    fn github(&self) -> Option<Github> {
        Some(Github { people: None, annotations: github::diagnostics(self.diags) })
    }

    fn sarif(&self) -> Option<Json<'_>> {
        Some(Json::pretty(sarif::log(self.diags, &project::root())))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn findings_write_the_forms_they_declare() {
        let source = super::flows::FlowSource::default();
        let findings = super::Findings { diags: &[], flows: 0, source: &source };
        crate::cli::report::forms_agree(&findings);
    }
}
