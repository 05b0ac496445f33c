//! How each parser and pass scales: the same input shape at 1x, 10x and 100x. A linear pass
//! takes ten times as long per step up; figures in BENCHMARKS.md ("Scaling").
//!
//! Run: `cargo bench --bench scaling -- --warm-up-time 1 --measurement-time 2`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use flowsim::flow::{Registry, Version};
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;

const SCALES: [usize; 3] = [1, 10, 100];

/// An expression of `n` string arguments to Append (20 at 1x).
fn expression(n: usize) -> String {
    let args: Vec<String> = (0..n).map(|i| format!("\"part {i}\"")).collect();
    format!("Append({})", args.join(", "))
}

/// An Archy workflow of `n` states, each changing to the next.
fn states(n: usize) -> String {
    let mut text = String::from(
        "workflow:\n  name: Many States\n  division: Home\n  startUpRef: \"/workflow/states/state[S_0]\"\n  defaultLanguage: en-us\n  supportedLanguages:\n    en-us:\n      none: true\n  settingsErrorHandling:\n    errorHandling:\n      endWorkflow:\n        none: true\n  states:\n",
    );
    for i in 0..n {
        let _ = write!(
            text,
            "    - state:\n        name: S{i}\n        refId: S_{i}\n        actions:\n"
        );
        if i + 1 < n {
            let _ = write!(
            text,
                "          - changeState:\n              name: Go {i}\n              targetStateRef: \"/workflow/states/state[S_{}]\"\n",
                i + 1
            );
        } else {
            text.push_str("          - endWorkflow:\n              name: End\n              exitReason:\n                lit: done\n");
        }
    }
    text
}

/// A scenario file of `n` scenarios.
fn scenarios(n: usize) -> String {
    let mut text = String::from("flows: ../flows\nscenarios:\n");
    for i in 0..n {
        let _ = write!(
            text,
            "  - name: case {i}\n    flow: Inbound_Flow_A\n    inputs: [\"1\"]\n    expect:\n      status: completed\n"
        );
    }
    text
}

fn bench_parsers(c: &mut Criterion) {
    let mut g = c.benchmark_group("scaling");
    g.sample_size(10);
    for k in SCALES {
        let text = expression(20 * k);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("expr_parse", k), &text, |b, t| {
            b.iter(|| black_box(flowsim::expr::parse(t).expect("parses")));
        });
    }
    for k in SCALES {
        let text = states(100 * k);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("archy_load", k), &text, |b, t| {
            b.iter(|| {
                let report = Registry::from_sources([(Path::new("many.yaml"), t.as_str())]);
                black_box(report.registry.is_some())
            });
        });
    }
    for k in SCALES {
        let text = scenarios(10 * k);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("scenario_load", k), &text, |b, t| {
            b.iter(|| {
                black_box(
                    flowsim::harness::scenario::ScenarioFile::parse(
                        Path::new("s.scenarios.yaml"),
                        t,
                    )
                    .expect("reads"),
                )
            });
        });
    }
    for k in SCALES {
        let text = states(100 * k);
        let report = Registry::from_sources([(Path::new("many.yaml"), text.as_str())]);
        let reg = report.registry.expect("loads");
        let flow = reg.flow(reg.resolve("Many States").expect("loaded"));
        g.throughput(Throughput::Elements(100 * k as u64));
        g.bench_function(BenchmarkId::new("layout_svg", k), |b| {
            b.iter(|| {
                let graph =
                    flowsim::view::graph::build(&reg, flow, Version::Draft).expect("a graph");
                black_box(flowsim::view::render(&graph, flowsim::view::GraphFormat::Svg))
            });
        });
    }
    g.finish();
}

/// One schedule evaluation of a sparse rule (29 February) whose COUNT grows: lazy evaluation
/// costs the same whatever COUNT is once its last date is known.
fn bench_rrule(c: &mut Criterion) {
    let mut g = c.benchmark_group("scaling");
    g.sample_size(10);
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    for k in SCALES {
        let file = dir.path().join(format!("s{k}.json"));
        let rule = format!("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;COUNT={}", 100 * k);
        let json = serde_json::json!({"schedules": [{"id": "s", "name": "S",
            "start": "2026-01-05T08:00:00", "end": "2026-01-05T17:00:00", "rrule": rule}]});
        std::fs::write(&file, json.to_string()).expect("write");
        let store = flowsim::fixtures::FixtureStore::load(&[file]).expect("loads");
        // 2400-01-01: past the 100th leap day, within the 10,000th.
        let at = 13_569_465_600_000;
        g.bench_function(BenchmarkId::new("rrule_count", k), |b| {
            b.iter(|| black_box(store.evaluate_schedule("s", None, black_box(at)).expect("found")));
        });
    }
    g.finish();
}

criterion_group!(benches, bench_parsers, bench_rrule);
criterion_main!(benches);
