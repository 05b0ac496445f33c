//! The simulation streamed (`Accept: application/x-ndjson`, docs/emulator.md) over a real
//! loopback socket: the lines `flowsim run --format ndjson` prints, in a chunked body, past the
//! JSON form's step cap; refusals still the cloud's 400; a client that leaves ends its run.

use crate::cli::flowsim;
use crate::serve::Server;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

const SIMULATIONS: &str = "/api/v2/architect/simulations";
const NDJSON: &str = "application/x-ndjson";

fn post_ndjson(s: &Server, token: &str, body: &Value) -> crate::serve::Response {
    let auth = format!("Bearer {token}");
    let headers = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
        ("Accept", NDJSON),
    ];
    s.request("POST", SIMULATIONS, &headers, body.to_string().as_bytes())
}

#[test]
fn a_streamed_simulation_answers_the_lines_run_prints_past_the_json_cap() {
    let s = Server::start_with(&["--flows", "fixtures/flows-bench"]);
    let t = s.token();
    let request = json!({
        "flowName": "Bench_Loop",
        "maxSteps": 120_000,
        "variables": {"Flow.iterations": 100_000},
    });
    let r = post_ndjson(&s, &t, &request);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body[..r.body.len().min(500)]));
    assert_eq!(r.header("content-type"), Some(NDJSON));
    assert_eq!(r.header("transfer-encoding"), Some("chunked"));
    let cli = flowsim(&[
        "run",
        "Bench_Loop",
        "--flows",
        "fixtures/flows-bench",
        "--max-steps",
        "120000",
        "--var",
        "Flow.iterations=100000",
        "--format",
        "ndjson",
    ]);
    assert_eq!(cli.code, 0, "{}", cli.stderr);
    let body = String::from_utf8(r.body).expect("UTF-8");
    assert!(body == cli.stdout, "the server streams what `flowsim run --format ndjson` prints");
    let summary: Value = serde_json::from_str(body.lines().last().unwrap()).unwrap();
    assert_eq!(summary["status"], "stepLimit");
    assert_eq!(summary["steps"], 120_000);

    // The JSON form keeps its cap, and says how to go past it.
    let r = s.post(SIMULATIONS, &t, &request);
    let e = r.error(400, "bad.request");
    assert_eq!(e["details"][0]["errorCode"], "badMaxSteps");
    assert!(e["message"].as_str().unwrap().contains(NDJSON), "{e}");

    // Below the cap, both forms run the same steps.
    let small = json!({"flowName": "Bench_Loop", "variables": {"Flow.iterations": 20}});
    let whole = s.post(SIMULATIONS, &t, &small).json();
    let streamed = post_ndjson(&s, &t, &small);
    let lines: Vec<Value> = String::from_utf8(streamed.body)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let trace = whole["trace"].as_array().unwrap();
    assert_eq!(lines.len(), trace.len() + 1);
    assert!(lines[..trace.len()].iter().all(|l| trace.contains(l)));
    assert_eq!(lines.last().unwrap()["variables"], whole["variables"]);
}

#[test]
fn a_streamed_simulation_is_refused_like_the_json_one() {
    let s = Server::start_with(&["--flows", "fixtures/flows-bench"]);
    let t = s.token();
    let e = post_ndjson(&s, &t, &json!({"flowName": "Nope"})).error(400, "bad.request");
    assert_eq!(e["details"][0]["errorCode"], "flowNotFound");
    let e = post_ndjson(&s, &t, &json!({"flowName": "Bench_Loop", "maxSteps": 20_000_000}))
        .error(400, "bad.request");
    assert_eq!(e["details"][0]["errorCode"], "badMaxSteps");
    // No token, no run.
    let r = s.request("POST", SIMULATIONS, &[("Accept", NDJSON)], b"{}");
    assert_eq!(r.status, 401);
}

#[test]
fn a_client_that_leaves_ends_its_streamed_run() {
    let s = Server::start_with(&["--flows", "fixtures/flows-bench"]);
    let t = s.token();
    // Ten-million-step runs (minutes each), as many as the server runs at once: each is cut
    // as soon as its client has read the first bytes and gone.
    let body = json!({
        "flowName": "Bench_Loop",
        "maxSteps": 10_000_000,
        "variables": {"Flow.iterations": 10_000_000},
        "budgets": {"traceBytes": 1u64 << 40},
    })
    .to_string();
    for _ in 0..8 {
        let mut c = TcpStream::connect(s.addr()).unwrap();
        c.set_read_timeout(Some(Duration::from_mins(1))).unwrap();
        let head = format!(
            "POST {SIMULATIONS} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {t}\r\nAccept: {NDJSON}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        c.write_all(head.as_bytes()).unwrap();
        c.write_all(body.as_bytes()).unwrap();
        let mut first = [0u8; 4096];
        let n = c.read(&mut first).unwrap();
        assert!(String::from_utf8_lossy(&first[..n]).starts_with("HTTP/1.1 200"));
        drop(c);
    }
    // Were they still running, this run would wait for a slot for minutes (the client's
    // timeout is a minute).
    let r = s.post(SIMULATIONS, &t, &json!({"flowName": "Bench_Loop"}));
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["status"], "completed");
}
