//! Runs driven from outside: scripted events in requests and scenarios, runs that
//! wait for input, and the errors for events that cannot be.

use crate::cli::flowsim;
use crate::support::root;
use flowsim::engine::{self, request::RunRequest, result::Status, RunOptions};
use flowsim::fixtures::FixtureStore;
use flowsim::flow::Registry;
use std::sync::OnceLock;

fn live() -> &'static (Registry, FixtureStore) {
    static LIVE: OnceLock<(Registry, FixtureStore)> = OnceLock::new();
    LIVE.get_or_init(|| {
        let reg = Registry::load_dir(&root().join("fixtures/live/flows"))
            .registry
            .expect("the live flows load");
        let fixtures = FixtureStore::load(&[root().join("fixtures/live/data/queues.json")])
            .expect("the live fixtures load");
        (reg, fixtures)
    })
}

fn request(json: serde_json::Value) -> RunRequest {
    serde_json::from_value(json).expect("a valid request")
}

#[test]
fn the_live_scenarios_pass() {
    let out = flowsim(&["test", "fixtures/live"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("6 passed, 0 failed"), "{}", out.stdout);
}

#[test]
fn a_set_event_routes_the_call_and_shows_in_the_result() {
    let (reg, fixtures) = live();
    let req = request(serde_json::json!({
        "flowName": "Orchestrated_Routing",
        "inputs": ["1"],
        "events": [{"when": {"waitingAt": "AwaitDecision"},
                    "set": {"Flow.finalRoutingDecision": "route_to_vm"}}],
    }));
    let r = engine::Run::new(reg, fixtures, &req).result().expect("runs");
    assert_eq!(r.fired.len(), 1);
    let route = r.route.as_ref().expect("routed");
    assert!(format!("{route:?}").contains("Voicemail"), "{route:?}");
    // Without the event, the flow decides itself: the queue has agents.
    let req = request(serde_json::json!({"flowName": "Orchestrated_Routing", "inputs": ["1"]}));
    let r = engine::Run::new(reg, fixtures, &req).result().expect("runs");
    assert!(r.fired.is_empty());
    assert!(format!("{:?}", r.route).contains("Support"), "{:?}", r.route);
}

#[test]
fn a_paused_run_waits_where_it_needs_input_and_resumes_with_it() {
    let (reg, fixtures) = live();
    let options = RunOptions { pause_for_input: true, ..RunOptions::default() };
    let req = request(serde_json::json!({"flowName": "Orchestrated_Routing"}));
    let r = engine::Run::new(reg, fixtures, &req).options(options).result().expect("runs");
    assert_eq!(r.status, Status::Waiting);
    let at = r.waiting.expect("waits");
    assert_eq!((&*at.name, at.kind.as_str(), at.input), ("MainMenu", "digits", 0));
    assert!(r.trace.iter().all(|s| s.node != at.node), "the waiting step is not in the trace");
    assert_eq!(r.elapsed_ms, 0, "no time passes while the run waits");
    let req = request(serde_json::json!({"flowName": "Orchestrated_Routing", "inputs": ["1"]}));
    let r = engine::Run::new(reg, fixtures, &req).options(options).result().expect("runs");
    assert_eq!(r.status, Status::Waiting);
    let at = r.waiting.expect("waits again");
    assert_eq!((&*at.name, at.input), ("AwaitDecision", 1));
}

#[test]
fn events_that_cannot_be_are_refused_before_the_run_with_the_nearest_name() {
    let (reg, fixtures) = live();
    let cases = [
        (
            serde_json::json!({"when": {"waitingAt": "AwaitDecison"}, "digits": "1"}),
            "event 1: no action `AwaitDecison` in the flows; did you mean `AwaitDecision`?",
        ),
        (
            serde_json::json!({"when": {"input": 1}, "queue": {"name": "Suport", "waiting": 2}}),
            "event 1: no queue `Suport` in the fixtures; did you mean `Support`?",
        ),
        (
            serde_json::json!({"when": {"input": 1, "afterStep": 2}, "digits": "1"}),
            "event 1: `when` takes exactly one of waitingAt, input, afterStep, time",
        ),
        (
            serde_json::json!({"when": {"time": "yesterday"}, "digits": "1"}),
            "event 1: `time` \"yesterday\" is not a date and time (RFC 3339)",
        ),
        (
            serde_json::json!({"when": {"afterStep": 1}}),
            "event 1: the event does nothing: give set, queue, dataAction, digits or agentAnswers",
        ),
        (
            serde_json::json!({"when": {"afterStep": 1}, "dataAction": {"name": "x"}}),
            "event 1: `dataAction` takes `fail: MESSAGE` or `timeout: true`",
        ),
    ];
    for (event, want) in cases {
        let req = request(serde_json::json!({
            "flowName": "Orchestrated_Routing", "inputs": ["1"], "events": [event],
        }));
        let err = engine::Run::new(reg, fixtures, &req).result().expect_err("refused");
        assert_eq!(err.code().as_str(), "badEvent");
        assert_eq!(err.to_string(), want);
    }
    // All or nothing: one unknown variable refuses the whole event.
    let req = request(serde_json::json!({
        "flowName": "Orchestrated_Routing", "inputs": ["1"],
        "events": [{"when": {"input": 1},
                    "set": {"Flow.finalRoutingDecision": "x", "Flow.nope": 1}}],
    }));
    let err = engine::Run::new(reg, fixtures, &req).result().expect_err("refused");
    assert!(err.to_string().contains("no flow uses the variable `Flow.nope`"), "{err}");
}

#[test]
fn a_scenario_with_a_bad_event_fails_to_load_with_its_place() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("bad.scenarios.yaml");
    let flows = root().join("fixtures/live/flows");
    let data = root().join("fixtures/live/data");
    std::fs::write(
        &file,
        format!(
            "flows: {}\nfixtures: [{}]\nscenarios:\n  - name: typo\n    flow: Orchestrated_Routing\n    events:\n      - when: {{waitingAt: AwaitDecison}}\n        digits: \"1\"\n",
            flows.display(),
            data.display()
        ),
    )
    .expect("written");
    let out = flowsim(&["test", file.to_str().expect("utf-8")]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    let said = format!("{}{}", out.stdout, out.stderr);
    assert!(said.contains("error[scenarioEvent]: scenario `typo`: event 1:"), "{said}");
    assert!(said.contains("--> ") && said.contains("bad.scenarios.yaml:7:27\n"), "{said}");
    assert!(said.contains("did you mean `AwaitDecision`?"), "{said}");
}

/// Live sessions over real loopback HTTP (`flowsim serve`).
mod sessions {
    use crate::serve::{Response, Server};
    use serde_json::{json, Value};

    const FLOWS: [&str; 4] = ["--flows", "fixtures/live/flows", "--fixtures", "fixtures/live/data"];

    fn server(extra: &[&str]) -> Server {
        let mut args = FLOWS.to_vec();
        args.extend_from_slice(extra);
        Server::start_with(&args)
    }

    #[track_caller]
    fn ok(r: &Response, status: u16) -> Value {
        let body = r.json();
        assert_eq!(r.status, status, "{body}");
        body
    }

    fn waiting_at(v: &Value) -> (&str, &str, u64) {
        let w = &v["waitingFor"];
        (
            v["state"].as_str().unwrap_or_default(),
            w["actionName"].as_str().unwrap_or_default(),
            w["input"].as_u64().unwrap_or_default(),
        )
    }

    #[test]
    fn a_call_waits_for_each_input_takes_a_variable_update_and_routes_by_it() {
        let s = server(&[]);
        let t = s.token();
        let start =
            json!({"flowName": "Orchestrated_Routing", "context": {"from": "+15551230000"}});
        let v = ok(&s.post("/api/v2/flowsim/sessions", &t, &start), 201);
        let id = v["id"].as_str().expect("an id").to_owned();
        assert_eq!(v["flowInstanceId"], v["id"]);
        assert_eq!(waiting_at(&v), ("waiting", "MainMenu", 1));
        assert_eq!(v["waitingFor"]["kind"], "digits");
        assert_eq!(v["result"]["status"], "waiting");
        assert_eq!(v["result"]["prompts"][0]["text"], "Press 1 for support.");
        assert_eq!(v["clock"], "2026-01-01T09:00:00.000Z", "no virtual time passes while it waits");

        // The orchestration service's webhook: the caller pressed 1.
        let hook = json!({"flowInstanceId": id, "participants": [{"input": {"dtmf": "1"}}]});
        let v = ok(&s.post("/api/v2/flowsim/webhooks/dtmf", &t, &hook), 200);
        assert_eq!(waiting_at(&v), ("waiting", "AwaitDecision", 2));

        // Right after an input the instance is in transition: 409, then the update lands.
        let update = json!({"flowInstanceId": id,
            "variables": {"finalRoutingDecision": "route_to_vm", "queueOccupancyCheck": "passed"}});
        s.post("/api/v2/flows/variables", &t, &update).error(409, "flow.instance.in.transition");
        let v = ok(&s.post("/api/v2/flows/variables", &t, &update), 200);
        assert_eq!(v["variables"]["Flow.finalRoutingDecision"], "route_to_vm");
        assert_eq!(v["state"], "waiting");
        let v = ok(&s.get(&format!("/api/v2/flowsim/sessions/{id}"), &t), 200);
        assert_eq!(v["result"]["variables"]["Flow.finalRoutingDecision"], "route_to_vm");
        assert_eq!(
            waiting_at(&v),
            ("waiting", "AwaitDecision", 2),
            "an update does not move the call"
        );

        // A typed turn where digits are awaited is refused, and changes nothing.
        let turn = json!({"input": {"text": "hello"}});
        let path = format!("/api/v2/flowsim/sessions/{id}/input");
        s.post(&path, &t, &turn).error(409, "flow.instance.waits.for.other.input");

        // The caller holds; the wait times out; the flow reads the decision: voicemail.
        let v = ok(&s.post(&path, &t, &json!({"input": "timeout"})), 200);
        assert_eq!(v["state"], "ended");
        assert_eq!(v["endedBecause"], "completed");
        assert_eq!(v["result"]["route"]["queueName"], "Voicemail");
        assert_eq!(v["inputs"], json!(["1", "timeout"]));
        assert_eq!(v["clock"], "2026-01-01T09:00:30.000Z", "the 30 s wait, on the virtual clock");

        // Ended: 410 for changes (its final state in the details), 200 to read; and the run is
        // a flow instance with its execution data, under the same id.
        let gone = s.post("/api/v2/flows/variables", &t, &update).error(410, "flow.instance.ended");
        assert_eq!(gone["details"][0]["state"]["endedBecause"], "completed");
        s.post(&path, &t, &json!({"input": "1"})).error(410, "flow.instance.ended");
        assert_eq!(
            ok(&s.get(&format!("/api/v2/flowsim/sessions/{id}"), &t), 200)["state"],
            "ended"
        );
        let instance = ok(&s.get(&format!("/api/v2/flows/instances/{id}"), &t), 200);
        assert_eq!(instance["entities"][0]["id"], json!(id), "{instance}");
    }

    #[test]
    fn bad_payloads_are_refused_with_their_place_and_change_nothing() {
        let s = server(&[]);
        let t = s.token();
        let v = ok(
            &s.post(
                "/api/v2/flowsim/sessions",
                &t,
                &json!({"flowName": "Orchestrated_Routing", "inputs": ["1"]}),
            ),
            201,
        );
        let id = v["id"].as_str().expect("an id").to_owned();
        assert_eq!(waiting_at(&v), ("waiting", "AwaitDecision", 2));
        let cases = [
            (
                "/api/v2/flowsim/webhooks/dtmf",
                json!({"participants": [{"input": {"dtmf": "1"}}]}),
                "/flowInstanceId",
            ),
            (
                "/api/v2/flowsim/webhooks/dtmf",
                json!({"flowInstanceId": id, "participants": [{"input": {"dtmf": 7}}]}),
                "/participants/0/input/dtmf",
            ),
            (
                "/api/v2/flowsim/webhooks/dtmf",
                json!({"flowInstanceId": id, "participants": [{"input": {"dtmf": "1x"}}]}),
                "/participants/0/input/dtmf",
            ),
            (
                "/api/v2/flowsim/webhooks/dtmf",
                json!({"flowInstanceId": id, "participants": {}}),
                "/participants",
            ),
            (
                "/api/v2/flowsim/webhooks/dtmf",
                json!({"flowInstanceId": id, "participants": [{"input": {}}]}),
                "/participants",
            ),
            (
                "/api/v2/flows/variables",
                json!({"variables": {"finalRoutingDecision": "x"}}),
                "/flowInstanceId",
            ),
            ("/api/v2/flows/variables", json!({"flowInstanceId": id}), "/variables"),
            (
                "/api/v2/flows/variables",
                json!({"flowInstanceId": id, "variables": {"finalRoutingDecision": {"a": 1}}}),
                "/variables/finalRoutingDecision",
            ),
            (
                "/api/v2/flows/variables",
                json!({"flowInstanceId": id, "variables": {"finalRoutingDecision": "x", "finalRoutingDecison": "x"}}),
                "/variables/finalRoutingDecison",
            ),
        ];
        for (path, body, field) in cases {
            let e = s.post(path, &t, &body).error(400, "bad.request");
            assert_eq!(e["details"][0]["fieldName"], field, "{body} → {e}");
        }
        let e = s
            .post(
                "/api/v2/flows/variables",
                &t,
                &json!({"flowInstanceId": id, "variables": {"finalRoutingDecison": "x"}}),
            )
            .error(400, "bad.request");
        assert!(
            e["message"]
                .as_str()
                .unwrap()
                .contains("did you mean `flow.finalroutingdecision`?; nothing was updated"),
            "{e}"
        );
        // The webhook's id must be the path's.
        let path = format!("/api/v2/flowsim/sessions/{id}/input");
        let other =
            json!({"flowInstanceId": "someone-else", "participants": [{"input": {"dtmf": "1"}}]});
        s.post(&path, &t, &other).error(400, "bad.request");
        s.post(&path, &t, &json!({"input": "1", "extra": 1})).error(400, "bad.request");
        s.post(&path, &t, &json!({"input": "1a"})).error(400, "bad.request");
        s.post("/api/v2/flowsim/sessions/nope/input", &t, &json!({"input": "1"}))
            .error(404, "flow.instance.not.found");
        // None of it applied: no variable changed, no input taken, and no conflict was used up.
        let v = ok(&s.get(&format!("/api/v2/flowsim/sessions/{id}"), &t), 200);
        assert_eq!(v["result"]["variables"]["Flow.finalRoutingDecision"], "undecided");
        assert_eq!(v["inputs"], json!(["1"]));
        let update = json!({"flowInstanceId": id, "variables": {"Flow.finalRoutingDecision": "route_to_queue"}});
        ok(&s.post("/api/v2/flows/variables", &t, &update), 200);
        let bad_start = json!({"flowName": "Orchestrated_Routing", "conflictsAfterInput": 99});
        s.post("/api/v2/flowsim/sessions", &t, &bad_start).error(400, "bad.request");
    }

    #[test]
    fn a_bot_conversation_waits_for_each_customer_turn() {
        let s = Server::start_with(&[
            "--flows",
            "fixtures/archy/flows",
            "--fixtures",
            "fixtures/archy/data",
        ]);
        let t = s.token();
        let start = json!({"flowName": "Order Messages", "message": "hi"});
        let v = ok(&s.post("/api/v2/flowsim/sessions", &t, &start), 201);
        let id = v["id"].as_str().expect("an id").to_owned();
        let w = &v["waitingFor"];
        assert_eq!(
            (w["kind"].as_str(), w["flowName"].as_str()),
            (Some("turn"), Some("Order Status Bot"))
        );
        assert_eq!(w["container"], "Order Bot");
        // The bot asked and waits: nothing after the question (no "Are you still there?").
        let said = v["result"]["transcript"].as_array().expect("a transcript");
        let last = said.last().expect("a line");
        assert_eq!(last["from"], "bot");
        assert!(last["text"].as_str().unwrap().ends_with("Which would you like?"), "{said:?}");
        // DTMF from a webhook is refused at a customer turn.
        let hook = json!({"flowInstanceId": id, "participants": [{"input": {"dtmf": "1"}}]});
        s.post("/api/v2/flowsim/webhooks/dtmf", &t, &hook)
            .error(409, "flow.instance.waits.for.other.input");
        let path = format!("/api/v2/flowsim/sessions/{id}/input");
        let v =
            ok(&s.post(&path, &t, &json!({"input": {"text": "where is my order 12345678"}})), 200);
        assert_eq!(v["state"], "ended");
        let said = v["result"]["transcript"].to_string();
        assert!(said.contains("Order 12345678 is shipped."), "{said}");
    }

    #[test]
    fn hanging_up_and_idling_end_a_session_disconnected() {
        let s = server(&["--session-idle", "0"]);
        let t = s.token();
        let start = json!({"flowName": "Orchestrated_Routing"});
        let id = ok(&s.post("/api/v2/flowsim/sessions", &t, &start), 201)["id"]
            .as_str()
            .unwrap()
            .to_owned();
        // Idle for more than 0 s by the time anyone looks.
        std::thread::sleep(std::time::Duration::from_millis(20));
        let v = ok(&s.get(&format!("/api/v2/flowsim/sessions/{id}"), &t), 200);
        assert_eq!(
            (v["state"].as_str(), v["endedBecause"].as_str()),
            (Some("ended"), Some("idle"))
        );
        assert_eq!(v["result"]["status"], "disconnected");

        let s = server(&[]);
        let t = s.token();
        let id = ok(&s.post("/api/v2/flowsim/sessions", &t, &start), 201)["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let auth = format!("Bearer {t}");
        let r = s.request(
            "DELETE",
            &format!("/api/v2/flowsim/sessions/{id}"),
            &[("Authorization", &auth)],
            b"",
        );
        let v = ok(&r, 200);
        assert_eq!(
            (v["state"].as_str(), v["endedBecause"].as_str()),
            (Some("ended"), Some("hungUp"))
        );
        let list = ok(&s.get("/api/v2/flowsim/sessions", &t), 200);
        assert_eq!(list["entities"][0]["endedBecause"], "hungUp", "{list}");
    }

    #[test]
    fn a_token_over_its_rate_gets_429_with_retry_after() {
        let s = server(&["--rate-limit", "3/m"]);
        let t = s.token();
        for _ in 0..3 {
            ok(&s.get("/api/v2/flowsim/sessions", &t), 200);
        }
        let r = s.get("/api/v2/flowsim/sessions", &t);
        r.error(429, "too.many.requests");
        let wait: u64 = r.header("retry-after").expect("Retry-After").parse().unwrap();
        assert!((1..=20).contains(&wait), "{wait}");
        // Another client has its own budget.
        let other = s.token();
        ok(&s.get("/api/v2/flowsim/sessions", &other), 200);
    }

    #[test]
    fn sessions_are_deterministic() {
        let transcript = || {
            let s = server(&[]);
            let t = s.token();
            let mut out = Vec::new();
            let v = s.post(
                "/api/v2/flowsim/sessions",
                &t,
                &json!({"flowName": "Orchestrated_Routing"}),
            );
            let id = v.json()["id"].as_str().unwrap().to_owned();
            out.push(v.body);
            let path = format!("/api/v2/flowsim/sessions/{id}/input");
            out.push(s.post(&path, &t, &json!({"input": "1"})).body);
            out.push(s.post(&path, &t, &json!({"input": "timeout"})).body);
            out
        };
        assert_eq!(transcript(), transcript());
    }
}
