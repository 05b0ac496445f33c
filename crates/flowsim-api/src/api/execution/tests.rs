//! Round trips: a local run written as execution data replays with no divergence; the same
//! data against an edited flow diverges at the right action.

use super::emit::{document, Ids};
use super::*;
use crate::engine::RunRequest;
use crate::flow::Registry;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn acme() -> (Registry, FixtureStore) {
    let report = Registry::load_dir(&root().join("fixtures/archy/flows"));
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    let fixtures = FixtureStore::load(&[root().join("fixtures/archy/data/acme.yaml")]).unwrap();
    (report.registry.unwrap(), fixtures)
}

fn request(inputs: &[&str]) -> RunRequest {
    serde_json::from_value(serde_json::json!({
        "flowName": "Acme Main IVR",
        "context": {"startTime": "2026-01-06T15:00:00Z", "from": "+15551234567"},
        "inputs": inputs,
    }))
    .unwrap()
}

fn recorded(registry: &Registry, fixtures: &FixtureStore, inputs: &[&str]) -> Value {
    let req = request(inputs);
    let result = engine::Run::new(registry, fixtures, &req).result().unwrap();
    let ids = Ids {
        conversation_id: "c-1",
        execution_id: "e-1",
        flow_version: "1.0",
        start: "2026-01-06T15:00:00Z",
        end: "2026-01-06T15:01:00Z",
    };
    document(&result, &req, &ids)
}

fn replay(registry: &Registry, fixtures: &FixtureStore, doc: &Value) -> InteractionReport {
    let config = ReplayConfig::default();
    replay_document(Path::new("x.json"), 1, doc, registry, fixtures, &config, &mut [])
}

#[test]
fn a_run_written_as_execution_data_replays_with_no_divergence() {
    let (registry, fixtures) = acme();
    for inputs in [&["1", "123456"][..], &["2"], &["9"], &["7", "7", "7"], &["1", "999999"]] {
        let doc = recorded(&registry, &fixtures, inputs);
        let parsed = parse(&doc).unwrap();
        assert!(!parsed.actions.is_empty());
        let r = replay(&registry, &fixtures, &doc);
        assert_eq!(r.outcome, Outcome::Matched, "{inputs:?}: {r:#?}");
        assert_eq!(r.recorded_steps, r.local_steps);
    }
}

#[test]
fn other_digits_in_the_recording_diverge_at_the_menu() {
    let (registry, fixtures) = acme();
    let mut doc = recorded(&registry, &fixtures, &["2"]);
    // The caller pressed 9 instead: rewrite the recorded turn, keep the recorded path.
    let text = doc.to_string().replace("{\"value\":\"2\"", "{\"value\":\"9\"");
    doc = serde_json::from_str(&text).unwrap();
    let r = replay(&registry, &fixtures, &doc);
    assert_eq!(r.outcome, Outcome::Diverged, "{r:#?}");
    let d = r.divergence.unwrap();
    assert!(d.message.contains("Main Menu"), "{}", d.message);
}

#[test]
fn not_execution_data_is_invalid_and_says_where() {
    let (registry, fixtures) = acme();
    for bad in [
        json!("garbage"),
        json!(null),
        json!([]),
        json!(5),
        json!({"flow": {"flowId": "x", "execution": [{"x": 1}]}}),
    ] {
        let r = replay(&registry, &fixtures, &bad);
        assert_eq!(r.outcome, Outcome::Invalid, "{bad}");
        assert!(r.message.unwrap().contains("not flow execution data"));
    }
}

#[test]
fn a_flow_you_do_not_have_is_said_plainly() {
    let (registry, fixtures) = acme();
    let mut doc = recorded(&registry, &fixtures, &["2"]);
    doc["flow"]["flowId"] = json!("0000");
    doc["flow"]["flowName"] = json!("Somebody else's flow");
    let r = replay(&registry, &fixtures, &doc);
    assert_eq!(r.outcome, Outcome::Invalid);
    assert!(r.message.unwrap().contains("not among your flows"));
}

#[test]
fn a_truncated_recording_matches_with_a_caveat() {
    let (registry, fixtures) = acme();
    let mut doc = recorded(&registry, &fixtures, &["1", "123456"]);
    let list = doc["flow"]["execution"].as_array_mut().unwrap();
    list.truncate(4);
    doc["flow"]["isTruncated"] = json!(true);
    let r = replay(&registry, &fixtures, &doc);
    assert_eq!(r.outcome, Outcome::Matched, "{r:#?}");
    assert!(r.caveats.iter().any(|c| c.contains("truncated")), "{:?}", r.caveats);
}
