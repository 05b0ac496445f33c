//! `flowsim schema NAME`: the JSON Schemas of `schemas/` (what editors check and complete
//! hand-written files with), built into the binary, so an installed flowsim (a wheel, an
//! archive) gives them without a clone of the repository.
//!
//! Invariants: [`SCHEMAS`] holds every file of `schemas/`, byte for byte (tests/it/schema_cmd.rs
//! compares each printed schema with its file and the list with the folder), so a schema added
//! there is added here too. Each is written under its own file name (`NAME.schema.json`): the
//! schemas refer to each other by relative file name (`scenarios` to `fixtures.schema.json`),
//! so a folder of them, as `--out-dir` and `flowsim init` write it, resolves its references.
//! A new schema (a project file's, say) is a file in `schemas/` and a row in [`SCHEMAS`]: the
//! command, `--list`, `--out-dir` and `init` all take it from there.

use super::{write_stdout, Refused};
use flowsim::diag::Code;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["name", "list", "out_dir"])))]
pub struct Args {
    /// The schema to print: `scenarios`, `fixtures`, `flow`, `archy`, `org` or `project`
    /// (`--list` says what each is for).
    name: Option<String>,
    /// List the schemas: name, file name, the files they describe.
    #[arg(long, conflicts_with_all = ["name", "out_dir"])]
    list: bool,
    /// Write every schema into this directory (created if needed) as `NAME.schema.json`,
    /// replacing what is there: `flowsim schema --out-dir .flowsim/schemas` refreshes a
    /// project's schemas after an upgrade.
    #[arg(long, value_name = "DIR", conflicts_with = "name")]
    out_dir: Option<PathBuf>,
}

/// One JSON Schema of `schemas/`.
pub(super) struct Schema {
    /// What `flowsim schema` takes: `scenarios`.
    pub name: &'static str,
    /// Its file name, in `schemas/` and wherever it is written: `scenarios.schema.json`.
    pub file: &'static str,
    /// The files it describes, for `--list`.
    pub about: &'static str,
    pub text: &'static str,
}

/// Every schema of `schemas/`, in the order `--list` shows them.
pub(super) const SCHEMAS: [Schema; 6] = [
    Schema {
        name: "scenarios",
        file: "scenarios.schema.json",
        about: "scenario files (*.scenarios.yaml, .yml, .json); refers to fixtures.schema.json",
        text: include_str!("../../schemas/scenarios.schema.json"),
    },
    Schema {
        name: "fixtures",
        file: "fixtures.schema.json",
        about: "fixture files (JSON or YAML)",
        text: include_str!("../../schemas/fixtures.schema.json"),
    },
    Schema {
        name: "flow",
        file: "flow.schema.json",
        about: "flows in flowsim's JSON flow format (not Archy YAML or Architect exports)",
        text: include_str!("../../schemas/flow.schema.json"),
    },
    Schema {
        name: "archy",
        file: "archy.schema.json",
        about: "flows in Archy's YAML (generated from the action catalogue)",
        text: include_str!("../../schemas/archy.schema.json"),
    },
    Schema {
        name: "org",
        file: "org.schema.json",
        about: "org manifests (JSON or YAML): what `check --org` checks flows against",
        text: include_str!("../../schemas/org.schema.json"),
    },
    Schema {
        name: "project",
        file: "project.schema.json",
        about:
            "the project file, flowsim.toml (Taplo and Even Better TOML read its `#:schema` line)",
        text: include_str!("../../schemas/project.schema.json"),
    },
];

/// The schema a name means: its name (`scenarios`) or its file name (`scenarios.schema.json`).
fn find(name: &str) -> Option<&'static Schema> {
    SCHEMAS.iter().find(|s| s.name == name || s.file == name)
}

pub fn schema(args: &Args) -> Result<ExitCode, Refused> {
    if let Some(dir) = &args.out_dir {
        return write_all(dir);
    }
    let Some(name) = args.name.as_deref() else {
        let width = SCHEMAS.iter().map(|s| s.name.len()).max().unwrap_or(0);
        let file_width = SCHEMAS.iter().map(|s| s.file.len()).max().unwrap_or(0);
        let mut out = String::new();
        for s in &SCHEMAS {
            let _ = writeln!(out, "{:<width$}  {:<file_width$}  {}", s.name, s.file, s.about);
        }
        write_stdout(&out);
        return Ok(ExitCode::SUCCESS);
    };
    let Some(schema) = find(name) else {
        let names = SCHEMAS.iter().map(|s| s.name);
        let help = suggest(name, names).map_or_else(
            || "`flowsim schema --list` lists them".to_owned(),
            |n| format!("did you mean `{n}`? `flowsim schema --list` lists them"),
        );
        let known = SCHEMAS.iter().map(|s| s.name).collect::<Vec<_>>().join(", ");
        return Err(Refused::error(
            Code::NotFound,
            format!("flowsim has no schema `{name}` (it has {known})"),
        )
        .help(help));
    };
    write_stdout(schema.text);
    Ok(ExitCode::SUCCESS)
}

/// The name among `names` that `name` most likely misspells ([`flowsim::util::nearest_one`]):
/// `scenaros` finds `scenarios` and `nope` finds nothing (`org` is three edits from it).
pub(super) fn suggest<'a>(name: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    flowsim::util::nearest_one(name, names)
}

/// `--out-dir DIR`: every schema, under its file name.
fn write_all(dir: &Path) -> Result<ExitCode, Refused> {
    let mut out = String::new();
    for s in &SCHEMAS {
        let path = dir.join(s.file);
        // The folder is the user's; a file in it is flowsim's, never written through a link
        // (a repository can ship `.flowsim/schemas/flow.schema.json -> ../../elsewhere`).
        flowsim::util::write_inside(dir, Path::new(s.file), s.text.as_bytes()).map_err(|e| {
            Refused::error(Code::CannotWrite, format!("cannot write {}: {e}", path.display()))
                .help("name a directory flowsim may write into")
        })?;
        let _ = writeln!(out, "wrote {}", path.display());
    }
    write_stdout(&out);
    Ok(ExitCode::SUCCESS)
}
