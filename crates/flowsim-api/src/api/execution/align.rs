//! The local run's actions in the recording's terms, and where the two part.
//!
//! Actions align **by action id** (the configuration's GUID, which exports keep as node ids),
//! else **by tracking id within one flow**, else by action name within one flow (Archy files
//! carry neither id), in order. Loops are left out on both sides: the cloud records a loop
//! once (`actionLoop`) and each further turn as an event, the interpreter visits the loop
//! action on each turn; the loop's body and `loopNext`/`loopExit` still align.

use super::doc::RecordedAction;
use crate::engine::{Edge, RunResult};
use crate::flow::catalogue;
use std::sync::Arc;

/// One action of the local run.
#[derive(Debug, Clone)]
pub struct LocalAction {
    /// Index into the run's trace.
    pub step: usize,
    pub action_id: Arc<str>,
    pub name: Arc<str>,
    pub tracking_id: Option<u32>,
    pub flow_id: Arc<str>,
    pub flow_name: Arc<str>,
    /// The task, state or menu it belongs to.
    pub container: Option<Arc<str>>,
    /// Its key in execution data (`actionDecision`: [`catalogue::event_key`]).
    pub kind: &'static str,
    /// The export's output id (`__YES__`, a case's GUID) when known.
    pub output_id: Option<Arc<str>>,
    /// Archy's output name (`yes`, a case's label).
    pub output_name: Option<Arc<str>>,
}

impl LocalAction {
    pub fn label(&self) -> String {
        let tracking = self.tracking_id.map_or(String::new(), |t| format!(" (trackingId {t})"));
        let container = match self.container.as_deref() {
            Some(c) if *c != *self.name => format!("{c} › "),
            _ => String::new(),
        };
        format!("{} › {container}{}{tracking} [{}]", self.flow_name, self.name, self.kind)
    }

    pub fn output(&self) -> String {
        match (&self.output_id, &self.output_name) {
            (Some(id), Some(name)) if !id.starts_with("__") => format!("{id} ({name})"),
            (Some(id), _) => id.to_string(),
            (None, Some(name)) => name.to_string(),
            (None, None) => "(its one way on)".into(),
        }
    }
}

/// The Architect actions of a run, in order, without loop turns.
pub fn local_actions(r: &RunResult<'_>) -> Vec<LocalAction> {
    let mut out = Vec::with_capacity(r.trace.len());
    for (i, step) in r.trace.iter().enumerate() {
        let flow = r.registry.flow(step.flow);
        let node = r.node(step.flow, step.node);
        let a = &node.action;
        let spec = a.spec();
        let (kind, fixed) = (catalogue::event_key(a.spec), spec.outputs);
        // Loop starts are left out, on both sides (see `recorded_actions`).
        if kind == "actionLoop" {
            continue;
        }
        let (output_id, output_name) = match step.edge {
            Edge::Output(k) => match crate::flow::edge::output(node, step.edge) {
                Some(exit) => (
                    exit.export_id
                        .clone()
                        .or_else(|| fixed.get(k as usize).map(|o| Arc::from(o.export))),
                    Some(exit.name.clone()),
                ),
                None => (None, None),
            },
            _ => (None, None),
        };
        out.push(LocalAction {
            step: i,
            action_id: node.id.clone(),
            name: node.name.clone(),
            tracking_id: node.tracking_id,
            flow_id: flow.id.clone(),
            flow_name: flow.name.clone(),
            container: flow.arch.containers.get(node.container as usize).map(|c| c.name.clone()),
            kind,
            output_id,
            output_name,
        });
    }
    out
}

/// The recorded actions that align, without loop starts.
pub fn recorded_actions(actions: &[RecordedAction]) -> Vec<&RecordedAction> {
    actions.iter().filter(|a| &*a.kind != "actionLoop").collect()
}

fn same_flow(rec: &RecordedAction, local: &LocalAction) -> bool {
    *rec.flow_id == *local.flow_id || rec.flow_name.eq_ignore_ascii_case(&local.flow_name)
}

/// Whether two actions are the same action of the same flow.
pub fn same_action(rec: &RecordedAction, local: &LocalAction) -> bool {
    if *rec.action_id == *local.action_id {
        return true;
    }
    if !same_flow(rec, local) {
        return false;
    }
    match (rec.tracking_id, local.tracking_id) {
        (Some(a), Some(b)) => a == b,
        _ => rec.name.eq_ignore_ascii_case(&local.name),
    }
}

/// `__NOT_FOUND__` and `notFound` are one output: the same letters, in lowercase, without
/// underscores and spaces (compared as they are read: nothing is allocated).
fn same_squashed(a: &str, b: &str) -> bool {
    fn letters(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars().filter(|c| *c != '_' && *c != ' ').flat_map(char::to_lowercase)
    }
    letters(a).eq(letters(b))
}

/// Whether the two left the action by the same output: `None` when the recording's output
/// cannot be told from the local one (neither an id nor a name to compare).
pub fn same_output(rec: &RecordedAction, local: &LocalAction) -> Option<bool> {
    let rid = rec.output_path_id.as_deref();
    match (rid, local.output_id.as_deref(), local.output_name.as_deref()) {
        (None, None, None) => Some(true),
        // An action with one way on locally, recorded with a path (`__SUCCESS__` of an
        // action the interpreter cannot fail), or the other way round: compare what is known.
        (None, _, _) => Some(true),
        (Some(r), Some(l), _) if r.eq_ignore_ascii_case(l) => Some(true),
        (Some(r), _, Some(name)) if same_squashed(r, name) => Some(true),
        (Some(_), _, Some(name)) => match rec.output_path_name.as_deref() {
            Some(rn) => Some(rn.eq_ignore_ascii_case(name)),
            None => local.output_id.as_ref().map(|_| false),
        },
        (Some(_), Some(_), None) => Some(false),
        (Some(r), None, None) => Some(r == "__SUCCESS__"),
    }
}

/// Where the two runs part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parting {
    /// Both took the same actions by the same outputs.
    None,
    /// The `i`-th aligned action (in both lists) left by another output.
    Output(usize),
    /// The `i`-th actions are different actions.
    Action(usize),
    /// The local run ended after `i` actions; the recording goes on.
    LocalEnded(usize),
    /// The recording ended after `i` actions; the local run goes on.
    RecordingEnded(usize),
}

/// Where the two lists part, and how many outputs could not be compared.
pub fn part(rec: &[&RecordedAction], local: &[LocalAction]) -> (Parting, usize) {
    let mut unknown = 0;
    for (i, (r, l)) in rec.iter().zip(local).enumerate() {
        if !same_action(r, l) {
            return (Parting::Action(i), unknown);
        }
        match same_output(r, l) {
            Some(true) => {}
            Some(false) => return (Parting::Output(i), unknown),
            None => unknown += 1,
        }
    }
    let parting = match rec.len().cmp(&local.len()) {
        std::cmp::Ordering::Equal => Parting::None,
        std::cmp::Ordering::Greater => Parting::LocalEnded(local.len()),
        std::cmp::Ordering::Less => Parting::RecordingEnded(rec.len()),
    };
    (parting, unknown)
}

/// The recorded output, for people: `__NO__`, `Case 4 (GUID)`.
pub fn recorded_output(rec: &RecordedAction) -> String {
    match (&rec.output_path_id, &rec.output_path_name) {
        (Some(id), Some(name)) if **id != **name => format!("{name} ({id})"),
        (Some(id), Some(_)) => id.to_string(),
        (Some(id), None) => id.to_string(),
        _ => "(its one way on)".into(),
    }
}
