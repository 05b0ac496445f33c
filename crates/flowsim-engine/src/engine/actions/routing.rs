//! Transfers and callbacks: a transfer that succeeds ends the flow with status `transferred`
//! and the route; one that cannot (its target is not in the fixtures) takes `failure`, and
//! the step keeps an error naming what is missing.

use super::super::cx::{Eval, Sets};
use super::super::did::Did;
use super::super::missing::{Miss, Sought};
use super::super::result::{Route, StepError};
use crate::expr::Value;
use crate::flow::action::{Action, Prop};
use crate::flow::catalogue::routing::out;
use crate::flow::catalogue::routing::prop::{self, Transfer};
use crate::flow::catalogue::PropId;
use crate::flow::registry::{Lookup, Want};
use crate::flow::NodeIdx;
use crate::kind::ErrorKind;
use std::sync::Arc;

/// What a target property names: a name or id, or an object a find action returned.
pub(super) fn key_of(v: &Value) -> Option<Arc<str>> {
    match v {
        Value::Str(s) if !s.is_empty() => Some(s.clone()),
        Value::Object(_) => match (v.member("id"), v.member("name")) {
            (Value::Str(id), _) => Some(id),
            (_, Value::Str(name)) => Some(name),
            _ => None,
        },
        Value::NotSet => None,
        other => Some(Arc::from(other.display())),
    }
}

/// The name a language skill property gives: a found skill's name, or the text written.
fn name_of(v: &Value) -> Option<Arc<str>> {
    match v {
        Value::Object(_) => match (v.member("name"), v.member("id")) {
            (Value::Str(name), _) if !name.is_empty() => Some(name),
            (_, Value::Str(id)) => Some(id),
            _ => None,
        },
        other => key_of(other),
    }
}

impl Eval<'_, '_, '_> {
    /// The key a target property gives.
    pub(super) fn target_key(&mut self, n: NodeIdx, p: &Prop) -> Result<Option<Arc<str>>, Did> {
        Ok(key_of(&self.value_of(n, p)?))
    }

    /// A queue route for a queue target, or why there is none.
    pub(in crate::engine) fn transfer_route_to_queue(
        &mut self,
        n: NodeIdx,
        p: &Prop,
    ) -> Result<Route, (ErrorKind, String)> {
        let key = match self.value_of(n, p) {
            Ok(v) => key_of(&v),
            Err(super::super::did::Did::Fail(failure)) => return Err(*failure),
            Err(_) => {
                return Err((ErrorKind::NotSet, "the target queue cannot be evaluated".into()))
            }
        };
        let Some(key) = key else {
            return Err((ErrorKind::QueueNotFound, "the target queue is NOT_SET".into()));
        };
        if let Some(q) = self.queue_by_key(&key) {
            Ok(Route {
                queue_id: q.id.clone(),
                queue_name: q.name.clone(),
                kind: "acd",
                target: q.name.clone(),
                language_skill: None,
            })
        } else {
            self.missed(n, Miss::new(Sought::Queue, &key), None);
            Err((ErrorKind::QueueNotFound, format!("no queue `{key}` in the fixtures")))
        }
    }

    /// A transfer's end: on success the pre-transfer audio plays and the flow ends; on failure
    /// the failure audio plays, `failureOutputs` get the error, and `failure` is taken (in a
    /// secure flow the call disconnects instead).
    fn transfer(
        &mut self,
        n: NodeIdx,
        a: &Action,
        ids: &Transfer,
        route: Result<Route, (ErrorKind, String)>,
    ) -> Did {
        // Transfer to ACD has communications (digital channels) besides its audio.
        let acd = a.has(prop::ACD_PRE_COMMUNICATION);
        match route {
            Ok(route) => {
                let comm = acd.then_some(prop::ACD_PRE_COMMUNICATION);
                // A queue's voicemail greets the caller after the pre-transfer audio.
                let greeting = (route.kind == "voicemail" && !route.queue_id.is_empty())
                    .then_some(prop::VOICEMAIL_GREETING)
                    .filter(|&id| a.has(id));
                for id in std::iter::once(ids.pre_audio).chain(comm).chain(greeting) {
                    if let Err(did) = self.play_prop(n, a, id) {
                        return did;
                    }
                }
                Did::Transfer(Box::new(route))
            }
            Err((kind, message)) => {
                let comm = acd.then_some(prop::ACD_FAILURE_COMMUNICATION);
                for id in std::iter::once(ids.failure_audio).chain(comm) {
                    if let Err(did) = self.play_prop(n, a, id) {
                        return did;
                    }
                }
                let outputs = a.get(ids.failure_outputs);
                let (k, m) = (Value::str(kind.as_str()), Value::str(&message));
                self.bind_outputs(n, outputs, |name| match name {
                    "errorType" => k.clone(),
                    "errorMessage" => m.clone(),
                    _ => Value::NotSet,
                });
                self.note_error(kind, message);
                if self.in_secure_flow() {
                    // "For transfer actions included in secure flows, Genesys Cloud overrides
                    // the defined failure path and disconnects the call."
                    return Did::Disconnect;
                }
                super::out(a, out::TRANSFER_FAILURE)
            }
        }
    }

    /// Whether the action runs in a secure call flow.
    fn in_secure_flow(&self) -> bool {
        self.run.reg.flow(self.flowing.frame().flow).flow_type.eq_ignore_ascii_case("secureCall")
    }

    /// Plays (or sends) an audio or communication property; an empty one plays nothing.
    fn play_prop(&mut self, n: NodeIdx, a: &Action, id: PropId) -> Result<(), Did> {
        let v = self.value(n, a, id)?;
        if v.is_set() {
            let text: Arc<str> = Arc::from(v.display());
            if !text.trim().is_empty() {
                self.say(n, text);
            }
        }
        Ok(())
    }

    pub(super) fn transfer_to_acd(&mut self, n: NodeIdx, a: &Action) -> Did {
        // An expression that fails is an error of the action (the flow's error handling), as
        // everywhere; a queue the fixtures lack is the transfer's failure.
        let target = a.get(prop::ACD.target);
        if let Err(did) = self.value_of(n, target) {
            return did;
        }
        let mut route = self.transfer_route_to_queue(n, target);
        if let Ok(r) = &mut route {
            r.language_skill = match self.required_language_skill(n, a) {
                Ok(skill) => skill,
                Err(did) => return did,
            };
        }
        self.transfer(n, a, &prop::ACD, route)
    }

    /// The language skill a Transfer to ACD requires of the agent ([Language skills in
    /// Architect](https://help.mypurecloud.com/articles/language-skills-architect/)): the
    /// action's, else the flow's default language skill, else none. The flow's default is the
    /// one its settings give the conversation's language (Set Language's, else the flow's
    /// `defaultLanguage`), as Architect sets a default language skill per supported language.
    fn required_language_skill(&mut self, n: NodeIdx, a: &Action) -> Result<Option<Arc<str>>, Did> {
        if let Some(skill) = name_of(&self.value(n, a, prop::ACD_LANGUAGE_SKILL)?) {
            return Ok(Some(skill));
        }
        let flow = self.run.reg.flow(self.flowing.frame().flow);
        let set = self
            .talk
            .arch
            .settings
            .iter()
            .find(|(k, _)| *k == "language")
            .map(|(_, v)| v.display());
        let Some(language) =
            set.or_else(|| flow.arch.default_language.as_deref().map(str::to_owned))
        else {
            return Ok(None);
        };
        let found = flow
            .arch
            .supported_languages
            .iter()
            .find(|(tag, _)| tag.eq_ignore_ascii_case(&language));
        let Some((_, skill)) = found else { return Ok(None) };
        let skill = skill.clone();
        Ok(name_of(&self.value_of(n, &skill)?))
    }

    fn directory_route(
        &mut self,
        n: NodeIdx,
        a: &Action,
        ids: &Transfer,
        kind: &'static str,
    ) -> Did {
        self.directory_route_from(n, a, ids, a.get(ids.target), kind, kind == "group")
    }

    /// A transfer to the user (or group, with `group`) a target property names.
    fn directory_route_from(
        &mut self,
        n: NodeIdx,
        a: &Action,
        ids: &Transfer,
        target: &Prop,
        kind: &'static str,
        group: bool,
    ) -> Did {
        let key = match self.target_key(n, target) {
            Ok(k) => k,
            Err(did) => return did,
        };
        let route = match (group, key) {
            (_, None) => Err((missing(group), format!("the target {kind} is NOT_SET"))),
            (false, Some(k)) => {
                self.run.fixtures.user(&k).map(|u| u.name.clone()).ok_or_else(|| {
                    self.missed(n, Miss::new(Sought::User, &k), None);
                    (ErrorKind::UserNotFound, format!("no user `{k}` in the fixtures"))
                })
            }
            (_, Some(k)) => self.run.fixtures.group(&k).map(|g| g.name.clone()).ok_or_else(|| {
                self.missed(n, Miss::new(Sought::Group, &k), None);
                (ErrorKind::GroupNotFound, format!("no group `{k}` in the fixtures"))
            }),
        };
        let route = route.map(|name| Route::to(kind, name));
        self.transfer(n, a, ids, route)
    }

    pub(super) fn transfer_to_user(&mut self, n: NodeIdx, a: &Action) -> Did {
        self.directory_route(n, a, &prop::USER, "user")
    }

    pub(super) fn transfer_to_group(&mut self, n: NodeIdx, a: &Action) -> Did {
        self.directory_route(n, a, &prop::GROUP, "group")
    }

    pub(super) fn transfer_to_number(&mut self, n: NodeIdx, a: &Action) -> Did {
        let route = match self.value(n, a, prop::NUMBER.target) {
            Ok(Value::NotSet) => {
                Err((ErrorKind::NotSet, "the number to transfer to is NOT_SET".into()))
            }
            Ok(v) => Ok(Route::to("number", Arc::from(v.display()))),
            Err(did) => return did,
        };
        self.transfer(n, a, &prop::NUMBER, route)
    }

    /// Return to Agent ends a secure flow (Genesys: "a terminating action that ends the flow").
    /// In a secure flow an agent started (the run's first flow), the caller goes back to that
    /// agent: the run ends `transferred`, route `{type: agent}`. In one a Transfer to Secure
    /// Flow reached, there is no agent to go back to, and the call disconnects ("Disconnect
    /// the call if the flow instance is the only other participant other than the current
    /// call").
    pub(super) fn return_to_agent(&mut self) -> Did {
        if self.talk.route.as_ref().is_some_and(|r| r.kind == "secureFlow") {
            return Did::Disconnect;
        }
        Did::Transfer(Box::new(Route::to("agent", Arc::from(""))))
    }

    /// Keeps an error on the current step without failing it (the action takes an output).
    pub(super) fn note_error(&mut self, kind: ErrorKind, message: String) {
        if let Some(step) = self.step.trace.last_mut() {
            self.step.rec.step_data.set_error(step, StepError { kind, message });
        }
    }
}

// What sets the conversation: callbacks', voicemail's and secure transfers' settings and data.
impl Sets<'_, '_, '_> {
    /// Create Callback: records the callback the cloud would create, and goes on.
    pub(super) fn create_callback(&mut self, n: NodeIdx, a: &Action) -> Did {
        let mut fields = crate::expr::value::Object::new();
        for id in prop::CALLBACK_FIELDS {
            match self.eval().value(n, a, id) {
                Ok(v) => {
                    fields.insert(Arc::from(id.name()), v);
                }
                Err(did) => return did,
            }
        }
        if let Some(script) = a.get(prop::CALLBACK_SCRIPT).text() {
            fields.insert(Arc::from("callbackScript"), Value::Str(script.clone()));
            let mut inputs = crate::expr::value::Object::new();
            for (name, p) in a.get(prop::CALLBACK_SCRIPT_INPUTS).map() {
                match self.eval().value_of(n, p) {
                    Ok(v) => {
                        inputs.insert(name.clone(), v);
                    }
                    Err(did) => return did,
                }
            }
            fields.insert(Arc::from("scriptInputs"), Value::Object(Arc::new(inputs)));
        }
        self.set_setting("callback", Value::Object(Arc::new(fields)));
        Did::Success
    }

    /// What a queue's voicemail adds to the transfer: the callback it suggests, recorded as
    /// `settings.voicemailCallback` when the action gives any of it. (Its greeting is said by
    /// `transfer`, after the pre-transfer audio.)
    fn queue_voicemail(&mut self, n: NodeIdx, a: &Action) -> Result<(), Did> {
        let inputs = a.get(prop::VOICEMAIL_SCRIPT_INPUTS);
        let written = prop::VOICEMAIL_CALLBACK.iter().any(|&id| !a.get(id).is_none())
            || !inputs.map().is_empty();
        if written {
            let mut fields = crate::expr::value::Object::new();
            for id in prop::VOICEMAIL_CALLBACK {
                fields.insert(Arc::from(id.name()), self.eval().value(n, a, id)?);
            }
            let mut values = crate::expr::value::Object::new();
            for (name, p) in inputs.map() {
                values.insert(name.clone(), self.eval().value_of(n, p)?);
            }
            fields.insert(Arc::from("scriptInputs"), Value::Object(Arc::new(values)));
            self.set_setting("voicemailCallback", Value::Object(Arc::new(fields)));
        }
        Ok(())
    }

    /// Transfer to Flow: the flow must be among the loaded flows (fail closed otherwise).
    /// Transfer to Secure Flow also hands the secure flow its `data`, which it reads as
    /// `Flow.InvocationData` (see `arch::continue_in_flow`).
    pub(super) fn transfer_to_flow(&mut self, n: NodeIdx, a: &Action) -> Did {
        let secure = a.spec().op == crate::flow::catalogue::Op::TransferToFlowSecure;
        let ids = if secure { &prop::SECURE_FLOW } else { &prop::FLOW };
        let key = match self.eval().target_key(n, a.get(ids.target)) {
            Ok(k) => k,
            Err(did) => return did,
        };
        if secure {
            match self.eval().value(n, a, prop::SECURE_FLOW_DATA) {
                Ok(v) => self.talk.invocation_data = v,
                Err(did) => return did,
            }
        }
        let route = match key {
            None => Err((ErrorKind::FlowNotFound, "the target flow is NOT_SET".into())),
            Some(k) => match self.run.reg.find(&k, Want::of_transfer(secure)) {
                Ok(f) => Ok(Route::to(if secure { "secureFlow" } else { "flow" }, self.run.reg.flow(f).name.clone())),
                Err(Lookup::Missing) => Err((
                    ErrorKind::FlowNotFound,
                    format!("flow `{k}` is not among the loaded flows"),
                )),
                Err(Lookup::WrongType(f)) => Err((
                    ErrorKind::FlowNotFound,
                    format!(
                        "flow `{k}` is of type `{}`: the transfer takes {} flows only",
                        self.run.reg.flow(f).flow_type,
                        Want::of_transfer(secure).describe().unwrap_or_default()
                    ),
                )),
                Err(Lookup::Ambiguous(flows)) => Err((
                    ErrorKind::FlowNotFound,
                    format!(
                        "`{k}` names no one flow to transfer to: the flows of that name are of the types {}",
                        self.run.reg.types_of(&flows)
                    ),
                )),
            },
        };
        self.eval().transfer(n, a, ids, route)
    }

    /// Voicemail: the mailbox `transferTargetType` names (`user`, `group` or `queue`); without
    /// one, a user's (the usual form), else a group's or a queue's. A queue's voicemail says its
    /// greeting after the pre-transfer audio and records the callback it suggests.
    pub(super) fn transfer_to_voicemail(&mut self, n: NodeIdx, a: &Action) -> Did {
        use prop::VoicemailKind;
        let ids = &prop::VOICEMAIL;
        let (user, group) = (a.get(ids.target), a.get(prop::VOICEMAIL_GROUP));
        let kind = match a.get(prop::VOICEMAIL_TARGET_TYPE).text() {
            Some(t) => {
                let Some(kind) = prop::VOICEMAIL_KINDS.find(t) else {
                    let message = format!(
                        "Transfer to Voicemail's transferTargetType `{t}` is none of {}",
                        prop::VOICEMAIL_KINDS.list()
                    );
                    return Did::fail(ErrorKind::TypeMismatch, message);
                };
                kind
            }
            None if !user.is_none() => VoicemailKind::User,
            None if !group.is_none() => VoicemailKind::Group,
            None => VoicemailKind::Queue,
        };
        match kind {
            VoicemailKind::User => {
                self.eval().directory_route_from(n, a, ids, user, "voicemail", false)
            }
            VoicemailKind::Group => {
                self.eval().directory_route_from(n, a, ids, group, "voicemail", true)
            }
            VoicemailKind::Queue => {
                let queue = a.get(prop::VOICEMAIL_QUEUE);
                let route = self.eval().transfer_route_to_queue(n, queue).map(|r| Route {
                    kind: "voicemail",
                    target: r.queue_name.clone(),
                    ..r
                });
                if route.is_ok() {
                    if let Err(did) = self.queue_voicemail(n, a) {
                        return did;
                    }
                }
                self.eval().transfer(n, a, ids, route)
            }
        }
    }
}

fn missing(group: bool) -> ErrorKind {
    if group {
        ErrorKind::GroupNotFound
    } else {
        ErrorKind::UserNotFound
    }
}
