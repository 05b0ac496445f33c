//! A flow as a diagram's data: groups (containers), boxes (actions, nodes), labelled edges
//! (outputs, paths, jumps, calls), built once from the format-independent model and drawn by
//! each renderer ([`super::mermaid`], [`super::dot`], [`super::svg`]).
//!
//! Invariants: boxes and edges are in a fixed order (the graph's node order, then each node's
//! edges in [`edge::edges`]'s order), so every renderer's output is deterministic; every
//! index is in range. Boxes flowsim adds are an end per container (where outputs that end it
//! go) and one box per flow the flow calls or transfers to.

use crate::flow::action::Prop;
use crate::flow::catalogue::json;
use crate::flow::catalogue::{Dynamic, Listing, Varies};
use crate::flow::edge::{self, Edge, Path};
use crate::flow::model::{ContainerKind, Node, NO_CONTAINER};
use crate::flow::registry::Want;
use crate::flow::{Flow, NodeIdx, Registry, Version};
use std::fmt::Write as _;

/// Longest text a label keeps; the rest is cut with `…` (the full text is in the tooltip).
pub const MAX_LABEL: usize = 60;
/// Longest detail line (a condition, a data action's name).
pub const MAX_DETAIL: usize = 40;

/// One flow, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowGraph {
    pub flow: String,
    pub flow_type: String,
    pub version: Version,
    pub groups: Vec<Group>,
    pub boxes: Vec<GBox>,
    pub edges: Vec<GEdge>,
    /// Set when a coverage overlay was applied: (nodes covered, nodes, edges covered, edges).
    pub coverage: Option<(usize, usize, usize, usize)>,
}

/// A container: a task, menu, reusable task, state.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// `task`, `menu`, `reusableTask`, `state`... ([`ContainerKind::as_str`]).
    pub kind: &'static str,
    pub name: String,
}

/// What a box stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// An action or a seeds' JSON node.
    Action,
    /// A node that branches on a condition or input (decision, switch, If, menus, asks).
    Choice,
    /// A node that ends, jumps, transfers or disconnects.
    Terminal,
    /// Where outputs that end a container go (flowsim's box, not the flow's).
    End,
    /// Another flow: a common module, bot flow, or transfer target.
    Callee,
}

/// Whether coverage reached a box or edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Hit {
    /// No coverage overlay.
    #[default]
    Unknown,
    /// Reached: how many times, when the coverage file counts.
    Hit(Option<u64>),
    /// Never reached.
    Miss,
    /// An error path of a node that cannot fail (not counted).
    Dead,
}

impl Hit {
    /// ` ×3` after a label (nothing without a count).
    pub fn suffix(self) -> String {
        match self {
            Hit::Hit(Some(n)) => format!(" ×{n}"),
            Hit::Miss => " ×0".into(),
            _ => String::new(),
        }
    }

    /// The CSS class / style name: `hit`, `miss`, `dead`, `plain`.
    pub fn class(self) -> &'static str {
        match self {
            Hit::Unknown => "plain",
            Hit::Hit(_) => "hit",
            Hit::Miss => "miss",
            Hit::Dead => "dead",
        }
    }

    fn combine(self, other: Hit) -> Hit {
        match (self, other) {
            (Hit::Hit(a), Hit::Hit(b)) => {
                Hit::Hit(a.zip(b).map(|(a, b)| a.saturating_add(b)).or(a).or(b))
            }
            (Hit::Hit(a), _) | (_, Hit::Hit(a)) => Hit::Hit(a),
            (Hit::Miss, _) | (_, Hit::Miss) => Hit::Miss,
            (a, _) => a,
        }
    }
}

/// One box.
#[derive(Debug, Clone, PartialEq)]
pub struct GBox {
    /// The flow's node id (empty for boxes flowsim adds).
    pub node_id: String,
    /// The action's name (cut to [`MAX_LABEL`]).
    pub name: String,
    /// The type: Archy's key (`decision`), the seeds' node type (`If`), a callee's flow type.
    pub kind: String,
    /// What the node works on, when that says more than its name: a decision's condition, a
    /// data action's or queue's name, a prompt's text (cut to [`MAX_DETAIL`]), a bot's ask's
    /// intents, choices or slot (cut to [`MAX_LABEL`]); may be empty.
    pub detail: String,
    /// Index into [`FlowGraph::groups`].
    pub group: Option<usize>,
    pub shape: Shape,
    /// The flow starts here.
    pub start: bool,
    pub hit: Hit,
}

/// How an edge leaves its node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// An output or path to the next action.
    Flow,
    /// An error or timeout path.
    Error,
    /// A jump to another container (jumpToTask, changeState, menu choices).
    Jump,
    /// A call: callTask into a reusable task, a common module, a bot flow, a transfer.
    Call,
}

/// One edge.
#[derive(Debug, Clone, PartialEq)]
pub struct GEdge {
    pub from: usize,
    pub to: usize,
    /// The output's name (`yes`, a case, a condition's text); empty for a plain way on.
    pub label: String,
    pub kind: EdgeKind,
    pub hit: Hit,
    /// The node and the index of this edge among [`edge::edges`] of it (coverage's key).
    pub slot: Option<(NodeIdx, usize)>,
}

/// Cuts text to [`MAX_LABEL`] characters, on one line.
pub fn clip(text: &str) -> String {
    let one_line: String =
        text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>();
    let one_line = one_line.trim();
    if one_line.chars().count() <= MAX_LABEL {
        return one_line.to_owned();
    }
    let mut cut: String = one_line.chars().take(MAX_LABEL - 1).collect();
    cut.push('…');
    cut
}

/// Cuts text to `max` characters on one line.
fn clip_to(text: &str, max: usize) -> String {
    let c = clip(text);
    if c.chars().count() <= max {
        return c;
    }
    let mut cut: String = c.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

/// A property's text for a label: fixed text, a literal, or an expression's source.
fn prop_text(p: &Prop) -> Option<String> {
    match p {
        Prop::Text(t) => Some(t.to_string()),
        Prop::Expr(e) => Some(match &e.kind {
            crate::expr::ExprKind::Lit(v) => v.display(),
            _ => e.to_string(),
        }),
        _ => None,
    }
}

/// The most intent or choice names a bot's ask box lists before `+N more`.
pub const MAX_LISTED: usize = 4;

/// What a bot's ask offers, when it is one: `intents: Order Status, Cancel Order`,
/// `choices: Track, Return +3 more` (at most [`MAX_LISTED`] names, and no more than fit in
/// [`MAX_LABEL`] characters), `slot: OrderNumber`. Only the intents and choices the flow
/// turned on are listed (a turned-off one cannot be taken).
fn bot_ask_detail(node: &Node, a: &crate::flow::action::Action) -> Option<String> {
    let spec = a.spec();
    let what = match spec.facts.lists? {
        Listing::Intents => "intents",
        Listing::Choices => "choices",
        Listing::Slot(prop) => {
            let slot = prop_text(a.prop(spec.prop_index(prop)?))?;
            return Some(clip(&format!("slot: {slot}")));
        }
    };
    let names: Vec<&str> = node
        .exits
        .iter()
        .skip(spec.outputs.len())
        .filter(|e| e.enabled)
        .map(|e| &*e.name)
        .collect();
    if names.is_empty() {
        return Some(format!("no {what}"));
    }
    let mut text = format!("{what}: ");
    let mut listed = 0;
    for name in &names {
        let rest = names.len() - listed - 1;
        let more = if rest > 0 { format!(" +{rest} more") } else { String::new() };
        let sep = if listed == 0 { "" } else { ", " };
        let fits = text.chars().count() + sep.len() + name.chars().count() + more.chars().count()
            <= MAX_LABEL;
        if listed > 0 && (listed == MAX_LISTED || !fits) {
            break;
        }
        text.push_str(sep);
        text.push_str(name);
        listed += 1;
    }
    if listed < names.len() {
        let _ = write!(text, " +{} more", names.len() - listed);
    }
    Some(clip(&text))
}

/// What a node works on: see [`GBox::detail`].
fn detail_of(node: &Node) -> String {
    let a = &node.action;
    if let Some(text) = bot_ask_detail(node, a) {
        return text;
    }
    let text = if let Some(shows) = a.spec().facts.shows {
        shows(a)
    } else {
        let spec = a.spec();
        let named = ["condition", "dataAction", "dataTable", "outputPath", "expression"]
            .iter()
            .find_map(|name| spec.prop_index(name).and_then(|i| prop_text(a.prop(i))));
        named.or_else(|| {
            spec.props
                .iter()
                .enumerate()
                .filter(|(_, p)| matches!(p.kind, crate::flow::catalogue::PropKind::Target))
                .find_map(|(i, _)| prop_text(a.prop(i)))
        })
    };
    text.map(|t| clip_to(&t, MAX_DETAIL)).unwrap_or_default()
}

/// Branching node types (drawn as choices).
fn is_choice(node: &Node) -> bool {
    node.action.spec().facts.branches
}

/// The flow a node calls or transfers to, as text (a name, or `= expression`), if any.
fn callee_of(node: &Node) -> Option<String> {
    let a = &node.action;
    let spec = a.spec();
    let given = |name: &&str| spec.prop_index(name).filter(|&i| !a.prop(i).is_none());
    let callee = spec.facts.callee?;
    // The first property given (a JSON `Flow` names its flow by `flowId` or `flowName`).
    let prop = callee.props.iter().find_map(given)?;
    match a.prop(prop) {
        Prop::Template(target) => Some(match target.as_literal() {
            Some(t) => t.to_owned(),
            None => format!("= {}", target.source()),
        }),
        Prop::Text(t) => Some(t.to_string()),
        Prop::Expr(e) => Some(match &e.kind {
            crate::expr::ExprKind::Lit(v) => v.display(),
            _ => format!("= {e}"),
        }),
        _ => None,
    }
}

/// The reusable task a `callTask` runs.
fn called_task(flow: &Flow, node: &Node) -> Option<u32> {
    let a = &node.action;
    // Its outputs are the output paths of the task it calls.
    if a.spec().dynamic != Dynamic::TaskPaths {
        return None;
    }
    let text = a.get(crate::flow::catalogue::control::prop::CALL_TASK_TARGET).text()?;
    flow.arch.container_by_ref(text)
}

/// An edge's label: an output's name, an If condition's text, `error`...; empty for the only
/// way on of a node.
fn edge_label(node: &Node, edge: Edge, only: bool) -> String {
    match edge {
        Edge::Success => String::new(),
        // A path of its own that is its only way on (a JSON node's `success`).
        Edge::Output(_) if only && edge::is_on(node, edge) => String::new(),
        // A JSON `If`'s conditions are its first exits, shown by their text.
        Edge::Output(i)
            if node.action.spec().facts.varies == Varies::JsonConditions
                && usize::from(i) < json::conditions(&node.action).len() =>
        {
            json::conditions(&node.action)
                .nth(usize::from(i))
                .map_or_else(|| edge::name(node, edge), |(e, _)| clip(&e.to_string()))
        }
        // A jump's only output leads to the container the picture names already.
        Edge::Output(_) if is_jump(node) => String::new(),
        Edge::Output(i) if is_menu(node) => clip(&menu_choice_label(node, usize::from(i))),
        other => clip(&edge::name(node, other)),
    }
}

fn is_menu(node: &Node) -> bool {
    // A menu's outputs are its choices.
    node.action.spec().dynamic == Dynamic::Choices
}

/// A menu choice's edge: the digit that picks it, then its name (`1 Balance`), and
/// `(default)` on the choice that runs when the caller presses nothing the menu knows.
/// The menu's `choices` are in its outputs' order (both front-ends build them so).
fn menu_choice_label(node: &Node, i: usize) -> String {
    use crate::flow::catalogue::prompts::prop as menu;
    let name = node.exits.get(i).map_or("", |e| &*e.name);
    let a = &node.action;
    let choice = a.get(menu::MENU_CHOICES).list().get(i);
    let digit = choice.and_then(|c| Prop::field(c, menu::CHOICE_DTMF).text());
    let default = a.get(menu::MENU_DEFAULT_CHOICE).text().is_some_and(|d| **d == *name);
    let mut label = match digit {
        Some(d) => format!("{d} {name}"),
        None => name.to_owned(),
    };
    if default {
        label.push_str(" (default)");
    }
    label
}

fn is_jump(node: &Node) -> bool {
    node.action.spec().dynamic == crate::flow::catalogue::Dynamic::Target
}

/// The diagram of one version of a flow (`None`: the flow has no such version).
pub fn build(registry: &Registry, flow: &Flow, version: Version) -> Option<FlowGraph> {
    let graph = flow.graph(version)?;
    let groups: Vec<Group> = flow
        .arch
        .containers
        .iter()
        .map(|c| Group { kind: c.kind.as_str(), name: clip(&c.name) })
        .collect();
    let group_of = |n: &Node| {
        (n.container != NO_CONTAINER && (n.container as usize) < groups.len())
            .then_some(n.container as usize)
    };
    let mut boxes: Vec<GBox> = graph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| GBox {
            node_id: n.id.to_string(),
            name: clip(if n.name.is_empty() { &n.id } else { &n.name }),
            kind: n.action.type_name().to_owned(),
            detail: detail_of(n),
            group: group_of(n),
            shape: if is_choice(n) {
                Shape::Choice
            } else if edge::is_terminal(&n.action) {
                Shape::Terminal
            } else {
                Shape::Action
            },
            start: i as NodeIdx == graph.start,
            hit: Hit::Unknown,
        })
        .collect();
    let mut ends: Vec<Option<usize>> = vec![None; groups.len() + 1];
    // Each callee's box, by the name the calls give (hashed: a flow of n calls of n flows
    // must not search a list per call).
    let mut callees: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
    let mut edges = Vec::new();
    for (i, node) in graph.nodes.iter().enumerate() {
        let ni = i as NodeIdx;
        let group = group_of(node);
        let out = edge::edges(graph, ni);
        let only = out.len() == 1;
        for (slot, (edge, target)) in out.into_iter().enumerate() {
            let to = if let Some(t) = target {
                t as usize
            } else {
                let k = group.unwrap_or(groups.len());
                *ends[k].get_or_insert_with(|| {
                    boxes.push(GBox {
                        node_id: String::new(),
                        name: end_name(group.map(|g| flow.arch.containers[g].kind)).into(),
                        kind: "end".into(),
                        detail: String::new(),
                        group,
                        shape: Shape::End,
                        start: false,
                        hit: Hit::Unknown,
                    });
                    boxes.len() - 1
                })
            };
            let failure = matches!(edge::path_of(node, edge), Some(Path::Error | Path::Timeout));
            let kind = if edge == Edge::Error || failure {
                EdgeKind::Error
            } else if boxes[to].group != group {
                EdgeKind::Jump
            } else {
                EdgeKind::Flow
            };
            edges.push(GEdge {
                from: i,
                to,
                label: edge_label(node, edge, only),
                kind,
                hit: Hit::Unknown,
                slot: Some((ni, slot)),
            });
        }
        if let Some(task) = called_task(flow, node) {
            if let Some(start) = flow.arch.containers[task as usize].start {
                let label = "call".to_owned();
                edges.push(GEdge {
                    from: i,
                    to: start as usize,
                    label,
                    kind: EdgeKind::Call,
                    hit: Hit::Unknown,
                    slot: None,
                });
            }
        }
        if let Some(name) = callee_of(node) {
            let to = if let Some(&b) = callees.get(&name) {
                b
            } else {
                // A callee in the registry is shown by its name and type (a call may name
                // it by id).
                let want = Want::of_action(node.action.spec());
                let callee = registry.find(&name, want).ok().map(|f| registry.flow(f));
                let kind = callee.map_or_else(|| "flow".to_owned(), |f| f.flow_type.to_string());
                boxes.push(GBox {
                    node_id: String::new(),
                    name: clip(callee.map_or(name.as_str(), |f| &f.name)),
                    kind,
                    detail: String::new(),
                    group: None,
                    shape: Shape::Callee,
                    start: false,
                    hit: Hit::Unknown,
                });
                callees.insert(name, boxes.len() - 1);
                boxes.len() - 1
            };
            let label = if callee_is_call(node) { "calls" } else { "transfers to" };
            edges.push(GEdge {
                from: i,
                to,
                label: label.into(),
                kind: EdgeKind::Call,
                hit: Hit::Unknown,
                slot: None,
            });
        }
    }
    Some(FlowGraph {
        flow: flow.name.to_string(),
        flow_type: flow.flow_type.to_string(),
        version,
        groups,
        boxes,
        edges,
        coverage: None,
    })
}

fn callee_is_call(node: &Node) -> bool {
    node.action.spec().facts.callee.is_some_and(|c| c.kind.returns())
}

/// What the end of a container means.
fn end_name(kind: Option<ContainerKind>) -> &'static str {
    match kind {
        Some(ContainerKind::ReusableTask) => "return to caller",
        Some(ContainerKind::State | ContainerKind::BotState) => "end of state",
        Some(ContainerKind::Menu) => "end of menu",
        Some(ContainerKind::StartUpTask) => "end of start-up task",
        Some(ContainerKind::Task | ContainerKind::MenuTask) => "end of task",
        None => "end",
    }
}

impl FlowGraph {
    /// Boxes of one group (`None`: boxes outside any container), in order.
    pub fn boxes_in(&self, group: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        self.boxes.iter().enumerate().filter(move |(_, b)| b.group == group).map(|(i, _)| i)
    }

    /// Marks what the coverage reached: boxes and edges of the flow by its counts, boxes and
    /// edges flowsim added by what leads to them.
    pub(super) fn set_hits(&mut self, node_hit: &[Hit], edge_hit: &dyn Fn(NodeIdx, usize) -> Hit) {
        for (b, h) in self.boxes.iter_mut().zip(node_hit) {
            b.hit = *h;
        }
        for e in &mut self.edges {
            e.hit = match e.slot {
                Some((n, s)) => edge_hit(n, s),
                // A call is made as often as its node runs.
                None => node_hit.get(e.from).copied().unwrap_or_default(),
            };
        }
        // Boxes flowsim added, by what leads to them: one pass over the edges (before: one
        // per added box, so a flow of n calls of n flows cost n² with coverage).
        let added = node_hit.len();
        let mut hits = vec![Hit::Miss; self.boxes.len().saturating_sub(added)];
        for e in &self.edges {
            let Some(hit) = e.to.checked_sub(added).and_then(|i| hits.get_mut(i)) else { continue };
            *hit = match (*hit, e.hit) {
                (Hit::Miss, h) => h,
                (h, Hit::Miss | Hit::Dead | Hit::Unknown) => h,
                (h, other) => h.combine(other),
            };
        }
        for (b, hit) in self.boxes.iter_mut().skip(added).zip(hits) {
            b.hit = if hit == Hit::Dead { Hit::Miss } else { hit };
        }
    }
}
