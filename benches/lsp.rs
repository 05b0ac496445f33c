//! The language server (`flowsim lsp`): diagnostics after an edit of a 5,000-line Archy flow,
//! measured as an editor sees them. The real binary runs as a child process; each iteration
//! sends one `textDocument/didChange` (the whole text, alternately with and without a
//! misspelt variable) and ends when the server has published that text's diagnostics.
//!
//! Run: `cargo bench --bench lsp -- --warm-up-time 1 --measurement-time 5`.

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// Lines the generated flow has at least.
const LINES: usize = 5_000;

/// An Archy flow of about [`LINES`] lines: a task of decisions, each playing audio on `yes`.
fn big_flow() -> String {
    let mut out = String::from(
        "inboundCall:\n  name: Big\n  startUpRef: \"/inboundCall/tasks/task[Main_1]\"\n  defaultLanguage: en-us\n  variables:\n    - stringVariable:\n        name: Flow.choice\n        initialValue:\n          lit: \"1\"\n  tasks:\n    - task:\n        name: Main\n        refId: Main_1\n        actions:\n",
    );
    let mut i = 0;
    while out.lines().count() < LINES {
        let _ = write!(
            out,
            "          - decision:\n              name: Choice {i}\n              condition:\n                exp: Flow.choice == \"{i}\"\n              outputs:\n                \"yes\":\n                  actions:\n                    - playAudio:\n                        name: Say {i}\n                        audio:\n                          tts: You chose {i}.\n"
        );
        i += 1;
    }
    out.push_str("          - disconnect:\n              name: End\n");
    out
}

struct Server {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Server {
    fn send(&mut self, m: &Value) {
        let body = m.to_string();
        write!(self.input, "Content-Length: {}\r\n\r\n{body}", body.len())
            .expect("the server reads");
        self.input.flush().expect("the server reads");
    }

    fn read(&mut self) -> Value {
        let mut len = 0;
        loop {
            let mut line = String::new();
            assert!(
                self.output.read_line(&mut line).expect("the server writes") > 0,
                "the server ended"
            );
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                len = v.parse().expect("a length");
            }
        }
        let mut body = vec![0; len];
        self.output.read_exact(&mut body).expect("a body");
        serde_json::from_slice(&body).expect("JSON")
    }

    /// The number of diagnostics next published.
    fn diagnostics(&mut self) -> usize {
        loop {
            let m = self.read();
            if m["method"] == "textDocument/publishDiagnostics" {
                return m["params"]["diagnostics"].as_array().map_or(0, Vec::len);
            }
        }
    }
}

fn lsp(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let root = std::fs::canonicalize(dir.path()).expect("its path");
    let path = root.join("big.yaml");
    let good = big_flow();
    std::fs::write(&path, &good).expect("the flow is written");
    let bad = good.replacen("exp: Flow.choice == \"7\"", "exp: Flow.choise == \"7\"", 1);
    let mut child = Command::new(env!("CARGO_BIN_EXE_flowsim"))
        .arg("lsp")
        .current_dir(&root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("flowsim lsp starts");
    let input = child.stdin.take().expect("stdin");
    let output = BufReader::new(child.stdout.take().expect("stdout"));
    let mut s = Server { child, input, output };
    let uri = format!("file://{}", path.display());
    s.send(
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
    );
    s.read();
    s.send(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    s.send(&json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": good}}}));
    assert_eq!(s.diagnostics(), 0, "the generated flow checks clean");
    let mut version = 1;
    let mut group = c.benchmark_group("lsp");
    group.sample_size(20);
    group.bench_function("diagnostics_after_edit_5000_lines", |b| {
        b.iter(|| {
            version += 1;
            let text = if version % 2 == 0 { &bad } else { &good };
            s.send(&json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}}));
            let found = s.diagnostics();
            assert_eq!(found, usize::from(version % 2 == 0));
        });
    });
    group.finish();
    s.send(&json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    s.read();
    s.send(&json!({"jsonrpc": "2.0", "method": "exit"}));
    let _ = s.child.wait();
}

criterion_group!(benches, lsp);
criterion_main!(benches);
