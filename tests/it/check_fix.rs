//! `flowsim check --fix` and `--diff` on real files (docs/cli.md): the certain fixes are applied
//! byte for byte where they say, nothing else is touched, a second run changes nothing, a link
//! is not written through, `--diff` writes nothing.

use crate::cli::{flowsim_in, Output};
use std::path::Path;

/// A flow with three real mistakes (`=` for `==`, a misspelt variable after multi-byte
/// characters, a misspelt output), comments, a flow-style mapping and odd spacing.
pub(crate) const TIERS: &str = r#"# Routes callers by tier. Grüße an alle!
inboundCall:
  name: Fix Me
  division: Home
  startUpRef: "/inboundCall/tasks/task[Start_10]"
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  initialGreeting:
    tts: Welcome.
  variables:
    - stringVariable:
        name: Flow.tier
        initialValue: {lit: gold}    # flow style kept
    - stringVariable:
        name: Flow.greeting
        initialValue:
          lit: Hallo
  tasks:
    - task:
        name: Start
        refId: Start_10
        actions:
          - updateData:
              name: Greet
              statements:
                - string:
                    variable: Flow.greeting
                    value:
                      exp: Append("Grüße, ",   Flow.greting)   # spacing kept
          - decision:
              name: Is gold
              condition:
                exp: 'Flow.tier = "gold"'
              outputs:
                yes:
                  actions:
                    - disconnect:
                        name: Gold
                noo:   # a typo
                  actions:
                    - disconnect:
                        name: Other
          - disconnect:
              name: End
"#;

/// `TIERS` as `--fix` leaves it: the three mistakes mended, every other byte as it was.
fn tiers_fixed() -> String {
    TIERS
        .replace("Flow.greting)", "Flow.greeting)")
        .replace("'Flow.tier = \"gold\"'", "'Flow.tier == \"gold\"'")
        .replace("noo:   # a typo", "no:   # a typo")
}

/// A folder holding `files` (name, text).
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[track_caller]
fn check(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["check", "--color", "never"];
    all.extend_from_slice(args);
    flowsim_in(dir, &all)
}

#[track_caller]
fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn diff_shows_each_certain_fix_as_a_unified_diff_and_writes_nothing() {
    let dir = folder(&[("tiers.yaml", TIERS)]);
    let o = check(dir.path(), &["--diff", "tiers.yaml"]);
    assert_eq!(o.code, 1, "something to fix: {}{}", o.stdout, o.stderr);
    assert_eq!(
        o.stdout,
        r#"--- a/tiers.yaml
+++ b/tiers.yaml
@@ -29,17 +29,17 @@
                 - string:
                     variable: Flow.greeting
                     value:
-                      exp: Append("Grüße, ",   Flow.greting)   # spacing kept
+                      exp: Append("Grüße, ",   Flow.greeting)   # spacing kept
           - decision:
               name: Is gold
               condition:
-                exp: 'Flow.tier = "gold"'
+                exp: 'Flow.tier == "gold"'
               outputs:
                 yes:
                   actions:
                     - disconnect:
                         name: Gold
-                noo:   # a typo
+                no:   # a typo
                   actions:
                     - disconnect:
                         name: Other
"#
    );
    assert_eq!(o.stderr, "3 fixes would be applied by `flowsim check --fix`\n");
    assert_eq!(read(dir.path(), "tiers.yaml"), TIERS, "--diff writes nothing");
    let names: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["tiers.yaml"], "no temporary file either");
}

/// The patch is git's: plain `git apply` (which strips the `a/` and `b/` of its headers) takes
/// it from where `check --diff` ran, in a subfolder of the repository too, and leaves the file
/// as `--fix` writes it.
#[test]
fn git_apply_takes_the_diff_as_it_is() {
    let dir = folder(&[("flows/tiers.yaml", TIERS)]);
    let git = |args: &[&str], cwd: &Path| {
        let o = std::process::Command::new("git").args(args).current_dir(cwd).output().unwrap();
        assert!(o.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    };
    git(&["init", "-q"], dir.path());
    let o = check(dir.path(), &["--diff", "flows/tiers.yaml"]);
    assert!(
        o.stdout.starts_with("--- a/flows/tiers.yaml\n+++ b/flows/tiers.yaml\n"),
        "{}",
        o.stdout
    );
    std::fs::write(dir.path().join("fix.patch"), &o.stdout).unwrap();
    git(&["apply", "fix.patch"], dir.path());
    assert_eq!(read(dir.path(), "flows/tiers.yaml"), tiers_fixed());
    // From the flows' own folder: the headers name the file from there.
    std::fs::write(dir.path().join("flows/tiers.yaml"), TIERS).unwrap();
    let flows = dir.path().join("flows");
    let o = check(&flows, &["--diff", "tiers.yaml"]);
    assert!(o.stdout.starts_with("--- a/tiers.yaml\n"), "{}", o.stdout);
    std::fs::write(dir.path().join("fix.patch"), &o.stdout).unwrap();
    git(&["apply", "../fix.patch"], &flows);
    assert_eq!(read(dir.path(), "flows/tiers.yaml"), tiers_fixed());
}

#[test]
fn fix_applies_every_certain_fix_and_touches_no_other_byte() {
    let dir = folder(&[("tiers.yaml", TIERS)]);
    let o = check(dir.path(), &["--fix", "tiers.yaml"]);
    assert_eq!(read(dir.path(), "tiers.yaml"), tiers_fixed());
    assert_eq!(
        o.stdout,
        "fixed: tiers.yaml: 3 fixes applied\n0 error(s), 0 warning(s)\nok: 1 flow(s) under tiers.yaml load and validate\n"
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
}

#[test]
fn a_second_fix_changes_nothing() {
    let dir = folder(&[("tiers.yaml", TIERS)]);
    check(dir.path(), &["--fix", "tiers.yaml"]);
    let o = check(dir.path(), &["--fix", "tiers.yaml"]);
    assert_eq!(read(dir.path(), "tiers.yaml"), tiers_fixed());
    assert_eq!(
        o.stdout,
        "0 error(s), 0 warning(s)\nok: 1 flow(s) under tiers.yaml load and validate\n"
    );
    let o = check(dir.path(), &["--diff", "tiers.yaml"]);
    assert_eq!((o.code, o.stdout.as_str(), o.stderr.as_str()), (0, "", ""));
}

#[test]
fn a_fix_a_mistake_hid_is_applied_in_the_same_run() {
    // The misspelt variable is found once the `=` is mended and the expression parses.
    let flow = TIERS.replace("'Flow.tier = \"gold\"'", "Flow.teir = \"gold\"");
    let dir = folder(&[("tiers.yaml", &flow)]);
    let o = check(dir.path(), &["--fix", "tiers.yaml"]);
    assert_eq!(
        read(dir.path(), "tiers.yaml"),
        tiers_fixed().replace("'Flow.tier == \"gold\"'", "Flow.tier == \"gold\"")
    );
    assert!(o.stdout.starts_with("fixed: tiers.yaml: 4 fixes applied\n"), "{}", o.stdout);
}

#[test]
fn the_diff_shows_every_pass_and_is_what_fix_writes() {
    // The misspelt variable only shows once the `=` is mended: the preview has both fixes of
    // that line, and its lines are the ones `--fix` then writes.
    let flow = TIERS.replace("'Flow.tier = \"gold\"'", "Flow.teir = \"gold\"");
    let dir = folder(&[("tiers.yaml", &flow)]);
    let o = check(dir.path(), &["--diff", "tiers.yaml"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stdout.contains("\n-                exp: Flow.teir = \"gold\"\n+                exp: Flow.tier == \"gold\"\n"), "{}", o.stdout);
    assert_eq!(o.stderr, "4 fixes would be applied by `flowsim check --fix`\n");
    assert_eq!(read(dir.path(), "tiers.yaml"), flow, "--diff writes nothing");
    check(dir.path(), &["--fix", "tiers.yaml"]);
    let written = read(dir.path(), "tiers.yaml");
    let changed = |sign: char| -> Vec<&str> {
        o.stdout
            .lines()
            .filter(|l| !l.starts_with("---") && !l.starts_with("+++"))
            .filter_map(|l| l.strip_prefix(sign))
            .collect()
    };
    assert_eq!(changed('-').len(), 3, "{}", o.stdout);
    for l in changed('-') {
        assert!(!written.lines().any(|w| w == l), "--fix left {l:?}:\n{written}");
    }
    for l in changed('+') {
        assert!(written.lines().any(|w| w == l), "--fix did not write {l:?}:\n{written}");
    }
}

#[test]
fn what_is_left_is_reported_after_the_fixes() {
    // `Flow.x1` is as near `Flow.x2` as `Flow.x3`: no certain fix.
    let flow = TIERS
        .replace("Flow.greting)", "Flow.x1)")
        .replace("  tasks:\n", "    - stringVariable: {name: Flow.x2, isInput: true}\n    - stringVariable: {name: Flow.x3, isInput: true}\n  tasks:\n");
    let dir = folder(&[("tiers.yaml", &flow)]);
    let o = check(dir.path(), &["--fix", "tiers.yaml"]);
    assert_eq!(o.code, 1);
    assert!(
        o.stdout.starts_with(
            "fixed: tiers.yaml: 2 fixes applied\nerror[undeclaredVariable]: `Flow.x1` is read"
        ),
        "{}",
        o.stdout
    );
    assert!(o.stdout.ends_with("1 error(s), 0 warning(s)\n"), "{}", o.stdout);
}

#[cfg(unix)]
#[test]
fn a_linked_flow_file_is_not_written_through() {
    let dir = folder(&[]);
    std::fs::create_dir(dir.path().join("real")).unwrap();
    std::fs::write(dir.path().join("real/tiers.yaml"), TIERS).unwrap();
    std::os::unix::fs::symlink("real/tiers.yaml", dir.path().join("link.yaml")).unwrap();
    let o = check(dir.path(), &["--fix", "link.yaml"]);
    assert_eq!(read(dir.path(), "real/tiers.yaml"), TIERS);
    assert!(std::fs::symlink_metadata(dir.path().join("link.yaml"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(
        o.stdout.starts_with("warning: link.yaml was not fixed: it is a symbolic link (to real/tiers.yaml), and flowsim does not write through a link; fix real/tiers.yaml itself\n"),
        "{}",
        o.stdout
    );
    assert_eq!(o.code, 1, "its mistakes are still there");
}

/// A seeds' JSON flow: `=` in a condition, a node id in the wrong case, a misspelt node type.
const JSON_FLOW: &str = r#"{
  "id": "j", "name": "J", "type": "inbound",
  "draft": {
    "startNode": "Check",
    "nodes": {
      "Check": {"id": "Check", "type": "If",
                "properties": {"conditions": [{"expression": "Call.Ani = \"+1 555\"", "nextNode": "bye"}],
                               "defaultNextNode": "Bye"}},
      "Bye": {"id": "Bye", "type": "Disconect", "properties": {}}
    }
  }
}
"#;

#[test]
fn fix_mends_a_json_flow_in_place() {
    let dir = folder(&[("j.json", JSON_FLOW)]);
    let o = check(dir.path(), &["--fix", "j.json"]);
    let fixed = JSON_FLOW
        .replace(r"Call.Ani = \", r"Call.Ani == \")
        .replace(r#""nextNode": "bye""#, r#""nextNode": "Bye""#)
        .replace("Disconect", "Disconnect");
    assert_eq!(read(dir.path(), "j.json"), fixed);
    assert!(o.stdout.starts_with("fixed: j.json: 3 fixes applied\n"), "{}", o.stdout);
    assert_eq!(o.code, 0, "{}", o.stdout);
}

#[test]
fn json_output_gives_each_diagnostic_its_fix() {
    let dir = folder(&[("tiers.yaml", TIERS)]);
    let o = check(dir.path(), &["--format", "json", "tiers.yaml"]);
    let j: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let fixes: Vec<&serde_json::Value> =
        j["diagnostics"].as_array().unwrap().iter().map(|d| &d["fix"]).collect();
    assert_eq!(
        fixes,
        [
            &serde_json::json!({"line": 32, "column": 48, "old": "Flow.greting", "new": "Flow.greeting"}),
            &serde_json::json!({"line": 36, "column": 33, "old": "=", "new": "=="}),
            &serde_json::json!({"line": 42, "column": 17, "old": "noo", "new": "no"}),
        ]
    );
}

/// An Architect export whose condition reads `Flow.m` where `Flow.n` is declared.
const EXPORT: &str = r#"{
  "name": "Exp",
  "type": "INBOUNDCALL",
  "initialSequence": "t1",
  "variables": [
    {"name": "Flow.n", "__type": "IntegerVariable", "varType": "Integer",
     "initialValue": {"text": "1", "type": "int"}}
  ],
  "flowSequenceItemList": [
    {"__type": "Task", "id": "t1", "name": "Main", "startAction": "a1",
     "actionList": [
       {"__type": "DecisionAction", "id": "a1", "name": "Check", "trackingId": 3,
        "expression": {"text": "Flow.m > 0", "type": "bool"},
        "paths": [{"outputId": "__YES__", "label": "Yes", "nextActionId": "a2"},
                  {"outputId": "__NO__", "label": "No", "nextActionId": "a2"}]},
       {"__type": "DisconnectAction", "id": "a2", "name": "Bye", "trackingId": 4}
     ]}
  ]
}
"#;

#[test]
fn an_export_is_never_rewritten_and_says_so() {
    let dir = folder(&[("Exp.i3InboundFlow", EXPORT)]);
    let o = check(dir.path(), &["--fix", "Exp.i3InboundFlow"]);
    assert_eq!(read(dir.path(), "Exp.i3InboundFlow"), EXPORT);
    assert!(
        o.stdout.starts_with("note: Architect exports are never rewritten; fix these in Architect and export again: Exp.i3InboundFlow\n"),
        "{}",
        o.stdout
    );
    assert_eq!(o.code, 1);
    let o = check(dir.path(), &["--diff", "Exp.i3InboundFlow"]);
    assert_eq!((o.code, o.stdout.as_str()), (0, ""));
}

#[test]
fn fix_with_watch_is_refused() {
    let dir = folder(&[("tiers.yaml", TIERS)]);
    let o = check(dir.path(), &["--fix", "--watch", "tiers.yaml"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.starts_with(
            "error[badArgument]: `check --fix` and `--diff` do not take `--watch` yet"
        ),
        "{}",
        o.stderr
    );
    assert_eq!(read(dir.path(), "tiers.yaml"), TIERS);
}

#[test]
fn fix_mends_a_flow_type_a_function_an_action_type_and_a_missing_quote() {
    let flow = r#"inboundcall:
  name: More
  startUpRef: "/inboundCall/tasks/task[Start_10]"
  defaultLanguage: en-us
  variables:
    - stringVariable:
        name: Flow.tier
        isInput: true
  tasks:
    - task:
        name: Start
        refId: Start_10
        actions:
          - decision:
              name: Long tier
              condition:
                exp: Lenght(Flow.tier) > 3 or Flow.tier == "gold
              outputs:
                yes:
                  actions:
                    - disconect:
                        name: Bye
          - disconnect:
              name: End
"#;
    let dir = folder(&[("more.yaml", flow)]);
    let o = check(dir.path(), &["--fix", "more.yaml"]);
    let fixed = flow
        .replace("inboundcall:", "inboundCall:")
        .replace("Lenght(", "Length(")
        .replace("== \"gold\n", "== \"gold\"\n")
        .replace("- disconect:", "- disconnect:");
    assert_eq!(read(dir.path(), "more.yaml"), fixed);
    assert!(o.stdout.starts_with("fixed: more.yaml: 4 fixes applied\n"), "{}", o.stdout);
    assert_eq!(o.code, 0, "{}", o.stdout);
}

/// A Transfer to ACD with `keys` (Archy lines of its body, 14 spaces in).
fn transfer(keys: &str) -> String {
    crate::support::archy_task_flow(
        "inboundCall",
        &format!("          - transferToAcd:\n              name: To sales\n{keys}"),
    )
}

/// Issue 79: a misspelt key beside the key it misspells is named, never renamed into a second
/// `targetQueue:` (which would change the queue the flow means): the author chooses.
#[test]
fn a_misspelt_key_beside_the_right_one_is_not_renamed_into_a_duplicate() {
    let flow = transfer(
        "              targetQueue: {lit: {name: Sales}}\n              targetQueu: {lit: {name: Support}}\n",
    );
    let dir = folder(&[("f.yaml", &flow)]);
    let o = check(dir.path(), &["--fix", "f.yaml"]);
    assert_eq!(read(dir.path(), "f.yaml"), flow, "{}{}", o.stdout, o.stderr);
    assert_eq!(o.code, 1, "the mistake stands: {}", o.stdout);
    assert!(o.stdout.contains("no property `targetQueu`"), "{}", o.stdout);
    assert!(!o.stdout.contains("fixed:"), "{}", o.stdout);
}

/// Issue 79: every fix is checked before it is applied: two misspellings of one key would
/// each be renamed to it, writing it twice; the rename that would add a finding is refused and
/// said, and the file keeps what it meant.
#[test]
fn a_fix_that_would_add_a_finding_is_refused_and_named() {
    let flow = transfer(
        "              targetQueeu: {lit: {name: Sales}}\n              targetQueu: {lit: {name: Support}}\n",
    );
    let dir = folder(&[("f.yaml", &flow)]);
    let o = check(dir.path(), &["--fix", "f.yaml"]);
    let fixed = read(dir.path(), "f.yaml");
    assert_eq!(fixed.matches("targetQueue:").count(), 0, "no key written twice: {fixed}");
    assert!(
        o.stdout.contains("the fix `targetQueu` → `targetQueue` was not applied: it would add"),
        "{}{}",
        o.stdout,
        o.stderr
    );
    let o = check(dir.path(), &["--diff", "f.yaml"]);
    assert_eq!(o.stdout, "", "--diff offers no such fix either");
}

/// Issue 79: `--fix` reaches its fixed point in one run, however many occurrences a mistake
/// has (one diagnostic names a misspelt variable, with the fix of one occurrence).
#[test]
fn a_dozen_occurrences_of_one_misspelling_are_fixed_in_one_run() {
    let mut actions = String::new();
    for i in 0..12 {
        actions.push_str(&format!(
            "          - updateData:\n              name: Set {i}\n              statements:\n                - string: {{variable: Flow.out, value: {{exp: 'Append(Flow.choise, \"{i}\")'}}}}\n"
        ));
    }
    let flow = crate::support::main_task_flow(
        "inboundCall",
        "Many",
        "  defaultLanguage: en-us\n  supportedLanguages:\n    en-us:\n      defaultLanguageSkill:\n        noValue: true\n  variables:\n    - stringVariable: {name: Flow.choice, initialValue: {lit: a}}\n    - stringVariable: {name: Flow.out, initialValue: {lit: a}}\n",
        &format!("{actions}          - disconnect: {{name: Bye}}\n"),
    );
    let dir = folder(&[("f.yaml", &flow)]);
    let o = check(dir.path(), &["--fix", "f.yaml"]);
    assert!(o.stdout.starts_with("fixed: f.yaml: 12 fixes applied\n"), "{}", o.stdout);
    assert_eq!(read(dir.path(), "f.yaml"), flow.replace("Flow.choise", "Flow.choice"));
    let o = check(dir.path(), &["--fix", "f.yaml"]);
    assert!(!o.stdout.contains("fixed:"), "a second --fix is a no-op: {}", o.stdout);
    assert_eq!(o.code, 0, "{}", o.stdout);
}

/// A misspelling of a property the action requires is one error, `missingProperty` at the
/// misspelt key, whose help says to rename it: `--fix` renames it, as the help says, and the
/// flow then checks clean (a new user met the help without the fix).
#[test]
fn a_misspelt_required_property_is_renamed_as_its_error_says() {
    let flow = transfer("              targetQueu: {lit: {name: Sales}}\n");
    let dir = folder(&[("f.yaml", &flow)]);
    let o = check(dir.path(), &["f.yaml"]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(o.stdout.contains("error[missingProperty]"), "{}", o.stdout);
    assert!(
        o.stdout.contains("`targetQueu` looks like a misspelling of `targetQueue`: rename it"),
        "{}",
        o.stdout
    );
    let o = check(dir.path(), &["--fix", "f.yaml"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("fixed: f.yaml: 1 fix applied"), "{}", o.stdout);
    assert_eq!(read(dir.path(), "f.yaml"), flow.replace("targetQueu:", "targetQueue:"));
}
