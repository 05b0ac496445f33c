//! The project the language server serves, as the project model (crate `flowsim-project`)
//! reads it over the server's file view: the project file (read again whenever its text
//! changes, unsaved or on disk), the command line's overrides, and the checks every front end
//! asks ([`flowsim_project::check`], [`flowsim_project::lint`]).
//!
//! Invariants:
//! - an open flow under the project's flows is checked with them, as `flowsim check` checks
//!   the project; one outside them alone, as `flowsim check FILE` checks it (with the
//!   project's fixtures, org and levels); nothing open is left unchecked;
//! - a scenario file is linted as `flowsim test --lint` lints it, with the project's defaults
//!   (flows, fixtures, substitutions) when it says none;
//! - every path handed to the checks is absolute, as [`document_path`] names it, so that the
//!   findings and the open documents name one file alike.

use crate::lenses::Verdict;
use flowsim_project::diag::Diagnostic;
use flowsim_project::flow::org::Manifest;
use flowsim_project::flow::registry::LoadCache;
use flowsim_project::harness::scenario::ProjectDefaults;
use flowsim_project::project::{self, Project, ProjectError};
use flowsim_project::vfs::{document_path, FileView};
use flowsim_project::{CheckError, CheckRequest, FlowSet};
use std::cell::RefCell;
use std::path::{Path, PathBuf};

/// What the command line gives the server (`flowsim lsp --flows ... --fixtures ...`): it
/// wins over the project file, as a flag wins for every command.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub flows: Vec<PathBuf>,
    pub fixtures: Vec<PathBuf>,
    pub org: Option<PathBuf>,
    /// `--sub KEY=VALUE`.
    pub subs: Vec<String>,
    /// `--options FILE`.
    pub options: Option<PathBuf>,
    /// `--env NAME`.
    pub env: Option<String>,
    /// `--project PATH`: the project file (or its folder), read instead of the one found
    /// from the root upward, without the owner check a found one gets.
    pub project: Option<PathBuf>,
    /// Read and check every flow again at every edit instead of only the flows that changed
    /// (the findings are the same): what `benches/lsp.rs` compares the re-check with.
    pub full_recheck: bool,
}

/// The project as the server sees it now.
pub struct Workspace {
    settings: Settings,
    /// Where the project file is looked for: the client's root, else the current directory.
    root: PathBuf,
    /// The project file found, and what it says (paths absolute), when it reads.
    file: Option<PathBuf>,
    project: Option<Project>,
    /// Why the project file does not read: its findings (published in it), or a message.
    pub(crate) error: Option<ProjectError>,
    request: CheckRequest,
    defaults: Option<ProjectDefaults>,
    /// What the last check read and found of each flow file: an edit reads and checks alone
    /// again only the flows whose text changed.
    cache: RefCell<LoadCache>,
}

impl Workspace {
    /// The project at or above `root`, read through `view`.
    pub fn new(settings: Settings, root: PathBuf, view: &FileView) -> Workspace {
        let mut w = Workspace {
            settings,
            root,
            file: None,
            project: None,
            error: None,
            request: CheckRequest::default(),
            defaults: None,
            cache: RefCell::default(),
        };
        w.reload(view);
        w
    }

    /// Reads the project file again (as `view` holds it) and everything it decides.
    pub fn reload(&mut self, view: &FileView) {
        let root = self.root.clone();
        let env = self.settings.env.as_deref();
        let read = if let Some(named) = &self.settings.project {
            self.file = Some(document_path(&project::named_file(&root.join(named))));
            project::named(named, &root, env, view).map(Some)
        } else {
            self.file = project::find(&self.root).map(|f| document_path(&f));
            match &self.file {
                Some(file) => project::read(file, &root, env, view).map(Some),
                None => Ok(None),
            }
        };
        let (project, error) = match read {
            Ok(p) => (p.map(|p| absolute(p, &root)), None),
            Err(e) => (None, Some(e)),
        };
        let s = &self.settings;
        let mut flows = FlowSet {
            flows: s.flows.iter().map(|p| document_path(p)).collect(),
            subs: s.subs.clone(),
            options: s.options.as_deref().map(document_path),
            ..FlowSet::default()
        };
        let mut fixtures: Vec<PathBuf> = s.fixtures.iter().map(|p| document_path(p)).collect();
        if let Some(p) = &project {
            flows.fill_from(p);
            if fixtures.is_empty() {
                fixtures.clone_from(&p.fixtures);
            }
        }
        self.defaults = project.as_ref().and_then(|p| p.scenario_defaults().ok());
        self.request = CheckRequest {
            flows,
            fixtures,
            org: s.org.as_deref().map(document_path),
            strict: false,
        };
        self.project = project;
        self.error = error;
        *self.cache.borrow_mut() = LoadCache::default();
    }

    /// The project file, when there is one.
    pub fn project_file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// Whether `path` is the project file (or where one would be read from).
    pub fn is_project_file(&self, path: &Path) -> bool {
        self.file.as_deref() == Some(path)
            || path.file_name().is_some_and(|n| n == project::FILE_NAME)
    }

    /// Whether `path` is among the fixtures (a fixture file is never a flow).
    pub fn is_fixture(&self, path: &Path) -> bool {
        self.request.fixtures.iter().any(|root| path.starts_with(root))
    }

    /// Whether the flow file `path` is among the project's flows (or the command line's).
    pub fn covers(&self, path: &Path) -> bool {
        self.request.flows.flows.iter().any(|root| path.starts_with(root))
    }

    /// `check`'s findings: the project's flows (the open ones as `view` holds them), then
    /// each open flow outside them, alone. `open` are the open flow files.
    /// Nothing is checked while the project file does not read, as every command refuses to
    /// run then: its own findings (published in it) say what to fix.
    pub fn check(&self, view: &FileView, open: &[PathBuf]) -> (Vec<Diagnostic>, Vec<String>) {
        let mut found = Vec::new();
        let mut refused = Vec::new();
        if self.error.is_some() {
            return (found, refused);
        }
        if !self.request.flows.flows.is_empty() {
            let mut cache = self.cache.borrow_mut();
            let cache = (!self.settings.full_recheck).then_some(&mut *cache);
            match flowsim_project::check(&self.request, self.project.as_ref(), view, cache) {
                Ok(c) => found.extend(c.diagnostics),
                Err(e) => refused.push(refusal(&e)),
            }
        }
        for file in open.iter().filter(|f| !self.covers(f)) {
            let mut alone = self.request.clone();
            alone.flows.flows = vec![file.clone()];
            match flowsim_project::check(&alone, self.project.as_ref(), view, None) {
                Ok(c) => found.extend(c.diagnostics),
                Err(e) => refused.push(refusal(&e)),
            }
        }
        (found, refused)
    }

    /// `test --lint`'s findings for the scenario files `files`, as `view` holds them: those
    /// placed in scenario files (what the lint says of a flow, `check` says in the flow).
    pub fn lint(&self, files: &[PathBuf], view: &FileView) -> Vec<Diagnostic> {
        if self.error.is_some() {
            return Vec::new();
        }
        let report =
            flowsim_project::lint::lint(files, self.project.as_ref(), self.defaults.as_ref(), view);
        let mut out = flowsim_project::lint::diagnostics(&report);
        out.retain(|d| {
            d.file.as_deref().is_some_and(flowsim_project::harness::scenario::is_scenario_file)
        });
        out
    }

    /// The project's flow files (its flows, or the command line's `--flows`): where a flow
    /// name written in another file is looked for beside the open flows.
    pub fn flow_files(&self) -> Vec<PathBuf> {
        flowsim_project::flow::registry::flow_files(&self.request.flows.flows)
    }

    /// The org the checks hold flows to: the fixtures (as a manifest) and the org manifest.
    pub fn org(&self, view: &FileView) -> Vec<Manifest> {
        let mut out = Vec::new();
        if !self.request.fixtures.is_empty() {
            if let Ok(store) = flowsim_project::check::load_fixtures(&self.request.fixtures, view) {
                out.push(flowsim_project::flow::org::from_fixtures(&store));
            }
        }
        if let Some(m) = self.request.org.as_deref().and_then(|p| Manifest::load(p).ok()) {
            out.push(m);
        }
        out
    }

    /// The project's fixture files, each a file: where a quick fix adds an entry.
    pub fn fixture_files(&self) -> Vec<PathBuf> {
        // A folder that cannot be listed offers none (its diagnostic says why).
        flowsim_project::harness::expand_fixture_paths(&self.request.fixtures).unwrap_or_default()
    }

    /// Runs the scenario `name` of the scenario file `file` (as saved) as
    /// `flowsim test FILE --filter NAME` does in the project.
    pub fn run_scenario(&self, file: &Path, name: &str) -> Result<Verdict, String> {
        use flowsim_project::harness::{run_suite, Options, Outcome};
        // The filter narrows the run to the names holding `name`; the one named so is judged.
        let opts = Options {
            filter: Some(name.to_owned()),
            project: self.defaults.clone(),
            ..Options::default()
        };
        let report = run_suite(&[file.to_path_buf()], &opts, &|_| {});
        if let Some(e) = report.file_errors.first() {
            let at = e.line().map_or_else(String::new, |l| format!(":{l}"));
            return Err(format!("{}{at}: {}", e.file().display(), e.message()));
        }
        let s = report
            .scenarios
            .iter()
            .find(|s| s.name == name)
            .ok_or_else(|| format!("{} has no scenario named `{name}`", file.display()))?;
        Ok(match &s.outcome {
            Outcome::Passed => Verdict::Passed,
            Outcome::Failed { mismatches } => {
                let first = mismatches.first();
                Verdict::Failed {
                    first: first.map_or_else(|| "a mismatch".to_owned(), |m| m.message.clone()),
                    line: first.and_then(|m| m.line),
                }
            }
        })
    }
}

/// `p` with its paths absolute (the server names every file so).
fn absolute(mut p: Project, root: &Path) -> Project {
    let abs = |q: &Path| document_path(&root.join(q));
    for q in p.flows.iter_mut().chain(&mut p.fixtures).chain(&mut p.scenarios).chain(&mut p.options)
    {
        *q = abs(q);
    }
    p.root = abs(&p.root);
    p.file = abs(&p.file);
    p
}

/// Why a check did not run, as a message for the client.
fn refusal(e: &CheckError) -> String {
    match e {
        CheckError::NoFlowsGiven => "flowsim: no flows to check".to_owned(),
        CheckError::Unloadable(diags) => {
            diags.iter().map(|d| d.message.as_str()).collect::<Vec<_>>().join("; ")
        }
        CheckError::MissingPath { flag, path } => {
            format!("flowsim: `{flag} {}`: no such file or directory", path.display())
        }
        CheckError::Options(d) => d.message.clone(),
    }
}
