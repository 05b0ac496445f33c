//! The semantics of catalogue entries added after the first families: small Archy flows of
//! our own, run end to end (load, engine, result JSON).

use crate::engine::{self, RunRequest};
use crate::fixtures::FixtureStore;
use crate::flow::Registry;
use serde_json::{json, Value as J};
use std::fmt::Write as _;
use std::path::Path;

/// An inbound call flow whose one task holds `actions` (Archy YAML, indented for the task's
/// action list), plus a second task `Other` and a flow `Secure` to transfer to.
fn call_flow(actions: &str) -> String {
    format!(
        "inboundCall:
  name: Main
  startUpRef: \"/inboundCall/tasks/task[Start_10]\"
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  variables:
    - userCollectionVariable:
        name: Flow.users
    - externalContactVariable:
        name: Flow.contact
  tasks:
    - task:
        name: Start
        refId: Start_10
        actions:
{actions}"
    )
}

const SECURE: &str = "secureCall:
  name: Secure
  startUpRef: \"/secureCall/tasks/task[Start_10]\"
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  tasks:
    - task:
        name: Start
        refId: Start_10
        actions:
          - disconnect:
              name: Bye
";

/// Loads the flow (with `Secure`), runs `Main` with `inputs`, and gives the result as JSON.
#[track_caller]
fn run(actions: &str, fixtures: &J, inputs: &J) -> J {
    let main = call_flow(actions);
    let report = Registry::from_sources([
        (Path::new("main.yaml"), main.as_str()),
        (Path::new("secure.yaml"), SECURE),
    ]);
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "the flow does not load: {errors:#?}");
    let warnings: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == crate::diag::Code::UnknownProperty)
        .collect();
    assert!(warnings.is_empty(), "properties the catalogue does not know: {warnings:#?}");
    let reg = report.registry.expect("a registry");
    let mut fx = FixtureStore::default();
    if let Err(e) = fx.merge_json(Path::new("fixtures.json"), fixtures) {
        panic!("the fixtures do not load: {e:#?}");
    }
    let req: RunRequest =
        serde_json::from_value(json!({"flowName": "Main", "inputs": inputs})).expect("a request");
    let result = engine::Run::new(&reg, &fx, &req).result().expect("the request runs");
    serde_json::from_str(&result.to_json_pretty()).expect("JSON")
}

fn prompts(r: &J) -> Vec<String> {
    r["prompts"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| {
                    p.as_str()
                        .map_or_else(|| p["text"].as_str().unwrap_or("?").to_owned(), str::to_owned)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `- <key>:` with `body` (already indented for its properties) and success / failure
/// outputs that say `<tag> ok` / `<tag> failed`.
fn with_outputs(key: &str, body: &str, outputs: &[(&str, &str)]) -> String {
    let mut s = format!("          - {key}:\n{body}              outputs:\n");
    for (output, say) in outputs {
        let _ = write!(
            s,
            "                {output}:\n                  actions:\n                    - playAudio:\n                        audio:\n                          tts: {say}\n"
        );
    }
    s
}

#[test]
fn conversation_settings_are_recorded() {
    // Set Priority belongs to in-queue flows: `documented_actions` runs it there.
    let mut actions = String::new();
    actions += &with_outputs(
        "setSkills",
        "              languageSkill:\n                lit:\n                  name: Spanish\n              acdSkills:\n                exp: MakeList(\"Billing\")\n",
        &[("success", "skills ok")],
    );
    actions += &with_outputs(
        "setWhisperAudio",
        "              whisperAudio:\n                tts: VIP caller\n",
        &[("success", "whisper ok")],
    );
    actions += "          - transcription:\n              enableTranscription:\n                lit: true\n";
    actions += "          - audioMonitoring:\n              enableMonitoring:\n                lit: false\n";
    actions += &with_outputs(
        "setUtilizationLabel",
        "              utilizationLabel:\n                lit:\n                  name: Premium\n",
        &[("success", "label ok")],
    );
    actions += "          - setPostFlow:\n              targetFlow:\n                lit:\n                  name: Survey\n              actionType:\n                lit: inboundCallFlow\n              target:\n                lit: caller\n";
    let r = run(&actions, &json!({}), &json!([]));
    assert_eq!(prompts(&r), ["skills ok", "whisper ok", "label ok"]);
    let s = &r["settings"];
    assert_eq!(s["languageSkill"], json!("Spanish"));
    assert_eq!(s["acdSkills"], json!(["Billing"]));
    assert_eq!(s["whisperAudio"], json!("VIP caller"));
    assert_eq!(s["transcription"], json!(true));
    assert_eq!(s["utilizationLabel"], json!("Premium"));
    assert_eq!(s["postFlow"]["flow"], json!("Survey"));
    assert_eq!(s["postFlow"]["target"], json!("caller"));
    assert!(s.get("enableMonitoring").is_none() && s.get("audioMonitoring").is_none());

    // Clearing.
    let mut actions = with_outputs(
        "setUtilizationLabel",
        "              utilizationLabel:\n                lit:\n                  name: Premium\n",
        &[("success", "label ok")],
    );
    actions += &with_outputs("clearUtilizationLabel", "", &[("success", "cleared")]);
    actions += "          - setPostFlow:\n              targetFlow:\n                lit:\n                  name: Survey\n";
    actions += "          - clearPostFlow:\n              target:\n                lit: caller\n";
    actions += "          - transcription:\n              enableTranscription:\n                noValue: true\n";
    let r = run(&actions, &json!({}), &json!([]));
    assert_eq!(prompts(&r), ["label ok", "cleared"]);
    let s = &r["settings"];
    assert_eq!(s["utilizationLabel"], J::Null);
    assert_eq!(s["postFlow"], J::Null);
    assert_eq!(s["transcription"], json!(false));
}

const DIRECTORY: &str = r#"{
  "users": [{"id": "u1", "name": "Ann Lee", "email": "ann@example.com"},
            {"id": "u2", "name": "Bob Roe", "email": "bob@example.com"}],
  "contacts": [{"id": "c1", "firstName": "Ann", "lastName": "Lee", "email": "ann@example.com"}]
}"#;

#[test]
fn find_users_by_id_is_found_partially_found_or_not_found() {
    let fixtures: J = serde_json::from_str(DIRECTORY).expect("JSON");
    let outputs = [("found", "all"), ("partiallyFound", "some"), ("notFound", "none")];
    let find = |ids: &str| {
        with_outputs(
            "findUsersById",
            &format!("              findIds:\n                exp: '{ids}'\n              findResult:\n                var: Flow.users\n"),
            &outputs,
        )
    };
    let mut actions = find("MakeList(\"u1\", \"u2\")");
    actions += "          - playAudio:\n              audio:\n                exp: ToString(Count(Flow.users)) + \" \" + Flow.users[1].name\n";
    actions += &find("MakeList(\"u1\", \"nobody\")");
    actions += "          - playAudio:\n              audio:\n                exp: ToString(Count(Flow.users)) + \" \" + Flow.users[0].name\n";
    actions += &find("MakeList(\"nobody\")");
    actions += "          - playAudio:\n              audio:\n                exp: ToString(IsNotSetOrEmpty(Flow.users))\n";
    let r = run(&actions, &fixtures, &json!([]));
    assert_eq!(prompts(&r), ["all", "2 Bob Roe", "some", "2 Ann Lee", "none", "true"]);
}

#[test]
fn external_contacts_are_associated_and_promoted_from_the_fixtures() {
    let fixtures: J = serde_json::from_str(DIRECTORY).expect("JSON");
    let mut actions = with_outputs(
        "associateExternalContact",
        "              externalId:\n                lit: nobody\n",
        &[("found", "associated"), ("notFound", "no contact")],
    );
    actions += &with_outputs(
        "associateExternalContact",
        "              externalId:\n                lit: c1\n",
        &[("found", "associated"), ("notFound", "no contact")],
    );
    actions += &with_outputs(
        "promoteExternalContact",
        "              externalId:\n                lit: c1\n              externalResult:\n                var: Flow.contact\n",
        &[("success", "promoted"), ("failure", "not promoted")],
    );
    actions += "          - playAudio:\n              audio:\n                exp: Flow.contact.firstName\n";
    actions += &with_outputs(
        "promoteExternalContact",
        "              externalId:\n                lit: c9\n",
        &[("success", "promoted"), ("failure", "not promoted")],
    );
    let r = run(&actions, &fixtures, &json!([]));
    assert_eq!(prompts(&r), ["no contact", "associated", "promoted", "Ann", "not promoted"]);
    assert_eq!(r["settings"]["externalContact"], json!("c1"));
    let last = r["trace"]
        .as_array()
        .expect("a trace")
        .iter()
        .rev()
        .find(|s| s["nodeType"] == "promoteExternalContact");
    assert_eq!(last.expect("the step")["error"]["kind"], json!("contactNotFound"));
}

#[test]
fn rich_links_send_their_body() {
    let actions = with_outputs(
        "sendRichLink",
        "              body:\n                exp: '\"Track your order \" + \"42\"'\n              urlValue:\n                lit: https://example.com/42\n",
        &[("success", "sent")],
    );
    let r = run(&actions, &json!({}), &json!([]));
    assert_eq!(prompts(&r), ["Track your order 42", "sent"]);
}

#[test]
fn a_menu_choice_transfers_to_a_secure_flow() {
    let actions = "          - jumpToMenu:\n              targetMenuRef: \"/inboundCall/menus/menu[Main_20]\"\n";
    let main = call_flow(actions).replace(
        "  tasks:\n",
        "  menus:
    - menu:
        name: Main
        refId: Main_20
        audio:
          tts: Press 1 to pay.
        choices:
          - menuTransferToFlowSecure:
              name: Pay
              dtmf: digit_1
              targetFlow:
                lit:
                  name: Secure
          - menuDialByExtension:
              name: Extension
              dtmf: digit_2
  tasks:\n",
    );
    let report = Registry::from_sources([
        (Path::new("main.yaml"), main.as_str()),
        (Path::new("secure.yaml"), SECURE),
    ]);
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let reg = report.registry.expect("a registry");
    let run = |digit: &str| -> J {
        let req: RunRequest =
            serde_json::from_value(json!({"flowName": "Main", "inputs": [digit]}))
                .expect("a request");
        let result = engine::Run::new(&reg, &FixtureStore::default(), &req).result().expect("runs");
        serde_json::from_str(&result.to_json_pretty()).expect("JSON")
    };
    // The run goes on in the secure flow, which disconnects; the route keeps the transfer.
    let r = run("1");
    assert_eq!(r["status"], json!("disconnected"), "{r:#}");
    assert_eq!(r["route"]["type"], json!("secureFlow"));
    // Dial by Extension hears no extension: the menu plays again, then disconnects.
    let r = run("2");
    assert_eq!(r["status"], json!("disconnected"), "{r:#}");
    assert!(r["error"].is_null(), "{r:#}");
}

#[test]
fn new_unsupported_actions_fail_with_their_reason() {
    for (key, why) in [("callVoiceFlow", "Call Voice Flow"), ("encryptData", "keys")] {
        let text = call_flow(&format!("          - {key}:\n              name: X\n"));
        let report = Registry::from_sources([(Path::new("main.yaml"), text.as_str())]);
        let reg = report.registry.expect("unsupported actions load");
        let req: RunRequest =
            serde_json::from_value(json!({"flowName": "Main"})).expect("a request");
        let result = engine::Run::new(&reg, &FixtureStore::default(), &req).result().expect("runs");
        let r: J = serde_json::from_str(&result.to_json_pretty()).expect("JSON");
        let step = &r["trace"][0];
        // Those whose effect lies outside the conversation run from a stub (`needsStub`).
        let stub = matches!(key, "callVoiceFlow" | "encryptData");
        let kind = if stub { "needsStub" } else { "unsupported" };
        assert_eq!(step["error"]["kind"], json!(kind), "{key}: {step:#}");
        let message = step["error"]["message"].as_str().unwrap_or("");
        assert!(message.contains(key) && message.contains(why), "{key}: {message}");
        assert!(message.contains("stubs:\n  - action: X"), "the stub to write: {message}");
    }
}
