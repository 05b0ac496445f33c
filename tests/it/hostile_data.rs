//! Hostile data through the real binaries, over loopback: execution data full of personal data
//! in every common spelling (generated here), recorded with and without redaction.

use crate::support::{recorder, root, ServeProcess};
use flowsim::api::cassette::Cassette;
use flowsim::api::execution::redact;
use serde_json::{json, Value};
use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::process::Output;
use std::time::Duration;

fn record(url: &str, out: &std::path::Path, extra: &[&str]) -> Output {
    let mut args = vec!["record", "--execution-data", "--base-url", url];
    args.extend(["--out", out.to_str().unwrap()]);
    args.extend(extra);
    recorder(&args, root())
}

/// One simulation on its own connection.
fn simulate(addr: &str, body: &Value) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_mins(1))).unwrap();
    let form = b"grant_type=client_credentials&client_id=a&client_secret=b";
    let head = format!(
        "POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        form.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(form).unwrap();
    let mut buf = vec![0u8; 4096];
    let n = s.read(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf[..n]).into_owned();
    let token: Value = serde_json::from_str(text.split_once("\r\n\r\n").unwrap().1).unwrap();
    let body = body.to_string();
    let request = format!(
        "POST /api/v2/architect/simulations HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        token["access_token"].as_str().unwrap(),
        body.len()
    );
    s.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    assert!(raw.starts_with(b"HTTP/1.1 200 "), "{}", String::from_utf8_lossy(&raw));
}

#[test]
fn a_cassette_called_redacted_holds_nothing_a_detector_finds() {
    let server = ServeProcess::start(&[
        "--flows",
        "fixtures/archy/flows",
        "--fixtures",
        "fixtures/archy/data",
    ]);
    // Personal data in the spellings a redactor keyed on whole values missed: formatted
    // national numbers, E.164 with spaces, e-mail addresses and SIP URIs inside text.
    let leaks = [
        "(317) 555-0100",
        "317-555-0143",
        "317.555.0187",
        "+44 20 7946 0958",
        "ann.lee@example.com",
        "sip:ann.lee@pbx.example.com",
    ];
    let memo = format!(
        "call {} or {} or {}; UK {}; mail {}; transfer {}",
        leaks[0], leaks[1], leaks[2], leaks[3], leaks[4], leaks[5]
    );
    simulate(
        server.addr(),
        &json!({
            "flowName": "Acme Main IVR",
            "context": {"startTime": "2026-01-06T15:00:00Z", "from": "+15551234567", "conversationId": "c-pii"},
            "variables": {"Flow.memo": memo, "Flow.customerName": "Ann Lee"},
            "inputs": ["2"],
        }),
    );
    let dir = tempfile::tempdir().unwrap();

    // With --keep-pii, the data is there: the documents do carry it.
    let kept = dir.path().join("kept.json");
    let out = record(&server.url, &kept, &["--keep-pii"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&kept).unwrap();
    for leak in leaks {
        assert!(text.contains(leak), "{leak} reaches the document");
    }
    let raw_findings: Vec<_> = Cassette::load(&kept)
        .unwrap()
        .interactions
        .iter()
        .flat_map(|i| redact::findings(&serde_json::to_value(i).unwrap()))
        .collect();
    // One finding per text (the memo's, the name's), each naming its place.
    let kinds: Vec<redact::Kind> = raw_findings.iter().map(|f| f.1).collect();
    assert!(kinds.contains(&redact::Kind::Name), "{raw_findings:?}");
    assert!(
        raw_findings.iter().all(|(at, _)| at.starts_with("/response/body/flow/")),
        "{raw_findings:?}"
    );

    // Redacted (the default): nothing a detector finds is left, on any side of any
    // interaction. Before, each of these survived while the cassette was reported redacted.
    let redacted = dir.path().join("redacted.json");
    let out = record(&server.url, &redacted, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("personal value(s) redacted"), "{stdout}");
    let text = std::fs::read_to_string(&redacted).unwrap();
    for leak in leaks.iter().chain(&["Ann Lee", "5551234567"]) {
        assert!(!text.contains(leak), "{leak} survived redaction");
    }
    let c = Cassette::load(&redacted).unwrap();
    for (k, i) in c.interactions.iter().enumerate() {
        let found = redact::findings(&serde_json::to_value(i).unwrap());
        assert!(found.is_empty(), "interaction {k}: {found:?}");
    }
    assert!(!std::path::Path::new(&format!("{}.journal", redacted.display())).exists());
}
