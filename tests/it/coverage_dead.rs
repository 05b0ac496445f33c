//! Issue 79: an output no configuration of its action can take is named as dead in coverage,
//! with the reason, and not counted as uncovered, so 100% can be reached: Evaluate Schedule
//! Group's `emergency` without an emergency group (docs/scenarios.md, "Coverage and exit
//! codes"). With an emergency group the output can be taken, and is counted.

use crate::cli::flowsim_in;
use crate::support::root;

fn flow(emergency: &str) -> String {
    format!(
        "inboundCall:
  name: Hours
  startUpRef: ./tasks/task[Main_1]
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - evaluateScheduleGroup:
              name: Hours
              evaluate: {{now: true}}
              scheduleGroup: {{lit: {{name: Acme Hours}}}}
{emergency}              outputs:
                open:
                  actions:
                    - playAudio: {{name: Open, audio: {{tts: Open}}}}
                closed:
                  actions:
                    - playAudio: {{name: Closed, audio: {{tts: Closed}}}}
                holiday:
                  actions:
                    - playAudio: {{name: Holiday, audio: {{tts: Holiday}}}}
          - disconnect: {{name: Bye}}
"
    )
}

const SCENARIOS: &str = "flows: flows
scenarios:
  - {name: open, flow: Hours, context: {startTime: '2026-01-06T15:00:00Z'}, expect: {prompts: [Open]}}
  - {name: closed, flow: Hours, context: {startTime: '2026-01-06T03:00:00Z'}, expect: {prompts: [Closed]}}
  - {name: holiday, flow: Hours, context: {startTime: '2025-12-25T15:00:00Z'}, expect: {prompts: [Holiday]}}
";

/// The suite's coverage of `Hours` (JSON) and the human report.
fn coverage(emergency: &str) -> (serde_json::Value, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("flows")).unwrap();
    std::fs::write(dir.path().join("flows/hours.yaml"), flow(emergency)).unwrap();
    let scenarios = format!(
        "fixtures: [{}]\n{SCENARIOS}",
        root().join("fixtures/archy/data/acme.yaml").display()
    );
    std::fs::write(dir.path().join("h.scenarios.yaml"), scenarios).unwrap();
    let o = flowsim_in(
        dir.path(),
        &["test", "h.scenarios.yaml", "--coverage", "--coverage-out", "cov.json"],
    );
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let text = std::fs::read_to_string(dir.path().join("cov.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let flows = json.as_array().or_else(|| json["flows"].as_array()).cloned().unwrap_or_default();
    let hours = flows.into_iter().find(|f| f["flow"] == "Hours").expect("Hours covered");
    (hours, o.stdout)
}

#[test]
fn an_emergency_output_without_an_emergency_group_is_dead_and_100_percent_is_reached() {
    let (hours, text) = coverage("");
    assert_eq!(hours["uncoveredEdges"], serde_json::json!([]), "{hours:#}");
    assert_eq!(hours["edges"], hours["edgesCovered"], "{hours:#}");
    assert_eq!(
        hours["deadEdges"],
        serde_json::json!([
            "Main/Hours -emergency-> Main/Bye (taken only with `emergencyGroup`, which the node does not give)"
        ]),
        "{hours:#}"
    );
    assert!(text.contains("dead edge Main/Hours -emergency-> Main/Bye (taken only with `emergencyGroup`, which the node does not give): no run can take it; not counted"), "{text}");
}

#[test]
fn an_emergency_output_with_an_emergency_group_is_counted() {
    let (hours, _) = coverage("              emergencyGroup: {lit: {name: Acme Emergency}}\n");
    assert_eq!(hours["deadEdges"].as_array().map_or(0, Vec::len), 0, "{hours:#}");
    assert_eq!(
        hours["uncoveredEdges"],
        serde_json::json!(["Main/Hours -emergency-> Main/Bye"]),
        "{hours:#}"
    );
}
