//! `flowsim init [DIR]`: a project that passes `flowsim test` as it is (an Archy YAML flow, its
//! fixtures, a scenario file, a GitHub Actions workflow that installs the same flowsim, the JSON
//! Schemas its YAML files name for editors), as `cargo init` makes a package that builds.
//!
//! The workflow installs flowsim from where `--install` says: the package index (the default
//! of a published release, which is on the index), a release archive by URL, or `cargo install`
//! from a git repository. A flowsim built from source is on no index, so with no `--install`
//! it writes no workflow rather than one that fails on its first push, and says how to get one.
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
    /// How the CI workflow installs flowsim: `pypi` (`pipx install flowsim-cli==VERSION`, once
    /// the release workflow has published VERSION), `archive=URL` (a release archive for Linux
    /// x86_64, `.tar.gz`), or `git=URL[#REV]` (`cargo install` from a repository of flowsim, at
    /// REV or the tag `vVERSION`). Default: `pypi` for a published release; a flowsim built from
    /// source writes no workflow without it (`flowsim docs ci`).
    #[arg(long, value_name = "SOURCE", value_parser = Install::parse)]
    install: Option<Install>,
    /// Write only the CI workflow, e.g. into a project started without one.
    #[arg(long)]
    workflow: bool,
}

/// Where the project's CI gets flowsim (`--install`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Install {
    /// The package index: `pipx install flowsim-cli==VERSION`.
    Pypi,
    /// A release archive (`flowsim-VERSION-x86_64-unknown-linux-musl.tar.gz`) by URL.
    Archive(String),
    /// `cargo install --git URL` at a revision, or at the tag of this version.
    Git { url: String, rev: Option<String> },
}

/// Whether this binary is a published release: `.github/workflows/release.yml` builds a tag
/// with `FLOWSIM_RELEASE=1` and publishes what it builds to the package index; a build from
/// source is on no index.
fn published() -> bool {
    option_env!("FLOWSIM_RELEASE") == Some("1")
}

impl Install {
    fn parse(text: &str) -> Result<Self, String> {
        let url = |u: &str| -> Result<String, String> {
            // The URL goes into a shell command in YAML: characters either would read are refused.
            if u.is_empty() {
                return Err("a URL is needed after `=`".to_owned());
            }
            if let Some(c) = u.chars().find(|c| {
                c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '`' | '$' | '\\')
            }) {
                return Err(format!(
                    "{c:?} cannot stand in the URL (it goes into a shell command)"
                ));
            }
            Ok(u.to_owned())
        };
        if text == "pypi" {
            return Ok(Self::Pypi);
        }
        if let Some(u) = text.strip_prefix("archive=") {
            let u = url(u)?;
            let lower = u.to_ascii_lowercase();
            if ![".tar.gz", ".tgz"].iter().any(|gz| lower.ends_with(gz)) {
                return Err(
                    "the archive is the Linux x86_64 one (`.tar.gz`), as the workflow runs on ubuntu-latest"
                        .to_owned(),
                );
            }
            return Ok(Self::Archive(u));
        }
        if let Some(rest) = text.strip_prefix("git=") {
            let (u, rev) = match rest.split_once('#') {
                Some((u, rev)) if !rev.is_empty() => (u, Some(url(rev)?)),
                Some(_) => return Err("a revision is needed after `#`".to_owned()),
                None => (rest, None),
            };
            return Ok(Self::Git { url: url(u)?, rev });
        }
        Err("expected `pypi`, `archive=URL` or `git=URL[#REV]`".to_owned())
    }

    /// The workflow's steps that put this flowsim on the runner's PATH, as one job's steps
    /// (indented for the template's `steps:`).
    fn steps(&self, version: &str) -> String {
        let upgrade = "then refresh the editor schemas too\n        # (`flowsim schema --out-dir .flowsim/schemas`)";
        match self {
            Self::Pypi => format!(
                "      - uses: actions/setup-python@v5
        with:
          python-version: \"3.12\"
      - name: Install flowsim
        # The flowsim this project was started with, from the package index (the Python package
        # `flowsim-cli` carries the binary). Raise the pin to upgrade, {upgrade}.
        run: pipx install flowsim-cli=={version}
"
            ),
            Self::Archive(url) => format!(
                "      - name: Install flowsim
        # The flowsim this project was started with, from its release archive for Linux x86_64.
        # Name a newer archive to upgrade, {upgrade}.
        run: |
          mkdir -p \"$HOME/.local/bin\"
          curl --fail --silent --show-error --location \"{url}\" \\
            | tar -xz -C \"$HOME/.local/bin\" --strip-components=1 --wildcards '*/flowsim'
          echo \"$HOME/.local/bin\" >> \"$GITHUB_PATH\"
"
            ),
            Self::Git { url, rev } => {
                let at = match rev {
                    Some(rev) => format!("--rev \"{rev}\""),
                    None => format!("--tag v{version}"),
                };
                format!(
                    "      - name: Install flowsim
        # The flowsim this project was started with, compiled from its repository by the
        # runner's Rust. Name a newer revision to upgrade, {upgrade}.
        run: cargo install --locked --git \"{url}\" {at} flowsim
"
                )
            }
        }
    }
}

/// Where `init` puts the JSON Schemas its files name (`# yaml-language-server: $schema=...`):
/// the installed flowsim's own (`flowsim schema`), so an editor finds them without a clone of
/// flowsim's repository; `flowsim schema --out-dir .flowsim/schemas` refreshes them.
const SCHEMA_DIR: &str = ".flowsim/schemas";

/// Where the CI workflow template has each job's steps that install flowsim ([`Install::steps`]).
const INSTALL_SLOT: &str = "@INSTALL_STEPS@";

/// The CI workflow's path in the project.
const WORKFLOW: &str = ".github/workflows/flowsim.yml";

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

/// Every file `init` writes: the templates, the CI workflow (when `install` says how it gets
/// flowsim) pinned to this flowsim's version, so CI runs the flowsim the suite was written
/// with, and every schema under [`SCHEMA_DIR`].
fn files(install: Option<&Install>) -> Vec<(String, String)> {
    let version = env!("CARGO_PKG_VERSION");
    let mut files: Vec<(String, String)> = TEMPLATES
        .iter()
        .filter_map(|(rel, text)| {
            let text = if *rel == WORKFLOW {
                text.replace(INSTALL_SLOT, install?.steps(version).trim_end_matches('\n'))
            } else {
                (*text).to_owned()
            };
            Some(((*rel).to_owned(), text))
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
    let install = args.install.clone().or(published().then_some(Install::Pypi));
    let mut files = files(install.as_ref());
    if args.workflow {
        if install.is_none() {
            return Err(Refused::error(
                Code::CannotWrite,
                format!(
                    "no CI workflow can install this flowsim from the package index: it was built from source, and no index has version {}",
                    env!("CARGO_PKG_VERSION")
                ),
            )
            .help("say where CI gets it: `flowsim init --workflow --install git=URL` (your repository of flowsim) or `--install archive=URL` (a release archive)"));
        }
        files.retain(|(rel, _)| rel == WORKFLOW);
    }
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
    if args.workflow {
        write_stdout(&out);
        return Ok(ExitCode::SUCCESS);
    }
    if install.is_none() {
        let _ = writeln!(
            out,
            "note: no CI workflow: this flowsim was built from source, so no package index has version {}; `flowsim init --workflow --install git=URL` (your repository of flowsim) or `--install archive=URL` (a release archive) adds one that installs it (`flowsim docs ci`)",
            env!("CARGO_PKG_VERSION")
        );
    }
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
