//! Names a seeds' JSON flow reads that cannot be right (issue 14 item 3), found by `check`
//! (and every load) as warnings with the nearest valid name:
//!
//! - `unknownOutput`: `Menu.digit` where node `Menu` (a Gather) has the output `digits`;
//! - `unknownBuiltin`: `Call.Anii`, a `Call.` or `context.` field the run context does not
//!   have (SPEC §3.4);
//! - `neverAssigned`: `Flow.never`, a variable no Set node of any flow in the registry
//!   assigns (flows share one store per conversation; a request may still preset it, so this
//!   is a warning).
//!
//! Warnings, not errors: the run's rules make each read NOT_SET, which a flow may mean. Under
//! `flowsim check --strict` they fail the check.

use super::model::{Graph, NodeKind};
use super::{Flow, Format};
use crate::diag::{Diagnostic, Severity};
use crate::expr::Path;
use crate::util::{fold_case, nearest};
use rustc_hash::FxHashSet;

/// The fields `Call.` and `context.` have (the engine's `Scope::context_value`).
const CALL_FIELDS: &[&str] =
    &["Ani", "CalledAddress", "Dnis", "ConversationId", "Channel", "MediaType"];
const CONTEXT_FIELDS: &[&str] =
    &["from", "to", "conversationId", "channel", "mediaType", "startTime", "attributes"];

/// The outputs of a seeds' node type (SPEC §2), by kind.
fn outputs(kind: &NodeKind) -> Option<&'static [&'static str]> {
    Some(match kind {
        NodeKind::Gather { .. } => &["digits"],
        NodeKind::Flow { .. } => &["outcome"],
        NodeKind::Route { .. } => &["queueId", "queueName"],
        NodeKind::GetExternalContact { .. } => &["contact", "found", "matchCount"],
        NodeKind::QueueMetrics { .. } => {
            &["availableAgents", "onQueueAgents", "waiting", "occupancy"]
        }
        NodeKind::DataAction { .. } => &["outputs", "status"],
        NodeKind::Say { .. }
        | NodeKind::Set { .. }
        | NodeKind::If { .. }
        | NodeKind::End { .. }
        | NodeKind::Disconnect => &[],
        NodeKind::Action(_) => return None,
    })
}

/// Checks every seeds' JSON flow of `flows`.
pub fn check(flows: &[Flow], diags: &mut Vec<Diagnostic>) {
    // Every variable a Set assigns, in any flow: the store is the conversation's.
    let mut assigned: FxHashSet<String> = FxHashSet::default();
    let mut assigned_names: Vec<&str> = Vec::new();
    for flow in flows.iter().filter(|f| f.format == Format::Json) {
        for graph in std::iter::once(&flow.draft).chain(&flow.published) {
            for node in &graph.nodes {
                if let NodeKind::Set { assignments } = &node.kind {
                    for a in assignments {
                        if assigned.insert(fold_case(&a.key).into_owned()) {
                            assigned_names.push(&a.key);
                        }
                    }
                }
            }
        }
    }
    for flow in flows.iter().filter(|f| f.format == Format::Json) {
        let mut seen: FxHashSet<(String, String)> = FxHashSet::default();
        for graph in std::iter::once(&flow.draft).chain(&flow.published) {
            for node in &graph.nodes {
                let mut check_path = |p: &Path| {
                    let Some(problem) = problem(graph, p, &assigned, &assigned_names) else {
                        return;
                    };
                    // Once per node and name (a draft and a published graph repeat them).
                    if !seen.insert((node.id.to_string(), p.lower.to_string())) {
                        return;
                    }
                    let (code, message, help) = problem;
                    let d = Diagnostic::error(code, message)
                        .file(&flow.file)
                        .flow(&*flow.name)
                        .node(&*node.id)
                        .help(help);
                    diags.push(Diagnostic { severity: Severity::Warning, ..d });
                };
                node.kind.for_each_expr(&mut |e| e.for_each_path(&mut check_path));
            }
        }
    }
}

type Problem = (&'static str, String, String);

fn problem(
    graph: &Graph,
    p: &Path,
    assigned: &FxHashSet<String>,
    names: &[&str],
) -> Option<Problem> {
    let head = p.head();
    // A node of this flow: its output must exist.
    if let Some(idx) = graph.find_lower(head) {
        let node = graph.node(idx);
        let outputs = outputs(&node.kind)?;
        let field = p.rest(1).next()?;
        if outputs.iter().any(|o| o.eq_ignore_ascii_case(field)) {
            return None;
        }
        let hint = nearest(field, outputs.iter().copied())
            .map_or_else(String::new, |n| format!("did you mean `{}.{n}`? ", node.id));
        let list = if outputs.is_empty() { "none".to_owned() } else { outputs.join(", ") };
        return Some((
            "unknownOutput",
            format!(
                "`{}` reads output `{field}` of node `{}`, which has no such output",
                p.text, node.id
            ),
            format!("{hint}the outputs of a {} node: {list}", node.kind.type_name()),
        ));
    }
    if p.len() > 1 && matches!(head, "call" | "context") {
        let (fields, shown) =
            if head == "call" { (CALL_FIELDS, "Call") } else { (CONTEXT_FIELDS, "context") };
        let field = p.rest(1).next()?;
        if fields.iter().any(|f| f.eq_ignore_ascii_case(field)) {
            return None;
        }
        let hint = nearest(field, fields.iter().copied())
            .map_or_else(String::new, |n| format!("did you mean `{shown}.{n}`? "));
        return Some((
            "unknownBuiltin",
            format!("`{}` is no field of the run's context", p.text),
            format!("{hint}{shown} has: {}", fields.join(", ")),
        ));
    }
    // A variable: some prefix of the path must be assigned somewhere.
    if (1..=p.len()).any(|n| assigned.contains(p.prefix(n))) {
        return None;
    }
    let hint = nearest(&p.text, names.iter().copied())
        .map_or_else(String::new, |n| format!("did you mean `{n}`? "));
    Some((
        "neverAssigned",
        format!("`{}` is read, but no Set node of any flow assigns it", p.text),
        format!("{hint}it reads as NOT_SET unless the request presets it (`variables`, `--var`)"),
    ))
}
