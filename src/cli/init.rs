//! `flowsim init [DIR]`: a project that passes `flowsim test` as it is (an Archy YAML flow, its
//! fixtures, a scenario file, a GitHub Actions workflow that installs the prebuilt flowsim of
//! the same version, the JSON Schemas its YAML files name for editors), as `cargo init` makes a
//! package that builds.
//!
//! Never overwrites: when any of the files exists, nothing is written and every one that
//! exists is named (exit 2). All or nothing: a directory a file needs that is a file refuses
//! the command before anything is written, and a write that fails removes what was written.
//! The files are `templates/init/` of flowsim's repository and its `schemas/`, built in.

use super::{write_stdout, Refused};
use flowsim::diag::Code;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Where to create the project (made if missing). Default: the current directory.
    dir: Option<PathBuf>,
}

/// Where `init` puts the JSON Schemas its files name (`# yaml-language-server: $schema=...`):
/// the installed flowsim's own (`flowsim schema`), so an editor finds them without a clone of
/// flowsim's repository; `flowsim schema --out-dir .flowsim/schemas` refreshes them.
const SCHEMA_DIR: &str = ".flowsim/schemas";

/// What the CI workflow template says where the version of flowsim that wrote it goes.
const VERSION_SLOT: &str = "@FLOWSIM_VERSION@";

/// The project's template files: path within it, content.
const TEMPLATES: [(&str, &str); 7] = [
    ("flowsim.toml", include_str!("../../templates/init/flowsim.toml")),
    (".flowsim/.gitignore", include_str!("../../templates/init/.flowsim/.gitignore")),
    ("flows/main_menu.yaml", include_str!("../../templates/init/flows/main_menu.yaml")),
    ("fixtures/queues.yaml", include_str!("../../templates/init/fixtures/queues.yaml")),
    (
        "fixtures/after-hours/queues.yaml",
        include_str!("../../templates/init/fixtures/after-hours/queues.yaml"),
    ),
    (
        "tests/main_menu.scenarios.yaml",
        include_str!("../../templates/init/tests/main_menu.scenarios.yaml"),
    ),
    (
        ".github/workflows/flowsim.yml",
        include_str!("../../templates/init/.github/workflows/flowsim.yml"),
    ),
];

/// Every file `init` writes: the templates, the CI workflow pinned to this flowsim's version
/// (`pipx install flowsim-cli==X.Y.Z`, so CI runs the flowsim the suite was written with), and
/// every schema under [`SCHEMA_DIR`].
fn files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = TEMPLATES
        .iter()
        .map(|(rel, text)| {
            ((*rel).to_owned(), text.replace(VERSION_SLOT, env!("CARGO_PKG_VERSION")))
        })
        .collect();
    for s in &super::schema::SCHEMAS {
        files.push((format!("{SCHEMA_DIR}/{}", s.file), s.text.to_owned()));
    }
    files
}

pub fn init(args: &Args) -> Result<ExitCode, Refused> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    if dir.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
        return Err(Refused::error(
            Code::CannotWrite,
            format!("{} exists and is not a directory", dir.display()),
        )
        .help("name a new or existing directory: `flowsim init my-flows`"));
    }
    let files = files();
    let existing: Vec<PathBuf> = files
        .iter()
        .map(|(rel, _)| dir.join(rel))
        .filter(|p| p.symlink_metadata().is_ok())
        .collect();
    if !existing.is_empty() {
        let mut message = format!(
            "flowsim init would overwrite {} file(s); nothing was written:",
            existing.len()
        );
        for p in &existing {
            let _ = write!(message, "\n  {}", p.display());
        }
        return Err(Refused::error(Code::CannotWrite, message)
            .help("move them away, or run `flowsim init NEW_DIR` elsewhere"));
    }
    // A directory a file needs that is a file already: refused before anything is written.
    let blocked: Vec<PathBuf> = files
        .iter()
        .flat_map(|(rel, _)| {
            dir.join(rel).ancestors().skip(1).map(Path::to_path_buf).collect::<Vec<_>>()
        })
        .filter(|p| p.starts_with(&dir) && p.symlink_metadata().is_ok_and(|m| !m.is_dir()))
        .collect();
    if let Some(p) = blocked.first() {
        // A link (to a folder or not) is never written through: it may lead out of the project.
        let what = if p.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
            "a symbolic link"
        } else {
            "a file"
        };
        return Err(Refused::error(
            Code::CannotWrite,
            format!(
                "{} is {what}, where flowsim init puts a directory; nothing was written",
                p.display()
            ),
        )
        .help("move it away, or run `flowsim init NEW_DIR` elsewhere"));
    }
    let mut out = String::new();
    let mut written: Vec<PathBuf> = Vec::new();
    for (rel, content) in &files {
        let path = dir.join(rel);
        if let Err(refused) = write(&dir, rel, content) {
            // All or nothing: what this run wrote goes again.
            for p in &written {
                let _ = std::fs::remove_file(p);
            }
            return Err(refused.note("nothing was left written"));
        }
        written.push(path.clone());
        let _ = writeln!(out, "created {}", path.display());
    }
    let cd =
        if args.dir.is_some() { format!("`cd {}`, then ", dir.display()) } else { String::new() };
    let _ = writeln!(
        out,
        "next: {cd}`flowsim test` runs the scenarios and `flowsim check` checks the flows (flowsim.toml says where they are); `flowsim test --watch` re-runs them as you edit"
    );
    write_stdout(&out);
    Ok(ExitCode::SUCCESS)
}

/// Writes `dir/rel`, never through a link below `dir` (a linked folder of the project).
fn write(dir: &Path, rel: &str, content: &str) -> Result<(), Refused> {
    flowsim::util::write_inside(dir, Path::new(rel), content.as_bytes()).map_err(|e| {
        Refused::error(Code::CannotWrite, format!("cannot write {}: {e}", dir.join(rel).display()))
    })
}
