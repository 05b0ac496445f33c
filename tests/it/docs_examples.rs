//! Examples in the docs are real flows: each is read out of its page, loaded, checked and run
//! with the loader a user's flows meet, so a page cannot show a flow flowsim refuses.

use crate::cli::flowsim_in;
use crate::support::root;

/// The `yaml` blocks of `page` (under docs/) that follow the text `after`, `count` of them.
#[track_caller]
fn yaml_blocks(page: &str, after: &str, count: usize) -> Vec<String> {
    let text = std::fs::read_to_string(root().join("docs").join(page)).unwrap();
    let start = text.find(after).unwrap_or_else(|| panic!("no `{after}` in docs/{page}"));
    let mut rest = &text[start..];
    let mut blocks = Vec::new();
    while blocks.len() < count {
        let open = rest.find("```yaml\n").expect("a yaml block") + "```yaml\n".len();
        let close = open + rest[open..].find("```\n").expect("the block's end");
        blocks.push(rest[open..close].to_owned());
        rest = &rest[close..];
    }
    blocks
}

#[test]
fn the_transfer_to_flow_example_loads_checks_and_runs() {
    let blocks = yaml_blocks("architect.md", "**Transfer to Flow in Archy.**", 2);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("front_door.yaml"), &blocks[0]).unwrap();
    std::fs::write(dir.path().join("after_hours.yaml"), &blocks[1]).unwrap();
    let o = flowsim_in(dir.path(), &["check", "--flows", ".", "--color", "never"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("0 error(s), 0 warning(s)"), "{}", o.stdout);
    let o = flowsim_in(dir.path(), &["run", "--flows", ".", "Front Door", "--format", "json"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let run: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(run["status"], "disconnected", "{run:#}");
    assert_eq!(run["route"]["to"], "After Hours", "{run:#}");
    // As the page says: the caller alone is refused, the target not being loaded.
    let o = flowsim_in(dir.path(), &["check", "front_door.yaml", "--color", "never"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("error[flowNotInRegistry]"), "{}", o.stdout);
}
