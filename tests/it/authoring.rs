//! The authoring loop through the real binary: `flowsim init`, per-scenario fixtures, load
//! errors rendered as diagnostics, and `test --watch` / `check --watch` re-running on a save.

use crate::cli::flowsim;
use crate::support::{lines, read_until};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn s(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temp path")
}

/// A fresh project made by `flowsim init`.
#[track_caller]
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = flowsim(&["init", s(dir.path())]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    dir
}

#[test]
fn init_makes_a_project_that_passes_and_never_overwrites() {
    let dir = project();
    let root = dir.path();
    let test = flowsim(&["test", s(root)]);
    assert_eq!(test.code, 0, "{}{}", test.stdout, test.stderr);
    assert!(test.stdout.ends_with("4 passed, 0 failed\n"), "{}", test.stdout);
    let check = flowsim(&[
        "check",
        "--flows",
        s(&root.join("flows")),
        "--fixtures",
        s(&root.join("fixtures")),
    ]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    // Built from source, so on no package index: no workflow that would fail its first push.
    assert!(!root.join(".github").exists());
    let init = flowsim(&["init", s(&root.join("again"))]);
    assert!(
        init.stdout.contains("note: no CI workflow: this flowsim was built from source"),
        "{}",
        init.stdout
    );
    let with = flowsim(&["init", "--workflow", "--install", "pypi", s(root)]);
    assert_eq!(with.code, 0, "{}", with.stderr);
    let ci = std::fs::read_to_string(root.join(".github/workflows/flowsim.yml")).unwrap();
    let ci = flowsim::util::yaml::to_json(&ci).expect("the CI snippet is YAML");
    assert!(ci["jobs"]["flowsim"]["steps"].as_array().is_some_and(|s| s.len() >= 4), "{ci:?}");
    std::fs::remove_dir_all(root.join("again")).unwrap();

    // A second init writes nothing, names what is in the way, exits 2.
    let flow = root.join("flows/main_menu.yaml");
    std::fs::write(&flow, "{\"mine\": true}").unwrap();
    std::fs::remove_file(root.join("fixtures/queues.yaml")).unwrap();
    let again = flowsim(&["init", s(root)]);
    assert_eq!(again.code, 2, "{}", again.stdout);
    assert!(
        again.stderr.contains("would overwrite 11 file(s); nothing was written"),
        "{}",
        again.stderr
    );
    assert!(again.stderr.contains("main_menu.yaml"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&flow).unwrap(), "{\"mine\": true}");
    assert!(
        !root.join("fixtures/queues.yaml").exists(),
        "nothing is written when one file is in the way"
    );
}

/// `init` is all or nothing: a file where it puts a directory (`.github`) refuses the command
/// before anything is written.
#[test]
fn init_writes_nothing_when_a_directory_it_needs_is_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("p");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(root.join(".github"), "").unwrap();
    let o = flowsim(&["init", "--install", "pypi", s(&root)]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains(
            ".github is a file, where flowsim init puts a directory; nothing was written"
        ),
        "{}",
        o.stderr
    );
    let files: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(files, [std::ffi::OsString::from(".github")], "nothing else is written");
}

#[test]
fn per_scenario_fixtures_extend_or_replace_the_files() {
    let dir = project();
    let root = dir.path();
    std::fs::create_dir(root.join("fixtures/eu")).unwrap();
    std::fs::write(
        root.join("fixtures/eu/eu.json"),
        r#"{"queues": [{"id": "q-sales-eu", "name": "Sales"}]}"#,
    )
    .unwrap();
    std::fs::write(
        root.join("tests/own.scenarios.yaml"),
        r#"flows: ../flows
fixtures: [../fixtures/queues.yaml]
scenarios:
  - name: the file's queues
    flow: Main Menu
    inputs: ["1"]
    expect: {route: {queueId: q-sales}}
  - name: only its own queues
    flow: Main Menu
    inputs: ["1"]
    inheritFixtures: false
    fixtures: ../fixtures/eu/eu.json
    expect: {route: {queueId: q-sales-eu}}
"#,
    )
    .unwrap();
    let out = flowsim(&["test", s(&root.join("tests"))]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.ends_with("6 passed, 0 failed\n"), "{}", out.stdout);

    // Extending instead of replacing: two queues named Sales is a load error, placed on the
    // scenario's `fixtures:` line, with the fixture file's own error after it.
    let text = std::fs::read_to_string(root.join("tests/own.scenarios.yaml")).unwrap();
    std::fs::write(
        root.join("tests/own.scenarios.yaml"),
        text.replace("    inheritFixtures: false\n", ""),
    )
    .unwrap();
    let out = flowsim(&["test", s(&root.join("tests/own.scenarios.yaml"))]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.is_empty(), "load errors are not a report: {}", out.stdout);
    assert!(
        out.stderr.contains("scenario `only its own queues`: its fixtures do not load"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("own.scenarios.yaml:11:5"), "{}", out.stderr);
    assert!(out.stderr.contains("eu.json"), "{}", out.stderr);
}

#[test]
fn test_load_errors_are_diagnostics_on_stderr_with_carets() {
    let dir = project();
    let root = dir.path();
    std::fs::create_dir(root.join("more")).unwrap();
    std::fs::write(
        root.join("more/typo.scenarios.yaml"),
        "flows: ../tests/../flows\nscenarios:\n  - name: a\n    flow: Main Menu\n    expect:\n      stauts: completed\n",
    )
    .unwrap();
    std::fs::write(
        root.join("more/missing.scenarios.yaml"),
        "flows: ./../tests/../nowhere\nscenarios:\n  - {name: a, flow: Main Menu}\n",
    )
    .unwrap();
    let out = flowsim(&["test", s(&root.join("more"))]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(out.stdout, "", "nothing ran: no `0 passed, 0 failed`");
    let err = out.stderr;
    assert!(
        err.contains("error[scenarioFile]: scenarios[0].expect: unknown field `stauts`"),
        "{err}"
    );
    assert!(
        err.contains(
            "typo.scenarios.yaml:6:7\n   |\n   |       stauts: completed\n   |       ^^^^^^\n"
        ),
        "{err}"
    );
    assert!(err.contains(&format!("--> {}\n", root.join("nowhere").display())), "{err}");
    assert!(!err.contains("/../"), "paths are normalised: {err}");
    assert!(err.ends_with("3 error(s), 0 warning(s)\n"), "{err}");
}

/// Sends SIGINT and waits (bounded) for a clean exit.
#[cfg(unix)]
#[track_caller]
fn interrupt(child: &mut std::process::Child) -> std::process::ExitStatus {
    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    for _ in 0..300 {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    panic!("the watch did not stop on Ctrl-C");
}

/// Kills the child if a test fails before it is stopped.
struct Reap(std::process::Child);

impl Drop for Reap {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[cfg(unix)]
#[test]
fn test_watch_reruns_only_what_a_save_affects() {
    let dir = project();
    let root = dir.path();
    // A second suite with flows of its own: a change to main_menu.yaml is none of its business.
    std::fs::create_dir_all(root.join("other/flows")).unwrap();
    std::fs::copy(root.join("flows/main_menu.yaml"), root.join("other/flows/menu.yaml")).unwrap();
    std::fs::write(
        root.join("other/other.scenarios.yaml"),
        "fixtures: [../fixtures]\nscenarios:\n  - {name: other, flow: Main Menu, inputs: [\"1\"], expect: {route: {queueId: q-sales}}}\n",
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_flowsim"))
        .args(["test", "--watch", s(root)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = lines(child.stdout.take().unwrap());
    let err = lines(child.stderr.take().unwrap());
    let mut child = Reap(child);
    let first = read_until(&out, " passed, ");
    assert_eq!(first.last().unwrap(), "5 passed, 0 failed", "{first:#?}");
    read_until(&err, "[watch] waiting for changes");

    // A save that breaks a prompt: only the file that reads that flow runs, and fails.
    let flow = root.join("flows/main_menu.yaml");
    let text = std::fs::read_to_string(&flow).unwrap();
    std::fs::write(&flow, text.replace("Connecting you now.", "Connecting.")).unwrap();
    let round = read_until(&out, " passed, ");
    assert!(round.iter().all(|l| !l.contains("other.scenarios.yaml")), "{round:#?}");
    assert!(
        round.iter().any(|l| l.starts_with("FAIL ") && l.contains("reaches support")),
        "{round:#?}"
    );
    assert_eq!(round.last().unwrap(), "3 passed, 1 failed", "{round:#?}");
    let status = read_until(&err, "running 1 of 2 scenario file(s)");
    assert!(status.last().unwrap().contains("main_menu.yaml"), "{status:#?}");

    // A change to the other suite's own flow runs only that file.
    let other = root.join("other/flows/menu.yaml");
    let text = std::fs::read_to_string(&other).unwrap();
    std::fs::write(&other, text.replace("Goodbye.", "Bye.")).unwrap();
    let round = read_until(&out, " passed, ");
    assert_eq!(
        round,
        [
            "PASS ".to_owned() + s(&root.join("other/other.scenarios.yaml")) + " › other",
            "1 passed, 0 failed".into()
        ]
    );

    // A new scenario file runs when it appears.
    std::fs::write(
        root.join("tests/new.scenarios.yaml"),
        "flows: ../flows\nfixtures: [../fixtures]\nscenarios:\n  - {name: fresh, flow: Main Menu, inputs: [\"2\"]}\n",
    )
    .unwrap();
    let round = read_until(&out, " passed, ");
    assert!(round.iter().any(|l| l.ends_with("new.scenarios.yaml › fresh")), "{round:#?}");

    let status = interrupt(&mut child.0);
    assert!(status.success(), "Ctrl-C ends the watch cleanly: {status:?}");
    read_until(&err, "[watch] stopped");
}

/// The watch names what changed as the user would type it from where it runs, and an
/// editor's scratch files (`sed -i`'s `sedXXXXXX`, Vim's swap file and write probe, a backup)
/// are not among the changes.
#[cfg(unix)]
#[test]
fn test_watch_names_changes_relative_to_its_folder_and_ignores_scratch_files() {
    let dir = project();
    let root = dir.path();
    let mut child = Command::new(env!("CARGO_BIN_EXE_flowsim"))
        .args(["test", "--watch"])
        .current_dir(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = lines(child.stdout.take().unwrap());
    let err = lines(child.stderr.take().unwrap());
    let mut child = Reap(child);
    read_until(&out, " passed, ");
    read_until(&err, "[watch] waiting for changes");
    for scratch in [".main_menu.yaml.swp", "4913", "main_menu.yaml~"] {
        std::fs::write(root.join("flows").join(scratch), "scratch").unwrap();
    }
    let sed = Command::new("sed")
        .args(["-i", "s/Connecting you now./Connecting./", "flows/main_menu.yaml"])
        .current_dir(root)
        .status()
        .unwrap();
    assert!(sed.success());
    let status = read_until(&err, "scenario file(s)");
    assert_eq!(
        status.last().unwrap(),
        "[watch] changed: flows/main_menu.yaml; running 1 of 1 scenario file(s)",
        "{status:#?}"
    );
    let status = interrupt(&mut child.0);
    assert!(status.success(), "{status:?}");
}

/// In a terminal (tmux) each round starts on a cleared screen, and Ctrl-C in the middle of a
/// round stops the watch at once, without waiting for the round to finish (here 3,000
/// scenarios that each spin through 200,000 steps: about a minute of work).
#[cfg(unix)]
#[test]
#[cfg_attr(flowsim_missing = "tmux", ignore = "needs tmux on PATH (apt-get install tmux)")]
fn test_watch_clears_the_screen_and_ctrl_c_cuts_a_round_short() {
    use crate::snapshot_review::Tmux;
    let dir = project();
    let root = dir.path();
    std::fs::create_dir_all(root.join("spin")).unwrap();
    std::fs::write(
        root.join("spin/spin.json"),
        r#"{"id": "spin", "name": "Spin", "type": "inbound", "draft": {"startNode": "Again", "nodes": {
  "Again": {"id": "Again", "type": "Set", "properties": {"setVars": [{"key": "Flow.n", "value": {"type": "expression", "value": "1"}}]}, "onComplete": {"nextNode": "Again"}}}}}"#,
    )
    .unwrap();
    let command = format!(
        "cd '{}' && NO_COLOR=1 {} test --watch tests; echo \"exited $?\"; sleep 60",
        s(root),
        env!("CARGO_BIN_EXE_flowsim")
    );
    let t = Tmux::start("watch-terminal", &command);
    t.wait_for("[watch] waiting for changes");
    let flow = root.join("flows/main_menu.yaml");
    let text = std::fs::read_to_string(&flow).unwrap();
    std::fs::write(&flow, text.replace("Connecting you now.", "Connecting.")).unwrap();
    t.wait_for("running 1 of 1 scenario file(s)");
    // The visible screen (no scrollback) starts with the new round: the first was cleared.
    let mut screen = String::new();
    for _ in 0..600 {
        screen = t.cmd(&["capture-pane", "-p"]);
        if screen.contains(" passed, ") {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(screen.starts_with("[watch] changed: "), "{screen}");
    assert_eq!(screen.matches(" passed, ").count(), 1, "{screen}");

    let mut spin = String::from("flows: ../spin\nscenarios:\n");
    for i in 0..3000 {
        spin.push_str(&format!("  - {{name: spin {i}, flow: Spin, maxSteps: 200000}}\n"));
    }
    std::fs::write(root.join("tests/spin.scenarios.yaml"), spin).unwrap();
    t.wait_for("running 1 of 2 scenario file(s)");
    t.cmd(&["send-keys", "C-c"]);
    // At most 30 s (a bound, not a timing: the round alone is about a minute).
    let screen = t.wait_for("exited ");
    assert!(
        screen.contains("[watch] stopped; the round in progress was cut short\nexited 0"),
        "{screen}"
    );
    assert!(!screen.contains("3000 passed"), "{screen}");
}

#[cfg(unix)]
#[test]
fn check_watch_checks_again_on_a_save() {
    let dir = project();
    let root = dir.path();
    let flows = root.join("flows");
    let mut child = Command::new(env!("CARGO_BIN_EXE_flowsim"))
        .args(["check", "--watch", "--flows", s(&flows)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = lines(child.stdout.take().unwrap());
    let err = lines(child.stderr.take().unwrap());
    let mut child = Reap(child);
    read_until(&out, "ok: 1 flow(s)");
    read_until(&err, "[watch] waiting for changes");
    let flow = flows.join("main_menu.yaml");
    let text = std::fs::read_to_string(&flow).unwrap();
    std::fs::write(&flow, text.replace("task[Welcome_10]", "task[Nowhere_10]")).unwrap();
    let round = read_until(&out, "error(s)");
    assert!(round.iter().any(|l| l.starts_with("error[danglingRef]")), "{round:#?}");
    let status = interrupt(&mut child.0);
    assert!(status.success(), "{status:?}");
}

/// `check --watch DIR` started on a project, with its output as lines.
#[cfg(unix)]
struct Watching {
    child: Reap,
    out: std::sync::mpsc::Receiver<String>,
    err: std::sync::mpsc::Receiver<String>,
}

#[cfg(unix)]
fn watching(args: &[&str]) -> Watching {
    let mut child = Command::new(env!("CARGO_BIN_EXE_flowsim"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = lines(child.stdout.take().unwrap());
    let err = lines(child.stderr.take().unwrap());
    Watching { child: Reap(child), out, err }
}

/// Replaces `dir` as `git checkout` or a sync tool does: the old folder renamed away, a new
/// one made under the same name, its files written into it.
fn replace_dir(dir: &Path, files: &[(&str, String)]) {
    let old = dir.with_extension("old");
    std::fs::rename(dir, &old).unwrap();
    std::fs::create_dir(dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

/// The project's flow with a jump to a task that is not there.
fn broken_flow(root: &Path) -> String {
    let text = std::fs::read_to_string(root.join("flows/main_menu.yaml")).unwrap();
    assert!(text.contains("task[Welcome_10]"));
    text.replace("task[Welcome_10]", "task[Nowhere_10]")
}

#[cfg(unix)]
#[test]
fn check_watch_follows_its_directory_when_it_is_replaced() {
    let dir = project();
    let root = dir.path();
    let flows = root.join("flows");
    let mut w = watching(&["check", "--watch", s(&flows)]);
    read_until(&w.out, "ok: 1 flow(s)");
    read_until(&w.err, "[watch] waiting for changes");

    replace_dir(&flows, &[("main_menu.yaml", broken_flow(root))]);
    let round = read_until(&w.out, "error(s)");
    assert!(round.iter().any(|l| l.starts_with("error[danglingRef]")), "{round:#?}");

    // The new folder is the one watched: fixing the flow there is seen too.
    let fixed = std::fs::read_to_string(root.join("flows.old/main_menu.yaml")).unwrap();
    std::fs::write(flows.join("main_menu.yaml"), fixed).unwrap();
    read_until(&w.out, "ok: 1 flow(s)");
    assert!(interrupt(&mut w.child.0).success());
}

#[cfg(unix)]
#[test]
fn check_watch_says_when_its_directory_is_gone_and_checks_when_it_is_back() {
    let dir = project();
    let root = dir.path();
    let flows = root.join("flows");
    let broken = broken_flow(root);
    let mut w = watching(&["check", "--watch", s(&flows)]);
    read_until(&w.out, "ok: 1 flow(s)");
    read_until(&w.err, "[watch] waiting for changes");

    std::fs::remove_dir_all(&flows).unwrap();
    let said = read_until(&w.err, "is gone");
    assert_eq!(
        said.last().unwrap(),
        &format!("[watch] {} is gone; waiting for it to come back", s(&flows)),
        "{said:#?}"
    );

    // Made again, deeper than the watch's own folder was: the path is watched level by level.
    std::fs::create_dir_all(flows.join("sub")).unwrap();
    std::fs::write(flows.join("sub/main_menu.yaml"), broken).unwrap();
    let round = read_until(&w.out, "error(s)");
    assert!(round.iter().any(|l| l.starts_with("error[danglingRef]")), "{round:#?}");
    read_until(&w.err, "is back");
    assert!(interrupt(&mut w.child.0).success());
}

#[cfg(unix)]
#[test]
fn check_watch_on_a_directory_not_there_waits_for_it() {
    let dir = project();
    let root = dir.path();
    let later = root.join("later/flows");
    let mut w = watching(&["check", "--watch", s(&later)]);
    let said = read_until(&w.err, "[watch] waiting for changes");
    assert!(
        said.iter()
            .any(|l| l == &format!("[watch] {} is gone; waiting for it to come back", s(&later))),
        "{said:#?}"
    );
    std::fs::create_dir_all(&later).unwrap();
    std::fs::write(later.join("main_menu.yaml"), broken_flow(root)).unwrap();
    let round = read_until(&w.out, "error(s)");
    assert!(round.iter().any(|l| l.starts_with("error[danglingRef]")), "{round:#?}");
    assert!(interrupt(&mut w.child.0).success());
}

#[cfg(unix)]
#[test]
fn test_watch_follows_its_directory_when_it_is_replaced() {
    let dir = project();
    let root = dir.path();
    let tests = root.join("tests");
    let mut w = watching(&["test", "--watch", s(&tests)]);
    let first = read_until(&w.out, " passed, ");
    assert_eq!(first.last().unwrap(), "4 passed, 0 failed", "{first:#?}");
    read_until(&w.err, "[watch] waiting for changes");

    // The new folder's scenario file expects what the flow does not do.
    let file = std::fs::read_dir(&tests)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".scenarios.yaml"))
        .unwrap();
    let name = file.file_name().unwrap().to_str().unwrap().to_owned();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("Connecting you now."), "{text}");
    replace_dir(&tests, &[(&name, text.replace("Connecting you now.", "Connecting."))]);
    let round = read_until(&w.out, " passed, ");
    assert!(round.iter().any(|l| l.starts_with("FAIL ")), "{round:#?}");
    assert!(interrupt(&mut w.child.0).success());
}

/// docs/scenarios.md's "Starting a project" block, exactly as written, run in a fresh folder: each
/// command does what its comment says (`init` writes a project that passes; a second `init`
/// refuses; the watches start, and Ctrl-C stops them).
#[cfg(unix)]
#[test]
fn the_documented_project_commands_run_as_written() {
    let page = std::fs::read_to_string(crate::support::root().join("docs/scenarios.md")).unwrap();
    let section = page.split("## Starting a project").nth(1).expect("the section");
    let block = section.split("```sh\n").nth(1).and_then(|b| b.split("```").next()).unwrap();
    let commands: Vec<Vec<&str>> = block
        .lines()
        .map(|l| l.split('#').next().unwrap().split_whitespace().collect::<Vec<_>>())
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(commands.len(), 4, "{block}");
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        assert_eq!(args[0], "flowsim", "{args:?}");
        Command::new(env!("CARGO_BIN_EXE_flowsim"))
            .args(&args[1..])
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    for args in &commands {
        if args.contains(&"--watch") {
            let mut child = Command::new(env!("CARGO_BIN_EXE_flowsim"))
                .args(&args[1..])
                .current_dir(dir.path())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let err = lines(child.stderr.take().unwrap());
            let mut child = Reap(child);
            read_until(&err, "[watch] waiting for changes");
            assert!(interrupt(&mut child.0).success(), "{args:?}");
            continue;
        }
        let out = run(args);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{args:?}: {stdout}{}", String::from_utf8_lossy(&out.stderr));
        if args[1] == "init" {
            assert!(stdout.contains("created my-flows/tests/main_menu.scenarios.yaml"), "{stdout}");
            // A flowsim built from source writes no CI workflow, and says how to get one.
            assert!(stdout.contains("note: no CI workflow"), "{stdout}");
            assert!(!dir.path().join("my-flows/.github").exists());
            let again = run(args);
            assert_eq!(again.status.code(), Some(2), "never overwrites");
        }
        if args[1] == "test" {
            assert!(stdout.ends_with("4 passed, 0 failed\n"), "{stdout}");
        }
    }
}
