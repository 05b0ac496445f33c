//! `flowsim lsp`: the language server (crate `flowsim-lsp`). The server reads the project
//! itself, through the project model every front end asks (crate `flowsim-project`), over the
//! editor's unsaved texts; this command only hands it the command line's overrides.

use super::flows::FlowSource;
use super::Refused;
use flowsim::diag::Code;
use std::path::PathBuf;
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

/// Serves until the client's `exit` or the end of stdin.
/// `env`, `project`: `--env` and `--project`.
pub(crate) fn lsp(
    args: Args,
    env: Option<String>,
    project: Option<PathBuf>,
) -> Result<ExitCode, Refused> {
    let settings = flowsim_lsp::Settings {
        flows: args.source.flows,
        fixtures: args.fixtures,
        org: args.org,
        subs: args.source.subs,
        options: args.source.options,
        env,
        project,
        full_recheck: args.full_recheck,
    };
    flowsim_lsp::stdio(settings, flowsim_lsp::Limits::default())
        .map_err(|e| Refused::error(Code::Unavailable, format!("flowsim lsp: {e}")))?;
    Ok(ExitCode::SUCCESS)
}
