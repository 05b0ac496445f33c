//! `--write-scenarios DIR`: one scenario file per path, with the path's inputs, context and
//! mocks, and the expectations it produced (status, route, the node path), for the author to
//! review. Values are written as JSON, which YAML reads as is.
//!
//! A path that needed forcing cannot be reproduced from inputs and fixtures: its file is named
//! `*.forced.yaml`, which `flowsim test` does not pick up, and says so in its header.

use super::{Exploration, PathReport};
use indexmap::IndexMap;
use serde_json::{json, Value as J};
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

/// What the scenario files must name to load the same flows and fixtures.
#[derive(Debug, Clone, Default)]
pub struct ScenarioSource {
    /// The `--flows` paths.
    pub flows: Vec<PathBuf>,
    /// The `--fixtures` paths.
    pub fixtures: Vec<PathBuf>,
    /// Archy `{{key}}` values.
    pub substitutions: IndexMap<String, String>,
}

/// Why the scenarios could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// `--write-scenarios /proc/x`
    #[error("cannot create directory {}: {message}", dir.display())]
    Dir { dir: PathBuf, message: String },
    /// A file that cannot be written (permissions, a full disk).
    #[error("cannot write {}: {message}", file.display())]
    File { file: PathBuf, message: String },
}

/// Writes one file per path of `x` into `dir` (created if needed); the files written, in path
/// order.
pub fn write_scenarios(
    x: &Exploration,
    dir: &Path,
    source: &ScenarioSource,
) -> Result<Vec<PathBuf>, WriteError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| WriteError::Dir { dir: dir.to_owned(), message: e.to_string() })?;
    let base = dir
        .canonicalize()
        .map_err(|e| WriteError::Dir { dir: dir.to_owned(), message: e.to_string() })?;
    let relative = |p: &PathBuf| relative_to(&base, p);
    let flows: Vec<String> = source.flows.iter().map(relative).collect();
    let fixtures: Vec<String> = source.fixtures.iter().map(relative).collect();
    let slug = slug(&x.flow);
    let mut written = Vec::new();
    for path in &x.paths {
        let suffix = if path.forced.is_empty() { "scenarios.yaml" } else { "forced.yaml" };
        let name = format!("{slug}-path-{:03}.{suffix}", path.id);
        let file = dir.join(&name);
        let text = render(x, path, &flows, &fixtures, &source.substitutions);
        crate::util::write_inside(dir, Path::new(&name), text.as_bytes())
            .map_err(|e| WriteError::File { file: file.clone(), message: e.to_string() })?;
        written.push(file);
    }
    Ok(written)
}

/// One path's scenario file.
fn render(
    x: &Exploration,
    p: &PathReport,
    flows: &[String],
    fixtures: &[String],
    subs: &IndexMap<String, String>,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Written by `flowsim explore` for flow {}: path {} of {}.",
        j(&json!(x.flow)),
        p.id,
        x.paths.len()
    );
    out.push_str(
        "# Review it before keeping it: the expectations are what the flow did, not what it should do.\n",
    );
    if !p.forced.is_empty() {
        let _ = writeln!(out, "# FORCED: flowsim forced {} on this path.", p.forced.join(", "));
        out.push_str(
            "# No input, mock or clock it knows takes that output, so this run is not reproducible as is;\n\
             # the file is named *.forced.yaml so that `flowsim test` skips it. Make the inputs or fixtures\n\
             # take the path (or fix the flow), then rename it to *.scenarios.yaml.\n",
        );
    }
    if !p.new_outputs.is_empty() {
        let _ = writeln!(out, "# First to take: {}", p.new_outputs.join(", "));
    }
    let _ = writeln!(out, "flows: {}", j(&json!(flows)));
    if !fixtures.is_empty() {
        let _ = writeln!(out, "fixtures: {}", j(&json!(fixtures)));
    }
    if !subs.is_empty() {
        let _ = writeln!(out, "substitutions: {}", j(&json!(subs)));
    }
    out.push_str("scenarios:\n");
    let _ = writeln!(out, "  - name: {}", j(&json!(format!("{} path {}", x.flow, p.id))));
    let _ = writeln!(out, "    flow: {}", j(&json!(x.flow)));
    if let Some(t) = &x.flow_type {
        let _ = writeln!(out, "    flowType: {}", j(&json!(t)));
    }
    let s = &p.script;
    let context = serde_json::to_value(s.context()).unwrap_or(J::Null);
    if context.as_object().is_some_and(|o| !o.is_empty()) {
        let _ = writeln!(out, "    context: {}", j(&context));
    }
    if let Some(m) = &s.message {
        let _ = writeln!(out, "    message: {}", j(&json!(m)));
    }
    if !s.inputs.is_empty() {
        let _ = writeln!(out, "    inputs: {}", j(&json!(s.inputs)));
    }
    if !s.variables.is_empty() {
        let _ = writeln!(out, "    variables: {}", j(&json!(s.variables)));
    }
    if let Some(mocks) = s.mocks() {
        let _ = writeln!(out, "    mocks: {}", j(&mocks));
    }
    if p.status == crate::engine::Status::StepLimit {
        let _ = writeln!(out, "    maxSteps: {}", x.options.max_steps);
    }
    out.push_str("    tags: [explore]\n    expect:\n");
    let _ = writeln!(out, "      status: {}", p.status.as_str());
    if let Some(r) = &p.route {
        let mut route = serde_json::Map::new();
        if !r.queue_name.is_empty() {
            route.insert("queueName".into(), json!(r.queue_name));
        }
        if !r.kind.is_empty() {
            route.insert("type".into(), json!(r.kind));
            route.insert("to".into(), json!(r.to));
        }
        let _ = writeln!(out, "      route: {}", j(&J::Object(route)));
    }
    // A run that ends in an error fails a scenario that does not expect it.
    if let Some(kind) = &p.error {
        let _ = writeln!(out, "      error: {}", j(&json!({ "kind": kind })));
    }
    // And a lookup the fixtures could not answer fails one that does not name it.
    if !p.missing.is_empty() {
        let _ = writeln!(out, "      missing: {}", j(&json!(p.missing)));
    }
    out.push_str("      path:\n");
    for n in &p.nodes {
        let _ = writeln!(out, "        - {}", j(&json!(n)));
    }
    out
}

fn j(v: &J) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// A file-name-safe form of a flow's name: `Acme Main IVR` → `acme-main-ivr`.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-');
    if out.is_empty() {
        "flow".into()
    } else {
        out.chars().take(60).collect()
    }
}

/// `target` as a path relative to directory `base` (both made absolute), with `/` separators;
/// the absolute path when there is no relative one (another drive).
fn relative_to(base: &Path, target: &Path) -> String {
    let Ok(target) = target.canonicalize() else { return target.display().to_string() };
    let (b, t): (Vec<Component<'_>>, Vec<Component<'_>>) =
        (base.components().collect(), target.components().collect());
    if b.first() != t.first() {
        return target.display().to_string();
    }
    let common = b.iter().zip(&t).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".into(); b.len() - common];
    parts.extend(t[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}
