//! A literal queue, user, group or skill names an object of the org: its `id` and `name` read
//! as the fixtures give them, as Find Queue's result reads; a name the fixtures lack is an
//! `orgMissing` warning (docs/architect.md §4).

use crate::cli::flowsim;
use crate::support::{
    org_literal_flow, probe_call_flow, prompts, run_folder, run_in_folder, set_literal_action,
    OrgKind, BYE, ORG_LITERAL_KINDS,
};

const ORG: &str = r#"{"queues": [{"id": "q-7", "name": "Services"}],
  "skills": [{"id": "s-3", "name": "French"}]}"#;

/// What a run warns that a variable's literal queue `Nowhere` is not in the fixtures.
const NOWHERE_INITIAL: &str = "queue `Nowhere` (the initial value of `Flow.Q`) is not in the \
     fixtures: Architect does not publish a flow whose literals name queues the org lacks";

/// The same of an Update Data statement's literal.
const NOWHERE_ASSIGNED: &str = "queue `Nowhere` (assigned to `Task.Q`) is not in the \
     fixtures: Architect does not publish a flow whose literals name queues the org lacks";

/// A flow whose Update Data `Set` gives `Task.Q` the literal queue `Nowhere`, then transfers
/// to it.
fn nowhere_statement_flow() -> String {
    let xfer = "          - transferToAcd:
              name: Xfer
              targetQueue:
                exp: Task.Q
              failureOutputs:
                errorType:
                  var: Task.E
          - disconnect:
              name: Bye
";
    probe_call_flow("", &(set_literal_action("queue", "Task.Q", "Nowhere") + xfer))
}

#[test]
fn a_literal_queue_variable_has_the_id_and_name_of_the_fixtures_queue() {
    let head = "  variables:
    - queueVariable:
        name: Flow.Q
        initialValue:
          lit:
            name: Services
";
    let actions = "          - updateData:
              name: Set
              statements:
                - skill:
                    variable: Task.S
                    value:
                      lit:
                        name: French
          - playAudio:
              name: Say
              audio:
                exp: ToAudioTTS(Append(Flow.Q.id, \" \", Flow.Q.name, \" \", Task.S.id))
          - disconnect:
              name: Bye
";
    let j = run_in_folder(&[&probe_call_flow(head, actions)], ORG, "Probe", &[]);
    assert_eq!(prompts(&j), ["q-7 Services s-3"], "{j}");
    assert_eq!(j["warnings"], serde_json::json!([]), "the fixtures have both: {j}");
}

/// A literal user, group, skill, language skill, schedule group or emergency group is the
/// fixtures' object of that name, or its name with a warning, as a queue is.
#[test]
fn every_kinds_literal_is_the_fixtures_object_or_a_warning() {
    let say = "          - playAudio:
              name: Say
              audio:
                exp: ToAudioTTS(Append(Flow.X.id, \" \", Flow.X.name))
"
    .to_owned()
        + BYE;
    for OrgKind { ty, noun, section, required, statement } in ORG_LITERAL_KINDS {
        let fixtures = format!(r#"{{"{section}": [{{"id": "k-1", "name": "Known"{required}}}]}}"#);
        let run = |initial, assigned: &str, then: &str| {
            let flow = org_literal_flow(ty, initial, statement.then_some(assigned), then);
            run_in_folder(&[&flow], &fixtures, "Probe", &[])
        };
        let j = run("Known", "known", &say);
        assert_eq!(prompts(&j), ["k-1 Known"], "{ty}: {j}");
        assert_eq!(j["warnings"], serde_json::json!([]), "{ty}: the fixtures have it: {j}");
        if statement {
            let object = serde_json::json!({"id": "k-1", "name": "Known"});
            assert_eq!(j["variables"]["Task.X"], object, "{ty}: {j}");
        }

        let j = run("Nowhere", "Nowhere", BYE);
        assert_eq!(j["variables"]["Flow.X"], "Nowhere", "{ty}: {j}");
        let mut expected = vec![format!("{noun} `Nowhere` (the initial value of `Flow.X`)")];
        if statement {
            expected.push(format!("{noun} `Nowhere` (assigned to `Task.X`)"));
        }
        let warnings = j["warnings"].as_array().unwrap();
        assert_eq!(warnings.len(), expected.len(), "{ty}: {j}");
        for (w, expected) in warnings.iter().zip(&expected) {
            assert_eq!(w["kind"], "orgMissing", "{ty}: {j}");
            let message = w["message"].as_str().unwrap();
            assert!(
                message.starts_with(&format!("{expected} is not in the fixtures: ")),
                "{ty}: {message}"
            );
        }
    }
}

#[test]
fn a_literal_queue_the_fixtures_lack_stays_its_name_and_its_transfer_fails() {
    let j = run_in_folder(&[&nowhere_statement_flow()], ORG, "Probe", &[]);
    assert_eq!(j["variables"]["Task.Q"], "Nowhere", "{j}");
    assert_eq!(j["trace"][1]["error"]["kind"], "queueNotFound", "{j}");
}

#[test]
fn a_variables_literal_queue_the_fixtures_lack_is_a_warning_in_text_and_json() {
    let head = "  variables:
    - queueVariable:
        name: Flow.Q
        initialValue:
          lit:
            name: Nowhere
";
    let actions = "          - disconnect:
              name: Bye
";
    let flow = probe_call_flow(head, actions);
    let j = run_in_folder(&[&flow], ORG, "Probe", &[]);
    let w = &j["warnings"];
    assert_eq!(w.as_array().map(Vec::len), Some(1), "{j}");
    assert_eq!(w[0]["kind"], "orgMissing", "{j}");
    assert_eq!(w[0]["message"], NOWHERE_INITIAL, "{j}");
    assert_eq!(w[0]["flowName"], "Probe", "{j}");
    assert_eq!(j["variables"]["Flow.Q"], "Nowhere", "{j}");

    let text = run_folder(&[&flow], ORG, "Probe", &[]).stdout;
    assert!(text.contains(&format!("orgMissing at Probe/Main/Bye: {NOWHERE_INITIAL}")), "{text}");
}

#[test]
fn an_update_data_statements_literal_queue_the_fixtures_lack_is_a_warning() {
    let flow = nowhere_statement_flow();
    let j = run_in_folder(&[&flow], ORG, "Probe", &[]);
    let w = &j["warnings"];
    // The literal, and the transfer's lookup that then finds nothing (`engine::missing`).
    assert_eq!(w.as_array().map(Vec::len), Some(2), "{j}");
    assert_eq!(w[0]["kind"], "orgMissing", "{j}");
    assert_eq!(w[0]["message"], NOWHERE_ASSIGNED, "{j}");
    assert_eq!(w[1]["kind"], "notInFixtures", "{j}");
    assert_eq!(w[1]["missing"], "queue:Nowhere", "{j}");
    assert_eq!(w[0]["nodeId"], j["trace"][0]["nodeId"], "at the Update Data action: {j}");

    let text = run_folder(&[&flow], ORG, "Probe", &[]).stdout;
    assert!(text.contains(&format!("orgMissing at Probe/Main/Set: {NOWHERE_ASSIGNED}")), "{text}");
}

#[test]
fn a_failing_scenario_shows_its_runs_warning_of_a_literal_the_fixtures_lack() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("flows")).unwrap();
    std::fs::write(dir.path().join("flows/probe.yaml"), nowhere_statement_flow()).unwrap();
    std::fs::write(dir.path().join("org.json"), ORG).unwrap();
    let scenarios = "flows: flows
fixtures: [org.json]
scenarios:
  - name: reaches Nowhere
    flow: Probe
    expect:
      status: transferred
";
    let file = dir.path().join("probe.scenarios.yaml");
    std::fs::write(&file, scenarios).unwrap();
    let file = file.to_str().unwrap();

    let o = flowsim(&["test", file]);
    assert_eq!(o.code, 1, "{}\n{}", o.stdout, o.stderr);
    assert!(
        o.stdout.contains(&format!("orgMissing at Probe/Main/Set: {NOWHERE_ASSIGNED}")),
        "{}",
        o.stdout
    );

    let o = flowsim(&["test", file, "--format", "json"]);
    let j: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let warnings = &j["report"]["scenarios"][0]["warnings"];
    assert_eq!(warnings[0]["kind"], "orgMissing", "{j}");
    assert_eq!(warnings[0]["message"], NOWHERE_ASSIGNED, "{j}");
}
