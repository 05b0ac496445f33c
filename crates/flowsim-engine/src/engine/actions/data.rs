//! Variables, data actions, data tables, lookups, schedules, participant data: the cloud's
//! data, answered by the fixture store. What the fixtures do not hold fails closed, with an
//! error kind that names it.

use super::super::arch::{implicit_cast, OrgLiteral};
use super::super::cx::{Cx, Eval, Sets};
use super::super::did::Did;
use super::super::missing::{Miss, Sought};
use super::routing::key_of;
use crate::engine::result::Name;
use crate::expr::media::{Media, MediaKind, Part};
use crate::expr::Value;
use crate::fixtures::{Contact, DataActionAnswer, FixtureStore, LookupBy, MissingKind};
use crate::fixtures::{RecordedSchedule, ScheduleState, SystemPrompt};
use crate::flow::action::{Action, Prop};
use crate::flow::catalogue::data::{out, prop};
use crate::flow::catalogue::{Named, Op};
use crate::flow::catalogue::{OutputId, PropId};
use crate::flow::NodeIdx;
use crate::kind::ErrorKind;
use std::sync::Arc;

/// Find Schedule's and Find Schedule Group's unique lookups of one type a flow may make.
const LOOKUPS_PER_TYPE: usize = 25;

/// The unique lookups a flow may make in all.
const LOOKUPS_PER_FLOW: usize = 100;

/// Genesys, Call Data Action's Processing Prompt: "This prompt only plays once and does not
/// repeat. The prompt has a one-second initial delay": an answer slower than this plays it.
const PROCESSING_PROMPT_DELAY_MS: u64 = 1_000;

/// The largest response a Call Data Action takes in a digital flow or a workflow: "The maximum
/// response size that a Call Data action can handle is 2 MB. If the response size exceeds this
/// limit, the action takes the failure path" (Call Data Action action); a MB of 2^20 bytes.
const MAX_RESPONSE_BYTES: usize = 2 << 20;

/// Whether a flow of Archy type `flow_type` holds its data actions to [`MAX_RESPONSE_BYTES`]:
/// the page names inbound email, survey invite, inbound message, inbound chat, workflow,
/// workitem, in-queue email and in-queue message flows.
fn caps_response_size(flow_type: &str) -> bool {
    matches!(
        flow_type.to_ascii_lowercase().as_str(),
        "inboundemail"
            | "surveyinvite"
            | "inboundshortmessage"
            | "inboundchat"
            | "workflow"
            | "workitem"
            | "inqueueemail"
            | "inqueueshortmessage"
    )
}

/// `{id, name}`: what a find action writes, and what a transfer or expression reads back.
/// The Find actions whose result variable "only populates when the flow follows the Found
/// path" (Find Skill's, Find User by Id's and Find Queue's pages; Find User's, Find Schedule's,
/// Find Schedule Group's and Find Emergency Group's store the value "when the system receives"
/// it; Find Group and Find Language Skill follow the family, docs/architect.md §4).
fn populates_only_when_found(op: Op) -> bool {
    matches!(
        op,
        Op::FindQueue
            | Op::FindQueueById
            | Op::FindUser
            | Op::FindUserById
            | Op::FindNamed(
                Named::Group
                    | Named::Skill
                    | Named::LanguageSkill
                    | Named::Schedule
                    | Named::ScheduleGroup
                    | Named::EmergencyGroup
            )
    )
}

fn entity(id: &Arc<str>, name: &Arc<str>) -> Value {
    let mut o = crate::expr::value::Object::new();
    o.insert(Arc::from("id"), Value::Str(id.clone()));
    o.insert(Arc::from("name"), Value::Str(name.clone()));
    Value::Object(Arc::new(o))
}

/// A prompt found by name, as a Prompt value that plays it: `Prompt.Welcome`,
/// `PromptSystem.thanks` (a name written with its prefix keeps it).
fn prompt(prefix: &str, name: &str) -> Value {
    let path = if name.starts_with(prefix) { name.to_owned() } else { format!("{prefix}{name}") };
    Value::Media(Arc::new(Media {
        kind: MediaKind::Prompt,
        parts: vec![Part::Prompt(Arc::from(path))],
        barge_in: None,
        constant: false,
    }))
}

/// A value for a String property (participant data, secured data): its `ToString` text, as
/// Genesys's "Implicit casting in expressions" wraps an expression of another type
/// (`MakeCurrency(5.5, "USD")` is `5.50|USD`).
/// An attribute's name and its value as text.
type Attribute = (Arc<str>, Arc<str>);

/// Sets attribute `name` of `data` to `text`, in place when it is there, else last.
fn set_attribute(data: &mut Vec<Attribute>, name: Arc<str>, text: Arc<str>) {
    match data.iter_mut().find(|(k, _)| *k == name) {
        Some(slot) => slot.1 = text,
        None => data.push((name, text)),
    }
}

fn string_text(v: &Value) -> Arc<str> {
    match crate::expr::slot::cast(v.clone(), crate::expr::types::Ty::STRING) {
        Ok(Value::Str(s)) => s,
        Ok(other) => Arc::from(other.display()),
        Err(_) => Arc::from(v.display()),
    }
}

/// A member by a dotted name (`details.errorCode`), or the flat name itself.
pub(super) fn member_path(v: &Value, name: &str) -> Value {
    match v.member(name) {
        Value::NotSet if name.contains('.') => {
            name.split('.').fold(v.clone(), |v, part| v.member(part))
        }
        found => found,
    }
}

/// Evaluate Schedule Group's output for a state.
fn group_output(state: ScheduleState) -> OutputId {
    match state {
        ScheduleState::Open => out::OPEN,
        ScheduleState::Closed => out::CLOSED,
        ScheduleState::Holiday => out::HOLIDAY,
        ScheduleState::Emergency => out::EMERGENCY,
    }
}

/// What a schedule evaluation's miss sought (`None`: a time zone, which is no lookup).
fn missing_sought(kind: MissingKind) -> Option<Sought> {
    match kind {
        MissingKind::Schedule => Some(Sought::Schedule),
        MissingKind::ScheduleGroup => Some(Sought::ScheduleGroup),
        MissingKind::EmergencyGroup => Some(Sought::EmergencyGroup),
        MissingKind::DataTable => Some(Sought::DataTable),
        MissingKind::TimeZone => None,
    }
}

fn missing_kind(kind: MissingKind) -> ErrorKind {
    match kind {
        MissingKind::Schedule | MissingKind::TimeZone => ErrorKind::ScheduleNotFound,
        MissingKind::ScheduleGroup => ErrorKind::ScheduleGroupNotFound,
        MissingKind::EmergencyGroup => ErrorKind::EmergencyGroupNotFound,
        MissingKind::DataTable => ErrorKind::DataTableNotFound,
    }
}

/// Genesys, Set Participant Data in bot flows: "The number of Set Participant Data action
/// executions per bot session is 50", "The number of attributes that the flow sets during a bot
/// session is 50"; Get Participant Data: "For bot flows, the number of Get Participant Data
/// action executions per bot session is 50".
const BOT_PARTICIPANT_DATA_MAX: u32 = 50;
/// The longest name Find Schedule and Find Schedule Group look up (Genesys: "maximum of 256
/// characters").
const SCHEDULE_NAME_MAX: usize = 256;

/// Genesys: "The maximum length of an attribute value is 256 characters" (bot flows).
const BOT_PARTICIPANT_VALUE_MAX: usize = 256;

impl Eval<'_, '_, '_> {
    /// Update Data: each statement in order, its value converted to the statement's type as
    /// Architect's implicit casting converts it; one that fails stops the action (those before
    /// it stay assigned), and the flow's error handling takes over.
    pub(super) fn update_data(&mut self, n: NodeIdx, a: &Action) -> Did {
        for statement in a.get(prop::STATEMENTS).list() {
            let Prop::Var(var) = Prop::field(statement, prop::STATEMENT_VARIABLE) else { continue };
            let ty = Prop::field(statement, prop::STATEMENT_TYPE);
            let v = match self.value_of(n, Prop::field(statement, prop::STATEMENT_VALUE)) {
                Ok(v) => v,
                Err(did) => return did,
            };
            let v = match ty.org() {
                Some(kind) => self.org_object(n, kind, var, OrgLiteral::Assigned, v),
                None => match implicit_cast(ty.text().map_or("", |t| &**t), v) {
                    Ok(v) => v,
                    Err(e) => return Did::fail(e.kind, format!("{}: {}", var.name, e.message)),
                },
            };
            self.write_var(var, v);
        }
        Did::Success
    }

    /// Data Table Lookup: `found` binds the row's columns to `foundOutputs`; a missing row is
    /// `notFound`; a table the fixtures do not hold is `failure` (`dataTableNotFound`).
    pub(super) fn data_table_lookup(&mut self, n: NodeIdx, a: &Action) -> Did {
        let table = a.get(prop::DATA_TABLE).text().cloned().unwrap_or_else(|| Arc::from(""));
        // Genesys: a NOT_SET lookup value invokes the flow's error handling, not `failure`.
        let key = match self.value(n, a, prop::LOOKUP_VALUE) {
            Ok(Value::NotSet) => {
                return Did::fail(
                    ErrorKind::NotSet,
                    "the data table lookup value is NOT_SET".into(),
                )
            }
            // The reference key is a String: another type is looked up as its `ToString` text.
            Ok(v) => string_text(&v),
            Err(did) => return did,
        };
        let row = self.run.fixtures.data_table_row(&table, &key);
        match row {
            Ok(Some(row)) => {
                let row = row.value();
                self.bind_outputs(n, a.get(prop::LOOKUP_FOUND), |col| row.member(col));
                super::out(a, out::FOUND)
            }
            Ok(None) => {
                self.missed(n, Miss::row(&table, &key), None);
                super::out(a, out::NOT_FOUND)
            }
            Err(missing) => {
                self.missed(n, Miss::new(Sought::DataTable, &missing.key), None);
                let message = missing.to_string();
                // The flow sees the error as Genesys names it (its Failure output's errorType).
                let t = Value::str("DataTablesTableNotFoundException");
                let m = Value::str(&message);
                self.bind_outputs(n, a.get(prop::LOOKUP_FAILURE), |k| match k {
                    "errorType" => t.clone(),
                    "errorMessage" => m.clone(),
                    _ => Value::NotSet,
                });
                self.note_error(missing_kind(missing.kind), message);
                super::out(a, out::LOOKUP_FAILURE)
            }
        }
    }

    pub(super) fn find_queue(&mut self, n: NodeIdx, a: &Action) -> Did {
        let key = match self.value(n, a, prop::FIND_KEY) {
            Ok(v) => key_of(&v),
            Err(did) => return did,
        };
        // Find Queue by Id searches "case-insensitive" and drops the id's leading and trailing
        // white space (the Find Queue by Id page); Find Queue looks the name up as ever.
        let by_id = a.spec().op == Op::FindQueueById;
        if let Some(k) = &key {
            if let Err(did) = self.count_lookup("queues", k) {
                return did;
            }
        }
        let found =
            key.as_ref()
                .and_then(|k| {
                    if by_id {
                        self.queue_by_id_loosely(k.trim())
                    } else {
                        self.queue_by_key(k)
                    }
                })
                .map(|q| entity(&q.id, &q.name));
        self.found_or_missed(n, a, found, key.map(|k| Miss::new(Sought::Queue, &k)))
    }

    pub(super) fn find_user(&mut self, n: NodeIdx, a: &Action) -> Did {
        let key = match self.value(n, a, prop::FIND_KEY) {
            Ok(v) => key_of(&v),
            Err(did) => return did,
        };
        let by_email = a.spec().op == Op::FindUser;
        if let (false, Some(k)) = (by_email, &key) {
            if let Err(did) = self.count_lookup("users", k) {
                return did;
            }
        }
        let found = key
            .as_ref()
            .and_then(|k| {
                if by_email {
                    self.run.fixtures.user_by_email(k)
                } else {
                    self.run.fixtures.user_by_id(k)
                }
            })
            .map(|u| entity(&u.id, &u.name));
        self.found_or_missed(n, a, found, key.map(|k| Miss::new(Sought::User, &k)))
    }

    /// Find Group, Skill, Language Skill, Schedule, Schedule Group, Emergency Group, User
    /// Prompt, System Prompt, Grammar, Utilization Label; Get External Organization.
    pub(super) fn find_named(&mut self, n: NodeIdx, a: &Action, what: Named) -> Did {
        let key = match self.value(n, a, prop::FIND_KEY) {
            Ok(v) => key_of(&v),
            Err(did) => return did,
        };
        let counted = match what {
            Named::Schedule => Some("schedules"),
            Named::ScheduleGroup => Some("schedule groups"),
            Named::Skill => Some("skills"),
            Named::EmergencyGroup => Some("emergency groups"),
            _ => None,
        };
        if let (Some(kind), Some(k)) = (counted, &key) {
            if let Err(did) = self.count_lookup(kind, k) {
                return did;
            }
        }
        let fx = self.run.fixtures;
        let found = key.as_ref().and_then(|k| match what {
            Named::Group => fx.group(k).map(|e| entity(&e.id, &e.name)),
            Named::Skill => fx.skill(k).map(|e| entity(&e.id, &e.name)),
            Named::LanguageSkill => fx.language(k).map(|e| entity(&e.id, &e.name)),
            // "The schedule string name must be a minimum of one character and maximum of
            // 256 characters" (the Find Schedule page; Find Schedule Group's and Find
            // Emergency Group's say it of theirs): no other name is one's.
            Named::Schedule | Named::ScheduleGroup | Named::EmergencyGroup
                if !(1..=SCHEDULE_NAME_MAX).contains(&k.chars().count()) =>
            {
                None
            }
            Named::Schedule => fx.schedule(k).map(|e| entity(&e.id, &e.name)),
            Named::ScheduleGroup => fx.schedule_group(k).map(|e| entity(&e.id, &e.name)),
            Named::UserPrompt => fx
                .prompt(k)
                .or_else(|| {
                    let name = k.strip_prefix("Prompt.").or_else(|| k.strip_prefix("PromptUser."));
                    name.and_then(|name| fx.prompt(name))
                })
                .map(|e| prompt("Prompt.", &e.name)),
            // Genesys ships system prompts with every org and publishes no list of them: any
            // name is one, unless the fixtures list the org's (docs/architect.md §4).
            Named::SystemPrompt => {
                let name = k.strip_prefix("PromptSystem.").unwrap_or(k);
                match fx.system_prompt(name) {
                    SystemPrompt::NoList => {
                        (!k.trim().is_empty()).then(|| prompt("PromptSystem.", k))
                    }
                    SystemPrompt::Listed(e) => Some(prompt("PromptSystem.", &e.name)),
                    SystemPrompt::Missing => None,
                }
            }
            Named::Grammar => fx.grammar(k).map(|e| entity(&e.id, &e.name)),
            Named::UtilizationLabel => fx.utilization_label(k).map(|e| entity(&e.id, &e.name)),
            Named::ExternalOrganization => fx.external_organization(k).map(|e| e.value.clone()),
            Named::EmergencyGroup => fx.emergency_group(k).map(|e| entity(&e.id, &e.name)),
        });
        let sought = match what {
            Named::Group => Sought::Group,
            Named::Skill => Sought::Skill,
            Named::LanguageSkill => Sought::Language,
            Named::Schedule => Sought::Schedule,
            Named::ScheduleGroup => Sought::ScheduleGroup,
            Named::UserPrompt | Named::SystemPrompt => Sought::Prompt,
            Named::Grammar => Sought::Grammar,
            Named::UtilizationLabel => Sought::UtilizationLabel,
            Named::ExternalOrganization => Sought::ExternalOrganization,
            Named::EmergencyGroup => Sought::EmergencyGroup,
        };
        self.found_or_missed(n, a, found, key.map(|k| Miss::new(sought, &k)))
    }

    /// [`found`](Self::found), a miss recorded when nothing was found (`engine::missing`).
    fn found_or_missed(
        &mut self,
        n: NodeIdx,
        a: &Action,
        value: Option<Value>,
        miss: Option<Miss>,
    ) -> Did {
        if let (None, Some(miss)) = (&value, miss) {
            self.missed(n, miss, None);
        }
        self.found(a, value)
    }

    /// Counts a dynamic lookup of a `kind` of object (`schedules`, `schedule groups`, `emergency
    /// groups`, `skills`, `queues`, `users`) against the flow's limits, as the pages of Find
    /// Schedule, Find Schedule Group, Find Emergency Group, Find Skill, Find Queue, Find Queue by
    /// Id and Find User by Id state them ("The
    /// dynamic lookup limit for a unique type is 25"; "Each lookup is unique, so multiple
    /// lookups for the same object in the flow only count as 1"; "The total lookup limit per
    /// flow is 100"). A key is counted once whatever its case (the searches are not
    /// case-sensitive), found or not; a lookup past a limit fails the action (`lookupLimit`,
    /// docs/architect.md §4).
    fn count_lookup(&mut self, kind: &'static str, key: &str) -> Result<(), Did> {
        let name = key.trim().to_lowercase();
        let frame = &mut self.flowing.frames.last_mut().expect("a frame").arch;
        if frame.lookups.iter().any(|(w, k)| *w == kind && **k == *name) {
            return Ok(());
        }
        let of_kind = frame.lookups.iter().filter(|(w, _)| *w == kind).count();
        let message = if of_kind >= LOOKUPS_PER_TYPE {
            format!("`{key}` would be the flow's {} unique lookup of {kind}: the dynamic lookup limit for a unique type is {LOOKUPS_PER_TYPE}", of_kind + 1)
        } else if frame.lookups.len() >= LOOKUPS_PER_FLOW {
            format!("`{key}` would be the flow's {} unique lookup: the total lookup limit per flow is {LOOKUPS_PER_FLOW}", frame.lookups.len() + 1)
        } else {
            frame.lookups.push((kind, name.into()));
            return Ok(());
        };
        Err(Did::fail(ErrorKind::LookupLimit, message))
    }

    /// Writes a find action's result and takes `found` or `notFound`. The Find actions of
    /// queues, users, groups, skills, languages, schedules, schedule groups and emergency groups
    /// write it only when they find: "The Skill Result field does not populate when the flow
    /// follows the Not Found path" (their pages), so a miss leaves the variable as it was;
    /// the others write NOT_SET.
    fn found(&mut self, a: &Action, value: Option<Value>) -> Did {
        let hit = value.is_some();
        if let Some(var) = a.get(prop::FIND_RESULT).var() {
            let var = var.clone();
            match value {
                Some(v) => self.write_var(&var, v),
                None if populates_only_when_found(a.spec().op) => {}
                None => self.write_var(&var, Value::NotSet),
            }
        }
        super::out(a, if hit { out::FOUND } else { out::NOT_FOUND })
    }

    /// Get External Contact: by the contact's id.
    pub(super) fn get_external_contact(&mut self, n: NodeIdx, a: &Action) -> Did {
        let key = match self.value(n, a, prop::FIND_KEY) {
            Ok(v) => key_of(&v),
            Err(did) => return did,
        };
        let contact = contact_with_id(self.run.fixtures, key.as_deref()).map(Contact::value);
        self.found(a, contact)
    }

    /// Search External Contacts: an email (it has `@`), a phone number, or a term in quotation
    /// marks searched as written (`FixtureStore::search_contacts`); one match is `matchExact`,
    /// more `matchMultiple`, and every match goes to the results, in file order.
    pub(super) fn search_external_contacts(&mut self, n: NodeIdx, a: &Action) -> Did {
        let term = match self.value(n, a, prop::SEARCH_TERM) {
            Ok(v) => key_of(&v),
            Err(did) => return did,
        };
        let list: Vec<Value> = match &term {
            Some(t) => {
                self.run.fixtures.search_contacts(t).into_iter().map(Contact::value).collect()
            }
            None => Vec::new(),
        };
        let count = list.len();
        if let Some(var) = a.get(prop::SEARCH_RESULTS).var() {
            let var = var.clone();
            self.write_var(&var, Value::List(Arc::new(list)));
        }
        super::out(
            a,
            match count {
                0 => out::NO_MATCH,
                1 => out::MATCH_EXACT,
                _ => out::MATCH_MULTIPLE,
            },
        )
    }

    /// The instant an Evaluate Schedule (Group) action evaluates: now (the virtual clock), or
    /// the date-time its `evaluate` property gives.
    fn evaluate_at(&mut self, n: NodeIdx, a: &Action) -> Result<i64, Did> {
        let id = if a.has(prop::SCHEDULE_EVALUATE) {
            prop::SCHEDULE_EVALUATE
        } else {
            prop::SCHEDULE_GROUP_EVALUATE
        };
        // Left out, the evaluation time is Current; given, a NOT_SET time fails the action
        // ("If NOT_SET passes to this field, the action fails at runtime").
        let given = matches!(a.get(id), Prop::Expr(_));
        match self.value(n, a, id)? {
            Value::DateTime(ms) => Ok(ms),
            Value::NotSet if given => Err(Did::fail(
                ErrorKind::NotSet,
                "the schedule evaluation DateTime is NOT_SET".into(),
            )),
            _ => Ok(self.clock.now),
        }
    }

    pub(super) fn evaluate_schedule(&mut self, n: NodeIdx, a: &Action) -> Did {
        match self.value(n, a, prop::EVALUATE_EMERGENCY_GROUP) {
            Ok(Value::Bool(true)) => return self.evaluate_emergency_group(n, a),
            Ok(_) => {}
            Err(did) => return did,
        }
        let key = match self.key_to_evaluate(
            n,
            a,
            (prop::SCHEDULE, "schedule"),
            ErrorKind::ScheduleNotFound,
        ) {
            Ok(key) => key,
            Err(did) => return did,
        };
        if let Some(RecordedSchedule::Lone(active)) = self.run.fixtures.recorded_schedule(&key) {
            return super::out(a, if active { out::ACTIVE } else { out::INACTIVE });
        }
        // Left out, the time zone is the default (UTC); given, a NOT_SET one fails the action
        // ("If NOT_SET passes to either field, the action fails at runtime").
        let zone_given = matches!(a.get(prop::SCHEDULE_TIME_ZONE), Prop::Expr(_));
        let zone = match self.value(n, a, prop::SCHEDULE_TIME_ZONE) {
            Ok(Value::Str(z)) => Some(z),
            Ok(Value::NotSet) if zone_given => {
                return Did::fail(
                    ErrorKind::NotSet,
                    "the time zone to evaluate the schedule in is NOT_SET".into(),
                )
            }
            Ok(_) => None,
            Err(did) => return did,
        };
        let at = match self.evaluate_at(n, a) {
            Ok(at) => at,
            Err(did) => return did,
        };
        match self.run.fixtures.evaluate_schedule(&key, zone.as_deref(), at) {
            Ok(true) => super::out(a, out::ACTIVE),
            Ok(false) => super::out(a, out::INACTIVE),
            Err(m) => self.missing_fail(n, &m),
        }
    }

    /// A schedule evaluation that found something missing: the miss recorded, the action
    /// failed with the missing kind's error.
    fn missing_fail(&mut self, n: NodeIdx, m: &crate::fixtures::Missing) -> Did {
        if let Some(sought) = missing_sought(m.kind) {
            self.missed(n, Miss::new(sought, &m.key), None);
        }
        Did::fail(missing_kind(m.kind), m.to_string())
    }

    /// The schedule or emergency group an Evaluate Schedule names; a NOT_SET one fails the
    /// action (`missing`).
    fn key_to_evaluate(
        &mut self,
        n: NodeIdx,
        a: &Action,
        (id, what): (PropId, &str),
        missing: ErrorKind,
    ) -> Result<Arc<str>, Did> {
        key_of(&self.value(n, a, id)?)
            .ok_or_else(|| Did::fail(missing, format!("the {what} to evaluate is NOT_SET")))
    }

    /// Evaluate Schedule of evaluation type Emergency Group: `active` while the emergency
    /// group is active (enabled), else `inactive`; the date, time and time zone are the
    /// Schedule type's only ("(Schedule evaluation type only) Schedule Evaluation Settings").
    fn evaluate_emergency_group(&mut self, n: NodeIdx, a: &Action) -> Did {
        let id = (prop::SCHEDULE_EMERGENCY_GROUP, "emergency group");
        let key = match self.key_to_evaluate(n, a, id, ErrorKind::EmergencyGroupNotFound) {
            Ok(key) => key,
            Err(did) => return did,
        };
        match self.run.fixtures.emergency_group(&key) {
            Some(g) => super::out(a, if g.enabled { out::ACTIVE } else { out::INACTIVE }),
            None => self
                .missing_fail(n, &crate::fixtures::Missing::new(MissingKind::EmergencyGroup, &key)),
        }
    }

    /// Evaluate Schedule Group: `open`, `closed`, `holiday` or `emergency` on the virtual
    /// clock, in the group's time zone. A group the fixtures do not hold fails closed.
    pub(super) fn evaluate_schedule_group(&mut self, n: NodeIdx, a: &Action) -> Did {
        let key = match self.value(n, a, prop::SCHEDULE_GROUP) {
            Ok(v) => key_of(&v),
            Err(did) => return did,
        };
        let emergency = match self.value(n, a, prop::EMERGENCY_GROUP) {
            Ok(v) => key_of(&v),
            Err(did) => return did,
        };
        // Replaying execution data: the recording's answer for this group.
        let recorded = key.as_deref().and_then(|k| self.run.fixtures.recorded_schedule(k));
        if let Some(RecordedSchedule::Group(state)) = recorded {
            return super::out(a, group_output(state));
        }
        // "If NOT_SET passes to this field, the action fails at runtime" (Evaluate Schedule
        // Group action): the evaluation time is read before anything is evaluated.
        let at = match self.evaluate_at(n, a) {
            Ok(at) => at,
            Err(did) => return did,
        };
        // An active emergency group decides before any schedule (Genesys evaluates it first;
        // a flow may name only an emergency group, with `ToScheduleGroup(NOT_SET)`).
        if let Some(e) = &emergency {
            match self.run.fixtures.emergency_group(e) {
                Some(g) if g.enabled => return super::out(a, out::EMERGENCY),
                Some(_) => {}
                None => {
                    let m = crate::fixtures::Missing::new(MissingKind::EmergencyGroup, e);
                    return self.missing_fail(n, &m);
                }
            }
        }
        let Some(key) = key else {
            // "Unless an emergency schedule is activated, the default evaluation is Closed"
            // (Evaluate Schedule Group action): an inactive emergency group and no schedule
            // group to evaluate is Closed.
            if emergency.is_some() {
                return super::out(a, out::CLOSED);
            }
            return Did::fail(
                ErrorKind::ScheduleGroupNotFound,
                "the schedule group to evaluate is NOT_SET".into(),
            );
        };
        match self.run.fixtures.evaluate_schedule_group(&key, at, emergency.as_deref()) {
            Ok(state) => super::out(a, group_output(state)),
            Err(m) => self.missing_fail(n, &m),
        }
    }

    fn in_bot_flow(&self) -> bool {
        crate::flow::model::FlowType::of(&self.run.reg.flow(self.flowing.frame().flow).flow_type)
            == crate::flow::model::FlowType::Bot
    }

    fn bot_attribute_limits(&mut self, name: &Arc<str>, text: &str) -> Result<(), Did> {
        let chars = text.chars().count();
        if chars > BOT_PARTICIPANT_VALUE_MAX {
            return Err(Did::fail(
                ErrorKind::ParticipantDataLimit,
                format!("attribute `{name}`'s value has {chars} characters; a bot flow's may have at most {BOT_PARTICIPANT_VALUE_MAX}"),
            ));
        }
        let set = &mut self.flowing.frames.last_mut().expect("a frame").arch.participant_writes.1;
        if !set.contains(name) {
            if set.len() as u32 >= BOT_PARTICIPANT_DATA_MAX {
                return Err(Did::fail(
                    ErrorKind::ParticipantDataLimit,
                    format!("a bot session sets at most {BOT_PARTICIPANT_DATA_MAX} attributes; `{name}` would be one more"),
                ));
            }
            set.push(name.clone());
        }
        Ok(())
    }

    /// Whether a conversation-data action is about this run's conversation (a workflow is
    /// usually handed its conversation's id as an input: that counts as this one).
    fn same_conversation(&mut self, n: NodeIdx, a: &Action) -> Result<bool, Did> {
        let id = self.value(n, a, prop::CONVERSATION_ID)?;
        Ok(match id {
            Value::NotSet => true,
            v => {
                let own = self.talk.context.conversation_id.display();
                own.is_empty() || v.display() == own
            }
        })
    }
}

/// How many ids Find Users by Id looks up: "You can look up a maximum of 50 users".
const MAX_USERS_BY_ID: usize = 50;

impl Eval<'_, '_, '_> {
    /// Find Users By Id: each id of `findIds` looked up in the store's users (id, then email,
    /// then name), the first 50 only: "The action looks up the first 50 users, but returns a
    /// NOT_SET for anything that exceeds the maximum number" (its page). `findResult` is a
    /// list one to one with the ids, NOT_SET where a user is missing or past the 50th. All
    /// found: `found`; some: `partiallyFound`; none (or no ids): `notFound`, and `findResult`
    /// NOT_SET.
    pub(super) fn find_users_by_id(&mut self, n: NodeIdx, a: &Action) -> Did {
        let ids = match self.value(n, a, prop::FIND_KEY) {
            Ok(Value::List(items)) => items,
            Ok(Value::NotSet) => Arc::new(Vec::new()),
            Ok(one) => Arc::new(vec![one]),
            Err(did) => return did,
        };
        let found: Vec<Value> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                key_of(id)
                    .filter(|_| i < MAX_USERS_BY_ID)
                    .and_then(|k| self.run.fixtures.user_by_id(&k))
                    .map_or(Value::NotSet, |u| entity(&u.id, &u.name))
            })
            .collect();
        let hits = found.iter().filter(|v| v.is_set()).count();
        let (output, result) = match hits {
            0 => (out::USERS_NOT_FOUND, Value::NotSet),
            h if h == found.len() => (out::USERS_FOUND, Value::List(Arc::new(found))),
            _ => (out::USERS_PARTIALLY_FOUND, Value::List(Arc::new(found))),
        };
        if let Some(var) = a.get(prop::FIND_RESULT).var() {
            let var = var.clone();
            self.write_var(&var, result);
        }
        super::out(a, output)
    }

    /// Promote External Contact: a contact of the fixtures by id is written to
    /// `externalResult` and takes `success`; otherwise `failure`, with step error
    /// `contactNotFound` (the fixtures do not tell ephemeral contacts from curated ones).
    pub(super) fn promote_external_contact(&mut self, n: NodeIdx, a: &Action) -> Did {
        let key = match self.value(n, a, prop::FIND_KEY) {
            Ok(v) => key_of(&v),
            Err(did) => return did,
        };
        let contact = contact_with_id(self.run.fixtures, key.as_deref()).map(Contact::value);
        let hit = contact.is_some();
        if let Some(var) = a.get(prop::FIND_RESULT).var() {
            let var = var.clone();
            self.write_var(&var, contact.unwrap_or(Value::NotSet));
        }
        if hit {
            return super::out(a, out::SUCCESS);
        }
        let what = key.map_or_else(|| "NOT_SET".to_owned(), |k| format!("`{k}`"));
        self.note_error(
            ErrorKind::ContactNotFound,
            format!("external contact {what} is not in the fixtures"),
        );
        super::out(a, out::FAILURE)
    }
}

/// How often a flow may read its SIP headers: Genesys, "If a flow successfully runs the Get
/// Raw SIP Headers action three times, any subsequent invocations of the action takes the
/// failure path" (likewise Get SIP Headers).
const SIP_READS_MAX: u32 = 3;

impl Eval<'_, '_, '_> {
    /// Get Secured Data: each attribute from the conversation's secured data (what Set Secured
    /// Data stored in this run) into its variable as a string; a missing one gives NOT_SET.
    /// Names are case-sensitive, as participant data's. Always `success`: the failures Genesys
    /// names come from the customer's key service, which is not simulated.
    pub(super) fn get_secured_data(&mut self, n: NodeIdx, a: &Action) -> Did {
        for attr in a.get(prop::GET_ATTRIBUTES_LIST).list() {
            let Prop::Var(var) = Prop::field(attr, prop::GET_VARIABLE) else { continue };
            let name = match self.value_of(n, Prop::field(attr, prop::GET_NAME)) {
                Ok(v) => v.display(),
                Err(did) => return did,
            };
            let value = self
                .talk
                .secured_data
                .iter()
                .find(|(k, _)| **k == *name)
                .map_or(Value::NotSet, |(_, v)| Value::Str(v.clone()));
            self.write_output(n, var, value);
        }
        super::out(a, out::SUCCESS)
    }

    /// Get SIP Headers (`raw` false: the headers named by `sipHeaderNames`, all when it is
    /// NOT_SET or empty, as a JSON object into `sipHeadersResult`) and Get Raw SIP Headers
    /// (`raw`: every header as `Name: value` lines, CRLF-separated, into
    /// `rawSipHeadersResult`). The headers are the run request's `context.sipHeaders` (the
    /// call's initial INVITE); names compare ignoring case. Failure, with `errorType`: none in
    /// the request (or none of those named) is `NoSipHeadersExist`; a fourth successful read
    /// in a flow is `ActionInvocationLimitExceeded`.
    pub(super) fn get_sip_headers(&mut self, n: NodeIdx, a: &Action, raw: bool) -> Did {
        let wanted: Vec<String> = if raw {
            Vec::new()
        } else {
            match self.value(n, a, prop::SIP_HEADER_NAMES) {
                Ok(Value::NotSet) => Vec::new(),
                Ok(Value::List(items)) => {
                    items.iter().filter(|v| v.is_set()).map(Value::display).collect()
                }
                Ok(Value::Str(s)) => vec![s.to_string()],
                Ok(other) => {
                    return Did::fail(
                        ErrorKind::TypeMismatch,
                        format!(
                            "getSIPHeaders' sipHeaderNames is {}, not String Collection",
                            other.ty()
                        ),
                    )
                }
                Err(did) => return did,
            }
        };
        let reads = self.flowing.frames.last().expect("a frame").arch.sip_reads[usize::from(raw)];
        let headers: Vec<(String, String)> = self
            .talk
            .context
            .sip_headers
            .iter()
            .filter(|(k, _)| wanted.is_empty() || wanted.iter().any(|w| w.eq_ignore_ascii_case(k)))
            .cloned()
            .collect();
        let failure = if reads >= SIP_READS_MAX {
            Some((
                "ActionInvocationLimitExceeded",
                format!("a flow reads its SIP headers at most {SIP_READS_MAX} times"),
            ))
        } else if headers.is_empty() {
            Some((
                "NoSipHeadersExist",
                "the request's context has no such SIP headers (context.sipHeaders)".to_string(),
            ))
        } else {
            None
        };
        if let Some((kind, message)) = failure {
            let (k, m) = (Value::str(kind), Value::str(&message));
            let failure = if raw { prop::RAW_SIP_FAILURE } else { prop::SIP_FAILURE };
            self.bind_outputs(n, a.get(failure), |name| match name {
                "errorType" => k.clone(),
                "errorMessage" => m.clone(),
                _ => Value::NotSet,
            });
            self.note_error(ErrorKind::SipHeaders, format!("{kind}: {message}"));
            return super::out(a, out::FAILURE);
        }
        self.flowing.frames.last_mut().expect("a frame").arch.sip_reads[usize::from(raw)] += 1;
        let value = if raw {
            let text: Vec<String> = headers.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            Value::Str(Arc::from(text.join("\r\n")))
        } else {
            let mut o = crate::expr::value::Object::new();
            for (k, v) in headers {
                o.insert(Arc::from(k), Value::Str(Arc::from(v)));
            }
            Value::Object(Arc::new(o))
        };
        let result = if raw { prop::RAW_SIP_HEADERS_RESULT } else { prop::SIP_HEADERS_RESULT };
        if let Prop::Var(v) = a.get(result) {
            let v = v.clone();
            self.write_var(&v, value);
        }
        super::out(a, out::SUCCESS)
    }

    /// Plays a Call Data Action's processing prompt: its audio prompts only. Genesys: "The
    /// prompt must be an audio file. Text-to-speech (TTS) is not supported" ([Call Data Action
    /// action](https://help.mypurecloud.com/articles/call-data-action/)); `check` warns of such
    /// a prompt (`badPropertyValue`).
    fn play_processing_prompt(&mut self, n: NodeIdx, a: &Action) -> Result<(), Did> {
        let v = self.value(n, a, prop::DATA_ACTION_PROCESSING_PROMPT)?;
        let Value::Media(m) = &v else {
            // Text is text to speech.
            return Ok(());
        };
        let mut audio = (**m).clone();
        audio.parts.retain(|p| !matches!(p, Part::Text(_)));
        if audio.parts.is_empty() {
            return Ok(());
        }
        let mut text = String::new();
        audio.write_display(&mut text);
        self.say(n, Arc::from(text));
        Ok(())
    }
}

// What sets the conversation: participant, conversation and secured data, the contact an
// interaction is associated with, and decision tables (their mock's use counted).
impl Sets<'_, '_, '_> {
    /// Associate External Contact: a contact of the fixtures by id is associated with the
    /// conversation (`settings.externalContact` = its id) and takes `found`; otherwise
    /// `notFound`, nothing recorded.
    pub(super) fn associate_external_contact(&mut self, n: NodeIdx, a: &Action) -> Did {
        let key = match self.eval().value(n, a, prop::ASSOCIATE_ID) {
            Ok(v) => key_of(&v),
            Err(did) => return did,
        };
        let found =
            contact_with_id(self.run.fixtures, key.as_deref()).map(|c| Arc::<str>::from(c.id()));
        match found {
            Some(id) => {
                self.set_setting("externalContact", Value::Str(id));
                super::out(a, out::FOUND)
            }
            None => super::out(a, out::NOT_FOUND),
        }
    }

    /// Call Decision Table: the first row whose conditions hold for the inputs, else the
    /// default row, gives `successOutputs`; no row, or a table the fixtures lack, takes
    /// `failure` with `errorType` and `errorMessage`.
    pub(super) fn call_decision_table(&mut self, n: NodeIdx, a: &Action) -> Did {
        let name = a.get(prop::DECISION_TABLE).text().cloned().unwrap_or_else(|| Arc::from(""));
        let mut inputs: Vec<(Arc<str>, Value)> = Vec::new();
        for (key, p) in a.get(prop::DECISION_INPUTS).map() {
            match self.eval().value_of(n, p) {
                Ok(v) => inputs.push((key.clone(), v)),
                Err(did) => return did,
            }
        }
        let input = |k: &str| {
            inputs.iter().find(|(n, _)| &**n == k).map_or(Value::NotSet, |(_, v)| v.clone())
        };
        let decided = self.run.fixtures.decision_table(&name).map(|table| table.decide(input));
        let (error_type, message) = if let Some(chosen) = decided {
            if let Some(outputs) = chosen {
                self.eval()
                    .bind_outputs(n, a.get(prop::DECISION_SUCCESS), |k| member_path(&outputs, k));
                return super::out(a, out::SUCCESS);
            }
            let message = format!(
                "no row of decision table `{name}` matches its inputs, and it has no default row"
            );
            ("NoMatchingRow", message)
        } else {
            let message = format!("decision table `{name}` is not in the fixtures");
            self.eval().missed(n, Miss::new(Sought::DecisionTable, &name), None);
            self.eval().note_error(ErrorKind::DecisionTableNotFound, message.clone());
            ("DecisionTableNotFound", message)
        };
        let (t, m) = (Value::str(error_type), Value::str(&message));
        self.eval().bind_outputs(n, a.get(prop::DECISION_FAILURE), |k| match k {
            "errorType" => t.clone(),
            "errorMessage" => m.clone(),
            _ => Value::NotSet,
        });
        super::out(a, out::FAILURE)
    }

    /// Set Secured Data: each attribute's value as text into the conversation's secured data
    /// (a NOT_SET value leaves the attribute as it was). Secured data stays out of the
    /// result's `participantData` and of the trace's writes.
    pub(super) fn set_secured_data(&mut self, n: NodeIdx, a: &Action) -> Did {
        for attr in a.get(prop::SET_ATTRIBUTES_LIST).list() {
            match self.attribute(n, attr) {
                Ok(Some((name, text))) => set_attribute(&mut self.talk.secured_data, name, text),
                Ok(None) => {}
                Err(did) => return did,
            }
        }
        super::out(a, out::SUCCESS)
    }

    /// A Set Participant or Secured Data attribute's name and value as text; `None` when the
    /// value is NOT_SET (the attribute is left as it was).
    fn attribute(&mut self, n: NodeIdx, attr: &[Prop]) -> Result<Option<Attribute>, Did> {
        let name =
            Arc::<str>::from(self.eval().value_of(n, Prop::field(attr, prop::SET_NAME))?.display());
        match self.eval().value_of(n, Prop::field(attr, prop::SET_VALUE))? {
            Value::NotSet => Ok(None),
            v => Ok(Some((name, string_text(&v)))),
        }
    }

    /// Sets each attribute; in a bot flow (`bot`) within Genesys's limits for a bot session:
    /// 50 attributes, values of at most 256 characters ([Set Participant Data action]).
    fn write_attributes_in(&mut self, n: NodeIdx, list: &Prop, bot: bool) -> Did {
        for attr in list.list() {
            match self.attribute(n, attr) {
                Ok(None) => {}
                Ok(Some((name, text))) => {
                    if bot {
                        if let Err(did) = self.eval().bot_attribute_limits(&name, &text) {
                            return did;
                        }
                    }
                    self.step.rec.wrote(
                        Name::from(format!("participantData.{name}")),
                        Value::Str(text.clone()),
                    );
                    set_attribute(&mut self.talk.arch.participant_data, name, text);
                }
                Err(did) => return did,
            }
        }
        Did::Success
    }

    /// Set Participant Data: each attribute's value as text. A NOT_SET value leaves the
    /// attribute as it was.
    pub(super) fn set_participant_data(&mut self, n: NodeIdx, a: &Action) -> Did {
        let bot = self.eval().in_bot_flow();
        if bot {
            let runs =
                &mut self.flowing.frames.last_mut().expect("a frame").arch.participant_writes.0;
            *runs += 1;
            if *runs > BOT_PARTICIPANT_DATA_MAX {
                return Did::fail(
                    ErrorKind::ParticipantDataLimit,
                    format!("a bot session runs Set Participant Data at most {BOT_PARTICIPANT_DATA_MAX} times"),
                );
            }
        }
        self.write_attributes_in(n, a.get(prop::SET_ATTRIBUTES_LIST), bot)
    }

    fn write_attributes(&mut self, n: NodeIdx, list: &Prop) -> Did {
        self.write_attributes_in(n, list, false)
    }

    /// Set Conversation Data: on this conversation (no id, or this one's id) it sets
    /// participant data; another conversation's data is not in the fixtures: `failure`.
    pub(super) fn set_conversation_data(&mut self, n: NodeIdx, a: &Action) -> Did {
        self.conversation_data(n, a, Self::write_attributes, (out::SUCCESS, out::FAILURE))
    }

    fn conversation_data(
        &mut self,
        n: NodeIdx,
        a: &Action,
        attributes: impl FnOnce(&mut Self, NodeIdx, &Prop) -> Did,
        (done, other): (OutputId, OutputId),
    ) -> Did {
        match self.eval().same_conversation(n, a) {
            Ok(true) => match attributes(self, n, a.get(prop::CONVERSATION_ATTRIBUTES)) {
                Did::Success => super::out(a, done),
                did => did,
            },
            Ok(false) => {
                self.eval().note_error(
                    ErrorKind::Unsupported,
                    "another conversation's data is not part of the fixtures".into(),
                );
                super::out(a, other)
            }
            Err(did) => did,
        }
    }

    /// Get Conversation Data: as Set, reading instead.
    /// Get Conversation Data: Genesys's page says the flow "takes the Found or Not Found
    /// output path, based on whether Architect finds the conversation ID": this run's
    /// conversation is found; another one is not in the fixtures (`notFound`, the step noting
    /// `unsupported`).
    pub(super) fn get_conversation_data(&mut self, n: NodeIdx, a: &Action) -> Did {
        self.conversation_data(n, a, Self::read_attributes, (out::FOUND, out::NOT_FOUND))
    }

    fn read_attributes(&mut self, n: NodeIdx, list: &Prop) -> Did {
        for attr in list.list() {
            let Prop::Var(var) = Prop::field(attr, prop::GET_VARIABLE) else { continue };
            let name = match self.eval().value_of(n, Prop::field(attr, prop::GET_NAME)) {
                Ok(v) => v.display(),
                Err(did) => return did,
            };
            // Participant data names are case-sensitive (Genesys's Get Participant Data help).
            let data = &self.talk.arch.participant_data;
            let value = data
                .iter()
                .find(|(k, _)| **k == *name)
                .map_or(Value::NotSet, |(_, v)| Value::Str(v.clone()));
            self.eval().write_output(n, var, value);
        }
        Did::Success
    }

    /// Get Participant Data: each attribute into its variable (NOT_SET when not set). A bot
    /// session runs it at most 50 times; the 51st goes to the flow's error handling.
    pub(super) fn get_participant_data(&mut self, n: NodeIdx, a: &Action) -> Did {
        if self.eval().in_bot_flow() {
            let runs = &mut self.flowing.frames.last_mut().expect("a frame").arch.participant_reads;
            *runs += 1;
            if *runs > BOT_PARTICIPANT_DATA_MAX {
                return Did::fail(
                    ErrorKind::ParticipantDataLimit,
                    format!("a bot session runs Get Participant Data at most {BOT_PARTICIPANT_DATA_MAX} times"),
                );
            }
        }
        self.read_attributes(n, a.get(prop::GET_ATTRIBUTES_LIST))
    }
}

// Call Data Action lets the mock's delay pass.
impl Cx<'_, '_> {
    /// Call Data Action: answered by the fixtures' mocks by the action's name. Success binds
    /// `successOutputs` from the response, failure binds `failureOutputs`, a response slower
    /// than the timeout takes `timeout`. No mock fits: `failure`, with the step's error
    /// `unmockedDataAction` and a warning (mocks fail closed). A call that takes longer than a
    /// second plays the processing prompt, once.
    pub(super) fn call_data(&mut self, n: NodeIdx, a: &Action) -> Did {
        let name = a.get(prop::DATA_ACTION).text().cloned().unwrap_or_else(|| Arc::from(""));
        // A timeout the flow leaves out, or whose expression gives NOT_SET, is the catalogue's
        // (one minute, what the Scripting SDK gives a Call Data action it adds).
        let timeout = match self.eval().value(n, a, prop::DATA_ACTION_TIMEOUT) {
            Ok(v) => match super::duration_ms(&v, super::unset_ms(a, prop::DATA_ACTION_TIMEOUT)) {
                Ok(ms) => ms,
                Err(did) => return did,
            },
            Err(did) => return did,
        };
        let mut inputs: Vec<(Arc<str>, Arc<str>)> = Vec::new();
        // The inputs that read a secure variable, whose values no message shows.
        let mut secure: Vec<bool> = Vec::new();
        // A NOT_SET input is not sent where the catalogue says so: "Data Action execution and
        // test requests will ignore null input values" (Genesys's data actions notice).
        let skips = a.spec_of(prop::DATA_ACTION_INPUTS).skips_not_set;
        for (key, p) in a.get(prop::DATA_ACTION_INPUTS).map() {
            match self.eval().value_of(n, p) {
                Ok(Value::NotSet) if skips => continue,
                Ok(v) => inputs.push((key.clone(), Arc::from(v.display()))),
                Err(did) => return did,
            }
            secure.push(self.run.reads_secure(p));
        }
        let pairs: Vec<(&str, &str)> = inputs.iter().map(|(k, v)| (&**k, &**v)).collect();
        let answer = match self.input.live.data_action(&name) {
            Some(a) => a,
            None => self.run.fixtures.data_action(&name, &pairs, &mut self.talk.usage.data_actions),
        };
        let took = match &answer {
            DataActionAnswer::Outputs { delay_ms, .. }
            | DataActionAnswer::Failed { delay_ms, .. }
                if *delay_ms <= timeout =>
            {
                *delay_ms
            }
            DataActionAnswer::Unmocked => 0,
            _ => timeout,
        };
        if took > PROCESSING_PROMPT_DELAY_MS {
            if let Err(did) = self.eval().play_processing_prompt(n, a) {
                return did;
            }
        }
        match answer {
            DataActionAnswer::Outputs { outputs, delay_ms } if delay_ms <= timeout => {
                self.clock.advance(delay_ms);
                let top = self.flowing.frames.first().map_or(self.flowing.frame().flow, |f| f.flow);
                if caps_response_size(&self.run.reg.flow(top).flow_type) {
                    let bytes = serde_json::to_vec(&outputs.to_json()).map_or(0, |b| b.len());
                    if bytes > MAX_RESPONSE_BYTES {
                        let message = format!(
                            "data action `{name}` answered {bytes} bytes, more than the 2 MB a Call Data Action takes in a {} flow",
                            self.run.reg.flow(top).flow_type
                        );
                        let m = Value::str(&message);
                        self.eval().bind_outputs(
                            n,
                            a.get(prop::DATA_ACTION_FAILURE),
                            |k| match k {
                                "errorMessage" => m.clone(),
                                _ => Value::NotSet,
                            },
                        );
                        self.eval().note_error(ErrorKind::DataActionFailed, message);
                        return super::out(a, out::FAILURE);
                    }
                }
                self.eval().bind_outputs(n, a.get(prop::DATA_ACTION_SUCCESS), |k| {
                    member_path(&outputs, k)
                });
                super::out(a, out::SUCCESS)
            }
            DataActionAnswer::Failed { message, fields, delay_ms } if delay_ms <= timeout => {
                self.clock.advance(delay_ms);
                let m = Value::str(&message);
                // An error object's members fill the outputs of their names (`status`,
                // `errorCode`, `details.fieldName`); the message fills the message outputs.
                self.eval().bind_outputs(n, a.get(prop::DATA_ACTION_FAILURE), |k| {
                    match (member_path(&fields, k), k) {
                        (Value::NotSet, "errorMessage" | "userMessage" | "message") => m.clone(),
                        (v, _) => v,
                    }
                });
                self.eval().note_error(
                    ErrorKind::DataActionFailed,
                    format!("data action `{name}` failed: {message}"),
                );
                super::out(a, out::FAILURE)
            }
            DataActionAnswer::Unmocked => {
                let shown: Vec<String> = pairs
                    .iter()
                    .zip(&secure)
                    .map(|((k, v), secure)| {
                        let v = if *secure { crate::engine::arch::SECURE_TEXT } else { v };
                        format!("{k}={v:?}")
                    })
                    .collect();
                let message = format!(
                    "no mock response fits data action `{name}` with inputs {{{}}}",
                    shown.join(", ")
                );
                self.eval().missed(n, Miss::new(Sought::DataAction, &name), Some(message.clone()));
                self.eval().note_error(ErrorKind::UnmockedDataAction, message);
                super::out(a, out::FAILURE)
            }
            _ => {
                self.clock.advance(timeout);
                self.eval().note_error(
                    ErrorKind::DataActionTimeout,
                    format!("data action `{name}` did not answer within {timeout} ms"),
                );
                super::out(a, out::TIMEOUT)
            }
        }
    }
}

/// The fixtures' external contact whose id is `key`, if any (Get, Promote and Associate
/// External Contact look it up so).
fn contact_with_id<'f>(fixtures: &'f FixtureStore, key: Option<&str>) -> Option<&'f Contact> {
    fixtures.find_contacts(LookupBy::Id, key?).first
}
