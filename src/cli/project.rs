//! The project the current directory is in (`flowsim.toml`, docs/project.md), read once per
//! process through the project model (crate `flowsim-project`, which every front end asks),
//! and its refusals rendered as the CLI renders diagnostics.

use super::Refused;
use flowsim_project::project::{discover, ProjectError};
use flowsim_project::FileView;
use std::path::PathBuf;
use std::sync::OnceLock;

pub(crate) use flowsim_project::project::{Project, DEFAULT_CACHE, FILE_NAME};

/// The environment a command was asked for (`--env`), set once by `main` before any command.
static ENV: OnceLock<Option<String>> = OnceLock::new();
static PROJECT: OnceLock<Result<Option<Project>, Refused>> = OnceLock::new();

/// Records `--env` for [`get`].
pub(crate) fn set_env(env: Option<String>) {
    let _ = ENV.set(env);
}

/// The `--env` a command was asked for.
pub(crate) fn env() -> Option<String> {
    ENV.get().cloned().flatten()
}

/// The project the current directory is in, read once; `None` outside any project. A project
/// file that does not read, or an `--env` the file does not have (or given outside a
/// project), is refused.
pub(crate) fn get() -> Result<Option<&'static Project>, Refused> {
    let env = ENV.get().and_then(Option::as_deref);
    let found = PROJECT.get_or_init(|| {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        discover(&cwd, &cwd, env, &FileView::disk()).map_err(|e| refusal(&e))
    });
    match found {
        Ok(p) => Ok(p.as_ref()),
        Err(refused) => Err(refused.clone()),
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
