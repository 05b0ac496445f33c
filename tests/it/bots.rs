//! Bot flows and digital conversations (docs/architect.md §3.7, docs/bots.md) on tiny inline
//! Archy flows: thresholds and confirmations, retries and their outputs, recognition failure,
//! agent escalation, slots, Call Bot Flow across flows, pinned turns, inbound messages, the
//! transcript, and requests that name what no bot defines.

use flowsim::engine::{self, RequestError, RunRequest, RunResult, Status};
use flowsim::fixtures::FixtureStore;
use flowsim::flow::Registry;
use serde_json::{json, Value as J};

use crate::support::{inline_registry as registry, result_json as json, run_json as run};

fn prompts(r: &RunResult<'_>) -> Vec<String> {
    r.prompts.iter().map(|p| p.text.to_string()).collect()
}

fn turns(texts: &[&str]) -> J {
    J::Array(texts.iter().map(|t| json!({"text": t})).collect())
}

/// A bot: two intents, an account-number slot (regex) and a colour slot (list with synonyms).
/// `{ASK}` is replaced by the Ask for Intent's outputs beyond the intents.
const BOT: &str = r#"
botFlow:
  name: Bank Bot
  startUpRef: "/botFlow/bots/bot[B_1]"
  variables:
    - stringVariable: {name: Slot.Account, initialValue: {noValue: true}, isInput: true, isOutput: true}
    - stringVariable: {name: Slot.Colour, initialValue: {noValue: true}, isOutput: true}
  settingsErrorHandling:
    errorHandling: {exit: {none: true}}
    enableAgentEscalation: {lit: true}
    agentEscalationConfirmation: {exp: 'MakeCommunication("A person?")'}
    agentEscalationHandover: {exp: 'MakeCommunication("Handing over.")'}
    recognitionFailureEventHandover: {exp: 'MakeCommunication("I give up.")'}
    errorEventHandover: {exp: 'MakeCommunication("Oops.")'}
  settingsBotFlow:
    intentSettings:
      - intent: {name: Pay Bill, confirmation: {exp: 'MakeCommunication("Pay a bill?")'}}
  settingsUserInput:
    noMatchesMax: {lit: 1}
    noInputsMax: {lit: 1}
    noMatchApology: {exp: 'MakeCommunication("Sorry.")'}
    noInputApology: {exp: 'MakeCommunication("Hello?")'}
    noToConfirmationApology: {exp: 'MakeCommunication("My mistake.")'}
  bots:
    - bot:
        name: Main
        refId: B_1
        actions:
          - askForIntent:
              name: Ask
              question: {exp: 'MakeCommunication("How can I help?")'}
              noMatch: {exp: 'MakeCommunication("Pay or balance?")'}
              outputs:
                intents:
                  - intent:
                      name: Pay Bill
                      actions:
                        - askForSlot:
                            name: Account
                            slot: {name: Account}
                            question: {exp: 'MakeCommunication("Account number?")'}
                            outputs:
                              maxNoMatches:
                                enabled: true
                                actions:
                                  - communicate: {name: No account, communication: {exp: 'MakeCommunication("No account.")'}}
                        - communicate: {name: Paid, communication: {exp: 'MakeCommunication("Paid from ", Slot.Account)'}}
                  - intent:
                      name: Check Balance
                      actions:
                        - askForSlot:
                            name: Colour
                            slot: {name: Colour}
                            question: {exp: 'MakeCommunication("Favourite colour?")'}
                            confirmationMode: {lit: always}
                            confirmationQuestion: {exp: 'MakeCommunication("Colour ", Slot.Colour, "?")'}
                        - communicate: {name: Balance, communication: {exp: 'MakeCommunication("Balance is 5, ", Slot.Colour)'}}
{ASK}
          - exitBotFlow: {name: Bye}
  settingsNaturalLanguageUnderstanding:
    nluDomainVersion:
      intents:
        - name: Pay Bill
          entityNameReferences: [Account]
          utterances:
            - segments: [{text: pay my bill}]
            - segments: [{text: make a payment}]
            - segments: [{text: "pay bill from account "}, {text: "123456", entity: {name: Account}}]
        - name: Check Balance
          utterances:
            - segments: [{text: check my balance}]
            - segments: [{text: how much money do I have}]
      entities:
        - {name: Account, type: AccountType}
        - {name: Colour, type: ColourType}
      entityTypes:
        - name: AccountType
          mechanism: {type: Regex, restricted: true, items: [{value: '\b[0-9]{6}\b', synonyms: []}]}
        - name: ColourType
          mechanism: {type: List, restricted: true, items: [{value: red, synonyms: [crimson]}, {value: blue, synonyms: []}]}
"#;

fn bot(ask_outputs: &str) -> String {
    BOT.replace("{ASK}", ask_outputs)
}

fn bank() -> Registry {
    registry(&[&bot("")])
}

#[test]
fn a_confident_turn_takes_its_intent_and_fills_its_slots() {
    let reg = bank();
    let r = run(
        &reg,
        json!({"flowName": "Bank Bot", "inputs": turns(&["pay bill from account 654321"])}),
    );
    assert_eq!(prompts(&r), ["How can I help?", "Paid from 654321"]);
    let j = json(&r);
    assert_eq!(j["status"], "completed");
    assert_eq!(j["exitReason"], "TriggeredByFlow");
    assert_eq!(j["intent"], "Pay Bill");
    assert_eq!(j["outputs"]["Slot.Account"], "654321");
    assert_eq!(j["transcript"][1]["intent"], "Pay Bill");
    assert_eq!(j["transcript"][1]["confidence"], 1.0);
}

#[test]
fn a_middling_turn_is_confirmed_first_and_no_asks_again() {
    let reg = bank();
    // "pay" alone shares one content word with "pay my bill": between the thresholds.
    let r = run(
        &reg,
        json!({"flowName": "Bank Bot", "inputs": turns(&["pay", "no", "check my balance", "crimson", "yes"])}),
    );
    assert_eq!(
        prompts(&r),
        [
            "How can I help?",
            "Pay a bill?",
            "My mistake.",
            "How can I help?",
            "Favourite colour?",
            "Colour red?",
            "Balance is 5, red"
        ]
    );
    assert_eq!(json(&r)["intent"], "Check Balance");
}

#[test]
fn no_matches_retry_then_take_max_no_matches_or_fail_recognition() {
    let reg = bank();
    let r = run(
        &reg,
        json!({"flowName": "Bank Bot", "inputs": turns(&["pay my bill", "dunno", "no idea"])}),
    );
    assert_eq!(
        prompts(&r),
        [
            "How can I help?",
            "Account number?",
            "Sorry.",
            "Account number?",
            "No account.",
            "Paid from "
        ]
    );
    // Ask for Intent has no maxNoMatches output: the bot's recognition failure ends it.
    let r = run(&reg, json!({"flowName": "Bank Bot", "inputs": turns(&["weather", "banana"])}));
    assert_eq!(prompts(&r), ["How can I help?", "Sorry.", "Pay or balance?", "I give up."]);
    assert_eq!(json(&r)["exitReason"], "RecognitionFailure");
    assert_eq!(r.status, Status::Completed);
}

/// Customize No Match: the action says its own reprompts, one per no match in order, and the
/// list's length is its retries (the flow allows one here); an empty list retries none.
#[test]
fn customized_reprompts_are_said_in_turn_and_their_count_is_the_retries() {
    let custom = |reprompts: &str| {
        bot("").replace(
            "              noMatch: {exp: 'MakeCommunication(\"Pay or balance?\")'}\n",
            &format!(
                "              noMatch: {{exp: 'MakeCommunication(\"Pay or balance?\")'}}\n              \
                 customizeNoMatch: {{lit: true}}\n              noMatchReprompts: {{exp: '{reprompts}'}}\n"
            ),
        )
    };
    let two = custom(
        r#"MakeList(MakeCommunication("Pay a bill?"), MakeCommunication("Say pay or balance."))"#,
    );
    assert!(two.contains("customizeNoMatch"), "{two}");
    let reg = registry(&[&two]);
    let r =
        run(&reg, json!({"flowName": "Bank Bot", "inputs": turns(&["weather", "banana", "kiwi"])}));
    assert_eq!(
        prompts(&r),
        ["How can I help?", "Sorry.", "Pay a bill?", "Sorry.", "Say pay or balance.", "I give up."]
    );
    assert_eq!(json(&r)["exitReason"], "RecognitionFailure");

    // An empty collection turns retries off: the first no match gives up.
    let none = custom("MakeEmptyList(ToCommunication(NOT_SET))");
    let reg = registry(&[&none]);
    let r = run(&reg, json!({"flowName": "Bank Bot", "inputs": turns(&["weather"])}));
    assert_eq!(prompts(&r), ["How can I help?", "I give up."]);

    // Customize No Match false: the one reprompt and the flow's retry count, as before.
    let off = custom(r#"MakeList(MakeCommunication("unused"))"#)
        .replace("customizeNoMatch: {lit: true}", "customizeNoMatch: {lit: false}");
    let reg = registry(&[&off]);
    let r = run(&reg, json!({"flowName": "Bank Bot", "inputs": turns(&["weather", "banana"])}));
    assert_eq!(prompts(&r), ["How can I help?", "Sorry.", "Pay or balance?", "I give up."]);
}

#[test]
fn no_input_retries_then_takes_max_no_inputs_when_enabled() {
    let with_output = bot(
        "                maxNoInputs:\n                  enabled: true\n                  actions:\n                    - communicate: {name: Gone, communication: {exp: 'MakeCommunication(\"Gone?\")'}}\n",
    );
    let reg = registry(&[&with_output]);
    let r = run(&reg, json!({"flowName": "Bank Bot", "inputs": ["timeout"]}));
    // The second no-input (inputs ran out) takes the output.
    assert_eq!(prompts(&r), ["How can I help?", "Hello?", "How can I help?", "Gone?"]);
    assert_eq!(json(&r)["exitReason"], "TriggeredByFlow");
    let reg = bank();
    let r = run(&reg, json!({"flowName": "Bank Bot"}));
    assert_eq!(json(&r)["exitReason"], "RecognitionFailure");
}

#[test]
fn asking_for_a_person_escalates_after_confirmation() {
    let reg = bank();
    let r = run(&reg, json!({"flowName": "Bank Bot", "inputs": turns(&["get me a human", "yes"])}));
    assert_eq!(prompts(&r), ["How can I help?", "A person?", "Handing over."]);
    assert_eq!(json(&r)["exitReason"], "AgentRequestedByUser");
}

#[test]
fn a_pinned_turn_skips_classification_and_its_slots_are_typed() {
    let reg = bank();
    let r = run(
        &reg,
        json!({"flowName": "Bank Bot", "inputs": [{"intent": "pay bill", "slots": {"Account": "111222"}}]}),
    );
    assert_eq!(prompts(&r), ["How can I help?", "Paid from 111222"]);
    assert_eq!(json(&r)["intent"], "Pay Bill");
}

#[test]
fn pinned_intents_and_slots_must_exist_and_fit() {
    let reg = bank();
    let refused = |request: J| {
        let req: RunRequest = serde_json::from_value(request).expect("parses");
        match engine::Run::new(&reg, &FixtureStore::default(), &req).result() {
            Ok(_) => panic!("the request ran"),
            Err(e) => e,
        }
    };
    let e = refused(json!({"flowName": "Bank Bot", "inputs": [{"intent": "Pay Bil"}]}));
    assert!(
        matches!(&e, RequestError::UnknownIntent { nearest: Some(n), .. } if n == "Pay Bill"),
        "{e}"
    );
    assert_eq!(e.code().as_str(), "unknownIntent");
    let e = refused(
        json!({"flowName": "Bank Bot", "inputs": [{"intent": "Pay Bill", "slots": {"Account": "12"}}]}),
    );
    assert_eq!(e.code().as_str(), "badSlot", "{e}");
    let e = refused(
        json!({"flowName": "Bank Bot", "inputs": [{"intent": "Pay Bill", "slots": {"Nope": "1"}}]}),
    );
    assert_eq!(e.code().as_str(), "badSlot", "{e}");
    // Neither text nor intent: not a request at all.
    let bad = serde_json::from_value::<RunRequest>(json!({"inputs": [{"words": "hi"}]}));
    assert!(bad.is_err());
}

const MESSAGES: &str = r#"
inboundShortMessage:
  name: Messages
  startUpRef: "/inboundShortMessage/states/state[S_1]"
  variables:
    - stringVariable: {name: Flow.reason}
    - stringVariable: {name: Flow.intent}
    - stringVariable: {name: Flow.account}
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - callBotFlow:
              name: Bot
              inputText: {exp: Message.Message.body}
              exitReason: {var: Flow.reason}
              intent: {var: Flow.intent}
              botFlow:
                Bank Bot:
                  ver_latestPublished:
                    inputs: {Slot.Account: {exp: '"999999"'}}
                    outputs: {Slot.Account: {var: Flow.account}}
          - sendResponse: {name: Reply, messageBody: {exp: 'Append("bye ", Flow.reason)'}}
"#;

#[test]
fn call_bot_flow_passes_the_message_slots_and_exit_back() {
    let reg = registry(&[MESSAGES, &bot("")]);
    // The first turn of a message flow is its inbound message, heard by the bot's first Ask.
    let r = run(&reg, json!({"flowName": "Messages", "inputs": turns(&["pay my bill"])}));
    assert_eq!(prompts(&r), ["Paid from 999999", "bye TriggeredByFlow"]);
    let j = json(&r);
    assert_eq!(j["status"], "disconnected");
    assert_eq!(j["variables"]["Flow.intent"], "Pay Bill");
    assert_eq!(j["variables"]["Flow.account"], "999999");
    assert_eq!(j["variables"]["Message.Message.body"], "pay my bill");
    let lines: Vec<&str> =
        j["transcript"].as_array().unwrap().iter().map(|l| l["from"].as_str().unwrap()).collect();
    assert_eq!(lines, ["customer", "bot", "bot"], "{:#}", j["transcript"]);
    // The request's `message` does the same.
    let r = run(
        &reg,
        json!({"flowName": "Messages", "message": {"body": "banana", "from": "+1555"}, "inputs": turns(&["kiwi"])}),
    );
    assert_eq!(prompts(&r).last().map(String::as_str), Some("bye RecognitionFailure"));
    assert_eq!(json(&r)["variables"]["Message.Message.senderAddress"], "+1555");
}

/// An error no bot action handles exits the bot: the bot says its `errorEventHandover`, as
/// the bot (its flow and its failed action), and the caller goes on.
#[test]
fn a_bots_unhandled_error_says_its_handover_as_the_bot_and_the_caller_goes_on() {
    let failing = bot("").replace(
        "          - exitBotFlow: {name: Bye}",
        "          - updateData:\n              name: Fails\n              statements:\n                \
         - string: {variable: Slot.Account, value: {exp: 'Substring(Slot.Colour, 0, 1)'}}",
    );
    let reg = registry(&[MESSAGES, &failing]);
    let r = run(&reg, json!({"flowName": "Messages", "inputs": turns(&["pay my bill"])}));
    let j = json(&r);
    assert_eq!(j["status"], "disconnected", "{j:#}");
    let said: Vec<(&str, &str, &str)> = j["prompts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["flowName"].as_str().unwrap(),
                p["nodeId"].as_str().unwrap(),
                p["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(said[0].2, "Paid from 999999", "{said:?}");
    assert_eq!(said[1].0, "Bank Bot", "{said:?}");
    assert!(said[1].1.ends_with("Fails"), "{said:?}");
    assert_eq!(said[1].2, "Oops.");
    assert_eq!(said[2], ("Messages", said[2].1, "bye Error"));
}

/// Genesys, Call Bot Flow: "If the flow does not detect an intent, the variable bound in the
/// Intent setting defaults to a NOT_SET String at runtime."
#[test]
fn call_bot_flow_sets_its_intent_not_set_when_the_bot_detects_none() {
    let messages = MESSAGES.replace(
        "- stringVariable: {name: Flow.intent}",
        "- stringVariable: {name: Flow.intent, initialValue: {lit: before}}",
    );
    let reg = registry(&[&messages, &bot("")]);
    let r =
        run(&reg, json!({"flowName": "Messages", "message": "banana", "inputs": turns(&["kiwi"])}));
    let j = json(&r);
    assert_eq!(prompts(&r).last().map(String::as_str), Some("bye RecognitionFailure"));
    assert_eq!(j["variables"]["Flow.intent"], J::Null, "{:#}", j["variables"]);
}

#[test]
fn an_email_flow_reads_its_message() {
    const EMAIL: &str = r#"
inboundEmail:
  name: Mail
  startUpRef: "/inboundEmail/states/state[S_1]"
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - sendAutoReply:
              name: Ack
              messageBody: {exp: 'Append("Re: ", Email.Message.subject, " from ", Email.Message.from.id)'}
"#;
    let reg = registry(&[EMAIL]);
    let r = run(
        &reg,
        json!({"flowName": "Mail", "message": {"subject": "Refund", "body": "Please", "from": "ada@example.com"}}),
    );
    assert_eq!(prompts(&r), ["Re: Refund from ada@example.com"]);
}

#[test]
fn a_call_to_a_flow_that_is_no_bot_fails_with_flow_not_found() {
    let not_a_bot = MESSAGES.replace("Bank Bot:", "Messages:");
    // `check` says so (wrongFlowType), and a run goes on to the call.
    let report = Registry::from_sources([(std::path::Path::new("m.yaml"), not_a_bot.as_str())]);
    let codes: Vec<_> =
        report.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.code.to_string()).collect();
    assert_eq!(codes, ["wrongFlowType"]);
    let reg = report.registry.expect("runs");
    let r = run(&reg, json!({"flowName": "Messages", "message": "hi"}));
    let e = r.error.as_ref().expect("an error");
    assert_eq!(e.kind.as_str(), "flowNotFound");
    assert!(e.message.contains("not a bot flow"), "{}", e.message);
}

#[test]
fn disabled_outputs_are_not_coverage_targets() {
    let reg = bank();
    let flow = reg.flow(reg.resolve("Bank Bot").unwrap());
    let graph = flow.graph(flowsim::flow::Version::Draft).unwrap();
    let ask = graph.find("Main/Ask").expect("the ask");
    let exits: Vec<(String, bool)> =
        graph.node(ask).exits.iter().map(|e| (e.name.to_string(), e.enabled)).collect();
    assert_eq!(
        exits,
        [
            ("noIntent".into(), false),
            ("maxNoInputs".into(), false),
            ("knowledge".into(), false),
            ("Pay Bill".into(), true),
            ("Check Balance".into(), true)
        ]
    );
    let edges = flowsim::flow::edge::edges(graph, ask);
    assert_eq!(edges.len(), 2);
}

#[test]
fn bot_runs_are_deterministic() {
    let reg = registry(&[MESSAGES, &bot("")]);
    let req = json!({"flowName": "Messages", "inputs": turns(&["check my balance", "crimson", "no", "blue", "yes"])});
    let a = run(&reg, req.clone()).to_json_pretty();
    let b = run(&reg, req).to_json_pretty();
    assert_eq!(a, b);
}

#[test]
fn anything_else_loops_while_the_customer_says_yes() {
    const LOOPING: &str = r#"
botFlow:
  name: Looping Bot
  startUpRef: "/botFlow/bots/bot[B_1]"
  variables:
    - integerVariable: {name: Flow.round, isOutput: true}
  bots:
    - bot:
        name: Main
        refId: B_1
        actions:
          - loopAnythingElse:
              name: Anything else
              currentIndex: {var: Flow.round}
              question: {exp: 'MakeCommunication("Anything else?")'}
              outputs:
                loop:
                  actions:
                    - communicate: {name: Round, communication: {exp: 'MakeCommunication("Round ", ToString(Flow.round))'}}
          - communicate: {name: Bye, communication: {exp: 'MakeCommunication("Bye")'}}
          - exitBotFlow: {name: Exit}
"#;
    let reg = registry(&[LOOPING]);
    let r = run(
        &reg,
        json!({"flowName": "Looping Bot", "inputs": turns(&["yes please", "maybe", "nope"])}),
    );
    // "maybe" is no answer: the question again (no apology configured), then "nope" ends it.
    assert_eq!(
        prompts(&r),
        ["Round 0", "Anything else?", "Round 1", "Anything else?", "Anything else?", "Bye"]
    );
    assert_eq!(json(&r)["outputs"]["Flow.round"], 1);
}

mod cli {
    use crate::cli::flowsim;
    use crate::support::root;

    const FLOWS: &str = "fixtures/archy/flows";

    #[test]
    fn nlu_explains_a_turn_and_what_ask_for_intent_would_do() {
        let o = flowsim(&["nlu", "Order Status Bot", "--flows", FLOWS, "where is order 87654321"]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        assert!(o.stdout.contains("intent: Order Status (confidence 1.00)"), "{}", o.stdout);
        assert!(o.stdout.contains("OrderNumber = \"87654321\""), "{}", o.stdout);
        assert!(o.stdout.contains("ask for intent: takes `Order Status`"), "{}", o.stdout);
        let o = flowsim(&[
            "nlu",
            "Order Status Bot",
            "--flows",
            FLOWS,
            "the weather",
            "--format",
            "json",
        ]);
        assert_eq!(o.code, 1, "no intent: exit 1");
        let j: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        assert_eq!(j["intent"], serde_json::Value::Null);
        assert!(j["decision"].as_str().unwrap().starts_with("no match"));
        let o = flowsim(&[
            "nlu",
            "Order Status Bot",
            "--flows",
            FLOWS,
            "--slot",
            "DeliverySpeed",
            "overnight please",
        ]);
        assert_eq!((o.code, o.stdout.trim()), (0, "slot DeliverySpeed = \"next day\" (from `overnight`: list value `next day` (synonym `overnight`))"), "{}", o.stdout);
        let o = flowsim(&["nlu", "Order Status Bot", "--flows", FLOWS, "--intents"]);
        assert_eq!(o.code, 0);
        assert!(
            o.stdout.contains("intent Change Delivery  (slots: OrderNumber, DeliverySpeed)"),
            "{}",
            o.stdout
        );
        assert!(o.stdout.contains("slot   DeliverySpeed: DeliverySpeedType"), "{}", o.stdout);
    }

    #[test]
    fn nlu_refuses_what_is_no_bot_with_exit_2() {
        for (args, code) in [
            (vec!["nlu", "Order Messages", "--flows", FLOWS, "hi"], "notABotFlow"),
            (vec!["nlu", "Order Bot", "--flows", FLOWS, "hi"], "flowNotFound"),
            (
                vec!["nlu", "Order Status Bot", "--flows", FLOWS, "--slot", "Colour", "red"],
                "unknownSlot",
            ),
        ] {
            let o = flowsim(&args);
            assert_eq!(o.code, 2, "{args:?}: {}", o.stderr);
            assert!(o.stderr.contains(code), "{args:?}: {}", o.stderr);
            assert!(o.stdout.is_empty());
        }
    }

    #[test]
    fn run_takes_a_message_and_turns() {
        let o = flowsim(&[
            "run",
            "Order Messages",
            "--flows",
            FLOWS,
            "--fixtures",
            "fixtures/archy/data",
            "--message",
            "please cancel order 12345678",
            "--input",
            "say:yes",
            "--format",
            "json",
        ]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        let j: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        assert_eq!(j["variables"]["Flow.intent"], "Cancel Order");
        assert_eq!(
            j["transcript"][0],
            serde_json::json!({"from": "customer", "text": "please cancel order 12345678", "intent": "Cancel Order", "confidence": 1.0})
        );
        let o = flowsim(&[
            "run",
            "Order Status Bot",
            "--flows",
            FLOWS,
            "--input",
            "intent:Cancel Ordr",
        ]);
        assert_eq!(o.code, 2);
        assert!(
            o.stderr.contains("error[unknownIntent]")
                && o.stderr.contains("did you mean `Cancel Order`?"),
            "{}",
            o.stderr
        );
    }

    /// Issue 11 item 5: a script naming what the bot does not define is exit 2, with the
    /// scenario file and line.
    #[test]
    fn bad_scripts_are_exit_2_with_their_place() {
        let dir = tempfile::tempdir().unwrap();
        let flows = root().join("fixtures/archy/flows");
        let write = |name: &str, body: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, format!("flows: {}\nscenarios:\n{body}", flows.display()))
                .unwrap();
            path.to_str().unwrap().to_owned()
        };
        let cases = [
            (
                "intent.scenarios.yaml",
                "  - name: typo\n    flow: Order Status Bot\n    conversation:\n      - customer: {intent: Cancel Ordr}\n",
                ("no bot flow defines intent `Cancel Ordr`", 6),
            ),
            (
                "slot.scenarios.yaml",
                "  - name: bad slot\n    flow: Order Status Bot\n    conversation:\n      - customer: {intent: Cancel Order, slots: {OrderNumber: \"12\"}}\n",
                ("slot `OrderNumber` of intent `Cancel Order`", 6),
            ),
            (
                "turn.scenarios.yaml",
                "  - name: neither\n    flow: Order Status Bot\n    conversation:\n      - customer: {words: hi}\n",
                ("a customer line is text, or {text}, {intent, slots}, {knowledge} or {digits}", 6),
            ),
            (
                "line.scenarios.yaml",
                "  - name: two kinds\n    flow: Order Status Bot\n    conversation:\n      - customer: hi\n        bot: hello\n",
                ("one of `customer:`", 5),
            ),
        ];
        for (name, body, (what, line)) in cases {
            let file = write(name, body);
            let o = flowsim(&["test", &file]);
            assert_eq!(o.code, 2, "{name}: {}{}", o.stdout, o.stderr);
            let all = format!("{}{}", o.stdout, o.stderr);
            assert!(all.contains(what), "{name}: {all}");
            assert!(all.contains(&format!("{name}:{line}")), "{name}: wants line {line}: {all}");
        }
    }
}

#[test]
fn a_digital_menu_picks_by_label_number_or_words() {
    const MENU: &str = r#"
botFlow:
  name: Menu Bot
  startUpRef: "/botFlow/bots/bot[B_1]"
  settingsUserInput:
    noMatchesMax: {lit: 1}
  bots:
    - bot:
        name: Main
        refId: B_1
        actions:
          - digitalMenu:
              name: Pick
              question: {exp: 'MakeCommunication("Billing, Sales or Next Day Delivery?")'}
              noMatch: {exp: 'MakeCommunication("Please pick one.")'}
              outputs:
                choices:
                  - choice:
                      name: Billing
                      actions:
                        - communicate: {name: B, communication: {exp: 'MakeCommunication("billing")'}}
                  - choice:
                      name: Sales
                      actions:
                        - communicate: {name: S, communication: {exp: 'MakeCommunication("sales")'}}
                  - choice:
                      name: Next Day Delivery
                      actions:
                        - communicate: {name: D, communication: {exp: 'MakeCommunication("delivery")'}}
                maxNoMatches:
                  enabled: true
                  actions:
                    - communicate: {name: M, communication: {exp: 'MakeCommunication("no pick")'}}
          - exitBotFlow: {name: Exit}
"#;
    let reg = registry(&[MENU]);
    for (turn, said) in
        [("billing!", "billing"), ("2", "sales"), ("I want next day delivery please", "delivery")]
    {
        let r = run(&reg, json!({"flowName": "Menu Bot", "inputs": turns(&[turn])}));
        assert_eq!(prompts(&r).last().map(String::as_str), Some(said), "{turn}");
    }
    let r = run(&reg, json!({"flowName": "Menu Bot", "inputs": turns(&["7", "pizza"])}));
    assert_eq!(
        prompts(&r),
        ["Billing, Sales or Next Day Delivery?", "Please pick one.", "no pick"]
    );
}

/// Archy writes a Digital Menu's choices as `outputs: {paths: [- path: {name, actions}]}` and
/// its quick-reply buttons under `chooser`: a press sends the button's value, which picks the
/// choice in the buttons' order; the chosen choice's name goes to `selection`.
#[test]
fn a_digital_menu_written_as_archy_writes_it_takes_the_pressed_buttons_path() {
    const MENU: &str = r#"
digitalBot:
  name: Book Bot
  startUpRef: "/digitalBot/bots/bot[B_1]"
  variables:
    - stringVariable: {name: Flow.picked, initialValue: {noValue: true}}
  bots:
    - bot:
        name: Main
        refId: B_1
        actions:
          - digitalMenu:
              name: Pick
              question: {exp: 'ToCommunication("What would you like to do?")'}
              selection: {var: Flow.picked}
              knowledgeSearchResult: {noValue: true}
              chooser:
                lit:
                  presentation: {lit: quickReplies}
                  quickReplies:
                    lit:
                      buttons:
                        lit:
                          - lit: {label: {lit: Buy}, value: {lit: buy-book}, type: {lit: postback}}
                          - lit: {label: {noValue: true}, value: {lit: refund}, type: {lit: postback}}
              outputs:
                maxNoInputs: {enabled: false}
                maxNoMatches: {enabled: false}
                paths:
                  - path:
                      name: Purchase a book
                      actions:
                        - communicate: {name: P, communication: {exp: 'ToCommunication("purchase")'}}
                  - path:
                      name: Request a refund
                      actions:
                        - communicate: {name: R, communication: {exp: 'ToCommunication("refund")'}}
          - exitBotFlow: {name: Exit}
"#;
    let reg = registry(&[MENU]);
    for (turn, said, picked) in [
        ("buy-book", "purchase", "Purchase a book"),
        ("Buy", "purchase", "Purchase a book"),
        ("refund", "refund", "Request a refund"),
        ("Request a refund", "refund", "Request a refund"),
    ] {
        let r = run(&reg, json!({"flowName": "Book Bot", "inputs": turns(&[turn])}));
        assert_eq!(prompts(&r).last().map(String::as_str), Some(said), "{turn}");
        assert_eq!(crate::support::result_json(&r)["variables"]["Flow.picked"], picked, "{turn}");
    }
}

/// Ask for Slot's Validation: "If this field evaluates to false or a NOT_SET boolean, the
/// value is invalid" (a no-match); true keeps the value; without the property every value is
/// valid ([Ask for Slot action](https://help.mypurecloud.com/articles/ask-for-slot-action/)).
#[test]
fn a_slot_whose_validation_is_false_or_not_set_is_a_no_match() {
    let with = |validation: &str| {
        bot("").replace(
            "                            slot: {name: Account}\n",
            &format!(
                "                            slot: {{name: Account}}\n                            customValidation: {{exp: '{validation}'}}\n"
            ),
        )
    };
    for (validation, paid) in [
        ("false", false),
        ("ToBool(NOT_SET)", false),
        ("true", true),
        ("Slot.Account == \"654321\"", true),
    ] {
        let reg = registry(&[&with(validation)]);
        let r = run(
            &reg,
            json!({"flowName": "Bank Bot", "inputs": turns(&["pay my bill", "654321", "654321"])}),
        );
        let p = prompts(&r);
        if paid {
            assert_eq!(
                p,
                ["How can I help?", "Account number?", "Paid from 654321"],
                "{validation}"
            );
        } else {
            assert_eq!(
                p,
                [
                    "How can I help?",
                    "Account number?",
                    "Sorry.",
                    "Account number?",
                    "No account.",
                    "Paid from "
                ],
                "{validation}"
            );
        }
    }
}

/// A dynamic list slot type takes its values from the flow's String Collections when the slot
/// is asked for, with synonyms as one comma-separated text per value; an empty values
/// collection, or synonyms of another size, fail the action ([Use custom dynamic list slot
/// types in a bot flow](https://help.mypurecloud.com/articles/use-dynamic-list-slot-types-in-a-bot-flow)).
#[test]
fn a_dynamic_list_slot_takes_its_values_from_the_flow() {
    let flow = |values: &str, synonyms: &str| {
        format!(
            r#"
digitalBot:
  name: Dynamic Bot
  startUpRef: "/digitalBot/bots/bot[B_1]"
  variables:
    - stringCollectionVariable: {{name: Flow.menu, initialValue: {{noValue: true}}}}
    - stringVariable: {{name: Flow.picked, initialValue: {{noValue: true}}}}
    - stringVariable: {{name: Slot.Dish, initialValue: {{noValue: true}}}}
  settingsUserInput:
    noMatchesMax: {{lit: 1}}
  settingsErrorHandling:
    errorHandling: {{exit: {{none: true}}}}
  settingsBotFlow:
    dynamicSlotTypes:
      - dynamicSlotType:
          name: MenuType
          values: {values}
          synonyms: {synonyms}
  bots:
    - bot:
        name: Main
        refId: B_1
        actions:
          - updateData:
              name: Fill
              statements:
                - stringCollection: {{variable: Flow.menu, value: {{exp: 'MakeList("Pizza", "Pasta", "Salad")'}}}}
          - askForSlot:
              name: Ask
              slot: {{name: Dish}}
              question: {{exp: 'MakeCommunication("Which dish?")'}}
              outputs:
                default:
                  actions:
                    - updateData:
                        name: Keep
                        statements:
                          - string: {{variable: Flow.picked, value: {{exp: Slot.Dish}}}}
          - exitBotFlow: {{name: Exit}}
  settingsNaturalLanguageUnderstanding:
    nluDomainVersion:
      language: en-us
      intents: []
      entities:
        - name: Dish
          type: MenuType
      entityTypes:
        - name: MenuType
          mechanism: {{type: DynamicList}}
"#
        )
    };
    let synonyms = "{exp: 'MakeList(\"pie, slice\", \"\", \"greens\")'}";
    let reg = registry(&[&flow("{exp: Flow.menu}", synonyms)]);
    for (turn, picked) in [("the pasta please", "Pasta"), ("a slice", "Pizza"), ("greens", "Salad")]
    {
        let r = run(&reg, json!({"flowName": "Dynamic Bot", "inputs": turns(&[turn])}));
        let j = crate::support::result_json(&r);
        assert_eq!(j["variables"]["Flow.picked"], picked, "{turn}: {j:#}");
    }
    let r = run(&reg, json!({"flowName": "Dynamic Bot", "inputs": turns(&["soup", "soup"])}));
    assert!(crate::support::result_json(&r)["variables"]["Flow.picked"].is_null());

    for (values, synonyms, says) in [
        ("{exp: 'MakeList(\"a\")'}", "{exp: 'MakeList(\"x\", \"y\")'}", "must match the size"),
        ("{noValue: true}", "{noValue: true}", "cannot be empty"),
    ] {
        let reg = registry(&[&flow(values, synonyms)]);
        let r = run(&reg, json!({"flowName": "Dynamic Bot", "inputs": turns(&["a"])}));
        let j = crate::support::result_json(&r);
        let text = j.to_string();
        assert!(text.contains(says), "{says}: {j:#}");
    }
}

/// Tasks a bot flow's settings start (its knowledge path's task, an intent's task) are reached
/// without a jump: no `unreachableNode` warning for them.
#[test]
fn tasks_the_bot_settings_start_are_not_unreachable() {
    const FLOW: &str = r#"
digitalBot:
  name: Linked Bot
  startUpRef: "/digitalBot/bots/bot[B_1]"
  settingsKnowledge:
    Help Centre:
      knowledgePathMode: {lit: task}
      knowledgePath: {targetTaskRef: "/digitalBot/tasks/task[Knowledge_2]"}
  settingsBotFlow:
    intentSettings:
      - intent: {name: Balance, task: {name: Balance}}
  bots:
    - bot:
        name: Main
        refId: B_1
        actions:
          - exitBotFlow: {name: Exit}
  tasks:
    - task:
        name: Knowledge
        refId: Knowledge_2
        actions:
          - exitBotFlow: {name: Knowledge done}
    - task:
        name: Balance
        refId: Balance_3
        actions:
          - exitBotFlow: {name: Balance done}
    - task:
        name: Orphan
        refId: Orphan_4
        actions:
          - exitBotFlow: {name: Never}
"#;
    let report =
        flowsim::flow::Registry::from_sources([(std::path::Path::new("linked.yaml"), FLOW)]);
    let unreachable: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.code.to_string() == "unreachableNode")
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(unreachable, ["no path leads to node `Orphan/Never` from the start node"]);
}

/// A Digital Menu whose choices sit under a misspelt key is an error that points at `paths`,
/// where Archy lists a menu's choices.
#[test]
fn a_misspelt_list_of_choices_points_at_paths() {
    const MENU: &str = r#"
digitalBot:
  name: Typo Bot
  startUpRef: "/digitalBot/bots/bot[B_1]"
  bots:
    - bot:
        name: Main
        refId: B_1
        actions:
          - digitalMenu:
              name: Pick
              question: {exp: 'ToCommunication("Which?")'}
              outputs:
                path:
                  - path: {name: One, actions: [{exitBotFlow: {name: Done}}]}
"#;
    let report = flowsim::flow::Registry::from_sources([(std::path::Path::new("typo.yaml"), MENU)]);
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].code.to_string(), "unknownOutput");
    assert_eq!(errors[0].help.as_deref(), Some("did you mean `paths`?"));
}

/// A no input waits the flow's No Input Timeout (`settingsUserInput.noInputsTimeout`), 7 s
/// without one, and a reply later than it is a no input too.
#[test]
fn a_no_input_waits_the_flows_no_input_timeout() {
    let flow = |timeout: &str| {
        format!(
            "digitalBot:
  name: Waiting Bot
  startUpRef: \"/digitalBot/bots/bot[B_1]\"
  settingsUserInput:
    noInputsMax: {{lit: 0}}
{timeout}  bots:
    - bot:
        name: Main
        refId: B_1
        actions:
          - askForBoolean:
              name: Ask
              question: {{exp: 'ToCommunication(\"Ready?\")'}}
              outputs:
                maxNoInputs:
                  enabled: true
                  actions:
                    - exitBotFlow: {{name: Gone}}
          - exitBotFlow: {{name: Exit}}
"
        )
    };
    for (timeout, inputs, ms) in [
        ("    noInputsTimeout: {lit: {minutes: 5}}\n", json!([]), 300_000),
        ("", json!([]), 7_000),
        (
            "    noInputsTimeout: {lit: {seconds: 3}}\n",
            json!([{"text": "yes", "delaySeconds": 4}]),
            3_000,
        ),
    ] {
        let reg = registry(&[&flow(timeout)]);
        let r = run(&reg, json!({"flowName": "Waiting Bot", "inputs": inputs}));
        let j = json(&r);
        assert_eq!(j["elapsedMs"], ms, "{timeout}: {j}");
        let nodes: Vec<&str> =
            j["trace"].as_array().unwrap().iter().filter_map(|s| s["nodeName"].as_str()).collect();
        assert_eq!(nodes.last(), Some(&"Gone"), "{timeout}: {j}");
    }
}

/// A bot with Virtual Agent's AI-powered slot type (`mechanism.type: AI`): a large language
/// model extracts its value. The slot is `Email`; `Colour` is a list slot the NLU fills.
pub const AI_BOT: &str = r#"
botFlow:
  name: Mail Bot
  startUpRef: "/botFlow/bots/bot[B_1]"
  variables:
    - stringVariable: {name: Slot.Email, initialValue: {noValue: true}, isOutput: true}
    - stringVariable: {name: Slot.Colour, initialValue: {noValue: true}, isOutput: true}
  bots:
    - bot:
        name: Main
        refId: B_1
        actions:
          - askForSlot:
              name: Email
              slot: {name: Email}
              question: {exp: 'MakeCommunication("Your email?")'}
          - communicate: {name: Got, communication: {exp: 'MakeCommunication("Mail to ", Slot.Email)'}}
          - exitBotFlow: {name: Bye}
  settingsNaturalLanguageUnderstanding:
    nluDomainVersion:
      intents:
        - name: Help
          utterances:
            - segments: [{text: I need help}]
      entities:
        - {name: Email, type: EmailType}
        - {name: Colour, type: Colours}
      entityTypes:
        - name: EmailType
          description: The customer's email address.
          mechanism:
            type: AI
            subType: FreeForm
            examples: [{text: "It's ann@example.com", resolvedValue: ann@example.com}]
        - name: Colours
          mechanism:
            type: List
            items: [{value: red}]
"#;

/// An AI-powered slot loads without an error; a turn scripts what the model would extract
/// (`{"text", "slots"}`), and a turn that scripts nothing stops the run with `unsupported`
/// saying how to script it (docs/bots.md).
#[test]
fn an_ai_powered_slot_takes_the_value_the_turn_scripts_and_fails_without_one() {
    let report = Registry::from_sources([(std::path::Path::new("mail.yaml"), AI_BOT)]);
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let reg = report.registry.expect("the flow loads");
    let turn =
        json!({"text": "it's ann at example dot com", "slots": {"Email": "ann@example.com"}});
    let j = json(&run(&reg, json!({"flowName": "Mail Bot", "inputs": [turn]})));
    assert_eq!(j["status"], "completed", "{j:#}");
    assert_eq!(j["slots"]["Email"], "ann@example.com", "{j:#}");
    assert!(j["transcript"].to_string().contains("it's ann at example dot com"), "{j:#}");
    assert!(j["transcript"].to_string().contains("Mail to ann@example.com"), "{j:#}");
    // A pinned turn gives the value too.
    let pinned = json!({"intent": "Help", "slots": {"Email": "bob@example.com"}});
    let j = json(&run(&reg, json!({"flowName": "Mail Bot", "inputs": [pinned]})));
    assert_eq!(j["slots"]["Email"], "bob@example.com", "{j:#}");
    // Text alone: no model to extract the value, so the run stops loudly.
    let j =
        json(&run(&reg, json!({"flowName": "Mail Bot", "inputs": [{"text": "ann@example.com"}]})));
    assert_eq!(j["error"]["kind"], "unsupported", "{j:#}");
    let message = j["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("slot `Email` is AI-powered"), "{j:#}");
    assert!(message.contains(r#""slots": {"Email": "...""#), "{j:#}");
    assert!(message.contains("--input slot:Email=VALUE"), "{j:#}");
}

/// A text turn's slots are AI-powered slots only: a slot the NLU fills from the text, or one no
/// bot flow has, is refused before the run (`badSlot`).
#[test]
fn a_text_turns_slots_must_be_ai_powered_slots() {
    let reg = registry(&[AI_BOT]);
    for (slot, says) in [
        ("Colour", "slot `Colour` (Colours) is not AI-powered"),
        ("Ghost", "no bot flow has an AI-powered slot `Ghost`"),
    ] {
        let req: RunRequest = serde_json::from_value(json!({
            "flowName": "Mail Bot",
            "inputs": [{"text": "red", "slots": {slot: "red"}}]
        }))
        .unwrap();
        let e = req.prepare(&reg).unwrap_err();
        assert!(matches!(e, RequestError::BadTurnSlot { index: 1, .. }), "{e:?}");
        assert_eq!(e.code(), flowsim::diag::Code::BadSlot);
        assert!(e.to_string().contains(says), "{e}");
    }
}

/// Through the binary: `--input slot:NAME=VALUE` runs the AI-powered ask, `check` has nothing
/// to say about it, and a scenario's conversation scripts the value with `{text, slots}`.
#[test]
fn the_cli_scripts_an_ai_powered_slot_in_run_and_in_a_scenario() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mail.yaml"), AI_BOT).unwrap();
    let cli = |args: &[&str]| crate::cli::flowsim_in(dir.path(), args);
    let o = cli(&["check", "--flows", "."]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let o = cli(&["run", "Mail Bot", "--flows", ".", "--input", "slot:Email=ann@example.com"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("Mail to ann@example.com"), "{}", o.stdout);
    let o = cli(&["run", "Mail Bot", "--flows", ".", "--input", "say:ann@example.com"]);
    assert!(o.stdout.contains("--input slot:Email=VALUE"), "{}{}", o.stdout, o.stderr);
    let o = cli(&["run", "Mail Bot", "--flows", ".", "--input", "slot:Email"]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("is not slot:NAME=VALUE"), "{}", o.stderr);
    std::fs::write(
        dir.path().join("mail.scenarios.yaml"),
        r#"flows: .
scenarios:
  - name: the model reads the address
    flow: Mail Bot
    conversation:
      - bot: Your email?
      - customer: {text: "it's ann at example dot com", slots: {Email: ann@example.com}}
      - bot: Mail to ann@example.com
    expect:
      slots: {Email: ann@example.com}
  - name: nothing scripted
    flow: Mail Bot
    conversation:
      - bot: Your email?
      - customer: ann@example.com
    expect:
      error: {kind: unsupported}
"#,
    )
    .unwrap();
    let o = cli(&["test", "mail.scenarios.yaml"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("2 passed"), "{}", o.stdout);
}

/// Ask for Slot's continuation prompt (what the bot says when the customer has given part of
/// a value and paused) is read and checked, warns of nothing, and is never said: a turn of the
/// input script is whole (docs/architect.md §5).
#[test]
fn an_ask_for_slots_continuation_prompt_is_read_and_never_said() {
    let flow = |prompt: &str| {
        AI_BOT.replace(
            "              question: {exp: 'MakeCommunication(\"Your email?\")'}\n",
            &format!(
                "              question: {{exp: 'MakeCommunication(\"Your email?\")'}}\n\
                 \x20             continuationPrompt: {{exp: '{prompt}'}}\n\
                 \x20             customizeContinuation: {{lit: false}}\n\
                 \x20             continuationReprompts: {{noValue: true}}\n"
            ),
        )
    };
    let good = flow(r#"MakeCommunication("I got ", Slot.Email, " so far, please continue.")"#);
    assert!(good.contains("continuationPrompt"), "{good}");
    let report = Registry::from_sources([(std::path::Path::new("mail.yaml"), good.as_str())]);
    let about = |d: &&flowsim::diag::Diagnostic| d.is_error() || d.message.contains("continuation");
    assert!(!report.diagnostics.iter().any(|d| about(&d)), "{:#?}", report.diagnostics);
    let reg = report.registry.unwrap();
    let turn = json!({"text": "ann@example.com", "slots": {"Email": "ann@example.com"}});
    let r = run(&reg, json!({"flowName": "Mail Bot", "inputs": [turn]}));
    assert_eq!(prompts(&r), ["Your email?", "Mail to ann@example.com"]);
    // Read as an expression: a broken one is reported at its property.
    let bad = flow(r#"MakeCommunication("I got ", "#);
    let report = Registry::from_sources([(std::path::Path::new("mail.yaml"), bad.as_str())]);
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(
        errors.iter().any(|d| d.property.as_deref() == Some("continuationPrompt")),
        "{errors:#?}"
    );
}

/// A messaging flow whose first input is the inbound message: the AI-powered slot values that
/// turn scripts go with it to the digital bot that hears the message as its first turn.
#[test]
fn the_inbound_message_s_scripted_slots_reach_the_bot_that_hears_it() {
    let bot = AI_BOT
        .replace("botFlow:\n", "digitalBot:\n")
        .replace("/botFlow/bots/", "/digitalBot/bots/");
    let caller = "inboundShortMessage:
  name: Messages
  startUpRef: ./states/state[S_1]
  states:
    - state:
        name: S
        refId: S_1
        actions:
          - callDigitalBotFlow:
              name: Mail
              botFlow:
                Mail Bot:
                  ver_latestPublished:
                    inputs: {}
                    outputs: {}
              inputText: {exp: Message.Message.body}
          - disconnect: {name: Bye}
";
    let reg = registry(&[caller, &bot]);
    let message =
        json!({"text": "mail me at ann at example dot com", "slots": {"Email": "ann@example.com"}});
    let j = json(&run(&reg, json!({"flowName": "Messages", "inputs": [message]})));
    assert_eq!(j["status"], "disconnected", "{j:#}");
    assert_eq!(j["slots"]["Email"], "ann@example.com", "{j:#}");
    let transcript = j["transcript"].to_string();
    assert!(transcript.contains("Mail to ann@example.com"), "{j:#}");
    assert!(!transcript.contains("Your email?"), "the message answers the ask: {j:#}");
    // Without slots on the message, the ask has nothing to take, loudly.
    let j = json(&run(&reg, json!({"flowName": "Messages", "inputs": [{"text": "hello"}]})));
    assert_eq!(j["error"]["kind"], "unsupported", "{j:#}");
}

/// Genesys (Ask for Intent action): "Knowledge: Enable or disable the Knowledge output path.
/// When you enable the path, if a knowledge article matches the user input, then the flow
/// takes this output path." No knowledge base is in the fixtures, so the test says which turn
/// an article answers, and with what (`knowledge:ANSWER`, `{"knowledge": ANSWER}`): the path
/// runs, `Session.LastKnowledgeAnswer` holds the answer. A text turn no intent matches takes
/// the no-match handling, with a warning that says how to pin it; with the path off, a pinned
/// knowledge turn is a no-match.
#[test]
fn a_turn_the_test_pins_as_answered_by_knowledge_takes_the_knowledge_output() {
    let on = "                knowledge:
                  enabled: true
                  actions:
                    - communicate: {name: Answer, communication: {exp: 'MakeCommunication(ToCommunication(Session.LastKnowledgeAnswer))'}}
";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bank.yaml"), bot(on)).unwrap();
    let cli = |args: &[&str]| crate::cli::flowsim_in(dir.path(), args);
    let o = cli(&["check", "--flows", ".", "--strict"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let args = ["run", "Bank Bot", "--flows", ".", "--input"];
    let o = cli(&[&args[..], &["knowledge:We open at nine."]].concat());
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("Main › Ask [askForIntent] → knowledge"), "{}", o.stdout);
    assert!(o.stdout.contains("hears [knowledge \"We open at nine.\"]"), "{}", o.stdout);
    assert!(o.stdout.contains("bot      \"We open at nine.\""), "{}", o.stdout);
    let o = cli(&[&args[..], &["knowledge:We open at nine.", "--format", "json"]].concat());
    let j: J = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(j["transcript"][1], json!({"from": "customer", "knowledge": "We open at nine."}));
    assert_eq!(j["transcript"][2], json!({"from": "bot", "text": "We open at nine."}));
    // An answer is what the pin gives: an empty one is a bad input.
    let o = cli(&[&args[..], &["knowledge: "]].concat());
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("`knowledge with an empty answer`"), "{}", o.stderr);
    // A turn no intent matches: the no-match handling, and a warning naming the pin.
    let o = cli(&[&args[..], &["say:when do you open", "--format", "json"]].concat());
    let j: J = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(j["trace"][0]["output"], json!(null), "{j:#}");
    let warning = j["warnings"][0]["message"].as_str().unwrap_or_default();
    assert!(
        warning.contains("pin a turn the knowledge base answers with `knowledge:ANSWER`"),
        "{j:#}"
    );
    assert_eq!(j["warnings"][0]["kind"], "unsupported", "{j:#}");
    // The path off: the bot does not answer from knowledge.
    let reg = bank();
    let inputs = json!([{"knowledge": "We open at nine."}, "timeout"]);
    let r = run(&reg, json!({"flowName": "Bank Bot", "inputs": inputs}));
    assert!(prompts(&r).iter().any(|s| s == "Sorry."), "{:?}", prompts(&r));
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    // A scenario's conversation pins it as a customer line.
    std::fs::write(
        dir.path().join("bank.scenarios.yaml"),
        "flows: .
scenarios:
  - name: the knowledge base answers
    flow: Bank Bot
    conversation:
      - bot: How can I help?
      - customer: {knowledge: We open at nine.}
      - bot: We open at nine.
",
    )
    .unwrap();
    let o = cli(&["test", "bank.scenarios.yaml"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("1 passed"), "{}", o.stdout);
}

/// Genesys (Set default error handling behavior): the recognition failure event's handling
/// may "Exit the bot flow" or "Disconnect the interaction", and the error event's handover
/// "alerts the caller of an error and the action that follows" before its handling. With
/// `disconnect`, the bot says the handover and the interaction ends `disconnected`.
#[test]
fn a_bots_error_events_can_disconnect_after_their_handover() {
    let disconnecting = bot("").replace(
        "    errorHandling: {exit: {none: true}}\n",
        "    errorHandling: {disconnect: {none: true}}\n    recognitionFailureEventHandling:\n      disconnect: {none: true}\n",
    );
    assert_ne!(disconnecting, bot(""), "the settings were replaced");
    let reg = registry(&[&disconnecting]);
    // Recognition fails after the one no-match retry: the handover, then a disconnect.
    let r = run(&reg, json!({"flowName": "Bank Bot", "inputs": ["noMatch", "noMatch"]}));
    let j = json(&r);
    assert_eq!(j["status"], "disconnected", "{j:#}");
    assert_eq!(prompts(&r).last().map(String::as_str), Some("I give up."), "{j:#}");
    // An error no action handles: the error handover, then a disconnect.
    let failing = disconnecting.replace(
        "          - exitBotFlow: {name: Bye}",
        "          - updateData:\n              name: Fails\n              statements:\n                \
         - string: {variable: Slot.Account, value: {exp: 'Substring(Slot.Colour, 0, 1)'}}",
    );
    let reg = registry(&[&failing]);
    let r = run(
        &reg,
        json!({"flowName": "Bank Bot", "inputs": turns(&["pay bill from account 654321"])}),
    );
    let j = json(&r);
    assert_eq!(j["status"], "disconnected", "{j:#}");
    assert_eq!(prompts(&r).last().map(String::as_str), Some("Oops."), "{j:#}");
    // Another handling is not run offline: `check` says so.
    let other = bot("").replace(
        "    errorHandling: {exit: {none: true}}\n",
        "    errorHandling: {exit: {none: true}}\n    recognitionFailureEventHandling:\n      jumpToTask: {targetTaskRef: x}\n",
    );
    let errors = crate::support::check_errors(&other);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("unsupported: recognition failure handling `jumpToTask`")),
        "{errors:?}"
    );
}

/// Genesys (Intents overview): "You can have up to 50 intents per flow." A bot flow whose NLU
/// domain has more is a `badNlu` error of `check`, at the domain's intents.
#[test]
fn a_bot_flow_has_at_most_50_intents() {
    let flow = |count: usize| {
        let intents: String = (0..count).fold(String::new(), |out, i| {
            out + &format!("        - name: Intent{i}\n          utterances:\n            - segments: [{{text: do thing number {i}}}]\n")
        });
        format!(
            "botFlow:
  name: Many Bot
  startUpRef: \"/botFlow/bots/bot[B_1]\"
  bots:
    - bot:
        name: Main
        refId: B_1
        actions:
          - exitBotFlow: {{name: Bye}}
  settingsNaturalLanguageUnderstanding:
    nluDomainVersion:
      intents:
{intents}"
        )
    };
    assert_eq!(crate::support::check_errors(&flow(50)), Vec::<String>::new());
    let errors = crate::support::check_errors(&flow(51));
    assert_eq!(
        errors,
        ["badNlu: the NLU domain of flow `Many Bot` has 51 intents: \"You can have up to 50 intents per flow\""]
    );
}

/// Genesys (Ask for Slot action): "The character limit for slot capture is 500 characters." A
/// value said within the first 500 characters of a turn fills the slot; one said only past them
/// is not heard, and the ask goes on to its no-match handling.
#[test]
fn ask_for_slot_reads_the_first_500_characters_of_a_turn() {
    let flow = r#"
digitalBot:
  name: Colour Bot
  startUpRef: "/digitalBot/bots/bot[B_1]"
  defaultLanguage: en-us
  variables:
    - stringVariable: {name: Slot.Colour, initialValue: {noValue: true}, isOutput: true}
  bots:
    - bot:
        name: Main
        refId: B_1
        actions:
          - askForSlot:
              name: Colour
              slot: {name: Colour}
              question: {exp: 'MakeCommunication("Which colour?")'}
          - exitBotFlow: {name: Bye}
  settingsNaturalLanguageUnderstanding:
    nluDomainVersion:
      intents:
        - name: Help
          utterances:
            - segments: [{text: I need help}]
      entities:
        - {name: Colour, type: Colours}
      entityTypes:
        - name: Colours
          mechanism:
            type: List
            items: [{value: red}, {value: blue}]
"#;
    let reg = registry(&[flow]);
    let colour = |turns_said: &[&str]| {
        let r = run(&reg, json!({"flowName": "Colour Bot", "inputs": turns(turns_said)}));
        json(&r)["variables"]["Slot.Colour"].clone()
    };
    let within = format!("{} blue", "x".repeat(495));
    assert_eq!(within.chars().count(), 500);
    assert_eq!(colour(&[&within]), "blue");
    let past = format!("{} blue", "é".repeat(520));
    assert_eq!(colour(&[&past, "red"]), "red", "the first turn is a no-match");
}
