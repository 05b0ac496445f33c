//! Decision logs and heatmaps (the orchestration service's call): what a run's decisions are, the
//! bulk NDJSON, posting to a `_bulk` endpoint over loopback, the crosstab and its pictures.

use crate::cli::flowsim;
use crate::support::{fixtures, registry, root};
use flowsim::decisions::{self, bulk, ndjson, Count, Crosstab, Decision};
use flowsim::harness;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The decisions of one run of the seed-002 flow, one line each: step, node, output, dtmf,
/// occupancy, routing.
#[track_caller]
fn seed_002(inputs: &[&str]) -> Vec<Decision> {
    seed_002_inputs(serde_json::json!(inputs))
}

#[track_caller]
fn seed_002_inputs(inputs: serde_json::Value) -> Vec<Decision> {
    let request = crate::support::request(serde_json::json!({
        "flowName": "Queue_Occupancy_Routing",
        "context": {"from": "+15551234567"},
        "inputs": inputs,
    }));
    decisions::run(registry(), fixtures(), &request, "seed-002/1").expect("the request runs").1
}

fn lines(ds: &[Decision]) -> Vec<String> {
    ds.iter()
        .map(|d| {
            format!(
                "{} {} {}={} dtmf={} occupancy={} → {} [{}]",
                d.step,
                d.node,
                d.action,
                d.output,
                d.dtmf.as_deref().unwrap_or("-"),
                d.queue_occupancy.map_or("-".into(), |o| o.to_string()),
                d.routing_decision,
                d.inputs
                    .iter()
                    .map(|i| format!("{}={}", i.name, i.value))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect()
}

#[test]
fn the_seed_002_flow_decides_by_digits_then_by_available_agents() {
    assert_eq!(
        lines(&seed_002(&["9", "2"])),
        [
            "2 MainMenu Gather=success dtmf=9 occupancy=- → queue:Support []",
            "3 ChooseQueue If=default dtmf=9 occupancy=- → queue:Support [MainMenu.digits=9]",
            "5 TooManyAttempts If=default dtmf=9 occupancy=- → queue:Support [Flow.attempts=1]",
            "7 MainMenu Gather=success dtmf=2 occupancy=- → queue:Support []",
            "8 ChooseQueue If=condition[1] dtmf=2 occupancy=- → queue:Support [MainMenu.digits=2]",
            "10 CheckQueue QueueMetrics=success dtmf=2 occupancy=0.6 → queue:Support [Flow.queueName=Support]",
            "11 EnoughAgents If=condition[0] dtmf=2 occupancy=0.6 → queue:Support [CheckQueue.availableAgents=3, Flow.threshold=2]",
        ]
    );
    // A busy queue: the callback data action decides, and the call ends disconnected.
    let busy = seed_002(&["1"]);
    assert_eq!(
        lines(&busy)[3..],
        [
            "6 EnoughAgents If=default dtmf=1 occupancy=0.92 → disconnected [CheckQueue.availableAgents=1, Flow.threshold=2]",
            "7 OfferCallback DataAction=success dtmf=1 occupancy=0.92 → disconnected [Call.Ani=+15551234567, Flow.queueName=Sales]",
        ]
    );
    let d = &busy[2];
    assert_eq!(d.queue.map(|q| (q.available_agents, q.waiting)), Some((1, 7)));
    assert_eq!(
        (d.state.as_str(), d.timestamp.as_str()),
        ("Queue_Occupancy_Routing/CheckQueue", "2026-01-01T09:00:00.000Z")
    );
    // No input: the Gather's error path, no digits.
    assert_eq!(
        lines(&seed_002(&["timeout"])),
        ["2 MainMenu Gather=error dtmf=- occupancy=- → completed []"]
    );
}

#[test]
fn timestamps_follow_the_virtual_clock() {
    // A delayed answer moves the clock: the menu decides 2.5 s after the start.
    let ds = seed_002_inputs(serde_json::json!([{"digits": "2", "delaySeconds": 2.5}]));
    assert_eq!(ds[0].timestamp, "2026-01-01T09:00:02.500Z");
}

#[test]
fn architect_menus_collect_input_and_schedules_are_decisions() {
    let report = Registry::load_paths_for_test();
    let fx = flowsim::fixtures::FixtureStore::load(
        &harness::expand_fixture_paths(&[root().join("fixtures/archy/data")])
            .expect("the fixture folders list"),
    )
    .expect("fixtures load");
    let request = crate::support::request(serde_json::json!({
        "flowName": "Acme Main IVR",
        "context": {"startTime": "2026-01-06T15:00:00Z"},
        "inputs": ["1", "123456"],
    }));
    let (_, ds) = decisions::run(&report, &fx, &request, "acme/1").expect("runs");
    let shown: Vec<String> = ds
        .iter()
        .map(|d| {
            format!(
                "{} {}={} dtmf={}",
                d.state,
                d.action,
                d.output,
                d.dtmf.as_deref().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(
        shown[0],
        "Acme Main IVR/Check Hours/Business hours evaluateScheduleGroup=open dtmf=-"
    );
    assert_eq!(shown[1], "Acme Main IVR/Main Menu/Main Menu menu=Balance dtmf=1");
    assert_eq!(
        shown[2],
        "Acme Main IVR/Account Balance/Ask account number collectInput=success dtmf=123456"
    );
    assert!(ds.iter().all(|d| d.routing_decision == ds[0].routing_decision));
    // Account services (3): a decision on the caller's VIP flag names its condition and what it read.
    let request = crate::support::request(serde_json::json!({
        "flowName": "Acme Main IVR",
        "context": {"startTime": "2026-01-06T15:00:00Z", "from": "+15550001111"},
        "inputs": ["3"],
    }));
    let (r, ds) = decisions::run(&report, &fx, &request, "acme/2").expect("runs");
    let vip = ds.iter().find(|d| d.action == "decision").expect("the VIP decision");
    assert_eq!((vip.output.as_str(), vip.condition.as_deref()), ("no", Some("Flow.isVip")));
    assert_eq!(
        vip.inputs.iter().map(|i| (i.name.as_str(), i.value.as_str())).collect::<Vec<_>>(),
        [("Flow.isVip", "false")]
    );
    assert_eq!(
        (vip.routing_decision.as_str(), r.status.as_str()),
        ("disconnected", "disconnected")
    );
}

trait LoadArchy {
    fn load_paths_for_test() -> flowsim::flow::Registry;
}
use flowsim::flow::Registry;
impl LoadArchy for Registry {
    fn load_paths_for_test() -> Registry {
        let report = Registry::load_dir(&root().join("fixtures/archy/flows"));
        report.registry.expect("the Acme flows load")
    }
}

/// The decisions of the bundled seed-002 suite, as `flowsim test` keeps them.
fn suite_decisions(file: &str) -> Vec<Decision> {
    let opts = harness::Options { decisions: true, ..harness::Options::default() };
    let report =
        harness::run_suite(&[root().join("fixtures/scenarios").join(file)], &opts, &|_| {});
    assert!(report.file_errors.is_empty() && report.failed() == 0, "{report:#?}");
    report.scenarios.into_iter().flat_map(|s| s.decisions).collect()
}

#[test]
fn the_bulk_log_is_action_document_pairs_that_read_back() {
    let ds = suite_decisions("queue-routing.scenarios.yaml");
    let text = ndjson::write_bulk(&ds, "flows-test");
    assert!(text.ends_with("}\n"));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2 * ds.len());
    for pair in lines.chunks(2) {
        let action: serde_json::Value = serde_json::from_str(pair[0]).expect("the action parses");
        assert_eq!(action, serde_json::json!({"index": {"_index": "flows-test"}}));
        let doc: serde_json::Value = serde_json::from_str(pair[1]).expect("the document parses");
        for field in
            ["timestamp", "flowInstanceId", "dtmf", "queue_occupancy", "routing_decision", "state"]
        {
            assert!(doc.get(field).is_some(), "{field} missing in {doc}");
        }
    }
    let back = ndjson::read(std::path::Path::new("log.ndjson"), &text).expect("reads back");
    assert_eq!(back.len(), ds.len());
    assert_eq!(back[0]["flowInstanceId"], "queue-routing/1-support-has-enough-agents");
    // Instance ids follow the suite's stable order.
    let ids: Vec<&str> = ds.iter().map(|d| d.flow_instance_id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort_by_key(|id| {
        id.split('/').nth(1).and_then(|s| s.split('-').next()).and_then(|n| n.parse::<u32>().ok())
    });
    assert_eq!(ids, sorted);
}

#[test]
fn reading_a_log_names_the_bad_line() {
    let e =
        ndjson::read(std::path::Path::new("x.ndjson"), "{\"index\":{}}\n{\"dtmf\":\"1\"}\n{oops\n")
            .expect_err("line 3 is no JSON");
    assert_eq!((e.line, e.file.to_str()), (3, Some("x.ndjson")));
    let e = ndjson::read(std::path::Path::new("x"), "{\"index\":{}}\n").expect_err("no document");
    assert!(e.message.contains("no document"), "{e}");
    let e = ndjson::read(std::path::Path::new("x"), "{\"update\":{}}\n{}\n").expect_err("update");
    assert!(e.message.starts_with("unsupported"), "{e}");
    // A `_search` answer and plain NDJSON read too.
    let hits = r#"{"hits": {"hits": [{"_source": {"dtmf": "1"}}, {"_source": {"dtmf": "2"}}]}}"#;
    assert_eq!(ndjson::read(std::path::Path::new("x"), hits).map(|d| d.len()), Ok(2));
    assert_eq!(
        ndjson::read(std::path::Path::new("x"), "{\"dtmf\":1}\n\n{\"dtmf\":2}").map(|d| d.len()),
        Ok(2)
    );
}

#[test]
fn the_crosstab_counts_runs_or_decisions() {
    let ds = suite_decisions("queue-routing.scenarios.yaml");
    let runs = Crosstab::from_decisions(&ds, "dtmf", "routing_decision", Count::Runs);
    assert_eq!(runs.rows, ["1", "2", "7", "8", "9", "(none)"]);
    assert_eq!(runs.cols, ["completed", "disconnected", "queue:Support"]);
    assert_eq!(
        runs.counts,
        [[0, 4, 0], [0, 0, 2], [1, 0, 0], [1, 0, 0], [1, 0, 1], [1, 0, 0]],
        "four sales calls disconnected; support twice (once after a 9); 7, 8, 9 gave up; one said nothing"
    );
    let all = Crosstab::from_decisions(&ds, "dtmf", "routing_decision", Count::Decisions);
    assert_eq!(all.total(), ds.len() as u64);
    assert_eq!(all.counts[1][2], 8, "two support runs of four decisions");

    // A decision taken before any digits does not put a run that later has digits in `(none)`.
    let docs: Vec<serde_json::Value> = [
        (Some("a"), None, "queue:X"),
        (Some("a"), Some("1"), "queue:X"),
        (Some("b"), None, "completed"),
        (None, Some("1"), "queue:X"),
    ]
    .iter()
    .map(|(id, dtmf, route)| serde_json::json!({"flowInstanceId": id, "dtmf": dtmf, "routing_decision": route}))
    .collect();
    let t = Crosstab::from_documents(&docs, "dtmf", "routing_decision", Count::Runs);
    assert_eq!(
        (t.rows.clone(), t.cols.clone()),
        (
            vec!["1".to_owned(), "(none)".to_owned()],
            vec!["completed".to_owned(), "queue:X".to_owned()]
        )
    );
    assert_eq!(t.counts, [[0, 2], [1, 0]]);
    // Dotted names reach into objects; numbers sort by value.
    let docs: Vec<serde_json::Value> = [10, 9, 10]
        .iter()
        .map(|w| serde_json::json!({"queue": {"waiting": w}, "s": "x"}))
        .collect();
    let t = Crosstab::from_documents(&docs, "queue.waiting", "s", Count::Decisions);
    assert_eq!((t.rows, t.counts), (vec!["9".to_owned(), "10".to_owned()], vec![vec![1], vec![2]]));
}

#[test]
fn the_heatmap_svg_and_png() {
    let ds = suite_decisions("queue-routing.scenarios.yaml");
    let t = Crosstab::from_decisions(&ds, "dtmf", "routing_decision", Count::Runs);
    let svg = decisions::heatmap::heatmap_svg(&t);
    insta::assert_snapshot!("seed_002_heatmap_svg", svg);
    let png = decisions::png::render(&svg).expect("draws");
    assert_eq!(png, decisions::png::render(&svg).expect("draws"), "the same bytes every time");
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).expect("a PNG");
    let (w, h) = svg_size(&svg);
    assert_eq!((pixmap.width(), pixmap.height()), (2 * w, 2 * h));
    // The darkest cell (4 sales calls disconnected) is drawn in the scale's darkest blue, and
    // there is text: some pixels are near black.
    let px = pixmap.pixels();
    assert!(px.iter().any(|p| (p.red(), p.green(), p.blue()) == (0x08, 0x1d, 0x58)));
    assert!(px.iter().any(|p| p.red() < 60 && p.green() < 60 && p.blue() < 60 && p.alpha() == 255));
    // An empty crosstab still draws.
    let empty = Crosstab::from_documents(&[], "dtmf", "routing_decision", Count::Runs);
    assert!(decisions::heatmap::heatmap_svg(&empty).contains("no decisions"));
    assert!(decisions::png::render(&decisions::heatmap::heatmap_svg(&empty)).is_ok());
}

fn svg_size(svg: &str) -> (u32, u32) {
    let attr = |name: &str| -> u32 {
        let at = svg.find(&format!(" {name}=\"")).expect("the attribute") + name.len() + 3;
        svg[at..].split('"').next().and_then(|v| v.parse().ok()).expect("a whole number")
    };
    (attr("width"), attr("height"))
}

/// One request the test endpoint received.
#[derive(Debug, Clone)]
struct Received {
    path: String,
    content_type: String,
    body: String,
}

/// A `_bulk` endpoint on 127.0.0.1 answering each request with `answer(n, documents)` (n from
/// 0): the status and the body. Returns its base URL and what it received.
fn endpoint(
    answer: impl Fn(usize, &[serde_json::Value]) -> (u16, String) + Send + 'static,
) -> (String, Arc<Mutex<Vec<Received>>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(stream) = stream else { return };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            let mut reader = BufReader::new(stream);
            let mut head = Vec::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                head.push(line.trim_end().to_owned());
            }
            let header = |name: &str| {
                head.iter()
                    .find_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case(name)))
                    .map(|(_, v)| v.trim().to_owned())
                    .unwrap_or_default()
            };
            let length: usize = header("content-length").parse().unwrap_or(0);
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let body = String::from_utf8_lossy(&body).into_owned();
            let docs: Vec<serde_json::Value> = body
                .lines()
                .skip(1)
                .step_by(2)
                .map(|l| serde_json::from_str(l).unwrap_or_default())
                .collect();
            let path = head.first().and_then(|l| l.split(' ').nth(1)).unwrap_or("").to_owned();
            log.lock().expect("the log").push(Received {
                path,
                content_type: header("content-type"),
                body,
            });
            let (status, text) = answer(n, &docs);
            let mut stream = reader.into_inner();
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                text.len()
            );
        }
    });
    (url, seen)
}

/// A bulk answer: per document, 201, or 400 with a mapping error for the `reject`-th (from 0),
/// or 429 for the `busy`-th.
fn bulk_answer(docs: usize, reject: Option<usize>, busy: Option<usize>) -> String {
    let items: Vec<serde_json::Value> = (0..docs)
        .map(|i| {
            if Some(i) == reject {
                serde_json::json!({"index": {"status": 400, "error": {"type": "mapper_parsing_exception", "reason": "failed to parse field [queue_occupancy]"}}})
            } else if Some(i) == busy {
                serde_json::json!({"index": {"status": 429, "error": {"type": "es_rejected_execution_exception", "reason": "queue full"}}})
            } else {
                serde_json::json!({"index": {"_index": "genesys_flow_decisions", "status": 201, "result": "created"}})
            }
        })
        .collect();
    serde_json::json!({"took": 3, "errors": reject.is_some() || busy.is_some(), "items": items})
        .to_string()
}

#[test]
fn posting_retries_429_then_reports_what_the_endpoint_rejected() {
    // Batch 1: 429, then 2 of 3 accepted, one answered 429 (sent again, then accepted).
    // Batch 2: one document rejected for good.
    let (url, seen) = endpoint(|n, docs| match n {
        0 => (429, r#"{"error":"too many requests"}"#.into()),
        1 => (200, bulk_answer(docs.len(), None, Some(1))),
        3 => (200, bulk_answer(docs.len(), Some(0), None)),
        _ => (200, bulk_answer(docs.len(), None, None)),
    });
    let ds = seed_002(&["9", "2"]);
    let documents: Vec<String> =
        ds.iter().map(|d| serde_json::to_string(d).expect("json")).collect();
    let options = bulk::BulkOptions {
        batch_size: 4,
        retry: flowsim::http::RetryPolicy {
            base_delay: Duration::from_millis(100),
            ..bulk::BulkOptions::retries(5)
        },
        ..bulk::BulkOptions::default()
    };
    let mut waits = Vec::new();
    let mut retries = Vec::new();
    let report = bulk::post(
        &url,
        "genesys_flow_decisions",
        &documents,
        &options,
        &mut |d| waits.push(d),
        &mut |r| {
            retries.push((r.batch, r.attempt, r.cause.clone()));
        },
    )
    .expect("posted");
    assert_eq!(
        waits,
        [Duration::from_millis(100), Duration::from_millis(200)],
        "exponential backoff"
    );
    assert_eq!(retries[0].0, 1);
    assert!(retries[0].2.starts_with("429"), "{retries:?}");
    assert_eq!(retries[1].2, "1 document(s) answered 429");
    assert_eq!(
        (
            report.documents,
            report.batches,
            report.requests,
            report.retries,
            report.indexed,
            report.rejected
        ),
        (7, 2, 4, 2, 6, 1)
    );
    assert_eq!(report.reasons.len(), 1);
    let r = &report.reasons[0];
    assert_eq!((r.document, r.status, r.kind.as_str()), (5, 400, "mapper_parsing_exception"));
    let seen = seen.lock().expect("the log");
    assert!(seen.iter().all(|r| r.path == "/_bulk" && r.content_type == "application/x-ndjson"));
    let docs_per_request: Vec<usize> = seen.iter().map(|r| r.body.lines().count() / 2).collect();
    assert_eq!(docs_per_request, [4, 4, 1, 3], "batches of 4; only the 429 document again");
    assert!(seen.iter().all(|r| r.body.ends_with('\n')));
    assert_eq!(seen[2].body.lines().nth(1), Some(documents[1].as_str()));
}

#[test]
fn posting_gives_up_after_its_retries() {
    let (url, seen) = endpoint(|_, _| (503, "unavailable".into()));
    let options = bulk::BulkOptions {
        retry: flowsim::http::RetryPolicy {
            base_delay: Duration::from_millis(1),
            ..bulk::BulkOptions::retries(2)
        },
        ..bulk::BulkOptions::default()
    };
    let mut waits = 0;
    let e = bulk::post(&url, "i", &["{}".to_owned()], &options, &mut |_| waits += 1, &mut |_| {})
        .expect_err("never available");
    assert!(matches!(&e, bulk::BulkError::Unreachable { attempts: 3, .. }), "{e}");
    assert_eq!((waits, seen.lock().expect("log").len()), (2, 3));
    let (url, _) = endpoint(|_, _| (404, "no such index".into()));
    let e = bulk::post(
        &format!("{url}/idx/_bulk"),
        "i",
        &["{}".to_owned()],
        &options,
        &mut |_| {},
        &mut |_| {},
    )
    .expect_err("404 is final");
    assert!(matches!(e, bulk::BulkError::Refused { status: 404, .. }), "{e}");
}

#[test]
fn cli_posts_and_exits_1_when_documents_are_rejected() {
    let (url, seen) = endpoint(|n, docs| match n {
        0 => (429, "{}".into()),
        _ => (200, bulk_answer(docs.len(), Some(0), None)),
    });
    let out = flowsim(&[
        "test",
        "fixtures/scenarios/queue-routing.scenarios.yaml",
        "--decision-log-url",
        &url,
        "--decision-batch-size",
        "10",
        "--decision-backoff-ms",
        "1",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.ends_with("8 passed, 0 failed\n"), "{}", out.stdout);
    assert!(
        out.stderr.contains("decision log: batch 1 failed (429 {}); retry 1 of 5 in 1 ms"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("rejected"), "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "document 1: 400 mapper_parsing_exception: failed to parse field [queue_occupancy]"
        ),
        "{}",
        out.stderr
    );
    let n = seen.lock().expect("log").len();
    assert!(n >= 4, "several batches of 10: {n}");
}

#[test]
fn cli_exits_2_when_the_endpoint_is_unreachable() {
    // A port nothing listens on: bound, then closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a port")
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let out = flowsim(&[
        "run",
        "Queue_Occupancy_Routing",
        "--flows",
        "fixtures/flows",
        "--fixtures",
        "fixtures/data",
        "--input",
        "2",
        "--decision-log-url",
        &url,
        "--decision-retries",
        "1",
        "--decision-backoff-ms",
        "1",
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!(
            "error[apiError]: the decision log was not posted: {url}/_bulk is unreachable: 2 attempt(s)"
        )),
        "{}",
        out.stderr
    );
    assert!(out.stdout.contains("RouteToQueue"), "the run itself is printed: {}", out.stdout);
}

#[test]
fn cli_writes_the_same_log_every_time_and_draws_it() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let log = |name: &str| {
        let path = dir.path().join(name);
        let out = flowsim(&[
            "test",
            "fixtures/scenarios",
            "--decision-log",
            path.to_str().expect("utf-8"),
            "--decision-index",
            "ivr-test",
        ]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        std::fs::read(path).expect("written")
    };
    let (a, b) = (log("a.ndjson"), log("b.ndjson"));
    assert!(a == b, "the suite's stable order, whatever the threads did");
    assert!(String::from_utf8_lossy(&a).starts_with("{\"index\":{\"_index\":\"ivr-test\"}}\n"));
    let png = dir.path().join("h.png");
    let out = flowsim(&[
        "heatmap",
        "--decisions",
        dir.path().join("a.ndjson").to_str().expect("utf-8"),
        "-o",
        png.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("heatmap: "), "{}", out.stdout);
    let bytes = std::fs::read(&png).expect("written");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    let svg = dir.path().join("h.svg");
    let out = flowsim(&[
        "heatmap",
        "--from-test",
        "fixtures/scenarios/queue-routing.scenarios.yaml",
        "--row",
        "state",
        "--col",
        "output",
        "--count",
        "decisions",
        "-o",
        svg.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(&svg).expect("written");
    assert!(text.contains("Decision Heatmap (State vs Output)"), "{text}");
}

#[test]
fn cli_refuses_bad_logs_and_fields_with_exit_2() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let bad = dir.path().join("bad.ndjson");
    std::fs::write(&bad, "{\"index\":{}}\n{\"dtmf\":\"1\",\"routing_decision\":\"q\"}\n{\"index\":{}}\n{\"dtmf\": 1,,}\n").expect("written");
    let out = flowsim(&["heatmap", "--decisions", bad.to_str().expect("utf-8"), "-o", "/dev/null"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    // The line is the file's (4), never serde's "line 1" of the one line it parsed; the
    // column serde's.
    assert!(out.stderr.contains(&format!("--> {}:4:12\n", bad.display())), "{}", out.stderr);
    assert!(
        out.stderr.contains("error[badDecisionLog]: not JSON: key must be a string\n"),
        "{}",
        out.stderr
    );
    let good = dir.path().join("good.ndjson");
    std::fs::write(&good, "{\"dtmf\":\"1\",\"routing_decision\":\"q\"}\n").expect("written");
    let out = flowsim(&[
        "heatmap",
        "--decisions",
        good.to_str().expect("utf-8"),
        "--col",
        "route",
        "-o",
        "/dev/null",
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("no decision in") && out.stderr.contains("has a field `route`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("the fields are: dtmf, routing_decision"), "{}", out.stderr);
    let out = flowsim(&[
        "test",
        "fixtures/scenarios/queue-routing.scenarios.yaml",
        "--decision-log",
        "/dev/null",
        "--decision-index",
        "Bad Index",
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("`--decision-index Bad Index`: it has upper-case letters"),
        "{}",
        out.stderr
    );
    let out = flowsim(&["heatmap", "--decisions", "no/such.ndjson", "-o", "/dev/null"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("no/such.ndjson"), "{}", out.stderr);
}
