//! Where a breakpoint goes: the actions (nodes) a name or id names, in every flow of the
//! registry.
//!
//! A node answers to its id, its name, `Container/Name`, and each of those after its flow's
//! name (`Acme Main IVR/Main Menu`); `›` works as `/` (what the debugger prints can be typed
//! back). Case and spaces around separators do not matter. A name no node has is refused with
//! the nearest one.

use flowsim::flow::model::NO_CONTAINER;
use flowsim::flow::{FlowIdx, NodeIdx, Registry, Version};

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
    let hint = flowsim::util::nearest(text, known.iter().map(String::as_str))
        .map_or_else(String::new, |n| format!("; did you mean `{n}`?"));
    Err(format!(
        "no action or node is called `{text}`{hint} (`where` shows the current one's id and name)"
    ))
}

/// Lower case, `›` as `/`, no spaces around `/`.
fn normal(text: &str) -> String {
    let text = text.replace('›', "/").to_lowercase();
    let parts: Vec<&str> = text.split('/').map(str::trim).collect();
    parts.join("/")
}
