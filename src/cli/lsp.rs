//! `flowsim lsp`: the language server (crate `flowsim-lsp`) with this command line's checks.
//!
//! The server asks for findings through [`flowsim_lsp::Checker`]; this module answers with
//! the functions `flowsim check` ([`super::check_findings_over`], over the editor's unsaved
//! texts, through a load cache so that an edit reads and checks alone again only the flows it
//! changed) and `flowsim test --lint` (`harness::lint_suite`, then the project's levels) call,
//! so the editor shows what those commands print: one checker. The project file is read as for
//! `check`: its flows, fixtures, options and substitutions, each code's level.

use super::report::Format;
use super::{flows::FlowSource, CheckArgs, Refused};
use flowsim::diag::Diagnostic;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    #[command(flatten)]
    source: FlowSource,
    /// Fixture files (or directories of them) the checks read, as `check --fixtures`.
    /// Repeatable; the project's when not given.
    #[arg(long = "fixtures", value_name = "FILE|DIR")]
    fixtures: Vec<PathBuf>,
    /// An org manifest the flows are checked against, as `check --org`.
    #[arg(long, value_name = "FILE")]
    org: Option<PathBuf>,
    /// Speak LSP on stdin and stdout (the only transport; editors pass it).
    #[arg(long)]
    stdio: bool,
    /// Read and check every flow again at every edit instead of only the flows that changed
    /// (the findings are the same): what `benches/lsp.rs` compares the re-check with.
    #[arg(long, hide = true)]
    full_recheck: bool,
}

impl Args {
    pub fn fill_from(&mut self, project: &super::project::Project) {
        self.source.fill_from(project);
        if self.fixtures.is_empty() {
            self.fixtures.clone_from(&project.fixtures);
        }
    }
}

/// Serves until the client's `exit` or the end of stdin.
pub(crate) fn lsp(args: Args) -> Result<ExitCode, Refused> {
    let checker = Cli::new(args);
    flowsim_lsp::stdio(&checker, flowsim_lsp::Limits::default())
        .map_err(|e| Refused(format!("error: flowsim lsp: {e}\n")))?;
    Ok(ExitCode::SUCCESS)
}

/// The command line's checks, its paths made absolute (the server names files so).
struct Cli {
    args: Args,
    /// What the last check read and found of each flow file: an edit reads and checks alone
    /// again only the flows whose text changed (none with `--full-recheck`).
    cache: std::cell::RefCell<flowsim::flow::registry::LoadCache>,
}

fn absolute(path: &Path) -> PathBuf {
    flowsim_lsp::document_path(path)
}

impl Cli {
    fn new(mut args: Args) -> Cli {
        for p in args.source.flows.iter_mut().chain(&mut args.fixtures).chain(&mut args.org) {
            *p = absolute(p);
        }
        Cli { args, cache: std::cell::RefCell::default() }
    }
}

impl flowsim_lsp::Checker for Cli {
    fn flows(
        &self,
        open: &[PathBuf],
        overlay: &BTreeMap<PathBuf, String>,
    ) -> Result<Vec<Diagnostic>, String> {
        let mut source = self.args.source.clone();
        if source.flows.is_empty() {
            source.flows = open.to_vec();
        }
        if source.flows.is_empty() {
            return Ok(Vec::new());
        }
        let args = CheckArgs {
            paths: Vec::new(),
            source,
            fixtures: self.args.fixtures.clone(),
            strict: false,
            format: Format::Text,
            watch: false,
            org: self.args.org.clone(),
            fix: false,
            diff: false,
        };
        let mut cache = self.cache.borrow_mut();
        let cache = (!self.args.full_recheck).then_some(&mut *cache);
        super::check_findings_cached(&args, overlay, cache).map(|(diags, _)| diags).map_err(|r| r.0)
    }

    fn scenarios(&self, files: &[PathBuf], overlay: &BTreeMap<PathBuf, String>) -> Vec<Diagnostic> {
        let mut report = flowsim::harness::lint_suite_over(files, overlay);
        super::project::apply_to_lint(super::project::get().ok().flatten(), &mut report);
        let mut out: Vec<Diagnostic> =
            report.file_errors.iter().map(super::load_errors::diagnostic).collect();
        out.extend(report.warnings.iter().map(|w| {
            let mut d = super::load_errors::diagnostic(w);
            d.severity = flowsim::diag::Severity::Warning;
            d
        }));
        out
    }

    fn flow_files(&self) -> Vec<PathBuf> {
        flowsim::flow::registry::flow_files(&self.args.source.flows)
    }

    fn org(&self) -> Vec<flowsim::flow::org::Manifest> {
        let mut out = Vec::new();
        if !self.args.fixtures.is_empty() {
            if let Ok(store) = super::load_fixtures(&self.args.fixtures) {
                out.push(flowsim::flow::org::from_fixtures(&store));
            }
        }
        if let Some(manifest) =
            self.args.org.as_deref().and_then(|p| flowsim::flow::org::Manifest::load(p).ok())
        {
            out.push(manifest);
        }
        out
    }

    fn fixture_files(&self) -> Vec<PathBuf> {
        flowsim::harness::expand_fixture_paths(&self.args.fixtures)
    }

    fn run_scenario(&self, file: &Path, name: &str) -> Result<flowsim_lsp::Verdict, String> {
        use flowsim::harness::{run_suite, Options, Outcome};
        // The filter narrows the run to the names holding `name`; the one named so is judged.
        let opts = Options { filter: Some(name.to_owned()), ..Options::default() };
        let report = run_suite(&[file.to_path_buf()], &opts, &|_| {});
        if let Some(e) = report.file_errors.first() {
            let at = e.line.map_or_else(String::new, |l| format!(":{l}"));
            return Err(format!("{}{at}: {}", e.file.display(), e.message));
        }
        let s = report
            .scenarios
            .iter()
            .find(|s| s.name == name)
            .ok_or_else(|| format!("{} has no scenario named `{name}`", file.display()))?;
        Ok(match &s.outcome {
            Outcome::Passed => flowsim_lsp::Verdict::Passed,
            Outcome::Failed { mismatches } => {
                let first = mismatches.first();
                flowsim_lsp::Verdict::Failed {
                    first: first.map_or_else(|| "a mismatch".to_owned(), |m| m.message.clone()),
                    line: first.and_then(|m| m.line),
                }
            }
        })
    }
}
