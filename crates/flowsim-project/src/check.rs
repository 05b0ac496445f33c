//! `flowsim check` as a library function: the flows loaded and validated over the
//! [`FileView`], the fixtures' and the org's checks, then what silences or sets each finding's
//! level ([`levels`](crate::levels)). The CLI prints what this gives; the language server
//! publishes it; neither judges a flow itself.
//!
//! Invariant: the same request, project and texts give the same findings, in the same order
//! (by file, then line and column, then as the checks found them), whoever asks.

use crate::diag::{Code, Diagnostic, Severity};
use crate::fixtures::{FixtureError, FixtureStore};
use crate::flow::archy::{self, Substitutions};
use crate::flow::check::CheckOptions;
use crate::flow::registry::{LoadCache, LoadOptions};
use crate::flow::{LoadReport, Registry};
use crate::project::Project;
use crate::vfs::FileView;
use std::path::PathBuf;

/// Where a command's flows come from, and how Archy's `{{KEY}}` placeholders are filled: the
/// project's options file and substitutions, then `--options`, then `--sub` (the later wins).
#[derive(Debug, Clone, Default)]
pub struct FlowSet {
    /// Flow files or directories (searched recursively).
    pub flows: Vec<PathBuf>,
    /// `--sub KEY=VALUE`, as written.
    pub subs: Vec<String>,
    /// `--options FILE`.
    pub options: Option<PathBuf>,
    /// The project's options file.
    pub project_options: Option<PathBuf>,
    /// The project's substitutions (its own, then its environment's).
    pub project_subs: Vec<(String, String)>,
}

impl FlowSet {
    /// Fills what was left out from the project: its flows, its options file and substitutions.
    pub fn fill_from(&mut self, project: &Project) {
        if self.flows.is_empty() {
            self.flows.clone_from(&project.flows);
        }
        self.project_options.clone_from(&project.options);
        self.project_subs.clone_from(&project.substitutions);
    }

    /// The load's options: the substitutions, later ones winning.
    ///
    /// # Errors
    /// An options file that does not read, a `--sub` that is not `KEY=VALUE`.
    pub fn load_options(&self) -> Result<LoadOptions, Box<Diagnostic>> {
        let mut subs = match &self.project_options {
            Some(path) => archy::read_options(path).map_err(Box::new)?,
            None => Substitutions::default(),
        };
        for (k, v) in &self.project_subs {
            subs.values.insert(k.clone(), v.clone());
        }
        if let Some(path) = &self.options {
            subs.values.extend(archy::read_options(path).map_err(Box::new)?.values);
        }
        for pair in &self.subs {
            let Some((k, v)) = pair.split_once('=').filter(|(k, _)| !k.trim().is_empty()) else {
                return Err(Box::new(
                    Diagnostic::error(
                        Code::BadArgument,
                        format!("--sub `{pair}` is not KEY=VALUE"),
                    )
                    .help("write --sub flow_name=\"Main IVR\""),
                ));
            };
            subs.values.insert(k.trim().to_string(), v.to_string());
        }
        Ok(LoadOptions { substitutions: subs, ..LoadOptions::default() })
    }

    /// Loads the flows as `view` holds them, through `cache` when one is given (only the files
    /// whose text changed since the last load through it are read and checked alone again;
    /// the report is the same).
    ///
    /// # Errors
    /// No flow path was given; the load's options do not read.
    pub fn load(
        &self,
        view: &FileView,
        cache: Option<&mut LoadCache>,
    ) -> Result<LoadReport, CheckError> {
        if self.flows.is_empty() {
            return Err(CheckError::NoFlowsGiven);
        }
        let mut options = self.load_options().map_err(CheckError::Options)?;
        options.overlay.clone_from(view.texts());
        Ok(match cache {
            Some(cache) => Registry::load_paths_cached(&self.flows, &options, cache),
            None => Registry::load_paths(&self.flows, &options),
        })
    }
}

/// What `check` is asked: the flows, the fixtures and org they are held to, `--strict`.
#[derive(Debug, Clone, Default)]
pub struct CheckRequest {
    pub flows: FlowSet,
    /// Fixture files or directories: services the flows call that they do not mock.
    pub fixtures: Vec<PathBuf>,
    /// An org manifest: references to what this org lacks.
    pub org: Option<PathBuf>,
    /// Every finding an error.
    pub strict: bool,
}

/// What `check` found.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    /// Every finding, at the level the project and the comments give it.
    pub diagnostics: Vec<Diagnostic>,
    /// How many flows loaded.
    pub flows: usize,
}

/// Why `check` did not check: the command's mistake (exit 2), not a finding.
#[derive(Debug, Clone)]
pub enum CheckError {
    /// No flow file or directory was given, and no project names them.
    NoFlowsGiven,
    /// The flows' paths hold no flow, or cannot be read.
    Unloadable(Vec<Diagnostic>),
    /// A fixtures or org path that is not there.
    MissingPath { flag: &'static str, path: PathBuf },
    /// An options file or a `--sub` that does not read.
    Options(Box<Diagnostic>),
}

/// Checks `req`'s flows as `view` holds them, at `project`'s levels (none outside a project),
/// through `cache` when one is given.
///
/// # Errors
/// When the request cannot be checked at all ([`CheckError`]).
pub fn check(
    req: &CheckRequest,
    project: Option<&Project>,
    view: &FileView,
    cache: Option<&mut LoadCache>,
) -> Result<Checked, CheckError> {
    let report = req.flows.load(view, cache)?;
    let mut diags = report.diagnostics;
    if diags.iter().any(|d| matches!(d.code, Code::NoFlows | Code::UnreadableDirectory)) {
        return Err(CheckError::Unloadable(diags));
    }
    // A path that is not there is the command's mistake (exit 2), not a finding.
    if let Some(missing) = req.fixtures.iter().chain(&req.org).find(|p| !p.exists()) {
        let flag = if req.org.as_ref() == Some(missing) { "--org" } else { "--fixtures" };
        return Err(CheckError::MissingPath { flag, path: missing.clone() });
    }
    // A fixtures or manifest file that does not load is reported where its checks' findings
    // would be: the fixtures' first, then the org's.
    let fixtures = if req.fixtures.is_empty() {
        None
    } else {
        load_fixtures(&req.fixtures, view).map_err(|mut d| diags.append(&mut d)).ok()
    };
    let mut manifest_errors = Vec::new();
    let manifest = req.org.as_deref().and_then(|path| {
        crate::flow::org::Manifest::load(path).map_err(|d| manifest_errors = d).ok()
    });
    if let Some(registry) = &report.registry {
        let options = CheckOptions {
            fixtures: fixtures.as_ref(),
            org: manifest.as_ref(),
            overlay: Some(view.texts()),
        };
        diags.extend(crate::flow::check::run(registry, &options));
    }
    diags.append(&mut manifest_errors);
    crate::levels::apply(project, view, report.registry.is_some(), &report.files, &mut diags);
    if req.strict {
        for d in &mut diags {
            d.severity = Severity::Error;
        }
    }
    in_line_order(&mut diags);
    let flows = report.registry.as_ref().map_or(0, Registry::len);
    Ok(Checked { diagnostics: diags, flows })
}

/// Sorts findings by file, then line and column (a finding with no place first), keeping the
/// checks' order among findings at one place.
pub fn in_line_order(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line.unwrap_or(0), a.column.unwrap_or(0)).cmp(&(
            &b.file,
            b.line.unwrap_or(0),
            b.column.unwrap_or(0),
        ))
    });
}

/// The fixtures of `paths` (files or directories of them) as `view` holds them, or every
/// error they hold.
///
/// # Errors
/// Each fixture file's errors, as diagnostics.
pub fn load_fixtures(paths: &[PathBuf], view: &FileView) -> Result<FixtureStore, Vec<Diagnostic>> {
    let files = crate::harness::expand_fixture_paths(paths).map_err(|e| {
        vec![crate::harness::FileError::unlistable(e, "fixture files").diagnostic()]
    })?;
    FixtureStore::load_over(&files, view.texts())
        .map_err(|errors| errors.iter().map(FixtureError::diagnostic).collect())
}
