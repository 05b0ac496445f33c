//! `flowsim lsp`: the real binary driven over its stdio as an editor drives it, one test per
//! request kind, then a real editor (Neovim, headless) doing the same through its own client.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// A client of a `flowsim lsp` process, started in `dir`.
pub(crate) struct Client {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
    next_id: i64,
    /// Notifications read while waiting for something else.
    pub(crate) seen: Vec<Value>,
    /// Dropped with the client; until then a watchdog ends a server that stopped answering,
    /// so that a broken server fails its test (the read ends) instead of hanging it.
    _watchdog: std::sync::mpsc::Sender<()>,
}

/// Kills process `pid` unless `done` hears from its client (or the client is dropped) first.
fn watchdog(pid: u32) -> std::sync::mpsc::Sender<()> {
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
            rx.recv_timeout(std::time::Duration::from_mins(5))
        {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        }
    });
    tx
}

impl Client {
    #[track_caller]
    pub(crate) fn start(dir: &Path) -> Client {
        Client::start_with(dir, &[])
    }

    /// [`Client::start`], `flowsim lsp` given `args`.
    #[track_caller]
    fn start_with(dir: &Path, args: &[&str]) -> Client {
        Client::start_as(dir, args, &json!({}))
    }

    /// [`Client::start`], the server being the `flowsim` at `bin`.
    #[track_caller]
    pub(crate) fn start_bin(bin: &Path, dir: &Path) -> Client {
        Client::start_from(bin, dir, &[], &json!({}))
    }

    /// [`Client::start_with`], the client telling `capabilities`.
    #[track_caller]
    fn start_as(dir: &Path, args: &[&str], capabilities: &Value) -> Client {
        Client::start_from(Path::new(env!("CARGO_BIN_EXE_flowsim")), dir, args, capabilities)
    }

    #[track_caller]
    fn start_from(bin: &Path, dir: &Path, args: &[&str], capabilities: &Value) -> Client {
        let mut child = Command::new(bin)
            .arg("lsp")
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("flowsim lsp starts");
        let input = child.stdin.take().unwrap();
        let output = BufReader::new(child.stdout.take().unwrap());
        let guard = watchdog(child.id());
        let mut c = Client { child, input, output, next_id: 0, seen: Vec::new(), _watchdog: guard };
        let init = c.request("initialize", json!({"capabilities": capabilities}));
        assert!(init["capabilities"]["hoverProvider"] == json!(true), "{init}");
        c.notify("initialized", json!({}));
        c
    }

    fn write_raw(&mut self, bytes: &[u8]) {
        self.input.write_all(bytes).unwrap();
        self.input.flush().unwrap();
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        self.write_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    /// The next message; `None` at the end of the server's output.
    fn read(&mut self) -> Option<Value> {
        let mut len = None;
        loop {
            let mut line = String::new();
            if self.output.read_line(&mut line).ok()? == 0 {
                return None;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                len = v.parse().ok();
            }
        }
        let mut body = vec![0; len?];
        self.output.read_exact(&mut body).ok()?;
        serde_json::from_slice(&body).ok()
    }

    pub(crate) fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The whole response to a request.
    pub(crate) fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self.read().expect("the server answers");
            if m["id"] == json!(id) {
                return m;
            }
            self.seen.push(m);
        }
    }

    #[track_caller]
    pub(crate) fn request(&mut self, method: &str, params: Value) -> Value {
        let r = self.call(method, params);
        assert!(r.get("error").is_none(), "{method}: {r}");
        r["result"].clone()
    }

    /// The diagnostics next published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        if let Some(i) = self.seen.iter().position(|m| is_diagnostics_of(m, uri)) {
            let m = self.seen.remove(i);
            return m["params"]["diagnostics"].as_array().unwrap().clone();
        }
        loop {
            let m = self.read().expect("the server publishes diagnostics");
            if is_diagnostics_of(&m, uri) {
                return m["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }

    fn open(&mut self, path: &Path) -> String {
        let uri = uri(path);
        let text = std::fs::read_to_string(path).unwrap();
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
        );
        uri
    }

    fn change(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": text}]}),
        );
    }

    /// Shuts the server down as an editor does; its exit status.
    pub(crate) fn shutdown(mut self) -> std::process::ExitStatus {
        let r = self.call("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null, "{r}");
        self.notify("exit", Value::Null);
        self.child.wait().unwrap()
    }
}

fn is_diagnostics_of(m: &Value, uri: &str) -> bool {
    m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn codes(diags: &[Value]) -> Vec<&str> {
    diags.iter().map(|d| d["code"].as_str().unwrap_or("")).collect()
}

/// A project: the Acme IVR and its common module under `flows/`, a flowsim.toml naming them.
fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    std::fs::create_dir(root.join("flows")).unwrap();
    for f in ["acme_main_ivr.yaml", "customer_lookup.yaml"] {
        std::fs::copy(Path::new("fixtures/archy/flows").join(f), root.join("flows").join(f))
            .unwrap();
    }
    std::fs::write(root.join("flowsim.toml"), "flows = [\"flows\"]\n").unwrap();
    let flow = root.join("flows/acme_main_ivr.yaml");
    (dir, flow)
}

/// The 0-based line and UTF-16 column of the first `needle` in `text`.
fn place(text: &str, needle: &str) -> (usize, usize) {
    text.lines()
        .enumerate()
        .find_map(|(i, l)| l.find(needle).map(|c| (i, l[..c].encode_utf16().count())))
        .unwrap_or_else(|| panic!("{needle:?} is not in the text"))
}

fn at(uri: &str, (line, character): (usize, usize)) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

fn refs_at(uri: &str, place: (usize, usize)) -> Value {
    let mut params = at(uri, place);
    params["context"] = json!({"includeDeclaration": true});
    params
}

#[test]
fn diagnostics_are_checks_findings_as_the_text_changes_and_honour_the_project() {
    let (dir, flow) = project();
    let mut c = Client::start(dir.path());
    let uri = c.open(&flow);
    // The project names the common module's file too: the call to it resolves.
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());
    let text = std::fs::read_to_string(&flow).unwrap();
    let edited = text.replacen("exp: Flow.isVip", "exp: Flow.cuont", 1);
    c.change(&uri, &edited);
    let diags = c.diagnostics(&uri);
    assert_eq!(codes(&diags), ["undeclaredVariable"], "{diags:?}");
    let (line, col) = place(&edited, "Flow.cuont");
    assert_eq!(diags[0]["range"]["start"], json!({"line": line, "character": col}));
    assert_eq!(diags[0]["range"]["end"], json!({"line": line, "character": col + 10}));
    assert_eq!(diags[0]["severity"], 1);
    // The same finding `flowsim check` prints for the file as edited.
    std::fs::write(&flow, &edited).unwrap();
    let check = Command::new(env!("CARGO_BIN_EXE_flowsim"))
        .args(["check", "--format", "json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(
        report["diagnostics"][0]["message"],
        diags[0]["message"].as_str().unwrap().split('\n').next().unwrap()
    );
    // Fixed again: the file's findings are cleared.
    c.change(&uri, &text);
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());
    // One publication per check: the next one is the next edit's.
    c.change(&uri, &edited);
    assert_eq!(codes(&c.diagnostics(&uri)), ["undeclaredVariable"]);
    assert!(c.shutdown().success());
}

#[test]
fn without_a_project_the_open_flows_are_checked_alone() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let flow = root.join("ivr.yaml");
    std::fs::copy("fixtures/archy/flows/acme_main_ivr.yaml", &flow).unwrap();
    let mut c = Client::start(&root);
    let uri = c.open(&flow);
    // Its common module is not open, nor named by a project: the call cannot resolve.
    assert_eq!(codes(&c.diagnostics(&uri)), ["flowNotInRegistry"]);
    assert!(c.shutdown().success());
}

#[test]
fn hover_tells_an_action_a_function_a_builtin_and_a_variable() {
    let (dir, flow) = project();
    let text = std::fs::read_to_string(&flow).unwrap();
    let mut c = Client::start(dir.path());
    let uri = c.open(&flow);
    let mut hover = |needle: &str, offset: usize| {
        let (l, col) = place(&text, needle);
        let r = c.request("textDocument/hover", at(&uri, (l, col + offset)));
        r["contents"]["value"].as_str().unwrap_or_default().to_owned()
    };
    let action = hover("evaluateScheduleGroup:", 2);
    assert!(
        action.contains("Evaluate Schedule Group")
            && action.contains("`scheduleGroup`")
            && action.contains(
                "(https://help.mypurecloud.com/articles/evaluate-schedule-group-action/)"
            ),
        "{action}"
    );
    let function = hover("Append(", 1);
    assert!(function.contains("Append(") && function.contains("Examples"), "{function}");
    let builtin = hover("Call.Ani", 6);
    assert!(
        builtin.contains("**Call.Ani**") && builtin.contains("This flow (inboundCall) has it"),
        "{builtin}"
    );
    let variable = hover("exp: Flow.isVip", 8);
    assert!(variable.contains("**Flow.isVip**: boolean (declared on line 23)"), "{variable}");
}

#[test]
fn completion_offers_actions_properties_names_in_expressions_and_ref_ids() {
    let (dir, flow) = project();
    let text = std::fs::read_to_string(&flow).unwrap();
    let mut c = Client::start(dir.path());
    let uri = c.open(&flow);
    let labels = |r: Value| -> Vec<String> {
        r.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap().to_owned()).collect()
    };
    // In an expression, after `Flow.`: the flow's variables and the Flow built-ins.
    let (l, col) = place(&text, "exp: Flow.isVip");
    let items = c.request("textDocument/completion", at(&uri, (l, col + 10)));
    let names = labels(items.clone());
    assert!(names.contains(&"Flow.accountNumber".to_owned()), "{names:?}");
    assert!(names.iter().all(|n| n.to_ascii_lowercase().starts_with("flow.")), "{names:?}");
    // Each replaces the `Flow.` typed so far, so no client writes `Flow.Flow.accountNumber`.
    let item = items.as_array().unwrap().iter().find(|i| i["label"] == "Flow.accountNumber");
    let edit = &item.unwrap()["textEdit"];
    assert_eq!(edit["newText"], "Flow.accountNumber", "{edit}");
    assert_eq!(edit["range"]["start"]["character"], col + 5, "{edit}");
    assert_eq!(edit["range"]["end"]["character"], col + 10, "{edit}");
    // At the start of an expression: functions too.
    let (l, col) = place(&text, "exp: Append(");
    let all = labels(c.request("textDocument/completion", at(&uri, (l, col + 5))));
    assert!(
        all.contains(&"Upper".to_owned()) && all.contains(&"Call.Ani".to_owned()),
        "{}",
        all.len()
    );
    // A list item's key: action keys.
    let (l, col) = place(&text, "- disconnect:");
    let keys = labels(c.request("textDocument/completion", at(&uri, (l, col + 2))));
    assert!(keys.contains(&"transferToAcd".to_owned()), "{}", keys.len());
    // After `targetTaskRef:`: the tasks' refIds.
    let (l, col) = place(&text, "targetTaskRef:");
    let refs = c.request("textDocument/completion", at(&uri, (l, col + 17)));
    let ids = labels(refs.clone());
    assert!(
        ids.contains(&"Goodbye_40".to_owned()) && !ids.contains(&"Main Menu_20".to_owned()),
        "{ids:?}"
    );
    assert!(refs.to_string().contains("/inboundCall/tasks/task[Goodbye_40]"), "{refs}");
}

#[test]
fn definition_and_references_follow_ref_ids_variables_and_scenario_nodes() {
    let (dir, flow) = project();
    let text = std::fs::read_to_string(&flow).unwrap();
    let mut c = Client::start(dir.path());
    let uri = c.open(&flow);
    let (l, col) = place(&text, "task[Account Balance_30]");
    let def = c.request("textDocument/definition", at(&uri, (l, col + 8)));
    let (dl, dc) = place(&text, "refId: Account Balance_30");
    assert_eq!(def["range"]["start"], json!({"line": dl, "character": dc + 7}), "{def}");
    let refs = c.request("textDocument/references", refs_at(&uri, (l, col + 8)));
    assert_eq!(refs.as_array().unwrap().len(), 2, "{refs}");
    let (l, col) = place(&text, "exp: Flow.isVip");
    let def = c.request("textDocument/definition", at(&uri, (l, col + 8)));
    assert_eq!(def["range"]["start"]["line"], place(&text, "name: Flow.isVip").0, "{def}");
    let refs = c.request("textDocument/references", refs_at(&uri, (l, col + 8)));
    // Declared, written by the module call's output, read by the decision.
    assert_eq!(refs.as_array().unwrap().len(), 3, "{refs}");
    // A scenario's path entry goes to the flow's action.
    let scenario = dir.path().join("ivr.scenarios.yaml");
    std::fs::write(
        &scenario,
        "flows: flows\nscenarios:\n  - name: hours\n    flow: Acme Main IVR\n    expect:\n      path:\n        - Check Hours/Business hours\n",
    )
    .unwrap();
    let suri = c.open(&std::fs::canonicalize(&scenario).unwrap());
    let def = c.request("textDocument/definition", at(&suri, (6, 12)));
    assert_eq!(def["uri"], json!(uri));
    assert_eq!(def["range"]["start"]["line"], place(&text, "name: Business hours").0, "{def}");
}

/// Navigation reads the loader's tree, not lines: a list written over several lines, quoted
/// names and flow style lead where block style does (issue 73, item 7).
#[test]
fn navigation_follows_the_tree_through_lists_over_lines_and_quotes() {
    let (dir, flow) = project();
    let text = std::fs::read_to_string(&flow).unwrap();
    let mut c = Client::start(dir.path());
    let uri = c.open(&flow);
    let scenario = dir.path().join("ivr.scenarios.yaml");
    let yaml = "flows: flows\nscenarios:\n  - {name: hours, flow: \"Acme Main IVR\",\n     expect: {path: [\"Check Hours/Business hours\",\n       To main menu]}}\n";
    std::fs::write(&scenario, yaml).unwrap();
    let suri = c.open(&std::fs::canonicalize(&scenario).unwrap());
    // The list's second item, on the line after its key.
    let (l, col) = place(yaml, "To main menu");
    assert_eq!(l, 4);
    let def = c.request("textDocument/definition", at(&suri, (l, col + 3)));
    assert_eq!(def["uri"], json!(uri), "{def}");
    assert_eq!(def["range"]["start"]["line"], place(&text, "name: To main menu").0, "{def}");
    let hover = c.request("textDocument/hover", at(&suri, (l, col + 3)));
    let shown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(shown.contains("`To main menu` in Acme Main IVR"), "{hover}");
    // A quoted item, and the quoted flow name in flow style.
    let (l, col) = place(yaml, "Check Hours/Business hours");
    let def = c.request("textDocument/definition", at(&suri, (l, col + 14)));
    assert_eq!(def["range"]["start"]["line"], place(&text, "name: Business hours").0, "{def}");
    let (l, col) = place(yaml, "Acme Main IVR");
    let def = c.request("textDocument/definition", at(&suri, (l, col + 2)));
    assert_eq!(def["range"]["start"]["line"], place(&text, "name: Acme Main IVR").0, "{def}");
    assert!(c.shutdown().success());
}

#[test]
fn document_symbols_outline_tasks_menus_and_their_actions() {
    let (dir, flow) = project();
    let mut c = Client::start(dir.path());
    let uri = c.open(&flow);
    let symbols = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    let top: Vec<&str> =
        symbols.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(top, ["Main Menu", "Check Hours", "Account Balance", "Goodbye"]);
    let hours = &symbols[1]["children"];
    assert_eq!(hours[0]["name"], "Business hours");
    assert_eq!(hours[0]["detail"], "Evaluate Schedule Group");
    assert_eq!(hours[0]["children"][0]["name"], "To main menu");
}

#[test]
fn code_actions_are_the_fixes_check_fix_applies() {
    let (dir, flow) = project();
    let text = std::fs::read_to_string(&flow).unwrap();
    let mut c = Client::start(dir.path());
    let uri = c.open(&flow);
    c.diagnostics(&uri);
    let edited = text.replacen("exp: Flow.isVip", "exp: Flow.isVip = true", 1);
    c.change(&uri, &edited);
    assert_eq!(codes(&c.diagnostics(&uri)), ["syntax"]);
    let (l, col) = place(&edited, "= true");
    let range = json!({"start": {"line": l, "character": 0}, "end": {"line": l, "character": 0}});
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
    );
    let edit = &actions[0]["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "==", "{actions}");
    assert_eq!(edit["range"]["start"], json!({"line": l, "character": col}));
    assert_eq!(edit["range"]["end"], json!({"line": l, "character": col + 1}));
}

#[test]
fn a_malformed_message_is_answered_and_the_server_goes_on() {
    let (dir, _) = project();
    let mut c = Client::start(dir.path());
    c.write_raw(b"Content-Length: 9\r\n\r\n{not json");
    let m = c.read().unwrap();
    assert_eq!(m["error"]["code"], -32700, "{m}");
    assert_eq!(m["id"], Value::Null);
    // An unknown request is an error, not silence; bad parameters too.
    let r = c.call("textDocument/noSuchThing", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    let r = c.call("textDocument/hover", json!({"textDocument": 7}));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    assert!(c.shutdown().success());
}

#[test]
fn the_server_ends_at_the_end_of_its_input_and_refuses_a_huge_message() {
    let (dir, _) = project();
    let c = Client::start(dir.path());
    let Client { mut child, input, .. } = c;
    drop(input);
    assert!(child.wait().unwrap().success());
    // A claimed length past the limit is refused before it is read: exit 2, no allocation.
    let mut c = Client::start(dir.path());
    c.write_raw(b"Content-Length: 99999999999999\r\n\r\n");
    let status = c.child.wait().unwrap();
    assert_eq!(status.code(), Some(2));
}

#[test]
fn a_document_past_its_budget_gets_a_diagnostic_instead_of_a_check() {
    let (dir, flow) = project();
    let mut c = Client::start(dir.path());
    let uri = c.open(&flow);
    c.diagnostics(&uri);
    let huge = "a".repeat(flowsim::util::MAX_INPUT_BYTES as usize + 1);
    c.change(&uri, &huge);
    let diags = c.diagnostics(&uri);
    assert!(diags[0]["message"].as_str().unwrap().contains("past its limit"), "{diags:?}");
}

/// Neovim, headless, with flowsim as its language server (tests/lsp/init.lua): it opens a
/// bundled flow, writes a mistake into it, and asks for diagnostics, hover, completion, a
/// definition and a definition in another file (the module the flow calls) through its own
/// LSP client.
#[test]
#[cfg_attr(flowsim_missing = "nvim", ignore = "needs Neovim on PATH (apt-get install neovim)")]
fn neovim_shows_diagnostics_hover_completion_and_definitions() {
    let nvim = crate::support::require_tool("nvim", &["nvim"]);
    let (dir, flow) = project();
    let out = dir.path().join("nvim.json");
    let status = Command::new(nvim)
        .args(["--headless", "--clean", "-u"])
        .arg(std::fs::canonicalize("tests/lsp/init.lua").unwrap())
        .env("FLOWSIM_BIN", env!("CARGO_BIN_EXE_flowsim"))
        .env("FLOWSIM_FLOW", &flow)
        .env("FLOWSIM_OUT", &out)
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let r: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(r.get("error"), None, "{r}");
    assert_eq!(r["opened"], true, "{r}");
    assert_eq!(r["diagnostics_before"], json!([]), "{r}");
    assert_eq!(r["flagged"], true, "{r}");
    let after = r["diagnostics_after"].as_array().unwrap();
    assert!(
        after.iter().any(|d| d["code"] == "undeclaredVariable" && d["line"] == r["edited_line"]),
        "{r}"
    );
    assert!(
        r["hover_action"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("Evaluate Schedule Group"),
        "{r}"
    );
    assert!(r["hover_function"]["contents"]["value"].as_str().unwrap().contains("Append("), "{r}");
    let labels: Vec<&str> =
        r["completion"].as_array().unwrap().iter().filter_map(|i| i["label"].as_str()).collect();
    assert!(labels.contains(&"Flow.accountNumber"), "{labels:?}");
    let def_line = place(&std::fs::read_to_string(&flow).unwrap(), "refId: Account Balance_30").0;
    assert_eq!(r["definition"]["range"]["start"]["line"], def_line, "{r}");
    // Neovim answers a definition as a list of locations or one location.
    let module = &r["module_definition"];
    let module = if module.is_array() { &module[0] } else { module };
    let module_file = flow.parent().unwrap().join("customer_lookup.yaml");
    assert_eq!(module["uri"], json!(uri(&module_file)), "{r}");
    let name_line =
        place(&std::fs::read_to_string(&module_file).unwrap(), "name: Customer Lookup").0;
    assert_eq!(module["range"]["start"]["line"], name_line, "{r}");
}

/// The project with its data and a scenario file of two scenarios of the Acme IVR: one that
/// passes, one whose expected status is wrong.
fn project_with_scenarios() -> (tempfile::TempDir, PathBuf, String) {
    let (dir, flow) = project();
    let root = flow.parent().unwrap().parent().unwrap().to_path_buf();
    std::fs::create_dir(root.join("data")).unwrap();
    for f in std::fs::read_dir("fixtures/archy/data").unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, root.join("data").join(f.file_name().unwrap())).unwrap();
    }
    let text = "flows: flows\nfixtures: [data]\nscenarios:\n  - name: balance\n    flow: Acme Main IVR\n    context: {startTime: \"2026-01-06T15:00:00Z\", from: \"+15551234567\"}\n    inputs: [\"1\", \"123456\"]\n    expect:\n      status: disconnected\n  - name: balance, expected wrong\n    flow: Acme Main IVR\n    context: {startTime: \"2026-01-06T15:00:00Z\", from: \"+15551234567\"}\n    inputs: [\"1\", \"123456\"]\n    expect:\n      status: transferred\n";
    std::fs::write(root.join("ivr.scenarios.yaml"), text).unwrap();
    (dir, root.join("ivr.scenarios.yaml"), text.to_owned())
}

#[test]
fn a_lens_runs_each_scenario_and_then_tells_how_it_went() {
    let (dir, scenarios, text) = project_with_scenarios();
    let mut c = Client::start(dir.path());
    let uri = c.open(&scenarios);
    // Each scenario's "Run scenario" lens, the server's command.
    let all_lenses = |c: &mut Client| {
        c.request("textDocument/codeLens", json!({"textDocument": {"uri": uri}}))
            .as_array()
            .unwrap()
            .clone()
    };
    let lenses = |c: &mut Client| -> Vec<Value> {
        all_lenses(c)
            .into_iter()
            .filter(|l| l["command"]["command"] == "flowsim.runScenario")
            .collect()
    };
    // Beside each, a "Debug scenario" lens on the same place with the same arguments, whose
    // command is the editor's own (not one the server lists).
    let all = all_lenses(&mut c);
    assert_eq!(all.len(), 4, "{all:?}");
    for pair in all.chunks(2) {
        assert_eq!(pair[1]["command"]["command"], "flowsim.debugScenario", "{pair:?}");
        assert_eq!(pair[1]["command"]["title"], "⚙ Debug scenario");
        assert_eq!(pair[1]["command"]["arguments"], pair[0]["command"]["arguments"]);
        assert_eq!(pair[1]["range"], pair[0]["range"]);
    }
    let before = lenses(&mut c);
    assert_eq!(before.len(), 2, "{before:?}");
    let (l, col) = place(&text, "balance, expected wrong");
    assert_eq!(before[1]["range"]["start"], json!({"line": l, "character": col}));
    let command = &before[1]["command"];
    assert_eq!(command["title"], "▶ Run scenario");
    assert_eq!(command["command"], "flowsim.runScenario");
    assert_eq!(command["arguments"], json!([uri, "balance, expected wrong"]));
    // The client sends the lens's command back: the server runs that one scenario.
    let ran = c.request(
        "workspace/executeCommand",
        json!({"command": "flowsim.runScenario", "arguments": command["arguments"]}),
    );
    assert_eq!(ran["passed"], false, "{ran}");
    assert!(ran["mismatch"].as_str().unwrap().contains("transferred"), "{ran}");
    let ran = c.request(
        "workspace/executeCommand",
        json!({"command": "flowsim.runScenario", "arguments": before[0]["command"]["arguments"]}),
    );
    assert_eq!(ran, json!({"passed": true}));
    let messages: Vec<&str> = c
        .seen
        .iter()
        .filter(|m| m["method"] == "window/showMessage")
        .filter_map(|m| m["params"]["message"].as_str())
        .collect();
    assert!(messages.iter().any(|m| m.ends_with("› balance: passed")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("expected wrong: failed")), "{messages:?}");
    // The lenses now say how each went, until the file changes.
    let after = lenses(&mut c);
    assert_eq!(after[0]["command"]["title"], "✓ passed");
    let failed = after[1]["command"]["title"].as_str().unwrap();
    assert!(failed.starts_with("✗ failed: ") && failed.contains("transferred"), "{failed}");
    c.change(&uri, &text.replace("name: balance\n", "name: the balance\n"));
    let edited = lenses(&mut c);
    assert_eq!(edited[0]["command"]["arguments"][1], "the balance");
    assert!(edited.iter().all(|l| l["command"]["title"] == "▶ Run scenario"), "{edited:?}");
    // The debug lens's command is the editor's: the server has none of that name.
    let r = c.call(
        "workspace/executeCommand",
        json!({"command": "flowsim.debugScenario", "arguments": before[0]["command"]["arguments"]}),
    );
    assert!(r["error"]["message"].as_str().unwrap().contains("no command"), "{r}");
    // A name no scenario has, and arguments that are not a file and a name: errors.
    let r = c.request(
        "workspace/executeCommand",
        json!({"command": "flowsim.runScenario", "arguments": [uri, "no such"]}),
    );
    assert!(r["error"].as_str().unwrap().contains("no scenario named `no such`"), "{r}");
    let r = c.call(
        "workspace/executeCommand",
        json!({"command": "flowsim.runScenario", "arguments": [7]}),
    );
    assert_eq!(r["error"]["code"], -32602, "{r}");
    assert!(c.shutdown().success());
}

#[test]
fn a_scenario_file_is_linted_as_typed_and_its_names_lead_to_the_flows_on_disk() {
    let (dir, scenarios, text) = project_with_scenarios();
    let root = scenarios.parent().unwrap().to_path_buf();
    let mut c = Client::start(dir.path());
    // Only the scenario file is open: the flows are found on disk, through the project.
    let uri = c.open(&scenarios);
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());
    // Unsaved text is what `test --lint` reads: a flow no file has is flagged, then cleared.
    let wrong = text.replacen("flow: Acme Main IVR", "flow: Acme Mian IVR", 1);
    c.change(&uri, &wrong);
    let diags = c.diagnostics(&uri);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(diags[0]["message"].as_str().unwrap().contains("Acme Mian IVR"), "{diags:?}");
    assert_eq!(diags[0]["code"], "scenarioUnknownFlow", "{diags:?}");
    // At the scenario's `flow:` value, not the file's first line.
    let (l, col) = place(&wrong, "Acme Mian IVR");
    assert_eq!(diags[0]["range"]["start"], json!({"line": l, "character": col}), "{diags:?}");
    let with_path = text.replacen(
        "      status: disconnected\n",
        "      status: disconnected\n      path: [initialGreeting, Check Hours/Business hours]\n",
        1,
    );
    c.change(&uri, &with_path);
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());
    // The scenario's flow: the flow file's `name:`.
    let flow = root.join("flows/acme_main_ivr.yaml");
    let flow_text = std::fs::read_to_string(&flow).unwrap();
    let (l, col) = place(&with_path, "Acme Main IVR");
    let def = c.request("textDocument/definition", at(&uri, (l, col + 3)));
    assert_eq!(def["uri"], json!(uri_of(&flow)), "{def}");
    let (nl, nc) = place(&flow_text, "name: Acme Main IVR");
    assert_eq!(def["range"]["start"], json!({"line": nl, "character": nc + 6}), "{def}");
    // A node of its path: that action, and hover tells the action.
    let (l, col) = place(&with_path, "Business hours");
    let def = c.request("textDocument/definition", at(&uri, (l, col + 2)));
    assert_eq!(def["uri"], json!(uri_of(&flow)), "{def}");
    assert_eq!(def["range"]["start"]["line"], place(&flow_text, "name: Business hours").0);
    let hover = c.request("textDocument/hover", at(&uri, (l, col + 2)));
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(
        shown.contains("`Business hours` in Acme Main IVR")
            && shown.contains("Evaluate Schedule Group"),
        "{shown}"
    );
    // From the flow, the common module it calls: the module's file.
    let flow_uri = c.open(&flow);
    let (l, col) = place(&flow_text, "Customer Lookup:");
    let def = c.request("textDocument/definition", at(&flow_uri, (l, col + 2)));
    let module = root.join("flows/customer_lookup.yaml");
    let module_text = std::fs::read_to_string(&module).unwrap();
    assert_eq!(def["uri"], json!(uri_of(&module)), "{def}");
    assert_eq!(def["range"]["start"]["line"], place(&module_text, "name: Customer Lookup").0);
    // References to the module's name: its own `name:` and the call, across files.
    let refs = c.request("textDocument/references", refs_at(&flow_uri, (l, col + 2)));
    let mut found: Vec<(String, u64)> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (r["uri"].as_str().unwrap().to_owned(), r["range"]["start"]["line"].as_u64().unwrap())
        })
        .collect();
    found.sort();
    let mut expected = vec![
        (uri_of(&flow), l as u64),
        (uri_of(&module), place(&module_text, "name: Customer Lookup").0 as u64),
    ];
    expected.sort();
    assert_eq!(found, expected, "{refs}");
    assert!(c.shutdown().success());
}

fn uri_of(path: &Path) -> String {
    uri(path)
}

#[test]
fn completion_offers_the_fixtures_names_and_a_scenarios_flows_nodes_and_variables() {
    let (dir, scenarios, text) = project_with_scenarios();
    let root = scenarios.parent().unwrap().to_path_buf();
    std::fs::write(root.join("flowsim.toml"), "flows = [\"flows\"]\nfixtures = [\"data\"]\n")
        .unwrap();
    std::fs::write(root.join("data/prompts.yaml"), "prompts:\n  - {id: p1, name: Welcome}\n")
        .unwrap();
    let flow = root.join("flows/acme_main_ivr.yaml");
    let flow_text = std::fs::read_to_string(&flow).unwrap();
    let mut c = Client::start(dir.path());
    let uri = c.open(&flow);
    let complete = |c: &mut Client, uri: &str, (l, col): (usize, usize)| -> Vec<(String, String)> {
        let items = c.request("textDocument/completion", at(uri, (l, col)));
        items
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["label"].as_str().unwrap().to_owned(),
                    i["textEdit"]["newText"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect()
    };
    let labels = |items: &[(String, String)]| items.iter().map(|i| i.0.clone()).collect::<Vec<_>>();
    // A queue's name under `targetQueue: lit:`: the fixtures' queues.
    let (q, qc) = place(&flow_text, "targetQueue:");
    let (l, col) = (q + 2, qc + 4);
    assert_eq!(flow_text.lines().nth(l).unwrap().trim(), "name: Support");
    assert_eq!(labels(&complete(&mut c, &uri, (l, col + 6))), ["Support", "VIP"]);
    assert_eq!(labels(&complete(&mut c, &uri, (l, col + 8))), ["Support"]);
    // A data action's and a data table's name, written as the key they are.
    let (l, col) = place(&flow_text, "Get Account Balance:");
    let actions = complete(&mut c, &uri, (l, col + 3));
    assert!(
        actions.contains(&("Get Account Balance".into(), "Get Account Balance:".into())),
        "{actions:?}"
    );
    assert!(labels(&actions).contains(&"Get Available Agents".to_owned()), "{actions:?}");
    let (l, col) = place(&flow_text, "Branch Offices:");
    assert_eq!(labels(&complete(&mut c, &uri, (l, col + 3))), ["Branch Offices"]);
    // `Prompt.` in an expression: the fixtures' prompts.
    let edited = flow_text.replacen("exp: Flow.isVip", "exp: Prompt.", 1);
    c.change(&uri, &edited);
    let (l, col) = place(&edited, "exp: Prompt.");
    let prompts = labels(&complete(&mut c, &uri, (l, col + 12)));
    assert!(prompts.contains(&"Prompt.Welcome".to_owned()), "{prompts:?}");
    c.change(&uri, &flow_text);
    // Elsewhere in a value: no org names (the expression completion's own).
    let (l, col) = place(&flow_text, "exp: Flow.isVip");
    assert!(!labels(&complete(&mut c, &uri, (l, col + 5))).contains(&"Support".to_owned()));
    // In the scenario file: flows at `flow:`, its flow's nodes in `path`, its variables.
    let with_path = text.replacen(
        "      status: disconnected\n",
        "      status: disconnected\n      path: [initialGreeting, Check Hours/Business hours]\n    variables:\n      Flow.is: true\n",
        1,
    );
    std::fs::write(&scenarios, &with_path).unwrap();
    let suri = c.open(&scenarios);
    let (l, col) = place(&with_path, "Acme Main IVR");
    let flows = labels(&complete(&mut c, &suri, (l, col)));
    assert!(
        flows.contains(&"Acme Main IVR".to_owned())
            && flows.contains(&"Customer Lookup".to_owned()),
        "{flows:?}"
    );
    let (l, col) = place(&with_path, "Check Hours/");
    let nodes = labels(&complete(&mut c, &suri, (l, col + 2)));
    assert!(
        nodes.contains(&"Check Hours".to_owned()) && !nodes.contains(&"Main Menu".to_owned()),
        "{nodes:?}"
    );
    let (l, col) = place(&with_path, "Flow.is: true");
    let vars = complete(&mut c, &suri, (l, col + 7));
    assert!(vars.contains(&("Flow.isVip".into(), "Flow.isVip:".into())), "{vars:?}");
    assert!(c.shutdown().success());
}

#[test]
fn a_data_action_the_fixtures_lack_gets_a_fix_that_adds_its_mock_to_the_fixture_file() {
    let (dir, scenarios, _) = project_with_scenarios();
    let root = scenarios.parent().unwrap().to_path_buf();
    std::fs::write(root.join("flowsim.toml"), "flows = [\"flows\"]\nfixtures = [\"data\"]\n")
        .unwrap();
    // The queues the bundled scenarios give only some scenarios, so that the flow opens clean.
    std::fs::write(
        root.join("data/queues.yaml"),
        "queues:\n  - {id: q-accounts, name: Account Services}\n  - {id: q-emergency, name: Emergency}\n",
    )
    .unwrap();
    let flow = root.join("flows/acme_main_ivr.yaml");
    let text = std::fs::read_to_string(&flow).unwrap();
    let mut c = Client::start(dir.path());
    let uri = c.open(&flow);
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());
    let edited = text.replacen("Get Account Balance:", "Get Acount Balance:", 1);
    c.change(&uri, &edited);
    let diags = c.diagnostics(&uri);
    assert_eq!(codes(&diags), ["unmockedDataAction"], "{diags:?}");
    let whole =
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 10_000, "character": 0}});
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": whole, "context": {"diagnostics": []}}),
    );
    let fixtures = root.join("data/acme.yaml");
    let fixture_text = std::fs::read_to_string(&fixtures).unwrap();
    let action = &actions[0];
    assert_eq!(
        action["title"], "flowsim: add a mock of data action `Get Acount Balance` to acme.yaml",
        "{actions}"
    );
    let edit = &action["edit"]["changes"][uri_of(&fixtures)][0];
    let below = place(&fixture_text, "dataActions:").0 + 1;
    assert_eq!(edit["range"]["start"], json!({"line": below, "character": 0}), "{edit}");
    assert_eq!(edit["newText"], "  Get Acount Balance:\n    - outputs: {}\n", "{edit}");
    // Applied, the fixtures mock it: the warning is gone.
    let mut lines: Vec<&str> = fixture_text.lines().collect();
    lines.insert(below, "  Get Acount Balance:\n    - outputs: {}");
    std::fs::write(&fixtures, lines.join("\n") + "\n").unwrap();
    c.notify("textDocument/didSave", json!({"textDocument": {"uri": uri}}));
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());
    assert!(c.shutdown().success());
}

#[test]
fn a_queue_the_fixtures_lack_gets_a_fix_that_adds_it_to_the_fixture_file() {
    let (dir, scenarios, text) = project_with_scenarios();
    let root = scenarios.parent().unwrap().to_path_buf();
    std::fs::write(root.join("flowsim.toml"), "flows = [\"flows\"]\nfixtures = [\"data\"]\n")
        .unwrap();
    let mut c = Client::start(dir.path());
    let uri = c.open(&scenarios);
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());
    // The scenario expects a route to a queue no fixture file has.
    let edited = text.replacen(
        "      status: disconnected\n",
        "      status: disconnected\n      route:\n        queueName: Billing Desk\n",
        1,
    );
    c.change(&uri, &edited);
    let diags = c.diagnostics(&uri);
    assert_eq!(codes(&diags), ["scenarioUnknownQueue"], "{diags:?}");
    let line = place(&edited, "queueName: Billing Desk").0;
    let range =
        json!({"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}});
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
    );
    let fixtures = root.join("data/acme.yaml");
    let fixture_text = std::fs::read_to_string(&fixtures).unwrap();
    let action = &actions[0];
    assert_eq!(action["title"], "flowsim: add queue `Billing Desk` to acme.yaml", "{actions}");
    let edit = &action["edit"]["changes"][uri_of(&fixtures)][0];
    let below = place(&fixture_text, "queues:").0 + 1;
    assert_eq!(edit["range"]["start"], json!({"line": below, "character": 0}), "{edit}");
    assert_eq!(edit["newText"], "  - {id: Billing Desk, name: Billing Desk}\n", "{edit}");
    // Applied, the fixtures have the queue: the finding is gone.
    let mut lines: Vec<&str> = fixture_text.lines().collect();
    lines.insert(below, "  - {id: Billing Desk, name: Billing Desk}");
    std::fs::write(&fixtures, lines.join("\n") + "\n").unwrap();
    c.notify("textDocument/didSave", json!({"textDocument": {"uri": uri}}));
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());
    assert!(c.shutdown().success());
}

/// A step of an editing session: what it does, the notification, and codes a file (by its
/// index) then shows.
type Step<'a> = (&'a str, Value, &'a [(usize, &'a str)]);

/// The diagnostics last published for each file, from the notifications `c` has read.
fn published(c: &mut Client, latest: &mut std::collections::BTreeMap<String, Value>) {
    for m in c.seen.drain(..) {
        if m["method"] == "textDocument/publishDiagnostics" {
            latest.insert(
                m["params"]["uri"].as_str().unwrap().to_owned(),
                m["params"]["diagnostics"].clone(),
            );
        }
    }
}

#[test]
fn an_edit_checks_again_what_it_touches_and_every_file_shows_what_a_full_check_finds() {
    let (dir, scenarios, scenario_text) = project_with_scenarios();
    let root = scenarios.parent().unwrap().to_path_buf();
    let ivr = root.join("flows/acme_main_ivr.yaml");
    let module = root.join("flows/customer_lookup.yaml");
    let front = root.join("flows/front.yaml");
    let transfer =
        "          - transferToFlow: {name: Go, targetFlow: {lit: {name: Acme Main IVR}}}\n";
    let front_text = crate::documented_names::flow("inboundCall", "Front", "hello", transfer);
    std::fs::write(&front, &front_text).unwrap();
    // More flows the edits do not touch, each with a warning (an action after the end): their
    // findings are reused, and must stay published.
    let after_end = "          - disconnect: {name: Bye}\n          - playAudio: {name: Never, audio: {tts: never}}\n";
    for i in 0..6 {
        let other =
            crate::documented_names::flow("inboundCall", &format!("Other {i}"), "hi", after_end);
        std::fs::write(root.join(format!("flows/other_{i}.yaml")), other).unwrap();
    }
    let ivr_text = std::fs::read_to_string(&ivr).unwrap();
    let module_text = std::fs::read_to_string(&module).unwrap();
    // The server as shipped, and one that reads and checks every flow again at every edit: a
    // full check of the same unsaved texts.
    let mut servers =
        [Client::start(dir.path()), Client::start_with(dir.path(), &["--full-recheck"])];
    let mut latest = [std::collections::BTreeMap::new(), std::collections::BTreeMap::new()];
    let uris = [uri(&ivr), uri(&module), uri(&front), uri(&scenarios)];
    let change = |path: &Path, text: &str| json!({"method": "textDocument/didChange", "params": {"textDocument": {"uri": uri(path), "version": 2}, "contentChanges": [{"text": text}]}});
    let steps: Vec<Step<'_>> = vec![
        ("the files opened", Value::Null, &[]),
        (
            "a typo that keeps the IVR from reading",
            change(&ivr, &ivr_text.replacen("  tasks:", "  tasks: [", 1)),
            &[(0, "yamlSyntax")],
        ),
        ("the typo fixed", change(&ivr, &ivr_text), &[]),
        (
            "a variable renamed where it is declared and written, not where it is read",
            change(
                &ivr,
                &ivr_text.replacen("name: Flow.isVip", "name: Flow.isPremium", 1).replacen(
                    "var: Flow.isVip",
                    "var: Flow.isPremium",
                    1,
                ),
            ),
            &[(0, "undeclaredVariable")],
        ),
        (
            "the common module renamed: the IVR's call names no flow",
            change(
                &module,
                &module_text.replacen("name: Customer Lookup", "name: Customer Lookups", 1),
            ),
            &[(0, "flowNotInRegistry")],
        ),
        (
            "the IVR renamed: the front flow's transfer names no flow",
            change(&ivr, &ivr_text.replacen("name: Acme Main IVR", "name: Acme Main", 1)),
            &[(2, "flowNotInRegistry")],
        ),
        (
            "a scenario naming a flow no file has",
            change(
                &scenarios,
                &scenario_text.replacen("flow: Acme Main IVR", "flow: Acme Mian IVR", 1),
            ),
            &[(3, "scenarioUnknownFlow")],
        ),
        (
            "the module closed: its file on disk is read again",
            json!({"method": "textDocument/didClose", "params": {"textDocument": {"uri": uri(&module)}}}),
            &[],
        ),
        ("the IVR as saved", change(&ivr, &ivr_text), &[]),
    ];
    for (what, message, expected) in steps {
        for (c, latest) in servers.iter_mut().zip(&mut latest) {
            if message.is_null() {
                for p in [&ivr, &module, &front, &scenarios] {
                    c.open(p);
                }
            } else {
                c.notify(message["method"].as_str().unwrap(), message["params"].clone());
            }
            // A request is answered after every edit before it is checked and published.
            c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uris[0]}}));
            published(c, latest);
        }
        let [incremental, full] = &latest;
        assert_eq!(incremental, full, "{what}");
        for (i, code) in expected {
            let shown = incremental.get(&uris[*i]).cloned().unwrap_or_default();
            let shown = shown.as_array().cloned().unwrap_or_default();
            assert!(codes(&shown).contains(code), "{what}: {} shows {shown:?}", uris[*i]);
        }
    }
    // The flows no edit touched keep their findings: published once, the same as a full check's.
    let other = uri(&root.join("flows/other_0.yaml"));
    assert!(!latest[0][&other].as_array().unwrap().is_empty(), "{:?}", latest[0]);
    for c in servers {
        assert!(c.shutdown().success());
    }
}

#[test]
fn lookups_across_files_keep_the_project_read_until_a_file_changes_on_disk() {
    let (dir, scenarios, _) = project_with_scenarios();
    let root = scenarios.parent().unwrap().to_path_buf();
    let flow = root.join("flows/acme_main_ivr.yaml");
    let module = root.join("flows/customer_lookup.yaml");
    let module_text = std::fs::read_to_string(&module).unwrap();
    let watching = json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    let mut c = Client::start_as(dir.path(), &[], &watching);
    let uri = c.open(&flow);
    let flow_text = std::fs::read_to_string(&flow).unwrap();
    let call = place(&flow_text, "Customer Lookup:");
    let definition_line = |c: &mut Client| {
        let def = c.request("textDocument/definition", at(&uri, (call.0, call.1 + 2)));
        assert_eq!(def["uri"], json!(uri_of(&module)), "{def}");
        def["range"]["start"]["line"].as_u64().unwrap()
    };
    let name_line = place(&module_text, "name: Customer Lookup").0 as u64;
    assert_eq!(definition_line(&mut c), name_line);
    // The server asks to hear of files changed on disk, since the client can tell it.
    let registered = c.seen.iter().find(|m| m["method"] == "client/registerCapability");
    let registered = registered.expect("the server registers a file watcher");
    let watch = &registered["params"]["registrations"][0];
    assert_eq!(watch["method"], "workspace/didChangeWatchedFiles", "{registered}");
    // The module's file changes on disk: three lines before its name.
    let moved = format!("# one\n# two\n# three\n{module_text}");
    std::fs::write(&module, &moved).unwrap();
    // Until a notification says so, lookups answer from the project as read: no request reads
    // every flow file again.
    assert_eq!(definition_line(&mut c), name_line);
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&module), "type": 2}]}),
    );
    assert_eq!(definition_line(&mut c), name_line + 3);
    // A flow file created on disk is found once the watcher tells of it.
    let other = root.join("flows/front.yaml");
    let transfer =
        "          - transferToFlow:\n              name: Go\n              targetFlow:\n                lit:\n                  name: Acme Main IVR\n";
    std::fs::write(&other, crate::documented_names::flow("inboundCall", "Front", "hi", transfer))
        .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&other), "type": 1}]}),
    );
    let (l, col) = place(&flow_text, "name: Acme Main IVR");
    let refs = c.request("textDocument/references", refs_at(&uri, (l, col + 7)));
    let files: Vec<&str> =
        refs.as_array().unwrap().iter().filter_map(|r| r["uri"].as_str()).collect();
    assert!(files.contains(&uri_of(&other).as_str()), "{refs}");
    assert!(c.shutdown().success());
}

#[test]
fn a_flow_outside_the_project_is_checked_alone_as_check_file_checks_it() {
    let (dir, _) = project();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    std::fs::create_dir(root.join("elsewhere")).unwrap();
    let outside = root.join("elsewhere/ivr.yaml");
    let text = std::fs::read_to_string("fixtures/archy/flows/acme_main_ivr.yaml").unwrap();
    std::fs::write(&outside, &text).unwrap();
    let mut c = Client::start(&root);
    let uri = c.open(&outside);
    // As `flowsim check elsewhere/ivr.yaml` says: its common module is not beside it.
    let o = Command::new(env!("CARGO_BIN_EXE_flowsim"))
        .args(["check", "--format", "json", "elsewhere/ivr.yaml"])
        .current_dir(&root)
        .output()
        .unwrap();
    let cli: Value = serde_json::from_slice(&o.stdout).unwrap();
    let want: Vec<&str> = cli["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(want, ["flowNotInRegistry"]);
    assert_eq!(codes(&c.diagnostics(&uri)), want);
    // A text that stops reading as a flow is still that flow: its error replaces the old ones.
    c.change(&uri, "inboundCall:\n  name: [\n");
    let diags = c.diagnostics(&uri);
    assert_eq!(codes(&diags), ["yamlSyntax"], "{diags:?}");
    assert!(c.shutdown().success());
}

#[test]
fn the_project_file_is_read_again_when_it_changes_unsaved_or_on_disk() {
    let (dir, flow) = project();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let text = std::fs::read_to_string(&flow).unwrap();
    std::fs::write(&flow, text.replacen("exp: Flow.isVip", "exp: Flow.cuont", 1)).unwrap();
    let mut c = Client::start(&root);
    let uri = c.open(&flow);
    assert_eq!(codes(&c.diagnostics(&uri)), ["undeclaredVariable"]);
    // Typed in the open project file, not saved: the level applies at once.
    let toml = root.join("flowsim.toml");
    let toml_uri = c.open(&toml);
    // Opening it reads it again and checks the flows again: that publish comes first, and is
    // read before the edit, so which text a publish was of is not a race.
    assert_eq!(codes(&c.diagnostics(&uri)), ["undeclaredVariable"]);
    c.change(&toml_uri, "flows = [\"flows\"]\n[lint]\nundeclaredVariable = \"warning\"\n");
    let diags = c.diagnostics(&uri);
    // A warning now; as `check` says, the flows still do not load.
    assert_eq!(codes(&diags), ["undeclaredVariable", "notLoaded"]);
    assert_eq!(diags[0]["severity"], 2, "a warning now: {diags:?}");
    // A mistake in it is shown in it, at its place, and nothing else is checked meanwhile.
    c.change(&toml_uri, "flows = [\"flows\"]\n[lint]\nundeclaredVariabl = \"warning\"\n");
    let mistakes = c.diagnostics(&toml_uri);
    assert_eq!(codes(&mistakes), ["projectFile"]);
    assert_eq!(mistakes[0]["range"]["start"]["line"], 2, "{mistakes:?}");
    // As every command refuses to run then, the flow's findings are cleared.
    assert_eq!(codes(&c.diagnostics(&uri)), Vec::<&str>::new());
    // Closed unsaved, the file on disk is the project again; changed on disk, it is read again.
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": toml_uri}}));
    // Read before the file changes on disk, so which text the close saw is not a race.
    assert_eq!(codes(&c.diagnostics(&uri)), ["undeclaredVariable"], "the file on disk again");
    std::fs::write(&toml, "flows = [\"flows\"]\n[lint]\nundeclaredVariable = \"ignore\"\n")
        .unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": toml_uri, "type": 2}]}));
    let diags = c.diagnostics(&uri);
    assert_eq!(codes(&diags), ["notLoaded"], "ignored now: {diags:?}");
    assert!(c.shutdown().success());
}

#[test]
fn a_framing_error_in_the_first_message_is_named_as_such() {
    let (dir, _) = project();
    let mut child = Command::new(env!("CARGO_BIN_EXE_flowsim"))
        .arg("lsp")
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"Content-Lenght: 10\r\n\r\n{}").unwrap();
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("a message header is not `Content-Length: N`"), "{err}");
    assert!(!err.contains("disconnected channel"), "{err}");
}

#[test]
fn a_project_named_by_the_project_option_is_the_server_s_from_an_unrelated_folder() {
    let (dir, flow) = project();
    let elsewhere = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(elsewhere.path()).unwrap();
    // Found from the server's folder: no project, the call to the module cannot resolve.
    let mut c = Client::start(&root);
    let uri = c.open(&flow);
    assert_eq!(codes(&c.diagnostics(&uri)), ["flowNotInRegistry"]);
    assert!(c.shutdown().success());
    let named = dir.path().join("flowsim.toml");
    let mut c = Client::start_with(&root, &["--project", named.to_str().unwrap()]);
    let uri = c.open(&flow);
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());
    assert!(c.shutdown().success());
}

/// Findings published for a file the editor has not opened go out under its own path; when the
/// editor then opens it by another URI (the project reached through a link), they are cleared
/// under the first, so the Problems list does not show them twice.
#[cfg(unix)]
#[test]
fn a_file_opened_by_a_link_clears_what_was_published_under_its_own_path() {
    let (dir, flow) = project();
    let root = flow.parent().unwrap().parent().unwrap().to_path_buf();
    let broken = root.join("flows/broken.yaml");
    let text = crate::documented_names::flow(
        "inboundCall",
        "Broken",
        "hello",
        "          - decision: {name: Check, condition: {exp: 'Flow.nope =='}}\n",
    );
    std::fs::write(&broken, &text).unwrap();
    let link = dir.path().join("linked");
    std::os::unix::fs::symlink(&root, &link).unwrap();
    let mut c = Client::start(&link);
    c.open(&link.join("flows/acme_main_ivr.yaml"));
    let own = uri(&broken);
    assert!(!c.diagnostics(&own).is_empty(), "the broken flow's findings, under its own path");
    let by_link = c.open(&link.join("flows/broken.yaml"));
    assert_eq!(c.diagnostics(&own), Vec::<Value>::new(), "cleared under its own path");
    assert!(!c.diagnostics(&by_link).is_empty(), "shown under the URI the editor opened");
    assert!(c.shutdown().success());
}
