//! Conversation settings: what the flow sets on the conversation for later (language,
//! screen pop, wrap-up code...). Offline they have no other effect; the result lists them.

use super::super::machine::{Did, Machine};
use crate::flow::action::Action;
use crate::flow::NodeIdx;

impl Machine<'_, '_> {
    /// Records a conversation setting; a later one of the same kind replaces it.
    pub(super) fn set_setting(&mut self, key: &'static str, v: crate::expr::Value) {
        match self.arch.settings.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = v,
            None => self.arch.settings.push((key, v)),
        }
    }

    /// Records a setting from the action's first property.
    pub(super) fn setting(&mut self, n: NodeIdx, a: &Action, key: &'static str) -> Did {
        match self.value_of(n, a.prop(0)) {
            Ok(v) => {
                self.set_setting(key, v);
                Did::Success
            }
            Err(did) => did,
        }
    }

    /// Set Language: records the language; NOT_SET takes `failure`.
    pub(super) fn set_language(&mut self, n: NodeIdx, a: &Action) -> Did {
        match self.value_of(n, a.prop(0)) {
            Ok(v) if v.is_set() => {
                self.set_setting("language", v);
                Self::out(a, "success")
            }
            Ok(_) => Self::out(a, "failure"),
            Err(did) => did,
        }
    }
}
