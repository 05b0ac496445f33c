//! Conversation settings: what the flow sets on the conversation for later (language,
//! screen pop, wrap-up code...). Offline they have no other effect; the result lists them.

use super::super::cx::Sets;
use super::super::did::Did;
use super::routing::key_of;
use crate::expr::Value;
use crate::flow::action::Action;
use crate::flow::catalogue::conversation::{out, prop};
use crate::flow::catalogue::PropId;
use crate::flow::NodeIdx;
use crate::kind::ErrorKind;
use std::sync::Arc;

/// How often a flow may clear its utilization label (Genesys's Clear Utilization Label action:
/// five successful runs).
const LABEL_CLEARS_MAX: u32 = 5;

impl Sets<'_, '_, '_> {
    /// Records a conversation setting; a later one of the same kind replaces it.
    pub(super) fn set_setting(&mut self, key: &'static str, v: crate::expr::Value) {
        match self.talk.arch.settings.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = v,
            None => self.talk.arch.settings.push((key, v)),
        }
    }

    /// Records a setting from the action's property `id`.
    pub(super) fn setting(&mut self, n: NodeIdx, a: &Action, id: PropId, key: &'static str) -> Did {
        match self.eval().value(n, a, id) {
            Ok(v) => {
                self.set_setting(key, v);
                Did::Success
            }
            Err(did) => did,
        }
    }

    /// Set Screen Pop: `settings.screenPop` is the script's name, and `settings.screenPopInputs`
    /// what the flow gives the script's inputs, by name ("the values of variables in the call
    /// flow are assigned to corresponding script variables. The assignment happens before
    /// screen pops occurs", Enable a script for screen pops). Every input is evaluated, and an
    /// input that fails is the flow's error, as any property's.
    pub(super) fn set_screen_pop(&mut self, n: NodeIdx, a: &Action) -> Did {
        let script = match self.eval().value(n, a, prop::SCREEN_POP) {
            Ok(v) => v,
            Err(did) => return did,
        };
        let mut inputs = crate::expr::value::Object::default();
        for (name, p) in a.get(prop::SCREEN_POP_INPUTS).map() {
            match self.eval().value_of(n, p) {
                Ok(v) => {
                    inputs.insert(name.clone(), v);
                }
                Err(did) => return did,
            }
        }
        self.set_setting("screenPop", script);
        if inputs.is_empty() {
            self.talk.arch.settings.retain(|(k, _)| *k != "screenPopInputs");
        } else {
            self.set_setting("screenPopInputs", Value::Object(std::sync::Arc::new(inputs)));
        }
        Did::Success
    }

    /// Enable Participant Recording: `settings.participantRecord` becomes `true` and the flow
    /// goes on. Genesys: "Architect does not include an action to disable participant
    /// recording, so you cannot turn off the feature later", and running it where recording is
    /// already enabled invokes no error handling (Enable Participant Recording action). The
    /// action has no inputs in Architect's Scripting SDK; an `enabled` a flow writes is still
    /// evaluated (its errors are the flow's), and `false` or NOT_SET leaves the setting as it was.
    pub(super) fn enable_participant_record(&mut self, n: NodeIdx, a: &Action) -> Did {
        if !matches!(a.get(prop::PARTICIPANT_RECORD), crate::flow::action::Prop::None) {
            match self.eval().value(n, a, prop::PARTICIPANT_RECORD) {
                Ok(Value::Bool(true)) => {}
                Ok(_) => return Did::Success,
                Err(did) => return did,
            }
        }
        self.set_setting("participantRecord", Value::Bool(true));
        Did::Success
    }

    /// Set Wrap-up Code: records the code and takes `success`; NOT_SET (a code the flow
    /// never found) takes `failure`, the outputs the Scripting SDK's exports give the action.
    pub(super) fn set_wrapup_code(&mut self, n: NodeIdx, a: &Action) -> Did {
        match self.eval().value(n, a, prop::WRAPUP_CODE) {
            Ok(v) if v.is_set() => {
                self.set_setting("wrapupCode", v);
                super::out(a, out::SUCCESS)
            }
            Ok(_) => super::out(a, out::FAILURE),
            Err(did) => did,
        }
    }

    /// Set UUI Data: the UUI data the call carries out on a transfer or on a disconnect (its
    /// `mode`, `transfer` when not written, as a new action has it), recorded per mode in
    /// `settings.uuiData`; a later action of the same mode replaces it. NOT_SET records `null`:
    /// that leg sends no UUI data. It does not change `Call.UUIData`, the data the call came
    /// in with.
    pub(super) fn set_uui_data(&mut self, n: NodeIdx, a: &Action) -> Did {
        let mode = match a.get(prop::UUI_MODE) {
            crate::flow::action::Prop::Text(t) => {
                let Some(mode) = prop::UUI_MODES.find(t) else {
                    return Did::fail(
                        ErrorKind::TypeMismatch,
                        format!("Set UUI Data: mode `{t}` is neither transfer nor disconnect"),
                    );
                };
                mode
            }
            _ => prop::UuiMode::Transfer,
        };
        let mode: Arc<str> = Arc::from(prop::UUI_MODES.word(mode));
        let data = match self.eval().value(n, a, prop::UUI_DATA) {
            Ok(v) => v,
            Err(did) => return did,
        };
        let mut modes = match self.talk.arch.settings.iter().find(|(k, _)| *k == "uuiData") {
            Some((_, Value::Object(o))) => (**o).clone(),
            _ => crate::expr::value::Object::new(),
        };
        modes.insert(mode, data);
        self.set_setting("uuiData", Value::Object(Arc::new(modes)));
        Did::Success
    }

    /// Set Language: records the language; NOT_SET takes `failure`.
    pub(super) fn set_language(&mut self, n: NodeIdx, a: &Action) -> Did {
        let value = a.get(prop::LANGUAGE_VALUE);
        let language = if value.is_none() { a.get(prop::LANGUAGE) } else { value };
        match self.eval().value_of(n, language) {
            Ok(v) if v.is_set() => {
                self.set_setting("language", v);
                super::out(a, out::SUCCESS)
            }
            Ok(_) => super::out(a, out::FAILURE),
            Err(did) => did,
        }
    }
}

impl Sets<'_, '_, '_> {
    /// Set Priority (help.mypurecloud.com/?p=260380): the interaction's priority built-in
    /// (`Call.Priority`, `Email.Priority`, `Message.Priority`) must not be NOT_SET, or the
    /// action takes `failure`; a NOT_SET priority, or one outside Architect's priority scale
    /// (-25,000,000 to 25,000,000), takes `failure` too (step error `notSet`, `outOfRange`).
    /// Otherwise the priority becomes `settings.priority`, which the built-in then reads (a
    /// preset of the built-in is updated too), and the action takes `success`.
    pub(super) fn set_priority(&mut self, n: NodeIdx, a: &Action) -> Did {
        use crate::expr::Env as _;
        let media = crate::expr::builtins::Media::of_flow_type(
            &self.run.reg.flow(self.flowing.frame().flow).flow_type,
        );
        let builtin = match media {
            Some(crate::expr::builtins::Media::Email) => "Email.Priority",
            Some(crate::expr::builtins::Media::Message) => "Message.Priority",
            _ => "Call.Priority",
        };
        let path = crate::expr::Path::new(builtin, false);
        if !self.eval().into_scope(n).lookup(&path, crate::expr::Span::default()).is_set() {
            let message = format!(
                "Set Priority: `{builtin}` is NOT_SET (\"make sure that the built-in variables for this action are not NOT_SET\"); give the request `context.attributes.priority`"
            );
            self.eval().note_error(ErrorKind::NotSet, message);
            return super::out(a, out::FAILURE);
        }
        let (min, max) = crate::flow::catalogue::routing::prop::ACD_PRIORITY_RANGE;
        match self.eval().value(n, a, prop::PRIORITY) {
            Ok(Value::Int(p)) if !(min..=max).contains(&p) => {
                let message = format!(
                    "Set Priority: the priority {p} is outside Architect's priority scale of {}",
                    crate::flow::catalogue::routing::prop::acd_priority_scale()
                );
                self.eval().note_error(ErrorKind::OutOfRange, message);
                super::out(a, out::FAILURE)
            }
            Ok(v) if v.is_set() => {
                if self.flowing.vars.get(&path.lower).is_some() {
                    self.flowing.vars.set(&path.lower, &Arc::from(builtin), v.clone());
                }
                self.set_setting("priority", v);
                super::out(a, out::SUCCESS)
            }
            Ok(_) => {
                self.eval()
                    .note_error(ErrorKind::NotSet, "Set Priority: the priority is NOT_SET".into());
                super::out(a, out::FAILURE)
            }
            Err(did) => did,
        }
    }

    /// Set Skills: records `settings.languageSkill` and `settings.acdSkills` as given (NOT_SET
    /// clears one) and takes `success`. The skills are not checked against the fixtures.
    pub(super) fn set_skills(&mut self, n: NodeIdx, a: &Action) -> Did {
        let language = match self.eval().value(n, a, prop::LANGUAGE_SKILL) {
            Ok(v) => v,
            Err(did) => return did,
        };
        let acd = match self.eval().value(n, a, prop::ACD_SKILLS) {
            Ok(v) => v,
            Err(did) => return did,
        };
        self.set_setting("languageSkill", language);
        self.set_setting("acdSkills", acd);
        super::out(a, out::SUCCESS)
    }

    /// Set Whisper Audio: records `settings.whisperAudio` (the audio's text; NOT_SET: the
    /// queue's default whisper) and takes `success`. Nothing plays to the caller.
    pub(super) fn set_whisper_audio(&mut self, n: NodeIdx, a: &Action) -> Did {
        match self.eval().value(n, a, prop::WHISPER_AUDIO) {
            Ok(v) => {
                let v = if v.is_set() { Value::Str(Arc::from(v.display())) } else { v };
                self.set_setting("whisperAudio", v);
                super::out(a, out::SUCCESS)
            }
            Err(did) => did,
        }
    }

    /// Transcription: records `settings.transcription`, true only for a true value (false or
    /// NOT_SET turn it off, as the Scripting SDK says).
    pub(super) fn set_transcription(&mut self, n: NodeIdx, a: &Action) -> Did {
        match self.eval().value(n, a, prop::TRANSCRIPTION) {
            Ok(v) => {
                self.set_setting("transcription", Value::Bool(v == Value::Bool(true)));
                Did::Success
            }
            Err(did) => did,
        }
    }

    /// Set Utilization Label: records `settings.utilizationLabel` = the label's name (or id)
    /// and takes `success`; NOT_SET takes `failure` (step error `notSet`). Labels are not in
    /// the fixtures, so the name is not checked.
    pub(super) fn set_utilization_label(&mut self, n: NodeIdx, a: &Action) -> Did {
        let label = match self.eval().value(n, a, prop::UTILIZATION_LABEL) {
            Ok(v) => key_of(&v),
            Err(did) => return did,
        };
        if let Some(label) = label {
            self.set_setting("utilizationLabel", Value::Str(label));
            return super::out(a, out::SUCCESS);
        }
        self.eval()
            .note_error(ErrorKind::NotSet, "Set Utilization Label: the label is NOT_SET".into());
        super::out(a, out::FAILURE)
    }

    /// Clear Utilization Label: `settings.utilizationLabel` becomes NOT_SET; `success`. After
    /// five successful runs in a flow it takes `failure` with `errorType`
    /// `ActionInvocationLimitExceeded` (Genesys: "If a flow has successfully run the Clear
    /// Utilization Label action five times, any subsequent invocations of the action take the
    /// failure path").
    pub(super) fn clear_utilization_label(&mut self, n: NodeIdx, a: &Action) -> Did {
        let frame = &mut self.flowing.frames.last_mut().expect("a frame").arch;
        if frame.label_clears >= LABEL_CLEARS_MAX {
            let message = format!(
                "a flow clears its utilization label successfully at most {LABEL_CLEARS_MAX} times"
            );
            let (k, m) = (Value::str("ActionInvocationLimitExceeded"), Value::str(&message));
            self.eval().bind_outputs(n, a.get(prop::CLEAR_LABEL_FAILURE), |name| match name {
                "errorType" => k.clone(),
                "errorMessage" => m.clone(),
                _ => Value::NotSet,
            });
            self.eval().note_error(
                ErrorKind::InvocationLimit,
                format!("ActionInvocationLimitExceeded: {message}"),
            );
            return super::out(a, out::FAILURE);
        }
        frame.label_clears += 1;
        self.set_setting("utilizationLabel", Value::NotSet);
        super::out(a, out::SUCCESS)
    }

    /// Set Post Flow: records `settings.postFlow` = `{flow, actionType, target,
    /// invocationData}` (the flow as its name or id). The post flow does not run.
    pub(super) fn set_post_flow(&mut self, n: NodeIdx, a: &Action) -> Did {
        let mut fields = crate::expr::value::Object::new();
        for (field, id) in [
            ("flow", prop::POST_FLOW_FLOW),
            ("actionType", prop::POST_FLOW_ACTION_TYPE),
            ("target", prop::POST_FLOW_TARGET),
            ("invocationData", prop::POST_FLOW_INVOCATION_DATA),
        ] {
            match self.eval().value(n, a, id) {
                Ok(v) => {
                    let v = if field == "flow" {
                        key_of(&v).map_or(Value::NotSet, Value::Str)
                    } else {
                        v
                    };
                    fields.insert(Arc::from(field), v);
                }
                Err(did) => return did,
            }
        }
        self.set_setting("postFlow", Value::Object(Arc::new(fields)));
        Did::Success
    }

    /// Clear Post Flow: `settings.postFlow` becomes NOT_SET.
    pub(super) fn clear_post_flow(&mut self) -> Did {
        self.set_setting("postFlow", Value::NotSet);
        Did::Success
    }
}
