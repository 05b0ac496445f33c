//! A local emulator of the Genesys Cloud REST API (`flowsim serve`), answering from the local
//! interpreter, in the cloud's shapes, so that real clients (the official SDKs, `flowsim
//! record`) can be pointed at it unchanged.
//!
//! | method and path | answers |
//! | --- | --- |
//! | `POST /oauth/token` | client credentials (HTTP Basic, form body) → `{access_token, token_type, expires_in}` |
//! | `GET /api/v2/flows` | a `FlowEntityListing`; filters `name` (substring, `*` wildcards), `type`, `id`; `pageSize`, `pageNumber`, `sortBy`, `sortOrder` |
//! | `GET /api/v2/flows/{flowId}` | a `Flow` |
//! | `POST /api/v2/flows/executions` | runs a `FlowExecutionLaunchRequest` → `FlowExecutionLaunchResponse` |
//! | `GET /api/v2/flows/executions/{id}` | a `FlowRuntimeExecution`: status, dates, `outputData` |
//! | `POST /api/v2/architect/simulations` | seed 003: a run request (SPEC §6.1) → the run result (SPEC §6.2) |
//! | `POST /api/v2/conversations` | seed 000: starts a conversation routed to `routing.flowId` |
//! | `GET /api/v2/conversations/{id}` | its `state` (`queued`, `disconnected`) and `routing` |
//!
//! Every `/api/` call needs `Authorization: Bearer TOKEN` with a token this server issued (401
//! otherwise). Errors have the cloud's body: `{message, code, status, contextId, details,
//! errors}`. Runs are synchronous: an execution is complete by the time its launch answers.
//!
//! Invariants:
//! - Deterministic: no wall clock and no randomness reach a response. Ids are sequential
//!   UUID-shaped strings, tokens derive from a counter, dates come from the run's virtual clock
//!   (SPEC §4.2). The same sequence of requests gets the same responses, byte for byte.
//! - The registry and the fixture store are shared read-only; the server's own state
//!   (tokens, executions, conversations, faults, the request log) sits behind mutexes that are
//!   never held across an `.await`.
//! - It binds loopback only: [`bind`] takes a port, never an address.
//!
//! # Fault injection (test-only)
//!
//! Tests of retrying clients queue faults through a hidden endpoint (or the hidden
//! `--inject-fault JSON` flag of `flowsim serve`, which takes the same JSON):
//!
//! ```text
//! POST   /__flowsim/faults    a fault or a list of them, appended to the queue
//! GET    /__flowsim/faults    the faults still pending
//! DELETE /__flowsim/faults    clears the queue
//! GET    /__flowsim/requests  the requests served so far: [{method, path, status, fault}]
//! DELETE /__flowsim/requests  clears that log
//! ```
//!
//! A fault is `{"path"?, "method"?, "status"?, "retryAfter"?, "delayMs"?, "times"?, "message"?}`:
//!
//! - `path`: the request path it hits, exactly, or a prefix when it ends with `*`. Without
//!   one it hits any `/api/` path (so `/oauth/token` is hit only when named).
//! - `method`: only this method (any case); default any.
//! - `status`: answer this status (400 to 599) with the cloud's error body instead of serving
//!   the request; `429` carries a `Retry-After` header of `retryAfter` seconds (default 1).
//! - `delayMs`: wait this long first (real time: it is the slow answer). With no `status`
//!   the request is then served normally.
//! - `times`: how many requests it hits (default 1), then it is gone.
//!
//! Each request is hit by the first pending fault that matches it. Example: a 429 then two 500s
//! on simulations, a 401 on the next API call, and a slow answer after that:
//!
//! ```json
//! [{"path": "/api/v2/architect/simulations", "status": 429, "retryAfter": 1},
//!  {"path": "/api/v2/architect/simulations", "status": 500, "times": 2},
//!  {"status": 401},
//!  {"delayMs": 1500}]
//! ```
//!
//! The `/__flowsim/` endpoints need no token, are never hit by faults and are not logged.

mod auth;
mod faults;
mod flows;
mod runs;
mod shapes;

pub use faults::{parse_faults, Fault};

use crate::fixtures::FixtureStore;
use crate::flow::Registry;
use axum::routing::{get, post};
use axum::Router;
use indexmap::IndexMap;
use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// How many executions (and conversations) are kept; older ones answer 404.
const MAX_KEPT: usize = 10_000;

/// What the emulator needs besides flows and fixtures.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The only client id and secret `POST /oauth/token` accepts; any pair when `None`.
    pub credentials: Option<(String, String)>,
    /// Faults pending from the start (see the module doc).
    pub faults: Vec<Fault>,
}

/// The emulator's state: the flows and fixtures it runs, and what clients created.
pub struct Emulator {
    registry: Registry,
    fixtures: FixtureStore,
    credentials: Option<(String, String)>,
    tokens: Mutex<rustc_hash::FxHashSet<String>>,
    executions: Mutex<IndexMap<String, serde_json::Value>>,
    conversations: Mutex<IndexMap<String, serde_json::Value>>,
    faults: Mutex<Vec<Fault>>,
    log: Mutex<Vec<serde_json::Value>>,
    next_token: AtomicU64,
    next_execution: AtomicU64,
    next_conversation: AtomicU64,
    next_context: AtomicU64,
}

impl Emulator {
    pub fn new(registry: Registry, fixtures: FixtureStore, options: Options) -> Arc<Emulator> {
        Arc::new(Emulator {
            registry,
            fixtures,
            credentials: options.credentials,
            tokens: Mutex::default(),
            executions: Mutex::default(),
            conversations: Mutex::default(),
            faults: Mutex::new(options.faults),
            log: Mutex::default(),
            next_token: AtomicU64::new(1),
            next_execution: AtomicU64::new(1),
            next_conversation: AtomicU64::new(1),
            next_context: AtomicU64::new(1),
        })
    }

    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The routes, with authentication, fault injection and the request log.
    pub fn router(self: &Arc<Self>) -> Router {
        let api = Router::new()
            .route("/api/v2/flows", get(flows::list))
            .route("/api/v2/flows/executions", post(runs::launch_execution))
            .route("/api/v2/flows/executions/{id}", get(runs::get_execution))
            .route("/api/v2/flows/{flowId}", get(flows::get))
            .route("/api/v2/architect/simulations", post(runs::simulate))
            .route("/api/v2/conversations", post(runs::create_conversation))
            .route("/api/v2/conversations/{id}", get(runs::get_conversation))
            .route_layer(axum::middleware::from_fn_with_state(self.clone(), auth::require_token));
        Router::new()
            .merge(api)
            .route("/oauth/token", post(auth::token))
            .route("/__flowsim/faults", get(faults::list).post(faults::add).delete(faults::clear))
            .route("/__flowsim/requests", get(faults::log).delete(faults::clear_log))
            .fallback(shapes::not_found)
            .method_not_allowed_fallback(shapes::method_not_allowed)
            .layer(axum::middleware::from_fn_with_state(self.clone(), faults::inject))
            .layer(axum::middleware::from_fn_with_state(self.clone(), faults::track))
            .with_state(self.clone())
    }

    fn next(counter: &AtomicU64) -> u64 {
        counter.fetch_add(1, Ordering::Relaxed)
    }
}

/// Locks a mutex, recovering the data if a handler panicked while holding it (the data is
/// always left consistent: every critical section is a single insert, lookup or swap).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Keeps at most [`MAX_KEPT`] entries, dropping the oldest.
fn keep(map: &mut IndexMap<String, serde_json::Value>, id: String, value: serde_json::Value) {
    map.insert(id, value);
    if map.len() > MAX_KEPT {
        map.shift_remove_index(0);
    }
}

/// Binds `127.0.0.1:port` (0: a free port).
pub async fn bind(port: u16) -> std::io::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await
}

/// Serves `emulator` on `listener` until `shutdown` completes, then finishes the requests in
/// flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    emulator: &Arc<Emulator>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, emulator.router()).with_graceful_shutdown(shutdown).await
}
