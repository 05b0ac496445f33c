//! An org's scale: a generated org (`tools/orggen/orggen.py`: the bundled Archy examples in
//! groups of five, renamed per group; scenarios cycling through their branches; recorded
//! executions in the cloud's shape) checked, tested, analysed as traffic and mutated.
//!
//! Before criterion measures time, a scaling check doubles each input twice (flows,
//! scenarios, executions, mutants at 1x, 2x and 4x, after a warm-up pass) and fails when what
//! the pass allocates (bytes and allocations, counted by a counting allocator on one thread:
//! deterministic) grows more than 2.25 times from one size to the next. Run
//! without `--bench` (`cargo test --bench org`) it runs the check alone, at small sizes.
//!
//! Run: `cargo bench --bench org -- --warm-up-time 1 --measurement-time 3`; whole-process
//! figures in BENCHMARKS.md ("An org's scale").

use criterion::{Criterion, Throughput};
use flowsim::api::execution::traffic::{self, Recordings};
use flowsim::flow::registry::LoadOptions;
use flowsim::flow::Registry;
use flowsim::harness::{self, Options};
use flowsim::util::shard::Partition;
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};
use std::alloc::System;
use std::path::{Path, PathBuf};

/// Counts allocations (the scaling check runs on one thread, before criterion starts).
#[global_allocator]
static ALLOCATOR: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// How much more a pass may allocate on twice the input: linear, with room for the tables
/// that grow by doubling.
const MAX_GROWTH: f64 = 2.25;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A generated org in `dir`: `flows` flows, `scenarios` scenarios, `executions` executions.
fn org(dir: &Path, flows: usize, scenarios: usize, executions: usize) {
    let ok = std::process::Command::new("python3")
        .arg(root().join("tools/orggen/orggen.py"))
        .arg(dir)
        .args(["--flows", &flows.to_string(), "--scenarios", &scenarios.to_string()])
        .args(["--executions", &executions.to_string()])
        .status()
        .expect("python3 runs the generator")
        .success();
    assert!(ok, "the generator writes the org");
}

fn fixtures() -> flowsim::fixtures::FixtureStore {
    let paths = harness::expand_fixture_paths(&[root().join("fixtures/archy/data")])
        .expect("the bundled fixtures folder lists");
    flowsim::fixtures::FixtureStore::load(&paths).expect("the bundled fixtures load")
}

/// `flowsim check`: every flow loaded and validated.
fn check(dir: &Path) -> usize {
    let report = Registry::load_paths(&[dir.join("flows")], &LoadOptions::default());
    assert!(report.diagnostics.iter().all(|d| !d.is_error()), "the generated flows check");
    report.registry.map_or(0, |r| r.flows().len())
}

/// `flowsim test`: every scenario, all passing.
fn test(suite: &[PathBuf]) -> usize {
    let report = harness::run_suite(suite, &Options::default(), &|_| {});
    assert_eq!(report.failed(), 0, "the generated scenarios pass");
    report.scenarios.len()
}

/// `flowsim traffic`: every execution replayed and grouped by its path.
fn traffic(dir: &Path, registry: &Registry, fixtures: &flowsim::fixtures::FixtureStore) -> usize {
    let recorded = Recordings::new(&[dir.join("executions.ndjson")]).expect("executions");
    let pipeline = flowsim::api::execution::pipeline::Pipeline::machine();
    let report = traffic::analyse(
        &recorded,
        registry,
        fixtures,
        None,
        None,
        Partition::WHOLE,
        pipeline,
        &mut |_| {},
    )
    .unwrap();
    assert!(report.diverged.is_empty() && report.invalid.is_empty(), "they replay as recorded");
    report.executions
}

/// `flowsim mutate` on the suite: every mutant against the scenarios that reach it.
fn mutate(suite: &[PathBuf]) -> usize {
    let (inputs, errors) = harness::scenario_inputs(suite);
    assert!(errors.is_empty(), "the suite loads");
    flowsim::mutate::run(&inputs, usize::MAX, Partition::WHOLE, &|_| {}).mutants.len()
}

fn loaded(dir: &Path) -> Registry {
    Registry::load_paths(&[dir.join("flows")], &LoadOptions::default())
        .registry
        .expect("the generated flows load")
}

/// Bytes and allocations `f` makes, on one thread.
fn allocated(f: impl FnOnce() -> usize + Send) -> (u64, u64, usize) {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a pool");
    pool.install(|| {
        let region = Region::new(ALLOCATOR);
        let n = f();
        let s = region.change();
        (s.bytes_allocated as u64, (s.allocations + s.reallocations) as u64, n)
    })
}

/// One pass over a generated org in its folder: how many items it went through.
type Pass<'a> = dyn Fn(&Path) -> usize + Sync + 'a;

/// Each pass at 1x, 2x and 4x its input, after one pass at 1x to warm up (tables made once
/// per process, such as the catalogue's and the functions', would count against 1x only): what
/// it allocates must grow at most [`MAX_GROWTH`] times from each size to the next.
fn scaling_check(flows: usize, scenarios: usize, executions: usize) {
    let dirs: Vec<tempfile::TempDir> = [1, 2, 4]
        .into_iter()
        .map(|k| {
            let dir = tempfile::tempdir().expect("a temporary directory");
            org(dir.path(), flows * k, scenarios * k, executions * k);
            dir
        })
        .collect();
    let fx = fixtures();
    let mut failures = Vec::new();
    let passes: [(&str, &Pass<'_>); 4] = [
        ("check (flows)", &|d| check(d)),
        ("test (scenarios)", &|d| test(&[d.join("org.scenarios.json")])),
        ("traffic (executions)", &|d| traffic(d, &loaded(d), &fx)),
        ("mutate (mutants)", &|d| mutate(&[d.join("org.scenarios.json")])),
    ];
    for (name, pass) in passes {
        pass(dirs[0].path());
        let sizes: Vec<(u64, u64, usize)> =
            dirs.iter().map(|d| allocated(|| pass(d.path()))).collect();
        for pair in sizes.windows(2) {
            let [(b1, a1, n1), (b2, a2, n2)] = [pair[0], pair[1]];
            let (bytes, count) = (b2 as f64 / b1.max(1) as f64, a2 as f64 / a1.max(1) as f64);
            println!(
                "scaling {name}: {n1} → {n2}; bytes {b1} → {b2} (×{bytes:.2}), allocations {a1} → {a2} (×{count:.2})"
            );
            assert!(n2 >= 2 * n1 - 1, "{name}: twice the input ({n1} → {n2})");
            if bytes > MAX_GROWTH || count > MAX_GROWTH {
                failures.push(format!(
                    "{name} {n1} → {n2}: ×{bytes:.2} bytes, ×{count:.2} allocations"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "faster than linear: {failures:?}");
}

fn bench_org(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let d = dir.path();
    org(d, 1000, 100_000, 100_000);
    let suite = vec![d.join("org.scenarios.json")];
    let registry = loaded(d);
    let fx = fixtures();

    let mut g = c.benchmark_group("org");
    g.sample_size(10);
    g.throughput(Throughput::Elements(1000));
    g.bench_function("check_1000_flows", |b| b.iter(|| check(d)));
    g.throughput(Throughput::Elements(100_000));
    g.bench_function("test_100k_scenarios", |b| b.iter(|| test(&suite)));
    g.bench_function("traffic_100k_executions", |b| b.iter(|| traffic(d, &registry, &fx)));
    g.finish();

    // mutate: the largest generated suite it runs in a bench's time (every mutant runs the
    // scenarios that reach it).
    let small = tempfile::tempdir().expect("a temporary directory");
    org(small.path(), 50, 1_000, 0);
    let suite = vec![small.path().join("org.scenarios.json")];
    let mut g = c.benchmark_group("org");
    g.sample_size(10);
    g.throughput(Throughput::Elements(1_000));
    g.bench_function("mutate_50_flows_1000_scenarios", |b| b.iter(|| mutate(&suite)));
    g.finish();
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    if bench {
        scaling_check(50, 3_000, 2_000);
        let mut c = Criterion::default().configure_from_args();
        bench_org(&mut c);
        c.final_summary();
    } else {
        // `cargo test`: the scaling check alone, small.
        scaling_check(10, 120, 60);
    }
}
