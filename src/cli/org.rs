//! `flowsim org`: an org manifest (docs/org.md) from a recording of the org's API (`flowsim
//! record --org`), from a CX-as-Code export (Terraform JSON), or from the fixture files that
//! stand for the org (the org `flowsim serve` emulates).
//! `flowsim check --org FILE` checks flows against one.

use super::Refused;
use flowsim::diag::Code;
use flowsim::flow::org;
use flowsim::util::files::{search, Depth};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Fixture files or directories of them (as `--fixtures` takes them): the org they stand
    /// for becomes the manifest.
    #[arg(
        long = "fixtures",
        value_name = "FILE|DIR",
        required_unless_present_any = ["terraform", "cassette", "base_url"],
        conflicts_with_all = ["terraform", "cassette", "base_url"]
    )]
    fixtures: Vec<PathBuf>,
    /// A CX-as-Code export: Terraform JSON files (`*.tf.json`, what `genesyscloud_tf_export`
    /// writes by default) or directories of them. Repeatable.
    #[arg(long = "terraform", value_name = "FILE|DIR", conflicts_with_all = ["cassette", "base_url"])]
    terraform: Vec<PathBuf>,
    /// A recording of the org's API (`flowsim record --org`): the manifest of what it holds,
    /// offline.
    #[arg(long, value_name = "CASSETTE", conflicts_with = "base_url")]
    cassette: Option<PathBuf>,
    /// Record the org's inventory from this API first (as `flowsim record --org` does, every
    /// kind, with the OAuth client of GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET), into the
    /// cassette `--record` names, then write its manifest.
    #[arg(long, value_name = "URL", requires = "record")]
    base_url: Option<String>,
    /// Where `--base-url` keeps its recording (`flowsim org --cassette` reads it again).
    #[arg(long, value_name = "CASSETTE", requires = "base_url")]
    record: Option<PathBuf>,
    /// The org's name, written as the manifest's `org:`.
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
}

pub fn org(args: &Args) -> Result<ExitCode, Refused> {
    let mut manifest = if let (Some(_), Some(out)) = (&args.base_url, &args.record) {
        let run = super::record::OrgRun {
            base_url: args.base_url.as_deref(),
            token_url: None,
            out,
            kinds: &[],
            page_size: 100,
            max_pages: 1000,
            redact: &[],
            retry_base_ms: None,
            http_timeout_ms: None,
        };
        match super::record::record_org_inventory(&run)? {
            Ok((recording, _)) => {
                let entities: usize = recording.kinds.iter().map(|(_, _, n)| n).sum();
                say!(
                    "recorded {entities} object(s) in {} interaction(s) into {}",
                    recording.interactions,
                    out.display()
                );
            }
            Err(code) => return Ok(ExitCode::from(code)),
        }
        from_cassette(out)?
    } else if let Some(path) = &args.cassette {
        from_cassette(path)?
    } else if args.terraform.is_empty() {
        from_fixtures(args)?
    } else {
        from_terraform(args)?
    };
    manifest.name.clone_from(&args.name);
    super::write_exact(&super::report::json(&manifest.to_tree()));
    Ok(ExitCode::SUCCESS)
}

fn from_cassette(path: &std::path::Path) -> Result<org::Manifest, Refused> {
    let cassette = flowsim::api::cassette::Cassette::load(path).map_err(|e| {
        Refused::error(Code::BadCassette, e.message)
            .file(e.file)
            .at_known(e.line, e.column)
            .help(e.help)
    })?;
    flowsim::api::org::manifest_from_cassette(&cassette)
        .map_err(|e| Refused::error(Code::OrgManifest, e.message).file(path).help(e.help))
}

fn from_fixtures(args: &Args) -> Result<org::Manifest, Refused> {
    // The files must load as fixtures do: a manifest of a broken org would mislead.
    let store = super::load_fixtures(&args.fixtures).map_err(Refused::all)?;
    Ok(org::from_fixtures(&store))
}

/// The `*.tf.json` files under `args.terraform` (a file as given), each parsed; a directory
/// with none is refused.
fn from_terraform(args: &Args) -> Result<org::Manifest, Refused> {
    let mut files = Vec::new();
    for path in &args.terraform {
        if path.is_dir() {
            let found = search(path, Depth::Flat, |p, _| p.to_string_lossy().ends_with(".tf.json"))
                .map_err(|e| {
                    Refused::error(
                        Code::UnreadableDirectory,
                        format!("cannot read the folder: {}", e.error),
                    )
                    .file(path)
                })?;
            if found.is_empty() {
                return Err(Refused::error(Code::NotFound, format!("no Terraform JSON files (*.tf.json) in {}", path.display()))
                    .help("export with `export_format = \"json\"` (genesyscloud_tf_export's default); HCL (*.tf) is not read"));
            }
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    let mut trees = Vec::with_capacity(files.len());
    for file in &files {
        let text = flowsim::util::read_text(file, flowsim::util::MAX_INPUT_BYTES).map_err(|e| {
            Refused::error(Code::UnreadableFile, e.to_string()).file(file).help(e.help())
        })?;
        let tree = flowsim::util::strict::from_json(&text).map_err(|e| {
            Refused::of_json(Code::OrgManifest, "not Terraform JSON", &e)
                .file(file)
                .help("give the *.tf.json files of a CX-as-Code export")
        })?;
        trees.push((file.clone(), tree));
    }
    org::from_terraform_trees(&trees).map_err(|e| {
        Refused::error(Code::TooLarge, e.to_string())
            .help(flowsim::flow::fields::TooManyFieldNames::HELP)
    })
}
