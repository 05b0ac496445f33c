//! flowsim benchmarks (see BENCHMARKS.md for what each measures and the figures).
//!
//! - `steps/realistic`: the bench loop flow (fixtures/flows-bench), ~10,000 node steps per run
//!   with the trace recorded; throughput in node steps per second.
//! - `steps/bundled`: the bundled Inbound_Flow_A with input "1", a whole run including request
//!   preparation.
//! - `steps/large_registry`: a 2-step run of the last of 400 flows (10,000 variable names in
//!   the registry): what a run pays for the size of its registry.
//! - `expr/eval`, `expr/parse`: a sample of expressions, evaluated / parsed.
//! - `json/serialize`: writing a ~10,000-step result as compact JSON into a sink
//!   (`RunResult::write_json`, what `run --format json` does); `json/serde`: the same bytes
//!   through serde (`serde_json::to_writer`), the reference the writer is checked against.
//! - `archy/load`: reading and checking the bundled Archy examples (three YAML files, the Acme
//!   main IVR among them) from their text into a bound registry.
//! - `archy/run`: the Acme main IVR down its longest path (14 actions: hours, menu, collect
//!   input, data action, data table, reusable task); throughput in actions per second.
//! - `archy/corpus_load`: every Archy flow and export of `../shared/corpus` (when present),
//!   each read and checked into its own registry.
//!
//! - `graph/mermaid`, `graph/dot`, `graph/svg`: the largest corpus flow (the bundled Acme main
//!   IVR without the corpus) built into a diagram and rendered (`flowsim graph`); the SVG is
//!   laid out by layout-rs.
//!
//! Run: `cargo bench --bench engine -- --warm-up-time 1 --measurement-time 3`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use flowsim::engine::{self, RunRequest, RunResult, Status};
use flowsim::expr::decimal::dec;
use flowsim::expr::{self, Env, Expr, Path, Span, Value};
use flowsim::fixtures::FixtureStore;
use flowsim::flow::Registry;
use std::hint::black_box;
use std::path::PathBuf;

/// Iterations of the bench loop: 4 * 2000 + 5 * 400 + 5 = 10,005 node steps.
const LOOP_ITERATIONS: u64 = 2000;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn registry(dir: &str) -> Registry {
    let report = Registry::load_dir(&root().join(dir));
    assert!(!report.has_errors(), "{dir} must load: {:#?}", report.diagnostics);
    report.registry.expect("no errors")
}

fn fixtures() -> FixtureStore {
    let files: Vec<PathBuf> = ["contacts.json", "queues.json", "data-actions.json"]
        .iter()
        .map(|f| root().join("fixtures/data").join(f))
        .collect();
    FixtureStore::load(&files).expect("bundled fixtures load")
}

fn request(json: serde_json::Value) -> RunRequest {
    serde_json::from_value(json).expect("a valid request")
}

fn loop_request() -> RunRequest {
    request(serde_json::json!({
        "flowName": "Bench_Loop",
        "context": { "from": "+15551234567", "to": "+18005550100" },
        "variables": { "Flow.iterations": LOOP_ITERATIONS },
        "maxSteps": 1_000_000,
    }))
}

/// Runs the bench loop once and checks it did what the benchmark claims.
fn loop_run<'r>(reg: &'r Registry, fx: &FixtureStore) -> RunResult<'r> {
    let result =
        engine::Run::new(reg, fx, &loop_request()).result().expect("the bench request runs");
    assert_eq!(result.status, Status::Completed);
    assert!(result.warnings.is_empty(), "{:?}", result.warnings);
    result
}

fn steps(c: &mut Criterion) {
    let fx = fixtures();
    let mut g = c.benchmark_group("steps");

    let bench = registry("fixtures/flows-bench");
    let request = loop_request();
    let n = loop_run(&bench, &fx).trace.len() as u64;
    g.throughput(Throughput::Elements(n));
    g.bench_function("realistic", |b| {
        b.iter(|| {
            let r = engine::Run::new(&bench, &fx, black_box(&request)).result().expect("runs");
            black_box(r.trace.len())
        });
    });

    let bundled = registry("fixtures/flows");
    let request = request_a();
    let r = engine::Run::new(&bundled, &fx, &request).result().expect("runs");
    assert_eq!(r.status, Status::Completed);
    g.throughput(Throughput::Elements(r.trace.len() as u64));
    g.bench_function("bundled", |b| {
        b.iter(|| {
            let r = engine::Run::new(&bundled, &fx, black_box(&request)).result().expect("runs");
            black_box(r.trace.len())
        });
    });

    let large = large_registry();
    let request =
        self::request(serde_json::json!({ "flowName": format!("Flow_{}", LARGE_FLOWS - 1) }));
    let r = engine::Run::new(&large, &fx, &request).result().expect("runs");
    assert_eq!(r.status, Status::Completed);
    assert_eq!(r.variables.len(), LARGE_VARS);
    g.throughput(Throughput::Elements(r.trace.len() as u64));
    g.bench_function("large_registry", |b| {
        b.iter(|| {
            let r = engine::Run::new(&large, &fx, black_box(&request)).result().expect("runs");
            black_box(r.trace.len())
        });
    });
    g.finish();
}

/// Flows in `large_registry`, and variables each one sets.
const LARGE_FLOWS: usize = 400;
const LARGE_VARS: usize = 25;

/// 400 flows of 25 variables each (10,000 names in the variable table): a Set of its own
/// variables, then End. Running the last one shows what a run pays for the rest of a large
/// registry.
fn large_registry() -> Registry {
    let files: Vec<(PathBuf, String)> = (0..LARGE_FLOWS)
        .map(|k| {
            let vars: Vec<serde_json::Value> = (0..LARGE_VARS)
                .map(|j| {
                    serde_json::json!({
                        "key": format!("Flow.v{k}_{j}"),
                        "value": { "type": "expression", "value": format!("{j} + 1") },
                    })
                })
                .collect();
            let flow = serde_json::json!({
                "id": format!("flow-{k}"),
                "name": format!("Flow_{k}"),
                "type": "inbound",
                "draft": { "startNode": "Keep", "nodes": {
                    "Keep": { "type": "Set", "properties": { "setVars": vars },
                              "onComplete": { "nextNode": "Done" } },
                    "Done": { "type": "End", "properties": { "endType": "normal" } },
                } },
            });
            (PathBuf::from(format!("flow_{k}.json")), flow.to_string())
        })
        .collect();
    let report = Registry::from_sources(files.iter().map(|(p, t)| (p.as_path(), t.as_str())));
    assert!(!report.has_errors(), "{:#?}", report.diagnostics);
    report.registry.expect("no errors")
}

fn request_a() -> RunRequest {
    request(serde_json::json!({
        "flowName": "Inbound_Flow_A",
        "context": { "from": "+15551234567", "to": "+18005550100" },
        "inputs": ["1"],
    }))
}

/// A fixed variable store for evaluating expressions without a run.
struct BenchEnv {
    vars: Vec<(&'static str, Value)>,
}

impl Env for BenchEnv {
    fn lookup(&mut self, path: &Path, _span: Span) -> Value {
        self.vars.iter().find(|(k, _)| *k == &*path.lower).map_or(Value::NotSet, |(_, v)| v.clone())
    }

    fn now_ms(&self) -> i64 {
        1_767_258_000_000
    }
}

/// Arithmetic, comparison with and/or, function calls, a reference.
const SAMPLE: [&str; 10] = [
    "(Flow.count + 3) * 2 - Flow.total / 4",
    "Flow.count % 7 + Flow.count * Flow.count - 1",
    "Flow.count > 3 and Flow.total <= 100 or not (Flow.name == \"Ann\")",
    "Flow.tier == \"gold\" && Flow.count != 0",
    "Lower(Flow.name)",
    "Contains(Flow.name, \"ell\")",
    "Substring(Flow.name, 1, 3)",
    "ToString(Flow.count)",
    "Append(Flow.name, \"-\", ToString(Flow.count + 1))",
    "Flow.tier",
];

fn expressions(c: &mut Criterion) {
    let parsed: Vec<Expr> =
        SAMPLE.iter().map(|t| expr::parse(t).expect("the sample parses")).collect();
    let mut env = BenchEnv {
        vars: vec![
            ("flow.count", Value::Int(42)),
            ("flow.total", Value::Dec(dec("1234.5"))),
            ("flow.name", Value::str("Hello World")),
            ("flow.tier", Value::str("gold")),
        ],
    };
    for e in &parsed {
        expr::eval(e, &mut env).unwrap_or_else(|err| panic!("{e}: {err}"));
    }
    let mut g = c.benchmark_group("expr");
    g.throughput(Throughput::Elements(SAMPLE.len() as u64));
    g.bench_function("eval", |b| {
        b.iter(|| {
            for e in &parsed {
                black_box(expr::eval(black_box(e), &mut env).ok());
            }
        });
    });
    g.bench_function("parse", |b| {
        b.iter(|| {
            for t in SAMPLE {
                black_box(expr::parse(black_box(t)).ok());
            }
        });
    });
    g.finish();
}

fn json(c: &mut Criterion) {
    let fx = fixtures();
    let bench = registry("fixtures/flows-bench");
    let result = loop_run(&bench, &fx);
    let mut g = c.benchmark_group("json");
    g.throughput(Throughput::Elements(result.trace.len() as u64));
    // What `--format json` writes (the hand-written writer)...
    g.bench_function("serialize", |b| {
        b.iter(|| black_box(&result).write_json(&mut std::io::sink()).expect("writes"));
    });
    // ...and the same bytes through serde, the reference (and the pretty form's path).
    g.bench_function("serde", |b| {
        b.iter(|| serde_json::to_writer(std::io::sink(), black_box(&result)).expect("serializes"));
    });
    // What `run --format json` does: the run, its trace written as it goes
    // (`result::json_trace`, to a spool in memory), then the result around it. Against
    // `steps/realistic` (the run alone, keeping its trace): what writing the trace costs.
    let request = loop_request();
    g.bench_function("run_written_as_it_goes", |b| {
        b.iter(|| {
            // The trace waits as pieces, some 20 bytes a step (`result/json_trace.rs`).
            let spool = Vec::with_capacity(512 * 1024);
            let mut trace = flowsim::engine::result::json_trace::JsonTrace::new(spool);
            let run = engine::Run::new(&bench, &fx, black_box(&request))
                .observer(&mut trace)
                .go()
                .expect("runs");
            trace.finish(&run.result, &mut std::io::sink()).expect("writes");
        });
    });
    g.finish();
    // A trace long enough for two threads to write it (`result/segments.rs`), on a machine of
    // two cores or more.
    let mut long = loop_request();
    long.variables.insert("Flow.iterations".into(), serde_json::json!(50_000));
    let result = engine::Run::new(&bench, &fx, &long).result().expect("the bench request runs");
    assert!(result.trace.len() >= flowsim::engine::result::segments::TWO_THREADS_FROM);
    let mut g = c.benchmark_group("json_long");
    g.throughput(Throughput::Elements(result.trace.len() as u64));
    g.bench_function("serialize", |b| {
        b.iter(|| black_box(&result).write_json(&mut std::io::sink()).expect("writes"));
    });
    g.finish();
}

fn archy_sources() -> Vec<(PathBuf, String)> {
    let dir = root().join("fixtures/archy/flows");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the Archy examples")
        .map(|e| e.expect("an entry").path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).expect("readable");
            (f, text)
        })
        .collect()
}

fn archy(c: &mut Criterion) {
    let mut g = c.benchmark_group("archy");
    let sources = archy_sources();
    g.bench_function("load", |b| {
        b.iter(|| {
            let report =
                Registry::from_sources(sources.iter().map(|(p, t)| (p.as_path(), t.as_str())));
            assert!(!report.has_errors());
            report
        });
    });
    let reg = registry("fixtures/archy/flows");
    let fx = FixtureStore::load(&[root().join("fixtures/archy/data/acme.yaml")]).expect("fixtures");
    let req = request(serde_json::json!({
        "flowName": "Acme Main IVR",
        "context": { "from": "+15551234567", "startTime": "2026-01-06T15:00:00Z" },
        "inputs": ["1", "123456"],
    }));
    let steps = engine::Run::new(&reg, &fx, &req).result().expect("runs").trace.len();
    assert_eq!(steps, 14);
    g.throughput(Throughput::Elements(steps as u64));
    g.bench_function("run", |b| {
        b.iter(|| {
            let r = engine::Run::new(&reg, &fx, black_box(&req)).result().expect("runs");
            assert_eq!(r.status, Status::Disconnected);
            r.trace.len()
        });
    });
    if let Some(corpus) = corpus() {
        let mut files = Vec::new();
        for sub in ["archy", "i3"] {
            for e in std::fs::read_dir(corpus.join(sub)).expect("the corpus") {
                let path = e.expect("an entry").path();
                let text = std::fs::read_to_string(&path).expect("readable");
                files.push((path, text));
            }
        }
        // Every `{{key}}` gets a value, as `--sub` would give it.
        let mut options = flowsim::flow::registry::LoadOptions::default();
        for (_, text) in &files {
            for part in text.split("{{").skip(1) {
                if let Some((key, _)) = part.split_once("}}") {
                    let key = key.trim().trim_start_matches("substitutions.").to_string();
                    options.substitutions.values.insert(key.clone(), format!("x_{key}"));
                }
            }
        }
        g.throughput(Throughput::Elements(files.len() as u64));
        g.bench_function("corpus_load", |b| {
            b.iter(|| {
                files
                    .iter()
                    .map(|(p, t)| {
                        let r = Registry::from_sources_with([(p.as_path(), t.as_str())], &options);
                        r.diagnostics.len()
                    })
                    .sum::<usize>()
            });
        });
    } else {
        eprintln!("SKIPPED archy/corpus_load: no corpus (set FLOWSIM_CORPUS or put it at ../shared/corpus)");
    }
    g.finish();
}

/// Bots: classifying one customer turn with the bundled bot's NLU, and a whole
/// conversation through the message flow and the bot.
fn bots(c: &mut Criterion) {
    let mut g = c.benchmark_group("bots");
    let reg = registry("fixtures/archy/flows");
    let bot = reg.flow(reg.resolve("Order Status Bot").expect("the bot"));
    let nlu = bot.arch.bot.as_ref().and_then(|b| b.nlu.clone()).expect("an NLU domain");
    let turns = [
        "where is order 87654321",
        "can I get it faster",
        "I don't want my order anymore, cancel it please",
        "the weather is nice today",
    ];
    g.throughput(Throughput::Elements(turns.len() as u64));
    g.bench_function("classify", |b| {
        b.iter(|| turns.iter().map(|t| nlu.classify(black_box(t), 0).confidence).sum::<f64>());
    });
    let fx = FixtureStore::load(&[root().join("fixtures/archy/data/acme.yaml")]).expect("fixtures");
    let req = request(serde_json::json!({
        "flowName": "Order Messages",
        "inputs": [{"text": "change my delivery"}, {"text": "12345678"}, {"text": "fast"},
                   {"text": "no"}, {"text": "regular"}, {"text": "yes"}],
    }));
    let steps = engine::Run::new(&reg, &fx, &req).result().expect("runs").trace.len();
    g.throughput(Throughput::Elements(steps as u64));
    g.bench_function("conversation", |b| {
        b.iter(|| {
            let r = engine::Run::new(&reg, &fx, black_box(&req)).result().expect("runs");
            assert_eq!(r.status, Status::Disconnected);
            r.trace.len()
        });
    });
    g.finish();
}

/// Replaying flow execution data: one recorded call of the bundled production recording (parse,
/// rebuild, run, align), per execution.
fn executions(c: &mut Criterion) {
    let mut g = c.benchmark_group("executions");
    let reg = registry("fixtures/archy/flows");
    let fx = FixtureStore::load(&[root().join("fixtures/archy/data/acme.yaml")]).expect("fixtures");
    let text = std::fs::read_to_string(root().join("fixtures/executions/production.json"))
        .expect("the bundled production recording");
    let docs: Vec<serde_json::Value> = serde_json::from_str(&text).expect("JSON");
    let config = flowsim::api::replay::ReplayConfig::default();
    let file = std::path::Path::new("production.json");
    g.throughput(Throughput::Elements(docs.len() as u64));
    g.bench_function("replay", |b| {
        b.iter(|| {
            docs.iter()
                .enumerate()
                .map(|(i, d)| {
                    flowsim::api::execution::replay_document(
                        file,
                        i + 1,
                        black_box(d),
                        &reg,
                        &fx,
                        &config,
                        &mut [],
                    )
                    .local_steps
                    .unwrap_or(0)
                })
                .sum::<usize>()
        });
    });
    g.bench_function("parse", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| {
                    flowsim::api::execution::parse(black_box(d)).map_or(0, |p| p.actions.len())
                })
                .sum::<usize>()
        });
    });
    g.finish();
}

/// `flowsim explore` with the default bounds: the bundled Acme IVR (with its fixtures), and the
/// corpus's largest flow (the Limitless email export, no fixtures) when the corpus is there.
fn explore(c: &mut Criterion) {
    use flowsim::explore::{explore, Options};
    let mut g = c.benchmark_group("explore");
    g.sample_size(10);
    let reg = registry("fixtures/archy/flows");
    let fx = FixtureStore::load(&[root().join("fixtures/archy/data/acme.yaml")]).expect("fixtures");
    let options = Options::default();
    g.bench_function("acme_ivr", |b| {
        b.iter(|| explore(&reg, &fx, black_box("Acme Main IVR"), &options).expect("explores").runs);
    });
    if let Some(corpus) = corpus() {
        let file = corpus.join(
            "i3/GenesysCloudBlueprints_limitless-flows-blueprint__Limitless_Email_Flow_v2.0.0_v34-0.i3InboundEmailFlow.json",
        );
        let report =
            Registry::load_paths(&[file], &flowsim::flow::registry::LoadOptions::default());
        let reg = report.registry.expect("the export loads");
        let empty = FixtureStore::default();
        let name = reg.flows()[0].name.clone();
        g.bench_function("corpus_largest", |b| {
            b.iter(|| explore(&reg, &empty, black_box(&name), &options).expect("explores").runs);
        });
    }
    g.finish();
}

/// Live sessions: each input a session receives re-runs the conversation from the
/// start with `pause_for_input` and stops at the next wait. This is that re-run at its largest
/// for the seed-002 flow: the last input of the call, with a variable update as an event.
fn live(c: &mut Criterion) {
    let mut g = c.benchmark_group("live");
    let reg = registry("fixtures/live/flows");
    let fx =
        FixtureStore::load(&[root().join("fixtures/live/data/queues.json")]).expect("fixtures");
    let options = flowsim::engine::RunOptions { pause_for_input: true, ..Default::default() };
    let waiting = request(serde_json::json!({
        "flowName": "Orchestrated_Routing",
        "inputs": ["1"],
        "events": [{"when": {"input": 2}, "set": {"Flow.finalRoutingDecision": "route_to_vm"}}],
    }));
    let ended = request(serde_json::json!({
        "flowName": "Orchestrated_Routing",
        "inputs": ["1", "timeout"],
        "events": [{"when": {"input": 2}, "set": {"Flow.finalRoutingDecision": "route_to_vm"}}],
    }));
    g.bench_function("rerun_to_wait", |b| {
        b.iter(|| {
            flowsim::engine::Run::new(&reg, &fx, black_box(&waiting))
                .options(options)
                .result()
                .expect("runs")
                .trace
                .len()
        });
    });
    g.bench_function("rerun_to_end", |b| {
        b.iter(|| {
            flowsim::engine::Run::new(&reg, &fx, black_box(&ended))
                .options(options)
                .result()
                .expect("runs")
                .trace
                .len()
        });
    });
    g.finish();
}

/// `flowsim debug`: `back`, `goto` and `history` re-run the flow from the start
/// with the inputs given so far, one node at a time through `engine::Stepper`. This is that
/// re-run over the whole 14-step balance call of the bundled Acme IVR.
fn debug(c: &mut Criterion) {
    let mut g = c.benchmark_group("debug");
    let reg = registry("fixtures/archy/flows");
    let fx = FixtureStore::load(&[root().join("fixtures/archy/data/acme.yaml")]).expect("fixtures");
    let req = request(serde_json::json!({
        "flowName": "Acme Main IVR",
        "context": {"startTime": "2026-01-06T15:00:00Z"},
        "inputs": ["1", "123456"],
    }));
    g.bench_function("rerun_acme_balance", |b| {
        b.iter(|| {
            let mut s = flowsim::engine::Stepper::new(&reg, &fx, black_box(&req)).expect("starts");
            while s.at().is_some() {
                s.step();
            }
            s.steps()
        });
    });
    g.finish();
}

/// `flowsim graph`: the largest corpus flow (most nodes; the bundled Acme main IVR
/// without the corpus) built into a diagram and rendered in each format.
fn graph(c: &mut Criterion) {
    use flowsim::view::{self, GraphFormat};
    let mut g = c.benchmark_group("graph");
    let mut registries: Vec<Registry> = Vec::new();
    if let Some(corpus) = corpus() {
        for sub in ["archy", "i3"] {
            for e in std::fs::read_dir(corpus.join(sub)).expect("the corpus") {
                let path = e.expect("an entry").path();
                let text = std::fs::read_to_string(&path).expect("readable");
                let mut options = flowsim::flow::registry::LoadOptions::default();
                for part in text.split("{{").skip(1) {
                    if let Some((key, _)) = part.split_once("}}") {
                        let key = key.trim().to_string();
                        options.substitutions.values.insert(key.clone(), format!("x_{key}"));
                    }
                }
                let r = Registry::from_sources_with([(path.as_path(), text.as_str())], &options);
                registries.extend(r.registry);
            }
        }
    } else {
        eprintln!("graph: no corpus, drawing the bundled Acme main IVR instead");
        registries.push(registry("fixtures/archy/flows"));
    }
    let (reg, flow) = registries
        .iter()
        .flat_map(|r| r.flows().iter().map(move |f| (r, f)))
        .max_by_key(|(_, f)| (f.draft.nodes.len(), f.name.clone()))
        .expect("a flow");
    eprintln!("graph: {} ({} nodes)", flow.name, flow.draft.nodes.len());
    g.throughput(Throughput::Elements(flow.draft.nodes.len() as u64));
    for (name, format) in
        [("mermaid", GraphFormat::Mermaid), ("dot", GraphFormat::Dot), ("svg", GraphFormat::Svg)]
    {
        g.bench_function(name, |b| {
            b.iter(|| {
                let d = view::build(reg, black_box(flow), flowsim::flow::Version::Draft)
                    .expect("a draft");
                view::render(&d, format).len()
            });
        });
    }
    g.finish();
}

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("FLOWSIM_CORPUS")
        .map_or_else(|| root().join("../shared/corpus"), PathBuf::from);
    dir.join("archy").is_dir().then_some(dir)
}

criterion_group!(
    benches,
    steps,
    expressions,
    json,
    archy,
    bots,
    executions,
    explore,
    graph,
    live,
    debug
);
criterion_main!(benches);
