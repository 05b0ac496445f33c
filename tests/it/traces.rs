//! Streamed traces (`flowsim run --format ndjson`, docs/traces.md): a line per step as the run
//! finishes it, then the summary; the same steps, byte for byte, as `--format json`; complete
//! lines whatever stops the run; memory that does not grow with the steps.

use crate::cli::flowsim;
use flowsim::engine::{self, result::json_trace::JsonTrace, result::ndjson::Ndjson};
use serde_json::Value;
use std::io::Seek as _;

/// The run's `--format json` and `--format ndjson` outputs for the same arguments.
#[track_caller]
fn both(args: &[&str]) -> (String, String) {
    let with = |format: &str| {
        let mut a = vec!["run"];
        a.extend_from_slice(args);
        a.extend_from_slice(&["--format", format]);
        let out = flowsim(&a);
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    (with("json"), with("ndjson"))
}

/// Each line of `ndjson`, parsed: the steps, then the summary. Every line is whole.
#[track_caller]
fn lines(ndjson: &str) -> (Vec<(u64, &str)>, Value) {
    assert!(ndjson.ends_with('\n'), "the last line is complete");
    let mut all: Vec<&str> = ndjson.lines().collect();
    let summary = all.pop().expect("a summary line");
    let steps = all
        .into_iter()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
            (v["step"].as_u64().unwrap_or_else(|| panic!("a step line: {l}")), l)
        })
        .collect();
    let summary: Value = serde_json::from_str(summary).expect("the summary is JSON");
    assert!(summary["status"].is_string(), "the last line is the summary: {summary}");
    (steps, summary)
}

/// The ndjson's steps are the JSON trace's elements, byte for byte (in step order), and its
/// summary is the JSON result without `trace` and `prompts`, with `steps`.
#[track_caller]
fn assert_same_run(json: &str, ndjson: &str) -> Vec<u64> {
    let (mut steps, summary) = lines(ndjson);
    let order: Vec<u64> = steps.iter().map(|(n, _)| *n).collect();
    steps.sort_by_key(|(n, _)| *n);
    let joined: Vec<&str> = steps.iter().map(|(_, l)| *l).collect();
    let trace = format!("\"trace\":[{}],\"variables\":", joined.join(","));
    assert!(json.contains(&trace), "the JSON trace is the step lines joined:\n{json}\n{ndjson}");
    let mut whole: Value = serde_json::from_str(json).expect("JSON");
    let map = whole.as_object_mut().expect("an object");
    let count = map.remove("trace").and_then(|t| t.as_array().map(Vec::len)).expect("a trace");
    map.remove("prompts");
    let mut summary = summary;
    assert_eq!(summary["steps"], count, "{summary}");
    summary.as_object_mut().expect("an object").remove("steps");
    assert_eq!(summary, whole);
    order
}

#[test]
fn ndjson_lines_are_the_json_traces_steps_and_a_summary() {
    // A loop with nested Flow calls and prompts (JSON flows).
    let (json, ndjson) =
        both(&["Bench_Loop", "--flows", "fixtures/flows-bench", "--var", "Flow.iterations=12"]);
    let order = assert_same_run(&json, &ndjson);
    // A call's step comes once its callee returned: after the callee's steps.
    let call = order.iter().position(|&n| n == 22).expect("the first call's step");
    assert_eq!(&order[call - 4..=call], &[21, 23, 24, 25, 22], "{order:?}");

    // An Architect flow: a common module, a reusable task, inputs, data actions.
    let (json, ndjson) = both(&[
        "Acme Main IVR",
        "--flows",
        "fixtures/archy/flows",
        "--fixtures",
        "fixtures/archy/data",
        "--context",
        "startTime=2026-01-06T15:00:00Z",
        "--context",
        "from=+15551234567",
        "--input",
        "1",
        "--input",
        "123456",
    ]);
    assert_same_run(&json, &ndjson);
    assert!(ndjson.contains("\"inputs\":[{\"entry\":2,\"input\":\"123456\""), "{ndjson}");

    // A message flow calling a bot: the summary keeps the transcript.
    let (json, ndjson) = both(&[
        "Order Messages",
        "--flows",
        "fixtures/archy/flows",
        "--fixtures",
        "fixtures/archy/data",
        "--message",
        "where is my order",
        "--input",
        "say:it's 12345678",
    ]);
    assert_same_run(&json, &ndjson);
    let (_, summary) = lines(&ndjson);
    let transcript = summary["transcript"].as_array().expect("a transcript");
    assert!(transcript.iter().any(|t| t["text"] == "Order 12345678 is shipped."), "{summary}");

    // One step: the summary's count, and no trace kept.
    let (json, ndjson) =
        both(&["Bench_Loop", "--flows", "fixtures/flows-bench", "--max-steps", "1"]);
    assert_same_run(&json, &ndjson);

    // A run that fails: its error in the summary, the failed step's error on its line.
    let (json, ndjson) = both(&[
        "--flows",
        "fixtures/flows",
        "--fixtures",
        "fixtures/data",
        "--request",
        "fixtures/requests/contact_lookup.json",
    ]);
    assert_same_run(&json, &ndjson);
}

#[test]
fn a_run_stopped_by_a_budget_leaves_whole_lines_within_it() {
    let out = flowsim(&[
        "run",
        "Bench_Loop",
        "--flows",
        "fixtures/flows-bench",
        "--var",
        "Flow.iterations=100000",
        "--max-steps",
        "1000000",
        "--max-trace-bytes",
        "20000",
        "--format",
        "ndjson",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (steps, summary) = lines(&out.stdout);
    assert_eq!(summary["status"], "budget", "{summary}");
    assert_eq!(summary["error"]["kind"], "budget");
    assert!(
        summary["error"]["message"]
            .as_str()
            .unwrap()
            .contains("bytes of trace written, budget 20000"),
        "{summary}"
    );
    assert_eq!(summary["steps"], steps.len());
    // The budget counts the bytes written: it stops the run at the first step past it.
    let written: usize = steps.iter().map(|(_, l)| l.len() + 1).sum();
    let last = steps.iter().map(|(_, l)| l.len() + 1).max().unwrap();
    assert!(written > 20_000 && written <= 20_000 + last, "{written} bytes");

    // The step limit, likewise.
    let out = flowsim(&[
        "run",
        "Bench_Loop",
        "--flows",
        "fixtures/flows-bench",
        "--var",
        "Flow.iterations=100000",
        "--max-steps",
        "777",
        "--format",
        "ndjson",
    ]);
    let (steps, summary) = lines(&out.stdout);
    assert_eq!(summary["status"], "stepLimit");
    assert_eq!(steps.len(), 777);
}

#[test]
fn ndjson_refuses_a_decision_log() {
    let out = flowsim(&[
        "run",
        "Bench_Loop",
        "--flows",
        "fixtures/flows-bench",
        "--format",
        "ndjson",
        "--decision-log",
        "/dev/null",
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("does not keep the trace"), "{}", out.stderr);
    assert!(out.stdout.is_empty());
}

/// Set in the child process of [`memory_stays_flat_over_two_million_steps`].
const CHILD: &str = "FLOWSIM_TRACES_MEMORY_CHILD";

/// The process's peak resident memory so far, in KiB (Linux).
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("VmHWM");
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("a figure")
}

/// The child's body: a short streamed run, the peak, a two-million-step streamed run into a
/// file (a loop inside a called flow, itself calling a flow), the peak again. Does nothing unless the parent test started it.
#[test]
fn memory_child() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    // The bench loop, called from a flow of its own: the loop's steps run inside a call whose
    // step stays open (written once the callee returns) for the whole run.
    let dir = std::env::temp_dir().join(format!("flowsim-traces-{}", std::process::id()));
    let flows = dir.join("flows");
    std::fs::create_dir_all(&flows).unwrap();
    for f in ["loop.json", "helper.json"] {
        std::fs::copy(crate::support::root().join("fixtures/flows-bench").join(f), flows.join(f))
            .unwrap();
    }
    let outer = serde_json::json!({"id": "outer", "name": "Outer", "type": "inbound", "draft": {
        "startNode": "Call",
        "nodes": {
            "Call": {"type": "Flow", "properties": {"flowName": "Bench_Loop"},
                     "onComplete": {"nextNode": "Bye"}},
            "Bye": {"type": "Say", "properties": {"sayText": "bye"}},
        },
    }});
    std::fs::write(flows.join("outer.json"), outer.to_string()).unwrap();
    let registry =
        flowsim::flow::Registry::load_dir(&flows).registry.expect("the bench flows load");
    let fixtures = flowsim::fixtures::FixtureStore::default();
    let json = std::env::var_os(CHILD).is_some_and(|v| v == "json");
    // Written in order, the steps inside a call still open are kept until it returns (its
    // step comes before theirs): the JSON trace's run is the loop's own.
    let flow = if json { "Bench_Loop" } else { "Outer" };
    let request = |iterations: u64, steps: u64| {
        crate::support::request(serde_json::json!({
            "flowName": flow,
            "variables": {"Flow.iterations": iterations},
            "maxSteps": steps,
            "budgets": {"traceBytes": 1u64 << 40},
        }))
    };
    let mut lines = 0;
    let mut peaks = Vec::new();
    for (iterations, steps) in [(2_000, 10_000), (500_000, 2_000_000)] {
        let file = std::fs::File::create(dir.join("trace.ndjson")).unwrap();
        let run = if json {
            // What `run --format json` does: the trace written in order as the run goes, to a
            // file, then the result around it.
            let mut trace =
                JsonTrace::new(FileSpool(std::io::BufWriter::new(tempfile::tempfile().unwrap())));
            let run = engine::Run::new(&registry, &fixtures, &request(iterations, steps))
                .observer(&mut trace)
                .go()
                .expect("the request runs");
            lines = trace.steps() as u64;
            let mut out = std::io::BufWriter::new(file);
            trace.finish(&run.result, &mut out).unwrap();
            run
        } else {
            let mut sink = Ndjson::new(std::io::BufWriter::new(file));
            let run = engine::Run::new(&registry, &fixtures, &request(iterations, steps))
                .stream(&mut sink)
                .go()
                .expect("the request runs");
            lines = sink.steps();
            sink.finish(&run.result).unwrap();
            run
        };
        assert!(run.write_error.is_none());
        assert!(run.result.trace.is_empty(), "a streamed run keeps no trace");
        peaks.push(peak_kib());
    }
    let size = std::fs::metadata(dir.join("trace.ndjson")).unwrap().len();
    std::fs::remove_dir_all(&dir).unwrap();
    println!("steps={lines} bytes={size} peak-small={} peak-large={}", peaks[0], peaks[1]);
}

#[test]
#[cfg(target_os = "linux")]
fn memory_stays_flat_over_two_million_steps() {
    memory_stays_flat_for("ndjson");
}

/// `run --format json` writes its trace as the run goes (`JsonTrace`), in order, to a file:
/// the run keeps no trace, and its memory does not grow with its steps either (before, it kept
/// every step until the end: a 1,000,000-step run peaked at about 150 MB).
#[test]
#[cfg(target_os = "linux")]
fn the_json_trace_written_as_the_run_goes_keeps_memory_flat_too() {
    memory_stays_flat_for("json");
}

#[track_caller]
fn memory_stays_flat_for(format: &str) {
    // In a process of its own, so that no other test's memory counts.
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["traces::memory_child", "--exact", "--nocapture", "--test-threads", "1"])
        .env(CHILD, format)
        .output()
        .expect("the test binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let line = stdout
        .lines()
        .find_map(|l| l.find("steps=").map(|at| &l[at..]))
        .expect("the child's figures");
    let figure = |key: &str| -> u64 {
        let field = line.split(' ').find_map(|f| f.strip_prefix(key)).expect(key);
        field.parse().expect("a number")
    };
    assert_eq!(figure("steps="), 2_000_000, "{line}");
    // 2,000,000 lines of a few hundred bytes went to the file...
    assert!(figure("bytes=") > 200_000_000, "{line}");
    // ...while the peak grew by less than 16 MiB over a 10,000-step run's: keeping the steps
    // alone (40 bytes each, without their values and prompts) would take 80 MB.
    let growth = figure("peak-large=").saturating_sub(figure("peak-small="));
    assert!(growth < 16 * 1024, "peak memory grew by {growth} KiB: {line}");
}

/// The compact writer keeps each node's text, with its depth and the ways out its steps took:
/// a module run at two call depths, and a decision taking each of its ways, are written as
/// serde writes them.
#[test]
fn a_node_at_two_depths_and_its_ways_are_written_as_serde_writes_them() {
    let flow = |name: &str, kind: &str, nodes: &str, start: &str| {
        format!(
            r#"{{"id": "{name}", "name": "{name}", "type": "{kind}", "draft": {{"startNode": "{start}", "nodes": {{{nodes}}}}}}}"#
        )
    };
    let call = |id: &str, callee: &str, next: &str| {
        format!(
            r#""{id}": {{"type": "Flow", "properties": {{"flowName": "{callee}"}}, "onComplete": {{"nextNode": "{next}"}}}}"#
        )
    };
    let end = r#""Done": {"type": "End", "properties": {"endType": "normal"}}"#;
    let top = flow(
        "Top",
        "inbound",
        &format!(
            "{}, {}, {end}",
            call("First", "Inner", "Second"),
            call("Second", "Outer", "Done")
        ),
        "First",
    );
    let outer = flow(
        "Outer",
        "commonModule",
        &format!("{}, {end}", call("Again", "Inner", "Done")),
        "Again",
    );
    let inner = flow(
        "Inner",
        "commonModule",
        &format!(
            r#""Which": {{"type": "If", "properties": {{"conditions": [{{"expression": "IsSet(Flow.seen)", "nextNode": "Done"}}], "defaultNextNode": "Mark"}}}},
               "Mark": {{"type": "Set", "properties": {{"setVars": [{{"key": "Flow.seen", "value": {{"type": "string", "value": "yes"}}}}]}}, "onComplete": {{"nextNode": "Which"}}}},
               {end}"#
        ),
        "Which",
    );
    let reg = crate::support::inline_registry(&[&top, &outer, &inner]);
    let r = crate::support::run_json(&reg, serde_json::json!({"flowName": "Top"}));
    let steps: Vec<(String, u16)> =
        r.trace.iter().map(|s| (r.node(s.flow, s.node).id.to_string(), s.depth)).collect();
    let at = |id: &str| steps.iter().filter(|(n, _)| n == id).map(|(_, d)| *d).collect::<Vec<_>>();
    // `Which` runs at depth 1 (called by Top) and 2 (by Outer), by each of its ways.
    assert_eq!(at("Which"), [1, 1, 2], "{steps:?}");
    crate::support::assert_fast_json(&r);
    let json = crate::support::result_json(&r);
    let edges: Vec<&str> = json["trace"]
        .as_array()
        .expect("a trace")
        .iter()
        .filter(|s| s["nodeId"] == "Which")
        .map(|s| s["edge"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(edges, ["default", "condition[0]", "condition[0]"]);
}

/// A long trace's text is made on two threads in segments (`result/segments.rs`): the JSON
/// trace of a run long enough for two threads, with values the output budget weighs all along,
/// is the streamed trace's steps joined (written one step after another), and serde's bytes.
#[test]
fn a_long_trace_made_on_two_threads_is_the_trace_written_in_order() {
    use flowsim::engine::result::segments::TWO_THREADS_FROM;
    let (json, ndjson) = both(&[
        "Long_Values",
        "--flows",
        "tests/data/long-values",
        "--var",
        "Flow.turns=70000",
        "--max-steps",
        "300000",
    ]);
    // No calls: the streamed steps come in order, and their lines joined are the trace.
    let mut lines: Vec<&str> = ndjson.lines().collect();
    let summary = lines.pop().expect("a summary line");
    assert!(summary.contains("\"status\":\"completed\""), "{summary}");
    assert!(lines.len() >= TWO_THREADS_FROM, "{} steps: written by two threads", lines.len());
    let trace = format!("\"trace\":[{}],\"variables\":", lines.join(","));
    assert!(json.contains(&trace), "the JSON trace is the step lines joined");
    assert!(json.contains(&format!("\"Flow.value\":\"{}2910\"", "p".repeat(300))), "long values");

    let flow = std::fs::read_to_string("tests/data/long-values/long_values.json").expect("reads");
    let reg = crate::support::inline_registry(&[&flow]);
    let request = serde_json::json!({
        "flowName": "Long_Values", "variables": {"Flow.turns": 70_000}, "maxSteps": 300_000
    });
    let r = crate::support::run_json(&reg, request);
    assert_eq!(r.trace.len(), lines.len());
    crate::support::assert_fast_json(&r);
}

/// A spool that keeps nothing in memory: every byte in a temporary file, read back in chunks.
struct FileSpool(std::io::BufWriter<std::fs::File>);

impl std::io::Write for FileSpool {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl flowsim::engine::result::json_trace::Spool for FileSpool {
    fn memory(&self) -> &[u8] {
        &[]
    }

    fn read_rest(self, f: &mut dyn FnMut(&[u8]) -> std::io::Result<()>) -> std::io::Result<()> {
        let mut file = self.0.into_inner().map_err(std::io::IntoInnerError::into_error)?;
        file.rewind()?;
        flowsim::engine::result::json_trace::read_in_chunks(file, f)
    }
}

/// `run --format json` keeps a long trace's text in a temporary file past what it keeps in
/// memory (`FLOWSIM_SPOOL_MEMORY`, here 1 MiB) until the run's status is known: written there
/// and read back, the result is the one a short run keeps in memory (the same steps, byte for
/// byte); where no temporary file can be made, `run` says so, exit 2.
#[test]
fn a_long_json_trace_waits_in_a_temporary_file_and_a_missing_one_is_said() {
    let args = [
        "run",
        "Bench_Loop",
        "--flows",
        "fixtures/flows-bench",
        "--var",
        "Flow.iterations=20000",
        "--max-steps",
        "100000",
        "--format",
        "json",
    ];
    let run = |tmp: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_flowsim"))
            .args(args)
            .current_dir(crate::support::root())
            .env("TMPDIR", tmp)
            .env("FLOWSIM_SPOOL_MEMORY", (1 << 20).to_string())
            .output()
            .expect("the binary runs")
    };
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let out = run(tmp.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Past the 1 MiB kept in memory (some 30,000 steps): written to the file, read back whole.
    assert!(out.stdout.len() > 16 << 20, "{} bytes", out.stdout.len());
    let json: Value = serde_json::from_slice(&out.stdout).expect("one JSON result");
    assert_eq!(json["status"], "stepLimit");
    assert_eq!(json["trace"].as_array().map(Vec::len), Some(100_000));
    assert_eq!(json["trace"][99_999]["step"], 100_000);
    assert!(std::fs::read_dir(tmp.path()).unwrap().next().is_none(), "no file is left behind");

    // A bound that is no count is refused, as every flowsim variable's.
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_flowsim"))
        .args(args)
        .current_dir(crate::support::root())
        .env("FLOWSIM_SPOOL_MEMORY", "lots")
        .output()
        .expect("the binary runs");
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("FLOWSIM_SPOOL_MEMORY must be a number"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );

    let out = run(&tmp.path().join("missing"));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot keep the run's trace in a temporary file"), "{stderr}");
    // In JSON, the refusal as every refused command writes it: no half result.
    let refusal: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(refusal["refused"], true, "{refusal}");
    assert_eq!(refusal["diagnostics"][0]["code"], "cannotWrite", "{refusal}");
}
