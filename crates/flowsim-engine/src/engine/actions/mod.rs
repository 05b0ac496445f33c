//! What each Architect action does (docs/architect.md), one file per family, keyed by the catalogue's
//! [`Op`]. An action reads its properties through the catalogue's `PropId`s, writes variables
//! through `Eval::write_var` (recorded for the trace), and says where to go as a `Did`
//! (a fixed output through the catalogue's `OutputId`s: [`out`]). Its semantics are a method of
//! the narrowest view of the step's context that has what it touches: [`Eval`] (the conversation
//! and the clock read only) where it can be, else [`Cx`]; `dispatch` splits the borrows
//! (`self.eval()`), and `engine::cx`'s documentation tables which view each file uses.

mod bot_steps;
mod bots;
mod control;
mod conversation;
mod data;
mod json;
mod messaging;
mod prompts;
mod routing;
mod services;
mod stubs;
mod survey;
#[cfg(feature = "test-action")]
mod test_action;
#[cfg(test)]
mod tests;
mod voicemail;
mod workitem;

use super::cx::{Cx, Eval};
use super::did::{expr_fail, Did};
use crate::expr::{eval, Value};
use crate::flow::action::{Action, Prop};
use crate::flow::catalogue::conversation::prop as settings;
use crate::flow::catalogue::messaging::prop as messages;
use crate::flow::catalogue::{Op, OutputId, PropId};
use crate::flow::NodeIdx;
use crate::kind::ErrorKind;
use std::sync::Arc;

impl<'r> Cx<'r, '_> {
    /// Runs action `a` at node `n` (an Architect action, or a JSON node lowered to one); what
    /// it records (the prompt it played, the values it wrote, the stub that stood for it) is
    /// the step's once [`StepRecord::end_action`] is called.
    ///
    /// What `exec_json` or `dispatch` returns is this function's return, with no work after the
    /// call: the caller's slot is the callee's own (measured: a `Did` copied out of a slot the
    /// callee had just written piecemeal stalled every step on store forwarding, some 4 ns of the
    /// bench loop's step; a pair of it and the stub's number, 6 ns).
    pub(super) fn exec_action(&mut self, n: NodeIdx, a: &'r Action) -> Did {
        self.step.begin_action();
        // Stubs stand for Architect's actions (docs/scenarios.md): a JSON node always runs.
        match a.spec().op {
            Op::Json(op) => self.exec_json(n, a, op),
            _ => match self.sets().run_stub(n) {
                Some((did, number)) => {
                    self.step.stub = number;
                    did
                }
                None => self.dispatch(n, a),
            },
        }
    }

    fn dispatch(&mut self, n: NodeIdx, a: &'r Action) -> Did {
        match a.spec().op {
            // Prompts and input.
            Op::PlayAudio => self.eval().play_audio(n, a),
            Op::CollectInput => self.collect_input(n, a),
            Op::Menu => self.menu(n, a),
            Op::HoldMusic => self.hold_music(n, a),
            Op::PlayEstimatedWaitTime => self.eval().play_estimated_wait_time(n, a),
            Op::PlayPositionInQueue => self.eval().play_position_in_queue(n, a),
            Op::DialByExtension => self.dial_by_extension(n, a),
            Op::DetectSilence => self.detect_silence(n, a),
            Op::PlayAudioOnSilence => self.eval().play_audio_on_silence(n, a),
            Op::MediaOnly => Did::Success,
            Op::ProcessVoicemailInput => self.process_voicemail_input(a),
            // Data.
            Op::UpdateData => self.eval().update_data(n, a),
            Op::CallData => self.call_data(n, a),
            Op::DataTableLookup => self.eval().data_table_lookup(n, a),
            Op::CallDecisionTable => self.sets().call_decision_table(n, a),
            Op::FindQueue | Op::FindQueueById => self.eval().find_queue(n, a),
            Op::FindUser | Op::FindUserById => self.eval().find_user(n, a),
            Op::FindNamed(what) => self.eval().find_named(n, a, what),
            Op::FindUsersById => self.eval().find_users_by_id(n, a),
            Op::GetExternalContact => self.eval().get_external_contact(n, a),
            Op::AssociateExternalContact => self.sets().associate_external_contact(n, a),
            Op::PromoteExternalContact => self.eval().promote_external_contact(n, a),
            Op::SearchExternalContacts => self.eval().search_external_contacts(n, a),
            Op::EvaluateSchedule => self.eval().evaluate_schedule(n, a),
            Op::EvaluateScheduleGroup => self.eval().evaluate_schedule_group(n, a),
            Op::GetParticipantData => self.sets().get_participant_data(n, a),
            Op::SetParticipantData => self.sets().set_participant_data(n, a),
            Op::SetConversationData => self.sets().set_conversation_data(n, a),
            Op::GetConversationData => self.sets().get_conversation_data(n, a),
            Op::UpdateWorkitem => self.sets().update_workitem(n, a),
            Op::GetSecuredData => self.eval().get_secured_data(n, a),
            Op::SetSecuredData => self.sets().set_secured_data(n, a),
            Op::GetSipHeaders => self.eval().get_sip_headers(n, a, false),
            Op::GetRawSipHeaders => self.eval().get_sip_headers(n, a, true),
            // Routing.
            Op::TransferToAcd => self.eval().transfer_to_acd(n, a),
            Op::TransferToUser => self.eval().transfer_to_user(n, a),
            Op::TransferToGroup => self.eval().transfer_to_group(n, a),
            Op::TransferToNumber => self.eval().transfer_to_number(n, a),
            Op::TransferToVoicemail => self.sets().transfer_to_voicemail(n, a),
            Op::TransferToFlow | Op::TransferToFlowSecure => self.sets().transfer_to_flow(n, a),
            Op::CreateCallback => self.sets().create_callback(n, a),
            Op::Disconnect => Did::Disconnect,
            Op::DisconnectWorkitem => self.sets().end_assignment(n, a, "disconnected"),
            Op::TerminateWorkitem => self.sets().end_assignment(n, a, "terminated"),
            Op::ReturnToAgent => self.eval().return_to_agent(),
            // Control.
            Op::Decision => self.eval().decision(n, a),
            #[cfg(feature = "test-action")]
            Op::PickSide => self.eval().pick_side(n, a),
            Op::Switch => self.eval().switch(n, a),
            Op::Loop => self.eval().run_loop(n, a),
            Op::LoopUntil => self.eval().loop_until(n, a),
            Op::LoopExit => self.eval().loop_exit(n),
            Op::LoopNext => self.eval().loop_next(n),
            Op::JumpToTask | Op::JumpToMenu => Did::Jump(0),
            Op::RepeatMenu => self.eval().repeat_menu(n),
            Op::PreviousMenu => self.eval().previous_menu(n),
            Op::CallTask => self.eval().call_task_inputs(n, a),
            Op::EndTask => Did::EndTask(
                a.get(crate::flow::catalogue::control::prop::END_TASK_PATH)
                    .text()
                    .cloned()
                    .map(Box::new),
            ),
            Op::ChangeState => Did::Jump(0),
            Op::EndState => Did::EndTask(None),
            Op::EndWorkflow => self.sets().end_workflow(n, a),
            Op::CallCommonModule => self.sets().call_common_module(n, a),
            Op::Wait => self.wait(n, a),
            Op::SetFlowOutcome => self.sets().set_flow_outcome(n, a),
            Op::InitializeFlowOutcome => self.sets().initialize_flow_outcome(n, a),
            Op::AddFlowMilestone => self.sets().add_flow_milestone(n, a),
            Op::ExitWorkitemFlow => Did::Stop(super::result::Status::Completed),
            // Conversation settings.
            Op::SetLanguage => self.sets().set_language(n, a),
            Op::SetScreenPop => self.sets().set_screen_pop(n, a),
            Op::SetWrapupCode => self.sets().set_wrapup_code(n, a),
            Op::SetUuiData => self.sets().set_uui_data(n, a),
            Op::SetExternalTag => self.sets().setting(n, a, settings::EXTERNAL_TAG, "externalTag"),
            Op::EnableParticipantRecord => self.sets().enable_participant_record(n, a),
            Op::SetPriority => self.sets().set_priority(n, a),
            Op::SetSkills => self.sets().set_skills(n, a),
            Op::SetWhisperAudio => self.sets().set_whisper_audio(n, a),
            Op::SetTranscription => self.sets().set_transcription(n, a),
            Op::SetUtilizationLabel => self.sets().set_utilization_label(n, a),
            Op::ClearUtilizationLabel => self.sets().clear_utilization_label(n, a),
            Op::SetPostFlow => self.sets().set_post_flow(n, a),
            Op::ClearPostFlow => self.sets().clear_post_flow(),
            Op::ClearVoicemailSnippet => self.clear_voicemail_snippet(),
            Op::CompleteSurveyInvite => self.sets().complete_survey(n, a),
            Op::AbortSurveyInvite => self.sets().abort_survey(n, a),
            // Messaging.
            Op::SendResponse => self.eval().send_message(n, a, messages::RESPONSE_BODY),
            Op::Communicate => self.eval().send_message(n, a, messages::COMMUNICATION),
            Op::SendAutoReply => self.sets().send_auto_reply(n, a),
            Op::GetResponse => self.eval().get_response(n, a),
            Op::SendRichLink => self.eval().send_rich_link(n, a),
            Op::SendNotification => self.sets().send_notification(n, a),
            // Bots.
            Op::AskForIntent => self.ask_for_intent(n, a),
            Op::AskForSlot => self.ask_for_slot(n, a),
            Op::AskForBoolean => self.ask_for_boolean(n, a),
            Op::AskSurveyQuestion => self.ask_survey_question(n, a),
            Op::ClearSlot => self.clear_slot(a),
            Op::ClearActiveIntent => self.clear_active_intent(),
            Op::ExitBotFlow => Did::ExitBot(crate::flow::bot::ExitReason::TriggeredByFlow),
            Op::CallBotFlow => self.call_bot_flow(n, a),
            Op::LoopAnythingElse => self.loop_anything_else(n, a),
            Op::DigitalMenu => self.digital_menu(n, a),
            Op::DetectIntent => self.detect_intent(n, a),
            Op::WaitForInput => self.wait_for_input(n, a),
            Op::AskForString => self.ask_for_string(n, a),
            Op::SetIntent => self.set_intent(n, a),
            Op::SendDigitalContent => self.send_digital_content(n, a),
            Op::CustomerStep => self.customer_step(n, a),
            Op::Form => self.form(n, a),
            Op::Service(_) => self.call_service(n, a),
            Op::Json(op) => self.exec_json(n, a, op),
            Op::Unsupported(why) => self.sets().missing_stub(
                n,
                ErrorKind::Unsupported,
                &format!("action `{}` is not supported: {why}", a.spec().key),
            ),
            Op::NeedsStub(why) => {
                let written = (a.spec == crate::flow::catalogue::unknown())
                    .then(|| a.get(crate::flow::catalogue::control::prop::UNKNOWN_KEY).text())
                    .flatten();
                let key = written.cloned().unwrap_or_else(|| Arc::from(a.spec().key));
                self.sets().missing_stub(
                    n,
                    ErrorKind::NeedsStub,
                    &format!("action `{key}` runs only from a stub: {why}"),
                )
            }
        }
    }
}

impl Eval<'_, '_, '_> {
    /// The value of `a`'s property `id`, converted to the property's type as Architect converts
    /// an expression of another type there (`ToInt` of text for an Integer, `ToDuration` of text
    /// for a Duration: `expr::slot::cast`, the catalogue's type); a text the conversion cannot
    /// read is error `conversion`, to the flow's error handling.
    pub(super) fn value(&mut self, n: NodeIdx, a: &Action, id: PropId) -> Result<Value, Did> {
        if matches!(a.get(id), Prop::None) {
            if let Some(unset) = unset(a, id) {
                return Ok(unset);
            }
        }
        let v = self.value_of(n, a.get(id))?;
        match a.spec().props.get(id.index()).and_then(|p| p.ty) {
            Some(ty) if matches!(a.get(id), Prop::Expr(_)) => {
                converted(v, ty, &format_args!("`{}`", id.name()))
            }
            _ => Ok(v),
        }
    }

    /// A property's value: an expression evaluated, a fixed name as a string, NOT_SET when
    /// absent.
    pub(super) fn value_of(&mut self, n: NodeIdx, p: &Prop) -> Result<Value, Did> {
        match p {
            Prop::Expr(e) => eval(e, &mut self.scope(n)).map_err(|e| expr_fail(&e)),
            Prop::Text(t) | Prop::Type(t, _) => Ok(Value::Str(t.clone())),
            Prop::Var(v) => Ok(self.flowing.read_var(v)),
            Prop::Template(t) => self.render(n, t).map(Value::Str).map_err(|e| expr_fail(&e)),
            Prop::None | Prop::Map(_) | Prop::List(_) | Prop::Node(_) => Ok(Value::NotSet),
        }
    }

    /// Plays text (a prompt, a message) for the current step.
    pub(super) fn say(&mut self, n: NodeIdx, text: Arc<str>) {
        if !text.is_empty() {
            self.step.step_prompt = self.prompt(n, text);
        }
    }

    /// Writes each variable of a VarMap from `lookup(name)`.
    pub(super) fn bind_outputs(
        &mut self,
        n: NodeIdx,
        p: &Prop,
        mut lookup: impl FnMut(&str) -> Value,
    ) {
        for (name, target) in p.map() {
            if let Prop::Var(v) = target {
                let value = lookup(name);
                self.write_output(n, v, value);
            }
        }
    }
}

/// Takes fixed output `id`. An action whose entry has no outputs goes on to its next
/// action; an entry with outputs that lacks `id` is a catalogue mistake, which debug
/// builds (every test run) stop at.
pub(super) fn out(a: &Action, id: OutputId) -> Did {
    if a.has_output(id) {
        return Did::Output(id.index() as u16);
    }
    debug_assert!(
        a.spec().outputs.is_empty(),
        "`{}` has no output `{}` in the catalogue",
        a.spec().key,
        id.name()
    );
    Did::Success
}

/// The value property `id` of `a` has when the flow gives none: its catalogue entry's
/// (`PropSpec::unset`, what the Scripting SDK gives an action it adds), `None` where none is
/// known.
pub(super) fn unset(a: &Action, id: PropId) -> Option<Value> {
    a.spec().props.get(id.index()).and_then(|p| p.unset).map(crate::flow::catalogue::Unset::value)
}

/// A duration property's value in milliseconds when the flow gives none, or its expression
/// gives NOT_SET ([`unset`]; 0 where the catalogue knows none).
pub(super) fn unset_ms(a: &Action, id: PropId) -> u64 {
    match unset(a, id) {
        Some(Value::Duration(ms)) => u64::try_from(ms).unwrap_or(0),
        _ => 0,
    }
}

/// A duration value in ms (Integer read as seconds), or `default` when NOT_SET.
pub(super) fn duration_ms(v: &Value, default: u64) -> Result<u64, Did> {
    match v {
        Value::NotSet => Ok(default),
        Value::Duration(ms) => Ok((*ms).max(0) as u64),
        Value::Int(s) => Ok((*s).max(0) as u64 * 1000),
        Value::Dec(s) => Ok(crate::expr::decimal::trunc_to_i64(
            (*s).max(crate::expr::decimal::Decimal::ZERO)
                .saturating_mul(crate::expr::decimal::Decimal::ONE_THOUSAND),
        )
        .unwrap_or(i64::MAX) as u64),
        // Architect's text form of a duration (`P0D0H0M5S0F`, `PT5S`).
        Value::Str(t) => crate::expr::func::parse_duration(t)
            .map(|ms| ms.max(0) as u64)
            .ok_or_else(|| Did::fail(ErrorKind::Conversion, format!("`{t}` is not a duration"))),
        other => Err(Did::fail(
            ErrorKind::TypeMismatch,
            format!("a duration was expected, not {}", other.ty()),
        )),
    }
}

/// `v` converted to type `to` as Architect converts an expression of another type in a
/// property of that type (`expr::slot::cast`); a text the conversion cannot read is error
/// `conversion`, to the flow's error handling, naming `what`, and a result past Architect's
/// Integer or Duration range `overflow`, as it is from the function itself.
pub(super) fn converted(
    v: Value,
    to: crate::expr::Ty,
    what: &dyn std::fmt::Display,
) -> Result<Value, Did> {
    crate::expr::slot::cast(v, to).map_err(|e| {
        let kind = match e.kind {
            ErrorKind::Overflow => ErrorKind::Overflow,
            _ => ErrorKind::Conversion,
        };
        Did::fail(kind, format!("{what}: {}", e.message))
    })
}
