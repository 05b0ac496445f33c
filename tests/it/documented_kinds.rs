//! Which flow types Genesys's pages give an action, what Enable Participant Recording does,
//! Transfer to ACD's priority scale and participant data a bot flow reads, each on the smallest Archy flow that shows it, through
//! `flowsim check` and `flowsim run`. The pages and their words are in docs/architect.md §6.

use crate::cli::flowsim;
use crate::support::{archy_task_flow, bot_flow, run_in_folder};

/// `flowsim check` of one flow of type `kind` running `actions`: its exit code and stdout.
fn check(kind: &str, actions: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("flow.yaml");
    std::fs::write(&file, archy_task_flow(kind, actions)).unwrap();
    let o = flowsim(&["check", "--flows", file.to_str().unwrap()]);
    (o.code, o.stdout)
}

/// The `notInFlowType` line `check` prints for action `node` of the flow `F` of type `kind`.
fn refused(node: &str, what: &str, kind: &str) -> String {
    format!("error[notInFlowType]: `{node}` is {what}, which the {kind} flow `F` cannot have")
}

const PRIORITY: &str = "          - setPriority: {name: Priority, priority: {lit: 7}}
          - disconnect: {name: Bye}
";

const SILENCE: &str = "          - detectSilence: {name: Silence}
          - disconnect: {name: Bye}
";

const CONNECTOR: &str = "          - callAudioConnector: {name: Voice bot, integration: VoiceAI}
          - disconnect: {name: Bye}
";

/// Genesys: "Use the Set Priority action to set the appropriate priority of the current
/// interaction while it waits in a queue. Use this action in Architect in-queue flows." (Set
/// Priority action).
#[test]
fn set_priority_is_an_action_of_in_queue_flows() {
    for kind in ["inboundCall", "outboundCall", "workflow"] {
        let (code, out) = check(kind, PRIORITY);
        assert_ne!(code, 0, "{kind}: {out}");
        assert!(out.contains(&refused("Priority", "a priority setting", kind)), "{kind}: {out}");
    }
    let (code, out) = check("inqueueCall", PRIORITY);
    assert_eq!(code, 0, "{out}");
    let j = run_in_folder(&[&archy_task_flow("inqueueCall", PRIORITY)], "{}", "F", &[]);
    assert_eq!(j["trace"][0]["output"], "success", "{j:#}");
    assert_eq!(j["settings"]["priority"], 7, "{j:#}");
    // A flow `check` refuses does not run.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("flow.yaml");
    std::fs::write(&file, archy_task_flow("inboundCall", PRIORITY)).unwrap();
    assert_ne!(flowsim(&["run", "--flows", file.to_str().unwrap(), "F"]).code, 0);
}

/// Genesys: "Use this action to detect an answering machine message or verbal speech and
/// subsequent silence in an outbound dialing campaign interaction. You can also use this action
/// in inbound, secure, and in-queue call flows." (Detect Silence action).
#[test]
fn detect_silence_is_an_action_of_outbound_inbound_secure_and_in_queue_call_flows() {
    for kind in ["outboundCall", "inboundCall", "secureCall", "inqueueCall"] {
        let (code, out) = check(kind, SILENCE);
        assert_eq!(code, 0, "{kind}: {out}");
    }
    for kind in ["workflow", "voicemail"] {
        let (code, out) = check(kind, SILENCE);
        assert_ne!(code, 0, "{kind}: {out}");
        assert!(out.contains(&refused("Silence", "silence detection", kind)), "{kind}: {out}");
    }
}

/// Genesys: "This action is available in the Bot category of the task editor’s Toolbox in
/// inbound, outbound, and in-queue call flows." (Call Audio Connector action).
#[test]
fn call_audio_connector_is_an_action_of_inbound_outbound_and_in_queue_call_flows() {
    for kind in ["inboundCall", "outboundCall", "inqueueCall"] {
        let (code, out) = check(kind, CONNECTOR);
        assert_eq!(code, 0, "{kind}: {out}");
    }
    for kind in ["secureCall", "workflow"] {
        let (code, out) = check(kind, CONNECTOR);
        assert_ne!(code, 0, "{kind}: {out}");
        let line = refused("Voice bot", "an Audio Connector call", kind);
        assert!(out.contains(&line), "{kind}: {out}");
    }
}

/// Genesys: "Use the Get SIP Headers action in inbound, in-queue, and secure call flows"; "Use
/// the Get Raw SIP Headers action in inbound, in-queue, and secure call flows" (their pages).
#[test]
fn sip_headers_are_read_in_inbound_in_queue_and_secure_call_flows() {
    let actions = "          - getSIPHeaders: {name: Headers, sipHeadersResult: Flow.headers}
          - getRawSIPHeaders: {name: Raw, rawSipHeadersResult: Flow.raw}
          - disconnect: {name: Bye}
";
    for kind in ["inboundCall", "inqueueCall", "secureCall"] {
        let (code, out) = check(kind, actions);
        assert_eq!(code, 0, "{kind}: {out}");
    }
    for kind in ["outboundCall", "workflow"] {
        let (code, out) = check(kind, actions);
        assert_ne!(code, 0, "{kind}: {out}");
        for node in ["Headers", "Raw"] {
            let line = refused(node, "a SIP header lookup", kind);
            assert!(out.contains(&line), "{kind}: {out}");
        }
    }
}

/// Genesys: "Architect does not include an action to disable participant recording, so you
/// cannot turn off the feature later. Enable Participant Recording action does not include input
/// or output data and is not a terminating action."; "If you run this action in a flow where
/// participant recording is already enabled, no error handling is invoked." (Enable Participant
/// Recording action).
#[test]
fn enable_participant_recording_enables_it_for_good_and_again_is_no_error() {
    let flow = archy_task_flow(
        "inboundCall",
        "          - enableParticipantRecord: {name: Record}
          - enableParticipantRecord: {name: Again}
          - enableParticipantRecord: {name: Off, enabled: {lit: false}}
          - playAudio: {name: Next, audio: {tts: Go on.}}
          - disconnect: {name: Bye}
",
    );
    let j = run_in_folder(&[&flow], "{}", "F", &[]);
    let took: Vec<&str> =
        j["trace"].as_array().unwrap().iter().map(|s| s["nodeName"].as_str().unwrap()).collect();
    assert_eq!(took, ["Record", "Again", "Off", "Next", "Bye"], "{j:#}");
    assert!(j["trace"].as_array().unwrap().iter().all(|s| s.get("error").is_none()), "{j:#}");
    assert_eq!(j["settings"]["participantRecord"], true, "{j:#}");
    assert_eq!(j["status"], "disconnected", "{j:#}");
}

/// `flowsim check` of a bot flow `Helper` (`botFlow` or `digitalBot`) and a flow `F` of type `kind`
/// (states, or tasks for a call flow) whose action `call` (`callBotFlow`, `callDigitalBotFlow`)
/// calls it: the exit code and stdout.
fn check_bot_call(kind: &str, call: &str, bot: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let helper = bot_flow(bot, "Helper", "          - exitBotFlow: {name: Done}\n");
    std::fs::write(dir.path().join("bot.yaml"), helper).unwrap();
    let actions = format!(
        "          - {call}:
              name: Bot
              botFlow:
                Helper:
                  ver_latestPublished:
                    inputs: {{}}
                    outputs: {{}}
          - disconnect: {{name: Bye}}
"
    );
    let flow = if kind.ends_with("Call") {
        archy_task_flow(kind, &actions)
    } else {
        format!(
            "{kind}:
  name: F
  startUpRef: ./states/state[S_1]
  states:
    - state:
        name: S
        refId: S_1
        actions:
{actions}"
        )
    };
    std::fs::write(dir.path().join("flow.yaml"), flow).unwrap();
    let o = flowsim(&["check", "--flows", dir.path().to_str().unwrap()]);
    (o.code, o.stdout)
}

/// Genesys: "Use the Call Bot Flow action to create a new bot flow, or to integrate an existing
/// bot flow into your call, chat, or message flows." (Call Bot Flow action).
#[test]
fn call_bot_flow_is_an_action_of_call_chat_and_message_flows() {
    for kind in ["inboundCall", "inboundShortMessage"] {
        let (code, out) = check_bot_call(kind, "callBotFlow", "botFlow");
        assert_eq!(code, 0, "{kind}: {out}");
    }
    for kind in ["inboundEmail", "workflow"] {
        let (code, out) = check_bot_call(kind, "callBotFlow", "botFlow");
        assert_ne!(code, 0, "{kind}: {out}");
        assert!(out.contains(&refused("Bot", "a bot flow call", kind)), "{kind}: {out}");
    }
}

/// Genesys: "Use the Call Digital Bot Flow action to create a new Genesys Digital Bot Flow, or to
/// integrate an existing Genesys Digital Bot Flow into your message flows, including in-queue
/// message flows." (Call Digital Bot Flow action).
#[test]
fn call_digital_bot_flow_is_an_action_of_message_flows() {
    let (code, out) = check_bot_call("inboundShortMessage", "callDigitalBotFlow", "digitalBot");
    assert_eq!(code, 0, "{out}");
    for kind in ["inboundChat", "inboundEmail", "workflow"] {
        let (code, out) = check_bot_call(kind, "callDigitalBotFlow", "digitalBot");
        assert_ne!(code, 0, "{kind}: {out}");
        let line = refused("Bot", "a digital bot flow call", kind);
        assert!(out.contains(&line), "{kind}: {out}");
    }
}

/// Genesys: "In literal mode, the priority scale is -25,000,000 to 25,000,000." (Set up a
/// Transfer to ACD action). A literal outside is a `check` warning (`badPropertyValue`).
#[test]
fn transfer_to_acds_literal_priority_is_on_a_scale_of_plus_or_minus_25_million() {
    let flow = |priority: &str| {
        format!(
            "          - transferToAcd: {{name: Queue, targetQueue: {{lit: {{name: Support}}}}, priority: {{lit: {priority}}}}}\n"
        )
    };
    for priority in ["25000000", "-25000000", "0"] {
        let (code, out) = check("inboundCall", &flow(priority));
        assert_eq!(code, 0, "{priority}: {out}");
        assert!(!out.contains("badPropertyValue"), "{priority}: {out}");
    }
    for priority in ["25000001", "-25000001"] {
        let (_, out) = check("inboundCall", &flow(priority));
        let line = format!(
            "warning[badPropertyValue]: Transfer to ACD's priority is {priority}; in literal mode Architect's priority scale is -25,000,000 to 25,000,000"
        );
        assert!(out.contains(&line), "{priority}: {out}");
    }
}

/// Genesys: "For new and republished call flows, Architect immediately sends attributes to the
/// cloud before calling an Architect bot flow." (Get Participant Data action): the bot flow reads
/// what the call flow set.
#[test]
fn participant_data_a_call_flow_sets_is_read_in_the_bot_flow_it_calls() {
    let call = archy_task_flow(
        "inboundCall",
        "          - setParticipantData:
              name: Set
              attributes:
                - attribute: {name: {lit: account}, value: {lit: A-42}}
          - callBotFlow:
              name: Bot
              botFlow:
                Helper:
                  ver_latestPublished:
                    inputs: {}
                    outputs: {}
          - disconnect: {name: Bye}
",
    );
    let bot = "botFlow:
  name: Helper
  startUpRef: /botFlow/bots/bot[Start]
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  variables:
    - stringVariable: {name: Flow.acct}
  bots:
    - bot:
        name: Start
        refId: Start
        actions:
          - getParticipantData:
              name: Get
              attributes:
                - attribute: {name: {lit: account}, variable: Flow.acct}
          - exitBotFlow: {name: Done}
";
    let j = run_in_folder(&[&call, bot], "{}", "F", &[]);
    let get = j["trace"].as_array().unwrap().iter().find(|s| s["nodeName"] == "Get").unwrap();
    assert_eq!(get["result"]["variables"]["Flow.acct"], "A-42", "{j:#}");
    assert_eq!(j["status"], "disconnected", "{j:#}");
}

/// Genesys: Transfer to Secure Flow "is available in menu choices and task sequences for
/// inbound, outbound, and in-queue flows" (its page), in call flows as the Scripting SDK offers
/// it (not in secure call or email flows); Transfer to Voicemail is for "inbound, outbound, and
/// in-queue flow types" (its page), the call flows the SDK offers it in (secure ones too).
#[test]
fn transfers_to_a_secure_flow_and_to_voicemail_are_actions_of_call_flows() {
    let secure = "          - transferToFlowSecure:
              name: Pay
              targetFlow: {lit: {name: Payments}}
              invocationData: {lit: order-7}
          - disconnect: {name: Bye}
";
    let voicemail = "          - transferToVoicemail:
              name: Mailbox
              transferTargetType: queue
              targetQueue: {lit: {name: Support}}
          - disconnect: {name: Bye}
";
    let cases = [
        (
            secure,
            "Pay",
            "a transfer to a secure flow",
            &["inboundCall", "outboundCall", "inqueueCall"][..],
            &["secureCall", "inboundEmail", "inboundShortMessage", "workflow"][..],
        ),
        (
            voicemail,
            "Mailbox",
            "a transfer to voicemail",
            &["inboundCall", "outboundCall", "inqueueCall", "secureCall"][..],
            &["inboundEmail", "inboundShortMessage", "workflow"][..],
        ),
    ];
    for (actions, node, what, offered, refused_in) in cases {
        for kind in offered {
            let (_, out) = check(kind, actions);
            assert!(!out.contains("notInFlowType"), "{kind}: {out}");
        }
        for kind in refused_in {
            let (code, out) = check(kind, actions);
            assert_ne!(code, 0, "{kind}: {out}");
            assert!(out.contains(&refused(node, what, kind)), "{kind}: {out}");
        }
    }
}

/// Genesys: Return to Agent "should only be used in secure call flows initiated by an agent"
/// (Return to Agent action); "The action is only available in voice survey flows" (Ask Survey
/// Question action); Architect's Scripting SDK makes Complete and Abort Survey Invite in
/// survey invite flows only. (Each runs where it belongs in `voice_survey` and `flow_types`.)
#[test]
fn return_to_agent_and_the_survey_actions_belong_to_their_own_flow_types() {
    let back = "          - returnToAgent: {name: Back}
";
    let complete = "          - completeSurveyInvite: {name: Send}
";
    let abort = "          - abortSurveyInvite: {name: Stop, disposition: {lit: optOut}}
";
    let ask = "          - askSurveyQuestion:
              name: Q1
              question: {lit: Was the agent friendly?}
          - disconnect: {name: Bye}
";
    let cases = [
        (
            back,
            "Back",
            "a return to the agent",
            &["inboundCall", "outboundCall", "inqueueCall"][..],
        ),
        (complete, "Send", "a survey invite action", &["outboundCall", "inboundEmail"][..]),
        (abort, "Stop", "a survey invite action", &["inboundCall", "workflow"][..]),
        (ask, "Q1", "a survey question", &["inboundCall", "outboundCall"][..]),
    ];
    for (actions, node, what, refused_in) in cases {
        for kind in refused_in {
            let (code, out) = check(kind, actions);
            assert_eq!(code, 1, "{kind}: {out}");
            assert!(out.contains(&refused(node, what, kind)), "{kind}: {out}");
        }
    }
    let (_, out) = check("secureCall", back);
    assert!(!out.contains("notInFlowType"), "{out}");
}

/// Genesys: Wait pauses "the email, survey, or message process" (Wait action), and the
/// Scripting SDK offers it in none of the call flows; Set UUI Data belongs to a call's transfer
/// or disconnect (Set UUI Data action; the SDK offers it in call flows only); Initialize and
/// Set Flow Outcome are "for call, chat, email, and messaging flows, excluding in-queue call
/// flows" (their pages).
#[test]
fn wait_uui_data_and_flow_outcomes_belong_to_the_flow_types_genesys_names() {
    let wait = "          - wait: {name: Pause, duration: {lit: {seconds: 5}}}
          - disconnect: {name: Bye}
";
    let uui = "          - setUUIData: {name: Tag, uuiData: {lit: 0A0B}}
";
    let outcome =
        "          - initializeFlowOutcome: {name: Start, flowOutcome: {lit: {name: Pay Bill}}}
";
    let cases = [
        (
            wait,
            "Pause",
            "a wait",
            &["inboundCall", "outboundCall", "inqueueCall", "secureCall"][..],
        ),
        (uui, "Tag", "call UUI data", &["inboundEmail", "inboundShortMessage", "workflow"][..]),
        (outcome, "Start", "a flow outcome action", &["workflow", "inqueueCall"][..]),
    ];
    for (actions, node, what, refused_in) in cases {
        for kind in refused_in {
            let (code, out) = check(kind, actions);
            assert_eq!(code, 1, "{kind}: {out}");
            assert!(out.contains(&refused(node, what, kind)), "{kind}: {out}");
        }
    }
    for (actions, kind) in [
        (wait, "inboundEmail"),
        (wait, "workflow"),
        (uui, "inboundCall"),
        (outcome, "inboundShortMessage"),
        (outcome, "inboundCall"),
    ] {
        let (_, out) = check(kind, actions);
        assert!(!out.contains("notInFlowType"), "{kind}: {out}");
    }
}

/// Genesys: "Use the Exit Loop action in a Loop action to terminate the current loop iteration,
/// leave the loop action, and continue the flow execution by moving to the following action"
/// (Exit Loop action): Exit Loop and Next Loop belong in a loop's body, nested outputs included,
/// and `check` refuses them anywhere else (`outsideLoop`), a task the body calls included.
#[test]
fn exit_loop_and_next_loop_belong_in_a_loops_body() {
    let inside = "          - loop:
              name: Around
              loopCount: {lit: 3}
              outputs:
                loop:
                  actions:
                    - decision:
                        name: Done?
                        condition: {lit: true}
                        outputs:
                          yes: {actions: [{loopExit: {name: Leave}}]}
                    - loopNext: {name: Again}
          - disconnect: {name: Bye}
";
    let (code, out) = check("inboundCall", inside);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("outsideLoop"), "{out}");
    let outside = "          - loopNext: {name: Stray}
          - disconnect: {name: Bye}
";
    let (code, out) = check("inboundCall", outside);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[outsideLoop]: `Stray` is Next Loop outside every Loop's body"),
        "{out}"
    );
    let called = "          - loop:
              name: Around
              loopCount: {lit: 3}
              outputs:
                loop:
                  actions:
                    - callTask: {name: Helper, targetTaskRef: \"/inboundCall/tasks/task[H_2]\"}
          - disconnect: {name: Bye}
    - task:
        name: H
        refId: H_2
        actions:
          - loopExit: {name: Leave}
";
    let (code, out) = check("inboundCall", called);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[outsideLoop]: `Leave` is Exit Loop outside every Loop's body"),
        "{out}"
    );
}

/// Architect's Scripting SDK: "Variable names need to be at least one character long and start
/// with a letter. Subsequent characters must either be a letter, underscore or digit." An
/// Update Data that writes `Flow.list[1]` names no variable (`invalidVariableName`); an item
/// changes by assigning the whole collection.
#[test]
fn an_action_writes_only_what_is_a_variables_name() {
    let item = "          - updateData:
              name: Set item
              statements:
                - string: {variable: 'Flow.list[1]', value: {lit: B}}
          - disconnect: {name: Bye}
";
    let (code, out) = check("inboundCall", item);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[invalidVariableName]: `Set item` writes `Flow.list[1]`, which is not a variable's name"),
        "{out}"
    );
    let whole = "          - updateData:
              name: Set item
              statements:
                - stringCollection: {variable: Flow.list, value: {exp: 'ReplaceItemAt(MakeList(\"a\", \"b\"), 1, \"B\")'}}
                - string: {variable: Flow.item_2, value: {lit: B}}
          - disconnect: {name: Bye}
";
    let (code, out) = check("inboundCall", whole);
    assert!(!out.contains("invalidVariableName"), "{code}: {out}");
}

/// What an action writes with a type of its own goes to a variable of that type: an Update
/// Data statement's type is its variable's (the SDK's `addUpdateDataStatement(archDataType,
/// variableToAssign, ...)`), Get Participant Data fills "a string variable" (Get Participant
/// Data action), a Loop's Current Index is an Integer. A variable declared otherwise is a
/// `typeMismatch` error.
#[test]
fn an_action_writes_its_own_type_to_a_declared_variable() {
    let flow = |actions: &str| {
        archy_task_flow("inboundCall", actions).replacen(
            "  tasks:",
            "  variables:\n    - stringVariable: {name: Flow.s}\n    - integerVariable: {name: Flow.n}\n  tasks:",
            1,
        )
    };
    let cases = [
        (
            "          - updateData: {name: Set, statements: [{integer: {variable: Flow.s, value: {lit: 7}}}]}\n",
            "`Set` writes Integer to `Flow.s`, which the flow declares String",
        ),
        (
            "          - getParticipantData: {name: Get, attributes: [{attribute: {name: {lit: visits}, variable: Flow.n}}]}\n",
            "`Get` writes String to `Flow.n`, which the flow declares Integer",
        ),
        (
            "          - loop: {name: Around, currentIndex: {var: Flow.s}, loopCount: {lit: 2}}\n",
            "`Around` writes Integer to `Flow.s`, which the flow declares String",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("flow.yaml");
    for (actions, message) in cases {
        std::fs::write(&file, flow(actions)).unwrap();
        let o = flowsim(&["check", "--flows", file.to_str().unwrap()]);
        assert_eq!(o.code, 1, "{}", o.stdout);
        assert!(o.stdout.contains(&format!("error[typeMismatch]: {message}")), "{}", o.stdout);
    }
    let fine = "          - updateData: {name: Set, statements: [{string: {variable: Flow.s, value: {lit: x}}}]}
          - getParticipantData: {name: Get, attributes: [{attribute: {name: {lit: visits}, variable: Flow.s}}]}
          - loop: {name: Around, currentIndex: {var: Flow.n}, loopCount: {lit: 2}}
";
    std::fs::write(&file, flow(fine)).unwrap();
    let o = flowsim(&["check", "--flows", file.to_str().unwrap()]);
    assert!(!o.stdout.contains("typeMismatch"), "{}", o.stdout);
}
