//! Where a breakpoint goes: the actions (nodes) a name or id names, in every flow of the
//! registry.
//!
//! A node answers to its id, its name, `Container/Name`, and each of those after its flow's
//! name (`Acme Main IVR/Main Menu`); `›` works as `/` (what the debugger prints can be typed
//! back). Case and spaces around separators do not matter. A name no node has is refused with
//! the nearest one.
//!
//! An editor's breakpoints name places otherwise: a line of a flow's file ([`at_line`]: the
//! action whose text holds the line) and an action's type ([`of_type`]: `callData`).

use flowsim_project::flow::model::NO_CONTAINER;
use flowsim_project::flow::{FlowIdx, NodeIdx, Registry, Version};

/// The places `text` names, in registry order; an error with a suggestion when none.
pub fn find(
    reg: &Registry,
    version: Version,
    text: &str,
) -> Result<Vec<(FlowIdx, NodeIdx)>, String> {
    let wanted = normal(text);
    let mut found = Vec::new();
    let mut known: Vec<String> = Vec::new();
    for (f, flow) in reg.flows().iter().enumerate() {
        let Some(graph) = flow.graph(version) else { continue };
        for (n, node) in graph.nodes.iter().enumerate() {
            let mut keys = vec![node.id.to_string(), node.name.to_string()];
            if let Some(c) = flow.arch.containers.get(node.container as usize) {
                if node.container != NO_CONTAINER {
                    keys.push(format!("{}/{}", c.name, node.name));
                }
            }
            let with_flow: Vec<String> =
                keys.iter().map(|k| format!("{}/{k}", flow.name)).collect();
            keys.extend(with_flow);
            if keys.iter().any(|k| normal(k) == wanted) {
                found.push((f as FlowIdx, n as NodeIdx));
            }
            known.extend(keys.into_iter().take(3));
        }
    }
    if !found.is_empty() {
        return Ok(found);
    }
    let hint = flowsim_project::util::nearest(text, known.iter().map(String::as_str))
        .map_or_else(String::new, |n| format!("; did you mean `{n}`?"));
    Err(format!(
        "no action or node is called `{text}`{hint} (`where` shows the current one's id and name)"
    ))
}

/// The actions of the flows read from `file` whose text holds `line` (1-based): those written
/// last at or above it (an action's text runs from its key to the next action's), with the
/// line each is written at. Several flows of one file (an export's) may each have one there.
/// Empty when no action of `file` starts at or above the line, or the format keeps no lines
/// (exports).
pub fn at_line(
    reg: &Registry,
    version: Version,
    file: &std::path::Path,
    line: u32,
) -> Vec<(FlowIdx, NodeIdx, u32)> {
    let mut best = 0u32;
    let mut found = Vec::new();
    for (f, flow) in reg.flows().iter().enumerate() {
        if !same_file(&flow.file, file) {
            continue;
        }
        let Some(graph) = flow.graph(version) else { continue };
        for (n, node) in graph.nodes.iter().enumerate() {
            if node.line == 0 || node.line > line || node.line < best {
                continue;
            }
            if node.line > best {
                best = node.line;
                found.clear();
            }
            found.push((f as FlowIdx, n as NodeIdx, node.line));
        }
    }
    found
}

/// Whether two paths name one file (as written, or once made canonical).
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    a == b
        || match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
}

/// The actions of type `name` (`callData`, any case) in every flow; an error with the nearest
/// type when none.
pub fn of_type(
    reg: &Registry,
    version: Version,
    name: &str,
) -> Result<Vec<(FlowIdx, NodeIdx)>, String> {
    let mut found = Vec::new();
    let mut known: Vec<&str> = Vec::new();
    for (f, flow) in reg.flows().iter().enumerate() {
        let Some(graph) = flow.graph(version) else { continue };
        for (n, node) in graph.nodes.iter().enumerate() {
            let ty = node.action.type_name();
            if ty.eq_ignore_ascii_case(name.trim()) {
                found.push((f as FlowIdx, n as NodeIdx));
            }
            known.push(ty);
        }
    }
    if !found.is_empty() {
        return Ok(found);
    }
    let hint = flowsim_project::util::nearest(name, known.iter().copied())
        .map_or_else(String::new, |n| format!("; did you mean `{n}`?"));
    Err(format!("no action is called `{name}`, and no action is of that type{hint}"))
}

/// Lower case, `›` as `/`, no spaces around `/`.
fn normal(text: &str) -> String {
    let text = text.replace('›', "/").to_lowercase();
    let parts: Vec<&str> = text.split('/').map(str::trim).collect();
    parts.join("/")
}
