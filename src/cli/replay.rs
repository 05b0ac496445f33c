//! `flowsim replay` (being written).

use super::Refused;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {}

pub fn replay(_args: &Args) -> Result<ExitCode, Refused> {
    Err(Refused("flowsim replay is not available yet".into()))
}
