//! Action behaviours Genesys documents on the pages of the Find actions, Set Priority, common
//! modules and the built-in variables, each on the smallest Archy flow that shows it, through
//! `flowsim run` and `flowsim check`. The pages and their words are in docs/architect.md §6.

use crate::cli::flowsim;
use crate::support::{main_task_flow, run_in_folder as run, taken_outputs as outputs};
use serde_json::Value as J;

/// An inbound call flow whose task runs `actions` (indented as list items of `actions:`)
/// with `variables` declared.
fn call_flow(variables: &str, actions: &str) -> String {
    format!(
        "inboundCall:
  name: Probe
  startUpRef: ./tasks/task[Main_1]
  variables:
{variables}  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
{actions}          - disconnect: {{name: Bye}}
"
    )
}

const ORG: &str = r#"{
  "queues": [{"id": "5f0a0000-0000-4000-8000-000000000001", "name": "Support"}],
  "users": [{"id": "u1", "name": "Ann Lee", "email": "Ann@Example.com"}],
  "skills": [{"id": "s1", "name": "Billing"}],
  "schedules": [{"id": "sch1", "name": "Weekdays", "start": "2024-01-01T08:00:00",
                 "end": "2024-01-01T17:00:00", "rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"}],
  "scheduleGroups": [{"id": "sg1", "name": "Main Hours", "timeZone": "UTC",
                      "openSchedules": ["Weekdays"]}],
  "emergencyGroups": [{"id": "e1", "name": "Storm", "enabled": false}]
}"#;

#[test]
fn a_find_action_that_finds_nothing_leaves_its_result_as_it_was() {
    let flow = call_flow(
        "    - queueVariable: {name: Flow.q}\n    - skillVariable: {name: Flow.s}\n    - userVariable: {name: Flow.u}\n",
        "          - findQueue: {name: Queue, findName: {lit: Support}, findResult: {var: Flow.q}}
          - findQueue: {name: No queue, findName: {lit: Nope}, findResult: {var: Flow.q}}
          - findSkill: {name: Skill, findName: {lit: Billing}, findResult: {var: Flow.s}}
          - findSkill: {name: No skill, findName: {exp: 'ToString(NOT_SET)'}, findResult: {var: Flow.s}}
          - findUserById: {name: User, findId: {lit: u1}, findResult: {var: Flow.u}}
          - findUserById: {name: No user, findId: {lit: u9}, findResult: {var: Flow.u}}
",
    );
    let j = run(&[&flow], ORG, "Probe", &[]);
    assert_eq!(
        outputs(&j)[..6],
        ["found", "notFound", "found", "notFound", "found", "notFound"],
        "{j:#}"
    );
    // "The Skill Result field does not populate when the flow follows the Not Found path":
    // each variable keeps what the earlier find wrote.
    assert_eq!(j["variables"]["Flow.q"]["name"], "Support", "{j:#}");
    assert_eq!(j["variables"]["Flow.s"]["name"], "Billing");
    assert_eq!(j["variables"]["Flow.u"]["name"], "Ann Lee");
    // A miss writes nothing: the trace shows no write for it.
    assert!(j["trace"][1]["result"]["variables"].is_null(), "{j:#}");
}

/// Genesys: Find User by Id takes "the user ID that locates the user"; finding a user by
/// email is Find User's ("For information on how to find a user by email, see Find User
/// action", Find User by Id action). Find Users by Id looks each id up the same way.
#[test]
fn find_user_by_id_finds_a_user_by_id_only() {
    let flow = call_flow(
        "    - userVariable: {name: Flow.u}\n    - userVariable: {name: Flow.us, isCollection: true}\n",
        "          - findUserById: {name: Id, findId: {lit: u1}, findResult: {var: Flow.u}}
          - findUserById: {name: Email, findId: {lit: ann@example.com}, findResult: {var: Flow.u}}
          - findUserById: {name: Name, findId: {lit: Ann Lee}, findResult: {var: Flow.u}}
          - findUsersById: {name: Ids, findIds: {exp: 'MakeList(\"u1\", \"Ann Lee\")'}, findResult: {var: Flow.us}}
",
    );
    let j = run(&[&flow], ORG, "Probe", &[]);
    assert_eq!(outputs(&j)[..4], ["found", "notFound", "notFound", "partiallyFound"], "{j:#}");
}

#[test]
fn find_queue_by_id_ignores_case_and_surrounding_white_space() {
    let flow = call_flow(
        "    - queueVariable: {name: Flow.q}\n",
        "          - findQueueById: {name: By id, findId: {lit: ' 5F0A0000-0000-4000-8000-000000000001 '}, findResult: {var: Flow.q}}\n",
    );
    let j = run(&[&flow], ORG, "Probe", &[]);
    assert_eq!(outputs(&j)[0], "found", "{j:#}");
    assert_eq!(j["variables"]["Flow.q"]["id"], "5f0a0000-0000-4000-8000-000000000001");
}

#[test]
fn find_user_schedule_schedule_group_and_emergency_group_ignore_case_and_not_set_is_not_found() {
    let flow = call_flow(
        "    - userVariable: {name: Flow.u}
    - scheduleVariable: {name: Flow.sch}
    - scheduleGroupVariable: {name: Flow.sg}
    - emergencyGroupVariable: {name: Flow.e}
",
        "          - findUser: {name: User, findEmail: {lit: ann@EXAMPLE.com}, findResult: {var: Flow.u}}
          - findSchedule: {name: Schedule, findName: {lit: WEEKDAYS}, findResult: {var: Flow.sch}}
          - findScheduleGroup: {name: Group, findName: {lit: main hours}, findResult: {var: Flow.sg}}
          - findEmergencyGroup: {name: Emergency, findName: {lit: STORM}, findResult: {var: Flow.e}}
          - findSchedule: {name: No schedule, findName: {exp: 'ToString(NOT_SET)'}, findResult: {var: Flow.sch}}
          - findScheduleGroup: {name: No group, findName: {exp: 'ToString(NOT_SET)'}, findResult: {var: Flow.sg}}
          - findEmergencyGroup: {name: No emergency, findName: {exp: 'ToString(NOT_SET)'}, findResult: {var: Flow.e}}
",
    );
    let j = run(&[&flow], ORG, "Probe", &[]);
    assert_eq!(
        outputs(&j)[..7],
        ["found", "found", "found", "found", "notFound", "notFound", "notFound"],
        "{j:#}"
    );
    assert_eq!(j["variables"]["Flow.u"]["name"], "Ann Lee");
    assert_eq!(j["variables"]["Flow.sch"]["name"], "Weekdays");
    assert_eq!(j["variables"]["Flow.sg"]["name"], "Main Hours");
    assert_eq!(j["variables"]["Flow.e"]["name"], "Storm");
}

#[test]
fn find_user_reads_the_address_archy_writes_as_find_name_and_as_find_email() {
    let flow = call_flow(
        "    - userVariable: {name: Flow.u}\n    - userVariable: {name: Flow.v}\n",
        "          - findUser: {name: By name, findName: {lit: ANN@example.com}, findResult: {var: Flow.u}}
          - findUser: {name: By email, findEmail: {lit: ann@EXAMPLE.com}, findResult: {var: Flow.v}}
          - findUser: {name: Nobody, findName: {lit: bob@example.com}, findResult: {var: Flow.v}}
",
    );
    let j = run(&[&flow], ORG, "Probe", &[]);
    assert_eq!(outputs(&j)[..3], ["found", "found", "notFound"], "{j:#}");
    assert_eq!(j["variables"]["Flow.u"]["name"], "Ann Lee", "{j:#}");
    assert_eq!(j["variables"]["Flow.v"]["name"], "Ann Lee");
    // Both keys are the action's own: `check` neither ignores nor misses one.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("probe.yaml");
    std::fs::write(&file, &flow).unwrap();
    let o = flowsim(&["check", "--flows", file.to_str().unwrap()]);
    let all = format!("{}{}", o.stdout, o.stderr);
    assert_eq!(o.code, 0, "{all}");
    assert!(!all.contains("unknownProperty") && !all.contains("missingProperty"), "{all}");
}

#[test]
fn find_users_by_id_looks_up_the_first_fifty_ids_and_gives_not_set_past_them() {
    let users: Vec<String> =
        (0..60).map(|i| format!(r#"{{"id": "u{i}", "name": "User {i}"}}"#)).collect();
    let org = format!(r#"{{"users": [{}]}}"#, users.join(", "));
    let ids: Vec<String> = (0..55).map(|i| format!("\"u{i}\"")).collect();
    let flow = call_flow(
        "    - userCollectionVariable: {name: Flow.users}\n",
        &format!(
            "          - findUsersById: {{name: Users, findIds: {{exp: 'MakeList({})'}}, findResult: {{var: Flow.users}}}}\n",
            ids.join(", ")
        ),
    );
    let j = run(&[&flow], &org, "Probe", &[]);
    // 55 ids, every one a user: the first 50 are found, the last 5 are NOT_SET, so not all
    // of them were located.
    assert_eq!(outputs(&j)[0], "partiallyFound", "{j:#}");
    let users = j["variables"]["Flow.users"].as_array().unwrap();
    assert_eq!(users.len(), 55);
    assert_eq!(users[49]["name"], "User 49");
    assert!(users[50..].iter().all(J::is_null), "{users:?}");
}

/// An in-queue call flow that sets the priority to `priority` and reads `Call.Priority` back.
fn priority_flow(priority: &str) -> String {
    format!(
        "inqueueCall:
  name: Waiting
  startUpRef: ./tasks/task[Main_1]
  variables:
    - integerVariable: {{name: Flow.p}}
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - setPriority:
              name: Priority
              priority: {priority}
              outputs:
                failure: {{actions: [{{playAudio: {{name: Failed, audio: {{tts: Not set.}}}}}}]}}
          - updateData:
              name: Read
              statements:
                - integer: {{variable: Flow.p, value: {{exp: Call.Priority}}}}
          - disconnect: {{name: Bye}}
"
    )
}

#[test]
fn set_priority_updates_call_priority_and_a_not_set_priority_takes_failure() {
    let j = run(&[&priority_flow("{lit: 7}")], "{}", "Waiting", &[]);
    assert_eq!(outputs(&j)[0], "success", "{j:#}");
    // "the flow takes the success path at runtime and updates the Call.Priority ... variable".
    assert_eq!(j["variables"]["Flow.p"], 7, "{j:#}");
    let j = run(&[&priority_flow("{exp: 'ToInt(NOT_SET)'}")], "{}", "Waiting", &[]);
    assert_eq!(outputs(&j)[0], "failure", "{j:#}");
    assert_eq!(j["prompts"][0]["text"], "Not set.");
    // The priority stays the one the interaction entered the queue with (0 here, §4).
    assert_eq!(j["variables"]["Flow.p"], 0, "{j:#}");
    // `check` knows the built-in: no warning about it.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("waiting.yaml");
    std::fs::write(&file, priority_flow("{lit: 7}")).unwrap();
    let o = flowsim(&["check", "--strict", "--flows", file.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
}

/// A common module `name` whose task runs `action`.
fn module(name: &str, action: &str) -> String {
    main_task_flow("commonModule", name, "", &format!("          - {action}\n"))
}

#[test]
fn a_common_module_that_calls_a_common_module_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let outer = module(
        "Outer",
        "callCommonModule: {name: Inner call, commonModule: {Inner: {ver_latestPublished: {}}}}",
    );
    let inner = module("Inner", "updateData: {name: Nothing, statements: []}");
    std::fs::write(dir.path().join("outer.yaml"), outer).unwrap();
    std::fs::write(dir.path().join("inner.yaml"), inner).unwrap();
    let folder = dir.path().to_str().unwrap();
    let o = flowsim(&["check", "--flows", folder]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    let all = format!("{}{}", o.stdout, o.stderr);
    assert!(all.contains("error[moduleInModule]") && all.contains("outer.yaml:9:1"), "{all}");
    // A load error: `run` refuses the flows rather than run the inner module.
    let o = flowsim(&["run", "--flows", folder, "Outer"]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    // Calling the module from a call flow is what Architect allows.
    let call = call_flow(
        "",
        "          - callCommonModule: {name: Inner call, commonModule: {Inner: {ver_latestPublished: {}}}}\n",
    );
    let call = call.replace("  variables:\n", "");
    std::fs::remove_file(dir.path().join("outer.yaml")).unwrap();
    std::fs::write(dir.path().join("call.yaml"), call).unwrap();
    let o = flowsim(&["check", "--flows", folder]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
}

#[test]
fn a_decision_in_literal_mode_always_takes_that_path() {
    let flow = call_flow(
        "    - stringVariable: {name: Flow.path}\n",
        "          - decision:
              name: Always
              condition: {lit: false}
              outputs:
                yes: {actions: [{updateData: {name: Yes, statements: [{string: {variable: Flow.path, value: {lit: yes}}}]}}]}
                no: {actions: [{updateData: {name: No, statements: [{string: {variable: Flow.path, value: {lit: no}}}]}}]}
",
    );
    let j = run(&[&flow], "{}", "Probe", &[]);
    assert_eq!(outputs(&j)[0], "no", "{j:#}");
    assert_eq!(j["variables"]["Flow.path"], "no");
}

#[test]
fn a_decision_goes_yes_when_its_condition_is_true_and_no_when_false() {
    // "If the condition is true, the process goes in the Yes direction. If the condition is
    // false, the process goes in the No direction." Its example: "An integer variable is equal
    // to 10."
    let decision = |name: &str, condition: &str| {
        format!(
            "          - decision:
              name: {name}
              condition: {{exp: '{condition}'}}
              outputs:
                yes: {{actions: [{{updateData: {{name: {name} yes, statements: [{{string: {{variable: Flow.path, value: {{exp: 'Flow.path + \"{name}:yes \"'}}}}}}]}}}}]}}
                no: {{actions: [{{updateData: {{name: {name} no, statements: [{{string: {{variable: Flow.path, value: {{exp: 'Flow.path + \"{name}:no \"'}}}}}}]}}}}]}}
"
        )
    };
    let flow = call_flow(
        "    - stringVariable: {name: Flow.path, initialValue: {lit: \"\"}}\n    - integerVariable: {name: Flow.n}\n",
        &format!(
            "          - updateData: {{name: Ten, statements: [{{integer: {{variable: Flow.n, value: {{lit: 10}}}}}}]}}\n{}{}",
            decision("Equal", "Flow.n == 10"),
            decision("Other", "Flow.n == 11"),
        ),
    );
    let j = run(&[&flow], "{}", "Probe", &[]);
    assert_eq!(j["variables"]["Flow.path"], "Equal:yes Other:no ", "{j:#}");
}

#[test]
fn a_string_cannot_be_converted_to_a_queue() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("queue.yaml");
    let flow = call_flow(
        "    - queueVariable: {name: Flow.q}\n",
        "          - updateData:
              name: To queue
              statements:
                - queue: {variable: Flow.q, value: {exp: 'ToQueue(\"Support\")'}}
",
    );
    std::fs::write(&file, flow).unwrap();
    let o = flowsim(&["check", "--flows", file.to_str().unwrap()]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    let all = format!("{}{}", o.stdout, o.stderr);
    assert!(all.contains("ToQueue: argument 1 must be Queue, not String"), "{all}");
    assert!(all.contains("ToQueue(Queue*) -> Queue"), "{all}");
}

#[test]
fn call_language_is_the_lowercase_tag_and_a_new_calls_called_address_is_the_original() {
    let flow = call_flow(
        "    - stringVariable: {name: Flow.lang}
    - stringVariable: {name: Flow.called}
    - stringVariable: {name: Flow.original}
",
        "          - setLanguage: {name: Language, language: {lit: EN-US}}
          - updateData:
              name: Read
              statements:
                - string: {variable: Flow.lang, value: {exp: Call.Language}}
                - string: {variable: Flow.called, value: {exp: Call.CalledAddress}}
                - string: {variable: Flow.original, value: {exp: Call.CalledAddressOriginal}}
",
    );
    let j = run(&[&flow], "{}", "Probe", &["--context", "to=+13175550100"]);
    assert_eq!(j["variables"]["Flow.lang"], "en-us", "{j:#}");
    assert_eq!(j["variables"]["Flow.called"], "+13175550100");
    assert_eq!(j["variables"]["Flow.original"], "+13175550100");
}

/// A bot flow of `kind` that asks a yes/no question, with one retry of each kind.
fn yes_no_bot(kind: &str) -> String {
    format!(
        r#"{kind}:
  name: Asker
  startUpRef: "/{kind}/bots/bot[B_1]"
  settingsUserInput:
    noInputsMax: {{lit: 1}}
    noMatchesMax: {{lit: 1}}
    noInputApology: {{exp: 'MakeCommunication("Hello?")'}}
    noMatchApology: {{exp: 'MakeCommunication("Sorry.")'}}
  bots:
    - bot:
        name: Main
        refId: B_1
        actions:
          - askForBoolean:
              name: Ask
              question: {{exp: 'MakeCommunication("Proceed?")'}}
              noInput: {{exp: 'MakeCommunication("Say yes or no.")'}}
              noMatch: {{exp: 'MakeCommunication("Please say yes or no.")'}}
              outputs:
                yes: {{actions: [{{exitBotFlow: {{name: Yes}}}}]}}
                no: {{actions: [{{exitBotFlow: {{name: No}}}}]}}
  settingsNaturalLanguageUnderstanding:
    nluDomainVersion:
      intents: []
      entities: []
      entityTypes: []
"#
    )
}

#[test]
fn ask_for_yes_no_retries_with_the_apologies_and_a_digital_bot_asks_its_question_again() {
    let said = |kind: &str| {
        let args = ["--input", "timeout", "--input", "say:banana", "--input", "say:yes"];
        let j = run(&[&yes_no_bot(kind)], "{}", "Asker", &args);
        assert_eq!(j["status"], "completed", "{j:#}");
        let prompts = j["prompts"].as_array().unwrap().iter();
        prompts.map(|p| p["text"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
    };
    // No input: the apology, then the No Input reprompt; no match: the apology, then the No
    // Match communication.
    assert_eq!(
        said("botFlow"),
        ["Proceed?", "Hello?", "Say yes or no.", "Sorry.", "Please say yes or no."]
    );
    // "No Input reprompts are not enabled for Digital Bot Flows": the apology and the question.
    assert_eq!(
        said("digitalBotFlow"),
        ["Proceed?", "Hello?", "Proceed?", "Sorry.", "Please say yes or no."]
    );
}
