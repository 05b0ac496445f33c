//! Every input the engine consumes shows on the step that consumed it, in the text trace and in
//! the JSON trace's `inputs` (docs/results.md): menu digits with or without a choice, Collect
//! Input's digits, keys typed ahead, timeouts, bot turns.

use crate::cli::flowsim;
use serde_json::{json, Value as J};

const IVR: [&str; 7] = [
    "run",
    "Acme Main IVR",
    "--flows",
    "fixtures/archy/flows",
    "--fixtures",
    "fixtures/archy/data",
    "--context=startTime=2026-01-06T15:00:00Z",
];

/// `flowsim run ARGS --input I...` in text and in both JSON forms: the text, and the JSON
/// (asserting the compact and pretty forms agree).
#[track_caller]
fn run(args: &[&str], inputs: &[&str]) -> (String, J) {
    let mut all: Vec<&str> = args.to_vec();
    for i in inputs {
        all.extend(["--input", i]);
    }
    let text = flowsim(&all);
    assert!(text.stderr.is_empty(), "{}", text.stderr);
    let with = |format| {
        let mut a = all.clone();
        a.extend(["--format", format]);
        let out = flowsim(&a);
        serde_json::from_str::<J>(&out.stdout).expect("JSON")
    };
    let (compact, pretty) = (with("json"), with("json-pretty"));
    assert_eq!(compact, pretty);
    (text.stdout, compact)
}

/// Text line of step `n` (from 1).
#[track_caller]
fn step_line(text: &str, n: usize) -> &str {
    let prefix = format!("{n:>2}  ");
    text.lines().find(|l| l.starts_with(&prefix)).unwrap_or_else(|| panic!("no step {n}:\n{text}"))
}

/// The `inputs` of each step (`null` for steps that read none).
fn inputs(j: &J) -> Vec<J> {
    j["trace"].as_array().unwrap().iter().map(|s| s["inputs"].clone()).collect()
}

#[test]
fn a_menu_digit_no_choice_has_shows_on_its_step_then_the_next_one() {
    let (text, j) = run(&IVR, &["7", "9"]);
    assert!(step_line(&text, 4).ends_with("  pressed 7 (no such choice)"), "{text}");
    assert!(step_line(&text, 5).ends_with(" press 9.\"  pressed 9"), "{text}");
    assert!(step_line(&text, 5).contains("[menu] → Hang up"), "{text}");
    let i = inputs(&j);
    assert_eq!(i[..3], [J::Null, J::Null, J::Null]);
    assert_eq!(i[3], json!([{"entry": 1, "input": "7", "heard": "noChoice"}]));
    assert_eq!(i[4], json!([{"entry": 2, "input": "9", "heard": "choice"}]));
    assert_eq!(i[5], J::Null, "the menu choice's own step reads nothing");
}

#[test]
fn keys_typed_ahead_and_timeouts_show_where_they_are_heard() {
    // `78`: the menu takes 7 (no choice), plays again and hears the 8 typed ahead (Repeat);
    // then a timeout entry, then no entry left: both heard as nothing.
    let (text, j) = run(&IVR, &["78", "timeout"]);
    assert!(step_line(&text, 4).ends_with("pressed 7 (no such choice)"), "{text}");
    assert!(step_line(&text, 5).ends_with("pressed 8 (typed ahead)"), "{text}");
    assert!(step_line(&text, 7).ends_with("no input (timeout)"), "{text}");
    assert!(step_line(&text, 8).ends_with("no input (timeout)"), "{text}");
    let i = inputs(&j);
    assert_eq!(i[3], json!([{"entry": 1, "input": "7", "heard": "noChoice"}]));
    assert_eq!(i[4], json!([{"entry": null, "input": "8", "heard": "choice"}]));
    assert_eq!(i[6], json!([{"entry": 2, "input": null, "heard": "timeout"}]));
    assert_eq!(i[7], json!([{"entry": null, "input": null, "heard": "timeout"}]));
}

#[test]
fn collect_input_shows_the_digits_it_took_or_refused() {
    let (text, j) = run(&IVR, &["1", "123456"]);
    assert!(step_line(&text, 6).contains("  pressed 123456  Flow.accountNumber = \"123456\""));
    assert_eq!(inputs(&j)[5], json!([{"entry": 2, "input": "123456", "heard": "accepted"}]));
    // Six digits wanted: three are refused, and the failure path plays.
    let (text, j) = run(&IVR, &["1", "123"]);
    assert!(step_line(&text, 6).contains("→ failure"), "{text}");
    assert!(step_line(&text, 6).ends_with("  pressed 123 (not accepted)"), "{text}");
    assert_eq!(inputs(&j)[5], json!([{"entry": 2, "input": "123", "heard": "rejected"}]));
}

#[test]
fn dial_by_extension_shows_every_try() {
    let dir = tempfile::tempdir().unwrap();
    let flow = dir.path().join("dial.yaml");
    std::fs::write(
        &flow,
        "inboundCall:
  name: Dial
  startUpRef: ./tasks/task[Main_1]
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - dialByExtension:
              name: Extension
              numReprompts: {lit: 2}
              repromptAudio: {tts: Please enter the extension.}
          - disconnect: {name: Bye}
",
    )
    .unwrap();
    let users = dir.path().join("users.json");
    std::fs::write(&users, r#"{"users": [{"id": "u1", "name": "Ann Lee", "extension": "2001"}]}"#)
        .unwrap();
    let args =
        ["run", "Dial", "--flows", flow.to_str().unwrap(), "--fixtures", users.to_str().unwrap()];
    let (text, j) = run(&args, &["9999", "timeout", "2001"]);
    assert!(
        step_line(&text, 1)
            .ends_with("pressed 9999 (not accepted)  no input (timeout)  pressed 2001"),
        "{text}"
    );
    assert_eq!(
        inputs(&j)[0],
        json!([
            {"entry": 1, "input": "9999", "heard": "rejected"},
            {"entry": 2, "input": null, "heard": "timeout"},
            {"entry": 3, "input": "2001", "heard": "accepted"},
        ])
    );
}

#[test]
fn bot_turns_show_on_the_question_that_heard_them() {
    let args = [
        "run",
        "Order Status Bot",
        "--flows",
        "fixtures/archy/flows",
        "--fixtures",
        "fixtures/archy/data",
    ];
    let (text, j) = run(&args, &["intent:Cancel Order", "say:yes", "noMatch"]);
    assert!(step_line(&text, 1).ends_with("  hears [intent Cancel Order]"), "{text}");
    assert!(step_line(&text, 2).ends_with("  hears \"yes\""), "{text}");
    assert!(step_line(&text, 3).ends_with("  hears [noMatch]"), "{text}");
    assert!(step_line(&text, 4).ends_with("  no input (timeout)"), "{text}");
    let i = inputs(&j);
    assert_eq!(i[0], json!([{"entry": 1, "input": "Cancel Order", "heard": "intent"}]));
    assert_eq!(i[1], json!([{"entry": 2, "input": "yes", "heard": "text"}]));
    assert_eq!(i[2], json!([{"entry": 3, "input": null, "heard": "noMatch"}]));
    assert_eq!(i[3], json!([{"entry": null, "input": null, "heard": "timeout"}]));
}

/// A spoken answer where keys are read (a menu, Collect Input) is speech recognition, which
/// flowsim does not simulate: the step fails with `unsupported`, saying to give the keys,
/// instead of reading the words' letters as keys. A turn of digits is keys.
#[test]
fn speech_where_keys_are_read_is_unsupported_and_says_so() {
    let (text, j) = run(&IVR, &["say:balance"]);
    assert_eq!(j["error"]["kind"], "unsupported", "{j:#}");
    let message = j["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "`balance` is speech, and flowsim does not recognise speech where keys are read"
        ),
        "{message}"
    );
    assert!(text.contains("✗ unsupported: `balance` is speech"), "{text}");
    let (_, j) = run(&IVR, &["say:1", "say:123456"]);
    assert_eq!(j["trace"][3]["output"], "Balance", "{j:#}");
    assert_ne!(j["error"]["kind"], "unsupported", "{j:#}");
}
