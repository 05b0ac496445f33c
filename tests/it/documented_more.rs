//! More action behaviours Genesys documents: Transfer to Voicemail, Disconnect, Update Data, Get
//! External Contact, the failure paths of flow-level error handling and audio sequences, each on
//! the smallest Archy flow that shows it, through `flowsim run`. The pages and their words are in
//! docs/architect.md §6.

use crate::cli::flowsim;
use crate::support::{
    probe_call_flow as call_flow, prompts, run_in_folder as run, taken_outputs as outputs,
};

const ORG: &str = r#"{
  "queues": [{"id": "q1", "name": "Support"}],
  "users": [{"id": "u1", "name": "Ann Lee", "email": "ann@example.com"}],
  "groups": [{"id": "g1", "name": "Billing Team"}],
  "contacts": [{"id": "c1", "firstName": "Bo", "lastName": "Ng", "email": "bo@example.com"}]
}"#;

#[test]
fn transfer_to_voicemail_reaches_a_users_queues_or_groups_voicemail_and_a_missing_one_fails() {
    let missing = call_flow(
        "",
        "          - transferToVoicemail: {name: No user, targetUser: {lit: {name: Nobody}}}
          - transferToVoicemail: {name: No queue, targetQueue: {lit: {name: Nowhere}}}
          - transferToVoicemail: {name: No group, targetGroup: {lit: {name: No Team}}}
          - disconnect: {name: Bye}
",
    );
    let j = run(&[&missing], ORG, "Probe", &[]);
    // "If the selected user, queue, or group no longer exists ..., the flow fails at this step."
    assert_eq!(outputs(&j)[..3], ["failure", "failure", "failure"], "{j:#}");
    let kinds: Vec<&str> =
        (0..3).map(|i| j["trace"][i]["error"]["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["userNotFound", "queueNotFound", "groupNotFound"]);
    for (key, target, name) in [
        ("targetUser", "Ann Lee", "Ann Lee"),
        ("targetQueue", "Support", "Support"),
        ("targetGroup", "Billing Team", "Billing Team"),
    ] {
        let flow = call_flow(
            "",
            &format!("          - transferToVoicemail: {{name: VM, {key}: {{lit: {{name: {target}}}}}}}\n"),
        );
        let j = run(&[&flow], ORG, "Probe", &[]);
        assert_eq!(j["status"], "transferred", "{key}: {j:#}");
        assert_eq!(j["route"]["type"], "voicemail");
        assert_eq!(j["route"]["to"], name);
    }
}

#[test]
fn a_menu_choice_transfers_to_voicemail_and_disconnects() {
    let flow = "inboundCall:
  name: Probe
  startUpRef: ./menus/menu[M_1]
  menus:
    - menu:
        name: M
        refId: M_1
        audio: {tts: Press 1 or 2.}
        choices:
          - menuTransferToVoicemail: {name: Mailbox, dtmf: digit_1, targetQueue: {lit: {name: Support}}}
          - menuDisconnect: {name: Bye, dtmf: digit_2}
";
    let j = run(&[flow], ORG, "Probe", &["--input", "1"]);
    assert_eq!(j["status"], "transferred", "{j:#}");
    assert_eq!(j["route"]["type"], "voicemail");
    assert_eq!(j["route"]["to"], "Support");
    let j = run(&[flow], ORG, "Probe", &["--input", "2"]);
    assert_eq!(j["status"], "disconnected", "{j:#}");
    assert!(j["error"].is_null(), "{j:#}");
}

#[test]
fn disconnect_ends_the_interaction_at_once() {
    let flow = call_flow(
        "",
        "          - playAudio: {name: Goodbye, audio: {tts: Thank you for calling.}}
          - disconnect: {name: Bye}
          - playAudio: {name: Never, audio: {tts: Still here.}}
",
    );
    let j = run(&[&flow], ORG, "Probe", &[]);
    assert_eq!(j["status"], "disconnected", "{j:#}");
    assert_eq!(prompts(&j), ["Thank you for calling."]);
    assert_eq!(j["trace"].as_array().unwrap().len(), 2, "{j:#}");
}

#[test]
fn update_data_on_a_variable_in_use_updates_that_variable() {
    let flow = call_flow(
        "  variables:\n    - stringVariable: {name: Flow.customer, initialValue: {lit: unknown}}\n",
        "          - updateData:
              name: Preferred
              statements:
                - string: {variable: Flow.customer, value: {exp: 'Append(\"pre\", \"ferred\")'}}
          - playAudio: {name: Say, audio: {exp: 'ToAudioTTS(Flow.customer)'}}
          - disconnect: {name: Bye}
",
    );
    let j = run(&[&flow], ORG, "Probe", &[]);
    assert_eq!(j["variables"]["Flow.customer"], "preferred", "{j:#}");
    assert_eq!(j["variables"].as_object().unwrap().len(), 1, "{j:#}");
    assert_eq!(prompts(&j), ["preferred"]);
}

#[test]
fn get_external_contact_writes_what_it_found_and_takes_not_found_otherwise() {
    let flow = "inboundEmail:
  name: Probe
  startUpRef: /inboundEmail/states/state[S_1]
  variables:
    - externalContactVariable: {name: Flow.contact}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - getExternalContact: {name: Known, externalId: {lit: c1}, externalResult: {var: Flow.contact}}
          - getExternalContact: {name: Unknown, externalId: {lit: c9}, externalResult: {var: Flow.other}}
          - disconnect: {name: Bye}
";
    let j = run(&[flow], ORG, "Probe", &[]);
    assert_eq!(outputs(&j)[..2], ["found", "notFound"], "{j:#}");
    assert_eq!(j["variables"]["Flow.contact"]["id"], "c1", "{j:#}");
    assert_eq!(j["variables"]["Flow.contact"]["firstName"], "Bo");
}

/// A call flow whose task fails (a NOT_SET Decision) with `handling` as its error handling.
fn failing_call(handling: &str) -> String {
    format!(
        "inboundCall:
  name: Probe
  startUpRef: ./tasks/task[Main_1]
  settingsErrorHandling:
    errorHandling:
{handling}
    preHandlingAudio: {{tts: 'Sorry, something went wrong.'}}
  menus:
    - menu:
        name: Fallback
        refId: Fallback_1
        audio: {{tts: Main menu.}}
        choices:
          - menuDisconnect: {{name: Bye, dtmf: digit_1}}
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - decision:
              name: Broken
              condition: {{exp: ToBool(NOT_SET)}}
          - disconnect: {{name: Unreached}}
    - task:
        name: Recover
        refId: Recover_1
        actions:
          - playAudio: {{name: Recovering, audio: {{tts: Let us try again.}}}}
          - disconnect: {{name: Done}}
"
    )
}

#[test]
fn error_handling_plays_its_pre_handling_audio_then_disconnects_transfers_or_jumps() {
    let j = run(&[&failing_call("      disconnect: {none: true}")], ORG, "Probe", &[]);
    assert_eq!(j["status"], "disconnected", "{j:#}");
    assert_eq!(prompts(&j), ["Sorry, something went wrong."]);
    assert_eq!(j["error"]["kind"], "notSet");

    let queue = "      queue:\n        targetQueue: {lit: {name: Support}}";
    let j = run(&[&failing_call(queue)], ORG, "Probe", &[]);
    assert_eq!(j["status"], "transferred", "{j:#}");
    assert_eq!(j["route"]["queueName"], "Support");
    assert_eq!(prompts(&j), ["Sorry, something went wrong."]);

    let menu = "      jumpToMenu:\n        targetMenuRef: ./menus/menu[Fallback_1]";
    let j = run(&[&failing_call(menu)], ORG, "Probe", &["--input", "1"]);
    assert_eq!(prompts(&j), ["Sorry, something went wrong.", "Main menu."], "{j:#}");
    assert_eq!(j["status"], "disconnected");

    let task = "      jumpToTask:\n        targetTaskRef: ./tasks/task[Recover_1]";
    let j = run(&[&failing_call(task)], ORG, "Probe", &[]);
    assert_eq!(prompts(&j), ["Sorry, something went wrong.", "Let us try again."], "{j:#}");
    assert_eq!(j["status"], "disconnected");
    assert_eq!(j["error"]["kind"], "notSet", "the result keeps the error: {j:#}");
}

#[test]
fn a_message_flows_error_handling_disconnects_or_transfers_to_a_queue() {
    let flow = |handling: &str| {
        format!(
            "inboundShortMessage:
  name: Probe
  startUpRef: /inboundShortMessage/states/state[S_1]
  settingsErrorHandling:
    errorHandling:
{handling}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - decision:
              name: Broken
              condition: {{exp: ToBool(NOT_SET)}}
          - disconnect: {{name: Unreached}}
"
        )
    };
    let j = run(&[&flow("      disconnect: {none: true}")], ORG, "Probe", &[]);
    assert_eq!(j["status"], "disconnected", "{j:#}");
    let j = run(
        &[&flow("      queue:\n        targetQueue: {lit: {name: Support}}")],
        ORG,
        "Probe",
        &[],
    );
    assert_eq!(j["status"], "transferred", "{j:#}");
    assert_eq!(j["route"]["queueName"], "Support");
    // A jump to a task or a transfer to a flow is not among a message flow's options: `check`
    // refuses it at the setting.
    let dir = tempfile::tempdir().unwrap();
    for (handling, what) in [
        (
            "      jumpToTask:\n        targetTaskRef: /inboundShortMessage/states/state[S_1]",
            "a jump to a task or menu",
        ),
        ("      transferToFlow:\n        targetFlow: {lit: {name: Other}}", "a transfer to a flow"),
    ] {
        let file = dir.path().join("probe.yaml");
        std::fs::write(&file, flow(handling)).unwrap();
        let o = flowsim(&["check", "--flows", file.to_str().unwrap(), "--color", "never"]);
        assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
        let want = format!(
            "error[notInFlowType]: the inboundShortMessage flow `Probe` handles errors with {what}"
        );
        assert!(o.stdout.contains(&want), "{}", o.stdout);
        assert!(o.stdout.contains("probe.yaml:6:7"), "{}", o.stdout);
    }
}

#[test]
fn an_audio_sequence_plays_in_order_and_tts_is_to_audio_tts() {
    let flow = call_flow(
        "  variables:\n    - decimalVariable: {name: Flow.AccountBalance, initialValue: {lit: 12.5}}\n",
        "          - playAudio: {name: Literal, audio: {tts: Thank you for calling.}}
          - playAudio: {name: Expression, audio: {exp: 'ToAudioTTS(\"Thank you for calling.\")'}}
          - playAudio: {name: Sequence, audio: {exp: 'ToAudioTTS(\"Your balance is\")'}}
          - playAudio: {name: Balance, audio: {exp: 'ToAudioTTS(ToString(Flow.AccountBalance))'}}
          - disconnect: {name: Bye}
",
    );
    let j = run(&[&flow], ORG, "Probe", &[]);
    assert_eq!(
        prompts(&j),
        ["Thank you for calling.", "Thank you for calling.", "Your balance is", "12.5"],
        "{j:#}"
    );
}

#[test]
fn an_inbound_email_flow_has_no_language_setting_audio_or_in_queue_action() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mail.yaml");
    let flow = |actions: &str| {
        format!(
            "inboundEmail:
  name: Mail
  startUpRef: /inboundEmail/states/state[S_1]
  states:
    - state:
        name: S
        refId: S_1
        actions:
{actions}          - disconnect: {{name: Bye}}
"
        )
    };
    std::fs::write(
        &file,
        flow(
            "          - setLanguage: {name: Lang, language: {lit: en-us}}
          - collectInput: {name: Digits, inputData: {var: Flow.d}}
          - playAudio: {name: Say, audio: {tts: Hello.}}
          - playEstimatedWaitTime: {name: Wait time}
",
        ),
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let o = flowsim(&["check", "--flows", path]);
    assert_ne!(o.code, 0, "{}", o.stdout);
    for (node, what) in [
        ("Lang", "a language setting"),
        ("Digits", "an audio control"),
        ("Say", "an audio control"),
        ("Wait time", "in-queue handling"),
    ] {
        let line = format!(
            "error[notInFlowType]: `{node}` is {what}, which the inboundEmail flow `Mail` cannot have"
        );
        assert!(o.stdout.contains(&line), "{line}\n{}", o.stdout);
    }
    assert_ne!(flowsim(&["run", "--flows", path, "Mail"]).code, 0);
    std::fs::write(
        &file,
        flow("          - sendAutoReply: {name: Reply, messageBody: {lit: Thanks}}\n"),
    )
    .unwrap();
    let o = flowsim(&["check", "--flows", path]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
}

#[test]
fn inbound_chat_and_message_flows_have_no_audio_or_in_queue_action() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("digital.yaml");
    let flow = |key: &str, actions: &str| {
        format!(
            "{key}:
  name: Talk
  startUpRef: /{key}/states/state[S_1]
  states:
    - state:
        name: S
        refId: S_1
        actions:
{actions}          - disconnect: {{name: Bye}}
"
        )
    };
    let audio = "          - collectInput: {name: Digits, inputData: {var: Flow.d}}
          - playAudio: {name: Say, audio: {tts: Hello.}}
          - holdMusic: {name: Music, prompt: {lit: PromptSystem.on_hold_music}}
          - playEstimatedWaitTime: {name: Wait time}
";
    let language = "          - setLanguage: {name: Lang, language: {lit: en-us}}\n";
    let path = file.to_str().unwrap();
    // Chat flows lack language settings too; message flows have them.
    for (key, refuses_language) in [("inboundChat", true), ("inboundShortMessage", false)] {
        std::fs::write(&file, flow(key, &format!("{language}{audio}"))).unwrap();
        let o = flowsim(&["check", "--flows", path]);
        assert_ne!(o.code, 0, "{}", o.stdout);
        for (node, what) in [
            ("Digits", "an audio control"),
            ("Say", "an audio control"),
            ("Music", "an audio control"),
            ("Wait time", "in-queue handling"),
            ("Lang", "a language setting"),
        ] {
            let line = format!(
                "error[notInFlowType]: `{node}` is {what}, which the {key} flow `Talk` cannot have"
            );
            let expected = node != "Lang" || refuses_language;
            assert_eq!(o.stdout.contains(&line), expected, "{line}\n{}", o.stdout);
        }
        assert_ne!(flowsim(&["run", "--flows", path, "Talk"]).code, 0);
    }
    std::fs::write(
        &file,
        flow(
            "inboundShortMessage",
            &format!(
                "{language}          - sendResponse: {{name: Reply, messageBody: {{lit: Hi}}}}\n"
            ),
        ),
    )
    .unwrap();
    let o = flowsim(&["check", "--flows", path]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
}

#[test]
fn transfer_to_user_and_group_play_their_audio_and_a_missing_target_takes_failure() {
    for (key, target, kind) in [
        ("transferToUser", "targetUser", "userNotFound"),
        ("transferToGroup", "targetGroup", "groupNotFound"),
    ] {
        let missing = call_flow(
            "",
            &format!(
                "          - {key}:
              name: Missing
              {target}: {{lit: {{name: Nobody}}}}
              preTransferAudio: {{tts: Transferring.}}
              failureTransferAudio: {{tts: That transfer failed.}}
          - disconnect: {{name: Bye}}
"
            ),
        );
        let j = run(&[&missing], ORG, "Probe", &[]);
        // "If the selected user is removed ... the flow will fail at this action step."
        assert_eq!(outputs(&j)[0], "failure", "{key}: {j:#}");
        assert_eq!(j["trace"][0]["error"]["kind"], kind);
        assert_eq!(prompts(&j), ["That transfer failed."], "{key}: {j:#}");
        assert_eq!(j["status"], "disconnected");
    }
    for (key, target, name, kind) in [
        ("transferToUser", "targetUser", "Ann Lee", "user"),
        ("transferToGroup", "targetGroup", "Billing Team", "group"),
    ] {
        let flow = call_flow(
            "",
            &format!(
                "          - {key}:
              name: Found
              {target}: {{lit: {{name: {name}}}}}
              preTransferAudio: {{tts: Transferring.}}
              failureTransferAudio: {{tts: That transfer failed.}}
"
            ),
        );
        let j = run(&[&flow], ORG, "Probe", &[]);
        assert_eq!(j["status"], "transferred", "{key}: {j:#}");
        assert_eq!(j["route"]["type"], kind);
        assert_eq!(j["route"]["to"], name);
        assert_eq!(prompts(&j), ["Transferring."], "{key}: {j:#}");
    }
}

#[test]
fn transfers_to_user_and_group_are_menu_choices_too() {
    let flow = "inboundCall:
  name: Probe
  startUpRef: ./menus/menu[M_1]
  menus:
    - menu:
        name: M
        refId: M_1
        audio: {tts: Press 1 or 2.}
        choices:
          - menuTransferToUser: {name: Ann, dtmf: digit_1, targetUser: {lit: {name: Ann Lee}}}
          - menuTransferToGroup: {name: Team, dtmf: digit_2, targetGroup: {lit: {name: Billing Team}}}
";
    let j = run(&[flow], ORG, "Probe", &["--input", "1"]);
    assert_eq!(j["route"]["type"], "user", "{j:#}");
    assert_eq!(j["route"]["to"], "Ann Lee");
    let j = run(&[flow], ORG, "Probe", &["--input", "2"]);
    assert_eq!(j["route"]["type"], "group", "{j:#}");
    assert_eq!(j["route"]["to"], "Billing Team");
}

#[test]
fn transfer_to_acd_is_a_task_action_of_email_and_message_flows() {
    for ty in ["inboundEmail", "inboundShortMessage"] {
        let flow = format!(
            "{ty}:
  name: Probe
  startUpRef: /{ty}/states/state[S_1]
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - transferToAcd: {{name: Queue, targetQueue: {{lit: {{name: Support}}}}}}
"
        );
        let j = run(&[&flow], ORG, "Probe", &[]);
        assert_eq!(j["status"], "transferred", "{ty}: {j:#}");
        assert_eq!(j["route"]["type"], "acd");
        assert_eq!(j["route"]["queueName"], "Support");
    }
}

#[test]
fn send_auto_reply_sends_one_reply_per_conversation() {
    let flow = "inboundEmail:
  name: Probe
  startUpRef: /inboundEmail/states/state[S_1]
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - sendAutoReply: {name: First, messageBody: {lit: We got your email.}}
          - sendAutoReply: {name: Second, messageBody: {lit: We got it again.}}
          - transferToAcd: {name: Queue, targetQueue: {lit: {name: Support}}}
";
    let j = run(&[flow], ORG, "Probe", &[]);
    assert_eq!(prompts(&j), ["We got your email."], "{j:#}");
    assert_eq!(j["settings"]["autoReply"], "We got your email.");
    assert_eq!(j["status"], "transferred", "the second reply goes on: {j:#}");
    // "If a thread contains multiple replies to a customer, only the first email generates the
    // automated reply": an email that replies in its thread gets none.
    let dir = tempfile::tempdir().unwrap();
    let request = dir.path().join("reply.json");
    let reply =
        r#"{"flowName": "Probe", "message": {"body": "Any news?", "newConversation": false}}"#;
    std::fs::write(&request, reply).unwrap();
    let j = run(&[flow], ORG, "Probe", &["--request", request.to_str().unwrap()]);
    assert_eq!(prompts(&j), Vec::<&str>::new(), "{j:#}");
    assert!(j["settings"].get("autoReply").is_none(), "{j:#}");
    assert_eq!(j["status"], "transferred", "{j:#}");
}

#[test]
fn an_in_queue_call_flow_has_no_flow_outcome_action() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hold.yaml");
    std::fs::write(
        &file,
        "inqueueCall:
  name: Hold
  startUpTaskActions:
    - initializeFlowOutcome: {name: Start, flowOutcome: {lit: {name: Pay Bill}}}
    - setFlowOutcome: {name: Paid, flowOutcome: {lit: {name: Pay Bill}}, flowOutcomeValue: {lit: SUCCESS}}
    - holdMusic: {name: Music, prompt: {lit: PromptSystem.on_hold_music}}
",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let o = flowsim(&["check", "--flows", path]);
    assert_ne!(o.code, 0, "{}", o.stdout);
    for node in ["Start", "Paid"] {
        let line = format!(
            "error[notInFlowType]: `{node}` is a flow outcome action, which the inqueueCall flow `Hold` cannot have"
        );
        assert!(o.stdout.contains(&line), "{line}\n{}", o.stdout);
    }
    assert!(!o.stdout.contains("`Music`"), "{}", o.stdout);
}

/// Genesys (Set Flow Outcome action): "Value: Choose Failure or Success." A literal value of
/// another kind is a `check` warning at the value.
#[test]
fn set_flow_outcomes_value_is_success_or_failure() {
    let flow = |value: &str| {
        crate::support::archy_task_flow(
            "inboundCall",
            &format!(
                "          - setFlowOutcome: {{name: Set, flowOutcome: {{lit: {{name: Pay Bill}}}}, flowOutcomeValue: {{lit: {value}}}}}
          - disconnect: {{name: Bye}}
"
            ),
        )
    };
    let dir = tempfile::tempdir().unwrap();
    for (value, warned) in [("SUCCESS", false), ("Failure", false), ("banana", true)] {
        let file = dir.path().join("f.yaml");
        std::fs::write(&file, flow(value)).unwrap();
        let o = flowsim(&["check", "--flows", file.to_str().unwrap(), "--color", "never"]);
        assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
        let said = o.stdout.contains(&format!(
            "warning[badPropertyValue]: Set Flow Outcome's value `{value}` is neither Success nor Failure"
        ));
        assert_eq!(said, warned, "{value}: {}", o.stdout);
    }
}

/// Genesys (Switch action): "The minimum number of allowable cases is 1 (in addition to the
/// default), and the maximum number of allowable cases is 64." Fewer or more is a `check` error
/// at the cases, and the flow does not run.
#[test]
fn a_switch_has_one_to_sixty_four_cases() {
    let flow = |cases: usize| {
        let mut list = String::new();
        for i in 0..cases {
            list.push_str(&format!(
                "                    - case: {{value: {{exp: 'Call.Ani == \"+1{i}\"'}}, actions: [{{disconnect: {{name: Case {i}}}}}]}}\n"
            ));
        }
        let list = if cases == 0 { " []\n".to_owned() } else { format!("\n{list}") };
        crate::support::archy_task_flow(
            "inboundCall",
            &format!(
                "          - switch:
              name: Pick
              evaluate:
                firstTrue:
                  cases:{list}          - disconnect: {{name: Bye}}
"
            ),
        )
    };
    let dir = tempfile::tempdir().unwrap();
    for (cases, refused) in [(0, true), (1, false), (64, false), (65, true)] {
        let file = dir.path().join("f.yaml");
        std::fs::write(&file, flow(cases)).unwrap();
        let o = flowsim(&["check", "--flows", file.to_str().unwrap(), "--color", "never"]);
        let said = o.stdout.contains("error[badPropertyValue]: the Switch has");
        assert_eq!(said, refused, "{cases}: {}", o.stdout);
        assert_eq!(o.code, i32::from(refused), "{cases}: {}{}", o.stdout, o.stderr);
    }
}

/// Genesys (Configure default menu settings): "Within a menu, if someone dials a series of
/// digits, Architect can determine whether or not the person is dialing an extension. This
/// option is enabled and True by default." Keys typed at once that are a user's extension
/// transfer the call to that user; with the setting off, or keys that are no one's extension,
/// they are menu keys.
#[test]
fn a_menu_hears_a_users_extension_unless_it_does_not_listen_for_one() {
    let flow = |setting: &str| {
        format!(
            "inboundCall:
  name: Menus
  startUpRef: /inboundCall/menus/menu[Main_1]
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
{setting}  menus:
    - menu:
        name: Main
        refId: Main_1
        audio: {{tts: Press 2 for sales.}}
        choices:
          - menuDisconnect: {{name: Sales, dtmf: digit_2}}
"
        )
    };
    let org = r#"{"users": [{"id": "u1", "name": "Ann Lee", "extension": "2001"}]}"#;
    let j = run(&[&flow("")], org, "Menus", &["--input", "2001"]);
    assert_eq!(j["status"], "transferred", "{j:#}");
    assert_eq!(j["route"]["type"], "user", "{j:#}");
    assert_eq!(j["route"]["to"], "Ann Lee", "{j:#}");
    // No one's extension: the first key is the menu's.
    let j = run(&[&flow("")], org, "Menus", &["--input", "2999"]);
    assert_eq!(outputs(&j)[0], "Sales", "{j:#}");
    // Off: the keys are menu keys.
    let off = "  settingsMenu:\n    listenForExtensionDialing: {lit: false}\n";
    let j = run(&[&flow(off)], org, "Menus", &["--input", "2001"]);
    assert_eq!(outputs(&j)[0], "Sales", "{j:#}");
}

/// A menu choice whose key is global to the flow (`globalDtmf: true`; the Scripting SDK's
/// `dtmfIsGlobal`: "Whether or not the specified dtmf on this menu choice is global to the
/// flow") runs from every menu of the flow; the flow's other keys belong to their own menu.
#[test]
fn a_global_menu_key_is_heard_at_every_menu_of_the_flow() {
    let flow = "inboundCall:
  name: Menus
  startUpRef: /inboundCall/menus/menu[Main_1]
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  menus:
    - menu:
        name: Main
        refId: Main_1
        audio: {tts: Main menu.}
        choices:
          - menuJumpToMenu: {name: Billing, dtmf: digit_1, targetMenuRef: './menus/menu[Billing_2]'}
          - menuDisconnect: {name: Goodbye, dtmf: digit_9, globalDtmf: true}
          - menuDisconnect: {name: Local, dtmf: digit_5}
    - menu:
        name: Billing
        refId: Billing_2
        audio: {tts: Billing menu.}
        repeatCount: {lit: 1}
        choices:
          - menuJumpToMenu: {name: Back, dtmf: digit_star, targetMenuRef: './menus/menu[Main_1]'}
";
    let j = run(&[flow], "{}", "Menus", &["--input", "1", "--input", "9"]);
    assert_eq!(j["status"], "disconnected", "{j:#}");
    let took: Vec<&str> =
        j["trace"].as_array().unwrap().iter().filter_map(|s| s["nodeName"].as_str()).collect();
    assert!(took.ends_with(&["Billing", "Goodbye"]), "{took:?}");
    // Main's key 5 is not global: at Billing it is no choice (one try, then no default).
    let j = run(&[flow], "{}", "Menus", &["--input", "1", "--input", "5"]);
    let took: Vec<&str> =
        j["trace"].as_array().unwrap().iter().filter_map(|s| s["nodeName"].as_str()).collect();
    assert!(!took.contains(&"Local"), "{took:?}");
}
