//! The coverage overlay: a test run's coverage (`flowsim test --coverage-out FILE`) laid on a
//! flow's diagram, with hit counts.
//!
//! A report may hold a flow more than once (each scenario file's registry counts apart): the
//! entries for one flow and version are added up. Reports written before counts existed carry
//! only the uncovered lists; boxes and edges are then marked reached or not, without counts.

use super::graph::{FlowGraph, Hit};
use crate::flow::edge;
use crate::flow::{Flow, NodeIdx, Version};
use crate::harness::coverage::FlowCoverage;
use std::path::Path;

/// Why a coverage file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum OverlayError {
    /// The file is not a coverage report: `[{"flow": ..., "nodes": ...}]`.
    #[error("{file}: not a coverage report ({message})")]
    NotCoverage { file: String, message: String },
    /// The report has nothing for this flow and version.
    #[error("{file} has no coverage for flow `{flow}` ({version}); it covers: {covers}")]
    NoEntry { file: String, flow: String, version: &'static str, covers: String },
}

/// Reads a coverage report (the JSON `flowsim test --coverage-out` writes).
pub fn parse(file: &Path, text: &str) -> Result<Vec<FlowCoverage>, OverlayError> {
    serde_json::from_str(text).map_err(|e| OverlayError::NotCoverage {
        file: file.display().to_string(),
        message: match crate::util::json_pos::syntax_error(&e) {
            (message, Some((line, column))) => format!("line {line}, column {column}: {message}"),
            (message, None) => message,
        },
    })
}

fn version_name(v: Version) -> &'static str {
    match v {
        Version::Draft => "draft",
        Version::Published => "published",
    }
}

/// The entries of `report` for one flow (its name and type, [`FlowCoverage::counts`]) and
/// version, added up into one (`None`: none).
pub fn merged(
    report: &[FlowCoverage],
    flow: &str,
    flow_type: &str,
    version: Version,
) -> Option<FlowCoverage> {
    let mut entries = report.iter().filter(|c| c.version == version && c.counts(flow, flow_type));
    let mut out = entries.next()?.clone();
    for other in entries {
        if out.hits.len() == other.hits.len()
            && out.hits.iter().zip(&other.hits).all(|(a, b)| a.node == b.node)
        {
            for (a, b) in out.hits.iter_mut().zip(&other.hits) {
                a.hits = a.hits.saturating_add(b.hits);
                for (x, y) in a.edges.iter_mut().zip(&b.edges) {
                    x.hits = x.hits.saturating_add(y.hits);
                }
            }
        } else {
            out.hits.clear();
        }
        // Uncovered in the sum: uncovered in every entry.
        out.uncovered_nodes.retain(|n| other.uncovered_nodes.contains(n));
        out.uncovered_edges.retain(|e| other.uncovered_edges.contains(e));
    }
    out.nodes_covered = out.nodes - out.uncovered_nodes.len().min(out.nodes);
    out.edges_covered = out.edges - out.uncovered_edges.len().min(out.edges);
    Some(out)
}

/// Finds the flow's coverage in `report` and lays it on `graph`.
pub fn apply_report(
    graph: &mut FlowGraph,
    flow: &Flow,
    report: &[FlowCoverage],
    file: &Path,
) -> Result<(), OverlayError> {
    let Some(cov) = merged(report, &flow.name, &flow.flow_type, graph.version) else {
        let mut covers: Vec<&str> = report.iter().map(|c| c.flow.as_str()).collect();
        covers.dedup();
        return Err(OverlayError::NoEntry {
            file: file.display().to_string(),
            flow: flow.name.to_string(),
            version: version_name(graph.version),
            covers: if covers.is_empty() { "nothing".into() } else { covers.join(", ") },
        });
    };
    apply(graph, flow, &cov);
    Ok(())
}

/// Lays one flow's coverage on its diagram. Nodes the coverage does not know (the flow
/// changed since the run) are drawn as not reached.
pub fn apply(graph: &mut FlowGraph, flow: &Flow, cov: &FlowCoverage) {
    let Some(model) = flow.graph(graph.version) else { return };
    let by_id: std::collections::BTreeMap<&str, &crate::harness::coverage::NodeHits> =
        cov.hits.iter().map(|h| (h.node.as_str(), h)).collect();
    let counted = !cov.hits.is_empty();
    let node_hit: Vec<Hit> = model
        .nodes
        .iter()
        .map(|n| {
            if counted {
                match by_id.get(&*n.id) {
                    Some(h) if h.hits > 0 => Hit::Hit(Some(h.hits)),
                    _ => Hit::Miss,
                }
            } else if cov.uncovered_nodes.iter().any(|u| **u == *n.id) {
                Hit::Miss
            } else {
                Hit::Hit(None)
            }
        })
        .collect();
    let edge_hit = |n: NodeIdx, slot: usize| -> Hit {
        let node = model.node(n);
        let edges = edge::edges(model, n);
        let Some(&(edge, target)) = edges.get(slot) else { return Hit::Miss };
        let name = edge::name(node, edge);
        if counted {
            let Some(e) = by_id.get(&*node.id).and_then(|h| h.edges.get(slot)) else {
                return Hit::Miss;
            };
            if e.edge != name {
                Hit::Miss
            } else if e.dead {
                Hit::Dead
            } else if e.hits > 0 {
                Hit::Hit(Some(e.hits))
            } else {
                Hit::Miss
            }
        } else {
            let to = target.map_or("(end)", |t| &model.node(t).id);
            let text = format!("{} -{name}-> {to}", node.id);
            if cov.dead_edges.contains(&text) {
                Hit::Dead
            } else if cov.uncovered_edges.contains(&text) {
                Hit::Miss
            } else {
                Hit::Hit(None)
            }
        }
    };
    graph.set_hits(&node_hit, &edge_hit);
    graph.coverage = Some((cov.nodes_covered, cov.nodes, cov.edges_covered, cov.edges));
}
