//! Architect's built-in variables: the values a run gives them offline
//! (`Flow.StartDateTimeUtc`, `Call.Language`, `System.MinDateTime`, presets for what only the
//! cloud knows), and `check`'s `unknownBuiltin` for a misspelt one or one of another kind of
//! flow.

use crate::cli::flowsim;

/// An inbound call flow that copies built-ins into variables, with a Set Language between two
/// reads of `Call.Language`.
const CALL_FLOW: &str = r#"inboundCall:
  name: Builtins
  startUpRef: "/inboundCall/tasks/task[T_1]"
  defaultLanguage: en-US
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  tasks:
    - task:
        name: T
        refId: T_1
        actions:
          - updateData:
              name: Before
              statements:
                - dateTime:
                    variable: Flow.started
                    value: {exp: Flow.StartDateTimeUtc}
                - string:
                    variable: Flow.language
                    value: {exp: Call.Language}
                - string:
                    variable: Flow.dialled
                    value: {exp: Call.CalledAddressOriginal}
                - boolean:
                    variable: Flow.test
                    value: {exp: Flow.IsTest}
                - dateTime:
                    variable: Flow.min
                    value: {exp: System.MinDateTime}
                - string:
                    variable: Flow.caller
                    value: {exp: Call.RemoteName}
                - dateTime:
                    variable: Flow.max
                    value: {exp: System.MaxDateTime}
                - integer:
                    variable: Flow.maxInt
                    value: {exp: System.MinInt}
          - setLanguage:
              name: Spanish
              language: {lit: es-ES}
          - updateData:
              name: After
              statements:
                - string:
                    variable: Flow.later
                    value: {exp: Call.Language}
          - disconnect: {name: End}
"#;

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn a_run_gives_builtins_their_offline_values() {
    let dir = tempfile::tempdir().unwrap();
    let flows = write(dir.path(), "b.yaml", CALL_FLOW);
    let o = flowsim(&[
        "run",
        "Builtins",
        "--flows",
        &flows,
        "--context",
        "to=+18005550100",
        "--context",
        "startTime=2026-03-01T09:30:00Z",
        "--format",
        "json",
    ]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let r: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let vars = &r["variables"];
    assert_eq!(vars["Flow.started"], "2026-03-01T09:30:00.000Z", "{vars:#}");
    // "The IETF language tag lowercase string value" (the help page).
    assert_eq!(vars["Flow.language"], "en-us", "{vars:#}");
    assert_eq!(vars["Flow.later"], "es-es", "{vars:#}");
    assert_eq!(vars["Flow.dialled"], "+18005550100", "{vars:#}");
    assert_eq!(vars["Flow.test"], false, "{vars:#}");
    assert_eq!(vars["Flow.min"], "1800-01-01T00:00:00.000Z", "{vars:#}");
    // Architect's limits, as the Scripting SDK codes them (the maximum is January 2201).
    assert_eq!(vars["Flow.max"], "2201-01-31T23:59:59.000Z", "{vars:#}");
    assert_eq!(vars["Flow.maxInt"], -999_999_999_999_999_i64, "{vars:#}");
    // Only the cloud knows the caller's name: NOT_SET, and a warning that says how to give it.
    assert_eq!(vars.get("Flow.caller").map_or("absent", |_| "set"), "set", "{vars:#}");
    assert!(vars["Flow.caller"].is_null(), "{vars:#}");
    let warnings = r["warnings"].to_string();
    assert!(warnings.contains("offlineBuiltin"), "{warnings}");
    assert!(
        warnings.contains("`Call.RemoteName` is a built-in only the cloud knows"),
        "{warnings}"
    );

    // A preset wins over the offline value.
    let o = flowsim(&[
        "run",
        "Builtins",
        "--flows",
        &flows,
        "--var",
        "Call.RemoteName=Ann Lee",
        "--var",
        "Flow.IsTest=true",
        "--format",
        "json",
    ]);
    let r: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(r["variables"]["Flow.caller"], "Ann Lee", "{}", o.stdout);
    assert_eq!(r["variables"]["Flow.test"], true, "{}", o.stdout);
    assert!(!r["warnings"].to_string().contains("Call.RemoteName"), "{}", o.stdout);
}

/// `Call.Anii` (a letter away from `Call.Ani`) and `Message.ConversationId` in a call flow are
/// errors (Architect's checker refuses them) with the file's line and column, a caret, and the
/// fix; a name far from every built-in flowsim knows (`Call.LanguageSkill`) is not flagged, as
/// Architect has built-ins its SDK does not list.
#[test]
fn check_refuses_misspelt_and_foreign_builtins() {
    let dir = tempfile::tempdir().unwrap();
    let text = CALL_FLOW.replace(
        "value: {exp: Call.RemoteName}",
        "value: {exp: 'Append(Call.Anii, Message.ConversationId, Call.LanguageSkill)'}",
    );
    write(dir.path(), "b.yaml", &text);
    let path = dir.path().to_str().unwrap();
    let o = flowsim(&["check", "--flows", path]);
    assert_eq!(o.code, 1, "errors: {}", o.stdout);
    assert!(
        o.stdout.contains(
            "error[unknownBuiltin]: `Call.Anii` is not one of Architect's built-in variables: Architect refuses the expression"
        ),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("b.yaml:34:42: flow `Builtins`"), "{}", o.stdout);
    assert!(o.stdout.contains("   |        ^^^^^^^^^\n"), "{}", o.stdout);
    assert!(o.stdout.contains("did you mean `Call.Ani`?"), "{}", o.stdout);
    assert!(
        o.stdout.contains("`Message.ConversationId` is a built-in of inboundShortMessage, inqueueShortMessage flows, and flow `Builtins` (inboundCall) does not have it"),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout.contains("use `Call.ConversationId`, this flow type's built-in"),
        "{}",
        o.stdout
    );
    assert!(!o.stdout.contains("LanguageSkill`"), "{}", o.stdout);
    assert!(o.stdout.contains("2 error(s), 0 warning(s)"), "{}", o.stdout);

    // The same flow spelt right has none.
    let fine = tempfile::tempdir().unwrap();
    write(fine.path(), "b.yaml", CALL_FLOW);
    let o = flowsim(&["check", "--flows", fine.path().to_str().unwrap(), "--strict"]);
    assert_eq!(o.code, 0, "{}", o.stdout);
}

/// A message flow reading a call's built-in is told which namespace its built-ins have.
#[test]
fn check_tells_a_message_flow_its_builtins_namespace() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "m.yaml",
        "inboundShortMessage:\n  name: Sms\n  startUpRef: \"/inboundShortMessage/tasks/task[T_1]\"\n  defaultLanguage: en-us\n  supportedLanguages:\n    en-us:\n      none: true\n  tasks:\n    - task:\n        name: T\n        refId: T_1\n        actions:\n          - updateData:\n              name: Who\n              statements:\n                - string:\n                    variable: Flow.who\n                    value: {exp: 'Call.Ani'}\n          - disconnect: {name: End}\n",
    );
    let o = flowsim(&["check", "--flows", dir.path().to_str().unwrap(), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let found: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unknownBuiltin")
        .collect();
    assert_eq!(found.len(), 1, "{json:#}");
    assert_eq!(found[0]["help"], "a message flow reads `Message.` built-ins", "{json:#}");
    assert_eq!(found[0]["line"], 18, "{json:#}");
}

/// The built-ins real exports' trees name beyond call and message flows (`Survey.`,
/// `Workitem.`, `Session.`): typed as Architect's trees type them, a misspelling of one is
/// flagged, and one of a survey invite flow read in a call flow is told it reads NOT_SET.
#[test]
fn survey_workitem_and_bot_builtins_are_typed_and_checked() {
    for (text, ty) in [
        ("Survey.Url", "String"),
        ("Survey.ConversationId", "String"),
        ("Session.LastKnowledgeAnswer", "String"),
        ("Workitem.EventType", "String"),
        ("Append(\"Hi \", Survey.CustomerContact.firstName)", "String"),
    ] {
        let o = flowsim(&["expr", "check", "--color", "never", text]);
        assert_eq!((o.code, o.stdout.trim()), (0, ty), "{text}: {}{}", o.stdout, o.stderr);
    }
    let o = flowsim(&["expr", "check", "--color", "never", "Survey.Url + 1"]);
    assert_eq!(o.code, 1, "Survey.Url is text: {}{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("cannot take String and Integer"), "{}", o.stderr);

    let dir = tempfile::tempdir().unwrap();
    let text = CALL_FLOW.replace(
        "value: {exp: Call.RemoteName}",
        "value: {exp: 'Append(Survey.Url, Workitem.EvntType, Session.Anything)'}",
    );
    write(dir.path(), "b.yaml", &text);
    let o = flowsim(&["check", "--flows", dir.path().to_str().unwrap(), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let found: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unknownBuiltin")
        .map(|d| format!("{} / {}", d["message"], d["help"]))
        .collect();
    assert_eq!(found.len(), 2, "{json:#}");
    assert!(
        found[0].contains("`Survey.Url` is a built-in of surveyInvite flows, and flow `Builtins` (inboundCall) does not have it"),
        "{found:?}"
    );
    assert!(found[1].contains("did you mean `Workitem.EventType`?"), "{found:?}");
}

/// Exports too: a misspelt built-in in a hand-written minimal in-queue export is an error at
/// its line and column, naming the action as Architect shows it (its name and number, not its
/// GUID).
#[test]
fn check_names_an_exports_action_by_its_name_and_number() {
    let exp = |text: &str| {
        serde_json::json!({"config": {"ref": {"pos": 1, "text": text, "type": "bln"}},
            "text": text, "type": "bln", "uiMetaData": {"mode": 0}, "metaData": {}, "version": 2})
    };
    let export = serde_json::json!({
        "name": "Queue", "type": "INQUEUECALL", "initialSequence": "t1",
        "flowSequenceItemList": [
            {"__type": "LoopTask", "id": "t1", "name": "Main", "startAction": "5f1c0c3e-0000-4000-8000-000000000001",
             "actionList": [
                {"__type": "DecisionAction", "id": "5f1c0c3e-0000-4000-8000-000000000001",
                 "name": "First in line?", "trackingId": 12,
                 "expression": exp("Call.PositionInQueu == 1"),
                 "paths": [{"outputId": "__YES__"}, {"outputId": "__NO__"}]},
             ]},
        ],
    });
    let dir = tempfile::tempdir().unwrap();
    let text = serde_json::to_string_pretty(&export).unwrap();
    write(dir.path(), "Queue.i3InQueueFlow", &text);
    let o = flowsim(&["check", "--color", "never", "--flows", dir.path().to_str().unwrap()]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    // The expression's `text` (the last of the two strings that hold it, as the keys are
    // sorted), at the name's first character.
    let (line, written) = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("Call.PositionInQueu =="))
        .last()
        .unwrap();
    let (line, column) = (line + 1, written.find("Call.").unwrap() + 1);
    assert!(o.stdout.contains("error[unknownBuiltin]: `Call.PositionInQueu` is not one of Architect's built-in variables"), "{}", o.stdout);
    assert!(o.stdout.contains(&format!("Queue.i3InQueueFlow:{line}:{column}:")), "{}", o.stdout);
    assert!(o.stdout.contains("node `First in line? (#12)`"), "{}", o.stdout);
    assert!(o.stdout.contains("did you mean `Call.PositionInQueue`?"), "{}", o.stdout);
}

/// An in-queue call flow reads the estimate Play Estimated Wait Time reads, as a Duration;
/// an inbound call flow has no such built-in (Architect's checker refuses it there).
#[test]
fn in_queue_builtins_belong_to_in_queue_flows() {
    let dir = tempfile::tempdir().unwrap();
    let flow = |key: &str| {
        format!("{key}:\n  name: Queue\n  startUpRef: \"/{key}/tasks/task[T_1]\"\n  defaultLanguage: en-us\n  supportedLanguages:\n    en-us:\n      defaultLanguageSkill:\n        noValue: true\n  tasks:\n    - task:\n        name: T\n        refId: T_1\n        actions:\n          - updateData:\n              name: Wait\n              statements:\n                - duration:\n                    variable: Flow.wait\n                    value: {{exp: Call.EstimatedWaitTime}}\n          - disconnect: {{name: End}}\n")
    };
    let path = write(dir.path(), "q.yaml", &flow("inqueueCall"));
    let o = flowsim(&[
        "run",
        "Queue",
        "--flows",
        &path,
        "--context",
        "attributes.estimatedWaitTime=90",
        "--format",
        "json",
    ]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let r: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(r["variables"]["Flow.wait"], "PT1M30S", "{}", o.stdout);
    let o = flowsim(&["check", "--flows", &path, "--strict"]);
    assert_eq!(o.code, 0, "{}", o.stdout);

    let path = write(dir.path(), "q.yaml", &flow("inboundCall"));
    let o = flowsim(&["check", "--flows", &path]);
    assert!(
        o.stdout.contains("`Call.EstimatedWaitTime` is a built-in of inqueueCall flows, and flow `Queue` (inboundCall) does not have it"),
        "{}",
        o.stdout
    );
}

/// Play Estimated Wait Time announces `Call.EstimatedWaitTime` as the announcement Architect
/// builds from the action's settings (the Scripting SDK's audio sequences): a new action's are
/// "less than", the estimate rounded up to 30 s, 1, 2 or 5 minutes, then to the next 5; it
/// takes `failure` when there is no estimate.
#[test]
fn play_estimated_wait_time_announces_the_rounded_estimate() {
    let dir = tempfile::tempdir().unwrap();
    let flows = write(
        dir.path(),
        "q.yaml",
        "inqueueCall:\n  name: Queue\n  startUpRef: \"/inqueueCall/tasks/task[T_1]\"\n  defaultLanguage: en-us\n  supportedLanguages:\n    en-us:\n      defaultLanguageSkill:\n        noValue: true\n  tasks:\n    - task:\n        name: T\n        refId: T_1\n        actions:\n          - playEstimatedWaitTime:\n              name: Wait time\n          - disconnect: {name: End}\n",
    );
    let prompts = |estimate: &str| {
        let mut args = vec!["run", "Queue", "--flows", &flows, "--format", "json"];
        let attr = format!("attributes.estimatedWaitTime={estimate}");
        if !estimate.is_empty() {
            args.extend(["--context", &attr]);
        }
        let o = flowsim(&args);
        assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
        let r: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        let texts: Vec<serde_json::Value> =
            r["prompts"].as_array().unwrap().iter().map(|p| p["text"].clone()).collect();
        (serde_json::Value::Array(texts), r["trace"][0]["output"].clone())
    };
    let less_than = |rounded: &str| {
        serde_json::json!([format!("[PromptSystem.estimated_wait_time_less_than] {rounded}")])
    };
    assert_eq!(prompts("20"), (less_than("30 seconds"), "success".into()));
    assert_eq!(prompts("100"), (less_than("2 minutes"), "success".into()));
    assert_eq!(prompts("PT6M40S"), (less_than("10 minutes"), "success".into()));
    assert_eq!(prompts(""), (serde_json::json!([]), "success".into()));
}

/// Each playback mode says what the Scripting SDK's audio sequence for it says (en-us), with the
/// action's own rounding: `about` and `lessThan` round up to the specific intervals, then by
/// the round-up interval; `exact` says the estimate; `range` pads it by the interval, in
/// minutes. A mode Architect lacks fails the step (`conversion`).
#[test]
fn play_estimated_wait_time_says_what_each_playback_mode_says() {
    let dir = tempfile::tempdir().unwrap();
    let said = |settings: &str, estimate: &str| {
        let flow = format!(
            "inqueueCall:\n  name: Queue\n  startUpRef: \"/inqueueCall/tasks/task[T_1]\"\n  defaultLanguage: en-us\n  supportedLanguages:\n    en-us:\n      defaultLanguageSkill:\n        noValue: true\n  tasks:\n    - task:\n        name: T\n        refId: T_1\n        actions:\n          - playEstimatedWaitTime:\n              name: Wait time\n{settings}          - disconnect: {{name: End}}\n"
        );
        let flows = write(dir.path(), "q.yaml", &flow);
        let attr = format!("attributes.estimatedWaitTime={estimate}");
        let o = flowsim(&["run", "--flows", &flows, "--context", &attr, "--format", "json"]);
        let r: serde_json::Value = serde_json::from_str(&o.stdout).expect(&o.stderr);
        match &r["prompts"][0]["text"] {
            serde_json::Value::String(s) => s.clone(),
            _ => format!("{}: {}", r["error"]["kind"], r["error"]["message"]),
        }
    };
    let mode = |m: &str| format!("              playbackMode: {m}\n");
    assert_eq!(said(&mode("about"), "100"), "[PromptSystem.estimated_wait_time_about] 2 minutes");
    assert_eq!(
        said(&mode("exact"), "100"),
        "[PromptSystem.estimated_wait_time_is] 1 minute 40 seconds"
    );
    assert_eq!(said(&mode("range"), "PT6M40S"), "[PromptSystem.estimated_wait_time_is] 6 to 8");
    // The flow's own intervals: 45 s and 90 s, then by 10 minutes.
    let own = format!(
        "{}              roundingInterval: {{lit: {{minutes: 10}}}}\n              specificRoundingIntervals:\n                - lit: {{seconds: 45}}\n                - lit: {{seconds: 90}}\n",
        mode("about")
    );
    assert_eq!(said(&own, "40"), "[PromptSystem.estimated_wait_time_about] 45 seconds");
    assert_eq!(said(&own, "80"), "[PromptSystem.estimated_wait_time_about] 1 minute 30 seconds");
    assert_eq!(said(&own, "PT2M"), "[PromptSystem.estimated_wait_time_about] 10 minutes");
    let wide =
        format!("{}              roundingInterval: {{lit: {{minutes: 3}}}}\n", mode("range"));
    assert_eq!(said(&wide, "PT6M40S"), "[PromptSystem.estimated_wait_time_is] 4 to 10");
    assert!(said(&mode("soon"), "100")
        .starts_with("\"conversion\": \"Play Estimated Wait Time: playback mode `soon`"));
}

/// An inbound message flow reading the message's sender: with a message that has no `from`,
/// the warning names the field the request's `message` lacks (the run has a message); with
/// `from`, the sender is read and nothing is said.
#[test]
fn a_message_without_its_sender_is_warned_about_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let flows = write(
        dir.path(),
        "m.yaml",
        r#"inboundShortMessage:
  name: Sender
  startUpRef: "/inboundShortMessage/states/state[S_1]"
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - updateData:
              name: Copy
              statements:
                - string:
                    variable: Flow.sender
                    value: {exp: ToDisplayString(Message.Message.senderAddress)}
          - disconnect: {name: End}
"#,
    );
    let run = |message: &str| {
        let o = flowsim(&[
            "run",
            "Sender",
            "--flows",
            &flows,
            "--request",
            message,
            "--format",
            "json",
        ]);
        assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
        serde_json::from_str::<serde_json::Value>(&o.stdout).unwrap()
    };
    let request = |name: &str, text: &str| write(dir.path(), name, text);
    let r = run(&request("no-from.json", r#"{"flowName": "Sender", "message": "hi"}"#));
    let warnings = r["warnings"].to_string();
    assert!(
        warnings.contains(
            "the run's inbound message has no `from`; give the request's `message` a `from`"
        ),
        "{warnings}"
    );
    assert!(!warnings.contains("the run has no inbound message"), "{warnings}");

    let r = run(&request(
        "from.json",
        r#"{"flowName": "Sender", "message": {"body": "hi", "from": "+15551234567"}}"#,
    ));
    assert_eq!(r["variables"]["Flow.sender"], "+15551234567", "{r:#}");
    assert!(!r["warnings"].to_string().contains("senderAddress"), "{r:#}");
}

/// An outbound call flow's `Flow.WrapupCode` is a WrapupCode, as Architect's checker types it:
/// Set Wrap-up Code takes it as it is, and its members are a wrap-up code's (`id`, `name`).
#[test]
fn an_outbound_flows_wrapup_code_is_a_wrapup_code() {
    let flow = "outboundCall:
  name: Ob
  startUpRef: ./tasks/task[Main_1]
  variables:
    - stringVariable: {name: Flow.code, initialValue: {noValue: true}}
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - updateData:
              name: Name
              statements:
                - string: {variable: Flow.code, value: {exp: Flow.WrapupCode.name}}
          - setWrapupCode:
              name: Wrap
              wrapupCode: {exp: Flow.WrapupCode}
          - disconnect: {name: Bye}
";
    assert_eq!(crate::support::check_errors(flow), Vec::<String>::new());
    let o = flowsim(&["expr", "check", "--color", "never", "Flow.WrapupCode"]);
    assert_eq!((o.code, o.stdout.trim()), (0, "WrapupCode"), "{}{}", o.stdout, o.stderr);
    let wrong = flow.replace("Flow.WrapupCode.name", "Flow.WrapupCode.label");
    let errors = crate::support::check_errors(&wrong);
    assert!(errors.iter().any(|e| e.starts_with("unknownMember")), "{errors:?}");
}

/// An email's `to`, `cc`, `bcc` and `attachments` and a message's `targetAddresses` and
/// `attachments` are collections (Architect's types): the message's `to` is a collection of
/// one (an EmailAddress with its `id` for an email, the address for a message), and a
/// collection the message does not give is empty, never NOT_SET ("A collection value itself
/// cannot be NOT_SET", Collection values overview).
#[test]
fn an_inbound_messages_collections_are_collections() {
    let dir = tempfile::tempdir().unwrap();
    // A flow of type `kind` named `name` that writes `seen` into `Flow.seen`.
    let flow = |file: &str, kind: &str, name: &str, seen: &str| {
        let text = format!(
            "{kind}:
  name: {name}
  startUpRef: \"/{kind}/states/state[S_1]\"
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - updateData:
              name: Count
              statements:
                - string: {{variable: Flow.seen, value: {{exp: '{seen}'}}}}
          - disconnect: {{name: End}}
"
        );
        write(dir.path(), file, &text)
    };
    let email = flow(
        "e.yaml",
        "inboundEmail",
        "Mail",
        r#"Append(ToString(Count(Email.Message.to)), " ", ToString(Count(Email.Message.cc)), " ", ToString(Count(Email.Message.attachments)), " ", If(Count(Email.Message.to) > 0, Email.Message.to[0].id, "-"))"#,
    );
    let message = flow(
        "m.yaml",
        "inboundShortMessage",
        "Text",
        r#"Append(ToString(Count(Message.Message.targetAddresses)), " ", ToString(Count(Message.Message.attachments)), " ", If(Count(Message.Message.targetAddresses) > 0, Message.Message.targetAddresses[0], "-"))"#,
    );
    let seen = |flows: &str, flow: &str, message: &str| {
        let request = write(
            dir.path(),
            "r.json",
            &format!(r#"{{"flowName": "{flow}", "message": {message}}}"#),
        );
        let o = flowsim(&["check", "--flows", flows]);
        assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
        let o =
            flowsim(&["run", flow, "--flows", flows, "--request", &request, "--format", "json"]);
        let r: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        assert_eq!(r["warnings"], serde_json::json!([]), "{r:#}");
        r["variables"]["Flow.seen"].as_str().unwrap_or_default().to_owned()
    };
    assert_eq!(
        seen(&email, "Mail", r#"{"body": "hi", "to": "help@example.com"}"#),
        "1 0 0 help@example.com"
    );
    assert_eq!(seen(&email, "Mail", r#"{"body": "hi"}"#), "0 0 0 -");
    assert_eq!(
        seen(&message, "Text", r#"{"body": "hi", "to": "+15559990000"}"#),
        "1 0 +15559990000"
    );
    assert_eq!(seen(&message, "Text", r#"{"body": "hi"}"#), "0 0 -");
}
