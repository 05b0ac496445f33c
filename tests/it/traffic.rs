//! `flowsim traffic` (docs/traffic.md): recorded executions grouped into the paths callers took,
//! a scenario per path that passes `flowsim test`, redacted, and the steps no scenario covers,
//! ranked by callers.

use crate::cli::flowsim;

const TRAFFIC: [&str; 6] = [
    "traffic",
    "fixtures/executions",
    "--flows",
    "fixtures/archy/flows",
    "--fixtures",
    "fixtures/archy/data",
];

#[test]
fn the_recorded_calls_fall_into_five_paths_all_covered_by_the_ivr_suite() {
    let mut args = TRAFFIC.to_vec();
    args.extend(["--scenarios", "fixtures/scenarios/acme-ivr.scenarios.yaml"]);
    let o = flowsim(&args);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let out = &o.stdout;
    assert!(
        out.starts_with(
            "8 executions: 5 distinct paths, 1 diverged from your flows, 0 not replayable\n"
        ),
        "{out}"
    );
    assert!(out.contains("path 1: 2 callers of Acme Main IVR, 14 steps, disconnected\n  covered by the scenarios\n"), "{out}");
    assert!(
        out.contains("path 3: 1 caller of Acme Main IVR, 5 steps, transferred (acd Support)\n"),
        "{out}"
    );
    assert!(out.contains("diverged: 8f1c2d3e-1111-4a1b-9c2d-000000000103 (run `flowsim replay` on it to see where)\n"), "{out}");
    assert!(
        out.ends_with(
            "traffic coverage: 7 of 7 callers (100.0%) took a path the scenarios cover\n"
        ),
        "{out}"
    );
}

#[test]
fn uncovered_steps_are_ranked_by_the_callers_who_took_them() {
    let mut args = TRAFFIC.to_vec();
    args.extend([
        "--scenarios",
        "fixtures/scenarios/acme-workflow.scenarios.yaml",
        "--min-coverage",
        "50",
    ]);
    let o = flowsim(&args);
    assert_eq!(o.code, 1, "below --min-coverage:\n{}{}", o.stdout, o.stderr);
    let out = &o.stdout;
    assert!(
        out.contains("traffic coverage: 0 of 7 callers (0.0%) took a path the scenarios cover\n"),
        "{out}"
    );
    assert!(
        out.contains("steps no scenario takes, by callers:\n      7  Acme Main IVR › initialGreeting → success\n"),
        "{out}"
    );
    assert!(out.contains("      1  Acme Main IVR › Main Menu → Support\n"), "{out}");
    let mut args = TRAFFIC.to_vec();
    args.extend(["--min-coverage", "50"]);
    let o = flowsim(&args);
    assert_eq!(o.code, 2, "--min-coverage needs a suite");
    assert!(o.stderr.contains("--min-coverage needs a suite to weigh against"), "{}", o.stderr);
}

#[test]
fn the_written_scenarios_are_redacted_and_pass() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("production.scenarios.json");
    let mut args = TRAFFIC.to_vec();
    args.extend(["--write", file.to_str().unwrap()]);
    let o = flowsim(&args);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout.ends_with(&format!("wrote 4 scenarios to {}\n", file.display())),
        "{}",
        o.stdout
    );
    // The VIP caller's path needed the recording's answers for their own number.
    assert!(o.stdout.contains("path 5: 1 caller of Acme Main IVR, 10 steps, transferred (acd VIP)\n  no scenario written: "), "{}", o.stdout);
    let text = std::fs::read_to_string(&file).unwrap();
    for number in ["15551234567", "15550100101", "15550100102"] {
        assert!(!text.contains(number), "{number} survived redaction:\n{text}");
    }
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["scenarios"][0]["name"], "production path 1: 2 callers (disconnected)");
    assert_eq!(json["scenarios"][0]["tags"], serde_json::json!(["production"]));
    let t = flowsim(&["test", file.to_str().unwrap()]);
    assert_eq!(t.code, 0, "{}{}", t.stdout, t.stderr);
    assert!(t.stdout.ends_with("4 passed, 0 failed\n"), "{}", t.stdout);
    // The same recording and key give the same file.
    let again = dir.path().join("again.scenarios.json");
    let mut args = TRAFFIC.to_vec();
    args.extend(["--write", again.to_str().unwrap()]);
    flowsim(&args);
    assert_eq!(std::fs::read_to_string(&again).unwrap(), text);
}

#[test]
fn a_file_that_is_not_execution_data_is_refused() {
    let o = flowsim(&[
        "traffic",
        "fixtures/cassettes/emulator.json",
        "--flows",
        "fixtures/archy/flows",
    ]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains(
            "error[badCassette]: not flow execution data\n  --> fixtures/cassettes/emulator.json\n"
        ),
        "{}",
        o.stderr
    );
}

/// `flowsim traffic ARGS` with `input` on its standard input.
#[track_caller]
fn traffic_with_stdin(args: &[&str], input: &[u8]) -> crate::cli::Output {
    crate::cli::flowsim_piped(crate::support::root(), args, input)
}

#[test]
fn executions_piped_in_as_dash_give_the_report_the_file_gives() {
    let file = "fixtures/executions/production.json";
    let mut by_path = TRAFFIC.to_vec();
    by_path[1] = file;
    by_path.extend(["--scenarios", "fixtures/scenarios/acme-ivr.scenarios.yaml"]);
    let expected = flowsim(&by_path);
    assert_eq!(expected.code, 0, "{}", expected.stderr);
    assert!(expected.stdout.contains("distinct paths"), "{}", expected.stdout);
    let mut piped = by_path.clone();
    piped[1] = "-";
    let text = std::fs::read(crate::support::root().join(file)).unwrap();
    let got = traffic_with_stdin(&piped, &text);
    assert_eq!((got.code, got.stdout.as_str()), (0, expected.stdout.as_str()), "{}", got.stderr);
    // JSON lines read from a pipe alike.
    let documents: Vec<serde_json::Value> = serde_json::from_slice(&text).unwrap();
    let lines: Vec<String> = documents.iter().map(ToString::to_string).collect();
    let lines = lines.join("\n");
    let got = traffic_with_stdin(&piped, lines.as_bytes());
    assert_eq!((got.code, got.stdout.as_str()), (0, expected.stdout.as_str()), "{}", got.stderr);
}

/// Standard input is read once, by every run (a shard's too: tests/it/shards.rs merges shards
/// read from it), so `-` may be given once.
#[test]
fn standard_input_is_read_once_and_bad_input_names_it() {
    let text = std::fs::read(crate::support::root().join("fixtures/executions/production.json"));
    let mut args = TRAFFIC.to_vec();
    args[1] = "-";
    args.insert(2, "-");
    let o = traffic_with_stdin(&args, &text.unwrap());
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains("standard input can be read only once, and `-` is given more than once")
            && o.stderr.contains("save the executions to a file"),
        "{}",
        o.stderr
    );
    let mut args = TRAFFIC.to_vec();
    args[1] = "-";
    let o = traffic_with_stdin(&args, b"{\"interactions\": []}");
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains("error[badCassette]: not flow execution data\n  --> <stdin>\n"),
        "{}",
        o.stderr
    );
    let good = r#"{"flow": {"flowName": "Acme Main IVR", "execution": []}}"#;
    let o = traffic_with_stdin(&args, format!("{good}\n{good}\n{{\"flow\": oops}}\n").as_bytes());
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains("error[badCassette]: document 3 (line 3, column 10): expected value\n  --> <stdin>:3:10\n"),
        "{}",
        o.stderr
    );
}
