//! Nothing escapes the project (docs/security.md): no file flowsim names is written through a
//! link a repository ships, no search follows a linked folder out of the tree it searches, and
//! no project file is taken from a folder above the repository or from another user.
//!
//! Besides the instances, two scans hold the classes: every file write in the program's
//! sources goes through `util::files` (`write_inside` for a name flowsim chooses,
//! `write_atomic` only where the user named the file, each such place listed here with its
//! option), and every folder listing through `util::files::entries`, which never calls a
//! linked folder a folder.

use crate::cli::{flowsim_in, Output};
use std::path::{Path, PathBuf};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[cfg(unix)]
fn link(target: &str, at: &Path) {
    std::os::unix::fs::symlink(target, at).unwrap();
}

/// `project/` with `outside/victim.txt` beside it.
fn planted() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let (project, outside) = (dir.path().join("project"), dir.path().join("outside"));
    std::fs::create_dir_all(&project).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("victim.txt"), "keep").unwrap();
    (dir, project, outside)
}

#[track_caller]
fn untouched(outside: &Path) {
    assert_eq!(std::fs::read_to_string(outside.join("victim.txt")).unwrap(), "keep");
    let mut names: Vec<_> = std::fs::read_dir(outside)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert!(
        names.iter().all(|n| n == "victim.txt" || n == "flows"),
        "flowsim made files outside the project: {names:?}"
    );
}

/// `flowsim schema --out-dir .flowsim/schemas`, the documented upgrade step, wrote through
/// the links a repository shipped there (`write_atomic`, where `init` and `man` use
/// `write_inside`): it overwrote a file outside the repository and made a dangling link's
/// target, exit 0.
#[cfg(unix)]
#[test]
fn schema_out_dir_never_writes_through_a_link_in_the_folder() {
    let (_dir, project, outside) = planted();
    let schemas = project.join(".flowsim/schemas");
    std::fs::create_dir_all(&schemas).unwrap();
    link("../../../outside/victim.txt", &schemas.join("flow.schema.json"));
    link("../../../outside/made.json", &schemas.join("scenarios.schema.json"));
    let o = flowsim_in(&project, &["schema", "--out-dir", ".flowsim/schemas"]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("is a symbolic link"), "{}", o.stderr);
    untouched(&outside);
    // Without the links, every schema is written.
    std::fs::remove_file(schemas.join("flow.schema.json")).unwrap();
    std::fs::remove_file(schemas.join("scenarios.schema.json")).unwrap();
    let o = flowsim_in(&project, &["schema", "--out-dir", ".flowsim/schemas"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(schemas.join("flow.schema.json").is_file());
}

/// `flows/x -> ../outside/flows`: the search read the flows there, printed their lines in its
/// errors, and `check --fix` rewrote one of them.
#[cfg(unix)]
#[test]
fn a_linked_folder_below_the_flows_is_not_searched_and_fix_writes_nothing_outside() {
    let (_dir, project, outside) = planted();
    std::fs::create_dir_all(outside.join("flows")).unwrap();
    let theirs = outside.join("flows/tiers.yaml");
    std::fs::write(&theirs, crate::check_fix::TIERS).unwrap();
    std::fs::create_dir_all(project.join("flows")).unwrap();
    std::fs::write(
        project.join("flows/mine.yaml"),
        crate::check_fix::TIERS.replace("Fix Me", "Mine"),
    )
    .unwrap();
    link("../../outside/flows", &project.join("flows/x"));
    let o = flowsim_in(&project, &["check", "flows", "--format", "json"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(
        !o.stdout.contains("tiers.yaml"),
        "a file below a linked folder was read: {}",
        o.stdout
    );
    let o = flowsim_in(&project, &["check", "--fix", "flows"]);
    assert!(o.code <= 1, "{}{}", o.stdout, o.stderr);
    assert_eq!(std::fs::read_to_string(&theirs).unwrap(), crate::check_fix::TIERS);
    assert_ne!(
        std::fs::read_to_string(project.join("flows/mine.yaml")).unwrap(),
        crate::check_fix::TIERS.replace("Fix Me", "Mine"),
        "the project's own flow is fixed"
    );
    // Named on the command line, the linked folder is the user's to read.
    let o = flowsim_in(&project, &["check", "flows/x", "--format", "json"]);
    assert!(o.stdout.contains("tiers.yaml"), "{}", o.stdout);
    untouched(&outside);
}

/// A project file that turns every code off, and sends the cache outside.
fn hostile(cache: &Path) -> String {
    let mut text = format!("cache = {:?}\n[lint]\n", s(cache));
    for code in flowsim::diag::Code::ALL {
        text.push_str(&format!("{} = \"ignore\"\n", code.as_str()));
    }
    text
}

/// A repository `outer/repo` (with its `.git`) holding a flow with mistakes.
fn repository(outer: &Path) -> PathBuf {
    let repo = outer.join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join("flows")).unwrap();
    std::fs::write(repo.join("flows/x.yaml"), crate::check_fix::TIERS).unwrap();
    repo
}

/// A `flowsim.toml` in a folder above the checkout (a world-writable `/tmp/work`) was used,
/// whoever wrote it: its levels turned `check flows/x.yaml` from exit 1 to 0, and its
/// `cache = "/abs/..."` made `flowsim test` create folders there.
#[cfg(unix)]
#[test]
fn project_files_planted_above_the_repository_or_by_others_are_not_used() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let outer = dir.path().join("outer");
    let repo = repository(&outer);
    let far = dir.path().join("far/cache");
    std::fs::write(outer.join("flowsim.toml"), hostile(&far)).unwrap();
    let o = flowsim_in(&repo.join("flows"), &["check", "x.yaml"]);
    assert_eq!(o.code, 1, "a file above the repository set the levels: {}{}", o.stdout, o.stderr);
    let o = flowsim_in(&repo, &["test", "--last-failed"]);
    assert!(o.code <= 2, "{}", o.stderr);
    assert!(!dir.path().join("far").exists(), "the cache went where a planted file said");

    // In the repository: a file others can write is refused, with what to do.
    let file = repo.join("flowsim.toml");
    std::fs::write(&file, "flows = [\"flows\"]\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o666)).unwrap();
    let o: Output = flowsim_in(&repo, &["check"]);
    assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("can be written by everyone"), "{}", o.stderr);
    assert!(o.stderr.contains("chmod go-w"), "{}", o.stderr);
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let o = flowsim_in(&repo, &["check"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    // Another user's file (only root can give one away, and take it back).
    if std::os::unix::fs::chown(&file, Some(65534), None).is_ok() {
        let o = flowsim_in(&repo, &["check"]);
        assert_eq!(o.code, 2, "{}{}", o.stdout, o.stderr);
        assert!(o.stderr.contains("belongs to another user"), "{}", o.stderr);
        std::os::unix::fs::chown(&file, Some(0), None).unwrap();
    }

    // What the file names stays inside: `cache` absolute or climbing is refused at its place.
    for cache in [s(&far).to_owned(), "../../far".to_owned()] {
        std::fs::write(&file, format!("flows = [\"flows\"]\ncache = {cache:?}\n")).unwrap();
        let o = flowsim_in(&repo, &["test", "--last-failed"]);
        assert_eq!(o.code, 2, "{cache}: {}{}", o.stdout, o.stderr);
        assert!(o.stderr.contains("flowsim.toml:2:9"), "{}", o.stderr);
        assert!(o.stderr.contains("stays inside the project"), "{}", o.stderr);
    }
    std::fs::write(&file, "flows = [\"../../elsewhere\"]\n").unwrap();
    let o = flowsim_in(&repo, &["check"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(!dir.path().join("far").exists());
}

/// Every source file of the program (each crate's `src/` and the binary's), without its
/// `#[cfg(test)] mod` blocks and test-only files: what the scans below read.
pub(crate) fn program_sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let root = crate::support::root();
    let mut files = Vec::new();
    walk(&root.join("src"), &mut files);
    for c in std::fs::read_dir(root.join("crates")).unwrap() {
        walk(&c.unwrap().path().join("src"), &mut files);
    }
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let rel = f.strip_prefix(root).unwrap().to_str().unwrap().to_owned();
        let name = f.file_name().unwrap().to_str().unwrap();
        if name.ends_with("tests.rs") || name == "tests.rs" || rel.contains("/tests/") {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        // A test module at the end of the file, as every module here keeps its tests.
        let code = text.split("\n#[cfg(test)]\nmod ").next().unwrap().to_owned();
        out.push((rel, code));
    }
    out
}

/// One writer for every file flowsim writes: outside `util/files.rs` no source creates or
/// writes a file by itself, and `write_atomic` (which follows a link, as a user-named file
/// should) is called only where the user named the file, each place listed with its option.
/// A new `fs::write`, `File::create` or `write_atomic` fails here until it is `write_inside`
/// or listed with the reason.
#[test]
fn every_file_flowsim_writes_goes_through_the_one_writer() {
    // (file, why `write_atomic` there writes a file the user named)
    let user_named: &[(&str, &str)] = &[
        ("src/cli/debug/history.rs", "the history file, FLOWSIM_HISTORY or the user's own"),
        ("src/cli/traffic.rs", "--write FILE"),
        ("src/cli/heatmap.rs", "--output FILE"),
        ("src/cli/graph.rs", "--output FILE"),
        ("src/cli/decisions.rs", "--decision-log FILE"),
        ("src/cli/replay.rs", "--junit FILE"),
        ("src/cli/test.rs", "--junit, --coverage-out, --report FILE"),
        ("crates/flowsim-api/src/api/cassette/journal.rs", "--cassette FILE"),
        ("crates/flowsim-api/src/api/cassette.rs", "--cassette FILE"),
    ];
    // (file, why it opens a file for writing itself)
    let own_open: &[(&str, &str)] = &[
        ("crates/flowsim-core/src/util/files.rs", "the one writer"),
        ("src/cli/revision.rs", "a private scratch file (0600) in a folder it made"),
        ("src/explore/scenario.rs", "makes --out DIR, the user's root for write_inside"),
        (
            "crates/flowsim-api/src/api/cassette/journal.rs",
            "appends to the journal write_inside checked",
        ),
    ];
    let mut found = Vec::new();
    for (file, code) in program_sources() {
        for (i, line) in code.lines().enumerate() {
            let l = line.trim_start();
            if l.starts_with("//") {
                continue;
            }
            let opens = ["fs::write(", "File::create(", "OpenOptions::new()", "create_dir_all("]
                .iter()
                .any(|w| l.contains(w));
            if opens && !own_open.iter().any(|(f, _)| *f == file) {
                found.push(format!("{file}:{}: {l}", i + 1));
            }
            if l.contains("write_atomic(")
                && !l.contains("fn write_atomic")
                && !user_named.iter().any(|(f, _)| *f == file)
                && !file.ends_with("util/files.rs")
                && !file.ends_with("flowsim-core/src/util.rs")
            {
                found.push(format!("{file}:{}: {l}", i + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "files written outside the one writer (use util::files::write_inside, or list a \
         user-named file here):\n{}",
        found.join("\n")
    );
}

/// Searches never follow a linked folder: outside `util/files.rs` (the one lister,
/// `files::entries`, and the one search over folders, `files::search`, beside the stale
/// temporary files a write removes) no source lists a folder by itself (`read_dir`), nor
/// walks a tree with the lister instead of the search.
#[test]
fn every_folder_search_lists_entries_through_the_one_lister() {
    let flat: &[(&str, &str)] = &[(
        "crates/flowsim-core/src/util/files.rs",
        "the one lister and search, and stale temp files",
    )];
    let mut found = Vec::new();
    for (file, code) in program_sources() {
        for (i, line) in code.lines().enumerate() {
            let lists = line.contains("read_dir(") || line.contains("files::entries(");
            if lists && !flat.iter().any(|(f, _)| *f == file) {
                found.push(format!("{file}:{}: {}", i + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "folders listed outside util::files (use files::search):\n{}",
        found.join("\n")
    );
}

/// A writing command, the links a repository plants where it writes, and what it may exit
/// with (a refusal, or a run that goes on after a warning).
#[cfg(unix)]
struct Planted {
    what: &'static str,
    /// Links to plant, relative to the project: (the link's path, its target).
    links: &'static [(&'static str, &'static str)],
    args: &'static [&'static str],
    codes: &'static [i32],
    /// A scenario asks for a snapshot (so `test` has one to write).
    snapshot: bool,
}

/// Every subcommand that writes a file whose name flowsim chooses (inside a folder the user
/// named or the project's), run in a `flowsim init` project with a link planted at each place
/// it writes, pointing out of the project: none writes outside it; each either refuses (exit
/// 2, naming the link) or, for a file it only keeps for itself (the failures of
/// `--last-failed`), warns and goes on. `check --fix` through a linked folder is the test
/// above; `schema --out-dir` the first.
#[cfg(unix)]
#[test]
fn every_writing_subcommand_refuses_the_links_planted_where_it_writes() {
    let cases = [
        Planted {
            what: "init: a folder of the new project linked out",
            links: &[("new/flows", "../../outside")],
            args: &["init", "new"],
            codes: &[2],
            snapshot: false,
        },
        Planted {
            what: "test: the cache folder linked out",
            links: &[(".flowsim/cache", "../../outside")],
            // A failure to record: the new snapshot's.
            args: &["test"],
            codes: &[1],
            snapshot: true,
        },
        Planted {
            what: "test: the snapshots' folder linked out",
            links: &[("tests/__snapshots__", "../../outside")],
            args: &["test", "--accept"],
            codes: &[1, 2],
            snapshot: true,
        },
        Planted {
            what: "test: a snapshot file linked out",
            links: &[(
                "tests/__snapshots__/main_menu__caller-presses-1-and-reaches-sales.snap",
                "../../../outside/victim.txt",
            )],
            args: &["test", "--accept"],
            codes: &[1, 2],
            snapshot: true,
        },
        Planted {
            what: "man --out-dir: a page linked out",
            links: &[("man/flowsim.1", "../../outside/victim.txt")],
            args: &["man", "--out-dir", "man"],
            codes: &[2],
            snapshot: false,
        },
        Planted {
            what: "docs --out-dir: a page linked out",
            links: &[("site/architect.html", "../../outside/victim.txt")],
            args: &["docs", "--out-dir", "site"],
            codes: &[2],
            snapshot: false,
        },
        Planted {
            what: "explore --write-scenarios: a scenario file linked out",
            links: &[("paths/main-menu-path-001.scenarios.yaml", "../../outside/victim.txt")],
            args: &["explore", "Main Menu", "--write-scenarios", "paths"],
            codes: &[2],
            snapshot: false,
        },
    ];
    let mut wrong = Vec::new();
    for case in &cases {
        let (_dir, project, outside) = planted();
        let made = flowsim_in(project.parent().unwrap(), &["init", "project"]);
        assert_eq!(made.code, 0, "{}", made.stderr);
        let scenarios = project.join("tests/main_menu.scenarios.yaml");
        let text = std::fs::read_to_string(&scenarios).unwrap();
        // A snapshot for `test` to write.
        let text = if case.snapshot {
            text.replacen(
                "  - name: caller presses 1 and reaches sales\n",
                "  - name: caller presses 1 and reaches sales\n    snapshot: true\n",
                1,
            )
        } else {
            text
        };
        std::fs::write(&scenarios, text).unwrap();
        for (at, target) in case.links {
            let at = project.join(at);
            std::fs::create_dir_all(at.parent().unwrap()).unwrap();
            link(target, &at);
        }
        let o = flowsim_in(&project, case.args);
        let said = format!("{}{}", o.stdout, o.stderr);
        if !case.codes.contains(&o.code) || !said.contains("symbolic link") {
            wrong.push(format!("{}: exit {}, and the link named?\n{said}", case.what, o.code));
        }
        untouched(&outside);
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}
