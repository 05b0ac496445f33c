//! A flow's canonical form: what it does, without what churns between saves.
//!
//! Architect exports give every action a new GUID on each export and may list actions in any
//! order; Archy files move actions around without changing what they do. The canonical form
//! walks each flow from its start (outputs in order, then the fall-through, then error and
//! timeout paths; then containers nothing reached, then unreachable actions), and describes
//! every action by its type, its properties (expressions printed from their syntax tree, so
//! spacing and `lit:`/`exp:` spelling do not count) and where each output goes, naming targets
//! by their place in that walk. The semantic hash is FNV-1a over that description: the same
//! behaviour gives the same hash, whatever the GUIDs, the action names or the file layout.
//!
//! Cost: one walk per flow, O(actions + outputs); text linear in the flow's size.

use crate::flow::action::Prop;
use crate::flow::catalogue::control::prop::END_TASK_PATH;
use crate::flow::catalogue::{self, PropKind};
use crate::flow::edge::{self, Edge, Path};
use crate::flow::model::{ContainerKind, ErrorHandling, Flow, Graph, Node, VarDecl, NO_CONTAINER};
use std::collections::VecDeque;
use std::fmt::Write as _;

/// One action as the diff shows it.
#[derive(Debug, Clone)]
pub struct ActionCanon {
    /// Who it is across versions: its container and name (`Task Main › Check balance`), with
    /// `#2`, `#3` for repeated names in walk order. JSON flows: the node's id.
    pub key: String,
    /// The action type (`decision`, `callData`, `Say`).
    pub kind: &'static str,
    /// Properties given, by name, as text.
    pub props: Vec<(String, String)>,
    /// Each output: its name and the key of its first action, or `—` when it falls through.
    pub exits: Vec<(String, String)>,
    /// Where its outputs fall through to: an action's key, or `end of <container>`.
    pub next: String,
    /// 1-based line in the source file, 0 when unknown (exports).
    pub line: u32,
}

/// A menu, task or state as the diff shows it: everything of it the hash reads.
#[derive(Debug, Clone)]
pub struct ContainerCanon {
    /// Its kind and name (`Task Goodbye`, `Start-up task`).
    pub label: String,
    /// Its kind, first action, output paths and variables, by name, as text.
    pub facts: Vec<(String, String)>,
}

/// A flow in canonical form.
#[derive(Debug, Clone)]
pub struct FlowCanon {
    pub name: String,
    pub flow_type: String,
    /// Declared variables, error handling, settings: by name, as text.
    pub header: Vec<(String, String)>,
    /// Menus, tasks and states in walk order.
    pub containers: Vec<ContainerCanon>,
    /// Actions in walk order.
    pub actions: Vec<ActionCanon>,
    /// FNV-1a 64 of the behaviour-only description (no names of actions or containers, no
    /// ids, no positions).
    pub hash: u64,
}

/// The hash as the CLI prints it: 16 hex digits.
pub fn hash_hex(hash: u64) -> String {
    format!("{hash:016x}")
}

/// The canonical form of a flow's draft.
pub fn canon(flow: &Flow) -> FlowCanon {
    let graph = &flow.draft;
    let order = walk(flow, graph);
    let mut ordinal = vec![0usize; graph.nodes.len()];
    for (k, &i) in order.iter().enumerate() {
        ordinal[i as usize] = k;
    }
    let keys = keys(flow, graph, &order);
    // Containers numbered by first appearance in the walk.
    let mut container_ord = vec![usize::MAX; flow.arch.containers.len()];
    let mut next_container = 0;
    for &i in &order {
        let c = graph.node(i).container;
        if c != NO_CONTAINER && container_ord[c as usize] == usize::MAX {
            container_ord[c as usize] = next_container;
            next_container += 1;
        }
    }
    for c in &mut container_ord {
        if *c == usize::MAX {
            *c = next_container;
            next_container += 1;
        }
    }

    let header = header(flow, &container_ord);
    let mut behaviour = String::new();
    let _ = writeln!(behaviour, "flow {}|{}", flow.name.to_lowercase(), flow.flow_type);
    // Variables are named in any case (`Flow.attempt` is `Flow.Attempt`), as the change list
    // pairs them.
    for (k, v) in &header {
        let _ = writeln!(behaviour, "{}={v}", k.to_lowercase());
    }
    // Containers in walk order, not the file's.
    let mut by_walk: Vec<usize> = (0..flow.arch.containers.len()).collect();
    by_walk.sort_by_key(|&ci| container_ord[ci]);
    for ci in by_walk {
        let c = &flow.arch.containers[ci];
        let _ = writeln!(
            behaviour,
            "container {} {} start={} paths={:?} vars={}",
            container_ord[ci],
            c.kind.as_str(),
            c.start.map_or(usize::MAX, |s| ordinal[s as usize]),
            paths(c),
            vars(&c.variables)
        );
    }

    let mut actions = Vec::with_capacity(order.len());
    for (k, &i) in order.iter().enumerate() {
        let node = graph.node(i);
        let (props, hashed) = props(flow, node, &container_ord);
        let target_key =
            |t: Option<u32>| t.map_or_else(|| "—".to_string(), |t| keys[t as usize].clone());
        let exits: Vec<(String, String)> =
            exits(node).into_iter().map(|(name, t)| (name, target_key(t))).collect();
        let next = match node.next {
            Some(n) => keys[n as usize].clone(),
            None if node.container == NO_CONTAINER => "the end of the flow".to_string(),
            None => format!("the end of {}", container_label(flow, node.container)),
        };
        // The behaviour-only line: ordinals, never names.
        let ord = |t: Option<u32>| t.map_or(usize::MAX, |t| ordinal[t as usize]);
        let kind = kind(flow, node);
        let _ = write!(
            behaviour,
            "{k} {} c{} next={}",
            kind,
            if node.container == NO_CONTAINER {
                usize::MAX
            } else {
                container_ord[node.container as usize]
            },
            ord(node.next)
        );
        for (name, value) in &hashed {
            let _ = write!(behaviour, " {name}={value}");
        }
        for (name, t) in exits_raw(node) {
            let _ = write!(behaviour, " ->{name}:{}", ord(t));
        }
        behaviour.push('\n');
        actions.push(ActionCanon {
            key: keys[i as usize].clone(),
            kind,
            props,
            exits,
            next,
            line: node.line,
        });
    }
    let mut by_place: Vec<(usize, ContainerCanon)> = flow
        .arch
        .containers
        .iter()
        .enumerate()
        .map(|(ci, c)| (container_ord[ci], container_canon(flow, ci as u32, c, &keys)))
        .collect();
    by_place.sort_by_key(|(place, _)| *place);
    FlowCanon {
        name: flow.name.to_string(),
        flow_type: flow.flow_type.to_string(),
        header,
        containers: by_place.into_iter().map(|(_, c)| c).collect(),
        actions,
        hash: fnv1a(behaviour.as_bytes()),
    }
}

/// What the hash reads of a container (its line of the description), as the change list shows
/// it: its first action by key rather than by place in the walk.
fn container_canon(
    flow: &Flow,
    ci: u32,
    c: &crate::flow::model::Container,
    keys: &[String],
) -> ContainerCanon {
    let mut facts = vec![
        ("kind".to_owned(), c.kind.as_str().to_owned()),
        (
            "first action".to_owned(),
            c.start.map_or_else(|| "none".to_owned(), |s| keys[s as usize].clone()),
        ),
    ];
    let paths = paths(c);
    if !paths.is_empty() {
        facts.push(("output paths".to_owned(), paths.join(", ")));
    }
    let mut declared: Vec<&VarDecl> = c.variables.iter().collect();
    declared.sort_by(|a, b| a.var.lower.cmp(&b.var.lower));
    for v in declared {
        facts.push((format!("variable {}", v.var.name), var(v)));
    }
    ContainerCanon { label: container_label(flow, ci), facts }
}

/// The identity key of every node of a flow's draft, by node index (what traces are named by
/// in the behavioural diff).
pub fn node_keys(flow: &Flow) -> Vec<String> {
    keys(flow, &flow.draft, &walk(flow, &flow.draft))
}

/// FNV-1a, 64 bits: stable across platforms and releases (unlike std's hasher).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The walk order: breadth first from the start, following each action's outputs and then the
/// menus, tasks and states it names (a jump, a task call, a change of state), so every container
/// the flow can reach is placed by the graph, never by where the file lists it. Then what nothing
/// reaches: containers by kind and name, then actions by container, name and place (a file that
/// lists its tasks or states in another order walks alike, and so hashes alike).
fn walk(flow: &Flow, graph: &Graph) -> Vec<u32> {
    let n = graph.nodes.len();
    let mut seen = vec![false; n];
    let mut order = Vec::with_capacity(n);
    let mut queue = VecDeque::new();
    let mut visit = |start: u32, seen: &mut Vec<bool>, order: &mut Vec<u32>| {
        if seen[start as usize] {
            return;
        }
        seen[start as usize] = true;
        queue.push_back(start);
        while let Some(i) = queue.pop_front() {
            order.push(i);
            let node = graph.node(i);
            let named =
                container_refs(flow, node).filter_map(|c| flow.arch.containers[c as usize].start);
            for t in exits_raw(node).into_iter().filter_map(|(_, t)| t).chain(named) {
                if !seen[t as usize] {
                    seen[t as usize] = true;
                    queue.push_back(t);
                }
            }
        }
    };
    if n > 0 {
        visit(graph.start, &mut seen, &mut order);
    }
    if let ErrorHandling::Jump { container, .. } = &flow.arch.error_handling {
        if let Some(s) = flow.arch.containers.get(*container as usize).and_then(|c| c.start) {
            visit(s, &mut seen, &mut order);
        }
    }
    let mut containers: Vec<&crate::flow::model::Container> = flow.arch.containers.iter().collect();
    containers.sort_by_cached_key(|c| (c.kind.as_str(), c.name.to_lowercase()));
    for c in containers {
        if let Some(s) = c.start {
            visit(s, &mut seen, &mut order);
        }
    }
    let mut rest: Vec<u32> = (0..n as u32).filter(|&i| !seen[i as usize]).collect();
    rest.sort_by_cached_key(|&i| {
        let node = graph.node(i);
        (container_label(flow, node.container).to_lowercase(), node.name.to_lowercase(), i)
    });
    for i in rest {
        visit(i, &mut seen, &mut order);
    }
    order
}

/// The containers a node's properties name (`targetTaskRef`, `targetMenuRef`, `targetStateRef`).
fn container_refs<'f>(flow: &'f Flow, node: &'f Node) -> impl Iterator<Item = u32> + 'f {
    let a = &node.action;
    a.spec().props.iter().enumerate().filter_map(move |(i, spec)| match a.prop(i) {
        Prop::Text(t) if spec.names_container() => flow.arch.container_by_ref(t),
        _ => None,
    })
}

/// A container's output paths as the diff reads them: an export lists a start-up task's
/// `Default` path, which Archy does not write and nothing can take (the start-up task is no
/// task another action calls).
fn paths(c: &crate::flow::model::Container) -> Vec<&str> {
    let startup = c.kind == ContainerKind::StartUpTask;
    c.output_paths
        .iter()
        .map(|p| &**p)
        .filter(|p| !(startup && p.eq_ignore_ascii_case("Default")))
        .collect()
}

/// An action's type as the diff reads it: a menu's choice as Archy writes it
/// ([`catalogue::menu_twin`]: `menuDisconnect` for an export's `DisconnectAction`).
fn kind(flow: &Flow, node: &Node) -> &'static str {
    let in_menu = flow
        .arch
        .containers
        .get(node.container as usize)
        .is_some_and(|c| c.kind == ContainerKind::Menu);
    let twin = in_menu.then(|| catalogue::menu_twin(node.action.spec)).flatten();
    twin.map_or(node.action.type_name(), |t| t.key)
}

/// Every way out of a node, in a fixed order: its exits (named outputs, a JSON `If`'s
/// conditions and default), then the fall-through, then the error and timeout paths of an
/// entry with paths, by the names a JSON file writes them (`onError`, `onTimeout`); its way
/// on is the fall-through (`next`).
fn exits_raw(node: &Node) -> Vec<(String, Option<u32>)> {
    let mut out = Vec::new();
    let mut paths = Vec::new();
    for (i, e) in node.exits.iter().enumerate() {
        let target = e.target.filter(|_| e.enabled);
        match edge::path_of(node, Edge::Output(i as u16)) {
            None => out.push((e.name.to_string(), target)),
            Some(Path::On) => {}
            Some(Path::Error) => paths.extend(target.map(|t| ("onError".to_owned(), Some(t)))),
            Some(Path::Timeout) => paths.extend(target.map(|t| ("onTimeout".to_owned(), Some(t)))),
        }
    }
    if node.next.is_some() {
        out.push(("next".into(), node.next));
    }
    out.extend(paths);
    out
}

/// The outputs a reader compares: named outputs (and a JSON node's paths), not the
/// fall-through, which [`ActionCanon::next`] holds.
fn exits(node: &Node) -> Vec<(String, Option<u32>)> {
    exits_raw(node).into_iter().filter(|(name, _)| name != "next").collect()
}

/// A container as the diff names it: its kind and name. A flow has one start-up task, whose
/// name Archy does not write (flowsim calls it `startUpTask`) and an export does (`In-Queue
/// Task`): it is named by its kind alone.
fn container_label(flow: &Flow, c: u32) -> String {
    match flow.arch.containers.get(c as usize) {
        Some(c) if c.kind == ContainerKind::StartUpTask => container_kind(c.kind).to_owned(),
        Some(c) => format!("{} {}", container_kind(c.kind), c.name),
        None => String::new(),
    }
}

fn container_kind(kind: ContainerKind) -> &'static str {
    match kind {
        ContainerKind::Menu => "Menu",
        ContainerKind::Task | ContainerKind::MenuTask => "Task",
        ContainerKind::ReusableTask => "Reusable task",
        ContainerKind::State => "State",
        ContainerKind::BotState => "Bot state",
        ContainerKind::StartUpTask => "Start-up task",
    }
}

/// Identity keys, by node index.
fn keys(flow: &Flow, graph: &Graph, order: &[u32]) -> Vec<String> {
    let mut keys = vec![String::new(); graph.nodes.len()];
    let mut counts: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
    for &i in order {
        let node = graph.node(i);
        let base = if node.container == NO_CONTAINER {
            node.id.to_string()
        } else {
            format!("{} › {}", container_label(flow, node.container), node.name)
        };
        let n = counts.entry(base.to_lowercase()).or_insert(0);
        *n += 1;
        keys[i as usize] = if *n == 1 { base } else { format!("{base} #{n}") };
    }
    keys
}

fn header(flow: &Flow, container_ord: &[usize]) -> Vec<(String, String)> {
    let arch = &flow.arch;
    let mut out = Vec::new();
    let mut declared: Vec<&VarDecl> = arch.variables.iter().collect();
    declared.sort_by(|a, b| a.var.lower.cmp(&b.var.lower));
    for v in declared {
        out.push((format!("variable {}", v.var.name), var(v)));
    }
    if !matches!(arch.error_handling, ErrorHandling::Fail) {
        out.push(("error handling".into(), error_handling(flow, container_ord)));
    }
    if !arch.outcomes.is_empty() {
        let mut o: Vec<String> = arch.outcomes.iter().map(|s| s.to_lowercase()).collect();
        o.sort();
        out.push(("outcomes".into(), o.join(", ")));
    }
    if let Some(lang) = &arch.default_language {
        out.push(("default language".into(), lang.to_lowercase()));
    }
    if let Some(bot) = &arch.bot {
        let mut text = format!("{:?}", bot.input);
        for (intent, q) in &bot.confirmations {
            let _ = write!(text, " confirm {intent}: {q}");
        }
        let _ = write!(
            text,
            " escalation={} {:?} {:?} {:?} {:?}",
            bot.escalation,
            bot.escalation_confirmation.as_ref().map(ToString::to_string),
            bot.escalation_handover.as_ref().map(ToString::to_string),
            bot.error_handover.as_ref().map(ToString::to_string),
            bot.recognition_failure_handover.as_ref().map(ToString::to_string),
        );
        if let Some(nlu) = &bot.nlu {
            let _ = write!(text, " nlu={:016x}", fnv1a(nlu.fingerprint().as_bytes()));
        }
        out.push(("bot settings".into(), text));
    }
    out
}

fn var(v: &VarDecl) -> String {
    let mut s = v.ty.to_string();
    if let Some(init) = &v.initial {
        let _ = write!(s, " = {init}");
    }
    if v.is_input {
        s.push_str(", input");
    }
    if v.is_output {
        s.push_str(", output");
    }
    s
}

fn vars(vars: &[VarDecl]) -> String {
    let mut v: Vec<String> = vars.iter().map(|d| format!("{}:{}", d.var.lower, var(d))).collect();
    v.sort();
    v.join(";")
}

fn error_handling(flow: &Flow, container_ord: &[usize]) -> String {
    let saying = |a: &Option<crate::expr::Expr>| {
        a.as_ref().map_or_else(String::new, |e| format!(", saying {}", audio(e)))
    };
    match &flow.arch.error_handling {
        ErrorHandling::Fail => "fail".into(),
        ErrorHandling::Disconnect { audio: a } => format!("disconnect{}", saying(a)),
        ErrorHandling::EndWorkflow => "end the workflow".into(),
        ErrorHandling::ExitBot => "exit the bot".into(),
        ErrorHandling::EndInQueueState => "end the in-queue state".into(),
        ErrorHandling::TransferToAcd { queue, audio: a } => {
            format!("transfer to queue {}{}", prop(queue), saying(a))
        }
        ErrorHandling::TransferToFlow { flow: f, audio: a } => {
            format!("transfer to flow {}{}", prop(f), saying(a))
        }
        ErrorHandling::Jump { container, audio: a } => format!(
            "jump to container {}{}",
            container_ord.get(*container as usize).copied().unwrap_or(usize::MAX),
            saying(a)
        ),
    }
}

/// A node's properties by name, as text: as the diff shows them, and as the hash reads them.
/// Architect actions: the catalogue's names, only those given. JSON nodes: the node's own
/// fields. A reference to a menu, task or state of the flow (`targetTaskRef`) is what it points
/// at, not its spelling: shown as the container (`Task Goodbye`), hashed as its place in the
/// walk, so renumbered `refId`s and renewed GUIDs change neither.
type Props = Vec<(String, String)>;

fn props(flow: &Flow, node: &Node, container_ord: &[usize]) -> (Props, Props) {
    let a = &node.action;
    if let Some(whole) = a.spec().facts.whole {
        let shown = vec![("node".into(), whole(a))];
        return (shown.clone(), shown);
    }
    let mut shown = Vec::new();
    let mut hashed = Vec::new();
    for (i, spec) in a.spec().props.iter().enumerate() {
        let p = a.prop(i);
        // A map whose unset entries a run leaves out (an export's empty data action or slot
        // inputs) is read without them.
        let kept;
        let p = match p {
            Prop::Map(m) if spec.skips_not_set && m.iter().any(|(_, v)| v.is_none()) => {
                kept = Prop::Map(m.iter().filter(|(_, v)| !v.is_none()).cloned().collect());
                &kept
            }
            p => p,
        };
        // An empty map or list (an export's `"inputs": {}`) is a property not given.
        if p.is_none()
            || matches!(p, Prop::Map(m) if m.is_empty())
            || matches!(p, Prop::List(l) if l.is_empty())
            || is_unset_value(p, spec)
        {
            continue;
        }
        let container = match p {
            Prop::Text(t) if spec.names_container() => flow.arch.container_by_ref(t),
            _ => None,
        };
        // A task's output path is named without regard to case (`Default`, `default`): as its
        // task lists it.
        let path = match p {
            Prop::Text(t) if a.has(END_TASK_PATH) && i == END_TASK_PATH.index() => flow
                .arch
                .containers
                .get(node.container as usize)
                .and_then(|c| c.output_paths.iter().find(|o| o.eq_ignore_ascii_case(t))),
            _ => None,
        };
        let (show, hash) = if let Some(c) = container {
            let place = container_ord.get(c as usize).copied().unwrap_or(usize::MAX);
            (container_label(flow, c), format!("container {place}"))
        } else {
            let text = match p {
                Prop::Expr(e) if matches!(spec.kind, PropKind::Audio) => audio(e).to_string(),
                _ if path.is_some() => path.map_or_else(String::new, |t| format!("`{t}`")),
                _ => prop(p),
            };
            (text.clone(), text)
        };
        shown.push((spec.name.to_string(), show));
        hashed.push((spec.name.to_string(), hash));
    }
    (shown, hashed)
}

/// Whether `p` is written with the value its property has when not given (an export's
/// Transfer to ACD `priority` 0, the `useSuggestedTimeout` `true` beside every data action's
/// timeout: what the Scripting SDK gives an action it adds, [`catalogue::PropSpec::unset`]): a
/// property not given, as a run reads it.
fn is_unset_value(p: &Prop, spec: &catalogue::PropSpec) -> bool {
    use crate::expr::ast::ExprKind;
    match (p, spec.unset) {
        (Prop::Expr(e), Some(unset)) => matches!(&e.kind, ExprKind::Lit(v) if *v == unset.value()),
        _ => false,
    }
}

/// A property as text: expressions from their syntax tree, maps in key order.
pub(super) fn prop(p: &Prop) -> String {
    match p {
        Prop::None => "NOT_SET".into(),
        Prop::Expr(e) => e.to_string(),
        Prop::Text(t) | Prop::Type(t, _) => format!("`{t}`"),
        Prop::Template(t) => t.source(),
        Prop::Node(n) => format!("node {n}"),
        Prop::Var(v) => v.name.to_string(),
        Prop::Map(m) => {
            let mut items: Vec<(String, String)> =
                m.iter().map(|(k, v)| (k.to_lowercase(), format!("{k}: {}", prop(v)))).collect();
            items.sort();
            let items: Vec<String> = items.into_iter().map(|(_, s)| s).collect();
            format!("{{{}}}", items.join(", "))
        }
        Prop::List(l) => {
            let records: Vec<String> = l
                .iter()
                .map(|r| {
                    // Unset fields at a record's end are left out: a field the catalogue appends
                    // to a record (a menu choice's `globalDtmf`) changes no flow that leaves it
                    // unset, nor its hash.
                    let set = r.iter().rposition(|f| !f.is_none()).map_or(0, |i| i + 1);
                    let fields: Vec<String> = r[..set].iter().map(prop).collect();
                    format!("({})", fields.join(", "))
                })
                .collect();
            format!("[{}]", records.join(", "))
        }
    }
}

/// Audio as Archy and exports both write it: `AudioPlaybackOptions(audio, true)` is the audio
/// itself, barge-in being on by default for all audio ("Architect sets the default barge-in to
/// true for all audio except for the Hold Music audio", Genesys's FAQ on Architect audio), and
/// `ToAudioTTS("text")` of a literal is the text an audio property speaks (Archy's `tts:`),
/// `ToAudio` of a prompt the prompt.
fn audio(e: &crate::expr::Expr) -> &crate::expr::Expr {
    use crate::expr::{ast::ExprKind, Value};
    fn call<'e>(e: &'e crate::expr::Expr, name: &str) -> Option<&'e [crate::expr::Expr]> {
        match &e.kind {
            ExprKind::Call(c) if c.name.eq_ignore_ascii_case(name) => Some(c.args.as_slice()),
            _ => None,
        }
    }
    let e = match call(e, "AudioPlaybackOptions") {
        Some([a, b]) if matches!(b.kind, ExprKind::Lit(Value::Bool(true))) => a,
        _ => e,
    };
    match (call(e, "ToAudioTTS"), call(e, "ToAudio")) {
        (Some([t]), _) if matches!(t.kind, ExprKind::Lit(Value::Str(_))) => t,
        // `ToAudio(Prompt.x)`: a prompt is audio already (Archy's `prompt: Prompt.x`).
        (_, Some([p])) if matches!(p.kind, ExprKind::Lit(Value::Media(_))) => p,
        _ => e,
    }
}
