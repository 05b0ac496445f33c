//! Checking a run against a scenario's `expect`, and saying *why* it failed in flow terms.

use super::scenario::Expect;
use crate::engine::{Edge, RunResult, Status};
use crate::fixtures::FixtureStore;
use crate::flow::action::Prop;
use crate::flow::catalogue::json;
use crate::flow::catalogue::{Record, Varies};
use indexmap::IndexMap;
use std::fmt::Write as _;
use std::sync::Arc;

/// The fields an `expect.route` may name (`type` and `to` only for Architect transfers);
/// `schemas/scenarios.schema.json` lists the same (checked by a test).
pub const ROUTE_KEYS: &[&str] = &["queueId", "queueName", "type", "to", "languageSkill"];
/// The kinds of route an `expect.route.type` may name: the result's `Route::kind` (a JSON
/// flow's Route node is an `acd` route to its queue).
pub const ROUTE_KINDS: &[&str] =
    &["acd", "user", "group", "number", "voicemail", "flow", "secureFlow", "agent"];
/// The fields of an `expect.route` that name a queue an agent answers from: without a `type`
/// they mean an ACD route to it (a queue's voicemail is `type: voicemail`).
const ACD_KEYS: &[&str] = &["queueId", "queueName", "languageSkill"];
/// The fields an `expect.error` may name.
pub const ERROR_KEYS: &[&str] = &["kind", "flowName", "nodeId", "message"];

/// The kind of route `want` expects: its `type`, else `acd` when it names a queue
/// ([`ACD_KEYS`]); `None` for a `to` alone (lint refuses it: `to` names a user, group, number,
/// mailbox or flow, and only `type` says which).
pub fn expected_route_kind(want: &IndexMap<String, String>) -> Option<&str> {
    want.get("type")
        .map(String::as_str)
        .or_else(|| ACD_KEYS.iter().any(|k| want.contains_key(*k)).then_some("acd"))
}

/// An expected route against the one the run took: first its kind (a queue's voicemail is
/// no ACD route to the queue, whatever the queue), then each field it names.
fn route_mismatches(
    want: &IndexMap<String, String>,
    actual: &crate::engine::result::Route,
) -> Vec<Mismatch> {
    let kind = if actual.kind.is_empty() { "acd" } else { actual.kind };
    if let Some(expected) = expected_route_kind(want) {
        if expected != kind {
            let named: Vec<String> = want.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            return vec![Mismatch::new(
                "route",
                format!(
                    "expected {} route ({{{}}}), the run took {}",
                    article(expected),
                    named.join(", "),
                    taken(actual, kind)
                ),
            )];
        }
    }
    let mut out = Vec::new();
    for (k, v) in want {
        // Keys outside ROUTE_KEYS are refused when the file loads (lint).
        let got = match k.as_str() {
            "queueId" => Some(&*actual.queue_id).filter(|q| !q.is_empty()),
            "queueName" => Some(&*actual.queue_name).filter(|q| !q.is_empty()),
            "type" => Some(kind),
            "to" => Some(&*actual.target).filter(|t| !t.is_empty()),
            "languageSkill" => actual.language_skill.as_deref(),
            _ => None,
        };
        if got != Some(v.as_str()) {
            let got = got.map_or_else(|| "no such field".into(), |g| format!("`{g}`"));
            out.push(Mismatch::new(
                "route",
                format!("expected route {k} `{v}`, got {got} ({})", taken(actual, kind)),
            ));
        }
    }
    out
}

/// `an ACD` / `a voicemail`: the kind as a sentence names it.
fn article(kind: &str) -> String {
    match kind {
        "acd" => "an ACD".into(),
        "agent" => "an agent".into(),
        k => format!("a {k}"),
    }
}

/// The route the run took, in words: its kind, what it went to, the queue.
fn taken(actual: &crate::engine::result::Route, kind: &str) -> String {
    let mut s = format!("{} route", article(kind));
    if !actual.target.is_empty() && kind != "acd" {
        let _ = write!(s, " to `{}`", actual.target);
    }
    if !actual.queue_id.is_empty() || !actual.queue_name.is_empty() {
        let _ = write!(s, " (queue `{}`, {})", actual.queue_name, actual.queue_id);
    }
    s
}

/// One unmet expectation, ready to print.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Mismatch {
    /// Which expectation: `status`, `path`, `visits`, `notVisits`, `variables`, `prompts`,
    /// `route`, `error`, `snapshot`.
    pub what: std::borrow::Cow<'static, str>,
    /// One line.
    pub message: String,
    /// More lines: the divergence explained, or a diff.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
    /// The line of the scenario file that states the expectation (its key under `expect:`),
    /// else of the scenario (`harness::lines`); set once the scenario is known to fail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl Mismatch {
    pub fn new(what: &'static str, message: String) -> Mismatch {
        Mismatch { what: what.into(), message, detail: String::new(), line: None }
    }
}

/// A node named in `path`, `visits` or `notVisits`: its id (`Node`, an Archy action's
/// `Task/Action`, an export's GUID), or an action's name when no other action of its flow has
/// it; either may be prefixed by the flow's name (`Flow/Node`), or by its name and type where
/// flows of other types share the name (`Main (outboundCall)/Node`, `Registry::label`).
fn step_matches(r: &RunResult<'_>, step: &crate::engine::Step, name: &str) -> bool {
    if node_matches(r, step, name) {
        return true;
    }
    match name.split_once('/') {
        Some((flow, rest)) => {
            r.registry.label(step.flow).eq_ignore_ascii_case(flow) && node_matches(r, step, rest)
        }
        None => false,
    }
}

fn node_matches(r: &RunResult<'_>, step: &crate::engine::Step, name: &str) -> bool {
    let node = r.node(step.flow, step.node);
    if &*node.id == name {
        return true;
    }
    if &*node.name != name || node.container == crate::flow::model::NO_CONTAINER {
        return false;
    }
    let graph = r.registry.flow(step.flow).graph(r.version);
    graph.is_some_and(|g| g.nodes.iter().filter(|n| &*n.name == name).count() == 1)
}

fn step_label(r: &RunResult<'_>, step: &crate::engine::Step) -> String {
    format!("{}/{}", r.registry.label(step.flow), r.node(step.flow, step.node).id)
}

/// A note when two JSON values are the same number of different types (`12` and `12.0`):
/// types compare strictly (docs/results.md), and the diff alone hardly shows why they differ.
fn type_note(name: &str, want: &serde_json::Value, got: &serde_json::Value) -> Option<String> {
    let (w, g) = (want.as_number()?, got.as_number()?);
    let kind = |n: &serde_json::Number| if n.is_f64() { "a Decimal" } else { "an Integer" };
    (w.as_f64() == g.as_f64() && w.is_f64() != g.is_f64()).then(|| {
        format!(
            "{name}: expected {} {w}, got {} {g} (types compare strictly: write {g} to expect it)",
            kind(w),
            kind(g)
        )
    })
}

/// A subset of named values (`outputs`, `participantData`, `flowOutcomes`), compared with
/// their JSON types; a name the run does not have reads as `<not set>`.
fn check_subset(
    what: &'static str,
    want: Option<&IndexMap<String, serde_json::Value>>,
    actual: &[(Arc<str>, crate::expr::Value)],
    out: &mut Vec<Mismatch>,
) {
    let Some(want) = want else { return };
    let mut expected = serde_json::Map::new();
    let mut got_map = serde_json::Map::new();
    let mut wrong = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    for (name, v) in want {
        let got =
            actual.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.to_json());
        if got.as_ref() != Some(v) && !(got.is_none() && v.is_null()) {
            wrong.push(name.as_str());
            notes.extend(got.as_ref().and_then(|g| type_note(name, v, g)));
        }
        expected.insert(name.clone(), v.clone());
        got_map.insert(
            name.clone(),
            got.unwrap_or_else(|| serde_json::Value::String("<not set>".into())),
        );
    }
    if !wrong.is_empty() {
        let mut m = Mismatch::new(what, format!("{what} differ: {}", wrong.join(", ")));
        m.detail = diff(
            &serde_json::to_string_pretty(&expected).unwrap_or_default(),
            &serde_json::to_string_pretty(&got_map).unwrap_or_default(),
        );
        for n in notes {
            if !m.detail.ends_with('\n') {
                m.detail.push('\n');
            }
            m.detail.push_str(&n);
        }
        out.push(m);
    }
}

/// `noSelection at Flow/Node`: a run's error and where it happened.
fn error_at(r: &RunResult<'_>, e: &crate::engine::result::RunError) -> String {
    format!("{} at {}/{}", e.kind, r.flow_name(e.flow), r.node(e.flow, e.node).id)
}

/// Checks everything `expect` asks for. Empty: the run meets it. `guesses`: the run's fixtures,
/// to offer a name near a missed one in the mismatch's detail; `None` where only the verdict
/// counts (`ScenarioInput::passes`, run on every mutant), which then skips that search.
pub fn check(expect: &Expect, r: &RunResult<'_>, guesses: Option<&FixtureStore>) -> Vec<Mismatch> {
    let mut out = Vec::new();
    if let Some(status) = expect.status {
        if status != r.status {
            let mut m = Mismatch::new(
                "status",
                format!("expected status {}, got {}", status.as_str(), r.status.as_str()),
            );
            if let Some(e) = &r.error {
                m.detail = format!("the run's error: {}: {}", error_at(r, e), e.message);
            } else {
                // How it came to end so: the last choice before its last step (an action whose
                // way depends on data, input or fixtures), and the whole path.
                let before = r.trace.len().saturating_sub(1);
                let choice = r
                    .trace
                    .iter()
                    .enumerate()
                    .take(before)
                    .filter(|(_, s)| r.node(s.flow, s.node).action.spec().facts.branches)
                    .map(|(at, _)| at)
                    .last();
                if let Some(at) = choice.or_else(|| before.checked_sub(1)) {
                    m.detail = explain_step(r, at);
                    m.detail.push('\n');
                }
                m.detail.push_str(&actual_path(r));
            }
            out.push(m);
        }
    }
    if let Some(path) = &expect.path {
        if let Some(m) = check_path(path, r) {
            out.push(m);
        }
    }
    for v in &expect.visits {
        if !r.trace.iter().any(|s| step_matches(r, s, v)) {
            out.push(Mismatch::new("visits", format!("expected the run to visit {v}, it did not")));
        }
    }
    for v in &expect.not_visits {
        if let Some((i, s)) = r.trace.iter().enumerate().find(|(_, s)| step_matches(r, s, v)) {
            out.push(Mismatch::new(
                "notVisits",
                format!(
                    "expected the run not to visit {v}, it did at step {} ({})",
                    i + 1,
                    step_label(r, s)
                ),
            ));
        }
    }
    if let Some(vars) = &expect.variables {
        let mut expected = serde_json::Map::new();
        let mut actual = serde_json::Map::new();
        let mut wrong = Vec::new();
        let mut notes: Vec<String> = Vec::new();
        for (name, want) in vars.iter() {
            let got = r.variable(name).map_or(serde_json::Value::Null, crate::expr::Value::to_json);
            let exists = r.variable(name).is_some();
            if &got != want || (!exists && !want.is_null()) {
                wrong.push(name.as_str());
                notes.extend(type_note(name, want, &got));
            }
            expected.insert(name.clone(), want.clone());
            actual.insert(
                name.clone(),
                if exists { got } else { serde_json::Value::String("<never assigned>".into()) },
            );
        }
        if !wrong.is_empty() {
            let mut m =
                Mismatch::new("variables", format!("variables differ: {}", wrong.join(", ")));
            m.detail = diff(
                &serde_json::to_string_pretty(&expected).unwrap_or_default(),
                &serde_json::to_string_pretty(&actual).unwrap_or_default(),
            );
            for n in notes {
                if !m.detail.ends_with('\n') {
                    m.detail.push('\n');
                }
                m.detail.push_str(&n);
            }
            out.push(m);
        }
    }
    if let Some(prompts) = &expect.prompts {
        let actual: Vec<&str> = r.prompts.iter().map(|p| &*p.text).collect();
        if prompts.iter().map(String::as_str).ne(actual.iter().copied()) {
            let mut m = Mismatch::new("prompts", "prompts differ".into());
            m.detail = diff(&prompts.join("\n"), &actual.join("\n"));
            out.push(m);
        }
    }
    if let Some(route) = &expect.route {
        match (route, &r.route) {
            (None, None) => {}
            (None, Some(actual)) => {
                let kind = if actual.kind.is_empty() { "acd" } else { actual.kind };
                let taken = taken(actual, kind);
                out.push(Mismatch::new(
                    "route",
                    format!("expected no route, the run took {taken}"),
                ));
            }
            (Some(_), None) => {
                out.push(Mismatch::new("route", "expected a route, the run routed nowhere".into()));
            }
            (Some(want), Some(actual)) => out.extend(route_mismatches(want, actual)),
        }
    }
    check_subset("outputs", expect.outputs.as_deref(), &r.arch.outputs, &mut out);
    if let Some(want) = expect.participant_data.as_deref() {
        let actual: Vec<(Arc<str>, crate::expr::Value)> = r
            .arch
            .participant_data
            .iter()
            .map(|(k, v)| (k.clone(), crate::expr::Value::Str(v.clone())))
            .collect();
        check_subset("participantData", Some(want), &actual, &mut out);
    }
    check_subset("flowOutcomes", expect.flow_outcomes.as_deref(), &r.arch.outcomes, &mut out);
    if let Some(want) = expect.exit_reason.as_deref() {
        let got = r
            .arch
            .exit_reason
            .as_ref()
            .map_or(serde_json::Value::Null, crate::expr::Value::to_json);
        if &got != want {
            out.push(Mismatch::new(
                "exitReason",
                format!("expected exit reason {want}, got {got}"),
            ));
        }
    }
    if let Some(want) = expect.workitem.as_deref() {
        let actual: Vec<(Arc<str>, crate::expr::Value)> = match &r.arch.workitem {
            Some(crate::expr::Value::Object(o)) => {
                o.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
            }
            _ => Vec::new(),
        };
        check_subset("workitem", Some(want), &actual, &mut out);
    }
    if let Some(want) = expect.settings.as_deref() {
        let actual: Vec<(Arc<str>, crate::expr::Value)> =
            r.arch.settings.iter().map(|(k, v)| (Arc::from(*k), v.clone())).collect();
        check_subset("settings", Some(want), &actual, &mut out);
    }
    if let Some(want) = expect.survey_outcome.as_deref() {
        let got = r.arch.survey.map_or(serde_json::Value::Null, serde_json::Value::from);
        if &got != want {
            out.push(Mismatch::new(
                "surveyOutcome",
                format!("expected survey outcome {want}, got {got}"),
            ));
        }
    }
    check_subset("slots", expect.slots.as_deref(), &r.arch.slots, &mut out);
    if let Some(want) = &expect.intent {
        let got = r.arch.intent.as_deref();
        if want.as_deref() != got {
            out.push(Mismatch::new(
                "intent",
                format!(
                    "expected the bot to exit with intent {}, got {}",
                    want.as_deref().map_or("none".into(), |w| format!("`{w}`")),
                    got.map_or("none".into(), |g| format!("`{g}`"))
                ),
            ));
        }
    }
    // A run that ended in an error passes only a scenario that expects it: naming the error,
    // the `failed` status, or the status that is that error (`stepLimit`, `timeout`, `budget`).
    // Otherwise an error could hide behind the status it led to (an unhandled
    // `scheduleGroupNotFound` disconnects the call, and `status: disconnected` would pass).
    if let (None, Some(e)) = (&expect.error, &r.error) {
        let expected = expect.status == Some(Status::Failed)
            || expect.status.and_then(Status::error_kind) == Some(e.kind);
        if !expected {
            let mut m = Mismatch::new(
                "error",
                format!(
                    "the run ended in error {}, which the scenario does not expect",
                    error_at(r, e)
                ),
            );
            m.detail = format!(
                "{}\nexpect it with `error: {{kind: {}}}` if this is the behaviour you want",
                e.message, e.kind
            );
            out.push(m);
        }
    }
    let error_kind = match &expect.error {
        Some(Some(want)) => want.get("kind").map(String::as_str),
        _ => None,
    };
    out.extend(super::missing::check(&expect.missing, error_kind, r, guesses));
    if let Some(error) = &expect.error {
        match (error, &r.error) {
            (None, None) => {}
            (None, Some(e)) => out.push(Mismatch::new(
                "error",
                format!("expected no error, got {}: {}", error_at(r, e), e.message),
            )),
            (Some(_), None) => {
                out.push(Mismatch::new("error", "expected an error, the run had none".into()));
            }
            (Some(want), Some(e)) => {
                for (k, v) in want.iter() {
                    // Keys outside ERROR_KEYS are refused when the file loads (lint).
                    let got = match k.as_str() {
                        "kind" => Some(e.kind.as_str().to_owned()),
                        "flowName" => Some(r.flow_name(e.flow).to_owned()),
                        "nodeId" => Some(r.node(e.flow, e.node).id.to_string()),
                        "message" => Some(e.message.clone()),
                        _ => None,
                    };
                    let ok = match (k.as_str(), &got) {
                        ("message", Some(g)) => g.contains(v.as_str()),
                        (_, Some(g)) => g == v,
                        _ => false,
                    };
                    if !ok {
                        out.push(Mismatch::new(
                            "error",
                            format!(
                                "expected error {k} `{v}`, got {}",
                                got.map_or("no such field".into(), |g| format!("`{g}`"))
                            ),
                        ));
                    }
                }
            }
        }
    }
    out
}

/// The first step where the actual path leaves the expected one, explained.
fn check_path(expected: &[String], r: &RunResult<'_>) -> Option<Mismatch> {
    let at = expected
        .iter()
        .zip(&r.trace)
        .position(|(want, step)| !step_matches(r, step, want))
        .or_else(|| (expected.len() != r.trace.len()).then(|| expected.len().min(r.trace.len())))?;
    let want = expected.get(at).map_or("the end of the run", String::as_str);
    let got = r.trace.get(at).map_or("the end of the run".to_owned(), |s| step_label(r, s));
    let mut m = Mismatch::new(
        "path",
        format!("path diverges at step {}: expected {want}, got {got}", at + 1),
    );
    if at > 0 {
        m.detail = explain_step(r, at - 1);
    }
    if !m.detail.is_empty() {
        m.detail.push('\n');
    }
    m.detail.push_str(&actual_path(r));
    Some(m)
}

/// `actual path: [node, node, ...]`: the nodes the run went through, in order.
fn actual_path(r: &RunResult<'_>) -> String {
    let actual: Vec<String> =
        r.trace.iter().map(|s| r.node(s.flow, s.node).id.to_string()).collect();
    format!("actual path: [{}]", actual.join(", "))
}

/// Why the step at `index` went where it went: the branch taken, the condition and the values
/// it read, the input it got, the error it raised.
pub fn explain_step(r: &RunResult<'_>, index: usize) -> String {
    let step = &r.trace[index];
    let node = r.node(step.flow, step.node);
    let mut out =
        format!("step {} {} [{}]", index + 1, step_label(r, step), node.action.type_name());
    let next =
        step.next().map_or("(the flow ends)".to_owned(), |n| r.node(step.flow, n).id.to_string());
    let a = &node.action;
    // A JSON `If`'s exits: its conditions, then its default, then its paths.
    let conditions =
        if a.spec().facts.varies == Varies::JsonConditions { json::conditions(a).len() } else { 0 };
    match step.edge {
        Edge::Output(i) if usize::from(i) < conditions => {
            if let Some((e, _)) = json::conditions(a).nth(usize::from(i)) {
                let _ = write!(out, " took condition[{i}] `{e}` → {next}");
            }
            for (j, (e, _)) in json::conditions(a).enumerate().take(usize::from(i)) {
                let _ = write!(out, "\n  condition[{j}] `{e}` was false");
            }
        }
        Edge::Output(i) if conditions > 0 && usize::from(i) == conditions => {
            let _ = write!(out, " took the default → {next}");
            for (j, (e, _)) in json::conditions(a).enumerate() {
                let _ = write!(out, "\n  condition[{j}] `{e}` was false");
            }
        }
        Edge::Output(i) if crate::flow::edge::output(node, step.edge).is_some() => {
            let exit = node.exits.get(usize::from(i)).map_or("?", |e| &*e.name);
            let _ = write!(out, " took output `{exit}` → {next}");
            explain_action(&mut out, a, i);
        }
        edge => {
            let _ = write!(out, " took {} → {next}", crate::flow::edge::trace_label(node, edge));
        }
    }
    // What the step wrote, as its entry's record reads: an action's variables, a JSON
    // Gather's input.
    match a.spec().facts.record {
        Record::Action => {
            for (name, value) in r.written(step) {
                let _ = write!(out, "\n  wrote {name} = {}", shown(value));
            }
        }
        Record::Gathers => {
            if let Some(digits) = r.stores().written_value(step, "digits") {
                let _ = write!(
                    out,
                    "\n  input: {}",
                    if digits.is_set() {
                        format!("{:?}", digits.display())
                    } else {
                        "none (timeout)".into()
                    }
                );
            }
        }
        Record::Says
        | Record::Assigns
        | Record::Calls
        | Record::Routes
        | Record::Finds
        | Record::Figures
        | Record::Answers => {}
    }
    if let Some(e) = r.step_error(step) {
        let _ = write!(out, "\n  error {}: {}", e.kind, e.message);
    }
    for (path, value) in r.reads_of(index) {
        let _ = write!(out, "\n  read {path} = {}", shown(value));
    }
    out
}

fn shown(value: &crate::expr::Value) -> String {
    match value {
        crate::expr::Value::NotSet => "NOT_SET".to_owned(),
        crate::expr::Value::Str(s) => format!("{:?}", &**s),
        v => v.display(),
    }
}

/// What decided a decision's or a switch's output: the conditions it evaluated.
fn explain_action(out: &mut String, a: &crate::flow::action::Action, output: u16) {
    match a.spec().facts.varies {
        Varies::Condition => {
            if let Some(e) = a.get(crate::flow::catalogue::control::prop::DECISION_CONDITION).expr()
            {
                let was = if output == 0 { "true" } else { "false" };
                let _ = write!(out, "\n  condition `{e}` was {was}");
            }
        }
        Varies::SwitchCases | Varies::UntilCases => {
            // Exits are `default` (a Loop Until: its body), then one per case: cases before
            // the one taken were false.
            use crate::flow::catalogue::control::prop as control;
            let (list, value) = if a.spec().facts.varies == Varies::SwitchCases {
                (control::SWITCH_CASES, control::CASE_VALUE)
            } else {
                (control::UNTIL_CASES, control::UNTIL_VALUE)
            };
            let taken = usize::from(output);
            for (i, case) in a.get(list).list().iter().enumerate() {
                if taken != 0 && i + 1 >= taken {
                    break;
                }
                if let Some(e) = Prop::field(case, value).expr() {
                    let _ = write!(out, "\n  case {} `{e}` was false", i + 1);
                }
            }
        }
        _ => {}
    }
}

/// A line diff, `-` expected and `+` actual.
pub fn diff(expected: &str, actual: &str) -> String {
    let d = similar::TextDiff::from_lines(expected, actual);
    let mut out = String::from("--- expected\n+++ actual\n");
    for change in d.iter_all_changes() {
        let sign = match change.tag() {
            similar::ChangeTag::Delete => '-',
            similar::ChangeTag::Insert => '+',
            similar::ChangeTag::Equal => ' ',
        };
        let _ = write!(out, "{sign}{}", change.value());
        if !change.value().ends_with('\n') {
            out.push('\n');
        }
    }
    out.trim_end().to_owned()
}

/// The run's conversation as lines: `bot: text`, `customer: text`, `customer: [intent X]`,
/// `customer: [knowledge ANSWER]`, `event: noInput`, each customer line with the intent the
/// NLU found.
fn transcript_lines(r: &RunResult<'_>) -> Vec<(bool, String, Option<String>)> {
    let mut out = Vec::new();
    let mut next = 0usize;
    let bot = |p: &crate::engine::result::Prompt| (true, p.text.to_string(), None);
    for t in &r.arch.transcript {
        while next < (t.at as usize).min(r.prompts.len()) {
            out.push(bot(&r.prompts[next]));
            next += 1;
        }
        let text = match t.kind {
            "intent" | "knowledge" => format!("[{} {}]", t.kind, t.text),
            "noInput" | "noMatch" => format!("[{}]", t.kind),
            _ => t.text.to_string(),
        };
        out.push((false, text, t.intent.as_ref().map(ToString::to_string)));
    }
    out.extend(r.prompts[next.min(r.prompts.len())..].iter().map(bot));
    out
}

/// A scenario's `conversation` against the run's transcript: the same lines in the same
/// order, bot lines matching, customer turns classified as the line says.
pub fn check_conversation(lines: &[super::scenario::Line], r: &RunResult<'_>) -> Vec<Mismatch> {
    use super::scenario::{BotLine, Customer, Event};
    if lines.is_empty() {
        return Vec::new();
    }
    let actual = transcript_lines(r);
    let mut out = Vec::new();
    let render = |(bot, text, _): &(bool, String, Option<String>)| {
        format!("{}: {text}", if *bot { "bot" } else { "customer" })
    };
    let mut expected_text = String::new();
    let mut ok = lines.len() == actual.len();
    for (i, line) in lines.iter().enumerate() {
        let got = actual.get(i);
        let (want, matches) = match (&line.bot, &line.customer, line.event) {
            (Some(BotLine::Exactly(t)), ..) => {
                (format!("bot: {t}"), got.is_some_and(|g| g.0 && g.1 == *t))
            }
            (Some(BotLine::Contains { contains }), ..) => (
                format!("bot: …{contains}…"),
                got.is_some_and(|g| g.0 && g.1.contains(contains.as_str())),
            ),
            (None, Some(Customer::Text(t)), _) => {
                (format!("customer: {t}"), got.is_some_and(|g| !g.0 && g.1 == *t))
            }
            (None, Some(Customer::Entry(e)), _) => {
                let shown = match e {
                    crate::engine::InputEntry::Intent { intent, .. } => {
                        format!("[intent {intent}]")
                    }
                    crate::engine::InputEntry::Knowledge { knowledge } => {
                        format!("[knowledge {knowledge}]")
                    }
                    crate::engine::InputEntry::Turn { text, .. } => text.clone(),
                    crate::engine::InputEntry::Delayed { digits, .. } => digits.clone(),
                    crate::engine::InputEntry::Text(t) => t.clone(),
                };
                (format!("customer: {shown}"), got.is_some_and(|g| !g.0 && g.1 == shown))
            }
            (None, None, Some(ev)) => {
                let shown = if ev == Event::NoInput { "[noInput]" } else { "[noMatch]" };
                (format!("customer: {shown}"), got.is_some_and(|g| !g.0 && g.1 == shown))
            }
            _ => (String::new(), false),
        };
        ok &= matches;
        let _ = writeln!(expected_text, "{want}");
        if let (Some(want_intent), Some(g)) = (&line.intent, got) {
            if matches && g.2.as_deref() != Some(want_intent.as_str()) {
                out.push(Mismatch::new(
                    "conversation",
                    format!(
                        "line {}: expected `{}` to be classified as intent `{want_intent}`, got {}",
                        i + 1,
                        g.1,
                        g.2.as_deref().map_or("no intent".into(), |x| format!("`{x}`"))
                    ),
                ));
            }
        }
    }
    if !ok {
        let actual_text: String = actual.iter().map(|l| render(l) + "\n").collect();
        let mut m = Mismatch::new(
            "conversation",
            "the conversation went differently (- expected, + actual)".into(),
        );
        m.detail = diff(&expected_text, &actual_text);
        out.insert(0, m);
    }
    out
}
