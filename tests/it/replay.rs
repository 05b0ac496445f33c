//! Recorded-API mode end to end, over real loopback HTTP: `flowsim serve` (or a scripted
//! server for what the emulator cannot do), `flowsim record` into a cassette, `flowsim replay`
//! of it, the bundled cassettes. Retries are checked by counters (the recorder's `calls` and
//! the emulator's request log), never by timing.

use crate::cli::{flowsim, Output};
use crate::support::root;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

const CLIENT_ID: &str = "3b1f6c2e-client-id-9d41";
const CLIENT_SECRET: &str = "s3cr3t-Zq8Xr2Lw7Nv4Kp1";

/// A running `flowsim serve` with this file's client credentials; killed on drop.
struct Serve {
    _process: crate::support::ServeProcess,
    url: String,
}

impl Serve {
    #[track_caller]
    fn start(flows: &Path) -> Serve {
        let process = crate::support::ServeProcess::start(&[
            std::ffi::OsStr::new("--flows"),
            flows.as_os_str(),
            "--fixtures".as_ref(),
            "fixtures/data".as_ref(),
            "--client-id".as_ref(),
            CLIENT_ID.as_ref(),
            "--client-secret".as_ref(),
            CLIENT_SECRET.as_ref(),
            "--test-endpoints".as_ref(),
        ]);
        Serve { url: process.url.clone(), _process: process }
    }

    fn agent() -> ureq::Agent {
        ureq::Agent::config_builder().http_status_as_error(false).proxy(None).build().into()
    }

    /// Queues faults (the test-only endpoint of `api::server`).
    #[track_caller]
    fn faults(&self, faults: Value) {
        let r = Self::agent()
            .post(&format!("{}/__flowsim/faults", self.url))
            .header("Content-Type", "application/json")
            .send(faults.to_string())
            .expect("the fault endpoint answers");
        assert!(r.status().is_success(), "{}", r.status());
    }

    /// The requests served so far: `[{method, path, status, fault}]`.
    fn log(&self) -> Vec<Value> {
        let text = Self::agent()
            .get(&format!("{}/__flowsim/requests", self.url))
            .call()
            .expect("the log endpoint answers")
            .into_body()
            .read_to_string()
            .unwrap();
        serde_json::from_str(&text).unwrap()
    }

    /// `METHOD path status` per logged request.
    fn log_lines(&self) -> Vec<String> {
        self.log()
            .iter()
            .map(|r| {
                format!(
                    "{} {} {}",
                    r["method"].as_str().unwrap(),
                    r["path"].as_str().unwrap(),
                    r["status"]
                )
            })
            .collect()
    }
}

/// Runs `flowsim ARGS` in the repository root with the OAuth client in the environment and
/// a 1 ms backoff.
#[track_caller]
fn flowsim_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_flowsim"));
    cmd.args(args).current_dir(root()).env("FLOWSIM_RETRY_BASE_MS", "1");
    cmd.env_remove("GENESYS_CLIENT_ID").env_remove("GENESYS_CLIENT_SECRET");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("the binary runs");
    let o = Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!o.stderr.contains("panicked"), "flowsim panicked:\n{}", o.stderr);
    o
}

const CREDENTIALS: [(&str, &str); 2] =
    [("GENESYS_CLIENT_ID", CLIENT_ID), ("GENESYS_CLIENT_SECRET", CLIENT_SECRET)];

/// `flowsim record --base-url URL --out OUT EXTRA...` with the OAuth client set.
#[track_caller]
fn record(url: &str, out: &Path, extra: &[&str]) -> Output {
    let out = out.to_str().unwrap();
    let mut args = vec!["record", "--base-url", url, "--out", out];
    args.extend_from_slice(extra);
    flowsim_env(&args, &CREDENTIALS)
}

#[track_caller]
fn replay(cassette: &Path, flows: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["replay", cassette.to_str().unwrap(), "--flows", flows.to_str().unwrap()];
    args.extend_from_slice(&["--fixtures", "fixtures/data"]);
    args.extend_from_slice(extra);
    flowsim(&args)
}

#[track_caller]
fn cassette(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("the cassette exists"))
        .expect("the cassette is JSON")
}

#[track_caller]
fn json_out(o: &Output) -> Value {
    serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", o.stdout, o.stderr))
}

fn flows_dir() -> PathBuf {
    root().join("fixtures/flows")
}

/// A copy of the bundled flows in a temporary directory, to edit.
fn copy_flows(dir: &Path) -> PathBuf {
    let flows = dir.join("flows");
    std::fs::create_dir_all(&flows).unwrap();
    for entry in std::fs::read_dir(flows_dir()).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, flows.join(p.file_name().unwrap())).unwrap();
    }
    flows
}

#[test]
fn a_recording_holds_no_secret() {
    let serve = Serve::start(&flows_dir());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.json");
    let o = record(
        &serve.url,
        &out,
        &["--request", "fixtures/requests/contact_lookup.json", "--redact", "/body/context/from"],
    );
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let text = std::fs::read_to_string(&out).unwrap();
    for secret in [CLIENT_ID, CLIENT_SECRET, "Bearer", "Basic ", "access_token", "flowsim-"] {
        assert!(!text.contains(secret), "{secret} is in the cassette:\n{text}");
    }
    assert!(!text.to_lowercase().contains("authorization"), "{text}");
    let c = cassette(&out);
    let i = &c["interactions"][0];
    assert_eq!(i["request"]["body"]["context"]["from"], "REDACTED");
    assert_eq!(i["request"]["body"]["context"]["to"], "+15550000000", "only the named path");
    assert_eq!(c["redactions"], json!(["/body/context/from"]));
    let headers: Vec<&String> = i["response"]["headers"].as_object().unwrap().keys().collect();
    assert_eq!(headers, ["content-type"], "only allow-listed headers");
    assert!(i["request"].get("headers").is_none(), "requests keep no headers at all");
    assert_eq!(i["request"]["method"], "POST");
    assert_eq!(i["request"]["path"], "/api/v2/architect/simulations");
    assert_eq!(i["response"]["status"], 200);
    assert!(i["recordedAt"].as_str().unwrap().ends_with('Z'));
    assert_eq!(c["baseUrl"], serve.url);
    assert_eq!(c["formatVersion"], 1);
    // The token was really used: one token call, one simulation.
    assert_eq!(
        serve.log_lines(),
        ["POST /oauth/token 200", "POST /api/v2/architect/simulations 200"]
    );
}

/// `--base-url http://user:pass@host`: the credentials are neither recorded nor printed.
#[test]
fn credentials_in_the_base_url_are_stripped() {
    let serve = Serve::start(&flows_dir());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.json");
    let with_userinfo = serve.url.replace("http://", "http://url-user:url-Pa55word@");
    let o = record(&with_userinfo, &out, &["--request", "fixtures/requests/contact_lookup.json"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let text = std::fs::read_to_string(&out).unwrap();
    for secret in ["url-user", "url-Pa55word", "@127.0.0.1"] {
        assert!(!text.contains(secret), "{secret} is in the cassette:\n{text}");
        assert!(!o.stdout.contains(secret) && !o.stderr.contains(secret), "{secret} printed");
    }
    assert_eq!(cassette(&out)["baseUrl"], serve.url);
    assert!(o.stderr.contains("--base-url are ignored"), "{}", o.stderr);
}

/// A server that echoes every credential back (the worst API): the scrub still keeps them out.
#[test]
fn credentials_echoed_by_the_api_are_scrubbed() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::<String>::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = Vec::new();
            let mut len = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap_or(0);
                }
                head.push(line.trim_end().to_owned());
            }
            let mut body = vec![0; len];
            let _ = reader.read_exact(&mut body);
            let body = String::from_utf8_lossy(&body).into_owned();
            log.lock().unwrap().push(head.join("\n"));
            let answer = if head[0].starts_with("POST /oauth/token") {
                json!({"access_token": "tok-9f8e7d6c5b4a", "expires_in": 3600, "token_type": "bearer"})
            } else {
                json!({"status": "completed", "trace": [], "echo": head, "request": body,
                       "tok-9f8e7d6c5b4a": CLIENT_SECRET})
            };
            let text = answer.to_string();
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nSet-Cookie: session={CLIENT_SECRET}\r\nX-Token: tok-9f8e7d6c5b4a\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                text.len()
            );
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.json");
    let o = record(&url, &out, &["--request", "fixtures/requests/contact_lookup.json"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let seen = seen.lock().unwrap().clone();
    assert!(seen[0].starts_with("POST /oauth/token"), "{seen:?}");
    assert!(seen[1].contains("Bearer tok-9f8e7d6c5b4a"), "the token was sent: {seen:?}");
    let text = std::fs::read_to_string(&out).unwrap();
    for secret in [CLIENT_ID, CLIENT_SECRET, "tok-9f8e7d6c5b4a", "session="] {
        assert!(!text.contains(secret), "{secret} is in the cassette:\n{text}");
    }
    assert!(text.contains("Bearer REDACTED"), "{text}");
}

#[test]
fn record_from_serve_replay_matches_then_a_changed_flow_diverges_at_its_step() {
    let dir = tempfile::tempdir().unwrap();
    let serve = Serve::start(&flows_dir());
    let out = dir.path().join("c.json");
    let o =
        record(&serve.url, &out, &["--scenarios", "fixtures/cassettes/emulator.scenarios.yaml"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.ends_with("5 recorded; 5 interaction(s) in the cassette\n"), "{}", o.stdout);

    let o = replay(&out, &flows_dir(), &[]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert_eq!(o.stdout.matches("MATCH ").count(), 5, "{}", o.stdout);
    assert!(o.stdout.ends_with("5 matched, 0 diverged\n"), "{}", o.stdout);

    // Gold is no longer VIP: the gold caller now takes CheckTier's default at step 2.
    let flows = copy_flows(dir.path());
    let file = flows.join("contact_lookup.json");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace(r#"tier == \"gold\""#, r#"tier == \"platinum\""#)).unwrap();
    let o = replay(&out, &flows, &[]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    let expected = "DIVERGED ".to_owned()
        + out.to_str().unwrap()
        + " › #1 a gold caller is greeted by name and routed to VIP (Contact_Lookup)\n"
        + "     the path diverges at step 3: recorded Contact_Lookup/SayVip [Say], local Contact_Lookup/SayKnown [Say]\n"
        + "       step 2 Contact_Lookup/CheckTier [If] took the default → SayKnown\n"
        + "         condition[0] `LookupContact.contact.attributes.tier == \"platinum\"` was false\n"
        + "         read LookupContact.contact.attributes.tier = \"gold\"\n"
        + "       recorded path: [LookupContact, CheckTier, SayVip, RouteVip, EndFlow]\n"
        + "       local path:    [LookupContact, CheckTier, SayKnown, RouteSupport, EndFlow]\n"
        + "     differences (recorded → local):\n"
        + "       /response/body/trace/2/nodeId: \"SayVip\" → \"SayKnown\"\n"
        + "       /response/body/route/queueId: \"q-vip\" → \"q-support\"\n";
    assert!(o.stdout.starts_with(&expected), "{}", o.stdout);
    assert!(o.stdout.ends_with("4 matched, 1 diverged\n"), "{}", o.stdout);

    // The same, as data.
    let o = replay(&out, &flows, &["--format", "json"]);
    assert_eq!(o.code, 1);
    let j = json_out(&o);
    assert_eq!(
        (j["ok"].clone(), j["diverged"].clone(), j["matched"].clone()),
        (json!(false), json!(1), json!(4))
    );
    let first = &j["report"]["interactions"][0];
    assert_eq!(first["outcome"], "diverged");
    assert_eq!(first["divergence"]["step"], 3);
    assert_eq!(first["divergence"]["recorded"], "Contact_Lookup/SayVip [Say]");
    assert_eq!(first["divergence"]["local"], "Contact_Lookup/SayKnown [Say]");
    assert_eq!(
        first["diffs"][0],
        json!({"path": "/response/body/trace/2/nodeId", "recorded": "SayVip", "local": "SayKnown"})
    );
}

#[test]
fn record_rides_out_each_injected_fault() {
    let serve = Serve::start(&flows_dir());
    let dir = tempfile::tempdir().unwrap();
    let sim = "/api/v2/architect/simulations";
    serve.faults(json!([
        {"path": sim, "status": 429, "retryAfter": 1},
        {"path": sim, "status": 500},
        {"path": sim, "status": 503},
        {"path": sim, "status": 401},
        {"path": sim, "delayMs": 200},
    ]));
    let out = dir.path().join("c.json");
    let o = record(
        &serve.url,
        &out,
        &["--request", "fixtures/requests/contact_lookup.json", "--format", "json"],
    );
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let j = json_out(&o);
    assert_eq!(
        j["calls"],
        json!({"requests": 5, "tokenRequests": 2, "rateLimited": 1, "serverErrors": 2,
               "transportErrors": 0, "tokenRefreshes": 1})
    );
    assert_eq!(j["recorded"], 1);
    assert_eq!(
        serve.log_lines(),
        [
            "POST /oauth/token 200",
            "POST /api/v2/architect/simulations 429",
            "POST /api/v2/architect/simulations 500",
            "POST /api/v2/architect/simulations 503",
            "POST /api/v2/architect/simulations 401",
            "POST /oauth/token 200",
            "POST /api/v2/architect/simulations 200",
        ]
    );
    assert!(
        o.stderr.contains("429 Too Many Requests: waiting 1.0 s (Retry-After), retry 1 of 5"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("500 Internal Server Error: retrying in"), "{}", o.stderr);
    assert!(
        o.stderr.contains("401 Unauthorized: the token was refused; fetching a new one"),
        "{}",
        o.stderr
    );
    // Only the final answer is recorded.
    let c = cassette(&out);
    assert_eq!(c["interactions"].as_array().unwrap().len(), 1);
    assert_eq!(c["interactions"][0]["response"]["status"], 200);
    assert_eq!(c["interactions"][0]["response"]["body"]["status"], "completed");
    assert_eq!(replay(&out, &flows_dir(), &[]).code, 0);
}

#[test]
fn a_slow_answer_past_the_timeout_is_retried() {
    let serve = Serve::start(&flows_dir());
    let dir = tempfile::tempdir().unwrap();
    // The first simulation answers after 10 s; the recorder gives up on it after 1 s and retries.
    serve.faults(json!({"path": "/api/v2/architect/simulations", "delayMs": 10_000}));
    let out = dir.path().join("c.json");
    let o = record(
        &serve.url,
        &out,
        &[
            "--request",
            "fixtures/requests/contact_lookup.json",
            "--format",
            "json",
            "--http-timeout-ms",
            "1000",
        ],
    );
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let j = json_out(&o);
    // At least the slow one timed out (a retry on a very busy machine might too).
    let timeouts = j["calls"]["transportErrors"].as_u64().unwrap();
    assert!(timeouts >= 1, "{j}");
    assert_eq!(j["calls"]["requests"].as_u64().unwrap(), timeouts + 1, "{j}");
    assert!(o.stderr.contains("no answer in time: retrying in"), "{}", o.stderr);
    assert_eq!(cassette(&out)["interactions"][0]["response"]["status"], 200);
}

#[test]
fn retries_are_bounded_and_refusals_are_bad_input() {
    let serve = Serve::start(&flows_dir());
    let dir = tempfile::tempdir().unwrap();
    let request = ["--request", "fixtures/requests/contact_lookup.json"];

    // A failing API: 1 try and 3 retries, then exit 1 and no cassette.
    serve.faults(json!({"path": "/api/v2/architect/simulations", "status": 500, "times": 10}));
    let out = dir.path().join("c.json");
    let o = record(&serve.url, &out, &request);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout.contains("gave up on POST /api/v2/architect/simulations after 4 attempt(s)"),
        "{}",
        o.stdout
    );
    assert!(!out.exists());
    assert_eq!(serve.log().iter().filter(|r| r["status"] == 500).count(), 4);

    // A missing scope names it: exit 2.
    let agent = Serve::agent();
    agent.delete(&format!("{}/__flowsim/faults", serve.url)).call().unwrap();
    serve.faults(json!({"path": "/api/v2/architect/simulations", "status": 403}));
    let o = record(&serve.url, &out, &request);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("403 Forbidden"), "{}", o.stdout);
    assert!(o.stdout.contains("architect:flow:run"), "{}", o.stdout);

    // A bad node id is the API's 400: named, the other requests still recorded, exit 2.
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"flowName": "Contact_Lookup", "nodeId": "LookupContac"}"#).unwrap();
    let good = root().join("fixtures/requests/contact_lookup.json");
    let o = record(&serve.url, &out, &["--request", bad.to_str().unwrap(), good.to_str().unwrap()]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout.contains("400 Bad Request from POST /api/v2/architect/simulations"),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout.contains("help: check the request's flowId / flowName and nodeId"),
        "{}",
        o.stdout
    );
    assert_eq!(cassette(&out)["interactions"].as_array().unwrap().len(), 1);

    // Wrong credentials: the token endpoint refuses them; exit 2 naming the variables.
    let o = flowsim_env(
        &[
            "record",
            "--base-url",
            &serve.url,
            "--out",
            out.to_str().unwrap(),
            "--mode",
            "all",
            "--request",
            good.to_str().unwrap(),
        ],
        &[("GENESYS_CLIENT_ID", CLIENT_ID), ("GENESYS_CLIENT_SECRET", "wrong-secret-value")],
    );
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("GENESYS_CLIENT_SECRET"), "{}", o.stdout);
    assert!(!o.stdout.contains("wrong-secret-value") && !o.stderr.contains("wrong-secret-value"));
    assert_eq!(cassette(&out)["interactions"].as_array().unwrap().len(), 1, "nothing lost");
}

#[test]
fn modes_once_new_all_none() {
    let serve = Serve::start(&flows_dir());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.json");
    let lookup = root().join("fixtures/requests/contact_lookup.json");
    let other = dir.path().join("vip.json");
    std::fs::write(&other, r#"{"flowName": "Inbound_Flow_A", "inputs": ["1"]}"#).unwrap();
    let (lookup, other) = (lookup.to_str().unwrap(), other.to_str().unwrap());
    let sims = |serve: &Serve| serve.log().iter().filter(|r| r["path"] != "/oauth/token").count();

    let o = record(&serve.url, &out, &["--request", lookup]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let o = record(&serve.url, &out, &["--request", lookup, other]);
    assert_eq!(o.code, 0);
    assert!(o.stdout.contains("exists: nothing recorded (--mode once"), "{}", o.stdout);
    assert_eq!(sims(&serve), 1);

    let o = record(&serve.url, &out, &["--request", lookup, other, "--mode", "new"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("1 recorded, 1 kept; 2 interaction(s)"), "{}", o.stdout);
    assert_eq!(sims(&serve), 2);

    // none never touches the network and needs no credentials or base URL.
    let o = flowsim_env(
        &["record", "--out", out.to_str().unwrap(), "--request", lookup, other, "--mode", "none"],
        &[],
    );
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let third = dir.path().join("third.json");
    std::fs::write(&third, r#"{"flowName": "Inbound_Flow_B", "inputs": ["2"]}"#).unwrap();
    let o = flowsim_env(
        &[
            "record",
            "--out",
            out.to_str().unwrap(),
            "--request",
            lookup,
            third.to_str().unwrap(),
            "--mode",
            "none",
        ],
        &[],
    );
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout.contains("missing   third (") && o.stdout.contains("1 missing"),
        "{}",
        o.stdout
    );
    assert_eq!(sims(&serve), 2);

    // all records everything again and drops what no request asks for.
    let o = record(&serve.url, &out, &["--request", other, "--mode", "all"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("1 recorded, 1 dropped; 1 interaction(s)"), "{}", o.stdout);
    assert_eq!(cassette(&out)["interactions"][0]["name"], "vip");
    assert_eq!(sims(&serve), 3);

    // Without credentials there is nothing to record with.
    let o = flowsim_env(
        &[
            "record",
            "--base-url",
            &serve.url,
            "--out",
            dir.path().join("n.json").to_str().unwrap(),
            "--request",
            lookup,
        ],
        &[],
    );
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET"), "{}", o.stderr);
}

#[test]
fn an_interrupted_recording_keeps_every_interaction_already_recorded() {
    let serve = Serve::start(&flows_dir());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.json");
    // The third simulation hangs (30 s, the longest delay a fault may ask for); kill the
    // recorder while it waits.
    serve.faults(json!([{"path": "/api/v2/architect/simulations", "delayMs": 0, "times": 2},
                        {"path": "/api/v2/architect/simulations", "delayMs": 30_000}]));
    let mut child = Command::new(env!("CARGO_BIN_EXE_flowsim"))
        .args(["record", "--base-url", &serve.url, "--out", out.to_str().unwrap()])
        .args(["--scenarios", "fixtures/cassettes/emulator.scenarios.yaml"])
        .env("GENESYS_CLIENT_ID", CLIENT_ID)
        .env("GENESYS_CLIENT_SECRET", CLIENT_SECRET)
        .current_dir(root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait (by the emulator's log, not the clock) until the third simulation is in flight:
    // the log counts served requests, so wait for the two that were answered.
    let mut polls = 0;
    loop {
        let answered =
            serve.log().iter().filter(|r| r["path"] == "/api/v2/architect/simulations").count();
        let recorded = flowsim::api::cassette::Cassette::load_if_exists(&out)
            .ok()
            .flatten()
            .map_or(0, |c| c.interactions.len());
        if answered >= 2 && recorded == 2 {
            break;
        }
        polls += 1;
        assert!(polls < 1200, "the recorder never recorded two interactions");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    // What the killed recorder left (the cassette and its journal) loads whole.
    let c =
        flowsim::api::cassette::Cassette::load(&out).expect("what a killed recorder left loads");
    let names: Vec<&str> = c.interactions.iter().map(|i| i.name.as_deref().unwrap()).collect();
    assert_eq!(
        names,
        [
            "a gold caller is greeted by name and routed to VIP",
            "an unknown caller takes the error path"
        ]
    );
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["c.json", "c.json.journal"], "no temporary file beside the cassette");
    // Interactions were appended, not the cassette rewritten after each (linear, not
    // quadratic): the file itself still holds none, the journal one line per interaction.
    assert_eq!(cassette(&out)["interactions"], json!([]));
    let journal = std::fs::read_to_string(dir.path().join("c.json.journal")).unwrap();
    assert_eq!(journal.lines().count(), 3, "a header and two interactions: {journal}");
    // Replay reads it as the recording it is.
    let replay = crate::cli::flowsim(&[
        "replay",
        out.to_str().unwrap(),
        "--flows",
        "fixtures/flows",
        "--fixtures",
        "fixtures/data",
    ]);
    assert!(!replay.stderr.contains("not a valid cassette"), "{}", replay.stderr);
}

#[test]
fn the_bundled_emulator_cassette_is_what_the_emulator_records() {
    let serve = Serve::start(&flows_dir());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.json");
    let o = record(
        &serve.url,
        &out,
        &[
            "--scenarios",
            "fixtures/cassettes/emulator.scenarios.yaml",
            "--redact",
            "/response/body/trace/*/result/contact/email",
        ],
    );
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let strip = |mut c: Value| {
        c["baseUrl"] = Value::Null;
        for i in c["interactions"].as_array_mut().unwrap() {
            i["recordedAt"] = Value::Null;
        }
        c
    };
    let bundled = cassette(&root().join("fixtures/cassettes/emulator.json"));
    assert_eq!(strip(cassette(&out)), strip(bundled), "re-record it as the README shows");
}

#[test]
fn bundled_cassettes_replay() {
    let flows = flows_dir();
    let o = replay(&root().join("fixtures/cassettes/emulator.json"), &flows, &[]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.ends_with("5 matched, 0 diverged\n"), "{}", o.stdout);

    let diverging = root().join("fixtures/cassettes/diverging.json");
    let o = replay(&diverging, &flows, &[]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("the path diverges at step 3: recorded Contact_Lookup/SayKnown [Say], local Contact_Lookup/SayVip [Say]"), "{}", o.stdout);
    assert!(o.stdout.contains("step 1 Contact_Lookup/LookupContact [GetExternalContactAction] ran with another outcome: result.contact recorded {\"id\":\"c-uk-7\"}, local null"), "{}", o.stdout);
    assert!(o.stdout.contains("read Call.Ani = \"+442071234567\""), "{}", o.stdout);
    assert!(o.stdout.ends_with("1 matched, 2 diverged\n"), "{}", o.stdout);

    // With the config, the UK contact is a known gap; Ann's branch still fails.
    let junit = tempfile::NamedTempFile::new().unwrap();
    let o = replay(
        &diverging,
        &flows,
        &[
            "--config",
            "fixtures/cassettes/replay.yaml",
            "--junit-out",
            junit.path().to_str().unwrap(),
        ],
    );
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("KNOWN    "), "{}", o.stdout);
    assert!(
        o.stdout.contains("known gap: the org has a contact for this UK number"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.ends_with("1 matched, 1 diverged, 1 known gap(s)\n"), "{}", o.stdout);
    let xml = std::fs::read_to_string(junit.path()).unwrap();
    assert!(xml.contains("tests=\"3\"") && xml.contains("failures=\"1\""), "{xml}");
    assert!(xml.contains("the path diverges at step 3"), "{xml}");

    // Both cassettes at once, and a config that also excuses Ann's branch: exit 0.
    let cfg = tempfile::Builder::new().suffix(".yaml").tempfile().unwrap();
    std::fs::write(
        cfg.path(),
        "knownGaps:\n  - {cassette: diverging.json, interaction: 2, reason: UK contact}\n  - {cassette: diverging.json, path: /response/body/trace/2, reason: tier rule differs}\n  - {cassette: diverging.json, path: /body/route, reason: tier rule differs}\n",
    )
    .unwrap();
    let o = flowsim(&[
        "replay",
        "fixtures/cassettes/emulator.json",
        "fixtures/cassettes/diverging.json",
        "--flows",
        "fixtures/flows",
        "--fixtures",
        "fixtures/data",
        "--config",
        cfg.path().to_str().unwrap(),
    ]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.ends_with("6 matched, 0 diverged, 2 known gap(s)\n"), "{}", o.stdout);
}

#[test]
fn replay_bad_input_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let o = flowsim(&["replay", "nope.json", "--flows", "fixtures/flows"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("error[notFound]: no such cassette\n  --> nope.json\n"),
        "{}",
        o.stderr
    );

    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"formatVersion\": 1,\n \"baseUrl\": \"x\", \"interactions\": [{}]}")
        .unwrap();
    let o = replay(&broken, &flows_dir(), &[]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("broken.json:2:"), "{}", o.stdout);

    let cfg = dir.path().join("r.yaml");
    std::fs::write(&cfg, "ignore: [/a]\nknowngaps: []\n").unwrap();
    let o = replay(
        &root().join("fixtures/cassettes/emulator.json"),
        &flows_dir(),
        &["--config", cfg.to_str().unwrap()],
    );
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("r.yaml:2:") && o.stderr.contains("knowngaps"), "{}", o.stderr);

    // A recorded request the interpreter cannot read is bad input too.
    let mut c = cassette(&root().join("fixtures/cassettes/emulator.json"));
    c["interactions"][0]["request"]["body"]["inputs"] = json!([true]);
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, c.to_string()).unwrap();
    let o = replay(&bad, &flows_dir(), &[]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("INVALID  "), "{}", o.stdout);
}

/// A response body that is not a run result cannot be compared: exit 2, naming the file, the
/// interaction and what is wrong (it used to "match", comparing nothing).
#[test]
fn a_malformed_recorded_response_exits_2_naming_the_interaction() {
    let dir = tempfile::tempdir().unwrap();
    for (body, why) in [
        (json!("garbage"), "response.body is a text"),
        (json!(null), "response.body is null"),
        (json!([]), "response.body is a list"),
        (json!(5), "response.body is a number"),
        (json!({"trace": "x"}), "response.body has no `status`"),
    ] {
        let mut c = cassette(&root().join("fixtures/cassettes/emulator.json"));
        c["interactions"][1]["response"]["body"] = body.clone();
        let file = dir.path().join("malformed.json");
        std::fs::write(&file, c.to_string()).unwrap();
        let o = replay(&file, &flows_dir(), &[]);
        assert_eq!(o.code, 2, "{body}: {}{}", o.stdout, o.stderr);
        let line = o.stdout.lines().find(|l| l.starts_with("INVALID")).unwrap_or_default();
        assert!(
            line.contains("malformed.json › #2 ") && line.contains(why),
            "{body}: {}",
            o.stdout
        );
        assert_eq!(o.stdout.matches("MATCH    ").count(), 4, "the others still run: {}", o.stdout);
    }
}
