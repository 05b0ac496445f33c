//! Containers: menus (a synthesized `menu` action, then one node per choice), tasks, states,
//! bot states; and the actions that lead into one (jumps, `callTask`, inline menu tasks).

use super::lower::{Call, Jump, Lower};
use super::props::At;
use super::subst::Pos;
use super::yaml::Y;
use crate::flow::action::{Action, Prop};
use crate::flow::catalogue::{self, ActionSpec, PropSpec};
use crate::flow::model::{ContainerKind, Exit, Node, NodeIdx};
use std::borrow::Cow;
use std::sync::Arc;

/// A menu choice's digit: `digit_1` → `1`, `digit_star` → `*`, `digit_pound` → `#`.
pub(super) fn dtmf(text: &str) -> String {
    match text.strip_prefix("digit_").unwrap_or(text) {
        "star" => "*".into(),
        "pound" | "hash" => "#".into(),
        d => d.into(),
    }
}

/// Whether a menu's `defaultChildMenuRef` (`./choices/menuDisconnect[bye]`, or an absolute
/// path ending the same way) names choice `key` with `body`: its last segment's key, when it
/// gives one, is the choice's, and the bracket holds the choice's `refId` or name (ignoring
/// case); a bare last segment is a refId or name.
fn names_choice(reference: &str, key: &str, body: &Y) -> bool {
    let last = reference.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let (k, id) = match last.split_once('[') {
        Some((k, rest)) => (Some(k), rest.trim_end_matches(']')),
        None => (None, last),
    };
    if k.is_some_and(|k| !k.is_empty() && !k.eq_ignore_ascii_case(key)) {
        return false;
    }
    ["refId", "name"].iter().any(|f| {
        body.get(f)
            .and_then(Y::text)
            .is_some_and(|t| crate::util::fold_case(&t) == crate::util::fold_case(id))
    })
}

impl<'t> Lower<'_, 't> {
    fn name_and_ref(&mut self, y: &Y, what: &str) -> (String, String) {
        let name = match y.get("name").and_then(Y::text) {
            Some(n) if !n.is_empty() => n.into_owned(),
            _ => {
                self.cx.missing(y, At { node: what, prop: "name" });
                what.to_owned()
            }
        };
        let ref_id = y.get("refId").and_then(Y::text).map_or_else(|| name.clone(), Cow::into_owned);
        (name, ref_id)
    }

    /// A task, state or bot state: `{name, refId, variables, actions}`.
    pub fn task(&mut self, y: &'t Y, kind: ContainerKind) -> u32 {
        let (name, ref_id) = self.name_and_ref(y, kind.as_str());
        let c = self.container(kind, &name, &ref_id);
        self.task_body(y, c);
        c
    }

    fn task_body(&mut self, y: &'t Y, c: u32) {
        let name = self.containers[c as usize].name.clone();
        let kind = self.containers[c as usize].kind;
        self.cx.unknown_keys(y, &format!("{} `{name}`", kind.as_str()), super::keys::TASK);
        let vars = self.variables(y.get("variables"), &name);
        self.containers[c as usize].variables = vars;
        let start = self.list(y.get("actions"), c, None, At { node: &name, prop: "actions" });
        self.containers[c as usize].start = start;
    }

    /// A menu: its `menu` node plays `audio` and takes a choice; each choice is a node.
    pub fn menu(&mut self, y: &'t Y) -> u32 {
        let (name, ref_id) = self.name_and_ref(y, "menu");
        self.cx.unknown_keys(y, &format!("menu `{name}`"), super::keys::MENU);
        let c = self.container(ContainerKind::Menu, &name, &ref_id);
        let id = self.unique(c, &name);
        let spec_idx = catalogue::by_key("menu").expect("the catalogue has `menu`");
        let spec = catalogue::spec(spec_idx);
        let menu = self.push(Node {
            id: id.clone(),
            name: Arc::from(name.as_str()),
            action: Action { spec: spec_idx, props: Box::new([]) },
            container: c,
            line: y.pos.line as u32,
            tracking_id: None,
            exits: Box::new([]),
            next: None,
        });
        self.containers[c as usize].start = Some(menu);
        let mut props = vec![Prop::None; spec.props.len()];
        for (i, s) in spec.props.iter().enumerate() {
            let at = At { node: &id, prop: s.name };
            props[i] = match s.name {
                "choices" | "defaultChildMenuRef" => continue,
                "audio" | "noEntryAudio" => match y.get(s.name) {
                    Some(v) => self.cx.value(v, s.kind, at),
                    None => Prop::None,
                },
                // Menu settings: the menu's own, else the flow's `settingsMenu`.
                _ => {
                    let own = y.get("settingsMenu").and_then(|m| m.get(s.name));
                    let own = own.map_or(Prop::None, |v| self.cx.value(v, s.kind, at));
                    match self.menu_defaults.and_then(|m| m.get(s.name)) {
                        Some(v) if own.is_none() => self.cx.value(v, s.kind, at),
                        _ => own,
                    }
                }
            };
        }
        let items = y.get("choices").and_then(Y::seq).unwrap_or_default();
        let choices: Vec<_> =
            items.iter().filter_map(|i| i.single().map(|(k, b)| (k, b, i.pos))).collect();
        let first = self.nodes.len() as NodeIdx;
        for _ in &choices {
            self.push(Node {
                id: Arc::from(""),
                exits: Box::new([]),
                ..self.nodes[menu as usize].clone()
            });
        }
        let default = y.get("defaultChildMenuRef");
        let default_ref = default.and_then(Y::text).filter(|t| !t.is_empty());
        let mut default_choice = None;
        let mut records = Vec::new();
        let mut exits = Vec::new();
        // The keys the choices so far take: a later choice with one of them is never run.
        let mut taken: Vec<Arc<str>> = Vec::new();
        for (i, (key, body, pos)) in choices.into_iter().enumerate() {
            if let Some(r) = &default_ref {
                if default_choice.is_none() && names_choice(r, &key, body) {
                    default_choice = Some(i);
                }
            }
            let idx = first + i as NodeIdx;
            self.action(idx, &key, body, pos, c);
            let digit = body.get("dtmf").and_then(Y::text).map(|d| Prop::Text(Arc::from(dtmf(&d))));
            if let (Some(written), Some(Prop::Text(key))) = (body.get("dtmf"), &digit) {
                self.unreachable_choice(idx, written, key, &taken);
                taken.push(key.clone());
            }
            let label = self.nodes[idx as usize].name.clone();
            let global =
                body.get("globalDtmf").and_then(Y::text).filter(|g| g.eq_ignore_ascii_case("true"));
            let global = global.map_or(Prop::None, |_| Prop::Text(Arc::from("true")));
            records.push(
                vec![digit.unwrap_or(Prop::None), Prop::Text(label.clone()), global]
                    .into_boxed_slice(),
            );
            exits.push(Exit { name: label, export_id: None, target: Some(idx), enabled: true });
        }
        if let (Some(r), Some(y)) = (&default_ref, default) {
            if let Some(d) = default_choice {
                let name = exits[d].name.clone();
                if let Some(i) = spec.prop_index("defaultChildMenuRef") {
                    props[i] = Prop::Text(name);
                }
            } else {
                let message = format!(
                    "`{}` names none of menu `{name}`'s choices",
                    crate::util::excerpt(r, 120)
                );
                let d =
                    self.cx.diag(crate::diag::Code::DanglingRef, message, y.pos).node(&*id).help(
                        "name a choice of this menu: `./choices/<choice key>[<refId or name>]`",
                    );
                self.cx.diags.push(d);
            }
        }
        if let Some(i) = spec.prop_index("choices") {
            props[i] = Prop::List(records.into());
        }
        let node = &mut self.nodes[menu as usize];
        node.action = Action { spec: spec_idx, props: props.into() };
        node.exits = exits.into();
        c
    }

    /// An `unreachableChoice` error when choice `idx`'s key (`written`, read as `key`) is no
    /// key of a keypad (Architect takes `0`-`9`, `*`, `#`: the Scripting SDK's "It should be
    /// '0' through '9', '*', '#'") or one an earlier choice of its menu takes (Architect's
    /// validation: "DTMF (%1$s) is used in two or more menu choices at this menu level").
    fn unreachable_choice(&mut self, idx: NodeIdx, written: &Y, key: &str, taken: &[Arc<str>]) {
        let text = written.text().unwrap_or_default();
        let on_keypad = matches!(key.as_bytes(), [b'0'..=b'9' | b'*' | b'#']);
        let (message, help) = if !on_keypad {
            (
                format!("menu choice key `{text}` is no key of a phone's keypad, so no caller can take this choice"),
                "give it a key Architect offers: `digit_0` to `digit_9`, `digit_star` or `digit_pound`",
            )
        } else if taken.iter().any(|t| &**t == key) {
            (
                format!("menu choice key `{text}` is taken by an earlier choice of this menu, which runs instead: this choice is never taken"),
                "give each choice of a menu its own key",
            )
        } else {
            return;
        };
        let id = self.nodes[idx as usize].id.clone();
        let d = self
            .cx
            .diag(crate::diag::Code::UnreachableChoice, message, written.pos)
            .node(&*id)
            .property("dtmf")
            .help(help);
        self.cx.diags.push(d);
    }

    /// A jump's one exit, `target`: an inline task or menu's start, or (resolved later) the
    /// container its reference names.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn jump(
        &mut self,
        idx: NodeIdx,
        key: &str,
        body: &'t Y,
        spec: &ActionSpec,
        props: &[Prop],
        exits: &mut Vec<Exit>,
        pos: Pos,
        id: &Arc<str>,
    ) {
        let exit = exits.len();
        exits.push(Exit {
            name: Arc::from("target"),
            export_id: None,
            target: None,
            enabled: true,
        });
        match key {
            "menuTask" => {
                let c = self.container(ContainerKind::MenuTask, id, id);
                match body.get("task") {
                    Some(task) => self.task_body(task, c),
                    None => self.cx.missing(body, At { node: id, prop: "task" }),
                }
                exits[exit].target = self.containers[c as usize].start;
            }
            "menuSubMenu" => match body.get("menu") {
                Some(menu) => {
                    let c = self.menu(menu);
                    exits[exit].target = self.containers[c as usize].start;
                }
                None => self.cx.missing(body, At { node: id, prop: "menu" }),
            },
            _ => {
                let target = spec.props.iter().position(PropSpec::names_container);
                if let Some(Prop::Text(t)) = target.map(|i| &props[i]) {
                    let pos =
                        target.and_then(|i| body.get(spec.props[i].name)).map_or(pos, |y| y.pos);
                    self.jumps.push(Jump { node: idx, exit, target: t.clone(), pos });
                }
            }
        }
    }

    /// `callTask`: its outputs' actions now, its exits once the called task's paths are known.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn call(
        &mut self,
        idx: NodeIdx,
        body: &'t Y,
        spec: &ActionSpec,
        props: &[Prop],
        c: u32,
        next: Option<NodeIdx>,
        pos: Pos,
        id: &str,
    ) {
        let mut outputs = Vec::new();
        if let Some(o) = body.get("outputs") {
            for (k, v) in o.entry_nodes() {
                if v.get("actions").is_none() {
                    continue;
                }
                let name = k.output_name().unwrap_or_default();
                let prop = format!("outputs.{name}");
                let first = self.list(v.get("actions"), c, next, At { node: id, prop: &prop });
                outputs.push((Arc::from(name.as_ref()), first));
            }
        }
        let target = spec.prop_index("targetTaskRef").and_then(|i| props[i].text()).cloned();
        if let Some(target) = target {
            let pos = body.get("targetTaskRef").map_or(pos, |y| y.pos);
            self.calls.push(Call { node: idx, target, pos, outputs });
        }
    }
}
