//! Issue 79: every `flowsim explain CODE` page's scenario and fixture snippets are read by
//! flowsim's own readers, so advice flowsim would refuse (`expect: {errors: [...]}`, a data
//! action mock's `when` where the key is `match`) fails the build. Snippets of a code that
//! reports a bad scenario or fixture file show that bad input on purpose: only their advice
//! ("What to do") is read. Snippets with `...` are sketches, not input, and flow snippets are
//! held by the codes' own tests.

use flowsim::diag::{every_code, Code};
use flowsim::fixtures::FixtureStore;
use flowsim::harness::scenario::ScenarioFile;
use std::path::Path;

/// Keys a scenario writes beside `name` and `flow`.
/// (`inputs` only as a list: an action's `inputs` is a map.)
const SCENARIO_KEYS: &[&str] = &["expect", "mocks", "inputs", "events", "conversation"];
/// Expectations a page may name alone (`status: timeout`).
const EXPECT_KEYS: &[&str] =
    &["status", "missing", "route", "error", "visits", "notVisits", "exitReason", "intent"];
/// Keys of a fixture file.
const FIXTURE_KEYS: &[&str] = &["dataActions", "services", "stubs", "queues", "promptLengths"];

/// Codes whose pages show refused scenario or fixture input on purpose.
fn shows_bad_input(code: Code) -> bool {
    let name = code.as_str();
    name.starts_with("scenario")
        || name.starts_with("fixture")
        || ["duplicateId", "badResponse", "orgManifest", "yamlSyntax", "aliasBudget"]
            .contains(&name)
}

/// What flowsim's readers say of one snippet: `None` when it is no scenario or fixture text.
fn read(snippet: &str) -> Option<Result<(), String>> {
    let (key, _) = snippet.split_once(": ")?;
    if snippet.contains("...") {
        return None;
    }
    let scenario = |item: &str| {
        let text = format!("scenarios:\n  - name: x\n    flow: F\n    {item}\n");
        ScenarioFile::parse(Path::new("x.scenarios.yaml"), &text).map(drop).map_err(|e| e.message)
    };
    let fixture = |text: &str| -> Result<(), String> {
        let json = flowsim::util::yaml::to_json(text).map_err(|e| format!("{e:?}"))?;
        FixtureStore::default()
            .merge_json(Path::new("x.yaml"), &json)
            .map_err(|e| e.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join("; "))
    };
    if SCENARIO_KEYS.contains(&key) && (key != "inputs" || snippet.starts_with("inputs: [")) {
        let read = scenario(snippet);
        // A scenario's mocks are fixtures: read them as such too.
        if key == "mocks" && read.is_ok() {
            return Some(fixture(&snippet["mocks: ".len()..]));
        }
        return Some(read);
    }
    if EXPECT_KEYS.contains(&key) {
        return Some(scenario(&format!("expect: {{{snippet}}}")));
    }
    if FIXTURE_KEYS.contains(&key) {
        return Some(fixture(snippet));
    }
    None
}

/// `` a mock's `key` `` in a page's prose: the key a mock response has, for the data actions'
/// mocks when the page is about a data action, else for the services'.
fn mock_keys(code: Code, text: &str) -> Vec<Result<(), String>> {
    let data = code.explain().meaning.contains("data action");
    text.match_indices("mock's `")
        .filter_map(|(at, m)| {
            let rest = &text[at + m.len()..];
            let key = &rest[..rest.find('`')?];
            let fixture = if data {
                format!("{{\"dataActions\": {{\"A\": [{{\"{key}\": {{}}, \"outputs\": {{}}}}]}}}}")
            } else {
                format!("{{\"services\": {{\"A\": [{{\"{key}\": \"x\"}}]}}}}")
            };
            let json: serde_json::Value = serde_json::from_str(&fixture).ok()?;
            Some(
                FixtureStore::default()
                    .merge_json(Path::new("x.json"), &json)
                    .map_err(|e| format!("a mock's `{key}`: {}", e[0].message)),
            )
        })
        .collect()
}

#[test]
fn every_explain_page_gives_input_flowsim_reads() {
    let mut read_any = 0;
    let mut refused = Vec::new();
    for code in every_code() {
        let e = code.explain();
        for (heading, text) in e.parts() {
            let advice = heading == "What to do";
            let snippets: Vec<&str> = text.split('`').skip(1).step_by(2).collect();
            let mut results: Vec<(String, Result<(), String>)> =
                mock_keys(code, text).into_iter().map(|r| ("a mock's key".to_owned(), r)).collect();
            if advice || !shows_bad_input(code) {
                results.extend(snippets.iter().filter_map(|s| Some((s.to_string(), read(s)?))));
            }
            for (snippet, result) in results {
                read_any += 1;
                if let Err(why) = result {
                    refused.push(format!("{} ({heading}): `{snippet}`: {why}", code.as_str()));
                }
            }
        }
    }
    assert!(
        refused.is_empty(),
        "explain pages give input flowsim refuses:\n{}",
        refused.join("\n")
    );
    assert!(read_any >= 8, "only {read_any} snippets read: the reader finds none");
}

/// The test's readers refuse what flowsim refuses: a planted bad snippet of each kind fails.
#[test]
fn the_readers_refuse_what_flowsim_refuses() {
    for bad in [
        "expect: {errors: [unmockedDataAction]}",
        "status: finished",
        "dataActions: {Lookup Account: {response: timeout}}",
        "mocks: {dataActions: {A: [{when: {x: 1}}]}}",
    ] {
        assert!(matches!(read(bad), Some(Err(_))), "{bad}: {:?}", read(bad));
    }
    assert!(matches!(read("expect: {missing: [\"queue:Billing\"]}"), Some(Ok(()))));
    let unmocked = Code::from_name("unmockedDataAction").unwrap();
    assert!(mock_keys(unmocked, "no mock's `when` fits").iter().all(Result::is_err));
    assert!(mock_keys(unmocked, "no mock's `match` fits").iter().all(Result::is_ok));
}
