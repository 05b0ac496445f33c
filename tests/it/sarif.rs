//! `check --format sarif` and `test --lint --format sarif` (issue 74; docs/cli.md): the log of
//! a project with real mistakes validates against the official SARIF 2.1.0 schema
//! (tests/data/sarif/, its source and terms in the README there), names each finding's rule
//! among its tool's rules, and places each at the line and column the text form prints, its
//! fixes where `--fix` edits. The planted cases show each check sees its breach.

use crate::check_fix::TIERS;
use crate::cli::{flowsim_in, Output};
use crate::support::root;
use serde_json::Value;
use std::path::Path;

/// The official schema, with its formats (`uri`, `uri-reference`) asserted.
fn schema() -> jsonschema::Validator {
    let path = root().join("tests/data/sarif/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("the SARIF schema does not build: {e}"))
}

/// A folder with the flows `TIERS` (three mistakes `--fix` mends, after multi-byte
/// characters) and a copy of `tests/data/broken`'s (thirteen more, in JSON flows).
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let flows = dir.path().join("flows");
    std::fs::create_dir_all(flows.join("broken")).unwrap();
    std::fs::write(flows.join("tiers.yaml"), TIERS).unwrap();
    for name in ["menu.json", "support.json", "support_copy.json", "syntax.json"] {
        std::fs::copy(root().join("tests/data/broken").join(name), flows.join("broken").join(name))
            .unwrap();
    }
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--color", "never"];
    all.extend_from_slice(args);
    flowsim_in(dir, &all)
}

/// Each `--> FILE:LINE:COLUMN` of the text form, in order.
fn text_places(text: &str) -> Vec<(String, u64, u64)> {
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix("--> "))
        .map(|place| {
            let place = place.split(": ").next().unwrap();
            let mut parts = place.rsplitn(3, ':');
            let column = parts.next().unwrap().parse().unwrap();
            let line = parts.next().unwrap().parse().unwrap();
            (parts.next().unwrap().to_owned(), line, column)
        })
        .collect()
}

/// Everything wrong with `log` as the SARIF of the findings `text` shows of the files under
/// `dir`: the schema's errors, a result without a rule of the tool, a place that is not the
/// text form's, a region or a fix that is not on the file's text.
fn problems(log: &Value, text: &str, dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = schema()
        .iter_errors(log)
        .map(|e| format!("schema: {e} at {}", e.instance_path()))
        .collect();
    let run = &log["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .map(|r| r.iter().filter_map(|r| r["id"].as_str()).collect())
        .unwrap_or_default();
    let results = run["results"].as_array().cloned().unwrap_or_default();
    let places = text_places(text);
    if results.len() != places.len() {
        out.push(format!("{} results, {} findings in the text", results.len(), places.len()));
    }
    if run["columnKind"] != "unicodeCodePoints" {
        out.push("columns not said to count code points".into());
    }
    for (i, (r, (file, line, column))) in results.iter().zip(&places).enumerate() {
        match r["ruleId"].as_str() {
            Some(id) if rules.contains(&id) => {
                if rules.get(r["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize) != Some(&id) {
                    out.push(format!("result {i}: ruleIndex is not {id}'s"));
                }
            }
            Some(id) => out.push(format!("result {i}: rule {id} is not among the tool's rules")),
            None => out.push(format!("result {i}: no ruleId")),
        }
        let at = &r["locations"][0]["physicalLocation"];
        let region = &at["region"];
        let got = (
            at["artifactLocation"]["uri"].as_str().unwrap_or_default().to_owned(),
            region["startLine"].as_u64().unwrap_or_default(),
            region["startColumn"].as_u64().unwrap_or_default(),
        );
        if got != (file.clone(), *line, *column) {
            out.push(format!("result {i}: at {got:?}, the text form says {file}:{line}:{column}"));
        }
        if at["artifactLocation"]["uriBaseId"] != "%SRCROOT%" {
            out.push(format!("result {i}: not relative to %SRCROOT%"));
        }
        let source = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
        if covered(&source, region).is_none_or(str::is_empty) {
            out.push(format!("result {i}: its region covers nothing of {file}"));
        }
        for fix in r["fixes"].as_array().into_iter().flatten() {
            let change = &fix["artifactChanges"][0];
            let replaced = &change["replacements"][0];
            let old = covered(&source, &replaced["deletedRegion"]);
            let said = fix["description"]["text"].as_str().unwrap_or_default();
            if old.is_none_or(|old| !said.starts_with(&format!("replace `{old}` with"))) {
                out.push(format!("result {i}: its fix deletes {old:?}, not what it says: {said}"));
            }
        }
    }
    out
}

/// The text of `source` a SARIF region (one line, columns in code points, the end column
/// past the last) covers.
fn covered<'a>(source: &'a str, region: &Value) -> Option<&'a str> {
    let line = source.lines().nth(usize::try_from(region["startLine"].as_u64()?).ok()? - 1)?;
    let start = usize::try_from(region["startColumn"].as_u64()?).ok()? - 1;
    let end = usize::try_from(region["endColumn"].as_u64()?).ok()? - 1;
    if region["endLine"] != region["startLine"] {
        return None;
    }
    let byte = |c: usize| line.char_indices().map(|(b, _)| b).chain([line.len()]).nth(c);
    line.get(byte(start)?..byte(end)?)
}

fn sarif(o: &Output) -> Value {
    serde_json::from_str(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON: {e}\n{}{}", o.stdout, o.stderr))
}

#[test]
fn check_writes_a_sarif_log_the_schema_accepts_placed_as_the_text_form_places() {
    let dir = project();
    let text = run(dir.path(), &["check", "--flows", "flows"]);
    let o = run(dir.path(), &["check", "--flows", "flows", "--format", "sarif"]);
    assert_eq!((o.code, text.code), (1, 1), "errors found: {}", o.stderr);
    let log = sarif(&o);
    let found = problems(&log, &text.stdout, dir.path());
    assert!(found.is_empty(), "{}\n{}", found.join("\n"), o.stdout);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 18, "{}", text.stdout);
    // The misspelt variable after `Grüße, ` (multi-byte characters): its column counts
    // characters, as the text form's does, and its region is the name.
    let source = TIERS;
    let greting =
        results.iter().find(|r| r["message"]["text"].as_str().unwrap().contains("greting"));
    let region =
        &greting.expect("the misspelt variable")["locations"][0]["physicalLocation"]["region"];
    assert_eq!(covered(source, region), Some("Flow.greting"), "{region}");
    // The certain fixes, each with its edit: `TIERS`'s three and the JSON flows' four.
    let inserted: Vec<(&str, &str)> = results
        .iter()
        .filter_map(|r| r["fixes"].get(0))
        .map(|f| {
            let change = &f["artifactChanges"][0];
            let new = &change["replacements"][0]["insertedContent"]["text"];
            (change["artifactLocation"]["uri"].as_str().unwrap(), new.as_str().unwrap())
        })
        .filter(|(uri, _)| *uri == "flows/tiers.yaml")
        .collect();
    let tiers = [
        ("flows/tiers.yaml", "Flow.greeting"),
        ("flows/tiers.yaml", "=="),
        ("flows/tiers.yaml", "no"),
    ];
    assert_eq!(inserted, tiers, "{}", o.stdout);
    assert_eq!(results.iter().filter(|r| r.get("fixes").is_some()).count(), 7, "{}", o.stdout);
    // One rule per code used, sorted, with its explanation as help.
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted);
    assert!(rules
        .iter()
        .all(|r| r["help"]["markdown"].as_str().unwrap().contains("flowsim explain")));
}

#[test]
fn a_wrong_column_a_missing_rule_or_a_log_the_schema_refuses_is_caught() {
    let dir = project();
    let text = run(dir.path(), &["check", "--flows", "flows"]);
    let log = sarif(&run(dir.path(), &["check", "--flows", "flows", "--format", "sarif"]));
    assert!(problems(&log, &text.stdout, dir.path()).is_empty());
    let planted = |edit: &dyn Fn(&mut Value), want: &str| {
        let mut bad = log.clone();
        edit(&mut bad);
        let found = problems(&bad, &text.stdout, dir.path());
        assert!(found.iter().any(|p| p.contains(want)), "{want}: not caught in {found:?}");
    };
    planted(
        &|v| {
            let region =
                &mut v["runs"][0]["results"][3]["locations"][0]["physicalLocation"]["region"];
            region["startColumn"] = (region["startColumn"].as_u64().unwrap() + 1).into();
        },
        "the text form says",
    );
    planted(
        &|v| {
            v["runs"][0]["results"][0].as_object_mut().unwrap().remove("ruleId");
        },
        "no ruleId",
    );
    planted(&|v| v["runs"][0]["results"][1]["ruleId"] = "noSuchRule".into(), "not among");
    planted(&|v| v["runs"][0]["results"][2]["level"] = "fatal".into(), "schema:");
    planted(&|v| v["runs"][0]["tool"]["driver"]["informationUri"] = "not a uri".into(), "schema:");
    planted(
        &|v| {
            let results = v["runs"][0]["results"].as_array_mut().unwrap();
            let fixed = results.iter_mut().find(|r| r.get("fixes").is_some()).unwrap();
            fixed["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]
                ["startColumn"] = 1.into();
        },
        "its fix deletes",
    );
}

/// The log in full, as a reviewer reads it: `TIERS`'s findings (the JSON flows' are in the
/// tests above).
#[test]
fn the_sarif_of_a_flow_with_three_mistakes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tiers.yaml"), TIERS).unwrap();
    let o = run(dir.path(), &["check", "tiers.yaml", "--format", "sarif"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let shown = o.stdout.replace(
        &format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"version\": \"[version]\"",
    );
    let shown = shown.replace(
        &format!("\"semanticVersion\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"semanticVersion\": \"[version]\"",
    );
    insta::assert_snapshot!(shown);
}

#[test]
fn test_lint_writes_the_scenario_files_problems_as_sarif_and_a_run_refuses_it() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "flows: {}\nfixtures: [{}]\nscenarios:\n  - name: two\n    flow: Acme Main IVRR\n    inputs: [\"1\"]\nstubs:\n  - {{action: No such action, output: success}}\n",
        root().join("fixtures/archy/flows").display(),
        root().join("fixtures/archy/data").display()
    );
    std::fs::write(dir.path().join("o.scenarios.yaml"), text).unwrap();
    let said = run(dir.path(), &["test", "--lint", "o.scenarios.yaml"]);
    let o = run(dir.path(), &["test", "--lint", "o.scenarios.yaml", "--format", "sarif"]);
    assert_eq!((o.code, said.code), (2, 2), "{}{}", o.stdout, o.stderr);
    let log = sarif(&o);
    let found = problems(&log, &said.stdout, dir.path());
    assert!(found.is_empty(), "{}\n{}", found.join("\n"), o.stdout);
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 2, "{}", o.stdout);

    // A run has no SARIF form: refused, and the refusal is the log's one result.
    let o = run(dir.path(), &["test", "o.scenarios.yaml", "--format", "sarif"]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    let why = "`--format sarif` is the form of `--lint`'s findings";
    assert!(o.stderr.contains(&format!("error[badArgument]: {why}")), "{}", o.stderr);
    let log = sarif(&o);
    assert!(schema().iter_errors(&log).next().is_none(), "{}", o.stdout);
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "badArgument", "{}", o.stdout);
    assert!(result["message"]["text"].as_str().unwrap().starts_with(why), "{}", o.stdout);
}

/// Columns count code points, as the log says (`columnKind`): after a character outside the
/// Basic Multilingual Plane (one code point, two UTF-16 units) the region still covers the
/// misspelt name, and the column is the text form's.
#[test]
fn a_column_after_an_emoji_counts_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let flow = TIERS.replace("Append(\"Grüße, \",", "Append(\"😀😀 \",");
    assert_ne!(flow, TIERS);
    std::fs::write(dir.path().join("tiers.yaml"), &flow).unwrap();
    let text = run(dir.path(), &["check", "tiers.yaml"]);
    let log = sarif(&run(dir.path(), &["check", "tiers.yaml", "--format", "sarif"]));
    let found = problems(&log, &text.stdout, dir.path());
    assert!(found.is_empty(), "{}", found.join("\n"));
    let results = log["runs"][0]["results"].as_array().unwrap();
    let greting = results
        .iter()
        .find(|r| r["message"]["text"].as_str().unwrap().contains("greting"))
        .expect("the misspelt variable");
    let region = &greting["locations"][0]["physicalLocation"]["region"];
    assert_eq!(covered(&flow, region), Some("Flow.greting"), "{region}");
    let line = flow.lines().nth(31).unwrap();
    let code_points = line.find("Flow.greting").map(|b| line[..b].chars().count() + 1);
    assert_eq!(region["startColumn"].as_u64(), code_points.map(|c| c as u64), "{line}");
}
