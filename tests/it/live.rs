//! Runs driven from outside (issue 15): scripted events in requests and scenarios, runs that
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
    let r = engine::run_with(reg, fixtures, &req, &RunOptions::default()).expect("runs");
    assert_eq!(r.fired.len(), 1);
    let route = r.route.as_ref().expect("routed");
    assert!(format!("{route:?}").contains("Voicemail"), "{route:?}");
    // Without the event, the flow decides itself: the queue has agents.
    let req = request(serde_json::json!({"flowName": "Orchestrated_Routing", "inputs": ["1"]}));
    let r = engine::run_with(reg, fixtures, &req, &RunOptions::default()).expect("runs");
    assert!(r.fired.is_empty());
    assert!(format!("{:?}", r.route).contains("Support"), "{:?}", r.route);
}

#[test]
fn a_paused_run_waits_where_it_needs_input_and_resumes_with_it() {
    let (reg, fixtures) = live();
    let options = RunOptions { pause_for_input: true, ..RunOptions::default() };
    let req = request(serde_json::json!({"flowName": "Orchestrated_Routing"}));
    let r = engine::run_with(reg, fixtures, &req, &options).expect("runs");
    assert_eq!(r.status, Status::Waiting);
    let (flow, node) = r.waiting.expect("waits");
    assert_eq!(&*reg.flow(flow).draft.node(node).name, "MainMenu");
    assert!(r.trace.iter().all(|s| s.node != node), "the waiting step is not in the trace");
    let req = request(serde_json::json!({"flowName": "Orchestrated_Routing", "inputs": ["1"]}));
    let r = engine::run_with(reg, fixtures, &req, &options).expect("runs");
    assert_eq!(r.status, Status::Waiting);
    let (flow, node) = r.waiting.expect("waits again");
    assert_eq!(&*reg.flow(flow).draft.node(node).name, "AwaitDecision");
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
            "event 1: the event does nothing: give set, queue, dataAction or digits",
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
        let err =
            engine::run_with(reg, fixtures, &req, &RunOptions::default()).expect_err("refused");
        assert_eq!(err.code(), "badEvent");
        assert_eq!(err.to_string(), want);
    }
    // All or nothing: one unknown variable refuses the whole event.
    let req = request(serde_json::json!({
        "flowName": "Orchestrated_Routing", "inputs": ["1"],
        "events": [{"when": {"input": 1},
                    "set": {"Flow.finalRoutingDecision": "x", "Flow.nope": 1}}],
    }));
    let err = engine::run_with(reg, fixtures, &req, &RunOptions::default()).expect_err("refused");
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
    assert!(said.contains("error[scenarioFile]: scenario `typo`: event 1:"), "{said}");
    assert!(said.contains("--> ") && said.contains("bad.scenarios.yaml:7:27\n"), "{said}");
    assert!(said.contains("did you mean `AwaitDecision`?"), "{said}");
}
