//! Digital messaging: what a message, chat or email flow sends.

use super::super::machine::{Did, Machine};
use crate::flow::action::Action;
use crate::flow::catalogue::messaging::prop;
use crate::flow::catalogue::PropId;
use crate::flow::NodeIdx;
use crate::kind::ErrorKind;
use std::sync::Arc;

impl Machine<'_, '_> {
    /// Send Response, Send Auto Reply, Communicate: the text sent is the step's prompt (the
    /// result's `prompts` lists what the customer reads, as it lists what a caller hears).
    pub(super) fn send_message(&mut self, n: NodeIdx, a: &Action, text: PropId) -> Did {
        match self.value_of(n, a.get(text)) {
            Ok(v) => {
                if v.is_set() {
                    self.say(n, Arc::from(v.display()));
                }
                Did::Success
            }
            Err(did) => did,
        }
    }

    /// Send Rich Link: the body's text is the step's prompt (as Send Response's is); the
    /// header, image, link and footer are not shown. Takes `success`.
    pub(super) fn send_rich_link(&mut self, n: NodeIdx, a: &Action) -> Did {
        match self.send_message(n, a, prop::RICH_LINK_BODY) {
            Did::Success => Self::out(a, "success"),
            other => other,
        }
    }

    /// Get Response: response libraries are not in the fixtures, so it fails closed.
    pub(super) fn get_response(&mut self, _n: NodeIdx, a: &Action) -> Did {
        let name = a.get(prop::RESPONSE_NAME).text().cloned().unwrap_or_else(|| Arc::from(""));
        self.note_error(
            ErrorKind::Unsupported,
            format!("response `{name}`: response libraries are not part of the fixtures"),
        );
        Self::out(a, "failure")
    }
}
