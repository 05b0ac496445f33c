//! Flows of different types that share a name (an inbound and an outbound call flow both named
//! `Main`, as Architect allows) kept apart everywhere a user meets them: the emulator's flow
//! URLs, launches and simulations; a recording of one replayed; coverage, decision logs and a
//! scenario's `Flow/Node`. Through the real binary (and a real server over loopback).

use crate::cli::flowsim;
use crate::documented_names::two_mains;
use crate::support::{prompts, recorder, root, Api, ServeProcess};
use serde_json::{json, Value};
use std::path::Path;

/// The 400 a name both flows have gets, wherever a flow is named.
#[track_caller]
fn ambiguous(answer: &(u16, Value)) {
    let (status, body) = answer;
    assert_eq!(*status, 400, "{body}");
    assert_eq!(body["code"], "flow.ambiguous", "{body}");
    let message = body["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("shared by flows of the types inboundCall and outboundCall"),
        "{body}"
    );
}

/// The emulator's ids of the two flows: (inbound, outbound).
fn ids(api: &Api) -> (String, String) {
    let (status, list) = api.get("/api/v2/flows?sortBy=type");
    assert_eq!(status, 200, "{list}");
    let entities = list["entities"].as_array().unwrap();
    let types: Vec<&str> = entities.iter().map(|f| f["type"].as_str().unwrap()).collect();
    assert_eq!(types, ["INBOUNDCALL", "OUTBOUNDCALL"], "{list}");
    let id = |i: usize| entities[i]["id"].as_str().unwrap().to_owned();
    let (inbound, outbound) = (id(0), id(1));
    assert_ne!(inbound, outbound, "each flow has its own id: {list}");
    (inbound, outbound)
}

#[test]
fn the_emulator_finds_same_named_flows_by_id_or_flow_type_and_refuses_the_name_alone() {
    let dir = tempfile::tempdir().unwrap();
    let flows = two_mains(dir.path());
    let server = ServeProcess::start(&["--flows", flows.to_str().unwrap()]);
    let api = Api::new(&server);
    let (inbound, outbound) = ids(&api);

    // By id, as the SDKs address flows.
    for (id, ty) in [(&inbound, "INBOUNDCALL"), (&outbound, "OUTBOUNDCALL")] {
        let (status, flow) = api.get(&format!("/api/v2/flows/{id}"));
        assert_eq!(status, 200, "{flow}");
        assert_eq!(flow["type"], ty, "{flow}");
        assert_eq!(flow["id"], id.as_str(), "{flow}");
    }
    // By name: only with its type.
    ambiguous(&api.get("/api/v2/flows/Main"));
    let (status, flow) = api.get("/api/v2/flows/Main?flowType=outboundCall");
    assert_eq!(status, 200, "{flow}");
    assert_eq!(flow["id"], outbound.as_str(), "{flow}");
    // (An Archy flow's configuration is not the cloud's JSON: found, and said to be
    // unsupported.)
    let (status, answer) = api.get(&format!("/api/v2/flows/{inbound}/latestconfiguration"));
    assert_eq!((status, &answer["code"]), (501, &json!("unsupported")), "{answer}");
    ambiguous(&api.get("/api/v2/flows/main/latestconfiguration"));

    // Simulations and launches run the flow named.
    let simulate = |body: Value| api.post("/api/v2/architect/simulations", &body);
    let (status, result) = simulate(json!({"flowId": outbound}));
    assert_eq!(status, 200, "{result}");
    assert_eq!(prompts(&result), ["outbound main"], "{result}");
    let (status, result) = simulate(json!({"flowName": "Main", "flowType": "inboundCall"}));
    assert_eq!(status, 200, "{result}");
    assert_eq!(prompts(&result), ["inbound main"], "{result}");
    let (status, refused) = simulate(json!({"flowName": "Main"}));
    assert_eq!(status, 400, "{refused}");
    assert!(refused.to_string().contains("flowType"), "{refused}");
    ambiguous(&api.post("/api/v2/flows/executions", &json!({"flowId": "Main"})));
    let (status, launched) = api
        .post("/api/v2/flows/executions", &json!({"flowId": "Main", "flowType": "OUTBOUNDCALL"}));
    assert_eq!(status, 200, "{launched}");
    // Each run is kept as a flow instance of its own flow.
    let (status, instances) = api.post(
        "/api/v2/flows/instances/query",
        &json!({"query": [{"and": [{"key": "FlowId", "operator": "eq", "value": outbound}]}]}),
    );
    assert_eq!(status, 200, "{instances}");
    assert_eq!(
        instances["total"], 2,
        "the simulation and the launch of the outbound flow: {instances}"
    );
    ambiguous(&api.post(
        "/api/v2/flows/instances/query",
        &json!({"query": [{"criteria": {"key": "FlowId", "value": "Main"}}]}),
    ));
}

fn record(args: &[&str]) -> crate::cli::Output {
    let o = recorder(args, root());
    crate::cli::Output {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

#[test]
fn a_recording_of_one_of_two_same_named_flows_replays_against_the_flow_of_its_type() {
    let dir = tempfile::tempdir().unwrap();
    let flows = two_mains(dir.path());
    let server = ServeProcess::start(&["--flows", flows.to_str().unwrap()]);
    let api = Api::new(&server);
    let (_, outbound) = ids(&api);
    let (status, result) = api.post(
        "/api/v2/architect/simulations",
        &json!({"flowId": outbound, "context": {"conversationId": "call-out"}}),
    );
    assert_eq!(status, 200, "{result}");

    let cassette = dir.path().join("calls.json");
    let o = record(&[
        "record",
        "--execution-data",
        "--base-url",
        &server.url,
        "--flow",
        &outbound,
        "--out",
        cassette.to_str().unwrap(),
    ]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let recorded = std::fs::read_to_string(&cassette).unwrap();
    assert!(recorded.contains("outboundcall"), "the recording names the flow's type");

    let o = flowsim(&["replay", cassette.to_str().unwrap(), "--flows", flows.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("1 matched, 0 diverged"), "{}", o.stdout);

    // Without the outbound flow, the inbound one of that name is not taken for it.
    std::fs::remove_file(flows.join("out.yaml")).unwrap();
    let o = flowsim(&["replay", cassette.to_str().unwrap(), "--flows", flows.to_str().unwrap()]);
    assert_ne!(o.code, 0, "{}", o.stdout);
    assert!(o.stdout.contains("is not among your flows"), "{}", o.stdout);
}

/// A scenario file over the two flows: one scenario each, `visits` as given.
fn suite(dir: &Path, inbound_visits: &str, outbound_visits: &str) -> std::path::PathBuf {
    let file = dir.join("main.scenarios.yaml");
    std::fs::write(
        &file,
        format!(
            "flows: flows
scenarios:
  - name: inbound
    flow: Main
    flowType: inboundCall
    expect:
      prompts: [inbound main]
      visits: [{inbound_visits}]
  - name: outbound
    flow: Main
    flowType: outboundCall
    expect:
      prompts: [outbound main]
      visits: [{outbound_visits}]
"
        ),
    )
    .unwrap();
    file
}

#[test]
fn coverage_and_a_scenario_s_flow_node_keep_same_named_flows_apart() {
    let dir = tempfile::tempdir().unwrap();
    two_mains(dir.path());
    let file = suite(dir.path(), "Main (inboundCall)/T/Say", "MAIN (outboundCall)/T/Say");
    let coverage = dir.path().join("coverage.json");
    let o =
        flowsim(&["test", file.to_str().unwrap(), "--coverage-out", coverage.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&coverage).unwrap()).unwrap();
    let entries: Vec<(&str, &str, u64)> = report
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let ty = c["flowType"].as_str().unwrap_or("none");
            (c["flow"].as_str().unwrap(), ty, c["nodesCovered"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(
        entries,
        [("Main", "inboundCall", 2), ("MAIN", "outboundCall", 2)],
        "one entry per flow, each covered by its own scenario: {report:#}"
    );
    let o = flowsim(&["test", file.to_str().unwrap(), "--coverage"]);
    assert!(o.stdout.contains("Main (inboundCall)"), "{}", o.stdout);
    assert!(o.stdout.contains("MAIN (outboundCall)"), "{}", o.stdout);

    // The picture of one flow takes only its own entry.
    let flows = dir.path().join("flows");
    let o = flowsim(&[
        "graph",
        "--flows",
        flows.to_str().unwrap(),
        "Main",
        "--flow-type",
        "outboundCall",
        "--coverage",
        coverage.to_str().unwrap(),
        "--format",
        "dot",
    ]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);

    // A node of the other flow of that name was not visited.
    let file = suite(dir.path(), "MAIN (outboundCall)/T/Say", "MAIN (outboundCall)/T/Say");
    let o = flowsim(&["test", file.to_str().unwrap()]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("MAIN (outboundCall)/T/Say"), "{}", o.stdout);

    // The name alone names no one flow.
    let file = suite(dir.path(), "Main/T/Say", "MAIN (outboundCall)/T/Say");
    let o = flowsim(&["test", file.to_str().unwrap()]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains(
            "flow name `Main` is shared by flows of the types `inboundCall` and `outboundCall`: `Main/T/Say` names no one flow"
        ),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("`MAIN (outboundCall)/T/Say`"), "{}", o.stderr);
}

#[test]
fn a_decision_log_names_each_same_named_flow_with_its_type() {
    use crate::documented_names::{flow, write};
    let dir = tempfile::tempdir().unwrap();
    let flows = dir.path().join("flows");
    std::fs::create_dir(&flows).unwrap();
    let decide = "          - decision:
              name: Check
              condition: {lit: true}
              outputs:
                \"yes\":
                  actions:
                    - disconnect: {name: Yes bye}
          - disconnect: {name: Bye}
";
    write(
        &flows,
        &[
            ("in.yaml", flow("inboundCall", "Main", "inbound main", decide)),
            ("out.yaml", flow("outboundCall", "MAIN", "outbound main", decide)),
        ],
    );
    let file = suite(dir.path(), "Main (inboundCall)/T/Check", "MAIN (outboundCall)/T/Check");
    let log = dir.path().join("decisions.ndjson");
    let o = flowsim(&["test", file.to_str().unwrap(), "--decision-log", log.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let text = std::fs::read_to_string(&log).unwrap();
    let decisions: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|d| d.get("state").is_some())
        .map(|d| {
            let state = d["state"].as_str().unwrap().to_owned();
            (state, d["flowType"].as_str().unwrap_or("none").to_owned())
        })
        .collect();
    assert_eq!(
        decisions,
        [
            ("Main (inboundCall)/T/Check".to_owned(), "inboundCall".to_owned()),
            ("MAIN (outboundCall)/T/Check".to_owned(), "outboundCall".to_owned()),
        ],
        "{text}"
    );
}
