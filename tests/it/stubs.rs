//! Stubs (docs/scenarios.md, `stubs`): a scenario or a fixture file says what an action does
//! instead of its semantics; an action that runs only from a stub and has none fails with the
//! stub to write; a malformed stub is refused at its file, line and column.

use crate::cli::{flowsim, flowsim_in};
use crate::support::root;
use std::path::Path;

/// A flow with Encrypt Data (success: "encrypted", failure: "failed"), then a counter and a
/// disconnect; with a loop of two passes around it when `twice`.
const FLOW: &str = "\
inboundCall:
  name: Payments
  defaultLanguage: en-us
  startUpRef: \"/inboundCall/tasks/task[Main_10]\"
  initialGreeting:
    tts: Hello
  variables:
    - stringVariable:
        name: Flow.cipher
    - integerVariable:
        name: Flow.count
        initialValue:
          lit: 0
    - integerVariable:
        name: Flow.i
  tasks:
    - task:
        name: Main
        refId: Main_10
        actions:
          - loop:
              name: Twice
              currentIndex: {var: Flow.i}
              loopCount: {lit: 2}
              outputs:
                loop:
                  actions:
                    - encryptData:
                        name: Encrypt card number
                        outputs:
                          success:
                            actions:
                              - playAudio: {name: Encrypted, audio: {tts: encrypted}}
                          failure:
                            actions:
                              - playAudio: {name: Not encrypted, audio: {tts: failed}}
          - disconnect:
              name: Bye
";

/// A folder with the flow in `flows/` and `files` (name, text) beside it.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("flows")).unwrap();
    std::fs::write(dir.path().join("flows/pay.yaml"), FLOW).unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn test_in(dir: &Path, file: &str) -> crate::cli::Output {
    flowsim_in(dir, &["test", file])
}

#[test]
fn a_scenario_that_stubs_encrypt_data_passes_and_its_trace_says_so() {
    let dir = project(&[(
        "pay.scenarios.yaml",
        "flows: flows
scenarios:
  - name: encrypted
    flow: Payments
    stubs:
      - action: Encrypt card number
        output: success
        set: {Flow.cipher: abc, Flow.count: {exp: \"Flow.count + 1\"}}
    expect:
      status: disconnected
      prompts: [Hello, encrypted, encrypted]
      variables: {Flow.cipher: abc, Flow.count: 2}
",
    )]);
    let o = test_in(dir.path(), "pay.scenarios.yaml");
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    // `check` says a run needs a stub, as a warning: the flow loads and validates.
    let o = flowsim_in(dir.path(), &["check", "--flows", "flows"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout.contains("warning[needsStub]: `encryptData` runs from a stub"),
        "{}",
        o.stdout
    );
}

#[test]
fn without_a_stub_the_scenario_fails_with_the_stub_to_write() {
    let dir = project(&[(
        "pay.scenarios.yaml",
        "flows: flows
scenarios:
  - name: no stub
    flow: Payments
    expect: {status: disconnected}
",
    )]);
    let o = test_in(dir.path(), "pay.scenarios.yaml");
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    for want in [
        "needsStub at Payments/Main/Encrypt card number",
        "stubs:",
        "- action: Encrypt card number    # or id: Main/Encrypt card number",
        "output: success    # one of: success, failure",
    ] {
        assert!(o.stdout.contains(want), "{want}\n{}", o.stdout);
    }
}

#[test]
fn per_visit_stubs_take_each_visits_output_and_then_repeat_the_last() {
    let dir = project(&[(
        "pay.scenarios.yaml",
        "flows: flows
scenarios:
  - name: fails then succeeds
    flow: Payments
    stubs:
      - action: Encrypt card number
        visits: [{output: failure}, {output: success, set: {Flow.cipher: second}}]
    expect:
      prompts: [Hello, failed, encrypted]
      variables: {Flow.cipher: second}
",
    )]);
    let o = test_in(dir.path(), "pay.scenarios.yaml");
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let o = flowsim_in(dir.path(), &["test", "pay.scenarios.yaml", "--format", "json"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
}

#[test]
fn a_malformed_stub_is_refused_at_its_line_and_column() {
    for (stub, want) in [
        (
            "{action: Encrypt card numbr, output: success}",
            "no action has the name `Encrypt card numbr`",
        ),
        ("{id: nowhere, output: success}", "no action has the id `nowhere`"),
        ("{action: Encrypt card number, output: sucess}", "has no output `sucess`"),
        (
            "{action: Encrypt card number, output: success, set: {Flow.count: abc}}",
            "`Flow.count` is declared `integer`",
        ),
    ] {
        let text = format!(
            "flows: flows\nscenarios:\n  - name: bad\n    flow: Payments\n    stubs:\n      - {stub}\n"
        );
        let dir = project(&[("pay.scenarios.yaml", &text)]);
        let o = test_in(dir.path(), "pay.scenarios.yaml");
        assert_eq!(o.code, 2, "{stub}: {}{}", o.stdout, o.stderr);
        let all = format!("{}{}", o.stdout, o.stderr);
        assert!(all.contains(want), "{want}\n{all}");
        assert!(all.contains("pay.scenarios.yaml:6:"), "placed on the stub's line: {all}");
    }
}

#[test]
fn an_ambiguous_name_names_its_candidates_and_flow_narrows_it() {
    let second = FLOW.replace("name: Payments", "name: Refunds");
    let dir = project(&[(
        "pay.scenarios.yaml",
        "flows: flows
scenarios:
  - name: ambiguous
    flow: Payments
    stubs: [{action: Encrypt card number, output: success}]
",
    )]);
    std::fs::write(dir.path().join("flows/refund.yaml"), second).unwrap();
    let o = test_in(dir.path(), "pay.scenarios.yaml");
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    let all = format!("{}{}", o.stdout, o.stderr);
    assert!(all.contains("2 actions have the name `Encrypt card number`"), "{all}");
    assert!(all.contains("in flow `Payments`") && all.contains("in flow `Refunds`"), "{all}");
    let narrowed = "flows: flows
scenarios:
  - name: narrowed
    flow: Payments
    stubs: [{action: Encrypt card number, flow: Payments, output: success}]
    expect: {prompts: [Hello, encrypted, encrypted]}
";
    std::fs::write(dir.path().join("pay.scenarios.yaml"), narrowed).unwrap();
    let o = test_in(dir.path(), "pay.scenarios.yaml");
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
}

#[test]
fn a_stub_replaces_a_simulated_data_action_to_reach_its_failure_path() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "flows: {}
fixtures: [{}]
scenarios:
  - name: a known account whose lookup fails
    flow: Acme Main IVR
    context: {{startTime: \"2026-01-06T15:00:00Z\"}}
    inputs: [\"1\", \"123456\"]
    stubs: [{{action: Get balance, output: failure}}]
    expect:
      visits: [Balance unavailable]
      notVisits: [Say balance]
",
        root().join("fixtures/archy/flows").display(),
        root().join("fixtures/archy/data").display()
    );
    let file = dir.path().join("acme.scenarios.yaml");
    std::fs::write(&file, text).unwrap();
    let o = flowsim(&["test", file.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
}

#[test]
fn a_fixture_files_stub_runs_with_flowsim_run_and_a_scenarios_stub_wins_over_it() {
    let fixture = "stubs:\n  - action: Encrypt card number\n    output: failure\n";
    let dir = project(&[
        ("stubs.yaml", fixture),
        (
            "pay.scenarios.yaml",
            "flows: flows
fixtures: [stubs.yaml]
scenarios:
  - name: the fixture's stub
    flow: Payments
    expect: {prompts: [Hello, failed, failed]}
  - name: the scenario's stub wins
    flow: Payments
    stubs: [{action: Encrypt card number, output: success}]
    expect: {prompts: [Hello, encrypted, encrypted]}
",
        ),
    ]);
    let o = flowsim_in(
        dir.path(),
        &["run", "--flows", "flows", "--fixtures", "stubs.yaml", "Payments"],
    );
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("→ failure  (stubbed, visit 1)"), "{}", o.stdout);
    assert!(o.stdout.contains("(stubbed, visit 2)"), "{}", o.stdout);
    let o = flowsim_in(
        dir.path(),
        &["run", "--flows", "flows", "--fixtures", "stubs.yaml", "Payments", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let steps = json["trace"].as_array().unwrap();
    let stubbed: Vec<&serde_json::Value> =
        steps.iter().filter(|s| s["result"]["stub"].is_number()).collect();
    assert_eq!(stubbed.len(), 2, "{}", o.stdout);
    assert_eq!(stubbed[1]["result"]["stub"], 2);
    let o = test_in(dir.path(), "pay.scenarios.yaml");
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);

    // A fixture file's malformed stub refuses `run`, at the file's line and column.
    std::fs::write(
        dir.path().join("stubs.yaml"),
        "stubs:\n  - action: Encrypt card number\n    output: maybe\n",
    )
    .unwrap();
    let o = flowsim_in(
        dir.path(),
        &["run", "--flows", "flows", "--fixtures", "stubs.yaml", "Payments"],
    );
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    let all = format!("{}{}", o.stdout, o.stderr);
    assert!(all.contains("stubs.yaml:3:13"), "{all}");
    assert!(all.contains("has no output `maybe`"), "{all}");
}

#[test]
fn explore_with_a_stub_reaches_every_output_of_the_stubbed_action_without_forcing() {
    let dir = project(&[("stubs.yaml", "stubs: [{action: Encrypt card number}]\n")]);
    let o = flowsim_in(
        dir.path(),
        &["explore", "--flows", "flows", "--fixtures", "stubs.yaml", "Payments"],
    );
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("(0 forced)"), "{}", o.stdout);
    assert!(o.stdout.contains("100%"), "{}", o.stdout);
    // Without the stub the run stops at the action: its outputs are not reached.
    let o = flowsim_in(dir.path(), &["explore", "--flows", "flows", "Payments"]);
    assert!(!o.stdout.contains("(0 forced)") || !o.stdout.contains("100%"), "{}", o.stdout);
}

#[test]
fn check_org_does_not_ask_the_org_about_what_a_stubbed_action_names() {
    let dir = tempfile::tempdir().unwrap();
    let stubs = dir.path().join("stubs.yaml");
    std::fs::write(
        &stubs,
        "stubs:\n  - {action: To VIP queue}\n  - {action: Get balance, output: success}\n",
    )
    .unwrap();
    let flows = root().join("fixtures/archy/flows");
    let org = root().join("fixtures/org/staging.yaml");
    let args = ["check", flows.to_str().unwrap(), "--org", org.to_str().unwrap()];
    let o = flowsim(&args);
    assert!(o.stdout.contains("queue `VIP` is not in the org"), "{}", o.stdout);
    assert!(o.stdout.contains("`Get Account Balance` has no output `balance`"), "{}", o.stdout);
    let mut with_stubs = args.to_vec();
    with_stubs.extend(["--fixtures", stubs.to_str().unwrap()]);
    let o = flowsim(&with_stubs);
    assert!(!o.stdout.contains("queue `VIP` is not in the org"), "{}", o.stdout);
    assert!(!o.stdout.contains("`Get Account Balance` has no output"), "{}", o.stdout);
    assert!(o.stdout.contains("data table `Branch Offices` has no column"), "{}", o.stdout);
}

#[test]
fn mutate_leaves_a_stubbed_actions_semantics_out_of_the_score() {
    let flow = FLOW.replace(
        "          - disconnect:\n              name: Bye\n",
        "          - decision:
              name: Many
              condition: {exp: \"Flow.count > 5\"}
              outputs:
                yes:
                  actions:
                    - playAudio: {name: Lots, audio: {tts: lots}}
          - disconnect:
              name: Bye
",
    );
    let dir = project(&[(
        "pay.scenarios.yaml",
        "flows: flows
scenarios:
  - name: many
    flow: Payments
    stubs:
      - {action: Encrypt card number, output: success}
      - {action: Many, output: yes}
    expect: {prompts: [Hello, encrypted, encrypted, lots]}
",
    )]);
    std::fs::write(dir.path().join("flows/pay.yaml"), flow).unwrap();
    let o = flowsim_in(dir.path(), &["mutate", "pay.scenarios.yaml", "--format", "json"]);
    let json: serde_json::Value =
        serde_json::from_str(&o.stdout).unwrap_or_else(|_| panic!("{}{}", o.stdout, o.stderr));
    let of_many: Vec<&serde_json::Value> = json["report"]["mutants"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["action"].as_str().is_some_and(|a| a.contains("Many")))
        .collect();
    let outcome =
        |op: &str| of_many.iter().find(|m| m["operator"] == op).map(|m| m["outcome"].clone());
    // The comparison and its constant are the decision's semantics, which the stub replaces.
    assert_eq!(outcome("negateComparison"), Some("stubbed".into()), "{of_many:#?}");
    assert_eq!(outcome("changeConstant"), Some("stubbed".into()), "{of_many:#?}");
    // Its outputs are still the flow's: swapping them changes the run, and the scenario sees it.
    assert_eq!(outcome("flipDecision"), Some("killed".into()), "{of_many:#?}");
    assert_eq!(json["stubbed"], 2, "{}", o.stdout);
}
