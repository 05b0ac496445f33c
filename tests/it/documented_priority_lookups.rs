//! Behaviours the pages of Set Priority, Data Table Lookup and Find Schedule document, each on
//! the smallest Archy flow that shows it, through `flowsim run`. The pages and their words are
//! in docs/architect.md §6; the starting priority, where the page is silent, is in §4.

use crate::support::{
    archy_task_flow, main_task_flow, probe_call_flow, run_in_folder as run,
    taken_outputs as outputs,
};

/// An in-queue call flow `F` whose Set Priority sets `priority`, says the priority it read
/// before and after, and says `Failed` on Failure.
fn priority_flow(priority: &str) -> String {
    archy_task_flow(
        "inqueueCall",
        &format!(
            "          - playAudio: {{name: Before, audio: {{exp: 'Append(\"before \", ToString(Call.Priority))'}}}}
          - setPriority:
              name: Priority
              priority: {priority}
              outputs:
                failure: {{actions: [{{playAudio: {{name: Failed, audio: {{tts: Failed}}}}}}]}}
          - playAudio: {{name: After, audio: {{exp: 'Append(\"after \", ToString(Call.Priority))'}}}}
          - disconnect: {{name: Bye}}
"
        ),
    )
}

/// What a run said, in order.
fn said(j: &serde_json::Value) -> Vec<&str> {
    crate::support::prompts(j)
}

/// The step error of the step that ran action `name`, as `kind`.
fn step_error<'a>(j: &'a serde_json::Value, name: &str) -> &'a str {
    let steps = j["trace"].as_array().unwrap();
    let step = steps.iter().find(|s| s["nodeName"] == name).unwrap_or_else(|| panic!("{j:#}"));
    step["error"]["kind"].as_str().unwrap_or("")
}

/// Set Priority: "make sure that the built-in variables for this action are not NOT_SET. If
/// they are, then when the flow runs this action, it takes the Failure path at runtime." The
/// interaction enters the queue with the priority the request gives (`context.attributes.
/// priority`), else 0, Transfer to ACD's default (§4); a preset NOT_SET built-in fails.
#[test]
fn set_priority_takes_failure_while_the_priority_built_in_is_not_set() {
    // No starting priority given: the interaction entered the queue at 0.
    let j = run(&[&priority_flow("{lit: 7}")], "{}", "F", &[]);
    assert_eq!(said(&j), ["before 0", "after 7"], "{j:#}");
    // The request gives the priority the interaction entered the queue with.
    let j = run(&[&priority_flow("{lit: 7}")], "{}", "F", &["--context", "attributes.priority=3"]);
    assert_eq!(said(&j), ["before 3", "after 7"], "{j:#}");
    // The built-in still NOT_SET (preset so): Failure, and the priority stays as it was.
    let j = run(&[&priority_flow("{lit: 7}")], "{}", "F", &["--var", "Call.Priority=null"]);
    assert_eq!(said(&j), ["before ", "Failed", "after "], "{j:#}");
    assert_eq!(step_error(&j, "Priority"), "notSet", "{j:#}");
    // A preset built-in is what Set Priority updates: "updates the Call.Priority ... variable".
    let j = run(&[&priority_flow("{lit: 7}")], "{}", "F", &["--var", "Call.Priority=2"]);
    assert_eq!(said(&j), ["before 2", "after 7"], "{j:#}");
}

/// A common module runs in the interaction of the flow that calls it, so it reads that
/// interaction's priority: called from an in-queue flow, `Call.Priority` starts where the
/// calling flow's does (the request's `context.attributes.priority`, else 0) and a Set
/// Priority before the call is seen; called from an inbound call flow it is NOT_SET (§4).
#[test]
fn a_common_module_reads_the_priority_of_the_interaction_that_calls_it() {
    let module = main_task_flow(
        "commonModule",
        "Say Priority",
        "  settingsCommonModule:\n    compatibleFlowTypes:\n      - inqueueCall\n      - inboundCall\n",
        "          - playAudio: {name: Say, audio: {exp: 'Append(\"module \", ToString(Call.Priority))'}}\n",
    );
    let caller = |kind: &str, before: &str| {
        archy_task_flow(
            kind,
            &format!(
                "{before}          - callCommonModule: {{name: Call, commonModule: {{Say Priority: {{ver_latestPublished: {{}}}}}}}}
          - disconnect: {{name: Bye}}
"
            ),
        )
    };
    let j = run(&[&caller("inqueueCall", ""), &module], "{}", "F", &[]);
    assert_eq!(said(&j), ["module 0"], "{j:#}");
    let args = ["--context", "attributes.priority=3"];
    let j = run(&[&caller("inqueueCall", ""), &module], "{}", "F", &args);
    assert_eq!(said(&j), ["module 3"], "{j:#}");
    let set = "          - setPriority: {name: Priority, priority: {lit: 7}}\n";
    let j = run(&[&caller("inqueueCall", set), &module], "{}", "F", &[]);
    assert_eq!(said(&j), ["module 7"], "{j:#}");
    let j = run(&[&caller("inboundCall", ""), &module], "{}", "F", &[]);
    assert_eq!(said(&j), ["module "], "{j:#}");
}

/// Set Priority: "If the priority value is outside of the allowable range, or if it is
/// NOT_SET, the flow follows the failure path at runtime." The range is Architect's priority
/// scale, -25,000,000 to 25,000,000 (Set up a Transfer to ACD action).
#[test]
fn set_priority_outside_the_priority_scale_takes_failure() {
    for (p, path) in [
        ("25000000", "success"),
        ("-25000000", "success"),
        ("25000001", "failure"),
        ("-25000001", "failure"),
    ] {
        let j = run(&[&priority_flow(&format!("{{lit: {p}}}"))], "{}", "F", &[]);
        assert_eq!(outputs(&j)[1], path, "{p}: {j:#}");
        if path == "failure" {
            assert_eq!(said(&j), ["before 0", "Failed", "after 0"], "{j:#}");
            assert_eq!(step_error(&j, "Priority"), "outOfRange", "{j:#}");
        }
    }
    let j = run(&[&priority_flow("{exp: 'ToInt(NOT_SET)'}")], "{}", "F", &[]);
    assert_eq!(said(&j), ["before 0", "Failed", "after 0"], "{j:#}");
    // `check` warns of a literal priority outside the scale.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("waiting.yaml");
    std::fs::write(&file, priority_flow("{lit: 25000001}")).unwrap();
    let o = crate::cli::flowsim(&["check", "--color", "never", "--flows", file.to_str().unwrap()]);
    assert!(
        o.stdout.contains("warning[badPropertyValue]: Set Priority's priority is 25000001; Architect's priority scale is -25,000,000 to 25,000,000; a run takes Failure"),
        "{}",
        o.stdout
    );
    std::fs::write(&file, priority_flow("{lit: 25000000}")).unwrap();
    let o = crate::cli::flowsim(&["check", "--strict", "--flows", file.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
}

/// A call flow that looks `key` up in the data table `Tiers` and says which path it took.
fn lookup_flow(key: &str) -> String {
    let head = "  variables:
    - stringVariable: {name: Flow.level, initialValue: {noValue: true}}
    - stringVariable: {name: Flow.type, initialValue: {noValue: true}}
";
    probe_call_flow(
        head,
        &format!(
            "          - dataTableLookup:
              name: Tier
              lookupValue: {key}
              dataTable:
                Tiers:
                  foundOutputs: {{level: {{var: Flow.level}}}}
                  failureOutputs: {{errorType: {{var: Flow.type}}}}
              outputs:
                found: {{actions: [{{playAudio: {{name: Found, audio: {{exp: Flow.level}}}}}}]}}
                notFound: {{actions: [{{playAudio: {{name: Missing, audio: {{tts: missing}}}}}}]}}
                failure: {{actions: [{{playAudio: {{name: Failure, audio: {{exp: Flow.type}}}}}}]}}
          - playAudio: {{name: Done, audio: {{tts: done}}}}
          - disconnect: {{name: Bye}}
"
        ),
    )
}

const TIERS: &str = r#"{"dataTables": [{"id": "t1", "name": "Tiers",
    "columns": {"level": "string"}, "rows": [{"key": "gold", "level": "high"}]}]}"#;

/// Data Table Lookup: Found "indicates that Architect found a row in the Data Table that
/// matches" and maps its fields to the Found Outputs; "At runtime, if the value to look up is a
/// NOT_SET string, execution does not take the Failure output. Instead, the system invokes
/// flow error handling."
#[test]
fn data_table_lookup_maps_the_found_row_and_a_not_set_key_invokes_error_handling() {
    let j = run(&[&lookup_flow("{lit: gold}")], TIERS, "Probe", &[]);
    assert_eq!(outputs(&j)[0], "found", "{j:#}");
    assert_eq!(said(&j), ["high", "done"], "{j:#}");
    let j = run(&[&lookup_flow("{lit: tin}")], TIERS, "Probe", &[]);
    assert_eq!(said(&j), ["missing", "done"], "{j:#}");
    let j = run(&[&lookup_flow("{exp: 'ToString(NOT_SET)'}")], TIERS, "Probe", &[]);
    assert_eq!(j["error"]["kind"], "notSet", "{j:#}");
    assert!(said(&j).is_empty(), "neither Failure nor the next action: {j:#}");
}

/// A call flow whose Find Schedule (`findSchedule`) or Find Schedule Group
/// (`findScheduleGroup`) looks `name` up and says which path it took.
fn find_flow(action: &str, name: &str) -> String {
    probe_call_flow(
        "  variables:\n    - scheduleVariable: {name: Flow.s, initialValue: {noValue: true}}\n    - scheduleGroupVariable: {name: Flow.g, initialValue: {noValue: true}}\n",
        &format!(
            "          - {action}:
              name: Find
              findName: {name}
              findResult: {{var: {var}}}
              outputs:
                found: {{actions: [{{playAudio: {{name: Found, audio: {{tts: found}}}}}}]}}
                notFound: {{actions: [{{playAudio: {{name: Missing, audio: {{tts: missing}}}}}}]}}
          - disconnect: {{name: Bye}}
",
            var = if action == "findSchedule" { "Flow.s" } else { "Flow.g" },
        ),
    )
}

/// Find Schedule: "The schedule string name must be a minimum of one character and maximum of
/// 256 characters"; Find Schedule Group: "The schedule group string name must be a minimum of
/// one character and maximum of 256 characters": an empty name, or one of more than 256
/// characters, finds nothing, even one the fixtures list under it.
#[test]
fn find_schedule_and_schedule_group_find_only_names_of_one_to_256_characters() {
    let org = |name: &str| {
        format!(
            r#"{{"schedules": [{{"id": "s1", "name": "{name}", "start": "2024-01-01T08:00:00",
                "end": "2024-01-01T17:00:00", "rrule": "FREQ=DAILY"}}],
               "scheduleGroups": [{{"id": "g1", "name": "{name}", "timeZone": "UTC",
                "openSchedules": ["{name}"]}}]}}"#
        )
    };
    for action in ["findSchedule", "findScheduleGroup"] {
        let found = |name: &str, listed: &str| {
            let j = run(&[&find_flow(action, name)], &org(listed), "Probe", &[]);
            said(&j).join(" ")
        };
        let long = "h".repeat(256);
        assert_eq!(found(&format!("{{lit: {long}}}"), &long), "found", "{action}");
        let longer = "h".repeat(257);
        assert_eq!(found(&format!("{{lit: {longer}}}"), &longer), "missing", "{action}");
        assert_eq!(found("{exp: '\"\"'}", "h"), "missing", "{action}");
    }
}
