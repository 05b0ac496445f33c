//! The test harness on a generated 10,000-scenario suite (loading, running, checking,
//! coverage and reporting; the process start is measured separately, see BENCHMARKS.md).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use flowsim::harness::scenario::ScenarioFile;
use flowsim::harness::{self, Options};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Writes a suite of `n` scenarios cycling through the bundled flows' branches.
fn generate(dir: &Path, n: usize) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let kinds = [
        r#"flow: Inbound_Flow_A, inputs: ["1"], expect: {status: completed, route: {queueId: q-support}}"#,
        r#"flow: Inbound_Flow_A, inputs: ["2"], expect: {status: completed, route: null}"#,
        r"flow: Inbound_Flow_B, inputs: [timeout], expect: {status: completed, visits: [HandleError]}",
        r#"flow: Contact_Lookup, context: {from: "+15551234567"}, expect: {route: {queueName: VIP}}"#,
        r#"flow: Contact_Lookup, context: {from: "5557654321"}, expect: {visits: [SayKnown]}"#,
        r#"flow: Queue_Occupancy_Routing, inputs: ["9", "2"], expect: {variables: {Flow.attempts: 1}}"#,
        r#"flow: Queue_Occupancy_Routing, context: {from: "+15551234567"}, inputs: ["1"], expect: {status: disconnected}"#,
    ];
    let mut text = format!(
        "flows: {}\nfixtures: [{}]\nscenarios:\n",
        root.join("fixtures/flows").display(),
        root.join("fixtures/data").display()
    );
    for i in 0..n {
        let _ = writeln!(text, "  - {{name: scenario {i}, {}}}", kinds[i % kinds.len()]);
    }
    let path = dir.join("generated.scenarios.yaml");
    std::fs::write(&path, text).expect("the suite is written");
    path
}

/// Writes a suite of `n` scenarios cycling through the Archy examples' paths.
fn generate_archy(dir: &Path, n: usize) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let open = r#"context: {startTime: "2026-01-06T15:00:00Z", from: "+15551234567"}"#;
    let kinds = [
        format!(r#"flow: Acme Main IVR, {open}, inputs: ["1", "123456"], expect: {{status: disconnected, visits: [Say balance]}}"#),
        format!(r#"flow: Acme Main IVR, {open}, inputs: ["2"], expect: {{status: transferred, route: {{queueName: Support}}}}"#),
        format!(r#"flow: Acme Main IVR, {open}, inputs: ["3"], expect: {{route: {{queueName: VIP}}}}"#),
        format!(r#"flow: Acme Main IVR, {open}, inputs: ["8", "9"], expect: {{status: disconnected}}"#),
        r#"flow: Acme Main IVR, context: {startTime: "2026-12-25T15:00:00Z"}, expect: {visits: [Holiday message]}"#.to_string(),
        r"flow: Callback Retry, expect: {status: completed, exitReason: callback requested}".to_string(),
    ];
    let mut text = format!(
        "flows: {}\nfixtures: [{}]\nscenarios:\n",
        root.join("fixtures/archy/flows").display(),
        root.join("fixtures/archy/data").display()
    );
    for i in 0..n {
        let _ = writeln!(text, "  - {{name: scenario {i}, {}}}", kinds[i % kinds.len()]);
    }
    let path = dir.join("archy.scenarios.yaml");
    std::fs::write(&path, text).expect("the suite is written");
    path
}

/// The Archy suite's scenarios as a block-style YAML file (as people write them, and as
/// `benches/gen_suite.py ... archy yaml` writes it) and as JSON: what `load/*` reads.
fn archy_texts(n: usize) -> (String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let open = "  context:\n    startTime: '2026-01-06T15:00:00Z'\n    from: '+15551234567'\n";
    let open_json = r#""context": {"startTime": "2026-01-06T15:00:00Z", "from": "+15551234567"}"#;
    let kinds = [
        (
            format!("  flow: Acme Main IVR\n{open}  inputs:\n  - '1'\n  - '123456'\n  expect:\n    status: disconnected\n    visits:\n    - Say balance\n"),
            format!(r#""flow": "Acme Main IVR", {open_json}, "inputs": ["1", "123456"], "expect": {{"status": "disconnected", "visits": ["Say balance"]}}"#),
        ),
        (
            format!("  flow: Acme Main IVR\n{open}  inputs:\n  - '2'\n  expect:\n    status: transferred\n    route:\n      queueName: Support\n"),
            format!(r#""flow": "Acme Main IVR", {open_json}, "inputs": ["2"], "expect": {{"status": "transferred", "route": {{"queueName": "Support"}}}}"#),
        ),
        (
            "  flow: Callback Retry\n  expect:\n    status: completed\n    exitReason: callback requested\n".to_string(),
            r#""flow": "Callback Retry", "expect": {"status": "completed", "exitReason": "callback requested"}"#.to_string(),
        ),
    ];
    let flows = root.join("fixtures/archy/flows");
    let data = root.join("fixtures/archy/data");
    let mut yaml =
        format!("flows: {}\nfixtures:\n- {}\nscenarios:\n", flows.display(), data.display());
    let mut json = format!(
        r#"{{"flows": "{}", "fixtures": ["{}"], "scenarios": ["#,
        flows.display(),
        data.display()
    );
    for i in 0..n {
        let (y, j) = &kinds[i % kinds.len()];
        let _ = write!(yaml, "- name: scenario {i}\n{y}");
        let _ = write!(json, r#"{}{{"name": "scenario {i}", {j}}}"#, if i > 0 { ", " } else { "" });
    }
    json.push_str("]}");
    (yaml, json)
}

/// Reading a 10,000-scenario file into typed scenarios (no registry, no run), YAML and JSON.
fn load(c: &mut Criterion) {
    let (yaml, json) = archy_texts(10_000);
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    for (name, file, text) in [
        ("archy_10k_yaml", "s.scenarios.yaml", &yaml),
        ("archy_10k_json", "s.scenarios.json", &json),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                let file = ScenarioFile::parse(Path::new(file), text).expect("the suite parses");
                assert_eq!(file.scenarios.len(), 10_000);
                file
            });
        });
    }
    // The same file read in one piece on one thread (what the first row did before large
    // files were read on every core): typed scenarios, without the file's later checks.
    group.throughput(Throughput::Bytes(yaml.len() as u64));
    group.bench_function("archy_10k_yaml_sequential", |b| {
        b.iter(|| {
            let file: ScenarioFile =
                flowsim::util::yaml::from_str(&yaml).expect("the suite parses");
            assert_eq!(file.scenarios.len(), 10_000);
            file
        });
    });
    // The ceiling for one thread: saphyr's event parser alone over the same text, events
    // pulled and dropped (what any loader built on it must at least spend).
    group.throughput(Throughput::Bytes(yaml.len() as u64));
    group.bench_function("archy_10k_yaml_events_only", |b| {
        b.iter(|| {
            let mut events = 0usize;
            for event in saphyr_parser::Parser::new_from_str(&yaml) {
                event.expect("the suite is YAML");
                events += 1;
            }
            events
        });
    });
    // The same events from flowsim's borrowing scanner of block YAML (what the reader uses
    // for text in its subset, as this is), pulled and dropped.
    group.bench_function("archy_10k_yaml_scanner_only", |b| {
        b.iter(|| flowsim::util::yaml::testing::fast_events(&yaml).expect("the scanner reads it"));
    });
    // Between the two: flowsim's reader walking every event (keys checked, scalars resolved)
    // into serde's `IgnoredAny`, so no typed value is built.
    group.bench_function("archy_10k_yaml_walk_only", |b| {
        b.iter(|| {
            flowsim::util::yaml::from_str::<serde::de::IgnoredAny>(&yaml)
                .expect("the suite is YAML")
        });
    });
    group.finish();
}

fn suite(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = generate(dir.path(), 10_000);
    let files = vec![file];
    let mut group = c.benchmark_group("harness");
    group.sample_size(10);
    group.throughput(Throughput::Elements(10_000));
    group.bench_function("suite_10k", |b| {
        b.iter(|| {
            let report = harness::run_suite(&files, &Options::default(), &|_| {});
            assert_eq!(report.failed(), 0);
            report
        });
    });
    group.bench_function("suite_10k_coverage", |b| {
        let opts = Options { coverage: true, ..Options::default() };
        b.iter(|| harness::run_suite(&files, &opts, &|_| {}));
    });
    let archy_dir = tempfile::tempdir().expect("a temporary directory");
    let archy = vec![generate_archy(archy_dir.path(), 10_000)];
    group.bench_function("suite_10k_archy", |b| {
        b.iter(|| {
            let report = harness::run_suite(&archy, &Options::default(), &|_| {});
            assert_eq!(report.failed(), 0);
            report
        });
    });
    group.finish();
}

criterion_group!(benches, load, suite);
criterion_main!(benches);
