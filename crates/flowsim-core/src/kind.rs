//! The vocabulary of run-time error kinds, shared by the evaluator and the engine.
//!
//! Every kind has one spelling (camelCase, as in docs/json-flows.md) used in traces,
//! results and scenario expectations.

use serde::{Serialize, Serializer};
use std::fmt;

/// What went wrong while a node ran (or why the run stopped).
///
/// The spellings are the contract (docs/json-flows.md): `inputTimeout`, `notSet`, ...
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorKind {
    /// A Gather got no usable input: `inputs: ["timeout"]`.
    InputTimeout,
    /// An `If` with no default and no true condition.
    NoBranch,
    /// An operator or function got NOT_SET: `NOT_SET + 1`.
    NotSet,
    /// Operand types do not fit: `"a" + 1`.
    TypeMismatch,
    /// A Flow node names a flow the registry does not hold.
    FlowNotFound,
    /// A Flow node's callee has no published version while `published` was asked.
    FlowNotPublished,
    /// A flow ended with `End` of type `error`.
    FlowFailed,
    /// A callee ran past the Flow node's `timeoutSeconds`.
    FlowTimeout,
    /// A Flow node at depth 32.
    CallDepth,
    /// A Route or QueueMetrics node names a queue the fixtures do not hold.
    QueueNotFound,
    /// GetExternalContactAction found nobody and `onNotFound` is `error`.
    ContactNotFound,
    /// A data action answered after its `timeoutMs`, or its mock says `timeout`.
    DataActionTimeout,
    /// A data action's mock answered `{"error": ...}`.
    DataActionFailed,
    /// No mock response fits the data action call: mocks fail closed.
    UnmockedDataAction,
    /// An external service (a third-party bot, guide, knowledge base, journey lookup) has no
    /// mock, or no response of its mock fits the call: mocks fail closed.
    UnmockedService,
    /// An external service's mock answered `failure` or `timeout`.
    ServiceFailed,
    /// A failed conversion: `ToInt("abc")`.
    Conversion,
    /// `1 / 0`, `1 % 0`.
    DivisionByZero,
    /// `MakeList(1)[3]`, `Substring("ab", 5, 1)`.
    IndexOutOfRange,
    /// A list of more than 2,000 items.
    CollectionTooLarge,
    /// Integer arithmetic past i64.
    Overflow,
    /// A value outside what an action accepts: Set Priority's priority outside Architect's
    /// scale of -25,000,000 to 25,000,000.
    OutOfRange,
    /// A string longer than the engine's limit (see `expr::value::MAX_STRING_BYTES`).
    StringTooLong,
    /// An action, property or flow type flowsim does not run (docs/architect.md).
    Unsupported,
    /// A schedule the fixtures do not hold.
    ScheduleNotFound,
    /// A schedule group the fixtures do not hold.
    ScheduleGroupNotFound,
    /// An emergency group the fixtures do not hold.
    EmergencyGroupNotFound,
    /// A data table the fixtures do not hold.
    DataTableNotFound,
    /// A Call Decision Table action names a table the fixtures do not hold.
    DecisionTableNotFound,
    /// Get Response names a response (or a response library) the fixtures do not hold, or a
    /// response that is not in the library it names.
    ResponseNotFound,
    /// A user the fixtures do not hold.
    UserNotFound,
    /// A group the fixtures do not hold.
    GroupNotFound,
    /// A skill the fixtures do not hold.
    SkillNotFound,
    /// A language skill the fixtures do not hold.
    LanguageNotFound,
    /// A task, menu or state a jump names that the flow does not have.
    TaskNotFound,
    /// A menu got no valid selection after its repeats.
    NoSelection,
    /// Collect Input got too few digits or a wrong terminator.
    InputFailure,
    /// The run's virtual time passed the request's `timeout` (a status, also used as kind).
    Timeout,
    /// The run executed `maxSteps` nodes (a status, also used as kind).
    StepLimit,
    /// An Architect flow ran Genesys's 10,000 actions (an error for the flow's error handling).
    ActionLimit,
    /// A Wait would pass the flow's maximum running time (72 hours; one hour in a survey invite
    /// flow) and does not trim its duration.
    MaxRunningTime,
    /// A bot session passed Genesys's participant data limits (50 Set Participant Data runs,
    /// 50 attributes, values of 256 characters).
    ParticipantDataLimit,
    /// Send Notification to more than Genesys's 50 recipients.
    RecipientLimit,
    /// A workitem action in a run that has no workitem (the request's `workitem`).
    WorkitemNotFound,
    /// Update Workitem changes the assignee or queue while an agent works on the workitem.
    WorkitemConnected,
    /// Get SIP Headers found none (the request's `context.sipHeaders`), or ran past its limit.
    SipHeaders,
    /// An action ran once more than Genesys lets a flow run it successfully (Clear Utilization
    /// Label: five times); its `errorType` is `ActionInvocationLimitExceeded`.
    InvocationLimit,
    /// A flow looked up more unique schedules or schedule groups by name than Genesys allows
    /// (Find Schedule, Find Schedule Group: 25 of a type, 100 in all).
    LookupLimit,
    /// The run spent one of its budgets (work, live bytes, trace bytes: docs/budgets.md); a
    /// status, also used as kind.
    Budget,
}

impl ErrorKind {
    /// Every kind, in declaration order.
    pub const ALL: [ErrorKind; 49] = [
        Self::InputTimeout,
        Self::NoBranch,
        Self::NotSet,
        Self::TypeMismatch,
        Self::FlowNotFound,
        Self::FlowNotPublished,
        Self::FlowFailed,
        Self::FlowTimeout,
        Self::CallDepth,
        Self::QueueNotFound,
        Self::ContactNotFound,
        Self::DataActionTimeout,
        Self::DataActionFailed,
        Self::UnmockedDataAction,
        Self::UnmockedService,
        Self::ServiceFailed,
        Self::Conversion,
        Self::DivisionByZero,
        Self::IndexOutOfRange,
        Self::CollectionTooLarge,
        Self::Overflow,
        Self::OutOfRange,
        Self::StringTooLong,
        Self::Unsupported,
        Self::ScheduleNotFound,
        Self::ScheduleGroupNotFound,
        Self::EmergencyGroupNotFound,
        Self::DataTableNotFound,
        Self::DecisionTableNotFound,
        Self::ResponseNotFound,
        Self::UserNotFound,
        Self::GroupNotFound,
        Self::SkillNotFound,
        Self::LanguageNotFound,
        Self::TaskNotFound,
        Self::NoSelection,
        Self::InputFailure,
        Self::Timeout,
        Self::StepLimit,
        Self::ActionLimit,
        Self::MaxRunningTime,
        Self::ParticipantDataLimit,
        Self::RecipientLimit,
        Self::WorkitemNotFound,
        Self::WorkitemConnected,
        Self::SipHeaders,
        Self::InvocationLimit,
        Self::LookupLimit,
        Self::Budget,
    ];

    /// The contract's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InputTimeout => "inputTimeout",
            Self::NoBranch => "noBranch",
            Self::NotSet => "notSet",
            Self::TypeMismatch => "typeMismatch",
            Self::FlowNotFound => "flowNotFound",
            Self::FlowNotPublished => "flowNotPublished",
            Self::FlowFailed => "flowFailed",
            Self::FlowTimeout => "flowTimeout",
            Self::CallDepth => "callDepth",
            Self::QueueNotFound => "queueNotFound",
            Self::ContactNotFound => "contactNotFound",
            Self::DataActionTimeout => "dataActionTimeout",
            Self::DataActionFailed => "dataActionFailed",
            Self::UnmockedDataAction => "unmockedDataAction",
            Self::UnmockedService => "unmockedService",
            Self::ServiceFailed => "serviceFailed",
            Self::Conversion => "conversion",
            Self::DivisionByZero => "divisionByZero",
            Self::IndexOutOfRange => "indexOutOfRange",
            Self::CollectionTooLarge => "collectionTooLarge",
            Self::Overflow => "overflow",
            Self::OutOfRange => "outOfRange",
            Self::StringTooLong => "stringTooLong",
            Self::Unsupported => "unsupported",
            Self::ScheduleNotFound => "scheduleNotFound",
            Self::ScheduleGroupNotFound => "scheduleGroupNotFound",
            Self::EmergencyGroupNotFound => "emergencyGroupNotFound",
            Self::DataTableNotFound => "dataTableNotFound",
            Self::DecisionTableNotFound => "decisionTableNotFound",
            Self::ResponseNotFound => "responseNotFound",
            Self::UserNotFound => "userNotFound",
            Self::GroupNotFound => "groupNotFound",
            Self::SkillNotFound => "skillNotFound",
            Self::LanguageNotFound => "languageNotFound",
            Self::TaskNotFound => "taskNotFound",
            Self::NoSelection => "noSelection",
            Self::InputFailure => "inputFailure",
            Self::Timeout => "timeout",
            Self::StepLimit => "stepLimit",
            Self::ActionLimit => "actionLimit",
            Self::MaxRunningTime => "maxRunningTime",
            Self::ParticipantDataLimit => "participantDataLimit",
            Self::RecipientLimit => "recipientLimit",
            Self::WorkitemNotFound => "workitemNotFound",
            Self::WorkitemConnected => "workitemConnected",
            Self::SipHeaders => "sipHeaders",
            Self::InvocationLimit => "invocationLimit",
            Self::LookupLimit => "lookupLimit",
            Self::Budget => "budget",
        }
    }

    /// Parses the contract's spelling (case-insensitive, for scenario files).
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str().eq_ignore_ascii_case(text))
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ErrorKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip() {
        for kind in ErrorKind::ALL {
            assert_eq!(ErrorKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(ErrorKind::parse("INPUTTIMEOUT"), Some(ErrorKind::InputTimeout));
        assert_eq!(ErrorKind::parse("nope"), None);
    }
}
