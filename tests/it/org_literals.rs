//! A literal queue, user, group or skill names an object of the org: its `id` and `name` read
//! as the fixtures give them, as Find Queue's result reads (docs/architect.md §4).

use crate::support::{probe_call_flow, prompts, run_in_folder};

const ORG: &str = r#"{"queues": [{"id": "q-7", "name": "Services"}],
  "skills": [{"id": "s-3", "name": "French"}]}"#;

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
}

#[test]
fn a_literal_queue_the_fixtures_lack_stays_its_name_and_its_transfer_fails() {
    let actions = "          - updateData:
              name: Set
              statements:
                - queue:
                    variable: Task.Q
                    value:
                      lit:
                        name: Nowhere
          - transferToAcd:
              name: Xfer
              targetQueue:
                exp: Task.Q
              failureOutputs:
                errorType:
                  var: Task.E
          - disconnect:
              name: Bye
";
    let j = run_in_folder(&[&probe_call_flow("", actions)], ORG, "Probe", &[]);
    assert_eq!(j["variables"]["Task.Q"], "Nowhere", "{j}");
    assert_eq!(j["trace"][1]["error"]["kind"], "queueNotFound", "{j}");
}
