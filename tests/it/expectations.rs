//! Issue 79: each expectation of a scenario matches only what it names, and a failed one says
//! what was found (docs/scenarios.md, "Expectations").

use crate::cli::flowsim;
use std::path::Path;

/// A pharmacy line: in hours the call goes to the pharmacists' queue, after hours to that
/// queue's voicemail (`Flow.open`, an input the scenario sets, says which).
const PHARMACY: &str = r"inboundCall:
  name: Pharmacy
  startUpRef: ./tasks/task[Main_1]
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  variables:
    - booleanVariable:
        name: Flow.open
        initialValue: {lit: true}
        isInput: true
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - decision:
              name: Open?
              condition: {exp: Flow.open}
              outputs:
                yes:
                  actions:
                    - transferToAcd:
                        name: To pharmacists
                        targetQueue: {lit: {name: Pharmacists}}
          - transferToVoicemail:
              name: Mailbox
              targetQueue: {lit: {name: Pharmacists}}
          - disconnect: {name: Bye}
";

/// Writes the pharmacy flow, its queue and `scenarios` into `dir`; the scenario file's path.
fn pharmacy(dir: &Path, scenarios: &str) -> String {
    std::fs::create_dir_all(dir.join("flows")).unwrap();
    std::fs::write(dir.join("flows/pharmacy.yaml"), PHARMACY).unwrap();
    std::fs::write(
        dir.join("org.json"),
        r#"{"queues": [{"id": "q-pharmacists", "name": "Pharmacists"}]}"#,
    )
    .unwrap();
    let file = dir.join("pharmacy.scenarios.yaml");
    std::fs::write(&file, format!("flows: flows\nfixtures: [org.json]\nscenarios:\n{scenarios}"))
        .unwrap();
    file.to_str().unwrap().to_owned()
}

/// A queue named in `route` means an ACD route to it: a call sent to the queue's voicemail
/// after hours fails `route: {queueId: ...}` (and `queueName`), and the failure says the run
/// took a voicemail route; `type: voicemail` with the queue passes.
#[test]
fn a_route_to_a_queue_is_not_met_by_the_queues_voicemail() {
    let dir = tempfile::tempdir().unwrap();
    let after_hours = "    flow: Pharmacy\n    variables: {Flow.open: false}\n";
    let file = pharmacy(
        dir.path(),
        &format!(
            "  - name: after hours by id\n{after_hours}    expect: {{status: transferred, route: {{queueId: q-pharmacists}}}}\n\
             \x20 - name: after hours by name\n{after_hours}    expect: {{route: {{queueName: Pharmacists}}}}\n"
        ),
    );
    let o = flowsim(&["test", &file]);
    assert_eq!(o.code, 1, "a voicemail is no ACD route: {}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("0 passed, 2 failed"), "{}", o.stdout);
    assert!(
        o.stdout.contains(
            "expected an ACD route ({queueId: q-pharmacists}), the run took a voicemail route \
             to `Pharmacists` (queue `Pharmacists`, q-pharmacists)"
        ),
        "the failure names the kind taken: {}",
        o.stdout
    );

    let file = pharmacy(
        dir.path(),
        &format!(
            "  - name: after hours, the mailbox\n{after_hours}    expect: {{route: {{type: voicemail, queueId: q-pharmacists}}}}\n\
             \x20 - name: in hours, the queue\n    flow: Pharmacy\n    expect: {{route: {{queueId: q-pharmacists, queueName: Pharmacists}}}}\n\
             \x20 - name: in hours, typed\n    flow: Pharmacy\n    expect: {{route: {{type: acd, queueName: Pharmacists}}}}\n"
        ),
    );
    let o = flowsim(&["test", &file]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("3 passed, 0 failed"), "{}", o.stdout);
}

/// `to` alone could be a user, a group, a number, a mailbox or a flow: the file is refused
/// until `type` says which, as is a `type` that is no kind of route.
#[test]
fn a_route_to_without_its_kind_is_refused_when_the_file_loads() {
    let dir = tempfile::tempdir().unwrap();
    let file = pharmacy(
        dir.path(),
        "  - name: mailbox\n    flow: Pharmacy\n    variables: {Flow.open: false}\n    expect: {route: {to: Pharmacists}}\n\
         \x20 - name: typo\n    flow: Pharmacy\n    expect: {route: {type: voicemial}}\n",
    );
    let o = flowsim(&["test", &file]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("`route.to` without `type`"), "{}", o.stderr);
    assert!(o.stderr.contains("`route.type` `voicemial` is no kind of route"), "{}", o.stderr);
    assert!(o.stderr.contains("did you mean `voicemail`?"), "{}", o.stderr);
}
