//! Decision logs (the orchestration service's call): every decision a run took, as a document for Elasticsearch, and
//! the crosstab and heatmap of an input against an outcome.
//!
//! ```text
//! a run observed by a Log (engine::observe) ──Log::into_decisions──▶ Vec<Decision>
//!        ──ndjson::write_bulk──▶ `_bulk` NDJSON (a file, or bulk::post to an endpoint)
//!        ──Crosstab::from_decisions / ndjson::read ─▶ Crosstab ──heatmap::svg / png::render
//! ```
//!
//! A *decision* is a step of a node that can leave by more than one path: an `If`, a `Gather`,
//! queue figures, a data action, a contact lookup (and any seeds'-JSON node with an error or
//! timeout path of its own); an Architect action with two or more enabled outputs (decision,
//! switch, menu, collect input, data action, lookups, schedules, bot turns). Each document
//! carries what the orchestration service logs (`timestamp` on the virtual clock, `flowInstanceId`, `dtmf`,
//! `queue_occupancy`, `routing_decision`, `state`) and what explains it: the action, the output
//! taken, its condition, the values it read. `docs/decisions.md` maps each field to the flow.
//!
//! Deterministic: timestamps come from the run's virtual clock and instance ids from the
//! caller (a scenario's place in its file), so the same suite gives the same bytes.

#[cfg(feature = "http")]
pub mod bulk;
pub mod crosstab;
pub mod heatmap;
pub mod ndjson;
#[cfg(feature = "png")]
pub mod png;

pub use crosstab::{Count, Crosstab};

use crate::engine::observe::{Observed, Observer, Ran};
use crate::engine::result::{Edge, RunResult, Status, Step, Stores};
use crate::engine::{RequestError, RunRequest};
use crate::expr::Value;
use crate::fixtures::FixtureStore;
use crate::flow::action::Prop;
use crate::flow::catalogue::json;
use crate::flow::catalogue::{Record, Varies};
use crate::flow::Node;
use crate::flow::Registry;
use serde::Serialize;

/// The Elasticsearch index documents go to unless told otherwise (the orchestration service's).
pub const DEFAULT_INDEX: &str = "genesys_flow_decisions";

/// A value read is written as at most this many bytes of text (then `…`): documents stay small
/// whatever the flow holds.
pub const MAX_VALUE_TEXT: usize = 256;
/// At most this many values read are listed per decision.
pub const MAX_INPUTS: usize = 32;

/// One decision: an Elasticsearch document (fields in this order; see `docs/decisions.md`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// When the step ran, on the run's virtual clock: ISO 8601 UTC with milliseconds.
    pub timestamp: String,
    /// The run: given by the caller (a scenario's file and place, a `run`'s conversation id).
    #[serde(rename = "flowInstanceId")]
    pub flow_instance_id: String,
    /// The digits the caller last entered, at or before this decision (`null`: none yet, or
    /// the last input step got none).
    pub dtmf: Option<String>,
    /// The occupancy (0 to 1) of the queue figures last read at or before this decision.
    pub queue_occupancy: Option<f64>,
    /// How the run ended: `queue:NAME`, `voicemail:TARGET`, `user:NAME`, ..., or its status
    /// (`completed`, `disconnected`, `failed`, `timeout`, `stepLimit`).
    pub routing_decision: String,
    /// Where the decision was taken: `flow/container/action` (Architect), `flow/node` (JSON);
    /// the flow as `Name (type)` where flows of other types share its name.
    pub state: String,
    pub flow: String,
    /// The flow's type, where flows of other types share its name (`outboundCall`).
    #[serde(rename = "flowType", skip_serializing_if = "Option::is_none")]
    pub flow_type: Option<String>,
    /// The node's id (an export's GUID, an Archy path, a JSON key).
    pub node: String,
    /// The node's type: `If`, `Gather`, `decision`, `menu`, `collectInput`, ...
    pub action: String,
    /// The output taken: an Architect output's name, `condition[i]`, `default`, `success`,
    /// `error`, `timeout`, `repeat` (a menu played again).
    pub output: String,
    /// The condition that decided it (an `If`'s condition taken, a decision's, a switch case's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// The values the step read, in reading order.
    pub inputs: Vec<Input>,
    /// The queue figures last read at or before this decision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue: Option<QueueFigures>,
    /// The run's status.
    pub status: &'static str,
    /// The step's position in the run's trace, from 1.
    pub step: usize,
}

/// A value a decision read: its reference and its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Input {
    pub name: String,
    /// Display text (`NOT_SET` when unset), cut at [`MAX_VALUE_TEXT`] bytes.
    pub value: String,
}

/// Queue figures (a `QueueMetrics` node's).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueFigures {
    pub available_agents: i64,
    pub on_queue_agents: i64,
    pub waiting: i64,
    pub occupancy: f64,
}

/// A run's decision log, taken as the run goes: an observer of the run (`engine::observe`)
/// that keeps each decision with the clock, the digits and the values read as they were when
/// its step ran, and writes the run's routing outcome and status into every one at its end.
#[derive(Debug, Default)]
pub struct Log {
    instance: String,
    decisions: Vec<Decision>,
    /// Decisions of calls still open: the step, the decision's place.
    open: Vec<(usize, usize)>,
    /// Decisions of calls the run ended with open: not decided, so not kept.
    undecided: Vec<usize>,
    dtmf: Option<String>,
    queue: Option<QueueFigures>,
}

impl Log {
    /// The log of the run `instance` names (a scenario's file and place, a conversation id).
    pub fn new(instance: impl Into<String>) -> Log {
        Log { instance: instance.into(), ..Log::default() }
    }

    /// Every decision of the run, in step order.
    pub fn into_decisions(mut self) -> Vec<Decision> {
        for i in self.undecided.into_iter().rev() {
            self.decisions.remove(i);
        }
        self.decisions
    }
}

impl Observer<'_> for Log {
    fn wants_reads(&self) -> bool {
        true
    }

    fn step(&mut self, s: &Stores<'_, '_>, step: &Step, index: usize, ran: &Ran<'_>) -> Observed {
        if let Some(digits) = ran.digits {
            self.dtmf = digits.as_deref().map(str::to_owned);
        }
        let node = s.node(step.flow, step.node);
        if node.action.spec().facts.record == Record::Figures {
            if let Some(figures) = queue_figures(s, step) {
                self.queue = Some(figures);
            }
        }
        if !is_decision(node) {
            return Ok(0);
        }
        let flow = s.registry.flow(step.flow);
        let label = s.registry.label(step.flow);
        let name = if node.name.is_empty() { &node.id } else { &node.name };
        let state = match flow.arch.containers.get(node.container as usize) {
            Some(c) => format!("{label}/{}/{name}", c.name),
            None => format!("{label}/{name}"),
        };
        let shared = s.registry.named(&flow.name).len() > 1;
        let mut timestamp = String::new();
        crate::expr::value::write_datetime(ran.clock, &mut timestamp);
        if step.edge == Edge::Open {
            self.open.push((index, self.decisions.len()));
        }
        self.decisions.push(Decision {
            timestamp,
            flow_instance_id: self.instance.clone(),
            dtmf: self.dtmf.clone(),
            queue_occupancy: self.queue.map(|q| q.occupancy),
            routing_decision: String::new(),
            state,
            flow: flow.name.to_string(),
            flow_type: shared.then(|| flow.flow_type.to_string()),
            node: node.id.to_string(),
            action: node.action.type_name().to_owned(),
            output: output(node, step.edge, step.next() == Some(step.node)),
            condition: condition(node, step.edge),
            inputs: ran
                .reads
                .iter()
                .take(MAX_INPUTS)
                .map(|(name, v)| Input { name: name.to_string(), value: text(v) })
                .collect(),
            queue: self.queue,
            status: "",
            step: index + 1,
        });
        Ok(0)
    }

    fn returned(&mut self, s: &Stores<'_, '_>, step: &Step, index: usize) -> Observed {
        let Some(k) = self.open.iter().position(|(i, _)| *i == index) else { return Ok(0) };
        let (_, at) = self.open.remove(k);
        if step.edge == Edge::Open {
            self.undecided.push(at);
            self.undecided.sort_unstable();
        } else {
            let node = s.node(step.flow, step.node);
            let d = &mut self.decisions[at];
            d.output = output(node, step.edge, step.next() == Some(step.node));
            d.condition = condition(node, step.edge);
        }
        Ok(0)
    }

    fn end(&mut self, r: &RunResult<'_>) {
        let routing = routing_decision(r);
        for d in &mut self.decisions {
            d.routing_decision.clone_from(&routing);
            d.status = r.status.as_str();
        }
    }
}

/// Runs `request` with a decision log: the result and every decision it took, in step order.
pub fn run<'r>(
    registry: &'r Registry,
    fixtures: &FixtureStore,
    request: &RunRequest,
    instance: &str,
) -> Result<(RunResult<'r>, Vec<Decision>), RequestError> {
    let mut log = Log::new(instance);
    let options = crate::engine::RunOptions::default();
    let run = crate::engine::Run::new(registry, fixtures, request)
        .options(options)
        .observer(&mut log)
        .go()?;
    Ok((run.result, log.into_decisions()))
}

/// Whether a step of `node` is a decision: the node can leave by more than one path, it has
/// a way of its own for a failure or a timeout, or its entry says its steps decide.
pub fn is_decision(node: &Node) -> bool {
    use crate::flow::edge::{taken, Path};
    node.action.spec().facts.decides
        || node.exits.iter().filter(|e| e.enabled).count() >= 2
        || taken(node, Path::Error).is_some()
        || taken(node, Path::Timeout).is_some()
}

/// How a run ended, as one keyword: where it was routed (the last Route or the transfer), else
/// its status.
pub fn routing_decision(r: &RunResult<'_>) -> String {
    match &r.route {
        Some(route) if route.kind.is_empty() || route.kind == "acd" => {
            format!("queue:{}", route.queue_name)
        }
        Some(route) => {
            let target = if route.target.is_empty() { &route.queue_name } else { &route.target };
            format!("{}:{target}", route.kind)
        }
        None => match r.status {
            Status::Failed => match &r.error {
                Some(e) => format!("failed:{}", e.kind),
                None => "failed".to_owned(),
            },
            s => s.as_str().to_owned(),
        },
    }
}

fn output(node: &Node, edge: Edge, again: bool) -> String {
    match edge {
        Edge::Output(i) => {
            node.exits.get(usize::from(i)).map_or_else(|| edge.label(), |e| e.name.to_string())
        }
        // An action that went back to itself by its plain way on: a menu played again.
        Edge::Success if again => "repeat".to_owned(),
        edge => edge.label(),
    }
}

fn condition(node: &Node, edge: Edge) -> Option<String> {
    let a = &node.action;
    let varies = a.spec().facts.varies;
    match edge {
        Edge::Output(i) => match varies {
            Varies::JsonConditions => {
                json::conditions(a).nth(usize::from(i)).map(|(e, _)| e.to_string())
            }
            Varies::Condition => a
                .get(crate::flow::catalogue::control::prop::DECISION_CONDITION)
                .expr()
                .map(ToString::to_string),
            // Exits are `default`, then one per case.
            Varies::SwitchCases if i > 0 => a
                .get(crate::flow::catalogue::control::prop::SWITCH_CASES)
                .list()
                .get(usize::from(i) - 1)
                .and_then(|case| {
                    Prop::field(case, crate::flow::catalogue::control::prop::CASE_VALUE).expr()
                })
                .map(ToString::to_string),
            Varies::UntilCases if i > 0 => a
                .get(crate::flow::catalogue::control::prop::UNTIL_CASES)
                .list()
                .get(usize::from(i) - 1)
                .and_then(|case| {
                    Prop::field(case, crate::flow::catalogue::control::prop::UNTIL_VALUE).expr()
                })
                .map(ToString::to_string),
            _ => None,
        },
        _ => None,
    }
}

/// A value's text for a document, bounded.
fn text(v: &Value) -> String {
    let mut s = match v {
        Value::NotSet => "NOT_SET".to_owned(),
        v => v.display(),
    };
    if s.len() > MAX_VALUE_TEXT {
        let mut end = MAX_VALUE_TEXT;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
        s.push('…');
    }
    s
}

/// The queue figures a step recorded ([`Record::Figures`]), as the step's node read them;
/// `None` for a step that failed before it read any.
fn queue_figures(s: &Stores<'_, '_>, step: &Step) -> Option<QueueFigures> {
    let count = |name: &str| match s.written_value(step, name)? {
        Value::Int(i) => Some(*i),
        _ => None,
    };
    let occupancy = match s.written_value(step, "occupancy")? {
        Value::Dec(d) => crate::expr::decimal::to_f64(*d),
        _ => f64::NAN,
    };
    Some(QueueFigures {
        available_agents: count("availableAgents")?,
        on_queue_agents: count("onQueueAgents")?,
        waiting: count("waiting")?,
        occupancy,
    })
}
