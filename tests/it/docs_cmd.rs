//! `flowsim docs`: the documentation built into the binary, and every pointer to it. A wheel
//! or an archive carries no `docs/` folder, so a message, hover, help text, explanation or
//! template that sends its reader to a page names a topic of `flowsim docs` ("see `flowsim
//! docs scenarios`"), never a file: this test reads them all (the sources' string literals, the
//! manual pages of every command, `flowsim explain` of every code, the templates, schemas and
//! editor files) and fails on a pointer to a page the command does not print.

use crate::cli::{flowsim, flowsim_in};
use crate::support::root;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The topics `flowsim docs --list` prints.
fn topics() -> BTreeSet<String> {
    let out = flowsim(&["docs", "--list"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout.lines().filter_map(|l| l.split_whitespace().next()).map(str::to_owned).collect()
}

/// User-facing pointers that still name a file, in the files the lead is moving into the check
/// library this session (src/cli/mod.rs's help texts and request error, src/cli/project.rs):
/// each must still be there (remove it from the list when it is rewritten).
const PENDING: &[&str] = &[];

/// Every `flowsim docs TOPIC` in `text` (a topic is lower-case letters and `-`).
fn named_topics(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("flowsim docs ") {
        rest = &rest[at + "flowsim docs ".len()..];
        let topic: String =
            rest.chars().take_while(|c| c.is_ascii_lowercase() || *c == '-').collect();
        if rest.starts_with(|c: char| c.is_ascii_lowercase()) {
            out.push(topic.trim_end_matches('-').to_owned());
        }
    }
    out
}

/// Every `docs/NAME.md` in `text`, with the text around it.
fn file_pointers(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("docs/").map(|a| from + a) {
        from = at + 5;
        let name: String = text[from..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        if !text[from + name.len()..].starts_with(".md") || name.is_empty() {
            continue;
        }
        // A string that is a repository path whole (`"docs/expressions.md"`, a test's file)
        // is not a pointer for people.
        if text[..at].ends_with('"') && text[from + name.len()..].starts_with(".md\"") {
            continue;
        }
        // `flowsim/docs/x.md`-like paths of other projects are not pointers to ours.
        if at > 0 && text[..at].ends_with(|c: char| c.is_ascii_alphanumeric() || "/-_".contains(c))
        {
            continue;
        }
        let start = text[..at].char_indices().rev().nth(40).map_or(0, |(i, _)| i);
        let end = (from + name.len() + 40).min(text.len());
        let end = (end..=text.len()).find(|&e| text.is_char_boundary(e)).unwrap_or(text.len());
        out.push((name, text[start..end].replace('\n', " ")));
    }
    out
}

/// The lines of a Rust source that are code, not comments or tests (`tests/it/layers.rs`'s
/// reading), without what `include_str!` and the generated-table checks name (repository
/// paths, not pointers for people).
fn user_lines(text: &str) -> String {
    crate::layers::code_lines(text)
        .into_iter()
        .filter(|l| !l.contains("include_str!") && !l.contains("assert_generated"))
        .map(|l| {
            // An end-of-line comment is for the reader of the source.
            let mut quoted = false;
            let bytes = l.as_bytes();
            let cut = (0..bytes.len()).find(|&i| {
                if bytes[i] == b'"' && (i == 0 || bytes[i - 1] != b'\\') {
                    quoted = !quoted;
                }
                !quoted && bytes[i..].starts_with(b"//")
            });
            &l[..cut.unwrap_or(l.len())]
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A Rust source without the items `#[cfg(test)]` gates (whose planted pointers name no page).
fn without_tests(text: &str) -> String {
    let mut lines = text.lines().peekable();
    let mut kept = Vec::new();
    while let Some(line) = lines.next() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            while lines.peek().is_some_and(|l| l.trim_start().starts_with("#[")) {
                lines.next();
            }
            let mut depth = 0i64;
            for item in lines.by_ref() {
                depth +=
                    item.chars().map(|c| i64::from(c == '{') - i64::from(c == '}')).sum::<i64>();
                if depth <= 0 && (item.contains('}') || item.trim_end().ends_with([';', ','])) {
                    break;
                }
            }
        } else {
            kept.push(line);
        }
    }
    kept.join("\n")
}

fn files(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    for p in paths {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if p.is_dir() {
            if name != "node_modules" && name != "target" && !name.starts_with('.')
                || name == ".flowsim"
                || name == ".github"
            {
                files(&p, keep, out);
            }
        } else if keep(&p) {
            out.push(p);
        }
    }
}

/// What a person reads: (where, text).
fn user_facing_texts() -> Vec<(String, String)> {
    let root = root();
    let mut texts = Vec::new();
    let mut sources = Vec::new();
    files(&root.join("src"), &|p| p.extension().is_some_and(|e| e == "rs"), &mut sources);
    files(
        &root.join("crates"),
        &|p| {
            p.extension().is_some_and(|e| e == "rs")
                && p.components().any(|c| c.as_os_str() == "src")
        },
        &mut sources,
    );
    for p in sources {
        let text = std::fs::read_to_string(&p).unwrap();
        texts.push((p.strip_prefix(root).unwrap().display().to_string(), user_lines(&text)));
    }
    let mut whole = Vec::new();
    for dir in ["templates", "schemas", "editors"] {
        files(&root.join(dir), &|p| !p.ends_with("package-lock.json"), &mut whole);
    }
    for p in whole {
        let text = std::fs::read_to_string(&p).unwrap();
        texts.push((p.strip_prefix(root).unwrap().display().to_string(), text));
    }
    // Help texts: every command's manual page; explanations: every code's.
    let man = tempfile::tempdir().unwrap();
    let out = flowsim(&["man", "--out-dir", man.path().to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut pages = Vec::new();
    files(man.path(), &|_| true, &mut pages);
    assert!(pages.len() > 20, "{} manual pages", pages.len());
    for p in pages {
        let text = std::fs::read_to_string(&p)
            .unwrap()
            .replace("\\-", "-")
            .replace("\\fB", "")
            .replace("\\fR", "");
        texts.push((format!("flowsim man: {}", p.file_name().unwrap().to_string_lossy()), text));
    }
    let explain = flowsim(&["explain"]);
    assert_eq!(explain.code, 0, "{}", explain.stderr);
    texts.push(("flowsim explain".into(), explain.stdout));
    texts
}

/// Every `flowsim docs TOPIC` anywhere (sources, comments, docs, templates) names a topic the
/// command prints; every `docs/NAME.md` still written (in comments for developers, and in
/// docs pages) names a page that exists.
#[test]
fn every_pointer_names_a_page_flowsim_docs_prints() {
    let topics = topics();
    assert!(topics.contains("scenarios") && topics.contains("index"), "{topics:?}");
    let root = root();
    let mut all = Vec::new();
    // The pages' own links are followed by `src/cli/docs/html.rs`'s test.
    for dir in ["src", "crates", "templates", "schemas", "editors", "tests", "tools"] {
        files(
            &root.join(dir),
            &|p| {
                p.extension().is_some_and(|e| {
                    ["rs", "md", "yaml", "yml", "json", "toml", "ts", "lua", "py", "sh"]
                        .iter()
                        .any(|x| e == *x)
                }) && !p.ends_with("package-lock.json")
            },
            &mut all,
        );
    }
    all.extend(["README.md", "ARCHITECTURE.md", "BENCHMARKS.md"].map(|f| root.join(f)));
    let mut wrong = Vec::new();
    for p in &all {
        let Ok(text) = std::fs::read_to_string(p) else { continue };
        let rel = p.strip_prefix(root).unwrap().display().to_string();
        if rel == "tests/it/docs_cmd.rs" {
            continue;
        }
        let text =
            if p.extension().is_some_and(|e| e == "rs") { without_tests(&text) } else { text };
        for t in named_topics(&text) {
            if !topics.contains(&t) {
                wrong.push(format!("{rel}: `flowsim docs {t}` (no such topic)"));
            }
        }
        for (name, around) in file_pointers(&text) {
            let topic = if name == "README" { "index".to_owned() } else { name.to_lowercase() };
            if !topics.contains(&topic) {
                wrong.push(format!("{rel}: docs/{name}.md (no such page): …{around}…"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "pointers to pages flowsim docs does not print:\n{}",
        wrong.join("\n")
    );
}

/// What a person reads (messages, hovers, help texts, explanations, templates) names a topic,
/// not a file an installed flowsim does not have.
#[test]
fn what_people_read_names_topics_not_files() {
    let mut found = Vec::new();
    let mut pending_seen = BTreeSet::new();
    for (place, text) in user_facing_texts() {
        for (name, around) in file_pointers(&text) {
            if let Some(p) = PENDING.iter().find(|p| around.contains(**p)) {
                pending_seen.insert(*p);
                continue;
            }
            found.push(format!("{place}: docs/{name}.md: …{around}…"));
        }
    }
    assert!(
        found.is_empty(),
        "{} pointers name a file; write \"`flowsim docs TOPIC`\" instead:\n{}",
        found.len(),
        found.join("\n")
    );
    let stale: Vec<_> = PENDING.iter().filter(|p| !pending_seen.contains(*p)).collect();
    assert!(stale.is_empty(), "PENDING lists pointers no longer there: {stale:?}");
}

/// The scans find what they look for (planted breaches).
#[test]
fn the_scans_find_planted_pointers() {
    assert_eq!(
        named_topics("see `flowsim docs scenarios`; `flowsim docs --list`; flowsim docs TOPIC"),
        ["scenarios"]
    );
    let found = file_pointers("see docs/scenarios.md, or docs/images/x.svg, flowsim/docs/x.md");
    assert_eq!(found.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["scenarios"]);
    let code = "// docs/a.md\nlet x = \"see docs/b.md\"; // docs/c.md\n#[cfg(test)]\nmod tests { \"docs/d.md\" }\n";
    let lines = user_lines(code);
    assert_eq!(file_pointers(&lines).iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["b"]);
}

#[test]
fn a_page_prints_as_its_markdown_off_a_terminal_and_rendered_on_request() {
    let out = flowsim(&["docs", "scenarios"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, std::fs::read_to_string(root().join("docs/scenarios.md")).unwrap());
    let index = flowsim(&["docs"]);
    assert_eq!(index.stdout, std::fs::read_to_string(root().join("docs/README.md")).unwrap());
    let text = flowsim(&["docs", "fixtures.md", "--format", "text"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(text.stdout.starts_with("# Fixture files"), "{}", &text.stdout[..200]);
    assert!(!text.stdout.contains('\x1b'), "no colour unless asked");
    assert!(text.stdout.contains("(flowsim docs scenarios)"), "links say where they lead");
    // Wrapped at 100 columns; only a code block or a code span longer than that goes past.
    let long: Vec<&str> = text
        .stdout
        .lines()
        .filter(|l| l.chars().count() > 100 && !l.starts_with("    ") && !l.starts_with('`'))
        .collect();
    assert!(long.is_empty(), "{long:#?}");
    let colour = flowsim(&["docs", "fixtures", "--format", "text", "--color", "always"]);
    assert!(
        colour.stdout.contains("\x1b[36m`queues`") || colour.stdout.contains("\x1b[36mqueues"),
        "code in colour"
    );
}

#[test]
fn an_unknown_topic_is_refused_with_the_one_meant() {
    let out = flowsim(&["docs", "senarios"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error[notFound]: flowsim has no page `senarios`\n   = help: did you mean `scenarios`? `flowsim docs --list` lists them\n"
    );
    let far = flowsim(&["docs", "nope"]);
    assert_eq!(far.code, 2);
    assert!(!far.stderr.contains("did you mean"), "{}", far.stderr);
}

/// `--out-dir` writes every page as HTML and the images; every link is followed by the unit
/// test of `src/cli/docs/html.rs`, here the folder is checked as written.
#[test]
fn out_dir_writes_every_page_as_html() {
    let dir = tempfile::tempdir().unwrap();
    let out = flowsim_in(dir.path(), &["docs", "--out-dir", "site"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let topics = topics();
    for t in &topics {
        let page = std::fs::read_to_string(dir.path().join(format!("site/{t}.html"))).unwrap();
        assert!(page.starts_with("<!DOCTYPE html>"), "{t}");
    }
    let scenarios = std::fs::read_to_string(dir.path().join("site/scenarios.html")).unwrap();
    assert!(scenarios.contains("href=\"snapshots.html\""), "links between pages are rewritten");
    assert!(dir.path().join("site/images/editor-hover.svg").is_file());
    assert!(out.stdout.starts_with(&format!("wrote {} pages", topics.len())), "{}", out.stdout);
    // A link inside the folder is not followed (the project's safe writer).
    #[cfg(unix)]
    {
        let other = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("linked")).unwrap();
        std::os::unix::fs::symlink(other.path(), dir.path().join("linked/images")).unwrap();
        let refused = flowsim_in(dir.path(), &["docs", "--out-dir", "linked"]);
        assert_eq!(refused.code, 2, "{}", refused.stdout);
        assert!(
            std::fs::read_dir(other.path()).unwrap().next().is_none(),
            "nothing written through the link"
        );
    }
}
