//! The test harness on a generated 10,000-scenario suite (loading, running, checking,
//! coverage and reporting; the process start is measured separately, see BENCHMARKS.md).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
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

criterion_group!(benches, suite);
criterion_main!(benches);
