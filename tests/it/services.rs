//! External services run against the fixtures' `services` mocks (docs/bots.md, docs/fixtures.md),
//! through the CLI: third-party bots (intent, slots, failure), sessions (Dialogflow CX, guides,
//! audio connectors), knowledge and journey lookups; a service without a mock stops the run with
//! `unmockedService`, `check --fixtures` warns about it, and scenario lint refuses a mock no flow
//! calls.

use crate::cli::{flowsim, Output};
use serde_json::Value;

/// An inbound call flow whose one task runs `actions` (Archy YAML, indented for the task),
/// with the String inputs the lookups' tests preset.
fn flow(actions: &str) -> String {
    crate::support::archy_task_flow(
        "inboundCall",
        &format!(
            r"{actions}
          - disconnect:
              name: Bye
"
        ),
    )
    .replacen(
        "  tasks:\n",
        "  variables:\n    - stringVariable: {name: Flow.doc, isInput: true}\n    - stringVariable: {name: Flow.session, isInput: true}\n  tasks:\n",
        1,
    )
}

struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new(actions: &str, fixtures: &str) -> Case {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("f.yaml"), flow(actions)).unwrap();
        std::fs::write(dir.path().join("fx.yaml"), fixtures).unwrap();
        Case { dir }
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_str().unwrap().to_owned()
    }

    #[track_caller]
    fn run(&self, extra: &[&str]) -> Value {
        let (flows, fx) = (self.path("f.yaml"), self.path("fx.yaml"));
        let mut args = vec!["run", "F", "--flows", &flows, "--fixtures", &fx, "--format", "json"];
        args.extend_from_slice(extra);
        let o = flowsim(&args);
        assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
        serde_json::from_str(&o.stdout).unwrap()
    }

    fn check(&self) -> Output {
        flowsim(&["check", "--flows", &self.path("f.yaml"), "--fixtures", &self.path("fx.yaml")])
    }
}

/// The names of the steps a run took, in order.
fn path(r: &Value) -> Vec<String> {
    r["trace"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["nodeId"].as_str().unwrap().to_owned())
        .collect()
}

/// What the run said, in order.
fn prompts(r: &Value) -> Vec<String> {
    r["prompts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap().to_owned())
        .collect()
}

const LEX: &str = r#"          - callLexBot:
              name: Hotel bot
              botName: HotelBot
              botAlias: Prod
              sessionVariables:
                caller:
                  exp: Call.Ani
              intentSlots:
                - slot:
                    intent: BookHotel
                    name: City
                    variable: Flow.city
              failureOutputs:
                errorType: Flow.errorType
                errorMessage: Flow.errorMessage
              outputs:
                failure:
                  actions:
                    - disconnect:
                        name: Failed
                intents:
                  - intent:
                      name: BookHotel
                      actions:
                        - playAudio:
                            name: Booked
                            audio:
                              exp: Append("Booked in ", Flow.city)"#;

const LEX_MOCK: &str = r"services:
  HotelBot:
    - when: {contains: hotel}
      intent: BookHotel
      slots: {City: Paris}
      says: Which city?
    - failure: {errorType: NoMatchError, errorMessage: no intent matched}
";

#[test]
fn a_lex_bot_takes_the_intent_its_mock_recognises_and_writes_its_slots() {
    let c = Case::new(LEX, LEX_MOCK);
    let r = c.run(&["--input", "say:book a hotel please"]);
    assert_eq!(path(&r), ["T/Hotel bot", "T/Booked", "T/Bye"], "{r}");
    assert_eq!(r["variables"]["Flow.city"], "Paris");
    assert_eq!(prompts(&r), ["Which city?", "Booked in Paris"]);
    // The customer's turn is in the transcript, before what the bot answered.
    let transcript = r["transcript"].as_array().unwrap();
    assert_eq!(transcript[0]["from"], "customer", "{r}");
    assert_eq!(transcript[0]["text"], "book a hotel please");
}

#[test]
fn a_lex_bot_mock_that_fails_takes_failure_with_error_type_and_message() {
    let c = Case::new(LEX, LEX_MOCK);
    let r = c.run(&["--input", "say:hello"]);
    assert_eq!(path(&r), ["T/Hotel bot", "T/Failed"], "{r}");
    assert_eq!(r["variables"]["Flow.errorType"], "NoMatchError");
    assert_eq!(r["variables"]["Flow.errorMessage"], "no intent matched");
    assert_eq!(r["trace"][0]["error"]["kind"], "serviceFailed", "{r}");
}

#[test]
fn a_bot_without_a_mock_stops_the_run_naming_the_action_and_the_entry_to_add() {
    let c = Case::new(LEX, "queues: []\n");
    let r = c.run(&["--input", "say:book a hotel"]);
    assert_eq!(r["status"], "failed", "{r}");
    assert_eq!(r["error"]["kind"], "unmockedService", "{r}");
    let message = r["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("`callLexBot`") && message.contains(r#"services: {"HotelBot""#),
        "{message}"
    );
    // No default path: the flow's error handling does not take it over.
    assert_eq!(path(&r), ["T/Hotel bot"]);
}

#[test]
fn a_mock_naming_an_intent_the_action_lacks_is_an_error_not_a_guess() {
    let c = Case::new(LEX, "services:\n  HotelBot:\n    - intent: CancelBooking\n");
    let r = c.run(&["--input", "say:cancel"]);
    assert_eq!(r["error"]["kind"], "unmockedService", "{r}");
    assert!(r["error"]["message"].as_str().unwrap().contains("CancelBooking"), "{r}");
}

#[test]
fn responses_are_used_in_order_with_times() {
    let actions = format!(
        "{LEX}\n{}",
        LEX.replace("Hotel bot", "Hotel bot again")
            .replace("Booked", "Booked again")
            .replace("Failed", "Failed again")
    );
    let mock = "services:\n  HotelBot:\n    - intent: BookHotel\n      slots: {City: Rome}\n      times: 1\n    - failure: busy\n";
    let c = Case::new(&actions, mock);
    let r = c.run(&["--input", "say:a", "--input", "say:b"]);
    assert_eq!(path(&r), ["T/Hotel bot", "T/Booked", "T/Hotel bot again", "T/Failed again"], "{r}");
    assert_eq!(r["variables"]["Flow.errorType"], "InternalServerError");
    assert_eq!(r["variables"]["Flow.errorMessage"], "busy");
}

#[test]
fn lex_v2_writes_session_outputs_and_input_text_is_what_it_hears() {
    let actions = r#"          - callLexV2Bot:
              name: Order bot
              botName: OrderBot
              inputText:
                lit: where is my order
              sessionVariableOutputs:
                dialogState: Flow.state
              intentSlots:
                - slot:
                    intent: OrderStatus
                    name: OrderNumber
                    variable: Flow.order
              outputs:
                intents:
                  - intent:
                      name: OrderStatus
                      actions:
                        - playAudio:
                            name: Status
                            audio:
                              exp: Append(Flow.order, " ", Flow.state)"#;
    let mock = "services:\n  OrderBot:\n    - when: where is my order\n      intent: OrderStatus\n      slots: {OrderNumber: '12345678'}\n      outputs: {dialogState: Fulfilled}\n";
    let r = Case::new(actions, mock).run(&[]);
    assert_eq!(path(&r), ["T/Order bot", "T/Status", "T/Bye"], "{r}");
    assert_eq!(prompts(&r), ["12345678 Fulfilled"]);
}

#[test]
fn dialogflow_writes_the_intents_parameters() {
    let actions = r"          - callDialogflowBot:
              name: Agent
              botName: SupportAgent
              intentParameters:
                - parameter:
                    intent: Refund
                    name: amount
                    variable: Flow.amount
              outputs:
                intents:
                  - intent:
                      name: Refund
                      actions:
                        - playAudio:
                            name: Refund
                            audio:
                              exp: ToString(Flow.amount)";
    let mock = "services:\n  SupportAgent:\n    - intent: Refund\n      slots: {amount: 25}\n";
    let r = Case::new(actions, mock).run(&["--input", "say:I want my money back"]);
    assert_eq!(path(&r), ["T/Agent", "T/Refund", "T/Bye"], "{r}");
    assert_eq!(prompts(&r), ["25"]);
}

#[test]
fn nuance_mix_and_bot_connector_take_intents_like_lex() {
    for key in ["callNuanceMixBot", "callBotConnector"] {
        let actions = format!(
            r"          - {key}:
              name: Bot
              botName: B
              outputs:
                failure:
                  actions:
                    - disconnect:
                        name: Failed
                intents:
                  - intent:
                      name: Pay
                      actions:
                        - playAudio:
                            name: Paying
                            audio:
                              tts: paying"
        );
        let c = Case::new(
            &actions,
            "services:\n  B:\n    - when: pay\n      intent: Pay\n    - failure: x\n",
        );
        let r = c.run(&["--input", "say:pay"]);
        assert_eq!(path(&r), ["T/Bot", "T/Paying", "T/Bye"], "{key}: {r}");
        let r = c.run(&["--input", "say:other"]);
        assert_eq!(path(&r), ["T/Bot", "T/Failed"], "{key}: {r}");
        let r = Case::new(&actions, "queues: []\n").run(&["--input", "say:pay"]);
        assert_eq!(r["error"]["kind"], "unmockedService", "{key}: {r}");
    }
}

#[test]
fn sessions_take_success_with_named_outputs_or_failure_or_timeout() {
    let actions = r"          - callDialogflowCxBot:
              name: CX
              botName: CxAgent
              sessionVariableOutputs:
                account: Flow.account
              failureOutputs:
                errorType: Flow.errorType
              outputs:
                success:
                  actions:
                    - playAudio:
                        name: Done
                        audio:
                          exp: Flow.account
                failure:
                  actions:
                    - disconnect:
                        name: Failed";
    let mock = "services:\n  CxAgent:\n    - when: {contains: account}\n      outputs: {account: A-1}\n    - timeout: true\n";
    let c = Case::new(actions, mock);
    let r = c.run(&["--input", "say:my account"]);
    assert_eq!(path(&r), ["T/CX", "T/Done", "T/Bye"], "{r}");
    assert_eq!(r["variables"]["Flow.account"], "A-1");
    // CX has no timeout output: a timeout is its failure.
    let r = c.run(&["--input", "say:hmm"]);
    assert_eq!(path(&r), ["T/CX", "T/Failed"], "{r}");
    assert_eq!(r["variables"]["Flow.errorType"], "Timeout");

    let guide = r#"          - callGuide:
              name: Guide
              guide: Returns
              inputs:
                order:
                  lit: "42"
              successOutputs:
                label: Flow.label
              outputs:
                timeout:
                  actions:
                    - disconnect:
                        name: Slow"#;
    let c = Case::new(
        guide,
        "services:\n  Returns:\n    - when: ok\n      outputs: {label: L-9}\n    - timeout: true\n",
    );
    let r = c.run(&["--input", "say:ok"]);
    assert_eq!(path(&r), ["T/Guide", "T/Bye"], "{r}");
    assert_eq!(r["variables"]["Flow.label"], "L-9");
    let r = c.run(&["--input", "say:wait"]);
    assert_eq!(path(&r), ["T/Guide", "T/Slow"], "{r}");

    let connector = r"          - callAudioConnector:
              name: Voice bot
              integration: VoiceAI
              sessionVariableOutputs:
                outcome: Flow.outcome";
    let r = Case::new(connector, "services:\n  VoiceAI:\n    - outputs: {outcome: resolved}\n")
        .run(&["--input", "say:hi"]);
    assert_eq!(r["variables"]["Flow.outcome"], "resolved", "{r}");
    let r = Case::new(connector, "queues: []\n").run(&[]);
    assert_eq!(r["error"]["kind"], "unmockedService", "{r}");
}

#[test]
fn knowledge_lookups_find_documents_by_id() {
    let actions = r#"          - findKnowledgeBaseDocumentById:
              name: Find article
              knowledgeBase: Help Center
              documentId:
                exp: Flow.doc
              findResult: Flow.article
              outputs:
                found:
                  actions:
                    - playAudio:
                        name: Title
                        audio:
                          exp: GetJsonObjectProperty(Flow.article, "title")
                notFound:
                  actions:
                    - disconnect:
                        name: Missing
          - showKnowledgeArticle:
              name: Show
              knowledgeBase: Help Center
              documentId:
                exp: Flow.doc"#;
    let mock = r#"services:
  Help Center:
    - when: d-1
      output: found
      outputs: {title: Resetting a password}
      times: 1
    - when: d-1
      says: "Article: Resetting a password"
    - output: notFound
"#;
    let c = Case::new(actions, mock);
    let r = c.run(&["--var", "Flow.doc=d-1"]);
    assert_eq!(path(&r), ["T/Find article", "T/Title", "T/Show", "T/Bye"], "{r}");
    assert_eq!(prompts(&r), ["Resetting a password", "Article: Resetting a password"]);
    let r = c.run(&["--var", "Flow.doc=d-2"]);
    assert_eq!(path(&r), ["T/Find article", "T/Missing"], "{r}");
    let r = Case::new(actions, "queues: []\n").run(&["--var", "Flow.doc=d-1"]);
    assert_eq!(r["error"]["kind"], "unmockedService", "{r}");
    assert!(r["error"]["message"].as_str().unwrap().contains(r#"services: {"Help Center""#), "{r}");
}

#[test]
fn journey_lookups_are_mocked_under_the_actions_key() {
    let actions = r#"          - getJourneySession:
              name: Session
              sessionId:
                exp: Flow.session
              findResult: Flow.journey
              outputs:
                found:
                  actions:
                    - playAudio:
                        name: Segment
                        audio:
                          exp: GetJsonObjectProperty(Flow.journey, "segment")
                notFound:
                  actions:
                    - disconnect:
                        name: Unknown"#;
    let mock = "services:\n  getJourneySession:\n    - when: s-1\n      output: found\n      outputs: {segment: returning}\n    - output: notFound\n";
    let c = Case::new(actions, mock);
    let r = c.run(&["--var", "Flow.session=s-1"]);
    assert_eq!(path(&r), ["T/Session", "T/Segment", "T/Bye"], "{r}");
    assert_eq!(prompts(&r), ["returning"]);
    let r = c.run(&["--var", "Flow.session=s-9"]);
    assert_eq!(path(&r), ["T/Session", "T/Unknown"], "{r}");
    let r = Case::new(actions, "queues: []\n").run(&["--var", "Flow.session=s-1"]);
    assert_eq!(r["error"]["kind"], "unmockedService", "{r}");
    assert!(r["error"]["message"].as_str().unwrap().contains("getJourneySession"), "{r}");
}

#[test]
fn check_with_fixtures_warns_about_a_service_no_fixture_mocks() {
    let c = Case::new(LEX, "queues: []\n");
    let o = c.check();
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout.contains("warning[unmockedService]") && o.stdout.contains("HotelBot"),
        "{}",
        o.stdout
    );
    let c = Case::new(LEX, LEX_MOCK);
    let o = c.check();
    assert!(!o.stdout.contains("unmockedService"), "{}", o.stdout);
}

#[test]
fn bad_service_mocks_are_load_errors_naming_the_place() {
    let c = Case::new(LEX, "services:\n  HotelBot:\n    - intent: A\n      failure: x\n    - whn: hi\n      intent: B\n");
    let o = c.check();
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    let text = format!("{}{}", o.stdout, o.stderr);
    assert!(
        text.contains("services[\"HotelBot\"][0]") && text.contains("both `intent` and `failure`"),
        "{text}"
    );
    assert!(text.contains("unknown key `whn`"), "{text}");
}

#[test]
fn scenario_lint_refuses_a_mocked_service_no_flow_calls() {
    let c = Case::new(LEX, LEX_MOCK);
    let scenarios = "flows: f.yaml\nfixtures: [fx.yaml]\nscenarios:\n  - name: booked\n    flow: F\n    inputs: [{text: hotel}]\n    mocks:\n      services:\n        HotelBott:\n          - intent: BookHotel\n    expect:\n      status: disconnected\n";
    std::fs::write(c.dir.path().join("s.scenarios.yaml"), scenarios).unwrap();
    let o = flowsim(&["test", &c.path("s.scenarios.yaml"), "--lint"]);
    let text = format!("{}{}", o.stdout, o.stderr);
    assert_ne!(o.code, 0, "{text}");
    assert!(
        text.contains("the mocked service `HotelBott` is called by no flow")
            && text.contains("HotelBot"),
        "{text}"
    );
}

#[test]
fn a_scenario_reads_a_third_party_bot_as_a_conversation() {
    let c = Case::new(LEX, "queues: []\n");
    let scenarios = r"flows: f.yaml
fixtures: [fx.yaml]
mocks:
  services:
    HotelBot:
      - when: {contains: hotel}
        intent: BookHotel
        slots: {City: Oslo}
        says: Booking it.
scenarios:
  - name: booked in Oslo
    flow: F
    conversation:
      - customer: a hotel please
      - bot: Booking it.
      - bot: Booked in Oslo
    expect:
      status: disconnected
      variables: {Flow.city: Oslo}
  - name: a wrong line fails
    flow: F
    conversation:
      - customer: a hotel please
      - bot: Booked in Paris
    expect:
      status: disconnected
";
    std::fs::write(c.dir.path().join("s.scenarios.yaml"), scenarios).unwrap();
    let o = flowsim(&["test", &c.path("s.scenarios.yaml")]);
    let text = format!("{}{}", o.stdout, o.stderr);
    assert_eq!(o.code, 1, "{text}");
    assert!(text.contains("1 passed, 1 failed"), "{text}");
    assert!(text.contains("a wrong line fails"), "{text}");
}

#[test]
fn a_turn_with_no_input_sends_empty_text() {
    let mock = "services:\n  HotelBot:\n    - when: ''\n      failure: {errorType: NoInputError}\n    - intent: BookHotel\n";
    let r = Case::new(LEX, mock).run(&["--input", "timeout"]);
    assert_eq!(r["variables"]["Flow.errorType"], "NoInputError", "{r}");
    let r = Case::new(LEX, mock).run(&[]);
    assert_eq!(r["variables"]["Flow.errorType"], "NoInputError", "{r}");
    let r = Case::new(LEX, mock).run(&["--input", "say:hi"]);
    assert_eq!(path(&r), ["T/Hotel bot", "T/Booked", "T/Bye"], "{r}");
}

#[test]
fn explore_reaches_every_intent_and_the_failure_by_mocking_the_bot_and_its_scenarios_pass() {
    let c = Case::new(LEX, "queues: []\n");
    let out = c.path("scenarios");
    let o = flowsim(&[
        "explore",
        "F",
        "--flows",
        &c.path("f.yaml"),
        "--fixtures",
        &c.path("fx.yaml"),
        "--outputs",
        "--write-scenarios",
        &out,
    ]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("reached      F: T/Hotel bot -BookHotel->"), "{}", o.stdout);
    assert!(o.stdout.contains("reached      F: T/Hotel bot -failure->"), "{}", o.stdout);
    let o = flowsim(&["test", &out]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("3 passed, 0 failed"), "{}", o.stdout);
}

/// A caller whose common module calls a Lex bot.
const CALLER: &str = r"inboundCall:
  name: Caller
  startUpRef: /inboundCall/tasks/task[T_1]
  tasks:
    - task:
        name: T
        refId: T_1
        actions:
          - callCommonModule:
              name: Call it
              commonModule:
                Module:
                  ver_latestPublished: {}
          - disconnect: {name: Bye}
";

const MODULE: &str = r"commonModule:
  name: Module
  startUpTaskActions:
    - callLexBot:
        name: Bot in module
        botName: HotelBot
";

#[test]
fn an_unmocked_service_in_a_common_module_stops_the_run_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("flows")).unwrap();
    std::fs::write(dir.path().join("flows/caller.yaml"), CALLER).unwrap();
    std::fs::write(dir.path().join("flows/module.yaml"), MODULE).unwrap();
    std::fs::write(dir.path().join("fx.yaml"), "queues: []\n").unwrap();
    let flows = dir.path().join("flows");
    let flows = flows.to_str().unwrap();
    let fx = dir.path().join("fx.yaml");
    let fx = fx.to_str().unwrap();
    let o = flowsim(&["run", "Caller", "--flows", flows, "--fixtures", fx, "--format", "json"]);
    let r: Value =
        serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", o.stdout, o.stderr));
    assert_eq!(r["status"], "failed", "{r}");
    assert_eq!(r["error"]["kind"], "unmockedService", "{r}");
    assert_eq!(path(&r), ["T/Call it", "startUpTask/Bot in module"], "{r}");
}

/// Call Lex V2 Bot as Archy writes it: the bot by its place (`lexBot: {<region>: {<bot>:
/// {<locale>: {<alias>: {intents, outputs, failureOutputs}}}}}`), its session variables in and
/// out as lists of named records.
#[test]
fn lex_v2_as_archy_writes_it_runs_by_its_intents() {
    let actions = r#"          - callLexV2Bot:
              name: QnA
              outputSessionVariables:
                - outputSessionVariable: {name: {lit: topic}, variable: Flow.topic}
              sessionVariables:
                - sessionVariable: {name: {lit: userId}, value: {exp: '"42"'}}
              lexBot:
                us-east-1:
                  QnABot:
                    en-us:
                      live:
                        aliasInitialIntentName: {lit: GenesysInitialIntent}
                        intents:
                          FallbackIntent: {none: true}
                          QnaIntent:
                            qnaslot: {var: Flow.answer}
                        outputs:
                          intents:
                            QnaIntent:
                              actions:
                                - playAudio: {name: Answer, audio: {exp: 'Append(Flow.answer, " / ", Flow.topic)'}}
                            FallbackIntent:
                              actions:
                                - playAudio: {name: Fallback, audio: {tts: Sorry.}}
                          failure:
                            actions:
                              - playAudio: {name: Failed, audio: {exp: 'Append("Lex: ", Flow.error)'}}
                        failureOutputs:
                          errorType: {var: Flow.error}"#;
    let mock = "services:\n  QnABot:\n    - when: ''\n      intent: QnaIntent\n      slots: {qnaslot: Opening hours are 9 to 5}\n      outputs: {topic: hours}\n";
    let case = Case::new(actions, mock);
    let check = case.check();
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    let r = case.run(&[]);
    assert_eq!(path(&r), ["T/QnA", "T/Answer", "T/Bye"], "{r}");
    assert_eq!(prompts(&r), ["Opening hours are 9 to 5 / hours"]);
}

/// A data action's failure outputs: Architect lists `errorCode`, `status`, `details.*`... beside
/// the message. A fixture's error object fills each output of its members' names (a dotted
/// name reads a nested member), its `message` the message outputs; a text error fills only
/// the message outputs. Through `flowsim run --fixtures`.
#[test]
fn a_data_action_error_object_fills_the_failure_outputs_of_its_names() {
    let dir = tempfile::tempdir().unwrap();
    let flow = dir.path().join("lookup.yaml");
    std::fs::write(
        &flow,
        r#"workflow:
  name: Lookup
  startUpRef: "/workflow/states/state[S_1]"
  variables:
    - stringVariable: {name: Flow.message, isOutput: true}
    - stringVariable: {name: Flow.code, isOutput: true}
    - integerVariable: {name: Flow.status, isOutput: true}
    - stringVariable: {name: Flow.field, isOutput: true}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - callData:
              name: Tier
              category:
                CRM:
                  dataAction:
                    Get Tier:
                      inputs: {phone: {lit: "+15551234567"}}
                      failureOutputs:
                        errorMessage: {var: Flow.message}
                        errorCode: {var: Flow.code}
                        status: {var: Flow.status}
                        details.fieldName: {var: Flow.field}
          - endWorkflow: {name: Done}
"#,
    )
    .unwrap();
    let fixtures = |error: serde_json::Value| {
        let path = dir.path().join("fixtures.json");
        let body = serde_json::json!({"dataActions": {"Get Tier": [{"error": error}]}});
        std::fs::write(&path, body.to_string()).unwrap();
        path
    };
    let cli = |fixtures: &std::path::Path| {
        let (flows, fixtures) = (flow.to_str().unwrap(), fixtures.to_str().unwrap());
        flowsim(&["run", "Lookup", "--flows", flows, "--fixtures", fixtures, "--format", "json"])
    };
    let run = |fixtures: &std::path::Path| {
        let o = cli(fixtures);
        assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
        let j: serde_json::Value = serde_json::from_str(&o.stdout).expect("JSON");
        assert_eq!(j["trace"][0]["output"], "failure", "{j:#}");
        j["outputs"].clone()
    };

    let object = fixtures(serde_json::json!({
        "message": "CRM down", "status": 503, "errorCode": "internal.server.error",
        "details": {"fieldName": "phone"}}));
    assert_eq!(
        run(&object),
        serde_json::json!({"Flow.message": "CRM down", "Flow.code": "internal.server.error",
                           "Flow.status": 503, "Flow.field": "phone"})
    );
    let text = fixtures(serde_json::json!("CRM down"));
    assert_eq!(
        run(&text),
        serde_json::json!({"Flow.message": "CRM down", "Flow.code": null,
                           "Flow.status": null, "Flow.field": null})
    );

    let no_message = fixtures(serde_json::json!({"status": 503}));
    let o = cli(&no_message);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("an error object needs its `message`"), "{}", o.stderr);
}
