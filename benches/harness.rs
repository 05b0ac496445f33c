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
    group.finish();
}

criterion_group!(benches, suite);
criterion_main!(benches);
