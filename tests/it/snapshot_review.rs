//! Snapshots like insta, through the binary: a trimmed diff, `flowsim
//! snapshots review|accept|reject|pending`, `--unreferenced`, redactions; the interactive review
//! and the progress line in a real terminal (tmux).

use crate::cli::flowsim;
use crate::support::root;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A scenario file in `dir` over the bundled flows and fixtures.
fn suite(dir: &Path, body: &str) -> PathBuf {
    let text = format!(
        "flows: {}\nfixtures: [{}]\n{body}",
        root().join("fixtures/flows").display(),
        root().join("fixtures/data").display()
    );
    let path = dir.join("menu.scenarios.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

const TWO: &str = "scenarios:\n  - name: press one\n    flow: Inbound_Flow_A\n    inputs: [\"1\"]\n    snapshot: true\n  - name: press two\n    flow: Inbound_Flow_A\n    inputs: [\"2\"]\n    snapshot: true\n";

/// `flowsim ARGS --path DIR` (or `test DIR`), as strings.
fn run(args: &[&str], dir: &Path) -> crate::cli::Output {
    let mut all: Vec<&str> = args.to_vec();
    let d = dir.to_str().unwrap();
    if args[0] == "test" {
        all.push(d);
    } else {
        all.extend(["--path", d]);
    }
    flowsim(&all)
}

/// Both snapshots stored, then both scenarios changed so that both are pending.
fn two_pending(dir: &Path) -> PathBuf {
    let file = suite(dir, TWO);
    assert_eq!(run(&["test", "--accept"], dir).code, 0);
    let changed = std::fs::read_to_string(&file)
        .unwrap()
        .replace("[\"1\"]", "[\"9\"]")
        .replace("[\"2\"]", "[\"1\"]");
    std::fs::write(&file, changed).unwrap();
    let o = run(&["test"], dir);
    assert_eq!(o.code, 1, "{}", o.stdout);
    file
}

#[test]
fn a_changed_snapshot_shows_a_trimmed_diff_and_pending_files_are_accepted_or_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let file = suite(dir.path(), TWO);
    assert_eq!(run(&["test", "--accept"], dir.path()).code, 0);
    let snaps = dir.path().join("__snapshots__");
    let one = snaps.join("menu__press-one.snap");
    let stored = std::fs::read_to_string(&one).unwrap();
    assert!(stored.lines().count() > 100, "a long result: {}", stored.lines().count());

    // A one-line change: only that line and its context, with line numbers.
    std::fs::write(&one, stored.replace("\"elapsedMs\": 0", "\"elapsedMs\": 5")).unwrap();
    let o = run(&["test"], dir.path());
    assert_eq!(o.code, 1);
    // The last lines, three of context before the change and one after: `},` (the
    // prompts'), `"error": null,`, `"warnings": [],`, the changed `"elapsedMs"`, the final `}`.
    let n = stored.lines().count();
    let (p, e, w, m) = (n - 4, n - 3, n - 2, n - 1);
    let diff = format!(
        "       -stored\n       +new\n{p:>12} {p:>5} │   }},\n{e:>12} {e:>5} │   \"error\": null,\n{w:>12} {w:>5} │   \"warnings\": [],\n{m:>12}       │-  \"elapsedMs\": 5\n{m:>18} │+  \"elapsedMs\": 0\n{n:>12} {n:>5} │ }}\n       the new trace is in"
    );
    assert!(o.stdout.contains(&diff), "{}\nwant:\n{diff}", o.stdout);
    assert!(!o.stdout.contains('\x1b'), "no colour in a pipe");

    two_pending(dir.path());
    let o = run(&["test"], dir.path());
    assert!(o.stdout.contains("│-        \"digits\": \"1\"\n"), "{}", o.stdout);
    assert!(o.stdout.contains("│+        \"digits\": \"9\"\n"), "{}", o.stdout);
    assert!(o.stdout.contains("┈┈┈┈┈"), "hunks apart: {}", o.stdout);
    assert!(o.stdout.contains("flowsim snapshots review"), "says how to review: {}", o.stdout);

    let listed = run(&["snapshots", "pending"], dir.path());
    let f = file.display();
    assert_eq!(listed.stdout, format!("{f} › press one\n{f} › press two\n"));
    // A filter picks one; the other stays pending.
    let o = run(&["snapshots", "accept", "PRESS ONE"], dir.path());
    assert_eq!(o.code, 0);
    assert_eq!(o.stdout, format!("accepted {f} › press one\n1 snapshot(s) accepted\n"));
    assert!(std::fs::read_to_string(&one).unwrap().contains("\"digits\": \"9\""));
    assert!(!snaps.join("menu__press-one.snap.new").exists());
    let o = run(&["snapshots", "reject"], dir.path());
    assert_eq!(o.stdout, format!("rejected {f} › press two\n1 snapshot(s) rejected\n"));
    assert!(!snaps.join("menu__press-two.snap.new").exists());
    assert!(std::fs::read_to_string(snaps.join("menu__press-two.snap")).unwrap().contains("\"2\""));
    assert_eq!(run(&["snapshots", "accept"], dir.path()).stdout, "no pending snapshots\n");
    // Review asks questions: it needs a terminal, and says what to use instead.
    let o = run(&["snapshots", "review"], dir.path());
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("needs a terminal"), "{}", o.stderr);
    assert!(o.stderr.contains("flowsim snapshots accept"), "{}", o.stderr);
    // A path that does not exist is bad input.
    let o = flowsim(&["snapshots", "pending", "--path", "no/such/dir"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
}

#[test]
fn unreferenced_snapshots_are_warned_about_rejected_or_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let file = suite(dir.path(), TWO);
    assert_eq!(run(&["test", "--accept"], dir.path()).code, 0);
    std::fs::write(&file, std::fs::read_to_string(&file).unwrap().replace("press two", "other"))
        .unwrap();
    let orphan = dir.path().join("__snapshots__/menu__press-two.snap");
    std::fs::write(orphan.with_extension("snap.new"), "stale\n").unwrap();
    let o = run(&["test", "--accept"], dir.path());
    assert_eq!(o.code, 0, "warn by default: {}", o.stdout);
    assert!(o.stdout.contains("warning: orphaned snapshot"), "{}", o.stdout);
    assert!(o.stdout.contains("--unreferenced=delete"), "{}", o.stdout);
    let o = run(&["test", "--unreferenced", "reject"], dir.path());
    assert_eq!(o.code, 1);
    assert!(o.stdout.contains("error: orphaned snapshot"), "{}", o.stdout);
    let o = run(&["test", "--ci"], dir.path());
    assert_eq!(o.code, 1, "reject under --ci: {}", o.stdout);
    let o = run(&["test", "--ci", "--unreferenced", "ignore"], dir.path());
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert!(!o.stdout.contains("orphaned"), "{}", o.stdout);
    let o = run(&["test", "--format", "github", "--unreferenced=reject"], dir.path());
    assert!(o.stdout.contains("title=unreferenced snapshot::"), "{}", o.stdout);
    let o = run(&["test", "--unreferenced=delete"], dir.path());
    assert_eq!(o.code, 0);
    assert!(o.stdout.contains(&format!("deleted unreferenced snapshot {}", orphan.display())));
    assert!(!orphan.exists() && !orphan.with_extension("snap.new").exists());
    assert!(dir.path().join("__snapshots__/menu__press-one.snap").exists(), "the claimed stays");
    let o = run(&["test", "--ci"], dir.path());
    assert_eq!(o.code, 0, "{}", o.stdout);

    // A stale pending snapshot whose snapshot and scenario are both gone is an orphan too.
    let stale = dir.path().join("__snapshots__/menu__gone.snap.new");
    std::fs::write(&stale, "stale\n").unwrap();
    let o = run(&["test"], dir.path());
    assert_eq!(o.code, 0, "warn by default: {}", o.stdout);
    assert!(o.stdout.contains(&format!("warning: orphaned snapshot {}", stale.display())));
    let o = run(&["test", "--unreferenced=reject"], dir.path());
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(o.stdout.contains(&format!("error: orphaned snapshot {}", stale.display())));
    let o = run(&["test", "--unreferenced=delete"], dir.path());
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains(&format!("deleted unreferenced snapshot {}", stale.display())));
    assert!(!stale.exists());
    assert_eq!(run(&["test", "--ci"], dir.path()).code, 0);
}

#[test]
fn redactions_replace_volatile_fields_before_comparing() {
    let dir = tempfile::tempdir().unwrap();
    let body = "redact:\n  /variables/shared_module_result: \"[choice]\"\nscenarios:\n  - name: press one\n    flow: Inbound_Flow_A\n    inputs: [\"1\"]\n    snapshot: true\n    redact: [\"/trace/*/result/digits\", \"/**/nodeName\"]\n";
    let file = suite(dir.path(), body);
    assert_eq!(run(&["test", "--accept"], dir.path()).code, 0);
    let snap = dir.path().join("__snapshots__/menu__press-one.snap");
    let stored: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&snap).unwrap()).unwrap();
    assert_eq!(stored["variables"]["shared_module_result"], "[choice]");
    let trace = stored["trace"].as_array().unwrap();
    assert!(trace.iter().all(|s| s["nodeName"] == "[redacted]"), "{stored:#}");
    assert!(trace.iter().any(|s| s["result"]["digits"] == "[redacted]"), "{stored:#}");
    assert!(trace
        .iter()
        .all(|s| s["result"]["digits"].is_null() || s["result"]["digits"] == "[redacted]"));
    assert_eq!(stored["route"]["queueId"], "q-support", "the rest as it was");
    assert_eq!(run(&["test", "--ci"], dir.path()).code, 0, "the redacted snapshot matches");

    // Bad redactions are bad input with the file and line.
    suite(dir.path(), &body.replace("/trace/*/result/digits", "trace/digits"));
    let o = run(&["test"], dir.path());
    // Load errors are diagnostics on stderr, as `check` prints them.
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains(&format!("{}:10:", file.display())), "{}", o.stderr);
    assert!(o.stderr.contains("is not a JSON Pointer"), "{}", o.stderr);
    let o = {
        suite(dir.path(), &body.replace("    snapshot: true\n", ""));
        run(&["test"], dir.path())
    };
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("add `snapshot: true`"), "{}", o.stderr);
}

/// A tmux server of its own, killed when dropped (the terminal tests of `test`, `replay` and
/// the watch use it too).
pub(crate) struct Tmux(String);

impl Tmux {
    /// Starts `command` in a 120×40 pane; tmux must be there (a test that uses it is marked
    /// `#[cfg_attr(flowsim_missing = "tmux", ignore = ...)]`).
    #[track_caller]
    pub(crate) fn start(name: &str, command: &str) -> Tmux {
        crate::support::require_tool("tmux", &["tmux"]);
        let t = Tmux(format!("flowsim-{name}-{}", std::process::id()));
        t.cmd(&["new-session", "-d", "-x", "120", "-y", "40", command]);
        t
    }

    pub(crate) fn cmd(&self, args: &[&str]) -> String {
        let out =
            std::process::Command::new("tmux").args(["-L", &self.0]).args(args).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The pane (with escape sequences) once it contains `text`; at most 30 s (a loaded CI
    /// machine).
    #[track_caller]
    pub(crate) fn wait_for(&self, text: &str) -> String {
        let mut screen = String::new();
        for _ in 0..600 {
            screen = self.cmd(&["capture-pane", "-p", "-e", "-S", "-200"]);
            if screen.contains(text) {
                return screen;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the pane never showed {text:?}:\n{screen}");
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.cmd(&["kill-server"]);
    }
}

#[test]
#[cfg_attr(flowsim_missing = "tmux", ignore = "needs tmux on PATH (apt-get install tmux)")]
fn review_walks_pending_snapshots_in_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    two_pending(dir.path());
    let snaps = dir.path().join("__snapshots__");
    let command = format!(
        "cd {} && env -u NO_COLOR -u CLICOLOR_FORCE {} snapshots review; echo EXIT=$?; sleep 60",
        dir.path().display(),
        env!("CARGO_BIN_EXE_flowsim")
    );
    let t = Tmux::start("review", &command);
    let screen = t.wait_for("q quit");
    assert!(screen.contains("Reviewing [1/2] ./menu.scenarios.yaml › press one"), "{screen}");
    // Coloured in a terminal: removed lines red, added lines green.
    // tmux writes a colour where it starts: before the first of a run of such lines.
    let coloured = |colour: &str, mark: &str| {
        screen.lines().any(|l| l.contains(mark) && l.find(colour) < l.find(mark))
    };
    assert!(coloured("[31m", "│-") && coloured("[32m", "│+"), "{screen:?}");
    t.cmd(&["send-keys", "i"]);
    let screen = t.wait_for("│     inputs: [\"9\"]");
    assert!(screen.contains("│   - name: press one"), "shows the scenario: {screen}");
    t.cmd(&["send-keys", "a"]);
    t.wait_for("Reviewing [2/2] ./menu.scenarios.yaml › press two");
    t.cmd(&["send-keys", "s"]);
    let screen = t.wait_for("EXIT=");
    assert!(screen.contains("review done: 1 accepted, 0 rejected, 1 skipped"), "{screen}");
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert!(!snaps.join("menu__press-one.snap.new").exists(), "accepted");
    assert!(std::fs::read_to_string(snaps.join("menu__press-one.snap")).unwrap().contains("\"9\""));
    assert!(snaps.join("menu__press-two.snap.new").exists(), "skipped: still pending");
    drop(t);

    // Rejecting, then quitting.
    let t = Tmux::start("review2", &command);
    t.wait_for("Reviewing [1/1]");
    t.cmd(&["send-keys", "r"]);
    let screen = t.wait_for("EXIT=");
    assert!(screen.contains("review done: 0 accepted, 1 rejected, 0 skipped"), "{screen}");
    assert!(!snaps.join("menu__press-two.snap.new").exists());
    assert!(std::fs::read_to_string(snaps.join("menu__press-two.snap")).unwrap().contains("\"2\""));
}

/// The progress line: drawn on a terminal's stderr, gone once the report prints; never in a
/// pipe, nor under `CI`.
#[test]
#[cfg_attr(flowsim_missing = "tmux", ignore = "needs tmux on PATH (apt-get install tmux)")]
fn the_progress_line_shows_on_a_terminal_only() {
    progress_in_a_terminal("progress", "test fixtures/scenarios --tags smoke", "scenarios run");
}

/// `flowsim mutate`'s progress line, the same way: mutants counted as each is judged (the
/// survivors named), cleared before the report; nothing in a pipe or under `CI`.
#[test]
#[cfg_attr(flowsim_missing = "tmux", ignore = "needs tmux on PATH (apt-get install tmux)")]
fn the_mutate_progress_line_shows_on_a_terminal_only() {
    let args = "mutate fixtures/scenarios --max-mutants 12 --min-score 0";
    progress_in_a_terminal("mutate-progress", args, "mutants tried");
}

/// `flowsim traffic`'s progress line, the same way: executions counted as each is taken back
/// (the diverged named), cleared before the report; nothing in a pipe or under `CI`.
#[test]
#[cfg_attr(flowsim_missing = "tmux", ignore = "needs tmux on PATH (apt-get install tmux)")]
fn the_traffic_progress_line_shows_on_a_terminal_only() {
    let args =
        "traffic fixtures/executions --flows fixtures/archy/flows --fixtures fixtures/archy/data";
    progress_in_a_terminal("traffic-progress", args, "executions replayed");
}

/// `flowsim replay`'s progress line, the same way: counted interactions on a terminal's
/// stderr, cleared before the report; nothing in a pipe or under `CI`.
#[test]
#[cfg_attr(flowsim_missing = "tmux", ignore = "needs tmux on PATH (apt-get install tmux)")]
fn the_replay_progress_line_shows_on_a_terminal_only() {
    let args =
        "replay fixtures/cassettes/emulator.json --flows fixtures/flows --fixtures fixtures/data";
    progress_in_a_terminal("replay-progress", args, "interactions replayed");
}

/// Runs `flowsim ARGS` piped (it succeeds, and nothing is on its stderr), then in a pane,
/// stdout discarded, with `CI` unset (the line is drawn) and set (it is not), and checks what
/// the pane received: the line (`counted` in it) or none, and that none is left on the screen.
#[track_caller]
fn progress_in_a_terminal(name: &str, args: &str, counted: &str) {
    let argv: Vec<&str> = args.split(' ').collect();
    let o = flowsim(&argv);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert_eq!(o.stderr, "", "nothing on a piped stderr");
    let bin = env!("CARGO_BIN_EXE_flowsim");
    let root = root().display().to_string();
    let log = tempfile::NamedTempFile::new().unwrap();
    let log_path = log.path().display().to_string();
    for (ci, expect_bar) in [("-u CI", true), ("CI=true", false)] {
        // The pane waits for Enter, so that everything it prints is recorded.
        let command = format!(
            "cd {root} && read go && env {ci} NO_COLOR=1 {bin} {args} > /dev/null; echo DONE; sleep 60"
        );
        let t = Tmux::start(&format!("{name}-{expect_bar}"), &command);
        std::fs::write(log.path(), "").unwrap();
        t.cmd(&["pipe-pane", "-o", &format!("cat >> {log_path}")]);
        t.cmd(&["send-keys", "Enter"]);
        let screen = t.wait_for("DONE");
        // What the pane received, once the pipe has passed it all on.
        let mut raw = String::new();
        for _ in 0..600 {
            raw = std::fs::read_to_string(log.path()).unwrap_or_default();
            if raw.contains("DONE") {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        assert_eq!(raw.contains(counted), expect_bar, "{ci}: {raw:?}");
        assert!(!screen.contains(counted), "cleared once done: {screen}");
    }
}

/// A repository can ship `__snapshots__/NAME.snap.new` as a link to any file, or
/// `__snapshots__` itself as a link to any folder: a run that writes a pending or accepted
/// snapshot used to write the run's JSON there. Now the link is refused, named, and the file it
/// points at is untouched.
#[cfg(unix)]
#[test]
fn snapshots_are_never_written_through_a_link_the_repository_ships() {
    let dir = tempfile::tempdir().unwrap();
    let (project, outside) = (dir.path().join("project"), dir.path().join("outside"));
    std::fs::create_dir_all(&project).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    let victim = outside.join("victim.txt");
    std::fs::write(&victim, "precious\n").unwrap();

    // A pending file that is a link, when the snapshot differs.
    let file = suite(&project, TWO);
    assert_eq!(run(&["test", "--accept"], &project).code, 0);
    let changed = std::fs::read_to_string(&file).unwrap().replace("[\"1\"]", "[\"9\"]");
    std::fs::write(&file, changed).unwrap();
    let link = project.join("__snapshots__/menu__press-one.snap.new");
    std::os::unix::fs::symlink("../../outside/victim.txt", &link).unwrap();
    let o = run(&["test"], &project);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    assert!(
        o.stdout.contains(&format!(
            "the new trace was not written: {} is a symbolic link (to ../../outside/victim.txt): flowsim does not write through a link it did not make; remove the link",
            link.display()
        )),
        "{}",
        o.stdout
    );
    // Nor an accepted snapshot that is a link.
    std::fs::remove_file(&link).unwrap();
    let snap = project.join("__snapshots__/menu__press-one.snap");
    std::fs::remove_file(&snap).unwrap();
    std::os::unix::fs::symlink("../../outside/victim.txt", &snap).unwrap();
    let o = run(&["test", "--accept"], &project);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("is a symbolic link (to ../../outside/victim.txt)"), "{}", o.stdout);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");

    // A `__snapshots__` folder that is a link.
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    suite(&other, TWO);
    std::os::unix::fs::symlink("../outside", other.join("__snapshots__")).unwrap();
    for args in [&["test"][..], &["test", "--accept"][..]] {
        let o = run(args, &other);
        assert_eq!(o.code, 1, "{args:?}: {}{}", o.stdout, o.stderr);
        assert!(
            o.stdout.contains(&format!(
                "{} is a symbolic link (to ../outside)",
                other.join("__snapshots__").display()
            )),
            "{}",
            o.stdout
        );
    }
    let names: Vec<_> =
        std::fs::read_dir(&outside).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["victim.txt"]);
}

/// A linked folder below the folder `test` is given is not searched: a scenario file reached
/// through it would write its snapshots where the link points, and links back up the tree
/// (two of them branch at every level) would never end. The folder given may be a link.
#[test]
fn linked_folders_below_the_folder_given_are_not_searched() {
    let dir = tempfile::tempdir().unwrap();
    let (project, outside) = (dir.path().join("project"), dir.path().join("outside"));
    std::fs::create_dir_all(project.join("tests")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    suite(&project.join("tests"), TWO);
    suite(&outside, TWO);
    std::os::unix::fs::symlink("../outside", project.join("elsewhere")).unwrap();
    std::os::unix::fs::symlink(".", project.join("tests/again")).unwrap();
    std::os::unix::fs::symlink("..", project.join("tests/up")).unwrap();
    let o = run(&["test", "--accept"], &project);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("2 passed, 0 failed"), "the two scenarios, once: {}", o.stdout);
    assert!(project.join("tests/__snapshots__/menu__press-one.snap").is_file());
    let names: Vec<_> =
        std::fs::read_dir(&outside).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["menu.scenarios.yaml"], "nothing written through the link");
    // Named itself, a linked folder is the user's choice, and read.
    let o = run(&["test", "--accept"], &project.join("elsewhere"));
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("2 passed, 0 failed"), "{}", o.stdout);
}

/// A scenario's name becomes a file name as a slug: `../../outside/evil` cannot climb.
#[test]
fn a_scenario_name_with_dot_dot_stays_in_the_snapshots_folder() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    std::fs::create_dir_all(&project).unwrap();
    suite(
        &project,
        "scenarios:\n  - name: \"../../outside/evil\"\n    flow: Inbound_Flow_A\n    inputs: [\"1\"]\n    snapshot: true\n",
    );
    let o = run(&["test", "--accept"], &project);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let mut names: Vec<String> = std::fs::read_dir(project.join("__snapshots__"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(
        names[0].starts_with("menu__outside-evil--")
            && std::path::Path::new(&names[0]).extension().is_some_and(|e| e == "snap"),
        "{names:?}"
    );
    let mut around: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    around.sort();
    assert_eq!(around, ["project"]);
}

const PARTS: &str = "scenarios:\n  - name: press one\n    flow: Inbound_Flow_A\n    inputs: [\"1\"]\n    snapshot: [route, path]\n";

/// A snapshot of chosen parts is readable text, one fact a line: a change diffs as the lines
/// that changed, and the review shows them coloured.
#[test]
fn a_snapshot_of_chosen_parts_is_one_fact_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = suite(dir.path(), PARTS);
    assert_eq!(run(&["test", "--accept"], dir.path()).code, 0);
    let snap = dir.path().join("__snapshots__/menu__press-one.snap");
    assert_eq!(
        std::fs::read_to_string(&snap).unwrap(),
        "[path]
Inbound_Flow_A › CallShared (Flow) → success
  Shared_Module_Language_Select › SayHello (Say) → success
  Shared_Module_Language_Select › GatherInput (Gather) → success
  Shared_Module_Language_Select › SetResult (Set) → success
  Shared_Module_Language_Select › EndFlow (End) → end
Inbound_Flow_A › CheckResult (If) → condition[0]
Inbound_Flow_A › RouteToAgent (Route) → success
Inbound_Flow_A › PlayGoodbye (Say) → success
Inbound_Flow_A › EndFlow (End) → end

[route]
queueId = \"q-support\"
queueName = \"Support\"
"
    );
    std::fs::write(&file, std::fs::read_to_string(&file).unwrap().replace("[\"1\"]", "[\"2\"]"))
        .unwrap();
    let o = run(&["test"], dir.path());
    assert_eq!(o.code, 1);
    let changed: Vec<&str> =
        o.stdout.lines().filter(|l| l.contains(" │-") || l.contains(" │+")).collect();
    assert_eq!(
        changed,
        [
            "           7       │-Inbound_Flow_A › CheckResult (If) → condition[0]",
            "           8       │-Inbound_Flow_A › RouteToAgent (Route) → success",
            "                 7 │+Inbound_Flow_A › CheckResult (If) → default",
            "          13       │-queueId = \"q-support\"",
            "          14       │-queueName = \"Support\"",
            "                12 │+none",
        ],
        "{}",
        o.stdout
    );
    // A name that is no part is a load error at its place.
    let bad = PARTS.replace("[route, path]", "[route, paths]");
    suite(dir.path(), &bad);
    let o = run(&["test"], dir.path());
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("`paths` is not a part to snapshot"), "{}", o.stderr);
    assert!(o.stderr.contains("menu.scenarios.yaml:7:"), "{}", o.stderr);
}

#[test]
#[cfg_attr(flowsim_missing = "tmux", ignore = "needs tmux on PATH (apt-get install tmux)")]
fn review_colours_a_part_snapshots_changed_lines() {
    let dir = tempfile::tempdir().unwrap();
    let file = suite(dir.path(), PARTS);
    assert_eq!(run(&["test", "--accept"], dir.path()).code, 0);
    std::fs::write(&file, std::fs::read_to_string(&file).unwrap().replace("[\"1\"]", "[\"2\"]"))
        .unwrap();
    assert_eq!(run(&["test"], dir.path()).code, 1);
    let command = format!(
        "cd {} && env -u NO_COLOR -u CLICOLOR_FORCE {} snapshots review; echo EXIT=$?; sleep 60",
        dir.path().display(),
        env!("CARGO_BIN_EXE_flowsim")
    );
    let t = Tmux::start("review-parts", &command);
    let screen = t.wait_for("q quit");
    let line = |mark: &str| {
        screen.lines().find(|l| l.contains(mark)).unwrap_or_else(|| panic!("{mark}: {screen}"))
    };
    // Each changed fact is its own line, coloured: gone red, new green (tmux writes a colour
    // where it starts, so the first line of a run carries it).
    assert!(
        line("│-Inbound_Flow_A › CheckResult (If) → condition[0]").contains("[31m"),
        "{screen:?}"
    );
    assert!(line("│+Inbound_Flow_A › CheckResult (If) → default").contains("[32m"), "{screen:?}");
    assert!(line("│-queueId = \"q-support\"").contains("[31m"), "{screen:?}");
    t.cmd(&["send-keys", "a"]);
    let screen = t.wait_for("EXIT=");
    assert!(screen.contains("review done: 1 accepted"), "{screen}");
}
