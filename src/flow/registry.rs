//! The registry: every flow file under a directory, with cross-flow checks (SPEC §1).
//!
//! Loading collects every problem of every file before failing, as a compiler does. Files are
//! read in sorted path order, so diagnostics and flow indexes are deterministic.

use super::bind::{self, VarTable};
use super::json;
use super::model::{Flow, FlowIdx, NodeKind};
use crate::diag::{self, Diagnostic};
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};

/// Codes of problems that `check` reports as errors but that do not stop a run: the engine
/// handles them as SPEC §4.3 says (a Flow node naming a missing flow fails with `flowNotFound`).
const RUNNABLE_CODES: [&str; 1] = ["flowNotInRegistry"];

/// Every flow of a directory.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    flows: Vec<Flow>,
    by_id: FxHashMap<Box<str>, FlowIdx>,
    by_lower_name: FxHashMap<Box<str>, FlowIdx>,
    /// Every variable name the flows use, bound into their references (see [`bind`]).
    vars: VarTable,
}

/// What loading found: the registry when nothing blocks running, and every diagnostic.
#[derive(Debug)]
pub struct LoadReport {
    pub registry: Option<Registry>,
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadReport {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

impl Registry {
    /// Loads every `*.json` flow file under `dir`, recursively (skipping `*.scenarios.json`,
    /// `__snapshots__` and hidden folders).
    pub fn load_dir(dir: &Path) -> LoadReport {
        let mut diags = Vec::new();
        let mut files = Vec::new();
        if let Err(d) = collect_files(dir, &mut files) {
            return LoadReport { registry: None, diagnostics: vec![*d] };
        }
        files.sort();
        if files.is_empty() {
            let d = Diagnostic::error(
                "noFlows",
                format!("no flow files (*.json) under {}", dir.display()),
            )
            .file(dir)
            .help("point --flows at the directory that holds your flow JSON files");
            return LoadReport { registry: None, diagnostics: vec![d] };
        }
        let mut sources = Vec::with_capacity(files.len());
        for file in files {
            match std::fs::read_to_string(&file) {
                Ok(text) => sources.push((file, text)),
                Err(e) => diags.push(
                    Diagnostic::error("unreadableFile", format!("cannot read the file: {e}"))
                        .file(&file)
                        .help("check the file's permissions and that it is UTF-8 text"),
                ),
            }
        }
        let mut report = Self::from_sources(sources.iter().map(|(f, t)| (f.as_path(), t.as_str())));
        diags.append(&mut report.diagnostics);
        report.diagnostics = diags;
        if report.diagnostics.iter().any(|d| d.is_error() && d.code == "unreadableFile") {
            report.registry = None;
        }
        report
    }

    /// Builds a registry from in-memory flow files (path, text).
    pub fn from_sources<'a>(sources: impl IntoIterator<Item = (&'a Path, &'a str)>) -> LoadReport {
        let mut diags = Vec::new();
        let mut reg = Registry::default();
        let mut blocked = false;
        let mut calls = Vec::new();
        for (file, text) in sources {
            let mut file_calls = Vec::new();
            match json::load_flow_with_calls(file, text, &mut diags, &mut file_calls) {
                Some(flow) => reg.add(flow, &mut diags),
                None => blocked = true,
            }
            calls.extend(file_calls.into_iter().map(|c| (file.to_path_buf(), c)));
        }
        reg.check_references(&calls, &mut diags);
        reg.check_reachability(&mut diags);
        blocked |= diags.iter().any(|d| d.is_error() && !RUNNABLE_CODES.contains(&d.code));
        diag::sort(&mut diags);
        if !blocked {
            reg.vars = bind::bind(&mut reg.flows);
            reg.resolve_callees();
        }
        LoadReport { registry: (!blocked).then_some(reg), diagnostics: diags }
    }

    fn add(&mut self, flow: Flow, diags: &mut Vec<Diagnostic>) {
        let idx = self.flows.len() as FlowIdx;
        let lower_name: Box<str> = flow.name.to_lowercase().into();
        if let Some(&other) = self.by_lower_name.get(&lower_name) {
            let o = &self.flows[other as usize];
            diags.push(
                Diagnostic::error(
                    "duplicateFlowName",
                    format!(
                        "flow name `{}` is also used by {} (names compare case-insensitively)",
                        flow.name,
                        o.file.display()
                    ),
                )
                .file(&flow.file)
                .flow(&*flow.name)
                .property("name")
                .help("give each flow a unique name"),
            );
            return;
        }
        if let Some(&other) = self.by_id.get(&*flow.id) {
            let o = &self.flows[other as usize];
            diags.push(
                Diagnostic::error(
                    "duplicateFlowId",
                    format!("flow id `{}` is also used by {}", flow.id, o.file.display()),
                )
                .file(&flow.file)
                .flow(&*flow.name)
                .property("id")
                .help("give each flow a unique id"),
            );
            return;
        }
        self.by_id.insert(flow.id.as_ref().into(), idx);
        self.by_lower_name.insert(lower_name, idx);
        self.flows.push(flow);
    }

    /// Resolves, once, the callee of each Flow node that names its flow by constant text.
    fn resolve_callees(&mut self) {
        let mut found = Vec::new();
        for (f, flow) in self.flows.iter().enumerate() {
            for (g, graph) in std::iter::once(&flow.draft).chain(&flow.published).enumerate() {
                for (n, node) in graph.nodes.iter().enumerate() {
                    if let NodeKind::Flow { target, .. } = &node.kind {
                        if let Some(idx) =
                            target.template().as_literal().and_then(|t| self.resolve(t))
                        {
                            found.push((f, g, n, idx));
                        }
                    }
                }
            }
        }
        for (f, g, n, idx) in found {
            let flow = &mut self.flows[f];
            let graph =
                if g == 0 { &mut flow.draft } else { flow.published.as_mut().expect("seen above") };
            if let NodeKind::Flow { callee, .. } = &mut graph.nodes[n].kind {
                *callee = Some(idx);
            }
        }
    }

    /// Flow nodes whose constant callee is not in the registry (from every file, loaded or not).
    fn check_references(&self, calls: &[(PathBuf, json::CallRef)], diags: &mut Vec<Diagnostic>) {
        for (file, call) in calls {
            if self.resolve(&call.target).is_some() {
                continue;
            }
            let hint = crate::util::nearest(&call.target, self.flows.iter().map(|f| &*f.name));
            diags.push(
                Diagnostic::error(
                    "flowNotInRegistry",
                    format!("calls flow `{}`, which is not in the registry (at run time the node fails with flowNotFound)", call.target),
                )
                .file(file)
                .flow(call.flow.clone())
                .node(call.node.clone())
                .property(call.property)
                .help(match hint {
                    Some(h) => format!("did you mean `{h}`?"),
                    None => "add the called flow's file to the --flows directory".into(),
                }),
            );
        }
    }

    /// Nodes no path leads to.
    fn check_reachability(&self, diags: &mut Vec<Diagnostic>) {
        for flow in &self.flows {
            let graph = &flow.draft;
            let mut seen = vec![false; graph.nodes.len()];
            let mut stack = vec![graph.start];
            while let Some(n) = stack.pop() {
                if std::mem::replace(&mut seen[n as usize], true) {
                    continue;
                }
                let node = graph.node(n);
                stack.extend(node.next.iter().chain(&node.on_error).chain(&node.on_timeout));
                if let NodeKind::If { conditions, default } = &node.kind {
                    stack.extend(conditions.iter().map(|c| c.next).chain(*default));
                }
            }
            for (i, node) in graph.nodes.iter().enumerate() {
                if !seen[i] {
                    diags.push(
                        Diagnostic::warning(
                            "unreachableNode",
                            format!("no path leads to node `{}` from the start node", node.id),
                        )
                        .file(&flow.file)
                        .flow(&*flow.name)
                        .node(&*node.id)
                        .help("connect it, or delete it"),
                    );
                }
            }
        }
    }

    /// A flow by id (exactly), else by name (case-insensitively).
    pub fn resolve(&self, id_or_name: &str) -> Option<FlowIdx> {
        self.by_id
            .get(id_or_name)
            .or_else(|| self.by_lower_name.get(id_or_name.to_lowercase().as_str()))
            .copied()
    }

    /// The known flow name closest to `text`.
    pub fn nearest_name(&self, text: &str) -> Option<&str> {
        crate::util::nearest(text, self.flows.iter().map(|f| &*f.name))
    }

    pub fn flow(&self, idx: FlowIdx) -> &Flow {
        &self.flows[idx as usize]
    }

    /// The variable names the flows use (see [`bind`]).
    pub fn var_table(&self) -> &VarTable {
        &self.vars
    }

    /// The flows, to undo their binding in tests (see `bind::tests`).
    #[cfg(test)]
    pub(crate) fn flows_mut(&mut self) -> &mut [Flow] {
        &mut self.flows
    }

    pub fn flows(&self) -> &[Flow] {
        &self.flows
    }

    pub fn len(&self) -> usize {
        self.flows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.flows.is_empty()
    }
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Box<Diagnostic>> {
    collect_files_once(dir, out, &mut FxHashSet::default())
}

/// Reads each directory once: a symbolic link back up the tree (or two links to one place)
/// must not load the same flows again and again.
fn collect_files_once(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    seen: &mut FxHashSet<PathBuf>,
) -> Result<(), Box<Diagnostic>> {
    if let Ok(real) = std::fs::canonicalize(dir) {
        if !seen.insert(real) {
            return Ok(());
        }
    }
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Box::new(
            Diagnostic::error(
                "unreadableDirectory",
                format!("cannot read the flows directory: {e}"),
            )
            .file(dir)
            .help("pass --flows DIR with a directory of flow JSON files"),
        )
    })?;
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
        let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if path.is_dir() {
            // Snapshots and hidden folders hold no flows.
            if !name.starts_with('.') && name != "__snapshots__" {
                collect_files_once(&path, out, seen)?;
            }
        } else if is_json && !name.ends_with(".scenarios.json") {
            out.push(path);
        }
    }
    Ok(())
}
