//! A flow execution data document (`GET` of a download job's `downloadUri`), read into the
//! actions it records, in order, with the flow each ran in.
//!
//! ```text
//! {"flow": {"flowId", "flowName", "flowType", "flowVersion", "conversationId", "executionId",
//!           "startDateTime", "endDateTime", "isTruncated",
//!           "execution": [{"startedFlow": {"variables": [...]}},
//!                         {"actionDecision": {"actionId", "actionName", "trackingId",
//!                                             "inputData", "outputPathId", ...}},
//!                         {"actionCallCommonModule": {..., "execution": [nested events]}},
//!                         {"eventError": {...}}, {"endedFlow": {"flowExitReason"}}]}}
//! ```
//! Every event is an object with one key: `action*` are actions (the key names the action type:
//! `actionTransferToAcd` is the export's `TransferToAcdAction`); `started*`, `ended*` and
//! `event*` are events. Nested `execution` lists (common modules, bot flows, loops) are read
//! with an explicit stack, at most [`MAX_NESTING`] deep.

use serde_json::Value;
use std::sync::Arc;

/// The deepest nesting of `execution` lists read (common modules calling modules).
pub const MAX_NESTING: usize = 64;
/// The most events one document may hold (a day-long chat stays far below).
pub const MAX_EVENTS: usize = 200_000;

/// One action the cloud ran.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedAction {
    /// The event's key: `actionDecision`.
    pub kind: Arc<str>,
    /// The action's id in the flow's configuration (`actionId`).
    pub action_id: Arc<str>,
    pub name: Arc<str>,
    pub tracking_id: Option<u32>,
    /// The flow the action belongs to: the document's flow, or the common module or bot flow
    /// that ran it.
    pub flow_id: Arc<str>,
    pub flow_name: Arc<str>,
    /// Its type: the document's `flowType` (`inboundcall`), `commonModule` inside a module,
    /// `botFlow` inside a bot flow; empty when not recorded. Flows of different types may share
    /// a name, so the flow is found by its type too.
    pub flow_type: Arc<str>,
    /// 0 for the document's flow, 1 inside a module it called, ...
    pub depth: u16,
    /// The task or state it ran in (the last `startedTask` / `startedState` of its flow).
    pub container: Option<Arc<str>>,
    /// `__YES__`, `__FOUND__`, a case's GUID; `None` when the action has one way on.
    pub output_path_id: Option<Arc<str>>,
    pub output_path_name: Option<Arc<str>>,
    /// The event's object as recorded (`inputData`, `outputData`, `outputVariables`, ...),
    /// without what the fields above hold (`actionId`, `actionName`, `trackingId`,
    /// `outputPathId`, `outputPathName`) and without its `execution` list: the turns in it are
    /// [`turns`](Self::turns), the actions it nests are actions of their own, after it.
    pub data: Value,
    /// The digits and words the participant gave in this action's turns (its `execution`
    /// list's `turn` events), in order: a turn with neither is no input.
    pub turns: Vec<Turn>,
    /// The JSON path of the `execution` list that holds it (`flow.execution[12]
    /// .actionCallCommonModule.execution`), shared by its actions, and its index there: the
    /// event's own path is [`place`](Self::place), made only where it is shown.
    pub list: Arc<str>,
    pub at: usize,
}

impl RecordedAction {
    /// A JSON path to the event: `flow.execution[12].actionCallCommonModule.execution[3]
    /// .actionDecision`.
    pub fn place(&self) -> String {
        format!("{}[{}].{}", self.list, self.at, self.kind)
    }

    /// `Flow › Task › Action name (trackingId 7) [actionDecision]`.
    pub fn label(&self) -> String {
        let tracking = self.tracking_id.map_or(String::new(), |t| format!(" (trackingId {t})"));
        let container = self.container.as_deref().map_or(String::new(), |c| format!("{c} › "));
        format!("{} › {container}{}{tracking} [{}]", self.flow_name, self.name, self.kind)
    }

    /// The variables the action wrote, as recorded (`statements` of an Update Data,
    /// `outputVariables` of the others: `{"variableName", "value"}`), in order; a value the
    /// cloud did not keep (`valueIsTooLarge`) is left out.
    pub fn writes(&self) -> Vec<(String, Value)> {
        let mut out = Vec::new();
        for key in ["statements", "outputVariables"] {
            let Some(list) = self.data.get(key).and_then(Value::as_array) else { continue };
            for w in list {
                let name = ["variableName", "variableId"]
                    .iter()
                    .find_map(|k| w.get(*k).and_then(Value::as_str))
                    .filter(|n| !n.is_empty());
                let (Some(name), Some(value)) = (name, w.get("value")) else { continue };
                if value.get("valueIsTooLarge").is_some() {
                    continue;
                }
                out.push((name.to_owned(), value.clone()));
            }
        }
        out
    }

    /// The digits and words the participant gave in this action's turns, in order.
    pub fn turns(&self) -> &[Turn] {
        &self.turns
    }
}

/// What the participant did in one `turn` event (its object), if anything: a turn without
/// `fromParticipant` is an input only when it asked for one (`purpose` `Get...`).
pub fn turn_of(turn: &Value) -> Option<Turn> {
    let Some(from) = turn.get("fromParticipant") else {
        return turn
            .get("purpose")
            .and_then(Value::as_str)
            .is_some_and(|p| p.starts_with("Get"))
            .then_some(Turn::NoInput);
    };
    let audio = from.get("audio");
    if let Some(d) = audio.and_then(|a| at(a, &["dtmf", "value"])).and_then(Value::as_str) {
        Some(Turn::Dtmf(d.to_owned()))
    } else if let Some(t) = audio
        .and_then(|a| at(a, &["speech", "value"]).or_else(|| at(a, &["speech", "utterance"])))
        .and_then(Value::as_str)
    {
        Some(Turn::Words(t.to_owned()))
    } else if let Some(t) =
        [&["text"][..], &["message", "text"], &["message", "body"], &["utterance"]]
            .iter()
            .find_map(|p| at(from, p).and_then(Value::as_str))
    {
        Some(Turn::Words(t.to_owned()))
    } else {
        Some(Turn::NoInput)
    }
}

/// What the participant did in one turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Turn {
    Dtmf(String),
    Words(String),
    NoInput,
}

/// One document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExecutionDoc {
    pub flow_id: Arc<str>,
    pub flow_name: Arc<str>,
    pub flow_type: String,
    pub flow_version: String,
    pub conversation_id: String,
    pub execution_id: String,
    pub start: Option<String>,
    /// The document was cut short by the cloud (`isTruncated`): what is missing at the end
    /// cannot be compared.
    pub truncated: bool,
    /// `startedFlow.variables`: name and value, as recorded.
    pub variables: Vec<(String, Value)>,
    /// Every action, nested ones in place, in the order they ran.
    pub actions: Vec<RecordedAction>,
    /// `eventError` events: where, and the message.
    pub errors: Vec<String>,
    /// `endedFlow.flowExitReason`: `TRANSFER`, `FLOW_EXIT`, `FLOW_ERROR_EXIT`, `DISCONNECT`...
    pub exit_reason: Option<String>,
    /// How many values were recorded as `{"valueIsTooLarge": true}`.
    pub too_large: usize,
    /// Event keys flowsim does not know (not `action*`, `started*`, `ended*`, `event*`,
    /// `turn`): not read, and said so.
    pub unknown_events: Vec<String>,
}

impl ExecutionDoc {
    /// What a replay calls it: its conversation id, else its execution id.
    pub fn name(&self) -> &str {
        if self.conversation_id.is_empty() {
            &self.execution_id
        } else {
            &self.conversation_id
        }
    }
}

/// Why a JSON value is not execution data.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{place}: {message}")]
pub struct DocError {
    /// A JSON path: `flow.execution[3]`.
    pub place: String,
    pub message: String,
}

fn err(place: impl Into<String>, message: impl Into<String>) -> DocError {
    DocError { place: place.into(), message: message.into() }
}

/// Whether a JSON value looks like an execution data document (for sniffing a file).
pub fn is_document(v: &Value) -> bool {
    v.get("flow").and_then(|f| f.get("execution")).is_some_and(Value::is_array)
}

/// The value at `keys`, object in object (what `Value::pointer` finds at `/a/b`, without
/// making a copy of each key to unescape it).
pub fn at<'v>(v: &'v Value, keys: &[&str]) -> Option<&'v Value> {
    keys.iter().try_fold(v, |v, k| v.as_object()?.get(*k))
}

fn str_of(v: &Value, key: &str) -> Option<Arc<str>> {
    v.get(key).and_then(text_of)
}

/// How many values under `roots` were too large to record, in one walk with one stack (a
/// document's events are many roots).
fn count_too_large<'a>(roots: impl IntoIterator<Item = &'a Value>) -> usize {
    // Iterative: values nest as deep as serde_json allowed (128).
    let mut n = 0;
    let mut stack: Vec<&Value> = roots.into_iter().collect();
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(m) => {
                // A look at each key, which the walk pays for anyway, not a hashed lookup in
                // every object of the document.
                let too_large =
                    |(k, v): (&String, &Value)| k == "valueIsTooLarge" && *v == Value::Bool(true);
                if m.iter().any(too_large) {
                    n += 1;
                } else {
                    stack.extend(m.values());
                }
            }
            Value::Array(a) => stack.extend(a.iter()),
            _ => {}
        }
    }
    n
}

/// Whether an event is a turn (`{"turn": {...}}`), which `turns` reads and the reader of the
/// list passes over.
fn is_turn(e: &Value) -> bool {
    e.as_object().is_some_and(|o| o.len() == 1 && o.get("turn").is_some_and(Value::is_object))
}

/// Takes an action event's `execution` list out of it and gives the events to read in order,
/// each with its index in the list, and the turns it holds. The actions nested in it are moved
/// out, to be read as actions of their own: every action is kept once however deep it nests
/// (copying the whole object copied a module's events once per module around it: quadratic in
/// the nesting). Turns are read into the action's [`RecordedAction::turns`]; the other events
/// are read by the reader (tasks, errors).
fn take_nested(
    body: &mut serde_json::Map<String, Value>,
) -> (Option<Vec<(usize, Value)>>, Vec<Turn>) {
    let mut turns = Vec::new();
    let Some(Value::Array(list)) = body.get_mut("execution") else { return (None, turns) };
    let mut nested = Vec::with_capacity(list.len());
    for (i, e) in std::mem::take(list).into_iter().enumerate() {
        if is_turn(&e) {
            turns.extend(e.get("turn").and_then(turn_of));
        } else {
            nested.push((i, e));
        }
    }
    (Some(nested), turns)
}

/// One open `execution` list while reading (an explicit stack: documents nest).
struct Level {
    /// Its events to read, each with its index in the list.
    list: std::vec::IntoIter<(usize, Value)>,
    /// Its JSON path; an event's own path is made only where it is used (an error, an
    /// action's [`RecordedAction::place`]), not for every event.
    place: Arc<str>,
    flow_id: Arc<str>,
    flow_name: Arc<str>,
    flow_type: Arc<str>,
    depth: u16,
    /// The task or state running (`startedTask`, `startedState`).
    container: Option<Arc<str>>,
}

/// Reads one document. Every problem names its JSON path.
///
/// # Errors
/// What is not execution data, at its JSON path.
pub fn parse(v: &Value) -> Result<ExecutionDoc, DocError> {
    parse_owned(v.clone())
}

/// [`parse`], taking the document: what an action keeps of it (its `data`) is moved out of it,
/// not copied.
///
/// # Errors
/// What is not execution data, at its JSON path.
#[allow(clippy::too_many_lines)]
pub fn parse_owned(mut v: Value) -> Result<ExecutionDoc, DocError> {
    let flow = v.get_mut("flow").ok_or_else(|| {
        err("$", "not flow execution data: a document is {\"flow\": {..., \"execution\": [...]}}")
    })?;
    if !flow.is_object() {
        return Err(err("flow", "must be an object"));
    }
    let execution = match flow.get_mut("execution") {
        None => return Err(err("flow", "has no `execution` list: not flow execution data")),
        Some(Value::Array(list)) => std::mem::take(list),
        Some(_) => return Err(err("flow.execution", "must be a list of events")),
    };
    let flow = &*flow;
    let flow_id = str_of(flow, "flowId").unwrap_or_else(|| Arc::from(""));
    let flow_name = str_of(flow, "flowName").unwrap_or_else(|| flow_id.clone());
    if flow_id.is_empty() && flow_name.is_empty() {
        return Err(err("flow", "names no flow: `flowId` and `flowName` are both missing"));
    }
    let mut doc = ExecutionDoc {
        flow_id: flow_id.clone(),
        flow_name: flow_name.clone(),
        flow_type: str_of(flow, "flowType").map(|s| s.to_string()).unwrap_or_default(),
        flow_version: str_of(flow, "flowVersion").map(|s| s.to_string()).unwrap_or_default(),
        conversation_id: str_of(flow, "conversationId").map(|s| s.to_string()).unwrap_or_default(),
        execution_id: str_of(flow, "executionId").map(|s| s.to_string()).unwrap_or_default(),
        start: str_of(flow, "startDateTime").map(|s| s.to_string()),
        truncated: flow.get("isTruncated").and_then(Value::as_bool).unwrap_or(false),
        too_large: count_too_large(std::iter::once(flow).chain(&execution)),
        ..ExecutionDoc::default()
    };

    doc.actions.reserve(execution.len());
    let mut stack = vec![Level {
        list: execution.into_iter().enumerate().collect::<Vec<_>>().into_iter(),
        place: Arc::from("flow.execution"),
        flow_id,
        flow_name,
        flow_type: Arc::from(doc.flow_type.as_str()),
        depth: 0,
        container: None,
    }];
    let mut seen = 0usize;
    // The action types read so far: one `kind` each, shared by their actions.
    let mut kinds: Vec<Arc<str>> = Vec::new();
    while let Some(level) = stack.last_mut() {
        let Some((at, event)) = level.list.next() else {
            stack.pop();
            continue;
        };
        let base = level.place.clone();
        let place = || format!("{base}[{at}]");
        seen += 1;
        if seen > MAX_EVENTS {
            return Err(err(place(), format!("more than {MAX_EVENTS} events: not read further")));
        }
        let Value::Object(obj) = event else {
            return Err(err(place(), "an event must be an object with one key"));
        };
        if obj.len() != 1 {
            return Err(err(place(), "an event must be an object with exactly one key"));
        }
        let Some((key, body)) = obj.into_iter().next() else {
            return Err(err(place(), "an event must be an object with exactly one key"));
        };
        let Value::Object(mut body) = body else {
            return Err(err(format!("{}.{key}", place()), "an event's value must be an object"));
        };
        if matches!(key.as_str(), "endedTask" | "endedState") {
            level.container = None;
        }
        if matches!(key.as_str(), "startedTask" | "startedState") {
            level.container = ["taskName", "stateName", "name"]
                .iter()
                .find_map(|k| map_str(&body, k))
                .filter(|n| !n.is_empty());
        }
        let (flow_id, flow_name, flow_type, depth) =
            (level.flow_id.clone(), level.flow_name.clone(), level.flow_type.clone(), level.depth);
        let container = level.container.clone();
        let here = || format!("{base}[{at}].{key}");
        match key.as_str() {
            "startedFlow" if depth == 0 => {
                if let Some(Value::Array(vars)) = body.get_mut("variables") {
                    for var in vars {
                        if let Some(name) = var.get("variableName").and_then(Value::as_str) {
                            let name = name.to_owned();
                            let value = var.get_mut("value").map_or(Value::Null, Value::take);
                            doc.variables.push((name, value));
                        }
                    }
                }
            }
            "endedFlow" if depth == 0 => {
                doc.exit_reason =
                    body.get("flowExitReason").and_then(Value::as_str).map(str::to_owned);
            }
            "eventError" => {
                let message = ["message", "errorMessage", "errorCode", "error"]
                    .iter()
                    .find_map(|k| body.get(*k).and_then(Value::as_str))
                    .map_or_else(|| Value::Object(body.clone()).to_string(), str::to_owned);
                doc.errors.push(format!("{}: {message}", here()));
            }
            k if k.starts_with("action") => {
                // The fields an action is read by, in one look at each key (no hashed lookup
                // of each name: the object is small and read once).
                let [mut id, mut named, mut tracking, mut path, mut ending, mut path_named] =
                    [None::<&Value>; 6];
                for (field, value) in &body {
                    let slot = match field.as_str() {
                        "actionId" => &mut id,
                        "actionName" => &mut named,
                        "trackingId" => &mut tracking,
                        "outputPathId" => &mut path,
                        "endingOutputPath" => &mut ending,
                        "outputPathName" => &mut path_named,
                        _ => continue,
                    };
                    *slot = Some(value);
                }
                let action_id = id
                    .and_then(text_of)
                    .ok_or_else(|| err(here(), "has no `actionId`: cannot align it with a flow"))?;
                let name = named.and_then(text_of).unwrap_or_else(|| Arc::from(k));
                let tracking_id =
                    tracking.and_then(Value::as_u64).and_then(|t| u32::try_from(t).ok());
                let path_id = path
                    .and_then(text_of)
                    .or_else(|| {
                        ending
                            .and_then(|e| e.get("outputPathId"))
                            .and_then(Value::as_str)
                            .map(Arc::from)
                    })
                    .filter(|s| !s.is_empty());
                let path_name = path_named.and_then(text_of).filter(|s| !s.is_empty());
                // A list of nothing to read (turns only) is no level to read.
                let (nested, turns) = take_nested(&mut body);
                let nested = nested.filter(|n| !n.is_empty());
                // `data` is what the fields above do not hold.
                body.retain(|field, _| {
                    !matches!(
                        field.as_str(),
                        "actionId"
                            | "actionName"
                            | "trackingId"
                            | "outputPathId"
                            | "outputPathName"
                            | "execution"
                    )
                });
                let callee = nested.as_ref().map(|_| callee(k, body.get("inputData")));
                let nested_place = nested.as_ref().map(|_| format!("{}.execution", here()));
                if nested.is_some() && stack.len() >= MAX_NESTING {
                    return Err(err(
                        here(),
                        format!("execution lists nest more than {MAX_NESTING} deep"),
                    ));
                }
                let kind = if let Some(known) = kinds.iter().find(|known| &***known == k) {
                    known.clone()
                } else {
                    let kind: Arc<str> = Arc::from(k);
                    kinds.push(kind.clone());
                    kind
                };
                doc.actions.push(RecordedAction {
                    kind,
                    action_id,
                    name,
                    tracking_id,
                    flow_id: flow_id.clone(),
                    flow_name: flow_name.clone(),
                    flow_type: flow_type.clone(),
                    depth,
                    container,
                    output_path_id: path_id,
                    output_path_name: path_name,
                    data: Value::Object(body),
                    turns,
                    list: base.clone(),
                    at,
                });
                if let (Some(nested), Some(callee), Some(nested_place)) =
                    (nested, callee, nested_place)
                {
                    let (cid, cname, ctype, cdepth) = match callee {
                        Some((id, name, ty)) => (
                            id.unwrap_or_else(|| flow_id.clone()),
                            name.unwrap_or_else(|| flow_name.clone()),
                            Arc::from(ty),
                            depth + 1,
                        ),
                        None => (flow_id, flow_name, flow_type, depth),
                    };
                    stack.push(Level {
                        list: nested.into_iter(),
                        place: Arc::from(nested_place),
                        flow_id: cid,
                        flow_name: cname,
                        flow_type: ctype,
                        depth: cdepth,
                        container: None,
                    });
                }
            }
            k if k.starts_with("started")
                || k.starts_with("ended")
                || k.starts_with("event")
                || k == "turn" => {}
            other => {
                if !doc.unknown_events.iter().any(|u| u == other) {
                    doc.unknown_events.push(other.to_owned());
                }
            }
        }
    }
    Ok(doc)
}

/// The flow an action of type `kind` runs its nested events in, from its `inputData`: the
/// module's or bot flow's id and name as recorded, and its type; `None`: the action's own flow.
pub(super) type Callee = Option<(Option<Arc<str>>, Option<Arc<str>>, &'static str)>;

pub(super) fn callee(kind: &str, input: Option<&Value>) -> Callee {
    // A module or bot flow runs its own actions.
    let bot = if kind.contains("DigitalBot") { "digitalBotFlow" } else { "botFlow" };
    [("commonModule", "commonModule"), ("botFlow", bot), ("flow", "")]
        .iter()
        .find_map(|(field, ty)| input.and_then(|i| i.get(*field)).map(|c| (c, *ty)))
        .map(|(c, ty)| (str_of(c, "flowId"), str_of(c, "flowName"), ty))
}

/// A string, or a number written out: what names and ids are recorded as.
pub(super) fn text_of(v: &Value) -> Option<Arc<str>> {
    match v {
        Value::String(s) => Some(Arc::from(s.as_str())),
        Value::Number(n) => Some(Arc::from(n.to_string())),
        _ => None,
    }
}

/// [`text_of`] of an object's field.
fn map_str(m: &serde_json::Map<String, Value>, key: &str) -> Option<Arc<str>> {
    m.get(key).and_then(text_of)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_actions_in_order_with_their_flows() {
        let v = json!({"flow": {"flowId": "f1", "flowName": "Main", "isTruncated": true,
            "execution": [
                {"startedFlow": {"variables": [{"variableName": "Call.Ani", "value": "tel:+1"}]}},
                {"actionDecision": {"actionId": "a1", "actionName": "Check", "trackingId": 3,
                                    "outputPathId": "__NO__"}},
                {"actionCallCommonModule": {"actionId": "a2", "actionName": "CM",
                    "inputData": {"commonModule": {"flowId": "m1", "flowName": "Mod"}},
                    "execution": [{"actionUpdateData": {"actionId": "b1", "statements": [
                        {"value": {"valueIsTooLarge": true}}]}}]}},
                {"actionCollectInput": {"actionId": "a3", "execution": [
                    {"turn": {"fromParticipant": {"audio": {"dtmf": {"value": "12"}}}}}],
                    "outputPathId": "__SUCCESS__"}},
                {"eventError": {"message": "boom"}},
                {"endedFlow": {"flowExitReason": "TRANSFER"}}]}});
        let doc = parse(&v).unwrap();
        let ids: Vec<_> =
            doc.actions.iter().map(|a| (&*a.action_id, &*a.flow_name, a.depth)).collect();
        assert_eq!(
            ids,
            [("a1", "Main", 0), ("a2", "Main", 0), ("b1", "Mod", 1), ("a3", "Main", 0)]
        );
        assert_eq!(doc.actions[0].output_path_id.as_deref(), Some("__NO__"));
        assert_eq!(doc.actions[3].turns(), [Turn::Dtmf("12".into())]);
        assert!(doc.truncated);
        assert_eq!(doc.too_large, 1);
        assert_eq!(doc.exit_reason.as_deref(), Some("TRANSFER"));
        assert_eq!(doc.errors.len(), 1);
        assert_eq!(doc.variables[0].0, "Call.Ani");
    }

    #[test]
    fn what_is_not_execution_data_says_where() {
        for (v, place) in [
            (json!("garbage"), "$"),
            (json!({"flow": 5}), "flow"),
            (json!({"flow": {"flowId": "f", "execution": {}}}), "flow.execution"),
            (json!({"flow": {"flowId": "f", "execution": [5]}}), "flow.execution[0]"),
            (
                json!({"flow": {"flowId": "f", "execution": [{"actionX": {}}]}}),
                "flow.execution[0].actionX",
            ),
            (
                json!({"flow": {"flowId": "f", "execution": [{"turn": 5}]}}),
                "flow.execution[0].turn",
            ),
        ] {
            let e = parse(&v).unwrap_err();
            assert_eq!(e.place, place, "{v}: {e}");
        }
    }

    #[test]
    fn a_nested_event_keeps_its_place_in_its_list_when_turns_before_it_are_set_aside() {
        let v = json!({"flow": {"flowId": "f", "execution": [
            {"actionCallCommonModule": {"actionId": "m", "execution": [
                {"turn": {"fromParticipant": {"audio": {"dtmf": {"value": "1"}}}}},
                {"startedTask": {"taskName": "Inner"}},
                {"actionDecision": {"actionId": "d", "outputPathId": "__YES__"}},
                {"turn": {"purpose": "Get.Input"}},
                {"actionPlayAudio": {}}]}}]}});
        // The action without an id is the list's fifth event, turns counted.
        let e = parse(&v).unwrap_err();
        assert_eq!(
            e.place, "flow.execution[0].actionCallCommonModule.execution[4].actionPlayAudio",
            "{e}"
        );
        let mut ok = v.clone();
        ok["flow"]["execution"][0]["actionCallCommonModule"]["execution"][4]["actionPlayAudio"]
            ["actionId"] = json!("p");
        let doc = parse(&ok).unwrap();
        let places: Vec<String> = doc.actions.iter().map(RecordedAction::place).collect();
        assert_eq!(
            places,
            [
                "flow.execution[0].actionCallCommonModule",
                "flow.execution[0].actionCallCommonModule.execution[2].actionDecision",
                "flow.execution[0].actionCallCommonModule.execution[4].actionPlayAudio",
            ]
        );
        // The module keeps its turns; its data, neither its list nor its own fields; the task
        // of the nested list is its actions' container.
        assert_eq!(doc.actions[0].turns(), [Turn::Dtmf("1".into()), Turn::NoInput]);
        assert_eq!(doc.actions[0].data, json!({}));
        assert_eq!(doc.actions[1].container.as_deref(), Some("Inner"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let mut inner = json!([{"actionEndTask": {"actionId": "x"}}]);
        for _ in 0..100 {
            inner = json!([{"actionCallCommonModule": {"actionId": "m", "execution": inner}}]);
        }
        // serde_json's own limit keeps values under 128 levels; build it directly.
        let v = json!({"flow": {"flowId": "f", "execution": inner}});
        let e = parse(&v).unwrap_err();
        assert!(e.message.contains("nest more than"), "{e}");
    }
}
