//! The flow loader and the interpreter on arbitrary flow files: loading may report problems,
//! never panic; a registry that loads runs each of its flows (draft, then published) without a
//! panic, and two runs of the same request serialize to the same bytes.
//!
//! The input is one or more flow files separated by NUL bytes, so cross-flow checks, variable
//! binding across flows and nested calls are reached too. Seed it with `fixtures/flows/*.json`.
#![no_main]

use flowsim::engine::{self, RunRequest};
use flowsim::fixtures::FixtureStore;
use flowsim::flow::Registry;
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let files: Vec<(PathBuf, &str)> = text
        .split('\0')
        .take(4)
        .enumerate()
        .map(|(i, t)| (PathBuf::from(format!("f{i}.json")), t))
        .collect();
    let report = Registry::from_sources(files.iter().map(|(p, t)| (p.as_path(), *t)));
    let Some(registry) = report.registry else { return };
    let fixtures = FixtureStore::default();
    for flow in registry.flows() {
        for version in ["draft", "published"] {
            let request: RunRequest = serde_json::from_value(serde_json::json!({
                "flowId": &*flow.id,
                "version": version,
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
    }
});
