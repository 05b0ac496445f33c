//! External services the flows call (third-party bots, guides, audio connectors, knowledge
//! bases, journey lookups) against the fixtures' `services` mocks: `flowsim check --fixtures`
//! warns about a service no fixture mocks (a run that reaches it stops with
//! `unmockedService`); scenario lint (`harness::lint`) refuses a mock of a service no flow
//! calls, from the same [`calls`]. Likewise a data action no fixture mocks at all
//! ([`data_action_calls`], [`unmocked_data_actions`]): a run that calls it takes its failure
//! output with `unmockedDataAction`, which fails a scenario that does not expect the miss.

use crate::diag::Diagnostic;
use crate::fixtures::FixtureStore;
use crate::flow::catalogue::bots::prop::SERVICE;
use crate::flow::catalogue::{Service, Varies};
use crate::flow::Registry;
use crate::util::fold_case;

/// One call of an external service: the flow, the node, the action's key, the service's name
/// as the fixtures key its mock.
pub struct ServiceCall<'r> {
    pub flow: &'r crate::flow::Flow,
    pub node: &'r str,
    /// The node itself, for its place in the file.
    pub at: &'r crate::flow::model::Node,
    pub action: &'static str,
    pub service: &'r str,
}

/// Every action of the registry that calls an external service, in flow and node order.
pub fn calls(reg: &Registry) -> Vec<ServiceCall<'_>> {
    let mut out = Vec::new();
    for flow in reg.flows() {
        for graph in std::iter::once(&flow.draft).chain(&flow.published) {
            for node in &graph.nodes {
                let a = &node.action;
                let spec = a.spec();
                // The service's mock is what `explore` varies for it.
                let Varies::Service(kind) = spec.facts.varies else { continue };
                let service: &str = match kind {
                    Service::Journey => spec.key,
                    _ => match a.get(SERVICE).text() {
                        Some(t) => t,
                        None => continue,
                    },
                };
                out.push(ServiceCall { flow, node: &node.id, at: node, action: spec.key, service });
            }
        }
    }
    out
}

/// `unmockedService` warnings: each service some flow calls that `fixtures` has no mock for,
/// once per flow and service.
pub(crate) fn unmocked(
    reg: &Registry,
    fixtures: &FixtureStore,
    places: &super::place::Places<'_>,
) -> Vec<Diagnostic> {
    let mocked: Vec<String> = fixtures.service_names().map(|n| fold_case(n).into_owned()).collect();
    let mut seen = rustc_hash::FxHashSet::default();
    let mut out = Vec::new();
    for call in calls(reg) {
        let key = fold_case(call.service).into_owned();
        if mocked.contains(&key) || !seen.insert((call.flow.name.clone(), key)) {
            continue;
        }
        let d = Diagnostic::warning(
            crate::diag::Code::UnmockedService,
            format!(
                "`{}` calls `{}`, which no fixture file mocks: a run that reaches it stops \
                     with `unmockedService`",
                call.action, call.service
            ),
        )
        .file(&call.flow.file)
        .flow(&*call.flow.name)
        .node(call.node)
        .help(format!(
            "add its responses to a fixture file: `services: {{{:?}: [...]}}` \
                 (`flowsim docs fixtures`)",
            call.service
        ));
        out.push(places.node(call.flow, d, call.at));
    }
    out
}

/// One call of a data action: the flow, the node, the action's name as the fixtures key its
/// mock.
pub struct DataActionCall<'r> {
    pub flow: &'r crate::flow::Flow,
    pub node: &'r crate::flow::model::Node,
    pub action: &'r str,
}

/// Every node of the registry that calls a data action (Call Data Action, JSON `DataAction`
/// nodes), in flow and node order.
pub fn data_action_calls(reg: &Registry) -> Vec<DataActionCall<'_>> {
    let mut out = Vec::new();
    for flow in reg.flows() {
        for graph in std::iter::once(&flow.draft).chain(&flow.published) {
            for node in &graph.nodes {
                let a = &node.action;
                let name = match a.spec().facts.data_action {
                    Some(name) => a.named(name).text(),
                    None if a.has(crate::flow::catalogue::data::prop::DATA_ACTION) => {
                        a.get(crate::flow::catalogue::data::prop::DATA_ACTION).text()
                    }
                    _ => None,
                };
                if let Some(action) = name {
                    out.push(DataActionCall { flow, node, action });
                }
            }
        }
    }
    out
}

/// `unmockedDataAction` warnings: each data action some flow calls that `fixtures` has no
/// mock of at all, once per flow and action.
pub(crate) fn unmocked_data_actions(
    reg: &Registry,
    fixtures: &FixtureStore,
    places: &super::place::Places<'_>,
) -> Vec<Diagnostic> {
    let mocked: Vec<String> =
        fixtures.data_action_names().map(|n| fold_case(n).into_owned()).collect();
    let mut seen = rustc_hash::FxHashSet::default();
    let mut out = Vec::new();
    for call in data_action_calls(reg) {
        let key = fold_case(call.action).into_owned();
        if mocked.contains(&key) || !seen.insert((call.flow.name.clone(), key)) {
            continue;
        }
        let d = Diagnostic::warning(
            crate::diag::Code::Run(crate::kind::ErrorKind::UnmockedDataAction),
            format!(
                "data action `{}` has no mock in the fixtures: a call takes its failure output \
                 (`unmockedDataAction`), which fails a scenario that does not expect the miss",
                call.action
            ),
        )
        .file(&call.flow.file)
        .flow(&*call.flow.name)
        .node(&*call.node.id)
        .subject(call.action)
        .help(format!(
            "add its responses to a fixture file: `dataActions: {{{:?}: [{{outputs: {{}}}}]}}` \
             (`flowsim docs fixtures`)",
            call.action
        ));
        out.push(places.node(call.flow, d, call.node));
    }
    out
}
