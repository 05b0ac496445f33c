//! `flowsim dap`: the real binary driven over its stdio as an editor's DAP client drives it:
//! a bundled Archy flow's scenario launched, breakpoints on lines of its YAML, stepping into a
//! reusable task and out, step back by re-running, evaluation, sets, conditional, hit-count
//! and log-point breakpoints, the run to its end; garbage answered, bad framing refused.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

const SCENARIOS: &str = "fixtures/scenarios/acme-ivr.scenarios.yaml";
const KNOWN_ACCOUNT: &str = "open hours, balance of a known account";
const FLOW_FILE: &str = "fixtures/archy/flows/acme_main_ivr.yaml";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn flow_file() -> PathBuf {
    std::fs::canonicalize(root().join(FLOW_FILE)).expect("the bundled flow")
}

/// The 1-based line of the action whose `name:` is `name` (the line of its key, above it).
fn action_line(name: &str) -> u64 {
    let text = std::fs::read_to_string(flow_file()).expect("readable");
    let at = text
        .lines()
        .position(|l| l.trim() == format!("name: {name}"))
        .unwrap_or_else(|| panic!("no action `{name}` in the flow"));
    at as u64 // the key's line: one above the name's (0-based `at` is its 1-based line - 1)
}

/// A client of a `flowsim dap` process.
struct Client {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
    seq: i64,
    /// Events read while waiting for a response, in order.
    events: Vec<Value>,
    _watchdog: std::sync::mpsc::Sender<()>,
}

/// Kills process `pid` unless the client is dropped first: a server that stopped answering
/// fails its test (the read ends) instead of hanging it.
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
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_flowsim"))
            .arg("dap")
            .current_dir(root())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("flowsim dap starts");
        let input = child.stdin.take().expect("stdin");
        let output = BufReader::new(child.stdout.take().expect("stdout"));
        let pid = child.id();
        Client { child, input, output, seq: 0, events: Vec::new(), _watchdog: watchdog(pid) }
    }

    fn write_raw(&mut self, bytes: &[u8]) {
        self.input.write_all(bytes).expect("the server reads");
        self.input.flush().expect("flushed");
    }

    fn send_body(&mut self, body: &[u8]) {
        let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        framed.extend_from_slice(body);
        self.write_raw(&framed);
    }

    fn read(&mut self) -> Value {
        let mut length = None;
        loop {
            let mut line = String::new();
            let n = self.output.read_line(&mut line).expect("readable");
            assert!(n > 0, "the server ended its output; events so far: {:#?}", self.events);
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length:") {
                length = Some(v.trim().parse::<usize>().expect("a length"));
            }
        }
        let mut body = vec![0; length.expect("Content-Length")];
        self.output.read_exact(&mut body).expect("the body");
        serde_json::from_slice(&body).expect("JSON")
    }

    /// Sends `command` and reads up to its response (events on the way are kept).
    fn request(&mut self, command: &str, arguments: Value) -> Value {
        self.seq += 1;
        let seq = self.seq;
        let body =
            json!({"seq": seq, "type": "request", "command": command, "arguments": arguments});
        self.send_body(body.to_string().as_bytes());
        self.response_to(seq)
    }

    fn response_to(&mut self, seq: i64) -> Value {
        loop {
            let m = self.read();
            if m["type"] == "response" && m["request_seq"] == seq {
                return m;
            }
            assert_eq!(m["type"], "event", "{m}");
            self.events.push(m);
        }
    }

    /// A successful response's body.
    #[track_caller]
    fn ok(&mut self, command: &str, arguments: Value) -> Value {
        let r = self.request(command, arguments);
        assert_eq!(r["success"], true, "{command}: {r}");
        r["body"].clone()
    }

    /// The next event named `name` (the ones before it kept, it taken out).
    fn event(&mut self, name: &str) -> Value {
        if let Some(i) = self.events.iter().position(|e| e["event"] == name) {
            return self.events.remove(i);
        }
        loop {
            let m = self.read();
            assert_eq!(m["type"], "event", "{m}");
            if m["event"] == name {
                return m;
            }
            self.events.push(m);
        }
    }

    /// The output events' texts read so far (taken out).
    fn outputs(&mut self) -> Vec<String> {
        let (out, rest) = std::mem::take(&mut self.events)
            .into_iter()
            .partition::<Vec<_>, _>(|e| e["event"] == "output");
        self.events = rest;
        out.iter().map(|e| e["body"]["output"].as_str().unwrap_or("").to_owned()).collect()
    }

    /// `initialize` and `launch` with `args`; the `initialized` event.
    fn launch(&mut self, args: Value) {
        let caps = self.ok("initialize", json!({"adapterID": "flowsim", "linesStartAt1": true}));
        assert_eq!(caps["supportsStepBack"], true, "{caps}");
        self.ok("launch", args);
        self.event("initialized");
    }

    fn scenario(&mut self, name: &str) {
        self.launch(json!({"scenarioFile": SCENARIOS, "scenario": name}));
    }

    fn breakpoints(&mut self, lines: Value) -> Value {
        self.ok("setBreakpoints", json!({"source": {"path": flow_file()}, "breakpoints": lines}))
            ["breakpoints"]
            .clone()
    }

    fn stack(&mut self) -> Vec<Value> {
        self.ok("stackTrace", json!({"threadId": 1}))["stackFrames"]
            .as_array()
            .expect("frames")
            .clone()
    }

    #[track_caller]
    fn eval(&mut self, expression: &str) -> String {
        let body = self.ok("evaluate", json!({"expression": expression, "frameId": 1}));
        body["result"].as_str().expect("a result").to_owned()
    }

    /// The variables of scope `name` of the top frame, `name = value`.
    fn scope(&mut self, name: &str) -> Vec<String> {
        let scopes = self.ok("scopes", json!({"frameId": 1}))["scopes"].clone();
        let scope = scopes
            .as_array()
            .expect("scopes")
            .iter()
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("no scope {name}: {scopes}"))
            .clone();
        let vars = self.ok("variables", json!({"variablesReference": scope["variablesReference"]}));
        vars["variables"]
            .as_array()
            .expect("variables")
            .iter()
            .map(|v| format!("{} = {}", v["name"].as_str().unwrap(), v["value"].as_str().unwrap()))
            .collect()
    }

    /// Ends the session and the process: its exit code and standard error.
    fn finish(mut self) -> (i32, String) {
        self.ok("disconnect", json!({}));
        drop(self.input);
        let status = self.child.wait().expect("exits");
        let mut err = String::new();
        self.child.stderr.take().expect("stderr").read_to_string(&mut err).expect("stderr");
        (status.code().unwrap_or(-1), err)
    }
}

fn top_line(frames: &[Value]) -> u64 {
    frames[0]["line"].as_u64().expect("a line")
}

#[test]
fn a_breakpoint_on_the_data_actions_line_stops_there_and_the_run_steps_back_and_on_to_its_end() {
    let get_balance = action_line("Get balance");
    let mut c = Client::start();
    c.scenario(KNOWN_ACCOUNT);
    // A line inside the action's text (its data action's inputs) binds to the action.
    let set = c.breakpoints(json!([{"line": get_balance + 12}, {"line": 1}]));
    assert_eq!(set[0]["verified"], true, "{set}");
    assert_eq!(set[0]["line"], get_balance, "{set}");
    assert_eq!(set[1]["verified"], false, "no action starts above line 1: {set}");
    c.ok("configurationDone", json!({}));

    let stopped = c.event("stopped");
    assert_eq!(stopped["body"]["reason"], "breakpoint", "{stopped}");
    assert_eq!(stopped["body"]["hitBreakpointIds"], json!([set[0]["id"]]), "{stopped}");
    let says = c.outputs().join("");
    assert!(says.contains("Please enter your six digit account number."), "{says}");
    let frames = c.stack();
    assert_eq!(top_line(&frames), get_balance, "{frames:?}");
    assert_eq!(frames[0]["source"]["path"], flow_file().display().to_string(), "{frames:?}");
    assert!(frames[0]["name"].as_str().unwrap().contains("Get balance [callData]"), "{frames:?}");
    assert_eq!(c.ok("threads", json!({}))["threads"].as_array().unwrap().len(), 1);

    let flow = c.scope("Flow");
    assert!(flow.contains(&"Flow.accountNumber = \"123456\"".to_owned()), "{flow:?}");
    assert!(c.scope("Task").contains(&"Task.balance = NOT_SET".to_owned()));
    let builtins = c.scope("Built-ins");
    assert!(builtins.contains(&"Call.Ani = \"+15551234567\"".to_owned()), "{builtins:?}");

    assert_eq!(c.eval("Flow.accountNumber + \"!\""), "\"123456!\"");
    // A collection expands.
    let list = c.ok("evaluate", json!({"expression": "MakeList(\"a\", \"b\")", "frameId": 1}));
    assert_eq!(list["indexedVariables"], 2, "{list}");
    let items = c.ok("variables", json!({"variablesReference": list["variablesReference"]}));
    let items: Vec<String> = items["variables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| format!("{} = {}", v["name"].as_str().unwrap(), v["value"].as_str().unwrap()))
        .collect();
    assert_eq!(items, ["[1] = \"a\"", "[2] = \"b\""]);
    let bad = c.request("evaluate", json!({"expression": "Flow.accountNumber +", "frameId": 1}));
    assert_eq!(bad["success"], false, "{bad}");
    let message = bad["message"].as_str().unwrap();
    assert!(message.starts_with("error[syntax]:") && message.contains('^'), "{message}");

    // Over the data action: its output written.
    c.ok("next", json!({"threadId": 1}));
    assert_eq!(c.event("stopped")["body"]["reason"], "step");
    assert_eq!(c.eval("Task.balance"), "1250.5");
    assert_eq!(top_line(&c.stack()), action_line("Say balance"));

    // Back before it, by re-running: the balance not yet read.
    c.ok("stepBack", json!({"threadId": 1}));
    assert_eq!(c.event("stopped")["body"]["reason"], "breakpoint");
    assert_eq!(top_line(&c.stack()), get_balance);
    assert_eq!(c.eval("Task.balance"), "NOT_SET");

    // On to the end.
    c.ok("continue", json!({"threadId": 1}));
    assert_eq!(c.event("exited")["body"]["exitCode"], 0);
    c.event("terminated");
    let said = c.outputs().join("");
    assert!(said.contains("says \"Thank you for banking with Acme. Goodbye.\""), "{said}");
    assert!(said.contains("the run ended: disconnected after 14 step(s)"), "{said}");
    let (code, err) = c.finish();
    assert_eq!((code, err.as_str()), (0, ""));
}

#[test]
fn step_into_a_reusable_task_and_out_of_it_and_reverse_continue() {
    let mut c = Client::start();
    c.scenario(KNOWN_ACCOUNT);
    // A function breakpoint by the action's name.
    let set = c.ok("setFunctionBreakpoints", json!({"breakpoints": [{"name": "Say goodbye"}]}));
    assert_eq!(set["breakpoints"][0]["verified"], true, "{set}");
    assert_eq!(set["breakpoints"][0]["line"], action_line("Say goodbye"), "{set}");
    c.ok("configurationDone", json!({}));
    assert_eq!(c.event("stopped")["body"]["reason"], "breakpoint");
    assert_eq!(c.stack().len(), 1);

    c.ok("stepIn", json!({"threadId": 1}));
    c.event("stopped");
    let frames = c.stack();
    assert_eq!(frames.len(), 2, "the task's frame over its call's: {frames:?}");
    assert_eq!(top_line(&frames), action_line("Thanks"), "{frames:?}");
    assert!(frames[0]["name"].as_str().unwrap().contains("Goodbye › Thanks"), "{frames:?}");
    assert_eq!(frames[1]["line"], action_line("Say goodbye"), "{frames:?}");

    c.ok("stepOut", json!({"threadId": 1}));
    c.event("stopped");
    let frames = c.stack();
    assert_eq!(frames.len(), 1, "{frames:?}");
    assert_eq!(top_line(&frames), action_line("Done"), "{frames:?}");

    // Back to the breakpoint the run last passed.
    c.ok("reverseContinue", json!({"threadId": 1}));
    assert_eq!(c.event("stopped")["body"]["reason"], "breakpoint");
    assert_eq!(top_line(&c.stack()), action_line("Say goodbye"));

    // A restart runs from the start to the first breakpoint again.
    c.ok("restart", json!({}));
    assert_eq!(c.event("stopped")["body"]["reason"], "breakpoint");
    assert_eq!(top_line(&c.stack()), action_line("Say goodbye"));
    c.finish();
}

#[test]
fn conditions_hit_counts_and_log_points_decide_where_the_run_stops() {
    let get_balance = action_line("Get balance");
    // A condition that does not hold: the run goes to its end.
    let mut c = Client::start();
    c.scenario(KNOWN_ACCOUNT);
    let set = c.breakpoints(
        json!([{"line": get_balance, "condition": "Flow.accountNumber == \"999999\""}]),
    );
    assert_eq!(set[0]["verified"], true, "{set}");
    c.ok("configurationDone", json!({}));
    c.event("terminated");
    assert!(!c.events.iter().any(|e| e["event"] == "stopped"), "{:?}", c.events);
    c.finish();

    // One that holds stops; a log point says its message with the values filled in.
    let mut c = Client::start();
    c.scenario(KNOWN_ACCOUNT);
    c.breakpoints(json!([
        {"line": action_line("Ask account number"), "logMessage": "asking; menu said {Flow.accountNumber}"},
        {"line": get_balance, "condition": "Flow.accountNumber == \"123456\""},
    ]));
    c.ok("configurationDone", json!({}));
    assert_eq!(c.event("stopped")["body"]["reason"], "breakpoint");
    assert_eq!(top_line(&c.stack()), get_balance);
    let said = c.outputs().join("");
    assert!(said.contains("asking; menu said NOT_SET"), "{said}");
    // A condition that does not parse is not set, and says why.
    let set = c.breakpoints(json!([{"line": get_balance, "condition": "Flow.x =="}]));
    assert_eq!(set[0]["verified"], false, "{set}");
    assert!(set[0]["message"].as_str().unwrap().contains("error[syntax]"), "{set}");
    c.finish();

    // A hit count: the main menu's second visit (after too few digits), not its first.
    let mut c = Client::start();
    c.scenario("too few digits go back to the main menu, which disconnects after its repeats");
    // The menu's name is a line of its text.
    let menu = action_line("Main Menu") + 1;
    let set = c.breakpoints(json!([{"line": menu, "hitCondition": "2"}]));
    assert_eq!(set[0]["verified"], true, "{set}");
    c.ok("configurationDone", json!({}));
    assert_eq!(c.event("stopped")["body"]["reason"], "breakpoint");
    let frames = c.stack();
    assert_eq!(frames[0]["line"], set[0]["line"], "{frames:?}");
    assert!(frames[0]["name"].as_str().unwrap().ends_with("Main Menu › Main Menu [menu]"));
    let said = c.outputs().join("");
    assert_eq!(said.matches("For your balance press 1").count(), 1, "{said}");
    // Its inputs used up, the menu waits for one the launch did not give.
    c.ok("continue", json!({"threadId": 1}));
    let stopped = c.event("stopped");
    assert_eq!(stopped["body"]["reason"], "pause", "{stopped}");
    assert!(c.outputs().join("").contains("waits for an input"));
    // The caller's side, typed in the debug console: a bad input refused, then 9 (hang up).
    let bad = c.request("evaluate", json!({"expression": "input slot:x", "context": "repl"}));
    assert_eq!(bad["success"], false, "{bad}");
    assert!(bad["message"].as_str().unwrap().contains("is not slot:NAME=VALUE"), "{bad}");
    let given = c.ok("evaluate", json!({"expression": "input 9", "context": "repl"}));
    assert_eq!(given["result"], "input 9 given (input 3 of the run)", "{given}");
    c.event("terminated");
    assert!(c.outputs().join("").contains("the run ended: disconnected"));
    c.finish();
}

#[test]
fn set_variable_changes_the_paused_run_and_a_flow_launch_stops_on_entry() {
    let mut c = Client::start();
    c.launch(json!({
        "flow": "Acme Main IVR",
        "flows": "fixtures/archy/flows",
        "fixtures": ["fixtures/archy/data"],
        "context": {"startTime": "2026-01-06T15:00:00Z"},
        "inputs": ["1", "123456"],
        "stopOnEntry": true,
    }));
    c.ok("configurationDone", json!({}));
    assert_eq!(c.event("stopped")["body"]["reason"], "entry");
    let frames = c.stack();
    assert!(
        frames[0]["name"].as_str().unwrap().contains("Initial Greeting [playAudio]"),
        "{frames:?}"
    );

    // A function breakpoint by type.
    let set = c.ok("setFunctionBreakpoints", json!({"breakpoints": [{"name": "callData"}]}));
    assert_eq!(set["breakpoints"][0]["verified"], true, "{set}");
    c.ok("continue", json!({"threadId": 1}));
    c.event("stopped");
    c.ok("next", json!({"threadId": 1}));
    c.event("stopped");
    let scopes = c.ok("scopes", json!({"frameId": 1}))["scopes"].clone();
    let task = scopes.as_array().unwrap().iter().find(|s| s["name"] == "Task").unwrap().clone();
    let set = c.ok(
        "setVariable",
        json!({"variablesReference": task["variablesReference"], "name": "Task.balance", "value": "5"}),
    );
    assert_eq!(set["value"], "5", "{set}");
    assert_eq!(c.eval("Task.balance * 2"), "10");
    let refused = c.request(
        "setVariable",
        json!({"variablesReference": task["variablesReference"], "name": "Task.balanse", "value": "5"}),
    );
    assert_eq!(refused["success"], false, "{refused}");
    assert!(
        refused["message"].as_str().unwrap().contains("did you mean `task.balance`"),
        "{refused}"
    );
    c.ok("continue", json!({"threadId": 1}));
    c.event("terminated");
    assert!(c.outputs().join("").contains("says \"Your balance is 5 dollars.\""));
    c.finish();
}

#[test]
fn a_launch_that_names_no_scenario_it_has_is_refused_with_the_nearest() {
    let mut c = Client::start();
    c.ok("initialize", json!({}));
    let r = c.request(
        "launch",
        json!({"scenarioFile": SCENARIOS, "scenario": "open hours, balance of a known acount"}),
    );
    assert_eq!(r["success"], false, "{r}");
    assert!(
        r["message"].as_str().unwrap().contains(&format!("did you mean `{KNOWN_ACCOUNT}`")),
        "{r}"
    );
    let r = c.request("launch", json!({}));
    assert!(
        r["message"].as_str().unwrap().contains("`scenarioFile` and `scenario`, or `flow`"),
        "{r}"
    );
    let r = c.request("stackTrace", json!({}));
    assert!(r["message"].as_str().unwrap().contains("before `launch`"), "{r}");
    c.finish();
}

#[test]
fn garbage_gets_error_responses_and_a_stream_not_framed_as_dap_ends_with_code_2() {
    let mut c = Client::start();
    c.send_body(b"{not json");
    let r = c.read();
    assert_eq!(
        (r["type"].as_str(), r["success"].as_bool()),
        (Some("response"), Some(false)),
        "{r}"
    );
    assert!(r["message"].as_str().unwrap().contains("not JSON"), "{r}");
    c.send_body(br#"{"type": "request", "command": 3}"#);
    let r = c.read();
    assert!(r["message"].as_str().unwrap().contains("not a DAP request"), "{r}");
    c.send_body("[\"\u{202e}\", null]".as_bytes());
    assert_eq!(c.read()["success"], false);
    // The session goes on.
    c.ok("initialize", json!({}));
    c.write_raw(b"hello there\r\n\r\n");
    drop(c.input);
    let status = c.child.wait().expect("exits");
    let mut err = String::new();
    c.child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(err.contains("not framed as DAP") && err.contains("Content-Length"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_message_past_the_bound_is_refused_unread() {
    let mut c = Client::start();
    c.write_raw(format!("Content-Length: {}\r\n\r\n", 1u64 << 40).as_bytes());
    drop(c.input);
    let status = c.child.wait().expect("exits");
    let mut err = String::new();
    c.child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(err.contains("more than the"), "{err}");
}

#[test]
fn a_run_that_fails_stops_at_its_error_before_it_ends() {
    let mut c = Client::start();
    c.launch(json!({
        "scenarioFile": "fixtures/scenarios/no-queues.scenarios.yaml",
        "scenario": "VIP and support queues missing, the lookup flow fails",
    }));
    c.ok("configurationDone", json!({}));
    let stopped = c.event("stopped");
    assert_eq!(stopped["body"]["reason"], "exception", "{stopped}");
    assert!(stopped["body"]["text"].as_str().unwrap().contains("queueNotFound"), "{stopped}");
    let frames = c.stack();
    assert!(frames[0]["name"].as_str().unwrap().contains("RouteSupport"), "{frames:?}");
    let path = PathBuf::from(frames[0]["source"]["path"].as_str().unwrap());
    assert_eq!(path.extension().and_then(|e| e.to_str()), Some("json"), "{frames:?}");
    // The step before the error, by re-running; then on to the error, and past it the end.
    c.ok("stepBack", json!({"threadId": 1}));
    c.event("stopped");
    assert!(c.stack()[0]["name"].as_str().unwrap().contains("RouteSupport"));
    c.ok("continue", json!({"threadId": 1}));
    assert_eq!(c.event("stopped")["body"]["reason"], "exception");
    c.ok("continue", json!({"threadId": 1}));
    assert_eq!(c.event("exited")["body"]["exitCode"], 1);
    c.event("terminated");
    c.finish();
}

/// A launch in a project (`cwd`, not the server's directory) that names only a flow runs it
/// with the project's flows and fixtures; a scenario of the project's runs as `test` runs it.
#[test]
fn a_launch_in_a_project_takes_its_flows_and_fixtures() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let made = Command::new(env!("CARGO_BIN_EXE_flowsim"))
        .arg("init")
        .arg(dir.path())
        .output()
        .expect("init runs");
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let project = std::fs::canonicalize(dir.path()).unwrap();

    let mut c = Client::start();
    c.launch(json!({"cwd": project, "flow": "Main Menu", "inputs": ["1"], "stopOnEntry": true}));
    c.ok("configurationDone", json!({}));
    assert_eq!(c.event("stopped")["body"]["reason"], "entry");
    let frames = c.stack();
    let path = frames[0]["source"]["path"].as_str().unwrap().to_owned();
    assert!(path.starts_with(&project.display().to_string()), "{path}");
    c.ok("continue", json!({"threadId": 1}));
    c.event("terminated");
    c.finish();

    let mut c = Client::start();
    c.launch(json!({
        "cwd": project,
        "scenarioFile": "tests/main_menu.scenarios.yaml",
        "scenario": "caller presses 1 and reaches sales",
    }));
    c.ok("configurationDone", json!({}));
    c.event("terminated");
    assert!(c.outputs().join("").contains("the run ended: transferred"));
    c.finish();
}

/// A called flow is a frame of its own, in its own file, over its caller's calling node.
#[test]
fn step_into_a_called_flow_and_out_of_it() {
    let mut c = Client::start();
    c.launch(json!({
        "scenarioFile": "fixtures/scenarios/no-queues.scenarios.yaml",
        "scenario": "support queue missing, flow A says goodbye",
        "stopOnEntry": true,
    }));
    c.ok("configurationDone", json!({}));
    assert_eq!(c.event("stopped")["body"]["reason"], "entry");
    c.ok("stepIn", json!({"threadId": 1}));
    c.event("stopped");
    let frames = c.stack();
    assert_eq!(frames.len(), 2, "{frames:?}");
    assert!(
        frames[0]["name"].as_str().unwrap().starts_with("Shared_Module_Language_Select › SayHello"),
        "{frames:?}"
    );
    assert!(frames[1]["name"].as_str().unwrap().contains("CallShared"), "{frames:?}");
    assert_ne!(frames[0]["source"]["path"], frames[1]["source"]["path"], "{frames:?}");
    assert!(frames.iter().all(|f| f["line"].as_u64().unwrap() > 0), "{frames:?}");
    c.ok("stepOut", json!({"threadId": 1}));
    c.event("stopped");
    let frames = c.stack();
    assert_eq!(frames.len(), 1, "{frames:?}");
    assert!(frames[0]["name"].as_str().unwrap().contains("CheckResult"), "{frames:?}");
    assert_eq!(c.eval("{shared_module_result} == '1'"), "true");
    c.finish();
}

/// A flow launch's `startNode` is the run's, as `flowsim run`'s `--start-node`.
#[test]
fn a_flow_launch_starts_at_its_start_node() {
    let mut c = Client::start();
    c.launch(json!({
        "flow": "Acme Main IVR",
        "flows": "fixtures/archy/flows",
        "fixtures": "fixtures/archy/data",
        "context": {"startTime": "2026-01-06T15:00:00Z"},
        "startNode": "Account Balance/Say balance",
        "stopOnEntry": true,
    }));
    c.ok("configurationDone", json!({}));
    c.event("stopped");
    assert_eq!(top_line(&c.stack()), action_line("Say balance"));
    c.ok("next", json!({"threadId": 1}));
    c.event("stopped");
    assert_eq!(top_line(&c.stack()), action_line("Find branch"));
    c.finish();
    // A start node the flow lacks is refused at launch, as `run` refuses it.
    let mut c = Client::start();
    c.ok("initialize", json!({}));
    let r = c.request(
        "launch",
        json!({"flow": "Acme Main IVR", "flows": "fixtures/archy/flows", "startNode": "Nowhere"}),
    );
    assert_eq!(r["success"], false, "{r}");
    assert!(r["message"].as_str().unwrap().contains("Nowhere"), "{r}");
    c.finish();
}

/// The VS Code extension's debugger contributes the launch attributes the server reads, no
/// more and no fewer: each attribute of `editors/vscode/package.json`'s `configurationAttributes`
/// is read by `launch` (given a value of the wrong type, the launch is refused naming it, where
/// an attribute the server ignored would let it go on), and each is a key of docs/debug.md's
/// launch table.
#[test]
fn the_extensions_launch_attributes_are_the_ones_the_server_reads_and_the_docs_list() {
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("editors/vscode/package.json")).unwrap(),
    )
    .unwrap();
    let debugger = &manifest["contributes"]["debuggers"][0];
    assert_eq!(debugger["type"], "flowsim");
    let attributes: Vec<String> = debugger["configurationAttributes"]["launch"]["properties"]
        .as_object()
        .expect("launch attributes")
        .keys()
        .cloned()
        .collect();
    let docs = std::fs::read_to_string(root().join("docs/debug.md")).unwrap();
    let table = docs.split("**Launch.**").nth(1).and_then(|t| t.split("\n\n").nth(1)).unwrap();
    let mut documented: Vec<String> = table
        .lines()
        .filter_map(|l| l.strip_prefix("| ")?.split(" |").next())
        .flat_map(|keys| keys.split(", ").map(|k| k.trim_matches('`').to_owned()))
        .filter(|k| k != "key" && !k.starts_with("---"))
        .collect();
    // `inputs`, `context`... are listed in the `flow` row's text.
    for k in
        ["inputs", "context", "variables", "mocks", "startNode", "seed", "maxSteps", "timeoutMs"]
    {
        assert!(table.contains(&format!("`{k}`")), "{k} in docs/debug.md's launch table");
        documented.push(k.to_owned());
    }
    let mut sorted = attributes.clone();
    sorted.sort();
    documented.sort();
    assert_eq!(sorted, documented, "package.json's launch attributes and docs/debug.md's");

    let mut c = Client::start();
    c.ok("initialize", json!({}));
    for key in &attributes {
        // A list is the wrong type for every attribute but the two that take one; those get a
        // number.
        let wrong = if ["inputs", "flows", "fixtures"].contains(&key.as_str()) {
            json!(7)
        } else {
            json!([[]])
        };
        let r = c.request("launch", json!({ key.as_str(): wrong }));
        let message = r["message"].as_str().unwrap_or_default();
        if key == "mocks" {
            // Any JSON reads as `mocks`; the fixture reader refuses a list, naming the key.
            let flows =
                json!({"flow": "Acme Main IVR", "flows": "fixtures/archy/flows", "mocks": [[]]});
            let r = c.request("launch", flows);
            let message = r["message"].as_str().unwrap_or_default();
            assert!(message.contains("mocks"), "`mocks` is not read: {r}");
            continue;
        }
        assert!(message.contains("the launch arguments do not read"), "`{key}` is not read: {r}");
    }
    c.finish();
}

/// A launch's `project` names the project file (or its folder) instead of the one found from
/// `cwd`: its flows are the run's, from the server's own folder.
#[test]
fn a_launch_naming_a_project_takes_its_flows_from_another_folder() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let made = Command::new(env!("CARGO_BIN_EXE_flowsim"))
        .arg("init")
        .arg(dir.path())
        .output()
        .expect("init runs");
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let project = std::fs::canonicalize(dir.path()).unwrap();

    let mut c = Client::start();
    c.launch(
        json!({"project": project, "flow": "Main Menu", "inputs": ["1"], "stopOnEntry": true}),
    );
    c.ok("configurationDone", json!({}));
    assert_eq!(c.event("stopped")["body"]["reason"], "entry");
    let path = c.stack()[0]["source"]["path"].as_str().unwrap().to_owned();
    assert!(path.starts_with(&project.display().to_string()), "{path}");
    c.ok("continue", json!({"threadId": 1}));
    c.event("terminated");
    c.finish();

    // A project that is not there is refused with what to do.
    let mut c = Client::start();
    c.ok("initialize", json!({"adapterID": "flowsim", "linesStartAt1": true}));
    let r = c.request("launch", json!({"project": project.join("nowhere"), "flow": "Main Menu"}));
    assert_eq!(r["success"], false, "{r}");
    assert!(r["message"].as_str().unwrap_or_default().contains("there is no such file"), "{r}");
    c.finish();
}

const PRODUCTION: &str = "fixtures/executions/production.json";

/// `initialize`, and `launch` with `args` (refused or not): the launch's response.
fn launch_response(c: &mut Client, args: Value) -> Value {
    c.ok("initialize", json!({"adapterID": "flowsim", "linesStartAt1": true}));
    c.request("launch", args)
}

fn recording(which: &str) -> Value {
    json!({
        "execution": PRODUCTION, "recording": which,
        "flows": "fixtures/archy/flows", "fixtures": "fixtures/archy/data",
    })
}

/// The production recording where menu option 3 still went to Support (the bundled flow now
/// sends it to Account services): the run is the replay's, and stops where the two part.
#[test]
fn a_recorded_execution_stops_where_the_run_parts_from_the_recording() {
    let caps = Client::start().ok("initialize", json!({"adapterID": "flowsim"}));
    let filters: Vec<&str> = caps["exceptionBreakpointFilters"]
        .as_array()
        .expect("filters")
        .iter()
        .map(|f| f["filter"].as_str().unwrap())
        .collect();
    assert_eq!(filters, ["errors", "errorHandling", "divergence"], "{caps}");

    let mut c = Client::start();
    c.launch(recording("#3"));
    let said = c.outputs().join("");
    assert!(said.contains("recording #3 8f1c2d3e-1111-4a1b-9c2d-000000000103: DIVERGED"), "{said}");
    c.ok("configurationDone", json!({}));
    let stopped = c.event("stopped");
    assert_eq!(stopped["body"]["reason"], "exception", "{stopped}");
    let text = stopped["body"]["text"].as_str().unwrap();
    assert!(
        text.contains(
            "now leaves by Account services after the caller pressed 3 (recorded: Support)"
        ),
        "{text}"
    );
    assert_eq!(
        c.ok("threads", json!({}))["threads"][0]["name"],
        "recording #3 8f1c2d3e-1111-4a1b-9c2d-000000000103"
    );
    let frames = c.stack();
    // A menu is recorded at its name's line (docs/debug.md), one below its key.
    assert_eq!(top_line(&frames), action_line("Main Menu") + 1, "{frames:?}");
    let recorded = c.scope("Recorded");
    assert!(
        recorded.contains(&"action = Acme Main IVR › Main Menu [actionMenu] → Support".to_owned()),
        "{recorded:?}"
    );
    // The recording's digits are the run's inputs: over the menu, option 3 as recorded.
    c.ok("next", json!({"threadId": 1}));
    c.event("stopped");
    assert!(c.stack()[0]["name"].as_str().unwrap().contains("Account services"), "{:?}", c.stack());
    let recorded = c.scope("Recorded");
    assert!(
        recorded.contains(
            &"action = none: the run parted from the recording before this step".to_owned()
        ),
        "{recorded:?}"
    );
    // Going back to before the menu stops there again, as the place it parts.
    c.ok("stepBack", json!({"threadId": 1}));
    assert_eq!(c.event("stopped")["body"]["reason"], "exception");
    // Without the filter, the run goes on past the place, to its end.
    c.ok("restart", json!({}));
    assert_eq!(c.event("stopped")["body"]["reason"], "exception");
    c.ok("setExceptionBreakpoints", json!({"filters": []}));
    c.ok("restart", json!({}));
    c.event("exited");
    assert!(!c.events.iter().any(|e| e["event"] == "stopped"), "{:?}", c.events);
    c.finish();
}

/// A breakpoint on a recorded action stops at the local action it pairs with; the Recorded
/// scope shows what the recording had, and the local value beside it once they differ.
#[test]
fn breakpoints_on_recorded_actions_and_the_recorded_values_beside_the_local_ones() {
    let mut c = Client::start();
    c.launch(recording("8f1c2d3e-1111-4a1b-9c2d-000000000101"));
    assert!(c.outputs().join("").contains(": MATCH as `flowsim replay` replays it"));
    let set = c.ok(
        "setFunctionBreakpoints",
        json!({"breakpoints": [
            {"name": "recorded: actionCallData"},
            {"name": "recorded: Get balanse"},
        ]}),
    )["breakpoints"]
        .clone();
    assert_eq!(set[0]["verified"], true, "{set}");
    assert_eq!(set[0]["line"], action_line("Get balance"), "{set}");
    assert_eq!(set[1]["verified"], false, "{set}");
    let message = set[1]["message"].as_str().unwrap();
    assert!(message.contains("did you mean `recorded: Get balance`?"), "{message}");
    c.ok("configurationDone", json!({}));
    let stopped = c.event("stopped");
    assert_eq!(stopped["body"]["reason"], "breakpoint", "{stopped}");
    assert_eq!(top_line(&c.stack()), action_line("Get balance"));
    let recorded = c.scope("Recorded");
    assert!(recorded.contains(&"action = Acme Main IVR › Account Balance › Get balance [actionCallData] → __SUCCESS__".to_owned()), "{recorded:?}");
    assert!(recorded.contains(&"Flow.accountNumber = \"123456\"".to_owned()), "{recorded:?}");
    // Over the data action: the recorded answer is the run's.
    c.ok("next", json!({"threadId": 1}));
    c.event("stopped");
    assert_eq!(c.eval("Task.balance"), "1250.5");
    assert!(c.scope("Recorded").contains(&"Task.balance = 1250.5".to_owned()));
    // A local change shows beside the recorded value.
    let scopes = c.ok("scopes", json!({"frameId": 1}))["scopes"].clone();
    let task = scopes.as_array().unwrap().iter().find(|s| s["name"] == "Task").unwrap().clone();
    c.ok(
        "setVariable",
        json!({"variablesReference": task["variablesReference"], "name": "Task.balance", "value": "5"}),
    );
    let recorded = c.scope("Recorded");
    assert!(recorded.contains(&"Task.balance = 1250.5 (local: 5)".to_owned()), "{recorded:?}");
    c.ok("continue", json!({"threadId": 1}));
    assert_eq!(c.event("exited")["body"]["exitCode"], 0);
    let said = c.outputs().join("");
    assert!(said.contains("says \"Your balance is 5 dollars.\""), "{said}");
    c.finish();
}

#[test]
fn a_recorded_execution_that_cannot_be_launched_is_refused_with_what_to_do() {
    let with = |extra: Value| {
        let mut args = json!({"flows": "fixtures/archy/flows", "fixtures": "fixtures/archy/data"});
        for (k, v) in extra.as_object().unwrap() {
            args[k] = v.clone();
        }
        let mut c = Client::start();
        let r = launch_response(&mut c, args);
        assert_eq!(r["success"], false, "{r}");
        let message = r["message"].as_str().unwrap().to_owned();
        let (code, err) = c.finish();
        assert_eq!((code, err.as_str()), (0, ""));
        message
    };
    let m = with(json!({"execution": PRODUCTION}));
    assert!(m.contains("holds 3 recorded executions: name one with `recording`"), "{m}");
    assert!(m.contains("#2 8f1c2d3e-1111-4a1b-9c2d-000000000102"), "{m}");
    let m = with(json!({"execution": PRODUCTION, "recording": "#9"}));
    assert!(m.contains("has no recording `#9`: it has #1 8f1c2d3e"), "{m}");
    let m = with(json!({"execution": PRODUCTION, "recording": "#x"}));
    assert!(m.contains("is not a recording's number"), "{m}");
    let m = with(json!({"execution": PRODUCTION, "recording": "#1", "flow": "Acme Main IVR"}));
    assert!(m.contains("drop `flow`"), "{m}");
    let m = with(json!({"execution": FLOW_FILE}));
    assert!(m.contains("acme_main_ivr.yaml"), "{m}");
    let m = with(json!({"execution": "fixtures/executions/none.json"}));
    assert!(m.contains("none.json"), "{m}");
    let m = with(json!({"recording": "#1"}));
    assert!(m.contains("go with `execution`"), "{m}");
    // The recorded flow missing from the flows given.
    let mut c = Client::start();
    let r = launch_response(
        &mut c,
        json!({"execution": PRODUCTION, "recording": "#1", "flows": "fixtures/flows"}),
    );
    let m = r["message"].as_str().unwrap();
    assert!(m.contains("is not among your flows"), "{m}");
    c.finish();
}

/// The `errorHandling` filter stops after an action leaves by its failure output, before the
/// run goes on; without `errors`, a run that fails ends without stopping at its error.
#[test]
fn exception_filters_stop_on_error_handling_taken_and_run_errors_only_when_asked() {
    let mut c = Client::start();
    c.scenario("a locked account takes the data action's failure output");
    let set = c.ok("setExceptionBreakpoints", json!({"filters": ["errorHandling", "nope"]}));
    assert_eq!(set["breakpoints"][0]["verified"], true, "{set}");
    assert_eq!(set["breakpoints"][1]["verified"], false, "{set}");
    c.ok("configurationDone", json!({}));
    let stopped = c.event("stopped");
    assert_eq!(stopped["body"]["reason"], "exception", "{stopped}");
    let text = stopped["body"]["text"].as_str().unwrap();
    assert_eq!(
        text,
        "error handling taken: Account Balance › Get balance [callData] left by its failure path"
    );
    assert_eq!(top_line(&c.stack()), action_line("Balance unavailable"));
    c.ok("continue", json!({"threadId": 1}));
    assert_eq!(c.event("exited")["body"]["exitCode"], 0);
    c.finish();

    let mut c = Client::start();
    c.launch(json!({
        "scenarioFile": "fixtures/scenarios/no-queues.scenarios.yaml",
        "scenario": "VIP and support queues missing, the lookup flow fails",
    }));
    c.ok("setExceptionBreakpoints", json!({"filters": []}));
    c.ok("configurationDone", json!({}));
    assert_eq!(c.event("exited")["body"]["exitCode"], 1);
    assert!(!c.events.iter().any(|e| e["event"] == "stopped"), "{:?}", c.events);
    c.finish();
}

/// The caller's side: the Input scope shows the next input the run will read (and when there
/// is none, that the run waits for it); `setVariable` on its `next` gives one, and the motion
/// the run waited in goes on.
#[test]
fn the_input_scope_shows_the_next_input_and_setting_it_gives_the_run_one() {
    let mut c = Client::start();
    c.launch(json!({
        "flow": "Acme Main IVR",
        "flows": "fixtures/archy/flows",
        "fixtures": ["fixtures/archy/data"],
        "context": {"startTime": "2026-01-06T15:00:00Z"},
        "inputs": ["1", {"text": "ignored"}],
        "stopOnEntry": true,
    }));
    c.ok("setFunctionBreakpoints", json!({"breakpoints": [{"name": "Get balance"}]}));
    c.ok("configurationDone", json!({}));
    assert_eq!(c.event("stopped")["body"]["reason"], "entry");
    assert_eq!(c.scope("Input"), ["next = 1", "then [2] = say:ignored", "taken = 0 of 2 given"],);
    let input_ref = |c: &mut Client| {
        let scopes = c.ok("scopes", json!({"frameId": 1}))["scopes"].clone();
        scopes.as_array().unwrap().iter().find(|s| s["name"] == "Input").unwrap()
            ["variablesReference"]
            .clone()
    };
    // Over the greeting, the hours and the menu: the menu took `1`.
    for _ in 0..4 {
        c.ok("next", json!({"threadId": 1}));
        c.event("stopped");
    }
    assert_eq!(c.scope("Input"), ["next = say:ignored", "taken = 1 of 2 given"]);
    // Replaced from here (a new future): the account number asked next is typed as digits.
    let r = input_ref(&mut c);
    let set =
        c.ok("setVariable", json!({"variablesReference": r, "name": "next", "value": "654321"}));
    assert_eq!(set["value"], "654321", "{set}");
    c.ok("threads", json!({})); // the console's line comes after the response
    let said = c.outputs().join("");
    assert!(
        said.contains("input 654321 given (input 2 of the run); a new future: dropped 1 input(s)"),
        "{said}"
    );
    assert_eq!(c.scope("Input"), ["next = 654321", "taken = 1 of 2 given"]);
    c.ok("continue", json!({"threadId": 1}));
    assert_eq!(c.event("stopped")["body"]["reason"], "breakpoint");
    assert_eq!(c.eval("Flow.accountNumber"), "\"654321\"");
    assert_eq!(
        c.scope("Input"),
        ["next = none given: the run stops and asks when it needs one", "taken = 2 of 2 given"]
    );

    // Run out of inputs, the run waits; the Input scope says so, and setting it goes on.
    c.ok("restart", json!({}));
    c.event("stopped");
    c.ok("setFunctionBreakpoints", json!({"breakpoints": []}));
    let r = input_ref(&mut c);
    c.ok("setVariable", json!({"variablesReference": r, "name": "next", "value": "1"}));
    c.ok("continue", json!({"threadId": 1}));
    let stopped = c.event("stopped");
    assert_eq!(stopped["body"]["reason"], "pause", "{stopped}");
    assert_eq!(c.scope("Input")[0], "next = none given: the run waits for it here");
    let r = input_ref(&mut c);
    for (name, value, why) in [
        ("taken", "3", "only `next` of the Input scope can be set"),
        ("next", " ", "an input is not empty"),
        ("next", "1@soon", "is not a number of seconds"),
    ] {
        let bad = c
            .request("setVariable", json!({"variablesReference": r, "name": name, "value": value}));
        assert_eq!(bad["success"], false, "{bad}");
        assert!(bad["message"].as_str().unwrap().contains(why), "{bad}");
    }
    c.ok("setVariable", json!({"variablesReference": r, "name": "next", "value": "123456"}));
    assert_eq!(c.event("exited")["body"]["exitCode"], 0);
    assert!(c.outputs().join("").contains("Your balance is 1250.5 dollars."));
    c.finish();
}

/// An outer frame's scopes are its own level's variables: in a common module, the module's
/// frame shows the module's (`Common.*`), the calling flow's frame the flow's.
#[test]
fn an_outer_frames_scopes_show_its_own_variables_not_the_innermost() {
    let mut c = Client::start();
    c.scenario("a VIP caller reaches the VIP queue by name");
    c.ok("setFunctionBreakpoints", json!({"breakpoints": [{"name": "Mark VIP"}]}));
    c.ok("configurationDone", json!({}));
    assert_eq!(c.event("stopped")["body"]["reason"], "breakpoint");
    let frames = c.stack();
    assert!(frames[1]["name"].as_str().unwrap().contains("Look up caller [callCommonModule]"));
    let scope = |c: &mut Client, frame: &Value, name: &str| -> Vec<String> {
        let scopes = c.ok("scopes", json!({"frameId": frame["id"]}))["scopes"].clone();
        let Some(s) = scopes.as_array().unwrap().iter().find(|s| s["name"] == name).cloned() else {
            return Vec::new();
        };
        let vars = c.ok("variables", json!({"variablesReference": s["variablesReference"]}));
        vars["variables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| format!("{} = {}", v["name"].as_str().unwrap(), v["value"].as_str().unwrap()))
            .collect()
    };
    let module = scope(&mut c, &frames[0], "Other");
    assert!(module.contains(&"Common.customerName = \"Ada\"".to_owned()), "{module:?}");
    assert!(scope(&mut c, &frames[0], "Flow").is_empty());
    let caller = scope(&mut c, &frames[1], "Flow");
    assert!(caller.contains(&"Flow.isVip = false".to_owned()), "{caller:?}");
    assert!(
        scope(&mut c, &frames[1], "Other").is_empty(),
        "the module's variables are not the caller's"
    );
    // The caller's variables are shown, not set, from its frame.
    let scopes = c.ok("scopes", json!({"frameId": frames[1]["id"]}))["scopes"].clone();
    let flow = scopes.as_array().unwrap().iter().find(|s| s["name"] == "Flow").unwrap().clone();
    let bad = c.request(
        "setVariable",
        json!({"variablesReference": flow["variablesReference"], "name": "Flow.isVip", "value": "true"}),
    );
    assert_eq!(bad["success"], false, "{bad}");
    assert!(bad["message"].as_str().unwrap().contains("an outer frame's variable"), "{bad}");
    // Out of the module, the flow's frame is the innermost, with the outputs written.
    c.ok("stepOut", json!({"threadId": 1}));
    c.event("stopped");
    assert!(c.scope("Flow").contains(&"Flow.customerName = \"Ada\"".to_owned()));
    c.finish();
}

/// `evaluate` evaluates in the frame the editor names: a caller's frame reads the caller's
/// variables, the common module's frame refuses a name its flow does not have, as `check`
/// does; inside a reusable task, its `callTask`'s frame reads the same variables (a task runs
/// in its caller's flow). A frame the pause does not have is refused.
#[test]
fn evaluate_in_an_outer_frame_reads_that_frames_variables() {
    let mut c = Client::start();
    c.scenario("a VIP caller reaches the VIP queue by name");
    c.ok("setFunctionBreakpoints", json!({"breakpoints": [{"name": "Mark VIP"}]}));
    c.ok("configurationDone", json!({}));
    assert_eq!(c.event("stopped")["body"]["reason"], "breakpoint");
    let frames = c.stack();
    assert!(frames[1]["name"].as_str().unwrap().contains("Look up caller [callCommonModule]"));
    let eval = |c: &mut Client, expression: &str, frame: &Value| {
        c.request(
            "evaluate",
            json!({"expression": expression, "frameId": frame["id"], "context": "watch"}),
        )
    };
    // The caller's frame: the flow's own variable, which only the caller has.
    let r = eval(&mut c, "Flow.isVip", &frames[1]);
    assert_eq!(
        (r["success"].clone(), r["body"]["result"].clone()),
        (json!(true), json!("false")),
        "{r}"
    );
    let r = eval(&mut c, "Flow.accountNumber == NOT_SET and not Flow.isVip", &frames[1]);
    assert_eq!(r["body"]["result"], "true", "{r}");
    // The module's frame: its flow has no `Flow.isVip`, and says so as `check` does.
    let r = eval(&mut c, "Flow.isVip", &frames[0]);
    assert_eq!(r["success"], false, "{r}");
    let message = r["message"].as_str().unwrap();
    assert!(message.starts_with("error[undeclaredVariable]: `Flow.isVip` is read, but flow `Customer Lookup` declares no such variable"), "{message}");
    assert!(message.contains("| Flow.isVip\n") && message.contains('^'), "{message}");
    // ...and reads its own, which the caller's frame does not have.
    let r = eval(&mut c, "Common.customerName", &frames[0]);
    assert_eq!(r["body"]["result"], "\"Ada\"", "{r}");
    let r = eval(&mut c, "Common.customerName", &frames[1]);
    assert_eq!(r["success"], false, "{r}");
    assert!(
        r["message"].as_str().unwrap().contains("flow `Acme Main IVR` declares no such variable"),
        "{r}"
    );
    // No frame: the innermost, the module's.
    let r = c.request("evaluate", json!({"expression": "Common.customerName"}));
    assert_eq!(r["body"]["result"], "\"Ada\"", "{r}");
    let r = eval(&mut c, "1 + 1", &json!({"id": 9}));
    assert_eq!(r["success"], false, "{r}");
    assert!(r["message"].as_str().unwrap().contains("no frame 9 in this pause"), "{r}");
    c.finish();

    // Inside a reusable task, the frame of its `callTask` is the same flow's: the same
    // variables, read at the call.
    let mut c = Client::start();
    c.scenario(KNOWN_ACCOUNT);
    c.ok("setFunctionBreakpoints", json!({"breakpoints": [{"name": "Say goodbye"}]}));
    c.ok("configurationDone", json!({}));
    c.event("stopped");
    c.ok("stepIn", json!({"threadId": 1}));
    c.event("stopped");
    let frames = c.stack();
    assert_eq!(frames.len(), 2, "{frames:?}");
    for frame in &frames {
        let r = eval(&mut c, "Task.balance + 1", frame);
        assert_eq!(r["body"]["result"], "1251.5", "{frame}: {r}");
    }
    let r = eval(&mut c, "Task.balanse", &frames[1]);
    assert!(r["message"].as_str().unwrap().contains("did you mean `Task.balance`?"), "{r}");
    c.finish();
}

/// A cassette's recorded simulations (`flowsim record --request`'s) launch too: replayed by
/// `replay_interaction`, their recorded trace's steps paired with the local steps.
#[test]
fn a_recorded_simulation_of_a_cassette_runs_under_the_debugger() {
    let cassette = |which: &str| {
        json!({
            "execution": "fixtures/cassettes/diverging.json", "recording": which,
            "flows": "fixtures/flows", "fixtures": "fixtures/data",
        })
    };
    // Hand-edited: in the cloud, the tier check took another branch.
    let mut c = Client::start();
    c.launch(cassette("#1"));
    assert!(c.outputs().join("").contains(": DIVERGED as `flowsim replay` replays it"));
    c.ok("configurationDone", json!({}));
    let stopped = c.event("stopped");
    assert_eq!(stopped["body"]["reason"], "exception", "{stopped}");
    let text = stopped["body"]["text"].as_str().unwrap();
    assert!(text.contains("the path diverges at step 3: recorded Contact_Lookup/SayKnown [Say], local Contact_Lookup/SayVip [Say]"), "{text}");
    assert!(c.stack()[0]["name"].as_str().unwrap().contains("SayVip [Say]"));
    let recorded = c.scope("Recorded");
    assert!(
        recorded.contains(&"action = Contact_Lookup/SayKnown [Say] → success (the recording's; the local run runs another action)".to_owned()),
        "{recorded:?}"
    );
    c.finish();

    // Matched, by its name: a breakpoint on the recorded Route step, the recorded writes.
    let mut c = Client::start();
    c.launch(cassette("caller presses 1 and reaches support"));
    let set = c.ok("setFunctionBreakpoints", json!({"breakpoints": [{"name": "recorded: Route"}]}));
    assert_eq!(set["breakpoints"][0]["verified"], true, "{set}");
    c.ok("configurationDone", json!({}));
    assert_eq!(c.event("stopped")["body"]["reason"], "breakpoint");
    assert!(c.stack()[0]["name"].as_str().unwrap().contains("RouteToAgent [Route]"));
    let recorded = c.scope("Recorded");
    assert!(
        recorded.contains(&"action = Inbound_Flow_A/RouteToAgent [Route] → success".to_owned()),
        "{recorded:?}"
    );
    assert!(recorded.contains(&"shared_module_result = \"1\"".to_owned()), "{recorded:?}");
    c.finish();
}
