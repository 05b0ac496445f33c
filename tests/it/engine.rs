//! The engine against its contract: docs/json-flows.md paths, §2 node semantics, §3.4 reference
//! resolution, §3.6 Set, §4 execution (variables, inputs and the virtual clock, flow calls,
//! errors, limits), §5 fixtures as nodes see them, and §6 request and result.
//!
//! Each test builds tiny flows inline, runs one request and checks what the spec says; tests are
//! named after the rule they check. Where the spec leaves a choice open, the test's comment says
//! `Decision:` and what a flow author would expect.

use flowsim::engine::{self, RequestError, RunRequest, RunResult, Status};
use flowsim::fixtures::FixtureStore;
use flowsim::flow::Registry;
use serde_json::{json, Value as J};
use std::path::Path;

// ---- building flows -------------------------------------------------------------------------

/// A flow file's text with a draft only.
fn flow(name: &str, start: &str, nodes: J) -> String {
    json!({"name": name, "type": "inbound", "draft": {"startNode": start, "nodes": nodes}})
        .to_string()
}

/// A flow file's text with a draft and a published version.
fn flow_published(name: &str, draft: (&str, J), published: (&str, J)) -> String {
    json!({
        "name": name,
        "draft": {"startNode": draft.0, "nodes": draft.1},
        "published": {"startNode": published.0, "nodes": published.1},
    })
    .to_string()
}

/// A node of type `ty` with `properties` and a success path (`""`: none).
fn node(ty: &str, properties: J, next: &str) -> J {
    let mut n = json!({"type": ty, "properties": properties});
    if !next.is_empty() {
        n["onComplete"] = json!({"nextNode": next});
    }
    n
}

/// `n` with the error path `onError.nextNode`.
fn on_error(mut n: J, target: &str) -> J {
    n["onError"] = json!({"nextNode": target});
    n
}

fn say(text: &str, next: &str) -> J {
    node("Say", json!({"sayText": text}), next)
}

/// A Set node of `(key, type, value)` assignments.
fn set(vars: &[(&str, &str, &str)], next: &str) -> J {
    let list: Vec<J> = vars
        .iter()
        .map(|(k, ty, v)| json!({"key": k, "value": {"type": ty, "value": v}}))
        .collect();
    node("Set", json!({"setVars": list}), next)
}

/// A Set node of one string (template) assignment.
fn set_str(key: &str, template: &str, next: &str) -> J {
    set(&[(key, "string", template)], next)
}

fn gather(properties: J, next: &str) -> J {
    node("Gather", properties, next)
}

fn call(flow_name: &str, next: &str) -> J {
    node("Flow", json!({"flowName": flow_name}), next)
}

fn call_with_timeout(flow_name: &str, seconds: u64, next: &str) -> J {
    node("Flow", json!({"flowName": flow_name, "timeoutSeconds": seconds}), next)
}

fn end(end_type: &str) -> J {
    node("End", json!({"endType": end_type}), "")
}

/// An If node: `(expression, nextNode)` conditions and an optional default.
fn if_node(conditions: &[(&str, &str)], default: Option<&str>) -> J {
    let list: Vec<J> =
        conditions.iter().map(|(e, n)| json!({"expression": e, "nextNode": n})).collect();
    let mut props = json!({"conditions": list});
    if let Some(d) = default {
        props["defaultNextNode"] = json!(d);
    }
    node("If", props, "")
}

fn data_action(action: &str, inputs: J, timeout_ms: Option<u64>, next: &str) -> J {
    let mut props = json!({"action": action, "inputs": inputs});
    if let Some(t) = timeout_ms {
        props["timeoutMs"] = json!(t);
    }
    node("DataAction", props, next)
}

fn lookup(properties: J, next: &str) -> J {
    node("GetExternalContactAction", properties, next)
}

/// Loads flow texts into a registry; panics with the diagnostics when they do not load.
#[track_caller]
fn registry(flows: &[String]) -> Registry {
    let files: Vec<String> = (0..flows.len()).map(|i| format!("flow{i}.json")).collect();
    let report = Registry::from_sources(
        files.iter().zip(flows).map(|(f, t)| (Path::new(f.as_str()), t.as_str())),
    );
    match report.registry {
        Some(reg) => reg,
        None => panic!("the flows do not load: {:#?}", report.diagnostics),
    }
}

#[track_caller]
fn fixtures(data: &J) -> FixtureStore {
    let mut store = FixtureStore::default();
    if let Err(e) = store.merge_json(Path::new("fixtures.json"), data) {
        panic!("the fixtures do not load: {e:#?}");
    }
    store
}

fn no_fixtures() -> FixtureStore {
    FixtureStore::default()
}

// ---- running --------------------------------------------------------------------------------

#[track_caller]
fn request(req: J) -> RunRequest {
    match serde_json::from_value(req) {
        Ok(r) => r,
        Err(e) => panic!("not a run request: {e}"),
    }
}

#[track_caller]
fn run<'r>(reg: &'r Registry, fx: &FixtureStore, req: J) -> RunResult<'r> {
    match engine::Run::new(reg, fx, &request(req)).result() {
        Ok(r) => r,
        Err(e) => panic!("the request was refused: {e} ({})", e.code()),
    }
}

/// Runs flow `Main` with `extra` request fields.
#[track_caller]
fn run_main<'r>(reg: &'r Registry, fx: &FixtureStore, extra: J) -> RunResult<'r> {
    let mut req = json!({"flowName": "Main"});
    if let J::Object(fields) = extra {
        req.as_object_mut().expect("an object").extend(fields);
    }
    run(reg, fx, req)
}

#[track_caller]
fn refused(reg: &Registry, req: J) -> RequestError {
    match engine::Run::new(reg, &no_fixtures(), &request(req)).result() {
        Ok(r) => panic!("the request ran: {}", r.to_json_pretty()),
        Err(e) => e,
    }
}

// ---- reading results ------------------------------------------------------------------------

/// A variable's value in its result form (NOT_SET is `null`); panics when it was never assigned.
#[track_caller]
fn var(r: &RunResult, name: &str) -> J {
    match r.variable(name) {
        Some(v) => v.to_json(),
        None => panic!("no variable `{name}`; the run has {:?}", var_names(r)),
    }
}

fn var_names<'a>(r: &'a RunResult) -> Vec<&'a str> {
    r.variables.iter().map(|(k, _)| &**k).collect()
}

fn prompts<'a>(r: &'a RunResult) -> Vec<&'a str> {
    r.prompts.iter().map(|p| &*p.text).collect()
}

/// The run's error as (kind, flowName, nodeId).
fn run_error<'a>(r: &'a RunResult) -> Option<(&'static str, &'a str, &'a str)> {
    r.error.as_ref().map(|e| (e.kind.as_str(), r.flow_name(e.flow), &*r.node(e.flow, e.node).id))
}

/// The way step `step` left, as its record spells it (`success`, `condition[1]`, `end`).
fn edge<'a>(r: &'a RunResult, step: usize) -> &'a str {
    let s = &r.trace[step];
    match flowsim::flow::edge::trace_label(r.node(s.flow, s.node), s.edge) {
        std::borrow::Cow::Borrowed(label) => label,
        std::borrow::Cow::Owned(label) => panic!("a JSON node's edge is named: {label}"),
    }
}

fn next<'a>(r: &'a RunResult, step: usize) -> Option<&'a str> {
    let s = &r.trace[step];
    s.next().map(|n| &*r.node(s.flow, n).id)
}

fn step_error(r: &RunResult, step: usize) -> Option<&'static str> {
    r.step_error(&r.trace[step]).map(|e| e.kind.as_str())
}

fn depths(r: &RunResult) -> Vec<u16> {
    r.trace.iter().map(|s| s.depth).collect()
}

/// The unsetRead warnings as (nodeId, message).
fn warnings<'a>(r: &'a RunResult) -> Vec<(&'a str, &'a str)> {
    r.warnings
        .iter()
        .map(|w| {
            assert_eq!(w.kind, "unsetRead");
            (&*r.node(w.flow, w.node).id, w.message.as_str())
        })
        .collect()
}

/// The result as JSON (docs/results.md).
fn result_json(r: &RunResult) -> J {
    serde_json::from_str(&r.to_json_pretty()).expect("the result is JSON")
}

/// Fixtures with the queues Support and Sales.
fn queues() -> FixtureStore {
    fixtures(&json!({"queues": [
        {"id": "q-support", "name": "Support", "availableAgents": 3, "onQueueAgents": 5, "waiting": 2, "occupancy": 0.6},
        {"id": "q-sales", "name": "Sales", "availableAgents": 1, "onQueueAgents": 4, "waiting": 7, "occupancy": 0.92}
    ]}))
}

// ================================================================================================
// §1 Paths
// ================================================================================================

#[test]
fn success_path_follows_on_complete_next_node() {
    let reg = registry(&[flow(
        "Main",
        "A",
        json!({"A": say("a", "B"), "B": say("b", "C"), "C": end("normal")}),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(r.status, Status::Completed);
    assert_eq!(r.path(), ["A", "B", "C"]);
    assert_eq!((edge(&r, 0), next(&r, 0)), ("success", Some("B")));
    assert_eq!((edge(&r, 2), next(&r, 2)), ("end", None));
}

#[test]
fn node_without_success_path_ends_its_flow_normally() {
    let reg = registry(&[
        flow(
            "Main",
            "CallSub",
            json!({"CallSub": call("Sub", "After"), "After": say("after", "")}),
        ),
        flow("Sub", "Only", json!({"Only": say("only", "")})),
    ]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(r.status, Status::Completed);
    assert_eq!(r.path(), ["CallSub", "Only", "After"]);
    assert_eq!((edge(&r, 1), next(&r, 1)), ("success", None));
    assert_eq!((edge(&r, 0), next(&r, 0)), ("success", Some("After")));
    assert_eq!(r.error, None);
}

#[test]
fn error_path_is_on_error_next_node_before_on_complete_on_error() {
    let mut bad = set(&[("n", "integer", "abc")], "Ok");
    bad["onComplete"]["onError"] = json!("FromOnComplete");
    let bad = on_error(bad, "FromOnError");
    let reg = registry(&[flow(
        "Main",
        "Bad",
        json!({"Bad": bad, "Ok": say("ok", ""), "FromOnComplete": say("c", ""), "FromOnError": say("e", "")}),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(r.path(), ["Bad", "FromOnError"]);
    assert_eq!(
        (edge(&r, 0), next(&r, 0), step_error(&r, 0)),
        ("error", Some("FromOnError"), Some("conversion"))
    );
}

#[test]
fn on_complete_on_error_is_the_error_path_when_on_error_is_absent() {
    let mut bad = set(&[("n", "integer", "abc")], "Ok");
    bad["onComplete"]["onError"] = json!("Handled");
    let reg = registry(&[flow(
        "Main",
        "Bad",
        json!({"Bad": bad, "Ok": say("ok", ""), "Handled": say("handled", "")}),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(r.status, Status::Completed);
    assert_eq!(r.path(), ["Bad", "Handled"]);
    assert_eq!(r.error, None);
}

#[test]
fn error_without_error_path_ends_the_top_flow_failed() {
    let reg = registry(&[flow(
        "Main",
        "Hi",
        json!({"Hi": say("hi", "Bad"), "Bad": set(&[("n", "integer", "x")], "Ok"), "Ok": say("ok", "")}),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(r.status, Status::Failed);
    assert_eq!(r.path(), ["Hi", "Bad"]);
    assert_eq!((edge(&r, 1), next(&r, 1), step_error(&r, 1)), ("error", None, Some("conversion")));
    assert_eq!(run_error(&r), Some(("conversion", "Main", "Bad")));
}

// ================================================================================================
// §2 Say, If, Route, End, Disconnect
// ================================================================================================

#[test]
fn say_adds_its_rendered_template_as_a_prompt() {
    let reg = registry(&[flow(
        "Main",
        "Hello",
        json!({"Hello": say("Hello {Flow.name}, you have {Flow.count} calls.{Flow.missing}", "")}),
    )]);
    let r =
        run_main(&reg, &no_fixtures(), json!({"variables": {"Flow.name": "Ann", "Flow.count": 3}}));
    assert_eq!(prompts(&r), ["Hello Ann, you have 3 calls."]);
    let j = result_json(&r);
    assert_eq!(j["prompts"][0]["nodeId"], "Hello");
    assert_eq!(j["trace"][0]["result"]["text"], "Hello Ann, you have 3 calls.");
}

#[test]
fn if_takes_the_first_true_condition() {
    let reg = registry(&[flow(
        "Main",
        "Check",
        json!({
            "Check": if_node(&[("Flow.n > 5", "Big"), ("Flow.n > 1", "Medium"), ("Flow.n > 0", "Small")], Some("None")),
            "Big": say("big", ""), "Medium": say("medium", ""), "Small": say("small", ""), "None": say("none", ""),
        }),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({"variables": {"Flow.n": 3}}));
    assert_eq!(r.path(), ["Check", "Medium"]);
    assert_eq!((edge(&r, 0), next(&r, 0)), ("condition[1]", Some("Medium")));
    assert_eq!(result_json(&r)["trace"][0]["edge"], "condition[1]");
}

#[test]
fn if_takes_the_default_when_no_condition_is_true() {
    let reg = registry(&[flow(
        "Main",
        "Check",
        json!({"Check": if_node(&[("Flow.n > 5", "Big")], Some("Other")), "Big": say("big", ""), "Other": say("other", "")}),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({"variables": {"Flow.n": 1}}));
    assert_eq!(r.path(), ["Check", "Other"]);
    assert_eq!(edge(&r, 0), "default");
}

#[test]
fn if_without_default_and_nothing_true_fails_with_no_branch() {
    let reg = registry(&[flow(
        "Main",
        "Check",
        json!({"Check": on_error(if_node(&[("Flow.n > 5", "Big")], None), "Oops"), "Big": say("big", ""), "Oops": say("oops", "")}),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({"variables": {"Flow.n": 1}}));
    assert_eq!(r.path(), ["Check", "Oops"]);
    assert_eq!(step_error(&r, 0), Some("noBranch"));
}

#[test]
fn if_condition_that_is_not_set_fails_with_not_set() {
    let reg = registry(&[flow(
        "Main",
        "Check",
        json!({"Check": if_node(&[("Flow.flag", "Yes")], Some("No")), "Yes": say("yes", ""), "No": say("no", "")}),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({"variables": {"Flow.flag": null}}));
    assert_eq!(r.status, Status::Failed);
    assert_eq!(run_error(&r), Some(("notSet", "Main", "Check")));
}

#[test]
fn if_condition_that_is_not_boolean_fails_with_type_mismatch() {
    let reg = registry(&[flow(
        "Main",
        "Check",
        json!({"Check": if_node(&[("Flow.flag", "Yes")], Some("No")), "Yes": say("yes", ""), "No": say("no", "")}),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({"variables": {"Flow.flag": "true"}}));
    assert_eq!(run_error(&r), Some(("typeMismatch", "Main", "Check")));
}

#[test]
fn if_condition_that_fails_to_evaluate_takes_the_error_path_with_its_kind() {
    let reg = registry(&[flow(
        "Main",
        "Check",
        json!({"Check": on_error(if_node(&[("1 / Flow.zero > 1", "Yes")], Some("No")), "Oops"),
               "Yes": say("yes", ""), "No": say("no", ""), "Oops": say("oops", "")}),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({"variables": {"Flow.zero": 0}}));
    assert_eq!(r.path(), ["Check", "Oops"]);
    assert_eq!(step_error(&r, 0), Some("divisionByZero"));
}

#[test]
fn route_sets_the_run_route_and_its_outputs() {
    let reg = registry(&[flow(
        "Main",
        "ToSupport",
        json!({"ToSupport": node("Route", json!({"queueName": "{Flow.queue}"}), "Tell"),
               "Tell": say("{ToSupport.queueId}/{ToSupport.queueName}", "")}),
    )]);
    let r = run_main(&reg, &queues(), json!({"variables": {"Flow.queue": "support"}}));
    assert_eq!(r.status, Status::Completed);
    assert_eq!(prompts(&r), ["q-support/Support"]);
    assert_eq!(result_json(&r)["route"], json!({"queueId": "q-support", "queueName": "Support"}));
}

#[test]
fn route_last_one_wins() {
    let reg = registry(&[
        flow(
            "Main",
            "First",
            json!({"First": node("Route", json!({"queueId": "q-support"}), "CallSub"), "CallSub": call("Sub", "")}),
        ),
        flow("Sub", "Second", json!({"Second": node("Route", json!({"queueName": "Sales"}), "")})),
    ]);
    let r = run_main(&reg, &queues(), json!({}));
    assert_eq!(result_json(&r)["route"], json!({"queueId": "q-sales", "queueName": "Sales"}));
}

#[test]
fn route_to_a_queue_not_in_the_fixtures_fails_with_queue_not_found() {
    let reg = registry(&[flow(
        "Main",
        "R",
        json!({"R": on_error(node("Route", json!({"queueName": "Nope"}), "Ok"), "Oops"), "Ok": say("ok", ""), "Oops": say("oops", "")}),
    )]);
    let r = run_main(&reg, &queues(), json!({}));
    assert_eq!(r.path(), ["R", "Oops"]);
    assert_eq!(step_error(&r, 0), Some("queueNotFound"));
    assert_eq!(result_json(&r)["route"], J::Null);
}

#[test]
fn end_normal_ends_only_the_current_flow() {
    let reg = registry(&[
        flow("Main", "CallSub", json!({"CallSub": call("Sub", "Back"), "Back": say("back", "")})),
        flow("Sub", "Stop", json!({"Stop": end("normal"), "Unreached": say("never", "")})),
    ]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(r.status, Status::Completed);
    assert_eq!(r.path(), ["CallSub", "Stop", "Back"]);
    assert_eq!(result_json(&r)["trace"][0]["result"]["outcome"], "completed");
}

#[test]
fn end_without_end_type_is_normal() {
    let reg = registry(&[flow("Main", "Stop", json!({"Stop": node("End", json!({}), "")}))]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(r.status, Status::Completed);
}

#[test]
fn end_error_at_the_top_fails_the_run_with_flow_failed() {
    let reg =
        registry(&[flow("Main", "Hi", json!({"Hi": say("hi", "Stop"), "Stop": end("error")}))]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(r.status, Status::Failed);
    assert_eq!(run_error(&r), Some(("flowFailed", "Main", "Stop")));
    assert_eq!(step_error(&r, 1), Some("flowFailed"));
}

#[test]
fn end_error_in_a_callee_takes_the_callers_error_path_with_flow_failed() {
    let reg = registry(&[
        flow(
            "Main",
            "CallSub",
            json!({"CallSub": on_error(call("Sub", "Ok"), "Failed"), "Ok": say("ok", ""), "Failed": say("{CallSub.outcome}", "")}),
        ),
        flow("Sub", "Stop", json!({"Stop": end("error")})),
    ]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(r.status, Status::Completed);
    assert_eq!(r.path(), ["CallSub", "Stop", "Failed"]);
    assert_eq!(
        (edge(&r, 0), next(&r, 0), step_error(&r, 0)),
        ("error", Some("Failed"), Some("flowFailed"))
    );
    assert_eq!(prompts(&r), ["flowFailed"]);
    assert_eq!(r.error, None);
}

#[test]
fn end_disconnect_ends_the_run_disconnected() {
    let reg = registry(&[
        flow("Main", "CallSub", json!({"CallSub": call("Sub", "Back"), "Back": say("back", "")})),
        flow("Sub", "Bye", json!({"Bye": end("disconnect")})),
    ]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(r.status, Status::Disconnected);
    assert_eq!(r.path(), ["CallSub", "Bye"]);
    assert_eq!(r.error, None);
}

#[test]
fn disconnect_at_depth_two_ends_the_run_disconnected() {
    let reg = registry(&[
        flow(
            "Main",
            "CallMid",
            json!({"CallMid": call("Mid", "AfterMid"), "AfterMid": say("after mid", "")}),
        ),
        flow(
            "Mid",
            "CallLeaf",
            json!({"CallLeaf": call("Leaf", "AfterLeaf"), "AfterLeaf": say("after leaf", "")}),
        ),
        flow(
            "Leaf",
            "Bye",
            json!({"Bye": say("bye", "Hang"), "Hang": node("Disconnect", json!({}), "Never"), "Never": say("never", "")}),
        ),
    ]);
    let r = run_main(&reg, &queues(), json!({}));
    assert_eq!(r.status, Status::Disconnected);
    assert_eq!(r.path(), ["CallMid", "CallLeaf", "Bye", "Hang"]);
    assert_eq!(depths(&r), [0, 1, 2, 2]);
    assert_eq!(prompts(&r), ["bye"]);
    assert_eq!(r.error, None);
    // The Flow nodes never finished.
    assert_eq!((edge(&r, 0), edge(&r, 1), edge(&r, 3)), ("open", "open", "end"));
    let j = result_json(&r);
    assert_eq!(j["status"], "disconnected");
    assert_eq!(j["error"], J::Null);
}

// ================================================================================================
// §3.6 Set
// ================================================================================================

#[test]
fn set_assigns_in_order_and_each_assignment_sees_the_ones_before_it() {
    let reg = registry(&[flow(
        "Main",
        "S",
        json!({"S": set(&[("Flow.a", "string", "x"), ("Flow.b", "string", "{Flow.a}y"), ("Flow.a", "string", "{Flow.b}z")], "")}),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(var(&r, "Flow.a"), "xyz");
    assert_eq!(var(&r, "Flow.b"), "xy");
    assert_eq!(
        result_json(&r)["trace"][0]["result"]["variables"],
        json!({"Flow.a": "xyz", "Flow.b": "xy"})
    );
}

#[test]
fn set_converts_typed_values() {
    let reg = registry(&[flow(
        "Main",
        "S",
        json!({"S": set(&[
            ("Flow.text", "string", "{Flow.n} items"),
            ("Flow.int", "integer", "{Flow.n}2"),
            ("Flow.dec", "decimal", "4.50"),
            ("Flow.bool", "boolean", "TRUE"),
            ("Flow.expr", "expression", "Flow.n * 2"),
            ("Flow.list", "expression", "MakeList(1, \"a\")"),
            ("Flow.ratio", "expression", "Flow.n / 2"),
        ], "")}),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({"variables": {"Flow.n": 4}}));
    assert_eq!(r.status, Status::Completed);
    assert_eq!(var(&r, "Flow.text"), "4 items");
    assert_eq!(var(&r, "Flow.int"), 42);
    assert_eq!(var(&r, "Flow.dec"), 4.5);
    assert_eq!(var(&r, "Flow.bool"), true);
    assert_eq!(var(&r, "Flow.expr"), 8);
    assert_eq!(var(&r, "Flow.list"), json!([1, "a"]));
    // Integer / Integer is a Decimal, stored as is, and written with its decimal point.
    assert_eq!(var(&r, "Flow.ratio"), 2.0);
    assert_eq!(r.variable("Flow.ratio").map(|v| v.ty().name()), Some("Decimal"));
    assert_eq!(r.variable("Flow.int").map(|v| v.ty().name()), Some("Integer"));
}

#[test]
fn set_conversion_failure_keeps_the_assignments_before_it() {
    let reg = registry(&[flow(
        "Main",
        "S",
        json!({
            "S": on_error(set(&[("Flow.a", "string", "kept"), ("Flow.n", "integer", "4.5"), ("Flow.c", "string", "never")], "Ok"), "Oops"),
            "Ok": say("ok", ""), "Oops": say("oops", ""),
        }),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(r.path(), ["S", "Oops"]);
    assert_eq!(step_error(&r, 0), Some("conversion"));
    assert_eq!(var(&r, "Flow.a"), "kept");
    assert_eq!(var_names(&r), ["Flow.a"]);
    assert_eq!(result_json(&r)["trace"][0]["result"]["variables"], json!({"Flow.a": "kept"}));
}

/// A `boolean` value is read with `ToBool`'s rules: text that is not true or false (`T`, `1`,
/// `False`, ... in any case) is a NOT_SET Boolean, as the Scripting SDK documents for `ToBool`.
#[test]
fn set_boolean_of_text_that_is_not_a_boolean_stores_not_set() {
    let reg = registry(&[flow(
        "Main",
        "S",
        json!({"S": set(&[("Flow.b", "boolean", "yes"), ("Flow.t", "boolean", "T")], "")}),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(run_error(&r), None);
    assert_eq!(var(&r, "Flow.b"), J::Null, "NOT_SET");
    assert_eq!(var(&r, "Flow.t"), true);
}

#[test]
fn set_expression_error_keeps_its_own_kind() {
    let reg = registry(&[flow(
        "Main",
        "S",
        json!({"S": set(&[("Flow.a", "expression", "Flow.missing + 1")], "")}),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(run_error(&r), Some(("notSet", "Main", "S")));
}

/// An `integer` value past Architect's range (`maxInt`, 999,999,999,999,999) is `overflow`, as
/// `ToInt` of the same text is; text that is no number stays `conversion`.
#[test]
fn set_integer_past_architects_range_fails_with_overflow() {
    let reg = registry(&[flow(
        "Main",
        "S",
        json!({"S": set(&[("Flow.n", "integer", "999999999999999"), ("Flow.m", "integer", "1000000000000000")], "")}),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(run_error(&r), Some(("overflow", "Main", "S")));
    assert_eq!(var(&r, "Flow.n"), 999_999_999_999_999_i64);
}

#[test]
fn integer_overflow_fails_with_overflow() {
    let reg = registry(&[flow(
        "Main",
        "S",
        json!({"S": set(&[("Flow.big", "expression", "Flow.max + 1")], "")}),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({"variables": {"Flow.max": i64::MAX}}));
    assert_eq!(run_error(&r), Some(("overflow", "Main", "S")));
}

// ================================================================================================
// §3.4 Reference resolution
// ================================================================================================

#[test]
fn context_is_read_before_variables() {
    let reg = registry(&[flow(
        "Main",
        "S",
        json!({
            "S": set(&[("Call.Ani", "string", "shadow"), ("context.from", "string", "shadow")], "Tell"),
            "Tell": say("{Call.Ani}|{context.from}|{Call.CalledAddress}|{Call.ConversationId}|{Call.Channel}|{Call.MediaType}|{context.attributes.Tier}", ""),
        }),
    )]);
    let r = run_main(
        &reg,
        &no_fixtures(),
        json!({"context": {"from": "+15551234567", "to": "+15550000000", "channel": "voice",
               "conversationId": "conv-1", "mediaType": "voice", "attributes": {"tier": "gold"}}}),
    );
    assert_eq!(prompts(&r), ["+15551234567|+15551234567|+15550000000|conv-1|voice|voice|gold"]);
    assert!(r.warnings.is_empty(), "{:?}", warnings(&r));
}

#[test]
fn context_names_are_case_insensitive() {
    let reg = registry(&[flow(
        "Main",
        "Tell",
        json!({"Tell": say("{call.ani}/{CALL.calledaddress}", "")}),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({"context": {"from": "+1", "to": "+2"}}));
    assert_eq!(prompts(&r), ["+1/+2"]);
}

#[test]
fn the_longest_variable_prefix_wins_and_the_rest_reads_members() {
    let reg = registry(&[flow(
        "Main",
        "Tell",
        json!({"Tell": say("{Flow.cust.tier}|{Flow.cust.name}|{Flow.cust.address.city}", "")}),
    )]);
    let r = run_main(
        &reg,
        &no_fixtures(),
        json!({"variables": {"Flow.cust": {"tier": "silver", "name": "Ann", "address": {"city": "Oslo"}}, "Flow.cust.tier": "gold"}}),
    );
    assert_eq!(prompts(&r), ["gold|Ann|Oslo"]);
}

#[test]
fn variable_names_are_case_insensitive_and_keep_their_first_spelling() {
    let reg = registry(&[flow(
        "Main",
        "S",
        json!({"S": set(&[("Flow.Tier", "string", "gold"), ("flow.TIER", "string", "silver")], "Tell"), "Tell": say("{FLOW.tier}", "")}),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(prompts(&r), ["silver"]);
    assert_eq!(var_names(&r), ["Flow.Tier"]);
    assert_eq!(result_json(&r)["variables"], json!({"Flow.Tier": "silver"}));
}

#[test]
fn node_outputs_are_read_as_node_id_dot_field_case_insensitively() {
    let reg = registry(&[flow(
        "Main",
        "Ask",
        json!({"Ask": gather(json!({"maxDigits": 3}), "Tell"), "Tell": say("{Ask.digits}/{ask.DIGITS}", "")}),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({"inputs": ["42#"]}));
    assert_eq!(prompts(&r), ["42/42"]);
}

#[test]
fn variables_are_read_before_node_outputs() {
    let reg = registry(&[flow(
        "Main",
        "Ask",
        json!({"Ask": gather(json!({}), "Tell"), "Tell": say("{Ask.digits}", "")}),
    )]);
    let r = run_main(
        &reg,
        &no_fixtures(),
        json!({"inputs": ["1"], "variables": {"Ask.digits": "variable"}}),
    );
    assert_eq!(prompts(&r), ["variable"]);
}

#[test]
fn a_callee_cannot_read_its_callers_node_outputs() {
    let reg = registry(&[
        flow(
            "Main",
            "Ask",
            json!({"Ask": gather(json!({}), "CallSub"), "CallSub": call("Sub", "Tell"), "Tell": say("main sees {Ask.digits}[{Peek.digits}]", "")}),
        ),
        flow("Sub", "Peek", json!({"Peek": say("sub sees [{Ask.digits}]", "")})),
    ]);
    let r = run_main(&reg, &no_fixtures(), json!({"inputs": ["7"]}));
    assert_eq!(prompts(&r), ["sub sees []", "main sees 7[]"]);
    let w = warnings(&r);
    assert_eq!(w.len(), 2, "{w:?}");
    assert_eq!(w[0].0, "Peek");
    assert!(w[0].1.contains("Ask.digits"), "{}", w[0].1);
    assert_eq!(w[1].0, "Tell");
    assert!(w[1].1.contains("Peek.digits"), "{}", w[1].1);
    assert_eq!(result_json(&r)["warnings"][0]["flowName"], "Sub");
}

#[test]
fn each_invocation_of_a_flow_has_its_own_node_outputs() {
    // Main calls itself once. The inner invocation reads Ask before its own Ask ran: NOT_SET,
    // not the outer invocation's digits, and no warning (Ask is a node of this flow).
    let reg = registry(&[flow(
        "Main",
        "Check",
        json!({
            "Check": if_node(&[("Flow.level == 1", "Inner")], Some("Ask")),
            "Inner": set(&[("Flow.innerSees", "expression", "Ask.digits")], ""),
            "Ask": gather(json!({}), "Mark"),
            "Mark": set(&[("Flow.level", "integer", "1")], "Again"),
            "Again": call("Main", "Outer"),
            "Outer": set(&[("Flow.outerSees", "expression", "Ask.digits")], ""),
        }),
    )]);
    let r =
        run_main(&reg, &no_fixtures(), json!({"inputs": ["7"], "variables": {"Flow.level": 0}}));
    assert_eq!(r.status, Status::Completed);
    assert_eq!(r.path(), ["Check", "Ask", "Mark", "Again", "Check", "Inner", "Outer"]);
    assert_eq!(var(&r, "Flow.innerSees"), J::Null);
    assert_eq!(var(&r, "Flow.outerSees"), "7");
    assert!(r.warnings.is_empty(), "{:?}", warnings(&r));
}

#[test]
fn an_output_not_produced_yet_and_a_missing_member_read_as_not_set_without_a_warning() {
    let reg = registry(&[flow(
        "Main",
        "Tell",
        json!({"Tell": say("[{Ask.digits}][{Flow.obj.nope}][{Flow.obj.a.b.c}][{Flow.unset.x}]", "Ask"), "Ask": gather(json!({}), "")}),
    )]);
    let r = run_main(
        &reg,
        &no_fixtures(),
        json!({"inputs": ["1"], "variables": {"Flow.obj": {"a": 1}, "Flow.unset": null}}),
    );
    assert_eq!(r.status, Status::Completed);
    assert_eq!(prompts(&r)[0], "[][][][]");
    assert!(r.warnings.is_empty(), "{:?}", warnings(&r));
}

#[test]
fn an_unresolved_reference_reads_as_not_set_with_one_warning_per_path_and_node() {
    let reg = registry(&[flow(
        "Main",
        "A",
        json!({
            "A": say("[{Flow.nope}{flow.NOPE}{Flow.nope}{Flow.other}]", "B"),
            "B": say("[{Flow.nope}]", "Loop"),
            "Loop": if_node(&[("Flow.n < 3", "Inc")], Some("Done")),
            "Inc": set(&[("Flow.n", "expression", "Flow.n + 1"), ("Flow.seen", "string", "{Flow.ghost}")], "Loop"),
            "Done": say("done", ""),
        }),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({"variables": {"Flow.n": 0}}));
    assert_eq!(r.status, Status::Completed);
    assert_eq!(prompts(&r), ["[]", "[]", "done"]);
    let w: Vec<(&str, bool)> =
        warnings(&r).iter().map(|(n, m)| (*n, m.contains("Flow.ghost"))).collect();
    assert_eq!(w, [("A", false), ("A", false), ("B", false), ("Inc", true)]);
    assert!(warnings(&r)[0].1.contains("Flow.nope"));
    assert!(warnings(&r)[1].1.contains("Flow.other"));
    let j = result_json(&r);
    assert_eq!(j["warnings"][0]["kind"], "unsetRead");
    assert_eq!(j["warnings"][0]["nodeId"], "A");
}

// ================================================================================================
// §4.1 Variables
// ================================================================================================

#[test]
fn variable_set_in_callee_is_visible_to_caller() {
    let reg = registry(&[
        flow(
            "Main",
            "CallSub",
            json!({"CallSub": call("Sub", "Tell"), "Tell": say("result={shared_module_result}", "")}),
        ),
        flow("Sub", "S", json!({"S": set_str("shared_module_result", "1", "")})),
    ]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(prompts(&r), ["result=1"]);
    assert!(r.warnings.is_empty());
}

#[test]
fn variable_set_in_caller_is_visible_to_callee_and_at_depth_two() {
    let reg = registry(&[
        flow(
            "Main",
            "S",
            json!({"S": set_str("Flow.who", "caller", "CallMid"), "CallMid": call("Mid", "")}),
        ),
        flow("Mid", "CallLeaf", json!({"CallLeaf": call("Leaf", "")})),
        flow("Leaf", "Tell", json!({"Tell": say("hello {Flow.who}", "")})),
    ]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(prompts(&r), ["hello caller"]);
}

#[test]
fn preset_variables_are_visible_from_the_first_node() {
    let reg = registry(&[flow(
        "Main",
        "Tell",
        json!({"Tell": say("{Flow.tier} {Flow.count} {Flow.vip}", "")}),
    )]);
    let r = run_main(
        &reg,
        &no_fixtures(),
        json!({"variables": {"Flow.tier": "gold", "Flow.count": 2, "Flow.vip": true}}),
    );
    assert_eq!(prompts(&r), ["gold 2 true"]);
}

#[test]
fn presets_no_flow_names_are_kept_and_variables_list_in_order_of_first_assignment() {
    // Flows read and write variables by the ids the registry gave their names; a preset the
    // flows never name has no id and must still reach the result, in its place.
    let reg = registry(&[flow(
        "Main",
        "Keep",
        json!({"Keep": set(&[("Flow.b", "expression", "Flow.A + 1"), ("flow.a", "expression", "5")], "")}),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({"variables": {"Flow.zzz": "x", "Flow.a": 1}}));
    assert_eq!(var_names(&r), ["Flow.zzz", "Flow.a", "Flow.b"]);
    assert_eq!(var(&r, "Flow.a"), json!(5));
    assert_eq!(var(&r, "Flow.b"), json!(2));
    assert_eq!(var(&r, "Flow.zzz"), json!("x"));
}

#[test]
fn a_variable_set_to_not_set_is_still_a_variable() {
    // `Flow.x.y` reads the member `y` of the variable `Flow.x`, even when that is NOT_SET: no
    // warning, and no fall-through to a node named `Flow`.
    let reg = registry(&[flow(
        "Main",
        "Clear",
        json!({
            "Clear": set(&[("Flow.x", "expression", "NOT_SET")], "Tell"),
            "Tell": say("[{Flow.x.y}]", ""),
        }),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(prompts(&r), ["[]"]);
    assert!(warnings(&r).is_empty(), "{:?}", warnings(&r));
    assert_eq!(var_names(&r), ["Flow.x"]);
}

// ================================================================================================
// §4.2 Gather, the input script and the virtual clock
// ================================================================================================

/// Main: a Gather `Ask` with `props`, then `Got` (a Set of its digits); the error path `Lost`.
fn gather_flow(props: J) -> Registry {
    registry(&[flow(
        "Main",
        "Ask",
        json!({
            "Ask": on_error(gather(props, "Got"), "Lost"),
            "Got": set(&[("Flow.digits", "expression", "Ask.digits")], ""),
            "Lost": set(&[("Flow.lost", "expression", "Ask.digits")], ""),
        }),
    )])
}

#[test]
fn gather_keeps_the_characters_before_the_terminator() {
    let reg = gather_flow(json!({"maxDigits": 5}));
    let r = run_main(&reg, &no_fixtures(), json!({"inputs": ["12#34"]}));
    assert_eq!(r.path(), ["Ask", "Got"]);
    assert_eq!(var(&r, "Flow.digits"), "12");
    assert_eq!(result_json(&r)["trace"][0]["result"]["digits"], "12");
}

#[test]
fn gather_keeps_at_most_max_digits() {
    let reg = gather_flow(json!({"maxDigits": 3}));
    let r = run_main(&reg, &no_fixtures(), json!({"inputs": ["12345"]}));
    assert_eq!(var(&r, "Flow.digits"), "123");
}

#[test]
fn gather_digits_are_a_string_that_keeps_leading_zeros() {
    let reg = gather_flow(json!({"maxDigits": 4}));
    let r = run_main(&reg, &no_fixtures(), json!({"inputs": ["007"]}));
    assert_eq!(var(&r, "Flow.digits"), "007");
    assert_eq!(r.variable("Flow.digits").map(|v| v.ty().name()), Some("String"));
}

#[test]
fn gather_max_digits_defaults_to_one() {
    let reg = gather_flow(json!({}));
    let r = run_main(&reg, &no_fixtures(), json!({"inputs": ["98"]}));
    assert_eq!(var(&r, "Flow.digits"), "9");
}

#[test]
fn gather_applies_the_terminator_before_max_digits() {
    let reg = gather_flow(json!({"maxDigits": 2}));
    let r = run_main(&reg, &no_fixtures(), json!({"inputs": ["1#234"]}));
    assert_eq!(var(&r, "Flow.digits"), "1");
}

#[test]
fn gather_uses_its_own_terminator() {
    let reg = gather_flow(json!({"maxDigits": 10, "terminator": "*"}));
    let r = run_main(&reg, &no_fixtures(), json!({"inputs": ["1#2*3"]}));
    assert_eq!(var(&r, "Flow.digits"), "1#2");
}

#[test]
fn gather_empty_result_is_input_timeout_and_advances_the_clock_by_its_own_delay() {
    let reg = gather_flow(json!({"timeoutSeconds": 5}));
    let r = run_main(&reg, &no_fixtures(), json!({"inputs": [{"digits": "#", "delaySeconds": 2}]}));
    assert_eq!(r.path(), ["Ask", "Lost"]);
    assert_eq!(step_error(&r, 0), Some("inputTimeout"));
    assert_eq!(var(&r, "Flow.lost"), J::Null);
    assert_eq!(r.elapsed_ms, 2_000);
}

#[test]
fn gather_timeout_entry_is_input_timeout_and_advances_the_clock_by_timeout_seconds() {
    let reg = gather_flow(json!({"timeoutSeconds": 7}));
    let r = run_main(&reg, &no_fixtures(), json!({"inputs": ["timeout"]}));
    assert_eq!(r.path(), ["Ask", "Lost"]);
    assert_eq!(step_error(&r, 0), Some("inputTimeout"));
    assert_eq!(r.elapsed_ms, 7_000);
}

#[test]
fn gather_with_an_exhausted_script_is_input_timeout_after_the_default_five_seconds() {
    let reg = gather_flow(json!({}));
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(r.path(), ["Ask", "Lost"]);
    assert_eq!(step_error(&r, 0), Some("inputTimeout"));
    assert_eq!(r.elapsed_ms, 5_000);
    assert_eq!(result_json(&r)["trace"][0]["result"]["digits"], J::Null);
}

#[test]
fn gather_input_slower_than_the_timeout_is_input_timeout_and_costs_the_timeout() {
    let reg = gather_flow(json!({"timeoutSeconds": 5}));
    let r = run_main(&reg, &no_fixtures(), json!({"inputs": [{"digits": "1", "delaySeconds": 6}]}));
    assert_eq!(r.path(), ["Ask", "Lost"]);
    assert_eq!(var(&r, "Flow.lost"), J::Null);
    assert_eq!(r.elapsed_ms, 5_000);
}

#[test]
fn gather_input_at_exactly_the_timeout_is_accepted_and_costs_its_delay() {
    let reg = gather_flow(json!({"timeoutSeconds": 5}));
    let r = run_main(&reg, &no_fixtures(), json!({"inputs": [{"digits": "1", "delaySeconds": 5}]}));
    assert_eq!(r.path(), ["Ask", "Got"]);
    assert_eq!(r.elapsed_ms, 5_000);
    let r =
        run_main(&reg, &no_fixtures(), json!({"inputs": [{"digits": "1", "delaySeconds": 1.5}]}));
    assert_eq!(r.elapsed_ms, 1_500);
}

#[test]
fn gather_input_timeout_without_error_path_fails_the_run() {
    let reg = registry(&[flow(
        "Main",
        "Ask",
        json!({"Ask": gather(json!({"promptText": "Press 1."}), "")}),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({"inputs": ["timeout"]}));
    assert_eq!(r.status, Status::Failed);
    assert_eq!(run_error(&r), Some(("inputTimeout", "Main", "Ask")));
}

#[test]
fn prompts_include_gather_prompts_even_when_input_times_out() {
    let reg = registry(&[flow(
        "Main",
        "Hello",
        json!({
            "Hello": say("Welcome.", "Ask"),
            "Ask": on_error(gather(json!({"promptText": "Press {Flow.key}."}), "Bye"), "Bye"),
            "Bye": say("Bye.", ""),
        }),
    )]);
    let r = run_main(
        &reg,
        &no_fixtures(),
        json!({"inputs": ["timeout"], "variables": {"Flow.key": 1}}),
    );
    assert_eq!(prompts(&r), ["Welcome.", "Press 1.", "Bye."]);
    let j = result_json(&r);
    assert_eq!(j["prompts"][1], json!({"flowName": "Main", "nodeId": "Ask", "text": "Press 1."}));
    assert_eq!(j["trace"][1]["result"], json!({"prompt": "Press 1.", "digits": null}));
}

#[test]
fn the_input_script_is_consumed_across_nested_flows() {
    let reg = registry(&[
        flow(
            "Main",
            "Ask1",
            json!({"Ask1": gather(json!({}), "CallSub"), "CallSub": call("Sub", "Ask3"), "Ask3": gather(json!({}), "Save"),
                   "Save": set(&[("a", "expression", "Ask1.digits"), ("c", "expression", "Ask3.digits")], "")}),
        ),
        flow(
            "Sub",
            "Ask2",
            json!({"Ask2": gather(json!({}), "Save"), "Save": set(&[("b", "expression", "Ask2.digits")], "")}),
        ),
    ]);
    let r = run_main(
        &reg,
        &no_fixtures(),
        json!({"inputs": ["1", {"digits": "2", "delaySeconds": 1}, "3"]}),
    );
    assert_eq!(r.status, Status::Completed);
    assert_eq!((var(&r, "a"), var(&r, "b"), var(&r, "c")), (json!("1"), json!("2"), json!("3")));
    assert_eq!(r.elapsed_ms, 1_000);
}

#[test]
fn the_virtual_clock_starts_at_the_context_start_time_and_advances_only_by_delays() {
    let reg = registry(&[flow(
        "Main",
        "T0",
        json!({
            "T0": set(&[("Flow.t0", "expression", "Now()")], "Ask"),
            "Ask": gather(json!({}), "T1"),
            "T1": set(&[("Flow.t1", "expression", "GetCurrentDateTimeUtc()")], ""),
        }),
    )]);
    let r =
        run_main(&reg, &no_fixtures(), json!({"inputs": [{"digits": "1", "delaySeconds": 2.5}]}));
    assert_eq!(var(&r, "Flow.t0"), "2026-01-01T09:00:00.000Z");
    assert_eq!(var(&r, "Flow.t1"), "2026-01-01T09:00:02.500Z");
    let r = run_main(
        &reg,
        &no_fixtures(),
        json!({"inputs": ["1"], "context": {"startTime": "2025-06-30T23:59:59Z"}}),
    );
    assert_eq!(var(&r, "Flow.t0"), "2025-06-30T23:59:59.000Z");
    assert_eq!(var(&r, "Flow.t1"), "2025-06-30T23:59:59.000Z");
    assert_eq!(r.elapsed_ms, 0);
}

#[test]
fn bad_input_digits_are_refused_before_the_run() {
    let reg = gather_flow(json!({}));
    for bad in [json!("1a"), json!("12 "), json!({"digits": "x", "delaySeconds": 1})] {
        let e = refused(&reg, json!({"flowName": "Main", "inputs": ["1", bad]}));
        assert!(matches!(e, RequestError::BadInput { index: 2, .. }), "{e:?}");
        assert_eq!(e.code().as_str(), "badInput");
    }
    // Every key of a phone pad is fine, and so is `timeout` in any case.
    let r = run_main(&reg, &no_fixtures(), json!({"inputs": ["0123456789*#", "TIMEOUT"]}));
    assert_eq!(r.status, Status::Completed);
}

// ================================================================================================
// §2 DataAction and §5.3 mocks
// ================================================================================================

/// Main: DataAction `Call` of `action` with `inputs`, success → `Ok`, error → `Failed`,
/// timeout → `TimedOut` when `with_timeout_path`.
fn data_action_flow(inputs: J, timeout_ms: Option<u64>, with_timeout_path: bool) -> Registry {
    let mut da = on_error(data_action("Get Tier", inputs, timeout_ms, "Ok"), "Failed");
    if with_timeout_path {
        da["onTimeout"] = json!({"nextNode": "TimedOut"});
    }
    registry(&[flow(
        "Main",
        "Fetch",
        json!({
            "Fetch": da,
            "Ok": say("tier={Fetch.outputs.tier} status={Fetch.status}", ""),
            "Failed": say("failed status={Fetch.status} outputs=[{Fetch.outputs}]", ""),
            "TimedOut": say("timed out status={Fetch.status}", ""),
        }),
    )])
}

fn mocks(responses: J) -> FixtureStore {
    fixtures(&json!({"dataActions": {"Get Tier": responses}}))
}

#[test]
fn data_action_success_gives_outputs_and_status() {
    let reg = data_action_flow(json!({"phone": "{Call.Ani}"}), None, true);
    let r = run_main(
        &reg,
        &mocks(json!([{"outputs": {"tier": "gold"}}])),
        json!({"context": {"from": "+1555"}}),
    );
    assert_eq!(r.path(), ["Fetch", "Ok"]);
    assert_eq!(prompts(&r), ["tier=gold status=success"]);
    assert_eq!(
        result_json(&r)["trace"][0]["result"],
        json!({"status": "success", "outputs": {"tier": "gold"}})
    );
    assert_eq!(r.elapsed_ms, 0);
}

#[test]
fn data_action_names_compare_case_insensitively() {
    let reg = data_action_flow(json!({}), None, true);
    let fx = fixtures(&json!({"dataActions": {"GET TIER": [{"outputs": {"tier": "gold"}}]}}));
    let r = run_main(&reg, &fx, json!({}));
    assert_eq!(r.path(), ["Fetch", "Ok"]);
}

#[test]
fn data_action_delay_within_its_timeout_succeeds_and_advances_the_clock_by_the_delay() {
    let reg = data_action_flow(json!({}), Some(2_000), true);
    let r =
        run_main(&reg, &mocks(json!([{"outputs": {"tier": "gold"}, "delayMs": 2_000}])), json!({}));
    assert_eq!(r.path(), ["Fetch", "Ok"]);
    assert_eq!(r.elapsed_ms, 2_000);
}

#[test]
fn data_action_slower_than_its_timeout_takes_the_on_timeout_path_and_costs_the_timeout() {
    let reg = data_action_flow(json!({}), Some(2_000), true);
    let r =
        run_main(&reg, &mocks(json!([{"outputs": {"tier": "gold"}, "delayMs": 2_001}])), json!({}));
    assert_eq!(r.path(), ["Fetch", "TimedOut"]);
    assert_eq!((edge(&r, 0), next(&r, 0), step_error(&r, 0)), ("timeout", Some("TimedOut"), None));
    assert_eq!(prompts(&r), ["timed out status=timeout"]);
    assert_eq!(r.elapsed_ms, 2_000);
    assert_eq!(result_json(&r)["trace"][0]["edge"], "timeout");
}

#[test]
fn data_action_timeout_defaults_to_ten_seconds() {
    let reg = data_action_flow(json!({}), None, true);
    let r = run_main(
        &reg,
        &mocks(json!([{"outputs": {"tier": "gold"}, "delayMs": 10_001}])),
        json!({}),
    );
    assert_eq!(r.path(), ["Fetch", "TimedOut"]);
    assert_eq!(r.elapsed_ms, 10_000);
}

#[test]
fn data_action_timeout_without_on_timeout_path_is_error_data_action_timeout() {
    let reg = data_action_flow(json!({}), Some(500), false);
    let r = run_main(&reg, &mocks(json!([{"timeout": true}])), json!({}));
    assert_eq!(r.path(), ["Fetch", "Failed"]);
    assert_eq!((edge(&r, 0), step_error(&r, 0)), ("error", Some("dataActionTimeout")));
    assert_eq!(prompts(&r), ["failed status=timeout outputs=[]"]);
    assert_eq!(r.elapsed_ms, 500);
}

#[test]
fn data_action_timeout_with_neither_path_fails_the_run() {
    let reg = registry(&[flow(
        "Main",
        "Fetch",
        json!({"Fetch": data_action("Get Tier", json!({}), Some(100), "")}),
    )]);
    let r = run_main(&reg, &mocks(json!([{"timeout": true}])), json!({}));
    assert_eq!(r.status, Status::Failed);
    assert_eq!(run_error(&r), Some(("dataActionTimeout", "Main", "Fetch")));
    assert_eq!(r.elapsed_ms, 100);
}

#[test]
fn data_action_error_response_fails_with_data_action_failed_and_no_outputs() {
    let reg = data_action_flow(json!({}), None, true);
    let r = run_main(&reg, &mocks(json!([{"error": "503 from CRM", "delayMs": 300}])), json!({}));
    assert_eq!(r.path(), ["Fetch", "Failed"]);
    assert_eq!(step_error(&r, 0), Some("dataActionFailed"));
    assert!(r.step_error(&r.trace[0]).is_some_and(|e| e.message.contains("503 from CRM")));
    assert_eq!(prompts(&r), ["failed status=failed outputs=[]"]);
    assert_eq!(r.elapsed_ms, 300);
}

#[test]
fn data_action_without_a_fitting_response_fails_with_unmocked_data_action() {
    let reg = data_action_flow(json!({"phone": "+1999"}), None, true);
    let r = run_main(
        &reg,
        &mocks(json!([{"match": {"phone": "+1555"}, "outputs": {"tier": "gold"}}])),
        json!({}),
    );
    assert_eq!(r.path(), ["Fetch", "Failed"]);
    assert_eq!(step_error(&r, 0), Some("unmockedDataAction"));
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(step_error(&r, 0), Some("unmockedDataAction"));
}

#[test]
fn data_action_match_compares_inputs_as_display_text() {
    let reg = data_action_flow(json!({"n": "{Flow.n}", "queue": "Sales"}), None, true);
    let fx = mocks(json!([
        {"match": {"n": "2.5"}, "outputs": {"tier": "decimal"}},
        {"match": {"n": "4", "queue": "Sales"}, "outputs": {"tier": "four"}},
        {"outputs": {"tier": "any"}},
    ]));
    let r = run_main(&reg, &fx, json!({"variables": {"Flow.n": 4}}));
    assert_eq!(prompts(&r), ["tier=four status=success"]);
    let r = run_main(&reg, &fx, json!({"variables": {"Flow.n": 2.50}}));
    assert_eq!(prompts(&r), ["tier=decimal status=success"]);
    let r = run_main(&reg, &fx, json!({"variables": {"Flow.n": 5}}));
    assert_eq!(prompts(&r), ["tier=any status=success"]);
}

#[test]
fn data_action_times_is_counted_over_the_run_across_flows() {
    let reg = registry(&[
        flow(
            "Main",
            "First",
            json!({"First": data_action("Get Tier", json!({}), None, "CallSub"), "CallSub": call("Sub", "Third"),
                   "Third": data_action("Get Tier", json!({}), None, "Tell"),
                   "Tell": say("{First.outputs.tier},{Third.outputs.tier},{Flow.second}", "")}),
        ),
        flow(
            "Sub",
            "Second",
            json!({"Second": data_action("Get Tier", json!({}), None, "Keep"),
                   "Keep": set(&[("Flow.second", "expression", "Second.outputs.tier")], "")}),
        ),
    ]);
    let fx = mocks(
        json!([{"outputs": {"tier": "once"}, "times": 1}, {"outputs": {"tier": "twice"}, "times": 2}]),
    );
    let r = run_main(&reg, &fx, json!({}));
    assert_eq!(prompts(&r), ["once,twice,twice"]);
    // Counting restarts with every run.
    let r = run_main(&reg, &fx, json!({}));
    assert_eq!(prompts(&r), ["once,twice,twice"]);
    // A fourth call finds every response used up.
    let reg = registry(&[flow(
        "Main",
        "A",
        json!({"A": data_action("Get Tier", json!({}), None, "B"), "B": data_action("Get Tier", json!({}), None, "C"),
               "C": data_action("Get Tier", json!({}), None, "D"), "D": data_action("Get Tier", json!({}), None, "")}),
    )]);
    let r = run_main(&reg, &fx, json!({}));
    assert_eq!(run_error(&r), Some(("unmockedDataAction", "Main", "D")));
}

// ================================================================================================
// §2 GetExternalContactAction and §5.1 contacts
// ================================================================================================

fn contacts() -> FixtureStore {
    fixtures(&json!({"defaultCountryCode": "1", "contacts": [
        {"id": "c-ann", "firstName": "Ann", "lastName": "Lee", "email": "Ann.Lee@Example.com",
         "cellPhone": "+1 (555) 123-4567", "attributes": {"tier": "gold"}},
        {"id": "c-bob", "firstName": "Bob", "lastName": "Stone", "email": "bob@example.com", "workPhone": "555 765 4321"},
        {"id": "c-desk", "name": "Front Desk", "homePhone": "+442071234567"},
        {"id": "c-office", "name": "Back Office", "otherPhone": "00442071234567", "otherEmail": "ANN.LEE@example.com"}
    ]}))
}

/// Main: a lookup with `props`; success → `Found` (says name, found, matchCount), error → `Missing`.
fn lookup_flow(props: J) -> Registry {
    registry(&[flow(
        "Main",
        "Find",
        json!({
            "Find": on_error(lookup(props, "Found"), "Missing"),
            "Found": say("{Find.contact.name}|{Find.found}|{Find.matchCount}|{Find.contact.attributes.tier}", ""),
            "Missing": say("missing|{Find.found}|{Find.matchCount}", ""),
        }),
    )])
}

#[test]
fn contact_lookup_by_phone_matches_the_e164_forms_of_the_callers_number() {
    let reg = lookup_flow(json!({}));
    let fx = contacts();
    for ani in [
        "+15551234567",
        "5551234567",
        "15551234567",
        "0015551234567",
        "(555) 123-4567",
        "tel:+1-555-123-4567",
    ] {
        let r = run_main(&reg, &fx, json!({"context": {"from": ani}}));
        assert_eq!(prompts(&r), ["Ann Lee|true|1|gold"], "Call.Ani {ani}");
    }
    let r = run_main(&reg, &fx, json!({"context": {"from": "+15557654321"}}));
    assert_eq!(prompts(&r), ["Bob Stone|true|1|"]);
    for ani in ["1234567", "25551234567", "+5551234567", "anonymous"] {
        let r = run_main(&reg, &fx, json!({"context": {"from": ani}}));
        assert_eq!(r.path(), ["Find", "Missing"], "Call.Ani {ani}");
        assert_eq!(step_error(&r, 0), Some("contactNotFound"));
    }
}

#[test]
fn contact_lookup_by_phone_uses_its_lookup_value_template() {
    let reg = lookup_flow(json!({"lookupBy": "phone", "lookupValue": "{Flow.callback}"}));
    let r = run_main(
        &reg,
        &contacts(),
        json!({"context": {"from": "+19990000000"}, "variables": {"Flow.callback": "555.765.4321"}}),
    );
    assert_eq!(prompts(&r), ["Bob Stone|true|1|"]);
}

#[test]
fn contact_lookup_by_email_is_case_insensitive() {
    let reg = lookup_flow(json!({"lookupBy": "email", "lookupValue": "BOB@EXAMPLE.COM"}));
    let r = run_main(&reg, &contacts(), json!({}));
    assert_eq!(prompts(&r), ["Bob Stone|true|1|"]);
}

#[test]
fn contact_lookup_by_id_is_exact() {
    let reg = lookup_flow(json!({"lookupBy": "id", "lookupValue": "c-ann"}));
    let r = run_main(&reg, &contacts(), json!({}));
    assert_eq!(prompts(&r), ["Ann Lee|true|1|gold"]);
    let reg = lookup_flow(json!({"lookupBy": "id", "lookupValue": "C-ANN"}));
    let r = run_main(&reg, &contacts(), json!({}));
    assert_eq!(r.path(), ["Find", "Missing"]);
}

#[test]
fn contact_lookup_with_several_matches_takes_the_first_in_file_order_and_counts_them() {
    let reg = lookup_flow(json!({}));
    let r = run_main(&reg, &contacts(), json!({"context": {"from": "+44 20 7123 4567"}}));
    assert_eq!(prompts(&r), ["Front Desk|true|2|"]);
    let reg = lookup_flow(json!({"lookupBy": "email", "lookupValue": "ann.lee@example.com"}));
    let r = run_main(&reg, &contacts(), json!({}));
    assert_eq!(prompts(&r), ["Ann Lee|true|2|gold"]);
    assert_eq!(result_json(&r)["trace"][0]["result"]["matchCount"], 2);
}

#[test]
fn contact_not_found_with_on_not_found_error_fails_with_contact_not_found() {
    let reg = lookup_flow(
        json!({"lookupBy": "email", "lookupValue": "nobody@example.com", "onNotFound": "error"}),
    );
    let r = run_main(&reg, &contacts(), json!({}));
    assert_eq!(r.path(), ["Find", "Missing"]);
    assert_eq!(step_error(&r, 0), Some("contactNotFound"));
    assert_eq!(prompts(&r), ["missing|false|0"]);
}

#[test]
fn contact_not_found_with_on_not_found_continue_succeeds_with_found_false() {
    let reg = lookup_flow(
        json!({"lookupBy": "email", "lookupValue": "nobody@example.com", "onNotFound": "continue"}),
    );
    let r = run_main(&reg, &contacts(), json!({}));
    assert_eq!(r.path(), ["Find", "Found"]);
    assert_eq!(prompts(&r), ["|false|0|"]);
    assert_eq!(result_json(&r)["trace"][0]["result"]["contact"], J::Null);
}

#[test]
fn contact_result_shows_id_name_email_and_attributes() {
    let reg = lookup_flow(json!({"lookupBy": "id", "lookupValue": "c-ann"}));
    let r = run_main(&reg, &contacts(), json!({}));
    assert_eq!(
        result_json(&r)["trace"][0]["result"]["contact"],
        json!({"id": "c-ann", "name": "Ann Lee", "email": "Ann.Lee@Example.com", "attributes": {"tier": "gold"}})
    );
}

// ================================================================================================
// §2 QueueMetrics and §5.2 queues
// ================================================================================================

#[test]
fn queue_metrics_outputs_the_queues_figures() {
    let reg = registry(&[flow(
        "Main",
        "Q",
        json!({
            "Q": node("QueueMetrics", json!({"queueName": "{Flow.q}"}), "Keep"),
            "Keep": set(&[("a", "expression", "Q.availableAgents"), ("o", "expression", "Q.onQueueAgents"),
                          ("w", "expression", "Q.waiting"), ("occ", "expression", "Q.occupancy"),
                          ("busy", "expression", "Q.occupancy > 0.9 and Q.waiting >= 7")], ""),
        }),
    )]);
    let r = run_main(&reg, &queues(), json!({"variables": {"Flow.q": "SALES"}}));
    assert_eq!(r.status, Status::Completed);
    assert_eq!(
        [var(&r, "a"), var(&r, "o"), var(&r, "w"), var(&r, "occ"), var(&r, "busy")],
        [json!(1), json!(4), json!(7), json!(0.92), json!(true)]
    );
    assert_eq!(r.variable("a").map(|v| v.ty().name()), Some("Integer"));
    assert_eq!(r.variable("occ").map(|v| v.ty().name()), Some("Decimal"));
    assert_eq!(
        result_json(&r)["trace"][0]["result"],
        json!({"availableAgents": 1, "onQueueAgents": 4, "waiting": 7, "occupancy": 0.92})
    );
}

#[test]
fn queue_metrics_by_id() {
    let reg = registry(&[flow(
        "Main",
        "Q",
        json!({"Q": node("QueueMetrics", json!({"queueId": "q-support"}), "Tell"), "Tell": say("{Q.availableAgents}/{Q.occupancy}", "")}),
    )]);
    let r = run_main(&reg, &queues(), json!({}));
    assert_eq!(prompts(&r), ["3/0.6"]);
}

#[test]
fn queue_metrics_of_an_unknown_queue_fails_with_queue_not_found() {
    let reg = registry(&[flow(
        "Main",
        "Q",
        json!({"Q": node("QueueMetrics", json!({"queueId": "q-nope"}), "")}),
    )]);
    let r = run_main(&reg, &queues(), json!({}));
    assert_eq!(run_error(&r), Some(("queueNotFound", "Main", "Q")));
}

// ================================================================================================
// §4.3 Flow calls and errors
// ================================================================================================

#[test]
fn flow_node_runs_the_callee_at_depth_plus_one_and_its_step_comes_first() {
    let reg = registry(&[
        flow(
            "Main",
            "Hi",
            json!({"Hi": say("hi", "CallSub"), "CallSub": call("Sub", "Tell"), "Tell": say("{CallSub.outcome}", "")}),
        ),
        flow("Sub", "In", json!({"In": say("in", "Out"), "Out": end("normal")})),
    ]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(r.path(), ["Hi", "CallSub", "In", "Out", "Tell"]);
    assert_eq!(depths(&r), [0, 0, 1, 1, 0]);
    assert_eq!(prompts(&r), ["hi", "in", "completed"]);
    let j = result_json(&r);
    assert_eq!(j["trace"][1]["result"], json!({"flowName": "Sub", "outcome": "completed"}));
    assert_eq!(j["trace"][2]["flowName"], "Sub");
    assert_eq!(j["trace"][2]["depth"], 1);
    assert_eq!(j["trace"][1]["next"], "Tell");
}

#[test]
fn flow_node_resolves_its_callee_by_id_then_by_name_case_insensitively() {
    let sub = json!({"id": "5a1d-sub", "name": "Shared_Sub", "draft": {"startNode": "In", "nodes": {"In": say("in", "")}}}).to_string();
    let reg = registry(&[
        flow(
            "Main",
            "ById",
            json!({"ById": node("Flow", json!({"flowId": "5a1d-sub"}), "ByName"),
                   "ByName": node("Flow", json!({"flowName": "shared_SUB"}), "ByTemplate"),
                   "ByTemplate": node("Flow", json!({"flowName": "{Flow.target}"}), "")}),
        ),
        sub,
    ]);
    let r = run_main(&reg, &no_fixtures(), json!({"variables": {"Flow.target": "SHARED_sub"}}));
    assert_eq!(r.status, Status::Completed);
    assert_eq!(r.path(), ["ById", "In", "ByName", "In", "ByTemplate", "In"]);
}

#[test]
fn flow_nodes_of_the_same_index_in_two_flows_call_their_own_constant_callees() {
    // Each flow's `Call` is its node 0: a callee remembered by node alone would send A back
    // into A.
    let reg = registry(&[
        flow("Main", "Call", json!({"Call": call("A", "")})),
        flow("A", "Call", json!({"Call": call("B", "")})),
        flow("B", "In", json!({"In": say("in b", "")})),
    ]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(r.status, Status::Completed);
    assert_eq!(r.path(), ["Call", "Call", "In"]);
    assert_eq!(depths(&r), [0, 1, 2]);
}

#[test]
fn a_flow_node_with_a_template_resolves_its_callee_at_every_call() {
    let reg = registry(&[
        flow(
            "Main",
            "Call",
            json!({"Call": node("Flow", json!({"flowName": "{Flow.target}"}), "Check"),
                   "Check": if_node(&[("Flow.target == \"Y\"", "Done")], Some("Swap")),
                   "Swap": set_str("Flow.target", "Y", "Call"),
                   "Done": end("normal")}),
        ),
        flow("X", "In", json!({"In": say("x", "")})),
        flow("Y", "In", json!({"In": say("y", "")})),
    ]);
    let r = run_main(&reg, &no_fixtures(), json!({"variables": {"Flow.target": "X"}}));
    assert_eq!(r.status, Status::Completed);
    assert_eq!(prompts(&r), ["x", "y"]);
}

#[test]
fn flow_node_prefers_a_flow_id_over_a_flow_name() {
    let by_id = json!({"id": "Shared", "name": "Owner_Of_The_Id",
                       "draft": {"startNode": "In", "nodes": {"In": say("by id", "")}}});
    let by_name = json!({"id": "other-id", "name": "Shared",
                         "draft": {"startNode": "In", "nodes": {"In": say("by name", "")}}});
    let reg = registry(&[
        flow("Main", "CallSub", json!({"CallSub": call("Shared", "")})),
        by_id.to_string(),
        by_name.to_string(),
    ]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(prompts(&r), ["by id"]);
}

#[test]
fn flow_node_naming_a_missing_flow_fails_with_flow_not_found() {
    let reg = registry(&[flow(
        "Main",
        "CallSub",
        json!({"CallSub": on_error(node("Flow", json!({"flowName": "{Flow.target}"}), "Ok"), "Oops"),
               "Ok": say("ok", ""), "Oops": say("{CallSub.outcome}", "")}),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({"variables": {"Flow.target": "Nope"}}));
    assert_eq!(r.path(), ["CallSub", "Oops"]);
    assert_eq!(step_error(&r, 0), Some("flowNotFound"));
    assert_eq!(prompts(&r), ["flowNotFound"]);
    assert_eq!(result_json(&r)["trace"][0]["result"]["outcome"], "flowNotFound");
}

#[test]
fn flow_node_naming_a_missing_flow_literally_still_runs_and_fails_with_flow_not_found() {
    let reg = registry(&[flow("Main", "CallSub", json!({"CallSub": call("Nope", "")}))]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(r.status, Status::Failed);
    assert_eq!(run_error(&r), Some(("flowNotFound", "Main", "CallSub")));
}

#[test]
fn a_published_run_uses_the_published_version_of_every_flow() {
    let reg = registry(&[
        flow_published(
            "Main",
            ("CallSub", json!({"CallSub": call("Sub", ""), "Unused": say("draft", "")})),
            ("Hi", json!({"Hi": say("published main", "CallSub"), "CallSub": call("Sub", "")})),
        ),
        flow_published(
            "Sub",
            ("In", json!({"In": say("draft sub", "")})),
            ("In", json!({"In": say("published sub", "")})),
        ),
    ]);
    let r = run_main(&reg, &no_fixtures(), json!({"version": "published"}));
    assert_eq!(prompts(&r), ["published main", "published sub"]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(prompts(&r), ["draft sub"]);
}

#[test]
fn a_nested_flow_without_a_published_version_fails_with_flow_not_published() {
    let reg = registry(&[
        flow_published(
            "Main",
            ("CallSub", json!({"CallSub": call("Sub", "")})),
            (
                "CallSub",
                json!({"CallSub": on_error(call("Sub", "Ok"), "Oops"), "Ok": say("ok", ""), "Oops": say("{CallSub.outcome}", "")}),
            ),
        ),
        flow("Sub", "In", json!({"In": say("draft only", "")})),
    ]);
    let r = run_main(&reg, &no_fixtures(), json!({"version": "published"}));
    assert_eq!(r.path(), ["CallSub", "Oops"]);
    assert_eq!(step_error(&r, 0), Some("flowNotPublished"));
    assert_eq!(prompts(&r), ["flowNotPublished"]);
}

#[test]
fn a_top_flow_that_cannot_run_is_a_bad_request() {
    let reg = registry(&[flow("Main", "Hi", json!({"Hi": say("hi", "")}))]);
    let e = refused(&reg, json!({"flowName": "Mian"}));
    assert_eq!(e.code().as_str(), "flowNotFound");
    assert!(
        matches!(&e, RequestError::UnknownFlow { help, .. } if help == "did you mean `Main`?"),
        "{e:?}"
    );
    // Nothing near: the names there are, the first five in order and how many more.
    assert_eq!(
        refused(&reg, json!({"flowName": "Zzzz"})).help(),
        "name a flow by its name or id: the flows are `Main`"
    );
    let seven: Vec<String> = ["G", "F", "E", "D", "C", "B", "A"]
        .iter()
        .map(|n| flow(&format!("Flow {n}"), "Hi", json!({"Hi": say("hi", "")})))
        .collect();
    assert_eq!(
        refused(&registry(&seven), json!({"flowName": "Zzzz"})).help(),
        "name a flow by its name or id: the flows are `Flow A`, `Flow B`, `Flow C`, `Flow D`, `Flow E` and 2 more"
    );
    let e = refused(&reg, json!({"flowName": "Main", "version": "published"}));
    assert_eq!(e.code().as_str(), "flowNotPublished");
    // By name, case-insensitively, or by id.
    assert_eq!(run(&reg, &no_fixtures(), json!({"flowName": "MAIN"})).status, Status::Completed);
    assert_eq!(run(&reg, &no_fixtures(), json!({"flowId": "Main"})).status, Status::Completed);
}

#[test]
fn error_without_error_path_propagates_through_flow_nodes_keeping_the_callees_kind() {
    let reg = registry(&[
        flow("Main", "CallMid", json!({"CallMid": call("Mid", "Ok"), "Ok": say("ok", "")})),
        flow("Mid", "CallLeaf", json!({"CallLeaf": call("Leaf", "Ok"), "Ok": say("ok", "")})),
        flow(
            "Leaf",
            "Bad",
            json!({"Bad": set(&[("Flow.n", "integer", "abc")], "Ok"), "Ok": say("ok", "")}),
        ),
    ]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(r.status, Status::Failed);
    assert_eq!(r.path(), ["CallMid", "CallLeaf", "Bad"]);
    // The error names the flow and node where it first happened.
    assert_eq!(run_error(&r), Some(("conversion", "Leaf", "Bad")));
    for step in 0..3 {
        assert_eq!(
            (edge(&r, step), next(&r, step), step_error(&r, step)),
            ("error", None, Some("conversion"))
        );
    }
    let j = result_json(&r);
    assert_eq!(j["error"]["kind"], "conversion");
    assert_eq!(j["error"]["flowName"], "Leaf");
    assert_eq!(j["error"]["nodeId"], "Bad");
    assert_eq!(j["trace"][0]["result"]["outcome"], "conversion");
}

#[test]
fn a_propagated_error_takes_the_first_error_path_up_the_call_chain() {
    let reg = registry(&[
        flow(
            "Main",
            "CallMid",
            json!({"CallMid": on_error(call("Mid", "Ok"), "Handle"), "Ok": say("ok", ""), "Handle": say("handled {CallMid.outcome}", "")}),
        ),
        flow("Mid", "CallLeaf", json!({"CallLeaf": call("Leaf", "Ok"), "Ok": say("ok", "")})),
        flow(
            "Leaf",
            "Check",
            json!({"Check": if_node(&[("Flow.missing", "X")], Some("X")), "X": say("x", "")}),
        ),
    ]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    assert_eq!(r.status, Status::Completed);
    assert_eq!(r.path(), ["CallMid", "CallLeaf", "Check", "Handle"]);
    assert_eq!((step_error(&r, 1), step_error(&r, 0)), (Some("notSet"), Some("notSet")));
    assert_eq!(next(&r, 0), Some("Handle"));
    assert_eq!(prompts(&r), ["handled notSet"]);
    assert_eq!(r.error, None);
}

#[test]
fn flow_timeout_stops_the_callee_at_the_next_node_boundary() {
    let reg = registry(&[
        flow(
            "Main",
            "CallSlow",
            json!({"CallSlow": on_error(call_with_timeout("Slow", 2, "Ok"), "Late"), "Ok": say("ok", ""),
                   "Late": say("late: {CallSlow.outcome}", "")}),
        ),
        flow(
            "Slow",
            "Fetch",
            json!({"Fetch": data_action("Get Tier", json!({}), None, "Never"), "Never": say("never", "")}),
        ),
    ]);
    let r =
        run_main(&reg, &mocks(json!([{"outputs": {"tier": "gold"}, "delayMs": 3_000}])), json!({}));
    assert_eq!(r.status, Status::Completed);
    assert_eq!(r.path(), ["CallSlow", "Fetch", "Late"]);
    assert_eq!(
        (edge(&r, 0), next(&r, 0), step_error(&r, 0)),
        ("error", Some("Late"), Some("flowTimeout"))
    );
    assert_eq!(prompts(&r), ["late: flowTimeout"]);
    assert_eq!(r.elapsed_ms, 3_000);
    // At exactly the timeout the callee goes on.
    let r =
        run_main(&reg, &mocks(json!([{"outputs": {"tier": "gold"}, "delayMs": 2_000}])), json!({}));
    assert_eq!(r.path(), ["CallSlow", "Fetch", "Never", "Ok"]);
}

#[test]
fn flow_timeout_without_error_path_fails_the_run_naming_the_flow_node() {
    let reg = registry(&[
        flow(
            "Main",
            "CallSlow",
            json!({"CallSlow": call_with_timeout("Slow", 1, "Ok"), "Ok": say("ok", "")}),
        ),
        flow(
            "Slow",
            "Ask",
            json!({"Ask": gather(json!({"timeoutSeconds": 5}), "Next"), "Next": say("never", "")}),
        ),
    ]);
    let r = run_main(&reg, &no_fixtures(), json!({"inputs": [{"digits": "1", "delaySeconds": 4}]}));
    assert_eq!(r.status, Status::Failed);
    assert_eq!(r.path(), ["CallSlow", "Ask"]);
    assert_eq!(run_error(&r), Some(("flowTimeout", "Main", "CallSlow")));
}

#[test]
fn flow_timeout_counts_virtual_time_since_the_call_only() {
    let reg = registry(&[
        flow(
            "Main",
            "Ask",
            json!({"Ask": gather(json!({"timeoutSeconds": 10}), "CallSub"), "CallSub": on_error(call_with_timeout("Sub", 3, "Ok"), "Late"),
                   "Ok": say("ok", ""), "Late": say("late", "")}),
        ),
        flow(
            "Sub",
            "Ask",
            json!({"Ask": gather(json!({"timeoutSeconds": 10}), "Done"), "Done": say("done", "")}),
        ),
    ]);
    let r = run_main(
        &reg,
        &no_fixtures(),
        json!({"inputs": [{"digits": "1", "delaySeconds": 8}, {"digits": "2", "delaySeconds": 3}]}),
    );
    assert_eq!(r.path(), ["Ask", "CallSub", "Ask", "Done", "Ok"]);
    assert_eq!(r.elapsed_ms, 11_000);
}

#[test]
fn flow_timeout_stops_the_outermost_callee_whose_time_ran_out() {
    let reg = registry(&[
        flow(
            "Main",
            "CallMid",
            json!({"CallMid": on_error(call_with_timeout("Mid", 2, "Ok"), "Late"), "Ok": say("ok", ""), "Late": say("late", "")}),
        ),
        flow(
            "Mid",
            "CallLeaf",
            json!({"CallLeaf": on_error(call_with_timeout("Leaf", 60, "MidNext"), "MidNext"), "MidNext": say("mid next", "")}),
        ),
        flow(
            "Leaf",
            "Ask",
            json!({"Ask": gather(json!({"timeoutSeconds": 5}), "LeafNext"), "LeafNext": say("leaf next", "")}),
        ),
    ]);
    let r = run_main(&reg, &no_fixtures(), json!({"inputs": [{"digits": "1", "delaySeconds": 3}]}));
    assert_eq!(r.status, Status::Completed);
    assert_eq!(r.path(), ["CallMid", "CallLeaf", "Ask", "Late"]);
    // The inner Flow node never finished; the outer one failed.
    assert_eq!(edge(&r, 1), "open");
    assert_eq!((edge(&r, 0), step_error(&r, 0)), ("error", Some("flowTimeout")));
    assert_eq!(result_json(&r)["trace"][1]["edge"], "open");
}

#[test]
fn a_callee_that_ends_after_its_timeout_fails_with_flow_timeout() {
    // Decision: the end of a callee is a node boundary too. A callee whose last node runs past
    // the Flow node's timeoutSeconds does not complete: the Flow node fails with flowTimeout,
    // whether or not another node of the callee would have followed.
    let reg = registry(&[
        flow(
            "Main",
            "CallSlow",
            json!({"CallSlow": on_error(call_with_timeout("Slow", 2, "Ok"), "Late"), "Ok": say("ok", ""), "Late": say("late {CallSlow.outcome}", "")}),
        ),
        flow("Slow", "Fetch", json!({"Fetch": data_action("Get Tier", json!({}), None, "")})),
    ]);
    let r =
        run_main(&reg, &mocks(json!([{"outputs": {"tier": "gold"}, "delayMs": 2_500}])), json!({}));
    assert_eq!(r.path(), ["CallSlow", "Fetch", "Late"]);
    assert_eq!(step_error(&r, 0), Some("flowTimeout"));
    assert_eq!(prompts(&r), ["late flowTimeout"]);
    // The same when the callee's last node fails: the Flow node's timer ran out first.
    let r = run_main(&reg, &mocks(json!([{"error": "boom", "delayMs": 2_500}])), json!({}));
    assert_eq!(step_error(&r, 0), Some("flowTimeout"));
    // In time, it completes.
    let r =
        run_main(&reg, &mocks(json!([{"outputs": {"tier": "gold"}, "delayMs": 1_500}])), json!({}));
    assert_eq!(r.path(), ["CallSlow", "Fetch", "Ok"]);
}

#[test]
fn disconnect_in_a_callee_past_its_timeout_still_disconnects() {
    let reg = registry(&[
        flow(
            "Main",
            "CallSub",
            json!({"CallSub": on_error(call_with_timeout("Sub", 1, "Ok"), "Late"), "Ok": say("ok", ""), "Late": say("late", "")}),
        ),
        flow(
            "Sub",
            "Ask",
            json!({"Ask": gather(json!({}), "Bye"), "Bye": node("Disconnect", json!({}), "")}),
        ),
    ]);
    // The timer ran out during Ask: Bye never starts.
    let r = run_main(&reg, &no_fixtures(), json!({"inputs": [{"digits": "1", "delaySeconds": 2}]}));
    assert_eq!(r.path(), ["CallSub", "Ask", "Late"]);
    let r = run_main(&reg, &no_fixtures(), json!({"inputs": ["1"]}));
    assert_eq!(r.status, Status::Disconnected);
}

#[test]
fn a_flow_node_at_depth_32_fails_with_call_depth() {
    let reg = registry(&[flow("Loop", "Again", json!({"Again": call("Loop", "")}))]);
    let r = run(&reg, &no_fixtures(), json!({"flowName": "Loop"}));
    assert_eq!(r.status, Status::Failed);
    assert_eq!(r.trace.len(), 33);
    assert_eq!(depths(&r), (0..=32).collect::<Vec<u16>>());
    assert_eq!(step_error(&r, 32), Some("callDepth"));
    assert_eq!(step_error(&r, 0), Some("callDepth"));
    assert_eq!(run_error(&r), Some(("callDepth", "Loop", "Again")));
    assert_eq!(u32::from(flowsim::engine::MAX_CALL_DEPTH), 32);
    let j = result_json(&r);
    assert_eq!(j["trace"][32]["depth"], 32);
    assert_eq!(j["trace"][32]["result"]["outcome"], "callDepth");
}

#[test]
fn a_call_depth_error_can_be_handled_by_the_flow_node_that_hit_it() {
    // Count the depth in a variable; the Flow node at depth 32 takes its error path.
    let reg = registry(&[flow(
        "Loop",
        "Count",
        json!({
            "Count": set(&[("Flow.depth", "expression", "Flow.depth + 1")], "Again"),
            "Again": on_error(call("Loop", ""), "TooDeep"),
            "TooDeep": set(&[("Flow.deepest", "expression", "Flow.depth")], ""),
        }),
    )]);
    let r = run(&reg, &no_fixtures(), json!({"flowName": "Loop", "variables": {"Flow.depth": 0}}));
    assert_eq!(r.status, Status::Completed);
    assert_eq!(var(&r, "Flow.deepest"), 33);
    assert_eq!(r.path().iter().filter(|n| **n == "TooDeep").count(), 1);
}

#[test]
fn the_step_limit_ends_the_run_with_status_step_limit() {
    let reg = registry(&[flow(
        "Main",
        "A",
        json!({"A": set(&[("Flow.n", "expression", "Flow.n + 1")], "B"), "B": say("{Flow.n}", "A")}),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({"maxSteps": 5, "variables": {"Flow.n": 0}}));
    assert_eq!(r.status, Status::StepLimit);
    assert_eq!(r.path(), ["A", "B", "A", "B", "A"]);
    assert_eq!(run_error(&r), Some(("stepLimit", "Main", "B")));
    let j = result_json(&r);
    assert_eq!(j["status"], "stepLimit");
    assert_eq!(j["error"]["kind"], "stepLimit");
    // maxSteps 0 is a bad request; the default is 10,000.
    assert_eq!(
        refused(&reg, json!({"flowName": "Main", "maxSteps": 0})).code().as_str(),
        "badMaxSteps"
    );
    let r = run_main(&reg, &no_fixtures(), json!({"variables": {"Flow.n": 0}}));
    assert_eq!(r.trace.len(), 10_000);
}

#[test]
fn the_request_timeout_ends_the_run_at_the_next_node_boundary_with_status_timeout() {
    let reg = registry(&[flow(
        "Main",
        "Ask",
        json!({"Ask": gather(json!({"timeoutSeconds": 10}), "Next"), "Next": say("next", "")}),
    )]);
    let input = json!([{"digits": "1", "delaySeconds": 3}]);
    let r = run_main(&reg, &no_fixtures(), json!({"timeout": 2_999, "inputs": input}));
    assert_eq!(r.status, Status::Timeout);
    assert_eq!(r.path(), ["Ask"]);
    assert_eq!(run_error(&r), Some(("timeout", "Main", "Next")));
    assert_eq!(r.elapsed_ms, 3_000);
    assert_eq!(result_json(&r)["error"]["kind"], "timeout");
    // Not exceeded at exactly the timeout.
    let r = run_main(&reg, &no_fixtures(), json!({"timeout": 3_000, "inputs": input}));
    assert_eq!(r.status, Status::Completed);
}

#[test]
fn a_run_that_ends_after_its_timeout_has_status_timeout() {
    // Decision: the end of the run is a node boundary too, so whether a slow last node times the
    // run out does not depend on whether another node would have followed.
    let reg = registry(&[flow(
        "Main",
        "Hi",
        json!({"Hi": say("hi", "Ask"), "Ask": gather(json!({"timeoutSeconds": 10}), "")}),
    )]);
    let r = run_main(
        &reg,
        &no_fixtures(),
        json!({"timeout": 1_000, "inputs": [{"digits": "1", "delaySeconds": 3}]}),
    );
    assert_eq!(r.status, Status::Timeout);
    assert_eq!(r.path(), ["Hi", "Ask"]);
    assert_eq!(run_error(&r), Some(("timeout", "Main", "Ask")));
    // Also when the slow node failed: the run's timer ran out first.
    let r = run_main(&reg, &no_fixtures(), json!({"timeout": 1_000, "inputs": ["timeout"]}));
    assert_eq!(r.status, Status::Timeout);
    // Disconnect ends the run at once.
    let reg = registry(&[flow(
        "Main",
        "Ask",
        json!({"Ask": gather(json!({}), "Bye"), "Bye": end("disconnect")}),
    )]);
    let r = run_main(
        &reg,
        &no_fixtures(),
        json!({"timeout": 1_000, "inputs": [{"digits": "1", "delaySeconds": 1}]}),
    );
    assert_eq!(r.status, Status::Disconnected);
}

#[test]
fn node_id_starts_the_run_at_that_node_of_the_top_flow() {
    let reg = registry(&[flow(
        "Main",
        "A",
        json!({"A": say("a", "B"), "B": say("b", "C"), "C": say("c", "")}),
    )]);
    let r = run_main(&reg, &no_fixtures(), json!({"nodeId": "B"}));
    assert_eq!(r.path(), ["B", "C"]);
}

#[test]
fn an_unknown_node_id_is_refused_with_invalid_node_id() {
    let reg = registry(&[flow(
        "Main",
        "Start",
        json!({"Start": say("a", "Lookup"), "Lookup": say("b", "")}),
    )]);
    let e = refused(&reg, json!({"flowName": "Main", "nodeId": "Lookpu"}));
    assert_eq!(e.code().as_str(), "invalidNodeId");
    assert!(
        matches!(&e, RequestError::InvalidNodeId { nearest: Some(n), .. } if n == "Lookup"),
        "{e:?}"
    );
    // Node ids in a request are exact.
    assert_eq!(
        refused(&reg, json!({"flowName": "Main", "nodeId": "lookup"})).code().as_str(),
        "invalidNodeId"
    );
}

// ================================================================================================
// §6.2 Result
// ================================================================================================

#[test]
fn variables_are_listed_in_order_of_first_assignment_with_not_set_as_null() {
    let reg = registry(&[
        flow(
            "Main",
            "S1",
            json!({"S1": set(&[("Flow.Zeta", "string", "z"), ("Flow.alpha", "expression", "NOT_SET")], "CallSub"),
                   "CallSub": call("Sub", "S2"),
                   "S2": set(&[("flow.ZETA", "string", "z2"), ("Flow.last", "integer", "1")], "")}),
        ),
        flow("Sub", "S", json!({"S": set_str("Flow.Mid", "m", "")})),
    ]);
    let r = run_main(&reg, &no_fixtures(), json!({"variables": {"Flow.preset": "p"}}));
    assert_eq!(var_names(&r), ["Flow.preset", "Flow.Zeta", "Flow.alpha", "Flow.Mid", "Flow.last"]);
    let text = r.to_json_pretty();
    let j: J = serde_json::from_str(&text).unwrap();
    let keys: Vec<&str> = j["variables"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["Flow.preset", "Flow.Zeta", "Flow.alpha", "Flow.Mid", "Flow.last"]);
    assert_eq!(
        j["variables"],
        json!({"Flow.preset": "p", "Flow.Zeta": "z2", "Flow.alpha": null, "Flow.Mid": "m", "Flow.last": 1})
    );
}

#[test]
fn the_result_json_has_the_stable_fields_of_the_contract() {
    let flow_a = json!({"id": "flow-a-id", "name": "Main", "draft": {"startNode": "Hello", "nodes": {
        "Hello": {"id": "Hello", "name": "Say hello", "type": "Say", "properties": {"sayText": "Hi."}, "onComplete": {"nextNode": "Bad"}},
        "Bad": on_error(set(&[("Flow.n", "integer", "x")], ""), "Route"),
        "Route": node("Route", json!({"queueId": "q-support"}), "")
    }}})
    .to_string();
    let reg = registry(&[flow_a]);
    let r = run(&reg, &queues(), json!({"flowId": "flow-a-id"}));
    let text = r.to_json_pretty();
    assert!(text.ends_with("}\n"));
    let j: J = serde_json::from_str(&text).unwrap();
    let keys: Vec<&str> = j.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "status",
            "flowId",
            "flowName",
            "trace",
            "variables",
            "prompts",
            "route",
            "error",
            "warnings",
            "elapsedMs"
        ]
    );
    assert_eq!(j["status"], "completed");
    assert_eq!(j["flowId"], "flow-a-id");
    assert_eq!(j["flowName"], "Main");
    assert_eq!(
        j["trace"][0],
        json!({"step": 1, "depth": 0, "flowName": "Main", "nodeId": "Hello", "nodeName": "Say hello", "nodeType": "Say",
               "result": {"text": "Hi."}, "edge": "success", "next": "Bad"})
    );
    assert_eq!(j["trace"][1]["step"], 2);
    assert_eq!(j["trace"][1]["nodeName"], "Bad");
    assert_eq!(j["trace"][1]["next"], "Route");
    assert_eq!(j["trace"][1]["error"]["kind"], "conversion");
    assert!(j["trace"][1]["error"]["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert_eq!(j["trace"][2]["next"], J::Null);
    assert_eq!(j["prompts"], json!([{"flowName": "Main", "nodeId": "Hello", "text": "Hi."}]));
    assert_eq!(j["route"], json!({"queueId": "q-support", "queueName": "Support"}));
    assert_eq!(j["error"], J::Null);
    assert_eq!(j["warnings"], json!([]));
    assert_eq!(j["elapsedMs"], 0);
}

#[test]
fn a_failed_runs_error_names_kind_message_flow_and_node() {
    let reg = registry(&[flow("Main", "Stop", json!({"Stop": end("error")}))]);
    let r = run_main(&reg, &no_fixtures(), json!({}));
    let j = result_json(&r);
    assert_eq!(j["status"], "failed");
    let e = j["error"].as_object().unwrap();
    assert_eq!(
        e.keys().map(String::as_str).collect::<Vec<_>>(),
        ["kind", "message", "flowName", "nodeId"]
    );
    assert_eq!(
        (&e["kind"], &e["flowName"], &e["nodeId"]),
        (&json!("flowFailed"), &json!("Main"), &json!("Stop"))
    );
}

/// Flows and fixtures that touch every node type, the clock, nested calls and warnings.
fn everything() -> (Registry, FixtureStore) {
    let reg = registry(&[
        flow(
            "Main",
            "Find",
            json!({
                "Find": on_error(lookup(json!({"onNotFound": "continue"}), "Ask"), "Ask"),
                "Ask": on_error(gather(json!({"promptText": "Hi {Find.contact.firstName}, press 1.", "maxDigits": 2}), "CallSub"), "CallSub"),
                "CallSub": on_error(call_with_timeout("Sub", 30, "Metrics"), "Metrics"),
                "Metrics": node("QueueMetrics", json!({"queueName": "Sales"}), "Fetch"),
                "Fetch": on_error(data_action("Get Tier", json!({"who": "{Find.contact.id}"}), None, "Check"), "Check"),
                "Check": if_node(&[("Metrics.waiting > 5", "ToSales")], Some("ToSupport")),
                "ToSales": node("Route", json!({"queueName": "Sales"}), "Stamp"),
                "ToSupport": node("Route", json!({"queueName": "Support"}), "Stamp"),
                "Stamp": set(&[("Flow.when", "expression", "Now()"), ("Flow.ghost", "string", "{Flow.nothing}")], "Bye"),
                "Bye": say("Goodbye {Find.contact.name}.", ""),
            }),
        ),
        flow(
            "Sub",
            "S",
            json!({"S": set(&[("Flow.sub", "expression", "MakeList(1, 2.5, \"x\", NOT_SET)")], "")}),
        ),
    ]);
    let mut fx = contacts();
    fx.merge_json(Path::new("more.json"), &json!({
        "queues": [{"id": "q-support", "name": "Support", "availableAgents": 3, "onQueueAgents": 5, "waiting": 2, "occupancy": 0.6},
                   {"id": "q-sales", "name": "Sales", "availableAgents": 1, "onQueueAgents": 4, "waiting": 7, "occupancy": 0.92}],
        "dataActions": {"Get Tier": [{"outputs": {"tier": "gold"}, "delayMs": 1234}]}
    }))
    .expect("the fixtures load");
    (reg, fx)
}

#[test]
fn two_runs_of_the_same_request_give_byte_identical_json() {
    let req = json!({"flowName": "Main", "context": {"from": "5551234567"},
                     "inputs": [{"digits": "12#", "delaySeconds": 2}]});
    let (reg, fx) = everything();
    let first = run(&reg, &fx, req.clone()).to_json_pretty();
    let second = run(&reg, &fx, req.clone()).to_json_pretty();
    assert_eq!(first, second);
    // A registry and fixtures built again give the same bytes too.
    let (reg, fx) = everything();
    assert_eq!(first, run(&reg, &fx, req).to_json_pretty());
    let j: J = serde_json::from_str(&first).unwrap();
    assert_eq!(j["status"], "completed");
    assert_eq!(j["elapsedMs"], 3_234);
    assert_eq!(j["variables"]["Flow.when"], "2026-01-01T09:00:03.234Z");
    assert_eq!(j["variables"]["Flow.sub"], json!([1, 2.5, "x", null]));
    assert_eq!(j["route"]["queueName"], "Sales");
    assert_eq!(j["prompts"][1]["text"], "Goodbye Ann Lee.");
    assert_eq!(j["warnings"][0]["nodeId"], "Stamp");
}

#[test]
fn the_bundled_example_flows_run_deterministically() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let report = Registry::load_dir(&root.join("flows"));
    let reg = report.registry.expect("the bundled flows load");
    let data = root.join("data");
    let fx = FixtureStore::load(&[
        data.join("contacts.json"),
        data.join("queues.json"),
        data.join("data-actions.json"),
    ])
    .expect("the bundled fixtures load");
    let req =
        json!({"flowName": "Inbound_Flow_A", "context": {"from": "+15551234567"}, "inputs": ["1"]});
    let first = run(&reg, &fx, req.clone());
    assert_eq!(first.status, Status::Completed);
    assert_eq!(
        first.path(),
        [
            "CallShared",
            "SayHello",
            "GatherInput",
            "SetResult",
            "EndFlow",
            "CheckResult",
            "RouteToAgent",
            "PlayGoodbye",
            "EndFlow"
        ]
    );
    assert_eq!(var(&first, "shared_module_result"), "1");
    let second = run(&reg, &fx, req);
    assert_eq!(first.to_json_pretty(), second.to_json_pretty());
}
