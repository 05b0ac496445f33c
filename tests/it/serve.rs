//! `flowsim serve` over real loopback HTTP: the real binary, started with `--port 0`, and a
//! tiny HTTP/1.1 client on `std::net`. Each test starts its own server (faults and ids are
//! per server) and a guard kills it, even when the test panics.

use crate::cli::flowsim;
use crate::support::root;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

/// A running `flowsim serve` on the bundled flows; killed on drop.
pub(crate) struct Server {
    process: crate::support::ServeProcess,
    addr: String,
}

/// One HTTP response.
pub(crate) struct Response {
    pub status: u16,
    headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    #[track_caller]
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Asserts the cloud's error body and returns it.
    #[track_caller]
    pub(crate) fn error(&self, status: u16, code: &str) -> Value {
        let body = self.json();
        assert_eq!(self.status, status, "{body}");
        assert_eq!(body["status"], status, "{body}");
        assert_eq!(body["code"], code, "{body}");
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
        let context = body["contextId"].as_str().expect("contextId");
        assert_eq!(self.header("inin-correlation-id"), Some(context));
        body
    }
}

impl Server {
    #[track_caller]
    fn start(extra: &[&str]) -> Server {
        let mut args = vec!["--flows", "fixtures/flows", "--fixtures", "fixtures/data"];
        args.extend_from_slice(extra);
        Server::start_with(&args)
    }

    /// A server started with exactly these arguments.
    #[track_caller]
    pub(crate) fn start_with(args: &[&str]) -> Server {
        let process = crate::support::ServeProcess::start(args);
        let addr = process.addr().to_owned();
        assert!(addr.starts_with("127.0.0.1:"), "{addr}");
        Server { process, addr }
    }

    /// `127.0.0.1:PORT`.
    pub(crate) fn addr(&self) -> &str {
        &self.addr
    }

    /// Sends one request on a fresh connection and reads the whole answer.
    #[track_caller]
    pub(crate) fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Response {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        // A safety net against a hung server, not a timing assertion.
        stream.set_read_timeout(Some(Duration::from_mins(1))).unwrap();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        // A server that refuses a body from its declared length answers and closes before the
        // body is sent: the write may then fail, and the answer is still there to read.
        let _ = stream.write_all(body);
        let mut raw = Vec::new();
        if let Err(e) = stream.read_to_end(&mut raw) {
            assert!(!raw.is_empty(), "read the response: {e}");
        }
        parse_response(&raw)
    }

    pub(crate) fn get(&self, path: &str, token: &str) -> Response {
        self.request("GET", path, &[("Authorization", &format!("Bearer {token}"))], b"")
    }

    pub(crate) fn post(&self, path: &str, token: &str, body: &Value) -> Response {
        let auth = format!("Bearer {token}");
        let headers = [("Authorization", auth.as_str()), ("Content-Type", "application/json")];
        self.request("POST", path, &headers, body.to_string().as_bytes())
    }

    /// The test-only endpoints (`--test-endpoints`) need no token.
    fn flowsim(&self, method: &str, path: &str, body: &Value) -> Response {
        let body = if body.is_null() { Vec::new() } else { body.to_string().into_bytes() };
        self.request(method, path, &[("Content-Type", "application/json")], &body)
    }

    fn token_response(&self, id: &str, secret: &str) -> Response {
        let basic = format!("Basic {}", base64(&format!("{id}:{secret}")));
        let headers = [
            ("Authorization", basic.as_str()),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ];
        self.request("POST", "/oauth/token", &headers, b"grant_type=client_credentials")
    }

    #[track_caller]
    pub(crate) fn token(&self) -> String {
        let r = self.token_response("my-client", "my-secret");
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        r.json()["access_token"].as_str().expect("a token").to_owned()
    }
}

pub(crate) fn parse_response(raw: &[u8]) -> Response {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a header block");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status = status_line.split(' ').nth(1).and_then(|s| s.parse().ok()).expect(status_line);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        body = unchunk(&body);
    }
    Response { status, headers, body }
}

fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(std::str::from_utf8(&data[..eol]).unwrap().trim(), 16)
            .expect("a chunk size");
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[eol + 2..eol + 2 + size]);
        data = &data[eol + 2 + size + 2..];
    }
    out
}

fn base64(text: &str) -> String {
    flowsim::util::base64::encode(text.as_bytes())
}

fn names(listing: &Value) -> Vec<&str> {
    listing["entities"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect()
}

#[test]
fn prints_its_address_first_and_issues_tokens_for_client_credentials() {
    let s = Server::start(&[]);
    let r = s.token_response("any-client", "any-secret");
    assert_eq!(r.status, 200);
    let body = r.json();
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 86_400);
    let token = body["access_token"].as_str().unwrap();
    assert!(token.starts_with("flowsim-"), "{token}");
    assert_ne!(s.token(), token, "each token is new");

    // Form credentials work too; no credentials, or another grant, do not.
    let form = [("Content-Type", "application/x-www-form-urlencoded")];
    let r = s.request(
        "POST",
        "/oauth/token",
        &form,
        b"grant_type=client_credentials&client_id=a&client_secret=b",
    );
    assert_eq!(r.status, 200);
    let r = s.request("POST", "/oauth/token", &form, b"grant_type=client_credentials");
    assert_eq!((r.status, r.json()["error"].as_str()), (401, Some("invalid_client")));
    let r = s.request("POST", "/oauth/token", &form, b"grant_type=password&username=x");
    assert_eq!((r.status, r.json()["error"].as_str()), (400, Some("unsupported_grant_type")));
}

#[test]
fn api_calls_need_a_token_this_server_issued() {
    let s = Server::start(&[]);
    let r = s.request("GET", "/api/v2/flows", &[], b"");
    let body = r.error(401, "authentication.required");
    assert_eq!(body["details"], json!([]));
    assert_eq!(r.header("content-type"), Some("application/json"));
    s.get("/api/v2/flows", "flowsim-made-up").error(401, "bad.credentials");
    let basic = [("Authorization", "Basic YTpi")];
    s.request("GET", "/api/v2/flows", &basic, b"").error(401, "authentication.required");
    assert_eq!(s.get("/api/v2/flows", &s.token()).status, 200);
}

#[test]
fn a_configured_client_pair_is_the_only_one_accepted() {
    let s = Server::start(&["--client-id", "my-client", "--client-secret", "my-secret"]);
    let r = s.token_response("my-client", "wrong");
    assert_eq!((r.status, r.json()["error"].as_str()), (401, Some("invalid_client")));
    assert_eq!(s.token_response("other", "my-secret").status, 401);
    assert_eq!(s.get("/api/v2/flows/inbound-flow-a", &s.token()).status, 200);
}

#[test]
fn flows_list_pages_and_filters_like_the_cloud() {
    let s = Server::start(&[]);
    let t = s.token();
    let all = s.get("/api/v2/flows", &t).json();
    assert_eq!(
        names(&all),
        [
            "Contact_Lookup",
            "Inbound_Flow_A",
            "Inbound_Flow_B",
            "Queue_Occupancy_Routing",
            "Shared_Module_Language_Select"
        ]
    );
    assert_eq!(
        (&all["total"], &all["pageSize"], &all["pageNumber"], &all["pageCount"]),
        (&json!(5), &json!(25), &json!(1), &json!(1))
    );
    assert!(all.get("nextUri").is_none() && all.get("previousUri").is_none());

    let page = s.get("/api/v2/flows?pageSize=2&pageNumber=2", &t).json();
    assert_eq!(names(&page), ["Inbound_Flow_B", "Queue_Occupancy_Routing"]);
    assert_eq!((&page["total"], &page["pageCount"]), (&json!(5), &json!(3)));
    assert_eq!(page["nextUri"], "/api/v2/flows?pageSize=2&pageNumber=3");
    assert_eq!(page["previousUri"], "/api/v2/flows?pageSize=2&pageNumber=1");
    assert_eq!(page["lastUri"], "/api/v2/flows?pageSize=2&pageNumber=3");
    let past = s.get("/api/v2/flows?pageSize=2&pageNumber=9", &t).json();
    assert_eq!(past["entities"], json!([]));

    let by_name = |q: &str| s.get(&format!("/api/v2/flows?{q}"), &t).json();
    assert_eq!(names(&by_name("name=FLOW_")), ["Inbound_Flow_A", "Inbound_Flow_B"]);
    assert_eq!(names(&by_name("name=inbound*b")), ["Inbound_Flow_B"]);
    assert_eq!(
        by_name("name=flow_a&pageSize=1")["firstUri"],
        "/api/v2/flows?name=flow_a&pageSize=1&pageNumber=1"
    );
    assert_eq!(by_name("type=INBOUNDCALL")["total"], 5);
    assert_eq!(by_name("type=inboundcall,WORKFLOW")["total"], 5);
    assert_eq!(by_name("type=inbound")["total"], 5, "our spelling maps to the cloud's");
    assert_eq!(by_name("type=COMMONMODULE")["total"], 0);
    assert_eq!(
        names(&by_name("id=contact-lookup&id=inbound-flow-b")),
        ["Contact_Lookup", "Inbound_Flow_B"]
    );
    assert_eq!(names(&by_name("sortOrder=desc&pageSize=1")), ["Shared_Module_Language_Select"]);

    for bad in ["pageSize=0", "pageSize=abc", "pageNumber=0", "pageSize=501"] {
        let r = s.get(&format!("/api/v2/flows?{bad}"), &t);
        r.error(400, "bad.request");
    }
}

#[test]
fn a_flow_reads_in_the_cloud_shape() {
    let s = Server::start(&[]);
    let t = s.token();
    // A flow whose id is no GUID answers with the GUID derived from its name.
    let a = s.get("/api/v2/flows/inbound-flow-a", &t).json();
    assert_eq!(a["id"], "df39ed6f-6a2a-89ec-96b5-4aad296e56d6");
    assert_eq!(a["name"], "Inbound_Flow_A");
    assert_eq!(a["type"], "INBOUNDCALL");
    assert_eq!(a["active"], true);
    assert_eq!(a["publishedVersion"]["id"], "1.0");
    assert_eq!(a["publishedVersion"]["type"], "PUBLISH");
    assert_eq!(a["checkedInVersion"]["id"], "2.0");
    assert_eq!(a["selfUri"], "/api/v2/flows/df39ed6f-6a2a-89ec-96b5-4aad296e56d6");
    assert_eq!(a["division"]["name"], "Home");

    let never_published = s.get("/api/v2/flows/contact-lookup", &t).json();
    assert_eq!(never_published["active"], false);
    assert!(never_published.get("publishedVersion").is_none());
    assert_eq!(never_published["checkedInVersion"]["id"], "1.0");

    assert_eq!(
        s.get("/api/v2/flows/Inbound_Flow_A", &t).json()["id"],
        "df39ed6f-6a2a-89ec-96b5-4aad296e56d6"
    );
    let body = s.get("/api/v2/flows/no-such-flow", &t).error(404, "flow.not.found");
    assert!(body["message"].as_str().unwrap().contains("no-such-flow"));
}

#[test]
fn executions_run_with_input_data_and_report_output_data() {
    let s = Server::start(&[]);
    let t = s.token();
    let launch = json!({"flowId": "inbound-flow-a", "name": "nightly", "inputData": {"Flow.customerId": "A-1001", "n": 3}});
    let launched = s.post("/api/v2/flows/executions", &t, &launch);
    assert_eq!(launched.status, 200);
    let launched = launched.json();
    assert_eq!(
        launched,
        json!({
            "id": "e0000000-0000-4000-8000-000000000001",
            "name": "nightly",
            "flowVersion": {"id": "1.0", "name": "Inbound_Flow_A", "selfUri": "/api/v2/flows/df39ed6f-6a2a-89ec-96b5-4aad296e56d6/versions/1.0"},
            "selfUri": "/api/v2/flows/executions/e0000000-0000-4000-8000-000000000001",
        })
    );
    let execution =
        s.get("/api/v2/flows/executions/e0000000-0000-4000-8000-000000000001", &t).json();
    assert_eq!(execution["status"], "COMPLETED");
    assert_eq!(execution["completionReason"], "completed");
    assert_eq!(execution["outputData"], json!({"Flow.customerId": "A-1001", "n": 3}));
    assert_eq!(execution["dateLaunched"], "2026-01-01T09:00:00.000Z");
    assert!(execution["dateCompleted"].as_str().unwrap() >= "2026-01-01T09:00:00.000Z");
    assert_eq!(execution["flowVersion"]["type"], "PUBLISH");
    assert!(execution.get("flowErrorInfo").is_none());

    // The draft of the shared module, with no Gather input, ends in error: FAILED.
    let failing = json!({"flowId": "5a1d3f2e-0001-4c3b-9a57-shared000001", "flowVersion": "draft"});
    let id =
        s.post("/api/v2/flows/executions", &t, &failing).json()["id"].as_str().unwrap().to_owned();
    let execution = s.get(&format!("/api/v2/flows/executions/{id}"), &t).json();
    assert_eq!(execution["status"], "FAILED");
    assert_eq!(execution["completionReason"], "failed");
    assert_eq!(execution["flowErrorInfo"]["code"], "flowFailed");
    assert_eq!(
        execution["flowErrorInfo"]["messageParams"]["flowName"],
        "Shared_Module_Language_Select"
    );
    assert_eq!(execution["flowVersion"]["id"], "2.0");

    // flowsim's extensions: Gather inputs and a context. A disconnect is COMPLETED.
    let busy = json!({"flowId": "queue-occupancy-routing", "inputs": ["1"], "context": {"from": "+15558888888"}});
    let id =
        s.post("/api/v2/flows/executions", &t, &busy).json()["id"].as_str().unwrap().to_owned();
    let execution = s.get(&format!("/api/v2/flows/executions/{id}"), &t).json();
    assert_eq!(
        (&execution["status"], &execution["completionReason"]),
        (&json!("COMPLETED"), &json!("disconnected"))
    );
    assert_eq!(execution["outputData"]["Flow.queueName"], "Sales");

    let post = |body: &Value| s.post("/api/v2/flows/executions", &t, body);
    post(&json!({"flowId": "nope"})).error(400, "flow.not.found");
    post(&json!({"name": "no flow"})).error(400, "bad.request");
    post(&json!({"flowId": "contact-lookup", "flowVersion": "9.0"}))
        .error(400, "flow.version.not.found");
    post(&json!({"flowId": "contact-lookup", "flowVersion": "published"}))
        .error(400, "flow.version.not.found");
    let r = s.request(
        "POST",
        "/api/v2/flows/executions",
        &[("Authorization", &format!("Bearer {t}"))],
        b"{not json",
    );
    r.error(400, "bad.request");
    s.get("/api/v2/flows/executions/e0000000-0000-4000-8000-00000000ffff", &t)
        .error(404, "not.found");
}

#[test]
fn simulations_answer_with_the_local_run_result() {
    let s = Server::start(&[]);
    let t = s.token();
    let request: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("fixtures/requests/contact_lookup.json")).unwrap(),
    )
    .unwrap();
    let r = s.post("/api/v2/architect/simulations", &t, &request);
    assert_eq!(r.status, 200);
    let cli = flowsim(&[
        "run",
        "--flows",
        "fixtures/flows",
        "--fixtures",
        "fixtures/data",
        "--request",
        "fixtures/requests/contact_lookup.json",
        "--format",
        "json",
    ]);
    let local: Value = serde_json::from_str(&cli.stdout).unwrap();
    assert_eq!(r.json(), local, "the emulator answers exactly what `flowsim run` computes");
    assert_eq!(local["trace"][0]["nodeType"], "GetExternalContactAction");

    let bad_node = json!({"flowId": "inbound-flow-a", "nodeId": "CheckResul"});
    let body = s.post("/api/v2/architect/simulations", &t, &bad_node).error(400, "bad.request");
    assert_eq!(body["details"], json!([{"errorCode": "invalidNodeId", "fieldName": "nodeId"}]));
    assert!(body["message"].as_str().unwrap().contains("did you mean `CheckResult`?"), "{body}");
    let body = s
        .post("/api/v2/architect/simulations", &t, &json!({"flowId": "nope"}))
        .error(400, "bad.request");
    assert_eq!(body["details"][0]["errorCode"], "flowNotFound");
    let body = s
        .post(
            "/api/v2/architect/simulations",
            &t,
            &json!({"flowName": "Inbound_Flow_A", "inputs": ["1x"]}),
        )
        .error(400, "bad.request");
    assert_eq!(body["details"][0]["errorCode"], "badInput");
}

#[test]
fn conversations_run_their_flow_with_the_conversations_context() {
    let s = Server::start(&[]);
    let t = s.token();
    // A conversation launch's body, as a call from a known caller: the lookup finds Ann (gold) → VIP.
    let call = json!({
        "type": "call",
        "wrapUpCode": "General",
        "routing": {"flowId": "contact-lookup"},
        "participants": [{"id": "external", "name": "Ann Lee", "address": "+15551234567", "role": "customer"}],
        "messages": [{"text": "Hello, I need assistance.", "authorId": "external"}],
    });
    let r = s.post("/api/v2/conversations", &t, &call);
    assert_eq!(r.status, 200);
    let created = r.json();
    assert_eq!(created["id"], "c0000000-0000-4000-8000-000000000001");
    assert_eq!(created["state"], "queued");
    assert_eq!(
        created["routing"],
        json!({"flowId": "bb172200-754e-8551-80b0-5ea8ae9dbc7b", "queueId": "q-vip", "queueName": "VIP", "agentId": null})
    );
    assert_eq!(created["selfUri"], "/api/v2/conversations/c0000000-0000-4000-8000-000000000001");
    let read = s.get("/api/v2/conversations/c0000000-0000-4000-8000-000000000001", &t).json();
    assert_eq!(read, created);
    let execution = s.get(created["flowExecution"]["selfUri"].as_str().unwrap(), &t).json();
    assert_eq!(execution["conversation"]["id"], created["id"]);
    assert_eq!(execution["status"], "COMPLETED");

    // A chat whose flow schedules a callback and disconnects.
    let chat = json!({
        "type": "chat",
        "routing": {"flowId": "Queue_Occupancy_Routing"},
        "participants": [{"name": "Bo", "phoneNumber": "+15558888888", "purpose": "customer"}],
        "inputs": ["1"],
    });
    let created = s.post("/api/v2/conversations", &t, &chat).json();
    assert_eq!(created["state"], "disconnected");
    assert_eq!(created["routing"]["queueId"], Value::Null);
    assert!(created["endTime"].is_string());

    let post = |body: &Value| s.post("/api/v2/conversations", &t, body);
    post(&json!({"type": "chat"})).error(400, "bad.request");
    post(&json!({"type": "chat", "routing": {"flowId": "nope"}})).error(400, "flow.not.found");
    post(&json!({"routing": {"flowId": "contact-lookup"}})).error(400, "bad.request");
    post(&json!({"type": "call", "routing": {"flowId": "contact-lookup"}, "participants": {}}))
        .error(400, "bad.request");
    s.get("/api/v2/conversations/c0000000-0000-4000-8000-00000000ffff", &t).error(404, "not.found");
}

#[test]
fn unknown_paths_and_methods_get_the_cloud_error_body() {
    let s = Server::start(&[]);
    let t = s.token();
    s.get("/api/v2/nothing-here", &t).error(404, "not.found");
    s.request("GET", "/", &[], b"").error(404, "not.found");
    let r = s.request("DELETE", "/api/v2/flows", &[("Authorization", &format!("Bearer {t}"))], b"");
    r.error(405, "method.not.allowed");
    assert_eq!(
        r.header("date"),
        Some("Thu, 01 Jan 2026 09:00:00 GMT"),
        "no wall clock in responses"
    );
}

#[test]
fn the_same_requests_get_byte_identical_responses() {
    let session = |s: &Server| {
        let t = s.token();
        let mut out = vec![t.clone()];
        let bodies = [
            s.post(
                "/api/v2/flows/executions",
                &t,
                &json!({"flowId": "inbound-flow-b", "inputData": {"x": 1}}),
            ),
            s.get("/api/v2/flows/executions/e0000000-0000-4000-8000-000000000001", &t),
            s.post(
                "/api/v2/conversations",
                &t,
                &json!({"type": "call", "routing": {"flowId": "inbound-flow-a"}, "inputs": ["1"]}),
            ),
            s.post(
                "/api/v2/architect/simulations",
                &t,
                &json!({"flowName": "Inbound_Flow_A", "inputs": ["2"]}),
            ),
            s.get("/api/v2/flows/nope", &t),
        ];
        for r in bodies {
            out.push(format!(
                "{} {:?} {}",
                r.status,
                r.header("date"),
                String::from_utf8_lossy(&r.body)
            ));
        }
        out
    };
    let (a, b) = (Server::start(&[]), Server::start(&[]));
    assert_eq!(session(&a), session(&b));
}

#[test]
fn injected_faults_answer_429_500_401_and_slow_then_clear() {
    let s = Server::start(&["--test-endpoints"]);
    let t = s.token();
    let sim = json!({"flowName": "Inbound_Flow_A", "inputs": ["1"]});
    let faults = json!([
        {"path": "/api/v2/architect/simulations", "status": 429, "retryAfter": 2},
        {"path": "/api/v2/architect/simulations", "status": 500, "times": 2},
        {"status": 401},
        {"delayMs": 50},
    ]);
    let pending = s.flowsim("POST", "/__flowsim/faults", &faults);
    assert_eq!(pending.status, 200);
    assert_eq!(pending.json().as_array().unwrap().len(), 4);

    let r = s.post("/api/v2/architect/simulations", &t, &sim);
    let body = r.error(429, "too.many.requests");
    assert_eq!(r.header("retry-after"), Some("2"));
    assert!(body["message"].as_str().unwrap().contains("[2] seconds"));
    s.post("/api/v2/architect/simulations", &t, &sim).error(500, "internal.server.error");
    let left = s.flowsim("GET", "/__flowsim/faults", &Value::Null).json();
    assert_eq!(left[0]["times"], 1, "a fault counts down: {left}");
    s.post("/api/v2/architect/simulations", &t, &sim).error(500, "internal.server.error");
    s.get("/api/v2/flows", &t).error(401, "bad.credentials");
    let slow = s.get("/api/v2/flows", &t);
    assert_eq!(slow.status, 200, "a delay alone still serves the request");
    assert_eq!(s.post("/api/v2/architect/simulations", &t, &sim).json()["status"], "completed");
    assert_eq!(s.flowsim("GET", "/__flowsim/faults", &Value::Null).json(), json!([]));

    let log = s.flowsim("GET", "/__flowsim/requests", &Value::Null).json();
    let seen: Vec<String> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {}",
                e["method"].as_str().unwrap(),
                e["path"].as_str().unwrap(),
                e["status"],
                e["fault"]
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            "POST /oauth/token 200 false",
            "POST /api/v2/architect/simulations 429 true",
            "POST /api/v2/architect/simulations 500 true",
            "POST /api/v2/architect/simulations 500 true",
            "GET /api/v2/flows 401 true",
            "GET /api/v2/flows 200 true",
            "POST /api/v2/architect/simulations 200 false",
        ]
    );
    assert_eq!(s.flowsim("DELETE", "/__flowsim/requests", &Value::Null).json(), json!([]));
}

#[test]
fn faults_match_paths_methods_and_the_token_endpoint_only_when_named() {
    let s = Server::start(&["--test-endpoints"]);
    let t = s.token();
    s.flowsim("POST", "/__flowsim/faults", &json!({"status": 503, "times": 5}));
    assert_eq!(s.token_response("a", "b").status, 200, "faults without a path spare /oauth/token");
    s.get("/api/v2/flows", &t).error(503, "service.unavailable");
    assert_eq!(s.flowsim("DELETE", "/__flowsim/faults", &Value::Null).json(), json!([]));

    s.flowsim(
        "POST",
        "/__flowsim/faults",
        &json!([
            {"path": "/oauth/token", "status": 500},
            {"path": "/api/v2/flows/*", "method": "get", "status": 404, "message": "gone"},
        ]),
    );
    s.token_response("a", "b").error(500, "internal.server.error");
    assert_eq!(s.get("/api/v2/flows", &t).status, 200, "the prefix is /api/v2/flows/");
    assert_eq!(
        s.post("/api/v2/flows/executions", &t, &json!({"flowId": "contact-lookup"})).status,
        200
    );
    let body = s.get("/api/v2/flows/contact-lookup", &t).error(404, "not.found");
    assert_eq!(body["message"], "gone");

    for bad in [
        json!({"times": 2}),
        json!({"status": 302}),
        json!({"status": 500, "times": 0}),
        json!({"stauts": 500}),
        json!({"status": 500, "path": "api"}),
    ] {
        let r = s.flowsim("POST", "/__flowsim/faults", &bad);
        assert_eq!((r.status, &r.json()["code"]), (400, &json!("bad.request")), "{bad}");
    }
}

#[test]
fn the_hidden_flag_injects_faults_from_the_start() {
    let s = Server::start(&[
        "--test-endpoints",
        "--inject-fault",
        r#"{"status": 429, "retryAfter": 3}"#,
    ]);
    let t = s.token();
    let r = s.get("/api/v2/flows", &t);
    r.error(429, "too.many.requests");
    assert_eq!(r.header("retry-after"), Some("3"));
    assert_eq!(s.get("/api/v2/flows", &t).status, 200);
    let help = flowsim(&["serve", "--help"]);
    assert!(help.stdout.contains("--port") && !help.stdout.contains("inject"), "{}", help.stdout);
}

#[test]
fn bad_serve_arguments_exit_2_with_a_fix() {
    let o = flowsim(&[
        "serve",
        "--flows",
        "fixtures/flows",
        "--test-endpoints",
        "--inject-fault",
        "{\"status\": 200}",
    ]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("not an error status"), "{}", o.stderr);
    let o = flowsim(&["serve", "--flows", "fixtures/flows", "--inject-fault", "{\"status\": 500}"]);
    assert_eq!(o.code, 2, "faults only with --test-endpoints");
    assert!(o.stderr.contains("--test-endpoints"), "{}", o.stderr);
    let o = flowsim(&["serve", "--flows", "no/such/dir", "--port", "0"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    let o = flowsim(&["serve", "--flows", "fixtures/flows", "--client-id", "x", "--port", "0"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("--client-secret"), "{}", o.stderr);

    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let o = flowsim(&["serve", "--flows", "fixtures/flows", "--port", &port]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("cannot listen on 127.0.0.1:") && o.stderr.contains("--port 0"),
        "{}",
        o.stderr
    );
}

#[cfg(unix)]
#[test]
fn an_interrupt_stops_the_server_cleanly() {
    let mut s = Server::start(&[]);
    assert_eq!(s.token_response("a", "b").status, 200);
    let pid = s.process.child.id().to_string();
    let kill = Command::new("kill").args(["-INT", &pid]).status().expect("kill runs");
    assert!(kill.success());
    let status = s.process.child.wait().expect("the server exits");
    assert!(status.success(), "{status:?}");
}

#[test]
fn archy_flows_are_served_and_a_workflow_execution_returns_its_output_variables() {
    let s =
        Server::start(&["--flows", "fixtures/archy/flows", "--fixtures", "fixtures/archy/data"]);
    let t = s.token();
    let listed = s.get("/api/v2/flows?name=callback*", &t).json();
    assert_eq!(listed["entities"][0]["name"], "Callback Retry", "{listed}");
    assert_eq!(listed["entities"][0]["type"], "WORKFLOW", "{listed}");
    let flow = s.get("/api/v2/flows/Callback%20Retry", &t).json();
    assert_eq!(flow["name"], "Callback Retry", "{flow}");
    // An Archy file is one definition, published as it is: its checked-in version is the
    // published one, as the cloud reports a flow just published with `archy publish`.
    assert_eq!(flow["publishedVersion"]["id"], "1.0", "{flow}");
    assert_eq!(flow["checkedInVersion"]["id"], "1.0", "{flow}");
    assert_eq!(flow["checkedInVersion"]["type"], "PUBLISH", "{flow}");

    let launch =
        json!({"flowId": "Callback Retry", "inputData": {"Flow.customerNumber": "+15551234567"}});
    let launched = s.post("/api/v2/flows/executions", &t, &launch).json();
    let id = launched["id"].as_str().expect("an execution id").to_owned();
    let execution = s.get(&format!("/api/v2/flows/executions/{id}"), &t).json();
    assert_eq!(execution["status"], "COMPLETED", "{execution}");
    // Only the workflow's output variables (isOutput), as Architect returns them.
    assert_eq!(
        execution["outputData"],
        json!({"Flow.attempt": 1, "Flow.result": "callback on attempt 2"}),
        "{execution}"
    );
}

#[test]
fn the_test_endpoints_exist_only_with_their_flag() {
    let s = Server::start(&[]);
    let t = s.token();
    for (method, path) in [
        ("GET", "/__flowsim/faults"),
        ("POST", "/__flowsim/faults"),
        ("DELETE", "/__flowsim/faults"),
        ("GET", "/__flowsim/requests"),
        ("DELETE", "/__flowsim/requests"),
    ] {
        let body =
            if method == "POST" { json!({"status": 500, "times": 100}) } else { Value::Null };
        s.flowsim(method, path, &body).error(404, "not.found");
    }
    assert_eq!(s.get("/api/v2/flows", &t).status, 200, "no fault was queued");
    let help = flowsim(&["serve", "--help"]);
    assert!(help.stdout.contains("--test-endpoints"), "{}", help.stdout);
}

#[test]
fn the_fault_queue_and_delays_are_bounded() {
    let s = Server::start(&["--test-endpoints"]);
    let too_many: Vec<Value> = (0..101).map(|_| json!({"status": 500})).collect();
    let body = s.flowsim("POST", "/__flowsim/faults", &json!(too_many)).error(400, "bad.request");
    assert!(body["message"].as_str().unwrap().contains("at most 100"), "{body}");
    let hundred: Vec<Value> = (0..100).map(|_| json!({"status": 500})).collect();
    assert_eq!(s.flowsim("POST", "/__flowsim/faults", &json!(hundred)).status, 200);
    let body =
        s.flowsim("POST", "/__flowsim/faults", &json!({"status": 500})).error(400, "bad.request");
    assert!(body["message"].as_str().unwrap().contains("at most 100"), "{body}");
    let body = s
        .flowsim("POST", "/__flowsim/faults", &json!({"delayMs": 30_001}))
        .error(400, "bad.request");
    assert!(body["message"].as_str().unwrap().contains("at most 30000"), "{body}");
}

/// Sends `head` and `body` on a connection of its own, on a thread, and reads until the server
/// answers or closes: the thread ends either way (the read timeout is only a safety net).
fn held_request(addr: &str, head: String, body: &'static [u8]) -> std::thread::JoinHandle<Vec<u8>> {
    let mut stream = TcpStream::connect(addr).unwrap();
    std::thread::spawn(move || {
        stream.set_read_timeout(Some(Duration::from_mins(1))).unwrap();
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        raw
    })
}

impl Server {
    /// Waits until the fault queue is empty: a fault leaves it when it takes its request, which
    /// is then in flight.
    #[track_caller]
    fn wait_for_faults_taken(&self) {
        let mut waited = 0;
        while self.flowsim("GET", "/__flowsim/faults", &Value::Null).json() != json!([]) {
            waited += 1;
            assert!(waited < 500, "the held request never arrived");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// SIGTERM, then the exit status, waiting at most 2 s (a generous bound, not a benchmark:
    /// the stop takes a few milliseconds, and what is cut would take 5 s to 30 s otherwise).
    #[track_caller]
    fn terminate_promptly(&mut self) -> std::process::ExitStatus {
        let pid = self.process.child.id().to_string();
        assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
        for _ in 0..40 {
            if let Some(status) = self.process.child.try_wait().unwrap() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the server was still running 2 s after SIGTERM, with a request in flight");
    }
}

/// A request held by a fault's delay does not keep the server alive after SIGTERM: the delay
/// ends at once and the client gets the 503 (or, cut after the grace, a closed connection).
#[cfg(unix)]
#[test]
fn sigterm_stops_the_server_with_a_delayed_request_in_flight() {
    let mut s = Server::start(&[
        "--test-endpoints",
        "--inject-fault",
        r#"{"path": "/api/v2/flows", "delayMs": 20000}"#,
    ]);
    let t = s.token();
    let head = format!("GET /api/v2/flows HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {t}\r\nConnection: close\r\n\r\n");
    let held = held_request(&s.addr, head, b"");
    s.wait_for_faults_taken();
    let status = s.terminate_promptly();
    assert!(status.success(), "{status:?}");
    let raw = held.join().unwrap();
    if !raw.is_empty() {
        parse_response(&raw).error(503, "service.unavailable");
    }
}

/// A request whose body never comes (the server would wait 30 s for it) is cut: the process
/// still exits at once, and the client sees its connection closed (or a 503 saying the server
/// is shutting down, when the signal reaches the request first), not a hang.
#[cfg(unix)]
#[test]
fn sigterm_cuts_a_request_in_flight_and_closes_its_connection() {
    let mut s = Server::start(&[
        "--test-endpoints",
        "--inject-fault",
        // A 1 ms delay only to see, from the queue, that the request has arrived.
        r#"{"path": "/api/v2/architect/simulations", "delayMs": 1}"#,
    ]);
    let t = s.token();
    let head = format!(
        "POST /api/v2/architect/simulations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {t}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    );
    let held = held_request(&s.addr, head, b"{\"flowId\"");
    s.wait_for_faults_taken();
    let status = s.terminate_promptly();
    assert!(status.success(), "{status:?}");
    let raw = held.join().expect("the client's read ends: the connection closed");
    // Cut (nothing), or, when the shutdown reached the request first, told so: never a hang.
    if !raw.is_empty() {
        parse_response(&raw).error(503, "service.unavailable");
    }
}

#[test]
fn framework_errors_come_in_the_cloud_shape() {
    let s = Server::start(&[]);
    let t = s.token();
    let auth = format!("Bearer {t}");
    let json_headers = [("Authorization", auth.as_str()), ("Content-Type", "application/json")];
    let sim = "/api/v2/architect/simulations";
    let body = s.request("POST", sim, &json_headers, b"{not json").error(400, "bad.request");
    assert!(body["message"].as_str().unwrap().contains("not valid"), "{body}");
    // The declared length decides at once: a 3 MiB body is refused before any of it is sent
    // (a body the server never reads would turn its close into a reset that can eat the answer).
    let mut stream = TcpStream::connect(&s.addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_mins(1))).unwrap();
    let head = format!(
        "POST {sim} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nAuthorization: {auth}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        s.addr,
        3 * 1024 * 1024
    );
    stream.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    if let Err(e) = stream.read_to_end(&mut raw) {
        assert!(!raw.is_empty(), "read the response: {e}");
    }
    let body = parse_response(&raw).error(413, "request.entity.too.large");
    assert!(body["message"].as_str().unwrap().contains("2097152 bytes"), "{body}");
    s.request("GET", "/api/v2/flows/executions/%ZZ", &json_headers, b"").error(404, "not.found");
    s.request("PUT", "/oauth/token", &[], b"").error(405, "method.not.allowed");
    // Bytes that are not HTTP/1.1 at all: a TLS hello, a stray line, a header without a name.
    for (bytes, status, code) in [
        (&b"\x16\x03\x01\x00\xa5\x01\x00\x00"[..], 400, "bad.request"),
        (b"hello server\r\n\r\n", 400, "bad.request"),
        (b"GET /api/v2/flows HTTP/1.1\r\n: no name\r\n\r\n", 400, "bad.request"),
    ] {
        let mut stream = TcpStream::connect(&s.addr).expect("connect");
        stream.set_read_timeout(Some(Duration::from_mins(1))).unwrap();
        stream.write_all(bytes).unwrap();
        let mut raw = Vec::new();
        if let Err(e) = stream.read_to_end(&mut raw) {
            assert!(!raw.is_empty(), "read the response: {e}");
        }
        let body = parse_response(&raw).error(status, code);
        assert!(
            body["message"].as_str().unwrap().contains("HTTP/1.1")
                || body["message"].as_str().unwrap().contains("name: value"),
            "{body}"
        );
    }
}

#[test]
fn a_connection_that_sends_no_complete_head_in_time_is_answered_408_and_closed() {
    let s = Server::start(&["--header-timeout-ms", "300"]);
    let mut slow = TcpStream::connect(&s.addr).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    slow.write_all(b"GET /api/v2/flows HTTP/1.1\r\nHost: x\r\n").unwrap();
    let mut raw = Vec::new();
    slow.read_to_end(&mut raw).expect("the server closes the connection");
    parse_response(&raw).error(408, "request.timeout");

    let mut idle = TcpStream::connect(&s.addr).unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut raw = Vec::new();
    idle.read_to_end(&mut raw).expect("an idle connection is closed");
    assert!(raw.is_empty(), "nothing was asked: {}", String::from_utf8_lossy(&raw));
    assert_eq!(s.token_response("a", "b").status, 200, "the server still serves");
}

/// The GUID the emulator gives the bundled `Acme Main IVR` (an Archy flow, whose own id is its
/// name): derived from the name, so the same on every run (docs/emulator.md).
const ACME_GUID: &str = "c7cccd5f-8d81-82f1-8375-d95f82ac3b54";

#[test]
fn flows_without_a_guid_get_one_from_their_name_and_every_route_takes_it() {
    let archy = ["--flows", "fixtures/archy/flows", "--fixtures", "fixtures/archy/data"];
    let s = Server::start(&archy);
    let t = s.token();
    let listed = s.get("/api/v2/flows?name=acme%20main", &t).json();
    assert_eq!(listed["entities"][0]["id"], ACME_GUID, "{listed}");
    assert_eq!(listed["entities"][0]["selfUri"], format!("/api/v2/flows/{ACME_GUID}"));
    // Every flow has a GUID, each its own.
    let all = s.get("/api/v2/flows?pageSize=100", &t).json();
    let ids: Vec<&str> =
        all["entities"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert!(ids.iter().all(|id| id.len() == 36 && id.matches('-').count() == 4), "{ids:?}");
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    // The same on another run.
    let again = Server::start(&archy);
    let t2 = again.token();
    assert_eq!(again.get("/api/v2/flows?pageSize=100", &t2).json()["entities"], all["entities"]);

    // By GUID (any case), and by name as before.
    for key in [ACME_GUID.to_owned(), ACME_GUID.to_uppercase(), "Acme%20Main%20IVR".to_owned()] {
        let flow = s.get(&format!("/api/v2/flows/{key}"), &t).json();
        assert_eq!((&flow["id"], &flow["name"]), (&json!(ACME_GUID), &json!("Acme Main IVR")));
        // Found (an Archy flow has no configuration to give: 501, not 404).
        for path in ["latestconfiguration", "versions/1.0/configuration"] {
            let config = s.get(&format!("/api/v2/flows/{key}/{path}"), &t);
            assert_eq!(config.status, 501, "{}", String::from_utf8_lossy(&config.body));
        }
    }
    let by_id = s.get(&format!("/api/v2/flows?id={ACME_GUID}"), &t).json();
    assert_eq!(by_id["total"], 1, "{by_id}");
    assert_eq!(by_id["entities"][0]["name"], "Acme Main IVR");

    // Launches by GUID; the run's own result keeps the flow's own id.
    let context = json!({"startTime": "2026-01-06T15:00:00Z"});
    let launch = json!({"flowId": ACME_GUID, "inputs": ["9"], "context": context});
    let launched = s.post("/api/v2/flows/executions", &t, &launch).json();
    let self_uri = launched["flowVersion"]["selfUri"].as_str().unwrap();
    assert_eq!(self_uri, format!("/api/v2/flows/{ACME_GUID}/versions/1.0"), "{launched}");
    let execution = s.get(launched["selfUri"].as_str().unwrap(), &t).json();
    assert_eq!(execution["status"], "COMPLETED", "{execution}");
    let sim = json!({"flowId": ACME_GUID, "inputs": ["9"], "context": context});
    let result = s.post("/api/v2/architect/simulations", &t, &sim).json();
    assert_eq!(
        (&result["status"], &result["flowId"]),
        (&json!("disconnected"), &json!("Acme Main IVR"))
    );
    let by_name = json!({"flowName": ACME_GUID, "inputs": ["9"], "context": context});
    assert_eq!(
        s.post("/api/v2/architect/simulations", &t, &by_name).json()["status"],
        "disconnected"
    );
    let call = json!({
        "type": "call",
        "routing": {"flowId": ACME_GUID},
        "participants": [{"address": "+15551234567", "purpose": "customer"}],
        "inputs": ["9"],
    });
    let created = s.post("/api/v2/conversations", &t, &call).json();
    assert_eq!(created["routing"]["flowId"], ACME_GUID, "{created}");
    let session =
        s.post("/api/v2/flowsim/sessions", &t, &json!({"flowId": ACME_GUID, "context": context}));
    assert_eq!(session.status, 201, "{}", String::from_utf8_lossy(&session.body));
    assert_eq!(session.json()["waitingFor"]["flowId"], ACME_GUID);

    // Execution data names the flow by its GUID, and is found by it or by name.
    for key in [ACME_GUID, "Acme Main IVR"] {
        let query = json!({"query": [{"criteria": {"key": "FlowId", "value": key}}]});
        let found = s.post("/api/v2/flows/instances/query?pageSize=25", &t, &query).json();
        assert!(found["total"].as_u64().unwrap() >= 3, "{key}: {found}");
        assert_eq!(found["entities"][0]["flowId"], ACME_GUID);
    }
}

#[test]
fn instances_are_found_by_a_flows_guid_own_id_or_name() {
    let s = Server::start(&[]);
    let t = s.token();
    let sim = json!({"flowId": "contact-lookup", "context": {"from": "+15551234567"}});
    assert_eq!(s.post("/api/v2/architect/simulations", &t, &sim).status, 200);
    let guid = "bb172200-754e-8551-80b0-5ea8ae9dbc7b";
    for key in ["contact-lookup", "Contact_Lookup", guid, &guid.to_uppercase()] {
        let query = json!({"query": [{"criteria": {"key": "FlowId", "value": key}}]});
        let found = s.post("/api/v2/flows/instances/query", &t, &query).json();
        assert_eq!(found["total"], 1, "{key}: {found}");
        assert_eq!(found["entities"][0]["flowId"], guid);
        let other =
            json!({"query": [{"criteria": {"key": "FlowId", "operator": "neq", "value": key}}]});
        assert_eq!(s.post("/api/v2/flows/instances/query", &t, &other).json()["total"], 0, "{key}");
    }

    // A module a run called is named by its GUID in the execution data too.
    let sim = json!({"flowId": "inbound-flow-a", "context": {"conversationId": "conv-m"}});
    assert_eq!(s.post("/api/v2/architect/simulations", &t, &sim).status, 200);
    let query = json!({"query": [{"criteria": {"key": "ConversationId", "value": "conv-m"}}]});
    let found = s.post("/api/v2/flows/instances/query", &t, &query).json();
    let id = found["entities"][0]["id"].as_str().expect("an instance").to_owned();
    let doc = s.get(&format!("/api/v2/downloads/flowinstances/{id}"), &t).json();
    assert_eq!(doc["flow"]["flowId"], "df39ed6f-6a2a-89ec-96b5-4aad296e56d6", "{doc}");
    assert_eq!(find_module(&doc)["flowId"], "6bda68ea-0543-8151-83db-a5be55f6e6d6", "{doc}");
}

/// The first `commonModule` object in `v`.
fn find_module(v: &Value) -> Value {
    match v {
        Value::Object(m) => m.get("commonModule").cloned().unwrap_or_else(|| {
            m.values().map(find_module).find(|x| !x.is_null()).unwrap_or(Value::Null)
        }),
        Value::Array(a) => a.iter().map(find_module).find(|x| !x.is_null()).unwrap_or(Value::Null),
        _ => Value::Null,
    }
}
