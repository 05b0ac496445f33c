//! What a recorded execution needs to run again offline: the run request (the flow, the call's
//! addresses and start time, the caller's digits and words, input variables) and the cloud's
//! answers as fixtures (data actions and data table lookups as the recording saw them).
//!
//! | recorded | becomes |
//! | --- | --- |
//! | `startedFlow` `Call.Ani`, `Call.CalledAddress`, `Call.ConversationId` | `context.from`, `to`, `conversationId` |
//! | `startDateTime` | `context.startTime`: the virtual clock starts when the call did (schedules) |
//! | `startedFlow` variables the local flow declares as inputs | `variables` |
//! | each turn of an action (`collectInput`, menus, bot asks): DTMF, speech, text, no input | `inputs`, in order |
//! | `actionCallData` success / failure / timeout | the data action's responses, one per call, in order |
//! | `actionDataTableLookup` found (its `foundOutputs`) / not found | the table's row for that key |
//! | `actionEvaluateScheduleGroup` / `actionEvaluateSchedule` output (`__OPEN__`, `__HOLIDAY__`, `__ACTIVE__`...) | that group's (schedule's) answer, whatever the schedule fixtures say |

use super::doc::{at, ExecutionDoc, RecordedAction, Turn};
use crate::engine::{InputEntry, RunRequest};
use crate::expr::value::Value as V;
use crate::fixtures::{FixtureStore, RecordedSchedule, ScheduleState};
use crate::flow::{FlowIdx, Registry};
use indexmap::IndexMap;
use serde_json::{json, Map, Value};
use std::path::Path;

/// The request and fixtures to run `doc` locally, and what could not be rebuilt.
pub struct Rebuilt<'f> {
    pub request: RunRequest,
    /// The fixtures given, copied only when the recording answers something in them (a
    /// lookup's row, a schedule's state, a data action): most recordings run on the fixtures
    /// as they are, with no copy of them per execution.
    pub fixtures: std::borrow::Cow<'f, FixtureStore>,
    /// Plain sentences: what the recording had that the local run cannot be given.
    pub notes: Vec<String>,
    /// The recording's data action answers as a scenario's `mocks` (`{"dataActions": ...}`),
    /// `null` when it has none. Data table rows and schedule answers are not in it: they are
    /// given to [`Rebuilt::fixtures`] directly.
    pub mocks: Value,
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `tel:+13175550100` → `+13175550100`.
fn address(v: &Value) -> Option<String> {
    let s = text(v)?;
    let s = s.strip_prefix("tel:").or_else(|| s.strip_prefix("sip:")).unwrap_or(&s);
    (!s.is_empty()).then(|| s.to_owned())
}

/// `[{"outputName": "a.b", "value": 1}]` or `{"a.b": 1}` → `{"a": {"b": 1}}`.
fn outputs_object(v: Option<&Value>) -> Value {
    let mut out = Map::new();
    let mut put = |name: &str, value: Value| {
        let mut parts: Vec<&str> = name.split('.').collect();
        let last = parts.pop().unwrap_or(name);
        let mut here = &mut out;
        for p in parts {
            let entry = here.entry(p.to_owned()).or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            let Value::Object(m) = entry else { return };
            here = m;
        }
        here.insert(last.to_owned(), value);
    };
    match v {
        Some(Value::Array(items)) => {
            for item in items {
                let name = ["outputName", "name", "outputId"]
                    .iter()
                    .find_map(|k| item.get(*k).and_then(Value::as_str));
                if let Some(name) = name {
                    put(name, item.get("value").cloned().unwrap_or(Value::Null));
                }
            }
        }
        Some(Value::Object(m)) => {
            for (k, v) in m {
                put(k, v.clone());
            }
        }
        _ => {}
    }
    Value::Object(out)
}

/// The local action a recorded one is (by id, else tracking id, else name, in its flow).
pub(super) fn local_text_prop(
    registry: &Registry,
    rec: &RecordedAction,
    prop: crate::flow::catalogue::PropId,
) -> Option<String> {
    let flow = super::recorded_flow(registry, &rec.flow_id, &rec.flow_name, &rec.flow_type)?;
    let graph = &registry.flow(flow).draft;
    let node = graph
        .nodes
        .iter()
        .find(|n| *n.id == *rec.action_id)
        .or_else(|| {
            graph
                .nodes
                .iter()
                .find(|n| rec.tracking_id.is_some() && n.tracking_id == rec.tracking_id)
        })
        .or_else(|| graph.nodes.iter().find(|n| n.name.eq_ignore_ascii_case(&rec.name)))?;
    let a = node.action.as_architect()?;
    a.has(prop).then(|| a.get(prop).text().map(ToString::to_string)).flatten()
}

pub fn rebuild<'f>(
    doc: &ExecutionDoc,
    registry: &Registry,
    fixtures: &'f FixtureStore,
    flow: FlowIdx,
) -> Rebuilt<'f> {
    let mut notes = Vec::new();
    let local = registry.flow(flow);
    // By its own id and type: flows of other types may share the name an Archy flow's id is.
    let mut request = RunRequest {
        flow_id: Some(local.id.to_string()),
        flow_type: Some(local.flow_type.to_string()).filter(|t| !t.is_empty()),
        ..RunRequest::default()
    };
    let var = |name: &str| {
        doc.variables.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v)
    };
    request.context.from = var("Call.Ani").and_then(address);
    request.context.to = var("Call.CalledAddress").and_then(address);
    request.context.conversation_id = Some(doc.conversation_id.clone()).filter(|c| !c.is_empty());
    request.context.start_time.clone_from(&doc.start);

    // Input variables the local flow declares take their recorded start values.
    {
        let declared = &local.arch.variables;
        for (name, value) in &doc.variables {
            if value.is_null() || value.get("valueIsTooLarge").is_some() {
                continue;
            }
            if declared.iter().any(|d| d.is_input && d.var.name.eq_ignore_ascii_case(name)) {
                request.variables.insert(name.clone(), value.clone());
            }
        }
    }

    let mut overlay = std::borrow::Cow::Borrowed(fixtures);
    let mut data_actions: IndexMap<String, Vec<Value>> = IndexMap::new();
    let mut unanswered: Vec<String> = Vec::new();
    for rec in &doc.actions {
        for turn in rec.turns() {
            request.inputs.push(match turn {
                Turn::Dtmf(d) => InputEntry::Text(d.clone()),
                Turn::Words(t) => {
                    InputEntry::Turn { text: t.clone(), delay_seconds: 0.0, slots: IndexMap::new() }
                }
                Turn::NoInput => InputEntry::Text("timeout".into()),
            });
        }
        let path = rec.output_path_id.as_deref().unwrap_or("");
        match &*rec.kind {
            "actionCallData" | "actionCallDataAction" => {
                let name =
                    local_text_prop(registry, rec, crate::flow::catalogue::data::prop::DATA_ACTION)
                        .or_else(|| {
                            [
                                &["inputData", "dataAction", "name"][..],
                                &["inputData", "dataActionName"],
                                &["inputData", "name"],
                            ]
                            .iter()
                            .find_map(|p| at(&rec.data, p).and_then(Value::as_str))
                            .map(str::to_owned)
                        });
                let Some(name) = name else {
                    notes.push(format!(
                        "{}: which data action it called is not recorded and not in your flows; its answer cannot be given",
                        rec.label()
                    ));
                    continue;
                };
                let response = match path {
                    "__SUCCESS__" => {
                        // Without recorded outputs (the recording's log level) the local
                        // fixtures answer this data action; the comparison still shows a
                        // difference.
                        let Some(outputs) = at(&rec.data, &["outputData", "successOutputs"]) else {
                            unanswered.push(name);
                            continue;
                        };
                        json!({"outputs": outputs_object(Some(outputs)), "times": 1})
                    }
                    "__TIMEOUT__" => json!({"timeout": true, "times": 1}),
                    _ => {
                        let message = [
                            &["outputData", "failureOutputs", "errorMessage"][..],
                            &["outputData", "errorMessage"],
                        ]
                        .iter()
                        .find_map(|p| at(&rec.data, p).and_then(Value::as_str))
                        .unwrap_or("failed in the recording");
                        json!({"error": message, "times": 1})
                    }
                };
                data_actions.entry(name).or_default().push(response);
            }
            "actionDataTableLookup" => {
                let table = at(&rec.data, &["inputData", "dataTableName"])
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .or_else(|| {
                        local_text_prop(
                            registry,
                            rec,
                            crate::flow::catalogue::data::prop::DATA_TABLE,
                        )
                    });
                let key = at(&rec.data, &["inputData", "lookupValue"]).and_then(text);
                // Without the table or key (the recording's log level), the local fixtures
                // answer the lookup; its output is still compared.
                let (Some(table), Some(key)) = (table, key) else { continue };
                match path {
                    "__FOUND__" => {
                        let mut row =
                            outputs_object(at(&rec.data, &["outputData", "foundOutputs"]));
                        if let Value::Object(m) = &mut row {
                            m.insert("key".into(), Value::String(key.clone()));
                        }
                        overlay.to_mut().set_recorded_row(&table, &key, Some(V::from_json(&row)));
                    }
                    "__NOT_FOUND__" => overlay.to_mut().set_recorded_row(&table, &key, None),
                    _ => {}
                }
            }
            "actionCallCommonModule"
                if super::recorded_flow(
                    registry,
                    &rec_callee_id(rec),
                    &rec_callee_name(rec),
                    "commonModule",
                )
                .is_none() =>
            {
                // A module the user does not have: the call takes the recorded outputs.
                let name = local_text_prop(
                    registry,
                    rec,
                    crate::flow::catalogue::control::prop::MODULE_NAME,
                )
                .unwrap_or_else(|| rec_callee_name(rec));
                let outputs = at(&rec.data, &["outputData", "outputs"]);
                let key = format!("{}{name}", crate::engine::RECORDED_MODULE_PREFIX);
                data_actions
                    .entry(key)
                    .or_default()
                    .push(json!({"outputs": outputs_object(outputs), "times": 1}));
            }
            "actionEvaluateScheduleGroup" | "actionEvaluateSchedule" => {
                let group = &*rec.kind == "actionEvaluateScheduleGroup";
                let answer = match path {
                    "__OPEN__" => Some(RecordedSchedule::Group(ScheduleState::Open)),
                    "__CLOSED__" => Some(RecordedSchedule::Group(ScheduleState::Closed)),
                    "__HOLIDAY__" => Some(RecordedSchedule::Group(ScheduleState::Holiday)),
                    "__EMERGENCY__" => Some(RecordedSchedule::Group(ScheduleState::Emergency)),
                    "__ACTIVE__" => Some(RecordedSchedule::Lone(true)),
                    "__INACTIVE__" => Some(RecordedSchedule::Lone(false)),
                    _ => None,
                };
                let (field, named) = if group {
                    ("scheduleGroup", "scheduleGroupName")
                } else {
                    ("schedule", "scheduleName")
                };
                // Without the group's name (the recording's log level), the local fixtures
                // and the recorded start time answer; the output is still compared.
                if let Some(answer) = answer {
                    let input = at(&rec.data, &["inputData"]);
                    let keys = [at_key(input, &[field, "id"]), at_key(input, &[field, "name"])]
                        .into_iter()
                        .chain([at_key(input, &[named])])
                        .flatten();
                    for k in keys {
                        overlay.to_mut().set_recorded_schedule(&k, answer);
                    }
                }
            }
            _ => {}
        }
    }
    // A data action answered by the fixtures for some calls cannot take recorded answers for
    // the others (one list of responses per action): the fixtures answer all of its calls.
    for name in &unanswered {
        if data_actions.shift_remove(name).is_some() {
            notes.push(format!(
                "data action `{name}`: the recording kept the outputs of some calls only; the local fixtures answer every call"
            ));
        }
    }
    let mut mocks_json = Value::Null;
    if !data_actions.is_empty() {
        let mocks: Map<String, Value> =
            data_actions.into_iter().map(|(k, v)| (k, Value::Array(v))).collect();
        mocks_json = json!({"dataActions": mocks});
        if let Err(errors) =
            overlay.to_mut().merge_json(Path::new("(recorded execution)"), &mocks_json)
        {
            for e in errors {
                notes.push(format!("a recorded data action answer cannot be used: {e}"));
            }
        }
    }
    Rebuilt { request, fixtures: overlay, notes, mocks: mocks_json }
}

/// [`text`] of the value at `keys` in `v`.
fn at_key(v: Option<&Value>, keys: &[&str]) -> Option<String> {
    v.and_then(|v| at(v, keys)).and_then(text)
}

/// The module a recorded call ran: its id and name from `inputData.commonModule`.
pub(super) fn rec_callee_id(rec: &RecordedAction) -> String {
    at(&rec.data, &["inputData", "commonModule", "flowId"]).and_then(text).unwrap_or_default()
}

pub(super) fn rec_callee_name(rec: &RecordedAction) -> String {
    at(&rec.data, &["inputData", "commonModule", "flowName"]).and_then(text).unwrap_or_default()
}
