//! The routes that run flows: architect simulations, flow executions, and
//! conversations (a conversation launched at a flow).
//!
//! Every run goes through [`run`]: the engine on a blocking thread, its result kept as the JSON
//! of docs/results.md, from which each route takes its shape. Dates are the run's virtual clock
//! (`context.startTime`, default `2026-01-01T09:00:00Z`, plus the run's elapsed virtual time).

use super::shapes::{iso, parse_body, pick_version, seq_uuid, version_json, version_ref, ApiError};
use super::store::Store;
use super::{lock, Emulator, World};
use crate::engine::request::DEFAULT_START_TIME;
use crate::engine::{self, InputEntry, RequestError, RunContext, RunRequest};
use crate::flow::{Flow, Registry, Version};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::{json, Value as J};
use std::sync::Arc;

/// Prefixes that tell sequential ids apart: `e...` executions, `c...` conversations.
const EXECUTION_PREFIX: u32 = 0xe000_0000;
const CONVERSATION_PREFIX: u32 = 0xc000_0000;

/// A finished run.
pub(super) struct Ran {
    /// The result, as docs/results.md writes it.
    pub result: J,
    pub start_ms: i64,
    /// The run as the cloud's flow execution data (ids filled in by [`super::instances::keep`]).
    pub document: J,
}

impl Ran {
    pub fn status(&self) -> &str {
        self.result["status"].as_str().unwrap_or("failed")
    }

    pub fn end_ms(&self) -> i64 {
        self.start_ms.saturating_add(self.result["elapsedMs"].as_i64().unwrap_or(0))
    }
}

/// Runs `request` on a blocking thread (a long run must not stall the server).
async fn run(em: &Arc<Emulator>, request: RunRequest) -> Result<Ran, ApiError> {
    Ok(run_with(em, request, engine::RunOptions::default(), |_| ()).await?.0)
}

/// [`run`] with engine options, and `extra` taking what else the caller needs of the result
/// while it is at hand (a live session: where the run waits).
pub(super) async fn run_with<X: Send + 'static>(
    em: &Arc<Emulator>,
    request: RunRequest,
    options: engine::RunOptions,
    extra: fn(&engine::RunResult<'_>) -> X,
) -> Result<(Ran, X), ApiError> {
    let em = em.clone();
    let start_text = request.context.start_time.clone();
    // At most `max_concurrent_runs` at once; the permit lives as long as the run, even when
    // the client has gone.
    let permit = em.runs.clone().acquire_owned().await.map_err(|_| {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "The server is shutting down.")
    })?;
    let mut request = request;
    let ran = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let world = em.world();
        world.own_ids(&mut request);
        engine::Run::new(&world.registry, &world.fixtures, &request).options(options).result().map(
            |r| {
                let ids = crate::api::execution::emit::Ids {
                    conversation_id: "",
                    execution_id: "",
                    flow_version: "",
                    start: "",
                    end: "",
                };
                let document = crate::api::execution::emit::document(&r, &request, &ids);
                (serde_json::to_value(&r).unwrap_or(J::Null), document, extra(&r))
            },
        )
    })
    .await
    .map_err(|_| {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "The run stopped unexpectedly.")
    })?;
    let (result, document, x) = ran.map_err(|e| request_error(&e))?;
    // The engine accepted the start time, so it parses.
    let start_ms =
        crate::expr::value::parse_datetime(start_text.as_deref().unwrap_or(DEFAULT_START_TIME))
            .unwrap_or_default();
    Ok((Ran { result, start_ms, document }, x))
}

/// A refused request: the cloud's 400, with flowsim's code in `details`.
pub(super) fn request_error(e: &RequestError) -> ApiError {
    let field = match e {
        RequestError::NoFlow
        | RequestError::UnknownFlow { .. }
        | RequestError::NotPublished { .. } => "flowId",
        RequestError::AmbiguousFlow { .. } => "flowType",
        RequestError::InvalidNodeId { .. } => "nodeId",
        RequestError::BadInput { .. }
        | RequestError::UnknownIntent { .. }
        | RequestError::BadSlot { .. }
        | RequestError::BadTurnSlot { .. } => "inputs",
        RequestError::BadStartTime { .. } => "context.startTime",
        // A server arms no total of steps; were one armed, it would be the request's steps.
        RequestError::BadMaxSteps | RequestError::PastTotalSteps { .. } => "maxSteps",
        RequestError::BadVariable { .. } => "variables",
        RequestError::BadEvent { .. } => "events",
    };
    ApiError::bad_request(format!("{e}; {}", e.help())).detail(e.code().as_str(), field)
}

/// The most steps a simulation request may ask for: its result is one JSON body built in
/// memory (about 5 KB a step with its variables), so 50,000 steps stay near 250 MB; the engine's
/// own cap (`engine::MAX_STEPS_CAP`, ten million) would be 50 GB.
pub const MAX_SIMULATION_STEPS: u64 = 50_000;

/// `POST /api/v2/architect/simulations`: a run request (docs/results.md) → the run result
/// (docs/results.md); with `Accept: application/x-ndjson`, its trace streamed (`streamed`).
pub(super) async fn simulate(
    State(em): State<Arc<Emulator>>,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    if super::streamed::wanted(&headers) {
        return super::streamed::simulate(em, &body).await;
    }
    let request: RunRequest = parse_body(&body)?;
    if request.max_steps.is_some_and(|m| m > MAX_SIMULATION_STEPS) {
        return Err(ApiError::bad_request(format!(
            "maxSteps must be at most {MAX_SIMULATION_STEPS} here: the simulation's result is \
             answered whole (about 5 KB of JSON a step); ask for it streamed \
             (`Accept: application/x-ndjson`) or run longer flows with `flowsim run`"
        ))
        .detail("badMaxSteps", "maxSteps"));
    }
    let conversation = request.context.conversation_id.clone().unwrap_or_default();
    let version = request.version.unwrap_or(Version::Draft);
    let mut ran = run(&em, request).await?;
    super::instances::keep(&em, &mut ran, &conversation, version, None);
    Ok(Json(ran.result).into_response())
}

/// `FlowExecutionLaunchRequest`, plus flowsim's `context` and `inputs` (Gather answers).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LaunchRequest {
    #[serde(default)]
    flow_id: Option<String>,
    #[serde(default)]
    flow_version: Option<String>,
    /// flowsim's: the type of the flow `flowId` names, when it is a name flows of several
    /// types share.
    #[serde(default)]
    flow_type: Option<String>,
    #[serde(default)]
    input_data: Option<IndexMap<String, J>>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    context: Option<RunContext>,
    #[serde(default)]
    inputs: Vec<InputEntry>,
}

fn execution_uri(id: &str) -> String {
    format!("/api/v2/flows/executions/{id}")
}

/// The flow `key` names (of `flow_type` when given): `field` names the body's field in errors.
fn find_flow<'w>(
    world: &'w World,
    key: Option<&str>,
    flow_type: Option<&str>,
    field: &str,
) -> Result<&'w Flow, ApiError> {
    let key = key.map(str::trim).filter(|k| !k.is_empty()).ok_or_else(|| {
        ApiError::bad_request(format!("{field} is required.")).detail("noFlow", field)
    })?;
    let idx = world.find(key, flow_type).map_err(|e| {
        let missing = ApiError::bad_request(format!("Invalid flow ID: flow {key} not found."))
            .code("flow.not.found")
            .detail("flowNotFound", field);
        world.lookup_error(key, &e, missing)
    })?;
    Ok(world.registry.flow(idx))
}

/// `POST /api/v2/flows/executions`: runs the flow with `inputData` as preset variables
/// (docs/scenarios.md) → `FlowExecutionLaunchResponse`.
pub(super) async fn launch_execution(
    State(em): State<Arc<Emulator>>,
    body: Bytes,
) -> Result<Json<J>, ApiError> {
    let launch: LaunchRequest = parse_body(&body)?;
    let world = em.world();
    let flow = find_flow(&world, launch.flow_id.as_deref(), launch.flow_type.as_deref(), "flowId")?;
    let version = pick_version(flow, launch.flow_version.as_deref())?;
    let request = RunRequest {
        flow_id: Some(flow.id.to_string()),
        // Flows of other types may share the name an Archy flow's id is.
        flow_type: Some(flow.flow_type.to_string()),
        context: launch.context.unwrap_or_default(),
        inputs: launch.inputs,
        variables: launch.input_data.unwrap_or_default(),
        version: Some(version),
        ..RunRequest::default()
    };
    let mut ran = run(&em, request).await?;
    let id = seq_uuid(EXECUTION_PREFIX, Emulator::next(&em.next_execution));
    super::instances::keep(&em, &mut ran, "", version, Some(&id));
    let name = launch.name.filter(|n| !n.is_empty()).unwrap_or_else(|| flow.name.to_string());
    let record = execution_json(&world.registry, &id, &name, flow, version, &ran, None);
    let size = Store::size_of(&record);
    lock(&em.executions).insert(id.clone(), record, size);
    Ok(Json(json!({
        "id": id,
        "name": name,
        "flowVersion": version_ref(&world.registry, flow, version),
        "selfUri": execution_uri(&id),
    })))
}

/// A `FlowRuntimeExecution`: `COMPLETED` for completed and disconnected runs, `FAILED`
/// otherwise, with `flowErrorInfo`; `outputData` holds the flow's output variables (an
/// Architect flow's `isOutput` ones), or every variable for the seeds' JSON flows, which
/// declare none (docs/scenarios.md).
fn execution_json(
    reg: &Registry,
    id: &str,
    name: &str,
    flow: &Flow,
    version: Version,
    ran: &Ran,
    conversation: Option<&str>,
) -> J {
    let status = ran.status();
    let completed = matches!(status, "completed" | "disconnected" | "transferred");
    let mut m = serde_json::Map::new();
    m.insert("id".into(), J::from(id));
    m.insert("name".into(), J::from(name));
    m.insert("flowVersion".into(), version_json(reg, flow, version));
    m.insert("dateLaunched".into(), J::from(iso(ran.start_ms)));
    m.insert("status".into(), J::from(if completed { "COMPLETED" } else { "FAILED" }));
    m.insert("dateCompleted".into(), J::from(iso(ran.end_ms())));
    m.insert("completionReason".into(), J::from(status));
    if let Some(error) = ran.result["error"].as_object().filter(|_| !completed) {
        let text = |k: &str| error.get(k).and_then(J::as_str).unwrap_or_default();
        m.insert(
            "flowErrorInfo".into(),
            json!({
                "message": text("message"),
                "code": text("kind"),
                "entityId": super::ids::api_id(reg, flow),
                "entityName": &*flow.name,
                "messageParams": {"flowName": text("flowName"), "nodeId": text("nodeId")},
            }),
        );
    }
    let outputs = match ran.result.get("outputs") {
        Some(o) if o.is_object() => o.clone(),
        _ => ran.result["variables"].clone(),
    };
    m.insert("outputData".into(), outputs);
    if let Some(c) = conversation {
        m.insert(
            "conversation".into(),
            json!({"id": c, "selfUri": format!("/api/v2/conversations/{c}")}),
        );
    }
    m.insert("selfUri".into(), J::from(execution_uri(id)));
    J::Object(m)
}

/// `GET /api/v2/flows/executions/{id}`.
pub(super) async fn get_execution(
    State(em): State<Arc<Emulator>>,
    Path(id): Path<String>,
) -> Result<Json<J>, ApiError> {
    let found = lock(&em.executions).get(&id).cloned();
    found.map(Json).ok_or_else(|| ApiError::not_found(format!("Flow execution {id} not found.")))
}

/// `POST /api/v2/conversations` : `{type, routing: {flowId}, participants,
/// messages}` starts a conversation and runs its flow, with the context taken from it: `from`
/// is the customer's address (`address`, `phoneNumber` or `email`), `to` the body's `to` (or
/// `address`, or another participant's address), channel and media type from `type`. flowsim
/// also reads `attributes` (context attributes, over the customer's), `inputs` and `variables`.
pub(super) async fn create_conversation(
    State(em): State<Arc<Emulator>>,
    body: Bytes,
) -> Result<Json<J>, ApiError> {
    let body: J = parse_body(&body)?;
    let obj = body
        .as_object()
        .ok_or_else(|| ApiError::bad_request("The conversation must be a JSON object."))?;
    let kind = obj.get("type").and_then(J::as_str).filter(|t| !t.is_empty()).ok_or_else(|| {
        ApiError::bad_request("type is required: call, chat, email or message.")
            .detail("badRequest", "type")
    })?;
    let routing = obj.get("routing");
    let flow_key = routing.and_then(|r| r.get("flowId")).and_then(J::as_str);
    let world = em.world();
    let flow_type = routing.and_then(|r| r.get("flowType")).and_then(J::as_str);
    let flow = find_flow(&world, flow_key, flow_type, "routing.flowId")?;
    let version =
        pick_version(flow, routing.and_then(|r| r.get("flowVersion")).and_then(J::as_str))?;
    let participants = match obj.get("participants") {
        None | Some(J::Null) => Vec::new(),
        Some(J::Array(p)) => p.clone(),
        Some(_) => {
            return Err(ApiError::bad_request("participants must be a list.")
                .detail("badRequest", "participants"))
        }
    };
    let extension = |key: &str| obj.get(key).cloned().unwrap_or(J::Null);
    let inputs: Vec<InputEntry> = match extension("inputs") {
        J::Null => Vec::new(),
        v => serde_json::from_value(v).map_err(|e| {
            ApiError::bad_request(format!("inputs: {e}")).detail("badInput", "inputs")
        })?,
    };
    let variables: IndexMap<String, J> = match extension("variables") {
        J::Null => IndexMap::new(),
        v => serde_json::from_value(v).map_err(|e| {
            ApiError::bad_request(format!("variables must be an object: {e}"))
                .detail("badRequest", "variables")
        })?,
    };

    let is_customer = |p: &J| {
        ["role", "purpose"].iter().any(|k| {
            p.get(*k).and_then(J::as_str).is_some_and(|r| {
                r.eq_ignore_ascii_case("customer") || r.eq_ignore_ascii_case("external")
            })
        })
    };
    let customer = participants.iter().find(|p| is_customer(p)).or(participants.first());
    let to = ["to", "address"]
        .iter()
        .find_map(|k| obj.get(*k).and_then(J::as_str).map(str::to_owned))
        .or_else(|| participants.iter().filter(|p| !is_customer(p)).find_map(address));
    let mut attributes = IndexMap::new();
    for source in [customer.and_then(|c| c.get("attributes")), obj.get("attributes")] {
        if let Some(J::Object(map)) = source {
            attributes.extend(map.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
    }
    let media = media_of(kind);
    let id = seq_uuid(CONVERSATION_PREFIX, Emulator::next(&em.next_conversation));
    let request = RunRequest {
        flow_id: Some(flow.id.to_string()),
        // Flows of other types may share the name an Archy flow's id is.
        flow_type: Some(flow.flow_type.to_string()),
        context: RunContext {
            from: customer.and_then(address),
            to,
            channel: Some(media.clone()),
            conversation_id: Some(id.clone()),
            media_type: Some(media),
            start_time: None,
            attributes,
            sip_headers: IndexMap::new(),
        },
        inputs,
        variables,
        version: Some(version),
        ..RunRequest::default()
    };
    let mut ran = run(&em, request).await?;
    super::instances::keep(&em, &mut ran, &id, version, None);

    let execution = seq_uuid(EXECUTION_PREFIX, Emulator::next(&em.next_execution));
    let record =
        execution_json(&world.registry, &execution, &flow.name, flow, version, &ran, Some(&id));
    let size = Store::size_of(&record);
    lock(&em.executions).insert(execution.clone(), record, size);

    let route = &ran.result["route"];
    let state =
        if ran.status() != "disconnected" && route.is_object() { "queued" } else { "disconnected" };
    let mut m = serde_json::Map::new();
    m.insert("id".into(), J::from(id.as_str()));
    m.insert("type".into(), J::from(kind));
    m.insert("state".into(), J::from(state));
    m.insert("startTime".into(), J::from(iso(ran.start_ms)));
    if state == "disconnected" {
        m.insert("endTime".into(), J::from(iso(ran.end_ms())));
    }
    m.insert("participants".into(), J::Array(participants));
    m.insert(
        "routing".into(),
        json!({
            "flowId": super::ids::api_id(&world.registry, flow),
            "queueId": route["queueId"],
            "queueName": route["queueName"],
            "agentId": null,
        }),
    );
    m.insert(
        "flowExecution".into(),
        json!({"id": execution, "selfUri": execution_uri(&execution)}),
    );
    m.insert("selfUri".into(), J::from(format!("/api/v2/conversations/{id}")));
    let conversation = J::Object(m);
    let size = Store::size_of(&conversation);
    lock(&em.conversations).insert(id, conversation.clone(), size);
    Ok(Json(conversation))
}

/// `GET /api/v2/conversations/{id}`.
pub(super) async fn get_conversation(
    State(em): State<Arc<Emulator>>,
    Path(id): Path<String>,
) -> Result<Json<J>, ApiError> {
    let found = lock(&em.conversations).get(&id).cloned();
    found.map(Json).ok_or_else(|| ApiError::not_found(format!("Conversation {id} not found.")))
}

/// A participant's address: `address`, `phoneNumber`, `ani` or `email`.
fn address(participant: &J) -> Option<String> {
    ["address", "phoneNumber", "ani", "email"]
        .iter()
        .find_map(|k| participant.get(*k).and_then(J::as_str).filter(|s| !s.is_empty()))
        .map(str::to_owned)
}

/// The channel (and media type) of a conversation `type`: `call`/`voice` → `voice`, `chat`,
/// `email`, `message`/`sms` → `message`; others as written, lower-cased.
fn media_of(kind: &str) -> String {
    let lower = kind.to_ascii_lowercase();
    match lower.as_str() {
        "call" | "voice" | "phone" => "voice".into(),
        "chat" | "webchat" => "chat".into(),
        "sms" | "message" | "webmessaging" | "messaging" => "message".into(),
        _ => lower,
    }
}
