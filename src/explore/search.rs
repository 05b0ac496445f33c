//! The search: breadth-first over scripts, variants that need no forcing before forced ones,
//! every bound a count.

use super::outputs::{blocked, slots, Class, FlowSummary, OutputReport};
use super::script::Script;
use super::variant::Run;
use super::{Exploration, ExploreError, Options, PathReport, Route};
use crate::engine::{self, Edge, Force, RunResult, Steered};
use crate::fixtures::FixtureStore;
use crate::flow::edge::{edges, name as label};
use crate::flow::{FlowIdx, Format, NodeIdx, Registry};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::VecDeque;

/// An output of a node of a flow.
type Key = (FlowIdx, NodeIdx, Edge);

/// A script to run, and the output it was built to take.
struct Candidate {
    script: Script,
    target: Option<Target>,
}

/// The output a variant aims at: where, and the script to force it from if the variant fails.
struct Target {
    key: Key,
    visit: u32,
    from: Script,
}

/// What the search knows so far.
#[derive(Default)]
struct State {
    /// Outputs taken, with the first path that took them and whether it forced anything.
    taken: FxHashMap<Key, (usize, bool)>,
    /// Outputs a variant was built for (each is tried once unforced, once forced).
    tried: FxHashSet<Key>,
    forced_tried: FxHashSet<Key>,
    /// Outputs a bound kept from being explored, with the bound's flag.
    cut: FxHashMap<Key, &'static str>,
    signatures: FxHashSet<u64>,
    bounds_hit: Vec<&'static str>,
    /// Flows the runs entered, in order of first entry.
    entered: Vec<FlowIdx>,
}

impl State {
    fn hit(&mut self, bound: &'static str) {
        if !self.bounds_hit.contains(&bound) {
            self.bounds_hit.push(bound);
        }
    }

    fn reached(&self, key: &Key) -> bool {
        self.taken.get(key).is_some_and(|(_, forced)| !forced)
    }
}

/// Explores flow `flow` (a name or id) of `registry` with `fixtures` standing in for the cloud.
pub fn explore(
    registry: &Registry,
    fixtures: &FixtureStore,
    flow: &str,
    options: &Options,
) -> Result<Exploration, ExploreError> {
    check_bounds(options)?;
    let top = registry.resolve(flow).ok_or_else(|| ExploreError::UnknownFlow {
        name: flow.to_owned(),
        help: registry.unknown_flow_help(flow),
    })?;
    explore_flow(registry, fixtures, top, options)
}

/// The customer's message the first run of a message, chat or email flow starts with: Architect
/// starts such a flow only on an inbound message. A condition on the message then asks for the
/// one it needs (`solve.rs`). Other flows start with none.
pub(super) const FIRST_MESSAGE: &str = "hello";

fn first_message(flow_type: &str) -> Option<String> {
    ["inboundShortMessage", "inboundChat", "inboundEmail"]
        .iter()
        .any(|t| t.eq_ignore_ascii_case(flow_type))
        .then(|| FIRST_MESSAGE.to_owned())
}

fn check_bounds(options: &Options) -> Result<(), ExploreError> {
    for (flag, value) in [
        ("--max-paths", options.max_paths),
        ("--max-runs", options.max_runs),
        ("--max-steps", usize::try_from(options.max_steps).unwrap_or(usize::MAX)),
    ] {
        if value == 0 {
            return Err(ExploreError::BadBound { flag });
        }
    }
    Ok(())
}

/// Explores flow `top` of `registry` (see [`explore`]).
pub fn explore_flow(
    registry: &Registry,
    fixtures: &FixtureStore,
    top: FlowIdx,
    options: &Options,
) -> Result<Exploration, ExploreError> {
    check_bounds(options)?;
    let name = registry.flow(top).name.to_string();
    // Runs name the flow with its type: flows of other types may share its name.
    let top_type = registry.flow(top).flow_type.to_string();
    let flow_type = (registry.named(&name).len() > 1).then(|| top_type.clone());
    let json = registry.flow(top).format == Format::Json;
    let max_steps = options.max_steps.min(engine::MAX_STEPS_CAP);
    let mut state = State { entered: vec![top], ..State::default() };
    let mut paths: Vec<PathReport> = Vec::new();
    let first = Script { message: first_message(&top_type), ..Script::default() };
    let mut queue = VecDeque::from([Candidate { script: first, target: None }]);
    let mut forced_queue: VecDeque<Candidate> = VecDeque::new();
    let mut runs = 0;
    loop {
        let Some(c) = queue.pop_front().or_else(|| forced_queue.pop_front()) else { break };
        if c.target.as_ref().is_some_and(|t| state.reached(&t.key)) {
            continue;
        }
        if runs >= options.max_runs {
            state.hit("--max-runs");
            break;
        }
        // The command's total of steps (`engine::budget::limit_total_steps`): the command
        // refuses the exploration once its runs took more, so no further run starts.
        if engine::budget::total_steps_past().is_some() {
            break;
        }
        if paths.len() >= options.max_paths {
            state.hit("--max-paths");
            break;
        }
        runs += 1;
        let mut request = c.script.request(&name, max_steps);
        request.flow_type = Some(top_type.clone());
        let Ok(store) = c.script.fixtures(fixtures) else { continue };
        let engine::Finished { result, steered, .. } =
            match engine::Run::new(registry, &store, &request).steer(&c.script.forces).go() {
                Ok(r) => r,
                Err(e) if runs == 1 => return Err(ExploreError::Request(e.to_string())),
                Err(_) => continue,
            };
        let forced = !steered.forced.is_empty();
        // A variant that missed its output: force it from the script it came from.
        if let Some(t) = &c.target {
            let took = result.trace.iter().any(|s| (s.flow, s.node, s.edge) == t.key);
            if !took
                && c.script.forces.len() == t.from.forces.len()
                && state.forced_tried.insert(t.key)
            {
                let (flow, node, edge) = t.key;
                let force = Force { flow, node, visit: t.visit, edge };
                forced_queue.push_back(Candidate {
                    script: t.from.with_force(force),
                    target: Some(Target { key: t.key, visit: t.visit, from: t.from.clone() }),
                });
            }
        }
        let signature = signature(&result);
        if !state.signatures.insert(signature) {
            continue;
        }
        let id = paths.len() + 1;
        let mut new_outputs = Vec::new();
        for s in &result.trace {
            if !state.entered.contains(&s.flow) {
                state.entered.push(s.flow);
            }
            let key = (s.flow, s.node, s.edge);
            let better = match state.taken.get(&key) {
                None => true,
                Some((_, was_forced)) => *was_forced && !forced,
            };
            if better {
                state.taken.insert(key, (id, forced));
                new_outputs.push(output_label(&result, key));
            }
        }
        let run = Run {
            registry,
            fixtures: &store,
            script: &c.script,
            result: &result,
            steered: &steered,
            json,
            top,
        };
        expand(&run, options, &mut state, &mut queue, &mut forced_queue);
        paths.push(path_report(id, &c.script, &result, &steered, new_outputs));
    }
    let outputs = classify(registry, &state);
    let names: Vec<String> =
        state.entered.iter().map(|&f| registry.flow(f).name.to_string()).collect();
    let flows = summarize(&names, &outputs);
    Ok(Exploration {
        flow: name,
        flow_type,
        options: *options,
        paths,
        outputs,
        flows,
        runs,
        bounds_hit: state.bounds_hit,
    })
}

/// Queues a variant (or, when none can be built, a forced run) for every output the run's
/// branch steps did not take and no path has reached yet.
fn expand(
    run: &Run<'_, '_>,
    options: &Options,
    state: &mut State,
    queue: &mut VecDeque<Candidate>,
    forced_queue: &mut VecDeque<Candidate>,
) {
    let mut visits: FxHashMap<(FlowIdx, NodeIdx), u32> = FxHashMap::default();
    for (s, step) in run.result.trace.iter().enumerate() {
        let visit = visits.entry((step.flow, step.node)).or_insert(0);
        let this = *visit;
        *visit += 1;
        let Some(graph) = run.registry.flow(step.flow).graph(run.result.version) else { continue };
        let node = graph.node(step.node);
        for (edge, _) in edges(graph, step.node) {
            let key = (step.flow, step.node, edge);
            if edge == step.edge
                || state.reached(&key)
                || state.tried.contains(&key)
                || blocked(node, edge).is_some()
            {
                continue;
            }
            let bound = if step.depth > options.max_depth {
                Some("--max-depth")
            } else if this >= options.max_loop {
                Some("--max-loop")
            } else {
                None
            };
            if let Some(flag) = bound {
                state.cut.entry(key).or_insert(flag);
                continue;
            }
            state.tried.insert(key);
            let from = run.script.clone();
            let target = Some(Target { key, visit: this, from: from.clone() });
            match run.variant(s, edge) {
                Some(script) if script != *run.script => {
                    queue.push_back(Candidate { script, target });
                }
                _ => {
                    if state.forced_tried.insert(key) {
                        let force = Force { flow: step.flow, node: step.node, visit: this, edge };
                        forced_queue
                            .push_back(Candidate { script: from.with_force(force), target });
                    }
                }
            }
        }
    }
}

/// A path's identity: its steps' flows, nodes and edges.
fn signature(r: &RunResult<'_>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    for s in &r.trace {
        (s.flow, s.node, s.edge).hash(&mut h);
    }
    r.status.hash(&mut h);
    h.finish()
}

fn output_label(r: &RunResult<'_>, (flow, node, edge): Key) -> String {
    let n = r.node(flow, node);
    format!("{} -{}->", n.id, label(n, edge))
}

fn path_report(
    id: usize,
    script: &Script,
    r: &RunResult<'_>,
    steered: &Steered,
    new_outputs: Vec<String>,
) -> PathReport {
    let forced = steered
        .forced
        .iter()
        .map(|&i| {
            let s = &r.trace[i as usize];
            output_label(r, (s.flow, s.node, s.edge))
        })
        .collect();
    PathReport {
        id,
        script: script.clone(),
        forced,
        status: r.status,
        route: r.route.as_ref().map(|route| Route {
            queue_id: route.queue_id.to_string(),
            queue_name: route.queue_name.to_string(),
            kind: route.kind.to_owned(),
            to: route.target.to_string(),
        }),
        error: r.error.as_ref().map(|e| e.kind.as_str().to_owned()),
        missing: {
            let mut missing: Vec<String> =
                r.warnings.iter().filter_map(|w| Some(w.missing.as_ref()?.label())).collect();
            missing.dedup();
            missing
        },
        nodes: r.trace.iter().map(|s| r.node(s.flow, s.node).id.to_string()).collect(),
        new_outputs,
    }
}

/// Every output of every flow entered, classified.
fn classify(registry: &Registry, state: &State) -> Vec<OutputReport> {
    let mut out = Vec::new();
    let visited: FxHashSet<(FlowIdx, NodeIdx)> =
        state.taken.keys().map(|(f, n, _)| (*f, *n)).collect();
    let stopped = state.bounds_hit.first().copied();
    for &flow in &state.entered {
        let f = registry.flow(flow);
        let Some(graph) = f.graph(crate::flow::Version::Draft) else { continue };
        for slot in slots(graph) {
            let node = graph.node(slot.node);
            let key = (flow, slot.node, slot.edge);
            let (class, why, path) = match (state.taken.get(&key), slot.blocked) {
                (Some((id, false)), _) => (Class::Reached, None, Some(*id)),
                (Some((id, true)), _) => (Class::Forced, None, Some(*id)),
                (None, Some(why)) => (Class::Unreachable, Some(why), None),
                (None, None) => {
                    let why = if let Some(flag) = state.cut.get(&key) {
                        format!("bound hit: {flag}")
                    } else if !visited.contains(&(flow, slot.node)) {
                        match stopped {
                            Some(flag) => {
                                format!("its action is not reached within the bounds ({flag} hit)")
                            }
                            None => "its action is never reached".to_owned(),
                        }
                    } else if let Some(flag) = stopped {
                        format!("bound hit: {flag}")
                    } else {
                        "no input, mock or forcing takes it (the engine cannot leave this way)"
                            .to_owned()
                    };
                    (Class::Unreachable, Some(why), None)
                }
            };
            out.push(OutputReport {
                flow: f.name.to_string(),
                node: node.id.to_string(),
                kind: node.action.type_name(),
                output: label(node, slot.edge),
                class,
                why,
                path,
            });
        }
    }
    out
}

fn summarize(names: &[String], outputs: &[OutputReport]) -> Vec<FlowSummary> {
    let mut flows: Vec<FlowSummary> = names
        .iter()
        .map(|flow| FlowSummary {
            flow: flow.clone(),
            outputs: 0,
            reached: 0,
            forced: 0,
            unreachable: 0,
        })
        .collect();
    for o in outputs {
        let Some(f) = flows.iter_mut().find(|f| f.flow == o.flow) else { continue };
        f.outputs += 1;
        match o.class {
            Class::Reached => f.reached += 1,
            Class::Forced => f.forced += 1,
            Class::Unreachable => f.unreachable += 1,
        }
    }
    flows
}
