//! Digital actions Genesys documents well enough to run offline (docs/architect.md §3.7),
//! through the CLI on small inline flows: Detect Intent in email and message flows; Wait for
//! Input, Ask for String, Set Intent, Send Digital Content and Carousel, Ask for
//! Authentication and Payment, Form in digital bot flows.

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

/// Ask for Next Intent, the one bot action the Platform API names by export type and no
/// Genesys page documents, runs as an Ask for Intent (docs/architect.md §4): its question, the
/// intent the customer's turn names, its no-input path; `check` has nothing to say about it.
#[test]
fn ask_for_next_intent_runs_as_an_ask_for_intent() {
    let flow = REPROMPTING
        .replace("KIND", "digitalBot")
        .replace("- askForIntent:", "- askForNLUNextIntent:")
        .replace(
            "                  - intent: {name: Pay, actions: [{exitBotFlow: {name: Paid}}]}",
            "                  - intent: {name: Pay, actions: [{sendResponse: {name: Paying, messageBody: {exp: 'MakeCommunication(\"paying\")'}}}]}\n                maxNoInputs:\n                  actions:\n                    - sendResponse: {name: Gone, messageBody: {exp: 'MakeCommunication(\"no answer\")'}}",
        );
    assert!(flow.contains("askForNLUNextIntent"), "{flow}");
    let (r, _) = run(&flow, "Asker", &["--input", "say:pay my bill"]);
    assert_eq!(prompts(&r), ["How can I help?", "paying"], "{r}");
    let (r, _) = run(&flow, "Asker", &["--input", "timeout", "--input", "timeout"]);
    assert_eq!(prompts(&r), ["How can I help?", "Hello?", "How can I help?", "no answer"], "{r}");

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("asker.yaml"), &flow).unwrap();
    let o = flowsim(&["check", "--color", "never", "--flows", dir.path().to_str().unwrap()]);
    assert!(!o.stdout.contains("unsupported"), "{}", o.stdout);
    assert!(!o.stdout.contains("unknownAction"), "{}", o.stdout);
}

/// A digital bot flow whose one bot runs `ACTIONS` and then says what the variables hold. Its
/// NLU knows `Balance` (linked to the `Balance` task, which says so) and `Pay`.
const STEPS: &str = r#"digitalBot:
  name: Steps
  startUpRef: "/digitalBot/bots/bot[B_1]"
  variables:
    - stringVariable: {name: Flow.text}
    - stringVariable: {name: Flow.pick}
    - stringVariable: {name: Flow.email}
    - integerVariable: {name: Flow.age}
  settingsUserInput:
    noInputsMax: {lit: 1}
    noMatchesMax: {lit: 1}
    noMatchApology: {exp: 'MakeCommunication("Sorry.")'}
  settingsBotFlow:
    intentSettings:
      - intent: {name: Balance, task: {name: Balance}}
  bots:
    - bot:
        name: Main
        refId: B_1
        actions:
ACTIONS
          - communicate: {name: Tell, communication: {exp: 'MakeCommunication(Append("text=", ToString(Flow.text), " pick=", ToString(Flow.pick), " email=", ToString(Flow.email), " age=", ToString(Flow.age)))'}}
          - exitBotFlow: {name: Bye}
  tasks:
    - task:
        name: Balance
        refId: Balance_2
        actions:
          - communicate: {name: In balance, communication: {exp: 'MakeCommunication("your balance")'}}
  settingsNaturalLanguageUnderstanding:
    nluDomainVersion:
      intents:
        - name: Balance
          utterances:
            - segments: [{text: what is my balance}]
        - name: Pay
          utterances:
            - segments: [{text: pay my bill}]
      entities: []
      entityTypes: []
"#;

/// Runs the `Steps` bot with `actions` (list items at the bot's indent) and `inputs`.
#[track_caller]
fn steps(actions: &str, inputs: &[&str]) -> Value {
    let flow = STEPS.replace("ACTIONS\n", actions);
    let mut args = Vec::new();
    for i in inputs {
        args.extend(["--input", *i]);
    }
    run(&flow, "Steps", &args).0
}

const WAIT: &str = "          - waitForInput: {name: Wait, question: {exp: 'MakeCommunication(\"How can I help?\")'}}\n";

#[test]
fn wait_for_input_runs_the_task_linked_to_the_intent_heard_then_goes_on() {
    let r = steps(WAIT, &["say:what is my balance"]);
    assert_eq!(prompts(&r), ["How can I help?", "your balance", "text= pick= email= age="], "{r}");
    assert_eq!(r["intent"], "Balance", "{r}");
    // An intent with no linked task is the active intent, and the flow goes on at once.
    let r = steps(WAIT, &["say:pay my bill"]);
    assert_eq!(prompts(&r), ["How can I help?", "text= pick= email= age="], "{r}");
    assert_eq!(r["intent"], "Pay", "{r}");
}

#[test]
fn wait_for_input_retries_no_match_and_no_input_then_gives_up() {
    let r = steps(WAIT, &["say:tell me a joke", "say:pay my bill"]);
    assert_eq!(
        prompts(&r),
        ["How can I help?", "Sorry.", "How can I help?", "text= pick= email= age="],
        "{r}"
    );
    // Past the retries, the bot's recognition failure: it exits, never reaching `Tell`.
    let r = steps(WAIT, &["timeout", "timeout"]);
    assert_eq!(r["exitReason"], "RecognitionFailure", "{r}");
    assert!(!prompts(&r).iter().any(|p| p.starts_with("text=")), "{r}");
    // Each no input waits the No Input Timeout (7 s by default) on the virtual clock.
    assert_eq!(r["elapsedMs"], 14_000, "{r}");
}

#[test]
fn ask_for_string_keeps_the_customers_text_up_to_its_maximum_length() {
    let ask = "          - askForString: {name: Ask, question: {exp: 'MakeCommunication(\"Your name?\")'}, inputData: {var: Flow.text}, maxLength: {lit: 5}}\n";
    let r = steps(ask, &["say:Annabelle Lee"]);
    assert_eq!(prompts(&r), ["Your name?", "text=Annab pick= email= age="], "{r}");
    let r = steps(&ask.replace(", maxLength: {lit: 5}", ""), &["noMatch", "say:Ann"]);
    assert_eq!(
        prompts(&r),
        ["Your name?", "Sorry.", "Your name?", "text=Ann pick= email= age="],
        "{r}"
    );
}

#[test]
fn set_intent_sets_the_active_intent_and_clear_active_intent_forgets_it() {
    let set = "          - setIntent: {name: Set, intent: {lit: Pay}}\n";
    let r = steps(set, &[]);
    assert_eq!(r["intent"], "Pay", "{r}");
    let r = steps(&format!("{set}          - clearActiveIntent: {{name: Clear}}\n"), &[]);
    assert!(r["intent"].is_null(), "{r}");
}

#[test]
fn send_digital_content_sends_its_content_and_takes_the_button_pressed() {
    let send = "          - sendDigitalContent:\n              name: Offer\n              content: {exp: 'MakeCommunication(\"Pick a plan\")'}\n              buttons:\n                - button: {value: {lit: plan-basic}, label: {lit: Basic}}\n                - button: {value: {lit: plan-gold}, label: {lit: Gold}}\n              selection: {var: Flow.pick}\n";
    let r = steps(send, &["say:gold"]);
    assert_eq!(prompts(&r), ["Pick a plan", "text= pick=plan-gold email= age="], "{r}");
    let r = steps(send, &["say:plan-basic"]);
    assert_eq!(prompts(&r)[1], "text= pick=plan-basic email= age=", "{r}");
    // A turn that presses no button, or none at all: NOT_SET, and the flow goes on.
    let r = steps(send, &["say:neither"]);
    assert_eq!(prompts(&r)[1], "text= pick= email= age=", "{r}");
    // A carousel's cards are its buttons.
    let carousel = send
        .replace("sendDigitalContent", "sendDigitalCarousel")
        .replace("buttons:", "cards:")
        .replace("- button:", "- card:");
    let r = steps(&carousel, &["say:Basic"]);
    assert_eq!(prompts(&r)[1], "text= pick=plan-basic email= age=", "{r}");
}

#[test]
fn ask_for_authentication_and_payment_take_the_outcome_the_customers_turn_gives() {
    let step = |key: &str, input: &str| {
        let action = format!("          - {key}:\n              name: Step\n              question: {{exp: 'MakeCommunication(\"Please sign in\")'}}\n              outputs:\n                success: {{actions: [{{updateData: {{name: Ok, statements: [{{string: {{variable: Flow.text, value: {{lit: ok}}}}}}]}}}}]}}\n                failure: {{actions: [{{updateData: {{name: Ko, statements: [{{string: {{variable: Flow.text, value: {{lit: ko}}}}}}]}}}}]}}\n                noInput: {{actions: [{{updateData: {{name: Silent, statements: [{{string: {{variable: Flow.text, value: {{lit: silent}}}}}}]}}}}]}}\n");
        let action = if key == "askForAuthentication" {
            action + "                noMatch: {actions: [{updateData: {name: Other, statements: [{string: {variable: Flow.text, value: {lit: other}}}]}}]}\n"
        } else {
            action
        };
        let r = steps(&action, &[input]);
        r["variables"]["Flow.text"].as_str().unwrap_or_default().to_owned()
    };
    for key in ["askForAuthentication", "askForPayment"] {
        assert_eq!(step(key, "say:success"), "ok", "{key}");
        assert_eq!(step(key, "say:Failure"), "ko", "{key}");
        assert_eq!(step(key, "timeout"), "silent", "{key}");
    }
    assert_eq!(step("askForAuthentication", "say:hello"), "other");
    assert_eq!(step("askForPayment", "say:hello"), "ko");
}

#[test]
fn a_form_writes_each_submitted_field_to_its_variable() {
    let form = "          - form:\n              name: Details\n              question: {exp: 'MakeCommunication(\"Your details\")'}\n              fields:\n                - field: {name: email, variable: Flow.email}\n                - field: {name: age, variable: Flow.age}\n";
    let r = steps(form, &[r#"say:{"email": "ann@example.com", "age": "42"}"#]);
    assert_eq!(prompts(&r), ["Your details", "text= pick= email=ann@example.com age=42"], "{r}");
    assert_eq!(r["variables"]["Flow.age"], 42, "{r}");
    // A field not submitted is NOT_SET; a turn that is no form fails loudly.
    let r = steps(form, &[r#"say:{"email": "b@example.com"}"#]);
    assert_eq!(prompts(&r)[1], "text= pick= email=b@example.com age=", "{r}");
    let r = steps(form, &["say:ann@example.com"]);
    assert_eq!(r["error"]["kind"], "conversion", "{r}");
}

#[test]
fn an_exports_wait_for_input_runs_as_the_action() {
    let export = serde_json::json!({
        "name": "Digital", "type": "DIGITALBOT", "initialSequence": "b1",
        "flowSequenceItemList": [
            {"__type": "BotState", "id": "b1", "name": "Initial", "startAction": "w1",
             "actionList": [
                {"__type": "WaitForInputAction", "id": "w1", "name": "Wait for Input", "nextAction": "x1"},
                {"__type": "ExitBotFlowAction", "id": "x1", "name": "Exit"},
             ]},
        ],
    });
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Digital.i3DigitalBotFlow"), export.to_string()).unwrap();
    let flows = dir.path().to_str().unwrap();
    let o = flowsim(&["check", "--color", "never", "--flows", flows]);
    assert!(!o.stdout.contains("unsupported"), "{}{}", o.stdout, o.stderr);
    // No turn comes: the bot's no-input retries run out (three, Genesys's default).
    let o = flowsim(&["run", "Digital", "--flows", flows, "--format", "json"]);
    let r: Value =
        serde_json::from_str(&o.stdout).unwrap_or_else(|_| panic!("{}{}", o.stdout, o.stderr));
    assert!(r["error"].is_null(), "{r}");
    assert_eq!(r["exitReason"], "RecognitionFailure", "{r}");
}
