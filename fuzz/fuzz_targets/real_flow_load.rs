//! The real-flow front-ends on arbitrary text: Archy YAML (with `{{key}}` substitution) and
//! Architect exports (encoded or decoded), recognised by content as `--flows` does. Loading may
//! report problems, never panic; a flow that loads runs (draft) without a panic, twice to the
//! same bytes. Seed it with `fixtures/archy/flows/*.yaml` and the corpus's `archy/` and `i3/`.
#![no_main]

use flowsim::engine::{self, RunRequest};
use flowsim::fixtures::FixtureStore;
use flowsim::flow::registry::LoadOptions;
use flowsim::flow::Registry;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // Every placeholder gets a value, as `--sub` would give it.
    let mut options = LoadOptions::default();
    for part in text.split("{{").skip(1).take(64) {
        if let Some((key, _)) = part.split_once("}}") {
            options.substitutions.values.insert(key.trim().to_string(), "x".to_string());
        }
    }
    let report = Registry::from_sources_with([(Path::new("flow.yaml"), text)], &options);
    let Some(registry) = report.registry else { return };
    let fixtures = FixtureStore::default();
    for flow in registry.flows() {
        let request: RunRequest = serde_json::from_value(serde_json::json!({
            "flowId": &*flow.id,
            "inputs": ["1", "2#", "timeout", {"digits": "3", "delaySeconds": 2}],
            "maxSteps": 500,
            "timeout": 60_000,
        }))
        .expect("a valid request");
        let Ok(first) = engine::run(&registry, &fixtures, &request) else { continue };
        let second = engine::run(&registry, &fixtures, &request).expect("ran once");
        let a = serde_json::to_vec(&first).expect("serializes");
        let b = serde_json::to_vec(&second).expect("serializes");
        assert!(a == b, "two runs of flow `{}` differ", flow.name);
    }
});
