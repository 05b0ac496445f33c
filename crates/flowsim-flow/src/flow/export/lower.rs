//! Sequences and action chains → containers and one graph.
//!
//! The export lists sequences (`flowSequenceItemList`: `State`, `Task`, `Menu`, `BotState`,
//! `LoopTask` for an in-queue flow, `CommonModuleTask`), each with an `actionList` and a
//! `startAction`. Actions form chains: `nextAction` is the action after; each of `paths`
//! (`LoopAction` has one `path`) starts another chain at `nextActionId`. Where a chain that
//! started on a path ends, Architect goes on after the action that owns the path (a loop's body
//! goes back to the loop): that last action's `next` is the owner's, found by walking the
//! chains from each start with an explicit stack (no recursion on the file's depth).
//!
//! A menu becomes a `menu` node (its prompts and choices) followed by one node per choice's
//! action (`TaskAction` jumps to the choice's task). Jumps (`ChangeStateAction`,
//! `JumpToTaskAction`, `CallTaskAction`...) name their target sequence by id.

use super::{kind_of, s, Cx};
use crate::flow::action::{Action, Prop};
use crate::flow::catalogue;
use crate::flow::model::{Container, ContainerKind, FlowType, Graph, Node, NodeIdx};
use rustc_hash::FxHashMap;
use serde_json::{Map, Value as J};
use std::sync::Arc;

/// What lowering produces.
pub(super) struct Lowered {
    pub graph: Graph,
    pub containers: Vec<Container>,
    /// Each container's export id, by index.
    pub container_ids: Vec<Arc<str>>,
    /// Each action's JSON path, by node id.
    pub node_paths: Vec<(Arc<str>, Box<str>)>,
}

/// One action before its links are resolved.
pub(super) struct Raw<'j> {
    pub o: &'j Map<String, J>,
    pub path: String,
    pub container: u32,
    pub spec: u16,
    pub id: Arc<str>,
    pub next: Option<&'j str>,
    /// `(outputId, label, nextActionId)`.
    pub paths: Vec<(&'j str, &'j str, Option<&'j str>)>,
    /// A menu's choices: `(choice id, name, the choice's action node)`.
    pub choices: Vec<(&'j str, &'j str, NodeIdx)>,
}

pub(super) fn lower(cx: &mut Cx<'_>, doc: &Map<String, J>, flow_type: &str) -> Option<Lowered> {
    let Some(seqs) = doc.get("flowSequenceItemList").and_then(J::as_array) else {
        let what = doc.get("flowSequenceItemList").map_or("nothing", kind_of);
        cx.error(
            crate::diag::Code::ExportShape,
            None,
            "flowSequenceItemList",
            format!("`flowSequenceItemList` must be an array, not {what}"),
        );
        return None;
    };
    let mut raws: Vec<Raw<'_>> = Vec::new();
    let mut containers = Vec::with_capacity(seqs.len());
    let mut ids: Vec<Arc<str>> = Vec::with_capacity(seqs.len());
    let mut starts: Vec<Option<&str>> = Vec::with_capacity(seqs.len());
    let call_flow = FlowType::of(flow_type) == FlowType::Call;
    let called: Vec<&str> = seqs
        .iter()
        .filter_map(|q| q.get("actionList")?.as_array())
        .flatten()
        .filter(|a| s(a.get("__type")) == Some("CallTaskAction"))
        .filter_map(|a| s(a.get("taskReference")))
        .collect();
    // Sequence ids (folded) → the first sequence's index.
    let mut seen: FxHashMap<Box<str>, usize> = FxHashMap::default();
    for (si, seq) in seqs.iter().enumerate() {
        let path = format!("flowSequenceItemList[{si}]");
        let Some(o) = seq.as_object() else {
            cx.error(
                crate::diag::Code::ExportShape,
                None,
                &path,
                format!("`{path}` must be an object, not {}", kind_of(seq)),
            );
            continue;
        };
        let ty = s(o.get("__type")).unwrap_or("");
        let id = s(o.get("id")).unwrap_or("");
        let name = s(o.get("name")).unwrap_or(id);
        if id.is_empty() {
            cx.error(
                crate::diag::Code::MissingProperty,
                None,
                &path,
                format!("`{path}` (`{name}`) has no `id`"),
            );
        } else if let Some(first) = seen.get(crate::util::fold_case(id).as_ref()) {
            cx.error(
                crate::diag::Code::DuplicateId,
                None,
                &path,
                format!(
                    "`{path}` (`{name}`) has the id `{id}`, as the state at `flowSequenceItemList[{first}]` does: ids must be unique"
                ),
            );
        } else {
            seen.insert(crate::util::fold_case(id).into(), si);
        }
        let kind = match ty {
            "State" => ContainerKind::State,
            "BotState" => ContainerKind::BotState,
            "Menu" => ContainerKind::Menu,
            "LoopTask" | "CommonModuleTask" | "StartUpTask" => ContainerKind::StartUpTask,
            "Task" if !call_flow || called.iter().any(|c| c.eq_ignore_ascii_case(id)) => {
                ContainerKind::ReusableTask
            }
            "Task" => ContainerKind::Task,
            other => {
                let d = cx
                    .diag(
                        crate::diag::Code::Unsupported,
                        format!("sequence type `{other}` is not supported"),
                    )
                    .property(format!("{path}.__type"));
                cx.push(d);
                ContainerKind::Task
            }
        };
        let index = containers.len() as u32;
        let vars_path = format!("{path}.variables");
        let variables = cx.variables(o.get("variables"), &vars_path);
        let output_paths = o
            .get("paths")
            .and_then(J::as_array)
            .map(|ps| ps.iter().filter_map(|p| s(p.get("label"))).map(Arc::from).collect())
            .unwrap_or_default();
        containers.push(Container {
            kind,
            name: name.into(),
            ref_id: id.into(),
            start: None,
            variables,
            output_paths,
        });
        ids.push(Arc::from(id));
        if kind == ContainerKind::Menu {
            starts.push(Some(id));
            menu(cx, o, &path, index, &mut raws);
        } else {
            starts.push(s(o.get("startAction")).filter(|a| !a.is_empty()));
        }
        if let Some(actions) = o.get("actionList").and_then(J::as_array) {
            for (ai, a) in actions.iter().enumerate() {
                let apath = format!("{path}.actionList[{ai}]");
                raw(cx, a, apath, index, &mut raws);
            }
        }
    }

    // Ids → nodes (ids are unique case-insensitively: the model's invariant). A duplicate is a
    // load error naming both places: Architect's ids are GUIDs, so two equal ones mean a
    // hand-edited or merged export whose links cannot be told apart. The first keeps the id.
    // (A menu is a sequence and a node: two menus are reported once, as states.)
    let mut by_lower: FxHashMap<Box<str>, NodeIdx> = FxHashMap::default();
    for (i, r) in raws.iter().enumerate() {
        match by_lower.entry(crate::util::fold_case(&r.id).into()) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(i as NodeIdx);
            }
            std::collections::hash_map::Entry::Occupied(o) => {
                let first = &raws[*o.get() as usize];
                if !is_action(&first.path) && !is_action(&r.path) {
                    continue;
                }
                let what = if is_action(&first.path) { "the action" } else { "the menu" };
                cx.error(
                    crate::diag::Code::DuplicateId,
                    Some(&r.id),
                    &r.path,
                    format!(
                        "`{}` has the id `{}`, as {what} at `{}` does: ids must be unique",
                        r.path, r.id, first.path
                    ),
                );
            }
        }
    }
    let resolve = |cx: &mut Cx<'_>, id: &str, node: Option<&str>, path: &str| {
        let found = by_lower.get(crate::util::fold_case(id).as_ref()).copied();
        if found.is_none() {
            cx.error(
                crate::diag::Code::DanglingAction,
                node,
                path,
                format!("`{path}` names `{id}`, which is no action of the flow"),
            );
        }
        found
    };
    for (c, start) in containers.iter_mut().zip(&starts) {
        c.start = start.and_then(|a| resolve(cx, a, None, "startAction"));
    }
    let n = raws.len();
    let mut links: Vec<(Option<NodeIdx>, Vec<Option<NodeIdx>>)> = Vec::with_capacity(n);
    for r in &raws {
        let next =
            r.next.and_then(|a| resolve(cx, a, Some(&r.id), &format!("{}.nextAction", r.path)));
        let mut targets: Vec<Option<NodeIdx>> = r
            .paths
            .iter()
            .enumerate()
            .map(|(pi, (_, _, t))| {
                t.and_then(|a| {
                    resolve(cx, a, Some(&r.id), &format!("{}.paths[{pi}].nextActionId", r.path))
                })
            })
            .collect();
        targets.extend(r.choices.iter().map(|c| Some(c.2)));
        links.push((next, targets));
    }

    let next = super::links::fall_through(&raws, &links, &containers);
    let container_index: FxHashMap<Box<str>, u32> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (crate::util::fold_case(id).into(), i as u32))
        .collect();
    let mut nodes = Vec::with_capacity(n);
    for (i, r) in raws.iter().enumerate() {
        let spec = catalogue::spec(r.spec);
        let exits = super::links::exits(cx, r, &links[i].1, &containers, &container_index);
        let props: Box<[Prop]> = if r.spec == catalogue::unknown() {
            let ty = s(r.o.get("__type")).unwrap_or("");
            Box::new([Prop::Text(Arc::from(ty))])
        } else if spec.unsupported().is_some() {
            vec![Prop::None; spec.props.len()].into()
        } else {
            cx.props(spec, r.o, &r.id, &r.path)
        };
        nodes.push(Node {
            id: r.id.clone(),
            name: s(r.o.get("name"))
                .map_or_else(|| catalogue::default_name(spec.key), str::to_owned)
                .into(),
            action: Action { spec: r.spec, props },
            container: r.container,
            line: 0,
            tracking_id: r
                .o
                .get("trackingId")
                .and_then(J::as_u64)
                .and_then(|t| u32::try_from(t).ok()),
            exits,
            next: next[i],
        });
    }
    let initial = s(doc.get("initialSequence"));
    let start_container = match initial {
        Some(id) => container_index.get(crate::util::fold_case(id).as_ref()).copied(),
        None => (!containers.is_empty()).then_some(0),
    };
    let Some(start) = start_container.and_then(|c| containers[c as usize].start) else {
        let message = match (initial, start_container) {
            (Some(id), None) => format!(
                "`initialSequence` names `{id}`, which is no state, task or menu of the flow"
            ),
            (_, Some(_)) => "the flow's first state, task or menu has no actions".to_owned(),
            (None, None) => "the flow has no states, tasks or menus".to_owned(),
        };
        cx.error(crate::diag::Code::MissingStart, None, "initialSequence", message);
        return None;
    };
    // A call flow's `initialPrompts` play first, as Archy's `initialGreeting` does.
    let mut start = start;
    let greeting = doc.get("initialPrompts").filter(|g| !g.is_null()).map(|g| {
        cx.prop(
            Some(g),
            crate::flow::catalogue::PropKind::Audio,
            super::value::At { node: None, path: "initialPrompts" },
        )
    });
    if let Some(audio) = greeting.filter(|p| !p.is_none()) {
        let spec = catalogue::by_key("playAudio").expect("the catalogue has `playAudio`");
        let id: Arc<str> = Arc::from("initialGreeting");
        by_lower.insert(Box::from("initialgreeting"), nodes.len() as NodeIdx);
        nodes.push(Node {
            id,
            name: Arc::from("Initial Greeting"),
            action: Action { spec, props: Box::new([audio]) },
            container: nodes[start as usize].container,
            line: 0,
            tracking_id: None,
            exits: Box::new([]),
            next: Some(start),
        });
        start = (nodes.len() - 1) as NodeIdx;
    }
    Some(Lowered {
        graph: Graph { start, nodes, by_lower_id: by_lower },
        containers,
        container_ids: ids,
        node_paths: raws.iter().map(|r| (r.id.clone(), r.path.as_str().into())).collect(),
    })
}

/// Whether a raw node's JSON path is an action's (else it is a menu sequence's).
fn is_action(path: &str) -> bool {
    path.contains(".actionList[") || path.contains(".menuChoiceList[")
}

/// One action object → a [`Raw`]; an unknown `__type` or an action flowsim does not run is
/// reported `unsupported` here.
fn raw<'j>(cx: &mut Cx<'_>, a: &'j J, path: String, container: u32, raws: &mut Vec<Raw<'j>>) {
    let Some(o) = a.as_object() else {
        cx.error(
            crate::diag::Code::ExportShape,
            None,
            &path,
            format!("`{path}` must be an object, not {}", kind_of(a)),
        );
        return;
    };
    let Some(id) = s(o.get("id")).filter(|i| !i.is_empty()) else {
        cx.error(
            crate::diag::Code::MissingProperty,
            None,
            &path,
            format!("the action at `{path}` has no `id`"),
        );
        return;
    };
    let ty = s(o.get("__type")).unwrap_or("");
    let spec = catalogue::by_export(ty).unwrap_or_else(|| {
        let mut d = cx
            .diag(
                crate::diag::Code::NeedsStub,
                format!("action type `{ty}` is not in flowsim's catalogue: a run needs a stub for it"),
            )
            .node(id)
            .property(format!("{path}.__type"))
            .help(format!("a run that reaches it runs from a stub (`stubs: [{{id: {}}}]`, `flowsim docs scenarios`) or fails with `needsStub`", crate::fixtures::yaml_scalar(id)));
        d.severity = crate::diag::Severity::Warning;
        cx.push(d);
        catalogue::unknown()
    });
    if let Some(why) = catalogue::spec(spec).unsupported().filter(|_| spec != catalogue::unknown())
    {
        let key = catalogue::spec(spec).key;
        let mut d = if catalogue::spec(spec).needs_stub() {
            cx.diag(crate::diag::Code::NeedsStub, format!("`{key}` ({ty}) runs from a stub: {why}"))
                .help(format!("a run that reaches it needs a stub (`stubs: [{{id: {}, output: ...}}]`, `flowsim docs scenarios`), else it fails with `needsStub`", crate::fixtures::yaml_scalar(id)))
        } else {
            cx.diag(
                crate::diag::Code::Unsupported,
                format!("`{key}` ({ty}) is not run by flowsim: {why}"),
            )
        }
        .node(id)
        .property(format!("{path}.__type"));
        if catalogue::spec(spec).needs_stub() {
            d.severity = crate::diag::Severity::Warning;
        }
        cx.push(d);
    }
    let mut paths = Vec::new();
    let list = o.get("paths").and_then(J::as_array).map_or(&[][..], Vec::as_slice);
    for p in list.iter().chain(o.get("path")) {
        let output = s(p.get("outputId")).unwrap_or("");
        paths.push((
            output,
            s(p.get("label")).unwrap_or(output),
            s(p.get("nextActionId")).filter(|t| !t.is_empty()),
        ));
    }
    raws.push(Raw {
        o,
        path,
        container,
        spec,
        id: Arc::from(id),
        next: s(o.get("nextAction")).filter(|t| !t.is_empty()),
        paths,
        choices: Vec::new(),
    });
}

/// A menu: its own `menu` node, then a node per choice's action.
fn menu<'j>(
    cx: &mut Cx<'_>,
    o: &'j Map<String, J>,
    path: &str,
    container: u32,
    raws: &mut Vec<Raw<'j>>,
) {
    let id = s(o.get("id")).unwrap_or("");
    let menu_at = raws.len();
    raws.push(Raw {
        o,
        path: path.to_owned(),
        container,
        spec: catalogue::by_key("menu").expect("the catalogue has `menu`"),
        id: Arc::from(id),
        next: None,
        paths: Vec::new(),
        choices: Vec::new(),
    });
    let list = o.get("menuChoiceList").and_then(J::as_array).map_or(&[][..], Vec::as_slice);
    for (ci, choice) in list.iter().enumerate() {
        let cpath = format!("{path}.menuChoiceList[{ci}]");
        let Some(action) = choice.get("action") else {
            cx.error(
                crate::diag::Code::MissingProperty,
                Some(id),
                &cpath,
                format!("menu choice `{cpath}` has no `action`"),
            );
            continue;
        };
        let at = raws.len() as NodeIdx;
        raw(cx, action, format!("{cpath}.action"), container, raws);
        if raws.len() as NodeIdx > at {
            let cid = s(choice.get("id")).unwrap_or("");
            let name = s(choice.get("name")).unwrap_or(cid);
            raws[menu_at].choices.push((cid, name, at));
        }
    }
}
