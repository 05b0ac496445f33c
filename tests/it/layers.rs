//! The library's modules form layers that only point down (ARCHITECTURE.md, "Layers"): a
//! module names `crate::x` only for an `x` of a lower layer. Test code is exempt (a test may
//! run the engine to check a loader), and so are comments. The lower layers are crates of the
//! workspace (`crates/`), which re-export the crates below them, so `crate::x` reads the same
//! everywhere; the compiler holds the crates apart and this test the modules inside each.

use std::collections::BTreeSet;
use std::path::Path;

/// Each top-level module of the library (in `src/` or a crate's `src/`) and its layer, lowest
/// first.
const LAYERS: &[(&str, u8)] = &[
    ("kind", 0),
    ("phone", 0),
    ("http", 0),
    ("diag", 1),
    ("util", 2),
    ("expr", 3),
    ("nlu", 4),
    ("fixtures", 4),
    ("flow", 5),
    ("engine", 6),
    ("decisions", 7),
    ("harness", 8),
    ("explore", 9),
    ("view", 9),
    ("diff", 9),
    ("api", 9),
    ("report", 10),
    ("mutate", 10),
    // The project model (crate `flowsim-project`): above the harness, beside the rest.
    ("vfs", 9),
    ("project", 10),
    ("levels", 11),
    ("check", 12),
    ("lint", 13),
    // The debugger's session core (crate `flowsim-dap`): above the project model.
    ("session", 14),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// The lines of `text` that are code: comments left out, and every item `#[cfg(test)]` gates
/// (a `mod tests;` line, or a block to its closing brace) wherever it stands in the file.
pub(crate) fn code_lines(text: &str) -> Vec<&str> {
    let mut lines = text.lines().peekable();
    let mut code = Vec::new();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            // The gated item: past its other attributes, one line ending in `;`, or a block.
            while lines.peek().is_some_and(|l| l.trim_start().starts_with("#[")) {
                lines.next();
            }
            let mut depth = 0i64;
            for item in lines.by_ref() {
                depth += braces(item);
                if depth <= 0 && (item.contains('}') || item.trim_end().ends_with([';', ','])) {
                    break;
                }
            }
        } else if !trimmed.starts_with("//") {
            code.push(trimmed);
        }
    }
    code
}

/// The braces `line` opens less those it closes.
fn braces(line: &str) -> i64 {
    line.chars().map(|c| i64::from(c == '{') - i64::from(c == '}')).sum()
}

/// The `crate::x` modules `text` names outside comments and test code.
fn uses(text: &str, out: &mut BTreeSet<String>) {
    for code in code_lines(text) {
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let name: String = rest[at + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            rest = &rest[at + 7..];
            out.insert(name);
        }
    }
}

fn sources(path: &Path, out: &mut Vec<std::path::PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .expect("a source dir")
            .map(|e| e.expect("an entry").path())
            .collect();
        entries.sort();
        for e in entries {
            sources(&e, out);
        }
    } else if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if name != "tests" && !name.ends_with("_tests") {
            out.push(path.to_owned());
        }
    }
}

/// The `src/` directories of the binary's crate and of every library crate under `crates/`.
fn source_roots() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut roots = vec![root.join("src")];
    let mut crates: Vec<_> = std::fs::read_dir(root.join("crates"))
        .expect("crates/")
        .map(|e| e.expect("an entry").path().join("src"))
        .collect();
    crates.sort();
    roots.extend(crates);
    roots
}

#[test]
fn every_module_uses_only_lower_layers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut wrong = Vec::new();
    let mut seen = 0;
    for (module, level) in LAYERS {
        let mut files = Vec::new();
        for src in source_roots() {
            sources(&src.join(module), &mut files);
            sources(&src.join(format!("{module}.rs")), &mut files);
        }
        assert!(!files.is_empty(), "{module} has no sources");
        for file in files {
            let mut named = BTreeSet::new();
            uses(&std::fs::read_to_string(&file).expect("readable"), &mut named);
            for used in named {
                let Some(used_level) = layer(&used) else { continue };
                seen += 1;
                let allowed = used == *module || used_level < *level;
                if !allowed {
                    wrong.push(format!(
                        "{} (layer {level}) uses crate::{used} (layer {used_level})",
                        file.strip_prefix(root).expect("in the repository").display()
                    ));
                }
            }
        }
    }
    assert!(seen > 100, "the scan found the modules' uses ({seen})");
    assert!(wrong.is_empty(), "uses that point up or sideways:\n{}", wrong.join("\n"));
}

#[test]
fn every_module_of_the_library_has_a_layer() {
    let mut modules = Vec::new();
    for src in source_roots() {
        let lib = std::fs::read_to_string(src.join("lib.rs")).expect("a lib.rs");
        for m in lib.lines().filter_map(|l| l.trim().strip_prefix("pub mod ")) {
            let m = m.trim_end_matches(';').to_owned();
            if m != "fuzzing" {
                modules.push((src.join("lib.rs"), m));
            }
        }
    }
    assert!(modules.len() > 10, "{modules:?}");
    for (lib, m) in modules {
        assert!(layer(&m).is_some(), "{} declares `{m}`: give it a layer in LAYERS", lib.display());
    }
}

#[test]
fn the_scan_reads_code_not_comments_or_tests() {
    let mut named = BTreeSet::new();
    uses(
        "use crate::harness::X;\n// crate::api\nlet a = crate::expr::f(crate::util::g);\n#[cfg(test)]\nmod tests { crate::engine }\n",
        &mut named,
    );
    assert_eq!(named.into_iter().collect::<Vec<_>>(), ["expr", "harness", "util"]);
}

/// A file's test modules need not come last (`#[cfg(test)] mod tests;` at the top of a
/// `mod.rs`): the scan skips the gated item alone and reads the rest of the file.
#[test]
fn the_scan_reads_past_a_test_module_to_the_end_of_the_file() {
    let mut named = BTreeSet::new();
    uses(
        "#[cfg(test)]\nmod tests;\nuse crate::flow::A;\n#[cfg(test)]\n#[allow(unused)]\nmod more {\n    fn f() { crate::api::g() }\n}\nfn h() -> crate::expr::Value { todo() }\n",
        &mut named,
    );
    assert_eq!(named.into_iter().collect::<Vec<_>>(), ["expr", "flow"]);
}

/// The engine's sources: each file's module path under `crates/flowsim-engine/src/engine`
/// (each file or folder one module, test files left out) and its text.
fn engine_sources() -> Vec<(Vec<String>, String)> {
    fn walk(dir: &Path, rel: &[String], out: &mut Vec<(Vec<String>, std::path::PathBuf)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("the engine's sources")
            .map(|e| e.expect("an entry").path())
            .collect();
        entries.sort();
        for e in entries {
            let name = e.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_owned();
            let mut path = rel.to_vec();
            if e.is_dir() {
                path.push(name);
                walk(&e, &path, out);
            } else if e.extension().is_some_and(|x| x == "rs")
                && name != "tests"
                && !name.ends_with("_tests")
            {
                if name != "mod" {
                    path.push(name);
                }
                out.push((path, e));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/flowsim-engine/src/engine");
    let mut files = Vec::new();
    walk(&root, &[], &mut files);
    files
        .into_iter()
        .map(|(path, file)| (path, std::fs::read_to_string(&file).expect("readable")))
        .collect()
}

/// The engine's modules and, per module, the engine modules its code names (`super::x`,
/// `super::super::x`, `crate::engine::x`, and each of a `{...}` group's first names).
fn engine_imports() -> std::collections::BTreeMap<String, BTreeSet<String>> {
    imports_of(&engine_sources())
}

/// [`engine_imports`] of the given sources. A module outside `machine/` with an
/// `impl Machine` block is the machine's own code in another file: the machine calls its
/// methods without naming it, so the scan counts the machine as naming it.
fn imports_of(
    files: &[(Vec<String>, String)],
) -> std::collections::BTreeMap<String, BTreeSet<String>> {
    let mut graph = std::collections::BTreeMap::<String, BTreeSet<String>>::new();
    for (path, text) in files {
        let Some(me) = path.first() else { continue };
        let impls_machine = code_lines(text)
            .iter()
            .any(|code| code.starts_with("impl") && code.split(['<', ' ']).any(|w| w == "Machine"));
        if impls_machine && me != "machine" {
            graph.entry("machine".to_owned()).or_default().insert(me.clone());
        }
        let named = graph.entry(me.clone()).or_default();
        for code in code_lines(text) {
            for (at, _) in
                code.match_indices("super::").chain(code.match_indices("crate::engine::"))
            {
                // Only a chain's start: `super::super::x` once.
                if code[..at].ends_with("super::") {
                    continue;
                }
                let mut rest = &code[at..];
                let mut up = 0;
                if let Some(r) = rest.strip_prefix("crate::engine::") {
                    rest = r;
                    up = path.len();
                }
                while let Some(r) = rest.strip_prefix("super::") {
                    rest = r;
                    up += 1;
                }
                let Some(base) = path.len().checked_sub(up) else { continue };
                if base > 0 {
                    named.insert(path[0].clone());
                    continue;
                }
                let ident = |s: &str| -> String {
                    s.trim()
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect()
                };
                if let Some(group) = rest.strip_prefix('{') {
                    let group = group.split('}').next().unwrap_or("");
                    named.extend(group.split(',').map(ident));
                } else {
                    named.insert(ident(rest));
                }
            }
        }
    }
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    for (m, named) in &mut graph {
        named.retain(|n| modules.contains(n) && n != m);
    }
    graph
}

/// The engine's modules that import the machine and are imported by it (directly or through
/// others), the machine with them: its strongly connected component of [`engine_imports`]. The
/// data types' two small cycles (`request` with `events` and `digital`, `result` with
/// `observe`) are not this one.
fn engine_cycle(graph: &std::collections::BTreeMap<String, BTreeSet<String>>) -> BTreeSet<String> {
    let reach = |from: &str| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_owned()];
        while let Some(m) = todo.pop() {
            for n in &graph[&m] {
                if seen.insert(n.clone()) {
                    todo.push(n.clone());
                }
            }
        }
        seen
    };
    let mut cycle: BTreeSet<String> =
        reach("machine").into_iter().filter(|n| reach(n).contains("machine")).collect();
    cycle.insert("machine".to_owned());
    cycle
}

/// The most modules the machine's import cycle may hold (the machine with the modules it names
/// that name it back): the machine alone, no cycle. The semantics (`actions`) and what Architect's
/// variables are given (`arch`) are functions of the step's context (`engine::cx`), below it.
const MACHINE_CYCLE_BOUND: usize = 1;

/// The cycle scan sees a cycle planted in the sources: a module below the machine that names
/// it, or an `impl Machine` block in a module that imports the machine.
#[test]
fn the_cycle_scan_finds_a_planted_cycle() {
    let sources = engine_sources();
    let planted = |module: &str, line: &str| {
        let mut sources = sources.clone();
        let (_, text) = sources
            .iter_mut()
            .find(|(path, _)| path.len() == 1 && path[0] == module)
            .unwrap_or_else(|| panic!("the engine has a module `{module}`"));
        text.push_str(line);
        engine_cycle(&imports_of(&sources))
    };
    let clean = engine_cycle(&engine_imports());
    assert_eq!(clean.into_iter().collect::<Vec<_>>(), ["machine"]);
    let clean = BTreeSet::from(["machine".to_owned()]);
    // `cx` is named by the machine: naming the machine back closes a cycle.
    let cycle = planted("cx", "\nuse super::machine::Did;\n");
    assert!(cycle.contains("cx") && cycle.len() > clean.len(), "{cycle:?}");
    // `arch` names `scope`; an `impl Machine` there is the machine's code, named both ways.
    let cycle = planted("arch", "\nuse super::machine::Machine;\nimpl Machine<'_, '_> {}\n");
    assert!(cycle.contains("arch") && cycle.len() > clean.len(), "{cycle:?}");
    // The semantics back on the machine: `impl Machine` in `actions`, which names the machine.
    let cycle = planted("actions", "\nuse super::machine::Machine;\nimpl<'r> Machine<'r, '_> {}\n");
    assert!(cycle.contains("actions") && cycle.len() > clean.len(), "{cycle:?}");
}

/// ARCHITECTURE.md counts the engine's import cycle as the code has it: a change that grows
/// (or shrinks) the cycle changes the sentence with it.
#[test]
fn architecture_md_counts_the_engines_import_cycle() {
    let graph = engine_imports();
    let cycle = engine_cycle(&graph);
    assert!(
        graph.len() > 10 && graph.contains_key("machine"),
        "the scan found the engine: {graph:?}"
    );
    // The bound: the cycle may shrink (then lower it), never grow back.
    assert!(
        cycle.len() <= MACHINE_CYCLE_BOUND,
        "the machine's import cycle grew to {cycle:?} (at most {MACHINE_CYCLE_BOUND})"
    );
    let said = format!(
        "{} of the engine's {} modules import each other",
        if cycle.len() > 1 { cycle.len() } else { 0 },
        graph.len()
    );
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
            .expect("ARCHITECTURE.md");
    assert!(
        doc.contains(&said),
        "ARCHITECTURE.md should say \"{said}\" ({cycle:?}); the imports: {graph:#?}"
    );
}

/// The import scan follows `super` chains and groups as the compiler resolves them.
#[test]
fn the_engine_import_scan_resolves_super_chains_and_groups() {
    let graph = engine_imports();
    // `stepper.rs`: `use super::machine::{Machine, Next};` and `super::run::prepare`.
    assert!(graph["stepper"].contains("machine") && graph["stepper"].contains("run"));
    // `actions/*.rs` reach the engine through `super::super::`, not their own `super::`.
    assert!(graph["actions"].contains("cx"), "{:?}", graph["actions"]);
    let cycle = engine_cycle(&graph);
    assert!(cycle.contains("machine") && !cycle.contains("stepper"), "{cycle:?}");
}

/// The engine is layered around the machine: the modules that hold a run's data, bounds,
/// variables and steering sit below it (the machine and its semantics name them; they never
/// name the machine, the actions or `arch`), and the ways in sit above it.
#[test]
fn the_engines_data_modules_sit_below_the_machine() {
    let graph = engine_imports();
    let below = [
        "bounds", "events", "request", "result", "observe", "stream", "reads", "budget", "scope",
        "did", "steer", "cx", "arch",
    ];
    for below in below {
        for middle in ["machine", "actions", "arch"] {
            assert!(!graph[below].contains(middle), "{below} names {middle}: {:?}", graph[below]);
        }
    }
    assert!(graph["machine"].contains("bounds") && graph["machine"].contains("events"));
    // The semantics sit below the machine too: it calls them (`self.cx.exec_action`), they
    // never name it.
    for semantics in ["actions", "arch"] {
        assert!(!graph[semantics].contains("machine"), "{semantics}: {:?}", graph[semantics]);
    }
    let above = ["run", "stepper"];
    for (module, named) in &graph {
        if !above.contains(&module.as_str()) {
            assert!(
                above.iter().all(|a| !named.contains(*a)),
                "{module} names a way in: {named:?}"
            );
        }
    }
}

/// The workspace crate `name`'s normal dependencies, reached with `features` on: the crates of
/// the workspace (followed) and the others (collected in `out`), from the manifests themselves.
fn normal_dependencies(name: &str, features: &[String], out: &mut BTreeSet<String>) {
    let dir = if name == "flowsim" { ".".to_owned() } else { format!("crates/{name}") };
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir).join("Cargo.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let manifest: toml::Table = toml::from_str(&text).unwrap();
    // The optional dependencies the features turn on (`dep:x`).
    let table = |key: &str| manifest.get(key).and_then(toml::Value::as_table).cloned();
    let declared = table("features").unwrap_or_default();
    let mut on = BTreeSet::new();
    for f in features {
        let list = declared.get(f).and_then(toml::Value::as_array).unwrap_or_else(|| {
            panic!("{name} has no feature `{f}`");
        });
        on.extend(list.iter().filter_map(|v| v.as_str()?.strip_prefix("dep:")));
    }
    for (dep, spec) in table("dependencies").unwrap_or_default() {
        let optional = spec.get("optional").and_then(toml::Value::as_bool).unwrap_or(false);
        if optional && !on.contains(dep.as_str()) {
            continue;
        }
        if dep.starts_with("flowsim-") {
            let wanted: Vec<String> = spec
                .get("features")
                .and_then(toml::Value::as_array)
                .map(|a| a.iter().filter_map(|v| Some(v.as_str()?.to_owned())).collect())
                .unwrap_or_default();
            normal_dependencies(&dep, &wanted, out);
        } else {
            out.insert(dep);
        }
    }
}

/// ARCHITECTURE.md: the language server's crate (and the project model under it) carries no
/// picture, HTTP or server crate; the harness keeps them behind its `png` and `http` features.
#[test]
fn the_language_server_builds_without_picture_or_http_crates() {
    let heavy = ["resvg", "dejavu", "ureq", "axum", "tokio"];
    let mut lsp = BTreeSet::new();
    normal_dependencies("flowsim-lsp", &[], &mut lsp);
    let found: Vec<&&str> = heavy.iter().filter(|c| lsp.contains(**c)).collect();
    assert!(found.is_empty(), "flowsim-lsp depends on {found:?}");
    // The binary, which renders heatmaps and serves the emulator, does reach them: the walk
    // follows features and workspace crates.
    let mut all = BTreeSet::new();
    normal_dependencies("flowsim", &[], &mut all);
    for c in heavy {
        assert!(all.contains(c), "the binary should reach {c}: {all:?}");
    }
}

/// The step's context and its views (`engine::cx`): the types whose `impl` blocks hold action
/// semantics.
const CONTEXT_VIEWS: &[&str] =
    &["Cx", "Eval", "Sets", "Against", "Flowing", "Clock", "Conversation", "Inputs", "StepRecord"];

/// The context types `text`'s `impl` blocks name (code only), in the order they first appear.
fn views_named(text: &str) -> Vec<String> {
    let mut views = Vec::new();
    for line in code_lines(text) {
        let Some(rest) = line.strip_prefix("impl") else { continue };
        // Past the block's own generics (`impl<'r> Cx<'r, '_> {`).
        let rest = match rest.strip_prefix('<') {
            Some(generics) => generics.split_once('>').map_or("", |(_, after)| after),
            None => rest,
        };
        let name: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if CONTEXT_VIEWS.contains(&name.as_str()) && !views.contains(&name) {
            views.push(name);
        }
    }
    views
}

/// The table of `engine::cx`'s module documentation: per file (`actions/control`), the views
/// its `impl` blocks name.
fn views_table(doc: &str) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut table = std::collections::BTreeMap::new();
    for line in doc.lines().filter_map(|l| l.strip_prefix("//! |")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let Some(file) = cells.first().and_then(|c| c.strip_prefix('`')?.strip_suffix('`')) else {
            continue;
        };
        let views = cells.get(1).map_or(Vec::new(), |c| {
            c.split(',').map(|v| v.trim().trim_matches('`').to_owned()).collect()
        });
        table.insert(file.to_owned(), views);
    }
    table
}

/// Where the table and the code disagree: a file whose `impl` blocks name other views than
/// its row says (as sets), a file with such blocks and no row, a row for no such file. `cx`
/// itself, which defines the views, has no row.
fn views_drift(sources: &[(Vec<String>, String)], doc: &str) -> Vec<String> {
    let mut table = views_table(doc);
    let mut drift = Vec::new();
    for (path, text) in sources {
        let file = path.join("/");
        if file == "cx" {
            continue;
        }
        let mut named = views_named(text);
        let Some(mut said) = table.remove(&file) else {
            if !named.is_empty() {
                drift.push(format!("`{file}` names {named:?} and has no row"));
            }
            continue;
        };
        named.sort();
        said.sort();
        if named != said {
            drift.push(format!("`{file}`: the table says {said:?}, the code names {named:?}"));
        }
    }
    drift.extend(table.keys().map(|file| format!("a row for `{file}`, which names no view")));
    drift
}

fn cx_doc() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/flowsim-engine/src/engine/cx/mod.rs"),
    )
    .expect("engine/cx/mod.rs")
}

/// `engine::cx`'s table of which views each family's semantics are methods of is the code's:
/// the compiler holds each method to its view's borrows, this test the table to the methods.
#[test]
fn the_cx_table_says_which_views_each_family_is_a_method_of() {
    let sources = engine_sources();
    let doc = cx_doc();
    assert!(views_table(&doc).len() > 10, "the table is read: {:?}", views_table(&doc));
    let drift = views_drift(&sources, &doc);
    assert!(drift.is_empty(), "engine/cx/mod.rs's table is out of date:\n{}", drift.join("\n"));
}

/// The view scan sees a planted breach: a family that takes all of `Cx` where its row says
/// `Eval`, a new family without a row, a row left for a family that went.
#[test]
fn the_view_scan_finds_a_planted_mismatch() {
    let sources = engine_sources();
    let doc = cx_doc();
    let planted = |module: &[&str], text: &str| {
        let mut sources = sources.clone();
        match sources.iter_mut().find(|(path, _)| path == module) {
            Some((_, old)) => old.push_str(text),
            None => {
                sources.push((module.iter().map(|m| (*m).to_owned()).collect(), text.to_owned()));
            }
        }
        views_drift(&sources, &doc)
    };
    let drift =
        planted(&["actions", "test_action"], "\nimpl Cx<'_, '_> {\n    fn f(&mut self) {}\n}\n");
    assert!(drift.len() == 1 && drift[0].contains("actions/test_action"), "{drift:?}");
    // In a comment or a test module the block is not code.
    assert!(planted(&["actions", "test_action"], "\n// impl Cx<'_, '_> {}\n").is_empty());
    let drift = planted(&["actions", "fax"], "impl<'r> Cx<'r, '_> {}\n");
    assert!(drift.len() == 1 && drift[0].contains("no row"), "{drift:?}");
    let gone: Vec<_> =
        sources.iter().filter(|(path, _)| path != &["actions", "voicemail"]).cloned().collect();
    let drift = views_drift(&gone, &doc);
    assert!(drift.len() == 1 && drift[0].contains("actions/voicemail"), "{drift:?}");
}
