//! A recorded execution made ready for the debugger (`flowsim dap`'s `execution` launch,
//! docs/debug.md): the file read as `flowsim replay` reads it (documents as a stream, else a
//! cassette), one recording of it picked, replayed by the function `replay` replays it with
//! ([`super::replay_kept`]: the same flow lookup, rebuilt request and recorded answers as
//! fixtures, the same report), and its recorded actions paired with the local run's steps, so
//! that a debugger can stop on a recorded event (an action, the place the runs part) and show
//! what the recording had beside what the local run has.
//!
//! The pairing is the replay's alignment (`align`): the i-th recorded action that aligns is
//! the i-th local action, up to where the runs part. A cassette's recorded simulation (`flowsim
//! record --request`'s) is replayed by `replay_interaction`, its request read as replay reads it,
//! and its recorded trace's steps pair with the local steps by place, up to the first that
//! differs.

use super::align::{self, Parting};
use super::doc::{self, RecordedAction};
use crate::api::cassette::Cassette;
use crate::api::replay::{InteractionReport, ReplayConfig};
use crate::engine::RunRequest;
use crate::fixtures::FixtureStore;
use crate::flow::Registry;
use serde_json::Value;
use std::borrow::Cow;
use std::path::Path;

/// The most recordings an error lists when the file holds several.
const LISTED: usize = 10;

/// One recording, ready to run step by step.
pub struct Recording<'f> {
    /// `#3 conv-1`: its place in the file and its name, as `flowsim replay` prints them.
    pub title: String,
    /// What `flowsim replay` reports for it (outcome, divergence, caveats).
    pub report: InteractionReport,
    /// The rebuilt request (caller, start time, inputs, input variables).
    pub request: RunRequest,
    /// The fixtures, the recording's answers over them.
    pub fixtures: Cow<'f, FixtureStore>,
    /// The recorded actions that align (loop starts and actions of flows not given left out),
    /// in order, each with the local step it pairs with.
    pub actions: Vec<Paired>,
    /// The local step (its index in the trace: the steps taken before it) where the run parts
    /// from the recording; `None` when it does not, or only at its end.
    pub parts_at: Option<usize>,
    /// The variables the recording started with (`startedFlow`): `Call.Ani`, inputs.
    pub start: Vec<(String, Value)>,
}

/// A recorded action and the local step it pairs with.
pub struct Paired {
    /// `Acme Main IVR › Main Menu [actionMenu]`.
    pub label: String,
    /// Its name, its task or state, its event key (`actionCallData`): what a breakpoint on a
    /// recorded action names.
    pub name: String,
    pub container: Option<String>,
    pub kind: String,
    /// The output it left by (`__SUCCESS__`, `Support`).
    pub output: String,
    /// The variables it wrote, as recorded.
    pub writes: Vec<(String, Value)>,
    /// The local step it pairs with (its index in the trace); `None` past where the runs part.
    pub step: Option<usize>,
}

impl Paired {
    fn of(a: &RecordedAction, step: Option<usize>) -> Paired {
        Paired {
            label: a.label(),
            name: a.name.to_string(),
            container: a.container.as_deref().map(str::to_owned),
            kind: a.kind.to_string(),
            output: align::recorded_output(a),
            writes: a.writes(),
            step,
        }
    }

    /// Whether `what` names it: its name, `Task/Name`, or its event key (`actionCallData`),
    /// case and spaces around `/` aside.
    pub fn answers_to(&self, what: &str) -> bool {
        let what = what.trim();
        if what.eq_ignore_ascii_case(&self.name) || what.eq_ignore_ascii_case(&self.kind) {
            return true;
        }
        match (what.split_once('/'), &self.container) {
            (Some((c, n)), Some(container)) => {
                c.trim().eq_ignore_ascii_case(container)
                    && n.trim().eq_ignore_ascii_case(&self.name)
            }
            _ => false,
        }
    }
}

/// One item of the file: a document, a cassette's interaction that holds one, or a cassette's
/// recorded simulation (`POST /api/v2/architect/simulations`).
enum Item {
    Document(Value),
    Interaction(Box<crate::api::cassette::Interaction>),
    Simulation(Box<crate::api::cassette::Interaction>),
}

/// The recording `pick` names in the file at `path` (`#N` as `flowsim replay` numbers them,
/// or its name: a conversation or execution id, an interaction's name), replayed with `config`
/// against `registry` and `fixtures`; with no `pick`, the file's one recording.
///
/// # Errors
/// A sentence saying what is wrong and what to do: a file that cannot be read or is neither
/// execution data nor a cassette, no recording `pick` names (the ones it has), several and no
/// `pick`, a recording whose flow is not among the flows or whose run is refused.
pub fn recording<'f>(
    path: &Path,
    pick: Option<&str>,
    registry: &Registry,
    fixtures: &'f FixtureStore,
    config: &ReplayConfig,
) -> Result<Recording<'f>, String> {
    let wanted = pick.map(str::trim).filter(|p| !p.is_empty());
    let number = wanted.and_then(|p| p.strip_prefix('#')).map(|n| n.trim().parse::<usize>());
    if let Some(Err(_)) = number {
        return Err(format!(
            "`{}` is not a recording's number: write `#N` as `flowsim replay` prints it (`#1`), or its name",
            wanted.unwrap_or_default()
        ));
    }
    let number = number.and_then(Result::ok);
    let matches = |index: usize, name: &str| match number {
        Some(n) => n == index,
        None => wanted.is_none_or(|w| w == name),
    };
    // Every recording's `#N name`, and the one picked.
    let mut seen: Vec<String> = Vec::new();
    let mut count = 0;
    let mut found: Option<(usize, String, Item)> = None;
    let streamed = super::stream::each_document(path, &mut |index, document| {
        count += 1;
        let name = doc::parse(&super::mapped(&document, config))
            .map(|d| d.name().to_owned())
            .unwrap_or_default();
        if seen.len() < LISTED {
            seen.push(format!("#{index} {name}"));
        }
        if found.is_none() && matches(index, &name) {
            found = Some((index, name, Item::Document(document)));
        }
    });
    match streamed {
        Ok(_) => {}
        Err(super::stream::StreamError::NotDocuments) => {
            let cassette = Cassette::load(path).map_err(|e| {
                let at = match (e.line, e.column) {
                    (Some(l), Some(c)) => format!(":{l}:{c}"),
                    (Some(l), None) => format!(":{l}"),
                    _ => String::new(),
                };
                format!("{}{at}: {} ({})", e.file.display(), e.message, e.help)
            })?;
            for (i, interaction) in cassette.interactions.into_iter().enumerate() {
                // Only recordings of runs: a cassette also keeps the exchanges that fetched
                // executions (flow configurations, download jobs), which replay skips.
                let is_document = doc::is_document(&interaction.response.body);
                if !is_document && !interaction.request.is_simulation() {
                    continue;
                }
                let index = i + 1;
                let name = interaction.name.clone().unwrap_or_else(|| {
                    doc::parse(&super::mapped(&interaction.response.body, config))
                        .map(|d| d.name().to_owned())
                        .unwrap_or_default()
                });
                count += 1;
                if seen.len() < LISTED {
                    seen.push(format!("#{index} {name}"));
                }
                if found.is_none() && matches(index, &name) {
                    let interaction = Box::new(interaction);
                    let item = if is_document {
                        Item::Interaction(interaction)
                    } else {
                        Item::Simulation(interaction)
                    };
                    found = Some((index, name, item));
                }
            }
        }
        Err(e) => {
            let e = crate::api::replay::stream_error(path, &e);
            return Err(e.in_one_line());
        }
    }
    let listed = || {
        let more =
            if count > seen.len() { format!(", … ({count} in all)") } else { String::new() };
        format!("{}{more}", seen.join(", "))
    };
    if count == 0 {
        return Err(format!(
            "{} holds no recorded execution: give a file of execution data (`flowsim record --execution-data`) or a cassette of it",
            path.display()
        ));
    }
    if wanted.is_none() && count > 1 {
        return Err(format!(
            "{} holds {count} recorded executions: name one with `recording` (`#N` or its name): {}",
            path.display(),
            listed()
        ));
    }
    let Some((index, name, item)) = found else {
        return Err(format!(
            "{} has no recording `{}`: it has {}",
            path.display(),
            wanted.unwrap_or_default(),
            listed()
        ));
    };
    let (document, interaction_name, note) = match item {
        Item::Document(d) => (d, None, None),
        Item::Interaction(i) => {
            let i = *i;
            (i.response.body, i.name, i.note)
        }
        Item::Simulation(i) => {
            return simulation(path, index, &name, &i, registry, fixtures, config);
        }
    };
    let parsed = doc::parse(&super::mapped(&document, config))
        .map_err(|e| format!("{} #{index}: not flow execution data: {e}", path.display()))?;
    let mut used = vec![false; config.known_gaps.len()];
    let mut kept = None;
    let mut report = super::replay_kept(
        path,
        index,
        Cow::Borrowed(&document),
        registry,
        fixtures,
        config,
        &mut used,
        &mut kept,
    );
    if note.is_some() {
        report.note = note;
    }
    if report.name.is_none() {
        report.name = interaction_name;
    }
    let Some(kept) = kept else {
        return Err(format!(
            "{} #{index} {name}: {}",
            path.display(),
            report.message.clone().unwrap_or_else(|| "the recording cannot be replayed".into())
        ));
    };
    let (recorded, _) = super::of_known_flows(align::recorded_actions(&parsed.actions), registry);
    let local = align::local_actions(&kept.result);
    let (parting, _) = align::part(&recorded, &local);
    let parts = match parting {
        Parting::Output(i) | Parting::Action(i) => Some(i),
        Parting::RecordingEnded(i) if !parsed.truncated => Some(i),
        _ => None,
    };
    let actions = recorded
        .iter()
        .enumerate()
        .map(|(i, a)| {
            // Paired up to where the runs part; at an output that differs, the action is
            // still the same one.
            let same = parts.is_none_or(|p| i < p || (i == p && parting == Parting::Output(p)));
            Paired::of(a, local.get(i).filter(|_| same).map(|l| l.step))
        })
        .collect();
    Ok(Recording {
        title: format!("#{index} {name}").trim_end().to_owned(),
        report,
        request: kept.rebuilt.request,
        fixtures: kept.rebuilt.fixtures,
        actions,
        parts_at: parts.and_then(|i| local.get(i)).map(|l| l.step),
        start: parsed.variables,
    })
}

/// A recorded simulation (`flowsim record --request`'s): its request as `replay` reads it, its
/// report from `replay_interaction`, and the recorded trace's steps paired with the local run's
/// by their place, up to the first step that differs.
fn simulation<'f>(
    path: &Path,
    index: usize,
    name: &str,
    interaction: &crate::api::cassette::Interaction,
    registry: &Registry,
    fixtures: &'f FixtureStore,
    config: &ReplayConfig,
) -> Result<Recording<'f>, String> {
    use crate::api::replay::{self, Outcome};
    let at = || format!("{} #{index} {name}", path.display()).trim_end().to_owned();
    let (body, recorded) = replay::simulation_in_local_terms(interaction, config);
    let request = replay::run_request_of(body).map_err(|m| format!("{}: {m}", at()))?;
    let mut used = vec![false; config.known_gaps.len()];
    let report =
        replay::replay_interaction(path, index, interaction, registry, fixtures, config, &mut used);
    if report.outcome == Outcome::Invalid {
        let why = report.message.clone().unwrap_or_default();
        return Err(format!("{}: {why}", at()));
    }
    let trace = recorded
        .get("body")
        .and_then(|b| b.get("trace"))
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    // The first step that differs (1-based in the report), and whether it is the same node
    // with another outcome (still paired) or another node.
    let parts = report.divergence.as_ref().map(|d| d.step.saturating_sub(1));
    let same_node = report.divergence.as_ref().is_some_and(|d| d.recorded == d.local);
    let text = |step: &Value, key: &str| step.get(key).and_then(Value::as_str).map(str::to_owned);
    let actions = trace
        .iter()
        .enumerate()
        .map(|(i, step)| Paired {
            label: replay::step_label(step),
            name: text(step, "nodeName").or_else(|| text(step, "nodeId")).unwrap_or_default(),
            container: None,
            kind: text(step, "nodeType").unwrap_or_default(),
            output: text(step, "edge").unwrap_or_default(),
            writes: step
                .get("result")
                .and_then(|r| r.get("variables"))
                .and_then(Value::as_object)
                .map(|vars| vars.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default(),
            step: parts.is_none_or(|p| i < p || (i == p && same_node)).then_some(i),
        })
        .collect();
    let start = request.variables.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    Ok(Recording {
        title: format!("#{index} {name}").trim_end().to_owned(),
        report,
        request,
        fixtures: Cow::Borrowed(fixtures),
        actions,
        parts_at: parts,
        start,
    })
}
