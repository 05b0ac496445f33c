//! The client and the recorder against a scripted HTTP server on 127.0.0.1.

use super::record::{ItemOutcome, Mode, Recorder, Source};
use super::*;
use crate::api::cassette::Cassette;
use serde_json::json;
use std::fmt::Write as _;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// A request the fake server received.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

type Answer = (u16, Vec<(&'static str, String)>, String);

/// A one-connection-per-request HTTP server answering with `script(request, index)`.
struct Fake {
    base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Fake {
    fn start(script: impl Fn(&Seen, usize) -> Answer + Send + 'static) -> Fake {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() || line.is_empty() {
                    continue;
                }
                let mut parts = line.split_whitespace();
                let method = parts.next().unwrap_or("").to_owned();
                let path = parts.next().unwrap_or("").to_owned();
                let mut headers = Vec::new();
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).is_err() || h.trim().is_empty() {
                        break;
                    }
                    if let Some((k, v)) = h.trim_end().split_once(':') {
                        headers.push((k.trim().to_owned(), v.trim().to_owned()));
                    }
                }
                let len = headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                    .and_then(|(_, v)| v.parse::<usize>().ok())
                    .unwrap_or(0);
                let mut body = vec![0; len];
                let _ = reader.read_exact(&mut body);
                let req =
                    Seen { method, path, headers, body: String::from_utf8_lossy(&body).into() };
                let index = {
                    let mut log = log.lock().unwrap();
                    log.push(req.clone());
                    log.len() - 1
                };
                let (status, headers, body) = script(&req, index);
                let mut out = format!(
                    "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                    body.len()
                );
                for (k, v) in headers {
                    let _ = write!(out, "{k}: {v}\r\n");
                }
                out.push_str("\r\n");
                out.push_str(&body);
                let _ = stream.write_all(out.as_bytes());
            }
        });
        Fake { base, seen }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn paths(&self) -> Vec<String> {
        self.seen().into_iter().map(|s| s.path).collect()
    }
}

fn json_answer(status: u16, body: &Value) -> Answer {
    (status, vec![("Content-Type", "application/json".into())], body.to_string())
}

fn token_answer(n: usize) -> Answer {
    json_answer(
        200,
        &json!({"access_token": format!("token-{n:04}"), "token_type": "bearer", "expires_in": 86400}),
    )
}

fn simulation(body: &str) -> Answer {
    let req: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    json_answer(
        200,
        &json!({"status": "completed", "flowName": req["flowName"], "trace": [{"step": 1, "nodeId": "A", "nodeType": "Say", "result": {}}]}),
    )
}

/// A client of `fake` whose sleeps are counted, never slept.
fn client(fake: &Fake, waits: &Arc<Mutex<Vec<Duration>>>) -> Client {
    let waits = waits.clone();
    Client::new(ClientConfig {
        base_url: fake.base.clone(),
        token_url: fake.base.clone(),
        credentials: Credentials { client_id: "id-abc".into(), client_secret: "secret-xyz".into() },
        retry: RetryPolicy { base_delay: Duration::from_millis(1), ..RetryPolicy::default() },
        timeout: Duration::from_secs(30),
    })
    .with_sleep(move |d| waits.lock().unwrap().push(d))
}

fn send(c: &mut Client) -> Result<ApiResponse, ClientError> {
    c.send("POST", record::SIMULATIONS_PATH, &IndexMap::new(), Some(&json!({"flowName": "F"})))
}

#[test]
fn token_urls_follow_the_region() {
    let t = default_token_url;
    assert_eq!(t("https://api.mypurecloud.com"), "https://login.mypurecloud.com");
    assert_eq!(t("https://api.mypurecloud.com/"), "https://login.mypurecloud.com");
    assert_eq!(t("https://api.usw2.pure.cloud"), "https://login.usw2.pure.cloud");
    assert_eq!(t("https://api.mypurecloud.de"), "https://login.mypurecloud.de");
    assert_eq!(t("https://api.mypurecloud.com.au"), "https://login.mypurecloud.com.au");
    assert_eq!(t("https://api.use2.us-gov-pure.cloud"), "https://login.use2.us-gov-pure.cloud");
    assert_eq!(t("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
    assert_eq!(t("https://example.com/genesys/"), "https://example.com/genesys");
    assert_eq!(t("https://api.example.com"), "https://api.example.com");
}

#[test]
fn helpers_encode_as_the_web_does() {
    let base64 = crate::util::base64::encode;
    assert_eq!(base64(b"id-abc:secret-xyz"), "aWQtYWJjOnNlY3JldC14eXo=");
    assert_eq!(base64(b"a"), "YQ==");
    assert_eq!(base64(b"ab"), "YWI=");
    assert_eq!(base64(b""), "");
    let mut q = IndexMap::new();
    q.insert("name".to_owned(), "a b&c".to_owned());
    assert_eq!(query_string(&q), "?name=a%20b%26c");
    assert_eq!(
        required_scope("POST", "/api/v2/architect/simulations").split(' ').next(),
        Some("architect:flow:run")
    );
    assert_eq!(required_scope("GET", "/api/v2/flows/x"), "architect:flow:view");
}

#[test]
fn client_credentials_then_a_cached_bearer_token() {
    let fake = Fake::start(|r, i| match r.path.as_str() {
        "/oauth/token" => token_answer(i),
        _ => simulation(&r.body),
    });
    let waits = Arc::default();
    let mut c = client(&fake, &waits);
    assert_eq!(send(&mut c).unwrap().status, 200);
    assert_eq!(send(&mut c).unwrap().body["flowName"], "F");
    let seen = fake.seen();
    assert_eq!(fake.paths(), ["/oauth/token", record::SIMULATIONS_PATH, record::SIMULATIONS_PATH]);
    assert_eq!(seen[0].method, "POST");
    assert_eq!(seen[0].header("authorization"), Some("Basic aWQtYWJjOnNlY3JldC14eXo="));
    assert_eq!(seen[0].body, "grant_type=client_credentials");
    assert_eq!(seen[0].header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(seen[1].header("authorization"), Some("Bearer token-0000"));
    assert_eq!(seen[2].header("authorization"), Some("Bearer token-0000"), "the token is cached");
    assert_eq!(seen[1].header("content-type"), Some("application/json"));
    assert_eq!(c.stats().token_requests, 1);
    assert_eq!(c.secrets(), ["id-abc", "secret-xyz", "token-0000"]);
}

#[test]
fn a_401_refreshes_the_token_once() {
    let fake = Fake::start(|r, i| match (r.path.as_str(), i) {
        ("/oauth/token", _) => token_answer(i),
        (_, 1) => json_answer(
            401,
            &json!({"message": "expired", "code": "bad.credentials", "status": 401}),
        ),
        _ => simulation(&r.body),
    });
    let waits = Arc::default();
    let mut c = client(&fake, &waits);
    assert_eq!(send(&mut c).unwrap().status, 200);
    assert_eq!(fake.seen()[3].header("authorization"), Some("Bearer token-0002"));
    assert_eq!(c.stats().token_refreshes, 1);

    // Refused twice: an error, not a loop.
    let fake = Fake::start(|r, i| match r.path.as_str() {
        "/oauth/token" => token_answer(i),
        _ => json_answer(401, &json!({"message": "nope"})),
    });
    let mut c = client(&fake, &waits);
    let e = send(&mut c).unwrap_err();
    assert!(matches!(e, ClientError::Unauthorized { .. }), "{e}");
    assert_eq!(fake.paths().len(), 4);
    assert!(e.is_bad_input() && e.stops_recording());
}

#[test]
fn a_429_waits_for_retry_after_and_5xx_backs_off() {
    let fake = Fake::start(|r, i| match (r.path.as_str(), i) {
        ("/oauth/token", _) => token_answer(i),
        (_, 1) => (429, vec![("Retry-After", "2".into())], "{\"message\":\"slow down\"}".into()),
        (_, 2) => (429, vec![], String::new()),
        (_, 3 | 4) => json_answer(503, &json!({"message": "down"})),
        _ => simulation(&r.body),
    });
    let waits: Arc<Mutex<Vec<Duration>>> = Arc::default();
    let events = Arc::new(Mutex::new(Vec::new()));
    let log = events.clone();
    let mut c = client(&fake, &waits).with_events(move |e| log.lock().unwrap().push(e.clone()));
    assert_eq!(send(&mut c).unwrap().status, 200);
    let waits = waits.lock().unwrap().clone();
    assert_eq!(waits.len(), 4);
    assert_eq!(waits[0], Duration::from_secs(2), "Retry-After is honoured exactly");
    // Then the backoff, counted per cause: base 1 ms, doubled, jittered into [half, all].
    assert!(waits[1] >= Duration::from_millis(1) && waits[1] <= Duration::from_millis(2));
    assert!(waits[2] <= Duration::from_millis(1));
    assert!(waits[3] <= Duration::from_millis(2) && waits[3] >= Duration::from_millis(1));
    let s = c.stats();
    assert_eq!((s.rate_limited, s.server_errors, s.requests), (2, 2, 5));
    let events = events.lock().unwrap();
    assert!(matches!(events[1], Event::RateLimited { retry_after: true, attempt: 1, .. }));
    assert!(
        matches!(&events[3], Event::Failed { cause, attempt: 1, .. } if cause == "503 Service Unavailable")
    );
    assert!(events[1].to_string().contains("Retry-After"), "{}", events[1]);
}

#[test]
fn retries_are_bounded() {
    let fake = Fake::start(|r, i| match r.path.as_str() {
        "/oauth/token" => token_answer(i),
        _ => json_answer(500, &json!({"message": "boom"})),
    });
    let waits: Arc<Mutex<Vec<Duration>>> = Arc::default();
    let mut c = client(&fake, &waits);
    let e = send(&mut c).unwrap_err();
    assert!(matches!(e, ClientError::GaveUp { attempts: 4, .. }), "{e}");
    assert_eq!(fake.paths().len(), 1 + 4, "the first try and 3 retries");
    assert!(!e.is_bad_input());

    let fake = Fake::start(|r, i| match r.path.as_str() {
        "/oauth/token" => token_answer(i),
        _ => (429, vec![("Retry-After", "100000".into())], String::new()),
    });
    let mut c = client(&fake, &waits);
    let e = send(&mut c).unwrap_err();
    assert!(e.to_string().contains("too long"), "{e}");
}

#[test]
fn refusals_name_their_cause() {
    for (status, check) in [
        (400, "400 Bad Request"),
        (403, "architect:flow:run"),
        (404, "404 Not Found"),
        (409, "409"),
    ] {
        let fake = Fake::start(move |r, i| match r.path.as_str() {
            "/oauth/token" => token_answer(i),
            _ => json_answer(
                status,
                &json!({"message": "the API's words", "code": "x", "status": status}),
            ),
        });
        let waits = Arc::default();
        let e = send(&mut client(&fake, &waits)).unwrap_err();
        assert!(e.to_string().contains(check), "{e}");
        assert!(e.to_string().contains("the API's words"), "{e}");
        assert!(e.is_bad_input());
        assert_eq!(e.stops_recording(), !matches!(status, 400 | 404));
        assert!(!e.help().is_empty());
    }
    let fake = Fake::start(|_, _| json_answer(401, &json!({"error": "invalid_client"})));
    let waits = Arc::default();
    let e = send(&mut client(&fake, &waits)).unwrap_err();
    assert!(matches!(e, ClientError::TokenRefused { status: 401, .. }), "{e}");
    assert!(!e.to_string().contains("secret-xyz"));
}

#[test]
fn an_unreachable_api_is_retried_then_given_up() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let base = format!("http://127.0.0.1:{port}");
    let mut c = Client::new(ClientConfig {
        base_url: base.clone(),
        token_url: base,
        credentials: Credentials { client_id: "i".into(), client_secret: "s".into() },
        retry: RetryPolicy { base_delay: Duration::ZERO, ..RetryPolicy::default() },
        timeout: Duration::from_secs(5),
    })
    .with_sleep(|_| {});
    let e = send(&mut c).unwrap_err();
    assert!(matches!(e, ClientError::GaveUp { .. }), "{e}");
    assert_eq!(c.stats().transport_errors, 4);
}

fn sources(names: &[&str]) -> Vec<Source> {
    names
        .iter()
        .map(|n| Source {
            name: (*n).into(),
            origin: format!("{n}.json"),
            body: json!({"flowName": n, "context": {"from": "+15551234567"}}),
        })
        .collect()
}

fn now() -> String {
    "2026-01-01T09:00:00Z".into()
}

#[test]
fn modes_once_new_all_none() {
    let fake = Fake::start(|r, i| match r.path.as_str() {
        "/oauth/token" => token_answer(i),
        _ => simulation(&r.body),
    });
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.json");
    let waits = Arc::default();
    let mut c = client(&fake, &waits);
    let redact = ["/request/body/context/from".to_owned()];
    let record = |mode: Mode, names: &[&str], c: &mut Client| {
        let r = Recorder::new(&out, mode, Some(&fake.base), &redact, sources(names)).unwrap();
        let pending = r.pending();
        (pending, r.run(Some(c), &now, &mut |_| {}).unwrap())
    };

    let (pending, report) = record(Mode::Once, &["A", "B"], &mut c);
    assert_eq!(pending, 2);
    assert_eq!(
        report.count(|o| matches!(o, ItemOutcome::Recorded { status: 200, steps: Some(1) })),
        2
    );
    let cassette = Cassette::load(&out).unwrap();
    assert_eq!(cassette.interactions.len(), 2);
    assert_eq!(cassette.interactions[0].request.body["context"]["from"], "REDACTED");
    assert_eq!(cassette.interactions[1].name.as_deref(), Some("B"));
    assert_eq!(cassette.redactions, redact);

    let (pending, report) = record(Mode::Once, &["A", "B", "C"], &mut c);
    assert_eq!((pending, report.already_recorded, report.written), (0, true, false));

    let (pending, report) = record(Mode::New, &["A", "B", "C"], &mut c);
    assert_eq!(pending, 1);
    assert_eq!(report.count(|o| *o == ItemOutcome::Kept), 2);
    assert_eq!(Cassette::load(&out).unwrap().interactions.len(), 3);

    let r = Recorder::new(&out, Mode::None, None, &[], sources(&["A", "D"])).unwrap();
    assert_eq!(r.pending(), 0);
    let report = r.run(None, &now, &mut |_| {}).unwrap();
    assert_eq!(report.items[0].outcome, ItemOutcome::Kept);
    assert_eq!(report.items[1].outcome, ItemOutcome::Missing);
    assert!(!report.written);

    let calls = fake.paths().len();
    let (pending, report) = record(Mode::All, &["C", "A"], &mut c);
    assert_eq!((pending, report.dropped, report.interactions), (2, 1, 2));
    assert_eq!(fake.paths().len(), calls + 2);
    let names: Vec<_> = Cassette::load(&out)
        .unwrap()
        .interactions
        .iter()
        .map(|i| i.name.clone().unwrap())
        .collect();
    assert_eq!(names, ["A", "C"], "re-recorded in place; B dropped");

    let e = Recorder::new(&out, Mode::New, Some("http://elsewhere"), &[], sources(&["A"]))
        .err()
        .unwrap();
    assert!(e.message.contains("recorded from"), "{}", e.message);
    let e = Recorder::new(&out, Mode::New, Some(&fake.base), &["body".into()], sources(&["A"]))
        .err()
        .unwrap();
    assert!(e.message.contains("--redact"), "{}", e.message);
}

#[test]
fn a_failure_keeps_what_was_recorded_and_secrets_never_reach_the_file() {
    let fake = Fake::start(|r, i| match (r.path.as_str(), r.body.contains("\"B\"")) {
        ("/oauth/token", _) => token_answer(i),
        (_, true) => json_answer(400, &json!({"message": "invalid node id"})),
        // An API that echoes the client's credentials and token back.
        (_, false) => json_answer(
            200,
            &json!({"status": "completed", "echo": r.header("authorization"), "trace": []}),
        ),
    });
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.json");
    let waits = Arc::default();
    let mut c = client(&fake, &waits);
    let r =
        Recorder::new(&out, Mode::Once, Some(&fake.base), &[], sources(&["A", "B", "C"])).unwrap();
    let mut seen = Vec::new();
    let report = r.run(Some(&mut c), &now, &mut |i| seen.push(i.name.clone())).unwrap();
    assert_eq!(seen, ["A", "B", "C"]);
    assert!(matches!(report.items[1].outcome, ItemOutcome::Failed(ClientError::BadRequest { .. })));
    assert!(
        matches!(report.items[2].outcome, ItemOutcome::Recorded { .. }),
        "a 400 does not stop the others"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    for secret in ["token-0000", "id-abc", "secret-xyz", "uthorization"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    assert!(text.contains("REDACTED"));
}

/// A cloud with a cursor-paged listing (only `nextUri`), a numbered one (only `pageNumber` and
/// `pageCount`), integrations, and a data action whose contract names its fields.
fn org_answer(req: &Seen, n: usize) -> Answer {
    let page = |entities: Value, extra: Value| {
        let mut body = json!({"entities": entities});
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        json_answer(200, &body)
    };
    match req.path.as_str() {
        "/oauth/token" => token_answer(n),
        "/api/v2/routing/queues?pageSize=2&pageNumber=1" => page(
            json!([{"id": "q1", "name": "Support"}, {"id": "q2", "name": "VIP"}]),
            json!({"nextUri": "/api/v2/routing/queues?after=c2&pageSize=2"}),
        ),
        "/api/v2/routing/queues?after=c2&pageSize=2" => {
            page(json!([{"id": "q3", "name": "Sales"}]), json!({}))
        }
        "/api/v2/routing/skills?pageSize=2&pageNumber=1" => {
            page(json!([{"id": "s1", "name": "Billing"}]), json!({"pageNumber": 1, "pageCount": 2}))
        }
        "/api/v2/routing/skills?pageSize=2&pageNumber=2" => {
            page(json!([{"id": "s2", "name": "Claims"}]), json!({"pageNumber": 2, "pageCount": 2}))
        }
        "/api/v2/integrations?pageSize=2&pageNumber=1" => {
            page(json!([{"id": "i1", "name": "Acme CRM"}]), json!({}))
        }
        "/api/v2/integrations/actions?pageSize=2&pageNumber=1" => page(
            json!([{"id": "custom_-_a1", "name": "Get Balance", "integrationId": "i1", "category": "Acme"}]),
            json!({}),
        ),
        "/api/v2/integrations/actions/custom_-_a1?expand=contract" => json_answer(
            200,
            &json!({"id": "custom_-_a1", "name": "Get Balance", "contract": {
                "input": {"inputSchema": {"type": "object", "properties": {"account": {"type": "string"}}}},
                "output": {"successSchema": {"type": "object", "properties": {"balance": {"type": "number"}, "tags": {"type": "array"}}}}}}),
        ),
        "/api/v2/routing/wrapupcodes?pageSize=2&pageNumber=1" => page(
            json!([{"id": "w1", "name": "Done"}]),
            json!({"nextUri": "https://elsewhere.example/api/v2/routing/wrapupcodes?pageNumber=2"}),
        ),
        // A next page that is always this one: the page cap ends it.
        "/api/v2/routing/languages?pageSize=2&pageNumber=1" => page(
            json!([{"id": "l1", "name": "Spanish"}]),
            json!({"nextUri": "/api/v2/routing/languages?pageSize=2&pageNumber=1"}),
        ),
        other => json_answer(404, &json!({"message": format!("no {other}")})),
    }
}

fn org_options(kinds: &[crate::flow::catalogue::Org]) -> org::Options {
    org::Options { kinds: kinds.to_vec(), page_size: 2, max_pages: 10, redact: Vec::new() }
}

#[test]
fn an_org_recording_follows_next_uris_and_page_numbers_to_the_last_page() {
    use crate::flow::catalogue::Org;
    let fake = Fake::start(org_answer);
    let waits = Arc::new(Mutex::new(Vec::new()));
    let mut c = client(&fake, &waits);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("org.json");
    let kinds = [Org::Queue, Org::Skill, Org::Integration, Org::DataAction];
    let rec =
        org::record(&mut c, &org_options(&kinds), &out, &|| "2026-01-01T00:00:00Z".into()).unwrap();
    assert_eq!(
        rec.kinds,
        [(Org::Queue, 2, 3), (Org::Skill, 2, 2), (Org::Integration, 1, 1), (Org::DataAction, 1, 1)]
    );
    assert_eq!(rec.details, 1, "the one action's contract");
    let cassette = Cassette::load(&out).unwrap();
    assert!(!cassette.to_json_pretty().contains("token-"), "no token is recorded");
    let m = crate::api::org::manifest_from_cassette(&cassette).unwrap().to_tree();
    assert_eq!(
        m["queues"],
        json!([{"name": "Support", "id": "q1"}, {"name": "VIP", "id": "q2"}, {"name": "Sales", "id": "q3"}])
    );
    assert_eq!(
        m["skills"],
        json!([{"name": "Billing", "id": "s1"}, {"name": "Claims", "id": "s2"}])
    );
    assert_eq!(
        m["dataActions"],
        json!([{"name": "Get Balance", "id": "custom_-_a1", "integration": "Acme CRM",
                "inputs": {"account": "string"}, "outputs": {"balance": "number", "tags": "array"}}]),
        "the integration by its id's name, not the category"
    );
}

#[test]
fn an_org_recording_refuses_a_next_page_elsewhere_and_writes_nothing() {
    use crate::flow::catalogue::Org;
    let fake = Fake::start(org_answer);
    let waits = Arc::new(Mutex::new(Vec::new()));
    let mut c = client(&fake, &waits);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("org.json");
    let err = org::record(&mut c, &org_options(&[Org::Queue, Org::WrapupCode]), &out, &|| {
        "2026-01-01T00:00:00Z".into()
    })
    .unwrap_err();
    assert!(err.is_bad_input());
    assert!(err.to_string().contains("is not on the API's host"), "{err}");
    assert!(!out.exists(), "nothing is written");

    let mut c = client(&fake, &waits);
    let err =
        org::record(&mut c, &org_options(&[Org::Group]), &out, &|| String::new()).unwrap_err();
    assert!(err.to_string().starts_with("404 Not Found from GET /api/v2/groups"), "{err}");
    assert!(err.help().contains("--kinds"), "{}", err.help());
    assert!(!out.exists());

    let mut c = client(&fake, &waits);
    let err =
        org::record(&mut c, &org_options(&[Org::Language]), &out, &|| String::new()).unwrap_err();
    assert_eq!(err.to_string(), "languages: more than 10 page(s) (--max-pages)");
    assert!(!out.exists());
}
