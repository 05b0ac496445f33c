//! Replay against the bundled flows: recordings made locally, then edited.

use super::*;
use crate::api::cassette::{RecordedRequest, RecordedResponse};
use indexmap::IndexMap;
use serde_json::json;
use std::sync::OnceLock;

/// The repository, whose bundled flows and fixtures these tests replay against.
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn registry() -> &'static Registry {
    static REG: OnceLock<Registry> = OnceLock::new();
    REG.get_or_init(|| {
        Registry::load_dir(&Path::new(ROOT).join("fixtures/flows"))
            .registry
            .expect("bundled flows load")
    })
}

fn fixtures() -> &'static FixtureStore {
    static FX: OnceLock<FixtureStore> = OnceLock::new();
    FX.get_or_init(|| {
        FixtureStore::load(
            &crate::harness::expand_fixture_paths(&[Path::new(ROOT).join("fixtures/data")])
                .expect("the fixture folders list"),
        )
        .expect("fixtures load")
    })
}

/// An interaction whose response is what the local interpreter answers today.
fn recorded(body: Value) -> Interaction {
    let request: RunRequest = serde_json::from_value(body.clone()).unwrap();
    let result = engine::Run::new(registry(), fixtures(), &request).result().unwrap();
    Interaction {
        name: Some("call".into()),
        note: None,
        request: RecordedRequest {
            method: "POST".into(),
            path: "/api/v2/architect/simulations".into(),
            query: IndexMap::new(),
            body,
        },
        response: RecordedResponse::new(
            200,
            [("content-type", "application/json")],
            serde_json::to_value(&result).unwrap(),
        ),
        recorded_at: "2026-01-01T09:00:00Z".into(),
    }
}

fn replay(i: &Interaction, config: &ReplayConfig) -> InteractionReport {
    let mut used = vec![false; config.known_gaps.len()];
    replay_interaction(Path::new("c.json"), 1, i, registry(), fixtures(), config, &mut used)
}

fn config(yaml: &str) -> ReplayConfig {
    ReplayConfig::parse(Path::new("r.yaml"), yaml).unwrap()
}

fn gold() -> Value {
    json!({"flowName": "Contact_Lookup", "context": {"from": "+15551234567"}})
}

#[test]
fn a_faithful_recording_matches() {
    let r = replay(&recorded(gold()), &ReplayConfig::default());
    assert_eq!(r.outcome, Outcome::Matched, "{:#?}", r.diffs);
    assert_eq!((r.recorded_steps, r.local_steps), (Some(5), Some(5)));
    assert_eq!(r.flow.as_deref(), Some("Contact_Lookup"));
}

#[test]
fn another_contact_is_a_result_divergence_explained_by_what_the_lookup_read() {
    let mut i = recorded(gold());
    i.response.body["trace"][0]["result"]["contact"]["id"] = json!("c-zed");
    let r = replay(&i, &ReplayConfig::default());
    assert_eq!(r.outcome, Outcome::Diverged);
    let d = r.divergence.unwrap();
    assert_eq!(d.step, 1);
    assert!(
        d.message.contains("result.contact.id recorded \"c-zed\", local \"c-ann\""),
        "{}",
        d.message
    );
    assert!(d.explanation.contains("read Call.Ani = \"+15551234567\""), "{}", d.explanation);
    assert_eq!(r.diffs[0].path, "/response/body/trace/0/result/contact/id");
}

#[test]
fn another_path_names_both_nodes_and_the_branch_before() {
    let mut i = recorded(json!({"flowName": "Inbound_Flow_A", "inputs": ["1"]}));
    // The cloud went to PlayGoodbye where the local run routes to an agent.
    i.response.body["trace"][6]["nodeId"] = json!("PlayGoodbye");
    i.response.body["trace"][6]["nodeType"] = json!("Say");
    let r = replay(&i, &ReplayConfig::default());
    assert_eq!(r.outcome, Outcome::Diverged);
    let d = r.divergence.unwrap();
    assert_eq!(d.step, 7);
    assert_eq!(
        d.message,
        "the path diverges at step 7: recorded Inbound_Flow_A/PlayGoodbye [Say], local Inbound_Flow_A/RouteToAgent [Route]"
    );
    assert!(
        d.explanation.starts_with("step 6 Inbound_Flow_A/CheckResult [If] took condition[0]"),
        "{}",
        d.explanation
    );
    assert!(d.explanation.contains("read shared_module_result = \"1\""), "{}", d.explanation);
    assert_eq!(d.recorded_path[6], "PlayGoodbye");
    assert_eq!(d.local_path[6], "RouteToAgent");
    assert_eq!(
        r.diffs.iter().map(|d| d.path.as_str()).collect::<Vec<_>>(),
        ["/response/body/trace/6/nodeId", "/response/body/trace/6/nodeType"]
    );
}

#[test]
fn config_maps_cloud_ids_and_redacted_values_and_ignores_fields() {
    let mut i = recorded(gold());
    i.request.body = json!({"flowId": "3f1c-cloud", "context": {"from": "REDACTED"}});
    i.response.body["conversationId"] = json!("abc");
    i.response.body["variables"] = json!({"Flow.lastCall": "yesterday"});
    let plain = replay(&i, &ReplayConfig::default());
    assert_eq!(plain.outcome, Outcome::Diverged);
    assert!(plain.message.as_deref().unwrap().contains("flows"), "{:?}", plain.message);
    assert_eq!(plain.diffs[0].path, "/response/status");

    let c = config(
        "flows: {3f1c-cloud: Contact_Lookup}\nmap: {/request/body/context/from: {REDACTED: '+15551234567'}}\nignore: [/body/variables/Flow.lastCall]\n",
    );
    let r = replay(&i, &c);
    assert_eq!(r.outcome, Outcome::Matched, "{:#?}", r.diffs);
}

#[test]
fn known_gaps_excuse_what_they_name_only() {
    let mut i = recorded(gold());
    i.response.body["trace"][0]["result"]["contact"]["id"] = json!("c-cloud");
    let c = config("knownGaps: [{path: /body/trace/*/result/contact/id, reason: the org's contact ids differ}]\n");
    let r = replay(&i, &c);
    assert_eq!(r.outcome, Outcome::KnownGap);
    assert_eq!(r.diffs[0].known_gap.as_deref(), Some("the org's contact ids differ"));
    i.response.body["status"] = json!("failed");
    assert_eq!(replay(&i, &c).outcome, Outcome::Diverged);
}

#[test]
fn refusals_and_other_calls() {
    // The cloud refused an unknown node; so does the local interpreter.
    let mut i = recorded(gold());
    i.request.body["nodeId"] = json!("Nope");
    i.response =
        RecordedResponse::new(400, [], json!({"message": "invalid node id", "status": 400}));
    let r = replay(&i, &ReplayConfig::default());
    assert_eq!(r.outcome, Outcome::Matched, "{:#?}", r.diffs);
    assert!(r.message.unwrap().contains("invalidNodeId"));

    i.request.method = "GET".into();
    assert_eq!(replay(&i, &ReplayConfig::default()).outcome, Outcome::Skipped);
    let mut bad = recorded(gold());
    bad.request.body = json!({"flowName": "Contact_Lookup", "inputs": [3]});
    let r = replay(&bad, &ReplayConfig::default());
    assert_eq!(r.outcome, Outcome::Invalid);
}

#[test]
fn files_report_errors_and_unused_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("a.json");
    let mut c = Cassette::new("http://127.0.0.1:1");
    c.interactions.push(recorded(gold()));
    c.save(&good).unwrap();
    std::fs::write(dir.path().join("b.json"), "{").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
    let cfg = config("knownGaps: [{path: /body/status, reason: never needed}]\n");
    let report = replay_files(&[dir.path().to_path_buf()], registry(), fixtures(), &cfg);
    assert_eq!(report.count(Outcome::Matched), 1);
    assert_eq!(report.file_errors.len(), 1);
    assert!(report.file_errors[0].file().ends_with("b.json"));
    assert_eq!(report.unused_known_gaps, ["/body/status (never needed)"]);
}

#[test]
fn a_recorded_body_that_is_not_a_run_result_is_invalid_not_a_match() {
    for (body, why) in [
        (json!("garbage"), "response.body is a text"),
        (json!(null), "response.body is null"),
        (json!([]), "response.body is a list"),
        (json!(5), "response.body is a number"),
        (json!({"trace": "x"}), "has no `status`"),
        (json!({"status": "completed", "trace": "x"}), "response.body.trace is a text"),
        (json!({"status": "completed", "trace": [1]}), "response.body.trace[0] is a number"),
        (json!({"status": "completed", "trace": [{}]}), "trace[0] has no text `nodeId`"),
        (json!({"status": 3}), "response.body.status is a number"),
        (json!({"status": "completed", "variables": []}), "variables is a list"),
        (json!({"status": "completed", "route": "q"}), "route is a text"),
    ] {
        let mut i = recorded(gold());
        i.response.body = body.clone();
        let r = replay(&i, &ReplayConfig::default());
        assert_eq!(r.outcome, Outcome::Invalid, "{body}");
        let message = r.message.unwrap_or_default();
        assert!(message.contains(why), "{body}: {message}");
    }
    let mut i = recorded(gold());
    i.response.status = 42;
    assert_eq!(replay(&i, &ReplayConfig::default()).outcome, Outcome::Invalid);
    // A refusal's body is not compared, so any body will do.
    i.response = RecordedResponse::new(400, [], json!("bad request"));
    i.request.body["nodeId"] = json!("Nope");
    assert_eq!(replay(&i, &ReplayConfig::default()).outcome, Outcome::Matched);
}
