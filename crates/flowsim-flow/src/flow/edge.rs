//! The ways out of a node: what a step records as the way it left, what coverage counts,
//! what pictures draw and explore tries. One definition for all of them, from the node's
//! exits, its entry's [`Facts::leaves`](crate::flow::catalogue::Facts::leaves) and
//! paths ([`Facts::paths`](crate::flow::catalogue::Facts::paths)).
//!
//! Invariants: every way out an action names is one of its exits ([`Edge::Output`]), JSON
//! nodes' `onComplete`, `onError`, `onTimeout` and `If` conditions included; the only other
//! edges are an exitless action's plain way on ([`Edge::Success`]), a failure no exit takes
//! ([`Edge::Error`]), and the ends ([`Edge::End`], [`Edge::Open`]). No consumer tells a JSON
//! node from an Architect action: what differs is in the catalogue's entry.

use crate::flow::action::Action;
use crate::flow::catalogue::Leaves;
use crate::flow::model::{Exit, Graph, Node, NodeIdx};

/// Which way a node left: what coverage counts and trace comparison aligns on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edge {
    /// The plain way on of an action without exits of its own: to its `next`, or ending its
    /// container or flow when absent.
    Success,
    /// The node failed and no exit of its own took the failure: it goes to the flow's error
    /// handling, or ends the flow.
    Error,
    /// End or Disconnect: no path.
    End,
    /// The node never finished: the run stopped inside its callee (disconnect, limits).
    Open,
    /// One of the node's exits, by index into its `exits`: an Architect action's named
    /// output, a JSON node's path or condition. An error or a timeout is an exit like any
    /// other.
    Output(u16),
}

impl Edge {
    pub fn label(self) -> String {
        match self {
            Edge::Success => "success".into(),
            Edge::Error => "error".into(),
            Edge::End => "end".into(),
            Edge::Open => "open".into(),
            Edge::Output(i) => format!("output[{i}]"),
        }
    }
}

/// The ways an action's run takes on its own ([`Facts::paths`](crate::flow::catalogue::Facts::paths)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    /// Going on.
    On,
    /// A failure.
    Error,
    /// A timeout.
    Timeout,
}

/// The exit of `node` that stands for `path`, when its entry has paths and the node writes
/// it.
#[inline]
pub fn path_exit(node: &Node, path: Path) -> Option<u16> {
    let paths = node.action.spec().facts.paths?;
    let name = match path {
        Path::On => paths.on,
        Path::Error => paths.error,
        Path::Timeout => paths.timeout,
    };
    // The paths are the last exits: a few comparisons from the end.
    node.exits.iter().rposition(|e| &*e.name == name).map(|i| i as u16)
}

/// Which path `edge` of `node` is, when it is one of its entry's paths.
pub fn path_of(node: &Node, edge: Edge) -> Option<Path> {
    let Edge::Output(i) = edge else { return None };
    [Path::On, Path::Error, Path::Timeout].into_iter().find(|&p| path_exit(node, p) == Some(i))
}

/// Whether `edge` is the way `node` takes when it fails: its error exit, or the failure
/// going on to the flow's error handling.
pub fn is_error(node: &Node, edge: Edge) -> bool {
    edge == Edge::Error || path_of(node, edge) == Some(Path::Error)
}

/// Whether a step of `node` that left by `edge` took its failure path: [`is_error`] (a JSON
/// node's `error` path, or the failure going on to the flow's error handling), or an Architect
/// action's `failure` output (`__FAILURE__`, by its export id, else the catalogue's fixed
/// output at its place). A `timeout` output is not a failure.
pub fn is_failure(node: &Node, edge: Edge) -> bool {
    if is_error(node, edge) {
        return true;
    }
    let Edge::Output(i) = edge else { return false };
    let Some(exit) = output(node, edge) else { return false };
    let fixed = node.action.spec().outputs.get(usize::from(i)).map(|o| o.export);
    exit.export_id.as_deref().or(fixed) == Some("__FAILURE__")
}

/// Whether `edge` is the way `node` goes on: its plain way on, or its `success` exit.
pub fn is_on(node: &Node, edge: Edge) -> bool {
    edge == Edge::Success || path_of(node, edge) == Some(Path::On)
}

/// How `node` goes on when its action does not choose an exit: its `success` exit when its
/// entry has paths and the node writes it, else the plain way to its `next` (which a JSON
/// node without `onComplete` does not have: the flow ends).
#[inline]
pub fn way_on(node: &Node) -> (Edge, Option<NodeIdx>) {
    match path_exit(node, Path::On) {
        Some(i) => (Edge::Output(i), node.exits[usize::from(i)].target),
        None => (Edge::Success, node.next),
    }
}

/// Where a failure of `node` goes: its error exit when the node writes one, else
/// [`Edge::Error`] with none (the flow's error handling, or the end of the flow).
pub fn way_of_failure(node: &Node) -> (Edge, Option<NodeIdx>) {
    taken(node, Path::Error).map_or((Edge::Error, None), |(e, t)| (e, Some(t)))
}

/// The exit standing for `path` with its target, when the node writes one.
pub fn taken(node: &Node, path: Path) -> Option<(Edge, NodeIdx)> {
    let i = path_exit(node, path)?;
    let exit = &node.exits[usize::from(i)];
    Some((Edge::Output(i), exit.target.filter(|_| exit.enabled)?))
}

/// The named output a step of `node` took by `edge`, as execution data reports it: an
/// Architect action's output; none for the plain ways and for an entry's paths, which the
/// cloud does not report as outputs.
pub fn output(node: &Node, edge: Edge) -> Option<&Exit> {
    let Edge::Output(i) = edge else { return None };
    if node.action.spec().facts.paths.is_some() {
        return None;
    }
    node.exits.get(usize::from(i))
}

/// How a step's record spells the edge it left by: the exit's own name for an entry with
/// paths (`success`, `condition[0]`), else [`Edge::label`] (`output[2]`, beside the output's
/// name).
pub fn trace_label(node: &Node, edge: Edge) -> std::borrow::Cow<'_, str> {
    match edge {
        Edge::Output(i) if node.action.spec().facts.paths.is_some() => {
            node.exits.get(usize::from(i)).map_or_else(|| edge.label().into(), |e| (*e.name).into())
        }
        Edge::Success => "success".into(),
        Edge::Error => "error".into(),
        Edge::End => "end".into(),
        Edge::Open => "open".into(),
        Edge::Output(_) => edge.label().into(),
    }
}

/// The edges a node declares, in a fixed order, each with its target (`None`: an Architect
/// output that ends its container).
///
/// An action's edges are its exits that are on (each, with actions or not, is a way out to
/// cover), plus its plain way on when it goes on ([`Leaves::On`]) without exits, and for
/// loops (when they finish). An entry with paths has no plain way on: its way on is its
/// `success` exit, when the node writes one.
pub fn edges(graph: &Graph, node: NodeIdx) -> Vec<(Edge, Option<NodeIdx>)> {
    let n = graph.node(node);
    // An output the flow turned off (a bot's `maxNoInputs: {enabled: false}`) cannot be
    // taken, so it is not counted.
    let exits = n.exits.iter().enumerate().filter(|(_, e)| e.enabled);
    let mut out: Vec<_> =
        exits.map(|(i, e)| (Edge::Output(i as u16), e.target.or(n.next))).collect();
    let spec = n.action.spec();
    let plain = spec.facts.paths.is_none() && (n.exits.is_empty() || spec.facts.loops);
    if plain && spec.facts.leaves == Leaves::On {
        out.push((Edge::Success, n.next));
    }
    out
}

/// An edge's name as the flow's author knows it: an exit's name (`yes`, a case's label,
/// `condition[0]`), else the edge's label (`success`, `error`).
pub fn name(node: &Node, edge: Edge) -> String {
    match edge {
        Edge::Output(i) => {
            node.exits.get(usize::from(i)).map_or_else(|| edge.label(), |e| e.name.to_string())
        }
        other => other.label(),
    }
}

/// Whether a picture draws the action as an end: it does not go on to a next action of its
/// own ([`Facts::leaves`](crate::flow::catalogue::Facts::leaves) is not [`Leaves::On`] nor
/// [`Leaves::Fails`]).
pub fn is_terminal(action: &Action) -> bool {
    let leaves: Leaves = action.spec().facts.leaves;
    !matches!(leaves, Leaves::On | Leaves::Fails)
}
