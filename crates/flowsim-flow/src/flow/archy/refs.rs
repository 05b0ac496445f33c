//! References between containers, resolved once every container is read: jumps, task calls
//! (whose exits are the called task's output paths), and `startUpRef`-style paths.

use super::lower::Lower;
use super::subst::Pos;
use crate::diag::{Diagnostic, Severity};
use crate::flow::catalogue;
use crate::flow::model::{ContainerKind, Exit};
use crate::util::nearest;
use std::sync::Arc;

impl Lower<'_, '_> {
    /// Resolves jumps and task calls; gives tasks their output paths.
    pub(super) fn resolve(&mut self) {
        for jump in std::mem::take(&mut self.jumps) {
            let node = self.nodes[jump.node as usize].id.clone();
            if let Some(c) = self.find_ref(&jump.target, jump.pos, &node) {
                let start = self.containers[c as usize].start;
                let exits = &mut self.nodes[jump.node as usize].exits;
                exits[jump.exit].target = start;
            }
        }
        let calls = std::mem::take(&mut self.calls);
        let mut targets = Vec::with_capacity(calls.len());
        for call in &calls {
            let id = self.nodes[call.node as usize].id.clone();
            let target = self.find_ref(&call.target, call.pos, &id);
            if let Some(c) = target {
                let container = &mut self.containers[c as usize];
                if container.kind == ContainerKind::Task {
                    container.kind = ContainerKind::ReusableTask;
                }
            }
            targets.push(target);
        }
        self.output_paths();
        for (call, target) in calls.into_iter().zip(targets) {
            let Some(c) = target else { continue };
            let id = self.nodes[call.node as usize].id.clone();
            let paths = self.containers[c as usize].output_paths.clone();
            let exits = paths
                .iter()
                .map(|p| {
                    let target = call
                        .outputs
                        .iter()
                        .find(|(n, _)| n.eq_ignore_ascii_case(p))
                        .and_then(|(_, t)| *t);
                    Exit { name: p.clone(), export_id: None, target, enabled: true }
                })
                .collect();
            for (name, _) in call
                .outputs
                .iter()
                .filter(|(n, _)| !paths.iter().any(|p| p.eq_ignore_ascii_case(n)))
            {
                let d = self
                    .cx
                    .diag(
                        crate::diag::Code::UnknownProperty,
                        format!(
                            "the called task has no output path `{name}` (its paths: {})",
                            paths.join(", ")
                        ),
                        call.pos,
                    )
                    .node(&*id)
                    .property(format!("outputs.{name}"));
                self.cx.diags.push(Diagnostic { severity: Severity::Warning, ..d });
            }
            self.nodes[call.node as usize].exits = exits;
        }
    }

    /// Each task's output paths: `Default`, then the others its `endTask`s name.
    fn output_paths(&mut self) {
        let end_task = catalogue::by_key("endTask");
        for c in &mut self.containers {
            if matches!(c.kind, ContainerKind::Task | ContainerKind::ReusableTask) {
                c.output_paths = vec![Arc::from("Default")];
            }
        }
        for n in &self.nodes {
            let a = &n.action;
            let Some(c) = self.containers.get_mut(n.container as usize) else { continue };
            if Some(a.spec) != end_task || c.output_paths.is_empty() {
                continue;
            }
            if let Some(path) = a.get(crate::flow::catalogue::control::prop::END_TASK_PATH).text() {
                if !c.output_paths.iter().any(|p| p.eq_ignore_ascii_case(path)) {
                    c.output_paths.push(path.clone());
                }
            }
        }
    }

    /// The container a reference names: `/inboundCall/menus/menu[Main Menu_10]`,
    /// `./tasks/task[refId]`, or a bare refId or name. `danglingRef` when none.
    pub(super) fn find_ref(&mut self, r: &str, pos: Pos, node: &str) -> Option<u32> {
        let bracketed = r.rsplit_once('[').and_then(|(h, t)| Some((h, t.strip_suffix(']')?)));
        let (kind, key) = match bracketed {
            Some((head, key)) => (head.rsplit('/').next().unwrap_or_default(), key),
            _ => ("", r.trim()),
        };
        let fits = |k: ContainerKind| match kind {
            "menu" => k == ContainerKind::Menu,
            "task" => matches!(k, ContainerKind::Task | ContainerKind::ReusableTask),
            "state" => k == ContainerKind::State,
            "bot" => k == ContainerKind::BotState,
            _ => true,
        };
        let lower = key.to_ascii_lowercase();
        let found = [key, &lower, &lower].into_iter().zip(&self.by_ref).find_map(|(k, map)| {
            map.get(k)?.iter().copied().find(|&i| fits(self.containers[i as usize].kind))
        });
        if let Some(i) = found {
            return Some(i);
        }
        // Did-you-mean over at most a few hundred refIds, and a list of at most 20: a flow of
        // thousands of dangling references must not cost a pass over every container each.
        let refs: Vec<&str> = self
            .containers
            .iter()
            .filter(|c| c.kind != ContainerKind::MenuTask)
            .map(|c| &*c.ref_id)
            .take(500)
            .collect();
        let help = match nearest(key, refs.iter().copied()) {
            Some(n) => format!("did you mean `{n}`?"),
            None if refs.len() > 20 => {
                format!("refIds of this flow include: {}, ...", refs[..20].join(", "))
            }
            None => format!("refIds of this flow: {}", refs.join(", ")),
        };
        let d = self
            .cx
            .diag(
                crate::diag::Code::DanglingRef,
                format!(
                    "`{}` names no {} of this flow",
                    crate::util::excerpt(r, 120),
                    if kind.is_empty() { "container" } else { kind }
                ),
                pos,
            )
            .node(node)
            .help(help);
        self.cx.diags.push(d);
        None
    }
}
