//! Digital actions Genesys documents well enough to run offline (docs/architect.md §3.7),
//! through the CLI on small inline flows: Detect Intent in email and message flows.

use crate::cli::flowsim;
use serde_json::Value;

/// Writes `flow` to a temporary folder and runs `NAME` with `extra` arguments; the JSON
/// result and the exit code.
#[track_caller]
fn run(flow: &str, name: &str, extra: &[&str]) -> (Value, i32) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.yaml");
    std::fs::write(&path, flow).unwrap();
    let path = path.to_str().unwrap();
    let mut args = vec!["run", name, "--flows", path, "--format", "json"];
    args.extend_from_slice(extra);
    let o = flowsim(&args);
    let v = serde_json::from_str(&o.stdout).unwrap_or_else(|_| panic!("{}{}", o.stdout, o.stderr));
    (v, o.code)
}

/// What the run said, in order.
fn prompts(r: &Value) -> Vec<String> {
    r["prompts"].as_array().unwrap().iter().map(|p| p["text"].as_str().unwrap().into()).collect()
}

/// A flow of type `kind` whose first state detects one of two intents, each path and the
/// default saying what `Flow.intent` holds.
const DETECTING: &str = r#"KIND:
  name: Detect
  startUpRef: "/KIND/states/state[S_1]"
  variables:
    - stringVariable: {name: Flow.intent}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - detectIntent:
              name: Detect
              detectedIntent: {var: Flow.intent}
              outputs:
                default:
                  actions:
                    - sendResponse: {name: Other, messageBody: {exp: 'Append("none: ", ToString(IsNotSetOrEmpty(Flow.intent)))'}}
                intents:
                  - intent:
                      name: Refund
                      actions:
                        - sendResponse: {name: Refunds, messageBody: {exp: 'Append("refund: ", Flow.intent)'}}
                  - intent:
                      name: Invoice
                      actions:
                        - sendResponse: {name: Invoices, messageBody: {exp: 'Append("invoice: ", Flow.intent)'}}
          - disconnect: {name: Bye}
  settingsNaturalLanguageUnderstanding:
    nluDomainVersion:
      intents:
        - name: Refund
          utterances:
            - segments: [{text: I want my money back}]
            - segments: [{text: please refund my order}]
        - name: Invoice
          utterances:
            - segments: [{text: send me a copy of my invoice}]
      entities: []
      entityTypes: []
"#;

fn detecting(kind: &str) -> String {
    DETECTING.replace("KIND", kind)
}

#[test]
fn detect_intent_takes_the_path_of_the_intent_in_an_emails_body() {
    let flow = detecting("inboundEmail");
    let (r, code) = run(&flow, "Detect", &["--message", "please refund my order"]);
    assert_eq!(code, 0, "{r}");
    assert_eq!(prompts(&r), ["refund: Refund"]);
    assert_eq!(r["variables"]["Flow.intent"], "Refund");
    assert_eq!(r["transcript"][0]["intent"], "Refund");
    // The body decides, not the subject.
    let msg = r#"{"subject": "send me a copy of my invoice", "body": "hello there"}"#;
    let dir = tempfile::tempdir().unwrap();
    let req = dir.path().join("req.json");
    std::fs::write(&req, format!(r#"{{"flowName": "Detect", "message": {msg}}}"#)).unwrap();
    let (r, _) = run(&flow, "Detect", &["--request", req.to_str().unwrap()]);
    assert_eq!(prompts(&r), ["none: true"]);
    assert_eq!(r["variables"]["Flow.intent"], Value::Null);
}

#[test]
fn detect_intent_in_a_message_flow_reads_the_message_and_else_takes_default() {
    let flow = detecting("inboundShortMessage");
    let (r, _) = run(&flow, "Detect", &["--message", "send me a copy of my invoice"]);
    assert_eq!(prompts(&r), ["invoice: Invoice"]);
    let (r, _) = run(&flow, "Detect", &["--message", "what time do you open"]);
    assert_eq!(prompts(&r), ["none: true"]);
    assert_eq!(r["trace"][0]["output"], "default");
}

#[test]
fn detect_intent_fails_loudly_where_genesys_says_nothing() {
    // No NLU domain to detect with.
    let flow = detecting("inboundEmail");
    let bare = &flow[..flow.find("  settingsNaturalLanguageUnderstanding").unwrap()];
    let (r, _) = run(bare, "Detect", &["--message", "please refund my order"]);
    assert_eq!(r["status"], "disconnected", "{r}");
    assert_eq!(r["error"]["kind"], "unsupported", "{r}");
    assert!(r["error"]["message"].as_str().unwrap().contains("NLU domain"), "{r}");
    // A flow type whose text Genesys does not name.
    let (r, _) = run(&detecting("inboundChat"), "Detect", &["--message", "please refund my order"]);
    assert_eq!(r["error"]["kind"], "unsupported", "{r}");
}

#[test]
fn nlu_says_what_detect_intent_does_with_a_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.yaml");
    std::fs::write(&path, detecting("inboundEmail")).unwrap();
    let flows = path.to_str().unwrap();
    let o = flowsim(&["nlu", "Detect", "--flows", flows, "please refund my order"]);
    assert!(o.stdout.contains("detect intent: detects `Refund` (100%"), "{}{}", o.stdout, o.stderr);
    let o = flowsim(&["nlu", "Detect", "--flows", flows, "what time do you open"]);
    assert!(o.stdout.contains("detect intent: detects nothing and takes default"), "{}", o.stdout);
}

/// A message flow whose Call Dialog Engine Bot is sent the message (its Bot Input Text); each
/// path says where it went.
const DIALOG_ENGINE: &str = r#"inboundShortMessage:
  name: Engine
  startUpRef: "/inboundShortMessage/states/state[S_1]"
  variables:
    - stringVariable: {name: Flow.city}
    - stringVariable: {name: Flow.failureType}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - callDialogEngineBot:
              name: Bot
              botName: Hotel Engine
              inputText: {exp: Message.Message.body}
              intentSlots:
                - slot: {intent: Book, name: City, variable: Flow.city}
              failureOutputs: {errorType: Flow.failureType}
              outputs:
                failure:
                  actions:
                    - sendResponse: {name: Failed, messageBody: {exp: 'Append("failed: ", Flow.failureType)'}}
                noIntent:
                  enabled: true
                  actions:
                    - sendResponse: {name: Lost, messageBody: {lit: no intent}}
                intents:
                  - intent:
                      name: Book
                      actions:
                        - sendResponse: {name: Booked, messageBody: {exp: 'Append("booked in ", Flow.city)'}}
          - disconnect: {name: Bye}
"#;

const ENGINE_MOCKS: &str = r"services:
  Hotel Engine:
    - when: a room in Paris
      intent: Book
      slots: {City: Paris}
    - when: hello
      output: noIntent
    - failure: {errorType: InternalServerError, errorMessage: down}
";

#[test]
fn call_dialog_engine_bot_takes_the_intent_its_mock_returns_with_its_slots() {
    let dir = tempfile::tempdir().unwrap();
    let flow = dir.path().join("f.yaml");
    let fx = dir.path().join("fx.yaml");
    std::fs::write(&flow, DIALOG_ENGINE).unwrap();
    std::fs::write(&fx, ENGINE_MOCKS).unwrap();
    let (flow, fx) = (flow.to_str().unwrap(), fx.to_str().unwrap());
    let run = |message: &str| {
        let args = ["run", "Engine", "--flows", flow, "--fixtures", fx, "--format", "json"];
        let o = flowsim(&[&args[..], &["--message", message]].concat());
        assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
        serde_json::from_str::<Value>(&o.stdout).unwrap()
    };
    let r = run("a room in Paris");
    assert_eq!(prompts(&r), ["booked in Paris"], "{r}");
    assert_eq!(r["variables"]["Flow.city"], "Paris");
    assert_eq!(prompts(&run("hello")), ["no intent"]);
    assert_eq!(prompts(&run("what")), ["failed: InternalServerError"]);
    // A bot the fixtures do not mock stops the run.
    let o = flowsim(&["run", "Engine", "--flows", flow, "--format", "json", "--message", "hi"]);
    let r: Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(r["error"]["kind"], "unmockedService", "{r}");
}

#[test]
fn a_conversation_scenario_states_the_intent_detect_intent_finds_in_the_message() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("f.yaml"), detecting("inboundEmail")).unwrap();
    let scenarios = |intent: &str, reply: &str| {
        format!(
            "flows: f.yaml\nscenarios:\n  - name: detected\n    flow: Detect\n    conversation:\n      \
             - customer: please refund my order\n        intent: {intent}\n      - bot: \"{reply}\"\n"
        )
    };
    let file = dir.path().join("mail.scenarios.yaml");
    std::fs::write(&file, scenarios("Refund", "refund: Refund")).unwrap();
    let o = flowsim(&["test", file.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    std::fs::write(&file, scenarios("Invoice", "refund: Refund")).unwrap();
    let o = flowsim(&["test", file.to_str().unwrap()]);
    assert_ne!(o.code, 0);
    assert!(o.stdout.contains("classified as intent `Invoice`, got `Refund`"), "{}", o.stdout);
}

/// A message flow whose Bot Connector sets no input text.
const CONNECTOR: &str = r#"inboundShortMessage:
  name: Connector
  startUpRef: "/inboundShortMessage/states/state[S_1]"
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - callBotConnector:
              name: Bot
              botName: Pay Bot
              outputs:
                failure:
                  actions:
                    - sendResponse: {name: Failed, messageBody: {lit: failed}}
                intents:
                  - intent:
                      name: Pay
                      actions:
                        - sendResponse: {name: Paying, messageBody: {lit: paying}}
          - disconnect: {name: Bye}
"#;

#[test]
fn bot_connector_is_sent_the_inbound_message_when_it_sets_no_input_text() {
    let dir = tempfile::tempdir().unwrap();
    let flow = dir.path().join("f.yaml");
    let fx = dir.path().join("fx.yaml");
    std::fs::write(&flow, CONNECTOR).unwrap();
    std::fs::write(
        &fx,
        "services:\n  Pay Bot:\n    - when: pay my bill\n      intent: Pay\n    - failure: x\n",
    )
    .unwrap();
    let (flow, fx) = (flow.to_str().unwrap(), fx.to_str().unwrap());
    let args = ["run", "Connector", "--flows", flow, "--fixtures", fx, "--format", "json"];
    // The message, not a later turn, is what the bot is sent.
    let o = flowsim(
        &[&args[..], &["--message", "pay my bill", "--input", "say:something else"]].concat(),
    );
    let r: Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(prompts(&r), ["paying"], "{r}");
    let o = flowsim(&[&args[..], &["--message", "hello"]].concat());
    let r: Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(prompts(&r), ["failed"], "{r}");
}

/// A bot of type `KIND` whose Ask for Intent has a no-input reprompt of its own.
const REPROMPTING: &str = r#"KIND:
  name: Asker
  startUpRef: "/KIND/bots/bot[B_1]"
  settingsUserInput:
    noInputsMax: {lit: 1}
    noInputApology: {exp: 'MakeCommunication("Hello?")'}
  bots:
    - bot:
        name: Main
        refId: B_1
        actions:
          - askForIntent:
              name: Ask
              question: {exp: 'MakeCommunication("How can I help?")'}
              noInput: {exp: 'MakeCommunication("Still there?")'}
              outputs:
                intents:
                  - intent: {name: Pay, actions: [{exitBotFlow: {name: Paid}}]}
  settingsNaturalLanguageUnderstanding:
    nluDomainVersion:
      intents:
        - name: Pay
          utterances:
            - segments: [{text: pay my bill}]
      entities: []
      entityTypes: []
"#;

#[test]
fn a_digital_bot_says_its_question_again_after_no_input_not_a_reprompt() {
    let said = |kind: &str| {
        let (r, _) = run(
            &REPROMPTING.replace("KIND", kind),
            "Asker",
            &["--input", "timeout", "--input", "say:pay my bill"],
        );
        prompts(&r)
    };
    assert_eq!(said("digitalBotFlow"), ["How can I help?", "Hello?", "How can I help?"]);
    // `digitalBot:`, the cloud's name for the type, is a digital bot flow too.
    assert_eq!(said("digitalBot"), ["How can I help?", "Hello?", "How can I help?"]);
    assert_eq!(said("botFlow"), ["How can I help?", "Hello?", "Still there?"]);
}

#[test]
fn an_exports_wait_for_input_loads_as_the_action_and_names_what_is_undocumented() {
    let export = serde_json::json!({
        "name": "Digital", "type": "DIGITALBOT", "initialSequence": "b1",
        "flowSequenceItemList": [
            {"__type": "BotState", "id": "b1", "name": "Initial", "startAction": "w1",
             "actionList": [
                {"__type": "WaitForInputAction", "id": "w1", "name": "Wait for Input"},
             ]},
        ],
    });
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Digital.i3DigitalBotFlow"), export.to_string()).unwrap();
    let flows = dir.path().to_str().unwrap();
    let o = flowsim(&["check", "--color", "never", "--flows", flows]);
    assert!(
        o.stdout.contains("`waitForInput` (WaitForInputAction) is not run by flowsim"),
        "{}{}",
        o.stdout,
        o.stderr
    );
    let o = flowsim(&["run", "Digital", "--flows", flows, "--format", "json"]);
    let r: Value =
        serde_json::from_str(&o.stdout).unwrap_or_else(|_| panic!("{}{}", o.stdout, o.stderr));
    assert_eq!(r["error"]["kind"], "unsupported", "{r}");
    assert!(r["error"]["message"].as_str().unwrap().contains("where the flow goes"), "{r}");
}

/// The bot actions the Platform API names by export type and Genesys does not document load as
/// their entries (not `unknownAction`): `check` names each with its reason (error
/// `unsupported`), a run that takes
/// another path ends as usual, and one that reaches the action fails `unsupported` with it.
#[test]
fn undocumented_api_action_types_load_run_off_their_path_and_fail_on_it() {
    for (ty, key, reason) in [
        ("AskForNLUNextIntentAction", "askForNLUNextIntent", "no Genesys page documents"),
        ("AskForStringAction", "askForString", "no Genesys page documents"),
        ("FormAction", "form", "no Genesys page documents"),
        ("SetActiveIntentAction", "setIntent", "what Set Intent sets"),
    ] {
        let export = |taken: bool| {
            serde_json::json!({
                "name": "Digital", "type": "DIGITALBOT", "initialSequence": "b1",
                "flowSequenceItemList": [
                    {"__type": "BotState", "id": "b1", "name": "Initial", "startAction": "d1",
                     "actionList": [
                        {"__type": "DecisionAction", "id": "d1", "name": "Which",
                         "expression": {"text": if taken { "true" } else { "false" }, "type": "bln"},
                         "paths": [{"label": "Yes", "outputId": "__YES__", "nextActionId": "n1"},
                                   {"label": "No", "outputId": "__NO__", "nextActionId": "x1"}]},
                        {"__type": ty, "id": "n1", "name": "New", "nextAction": "x1"},
                        {"__type": "ExitBotFlowAction", "id": "x1", "name": "Exit"},
                     ]},
                ],
            })
        };
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("Digital.i3DigitalBotFlow");
        let flows = dir.path().to_str().unwrap();
        std::fs::write(&file, export(false).to_string()).unwrap();
        let o = flowsim(&["check", "--color", "never", "--flows", flows]);
        // `check` reports the action loudly, as its only error; `run` still runs the flow.
        assert!(
            o.stdout.contains(&format!("error[unsupported]: `{key}` ({ty}) is not run by flowsim")),
            "{}",
            o.stdout
        );
        assert!(o.stdout.contains("1 error(s)"), "{ty}: {}", o.stdout);
        assert!(o.stdout.contains(reason), "{ty}: {}", o.stdout);
        assert!(!o.stdout.contains("unknownAction"), "{ty}: {}", o.stdout);
        let o = flowsim(&["run", "Digital", "--flows", flows, "--format", "json"]);
        let r: Value = serde_json::from_str(&o.stdout).unwrap_or_else(|_| panic!("{}", o.stderr));
        assert_eq!(r["status"], "completed", "{ty}: {r}");
        assert!(r["error"].is_null(), "{ty}: {r}");

        std::fs::write(&file, export(true).to_string()).unwrap();
        let o = flowsim(&["run", "Digital", "--flows", flows, "--format", "json"]);
        let r: Value = serde_json::from_str(&o.stdout).unwrap_or_else(|_| panic!("{}", o.stderr));
        assert_eq!(r["error"]["kind"], "unsupported", "{ty}: {r}");
        assert!(r["error"]["message"].as_str().unwrap().contains(reason), "{ty}: {r}");
    }
}
