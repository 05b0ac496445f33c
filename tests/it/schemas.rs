//! The JSON Schemas in `schemas/` (what editors validate and complete with): every bundled
//! scenario, fixture and seeds' JSON flow file validates, and each schema names exactly the
//! fields the Rust code reads, so a field added to one and not the other fails here.

use crate::support::root;
use flowsim::flow::registry::sniff;
use flowsim::flow::Format;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn schema(name: &str) -> Value {
    let text = std::fs::read_to_string(root().join("schemas").join(name)).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
}

/// A validator for `schemas/NAME`, with its relative `$ref`s to the other schemas resolved.
fn validator(name: &str) -> jsonschema::Validator {
    let base = "file:///flowsim/schemas/";
    let registry = jsonschema::Registry::new()
        .add(format!("{base}fixtures.schema.json"), schema("fixtures.schema.json"))
        .and_then(jsonschema::RegistryBuilder::prepare)
        .expect("the schemas register");
    // The validator keeps what it needs: the registry may go after `build`.
    let registry = Box::leak(Box::new(registry));
    jsonschema::options()
        .with_base_uri(format!("{base}{name}"))
        .with_registry(registry)
        .build(&schema(name))
        .unwrap_or_else(|e| panic!("{name} is not a valid JSON Schema: {e}"))
}

fn read(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
    if yaml {
        flowsim::util::yaml::to_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

#[track_caller]
fn assert_valid(v: &jsonschema::Validator, path: &Path) {
    let doc = read(path);
    let errors: Vec<String> =
        v.iter_errors(&doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{} does not validate:\n{}", path.display(), errors.join("\n"));
}

fn files_under(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            if !p.ends_with("__snapshots__") {
                files_under(&p, keep, out);
            }
        } else if keep(&p) {
            out.push(p);
        }
    }
}

#[test]
fn every_bundled_file_validates_against_its_schema() {
    let scenarios = validator("scenarios.schema.json");
    let fixtures = validator("fixtures.schema.json");
    let flows = validator("flow.schema.json");
    let mut scenario_files = Vec::new();
    for dir in ["fixtures", "templates", "tests/data"] {
        files_under(
            &root().join(dir),
            &flowsim::harness::scenario::is_scenario_file,
            &mut scenario_files,
        );
    }
    // Scenario files that are meant to be broken (hostile-input tests) are not examples.
    scenario_files.retain(|p| !p.to_string_lossy().contains("hostile"));
    assert!(scenario_files.len() >= 8, "{scenario_files:?}");
    let mut fixture_files = BTreeSet::new();
    for f in &scenario_files {
        assert_valid(&scenarios, f);
        let parsed = flowsim::harness::scenario::ScenarioFile::load(f).unwrap();
        let mut paths = parsed.fixture_paths(f);
        for i in 0..parsed.scenarios.len() {
            paths.extend(parsed.scenario_fixture_paths(f, i).unwrap_or_default());
        }
        fixture_files.extend(
            flowsim::harness::expand_fixture_paths(&paths).expect("the fixture folders list"),
        );
    }
    assert!(fixture_files.len() >= 5, "{fixture_files:?}");
    for f in &fixture_files {
        assert_valid(&fixtures, f);
    }
    let mut flow_files = Vec::new();
    let seeds_json = |p: &Path| {
        p.extension().is_some_and(|e| e == "json")
            && std::fs::read_to_string(p)
                .is_ok_and(|t| sniff(&t) == Some(Format::Json) && t.contains("\"draft\""))
    };
    for dir in ["fixtures/flows", "fixtures/flows-bench", "templates"] {
        files_under(&root().join(dir), &seeds_json, &mut flow_files);
    }
    assert!(flow_files.len() >= 6, "{flow_files:?}");
    for f in &flow_files {
        assert_valid(&flows, f);
    }
}

#[test]
fn the_schemas_refuse_what_flowsim_refuses() {
    let scenarios = validator("scenarios.schema.json");
    let typo =
        json!({"scenarios": [{"name": "a", "flow": "F", "expect": {"stauts": "completed"}}]});
    assert!(!scenarios.is_valid(&typo));
    let ok = json!({"$schema": "../schemas/scenarios.schema.json", "scenarios": [{"name": "a", "flow": "F", "fixtures": "x.json", "inheritFixtures": false, "mocks": {"queues": [{"id": "q"}]}}]});
    assert!(scenarios.is_valid(&ok));
    let bad_mock = json!({"scenarios": [{"name": "a", "flow": "F", "mocks": {"queues": [{"id": "q", "agents": 3}]}}]});
    assert!(!scenarios.is_valid(&bad_mock), "mocks are checked as fixtures");
    let flows = validator("flow.schema.json");
    let flow = |props: Value| json!({"name": "F", "draft": {"startNode": "A", "nodes": {"A": {"type": "Say", "properties": props}}}});
    assert!(flows.is_valid(&flow(json!({"sayText": "hi"}))));
    assert!(!flows.is_valid(&flow(json!({"promptText": "hi"}))), "a Gather property on a Say");
}

/// The backticked names after "expected" in serde's unknown-field error: the struct's fields.
fn serde_fields<T: serde::de::DeserializeOwned + std::fmt::Debug>() -> BTreeSet<String> {
    let e = serde_json::from_value::<T>(json!({"zzzUnknown": 1})).unwrap_err().to_string();
    let (_, expected) = e.split_once("expected").unwrap_or_else(|| panic!("{e}"));
    expected.split('`').skip(1).step_by(2).map(str::to_owned).collect()
}

fn properties(schema: &Value, def: &str) -> BTreeSet<String> {
    let d = if def.is_empty() { schema } else { &schema["$defs"][def] };
    let p = d["properties"].as_object().unwrap_or_else(|| panic!("no properties in {def}"));
    p.keys().cloned().collect()
}

#[track_caller]
fn same(what: &str, rust: BTreeSet<String>, schema: BTreeSet<String>) {
    let missing: Vec<_> = rust.difference(&schema).collect();
    let extra: Vec<_> = schema.difference(&rust).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{what}: the Rust code reads {missing:?} the schema lacks; the schema has {extra:?} the code does not read"
    );
}

#[test]
fn the_scenario_schema_names_every_field_of_the_scenario_types() {
    use flowsim::engine::events::{DataActionChange, QueueChange, RunEvent, When};
    use flowsim::harness::scenario::{Expect, Line, Scenario, ScenarioFile};
    let s = schema("scenarios.schema.json");
    same("scenarioFile", serde_fields::<ScenarioFile>(), properties(&s, "scenarioFile"));
    // `cases` is read on the file's tree before the rest (`harness::scenario::cases`).
    let mut scenario = serde_fields::<Scenario>();
    scenario.insert("cases".into());
    same("scenario", scenario, properties(&s, "scenario"));
    same("expect", serde_fields::<Expect>(), properties(&s, "expect"));
    same("line", serde_fields::<Line>(), properties(&s, "line"));
    same("event", serde_fields::<RunEvent>(), properties(&s, "event"));
    same("when", serde_fields::<When>(), properties(&s, "when"));
    let mut queue = serde_fields::<QueueChange>();
    queue.insert("id".into()); // serde's alias of `name`
    same("queueChange", queue, properties(&s, "queueChange"));
    same(
        "dataActionChange",
        serde_fields::<DataActionChange>(),
        properties(&s, "dataActionChange"),
    );
    same(
        "messageFields",
        serde_fields::<flowsim::engine::request::MessageFields>(),
        properties(&s, "messageFields"),
    );
    // The context reads unknown keys leniently; its fields are what it serializes.
    let context = flowsim::engine::RunContext {
        from: Some(String::new()),
        to: Some(String::new()),
        channel: Some(String::new()),
        conversation_id: Some(String::new()),
        media_type: Some(String::new()),
        start_time: Some(String::new()),
        attributes: [("a".to_owned(), json!(1))].into_iter().collect(),
        sip_headers: [("X-A".to_owned(), String::new())].into_iter().collect(),
    };
    let keys =
        serde_json::to_value(&context).unwrap().as_object().unwrap().keys().cloned().collect();
    same("context", keys, properties(&s, "context"));
    // An input object's keys: the error of one with an unknown key lists them.
    let e = serde_json::from_value::<flowsim::engine::InputEntry>(json!({"zzzUnknown": 1}))
        .unwrap_err()
        .to_string();
    let expected = e.split_once("expected").map_or_else(|| panic!("{e}"), |(_, x)| x);
    let keys = expected.split('`').skip(1).step_by(2).map(str::to_owned).collect();
    same("inputObject", keys, properties(&s, "inputObject"));
    // Nested expectations: the fields `route` and `error` compare (others are refused on load).
    let nested = |name: &str| {
        let object = &s["$defs"]["expect"]["properties"][name]["oneOf"][1];
        object["properties"].as_object().unwrap().keys().cloned().collect::<BTreeSet<_>>()
    };
    let set = |keys: &[&str]| keys.iter().map(|k| (*k).to_owned()).collect::<BTreeSet<_>>();
    same("expect.route", set(flowsim::harness::expect::ROUTE_KEYS), nested("route"));
    same("expect.error", set(flowsim::harness::expect::ERROR_KEYS), nested("error"));
    // Every status the schema offers is one flowsim reads.
    for status in s["$defs"]["expect"]["properties"]["status"]["enum"].as_array().unwrap() {
        serde_json::from_value::<flowsim::engine::Status>(status.clone())
            .unwrap_or_else(|e| panic!("status {status}: {e}"));
    }
}

/// The valid keys the fixture loader lists when `probe` has an unknown key `zzzUnknown`.
fn fixture_keys(probe: Value) -> BTreeSet<String> {
    let mut store = flowsim::fixtures::FixtureStore::default();
    let errors = store.merge_json(Path::new("probe.json"), &probe).unwrap_err();
    let e = errors
        .iter()
        .find(|e| e.message.contains("unknown key `zzzUnknown`"))
        .unwrap_or_else(|| panic!("{errors:?}"));
    let (_, keys) = e.message.split_once("valid keys: ").unwrap();
    keys.split(", ").map(str::to_owned).collect()
}

#[test]
fn the_fixture_schema_names_every_key_the_loader_reads() {
    let s = schema("fixtures.schema.json");
    let z = || json!({"zzzUnknown": 1});
    let with = |key: &str, extra: Value| {
        let mut o = extra;
        o["zzzUnknown"] = json!(1);
        json!({ key: [o] })
    };
    same("fixtureFile", fixture_keys(z()), properties(&s, "fixtureFile"));
    let cases = [
        ("contact", with("contacts", json!({"id": "c"}))),
        ("queue", with("queues", json!({"id": "q", "name": "Q"}))),
        ("dataActionResponse", json!({"dataActions": {"A": [z()]}})),
        ("serviceResponse", json!({"services": {"A": [z()]}})),
        ("dataTable", with("dataTables", json!({}))),
        ("user", with("users", json!({}))),
        ("entity", with("groups", json!({}))),
        ("entity", with("skills", json!({}))),
        ("entity", with("languages", json!({}))),
        ("entity", with("grammars", json!({}))),
        ("entity", with("utilizationLabels", json!({}))),
        ("prompt", with("prompts", json!({}))),
        ("entity", with("responseLibraries", json!({}))),
        ("response", with("responses", json!({}))),
        ("responseText", json!({"responses": [{"id": "r", "texts": [z()]}]})),
        ("substitution", json!({"responses": [{"id": "r", "substitutions": [z()]}]})),
        ("decisionTable", with("decisionTables", json!({}))),
        (
            "decisionColumn",
            json!({"decisionTables": [{"id": "d", "name": "D", "columns": [{"input": "a", "zzzUnknown": 1}]}]}),
        ),
        (
            "decisionRow",
            json!({"decisionTables": [{"id": "d", "name": "D", "columns": [], "rows": [{"zzzUnknown": 1}]}]}),
        ),
        ("schedule", with("schedules", json!({}))),
        ("scheduleGroup", with("scheduleGroups", json!({}))),
        ("emergencyGroup", with("emergencyGroups", json!({}))),
        (
            "reference",
            json!({"scheduleGroups": [{"id": "g", "openSchedules": [{"id": "s", "zzzUnknown": 1}]}]}),
        ),
    ];
    for (def, probe) in cases {
        same(def, fixture_keys(probe), properties(&s, def));
    }
    let proficiency = &s["$defs"]["proficiencyReference"]["oneOf"][1];
    same(
        "proficiencyReference",
        fixture_keys(json!({"users": [{"id": "u", "skills": [{"id": "s", "zzzUnknown": 1}]}]})),
        proficiency["properties"].as_object().unwrap().keys().cloned().collect(),
    );
}

#[test]
fn the_flow_schema_names_every_node_type_key_and_property() {
    use flowsim::flow::json::{
        property_keys, COMPLETE_KEYS, CONDITION_KEYS, NODE_KEYS, SET_VALUE_KEYS, SET_VALUE_TYPES,
        SET_VAR_KEYS,
    };
    let s = schema("flow.schema.json");
    let set = |keys: &[&str]| keys.iter().map(|k| (*k).to_owned()).collect::<BTreeSet<_>>();
    same("node", set(NODE_KEYS), properties(&s, "node"));
    same(
        "onComplete",
        set(COMPLETE_KEYS),
        s["$defs"]["node"]["properties"]["onComplete"]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect(),
    );
    let types: BTreeSet<String> = s["$defs"]["node"]["properties"]["type"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_owned())
        .collect();
    same("node types", set(&flowsim::flow::model::NODE_TYPES), types.clone());
    for ty in &types {
        let keys =
            property_keys(ty).unwrap_or_else(|| panic!("flowsim reads no properties of {ty}"));
        same(&format!("{ty} properties"), set(keys), properties(&s, &format!("properties{ty}")));
    }
    // Items of lists: what the loader reads of each (and warns about anything else).
    let keys = |v: &Value| v["properties"].as_object().unwrap().keys().cloned().collect();
    let entry = &s["$defs"]["propertiesSet"]["properties"]["setVars"]["items"];
    same("setVars entry", set(SET_VAR_KEYS), keys(entry));
    same("setVars value", set(SET_VALUE_KEYS), keys(&entry["properties"]["value"]));
    let value_types = entry["properties"]["value"]["properties"]["type"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_owned())
        .collect();
    same("setVars value types", set(&SET_VALUE_TYPES), value_types);
    let condition = &s["$defs"]["propertiesIf"]["properties"]["conditions"]["items"];
    same("If condition", set(CONDITION_KEYS), keys(condition));
    for nested in [entry, &entry["properties"]["value"], condition] {
        assert_eq!(nested["additionalProperties"], false, "the loader warns about other keys");
    }
}

/// The loader reads the keys of nested items the lists above name, and warns about others
/// (so a key it starts reading must be added to its list, and so to the schema).
#[test]
fn unknown_keys_of_set_entries_and_conditions_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let flow = dir.path().join("f.json");
    std::fs::write(
        &flow,
        r#"{"id": "f", "name": "F", "type": "inbound", "draft": {"startNode": "S", "nodes": {
  "S": {"id": "S", "type": "Set", "properties": {"setVars": [{"key": "Flow.x", "vlaue": 1, "value": {"type": "integer", "value": "1", "tpye": "x"}}]}, "onComplete": {"nextNode": "C"}},
  "C": {"id": "C", "type": "If", "properties": {"conditions": [{"expression": "true", "nextNode": "E", "nextnode": "E"}], "defaultNextNode": "E"}},
  "E": {"id": "E", "type": "End"}}}}"#,
    )
    .unwrap();
    let o = crate::cli::flowsim(&["check", "--flows", flow.to_str().unwrap()]);
    for (key, fix) in [("vlaue", "value"), ("tpye", "type"), ("nextnode", "nextNode")] {
        let warning = format!("`{key}` is not a key flowsim reads in");
        assert!(o.stdout.contains(&warning), "{key}: {}", o.stdout);
        assert!(o.stdout.contains(&format!("did you mean `{fix}`?")), "{fix}: {}", o.stdout);
    }
    assert!(o.stdout.contains("properties.setVars[0].value.tpye"), "{}", o.stdout);
    let strict = crate::cli::flowsim(&["check", "--strict", "--flows", flow.to_str().unwrap()]);
    assert_eq!(strict.code, 1, "{}", strict.stdout);
}

/// `expect.route` and `expect.error` name only fields flowsim compares: another key is refused
/// when the file loads, with the nearest one, rather than failing every run.
#[test]
fn unknown_route_and_error_fields_are_refused_on_load() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.scenarios.yaml");
    let flows = root().join("fixtures/flows");
    let data = root().join("fixtures/data");
    std::fs::write(
        &file,
        format!(
            "flows: {}\nfixtures: [{}]\nscenarios:\n  - name: a\n    flow: Inbound_Flow_A\n    inputs: [\"1\"]\n    expect:\n      route: {{queueID: q-sales}}\n      error: {{knd: x}}\n",
            flows.display(),
            data.display()
        ),
    )
    .unwrap();
    let o = crate::cli::flowsim(&["test", file.to_str().unwrap()]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("`route.queueID` is no field flowsim compares"), "{}", o.stderr);
    assert!(o.stderr.contains("did you mean `queueId`?"), "{}", o.stderr);
    assert!(o.stderr.contains("`error.knd` is no field flowsim compares"), "{}", o.stderr);
}

/// `flowsim.toml` as JSON, for its schema.
fn toml_json(text: &str) -> Value {
    let table: toml::Table = toml::from_str(text).unwrap_or_else(|e| panic!("not TOML: {e}"));
    serde_json::to_value(table).unwrap()
}

/// The project file `init` writes and the one docs/project.md shows validate; a misspelt key or
/// level does not (the binary refuses both too: tests/it/project.rs).
#[test]
fn the_project_schema_takes_the_files_flowsim_writes_and_shows() {
    let v = validator("project.schema.json");
    let docs = std::fs::read_to_string(root().join("docs/project.md")).unwrap();
    let shown = docs.split("```toml\n").nth(1).and_then(|b| b.split("```").next()).unwrap();
    let init = std::fs::read_to_string(root().join("templates/init/flowsim.toml")).unwrap();
    for text in [shown, init.as_str()] {
        let errors: Vec<String> = v.iter_errors(&toml_json(text)).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{text}\n{}", errors.join("\n"));
    }
    for bad in
        ["fixture = [\"f\"]\n", "[lint]\nunreachableNode = \"loud\"\n", "[env.x]\nflow = 1\n"]
    {
        assert!(!v.is_valid(&toml_json(bad)), "{bad}");
    }
}

/// The org manifest's schema: its sections are the kinds `Manifest::load` reads, the manifest
/// docs/org.md shows validates, and so does what `flowsim org` writes from the bundled
/// fixtures; an unknown section or field does not.
#[test]
fn the_org_schema_takes_the_manifests_flowsim_reads_and_writes() {
    let v = validator("org.schema.json");
    let mut sections: BTreeSet<String> =
        flowsim::fixtures::Org::ALL.iter().map(|k| k.section().to_owned()).collect();
    sections.extend(["$schema".to_owned(), "org".to_owned()]);
    let listed: BTreeSet<String> =
        schema("org.schema.json")["properties"].as_object().unwrap().keys().cloned().collect();
    assert_eq!(listed, sections);
    let docs = std::fs::read_to_string(root().join("docs/org.md")).unwrap();
    let shown = docs.split("```yaml\n").nth(1).and_then(|b| b.split("```").next()).unwrap();
    let shown = flowsim::util::yaml::to_json(shown).unwrap();
    let errors: Vec<String> = v.iter_errors(&shown).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let o = crate::cli::flowsim(&["org", "--fixtures", "fixtures/data"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let written = flowsim::util::yaml::to_json(&o.stdout).unwrap();
    let errors: Vec<String> = v.iter_errors(&written).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{}\n{}", o.stdout, errors.join("\n"));
    for bad in [json!({"queue": ["Support"]}), json!({"dataTables": [{"name": "T", "colums": {}}]})]
    {
        assert!(!v.is_valid(&bad), "{bad}");
    }
}

/// One list of codes: the project schema's `$defs/code` is every code `flowsim explain` knows
/// (the registry, `diag::every_code`), in its order; a name that is no code (`unreachableNod`)
/// is refused by the schema where the project file's reader refuses it (it was accepted
/// under `[lint]`, in `[lint.per-file]` and `[lint.actions]`, which the CLI refused).
#[test]
fn the_project_schema_lists_the_registry_s_codes_and_refuses_what_the_reader_refuses() {
    let mut registry: Vec<&str> = Vec::new();
    for c in flowsim::diag::every_code() {
        if !registry.contains(&c.as_str()) {
            registry.push(c.as_str());
        }
    }
    // Generated from the registry: `FLOWSIM_UPDATE_DOCS=1` rewrites the list, so a new code is
    // one variant in code.rs and a rerun.
    let listed: Vec<String> = registry.iter().map(|c| format!("        \"{c}\"")).collect();
    flowsim::util::assert_generated(
        "schemas/project.schema.json",
        "(`flowsim explain` lists them; FLOWSIM_UPDATE_DOCS=1 cargo test schemas writes this list from the registry).\",\n      \"enum\": [\n",
        "\n      ]",
        &listed.join(",\n"),
    );
    let v = validator("project.schema.json");
    let mut all = String::from("[lint]\n");
    for name in &registry {
        all.push_str(&format!("{name} = \"warning\"\n"));
    }
    all.push_str("[lint.per-file.\"flows/**\"]\nunreachableNode = \"ignore\"\n");
    all.push_str("[lint.actions]\n\"Main/Play\" = [\"unreachableNode\"]\n");
    assert!(v.is_valid(&toml_json(&all)), "every code of the registry is a key");
    let misses = [
        "[lint]\nunreachableNod = \"ignore\"\n",
        "[lint.per-file.\"flows/**\"]\nunreachableNod = \"ignore\"\n",
        "[lint.actions]\n\"Main/Play\" = [\"unreachableNod\"]\n",
    ];
    for text in misses {
        assert!(!v.is_valid(&toml_json(text)), "the schema takes {text}");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("flowsim.toml"), text).unwrap();
        let o = crate::cli::flowsim_in(dir.path(), &["check"]);
        assert_eq!(o.code, 2, "the reader takes {text}: {}", o.stderr);
        assert!(o.stderr.contains("`unreachableNod` is no diagnostic code"), "{}", o.stderr);
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("flowsim.toml"), &all).unwrap();
    let o = crate::cli::flowsim_in(dir.path(), &["check"]);
    assert!(!o.stderr.contains("no diagnostic code"), "{}", o.stderr);
}

/// `schemas/archy.schema.json` is what `flowsim::flow::archy::schema` generates from the
/// catalogue (`FLOWSIM_UPDATE_DOCS=1 cargo test --test it archy_schema` rewrites it), and it
/// offers every action an Archy flow may write with each of its properties and their other
/// keys, so an entry added to the catalogue is in the schema.
#[test]
fn the_archy_schema_is_generated_from_the_catalogue() {
    let want = flowsim::flow::archy::schema::text();
    let path = root().join("schemas/archy.schema.json");
    if std::fs::read_to_string(&path).ok().as_deref() != Some(want.as_str()) {
        assert!(
            std::env::var_os("FLOWSIM_UPDATE_DOCS").is_some(),
            "schemas/archy.schema.json is stale: rerun with FLOWSIM_UPDATE_DOCS=1"
        );
        flowsim::util::write_atomic(&path, want.as_bytes()).unwrap();
    }
    let s = schema("archy.schema.json");
    let offered = &s["$defs"]["action"]["properties"];
    let mut count = 0;
    for a in flowsim::flow::archy::schema::actions() {
        count += 1;
        assert!(offered.get(a.key).is_some(), "the schema offers no `{}`", a.key);
        let def = &s["$defs"][format!("action.{}", a.key)];
        for p in a.props {
            for key in std::iter::once(p.name).chain(p.alias) {
                assert!(def["properties"].get(key).is_some(), "`{}` has no `{key}`", a.key);
            }
        }
        let about = def["description"].as_str().unwrap_or_default();
        assert!(about.contains(&flowsim::flow::catalogue::default_name(a.key)), "{about}");
    }
    assert!(count > 150, "{count} actions");
    assert_eq!(offered.as_object().unwrap().len(), count, "only the catalogue's actions");
}

/// An Archy flow file's text with every `{{key}}` filled with `x_<key>`, as the corpus tests
/// fill them, and the substitutions that do it.
fn substituted(text: &str) -> (String, flowsim::flow::archy::Substitutions) {
    let mut subs = flowsim::flow::archy::Substitutions::default();
    let mut out = text.to_owned();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(end) = rest[start..].find("}}") else { break };
        let key = rest[start + 2..start + end].trim().to_owned();
        out = out.replace(&rest[start..start + end + 2], &format!("x_{key}"));
        subs.values.insert(key.clone(), format!("x_{key}"));
        rest = &rest[start + end + 2..];
    }
    (out, subs)
}

/// What `check` says of one Archy flow file on its own: whether it accepts it (no error but a
/// call of a flow the one-file registry lacks), and the schema's errors on it.
fn archy_verdict(v: &jsonschema::Validator, path: &Path) -> (bool, Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap();
    let (filled, substitutions) = substituted(&text);
    let options = flowsim::flow::registry::LoadOptions { substitutions, ..Default::default() };
    let report = flowsim::flow::Registry::load_paths(&[path.to_path_buf()], &options);
    let accepted = report
        .diagnostics
        .iter()
        .all(|d| !d.is_error() || d.code == flowsim::diag::Code::FlowNotInRegistry);
    let errors = match flowsim::util::yaml::to_json(&filled) {
        Ok(doc) => v.iter_errors(&doc).map(|e| format!("{e} at {}", e.instance_path())).collect(),
        Err(e) => vec![format!("not YAML the schema can read: {e}")],
    };
    (accepted, errors)
}

/// Every file under `dirs` that is an Archy flow.
fn archy_files(dirs: &[PathBuf]) -> Vec<PathBuf> {
    // YAML whose one top-level key is a flow type (`sniff` takes any YAML for Archy).
    let archy = |p: &Path| {
        p.extension().is_some_and(|e| e == "yaml" || e == "yml")
            && std::fs::read_to_string(p).is_ok_and(|t| {
                let doc = flowsim::util::yaml::to_json(&substituted(&t).0).unwrap_or_default();
                sniff(&t) == Some(Format::Archy)
                    && doc.as_object().is_some_and(|o| {
                        o.len() == 1
                            && o.keys().all(|k| {
                                flowsim::flow::archy::FLOW_TYPES.contains(&k.as_str())
                                    || k == "digitalBot"
                            })
                    })
            })
    };
    let mut out = Vec::new();
    for dir in dirs {
        files_under(dir, &archy, &mut out);
    }
    out
}

/// Validates each file; a flow `check` accepts must validate. A flow `check` refuses may not:
/// its schema errors are printed, not failed on.
#[track_caller]
fn assert_archy_files_validate(files: &[PathBuf]) -> (usize, usize) {
    let v = validator("archy.schema.json");
    let (mut accepted, mut refused) = (0, 0);
    let mut failures = Vec::new();
    for f in files {
        let (ok, errors) = archy_verdict(&v, f);
        if ok {
            accepted += 1;
            if !errors.is_empty() {
                failures.push(format!("{}:\n  {}", f.display(), errors.join("\n  ")));
            }
        } else {
            refused += 1;
            if !errors.is_empty() {
                eprintln!("refused by check and by the schema: {}: {}", f.display(), errors[0]);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "flows check accepts and the schema refuses:\n{}",
        failures.join("\n")
    );
    (accepted, refused)
}

#[test]
fn every_bundled_archy_flow_check_accepts_validates_against_the_archy_schema() {
    let files = archy_files(&[
        root().join("fixtures"),
        root().join("templates"),
        root().join("tests/data"),
    ]);
    assert!(files.iter().any(|f| f.ends_with("templates/init/flows/main_menu.yaml")), "{files:?}");
    let (accepted, refused) = assert_archy_files_validate(&files);
    eprintln!(
        "archy schema: {accepted} bundled flows check accepts validate; {refused} check refuses"
    );
    assert!(accepted >= 12 && refused >= 1, "{accepted} accepted, {refused} refused");
}

#[test]
#[cfg_attr(
    flowsim_missing = "corpus",
    ignore = "needs the flow corpus: set FLOWSIM_CORPUS or put it at ../shared/corpus"
)]
fn every_corpus_archy_flow_check_accepts_validates_against_the_archy_schema() {
    let files = archy_files(&[crate::support::corpus_dir().join("archy")]);
    assert!(files.len() >= 40, "{files:?}");
    let (accepted, refused) = assert_archy_files_validate(&files);
    eprintln!(
        "archy schema: {accepted} corpus flows check accepts validate; {refused} check refuses"
    );
    assert_eq!(refused, 0, "check refuses no corpus flow");
}

/// The template flow of `flowsim init` as JSON, with `edit` applied to its text first.
fn template_flow(edit: impl Fn(&str) -> String) -> (Value, String) {
    let text = std::fs::read_to_string(root().join("templates/init/flows/main_menu.yaml")).unwrap();
    let text = edit(&text);
    (flowsim::util::yaml::to_json(&text).unwrap(), text)
}

/// A misspelt action key, property, output or literal wrapper is refused by the schema, as
/// `check` refuses it; Archy's literal forms are taken.
#[test]
fn the_archy_schema_refuses_misspelt_keys_and_takes_archy_s_literal_forms() {
    let v = validator("archy.schema.json");
    let (flow, _) = template_flow(str::to_owned);
    assert!(
        v.is_valid(&flow),
        "{:?}",
        v.iter_errors(&flow).map(|e| e.to_string()).collect::<Vec<_>>()
    );
    let dir = tempfile::tempdir().unwrap();
    for (wrong, right) in [
        ("- decison:", "- decision:"),
        ("conditon:", "condition:"),
        ("targetQueu:", "targetQueue:"),
        ("digts:", "digits:"),
        ("  yse:\n", "  yes:\n"),
        ("lti:\n                  seconds", "lit:\n                  seconds"),
        ("  statse:", "  tasks:"),
    ] {
        let (flow, text) = template_flow(|t| {
            assert!(t.contains(right), "the template has no `{right}`");
            t.replacen(right, wrong, 1)
        });
        assert!(!v.is_valid(&flow), "the schema takes `{wrong}`");
        let file = dir.path().join("flow.yaml");
        std::fs::write(&file, &text).unwrap();
        let o = crate::cli::flowsim(&["check", file.to_str().unwrap()]);
        assert_ne!(o.code, 0, "check takes `{wrong}`: {}", o.stdout);
    }
    let wrap = |value: Value| {
        json!({"inboundCall": {"name": "F", "startUpRef": "./tasks/task[T]", "tasks": [{"task": {"name": "T", "actions": [
            {"collectInput": {"name": "C", "inputData": {"var": "Flow.d"}, "noEntryTimeout": value}},
        ]}}]}})
    };
    for form in [
        json!({"lit": {"seconds": 5}}),
        json!({"lit": {"minutes": 1, "seconds": "30"}}),
        json!({"exp": "MakeDuration(0, 0, 0, 5)"}),
        json!({"noValue": true}),
        json!("PT5S"),
        json!(5),
    ] {
        assert!(v.is_valid(&wrap(form.clone())), "the schema refuses {form}");
    }
    for form in [json!({"lit": {"seconds": "six"}}), json!({"lti": 5}), json!({"var": "Flow.x"})] {
        assert!(!v.is_valid(&wrap(form.clone())), "the schema takes {form}");
    }
}

/// A setting of Architect's that flowsim does not read is allowed, as `check` only warns about
/// it (the corpus has `settingsVirtualAgent`); an action no catalogue entry is near is
/// refused, where `check` warns that a run needs a stub for it (docs/authoring.md).
#[test]
fn the_archy_schema_allows_unknown_settings_and_refuses_unknown_actions() {
    let v = validator("archy.schema.json");
    let (with_setting, _) = template_flow(|t| {
        t.replacen(
            "  defaultLanguage: en-us\n",
            "  defaultLanguage: en-us\n  settingsVirtualAgent: {enabled: true}\n",
            1,
        )
    });
    assert!(v.is_valid(&with_setting));
    let (misspelt_key, _) =
        template_flow(|t| t.replacen("  defaultLanguage:", "  defaultLanguag:", 1));
    assert!(!v.is_valid(&misspelt_key));
    let (unknown_action, _) =
        template_flow(|t| t.replacen("- disconnect:", "- holographicTransfer:", 1));
    assert!(!v.is_valid(&unknown_action));
}
