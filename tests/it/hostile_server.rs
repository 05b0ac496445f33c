//! `flowsim serve` under a bounded hostile load, over loopback only (127.0.0.1): many
//! concurrent connections, headers sent too slowly, bodies too large, bad JSON and garbage
//! bytes, a few rounds of each (a few seconds in all). The server must survive, answer every
//! HTTP-level error in the cloud's JSON error shape, and keep its memory flat (VmRSS of the
//! child process from `/proc`, read after a warm-up round and after the last, beside its thread
//! count: a thread the bounded pool added is allowed its stack and heap; the test says so
//! loudly and skips that check where `/proc` is absent).

use crate::support::ServeProcess;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Rounds after the warm-up, and connections of each kind per round.
const ROUNDS: usize = 4;
const CONCURRENT: usize = 48;
const SLOW: usize = 8;
const HUGE: usize = 8;
const BAD_JSON: usize = 16;
const GARBAGE: usize = 16;
/// How much VmRSS may grow between the warm-up and the last round (the executions the server
/// keeps for `GET`, some 2 MB a round, and its allocator's slack).
const RSS_SLACK_KB: u64 = 32 * 1024;
/// And for each thread the process has more than after the warm-up: a blocking thread's
/// stack and allocator heap (measured: 1.5 to 2 MB). The pool is bounded (runs and queries at
/// once, `Limits`), so this cannot hide a leak that grows with requests; under load more runs
/// overlap and the pool grows: from 13 threads to 19 between the warm-up and the last round,
/// with two cores busy.
const RSS_PER_THREAD_KB: u64 = 4 * 1024;

/// A number of `/proc/PID/status` (`VmRSS:` in kB, `Threads:`).
fn status(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Writes `bytes` on a fresh connection (as much as the server takes) and reads to the end.
fn exchange(addr: &str, bytes: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).expect("connect to 127.0.0.1");
    // A safety net against a hung server, not a timing assertion.
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    stream.set_write_timeout(Some(Duration::from_secs(30))).unwrap();
    let _ = stream.write_all(bytes);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    raw
}

/// The status and the JSON body of a raw HTTP/1.1 response (`Connection: close`, not chunked).
#[track_caller]
fn cloud_error(raw: &[u8], status: u16, code: &str) {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no answer: {text:?}"));
    assert!(head.starts_with(&format!("HTTP/1.1 {status} ")), "{text}");
    let body: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert_eq!((body["status"].as_u64(), body["code"].as_str()), (Some(status.into()), Some(code)));
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    assert!(body["contextId"].is_string(), "{body}");
}

fn post(path: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{headers}Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

fn token(addr: &str) -> String {
    let raw = exchange(
        addr,
        &post(
            "/oauth/token",
            "Content-Type: application/x-www-form-urlencoded\r\n",
            b"grant_type=client_credentials&client_id=a&client_secret=b",
        ),
    );
    let text = String::from_utf8_lossy(&raw);
    let body: Value = serde_json::from_str(text.split_once("\r\n\r\n").unwrap().1).unwrap();
    body["access_token"].as_str().expect("a token").to_owned()
}

/// One round of every kind of hostile client at once.
fn round(addr: &str, auth: &str) {
    let simulation = json!({"flowName": "Inbound_Flow_A", "inputs": ["1"]}).to_string();
    std::thread::scope(|scope| {
        let mut joins = Vec::new();
        for _ in 0..CONCURRENT {
            let request = post("/api/v2/architect/simulations", auth, simulation.as_bytes());
            joins.push(scope.spawn(move || {
                let raw = exchange(addr, &request);
                assert!(raw.starts_with(b"HTTP/1.1 200 "), "{}", String::from_utf8_lossy(&raw));
            }));
        }
        for _ in 0..SLOW {
            joins.push(scope.spawn(move || {
                let raw =
                    exchange(addr, b"GET /api/v2/flows HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
                cloud_error(&raw, 408, "request.timeout");
            }));
        }
        for _ in 0..HUGE {
            let head = format!(
                "POST /api/v2/architect/simulations HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Content-Length: {}\r\n\r\n",
                64 * 1024 * 1024
            );
            joins.push(scope.spawn(move || {
                // The head alone: the declared length is refused at once, and a body the
                // server never reads would turn its close into a reset that can eat the answer.
                cloud_error(&exchange(addr, head.as_bytes()), 413, "request.entity.too.large");
            }));
        }
        for i in 0..BAD_JSON {
            let body = ["{", "[1,", "{\"flowName\": }", "\u{0}"][i % 4];
            let request = post("/api/v2/architect/simulations", auth, body.as_bytes());
            joins.push(scope.spawn(move || {
                cloud_error(&exchange(addr, &request), 400, "bad.request");
            }));
        }
        for i in 0..GARBAGE {
            let junk: Vec<u8> = (0..512u32).map(|b| (b * 31 + i as u32 * 7) as u8).collect();
            joins.push(scope.spawn(move || {
                // What is not HTTP/1 is refused with the cloud's error body, not hyper's bare
                // status.
                let raw = exchange(addr, &junk);
                cloud_error(&raw, 400, "bad.request");
            }));
        }
        for j in joins {
            j.join().expect("a hostile client's checks");
        }
    });
}

#[test]
fn the_server_survives_hostile_clients_with_flat_memory() {
    // The allocator gives freed pages back at once, so VmRSS is what the server holds, not
    // what its heaps kept a while (mimalloc purges freed pages after a delay, at a later
    // allocation or free): once, under CI's load, VmRSS ended 42 MB above the warm-up's, and
    // the same test passed in every other run (as `streaming::measured` does for a peak).
    let mut server = ServeProcess::start_with(
        &["--flows", "fixtures/flows", "--fixtures", "fixtures/data", "--header-timeout-ms", "300"],
        &[("MIMALLOC_PURGE_DELAY", "0")],
    );
    let addr = server.addr().to_owned();
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    let pid = server.child.id();
    let auth =
        format!("Authorization: Bearer {}\r\nContent-Type: application/json\r\n", token(&addr));

    round(&addr, &auth);
    let (before, threads_before) = (status(pid, "VmRSS:"), status(pid, "Threads:"));
    for _ in 0..ROUNDS {
        round(&addr, &auth);
    }
    let (after, threads_after) = (status(pid, "VmRSS:"), status(pid, "Threads:"));
    let more_threads = threads_after.unwrap_or(0).saturating_sub(threads_before.unwrap_or(0));
    let slack = RSS_SLACK_KB + more_threads * RSS_PER_THREAD_KB;

    assert!(server.child.try_wait().unwrap().is_none(), "the server died");
    assert!(!token(&addr).is_empty(), "the server still serves");
    match (before, after) {
        (Some(b), Some(a)) => assert!(
            a <= b + slack,
            "VmRSS grew from {b} kB to {a} kB over {ROUNDS} hostile rounds, {more_threads} thread(s) more ({slack} kB allowed)"
        ),
        _ => eprintln!(
            "SKIPPED: the memory check (no /proc/{pid}/status here); the server survived {ROUNDS} rounds"
        ),
    }
}

/// The statuses of the responses in `raw`, in order (a response's status line starts with
/// `HTTP/1.1 `; the bodies here are JSON, which never holds that text unescaped at a line's
/// start... nor anywhere: `/` is not escaped, so the scan looks only at response boundaries).
fn statuses(raw: &[u8]) -> Vec<u16> {
    let mut out = Vec::new();
    let mut rest = raw;
    while let Some(head_end) = rest.windows(4).position(|w| w == b"\r\n\r\n") {
        let head = String::from_utf8_lossy(&rest[..head_end]).into_owned();
        let Some(status) = head.strip_prefix("HTTP/1.1 ").and_then(|h| h.get(..3)) else { break };
        out.push(status.parse().unwrap());
        let length: usize = head
            .lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("content-length").then(|| v.trim().parse().ok())?
            })
            .unwrap_or(0);
        rest = &rest[(head_end + 4 + length).min(rest.len())..];
    }
    out
}

/// Writes `bytes` in pieces of `piece` bytes while another thread reads the answers (so that
/// neither side's buffers fill), then reads to the end.
fn pipelined(addr: &str, bytes: Vec<u8>, piece: usize) -> Vec<u8> {
    let stream = TcpStream::connect(addr).expect("connect to 127.0.0.1");
    stream.set_read_timeout(Some(Duration::from_mins(2))).unwrap();
    stream.set_nodelay(true).unwrap();
    let mut reader = stream.try_clone().unwrap();
    let read = std::thread::spawn(move || {
        let mut raw = Vec::new();
        let _ = reader.read_to_end(&mut raw);
        raw
    });
    let mut writer = stream;
    for chunk in bytes.chunks(piece) {
        if writer.write_all(chunk).is_err() {
            break;
        }
    }
    read.join().unwrap()
}

#[test]
fn pipelined_requests_are_each_answered_in_order_however_the_reads_cut_them() {
    let server = ServeProcess::start(&["--flows", "fixtures/flows", "--fixtures", "fixtures/data"]);
    let addr = server.addr().to_owned();
    let auth = format!("Authorization: Bearer {}\r\n", token(&addr));
    let sim = json!({"flowName": "Inbound_Flow_A", "inputs": ["1"]}).to_string();
    let post = format!(
        "POST /api/v2/architect/simulations HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{sim}",
        sim.len()
    );
    // The same body, chunked (in two chunks, with an extension and a trailer).
    let (a, b) = sim.split_at(7);
    let chunked = format!(
        "POST /api/v2/architect/simulations HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{:x};x=1\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\nX-T: 1\r\n\r\n",
        a.len(),
        b.len()
    );
    let get = format!("GET /api/v2/flows?pageSize=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}\r\n");
    let mut batch = String::new();
    let mut want = Vec::new();
    for i in 0..150 {
        batch.push_str(match i % 3 {
            0 => &post,
            1 => &chunked,
            _ => &get,
        });
        want.push(200);
    }
    // Last, a request that is not HTTP: refused in its turn, in the cloud's shape.
    batch.push_str("GET /api/v2/flows HTTP/1.1\r\nno colon here\r\n\r\n");
    want.push(400);
    // Before: the guard restarted its head check at the first write of an answer, so a batch
    // larger than one read was refused mid-way (82 of 200 answered, then a 400 and a reset).
    for piece in [batch.len(), 4096, 7] {
        let raw = pipelined(&addr, batch.clone().into_bytes(), piece);
        assert_eq!(statuses(&raw), want, "in pieces of {piece} bytes");
        let text = String::from_utf8_lossy(&raw);
        let last = &text[text.rfind("HTTP/1.1 400").unwrap()..];
        cloud_error(last.as_bytes(), 400, "bad.request");
    }
}

#[test]
fn what_hyper_refuses_itself_comes_back_in_the_cloud_error_shape() {
    let server = ServeProcess::start(&["--flows", "fixtures/flows", "--fixtures", "fixtures/data"]);
    let addr = server.addr().to_owned();
    let field = |i: usize, value: &str| format!("X-H{i}: {value}\r\n");
    let many: Vec<String> = (0..150).map(|i| field(i, "a")).collect();
    let many = many.concat();
    let large: Vec<String> = (0..60).map(|i| field(i, &"a".repeat(8000))).collect();
    let large = large.concat();
    let cases: Vec<(String, u16, &str)> = vec![
        // Before, each of these three came back with `content-length: 0`.
        ("POST /api/v2/flows HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n".into(), 400, "bad.request"),
        ("GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n".into(), 400, "bad.request"),
        (format!("GET /api/v2/flows HTTP/1.1\r\nHost: x\r\n{large}\r\n"), 431, "request.header.fields.too.large"),
        (format!("GET /api/v2/flows HTTP/1.1\r\nHost: x\r\n{many}\r\n"), 431, "request.header.fields.too.large"),
        ("POST /api/v2/flows HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n".into(), 400, "bad.request"),
        ("PUT /oauth/token HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".into(), 405, "method.not.allowed"),
        ("GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".into(), 404, "not.found"),
    ];
    for (request, status, code) in cases {
        let raw = exchange(&addr, request.as_bytes());
        cloud_error(&raw, status, code);
    }
}

#[test]
fn with_a_client_secret_tokens_are_unpredictable_and_only_issued_ones_pass() {
    let server = ServeProcess::start(&[
        "--flows",
        "fixtures/flows",
        "--client-id",
        "my-client",
        "--client-secret",
        "my-secret",
    ]);
    let addr = server.addr().to_owned();
    let form = |id: &str, secret: &str| {
        let body = format!("grant_type=client_credentials&client_id={id}&client_secret={secret}");
        let raw = exchange(
            &addr,
            &post(
                "/oauth/token",
                "Content-Type: application/x-www-form-urlencoded\r\n",
                body.as_bytes(),
            ),
        );
        let text = String::from_utf8_lossy(&raw).into_owned();
        let body: Value = serde_json::from_str(text.split_once("\r\n\r\n").unwrap().1).unwrap();
        body["access_token"].as_str().map(str::to_owned)
    };
    assert_eq!(form("my-client", "my-secreT"), None);
    assert_eq!(form("my-client", "my-secret-and-more"), None);
    let issued = form("my-client", "my-secret").expect("the right pair gets a token");
    let again = form("my-client", "my-secret").expect("and another");
    assert_ne!(issued, again);
    let get = |token: &str| {
        let request = format!(
            "GET /api/v2/flows HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer {token}\r\n\r\n"
        );
        exchange(&addr, request.as_bytes())
    };
    assert!(get(&issued).starts_with(b"HTTP/1.1 200 "));
    // The first tokens the counter would mint (what any client without the secret could
    // compute: before, `flowsim-` and splitmix64 of 1, 2, ...) are never accepted.
    let mix = |mut z: u64| {
        z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    for n in 0..8u64 {
        let guess = format!("flowsim-{:016x}{:016x}", mix(n), mix(!n));
        assert_ne!(guess, issued);
        cloud_error(&get(&guess), 401, "bad.credentials");
    }
}

/// An emulator in this process (its limits chosen by the test), served on 127.0.0.1 by a
/// runtime of two workers, like `flowsim serve`'s; stopped on drop.
struct InProcess {
    addr: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl InProcess {
    fn start(flows: &str, fixtures: &[&str], limits: flowsim::api::server::Limits) -> InProcess {
        use flowsim::api::server::{self, Emulator, Options};
        let root = crate::support::root();
        let registry =
            flowsim::flow::Registry::load_dir(&root.join(flows)).registry.expect("flows");
        let files: Vec<_> = fixtures.iter().map(|f| root.join(f)).collect();
        let fixtures = flowsim::fixtures::FixtureStore::load(&files).expect("fixtures");
        let em = Emulator::new(registry, fixtures, Options { limits, ..Options::default() });
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (tx, rx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                let listener = server::bind(0).await.unwrap();
                tx.send(listener.local_addr().unwrap().to_string()).unwrap();
                let _ = server::serve(listener, &em, async {
                    let _ = stopped.await;
                })
                .await;
            });
            rt.shutdown_background();
        });
        let addr = rx.recv().unwrap();
        InProcess { addr, stop: Some(stop), thread: Some(thread) }
    }

    /// Stops it, and waits for the server to return.
    fn stop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            t.join().unwrap();
        }
    }
}

impl Drop for InProcess {
    fn drop(&mut self) {
        self.stop();
    }
}

fn json_call(addr: &str, auth: &str, method: &str, path: &str, body: &Value) -> (u16, Value) {
    let body = if body.is_null() { String::new() } else { body.to_string() };
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let raw = exchange(addr, request.as_bytes());
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no answer: {text}"));
    (head[9..12].parse().unwrap(), serde_json::from_str(body).unwrap_or(Value::Null))
}

fn live_server(limits: flowsim::api::server::Limits) -> (InProcess, String) {
    let s = InProcess::start("fixtures/live/flows", &["fixtures/live/data/queues.json"], limits);
    let auth = format!("Authorization: Bearer {}\r\n", token(&s.addr));
    (s, auth)
}

/// How many sessions a server with `limits` lets start: `concurrent` creates at once, or one
/// after another.
fn sessions_started(
    limits: flowsim::api::server::Limits,
    creates: usize,
    concurrent: bool,
) -> usize {
    let (s, auth) = live_server(limits);
    let start = json!({"flowName": "Orchestrated_Routing"});
    let create = || json_call(&s.addr, &auth, "POST", "/api/v2/flowsim/sessions", &start).0;
    let codes: Vec<u16> = if concurrent {
        std::thread::scope(|scope| {
            let joins: Vec<_> = (0..creates).map(|_| scope.spawn(create)).collect();
            joins.into_iter().map(|j| j.join().unwrap()).collect()
        })
    } else {
        (0..creates).map(|_| create()).collect()
    };
    assert!(codes.iter().all(|c| matches!(c, 201 | 503)), "{codes:?}");
    codes.iter().filter(|c| **c == 201).count()
}

#[test]
fn concurrent_session_creates_never_pass_the_session_budgets() {
    use flowsim::api::server::Limits;
    // A byte budget a few sessions fit in: every session here is the same size, so as many
    // start at once as one after another. Before, the bytes were checked before the runs and
    // charged after them: all 24 concurrent creates passed.
    let one = {
        let limits = Limits { max_kept_bytes: 64 * 1024 * 1024, ..Limits::default() };
        let (s, auth) = live_server(limits);
        let (code, v) = json_call(
            &s.addr,
            &auth,
            "POST",
            "/api/v2/flowsim/sessions",
            &json!({"flowName": "Orchestrated_Routing"}),
        );
        assert_eq!(code, 201, "{v}");
        // The session's run and document, as charged, are about its view's result twice.
        serde_json::to_vec(&v["result"]).unwrap().len()
    };
    let limits = Limits { max_kept_bytes: one * 7, ..Limits::default() };
    let sequential = sessions_started(limits, 24, false);
    assert!((1..24).contains(&sequential), "{sequential}");
    assert_eq!(sessions_started(limits, 24, true), sequential);
    // And the count: at most `max_sessions`, however many ask at once.
    let limits = Limits { max_sessions: 5, ..Limits::default() };
    assert_eq!(sessions_started(limits, 24, true), 5);
}

#[test]
fn the_session_listing_is_a_bounded_page_of_small_lines() {
    let (s, auth) = live_server(flowsim::api::server::Limits::default());
    for _ in 0..30 {
        let (code, _) = json_call(
            &s.addr,
            &auth,
            "POST",
            "/api/v2/flowsim/sessions",
            &json!({"flowName": "Orchestrated_Routing"}),
        );
        assert_eq!(code, 201);
    }
    let (code, first) = json_call(&s.addr, &auth, "GET", "/api/v2/flowsim/sessions", &Value::Null);
    assert_eq!(code, 200);
    assert_eq!(
        (&first["total"], &first["pageSize"], &first["pageCount"]),
        (&json!(30), &json!(25), &json!(2))
    );
    let entities = first["entities"].as_array().unwrap();
    assert_eq!(entities.len(), 25);
    for e in entities {
        let mut keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["flowName", "id", "state", "waitingFor"], "no run in a listing: {e}");
    }
    let (_, second) =
        json_call(&s.addr, &auth, "GET", "/api/v2/flowsim/sessions?pageNumber=2", &Value::Null);
    assert_eq!(second["entities"].as_array().unwrap().len(), 5);
    let (code, bad) =
        json_call(&s.addr, &auth, "GET", "/api/v2/flowsim/sessions?pageSize=501", &Value::Null);
    assert_eq!((code, bad["code"].as_str()), (400, Some("bad.request")), "{bad}");
}

/// Sends `request` on a fresh connection and returns the stream, unread.
fn send(addr: &str, request: &[u8]) -> TcpStream {
    let mut stream = TcpStream::connect(addr).expect("connect to 127.0.0.1");
    stream.set_read_timeout(Some(Duration::from_mins(5))).unwrap();
    stream.write_all(request).unwrap();
    stream
}

#[test]
fn instance_queries_stall_neither_other_requests_nor_the_shutdown() {
    let mut server =
        ServeProcess::start(&["--flows", "fixtures/flows", "--fixtures", "fixtures/data"]);
    let addr = server.addr().to_owned();
    let auth = format!("Authorization: Bearer {}\r\n", token(&addr));
    // Thousands of flow instances, pipelined on one connection.
    let sim = json!({"flowName": "Inbound_Flow_A", "inputs": ["1"]}).to_string();
    let one = format!(
        "POST /api/v2/architect/simulations HTTP/1.1\r\nHost: x\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{sim}",
        sim.len()
    );
    let mut batch = one.repeat(2999);
    batch.push_str(&one.replace("Host: x\r\n", "Host: x\r\nConnection: close\r\n"));
    let raw = pipelined(&addr, batch.into_bytes(), 1 << 16);
    assert_eq!(statuses(&raw).len(), 3000);

    // Queries that match nothing read every instance's document.
    let q = json!({"query": [{"and": [{"key": "FlowActionType", "value": "none"}]}]}).to_string();
    let query = post("/api/v2/flows/instances/query", &auth, q.as_bytes());
    let mut queries: Vec<TcpStream> = (0..6).map(|_| send(&addr, &query)).collect();
    // A cheap request sent after them is answered while they are all still matching: they
    // run on blocking threads of their own pool (two at a time), not on the two workers
    // that answer everything else. Before, the workers were busy with the queries.
    let mut cheap = send(
        &addr,
        format!("GET /api/v2/flows HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{auth}\r\n")
            .as_bytes(),
    );
    let mut raw = Vec::new();
    cheap.read_to_end(&mut raw).unwrap();
    assert!(raw.starts_with(b"HTTP/1.1 200 "), "{}", String::from_utf8_lossy(&raw));
    for q in &queries {
        q.set_nonblocking(true).unwrap();
        let mut byte = [0u8; 1];
        let pending =
            matches!(q.peek(&mut byte), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock);
        assert!(pending, "a query was answered before the cheap request");
        q.set_nonblocking(false).unwrap();
    }
    // SIGTERM while they run: the server exits without finishing them (their connections
    // close unanswered). Before, the signal waited for the queries that held the workers.
    let pid = server.child.id().to_string();
    let term = std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(term.success());
    let status = server.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let mut answered = 0;
    for q in &mut queries {
        let mut raw = Vec::new();
        let _ = q.read_to_end(&mut raw);
        answered += usize::from(raw.starts_with(b"HTTP/1.1 200 "));
    }
    assert_eq!(answered, 0, "the shutdown waited for queries");
}

#[test]
fn a_simulation_whose_result_cannot_fit_is_refused_before_it_runs() {
    let server = ServeProcess::start(&["--flows", "fixtures/flows", "--fixtures", "fixtures/data"]);
    let addr = server.addr().to_owned();
    let auth =
        format!("Authorization: Bearer {}\r\nContent-Type: application/json\r\n", token(&addr));
    for steps in [50_001_u64, 2_000_000] {
        let body = json!({"flowName": "Inbound_Flow_A", "inputs": ["1"], "maxSteps": steps});
        let raw = exchange(
            &addr,
            &post("/api/v2/architect/simulations", &auth, body.to_string().as_bytes()),
        );
        cloud_error(&raw, 400, "bad.request");
        assert!(String::from_utf8_lossy(&raw).contains("at most 50000"), "maxSteps {steps}");
    }
    let body = json!({"flowName": "Inbound_Flow_A", "inputs": ["1"], "maxSteps": 50_000});
    let raw =
        exchange(&addr, &post("/api/v2/architect/simulations", &auth, body.to_string().as_bytes()));
    assert!(raw.starts_with(b"HTTP/1.1 200 "), "{}", String::from_utf8_lossy(&raw));
}

/// The peak resident memory of process `pid` (VmHWM), in kB, where `/proc` has it.
fn peak_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// What one variable update or start request carries here: just under the 2 MiB body limit.
const LARGE: usize = 1_900_000;
/// The server's peak, in kB, while a session takes [`UPDATES`] updates of [`LARGE`] bytes: its budget
/// for live sessions (64 MiB), the few copies one request makes, and what the process and the
/// allocator hold. Before updates were merged and charged, the server peaked at 1.2 GB.
const PEAK_WITH_LARGE_UPDATES_KB: u64 = 256 * 1024;
/// Enough updates to pass the bound more than twice over had they been kept (the unfixed server
/// passed it at the 19th), few enough for a debug build in CI.
const UPDATES: u8 = 48;

fn live_process() -> (ServeProcess, String, String) {
    let server = ServeProcess::start(&[
        "--flows",
        "fixtures/live/flows",
        "--fixtures",
        "fixtures/live/data",
    ]);
    let addr = server.addr().to_owned();
    let auth = format!("Authorization: Bearer {}\r\n", token(&addr));
    (server, addr, auth)
}

#[test]
fn a_session_keeps_the_last_value_of_each_update_not_their_history() {
    let (server, addr, auth) = live_process();
    let pid = server.child.id();
    let start = json!({"flowName": "Orchestrated_Routing", "conflictsAfterInput": 0});
    let (code, session) = json_call(&addr, &auth, "POST", "/api/v2/flowsim/sessions", &start);
    assert_eq!(code, 201, "{session}");
    let id = session["id"].as_str().unwrap().to_owned();
    let input = format!("/api/v2/flowsim/sessions/{id}/input");
    assert_eq!(json_call(&addr, &auth, "POST", &input, &json!({"input": "1"})).0, 200);
    for i in 0..UPDATES {
        let value = char::from(b'a' + i % 26).to_string().repeat(LARGE);
        let update = json!({"flowInstanceId": id, "variables": {"finalRoutingDecision": value}});
        let (code, v) = json_call(&addr, &auth, "POST", "/api/v2/flows/variables", &update);
        assert_eq!(code, 200, "update {i}: {}", v["message"]);
        if let Some(peak) = peak_kb(pid) {
            assert!(
                peak <= PEAK_WITH_LARGE_UPDATES_KB,
                "after {} updates of {LARGE} bytes to one session the server peaked at {peak} kB",
                u32::from(i) + 1
            );
        }
    }
    let (code, session) =
        json_call(&addr, &auth, "GET", &format!("/api/v2/flowsim/sessions/{id}"), &Value::Null);
    assert_eq!(code, 200);
    let updates = session["variableUpdates"].as_array().unwrap();
    assert_eq!(updates.len(), 1, "the updates at one wait are one");
    let last = updates[0]["variables"]["Flow.finalRoutingDecision"].as_str().unwrap();
    assert_eq!((last.len(), &last[..1]), (LARGE, "v"), "the 48th value (47 % 26 is v)");
    if peak_kb(pid).is_none() {
        eprintln!("SKIPPED: the memory check (no /proc/{pid}/status here)");
    }
}

#[test]
fn sessions_whose_start_requests_carry_large_inputs_are_refused_past_the_budget() {
    let (server, addr, auth) = live_process();
    let budget = flowsim::api::server::Limits::default().max_kept_bytes;
    let mut started = 0;
    let mut refused = None;
    for i in 0..1_000u32 {
        // Preset, then overwritten by the flow's first node: only the start request keeps it.
        let filler = char::from(b'a' + (i % 26) as u8).to_string().repeat(LARGE);
        let start = json!({"flowName": "Orchestrated_Routing",
                           "variables": {"Flow.queueOccupancyCheck": filler}});
        let (code, v) = json_call(&addr, &auth, "POST", "/api/v2/flowsim/sessions", &start);
        if code == 503 {
            refused = Some(v);
            break;
        }
        assert_eq!(code, 201, "session {i}: {v}");
        started += 1;
        assert!(
            started * LARGE <= budget,
            "{started} sessions whose start requests hold {LARGE} bytes each are kept: past the {budget}-byte budget"
        );
    }
    let refused = refused.expect("a session past the budget is refused");
    assert_eq!(refused["code"], "sessions.limit", "{refused}");
    assert!(started >= budget / LARGE / 2, "{started} sessions started: the budget is for them");
    if let Some(peak) = peak_kb(server.child.id()) {
        assert!(peak <= PEAK_WITH_LARGE_UPDATES_KB, "the server peaked at {peak} kB");
    }
}

#[test]
fn a_change_past_a_session_s_share_is_refused_and_leaves_it_as_it_was() {
    use flowsim::api::server::Limits;
    let limits = Limits { max_session_bytes: 64 * 1024, ..Limits::default() };
    let (s, auth) = live_server(limits);
    let start = json!({"flowName": "Orchestrated_Routing", "conflictsAfterInput": 0});
    let (code, session) = json_call(&s.addr, &auth, "POST", "/api/v2/flowsim/sessions", &start);
    assert_eq!(code, 201, "{session}");
    let id = session["id"].as_str().unwrap().to_owned();
    let small = json!({"flowInstanceId": id, "variables": {"finalRoutingDecision": "route_to_vm"}});
    assert_eq!(json_call(&s.addr, &auth, "POST", "/api/v2/flows/variables", &small).0, 200);
    let big =
        json!({"flowInstanceId": id, "variables": {"queueOccupancyCheck": "x".repeat(70_000)}});
    let (code, e) = json_call(&s.addr, &auth, "POST", "/api/v2/flows/variables", &big);
    assert_eq!((code, &e["details"][0]["errorCode"]), (400, &json!("sessionTooLarge")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("at most 65536 bytes"), "{e}");
    let (_, now) =
        json_call(&s.addr, &auth, "GET", &format!("/api/v2/flowsim/sessions/{id}"), &Value::Null);
    assert_eq!(
        now["variableUpdates"],
        json!([{"beforeInput": 1, "variables": {"Flow.finalRoutingDecision": "route_to_vm"}}])
    );
    // A start request past the share is refused before it runs.
    let start = json!({"flowName": "Orchestrated_Routing", "variables": {"Flow.queueOccupancyCheck": "x".repeat(70_000)}});
    let (code, e) = json_call(&s.addr, &auth, "POST", "/api/v2/flowsim/sessions", &start);
    assert_eq!((code, &e["details"][0]["errorCode"]), (400, &json!("sessionTooLarge")), "{e}");
}

#[test]
fn a_body_of_too_many_values_is_refused_before_it_is_parsed() {
    let (s, auth) = live_server(flowsim::api::server::Limits::default());
    // 2 bytes a value: parsed whole, this 1.2 MB body would take about 50 MB.
    let list = format!("[{}0]", "0,".repeat(600_000));
    let body = format!(
        r#"{{"flowName": "Orchestrated_Routing", "variables": {{"Flow.threshold": {list}}}}}"#
    );
    let request = format!(
        "POST /api/v2/architect/simulations HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let raw = exchange(&s.addr, request.as_bytes());
    cloud_error(&raw, 400, "bad.request");
    assert!(String::from_utf8_lossy(&raw).contains("tooManyValues"));
}
