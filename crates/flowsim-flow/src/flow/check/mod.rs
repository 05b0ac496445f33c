//! Static checks over loaded flows, one file per family; every diagnostic has a
//! [`Code`](crate::diag::Code).
//!
//! Two entry points, and no caller lists the families:
//! - [`on_load`]: what every load runs (`Registry::load_paths`, so `check`, `run`, `test`,
//!   `check --watch` and `serve` alike) over the flows as read, before their variables are
//!   bound. Its errors keep the registry from running, except the codes a run handles itself
//!   (`Registry`'s `RUNNABLE_CODES`). [`on_load_reusing`] is the same, given what the families
//!   that read one flow alone found before for the flows that did not change (a load through
//!   a `registry::LoadCache`: the language server's re-check after an edit).
//! - [`run`]: what needs more than the flows (fixtures, an org manifest), run by `check` over a
//!   registry that loaded.
//!
//! The families:
//! - [`registry`]: two flows with one name or id, calls of flows the registry lacks, Exit and
//!   Next Loop outside a loop, action names past Architect's limit;
//! - [`reach`]: actions no path reaches, one warning per unreached piece, none for a piece an
//!   error already reported leaves unreached;
//! - [`names`]: names a flow reads that cannot be right (outputs, built-ins, variables);
//! - [`compare`]: Architect's checker over every expression of an Archy flow or export;
//! - [`values`]: literal property values Architect's designer does not allow;
//! - [`survey`]: Ask Survey Question's question against the voice survey flow's form;
//! - [`secure`]: secure variables read where Architect refuses them, declared in a flow type
//!   without them, or written by Extract Secure Data; secured data in a Set Screen Pop;
//! - [`offline`]: what a run could not run (a function flowsim cannot run offline), reported
//!   before a run reaches it;
//! - [`services`]: services the flows call that no fixture mocks (`check --fixtures`);
//! - [`org`]: references the target org lacks (`check --org`).
//!
//! Every diagnostic about an Architect action or one of its expressions is placed in the file
//! by [`place`] (line, column, caret), whichever family finds it.
//!
//! The seeds' JSON flows are also checked as they are read (`flow::json`: node links, and
//! expression types through [`types`]); scenario files are checked against the flows and
//! fixtures when a suite loads (`harness::lint`).

pub mod compare;
pub mod names;
pub mod offline;
pub mod org;
mod place;
pub use place::Texts;
mod reach;
pub mod registry;
pub mod secure;
pub mod services;
pub mod survey;
pub mod types;
pub mod values;

use crate::diag::Diagnostic;
use crate::fixtures::FixtureStore;
use crate::flow::json::CallRef;
use crate::flow::org::Manifest;
use crate::flow::{Flow, Registry};
use place::Places;
use std::path::PathBuf;

/// What [`run`] checks besides the flows themselves.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckOptions<'a> {
    /// `--fixtures`: services the flows call that these fixtures do not mock.
    pub fixtures: Option<&'a FixtureStore>,
    /// `--org`: references to what this org lacks.
    pub org: Option<&'a Manifest>,
    /// Texts that replace the flow files at these paths (an editor's unsaved buffers): where
    /// the findings are placed, as the load read the flows from them.
    pub overlay: Option<&'a std::collections::BTreeMap<PathBuf, String>>,
}

/// The checks every load runs, in order, over the flows `reg` holds (not yet bound) and the
/// constant callees `calls` of every JSON file, loaded or not.
/// `texts` are the texts the flows were read from: the findings are placed in them.
pub fn on_load(
    reg: &Registry,
    calls: &[(PathBuf, CallRef)],
    texts: place::Texts<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    on_load_reusing(reg, calls, texts, &[], false, diags);
}

/// One flow's findings of the families that read that flow alone (the steps of [`ONE_FLOW`]),
/// as [`on_load_reusing`] gives them: the same for the same flow whatever flows are beside it.
#[derive(Debug, Clone, Default)]
pub struct FlowFindings(Vec<Vec<Diagnostic>>);

/// A step of [`on_load`]: a family over every flow.
type Step = fn(&[Flow], &Places<'_>, &mut Vec<Diagnostic>);

/// The families, in [`on_load`]'s order after the registry's, that read each flow alone: over
/// several flows, each gives the concatenation of what it gives over each flow by itself, and
/// reads no finding it did not make for that flow.
const ONE_FLOW: [Step; 7] = [
    names::branches,
    names::architect,
    compare::check,
    values::check,
    survey::check,
    offline::check,
    secure::check,
];

/// [`on_load`], with the findings of the families that read one flow alone taken from
/// `reuse[i]` for flow `i` where it is `Some` (what this returned before for the same flow:
/// its file's same text, read with the same options), run where it is `None` or missing.
/// Everything that reads more than one flow (the registry's families, reachability, the
/// conversation's names) runs over every flow. `diags` is what [`on_load`] gives, in its
/// order; the answer, when `keep`, is each flow's findings of those families, `None` for a
/// flow whose findings were reused (empty when not `keep`).
///
/// Invariant: the findings are [`on_load`]'s exactly, whatever is reused, as long as each
/// reused entry was made for the same flow.
pub fn on_load_reusing(
    reg: &Registry,
    calls: &[(PathBuf, CallRef)],
    texts: place::Texts<'_>,
    reuse: &[Option<&FlowFindings>],
    keep: bool,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Option<FlowFindings>> {
    let places = place::Places::new(reg.flows(), texts);
    registry::flow_calls(reg, &places, diags);
    registry::modules_in_modules(reg, &places, diags);
    registry::not_in_flow_type(reg, &places, diags);
    registry::workitem_transfer_fields(reg, &places, diags);
    registry::digital_error_handling(reg, &places, diags);
    registry::intent_limit(reg, &places, diags);
    registry::outbound_settings(reg, &places, diags);
    registry::references(reg, calls, diags);
    reach::reachability(reg, &places, diags);
    registry::loop_controls(reg, &places, diags);
    registry::action_names(reg, &places, diags);
    registry::flow_names(reg, diags);
    let flows = reg.flows();
    let reused = |i: usize| reuse.get(i).copied().flatten().filter(|f| f.0.len() == ONE_FLOW.len());
    // Each flow's findings, step by step: reused, or found over that flow alone.
    let mut found: Vec<Option<FlowFindings>> = if keep {
        (0..flows.len()).map(|i| reused(i).is_none().then(FlowFindings::default)).collect()
    } else {
        Vec::new()
    };
    let mut step_of = |step: usize, diags: &mut Vec<Diagnostic>| {
        for (i, flow) in flows.iter().enumerate() {
            if let Some(old) = reused(i) {
                diags.extend_from_slice(&old.0[step]);
                continue;
            }
            let start = diags.len();
            ONE_FLOW[step](std::slice::from_ref(flow), &places, diags);
            if let Some(Some(mine)) = found.get_mut(i) {
                mine.0.push(diags[start..].to_vec());
            }
        }
    };
    step_of(0, diags);
    step_of(1, diags);
    names::conversation(flows, diags);
    for step in 2..ONE_FLOW.len() {
        step_of(step, diags);
    }
    found
}

/// The checks `options` asks for, over a registry that loaded: the fixtures' first, then the
/// org's.
pub fn run(reg: &Registry, options: &CheckOptions<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let texts = options.overlay.map(place::Texts::of_overlay).unwrap_or_default();
    let places = place::Places::new(reg.flows(), texts);
    if let Some(fixtures) = options.fixtures {
        out.extend(services::unmocked(reg, fixtures, &places));
        out.extend(services::unmocked_data_actions(reg, fixtures, &places));
        out.extend(org::unstocked(reg, fixtures, &places));
        out.extend(crate::flow::stubs::diagnostics(reg, fixtures));
    }
    if let Some(manifest) = options.org {
        out.extend(org::check(reg, manifest, options.fixtures, &places));
    }
    out
}
