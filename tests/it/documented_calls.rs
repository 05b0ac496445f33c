//! Call behaviours Genesys documents (menus' default choice, secure flows, error handling's
//! transfer), each on the smallest Archy flow that shows it, through `flowsim run`. The pages
//! and their words are in docs/architect.md §6.

use crate::cli::flowsim;
use crate::support::main_task_flow;
use serde_json::Value as J;

/// Writes `flows` into a fresh folder and runs `flowsim run --flows <it> <flow> ARGS` as JSON.
#[track_caller]
fn run(flows: &[&str], flow: &str, args: &[&str]) -> J {
    let dir = tempfile::tempdir().unwrap();
    for (i, text) in flows.iter().enumerate() {
        std::fs::write(dir.path().join(format!("flow{i}.yaml")), text).unwrap();
    }
    let folder = dir.path().to_str().unwrap();
    let mut all = vec!["run", "--flows", folder, flow, "--format", "json"];
    all.extend_from_slice(args);
    let o = flowsim(&all);
    serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", o.stdout, o.stderr))
}

/// The ids of the actions a run took, in order.
fn path(j: &J) -> Vec<&str> {
    j["trace"].as_array().unwrap().iter().map(|s| s["nodeId"].as_str().unwrap()).collect()
}

/// What a run said, in order.
fn said(j: &J) -> Vec<&str> {
    j["prompts"].as_array().unwrap().iter().map(|p| p["text"].as_str().unwrap()).collect()
}

/// A menu played twice in all; `default` is its `defaultChildMenuRef` line (or nothing).
fn menu_flow(default: &str) -> String {
    format!(
        "inboundCall:
  name: Menu
  startUpRef: /inboundCall/menus/menu[Main_1]
  menus:
    - menu:
        name: Main
        refId: Main_1
        audio: {{tts: Press 1 for sales.}}
{default}        settingsMenu:
          repeatCount: {{lit: 2}}
        choices:
          - menuTask:
              name: Sales
              dtmf: digit_1
              task:
                actions:
                  - playAudio: {{name: Say sales, audio: {{tts: Sales.}}}}
                  - disconnect: {{name: Bye}}
          - menuTransferToNumber:
              name: Operator
              refId: operator
              dtmf: digit_0
              targetNumber: {{lit: '+15550100'}}
"
    )
}

#[test]
fn after_its_last_repeat_a_menu_runs_its_default_choice() {
    let flow = menu_flow("        defaultChildMenuRef: ./choices/menuTransferToNumber[operator]\n");
    let j = run(&[&flow], "Menu", &["--input", "7"]);
    // A wrong digit, then no entry: two plays, then the default choice, the operator.
    assert_eq!(path(&j), ["Main", "Main", "Main/Operator"], "{j:#}");
    assert_eq!(j["status"], "transferred");
    assert_eq!(j["route"]["to"], "+15550100");
    assert!(j["error"].is_null(), "no error: {j:#}");
    // A valid choice before the repeats run out is taken as ever.
    let j = run(&[&flow], "Menu", &["--input", "timeout", "--input", "1"]);
    assert_eq!(path(&j), ["Main", "Main", "Main/Sales", "Main/Sales/Say sales", "Main/Sales/Bye"]);
}

#[test]
fn a_menu_without_a_default_choice_disconnects_after_its_last_repeat() {
    let j = run(&[&menu_flow("")], "Menu", &[]);
    assert_eq!(path(&j), ["Main", "Main"], "{j:#}");
    assert_eq!(j["status"], "disconnected");
    assert!(j["error"].is_null(), "a disconnect, not the error handling: {j:#}");
    assert_eq!(said(&j), ["Press 1 for sales.", "Press 1 for sales."]);
}

#[test]
fn a_default_choice_the_menu_lacks_is_a_load_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("menu.yaml");
    std::fs::write(
        &file,
        menu_flow("        defaultChildMenuRef: ./choices/menuDisconnect[nope]\n"),
    )
    .unwrap();
    let o = flowsim(&["check", "--flows", file.to_str().unwrap()]);
    assert_ne!(o.code, 0, "{}", o.stdout);
    let all = format!("{}{}", o.stdout, o.stderr);
    assert!(all.contains("danglingRef") && all.contains("nope"), "{all}");
}

/// A call flow that hands the caller to the secure flow `Card Capture`.
fn pay_ivr() -> String {
    main_task_flow(
        "inboundCall",
        "Pay IVR",
        "",
        "          - transferToFlowSecure:
              name: Take card
              targetFlow: {lit: {name: Card Capture}}
              data: {exp: 'Append(\"order-\", \"42\")'}
",
    )
}

/// The secure flow `Card Capture`: says the data it was given and returns to the agent.
fn card_capture() -> String {
    main_task_flow(
        "secureCall",
        "Card Capture",
        "",
        "          - playAudio: {name: Order, audio: {exp: 'Append(\"Paying \", Flow.InvocationData)'}}
          - returnToAgent: {name: Back}
",
    )
}

#[test]
fn transfer_to_secure_flow_runs_the_secure_flow_with_its_data() {
    let j = run(&[&pay_ivr(), &card_capture()], "Pay IVR", &[]);
    assert_eq!(path(&j), ["Main/Take card", "Main/Order", "Main/Back"], "{j:#}");
    assert_eq!(said(&j), ["Paying order-42"]);
    // No agent sent the caller here: Return to Agent disconnects.
    assert_eq!(j["status"], "disconnected");
    assert_eq!(j["route"]["type"], "secureFlow");
    assert_eq!(j["route"]["to"], "Card Capture");
}

#[test]
fn return_to_agent_sends_the_caller_back_to_the_agent_who_started_the_secure_flow() {
    let j = run(&[&card_capture()], "Card Capture", &["--var", "Flow.InvocationData=order-7"]);
    assert_eq!(said(&j), ["Paying order-7"], "{j:#}");
    assert_eq!(j["status"], "transferred");
    assert_eq!(j["route"]["type"], "agent");
}

#[test]
fn error_handlings_transfer_to_flow_goes_on_in_the_target_flow() {
    let failing = "inboundCall:
  name: Fragile
  startUpRef: ./tasks/task[Main_1]
  settingsErrorHandling:
    errorHandling:
      transferToFlow:
        targetFlow: {lit: {name: Recovery}}
    preHandlingAudio: {tts: One moment.}
  variables:
    - booleanVariable: {name: Flow.b, initialValue: {noValue: true}}
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - decision:
              name: Check
              condition: {exp: Flow.b}
          - disconnect: {name: Bye}
";
    let recovery = "inboundCall:
  name: Recovery
  startUpRef: ./tasks/task[Main_1]
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - playAudio: {name: Sorry, audio: {tts: Let us start again.}}
          - disconnect: {name: Bye}
";
    let j = run(&[failing, recovery], "Fragile", &[]);
    assert_eq!(path(&j), ["Main/Check", "Main/Sorry", "Main/Bye"], "{j:#}");
    assert_eq!(said(&j), ["One moment.", "Let us start again."]);
    assert_eq!(j["status"], "disconnected");
    assert_eq!(j["route"]["to"], "Recovery");
    // The result keeps the error that was handled.
    assert_eq!(j["error"]["kind"], "notSet");
}

/// A secure call flow with one task, `Main`, holding `actions`.
fn secure_flow(actions: &str) -> String {
    format!(
        "secureCall:\n  name: Vault\n  startUpRef: ./tasks/task[Main_1]\n  tasks:\n    - task:\n        name: Main\n        refId: Main_1\n        actions:\n{actions}"
    )
}

#[test]
fn call_secure_data_action_is_answered_by_the_data_action_fixtures() {
    let flow = secure_flow(
        "          - callDataSecure:
              name: Charge
              category: {Payments: {dataAction: {Charge Card: {inputs: {card: {exp: '\"4111\"'}}, successOutputs: {approval: {var: Flow.approval}}}}}}
              outputs:
                success: {actions: [{playAudio: {name: Approved, audio: {exp: 'Append(\"Approved \", Flow.approval)'}}}]}
                failure: {actions: [{playAudio: {name: Declined, audio: {tts: Declined.}}}]}
          - disconnect: {name: Bye}
",
    );
    let dir = tempfile::tempdir().unwrap();
    let fixtures = dir.path().join("fixtures.json");
    std::fs::write(
        &fixtures,
        r#"{"dataActions": {"Charge Card": [{"match": {"card": "4111"}, "outputs": {"approval": "A-9"}}]}}"#,
    )
    .unwrap();
    let j = run(&[&flow], "Vault", &["--fixtures", fixtures.to_str().unwrap()]);
    assert_eq!(said(&j), ["Approved A-9"], "{j:#}");
    // Unmocked, it fails closed as Call Data Action does.
    let j = run(&[&flow], "Vault", &[]);
    assert_eq!(said(&j), ["Declined."], "{j:#}");
}

/// Call Bridge Action calls a Bridge server action by name with inputs and outputs, as Call Data
/// Action calls a data action (the Scripting SDK's `ArchActionCallBridge`: `bridgeActionInputs`,
/// `bridgeActionOutputsSuccess`, `timeout`, outputs success, failure and timeout): the fixtures'
/// data actions answer it under its name.
#[test]
fn call_bridge_action_is_answered_by_the_data_action_fixtures() {
    let flow = secure_flow(
        "          - callBridge:
              name: Lookup
              dataAction: Get Account By Phone
              bridgeActionInputs: {PhoneNumber: {exp: 'Right(\"+4412345678\", 8)'}}
              bridgeActionOutputsSuccess: {AccountId: {var: Flow.account}}
              outputs:
                success: {actions: [{playAudio: {name: Found, audio: {exp: 'Append(\"Account \", Flow.account)'}}}]}
                failure: {actions: [{playAudio: {name: Failed, audio: {tts: No account.}}}]}
          - disconnect: {name: Bye}
",
    );
    let dir = tempfile::tempdir().unwrap();
    let fixtures = dir.path().join("fixtures.json");
    std::fs::write(
        &fixtures,
        r#"{"dataActions": {"Get Account By Phone": [{"match": {"PhoneNumber": "12345678"}, "outputs": {"AccountId": "AC-7"}}]}}"#,
    )
    .unwrap();
    let j = run(&[&flow], "Vault", &["--fixtures", fixtures.to_str().unwrap()]);
    assert_eq!(said(&j), ["Account AC-7"], "{j:#}");
    let j = run(&[&flow], "Vault", &[]);
    assert_eq!(said(&j), ["No account."], "{j:#}");
}

#[test]
fn secured_data_set_in_a_flow_is_read_back_and_kept_out_of_participant_data() {
    let flow = secure_flow(
        "          - setSecuredData:
              name: Keep
              attributes:
                - attribute: {name: {lit: card}, value: {lit: '4111'}}
          - getSecuredData:
              name: Read
              attributes:
                - attribute: {name: {lit: card}, variable: Flow.card}
                - attribute: {name: {lit: Card}, variable: Flow.other}
          - playAudio: {name: Say, audio: {exp: 'Append(Flow.card, \"/\", If(IsSet(Flow.other), \"set\", \"unset\"))'}}
          - disconnect: {name: Bye}
",
    );
    let j = run(&[&flow], "Vault", &[]);
    // Names are case-sensitive, as participant data's.
    assert_eq!(said(&j), ["4111/unset"], "{j:#}");
    assert_eq!(path(&j), ["Main/Keep", "Main/Read", "Main/Say", "Main/Bye"]);
    assert!(j["participantData"].as_object().is_none_or(serde_json::Map::is_empty), "{j:#}");
}

/// A call flow reading its SIP headers `times` times, saying what it got.
fn sip_flow(names: &str, times: usize) -> String {
    let read = format!(
        "          - getSIPHeaders:
              name: Headers
              sipHeaderNames: {names}
              sipHeadersResult: Flow.headers
              failureOutputs: {{errorType: Flow.why}}
              outputs:
                success: {{actions: [{{playAudio: {{name: Got, audio: {{exp: 'ToString(Flow.headers)'}}}}}}]}}
                failure: {{actions: [{{playAudio: {{name: None, audio: {{exp: Flow.why}}}}}}]}}
"
    );
    format!(
        "inboundCall:\n  name: Sip\n  startUpRef: ./tasks/task[Main_1]\n  tasks:\n    - task:\n        name: Main\n        refId: Main_1\n        actions:\n{}          - getRawSIPHeaders:\n              name: Raw\n              rawSipHeadersResult: Flow.raw\n          - disconnect: {{name: Bye}}\n",
        read.repeat(times)
    )
}

#[test]
fn get_sip_headers_reads_the_requests_headers() {
    let headers = ["--context", "sipHeaders.X-Account=77", "--context", "sipHeaders.Call-ID=abc"];
    let j = run(&[&sip_flow("{exp: 'MakeList(\"x-account\")'}", 1)], "Sip", &headers);
    assert_eq!(said(&j), [r#"{"X-Account":"77"}"#], "{j:#}");
    assert_eq!(j["variables"]["Flow.raw"], "X-Account: 77\r\nCall-ID: abc", "{j:#}");
    // No names: every header.
    let j = run(&[&sip_flow("{noValue: true}", 1)], "Sip", &headers);
    assert_eq!(said(&j), [r#"{"X-Account":"77","Call-ID":"abc"}"#], "{j:#}");
}

#[test]
fn get_sip_headers_fails_as_genesys_documents() {
    // No headers on the call.
    let j = run(&[&sip_flow("{noValue: true}", 1)], "Sip", &[]);
    assert_eq!(said(&j), ["NoSipHeadersExist"], "{j:#}");
    // A fourth successful read in a flow.
    let j = run(&[&sip_flow("{noValue: true}", 4)], "Sip", &["--context", "sipHeaders.X-A=1"]);
    let heard = said(&j);
    assert_eq!(heard.len(), 4, "{j:#}");
    assert_eq!(heard[3], "ActionInvocationLimitExceeded");
}

/// A call flow that asks for an extension, with `reprompts` more tries.
fn dial_flow(reprompts: &str) -> String {
    format!(
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
              resultData: Flow.extension
{reprompts}              repromptAudio: {{tts: Please enter the extension.}}
              outputs:
                failure: {{actions: [{{playAudio: {{name: Unknown, audio: {{exp: 'Append(\"No \", Flow.extension)'}}}}}}]}}
                timeout: {{actions: [{{playAudio: {{name: Nothing, audio: {{tts: Nothing heard.}}}}}}]}}
          - disconnect: {{name: Bye}}
"
    )
}

/// Runs the Dial flow with a user at extension 2001.
#[track_caller]
fn dial(reprompts: &str, inputs: &[&str]) -> J {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = dir.path().join("users.json");
    std::fs::write(
        &fixtures,
        r#"{"users": [{"id": "u1", "name": "Ann Lee", "extension": "2001"}]}"#,
    )
    .unwrap();
    let mut args = vec!["--fixtures", fixtures.to_str().unwrap()];
    for i in inputs {
        args.extend(["--input", i]);
    }
    let args: Vec<String> = args.into_iter().map(str::to_owned).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&[&dial_flow(reprompts)], "Dial", &args)
}

#[test]
fn dial_by_extension_transfers_to_the_user_with_that_extension() {
    let j = dial("", &["2001"]);
    assert_eq!(j["status"], "transferred", "{j:#}");
    assert_eq!(j["route"]["type"], "user");
    assert_eq!(j["route"]["to"], "Ann Lee");
}

#[test]
fn dial_by_extension_reprompts_then_takes_failure_or_timeout() {
    // An unknown extension, no reprompts: failure, the extension kept in resultData.
    let j = dial("", &["9999"]);
    assert_eq!(said(&j), ["No 9999"], "{j:#}");
    assert_eq!(j["trace"][0]["error"]["kind"], "userNotFound");
    // Two more tries: the second finds the user.
    let j = dial("              numReprompts: {lit: 2}\n", &["9999", "2001"]);
    assert_eq!(said(&j), ["Please enter the extension."], "{j:#}");
    assert_eq!(j["route"]["to"], "Ann Lee");
    // Nothing heard in 6 s, each time: timeout.
    let j = dial("              numReprompts: {lit: 1}\n", &[]);
    assert_eq!(said(&j), ["Please enter the extension.", "Nothing heard."], "{j:#}");
    assert_eq!(j["elapsedMs"], 12000);
}

#[test]
fn integer_and_duration_arithmetic_past_architects_range_is_an_overflow() {
    let flow = "inboundCall:
  name: Big
  startUpRef: ./tasks/task[Main_1]
  variables:
    - integerVariable: {name: Flow.n, initialValue: {lit: 99999999999999}, isInput: true}
    - integerVariable: {name: Flow.m, initialValue: {noValue: true}}
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - updateData:
              name: Times ten
              statements:
                - integer: {variable: Flow.m, value: {exp: Flow.n * 10}}
          - disconnect: {name: Bye}
";
    // 999,999,999,999,990 is within Architect's Integer range.
    let j = run(&[flow], "Big", &[]);
    assert!(j["error"].is_null(), "{j:#}");
    assert_eq!(j["variables"]["Flow.m"], 999_999_999_999_990_i64);
    // 1,000,000,000,000,000 is past it: an error, to the flow's error handling.
    let j = run(&[flow], "Big", &["--var", "Flow.n=100000000000000"]);
    assert_eq!(j["error"]["kind"], "overflow", "{j:#}");
    assert_eq!(j["status"], "disconnected");
    // Durations likewise (ms).
    let out = flowsim(&[
        "expr",
        "eval",
        "MakeDuration(0, 0, 0, 0, 999999999999999) + MakeDuration(0, 0, 0, 0, 1)",
    ]);
    assert!(
        format!("{}{}", out.stdout, out.stderr).contains("overflow"),
        "{}{}",
        out.stdout,
        out.stderr
    );
}

/// Transfer to Voicemail with the mailbox's kind as a key (`destination: {queue: ...}`), as
/// the editor asks for it, and the flat form: both reach the same mailbox.
#[test]
fn transfer_to_voicemail_reads_its_destination_in_either_form() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = dir.path().join("org.json");
    std::fs::write(
        &fixtures,
        r#"{"queues": [{"id": "q1", "name": "Support"}], "users": [{"id": "u1", "name": "Ann Lee"}]}"#,
    )
    .unwrap();
    let args = ["--fixtures", fixtures.to_str().unwrap()];
    for (target, route_type, to) in [
        ("destination:\n                queue:\n                  targetQueue: {lit: {name: Support}}", "voicemail", "Support"),
        ("destination:\n                user:\n                  targetUser: {lit: {name: Ann Lee}}", "voicemail", "Ann Lee"),
        ("targetQueue: {lit: {name: Support}}", "voicemail", "Support"),
    ] {
        let flow = crate::support::archy_task_flow(
            "inboundCall",
            &format!(
                "          - transferToVoicemail:\n              name: To mailbox\n              {target}\n          - disconnect: {{name: Bye}}\n"
            ),
        );
        let j = run(&[&flow], "F", &args);
        assert_eq!(j["status"], "transferred", "{target}: {j:#}");
        assert_eq!(j["route"]["type"], route_type, "{j:#}");
        assert_eq!(j["route"]["to"], to, "{j:#}");
    }
    // A destination of no known kind is refused where it is written.
    let flow = crate::support::archy_task_flow(
        "inboundCall",
        "          - transferToVoicemail:\n              name: To mailbox\n              destination: {mailbox: {lit: x}}\n",
    );
    let path = dir.path().join("bad.yaml");
    std::fs::write(&path, flow).unwrap();
    let o = flowsim(&["check", path.to_str().unwrap()]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("destination.<user|queue|group>"), "{}", o.stdout);
}

/// A call flow that evaluates the Acme hours at `evaluate` and says which path it took.
fn hours_flow(evaluate: &str) -> String {
    let say = |p: &str| {
        format!("        {p}:\n          actions:\n            - playAudio: {{name: Say {p}, audio: {{tts: {p}}}}}\n")
    };
    format!(
        "inboundCall:
  name: Hours
  startUpRef: /inboundCall/tasks/task[Main_1]
  defaultLanguage: en-us
  supportedLanguages: {{en-us: {{defaultLanguageSkill: {{noValue: true}}}}}}
  initialGreeting: {{tts: Hello}}
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - evaluateScheduleGroup:
              name: Hours
              evaluate: {evaluate}
              scheduleGroup: {{lit: {{name: Acme Hours}}}}
              emergencyGroup: {{lit: {{name: Acme Emergency}}}}
              outputs:
{}{}{}{}          - disconnect: {{name: Bye}}
",
        say("open").replace("        ", "                "),
        say("closed").replace("        ", "                "),
        say("holiday").replace("        ", "                "),
        say("emergency").replace("        ", "                "),
    )
}

#[test]
fn evaluate_schedule_group_holiday_before_open_and_a_not_set_time_fails() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/archy/data/acme.yaml");
    // Christmas 2026 is a Friday: inside the weekday hours, but the holiday is evaluated first.
    let at = "{exp: \"ToDateTime(\\\"2026-12-25T15:00:00.000Z\\\")\"}";
    let j = run(&[&hours_flow(at)], "Hours", &["--fixtures", data]);
    assert_eq!(&said(&j)[1..], ["holiday"], "{j:#}");
    // The day before, the same hours are open.
    let at = "{exp: \"ToDateTime(\\\"2026-12-24T15:00:00.000Z\\\")\"}";
    let j = run(&[&hours_flow(at)], "Hours", &["--fixtures", data]);
    assert_eq!(&said(&j)[1..], ["open"], "{j:#}");
    // A NOT_SET evaluation time fails the action into error handling.
    let j = run(&[&hours_flow("{exp: NOT_SET}")], "Hours", &["--fixtures", data]);
    assert_eq!(j["error"]["kind"], "notSet", "{j:#}");
    assert_eq!(said(&j), ["Hello"], "{j:#}");
}

/// Evaluate Schedule: a time zone left out is the default; one that evaluates to NOT_SET fails
/// the action into the flow's error handling, as a NOT_SET DateTime does.
#[test]
fn evaluate_schedule_with_a_not_set_time_zone_fails_into_error_handling() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/archy/data/acme.yaml");
    let flow = |zone: &str| {
        format!(
            "inboundCall:
  name: Hours
  startUpRef: ./tasks/task[Main_1]
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - evaluateSchedule:
              name: Hours
              schedule: {{lit: {{name: Weekdays}}}}
{zone}              outputs:
                active: {{actions: [{{playAudio: {{name: Open, audio: {{tts: open}}}}}}]}}
                inactive: {{actions: [{{playAudio: {{name: Shut, audio: {{tts: closed}}}}}}]}}
          - disconnect: {{name: Bye}}
"
        )
    };
    let at = ["--fixtures", data, "--context", "startTime=2026-01-06T15:00:00Z"];
    let j = run(&[&flow("")], "Hours", &at);
    assert_eq!(said(&j), ["open"], "{j:#}");
    let j = run(&[&flow("              timeZone: {lit: America/New_York}\n")], "Hours", &at);
    assert_eq!(said(&j), ["open"], "{j:#}");
    let j = run(&[&flow("              timeZone: {exp: ToString(NOT_SET)}\n")], "Hours", &at);
    assert_eq!(j["error"]["kind"], "notSet", "{j:#}");
    assert_eq!(said(&j), Vec::<&str>::new(), "{j:#}");
}

/// A call flow whose Call Data Action names `prompt` as its processing prompt, or takes the
/// flow's default (`settingsActionDefaults`) when `prompt` is empty.
fn processing_flow(prompt: &str, default: &str) -> String {
    format!(
        "inboundCall:
  name: Slow
  startUpRef: ./tasks/task[Main_1]
{default}  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - callData:
              name: Lookup
{prompt}              timeout: {{lit: {{seconds: 5}}}}
              category: {{CRM: {{dataAction: {{Get Tier: {{}}}}}}}}
              outputs:
                success: {{actions: [{{playAudio: {{name: Done, audio: {{tts: Done.}}}}}}]}}
                timeout: {{actions: [{{playAudio: {{name: Late, audio: {{tts: Late.}}}}}}]}}
          - disconnect: {{name: Bye}}
"
    )
}

#[test]
fn a_call_data_action_slower_than_a_second_plays_its_processing_prompt_once() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = |delay: u64| {
        let path = dir.path().join(format!("fixtures{delay}.json"));
        std::fs::write(
            &path,
            format!(
                r#"{{"dataActions": {{"Get Tier": [{{"outputs": {{}}, "delayMs": {delay}}}]}}}}"#
            ),
        )
        .unwrap();
        path.to_str().unwrap().to_owned()
    };
    let own = processing_flow("              processingPrompt: {exp: 'Prompt.PleaseHold'}\n", "");
    // Within the prompt's one-second initial delay, nothing plays.
    let j = run(&[&own], "Slow", &["--fixtures", &fixtures(1_000)]);
    assert_eq!(said(&j), ["Done."], "{j:#}");
    // Longer, the prompt plays once, whatever the wait.
    let j = run(&[&own], "Slow", &["--fixtures", &fixtures(4_500)]);
    assert_eq!(said(&j), ["[Prompt.PleaseHold]", "Done."], "{j:#}");
    // A call that times out waited the whole timeout: the prompt played.
    let j = run(&[&own], "Slow", &["--fixtures", &fixtures(9_000)]);
    assert_eq!(said(&j), ["[Prompt.PleaseHold]", "Late."], "{j:#}");
    // The flow's default processing prompt serves an action that names none.
    let default = processing_flow(
        "",
        "  settingsActionDefaults:\n    callData:\n      processingPrompt: {exp: 'Prompt.OneMoment'}\n",
    );
    let j = run(&[&default], "Slow", &["--fixtures", &fixtures(2_000)]);
    assert_eq!(said(&j), ["[Prompt.OneMoment]", "Done."], "{j:#}");
}

/// "The prompt must be an audio file. Text-to-speech (TTS) is not supported" ([Call Data
/// Action action](https://help.mypurecloud.com/articles/call-data-action/)): text to speech is
/// not played, and `check` warns of it.
#[test]
fn a_processing_prompt_of_text_to_speech_plays_nothing_and_check_warns() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = dir.path().join("fixtures.json");
    std::fs::write(
        &fixtures,
        r#"{"dataActions": {"Get Tier": [{"outputs": {}, "delayMs": 4500}]}}"#,
    )
    .unwrap();
    let tts = processing_flow("              processingPrompt: {tts: Please hold.}\n", "");
    let j = run(&[&tts], "Slow", &["--fixtures", fixtures.to_str().unwrap()]);
    assert_eq!(said(&j), ["Done."], "{j:#}");
    std::fs::write(dir.path().join("slow.yaml"), &tts).unwrap();
    let o = flowsim(&[
        "check",
        "--color",
        "never",
        "--flows",
        dir.path().join("slow.yaml").to_str().unwrap(),
    ]);
    assert!(
        o.stdout.contains(
            "warning[badPropertyValue]: a Call Data Action's processing prompt is text to speech"
        ),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("property `processingPrompt`"), "{}", o.stdout);
}

#[test]
fn a_data_table_row_without_a_field_holds_the_fields_default() {
    let flow = |key: &str| {
        format!(
            "inboundCall:
  name: Tiers
  startUpRef: ./tasks/task[Main_1]
  variables:
    - booleanVariable: {{name: Flow.vip, initialValue: {{noValue: true}}}}
    - integerVariable: {{name: Flow.limit, initialValue: {{noValue: true}}}}
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - dataTableLookup:
              name: Tier
              lookupValue: {key}
              dataTable:
                Tiers:
                  foundOutputs:
                    vip: {{var: Flow.vip}}
                    limit: {{var: Flow.limit}}
              outputs:
                found: {{actions: [{{playAudio: {{name: Found, audio: {{exp: 'Append(ToString(Flow.vip), \" \", ToString(Flow.limit))'}}}}}}]}}
                notFound: {{actions: [{{playAudio: {{name: Missing, audio: {{tts: missing}}}}}}]}}
          - disconnect: {{name: Bye}}
"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let fixtures = dir.path().join("fixtures.json");
    std::fs::write(
        &fixtures,
        r#"{"dataTables": [{"id": "t1", "name": "Tiers",
            "columns": {"vip": "boolean", "limit": {"type": "integer", "default": 3}},
            "rows": [{"key": "tin"}, {"key": "3.0", "limit": 7}]}]}"#,
    )
    .unwrap();
    let fixtures = ["--fixtures", fixtures.to_str().unwrap()];
    let j = run(&[&flow("{lit: tin}")], "Tiers", &fixtures);
    assert_eq!(said(&j), ["false 3"], "{j:#}");
    // The reference key is a String: a Decimal is looked up as its ToString text, "3.0".
    let j = run(&[&flow("{exp: '1.5 * 2'}")], "Tiers", &fixtures);
    assert_eq!(said(&j), ["false 7"], "{j:#}");
}

#[test]
fn a_data_tables_reference_key_is_at_most_256_characters() {
    let dir = tempfile::tempdir().unwrap();
    let flow = dir.path().join("f.yaml");
    let lookup = "          - dataTableLookup:
              name: Tier
              lookupValue: {lit: KEY}
              dataTable: {Tiers: {foundOutputs: {}}}
              outputs:
                found: {actions: [{playAudio: {name: Found, audio: {tts: found}}}]}
                notFound: {actions: [{playAudio: {name: Missing, audio: {tts: missing}}}]}
          - disconnect: {name: Bye}
";
    let fixtures = dir.path().join("fx.json");
    let table = |key: &str| {
        format!(
            r#"{{"dataTables": [{{"id": "t1", "name": "Tiers", "rows": [{{"key": "{key}"}}]}}]}}"#
        )
    };
    let run = |key: &str| {
        let text = crate::support::archy_task_flow("inboundCall", &lookup.replace("KEY", key));
        std::fs::write(&flow, text).unwrap();
        std::fs::write(&fixtures, table(key)).unwrap();
        flowsim(&[
            "run",
            "F",
            "--flows",
            flow.to_str().unwrap(),
            "--fixtures",
            fixtures.to_str().unwrap(),
            "--format",
            "json",
        ])
    };
    // "The number of characters allowed in a single reference key is 256."
    let o = run(&"k".repeat(256));
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let j: J = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(said(&j), ["found"], "{j:#}");
    let o = run(&"k".repeat(257));
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("a row's key has 257 characters"), "{}", o.stderr);
    assert!(o.stderr.contains("fx.json"), "{}", o.stderr);
}

/// Set UUI Data: the data goes out on a transfer (the action's default mode) or on a
/// disconnect, each mode keeping the last value set; NOT_SET sends none. `Call.UUIData` is the
/// data the call came in with, which Set UUI Data does not change.
#[test]
fn set_uui_data_keeps_a_value_per_mode_and_call_uui_data_is_what_came_in() {
    let flow = "inboundCall:
  name: Uui
  startUpRef: ./tasks/task[Main_1]
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - setUUIData: {name: Transfer, uuiData: {lit: 0A0B}}
          - setUUIData: {name: Hang up, mode: disconnect, uuiData: {lit: FFFF}}
          - setUUIData: {name: Again, mode: transfer, uuiData: {lit: 0C0D}}
          - playAudio: {name: Heard, audio: {exp: 'ToAudioTTS(If(IsSet(Call.UUIData), Call.UUIData, \"none\"))'}}
          - setUUIData: {name: None, mode: disconnect, uuiData: {exp: ToString(NOT_SET)}}
          - disconnect: {name: Bye}
";
    let j = run(&[flow], "Uui", &[]);
    assert_eq!(
        j["settings"]["uuiData"],
        serde_json::json!({"transfer": "0C0D", "disconnect": null}),
        "{j:#}"
    );
    assert_eq!(said(&j), ["none"], "the flow's own UUI data is not Call.UUIData");
    let j = run(&[flow], "Uui", &["--var", "Call.UUIData=00FF"]);
    assert_eq!(said(&j), ["00FF"], "{j:#}");
}

/// An inbound chat flow whose one Search External Contacts looks `term` up and says which way
/// it went: `one`, `many` or `none`.
pub(crate) fn search_flow(term: &str) -> String {
    format!(
        "inboundChat:
  name: Search
  startUpRef: ./states/state[Main_1]
  states:
    - state:
        name: Main
        refId: Main_1
        actions:
          - searchExternalContacts:
              name: Find
              searchTerm: {{lit: '{term}'}}
              externalResults: {{var: Flow.found}}
              outputs:
                matchExact: {{actions: [{{sendResponse: {{name: One, messageBody: {{tts: one}}}}}}]}}
                matchMultiple: {{actions: [{{sendResponse: {{name: Many, messageBody: {{tts: many}}}}}}]}}
                notFound: {{actions: [{{sendResponse: {{name: None, messageBody: {{tts: none}}}}}}]}}
          - disconnect: {{name: Bye}}
"
    )
}

/// Search External Contacts: a term in quotation marks is searched as written, not converted
/// to an E.164 number; every match goes to the results.
#[test]
fn search_external_contacts_searches_a_quoted_term_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = dir.path().join("contacts.json");
    std::fs::write(
        &fixtures,
        r#"{"contacts": [
            {"id": "c1", "firstName": "Ann", "cellPhone": "+18005551212"},
            {"id": "c2", "firstName": "Bob", "workPhone": "020-2672-6670", "attributes": {"account": "A-77"}},
            {"id": "c3", "firstName": "Cy", "homePhone": "(800) 555-1212"}]}"#,
    )
    .unwrap();
    let fixtures = ["--fixtures", fixtures.to_str().unwrap()];
    let ids = |j: &J| -> Vec<String> {
        j["variables"]["Flow.found"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].to_string())
            .collect()
    };
    // Unquoted, a number is a phone number: both contacts with it in E.164 form.
    let j = run(&[&search_flow("8005551212")], "Search", &fixtures);
    assert_eq!(
        (said(&j), ids(&j)),
        (vec!["many"], vec!["\"c1\"".into(), "\"c3\"".into()]),
        "{j:#}"
    );
    // Quoted, it is text: no contact holds "8005551212" as written.
    let j = run(&[&search_flow("\"8005551212\"")], "Search", &fixtures);
    assert_eq!(said(&j), ["none"], "{j:#}");
    // A number that has no E.164 form is found as written, and so is an attribute.
    let j = run(&[&search_flow("020-2672-6670")], "Search", &fixtures);
    assert_eq!(said(&j), ["none"], "{j:#}");
    for term in ["\"020-2672-6670\"", "\"a-77\""] {
        let j = run(&[&search_flow(term)], "Search", &fixtures);
        assert_eq!((said(&j), ids(&j)), (vec!["one"], vec!["\"c2\"".into()]), "{term}: {j:#}");
    }
}

/// Call Data Action: a response over 2 MB takes the failure path in the flow types the page
/// names (here a workflow); a call flow takes it.
#[test]
fn a_data_action_response_over_two_megabytes_fails_in_a_workflow() {
    let flow = |kind: &str, container: &str, end: &str| {
        format!(
            "{kind}:
  name: Big
  startUpRef: ./{container}s/{container}[Main_1]
  variables:
    - stringVariable: {{name: Flow.took, isOutput: true}}
  {container}s:
    - {container}:
        name: Main
        refId: Main_1
        actions:
          - callData:
              name: Fetch
              category: {{CRM: {{dataAction: {{Export: {{inputs: {{}}, successOutputs: {{}}}}}}}}}}
              outputs:
                success: {{actions: [{{updateData: {{name: Ok, statements: [{{string: {{variable: Flow.took, value: {{lit: success}}}}}}]}}}}]}}
                failure: {{actions: [{{updateData: {{name: Failed, statements: [{{string: {{variable: Flow.took, value: {{lit: failure}}}}}}]}}}}]}}
          - {end}
"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let fixtures = dir.path().join("big.json");
    let blob = "x".repeat(2 * 1024 * 1024);
    std::fs::write(
        &fixtures,
        format!(r#"{{"dataActions": {{"Export": [{{"outputs": {{"blob": "{blob}"}}}}]}}}}"#),
    )
    .unwrap();
    let fixtures = ["--fixtures", fixtures.to_str().unwrap()];
    let j = run(&[&flow("workflow", "state", "endWorkflow: {name: End}")], "Big", &fixtures);
    assert_eq!(j["outputs"]["Flow.took"], "failure", "{j:#}");
    assert_eq!(j["trace"][0]["error"]["kind"], "dataActionFailed", "{j:#}");
    let j = run(&[&flow("inboundCall", "task", "disconnect: {name: End}")], "Big", &fixtures);
    assert_eq!(j["outputs"]["Flow.took"], "success", "{j:#}");
}

/// A value an action hands a typed variable (a data action's success output, a data table's
/// column) is converted to the variable's type as Update Data
/// converts: the cloud hands a flow values of the types its variables declare. A value that
/// does not convert is written as it is, with a `conversion` warning naming the variable.
#[test]
fn an_actions_outputs_take_the_types_of_the_variables_they_fill() {
    let flow = "inboundCall:
  name: Typed
  startUpRef: ./tasks/task[T_1]
  variables:
    - stringVariable: {name: Flow.s, initialValue: {noValue: true}}
    - integerVariable: {name: Flow.i, initialValue: {noValue: true}}
    - booleanVariable: {name: Flow.b, initialValue: {noValue: true}}
    - stringVariable: {name: Flow.tier, initialValue: {noValue: true}}
    - stringVariable: {name: Flow.visits, initialValue: {noValue: true}}
  tasks:
    - task:
        name: T
        refId: T_1
        actions:
          - setParticipantData:
              name: Note
              attributes:
                - attribute: {name: {lit: visits}, value: {exp: '41 + 1'}}
          - callData:
              name: Call
              processingPrompt: {noValue: true}
              category:
                CRM:
                  dataAction:
                    Get Stuff:
                      inputs: {}
                      successOutputs:
                        num: {var: Flow.s}
                        numstr: {var: Flow.i}
                        flag: {var: Flow.b}
              outputs:
                success: {actions: [{playAudio: {name: Sum, audio: {exp: 'ToString(Flow.i + 1)'}}}]}
          - dataTableLookup:
              name: Tier
              lookupValue: {lit: ann}
              dataTable:
                Tiers:
                  foundOutputs:
                    level: {var: Flow.tier}
          - getParticipantData:
              name: Read
              attributes:
                - attribute: {name: {lit: visits}, variable: Flow.visits}
          - playAudio: {name: Say, audio: {exp: 'Append(Flow.s, \" \", ToString(Flow.b), \" \", Flow.tier, \" \", ToString(ToInt(Flow.visits) + 1))'}}
          - disconnect: {name: Bye}
";
    let fixtures = |outputs: &str| {
        format!(
            r#"{{"dataActions": {{"Get Stuff": [{{"outputs": {outputs}}}]}},
                "dataTables": [{{"id": "t1", "name": "Tiers", "rows": [{{"key": "ann", "level": 2}}]}}]}}"#
        )
    };
    let fx = fixtures(r#"{"num": 42, "numstr": "17", "flag": "true"}"#);
    let j = crate::support::run_in_folder(&[flow], &fx, "Typed", &[]);
    assert_eq!(said(&j), ["18", "42 true 2 43"], "{j:#}");
    assert_eq!(j["variables"]["Flow.i"], 17, "{j:#}");
    assert_eq!(j["warnings"], serde_json::json!([]), "{j:#}");
    // An object does not convert to a String: written as it is, with a warning.
    let fx = fixtures(r#"{"num": {"deep": 1}, "numstr": "17", "flag": true}"#);
    let j = crate::support::run_in_folder(&[flow], &fx, "Typed", &[]);
    let w = &j["warnings"][0];
    assert_eq!(w["kind"], "conversion", "{j:#}");
    assert!(
        w["message"].as_str().unwrap().starts_with("`Flow.s` is declared `string`, and the value"),
        "{j:#}"
    );
}

/// A Call Data Action input the flow leaves NOT_SET is not sent ("Data Action execution and
/// test requests will ignore null input values", Genesys's data actions notice): a mock's
/// `match` writes `null` for an input that must be absent, and `""` matches only an input
/// sent empty.
#[test]
fn a_not_set_data_action_input_is_not_sent() {
    let flow = "inboundCall:
  name: Inputs
  startUpRef: ./tasks/task[T_1]
  variables:
    - stringVariable: {name: Flow.id, initialValue: {noValue: true}, isInput: true}
    - stringVariable: {name: Flow.got, initialValue: {noValue: true}}
  tasks:
    - task:
        name: T
        refId: T_1
        actions:
          - callData:
              name: Call
              processingPrompt: {noValue: true}
              category:
                CRM:
                  dataAction:
                    Lookup:
                      inputs:
                        id: {exp: Flow.id}
                      successOutputs:
                        who: {var: Flow.got}
          - disconnect: {name: Bye}
";
    let fixtures = r#"{"dataActions": {"Lookup": [
        {"match": {"id": null}, "outputs": {"who": "nobody"}},
        {"match": {"id": ""}, "outputs": {"who": "empty"}},
        {"outputs": {"who": "someone"}}]}}"#;
    let got = |args: &[&str]| {
        let j = crate::support::run_in_folder(&[flow], fixtures, "Inputs", args);
        j["variables"]["Flow.got"].as_str().unwrap_or_default().to_owned()
    };
    assert_eq!(got(&[]), "nobody");
    assert_eq!(got(&["--var", "Flow.id="]), "empty");
    assert_eq!(got(&["--var", "Flow.id=7"]), "someone");
}

/// Genesys (Work with common module flows): a module "Share[s] common actions and data types
/// with compatible flow types"; "If you only choose email flow compatibility, then all actions
/// available in email flows appear". A flow of a type the module is not compatible with that
/// calls it gets a `wrongFlowType` warning at the call.
#[test]
fn a_module_called_from_a_flow_type_it_is_not_compatible_with_is_warned_about() {
    let module = |types: &str| {
        format!(
            "commonModule:
  name: Helper
  settingsCommonModule:
    compatibleFlowTypes:
{types}  startUpTaskActions:
    - updateData:
        name: Set
        statements:
          - string: {{variable: Common.out, value: {{lit: done}}}}
  variables:
    - stringVariable: {{name: Common.out, initialValue: {{noValue: true}}, isOutput: true}}
"
        )
    };
    let caller = main_task_flow(
        "inboundCall",
        "Caller",
        "",
        "          - callCommonModule:
              name: Use helper
              commonModule:
                Helper:
                  ver_latestPublished: {}
          - disconnect: {name: Bye}
",
    );
    let dir = tempfile::tempdir().unwrap();
    for (types, warned) in [
        ("      - flowType: inboundemail\n", true),
        ("      - flowType: inboundemail\n      - flowType: inboundcall\n", false),
    ] {
        std::fs::write(dir.path().join("module.yaml"), module(types)).unwrap();
        std::fs::write(dir.path().join("caller.yaml"), &caller).unwrap();
        let folder = dir.path().to_str().unwrap();
        let o = flowsim(&["check", "--flows", folder, "--color", "never"]);
        assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
        let said = o.stdout.contains(
            "warning[wrongFlowType]: `Use helper` calls the common module `Helper`, which is compatible with inboundemail flows, not with the inboundCall flow `Caller`",
        );
        assert_eq!(said, warned, "{types}: {}", o.stdout);
    }
}

/// Genesys (Work with common module flows): "Common modules accept input data, return output
/// data". A Call Common Module that passes a value to a module variable that is not an input,
/// or reads back one that is not an output (or names one the module does not declare), is a
/// `moduleBinding` error at the binding; the module's own inputs and outputs are not.
#[test]
fn a_module_call_binds_only_the_modules_inputs_and_outputs() {
    let module = "commonModule:
  name: Helper
  startUpTaskActions:
    - updateData:
        name: Set
        statements:
          - string: {variable: Common.out, value: {exp: 'Append(Common.in, \"!\")'}}
  variables:
    - stringVariable: {name: Common.in, initialValue: {noValue: true}, isInput: true}
    - stringVariable: {name: Common.out, initialValue: {noValue: true}, isOutput: true}
    - stringVariable: {name: Common.inner, initialValue: {noValue: true}}
";
    let caller = |inputs: &str, outputs: &str| {
        main_task_flow(
            "inboundCall",
            "Caller",
            "  variables:\n    - stringVariable: {name: Flow.got, initialValue: {noValue: true}}\n",
            &format!(
                "          - callCommonModule:
              name: Use helper
              commonModule:
                Helper:
                  ver_latestPublished:
                    inputs: {{{inputs}: {{lit: hi}}}}
                    outputs: {{{outputs}: {{var: Flow.got}}}}
          - disconnect: {{name: Bye}}
"
            ),
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().to_str().unwrap();
    std::fs::write(dir.path().join("module.yaml"), module).unwrap();
    for (inputs, outputs, said) in [
        ("Common.in", "Common.out", None),
        (
            "Common.inner",
            "Common.out",
            Some("`Use helper` passes `Common.inner` to a common module, but `Common.inner` is not an input of the module `Helper` (isInput is false)"),
        ),
        (
            "Common.in",
            "Common.inner",
            Some("`Use helper` reads `Common.inner` back from a common module, but `Common.inner` is not an output of the module `Helper` (isOutput is false)"),
        ),
        (
            "Common.typo",
            "Common.out",
            Some("`Use helper` passes `Common.typo` to a common module, but the module `Helper` declares no variable `Common.typo`"),
        ),
    ] {
        std::fs::write(dir.path().join("caller.yaml"), caller(inputs, outputs)).unwrap();
        let o = flowsim(&["check", "--flows", folder, "--color", "never"]);
        match said {
            None => assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr),
            Some(said) => {
                assert_eq!(o.code, 1, "{inputs} {outputs}: {}{}", o.stdout, o.stderr);
                let line = format!("error[moduleBinding]: {said}");
                assert!(o.stdout.contains(&line), "{inputs} {outputs}: {}", o.stdout);
            }
        }
    }
    let o = flowsim(&["run", "--flows", folder, "Caller", "--format", "json"]);
    assert_eq!(o.code, 2, "a flow check refuses does not run: {}{}", o.stdout, o.stderr);
    std::fs::write(dir.path().join("caller.yaml"), caller("Common.in", "Common.out")).unwrap();
    let o = flowsim(&["run", "--flows", folder, "Caller", "--format", "json"]);
    let j: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(j["variables"]["Flow.got"], "hi!", "{j:#}");
}

/// Set Screen Pop hands the agent's script its inputs: "the values of variables in the call
/// flow are assigned to corresponding script variables. The assignment happens before screen
/// pops occurs" (Enable a script for screen pops). Each input is evaluated (one that fails is
/// the flow's error) and recorded in `settings.screenPopInputs`; Set Flow Outcome records
/// `SUCCESS` and `FAILURE` as the Scripting SDK's `FLOW_OUTCOMES` write them. A scenario asserts
/// both (`expect.settings`, `expect.flowOutcomes`).
#[test]
fn a_screen_pop_records_its_inputs_and_a_scenario_asserts_the_settings() {
    let flow = |bad: &str| {
        format!(
            "inboundCall:
  name: Pop
  startUpRef: ./tasks/task[T_1]
  tasks:
    - task:
        name: T
        refId: T_1
        actions:
          - initializeFlowOutcome: {{name: Start, flowOutcome: {{lit: {{name: Pay Bill}}}}}}
          - setFlowOutcome: {{name: Paid, flowOutcome: {{lit: {{name: Pay Bill}}}}, flowOutcomeValue: {{lit: Success}}}}
          - setScreenPop:
              name: Pop
              screenPopScript:
                Account Script:
                  inputs:
                    Ani: {{exp: Call.Ani}}
                    Visits: {{exp: '{bad}'}}
          - disconnect: {{name: Bye}}
"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pop.yaml"), flow("ToString(2 + 1)")).unwrap();
    std::fs::write(
        dir.path().join("pop.scenarios.yaml"),
        "flows: [pop.yaml]
scenarios:
  - name: pops the account script
    flow: Pop
    context: {from: '+15551234567'}
    expect:
      status: disconnected
      flowOutcomes: {Pay Bill: SUCCESS}
      settings:
        screenPop: Account Script
        screenPopInputs: {Ani: '+15551234567', Visits: '3'}
  - name: names the wrong script
    flow: Pop
    expect:
      settings: {screenPop: Billing Script}
",
    )
    .unwrap();
    let o = crate::cli::flowsim_in(dir.path(), &["test", "pop.scenarios.yaml", "--color", "never"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("PASS pop.scenarios.yaml › pops the account script"), "{}", o.stdout);
    assert!(o.stdout.contains("FAIL pop.scenarios.yaml › names the wrong script"), "{}", o.stdout);
    assert!(o.stdout.contains("settings"), "{}", o.stdout);
    // An input that fails is the flow's error, at the action.
    std::fs::write(dir.path().join("pop.yaml"), flow("ToInt(\"abc\")")).unwrap();
    let o = crate::cli::flowsim_in(
        dir.path(),
        &["run", "--flows", "pop.yaml", "Pop", "--format", "json"],
    );
    let j: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(j["error"]["kind"], "conversion", "{j:#}");
    assert_eq!(j["error"]["nodeId"], "T/Pop", "{j:#}");
}
