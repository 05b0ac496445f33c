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
//! | `POST /api/v2/architect/simulations` | a run request (docs/results.md) → the run result (docs/results.md) |
//! | `POST /api/v2/conversations` | starts a conversation routed to `routing.flowId` |
//! | `GET /api/v2/conversations/{id}` | its `state` (`queued`, `disconnected`) and `routing` |
//! | `POST /api/v2/flows/instances/query`, `.../jobs`, `GET .../jobs/{id}`, `GET .../{id}` | flow execution data of every run above (see `instances`) |
//! | `GET /api/v2/downloads/flowinstances/{id}` | one execution data document |
//! | `GET /api/v2/flows/{flowId}/latestconfiguration`, `.../versions/{v}/configuration` | the flow's configuration |
//! | `POST /api/v2/analytics/queues/observations/query` | queue figures from the queue fixtures |
//! | `GET /api/v2/routing/queues`, `.../skills`, `.../languages`, `.../wrapupcodes`, `.../utilization/labels`, `/api/v2/users`, `/api/v2/groups`, `/api/v2/architect/schedules`, `.../schedulegroups`, `.../emergencygroups`, `.../prompts` (and `.../prompts/{id}/resources`), `/api/v2/flows/datatables`, `/api/v2/flows/outcomes`, `.../milestones`, `/api/v2/integrations`, `/api/v2/integrations/actions` (and `.../actions/{id}?expand=contract`) | the org the fixtures stand for, as listings (see `org`) |
//! | `/api/v2/flowsim/sessions...`, `POST /api/v2/flows/variables` | live sessions (see `sessions`, docs/live.md) |
//!
//! Every `/api/` call needs `Authorization: Bearer TOKEN` with a token this server issued (401
//! otherwise); with a rate limit (`--rate-limit`), a token over it gets 429 with `Retry-After`
//! (see `ratelimit`). Errors have the cloud's body: `{message, code, status, contextId, details,
//! errors}`. Runs are synchronous: an execution is complete by the time its launch answers.
//!
//! Invariants:
//! - Deterministic: no wall clock and no randomness reach a response. A flow without a GUID of
//!   its own answers with one derived from its name (`ids`); other ids are sequential
//!   UUID-shaped strings, tokens derive from a counter, dates come from the run's virtual clock
//!   (docs/json-flows.md). The same sequence of requests gets the same responses, byte for byte.
//! - The registry and the fixture store are read-only, held together as a [`World`] that a
//!   reload swaps whole ([`Emulator::replace`]); each request keeps the one it started with.
//!   The server's own state
//!   (tokens, executions, conversations, faults, the request log) sits behind mutexes that are
//!   never held across an `.await`.
//! - It binds loopback only: [`bind`] takes a port, never an address.
//!
//! # Limits
//!
//! Every bound on what a client may cost is in [`Limits`] (request body size and time, request
//! head time, connections, concurrent runs, kept executions and conversations by count and
//! bytes, tokens, the shutdown grace); `docs/security.md` lists them. Errors the HTTP framework
//! raises (bad JSON, a body too large, an unknown path or method) come back in the cloud's
//! error body too.
//!
//! # Test-only endpoints (`--test-endpoints`)
//!
//! Only when [`Options::test_endpoints`] is set (`flowsim serve --test-endpoints`) do these exist
//! (otherwise they answer 404, and nothing is logged), for tests of retrying clients:
//!
//! ```text
//! POST   /__flowsim/faults    a fault or a list of them, appended to the queue
//! GET    /__flowsim/faults    the faults still pending
//! DELETE /__flowsim/faults    clears the queue
//! GET    /__flowsim/requests  the requests served so far: [{method, path, status, fault}]
//! DELETE /__flowsim/requests  clears that log
//! ```
//!
//! The hidden `--inject-fault JSON` flag (which needs `--test-endpoints`) takes the same JSON.
//! A fault is `{"path"?, "method"?, "status"?, "retryAfter"?, "delayMs"?, "times"?, "message"?}`:
//!
//! - `path`: the request path it hits, exactly, or a prefix when it ends with `*`. Without
//!   one it hits any `/api/` path (so `/oauth/token` is hit only when named).
//! - `method`: only this method (any case); default any.
//! - `status`: answer this status (400 to 599) with the cloud's error body instead of serving
//!   the request; `429` carries a `Retry-After` header of `retryAfter` seconds (default 1).
//! - `delayMs`: wait this long first (real time: it is the slow answer), at most 30,000; a
//!   shutdown cuts it short. With no `status` the request is then served normally.
//! - `times`: how many requests it hits (default 1), then it is gone.
//!
//! At most 100 faults are pending at once; the log keeps the last 1,000 requests. Each request
//! is hit by the first pending fault that matches it. Example: a 429 then two 500s on
//! simulations, a 401 on the next API call, and a slow answer after that:
//!
//! ```json
//! [{"path": "/api/v2/architect/simulations", "status": 429, "retryAfter": 1},
//!  {"path": "/api/v2/architect/simulations", "status": 500, "times": 2},
//!  {"status": 401},
//!  {"delayMs": 1500}]
//! ```
//!
//! The `/__flowsim/` endpoints need no token (they are for a test's own server), are never hit
//! by faults and are not logged.

mod access;
mod auth;
mod conn;
mod faults;
mod flows;
mod history;
mod ids;
mod instances;
mod limits;
mod org;
mod paging;
mod ratelimit;
mod runs;
mod sessions;
mod shapes;
mod store;
mod streamed;
mod webhook;

pub use access::{OnRequest, RequestLine};
pub use faults::{parse_faults, Fault};
pub use limits::{Limits, MAX_FAULTS, MAX_FAULT_DELAY_MS};
pub use ratelimit::RateLimit;

use crate::fixtures::FixtureStore;
use crate::flow::registry::{Lookup, Want};
use crate::flow::{FlowIdx, Registry};
use axum::routing::{get, post};
use axum::Router;
use shapes::ApiError;
use std::collections::VecDeque;
use std::future::{Future, IntoFuture};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// What the emulator needs besides flows and fixtures.
#[derive(Clone, Default)]
pub struct Options {
    /// The only client id and secret `POST /oauth/token` accepts; any pair when `None`.
    pub credentials: Option<(String, String)>,
    /// Faults pending from the start (see the module doc); only with `test_endpoints`.
    pub faults: Vec<Fault>,
    /// Serve the test-only `/__flowsim/` endpoints and keep the request log.
    pub test_endpoints: bool,
    pub limits: Limits,
    /// Called once per request answered, with its method, path, status and time.
    pub on_request: Option<OnRequest>,
    /// Requests each token may make (`--rate-limit`); unlimited when `None`.
    pub rate_limit: Option<RateLimit>,
}

/// The flows and fixtures the emulator runs. Handlers take one `Arc` of it per request
/// ([`Emulator::world`]), so a reload ([`Emulator::replace`]) never changes them mid-request.
pub struct World {
    pub registry: Registry,
    pub fixtures: FixtureStore,
    /// The GUIDs of flows that have none of their own (`ids`).
    guids: ids::Guids,
    /// The org the fixtures stand for, as the inventory endpoints answer it (`org`).
    org: org::Inventory,
}

impl World {
    pub fn new(registry: Registry, fixtures: FixtureStore) -> World {
        let guids = ids::Guids::new(&registry);
        let org = org::Inventory::new(crate::flow::org::from_fixtures(&fixtures));
        World { registry, fixtures, guids, org }
    }

    /// A flow by the id the emulator gives it, by its own id, or by name (any case), of the
    /// type `flow_type` names when given (ours, `outboundCall`, or the cloud's,
    /// `OUTBOUNDCALL`): what every route that takes a flow id accepts. A name flows of several
    /// types share is [`Lookup::Ambiguous`] unless the type chooses one ([`World::lookup_error`]
    /// says so to the client).
    pub fn find(&self, key: &str, flow_type: Option<&str>) -> Result<FlowIdx, Lookup> {
        let Some(t) = flow_type.map(str::trim).filter(|t| !t.is_empty()) else {
            return match self.registry.find(key, Want::Any) {
                Err(Lookup::Missing) => self.guids.find(key).ok_or(Lookup::Missing),
                found => found,
            };
        };
        let cloud = shapes::cloud_flow_type(t);
        let of_type =
            |i: &FlowIdx| shapes::cloud_flow_type(&self.registry.flow(*i).flow_type) == cloud;
        let by_id = self.registry.find_by_id(key).or_else(|| self.guids.find(key));
        by_id
            .filter(of_type)
            .or_else(|| self.registry.named(key).iter().copied().find(of_type))
            .ok_or(Lookup::Missing)
    }

    /// A flow by id or name, of any type, when one has it: where a name two flows share is no
    /// worse than no flow (an instance's flow filter, a recorded module's id).
    pub fn resolve(&self, key: &str) -> Option<FlowIdx> {
        self.find(key, None).ok()
    }

    /// What a route answers when [`World::find`] found no one flow for `key`: `missing` when
    /// none has it; a 400 naming the types and how to choose when flows of several types share
    /// the name.
    fn lookup_error(&self, key: &str, e: &Lookup, missing: ApiError) -> ApiError {
        match e {
            Lookup::Missing | Lookup::WrongType(_) => missing,
            Lookup::Ambiguous(flows) => self.ambiguous(key, flows),
        }
    }

    /// The 400 for a flow name `flows` of several types share.
    fn ambiguous(&self, key: &str, flows: &[FlowIdx]) -> ApiError {
        let example = flows.last().map_or("", |&i| &*self.registry.flow(i).flow_type);
        ApiError::bad_request(format!(
            "Flow name {key} is shared by flows of the types {}: name the flow by its id, or choose its type with flowType ({example}).",
            self.registry.types_of(flows).replace('`', "")
        ))
        .code("flow.ambiguous")
        .detail("ambiguousFlow", "flowType")
    }

    /// `request` with a flow named by the emulator's GUID (`flowId`, `flowName`) named by its
    /// own id (and type: flows of other types may share the name an Archy flow's id is), as
    /// the engine knows it.
    fn own_ids(&self, request: &mut crate::engine::RunRequest) {
        let mut flow_type = None;
        for key in [&mut request.flow_id, &mut request.flow_name].into_iter().flatten() {
            if self.registry.find(key, Want::Any) == Err(Lookup::Missing) {
                if let Some(idx) = self.guids.find(key) {
                    *key = self.registry.flow(idx).id.to_string();
                    flow_type = Some(self.registry.flow(idx).flow_type.to_string());
                }
            }
        }
        if request.flow_type.is_none() {
            request.flow_type = flow_type;
        }
    }
}

/// The emulator's state: the flows and fixtures it runs, and what clients created.
pub struct Emulator {
    world: arc_swap::ArcSwap<World>,
    /// Told of each request served (`flowsim serve` logs them; `--quiet` passes none).
    on_request: Option<access::OnRequest>,
    credentials: Option<(String, String)>,
    test_endpoints: bool,
    limits: Limits,
    tokens: Mutex<store::Tokens>,
    executions: Mutex<store::Store>,
    conversations: Mutex<store::Store>,
    /// Every run as a flow instance with its execution data (`instances`).
    instances: Mutex<store::Store>,
    /// Download jobs.
    jobs: Mutex<store::Store>,
    /// Live sessions (`sessions`).
    sessions: Mutex<sessions::Sessions>,
    /// Each token's request budget (`ratelimit`), when rates are limited.
    rates: Option<Mutex<ratelimit::Buckets>>,
    faults: Mutex<Vec<Fault>>,
    log: Mutex<VecDeque<serde_json::Value>>,
    /// Runs in progress at most (`Limits::max_concurrent_runs`).
    runs: Arc<tokio::sync::Semaphore>,
    /// Instance queries matching at once, each on a blocking thread
    /// (`Limits::max_concurrent_queries`).
    queries: Arc<tokio::sync::Semaphore>,
    /// Set once on shutdown: fault delays end.
    stopping: tokio::sync::watch::Sender<bool>,
    next_token: AtomicU64,
    next_execution: AtomicU64,
    next_conversation: AtomicU64,
    next_context: AtomicU64,
    next_instance: AtomicU64,
    next_session: AtomicU64,
}

impl Emulator {
    pub fn new(registry: Registry, fixtures: FixtureStore, options: Options) -> Arc<Emulator> {
        let limits = options.limits;
        Arc::new(Emulator {
            world: arc_swap::ArcSwap::from_pointee(World::new(registry, fixtures)),
            on_request: options.on_request,
            credentials: options.credentials,
            test_endpoints: options.test_endpoints,
            limits,
            tokens: Mutex::new(store::Tokens::new(limits.max_tokens)),
            executions: Mutex::new(store::Store::new(limits.max_kept, limits.max_kept_bytes)),
            conversations: Mutex::new(store::Store::new(limits.max_kept, limits.max_kept_bytes)),
            instances: Mutex::new(store::Store::new(limits.max_kept, limits.max_kept_bytes)),
            jobs: Mutex::new(store::Store::new(limits.max_kept, limits.max_kept_bytes)),
            sessions: Mutex::new(sessions::Sessions::new(limits.max_kept, limits.max_kept_bytes)),
            rates: options
                .rate_limit
                .map(|r| Mutex::new(ratelimit::Buckets::new(r, limits.max_tokens))),
            faults: Mutex::new(if options.test_endpoints { options.faults } else { Vec::new() }),
            log: Mutex::default(),
            runs: Arc::new(tokio::sync::Semaphore::new(limits.max_concurrent_runs.max(1))),
            queries: Arc::new(tokio::sync::Semaphore::new(limits.max_concurrent_queries.max(1))),
            stopping: tokio::sync::watch::Sender::new(false),
            next_token: AtomicU64::new(1),
            next_execution: AtomicU64::new(1),
            next_conversation: AtomicU64::new(1),
            next_context: AtomicU64::new(1),
            next_instance: AtomicU64::new(1),
            next_session: AtomicU64::new(1),
        })
    }

    /// The flows and fixtures now (one consistent pair, kept as long as the `Arc` is).
    pub fn world(&self) -> Arc<World> {
        self.world.load_full()
    }

    /// Swaps in new flows and fixtures, whole: requests already running keep the ones they
    /// started with; the next request gets these. Executions and instances already kept stay.
    pub fn replace(&self, registry: Registry, fixtures: FixtureStore) {
        self.world.store(Arc::new(World::new(registry, fixtures)));
    }

    /// The routes, with authentication, limits, the cloud's error body on every error, and
    /// (with `test_endpoints`) fault injection and the request log.
    pub fn router(self: &Arc<Self>) -> Router {
        let mut inventory = Router::new()
            .route("/api/v2/integrations/actions/{actionId}", get(org::action))
            .route("/api/v2/architect/prompts/{promptId}/resources", get(org::prompt_resources));
        for ep in &crate::api::org::ENDPOINTS {
            if ep.kind != crate::flow::catalogue::Org::Flow {
                inventory = inventory.route(ep.path, org::route(ep));
            }
        }
        let api = Router::new()
            .merge(inventory)
            .route("/api/v2/flows", get(flows::list))
            .route("/api/v2/flows/executions", post(runs::launch_execution))
            .route("/api/v2/flows/executions/{id}", get(runs::get_execution))
            .route("/api/v2/flows/{flowId}", get(flows::get))
            .route(
                "/api/v2/flows/{flowId}/latestconfiguration",
                get(instances::latest_configuration),
            )
            .route(
                "/api/v2/flows/{flowId}/versions/{versionId}/configuration",
                get(instances::version_configuration),
            )
            .route("/api/v2/flows/instances/query", post(instances::query))
            .route("/api/v2/flows/instances/jobs", post(instances::start_job))
            .route("/api/v2/flows/instances/jobs/{jobId}", get(instances::get_job))
            .route("/api/v2/flows/instances/{instanceId}", get(instances::get_instance))
            .route("/api/v2/downloads/flowinstances/{instanceId}", get(instances::download))
            .route(
                "/api/v2/analytics/queues/observations/query",
                post(instances::queue_observations),
            )
            .route("/api/v2/architect/simulations", post(runs::simulate))
            .route("/api/v2/conversations", post(runs::create_conversation))
            .route("/api/v2/conversations/{id}", get(runs::get_conversation))
            .route("/api/v2/flows/variables", post(sessions::update_variables))
            .route("/api/v2/flowsim/sessions", get(sessions::list).post(sessions::create))
            .route("/api/v2/flowsim/sessions/{id}", get(sessions::get).delete(sessions::hang_up))
            .route("/api/v2/flowsim/sessions/{id}/input", post(sessions::input))
            .route("/api/v2/flowsim/webhooks/dtmf", post(sessions::webhook))
            .route_layer(axum::middleware::from_fn_with_state(self.clone(), auth::require_token));
        let mut router = Router::new().merge(api).route("/oauth/token", post(auth::token));
        if self.test_endpoints {
            router = router
                .route(
                    "/__flowsim/faults",
                    get(faults::list).post(faults::add).delete(faults::clear),
                )
                .route("/__flowsim/requests", get(faults::log).delete(faults::clear_log));
        }
        router = router
            .fallback(shapes::not_found)
            .method_not_allowed_fallback(shapes::method_not_allowed)
            // Bodies arrive whole through `limits::read_body`, within the same bound.
            .layer(axum::extract::DefaultBodyLimit::max(self.limits.max_body_bytes))
            .layer(axum::middleware::from_fn_with_state(self.clone(), limits::read_body))
            .layer(axum::middleware::from_fn(limits::json_errors));
        if self.test_endpoints {
            router =
                router.layer(axum::middleware::from_fn_with_state(self.clone(), faults::inject));
        }
        router
            .layer(axum::middleware::from_fn_with_state(self.clone(), faults::track))
            .layer(axum::middleware::from_fn_with_state(self.clone(), access::log))
            .layer(axum::middleware::from_fn(conn::track))
            .with_state(self.clone())
    }

    /// Starts the shutdown: fault delays end at once.
    pub fn stop(&self) {
        self.stopping.send_replace(true);
    }

    /// Completes once [`Emulator::stop`] was called.
    async fn stopped(&self) {
        let mut watch = self.stopping.subscribe();
        // An error means the sender is gone: the emulator is being dropped; stop too.
        let _ = watch.wait_for(|stopping| *stopping).await;
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

/// Binds `127.0.0.1:port` (0: a free port).
pub async fn bind(port: u16) -> std::io::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await
}

/// Serves `emulator` on `listener` until `shutdown` completes, then gives the requests in
/// flight [`Limits::shutdown_grace`] (20 ms) to finish and returns: what is still going then
/// (a run, a slow body, a fault's delay) is cut, its connection closed when the caller drops
/// the runtime. A stop must be prompt whatever clients do (docs/security.md).
pub async fn serve(
    listener: tokio::net::TcpListener,
    emulator: &Arc<Emulator>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let em = emulator.clone();
    let signal = async move {
        shutdown.await;
        em.stop();
    };
    let listener = conn::GuardedListener::new(listener, emulator.clone());
    let service = emulator.router().into_make_service_with_connect_info::<conn::ConnLink>();
    let server = axum::serve(listener, service).with_graceful_shutdown(signal);
    let em = emulator.clone();
    let grace = async move {
        em.stopped().await;
        tokio::time::sleep(em.limits.shutdown_grace).await;
    };
    tokio::select! {
        result = server.into_future() => result,
        () = grace => Ok(()),
    }
}
