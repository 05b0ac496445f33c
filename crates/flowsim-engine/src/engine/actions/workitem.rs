//! Workitem flows (Genesys Work Automation, docs/architect.md §3.2 and §3.3): the run's
//! workitem, which the flow reads as `Workitem.Workitem`, changed by Update Workitem, left by
//! its agent (Disconnect Workitem) or ended (Terminate Workitem). The result's `workitem` is
//! the workitem as the run left it; every change is a write in the trace.

use super::super::cx::Sets;
use super::super::did::Did;
use crate::engine::result::Name;
use crate::expr::value::Object;
use crate::expr::Value;
use crate::flow::action::{Action, Prop};
use crate::flow::catalogue::data::{out, prop};
use crate::flow::catalogue::routing::out as routing_out;
use crate::flow::catalogue::routing::prop as routing;
use crate::flow::catalogue::OutputId;
use crate::flow::NodeIdx;
use crate::kind::ErrorKind;
use std::sync::Arc;

/// The built-in that holds the workitem.
pub(in crate::engine) const WORKITEM: &str = "Workitem.Workitem";

/// Assignment states in which an agent works on the workitem: Genesys says Update Workitem
/// cannot then change the assignee or queue before a Disconnect Workitem.
const ACTIVE: [&str; 3] = ["connected", "held", "parked"];

impl<'r> Sets<'_, 'r, '_> {
    /// Update Workitem: each statement sets one attribute, named as the flow reads it
    /// (`Workitem.Workitem.priority`, `Workitem.Workitem.customFields.region_text`), with
    /// Update Data's typed conversions. A statement that fails keeps the ones before it.
    pub(super) fn update_workitem(&mut self, n: NodeIdx, a: &'r Action) -> Did {
        if self.talk.arch.workitem.is_none() {
            return self.no_workitem(n, a, out::FAILURE);
        }
        for statement in a.get(prop::STATEMENTS).list() {
            let Prop::Var(var) = Prop::field(statement, prop::STATEMENT_VARIABLE) else { continue };
            let ty = Prop::field(statement, prop::STATEMENT_TYPE);
            let value = Prop::field(statement, prop::STATEMENT_VALUE);
            let Some(path) = attribute(&var.name) else {
                return Did::fail(
                    ErrorKind::TypeMismatch,
                    format!(
                        "`{}` is not an attribute of the workitem: Update Workitem sets `{WORKITEM}.<attribute>`",
                        var.name
                    ),
                );
            };
            let ty = ty.text().map_or("", |t| &**t);
            let value = match self.eval().value_of(n, value) {
                Ok(v) => super::super::arch::coerce(ty, v),
                Err(did) => return did,
            };
            let item = self.talk.arch.workitem.as_ref().map_or(Value::NotSet, Clone::clone);
            if moves_agent(&path) && agent_active(&item) {
                self.eval().note_error(
                    ErrorKind::WorkitemConnected,
                    format!(
                        "`{}` changes the workitem's assignee or queue while an agent works on it (assignmentState {}): disconnect the workitem first (Disconnect Workitem)",
                        var.name,
                        item.member("assignmentState").display()
                    ),
                );
                return super::out(a, out::FAILURE);
            }
            self.set_attribute(&path, value.clone());
            self.step.rec.wrote(Name::Borrowed(&var.name), value);
        }
        super::out(a, out::SUCCESS)
    }

    /// Disconnect Workitem (`how` = `disconnected`) and Terminate Workitem (`terminated`): the
    /// agent's assignment ends, `assignmentState` becoming Genesys's routing state for each
    /// (`Disconnected`: "An agent disconnected from the workitem"; `Terminated`: "Workitem
    /// requires no further action"), and the result's `settings.workitem` says which; the
    /// flow goes on along `success`.
    pub(super) fn end_assignment(&mut self, n: NodeIdx, a: &Action, how: &'static str) -> Did {
        if self.talk.arch.workitem.is_none() {
            return self.no_workitem(n, a, routing_out::WORKITEM_FAILURE);
        }
        let state = Value::str(if how == "terminated" { "Terminated" } else { "Disconnected" });
        self.set_attribute(&["assignmentState".into()], state.clone());
        self.step.rec.wrote(Name::from(format!("{WORKITEM}.assignmentState")), state);
        self.talk.arch.settings.retain(|(k, _)| *k != "workitem");
        self.talk.arch.settings.push(("workitem", Value::str(how)));
        super::out(a, routing_out::WORKITEM_SUCCESS)
    }

    /// A workitem action in a run without a workitem: `failure`, the step noting why, and
    /// the action's `failureOutputs` (Disconnect and Terminate Workitem) get the error.
    fn no_workitem(&mut self, n: NodeIdx, a: &Action, failure: OutputId) -> Did {
        let kind = ErrorKind::WorkitemNotFound;
        let message = format!(
            "`{}` needs the run's workitem: give the request (or scenario) a `workitem`",
            a.spec().key
        );
        if a.has(routing::WORKITEM_FAILURE) {
            let (k, m) = (Value::str(kind.as_str()), Value::str(&message));
            self.eval().bind_outputs(n, a.get(routing::WORKITEM_FAILURE), |name| match name {
                "errorType" => k.clone(),
                "errorMessage" => m.clone(),
                _ => Value::NotSet,
            });
        }
        self.eval().note_error(kind, message);
        super::out(a, failure)
    }

    /// A workitem flow's transfer reassigns the workitem ("Reassign the workitem by
    /// transferring it to a different queue or agent", Work with workitem flows): a Transfer
    /// to ACD sets its `queueId` to the queue's, a Transfer to User its `assigneeId` to the
    /// user's (in the fixtures): the result's `workitem` shows it. Other runs have no workitem.
    pub(in crate::engine) fn reassign_workitem(&mut self, route: &crate::engine::result::Route) {
        if self.talk.arch.workitem.is_none() {
            return;
        }
        let (attribute, id) = match route.kind {
            "acd" if !route.queue_id.is_empty() => ("queueId", route.queue_id.clone()),
            "user" => match self.run.fixtures.user(&route.target) {
                Some(user) => ("assigneeId", user.id.clone()),
                None => return,
            },
            _ => return,
        };
        self.set_attribute(&[Arc::from(attribute)], Value::Str(id));
    }

    /// Sets one attribute of the run's workitem (members created as needed), and the
    /// `Workitem.Workitem` the flow reads.
    fn set_attribute(&mut self, path: &[Arc<str>], value: Value) {
        let item = self.talk.arch.workitem.take().unwrap_or(Value::NotSet);
        let item = set_member(item, path, value);
        self.flowing.vars.set(&WORKITEM.to_ascii_lowercase(), &Arc::from(WORKITEM), item.clone());
        self.talk.arch.workitem = Some(item);
    }
}

/// The attribute a statement's variable names: the members after `Workitem.Workitem`.
fn attribute(name: &str) -> Option<Vec<Arc<str>>> {
    let head = name.get(..WORKITEM.len())?;
    let rest = name.get(WORKITEM.len()..)?.strip_prefix('.')?;
    if !head.eq_ignore_ascii_case(WORKITEM) || rest.split('.').any(str::is_empty) {
        return None;
    }
    Some(rest.split('.').map(Arc::from).collect())
}

/// Whether an attribute is the workitem's assignee or queue.
fn moves_agent(path: &[Arc<str>]) -> bool {
    path.first().is_some_and(|f| {
        ["assignee", "assigneeId", "queue", "queueId"].iter().any(|a| a.eq_ignore_ascii_case(f))
    })
}

fn agent_active(item: &Value) -> bool {
    let state = item.member("assignmentState").display();
    ACTIVE.iter().any(|a| a.eq_ignore_ascii_case(&state))
}

/// `value` at `path` inside `base` (an object; anything else starts an empty one), the
/// member's existing spelling kept when it differs only in case.
fn set_member(base: Value, path: &[Arc<str>], value: Value) -> Value {
    let Some((first, rest)) = path.split_first() else { return value };
    let mut obj: Object = match base {
        Value::Object(o) => Arc::unwrap_or_clone(o),
        _ => Object::new(),
    };
    let key = obj.keys().find(|k| k.eq_ignore_ascii_case(first)).cloned();
    let key = key.unwrap_or_else(|| first.clone());
    let inner = obj.get(&key).cloned().unwrap_or(Value::NotSet);
    obj.insert(key, set_member(inner, rest, value));
    Value::Object(Arc::new(obj))
}
