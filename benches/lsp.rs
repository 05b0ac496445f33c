//! The language server (`flowsim lsp`): diagnostics after an edit, measured as an editor sees
//! them. The real binary runs as a child process; each iteration sends one
//! `textDocument/didChange` (the whole text, alternately with and without a misspelt variable)
//! and ends when the server has published that text's diagnostics.
//!
//! - `lsp/diagnostics_after_edit_5000_lines`: a 5,000-line Archy flow, alone;
//! - `incremental/*`: one small flow edited in a project of [`SMALL_FLOWS`] small flows and the
//!   5,000-line one (a `flowsim.toml` naming them all), as shipped (`edit_one_flow`: only the
//!   edited flow is read and checked alone again) and with `--full-recheck` (every flow read
//!   and checked again).
//!
//! Run: `cargo bench --bench lsp -- --warm-up-time 1 --measurement-time 5`.

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// Lines the generated flow has at least.
const LINES: usize = 5_000;

/// The small flows beside the large one in the `incremental` project.
const SMALL_FLOWS: usize = 150;

/// A small Archy flow named `Small {i}`: a variable, a decision on it, audio, the end.
fn small_flow(i: usize) -> String {
    format!(
        "inboundCall:\n  name: Small {i}\n  startUpRef: \"/inboundCall/tasks/task[Main_1]\"\n  defaultLanguage: en-us\n  variables:\n    - stringVariable:\n        name: Flow.choice\n        initialValue:\n          lit: \"1\"\n  tasks:\n    - task:\n        name: Main\n        refId: Main_1\n        actions:\n          - decision:\n              name: Choice\n              condition:\n                exp: Flow.choice == \"{i}\"\n              outputs:\n                \"yes\":\n                  actions:\n                    - playAudio:\n                        name: Say\n                        audio:\n                          tts: You chose {i}.\n          - disconnect:\n              name: End\n"
    )
}

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

    /// The number of diagnostics next published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> usize {
        loop {
            let m = self.read();
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
                return m["params"]["diagnostics"].as_array().map_or(0, Vec::len);
            }
        }
    }

    /// `flowsim lsp ARGS` in `root`, initialised, with `path` open as `text`.
    fn start(root: &Path, args: &[&str], path: &Path, text: &str) -> (Server, String) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_flowsim"))
            .arg("lsp")
            .args(args)
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("flowsim lsp starts");
        let input = child.stdin.take().expect("stdin");
        let output = BufReader::new(child.stdout.take().expect("stdout"));
        let mut s = Server { child, input, output };
        let uri = format!("file://{}", path.display());
        s.send(&json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}));
        s.read();
        s.send(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
        s.send(&json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}}));
        assert_eq!(s.diagnostics(&uri), 0, "the generated flow checks clean");
        (s, uri)
    }

    /// Sends `text` as the document's `version`; the number of its diagnostics published.
    fn edit(&mut self, uri: &str, version: i32, text: &str) -> usize {
        self.send(&json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}}));
        self.diagnostics(uri)
    }

    fn stop(mut self) {
        self.send(&json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
        self.read();
        self.send(&json!({"jsonrpc": "2.0", "method": "exit"}));
        let _ = self.child.wait();
    }
}

fn lsp(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let root = std::fs::canonicalize(dir.path()).expect("its path");
    let path = root.join("big.yaml");
    let good = big_flow();
    std::fs::write(&path, &good).expect("the flow is written");
    let bad = good.replacen("exp: Flow.choice == \"7\"", "exp: Flow.choise == \"7\"", 1);
    let (mut s, uri) = Server::start(&root, &[], &path, &good);
    let mut version = 1;
    let mut group = c.benchmark_group("lsp");
    group.sample_size(20);
    group.bench_function("diagnostics_after_edit_5000_lines", |b| {
        b.iter(|| {
            version += 1;
            let text = if version % 2 == 0 { &bad } else { &good };
            assert_eq!(s.edit(&uri, version, text), usize::from(version % 2 == 0));
        });
    });
    group.finish();
    s.stop();
}

fn incremental(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let root = std::fs::canonicalize(dir.path()).expect("its path");
    let flows = root.join("flows");
    std::fs::create_dir(&flows).expect("the flows folder");
    std::fs::write(flows.join("big.yaml"), big_flow()).expect("the large flow is written");
    for i in 0..SMALL_FLOWS {
        std::fs::write(flows.join(format!("small_{i:03}.yaml")), small_flow(i))
            .expect("a small flow is written");
    }
    std::fs::write(root.join("flowsim.toml"), "flows = [\"flows\"]\n").expect("the project");
    let path = flows.join("small_007.yaml");
    let good = small_flow(7);
    let bad = good.replacen("exp: Flow.choice", "exp: Flow.choise", 1);
    let mut group = c.benchmark_group("incremental");
    group.sample_size(20);
    for (name, args) in [("edit_one_flow", &[][..]), ("full_recheck", &["--full-recheck"][..])] {
        let (mut s, uri) = Server::start(&root, args, &path, &good);
        let mut version = 1;
        group.bench_function(name, |b| {
            b.iter(|| {
                version += 1;
                let text = if version % 2 == 0 { &bad } else { &good };
                assert_eq!(s.edit(&uri, version, text), usize::from(version % 2 == 0));
            });
        });
        s.stop();
    }
    group.finish();
}

criterion_group!(benches, lsp, incremental);
criterion_main!(benches);
