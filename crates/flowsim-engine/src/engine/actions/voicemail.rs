//! Voicemail flows (docs/architect.md §3.1): Process Voicemail Input collects the caller's
//! message into `Voicemail.VoicemailSnippet`; Clear Voicemail Snippet drops it.
//!
//! Offline the message is a turn of the input script (`{"text": "Please call me back"}`): its
//! words stand for the recording. Nothing, `"timeout"`, digits or a turn slower than the
//! no-input timeout is no input.

use super::super::cx::Cx;
use super::super::did::Did;
use super::super::events::WaitKind;
use super::super::request::Input;
use super::super::result::{Heard, NO_INDEX};
use crate::engine::result::Name;
use crate::expr::Value;
use crate::flow::action::{Action, Prop};
use crate::flow::catalogue::prompts::out;
use std::sync::Arc;

/// The built-in that holds the collected message.
const SNIPPET: &str = "Voicemail.VoicemailSnippet";

/// Genesys: "The no input timeout and the final silence timeout ... are both 5 seconds".
const NO_INPUT_MS: u64 = 5_000;

impl Cx<'_, '_> {
    /// Process Voicemail Input: a turn is the message (output `voicemail`, the snippet in
    /// `Voicemail.VoicemailSnippet` and in `voiceSnippet`); anything else is `noInput` after
    /// 5 s. `maximumVoiceSnippetTime` is read, not used: a turn has no length in time.
    pub(super) fn process_voicemail_input(&mut self, a: &Action) -> Did {
        if self.input.live.active && self.before_input(WaitKind::Turn) {
            return super::out(a, out::VOICEMAIL_NO_INPUT);
        }
        let input = self.input.heard.inputs.get(self.input.heard.next).cloned();
        let entry = if input.is_some() {
            self.note_turn();
            (self.input.heard.next - 1) as u32
        } else {
            NO_INDEX
        };
        match input {
            Some(Input::Text { text, delay_ms, .. }) if delay_ms <= NO_INPUT_MS => {
                self.clock.advance(delay_ms);
                self.heard(Arc::clone(&text), "text");
                self.eval().note_heard(entry, Some(Arc::clone(&text)), Heard::Text);
                let snippet = Value::Str(text);
                self.flowing.vars.set(
                    &SNIPPET.to_ascii_lowercase(),
                    &Arc::from(SNIPPET),
                    snippet.clone(),
                );
                if let Prop::Var(v) = a.get(crate::flow::catalogue::prompts::prop::VOICE_SNIPPET) {
                    self.eval().write_var(v, snippet.clone());
                }
                self.step.rec.wrote(Name::Borrowed(SNIPPET), snippet);
                super::out(a, out::VOICEMAIL)
            }
            _ => {
                self.clock.advance(NO_INPUT_MS);
                self.eval().note_heard(entry, None, Heard::Timeout);
                super::out(a, out::VOICEMAIL_NO_INPUT)
            }
        }
    }

    /// Clear Voicemail Snippet: the collected message is gone (NOT_SET).
    pub(super) fn clear_voicemail_snippet(&mut self) -> Did {
        self.flowing.vars.set(&SNIPPET.to_ascii_lowercase(), &Arc::from(SNIPPET), Value::NotSet);
        self.step.rec.wrote(Name::Borrowed(SNIPPET), Value::NotSet);
        Did::Success
    }
}
