//! Every reader of data from users or from the cloud's API costs linear time and memory in its
//! input (docs/budgets.md, "Readers"): each is given an input of a hostile shape (long names
//! repeated under many fields, deep nesting, many keys) at size n and 2n, and what it built
//! (the bytes of the names, values and places it made) may grow at most 2.2 times; the readers
//! of nested contracts, whose names grow with the square of the input by nature, stop at
//! their budget at 1x, 2x and 4x instead. No test here measures time. The shapes are those of `tools/hostile/readers.py`, which times the
//! binary on them (BENCHMARKS.md, "Readers at 1x, 2x and 4x").

use flowsim::api::cassette::Cassette;
use flowsim::fixtures::FixtureStore;
use flowsim::flow::fields::MAX_NAME_BYTES;
use flowsim::flow::org::{self, Manifest};
use serde_json::{json, Map, Value as J};
use std::path::{Path, PathBuf};

const DEPTH: usize = 8;

/// What a reader built from the input of size `n`, against its input's bytes.
#[track_caller]
fn grows_linearly(what: &str, n: usize, measure: impl Fn(usize) -> (usize, usize)) {
    let (input1, built1) = measure(n);
    let (input2, built2) = measure(2 * n);
    assert!(input2 >= 2 * input1 * 9 / 10, "{what}: the input doubles ({input1} → {input2} bytes)");
    assert!(built1 > 0, "{what}: something is built");
    let ratio = built2 as f64 / built1 as f64;
    assert!(
        ratio <= 2.2,
        "{what}: doubling the input ({input1} → {input2} bytes) grew what was built {ratio:.2} times \
         ({built1} → {built2} bytes)"
    );
}

/// A reader given inputs of size `n`, 2n and 4n, each past the budget. The names a nested
/// contract flattens to grow with the square of its input (each leaf repeats every long name
/// above it), so no reader of them is linear: what bounds one is the budget, charged before
/// each name is made (`fixtures::fields`; its unit tests hold that what was spent stays within
/// it). Each size must be refused with the budget's error, never read whole: at 4x, 1.2 MB,
/// the names would take over 5 GB.
#[track_caller]
fn stops_at_the_budget(what: &str, n: usize, measure: impl Fn(usize) -> (usize, bool)) {
    let mut inputs = Vec::new();
    for k in [1, 2, 4] {
        let (input, refused) = measure(k * n);
        assert!(refused, "{what}: {k}x ({input} bytes) was read whole");
        inputs.push(input);
    }
    assert!(inputs[2] >= 4 * inputs[0] * 9 / 10, "{what}: the input grows ({inputs:?} bytes)");
}

/// Whether a reader stopped at the budget (its error names it) rather than reading the input
/// whole.
fn refused<E: std::fmt::Display>(read: Result<Manifest, E>) -> bool {
    match read {
        Ok(_) => false,
        Err(e) => {
            assert!(e.to_string().contains(&format!("pass {MAX_NAME_BYTES} bytes")), "{e}");
            true
        }
    }
}

/// A JSON Schema nested [`DEPTH`] deep: at each level `n` leaf fields beside an object property
/// named by 25·n bytes that holds the next level (`readers.py`'s `contract_schema`).
fn contract_schema(n: usize) -> J {
    let leaves = || -> Map<String, J> {
        (0..n).map(|i| (format!("leaf{i}"), json!({"type": "string"}))).collect()
    };
    let mut inner = json!({"type": "object", "properties": leaves()});
    for level in (0..DEPTH).rev() {
        let mut props = leaves();
        props.insert(format!("level{level}{}", "x".repeat(25 * n)), inner);
        inner = json!({"type": "object", "properties": props});
    }
    inner
}

/// The bytes of the field names a manifest lists (what flattening made).
fn name_bytes(m: &Manifest) -> usize {
    let entries = m.entries(flowsim::flow::catalogue::Org::DataAction).unwrap_or_default();
    entries
        .iter()
        .flat_map(|e| e.inputs.iter().chain(&e.outputs))
        .flat_map(|f| f.keys())
        .map(String::len)
        .sum()
}

fn terraform(n: usize) -> String {
    json!({"resource": {"genesyscloud_integration_action": {"Deep": {
        "name": "Deep",
        "contract_input": json!({"type": "object", "properties": {"id": {"type": "string"}}}).to_string(),
        "contract_output": contract_schema(n).to_string(),
    }}}})
    .to_string()
}

#[test]
fn terraform_contracts_nested_under_long_names_cost_at_most_the_budget() {
    // Below the budget the names are all listed...
    let small = flowsim::util::strict::from_json(&terraform(4)).unwrap();
    let m = org::from_terraform_trees(&[(PathBuf::from("a.tf.json"), small)]).unwrap();
    assert!(name_bytes(&m) > 8 * 100, "every level's leaves under its long name");
    // ...and past it (at 1x, 0.3 MB, the names would take 340 MB) the reader stops.
    stops_at_the_budget("Terraform JSON", 400, |n| {
        let text = terraform(n);
        let tree = flowsim::util::strict::from_json(&text).unwrap();
        (text.len(), refused(org::from_terraform_trees(&[(PathBuf::from("a.tf.json"), tree)])))
    });
}

#[test]
fn terraform_past_the_budget_is_refused_naming_the_file_and_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deep.tf.json");
    std::fs::write(&file, terraform(200)).unwrap();
    let o = crate::cli::flowsim(&["org", "--terraform", file.to_str().unwrap()]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stdout.is_empty());
    assert!(
        o.stderr.contains(&format!(
            "deep.tf.json: the data actions' field names, flattened as Architect names them \
             (`address.city`), pass {MAX_NAME_BYTES} bytes at data action `Deep`"
        )),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("help: each nested field's name repeats"), "{}", o.stderr);
}

fn org_cassette(n: usize) -> String {
    let get = |path: &str, body: J| {
        json!({"request": {"method": "GET", "path": path}, "response": {"status": 200, "body": body},
               "recordedAt": "2026-01-01T00:00:00Z"})
    };
    let action = json!({"id": "a1", "name": "Deep", "category": "Hostile"});
    let mut detail = action.clone();
    detail["contract"] = json!({
        "input": {"inputSchema": {"type": "object", "properties": {"id": {"type": "string"}}}},
        "output": {"successSchema": contract_schema(n)},
    });
    json!({"formatVersion": 1, "baseUrl": "https://api.example.com", "interactions": [
        get("/api/v2/integrations/actions", json!({"entities": [action], "pageNumber": 1, "pageCount": 1})),
        get("/api/v2/integrations/actions/a1", detail),
    ]})
    .to_string()
}

#[test]
fn org_cassette_contracts_cost_at_most_the_budget() {
    stops_at_the_budget("org cassette", 400, |n| {
        let text = org_cassette(n);
        let cassette = Cassette::parse(Path::new("org.json"), &text).unwrap();
        let read = flowsim::api::org::manifest_from_cassette(&cassette).map_err(|e| e.message);
        (text.len(), refused(read))
    });
}

/// Mock outputs nested [`DEPTH`] deep: at each level a 25·n-byte key over `n` leaves, the next
/// level and a list of `n` objects (`readers.py`'s `mock_outputs`).
fn fixture_contract(n: usize) -> String {
    let leaves =
        || -> Map<String, J> { (0..n).map(|i| (format!("leaf{i}"), json!("v"))).collect() };
    let mut inner = J::Object(leaves());
    for level in (0..DEPTH).rev() {
        let mut value = leaves();
        value.insert(format!("level{level}{}", "x".repeat(25 * n)), inner);
        value.insert("items".into(), (0..n).map(|i| json!({"k": i})).collect());
        inner = J::Object(value);
    }
    json!({"dataActions": {"Deep": [{"match": {"id": "1"}, "outputs": inner}]}}).to_string()
}

#[test]
fn fixture_mock_outputs_cost_at_most_the_budget() {
    stops_at_the_budget("fixture data action outputs", 400, |n| {
        let text = fixture_contract(n);
        let tree: J = serde_json::from_str(&text).unwrap();
        let mut store = FixtureStore::default();
        let read = match store.merge_json(Path::new("f.json"), &tree) {
            Ok(()) => Ok(org::from_fixtures(&store)),
            Err(errors) => Err(errors[0].to_string()),
        };
        (text.len(), refused(read))
    });
}

#[test]
fn fixture_outputs_past_the_budget_are_a_load_error_naming_the_action() {
    let mut store = FixtureStore::default();
    let tree: J = serde_json::from_str(&fixture_contract(200)).unwrap();
    let errors = store.merge_json(Path::new("f.json"), &tree).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].location, r#"dataActions["Deep"]"#);
    assert!(errors[0].message.contains(&format!("pass {MAX_NAME_BYTES} bytes")), "{}", errors[0]);
    assert!(store.data_action_names().next().is_none(), "the store is unchanged");
}

#[test]
fn org_manifests_with_many_long_names_cost_linear() {
    let manifest = |n: usize| {
        let actions: Vec<J> = (0..n)
            .map(|i| {
                let fields: Map<String, J> =
                    (0..30).map(|j| (format!("f{j}.deep.path"), json!("string"))).collect();
                json!({"name": format!("Action {i} {}", "x".repeat(100)), "inputs": fields.clone(),
                       "outputs": fields})
            })
            .collect();
        let queues: Vec<String> = (0..n).map(|i| format!("Queue {i}")).collect();
        json!({"org": "Hostile", "dataActions": actions, "queues": queues}).to_string()
    };
    grows_linearly("org manifest", 300, |n| {
        let text = manifest(n);
        let tree = flowsim::util::strict::from_json(&text).unwrap();
        let m = Manifest::from_tree(Path::new("org.json"), &tree).unwrap();
        (text.len(), serde_json::to_string(&m.to_tree()).unwrap().len())
    });
}

/// An execution data document of common modules nested `levels` deep, each level's action
/// carrying the same payload (`readers.py`'s `execution_data`, by depth).
fn execution_data(levels: usize) -> J {
    let mut inner = json!([{"actionDisconnect": {"actionId": "end", "actionName": "Bye"}}]);
    for level in (0..levels).rev() {
        let payload: Map<String, J> =
            (0..200).map(|i| (format!("var{i}"), json!("x".repeat(20)))).collect();
        let mut input = payload;
        input.insert(
            "commonModule".into(),
            json!({"flowId": format!("cm{level}"), "flowName": "M"}),
        );
        let mut list =
            vec![json!({"turn": {"fromParticipant": {"audio": {"dtmf": {"value": "1"}}}}})];
        list.extend(inner.as_array().unwrap().iter().cloned());
        inner = json!([{"actionCallCommonModule": {"actionId": format!("m{level}"),
            "actionName": format!("Module {level}"), "inputData": input, "execution": list}}]);
    }
    json!({"flow": {"flowId": "f1", "flowName": "Main", "execution": inner}})
}

#[test]
fn execution_data_copies_each_event_once_however_deep_modules_nest() {
    // Doubling the nesting doubles the document; each action keeps a copy of its own event
    // only (before, of every module it called too: four times the bytes).
    grows_linearly("execution data", 12, |levels| {
        let doc = execution_data(levels);
        let read = flowsim::api::execution::parse(&doc).unwrap();
        let built: usize = read
            .actions
            .iter()
            .map(|a| serde_json::to_string(&a.data).unwrap().len() + a.place().len())
            .sum();
        (doc.to_string().len(), built)
    });
    let doc = flowsim::api::execution::parse(&execution_data(3)).unwrap();
    assert_eq!(doc.actions.len(), 4, "every module and the action they nest");
    assert!(doc.actions.iter().take(3).all(|a| a.turns().len() == 1), "turns are kept");
}

#[test]
fn scenario_files_with_long_names_and_many_inputs_cost_linear() {
    let file = |n: usize| {
        let mut text = String::from("flows: ../flows\nscenarios:\n");
        for i in 0..n {
            let inputs: Vec<String> = (0..20).map(|j| format!("\"{}\"", j % 10)).collect();
            text.push_str(&format!(
                "  - name: scenario {i} {}\n    flow: Main\n    inputs: [{}]\n    expect: {{status: completed}}\n",
                "y".repeat(200),
                inputs.join(", ")
            ));
        }
        text
    };
    // Under 256 KiB at 2n, so that the file is read on this thread alone.
    grows_linearly("scenario file", 300, |n| {
        let text = file(n);
        let parsed =
            flowsim::harness::scenario::ScenarioFile::parse(Path::new("s.scenarios.yaml"), &text)
                .unwrap();
        (text.len(), format!("{parsed:?}").len())
    });
}
