//! Links between actions: where each chain goes when it ends, and each action's exits.

use super::lower::Raw;
use super::{s, Cx};
use crate::flow::catalogue::{self, Dynamic};
use crate::flow::model::{Container, Exit, NodeIdx};
use rustc_hash::FxHashMap;
use serde_json::Value as J;

/// Each node's `next`: its `nextAction`, or where its chain goes when it ends.
pub(super) fn fall_through(
    raws: &[Raw<'_>],
    links: &[(Option<NodeIdx>, Vec<Option<NodeIdx>>)],
    containers: &[Container],
) -> Vec<Option<NodeIdx>> {
    let n = raws.len();
    let mut next: Vec<Option<NodeIdx>> = vec![None; n];
    let mut seen = vec![false; n];
    // (chain head, where the chain goes when it ends)
    let mut stack: Vec<(NodeIdx, Option<NodeIdx>)> = Vec::new();
    let mut walk = |stack: &mut Vec<(NodeIdx, Option<NodeIdx>)>, seen: &mut Vec<bool>| {
        while let Some((head, cont)) = stack.pop() {
            let mut at = head;
            while !seen[at as usize] {
                seen[at as usize] = true;
                let (own_next, targets) = &links[at as usize];
                let after = own_next.or(cont);
                next[at as usize] = after;
                let is_loop = catalogue::spec(raws[at as usize].spec).facts.loops;
                // A loop's body (its `__LOOP__` path) comes back to it; its other paths (a Loop
                // Until's cases) go on after it.
                let paths = &raws[at as usize].paths;
                let body = |i: usize| paths.get(i).is_some_and(|p| p.0 == "__LOOP__");
                let cont = |i: usize| if is_loop && body(i) { Some(at) } else { after };
                // Pushed in reverse so that the first path is walked first.
                for (i, t) in targets.iter().enumerate().rev() {
                    if let Some(t) = t {
                        stack.push((*t, cont(i)));
                    }
                }
                match own_next {
                    Some(nx) => at = *nx,
                    None => break,
                }
            }
        }
    };
    for c in containers {
        if let Some(start) = c.start {
            stack.push((start, None));
            walk(&mut stack, &mut seen);
        }
    }
    // Actions no start reaches: chain heads first (actions nothing links to), then the rest.
    let mut linked = vec![false; n];
    for (own_next, targets) in links {
        for t in own_next.iter().chain(targets.iter().flatten()) {
            linked[*t as usize] = true;
        }
    }
    for pass in [true, false] {
        for i in 0..n {
            if !seen[i] && (!pass || !linked[i]) {
                stack.push((i as NodeIdx, None));
                walk(&mut stack, &mut seen);
            }
        }
    }
    next
}

/// A node's exits: the catalogue's fixed outputs, then dynamic ones, then any other path.
pub(super) fn exits(
    cx: &mut Cx<'_>,
    r: &Raw<'_>,
    targets: &[Option<NodeIdx>],
    containers: &[Container],
    container_index: &FxHashMap<Box<str>, u32>,
) -> Box<[Exit]> {
    let spec = catalogue::spec(r.spec);
    let mut used = vec![false; r.paths.len()];
    let mut take = |output: &str| {
        let i = r.paths.iter().position(|p| p.0 == output)?;
        used[i] = true;
        targets[i]
    };
    let mut exits: Vec<Exit> = spec
        .outputs
        .iter()
        .map(|o| Exit {
            name: o.name.into(),
            export_id: Some(o.export.into()),
            target: take(o.export),
            enabled: true,
        })
        .collect();
    // A path the export marks out of service is an output the flow turned off; an optional
    // bot output without a path is off too.
    let out_of_service = |id: &str| {
        r.o.get("paths").and_then(J::as_array).into_iter().flatten().any(|p| {
            s(p.get("outputId")) == Some(id)
                && (p.get("outOfService").and_then(J::as_bool) == Some(true)
                    || p.get("disabled").and_then(J::as_bool) == Some(true))
        })
    };
    for (exit, o) in exits.iter_mut().zip(spec.outputs) {
        let listed = r.paths.iter().any(|p| p.0 == o.export);
        exit.enabled = if catalogue::optional_output(o.name) {
            listed && !out_of_service(o.export)
        } else {
            !out_of_service(o.export)
        };
    }
    match spec.dynamic {
        // Conditions are a JSON `If`'s, which no export type names.
        Dynamic::None | Dynamic::Conditions => {}
        Dynamic::Cases | Dynamic::UntilCases => {
            let cases = r.o.get("cases").and_then(J::as_array).map_or(&[][..], Vec::as_slice);
            for (i, case) in cases.iter().enumerate() {
                let id = s(case.get("referenceId")).unwrap_or("");
                let name =
                    s(case.get("name")).map_or_else(|| format!("Case {}", i + 1), str::to_owned);
                exits.push(Exit {
                    name: name.into(),
                    export_id: Some(id.into()),
                    target: take(id),
                    enabled: true,
                });
            }
        }
        Dynamic::Choices => {
            for (id, name, node) in &r.choices {
                exits.push(Exit {
                    name: (*name).into(),
                    export_id: Some((*id).into()),
                    target: Some(*node),
                    enabled: true,
                });
            }
        }
        // A task's output paths, an intent's or a menu choice's: the paths not taken yet.
        Dynamic::TaskPaths | Dynamic::Intents => {
            for (i, (output, label, _)) in r.paths.iter().enumerate() {
                if !used[i] {
                    used[i] = true;
                    exits.push(Exit {
                        name: (*label).into(),
                        export_id: Some((*output).into()),
                        target: targets[i],
                        enabled: !out_of_service(output),
                    });
                }
            }
        }
        Dynamic::Target => {
            let key = ["taskReference", "stateReference", "menuReference"]
                .iter()
                .find(|k| r.o.contains_key(**k));
            let reference = key.and_then(|k| s(r.o.get(*k)));
            let path = format!("{}.{}", r.path, key.unwrap_or(&"taskReference"));
            let found =
                reference.and_then(|t| container_index.get(crate::util::fold_case(t).as_ref()));
            if let Some(&c) = found {
                let target = &containers[c as usize];
                if target.start.is_none() {
                    cx.warn(
                        crate::diag::Code::EmptyTarget,
                        Some(&r.id),
                        &path,
                        format!("`{}` has no actions", target.name),
                    );
                }
                exits.push(Exit {
                    name: target.name.clone(),
                    export_id: None,
                    target: target.start,
                    enabled: true,
                });
            } else {
                let what = reference.map_or_else(
                    || "no sequence".to_owned(),
                    |t| format!("`{t}`, which is no state, task or menu of the flow"),
                );
                cx.error(
                    crate::diag::Code::DanglingReference,
                    Some(&r.id),
                    &path,
                    format!("the jump names {what}"),
                );
            }
        }
    }
    for (i, (output, label, _)) in r.paths.iter().enumerate() {
        if !used[i] {
            if spec.unsupported().is_none() {
                let message = format!(
                    "`{}` has no output `{output}` ({label}); it is kept as an extra exit",
                    spec.key
                );
                cx.warn(
                    crate::diag::Code::UnknownOutput,
                    Some(&r.id),
                    &format!("{}.paths[{i}]", r.path),
                    message,
                );
            }
            exits.push(Exit {
                name: (*label).into(),
                export_id: Some((*output).into()),
                target: targets[i],
                enabled: true,
            });
        }
    }
    exits.into()
}
