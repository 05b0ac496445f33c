//! `flowsim diff` (docs/diff.md): structure in flow terms, the semantic hash, the inputs whose
//! behaviour changed, exit codes, formats and git revisions, through the real binary.

use crate::cli::{flowsim, flowsim_in};
use std::process::Command;

const V1: &str = "fixtures/archy/flows/acme_main_ivr.yaml";
const V2: &str = "fixtures/diff/acme_main_ivr_v2.yaml";
const WITH: [&str; 2] = ["--with", "fixtures/archy/flows/customer_lookup.yaml"];
const SCENARIOS: [&str; 2] = ["--scenarios", "fixtures/scenarios/acme-ivr.scenarios.yaml"];

#[test]
fn flows_against_themselves_are_unchanged_and_exit_zero() {
    let o = flowsim(&["diff", "fixtures/archy/flows", "fixtures/archy/flows"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout.contains("flow Acme Main IVR (inboundCall): unchanged, hash "),
        "{}",
        o.stdout
    );
    assert!(o
        .stdout
        .contains("0 changed, 0 added, 0 removed, 0 with the same behaviour, 5 unchanged"));
}

#[test]
fn the_bundled_second_version_shows_the_moved_digit_the_rename_and_the_inputs_it_breaks() {
    let mut args = vec!["diff", V1, V2];
    args.extend(WITH);
    args.extend(SCENARIOS);
    let o = flowsim(&args);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    let out = &o.stdout;
    // Structure, in flow terms.
    assert!(out.contains("flow Acme Main IVR (inboundCall): changed, hash "), "{out}");
    assert!(
        out.contains("~ Menu Main Menu › Main Menu: choices: [(`1`, `Balance`), (`2`, `Support`)"),
        "{out}"
    );
    assert!(out.contains("→ [(`1`, `Balance`), (`4`, `Support`)"), "{out}");
    assert!(
        out.contains("= Task Main Menu/Account services › Is VIP renamed Task Main Menu/Account services › VIP check (decision)"),
        "{out}"
    );
    assert!(out.contains("flow Customer Lookup (commonModule): unchanged"), "{out}");
    // Behaviour: only the two support scenarios change; the renamed decision is the same step.
    assert!(out.contains("behaviour: 18 inputs, 2 behave differently"), "{out}");
    assert!(out.contains("acme-ivr.scenarios.yaml: support transfers to its queue\n    first divergence at step 4:\n      old: Acme Main IVR › Menu Main Menu › Main Menu → Support\n"), "{out}");
    assert!(out.contains("    status: transferred → disconnected\n"), "{out}");
    assert!(out.contains("    route: acd Support → none\n"), "{out}");
    assert!(
        !out.contains("a VIP caller reaches the VIP queue"),
        "a rename is no change of behaviour:\n{out}"
    );
    assert!(out.ends_with("2 of 18 inputs behave differently\n"), "{out}");
}

#[test]
fn a_rename_alone_keeps_the_semantic_hash_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(crate::support::root().join(V1)).unwrap();
    let renamed = text.replace("name: Is VIP", "name: Caller is a VIP");
    assert_ne!(renamed, text);
    let new = dir.path().join("ivr.yaml");
    std::fs::write(&new, renamed).unwrap();
    let mut args = vec!["diff", V1, new.to_str().unwrap()];
    args.extend(WITH);
    args.extend(SCENARIOS);
    let o = flowsim(&args);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout.contains("flow Acme Main IVR (inboundCall): same behaviour, hash "),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("behaviour: 18 inputs, 0 behave differently"), "{}", o.stdout);
}

#[test]
fn a_changed_condition_changes_the_hash_and_names_the_property() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(crate::support::root().join(V1)).unwrap();
    let changed = text.replacen("exp: Flow.isVip", "exp: \"!Flow.isVip\"", 1);
    assert_ne!(changed, text);
    let new = dir.path().join("ivr.yaml");
    std::fs::write(&new, changed).unwrap();
    let mut args = vec!["diff", V1, new.to_str().unwrap(), "--format", "json"];
    args.extend(WITH);
    let o = flowsim(&args);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let ivr = &json["flows"][0];
    assert_eq!(ivr["status"], "changed");
    assert_ne!(ivr["oldHash"], ivr["newHash"]);
    assert_eq!(
        ivr["changes"][0],
        serde_json::json!({
            "change": "property",
            "action": "Task Main Menu/Account services › Is VIP",
            "property": "condition",
            "old": "Flow.isVip",
            "new": "not Flow.isVip"
        })
    );
}

fn reverse_lists(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            if let Some(serde_json::Value::Array(a)) = m.get_mut("actionList") {
                a.reverse();
            }
            m.values_mut().for_each(reverse_lists);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(reverse_lists),
        _ => {}
    }
}

/// An SDK-written export decoded, its action lists reversed and every GUID replaced by a new
/// one (consistently): what a new export, or an import into another org, does to a flow.
fn churned_export(src: &std::path::Path) -> String {
    let encoded = std::fs::read_to_string(src).unwrap();
    let bytes = flowsim::util::base64::decode(encoded.trim()).unwrap();
    let text = flowsim::flow::export::decode::percent(&String::from_utf8(bytes).unwrap()).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    reverse_lists(&mut doc);
    let original = serde_json::to_string(&doc).unwrap();
    let mut churned = String::with_capacity(original.len());
    let bytes = original.as_bytes();
    let mut i = 0;
    let is_guid = |s: &[u8]| {
        s.len() == 36
            && s.iter().enumerate().all(|(k, c)| {
                if [8, 13, 18, 23].contains(&k) {
                    *c == b'-'
                } else {
                    c.is_ascii_hexdigit()
                }
            })
    };
    let mut changed = 0;
    while i < bytes.len() {
        if i + 36 <= bytes.len() && is_guid(&bytes[i..i + 36]) {
            // A new GUID: the old one's hex digits rotated by one.
            let rotated: String = original[i..i + 36]
                .chars()
                .map(|c| match c.to_digit(16) {
                    Some(d) => std::char::from_digit((d + 1) % 16, 16).unwrap(),
                    None => c,
                })
                .collect();
            churned.push_str(&rotated);
            i += 36;
            changed += 1;
        } else {
            churned.push(bytes[i] as char);
            i += 1;
        }
    }
    assert!(changed > 3, "{} has GUIDs to churn", src.display());
    churned
}

/// Architect gives every action new GUIDs on each export and may list actions in any order, and
/// an import into another org renews the GUIDs that jumps, task calls and state changes name
/// (`taskReference`, `menuReference`, `stateReference`): none of it is a change.
#[test]
fn an_export_with_new_guids_and_actions_in_another_order_is_unchanged() {
    let exports = crate::support::root().join("tools/oracle/data/exports");
    for name in [
        "inboundcall/Decision.i3InboundFlow",
        "inboundcall/JumpToTask.i3InboundFlow",
        "inboundcall/JumpToMenu.i3InboundFlow",
        "inboundemail/CallTask.i3InboundEmailFlow",
        "inboundemail/ChangeState.i3InboundEmailFlow",
    ] {
        let src = exports.join(name);
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("churned.json");
        std::fs::write(&new, churned_export(&src)).unwrap();
        let o = flowsim(&["diff", src.to_str().unwrap(), new.to_str().unwrap()]);
        assert_eq!(o.code, 0, "{name}:\n{}{}", o.stdout, o.stderr);
        assert!(o.stdout.contains(": unchanged, hash "), "{name}:\n{}", o.stdout);
    }
}

/// Archy regenerates `refId`s (`Account Balance_30` becomes `Account Balance_31`) and a flow's
/// author reorders its variables and comments it: the flow is unchanged, with the same hash. A
/// jump that now names another task is still a change, shown as the tasks it points at.
#[test]
fn renumbered_ref_ids_reordered_declarations_and_comments_are_no_change() {
    let original = std::fs::read_to_string(crate::support::root().join(V1)).unwrap();
    // Every refId and every reference to one renumbered: `_30]` and `refId: X_30` become `_130`.
    let mut renumbered = String::with_capacity(original.len() + 64);
    for line in original.lines() {
        let mut out = line.to_string();
        for n in ["10", "20", "30", "40", "50", "60"] {
            out = out.replace(&format!("_{n}]"), &format!("_1{n}]"));
            if out.trim_start().starts_with("refId:") && out.trim_end().ends_with(&format!("_{n}"))
            {
                out = format!("{}_1{n}", out.trim_end().strip_suffix(&format!("_{n}")).unwrap());
            }
        }
        renumbered.push_str(&out);
        renumbered.push('\n');
    }
    assert_ne!(renumbered, original, "the flow has refIds to renumber");
    assert!(renumbered.contains("task[Account Balance_130]"), "{renumbered}");
    // A comment on every action, and the first two variable declarations swapped.
    let mut commented = String::with_capacity(renumbered.len() + 256);
    for line in renumbered.lines() {
        if line.trim_start().starts_with("- ") {
            let indent = line.len() - line.trim_start().len();
            commented.push_str(&format!("{:indent$}# why this action is here\n", ""));
        }
        commented.push_str(line);
        commented.push('\n');
    }
    let churned = swap_first_two_variables(&commented);
    assert_ne!(churned, commented, "the flow declares variables to reorder");

    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("acme.yaml");
    std::fs::write(&new, &churned).unwrap();
    let o = flowsim(&["diff", V1, new.to_str().unwrap(), WITH[0], WITH[1]]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let hash = |out: &str| {
        let at = out.find("flow Acme Main IVR (inboundCall): ").unwrap();
        out[at..].lines().next().unwrap().to_string()
    };
    assert!(hash(&o.stdout).contains(": unchanged, hash "), "{}", o.stdout);

    // A real change: the jump to Account Balance now goes to Goodbye.
    let retargeted = churned.replacen(
        "targetTaskRef: \"/inboundCall/tasks/task[Account Balance_130]\"",
        "targetTaskRef: \"/inboundCall/tasks/task[Goodbye_140]\"",
        1,
    );
    assert_ne!(retargeted, churned);
    std::fs::write(&new, &retargeted).unwrap();
    let o = flowsim(&["diff", V1, new.to_str().unwrap(), WITH[0], WITH[1]]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout.contains("targetTaskRef: Task Account Balance → Reusable task Goodbye"),
        "{}",
        o.stdout
    );
}

/// `text` with the first two entries of its first `variables:` list swapped.
fn swap_first_two_variables(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().position(|l| l.trim() == "variables:") else {
        return text.to_string();
    };
    let indent = |l: &str| l.len() - l.trim_start().len();
    let item = indent(lines[start + 1]);
    let entries: Vec<usize> = (start + 1..lines.len())
        .take_while(|&i| lines[i].trim().is_empty() || indent(lines[i]) >= item)
        .filter(|&i| indent(lines[i]) == item && lines[i].trim_start().starts_with("- "))
        .collect();
    if entries.len() < 2 {
        return text.to_string();
    }
    let end = (entries[1] + 1..lines.len())
        .find(|&i| indent(lines[i]) <= item && !lines[i].trim().is_empty())
        .unwrap_or(lines.len());
    let mut out: Vec<&str> = lines[..entries[0]].to_vec();
    out.extend_from_slice(&lines[entries[1]..end]);
    out.extend_from_slice(&lines[entries[0]..entries[1]]);
    out.extend_from_slice(&lines[end..]);
    out.join("\n") + "\n"
}

#[test]
fn markdown_is_a_pull_request_comment() {
    let mut args = vec!["diff", V1, V2, "--format", "markdown"];
    args.extend(WITH);
    args.extend(SCENARIOS);
    let o = flowsim(&args);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let md = &o.stdout;
    assert!(md.starts_with(&format!("### flowsim diff `{V1}` → `{V2}`\n")), "{md}");
    assert!(md.contains("| flow | type | status | semantic hash |\n| --- | --- | --- | --- |\n| Acme Main IVR | `inboundCall` | changed | hash "), "{md}");
    assert!(md.contains("#### Inputs that behave differently"), "{md}");
    assert!(
        md.contains("| acme-ivr.scenarios.yaml: support transfers to its queue | step 4: "),
        "{md}"
    );
}

#[test]
fn two_git_revisions_of_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(ok.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&ok.stderr));
    };
    git(&["init", "-q"]);
    std::fs::create_dir(dir.path().join("flows")).unwrap();
    let v1 = std::fs::read_to_string(crate::support::root().join(V1)).unwrap();
    let module = std::fs::read_to_string(crate::support::root().join(WITH[1])).unwrap();
    std::fs::write(dir.path().join("flows/ivr.yaml"), &v1).unwrap();
    std::fs::write(dir.path().join("flows/module.yaml"), &module).unwrap();
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "v1"]);
    let v2 = std::fs::read_to_string(crate::support::root().join(V2)).unwrap();
    std::fs::write(dir.path().join("flows/ivr.yaml"), v2).unwrap();

    let o = flowsim_in(dir.path(), &["diff", "HEAD:flows", "flows"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("flow Acme Main IVR (inboundCall): changed"), "{}", o.stdout);
    assert!(o.stdout.contains("flow Customer Lookup (commonModule): unchanged"), "{}", o.stdout);
    // The revision's files went to a scratch folder that is gone again.
    let o = flowsim_in(dir.path(), &["diff", "HEAD:flows", "HEAD:flows"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let o = flowsim_in(dir.path(), &["diff", "HEAD:nowhere", "flows"]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains("error[gitRevision]: cannot read `nowhere` at revision `HEAD`"),
        "{}",
        o.stderr
    );
}

#[test]
fn a_path_that_is_not_there_is_a_usage_error() {
    let o = flowsim(&["diff", "no/such/flows", V1]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("error[notFound]: `no/such/flows` is neither a file nor a directory"),
        "{}",
        o.stderr
    );
    assert!(o.stdout.is_empty());
}

/// Explored paths and recorded executions are inputs too: the explorer finds the caller who
/// presses 2 through each version, and the recorded call that pressed 2 replays on both.
#[test]
fn explored_paths_and_recorded_calls_run_through_both_versions() {
    let mut args = vec!["diff", V1, V2];
    args.extend(WITH);
    args.extend(["--explore", "--fixtures", "fixtures/archy/data", "--format", "json"]);
    let o = flowsim(&args);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let inputs = json["inputs"].as_u64().unwrap();
    assert!(inputs >= 10, "the explorer finds the IVR's paths: {inputs}");
    let changed: Vec<&str> =
        json["behaviour"].as_array().unwrap().iter().filter_map(|c| c["case"].as_str()).collect();
    assert!(
        changed.iter().any(|c| c.starts_with("explore (old): Acme Main IVR path ")),
        "{changed:?}"
    );
    assert!(
        changed.iter().any(|c| c.starts_with("explore (new): Acme Main IVR path ")),
        "{changed:?}"
    );

    let mut args = vec!["diff", V1, V2];
    args.extend(WITH);
    args.extend(["--executions", "fixtures/executions", "--fixtures", "fixtures/archy/data"]);
    let o = flowsim(&args);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("  execution conv-2\n"), "{}", o.stdout);
    assert!(o.stdout.contains("old: Acme Main IVR › Menu Main Menu › Main Menu → Support"));
    // A recording that does not replay on the old version is named, not silently dropped.
    assert!(
        o.stderr.contains("note: not compared: ") && o.stderr.contains("diverges from these flows"),
        "{}",
        o.stderr
    );

    // The same version against itself: every explored and recorded input behaves alike.
    let o = flowsim(&[
        "diff",
        "fixtures/archy/flows",
        "fixtures/archy/flows",
        "--explore",
        "--executions",
        "fixtures/executions",
        "--fixtures",
        "fixtures/archy/data",
    ]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
}

/// A git repository in a temporary folder, with a `tmp` folder beside it for TMPDIR.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("repo/flows")).unwrap();
        std::fs::create_dir_all(dir.path().join("repo/sub")).unwrap();
        std::fs::create_dir(dir.path().join("tmp")).unwrap();
        let repo = Repo { dir };
        repo.git(&["init", "-q"]);
        repo
    }

    fn repo(&self) -> std::path::PathBuf {
        self.dir.path().join("repo")
    }

    fn tmp(&self) -> std::path::PathBuf {
        self.dir.path().join("tmp")
    }

    /// `git ARGS` in the repository; its output.
    #[track_caller]
    fn git(&self, args: &[&str]) -> String {
        self.git_with(args, None)
    }

    #[track_caller]
    fn git_with(&self, args: &[&str], stdin: Option<&str>) -> String {
        use std::io::Write as _;
        let mut child = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(self.repo())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin.unwrap_or("").as_bytes()).unwrap();
        let ok = child.wait_with_output().unwrap();
        assert!(ok.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&ok.stderr));
        String::from_utf8(ok.stdout).unwrap().trim().to_string()
    }

    /// Writes a file of the repository from a bundled one, and commits everything.
    fn commit(&self, files: &[(&str, &str)], message: &str) {
        for (name, from) in files {
            std::fs::copy(crate::support::root().join(from), self.repo().join(name)).unwrap();
        }
        self.git(&["add", "."]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// `flowsim ARGS` in `repo/IN` with TMPDIR pointing at `tmp`.
    #[track_caller]
    fn flowsim(&self, within: &str, args: &[&str]) -> crate::cli::Output {
        let out = self.command(within, args).output().unwrap();
        let o = crate::cli::Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        assert!(!o.stderr.contains("panicked"), "flowsim panicked:\n{}", o.stderr);
        o
    }

    fn command(&self, within: &str, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_flowsim"));
        c.args(args).current_dir(self.repo().join(within)).env("TMPDIR", self.tmp());
        c
    }

    /// What the temporary folder and the folder around the repository hold.
    fn left_behind(&self) -> (Vec<String>, Vec<String>) {
        let names = |d: &std::path::Path| {
            let mut v: Vec<String> = std::fs::read_dir(d)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        (names(&self.tmp()), names(self.dir.path()))
    }
}

/// From a subfolder git names files relative to it (`../flows/x.yaml`): they used to be
/// joined onto the scratch folder, so both revisions landed in one folder beside it
/// (`$TMPDIR/../flows`), left there, and a flow added since was reported unchanged (exit 0).
#[test]
fn a_revision_read_from_a_subfolder_is_right_and_writes_nothing_outside_its_scratch_folder() {
    let repo = Repo::new();
    std::fs::write(repo.repo().join("sub/.keep"), "").unwrap();
    repo.commit(&[("flows/ivr.yaml", V1)], "v1");
    repo.commit(&[("flows/module.yaml", WITH[1])], "a module");

    let o = repo.flowsim("sub", &["diff", "HEAD~1:../flows", "HEAD:../flows"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("flow Customer Lookup (commonModule): added"), "{}", o.stdout);
    assert!(o.stdout.contains("flow Acme Main IVR (inboundCall): unchanged"), "{}", o.stdout);
    let o = repo.flowsim("sub", &["diff", "HEAD~1:../flows/ivr.yaml", "../flows/ivr.yaml"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert_eq!(repo.left_behind(), (vec![], vec!["repo".into(), "tmp".into()]));

    // A path above the repository's top is refused, not read from somewhere else.
    let o = repo.flowsim("sub", &["diff", "HEAD:../../elsewhere", "../flows"]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("the path climbs above the repository's top"), "{}", o.stderr);
    // A revision is never an option of git's.
    let o = repo.flowsim("", &["diff", "--", "--output=x:flows", "flows"]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("a revision that starts with `-` is not read"), "{}", o.stderr);
    assert_eq!(repo.left_behind(), (vec![], vec!["repo".into(), "tmp".into()]));
}

/// `git mktree` accepts an entry named `..`: a commit whose `flows/../../../pwned.txt` would
/// be written two folders above the scratch folder, bytes of the committer's choice.
#[test]
fn a_tree_with_an_entry_named_dot_dot_is_refused_and_writes_nothing() {
    let repo = Repo::new();
    repo.commit(&[("flows/ivr.yaml", V1)], "v1");
    let blob = repo.git_with(&["hash-object", "-w", "--stdin"], Some("owned\n"));
    let mut tree = repo.git_with(&["mktree"], Some(&format!("100644 blob {blob}\tpwned.txt\n")));
    for _ in 0..2 {
        tree = repo.git_with(&["mktree"], Some(&format!("040000 tree {tree}\t..\n")));
    }
    let ivr = repo.git(&["rev-parse", "HEAD:flows/ivr.yaml"]);
    let flows = repo.git_with(
        &["mktree"],
        Some(&format!("100644 blob {ivr}\tivr.yaml\n040000 tree {tree}\t..\n")),
    );
    let top = repo.git_with(&["mktree"], Some(&format!("040000 tree {flows}\tflows\n")));
    let commit = repo.git(&["commit-tree", &top, "-m", "evil"]);

    let o = repo.flowsim("", &["diff", &format!("{commit}:flows"), "flows"]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stderr.contains("the revision names a file `flows/../../../pwned.txt`, which would be written outside the scratch folder: the revision is refused and nothing was written"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("= help: the commit was made by hand (`git mktree`)"),
        "{}",
        o.stderr
    );
    assert!(o.stdout.is_empty());
    assert_eq!(repo.left_behind(), (vec![], vec!["repo".into(), "tmp".into()]));
}

/// Ctrl-C or SIGTERM while a revision is being copied: the scratch folder goes with the
/// process (130, 143). A `git` placed first on PATH holds the copy until the signal is sent
/// (`HOLD` exists), so the signal always arrives while the folder exists.
#[cfg(unix)]
#[test]
fn a_signal_during_a_diff_removes_the_scratch_folder() {
    use std::os::unix::fs::PermissionsExt as _;
    let repo = Repo::new();
    repo.commit(&[("flows/ivr.yaml", V1)], "v1");
    let real = Command::new("sh").args(["-c", "command -v git"]).output().unwrap();
    let real = String::from_utf8(real.stdout).unwrap().trim().to_string();
    let bin = repo.dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let (mark, hold) = (bin.join("mark"), bin.join("hold"));
    std::fs::write(
        bin.join("git"),
        format!(
            "#!/bin/sh\ncase \"$1\" in cat-file|show)\n  : > '{}'\n  while [ -e '{}' ]; do sleep 0.01; done;;\nesac\nexec '{real}' \"$@\"\n",
            mark.display(),
            hold.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(bin.join("git"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());

    for (signal, code) in [("-INT", 130), ("-TERM", 143)] {
        let _ = std::fs::remove_file(&mark);
        std::fs::write(&hold, "").unwrap();
        let mut child = repo
            .command("", &["diff", "HEAD:flows", "flows"])
            .env("PATH", &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut waited = 0;
        while !mark.exists() {
            assert!(waited < 6000, "the diff never started copying");
            std::thread::sleep(std::time::Duration::from_millis(10));
            waited += 1;
        }
        // The copy is under way: its scratch folder exists, private.
        let (tmp, _) = repo.left_behind();
        assert_eq!(tmp.len(), 1, "{tmp:?}");
        let mode = std::fs::metadata(repo.tmp().join(&tmp[0])).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "{mode:o}");
        let pid = child.id().to_string();
        assert!(Command::new("kill").args([signal, &pid]).status().unwrap().success());
        let status = child.wait().unwrap();
        std::fs::remove_file(&hold).unwrap();
        assert_eq!(status.code(), Some(code), "{signal}: {status:?}");
        assert_eq!(
            repo.left_behind(),
            (vec![], vec!["bin".into(), "repo".into(), "tmp".into()]),
            "{signal}"
        );
    }
}

/// Writes `text` to `name` in `dir`: the file's path, as an argument.
fn write_in(dir: &std::path::Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_owned()
}

/// Audio as an export writes it (`AudioPlaybackOptions(ToAudioTTS("..."), true)`: barge-in is
/// on by default) is the audio Archy writes as `tts: ...`, and an empty map (`inputs: {}`) is a
/// property not given: neither is a change, nor changes the hash. Another text still is.
#[test]
fn audio_spelt_as_an_export_writes_it_and_empty_maps_are_no_change() {
    let flow = |audio: &str, inputs: &str| {
        format!(
            "inboundCall:
  name: Spelling
  startUpRef: \"/inboundCall/tasks/task[T_1]\"
  defaultLanguage: en-us
  settingsErrorHandling:
    errorHandling:
      disconnect:
        preHandlingAudio:
          {audio}
  tasks:
    - task:
        name: T
        refId: T_1
        actions:
          - playAudio:
              name: Hello
              audio:
                {audio}
          - callData:
              name: Lookup
              category:
                CRM:
                  dataAction:
                    Lookup:{inputs}
          - disconnect:
              name: Bye
"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: String| write_in(dir.path(), name, &text);
    let old = write("old.yaml", flow("tts: Hello there", ""));
    let new = write(
        "new.yaml",
        flow(
            "exp: AudioPlaybackOptions(ToAudioTTS(\"Hello there\"), true)",
            "\n                      inputs: {}",
        ),
    );
    let o = flowsim(&["diff", &old, &new]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("flow Spelling (inboundCall): unchanged, hash"), "{}", o.stdout);

    let other =
        write("other.yaml", flow("exp: AudioPlaybackOptions(ToAudioTTS(\"Hi\"), true)", ""));
    let o = flowsim(&["diff", &old, &other]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("Hello: audio: \"Hello there\" → \"Hi\""), "{}", o.stdout);

    // An input given no value is one a run does not send (an export writes every input of the
    // data action, the unset ones empty): no change. An input given a value is one.
    let unset = write(
        "unset.yaml",
        flow("tts: Hello there", "\n                      inputs:\n                        id:\n                          noValue: true"),
    );
    let o = flowsim(&["diff", &old, &unset]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let given = write(
        "given.yaml",
        flow("tts: Hello there", "\n                      inputs:\n                        id:\n                          lit: \"7\""),
    );
    let o = flowsim(&["diff", &unset, &given]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("Lookup: inputs: (none) → {id: \"7\"}"), "{}", o.stdout);
}

/// A property written with the value it has when not given (what the Scripting SDK gives an
/// action it adds, and every export writes: a data action's one-minute `timeout` and
/// `useSuggestedTimeout: true`, Transfer to ACD's `priority` 0) is a property not given: no
/// change, the same hash. Another value is a change.
#[test]
fn a_property_given_the_value_it_has_when_left_out_is_no_change() {
    let flow = |given: &str, priority: &str, include: &str| {
        format!(
            "inboundCall:
  name: Defaults
  startUpRef: \"/inboundCall/tasks/task[T_1]\"
  defaultLanguage: en-us
  tasks:
    - task:
        name: T
        refId: T_1
        actions:
          - callData:
              name: Lookup
              category:
                CRM:
                  dataAction:
                    Lookup: {{}}{given}
          - transferToAcd:
              name: Queue
              targetQueue:
                lit:
                  name: Support{priority}
          - collectInput:
              name: Ask
              inputData:
                var: Flow.digits
              digits:
                exact: 4{include}
"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: String| write_in(dir.path(), name, &text);
    let old = write("old.yaml", flow("", "", ""));
    let given = "\n              timeout:\n                lit:\n                  minutes: 1\n              useSuggestedTimeout:\n                lit: true";
    let zero = "\n              priority:\n                lit: 0";
    // Not checked, the terminator is not in the result: `false`, as an export writes it.
    let include = "\n              includeTerminatingDtmfInResultData:\n                lit: false";
    let new = write("new.yaml", flow(given, zero, include));
    let o = flowsim(&["diff", &old, &new]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("flow Defaults (inboundCall): unchanged, hash"), "{}", o.stdout);

    let other =
        write("other.yaml", flow("", "\n              priority:\n                lit: 5", ""));
    let o = flowsim(&["diff", &old, &other]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("Queue: priority: (none) → 5"), "{}", o.stdout);
}

/// The same flows written by Archy and by an export: a menu whose settings the export leaves to
/// the flow's `defaultSettings.Menu` and whose choice it writes as the action it runs, audio as
/// `ToAudio` of a prompt, an in-queue flow's start-up task with the name and `Default` path the
/// export gives it, and a task's output path spelt in another case.
#[test]
fn an_export_and_its_archy_form_read_alike_menus_start_up_tasks_and_paths() {
    let lit = |text: &str, ty: &str| serde_json::json!({"config": {"lit": {"pos": 1, "text": text, "type": ty}}, "text": text, "type": ty});
    let empty = |ty: &str| serde_json::json!({"config": {"emp": {"pos": 1, "text": "", "type": ty}}, "text": "", "type": ty});
    let archy_menu = r#"inboundCall:
  name: Twins
  defaultLanguage: en-us
  startUpRef: "/inboundCall/menus/menu[Main_1]"
  settingsMenu:
    repeatCount: {lit: 5}
    menuSelectionTimeout: {lit: {seconds: 4}}
    listenForExtensionDialing: {lit: false}
    extensionDialingMaxDelay: {lit: {seconds: 2}}
  menus:
    - menu:
        name: Main Menu
        refId: Main_1
        audio: {exp: "ToAudio(PromptSystem.please_try_again)"}
        choices:
          - menuDisconnect:
              name: Bye
              dtmf: digit_1
"#;
    let export_menu = serde_json::json!({
        "name": "Twins", "type": "INBOUNDCALL", "initialSequence": "m1", "defaultLanguage": "en-us",
        "defaultSettings": {"Menu": {
            "promptRepeatCount": lit("5", "int"), "promptRepeatDelay": lit("P0D0H0M4S0F", "dur"),
            "useExtensionDialing": lit("false", "bln"), "extensionDialingDelay": lit("P0D0H0M2S0F", "dur")}},
        "flowSequenceItemList": [{"__type": "Menu", "id": "m1", "name": "Main Menu",
            "prompts": {"text": "PromptSystem.please_try_again", "type": "aud"},
            "promptRepeatCount": empty("int"), "promptRepeatDelay": empty("dur"),
            "useExtensionDialing": empty("bln"), "extensionDialingDelay": empty("dur"),
            "menuChoiceList": [{"id": "c1", "name": "Bye", "dtmf": "1",
                "action": {"__type": "DisconnectAction", "id": "a1", "name": "Bye"}}]}]
    });
    let archy_queue = "inqueueCall:
  name: Hold On
  defaultLanguage: en-us
  startUpTaskActions:
    - playAudio:
        name: Busy
        audio: {exp: \"ToAudio(PromptSystem.please_try_again)\"}
    - disconnect:
        name: Bye
";
    let export_queue = serde_json::json!({
        "name": "Hold On", "type": "INQUEUECALL", "initialSequence": "t1", "defaultLanguage": "en-us",
        "flowSequenceItemList": [{"__type": "StartUpTask", "id": "t1", "name": "In-Queue Task",
            "startAction": "a1", "paths": [{"label": "Default", "outputId": "__DEFAULT__"}],
            "actionList": [
                {"__type": "PlayAudioAction", "id": "a1", "name": "Busy", "nextAction": "a2",
                 "prompts": {"text": "PromptSystem.please_try_again", "type": "aud"}},
                {"__type": "DisconnectAction", "id": "a2", "name": "Bye"}]}]
    });
    let dir = tempfile::tempdir().unwrap();
    let (archy, export) = (dir.path().join("archy"), dir.path().join("export"));
    std::fs::create_dir_all(&archy).unwrap();
    std::fs::create_dir_all(&export).unwrap();
    std::fs::write(archy.join("twins.yaml"), archy_menu).unwrap();
    std::fs::write(archy.join("hold.yaml"), archy_queue).unwrap();
    std::fs::write(export.join("Twins.i3InboundFlow"), export_menu.to_string()).unwrap();
    std::fs::write(export.join("Hold On.i3InQueueFlow"), export_queue.to_string()).unwrap();
    let (archy, export) = (archy.to_str().unwrap(), export.to_str().unwrap());
    let o = flowsim(&["diff", export, archy]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("flow Twins (inboundCall): unchanged"), "{}", o.stdout);
    assert!(o.stdout.contains("flow Hold On (inqueueCall): unchanged"), "{}", o.stdout);

    // The export's menu runs with the flow's settings: five plays of four seconds, not three
    // of ten.
    let run = flowsim(&["run", "Twins", "--flows", export]);
    assert_eq!(run.stdout.matches("no input (timeout)").count(), 5, "{}", run.stdout);
    assert!(run.stdout.contains("20000 ms virtual time"), "{}", run.stdout);

    // A task's output path in another case is the same path; another path is a change.
    let task = |path: &str| {
        format!(
            "inboundCall:
  name: Paths
  defaultLanguage: en-us
  startUpRef: \"/inboundCall/tasks/task[Main_1]\"
  tasks:
    - task:
        name: Main
        refId: Main_1
        actions:
          - callTask:
              name: Call
              targetTaskRef: \"/inboundCall/tasks/task[Helper_2]\"
          - disconnect:
              name: Bye
    - task:
        name: Helper
        refId: Helper_2
        actions:
          - endTask:
              name: Done
              outputPath: {{name: {path}}}
"
        )
    };
    let paths = tempfile::tempdir().unwrap();
    let write = |name: &str, path: &str| {
        let file = paths.path().join(name);
        std::fs::write(&file, task(path)).unwrap();
        file.to_str().unwrap().to_owned()
    };
    let (upper, lower, other) = (
        write("upper.yaml", "Default"),
        write("lower.yaml", "default"),
        write("other.yaml", "Other"),
    );
    let o = flowsim(&["diff", &upper, &lower]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let o = flowsim(&["diff", &upper, &other]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
}

/// Recorded executions are streamed through both versions: a diff over 5x the executions
/// peaks at the memory of 1x plus a margin, never at every execution's rebuilt request and
/// fixtures (about 16 KB each, which is what the reading held before). Measured as peak
/// resident memory (`streaming::measured`), never as time; the report lists every input.
#[test]
fn diff_over_recorded_executions_holds_one_at_a_time() {
    use crate::streaming::{executions, measured, MARGIN_KB};
    use crate::support::root;
    let dir = tempfile::tempdir().unwrap();
    let flows = root().join("fixtures/archy/flows");
    let data = root().join("fixtures/archy/data");
    let (flows, data) = (flows.to_str().unwrap(), data.to_str().unwrap());
    let mut peaks = Vec::new();
    for n in [300, 1500] {
        let file = dir.path().join(format!("x{n}.jsonl"));
        std::fs::write(&file, executions(n, true)).unwrap();
        let file = file.to_str().unwrap();
        let args = ["diff", flows, flows, "--executions", file, "--fixtures", data];
        let (code, out, peak) = measured(&[&args[..], &["--format", "json"]].concat());
        assert_eq!(code, 0, "{out}");
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(report["inputs"], n, "every execution is an input");
        assert_eq!(report["behaviour"].as_array().unwrap().len(), n);
        // A shard reads the file once and runs its own share: the same bound.
        let (code, out, shard_peak) = measured(&[&args[..], &["--partition", "2/2"]].concat());
        assert_eq!(code, 0, "{out}");
        peaks.push((peak, shard_peak));
    }
    for (what, a, b) in [("whole", peaks[0].0, peaks[1].0), ("shard 2/2", peaks[0].1, peaks[1].1)] {
        if let (Some(a), Some(b)) = (a, b) {
            assert!(b < a + MARGIN_KB, "{what}: 5x the executions peaked at {b} KB, 1x at {a} KB");
        }
    }
}

/// The report does not grow with the inputs either: over 20x as many small executions (of 2.5
/// KB), each of which behaves differently in the new version (its greeting changed), the peak
/// stays within a small margin of 1x's, in JSON (which lists every input) and in text (which
/// lists those that behave differently). Holding each input's entry of the report until the
/// end, as before, added 11 to 12 MB here (about 1.5 KB an input). A shard (JSON) keeps only
/// its own inputs' places (8 bytes each), never every input's name and cost.
#[test]
fn diff_report_over_many_executions_holds_no_entry_per_input() {
    use crate::streaming::{executions_with_notes, measured};
    use crate::support::root;
    /// What 19x more small inputs may add to the peak: the allocator's noise (up to 3.5 MB
    /// between runs of one input here).
    const MARGIN_KB: u64 = 4 * 1024;
    let dir = tempfile::tempdir().unwrap();
    let flows = root().join("fixtures/archy/flows");
    let new = dir.path().join("new");
    std::fs::create_dir(&new).unwrap();
    for entry in std::fs::read_dir(&flows).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let changed = text.replace("tts: Thank you for calling Acme.", "tts: Thanks for calling.");
        std::fs::write(new.join(path.file_name().unwrap()), changed).unwrap();
    }
    let data = root().join("fixtures/archy/data");
    let (flows, new, data) =
        (flows.to_str().unwrap(), new.to_str().unwrap(), data.to_str().unwrap());
    let mut peaks = Vec::new();
    for n in [400, 8000] {
        let file = dir.path().join(format!("x{n}.jsonl"));
        std::fs::write(&file, executions_with_notes(n, true, 0)).unwrap();
        let file = file.to_str().unwrap();
        let args = ["diff", flows, new, "--executions", file, "--fixtures", data];
        let (code, out, json) = measured(&[&args[..], &["--format", "json"]].concat());
        assert_eq!(code, 1, "{out}");
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(report["behaviour"].as_array().unwrap().len(), n, "every input listed");
        let (code, out, text) = measured(&args);
        assert_eq!(code, 1, "{out}");
        assert!(out.contains(&format!("behaviour: {n} inputs, {n} behave differently")), "{out}");
        assert_eq!(out.matches("prompt 1: \"Thank you for calling Acme.\"").count(), n);
        let shard = ["--format", "json", "--partition", "2/2"];
        let (code, out, shard) = measured(&[&args[..], &shard].concat());
        assert_eq!(code, 1, "{out}");
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        let own = report["behaviour"].as_array().unwrap().len();
        assert!(own > 0 && own < n, "its own share: {own} of {n}");
        peaks.push((json, text, shard));
    }
    for (what, a, b) in [
        ("json", peaks[0].0, peaks[1].0),
        ("text", peaks[0].1, peaks[1].1),
        ("shard 2/2, json", peaks[0].2, peaks[1].2),
    ] {
        if let (Some(a), Some(b)) = (a, b) {
            assert!(b < a + MARGIN_KB, "{what}: 20x the executions peaked at {b} KB, 1x at {a} KB");
        }
    }
}

/// Issue 79: `changed` always carries its reason. The hash reads only what the change list
/// shows: a state's variable is listed when it changes, and what the list cannot show (the order
/// a file lists its tasks, the case a variable is declared in) changes no hash either.
#[test]
fn a_changed_hash_always_lists_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let root = crate::support::root();
    let workflow = "fixtures/archy/flows/callback_retry.yaml";
    let text = std::fs::read_to_string(root.join(workflow)).unwrap();
    let json_diff = |new_text: &str| {
        let new = write_in(dir.path(), "new.yaml", new_text);
        let o = flowsim(&["diff", workflow, &new, "--format", "json"]);
        let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        (o.code, json["flows"][0].clone())
    };

    // A state's variable given another initial value: a change, and it is listed.
    let marker =
        "              name: State.available\n              initialValue:\n                lit: 0";
    assert!(text.contains(marker));
    let (code, flow) = json_diff(&text.replace(marker, &marker.replace("lit: 0", "lit: 5")));
    assert_eq!(code, 1);
    assert_eq!(flow["status"], "changed");
    assert_eq!(
        flow["changes"],
        serde_json::json!([{"change": "setting", "what": "State Check Agents variable State.available",
                            "old": "integer = 0", "new": "integer = 5"}])
    );

    // A flow variable declared in another case is the same variable: no change, the same hash.
    let declared = "        name: Flow.attempt\n";
    assert!(text.contains(declared));
    let (code, flow) = json_diff(&text.replace(declared, "        name: Flow.Attempt\n"));
    assert_eq!((code, &flow["status"]), (0, &serde_json::json!("same")), "{flow}");

    // The same tasks listed in another order: nothing to show, and nothing changed.
    let ivr = std::fs::read_to_string(root.join(V1)).unwrap();
    let lines: Vec<&str> = ivr.lines().collect();
    let task =
        |name: &str| lines.iter().position(|l| *l == format!("        name: {name}")).unwrap() - 1;
    let (balance, goodbye) = (task("Account Balance"), task("Goodbye"));
    let reordered =
        [&lines[..balance], &lines[goodbye..], &lines[balance..goodbye]].concat().join("\n");
    let new = write_in(dir.path(), "ivr.yaml", &reordered);
    let mut args = vec!["diff", V1, new.as_str()];
    args.extend(WITH);
    let o = flowsim(&args);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("flow Acme Main IVR (inboundCall): unchanged"), "{}", o.stdout);
}
