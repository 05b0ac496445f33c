//! `flowsim debug` (docs/debug.md): in a real terminal (tmux runs the
//! binary, `send-keys` types, `capture-pane` reads what a person sees), and driven by a script on
//! standard input.

use crate::cli::flowsim;
use crate::support::{corpus_dir, root};
use std::io::Write as _;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// `flowsim debug ARGS` with `script` on standard input (not a terminal).
fn scripted(args: &[&str], script: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_flowsim"))
        .arg("debug")
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child.stdin.take().unwrap().write_all(script.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "flowsim panicked:\n{stderr}");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), stderr)
}

const ACME: [&str; 9] = [
    "Acme Main IVR",
    "--flows",
    "fixtures/archy/flows",
    "--fixtures",
    "fixtures/archy/data",
    "--context",
    "startTime=2026-01-06T15:00:00Z",
    "--context",
    "from=+15551234567",
];

const INBOUND_A: [&str; 5] =
    ["Inbound_Flow_A", "--flows", "fixtures/flows", "--fixtures", "fixtures/data"];

/// A terminal: a tmux server of its own, one pane 120 × 40 running `flowsim debug`.
struct Terminal {
    socket: String,
    /// Where the history file goes unless a test says otherwise (never the person's own).
    _home: tempfile::TempDir,
}

impl Terminal {
    /// Starts `flowsim debug ARGS` in a pane, its history file in a temporary folder; once it
    /// leaves, the pane says `exited CODE`.
    fn start(args: &[&str]) -> Terminal {
        Terminal::start_with(&[], args)
    }

    /// [`Terminal::start`] with `env` set for the binary (`FLOWSIM_DEBUG_HISTORY`, `HOME`,
    /// `XDG_STATE_HOME` point into a temporary folder unless `env` sets them; a value of `""`
    /// unsets the variable).
    fn start_with(env: &[(&str, &str)], args: &[&str]) -> Terminal {
        static N: AtomicUsize = AtomicUsize::new(0);
        crate::support::require_tool("tmux", &["tmux"]);
        let socket =
            format!("flowsim-debug-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
        let quote = |a: &str| format!("'{}'", a.replace('\'', r"'\''"));
        let home = tempfile::tempdir().unwrap();
        let history = home.path().join("debug_history");
        let mut vars: Vec<(&str, String)> = vec![
            ("FLOWSIM_DEBUG_HISTORY", history.display().to_string()),
            ("HOME", home.path().display().to_string()),
            ("XDG_STATE_HOME", String::new()),
        ];
        for &(name, value) in env {
            vars.retain(|(n, _)| *n != name);
            vars.push((name, value.to_owned()));
        }
        // `env -u NAME` goes before the assignments.
        vars.sort_by_key(|(_, v)| !v.is_empty());
        let vars: Vec<String> = vars
            .iter()
            .map(
                |(n, v)| if v.is_empty() { format!("-u {n}") } else { format!("{n}={}", quote(v)) },
            )
            .collect();
        let quoted: Vec<String> = args.iter().map(|a| quote(a)).collect();
        let command = format!(
            "cd '{}' && env {} {} debug {}; echo \"exited $?\"; sleep 60",
            root().display(),
            vars.join(" "),
            env!("CARGO_BIN_EXE_flowsim"),
            quoted.join(" ")
        );
        let t = Terminal { socket, _home: home };
        t.tmux(&["new-session", "-d", "-x", "120", "-y", "40", &command]);
        t.wait_for("(flowsim) ", 1);
        t
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out =
            Command::new("tmux").args(["-L", &self.socket]).args(args).output().expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Everything the pane showed, its scrollback included.
    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-S", "-", "-J"])
    }

    /// Waits (at most 20 s, polling) until `text` appears `times` times on the screen.
    #[track_caller]
    fn wait_for(&self, text: &str, times: usize) -> String {
        let mut screen = String::new();
        for _ in 0..400 {
            screen = self.screen();
            if screen.matches(text).count() >= times {
                return screen;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("`{text}` never appeared {times} time(s); the screen:\n{screen}");
    }

    /// Sends keys as tmux names them (`Enter`, `Up`, `C-a`, `C-d`).
    fn keys(&self, keys: &[&str]) {
        self.tmux(&[&["send-keys"], keys].concat());
    }

    /// Types `line` and Enter, then waits for `shown` to appear once more than before; returns
    /// what the screen shows from the typed line on.
    #[track_caller]
    fn type_line(&self, line: &str, shown: &str) -> String {
        let before = self.screen().matches(shown).count();
        self.tmux(&["send-keys", "-l", line]);
        self.keys(&["Enter"]);
        let mut screen = self.wait_for(shown, before + 1);
        // What answers a command is printed before the next prompt: wait for that prompt too
        // (or the end of the session), so the screen holds the whole answer.
        for _ in 0..400 {
            let last = screen.trim_end().lines().last().unwrap_or_default().to_owned();
            if last.ends_with("(flowsim)")
                || last.ends_with("(input)")
                || last.starts_with("exited")
            {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
            screen = self.screen();
        }
        let typed = ["(flowsim) ", "(input) "].map(|p| screen.rfind(&format!("{p}{line}")));
        let from = typed.into_iter().flatten().max().unwrap_or(0);
        screen[from..].to_owned()
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}

/// A person at a terminal debugs the Acme IVR (Archy YAML): a breakpoint on an action by name,
/// where they are, inputs typed when the run waits for them, expressions, a parse error with its
/// caret, bad commands that leave the session going, line editing and history (rustyline), back
/// in time with a variable changed, Ctrl-C, and Ctrl-D to leave.
#[test]
#[cfg_attr(flowsim_missing = "tmux", ignore = "needs tmux on PATH (apt-get install tmux)")]
fn a_person_debugs_the_acme_ivr_in_a_terminal() {
    let t = Terminal::start(&ACME);
    let screen = t.screen();
    assert!(screen.contains("debugging Acme Main IVR (draft)"), "{screen}");
    assert!(screen.contains("at step 1: Check Hours › Initial Greeting [playAudio]"), "{screen}");

    let out = t.type_line("break Main Menu", "breakpoint 1 at");
    assert!(out.contains("breakpoint 1 at Acme Main IVR › Main Menu › Main Menu [menu]"), "{out}");
    let out = t.type_line("continue", "breakpoint 1 (Main Menu) at step 4");
    assert!(
        out.contains(" 2  Check Hours › Business hours [evaluateScheduleGroup] → open"),
        "{out}"
    );
    assert!(out.contains("at step 4: Main Menu › Main Menu [menu]"), "{out}");

    let out = t.type_line("where", "  stack ");
    assert!(out.contains("step 4: Acme Main IVR › Main Menu › Main Menu [menu]"), "{out}");
    assert!(out.contains("Balance → Main Menu › Balance [menuJumpToTask]"), "{out}");
    assert!(out.contains("Hang up → Main Menu › Hang up [menuDisconnect]"), "{out}");

    // The run waits for the caller: the prompt says so, and the digits alone answer.
    let out = t.type_line("continue", "waits for an input");
    assert!(out.trim_end().ends_with("(input)"), "the prompt asks for the input: {out}");
    let out = t.type_line("1", "waits for an input");
    assert!(out.contains("input 1 given (input 1 of the run)"), "{out}");
    assert!(
        out.contains("at step 6: Account Balance › Ask account number [collectInput]"),
        "{out}"
    );
    let out = t.type_line("123456", "Task.balance = 1250.5");
    assert!(out.contains("input 123456 given"), "{out}");

    // The run ended; expressions read its last scope.
    let out = t.type_line("print Task.balance * 2", "2501");
    assert!(out.contains("2501 (Decimal)"), "{out}");
    let out = t.type_line("print Task.balance +", "^");
    assert!(out.contains("error[syntax]"), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    let text = lines.iter().position(|l| l.ends_with("| Task.balance +")).expect("the snippet");
    assert_eq!(lines[text + 1].find('^'), Some(lines[text].len()), "caret after the `+`: {out}");

    // Bad commands: a clear message, and the session goes on.
    let out = t.type_line("break Main Menuu", "no action or node");
    assert!(out.contains("did you mean `Main Menu`?"), "{out}");
    let out = t.type_line("set Flow.nope = 1", "no flow uses a variable");
    assert!(out.contains("error[debugCommand]: no flow uses a variable `Flow.nope`"), "{out}");
    let out = t.type_line("contnue", "unknown command");
    assert!(out.contains("did you mean `continue`?"), "{out}");

    // Line editing: Ctrl-A goes to the start of the line, the missing letter is typed there.
    t.tmux(&["send-keys", "-l", "rint Flow.accountNumber"]);
    t.keys(&["C-a", "p", "Enter"]);
    t.wait_for("\"123456\" (String)", 1);
    // History: Up brings the last line back.
    t.keys(&["Up", "Enter"]);
    t.wait_for("\"123456\" (String)", 2);

    // Back in time: before "Say balance", a smaller balance, the rest of the run again.
    let out = t.type_line("goto 8", "at step 8:");
    assert!(out.contains("at step 8: Account Balance › Say balance [playAudio]"), "{out}");
    t.type_line("set Task.balance = 5", "Task.balance = 5 (Integer)");
    let out = t.type_line("continue", "the run ended");
    assert!(out.contains("says \"Your balance is 5 dollars.\""), "{out}");
    assert!(out.contains("the run ended: disconnected after 14 step(s)"), "{out}");

    // Ctrl-C drops the line; Ctrl-D leaves cleanly.
    t.tmux(&["send-keys", "-l", "print 1"]);
    t.keys(&["C-c"]);
    t.wait_for("^C (`quit` or Ctrl-D leaves)", 1);
    t.keys(&["C-d"]);
    let screen = t.wait_for("exited ", 1);
    assert!(screen.contains("exited 0"), "{screen}");
    assert!(!screen.contains("panicked"), "{screen}");
}

/// Step into a called flow, step out of it, and a breakpoint on a condition, in a terminal on
/// the seeds' JSON flows.
#[test]
#[cfg_attr(flowsim_missing = "tmux", ignore = "needs tmux on PATH (apt-get install tmux)")]
fn step_into_and_out_of_a_called_flow_in_a_terminal() {
    let t = Terminal::start(&INBOUND_A);
    let out = t.type_line("step into", "at step 2:");
    assert!(
        out.contains("at step 2: Shared_Module_Language_Select › SayHello [Say]"),
        "into the called flow: {out}"
    );
    let out = t.type_line("where", "  stack ");
    assert!(out.contains("Shared_Module_Language_Select (called by CallShared [Flow])"), "{out}");
    t.type_line("input 1", "input 1 given");
    let out = t.type_line("step out", "at step 6:");
    assert!(out.contains(" 5    EndFlow [End] ends the flow"), "{out}");
    assert!(out.contains("at step 6: CheckResult [If]"), "back in the caller: {out}");
    let out = t.type_line("print {shared_module_result} == '1'", "(Boolean)");
    assert!(out.contains("true (Boolean)"), "{out}");
    t.type_line("run", "the run ended");
    t.type_line("break if {shared_module_result} == '1'", "turns true");
    let out = t.type_line("run", "breakpoint 1 (if");
    assert!(out.contains("at step 5: Shared_Module_Language_Select › EndFlow [End]"), "{out}");
    t.type_line("quit", "exited ");
    assert!(t.screen().contains("exited 0"));
}

/// A script on standard input: each command echoed after its prompt, the whole session a
/// snapshot (the seeds' JSON flows: step, step into and out, history, back, goto, trace).
#[test]
fn a_script_drives_the_debugger_line_by_line() {
    let script = "\
where
step into
step
where
continue
1
history
goto 2
step out
back
print {shared_module_result}
set shared_module_result = '2'
continue
trace
";
    let (code, stdout, stderr) = scripted(&INBOUND_A, script);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!(stdout);
}

/// Bad input never ends the session: each refusal says what is wrong and what to type; a script
/// that had one exits 2 once its input ends, saying how many.
#[test]
fn bad_commands_are_refused_and_the_session_goes_on() {
    let script = "\
break NoSuchNode
break if
break if Flow.x ==
print 1 +* 2
set nope = 1
set shared_module_result == 2
stpe
1
back 99
goto 0
delete 3
step out
where
";
    let (code, stdout, stderr) = scripted(&INBOUND_A, script);
    assert_eq!(code, 2, "{stdout}");
    assert!(stderr.contains("12 command(s) of the script were refused"), "{stderr}");
    insta::assert_snapshot!(stdout);
    assert!(stdout.ends_with("  stack     Inbound_Flow_A\n"), "the last command still ran");
}

/// What `flowsim run` takes works here too: a request file, its start node; the end of the
/// input ends the session with code 0.
#[test]
fn a_request_file_and_its_start_node() {
    let args = [
        "--flows",
        "fixtures/flows",
        "--fixtures",
        "fixtures/data",
        "--request",
        "fixtures/requests/contact_lookup.json",
    ];
    let (code, stdout, stderr) = scripted(&args, "where\ncontinue\nprint Call.Ani\n");
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("debugging Contact_Lookup (draft)"), "{stdout}");
    assert!(stdout.contains("step 1: Contact_Lookup › LookupContact"), "{stdout}");
    assert!(stdout.contains("the run ended: completed"), "{stdout}");

    // A request the engine refuses: exit 2 before any session, as `run` says it.
    let o = flowsim(&["debug", "NoSuchFlow", "--flows", "fixtures/flows"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("NoSuchFlow"), "{}", o.stderr);
}

/// An Architect export and a bot flow of the corpus: the same commands on the other formats.
#[test]
#[cfg_attr(
    flowsim_missing = "corpus",
    ignore = "needs the flow corpus: set FLOWSIM_CORPUS or put it at ../shared/corpus"
)]
fn corpus_flows_debug_in_every_format() {
    let corpus = corpus_dir();
    let export = corpus.join(
        "i3/GenesysCloudBlueprints_design-architect-flow-data-actions-for-resiliency__CacheExample.i3InboundFlow.json",
    );
    let (code, stdout, stderr) = scripted(
        &["Cache Example", "--flows", export.to_str().unwrap()],
        "where\nstep\nvars\ncontinue\n",
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("the run ended: disconnected after 2 step(s)"), "{stdout}");
    assert!(
        stdout.contains("step 1: Cache Example › IVR cache example › Initial Greeting [playAudio]")
    );
    assert!(stdout.contains("Task.Queue = \"Services\" (String)"), "{stdout}");

    let ivr = corpus.join(
        "archy/GenesysCloudBlueprints_simple-ivr-deploy-with-cx-as-code-blueprint__blueprint_SimpleFinancialIvr_v2-0.yaml",
    );
    let (code, stdout, stderr) = scripted(
        &["SimpleFinancialIvr", "--flows", ivr.to_str().unwrap()],
        "break Main Menu\ncontinue\ncontinue\n9\n",
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("waits for an input"), "{stdout}");
    assert!(stdout.contains("the run ended: disconnected"), "{stdout}");
}

/// A bot flow called by a message flow (Archy): the customer's turn typed as `say:` when the
/// bot asks.
#[test]
fn a_bot_turn_is_typed_when_the_bot_asks() {
    let args = [
        "Order Messages",
        "--flows",
        "fixtures/archy/flows",
        "--fixtures",
        "fixtures/archy/data",
        "--message",
        "where is my order",
    ];
    let (code, stdout, stderr) = scripted(&args, "continue\nsay:it is 12345678\n");
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout
            .contains("at step 3: Order Status Bot › Order Bot › Order number [askForSlot] waits"),
        "{stdout}"
    );
    assert!(stdout.contains("says \"Order 12345678 is shipped.\""), "{stdout}");
}

/// A breakpoint on an action with a condition stops there only when the condition holds; a
/// condition alone stops where it turns true, not at every step after.
#[test]
fn conditional_breakpoints_stop_only_when_they_hold() {
    let script = "\
break SayHello if {shared_module_result} == '1'
break EndFlow if {shared_module_result} == '1'
break if Flow.nope == 1
input 1
continue
continue
breaks
delete 1
run
";
    let (code, stdout, stderr) = scripted(&INBOUND_A, script);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("breakpoint 1 at Shared_Module_Language_Select › SayHello [Say] when"),
        "{stdout}"
    );
    assert!(stdout.contains("note: no flow uses a variable `Flow.nope`"), "{stdout}");
    let stops: Vec<&str> = stdout.lines().filter(|l| l.starts_with("breakpoint 2 (")).collect();
    assert_eq!(
        stops,
        [
            "breakpoint 2 (EndFlow if {shared_module_result} == '1') at step 5: Shared_Module_Language_Select › EndFlow [End]",
            "breakpoint 2 (EndFlow if {shared_module_result} == '1') at step 9: EndFlow [End]",
            "breakpoint 2 (EndFlow if {shared_module_result} == '1') at step 5: Shared_Module_Language_Select › EndFlow [End]",
        ],
        "{stdout}"
    );
    assert!(!stdout.contains("breakpoint 1 ("), "SayHello runs before the result is set: {stdout}");
}

/// `set VAR = VALUE` converts to the variable's declared type as Update Data does (an Integer
/// into a Decimal variable is a Decimal, a number into a String variable its text); a value
/// that cannot convert is refused, the variable unchanged, and the session goes on.
#[test]
fn set_converts_to_the_declared_type_or_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let flow = dir.path().join("callback.yaml");
    let text = std::fs::read_to_string(root().join("fixtures/archy/flows/callback_retry.yaml"))
        .unwrap()
        .replacen(
            "  variables:\n",
            "  variables:\n    - decimalVariable:\n        name: Flow.ratio\n        initialValue:\n          noValue: true\n",
            1,
        );
    std::fs::write(&flow, text).unwrap();
    let args =
        ["Callback Retry", "--flows", flow.to_str().unwrap(), "--fixtures", "fixtures/archy/data"];
    let script = "set Flow.ratio = 2\nset Flow.attempt = \"x\"\nset Flow.attempt = 2.5\nset Flow.result = 7\nprint Flow.attempt\nset Flow.attempt = 2\n";
    let (code, out, err) = scripted(&args, script);
    assert_eq!(code, 2, "a set was refused: {out}{err}");
    for line in [
        "Flow.ratio = 2 (Decimal)",
        "error[debugCommand]: `set Flow.attempt`: a String value cannot be stored in a variable declared `Integer`; the variable is unchanged",
        "Flow.attempt = 2 (Integer)",
        "Flow.result = \"7\" (String)",
        "(flowsim) print Flow.attempt\n2 (Integer)",
        "Flow.attempt = 2 (Integer)",
    ] {
        assert!(out.contains(line), "{line}:\n{out}");
    }
}

/// The line history outlives the session: a first session's commands, saved when Ctrl-D
/// leaves, come back with Up in the next one; Tab completes a command (`brea` → `break `), an
/// action's name (`Get bal` → `Get balance`) and a variable as its flow spells it.
#[test]
#[cfg_attr(flowsim_missing = "tmux", ignore = "needs tmux on PATH (apt-get install tmux)")]
fn history_is_kept_across_sessions_and_tab_completes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state/debug_history");
    let env = [("FLOWSIM_DEBUG_HISTORY", file.to_str().unwrap())];
    let t = Terminal::start_with(&env, &ACME);
    t.type_line("print 20 + 22", "42 (Integer)");
    t.type_line("where", "  stack ");
    t.keys(&["C-d"]);
    assert!(t.wait_for("exited ", 1).contains("exited 0"));
    drop(t);
    let saved = std::fs::read_to_string(&file).expect("the history file was written");
    assert_eq!(saved, "print 20 + 22\nwhere\n");

    let t = Terminal::start_with(&env, &ACME);
    t.keys(&["Up", "Up", "Enter"]);
    t.wait_for("42 (Integer)", 1);

    // `brea` Tab is `break ` (the space too); `Get bal` Tab is the action's whole name.
    t.tmux(&["send-keys", "-l", "brea"]);
    t.keys(&["Tab"]);
    t.tmux(&["send-keys", "-l", "Get bal"]);
    t.keys(&["Tab", "Enter"]);
    let screen = t.wait_for("breakpoint 1 at", 1);
    assert!(screen.contains("(flowsim) break Get balance\n"), "{screen}");
    assert!(
        screen.contains("breakpoint 1 at Acme Main IVR › Account Balance › Get balance [callData]"),
        "{screen}"
    );
    // A variable, lower-case typed, completes as the flow declares it.
    t.tmux(&["send-keys", "-l", "print task.bal"]);
    t.keys(&["Tab", "Enter"]);
    let screen = t.wait_for("(flowsim) print Task.balance\n", 1);
    assert!(!screen.contains("error"), "{screen}");
    t.type_line("quit", "exited ");
    assert!(t.screen().contains("exited 0"));
    drop(t);
    let saved = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        saved, "print 20 + 22\nwhere\nprint 20 + 22\nbreak Get balance\nprint Task.balance\nquit\n",
        "the second session's lines are added to the first's"
    );
}

/// Without `FLOWSIM_DEBUG_HISTORY` the file is `$XDG_STATE_HOME/flowsim/debug_history`;
/// `--no-history` writes none; a history file that cannot be read or written is a warning and
/// the session goes on.
#[test]
#[cfg_attr(flowsim_missing = "tmux", ignore = "needs tmux on PATH (apt-get install tmux)")]
fn no_history_writes_nothing_and_a_bad_history_file_only_warns() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let xdg = [("FLOWSIM_DEBUG_HISTORY", ""), ("XDG_STATE_HOME", state.to_str().unwrap())];
    let t = Terminal::start_with(&xdg, &INBOUND_A);
    t.type_line("where", "  stack ");
    t.keys(&["C-d"]);
    assert!(t.wait_for("exited ", 1).contains("exited 0"));
    drop(t);
    let saved = std::fs::read_to_string(state.join("flowsim/debug_history")).unwrap();
    assert_eq!(saved, "where\n");

    let file = dir.path().join("debug_history");
    let env = [("FLOWSIM_DEBUG_HISTORY", file.to_str().unwrap())];
    let args = [&INBOUND_A[..], &["--no-history"]].concat();
    let t = Terminal::start_with(&env, &args);
    t.type_line("where", "  stack ");
    t.type_line("quit", "exited ");
    assert!(t.screen().contains("exited 0"));
    drop(t);
    assert!(!file.exists(), "--no-history wrote {}", file.display());

    // A folder where the file should be: one warning when it is read, none when it is left.
    let env = [("FLOWSIM_DEBUG_HISTORY", dir.path().to_str().unwrap())];
    let t = Terminal::start_with(&env, &INBOUND_A);
    let screen = t.screen();
    assert!(
        screen.contains("(the debugger's history): not a regular file (a directory)"),
        "{screen}"
    );
    t.type_line("where", "  stack ");
    t.keys(&["C-d"]);
    let screen = t.wait_for("exited ", 1);
    assert!(screen.contains("exited 0"), "{screen}");
    assert_eq!(screen.matches("warning:").count(), 1, "{screen}");
}

/// A script (standard input not a terminal, or `--commands`) never reads or writes the
/// history, whatever the environment says.
#[test]
fn a_script_keeps_no_history() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("debug_history");
    let commands = dir.path().join("commands.txt");
    std::fs::write(&commands, "where\nstep\n").unwrap();
    for (extra, stdin) in
        [(&[][..], "where\nstep\n"), (&["--commands", commands.to_str().unwrap()], "")]
    {
        let mut child = Command::new(env!("CARGO_BIN_EXE_flowsim"))
            .arg("debug")
            .args(INBOUND_A)
            .args(extra)
            .current_dir(root())
            .env("FLOWSIM_DEBUG_HISTORY", &file)
            .env("XDG_STATE_HOME", dir.path())
            .env("HOME", dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains("(flowsim) step"));
        let left: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(left, ["commands.txt"], "a script wrote a history file");
    }
}
