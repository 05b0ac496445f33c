//! The run request (docs/results.md) and its validation into what the machine needs.
//!
//! A request that cannot run (no such flow, no such start node, a bad input digit) is refused
//! here, before anything executes: that is the API's 400 and the CLI's exit code 2.

use crate::expr::value::parse_datetime;
use crate::expr::Value;
use crate::flow::{FlowIdx, NodeIdx, Registry, Version};
use indexmap::IndexMap;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::sync::Arc;

/// The default virtual start time: `2026-01-01T09:00:00Z`.
pub const DEFAULT_START_TIME: &str = "2026-01-01T09:00:00Z";
/// The default step limit.
pub const DEFAULT_MAX_STEPS: u64 = 10_000;
/// The step limit of a run of an Architect flow that names none: five flow invocations' worth
/// of Architect's 10,000 actions (each Transfer to Flow starts a fresh count), so a flow that
/// transfers to itself forever still ends.
pub const DEFAULT_ARCHITECT_MAX_STEPS: u64 = 50_000;

/// A run request, in the simulation API's shape. Unknown fields are ignored; it
/// must be an object (serde would otherwise read `["f"]` as `{"flowId": "f"}`).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, PartialEq)]
#[serde(rename_all = "camelCase", remote = "Self")]
pub struct RunRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_name: Option<String>,
    /// The flow's type (`inboundCall`, `outboundCall`...), to choose among flows of different
    /// types that share the name (docs/architect.md §1.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_type: Option<String>,
    #[serde(default)]
    pub context: RunContext,
    /// Start at this node of the top flow instead of its start node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_id: Option<String>,
    /// Virtual-time limit of the whole run, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<u64>,
    /// Answers for Gather nodes, in order (docs/json-flows.md).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<InputEntry>,
    /// Variables preset before the first node.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub variables: IndexMap<String, serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<Version>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_steps: Option<u64>,
    /// The seed of the run's random numbers (`Random`, `RandomInt`; `expr::random`): the same
    /// seed gives the same numbers. Default 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// The run's budgets (work, live bytes, trace bytes: `engine::budget`); defaults when
    /// absent.
    #[serde(default, skip_serializing_if = "super::budget::Budgets::is_empty")]
    pub budgets: super::budget::Budgets,
    /// What happens from outside during the run (see `engine::events`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<super::events::RunEvent>,
    /// The inbound message that starts a message, chat or email flow (`"Where is my order?"`,
    /// or `{"body", "subject", "from", "fromName", "to", "id", "type", "newConversation"}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<InboundMessage>,
    /// The workitem a workitem flow runs for, as the Genesys Cloud API gives its attributes
    /// (`{"id", "name", "priority", "status": {"id", "name"}, "customFields": {...}}`): the
    /// flow reads it as `Workitem.Workitem`, Update Workitem changes it, and the result shows
    /// it as the run left it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workitem: Option<serde_json::Map<String, serde_json::Value>>,
}

/// An inbound message: its text, or its fields.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(untagged)]
pub enum InboundMessage {
    Body(String),
    Fields(MessageFields),
}

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MessageFields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    pub kind: Option<String>,
    /// `Message.IsNewConversation` (default true: the message starts the conversation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_conversation: Option<bool>,
}

/// The conversation the run simulates. `Call.Ani` reads `from`, `Call.CalledAddress` reads `to`.
/// An object only, like the request.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, PartialEq)]
#[serde(rename_all = "camelCase", remote = "Self")]
pub struct RunContext {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub attributes: IndexMap<String, serde_json::Value>,
    /// The SIP headers of the call's initial INVITE (Get SIP Headers), name → value.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub sip_headers: IndexMap<String, String>,
}

/// One input: a Gather or menu answer (`"1"`, `"12#"`, `"timeout"`,
/// `{"digits": "1", "delaySeconds": 3}`), or a customer turn for a bot or digital flow
/// (`{"text": "where is my order"}`, `{"intent": "Order Status", "slots": {"OrderNumber":
/// "12345678"}}`, `"noMatch"`; `"timeout"` is a turn with no input). A text turn's `slots` are
/// the values a large language model would extract from it for AI-powered slots
/// (`{"text": "it's ann at example dot com", "slots": {"Email": "ann@example.com"}}`). A turn
/// a knowledge base answers is pinned with the answer (`{"knowledge": "We open at nine."}`).
/// Any other key in an object form is an error (`{"digits": "1", "delay": 3}` must not run
/// without its delay).
#[derive(Debug, Clone, serde::Serialize, PartialEq)]
#[serde(untagged)]
pub enum InputEntry {
    Text(String),
    Delayed {
        digits: String,
        #[serde(rename = "delaySeconds")]
        delay_seconds: f64,
    },
    Turn {
        text: String,
        #[serde(rename = "delaySeconds", skip_serializing_if = "is_zero")]
        delay_seconds: f64,
        /// AI-powered slots' values, as the model would extract them from the text.
        #[serde(skip_serializing_if = "IndexMap::is_empty")]
        slots: IndexMap<String, serde_json::Value>,
    },
    Intent {
        intent: String,
        #[serde(skip_serializing_if = "IndexMap::is_empty")]
        slots: IndexMap<String, serde_json::Value>,
    },
    /// A turn a knowledge article answers, pinned by the test: the answer.
    Knowledge {
        knowledge: String,
    },
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero(f: &f64) -> bool {
    *f == 0.0
}

/// The object forms' fields, strictly.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct EntryFields {
    digits: Option<String>,
    text: Option<String>,
    intent: Option<String>,
    knowledge: Option<String>,
    #[serde(default)]
    slots: IndexMap<String, serde_json::Value>,
    #[serde(default)]
    delay_seconds: f64,
}

impl<'de> Deserialize<'de> for InputEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = InputEntry;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an input: a digit string, \"timeout\", \"noMatch\", {digits, delaySeconds}, {text}, {intent, slots}, or {knowledge}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<InputEntry, E> {
                Ok(InputEntry::Text(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<InputEntry, A::Error> {
                let f = EntryFields::deserialize(de::value::MapAccessDeserializer::new(map))?;
                let pinned = f.delay_seconds == 0.0;
                match (f.digits, f.text, f.intent, f.knowledge) {
                    (Some(digits), None, None, None) if f.slots.is_empty() => {
                        Ok(InputEntry::Delayed { digits, delay_seconds: f.delay_seconds })
                    }
                    (None, Some(text), None, None) => {
                        Ok(InputEntry::Turn { text, delay_seconds: f.delay_seconds, slots: f.slots })
                    }
                    (None, None, Some(intent), None) if pinned => {
                        Ok(InputEntry::Intent { intent, slots: f.slots })
                    }
                    (None, None, None, Some(knowledge)) if pinned && f.slots.is_empty() => {
                        Ok(InputEntry::Knowledge { knowledge })
                    }
                    _ => Err(de::Error::custom(
                        "an input object is one of {digits, delaySeconds}, {text, delaySeconds, slots}, {intent, slots} or {knowledge}",
                    )),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// `Deserialize` and `Serialize` for a struct derived with `remote = "Self"`, read only from an
/// object (a map), never from a sequence.
macro_rules! object_only {
    ($ty:ident, $what:literal) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($what)
                    }
                    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<$ty, A::Error> {
                        $ty::deserialize(de::value::MapAccessDeserializer::new(map))
                    }
                }
                d.deserialize_map(V)
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $ty::serialize(self, s)
            }
        }
    };
}

object_only!(RunRequest, "a run request (a JSON object)");
object_only!(RunContext, "a context (an object)");

/// A validated input.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    Digits {
        digits: Arc<str>,
        delay_ms: u64,
    },
    /// Nothing before the timeout (a bot's no-input).
    Timeout,
    /// What the customer typed or said, with the values scripted for AI-powered slots (what a
    /// large language model would extract from it; usually none).
    Text {
        text: Arc<str>,
        delay_ms: u64,
        slots: TurnSlots,
    },
    /// A classification pinned by the test: this intent, these slots.
    Intent {
        intent: Arc<str>,
        slots: TurnSlots,
    },
    /// A turn that matches nothing.
    NoMatch,
    /// A turn a knowledge article answers, pinned by the test: the answer.
    Knowledge {
        answer: Arc<str>,
    },
}

/// The values a turn scripts for AI-powered slots, by slot name.
pub type TurnSlots = Arc<[(Arc<str>, serde_json::Value)]>;

/// Whether `c` is a key of a phone's keypad: `0`-`9`, `*`, `#`.
pub fn is_key(c: char) -> bool {
    c.is_ascii_digit() || c == '*' || c == '#'
}

/// The longest customer turn a request may give (a message body can be long; Ask for Slot
/// reads the first 500 characters of one).
pub const MAX_TURN_BYTES: usize = 64 * 1024;

/// Why a request was refused. Each has a stable [`code`](RequestError::code) and help.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RequestError {
    /// `{}`: neither `flowId` nor `flowName`.
    #[error("the request names no flow")]
    NoFlow,
    /// `{"flowName": "Nope"}`
    #[error("flow `{}` is not in the registry", crate::util::excerpt(name, 120))]
    UnknownFlow {
        name: String,
        /// [`Registry::unknown_flow_help`](crate::flow::Registry::unknown_flow_help).
        help: String,
    },
    /// `{"flowName": "Main"}` with an `inboundCall` and an `outboundCall` flow named `Main`.
    #[error(
        "flow name `{}` is shared by flows of the types {types}",
        crate::util::excerpt(name, 120)
    )]
    AmbiguousFlow {
        name: String,
        /// The types, as a message lists them: `` `inboundCall` and `outboundCall` ``.
        types: String,
        /// One of them, for the help's example.
        example: String,
    },
    /// `{"flowName": "A", "version": "published"}` where A has no published version.
    #[error("flow `{}` has no published version", crate::util::excerpt(name, 120))]
    NotPublished { name: String },
    /// `{"nodeId": "Nope"}`
    #[error(
        "node `{}` is not a node of flow `{}`",
        crate::util::excerpt(node, 120),
        crate::util::excerpt(flow, 120)
    )]
    InvalidNodeId { flow: String, node: String, nearest: Option<String> },
    /// `{"inputs": ["1a"]}`
    #[error(
        "input {index} `{}` is not a digit string, `timeout`, `noMatch`, {{digits, delaySeconds}}, {{text}}, {{intent, slots}} or {{knowledge}} with an answer", crate::util::excerpt(text, 120)
    )]
    BadInput { index: usize, text: String },
    /// `{"context": {"startTime": "yesterday"}}`
    #[error(
        "context.startTime `{}` is not an ISO 8601 date-time",
        crate::util::excerpt(text, 120)
    )]
    BadStartTime { text: String },
    /// `{"inputs": [{"intent": "Nope"}]}` where no bot flow of the registry defines `Nope`.
    #[error("input {index}: no bot flow defines intent `{}`", crate::util::excerpt(intent, 120))]
    UnknownIntent { index: usize, intent: String, nearest: Option<String> },
    /// `{"inputs": [{"intent": "Order", "slots": {"Count": "many"}}]}`
    #[error("input {index}: slot `{slot}` of intent `{intent}`: {reason}")]
    BadSlot { index: usize, intent: String, slot: String, reason: String },
    /// `{"inputs": [{"text": "4 please", "slots": {"Count": 4}}]}` where `Count` is not an
    /// AI-powered slot: flowsim's NLU finds its value in the text.
    #[error("input {index}: slot `{slot}`: {reason}")]
    BadTurnSlot { index: usize, slot: String, reason: String },
    /// `{"maxSteps": 0}`, `{"maxSteps": 100000000}`
    #[error("maxSteps must be from 1 to {}", crate::engine::MAX_STEPS_CAP)]
    BadMaxSteps,
    /// `{"variables": {"l": [[1], [2]]}}`, or a list of more than 2,000 items.
    #[error("variable `{name}`: {reason}")]
    BadVariable { name: String, reason: String },
    /// An event names an action, variable, queue or data action no flow or fixture has, or
    /// says when in a way that cannot be: `{"when": {"waitingAt": "Nowhere"}, ...}`.
    #[error("event {index}: {text}")]
    BadEvent { index: usize, text: String },
    /// The command's runs so far took more steps than its total
    /// ([`budget::limit_total_steps`](super::budget::limit_total_steps)): no further run
    /// starts, whichever command asks for it.
    #[error("not run: this command's runs took more than its total of {total} steps")]
    PastTotalSteps { total: u64 },
}

impl RequestError {
    pub fn code(&self) -> crate::diag::Code {
        use crate::diag::Code;
        match self {
            RequestError::NoFlow => Code::NoFlow,
            RequestError::UnknownFlow { .. } => Code::Run(crate::ErrorKind::FlowNotFound),
            RequestError::AmbiguousFlow { .. } => Code::AmbiguousFlow,
            RequestError::NotPublished { .. } => Code::FlowNotPublished,
            RequestError::InvalidNodeId { .. } => Code::InvalidNodeId,
            RequestError::BadInput { .. } => Code::BadInput,
            RequestError::BadStartTime { .. } => Code::BadStartTime,
            RequestError::BadMaxSteps => Code::BadMaxSteps,
            RequestError::UnknownIntent { .. } => Code::UnknownIntent,
            RequestError::BadSlot { .. } | RequestError::BadTurnSlot { .. } => Code::BadSlot,
            RequestError::BadVariable { .. } => Code::BadVariable,
            RequestError::BadEvent { .. } => Code::BadEvent,
            RequestError::PastTotalSteps { .. } => Code::TooLarge,
        }
    }

    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            RequestError::NoFlow => "name the flow: `flowsim run FLOW`, or flowId / flowName in the request".into(),
            RequestError::UnknownFlow { help, .. } => help.clone(),
            RequestError::AmbiguousFlow { example, .. } => format!(
                "choose one by its type: `--flow-type {example}` (`flowType` in a request or a scenario), or name it by its id"
            ),
            RequestError::NotPublished { .. } => "run the draft (drop --published), or add a `published` version".into(),
            RequestError::InvalidNodeId { nearest: Some(n), .. } => format!("did you mean `{n}`?"),
            RequestError::InvalidNodeId { .. } => {
                "name an action by its id (`Task/Action` in Archy YAML, the action's GUID in an export) or a node by its key in `nodes`".into()
            }
            RequestError::BadInput { .. } => {
                "inputs are digit strings of 0-9 * # (\"12#\"), \"timeout\", \"noMatch\", {\"digits\": \"1\", \"delaySeconds\": 3}, a turn {\"text\": \"...\"}, {\"intent\": \"...\", \"slots\": {...}}, or a knowledge article's answer {\"knowledge\": \"...\"}".into()
            }
            RequestError::BadStartTime { .. } => "write it like 2026-01-01T09:00:00Z".into(),
            RequestError::UnknownIntent { nearest: Some(n), .. } => format!("did you mean `{n}`?"),
            RequestError::UnknownIntent { .. } => {
                "name an intent of the bot flow's NLU (`flowsim nlu FLOW --intents` lists them)".into()
            }
            RequestError::BadSlot { .. } => {
                "give the slot a value its slot type accepts, or drop it (`flowsim nlu FLOW --intents` lists slots and types)".into()
            }
            RequestError::BadTurnSlot { .. } => {
                "a text turn's `slots` give AI-powered slots only (what the model would extract); pin any other slot with {\"intent\": ..., \"slots\": {...}} (`flowsim docs bots`)".into()
            }
            RequestError::BadMaxSteps => format!(
                "give a step limit from 1 to {} (what one run may ask for)",
                crate::engine::MAX_STEPS_CAP
            ),
            RequestError::BadVariable { .. } => {
                "a collection holds at most 2,000 items and no collections (`flowsim docs json-flows`)".into()
            }
            RequestError::PastTotalSteps { .. } => {
                "run fewer at once, or raise the total (FLOWSIM_MAX_RUN_STEPS=N; `flowsim docs budgets`)".into()
            }
            RequestError::BadEvent { .. } => {
                "an event is {\"when\": {\"waitingAt\" | \"input\" | \"afterStep\" | \"time\": ...}, \"set\", \"queue\", \"dataAction\", \"digits\"} (`flowsim docs live`)".into()
            }
        }
    }
}

/// A request checked against the registry.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub flow: FlowIdx,
    pub start: NodeIdx,
    pub version: Version,
    pub inputs: Vec<Input>,
    pub start_ms: i64,
    pub timeout_ms: Option<u64>,
    pub max_steps: u64,
    /// The seed of the run's random numbers.
    pub seed: u64,
    pub limits: super::budget::Limits,
    pub context: ContextValues,
    pub variables: Vec<(Arc<str>, Value)>,
    /// The inbound message's text, when the run starts with one (the transcript's first line).
    pub message: Option<Arc<str>>,
    /// The AI-powered slot values of the input turn that became the inbound message.
    pub message_slots: TurnSlots,
    /// Events, checked against the fixtures by `engine::Run::go` (empty from `prepare`).
    pub events: Vec<super::events::Pending>,
    /// The run's workitem (`Workitem.Workitem`), when it has one.
    pub workitem: Option<Value>,
    /// The inbound email is a reply in a thread that already had its automated reply: Send
    /// Auto Reply sends nothing.
    pub email_reply: bool,
}

/// The context as values, read by `Call.*` and `context.*`.
#[derive(Debug, Clone, Default)]
pub struct ContextValues {
    pub from: Value,
    pub to: Value,
    pub channel: Value,
    pub conversation_id: Value,
    pub media_type: Value,
    pub start_time: Value,
    pub attributes: Value,
    pub sip_headers: Vec<(String, String)>,
}

/// The start node a mistyped `nodeId` most likely meant: the nearest node id, else the id of
/// the action whose name is nearest (an Archy author types `Get balance`, whose id is
/// `Account Balance/Get balance`).
fn nearest_node(graph: &crate::flow::Graph, text: &str) -> Option<String> {
    if let Some(id) = crate::util::nearest(text, graph.nodes.iter().map(|n| &*n.id)) {
        return Some(id.to_owned());
    }
    let name = crate::util::nearest(text, graph.nodes.iter().map(|n| &*n.name))?;
    graph.nodes.iter().find(|n| &*n.name == name).map(|n| n.id.to_string())
}

fn opt(s: Option<&String>) -> Value {
    s.map_or(Value::NotSet, |s| Value::str(s))
}

/// A preset value must respect the run's collection rules: at most 2,000 items, no
/// collection inside a collection (objects may hold anything JSON holds).
fn check_collection(v: &serde_json::Value) -> Result<(), String> {
    if let serde_json::Value::Array(items) = v {
        if items.len() > crate::expr::value::MAX_LIST_ITEMS {
            return Err(format!(
                "a collection of {} items is longer than the limit of {}",
                items.len(),
                crate::expr::value::MAX_LIST_ITEMS
            ));
        }
        if items.iter().any(serde_json::Value::is_array) {
            return Err("a collection cannot hold collections".into());
        }
    }
    Ok(())
}

/// Parses one input entry (also used by the CLI's `--input`).
pub fn parse_input(index: usize, entry: &InputEntry) -> Result<Input, RequestError> {
    let bad = |text: &str| RequestError::BadInput { index, text: text.to_owned() };
    let delay_ms = |delay: f64, what: &str| {
        if !delay.is_finite() || !(0.0..=1.0e9).contains(&delay) {
            return Err(bad(&format!("{what} after {delay} s")));
        }
        Ok((delay * 1000.0).round() as u64)
    };
    let (digits, delay) = match entry {
        InputEntry::Text(t)
            if t.eq_ignore_ascii_case("timeout") || t.eq_ignore_ascii_case("noInput") =>
        {
            return Ok(Input::Timeout)
        }
        InputEntry::Text(t) if t.eq_ignore_ascii_case("noMatch") => return Ok(Input::NoMatch),
        InputEntry::Text(t) => (t.as_str(), 0.0),
        InputEntry::Delayed { digits, delay_seconds } => (digits.as_str(), *delay_seconds),
        InputEntry::Turn { text, delay_seconds, slots } => {
            if text.len() > MAX_TURN_BYTES {
                return Err(bad(&format!(
                    "a turn of {} bytes (the limit is {MAX_TURN_BYTES})",
                    text.len()
                )));
            }
            if slots.len() > 100 {
                return Err(bad(&format!("a turn with {} slots", slots.len())));
            }
            let delay_ms = delay_ms(*delay_seconds, "text")?;
            let slots = slots.iter().map(|(k, v)| (Arc::from(k.as_str()), v.clone())).collect();
            return Ok(Input::Text { text: Arc::from(text.as_str()), delay_ms, slots });
        }
        InputEntry::Intent { intent, slots } => {
            if intent.trim().is_empty() || slots.len() > 100 {
                return Err(bad(&format!("intent `{intent}` with {} slots", slots.len())));
            }
            let slots = slots.iter().map(|(k, v)| (Arc::from(k.as_str()), v.clone())).collect();
            return Ok(Input::Intent { intent: Arc::from(intent.as_str()), slots });
        }
        InputEntry::Knowledge { knowledge } => {
            if knowledge.trim().is_empty() {
                return Err(bad("knowledge with an empty answer"));
            }
            if knowledge.len() > MAX_TURN_BYTES {
                return Err(bad(&format!(
                    "a knowledge answer of {} bytes (the limit is {MAX_TURN_BYTES})",
                    knowledge.len()
                )));
            }
            return Ok(Input::Knowledge { answer: Arc::from(knowledge.as_str()) });
        }
    };
    if !digits.chars().all(is_key) {
        return Err(bad(digits));
    }
    let delay_ms = delay_ms(delay, digits)?;
    Ok(Input::Digits { digits: Arc::from(digits), delay_ms })
}

impl RunRequest {
    /// The request, borrowed, in the shape [`RequestView::prepare`] reads.
    pub fn view(&self) -> RequestView<'_> {
        RequestView {
            flow_id: self.flow_id.as_deref(),
            flow_name: self.flow_name.as_deref(),
            flow_type: self.flow_type.as_deref(),
            context: &self.context,
            node_id: self.node_id.as_deref(),
            timeout: self.timeout,
            inputs: std::borrow::Cow::Borrowed(&self.inputs),
            variables: &self.variables,
            version: self.version,
            max_steps: self.max_steps,
            seed: self.seed,
            budgets: self.budgets,
            message: self.message.as_ref(),
            workitem: self.workitem.as_ref(),
        }
    }

    pub fn prepare(&self, reg: &Registry) -> Result<Prepared, RequestError> {
        self.view().prepare(reg)
    }
}

/// A run request's fields as [`RequestView::prepare`] reads them, borrowed from a
/// [`RunRequest`] or from whatever else holds them (a test scenario), so that checking a
/// request copies none of its strings.
pub struct RequestView<'a> {
    pub flow_id: Option<&'a str>,
    pub flow_name: Option<&'a str>,
    pub flow_type: Option<&'a str>,
    pub context: &'a RunContext,
    pub node_id: Option<&'a str>,
    pub timeout: Option<u64>,
    pub inputs: std::borrow::Cow<'a, [InputEntry]>,
    pub variables: &'a IndexMap<String, serde_json::Value>,
    pub version: Option<Version>,
    pub max_steps: Option<u64>,
    pub seed: Option<u64>,
    pub budgets: super::budget::Budgets,
    pub message: Option<&'a InboundMessage>,
    pub workitem: Option<&'a serde_json::Map<String, serde_json::Value>>,
}

impl RequestView<'_> {
    /// The flow the request names: by `flowId`, else `flowName`, of the type `flowType` when
    /// it has one (see [`Registry::find`]).
    fn find_flow(&self, reg: &Registry, key: &str) -> Result<FlowIdx, RequestError> {
        use crate::flow::registry::{Lookup, Want};
        let want = self.flow_type.map_or(Want::Any, Want::Only);
        let id = self.flow_id.filter(|s| !s.is_empty());
        let mut found = id.map_or(Err(Lookup::Missing), |id| reg.find(id, want));
        if let (Err(Lookup::Missing), Some(name)) = (&found, self.flow_name) {
            found = reg.find(name, want);
        }
        found.map_err(|e| match e {
            // Only a flow-naming action's lookup finds a flow of the wrong type.
            Lookup::Missing | Lookup::WrongType(_) => RequestError::UnknownFlow {
                name: match self.flow_type {
                    Some(t) => format!("{key}` of type `{t}"),
                    None => key.to_owned(),
                },
                help: reg.unknown_flow_help(key),
            },
            Lookup::Ambiguous(flows) => RequestError::AmbiguousFlow {
                name: key.to_owned(),
                types: reg.types_of(&flows),
                example: flows.last().map_or("", |&i| &*reg.flow(i).flow_type).to_owned(),
            },
        })
    }

    pub fn prepare(&self, reg: &Registry) -> Result<Prepared, RequestError> {
        let key = self
            .flow_id
            .filter(|s| !s.is_empty())
            .or(self.flow_name)
            .ok_or(RequestError::NoFlow)?;
        let flow_idx = self.find_flow(reg, key)?;
        let flow = reg.flow(flow_idx);
        let version = self.version.unwrap_or_default();
        let graph = flow
            .graph(version)
            .ok_or_else(|| RequestError::NotPublished { name: flow.name.to_string() })?;
        let start = match self.node_id {
            None => graph.start,
            Some(id) => {
                graph.nodes.iter().position(|n| &*n.id == id).map(|i| i as NodeIdx).ok_or_else(
                    || RequestError::InvalidNodeId {
                        flow: flow.name.to_string(),
                        node: id.to_owned(),
                        nearest: nearest_node(graph, id),
                    },
                )?
            }
        };
        let inputs = self
            .inputs
            .iter()
            .enumerate()
            .map(|(i, e)| parse_input(i + 1, e))
            .collect::<Result<Vec<_>, _>>()?;
        let start_text = self.context.start_time.as_deref().unwrap_or(DEFAULT_START_TIME);
        let start_ms = parse_datetime(start_text)
            .ok_or_else(|| RequestError::BadStartTime { text: start_text.to_owned() })?;
        let max_steps =
            self.max_steps.unwrap_or(if flow.format == crate::flow::model::Format::Json {
                DEFAULT_MAX_STEPS
            } else {
                DEFAULT_ARCHITECT_MAX_STEPS
            });
        if max_steps == 0 || max_steps > crate::engine::MAX_STEPS_CAP {
            return Err(RequestError::BadMaxSteps);
        }
        let c = &self.context;
        let attributes = serde_json::Value::Object(
            c.attributes.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        );
        let context = ContextValues {
            from: opt(c.from.as_ref()),
            to: opt(c.to.as_ref()),
            channel: opt(c.channel.as_ref()),
            conversation_id: opt(c.conversation_id.as_ref()),
            media_type: opt(c.media_type.as_ref()),
            start_time: Value::DateTime(start_ms),
            attributes: Value::from_json(&attributes),
            sip_headers: c.sip_headers.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        };
        for (name, v) in self.variables {
            check_collection(v)
                .map_err(|reason| RequestError::BadVariable { name: name.clone(), reason })?;
        }
        let mut variables: Vec<(Arc<str>, Value)> = self
            .variables
            .iter()
            .map(|(k, v)| (Arc::from(k.as_str()), Value::from_json(v)))
            .collect();
        // A preset for a Date, Time, Currency or Timeslot input must read as one (`2024-02-30` is no
        // date): refused before the run rather than stored as text.
        for (name, v) in &variables {
            let decl = flow
                .arch
                .variables
                .iter()
                .find(|d| d.is_input && d.var.name.eq_ignore_ascii_case(name));
            let Some(decl) = decl.filter(|d| super::typed::is_calendar(&d.ty)) else { continue };
            if let Some(bad) = super::typed::unreadable(&decl.ty, v) {
                return Err(RequestError::BadVariable {
                    name: name.to_string(),
                    reason: format!(
                        "it is a {} input, and `{}` does not read as one",
                        decl.ty,
                        bad.display()
                    ),
                });
            }
        }
        check_turns(reg, &inputs)?;
        let workitem = self.workitem_value(&mut variables)?;
        let mut inputs = inputs;
        // An email that answers an earlier one of its thread (`"newConversation": false`).
        let email_reply = flow.flow_type.to_ascii_lowercase().contains("email")
            && matches!(&self.message, Some(InboundMessage::Fields(f)) if f.new_conversation == Some(false));
        let (message, message_slots) = super::digital::inbound_message(
            &flow.flow_type,
            self.message,
            &mut inputs,
            c.conversation_id.as_deref(),
            &mut variables,
        )
        .map_err(|text| RequestError::BadInput { index: 0, text })?;
        Ok(Prepared {
            flow: flow_idx,
            start,
            version,
            inputs,
            start_ms,
            timeout_ms: self.timeout,
            max_steps,
            seed: self.seed.unwrap_or(0),
            limits: self.budgets.limits(),
            context,
            variables,
            message,
            message_slots,
            events: Vec::new(),
            workitem,
            email_reply,
        })
    }

    /// The request's `workitem` preset as `Workitem.Workitem` (a variable of that name the
    /// request sets itself wins, and is the workitem then).
    fn workitem_value(
        &self,
        variables: &mut Vec<(Arc<str>, Value)>,
    ) -> Result<Option<Value>, RequestError> {
        const NAME: &str = "Workitem.Workitem";
        if let Some((_, v)) = variables.iter().find(|(n, _)| n.eq_ignore_ascii_case(NAME)) {
            return Ok(matches!(v, Value::Object(_)).then(|| v.clone()));
        }
        let Some(w) = self.workitem else { return Ok(None) };
        let json = serde_json::Value::Object(w.clone());
        check_collection(&json)
            .map_err(|reason| RequestError::BadVariable { name: "workitem".into(), reason })?;
        let mut value = Value::from_json(&json);
        // The API's date-times (`"dateDue": "2030-06-01T14:00:00Z"`) read as DateTimes.
        if let Value::Object(item) = &mut value {
            let item = Arc::make_mut(item);
            for (key, v) in item.iter_mut() {
                if !crate::expr::check::is_workitem_date(&key.to_ascii_lowercase()) {
                    continue;
                }
                if let Value::Str(text) = v {
                    let ms = crate::expr::value::parse_datetime(text).ok_or_else(|| {
                        RequestError::BadVariable {
                            name: format!("workitem.{key}"),
                            reason: format!(
                                "`{text}` is not an ISO 8601 date-time (`2030-06-01T14:00:00Z`), as the API gives a workitem's dates"
                            ),
                        }
                    })?;
                    *v = Value::DateTime(ms);
                }
            }
        }
        variables.push((Arc::from(NAME), value.clone()));
        Ok(Some(value))
    }
}

/// Pinned intents and slots must exist in a bot flow of the registry, and slot values must fit
/// their slot types: a script that names what no flow defines is refused, not run hollow. A
/// text turn's slots must be AI-powered slots (the others' values are found in the text).
fn check_turns(reg: &Registry, inputs: &[Input]) -> Result<(), RequestError> {
    let domains =
        || reg.flows().iter().filter_map(|f| f.arch.bot.as_ref().and_then(|b| b.nlu.as_deref()));
    for (i, input) in inputs.iter().enumerate() {
        if let Input::Text { slots, .. } = input {
            for (slot, value) in slots.iter() {
                check_ai_slot(domains(), slot, value).map_err(|reason| {
                    RequestError::BadTurnSlot { index: i + 1, slot: slot.to_string(), reason }
                })?;
            }
        }
        let Input::Intent { intent, slots } = input else { continue };
        let Some(nlu) = domains().find(|n| n.intent(intent).is_some()) else {
            let names: Vec<String> = domains()
                .flat_map(|n| n.intent_names().map(str::to_owned).collect::<Vec<_>>())
                .collect();
            return Err(RequestError::UnknownIntent {
                index: i + 1,
                intent: intent.to_string(),
                nearest: crate::util::nearest(intent, names.iter().map(String::as_str))
                    .map(str::to_owned),
            });
        };
        for (slot, value) in slots.iter() {
            if let Err(reason) = nlu.slot_value(slot, value) {
                return Err(RequestError::BadSlot {
                    index: i + 1,
                    intent: intent.to_string(),
                    slot: slot.to_string(),
                    reason,
                });
            }
        }
    }
    Ok(())
}

/// A text turn's scripted slot: an AI-powered slot of some bot flow, with a value its type
/// accepts.
fn check_ai_slot<'a>(
    mut domains: impl Iterator<Item = &'a crate::nlu::Nlu>,
    slot: &str,
    value: &serde_json::Value,
) -> Result<(), String> {
    let mut other = None;
    for nlu in domains.by_ref() {
        match nlu.slot(slot) {
            Some(info) if info.kind == crate::nlu::SlotKind::Ai => {
                return nlu.slot_value(slot, value).map(drop);
            }
            Some(info) => other = Some(info),
            None => {}
        }
    }
    Err(match other {
        Some(info) => format!(
            "slot `{}` ({}) is not AI-powered: flowsim's NLU finds its value in the turn's text",
            info.name, info.type_name
        ),
        None => format!("no bot flow has an AI-powered slot `{slot}`"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_003_payload_deserializes_unchanged() {
        let req: RunRequest = serde_json::from_str(
            r#"{"flowId": "f", "context": {"from": "+15551234567", "to": "+15550000000", "channel": "voice",
                "conversationId": "simulated-conversation-id", "mediaType": "voice"}, "nodeId": "Lookup", "timeout": 5000}"#,
        )
        .unwrap();
        assert_eq!(req.flow_id.as_deref(), Some("f"));
        assert_eq!(req.context.from.as_deref(), Some("+15551234567"));
        assert_eq!(req.timeout, Some(5000));
    }

    #[test]
    fn requests_are_objects_and_inputs_have_no_unknown_keys() {
        let e = serde_json::from_str::<RunRequest>(r#"["f"]"#).unwrap_err();
        assert!(e.to_string().contains("expected a run request"), "{e}");
        assert!(serde_json::from_str::<RunRequest>(r#"{"context": ["x"]}"#).is_err());
        let e = serde_json::from_str::<RunRequest>(r#"{"inputs": [{"digits": "1", "delay": 3}]}"#)
            .unwrap_err();
        assert!(e.to_string().contains("unknown field `delay`"), "{e}");
        let ok: RunRequest = serde_json::from_str(
            r#"{"flowName": "A", "context": {"from": "1"}, "inputs": ["1", {"digits": "2", "delaySeconds": 1.5}], "extra": 1}"#,
        )
        .unwrap();
        assert_eq!(ok.inputs[1], InputEntry::Delayed { digits: "2".into(), delay_seconds: 1.5 });
        let back = serde_json::to_value(&ok).unwrap();
        assert_eq!(back["inputs"][1]["delaySeconds"], 1.5);
        assert_eq!(back["context"]["from"], "1");
    }

    #[test]
    fn inputs_are_validated() {
        let t = |s: &str| parse_input(1, &InputEntry::Text(s.into()));
        assert_eq!(t("timeout"), Ok(Input::Timeout));
        assert_eq!(t("12#"), Ok(Input::Digits { digits: "12#".into(), delay_ms: 0 }));
        assert!(matches!(t("1a"), Err(RequestError::BadInput { .. })));
        let d = parse_input(1, &InputEntry::Delayed { digits: "1".into(), delay_seconds: 2.5 });
        assert_eq!(d, Ok(Input::Digits { digits: "1".into(), delay_ms: 2500 }));
        let d = parse_input(1, &InputEntry::Delayed { digits: "1".into(), delay_seconds: -1.0 });
        assert!(d.is_err());
    }
}
