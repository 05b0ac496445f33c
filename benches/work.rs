//! Work that grows with its input, counted, never timed: each pass over user data is given its
//! input at 1x, 2x and 4x, and what it did may grow at most [`MAX_GROWTH`] times per doubling.
//! Three counts, each deterministic (one thread): bytes and allocations (a counting allocator,
//! as `benches/org.rs`), the bytes of text the placing primitives read (`util::work`), and the
//! pass's own counter where it has one (the layered layout's visits, the redaction's bytes).
//!
//! The passes: `graph --format svg` of a JSON flow (load, check, place the diagnostics, build,
//! lay out, write), the flow loaders of each format (JSON, Archy, export) on one huge value and
//! on many nodes, and `traffic`'s redaction of one huge value.
//!
//! Each check was shown to fail on a planted quadratic (docs/budgets.md, "Linear work"): the
//! JSON diagnostics placed one by one from the file's start (`util::work` ×4.0 per doubling),
//! the redaction's token check scanning the rest of its word at each place (the redaction's
//! bytes ×4.0), a layered layout visiting every earlier box per box (visits ×4.0), a loader
//! copying the text before each node (bytes ×4.0), and the export loader placing each
//! expression's error by walking the file from its start (`util::work`, ×4.0 per doubling; it now places
//! them all in one walk, `export::Cx::place_all`).
//!
//! `cargo test --bench work` runs it (as `cargo test` does).

use flowsim::api::execution::redact::Redactor;
use flowsim::flow::registry::LoadOptions;
use flowsim::flow::{Registry, Version};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};
use std::alloc::System;
use std::fmt::Write as _;
use std::path::Path;

/// Counts allocations (every pass runs on one thread).
#[global_allocator]
static ALLOCATOR: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// How much more a pass may do on twice the input: linear, with room for the tables that
/// grow by doubling.
const MAX_GROWTH: f64 = 2.3;

/// What one pass did: (bytes allocated, allocations, bytes the placing primitives read, the
/// pass's own counter).
type Counts = [u64; 4];
const NAMES: [&str; 4] = ["bytes allocated", "allocations", "bytes placed", "own work"];

/// `f` run on one thread (rayon's too), counted.
fn counted(f: impl FnOnce() -> u64 + Send) -> Counts {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a pool");
    pool.install(|| {
        let region = Region::new(ALLOCATOR);
        let read = flowsim::util::work::read();
        let own = f();
        let s = region.change();
        let read = flowsim::util::work::read() - read;
        [s.bytes_allocated as u64, (s.allocations + s.reallocations) as u64, read, own]
    })
}

/// A JSON flow of `n` nodes, each a call of a flow that is not loaded (a diagnostic each, in
/// a chain) or, with `value`, one Set node writing a text of `n` KiB.
fn json_flow(n: usize, value: bool) -> String {
    let mut nodes = String::new();
    if value {
        let text = "a\u{e9}\u{5d0}b".repeat(n * 1024 / 6);
        let _ = write!(
            nodes,
            r#""N0":{{"type":"Set","properties":{{"setVars":[{{"key":"Flow.x","value":{{"type":"literal","value":"{text}"}}}}]}},"onComplete":{{"nextNode":"End"}}}},"#
        );
    } else {
        for i in 0..n {
            let next = if i + 1 < n { format!("N{}", i + 1) } else { "End".into() };
            let _ = write!(
                nodes,
                r#""N{i}":{{"type":"Flow","properties":{{"flowName":"Other {i}"}},"onComplete":{{"nextNode":"{next}"}}}},"#
            );
        }
    }
    format!(
        r#"{{"id":"calls","name":"Calls","type":"inbound","variables":[{{"name":"Flow.x","type":"string"}}],"draft":{{"startNode":"N0","nodes":{{{nodes}"End":{{"type":"End"}}}}}}}}"#
    )
}

/// An Archy inbound call flow of `n` play-audio actions in one task or, with `value`, one
/// whose text is `n` KiB.
fn archy_flow(n: usize, value: bool) -> String {
    let mut out = String::from(
        "inboundCall:\n  name: Many\n  division: Home\n  startUpRef: \"/inboundCall/tasks/task[T_0]\"\n  defaultLanguage: en-us\n  supportedLanguages:\n    en-us:\n      defaultLanguageSkill:\n        noValue: true\n  settingsErrorHandling:\n    errorHandling:\n      disconnect:\n        none: true\n  tasks:\n    - task:\n        name: T0\n        refId: T_0\n        actions:\n",
    );
    let (count, text) =
        if value { (1, "w\u{e9}rd ".repeat(n * 1024 / 6)) } else { (n, "hello".into()) };
    for a in 0..count {
        let _ = write!(
            out,
            "          - playAudio:\n              name: P{a}\n              audio:\n                tts: \"{text}\"\n"
        );
    }
    out.push_str("          - disconnect:\n              name: Bye\n");
    out
}

/// An Architect export (a workflow) of `n` states or, with `value`, one state whose name is
/// `n` KiB.
fn export_flow(n: usize, value: bool) -> String {
    let sid = |i: usize| format!("5e000000-0000-4000-8000-{i:012}");
    let aid = |i: usize| format!("0f5e6a3e-0000-4000-8000-{i:012}");
    let (count, long) =
        if value { (1, "s\u{e9}".repeat(n * 1024 / 3)) } else { (n, String::new()) };
    let states: Vec<serde_json::Value> = (0..count)
        .map(|i| {
            serde_json::json!({"__type": "State", "id": sid(i), "name": format!("S{i}{long}"),
                "startAction": aid(i),
                "actionList": [{"__type": "EndWorkflowAction", "id": aid(i), "name": format!("End {i}")}]})
        })
        .collect();
    serde_json::json!({"name": "Many", "type": "WORKFLOW", "initialSequence": sid(0),
        "errorHandling": {"handlingType": "EndWorkflow"}, "flowSequenceItemList": states})
    .to_string()
}

/// An inbound call export of `n` decisions, each on an expression calling a function
/// Architect does not have (an error placed at its line and column in the file).
fn export_errors(n: usize) -> String {
    let actions: Vec<serde_json::Value> = (0..n)
        .map(|k| {
            let next = if k + 1 < n { format!("a{}", k + 1) } else { "end".to_owned() };
            serde_json::json!({"__type": "DecisionAction", "id": format!("a{k}"),
                "name": format!("D{k}"), "trackingId": k,
                "expression": {"text": format!("Nope({k}) > 0"), "type": "bool"},
                "paths": [{"outputId": "__YES__", "label": "Yes", "nextActionId": next},
                          {"outputId": "__NO__", "label": "No", "nextActionId": next}]})
        })
        .chain([serde_json::json!({"__type": "DisconnectAction", "id": "end", "name": "Bye",
            "trackingId": n})])
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({"name": "Many", "type": "INBOUNDCALL",
        "initialSequence": "t1", "flowSequenceItemList": [{"__type": "Task", "id": "t1",
        "name": "Main", "startAction": "a0", "actionList": actions}]}))
    .expect("JSON")
}

/// Loads one file as `--flows` does; the flows loaded.
fn load(name: &str, text: &str) -> u64 {
    let report = Registry::from_sources_with([(Path::new(name), text)], &LoadOptions::default());
    report.registry.map_or(0, |r| r.flows().len() as u64)
}

/// `flowsim graph --format svg`: load, check and place, build, lay out and write; the layered
/// layout's visits.
fn graph_svg(text: &str) -> u64 {
    let report = Registry::from_sources([(Path::new("calls.json"), text)]);
    let registry = report.registry.expect("the flow loads");
    let flow = registry.flows().first().expect("a flow");
    let graph = flowsim::view::build(&registry, flow, Version::Draft).expect("a draft");
    let svg = flowsim::view::render(&graph, flowsim::view::GraphFormat::Svg);
    assert!(svg.len() > 1000, "a picture");
    flowsim::view::layout::picture(&graph).layered_work
}

/// A recorded execution's variable holding `n` KiB of phone numbers and e-mail addresses with
/// no white space between them, redacted as `traffic` redacts a path's scenario; the
/// redaction's own count of bytes read.
fn redaction(n: usize) -> u64 {
    let mut text = String::new();
    let mut i = 0;
    while text.len() < n * 1024 {
        let _ = write!(text, "+1317555{:04},ann{i}@example.com;", i % 10_000);
        i += 1;
    }
    let mut doc = serde_json::json!({"flow": {"variables": [
        {"variableName": "Call.Ani", "value": "tel:+13175550100"},
        {"variableName": "Flow.notes", "value": text}]}});
    let mut r = Redactor::new(None);
    r.learn(&doc);
    r.redact(&mut doc);
    assert!(!doc.to_string().contains("@example.com"), "every address redacted");
    r.work
}

/// Each pass at 1x, 2x and 4x: no count may grow more than [`MAX_GROWTH`] times a doubling.
fn scaling_check() {
    type Pass = (&'static str, usize, fn(usize) -> u64);
    let passes: [Pass; 9] = [
        ("graph svg, JSON flow of n calls of flows not loaded", 400, |n| {
            graph_svg(&json_flow(n, false))
        }),
        ("load JSON flow, n nodes", 400, |n| load("f.json", &json_flow(n, false))),
        ("load JSON flow, one value of n KiB", 256, |n| load("f.json", &json_flow(n, true))),
        ("load Archy flow, n actions", 200, |n| load("f.yaml", &archy_flow(n, false))),
        ("load Archy flow, one value of n KiB", 256, |n| load("f.yaml", &archy_flow(n, true))),
        ("load export, n states", 200, |n| load("Many.i3WorkFlow", &export_flow(n, false))),
        ("load export, one value of n KiB", 256, |n| {
            load("Many.i3WorkFlow", &export_flow(n, true))
        }),
        ("load export, n expressions that do not read, each placed", 200, |n| {
            load("Many.i3InboundFlow", &export_errors(n))
        }),
        ("traffic redaction, one value of n KiB", 64, redaction),
    ];
    let mut failures = Vec::new();
    for (name, n, pass) in passes {
        let counts: Vec<Counts> = [n, 2 * n, 4 * n].iter().map(|&k| counted(|| pass(k))).collect();
        println!("work {name}: {counts:?}");
        for (i, what) in NAMES.iter().enumerate() {
            for w in counts.windows(2) {
                let (a, b) = (w[0][i], w[1][i]);
                // Counts too small to matter (a pass that places nothing) are not compared.
                if b > 4096 && b as f64 > MAX_GROWTH * a.max(1) as f64 {
                    failures.push(format!(
                        "{name}: {what} {a} → {b} (×{:.2})",
                        b as f64 / a.max(1) as f64
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "faster than linear:\n{}", failures.join("\n"));
}

fn main() {
    scaling_check();
}
