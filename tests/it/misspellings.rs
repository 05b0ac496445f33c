//! A misspelt property where the user looks: when an action lacks a required property and has
//! a key flowsim does not read whose nearest property is the missing one, the `missingProperty`
//! error names the key, at its line and column, in `check`, `run` and `test` alike; no
//! `unknownProperty` warning repeats it. A misspelt optional property is an `unknownProperty`
//! error with its fix, and a missing property with no such key stays the plain error.

use crate::cli::{flowsim_in, Output};

/// A Transfer to ACD whose queue is written under `queue_key` (line 7), with a misspelt
/// optional key when `optional_typo` (`preTransferAudo`, line 10).
fn transfer(queue_key: &str, optional_typo: bool) -> String {
    let audio = if optional_typo { "preTransferAudo" } else { "preTransferAudio" };
    format!(
        "inboundCall:
  name: Probe
  division: Home
  startUpTaskActions:
    - transferToAcd:
        name: Transfer
        {queue_key}:
          lit:
            name: Services
        {audio}:
          tts: Hold on
"
    )
}

/// `check`, `run` and `test` on flow `Probe` written in `file` of a fresh folder.
fn check_run_test(file: &str, flow: &str) -> [Output; 3] {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(file), flow).unwrap();
    std::fs::write(
        dir.path().join("probe.scenarios.yaml"),
        format!("flows: {file}\nscenarios:\n  - name: runs\n    flow: Probe\n    expect: {{status: completed}}\n"),
    )
    .unwrap();
    [
        flowsim_in(dir.path(), &["check", "--flows", file]),
        flowsim_in(dir.path(), &["run", "Probe", "--flows", file]),
        flowsim_in(dir.path(), &["test", "probe.scenarios.yaml"]),
    ]
}

#[test]
fn a_misspelt_required_property_is_named_by_its_missing_property_error() {
    let [check, run, test] = check_run_test("bad.yaml", &transfer("targetQueu", false));
    let help = "help: `targetQueu` looks like a misspelling of `targetQueue`: rename it";
    for (what, o, text) in [
        ("check", &check, &check.stdout),
        ("run", &run, &run.stderr),
        ("test", &test, &test.stderr),
    ] {
        let all = format!("{}{}", o.stdout, o.stderr);
        assert_ne!(o.code, 0, "{what}: {all}");
        assert!(text.contains("error[missingProperty]: "), "{what}: {all}");
        assert!(text.contains("`targetQueue` is required here"), "{what}: {all}");
        assert!(text.contains("bad.yaml:7:9"), "{what}: the typo's place: {all}");
        assert!(text.contains(help), "{what}: {all}");
        assert!(!all.contains("unknownProperty"), "{what}: said once: {all}");
    }
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(check.stdout.contains("1 error(s), 0 warning(s)"), "{}", check.stdout);
}

/// A misspelt optional property is an error with did-you-mean and, as only one property is
/// that near, the rename as its fix: the action would otherwise run without it.
#[test]
fn a_misspelt_optional_property_is_an_error_with_its_fix() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.yaml"), transfer("targetQueue", true)).unwrap();
    let check = flowsim_in(dir.path(), &["check", "--flows", "bad.yaml"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(check.stdout.contains("error[unknownProperty]"), "{}", check.stdout);
    assert!(check.stdout.contains("did you mean `preTransferAudio`?"), "{}", check.stdout);
    assert!(check.stdout.contains("bad.yaml:10:9"), "{}", check.stdout);
    assert!(!check.stdout.contains("missingProperty"), "{}", check.stdout);
    let json = flowsim_in(dir.path(), &["check", "--flows", "bad.yaml", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        report["diagnostics"][0]["fix"],
        serde_json::json!({"line": 10, "column": 9, "old": "preTransferAudo", "new": "preTransferAudio"})
    );
}

/// `digit:` in a Collect Input misspells `digits` (a key its irregular reading owns): an error
/// with its fix, where it was a warning with no did-you-mean and the action took one digit.
#[test]
fn a_misspelt_digits_is_an_error_with_its_fix() {
    let flow = "inboundCall:
  name: Probe
  division: Home
  startUpTaskActions:
    - collectInput:
        name: Get PIN
        inputData: Flow.pin
        digit:
          exact: 4
    - disconnect:
        name: Bye
";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pin.yaml"), flow).unwrap();
    let o = flowsim_in(dir.path(), &["check", "--flows", "pin.yaml", "--format", "json"]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    let report: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let d = &report["diagnostics"][0];
    assert_eq!(
        (d["severity"].as_str(), d["code"].as_str()),
        (Some("error"), Some("unknownProperty")),
        "{d}"
    );
    assert!(d["help"].as_str().unwrap().starts_with("did you mean `digits`?"), "{d}");
    assert_eq!(
        d["fix"],
        serde_json::json!({"line": 8, "column": 9, "old": "digit", "new": "digits"})
    );
}

#[test]
fn a_missing_property_with_no_near_key_is_the_plain_error() {
    let [check, run, _] = check_run_test("bad.yaml", &transfer("somethingElse", false));
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(check.stdout.contains("error[missingProperty]: `targetQueue` is required here"));
    // At the action, as before; the unrelated key is its own warning.
    assert!(check.stdout.contains("bad.yaml:6:9"), "{}", check.stdout);
    assert!(!check.stdout.contains("misspelling"), "{}", check.stdout);
    assert!(check.stdout.contains("warning[unknownProperty]"), "{}", check.stdout);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!run.stderr.contains("misspelling"), "{}", run.stderr);
}

/// The same in a seeds' JSON flow: a Say's `sayTxt` is named by the error that `sayText` is
/// required, and by no warning; the error stands on the misspelt key's entry (a JSON flow's
/// diagnostics point at a property's value), not at its node.
#[test]
fn a_json_nodes_misspelt_required_property_is_named_by_its_error() {
    let flow = r#"{"name": "Probe", "type": "inbound", "draft": {"startNode": "Bye", "nodes": {
  "Bye": {"type": "Say", "properties": {"sayTxt": "Bye"}}}}}"#;
    let [check, run, _] = check_run_test("f.json", flow);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let help = "help: `sayTxt` looks like a misspelling of `sayText`: rename it";
    for text in [&check.stdout, &run.stderr] {
        assert!(text.contains("error[missingProperty]: `sayText` is required"), "{text}");
        assert!(text.contains(help), "{text}");
        assert!(text.contains("f.json:2:51"), "the typo's entry: {text}");
        assert!(!text.contains("unknownProperty"), "{text}");
    }
}

/// A misspelt declaration key (`booleanVarible`): the warning that it is no declaration names
/// the declaration it looks like, at the key's line and column.
#[test]
fn a_misspelt_variable_declaration_names_the_declaration_it_looks_like() {
    let flow = "inboundCall:
  name: Probe
  division: Home
  variables:
    - booleanVarible:
        name: Flow.Done
        initialValue:
          lit: false
  startUpTaskActions:
    - disconnect:
        name: Bye
";
    let [check, ..] = check_run_test("bad.yaml", flow);
    let out = &check.stdout;
    assert!(
        out.contains("warning[unknownProperty]: `booleanVarible` is not a variable declaration"),
        "{out}"
    );
    assert!(out.contains("bad.yaml:5:7"), "the key's place: {out}");
    assert!(out.contains("help: did you mean `booleanVariable`?"), "{out}");
}

/// Keys of a flow, a state or a menu that Archy's format does not have: one near a key flowsim
/// reads is an error with its did-you-mean and fix (`divisions`, `settingsMenus`), any other a
/// warning that it is ignored (`settingsInboundCall`, a menu's `actions`); a list of states
/// written as a mapping is an error, not a flow without states.
#[test]
fn a_flows_or_containers_key_archy_lacks_is_named() {
    let flow = "inboundCall:
  name: Probe
  divisions: Home
  settingsMenus:
    menuSelectionTimeout: {lit: {seconds: 3}}
  settingsInboundCall: {}
  startUpRef: \"/inboundCall/menus/menu[M_1]\"
  menus:
    - menu:
        name: Main
        refId: M_1
        audio: {tts: Hello}
        actions: []
        choices:
          - menuDisconnect: {name: Bye, dtmf: digit_1}
";
    let [check, ..] = check_run_test("bad.yaml", flow);
    let out = &check.stdout;
    for want in [
        "error[unknownProperty]: the inboundCall flow has no key `divisions` that flowsim reads",
        "bad.yaml:3:3",
        "help: did you mean `division`?",
        "error[unknownProperty]: the inboundCall flow has no key `settingsMenus`",
        "help: did you mean `settingsMenu`?",
        "warning[unknownProperty]: the inboundCall flow has no key `settingsInboundCall`",
        "warning[unknownProperty]: menu `Main` has no key `actions` that flowsim reads",
    ] {
        assert!(out.contains(want), "{want}: {out}");
    }
    assert_eq!(check.code, 1, "{out}");

    let states = "inboundCall:
  name: Probe
  startUpRef: \"/inboundCall/states/state[S_1]\"
  states:
    state:
      name: S
      refId: S_1
      actions: []
";
    let [check, ..] = check_run_test("states.yaml", states);
    assert!(
        check.stdout.contains("error[badPropertyType]: `states` is a list (`- state: {name, refId, ...}`), not a mapping"),
        "{}",
        check.stdout
    );
}
