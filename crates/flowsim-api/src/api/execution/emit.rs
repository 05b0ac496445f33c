//! A local run written as the cloud's flow execution data document, so that the emulator's
//! `/api/v2/flows/instances` answers what the cloud would, and a recording of it replays.
//!
//! Each Architect action becomes `{"action<Type>": {actionId, actionName, trackingId,
//! outputPathId, outputPathName, outputVariables, execution: [turns]}}` in run order; a called
//! common module's or flow's actions nest in the caller's `execution` list, as the cloud nests
//! them. Values larger than [`MAX_VALUE_BYTES`] of JSON are written `{"valueIsTooLarge": true}`,
//! as the cloud does. Not written (the interpreter does not model them): per-action
//! `dateTime` (only the flow's start and end are on the virtual clock), audio items, the
//! actions' `inputData`.

use crate::engine::{Edge, InputEntry, RunRequest, RunResult, StepResult};
use crate::flow::model::ContainerKind;
use serde_json::{json, Map, Value};

/// The largest value (as JSON text) a document keeps; larger ones are `valueIsTooLarge`.
pub const MAX_VALUE_BYTES: usize = 2048;

/// What names the execution: ids the emulator gives, and the run's start on the virtual clock.
pub struct Ids<'a> {
    pub conversation_id: &'a str,
    pub execution_id: &'a str,
    pub flow_version: &'a str,
    /// RFC 3339.
    pub start: &'a str,
    pub end: &'a str,
}

fn bounded(v: Value) -> Value {
    if serde_json::to_string(&v).map_or(0, |s| s.len()) > MAX_VALUE_BYTES {
        json!({"valueIsTooLarge": true})
    } else {
        v
    }
}

fn turn(entry: Option<&InputEntry>) -> Value {
    let from = match entry {
        Some(InputEntry::Text(t)) if t == "timeout" => None,
        Some(InputEntry::Text(t)) if t == "noMatch" => Some(json!({"text": ""})),
        Some(InputEntry::Text(d) | InputEntry::Delayed { digits: d, .. }) => {
            Some(json!({"audio": {"dtmf": {"value": d, "valueIsRedacted": false}}}))
        }
        Some(InputEntry::Turn { text, .. }) => Some(json!({"text": text})),
        Some(InputEntry::Intent { intent, .. }) => Some(json!({"text": intent})),
        // The test pins the knowledge base's answer, not what the customer said.
        Some(InputEntry::Knowledge { .. }) => Some(json!({"text": ""})),
        None => None,
    };
    match from {
        Some(f) => json!({"turn": {"fromParticipant": f, "purpose": "Get.Input"}}),
        None => json!({"turn": {"purpose": "Get.Input"}}),
    }
}

/// The document for one run.
pub fn document(result: &RunResult<'_>, request: &RunRequest, ids: &Ids<'_>) -> Value {
    let top = result.registry.flow(result.flow);
    let mut variables = Vec::new();
    let ani = request.context.from.as_deref().map(|f| format!("tel:{f}"));
    for (name, id, value) in [
        ("Call.Ani", "__CALL_ANI__", ani),
        ("Call.CalledAddress", "__CALL_DNIS__", request.context.to.clone()),
        ("Call.ConversationId", "__CALL_CONVERSATION_ID__", Some(ids.conversation_id.to_owned())),
    ] {
        variables.push(json!({"variableId": id, "variableName": name, "value": value}));
    }
    for (name, value) in &request.variables {
        variables.push(
            json!({"variableId": name, "variableName": name, "value": bounded(value.clone())}),
        );
    }
    let started = json!({"startedFlow": {"dateTime": ids.start, "variables": variables}});

    // An explicit stack of event lists: a deeper step opens a list in the caller's last event.
    let mut stack: Vec<Vec<Value>> = vec![vec![started]];
    let close = |stack: &mut Vec<Vec<Value>>| {
        let inner = stack.pop().unwrap_or_default();
        if let Some(parent) = stack.last_mut().and_then(|l| l.last_mut()) {
            if let Some(Value::Object(body)) =
                parent.as_object_mut().and_then(|o| o.values_mut().next())
            {
                let list = body.entry("execution").or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(l) = list {
                    l.extend(inner);
                }
            }
        }
    };
    let mut turns = result.turns.iter().peekable();
    // Per call depth, the container the last step ran in.
    let mut containers: Vec<Option<u32>> = vec![None];
    for (i, step) in result.trace.iter().enumerate() {
        let depth = usize::from(step.depth);
        while stack.len() > depth + 1 {
            close(&mut stack);
        }
        if stack.len() < depth + 1 {
            // The previous event called this step's flow: say which, as the cloud does.
            let callee = result.registry.flow(step.flow);
            if let Some(Value::Object(body)) = stack
                .last_mut()
                .and_then(|l| l.last_mut())
                .and_then(Value::as_object_mut)
                .and_then(|o| o.values_mut().next())
            {
                let input = body.entry("inputData").or_insert_with(|| json!({}));
                if let Value::Object(input) = input {
                    input.entry("commonModule").or_insert_with(
                        || json!({"flowId": &*callee.id, "flowName": &*callee.name}),
                    );
                }
            }
        }
        while stack.len() < depth + 1 {
            stack.push(Vec::new());
            containers.push(None);
        }
        containers.truncate(depth + 1);
        let node = result.node(step.flow, step.node);
        // Entering another task or state: the cloud writes `startedTask` / `startedState`.
        let flow = result.registry.flow(step.flow);
        if let Some(c) = flow.arch.containers.get(node.container as usize) {
            let changed = containers[depth] != Some(node.container);
            let ended = containers[depth]
                .and_then(|p| flow.arch.containers.get(p as usize))
                .and_then(|p| match p.kind {
                    ContainerKind::Menu => None,
                    ContainerKind::State | ContainerKind::BotState => Some("endedState"),
                    _ => Some("endedTask"),
                });
            if let Some(key) = ended.filter(|_| changed) {
                if let Some(list) = stack.last_mut() {
                    list.push(json!({key: {}}));
                }
            }
            let key = match c.kind {
                ContainerKind::Menu => None,
                ContainerKind::State | ContainerKind::BotState => Some("startedState"),
                _ => Some("startedTask"),
            };
            if let Some(key) = key.filter(|_| changed) {
                let (id, name) = if key == "startedState" {
                    ("stateId", "stateName")
                } else {
                    ("taskId", "taskName")
                };
                let event = json!({key: {id: &*c.ref_id, name: &*c.name}});
                if let Some(list) = stack.last_mut() {
                    list.push(event);
                }
            }
            containers[depth] = Some(node.container);
        }
        let a = &node.action;
        let (kind, fixed) = (crate::flow::catalogue::event_key(a.spec), a.spec().outputs);
        let mut body = Map::new();
        body.insert("actionId".into(), json!(&*node.id));
        body.insert("actionName".into(), json!(&*node.name));
        if let Some(t) = node.tracking_id {
            body.insert("trackingId".into(), json!(t));
        }
        // The output an Architect action took; a JSON node's paths are no outputs to the cloud.
        let output = crate::flow::edge::output(node, step.edge);
        if let (Edge::Output(k), Some(exit)) = (step.edge, output) {
            let fixed_id = fixed.get(k as usize).map(|o| o.export).filter(|e| !e.is_empty());
            let id = exit.export_id.as_deref().or(fixed_id).unwrap_or(&exit.name);
            body.insert("outputPathId".into(), json!(id));
            if fixed_id.is_none() {
                body.insert("outputPathName".into(), json!(&*exit.name));
            }
        }
        if let StepResult::Action { start, len, .. } = step.result {
            let writes =
                result.writes.get(start as usize..(start + len) as usize).unwrap_or_default();
            if !writes.is_empty() {
                let list: Vec<Value> = writes
                    .iter()
                    .map(|(name, v)| json!({"variableId": &**name, "variableName": &**name, "value": bounded(v.to_json())}))
                    .collect();
                let key = if kind == "actionUpdateData" { "statements" } else { "outputVariables" };
                body.insert(key.into(), Value::Array(list));
                // A module call's outputs under the module's own names, as the cloud writes
                // them: the call's `outputs` map, in order, is what was written.
                let callee = a.spec().facts.callee.map(|c| c.kind);
                if callee == Some(crate::flow::catalogue::CalleeKind::Module) {
                    let outputs: Vec<Value> = a
                        .get(crate::flow::catalogue::control::prop::MODULE_OUTPUTS)
                        .map()
                        .iter()
                        .zip(writes)
                        .map(|((name, _), (_, v))| json!({"outputName": &**name, "value": bounded(v.to_json())}))
                        .collect();
                    body.insert("outputData".into(), json!({"outputs": outputs}));
                }
            }
        }
        let mut exec = Vec::new();
        while let Some(&&(s, input)) = turns.peek() {
            if s as usize != i {
                break;
            }
            turns.next();
            exec.push(turn(request.inputs.get(input as usize)));
        }
        if !exec.is_empty() {
            body.insert("execution".into(), Value::Array(exec));
        }
        let event = Value::Object(Map::from_iter([(kind.to_owned(), Value::Object(body))]));
        if let Some(list) = stack.last_mut() {
            list.push(event);
        }
    }
    while stack.len() > 1 {
        close(&mut stack);
    }
    let reason = match result.status.as_str() {
        "transferred" => "TRANSFER",
        "failed" => "FLOW_ERROR_EXIT",
        "disconnected" => "DISCONNECT",
        _ => "FLOW_EXIT",
    };
    let mut execution = stack.pop().unwrap_or_default();
    execution.push(json!({"endedFlow": {"dateTime": ids.end, "flowExitReason": reason}}));
    json!({"flow": {
        "conversationId": ids.conversation_id,
        "executionId": ids.execution_id,
        "flowId": &*top.id,
        "flowName": &*top.name,
        "flowType": top.flow_type.to_lowercase(),
        "flowVersion": ids.flow_version,
        "startDateTime": ids.start,
        "endDateTime": ids.end,
        "isTruncated": false,
        "execution": execution,
    }})
}
