//! The JSON flow format's node types (docs/json-flows.md) as catalogue entries of their own
//! family: `flow::json` lowers each node it reads to one of these actions, so the engine, the
//! trace and the checks see actions only.
//!
//! An entry's key is the node type as flow files spell it (`Say`), which is also what traces
//! show. These entries are not Architect's: `by_key` and `by_export` never find them (an Archy
//! flow cannot write `Say:`); `by_type` does, for the JSON front-end. A JSON node's ways out
//! are its exits, as an Architect action's outputs are: every entry declares the paths
//! `success`, `error` and `timeout` ([`PATHS`]: the node's `onComplete`, `onError`,
//! `onTimeout`), and an `If` its conditions and default before them
//! ([`Dynamic::Conditions`](super::Dynamic::Conditions)). The names are the labels traces,
//! coverage and pictures have always shown. A way the node does not write is not among its
//! exits: without `onComplete` it ends the flow, without `onError` a failure ends it.

use super::PropSpec;
use super::{out, p, req, ActionSpec, Dynamic, Facts, Family, Op, OutputSpec, PropId, PropKind};
use crate::expr::{Expr, Template};
use crate::flow::action::{Action, Prop, VarRef};
use crate::flow::model::{Exit, NodeIdx};
use std::sync::Arc;

/// The ways every JSON node may leave by (docs/json-flows.md): `onComplete.nextNode`, the
/// error path and the timeout path, as its entry's fixed outputs.
pub const PATHS: &[OutputSpec] = &[out("success", ""), out("error", ""), out("timeout", "")];

/// Which of [`PATHS`] the run takes on its own ([`super::Facts::paths`]).
pub const PATH_NAMES: super::facts::Paths =
    super::facts::Paths { on: "success", error: "error", timeout: "timeout" };

/// A JSON node's exits: an `If`'s conditions (`condition[i]`) and default, then those of
/// [`PATHS`] the node writes (its `next`, error and timeout targets): a way the node does
/// not write is no way out of it.
pub fn exits(
    a: &Action,
    next: Option<NodeIdx>,
    on_error: Option<NodeIdx>,
    on_timeout: Option<NodeIdx>,
) -> Box<[Exit]> {
    let exit = |name: String, target: NodeIdx| Exit {
        name: Arc::from(name),
        export_id: None,
        target: Some(target),
        enabled: true,
    };
    let mut out = Vec::new();
    if a.spec().dynamic == Dynamic::Conditions {
        let conditions = conditions(a).enumerate();
        out.extend(conditions.map(|(i, (_, next))| exit(format!("condition[{i}]"), next)));
        out.extend(default_next(a).map(|d| exit("default".into(), d)));
    }
    let targets = [next, on_error, on_timeout];
    let paths = PATHS.iter().zip(targets);
    out.extend(paths.filter_map(|(o, t)| Some(exit(o.name.into(), t?))));
    out.into_boxed_slice()
}

/// What the engine does for a JSON node: one arm each in `engine::actions::json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonOp {
    /// `Say`: renders `sayText` and plays it.
    Say,
    /// `End`: ends the flow normally, with an error, or by disconnecting (`endType`).
    End,
    /// `Disconnect`: ends the run, disconnected.
    Disconnect,
    /// `Gather`: plays `promptText`, then takes digits from the input script.
    Gather,
    /// `Route`: routes the call to a queue of the fixtures and goes on.
    Route,
    /// `QueueMetrics`: a queue's figures as outputs.
    QueueMetrics,
    /// `GetExternalContactAction`: an external contact of the fixtures by phone, email or id.
    GetExternalContact,
    /// `DataAction`: a data action's mock, by name and inputs.
    DataAction,
    /// `Set`: assigns variables in order (`setVars`).
    Set,
    /// `Flow`: calls another flow of the registry and comes back.
    Flow,
    /// `If`: the first true condition's node, else the default's.
    If,
}

/// A node type's entry: its key, operation, facts (a value of [`facts`]) and properties; its
/// exits the paths every node has, an `If`'s conditions before them.
const fn json(
    key: &'static str,
    op: JsonOp,
    facts: &Facts,
    props: &'static [PropSpec],
) -> ActionSpec {
    let a = super::action(key, "", Family::Json, Op::Json(op), *facts, props, PATHS);
    if matches!(op, JsonOp::If) {
        super::with(a, Dynamic::Conditions)
    } else {
        a
    }
}

/// What the commands know of each node type ([`Facts`]): every JSON-only decision a consumer
/// makes is one of these fields, so no consumer names a [`JsonOp`]. Each entry states its
/// type's by one of these names.
mod facts {
    use super::super::facts::{callee, CalleeKind, Failure, Fallible, Record, Varies};
    use super::super::{Facts, Leaves, Mutate};
    use super::{assignments, canonical, detail, digits, disconnects, end_type, PATH_NAMES};

    /// What every node shares: read whole by `diff`, its box showing what it works on, its
    /// exits the paths (which `mutate` neither swaps nor names by property), no outputs for
    /// later nodes.
    const NODE: Facts = Facts {
        whole: Some(canonical),
        shows: Some(detail),
        node_outputs: Some(&[]),
        paths: Some(PATH_NAMES),
        mutate: Mutate { outputs: false, by_property: false, ..Facts::PLAIN.mutate },
        ..Facts::PLAIN
    };
    /// `Say`: fails only if its text's template can.
    pub const SAY: Facts =
        Facts { fallible: Fallible::UnlessTemplate("sayText"), record: Record::Says, ..NODE };
    /// `End`: ends the flow as its `endType` says, never failing.
    pub const END: Facts =
        Facts { leaves: Leaves::Ends, ends_as: Some(end_type), fallible: Fallible::Never, ..NODE };
    /// `Disconnect`: ends the run, disconnected, never failing.
    pub const DISCONNECT: Facts = Facts {
        leaves: Leaves::Ends,
        ends_as: Some(disconnects),
        fallible: Fallible::Never,
        ..NODE
    };
    /// `Gather`: a decision by the digits it gets, or a timeout.
    pub const GATHER: Facts = Facts {
        node_outputs: Some(&["digits"]),
        decides: true,
        branches: true,
        varies: Varies::JsonDigits,
        failure: Failure::InputTimeout,
        digits: Some(digits),
        record: Record::Gathers,
        ..NODE
    };
    /// `Route`: the queue it routes to.
    pub const ROUTE: Facts =
        Facts { node_outputs: Some(&["queueId", "queueName"]), record: Record::Routes, ..NODE };
    /// `QueueMetrics`: a decision by the fixtures' queue figures.
    pub const QUEUE_METRICS: Facts = Facts {
        node_outputs: Some(&["availableAgents", "onQueueAgents", "waiting", "occupancy"]),
        decides: true,
        varies: Varies::JsonQueueFigures,
        record: Record::Figures,
        ..NODE
    };
    /// `GetExternalContactAction`: a decision by the contact looked up.
    pub const GET_EXTERNAL_CONTACT: Facts = Facts {
        node_outputs: Some(&["contact", "found", "matchCount"]),
        decides: true,
        varies: Varies::JsonContact,
        failure: Failure::ContactNotFound,
        record: Record::Finds,
        ..NODE
    };
    /// `DataAction`: a decision by its data action's mock, named by its `action`.
    pub const DATA_ACTION: Facts = Facts {
        node_outputs: Some(&["outputs", "status"]),
        decides: true,
        varies: Varies::JsonDataAction,
        failure: Failure::DataAction,
        data_action: Some("action"),
        record: Record::Answers,
        ..NODE
    };
    /// `Set`: its assignments in order, failing only if one can.
    pub const SET: Facts = Facts {
        assigns: Some(assignments),
        fallible: Fallible::UnlessAssignments,
        record: Record::Assigns,
        ..NODE
    };
    /// `Flow`: calls a flow of the registry by id, else by name, and comes back.
    pub const FLOW: Facts = Facts {
        node_outputs: Some(&["outcome"]),
        callee: Some(callee(&["flowId", "flowName"], CalleeKind::SubFlow, &[])),
        record: Record::Calls,
        ..NODE
    };
    /// `If`: a decision by its conditions in order.
    pub const IF: Facts =
        Facts { decides: true, branches: true, varies: Varies::JsonConditions, ..NODE };
}

/// A `Set`'s assignments ([`set_vars`]), collected.
fn assignments(a: &Action) -> Vec<(&VarRef, SetValue<'_>)> {
    set_vars(a).collect()
}

/// How a `Disconnect` ends its flow.
fn disconnects(_: &Action) -> crate::flow::model::EndType {
    crate::flow::model::EndType::Disconnect
}

/// A `Gather`'s most digits and terminator.
fn digits(a: &Action) -> (u64, Option<char>) {
    (number(a, prop::GATHER_MAX_DIGITS), terminator(a))
}

#[rustfmt::skip]
pub const ACTIONS: &[ActionSpec] = &[
    json("Say", JsonOp::Say, &facts::SAY, &[req("sayText", "", PropKind::Template)]),
    json("End", JsonOp::End, &facts::END, &[p("endType", "", PropKind::Text)]),
    json("Disconnect", JsonOp::Disconnect, &facts::DISCONNECT, &[]),
    json("Gather", JsonOp::Gather, &facts::GATHER, &[
        req("promptText", "", PropKind::Template),
        req("maxDigits", "", PropKind::Text),
        req("timeoutMs", "", PropKind::Text),
        req("interDigitTimeoutMs", "", PropKind::Text),
        p("terminator", "", PropKind::Text),
    ]),
    json("Route", JsonOp::Route, &facts::ROUTE, QUEUE),
    json("QueueMetrics", JsonOp::QueueMetrics, &facts::QUEUE_METRICS, QUEUE),
    json("GetExternalContactAction", JsonOp::GetExternalContact, &facts::GET_EXTERNAL_CONTACT, &[
        req("lookupBy", "", PropKind::Text),
        req("lookupValue", "", PropKind::Template),
        req("onNotFound", "", PropKind::Text),
    ]),
    json("DataAction", JsonOp::DataAction, &facts::DATA_ACTION, &[
        req("action", "", PropKind::Text),
        p("inputs", "", PropKind::TemplateMap),
        req("timeoutMs", "", PropKind::Text),
    ]),
    json("Set", JsonOp::Set, &facts::SET, &[req("setVars", "", PropKind::List(SET_VAR))]),
    json("Flow", JsonOp::Flow, &facts::FLOW, &[
        p("flowId", "", PropKind::Template),
        p("flowName", "", PropKind::Template),
        p("timeoutMs", "", PropKind::Text),
    ]),
    json("If", JsonOp::If, &facts::IF, &[
        p("conditions", "", PropKind::List(CONDITION)),
        p("defaultNextNode", "", PropKind::Node),
    ]),
];

/// One `If` condition: a Boolean expression and the node it leads to.
const CONDITION: &[PropSpec] =
    &[req("expression", "", PropKind::Expr), req("nextNode", "", PropKind::Node)];

/// One `setVars` entry: the variable, its value's `type` (`string`, `integer`, `decimal`,
/// `boolean`, `expression`) and the value: a template, or for `expression` an expression
/// ([`crate::flow::action::Prop::Expr`]).
const SET_VAR: &[PropSpec] = &[
    req("variable", "", PropKind::Var),
    req("type", "", PropKind::Text),
    req("value", "", PropKind::Template),
];

/// A queue by id or by name (one of them is given): `Route`, `QueueMetrics`.
const QUEUE: &[PropSpec] =
    &[p("queueId", "", PropKind::Template), p("queueName", "", PropKind::Template)];

/// The typed properties the engine reads.
pub mod prop {
    use super::super::PropId;
    use super::ACTIONS;

    pub const SAY_TEXT: PropId = PropId::of(ACTIONS, &["Say"], "sayText");
    /// `normal`, `error` or `disconnect` (see [`super::end_type`]).
    pub const END_TYPE: PropId = PropId::of(ACTIONS, &["End"], "endType");

    pub const GATHER_PROMPT: PropId = PropId::of(ACTIONS, &["Gather"], "promptText");
    /// Whole digits, 1 to 40.
    pub const GATHER_MAX_DIGITS: PropId = PropId::of(ACTIONS, &["Gather"], "maxDigits");
    /// Milliseconds.
    pub const GATHER_TIMEOUT: PropId = PropId::of(ACTIONS, &["Gather"], "timeoutMs");
    /// Milliseconds.
    pub const GATHER_INTER_DIGIT: PropId = PropId::of(ACTIONS, &["Gather"], "interDigitTimeoutMs");
    /// One key of 0-9 * #; absent: none.
    pub const GATHER_TERMINATOR: PropId = PropId::of(ACTIONS, &["Gather"], "terminator");
    pub const QUEUE_ID: PropId = PropId::of(ACTIONS, &["Route", "QueueMetrics"], "queueId");
    pub const QUEUE_NAME: PropId = PropId::of(ACTIONS, &["Route", "QueueMetrics"], "queueName");
    /// `phone`, `email` or `id` (see [`super::lookup_by`]).
    pub const LOOKUP_BY: PropId = PropId::of(ACTIONS, &["GetExternalContactAction"], "lookupBy");
    pub const LOOKUP_VALUE: PropId =
        PropId::of(ACTIONS, &["GetExternalContactAction"], "lookupValue");
    /// `error` or `continue`.
    pub const ON_NOT_FOUND: PropId =
        PropId::of(ACTIONS, &["GetExternalContactAction"], "onNotFound");
    /// The data action's name, fixed at load.
    pub const DATA_ACTION: PropId = PropId::of(ACTIONS, &["DataAction"], "action");
    /// Input names to templates, in file order.
    pub const DATA_INPUTS: PropId = PropId::of(ACTIONS, &["DataAction"], "inputs");
    /// Milliseconds.
    pub const DATA_TIMEOUT: PropId = PropId::of(ACTIONS, &["DataAction"], "timeoutMs");
    /// The assignments, each a record of [`SET_VARIABLE`], [`SET_TYPE`], [`SET_VALUE`].
    pub const FLOW_ID: PropId = PropId::of(ACTIONS, &["Flow"], "flowId");
    pub const FLOW_NAME: PropId = PropId::of(ACTIONS, &["Flow"], "flowName");
    /// Milliseconds; absent: no limit.
    pub const FLOW_TIMEOUT: PropId = PropId::of(ACTIONS, &["Flow"], "timeoutMs");
    /// Each a record of [`CONDITION_EXPR`], [`CONDITION_NEXT`].
    pub const IF_CONDITIONS: PropId = PropId::of(ACTIONS, &["If"], "conditions");
    pub const CONDITION_EXPR: PropId = PropId::field(ACTIONS, &["If"], "conditions", "expression");
    pub const CONDITION_NEXT: PropId = PropId::field(ACTIONS, &["If"], "conditions", "nextNode");
    pub const IF_DEFAULT: PropId = PropId::of(ACTIONS, &["If"], "defaultNextNode");
    pub const SET_VARS: PropId = PropId::of(ACTIONS, &["Set"], "setVars");
    pub const SET_VARIABLE: PropId = PropId::field(ACTIONS, &["Set"], "setVars", "variable");
    pub const SET_TYPE: PropId = PropId::field(ACTIONS, &["Set"], "setVars", "type");
    pub const SET_VALUE: PropId = PropId::field(ACTIONS, &["Set"], "setVars", "value");

    /// Every id above, for the catalogue's test that each is read only on the entries it names.
    #[cfg(test)]
    pub const ALL: &[PropId] = &[
        SAY_TEXT,
        END_TYPE,
        GATHER_PROMPT,
        GATHER_MAX_DIGITS,
        GATHER_TIMEOUT,
        GATHER_INTER_DIGIT,
        GATHER_TERMINATOR,
        QUEUE_ID,
        QUEUE_NAME,
        LOOKUP_BY,
        LOOKUP_VALUE,
        ON_NOT_FOUND,
        DATA_ACTION,
        DATA_INPUTS,
        DATA_TIMEOUT,
        SET_VARS,
        FLOW_ID,
        FLOW_NAME,
        FLOW_TIMEOUT,
        IF_CONDITIONS,
        IF_DEFAULT,
    ];
}

/// The values of an `End` node's `endType`, as the loader normalizes them.
pub const END_TYPES: [&str; 3] = ["normal", "error", "disconnect"];

/// How an `End` action ends its flow (its `endType`; `normal` when absent).
pub fn end_type(a: &crate::flow::action::Action) -> crate::flow::model::EndType {
    use crate::flow::model::EndType;
    match a.get(prop::END_TYPE).text().map(|t| &**t) {
        Some("error") => EndType::Error,
        Some("disconnect") => EndType::Disconnect,
        _ => EndType::Normal,
    }
}

/// An entry by the node type as a JSON flow spells it (`Say`).
pub fn by_type(ty: &str) -> Option<u16> {
    let i = super::ACTIONS.iter().position(|a| a.family == Family::Json && a.key == ty)?;
    Some(i as u16)
}

/// A number the loader checked and wrote as text (`maxDigits`, a timeout in ms); 0 if absent.
pub fn number(a: &Action, id: PropId) -> u64 {
    a.get(id).text().and_then(|t| t.parse().ok()).unwrap_or(0)
}

/// A template property; the empty text when absent.
pub fn template(a: &Action, id: PropId) -> &Template {
    static EMPTY: std::sync::LazyLock<Template> =
        std::sync::LazyLock::new(|| Template::literal(""));
    a.get(id).template().unwrap_or(&EMPTY)
}

/// Whether a queue (`Route`, `QueueMetrics`) or flow (`Flow`) is named by id (`queueId`,
/// `flowId`) or by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Id,
    Name,
}

/// The queue a `Route` or `QueueMetrics` names, and how.
pub fn queue(a: &Action) -> (By, &Template) {
    match a.get(prop::QUEUE_ID).template() {
        Some(t) => (By::Id, t),
        None => (By::Name, template(a, prop::QUEUE_NAME)),
    }
}

/// The flow a `Flow` node calls, and how it names it.
pub fn callee(a: &Action) -> (By, &Template) {
    match a.get(prop::FLOW_ID).template() {
        Some(t) => (By::Id, t),
        None => (By::Name, template(a, prop::FLOW_NAME)),
    }
}

/// A `Flow` node's time limit in ms (`timeoutSeconds`), if it has one.
pub fn flow_timeout(a: &Action) -> Option<u64> {
    a.get(prop::FLOW_TIMEOUT).text().and_then(|t| t.parse().ok())
}

/// A Gather's terminator key, if it has one.
pub fn terminator(a: &Action) -> Option<char> {
    a.get(prop::GATHER_TERMINATOR).text().and_then(|t| t.chars().next())
}

/// How a `GetExternalContactAction` looks its contact up.
pub fn lookup_by(a: &Action) -> crate::fixtures::LookupBy {
    a.get(prop::LOOKUP_BY)
        .text()
        .and_then(|t| crate::fixtures::LookupBy::parse(t))
        .unwrap_or(crate::fixtures::LookupBy::Phone)
}

/// A `setVars` value by its declared `type` (docs/json-flows.md).
#[derive(Debug, Clone, Copy)]
pub enum SetValue<'a> {
    /// `string`: a template.
    String(&'a Template),
    /// `integer`: a template converted with `ToInt`'s rules.
    Integer(&'a Template),
    /// `decimal`: a template converted with `ToDecimal`'s rules.
    Decimal(&'a Template),
    /// `boolean`: a template converted with `ToBool`'s rules.
    Boolean(&'a Template),
    /// `expression`: stored as evaluated.
    Expression(&'a crate::expr::Expr),
}

/// A `Set`'s assignments in order: the variable and its value.
pub fn set_vars(a: &Action) -> impl Iterator<Item = (&VarRef, SetValue<'_>)> {
    a.get(prop::SET_VARS).list().iter().filter_map(|record| {
        let var = Prop::field(record, prop::SET_VARIABLE).var()?;
        let value = Prop::field(record, prop::SET_VALUE);
        let value = match (Prop::field(record, prop::SET_TYPE).text().map(|t| &**t), value) {
            (_, Prop::Expr(e)) => SetValue::Expression(e),
            (Some("integer"), Prop::Template(t)) => SetValue::Integer(t),
            (Some("decimal"), Prop::Template(t)) => SetValue::Decimal(t),
            (Some("boolean"), Prop::Template(t)) => SetValue::Boolean(t),
            (_, Prop::Template(t)) => SetValue::String(t),
            _ => return None,
        };
        Some((var, value))
    })
}

/// One `setVars` entry as a record of `Set`'s list (see [`set_vars`]).
pub fn set_var(name: &str, ty: &str, value: Prop) -> Box<[Prop]> {
    Box::new([Prop::Var(VarRef::new(name)), Prop::Text(ty.into()), value])
}

/// An `If`'s conditions in order: each expression and the node it leads to.
pub fn conditions(a: &Action) -> impl ExactSizeIterator<Item = (&Expr, NodeIdx)> + Clone {
    a.get(prop::IF_CONDITIONS).list().iter().map(|record| {
        let Some(expr) = Prop::field(record, prop::CONDITION_EXPR).expr() else {
            unreachable!("the loader gives every condition its expression")
        };
        let Some(next) = Prop::field(record, prop::CONDITION_NEXT).node() else {
            unreachable!("the loader gives every condition its node")
        };
        (expr, next)
    })
}

/// An `If`'s `defaultNextNode`, if it has one.
pub fn default_next(a: &Action) -> Option<NodeIdx> {
    a.get(prop::IF_DEFAULT).node()
}

/// One `If` condition as a record of its `conditions` (see [`conditions`]).
pub fn condition(expr: Expr, next: NodeIdx) -> Box<[Prop]> {
    Box::new([Prop::Expr(expr), Prop::Node(next)])
}

/// Calls `f` on the node each of an `If`'s conditions leads to.
pub fn for_each_condition_next_mut(a: &mut Action, f: &mut impl FnMut(&mut NodeIdx)) {
    if let Some(Prop::List(records)) = a.props.get_mut(prop::IF_CONDITIONS.index()) {
        for record in records.iter_mut() {
            if let Some(Prop::Node(n)) = record.get_mut(prop::CONDITION_NEXT.index()) {
                f(n);
            }
        }
    }
}

/// An `If`'s `defaultNextNode`, to change (`Prop::None`: none).
pub fn default_next_mut(a: &mut Action) -> Option<&mut Prop> {
    a.props.get_mut(prop::IF_DEFAULT.index())
}

/// The JSON node type `a` is, if it is one (`None` exactly for Architect actions: the JSON
/// family's entries, and only they, run as [`Op::Json`]).
pub fn op_of(a: &Action) -> Option<JsonOp> {
    match a.spec().op {
        Op::Json(op) => Some(op),
        _ => None,
    }
}

/// A node's fields as text, templates and expressions printed from their trees (source
/// positions never count): what `diff` shows of a JSON node and hashes ([`super::Facts::whole`]).
pub fn canonical(a: &Action) -> String {
    let Some(op) = op_of(a) else { return String::new() };
    let target = |(by, t): (By, &Template)| match by {
        By::Id => format!("id {}", t.source()),
        By::Name => format!("name {}", t.source()),
    };
    let source = |id| template(a, id).source();
    match op {
        JsonOp::Say => source(prop::SAY_TEXT),
        JsonOp::End => format!("{:?}", end_type(a)),
        JsonOp::Disconnect => String::new(),
        JsonOp::If => {
            let items: Vec<String> = conditions(a).map(|(e, _)| e.to_string()).collect();
            items.join("; ")
        }
        JsonOp::Set => {
            let items: Vec<String> = set_vars(a)
                .map(|(var, value)| {
                    let value = match value {
                        SetValue::Expression(e) => format!("expression {e}"),
                        SetValue::String(t) => format!("string {}", t.source()),
                        SetValue::Integer(t) => format!("integer {}", t.source()),
                        SetValue::Decimal(t) => format!("decimal {}", t.source()),
                        SetValue::Boolean(t) => format!("boolean {}", t.source()),
                    };
                    format!("{} = {value}", var.lower)
                })
                .collect();
            items.join("; ")
        }
        JsonOp::Gather => format!(
            "{} maxDigits={} timeout={}ms interDigit={}ms terminator={:?}",
            source(prop::GATHER_PROMPT),
            number(a, prop::GATHER_MAX_DIGITS),
            number(a, prop::GATHER_TIMEOUT),
            number(a, prop::GATHER_INTER_DIGIT),
            terminator(a)
        ),
        JsonOp::Route | JsonOp::QueueMetrics => target(queue(a)),
        JsonOp::Flow => {
            format!("{} timeout={:?}", target(callee(a)), flow_timeout(a))
        }
        JsonOp::GetExternalContact => format!(
            "{:?} {} continueWhenNotFound={}",
            lookup_by(a),
            source(prop::LOOKUP_VALUE),
            a.get(prop::ON_NOT_FOUND).text().is_some_and(|t| &**t == "continue")
        ),
        JsonOp::DataAction => {
            let items: Vec<String> = a
                .get(prop::DATA_INPUTS)
                .map()
                .iter()
                .map(|(k, t)| {
                    format!("{k}: {}", t.template().map_or_else(String::new, Template::source))
                })
                .collect();
            format!(
                "{} {{{}}} timeout={}ms",
                a.get(prop::DATA_ACTION).text().map_or("", |t| &**t),
                items.join(", "),
                number(a, prop::DATA_TIMEOUT)
            )
        }
    }
}

/// What a node works on, as `graph`'s box shows it ([`super::Facts::shows`]): the text it
/// plays, its queue, contact key or data action.
pub fn detail(a: &Action) -> Option<String> {
    let literal_or_exprs = |t: &Template| t.as_literal().map_or_else(|| t.source(), str::to_owned);
    let shown = |id| Some(literal_or_exprs(template(a, id)));
    match op_of(a)? {
        JsonOp::Say => shown(prop::SAY_TEXT),
        JsonOp::Gather => shown(prop::GATHER_PROMPT),
        JsonOp::Route | JsonOp::QueueMetrics => Some(literal_or_exprs(queue(a).1)),
        JsonOp::DataAction => a.get(prop::DATA_ACTION).text().map(ToString::to_string),
        JsonOp::GetExternalContact => shown(prop::LOOKUP_VALUE),
        JsonOp::End | JsonOp::Disconnect | JsonOp::Set | JsonOp::Flow | JsonOp::If => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::model::NODE_TYPES;

    /// Every node type a JSON flow may write is an entry of the family, under its own
    /// spelling, that Architect's lookups never give: an Archy flow cannot write `Say:`, and
    /// an export's `GetExternalContactAction` is Architect's action, not the JSON node.
    #[test]
    fn every_node_type_is_an_entry_of_its_own_family_only() {
        for ty in NODE_TYPES {
            let i = by_type(ty).unwrap_or_else(|| panic!("no entry for `{ty}`"));
            let spec = super::super::spec(i);
            assert_eq!(spec.key, ty);
            assert_eq!(spec.family, Family::Json);
            assert!(matches!(spec.op, Op::Json(_)), "`{ty}` runs as a JSON node");
            let names: Vec<&str> = spec.outputs.iter().map(|o| o.name).collect();
            assert_eq!(names, ["success", "error", "timeout"], "`{ty}` leaves by its paths");
            assert_ne!(super::super::by_key(ty), Some(i), "Archy finds `{ty}`");
            assert_ne!(super::super::by_export(ty), Some(i), "an export finds `{ty}`");
        }
        let family = super::super::ACTIONS.iter().filter(|a| a.family == Family::Json).count();
        assert_eq!(family, NODE_TYPES.len(), "an entry no node type names");
        assert_eq!(super::super::by_key("Say"), None);
        assert_eq!(by_type("decision"), None, "Architect's entries are not node types");
    }

    #[test]
    fn only_end_and_disconnect_end_the_flow() {
        let ends: Vec<&str> = NODE_TYPES
            .into_iter()
            .filter(|ty| {
                let spec = super::super::spec(by_type(ty).expect("an entry"));
                spec.facts.leaves == super::super::Leaves::Ends
            })
            .collect();
        assert_eq!(ends, ["End", "Disconnect"]);
    }
}
