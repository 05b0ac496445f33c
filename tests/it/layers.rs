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
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// The `crate::x` modules `text` names outside comments and its trailing test module.
fn uses(text: &str, out: &mut BTreeSet<String>) {
    for line in text.lines() {
        let code = line.trim_start();
        if code.starts_with("#[cfg(test)]") {
            // By the house style, a file's tests come last.
            break;
        }
        if code.starts_with("//") {
            continue;
        }
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
