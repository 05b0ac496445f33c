//! Behaviours the pages of Hold Music, Play Estimated Wait Time, Play Position In Queue, Detect
//! Silence, Clear Utilization Label, Loop, Transfer to Number, the task's end, the task
//! editor's actions, secured and secure data, common modules, workitem flows, collections,
//! string literals, operator precedence, Set Conversation Data and variables document, each on
//! the smallest Archy flow (or export) that shows it. The
//! pages and their words are in docs/architect.md §6; the Loop's choices where they are silent
//! are in §4.

use serde_json::json;

use crate::support::{
    archy_task_flow, check_errors as errors, inline_registry as registry, result_json as json,
    run_folder, run_in_folder, run_json as run,
};

/// What a run said, in order.
fn said(j: &serde_json::Value) -> Vec<String> {
    j["prompts"].as_array().unwrap().iter().map(|p| p["text"].as_str().unwrap().into()).collect()
}

/// The outputs a run's steps took, in order.
fn outputs(j: &serde_json::Value) -> Vec<String> {
    j["trace"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["output"].as_str().unwrap_or("").into())
        .collect()
}

#[test]
fn hold_music_belongs_to_in_queue_call_flows_and_the_wait_time_to_in_queue_flows() {
    let hold = "          - holdMusic: {name: Music, prompt: {lit: PromptSystem.on_hold_music}, playStyle: {entirePrompt: true}}\n          - disconnect: {name: Bye}\n";
    let wait = "          - playEstimatedWaitTime: {name: Wait time}\n          - disconnect: {name: Bye}\n";
    assert_eq!(errors(&archy_task_flow("inqueueCall", hold)), Vec::<String>::new());
    assert_eq!(errors(&archy_task_flow("inqueueCall", wait)), Vec::<String>::new());
    // "The Hold Music action is available for in-queue call flows."
    let e = errors(&archy_task_flow("inboundCall", hold));
    assert_eq!(
        e,
        ["notInFlowType: `Music` is hold music, which the inboundCall flow `F` cannot have"],
        "{e:?}"
    );
    // "This action is only available for in-queue flows."
    for kind in ["inboundCall", "outboundCall", "inboundShortMessage"] {
        let e = errors(&archy_task_flow(kind, wait));
        assert_eq!(
            e,
            [format!(
                "notInFlowType: `Wait time` is in-queue handling, which the {kind} flow `F` cannot have"
            )],
            "{kind}"
        );
    }
}

#[test]
fn utilization_labels_are_set_and_cleared_only_in_the_flow_types_genesys_lists() {
    let actions = "          - setUtilizationLabel: {name: Label, utilizationLabel: {lit: {name: Urgent}}}\n          - clearUtilizationLabel: {name: Clear}\n";
    for kind in ["inboundCall", "inqueueCall", "outboundCall", "inboundShortMessage", "voicemail"] {
        let flow =
            archy_task_flow(kind, &format!("{actions}          - disconnect: {{name: Bye}}\n"));
        assert_eq!(errors(&flow), Vec::<String>::new(), "{kind}");
    }
    let flow =
        archy_task_flow("workflow", &format!("{actions}          - endWorkflow: {{name: End}}\n"));
    assert_eq!(
        errors(&flow),
        [
            "notInFlowType: `Label` is a utilization label action, which the workflow flow `F` cannot have",
            "notInFlowType: `Clear` is a utilization label action, which the workflow flow `F` cannot have",
        ]
    );
}

/// An in-queue call flow whose task runs Hold Music with `settings` (lines of its mapping).
fn hold_music(settings: &str) -> String {
    archy_task_flow(
        "inqueueCall",
        &format!("          - holdMusic:\n              name: Music\n{settings}          - disconnect: {{name: Bye}}\n"),
    )
}

#[test]
fn hold_music_without_a_prompt_plays_flow_hold_prompt() {
    let flow = hold_music("              playStyle: {entirePrompt: true}\n");
    let reg = registry(&[&flow]);
    // "The default value is Flow.HoldPrompt": the queue's hold prompt, here given by the run.
    let j = json(&run(
        &reg,
        json!({"flowName": "F", "variables": {"Flow.HoldPrompt": "PromptSystem.on_hold_music"}}),
    ));
    assert_eq!(said(&j), ["PromptSystem.on_hold_music"], "{j:#}");
    // The prompt it names plays instead.
    let flow = hold_music(
        "              prompt: {lit: PromptSystem.welcome}\n              playStyle: {entirePrompt: true}\n",
    );
    let reg = registry(&[&flow]);
    let j = json(&run(
        &reg,
        json!({"flowName": "F", "variables": {"Flow.HoldPrompt": "PromptSystem.on_hold_music"}}),
    ));
    assert_eq!(said(&j), ["PromptSystem.welcome"], "{j:#}");
}

#[test]
fn flow_hold_prompt_is_the_prompt_the_flows_in_queue_settings_name() {
    // "The default value is Flow.HoldPrompt, which is a variable you can set under Settings >
    // In-Queue."
    let flow = hold_music("              playStyle: {entirePrompt: true}\n").replace(
        "  tasks:",
        "  settingsInQueueCall:\n    holdMusic:\n      lit:\n        name: PromptSystem.on_hold_music\n  tasks:",
    );
    let reg = registry(&[&flow]);
    let j = json(&run(&reg, json!({"flowName": "F"})));
    assert_eq!(said(&j), ["[PromptSystem.on_hold_music]"], "{j:#}");
    // A run that presets `Flow.HoldPrompt` gives its own.
    let j = json(&run(
        &reg,
        json!({"flowName": "F", "variables": {"Flow.HoldPrompt": "PromptSystem.welcome"}}),
    ));
    assert_eq!(said(&j), ["PromptSystem.welcome"], "{j:#}");
}

#[test]
fn hold_music_plays_its_prompt_once_or_for_its_duration_a_minute_by_default() {
    let elapsed = |flow: &str| {
        let reg = registry(&[flow]);
        json(&run(&reg, json!({"flowName": "F"})))["elapsedMs"].as_u64().unwrap()
    };
    // "play the audio prompt once and then move to the next path": as long as the prompt
    // plays, which the fixtures' `promptLengths` give; without it, a minute, and a warning.
    let entire = hold_music("              playStyle: {entirePrompt: true}\n");
    assert_eq!(elapsed(&entire), 60_000);
    let kinds = |j: &serde_json::Value| -> Vec<String> {
        let none = Vec::new();
        let list = j["warnings"].as_array().unwrap_or(&none);
        list.iter().map(|w| w["kind"].as_str().unwrap_or_default().to_owned()).collect()
    };
    let j = run_in_folder(&[&entire], "{}", "F", &[]);
    assert!(kinds(&j).contains(&"promptLength".to_owned()), "{j:#}");
    // No hold prompt set: "the system falls back to the on_hold_music system or customized
    // prompt".
    assert_eq!(said(&j), ["[PromptSystem.on_hold_music]"], "{j:#}");
    let lengths = r#"{"promptLengths": {"PromptSystem.on_hold_music": 95000}}"#;
    let j = run_in_folder(&[&entire], lengths, "F", &[]);
    assert_eq!(j["elapsedMs"], 95_000, "{j:#}");
    assert!(!kinds(&j).contains(&"promptLength".to_owned()), "{j:#}");
    // A length must be a whole number of milliseconds for a prompt as flows write it.
    for bad in [r#"{"Welcome": 5000}"#, r#"{"Prompt.Welcome": 0}"#] {
        let fixtures = format!(r#"{{"promptLengths": {bad}}}"#);
        let o = run_folder(&[&entire], &fixtures, "F", &[]);
        assert_eq!(o.code, 2, "{bad}: {}{}", o.stdout, o.stderr);
        assert!(o.stderr.contains("promptLengths["), "{bad}: {}", o.stderr);
    }
    // "play it for a specific duration before moving on".
    let timed =
        hold_music("              playStyle:\n                duration: {lit: {seconds: 30}}\n");
    assert_eq!(elapsed(&timed), 30_000);
    // "The default is one minute": an export that plays for a duration and gives none.
    let export = json!({
        "name": "F", "type": "inqueuecall", "initialSequence": "t1",
        "flowSequenceItemList": [{
            "id": "t1", "__type": "Task", "name": "In-Queue Task", "startAction": "hold",
            "actionList": [
                {"id": "hold", "__type": "HoldMusicAction", "name": "Hold Music",
                 "playForDuration": true, "nextAction": "bye"},
                {"id": "bye", "__type": "DisconnectAction", "name": "Disconnect"},
            ],
        }],
    });
    let report = flowsim::flow::Registry::from_sources([(
        std::path::Path::new("hold.i3InQueueFlow"),
        export.to_string().as_str(),
    )]);
    let reg = report.registry.expect("the export loads");
    let j = json(&run(&reg, json!({"flowName": "F"})));
    assert_eq!(j["elapsedMs"], 60_000, "{j:#}");
}

/// What Play Estimated Wait Time in padded (`range`) mode says for `estimate` (an expression)
/// with a padding of `padding` minutes.
fn padded(estimate: &str, padding: u32) -> Vec<String> {
    let flow = archy_task_flow(
        "inqueueCall",
        &format!(
            "          - playEstimatedWaitTime:
              name: Wait time
              playbackMode: range
              estimatedWaitTime: {{exp: '{estimate}'}}
              roundingInterval: {{lit: {{minutes: {padding}}}}}
          - disconnect: {{name: Bye}}
"
        ),
    );
    let reg = registry(&[&flow]);
    said(&json(&run(&reg, json!({"flowName": "F"}))))
}

#[test]
fn a_padded_wait_time_below_a_minute_is_a_minute_and_an_equal_range_says_one_value() {
    // "A duration of -5 minutes with a 2 minute padding returns a calculated range of -7 to -3
    // minutes. Architect treats both negative numbers as 1"; "both the lower and upper bound
    // values are the same, the expression reads only the value".
    assert_eq!(
        padded("MakeDuration(0, 0, 0, 0) - MakeDuration(0, 0, 5, 0)", 2),
        ["[PromptSystem.estimated_wait_time_is] 1"]
    );
    // "1 minute 30 seconds rounds up to 2 minutes and 2 minutes 1 second rounds up to 3
    // minutes", then padded by a minute either way.
    assert_eq!(
        padded("MakeDuration(0, 0, 1, 30)", 1),
        ["[PromptSystem.estimated_wait_time_is] 1 to 3"]
    );
    assert_eq!(
        padded("MakeDuration(0, 0, 2, 1)", 1),
        ["[PromptSystem.estimated_wait_time_is] 2 to 4"]
    );
}

#[test]
fn a_not_set_wait_time_plays_no_audio() {
    // "If the specified duration is a NOT_SET value, the action will not play audio because no
    // value is set."
    let flow = archy_task_flow(
        "inqueueCall",
        "          - playEstimatedWaitTime:
              name: Wait time
              playbackMode: exact
              estimatedWaitTime: {exp: 'ToDuration(ToString(NOT_SET))'}
          - disconnect: {name: Bye}
",
    );
    let reg = registry(&[&flow]);
    let j = json(&run(&reg, json!({"flowName": "F"})));
    assert_eq!(said(&j), Vec::<String>::new(), "{j:#}");
    // Nothing is said to have failed: the flow goes on.
    assert_eq!(outputs(&j)[0], "success");
}

#[test]
fn entering_a_menu_counts_toward_the_ten_thousand_actions() {
    // "Architect considers each of the following processes as an action that counts toward
    // the 10,000 limit: Each time you enter a menu; Each menu action; Each task action."
    let flow = "inboundCall:
  name: F
  startUpRef: ./menus/menu[M_1]
  menus:
    - menu:
        name: M
        refId: M_1
        audio: {tts: Press 1.}
        choices:
          - menuJumpToMenu: {name: Again, dtmf: digit_1, targetMenuRef: './menus/menu[M_1]'}
";
    let reg = registry(&[flow]);
    let presses = vec!["1"; 6_000];
    let j = json(&run(&reg, json!({"flowName": "F", "inputs": presses})));
    assert_eq!(j["error"]["kind"], "actionLimit", "{}", j["error"]);
    // Each press is two actions, the menu and its choice: the 5,000th press is the 10,000th.
    let trace = j["trace"].as_array().unwrap();
    assert_eq!(trace.len(), 10_000);
    assert_eq!(trace[9_998]["nodeId"], "M");
    assert_eq!(trace[9_999]["nodeId"], "M/Again");
}

#[test]
fn clear_utilization_label_takes_failure_after_five_successful_runs() {
    let flow = archy_task_flow(
        "inboundCall",
        "          - loop:
              name: Six
              currentIndex: {var: Flow.i}
              loopCount: {lit: 6}
              outputs:
                loop:
                  actions:
                    - clearUtilizationLabel:
                        name: Clear
                        failureOutputs:
                          errorType: {var: Flow.errorType}
          - disconnect: {name: Bye}
",
    )
    .replace(
        "  tasks:",
        "  variables:\n    - integerVariable: {name: Flow.i}\n    - stringVariable: {name: Flow.errorType}\n  tasks:",
    );
    let reg = registry(&[&flow]);
    let j = json(&run(&reg, json!({"flowName": "F"})));
    let clears: Vec<String> = j["trace"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["nodeId"].as_str().is_some_and(|id| id.ends_with("Clear")))
        .map(|s| s["output"].as_str().unwrap().into())
        .collect();
    // "If a flow has successfully run the Clear Utilization Label action five times, any
    // subsequent invocations of the action take the failure path."
    assert_eq!(clears, ["success", "success", "success", "success", "success", "failure"], "{j:#}");
    assert_eq!(j["variables"]["Flow.errorType"], "ActionInvocationLimitExceeded", "{j:#}");
}

/// An inbound call flow named `F` with `variables` (lines of its `variables:` list) whose one
/// task `T` runs `actions`.
fn call_flow(variables: &str, actions: &str) -> String {
    archy_task_flow("inboundCall", actions)
        .replace("  tasks:", &format!("  variables:\n{variables}  tasks:"))
}

#[test]
fn a_loop_runs_its_count_of_times_and_its_current_index_reads_a_collection() {
    let flow = call_flow(
        "    - stringCollectionVariable: {name: Flow.names}
    - integerVariable: {name: Flow.i}
    - integerVariable: {name: Flow.laps, initialValue: {lit: 0}}
",
        "          - updateData:
              name: Fill
              statements:
                - stringCollection: {variable: Flow.names, value: {exp: 'MakeList(\"Ann\", \"Bob\", \"Cy\")'}}
          - loop:
              name: Each
              currentIndex: {var: Flow.i}
              loopCount: {exp: 'Count(Flow.names)'}
              outputs:
                loop:
                  actions:
                    - playAudio: {name: Name, audio: {exp: 'ToAudioTTS(Flow.names[Flow.i])'}}
          - loop:
              name: Ten
              currentIndex: {var: Flow.i}
              loopCount: {lit: 10}
              outputs:
                loop:
                  actions:
                    - updateData:
                        name: Lap
                        statements:
                          - integer: {variable: Flow.laps, value: {exp: 'Flow.laps + 1'}}
          - playAudio: {name: After, audio: {exp: 'ToAudioTTS(ToString(Flow.laps))'}}
          - disconnect: {name: Bye}
",
    );
    let reg = registry(&[&flow]);
    let j = json(&run(&reg, json!({"flowName": "F"})));
    // "To loop through items in a collection, specify the length of that collection as maximum
    // loop count and then access the items in that collection with the current index on each
    // iteration of the loop": the index starts at 0 and counts up by one.
    // "if you specify 10, then the loop will run 10 times before moving forward to the next
    // action".
    assert_eq!(said(&j), ["Ann", "Bob", "Cy", "10"], "{j:#}");
    let laps: Vec<&serde_json::Value> = j["trace"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["nodeId"].as_str().is_some_and(|id| id.ends_with("Lap")))
        .collect();
    assert_eq!(laps.len(), 10);
}

#[test]
fn a_not_set_loop_count_goes_to_the_flows_error_handling() {
    // "If, at runtime, Architect evaluates a parameter with an invalid NOT_SET value, it
    // invokes an error handler": the body never runs and neither does the action after it.
    let flow = call_flow(
        "    - integerVariable: {name: Flow.n, initialValue: {noValue: true}}
",
        "          - loop:
              name: Each
              loopCount: {exp: Flow.n}
              outputs:
                loop:
                  actions:
                    - playAudio: {name: Body, audio: {tts: body}}
          - playAudio: {name: After, audio: {tts: after}}
          - disconnect: {name: Bye}
",
    );
    let reg = registry(&[&flow]);
    let j = json(&run(&reg, json!({"flowName": "F"})));
    assert_eq!(j["error"]["kind"], "notSet", "{j:#}");
    assert_eq!(said(&j), Vec::<String>::new(), "{j:#}");
    assert_eq!(j["status"], "disconnected", "{j:#}");
}

#[test]
fn transfer_to_number_transfers_whatever_release_link_transfer_says_in_a_task_or_a_menu() {
    // "A false or a NOT_SET Boolean value does not request a release link transfer"; where the
    // trunk cannot, "the fallback runtime behavior is to perform a standard bridge transfer. In
    // this case, execution does not take the failure output."
    for release in ["{lit: true}", "{lit: false}", "{noValue: true}"] {
        let flow = archy_task_flow(
            "inboundCall",
            &format!(
                "          - transferToNumber:
              name: Out
              targetNumber: {{lit: '+13175550123'}}
              releaseLinkTransfer: {release}
              preTransferAudio: {{tts: Transferring.}}
              failureTransferAudio: {{tts: Sorry.}}
              outputs:
                failure:
                  actions:
                    - playAudio: {{name: Failed, audio: {{tts: failed}}}}
          - disconnect: {{name: Bye}}
"
            ),
        );
        let reg = registry(&[&flow]);
        let j = json(&run(&reg, json!({"flowName": "F"})));
        assert_eq!(j["status"], "transferred", "{release}: {j:#}");
        assert_eq!(j["route"]["type"], "number", "{j:#}");
        assert_eq!(j["route"]["to"], "+13175550123", "{j:#}");
        assert_eq!(said(&j), ["Transferring."], "{release}: {j:#}");
    }
    // "This action is available in menu choices and task sequences."
    let flow = "inboundCall:
  name: F
  startUpRef: ./menus/menu[M_1]
  menus:
    - menu:
        name: M
        refId: M_1
        audio: {tts: Press 0.}
        choices:
          - menuTransferToNumber:
              name: Operator
              dtmf: digit_0
              targetNumber: {lit: '+13175550123'}
              releaseLinkTransfer: {lit: true}
";
    let reg = registry(&[flow]);
    let j = json(&run(&reg, json!({"flowName": "F", "inputs": ["0"]})));
    assert_eq!(j["status"], "transferred", "{j:#}");
    assert_eq!(j["route"]["to"], "+13175550123", "{j:#}");
}

#[test]
fn a_call_flows_task_whose_actions_run_out_disconnects() {
    // "The end result happens automatically ... as a built-in Disconnect action added at the
    // end of the task" (Task end, Japanese copy).
    let flow = archy_task_flow(
        "inboundCall",
        "          - playAudio: {name: Hello, audio: {tts: Hello.}}
",
    );
    let reg = registry(&[&flow]);
    let j = json(&run(&reg, json!({"flowName": "F"})));
    assert_eq!(said(&j), ["Hello."], "{j:#}");
    assert_eq!(j["status"], "disconnected", "{j:#}");
    assert!(j["error"].is_null(), "{j:#}");
}

#[test]
fn a_loops_index_after_the_loop_a_count_of_zero_and_nested_loops() {
    // Where the pages are silent (docs/architect.md §4): the index keeps the last iteration's
    // value, a count of 0 runs nothing and writes no index, and an inner loop starts at 0 each
    // time the outer body reaches it.
    let flow = call_flow(
        "    - integerVariable: {name: Flow.i, initialValue: {lit: 7}}
    - integerVariable: {name: Flow.j, initialValue: {lit: 7}}
    - integerVariable: {name: Flow.k, initialValue: {lit: 7}}
",
        "          - loop:
              name: None
              currentIndex: {var: Flow.k}
              loopCount: {lit: 0}
              outputs:
                loop:
                  actions:
                    - playAudio: {name: Never, audio: {tts: never}}
          - loop:
              name: Outer
              currentIndex: {var: Flow.i}
              loopCount: {lit: 2}
              outputs:
                loop:
                  actions:
                    - loop:
                        name: Inner
                        currentIndex: {var: Flow.j}
                        loopCount: {lit: 3}
                        outputs:
                          loop:
                            actions:
                              - playAudio: {name: Pair, audio: {exp: 'ToAudioTTS(ToString(Flow.i) + ToString(Flow.j))'}}
          - playAudio: {name: After, audio: {exp: 'ToAudioTTS(ToString(Flow.i) + ToString(Flow.j) + ToString(Flow.k))'}}
          - disconnect: {name: Bye}
",
    );
    let reg = registry(&[&flow]);
    let j = json(&run(&reg, json!({"flowName": "F"})));
    assert_eq!(said(&j), ["00", "01", "02", "10", "11", "12", "127"], "{j:#}");
}

#[test]
fn a_state_changed_to_replaces_the_one_before_it() {
    // "An email, chat, or messaging flow is in exactly one state at a given time. ... you
    // cannot stack states. If the email flow is in one state and then switches to another
    // state, the second state replaces the previous one": a Change State in a reusable task
    // that state A called does not come back to A when state B ends.
    let flow = r#"inboundShortMessage:
  name: F
  startUpRef: "/inboundShortMessage/states/state[A_1]"
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  states:
    - state:
        name: A
        refId: A_1
        actions:
          - callTask:
              name: Call Sub
              targetTaskRef: "/inboundShortMessage/tasks/task[Sub_1]"
          - sendResponse: {name: Back, messageBody: {lit: back in A}}
    - state:
        name: B
        refId: B_1
        actions:
          - sendResponse: {name: In B, messageBody: {lit: in B}}
  tasks:
    - task:
        name: Sub
        refId: Sub_1
        actions:
          - changeState:
              name: Go
              targetStateRef: "/inboundShortMessage/states/state[B_1]"
"#;
    let reg = registry(&[flow]);
    let j = json(&run(&reg, json!({"flowName": "F"})));
    assert_eq!(said(&j), ["in B"], "{j:#}");
    assert_eq!(j["status"], "disconnected", "{j:#}");
}

/// What Play Position In Queue says in an in-queue call flow, with `settings` (lines of its
/// mapping) and the queue's position (`None`: the request gives none), and the output it took.
fn position_said(settings: &str, position: Option<i64>) -> (Vec<String>, String) {
    let flow = archy_task_flow(
        "inqueueCall",
        &format!(
            "          - playPositionInQueue:\n              name: Position\n{settings}          - disconnect: {{name: Bye}}\n"
        ),
    );
    let reg = registry(&[&flow]);
    let request = match position {
        Some(p) => json!({"flowName": "F", "context": {"attributes": {"positionInQueue": p}}}),
        None => json!({"flowName": "F"}),
    };
    let j = json(&run(&reg, request));
    (said(&j), outputs(&j)[0].clone())
}

#[test]
fn play_position_in_queue_says_the_position_as_its_playback_mode_words_it() {
    let mode = |m: &str| format!("              playbackMode: {m}\n");
    let say = |settings: &str, position: i64| {
        let (said, output) = position_said(settings, Some(position));
        assert_eq!(output, "success", "{settings} {position}");
        said.join(" | ")
    };
    // "By default, this is the Call.PositionInQueue variable." Position: "Your position in queue
    // is [five]".
    assert_eq!(say("", 5), "Your position in queue is 5");
    assert_eq!(say(&mode("Number"), 5), "Your position in queue is 5");
    // Ordinal Position: "You are the [fifth] caller in the queue", up to 999; "If the specified
    // value in Position in Queue is greater than 999, the position in queue will be read back as
    // a cardinal number."
    assert_eq!(say(&mode("Ordinal"), 5), "You are the 5th caller in the queue");
    assert_eq!(say(&mode("Ordinal"), 23), "You are the 23rd caller in the queue");
    assert_eq!(say(&mode("Ordinal"), 111), "You are the 111th caller in the queue");
    assert_eq!(say(&mode("Ordinal"), 999), "You are the 999th caller in the queue");
    assert_eq!(say(&mode("Ordinal"), 1000), "Your position in queue is 1000");
    // Ahead: "There are [four] callers ahead of you".
    assert_eq!(say(&mode("Ahead"), 5), "There are 4 callers ahead of you");
    // "Certain scenarios play back the same reply, regardless of the selected Playback Mode": 1
    // is "You are the next caller.", 2 "There is one caller ahead of you."
    for m in ["Number", "Ordinal", "Ahead"] {
        assert_eq!(say(&mode(m), 1), "You are the next caller.", "{m}");
        assert_eq!(say(&mode(m), 2), "There is one caller ahead of you.", "{m}");
    }
    // "you can set it to another variable, expression, or literal value".
    assert_eq!(say("              positionInQueue: {lit: 7}\n", 5), "Your position in queue is 7");
    // A mode Architect does not have is an error of the action.
    let (said, _) = position_said(&mode("Soon"), Some(5));
    assert_eq!(said, Vec::<String>::new());
}

#[test]
fn a_position_in_queue_below_one_or_not_set_is_the_next_caller() {
    // "If the supplied integer value is less than one or a NOT_SET integer, it is treated as if
    // the position in queue is 1."
    let next = (vec!["You are the next caller.".to_owned()], "success".to_owned());
    assert_eq!(position_said("", None), next);
    assert_eq!(position_said("", Some(0)), next);
    assert_eq!(position_said("              playbackMode: Ahead\n", Some(-3)), next);
    assert_eq!(
        position_said("              positionInQueue: {exp: 'ToInt(NOT_SET)'}\n", Some(4)),
        next
    );
}

#[test]
fn play_position_in_queue_belongs_to_in_queue_flows() {
    // "This action is only available for in-queue flows."
    let position =
        "          - playPositionInQueue: {name: Position}\n          - disconnect: {name: Bye}\n";
    assert_eq!(errors(&archy_task_flow("inqueueCall", position)), Vec::<String>::new());
    for kind in ["inboundCall", "outboundCall"] {
        assert_eq!(
            errors(&archy_task_flow(kind, position)),
            [format!(
                "notInFlowType: `Position` is in-queue handling, which the {kind} flow `F` cannot have"
            )],
            "{kind}"
        );
    }
}

#[test]
fn detect_silence_takes_success_after_its_silence_duration_a_second_by_default() {
    // "Silence Duration: Select the amount of time that the action waits upon encountering
    // silence before taking the success path. By default, the action waits for one second.";
    // "Define success and timeout paths". An offline line is silent from the start.
    let run_with = |settings: &str| {
        let flow = archy_task_flow(
            "outboundCall",
            &format!(
                "          - detectSilence:
              name: Silence
{settings}              outputs:
                success:
                  actions:
                    - playAudio: {{name: Heard, audio: {{tts: Silence came}}}}
                timeout:
                  actions:
                    - playAudio: {{name: Waited, audio: {{tts: Timed out}}}}
          - disconnect: {{name: Bye}}
"
            ),
        );
        let reg = registry(&[&flow]);
        json(&run(&reg, json!({"flowName": "F"})))
    };
    let j = run_with("");
    assert_eq!(outputs(&j)[0], "success", "{j:#}");
    assert_eq!(said(&j), ["Silence came"]);
    assert_eq!(j["elapsedMs"], 1_000);
    let j = run_with("              silenceDuration: {lit: {seconds: 2}}\n");
    assert_eq!((outputs(&j)[0].as_str(), j["elapsedMs"].as_u64()), ("success", Some(2_000)));
}

/// Play Audio On Silence: "The message optimistically plays immediately ... If the message
/// plays to completion, then the action takes the success path"; an offline line is silent, so
/// nothing barges in. It shares Detect Silence's settings and limits, and its flow types ("you
/// can also use this action in inbound, secure, and in-queue call flows").
#[test]
fn play_audio_on_silence_plays_its_message_to_completion_and_takes_success() {
    let action = |settings: &str| {
        format!(
            "          - playAudioOnSilence:
              name: Message
              audio: {{tts: Please call us back}}
{settings}              outputs:
                success:
                  actions:
                    - playAudio: {{name: Done, audio: {{tts: Played}}}}
                failure:
                  actions:
                    - playAudio: {{name: Retried, audio: {{tts: Interrupted}}}}
                timeout:
                  actions:
                    - playAudio: {{name: Waited, audio: {{tts: Timed out}}}}
          - disconnect: {{name: Bye}}
"
        )
    };
    let flow = archy_task_flow("outboundCall", &action(""));
    assert_eq!(errors(&flow), Vec::<String>::new());
    let j = json(&run(&registry(&[&flow]), json!({"flowName": "F"})));
    assert_eq!(outputs(&j)[0], "success", "{j:#}");
    assert_eq!(said(&j), ["Please call us back", "Played"]);

    let report = flowsim::flow::Registry::from_sources([(
        std::path::Path::new("f.yaml"),
        archy_task_flow(
            "inboundCall",
            &action("              silenceDuration: {lit: {seconds: 30}}\n"),
        )
        .as_str(),
    )]);
    assert!(
        report.diagnostics.iter().any(|d| d.code == flowsim::diag::Code::BadPropertyValue
            && d.message.starts_with("Silence Duration is 30 s")),
        "{:?}",
        report.diagnostics
    );
    let email = archy_task_flow(
        "inboundEmail",
        &action("").replace("          - disconnect: {name: Bye}\n", ""),
    );
    assert!(
        errors(&email).contains(&"notInFlowType: `Message` is an audio control, which the inboundEmail flow `F` cannot have".to_owned()),
        "{:?}",
        errors(&email)
    );
}

#[test]
fn detect_silences_silence_duration_is_a_quarter_second_to_ten_seconds_its_timeout_one_to_sixty() {
    // "Leave the default time or set the value at a minimum of 0.25 seconds and a maximum of 10
    // seconds": a run waits within them, and `check` warns of a literal outside.
    for (duration, waited) in
        [("{seconds: 30}", 10_000), ("{seconds: 0}", 250), ("{seconds: 3}", 3_000)]
    {
        let flow = archy_task_flow(
            "outboundCall",
            &format!(
                "          - detectSilence: {{name: Silence, silenceDuration: {{lit: {duration}}}}}\n          - disconnect: {{name: Bye}}\n"
            ),
        );
        let reg = registry(&[&flow]);
        let j = json(&run(&reg, json!({"flowName": "F"})));
        assert_eq!(j["elapsedMs"], waited, "{duration}");
        let report = flowsim::flow::Registry::from_sources([(
            std::path::Path::new("f.yaml"),
            flow.as_str(),
        )]);
        let warned = report.diagnostics.iter().any(|d| {
            d.code == flowsim::diag::Code::BadPropertyValue
                && d.message.starts_with("Silence Duration")
        });
        assert_eq!(warned, waited != 3_000, "{duration}: {:?}", report.diagnostics);
    }
    // Its Timeout: "set the value at a minimum of 1 second and a maximum of 1 minute".
    for (timeout, warned) in [("{minutes: 2}", true), ("{seconds: 40}", false)] {
        let flow = archy_task_flow(
            "outboundCall",
            &format!(
                "          - detectSilence: {{name: Silence, timeout: {{lit: {timeout}}}}}\n          - disconnect: {{name: Bye}}\n"
            ),
        );
        let report = flowsim::flow::Registry::from_sources([(
            std::path::Path::new("f.yaml"),
            flow.as_str(),
        )]);
        let found = report.diagnostics.iter().any(|d| {
            d.code == flowsim::diag::Code::BadPropertyValue
                && d.message.starts_with("Timeout is 120 s")
        });
        assert_eq!(found, warned, "{timeout}: {:?}", report.diagnostics);
    }
}

/// Search External Contacts: "search terms can include phone number, email address, or Twitter
/// handle". A handle with or without its `@`, in any case, finds the contact whose Twitter id
/// has that screen name (docs/architect.md §4); an email term still finds by email.
#[test]
fn search_external_contacts_finds_a_contact_by_twitter_handle() {
    let mut fixtures = flowsim::fixtures::FixtureStore::default();
    let contacts = json!({"contacts": [
        {"id": "c1", "firstName": "Pat", "email": "pat@example.com",
         "twitterId": {"screenName": "Pat_Doe", "id": "1001", "name": "Pat Doe",
                       "profileUrl": "https://twitter.com/Pat_Doe"}},
        {"id": "c2", "firstName": "Sam", "email": "sam@example.com"}
    ]});
    fixtures.merge_json(std::path::Path::new("contacts.json"), &contacts).unwrap();
    let search = |term: &str| {
        let reg = registry(&[&crate::documented_calls::search_flow(term)]);
        let request = serde_json::from_value(json!({"flowName": "Search"})).unwrap();
        let r = flowsim::engine::Run::new(&reg, &fixtures, &request).result().unwrap();
        let j = json(&r);
        let ids: Vec<String> = j["variables"]["Flow.found"]
            .as_array()
            .unwrap_or_else(|| panic!("{term}: {j:#}"))
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect();
        (said(&j), ids, j)
    };
    for term in ["@pat_doe", "pat_doe", "@PAT_DOE"] {
        let (said, ids, j) = search(term);
        assert_eq!((said, ids), (vec!["one".to_owned()], vec!["c1".to_owned()]), "{term}: {j:#}");
        let info = &j["variables"]["Flow.found"][0]["twitterInfo"];
        assert_eq!(info["screenName"], "Pat_Doe", "{term}: {j:#}");
        assert_eq!(info["name"], "Pat Doe", "{term}: {j:#}");
    }
    // A handle no contact has takes Not Found.
    let (said, ids, j) = search("@nobody");
    assert_eq!((said, ids), (vec!["none".to_owned()], Vec::<String>::new()), "{j:#}");
    // An email term still finds by email, and a contact without a Twitter id has no twitterInfo.
    let (said, ids, j) = search("Sam@Example.com");
    assert_eq!((said, ids), (vec!["one".to_owned()], vec!["c2".to_owned()]), "{j:#}");
    assert_eq!(j["variables"]["Flow.found"][0].get("twitterInfo"), None, "{j:#}");
}

/// A bot flow of `kind` (`botFlow` or `digitalBotFlow`) named `F` whose bot runs `actions`.
fn bot_flow(kind: &str, actions: &str) -> String {
    format!(
        "{kind}:\n  name: F\n  startUpRef: \"/{kind}/bots/bot[B_1]\"\n  defaultLanguage: en-us\n  \
         supportedLanguages:\n    en-us:\n      none: true\n  \
         bots:\n    - bot:\n        name: Main\n        refId: B_1\n        actions:\n{actions}"
    )
}
#[test]
fn secured_data_actions_are_refused_in_bot_flows() {
    let actions = "          - setSecuredData:\n              name: Keep\n              attributes:\n                - attribute: {name: {lit: card}, value: {lit: '4111'}}\n          - getSecuredData:\n              name: Read\n              attributes:\n                - attribute: {name: {lit: card}, variable: Flow.card}\n";
    for kind in ["inboundCall", "inboundShortMessage", "secureCall"] {
        let flow =
            archy_task_flow(kind, &format!("{actions}          - disconnect: {{name: Bye}}\n"));
        assert_eq!(errors(&flow), Vec::<String>::new(), "{kind}");
    }
    let flow =
        archy_task_flow("workflow", &format!("{actions}          - endWorkflow: {{name: End}}\n"));
    assert_eq!(errors(&flow), Vec::<String>::new());
    // "Use this action in all flow types, excluding bot flows."
    for kind in ["botFlow", "digitalBotFlow"] {
        let flow = bot_flow(kind, &format!("{actions}          - exitBotFlow: {{name: Exit}}\n"));
        assert_eq!(
            errors(&flow),
            [
                format!("notInFlowType: `Keep` is a customer secured data action, which the {kind} flow `F` cannot have"),
                format!("notInFlowType: `Read` is a customer secured data action, which the {kind} flow `F` cannot have"),
            ],
            "{kind}"
        );
    }
}
#[test]
fn extract_and_call_secure_data_belong_to_secure_call_and_voice_bot_flows() {
    let actions = "          - extractSecureData:\n              name: Last four\n              statements:\n                - string:\n                    variable: Flow.last\n                    value: {exp: 'Right(Flow.Card, 4)'}\n          - callDataSecure:\n              name: Charge\n              category: {Web Services Data Actions: {dataAction: {Charge: {}}}}\n";
    // The secure variable the extract reads.
    let secure = |flow: String| {
        flow.replacen(
            "  name: F\n",
            "  name: F\n  variables:\n    - stringVariable: {name: Flow.Card, isSecure: true}\n",
            1,
        )
    };
    let in_flow_type = |flow: &str| {
        errors(flow).into_iter().filter(|e| e.starts_with("notInFlowType")).collect::<Vec<_>>()
    };
    let flow = secure(archy_task_flow(
        "secureCall",
        &format!("{actions}          - disconnect: {{name: Bye}}\n"),
    ));
    assert_eq!(errors(&flow), Vec::<String>::new());
    let flow =
        secure(bot_flow("botFlow", &format!("{actions}          - exitBotFlow: {{name: Exit}}\n")));
    assert_eq!(errors(&flow), Vec::<String>::new());
    // "Use the Extract Secure Data data action in a secure call or voice bot flow"; "Use the
    // Call Secure Data data action in a secure call or voice bot flow tasks".
    for kind in ["inboundCall", "inboundShortMessage"] {
        let flow = secure(archy_task_flow(
            kind,
            &format!("{actions}          - disconnect: {{name: Bye}}\n"),
        ));
        assert_eq!(
            in_flow_type(&flow),
            [
                format!("notInFlowType: `Last four` is a secure data action, which the {kind} flow `F` cannot have"),
                format!("notInFlowType: `Charge` is a secure data action, which the {kind} flow `F` cannot have"),
            ],
            "{kind}"
        );
    }
    let flow = secure(bot_flow(
        "digitalBotFlow",
        &format!("{actions}          - exitBotFlow: {{name: Exit}}\n"),
    ));
    assert_eq!(in_flow_type(&flow).len(), 2, "{:?}", errors(&flow));
}

#[test]
fn a_common_module_has_only_the_actions_its_compatible_flow_types_share() {
    let module = |types: &[&str]| {
        let types: String =
            types.iter().map(|t| ["      - flowType: ", t, "\n"].concat()).collect();
        format!(
            "commonModule:
  name: Greet
  settingsCommonModule:
    compatibleFlowTypes:
{types}  startUpTaskActions:
    - playAudio: {{name: Hello, audio: {{tts: Hello.}}}}
    - updateData:
        name: Mark
        statements:
          - string: {{variable: Flow.seen, value: {{lit: yes}}}}
"
        )
    };
    assert_eq!(errors(&module(&["inboundcall"])), Vec::<String>::new());
    assert_eq!(errors(&module(&[])), Vec::<String>::new());
    // An export names them `commonModuleFlowSettings.destinationFlowTypes`.
    let export = |types: &[&str]| {
        serde_json::json!({
            "name": "Greet", "type": "commonmodule", "initialSequence": "t1",
            "commonModuleFlowSettings": {"destinationFlowTypes": types},
            "flowSequenceItemList": [{
                "__type": "CommonModuleTask", "id": "t1", "name": "Main", "startAction": "p1",
                "actionList": [{"__type": "PlayAudioAction", "id": "p1", "name": "Hello",
                    "trackingId": 1, "prompts": {"defaultAudio": {
                        "text": "ToAudioTTS(\"Hello.\")", "type": "aud"}}}],
            }],
        })
        .to_string()
    };
    assert_eq!(errors(&export(&["inboundcall"])), Vec::<String>::new());
    assert_eq!(
        errors(&export(&["inboundcall", "inboundemail"])),
        ["notInFlowType: `Hello` is an audio control, which the inboundemail flows the common module `Greet` is compatible with cannot have"]
    );
    // "if you select common module compatibility for email and call flows, the Send Auto Reply
    // action does not appear": the module keeps to what both have, so no audio for email.
    assert_eq!(
        errors(&module(&["inboundcall", "inboundemail"])),
        ["notInFlowType: `Hello` is an audio control, which the inboundemail flows the common module `Greet` is compatible with cannot have"]
    );
    // "you can use a Send Auto Reply action in email flows but not call flows".
    let reply = "          - sendAutoReply: {name: Thanks, messageBody: {lit: Thanks.}}\n";
    let flow =
        archy_task_flow("inboundCall", &format!("{reply}          - disconnect: {{name: Bye}}\n"));
    assert_eq!(
        errors(&flow),
        ["notInFlowType: `Thanks` is an email auto reply, which the inboundCall flow `F` cannot have"]
    );
    let flow =
        archy_task_flow("inboundEmail", &format!("{reply}          - disconnect: {{name: Bye}}\n"));
    assert_eq!(errors(&flow), Vec::<String>::new());
}

#[test]
fn a_workitem_flows_name_is_at_most_200_characters_without_a_slash_or_a_debug_ending() {
    let named = |name: &str| {
        archy_task_flow("workitem", "          - exitWorkitemFlow: {name: Done}\n").replacen(
            "name: F\n",
            &format!("name: \"{name}\"\n"),
            1,
        )
    };
    let long = "a".repeat(201);
    assert_eq!(errors(&named(&"a".repeat(200))), Vec::<String>::new());
    assert_eq!(errors(&named("Triage debug")), Vec::<String>::new());
    // "The maximum length of a flow name is 200 characters and it cannot contain a slash / or
    // end in -debug."
    for (name, why) in [
        (long.as_str(), "is 201 characters long; Architect allows at most 200"),
        ("Triage/Refunds", "contains a slash"),
        ("Triage-debug", "ends in `-debug`"),
    ] {
        assert_eq!(
            errors(&named(name)),
            [format!("badFlowName: the workitem flow's name `{name}` {why}")],
            "{name}"
        );
    }
    // The page says it of workitem flows: a workflow's name is not held to it.
    let flow = archy_task_flow("workflow", "          - endWorkflow: {name: End}\n").replacen(
        "name: F\n",
        "name: \"Triage-debug\"\n",
        1,
    );
    assert_eq!(errors(&flow), Vec::<String>::new());
}

#[test]
fn a_collection_is_indexed_from_zero_holds_at_most_2000_items_and_is_never_not_set() {
    let flow = |items: usize| {
        call_flow(
            "    - integerCollectionVariable: {name: Flow.none}
    - integerVariable: {name: Flow.third}
    - integerVariable: {name: Flow.count}
    - booleanVariable: {name: Flow.noneEmpty}
    - stringCollectionVariable: {name: Flow.many}
",
            &format!(
                "          - updateData:
              name: Read
              statements:
                - integer: {{variable: Flow.third, value: {{exp: 'MakeList(1,2,3)[2]'}}}}
                - boolean: {{variable: Flow.noneEmpty, value: {{exp: 'Count(Flow.none) == 0'}}}}
          - updateData:
              name: Fill
              statements:
                - stringCollection: {{variable: Flow.many, value: {{exp: 'Split(\"{}\", \",\")'}}}}
                - integer: {{variable: Flow.count, value: {{exp: 'Count(Flow.many)'}}}}
          - disconnect: {{name: Bye}}
",
                ",".repeat(items - 1)
            ),
        )
    };
    // "The Array(Collection) index begins at zero"; "MakeList(1,2,3)[2] ... returns the third
    // item in the collection–the value 3"; "A collection value itself cannot be NOT_SET": a
    // collection variable given no value is an empty collection.
    let j = json(&run(&registry(&[&flow(2000)]), json!({"flowName": "F"})));
    assert_eq!(j["variables"]["Flow.third"], 3, "{j:#}");
    assert_eq!(j["variables"]["Flow.noneEmpty"], true, "{j:#}");
    // "The maximum number of items allowed in a collection is 2,000."
    assert_eq!(j["variables"]["Flow.count"], 2000, "{j:#}");
    assert_eq!(j["status"], "disconnected", "{j:#}");
    assert!(j.get("error").is_none_or(serde_json::Value::is_null), "{j:#}");
    let j = json(&run(&registry(&[&flow(2001)]), json!({"flowName": "F"})));
    assert_eq!(j["error"]["kind"], "collectionTooLarge", "{j:#}");
    assert_eq!(j["variables"]["Flow.count"], serde_json::Value::Null, "{j:#}");
}

#[test]
fn a_backslash_escapes_a_quote_or_a_backslash_in_a_string_literal() {
    let flow = call_flow(
        "    - stringVariable: {name: Flow.said}
    - stringVariable: {name: Flow.slash}
",
        r#"          - updateData:
              name: Texts
              statements:
                - string: {variable: Flow.said, value: {exp: '"He said, \"Hi\""'}}
                - string: {variable: Flow.slash, value: {exp: '"Male\\Female"'}}
          - disconnect: {name: Bye}
"#,
    );
    // "An escape sequence is identified by a backslash (\)"; "He said, \"Hi\"" evaluates to
    // He said, "Hi"; a backslash in the text is itself escaped.
    let j = json(&run(&registry(&[&flow]), json!({"flowName": "F"})));
    assert_eq!(j["variables"]["Flow.said"], "He said, \"Hi\"", "{j:#}");
    assert_eq!(j["variables"]["Flow.slash"], "Male\\Female", "{j:#}");
}

#[test]
fn expressions_follow_architects_operator_precedence() {
    let flow = call_flow(
        "    - integerVariable: {name: Flow.x, initialValue: {lit: 2}}
    - integerVariable: {name: Flow.product}
    - integerVariable: {name: Flow.sum}
    - decimalVariable: {name: Flow.power}
    - decimalVariable: {name: Flow.negated}
    - integerVariable: {name: Flow.bits}
    - booleanVariable: {name: Flow.logic}
",
        "          - updateData:
              name: Precedence
              statements:
                - integer: {variable: Flow.product, value: {exp: '3 + 4 * 5'}}
                - integer: {variable: Flow.sum, value: {exp: '(3+4) * 5'}}
                - decimal: {variable: Flow.power, value: {exp: '2^3'}}
                - decimal: {variable: Flow.negated, value: {exp: '-Flow.x ^ 2'}}
                - integer: {variable: Flow.bits, value: {exp: '6 & 3 | 8'}}
                - boolean: {variable: Flow.logic, value: {exp: 'true or false and false'}}
          - disconnect: {name: Bye}
",
    );
    let j = json(&run(&registry(&[&flow]), json!({"flowName": "F"})));
    let v = &j["variables"];
    // "3 + 4 * 5 ... The answer is 23"; "(3+4) * 5" is 35; "2^3 = 8".
    assert_eq!((&v["Flow.product"], &v["Flow.sum"]), (&json!(23), &json!(35)), "{j:#}");
    assert_eq!(v["Flow.power"], 8.0, "{j:#}");
    // The table, highest first: unary minus before `^`; `&` before `|`; `and` before `or`.
    assert_eq!(v["Flow.negated"], 4.0, "{j:#}");
    assert_eq!(v["Flow.bits"], 10, "{j:#}");
    assert_eq!(v["Flow.logic"], true, "{j:#}");
}

#[test]
fn set_conversation_data_travels_to_the_flow_transferred_to_and_names_are_case_sensitive() {
    let first = "inboundCall:
  name: Front
  startUpRef: ./tasks/task[Main_1]
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - setConversationData:
              name: Keep
              attributes:
                - attribute: {name: {lit: Tier}, value: {lit: gold}}
          - transferToFlow: {name: Onward, targetFlow: {lit: {name: Back}}}
";
    let second = "inboundCall:
  name: Back
  startUpRef: ./tasks/task[Main_1]
  variables:
    - stringVariable: {name: Flow.tier, initialValue: {noValue: true}}
    - stringVariable: {name: Flow.lower, initialValue: {noValue: true}}
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - getConversationData:
              name: Read
              attributes:
                - attribute: {name: {lit: Tier}, variable: Flow.tier}
                - attribute: {name: {lit: tier}, variable: Flow.lower}
          - disconnect: {name: Bye}
";
    // "If Architect transfers the interaction to another flow, the second flow can recall the
    // information"; "Attributes are case-sensitive."
    let j = json(&run(&registry(&[first, second]), json!({"flowName": "Front"})));
    assert_eq!(j["variables"]["Flow.tier"], "gold", "{j:#}");
    assert_eq!(j["variables"]["Flow.lower"], serde_json::Value::Null, "{j:#}");
    assert_eq!(j["participantData"]["Tier"], "gold", "{j:#}");
}

#[test]
fn a_variable_left_at_its_default_is_not_set() {
    let flow = call_flow(
        "    - stringVariable: {name: Flow.name, initialValue: {noValue: true}}
    - integerVariable: {name: Flow.count, initialValue: {noValue: true}}
    - booleanVariable: {name: Flow.unset}
",
        "          - updateData:
              name: Check
              statements:
                - boolean: {variable: Flow.unset, value: {exp: '!IsSet(Flow.name) and !IsSet(Flow.count)'}}
          - disconnect: {name: Bye}
",
    );
    // "When you choose to use default, the value is NOT_SET."
    let j = json(&run(&registry(&[&flow]), json!({"flowName": "F"})));
    assert_eq!(j["variables"]["Flow.unset"], true, "{j:#}");
}

#[test]
fn transfer_to_flow_is_an_action_of_call_flows() {
    let transfer = "          - transferToFlow: {name: Onward, targetFlow: {lit: {name: F}}}\n";
    // The transfer names its own flow, which only an inbound call flow may be the target of
    // (`wrongFlowType`, documented_names): here only where the action may be counts.
    let errors = |flow: &str| -> Vec<String> {
        errors(flow).into_iter().filter(|e| !e.starts_with("wrongFlowType:")).collect()
    };
    for kind in ["inboundCall", "inqueueCall", "outboundCall", "secureCall"] {
        assert_eq!(errors(&archy_task_flow(kind, transfer)), Vec::<String>::new(), "{kind}");
    }
    // "This action is only available in call flows."
    for kind in ["inboundShortMessage", "inboundEmail", "workflow"] {
        assert_eq!(
            errors(&archy_task_flow(kind, transfer)),
            [format!(
                "notInFlowType: `Onward` is a transfer to a call flow, which the {kind} flow `F` cannot have"
            )],
            "{kind}"
        );
    }
}

#[test]
fn date_times_are_utc_and_an_offset_or_a_duration_moves_them() {
    let flow = call_flow(
        "    - integerVariable: {name: Flow.HourOffset, initialValue: {lit: -5}}
    - dateTimeVariable: {name: Flow.LocalDateTime}
    - dateTimeVariable: {name: Flow.Later}
    - booleanVariable: {name: Flow.utc}
",
        "          - updateData:
              name: Local
              statements:
                - dateTime: {variable: Flow.LocalDateTime, value: {exp: 'AddHours(GetCurrentDateTimeUtc(), Flow.HourOffset)'}}
                - dateTime: {variable: Flow.Later, value: {exp: 'Flow.StartDateTimeUtc + MakeDuration(0, 2, 30, 0)'}}
                - boolean: {variable: Flow.utc, value: {exp: 'GetCurrentDateTimeUtc() == Flow.StartDateTimeUtc and Hour(Flow.StartDateTimeUtc) == 15'}}
          - disconnect: {name: Bye}
",
    );
    let j = json(&run(
        &registry(&[&flow]),
        json!({"flowName": "F", "context": {"startTime": "2026-01-06T15:00:00Z"}}),
    ));
    let v = &j["variables"];
    // "the Flow.StartDateTimeUtc DateTime variable and the GetCurrentDateTimeUtc() function
    // return DateTime values in UTC"
    assert_eq!(v["Flow.utc"], true, "{j:#}");
    // "Flow.LocalDateTime = AddHours(GetCurrentDateTimeUtc(), Flow.HourOffset)"
    assert_eq!(v["Flow.LocalDateTime"], "2026-01-06T10:00:00.000Z", "{j:#}");
    // "use the + to add a Duration to a DateTime and get a resulting DateTime"
    assert_eq!(v["Flow.Later"], "2026-01-06T17:30:00.000Z", "{j:#}");
}

#[test]
fn set_whisper_audio_keeps_the_audio_it_had_when_it_ran() {
    let flow = call_flow(
        "    - stringVariable: {name: Flow.office, initialValue: {lit: Orlando office}}\n",
        "          - setWhisperAudio:
              name: Whisper
              whisperAudio: {exp: 'ToAudioTTS(Flow.office)'}
          - updateData:
              name: Rename
              statements:
                - string: {variable: Flow.office, value: {lit: Orange County}}
          - disconnect: {name: Bye}
",
    );
    let j = json(&run(&registry(&[&flow]), json!({"flowName": "F"})));
    // "The audio that you set for whisper is the audio obtained at the time the Set Whisper
    // Audio action runs."
    assert_eq!(j["settings"]["whisperAudio"], "Orlando office", "{j:#}");
    assert_eq!(outputs(&j)[0], "success", "{j:#}");
    // Nothing plays to the caller: the whisper is the agent's.
    assert_eq!(said(&j), Vec::<String>::new());
}

#[test]
fn a_phone_numbers_plus_makes_it_global_with_a_dialing_code_and_a_subscriber_number() {
    let flow = call_flow(
        "    - stringVariable: {name: Flow.code}
    - stringVariable: {name: Flow.sub}
    - booleanVariable: {name: Flow.global}
    - booleanVariable: {name: Flow.local}
    - stringVariable: {name: Flow.scheme}
    - booleanVariable: {name: Flow.sips}
    - booleanVariable: {name: Flow.e164}
",
        "          - updateData:
              name: Parts
              statements:
                - boolean: {variable: Flow.e164, value: {exp: 'IsNotSetOrEmpty(ToPhoneNumber(\"3175551286\").e164) and IsNotSetOrEmpty(ToPhoneNumber(\"sip:ann@example.com\").e164) and ToPhoneNumber(\"sip:ann@example.com\").uri == \"sip:ann@example.com\" and ToPhoneNumber(\"tel: +13175551286\").e164 == \"+13175551286\"'}}
                - string: {variable: Flow.code, value: {exp: 'ToPhoneNumber(\"tel: +13175551286\").dialingCode'}}
                - string: {variable: Flow.sub, value: {exp: 'ToPhoneNumber(\"tel: +13175551286\").subscriberNumber'}}
                - boolean: {variable: Flow.global, value: {exp: 'ToPhoneNumber(\"tel: +13175551286\").isGlobal'}}
                - boolean: {variable: Flow.local, value: {exp: '!ToPhoneNumber(\"3175551286\").isGlobal and IsNotSetOrEmpty(ToPhoneNumber(\"3175551286\").dialingCode)'}}
                - string: {variable: Flow.scheme, value: {exp: 'ToPhoneNumber(\"sips:ann@example.com\").scheme'}}
                - boolean: {variable: Flow.sips, value: {exp: 'ToPhoneNumber(\"sips:ann@example.com\").isSip'}}
          - disconnect: {name: Bye}
",
    );
    let j = json(&run(&registry(&[&flow]), json!({"flowName": "F"})));
    let v = &j["variables"];
    // "The + indicates that this is a global phone number."; "Immediately following the + ...
    // the “international dialing code” ... In our example, it is 1."; "The remaining digits are
    // known as the “subscriber number”."
    assert_eq!(v["Flow.global"], true, "{j:#}");
    assert_eq!(v["Flow.code"], "1", "{j:#}");
    assert_eq!(v["Flow.sub"], "3175551286", "{j:#}");
    // Callback tips: without the "+" "the string is treated as a local phone number".
    assert_eq!(v["Flow.local"], true, "{j:#}");
    // "Architect does not differentiate between sip or sips when classifying the scheme."
    assert_eq!(v["Flow.scheme"], "sip", "{j:#}");
    assert_eq!(v["Flow.sips"], true, "{j:#}");
    // "e164: The E.164 formatted string for a tel scheme phone number with a valid E.164 phone
    // number ..., otherwise a NOT_SET string."; "uri: The URI for a sip, sips, or tel scheme
    // phone number"
    assert_eq!(v["Flow.e164"], true, "{j:#}");
}

#[test]
fn phone_numbers_are_equal_by_subscriber_number_or_by_sip_uri() {
    let flow = call_flow(
        "    - booleanVariable: {name: Flow.spelled}
    - booleanVariable: {name: Flow.codes}
    - booleanVariable: {name: Flow.other}
    - booleanVariable: {name: Flow.sip}
    - booleanVariable: {name: Flow.sipSips}
    - booleanVariable: {name: Flow.sipTel}
",
        "          - updateData:
              name: Compare
              statements:
                - boolean: {variable: Flow.spelled, value: {exp: 'ToPhoneNumber(\"tel:+13175551286\") == ToPhoneNumber(\"(317) 555-1286\")'}}
                - boolean: {variable: Flow.codes, value: {exp: 'ToPhoneNumber(\"+13175551286\") == ToPhoneNumber(\"+443175551286\")'}}
                - boolean: {variable: Flow.other, value: {exp: 'ToPhoneNumber(\"+13175551286\") == ToPhoneNumber(\"+13175551287\")'}}
                - boolean: {variable: Flow.sip, value: {exp: 'ToPhoneNumber(\"sip:ann@example.com\") == ToPhoneNumber(\"sip:ann@example.com\")'}}
                - boolean: {variable: Flow.sipSips, value: {exp: 'ToPhoneNumber(\"sip:ann@example.com\") == ToPhoneNumber(\"sips:ann@example.com\")'}}
                - boolean: {variable: Flow.sipTel, value: {exp: 'ToPhoneNumber(\"sip:3175551286@example.com\") == ToPhoneNumber(\"3175551286\")'}}
          - disconnect: {name: Bye}
",
    );
    let j = json(&run(&registry(&[&flow]), json!({"flowName": "F"})));
    let v = &j["variables"];
    // "The isTel property is true and the subscriberNumber properties are equal": the dialing
    // code is not compared.
    assert_eq!(v["Flow.spelled"], true, "{j:#}");
    assert_eq!(v["Flow.codes"], true, "{j:#}");
    assert_eq!(v["Flow.other"], false, "{j:#}");
    // "The isSip property is true and the uri properties are equal."
    assert_eq!(v["Flow.sip"], true, "{j:#}");
    assert_eq!(v["Flow.sipSips"], false, "{j:#}");
    assert_eq!(v["Flow.sipTel"], false, "{j:#}");
}

#[test]
fn a_callback_number_takes_the_callers_dialing_code() {
    let flow = call_flow(
        "    - stringVariable: {name: Flow.CustomerInput, initialValue: {lit: '3175550199'}}
    - phoneNumberVariable: {name: Flow.Callback}
    - stringVariable: {name: Flow.e164}
",
        "          - updateData:
              name: Callback
              statements:
                - phoneNumber: {variable: Flow.Callback, value: {exp: 'ToPhoneNumber(Append(\"tel: +\", ToPhoneNumber(Call.Ani).dialingCode, Flow.CustomerInput))'}}
                - string: {variable: Flow.e164, value: {exp: 'Flow.Callback.e164'}}
          - disconnect: {name: Bye}
",
    );
    let j = json(&run(
        &registry(&[&flow]),
        json!({"flowName": "F", "context": {"from": "tel: +13175550116"}}),
    ));
    // "ToPhoneNumber(Append("tel: +",ToPhoneNumber(Call.Ani).dialingCode, Flow.CustomerInput))"
    // with "Call.Ani acquires the caller’s originating telephone number: “tel: +13175550116”":
    // "The “+” tells the system that the next 1 to 3 digits that follow it indicate the phone
    // number’s dialing code which, when extracted, will create a global phone number."
    assert_eq!(j["variables"]["Flow.e164"], "+13175550199", "{j:#}");
}

#[test]
fn a_decimal_is_written_with_a_period_whatever_the_flows_language() {
    let flow = |exp: &str| {
        archy_task_flow(
            "inboundCall",
            &format!(
                "          - updateData:
              name: Price
              statements:
                - decimal: {{variable: Flow.price, value: {{exp: '{exp}'}}}}
          - disconnect: {{name: Bye}}
"
            ),
        )
        .replace("en-us", "de-de")
        .replace("  tasks:", "  variables:\n    - decimalVariable: {name: Flow.price}\n  tasks:")
    };
    // "regardless of language, flow authors will always enter a decimal separator value (for
    // example, 7.25) and not a comma separator value (for example, 7,25)"
    let j = json(&run(&registry(&[&flow("7.25 * 2")]), json!({"flowName": "F"})));
    assert_eq!(j["variables"]["Flow.price"], 14.5, "{j:#}");
    assert_eq!(
        errors(&flow("7,25")),
        ["syntax: unexpected `,`: expected the end of the expression or an operator"]
    );
}

#[test]
fn a_flow_name_of_any_type_is_at_most_200_characters() {
    let named = |kind: &str, end: &str, name: &str| {
        archy_task_flow(kind, end).replacen("name: F\n", &format!("name: \"{name}\"\n"), 1)
    };
    let bye = "          - disconnect: {name: Bye}\n";
    let end = "          - endWorkflow: {name: End}\n";
    assert_eq!(errors(&named("inboundCall", bye, &"a".repeat(200))), Vec::<String>::new());
    // "The maximum length of a flow name is 200 characters."
    let long = "a".repeat(201);
    for (kind, actions) in [("inboundCall", bye), ("workflow", end)] {
        assert_eq!(
            errors(&named(kind, actions, &long)),
            [format!(
                "badFlowName: the flow's name `{long}` is 201 characters long; Architect allows at most 200"
            )],
            "{kind}"
        );
    }
}

#[test]
fn json_keeps_to_json_rules_and_its_property_names_are_case_sensitive() {
    let flow = |text: &str| {
        call_flow(
            "    - jsonVariable: {name: Flow.customer}
    - jsonVariable: {name: Flow.none}
    - booleanVariable: {name: Flow.exact}
    - booleanVariable: {name: Flow.otherCase}
    - booleanVariable: {name: Flow.noneUnset}
    - booleanVariable: {name: Flow.dotExact}
    - booleanVariable: {name: Flow.dotOtherCase}
    - booleanVariable: {name: Flow.bracketOtherCase}
    - booleanVariable: {name: Flow.computedOtherCase}
    - jsonVariable: {name: Flow.customers, initialValue: {exp: 'JsonParse(\"[{\\\"customerName\\\": 1}]\")'}}
    - booleanVariable: {name: Flow.itemOtherCase}
    - booleanVariable: {name: Flow.itemExact}
    - currencyVariable: {name: Flow.price, initialValue: {exp: 'MakeCurrency(5, \"USD\")'}}
    - booleanVariable: {name: Flow.currencyAnyCase}
",
            &format!(
                "          - updateData:
              name: Parse
              statements:
                - boolean: {{variable: Flow.noneUnset, value: {{exp: '!IsSet(Flow.none)'}}}}
                - json: {{variable: Flow.customer, value: {{exp: 'JsonParse(\"{text}\")'}}}}
                - boolean: {{variable: Flow.exact, value: {{exp: 'IsSet(GetJsonObjectProperty(Flow.customer, \"customerName\"))'}}}}
                - boolean: {{variable: Flow.otherCase, value: {{exp: 'IsSet(GetJsonObjectProperty(Flow.customer, \"CustomerName\"))'}}}}
                - boolean: {{variable: Flow.dotExact, value: {{exp: 'IsSet(Flow.customer.customerName)'}}}}
                - boolean: {{variable: Flow.dotOtherCase, value: {{exp: 'IsSet(Flow.customer.CustomerName)'}}}}
                - boolean: {{variable: Flow.bracketOtherCase, value: {{exp: 'IsSet(Flow.customer[\"CUSTOMERNAME\"])'}}}}
                - boolean: {{variable: Flow.computedOtherCase, value: {{exp: 'IsSet(SetJsonObjectProperty(Flow.customer, \"b\", 1).customername)'}}}}
                - boolean: {{variable: Flow.itemOtherCase, value: {{exp: 'IsSet(Flow.customers[0].CustomerName)'}}}}
                - boolean: {{variable: Flow.itemExact, value: {{exp: 'IsSet(Flow.customers[0].customerName)'}}}}
                - boolean: {{variable: Flow.currencyAnyCase, value: {{exp: 'Flow.price.AMOUNT == 5 and Flow.price[\"code\"] == \"USD\"'}}}}
          - disconnect: {{name: Bye}}
"
            ),
        )
    };
    let j = json(&run(
        &registry(&[&flow(r#"{\"customerName\": \"John Doe\"}"#)]),
        json!({"flowName": "F"}),
    ));
    let v = &j["variables"];
    // "A JSON value can be NOT_SET."
    assert_eq!(v["Flow.noneUnset"], true, "{j:#}");
    // "When a JSON value contains an object, functionality looks up case-sensitive property
    // names on an object."
    assert_eq!(v["Flow.exact"], true, "{j:#}");
    assert_eq!(v["Flow.otherCase"], false, "{j:#}");
    // ... read with a dot, with brackets, on a computed JSON value or a JSON collection's item,
    // as with GetJsonObjectProperty. Members of Architect's own types still ignore case.
    assert_eq!(v["Flow.dotExact"], true, "{j:#}");
    assert_eq!(v["Flow.itemExact"], true, "{j:#}");
    for other_case in ["dotOtherCase", "bracketOtherCase", "computedOtherCase", "itemOtherCase"] {
        assert_eq!(v[format!("Flow.{other_case}")], false, "{other_case}: {j:#}");
    }
    assert_eq!(v["Flow.currencyAnyCase"], true, "{j:#}");
    // "The Architect JSON type adheres strictly to JSON rules, and not JavaScript Object literal
    // rules, which means that you must wrap keys and string values in double quotes."
    let j = json(&run(
        &registry(&[&flow(r#"{customerName: \"John Doe\"}"#)]),
        json!({"flowName": "F"}),
    ));
    assert_eq!(j["error"]["kind"], "conversion", "{j:#}");
}
