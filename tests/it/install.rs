//! What an installed flowsim carries without a clone of its repository (a wheel, an archive):
//! the JSON Schemas of `schemas/` (`flowsim schema`), and a project from `flowsim init` whose
//! schema references resolve to files it wrote and whose CI installs the flowsim that wrote it.

use crate::cli::flowsim;
use crate::support::root;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn s(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temp path")
}

/// The file names in `schemas/`.
fn schema_files() -> BTreeSet<String> {
    std::fs::read_dir(root().join("schemas"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect()
}

/// `flowsim schema --list`: name and file name of each schema.
fn listed() -> Vec<(String, String)> {
    let o = flowsim(&["schema", "--list"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    o.stdout
        .lines()
        .map(|l| {
            let mut words = l.split_whitespace();
            (words.next().unwrap().to_owned(), words.next().unwrap().to_owned())
        })
        .collect()
}

#[test]
fn the_list_names_every_file_in_schemas() {
    let files: BTreeSet<String> = listed().into_iter().map(|(_, file)| file).collect();
    assert_eq!(files, schema_files());
}

#[test]
fn each_schema_printed_is_its_file_in_schemas() {
    for (name, file) in listed() {
        let o = flowsim(&["schema", &name]);
        assert_eq!(o.code, 0, "{name}: {}", o.stderr);
        let expected = std::fs::read_to_string(root().join("schemas").join(&file)).unwrap();
        assert!(o.stdout == expected, "`flowsim schema {name}` is not schemas/{file}");
        // The file name names it too.
        assert_eq!(flowsim(&["schema", &file]).stdout, expected, "{file}");
    }
}

#[test]
fn out_dir_writes_every_schema_under_its_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a/b");
    let o = flowsim(&["schema", "--out-dir", s(&out)]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    for file in schema_files() {
        let written = std::fs::read_to_string(out.join(&file)).unwrap();
        assert_eq!(written, std::fs::read_to_string(root().join("schemas").join(&file)).unwrap());
    }
}

#[test]
fn an_unknown_schema_is_refused_with_the_nearest_name() {
    let o = flowsim(&["schema", "scenario"]);
    assert_eq!(o.code, 2, "{}", o.stdout);
    assert_eq!(
        o.stderr,
        "error[notFound]: flowsim has no schema `scenario` (it has scenarios, fixtures, flow, archy, org, project)\n   = help: did you mean `scenarios`? `flowsim schema --list` lists them\n"
    );
    assert!(o.stdout.is_empty());
    // A name nothing like any schema gets no guess: `nope` is three edits from `org`, all of it.
    let far = flowsim(&["schema", "nope"]);
    assert_eq!(far.code, 2, "{}", far.stdout);
    assert_eq!(
        far.stderr,
        "error[notFound]: flowsim has no schema `nope` (it has scenarios, fixtures, flow, archy, org, project)\n   = help: `flowsim schema --list` lists them\n"
    );
    let none = flowsim(&["schema"]);
    assert_eq!(none.code, 2, "naming nothing is a usage error: {}", none.stdout);
}

/// Every file under `dir`, relative paths in order.
fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// A `flowsim init` project's every schema reference, the YAML files' `$schema=` lines and the
/// schemas' own relative `$ref`s, resolves to a file `init` wrote, and that file is the schema
/// this flowsim carries.
#[test]
fn init_names_only_schemas_it_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let o = flowsim(&["init", s(dir.path())]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let mut files = Vec::new();
    files_under(dir.path(), &mut files);
    let mut resolved = BTreeSet::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let mut refs: Vec<String> = text
            .lines()
            .filter_map(|l| {
                l.strip_prefix("# yaml-language-server: $schema=")
                    .or_else(|| l.strip_prefix("#:schema "))
            })
            .map(str::to_owned)
            .collect();
        if file.extension().is_some_and(|e| e == "json") {
            let json: serde_json::Value = serde_json::from_str(&text).unwrap();
            collect_file_refs(&json, &mut refs);
        }
        for r in refs {
            let target = file.parent().unwrap().join(&r);
            assert!(target.is_file(), "{} names {r}, which init did not write", file.display());
            let name = target.file_name().unwrap().to_str().unwrap().to_owned();
            let carried = std::fs::read_to_string(root().join("schemas").join(&name)).unwrap();
            assert!(std::fs::read_to_string(&target).unwrap() == carried, "{}", target.display());
            resolved
                .insert(format!("{}: {name}", file.strip_prefix(dir.path()).unwrap().display()));
        }
    }
    assert_eq!(
        resolved.into_iter().collect::<Vec<_>>(),
        [
            ".flowsim/schemas/scenarios.schema.json: fixtures.schema.json",
            "fixtures/after-hours/queues.yaml: fixtures.schema.json",
            "fixtures/queues.yaml: fixtures.schema.json",
            "flows/main_menu.yaml: archy.schema.json",
            "flowsim.toml: project.schema.json",
            "tests/main_menu.scenarios.yaml: scenarios.schema.json",
        ]
    );
}

/// `$ref`s to another file (not `#/$defs/...` within the same one).
fn collect_file_refs(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match v.as_str() {
                    Some(r) if k == "$ref" && !r.starts_with('#') => {
                        out.push(r.split('#').next().unwrap().to_owned());
                    }
                    _ => collect_file_refs(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_file_refs(v, out)),
        _ => {}
    }
}

/// The workflow `init` writes installs the flowsim that wrote it, not whatever is newest: a
/// suite passes or fails by the flowsim it runs on.
#[test]
fn init_pins_its_own_version_in_ci() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(flowsim(&["init", s(dir.path())]).code, 0);
    let ci = std::fs::read_to_string(dir.path().join(".github/workflows/flowsim.yml")).unwrap();
    let installs: Vec<&str> = ci.lines().filter(|l| l.contains("pipx install")).collect();
    let pinned = format!("run: pipx install flowsim-cli=={}", env!("CARGO_PKG_VERSION"));
    // One install per job (the shards' and the merge's), each of the same version.
    assert_eq!(installs.len(), 2, "{ci}");
    for install in installs {
        assert_eq!(install.trim(), pinned);
    }
    let version = flowsim(&["--version"]).stdout;
    assert!(version.trim().ends_with(env!("CARGO_PKG_VERSION")), "{version}");
}
