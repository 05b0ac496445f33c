//! `flowsim dap`: the Debug Adapter Protocol server (crate `flowsim-dap`, docs/debug.md "In an
//! editor"). The server reads each launch's project itself, through the project model (crate
//! `flowsim-project`); this command only starts it on stdin and stdout and says why it
//! stopped when the client's stream cannot be read.

use super::Refused;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// Speak DAP on stdin and stdout (the only transport; accepted as editors pass it).
    #[arg(long)]
    stdio: bool,
}

/// Serves one debugging session until `disconnect` or the end of stdin; exit code 2 when the
/// client's stream is not framed as DAP. `env`, `project`: `--env` and `--project`, the
/// project's environment and file a launch that names none uses.
pub(crate) fn dap(
    _args: &Args,
    env: Option<String>,
    project: Option<PathBuf>,
) -> Result<ExitCode, Refused> {
    flowsim_dap::stdio(&flowsim_dap::Given { env, project }).map_err(|e| {
        Refused::error(flowsim::diag::Code::Unavailable, format!("flowsim dap: {e}")).help(
            "a DAP client frames each message as `Content-Length: N`, a blank line, then N bytes of JSON",
        )
    })?;
    Ok(ExitCode::SUCCESS)
}
