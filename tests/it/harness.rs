//! `flowsim test` through the real binary: suites, failures explained, snapshots, reports.

use crate::cli::flowsim;
use crate::support::root;
use std::path::Path;

/// A scenario file in a temporary directory whose flows and fixtures are the bundled ones.
fn suite(dir: &Path, name: &str, body: &str) -> String {
    let flows = root().join("fixtures/flows");
    let data = root().join("fixtures/data");
    let text = format!("flows: {}\nfixtures: [{}]\n{body}", flows.display(), data.display());
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn the_bundled_suite_passes_with_full_coverage() {
    let o = flowsim(&["test", "fixtures/scenarios", "--ci", "--coverage"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.ends_with("64 passed, 0 failed\n"), "{}", o.stdout);
    assert!(o.stdout.contains("total: nodes 128/128, edges 156/156"), "{}", o.stdout);
}

#[test]
fn a_wrong_path_is_explained_in_flow_terms() {
    let dir = tempfile::tempdir().unwrap();
    let file = suite(
        dir.path(),
        "menu.scenarios.yaml",
        r#"scenarios:
  - name: presses 2 but expects support
    flow: Inbound_Flow_A
    inputs: ["2"]
    expect:
      path: [CallShared, SayHello, GatherInput, SetResult, EndFlow, CheckResult, RouteToAgent, PlayGoodbye, EndFlow]
      variables: {shared_module_result: 1, Flow.attempts: 9}
      prompts: ["Welcome. Press 1 for English.", "Press 1.", "Bye."]
      route: {queueId: q-support}
"#,
    );
    let o = flowsim(&["test", &file]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    let shown = o.stdout.replace(dir.path().to_str().unwrap(), "TMP");
    insta::assert_snapshot!(shown);
}

/// A run that ends otherwise than expected, with no error to show, says how it came to end
/// so: the step that led to its last, and its path.
#[test]
fn a_wrong_ending_shows_the_step_that_led_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = suite(
        dir.path(),
        "end.scenarios.yaml",
        r#"scenarios:
  - name: presses 2 and expects to be routed
    flow: Inbound_Flow_A
    inputs: ["2"]
    expect:
      status: transferred
"#,
    );
    let o = flowsim(&["test", &file]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    let shown = o.stdout.replace(dir.path().to_str().unwrap(), "TMP");
    insta::assert_snapshot!(shown);
}

#[test]
fn a_broken_scenario_file_is_reported_and_the_others_still_run() {
    let dir = tempfile::tempdir().unwrap();
    suite(dir.path(), "a.scenarios.yaml", "scenarios:\n  - name: ok\n    flow: Inbound_Flow_A\n    inputs: [\"1\"]\n    expect: {status: completed}\n");
    suite(dir.path(), "b.scenarios.yaml", "scenarios:\n  - name: typo\n    flow: Inbound_Flow_A\n    expect:\n      stauts: completed\n");
    let o = flowsim(&["test", dir.path().to_str().unwrap()]);
    assert_eq!(o.code, 2, "{}", o.stdout);
    assert!(o.stdout.contains("PASS"), "{}", o.stdout);
    // The broken file is an error on stderr, as `check` prints one, not a test result.
    assert!(o.stderr.contains("b.scenarios.yaml:7:"), "names the file and line: {}", o.stderr);
    assert!(o.stderr.contains("stauts"), "{}", o.stderr);
    // The count says a file did not run, so a green count is not read as the whole suite.
    assert!(
        o.stdout.ends_with("1 passed, 0 failed; 1 scenario file not run (its problems follow)\n"),
        "{}",
        o.stdout
    );
}

#[test]
fn snapshots_are_pending_then_accepted_then_checked_in_ci() {
    let dir = tempfile::tempdir().unwrap();
    let file = suite(
        dir.path(),
        "snap.scenarios.yaml",
        "scenarios:\n  - name: press one\n    flow: Inbound_Flow_A\n    inputs: [\"1\"]\n    snapshot: true\n",
    );
    let snap = dir.path().join("__snapshots__/snap__press-one.snap");
    let pending = dir.path().join("__snapshots__/snap__press-one.snap.new");

    let o = flowsim(&["test", &file, "--ci"]);
    assert_eq!(o.code, 1, "a missing snapshot fails in CI: {}", o.stdout);
    assert!(!pending.exists(), "--ci writes nothing");

    let o = flowsim(&["test", &file]);
    assert_eq!(o.code, 1);
    assert!(pending.exists() && !snap.exists(), "a pending snapshot is written for review");

    let o = flowsim(&["test", &file, "--accept"]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert!(snap.exists() && !pending.exists());
    let stored: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&snap).unwrap()).unwrap();
    assert_eq!(stored["route"]["queueId"], "q-support");

    let o = flowsim(&["test", &file, "--ci"]);
    assert_eq!(o.code, 0, "{}", o.stdout);

    // The flow's behaviour changes: the snapshot catches it, with a diff.
    std::fs::write(&file, std::fs::read_to_string(&file).unwrap().replace("[\"1\"]", "[\"2\"]"))
        .unwrap();
    let o = flowsim(&["test", &file, "--ci"]);
    assert_eq!(o.code, 1);
    assert!(o.stdout.contains("the trace differs from its snapshot"), "{}", o.stdout);
    assert!(o.stdout.contains("│-    \"queueId\": \"q-support\","), "{}", o.stdout);

    // An orphaned snapshot fails under --ci only.
    std::fs::write(
        &file,
        std::fs::read_to_string(&file).unwrap().replace("snapshot: true", "snapshot: false"),
    )
    .unwrap();
    let o = flowsim(&["test", &file]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert!(o.stdout.contains("warning: orphaned snapshot"), "{}", o.stdout);
    let o = flowsim(&["test", &file, "--ci"]);
    assert_eq!(o.code, 1);
    assert!(o.stdout.contains("error: orphaned snapshot"), "{}", o.stdout);
}

#[test]
fn junit_json_and_coverage_reports() {
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("junit.xml");
    let cov = dir.path().join("coverage.json");
    let o = flowsim(&[
        "test",
        "fixtures/scenarios",
        "--junit-out",
        junit.to_str().unwrap(),
        "--coverage-out",
        cov.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(json["passed"], 64);
    assert_eq!(json["report"]["scenarios"][0]["outcome"], "passed");
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert_eq!(xml.matches("<testcase ").count(), 64);
    // nextest-style: the flow as classname, the file, the run's (virtual, deterministic) time.
    assert!(
        xml.contains(r#"<testcase name="open hours, balance of a known account" classname="Acme Main IVR" time="0.300" file="fixtures/scenarios/acme-ivr.scenarios.yaml">"#),
        "{xml}"
    );
    assert!(xml.contains("name=\"caller presses 1 and reaches support\""));
    let cov: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&cov).unwrap()).unwrap();
    let flows = cov.as_array().unwrap();
    assert!(flows.iter().all(|f| f["uncoveredEdges"].as_array().unwrap().is_empty()), "{cov:#}");

    // A failure reaches the JUnit file with its message.
    let file = suite(dir.path(), "f.scenarios.yaml", "scenarios:\n  - name: wrong status\n    flow: Inbound_Flow_A\n    expect: {status: failed}\n");
    let o = flowsim(&["test", &file, "--junit-out", junit.to_str().unwrap()]);
    assert_eq!(o.code, 1);
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains("<failure message=\"expected status failed, got completed\""), "{xml}");
}

#[test]
fn filter_tags_and_partitions_select_scenarios() {
    let count = |args: &[&str]| -> usize {
        let mut all = vec!["test", "fixtures/scenarios", "--format", "json"];
        all.extend_from_slice(args);
        let o = flowsim(&all);
        assert_eq!(o.code, 0, "{}", o.stdout);
        let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        json["passed"].as_u64().unwrap() as usize
    };
    assert_eq!(count(&["--tags", "smoke"]), 7);
    assert_eq!(count(&["--filter", "PUBLISHED"]), 4);
    let shards: usize = (1..=3).map(|k| count(&["--partition", &format!("{k}/3")])).sum();
    assert_eq!(shards, 64, "shards cover the suite exactly once");
    let o = flowsim(&["test", "fixtures/scenarios", "--partition", "4/3"]);
    assert_eq!(o.code, 2);
    let o = flowsim(&["test", "fixtures/flows"]);
    assert_eq!(o.code, 2, "no scenario files is bad input, not a green run");
}

/// Issue 14 item 4: a scenario that names what its flows do not have is an error with its
/// place and the nearest name (exit 2), never a test that passes without checking anything;
/// `--lint` checks a suite without running it.
#[test]
fn hollow_scenarios_are_refused_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let flows = root().join("fixtures/archy/flows");
    let data = root().join("fixtures/archy/data");
    let text = format!(
        "flows: {}\nfixtures: [{}]\nscenarios:\n{}",
        flows.display(),
        data.display(),
        r#"  - name: typo in notVisits
    flow: Acme Main IVR
    expect:
      notVisits: [To main menuu]
  - name: typo in variables
    flow: Callback Retry
    expect:
      variables: {Flow.atempt: null}
  - name: typo in outputs
    flow: Callback Retry
    expect:
      outputs: {Flow.reslt: x}
  - name: typo in route
    flow: Acme Main IVR
    expect:
      route: {queueName: Suport}
  - name: typo in mocks
    flow: Callback Retry
    mocks:
      dataActions:
        Get Available Agent: [{outputs: {available: 1}}]
  - name: typo in flow
    flow: Acme Main IRV
  - name: typo in startNode
    flow: Acme Main IVR
    startNode: Main Menuu
  - name: bad input
    flow: Acme Main IVR
    inputs: ["1x"]
  - name: bad mock
    flow: Acme Main IVR
    mocks: {queues: 5}
  - name: a queue named as the flow
    flow: Acme Main IVR
    expect:
      route: {queueName: Acme Main IVR}
  - name: slow mock
    flow: Callback Retry
    mocks:
      dataActions:
        Get Available Agents: [{outputs: {available: 1}, delayMs: "8s"}]
"#
    );
    let path = dir.path().join("h.scenarios.yaml");
    std::fs::write(&path, text).unwrap();
    let file = path.to_str().unwrap();
    for args in [vec!["test", file], vec!["test", "--lint", file]] {
        let o = flowsim(&args);
        assert_eq!(o.code, 2, "{args:?}: {}", o.stdout);
        for (code, line, col, what, hint) in [
            (
                "scenarioUnknownNode",
                7,
                19,
                "no flow has a node or action `To main menuu`",
                "did you mean `To main menu`?",
            ),
            (
                "scenarioUnknownVariable",
                11,
                19,
                "no flow declares, assigns or binds a variable `Flow.atempt`",
                "did you mean `Flow.attempt`?",
            ),
            (
                "scenarioNotOutput",
                15,
                17,
                "`Flow.reslt` is no output variable (isOutput) of flow `Callback Retry`",
                "did you mean `Flow.result`?",
            ),
            (
                "scenarioUnknownQueue",
                19,
                26,
                "route.queueName `Suport` is no queue of the fixtures",
                "did you mean `Support`?",
            ),
            (
                "scenarioUnusedMock",
                24,
                9,
                "the mocked data action `Get Available Agent` is called by no flow",
                "did you mean `Get Available Agents`?",
            ),
            (
                "scenarioUnknownFlow",
                26,
                11,
                "flow `Acme Main IRV` is not among the scenario file's flows",
                "did you mean `Acme Main IVR`?",
            ),
            (
                "scenarioRequest",
                29,
                16,
                "node `Main Menuu` is not a node of flow `Acme Main IVR`",
                "did you mean `Main Menu`?",
            ),
            (
                "scenarioRequest",
                32,
                15,
                "input 1 `1x` is not a digit string",
                "inputs are digit strings",
            ),
            (
                // At the value the author wrote, not at `mocks:`.
                "scenarioMocks",
                35,
                21,
                "the scenario's mocks are invalid: mocks.queues",
                "queues is a list",
            ),
            (
                // A hint in the scenario file's YAML, not a fixture file's JSON.
                "scenarioMocks",
                44,
                67,
                "the scenario's mocks are invalid: mocks.dataActions[\"Get Available Agents\"][0].delayMs: expected a whole number, found string \"8s\"",
                "write a number of milliseconds, without quotes or units: `delayMs: 8000`",
            ),
            (
                "scenarioUnknownQueue",
                39,
                26,
                "route.queueName `Acme Main IVR` is no queue of the fixtures",
                "a run can only route to a queue the fixtures",
            ),
        ] {
            // Diagnostics as `check` prints them: stderr for `test`, the report for `--lint`.
            let said = format!("{}{}", o.stdout, o.stderr);
            let at = format!("h.scenarios.yaml:{line}:{col}\n");
            // Each kind of problem has its own code (`flowsim explain scenarioUnknownNode`).
            let found = said.split("error[").any(|d| {
                d.starts_with(&format!("{code}]: ")) && d.contains(&at) && d.contains(what)
            });
            assert!(found, "{args:?}: wants `{what}` at `{at}` in:\n{said}");
            assert!(said.contains(hint), "{args:?}: {hint}");
        }
        // The caret runs under the whole name, spaces included, up to the YAML punctuation.
        let said = format!("{}{}", o.stdout, o.stderr);
        assert!(
            said.contains(
                "   |       notVisits: [To main menuu]\n   |                   ^^^^^^^^^^^^^\n"
            ),
            "{said}"
        );
    }
    let o = flowsim(&["test", "--lint", "fixtures/scenarios"]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert_eq!(o.stdout, "lint: 7 scenario file(s), 64 scenario(s), 0 problem(s)\n");
}

/// Issue 14 item 2: types survive JSON and compare strictly, and the failure says so: a
/// Decimal 12 is `12.0`, which `12` (an Integer) does not match.
/// A file's problems, errors and warnings alike, are printed in the order of their lines, by
/// `test` and `test --lint`: the file's `stubs:` written after its scenarios comes after them.
#[test]
fn a_files_problems_are_printed_in_line_order() {
    let dir = tempfile::tempdir().unwrap();
    let flows = root().join("fixtures/archy/flows");
    let data = root().join("fixtures/archy/data");
    let text = format!(
        "flows: {}\nfixtures: [{}]\nscenarios:\n  - name: two\n    flow: Acme Main IVRR\n    inputs: [\"1\"]\nstubs:\n  - {{action: No such action, output: success}}\n",
        flows.display(),
        data.display()
    );
    let path = dir.path().join("o.scenarios.yaml");
    std::fs::write(&path, text).unwrap();
    let file = path.to_str().unwrap();
    for args in [vec!["test", file], vec!["test", "--lint", file]] {
        let o = flowsim(&args);
        assert_eq!(o.code, 2, "{args:?}: {}{}", o.stdout, o.stderr);
        let all = format!("{}{}", o.stdout, o.stderr);
        let lines: Vec<&str> = all.lines().filter(|l| l.contains("--> ")).collect();
        let at = |n: &str| lines.iter().position(|l| l.contains(n)).unwrap_or(usize::MAX);
        assert!(lines.len() == 2 && at(".yaml:5:") < at(".yaml:8:"), "{args:?}: {all}");
    }
}

#[test]
fn integers_and_decimals_compare_strictly_and_the_failure_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("w.yaml"),
        "workflow:\n  name: Dec\n  startUpRef: \"/workflow/states/state[S_1]\"\n  variables:\n    - decimalVariable: {name: Flow.amount, initialValue: {lit: 12}, isOutput: true}\n  states:\n    - state:\n        name: S\n        refId: S_1\n        actions:\n          - endWorkflow: {name: End}\n",
    )
    .unwrap();
    let write = |expect: &str| {
        let path = dir.path().join("d.scenarios.yaml");
        std::fs::write(&path, format!("flows: .\nscenarios:\n  - name: d\n    flow: Dec\n    expect: {{outputs: {{Flow.amount: {expect}}}}}\n")).unwrap();
        flowsim(&["test", path.to_str().unwrap()])
    };
    let o = write("12");
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(
        o.stdout.contains("Flow.amount: expected an Integer 12, got a Decimal 12.0 (types compare strictly: write 12.0 to expect it)"),
        "{}",
        o.stdout
    );
    assert_eq!(write("12.0").code, 0);
}

/// Issue 16 item 2 (part): `--fail-fast` stops at the first failure in the stable order
/// (everything before it runs), so its report is the same every time; `--no-fail-fast` (the
/// default) runs everything.
#[test]
fn fail_fast_stops_at_the_first_failure_deterministically() {
    let dir = tempfile::tempdir().unwrap();
    let body = "scenarios:\n  - name: one\n    flow: Inbound_Flow_A\n    inputs: [\"1\"]\n    expect: {status: completed}\n  - name: two fails\n    flow: Inbound_Flow_A\n    expect: {status: failed}\n  - name: three\n    flow: Inbound_Flow_A\n    inputs: [\"1\"]\n  - name: four fails\n    flow: Inbound_Flow_A\n    expect: {status: failed}\n";
    let file = suite(dir.path(), "ff.scenarios.yaml", body);
    let first = flowsim(&["test", &file, "--fail-fast"]);
    assert_eq!(first.code, 1);
    assert!(
        first.stdout.contains(
            "2 scenario(s) not run after the first failure (--fail-fast)\n1 passed, 1 failed\n"
        ),
        "{}",
        first.stdout
    );
    for _ in 0..5 {
        assert_eq!(flowsim(&["test", &file, "--fail-fast"]).stdout, first.stdout);
    }
    let all = flowsim(&["test", &file, "--fail-fast", "--no-fail-fast"]);
    assert!(all.stdout.ends_with("2 passed, 2 failed\n"), "{}", all.stdout);
    assert_eq!(flowsim(&["test", &file, "--fail-fast", "--coverage"]).code, 2, "not with coverage");
}

/// Issue 16 item 3 (part): `--format github` adds one GitHub Actions annotation per failure
/// (on the line of the expectation that failed) and per file error, escaped as the runner requires.
#[test]
fn github_annotations_for_failures_and_file_errors() {
    let dir = tempfile::tempdir().unwrap();
    let file = suite(
        dir.path(),
        "g.scenarios.yaml",
        "scenarios:\n  - name: wrong, status\n    flow: Inbound_Flow_A\n    expect: {status: failed}\n",
    );
    let o = flowsim(&["test", &file, "--format", "github"]);
    assert_eq!(o.code, 1);
    let want = format!(
        "::error file={},line=6,title={} › wrong%2C status::expected status failed, got completed\n",
        file.replace(':', "%3A").replace(',', "%2C"),
        file.replace(':', "%3A").replace(',', "%2C")
    );
    assert!(o.stdout.ends_with(&want), "{}\nwant: {want}", o.stdout);
    let o = flowsim(&["check", "--flows", "tests/data/broken", "--format", "github"]);
    assert_eq!(o.code, 1);
    assert!(
        o.stdout.lines().any(|l| l.starts_with(
            "::error file=tests/data/broken/menu.json,line=15,col=37,title=danglingNextNode::"
        )),
        "{}",
        o.stdout
    );
    assert!(o.stdout.lines().all(|l| l.starts_with("::error ") || l.starts_with("::warning ")));
}

#[test]
fn a_run_error_fails_a_scenario_that_does_not_expect_it() {
    let dir = tempfile::tempdir().unwrap();
    let archy = root().join("fixtures/archy");
    let body = |expect: &str| {
        format!(
            "flows: {}\nfixtures: [{}]\nscenarios:\n  - name: hours the fixtures lack\n    flow: Acme Main IVR\n    context: {{startTime: \"2026-01-06T15:00:00Z\"}}\n    mocks:\n      scheduleGroups: [{{id: g-acme, name: Old Hours, timeZone: America/New_York, openSchedules: [Weekdays]}}]\n    expect: {expect}\n",
            archy.join("flows").display(),
            archy.join("data").display()
        )
    };
    let file = dir.path().join("hours.scenarios.yaml");

    // The missing schedule group's error disconnects the call through the flow's error
    // handling: the status alone does not pass.
    std::fs::write(&file, body("{status: disconnected}")).unwrap();
    let o = flowsim(&["test", file.to_str().unwrap()]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(
        o.stdout.contains("the run ended in error scheduleGroupNotFound at Acme Main IVR/"),
        "names the error and where: {}",
        o.stdout
    );
    assert!(
        o.stdout.contains("error: {kind: scheduleGroupNotFound}"),
        "says how to expect it: {}",
        o.stdout
    );

    // Expected by kind, or by the failed status of a run that ends there: it passes.
    std::fs::write(&file, body("{status: disconnected, error: {kind: scheduleGroupNotFound}}"))
        .unwrap();
    let o = flowsim(&["test", file.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stdout);
}

/// A status that is a run error (`stepLimit`, `timeout`) expects that error: the scenario that
/// says `status: stepLimit` passes when the run stops at its step limit, and fails, naming the
/// error, when the run stops for another reason. (The caller answers after 5 s of virtual
/// time, past a 1 ms timeout.)
#[test]
fn a_status_that_is_a_run_error_expects_that_error() {
    let dir = tempfile::tempdir().unwrap();
    let body = |limits: &str, status: &str| {
        format!(
            "flows: {}\nscenarios:\n  - name: too long\n    flow: Inbound_Flow_A\n    inputs: [{{digits: \"1\", delaySeconds: 5}}]\n{limits}    expect: {{status: {status}}}\n",
            root().join("fixtures/flows").display()
        )
    };
    let file = dir.path().join("limits.scenarios.yaml");
    let test = |text: String| {
        std::fs::write(&file, text).unwrap();
        flowsim(&["test", file.to_str().unwrap()])
    };
    let o = test(body("    maxSteps: 2\n", "stepLimit"));
    assert_eq!(o.code, 0, "the step limit is what the scenario expects: {}", o.stdout);
    let o = test(body("    timeout: 1\n", "timeout"));
    assert_eq!(o.code, 0, "the timeout is what the scenario expects: {}", o.stdout);
    // Another status, or the other error, still fails it.
    let o = test(body("    maxSteps: 2\n", "completed"));
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(o.stdout.contains("the run ended in error stepLimit"), "{}", o.stdout);
    let o = test(body("    maxSteps: 2\n", "timeout"));
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(o.stdout.contains("expected status timeout, got stepLimit"), "{}", o.stdout);
}

/// A large scenario file is read on every core: the same scenarios as in one piece, and a
/// problem in its second half reported at its own line and column.
#[test]
fn a_large_scenario_file_reads_as_in_one_piece() {
    use std::fmt::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let mut body = "scenarios:\n".to_owned();
    for i in 0..3_000 {
        let _ = write!(
            body,
            "  - name: scenario {i}\n    flow: Inbound_Flow_A\n    context: {{from: '+15551234567'}}\n    inputs: [\"1\"]\n    expect:\n      status: completed\n      visits: [RouteToAgent]\n"
        );
    }
    let file = suite(dir.path(), "big.scenarios.yaml", &body);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.len() > 256 << 10, "large enough to be read in parts");
    let o = flowsim(&["test", &file, "--filter", "scenario 2999", "--format", "json"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!((json["passed"].as_u64(), json["skipped"].as_u64()), (Some(1), Some(2_999)));
    // The line of the 2,501st scenario's `status:` (its name's line, counted to mid-line, + 5).
    let at = text.find("name: scenario 2500\n").unwrap();
    let line = text[..at].lines().count() + 5;
    for (from, to, column, what) in [
        ("      status: completed", "      stauts: completed", 7, "stauts"),
        ("      visits: [RouteToAgent]", "      visits: [RouteToAgnt]", 16, "RouteToAgnt"),
    ] {
        let mut bad = text.clone();
        let i = at + bad[at..].find(from).unwrap();
        bad.replace_range(i..i + from.len(), to);
        std::fs::write(&file, bad).unwrap();
        let o = flowsim(&["test", &file, "--filter", "zzzz"]);
        assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
        let place = if what == "stauts" { line } else { line + 1 };
        assert!(o.stderr.contains(&format!("big.scenarios.yaml:{place}:{column}")), "{}", o.stderr);
        assert!(o.stderr.contains(what), "{}", o.stderr);
    }
}

/// A large scenario file (read in parts, by the scenario reader written by hand) keeps every
/// load error as reading it whole gives it: the message, the node's path, the file, line and
/// column, for a mistake in its last scenarios.
#[test]
fn a_late_mistake_in_a_large_scenario_file_keeps_its_place() {
    use std::fmt::Write as _;
    let mut body = "scenarios:\n".to_owned();
    for i in 0..3_000 {
        let _ = write!(
            body,
            "  - name: 'scenario {i}'\n    flow: Inbound_Flow_A\n    context:\n      from: '+15551234567'\n    inputs:\n      - '1'\n    expect:\n      status: completed\n      visits:\n        - SayHello\n"
        );
    }
    let at = body.find("  - name: 'scenario 2990'").unwrap();
    let line = body[..at].lines().count() + 3; // the file's `flows` and `fixtures` lines
    let cases = [
        (
            "      status: completed\n",
            "      stauts: completed\n",
            7,
            7,
            "scenarios[2990].expect: unknown field `stauts`",
        ),
        (
            "      status: completed\n",
            "      status: done\n",
            7,
            15,
            "scenarios[2990].expect.status: unknown variant `done`",
        ),
        (
            "      - '1'\n",
            "      - 1\n",
            5,
            9,
            "scenarios[2990].inputs[0]: invalid type: integer `1`",
        ),
        (
            "    flow: Inbound_Flow_A\n",
            "    flow: Inbound_Flow_A\n    flow: X\n",
            2,
            5,
            "scenarios[2990]: duplicate key `flow`",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (was, now, below, column, message)) in cases.into_iter().enumerate() {
        let k = at + body[at..].find(was).unwrap();
        let text = format!("{}{now}{}", &body[..k], &body[k + was.len()..]);
        let file = suite(dir.path(), &format!("late{i}.scenarios.yaml"), &text);
        assert!(std::fs::metadata(&file).unwrap().len() > 256 << 10, "read in parts");
        let o = flowsim(&["test", &file, "--filter", "nothing"]);
        assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
        assert!(o.stderr.contains(message), "{message}: {}", o.stderr);
        let place = format!("late{i}.scenarios.yaml:{}:{column}", line + below);
        assert!(o.stderr.contains(&place), "{place}: {}", o.stderr);
    }
}

/// Issue 76: a scenario file's mistakes are reported all at once, one per bad scenario (and
/// the file's own keys), in line order, each at what the author wrote, by `test` and
/// `test --lint` alike: not one a run.
#[test]
fn every_mistake_of_a_scenario_file_is_reported_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let flows = root().join("fixtures/archy/flows");
    let text = format!(
        "flows: {}\nscenarios:\n{}",
        flows.display(),
        r"  - name: one
    flow: Acme Main IVR
    expect:
      stauts: transferred
  - name: two
    flw: Acme Main IVR
  - name: fine
    flow: Acme Main IVR
  - name: three
    flow: Acme Main IVR
    inputs: timeout
fixtures: 5
"
    );
    let path = dir.path().join("m.scenarios.yaml");
    std::fs::write(&path, text).unwrap();
    let file = path.to_str().unwrap();
    for args in [vec!["test", file], vec!["test", "--lint", file]] {
        let o = flowsim(&args);
        assert_eq!(o.code, 2, "{args:?}: {}{}", o.stdout, o.stderr);
        let said = format!("{}{}", o.stdout, o.stderr);
        let places: Vec<&str> = said
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("--> "))
            .filter_map(|l| l.rsplit_once("m.scenarios.yaml:").map(|(_, at)| at))
            .collect();
        assert_eq!(places, ["6:7", "8:5", "13:13", "14:11"], "{args:?}: {said}");
        for what in [
            "scenarios[0].expect: unknown field `stauts` (did you mean `status`?)",
            "scenarios[1]: unknown field `flw` (did you mean `flow`?)",
            "scenarios[3].inputs: invalid type: string \"timeout\", expected a sequence",
            "fixtures: data did not match",
        ] {
            assert!(said.contains(what), "{args:?}: wants `{what}` in:\n{said}");
        }
    }
}
