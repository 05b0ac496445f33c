//! What expressions see during a run: the variable store, node outputs and the context, and
//! the reference resolution order of docs/json-flows.md

use super::request::ContextValues;
use super::result::Warning;
use crate::expr::builtins::{Builtin, Offline};
use crate::expr::VarId;
use crate::expr::{Env, Path, Span, Value};
use crate::flow::bind::VarTable;
use crate::flow::{FlowIdx, Graph, NodeIdx};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

/// What a trace and a result show in place of a secure variable's value: Genesys keeps
/// sensitive information out of "log files" (docs/architect.md §4).
pub const SECURE_TEXT: &str = "<secure>";

/// Variable slots per chunk of the store.
const CHUNK: usize = 32;
type Chunk = [Option<Value>; CHUNK];

/// The conversation's variables: one store shared by every flow of the run (docs/json-flows.md).
///
/// Slots are indexed by the registry's variable ids ([`VarTable`]), so bound references and
/// assignments never hash a name. They come in chunks of [`CHUNK`], allocated when one of their
/// ids is first assigned: a run of one flow in a registry of thousands of variable names pays
/// for the few it uses. Names no flow uses (a request's presets can hold any) get ids after the
/// table's. Each variable keeps the spelling of its first assignment, and [`Vars::into_list`]
/// gives them in order of first assignment.
#[derive(Debug)]
pub struct Vars<'r> {
    table: &'r VarTable,
    /// By id: chunk `id / CHUNK`, slot `id % CHUNK`; `None` until first assigned (NOT_SET is a
    /// value a variable can hold).
    slots: Vec<Option<Box<Chunk>>>,
    /// Ids of names outside the table.
    extra: FxHashMap<Arc<str>, VarId>,
    /// Ids in order of first assignment, with that assignment's spelling.
    order: Vec<(VarId, Arc<str>)>,
    /// The heap bytes the assigned values hold (`expr::meter::heap_bytes` of each), for the
    /// live-bytes budget.
    pub live: u64,
}

impl<'r> Vars<'r> {
    pub fn new(table: &'r VarTable) -> Self {
        Vars { table, slots: Vec::new(), extra: FxHashMap::default(), order: Vec::new(), live: 0 }
    }

    fn id(&self, lower: &str) -> Option<VarId> {
        self.table.get(lower).or_else(|| self.extra.get(lower).copied())
    }

    /// The value of variable `id`, if it was assigned.
    #[inline]
    pub fn get_id(&self, id: VarId) -> Option<&Value> {
        let i = id as usize;
        self.slots.get(i / CHUNK)?.as_deref()?[i % CHUNK].as_ref()
    }

    /// The value of a variable by lower-cased name, if it was assigned.
    pub fn get(&self, lower: &str) -> Option<&Value> {
        self.get_id(self.id(lower)?)
    }

    /// Assigns variable `id`; `name` is its spelling, kept if this is the first assignment.
    #[inline]
    pub fn set_id(&mut self, id: VarId, name: &Arc<str>, value: Value) {
        self.put(id, name, || value);
    }

    /// Assigns variable `id` a clone of `value`, made in the variable's place: a value cloned
    /// before the call and moved in whole just after the clone wrote it field by field stalled
    /// on store forwarding (measured: some 2 ns of each value a Set node writes).
    #[inline]
    pub fn set_id_clone(&mut self, id: VarId, name: &Arc<str>, value: &Value) {
        self.put(id, name, || value.clone());
    }

    fn put(&mut self, id: VarId, name: &Arc<str>, make: impl FnOnce() -> Value) {
        let (c, i) = (id as usize / CHUNK, id as usize % CHUNK);
        if c >= self.slots.len() {
            self.slots.resize_with(c + 1, || None);
        }
        let chunk = self.slots[c].get_or_insert_with(|| Box::new([const { None }; CHUNK]));
        let slot = &mut chunk[i];
        if slot.is_none() {
            self.order.push((id, name.clone()));
        }
        if let Some(old) = slot.take() {
            if !old.is_scalar() {
                self.live = self.live.saturating_sub(crate::expr::meter::heap_bytes(&old));
            }
        }
        let value = slot.insert(make());
        // Live bytes (`engine::budget`): a scalar costs nothing, so most assignments skip this.
        if !value.is_scalar() {
            self.live = self.live.saturating_add(crate::expr::meter::heap_bytes(value));
        }
    }

    /// Assigns by name; `lower` must be `name` lower-cased.
    pub fn set(&mut self, lower: &str, name: &Arc<str>, value: Value) {
        let id = self.id(lower).unwrap_or_else(|| {
            let next = self.table.len() + self.extra.len();
            let id = VarId::try_from(next).expect("fewer than 2^32 variables");
            self.extra.insert(Arc::from(lower), id);
            id
        });
        self.set_id(id, name, value);
    }

    /// Sets every assigned variable whose name starts with `prefix` (ASCII, any case: `task.`)
    /// back to NOT_SET. A name whose first bytes split a character does not start with it.
    pub fn clear_scope(&mut self, prefix: &str) {
        let ids: Vec<(VarId, Arc<str>)> = self
            .order
            .iter()
            .filter(|(_, name)| {
                name.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix))
            })
            .cloned()
            .collect();
        for (id, name) in ids {
            self.set_id(id, &name, Value::NotSet);
        }
    }

    /// Every assigned variable, in order of first assignment, without consuming the store.
    pub fn list(&self) -> Vec<(Arc<str>, Value)> {
        self.order
            .iter()
            .map(|(id, name)| (name.clone(), self.get_id(*id).cloned().unwrap_or_default()))
            .collect()
    }

    pub fn into_list(mut self) -> Vec<(Arc<str>, Value)> {
        let slots = &mut self.slots;
        self.order
            .into_iter()
            .map(|(id, name)| {
                let chunk = slots[id as usize / CHUNK].as_mut().expect("an assigned id's chunk");
                (name, chunk[id as usize % CHUNK].take().unwrap_or_default())
            })
            .collect()
    }
}

/// A node's outputs (`NodeId.field`), per flow invocation: each by its name, as the node's
/// entry declares it (a JSON node's `digits`, `outcome`, `queueId`...), like the values any
/// action's step records.
#[derive(Debug, Clone, Default)]
pub struct Output(Vec<(&'static str, Value)>);

impl Output {
    /// The outputs `named`, in order.
    pub fn of(named: impl IntoIterator<Item = (&'static str, Value)>) -> Output {
        Output(named.into_iter().collect())
    }

    /// The output named `field` (any case); NOT_SET when the node has not produced it.
    pub fn field(&self, field: &str) -> Value {
        self.0
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(field))
            .map_or(Value::NotSet, |(_, v)| v.clone())
    }
}

/// Warnings given so far, each (flow, node, kind, subject) once.
#[derive(Debug, Default)]
pub struct Warnings {
    pub list: Vec<Warning>,
    seen: FxHashSet<(FlowIdx, NodeIdx, &'static str, Box<str>)>,
}

impl Warnings {
    /// A warning of `kind` about `subject` (a path read, a variable) at `node` of `flow`, once:
    /// the message is only written the first time.
    pub fn once(
        &mut self,
        (flow, node): (FlowIdx, NodeIdx),
        kind: &'static str,
        subject: &str,
        message: impl FnOnce() -> String,
    ) {
        if self.seen.insert((flow, node, kind, Box::from(subject))) {
            self.list.push(Warning { kind, message: message(), flow, node, missing: None });
        }
    }

    /// A lookup into the fixtures that found nothing, at `node` of `flow`, once per kind and
    /// name: a warning of `kind` (`unmockedDataAction`, else `notInFixtures`) carrying the miss.
    pub fn missed(
        &mut self,
        (flow, node): (FlowIdx, NodeIdx),
        kind: &'static str,
        miss: super::missing::Miss,
        message: impl FnOnce() -> String,
    ) {
        let subject = miss.label();
        if self.seen.insert((flow, node, kind, subject.into_boxed_str())) {
            self.list.push(Warning { kind, message: message(), flow, node, missing: Some(miss) });
        }
    }
}

/// An [`Env`] over one moment of a run.
pub struct Scope<'a> {
    pub vars: &'a Vars<'a>,
    pub context: &'a ContextValues,
    pub graph: &'a Graph,
    pub outputs: &'a [Output],
    pub warnings: &'a mut Warnings,
    /// The run's random numbers (`Random`, `RandomInt`).
    pub random: &'a mut crate::expr::random::SplitMix64,
    pub flow: FlowIdx,
    pub node: NodeIdx,
    pub now_ms: i64,
    /// When recording (`RunOptions::record_reads`): each distinct path read, with its value.
    pub reads: Option<&'a mut Vec<(Arc<str>, Value)>>,
    /// What lookup functions (`FindQueue`) read.
    pub fixtures: &'a crate::fixtures::FixtureStore,
    /// When the current flow invocation started (`Flow.StartDateTimeUtc`).
    pub started_ms: i64,
    /// Conversation settings made so far (`language` for `Call.Language`).
    pub settings: &'a [(&'static str, Value)],
    /// The flow running now.
    pub flow_def: &'a crate::flow::Flow,
    /// The flow the interaction is in: the bottom of the call stack, whose type a called common
    /// module shares the interaction's built-ins with (`Call.Priority` starting at 0 in queue).
    pub interaction_def: &'a crate::flow::Flow,
}

fn members<'p>(v: Value, rest: impl Iterator<Item = &'p str>) -> Value {
    members_by(v, rest, Value::member)
}

/// The members `rest` of `v` in turn, each read by `member` ([`Value::member`] for lower-cased
/// names, [`Value::member_exact`] for a JSON value's names as written); NOT_SET stops.
fn members_by<'p>(
    mut v: Value,
    rest: impl Iterator<Item = &'p str>,
    member: fn(&Value, &str) -> Value,
) -> Value {
    for m in rest {
        if !v.is_set() {
            break;
        }
        v = member(&v, m);
    }
    v
}

impl Scope<'_> {
    fn context_value(&self, key: &str, call: bool) -> Option<&Value> {
        let c = self.context;
        Some(match key {
            "ani" if call => &c.from,
            "calledaddress" | "dnis" if call => &c.to,
            "from" if !call => &c.from,
            "to" if !call => &c.to,
            "conversationid" => &c.conversation_id,
            "channel" => &c.channel,
            "mediatype" => &c.media_type,
            "starttime" if !call => &c.start_time,
            "attributes" if !call => &c.attributes,
            _ => return None,
        })
    }
}

impl Env for Scope<'_> {
    #[allow(clippy::inline_always)] // measured: worth inlining into every operand
    #[inline(always)]
    fn lookup(&mut self, path: &Path, _span: Span) -> Value {
        // Most reads: a bound path naming a variable that is set, not recording.
        if self.reads.is_none() && !path.bind.context {
            if let Some(v) = path.bind.vars.last().and_then(|&id| self.vars.get_id(id)) {
                // Integers (counters, the most read values) copied without a call to `clone`.
                return if let Value::Int(i) = v { Value::Int(*i) } else { v.clone() };
            }
        }
        self.lookup_slow(path)
    }

    fn now_ms(&self) -> i64 {
        self.now_ms
    }

    fn random(&mut self) -> Option<&mut crate::expr::random::SplitMix64> {
        Some(self.random)
    }

    /// The fixture store's object, as the Find actions of the same names give it. One the
    /// fixtures do not hold is NOT_SET, recorded as a miss (`notInFixtures`, as a Find action's
    /// is), so a scenario fails on it unless it expects it.
    fn find(&mut self, what: crate::expr::func::Lookup, key: &str) -> Option<Value> {
        match self.org_object(what, key) {
            Ok(found) => Some(found),
            Err(sought) => {
                let miss = super::missing::Miss::new(sought, key);
                let text = miss.message();
                let at = (self.flow, self.node);
                self.warnings.missed(at, super::missing::NOT_IN_FIXTURES, miss, || text);
                None
            }
        }
    }
}

impl Scope<'_> {
    /// The fixture store's object of the kind `what` names, by `key`, `{id, name}`; else what
    /// a miss of it is.
    pub fn org_object(
        &self,
        what: crate::expr::func::Lookup,
        key: &str,
    ) -> Result<Value, super::missing::Sought> {
        use super::missing::Sought;
        use crate::expr::func::Lookup;
        let fx = self.fixtures;
        let (found, sought) = match what {
            Lookup::UserByEmail => (fx.user_by_email(key).map(|u| (&u.id, &u.name)), Sought::User),
            Lookup::UserById => (fx.user(key).map(|u| (&u.id, &u.name)), Sought::User),
            Lookup::Queue | Lookup::QueueById => {
                (fx.queue(key).map(|q| (&q.id, &q.name)), Sought::Queue)
            }
            Lookup::Skill => (fx.skill(key).map(|e| (&e.id, &e.name)), Sought::Skill),
            Lookup::LanguageSkill => (fx.language(key).map(|e| (&e.id, &e.name)), Sought::Language),
            Lookup::Group => (fx.group(key).map(|e| (&e.id, &e.name)), Sought::Group),
            Lookup::ScheduleGroup => {
                (fx.schedule_group(key).map(|e| (&e.id, &e.name)), Sought::ScheduleGroup)
            }
            Lookup::EmergencyGroup => {
                (fx.emergency_group(key).map(|e| (&e.id, &e.name)), Sought::EmergencyGroup)
            }
        };
        let (id, name) = found.ok_or(sought)?;
        let mut o = crate::expr::value::Object::new();
        o.insert(Arc::from("id"), Value::Str(id.clone()));
        o.insert(Arc::from("name"), Value::Str(name.clone()));
        Ok(Value::Object(Arc::new(o)))
    }
}

impl Scope<'_> {
    #[inline(never)]
    fn lookup_slow(&mut self, path: &Path) -> Value {
        let value = self.resolve(path);
        if let Some(reads) = self.reads.as_deref_mut() {
            if !reads.iter().any(|(p, _)| **p == *path.text) {
                // A secure variable's value is never shown (docs/architect.md §4).
                let table = self.vars.table;
                let shown = if path.bind.vars.iter().any(|&id| table.is_secure(id)) {
                    Value::str(SECURE_TEXT)
                } else {
                    value.clone()
                };
                reads.push((Arc::from(&*path.text), shown));
            }
        }
        value
    }

    /// docs/json-flows.md's resolution order.
    fn resolve(&mut self, path: &Path) -> Value {
        // 1. The run context.
        let head = path.head();
        if (head == "call" || head == "context") && path.len() > 1 {
            let key = path.rest(1).next().unwrap_or_default();
            if let Some(v) = self.context_value(key, head == "call") {
                return members(v.clone(), path.rest(2));
            }
        }
        // 2. The longest prefix that names a variable: by the ids bound at load (one per
        // prefix), or by name for a path from outside the registry.
        let bound = &path.bind.vars;
        for n in (1..=path.len()).rev() {
            let var = match bound.get(n - 1) {
                Some(&id) => self.vars.get_id(id),
                None => self.vars.get(path.prefix(n)),
            };
            if let Some(v) = var {
                // Members of a JSON variable match their names exactly (`Keys::Exact`).
                let json = path.bind.json as usize;
                return if json == 0 || n < json {
                    members(v.clone(), path.rest(n))
                } else {
                    members_by(v.clone(), path.rest_as_written(n), Value::member_exact)
                };
            }
        }
        // 3. A node of the current flow invocation.
        let node = if bound.is_empty() { self.graph.find_lower(head) } else { path.bind.node };
        if let Some(idx) = node {
            let mut rest = path.rest(1);
            let Some(field) = rest.next() else { return Value::NotSet };
            return members(self.outputs[idx as usize].field(field), rest);
        }
        // 4. An Architect built-in the request did not preset.
        if let Some((b, n)) = crate::expr::builtins::find(path) {
            if b.offline == Offline::Lookup {
                if let Some(same) = crate::expr::lookups::shares_value(path) {
                    self.warn_once(path, "lookupContradiction", || {
                        format!(
                            "`{}` reads as the literal Architect's Scripting SDK gives it, which `{same}` has too: the SDK's own description of the member gives another number",
                            path.text
                        )
                    });
                }
                return crate::expr::lookups::value(path).unwrap_or(Value::NotSet);
            }
            if let Some(v) = self.builtin_value(b) {
                return members(v, path.rest(n));
            }
            // A collection of the inbound message that the run's message does not give
            // (`Email.Message.attachments`, `Message.Message.targetAddresses`) is empty: "A
            // collection value itself cannot be NOT_SET" (Genesys's Collection values overview).
            if b.offline == Offline::InboundMessage {
                let member =
                    path.rest(n).try_fold(
                        b.ty,
                        |t, m| {
                            if t.collection {
                                None
                            } else {
                                t.base.member(m)
                            }
                        },
                    );
                if member.is_some_and(|t| t.collection) {
                    return Value::List(Arc::new(Vec::new()));
                }
            }
            if !is_silent(b) {
                let message = self.has_inbound_message();
                self.warn_once(path, "offlineBuiltin", || {
                    format!("`{}` reads as NOT_SET: {}", path.text, offline_gap(b, path, message))
                });
            }
            return Value::NotSet;
        }
        // 5. Nothing at all: NOT_SET, and a warning once per path and node.
        self.warn_once(path, "unsetRead", || {
            format!(
                "`{}` reads as NOT_SET: no variable of that name is set at this point, and it is no context field or node output",
                path.text
            )
        });
        Value::NotSet
    }

    /// A warning about reading `path` here, once per path and node (the message is only
    /// written the first time).
    fn warn_once(&mut self, path: &Path, kind: &'static str, message: impl FnOnce() -> String) {
        self.warnings.once((self.flow, self.node), kind, &path.lower, message);
    }

    /// Whether the run started with an inbound message: `engine::digital` sets its body as
    /// the variable of the built-in's name.
    fn has_inbound_message(&self) -> bool {
        ["message.message.body", "email.message.body", "chat.message.body"]
            .iter()
            .any(|name| self.vars.get(name).is_some())
    }

    /// A built-in's value offline (`expr::builtins::Offline`), when the run has one.
    fn builtin_value(&self, b: &Builtin) -> Option<Value> {
        let set = |v: &Value| Some(v.clone()).filter(Value::is_set);
        let setting = |key: &str| self.settings.iter().find(|(k, _)| *k == key).map(|(_, v)| v);
        match b.offline {
            Offline::From => set(&self.context.from),
            Offline::To => set(&self.context.to),
            Offline::ConversationId => set(&self.context.conversation_id),
            Offline::FlowStart => Some(Value::DateTime(self.started_ms)),
            Offline::Language => {
                // "The IETF language tag lowercase string value" (the help page).
                let tag = match setting("language") {
                    Some(v) => v.display(),
                    None => self.flow_def.arch.default_language.as_deref()?.to_owned(),
                };
                Some(Value::str(&tag.to_ascii_lowercase())).filter(|_| !tag.is_empty())
            }
            Offline::Setting(key) => setting(key).and_then(set),
            Offline::Priority => match setting("priority") {
                Some(v) => set(v),
                None => self.starting_priority(),
            },
            Offline::Attribute(name) => set(&self.context.attributes.member(name)),
            Offline::AttributeDuration(name) => {
                // Seconds (a number, or text of one, as `--context` gives it), or `PT2M`.
                let seconds =
                    |s: f64| s.is_finite().then(|| Value::Duration((s * 1000.0).round() as i64));
                match self.context.attributes.member(name) {
                    Value::Int(s) => Some(Value::Duration(s.saturating_mul(1000))),
                    Value::Dec(s) => seconds(crate::expr::decimal::to_f64(s)),
                    Value::Str(t) => t
                        .trim()
                        .parse::<f64>()
                        .ok()
                        .and_then(seconds)
                        .or_else(|| crate::expr::func::parse_duration(&t).map(Value::Duration)),
                    _ => None,
                }
            }
            Offline::Constant => Some(b.constant()),
            Offline::InboundMessage
            | Offline::Format
            | Offline::Lookup
            | Offline::Preset
            | Offline::FlowSetting(_)
            | Offline::KnowledgeAnswer => None,
        }
    }
}

impl Scope<'_> {
    /// The priority the interaction entered the queue with: the context attribute `priority`
    /// (a whole number, or text of one, as `--context` gives it), else 0 in an in-queue flow
    /// and in a common module it calls, the priority Transfer to ACD gives unless told
    /// otherwise (docs/architect.md §4).
    fn starting_priority(&self) -> Option<Value> {
        match self.context.attributes.member("priority") {
            Value::Int(p) => Some(Value::Int(p)),
            Value::Str(t) => t.trim().parse::<i64>().ok().map(Value::Int),
            Value::NotSet if crate::flow::model::is_in_queue(&self.interaction_def.flow_type) => {
                Some(Value::Int(0))
            }
            _ => None,
        }
    }
}

/// Whether NOT_SET is simply what the cloud would give too, so a read needs no warning (no
/// tag set yet, a formatting constant read as a value).
fn is_silent(b: &Builtin) -> bool {
    matches!(
        b.offline,
        Offline::Setting(_)
            | Offline::Priority
            | Offline::Format
            | Offline::Lookup
            | Offline::Constant
            | Offline::FlowStart
    )
}

/// Why a built-in has no value offline, and how to give it one, for the warning. `message`:
/// whether the run has an inbound message (then the field read is what it lacks).
fn offline_gap(b: &Builtin, path: &Path, message: bool) -> String {
    let preset = format!("or preset it in the request (`\"variables\": {{\"{}\": ...}}`)", b.name);
    match b.offline {
        Offline::InboundMessage if message => match message_field(&path.lower) {
            Some(field) => format!(
                "the run's inbound message has no `{field}`; give the request's `message` a `{field}`, {preset}"
            ),
            None => format!("the run's inbound message does not give it (`flowsim docs bots` lists the fields it gives); {preset}"),
        },
        Offline::InboundMessage => format!(
            "the run has no inbound message; give the request a `message` (or a first turn), {preset}"
        ),
        Offline::Attribute(name) | Offline::AttributeDuration(name) => {
            format!("the run's context has no attribute `{name}`; set `context.attributes.{name}`, {preset}")
        }
        Offline::Language => {
            format!("no Set Language ran and the flow has no `defaultLanguage`; {preset}")
        }
        Offline::From | Offline::To | Offline::ConversationId => {
            format!("the request's context does not give it; set the context, {preset}")
        }
        Offline::KnowledgeAnswer => format!(
            "no turn of the run was answered by a knowledge article; pin one with `knowledge:ANSWER` (`{{\"knowledge\": ANSWER}}`), {preset}"
        ),
        Offline::FlowSetting(key) => {
            format!("the flow's settings name none (`{key}`); {preset}")
        }
        Offline::Preset
        | Offline::Setting(_)
        | Offline::Priority
        | Offline::Format
        | Offline::Lookup
        | Offline::Constant
        | Offline::FlowStart => format!("`{}` is a built-in only the cloud knows; {preset}", b.name),
    }
}

/// The field of the request's `message` that gives a built-in of the inbound message
/// (`engine::digital`, docs/bots.md), by its lower-cased path.
fn message_field(lower: &str) -> Option<&'static str> {
    Some(match lower {
        "message.message.senderaddress"
        | "email.message.from"
        | "email.message.from.id"
        | "chat.guest.id" => "from",
        "message.message.recipientaddress" | "email.message.to" | "email.message.to.id" => "to",
        "email.message.from.name" | "chat.guest.name" => "fromName",
        "message.message.id" | "email.message.id" => "id",
        "message.message.body" | "email.message.body" | "chat.message.body" => "body",
        "email.message.subject" => "subject",
        _ => return None,
    })
}

#[cfg(test)]
mod clear_scope_tests {
    use super::*;

    /// Only the scope's variables go back to NOT_SET, in any case; a name whose fifth byte is
    /// inside a character is no `task.` name, and reading it that way does not panic.
    #[test]
    fn a_scope_is_cleared_by_its_prefix_in_any_case() {
        let table = crate::flow::bind::VarTable::default();
        let mut vars = Vars::new(&table);
        for name in ["Task.n", "TASK.seen", "Flow.n", "Taéé"] {
            vars.set(&name.to_lowercase(), &Arc::from(name), Value::Int(1));
        }
        vars.clear_scope("task.");
        let kept: Vec<(Arc<str>, Value)> = vars.list();
        let value = |n: &str| kept.iter().find(|(k, _)| &**k == n).map(|(_, v)| v.clone());
        assert_eq!(value("Task.n"), Some(Value::NotSet));
        assert_eq!(value("TASK.seen"), Some(Value::NotSet));
        assert_eq!(value("Flow.n"), Some(Value::Int(1)));
        assert_eq!(value("Taéé"), Some(Value::Int(1)));
    }
}
