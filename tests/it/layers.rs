//! The library's modules form layers that only point down (ARCHITECTURE.md, "Layers"): a
//! module names `crate::x` only for an `x` of a lower layer. Test code is exempt (a test may
//! run the engine to check a loader), and so are comments.

use std::collections::BTreeSet;
use std::path::Path;

/// Each top-level module of `src/` and its layer, lowest first.
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

#[test]
fn every_module_uses_only_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    let mut seen = 0;
    for (module, level) in LAYERS {
        let mut files = Vec::new();
        sources(&src.join(module), &mut files);
        sources(&src.join(format!("{module}.rs")), &mut files);
        assert!(!files.is_empty(), "src/{module} has no sources");
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
                        file.strip_prefix(&src).expect("under src").display()
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
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("src/lib.rs");
    let modules: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|m| m.trim_end_matches(';'))
        .filter(|m| *m != "fuzzing")
        .collect();
    assert!(modules.len() > 10, "{modules:?}");
    for m in modules {
        assert!(layer(m).is_some(), "src/lib.rs declares `{m}`: give it a layer in LAYERS");
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
