//! Every real export of the corpus loads, with no errors but bot actions' `unsupported`.

use super::tests::node;
use super::{load, looks_like_export};
use crate::diag::Diagnostic;
use std::path::{Path, PathBuf};

/// The corpus of real exports: `$FLOWSIM_CORPUS`, else `../shared/corpus`.
fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("FLOWSIM_CORPUS")
        .map_or_else(
            || Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("../shared/corpus"),
            PathBuf::from,
        )
        .join("i3");
    dir.is_dir().then_some(dir)
}

#[test]
#[cfg_attr(
    flowsim_missing = "corpus",
    ignore = "needs the flow corpus: set FLOWSIM_CORPUS or put it at ../shared/corpus"
)]
fn every_corpus_export_loads() {
    let dir = corpus().expect("the corpus's exports (i3/): build.rs saw them, or CI requires them");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(looks_like_export(&text), "{}", file.display());
        let mut diags = Vec::new();
        let flow = load(file, &text, &mut diags);
        // Bot actions, in bot flows and in the flows that call bots, are the only
        // errors allowed.
        let bot_action = |d: &Diagnostic| {
            let n = flow.as_ref().zip(d.node.as_deref()).map(|(f, id)| node(f, id));
            n.is_some_and(|n| n.action.spec().family == crate::flow::catalogue::Family::Bots)
        };
        let bad: Vec<_> = diags
            .iter()
            .filter(|d| {
                d.is_error() && !(d.code == crate::diag::Code::Unsupported && bot_action(d))
            })
            .collect();
        let warnings = diags.iter().filter(|d| !d.is_error()).count();
        match &flow {
            Some(f) => eprintln!(
                "{:>5} nodes {:>3} containers {:>3} unsupported {warnings:>3} warnings  {} ({})",
                f.draft.nodes.len(),
                f.arch.containers.len(),
                diags.iter().filter(|d| d.code == crate::diag::Code::Unsupported).count(),
                f.name,
                f.flow_type
            ),
            None => eprintln!("  did not load: {}", file.display()),
        }
        if flow.is_none() || !bad.is_empty() {
            failures.push(format!("{}: {bad:#?}", file.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
