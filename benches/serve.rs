//! The emulator's simulation endpoint (`POST /api/v2/architect/simulations`), served in this
//! process on 127.0.0.1 by a two-worker runtime as `flowsim serve` serves it, and called over
//! real loopback sockets with keep-alive connections (see BENCHMARKS.md, "The server").
//!
//! - `serve/contact_lookup`: one client, the bundled contact lookup (5 steps, a 1 KiB answer):
//!   a request's whole latency.
//! - `serve/contact_lookup_50_clients`: 50 clients, each on its own connection and thread, post
//!   it at once; an iteration ends when all 50 have their answer. Throughput in requests.
//! - `serve/loop_json`, `serve/loop_ndjson`: the bench loop (10,005 steps), answered whole as
//!   JSON or streamed as NDJSON and read to its end. Throughput in node steps.
//!
//! Run: `cargo bench --bench serve -- --warm-up-time 1 --measurement-time 5`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use flowsim::api::server::{self, Emulator, Options};
use flowsim::fixtures::FixtureStore;
use flowsim::flow::Registry;
use serde_json::{json, Value};
use std::io::Read;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

const SIMULATIONS: &str = "/api/v2/architect/simulations";
const CLIENTS: usize = 50;
/// Steps of the bench loop at 2,000 iterations (BENCHMARKS.md, "The realistic flow").
const LOOP_STEPS: u64 = 10_005;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// An emulator of `flows` (a directory) and `fixtures` (files) on a free port, stopped on drop.
struct InProcess {
    url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl InProcess {
    fn start(flows: &str, fixtures: &[&str]) -> InProcess {
        let report = Registry::load_dir(&root().join(flows));
        assert!(!report.has_errors(), "{flows} must load: {:#?}", report.diagnostics);
        let registry = report.registry.expect("no errors");
        let files: Vec<PathBuf> = fixtures.iter().map(|f| root().join(f)).collect();
        let fixtures = FixtureStore::load(&files).expect("bundled fixtures load");
        let emulator = Emulator::new(registry, fixtures, Options::default());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (tx, rx) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(async {
                let listener = server::bind(0).await.expect("a free port on 127.0.0.1");
                tx.send(listener.local_addr().expect("its address")).expect("the bench waits");
                server::serve(listener, &emulator, async {
                    let _ = stopped.await;
                })
                .await
                .expect("the server runs");
            });
            runtime.shutdown_background();
        });
        let addr = rx.recv().expect("the server's address");
        InProcess { url: format!("http://{addr}"), stop: Some(stop), thread: Some(thread) }
    }
}

impl Drop for InProcess {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A keep-alive client of one server, with its token.
struct Client {
    agent: ureq::Agent,
    url: String,
    auth: String,
}

impl Client {
    fn new(server: &InProcess) -> Client {
        let agent = flowsim::http::agent(Duration::from_mins(2), &[&server.url]);
        let mut answer = agent
            .post(format!("{}/oauth/token", server.url))
            .header("Authorization", "Basic YTpi")
            .content_type("application/x-www-form-urlencoded")
            .send("grant_type=client_credentials")
            .expect("a token");
        let text = answer.body_mut().read_to_string().expect("a token's body");
        let token: Value = serde_json::from_str(&text).expect("a token's JSON");
        let token = token["access_token"].as_str().expect("an access token").to_owned();
        Client { agent, url: server.url.clone(), auth: format!("Bearer {token}") }
    }

    /// Posts a simulation and reads its whole body; returns the body's length.
    fn simulate(&self, body: &str, accept: &str) -> usize {
        let mut answer = self
            .agent
            .post(format!("{}{SIMULATIONS}", self.url))
            .header("Authorization", &self.auth)
            .header("Accept", accept)
            .content_type("application/json")
            .send(body)
            .expect("an answer");
        assert_eq!(answer.status(), 200, "the simulation is answered");
        let mut bytes = Vec::new();
        answer
            .body_mut()
            .with_config()
            .limit(u64::MAX)
            .reader()
            .read_to_end(&mut bytes)
            .expect("the whole body");
        bytes.len()
    }
}

fn contact_lookup() -> String {
    let text = std::fs::read_to_string(root().join("fixtures/requests/contact_lookup.json"))
        .expect("the bundled request");
    let request: Value = serde_json::from_str(&text).expect("its JSON");
    request.to_string()
}

fn serve(c: &mut Criterion) {
    let bundled = InProcess::start(
        "fixtures/flows",
        &[
            "fixtures/data/contacts.json",
            "fixtures/data/queues.json",
            "fixtures/data/data-actions.json",
        ],
    );
    let lookup = contact_lookup();
    let client = Client::new(&bundled);
    let mut g = c.benchmark_group("serve");

    g.throughput(Throughput::Elements(1));
    g.bench_function("contact_lookup", |b| {
        b.iter(|| client.simulate(&lookup, "application/json"));
    });

    // 50 clients on threads of their own, each waiting for a go and answering when done.
    let (done_tx, done_rx) = mpsc::channel::<usize>();
    let goes: Vec<mpsc::Sender<()>> = (0..CLIENTS)
        .map(|_| {
            let (go_tx, go_rx) = mpsc::channel::<()>();
            let client = Client::new(&bundled);
            let body = lookup.clone();
            let done = done_tx.clone();
            std::thread::spawn(move || {
                while go_rx.recv().is_ok() {
                    let len = client.simulate(&body, "application/json");
                    if done.send(len).is_err() {
                        break;
                    }
                }
            });
            go_tx
        })
        .collect();
    g.throughput(Throughput::Elements(CLIENTS as u64));
    g.bench_function("contact_lookup_50_clients", |b| {
        b.iter(|| {
            for go in &goes {
                go.send(()).expect("the client waits");
            }
            (0..CLIENTS).map(|_| done_rx.recv().expect("an answer")).sum::<usize>()
        });
    });
    drop(goes);

    let bench = InProcess::start("fixtures/flows-bench", &[]);
    let client = Client::new(&bench);
    let body = json!({"flowName": "Bench_Loop", "variables": {"Flow.iterations": 2000}, "maxSteps": 20_000})
        .to_string();
    g.throughput(Throughput::Elements(LOOP_STEPS));
    g.sample_size(20);
    g.bench_function("loop_json", |b| {
        b.iter(|| client.simulate(&body, "application/json"));
    });
    g.bench_function("loop_ndjson", |b| {
        b.iter(|| client.simulate(&body, "application/x-ndjson"));
    });
    g.finish();
}

criterion_group!(benches, serve);
criterion_main!(benches);
