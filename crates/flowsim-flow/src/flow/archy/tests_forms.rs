//! Property forms real Archy flows write besides one wrapper per property: audio as a list of
//! parts or a prompt by name, collections as lists, a screen pop's script keyed by its name,
//! a schedule's `evaluationType`, a switch's `firstMatch`.

use super::tests::{node, ok};
use crate::flow::action::{Action, Prop};
use crate::flow::model::Flow;

/// A call flow whose one task holds `actions` (YAML, indented for the task's list).
fn flow(actions: &str) -> Flow {
    ok(&format!(
        "inboundCall:\n  name: F\n  startUpRef: ./tasks/task[T_1]\n  tasks:\n    - task:\n        name: T\n        refId: T_1\n        actions:\n{actions}"
    ))
}

#[track_caller]
fn action<'f>(flow: &'f Flow, id: &str) -> &'f Action {
    &node(flow, id).action
}

/// The property `name` of action `id`, as source text (expressions) or text.
#[track_caller]
fn prop(flow: &Flow, id: &str, name: &str) -> String {
    let a = action(flow, id);
    let i = a.spec().prop_index(name).expect("a property of the action");
    match a.prop(i) {
        Prop::Expr(e) => e.to_string(),
        Prop::Text(t) => format!("text {t}"),
        Prop::Map(m) => m.iter().map(|(k, v)| format!("{k}={v:?}")).collect::<Vec<_>>().join(","),
        Prop::None => "none".into(),
        other => format!("{other:?}"),
    }
}

#[test]
fn audio_as_a_list_of_parts_plays_them_in_order() {
    let f = flow(
        "          - playAudio:
              name: P
              audio:
                - tts: Hello
                - prompt: PromptSystem.beep
                - exp: ToAudioTTS(\"there\")
",
    );
    assert_eq!(
        prop(&f, "T/P", "audio"),
        r#"Append(ToAudioTTS("Hello"), PromptSystem.beep, ToAudioTTS("there"))"#
    );
}

#[test]
fn a_prompt_by_name_is_the_prompt() {
    let f = flow(
        "          - collectInput:
              name: C
              inputData: {var: Flow.x}
              inputAudio: {prompt: Prompt.Welcome}
",
    );
    assert_eq!(prop(&f, "T/C", "inputAudio"), "Prompt.Welcome");
}

#[test]
fn a_collection_written_as_a_list_is_a_list_of_its_items() {
    let f = flow(
        "          - transferToAcd:
              name: Q
              targetQueue: {lit: {name: Support}}
              acdSkills:
                - acdSkill: {lit: {name: Billing}}
                - acdSkill: {exp: Flow.skill}
                - {lit: French}
",
    );
    assert_eq!(prop(&f, "T/Q", "acdSkills"), r#"MakeList("Billing", Flow.skill, "French")"#);
}

#[test]
fn a_screen_pop_script_keyed_by_its_name_carries_its_inputs() {
    let f = flow(
        "          - setScreenPop:
              name: Pop
              screenPopScript:
                Account Script:
                  inputs:
                    Ani: {exp: Call.Ani}
          - setScreenPop:
              name: Plain
              screenPopScript: {lit: {name: Other Script}}
",
    );
    assert_eq!(prop(&f, "T/Pop", "screenPopScript"), "text Account Script");
    assert!(prop(&f, "T/Pop", "inputs").starts_with("Ani="), "{}", prop(&f, "T/Pop", "inputs"));
    assert_eq!(prop(&f, "T/Plain", "screenPopScript"), "text Other Script");
}

#[test]
fn a_schedule_evaluation_type_may_sit_one_level_down() {
    let f = flow(
        "          - evaluateScheduleGroup:
              name: Now
              scheduleGroup: {lit: {name: Hours}}
              evaluate:
                evaluationType:
                  now: true
          - evaluateScheduleGroup:
              name: At
              scheduleGroup: {lit: {name: Hours}}
              evaluate:
                evaluationType:
                  dateTime: {exp: 'ToDateTime(\"2026-01-06T15:00:00Z\")'}
",
    );
    assert_eq!(prop(&f, "T/Now", "evaluate"), "none");
    assert_eq!(prop(&f, "T/At", "evaluate"), r#"ToDateTime("2026-01-06T15:00:00Z")"#);
}

#[test]
fn a_first_match_switch_reads_the_value_its_cases_are_compared_with() {
    let f = flow(
        "          - switch:
              name: S
              evaluate:
                firstMatch:
                  string: {exp: Flow.tier}
                  cases:
                    - case:
                        value: {lit: gold}
                        actions: [{disconnect: {name: Gold}}]
                  default:
                    actions: [{disconnect: {name: Other}}]
",
    );
    assert_eq!(prop(&f, "T/S", "expression"), "Flow.tier");
    let names: Vec<_> = node(&f, "T/S").exits.iter().map(|e| e.name.to_string()).collect();
    assert_eq!(names, ["default", "case 1"]);
}

#[test]
fn a_first_match_switch_reads_archys_typed_form() {
    let f = flow(
        "          - switch:
              name: S
              evaluate:
                firstMatch:
                  string:
                    value: {exp: Flow.tier}
                    default:
                      actions: [{disconnect: {name: Other}}]
                    cases:
                      - case:
                          value: {lit: gold}
                          actions: [{disconnect: {name: Gold}}]
                      - case:
                          value: {lit: silver}
                          actions: [{disconnect: {name: Silver}}]
",
    );
    assert_eq!(prop(&f, "T/S", "expression"), "Flow.tier");
    let names: Vec<_> = node(&f, "T/S").exits.iter().map(|e| e.name.to_string()).collect();
    assert_eq!(names, ["default", "case 1", "case 2"]);
}

#[test]
fn a_schedule_may_sit_under_its_kind_of_evaluation() {
    let f = flow(
        "          - evaluateSchedule:
              name: Hours
              evaluationType:
                schedule:
                  selectedSchedule: {lit: {name: Business Hours}}
                  evaluationTimeZone: America/Chicago
                  scheduleTimeZone: {lit: America/Chicago}
                  evaluate:
                    dateTime: {exp: 'ToDateTime(\"2026-01-06T15:00:00Z\")'}
",
    );
    assert_eq!(prop(&f, "T/Hours", "schedule"), "text Business Hours");
    assert_eq!(prop(&f, "T/Hours", "timeZone"), "\"America/Chicago\"");
    assert_eq!(prop(&f, "T/Hours", "evaluate"), r#"ToDateTime("2026-01-06T15:00:00Z")"#);
}

#[test]
fn hold_musics_play_style_is_read() {
    let f = flow(
        "          - holdMusic:
              name: Whole
              prompt: {exp: Flow.HoldPrompt}
              playStyle:
                entirePrompt: true
          - holdMusic:
              name: Timed
              prompt: {exp: Flow.HoldPrompt}
              playStyle:
                duration: {lit: {seconds: 30}}
",
    );
    assert_eq!(prop(&f, "T/Whole", "playStyle"), "text prompt");
    assert_eq!(prop(&f, "T/Timed", "playStyle"), "text duration");
    assert_ne!(prop(&f, "T/Timed", "duration"), "none");
}

/// A module call's bindings under its version (`ver_latestPublished: {inputs: ...}`) or, when
/// the version is a scalar, beside it (`ver_latestPublished: true`, `inputs: ...`): both are
/// passed.
#[test]
fn a_module_calls_bindings_sit_under_or_beside_its_version() {
    for call in [
        "ver_latestPublished:\n                    inputs: {Common.n: {lit: 5}}",
        "ver_latestPublished: true\n                  inputs: {Common.n: {lit: 5}}",
    ] {
        let f = flow(&format!(
            "          - callCommonModule:
              name: C
              commonModule:
                Logs:
                  {call}
"
        ));
        assert!(
            prop(&f, "T/C", "inputs").starts_with("Common.n=Expr(Expr { kind: Lit(Int(5))"),
            "{call}"
        );
    }
}
