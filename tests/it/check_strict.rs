//! `check` catches what a run would trip on: a literal of the wrong type in a typed property
//! (an error where the run would fail, naming the action, the property, the type wanted and the
//! value given), a String condition (a warning, with what Architect does with it), and one
//! message per mistake (a dangling reference is not followed by a warning per action it leaves
//! unreached).

use crate::cli::flowsim_in;

/// An inbound call flow whose start runs `action` (YAML at the indentation of a list item of
/// `startUpTaskActions`), then disconnects.
fn flow(action: &str) -> String {
    format!(
        "inboundCall:\n  name: Probe\n  division: Home\n  variables:\n    - stringVariable: {{name: Flow.s, initialValue: {{lit: x}}}}\n  startUpTaskActions:\n{action}    - disconnect:\n        name: Bye\n"
    )
}

/// Each case: the action with a literal of the wrong type, the property `check` names, the
/// line and column of the literal, and the same action with the value computed (so that check
/// cannot know it), which a run fails on that action and property with `conversion`.
const CASES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "    - collectInput:\n        name: Get\n        inputData: Flow.s\n        digits:\n          exact: \"four\"\n",
        // Check names the key the author wrote; the run names the property it converts.
        "digits.exact",
        "probe.yaml:11:19",
        "    - collectInput:\n        name: Get\n        inputData: Flow.s\n        digits:\n          exact: {exp: 'Append(\"fo\", \"ur\")'}\n",
        "--input=1234",
    ),
    (
        "    - dialByExtension:\n        name: Get\n        numReprompts: {lit: many}\n",
        "numReprompts",
        "probe.yaml:9:29",
        "    - dialByExtension:\n        name: Get\n        numReprompts: {exp: 'Append(\"ma\", \"ny\")'}\n",
        "--input=1",
    ),
    (
        "    - loop:\n        name: Get\n        loopCount: {lit: many}\n",
        "loopCount",
        "probe.yaml:9:26",
        "    - loop:\n        name: Get\n        loopCount: {exp: 'Append(\"ma\", \"ny\")'}\n",
        "--input=1",
    ),
];

#[test]
fn a_literal_of_the_wrong_type_is_an_error_where_a_run_fails() {
    for (literal, property, place, computed, input) in CASES {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("probe.yaml"), flow(literal)).unwrap();
        let check = flowsim_in(
            dir.path(),
            &["check", "--strict", "--color", "never", "--flows", "probe.yaml"],
        );
        assert_eq!(check.code, 1, "{property}: {}{}", check.stdout, check.stderr);
        let out = &check.stdout;
        assert!(out.contains("error[badPropertyType]: `"), "{out}");
        assert!(out.contains(&format!("`'s `{property}` must be ")), "{property}: {out}");
        assert!(
            out.contains(&format!(
                "--> {place}: flow `Probe`, node `startUpTask/Get`, property `{property}`"
            )),
            "{property}: {out}"
        );
        assert!(out.contains("1 error(s), 0 warning(s)"), "one message for the mistake: {out}");
        // The same value computed: check passes, the run fails on that action and property.
        std::fs::write(dir.path().join("probe.yaml"), flow(computed)).unwrap();
        let check = flowsim_in(dir.path(), &["check", "--flows", "probe.yaml"]);
        assert_eq!(check.code, 0, "{property}: {}", check.stdout);
        let run = flowsim_in(
            dir.path(),
            &["run", "Probe", "--flows", "probe.yaml", input, "--format", "json"],
        );
        let result: serde_json::Value = serde_json::from_str(&run.stdout).expect("a result");
        assert_eq!(result["error"]["kind"], "conversion", "{property}: {}", run.stdout);
        assert_eq!(result["error"]["nodeId"], "startUpTask/Get", "{property}: {}", run.stdout);
        let converted = if *property == "digits.exact" { "digitsMax" } else { property };
        assert!(result["error"]["message"].as_str().unwrap().contains(converted), "{}", run.stdout);
    }
}

/// A literal that converts as Architect converts it (`"4"` for an Integer) is that value: no
/// error, and the run takes four digits.
#[test]
fn a_literal_that_converts_is_its_value() {
    let dir = tempfile::tempdir().unwrap();
    let action = "    - collectInput:\n        name: Get\n        inputData: Flow.s\n        digits:\n          exact: \"4\"\n";
    std::fs::write(dir.path().join("probe.yaml"), flow(action)).unwrap();
    let check = flowsim_in(dir.path(), &["check", "--strict", "--flows", "probe.yaml"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let run = flowsim_in(
        dir.path(),
        &["run", "Probe", "--flows", "probe.yaml", "--input=1234", "--format", "json"],
    );
    let result: serde_json::Value = serde_json::from_str(&run.stdout).expect("a result");
    assert_eq!(result["variables"]["Flow.s"], "1234", "{}", run.stdout);
}

/// A String in a Decision is legal and converted with ToBool: a warning that says so, with what
/// to write instead; the run then fails with `notSet` for text ToBool does not read.
#[test]
fn a_string_condition_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let action = "    - decision:\n        name: Flagged\n        condition: {exp: Flow.s}\n    - decision:\n        name: Quoted\n        condition: \"true\"\n";
    std::fs::write(dir.path().join("probe.yaml"), flow(action)).unwrap();
    let check = flowsim_in(dir.path(), &["check", "--color", "never", "--flows", "probe.yaml"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let out = &check.stdout;
    assert!(out.contains("warning[stringCondition]: `decision`'s `condition` is `Flow.s`, a String: Architect converts it with ToBool"), "{out}");
    assert!(
        out.contains(
            "help: compare it with the text you mean (`Flow.s == \"yes\"`), or make it a Boolean"
        ),
        "{out}"
    );
    assert!(
        out.contains("warning[stringCondition]: `decision`'s `condition` is the text \"true\""),
        "{out}"
    );
    assert!(out.contains("help: write the Boolean `true`, not the text \"true\""), "{out}");
    assert!(out.contains("0 error(s), 2 warning(s)"), "{out}");
    let run =
        flowsim_in(dir.path(), &["run", "Probe", "--flows", "probe.yaml", "--format", "json"]);
    let result: serde_json::Value = serde_json::from_str(&run.stdout).expect("a result");
    assert_eq!(result["error"]["kind"], "notSet", "{}", run.stdout);
}

/// A flow whose start jumps to the task `target` names; the task `Payment` has four actions.
fn jumping(target: &str) -> String {
    format!(
        "inboundCall:
  name: Dangle
  division: Home
  startUpRef: \"/inboundCall/tasks/task[Main_10]\"
  tasks:
    - task:
        name: Main
        refId: Main_10
        actions:
          - jumpToTask:
              name: Go
              targetTaskRef: \"/inboundCall/tasks/task[{target}]\"
    - task:
        name: Payment
        refId: Payment_20
        actions:
          - playAudio: {{name: A1, audio: {{tts: one}}}}
          - playAudio: {{name: A2, audio: {{tts: two}}}}
          - disconnect: {{name: Bye}}
          - playAudio: {{name: After, audio: {{tts: never}}}}
    - task:
        name: Spare
        refId: Spare_30
        actions:
          - playAudio: {{name: S1, audio: {{tts: one}}}}
          - disconnect: {{name: S2}}
"
    )
}

/// One dangling reference is one error: the actions it leaves unreached are counted on it, not
/// reported one by one. Unreached actions of a flow without such an error are one warning per
/// piece, at its first action.
#[test]
fn one_message_per_mistake() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("dangle.yaml"), jumping("Pay_20")).unwrap();
    let o = flowsim_in(dir.path(), &["check", "--color", "never", "--flows", "dangle.yaml"]);
    let out = &o.stdout;
    assert!(out.contains("error[danglingRef]"), "{out}");
    assert!(out.contains("until this is fixed no path reaches 5 action(s) from `Payment/A1`, `Spare/S1`; they are not reported apart"), "{out}");
    assert!(!out.contains("node `Payment/A1` from the start node"), "{out}");
    // The action after the Disconnect is unreached whatever the jump names: its own warning.
    assert!(out.contains("no path leads to node `Payment/After` from the start node\n"), "{out}");
    assert!(out.contains("1 error(s), 1 warning(s)"), "{out}");
    std::fs::write(dir.path().join("dangle.yaml"), jumping("Payment_20")).unwrap();
    let o = flowsim_in(dir.path(), &["check", "--color", "never", "--flows", "dangle.yaml"]);
    let out = &o.stdout;
    assert!(out.contains("no path leads to node `Payment/After` from the start node\n"), "{out}");
    assert!(
        out.contains(
            "no path leads to node `Spare/S1` from the start node (nor to the action it leads to)"
        ),
        "{out}"
    );
    assert!(out.contains("0 error(s), 2 warning(s)"), "{out}");
}
