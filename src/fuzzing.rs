//! The fuzz targets' bodies: one function per parser, each taking arbitrary bytes. A target may
//! refuse its input (an error is an answer), never panic, abort or run away; the properties it
//! checks beyond that are in each function's comment.
//!
//! `fuzz/` (cargo-fuzz, its own workspace) calls these as libFuzzer targets, and
//! `tests/it/hostile_fuzz.rs` replays every input kept under `fuzz/regressions/<target>/`
//! through the same functions on stable Rust, so a crash the fuzzer found stays fixed.
//! `tools/fuzz/run.sh` builds and runs them (docs/budgets.md, "Fuzzing").

use crate::engine::{self, RunRequest};
use crate::expr::{self, Env, Path as VarPath, Span, Template, Value};
use crate::fixtures::FixtureStore;
use crate::flow::registry::LoadOptions;
use crate::flow::Registry;
use std::path::{Path, PathBuf};

/// A target: its name, as `fuzz/fuzz_targets/<name>.rs` and `fuzz/regressions/<name>/` name
/// it, and its body.
pub type Target = (&'static str, fn(&[u8]));

/// Every target.
pub const TARGETS: [Target; 13] = [
    ("expr_parse", expr_parse),
    ("flow_load", flow_load),
    ("real_flow_load", real_flow_load),
    ("inputs_load", inputs_load),
    ("nlu", nlu),
    ("rrule", rrule),
    ("org_manifest", org_manifest),
    ("yaml_fast", yaml_fast),
    ("terraform", terraform),
    ("cassette", cassette),
    ("execution_data", execution_data),
    ("contract", contract),
    ("scenario_file", scenario_file),
];

/// A fixed instant (2026-01-01T09:00:00Z) for clocks and classification.
const NOW_MS: i64 = 1_767_258_000_000;

struct Empty;

impl Env for Empty {
    fn lookup(&mut self, _: &VarPath, _: Span) -> Value {
        Value::NotSet
    }
    fn now_ms(&self) -> i64 {
        NOW_MS
    }
}

/// The expression parser on arbitrary text: it may refuse, never panic; what it accepts prints
/// as text that parses back to the same tree, type-checks and evaluates (on an environment
/// where every name is NOT_SET) without a panic. Templates render the same way.
///
/// # Panics
/// When a property above does not hold.
pub fn expr_parse(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(t) = Template::parse(text) {
        let _ = t.render(&mut Empty);
    }
    let Ok(e) = expr::parse(text) else { return };
    let printed = e.to_string();
    let again =
        expr::parse(&printed).unwrap_or_else(|err| panic!("{printed:?} does not parse: {err}"));
    assert_eq!(again.to_sexpr(), e.to_sexpr(), "{text:?} printed as {printed:?}");
    let _ = expr::infer(&e, &expr::Declarations::default());
    let _ = expr::eval(&e, &mut Empty);
}

/// Runs every flow of `registry` (each version given) twice: no panic, and the two results
/// serialize to the same bytes.
fn run_twice(registry: &Registry, versions: &[&str]) {
    let fixtures = FixtureStore::default();
    for flow in registry.flows() {
        for version in versions {
            let request: RunRequest = serde_json::from_value(serde_json::json!({
                "flowId": &*flow.id,
                "version": version,
                "inputs": ["1", "2#", "timeout", {"digits": "3", "delaySeconds": 2}],
                "maxSteps": 500,
                "timeout": 60_000,
            }))
            .expect("a valid request");
            let Ok(first) = engine::Run::new(registry, &fixtures, &request).result() else {
                continue;
            };
            let second =
                engine::Run::new(registry, &fixtures, &request).result().expect("ran once");
            let a = serde_json::to_vec(&first).expect("serializes");
            let b = serde_json::to_vec(&second).expect("serializes");
            assert!(a == b, "two runs of flow `{}` differ", flow.name);
        }
    }
}

/// The flow loader and the interpreter on flow files in flowsim's JSON format: loading may
/// report problems, never panic; a registry that loads runs each of its flows (draft, then
/// published) twice to the same bytes. The input is up to four files separated by NUL bytes,
/// so cross-flow checks, binding and nested calls are reached too.
///
/// # Panics
/// When a run panics or two runs differ.
pub fn flow_load(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let files: Vec<(PathBuf, &str)> = text
        .split('\0')
        .take(4)
        .enumerate()
        .map(|(i, t)| (PathBuf::from(format!("f{i}.json")), t))
        .collect();
    let report = Registry::from_sources(files.iter().map(|(p, t)| (p.as_path(), *t)));
    let Some(registry) = report.registry else { return };
    run_twice(&registry, &["draft", "published"]);
}

/// The real-flow front-ends: Archy YAML (every `{{key}}` given a value, as `--sub` would) and
/// Architect exports (encoded or decoded), recognised by content as `--flows` does. A flow that
/// loads runs (draft) twice to the same bytes.
///
/// # Panics
/// When a run panics or two runs differ.
pub fn real_flow_load(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut options = LoadOptions::default();
    for part in text.split("{{").skip(1).take(64) {
        if let Some((key, _)) = part.split_once("}}") {
            options.substitutions.values.insert(key.trim().to_string(), "x".to_string());
        }
    }
    let report = Registry::from_sources_with([(Path::new("flow.yaml"), text)], &options);
    let Some(registry) = report.registry else { return };
    run_twice(&registry, &["draft"]);
}

/// The other files a user hands flowsim; the first byte picks the parser: scenario files (YAML,
/// JSON), fixture files (JSON, YAML), run requests, cassettes, execution data, replay configs.
pub fn inputs_load(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    match which % 8 {
        0 => {
            let _ =
                crate::harness::scenario::ScenarioFile::parse(Path::new("s.scenarios.yaml"), text);
        }
        1 => {
            let _ =
                crate::harness::scenario::ScenarioFile::parse(Path::new("s.scenarios.json"), text);
        }
        2 | 3 => {
            let name = if which % 8 == 2 { "f.json" } else { "f.yaml" };
            if let Ok(json) = crate::fixtures::parse_tree(Path::new(name), text) {
                let mut store = FixtureStore::default();
                let _ = store.merge_json(Path::new(name), &json);
            }
        }
        4 => {
            let _ = serde_json::from_str::<RunRequest>(text);
        }
        5 => {
            let _ = crate::api::cassette::Cassette::parse(Path::new("c.json"), text);
        }
        6 => {
            if let Ok(json) = serde_json::from_str::<serde_json::Value>(text) {
                let _ = crate::api::execution::parse(&json);
            }
        }
        _ => {
            let _ = crate::api::replay::config::ReplayConfig::parse(Path::new("r.yaml"), text);
        }
    }
}

/// A bot flow's NLU domain (the JSON of Archy's `settingsNaturalLanguageUnderstanding` and an
/// export's `rawNlu`), a NUL byte, then customer turns one per line: a domain may be refused,
/// never panic; a loaded one classifies every turn twice to the same explanation, reads every
/// slot from it and checks it as a pinned value.
///
/// # Panics
/// When classification is not deterministic.
pub fn nlu(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (domain, turns) = text.split_once('\0').unwrap_or((text, "where is my order"));
    let Ok(json) = serde_json::from_str::<serde_json::Value>(domain) else { return };
    let Ok(nlu) = crate::nlu::Nlu::from_json(&json) else { return };
    let slots: Vec<String> = nlu.slot_names().map(str::to_owned).collect();
    for turn in turns.split('\n').take(16) {
        let a = nlu.classify(turn, NOW_MS);
        let b = nlu.classify(turn, NOW_MS);
        assert_eq!(a.explain(), b.explain(), "classification is deterministic");
        let _ = crate::nlu::yes_no(turn);
        for slot in &slots {
            let _ = nlu.extract(slot, turn, NOW_MS);
            let _ = nlu.slot_value(slot, &serde_json::Value::String(turn.to_owned()));
        }
    }
}

/// A schedule fixture's RRULE, start and end (one a line; a fourth line, if any, is the time
/// zone): the fixture may be refused, never panic; a schedule that loads is evaluated at
/// instants from 1900 to 2200 (and around its start), twice each to the same answer.
///
/// # Panics
/// When an evaluation is not deterministic.
pub fn rrule(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut lines = text.lines();
    let rule = lines.next().unwrap_or_default();
    let start = lines.next().unwrap_or("2026-01-05T08:00:00");
    let end = lines.next().unwrap_or("2026-01-05T17:00:00");
    let zone = lines.next().filter(|z| !z.is_empty());
    let json = serde_json::json!({"schedules": [
        {"id": "s", "name": "S", "start": start, "end": end, "rrule": rule},
    ]});
    let mut store = FixtureStore::default();
    if store.merge_json(Path::new("f.json"), &json).is_err() {
        return;
    }
    let start_ms = store
        .schedule("s")
        .and_then(|s| s.start().to_zoned(jiff::tz::TimeZone::UTC).ok())
        .map_or(NOW_MS, |z| z.timestamp().as_millisecond());
    let mut instants = vec![
        -2_208_988_800_000, // 1900
        NOW_MS,
        7_258_118_400_000, // 2200
        start_ms,
        start_ms + 3_600_000,
        start_ms + 86_400_000 * 400,
        start_ms - 1,
    ];
    // A few more instants, from the input's bytes.
    let mut seed: i64 = 0;
    for chunk in data.chunks(8).take(4) {
        for &b in chunk {
            seed = seed.wrapping_mul(31).wrapping_add(i64::from(b));
        }
        instants.push(NOW_MS + seed.rem_euclid(86_400_000 * 365 * 50));
    }
    for at in instants {
        let a = store.evaluate_schedule("s", zone, at);
        let b = store.evaluate_schedule("s", zone, at);
        assert_eq!(a.is_ok(), b.is_ok());
        assert_eq!(a.ok(), b.ok(), "schedule evaluation at {at} is deterministic");
    }
}

/// An org manifest: the first byte picks its shape (flowsim's manifest in YAML or JSON, a CX as
/// Code Terraform JSON, fixture files), then the text, then optionally a NUL byte and an Archy
/// flow to check against it. Loading and the check may refuse, never panic.
pub fn org_manifest(data: &[u8]) {
    use crate::flow::org::{self, Manifest};
    let Some((&which, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let (manifest, flow) = text.split_once('\0').unwrap_or((text, ""));
    let name = if which % 4 == 0 { "org.yaml" } else { "org.json" };
    let Ok(tree) = crate::fixtures::parse_tree(Path::new(name), manifest) else { return };
    let manifest = match which % 4 {
        0 | 1 => match Manifest::from_tree(Path::new(name), &tree) {
            Ok(m) => m,
            Err(_) => return,
        },
        2 => match org::from_terraform_trees(&[(PathBuf::from(name), tree)]) {
            Ok(m) => m,
            Err(_) => return,
        },
        _ => {
            let mut store = crate::fixtures::FixtureStore::default();
            if store.merge_json(Path::new(name), &tree).is_err() {
                return;
            }
            org::from_fixtures(&store)
        }
    };
    let _ = manifest.to_tree();
    if flow.is_empty() {
        return;
    }
    let report = Registry::from_sources([(Path::new("flow.yaml"), flow)]);
    if let Some(registry) = report.registry {
        let options =
            crate::flow::check::CheckOptions { org: Some(&manifest), ..Default::default() };
        let _ = crate::flow::check::run(&registry, &options);
    }
}

/// The borrowing YAML scanner (`util::yaml`'s fast path) against saphyr on arbitrary text: it
/// gives saphyr's events with their start markers, or declines after a prefix of them, and the
/// typed reader reads the same value from either.
///
/// # Panics
/// When the events or the values differ.
pub fn yaml_fast(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    crate::util::yaml::testing::fast_reads_alike(text);
}

/// A CX-as-Code export (Terraform JSON), or several separated by NUL bytes, read as `flowsim org
/// --terraform` reads them: refused or read, never a panic; a manifest read writes out and
/// reads back to the same manifest.
///
/// # Panics
/// When the manifest written does not read back the same.
pub fn terraform(data: &[u8]) {
    use crate::flow::org::{self, Manifest};
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut files = Vec::new();
    for (i, part) in text.split('\0').take(4).enumerate() {
        let Ok(tree) = crate::util::strict::from_json(part) else { return };
        files.push((PathBuf::from(format!("f{i}.tf.json")), tree));
    }
    let Ok(manifest) = org::from_terraform_trees(&files) else { return };
    let tree = manifest.to_tree();
    let again = Manifest::from_tree(Path::new("org.json"), &tree)
        .unwrap_or_else(|e| panic!("the manifest written does not read back: {e:?}"));
    assert_eq!(again.to_tree(), tree, "the manifest reads back the same");
}

/// A cassette, read as `flowsim replay` and `flowsim org --cassette` read it: refused or read,
/// never a panic; one that reads gives an org manifest or says why not.
pub fn cassette(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(cassette) = crate::api::cassette::Cassette::parse(Path::new("c.json"), text) else {
        return;
    };
    if let Ok(manifest) = crate::api::org::manifest_from_cassette(&cassette) {
        let _ = manifest.to_tree();
    }
}

/// A flow execution data document: refused or read, never a panic; every action of a document
/// that reads gives its turns and its label.
pub fn execution_data(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(json) = crate::util::strict::from_json(text) else { return };
    let Ok(doc) = crate::api::execution::parse(&json) else { return };
    for action in &doc.actions {
        let _ = action.turns();
        let _ = action.label();
    }
}

/// A data action contract (a JSON Schema, as an org recording or a Terraform export holds it)
/// and mock outputs of the same text as a fixture: refused or flattened within the budget,
/// never a panic; every name made is charged.
///
/// # Panics
/// When the names made pass what was charged, or the budget.
pub fn contract(data: &[u8]) {
    use crate::flow::fields::{self, NameBudget};
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(schema) = crate::util::strict::from_json(text) else { return };
    let mut budget = NameBudget::new(1 << 20);
    if let Ok(Some(names)) = fields::schema_fields(&schema, "A", &mut budget) {
        let made: usize = names.keys().map(String::len).sum();
        assert!(made <= budget.spent() && budget.spent() <= 1 << 20, "every name is charged");
    }
    let fixture = serde_json::json!({"dataActions": {"A": [{"outputs": schema}]}});
    let mut store = FixtureStore::default();
    if store.merge_json(Path::new("f.json"), &fixture).is_ok() {
        let _ = crate::flow::org::from_fixtures(&store).to_tree();
    }
}

/// A scenario file, YAML or JSON by the first byte: refused or read, never a panic.
pub fn scenario_file(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let name = if which % 2 == 0 { "s.scenarios.yaml" } else { "s.scenarios.json" };
    let _ = crate::harness::scenario::ScenarioFile::parse(Path::new(name), text);
}
