//! The JSON front-end: a flow file in the seeds' format (docs/json-flows.md) → [`Flow`].
//!
//! The loader walks `serde_json::Value` by hand rather than deriving, so that it can keep
//! unknown keys silent, accept `null` for absent optional properties, and report *every*
//! problem of a file with its flow, node and property instead of stopping at the first.

use super::action::{Action, Prop};
use super::catalogue::json as json_family;
use super::model::{Flow, Graph, LookupBy, Node, NodeIdx, Target, NODE_TYPES};
use crate::diag::{Diagnostic, Severity};
use crate::expr::{self, Declarations, Expr, ParseError, Template};
use crate::flow::unread::{name_misspellings, Unread};
use crate::util::nearest;
use rustc_hash::FxHashMap;
use serde_json::{Map, Value as J};
use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

/// A Flow node's constant callee, kept even when its flow has other errors, so that the
/// registry can report calls to missing flows in the same pass.
#[derive(Debug, Clone)]
pub struct CallRef {
    pub flow: String,
    pub node: String,
    pub property: &'static str,
    pub target: String,
}

/// Loads one flow file's text. Problems go to `diags`; `None` when any of them is an error.
pub fn load_flow(file: &Path, text: &str, diags: &mut Vec<Diagnostic>) -> Option<Flow> {
    load_flow_with_calls(file, text, diags, &mut Vec::new())
}

/// [`load_flow`], also collecting every Flow node's constant callee into `calls`.
pub fn load_flow_with_calls(
    file: &Path,
    text: &str,
    diags: &mut Vec<Diagnostic>,
    calls: &mut Vec<CallRef>,
) -> Option<Flow> {
    // Duplicate keys are errors: a second `name` would rename the flow, a second node under
    // one id would drop the first.
    let json: J = match crate::util::strict::from_json(text) {
        Ok(j) => j,
        Err(e) => {
            let (message, place) = crate::util::json_pos::syntax_error(&e);
            let mut d = Diagnostic::error(
                crate::diag::Code::JsonSyntax,
                format!("not valid JSON: {message}"),
            )
            .file(file);
            if let Some((line, column)) = place {
                d = d.at(line, column);
            }
            diags.push(d.help("fix the JSON syntax at that line and column"));
            return None;
        }
    };
    // A misspelt key is an error the flow still loads and runs with (the node ignores it), so
    // the rest of the flow is checked too; any other error leaves the flow unread.
    let stops = |d: &&Diagnostic| d.is_error() && d.code != crate::diag::Code::UnknownProperty;
    let before = diags.iter().filter(stops).count();
    let mut flow = flow_from_json(file, &json, diags, calls);
    if let Some(f) = &mut flow {
        set_lines(text, "draft", &mut f.draft);
        if let Some(g) = &mut f.published {
            set_lines(text, "published", g);
        }
    }
    let after = diags.iter().filter(stops).count();
    if after > before {
        None
    } else {
        flow
    }
}

/// Each node's line: where its key is written under `<graph>.nodes`.
fn set_lines(text: &str, graph: &str, g: &mut crate::flow::model::Graph) {
    for (key, line) in super::json_lines::node_lines(text, graph) {
        if let Some(&i) = g.by_lower_id.get(crate::util::fold_case(key).as_ref()) {
            let node = &mut g.nodes[i as usize];
            if node.line == 0 && &*node.id == key {
                node.line = line;
            }
        }
    }
}

fn flow_from_json(
    file: &Path,
    json: &J,
    diags: &mut Vec<Diagnostic>,
    calls: &mut Vec<CallRef>,
) -> Option<Flow> {
    let Some(obj) = json.as_object() else {
        diags.push(
            Diagnostic::error(
                crate::diag::Code::BadFlowFile,
                format!("a flow file holds one JSON object, this one holds {}", kind_of(json)),
            )
            .file(file)
            .help(
                "see `flowsim docs json-flows`: {\"name\": ..., \"draft\": {\"startNode\": ..., \"nodes\": {...}}}",
            ),
        );
        return None;
    };
    let name = match obj.get("name") {
        Some(J::String(s)) if !s.trim().is_empty() => s.clone(),
        Some(other) if !other.is_null() => {
            diags.push(
                Diagnostic::error(
                    crate::diag::Code::BadPropertyType,
                    format!("`name` must be a non-empty string, not {}", kind_of(other)),
                )
                .file(file)
                .property("name"),
            );
            return None;
        }
        _ => {
            diags.push(
                Diagnostic::error(crate::diag::Code::MissingProperty, "the flow has no `name`")
                    .file(file)
                    .property("name")
                    .help("add \"name\": \"My_Flow\" at the top level"),
            );
            return None;
        }
    };
    let mut cx =
        Cx { file, flow: &name, diags, calls, types: Declarations::default().in_seed_dialect() };
    let id = match obj.get("id") {
        None | Some(J::Null) => name.clone(),
        Some(J::String(s)) if !s.is_empty() => s.clone(),
        Some(other) => {
            cx.flow_error(
                crate::diag::Code::BadPropertyType,
                "id",
                format!("`id` must be a non-empty string, not {}", kind_of(other)),
            );
            name.clone()
        }
    };
    let flow_type = match obj.get("type") {
        Some(J::String(s)) => s.clone(),
        _ => String::new(),
    };
    let draft = match obj.get("draft") {
        Some(J::Object(g)) => cx.graph("draft", g),
        Some(other) if !other.is_null() => {
            cx.flow_error(
                crate::diag::Code::BadPropertyType,
                "draft",
                format!("`draft` must be an object, not {}", kind_of(other)),
            );
            None
        }
        _ => {
            cx.flow_error(
                crate::diag::Code::MissingProperty,
                "draft",
                "the flow has no `draft`".into(),
            );
            None
        }
    };
    let published = match obj.get("published") {
        None | Some(J::Null) => None,
        Some(J::Object(g)) => cx.graph("published", g),
        Some(other) => {
            cx.flow_error(
                crate::diag::Code::BadPropertyType,
                "published",
                format!("`published` must be an object, not {}", kind_of(other)),
            );
            None
        }
    };
    Some(Flow {
        id: id.into(),
        name: name.as_str().into(),
        flow_type: flow_type.into(),
        file: file.to_path_buf(),
        format: crate::flow::model::Format::Json,
        draft: draft?,
        published,
        arch: crate::flow::model::Arch::default(),
    })
}

/// Loading context: where we are, for diagnostics.
struct Cx<'a> {
    file: &'a Path,
    flow: &'a str,
    diags: &'a mut Vec<Diagnostic>,
    calls: &'a mut Vec<CallRef>,
    /// What the graph being loaded declares about its names, for the type checker.
    types: Declarations,
}

/// Node ids of a graph being loaded.
struct Ids<'a> {
    keys: Vec<&'a str>,
    by_lower: FxHashMap<Box<str>, NodeIdx>,
}

impl Ids<'_> {
    fn get(&self, id: &str) -> Option<NodeIdx> {
        // Exact match only: docs/json-flows.md says nextNode names a node exactly (case-sensitive).
        let idx = *self.by_lower.get(crate::util::fold_case(id).as_ref())?;
        (self.keys[idx as usize] == id).then_some(idx)
    }
}

/// The edit that makes the whole value `old` read `new` (a name).
fn whole(old: &str, new: &str) -> crate::diag::Edit {
    crate::diag::Edit {
        value: old.to_owned(),
        span: crate::diag::Span::new(0, old.len()),
        new: new.to_owned(),
    }
}

impl<'a> Cx<'a> {
    fn diag(&self, code: crate::diag::Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(code, message).file(self.file).flow(self.flow)
    }

    fn flow_error(&mut self, code: crate::diag::Code, property: &str, message: String) {
        let d = self.diag(code, message).property(property);
        self.diags.push(d);
    }

    fn graph(&mut self, version: &str, g: &'a Map<String, J>) -> Option<Graph> {
        let nodes = match g.get("nodes") {
            Some(J::Object(n)) => n,
            Some(other) => {
                self.flow_error(
                    crate::diag::Code::BadPropertyType,
                    &format!("{version}.nodes"),
                    format!("`nodes` must be an object of node id → node, not {}", kind_of(other)),
                );
                return None;
            }
            None => {
                self.flow_error(
                    crate::diag::Code::MissingProperty,
                    &format!("{version}.nodes"),
                    format!("`{version}` has no `nodes`"),
                );
                return None;
            }
        };
        let mut ids = Ids { keys: Vec::with_capacity(nodes.len()), by_lower: FxHashMap::default() };
        // Ids that differ only by case, in Unicode (`Ä`, `ä`), are refused: Architect compares
        // them case-insensitively. (Lookups stay keyed as expressions lower names.)
        let mut folded: FxHashMap<String, NodeIdx> = FxHashMap::default();
        for key in nodes.keys() {
            let idx = ids.keys.len() as NodeIdx;
            let lower: Box<str> = crate::util::fold_case(key).into();
            let same = folded.get(&*crate::util::fold_case(key)).copied();
            if let Some(other) = same.or_else(|| ids.by_lower.get(&lower).copied()) {
                let d = self
                    .diag(
                        crate::diag::Code::NodeIdCase,
                        format!("node ids `{}` and `{key}` differ only by case", ids.keys[other as usize]),
                    )
                    .node(key.as_str())
                    .property(format!("{version}.nodes"))
                    .help("node ids are compared case-insensitively in expressions: rename one of them");
                self.diags.push(d);
            } else {
                ids.by_lower.insert(lower, idx);
                folded.insert(crate::util::fold_case(key).into_owned(), idx);
            }
            ids.keys.push(key);
        }
        self.types = super::check::types::declarations(nodes).in_seed_dialect();
        if nodes.is_empty() {
            self.flow_error(
                crate::diag::Code::EmptyFlow,
                &format!("{version}.nodes"),
                format!("`{version}` has no nodes"),
            );
            return None;
        }
        let start = match g.get("startNode") {
            Some(J::String(s)) => {
                self.node_ref(&ids, None, &format!("{version}.startNode"), s, "startNode")
            }
            Some(other) => {
                self.flow_error(
                    crate::diag::Code::BadPropertyType,
                    &format!("{version}.startNode"),
                    format!("`startNode` must be a node id, not {}", kind_of(other)),
                );
                None
            }
            None => {
                self.flow_error(
                    crate::diag::Code::MissingProperty,
                    &format!("{version}.startNode"),
                    format!("`{version}` has no `startNode`"),
                );
                None
            }
        };
        let mut built = Vec::with_capacity(nodes.len());
        for (key, node) in nodes {
            built.push(self.node(&ids, key, node));
        }
        let nodes: Option<Vec<Node>> = built.into_iter().collect();
        let by_lower_id = ids.by_lower;
        Some(Graph { start: start?, nodes: nodes?, by_lower_id })
    }

    /// Resolves a node reference, reporting a dangling one with the nearest existing id.
    fn node_ref(
        &mut self,
        ids: &Ids<'_>,
        node: Option<&str>,
        property: &str,
        target: &str,
        field: &str,
    ) -> Option<NodeIdx> {
        if let Some(idx) = ids.get(target) {
            return Some(idx);
        }
        let hint = nearest(target, ids.keys.iter().copied());
        let edit =
            crate::util::nearest_one(target, ids.keys.iter().copied()).map(|n| whole(target, n));
        let mut d = self
            .diag(
                if field == "startNode" {
                    crate::diag::Code::DanglingStartNode
                } else {
                    crate::diag::Code::DanglingNextNode
                },
                format!("`{field}` names `{target}`, which is not a node of this flow"),
            )
            .property(property)
            .maybe_help(
                hint.map(|h| format!("did you mean `{h}`? (node ids are case-sensitive here)")),
            );
        if let Some(n) = node {
            d = d.node(n);
        }
        if d.help.is_none() {
            d = d.help(format!("existing nodes: {}", ids.keys.join(", ")));
        }
        d.edit = edit;
        self.diags.push(d);
        None
    }

    fn node(&mut self, ids: &Ids<'_>, key: &str, node: &J) -> Option<Node> {
        let Some(obj) = node.as_object() else {
            let d = self
                .diag(
                    crate::diag::Code::BadNode,
                    format!("node `{key}` must be an object, not {}", kind_of(node)),
                )
                .node(key);
            self.diags.push(d);
            return None;
        };
        let mut nx = NodeCx { cx: self, node: key, ok: true };
        if let Some(id) = obj.get("id") {
            match id {
                J::String(s) if s == key => {}
                J::Null => {}
                J::String(s) => nx.error(
                    crate::diag::Code::NodeIdMismatch,
                    "id",
                    format!("node `{key}` says its id is `{s}`; a node's id must equal its key in `nodes`"),
                    Some(format!("change the id to \"{key}\" or remove it")),
                ),
                other => nx.type_error("id", "a string", other),
            }
        }
        let name: Arc<str> = match obj.get("name") {
            Some(J::String(s)) => s.as_str().into(),
            _ => key.into(),
        };
        let empty = Map::new();
        let props = match obj.get("properties") {
            Some(J::Object(p)) => p,
            None | Some(J::Null) => &empty,
            Some(other) => {
                nx.type_error("properties", "an object", other);
                &empty
            }
        };
        let paths = nx.paths(ids, obj);
        let ty = match obj.get("type") {
            Some(J::String(t)) => t.as_str(),
            Some(other) => {
                nx.type_error("type", "a node type name", other);
                return None;
            }
            None => {
                nx.error(
                    crate::diag::Code::MissingProperty,
                    "type",
                    format!("node `{key}` has no `type`"),
                    Some(format!("one of: {}", NODE_TYPES.join(", "))),
                );
                return None;
            }
        };
        // The warnings go before the action's errors, in the order of the file.
        let unread = nx.unknown_keys(obj, ty, props);
        let first = nx.cx.diags.len();
        let action = nx.action(ids, ty, props);
        let warnings = name_misspellings(&mut nx.cx.diags[first..], unread);
        nx.cx.diags.splice(first..first, warnings);
        let ok = nx.ok;
        let (next, on_error, on_timeout) = paths;
        let action = action?;
        ok.then(|| Node {
            id: key.into(),
            name,
            exits: json_family::exits(&action, next, on_error, on_timeout),
            action,
            next,
            container: crate::flow::model::NO_CONTAINER,
            line: 0,
            tracking_id: None,
        })
    }
}

/// A node of type `ty` as its action of the catalogue's JSON family, its properties in the
/// entry's order.
fn lowered<const N: usize>(ty: &str, props: [Prop; N]) -> Action {
    let spec = json_family::by_type(ty).expect("every lowered node type has a catalogue entry");
    debug_assert_eq!(N, crate::flow::catalogue::spec(spec).props.len(), "`{ty}`'s properties");
    Action { spec, props: Box::new(props) }
}

/// A record of a list property (`setVars` entries, `If` conditions).
type Record = Box<[Prop]>;

/// A number the loader checked, as the JSON family's entries hold it (see
/// `catalogue::json::number`).
fn number(n: u64) -> Prop {
    Prop::Text(n.to_string().into())
}

/// A `queueId` or `queueName` as `Route`'s and `QueueMetrics`'s two properties (`flowId` or
/// `flowName`: `Flow`'s first two).
fn queue(target: Target) -> [Prop; 2] {
    match target {
        Target::Id(t) => [Prop::Template(t), Prop::None],
        Target::Name(t) => [Prop::None, Prop::Template(t)],
    }
}

/// The keys of a node (docs/json-flows.md); `schemas/flow.schema.json` is checked against them.
pub const NODE_KEYS: &[&str] =
    &["id", "type", "name", "properties", "onComplete", "onError", "onTimeout"];
/// The keys of a node's `onComplete`.
pub const COMPLETE_KEYS: &[&str] = &["nextNode", "onError", "onTimeout"];
/// The keys of a Set node's `setVars` entry.
pub const SET_VAR_KEYS: &[&str] = &["key", "value"];
/// The keys of a `setVars` entry's `value`.
pub const SET_VALUE_KEYS: &[&str] = &["type", "value"];
/// The types a `setVars` value may have (any case).
pub const SET_VALUE_TYPES: [&str; 5] = ["string", "integer", "decimal", "boolean", "expression"];
/// The keys of an If node's condition.
pub const CONDITION_KEYS: &[&str] = &["expression", "nextNode"];

/// Each node type's properties (docs/json-flows.md).
pub fn property_keys(ty: &str) -> Option<&'static [&'static str]> {
    Some(match ty.to_ascii_lowercase().as_str() {
        "say" => &["sayText", "sayLanguage", "sayGender", "playBeepBeforeText"],
        "gather" => &[
            "promptText",
            "promptLanguage",
            "promptGender",
            "maxDigits",
            "timeoutSeconds",
            "interDigitTimeoutSeconds",
            "terminator",
        ],
        "set" => &["setVars"],
        "if" => &["conditions", "defaultNextNode"],
        "flow" => &["flowId", "flowName", "timeoutSeconds"],
        "route" => &["queueId", "queueName", "skillRequirements", "priority"],
        "end" => &["endType"],
        "disconnect" => &[],
        "getexternalcontactaction" => &["lookupBy", "lookupValue", "onNotFound"],
        "queuemetrics" => &["queueId", "queueName"],
        "dataaction" => &["action", "inputs", "timeoutMs"],
        _ => return None,
    })
}

/// Loading context inside one node.
struct NodeCx<'c, 'a> {
    cx: &'c mut Cx<'a>,
    node: &'c str,
    ok: bool,
}

impl NodeCx<'_, '_> {
    /// Keys the node, its properties or its `onComplete` have that docs/json-flows.md do not: a
    /// warning each, with the nearest known key (an error under `check --strict`), returned for
    /// `flow::unread` to give to a `missingProperty` error the key misspells. Kept and ignored,
    /// as docs/json-flows.md says (the cloud adds keys), but never silently: `promtText` would
    /// leave a Gather with no prompt.
    fn unknown_keys<'p>(
        &self,
        obj: &'p Map<String, J>,
        ty: &str,
        props: &'p Map<String, J>,
    ) -> Vec<Unread<'p>> {
        let mut unread = Vec::new();
        let mut warn =
            |key: &'p str, known: &'static [&'static str], what: &str, property: String| {
                if known.contains(&key) {
                    return;
                }
                let near = nearest(key, known.iter().copied());
                let hint = near.map_or_else(
                    || {
                        format!(
                            "{what} has: {}",
                            if known.is_empty() { "nothing".into() } else { known.join(", ") }
                        )
                    },
                    |n| format!("did you mean `{n}`?"),
                );
                let d = self
                    .cx
                    .diag(
                        crate::diag::Code::UnknownProperty,
                        format!("`{key}` is not a key flowsim reads in {what}; it is ignored"),
                    )
                    .node(self.node)
                    .property(property)
                    .help(hint);
                // A key one letter or so from a known one is a misspelling, as in Archy: an
                // error, since the node would run without the property the author meant. A key
                // like no known one stays a warning.
                let severity = if near.is_some() { Severity::Error } else { Severity::Warning };
                let warning = Diagnostic { severity, ..d };
                unread.push(Unread { key: Cow::Borrowed(key), near, warning });
            };
        for key in obj.keys() {
            warn(key, NODE_KEYS, "a node", key.clone());
        }
        if let Some(known) = property_keys(ty) {
            for key in props.keys() {
                let what = format!("a {ty} node's properties");
                warn(key, known, &what, format!("properties.{key}"));
            }
        }
        if let Some(J::Object(c)) = obj.get("onComplete") {
            for key in c.keys() {
                warn(key, COMPLETE_KEYS, "`onComplete`", format!("onComplete.{key}"));
            }
        }
        // Items of lists: `setVars` entries and their values, If conditions.
        let items = |name: &str| match props.get(name) {
            Some(J::Array(a)) => a.iter().filter_map(J::as_object).enumerate().collect(),
            _ => Vec::new(),
        };
        for (i, entry) in items("setVars") {
            for key in entry.keys() {
                let at = format!("properties.setVars[{i}].{key}");
                warn(key, SET_VAR_KEYS, "a `setVars` entry", at);
            }
            if let Some(J::Object(value)) = entry.get("value") {
                for key in value.keys() {
                    let at = format!("properties.setVars[{i}].value.{key}");
                    warn(key, SET_VALUE_KEYS, "a `setVars` value", at);
                }
            }
        }
        for (i, condition) in items("conditions") {
            for key in condition.keys() {
                let at = format!("properties.conditions[{i}].{key}");
                warn(key, CONDITION_KEYS, "an If condition", at);
            }
        }
        unread
    }

    fn error(
        &mut self,
        code: crate::diag::Code,
        property: &str,
        message: String,
        help: Option<String>,
    ) {
        self.ok = false;
        let d = self.cx.diag(code, message).node(self.node).property(property).maybe_help(help);
        self.cx.diags.push(d);
    }

    fn type_error(&mut self, property: &str, want: &str, got: &J) {
        self.error(
            crate::diag::Code::BadPropertyType,
            property,
            format!("`{}` must be {want}, not {}", last_segment(property), kind_of(got)),
            None,
        );
    }

    fn expr_error(&mut self, property: &str, source: &str, e: &ParseError) {
        self.ok = false;
        let d = self
            .cx
            .diag(e.kind.code(), e.message.clone())
            .node(self.node)
            .property(property)
            .snippet(source, e.span)
            .maybe_help(e.help.clone());
        let edit = e.fix.as_ref().map(|(span, new)| crate::diag::Edit {
            value: source.to_owned(),
            span: *span,
            new: new.clone(),
        });
        self.cx.diags.push(Diagnostic { edit, ..d });
    }

    fn node_ref(
        &mut self,
        ids: &Ids<'_>,
        property: &str,
        target: &str,
        field: &str,
    ) -> Option<NodeIdx> {
        let r = self.cx.node_ref(ids, Some(self.node), property, target, field);
        if r.is_none() {
            self.ok = false;
        }
        r
    }

    /// `onComplete.nextNode`, the error path and the timeout path.
    fn paths(
        &mut self,
        ids: &Ids<'_>,
        obj: &Map<String, J>,
    ) -> (Option<NodeIdx>, Option<NodeIdx>, Option<NodeIdx>) {
        let mut next = None;
        let mut on_error = None;
        let mut on_timeout = None;
        let mut complete_error = None;
        let mut complete_timeout = None;
        match obj.get("onComplete") {
            None | Some(J::Null) => {}
            Some(J::Object(c)) => {
                next = self.opt_ref(ids, c, "onComplete", "nextNode");
                complete_error = self.opt_ref(ids, c, "onComplete", "onError");
                complete_timeout = self.opt_ref(ids, c, "onComplete", "onTimeout");
            }
            Some(other) => self.type_error("onComplete", "an object", other),
        }
        for (key, slot) in [("onError", &mut on_error), ("onTimeout", &mut on_timeout)] {
            match obj.get(key) {
                None | Some(J::Null) => {}
                Some(J::Object(c)) => *slot = self.opt_ref(ids, c, key, "nextNode"),
                // Accept the short form `"onError": "Exit"` too.
                Some(J::String(s)) => *slot = self.node_ref(ids, key, s, key),
                Some(other) => self.type_error(key, "an object with `nextNode`", other),
            }
        }
        (next, on_error.or(complete_error), on_timeout.or(complete_timeout))
    }

    fn opt_ref(
        &mut self,
        ids: &Ids<'_>,
        obj: &Map<String, J>,
        parent: &str,
        field: &str,
    ) -> Option<NodeIdx> {
        let property = format!("{parent}.{field}");
        match obj.get(field) {
            None | Some(J::Null) => None,
            Some(J::String(s)) if s.is_empty() => None,
            Some(J::String(s)) => self.node_ref(ids, &property, s, field),
            Some(other) => {
                self.type_error(&property, "a node id", other);
                None
            }
        }
    }

    // ---- typed properties -------------------------------------------------------------------

    fn prop<'p>(props: &'p Map<String, J>, key: &str) -> Option<&'p J> {
        props.get(key).filter(|v| !v.is_null())
    }

    fn string(&mut self, props: &Map<String, J>, key: &str, required: bool) -> Option<String> {
        let property = format!("properties.{key}");
        match Self::prop(props, key) {
            Some(J::String(s)) => Some(s.clone()),
            Some(other) => {
                self.type_error(&property, "a string", other);
                None
            }
            None => {
                if required {
                    self.error(
                        crate::diag::Code::MissingProperty,
                        &property,
                        format!("`{key}` is required"),
                        None,
                    );
                }
                None
            }
        }
    }

    fn template(&mut self, props: &Map<String, J>, key: &str, required: bool) -> Option<Template> {
        let text = self.string(props, key, required)?;
        self.parse_template(&format!("properties.{key}"), &text)
    }

    fn parse_template(&mut self, property: &str, text: &str) -> Option<Template> {
        match Template::parse(text) {
            Ok(t) => {
                for e in t.exprs() {
                    self.type_check(property, text, e).ok()?;
                }
                Some(t)
            }
            Err(e) => {
                self.expr_error(property, text, &e);
                None
            }
        }
    }

    /// An `If` condition: an expression that must be Boolean.
    fn condition(&mut self, property: &str, text: &str) -> Option<Expr> {
        let e = self.parse_expr(property, text)?;
        let ty = expr::infer(&e, &self.cx.types).ok()?;
        if !super::check::types::is_condition(ty) {
            self.ok = false;
            let d = self
                .cx
                .diag(expr::TypeError::CODE, format!("a condition must be Boolean, not {ty}"))
                .node(self.node)
                .property(property)
                .snippet(text, e.span)
                .help("compare the value: `x == \"1\"`, `IsSet(x)`, `Count(list) > 0`");
            self.cx.diags.push(d);
            return None;
        }
        Some(e)
    }

    fn parse_expr(&mut self, property: &str, text: &str) -> Option<Expr> {
        match expr::parse(text) {
            Ok(e) => {
                self.type_check(property, text, &e).ok()?;
                Some(e)
            }
            Err(e) => {
                self.expr_error(property, text, &e);
                None
            }
        }
    }

    /// The static type of `e`, or a `typeMismatch` error for a certain type error (docs/json-flows.md's
    /// rules, known before the flow runs).
    fn type_check(&mut self, property: &str, text: &str, e: &Expr) -> Result<expr::Ty, ()> {
        expr::infer(e, &self.cx.types).map_err(|err| {
            self.ok = false;
            let d = self
                .cx
                .diag(expr::TypeError::CODE, err.message)
                .node(self.node)
                .property(property)
                .snippet(text, err.span)
                .maybe_help(err.help);
            self.cx.diags.push(d);
        })
    }

    fn integer(
        &mut self,
        props: &Map<String, J>,
        key: &str,
        default: i64,
        range: (i64, i64),
    ) -> i64 {
        let property = format!("properties.{key}");
        let Some(v) = Self::prop(props, key) else { return default };
        let n = match v {
            J::Number(n) => {
                n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
            }
            J::String(s) => s.trim().parse::<i64>().ok(),
            _ => None,
        };
        match n {
            Some(n) if (range.0..=range.1).contains(&n) => n,
            Some(n) => {
                self.error(
                    crate::diag::Code::BadPropertyValue,
                    &property,
                    format!("`{key}` is {n}; it must be from {} to {}", range.0, range.1),
                    None,
                );
                default
            }
            None => {
                self.type_error(&property, "a whole number", v);
                default
            }
        }
    }

    /// Seconds (integer or decimal) as milliseconds.
    fn seconds(&mut self, props: &Map<String, J>, key: &str) -> Option<u64> {
        let property = format!("properties.{key}");
        let v = Self::prop(props, key)?;
        let secs = match v {
            J::Number(n) => n.as_f64(),
            J::String(s) => s.trim().parse::<f64>().ok(),
            _ => None,
        };
        match secs {
            Some(s) if s.is_finite() && (0.0..=1.0e9).contains(&s) => {
                Some((s * 1000.0).round() as u64)
            }
            _ => {
                self.type_error(&property, "a number of seconds, 0 or more", v);
                None
            }
        }
    }

    fn choice<'v>(
        &mut self,
        props: &'v Map<String, J>,
        key: &str,
        choices: &[&'v str],
        default: &'v str,
    ) -> &'v str {
        let property = format!("properties.{key}");
        match Self::prop(props, key) {
            None => default,
            Some(J::String(s)) => {
                if let Some(c) = choices.iter().find(|c| c.eq_ignore_ascii_case(s)) {
                    c
                } else {
                    self.error(
                        crate::diag::Code::BadPropertyValue,
                        &property,
                        format!("`{key}` is `{s}`; it must be one of: {}", choices.join(", ")),
                        nearest(s, choices.iter().copied()).map(|n| format!("did you mean `{n}`?")),
                    );
                    default
                }
            }
            Some(other) => {
                self.type_error(&property, "a string", other);
                default
            }
        }
    }

    /// `flowId` / `flowName` (or `queueId` / `queueName`): one is required.
    fn target(&mut self, props: &Map<String, J>, id_key: &str, name_key: &str) -> Option<Target> {
        let id = self.template(props, id_key, false);
        let name = self.template(props, name_key, false);
        match (id, name) {
            (Some(t), _) if t.as_literal() != Some("") => Some(Target::Id(t)),
            (_, Some(t)) => Some(Target::Name(t)),
            _ => {
                if self.ok {
                    self.error(
                        crate::diag::Code::MissingProperty,
                        &format!("properties.{id_key}"),
                        format!("`{id_key}` or `{name_key}` is required"),
                        None,
                    );
                }
                None
            }
        }
    }

    fn action(&mut self, ids: &Ids<'_>, ty: &str, props: &Map<String, J>) -> Option<Action> {
        let Some(ty) = NODE_TYPES.iter().find(|t| t.eq_ignore_ascii_case(ty)) else {
            self.error(
                crate::diag::Code::UnknownNodeType,
                "type",
                format!("unknown node type `{ty}`"),
                Some(match nearest(ty, NODE_TYPES) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => format!("one of: {}", NODE_TYPES.join(", ")),
                }),
            );
            if let (Some(d), Some(n)) =
                (self.cx.diags.last_mut(), crate::util::nearest_one(ty, NODE_TYPES.iter().copied()))
            {
                d.edit = Some(whole(ty, n));
            }
            return None;
        };
        Some(match *ty {
            "Say" => lowered("Say", [Prop::Template(self.template(props, "sayText", true)?)]),
            "Gather" => {
                let prompt = self
                    .template(props, "promptText", false)
                    .unwrap_or_else(|| Template::literal(""));
                let max_digits = self.integer(props, "maxDigits", 1, (1, 40)) as u8;
                let timeout_ms = self.seconds(props, "timeoutSeconds").unwrap_or(5_000);
                let inter_digit_timeout_ms =
                    self.seconds(props, "interDigitTimeoutSeconds").unwrap_or(3_000);
                let terminator = match Self::prop(props, "terminator") {
                    None => Some('#'),
                    Some(J::String(s)) if s.is_empty() => None,
                    Some(J::String(s))
                        if s.chars().count() == 1 && "0123456789*#".contains(s.as_str()) =>
                    {
                        s.chars().next()
                    }
                    Some(other) => {
                        self.error(
                            crate::diag::Code::BadPropertyValue,
                            "properties.terminator",
                            format!("`terminator` must be one key of 0-9 * #, or \"\" for none; got {other}"),
                            None,
                        );
                        None
                    }
                };
                let terminator =
                    terminator.map_or(Prop::None, |c| Prop::Text(c.to_string().into()));
                lowered(
                    "Gather",
                    [
                        Prop::Template(prompt),
                        number(u64::from(max_digits)),
                        number(timeout_ms),
                        number(inter_digit_timeout_ms),
                        terminator,
                    ],
                )
            }
            "Set" => lowered("Set", [Prop::List(self.set_vars(props)?.into())]),
            "If" => {
                let (conditions, default) = self.conditions(ids, props)?;
                lowered(
                    "If",
                    [Prop::List(conditions.into()), default.map_or(Prop::None, Prop::Node)],
                )
            }
            "Flow" => {
                let target = self.target(props, "flowId", "flowName")?;
                if let Some(text) = target.template().as_literal() {
                    let property = match target {
                        Target::Id(_) => "properties.flowId",
                        Target::Name(_) => "properties.flowName",
                    };
                    self.cx.calls.push(CallRef {
                        flow: self.cx.flow.to_owned(),
                        node: self.node.to_owned(),
                        property,
                        target: text.to_owned(),
                    });
                }
                let timeout = self.seconds(props, "timeoutSeconds").map_or(Prop::None, number);
                let [id, name] = queue(target);
                lowered("Flow", [id, name, timeout])
            }
            "Route" => lowered("Route", queue(self.target(props, "queueId", "queueName")?)),
            "End" => {
                let end = self.choice(props, "endType", &json_family::END_TYPES, "normal");
                lowered("End", [Prop::Text(Arc::from(end))])
            }
            "Disconnect" => lowered("Disconnect", []),
            "GetExternalContactAction" => {
                let by = match self.choice(props, "lookupBy", &["phone", "email", "id"], "phone") {
                    "email" => LookupBy::Email,
                    "id" => LookupBy::Id,
                    _ => LookupBy::Phone,
                };
                let value = match self.template(props, "lookupValue", by != LookupBy::Phone) {
                    Some(t) => t,
                    None if by == LookupBy::Phone && self.ok => {
                        self.parse_template("properties.lookupValue", "{Call.Ani}")?
                    }
                    None => return None,
                };
                let on_not_found =
                    self.choice(props, "onNotFound", &["error", "continue"], "error");
                lowered(
                    "GetExternalContactAction",
                    [
                        Prop::Text(by.as_str().into()),
                        Prop::Template(value),
                        Prop::Text(on_not_found.into()),
                    ],
                )
            }
            "QueueMetrics" => {
                lowered("QueueMetrics", queue(self.target(props, "queueId", "queueName")?))
            }
            "DataAction" => {
                let action = self.string(props, "action", true)?;
                let mut inputs = Vec::new();
                match Self::prop(props, "inputs") {
                    None => {}
                    Some(J::Object(m)) => {
                        for (k, v) in m {
                            let property = format!("properties.inputs.{k}");
                            let text = match v {
                                J::String(s) => s.clone(),
                                J::Number(_) | J::Bool(_) => v.to_string(),
                                other => {
                                    self.type_error(&property, "a template string", other);
                                    continue;
                                }
                            };
                            if let Some(t) = self.parse_template(&property, &text) {
                                inputs.push((Arc::from(k.as_str()), Prop::Template(t)));
                            }
                        }
                    }
                    Some(other) => self.type_error(
                        "properties.inputs",
                        "an object of input name → template",
                        other,
                    ),
                }
                let timeout_ms = self.integer(props, "timeoutMs", 10_000, (0, 3_600_000)) as u64;
                let inputs = Prop::Map(inputs.into());
                lowered("DataAction", [Prop::Text(action.into()), inputs, number(timeout_ms)])
            }
            _ => unreachable!("every NODE_TYPES entry is handled"),
        })
    }

    /// `setVars` as `Set`'s records (`catalogue::json::set_var`).
    fn set_vars(&mut self, props: &Map<String, J>) -> Option<Vec<Record>> {
        let list = match Self::prop(props, "setVars") {
            Some(J::Array(a)) => a,
            Some(other) => {
                self.type_error("properties.setVars", "a list of {key, value}", other);
                return None;
            }
            None => {
                self.error(
                    crate::diag::Code::MissingProperty,
                    "properties.setVars",
                    "`setVars` is required".into(),
                    Some("add \"setVars\": [{\"key\": \"name\", \"value\": {\"type\": \"string\", \"value\": \"...\"}}]".into()),
                );
                return None;
            }
        };
        let mut out = Vec::with_capacity(list.len());
        for (i, item) in list.iter().enumerate() {
            let at = format!("properties.setVars[{i}]");
            let Some(obj) = item.as_object() else {
                self.type_error(&at, "an object {key, value}", item);
                continue;
            };
            let key = match obj.get("key") {
                Some(J::String(k)) if !k.trim().is_empty() => k.clone(),
                Some(other) => {
                    self.type_error(&format!("{at}.key"), "a variable name", other);
                    continue;
                }
                None => {
                    self.error(
                        crate::diag::Code::MissingProperty,
                        &format!("{at}.key"),
                        "`key` is required".into(),
                        None,
                    );
                    continue;
                }
            };
            let Some(value) = obj.get("value") else {
                self.error(
                    crate::diag::Code::MissingProperty,
                    &format!("{at}.value"),
                    "`value` is required".into(),
                    None,
                );
                continue;
            };
            if let Some((ty, v)) = self.set_value(&format!("{at}.value"), value) {
                out.push(json_family::set_var(&key, ty, v));
            }
        }
        Some(out)
    }

    /// A `setVars` value: its type, and a template (an expression for `expression`).
    fn set_value(&mut self, at: &str, value: &J) -> Option<(&'static str, Prop)> {
        const TYPES: [&str; 5] = SET_VALUE_TYPES;
        let Some(obj) = value.as_object() else {
            self.type_error(at, "an object {type, value}", value);
            return None;
        };
        let ty = match obj.get("type") {
            Some(J::String(t)) => t.as_str(),
            None => "string",
            Some(other) => {
                self.type_error(&format!("{at}.type"), "a type name", other);
                return None;
            }
        };
        let Some(ty) = TYPES.iter().find(|t| t.eq_ignore_ascii_case(ty)) else {
            self.error(
                crate::diag::Code::BadPropertyValue,
                &format!("{at}.type"),
                format!("`type` is `{ty}`; it must be one of: {}", TYPES.join(", ")),
                nearest(ty, TYPES).map(|n| format!("did you mean `{n}`?")),
            );
            return None;
        };
        let inner = format!("{at}.value");
        let text = match obj.get("value") {
            Some(J::String(s)) => s.clone(),
            Some(v @ (J::Number(_) | J::Bool(_))) if *ty != "string" => v.to_string(),
            Some(J::Number(n)) => n.to_string(),
            Some(J::Null) | None => {
                if *ty == "expression" {
                    "NOT_SET".to_owned()
                } else {
                    String::new()
                }
            }
            Some(other) => {
                self.type_error(&inner, "a string", other);
                return None;
            }
        };
        Some(match *ty {
            "expression" => (*ty, Prop::Expr(self.parse_expr(&inner, &text)?)),
            _ => (*ty, Prop::Template(self.parse_template(&inner, &text)?)),
        })
    }

    fn conditions(
        &mut self,
        ids: &Ids<'_>,
        props: &Map<String, J>,
    ) -> Option<(Vec<Record>, Option<NodeIdx>)> {
        let list = match Self::prop(props, "conditions") {
            Some(J::Array(a)) => a.as_slice(),
            Some(other) => {
                self.type_error("properties.conditions", "a list of {expression, nextNode}", other);
                return None;
            }
            None => &[],
        };
        let default = match Self::prop(props, "defaultNextNode") {
            Some(J::String(s)) => {
                self.node_ref(ids, "properties.defaultNextNode", s, "defaultNextNode")
            }
            Some(other) => {
                self.type_error("properties.defaultNextNode", "a node id", other);
                None
            }
            None => None,
        };
        if list.is_empty() && default.is_none() && self.ok {
            self.error(
                crate::diag::Code::MissingProperty,
                "properties.conditions",
                "an If needs `conditions` or a `defaultNextNode`".into(),
                None,
            );
            return None;
        }
        let mut out = Vec::with_capacity(list.len());
        for (i, c) in list.iter().enumerate() {
            let at = format!("properties.conditions[{i}]");
            let Some(obj) = c.as_object() else {
                self.type_error(&at, "an object {expression, nextNode}", c);
                continue;
            };
            let expr = match obj.get("expression") {
                Some(J::String(s)) => self.condition(&format!("{at}.expression"), s),
                Some(other) => {
                    self.type_error(&format!("{at}.expression"), "an expression string", other);
                    None
                }
                None => {
                    self.error(
                        crate::diag::Code::MissingProperty,
                        &format!("{at}.expression"),
                        "`expression` is required".into(),
                        None,
                    );
                    None
                }
            };
            let next = match obj.get("nextNode") {
                Some(J::String(s)) => self.node_ref(ids, &format!("{at}.nextNode"), s, "nextNode"),
                Some(other) => {
                    self.type_error(&format!("{at}.nextNode"), "a node id", other);
                    None
                }
                None => {
                    self.error(
                        crate::diag::Code::MissingProperty,
                        &format!("{at}.nextNode"),
                        "`nextNode` is required".into(),
                        None,
                    );
                    None
                }
            };
            if let (Some(expr), Some(next)) = (expr, next) {
                out.push(json_family::condition(expr, next));
            }
        }
        Some((out, default))
    }
}

fn last_segment(property: &str) -> &str {
    property.rsplit('.').next().unwrap_or(property)
}

/// "a string", "a list", ... for messages.
pub fn kind_of(v: &J) -> &'static str {
    match v {
        J::Null => "null",
        J::Bool(_) => "a boolean",
        J::Number(_) => "a number",
        J::String(_) => "a string",
        J::Array(_) => "a list",
        J::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        let flow = load_flow(Path::new("f.json"), text, &mut diags);
        assert!(flow.is_none(), "the flow must not load: {text}");
        diags
    }

    const END: &str = r#"{"type": "End", "properties": {"endType": "disconnect"}}"#;

    #[test]
    fn duplicate_keys_are_errors_with_line_and_column() {
        let d = errors(&format!(
            "{{\"name\": \"A\",\n\"name\": \"B\", \"draft\": {{\"startNode\": \"e\", \"nodes\": {{\"e\": {END}}}}}}}"
        ));
        assert_eq!(d[0].code, crate::diag::Code::JsonSyntax);
        assert!(d[0].message.contains("duplicate key `name`"), "{}", d[0].message);
        assert_eq!(d[0].line, Some(2));
        let d = errors(&format!(
            "{{\"name\": \"A\", \"draft\": {{\"startNode\": \"e\", \"nodes\": {{\"e\": {END},\n \"e\": {END}}}}}}}"
        ));
        assert!(d[0].message.contains("duplicate key `e`"), "{}", d[0].message);
        assert_eq!(d[0].line, Some(2));
    }

    #[test]
    fn ids_differing_only_by_unicode_case_are_errors() {
        let d = errors(&format!(
            "{{\"name\": \"A\", \"draft\": {{\"startNode\": \"Ä\", \"nodes\": {{\"Ä\": {END}, \"ä\": {END}}}}}}}"
        ));
        assert!(d.iter().any(|d| d.code == crate::diag::Code::NodeIdCase), "{d:#?}");
    }
}
