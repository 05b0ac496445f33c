//! The README and docs/ cannot lie: their console examples run through trycmd, their set-up
//! and install-side commands run, their links resolve, and docs/cli.md shows every command.

use crate::cli::flowsim;
use crate::support::root;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// README.md and every page of docs/, in name order.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![root().join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every page with a console example is run: a page gains examples and is tested at once.
#[test]
fn readme_console_examples() {
    let cases = trycmd::TestCases::new();
    cases.register_bin("flowsim", trycmd::schema::Bin::Path(env!("CARGO_BIN_EXE_flowsim").into()));
    let mut tested = 0;
    for page in pages() {
        if read(&page).contains("```console") {
            cases.case(&page);
            tested += 1;
        }
    }
    // README, running, check, results, scenarios, cli, emulator, replay, debug, explore,
    // graphs, decisions, expressions, dates-times-currency, snapshots, ci.
    assert!(tested >= 16, "pages with console examples: {tested}");
}

/// The main job: the first set-up command, without cargo's build step.
#[test]
fn readme_setup_command_runs() {
    let readme = read(&root().join("README.md"));
    let line = readme
        .lines()
        .find(|l| l.starts_with("cargo run --locked --release -- "))
        .expect("the README shows the main job");
    let args: Vec<&str> =
        line["cargo run --locked --release -- ".len()..].split_whitespace().collect();
    let out = flowsim(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.ends_with("64 passed, 0 failed\n"), "{}", out.stdout);
    assert!(out.stdout.contains("total: nodes 128/128, edges 156/156"), "{}", out.stdout);
    assert!(readme.contains("\ncargo test --locked\n"), "the README shows the test command");
    assert!(readme.contains("\ncargo install --locked --path .\n"), "the README shows the install");
    assert!(readme.lines().count() <= 160, "the README stays a short start");
}

/// The first ```sh block after `marker` in `page`.
fn sh_block_after(page: &str, marker: &str) -> String {
    let text = read(&root().join(page));
    let after = &text[text.find(marker).expect("the marker") + marker.len()..];
    let start = after.find("```sh\n").expect("a sh block after the marker") + "```sh\n".len();
    let len = after[start..].find("```\n").expect("the block ends");
    after[start..start + len].to_owned()
}

/// docs/cli.md's completions and manual block, run as written by `sh` in an empty home
/// directory with `flowsim` on the PATH: every file it names is written, the bash script
/// registers a completion, and every page a manual page points to was written too.
#[test]
fn completions_and_manual_commands_run_as_written() {
    let script = sh_block_after("docs/cli.md", "tests/it/readme.rs runs this block as written");
    let home = tempfile::tempdir().unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_flowsim")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let out = Command::new("sh")
        .args(["-eu", "-c", &script])
        .env("HOME", home.path())
        .env("PATH", &path)
        .current_dir(home.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{script}\n{}", String::from_utf8_lossy(&out.stderr));

    let bash = home.path().join(".local/share/bash-completion/completions/flowsim");
    let zsh = read(&home.path().join(".zfunc/_flowsim"));
    let fish = read(&home.path().join(".config/fish/completions/flowsim.fish"));
    assert!(zsh.starts_with("#compdef flowsim"), "{}", &zsh[..zsh.len().min(200)]);
    assert!(fish.contains("complete -c flowsim"), "{}", &fish[..fish.len().min(200)]);
    if Command::new("bash").arg("--version").output().is_ok() {
        let check = format!("source '{}' && complete -p flowsim", bash.display());
        let o = Command::new("bash").args(["-c", &check]).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(String::from_utf8_lossy(&o.stdout).contains("flowsim"));
    } else {
        assert!(read(&bash).contains("complete -F"));
    }

    let man = home.path().join(".local/share/man/man1");
    let written: BTreeSet<String> = std::fs::read_dir(&man)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        written.contains("flowsim.1") && written.contains("flowsim-expr-eval.1"),
        "{written:?}"
    );
    // `flowsim man` alone prints the top page; it and every written page point only at
    // pages that exist.
    let mut pages = vec![flowsim(&["man"]).stdout];
    pages.extend(written.iter().map(|f| read(&man.join(f))));
    for page in &pages {
        for (i, _) in page.match_indices("(1)") {
            let name = page[..i].rsplit(|c: char| c.is_whitespace()).next().unwrap();
            let file = format!("{}.1", name.replace("\\-", "-"));
            assert!(written.contains(&file), "a manual page points to {name}(1), not written");
        }
    }
    assert!(pages[0].contains("flowsim\\-run(1)"), "the top page lists the commands' pages");
}

/// docs/cli.md shows `--help` for every command and subcommand the binary has.
#[test]
fn cli_page_shows_every_command() {
    let page = read(&root().join("docs/cli.md"));
    let mut todo: Vec<Vec<String>> = vec![Vec::new()];
    let mut seen = 0;
    while let Some(path) = todo.pop() {
        let shown = if path.is_empty() {
            "$ flowsim --help\n".to_owned()
        } else {
            format!("$ flowsim {} --help\n", path.join(" "))
        };
        assert!(page.contains(&shown), "docs/cli.md does not show `{}`", shown.trim_end());
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = flowsim(&args).stdout;
        for sub in help
            .lines()
            .skip_while(|l| *l != "Commands:")
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            .filter_map(|l| l.split_whitespace().next())
            .filter(|c| *c != "help")
        {
            let mut p = path.clone();
            p.push(sub.to_owned());
            todo.push(p);
        }
        seen += 1;
    }
    assert!(seen >= 20, "{seen}");
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

fn anchors(text: &str) -> BTreeSet<String> {
    let mut fenced = false;
    let mut set = BTreeSet::new();
    for line in text.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        } else if !fenced && line.starts_with('#') {
            set.insert(slug(line.trim_start_matches('#')));
        }
    }
    set
}

/// Every relative link of the README and docs/ names a file of the repository, and an anchor
/// of that page when it has one; nothing points outside the repository.
#[test]
fn links_resolve_inside_the_repository() {
    let mut broken = Vec::new();
    for page in pages() {
        let text = read(&page);
        let dir = page.parent().unwrap();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("](") {
            rest = &rest[i + 2..];
            let Some(end) = rest.find(')') else { break };
            let target = &rest[..end];
            if target.starts_with("http") || target.contains(' ') {
                continue;
            }
            let (file, anchor) = target.split_once('#').unwrap_or((target, ""));
            let file = if file.is_empty() { page.clone() } else { dir.join(file) };
            let Ok(file) = file.canonicalize() else {
                broken.push(format!("{}: {target}", page.display()));
                continue;
            };
            if !file.starts_with(root().canonicalize().unwrap()) {
                broken.push(format!("{}: {target} is outside the repository", page.display()));
            } else if !anchor.is_empty() && !anchors(&read(&file)).contains(anchor) {
                broken.push(format!("{}: {target}: no such heading", page.display()));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// The docs speak to a flow author: no sections of a contract they do not have, no history.
#[test]
fn docs_speak_in_their_own_words() {
    for page in pages() {
        let text = read(&page);
        for word in ["SPEC", "../shared", "seed 0", "seeds'", "Seed 0", "issue 1", "issue #"] {
            assert!(!text.contains(word), "{} says `{word}`", page.display());
        }
    }
}

/// The `flowsim` command lines of a page's `sh` blocks (continuations joined), each cut at
/// the first unquoted `|`, `>`, `&`, `;`, `)` or comment.
fn shown_commands(text: &str) -> Vec<String> {
    let mut commands = Vec::new();
    let mut in_sh = false;
    let mut line = String::new();
    for raw in text.lines() {
        let trimmed = raw.trim_start();
        if trimmed.starts_with("```") {
            in_sh = trimmed == "```sh";
            continue;
        }
        if !in_sh {
            continue;
        }
        if let Some(head) = trimmed.strip_suffix('\\') {
            line.push_str(head);
            line.push(' ');
            continue;
        }
        line.push_str(trimmed);
        let mut rest = line.as_str();
        while let Some(i) = rest.find("flowsim ") {
            let before = rest[..i].chars().next_back();
            let after = &rest[i..];
            rest = &rest[i + "flowsim ".len()..];
            if before.is_some_and(|c| !(c.is_whitespace() || c == '(' || c == '|')) {
                continue;
            }
            let (mut quote, mut end) = (None, after.len());
            for (j, c) in after.char_indices() {
                match (quote, c) {
                    (None, '\'' | '"') => quote = Some(c),
                    (Some(q), c) if c == q => quote = None,
                    (None, '|' | '>' | '&' | ';' | ')') => {
                        end = j;
                        break;
                    }
                    (None, '#') if after[..j].ends_with(' ') => {
                        end = j;
                        break;
                    }
                    _ => {}
                }
            }
            commands.push(after[..end].trim().to_owned());
        }
        line.clear();
    }
    commands
}

/// Commands the docs show without their output (they need a terminal, a server, a real org
/// or time) are at least real command lines: the shell splits them as written, and `flowsim`
/// accepts their commands and flags (`--help` appended, so nothing runs).
#[test]
fn commands_shown_without_output_are_valid_command_lines() {
    let mut checked = 0;
    for page in pages() {
        for command in shown_commands(&read(&page)) {
            let script = format!("\"$FLOWSIM\" {} --help >/dev/null", &command["flowsim ".len()..]);
            let out = Command::new("sh")
                .args(["-c", &script])
                .env("FLOWSIM", env!("CARGO_BIN_EXE_flowsim"))
                .current_dir(root())
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}: `{command}` is not a valid command line:\n{}",
                page.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "{checked}");
}

/// The README names every tool some tests need (what `build.rs` marks tests ignored without).
#[test]
fn readme_names_every_tool_some_tests_need() {
    let build = std::fs::read_to_string(root().join("build.rs")).unwrap();
    let call = build.split("emit_needs(&root, &[").nth(1).expect("build.rs lists the needs");
    let needs: Vec<&str> =
        call[..call.find(']').unwrap()].split(',').map(|n| n.trim().trim_matches('"')).collect();
    assert!(needs.contains(&"nvim"), "{needs:?}");
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let line = readme
        .split("\n\n")
        .find(|p| p.contains("Tests that need what a clone lacks"))
        .expect("the README says which tests need what");
    for need in needs {
        let word = match need {
            "corpus" => "corpus",
            "tmux" => "tmux",
            "chromium" => "Chromium",
            "nvim" => "Neovim",
            other => panic!("a need the README has no word for: {other}"),
        };
        assert!(line.contains(word), "the README's list lacks {word}: {line}");
    }
}
