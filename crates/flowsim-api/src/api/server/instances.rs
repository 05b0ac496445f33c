//! Flow execution data, as the cloud serves it: every run the emulator executes (simulations,
//! flow executions, conversations) is kept as a flow instance with its execution data document
//! (`api::execution::emit`), and found, prepared for download and downloaded through the real
//! endpoints:
//!
//! | method and path | answers |
//! | --- | --- |
//! | `POST /api/v2/flows/instances/query` | a `CriteriaQuery` → `FlowResultEntityListing` of `FlowExecutionDataQueryResult` |
//! | `POST /api/v2/flows/instances/jobs` | `ExecutionDataRequest` `{ids}` → `GetFlowExecutionDataJobResult` (complete at once: `jobState` `Success`) |
//! | `GET /api/v2/flows/instances/jobs/{jobId}` | that job again |
//! | `GET /api/v2/flows/instances/{instanceId}` | a job for one instance |
//! | `GET /api/v2/downloads/flowinstances/{instanceId}` | the document (each entity's `downloadUri`; needs the token) |
//! | `GET /api/v2/flows/{flowId}/latestconfiguration`, `.../versions/{versionId}/configuration` | the flow's configuration: an export's decoded JSON, a seeds' JSON flow's file |
//! | `POST /api/v2/analytics/queues/observations/query` | `QueueObservationQuery` → `QueueObservationQueryResponse` from the queue fixtures |
//!
//! Query criteria (`CriteriaItem` `{key, operator, value}`; groups' `and`, `or`, `not` and
//! `criteria`, the groups AND'd): keys `FlowId`, `FlowType`, `ConversationId`,
//! `FlowStartDateTime`, `FlowEndDateTime`, `FlowErrorReason`, `FlowActionId`,
//! `FlowActionType`, `FlowActionOutputPathId`, `FlowActionOutputPathName`,
//! `FlowActionIdOutputPathId` (`actionId/outputPathId`); operators `eq` (default), `neq`,
//! `gt`, `gte`, `lt`, `lte`, `contains` (any case). The cloud documents the keys, not the
//! operators: these are the ones its query UI offers, and an unknown one is a 400 naming the
//! known ones, never a silent match. At most 200 results (`pageSize`, default 50).

use super::runs::Ran;
use super::shapes::{cloud_flow_type, iso, parse_body, seq_uuid, version_id, ApiError};
use super::store::Store;
use super::{lock, Emulator};
use crate::api::execution::doc::{self, ExecutionDoc};
use crate::flow::registry::Lookup;
use crate::flow::{Format, Version};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value as J};
use std::collections::HashSet;
use std::sync::Arc;

const INSTANCE_PREFIX: u32 = 0xf100_0000;
const JOB_PREFIX: u32 = 0xf200_0000;
/// The most ids one download job takes.
pub const MAX_JOB_IDS: usize = 200;
/// The most results one query answers.
pub const MAX_PAGE_SIZE: usize = 200;

/// Keeps a finished run as a flow instance: fills in the document's ids and dates. A flow
/// execution (a workflow) is its own instance: `id` is its execution id.
pub(super) fn keep(
    em: &Arc<Emulator>,
    ran: &mut Ran,
    conversation: &str,
    version: Version,
    id: Option<&str>,
) {
    let id = id.map_or_else(
        || seq_uuid(INSTANCE_PREFIX, Emulator::next(&em.next_instance)),
        str::to_owned,
    );
    let flow_key = ran.document["flow"]["flowId"].as_str().unwrap_or_default().to_owned();
    let world = em.world();
    // The document names the flow by its own id and type: flows of other types may share the
    // name an Archy flow's id is.
    let flow_type = ran.document["flow"]["flowType"].as_str();
    let Ok(idx) = world.find(&flow_key, flow_type) else { return };
    let flow = world.registry.flow(idx);
    let start = iso(ran.start_ms);
    let end = iso(ran.end_ms());
    {
        let f = &mut ran.document["flow"];
        f["flowId"] = J::from(super::ids::api_id(&world.registry, flow).into_owned());
        module_ids(&world, &mut f["execution"]);
        f["conversationId"] = J::from(conversation);
        f["executionId"] = J::from(id.as_str());
        f["flowVersion"] = J::from(version_id(flow, version));
        f["flowType"] = J::from(cloud_flow_type(&flow.flow_type).to_lowercase());
        f["startDateTime"] = J::from(start.as_str());
        f["endDateTime"] = J::from(end.as_str());
        if let Some(first) = f["execution"].get_mut(0).and_then(|e| e.get_mut("startedFlow")) {
            first["dateTime"] = J::from(start.as_str());
        }
        if let Some(J::Array(list)) = f.get_mut("execution") {
            if let Some(last) = list.last_mut().and_then(|e| e.get_mut("endedFlow")) {
                last["dateTime"] = J::from(end.as_str());
            }
        }
    }
    let error = ran.result["error"]["message"].as_str().map(str::to_owned);
    let mut summary = json!({
        "id": id,
        "name": &*flow.name,
        "startDateTime": start,
        "endDateTime": end,
        "flowId": super::ids::api_id(&world.registry, flow),
        "flowVersion": version_id(flow, version),
        "flowType": cloud_flow_type(&flow.flow_type).to_lowercase(),
        "flowName": &*flow.name,
        "selfUri": format!("/api/v2/flows/instances/{id}"),
    });
    if !conversation.is_empty() {
        summary["conversationId"] = J::from(conversation);
    }
    if let Some(e) = error {
        summary["flowErrorReason"] = J::from(e);
    }
    let record = json!({"summary": summary, "document": ran.document.clone()});
    let size = Store::size_of(&record);
    lock(&em.instances).insert(id, record, size);
}

#[derive(Deserialize)]
struct CriteriaQuery {
    #[serde(default)]
    query: Vec<CriteriaGroup>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct CriteriaGroup {
    #[serde(default)]
    and: Vec<CriteriaItem>,
    #[serde(default)]
    or: Vec<CriteriaItem>,
    #[serde(default)]
    not: Vec<CriteriaItem>,
    #[serde(default)]
    criteria: Option<CriteriaItem>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct CriteriaItem {
    key: String,
    #[serde(default)]
    operator: Option<String>,
    #[serde(default)]
    value: Option<J>,
}

const KEYS: &[&str] = &[
    "FlowId",
    "FlowType",
    "ConversationId",
    "FlowStartDateTime",
    "FlowEndDateTime",
    "FlowErrorReason",
    "FlowActionId",
    "FlowActionType",
    "FlowActionOutputPathId",
    "FlowActionOutputPathName",
    "FlowActionIdOutputPathId",
];
const OPERATORS: &[&str] = &["eq", "neq", "gt", "gte", "lt", "lte", "contains"];

/// The modules an execution called (`inputData.commonModule.flowId`, at any depth), named by
/// the emulator's ids as the document's own flow is.
fn module_ids(world: &super::World, v: &mut J) {
    match v {
        J::Object(m) => {
            if let Some(J::String(id)) = m.get_mut("commonModule").and_then(|c| c.get_mut("flowId"))
            {
                // A name flows of several types share is the common module's.
                let found = match world.find(id, None) {
                    Err(Lookup::Ambiguous(_)) => world.find(id, Some("commonModule")),
                    found => found,
                };
                if let Ok(idx) = found {
                    *id =
                        super::ids::api_id(&world.registry, world.registry.flow(idx)).into_owned();
                }
            }
            m.values_mut().for_each(|x| module_ids(world, x));
        }
        J::Array(items) => items.iter_mut().for_each(|x| module_ids(world, x)),
        _ => {}
    }
}

fn text(v: &J) -> String {
    match v {
        J::String(s) => s.clone(),
        J::Null => String::new(),
        other => other.to_string(),
    }
}

fn compare(op: &str, have: &str, want: &str) -> bool {
    let dates =
        crate::expr::value::parse_datetime(have).zip(crate::expr::value::parse_datetime(want));
    let ord = match dates {
        Some((a, b)) => a.cmp(&b),
        None => have.to_lowercase().cmp(&want.to_lowercase()),
    };
    match op {
        "eq" => ord.is_eq(),
        "neq" => ord.is_ne(),
        "gt" => ord.is_gt(),
        "gte" => ord.is_ge(),
        "lt" => ord.is_lt(),
        "lte" => ord.is_le(),
        _ => have.to_lowercase().contains(&want.to_lowercase()),
    }
}

fn check_item(item: &CriteriaItem) -> Result<(), ApiError> {
    if !KEYS.contains(&item.key.as_str()) {
        return Err(ApiError::bad_request(format!(
            "Unknown criteria key {}; the emulator answers {}.",
            item.key,
            KEYS.join(", ")
        ))
        .detail("badRequest", "query.key"));
    }
    let op = item.operator.as_deref().unwrap_or("eq").to_ascii_lowercase();
    if !OPERATORS.contains(&op.as_str()) {
        return Err(ApiError::bad_request(format!(
            "Unknown criteria operator {op}; use one of {}.",
            OPERATORS.join(", ")
        ))
        .detail("badRequest", "query.operator"));
    }
    Ok(())
}

/// Whether an instance (its summary and parsed document) meets one criterion.
fn meets(item: &CriteriaItem, summary: &J, doc: &ExecutionDoc) -> bool {
    let op = item.operator.as_deref().unwrap_or("eq").to_ascii_lowercase();
    let want = item.value.as_ref().map(text).unwrap_or_default();
    let field = |k: &str| compare(&op, &text(&summary[k]), &want);
    let any_action = |f: &dyn Fn(&doc::RecordedAction) -> String| {
        doc.actions.iter().any(|a| compare(&op, &f(a), &want))
    };
    match item.key.as_str() {
        "FlowId" => {
            // The flow's id or its name: `neq` is neither.
            let is = |k: &str| compare("eq", &text(&summary[k]), &want);
            match op.as_str() {
                "eq" => is("flowId") || is("flowName"),
                "neq" => !is("flowId") && !is("flowName"),
                _ => field("flowId") || compare(&op, &text(&summary["flowName"]), &want),
            }
        }
        "FlowType" => field("flowType"),
        "ConversationId" => field("conversationId"),
        "FlowStartDateTime" => field("startDateTime"),
        "FlowEndDateTime" => field("endDateTime"),
        "FlowErrorReason" => field("flowErrorReason"),
        "FlowActionId" => any_action(&|a| a.action_id.to_string()),
        "FlowActionType" => any_action(&|a| a.kind.to_string()),
        "FlowActionOutputPathId" => {
            any_action(&|a| a.output_path_id.as_deref().unwrap_or_default().to_owned())
        }
        "FlowActionOutputPathName" => {
            any_action(&|a| a.output_path_name.as_deref().unwrap_or_default().to_owned())
        }
        _ => any_action(&|a| {
            format!("{}/{}", a.action_id, a.output_path_id.as_deref().unwrap_or_default())
        }),
    }
}

/// `POST /api/v2/flows/instances/query`.
pub(super) async fn query(
    State(em): State<Arc<Emulator>>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Json<J>, ApiError> {
    let mut q: CriteriaQuery = parse_body(&body)?;
    // `indexOnly` is accepted as the cloud does: every answer here is an index entry.
    let params: Vec<(String, String)> = serde_urlencoded::from_str(query.as_deref().unwrap_or(""))
        .map_err(|e| ApiError::bad_request(format!("The query string is not valid: {e}")))?;
    let page_size = params.iter().find(|(k, _)| k == "pageSize").map(|(_, v)| v.as_str());
    let page_size = match page_size {
        None => 50,
        Some(t) => {
            t.trim().parse::<usize>().ok().filter(|n| (1..=MAX_PAGE_SIZE).contains(n)).ok_or_else(
                || {
                    ApiError::bad_request(format!(
                        "pageSize must be a number from 1 to {MAX_PAGE_SIZE}."
                    ))
                    .detail("badRequest", "pageSize")
                },
            )?
        }
    };
    for g in &q.query {
        for item in g.and.iter().chain(&g.or).chain(&g.not).chain(g.criteria.iter()) {
            check_item(item)?;
        }
    }
    // A flow named by any key the routes take (its GUID, its own id, its name) is the flow
    // whose GUID the instances carry.
    let world = em.world();
    for g in &mut q.query {
        let items =
            g.and.iter_mut().chain(&mut g.or).chain(&mut g.not).chain(g.criteria.iter_mut());
        for item in items.filter(|i| i.key == "FlowId") {
            let equality = matches!(
                item.operator.as_deref().map(str::to_ascii_lowercase).as_deref(),
                None | Some("eq" | "neq")
            );
            if let (true, Some(J::String(key))) = (equality, &item.value) {
                match world.find(key, None) {
                    Ok(idx) => {
                        let flow = world.registry.flow(idx);
                        item.value = Some(J::from(super::ids::api_id(&world.registry, flow)));
                    }
                    // A name flows of several types share is no one flow: the client names
                    // the flow by its id.
                    Err(Lookup::Ambiguous(flows)) => return Err(world.ambiguous(key, &flows)),
                    Err(_) => {}
                }
            }
        }
    }
    drop(world);
    // A snapshot under the lock (references counted, nothing copied), then the matching on a
    // blocking thread: parsing thousands of documents must not hold the lock, nor stall the
    // async workers that answer every other request and the shutdown signal.
    let records = lock(&em.instances).snapshot();
    let permit = tokio::select! {
        permit = em.queries.clone().acquire_owned() => permit.map_err(|_| shutting_down())?,
        () = em.stopped() => return Err(shutting_down()),
    };
    let stop = em.stopping.subscribe();
    let matched = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let mut found = Vec::new();
        let mut total = 0usize;
        for record in &records {
            // A shutdown ends the query between two records.
            if *stop.borrow() {
                return None;
            }
            let summary = &record["summary"];
            let Ok(doc) = doc::parse(&record["document"]) else { continue };
            let ok = q.query.iter().all(|g| {
                g.and.iter().all(|i| meets(i, summary, &doc))
                    && (g.or.is_empty() || g.or.iter().any(|i| meets(i, summary, &doc)))
                    && !g.not.iter().any(|i| meets(i, summary, &doc))
                    && g.criteria.as_ref().is_none_or(|i| meets(i, summary, &doc))
            });
            if ok {
                total += 1;
                if found.len() < page_size {
                    found.push(summary.clone());
                }
            }
        }
        Some((found, total))
    });
    let (found, total) = matched
        .await
        .map_err(|_| {
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "The query stopped unexpectedly.")
        })?
        .ok_or_else(shutting_down)?;
    Ok(Json(json!({
        "entities": found,
        "pageSize": page_size,
        "pageNumber": 1,
        "total": total,
        "pageCount": total.div_ceil(page_size).max(1),
        "selfUri": "/api/v2/flows/instances/query",
    })))
}

fn shutting_down() -> ApiError {
    ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "The server is shutting down.")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExecutionDataRequest {
    ids: Vec<String>,
}

/// Where a download is: absolute, on the host the client called (the cloud's are pre-signed
/// URLs; the emulator's need the token, as every `/api/` path does).
fn download_uri(headers: &HeaderMap, id: &str) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.starts_with("127.0.0.1") || h.starts_with("localhost") || h.starts_with("[::1]")
        })
        .unwrap_or("127.0.0.1");
    format!("http://{host}/api/v2/downloads/flowinstances/{id}")
}

fn make_job(em: &Arc<Emulator>, headers: &HeaderMap, ids: &[String]) -> J {
    let job = seq_uuid(JOB_PREFIX, Emulator::next(&em.next_instance));
    let kept = lock(&em.instances);
    let entities: Vec<J> = ids
        .iter()
        .map(|id| {
            if kept.get(id).is_some() {
                json!({"id": id, "downloadUri": download_uri(headers, id), "failed": false})
            } else {
                json!({"id": id, "failed": true, "statusCode": "404"})
            }
        })
        .collect();
    drop(kept);
    let result = json!({
        "id": job,
        "name": "flow execution data",
        "entities": entities,
        "jobState": "Success",
        "selfUri": format!("/api/v2/flows/instances/jobs/{job}"),
    });
    let size = Store::size_of(&result);
    lock(&em.jobs).insert(job, result.clone(), size);
    result
}

/// `POST /api/v2/flows/instances/jobs`.
pub(super) async fn start_job(
    State(em): State<Arc<Emulator>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<J>), ApiError> {
    let request: ExecutionDataRequest = parse_body(&body)?;
    if request.ids.is_empty() || request.ids.len() > MAX_JOB_IDS {
        return Err(ApiError::bad_request(format!(
            "ids must hold 1 to {MAX_JOB_IDS} flow instance ids."
        ))
        .detail("badRequest", "ids"));
    }
    Ok((StatusCode::ACCEPTED, Json(make_job(&em, &headers, &request.ids))))
}

/// `GET /api/v2/flows/instances/jobs/{jobId}`.
pub(super) async fn get_job(
    State(em): State<Arc<Emulator>>,
    Path(id): Path<String>,
) -> Result<Json<J>, ApiError> {
    let found = lock(&em.jobs).get(&id).cloned();
    found.map(Json).ok_or_else(|| ApiError::not_found(format!("Job {id} not found.")))
}

/// `GET /api/v2/flows/instances/{instanceId}`: a job for one instance.
pub(super) async fn get_instance(
    State(em): State<Arc<Emulator>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<J>, ApiError> {
    if lock(&em.instances).get(&id).is_none() {
        return Err(ApiError::not_found(format!("Flow instance {id} not found.")));
    }
    Ok(Json(make_job(&em, &headers, &[id])))
}

/// `GET /api/v2/downloads/flowinstances/{instanceId}`: the document.
pub(super) async fn download(
    State(em): State<Arc<Emulator>>,
    Path(id): Path<String>,
) -> Result<Json<J>, ApiError> {
    let found = lock(&em.instances).get(&id).map(|r| r["document"].clone());
    found.map(Json).ok_or_else(|| ApiError::not_found(format!("Flow instance {id} not found.")))
}

/// The configuration of a flow: what its file holds, as JSON.
fn configuration(em: &Emulator, key: &str, flow_type: Option<&str>) -> Result<J, ApiError> {
    let world = em.world();
    let idx = world.find(key, flow_type).map_err(|e| {
        let missing = ApiError::not_found(format!("Flow {key} not found.")).code("flow.not.found");
        world.lookup_error(key, &e, missing)
    })?;
    let flow = world.registry.flow(idx);
    let read = || {
        crate::util::files::read_text(&flow.file, crate::util::files::MAX_INPUT_BYTES).map_err(
            |e| {
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("The flow's file {} cannot be read: {e}.", flow.file.display()),
                )
            },
        )
    };
    match flow.format {
        Format::Export => {
            let text = read()?;
            let mut diags = Vec::new();
            crate::flow::export::decode::decode(&flow.file, &text, &mut diags).ok_or_else(|| {
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "The flow's export cannot be decoded.")
            })
        }
        Format::Json => {
            let text = read()?;
            serde_json::from_str(&text).map_err(|e| {
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("The flow's file is not JSON: {e}."))
            })
        }
        Format::Archy => Err(ApiError::new(
            StatusCode::NOT_IMPLEMENTED,
            format!(
                "unsupported: the emulator serves configurations of flows loaded from exports or the seeds' JSON; {} was loaded from Archy YAML ({}): replay against that file.",
                flow.name,
                flow.file.display()
            ),
        )
        .code("unsupported")),
    }
}

/// The `flowType` query parameter: the type of the flow a route's `{flowId}` names, when it is
/// a name flows of several types share.
fn flow_type_param(query: Option<&str>) -> Result<Option<String>, ApiError> {
    Ok(super::paging::Query::parse(query)?.first("flowType").map(str::to_owned))
}

/// `GET /api/v2/flows/{flowId}/latestconfiguration?flowType=`.
pub(super) async fn latest_configuration(
    State(em): State<Arc<Emulator>>,
    Path(flow_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<J>, ApiError> {
    let flow_type = flow_type_param(query.as_deref())?;
    configuration(&em, &flow_id, flow_type.as_deref()).map(Json)
}

/// `GET /api/v2/flows/{flowId}/versions/{versionId}/configuration?flowType=`: the emulator
/// keeps one file per flow, so a version it knows has that file's configuration.
pub(super) async fn version_configuration(
    State(em): State<Arc<Emulator>>,
    Path((flow_id, version)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Result<Json<J>, ApiError> {
    let flow_type = flow_type_param(query.as_deref())?;
    let world = em.world();
    if let Ok(idx) = world.find(&flow_id, flow_type.as_deref()) {
        super::shapes::pick_version(world.registry.flow(idx), Some(&version)).map_err(|_| {
            ApiError::not_found(format!("Flow {flow_id} has no version {version}."))
        })?;
    }
    configuration(&em, &flow_id, flow_type.as_deref()).map(Json)
}

#[derive(Deserialize)]
struct ObservationQuery {
    filter: J,
    #[serde(default)]
    metrics: Vec<String>,
}

/// The queue ids a `QueueObservationQuery` filter names (`{type, predicates, clauses}`,
/// nested), bounded.
fn queue_ids(filter: &J) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![filter];
    while let Some(f) = stack.pop() {
        if out.len() > 1000 {
            break;
        }
        for p in f.get("predicates").and_then(J::as_array).into_iter().flatten() {
            if p.get("dimension").and_then(J::as_str) == Some("queueId") {
                if let Some(v) = p.get("value").and_then(J::as_str) {
                    out.push(v.to_owned());
                }
            }
        }
        if let Some(c) = f.get("clauses").and_then(J::as_array) {
            stack.extend(c.iter());
        }
    }
    out
}

/// `POST /api/v2/analytics/queues/observations/query`: each queue's figures from the queue
/// fixtures: `oWaiting` waiting, `oOnQueueUsers` / `oActiveUsers` / `oMemberUsers` agents on
/// queue, `oInteracting` on queue but not available, `oAlerting` 0. Other metrics: a 400
/// saying `unsupported`.
pub(super) async fn queue_observations(
    State(em): State<Arc<Emulator>>,
    body: Bytes,
) -> Result<Json<J>, ApiError> {
    let q: ObservationQuery = parse_body(&body)?;
    let known =
        ["oWaiting", "oOnQueueUsers", "oActiveUsers", "oMemberUsers", "oInteracting", "oAlerting"];
    let metrics: Vec<String> = if q.metrics.is_empty() {
        known.iter().map(|m| (*m).to_owned()).collect()
    } else {
        q.metrics
    };
    if let Some(m) = metrics.iter().find(|m| !known.contains(&m.as_str())) {
        return Err(ApiError::bad_request(format!(
            "unsupported: the emulator answers the metrics {} from queue fixtures; {m} is not one of them.",
            known.join(", ")
        ))
        .detail("unsupported", "metrics"));
    }
    let ids = queue_ids(&q.filter);
    if ids.is_empty() {
        return Err(ApiError::bad_request(
            "The filter names no queue: use {\"type\": \"or\", \"predicates\": [{\"dimension\": \"queueId\", \"value\": \"...\"}]}.",
        )
        .detail("badRequest", "filter"));
    }
    let world = em.world();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut results = Vec::new();
    for id in &ids {
        if !seen.insert(id) {
            continue;
        }
        let Some(queue) = world.fixtures.queue(id) else {
            results.push(json!({"group": {"queueId": id}, "data": []}));
            continue;
        };
        let data: Vec<J> = metrics
            .iter()
            .map(|m| {
                let count = match m.as_str() {
                    "oWaiting" => queue.waiting,
                    "oOnQueueUsers" | "oActiveUsers" | "oMemberUsers" => queue.on_queue_agents,
                    "oInteracting" => (queue.on_queue_agents - queue.available_agents).max(0),
                    _ => 0,
                };
                json!({"metric": m, "stats": {"count": count}})
            })
            .collect();
        results.push(json!({"group": {"queueId": &*queue.id}, "data": data}));
    }
    Ok(Json(json!({"results": results})))
}
