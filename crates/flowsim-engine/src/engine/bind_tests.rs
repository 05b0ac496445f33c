//! Runs through the bound registry equal runs that resolve every name (the binding pass is
//! an optimisation, never a change of meaning).

use crate::engine;
use crate::expr::Binding;
use crate::expr::Path;
use crate::flow::Registry;

/// Undoes `bind`: every path resolves by name again, every assignment stores by name.
fn unbind(reg: &mut Registry) {
    for flow in reg.flows_mut() {
        for graph in std::iter::once(&mut flow.draft).chain(flow.published.as_mut()) {
            for node in &mut graph.nodes {
                // An assigning node's variables (a JSON `Set`'s; Architect actions keep theirs,
                // as they always did).
                let a = &mut node.action;
                if a.spec().facts.assigns.is_some() {
                    a.for_each_var_mut(&mut |v| v.var = crate::flow::model::UNBOUND);
                }
                node.action.for_each_expr_mut(&mut |e| {
                    e.for_each_path_mut(&mut |p: &mut Path| p.bind = Binding::default());
                });
            }
        }
    }
}

#[test]
fn bound_runs_equal_runs_that_resolve_by_name() {
    // Differential: every bundled flow, draft and published, down several input scripts,
    // with recorded reads too; a run through the bindings and a run through names must
    // give the same result, byte for byte.
    let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let fixtures = crate::fixtures::FixtureStore::load(
        &["contacts.json", "queues.json", "data-actions.json"]
            .map(|f| root.join("fixtures/data").join(f)),
    )
    .expect("bundled fixtures load");
    let mut compared = 0;
    for dir in ["fixtures/flows", "fixtures/flows-bench"] {
        let bound = Registry::load_dir(&root.join(dir)).registry.expect("bundled flows load");
        let mut by_name = bound.clone();
        unbind(&mut by_name);
        for flow in bound.flows() {
            for version in ["draft", "published"] {
                for inputs in [&[][..], &["1"], &["2"], &["3"], &["9"], &["timeout", "1"]] {
                    let request: engine::RunRequest = serde_json::from_value(serde_json::json!({
                        "flowId": &*flow.id,
                        "version": version,
                        "inputs": inputs,
                        "context": { "from": "+15551234567", "to": "+18005550100" },
                        "variables": { "Flow.iterations": 12 },
                    }))
                    .expect("a valid request");
                    for record_reads in [false, true] {
                        let options = engine::RunOptions { record_reads, ..Default::default() };
                        let run = |reg: &Registry| {
                            engine::Run::new(reg, &fixtures, &request)
                                .options(options)
                                .result()
                                .map(|r| (serde_json::to_string(&r).expect("json"), r.reads))
                                .map_err(|e| e.to_string())
                        };
                        let (a, b) = (run(&bound), run(&by_name));
                        assert_eq!(a, b, "flow {} {version} {inputs:?}", flow.name);
                        compared += usize::from(a.is_ok());
                    }
                }
            }
        }
    }
    assert!(compared >= 50, "only {compared} runs compared");
}
