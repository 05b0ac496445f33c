//! Flow names, as Architect keeps them: unique per flow type, so flows of different types may
//! share one ("you can use the name "Main" for one inbound flow and one outbound flow, but not
//! two inbound flows", Create a flow). Each reference finds its flow through the types it may
//! name; a name the user gives that two flows share is chosen by `--flow-type` (`flowType` in a
//! request or a scenario). Through the CLI; the page and its words are in docs/architect.md §6.

use crate::cli::{flowsim, Output};
use crate::support::prompts;
use std::path::Path;

/// A flow of `kind` named `name` whose task plays `say`, then `then` (actions, indented as list
/// items of `actions:`; a disconnect when empty).
pub(crate) fn flow(kind: &str, name: &str, say: &str, then: &str) -> String {
    let then = if then.is_empty() { "          - disconnect: {name: Bye}\n" } else { then };
    format!(
        "{kind}:
  name: {name}
  startUpRef: \"/{kind}/tasks/task[T_1]\"
  tasks:
    - task:
        name: T
        refId: T_1
        actions:
          - playAudio: {{name: Say, audio: {{tts: {say}}}}}
{then}"
    )
}

fn module(name: &str, say: &str) -> String {
    format!(
        "commonModule:
  name: {name}
  startUpTaskActions:
    - playAudio: {{name: Say, audio: {{tts: {say}}}}}
"
    )
}

/// Writes `files` (name, text) into `dir`.
pub(crate) fn write(dir: &Path, files: &[(&str, String)]) {
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

/// `dir/flows` with two flows named `Main`: an inbound call flow that says `inbound main` and an
/// outbound call flow (written `MAIN`) that says `outbound main`.
pub(crate) fn two_mains(dir: &Path) -> std::path::PathBuf {
    let flows = dir.join("flows");
    std::fs::create_dir_all(&flows).unwrap();
    write(
        &flows,
        &[
            ("in.yaml", flow("inboundCall", "Main", "inbound main", "")),
            ("out.yaml", flow("outboundCall", "MAIN", "outbound main", "")),
        ],
    );
    flows
}

#[track_caller]
fn json(o: &Output) -> serde_json::Value {
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", o.stdout))
}

#[test]
fn flows_of_different_types_may_share_a_name_but_two_of_one_type_may_not() {
    let dir = tempfile::tempdir().unwrap();
    let flows = two_mains(dir.path());
    let path = flows.to_str().unwrap();
    let o = flowsim(&["check", "--flows", path]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);

    // The name alone does not say which: the refusal lists the types and how to choose.
    let o = flowsim(&["run", "--flows", path, "Main"]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains(
            "error[ambiguousFlow]: flow name `Main` is shared by flows of the types `inboundCall` and `outboundCall`"
        ),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("`--flow-type outboundCall`"), "{}", o.stderr);
    for (ty, said) in [("outboundCall", "outbound main"), ("inboundcall", "inbound main")] {
        let j = json(&flowsim(&[
            "run",
            "--flows",
            path,
            "main",
            "--flow-type",
            ty,
            "--format",
            "json",
        ]));
        assert_eq!(prompts(&j), [said], "{j:#}");
    }
    let o = flowsim(&["run", "--flows", path, "Main", "--flow-type", "inqueueCall"]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains("flow `Main` of type `inqueueCall` is not in the registry"),
        "{}",
        o.stderr
    );
    let o = flowsim(&["graph", "--flows", path, "Main", "--flow-type", "outboundCall"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("MAIN (outboundCall)"), "{}", o.stdout);
    let o = flowsim(&["graph", "--flows", path, "Main"]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("error[ambiguousFlow]"), "{}", o.stderr);

    // Two inbound call flows of one name are one too many.
    write(&flows, &[("in2.yaml", flow("inboundCall", "main", "again", ""))]);
    let o = flowsim(&["check", "--flows", path]);
    assert_ne!(o.code, 0, "{}", o.stdout);
    assert!(
        o.stdout.contains("error[duplicateFlowName]: flow name `main` is also used by"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("another inboundCall flow"), "{}", o.stdout);
}

#[test]
fn a_module_call_finds_the_common_module_and_a_transfer_the_inbound_call_flow_of_a_shared_name() {
    let dir = tempfile::tempdir().unwrap();
    let flows = dir.path().join("flows");
    std::fs::create_dir(&flows).unwrap();
    let front = flow(
        "inboundCall",
        "Front",
        "front",
        "          - callCommonModule:
              name: Call it
              commonModule:
                Shared:
                  ver_latestPublished: {inputs: {}, outputs: {}}
          - transferToFlow: {name: Go, targetFlow: {lit: {name: Shared}}}
",
    );
    write(
        &flows,
        &[
            ("front.yaml", front),
            ("module.yaml", module("Shared", "the module")),
            ("call.yaml", flow("inboundCall", "Shared", "the inbound call flow", "")),
            ("out.yaml", flow("outboundCall", "Shared", "the outbound call flow", "")),
        ],
    );
    let path = flows.to_str().unwrap();
    let o = flowsim(&["check", "--flows", path]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let j = json(&flowsim(&["run", "--flows", path, "Front", "--format", "json"]));
    assert_eq!(prompts(&j), ["front", "the module", "the inbound call flow"], "{j:#}");

    // Without the module, the call names two flows it cannot call: check says which.
    std::fs::remove_file(flows.join("module.yaml")).unwrap();
    let o = flowsim(&["check", "--flows", path]);
    assert_ne!(o.code, 0, "{}", o.stdout);
    assert!(
        o.stdout.contains(
            "error[flowNotInRegistry]: `Call it` calls common module `Shared`, which names no one flow it can take: the loaded flows of that name are of the types `inboundCall` and `outboundCall`"
        ),
        "{}",
        o.stdout
    );
}

#[test]
fn a_scenario_chooses_among_flows_of_one_name_by_flow_type() {
    let dir = tempfile::tempdir().unwrap();
    two_mains(dir.path());
    let scenarios = dir.path().join("main.scenarios.yaml");
    let file = |which: &str| {
        format!(
            "flows: flows
scenarios:
  - name: the outbound one
    flow: Main
{which}    expect:
      prompts: [outbound main]
"
        )
    };
    std::fs::write(&scenarios, file("    flowType: outboundCall\n")).unwrap();
    let path = scenarios.to_str().unwrap();
    let o = flowsim(&["test", path]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    std::fs::write(&scenarios, file("")).unwrap();
    let o = flowsim(&["test", path]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains(
            "flow name `Main` is shared by flows of the types `inboundCall` and `outboundCall`"
        ),
        "{}",
        o.stderr
    );
}

#[test]
fn a_call_or_transfer_naming_only_a_flow_of_another_type_is_a_check_error_and_runs_no_flow() {
    let dir = tempfile::tempdir().unwrap();
    let flows = dir.path().join("flows");
    std::fs::create_dir(&flows).unwrap();
    let front = |then: &str| flow("inboundCall", "Front", "front", then);
    let module_call = "          - callCommonModule:
              name: Call it
              commonModule:
                Solo:
                  ver_latestPublished: {inputs: {}, outputs: {}}
";
    let transfer = "          - transferToFlow: {name: Go, targetFlow: {lit: {name: Away}}}
";
    write(
        &flows,
        &[
            ("front.yaml", front(&format!("{module_call}{transfer}"))),
            ("solo.yaml", flow("inboundCall", "Solo", "the solo inbound call flow", "")),
            ("away.yaml", flow("outboundCall", "Away", "the outbound call flow", "")),
        ],
    );
    let path = flows.to_str().unwrap();
    let o = flowsim(&["check", "--flows", path]);
    assert_ne!(o.code, 0, "{}", o.stdout);
    for said in [
        "error[wrongFlowType]: `Call it` calls common module `Solo`, whose type is `inboundCall`: the action takes `commonModule` flows only",
        "error[wrongFlowType]: `Go` transfers to flow `Away`, whose type is `outboundCall`: the action takes `inboundCall` flows only",
    ] {
        assert!(o.stdout.contains(said), "{}", o.stdout);
    }
    assert!(o.stdout.contains("front.yaml:"), "the place: {}", o.stdout);

    // A run takes neither: the module call fails (flowNotFound), as a missing module does.
    let j = json(&flowsim(&["run", "--flows", path, "Front", "--format", "json"]));
    assert_eq!(prompts(&j), ["front"], "{j:#}");
    assert_eq!(j["error"]["kind"], "flowNotFound", "{j:#}");

    // The transfer alone: its failure path, not the outbound call flow.
    write(&flows, &[("front.yaml", front(transfer))]);
    let j = json(&flowsim(&["run", "--flows", path, "Front", "--format", "json"]));
    assert_eq!(prompts(&j), ["front"], "{j:#}");
    assert_ne!(j["status"], "transferred", "{j:#}");
}
