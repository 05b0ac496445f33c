//! Coverage: which nodes and which edges of each flow a suite exercised.
//!
//! An edge is a declared path of a node: its success path, error path, timeout path, each If
//! condition and the If default. A node is covered when a step ran it; an edge when a step left
//! its node that way *and* went to its declared target (a missing error path that propagates an
//! error covers nothing). Coverage counts across nested flows: a callee's nodes count wherever
//! it was called from.
//!
//! A suite counts runs as they go: [`Coverage`] is a run's observer (`engine::observe`), so
//! nothing is read back from the trace.

use crate::engine::observe::{Observed, Observer, Ran};
use crate::engine::result::Stores;
use crate::engine::{Edge, RunResult, Step};
use crate::expr::{Expr, ExprKind, Template};
use crate::flow::catalogue::json::SetValue;
use crate::flow::catalogue::Fallible;
use crate::flow::edge::{self, edges};
use crate::flow::model::Node;
use crate::flow::{FlowIdx, Graph, NodeIdx, Registry, Version};
use serde::{Deserialize, Serialize};

/// An expression that cannot fail: a literal or a bare reference (a reference that resolves
/// to nothing is NOT_SET, not an error).
fn infallible_expr(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Lit(_) | ExprKind::Ref(_))
}

/// A template that cannot fail: text and bare references only.
fn infallible_template(t: &Template) -> bool {
    t.exprs().all(infallible_expr)
}

/// Whether a node can take its error path at all. Say with plain text and Set with plain
/// string values cannot fail, so their error paths are dead code: coverage lists them apart
/// instead of counting them as untested.
pub fn can_fail(node: &Node) -> bool {
    let a = &node.action;
    let facts = &a.spec().facts;
    match facts.fallible {
        Fallible::UnlessAssignments => {
            let assigns = facts.assigns.map(|f| f(a)).unwrap_or_default();
            !assigns.iter().all(|(_, value)| match value {
                SetValue::String(t) => infallible_template(t),
                SetValue::Expression(e) => infallible_expr(e),
                _ => false,
            })
        }
        Fallible::UnlessTemplate(name) => {
            !a.named(name).template().is_some_and(infallible_template)
        }
        Fallible::Never => false,
        Fallible::Always => true,
    }
}

/// Whether no configuration of `node` can take `edge`: an error way of an action that cannot
/// fail ([`can_fail`]), or an output the action takes only when a property is given that is
/// not ([`Facts::output_needs`](crate::flow::catalogue::Facts::output_needs): Evaluate
/// Schedule Group's `emergency` with no emergency group).
pub fn is_dead(node: &Node, edge: Edge) -> bool {
    dead_why(node, edge).is_some()
}

/// Why no configuration of `node` can take `edge` ([`is_dead`]), as the coverage report says
/// it.
pub fn dead_why(node: &Node, edge: Edge) -> Option<String> {
    if edge::is_error(node, edge) && !can_fail(node) {
        return Some("the node cannot fail".into());
    }
    let Edge::Output(i) = edge else { return None };
    let exit = node.exits.get(usize::from(i))?;
    let a = &node.action;
    a.spec().facts.output_needs.iter().find_map(|(output, prop)| {
        (exit.name.eq_ignore_ascii_case(output) && !given(a.named(prop)))
            .then(|| format!("taken only with `{prop}`, which the node does not give"))
    })
}

/// Whether a property is given a value a run can read as one: written, and no literal
/// NOT_SET (`ToEmergencyGroup(NOT_SET)`, as an export writes an empty one).
fn given(p: &crate::flow::action::Prop) -> bool {
    use crate::expr::Value;
    let not_set = |e: &Expr| matches!(e.kind, ExprKind::Lit(Value::NotSet));
    match p {
        crate::flow::action::Prop::None => false,
        crate::flow::action::Prop::Text(t) => !t.is_empty(),
        crate::flow::action::Prop::Expr(e) => match &e.kind {
            ExprKind::Call(c) => !(c.args.len() == 1 && not_set(&c.args[0])),
            _ => !not_set(e),
        },
        _ => true,
    }
}

/// `Node -label-> Target` for reports.
fn edge_text(graph: &Graph, node: &Node, edge: Edge, target: Option<NodeIdx>) -> String {
    let label = edge::name(node, edge);
    let to = target.map_or("(end)", |t| &graph.node(t).id);
    format!("{} -{label}-> {to}", node.id)
}

/// The line a coverage report puts a node on: where the node is written in its file (Archy:
/// the action's line; seeds' JSON: the line of the node's key), else Architect's tracking id
/// (exports are not line-oriented; the tracking id is the number Architect shows beside the
/// action), else the node's 1-based position in the graph.
pub fn report_line(node: &Node, index: usize) -> u32 {
    if node.line > 0 {
        node.line
    } else {
        node.tracking_id.filter(|&t| t > 0).unwrap_or(index as u32 + 1)
    }
}

/// Hit counts for one registry and version, filled run by run (results are not kept).
#[derive(Debug, Clone)]
pub struct Coverage {
    version: Version,
    /// Per flow, per node: how many steps ran it, and how many times each of its edges (in
    /// [`edges`]'s order) was taken.
    flows: Vec<Vec<(u64, Vec<u64>)>>,
}

impl Coverage {
    pub fn new(registry: &Registry, version: Version) -> Coverage {
        let flows = registry
            .flows()
            .iter()
            .map(|f| match f.graph(version) {
                Some(g) => {
                    (0..g.nodes.len()).map(|i| (0, vec![0; edges(g, i as NodeIdx).len()])).collect()
                }
                None => Vec::new(),
            })
            .collect();
        Coverage { version, flows }
    }

    /// Counts a finished run's trace (what the run's observing counts as it goes).
    pub fn add(&mut self, r: &RunResult<'_>) {
        if r.version != self.version {
            return;
        }
        for step in &r.trace {
            self.count(r.registry, step, true);
        }
    }

    /// Counts a step: its node when `ran` (each step once), and the edge it left by, once its
    /// record is final (a call still open left by none yet).
    fn count(&mut self, registry: &Registry, step: &Step, ran: bool) {
        let Some(graph) = registry.flow(step.flow).graph(self.version) else { return };
        let Some(slot) =
            self.flows.get_mut(step.flow as usize).and_then(|f| f.get_mut(step.node as usize))
        else {
            return;
        };
        if ran {
            slot.0 = slot.0.saturating_add(1);
        }
        if step.edge == Edge::Open {
            return;
        }
        for (i, (edge, target)) in edges(graph, step.node).into_iter().enumerate() {
            if edge == step.edge && target == step.next() {
                slot.1[i] = slot.1[i].saturating_add(1);
            }
        }
    }

    /// Adds another coverage of the same registry and version.
    pub fn merge(&mut self, other: &Coverage) {
        for (a, b) in self.flows.iter_mut().zip(&other.flows) {
            for (x, y) in a.iter_mut().zip(b) {
                x.0 = x.0.saturating_add(y.0);
                for (p, q) in x.1.iter_mut().zip(&y.1) {
                    *p = p.saturating_add(*q);
                }
            }
        }
    }

    /// The report: per flow, counts and the uncovered nodes and edges by id.
    pub fn report(&self, registry: &Registry) -> Vec<FlowCoverage> {
        let mut out = Vec::new();
        for (fi, nodes) in self.flows.iter().enumerate() {
            let flow = registry.flow(fi as FlowIdx);
            let Some(graph) = flow.graph(self.version) else { continue };
            let shared = registry.named(&flow.name).len() > 1;
            let mut fc = FlowCoverage {
                flow: flow.name.to_string(),
                flow_type: shared.then(|| flow.flow_type.to_string()),
                version: self.version,
                file: flow.file.display().to_string(),
                nodes: 0,
                nodes_covered: 0,
                edges: 0,
                edges_covered: 0,
                uncovered_nodes: Vec::new(),
                uncovered_edges: Vec::new(),
                dead_edges: Vec::new(),
                hits: Vec::with_capacity(nodes.len()),
            };
            for (ni, (hit, edge_hits)) in nodes.iter().enumerate() {
                let node = graph.node(ni as NodeIdx);
                fc.nodes += 1;
                if *hit > 0 {
                    fc.nodes_covered += 1;
                } else {
                    fc.uncovered_nodes.push(node.id.to_string());
                }
                let mut counted = NodeHits {
                    node: node.id.to_string(),
                    line: report_line(node, ni),
                    hits: *hit,
                    edges: Vec::new(),
                };
                for ((edge, target), hit) in edges(graph, ni as NodeIdx).into_iter().zip(edge_hits)
                {
                    let why = dead_why(node, edge);
                    counted.edges.push(EdgeHits {
                        edge: edge::name(node, edge),
                        to: target.map(|t| graph.node(t).id.to_string()),
                        hits: *hit,
                        dead: why.is_some(),
                    });
                    if let Some(why) = why {
                        let text = edge_text(graph, node, edge, target);
                        fc.dead_edges.push(format!("{text} ({why})"));
                        continue;
                    }
                    fc.edges += 1;
                    if *hit > 0 {
                        fc.edges_covered += 1;
                    } else {
                        fc.uncovered_edges.push(edge_text(graph, node, edge, target));
                    }
                }
                fc.hits.push(counted);
            }
            out.push(fc);
        }
        out
    }
}

/// Coverage counted as the run goes: each step's node, and its edge once its record is final
/// (a call's when its callee returned). Runs of another version count nothing here.
impl Observer<'_> for Coverage {
    fn step(&mut self, s: &Stores<'_, '_>, step: &Step, _: usize, _: &Ran<'_>) -> Observed {
        if s.version == self.version {
            self.count(s.registry, step, true);
        }
        Ok(0)
    }

    fn returned(&mut self, s: &Stores<'_, '_>, step: &Step, _: usize) -> Observed {
        if s.version == self.version {
            self.count(s.registry, step, false);
        }
        Ok(0)
    }
}

/// One flow's coverage (`--coverage-out` writes a list of them; `flowsim graph --coverage`
/// reads it back).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowCoverage {
    pub flow: String,
    /// The flow's type, where flows of other types share its name (`outboundCall`): the
    /// entries of two such flows are told apart by it. Absent for a name only one flow has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_type: Option<String>,
    pub version: Version,
    pub file: String,
    pub nodes: usize,
    pub nodes_covered: usize,
    pub edges: usize,
    pub edges_covered: usize,
    pub uncovered_nodes: Vec<String>,
    pub uncovered_edges: Vec<String>,
    /// Error paths of nodes that cannot fail: not counted, listed so the author can delete them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dead_edges: Vec<String>,
    /// Hit counts: every node in graph order with how many steps ran it, and each of its edges
    /// with how many times it was taken. Absent from reports written before counts existed
    /// (readers fall back to the uncovered lists).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hits: Vec<NodeHits>,
}

/// How many steps ran one node, and how often each of its edges was taken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeHits {
    /// The node's id.
    pub node: String,
    /// The line LCOV and Cobertura report the node on ([`report_line`]); 0 in reports
    /// written before lines existed.
    #[serde(default)]
    pub line: u32,
    pub hits: u64,
    /// The node's edges in [`edges`]'s order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edges: Vec<EdgeHits>,
}

/// How often one edge was taken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EdgeHits {
    /// The output's or edge's name (`yes`, `success`, `condition[0]`).
    pub edge: String,
    /// The node it leads to (`None`: the end of an Architect container).
    pub to: Option<String>,
    pub hits: u64,
    /// An error path of a node that cannot fail: not counted.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dead: bool,
}

impl FlowCoverage {
    /// How reports name the flow: its name, with its type where flows of other types share
    /// the name (`Main (outboundCall)`, as `Registry::label` writes it).
    pub fn label(&self) -> std::borrow::Cow<'_, str> {
        match &self.flow_type {
            Some(t) => crate::flow::registry::typed_label(&self.flow, t).into(),
            None => self.flow.as_str().into(),
        }
    }

    /// Whether this entry counts `flow`: of its name (any case) and, where the entry has a
    /// type, of that type.
    pub fn counts(&self, flow: &str, flow_type: &str) -> bool {
        self.flow.eq_ignore_ascii_case(flow)
            && self.flow_type.as_deref().is_none_or(|t| {
                crate::flow::registry::type_key(t) == crate::flow::registry::type_key(flow_type)
            })
    }

    pub fn is_complete(&self) -> bool {
        self.nodes == self.nodes_covered && self.edges == self.edges_covered
    }
}

/// Why two coverage reports cannot be added up: they do not count the same flows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SumError {
    /// Report `part` (0-based) is a list of another length: `[Main]` and `[Main, Lookup]`.
    #[error("it lists {found} flows' coverage where the first lists {expected}")]
    Flows { part: usize, expected: usize, found: usize },
    /// Report `part` names another flow, file or version, or other nodes and edges.
    #[error("its coverage of {flow} does not count the same nodes and edges as the first's")]
    Shape { part: usize, flow: String },
}

impl SumError {
    /// The report (0-based) that does not fit the first.
    pub fn part(&self) -> usize {
        match self {
            SumError::Flows { part, .. } | SumError::Shape { part, .. } => *part,
        }
    }
}

/// Adds up the coverage reports of the shards of one run (each over the whole suite's flows,
/// published graphs included unrun: `--partition` keeps them): hits summed node by node and
/// edge by edge, then every count and uncovered list computed again from the hits, and the
/// published graphs no shard ran left out, as one machine's report leaves them out.
///
/// Invariant: the sum of the shards is the report one machine writes for the whole run.
///
/// # Errors
/// Reports that do not count the same flows, nodes and edges in the same order.
pub fn sum(parts: &[Vec<FlowCoverage>]) -> Result<Vec<FlowCoverage>, SumError> {
    let Some((first, rest)) = parts.split_first() else { return Ok(Vec::new()) };
    let mut whole = first.clone();
    for (k, list) in rest.iter().enumerate() {
        let part = k + 1;
        if list.len() != whole.len() {
            return Err(SumError::Flows { part, expected: whole.len(), found: list.len() });
        }
        for (w, p) in whole.iter_mut().zip(list) {
            w.add(p).map_err(|()| SumError::Shape { part, flow: p.label().into_owned() })?;
        }
    }
    for w in &mut whole {
        w.recount();
    }
    whole.retain(|f| f.version == Version::Draft || f.nodes_covered > 0);
    Ok(whole)
}

impl FlowCoverage {
    /// Adds `other`'s hits (the same flow, version, nodes and edges) to this one's.
    fn add(&mut self, other: &FlowCoverage) -> Result<(), ()> {
        let same = self.flow == other.flow
            && self.flow_type == other.flow_type
            && self.version == other.version
            && self.file == other.file
            && self.hits.len() == other.hits.len()
            && self.hits.iter().zip(&other.hits).all(|(a, b)| {
                a.node == b.node
                    && a.line == b.line
                    && a.edges.len() == b.edges.len()
                    && a.edges
                        .iter()
                        .zip(&b.edges)
                        .all(|(x, y)| x.edge == y.edge && x.to == y.to && x.dead == y.dead)
            });
        if !same {
            return Err(());
        }
        for (a, b) in self.hits.iter_mut().zip(&other.hits) {
            a.hits = a.hits.saturating_add(b.hits);
            for (x, y) in a.edges.iter_mut().zip(&b.edges) {
                x.hits = x.hits.saturating_add(y.hits);
            }
        }
        Ok(())
    }

    /// The counts and the uncovered lists from the hits, as [`Coverage::report`] writes them.
    fn recount(&mut self) {
        let (mut nodes, mut nodes_covered, mut edges, mut edges_covered) = (0, 0, 0, 0);
        let (mut uncovered_nodes, mut uncovered_edges) = (Vec::new(), Vec::new());
        for n in &self.hits {
            nodes += 1;
            if n.hits > 0 {
                nodes_covered += 1;
            } else {
                uncovered_nodes.push(n.node.clone());
            }
            for e in n.edges.iter().filter(|e| !e.dead) {
                edges += 1;
                if e.hits > 0 {
                    edges_covered += 1;
                } else {
                    let to = e.to.as_deref().unwrap_or("(end)");
                    uncovered_edges.push(format!("{} -{}-> {to}", n.node, e.edge));
                }
            }
        }
        self.nodes = nodes;
        self.nodes_covered = nodes_covered;
        self.edges = edges;
        self.edges_covered = edges_covered;
        self.uncovered_nodes = uncovered_nodes;
        self.uncovered_edges = uncovered_edges;
    }
}
