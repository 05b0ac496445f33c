//! Live sessions (docs/live.md): a conversation kept open across requests. A session
//! runs its flow until the flow asks for an input nobody gave yet, and waits there, the virtual
//! clock paused; each input delivered (keypad digits, a customer turn, the orchestration service's webhook
//! payload) or variable update (`POST /api/v2/flows/variables`) moves it on.
//!
//! A session holds its request, the inputs delivered and the variable updates made (each wait's
//! updates one event at the input it arrived before, `engine::events`; `history`); every change
//! re-runs the conversation from the start with `pause_for_input`. Runs are deterministic, so
//! the re-run replays what happened and continues from the wait: no engine state outlives a
//! request.
//!
//! Every byte a live session keeps is charged: its history (`History::bytes`), its run's result
//! and execution data, its listing line. A change whose session would pass
//! `Limits::max_session_bytes` is refused (400 `sessionTooLarge`), one that would pass the live
//! sessions' `Limits::max_kept_bytes` too (503 `sessions.limit`); either way the session stays
//! as it was.
//!
//! | method and path | does |
//! | --- | --- |
//! | `POST /api/v2/flowsim/sessions` | starts one: a run request (as simulations take), plus `conflictsAfterInput` |
//! | `GET /api/v2/flowsim/sessions` | the sessions, live then ended |
//! | `GET /api/v2/flowsim/sessions/{id}` | its state, what it waits for, the run so far |
//! | `POST /api/v2/flowsim/sessions/{id}/input` | `{"input": "1"}`, `{"input": {"text": ...}}`, `{"input": "timeout"}`, or a webhook payload |
//! | `POST /api/v2/flowsim/webhooks/dtmf` | the orchestration service's webhook payload: `{flowInstanceId, participants: [{input: {dtmf}}]}` |
//! | `DELETE /api/v2/flowsim/sessions/{id}` | the caller hangs up |
//! | `POST /api/v2/flows/variables` | the orchestration service's update: `{flowInstanceId, variables}` |
//!
//! Statuses: 404 no such session; 410 it ended (its final state in the body's `details`); 409
//! it is in transition (an input is being processed, or — the cloud's window after each
//! input — the first `conflictsAfterInput` variable updates after an input), or it waits for
//! another kind of input; 400 a malformed body or an unknown variable (nothing applied).

use super::history::History;
use super::runs::{run_with, Ran};
use super::shapes::{iso, parse_body, seq_uuid, ApiError};
use super::store::{json_len, Store};
use super::{lock, Emulator};
use crate::engine::events::{WaitKind, WaitPoint};
use crate::engine::{self, InputEntry, RunOptions, RunRequest};
use crate::flow::Version;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use indexmap::IndexMap;
use serde_json::{json, Value as J};
use std::sync::Arc;
use std::time::Instant;

/// `5e55...` ids: sessions (and, once ended, their flow instances).
const SESSION_PREFIX: u32 = 0x5e55_0000;
/// The most variables one update may write.
const MAX_VARIABLES_PER_UPDATE: usize = 100;
/// The most conflicts a session may ask for after each input.
const MAX_CONFLICTS_AFTER_INPUT: u64 = 10;
/// What `conflictsAfterInput` is when a session does not say.
const DEFAULT_CONFLICTS_AFTER_INPUT: u32 = 1;

/// The live sessions, and the final states of ended ones.
///
/// Accounting is exact under concurrency: a create reserves its slot before its run (so that
/// `live + reserved` never passes `Limits::max_sessions`), and a session's bytes are charged
/// under the same lock that checks them against `Limits::max_kept_bytes` (a create or a change
/// that would pass the budget is refused, its run dropped).
pub(super) struct Sessions {
    live: IndexMap<String, Session>,
    ended: Store,
    /// The JSON bytes the live sessions hold.
    bytes: usize,
    /// Creates whose first run is under way: each holds a slot.
    reserved: usize,
}

impl Sessions {
    pub fn new(max_kept: usize, max_kept_bytes: usize) -> Sessions {
        Sessions {
            live: IndexMap::new(),
            ended: Store::new(max_kept, max_kept_bytes),
            bytes: 0,
            reserved: 0,
        }
    }
}

/// Gives back a create's reserved slot however the create ends (an error, a dropped request).
struct Reservation<'e>(&'e Emulator);

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        let mut sessions = lock(&self.0.sessions);
        sessions.reserved = sessions.reserved.saturating_sub(1);
    }
}

struct Session {
    /// The conversation so far: the start request, inputs delivered, updates as events.
    /// Shared, so that a change copies it outside the lock (the session is `busy` meanwhile).
    history: Arc<History>,
    version: Version,
    conflicts_after_input: u32,
    /// Variable updates still to answer 409 before the instance settles.
    conflicts_left: u32,
    /// A re-run is under way: the instance is in transition.
    busy: bool,
    touched: Instant,
    ran: Ran,
    waiting: Option<WaitPoint>,
    /// The bytes charged for it ([`kept_bytes`]).
    size: usize,
    /// Its line in the listing (`brief`), as of its last change.
    brief: J,
}

/// The options a session request adds to a run request.
fn split_options(body: &Bytes) -> Result<(RunRequest, u32), ApiError> {
    let mut value: J = parse_body(body)?;
    let conflicts = match value.as_object_mut().and_then(|m| m.shift_remove("conflictsAfterInput"))
    {
        None => DEFAULT_CONFLICTS_AFTER_INPUT,
        Some(J::Number(n)) if n.as_u64().is_some_and(|n| n <= MAX_CONFLICTS_AFTER_INPUT) => {
            u32::try_from(n.as_u64().unwrap_or_default()).unwrap_or_default()
        }
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "conflictsAfterInput is a whole number from 0 to {MAX_CONFLICTS_AFTER_INPUT}, not {other}."
            ))
            .detail("badRequest", "conflictsAfterInput"))
        }
    };
    let request: RunRequest = serde_json::from_value(value).map_err(|e| {
        ApiError::bad_request(format!("The body is not a run request: {e}."))
            .detail("badRequest", "body")
    })?;
    Ok((request, conflicts))
}

fn options() -> RunOptions {
    RunOptions { pause_for_input: true, ..RunOptions::default() }
}

fn waiting_of(r: &engine::RunResult<'_>) -> Option<WaitPoint> {
    r.waiting.clone()
}

fn session_uri(id: &str) -> String {
    format!("/api/v2/flowsim/sessions/{id}")
}

/// What a waiting session waits for, as JSON.
fn waiting_json(em: &Emulator, waiting: Option<&WaitPoint>) -> Option<J> {
    // The flows now: a reload (`Emulator::replace`) may have changed them since the run, so the
    // waiting flow is looked up, never indexed blindly.
    let world = em.world();
    waiting.map(|w| {
        let flow = world.registry.flows().get(w.flow as usize);
        json!({
            "kind": w.kind.as_str(),
            "flowId": flow.map(|f| super::ids::api_id(&world.registry, f)),
            "flowName": flow.map(|f| &*f.name),
            "container": w.container.as_deref(),
            "actionId": &*w.id,
            "actionName": &*w.name,
            "input": w.input + 1,
            "accepts": match w.kind {
                WaitKind::Digits => json!(["digits", "timeout", "webhook dtmf"]),
                WaitKind::Turn => json!(["text", "intent", "noMatch", "timeout"]),
            },
        })
    })
}

/// A live session's line in the listing (kept beside it, so that a listing copies a few small
/// values rather than building every session's view).
fn brief_of(em: &Emulator, id: &str, ran: &Ran, waiting: Option<&WaitPoint>) -> J {
    json!({
        "id": id,
        "state": "waiting",
        "flowName": ran.result["flowName"],
        "waitingFor": waiting_json(em, waiting),
    })
}

/// A session as its JSON: state, what it waits for, the run so far.
fn view(em: &Emulator, id: &str, s: &Session, ended: Option<&str>) -> J {
    let waiting = waiting_json(em, s.waiting.as_ref().filter(|_| ended.is_none()));
    let mut result = s.ran.result.clone();
    if ended == Some("hungUp") || ended == Some("idle") {
        result["status"] = J::from("disconnected");
    }
    json!({
        "id": id,
        "flowInstanceId": id,
        "state": if ended.is_some() { "ended" } else { "waiting" },
        "endedBecause": ended,
        "flowId": result["flowId"],
        "flowName": result["flowName"],
        "waitingFor": waiting,
        "inputs": s.history.inputs(),
        "variableUpdates": s.history.updates_json(),
        "conflictsAfterInput": s.conflicts_after_input,
        "dateStarted": iso(s.ran.start_ms),
        "clock": iso(s.ran.end_ms()),
        "result": result,
        "selfUri": session_uri(id),
    })
}

/// Ends a session: its final state is kept for `GET`, its run as a flow instance (same id).
fn end(em: &Arc<Emulator>, sessions: &mut Sessions, id: &str, why: &str) -> J {
    let Some(mut s) = sessions.live.shift_remove(id) else { return J::Null };
    sessions.bytes = sessions.bytes.saturating_sub(s.size);
    let final_view = view(em, id, &s, Some(why));
    if why != "completed" {
        s.ran.result["status"] = J::from("disconnected");
    }
    let conversation = s.history.request().context.conversation_id.clone().unwrap_or_default();
    super::instances::keep(em, &mut s.ran, &conversation, s.version, Some(id));
    let size = Store::size_of(&final_view);
    sessions.ended.insert(id.to_owned(), final_view.clone(), size);
    final_view
}

/// Ends sessions idle past `Limits::session_idle` (the caller hung up).
fn sweep(em: &Arc<Emulator>, sessions: &mut Sessions) {
    let idle = em.limits.session_idle;
    let old: Vec<String> = sessions
        .live
        .iter()
        .filter(|(_, s)| !s.busy && s.touched.elapsed() > idle)
        .map(|(id, _)| id.clone())
        .collect();
    for id in old {
        end(em, sessions, &id, "idle");
    }
}

/// The bytes a live session keeps: its history, its run's result and execution data, its line
/// in the listing.
fn kept_bytes(history: &History, ran: &Ran, brief: &J) -> usize {
    history.bytes() + json_len(&ran.result) + json_len(&ran.document) + json_len(brief)
}

/// Whether a session of `size` bytes may be kept in place of one of `old` bytes: its own share,
/// then the live sessions' budget.
fn fits(em: &Emulator, sessions: &Sessions, old: usize, size: usize) -> Result<(), ApiError> {
    if size > em.limits.max_session_bytes {
        return Err(too_large(em.limits.max_session_bytes, size));
    }
    if sessions.bytes.saturating_sub(old).saturating_add(size) > em.limits.max_kept_bytes {
        return Err(full(em.limits.max_sessions));
    }
    Ok(())
}

/// The session `id` for a change: 404, 410 (with its final state) or 409 (in transition).
fn for_change<'s>(sessions: &'s mut Sessions, id: &str) -> Result<&'s mut Session, ApiError> {
    if let Some(done) = sessions.ended.get(id) {
        let mut e = ApiError::new(StatusCode::GONE, format!("The flow instance {id} has ended."))
            .code("flow.instance.ended");
        e.details.push(json!({"errorCode": "ended", "fieldName": "flowInstanceId", "state": done}));
        return Err(e);
    }
    let s = sessions.live.get_mut(id).ok_or_else(|| not_found(id))?;
    if s.busy {
        return Err(transitioning(id));
    }
    Ok(s)
}

fn not_found(id: &str) -> ApiError {
    ApiError::not_found(format!("The flow instance {id} was not found (or it was never live)."))
        .code("flow.instance.not.found")
        .detail("notFound", "flowInstanceId")
}

fn transitioning(id: &str) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        format!("The flow instance {id} is in transition between actions; retry shortly."),
    )
    .code("flow.instance.in.transition")
    .detail("conflict", "flowInstanceId")
}

/// Re-runs session `id` with `history`; commits it (or, on a refused request or one that would
/// not fit, only clears the session's transition). `input`: the change was an input (the
/// transition window reopens).
async fn advance(
    em: &Arc<Emulator>,
    id: &str,
    history: History,
    input: bool,
) -> Result<J, ApiError> {
    let outcome = run_with(em, history.request().clone(), options(), waiting_of).await;
    let mut sessions = lock(&em.sessions);
    let Some(s) = sessions.live.get_mut(id) else { return Err(not_found(id)) };
    s.busy = false;
    s.touched = Instant::now();
    let (ran, waiting) = outcome?;
    let line = brief_of(em, id, &ran, waiting.as_ref());
    let size = kept_bytes(&history, &ran, &line);
    let old_size = s.size;
    // Else the session stays as it was, its last change refused.
    fits(em, &sessions, old_size, size)?;
    let s = sessions.live.get_mut(id).ok_or_else(|| not_found(id))?;
    let old = std::mem::replace(&mut s.size, size);
    s.history = Arc::new(history);
    s.ran = ran;
    s.waiting = waiting;
    if input {
        s.conflicts_left = s.conflicts_after_input;
    }
    s.brief = line;
    let done = s.waiting.is_none();
    sessions.bytes = sessions.bytes.saturating_sub(old).saturating_add(size);
    if done {
        return Ok(end(em, &mut sessions, id, "completed"));
    }
    let s = &sessions.live[id];
    Ok(view(em, id, s, None))
}

/// `POST /api/v2/flowsim/sessions`: starts a conversation; it runs to its first wait.
pub(super) async fn create(
    State(em): State<Arc<Emulator>>,
    body: Bytes,
) -> Result<(StatusCode, Json<J>), ApiError> {
    let (request, conflicts) = split_options(&body)?;
    if request.inputs.len() > em.limits.max_session_inputs {
        return Err(too_many_inputs(em.limits.max_session_inputs));
    }
    let reservation = {
        let mut sessions = lock(&em.sessions);
        sweep(&em, &mut sessions);
        if sessions.live.len() + sessions.reserved >= em.limits.max_sessions
            || sessions.bytes >= em.limits.max_kept_bytes
        {
            return Err(full(em.limits.max_sessions));
        }
        sessions.reserved += 1;
        Reservation(&em)
    };
    let version = request.version.unwrap_or(Version::Draft);
    let history = History::new(request);
    // The start request alone past the session's share: refused before it runs.
    if history.bytes() > em.limits.max_session_bytes {
        return Err(too_large(em.limits.max_session_bytes, history.bytes()));
    }
    let (ran, waiting) = run_with(&em, history.request().clone(), options(), waiting_of).await?;
    let id = seq_uuid(SESSION_PREFIX, Emulator::next(&em.next_session));
    let line = brief_of(&em, &id, &ran, waiting.as_ref());
    let size = kept_bytes(&history, &ran, &line);
    let session = Session {
        history: Arc::new(history),
        version,
        conflicts_after_input: conflicts,
        conflicts_left: 0,
        busy: false,
        touched: Instant::now(),
        ran,
        waiting,
        size,
        brief: line,
    };
    drop(reservation);
    let mut sessions = lock(&em.sessions);
    // Checked and charged under one lock: concurrent creates cannot pass either bound.
    if sessions.live.len() + sessions.reserved >= em.limits.max_sessions {
        return Err(full(em.limits.max_sessions));
    }
    fits(&em, &sessions, 0, size)?;
    let done = session.waiting.is_none();
    sessions.bytes += size;
    sessions.live.insert(id.clone(), session);
    let v = if done {
        end(&em, &mut sessions, &id, "completed")
    } else {
        view(&em, &id, &sessions.live[&id], None)
    };
    Ok((StatusCode::CREATED, Json(v)))
}

fn full(max: usize) -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        format!("At most {max} live sessions (and their bytes) at once: end one (DELETE) first."),
    )
    .code("sessions.limit")
}

fn too_large(max: usize, size: usize) -> ApiError {
    ApiError::bad_request(format!(
        "A live session keeps at most {max} bytes (its requests, inputs, updates and run); this change would make it {size}: nothing was applied. Update fewer or smaller variables, or start a new session."
    ))
    .detail("sessionTooLarge", "session")
}

fn too_many_inputs(max: usize) -> ApiError {
    ApiError::bad_request(format!(
        "A session takes at most {max} inputs and variable updates; start a new one."
    ))
    .detail("tooManyInputs", "input")
}

/// `GET /api/v2/flowsim/sessions/{id}`.
pub(super) async fn get(
    State(em): State<Arc<Emulator>>,
    Path(id): Path<String>,
) -> Result<Json<J>, ApiError> {
    let mut sessions = lock(&em.sessions);
    sweep(&em, &mut sessions);
    if let Some(s) = sessions.live.get(&id) {
        return Ok(Json(view(&em, &id, s, None)));
    }
    sessions.ended.get(&id).cloned().map(Json).ok_or_else(|| not_found(&id))
}

/// The longest page of `GET /api/v2/flowsim/sessions`.
pub const MAX_SESSIONS_PAGE: usize = 500;
/// Its page size when the client does not say.
const DEFAULT_SESSIONS_PAGE: usize = 25;

/// `GET /api/v2/flowsim/sessions?pageSize=&pageNumber=`: one page of `{entities: [{id, state,
/// flowName, waitingFor or endedBecause}], total, pageSize, pageNumber, pageCount}`, live
/// sessions first, then ended ones. The lock is held only to copy the page's small lines (each
/// session keeps its own), never to build a session's view.
pub(super) async fn list(
    State(em): State<Arc<Emulator>>,
    RawQuery(query): RawQuery,
) -> Result<Json<J>, ApiError> {
    let (size, number) = page(query.as_deref())?;
    let (entities, total) = {
        let mut sessions = lock(&em.sessions);
        sweep(&em, &mut sessions);
        let live = sessions.live.len();
        let total = live + sessions.ended.len();
        let start = size.saturating_mul(number - 1).min(total);
        let end = start.saturating_add(size).min(total);
        let entities: Vec<J> = (start..end)
            .map(|i| {
                if i < live {
                    sessions.live.get_index(i).map_or(J::Null, |(_, s)| s.brief.clone())
                } else {
                    sessions.ended.get_index(i - live).map_or(J::Null, |v| {
                        json!({"id": v["id"], "state": "ended", "flowName": v["flowName"], "endedBecause": v["endedBecause"]})
                    })
                }
            })
            .collect();
        (entities, total)
    };
    Ok(Json(json!({
        "entities": entities,
        "total": total,
        "pageSize": size,
        "pageNumber": number,
        "pageCount": total.div_ceil(size).max(1),
    })))
}

/// `pageSize` (1 to [`MAX_SESSIONS_PAGE`], default 25) and `pageNumber` (from 1).
fn page(query: Option<&str>) -> Result<(usize, usize), ApiError> {
    let params: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or(""))
        .map_err(|e| ApiError::bad_request(format!("The query string is not valid: {e}.")))?;
    let number_in =
        |key: &str, default: usize, max: usize| match params.iter().find(|(k, _)| k == key) {
            None => Ok(default),
            Some((_, v)) => {
                v.trim().parse::<usize>().ok().filter(|n| (1..=max).contains(n)).ok_or_else(|| {
                    ApiError::bad_request(format!("{key} must be a number from 1 to {max}."))
                        .detail("badRequest", key)
                })
            }
        };
    Ok((
        number_in("pageSize", DEFAULT_SESSIONS_PAGE, MAX_SESSIONS_PAGE)?,
        number_in("pageNumber", 1, 1_000_000)?,
    ))
}

/// `DELETE /api/v2/flowsim/sessions/{id}`: the caller hangs up; the final state.
pub(super) async fn hang_up(
    State(em): State<Arc<Emulator>>,
    Path(id): Path<String>,
) -> Result<Json<J>, ApiError> {
    let mut sessions = lock(&em.sessions);
    for_change(&mut sessions, &id)?;
    Ok(Json(end(&em, &mut sessions, &id, "hungUp")))
}

/// What an input body delivers.
fn parse_input(body: &Bytes, id: Option<&str>) -> Result<(String, InputEntry, bool), ApiError> {
    let value: J = parse_body(body)?;
    let J::Object(map) = &value else {
        return Err(
            ApiError::bad_request("The body must be a JSON object.").detail("badRequest", "body")
        );
    };
    if map.contains_key("participants") {
        let (instance, dtmf) = super::webhook::dtmf(&value)?;
        let instance = match (instance, id) {
            (Some(i), Some(p)) if i != p => {
                return Err(ApiError::bad_request(format!(
                    "The payload's flowInstanceId {i} is not the session {p} of the path."
                ))
                .detail("badRequest", "flowInstanceId"))
            }
            (Some(i), _) => i,
            (None, Some(p)) => p.to_owned(),
            (None, None) => {
                return Err(ApiError::bad_request("Missing flowInstanceId.")
                    .detail("badPayload", "/flowInstanceId"))
            }
        };
        return Ok((instance, InputEntry::Text(dtmf), true));
    }
    if let Some(other) = map.keys().find(|k| *k != "input") {
        return Err(ApiError::bad_request(format!(
            "Unknown field `{other}`: an input body is {{\"input\": ...}} or a webhook payload {{\"flowInstanceId\", \"participants\": [{{\"input\": {{\"dtmf\"}}}}]}}."
        ))
        .detail("badRequest", other));
    }
    let entry = map.get("input").ok_or_else(|| {
        ApiError::bad_request("Missing `input`: \"1\", \"timeout\", {\"text\": ...} or {\"intent\": ..., \"slots\": ...}.")
            .detail("badRequest", "input")
    })?;
    let entry: InputEntry = serde_json::from_value(entry.clone())
        .map_err(|e| ApiError::bad_request(format!("`input`: {e}.")).detail("badInput", "input"))?;
    Ok((id.unwrap_or_default().to_owned(), entry, false))
}

/// Whether a wait of `kind` takes `entry` (a webhook's DTMF: digit waits only).
fn accepts(kind: WaitKind, entry: &InputEntry, webhook: bool) -> bool {
    match (kind, entry) {
        (
            WaitKind::Digits,
            InputEntry::Turn { .. } | InputEntry::Intent { .. } | InputEntry::Knowledge { .. },
        ) => false,
        (WaitKind::Turn, InputEntry::Delayed { .. }) => false,
        (WaitKind::Turn, InputEntry::Text(_)) => !webhook,
        _ => true,
    }
}

/// `POST /api/v2/flowsim/sessions/{id}/input`.
pub(super) async fn input(
    State(em): State<Arc<Emulator>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<J>, ApiError> {
    let (_, entry, webhook) = parse_input(&body, Some(&id))?;
    deliver(&em, &id, entry, webhook).await.map(Json)
}

/// `POST /api/v2/flowsim/webhooks/dtmf`: the orchestration service's webhook payload, to the instance it names.
pub(super) async fn webhook(
    State(em): State<Arc<Emulator>>,
    body: Bytes,
) -> Result<Json<J>, ApiError> {
    let (id, entry, _) = parse_input(&body, None)?;
    deliver(&em, &id, entry, true).await.map(Json)
}

async fn deliver(
    em: &Arc<Emulator>,
    id: &str,
    entry: InputEntry,
    webhook: bool,
) -> Result<J, ApiError> {
    let history = {
        let mut sessions = lock(&em.sessions);
        sweep(em, &mut sessions);
        let max = em.limits.max_session_inputs;
        let s = for_change(&mut sessions, id)?;
        let Some(w) = &s.waiting else { return Err(transitioning(id)) };
        if !accepts(w.kind, &entry, webhook) {
            let what = match w.kind {
                WaitKind::Digits => "keypad digits ({\"input\": \"1\"}, a webhook's dtmf) or \"timeout\"",
                WaitKind::Turn => "a customer turn ({\"input\": {\"text\": ...}}, {\"intent\": ...}, \"noMatch\") or \"timeout\"",
            };
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                format!("The flow instance waits at `{}` for {what}, not this input.", w.name),
            )
            .code("flow.instance.waits.for.other.input")
            .detail("wrongInput", "input"));
        }
        if s.history.changes() >= max {
            return Err(too_many_inputs(max));
        }
        s.busy = true;
        s.history.clone()
    };
    let history = history.with_input(entry);
    advance(em, id, history, true).await
}

/// `POST /api/v2/flows/variables` (the orchestration service's call): `{flowInstanceId, variables}` → the variables
/// written. A bare name is a flow variable (`finalRoutingDecision` is `Flow.finalRoutingDecision`).
pub(super) async fn update_variables(
    State(em): State<Arc<Emulator>>,
    body: Bytes,
) -> Result<Json<J>, ApiError> {
    let (id, variables) = super::webhook::variables(&body, MAX_VARIABLES_PER_UPDATE)?;
    // All or none: one unknown name refuses the update before anything changes.
    for name in variables.keys() {
        if let Some(text) = crate::engine::events::unknown_variable(&em.world().registry, name) {
            let at = format!("/variables/{}", name.strip_prefix("Flow.").unwrap_or(name));
            return Err(ApiError::bad_request(format!("{at}: {text}; nothing was updated."))
                .detail("unknownVariable", &at));
        }
    }
    // The answer echoes what was written: a copy for the response, not kept.
    let written = json!(variables);
    let history = {
        let mut sessions = lock(&em.sessions);
        sweep(&em, &mut sessions);
        let max = em.limits.max_session_inputs;
        let s = for_change(&mut sessions, &id)?;
        if s.conflicts_left > 0 {
            s.conflicts_left -= 1;
            return Err(transitioning(&id));
        }
        let Some(w) = &s.waiting else { return Err(transitioning(&id)) };
        let before_input = u32::try_from(w.input + 1).unwrap_or(u32::MAX);
        // An update at the wait the last one was at merges into it; only a new one counts.
        if s.history.adds_event(before_input) && s.history.changes() >= max {
            return Err(too_many_inputs(max));
        }
        s.busy = true;
        (s.history.clone(), before_input)
    };
    let history = history.0.with_update(history.1, variables);
    let state = advance(&em, &id, history, false).await?;
    Ok(Json(json!({"flowInstanceId": id, "variables": written, "state": state["state"]})))
}
