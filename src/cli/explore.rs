//! `flowsim explore FLOW`: bounded path exploration (docs/explore.md) — the paths found, each
//! action output reached, forced or unreachable (and why), and with `--write-scenarios DIR` a
//! scenario file per path.
//!
//! Exit codes: 0 explored (whatever it found); 2 bad input (no such flow, a bound of 0, flows
//! or fixtures that do not load, a directory that cannot be written).

use super::report::{self, Format};
use super::{flows, Refused};
use flowsim::diag::Code;
use flowsim::explore::{self, Class, Exploration, Options, ScenarioSource};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The flow to explore: a name or id in the registry (default: the only flow loaded).
    flow: Option<String>,
    #[command(flatten)]
    pick: flows::FlowPick,
    /// Fixture files: contacts, queues, data-action mocks, schedules (JSON or YAML), or a
    /// directory of them. Repeatable.
    #[arg(long = "fixtures", value_name = "FILE|DIR")]
    fixtures: Vec<PathBuf>,
    /// Keep at most N distinct paths.
    #[arg(long, value_name = "N", default_value_t = Options::default().max_paths)]
    max_paths: usize,
    /// Explore the untaken outputs of a node on its first N visits of a path (loops, menus
    /// replayed).
    #[arg(long, value_name = "N", default_value_t = Options::default().max_loop)]
    max_loop: u32,
    /// Explore branch points down to call depth N (0: the top flow only).
    #[arg(long, value_name = "N", default_value_t = Options::default().max_depth)]
    max_depth: u16,
    /// Run the engine at most N times in all.
    #[arg(long, value_name = "N", default_value_t = Options::default().max_runs)]
    max_runs: usize,
    /// Stop each run after N steps.
    #[arg(long, value_name = "N", default_value_t = Options::default().max_steps)]
    max_steps: u64,
    /// Write one scenario file per path into DIR (forced paths as `*.forced.yaml`, which
    /// `flowsim test` skips).
    #[arg(long, value_name = "DIR")]
    write_scenarios: Option<PathBuf>,
    /// Also list every output with its class (text format).
    #[arg(long)]
    outputs: bool,
    #[arg(long, value_parser = report::TEXT_JSON, default_value = "text")]
    pub(crate) format: Format,
}

pub fn explore(args: &Args) -> Result<ExitCode, Refused> {
    let registry = args.pick.source.registry()?;
    let named = super::flows::which_flow(&registry, args.flow.as_deref(), "explore")?;
    let top = match args.pick.flow(&registry, &named) {
        Ok(top) => Some(top),
        // A flow no flow is named so: explore's own refusal says so, with the nearest name.
        Err(_) if args.pick.flow_type.is_none() && registry.named(&named).is_empty() => None,
        Err(refused) => return Err(refused),
    };
    let fixtures = super::load_stubbed_fixtures(&args.fixtures, &registry)?;
    let options = Options {
        max_paths: args.max_paths,
        max_loop: args.max_loop,
        max_depth: args.max_depth,
        max_runs: args.max_runs,
        max_steps: args.max_steps,
    };
    let x = match top {
        Some(top) => explore::explore_flow(&registry, &fixtures, top, &options),
        None => explore::explore(&registry, &fixtures, &named, &options),
    };
    let x = x.map_err(|e| {
        let (code, help) = match &e {
            explore::ExploreError::UnknownFlow { help, .. } => {
                (Code::FlowNotInRegistry, help.clone())
            }
            explore::ExploreError::Request(_) => (
                Code::BadRequest,
                format!("`flowsim run {} {}` shows why", named, args.pick.source.as_args()),
            ),
            explore::ExploreError::BadBound { .. } => {
                (Code::BadArgument, "give a bound of 1 or more".into())
            }
        };
        Refused::error(code, e.to_string()).help(help)
    })?;
    super::past_total_steps("runs", "explore fewer paths at once (--max-runs N, --max-steps N)")?;
    let mut written = Vec::new();
    if let Some(dir) = &args.write_scenarios {
        let substitutions = args.pick.source.load_options()?.substitutions.values;
        let source = ScenarioSource {
            flows: args.pick.source.flows.clone(),
            fixtures: args.fixtures.clone(),
            substitutions: substitutions.into_iter().collect(),
        };
        written = explore::write_scenarios(&x, dir, &source).map_err(|e| {
            Refused::error(Code::CannotWrite, e.to_string())
                .help("give --write-scenarios a directory you can write")
        })?;
    }
    let report = report::TextJson {
        text: || report::Text::Plain(text(&x, &written, args.outputs)),
        json: || json(&x, &written),
        code: ExitCode::SUCCESS,
    };
    Ok(report::emit(&report, args.format))
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "-".into();
    }
    format!("{:.0}%", part as f64 * 100.0 / whole as f64)
}

/// The human report.
fn text(x: &Exploration, written: &[PathBuf], all_outputs: bool) -> String {
    let mut out = String::new();
    let forced = x.paths.iter().filter(|p| !p.forced.is_empty()).count();
    let _ = writeln!(
        out,
        "explore `{}`: {} paths ({forced} forced) in {} runs",
        x.flow,
        x.paths.len(),
        x.runs
    );
    for p in &x.paths {
        let mut line = format!("  path {:>3}  {}", p.id, p.status.as_str());
        if let Some(r) = &p.route {
            let target = if r.queue_name.is_empty() { &r.to } else { &r.queue_name };
            let _ = write!(line, " to {target}");
        }
        if let Some(e) = &p.error {
            let _ = write!(line, " ({e})");
        }
        let _ = write!(line, ", {} steps", p.nodes.len());
        let inputs: Vec<String> = p.script.inputs.iter().map(report::json_line).collect();
        if !inputs.is_empty() {
            let _ = write!(line, "; inputs {}", inputs.join(" "));
        }
        let mut set: Vec<String> = Vec::new();
        set.extend(p.script.variables.iter().map(|(k, v)| format!("{k}={v}")));
        set.extend(p.script.message.iter().map(|m| format!("message={m:?}")));
        set.extend(p.script.from.iter().map(|f| format!("from={f}")));
        set.extend(p.script.start_time.iter().map(|t| format!("startTime={t}")));
        set.extend(p.script.data_actions.iter().map(|(k, m)| {
            let m = match m {
                explore::Mock::Success(_) => "success",
                explore::Mock::Failure => "failure",
                explore::Mock::Timeout => "timeout",
            };
            format!("{k}:{m}")
        }));
        set.extend(p.script.queues.keys().map(|q| format!("queue {q}")));
        set.extend(
            p.script.participant_data.iter().map(|(k, v)| format!("participantData {k}={v:?}")),
        );
        set.extend(p.script.stubs.iter().map(|((_, id), output)| match output.as_str() {
            "" => format!("stub {id}"),
            _ => format!("stub {id}:{output}"),
        }));
        if !set.is_empty() {
            let _ = write!(line, "; {}", set.join(", "));
        }
        if !p.forced.is_empty() {
            let _ = write!(line, "; FORCED {}", p.forced.join(", "));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str("\noutputs per flow:\n");
    let width = x.flows.iter().map(|f| f.flow.chars().count()).max().unwrap_or(4).max(4);
    let _ = writeln!(
        out,
        "  {:width$}  {:>7}  {:>12}  {:>12}  {:>12}",
        "flow", "outputs", "reached", "forced", "unreachable"
    );
    for f in &x.flows {
        let cell = |n: usize| format!("{n} ({})", percent(n, f.outputs));
        let _ = writeln!(
            out,
            "  {:width$}  {:>7}  {:>12}  {:>12}  {:>12}",
            f.flow,
            f.outputs,
            cell(f.reached),
            cell(f.forced),
            cell(f.unreachable)
        );
    }
    let shown: Vec<_> =
        x.outputs.iter().filter(|o| all_outputs || o.class != Class::Reached).collect();
    if !shown.is_empty() {
        out.push_str(if all_outputs { "\noutputs:\n" } else { "\nnot reached by inputs alone:\n" });
    }
    for o in shown {
        let _ = write!(out, "  {:<11}  {}: {} -{}->", o.class.as_str(), o.flow, o.node, o.output);
        if let Some(p) = o.path {
            let _ = write!(out, " (path {p})");
        }
        if let Some(why) = &o.why {
            let _ = write!(out, ": {why}");
        }
        out.push('\n');
    }
    if !x.bounds_hit.is_empty() {
        let _ = writeln!(
            out,
            "\nbounds hit: {} (raise them to explore further)",
            x.bounds_hit.join(", ")
        );
    }
    if !written.is_empty() {
        let _ = writeln!(out, "\nwrote {} scenario files:", written.len());
        for f in written {
            let _ = writeln!(out, "  {}", f.display());
        }
    }
    out
}

/// The machine-readable report.
fn json(x: &Exploration, written: &[PathBuf]) -> serde_json::Value {
    use serde_json::json;
    let paths: Vec<_> = x
        .paths
        .iter()
        .map(|p| {
            json!({
                "id": p.id,
                "status": p.status.as_str(),
                "route": p.route.as_ref().map(|r| json!({
                    "queueId": r.queue_id, "queueName": r.queue_name, "type": r.kind, "to": r.to,
                })),
                "error": p.error,
                "forced": p.forced,
                "message": p.script.message,
                "inputs": p.script.inputs,
                "context": p.script.context(),
                "variables": p.script.variables,
                "mocks": p.script.mocks(),
                "nodes": p.nodes,
                "newOutputs": p.new_outputs,
            })
        })
        .collect();
    let outputs: Vec<_> = x
        .outputs
        .iter()
        .map(|o| {
            json!({
                "flow": o.flow, "node": o.node, "type": o.kind, "output": o.output,
                "class": o.class.as_str(), "why": o.why, "path": o.path,
            })
        })
        .collect();
    let flows: Vec<_> = x
        .flows
        .iter()
        .map(|f| {
            json!({
                "flow": f.flow, "outputs": f.outputs, "reached": f.reached,
                "forced": f.forced, "unreachable": f.unreachable,
            })
        })
        .collect();
    json!({
        "flow": x.flow,
        "bounds": {
            "maxPaths": x.options.max_paths, "maxLoop": x.options.max_loop,
            "maxDepth": x.options.max_depth, "maxRuns": x.options.max_runs,
            "maxSteps": x.options.max_steps,
        },
        "runs": x.runs,
        "boundsHit": x.bounds_hit,
        "flows": flows,
        "paths": paths,
        "outputs": outputs,
        "scenarioFiles": written.iter().map(|f| f.display().to_string()).collect::<Vec<_>>(),
    })
}

impl Args {
    /// What the project gives that the command line did not (flowsim.toml).
    pub(crate) fn fill_from(&mut self, project: &super::project::Project) {
        self.pick.source.fill_from(project);
        self.pick.source.add_named_file(self.flow.as_deref());
        if self.fixtures.is_empty() {
            self.fixtures.clone_from(&project.fixtures);
        }
    }
}
