//! Hostile flows against the engine and its output, through the real binary: values
//! nested in a loop, values doubled until their text is astronomical, strings grown to the
//! limit, huge step limits, and a 40,000-member path. Each case runs at several sizes and must
//! end with the exit code of docs/scenarios.md (0 ran, 1 failed, 2 refused), a message naming the file and
//! place when refused, and a peak memory under a stated bound (measured with `/usr/bin/time -v`;
//! said on stderr where it is missing, and required where `FLOWSIM_REQUIRE_TOOLS=1`, as in CI).

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

/// What a child run may take at most, whatever the flow: far below what the unfixed engine took
/// (gigabytes). The largest bounded runs here (lists of 25 MiB strings, stopped by the live
/// bytes budget once their variables hold 285 MB, then a 67 MB JSON result) peak at 497-537 MB
/// with the binary's allocator (mimalloc returns freed pages to the system after a short delay,
/// so the peak moves from run to run).
const PEAK_RSS_BOUND_KB: u64 = 768 * 1024;

struct Ran {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    peak_kb: Option<u64>,
}

/// Runs the binary with `args` under `/usr/bin/time -v` when it exists.
fn run_measured(args: &[&str]) -> Ran {
    let bin = env!("CARGO_BIN_EXE_flowsim");
    let time = Path::new("/usr/bin/time");
    let out = if time.exists() {
        Command::new(time).arg("-v").arg(bin).args(args).output()
    } else {
        Command::new(bin).args(args).output()
    }
    .expect("the binary starts");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let peak_kb = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes): "))
        .and_then(|n| n.trim().parse().ok());
    Ran {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
        peak_kb,
    }
}

#[track_caller]
fn assert_bounded(what: &str, ran: &Ran) {
    assert!(ran.code.is_some(), "{what}: killed by a signal (abort?)\n{}", ran.stderr);
    if let Some(kb) = ran.peak_kb {
        assert!(kb < PEAK_RSS_BOUND_KB, "{what}: peak RSS {kb} KB");
    } else {
        // CI sets FLOWSIM_REQUIRE_TOOLS=1 and installs `time`: there the bound is checked.
        assert!(
            std::env::var_os("FLOWSIM_REQUIRE_TOOLS").is_none_or(|v| v != "1"),
            "{what}: no /usr/bin/time -v, and FLOWSIM_REQUIRE_TOOLS=1 requires it (apt-get install time)"
        );
        eprintln!("note: {what}: no /usr/bin/time -v here; peak memory NOT checked");
    }
}

/// A seeds' JSON flow: `Init` sets `Flow.j`, then `Loop` runs `Grow` until `Flow.i` reaches
/// `n`, then `End`.
fn loop_flow(init: &str, grow: &[(&str, &str)], n: usize) -> String {
    let grow: Vec<_> = grow
        .iter()
        .map(|(k, v)| serde_json::json!({"key": k, "value": {"type": "expression", "value": v}}))
        .chain([serde_json::json!({"key": "Flow.i", "value": {"type": "expression", "value": "Flow.i + 1"}})])
        .collect();
    serde_json::json!({
        "id": "hostile", "name": "Hostile", "type": "inbound",
        "draft": {"startNode": "Init", "nodes": {
            "Init": {"type": "Set", "properties": {"setVars": [
                {"key": "Flow.i", "value": {"type": "expression", "value": "0"}},
                {"key": "Flow.j", "value": {"type": "expression", "value": init}},
            ]}, "onComplete": {"nextNode": "Loop"}},
            "Loop": {"type": "If", "properties": {
                "conditions": [{"expression": format!("Flow.i >= {n}"), "nextNode": "Done"}],
                "defaultNextNode": "Grow"}},
            "Grow": {"type": "Set", "properties": {"setVars": grow}, "onComplete": {"nextNode": "Loop"}},
            "Done": {"type": "End"},
        }}
    })
    .to_string()
}

fn write_flow(dir: &Path, text: &str) -> String {
    std::fs::write(dir.join("hostile.json"), text).expect("write the flow");
    dir.to_str().expect("a UTF-8 temporary path").to_owned()
}

fn run_flow(dir: &str, max_steps: &str, format: &str) -> Ran {
    run_measured(&["run", "Hostile", "--flows", dir, "--max-steps", max_steps, "--format", format])
}

#[test]
fn json_nested_in_a_loop_stops_at_the_depth_limit_instead_of_overflowing_the_stack() {
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    for n in [100, 1_000, 20_000] {
        let flow = loop_flow(
            r#"JsonParse("{}")"#,
            &[("Flow.j", r#"SetJsonObjectProperty(JsonParse("{}"), "a", Flow.j)"#)],
            n,
        );
        let flows = write_flow(dir.path(), &flow);
        for format in ["text", "json"] {
            let ran = run_flow(&flows, "100000", format);
            let what = format!("nesting loop of {n}, --format {format}");
            assert_bounded(&what, &ran);
            assert_eq!(ran.code, Some(0), "{what}: a run that ends is exit 0\n{}", ran.stderr);
            if n > 128 {
                assert!(ran.stdout.contains("collectionTooLarge"), "{what}: {}", ran.stdout);
            }
        }
    }
}

#[test]
fn values_doubled_until_astronomical_are_written_as_markers() {
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    // Each step doubles the text of Flow.j through shared parts: 2^100 bytes at 100 steps.
    for n in [10, 40, 100] {
        let flow = loop_flow(
            r#"JsonParse("{\"x\": \"0123456789012345678901234567890123456789\"}")"#,
            &[(
                "Flow.j",
                r#"SetJsonObjectProperty(SetJsonObjectProperty(JsonParse("{}"), "a", Flow.j), "b", Flow.j)"#,
            )],
            n,
        );
        let flows = write_flow(dir.path(), &flow);
        for format in ["text", "json"] {
            let ran = run_flow(&flows, "100000", format);
            let what = format!("doubling loop of {n}, --format {format}");
            assert_bounded(&what, &ran);
            assert_eq!(ran.code, Some(0), "{what}\n{}", ran.stderr);
            assert!(ran.stdout.len() < 64 << 20, "{what}: {} bytes of output", ran.stdout.len());
            if n >= 40 {
                assert!(ran.stdout.contains("valueIsTooLarge"), "{what}: no marker");
            }
        }
    }
}

#[test]
fn strings_grown_to_the_limit_keep_the_output_small() {
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    // Append(x, x) doubles a string until `stringTooLong` (32 MiB); then the loop keeps setting
    // it. Unbounded, the trace would repeat megabytes per step.
    for n in [20, 200] {
        let flow = loop_flow(
            r#""0123456789abcdef""#,
            &[("Flow.j", "If(Length(Flow.j) < 8000000, Append(Flow.j, Flow.j), Flow.j)")],
            n,
        );
        let flows = write_flow(dir.path(), &flow);
        for format in ["text", "json"] {
            let ran = run_flow(&flows, "100000", format);
            let what = format!("string loop of {n}, --format {format}");
            assert_bounded(&what, &ran);
            assert_eq!(ran.code, Some(0), "{what}\n{}", ran.stderr);
            assert!(ran.stdout.len() < 80 << 20, "{what}: {} bytes of output", ran.stdout.len());
            if n == 200 {
                assert!(ran.stdout.contains("valueIsTooLarge"), "{what}: no marker");
            }
        }
    }
}

#[test]
fn a_step_limit_past_the_cap_is_refused_and_memory_stays_per_step() {
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    let flows = write_flow(dir.path(), &loop_flow("0", &[("Flow.j", "Flow.j + 1")], 100_000));
    let ran = run_flow(&flows, "1000", "text");
    assert_bounded("--max-steps 1000", &ran);
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    for max in ["10000001", "18446744073709551615"] {
        let ran = run_flow(&flows, max, "text");
        let what = format!("--max-steps {max}");
        assert_bounded(&what, &ran);
        assert_eq!(
            ran.code,
            Some(2),
            "{what}: a request past the cap is bad input\n{}",
            ran.stderr
        );
        assert!(ran.stderr.contains("from 1 to 10000000"), "{what}: {}", ran.stderr);
    }
    assert_eq!(flowsim::engine::MAX_STEPS_CAP, 10_000_000, "documented in BENCHMARKS.md");
}

#[test]
fn a_path_of_40000_members_is_refused_in_linear_memory_naming_the_place() {
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    for members in [100, 40_000] {
        let path = format!("Flow{}", ".a".repeat(members));
        let flow = loop_flow("0", &[("Flow.j", &path)], 1);
        let flows = write_flow(dir.path(), &flow);
        let ran = run_flow(&flows, "1000", "text");
        let what = format!("a path of {members} members");
        assert_bounded(&what, &ran);
        assert_eq!(ran.code, Some(2), "{what}: a flow that does not load is refused");
        assert!(ran.stderr.contains("hostile.json"), "{what}: names the file\n{}", ran.stderr);
        assert!(ran.stderr.contains("Grow"), "{what}: names the node\n{}", ran.stderr);
        assert!(ran.stderr.contains("at most 64 members"), "{what}\n{}", ran.stderr);
    }
    // Within the limit, it loads and runs.
    let flows = write_flow(dir.path(), &loop_flow("0", &[("Flow.j", "Flow.a.b.c")], 1));
    assert_eq!(run_flow(&flows, "1000", "text").code, Some(0));
}

/// A flow that doubles `Flow.k` to 8 MiB, then each step sets `Flow.j` to a new text of three
/// copies of it (25 MiB of string work a step): unbudgeted, 200 steps took 40 s and gigabytes.
fn string_work_flow(n: usize, list: bool) -> String {
    let grow_k = ("Flow.k", "If(Length(Flow.k) < 8000000, Append(Flow.k, Flow.k), Flow.k)");
    let j = if list {
        "AddItem(Flow.j, Append(Flow.k, Flow.k, Flow.k, ToString(Flow.i)))"
    } else {
        "Append(Flow.k, Flow.k, Flow.k, ToString(Flow.i))"
    };
    let init = if list { r#"MakeList("")"# } else { r#""""# };
    let flow = loop_flow(init, &[grow_k, ("Flow.j", j)], n);
    // `Flow.k` starts as 16 bytes.
    flow.replacen(
        r#"{"key":"Flow.j","value""#,
        r#"{"key":"Flow.k","value":{"type":"expression","value":"\"0123456789abcdef\""}},{"key":"Flow.j","value""#,
        1,
    )
}

#[track_caller]
fn assert_budget_json(what: &str, ran: &Ran, budget: &str) {
    assert_bounded(what, ran);
    assert_eq!(
        ran.code,
        Some(0),
        "{what}: a run that ends (at a budget) is exit 0\n{}",
        ran.stderr
    );
    let json: serde_json::Value = serde_json::from_str(&ran.stdout)
        .unwrap_or_else(|e| panic!("{what}: the result is valid JSON ({e})"));
    assert_eq!(json["status"], "budget", "{what}: {}", &ran.stdout[..ran.stdout.len().min(400)]);
    let message = json["error"]["message"].as_str().expect("the error's message");
    assert!(message.contains(&format!("{budget} budget ran out in node `")), "{what}: {message}");
    assert!(message.contains("raise it with"), "{what}: {message}");
    assert_eq!(json["error"]["kind"], "budget", "{what}");
}

#[test]
fn string_work_stops_at_a_budget_with_the_steps_so_far_written() {
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    for list in [false, true] {
        let flows = write_flow(dir.path(), &string_work_flow(300, list));
        let ran = run_flow(&flows, "1000", "json");
        let what =
            if list { "a list of distinct 25 MiB strings" } else { "25 MiB of string work a step" };
        // Whichever budget goes first (work or trace), the run stops at one, in bounded memory.
        assert_bounded(what, &ran);
        let json: serde_json::Value = serde_json::from_str(&ran.stdout).expect("valid JSON");
        assert_eq!(json["status"], "budget", "{what}");
        assert!(json["trace"].as_array().is_some_and(|t| t.len() > 10), "{what}: the steps so far");
    }
}

#[test]
fn each_budget_stops_the_run_naming_itself_and_its_flag() {
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    let flows = write_flow(
        dir.path(),
        &loop_flow(r#""""#, &[("Flow.j", r#"Append(Flow.j, "0123456789")"#)], 500),
    );
    let bin = env!("CARGO_BIN_EXE_flowsim");
    let base = ["run", "Hostile", "--flows", &flows, "--format", "json"];
    for (flag, budget) in [
        ("--max-work=20000", "work"),
        ("--max-live-bytes=1000", "live bytes"),
        ("--max-trace-bytes=4000", "trace bytes"),
    ] {
        let mut args = base.to_vec();
        args.push(flag);
        let ran = run_measured(&args);
        assert_budget_json(flag, &ran, budget);
        let message = serde_json::from_str::<serde_json::Value>(&ran.stdout).unwrap()["error"]
            ["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(message.contains(flag.split('=').next().unwrap()), "{message}");
    }
    // The same budget from a request file.
    let other = tempfile::TempDir::new().expect("a temporary directory");
    let request = other.path().join("request.json");
    std::fs::write(&request, r#"{"flowName": "Hostile", "budgets": {"work": 20000}}"#).unwrap();
    let ran = run_measured(&[
        "run",
        "--flows",
        &flows,
        "--request",
        request.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_budget_json("budgets.work in a request", &ran, "work");
    // Within the defaults, the same flow completes.
    let out = std::process::Command::new(bin).args(base).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["status"], "completed");
    // A budget error in text form names it too.
    let out = std::process::Command::new(bin)
        .args(["run", "Hostile", "--flows", &flows, "--max-work", "20000"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("status     budget"), "{text}");
}

#[test]
fn an_unknown_name_of_100_kb_is_quoted_in_part() {
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    let flows = write_flow(dir.path(), &loop_flow("0", &[("Flow.j", "1")], 1));
    let name = "N".repeat(100_000);
    // Not under `/usr/bin/time`, which echoes the command line on stderr.
    let out = Command::new(env!("CARGO_BIN_EXE_flowsim"))
        .args(["run", &name, "--flows", &flows])
        .output()
        .expect("the binary starts");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{}", &stderr[..stderr.len().min(400)]);
    assert!(stderr.len() < 8_000, "{} bytes of error", stderr.len());
    assert!(stderr.contains("more bytes)"), "{stderr}");
}

/// Thousands of diagnostics across files: every `check` format shows the first 1,000 and
/// counts the rest, while the totals stay whole.
#[test]
fn every_check_format_caps_its_diagnostics() {
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    let keys = (0..150).fold(String::new(), |mut keys, i| {
        keys.push_str("{{k");
        keys.push_str(&i.to_string());
        keys.push_str("}}");
        keys
    });
    for f in 0..15 {
        let text = format!(
            "inboundCall:\n  name: Holes {f}\n  description: \"{keys}\"\n  startUpRef: \"/inboundCall/tasks/task[T_1]\"\n  tasks:\n    - task:\n        name: T\n        refId: T_1\n        actions:\n          - disconnect:\n              name: Bye\n"
        );
        std::fs::write(dir.path().join(format!("holes{f}.yaml")), text).unwrap();
    }
    let path = dir.path().to_str().unwrap();
    let json = run_measured(&["check", path, "--format", "json"]);
    assert_eq!(json.code, Some(1));
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("one JSON document");
    assert_eq!(report["errors"], 15 * 101, "100 keys a file, then one count of the rest");
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 1_000);
    assert_eq!(report["notShown"], 15 * 101 - 1_000);
    let github = run_measured(&["check", path, "--format", "github"]);
    assert_eq!(github.stdout.lines().filter(|l| l.starts_with("::error")).count(), 1_000);
    assert!(github.stdout.ends_with("::warning::515 more diagnostic(s) not shown\n"));
}

#[test]
fn millions_of_missing_placeholders_give_a_bounded_report() {
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    let keys = (0..400_000).fold(String::new(), |mut keys, i| {
        keys.push_str("{{k");
        keys.push_str(&i.to_string());
        keys.push_str("}}");
        keys
    });
    let text = format!(
        "inboundCall:\n  name: Holes\n  division: Home\n  startUpRef: \"/inboundCall/tasks/task[T_1]\"\n  defaultLanguage: en-us\n  description: \"{keys}\"\n  supportedLanguages:\n    en-us:\n      defaultLanguageSkill:\n        noValue: true\n  tasks:\n    - task:\n        name: T\n        refId: T_1\n        actions:\n          - disconnect:\n              name: Bye\n"
    );
    std::fs::write(dir.path().join("holes.yaml"), text).unwrap();
    let ran = run_measured(&["check", "--flows", dir.path().to_str().unwrap()]);
    assert_bounded("400,000 missing placeholders", &ran);
    assert!(matches!(ran.code, Some(1 | 2)), "{:?}", ran.code);
    let report = format!("{}{}", ran.stdout, ran.stderr);
    assert!(report.len() < 200_000, "{} bytes of diagnostics", report.len());
    assert!(
        report.contains("399900 more use(s) of substitution keys"),
        "{}",
        &report[report.len().saturating_sub(2000)..]
    );
}

#[test]
fn a_graph_of_15000_states_is_drawn_in_bounded_memory() {
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    let mut text = String::from(
        "workflow:\n  name: Many States\n  division: Home\n  startUpRef: \"/workflow/states/state[S_0]\"\n  defaultLanguage: en-us\n  supportedLanguages:\n    en-us:\n      none: true\n  settingsErrorHandling:\n    errorHandling:\n      endWorkflow:\n        none: true\n  states:\n",
    );
    let n = 15_000;
    for i in 0..n {
        let _ = write!(
            text,
            "    - state:\n        name: S{i}\n        refId: S_{i}\n        actions:\n"
        );
        if i + 1 < n {
            let _ = write!(text, "          - changeState:\n              name: Go {i}\n              targetStateRef: \"/workflow/states/state[S_{}]\"\n", i + 1);
        } else {
            text.push_str("          - endWorkflow:\n              name: End\n              exitReason:\n                lit: done\n");
        }
    }
    std::fs::write(dir.path().join("many.yaml"), text).unwrap();
    let ran = run_measured(&[
        "graph",
        "Many States",
        "--flows",
        dir.path().to_str().unwrap(),
        "--format",
        "svg",
    ]);
    assert_bounded("15,000 states", &ran);
    assert_eq!(ran.code, Some(0), "{}", &ran.stderr[..ran.stderr.len().min(400)]);
    assert!(ran.stdout.starts_with("<svg") || ran.stdout.starts_with("<?xml"), "an SVG");
    assert!(ran.stdout.contains("S14999"), "the last state is drawn");
}

#[test]
fn schedules_with_count_are_not_listed_when_loaded() {
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    // 100,000 schedules of COUNT=10000: listed, a billion dates (4 GB).
    let schedules: Vec<serde_json::Value> = (0..100_000)
        .map(|i| {
            serde_json::json!({"id": format!("s{i}"), "name": format!("S{i}"),
                "start": "2026-01-05T08:00:00", "end": "2026-01-05T17:00:00",
                "rrule": "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;COUNT=10000"})
        })
        .collect();
    let other = tempfile::TempDir::new().expect("a temporary directory");
    let file = other.path().join("schedules.json");
    std::fs::write(&file, serde_json::json!({"schedules": schedules}).to_string()).unwrap();
    let flows = write_flow(dir.path(), &loop_flow("0", &[("Flow.j", "1")], 1));
    let ran =
        run_measured(&["run", "Hostile", "--flows", &flows, "--fixtures", file.to_str().unwrap()]);
    assert_bounded("100,000 COUNT schedules", &ran);
    assert_eq!(ran.code, Some(0), "{}", &ran.stderr[..ran.stderr.len().min(400)]);
}
