//! Flow execution data end to end, over loopback: `flowsim serve` runs calls and keeps their
//! execution data; `flowsim record --execution-data` finds, downloads and redacts it;
//! `flowsim replay` runs it against the flows (no divergence), then against an edited flow (the
//! divergence at the action the edit changed).

use crate::support::{recorder, root, Api, ServeProcess};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Output;

fn flowsim(args: &[&str], dir: &Path) -> Output {
    recorder(args, dir)
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// A call of the Acme IVR in open hours with these digits.
fn call(api: &Api, conversation: &str, digits: &[&str]) {
    let (status, body) = api.post(
        "/api/v2/architect/simulations",
        &json!({
            "flowName": "Acme Main IVR",
            "context": {"startTime": "2026-01-06T15:00:00Z", "from": "+15551234567",
                        "conversationId": conversation},
            "inputs": digits,
        }),
    );
    assert_eq!(status, 200, "{body}");
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("flowsim-exec-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn archy_server() -> ServeProcess {
    ServeProcess::start(&["--flows", "fixtures/archy/flows", "--fixtures", "fixtures/archy/data"])
}

#[test]
fn recorded_calls_replay_clean_then_an_edit_diverges_at_the_menu() {
    let server = archy_server();
    let api = Api::new(&server);
    call(&api, "call-balance", &["1", "123456"]);
    call(&api, "call-support", &["2"]);
    call(&api, "call-hangup", &["9"]);

    let dir = temp_dir("roundtrip");
    let cassette = dir.join("calls.json");
    let out = flowsim(
        &[
            "record",
            "--execution-data",
            "--base-url",
            &server.url,
            "--flow",
            "Acme Main IVR",
            "--out",
            cassette.to_str().unwrap(),
        ],
        root(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("3 execution(s) found, 3 document(s) recorded, 0 failed"),
        "{}",
        text(&out)
    );
    let recorded = std::fs::read_to_string(&cassette).unwrap();
    assert!(!recorded.contains("5551234567"), "the caller's number is redacted");
    assert!(
        !recorded.contains("test-secret") && !recorded.contains(&api.token),
        "no secret is written"
    );

    // Against the flows that ran: every call matches. The redacted caller number is mapped
    // back by the replay config, as docs/replay.md shows.
    let flows = root().join("fixtures/archy/flows");
    let data = root().join("fixtures/archy/data");
    let replay = |flows: &Path, extra: &[&str]| {
        let mut args = vec![
            "replay",
            cassette.to_str().unwrap(),
            "--flows",
            flows.to_str().unwrap(),
            "--fixtures",
            data.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        flowsim(&args, root())
    };
    let out = replay(&flows, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("3 matched, 0 diverged"), "{}", text(&out));

    // Today's edit swaps the menu's first two choices: yesterday's "1" now goes to Support.
    let edited = dir.join("flows");
    std::fs::create_dir_all(&edited).unwrap();
    for f in std::fs::read_dir(&flows).unwrap() {
        let f = f.unwrap().path();
        let mut body = std::fs::read_to_string(&f).unwrap();
        if f.file_name().unwrap() == "acme_main_ivr.yaml" {
            body = body
                .replacen("dtmf: digit_1", "dtmf: digit_X", 1)
                .replacen("dtmf: digit_2", "dtmf: digit_1", 1)
                .replacen("dtmf: digit_X", "dtmf: digit_2", 1);
        }
        std::fs::write(edited.join(f.file_name().unwrap()), body).unwrap();
    }
    let out = replay(&edited, &[]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(report.contains("1 matched, 2 diverged"), "{report}");
    assert!(
        report.contains(
            "Acme Main IVR › Main Menu [actionMenu] now leaves by Support after the caller pressed 1 (recorded: Balance)"
        ),
        "{report}"
    );
    assert!(report.contains("divergences by place:"), "{report}");

    // JSON: the same, with the groups.
    let out = replay(&edited, &["--format", "json"]);
    let body: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(body["diverged"], 2);
    assert_eq!(body["divergenceGroups"].as_array().unwrap().len(), 2, "{body:#}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn pii_is_kept_only_when_asked_and_tokens_are_stable() {
    let server = archy_server();
    let api = Api::new(&server);
    call(&api, "call-1", &["2"]);
    let dir = temp_dir("pii");
    let record = |name: &str, extra: &[&str]| {
        let path = dir.join(name);
        let mut args = vec![
            "record",
            "--execution-data",
            "--base-url",
            &server.url,
            "--out",
            path.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let out = flowsim(&args, root());
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        let c: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let doc = c["interactions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["response"]["body"].get("flow").is_some())
            .map(|i| i["response"]["body"].clone())
            .expect("a document");
        doc.pointer("/flow/execution/0/startedFlow/variables/0/value").cloned().unwrap()
    };
    let kept = record("kept.json", &["--keep-pii"]);
    assert_eq!(kept, "tel:+15551234567");
    let a = record("a.json", &[]);
    let b = record("b.json", &[]);
    let other = record("c.json", &["--redaction-key", "another key"]);
    assert_ne!(a, kept);
    assert_eq!(a, b, "the same number is the same token");
    assert_ne!(a, other, "another key, another token");
    assert!(a.as_str().unwrap().starts_with("tel:+1555"), "{a}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_emulator_answers_queries_jobs_configurations_and_observations() {
    let server = ServeProcess::start(&["--flows", "fixtures/flows", "--fixtures", "fixtures/data"]);
    let api = Api::new(&server);
    let (s, _) = api.post(
        "/api/v2/architect/simulations",
        &json!({"flowId": "queue-occupancy-routing", "inputs": ["1"],
                "context": {"conversationId": "conv-7"}}),
    );
    assert_eq!(s, 200);
    let (s, found) = api.post(
        "/api/v2/flows/instances/query?pageSize=10",
        &json!({"query": [{"and": [{"key": "ConversationId", "operator": "eq", "value": "conv-7"}]}]}),
    );
    assert_eq!(s, 200, "{found}");
    assert_eq!(found["total"], 1);
    let id = found["entities"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(found["entities"][0]["flowType"], "inboundcall");

    let (s, nothing) = api.post(
        "/api/v2/flows/instances/query",
        &json!({"query": [{"criteria": {"key": "FlowId", "value": "no such flow"}}]}),
    );
    assert_eq!((s, nothing["total"].clone()), (200, json!(0)));
    let (s, bad) = api.post(
        "/api/v2/flows/instances/query",
        &json!({"query": [{"and": [{"key": "FlowId", "operator": "like", "value": "x"}]}]}),
    );
    assert_eq!(s, 400, "{bad}");
    assert!(bad["message"].as_str().unwrap().contains("eq, neq"), "{bad}");

    let (s, job) = api.post("/api/v2/flows/instances/jobs", &json!({"ids": [id, "nope"]}));
    assert_eq!(s, 202, "{job}");
    assert_eq!(job["jobState"], "Success");
    assert_eq!(job["entities"][1]["failed"], true);
    let (s, again) =
        api.get(&format!("/api/v2/flows/instances/jobs/{}", job["id"].as_str().unwrap()));
    assert_eq!((s, &again), (200, &job));
    let uri = job["entities"][0]["downloadUri"].as_str().unwrap();
    let path = uri.strip_prefix(&server.url).expect("on the emulator's host");
    let (s, doc) = api.get(path);
    assert_eq!(s, 200);
    assert_eq!(doc["flow"]["conversationId"], "conv-7");
    assert!(flowsim::api::execution::parse(&doc).unwrap().actions.len() > 2);

    let (s, config) = api.get("/api/v2/flows/queue-occupancy-routing/latestconfiguration");
    assert_eq!(s, 200);
    assert_eq!(config["id"], "queue-occupancy-routing", "the flow's own file");
    let (s, _) = api.get("/api/v2/flows/queue-occupancy-routing/versions/9.0/configuration");
    assert_eq!(s, 404);

    let (s, obs) = api.post(
        "/api/v2/analytics/queues/observations/query",
        &json!({"filter": {"type": "or", "predicates": [{"dimension": "queueId", "value": "q-support"}]},
                "metrics": ["oWaiting", "oOnQueueUsers", "oInteracting"]}),
    );
    assert_eq!(s, 200, "{obs}");
    let counts: Vec<i64> = obs["results"][0]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["stats"]["count"].as_i64().unwrap())
        .collect();
    assert_eq!(counts, [2, 5, 2], "waiting 2, on queue 5, 3 available: 2 interacting");
    let (s, bad) = api.post(
        "/api/v2/analytics/queues/observations/query",
        &json!({"filter": {"type": "or", "predicates": [{"dimension": "queueId", "value": "q-support"}]},
                "metrics": ["oUserPresences"]}),
    );
    assert_eq!(s, 400);
    assert!(bad["message"].as_str().unwrap().contains("unsupported"), "{bad}");
}

#[test]
fn a_workflow_launched_and_recorded_replays() {
    let server = archy_server();
    let dir = temp_dir("workflow");
    let input = dir.join("input.json");
    std::fs::write(&input, r#"{"Flow.customerNumber": "+15551234567"}"#).unwrap();
    let cassette = dir.join("wf.json");
    let out = flowsim(
        &[
            "record",
            "--workflow",
            "Callback Retry",
            "--input-data",
            input.to_str().unwrap(),
            "--base-url",
            &server.url,
            "--out",
            cassette.to_str().unwrap(),
        ],
        root(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("launched  workflow execution"), "{}", text(&out));
    let out = flowsim(
        &[
            "replay",
            cassette.to_str().unwrap(),
            "--flows",
            "fixtures/archy/flows",
            "--fixtures",
            "fixtures/archy/data",
        ],
        root(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("1 matched, 0 diverged"), "{}", text(&out));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn what_is_not_execution_data_exits_2_naming_the_file_and_place() {
    let dir = temp_dir("bad");
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"flow": {"flowId": "x", "execution": [{"actionDecision": {"trackingId": 3}}]}}"#,
    )
    .unwrap();
    let out =
        flowsim(&["replay", bad.to_str().unwrap(), "--flows", "fixtures/archy/flows"], root());
    let report = text(&out);
    assert_eq!(out.status.code(), Some(2), "{report}");
    assert!(report.contains("bad.json"), "{report}");
    assert!(report.contains("flow.execution[0].actionDecision: has no `actionId`"), "{report}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bundled_recordings_replay_as_the_readme_says() {
    // The emulator's recording matches; the hand-made production one diverges where the
    // README shows.
    let out = flowsim(
        &[
            "replay",
            "fixtures/executions/acme-calls.json",
            "--flows",
            "fixtures/archy/flows",
            "--fixtures",
            "fixtures/archy/data",
        ],
        root(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = flowsim(
        &[
            "replay",
            "fixtures/executions/production.json",
            "--flows",
            "fixtures/archy/flows",
            "--fixtures",
            "fixtures/archy/data",
        ],
        root(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
}

#[test]
fn a_module_you_do_not_have_answers_as_recorded_and_is_said() {
    let out = flowsim(
        &[
            "replay",
            "fixtures/executions/acme-calls.json",
            "--flows",
            "fixtures/archy/flows/acme_main_ivr.yaml",
            "--fixtures",
            "fixtures/archy/data",
        ],
        root(),
    );
    let report = text(&out);
    assert_eq!(out.status.code(), Some(0), "{report}");
    assert!(report.contains("5 matched, 0 diverged"), "{report}");
    assert!(
        report.contains("note: common module `Customer Lookup` (Customer Lookup) is not among your flows: its 2 recorded action(s) were not compared"),
        "{report}"
    );
}

#[test]
fn truncation_large_values_and_error_events_are_said_never_silently_matched() {
    let c: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("fixtures/executions/production.json")).unwrap(),
    )
    .unwrap();
    let mut doc = c[0].clone();
    let list = doc["flow"]["execution"].as_array_mut().unwrap();
    list.truncate(5);
    list.push(json!({"eventError": {"message": "a data action timed out upstream"}}));
    list.push(json!({"actionUpdateData": {"actionId": "x-1", "actionName": "Note", "statements": [{"variableName": "Flow.big", "value": {"valueIsTooLarge": true}}]}}));
    doc["flow"]["isTruncated"] = json!(true);
    let dir = temp_dir("messy");
    let file = dir.join("messy.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let out = flowsim(
        &[
            "replay",
            file.to_str().unwrap(),
            "--flows",
            "fixtures/archy/flows",
            "--fixtures",
            "fixtures/archy/data",
            "--format",
            "json",
        ],
        root(),
    );
    let body: Value = serde_json::from_slice(&out.stdout).unwrap();
    let caveats = body["report"]["interactions"][0]["caveats"].to_string();
    assert!(caveats.contains("truncated"), "{body:#}");
    assert!(caveats.contains("valueIsTooLarge"), "{body:#}");
    assert!(caveats.contains("a data action timed out upstream"), "{body:#}");
    let _ = std::fs::remove_dir_all(&dir);
}
