//! Issue 79: what a scenario gives and its run never uses (an input no step reads, an event
//! that never happens, a mock never called, a stub whose action is never reached, a preset
//! variable never read) is a warning on the scenario's result, in text, JSON, JUnit and
//! GitHub annotations, with the place the file gives it; under `--strict` and `--ci` the
//! scenario fails with it (docs/scenarios.md, "What a scenario gives and its run never uses").

use crate::cli::{flowsim_in, Output};
use crate::support::root;

/// The Acme IVR: pressing 9 at the main menu hangs up, so nothing of the balance task (its
/// digits, its data action, its stub, its account number) is used.
fn suite() -> String {
    let root = root();
    format!(
        r#"flows: {flows}
fixtures: [{data}]
scenarios:
  - name: nine hangs up
    flow: Acme Main IVR
    context: {{startTime: "2026-01-06T15:00:00Z"}}
    inputs: ["9", "1234567", "3"]
    variables: {{Flow.accountNumber: "123456"}}
    events:
      - when: {{waitingAt: Account Balance/Ask account number}}
        digits: "1"
    mocks:
      dataActions:
        Get Account Balance: [{{outputs: {{balance: 5}}}}]
    stubs:
      - action: Get balance
        output: failure
    expect:
      status: disconnected
  - name: the balance uses all it is given
    flow: Acme Main IVR
    context: {{startTime: "2026-01-06T15:00:00Z"}}
    inputs: ["1", "123456"]
    mocks:
      dataActions:
        Get Account Balance: [{{outputs: {{balance: 5}}}}]
    expect:
      status: disconnected
"#,
        flows = root.join("fixtures/archy/flows").display(),
        data = root.join("fixtures/archy/data").display(),
    )
}

fn run(args: &[&str]) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("u.scenarios.yaml"), suite()).unwrap();
    let mut all = vec!["test", "u.scenarios.yaml"];
    all.extend(args);
    let o = flowsim_in(dir.path(), &all);
    (dir, o)
}

const WARNINGS: [&str; 6] = [
    "u.scenarios.yaml:7:19: warning unused: input `inputs[1]: \"1234567\"` is never read by the run",
    "u.scenarios.yaml:7:30: warning unused: input `inputs[2]: \"3\"` is never read by the run",
    "u.scenarios.yaml:10:9: warning unused: event `events[0]: when {\"waitingAt\":\"Account Balance/Ask account number\"}` never happens in the run",
    "u.scenarios.yaml:14:9: warning unused: mock `dataActions: Get Account Balance` is never called by the run",
    "u.scenarios.yaml:16:9: warning unused: stub `stubs[0]: action: Get balance` names an action the run never reaches",
    "u.scenarios.yaml:8:17: warning unused: variable `Flow.accountNumber` is never read by the run",
];

#[test]
fn each_unused_thing_is_a_warning_at_its_place() {
    let (_dir, o) = run(&[]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let warned: Vec<&str> =
        o.stdout.lines().filter(|l| l.contains("warning unused")).map(str::trim).collect();
    assert_eq!(warned, WARNINGS, "{}", o.stdout);
    // The scenario that uses what it gives has no warning.
    let after = o.stdout.split("the balance uses all it is given").nth(1).unwrap();
    assert!(!after.contains("warning"), "{}", o.stdout);
}

#[test]
fn json_junit_and_github_carry_them() {
    let (dir, o) = run(&["--format", "json", "--junit-out", "j.xml"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let first = &json["report"]["scenarios"][0];
    assert_eq!(first["outcome"], "passed");
    let unused = first["unused"].as_array().unwrap();
    let whats: Vec<&str> = unused.iter().map(|u| u["what"].as_str().unwrap()).collect();
    assert_eq!(whats, ["input", "input", "event", "mock", "stub", "variable"]);
    assert_eq!(
        unused[3],
        serde_json::json!({"what": "mock", "name": "dataActions: Get Account Balance", "line": 14, "column": 9})
    );
    assert!(json["report"]["scenarios"][1].get("unused").is_none());
    let junit = std::fs::read_to_string(dir.path().join("j.xml")).unwrap();
    assert!(junit.contains("<system-out>"), "{junit}");
    assert!(junit.contains("warning unused: mock `dataActions: Get Account Balance`"), "{junit}");

    let (_dir, o) = run(&["--format", "github"]);
    assert!(o.stdout.contains("::warning file=u.scenarios.yaml,line=7,col=19,"), "{}", o.stdout);
}

#[test]
fn strict_and_ci_fail_the_scenario_with_each_reason() {
    for flag in ["--strict", "--ci"] {
        let (_dir, o) = run(&[flag]);
        assert_eq!(o.code, 1, "{flag}: {}{}", o.stdout, o.stderr);
        assert!(o.stdout.contains("FAIL u.scenarios.yaml › nine hangs up"), "{}", o.stdout);
        assert!(o.stdout.contains("PASS u.scenarios.yaml › the balance uses all it is given"));
        for (w, line) in WARNINGS.iter().zip([7, 7, 10, 14, 16, 8]) {
            let reason = w.split("warning unused: ").nth(1).unwrap();
            let want = format!("u.scenarios.yaml:{line}: {reason}");
            assert!(o.stdout.contains(&want), "{flag}: {want}\n{}", o.stdout);
        }
        assert!(o.stdout.contains("1 passed, 1 failed"), "{}", o.stdout);
    }
}
