//! Actions no path reaches: `unreachableNode` warnings, one message per mistake.
//!
//! A node is reached from the flow's entry points: its start, its error handling's container,
//! an in-queue flow's periodic state, the tasks a bot flow's settings start. The nodes left
//! form pieces, and each piece is one mistake: it is reported once, at its head (a node no
//! other unreached node leads to, in file order; a piece that is all cycle at its first node),
//! with the count of the actions it leads to. A piece that starts a task, state or menu (or
//! any piece of a JSON flow) in a flow whose references already have an error (a
//! `danglingRef` whose target is misspelt, a missing start) is unreachable because of that
//! error: it is not reported again, and the first such error's help says how many actions wait
//! on it. Work is linear in the flow's nodes and edges.

use super::place::Places;
use crate::diag::{Code, Diagnostic};
use crate::flow::catalogue::control::prop as control;
use crate::flow::catalogue::Leaves;
use crate::flow::model::{ErrorHandling, NodeIdx};
use crate::flow::{Flow, Format, Registry};

/// The errors of a reference that leave what it meant unreached.
const REFERENCE_ERRORS: [Code; 8] = [
    Code::DanglingRef,
    Code::DanglingReference,
    Code::DanglingAction,
    Code::DanglingNextNode,
    Code::DanglingStartNode,
    Code::MissingStart,
    Code::EmptyStart,
    Code::EmptyTarget,
];

/// Calls `f` with every node a run can go to from node `n`.
fn successors(flow: &Flow, n: NodeIdx, f: &mut impl FnMut(NodeIdx)) {
    let node = flow.draft.node(n);
    let a = &node.action;
    // An action that ends the flow or jumps never goes on to the action after it
    // (Disconnect, then a Play Audio: the Play Audio never plays).
    if !matches!(a.spec().facts.leaves, Leaves::Ends | Leaves::Jumps) {
        node.next.into_iter().for_each(&mut *f);
    }
    node.exits.iter().filter_map(|e| e.target).for_each(&mut *f);
    let containers = &flow.arch.containers;
    // A Call Task's task (the entries that name a task to call).
    if a.has(control::CALL_TASK_TARGET) {
        let target = a.get(control::CALL_TASK_TARGET).text();
        let called = target.and_then(|r| flow.arch.container_by_ref(r));
        called.and_then(|c| containers[c as usize].start).into_iter().for_each(&mut *f);
    }
}

/// Which nodes of `flow` a run can reach from its entry points.
fn reached(flow: &Flow) -> Vec<bool> {
    let graph = &flow.draft;
    let containers = &flow.arch.containers;
    let mut seen = vec![false; graph.nodes.len()];
    let mut stack = vec![graph.start];
    if let ErrorHandling::Jump { container, .. } = flow.arch.error_handling {
        stack.extend(containers.get(container as usize).and_then(|c| c.start));
    }
    // An in-queue email or message flow's periodic state runs when its start ends.
    if let Some(c) = flow.arch.periodic {
        stack.extend(containers.get(c as usize).and_then(|c| c.start));
    }
    // Tasks a bot flow's settings start (a knowledge path, an intent's task).
    for r in &flow.arch.linked_tasks {
        let c = flow.arch.container_by_ref(r);
        stack.extend(c.and_then(|c| containers.get(c as usize)).and_then(|c| c.start));
    }
    while let Some(n) = stack.pop() {
        if !std::mem::replace(&mut seen[n as usize], true) {
            successors(flow, n, &mut |s| stack.push(s));
        }
    }
    seen
}

/// The pieces of the nodes `seen` leaves out: (head, how many nodes the piece has), heads in
/// file order, then the heads of pieces that are all cycle.
fn pieces(flow: &Flow, seen: &[bool]) -> Vec<(NodeIdx, usize)> {
    let n = seen.len();
    let mut led_to = vec![false; n];
    for i in (0..n).filter(|&i| !seen[i]) {
        successors(flow, i as NodeIdx, &mut |s| {
            if s as usize != i {
                led_to[s as usize] = true;
            }
        });
    }
    let mut covered = seen.to_vec();
    let mut out = Vec::new();
    let heads = (0..n).filter(|&i| !seen[i] && !led_to[i]);
    let cycles = 0..n;
    let mut stack = Vec::new();
    for head in heads.chain(cycles) {
        if covered[head] {
            continue;
        }
        let mut count = 0;
        stack.push(head as NodeIdx);
        while let Some(x) = stack.pop() {
            if !std::mem::replace(&mut covered[x as usize], true) {
                count += 1;
                successors(flow, x, &mut |s| stack.push(s));
            }
        }
        out.push((head as NodeIdx, count));
    }
    out
}

pub(super) fn reachability(reg: &Registry, places: &Places<'_>, diags: &mut Vec<Diagnostic>) {
    for flow in reg.flows() {
        let seen = reached(flow);
        if seen.iter().all(|s| *s) {
            continue;
        }
        let cause = diags.iter().position(|d| {
            d.is_error()
                && REFERENCE_ERRORS.contains(&d.code)
                && d.file.as_deref() == Some(flow.file.as_path())
                && d.flow.as_deref().is_none_or(|f| f == &*flow.name)
        });
        let starts_container = |n: NodeIdx| {
            flow.format == Format::Json || flow.arch.containers.iter().any(|c| c.start == Some(n))
        };
        let mut waiting: Vec<(NodeIdx, usize)> = Vec::new();
        for (head, count) in pieces(flow, &seen) {
            if cause.is_some() && starts_container(head) {
                waiting.push((head, count));
                continue;
            }
            let node = flow.draft.node(head);
            // An export's node by its name and tracking number, not its GUID.
            let label = flow.node_label(node);
            let after = match count {
                1 => String::new(),
                2 => " (nor to the action it leads to)".to_owned(),
                n => format!(" (nor to the {} actions it leads to)", n - 1),
            };
            let d = Diagnostic::warning(
                Code::UnreachableNode,
                format!("no path leads to node `{label}` from the start node{after}"),
            )
            .file(&flow.file)
            .flow(&*flow.name)
            .node(label)
            .help("connect it, or delete it");
            // A JSON flow's node is placed at its key when the load ends
            // (`Registry::place_json`).
            diags.push(if flow.format == Format::Json { d } else { places.node(flow, d, node) });
        }
        if let (Some(i), false) = (cause, waiting.is_empty()) {
            let actions: usize = waiting.iter().map(|(_, c)| c).sum();
            let heads: Vec<String> = waiting
                .iter()
                .take(3)
                .map(|(h, _)| format!("`{}`", flow.node_label(flow.draft.node(*h))))
                .collect();
            let more = if waiting.len() > 3 { ", ..." } else { "" };
            let note = format!(
                "until this is fixed no path reaches {actions} action(s) from {}{more}; they are not reported apart",
                heads.join(", ")
            );
            let d = &mut diags[i];
            d.help = Some(match d.help.take() {
                Some(h) => format!("{h}; {note}"),
                None => note,
            });
        }
    }
}
