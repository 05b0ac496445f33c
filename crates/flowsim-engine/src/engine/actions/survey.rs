//! Survey invite flows (docs/architect.md §3.5): Complete Survey Invite and Abort Survey
//! Invite end the flow, and the result's `surveyOutcome` says which. What Complete sends (the
//! address, the invitation's and the reminder's subject and body) and why Abort gave up (its
//! disposition) are the result's `settings.surveyInvite` and `settings.surveyDisposition`.

use super::super::machine::{Did, Machine};
use super::super::result::Status;
use crate::expr::Value;
use crate::flow::action::Action;
use crate::flow::catalogue::conversation::prop;
use crate::flow::NodeIdx;

impl Machine<'_, '_> {
    /// Complete Survey Invite: the invitation as the flow wrote it, then the flow ends.
    pub(super) fn complete_survey(&mut self, n: NodeIdx, a: &Action) -> Did {
        let mut invite = serde_json::Map::new();
        for id in prop::SURVEY_INVITE {
            match self.value_of(n, a.get(id)) {
                Ok(v) => invite.insert(id.name().to_owned(), v.to_json()),
                Err(did) => return did,
            };
        }
        self.set_setting("surveyInvite", Value::from_json(&serde_json::Value::Object(invite)));
        self.end_survey("completed")
    }

    /// Abort Survey Invite: its disposition (when it has one), then the flow ends.
    pub(super) fn abort_survey(&mut self, n: NodeIdx, a: &Action) -> Did {
        match self.value_of(n, a.get(prop::SURVEY_DISPOSITION)) {
            Ok(v) if v.is_set() => self.set_setting("surveyDisposition", v),
            Ok(_) => {}
            Err(did) => return did,
        }
        self.end_survey("aborted")
    }

    /// The survey invite flow ends (`completed` or `aborted`), as the run's status `completed`.
    fn end_survey(&mut self, outcome: &'static str) -> Did {
        self.arch.survey = Some(outcome);
        Did::Stop(Status::Completed)
    }
}
