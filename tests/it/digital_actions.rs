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
