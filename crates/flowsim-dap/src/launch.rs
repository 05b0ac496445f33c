//! What a `launch` request names, loaded: a scenario of a scenario file (`scenarioFile`,
//! `scenario`), run as `flowsim test` runs it in the project (its flows, fixtures, mocks and
//! substitutions, the project's scenario defaults where the file names none); or a flow with a
//! scenario's keys (`flow`, `inputs`, `context`, `variables`, `mocks`, `startNode`, `seed`,
//! `maxSteps`, `timeoutMs`), with the project's flows, fixtures and substitutions unless
//! `flows`/`fixtures` override them, as `flowsim run` loads them.
//!
//! Or a recorded execution (`execution`: a file of execution data or a cassette of it,
//! `recording` to pick one of several, `replayConfig`): read, picked and replayed by
//! `flowsim_api::api::execution::debug::recording`, the function `flowsim replay`'s
//! reading and replaying is, against the launch's (or the project's) flows and fixtures; the
//! run is the replay's (its rebuilt request, the recording's answers as fixtures).
//!
//! Relative paths are read from `cwd` (the launch's, else the server's directory), where the
//! project file is looked for too.

use flowsim_project::engine::RunRequest;
use flowsim_project::fixtures::FixtureStore;
use flowsim_project::flow::Registry;
use flowsim_project::vfs::FileView;
use flowsim_project::FlowSet;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The `launch` request's arguments flowsim reads (others, such as VS Code's `type`, `name`
/// and `request`, are ignored).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Args {
    pub cwd: Option<PathBuf>,
    pub scenario_file: Option<PathBuf>,
    pub scenario: Option<String>,
    pub flow: Option<String>,
    #[serde(default)]
    pub inputs: Vec<serde_json::Value>,
    #[serde(default)]
    pub context: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    pub variables: serde_json::Map<String, serde_json::Value>,
    pub mocks: Option<serde_json::Value>,
    pub start_node: Option<String>,
    pub seed: Option<u64>,
    pub max_steps: Option<u64>,
    pub timeout_ms: Option<u64>,
    /// Flow files or folders (one, or a list), instead of the project's.
    pub flows: Option<OneOrMany>,
    /// Fixture files or folders (one, or a list), instead of the project's.
    pub fixtures: Option<OneOrMany>,
    #[serde(default)]
    pub stop_on_entry: bool,
    /// A recorded execution to replay under the debugger: a file of execution data
    /// (`flowsim record --execution-data`) or a cassette of it.
    pub execution: Option<PathBuf>,
    /// Which recording of `execution`: `#N` as `flowsim replay` numbers them, or its name
    /// (conversation id, execution id, interaction name); needed when the file holds several.
    pub recording: Option<String>,
    /// A replay config (`flowsim replay --config`): flows map, map, ignore, known gaps.
    pub replay_config: Option<PathBuf>,
    /// The project's environment (`--env`).
    pub env: Option<String>,
    /// The project file, or the folder that holds it (`--project`), relative to `cwd`:
    /// instead of the one found from `cwd` upward.
    pub project: Option<PathBuf>,
}

/// A path, or a list of them.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(PathBuf),
    Many(Vec<PathBuf>),
}

impl OneOrMany {
    fn paths(&self, cwd: &Path) -> Vec<PathBuf> {
        let list = match self {
            OneOrMany::One(p) => std::slice::from_ref(p),
            OneOrMany::Many(ps) => ps.as_slice(),
        };
        list.iter().map(|p| cwd.join(p)).collect()
    }
}

/// A run ready to debug: its flows, fixtures and request.
pub struct Loaded {
    pub registry: Arc<Registry>,
    pub fixtures: Arc<FixtureStore>,
    pub request: RunRequest,
    /// What the run is, for the thread's name: `scenario NAME` or the flow.
    pub title: String,
    /// The recording the run replays (an `execution` launch).
    pub recorded: Option<Recorded>,
}

/// A recorded execution's run beside the recording.
pub struct Recorded {
    /// The recorded actions, each with the local step it pairs with.
    pub actions: Vec<flowsim_api::api::execution::debug::Paired>,
    /// The local step where the run parts from the recording.
    pub parts_at: Option<usize>,
    /// The variables the recording started with.
    pub start: Vec<(String, serde_json::Value)>,
    /// What `flowsim replay` reports for it.
    pub report: flowsim_api::api::replay::InteractionReport,
}

/// Loads what `args` name.
///
/// # Errors
/// A sentence saying what is wrong and what to do: a scenario file that does not load, a
/// scenario it lacks, flows or fixtures that do not load, a request that does not read.
pub fn load(args: &Args) -> Result<Loaded, String> {
    let here = std::env::current_dir().map_err(|e| format!("no current directory: {e}"))?;
    let cwd = args.cwd.as_ref().map_or_else(|| here.clone(), |c| here.join(c));
    let view = FileView::disk();
    let env = args.env.as_deref();
    let project = match &args.project {
        Some(file) => flowsim_project::project::named(file, &cwd, env, &view).map(Some),
        None => flowsim_project::project::discover(&cwd, &cwd, env, &view),
    }
    .map_err(|e| match e {
        flowsim_project::ProjectError::Invalid { file, diagnostics } => {
            let first = diagnostics.first().map_or("", |d| d.message.as_str());
            format!("{}: {first} ({})", file.display(), flowsim_project::ProjectError::note(&file))
        }
        flowsim_project::ProjectError::Refused(d) => match &d.help {
            Some(help) => format!("{} ({help})", d.message),
            None => d.message.clone(),
        },
    })?;
    // The project's paths as `cwd` reaches them, made absolute: the server's own directory
    // may be another.
    let project = project.map(|mut p| {
        for q in
            p.flows.iter_mut().chain(&mut p.fixtures).chain(&mut p.scenarios).chain(&mut p.options)
        {
            *q = cwd.join(&*q);
        }
        p
    });
    if let Some(file) = &args.execution {
        return execution(args, &cwd.join(file), &cwd, project.as_ref(), &view);
    }
    if args.recording.is_some() || args.replay_config.is_some() {
        return Err(
            "`recording` and `replayConfig` go with `execution`: the recorded execution's file"
                .into(),
        );
    }
    match (&args.scenario_file, &args.scenario) {
        (Some(file), Some(name)) => scenario(&cwd.join(file), name, project.as_ref()),
        (Some(_), None) => {
            Err("`scenarioFile` needs `scenario`: the name of the scenario to debug".into())
        }
        (None, Some(_)) => Err("`scenario` needs `scenarioFile`: the file that holds it".into()),
        (None, None) => flow(args, &cwd, project.as_ref(), &view),
    }
}

fn scenario(
    file: &Path,
    name: &str,
    project: Option<&flowsim_project::Project>,
) -> Result<Loaded, String> {
    let defaults = project.map(flowsim_project::Project::scenario_defaults).transpose();
    let defaults = defaults.map_err(|d| d.message.clone())?;
    let files = [file.to_path_buf()];
    let (inputs, errors) =
        flowsim_project::harness::scenario_inputs_with(&files, defaults.as_ref());
    if let Some(e) = errors.first() {
        return Err(e.in_one_line());
    }
    let Some(found) = inputs.iter().find(|s| s.scenario() == name) else {
        let names: Vec<&str> =
            inputs.iter().map(flowsim_project::harness::ScenarioInput::scenario).collect();
        let hint = flowsim_project::util::nearest(name, names.iter().copied())
            .map_or_else(String::new, |n| format!("; did you mean `{n}`?"));
        return Err(format!("{} has no scenario named `{name}`{hint}", file.display()));
    };
    Ok(Loaded {
        registry: found.registry.clone(),
        fixtures: found.fixtures.clone(),
        request: found.request.clone(),
        title: format!("scenario {name}"),
        recorded: None,
    })
}

/// A recorded execution, replayed as `flowsim replay` replays it.
fn execution(
    args: &Args,
    file: &Path,
    cwd: &Path,
    project: Option<&flowsim_project::Project>,
    view: &FileView,
) -> Result<Loaded, String> {
    let given = [
        ("scenarioFile", args.scenario_file.is_some()),
        ("scenario", args.scenario.is_some()),
        ("flow", args.flow.is_some()),
        ("inputs", !args.inputs.is_empty()),
        ("context", !args.context.is_empty()),
        ("variables", !args.variables.is_empty()),
        ("startNode", args.start_node.is_some()),
        ("seed", args.seed.is_some()),
        ("timeoutMs", args.timeout_ms.is_some()),
    ];
    if let Some((key, _)) = given.iter().find(|(_, g)| *g) {
        return Err(format!(
            "`execution` replays a recording: its flow, caller, inputs and answers are the \
             recording's; drop `{key}` (or drop `execution` to launch a flow or a scenario)"
        ));
    }
    let config = match &args.replay_config {
        None => flowsim_api::api::replay::ReplayConfig::default(),
        Some(path) => {
            flowsim_api::api::replay::ReplayConfig::load(&cwd.join(path)).map_err(|e| {
                let at = e.line.map_or_else(String::new, |l| format!(":{l}"));
                format!("{}{at}: {} ({})", cwd.join(path).display(), e.message, e.help)
            })?
        }
    };
    let (registry, store) = flows_and_fixtures(args, cwd, project, view)?;
    let recording = flowsim_api::api::execution::debug::recording(
        file,
        args.recording.as_deref(),
        &registry,
        &store,
        &config,
    )?;
    let fixtures = Arc::new(recording.fixtures.into_owned());
    let mut request = recording.request;
    if let Some(v) = args.max_steps {
        request.max_steps = Some(v);
    }
    Ok(Loaded {
        registry: Arc::new(registry),
        fixtures,
        request,
        title: format!("recording {}", recording.title),
        recorded: Some(Recorded {
            actions: recording.actions,
            parts_at: recording.parts_at,
            start: recording.start,
            report: recording.report,
        }),
    })
}

fn flow(
    args: &Args,
    cwd: &Path,
    project: Option<&flowsim_project::Project>,
    view: &FileView,
) -> Result<Loaded, String> {
    let Some(flow) = &args.flow else {
        return Err("launch names what to debug: `scenarioFile` and `scenario`, or `flow` \
                    (with `inputs`, `context`, `variables`, `startNode`)"
            .into());
    };
    let (registry, store) = flows_and_fixtures(args, cwd, project, view)?;
    let mut request = serde_json::json!({
        "inputs": args.inputs,
        "context": args.context,
        "variables": args.variables,
    });
    let fields = [
        ("nodeId", args.start_node.clone().map(serde_json::Value::from)),
        ("seed", args.seed.map(serde_json::Value::from)),
        ("maxSteps", args.max_steps.map(serde_json::Value::from)),
        ("timeout", args.timeout_ms.map(serde_json::Value::from)),
    ];
    for (key, value) in fields {
        if let Some(v) = value {
            request[key] = v;
        }
    }
    let mut request: RunRequest = serde_json::from_value(request)
        .map_err(|e| format!("the launch's inputs, context or variables do not read: {e}"))?;
    match registry.resolve(flow) {
        Some(f) => request.flow_id = Some(registry.flow(f).id.to_string()),
        None => request.flow_name = Some(flow.clone()),
    }
    Ok(Loaded {
        registry: Arc::new(registry),
        fixtures: Arc::new(store),
        request,
        title: flow.clone(),
        recorded: None,
    })
}

/// The launch's flows and fixtures (`flows`, `fixtures`), else the project's, with `mocks`
/// merged over the fixtures, loaded as `flowsim run` loads them.
fn flows_and_fixtures(
    args: &Args,
    cwd: &Path,
    project: Option<&flowsim_project::Project>,
    view: &FileView,
) -> Result<(Registry, FixtureStore), String> {
    let mut set = FlowSet {
        flows: args.flows.as_ref().map_or_else(Vec::new, |f| f.paths(cwd)),
        ..FlowSet::default()
    };
    let mut fixtures = args.fixtures.as_ref().map_or_else(Vec::new, |f| f.paths(cwd));
    if let Some(p) = project {
        set.fill_from(p);
        if fixtures.is_empty() {
            fixtures.clone_from(&p.fixtures);
        }
    }
    if set.flows.is_empty() {
        return Err("no flows: give `flows` (a file or folder), or launch inside a project \
                    whose flowsim.toml names them"
            .into());
    }
    let report = set.load(view, None).map_err(|e| format!("the flows do not load: {e:?}"))?;
    let Some(registry) = report.registry else {
        let errors: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .take(5)
            .map(|d| {
                let at = d.file.as_ref().map_or_else(String::new, |f| {
                    format!("{}:{}: ", f.display(), d.line.unwrap_or(0))
                });
                format!("{at}{}", d.message)
            })
            .collect();
        return Err(format!("the flows do not load: {}", errors.join("; ")));
    };
    let mut store = if fixtures.is_empty() {
        FixtureStore::default()
    } else {
        flowsim_project::check::load_fixtures(&fixtures, view).map_err(|ds| {
            let m: Vec<&str> = ds.iter().take(5).map(|d| d.message.as_str()).collect();
            format!("the fixtures do not load: {}", m.join("; "))
        })?
    };
    if let Some(mocks) = &args.mocks {
        store.merge_json(&cwd.join("launch.json"), mocks).map_err(|errs| {
            let m: Vec<String> = errs
                .iter()
                .take(5)
                .map(|e| format!("mocks.{}: {}", e.location, e.message))
                .collect();
            m.join("; ")
        })?;
    }
    Ok((registry, store))
}
