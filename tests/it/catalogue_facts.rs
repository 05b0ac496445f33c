//! The commands that read what an action is (`check`'s flow types, callees and loop controls,
//! `graph`'s boxes and callees, `explore`'s variants, `diff`'s reading of a node, `mutate`'s
//! operators, the conditions `test` and the decision log explain a way by, the flow types a
//! callee is looked up among, a trace's text and JSON, coverage's dead error ways, `check`'s
//! secure data and JSON node outputs) read the fields of its catalogue entry (`catalogue::Facts`): none of them
//! decides by matching on the action's operation, on a JSON node type, or on an entry's key.
//! Adding an action is then its entry and its semantics; these consumers follow its facts.

use std::path::Path;

/// The consumers that read facts, not operations.
const CONSUMERS: &[&str] = &[
    "crates/flowsim-flow/src/flow/check/registry.rs",
    "src/view/graph.rs",
    "src/explore/variant.rs",
    "src/explore/outputs.rs",
    "src/mutate/mod.rs",
    "src/diff/canon.rs",
    "crates/flowsim-harness/src/harness/expect.rs",
    "crates/flowsim-harness/src/decisions/mod.rs",
    "crates/flowsim-flow/src/flow/registry/lookup.rs",
    "crates/flowsim-flow/src/flow/check/compare.rs",
    // Where a result is written out, explored and counted: a JSON node's facts too.
    "src/cli/render.rs",
    "crates/flowsim-engine/src/engine/steer.rs",
    "crates/flowsim-engine/src/engine/result.rs",
    "crates/flowsim-engine/src/engine/result/ser.rs",
    "crates/flowsim-engine/src/engine/result/compact.rs",
    "crates/flowsim-engine/src/engine/result/ndjson.rs",
    "crates/flowsim-engine/src/engine/stream.rs",
    "crates/flowsim-harness/src/harness/coverage.rs",
    "crates/flowsim-harness/src/harness/lint.rs",
    "crates/flowsim-flow/src/flow/edge.rs",
    "crates/flowsim-flow/src/flow/bind.rs",
    "crates/flowsim-flow/src/flow/check/names.rs",
    "crates/flowsim-flow/src/flow/check/secure.rs",
    "crates/flowsim-flow/src/flow/check/org.rs",
    "crates/flowsim-api/src/api/execution/emit.rs",
    // Reachability, services, offline limits, task calls and execution alignment: facts and
    // property ids too.
    "crates/flowsim-flow/src/flow/check/reach.rs",
    "crates/flowsim-flow/src/flow/check/services.rs",
    "crates/flowsim-flow/src/flow/check/offline.rs",
    "crates/flowsim-engine/src/engine/arch.rs",
    "crates/flowsim-api/src/api/execution/align.rs",
    // The editor's knowledge of actions.
    "crates/flowsim-lsp/src/knowledge.rs",
];

/// What deciding by the operation or the key looks like in code.
const DECIDES: &[&str] =
    &["Op::", "JsonOp", ".op ==", ".op !=", "spec.key ==", "(spec.key,", "is_json()"];

/// The lines of `text` before its tests, without comments, each with its number, that decide
/// by an operation or a key.
fn decisions(text: &str) -> Vec<(usize, String)> {
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    code.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.split("//").next().unwrap_or("").to_owned()))
        .filter(|(_, line)| DECIDES.iter().any(|d| names(line, d)))
        .collect()
}

/// Whether `line` holds `pattern` as a word of its own (`Op::`, not `BinOp::`).
fn names(line: &str, pattern: &str) -> bool {
    line.match_indices(pattern).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

#[test]
fn consumers_read_catalogue_facts_not_operations_or_keys() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for file in CONSUMERS {
        let text = std::fs::read_to_string(root.join(file)).expect("readable");
        for (line, code) in decisions(&text) {
            found.push(format!("{file}:{line}: {}", code.trim()));
        }
    }
    assert!(found.is_empty(), "consumers deciding by operation or key:\n{}", found.join("\n"));
}

/// The action keys (Archy's, an export's `__type`) that consumers' code compares or matches
/// as a string literal, in any form (`==`, `!=`, a `match` arm, `matches!`): a consumer that
/// does decides by the key.
fn named_keys(text: &str, keys: &std::collections::BTreeSet<&str>) -> Vec<(usize, String)> {
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    let mut found = Vec::new();
    for (i, line) in code.lines().enumerate() {
        let line = line.split("//").next().unwrap_or("");
        // The string literals of the line (the text between each pair of quotes), each with
        // the code before and after it: one compared (`==`, `!=`) or matched (an arm's
        // pattern, before `=>` or `|`) decides; one an arm gives (`X => "Menu"`) does not.
        let parts: Vec<&str> = line.split('"').collect();
        for at in (1..parts.len().saturating_sub(1)).step_by(2) {
            let (before, literal, after) = (parts[at - 1].trim_end(), parts[at], parts[at + 1]);
            let after = after.trim_start();
            let compared = before.ends_with("==") || before.ends_with("!=");
            let matched = ["=>", "|", "==", "!="].iter().any(|op| after.starts_with(op));
            if keys.contains(literal) && (compared || matched) {
                found.push((i + 1, format!("\"{literal}\" in `{}`", line.trim())));
            }
        }
    }
    found
}

/// Every action key, as written in flows: Archy's keys and an export's `__type`s. Keys that
/// are also common words of the code (a property's name, an output's) are the catalogue's to
/// spell, so a consumer naming one is found too; none is excused.
fn action_keys() -> std::collections::BTreeSet<&'static str> {
    let mut keys = std::collections::BTreeSet::new();
    for a in flowsim::flow::catalogue::ACTIONS.iter() {
        keys.insert(a.key);
        if !a.export.is_empty() {
            keys.insert(a.export);
        }
    }
    keys
}

/// No consumer names an action's key as a string: `check::secure` once matched
/// `"extractSecureData"` and `"callDataSecure"` while the scan above, which looks only for
/// `spec.key ==`, passed.
#[test]
fn consumers_name_no_action_key() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let keys = action_keys();
    let mut found = Vec::new();
    for file in CONSUMERS {
        let text = std::fs::read_to_string(root.join(file)).expect("readable");
        for (line, what) in named_keys(&text, &keys) {
            found.push(format!("{file}:{line}: {what}"));
        }
    }
    assert!(found.is_empty(), "consumers naming an action's key:\n{}", found.join("\n"));
}

/// The key scan finds a key planted in each form a decision takes, and nothing in comments,
/// tests or other strings.
#[test]
fn the_key_scan_sees_every_form_of_a_planted_key() {
    let keys = action_keys();
    assert!(keys.contains("extractSecureData") && keys.contains("callDataSecure"));
    let text = "if a.spec().key != \"extractSecureData\" { }\n\
                match key { \"callDataSecure\" => 1, _ => 2 }\n\
                matches!(spec.key, \"extractSecureData\" | \"x\")\n\
                let s = \"statements\"; // \"callDataSecure\" in a comment\n\
                Kind::Menu => \"Menu\",\n\
                if \"callDataSecure\" == k { }\n\
                #[cfg(test)]\nmod tests { \"extractSecureData\" }\n";
    let lines: Vec<usize> = named_keys(text, &keys).into_iter().map(|(l, _)| l).collect();
    assert_eq!(lines, [1, 2, 3, 6]);
}

/// The lines of `text` before its tests that are a `_` arm of a `match` whose other arms
/// (at the same indentation, back to the `match`) include one on `Op::`.
fn wildcards_over_op(text: &str) -> Vec<usize> {
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    let lines: Vec<&str> = code.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if !line.trim_start().starts_with("_ =>") {
            continue;
        }
        let at = indent(line);
        let arms = lines[..i]
            .iter()
            .rev()
            .filter(|l| !l.trim().is_empty())
            .take_while(|l| indent(l) >= at)
            .filter(|l| indent(l) == at);
        if arms.clone().any(|l| l.trim_start().starts_with("Op::")) {
            found.push(i + 1);
        }
    }
    found
}

/// No `match` over `Op` answers "the rest" with `_`, so a new operation does not build until
/// each question is answered for it; the one left is the catalogue's own question of the two
/// kinds flowsim does not run (`ActionSpec::unsupported`: every other kind's answer is none).
#[test]
fn no_match_over_operations_has_a_wildcard() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(root, &root.join("src"), &mut files);
    rust_files(root, &root.join("crates"), &mut files);
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(root.join(file)).expect("readable");
        for line in wildcards_over_op(&text) {
            found.push(format!("{file}:{line}"));
        }
    }
    let allowed = ["crates/flowsim-flow/src/flow/catalogue/mod.rs"];
    found.retain(|f| !allowed.iter().any(|a| f.starts_with(&format!("{a}:"))));
    assert!(found.is_empty(), "`_` arms over Op:\n{}", found.join("\n"));
    let planted = "match op {\n    Op::Menu => 1,\n    // a comment\n    _ => 0,\n}\n\
                   match kind {\n    Kind::A => 1,\n    _ => 0,\n}\n";
    assert_eq!(wildcards_over_op(planted), [4], "the scan sees a planted `_` arm");
}

#[test]
fn the_scan_sees_a_match_on_an_operation_and_skips_comments_and_tests() {
    let text = "let a = 1; // Op::Menu in a comment\n\
                if spec.op == Op::Menu { }\n\
                matches!(spec.key, \"x\")\n\
                BinOp::Eq => BinOp::Ne,\n\
                (Some(JsonOp::If), _) => {}\n\
                if node.action.is_json() { }\n\
                if is_json(value) { }\n\
                #[cfg(test)]\nmod tests { Op::Decision }\n";
    let lines: Vec<usize> = decisions(text).into_iter().map(|(l, _)| l).collect();
    assert_eq!(lines, [2, 3, 5, 6]);
}

/// Where a JSON node's type may be named: the JSON reader, the JSON family's catalogue
/// entries (and the catalogue's `Op` that holds their operation), and their semantics.
const JSON_OWNERS: &[&str] = &[
    "crates/flowsim-flow/src/flow/json.rs",
    "crates/flowsim-flow/src/flow/json_lines.rs",
    "crates/flowsim-flow/src/flow/catalogue/json.rs",
    "crates/flowsim-flow/src/flow/catalogue/mod.rs",
    "crates/flowsim-engine/src/engine/actions/json.rs",
];

/// The Rust files under `dir`, as paths relative to `root`, in sorted order.
pub(crate) fn rust_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("a readable directory")
        .map(|e| e.expect("an entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).expect("under the root");
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// The files of `files` outside `owners` that name a JSON node type, tests included.
fn json_op_users(root: &Path, files: &[String], owners: &[&str]) -> Vec<String> {
    files
        .iter()
        .filter(|f| !owners.contains(&f.as_str()))
        .filter(|f| {
            let text = std::fs::read_to_string(root.join(f)).expect("readable");
            text.lines().any(|line| names(line.split("//").next().unwrap_or(""), "JsonOp"))
        })
        .cloned()
        .collect()
}

#[test]
fn json_node_types_are_named_only_by_the_reader_the_entries_and_their_semantics() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(root, &root.join("src"), &mut files);
    rust_files(root, &root.join("crates"), &mut files);
    let users = json_op_users(root, &files, JSON_OWNERS);
    assert!(users.is_empty(), "consumers naming `JsonOp`:\n{}", users.join("\n"));
    // The scan sees a use where there is one: the semantics name the type.
    let unowned = json_op_users(root, &files, &[]);
    assert!(unowned.iter().any(|f| f == "crates/flowsim-engine/src/engine/actions/json.rs"));
}

/// What a step records is one shape for every action: `StepResult::Action`, the prompt it
/// played and the values it wrote under their names (or `None` before it finished). A JSON
/// node's step records so too, and its trace's own fields (a `Gather`'s `digits`, a `Flow`'s
/// `outcome`) are shaped where a result is written out, by its entry's `Facts::record`: no
/// result type is named after a node type.
const STEP_RESULTS: &[&str] = &["None", "Action"];

/// The variants of `enum StepResult` as `text` (the result module) declares them.
fn step_result_variants(text: &str) -> Vec<String> {
    let body = text.split("pub enum StepResult {").nth(1).expect("the enum is declared");
    let body = &body[..body.find("\n}").expect("the enum ends")];
    body.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("//") && !l.starts_with('#'))
        .filter_map(|l| {
            let name: String = l.chars().take_while(char::is_ascii_alphanumeric).collect();
            name.chars().next().is_some_and(|c| c.is_ascii_uppercase()).then_some(name)
        })
        .collect()
}

/// The places in `text` that name a `StepResult::` variant other than [`STEP_RESULTS`].
fn other_step_results(text: &str) -> Vec<String> {
    text.lines()
        .flat_map(|line| line.split("//").next().unwrap_or("").split("StepResult::").skip(1))
        .map(|rest| rest.chars().take_while(char::is_ascii_alphanumeric).collect::<String>())
        .filter(|name| !STEP_RESULTS.contains(&name.as_str()))
        .collect()
}

#[test]
fn a_step_records_every_action_alike_and_writers_shape_json_results_from_facts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let result = root.join("crates/flowsim-engine/src/engine/result.rs");
    let text = std::fs::read_to_string(result).expect("readable");
    assert_eq!(step_result_variants(&text), STEP_RESULTS);
    let mut files = Vec::new();
    rust_files(root, &root.join("src"), &mut files);
    rust_files(root, &root.join("crates"), &mut files);
    rust_files(root, &root.join("tests"), &mut files);
    let mut found = Vec::new();
    // This file names other variants in its scan's own test.
    for file in files.iter().filter(|f| *f != "tests/it/catalogue_facts.rs") {
        let text = std::fs::read_to_string(root.join(file)).expect("readable");
        for name in other_step_results(&text) {
            found.push(format!("{file}: StepResult::{name}"));
        }
    }
    assert!(found.is_empty(), "step results named after a node type:\n{}", found.join("\n"));
}

#[test]
fn the_step_result_scan_sees_a_variant_of_its_own() {
    let text = "pub enum StepResult {\n    None,\n    /// Say: a prompt.\n    Say(u32),\n    \
                Action {\n        start: u32,\n    },\n}\n";
    assert_eq!(step_result_variants(text), ["None", "Say", "Action"]);
    let uses = "if let StepResult::Gather { digits, .. } = r {} // StepResult::Set\n\
                StepResult::Action { .. } | StepResult::None => {}";
    assert_eq!(other_step_results(uses), ["Gather"]);
}

/// A JSON node's `onComplete`, `onError`, `onTimeout` and an `If`'s conditions and default
/// are its exits, as an Architect action's outputs are: named as traces have always spelled
/// them, walked by the one definition of edges, and absent when the node does not write them
/// (so coverage counts no way it cannot take).
#[test]
fn a_json_nodes_paths_and_conditions_are_its_exits() {
    use flowsim::flow::edge::{edges, Edge};
    let reg = crate::support::registry();
    let flow = reg.flows().iter().find(|f| &*f.name == "Contact_Lookup").expect("bundled");
    let g = &flow.draft;
    let node = |id: &str| g.find(id).unwrap_or_else(|| panic!("node {id}"));
    let names = |id: &str| -> Vec<String> {
        g.node(node(id)).exits.iter().map(|e| e.name.to_string()).collect()
    };
    assert_eq!(names("LookupContact"), ["success", "error"]);
    assert_eq!(names("CheckTier"), ["condition[0]", "default"]);
    let ways = |id: &str| -> Vec<Edge> { edges(g, node(id)).into_iter().map(|(e, _)| e).collect() };
    assert_eq!(ways("LookupContact"), [Edge::Output(0), Edge::Output(1)]);
    assert_eq!(ways("CheckTier"), [Edge::Output(0), Edge::Output(1)]);
    let end = g.nodes.iter().position(|n| n.action.type_name() == "End").expect("an End");
    assert!(g.nodes[end].exits.is_empty() && edges(g, end as u32).is_empty());
}
