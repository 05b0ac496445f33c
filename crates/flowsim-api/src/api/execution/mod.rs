//! Flow execution data (the cloud's record of what a real call, chat or workflow did) replayed
//! against local flows: yesterday's calls, run against today's edit.
//!
//! ```text
//! document (a file, or a cassette interaction's response) ─▶ doc::parse (actions in order,
//!     nested modules in place) ─▶ rebuild (request: addresses, start time, digits, words,
//!     inputs; fixtures: the recording's data action and data table answers)
//!     ─▶ engine::Run ─▶ align::local_actions ─▶ align::part (by action id, tracking id, name)
//!     ─▶ the first divergent action in flow terms, explained by a rerun that records reads
//! ```
//! See docs/replay.md.

pub mod align;
pub mod debug;
pub mod doc;
pub mod emit;
pub mod pipeline;
pub mod rebuild;
pub mod redact;
pub mod stream;
pub mod traffic;
pub mod typed;

pub use doc::{parse, DocError, ExecutionDoc, RecordedAction};

use super::cassette::path::Side;
use super::replay::{InteractionReport, Outcome, ReplayConfig, StepDivergence};
use crate::engine;
use crate::fixtures::FixtureStore;
use crate::flow::registry::{type_key, Want};
use crate::flow::{FlowIdx, Registry};
use align::Parting;
use serde_json::{json, Value};
use std::path::Path;

/// How many actions each side shows after a divergence ("what followed").
const FOLLOWING: usize = 5;

/// The local flow a document's flow is: the config's `flows` map first, then the id, then the
/// name, of the recorded type ([`recorded_flow`]).
fn local_flow(doc: &ExecutionDoc, registry: &Registry, config: &ReplayConfig) -> Option<FlowIdx> {
    if config.map.is_empty() {
        return recorded_flow(registry, &doc.flow_id, &doc.flow_name, &doc.flow_type);
    }
    let mut probe =
        json!({"request": {"body": {"flowId": &*doc.flow_id, "flowName": &*doc.flow_name}}});
    config.apply_map(Side::Request, &mut probe);
    let body = &probe["request"]["body"];
    let key = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or_default();
    recorded_flow(registry, key("flowId"), key("flowName"), &doc.flow_type)
}

/// The local flow a recording names by `id`, else `name`, and `flow_type` as recorded
/// (`inboundcall`, `commonModule`; empty when not recorded): flows of different types may
/// share a name, and the one of the recorded type is taken; an Architect flow of another type
/// is not the recorded flow.
pub fn recorded_flow(
    registry: &Registry,
    id: &str,
    name: &str,
    flow_type: &str,
) -> Option<FlowIdx> {
    let key = type_key(flow_type);
    let types = [&*key];
    let want = if key.is_empty() { Want::Any } else { Want::Prefer(&types) };
    [id, name].into_iter().filter(|k| !k.is_empty()).find_map(|k| registry.find(k, want).ok())
}

/// A document with the config's `map` applied (paths `/response/body/flow/...`).
pub fn mapped(document: &Value, config: &ReplayConfig) -> Value {
    if config.map.is_empty() {
        return document.clone();
    }
    let mut wrapped = json!({"response": {"body": document}});
    config.apply_map(Side::Response, &mut wrapped);
    wrapped["response"]["body"].take()
}

/// Replays one execution data document. `name` defaults to the conversation id.
pub fn replay_document(
    file: &Path,
    index: usize,
    document: &Value,
    registry: &Registry,
    fixtures: &FixtureStore,
    config: &ReplayConfig,
    used: &mut [bool],
) -> InteractionReport {
    let document = std::borrow::Cow::Borrowed(document);
    replay_kept(file, index, document, registry, fixtures, config, used, &mut None)
}

/// What a replay ran: the local flow, the rebuilt request and fixtures (their `notes` moved
/// into the report's caveats) and the local run's result. `traffic` groups the matched ones
/// by it instead of parsing, rebuilding and running the document a second time; the debugger
/// (`debug`) runs the request again step by step, whatever the outcome.
pub struct Kept<'r, 'f> {
    pub flow: FlowIdx,
    pub rebuilt: rebuild::Rebuilt<'f>,
    pub result: engine::RunResult<'r>,
}

/// [`replay_document`], and what it ran in `kept` whenever the local run ran (matched,
/// diverged or excused by a known gap: the caller reads the outcome); a document given owned
/// is read without a copy ([`doc::parse_owned`]).
#[allow(clippy::too_many_arguments)]
pub fn replay_kept<'r, 'f>(
    file: &Path,
    index: usize,
    document: std::borrow::Cow<'_, Value>,
    registry: &'r Registry,
    fixtures: &'f FixtureStore,
    config: &ReplayConfig,
    used: &mut [bool],
    kept: &mut Option<Kept<'r, 'f>>,
) -> InteractionReport {
    let document =
        if config.map.is_empty() { document.into_owned() } else { mapped(&document, config) };
    replay_parsed(file, index, doc::parse_owned(document), registry, fixtures, config, used, kept)
}

/// [`replay_kept`] of a document read already (`parsed`, from the document as the config's
/// `map` makes it: `traffic` reads its documents' text with [`typed::read`]).
#[allow(clippy::too_many_lines, clippy::too_many_arguments)]
pub fn replay_parsed<'r, 'f>(
    file: &Path,
    index: usize,
    parsed: Result<ExecutionDoc, DocError>,
    registry: &'r Registry,
    fixtures: &'f FixtureStore,
    config: &ReplayConfig,
    used: &mut [bool],
    kept: &mut Option<Kept<'r, 'f>>,
) -> InteractionReport {
    let mut report = InteractionReport::matched(file, index, "flow execution data".into());
    let doc = match parsed {
        Ok(d) => d,
        Err(e) => {
            report.outcome = Outcome::Invalid;
            report.message = Some(format!("not flow execution data: {e}"));
            return report;
        }
    };
    report.name = Some(doc.name().to_owned()).filter(|n| !n.is_empty());
    report.flow = Some(doc.flow_name.to_string());
    let recorded = align::recorded_actions(&doc.actions);
    report.recorded_steps = Some(recorded.len());

    let Some(flow) = local_flow(&doc, registry, config) else {
        report.outcome = Outcome::Invalid;
        report.message = Some(format!(
            "the recorded flow `{}` ({}) is not among your flows: pass its file with --flows, or map its id to a local flow in the replay config's `flows`",
            doc.flow_name, doc.flow_id
        ));
        return report;
    };
    // Actions of modules the user does not have cannot be compared: the calls take the
    // recorded outputs (rebuild), and the note says what was skipped.
    let (recorded, missing) = of_known_flows(recorded, registry);
    report.recorded_steps = Some(recorded.len());
    for (what, n) in &missing {
        report.caveats.push(format!(
            "common module {what} is not among your flows: its {n} recorded action(s) were not compared, and its calls took the recorded outputs (pass its file with --flows to compare them)"
        ));
    }

    let mut rebuilt = rebuild::rebuild(&doc, registry, fixtures, flow);
    report.caveats.append(&mut rebuilt.notes);
    if doc.truncated {
        report.caveats.push(format!(
            "the cloud truncated this document (isTruncated): only its first {} actions were compared",
            recorded.len()
        ));
    }
    if doc.too_large > 0 {
        report.caveats.push(format!(
            "{} recorded value(s) were too large for the cloud to keep (valueIsTooLarge): they are not compared",
            doc.too_large
        ));
    }
    if !doc.unknown_events.is_empty() {
        report.caveats.push(format!(
            "events of kinds flowsim does not know were not read: {}",
            doc.unknown_events.join(", ")
        ));
    }
    for e in &doc.errors {
        report.caveats.push(format!("the recording has an error event: {e}"));
    }

    let result = match engine::Run::new(registry, &rebuilt.fixtures, &rebuilt.request).result() {
        Ok(r) => r,
        Err(e) => {
            report.outcome = Outcome::Invalid;
            report.message =
                Some(format!("the local run was refused: error[{}]: {e} ({})", e.code(), e.help()));
            return report;
        }
    };
    let local = align::local_actions(&result);
    report.local_steps = Some(local.len());
    let (parting, unknown) = align::part(&recorded, &local);
    if unknown > 0 {
        report.caveats.push(format!(
            "{unknown} output(s) could not be compared: the recording names an output the local flow does not (Archy files carry no output ids)"
        ));
    }
    let parting = match parting {
        // A truncated document ends early: the local run going on is no divergence.
        Parting::RecordingEnded(_) if doc.truncated => Parting::None,
        p => p,
    };
    if parting == Parting::None {
        if let Some(diff) = end_differs(&doc, &result) {
            report.outcome = Outcome::Diverged;
            report.divergence = Some(StepDivergence {
                step: local.len(),
                recorded: doc.exit_reason.clone(),
                local: Some(result.status.as_str().to_owned()),
                message: diff,
                explanation: String::new(),
                recorded_path: labels_rec(&recorded, 0, recorded.len()),
                local_path: labels_local(&local, 0, local.len()),
            });
        }
    } else {
        report.outcome = Outcome::Diverged;
        report.divergence = Some(divergence(
            &parting,
            &recorded,
            &local,
            registry,
            &rebuilt.fixtures,
            &rebuilt.request,
        ));
    }
    if report.outcome == Outcome::Diverged {
        let name = report.name.clone();
        let found = config
            .known_gaps
            .iter()
            .position(|g| g.path.is_none() && g.covers(file, index, name.as_deref(), &[]));
        if let Some(g) = found {
            used[g] = true;
            report.outcome = Outcome::KnownGap;
            report.message = Some(format!("known gap: {}", config.known_gaps[g].reason));
        }
    }
    *kept = Some(Kept { flow, rebuilt, result });
    report
}

/// The recorded actions of flows `registry` has (the others' cannot be compared: their calls
/// take the recorded outputs), and each flow it lacks (`` `name` (id) ``) with how many
/// recorded actions it had.
pub(crate) fn of_known_flows<'a>(
    mut recorded: Vec<&'a RecordedAction>,
    registry: &Registry,
) -> (Vec<&'a RecordedAction>, Vec<(String, usize)>) {
    let mut missing: Vec<(String, usize)> = Vec::new();
    // Actions of one flow share its id, name and type: the flow is looked up once for a run
    // of them.
    let mut last: Option<(&RecordedAction, bool)> = None;
    recorded.retain(|a| {
        let same = |b: &RecordedAction| {
            std::sync::Arc::ptr_eq(&a.flow_id, &b.flow_id)
                && std::sync::Arc::ptr_eq(&a.flow_name, &b.flow_name)
                && std::sync::Arc::ptr_eq(&a.flow_type, &b.flow_type)
        };
        let have = match last {
            Some((b, have)) if same(b) => have,
            _ => {
                let have =
                    recorded_flow(registry, &a.flow_id, &a.flow_name, &a.flow_type).is_some();
                last = Some((a, have));
                have
            }
        };
        if !have {
            let what = format!("`{}` ({})", a.flow_name, a.flow_id);
            match missing.iter_mut().find(|(w, _)| *w == what) {
                Some((_, n)) => *n += 1,
                None => missing.push((what, 1)),
            }
        }
        have
    });
    (recorded, missing)
}

/// How the recorded run ended against the local status, when they clearly differ.
fn end_differs(doc: &ExecutionDoc, result: &engine::RunResult<'_>) -> Option<String> {
    let reason = doc.exit_reason.as_deref()?;
    let local = result.status.as_str();
    let agree = match reason {
        "TRANSFER" => local == "transferred",
        "FLOW_ERROR_EXIT" | "ERROR" => local == "failed" || result.error.is_some(),
        "DISCONNECT" | "FLOW_EXIT" | "FLOW_DISCONNECT" | "CUSTOMER_DISCONNECT" | "COMPLETED" => {
            local != "transferred" && local != "failed"
        }
        _ => true,
    };
    (!agree).then(|| {
        format!("the same actions ran, but the recorded flow ended with {reason} and the local run with status {local}")
    })
}

fn labels_rec(rec: &[&RecordedAction], from: usize, to: usize) -> Vec<String> {
    rec.get(from..to.min(rec.len())).unwrap_or_default().iter().map(|a| a.label()).collect()
}

fn labels_local(local: &[align::LocalAction], from: usize, to: usize) -> Vec<String> {
    local
        .get(from..to.min(local.len()))
        .unwrap_or_default()
        .iter()
        .map(align::LocalAction::label)
        .collect()
}

fn divergence(
    parting: &Parting,
    rec: &[&RecordedAction],
    local: &[align::LocalAction],
    registry: &Registry,
    fixtures: &FixtureStore,
    request: &engine::RunRequest,
) -> StepDivergence {
    let (at, message, explain) = match *parting {
        Parting::Output(i) => {
            let (r, l) = (rec[i], &local[i]);
            let heard: Vec<String> = r
                .turns()
                .iter()
                .map(|t| match t {
                    doc::Turn::Dtmf(d) => format!("pressed {d}"),
                    doc::Turn::Words(w) => format!("said {w:?}"),
                    doc::Turn::NoInput => "gave no input".into(),
                })
                .collect();
            let heard = if heard.is_empty() {
                String::new()
            } else {
                format!(" after the caller {}", heard.join(", then "))
            };
            (
                i,
                format!(
                    "{} now leaves by {}{heard} (recorded: {})",
                    l.label(),
                    l.output(),
                    align::recorded_output(r)
                ),
                Some(l.step),
            )
        }
        Parting::Action(i) => {
            let before = i.checked_sub(1).map(|p| local[p].step);
            (
                i,
                format!(
                    "after {} actions the runs part: recorded {}, local {}",
                    i,
                    rec[i].label(),
                    local[i].label()
                ),
                before,
            )
        }
        Parting::LocalEnded(i) => (
            i,
            format!(
                "the local run ends after {i} actions; the recording goes on to {}",
                rec[i].label()
            ),
            i.checked_sub(1).map(|p| local[p].step),
        ),
        Parting::RecordingEnded(i) => (
            i,
            format!(
                "the recording ends after {i} actions; the local run goes on to {}",
                local[i].label()
            ),
            i.checked_sub(1).map(|p| local[p].step),
        ),
        Parting::None => (0, String::new(), None),
    };
    let explanation = explain
        .map(|step| crate::api::replay::explain_rerun(registry, fixtures, request, step))
        .unwrap_or_default();
    StepDivergence {
        step: at + 1,
        recorded: rec.get(at).map(|a| a.label()),
        local: local.get(at).map(align::LocalAction::label),
        message,
        explanation,
        recorded_path: labels_rec(rec, at, at + FOLLOWING),
        local_path: labels_local(local, at, at + FOLLOWING),
    }
}

/// Executions that diverged at the same place the same way, for a summary over many:
/// "37 of 500 executions now leave Main › Menu by 3 instead of 2".
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DivergenceGroup {
    pub message: String,
    pub count: usize,
    /// The executions' names (conversation ids), in report order.
    pub executions: Vec<String>,
}

/// Groups diverged executions by their divergence message (which names the action and both
/// outputs), largest group first, then in first-seen order.
pub fn group(reports: &[InteractionReport]) -> Vec<DivergenceGroup> {
    let mut groups: Vec<DivergenceGroup> = Vec::new();
    for r in
        reports.iter().filter(|r| r.call == "flow execution data" && r.outcome == Outcome::Diverged)
    {
        let Some(d) = &r.divergence else { continue };
        let who = r.name.clone().unwrap_or_else(|| format!("#{}", r.index));
        match groups.iter_mut().find(|g| g.message == d.message) {
            Some(g) => {
                g.count += 1;
                g.executions.push(who);
            }
            None => groups.push(DivergenceGroup {
                message: d.message.clone(),
                count: 1,
                executions: vec![who],
            }),
        }
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g.count));
    groups
}

#[cfg(test)]
mod tests;
