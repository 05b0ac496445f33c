//! The project the current directory is in (`flowsim.toml`, docs/project.md), read once per
//! process through the project model (crate `flowsim-project`, which every front end asks),
//! and its refusals rendered as the CLI renders diagnostics.

use super::Refused;
use flowsim_project::project::{discover, ProjectError};
use flowsim_project::FileView;
use std::path::PathBuf;
use std::sync::OnceLock;

pub(crate) use flowsim_project::project::{Project, DEFAULT_CACHE, FILE_NAME};

/// What the command line says of the project, set once by `main` before any command.
#[derive(Default)]
struct Given {
    /// `--env NAME`: the project's environment.
    env: Option<String>,
    /// `--project PATH`: the project file (or its folder), instead of the one found upward.
    file: Option<PathBuf>,
}

static GIVEN: OnceLock<Given> = OnceLock::new();
static PROJECT: OnceLock<Result<Option<Project>, Refused>> = OnceLock::new();

/// Records `--env` and `--project` for [`get`].
pub(crate) fn set_given(env: Option<String>, file: Option<PathBuf>) {
    let _ = GIVEN.set(Given { env, file });
}

/// The `--env` a command was asked for.
pub(crate) fn env() -> Option<String> {
    GIVEN.get().and_then(|g| g.env.clone())
}

/// The project file `--project` names, when it does, made absolute: the language server and
/// the debug adapter read it from other folders (the client's root, a launch's `cwd`).
pub(crate) fn named() -> Option<PathBuf> {
    let file = GIVEN.get().and_then(|g| g.file.clone())?;
    Some(std::path::absolute(&file).unwrap_or(file))
}

/// The project the command works in, read once: the file `--project` names, else the one the
/// current directory is in; `None` outside any project. A project file that does not read (or
/// is not there when named), or an `--env` the file does not have (or given outside a
/// project), is refused.
pub(crate) fn get() -> Result<Option<&'static Project>, Refused> {
    let found = PROJECT.get_or_init(|| {
        let given = GIVEN.get();
        let env = given.and_then(|g| g.env.as_deref());
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let view = FileView::disk();
        match given.and_then(|g| g.file.as_deref()) {
            Some(file) => flowsim_project::project::named(file, &cwd, env, &view).map(Some),
            None => discover(&cwd, &cwd, env, &view),
        }
        .map_err(|e| refusal(&e))
    });
    match found {
        Ok(p) => Ok(p.as_ref()),
        Err(refused) => Err(refused.clone()),
    }
}

/// The folder files are named relative to in a report (a SARIF log's `%SRCROOT%`): the
/// project's root, else the current directory.
pub(crate) fn root() -> PathBuf {
    match get() {
        Ok(Some(p)) => p.root.clone(),
        _ => std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
    }
}

/// A project file's refusal: its one problem, or its mistakes counted and what to do first.
pub(crate) fn refusal(e: &ProjectError) -> Refused {
    match e {
        ProjectError::Refused(d) => Refused::from((**d).clone()),
        ProjectError::Invalid { file, diagnostics } => {
            Refused::all(diagnostics.clone()).note(ProjectError::note(file))
        }
    }
}

/// Gives the scenario files that do not say the project's flows, fixtures and substitutions
/// (its options file's, then its own and its environment's): the commands that run suites
/// read them through `harness::scenario`'s process-wide defaults.
pub(crate) fn give_scenario_files(p: &Project) -> Result<(), Refused> {
    let defaults = p.scenario_defaults().map_err(|d| Refused::all(vec![*d]))?;
    flowsim::harness::scenario::set_project_defaults(defaults);
    Ok(())
}
