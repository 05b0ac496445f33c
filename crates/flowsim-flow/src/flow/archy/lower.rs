//! Lowering nested action lists into the graph: one node per action, its outputs as exits
//! to the first action of each output's list, and `next` as where Architect goes on (the
//! action after it, or after the action that owns its list).

use super::irregular::CHOICE_KEYS;
use super::props::At;
use super::subst::Pos;
use super::yaml::{V, Y};
use super::Cx;
use crate::diag::{Diagnostic, Severity};
use crate::flow::action::{Action, Prop};
use crate::flow::catalogue::{self, ActionSpec, Dynamic, PropKind};
use crate::flow::model::{Container, ContainerKind, Exit, Node, NodeIdx, VarDecl};
use crate::flow::unread::{name_misspellings, Unread};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

/// A jump whose target container is known once every container is read.
pub(super) struct Jump {
    pub node: NodeIdx,
    pub exit: usize,
    pub target: Arc<str>,
    pub pos: Pos,
}

/// A `callTask`, with the actions of each of its outputs that the file gives.
pub(super) struct Call {
    pub node: NodeIdx,
    pub target: Arc<str>,
    pub pos: Pos,
    pub outputs: Vec<(Arc<str>, Option<NodeIdx>)>,
}

/// The flow being built.
pub(super) struct Lower<'a, 't> {
    pub cx: Cx<'a>,
    pub nodes: Vec<Node>,
    pub containers: Vec<Container>,
    /// Lower-cased ids given so far.
    taken: FxHashSet<Box<str>>,
    /// How often each (container, lower-cased base id) was seen.
    seen: FxHashMap<(u32, Box<str>), u32>,
    pub jumps: Vec<Jump>,
    pub calls: Vec<Call>,
    /// `settingsActionDefaults`.
    pub defaults: Option<&'t Y>,
    /// The flow's `settingsMenu`.
    pub menu_defaults: Option<&'t Y>,
    /// Containers by refId as written, by refId and by name lower-cased (ASCII), each in
    /// document order: `find_ref` looks a reference up without a pass over every container.
    pub by_ref: [FxHashMap<Box<str>, Vec<u32>>; 3],
}

fn placeholder(container: u32) -> Node {
    Node {
        id: Arc::from(""),
        name: Arc::from(""),
        action: Action { spec: catalogue::unknown(), props: Box::new([]) },
        container,
        line: 0,
        tracking_id: None,
        exits: Box::new([]),
        next: None,
    }
}

/// Whether an output is on: `{enabled: false}` turns it off; listing it (with actions, or
/// `enabled: true`) turns it on.
fn enabled(v: &Y) -> bool {
    v.get("enabled").is_none_or(Y::truthy)
}

fn fixed_exits(spec: &ActionSpec) -> Vec<Exit> {
    spec.outputs
        .iter()
        .map(|o| Exit {
            name: Arc::from(o.name),
            export_id: Some(Arc::from(o.export)),
            target: None,
            enabled: true,
        })
        .collect()
}

impl<'a, 't> Lower<'a, 't> {
    pub fn new(cx: Cx<'a>) -> Self {
        Lower {
            cx,
            nodes: Vec::new(),
            containers: Vec::new(),
            taken: FxHashSet::default(),
            seen: FxHashMap::default(),
            jumps: Vec::new(),
            calls: Vec::new(),
            defaults: None,
            menu_defaults: None,
            by_ref: Default::default(),
        }
    }

    pub fn container(&mut self, kind: ContainerKind, name: &str, ref_id: &str) -> u32 {
        let at = self.containers.len() as u32;
        for (map, key) in self.by_ref.iter_mut().zip([
            ref_id.into(),
            ref_id.to_ascii_lowercase().into_boxed_str(),
            name.to_ascii_lowercase().into_boxed_str(),
        ]) {
            map.entry(key).or_default().push(at);
        }
        self.containers.push(Container {
            kind,
            name: Arc::from(name),
            ref_id: Arc::from(ref_id),
            start: None,
            variables: Vec::<VarDecl>::new(),
            output_paths: Vec::new(),
        });
        (self.containers.len() - 1) as u32
    }

    /// A node id unique in the flow (case-insensitively): `base`, then `base#2`, `base#3`...
    /// for repeats of `base` in container `c`, in document order.
    pub fn unique(&mut self, c: u32, base: &str) -> Arc<str> {
        let lower: Box<str> = crate::util::fold_case(base).into();
        let n = self.seen.entry((c, lower)).and_modify(|n| *n += 1).or_insert(1);
        let mut k = *n;
        let mut id = if k == 1 { base.to_owned() } else { format!("{base}#{k}") };
        while !self.taken.insert(crate::util::fold_case(&id).into()) {
            k += 1;
            id = format!("{base}#{k}");
        }
        Arc::from(id)
    }

    pub fn push(&mut self, node: Node) -> NodeIdx {
        self.nodes.push(node);
        (self.nodes.len() - 1) as NodeIdx
    }

    /// Lowers an action list of container `c`; its last action goes on to `after`. Returns
    /// its first node.
    pub fn list(
        &mut self,
        y: Option<&'t Y>,
        c: u32,
        after: Option<NodeIdx>,
        at: At<'_>,
    ) -> Option<NodeIdx> {
        let y = y?;
        if matches!(y.v, V::Null) {
            return None;
        }
        let Some(items) = y.seq() else {
            let d = self
                .cx
                .diag(
                    crate::diag::Code::BadPropertyType,
                    format!("`{}` must be a list of actions, not {}", at.prop, y.kind()),
                    y.pos,
                )
                .node(at.node)
                .property(at.prop);
            self.cx.diags.push(d);
            return None;
        };
        let mut actions = Vec::with_capacity(items.len());
        for item in items {
            if let Some((key, body)) = item.single() {
                actions.push((key, body, item.pos));
            } else {
                let d = self
                    .cx
                    .diag(crate::diag::Code::BadAction, format!("an action is a mapping with one key, its type (`- playAudio: {{...}}`), not {}", item.kind()), item.pos)
                    .node(at.node)
                    .property(at.prop);
                self.cx.diags.push(d);
            }
        }
        let first = self.nodes.len() as NodeIdx;
        let n = actions.len() as NodeIdx;
        for i in 0..n {
            let mut node = placeholder(c);
            node.next = if i + 1 < n { Some(first + i + 1) } else { after };
            self.push(node);
        }
        for (i, (key, body, pos)) in actions.into_iter().enumerate() {
            self.action(first + i as NodeIdx, &key, body, pos, c);
        }
        (n > 0).then_some(first)
    }

    /// Fills node `idx` from action `key: body`.
    pub fn action(&mut self, idx: NodeIdx, key: &str, body: &'t Y, pos: Pos, c: u32) {
        let name = body
            .get("name")
            .and_then(Y::text)
            .map_or_else(|| catalogue::default_name(key), std::borrow::Cow::into_owned);
        let cname = self.containers[c as usize].name.clone();
        let id = self.unique(c, &format!("{cname}/{name}"));
        self.nodes[idx as usize].id = id.clone();
        self.nodes[idx as usize].name = Arc::from(name.as_str());
        self.nodes[idx as usize].line = u32::try_from(pos.line).unwrap_or(0);
        let Some(spec_idx) = catalogue::by_key(key) else {
            let keys = || catalogue::written().map(|a| a.key);
            let near = crate::util::nearest(key, keys());
            let fix =
                crate::util::nearest_one(key, keys()).and_then(|n| self.cx.rename(pos, key, n));
            // A key one edit or so from an action's is a misspelling: an error, as a misspelt
            // property is (the flow would not do what its author wrote). Any other key may be
            // an action newer than flowsim: a warning, and a run needs a stub for it.
            let d = if let Some(n) = near {
                self.cx
                    .diag(crate::diag::Code::Unsupported, format!("`{key}` is not an action flowsim knows (in {cname}, action `{name}`)"), pos)
                    .help(format!("did you mean `{n}`? a run that reaches it fails with `needsStub` unless a stub runs it; `flowsim docs architect` lists the actions flowsim runs"))
            } else {
                let mut d = self
                    .cx
                    .diag(crate::diag::Code::NeedsStub, format!("`{key}` is not an action flowsim knows (in {cname}, action `{name}`): a run needs a stub for it"), pos)
                    .help(format!("a run that reaches it runs from a stub (`stubs: [{{action: {}}}]`, `flowsim docs scenarios`) or fails with `needsStub`; `flowsim docs architect` lists the actions flowsim runs", crate::fixtures::yaml_scalar(&name)));
                d.severity = crate::diag::Severity::Warning;
                d
            };
            let d = d.node(&*id).property(key).maybe_fix(fix);
            self.cx.diags.push(d);
            let props = Box::new([Prop::Text(Arc::from(key))]);
            self.nodes[idx as usize].action = Action { spec: catalogue::unknown(), props };
            return;
        };
        let spec = catalogue::spec(spec_idx);
        let next = self.nodes[idx as usize].next;
        // A loop's body goes back to the loop when it ends.
        let after = if spec.facts.loops { Some(idx) } else { next };
        let mut exits = fixed_exits(spec);
        let mut props: Box<[Prop]>;
        if let Some(why) = spec.unsupported() {
            let d = if spec.needs_stub() {
                let mut d = self
                    .cx
                    .diag(
                        crate::diag::Code::NeedsStub,
                        format!("`{key}` runs from a stub (in {cname}, action `{name}`): {why}"),
                        pos,
                    )
                    .help(format!("a run that reaches it needs a stub (`stubs: [{{action: {}, output: ...}}]`, `flowsim docs scenarios`), else it fails with `needsStub`", crate::fixtures::yaml_scalar(&name)));
                d.severity = crate::diag::Severity::Warning;
                d
            } else {
                self.cx.diag(
                    crate::diag::Code::Unsupported,
                    format!("`{key}` is not run by flowsim (in {cname}, action `{name}`): {why}"),
                    pos,
                )
            }
            .node(&*id)
            .property(key);
            self.cx.diags.push(d);
            props = vec![Prop::None; spec.props.len()].into();
            self.loose_outputs(body, &mut exits, c, after, &id);
        } else {
            let owned;
            let first = self.cx.diags.len();
            (props, owned) = self.cx.action_props(key, spec, body, self.defaults, &id);
            self.unknown_keys(key, spec, body, owned, &id, first);
            match spec.dynamic {
                Dynamic::None => self.outputs(body, spec, &mut exits, c, after, &id),
                Dynamic::Cases => self.switch(body, spec, &mut props, &mut exits, c, next, &id),
                Dynamic::Target => self.jump(idx, key, body, spec, &props, &mut exits, pos, &id),
                Dynamic::TaskPaths => self.call(idx, body, spec, &props, c, next, pos, &id),
                Dynamic::Intents => {
                    // Call Lex V2 Bot keeps its outputs with the bot's alias.
                    let outputs_in = match key {
                        "callLexV2Bot" => super::irregular::lex_v2_alias(body).map(|(.., d)| d),
                        _ => None,
                    }
                    .unwrap_or(body);
                    self.outputs(outputs_in, spec, &mut exits, c, after, &id);
                    self.intents(outputs_in, &mut exits, c, after, &id);
                }
                Dynamic::UntilCases => {
                    self.outputs(body, spec, &mut exits, c, after, &id);
                    self.until_cases(body, spec, &mut props, &mut exits, c, next, &id);
                }
                // A menu's choices are read with the menu; conditions are a JSON `If`'s, which
                // no Archy key names.
                Dynamic::Choices | Dynamic::Conditions => {}
            }
        }
        let node = &mut self.nodes[idx as usize];
        node.action = Action { spec: spec_idx, props };
        node.exits = exits.into();
    }

    /// Keys of the action's `body` that flowsim does not read: a warning each, unless one
    /// misspells a required property the action lacks, whose error (among the action's
    /// diagnostics, from index `first`) then names it (`flow::unread`).
    fn unknown_keys(
        &mut self,
        key: &str,
        spec: &ActionSpec,
        body: &Y,
        owned: &[&str],
        id: &str,
        first: usize,
    ) {
        let mut unread = Vec::new();
        for (k, _) in body.entry_nodes() {
            let Some(name) = k.text() else { continue };
            let known = matches!(name.as_ref(), "name" | "outputs")
                || spec.props.iter().any(|p| p.is_key(&name))
                || owned.contains(&name.as_ref())
                || key.starts_with("menu") && CHOICE_KEYS.contains(&name.as_ref());
            if !known {
                // Every key the action reads: its properties (and their other keys), the keys
                // its irregular reading owns (`digits`), a menu's choices.
                let choices = if key.starts_with("menu") { CHOICE_KEYS } else { &[] };
                let names = spec
                    .props
                    .iter()
                    .flat_map(|p| std::iter::once(p.name).chain(p.alias))
                    .chain(owned.iter().copied())
                    .chain(choices.iter().copied())
                    .chain(["name", "outputs"]);
                let near = crate::flow::unread::near(&name, names.clone())
                    .unless_written(|n| body.get(n).is_some());
                // What the action does read, so the author need not look it up (`flowsim
                // explain unknownProperty` says the rest).
                let mut reads: Vec<&str> = Vec::new();
                for n in std::iter::once("name").chain(names) {
                    if !reads.contains(&n) {
                        reads.push(n);
                    }
                }
                let d = self
                    .cx
                    .diag(
                        crate::diag::Code::UnknownProperty,
                        format!(
                            "`{key}` has no property `{name}` that flowsim reads; it is ignored"
                        ),
                        k.pos,
                    )
                    .node(id)
                    .property(name.as_ref())
                    .help(format!("`{key}` reads {}", reads.join(", ")));
                let warning =
                    crate::flow::unread::unknown_key(d, &name, &near, k.pos.line, k.pos.col);
                unread.push(Unread { key: name, near: near.name, warning });
            }
        }
        if unread.is_empty() {
            return;
        }
        let warnings = name_misspellings(&mut self.cx.diags[first..], unread);
        self.cx.diags.extend(warnings);
    }

    /// Fixed outputs: `outputs: {yes: {actions: [...]}, no: ...}`.
    fn outputs(
        &mut self,
        body: &'t Y,
        spec: &ActionSpec,
        exits: &mut [Exit],
        c: u32,
        after: Option<NodeIdx>,
        id: &str,
    ) {
        for (exit, o) in exits.iter_mut().zip(spec.outputs) {
            exit.enabled = !catalogue::optional_output(o.name);
        }
        let Some(outputs) = body.get("outputs") else { return };
        for (k, v) in outputs.entry_nodes() {
            let name = k.output_name().unwrap_or_default();
            let prop = format!("outputs.{name}");
            if let Some(i) = spec.output_index(&name) {
                exits[i].target =
                    self.list(v.get("actions"), c, after, At { node: id, prop: &prop });
                exits[i].enabled = enabled(v);
            } else if spec.dynamic == Dynamic::Intents
                && matches!(name.as_ref(), "intents" | "choices" | "paths")
            {
                // Read by `intents`.
            } else {
                // Its actions would never run: an error, not a path silently dropped.
                let mut have: Vec<&str> = spec.outputs.iter().map(|o| o.name).collect();
                // An ask's or a menu's own paths are listed under one of these keys.
                if spec.dynamic == Dynamic::Intents {
                    have.extend(["intents", "choices", "paths"]);
                }
                let hint = crate::util::nearest(&name, have.iter().copied()).map_or_else(
                    || "`flowsim docs architect` §3 lists each action's outputs".to_owned(),
                    |n| format!("did you mean `{n}`?"),
                );
                let fix = crate::util::nearest_one(&name, have.iter().copied())
                    .zip(k.text())
                    .and_then(|(n, written)| self.cx.rename(k.pos, &written, n));
                let d = self
                    .cx
                    .diag(crate::diag::Code::UnknownOutput, format!("`{}` has no output `{name}` that flowsim knows (its outputs: {}): its actions would never run", spec.key, have.join(", ")), k.pos)
                    .node(id)
                    .property(prop)
                    .help(hint)
                    .maybe_fix(fix);
                self.cx.diags.push(d);
            }
        }
    }

    /// `askForIntent`'s `outputs: {intents: [- intent: {name, actions, enabled}]}`: one exit
    /// per intent, named as the NLU domain names it.
    fn intents(
        &mut self,
        body: &'t Y,
        exits: &mut Vec<Exit>,
        c: u32,
        after: Option<NodeIdx>,
        id: &str,
    ) {
        // Ask for Intent: `intents: [- intent: ...]`; Digital Menu: `paths: [- path: ...]` (or
        // `choices: [- choice: ...]`).
        let outputs = body.get("outputs");
        let (list, item_key) = [("paths", "path"), ("choices", "choice"), ("intents", "intent")]
            .into_iter()
            .find_map(|(list, item)| outputs.and_then(|o| o.get(list)).map(|l| (Some(l), item)))
            .unwrap_or((None, "intent"));
        // A third-party bot's intents keyed by name: `intents: {<intent>: {actions}}`.
        if let Some(map) = list.filter(|l| l.is_map()) {
            for (name, b) in map.entries() {
                let prop = format!("outputs.intents.{name}");
                exits.push(self.named_exit(&name, b, c, after, At { node: id, prop: &prop }));
            }
            return;
        }
        for (i, item) in list.and_then(Y::seq).unwrap_or_default().iter().enumerate() {
            let prop = format!("outputs.{item_key}s[{i}]");
            let at = At { node: id, prop: &prop };
            let Some(b) = item.get(item_key).filter(|b| b.is_map()) else {
                let d = self
                    .cx
                    .diag(
                        crate::diag::Code::BadPropertyType,
                        format!("each output here is `- {item_key}: {{name, actions}}`"),
                        item.pos,
                    )
                    .node(id)
                    .property(prop.as_str());
                self.cx.diags.push(d);
                continue;
            };
            let Some(name) = b.get("name").and_then(Y::text).filter(|n| !n.is_empty()) else {
                self.cx.missing(b, At { node: id, prop: &format!("{prop}.name") });
                continue;
            };
            exits.push(self.named_exit(&name, b, c, after, at));
        }
    }

    /// An output named `name` whose body `b` holds its `actions` (and `enabled`).
    fn named_exit(
        &mut self,
        name: &str,
        b: &'t Y,
        c: u32,
        after: Option<NodeIdx>,
        at: At<'_>,
    ) -> Exit {
        let target = self.list(b.get("actions"), c, after, at);
        Exit {
            name: Arc::from(name),
            export_id: None,
            target,
            enabled: b.get("enabled").is_none_or(Y::truthy),
        }
    }

    /// Outputs of actions flowsim does not run (bots): fixed ones where the catalogue has
    /// them, others (`intents: [- intent: {name, actions}]`) appended, so that their actions
    /// are nodes too.
    fn loose_outputs(
        &mut self,
        body: &'t Y,
        exits: &mut Vec<Exit>,
        c: u32,
        after: Option<NodeIdx>,
        id: &str,
    ) {
        let Some(outputs) = body.get("outputs") else { return };
        let spec_outputs: Vec<Arc<str>> = exits.iter().map(|e| e.name.clone()).collect();
        for (k, v) in outputs.entry_nodes() {
            let name = k.output_name().unwrap_or_default();
            let prop = format!("outputs.{name}");
            let at = At { node: id, prop: &prop };
            if let Some(i) = spec_outputs.iter().position(|o| o.eq_ignore_ascii_case(&name)) {
                exits[i].target = self.list(v.get("actions"), c, after, at);
            } else if let Some(items) = v.seq() {
                for item in items {
                    let Some((_, b)) = item.single() else { continue };
                    let label = b.get("name").and_then(Y::text).unwrap_or_default();
                    let target = self.list(b.get("actions"), c, after, at);
                    exits.push(Exit {
                        name: Arc::from(label.as_ref()),
                        export_id: None,
                        target,
                        enabled: true,
                    });
                }
            } else if v.get("actions").is_some() {
                let target = self.list(v.get("actions"), c, after, at);
                exits.push(Exit {
                    name: Arc::from(name.as_ref()),
                    export_id: None,
                    target,
                    enabled: true,
                });
            }
        }
    }

    /// Loop Until's `untilCases: [- untilCase: {name, value: {exp: ...}, actions: [...]}]`: one
    /// exit each, after `loop`, named by the case's `name` (else `case N`); a case's actions go
    /// on after the Loop Until, as a switch case's go on after the switch.
    #[allow(clippy::too_many_arguments)]
    fn until_cases(
        &mut self,
        body: &'t Y,
        spec: &ActionSpec,
        props: &mut [Prop],
        exits: &mut Vec<Exit>,
        c: u32,
        next: Option<NodeIdx>,
        id: &str,
    ) {
        let list = body.get("untilCases");
        if let Some(l) = list.filter(|l| l.seq().is_none() && !matches!(l.v, V::Null)) {
            let d = self
                .cx
                .diag(
                    crate::diag::Code::BadPropertyType,
                    format!(
                        "`untilCases` is a list (`- untilCase: {{name, value, actions}}`), not {}",
                        l.kind()
                    ),
                    l.pos,
                )
                .node(id)
                .property("untilCases");
            self.cx.diags.push(d);
        }
        let cases = self.cases(list, "untilCase", "untilCases", true, exits, c, next, id);
        if let Some(i) = spec.prop_index("untilCases") {
            props[i] = Prop::List(cases.into());
        }
    }

    /// `switch: {evaluate: {firstTrue: {cases: [- case: {value, actions}], default: {actions}}}}`,
    /// or `evaluate: {firstMatch: {string: {value: {exp: ...}, cases, default}}}`: the value
    /// the cases are compared with under its type's key, the cases beside it (Archy's form), or
    /// `firstMatch: {string: {exp: ...}, cases, default}`.
    #[allow(clippy::too_many_arguments)]
    fn switch(
        &mut self,
        body: &'t Y,
        spec: &ActionSpec,
        props: &mut [Prop],
        exits: &mut Vec<Exit>,
        c: u32,
        next: Option<NodeIdx>,
        id: &str,
    ) {
        let evaluate = body.get("evaluate");
        let first_true = evaluate.and_then(|e| e.get("firstTrue"));
        let first_match = evaluate.and_then(|e| e.get("firstMatch"));
        // One evaluation style: a switch with both, or neither, is a form flowsim does not run,
        // and its cases are left unread (a run that reaches it fails with `unsupported`).
        let (Some(mut first_true), false) =
            (first_true.or(first_match), first_true.is_some() && first_match.is_some())
        else {
            let d = self
                .cx
                .diag(crate::diag::Code::Unsupported, "a switch is read as `evaluate: {firstTrue: {cases, default}}` or `evaluate: {firstMatch: {<type>: {value, cases, default}}}`, one of the two; this one has another form, and a run that reaches it fails with `unsupported`", body.pos)
                .node(id)
                .property("evaluate");
            self.cx.diags.push(d);
            if let Some(i) = spec.prop_index("cases") {
                props[i] = Prop::None;
            }
            return;
        };
        if first_match.is_some() {
            // The value compared is under its type's key (`string:`): either a mapping that
            // holds it as `value:` beside the cases, or the value itself (`string: {exp: ...}`).
            let mut typed_keys = first_true.entry_nodes().iter().filter(|(k, _)| {
                k.text().is_some_and(|k| !["cases", "default"].contains(&k.as_ref()))
            });
            let typed = typed_keys.next().map(|(_, v)| v);
            // One value is compared: a second type key is read by nothing.
            let extra: Vec<&Y> = typed_keys.map(|(k, _)| k).collect();
            for k in extra {
                let name = k.text().unwrap_or_default();
                let d = self
                    .cx
                    .diag(
                        crate::diag::Code::UnknownProperty,
                        format!("a first-match switch compares one value; `{name}` is read by nothing and ignored"),
                        k.pos,
                    )
                    .node(id)
                    .property("evaluate.firstMatch")
                    .help("keep one value under its type's key (`string:`), beside `cases` and `default`");
                self.cx.diags.push(Diagnostic { severity: Severity::Warning, ..d });
            }
            let value = match typed {
                Some(t) if t.get("value").is_some() || t.get("cases").is_some() => {
                    first_true = t;
                    t.get("value")
                }
                other => other,
            };
            let prop = match value {
                Some(v) => {
                    self.cx.value(v, PropKind::Expr, At { node: id, prop: "evaluate.firstMatch" })
                }
                None => Prop::None,
            };
            if prop.is_none() {
                self.cx
                    .missing(first_true, At { node: id, prop: "evaluate.firstMatch.<type>.value" });
            }
            if let Some(i) = spec.prop_index("expression") {
                props[i] = prop;
            }
        }
        exits[0].target = first_true
            .get("default")
            .and_then(|d| self.list(d.get("actions"), c, next, At { node: id, prop: "default" }));
        let cases = self.cases(first_true.get("cases"), "case", "cases", false, exits, c, next, id);
        if let Some(i) = spec.prop_index("cases") {
            props[i] = Prop::List(cases.into());
        }
    }

    /// A switch's `cases: [- case: {value, actions}]` or Loop Until's `untilCases: [-
    /// untilCase: {name, value, actions}]`: each case's value (`missingProperty` without one)
    /// for the action's `prop`, and one exit each whose actions go on to `next`, named by the
    /// case's `name` where `named` (else `case N`).
    #[allow(clippy::too_many_arguments)]
    fn cases(
        &mut self,
        list: Option<&'t Y>,
        item_key: &str,
        prop: &str,
        named: bool,
        exits: &mut Vec<Exit>,
        c: u32,
        next: Option<NodeIdx>,
        id: &str,
    ) -> Vec<Box<[Prop]>> {
        let mut cases = Vec::new();
        for (i, item) in list.and_then(Y::seq).unwrap_or_default().iter().enumerate() {
            let case = item.get(item_key).unwrap_or(item);
            let prop = format!("{prop}[{i}]");
            let at = At { node: id, prop: &prop };
            let value = if let Some(v) = case.get("value") {
                self.cx.value(v, PropKind::Expr, at)
            } else {
                self.cx.missing(case, At { node: id, prop: &format!("{prop}.value") });
                Prop::None
            };
            cases.push(vec![value].into_boxed_slice());
            let target = self.list(case.get("actions"), c, next, at);
            let name = case
                .get("name")
                .and_then(Y::text)
                .filter(|_| named)
                .map_or_else(|| Arc::from(format!("case {}", i + 1)), |n| Arc::from(n.as_ref()));
            exits.push(Exit { name, export_id: None, target, enabled: true });
        }
        cases
    }
}
