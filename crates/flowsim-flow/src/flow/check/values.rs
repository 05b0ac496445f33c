//! Property values Architect's designer does not allow, written as literals: `badPropertyValue`
//! warnings, each naming the action, the property and the page that sets the limit. A run
//! keeps to the same limits (docs/architect.md, the actions' rows).
//!
//! - Call Data Action's processing prompt: "The prompt must be an audio file. Text-to-speech
//!   (TTS) is not supported" ([Call Data Action
//!   action](https://help.mypurecloud.com/articles/call-data-action/)).
//! - Collect Input's No Entry Timeout: "The minimum is one second, and the maximum is one
//!   minute and 39 seconds" ([Collect Input
//!   action](https://help.mypurecloud.com/articles/collect-digits-data-action/)).
//! - Detect Silence's Silence Duration: "set the value at a minimum of 0.25 seconds and a
//!   maximum of 10 seconds"; its Timeout: "set the value at a minimum of 1 second and a maximum
//!   of 1 minute" ([Detect Silence
//!   action](https://help.mypurecloud.com/articles/detect-silence-action)).
//!
//! - Transfer to ACD's priority: "In literal mode, the priority scale is -25,000,000 to
//!   25,000,000" ([Set up a Transfer to ACD
//!   action](https://help.mypurecloud.com/articles/set-up-a-transfer-to-acd-action/)); Set
//!   Priority's too, whose page says a priority "outside of the allowable range" takes Failure
//!   ([Set Priority action](https://help.mypurecloud.com/?p=260380)).
//! - Set UUI Data's mode: "specify whether to send the supplied UUI data on disconnect ... or
//!   transfer it" ([Set UUI Data action](https://help.mypurecloud.com/articles/set-uui-data-action/)).
//! - Transfer to Voicemail's kind of mailbox: "a Genesys Cloud user's, queue's, or group's
//!   voicemail" ([Transfer to Voicemail
//!   action](https://help.mypurecloud.com/articles/transfer-voicemail-action/)).
//!
//! - A time picker's Timeslot Collection, written as a literal list: it "must have a minimum of
//!   one future DateTime value" and "can have up to 50 DateTime values" ([Use custom timeslot
//!   slot types in a bot flow](https://help.mypurecloud.com/?p=368661)).
//!
//! A Switch with no case or more than 64, `badPropertyValue` errors: "The minimum number of
//! allowable cases is 1 (in addition to the default), and the maximum number of allowable cases
//! is 64" ([Switch action](https://help.mypurecloud.com/articles/switch-action/)).
//!
//! And those Architect's validation refuses, `missingProperty` errors: an Extract Secure Data
//! whose secure data risk is not acknowledged ("Flow authors must check a box on the Extract
//! Secure Data data action to acknowledge the intent to unsecure data", [Extract Secure Data
//! action](https://help.mypurecloud.com/articles/extract-secure-data-action/); the Scripting
//! SDK's validation: "Secure data risk acknowledgement has not been checked."); a participant data
//! attribute whose literal name is blank ("The attribute name should be a string literal and
//! will produce an error state if left blank", [Get Participant Data
//! action](https://help.mypurecloud.com/articles/get-participant-data-action/)); and an Evaluate
//! Schedule with nothing to evaluate: no schedule for the Schedule evaluation type, no emergency
//! group for the Emergency Group one ("Depending on the selected evaluation type, from the list
//! choose the schedule or emergency group to evaluate", [Evaluate Schedule
//! action](https://help.mypurecloud.com/articles/evaluate-schedule-action/)).

use super::place::Places;
use crate::diag::{Code, Diagnostic};
use crate::expr::{Expr, ExprKind, Value};
use crate::flow::action::{Action, Prop};
use crate::flow::catalogue::bots::prop::MAX_TIMESLOTS;
use crate::flow::catalogue::prompts::prop::{
    NO_ENTRY_TIMEOUT_MS, SILENCE_DURATION_MS, SILENCE_TIMEOUT_MS,
};
use crate::flow::catalogue::routing::prop::{acd_priority_scale, ACD_PRIORITY_RANGE};
use crate::flow::catalogue::{control, conversation, data, prompts, routing, PropId};
use crate::flow::model::Flow;

/// Whether an audio expression speaks text (`tts:`, `ToAudioTTS(...)`, a string), which a
/// processing prompt cannot.
pub fn speaks_text(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Lit(Value::Str(_)) => true,
        ExprKind::Call(c) => {
            let name = crate::expr::func::get(c.func).name;
            name.eq_ignore_ascii_case("ToAudioTTS") || c.args.iter().any(speaks_text)
        }
        _ => false,
    }
}

/// A duration `a` gives `prop` as a literal, in milliseconds, when it is outside `range`.
fn literal_outside(a: &Action, prop: PropId, (min, max): (u64, u64)) -> Option<i64> {
    if !a.has(prop) {
        return None;
    }
    let ms = a.get(prop).expr().and_then(literal_ms)?;
    (!(min as i64..=max as i64).contains(&ms)).then_some(ms)
}

/// A literal duration in milliseconds, a negative one too (`{lit: {seconds: 150}}`; `{exp:
/// 'MakeDuration(...)'}` is not a literal).
fn literal_ms(e: &Expr) -> Option<i64> {
    match &e.kind {
        ExprKind::Lit(Value::Duration(ms)) => Some(*ms),
        ExprKind::Lit(Value::Int(s)) => Some(s.saturating_mul(1000)),
        _ => None,
    }
}

/// What is wrong with a timeslot slot type's collection written as a literal list
/// (`MakeList(...)`, a literal collection, `NOT_SET`): more items than a time picker takes, or
/// no item that is not NOT_SET. A run fails the Ask for Slot that offers it alike
/// (`collectionTooLarge`, `notSet`); a computed collection is judged by the run.
fn timeslots_problem(e: &Expr) -> Option<(String, &'static str)> {
    let is_not_set = |e: &Expr| matches!(e.kind, ExprKind::Lit(Value::NotSet));
    let (count, set) = match &e.kind {
        ExprKind::Lit(Value::NotSet) => (0, 0),
        ExprKind::Lit(Value::List(items)) => {
            (items.len(), items.iter().filter(|v| !matches!(v, Value::NotSet)).count())
        }
        ExprKind::Call(c)
            if crate::expr::func::get(c.func).name.eq_ignore_ascii_case("MakeList") =>
        {
            (c.args.len(), c.args.iter().filter(|a| !is_not_set(a)).count())
        }
        _ => return None,
    };
    if count > MAX_TIMESLOTS {
        return Some((
            format!("the collection holds {count} timeslots; a time picker's collection \"can have up to {MAX_TIMESLOTS} DateTime values\", and a run fails the Ask for Slot with `collectionTooLarge`"),
            "offer at most 50 timeslots",
        ));
    }
    (set == 0).then(|| {
        (
            "the collection holds no timeslot; it \"must have a minimum of one future DateTime value\", and a run fails the Ask for Slot with `notSet`".to_owned(),
            "offer at least one future timeslot: `MakeList(MakeTimeslot(ToDateTime(\"...\"), MakeDuration(0, 1, 0, 0)))`",
        )
    })
}

/// `badPropertyValue` warnings over the timeslot slot types' collections of `flow`'s bot.
fn timeslots(flow: &Flow, places: &Places<'_>, diags: &mut Vec<Diagnostic>) {
    let Some(bot) = &flow.arch.bot else { return };
    for t in &bot.dynamic_timeslot_types {
        let Some((message, help)) = t.timeslots.as_ref().and_then(timeslots_problem) else {
            continue;
        };
        let d = Diagnostic::warning(
            Code::BadPropertyValue,
            format!("slot type `{}`: {message}", t.name),
        )
        .help(help)
        .file(&flow.file)
        .flow(&*flow.name)
        .property(&*t.at);
        diags.push(places.setting(flow, d, &t.at));
    }
}

/// The warnings of one action.
fn action_problem(a: &Action) -> Option<(&'static str, String, String)> {
    if a.has(data::prop::DATA_ACTION_PROCESSING_PROMPT) {
        if let Prop::Expr(e) = a.get(data::prop::DATA_ACTION_PROCESSING_PROMPT) {
            if speaks_text(e) {
                return Some((
                    "processingPrompt",
                    "a Call Data Action's processing prompt is text to speech; Architect plays only an audio prompt there (\"Text-to-speech (TTS) is not supported\"), so a run plays none of its text".to_owned(),
                    "choose a user prompt (`lit: {name: Prompt.x}`) or remove the processing prompt".to_owned(),
                ));
            }
        }
    }
    if let Some(ms) = literal_outside(a, prompts::prop::NO_ENTRY_TIMEOUT, NO_ENTRY_TIMEOUT_MS) {
        let (min, max) = NO_ENTRY_TIMEOUT_MS;
        return Some((
            "noEntryTimeout",
            format!("Collect Input's No Entry Timeout is {} s; Architect allows 1 s to 1 min 39 s, and a run waits {} s", ms as f64 / 1000.0, ms.clamp(min as i64, max as i64) / 1000),
            "set a timeout from 1 to 99 seconds".to_owned(),
        ));
    }
    if let Some(ms) = literal_outside(a, prompts::prop::SILENCE_DURATION, SILENCE_DURATION_MS) {
        let (min, max) = SILENCE_DURATION_MS;
        return Some((
            "silenceDuration",
            format!(
                "Silence Duration is {} s; Architect allows 0.25 s to 10 s, and a run waits {} s",
                ms as f64 / 1000.0,
                ms.clamp(min as i64, max as i64) as f64 / 1000.0
            ),
            "set a silence duration from 0.25 to 10 seconds".to_owned(),
        ));
    }
    if let Some(ms) = literal_outside(a, prompts::prop::SILENCE_TIMEOUT, SILENCE_TIMEOUT_MS) {
        return Some((
            "timeout",
            format!("Timeout is {} s; Architect allows 1 s to 1 min", ms as f64 / 1000.0),
            "set a timeout from 1 to 60 seconds".to_owned(),
        ));
    }
    for (id, what, runs) in [
        (routing::prop::ACD_PRIORITY, "Transfer to ACD's priority", "in literal mode "),
        (conversation::prop::PRIORITY, "Set Priority's priority", ""),
    ] {
        if !a.has(id) {
            continue;
        }
        if let Some(ExprKind::Lit(Value::Int(p))) = a.get(id).expr().map(|e| &e.kind) {
            let (min, max) = ACD_PRIORITY_RANGE;
            if !(min..=max).contains(p) {
                let then = if runs.is_empty() { "; a run takes Failure" } else { "" };
                return Some((
                    "priority",
                    format!(
                        "{what} is {p}; {runs}Architect's priority scale is {}{then}",
                        acd_priority_scale()
                    ),
                    format!("give a priority from {min} to {max}"),
                ));
            }
        }
    }
    // Set Flow Outcome's value: "Choose Failure or Success" (Set Flow Outcome action).
    if a.has(control::prop::FLOW_OUTCOME_VALUE) {
        if let Some(ExprKind::Lit(Value::Str(v))) =
            a.get(control::prop::FLOW_OUTCOME_VALUE).expr().map(|e| &e.kind)
        {
            if !["success", "failure"].iter().any(|ok| v.trim().eq_ignore_ascii_case(ok)) {
                return Some((
                    "flowOutcomeValue",
                    format!("Set Flow Outcome's value `{v}` is neither Success nor Failure, the two Architect offers (\"Choose Failure or Success\")"),
                    "write `flowOutcomeValue: {lit: SUCCESS}` or `{lit: FAILURE}`".to_owned(),
                ));
            }
        }
    }
    if a.has(conversation::prop::UUI_MODE) {
        let Prop::Text(mode) = a.get(conversation::prop::UUI_MODE) else { return None };
        if conversation::prop::UUI_MODES.find(mode).is_none() {
            return Some((
                "mode",
                format!("Set UUI Data's mode `{mode}` is neither transfer nor disconnect, the two Architect offers; a run fails at the action"),
                "write `mode: transfer` (the data goes out with a transfer) or `mode: disconnect`".to_owned(),
            ));
        }
    }
    if a.has(routing::prop::VOICEMAIL_TARGET_TYPE) {
        if let Prop::Text(kind) = a.get(routing::prop::VOICEMAIL_TARGET_TYPE) {
            let kinds = routing::prop::VOICEMAIL_KINDS;
            if kinds.find(kind).is_none() {
                return Some((
                    "transferTargetType",
                    format!("Transfer to Voicemail's transferTargetType `{kind}` is none of {}, the mailboxes Architect transfers to; a run fails at the action", kinds.list()),
                    "write `transferTargetType: queue` (or `user`, `group`)".to_owned(),
                ));
            }
        }
    }
    None
}

/// A Switch with no case, or more than Architect allows: "The minimum number of allowable
/// cases is 1 (in addition to the default), and the maximum number of allowable cases is 64"
/// ([Switch action](https://help.mypurecloud.com/articles/switch-action/)).
fn switch_cases_problem(a: &Action) -> Option<(String, &'static str)> {
    const MAX_CASES: usize = 64;
    // A switch of a style flowsim does not run has its cases unread (`unsupported` says so).
    if !a.has(control::prop::SWITCH_CASES) || a.get(control::prop::SWITCH_CASES).is_none() {
        return None;
    }
    let count = a.get(control::prop::SWITCH_CASES).list().len();
    if count == 0 {
        return Some((
            "the Switch has no case; Architect's Switch takes 1 to 64 cases besides its default"
                .to_owned(),
            "add a case, or replace the Switch with the actions of its default path",
        ));
    }
    (count > MAX_CASES).then(|| {
        (
            format!("the Switch has {count} cases; Architect's Switch takes at most {MAX_CASES}"),
            "split the cases over two Switch actions, the second on the first's default path",
        )
    })
}

/// Whether an Extract Secure Data says, as a literal, that its risk is not acknowledged (one
/// that does not say is not judged: Archy's form for the acknowledgment is not published).
fn unacknowledged(a: &Action) -> bool {
    a.has(data::prop::SECURE_ACKNOWLEDGMENT)
        && a.get(data::prop::SECURE_ACKNOWLEDGMENT)
            .expr()
            .is_some_and(|e| matches!(&e.kind, ExprKind::Lit(Value::Bool(false))))
}

/// Whether a property is text written as a literal that holds only white space.
fn blank_literal(p: &Prop) -> bool {
    match p {
        Prop::Text(t) => t.trim().is_empty(),
        Prop::Expr(e) => matches!(&e.kind, ExprKind::Lit(Value::Str(t)) if t.trim().is_empty()),
        _ => false,
    }
}

/// The place (1-based) of the first attribute of a participant, secured or conversation data
/// action whose literal name is blank.
fn blank_attribute(a: &Action) -> Option<usize> {
    let (list, name) = if a.has(data::prop::GET_ATTRIBUTES_LIST) {
        (a.get(data::prop::GET_ATTRIBUTES_LIST), data::prop::GET_NAME)
    } else if a.has(data::prop::SET_ATTRIBUTES_LIST) {
        (a.get(data::prop::SET_ATTRIBUTES_LIST), data::prop::SET_NAME)
    } else if a.has(data::prop::CONVERSATION_ATTRIBUTES) {
        // Set and Get Conversation Data's records have the name first, as the others'.
        (a.get(data::prop::CONVERSATION_ATTRIBUTES), data::prop::SET_NAME)
    } else {
        return None;
    };
    list.list().iter().position(|r| blank_literal(Prop::field(r, name))).map(|i| i + 1)
}

/// What an Evaluate Schedule lacks: its schedule (evaluation type Schedule) or its emergency
/// group (Emergency Group), as the property and Archy's form of it.
fn missing_schedule(a: &Action) -> Option<(&'static str, &'static str)> {
    if !a.has(data::prop::SCHEDULE) {
        return None;
    }
    let emergency = matches!(
        a.get(data::prop::EVALUATE_EMERGENCY_GROUP).expr().map(|e| &e.kind),
        Some(ExprKind::Lit(Value::Bool(true)))
    );
    let (id, property, form) = if emergency {
        (
            data::prop::SCHEDULE_EMERGENCY_GROUP,
            "emergencyGroup",
            "evaluationType: {emergencyGroup: {selectedEmergencyGroup: {lit: {name: ...}}}}",
        )
    } else {
        (
            data::prop::SCHEDULE,
            "schedule",
            "evaluationType: {schedule: {selectedSchedule: {lit: {name: ...}}}}",
        )
    };
    matches!(a.get(id), Prop::None).then_some((property, form))
}

/// The first property of `a` that names an org object (a queue, user, group, skill,
/// schedule, ...: the catalogue's [`PropSpec::org`](crate::flow::catalogue::PropSpec)) by a
/// literal blank name: no object of the org has one, so the action can never find it.
fn blank_org_name(a: &Action) -> Option<(&'static str, &'static str)> {
    let spec = a.spec();
    spec.props.iter().zip(a.props.iter()).find_map(|(p, prop)| {
        let kind = p.org?;
        blank_literal(prop).then_some((p.name, kind.noun()))
    })
}

/// A menu's repeat count written as a literal outside what Architect takes: "The number of
/// times to repeat the menu. This can range from 0 to 10" (the Scripting SDK,
/// `ArchSettingsMenu.repeatCount`).
fn repeat_count_outside(a: &Action) -> Option<i64> {
    const REPEATS: std::ops::RangeInclusive<i64> = 0..=10;
    if !a.has(prompts::prop::MENU_REPEAT_COUNT) {
        return None;
    }
    match a.get(prompts::prop::MENU_REPEAT_COUNT).expr().map(|e| &e.kind) {
        Some(ExprKind::Lit(Value::Int(n))) if !REPEATS.contains(n) => Some(*n),
        _ => None,
    }
}

/// `badPropertyValue` warnings, `missingProperty`, `blankName` and `outOfRange` errors over
/// every action of `flows`.
pub(crate) fn check(flows: &[Flow], places: &Places<'_>, diags: &mut Vec<Diagnostic>) {
    for flow in flows {
        timeslots(flow, places, diags);
        for node in &flow.draft.nodes {
            let Some(a) = node.action.as_architect() else { continue };
            // `d` placed at the node and its property.
            let mut push = |d: Diagnostic, property: &str| {
                let mut d = d
                    .file(&flow.file)
                    .flow(&*flow.name)
                    .node(flow.node_label(node))
                    .property(property);
                d = places.prop(flow, d, node, property);
                diags.push(d);
            };
            if let Some(i) = blank_attribute(a) {
                let d = Diagnostic::error(
                    Code::MissingProperty,
                    format!("attribute {i}'s name is blank; Architect's validation refuses a blank attribute name"),
                )
                .help("name the attribute, as it is spelt where it is set (names are case-sensitive)");
                push(d, "attributes");
            }
            if unacknowledged(a) {
                let d = Diagnostic::error(
                    Code::MissingProperty,
                    "Extract Secure Data's secure data risk is not acknowledged; Architect's validation refuses it: \"Secure data risk acknowledgement has not been checked.\"".to_owned(),
                )
                .help("acknowledge it: `hasSecureDataAcknowledgment: {lit: true}`");
                push(d, "hasSecureDataAcknowledgment");
            }
            if let Some((property, form)) = missing_schedule(a) {
                let d = Diagnostic::error(
                    Code::MissingProperty,
                    format!("Evaluate Schedule has no {property} to evaluate"),
                )
                .help(format!("choose one: `{form}`"));
                push(d, property);
            }
            if let Some((property, noun)) = blank_org_name(a) {
                let d = Diagnostic::error(
                    Code::BlankName,
                    format!("`{property}` names a {noun} by a blank name; no {noun} has one, so the action can never find it (Architect's validation: \"No value set\")"),
                )
                .help(format!("name the {noun}: `{property}: {{lit: {{name: ...}}}}`, or compute it with `exp:`"));
                push(d, property);
            }
            if let Some(n) = repeat_count_outside(a) {
                let d = Diagnostic::error(
                    Code::OutOfRange,
                    format!("the menu's repeatCount is {n}; Architect takes 0 to 10 (\"The number of times to repeat the menu. This can range from 0 to 10\", the Scripting SDK's ArchSettingsMenu)"),
                )
                .help("give a repeat count from 0 to 10");
                push(d, "repeatCount");
            }
            if let Some((message, help)) = switch_cases_problem(a) {
                push(Diagnostic::error(Code::BadPropertyValue, message).help(help), "cases");
            }
            if let Some((property, message, help)) = action_problem(a) {
                push(Diagnostic::warning(Code::BadPropertyValue, message).help(help), property);
            }
        }
    }
}
