//! What the commands know of an action beyond its properties and outputs, one field per
//! question a consumer asks: where it goes when it takes none of its outputs, in which flow
//! types `check` allows it, the flow it calls, how `graph` draws its box, what `mutate` may
//! change.
//!
//! Invariants:
//! - Consumers read these fields; none of them matches on [`Op`](super::Op) or on an entry's
//!   key to learn one of these facts (`tests/it/catalogue_facts.rs` scans them).
//! - Every entry states its facts where it is written: [`action`](super::action) (and the JSON
//!   family's constructor) takes them, so no entry builds without them. A family file names one
//!   value per group of operations that share their facts (its `facts` module: `facts::MENU`,
//!   `facts::TRANSFER`, `..Facts::PLAIN` for what is plain), and each entry of an operation
//!   states that operation's by its name; no `match` over operations answers for them.
//! - Entries that share an operation share its facts, but for those an entry holds apart and
//!   says so where it is written ([`ActionSpec::refused`], [`ActionSpec::calls_types`],
//!   [`ActionSpec::secure`], recorded in [`Apart`]): this module's tests hold every entry to its
//!   operation's group and show a drifted one found.
//!
//! An entry states them as it is written; one without them does not build:
//!
//! ```
//! use flowsim_flow::flow::catalogue::{action, Facts, Family, Leaves, Op, NONE};
//! const END: Facts = Facts { leaves: Leaves::Ends, ..Facts::PLAIN };
//! let entry = action("endWorkflow", "", Family::Control, Op::EndWorkflow, END, &[], NONE);
//! assert_eq!(entry.facts.leaves, Leaves::Ends);
//! ```
//!
//! ```compile_fail
//! use flowsim_flow::flow::catalogue::{action, Family, Op, NONE};
//! let entry = action("endWorkflow", "", Family::Control, Op::EndWorkflow, &[], NONE);
//! ```

use super::json::SetValue;
use super::ActionSpec;
use crate::flow::action::{Action, VarRef};
use crate::flow::model::EndType;

/// The facts of one entry.
#[derive(Debug, Clone, Copy)]
pub struct Facts {
    /// Where it goes when it takes none of its outputs: what coverage counts a way on by and
    /// a picture draws an end by (`tests/it/catalogue_flows.rs` holds every generated action's
    /// runs to it).
    pub leaves: Leaves,
    /// The flow types `check` refuses it in, one rule each, the first that holds reported.
    pub refused: &'static [Refused],
    /// Its properties a workitem flow does not have: `check` refuses them set there (Transfer
    /// to User's audio: "This field is not available in workitem flows").
    pub not_in_workitem: &'static [&'static str],
    /// The flow it calls or transfers to, if it names one.
    pub callee: Option<Callee>,
    /// Whether `graph` draws it as a choice: where it goes depends on data, input or fixtures.
    pub branches: bool,
    /// What `graph` lists in its box of the outputs after its fixed ones.
    pub lists: Option<Listing>,
    /// What `mutate` may change beyond its expressions and outputs.
    pub mutate: Mutate,
    /// Whether `check` refuses it outside a loop's body (Exit Loop, Next Loop).
    pub loop_only: bool,
    /// Whether it is a loop: its body's end comes back to it (Loop, Loop Until, Anything Else?
    /// Loop), which both front-ends lower so and `check` reads loop controls by.
    pub loops: bool,
    /// What `explore` changes in a script to make it leave by another way.
    pub varies: Varies,
    /// The variables it writes with a type of its own, which `check` holds to the types the
    /// flow declares for them.
    pub typed_writes: TypedWrites,
    /// How `diff` reads it when not property by property: the whole node as one text, shown
    /// and hashed (a JSON node's fields).
    pub whole: Option<fn(&Action) -> String>,
    /// What `graph`'s box shows it works on, when not the first of its usual properties (a
    /// JSON node's text, queue, contact key or data action).
    pub shows: Option<fn(&Action) -> Option<String>>,
    /// The variables it assigns in order, each with its value (a JSON `Set`'s `setVars`):
    /// what `check` and `lint` know assigned, what a trace keys the step's values by.
    pub assigns: Option<Assigns>,
    /// The exits a run takes when the action goes on, fails or times out without naming one
    /// (a JSON node's `onComplete`, `onError`, `onTimeout`), by their names among its
    /// outputs. An entry with paths names its exits by the labels traces show: a step writes
    /// the exit's name as its edge (`success`, `condition[0]`), and the cloud's execution
    /// data has no output path for it. `None` (Architect's actions): going on is the plain
    /// way to the action's `next`, and a failure goes to the flow's error handling.
    pub paths: Option<Paths>,
    /// How it ends the flow when it does, by its own reckoning (a JSON `End`'s `endType`,
    /// `Disconnect`): what a trace's text says at its step.
    pub ends_as: Option<fn(&Action) -> EndType>,
    /// The failure its error way stands for when `explore` forces it.
    pub failure: Failure,
    /// Whether its error way can be taken at all: `coverage` lists dead error ways apart.
    pub fallible: Fallible,
    /// Outputs a run takes only when a property is given, as (output, property): with the
    /// property not given (or a literal NOT_SET) no configuration takes the output, and
    /// `coverage` lists it as dead (Evaluate Schedule Group's `emergency` needs an
    /// `emergencyGroup`: "emergency (if the emergency group is active)").
    pub output_needs: &'static [(&'static str, &'static str)],
    /// The property naming the data action it calls, when it is not Architect's `callData`
    /// property (a JSON `DataAction`'s `action`).
    pub data_action: Option<&'static str>,
    /// The outputs later nodes read as `Node.<id>.<output>`, when it is such a node (a JSON
    /// node): `check` reports an unknown one.
    pub node_outputs: Option<&'static [&'static str]>,
    /// The most digits it takes and its terminator key, when it gathers digits (a JSON
    /// `Gather`): `check` reports comparisons its `digits` can never satisfy.
    pub digits: Option<Digits>,
    /// Whether a step of it is a decision whatever ways its node gives it (docs/decisions.md):
    /// its result depends on input, fixtures or mocks.
    pub decides: bool,
    /// What it does with secure data beyond its properties' own rules (`check`).
    pub secure: SecureData,
    /// What a trace's text says at a step of it that ends its flow.
    pub end_words: EndWords,
    /// How a trace writes its steps' results from what each recorded.
    pub record: Record,
}

/// How a trace writes a step's result from the step's record: the prompt it played and the
/// values it wrote, each under its name, in order (`engine::result::StepResult::Action`).
/// Architect's actions write theirs alike; a JSON node's result has its node type's own fields
/// (docs/results.md), the names of its record's values, and its line in the text trace its
/// own words. Every writer of a trace (the JSON forms, the text, a scenario's explanation of a
/// step) reads this, never the node type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    /// `text` (its prompt, when it played one), `variables` (the values, when it wrote any),
    /// `stub`; the text trace says nothing of it, or how it ends its flow
    /// ([`Facts::ends_as`]), and a scenario's explanation lists what it wrote. Every Architect
    /// action; a JSON `End`, `Disconnect` and `If`.
    Action,
    /// `text`, its prompt: `says "Welcome"` (a JSON `Say`).
    Says,
    /// `prompt` (when it played one) and `digits` (`null`: none came):
    /// `prompts "Press 1", gets "1"`; a scenario's explanation shows the input (a JSON
    /// `Gather`).
    Gathers,
    /// `variables`, always, keyed by [`Facts::assigns`] (`{}` when its first value failed):
    /// `Flow.a = "x", Flow.b = 2` (a JSON `Set`).
    Assigns,
    /// `flowName` (when the callee resolved) and `outcome` (`null` until the callee returns):
    /// `calls B → completed` (a JSON `Flow`).
    Calls,
    /// `queueId` and `queueName`: `routes to Sales (q-sales)` (a JSON `Route`).
    Routes,
    /// `contact` (its id, name, email and attributes, or `null`) and `matchCount`:
    /// `finds Ann (c-1), first of 2` (a JSON `GetExternalContactAction`).
    Finds,
    /// `availableAgents`, `onQueueAgents`, `waiting` and `occupancy`: the queue's figures,
    /// which decision logs keep too (a JSON `QueueMetrics`).
    Figures,
    /// `status` and `outputs`: `success, outputs {...}`, else the status (a JSON
    /// `DataAction`).
    Answers,
}

/// Where an action goes when it takes none of its outputs ([`Facts::leaves`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaves {
    /// On to the next action (past its container's last action, where that container goes).
    On,
    /// Nowhere: the run, the flow or the bot ends there (Disconnect, End Workflow, Exit Bot
    /// Flow, Complete Survey Invite, ...).
    Ends,
    /// Elsewhere in the flow: a task, a menu, a state, its loop's end or next pass, the caller
    /// of a reusable task.
    Jumps,
    /// Out of the flow with the interaction: a transfer that is made ends the flow (a Transfer
    /// to Flow goes on in its target); a failure output goes on.
    Transfers,
    /// Into the flow's error handling: an action flowsim does not run fails `unsupported`.
    Fails,
}

/// An action's own rules for secure data (`check`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecureData {
    /// None of its own.
    None,
    /// It calls the org's secure data actions only (Call Secure Data: its page).
    CallsOnly,
    /// It copies secure values into variables that must not be secure (Extract Secure Data:
    /// "The destination variable must be a non-secure variable").
    Extracts,
    /// It writes secured values (Get Secured Data), which a screen pop must not read.
    Gets,
    /// It shows the agent what it reads (Set Screen Pop): no secured value.
    ScreenPop,
}

/// What a trace's text says where a step of the action ends its flow with no way out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndWords {
    /// Nothing of its own.
    Plain,
    /// `returns`: a reusable task's end goes back to its caller (End Task).
    Returns,
    /// `exits the bot flow`, unless its bot gave up and disconnected the interaction (Exit
    /// Bot Flow, a bot's asks).
    ExitsBot,
}

/// A node's assignments in order, each its variable and its value ([`Facts::assigns`]).
pub type Assigns = fn(&Action) -> Vec<(&VarRef, SetValue<'_>)>;

/// The names of the exits an action's run takes on its own ([`Facts::paths`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paths {
    /// Going on (`onComplete`).
    pub on: &'static str,
    /// A failure (`onError`); without it, or when the node gives it no target, the failure
    /// ends the flow.
    pub error: &'static str,
    /// A timeout (`onTimeout`); without it the timeout is a failure.
    pub timeout: &'static str,
}

/// The most digits a node takes and its terminator key ([`Facts::digits`]).
pub type Digits = fn(&Action) -> (u64, Option<char>);

/// What a forced error way of an action stands for (`explore`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The flow's plain failure (an Architect action's, which its flow's error handling takes).
    Plain,
    /// Its data action failed.
    DataAction,
    /// No input came in time.
    InputTimeout,
    /// The contact it looks up is not found.
    ContactNotFound,
}

/// Whether an action's error way can be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallible {
    /// It can fail.
    Always,
    /// It never fails (it ends the flow).
    Never,
    /// It fails only if the template of the property of this name can (absent: it can).
    UnlessTemplate(&'static str),
    /// It fails only if one of its assignments ([`Facts::assigns`]) can: a string's template,
    /// an expression, or a conversion of another type (which always can).
    UnlessAssignments,
}

/// What `explore` changes in a script so that the action leaves by another of its ways: each
/// names a kind of input, fixture or mock and the action's properties it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Varies {
    /// Nothing: the explorer forces the way.
    Nothing,
    /// A Decision's condition: the values its references read.
    Condition,
    /// A Switch's cases in order: the values their references read.
    SwitchCases,
    /// A Loop Until's until cases in order, as [`Varies::SwitchCases`].
    UntilCases,
    /// The menu digit of the choice.
    MenuChoice,
    /// Collect Input's digits (its input variable is a lever) or no input.
    Digits,
    /// A data action's mock: success, failure or timeout (its outputs are levers).
    DataAction,
    /// The run's start time: an instant in the schedule's state.
    Schedule,
    /// The run's start time: an instant in the schedule group's state.
    ScheduleGroup,
    /// The mock of an external service of this kind.
    Service(super::Service),
    /// The data table's rows or the lookup key.
    TableLookup,
    /// The contact id looked up: one of the fixtures' contacts or none.
    ContactLookup,
    /// The customer's turn: an answer, no input, no match (and an intent, with `intents`).
    Turn {
        /// Whether an output after the fixed ones is an intent the turn names.
        intents: bool,
    },
    /// A JSON `If`'s conditions in order.
    JsonConditions,
    /// A JSON `Gather`'s digits (its `digits` output is a lever) or a timeout.
    JsonDigits,
    /// A JSON `DataAction`'s mock (its `outputs` are levers).
    JsonDataAction,
    /// A JSON `GetExternalContactAction`'s lookup value: a key of the fixtures' contacts or
    /// none.
    JsonContact,
    /// Nothing at its step; its outputs are the fixtures' queue figures (JSON
    /// `QueueMetrics`).
    JsonQueueFigures,
}

/// A flow type `check` refuses the action in (`flowType`): each names the flow types the
/// Architect Scripting SDK or Genesys' pages leave the action out of; `check` words the
/// diagnostic and its help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// A customer secured data action in a bot flow.
    SecuredDataInBot,
    /// A secure data action outside the secure call and bot flows.
    SecureDataOutsideSecure,
    /// A transfer to a call flow outside the call flows.
    TransferToFlowOutsideCall,
    /// A transfer to a secure flow outside the inbound, outbound and in-queue call flows.
    SecureFlowOutsideCall,
    /// A transfer to voicemail outside the call flows.
    VoicemailOutsideCall,
    /// An email auto reply in a call flow.
    AutoReplyInCall,
    /// A language setting in an inbound written flow without one.
    LanguageInDigital,
    /// In-queue handling in an inbound written flow.
    InQueueHandlingInDigital,
    /// Hold music outside an in-queue call flow (inbound written flows: an audio control).
    HoldMusicOutsideInQueueCall,
    /// An estimated wait time outside the in-queue flows.
    WaitTimeOutsideInQueue,
    /// A position in queue outside the in-queue flows.
    PositionOutsideInQueue,
    /// A utilization label action in workflows, workitem and survey flows.
    UtilizationLabelWithoutLabels,
    /// An audio control in an inbound written flow.
    AudioControlInDigital,
    /// A flow outcome action in in-queue call flows, workflows and workitem flows.
    OutcomeInQueueOrWork,
    /// A wait in a call flow.
    WaitInCall,
    /// Call UUI data in a written interaction's or work's flow.
    UuiInWritten,
    /// A priority setting outside the in-queue flows.
    PriorityOutsideInQueue,
    /// A SIP header lookup outside the inbound, in-queue and secure call flows.
    SipOutsideCall,
    /// Silence detection outside the call flows.
    SilenceOutsideCall,
    /// A bot flow call outside the call, chat and message flows.
    BotFlowOutsideCallChatMessage,
    /// A digital bot flow call outside the message flows.
    DigitalBotFlowOutsideMessage,
    /// An Audio Connector call outside the inbound, outbound and in-queue call flows.
    AudioConnectorOutsideCall,
    /// A return to the agent outside the secure call flows.
    ReturnToAgentOutsideSecure,
    /// A survey invite action outside the survey invite flows.
    SurveyInviteElsewhere,
    /// A survey question outside the voice survey flows.
    SurveyQuestionElsewhere,
}

/// The flow an action calls or transfers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Callee {
    /// The properties that name it, the first one given wins (a JSON `Flow`'s `flowId`, then
    /// its `flowName`).
    pub props: &'static [&'static str],
    /// What kind of call it is.
    pub kind: CalleeKind,
    /// The flow types it names, as type keys (`commonmodule`): a flow of another Architect
    /// type is the wrong one. Empty: any flow (a JSON flow's callee).
    pub types: &'static [&'static str],
}

/// How an action reaches the flow it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalleeKind {
    /// Calls a common module by name, and comes back.
    Module,
    /// Calls a bot flow by name, and comes back.
    BotFlow,
    /// Transfers to a flow: its target is evaluated (a string literal is as fixed as text).
    Transfer,
    /// Transfers to a secure flow, as [`CalleeKind::Transfer`].
    SecureTransfer,
    /// A JSON flow's `Flow` node: calls a flow of the registry, by id or by name (a
    /// template), and comes back.
    SubFlow,
}

impl CalleeKind {
    /// Whether the caller goes on after the callee (a picture says `calls`, not
    /// `transfers to`).
    pub fn returns(self) -> bool {
        !matches!(self, CalleeKind::Transfer | CalleeKind::SecureTransfer)
    }

    /// The property `check` names in its diagnostics and what the action does, when `check`
    /// looks the callee up by name in the registry (`None`: a JSON flow's call, which its own
    /// checks read).
    pub fn checked(self) -> Option<(&'static str, &'static str)> {
        match self {
            CalleeKind::Module => Some(("commonModule", "calls common module")),
            CalleeKind::BotFlow => Some(("botFlow", "calls bot flow")),
            CalleeKind::Transfer => Some(("targetFlow", "transfers to flow")),
            CalleeKind::SecureTransfer => Some(("targetFlow", "transfers to secure flow")),
            CalleeKind::SubFlow => None,
        }
    }
}

/// The variables an action writes with a type of its own (`check`'s `typeError` on a declared
/// variable of another type).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypedWrites {
    /// None.
    None,
    /// Update Data's statements: each its variable as its statement's type (the SDK's
    /// `addUpdateDataStatement(archDataType, variableToAssign, ...)`).
    Statements,
    /// Get Participant Data's attributes: each variable as text.
    TextAttributes,
    /// A loop's current index, in the property of this name: an Integer.
    IntegerIndex(&'static str),
}

/// What a bot's ask box lists (`graph`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// Its intents, the outputs after the fixed ones.
    Intents,
    /// Its choices, the outputs after the fixed ones.
    Choices,
    /// The slot its property of this name asks for.
    Slot(&'static str),
}

/// What `mutate` may change in an action beyond its expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)]
pub struct Mutate {
    /// Its first two outputs that lead apart are a decision's answers, flipped (else they are
    /// outputs, swapped).
    pub flips: bool,
    /// It may be left out when all its outputs fall through (never a menu's own node).
    pub drops: bool,
    /// Its target, when given as a name, may be another target its kind of transfer names
    /// elsewhere in the registry.
    pub retargets: bool,
    /// Its exits are outputs the output operators change (swapped, flipped), and one that
    /// leads somewhere keeps it from being left out; a JSON node's paths and conditions are
    /// not.
    pub outputs: bool,
    /// Its expressions' mutants name the property they are in (`condition: ...`); a JSON
    /// node's name the node alone.
    pub by_property: bool,
}

impl Facts {
    /// Nothing refused, no callee, a plain box, dropped but not flipped nor retargeted, going
    /// on to the next action: what an entry's facts are built from (`..Facts::PLAIN`).
    pub const PLAIN: Facts = Facts {
        leaves: Leaves::On,
        refused: &[],
        not_in_workitem: &[],
        callee: None,
        branches: false,
        lists: None,
        mutate: Mutate {
            flips: false,
            drops: true,
            retargets: false,
            outputs: true,
            by_property: true,
        },
        loop_only: false,
        loops: false,
        varies: Varies::Nothing,
        typed_writes: TypedWrites::None,
        whole: None,
        shows: None,
        assigns: None,
        paths: None,
        ends_as: None,
        failure: Failure::Plain,
        fallible: Fallible::Always,
        output_needs: &[],
        data_action: None,
        node_outputs: None,
        digits: None,
        decides: false,
        secure: SecureData::None,
        end_words: EndWords::Plain,
        record: Record::Action,
    };

    /// An action whose effect lives outside any conversation flowsim simulates
    /// ([`Op::NeedsStub`](super::Op::NeedsStub)): with its stub it goes on as any action does;
    /// without, the run fails there.
    pub const NEEDS_STUB: Facts = Facts::PLAIN;

    /// An action flowsim does not run ([`Op::Unsupported`](super::Op::Unsupported)): it fails
    /// `unsupported` into the flow's error handling.
    pub const UNSUPPORTED: Facts = Facts { leaves: Leaves::Fails, ..Facts::PLAIN };
}

/// The facts an entry holds apart from the other entries of its operation, each set where the
/// entry is written by the builder of its name ([`ActionSpec::refused`],
/// [`ActionSpec::calls_types`], [`ActionSpec::secure`]): every other fact of the entries of one
/// operation is the same (a catalogue test holds them to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Apart {
    /// Its flow types refused ([`Facts::refused`]).
    pub refused: bool,
    /// The flow types its callee is looked up among ([`Callee::types`]).
    pub callee_types: bool,
    /// Its secure data rules ([`Facts::secure`]).
    pub secure: bool,
}

impl Apart {
    /// Nothing apart: the entry's facts are its operation's.
    pub const NONE: Apart = Apart { refused: false, callee_types: false, secure: false };
}

/// What Call Digital Bot Flow names ([`ActionSpec::calls_types`]).
pub const DIGITAL_BOT_FLOW: &[&str] = &["digitalbotflow"];
/// What a transfer to a flow names (flow-level error handling's transfer too).
pub const INBOUND_CALL: &[&str] = &["inboundcall"];
/// What a transfer to a secure flow names.
pub const SECURE_CALL: &[&str] = &["securecall"];

pub(super) const fn callee(
    props: &'static [&'static str],
    kind: CalleeKind,
    types: &'static [&'static str],
) -> Callee {
    Callee { props, kind, types }
}

impl ActionSpec {
    /// The same entry, refused in the flow types `refused` names instead of its operation's.
    pub const fn refused(mut self, refused: &'static [Refused]) -> ActionSpec {
        self.facts.refused = refused;
        self.apart.refused = true;
        self
    }

    /// The same entry, calling flows of the types `types` instead of its operation's.
    pub const fn calls_types(mut self, types: &'static [&'static str]) -> ActionSpec {
        if let Some(mut c) = self.facts.callee {
            c.types = types;
            self.facts.callee = Some(c);
        }
        self.apart.callee_types = true;
        self
    }

    /// The same entry, with secure data rules of its own ([`Facts::secure`]).
    pub const fn secure(mut self, secure: SecureData) -> ActionSpec {
        self.facts.secure = secure;
        self.apart.secure = true;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::catalogue::{by_key, json, spec, ACTIONS};

    fn facts(key: &str) -> Facts {
        spec(by_key(key).or_else(|| json::by_type(key)).expect("an entry")).facts
    }

    #[test]
    fn calls_name_their_callee_and_say_whether_they_come_back() {
        let module = facts("callCommonModule").callee.expect("a callee");
        assert_eq!(module.props, ["commonModule"]);
        assert!(module.kind.returns());
        let transfer = facts("transferToFlow").callee.expect("a callee");
        assert!(!transfer.kind.returns());
        assert_eq!(facts("menuTransferToFlow").callee, Some(transfer));
        assert_eq!(facts("Flow").callee.map(|c| c.props), Some(&["flowId", "flowName"][..]));
        assert_eq!(facts("Flow").callee.and_then(|c| c.kind.checked()), None);
        assert_eq!(facts("playAudio").callee, None);
        let types = |key| facts(key).callee.map(|c| c.types);
        assert_eq!(types("callBotFlow"), Some(&["botflow", "voicebot"][..]));
        assert_eq!(types("callDigitalBotFlow"), Some(DIGITAL_BOT_FLOW));
        assert_eq!(types("Flow"), Some(&[][..]), "a JSON flow's call names any flow");
    }

    /// Every property a callee or a listing names is a property of its entry.
    #[test]
    fn named_properties_are_the_entries_own() {
        for a in ACTIONS.iter() {
            let names = a.facts.callee.map_or(&[][..], |c| c.props);
            let slot = match a.facts.lists {
                Some(Listing::Slot(p)) => Some(p),
                _ => None,
            };
            let index = match a.facts.typed_writes {
                TypedWrites::IntegerIndex(p) => Some(p),
                _ => None,
            };
            let template = match a.facts.fallible {
                Fallible::UnlessTemplate(p) => Some(p),
                _ => None,
            };
            let own = a.facts.data_action.iter().chain(&template);
            let named = names.iter().chain(slot.as_ref()).chain(index.as_ref()).chain(own);
            for name in named.chain(a.facts.not_in_workitem) {
                assert!(a.prop_index(name).is_some(), "`{}` has no property `{name}`", a.key);
            }
        }
    }

    #[test]
    fn entries_that_share_an_operation_may_be_refused_apart() {
        assert_eq!(facts("callData").refused, []);
        assert_eq!(facts("callDataSecure").refused, [Refused::SecureDataOutsideSecure]);
        assert_eq!(facts("callBotFlow").refused, [Refused::BotFlowOutsideCallChatMessage]);
        assert_eq!(facts("callDigitalBotFlow").refused, [Refused::DigitalBotFlowOutsideMessage]);
    }

    /// A JSON node's answers to what consumers ask are its entry's fields, like an Architect
    /// action's; an Architect action has none of the JSON-only ones.
    #[test]
    fn json_nodes_answer_through_their_facts() {
        assert!(facts("Set").assigns.is_some());
        assert_eq!(facts("Set").fallible, Fallible::UnlessAssignments);
        assert_eq!(facts("Say").fallible, Fallible::UnlessTemplate("sayText"));
        assert_eq!(facts("End").fallible, Fallible::Never);
        assert_eq!(facts("Route").fallible, Fallible::Always);
        assert!(
            facts("If").paths.is_some()
                && facts("Say").paths == Some(super::super::json::PATH_NAMES)
        );
        assert!(facts("End").ends_as.is_some() && facts("Disconnect").ends_as.is_some());
        assert!(facts("Say").ends_as.is_none());
        assert_eq!(facts("DataAction").failure, Failure::DataAction);
        assert_eq!(facts("Gather").failure, Failure::InputTimeout);
        assert_eq!(facts("GetExternalContactAction").failure, Failure::ContactNotFound);
        assert_eq!(facts("Say").failure, Failure::Plain);
        assert_eq!(facts("DataAction").data_action, Some("action"));
        assert_eq!(facts("Gather").node_outputs, Some(&["digits"][..]));
        assert!(facts("Gather").digits.is_some() && facts("Gather").decides);
        assert!(!facts("Say").decides);
        for key in ["playAudio", "decision", "callData"] {
            let f = facts(key);
            assert!(f.assigns.is_none() && f.paths.is_none() && f.ends_as.is_none());
            assert!(f.node_outputs.is_none() && f.digits.is_none() && f.data_action.is_none());
            assert_eq!((f.failure, f.fallible), (Failure::Plain, Fallible::Always));
        }
    }

    #[test]
    fn secure_data_rules_and_end_words_are_the_entries() {
        assert_eq!(facts("callDataSecure").secure, SecureData::CallsOnly);
        assert_eq!(facts("callData").secure, SecureData::None);
        assert_eq!(facts("extractSecureData").secure, SecureData::Extracts);
        assert_eq!(facts("updateData").secure, SecureData::None);
        assert_eq!(facts("getSecuredData").secure, SecureData::Gets);
        assert_eq!(facts("setScreenPop").secure, SecureData::ScreenPop);
        assert_eq!(facts("endTask").end_words, EndWords::Returns);
        assert_eq!(facts("exitBotFlow").end_words, EndWords::ExitsBot);
        assert_eq!(facts("playAudio").end_words, EndWords::Plain);
    }

    /// An entry's facts as text, with those `apart` names cleared: what the entries of one
    /// operation share when either holds these apart.
    fn shared(a: &ActionSpec, apart: Apart) -> String {
        let mut f = a.facts;
        if apart.refused {
            f.refused = &[];
        }
        if apart.secure {
            f.secure = SecureData::None;
        }
        if let (true, Some(c)) = (apart.callee_types, f.callee.as_mut()) {
            c.types = &[];
        }
        format!("{f:?}")
    }

    /// The entries of `entries` whose facts are not those of their operation's group: each
    /// pair of entries of one operation (every reason of [`Op::NeedsStub`] one group) states
    /// the same facts, but for those either holds apart and says so where it is written.
    fn apart_from_their_group(entries: &[ActionSpec]) -> Vec<String> {
        use super::super::Op;
        let group = |op: Op| match op {
            Op::NeedsStub(_) => Op::NeedsStub(""),
            Op::Unsupported(_) => Op::Unsupported(""),
            other => other,
        };
        let mut wrong = Vec::new();
        for (i, a) in entries.iter().enumerate() {
            let same = entries[..i].iter().filter(|b| group(b.op) == group(a.op));
            let drifted = same.into_iter().find(|b| {
                let either = Apart {
                    refused: a.apart.refused || b.apart.refused,
                    callee_types: a.apart.callee_types || b.apart.callee_types,
                    secure: a.apart.secure || b.apart.secure,
                };
                shared(a, either) != shared(b, either)
            });
            if let Some(b) = drifted {
                wrong.push(format!("`{}` ({:?}) states other facts than `{}`", a.key, a.op, b.key));
            }
        }
        wrong
    }

    /// The invariant `Facts::of` once gave by being a function of the operation: every entry's
    /// facts are its operation's, the family file's value for it, but for the ones it holds
    /// apart ([`Apart`]).
    #[test]
    fn every_entry_states_the_facts_of_its_operation() {
        use super::super::Op;
        let wrong = apart_from_their_group(&ACTIONS);
        assert!(wrong.is_empty(), "{wrong:#?}");
        for a in ACTIONS.iter() {
            let stub = format!("{:?}", Facts::NEEDS_STUB);
            let own = match a.op {
                Op::NeedsStub(_) => Some(stub),
                Op::Unsupported(_) => Some(format!("{:?}", Facts::UNSUPPORTED)),
                _ => None,
            };
            if let Some(own) = own {
                assert_eq!(
                    format!("{:?}", a.facts),
                    own,
                    "`{}` states another kind's facts",
                    a.key
                );
            }
            if let Op::Service(kind) = a.op {
                assert_eq!(a.facts.varies, Varies::Service(kind), "`{}`", a.key);
            }
        }
        // What is apart is said so where the entry is written, and only there.
        let apart: Vec<&str> =
            ACTIONS.iter().filter(|a| a.apart != Apart::NONE).map(|a| a.key).collect();
        assert_eq!(
            apart,
            [
                "extractSecureData",
                "callDataSecure",
                "callBotFlow",
                "callDigitalBotFlow",
                "callAudioConnector"
            ]
        );
    }

    /// The group check sees an entry whose facts drift from its operation's, and lets one
    /// through that says which of its facts are its own.
    #[test]
    fn the_group_check_sees_an_entry_drift_from_its_operation() {
        use super::super::{action, Family, Op, NONE};
        let decision = Facts { branches: true, varies: Varies::Condition, ..Facts::PLAIN };
        let plain = action("a", "", Family::Control, Op::Decision, decision, &[], NONE);
        let drifted = Facts { loop_only: true, ..decision };
        let other = action("b", "", Family::Control, Op::Decision, drifted, &[], NONE);
        assert_eq!(apart_from_their_group(&[plain, other]).len(), 1);
        let refused = Facts { refused: &[Refused::WaitInCall], ..decision };
        let said = action("c", "", Family::Control, Op::Decision, refused, &[], NONE);
        assert_eq!(apart_from_their_group(&[plain, said]).len(), 1);
        let says = said.refused(&[Refused::WaitInCall]);
        assert!(apart_from_their_group(&[plain, says]).is_empty());
        // One entry's saying so excuses no other's drift.
        assert_eq!(apart_from_their_group(&[says, plain, said]).len(), 1);
        // A stub's reason is no group of its own.
        let stub =
            |key, why, facts| action(key, "", Family::Data, Op::NeedsStub(why), facts, &[], NONE);
        let stubs = [stub("d", "one", Facts::NEEDS_STUB), stub("e", "two", decision)];
        assert_eq!(apart_from_their_group(&stubs).len(), 1);
    }

    #[test]
    fn the_loops_are_the_actions_whose_body_comes_back() {
        let loops: Vec<&str> = ACTIONS.iter().filter(|a| a.facts.loops).map(|a| a.key).collect();
        assert_eq!(loops, ["loop", "loopUntil", "loopAnythingElse"]);
    }

    #[test]
    fn mutate_flips_decisions_keeps_menus_and_retargets_named_transfers() {
        assert!(facts("decision").mutate.flips);
        assert!(!facts("switch").mutate.flips);
        assert!(!facts("menu").mutate.drops);
        assert!(facts("transferToAcd").mutate.retargets);
        assert!(!facts("transferToFlowSecure").mutate.retargets);
    }
}
