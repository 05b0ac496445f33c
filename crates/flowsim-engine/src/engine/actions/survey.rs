//! Survey invite flows (docs/architect.md §3.5): Complete Survey Invite and Abort Survey
//! Invite end the flow, and the result's `surveyOutcome` says which.

use super::super::machine::{Did, Machine};
use super::super::result::Status;

impl Machine<'_, '_> {
    /// The survey invite flow ends (`completed` or `aborted`), as the run's status `completed`.
    pub(super) fn end_survey(&mut self, outcome: &'static str) -> Did {
        self.arch.survey = Some(outcome);
        Did::Stop(Status::Completed)
    }
}
