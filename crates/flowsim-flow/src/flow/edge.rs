//! The ways out of a node: what a step records as the way it left, what coverage counts,
//! what pictures draw and explore tries. One definition for all of them, from the node's
//! exits and the catalogue's [`Op::leaves`](crate::flow::catalogue::Op::leaves).

use crate::flow::action::Action;
use crate::flow::catalogue::Leaves;
use crate::flow::model::{Graph, Node, NodeIdx};

/// Which way a node left: what coverage counts and trace comparison aligns on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edge {
    /// The success path (`onComplete.nextNode`), taken or ending the flow when absent.
    Success,
    /// The error path, taken or (when absent) propagating the error.
    Error,
    /// A DataAction's timeout path.
    Timeout,
    /// The If condition with this zero-based index.
    Condition(u16),
    /// The If default.
    Default,
    /// End or Disconnect: no path.
    End,
    /// The node never finished: the run stopped inside its callee (disconnect, limits).
    Open,
    /// An Architect action's named output, by index into the node's `exits`.
    Output(u16),
}

impl Edge {
    pub fn label(self) -> String {
        match self {
            Edge::Success => "success".into(),
            Edge::Error => "error".into(),
            Edge::Timeout => "timeout".into(),
            Edge::Condition(i) => format!("condition[{i}]"),
            Edge::Default => "default".into(),
            Edge::End => "end".into(),
            Edge::Open => "open".into(),
            Edge::Output(i) => format!("output[{i}]"),
        }
    }
}

/// The edges a node declares, in a fixed order, each with its target (`None`: an Architect
/// output that ends its container).
///
/// An Architect action's edges are its outputs (each, with actions or not, is a way out to
/// cover), plus its plain way on when it goes on ([`Leaves::On`]) without outputs, and for
/// loops (when they finish).
pub fn edges(graph: &Graph, node: NodeIdx) -> Vec<(Edge, Option<NodeIdx>)> {
    let n = graph.node(node);
    let mut out = Vec::new();
    if let Some(a) = n.action.as_architect() {
        // An output the flow turned off (a bot's `maxNoInputs: {enabled: false}`) cannot be
        // taken, so it is not counted.
        let exits = n.exits.iter().enumerate().filter(|(_, e)| e.enabled);
        out.extend(exits.map(|(i, e)| (Edge::Output(i as u16), e.target.or(n.next))));
        let op = a.spec().op;
        if (n.exits.is_empty() || op.is_loop()) && op.leaves() == Leaves::On {
            out.push((Edge::Success, n.next));
        }
        return out;
    }
    if let Some(ways) = n.action.spec().facts.conditions {
        let (conditions, default) = ways(&n.action);
        let conditions = conditions.into_iter().enumerate();
        out.extend(conditions.map(|(i, next)| (Edge::Condition(i as u16), Some(next))));
        out.extend(default.map(|d| (Edge::Default, Some(d))));
    }
    out.extend(n.next.map(|t| (Edge::Success, Some(t))));
    out.extend(n.on_error.map(|t| (Edge::Error, Some(t))));
    out.extend(n.on_timeout.map(|t| (Edge::Timeout, Some(t))));
    out
}

/// An edge's name as the flow's author knows it: an Architect output's name (`yes`, a case's
/// label), else the edge's label (`success`, `error`, `condition[0]`).
pub fn name(node: &Node, edge: Edge) -> String {
    match edge {
        Edge::Output(i) => {
            node.exits.get(usize::from(i)).map_or_else(|| edge.label(), |e| e.name.to_string())
        }
        other => other.label(),
    }
}

/// Whether a picture draws the action as an end: it does not go on to a next action of its
/// own ([`Op::leaves`](crate::flow::catalogue::Op::leaves) is not [`Leaves::On`] nor [`Leaves::Fails`]).
pub fn is_terminal(action: &Action) -> bool {
    let leaves: Leaves = action.spec().op.leaves();
    !matches!(leaves, Leaves::On | Leaves::Fails)
}
