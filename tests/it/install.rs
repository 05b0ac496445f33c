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
    assert_eq!(flowsim(&["init", "--install", "pypi", s(dir.path())]).code, 0);
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

/// The "Install flowsim" step of each job of the workflow `init --install SOURCE` writes (one
/// step per job, the same in each), as a shell command.
fn install_steps(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join(".github/workflows/flowsim.yml")).unwrap();
    let ci = flowsim::util::yaml::to_json(&text).expect("the workflow is YAML");
    ["flowsim", "merge"]
        .iter()
        .map(|job| {
            let steps = ci["jobs"][job]["steps"].as_array().unwrap();
            let install: Vec<&serde_json::Value> =
                steps.iter().filter(|s| s["name"] == "Install flowsim").collect();
            assert_eq!(install.len(), 1, "{job}: {text}");
            install[0]["run"].as_str().unwrap().to_owned()
        })
        .collect()
}

/// `--install archive=URL`: the step the workflow runs, run by bash as a GitHub runner runs it,
/// fetches the archive over HTTP (from a server on 127.0.0.1 here) and puts its `flowsim` on the
/// PATH of the steps after it (`$GITHUB_PATH`). The archive is laid out as
/// .github/workflows/release.yml lays one out (`flowsim-VERSION-TARGET/flowsim`, the README
/// beside it); the binary in it is a stand-in script, since the step only places it.
#[cfg(unix)]
#[test]
fn the_workflow_installs_flowsim_from_a_release_archive_by_url() {
    use std::io::{Read as _, Write as _};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let version = env!("CARGO_PKG_VERSION");
    let name = format!("flowsim-{version}-x86_64-unknown-linux-musl");
    std::fs::create_dir(d.join(&name)).unwrap();
    let bin = d.join(&name).join("flowsim");
    std::fs::write(&bin, "#!/bin/sh\necho 'flowsim from the archive'\n").unwrap();
    std::fs::set_permissions(&bin, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    std::fs::write(d.join(&name).join("README.md"), "# flowsim\n").unwrap();
    let archive = d.join(format!("{name}.tar.gz"));
    let tar = std::process::Command::new("tar")
        .arg("-czf")
        .arg(&archive)
        .arg("-C")
        .arg(d)
        .arg(&name)
        .status()
        .unwrap();
    assert!(tar.success());
    let body = std::fs::read(&archive).unwrap();

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/releases/{name}.tar.gz", listener.local_addr().unwrap());
    let path = format!("GET /releases/{name}.tar.gz ");
    let server = std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        let mut request = Vec::new();
        let mut byte = [0u8; 1];
        while !request.ends_with(b"\r\n\r\n") && conn.read(&mut byte).unwrap() == 1 {
            request.push(byte[0]);
        }
        let request = String::from_utf8_lossy(&request).into_owned();
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/gzip\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        conn.write_all(head.as_bytes()).unwrap();
        conn.write_all(&body).unwrap();
        request
    });

    let project = d.join("project");
    let init = flowsim(&["init", "--install", &format!("archive={url}"), s(&project)]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    let steps = install_steps(&project);
    assert_eq!(steps[0], steps[1], "both jobs install the same flowsim");
    let home = d.join("home");
    std::fs::create_dir(&home).unwrap();
    let github_path = d.join("github_path");
    let out = std::process::Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &steps[0]])
        .env("HOME", &home)
        .env("GITHUB_PATH", &github_path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(server.join().unwrap().starts_with(&path), "the step fetched the archive's URL");
    let installed = home.join(".local/bin/flowsim");
    let ran = std::process::Command::new(&installed).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&ran.stdout), "flowsim from the archive\n");
    assert!(!home.join(".local/bin/README.md").exists(), "only the binary is placed");
    let path_file = std::fs::read_to_string(&github_path).unwrap();
    assert_eq!(path_file.trim(), home.join(".local/bin").display().to_string());
}

/// `--install git=URL[#REV]` compiles flowsim with the runner's cargo, at REV or at this
/// version's tag; a source that is none of the three, an archive that is not the Linux one, or
/// a URL the shell would read is refused (exit 2), and nothing is written.
#[test]
fn init_installs_from_git_at_a_revision_or_this_versions_tag_and_refuses_what_it_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let tagged = d.join("tagged");
    assert_eq!(
        flowsim(&["init", "--install", "git=https://example.com/flowsim.git", s(&tagged)]).code,
        0
    );
    let tag = format!(
        "cargo install --locked --git \"https://example.com/flowsim.git\" --tag v{} flowsim",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(install_steps(&tagged), [tag.clone(), tag]);
    let pinned = d.join("pinned");
    let source = "git=ssh://git@example.com/me/flowsim.git#4d3c2b1";
    assert_eq!(flowsim(&["init", "--install", source, s(&pinned)]).code, 0);
    let rev = "cargo install --locked --git \"ssh://git@example.com/me/flowsim.git\" --rev \"4d3c2b1\" flowsim";
    assert_eq!(install_steps(&pinned)[0], rev);
    for (bad, says) in [
        ("npm", "expected `pypi`, `archive=URL` or `git=URL[#REV]`"),
        ("archive=https://example.com/flowsim.zip", "the Linux x86_64 one (`.tar.gz`)"),
        ("git=https://example.com/$(id).git", "cannot stand in the URL"),
        ("git=https://example.com/flowsim.git#", "a revision is needed after `#`"),
    ] {
        let out = flowsim(&["init", "--install", bad, s(&d.join("refused"))]);
        assert_eq!(out.code, 2, "{bad}");
        assert!(out.stderr.contains(says), "{bad}: {}", out.stderr);
        assert!(!d.join("refused").exists(), "{bad}");
    }
}
