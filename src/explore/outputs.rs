//! The outputs an exploration accounts for, what it concluded of each, and the reasons an
//! output cannot be taken that can be seen without running: a disabled output, an error path
//! of a node that cannot fail, a condition that is constant.

use super::solve::constant;
use crate::engine::Edge;
use crate::expr::{Expr, Value};
use crate::flow::action::Prop;
use crate::flow::catalogue::json;
use crate::flow::catalogue::Varies;
use crate::flow::edge::edges;
use crate::flow::{Graph, Node, NodeIdx};
use crate::harness::coverage::can_fail;

/// What exploration concluded of one output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A path whose script alone takes it.
    Reached,
    /// Only paths that forced an output take it.
    Forced,
    /// No path takes it; [`OutputReport::why`] says why.
    Unreachable,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Reached => "reached",
            Class::Forced => "forced",
            Class::Unreachable => "unreachable",
        }
    }
}

/// One output of one action.
#[derive(Debug, Clone)]
pub struct OutputReport {
    pub flow: String,
    /// The node's id.
    pub node: String,
    /// The action's type (`decision`, `If`).
    pub kind: &'static str,
    /// The output's name (`yes`, a menu choice's label, `error`).
    pub output: String,
    pub class: Class,
    /// Why it is unreachable.
    pub why: Option<String>,
    /// The first path that takes it.
    pub path: Option<usize>,
}

/// The counts of one flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowSummary {
    pub flow: String,
    pub outputs: usize,
    pub reached: usize,
    pub forced: usize,
    pub unreachable: usize,
}

/// One output of a graph: the node, the edge, and why it cannot be taken when that is known
/// before running.
pub(super) struct Slot {
    pub node: NodeIdx,
    pub edge: Edge,
    pub blocked: Option<String>,
}

/// Every output of `graph`, in node order: the edges coverage counts, plus outputs the flow
/// turned off.
pub(super) fn slots(graph: &Graph) -> Vec<Slot> {
    let mut out = Vec::new();
    for n in 0..graph.nodes.len() as NodeIdx {
        let node = graph.node(n);
        let mut list: Vec<Slot> = edges(graph, n)
            .into_iter()
            .map(|(edge, _)| Slot { node: n, edge, blocked: blocked(node, edge) })
            .collect();
        for (i, exit) in node.exits.iter().enumerate() {
            if !exit.enabled {
                list.push(Slot {
                    node: n,
                    edge: Edge::Output(i as u16),
                    blocked: Some("the output is turned off (enabled: false)".into()),
                });
            }
        }
        list.sort_by_key(|s| order(s.edge));
        out.append(&mut list);
    }
    out
}

/// Outputs in the order a node declares them.
fn order(edge: Edge) -> (u8, u16) {
    match edge {
        Edge::Output(i) => (0, i),
        Edge::Success => (1, 0),
        Edge::Error => (2, 0),
        Edge::End | Edge::Open => (3, 0),
    }
}

/// Why `edge` of `node` can never be taken, when the flow alone shows it.
pub(super) fn blocked(node: &Node, edge: Edge) -> Option<String> {
    if crate::flow::edge::is_error(node, edge) && !can_fail(node) {
        return Some("the node cannot fail (plain text and values only)".into());
    }
    let a = &node.action;
    let varies = a.spec().facts.varies;
    let conditions: Vec<&Expr> = match varies {
        Varies::JsonConditions => json::conditions(a).map(|(e, _)| e).collect(),
        Varies::Condition => {
            let e = a.get(crate::flow::catalogue::control::prop::DECISION_CONDITION).expr()?;
            let value = constant(e)?;
            let taken = u16::from(value != Value::Bool(true));
            return match edge {
                Edge::Output(i) if i != taken => {
                    Some(format!("constant condition: `{e}` is always {}", value.display()))
                }
                _ => None,
            };
        }
        Varies::SwitchCases => {
            let cases = a.get(crate::flow::catalogue::control::prop::SWITCH_CASES).list();
            cases
                .iter()
                .filter_map(|case| {
                    Prop::field(case, crate::flow::catalogue::control::prop::CASE_VALUE).expr()
                })
                .collect()
        }
        _ => return None,
    };
    // Cases in order: the first true one wins; the default (a switch: output 0, its cases
    // after it; a JSON `If`: the exit after its conditions, its paths after that) when none is.
    let switch = varies == Varies::SwitchCases;
    let json_if = varies == Varies::JsonConditions;
    let case = match edge {
        Edge::Output(0) if switch => None,
        Edge::Output(i) if switch => Some(usize::from(i) - 1),
        Edge::Output(i) if json_if && usize::from(i) < conditions.len() => Some(usize::from(i)),
        Edge::Output(i) if json_if && usize::from(i) == conditions.len() => None,
        _ => return None,
    };
    let upto = case.unwrap_or(conditions.len()).min(conditions.len());
    if let Some(j) = conditions[..upto].iter().position(|e| constant(e) == Some(Value::Bool(true)))
    {
        return Some(format!("an earlier condition is always true: `{}`", conditions[j]));
    }
    let e = conditions.get(case?)?;
    match constant(e) {
        Some(v) if v != Value::Bool(true) => {
            Some(format!("constant condition: `{e}` is always {}", v.display()))
        }
        _ => None,
    }
}
