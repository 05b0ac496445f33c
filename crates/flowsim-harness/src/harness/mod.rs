//! The test harness: scenario files → runs → expectations, snapshots and coverage.
//!
//! ```text
//! discover(paths) ─▶ scenario files ─▶ load (registry and fixtures per file, cached)
//!        ─▶ select (filter, tags, partition) ─▶ run in parallel (rayon)
//!        ─▶ per scenario: expect::check + snapshot ─▶ ScenarioReport (trace dropped)
//!        ─▶ SuiteReport in a stable order, with coverage merged across workers
//! ```
//! Reports are data; the CLI renders them. Results are streamed: a scenario's trace is
//! dropped as soon as it is checked and counted, so memory does not grow with the suite.

pub mod coverage;
pub mod coverage_formats;
pub mod deps;
pub mod expect;
mod file_error;
pub mod lines;
pub mod lint;
pub mod missing;
pub mod pending;
pub mod redact;
pub mod scenario;
pub mod select;
pub mod snapshot;
pub mod snapshot_parts;
pub mod unused;

use crate::engine::{self, RunOptions, RunRequest};
use crate::fixtures::FixtureStore;
use crate::flow::{Registry, Version};
use crate::util::files::{Depth, Entry, SearchError};
use coverage::{Coverage, FlowCoverage};
use expect::Mismatch;
pub use file_error::FileError;
use rayon::prelude::*;
use scenario::{Scenario, ScenarioFile};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What to do with snapshots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SnapshotMode {
    /// Compare; on a mismatch fail and write `….snap.new`.
    #[default]
    Check,
    /// Compare; on a mismatch write the new snapshot and pass.
    Accept,
    /// Compare; never write; fail on orphaned snapshots too.
    Ci,
}

/// Which scenarios to run, and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Substring of `file › name` (case-insensitive).
    pub filter: Option<String>,
    /// Run only scenarios with one of these tags.
    pub tags: Vec<String>,
    /// Run one shard of the selection (`util::shard`: balanced by estimated cost).
    pub partition: Option<crate::util::shard::Partition>,
    pub snapshots: SnapshotMode,
    pub coverage: bool,
    /// Stop at the first failing scenario (in the stable order): the ones before it all run,
    /// the ones after it are not run (or not reported), so the report is the same every time.
    pub fail_fast: bool,
    /// Keep every decision of every run (`ScenarioReport::decisions`, for decision logs and
    /// heatmaps): each run is watched by a `decisions::Log`.
    pub decisions: bool,
    /// The seed of the random numbers of every scenario that sets no `seed` of its own
    /// (`flowsim test --seed`); `None`: 0.
    pub seed: Option<u64>,
    /// `--last-failed` or `--failed-first`: the scenarios that failed last time
    /// ([`select`]).
    pub rerun: Option<select::Rerun>,
    /// The project's defaults for scenario files that do not say their flows, fixtures and
    /// substitutions (the language server's project); `None`: the process's
    /// ([`scenario::set_project_defaults`]).
    pub project: Option<scenario::ProjectDefaults>,
    /// What else makes the run what it is, added to its identity (`Shard::run`) beside the
    /// content of its scenario, flow and fixture files: the project environment and the
    /// options that change verdicts (`flowsim test` gives `env=NAME`, `snapshots=MODE`), so
    /// `merge` refuses shards run otherwise.
    pub identity: Vec<String>,
    /// What a scenario gives and its run never uses fails it (`flowsim test --ci`,
    /// `--strict`), rather than being a warning on its result ([`unused`]).
    pub strict: bool,
}

/// How one scenario went.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", tag = "outcome")]
pub enum Outcome {
    Passed,
    Failed { mismatches: Vec<Mismatch> },
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScenarioReport {
    pub file: PathBuf,
    pub name: String,
    pub flow: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(flatten)]
    pub outcome: Outcome,
    /// Steps the run took.
    pub steps: usize,
    /// The run's virtual time, ms (deterministic, unlike wall time: JUnit's `time`).
    pub virtual_ms: u64,
    /// `written`, `accepted` or `pending` when the scenario touched its snapshot file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot: Option<Cow<'static, str>>,
    /// A failed scenario's run warnings, which may say why it failed (a literal queue the
    /// fixtures lack, a name that reads as NOT_SET); none for a scenario that passed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<RunWarning>,
    /// What the scenario gives and its run never used (inputs, events, mocks, stubs, preset
    /// variables): warnings, passed or failed ([`unused`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unused: Vec<unused::Unused>,
    /// With `Options::decisions`: the run's decisions, its `flowInstanceId` being
    /// [`instance_id`]'s.
    #[serde(skip)]
    pub decisions: Vec<crate::decisions::Decision>,
}

/// A run's warning as a scenario's report gives it (the run result's `warnings`, docs/results.md).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunWarning {
    pub kind: Cow<'static, str>,
    pub message: String,
    pub flow_name: String,
    pub node_id: String,
    /// The lookup that found nothing, as `expect.missing` names it (`queue:Billing`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
}

/// A scenario's `flowInstanceId` in decision logs: its file's name without the
/// `.scenarios.*` suffix, its place in the file (from 1) and its name in lower-case words:
/// `queue-routing/1-support-has-enough-agents`.
pub fn instance_id(file: &Path, index: usize, name: &str) -> String {
    let file_name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let stem = file_name.split(".scenarios.").next().unwrap_or(file_name);
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.chars().count() >= 60 {
            break;
        }
    }
    format!("{stem}/{}-{}", index + 1, slug.trim_end_matches('-'))
}

impl ScenarioReport {
    pub fn passed(&self) -> bool {
        self.outcome == Outcome::Passed
    }
}

/// Everything a suite run produced, in a stable order.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SuiteReport {
    pub scenarios: Vec<ScenarioReport>,
    pub file_errors: Vec<FileError>,
    /// Snapshot files no scenario claims (reported always; failures under `--ci`).
    pub orphaned_snapshots: Vec<PathBuf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<Vec<FlowCoverage>>,
    /// Scenarios left out by filter, tags or partition.
    pub skipped: usize,
    /// Scenarios not run because an earlier one failed under `--fail-fast`.
    pub not_run: usize,
    /// What `--last-failed` or `--failed-first` did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rerun: Option<select::RerunNote>,
    /// Which shard of which run this is (`--partition`; `1` of `1` for a whole run). The CLI
    /// writes it beside the report.
    #[serde(skip)]
    pub shard: crate::util::shard::Shard,
    /// The registries the coverage counts (kept for pictures of the flows: the HTML report).
    #[serde(skip)]
    pub registries: Vec<Arc<Registry>>,
}

impl SuiteReport {
    pub fn passed(&self) -> usize {
        self.scenarios.iter().filter(|s| s.passed()).count()
    }

    pub fn failed(&self) -> usize {
        self.scenarios.len() - self.passed()
    }
}

/// Scenario files under `paths`: files as given, directories searched recursively for
/// `*.scenarios.{yaml,yml,json}` (skipping hidden folders and `target`). Sorted, deduplicated.
///
/// A folder given is read even when it is a symbolic link (the user named it); a linked folder
/// *below* it is not searched, as ripgrep and fd do: a link back up the tree would never end,
/// and a scenario file reached through a link would write its snapshots wherever the link
/// points (docs/security.md, "Files flowsim writes").
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, FileError> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            out.extend(walk(p)?);
        } else if p.exists() {
            // Named explicitly: read (and refused there, when not a regular file).
            out.push(p.clone());
        } else {
            return Err(FileError::new(
                p.clone(),
                "no such file or directory",
                "pass scenario files (*.scenarios.yaml) or directories that hold them",
            ));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// The scenario files below `dir` (`util::files::search`: sorted, no linked or hidden folder
/// entered, nor `target` or a `__snapshots__`); a folder that cannot be listed is an error
/// naming it, not a suite that silently runs without its scenarios.
fn walk(dir: &Path) -> Result<Vec<PathBuf>, FileError> {
    let skip = &["target", snapshot::DIR];
    crate::util::files::search(dir, Depth::Tree { skip }, |p, _| scenario::is_scenario_file(p))
        .map_err(|e| {
            FileError::new(
                e.folder,
                format!("cannot read the folder: {}", e.error),
                "make the folder readable, or pass the scenario files themselves",
            )
        })
}

/// A scenario file ready to run.
struct Loaded {
    path: PathBuf,
    file: ScenarioFile,
    registry: Arc<Registry>,
    /// Each scenario's fixtures (the file's, shared, unless it has fixtures of its own).
    fixtures: Vec<Arc<FixtureStore>>,
    /// Each scenario's request as the lint prepared it, taken by its run (boxed: a pointer is
    /// all the lint's list and this one move).
    ready: Vec<Mutex<Option<Box<engine::request::Prepared>>>>,
    /// Where each scenario's expectations are written, read at the file's first failure
    /// (`harness::lines`).
    lines: std::sync::OnceLock<Option<Vec<lines::ScenarioLines>>>,
    /// Each scenario's item in the file (a parametrised scenario's cases share one), made with
    /// `lines`.
    items: std::sync::OnceLock<Vec<usize>>,
}

fn load_over(
    files: &[PathBuf],
    overlay: &BTreeMap<PathBuf, String>,
    defaults: Option<&scenario::ProjectDefaults>,
    errors: &mut Vec<FileError>,
) -> Vec<Loaded> {
    type Key = (Vec<PathBuf>, Vec<(String, String)>);
    let mut registries: BTreeMap<Key, Option<Arc<Registry>>> = BTreeMap::new();
    let mut out = Vec::new();
    for path in files {
        let file =
            match ScenarioFile::read_in(path, overlay.get(path).map(String::as_str), defaults) {
                Ok(f) => f,
                Err(e) => {
                    // Every mistake of the file at once, not one a run.
                    let text = overlay.get(path).cloned().or_else(|| {
                        crate::util::read_text(path, crate::util::MAX_INPUT_BYTES).ok()
                    });
                    match text {
                        Some(text) => errors.extend(
                            ScenarioFile::errors_of(path, &text, e).into_iter().map(Into::into),
                        ),
                        None => errors.push(e.into()),
                    }
                    continue;
                }
            };
        let paths = file.flow_paths(path);
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        let dir = PathBuf::from(shown.join(", "));
        let check_args: Vec<String> =
            paths.iter().map(|p| format!("--flows {}", p.display())).collect();
        let check_args = check_args.join(" ");
        let subs: Vec<(String, String)> =
            file.substitutions.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        let registry = registries
            .entry((paths.clone(), subs))
            .or_insert_with(|| {
                let mut options = crate::flow::registry::LoadOptions::default();
                options.substitutions.values.clone_from(&file.substitutions);
                // The flows as the editor holds them, when it holds them unsaved.
                options.overlay.clone_from(overlay);
                let report = Registry::load_paths(&paths, &options);
                if let Some(r) = report.registry {
                    Some(Arc::new(r))
                } else {
                    for d in report.diagnostics.iter().filter(|d| d.is_error()) {
                        errors.push(FileError::of_flow(d, &dir, || {
                            format!("run `flowsim check {check_args}`")
                        }));
                    }
                    None
                }
            })
            .clone();
        let Some(registry) = registry else {
            errors.push(FileError::new(
                path.clone(),
                format!(
                    "its flows under {} do not load; its scenarios were not run",
                    dir.display()
                ),
                format!("run `flowsim check {check_args}`"),
            ));
            continue;
        };
        // Places are found in the text the file was parsed from (an editor's buffer, when it
        // has one), not in the file on disk.
        let text = match overlay.get(path) {
            Some(text) => text.clone(),
            None => crate::util::read_text(path, crate::util::MAX_INPUT_BYTES).unwrap_or_default(),
        };
        let Some(store) =
            load_fixtures(path, &file.fixture_paths(path), file.mocks.as_ref(), overlay, errors)
        else {
            continue;
        };
        let Some(stores) = scenario_fixtures(path, &text, &file, &Arc::new(store), overlay, errors)
        else {
            continue;
        };
        // No hollow test: every name the scenarios use exists (`lint`), and every request
        // would run; problems are file errors with their place, not failed tests.
        let refs: Vec<&FixtureStore> = stores.iter().map(|s| &**s).collect();
        let (problems, ready) = lint::lint(path, &text, &file, &registry, &refs);
        if !problems.is_empty() {
            errors.extend(problems);
            continue;
        }
        let ready = ready.into_iter().map(Mutex::new).collect();
        out.push(Loaded {
            path: path.clone(),
            file,
            registry,
            fixtures: stores,
            ready,
            lines: std::sync::OnceLock::new(),
            items: std::sync::OnceLock::new(),
        });
    }
    // A fixture file several scenario files read is reported once, not once per reader.
    let mut seen = std::collections::HashSet::new();
    errors.retain(|e| {
        seen.insert((e.file().to_path_buf(), e.line(), e.column(), e.message().into_owned()))
    });
    out
}

/// One scenario as an input to run elsewhere (`flowsim diff` runs it through two versions of
/// the flows, `flowsim mutate` through every mutant): `file: name`, its request, its fixtures
/// with its mocks merged, and what it expects.
pub struct ScenarioInput {
    pub name: String,
    pub request: RunRequest,
    pub fixtures: Arc<FixtureStore>,
    /// The flows the scenario file names (its `flows:`), as loaded.
    pub registry: Arc<Registry>,
    file: Arc<ScenarioFile>,
    index: usize,
    /// The stored snapshot, read once, when the scenario has `snapshot: true` and one exists.
    snapshot: Option<String>,
}

impl ScenarioInput {
    /// The scenario's own name (as its file writes it, a case's with its parameters).
    pub fn scenario(&self) -> &str {
        &self.file.scenarios[self.index].name
    }

    /// Whether `result` passes the scenario as `flowsim test` judges it: expectations,
    /// conversation, and the stored snapshot (compared, never written).
    pub fn passes(&self, result: &engine::RunResult<'_>) -> bool {
        let s = &self.file.scenarios[self.index];
        // The verdict alone: no guesses at names near a miss (this runs on every mutant).
        if !expect::check(&s.expect, result, None).is_empty()
            || !expect::check_conversation(&s.conversation, result).is_empty()
        {
            return false;
        }
        match &self.snapshot {
            Some(stored) => *stored == snapshot_text(&self.file, s, result),
            None => true,
        }
    }
}

/// Every scenario of `files` as a [`ScenarioInput`], in the stable order `test` runs them;
/// files that do not load (or whose mocks are invalid) are `FileError`s, as in `test`.
pub fn scenario_inputs(files: &[PathBuf]) -> (Vec<ScenarioInput>, Vec<FileError>) {
    scenario_inputs_with(files, None)
}

/// [`scenario_inputs`], with a project's scenario defaults (its flows, fixtures and
/// substitutions for a file that names none), as `flowsim test` runs them in a project.
pub fn scenario_inputs_with(
    files: &[PathBuf],
    defaults: Option<&scenario::ProjectDefaults>,
) -> (Vec<ScenarioInput>, Vec<FileError>) {
    let mut errors = Vec::new();
    let loaded = load_over(files, &BTreeMap::new(), defaults, &mut errors);
    let mut out = Vec::new();
    for l in loaded {
        let shown = l
            .path
            .file_name()
            .map_or_else(|| l.path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let file = Arc::new(l.file);
        for (i, s) in file.scenarios.iter().enumerate() {
            let fixtures = match &s.mocks {
                None => l.fixtures[i].clone(),
                Some(mocks) => {
                    let mut store = (*l.fixtures[i]).clone();
                    if let Err(errs) = store.merge_json(&l.path, mocks) {
                        errors.extend(
                            errs.iter().map(|e| FileError::of_mocks(&l.path, Some(&s.name), e)),
                        );
                        continue;
                    }
                    Arc::new(store)
                }
            };
            let snapshot = if s.snapshot.taken() {
                crate::util::read_text(
                    &snapshot::path(&l.path, &s.name),
                    crate::util::MAX_INPUT_BYTES,
                )
                .ok()
            } else {
                None
            };
            out.push(ScenarioInput {
                name: format!("{shown}: {}", s.name),
                request: s.request(),
                fixtures,
                registry: l.registry.clone(),
                file: file.clone(),
                index: i,
                snapshot,
            });
        }
    }
    (out, errors)
}

/// The fixture files `paths` (directories expanded) with `mocks` merged over them; problems
/// become `FileError`s (the mocks' named after `scenario_file`).
fn load_fixtures(
    scenario_file: &Path,
    paths: &[PathBuf],
    mocks: Option<&serde_json::Value>,
    overlay: &BTreeMap<PathBuf, String>,
    errors: &mut Vec<FileError>,
) -> Option<FixtureStore> {
    // The files by their own names (`tests/../data/x.yaml` is `data/x.yaml`), the names an
    // editor's unsaved texts are kept under, with or without them.
    let files = match expand_fixture_paths(paths) {
        Ok(files) => files,
        Err(e) => {
            errors.push(FileError::unlistable(e, "fixture files"));
            return None;
        }
    };
    let loaded = if overlay.is_empty() {
        FixtureStore::load(&files)
    } else {
        FixtureStore::load_over(&files, overlay)
    };
    let mut store = match loaded {
        Ok(s) => s,
        Err(errs) => {
            errors.extend(errs.iter().map(FileError::of_fixture));
            return None;
        }
    };
    if let Some(mocks) = mocks {
        if let Err(errs) = store.merge_json(scenario_file, mocks) {
            errors.extend(errs.iter().map(|e| FileError::of_mocks(scenario_file, None, e)));
            return None;
        }
    }
    Some(store)
}

/// Each scenario's fixture store: the file's (`shared`), or, for a scenario with `fixtures`
/// of its own, the file's fixture files then its own (or its own alone with
/// `inheritFixtures: false`), read once per distinct list.
fn scenario_fixtures(
    path: &Path,
    text: &str,
    file: &ScenarioFile,
    shared: &Arc<FixtureStore>,
    overlay: &BTreeMap<PathBuf, String>,
    errors: &mut Vec<FileError>,
) -> Option<Vec<Arc<FixtureStore>>> {
    let mut cache: BTreeMap<(Vec<PathBuf>, bool), Arc<FixtureStore>> = BTreeMap::new();
    let mut out = Vec::with_capacity(file.scenarios.len());
    let before = errors.len();
    for (i, s) in file.scenarios.iter().enumerate() {
        let Some(paths) = file.scenario_fixture_paths(path, i) else {
            out.push(shared.clone());
            continue;
        };
        let key = (paths, s.inherit_fixtures);
        if let Some(store) = cache.get(&key) {
            out.push(store.clone());
            continue;
        }
        let mocks = if s.inherit_fixtures { file.mocks.as_ref() } else { None };
        let mut own = Vec::new();
        if let Some(store) = load_fixtures(path, &key.0, mocks, overlay, &mut own) {
            let store = Arc::new(store);
            cache.insert(key, store.clone());
            out.push(store);
        } else {
            let place = scenario::locate(text, s.written_name(), "fixtures:")
                .or_else(|| scenario::locate_name(text, s.written_name()));
            errors.push(
                FileError::new(
                    path,
                    format!("scenario `{}`: its fixtures do not load", s.name),
                    "fix the fixture files named below; `flowsim check --fixtures FILE` checks one",
                )
                .placed(place.map(|p| p.0), place.map(|p| p.1)),
            );
            errors.append(&mut own);
        }
    }
    (errors.len() == before).then_some(out)
}

/// Fixture paths, with directories expanded to their `*.json`, `*.yaml`, `*.yml` files in name
/// order (not recursively), each written without `.` and `dir/..` (lexically), so a file has
/// one name in every error and in an editor's file view.
///
/// # Errors
/// A folder that cannot be listed (`util::files::search`): its fixtures are not silently none.
pub fn expand_fixture_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, SearchError> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            // A regular file or a link to one.
            let files = crate::util::files::search(p, Depth::Flat, |f, entry| {
                matches!(entry, Entry::File | Entry::LinkedFile)
                    && f.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                        ["json", "yaml", "yml"].contains(&e.to_ascii_lowercase().as_str())
                    })
            })?;
            out.extend(files.iter().map(|f| crate::util::files::normalise(f)));
        } else {
            out.push(crate::util::files::normalise(p));
        }
    }
    Ok(out)
}

/// Runs the scenarios of `files`. `progress` is called once per finished scenario, from any
/// thread.
/// What `flowsim test --lint` found: the suite's files and scenarios, and every problem with
/// its place (flows that do not load, fixtures, names no flow has, requests that cannot run).
#[derive(Debug, Clone, Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LintReport {
    pub files: usize,
    pub scenarios: usize,
    pub file_errors: Vec<FileError>,
    /// What the suite's runs will trip on, known before they run: a data action the flows
    /// call that no fixture of a scenario file, and no scenario's mocks, answers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<FileError>,
}

/// Loads and checks a suite without running it.
pub fn lint_suite(files: &[PathBuf]) -> LintReport {
    lint_suite_over(files, &BTreeMap::new(), None)
}

/// As [`lint_suite`], with the texts of `overlay` read in place of the scenario and flow files
/// at its paths (an editor's unsaved buffers), and `defaults` as the project's (else the
/// process's, [`scenario::set_project_defaults`]); fixtures are read from disk.
pub fn lint_suite_over(
    files: &[PathBuf],
    overlay: &BTreeMap<PathBuf, String>,
    defaults: Option<&scenario::ProjectDefaults>,
) -> LintReport {
    let mut report = LintReport { files: files.len(), ..LintReport::default() };
    let loaded = load_over(files, overlay, defaults, &mut report.file_errors);
    for l in &loaded {
        report.warnings.extend(unanswered_data_actions(l, overlay.get(&l.path)));
    }
    // Every scenario of the files that parse, whether or not their checks passed.
    report.scenarios = files
        .iter()
        .filter_map(|f| ScenarioFile::read_in(f, overlay.get(f).map(String::as_str), defaults).ok())
        .map(|f| f.scenarios.len())
        .sum();
    report
}

/// The data actions `l`'s flows call that no scenario of it can have answered: no mock in the
/// fixtures of any scenario, in any scenario's `mocks`, and no scenario expects the miss;
/// placed in `unsaved`, the editor's text of the file, when there is one.
fn unanswered_data_actions(l: &Loaded, unsaved: Option<&String>) -> Vec<FileError> {
    use crate::util::fold_case;
    let mut answered: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
    for store in &l.fixtures {
        answered.extend(store.data_action_names().map(|n| fold_case(n).into_owned()));
    }
    for s in &l.file.scenarios {
        let mocked = s.mocks.as_deref().and_then(|m| m.get("dataActions")?.as_object());
        answered
            .extend(mocked.into_iter().flat_map(|m| m.keys()).map(|n| fold_case(n).into_owned()));
        let expected = s.expect.missing.iter().filter_map(|e| engine::missing::Miss::parse(e));
        answered.extend(
            expected
                .filter(|m| m.sought == engine::missing::Sought::DataAction)
                .map(|m| fold_case(&m.name).into_owned()),
        );
    }
    let text = unsaved.cloned().unwrap_or_else(|| {
        crate::util::read_text(&l.path, crate::util::MAX_INPUT_BYTES).unwrap_or_default()
    });
    let place = text
        .lines()
        .position(|line| line.trim_start().trim_start_matches('"').starts_with("fixtures"))
        .map(|i| (i + 1, 1));
    let run = flows_run(l);
    let index: rustc_hash::FxHashMap<*const crate::flow::Flow, usize> =
        l.registry.flows().iter().enumerate().map(|(i, f)| (std::ptr::from_ref(f), i)).collect();
    let mut out = Vec::new();
    for call in crate::flow::check::services::data_action_calls(&l.registry) {
        let runs = run
            .as_ref()
            .is_none_or(|run| index.get(&std::ptr::from_ref(call.flow)).is_some_and(|&i| run[i]));
        if !runs || !answered.insert(fold_case(call.action).into_owned()) {
            continue;
        }
        out.push(
            FileError::new(
                l.path.clone(),
                format!(
                    "flow `{}` calls data action `{}` ({}), which no fixture of this file mocks: a scenario that reaches it fails on the miss",
                    call.flow.name, call.action, call.node.id
                ),
                format!(
                    "add its responses to a fixture file (`dataActions: {{{:?}: [{{outputs: {{}}}}]}}`), or expect the miss in the scenario that is about it (`missing: [\"dataAction:{}\"]`)",
                    call.action, call.action
                ),
            )
            .placed(place.map(|p| p.0), place.map(|p| p.1))
            .coded(crate::diag::Code::Run(crate::kind::ErrorKind::UnmockedDataAction)),
        );
    }
    out
}

/// The flows `l`'s scenarios can run, by registry index: the flows they name and, again and
/// again, every flow those call or transfer to by a name known without running (a flow of the
/// folder no scenario reaches is another file's business). `None` when a flow reached names its
/// callee only at run time (`exp: Flow.next`) or as a JSON flow does: then any flow may run.
fn flows_run(l: &Loaded) -> Option<Vec<bool>> {
    use crate::flow::check::registry::called_flow;
    use crate::flow::registry::{Lookup, Want};
    let reg = &l.registry;
    let mut seen = vec![false; reg.len()];
    let mut stack = Vec::new();
    let reach = |found: Result<u32, Lookup>, stack: &mut Vec<u32>| match found {
        Ok(i) => stack.push(i),
        Err(Lookup::Ambiguous(flows)) => stack.extend(flows),
        Err(Lookup::WrongType(i)) => stack.push(i),
        // A flow no file has: `scenarioUnknownFlow` for a scenario, a failure of the run for a
        // call or transfer; nothing of it runs.
        Err(Lookup::Missing) => {}
    };
    for s in &l.file.scenarios {
        let want = s.flow_type.as_deref().map_or(Want::Any, Want::Only);
        reach(reg.find(&s.flow, want), &mut stack);
    }
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut seen[i as usize], true) {
            continue;
        }
        let flow = reg.flow(i);
        for graph in std::iter::once(&flow.draft).chain(&flow.published) {
            for node in &graph.nodes {
                if node.action.spec().facts.callee.is_some() {
                    let called = called_flow(&node.action)?;
                    reach(reg.find(called.name, called.want), &mut stack);
                }
            }
        }
    }
    Some(seen)
}

/// The bytes of every file a suite's verdicts read, for the run's identity: each scenario
/// file, the flow files its registry loaded and the fixture files it and its scenarios read
/// (directories expanded), each once, in the order first met. A file that cannot be read
/// adds its path alone (the run refused it already).
/// The bytes of every file a suite of scenario `files` reads (the scenario files, their flows
/// and fixtures), as `test` writes them into its run's identity: what `mutate` and `traffic`
/// shards add to theirs (`Shard::read_also`).
pub fn suite_content(files: &[PathBuf]) -> Vec<u8> {
    let mut errors = Vec::new();
    content(&load_over(files, &BTreeMap::new(), None, &mut errors))
}

fn content(loaded: &[Loaded]) -> Vec<u8> {
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut add = |p: &Path| {
        if !paths.iter().any(|q| q == p) {
            paths.push(p.to_path_buf());
        }
    };
    for l in loaded {
        add(&l.path);
        let mut flows: Vec<&Path> = l.registry.flows().iter().map(|f| f.file.as_path()).collect();
        flows.sort();
        for p in flows {
            add(p);
        }
        let mut fixtures = l.file.fixture_paths(&l.path);
        for i in 0..l.file.scenarios.len() {
            fixtures.extend(l.file.scenario_fixture_paths(&l.path, i).unwrap_or_default());
        }
        // A folder that cannot be listed names no files: the suite refuses to run it.
        for p in expand_fixture_paths(&fixtures).unwrap_or_default() {
            add(&p);
        }
    }
    files_content(&paths)
}

/// Each of `paths` in order: its name, then its length and bytes when it reads (a file that
/// cannot be read now is one the run could not have read either). What a run's identity
/// hashes of the files it read: `test`'s suite (`content`), and `replay`, `traffic` and
/// `mutate`'s inputs (the CLI's `read_identity`).
pub fn files_content(paths: &[PathBuf]) -> Vec<u8> {
    let mut out = Vec::new();
    for p in paths {
        out.extend_from_slice(p.as_os_str().as_encoded_bytes());
        out.push(0);
        if let Ok(bytes) = std::fs::read(p) {
            out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            out.extend_from_slice(&bytes);
        }
    }
    out
}

pub fn run_suite(
    files: &[PathBuf],
    opts: &Options,
    progress: &(dyn Fn(&ScenarioReport) + Sync),
) -> SuiteReport {
    let mut report = SuiteReport::default();
    let loaded = load_over(files, &BTreeMap::new(), opts.project.as_ref(), &mut report.file_errors);

    // The stable order: files sorted, scenarios in file order; then filter, tags,
    // --last-failed, partition; --failed-first starts the failures first.
    let files_read: Vec<(&Path, &[Scenario])> =
        loaded.iter().map(|l| (l.path.as_path(), l.file.scenarios.as_slice())).collect();
    let selection = select::select(&files_read, opts, &content(&loaded));
    let jobs = selection.jobs;
    report.skipped = selection.skipped;
    report.rerun = selection.rerun;
    report.shard = selection.shard;

    // Coverage per distinct registry (by pointer), merged across workers.
    let registries: Vec<Arc<Registry>> = {
        let mut seen: Vec<Arc<Registry>> = Vec::new();
        for l in &loaded {
            if !seen.iter().any(|r| Arc::ptr_eq(r, &l.registry)) {
                seen.push(l.registry.clone());
            }
        }
        seen
    };
    let reg_index =
        |r: &Arc<Registry>| registries.iter().position(|x| Arc::ptr_eq(x, r)).unwrap_or(0);
    let new_cov = || -> Vec<Option<[Coverage; 2]>> {
        if opts.coverage {
            registries
                .iter()
                .map(|r| {
                    Some([Coverage::new(r, Version::Draft), Coverage::new(r, Version::Published)])
                })
                .collect()
        } else {
            Vec::new()
        }
    };

    // Under --fail-fast: the stable position of the first failure so far. A scenario after it
    // is not started; one before it still runs (it may fail first, in the stable order).
    let first_failed = std::sync::atomic::AtomicUsize::new(usize::MAX);
    // Two rounds: the scenarios `--failed-first` starts first (none otherwise), then the rest;
    // `k` is a scenario's place in that order, which `--fail-fast` cuts.
    let round = |from: usize, to: usize| {
        jobs[from..to]
            .par_iter()
            .enumerate()
            .fold(
                || (Vec::new(), new_cov()),
                |(mut reports, mut cov), (k, &(fi, si))| {
                    use std::sync::atomic::Ordering::Relaxed;
                    let k = from + k;
                    if opts.fail_fast && k > first_failed.load(Relaxed) {
                        return (reports, cov);
                    }
                    // Past the run's total of steps (`engine::budget::limit_total_steps`),
                    // no scenario starts: the CLI refuses the run.
                    if engine::budget::total_steps_past().is_some() {
                        return (reports, cov);
                    }
                    let l = &loaded[fi];
                    let r = run_one(
                        l,
                        si,
                        opts,
                        cov.get_mut(reg_index(&l.registry)).and_then(Option::as_mut),
                    );
                    if opts.fail_fast && !r.passed() {
                        first_failed.fetch_min(k, Relaxed);
                    }
                    progress(&r);
                    reports.push(((k, fi, si), r));
                    (reports, cov)
                },
            )
            .reduce(|| (Vec::new(), new_cov()), merge_round)
    };
    let first = round(0, selection.first);
    let (reports, cov) = merge_round(first, round(selection.first, jobs.len()));
    let mut reports = reports;
    let cut = first_failed.into_inner();
    report.not_run = if opts.fail_fast && cut != usize::MAX { jobs.len() - cut - 1 } else { 0 };
    reports.retain(|((k, ..), _)| *k <= cut);
    // The report's stable order, whatever order the scenarios started in.
    reports.sort_by_key(|((_, fi, si), _)| (*fi, *si));
    report.scenarios = reports.into_iter().map(|(_, r)| r).collect();

    if opts.coverage {
        let mut all = Vec::new();
        for (r, c) in registries.iter().zip(cov) {
            if let Some([draft, published]) = c {
                all.extend(draft.report(r));
                // Published graphs are reported only for flows that have one and were run so;
                // a shard keeps them all, so that its shards add up (`coverage::sum`).
                let sharded = report.shard.count > 1;
                all.extend(
                    published.report(r).into_iter().filter(|f| sharded || f.nodes_covered > 0),
                );
            }
        }
        report.coverage = Some(all);
        report.registries = registries;
    }

    // Orphaned snapshots: files beside each scenario file that no scenario with
    // `snapshot: true` claims. Only meaningful when the whole file was selected; every shard
    // of a partitioned run finds the same ones (they merge into the whole run's).
    let whole = report.rerun.is_none_or(|r| r.left_out == 0);
    if opts.filter.is_none() && opts.tags.is_empty() && whole {
        for l in &loaded {
            let claimed: Vec<PathBuf> = l
                .file
                .scenarios
                .iter()
                .filter(|s| s.snapshot.taken())
                .map(|s| snapshot::path(&l.path, &s.name))
                .collect();
            report.orphaned_snapshots.extend(snapshot::orphans(&l.path, &claimed));
        }
    }
    free_later(loaded);
    report
}

/// Joins two parts of a run: their reports, and their coverage counts added up.
#[allow(clippy::type_complexity)]
fn merge_round(
    (mut a, mut ca): (Vec<((usize, usize, usize), ScenarioReport)>, Vec<Option<[Coverage; 2]>>),
    (b, cb): (Vec<((usize, usize, usize), ScenarioReport)>, Vec<Option<[Coverage; 2]>>),
) -> (Vec<((usize, usize, usize), ScenarioReport)>, Vec<Option<[Coverage; 2]>>) {
    a.extend(b);
    if ca.is_empty() {
        return (a, cb);
    }
    for (x, y) in ca.iter_mut().zip(cb) {
        if let (Some([x0, x1]), Some([y0, y1])) = (x.as_mut(), y) {
            x0.merge(&y0);
            x1.merge(&y1);
        }
    }
    (a, ca)
}

/// Frees a large suite's scenarios on a thread of their own, so that the caller (the CLI,
/// about to exit) does not wait for thousands of scenarios to be freed one by one. When no
/// thread can start, they are freed here.
fn free_later(loaded: Vec<Loaded>) {
    if loaded.iter().map(|l| l.file.scenarios.len()).sum::<usize>() >= 1_000 {
        let _ = std::thread::Builder::new().spawn(move || drop(loaded));
    }
}

/// What a scenario's snapshot holds: the result JSON, pretty (or the parts it names, as
/// readable lines: `snapshot_parts`), with the file's then the
/// scenario's redactions applied (checked when the file loaded).
fn snapshot_text(file: &ScenarioFile, s: &Scenario, result: &engine::RunResult<'_>) -> String {
    let redactions: Vec<redact::Redaction> = [file.redact.as_ref(), s.redact.as_deref()]
        .into_iter()
        .flat_map(|w| redact::parse_all(w).unwrap_or_default())
        .collect();
    let value = || {
        let mut value = serde_json::to_value(result).unwrap_or_default();
        redact::apply_all(&redactions, &mut value);
        value
    };
    s.snapshot.text(
        || {
            if redactions.is_empty() {
                return result.to_json_pretty();
            }
            let mut text = serde_json::to_string_pretty(&value()).unwrap_or_default();
            text.push('\n');
            text
        },
        value,
    )
}

/// Runs scenario `index` of `l`; a failure's mismatches point at the lines of the
/// expectations they check.
fn run_one(
    l: &Loaded,
    index: usize,
    opts: &Options,
    cov: Option<&mut [Coverage; 2]>,
) -> ScenarioReport {
    let mut report = run_unplaced(l, index, opts, cov);
    let failed = matches!(report.outcome, Outcome::Failed { .. });
    if failed || !report.unused.is_empty() {
        let lines = l.lines.get_or_init(|| lines::read_file(&l.path));
        // The file's item this scenario was written as: each case of a parametrised scenario
        // is the item that holds its table.
        let items = l.items.get_or_init(|| {
            let mut item = 0;
            let mut out = Vec::with_capacity(l.file.scenarios.len());
            for (i, s) in l.file.scenarios.iter().enumerate() {
                if i > 0 && s.case.as_ref().is_none_or(|c| c.index == 0) {
                    item += 1;
                }
                out.push(item);
            }
            out
        });
        let item = items.get(index).copied().unwrap_or(index);
        let at = lines.as_ref().and_then(|all| all.get(item));
        for u in &mut report.unused {
            let (line, column) = match at {
                Some(at) => {
                    at.given(&u.key).map_or((Some(at.item), None), |(l, c)| (Some(l), Some(c)))
                }
                None => (None, None),
            };
            (u.line, u.column) = (line, column);
        }
        if let Outcome::Failed { mismatches } = &mut report.outcome {
            lines::place(mismatches, at);
            // Each unused thing's failure at its own place, in the order they were found.
            let places = report.unused.iter().map(|u| u.line);
            for (m, line) in mismatches.iter_mut().filter(|m| m.what == "unused").zip(places) {
                m.line = line.or(m.line);
            }
        }
    }
    report
}

fn run_unplaced(
    l: &Loaded,
    index: usize,
    opts: &Options,
    cov: Option<&mut [Coverage; 2]>,
) -> ScenarioReport {
    let s = &l.file.scenarios[index];
    let mut report = ScenarioReport {
        file: l.path.clone(),
        name: s.name.clone(),
        flow: s.flow.clone(),
        tags: s.tags.clone(),
        outcome: Outcome::Passed,
        steps: 0,
        virtual_ms: 0,
        snapshot: None,
        warnings: Vec::new(),
        unused: Vec::new(),
        decisions: Vec::new(),
    };
    let fixtures: std::borrow::Cow<'_, FixtureStore> = match &s.mocks {
        None => std::borrow::Cow::Borrowed(&*l.fixtures[index]),
        Some(mocks) => {
            let mut store = (*l.fixtures[index]).clone();
            if let Err(errs) = store.merge_json(&l.path, mocks) {
                let mismatches = errs
                    .into_iter()
                    .map(|e| Mismatch {
                        what: "mocks".into(),
                        message: format!(
                            "the scenario's mocks are invalid: {}: {}",
                            e.location, e.message
                        ),
                        detail: e.help,
                        line: None,
                    })
                    .collect();
                report.outcome = Outcome::Failed { mismatches };
                return report;
            }
            std::borrow::Cow::Owned(store)
        }
    };
    // The request as the lint prepared it (every scenario of a file that runs was).
    let ready = l.ready.get(index).and_then(|r| r.lock().ok()?.take());
    let mut request = s.request();
    let prepared = match ready {
        Some(prepared) => Ok(*prepared),
        None => request.prepare(&l.registry),
    };
    request.seed = request.seed.or(opts.seed);
    // Coverage and the decision log watch the run (`engine::observe`); a run with neither is a
    // plain run.
    let coverage = cov.map(|[draft, published]| (draft, published));
    let log =
        opts.decisions.then(|| crate::decisions::Log::new(instance_id(&l.path, index, &s.name)));
    // A scenario that presets variables has its run's reads watched: a preset never read is
    // unused.
    let reads = (!request.variables.is_empty()).then(unused::ReadPaths::default);
    let mut observers = ((coverage, log), reads);
    let observer: Option<&mut dyn engine::Observer> =
        if observers.0 .0.is_none() && observers.0 .1.is_none() && observers.1.is_none() {
            None
        } else {
            Some(&mut observers)
        };
    // How many of the inputs became the inbound message (a message flow given no `message:`).
    let mut message_inputs = 0;
    let run = prepared.and_then(|mut prepared| {
        message_inputs = request.inputs.len().saturating_sub(prepared.inputs.len());
        if let Some(seed) = request.seed {
            prepared.seed = seed;
        }
        let run = engine::Run::new(&l.registry, &fixtures, &request).prepared(prepared);
        match observer {
            Some(observer) => run.observer(observer),
            None => run,
        }
        .result()
    });
    let result = match run {
        Ok(r) => r,
        Err(e) => {
            report.outcome = Outcome::Failed {
                mismatches: vec![Mismatch {
                    what: "request".into(),
                    message: format!("the scenario cannot run: {e}"),
                    detail: e.help(),
                    line: None,
                }],
            };
            return report;
        }
    };
    report.steps = result.trace.len();
    report.virtual_ms = result.elapsed_ms;
    let ((_, log), reads) = observers;
    if let Some(log) = log {
        report.decisions = log.into_decisions();
    }
    report.unused = unused::find(s, &request, message_inputs, &result, &fixtures, reads.as_ref());
    let mut mismatches = expect::check(&s.expect, &result, Some(&fixtures));
    mismatches.extend(expect::check_conversation(&s.conversation, &result));
    if mismatches.iter().any(|m| m.what == "path") {
        // Run again recording what each step read, to explain the divergence.
        if let Ok(explained) = engine::Run::new(&l.registry, &fixtures, &request)
            .options(RunOptions { record_reads: true, ..RunOptions::default() })
            .result()
        {
            mismatches = expect::check(&s.expect, &explained, Some(&fixtures));
            mismatches.extend(expect::check_conversation(&s.conversation, &explained));
        }
    }
    if s.snapshot.taken() {
        let snap = snapshot::path(&l.path, &s.name);
        let actual = snapshot_text(&l.file, s, &result);
        match snapshot::compare(&snap, &actual) {
            snapshot::Compared::Same => {
                let _ = std::fs::remove_file(snapshot::pending(&snap));
            }
            compared => {
                let stored = match &compared {
                    snapshot::Compared::Differs(s) => Some(s.clone()),
                    _ => None,
                };
                match opts.snapshots {
                    SnapshotMode::Accept => match snapshot::write(&snap, &actual) {
                        Ok(()) => {
                            let _ = std::fs::remove_file(snapshot::pending(&snap));
                            report.snapshot =
                                Some(if stored.is_some() { "accepted" } else { "written" }.into());
                        }
                        Err(e) => mismatches.push(Mismatch {
                            what: "snapshot".into(),
                            message: format!("cannot write the snapshot {}: {e}", snap.display()),
                            detail: String::new(),
                            line: None,
                        }),
                    },
                    mode => {
                        let mut m = Mismatch {
                            what: "snapshot".into(),
                            message: match &stored {
                                Some(_) => format!(
                                    "the trace differs from its snapshot {}",
                                    snap.display()
                                ),
                                None => format!("no snapshot yet at {}", snap.display()),
                            },
                            detail: stored.map(|s| snapshot::diff(&s, &actual)).unwrap_or_default(),
                            line: None,
                        };
                        if mode == SnapshotMode::Check {
                            if !m.detail.is_empty() {
                                m.detail.push('\n');
                            }
                            let pending = snapshot::pending(&snap);
                            let _ = match snapshot::write(&pending, &actual) {
                                Ok(()) => {
                                    report.snapshot = Some("pending".into());
                                    std::fmt::Write::write_fmt(
                                        &mut m.detail,
                                        format_args!(
                                            "the new trace is in {}: review it with `flowsim snapshots review` (or accept it with `flowsim snapshots accept`, or run with --accept)",
                                            pending.display()
                                        ),
                                    )
                                }
                                Err(e) => std::fmt::Write::write_fmt(
                                    &mut m.detail,
                                    format_args!("the new trace was not written: {e}"),
                                ),
                            };
                        }
                        mismatches.push(m);
                    }
                }
            }
        }
    }
    if opts.strict {
        // Under --ci and --strict each is a failure (placed by `run_one`).
        let help = "the scenario's picture of the flow differs from what the run did: remove \
                    what the run does not use, or change the scenario so that it does \
                    (`flowsim docs scenarios`, \"What a scenario gives and its run never uses\")";
        let last = report.unused.len().saturating_sub(1);
        mismatches.extend(report.unused.iter().enumerate().map(|(i, u)| Mismatch {
            what: "unused".into(),
            message: u.message(),
            // Said once, under the last.
            detail: if i == last { help.into() } else { String::new() },
            line: None,
        }));
    }
    if !mismatches.is_empty() {
        report.outcome = Outcome::Failed { mismatches };
        report.warnings = result
            .warnings
            .iter()
            .map(|w| RunWarning {
                kind: w.kind.into(),
                message: w.message.clone(),
                flow_name: result.flow_name(w.flow).to_owned(),
                node_id: result.node(w.flow, w.node).id.to_string(),
                missing: w.missing.as_ref().map(crate::engine::missing::Miss::label),
            })
            .collect();
    }
    report
}

#[cfg(test)]
mod walk_tests {
    use super::walk;

    /// A folder the search cannot list is an error naming it, never a suite without the
    /// scenarios below it (the search over flows always refused one).
    #[test]
    fn a_folder_that_cannot_be_listed_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-folder");
        std::fs::write(&file, "").unwrap();
        let e = walk(&file).unwrap_err();
        assert_eq!(e.file(), file);
        assert!(e.message().starts_with("cannot read the folder: "), "{}", e.message());
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/a.scenarios.yaml"), "").unwrap();
        assert_eq!(walk(dir.path()).unwrap(), [dir.path().join("sub/a.scenarios.yaml")]);
    }
}
