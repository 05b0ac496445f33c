//! `flowsim org`: an org manifest (docs/org.md) from the fixture files that stand for the org,
//! the org `flowsim serve` emulates. `flowsim check --org FILE` checks flows against one.

use super::{render, write_stdout, Refused};
use flowsim::flow::org;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Fixture files or directories of them (as `--fixtures` takes them): the org they stand
    /// for becomes the manifest.
    #[arg(long = "fixtures", value_name = "FILE|DIR", required = true)]
    fixtures: Vec<PathBuf>,
    /// The org's name, written as the manifest's `org:`.
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
}

pub fn org(args: &Args) -> Result<ExitCode, Refused> {
    let files = flowsim::harness::expand_fixture_paths(&args.fixtures);
    // The files must load as fixtures do: a manifest of a broken org would mislead.
    super::load_fixtures(&args.fixtures).map_err(|d| Refused(render::diagnostics(&d)))?;
    let mut trees = Vec::with_capacity(files.len());
    for file in &files {
        let tree = flowsim::fixtures::read_fixture_tree(file)
            .map_err(|e| Refused(format!("error: {e}\n")))?;
        trees.push(tree);
    }
    let mut manifest = org::from_fixture_trees(&trees);
    manifest.name.clone_from(&args.name);
    let mut text = serde_json::to_string_pretty(&manifest.to_tree()).unwrap_or_default();
    text.push('\n');
    write_stdout(&text);
    Ok(ExitCode::SUCCESS)
}
