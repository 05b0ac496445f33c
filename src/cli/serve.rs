//! `flowsim serve` (being written).

use super::Refused;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {}

pub fn serve(_args: &Args) -> Result<ExitCode, Refused> {
    Err(Refused("flowsim serve is not available yet".into()))
}
