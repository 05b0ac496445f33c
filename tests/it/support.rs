//! Helpers shared by the integration tests.

use flowsim::engine::{self, RunRequest, RunResult};
use flowsim::fixtures::FixtureStore;
use flowsim::flow::Registry;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled example flows.
pub fn registry() -> &'static Registry {
    static REG: OnceLock<Registry> = OnceLock::new();
    REG.get_or_init(|| {
        let report = Registry::load_dir(&root().join("fixtures/flows"));
        assert!(!report.has_errors(), "bundled flows must load: {:#?}", report.diagnostics);
        report.registry.expect("no errors")
    })
}

pub fn fixture_files() -> Vec<PathBuf> {
    ["contacts.json", "queues.json", "data-actions.json"]
        .iter()
        .map(|f| root().join("fixtures/data").join(f))
        .collect()
}

/// The bundled fixtures.
pub fn fixtures() -> &'static FixtureStore {
    static FX: OnceLock<FixtureStore> = OnceLock::new();
    FX.get_or_init(|| FixtureStore::load(&fixture_files()).expect("bundled fixtures load"))
}

/// A request from JSON.
#[track_caller]
pub fn request(json: serde_json::Value) -> RunRequest {
    serde_json::from_value(json).expect("a valid request")
}

/// Runs a request against the bundled flows and fixtures.
#[track_caller]
pub fn run(json: serde_json::Value) -> RunResult<'static> {
    let request = request(json);
    let r = engine::Run::new(registry(), fixtures(), &request).result().expect("the request runs");
    assert_streamed_json(registry(), fixtures(), &request, &r);
    r
}

/// What `run --format json` writes, its trace written as the run goes (`JsonTrace`, the run
/// keeping no trace), is [`RunResult::write_json`] of the run `whole` of the same request
/// keeping its trace, byte for byte: every test that runs a request through [`run`] or
/// [`run_json`] checks it on the way.
#[track_caller]
pub fn assert_streamed_json(
    reg: &Registry,
    fixtures: &FixtureStore,
    request: &RunRequest,
    whole: &RunResult<'_>,
) {
    let mut trace = engine::result::json_trace::JsonTrace::new(Vec::new());
    let run = engine::Run::new(reg, fixtures, request).observer(&mut trace).go().expect("runs");
    assert!(run.write_error.is_none());
    assert!(run.result.trace.is_empty(), "a run written as it goes keeps no trace");
    assert_eq!(trace.steps(), whole.trace.len());
    let mut streamed = Vec::new();
    trace.finish(&run.result, &mut streamed).expect("to memory");
    let mut fast = Vec::new();
    whole.write_json(&mut fast).expect("writing to memory");
    assert!(
        streamed == fast,
        "the JSON written as the run went differs from the whole result's:\n{}\n{}",
        String::from_utf8_lossy(&streamed),
        String::from_utf8_lossy(&fast)
    );
}

/// `RunResult::write_json` (the hand-written writer of `--format json`) gives exactly the bytes
/// of serde's compact form: every test that looks at a result checks it on the way.
#[track_caller]
pub fn assert_fast_json(r: &RunResult<'_>) {
    let mut fast = Vec::new();
    r.write_json(&mut fast).expect("writing to memory");
    let mut serde = serde_json::to_vec(r).expect("results serialize");
    serde.push(b'\n');
    assert!(
        fast == serde,
        "write_json differs from serde_json:\n{}\n{}",
        String::from_utf8_lossy(&fast),
        String::from_utf8_lossy(&serde)
    );
}

/// A compact, reviewable trace: one line per step.
pub fn compact(r: &RunResult<'_>) -> String {
    assert_fast_json(r);
    let json: serde_json::Value = serde_json::from_str(&r.to_json_pretty()).expect("valid JSON");
    let mut out = String::new();
    for step in json["trace"].as_array().expect("trace") {
        let indent = "  ".repeat(step["depth"].as_u64().unwrap_or(0) as usize);
        let result = &step["result"];
        let result = if result.as_object().is_some_and(serde_json::Map::is_empty) {
            String::new()
        } else {
            format!(" {result}")
        };
        let next = step["next"].as_str().map(|n| format!(" -> {n}")).unwrap_or_default();
        let error = step
            .get("error")
            .map(|e| format!(" !{}", e["kind"].as_str().unwrap_or("?")))
            .unwrap_or_default();
        out.push_str(&format!(
            "{indent}{}/{} [{}] {}{next}{error}{result}\n",
            step["flowName"].as_str().unwrap_or("?"),
            step["nodeId"].as_str().unwrap_or("?"),
            step["nodeType"].as_str().unwrap_or("?"),
            step["edge"].as_str().unwrap_or("?"),
        ));
    }
    out.push_str(&format!("status: {}\n", json["status"]));
    out.push_str(&format!("error: {}\n", json["error"]));
    out.push_str(&format!("route: {}\n", json["route"]));
    out.push_str(&format!("variables: {}\n", json["variables"]));
    let prompts: Vec<&str> = json["prompts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["text"].as_str())
        .collect();
    out.push_str(&format!("prompts: {prompts:?}\n"));
    let warnings: Vec<String> = json["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|w| format!("{}@{}", w["kind"], w["nodeId"]))
        .collect();
    out.push_str(&format!("warnings: {warnings:?}\n"));
    out.push_str(&format!("elapsedMs: {}\n", json["elapsedMs"]));
    out
}

/// Runs several named cases and joins their compact traces, for one snapshot per flow.
pub fn cases(cases: &[(&str, serde_json::Value)]) -> String {
    let mut out = String::new();
    for (name, req) in cases {
        out.push_str(&format!("== {name}\n"));
        out.push_str(&compact(&run(req.clone())));
        out.push('\n');
    }
    out
}

/// A running `flowsim serve --port 0`, started in the repository root; killed on drop.
pub struct ServeProcess {
    pub child: std::process::Child,
    /// `http://127.0.0.1:PORT`, from the first line the server prints.
    pub url: String,
    _stdout: std::io::BufReader<std::process::ChildStdout>,
}

impl ServeProcess {
    /// Starts `flowsim serve --port 0 ARGS` with the GENESYS_* credentials removed from its
    /// environment, and waits for its address.
    #[track_caller]
    pub fn start<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> ServeProcess {
        Self::start_with(args, &[])
    }

    /// [`ServeProcess::start`], with the variables `env` set in the server's environment.
    #[track_caller]
    pub fn start_with<S: AsRef<std::ffi::OsStr>>(args: &[S], env: &[(&str, &str)]) -> ServeProcess {
        use std::io::BufRead as _;
        use std::process::{Command, Stdio};
        let mut child = Command::new(env!("CARGO_BIN_EXE_flowsim"))
            .args(["serve", "--port", "0"])
            .args(args)
            .current_dir(root())
            .env_remove("GENESYS_CLIENT_ID")
            .env_remove("GENESYS_CLIENT_SECRET")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("flowsim serve starts");
        let mut stdout = std::io::BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut line = String::new();
        let read = stdout.read_line(&mut line);
        let Some(url) =
            line.trim().strip_prefix("listening on ").filter(|_| read.is_ok()).map(str::to_owned)
        else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("serve did not print its address first: {line:?}");
        };
        ServeProcess { child, url, _stdout: stdout }
    }

    /// `127.0.0.1:PORT`.
    pub fn addr(&self) -> &str {
        self.url.strip_prefix("http://").unwrap_or(&self.url)
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client of a running emulator, holding the token it was given.
pub struct Api {
    pub url: String,
    pub token: String,
}

impl Api {
    /// Takes a token from `server` (client credentials).
    pub fn new(server: &ServeProcess) -> Api {
        let text = agent()
            .post(&format!("{}/oauth/token", server.url))
            .header("Authorization", "Basic dGVzdDp0ZXN0")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send("grant_type=client_credentials")
            .expect("a token")
            .body_mut()
            .read_to_string()
            .expect("a token's body");
        let body: serde_json::Value = serde_json::from_str(&text).expect("token JSON");
        let token = body["access_token"].as_str().expect("an access token").to_owned();
        Api { url: server.url.clone(), token }
    }

    /// `GET path`: the status and the body's JSON (null when it is none).
    pub fn get(&self, path: &str) -> (u16, serde_json::Value) {
        let r = agent()
            .get(&format!("{}{path}", self.url))
            .header("Authorization", &format!("Bearer {}", self.token))
            .call();
        answer(r)
    }

    /// `POST path` with a JSON body: the status and the body's JSON (null when it is none).
    pub fn post(&self, path: &str, body: &serde_json::Value) -> (u16, serde_json::Value) {
        let r = agent()
            .post(&format!("{}{path}", self.url))
            .header("Authorization", &format!("Bearer {}", self.token))
            .header("Content-Type", "application/json")
            .send(body.to_string());
        answer(r)
    }
}

/// An HTTP agent that gives every status as an answer.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).build().into()
}

fn answer(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> (u16, serde_json::Value) {
    let mut r = r.expect("an answer");
    let text = r.body_mut().read_to_string().unwrap_or_default();
    (r.status().as_u16(), serde_json::from_str(&text).unwrap_or(serde_json::Value::Null))
}

/// `flowsim ARGS` run as a recorder against an emulator: in `dir`, with the client
/// credentials the emulator takes, retries one millisecond apart, and no redaction key from
/// the caller's environment.
pub fn recorder(args: &[&str], dir: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_flowsim"))
        .args(args)
        .current_dir(dir)
        .env("GENESYS_CLIENT_ID", "test-client")
        .env("GENESYS_CLIENT_SECRET", "test-secret")
        .env("FLOWSIM_RETRY_BASE_MS", "1")
        .env_remove("FLOWSIM_REDACTION_KEY")
        .output()
        .expect("flowsim runs")
}

/// Loads inline flow files (`flow0.yaml`, `flow1.yaml`, ... in any format); panics with the
/// diagnostics when they do not load.
#[track_caller]
pub fn inline_registry(flows: &[&str]) -> Registry {
    let files: Vec<String> = (0..flows.len()).map(|i| format!("flow{i}.yaml")).collect();
    let report =
        Registry::from_sources(files.iter().zip(flows).map(|(f, t)| (Path::new(f.as_str()), *t)));
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    report.registry.expect("no errors")
}

/// The flow corpus (`../shared/corpus`, or `$FLOWSIM_CORPUS`). A test that reads it is marked
/// `#[cfg_attr(flowsim_missing = "corpus", ignore = "...")]`: where the corpus was missing when the
/// tests were built it is listed as ignored (build.rs, tools/needs/needs.rs), so here the corpus
/// must be there, and its absence fails the test.
#[track_caller]
pub fn corpus_dir() -> PathBuf {
    let dir = std::env::var_os("FLOWSIM_CORPUS")
        .map_or_else(|| root().join("../shared/corpus"), PathBuf::from);
    assert!(
        dir.join("archy").is_dir() && dir.join("i3").is_dir(),
        "the flow corpus (archy/, i3/) is not at {}: it was there when the tests were built, or \
         FLOWSIM_REQUIRE_CORPUS=1 requires it (set FLOWSIM_CORPUS)",
        dir.display()
    );
    dir
}

/// Fails the calling test unless `tool` (tmux, chromium) is on PATH: a test that needs it is
/// marked `#[cfg_attr(flowsim_missing = "tmux", ignore = "...")]`, so here it must be there.
#[track_caller]
pub fn require_tool(tool: &str, names: &[&str]) -> String {
    for name in names {
        let found = std::process::Command::new(name)
            .arg(if *name == "tmux" { "-V" } else { "--version" })
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
        if found.is_ok_and(|s| s.success()) {
            return (*name).to_owned();
        }
    }
    panic!(
        "{tool} is not on PATH: it was there when the tests were built, or FLOWSIM_REQUIRE_TOOLS=1 \
         requires it (apt-get install {tool})"
    );
}

/// Runs a request given as JSON with no fixtures; panics when it is refused.
#[track_caller]
pub fn run_json(reg: &Registry, request: serde_json::Value) -> RunResult<'_> {
    let request: RunRequest = serde_json::from_value(request).expect("a valid request");
    let fixtures = FixtureStore::default();
    let r = engine::Run::new(reg, &fixtures, &request).result().expect("the request runs");
    assert_streamed_json(reg, &fixtures, &request, &r);
    r
}

/// A result as JSON (docs/results.md).
pub fn result_json(r: &RunResult<'_>) -> serde_json::Value {
    assert_fast_json(r);
    serde_json::to_value(r).expect("results serialize")
}

/// Lines of a child's stream, as they come.
pub fn lines(stream: impl std::io::Read + Send + 'static) -> std::sync::mpsc::Receiver<String> {
    use std::io::BufRead as _;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stream).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// The lines up to and including the first that contains `until`, waiting at most 120 s for
/// each: a bound against a hang, not a timing assertion, wide enough for a debug binary on a
/// 2-core machine that is also compiling.
#[track_caller]
pub fn read_until(rx: &std::sync::mpsc::Receiver<String>, until: &str) -> Vec<String> {
    let mut got = Vec::new();
    loop {
        match rx.recv_timeout(std::time::Duration::from_mins(2)) {
            Ok(line) => {
                let done = line.contains(until);
                got.push(line);
                if done {
                    return got;
                }
            }
            Err(e) => panic!("no line with {until:?} ({e}); got {got:#?}"),
        }
    }
}

/// An Archy call flow `Case` whose Update Data writes `exp` to the String `Flow.out`, with
/// `task_vars` (a name and an Archy type, `Task.n` and `integer`) declared in its task: one
/// expression where `check` reads it.
pub fn archy_expression_flow<'a>(
    exp: &str,
    task_vars: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    let mut declared = String::new();
    for (name, ty) in task_vars {
        declared.push_str(&format!("\n          - {ty}Variable: {{name: {name}}}"));
    }
    let exp = serde_json::to_string(exp).expect("a string is JSON");
    format!(
        r#"inboundCall:
  name: Case
  startUpRef: "/inboundCall/tasks/task[T_1]"
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  variables:
    - stringVariable: {{name: Flow.out}}
  tasks:
    - task:
        name: T
        refId: T_1
        variables:{declared}
        actions:
          - updateData:
              name: Set
              statements:
                - string: {{variable: Flow.out, value: {{exp: {exp}}}}}
          - disconnect: {{name: End}}
"#
    )
}

/// An Archy flow of type `kind` (`inboundCall`, `workitem`, ...) named `F`, in en-us, whose one
/// task `T` runs `actions`: Archy YAML lines indented as a task's action list (10 spaces).
pub fn archy_task_flow(kind: &str, actions: &str) -> String {
    // An outbound flow has its contact list and default wrap-up code, as Architect requires.
    let outbound = if kind == "outboundCall" {
        "  settingsOutboundCall:\n    contactList: {lit: {name: Callbacks}}\n    \
         wrapupCode: {lit: {name: No Answer}}\n"
    } else {
        ""
    };
    format!(
        "{kind}:\n  name: F\n  startUpRef: \"/{kind}/tasks/task[T_1]\"\n  defaultLanguage: en-us\n  \
         supportedLanguages:\n    en-us:\n      defaultLanguageSkill:\n        noValue: true\n\
         {outbound}  tasks:\n    - task:\n        name: T\n        refId: T_1\n        actions:\n{actions}"
    )
}

/// Writes `flows` (Archy YAML) and `fixtures` (JSON) into a fresh folder and runs `flowsim run
/// --flows <it> <flow> --fixtures <it> ARGS` as JSON.
#[track_caller]
pub fn run_in_folder(
    flows: &[&str],
    fixtures: &str,
    flow: &str,
    args: &[&str],
) -> serde_json::Value {
    let o = run_folder(flows, fixtures, flow, &[&["--format", "json"], args].concat());
    serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", o.stdout, o.stderr))
}

/// Writes `flows` (Archy YAML) and `fixtures` (JSON) into a fresh folder and runs `flowsim run
/// --flows <it> <flow> --fixtures <it> ARGS`.
#[track_caller]
pub fn run_folder(flows: &[&str], fixtures: &str, flow: &str, args: &[&str]) -> crate::cli::Output {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("flows");
    std::fs::create_dir(&folder).unwrap();
    for (i, text) in flows.iter().enumerate() {
        std::fs::write(folder.join(format!("flow{i}.yaml")), text).unwrap();
    }
    let org = dir.path().join("org.json");
    std::fs::write(&org, fixtures).unwrap();
    let (folder, org) = (folder.to_str().unwrap(), org.to_str().unwrap());
    let mut all = vec!["run", "--flows", folder, flow, "--fixtures", org];
    all.extend_from_slice(args);
    crate::cli::flowsim(&all)
}

/// The outputs a run's steps took, in order (`found`, `notFound`, ...; empty for actions with
/// none).
pub fn taken_outputs(j: &serde_json::Value) -> Vec<&str> {
    j["trace"].as_array().unwrap().iter().map(|s| s["output"].as_str().unwrap_or("")).collect()
}

/// The prompts a run (JSON) played, in order.
pub fn prompts(j: &serde_json::Value) -> Vec<&str> {
    j["prompts"].as_array().unwrap().iter().map(|p| p["text"].as_str().unwrap_or("")).collect()
}

/// An Archy flow of type `kind` named `name` whose one task `Main` runs `actions` (Archy YAML
/// lines indented as list items of `actions:`, 10 spaces), with `head` (flow-level keys,
/// `variables:` among them, indented 2 spaces) before its tasks.
pub fn main_task_flow(kind: &str, name: &str, head: &str, actions: &str) -> String {
    format!(
        "{kind}:
  name: {name}
  startUpRef: ./tasks/task[Main_1]
{head}  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
{actions}"
    )
}

/// An Update Data action `Set`, as an item of a task's `actions:` (10 spaces), whose one
/// statement of type `ty` gives `var` the literal object `name` (`lit: {name: ...}`).
pub fn set_literal_action(ty: &str, var: &str, name: &str) -> String {
    format!(
        "          - updateData:
              name: Set
              statements:
                - {ty}:
                    variable: {var}
                    value:
                      lit:
                        name: {name}
"
    )
}

/// A kind of org object an Architect literal names, besides a queue.
pub struct OrgKind {
    /// Archy's name of its type: `<ty>Variable`, an Update Data statement `- <ty>:`.
    pub ty: &'static str,
    /// What a run's warning calls it.
    pub noun: &'static str,
    /// The section of the fixtures and of an org manifest that lists it.
    pub section: &'static str,
    /// What a fixtures entry of the kind needs beyond `id` and `name`, as JSON members.
    pub required: &'static str,
    /// Whether flowsim takes a literal of the kind as an Update Data statement's value: it
    /// refuses a schedule group's and an emergency group's (`typeMismatch`, "cannot convert
    /// expression from type String"), so only their variables' initial values are tested.
    pub statement: bool,
}

/// Every kind of org object but the queue that a literal names ([`org_literal_flow`]).
pub const ORG_LITERAL_KINDS: [OrgKind; 6] = [
    OrgKind { ty: "user", noun: "user", section: "users", required: "", statement: true },
    OrgKind { ty: "group", noun: "group", section: "groups", required: "", statement: true },
    OrgKind { ty: "skill", noun: "skill", section: "skills", required: "", statement: true },
    OrgKind {
        ty: "languageSkill",
        noun: "language skill",
        section: "languages",
        required: "",
        statement: true,
    },
    OrgKind {
        ty: "scheduleGroup",
        noun: "schedule group",
        section: "scheduleGroups",
        required: r#", "timeZone": "UTC""#,
        statement: false,
    },
    OrgKind {
        ty: "emergencyGroup",
        noun: "emergency group",
        section: "emergencyGroups",
        required: "",
        statement: false,
    },
];

/// An inbound call flow `Probe` whose variable `Flow.X`, of Archy type `ty` (`queue`, `user`,
/// ...), starts as the literal object `initial`, and whose Update Data `Set`, when `assigned`
/// is given, gives `Task.X` that literal; then it runs `then` (action list items).
pub fn org_literal_flow(ty: &str, initial: &str, assigned: Option<&str>, then: &str) -> String {
    let head = format!(
        "  variables:
    - {ty}Variable:
        name: Flow.X
        initialValue:
          lit:
            name: {initial}
"
    );
    let set = assigned.map(|name| set_literal_action(ty, "Task.X", name)).unwrap_or_default();
    probe_call_flow(&head, &(set + then))
}

/// A Disconnect action `Bye`, as an item of a task's `actions:` (10 spaces).
pub const BYE: &str = "          - disconnect:
              name: Bye
";

/// An inbound call flow named `Probe` whose task runs `actions` (indented as list items of
/// `actions:`) with `head` (flow-level keys, `variables:` among them) before its tasks.
pub fn probe_call_flow(head: &str, actions: &str) -> String {
    main_task_flow("inboundCall", "Probe", head, actions)
}

/// A bot flow of type `kind` (`botFlow`, `digitalBot`) named `name`, in en-us, whose starting
/// bot `Start` runs `actions` (indented as list items of `actions:`, 10 spaces).
pub fn bot_flow(kind: &str, name: &str, actions: &str) -> String {
    format!(
        "{kind}:
  name: {name}
  startUpRef: /{kind}/bots/bot[Start]
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  bots:
    - bot:
        name: Start
        refId: Start
        actions:
{actions}"
    )
}

/// Architect's encoding of an export's JSON text, URL-encoded as `encodeURIComponent` does, then
/// base64.
pub fn architect_encoding(json: &str) -> String {
    let mut url = String::new();
    for b in json.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            url.push(char::from(b));
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    flowsim::util::base64::encode(url.as_bytes())
}

/// The errors `check` gives one Archy flow (read as `f.yaml`), as `code: message`.
pub fn check_errors(flow: &str) -> Vec<String> {
    let report = flowsim::flow::Registry::from_sources([(Path::new("f.yaml"), flow)]);
    report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect()
}
