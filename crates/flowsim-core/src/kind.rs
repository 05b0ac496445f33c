//! The vocabulary of run-time error kinds, shared by the evaluator and the engine.
//!
//! Every kind has one spelling (camelCase, as in docs/json-flows.md) used in traces,
//! results and scenario expectations.

use serde::{Serialize, Serializer};
use std::fmt;

// The kinds, each with its spelling and its explanation (its doc comment).
macro_rules! kinds {
    ($($(#[doc = $doc:literal])+ $variant:ident = $name:literal,)+) => {
        /// What went wrong while a node ran (or why the run stopped).
        ///
        /// The spellings are the contract (`flowsim docs json-flows`): `inputTimeout`, `notSet`, ...
        /// Each kind's doc comment is its explanation (`flowsim explain KIND`, `flowsim docs codes`):
        /// what it means, then `Cause:`, `Do:` and `Example:` paragraphs.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ErrorKind {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl ErrorKind {
            /// Every kind, in declaration order.
            pub const ALL: [ErrorKind; [$($name),+].len()] = [$(Self::$variant,)+];

            /// The contract's spelling.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)+
                }
            }

            /// What the kind means, its usual cause, what to do and an example: its doc
            /// comment, as `diag::Explanation` reads it.
            #[must_use]
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Self::$variant => concat!($($doc, "\n"),+),)+
                }
            }
        }
    };
}

kinds! {
    /// A run error: an input step got no usable input before its timeout (a JSON flow's Gather).
    ///
    /// Cause: The request's inputs ran out, or the entry was `"timeout"`.
    ///
    /// Do: Add the input the step waits for to `inputs`, or expect the timeout path.
    ///
    /// Example: `flowsim run Main --input timeout` at a Gather: the step takes its timeout path.
    InputTimeout = "inputTimeout",
    /// A run error: a JSON flow's `If` had no true condition and no default.
    ///
    /// Cause: Conditions that do not cover every value, and no `defaultNextNode`.
    ///
    /// Do: Add a `defaultNextNode`, or a condition for the case.
    ///
    /// Example: `{"type": "If", "properties": {"conditions": [{"expression": "Flow.n > 0", ...}]}}`
    /// with `Flow.n` 0.
    NoBranch = "noBranch",
    /// A run error: an operator, function or action needed a value and got NOT_SET.
    ///
    /// Cause: A variable read before anything set it: an input not given, a data action output that
    /// did not come, a conversion of text that does not read.
    ///
    /// Do: Set the variable first, give it an initial value, or guard the read with `IsSet(...)` or
    /// `If(IsNotSetOrEmpty(x), ..., ...)`.
    ///
    /// Example: `Flow.count + 1` while `Flow.count` is NOT_SET: `notSet: operand of + is NOT_SET`.
    NotSet = "notSet",
    /// A run error: a value of one type where another is needed, which no conversion takes.
    ///
    /// Cause: A variable holding another type than the flow expects (a preset, a data action's
    /// output), or a property of the wrong type.
    ///
    /// Do: Convert the value (`ToInt`, `ToString`), or fix the data that gives it; `flowsim check`
    /// finds the cases it can know.
    ///
    /// Example: `"a" + 1` at run time: `typeMismatch: + cannot take String and Integer`.
    TypeMismatch = "typeMismatch",
    /// A run error, and a refusal of `run`: a flow was named that no loaded flow has (or one of a
    /// type the action does not take).
    ///
    /// Cause: A flow's file not passed with `--flows`, or its name misspelt.
    ///
    /// Do: Load the flow, or fix the name; `flowsim check` lists the flows loaded.
    ///
    /// Example: `flowsim run "Mian IVR"`, or a Transfer to Flow to a flow that is not loaded.
    FlowNotFound = "flowNotFound",
    /// A run error: the published version of a called flow was asked for and it has none.
    ///
    /// Cause: A request with `"version": "published"` calling a flow that only has a draft.
    ///
    /// Do: Publish the callee (give its published version), or run drafts.
    ///
    /// Example: A Flow node calling `Billing` in a published run, with `Billing` a draft only.
    FlowNotPublished = "flowNotPublished",
    /// A run error: a called flow ended with an error end.
    ///
    /// Cause: The callee took its own error path (an End of type `error`, its error handling).
    ///
    /// Do: Look at the callee's run (`flowsim run CALLEE`), or handle the failure in the caller.
    ///
    /// Example: A Flow node whose callee ends at `{"type": "End", "properties": {"type":
    /// "error"}}`.
    FlowFailed = "flowFailed",
    /// A run error: a called flow ran past the calling node's `timeoutSeconds`.
    ///
    /// Cause: A callee that waits (inputs, holds) longer than the caller allows.
    ///
    /// Do: Raise `timeoutSeconds`, or make the callee shorter.
    ///
    /// Example: A Flow node with `timeoutSeconds: 5` whose callee waits 10 s for input.
    FlowTimeout = "flowTimeout",
    /// A run error: flows called each other 32 deep.
    ///
    /// Cause: A flow that calls itself, or two that call each other, with no end.
    ///
    /// Do: Break the cycle, or end it on a condition.
    ///
    /// Example: Flow `A` calls `B`, which calls `A` again on every path.
    CallDepth = "callDepth",
    /// A run error: an action named a queue the fixtures do not hold.
    ///
    /// Cause: A queue misspelt in the flow, or not yet added to the fixtures.
    ///
    /// Do: Add the queue to the fixtures' `queues`, or fix its name; `check --org` compares names
    /// with an org.
    ///
    /// Example: `transferToAcd: {targetQueue: {lit: {name: Salse}}}` with only `Sales` in the
    /// fixtures.
    QueueNotFound = "queueNotFound",
    /// A run error: an external contact lookup found nobody and was told to fail then.
    ///
    /// Cause: No contact in the fixtures matches the lookup.
    ///
    /// Do: Add the contact to the fixtures' `contacts`, or take the not-found path.
    ///
    /// Example: `GetExternalContactAction` with `onNotFound: error` for `+15550000000`.
    ContactNotFound = "contactNotFound",
    /// A run error: a data action did not answer in time.
    ///
    /// Cause: Its mock's response is `timeout: true`, or answers (`delayMs`) after the action's
    /// timeout.
    ///
    /// Do: Expect the timeout path, or mock a success.
    ///
    /// Example: `dataActions: {Lookup Account: [{timeout: true}]}`.
    DataActionTimeout = "dataActionTimeout",
    /// A run error: a data action's mock answered with a failure.
    ///
    /// Cause: The mock's response is an `error` (an error the cloud would return).
    ///
    /// Do: Expect the failure path, or mock a success.
    ///
    /// Example: `dataActions: {Lookup Account: [{error: {message: Not found, status: 404}}]}`.
    DataActionFailed = "dataActionFailed",
    /// A run error: a data action was called and no mock answers that call; mocks fail closed.
    ///
    /// Cause: The fixtures lack a mock for the data action, or no mock's `match` fits the inputs.
    ///
    /// Do: Add a mock under the fixtures' `dataActions`; or, when the test is about the miss,
    /// expect it: `expect: {missing: ["dataAction:Lookup Account"]}`.
    ///
    /// Example: A `callData` to `Lookup Account` with no `dataActions: {Lookup Account: ...}` in
    /// the fixtures.
    UnmockedDataAction = "unmockedDataAction",
    /// A run error: a third-party service (a bot, a knowledge base, a journey lookup) was called
    /// and no mock answers; mocks fail closed.
    ///
    /// Cause: The fixtures' `services` lack a mock for it, or none of its responses fits the call.
    ///
    /// Do: Add a mock under `services` (`flowsim docs fixtures`); `check --fixtures` lists the services
    /// the flows call.
    ///
    /// Example: A `callLexV2Bot` run with no `services: {lexV2: ...}`.
    UnmockedService = "unmockedService",
    /// A run error: the run reached an action that runs only from a stub (Encrypt Data, Call
    /// Voice Flow, an action the catalogue does not know), and nothing stubs it. The run stops
    /// there, whatever the flow's error handling would do: the gap is the test's.
    ///
    /// Cause: A scenario or fixture file without a `stubs` entry for the action.
    ///
    /// Do: Add the stub the message shows (its `action` or `id`, and the output to take) to
    /// the scenario's or a fixture file's `stubs` (`flowsim docs scenarios`).
    ///
    /// Example: A run reaching `encryptData` with no `stubs: [{action: Encrypt card number,
    /// output: success}]`.
    NeedsStub = "needsStub",
    /// A run error: a service's mock answered `failure` or `timeout`.
    ///
    /// Cause: The scenario's mock is a failure, as a test of the flow's failure path.
    ///
    /// Do: Expect the service action's failure path, or mock a response that succeeds.
    ///
    /// Example: `services: {lexV2: [{failure: {errorType: NoMatchError}}]}`.
    ServiceFailed = "serviceFailed",
    /// A run error: a value could not be converted to the type needed.
    ///
    /// Cause: Text that does not read as a number, date or Boolean, often from a caller or a data
    /// action.
    ///
    /// Do: Check the value first (`IsSet`, a comparison), or keep it as text.
    ///
    /// Example: `ToInt("abc")`, or `digits: {exact: {exp: Flow.n}}` with `Flow.n` "four".
    Conversion = "conversion",
    /// A run error: a division or remainder by zero.
    ///
    /// Cause: A divisor read from data that can be 0.
    ///
    /// Do: Test the divisor first: `If(Flow.n == 0, 0, Flow.total / Flow.n)`.
    ///
    /// Example: `1 / 0`, `Flow.total % Flow.count` with `Flow.count` 0.
    DivisionByZero = "divisionByZero",
    /// A run error: an item or position past the end of a collection or text.
    ///
    /// Cause: A list shorter than the flow expects, or an index counted from 1.
    ///
    /// Do: Check `Count(list)` first; items are counted from 0.
    ///
    /// Example: `MakeList(1)[3]`, `Substring("ab", 5, 1)`.
    IndexOutOfRange = "indexOutOfRange",
    /// A run error: a collection grew past 2,000 items, Architect's limit.
    ///
    /// Cause: A loop that adds an item per pass with no end, or data larger than expected.
    ///
    /// Do: Bound the loop, or keep fewer items.
    ///
    /// Example: `AddItem(Flow.list, x)` in a loop of 3,000 passes.
    CollectionTooLarge = "collectionTooLarge",
    /// A run error: integer arithmetic past Architect's range (±999,999,999,999,999).
    ///
    /// Cause: Multiplying large numbers, or an account number read as an Integer.
    ///
    /// Do: Use Decimals, or keep such numbers as text.
    ///
    /// Example: `999999999999999 + 1`.
    Overflow = "overflow",
    /// A run error: a value outside what an action accepts.
    ///
    /// Cause: A computed value past the action's scale.
    ///
    /// Do: Clamp the value first, or take the action's failure path.
    ///
    /// Example: Set Priority with priority `30000000` (the scale is -25,000,000 to 25,000,000).
    OutOfRange = "outOfRange",
    /// A run error: a text grew past the engine's limit.
    ///
    /// Cause: Text appended in a loop with no end.
    ///
    /// Do: Bound the loop, or keep less text.
    ///
    /// Example: `Append(Flow.log, Flow.log)` in a loop of 100 passes.
    StringTooLong = "stringTooLong",
    /// A run error: the run reached an action, property or function flowsim does not run offline.
    ///
    /// Cause: A flow using something `flowsim docs architect` lists as not done.
    ///
    /// Do: Keep the run away from it (a scenario that takes another path), or ask for it to be
    /// done; `flowsim check` lists each place.
    ///
    /// Example: A run reaching an Ask for Slot of an AI-powered slot type whose turn scripts no
    /// value: `unsupported`, the message saying how to script what the model would extract.
    Unsupported = "unsupported",
    /// A run error: a schedule the fixtures do not hold was named.
    ///
    /// Cause: A schedule misspelt, or not added to the fixtures.
    ///
    /// Do: Add it to the fixtures' `schedules`, or fix the name.
    ///
    /// Example: `evaluateScheduleGroup` with a schedule `Holidays 2026` the fixtures lack.
    ScheduleNotFound = "scheduleNotFound",
    /// A run error: a schedule group the fixtures do not hold was named.
    ///
    /// Cause: A schedule group misspelt, or not added to the fixtures.
    ///
    /// Do: Add it to the fixtures' `scheduleGroups`, or fix the name.
    ///
    /// Example: `evaluateScheduleGroup: {scheduleGroup: {lit: {name: Office Hours}}}` with no such
    /// group.
    ScheduleGroupNotFound = "scheduleGroupNotFound",
    /// A run error: an emergency group the fixtures do not hold was named.
    ///
    /// Cause: An emergency group misspelt, or not added to the fixtures.
    ///
    /// Do: Add it to the fixtures' `emergencyGroups`, or fix the name.
    ///
    /// Example: An Evaluate Schedule of type Emergency Group naming `Storm` with no such group.
    EmergencyGroupNotFound = "emergencyGroupNotFound",
    /// A run error: a data table the fixtures do not hold was named.
    ///
    /// Cause: A table misspelt, or not added to the fixtures.
    ///
    /// Do: Add it to the fixtures' `dataTables`, or fix the name.
    ///
    /// Example: `dataTableLookup` on table `Branches` with no such table.
    DataTableNotFound = "dataTableNotFound",
    /// A run error: a Call Decision Table named a table the fixtures do not hold.
    ///
    /// Cause: A decision table misspelt, or not added to the fixtures.
    ///
    /// Do: Add it to the fixtures' `decisionTables`, or fix the name.
    ///
    /// Example: `callDecisionTable` naming `Routing Rules` with no such table.
    DecisionTableNotFound = "decisionTableNotFound",
    /// A run error: Get Response named a response or library the fixtures do not hold.
    ///
    /// Cause: A response or library misspelt, or a response of another library.
    ///
    /// Do: Add it to the fixtures' `responses`, or fix the name.
    ///
    /// Example: `getResponse` naming `Greeting` in library `Canned` when `Canned` lacks it.
    ResponseNotFound = "responseNotFound",
    /// A run error: an action named a user the fixtures do not hold.
    ///
    /// Cause: A user misspelt, or not added to the fixtures; an extension no user has.
    ///
    /// Do: Add the user to the fixtures' `users`, or fix the name.
    ///
    /// Example: `transferToUser: {targetUser: {lit: {name: Ann Lee}}}` with no such user.
    UserNotFound = "userNotFound",
    /// A run error: an action named a group the fixtures do not hold.
    ///
    /// Cause: A group misspelt, or not added to the fixtures.
    ///
    /// Do: Add the group to the fixtures' `groups`, or fix the name.
    ///
    /// Example: `transferToGroup` naming `Supervisors` with no such group.
    GroupNotFound = "groupNotFound",
    /// A run error: an action named a skill the fixtures do not hold.
    ///
    /// Cause: A skill misspelt, or not added to the fixtures.
    ///
    /// Do: Add the skill to the fixtures' `skills`, or fix the name.
    ///
    /// Example: `transferToAcd` with `acdSkills: [Billing]` and no skill `Billing`.
    SkillNotFound = "skillNotFound",
    /// A run error: an action named a language skill the fixtures do not hold.
    ///
    /// Cause: A language skill misspelt, or not added to the fixtures.
    ///
    /// Do: Add it to the fixtures' `languages`, or fix the name.
    ///
    /// Example: `languageSkill: {lit: {name: Frnch}}`.
    LanguageNotFound = "languageNotFound",
    /// A run error: a jump named a task, menu or state the flow does not have.
    ///
    /// Cause: A jump target computed at run time, or a reference `check` reported (`danglingRef`).
    ///
    /// Do: Point the jump at a task the flow has.
    ///
    /// Example: A `jumpToTask` to `/inboundCall/tasks/task[Gone_9]`.
    TaskNotFound = "taskNotFound",
    /// A run error: a menu got no valid selection after all its repeats.
    ///
    /// Cause: The inputs ran out, or only pressed keys no choice has.
    ///
    /// Do: Give the menu a key it has in `inputs`, or expect the menu's default path.
    ///
    /// Example: `flowsim run Main --input 9` at a menu with choices 1 and 2.
    NoSelection = "noSelection",
    /// A run error: Collect Input got too few digits or a wrong terminator.
    ///
    /// Cause: An input entry shorter than `digitsMin`, or with a character the action does not
    /// take.
    ///
    /// Do: Give the digits the action takes, or expect its failure path.
    ///
    /// Example: `--input 12` for `digits: {exact: 4}`.
    InputFailure = "inputFailure",
    /// A run status, and an error kind: the run's virtual time passed the request's `timeout`.
    ///
    /// Cause: A flow that waits or loops longer than the timeout (hold music, repeated waits).
    ///
    /// Do: Raise the timeout, or expect it: `status: timeout`.
    ///
    /// Example: `{"timeout": 60}` and a flow that holds for 5 minutes.
    Timeout = "timeout",
    /// A run status, and an error kind: the run executed `maxSteps` nodes.
    ///
    /// Cause: A loop with no end, or a long flow with a small step limit.
    ///
    /// Do: Fix the loop, raise `maxSteps`, or expect it: `status: stepLimit`.
    ///
    /// Example: A Decision that jumps back to its own task on every path, run with `--max-steps
    /// 100`.
    StepLimit = "stepLimit",
    /// A run error: an Architect flow ran Genesys's 10,000 actions.
    ///
    /// Cause: A loop that never ends in the flow itself.
    ///
    /// Do: End the loop on a condition; the flow's error handling gets this error in the cloud too.
    ///
    /// Example: A `loop` with `loopCount: 100000` around a Play Audio.
    ActionLimit = "actionLimit",
    /// A run error: a Wait would pass the flow's maximum running time (72 hours; one hour in a
    /// survey invite flow).
    ///
    /// Cause: A Wait of days, or a loop of waits.
    ///
    /// Do: Shorten the wait, or let it trim its duration.
    ///
    /// Example: `wait: {duration: {lit: {hours: 80}}}`.
    MaxRunningTime = "maxRunningTime",
    /// A run error: a bot session passed Genesys's participant data limits (50 Set Participant Data
    /// runs, 50 attributes, values of 256 characters).
    ///
    /// Cause: Participant data set in a loop, or long values.
    ///
    /// Do: Set fewer attributes, less often, with shorter values.
    ///
    /// Example: A `setParticipantData` with a value of 300 characters in a bot flow.
    ParticipantDataLimit = "participantDataLimit",
    /// A run error: Send Notification to more than Genesys's 50 recipients.
    ///
    /// Cause: A recipient list built from data larger than expected.
    ///
    /// Do: Send to at most 50 recipients per action.
    ///
    /// Example: `sendNotification` to a list of 60 users.
    RecipientLimit = "recipientLimit",
    /// A run error: a workitem action ran in a run that has no workitem.
    ///
    /// Cause: A workitem flow run without the request's `workitem`.
    ///
    /// Do: Give the request a `workitem` (`flowsim docs results`).
    ///
    /// Example: `flowsim run "Triage"` for a workitem flow with no `--request` workitem.
    WorkitemNotFound = "workitemNotFound",
    /// A run error: Update Workitem changed the assignee or queue while an agent works on the
    /// workitem.
    ///
    /// Cause: A workitem flow that reassigns work an agent has.
    ///
    /// Do: Reassign only workitems no agent is connected to.
    ///
    /// Example: Update Workitem setting `assignee` on a workitem whose `connected` is true.
    WorkitemConnected = "workitemConnected",
    /// A run error: Get SIP Headers found none, or ran past its limit.
    ///
    /// Cause: The request's `context.sipHeaders` lacks the headers the flow reads.
    ///
    /// Do: Give the headers in `context.sipHeaders`, or take the failure path.
    ///
    /// Example: `getSIPHeaders` with `sipHeaderNames: [X-Account]` and no such header.
    SipHeaders = "sipHeaders",
    /// A run error: an action ran once more than Genesys lets a flow run it (its `errorType` is
    /// `ActionInvocationLimitExceeded`).
    ///
    /// Cause: The action in a loop.
    ///
    /// Do: Run it fewer times (Clear Utilization Label: five).
    ///
    /// Example: `clearUtilizationLabel` in a `loop` of 6 passes.
    InvocationLimit = "invocationLimit",
    /// A run error: a flow looked up more unique schedules or schedule groups by name than Genesys
    /// allows (25 of a type, 100 in all).
    ///
    /// Cause: Find Schedule in a loop over many names.
    ///
    /// Do: Look up fewer schedules, or keep them in variables.
    ///
    /// Example: `findSchedule` on 30 different names in one run.
    LookupLimit = "lookupLimit",
    /// A run status, and an error kind: the run spent one of its budgets (work, live bytes, trace
    /// bytes: `flowsim docs budgets`).
    ///
    /// Cause: A runaway loop that builds large values, or a flow far larger than real ones.
    ///
    /// Do: Fix the loop; the budgets are far above what real flows use.
    ///
    /// Example: A `loop` whose Update Data runs `Append(Flow.log, Flow.log)` a million times.
    Budget = "budget",
}

impl ErrorKind {
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
