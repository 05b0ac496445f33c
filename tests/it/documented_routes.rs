//! Routing and schedule behaviours Genesys documents: the language skill a Transfer to ACD
//! requires, and Evaluate Schedule's Emergency Group evaluation type, each on the smallest Archy
//! flow that shows it, through `flowsim run` and `flowsim check`. The pages and their words are
//! in docs/architect.md §6.

use crate::cli::flowsim;
use crate::support::{probe_call_flow as call_flow, prompts, run_in_folder as run};

const ORG: &str = r#"{
  "queues": [{"id": "q1", "name": "Support"}],
  "languages": [{"id": "l1", "name": "Spanish"}, {"id": "l2", "name": "French"}],
  "emergencyGroups": [
    {"id": "e1", "name": "Storm", "enabled": true},
    {"id": "e2", "name": "Calm", "enabled": false}
  ]
}"#;

/// Flow settings with a default language skill for English (`english`) and for Spanish
/// (`spanish`), `{noValue: true}` for none.
fn languages(english: &str, spanish: &str) -> String {
    format!(
        "  defaultLanguage: en-us
  supportedLanguages:
    en-us: {{defaultLanguageSkill: {english}}}
    es-us: {{defaultLanguageSkill: {spanish}}}
"
    )
}

const TO_SUPPORT: &str =
    "          - transferToAcd: {name: To support, targetQueue: {lit: {name: Support}}}\n";

#[test]
fn a_transfer_to_acd_requires_its_language_skill_else_the_flows_default_else_none() {
    let spanish = "{lit: {name: Spanish}}";
    let none = "{noValue: true}";
    // The flow's default language skill set, the action's not set: the flow's.
    let j = run(&[&call_flow(&languages(spanish, none), TO_SUPPORT)], ORG, "Probe", &[]);
    assert_eq!(j["status"], "transferred", "{j:#}");
    assert_eq!(j["route"]["queueName"], "Support", "{j:#}");
    assert_eq!(j["route"]["languageSkill"], "Spanish", "{j:#}");
    // Both set: the action's.
    let own = "          - transferToAcd:
              name: To support
              targetQueue: {lit: {name: Support}}
              languageSkill: {lit: {name: French}}
";
    let j = run(&[&call_flow(&languages(spanish, none), own)], ORG, "Probe", &[]);
    assert_eq!(j["route"]["languageSkill"], "French", "{j:#}");
    // Neither set: no language skill.
    let j = run(&[&call_flow(&languages(none, none), TO_SUPPORT)], ORG, "Probe", &[]);
    assert_eq!(j["route"]["type"], "acd", "{j:#}");
    assert!(j["route"].get("languageSkill").is_none(), "{j:#}");
    // The flow's default is the one set for the conversation's language.
    let set = format!(
        "          - setLanguage: {{name: Spanish please, language: {{lit: es-us}}}}\n{TO_SUPPORT}"
    );
    let french = "{lit: {name: French}}";
    let j = run(&[&call_flow(&languages(spanish, french), &set)], ORG, "Probe", &[]);
    assert_eq!(j["route"]["languageSkill"], "French", "{j:#}");
}

/// An Evaluate Schedule of evaluation type Emergency Group on `group`, saying which path it took.
fn emergency_flow(group: &str) -> String {
    call_flow(
        "",
        &format!(
            "          - evaluateSchedule:
              name: Storm?
              evaluationType: {{emergencyGroup: {{selectedEmergencyGroup: {group}}}}}
              outputs:
                active: {{actions: [{{playAudio: {{name: A, audio: {{tts: active}}}}}}]}}
                inactive: {{actions: [{{playAudio: {{name: I, audio: {{tts: inactive}}}}}}]}}
          - disconnect: {{name: Bye}}
"
        ),
    )
}

#[test]
fn evaluate_schedule_of_evaluation_type_emergency_group_is_active_while_the_group_is() {
    let j = run(&[&emergency_flow("{lit: {name: Storm}}")], ORG, "Probe", &[]);
    assert_eq!(prompts(&j), ["active"], "{j:#}");
    let j = run(&[&emergency_flow("{lit: {name: Calm}}")], ORG, "Probe", &[]);
    assert_eq!(prompts(&j), ["inactive"], "{j:#}");
    // A group the org lacks fails the action into the flow's error handling.
    let j = run(&[&emergency_flow("{lit: {name: Flood}}")], ORG, "Probe", &[]);
    assert_eq!(j["error"]["kind"], "emergencyGroupNotFound", "{j:#}");
    assert_eq!(prompts(&j), Vec::<&str>::new(), "{j:#}");
    // With nothing to evaluate the flow is refused: no emergency group for that type, no
    // schedule for the Schedule type.
    let dir = tempfile::tempdir().unwrap();
    let none = call_flow(
        "",
        "          - evaluateSchedule:
              name: Nothing
              evaluateEmergencyGroup: {lit: true}
",
    );
    let no_schedule =
        call_flow("", "          - evaluateSchedule: {name: Nothing, timeZone: {lit: UTC}}\n");
    for (flow, property) in [(none, "emergencyGroup"), (no_schedule, "schedule")] {
        let path = dir.path().join("f.yaml");
        std::fs::write(&path, flow).unwrap();
        let o = flowsim(&["check", path.to_str().unwrap()]);
        assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
        assert!(o.stdout.contains("error[missingProperty]"), "{}", o.stdout);
        assert!(o.stdout.contains(&format!("has no {property} to evaluate")), "{}", o.stdout);
    }
}

#[test]
fn a_failed_transfer_to_acd_maps_a_non_empty_error_type_and_its_message() {
    let head = "  variables:
    - stringVariable: {name: Flow.t, initialValue: {noValue: true}}
    - stringVariable: {name: Flow.m, initialValue: {noValue: true}}
";
    let actions = "          - transferToAcd:
              name: To nowhere
              targetQueue: {lit: {name: Nowhere}}
              failureOutputs: {errorType: {var: Flow.t}, errorMessage: {var: Flow.m}}
              outputs:
                failure: {actions: [{disconnect: {name: Bye}}]}
";
    let j = run(&[&call_flow(head, actions)], ORG, "Probe", &[]);
    assert_eq!(j["status"], "disconnected", "{j:#}");
    // "errorType: A non-empty string that contains the type or category of the error."
    assert_eq!(j["variables"]["Flow.t"], "queueNotFound", "{j:#}");
    assert!(j["variables"]["Flow.m"].as_str().is_some_and(|m| m.contains("Nowhere")), "{j:#}");
}

#[test]
fn a_schedule_group_outside_every_schedule_is_closed() {
    let org = r#"{
      "schedules": [{"id": "s1", "name": "Weekdays", "start": "2026-01-05T08:00:00.000",
                     "end": "2026-01-05T18:00:00.000", "rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"}],
      "scheduleGroups": [{"id": "g1", "name": "Hours", "timeZone": "UTC", "openSchedules": ["Weekdays"]}]
    }"#;
    let say = |p: &str| format!("{{actions: [{{playAudio: {{name: {p}, audio: {{tts: {p}}}}}}}]}}");
    let flow = call_flow(
        "",
        &format!(
            "          - evaluateScheduleGroup:
              name: Hours
              scheduleGroup: {{lit: {{name: Hours}}}}
              outputs: {{open: {}, closed: {}, holiday: {}, emergency: {}}}
          - disconnect: {{name: Bye}}
",
            say("open"),
            say("closed"),
            say("holiday"),
            say("emergency")
        ),
    );
    // "If none of the defined schedules include the supplied date and time, then at runtime the
    // flow takes the Closed output path": a Saturday.
    let j = run(&[&flow], org, "Probe", &["--context", "startTime=2026-01-10T15:00:00Z"]);
    assert_eq!(prompts(&j), ["closed"], "{j:#}");
    let j = run(&[&flow], org, "Probe", &["--context", "startTime=2026-01-12T09:00:00Z"]);
    assert_eq!(prompts(&j), ["open"], "{j:#}");
}

#[test]
fn an_emergency_group_alone_is_emergency_while_active_else_closed() {
    // The form of Genesys's own web messaging blueprint: no schedule group, an emergency group,
    // only the emergency output wired. "Unless an emergency schedule is activated, the default
    // evaluation is Closed" (Evaluate Schedule Group action).
    let flow = |group: &str, when: &str| {
        call_flow(
            "",
            &format!(
                "          - evaluateScheduleGroup:
              name: Storm?
              evaluate: {when}
              scheduleGroup: {{exp: ToScheduleGroup(NOT_SET)}}
              emergencyGroup: {{exp: FindEmergencyGroup(\"{group}\")}}
              outputs:
                emergency: {{actions: [{{playAudio: {{name: E, audio: {{tts: emergency}}}}}}, {{disconnect: {{name: Out}}}}]}}
          - playAudio: {{name: N, audio: {{tts: normal}}}}
          - disconnect: {{name: Bye}}
"
            ),
        )
    };
    let j = run(&[&flow("Storm", "{now: true}")], ORG, "Probe", &[]);
    assert_eq!(prompts(&j), ["emergency"], "{j:#}");
    let j = run(&[&flow("Calm", "{now: true}")], ORG, "Probe", &[]);
    assert_eq!(prompts(&j), ["normal"], "{j:#}");
    assert_eq!(j["status"], "disconnected", "{j:#}");
    // "If NOT_SET passes to this field, the action fails at runtime", emergency or not.
    let at = "{dateTime: {exp: ToDateTime(NOT_SET)}}";
    for group in ["Storm", "Calm"] {
        let j = run(&[&flow(group, at)], ORG, "Probe", &[]);
        assert_eq!(j["error"]["kind"], "notSet", "{group}: {j:#}");
    }
}

/// Evaluate Schedule Group's Output Active Schedules is not written offline (no page says
/// whether it holds names or ids, docs/architect.md §5): `check` says so, loudly.
#[test]
fn the_active_schedules_output_is_reported_as_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.yaml");
    let flow = call_flow(
        "  variables:\n    - stringCollectionVariable: {name: Flow.active}\n",
        "          - evaluateScheduleGroup:
              name: Hours
              scheduleGroup: {lit: {name: Hours}}
              inServiceSchedules: {var: Flow.active}
          - disconnect: {name: Bye}
",
    );
    std::fs::write(&path, flow).unwrap();
    let o = flowsim(&["check", path.to_str().unwrap()]);
    assert!(
        o.stdout.contains("warning[unsupported]: `Hours` writes its active schedules to `Flow.active`, which a run does not write"),
        "{}",
        o.stdout
    );
}
