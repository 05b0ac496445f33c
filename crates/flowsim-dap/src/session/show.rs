//! How the debugger names places: an action as the designer shows it (`Main Menu › Balance
//! [menu]`), a JSON node by its id, and `where`'s picture of the current place.

use flowsim_project::engine::{Level, Stepper};
use flowsim_project::flow::edge;
use flowsim_project::flow::model::NO_CONTAINER;
use flowsim_project::flow::{FlowIdx, Node, NodeIdx, Registry};
use std::fmt::Write as _;

/// `Container › Action` for an Architect action, the node's id for a JSON node.
pub fn place(reg: &Registry, flow: FlowIdx, node: NodeIdx) -> String {
    let f = reg.flow(flow);
    let Some(graph) = f
        .graph(flowsim_project::flow::Version::Draft)
        .or(f.graph(flowsim_project::flow::Version::Published))
    else {
        return format!("node {node}");
    };
    place_of(reg, flow, graph.node(node))
}

fn place_of(reg: &Registry, flow: FlowIdx, n: &Node) -> String {
    let f = reg.flow(flow);
    match f.arch.containers.get(n.container as usize) {
        Some(c) if n.container != NO_CONTAINER => format!("{} › {}", c.name, n.name),
        _ => n.id.to_string(),
    }
}

/// `place [type]`.
pub fn placed(
    reg: &Registry,
    version: flowsim_project::flow::Version,
    flow: FlowIdx,
    node: NodeIdx,
) -> String {
    match reg.flow(flow).graph(version) {
        Some(g) => {
            let n = g.node(node);
            format!("{} [{}]", place_of(reg, flow, n), n.action.type_name())
        }
        None => place(reg, flow, node),
    }
}

/// `where`: the step about to run, its id, its outputs and where each leads, the call stack.
pub fn where_text(
    reg: &Registry,
    version: flowsim_project::flow::Version,
    stepper: &Stepper<'_, '_>,
    step: usize,
) -> String {
    let mut out = String::new();
    let Some((flow, node)) = stepper.at() else {
        return "the run has ended: `back`, `goto STEP` or `run` go to a step again\n".into();
    };
    let Some(graph) = reg.flow(flow).graph(version) else {
        return String::new();
    };
    let n = graph.node(node);
    let _ = writeln!(
        out,
        "step {step}: {} › {}",
        reg.flow(flow).name,
        placed(reg, version, flow, node)
    );
    let _ = writeln!(out, "  id        {}", n.id);
    let edges = edge::edges(graph, node);
    if edges.is_empty() {
        let _ = writeln!(out, "  outputs   none: the run ends here or returns");
    }
    let end = match reg.flow(flow).arch.containers.get(n.container as usize) {
        Some(c) if n.container != NO_CONTAINER => format!("(the end of {})", c.name),
        _ => "(the flow ends)".to_owned(),
    };
    for (i, (edge, target)) in edges.iter().enumerate() {
        let label = if i == 0 { "outputs" } else { "" };
        let to = target.map_or_else(|| end.clone(), |t| placed(reg, version, flow, t));
        let _ = writeln!(out, "  {label:<9} {} → {to}", edge::name(n, *edge));
    }
    let stack = stepper.stack();
    for (i, level) in stack.iter().enumerate() {
        let label = if i == 0 { "stack" } else { "" };
        let _ = writeln!(out, "  {label:<9} {}", level_text(reg, version, &stack, i, level));
    }
    out
}

fn level_text(
    reg: &Registry,
    version: flowsim_project::flow::Version,
    stack: &[Level],
    i: usize,
    level: &Level,
) -> String {
    let mut text = format!("{}{}", "  ".repeat(i), reg.flow(level.flow).name);
    if let (Some(call), Some(caller)) = (level.called_from, i.checked_sub(1).map(|c| stack[c])) {
        let _ = write!(text, " (called by {})", placed(reg, version, caller.flow, call));
    }
    if level.tasks > 0 {
        let s = if level.tasks == 1 { "" } else { "s" };
        let _ = write!(text, ", in {} reusable task{s}", level.tasks);
    }
    text
}
