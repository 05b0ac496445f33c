//! Conversation settings: what the flow sets on the conversation for later (language,
//! screen pop, wrap-up code...). Offline they have no other effect; the result lists them.

use super::super::machine::{Did, Machine};
use crate::flow::action::Action;
use crate::flow::NodeIdx;

impl Machine<'_, '_> {
    /// Records a setting from the action's first property.
    pub(super) fn setting(&mut self, n: NodeIdx, a: &Action, key: &'static str) -> Did {
        match self.value_of(n, a.prop(0)) {
            Ok(v) => {
                self.arch.settings.push((key, v));
                Did::Success
            }
            Err(did) => did,
        }
    }

    /// Set Language: records the language; NOT_SET takes `failure`.
    pub(super) fn set_language(&mut self, n: NodeIdx, a: &Action) -> Did {
        match self.value_of(n, a.prop(0)) {
            Ok(v) if v.is_set() => {
                self.arch.settings.push(("language", v));
                Self::out(a, "success")
            }
            Ok(_) => Self::out(a, "failure"),
            Err(did) => did,
        }
    }
}
