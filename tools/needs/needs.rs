// What some tests need from the machine, decided when the tests are built (included by the
// build scripts of the `flowsim` and `flowsim-flow` packages, `include!`d so that both read one
// definition).
//
// A test that needs the flow corpus, tmux or Chromium is marked
// `#[cfg_attr(flowsim_missing = "corpus", ignore = "...")]` (or `"tmux"`, `"chromium"`): where
// the thing is missing, `cargo test` lists the test as ignored, with its reason, and counts it
// in the summary's `ignored`; it never passes having checked nothing. Where the thing is there,
// the test runs, and fails if it is gone at run time. With `FLOWSIM_REQUIRE_CORPUS=1` or
// `FLOWSIM_REQUIRE_TOOLS=1` (CI sets both) nothing is marked: a missing corpus or tool fails its
// tests.
//
// The build script runs again when the corpus's folder or the folder it would be made in
// changes (the corpus made or removed), when a folder of PATH changes (tmux or Chromium
// installed), or when one of the variables or this file changes.

use std::path::{Path, PathBuf};

/// The flow corpus: `$FLOWSIM_CORPUS`, else `../shared/corpus` beside the workspace `root`.
fn corpus_dir(root: &Path) -> PathBuf {
    std::env::var_os("FLOWSIM_CORPUS").map_or_else(|| root.join("../shared/corpus"), PathBuf::from)
}

/// The corpus has all its parts (the Archy flows, the exports, the expressions).
fn corpus_present(dir: &Path) -> bool {
    dir.join("archy").is_dir() && dir.join("i3").is_dir() && dir.join("expressions.jsonl").is_file()
}

/// The first of `names` found as a file in a folder of PATH.
fn on_path(names: &[&str]) -> bool {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path).any(|dir| names.iter().any(|n| dir.join(n).is_file()))
}

fn required(var: &str) -> bool {
    std::env::var_os(var).is_some_and(|v| v == "1")
}

/// Emits the `flowsim_missing` cfg for each of `needs` ("corpus", "tmux", "chromium", "nvim") that is
/// missing and not required, with what makes the script run again.
fn emit_needs(root: &Path, needs: &[&str]) {
    println!(
        "cargo::rustc-check-cfg=cfg(flowsim_missing, values(\"corpus\", \"tmux\", \"chromium\", \"nvim\"))"
    );
    // Not PATH itself: a different PATH (a virtual environment's) would rebuild the package;
    // its folders are watched instead.
    for var in ["FLOWSIM_CORPUS", "FLOWSIM_REQUIRE_CORPUS", "FLOWSIM_REQUIRE_TOOLS"] {
        println!("cargo::rerun-if-env-changed={var}");
    }
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed={}", root.join("tools/needs/needs.rs").display());
    for need in needs {
        let (present, required) = match *need {
            "corpus" => {
                let dir = corpus_dir(root);
                // The corpus, or the folder it would be made in: it changes when the corpus
                // comes or goes. Never a folder further up: cargo reads a watched folder's
                // whole tree, and `/` holds every file of the machine.
                let watch = [Some(dir.as_path()), dir.parent()]
                    .into_iter()
                    .flatten()
                    .find(|p| p.is_dir() && p.parent().is_some());
                if let Some(watch) = watch {
                    println!("cargo::rerun-if-changed={}", watch.display());
                }
                (corpus_present(&dir), required("FLOWSIM_REQUIRE_CORPUS"))
            }
            tool => {
                let names: &[&str] = match tool {
                    "chromium" => &["chromium", "chromium-browser", "google-chrome"],
                    "nvim" => &["nvim"],
                    _ => &["tmux"],
                };
                (on_path(names), required("FLOWSIM_REQUIRE_TOOLS"))
            }
        };
        if !present && !required {
            println!("cargo::rustc-cfg=flowsim_missing=\"{need}\"");
        }
    }
    if needs.iter().any(|n| *n != "corpus") {
        let path = std::env::var_os("PATH").unwrap_or_default();
        // Bin folders are flat; `/` (never a bin folder, but a PATH can hold anything) is not.
        let flat = |d: &Path| d.is_absolute() && d.is_dir() && d.parent().is_some();
        for dir in std::env::split_paths(&path).filter(|d| flat(d)) {
            println!("cargo::rerun-if-changed={}", dir.display());
        }
    }
}
