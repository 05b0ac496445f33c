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

/// Architect gives every action new GUIDs on each export and may list actions in another
/// order: neither is a change.
#[test]
fn an_export_with_new_guids_and_actions_in_another_order_is_unchanged() {
    let src =
        crate::support::root().join("tools/oracle/data/exports/inboundcall/Decision.i3InboundFlow");
    let encoded = std::fs::read_to_string(&src).unwrap();
    let bytes = flowsim::util::base64::decode(encoded.trim()).unwrap();
    let text = flowsim::flow::export::decode::percent(&String::from_utf8(bytes).unwrap()).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    // Reverse every action list, then give each GUID a new one (consistently).
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
    assert!(changed > 3, "the export has GUIDs to churn");
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("Decision.json");
    std::fs::write(&new, churned).unwrap();
    let o = flowsim(&["diff", src.to_str().unwrap(), new.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains(": unchanged, hash "), "{}", o.stdout);
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
