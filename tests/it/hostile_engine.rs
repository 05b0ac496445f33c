//! Hostile flows against the engine and its output (issue 10), through the real binary: values
//! nested in a loop, values doubled until their text is astronomical, strings grown to the
//! limit, huge step limits, and a 40,000-member path. Each case runs at several sizes and must
//! end with the exit code of SPEC §7 (0 ran, 1 failed, 2 refused), a message naming the file and
//! place when refused, and a peak memory under a stated bound (measured with `/usr/bin/time -v`;
//! skipped loudly where it is missing).

use std::path::Path;
use std::process::Command;

/// What a child run may take at most, whatever the flow: far below what the unfixed engine took
/// (gigabytes), far above what a fixed one needs (tens of megabytes).
const PEAK_RSS_BOUND_KB: u64 = 400 * 1024;

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
    match ran.peak_kb {
        Some(kb) => assert!(kb < PEAK_RSS_BOUND_KB, "{what}: peak RSS {kb} KB"),
        None => eprintln!("note: {what}: no /usr/bin/time -v here; peak memory NOT checked"),
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
