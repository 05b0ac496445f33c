//! `flowsim record` (being written).

use super::Refused;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {}

pub fn record(_args: &Args) -> Result<ExitCode, Refused> {
    Err(Refused("flowsim record is not available yet".into()))
}
