//! The other files a user hands flowsim, on arbitrary text: scenario files, fixture files,
//! run requests and cassettes. Each parser may refuse its input with an error, never panic.
//! The first byte picks the parser; seed it with files from `fixtures/`.
#![no_main]

use flowsim::api::cassette::Cassette;
use flowsim::engine::RunRequest;
use flowsim::fixtures::FixtureStore;
use flowsim::harness::scenario::ScenarioFile;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    match which % 5 {
        0 => {
            let _ = ScenarioFile::parse(Path::new("s.scenarios.yaml"), text);
        }
        1 => {
            let _ = ScenarioFile::parse(Path::new("s.scenarios.json"), text);
        }
        2 => {
            if let Ok(json) = serde_json::from_str::<serde_json::Value>(text) {
                let mut store = FixtureStore::default();
                let _ = store.merge_json(Path::new("f.json"), &json);
            }
        }
        3 => {
            let _ = serde_json::from_str::<RunRequest>(text);
        }
        _ => {
            let _ = Cassette::parse(Path::new("c.json"), text);
        }
    }
});
