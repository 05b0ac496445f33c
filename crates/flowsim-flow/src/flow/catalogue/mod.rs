//! The action catalogue: every Architect action flowsim knows, one entry each.
//!
//! An entry names the action as Archy writes it (`decision`) and as an export writes it
//! (`DecisionAction`), its family, the operation the engine runs ([`Op`]), its properties in
//! the normalized order both front-ends produce ([`PropSpec`]), and its fixed outputs with the
//! export's output ids (`__YES__`), and what the commands know of it ([`Facts`]: where it goes
//! when it takes none of its outputs, the flow types `check` refuses it in, what `explore`
//! varies...), stated in the entry.
//!
//! Adding an action that runs as a new operation touches these places and nothing else:
//! 1. its variant of [`Op`], here;
//! 2. its entry in its family's file (`prompts.rs`, `data.rs`, ...: [`action`] with its key,
//!    export type, family, the new `Op`, its facts, properties and outputs), its facts a value
//!    of the file's `facts` module (a group's, or a new one), and the `PropId`s and `OutputId`s
//!    its semantics read in the file's `prop` and `out` modules;
//! 3. its semantics in the family's file under `engine/actions/`, and its arm in
//!    `actions::dispatch` (`engine/actions/mod.rs`), which has no `_`, so the engine does not
//!    build until it is there.
//!
//! A new family's file adds its `mod` line and its list to [`ACTIONS`] too, as the test-only
//! `pickSide` does (`test_action.rs`, cargo feature `test-action`). An action of an operation
//! that exists is its entry alone, stating that operation's facts (a test holds the entries
//! of one operation to the same facts). Every consumer (`check`, `run`, `graph`, `explore`,
//! `mutate`, `diff`, coverage, traces) reads the entry.
//!
//! Sources: the Architect Scripting SDK's `ArchAction*` pages (properties and output paths),
//! Archy's YAML as real flows write it, and Architect exports. `docs/architect.md` lists every
//! entry with what flowsim does, and why where it cannot.

pub mod bots;
pub mod control;
pub mod conversation;
pub mod data;
mod describe;
pub mod facts;
mod id;
pub mod json;
pub mod messaging;
mod output_id;
pub mod prompts;
mod prop_id;
pub mod routing;
#[cfg(feature = "test-action")]
pub mod test_action;

pub use facts::{
    Apart, Callee, CalleeKind, EndWords, Facts, Failure, Fallible, Leaves, Listing, Mutate, Record,
    Refused, SecureData, TypedWrites, Varies,
};
pub use id::{Id, Place, What};
pub use output_id::{OfOutput, OutputId};
pub use prop_id::{OfProp, PropId, Words};

use crate::expr::Ty;
use std::sync::LazyLock;

/// Families group actions in the catalogue, the engine and the docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Prompts, menus and input: `playAudio`, `collectInput`, menus.
    Prompts,
    /// Variables, data actions, data tables, lookups, schedules, participant data.
    Data,
    /// Transfers, callbacks, disconnect.
    Routing,
    /// Decisions, loops, tasks, states, modules, outcomes.
    Control,
    /// Conversation settings: language, screen pop, wrap-up codes, recording.
    Conversation,
    /// Digital messaging: responses, auto-replies, communicate.
    Messaging,
    /// Bot flows: asks classified by the flow's NLU, slots, calling and exiting bots.
    Bots,
    /// The JSON flow format's node types (`Say`, `End`...), not Architect's: see [`json`].
    Json,
}

/// What a property holds once a front-end has read it (see [`crate::flow::action::Prop`]).
#[derive(Debug, Clone, Copy)]
pub enum PropKind {
    /// `exp:` or `lit:` (scalars, durations), a value computed at run time.
    Expr,
    /// Audio or communication: `tts:` (a string literal), `exp:` (a Communication or text), or
    /// a prompt `lit: {name: PromptSystem.x}`.
    Audio,
    /// Text fixed at load: a name.
    Text,
    /// A queue, user, group, flow...: `lit: {name: X}` read as [`Prop::Text`] (the name), or
    /// `exp:` as [`Prop::Expr`] (a value of the property's type, such as a find action's
    /// result; `check` refuses text where the SDK types the property, as Architect does, and a
    /// run still looks text up as a name or an id).
    ///
    /// [`Prop::Text`]: crate::flow::action::Prop::Text
    /// [`Prop::Expr`]: crate::flow::action::Prop::Expr
    Target,
    /// `var:`: a variable to write.
    Var,
    /// Names to expressions: data action `inputs`, module inputs.
    ExprMap,
    /// Names to variables: `successOutputs`, `failureOutputs`, module outputs.
    VarMap,
    /// Records, each with these properties.
    List(&'static [PropSpec]),
    /// A JSON flow's `{expr}` template (docs/json-flows.md), rendered at run time.
    Template,
    /// Names to templates: a JSON flow's data action `inputs`.
    TemplateMap,
    /// A node of the same graph, by id (a JSON `If`'s `nextNode`).
    Node,
}

/// One property: its normalized name (Archy's where Archy's is regular), the export's name,
/// its kind, whether an action without it is a load error, and the kind of org object it
/// names, if it names one.
#[derive(Debug, Clone, Copy)]
pub struct PropSpec {
    pub name: &'static str,
    pub export: &'static str,
    pub kind: PropKind,
    pub required: bool,
    /// What the property names in the org (`targetQueue`: a queue), for `check --org`.
    pub org: Option<Org>,
    /// Another key an Archy flow may write for the property: the Architect Scripting SDK's
    /// name where Archy's key is another (`calleeName` for `callbackName`), or a second key
    /// flowsim reads (Find User's `findEmail` beside Archy's `findName`).
    pub alias: Option<&'static str>,
    /// The property's type, as the Scripting SDK types it (`ArchActionDecision.condition` is
    /// an `ArchValueBoolean`): an expression of another type is converted as Architect
    /// converts it, or refused (`expr::slot::verdict`). `None` where the SDK does not type it.
    pub ty: Option<Ty>,
    /// The value the property has when the flow gives none, where one is known: what
    /// Architect's Scripting SDK writes for an action it adds (held by
    /// `sdk_exports::catalogue_unset_values_are_what_the_sdk_gives_a_new_action`), or, where
    /// the SDK gives none, flowsim's choice (docs/architect.md §4). A run reads it in place of
    /// NOT_SET; `diff` reads a property given with this value as not given.
    pub unset: Option<Unset>,
    /// A map whose entries of no value a run leaves out, as if not written: a data action's
    /// inputs ("Data Action execution and test requests will ignore null input values"), a bot
    /// flow's slot inputs. An export writes every input, the unset ones empty; Archy leaves
    /// them out; `diff` reads both alike. (A common module's inputs are not so: a NOT_SET one is
    /// passed.)
    pub skips_not_set: bool,
}

/// A property's value when the flow gives none ([`PropSpec::unset`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unset {
    Bool(bool),
    Int(i64),
    /// In milliseconds.
    Duration(i64),
}

impl Unset {
    /// As an expression's value.
    pub fn value(self) -> crate::expr::Value {
        match self {
            Unset::Bool(b) => crate::expr::Value::Bool(b),
            Unset::Int(i) => crate::expr::Value::Int(i),
            Unset::Duration(ms) => crate::expr::Value::Duration(ms),
        }
    }
}

impl PropSpec {
    /// The same property, of value `v` when the flow gives none.
    pub const fn unset(mut self, v: Unset) -> PropSpec {
        self.unset = Some(v);
        self
    }

    /// The same map, its entries of no value left out by a run ([`PropSpec::skips_not_set`]).
    pub const fn skips_not_set(mut self) -> PropSpec {
        self.skips_not_set = true;
        self
    }

    /// The same property, naming an object of the org.
    pub const fn names(mut self, org: Org) -> PropSpec {
        self.org = Some(org);
        self
    }

    /// The same property, of type `ty`.
    pub const fn typed(mut self, ty: Ty) -> PropSpec {
        self.ty = Some(ty);
        self
    }

    /// The same property, also read under the SDK's name `name`.
    pub const fn sdk(mut self, name: &'static str) -> PropSpec {
        self.alias = Some(name);
        self
    }

    /// Whether the property names a menu, task or state of the same flow by its reference
    /// (`targetTaskRef`, `targetMenuRef`, `targetStateRef`: an Archy `refId` path, an export's
    /// GUID): what it points at is a container, not its spelling.
    pub fn names_container(&self) -> bool {
        matches!(self.kind, PropKind::Text) && self.name.ends_with("Ref")
    }

    /// The same property, also read under the key `name`.
    pub const fn alias(mut self, name: &'static str) -> PropSpec {
        self.alias = Some(name);
        self
    }

    /// Whether Archy's `key` names this property (its name, or its alias).
    pub fn is_key(&self, key: &str) -> bool {
        self.name == key || self.alias == Some(key)
    }
}

pub use crate::fixtures::Org;

/// One fixed output: Archy's name and the export's output id.
#[derive(Debug, Clone, Copy)]
pub struct OutputSpec {
    pub name: &'static str,
    pub export: &'static str,
}

/// How an action's outputs beyond the fixed ones are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dynamic {
    /// Only the fixed outputs.
    None,
    /// `switch`: one output per case, after the fixed `default`.
    Cases,
    /// A menu: one output per choice, in order.
    Choices,
    /// `callTask`: one output per output path of the called task.
    TaskPaths,
    /// Jumps (`jumpToTask`, `changeState`, menu choices that jump): one output, the target
    /// container's first action.
    Target,
    /// `askForIntent` (one output per intent the action lists) and `digitalMenu` (one per
    /// choice), after the fixed ones.
    Intents,
    /// `loopUntil`: one output per until case, after the fixed `loop` (Archy:
    /// `untilCases: [- untilCase: {name, value, actions}]`; an export: `cases`, as a switch's).
    UntilCases,
    /// A JSON `If`: one output per condition (`condition[0]`...), then `default`, before the
    /// fixed ones (the paths every JSON node has, [`json::PATHS`]).
    Conditions,
}

/// Bot outputs that exist only when the flow turns them on (`maxNoInputs: {enabled: true}`):
/// one not mentioned is off. Every other output is always there.
pub fn optional_output(name: &str) -> bool {
    ["noIntent", "knowledge", "maxNoInputs", "maxNoMatches"]
        .iter()
        .any(|o| o.eq_ignore_ascii_case(name))
}

/// One action type.
#[derive(Debug, Clone, Copy)]
pub struct ActionSpec {
    /// Archy's key: `decision`.
    pub key: &'static str,
    /// The export's `__type`: `DecisionAction` (empty when no export is known).
    pub export: &'static str,
    pub family: Family,
    pub op: Op,
    pub props: &'static [PropSpec],
    pub outputs: &'static [OutputSpec],
    pub dynamic: Dynamic,
    /// What the commands know of it beyond its properties and outputs ([`Facts`]): its
    /// operation's, stated where the entry is written.
    pub facts: Facts,
    /// Which of its facts are its own, apart from its operation's other entries' ([`Apart`]).
    pub apart: Apart,
}

impl ActionSpec {
    /// The index of a property by its normalized name (catalogue tests keep names unique).
    pub fn prop_index(&self, name: &str) -> Option<usize> {
        self.props.iter().position(|p| p.name == name)
    }

    /// The index of a fixed output by Archy's name or the export's id.
    pub fn output_index(&self, name: &str) -> Option<usize> {
        self.outputs.iter().position(|o| o.name.eq_ignore_ascii_case(name) || o.export == name)
    }

    /// Why the engine cannot run it on its own, when it cannot: an action flowsim does not
    /// run ([`Op::Unsupported`]) or one that runs only from a stub ([`Op::NeedsStub`]). The
    /// front-ends read neither's properties, and keep the outputs the file writes.
    pub fn unsupported(&self) -> Option<&'static str> {
        match self.op {
            Op::Unsupported(why) | Op::NeedsStub(why) => Some(why),
            _ => None,
        }
    }

    /// Whether a run needs a stub for it ([`Op::NeedsStub`]): its effect lives outside any
    /// conversation flowsim simulates.
    pub fn needs_stub(&self) -> bool {
        matches!(self.op, Op::NeedsStub(_))
    }
}

/// What the engine does for an action: one arm each in `engine::actions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    // Prompts and input.
    PlayAudio,
    CollectInput,
    Menu,
    HoldMusic,
    PlayEstimatedWaitTime,
    PlayPositionInQueue,
    /// Process Voicemail Input: the caller's message (a turn of the input script) as the
    /// voicemail snippet.
    ProcessVoicemailInput,
    DialByExtension,
    /// Detect Silence: success once the silence it waits for has lasted (an offline line is
    /// silent).
    DetectSilence,
    /// Play Audio On Silence: plays its message, which an offline line (silent) never
    /// interrupts, and takes success.
    PlayAudioOnSilence,
    /// Actions whose whole effect is on live media (`flushAudio`, `audioMonitoring`): nothing
    /// observable offline, so they run and take their single path; the trace shows them.
    MediaOnly,
    // Data.
    UpdateData,
    CallData,
    DataTableLookup,
    FindQueue,
    FindQueueById,
    FindUser,
    FindUserById,
    /// A find of one org entity of the fixtures by its name (or id): found or not found.
    FindNamed(Named),
    /// Call Decision Table: the first row of a fixture table whose conditions hold.
    CallDecisionTable,
    /// Find Users By Id: a list of ids, each looked up; found, partiallyFound, notFound.
    FindUsersById,
    GetExternalContact,
    /// Associate External Contact: a contact by id, recorded on the conversation.
    AssociateExternalContact,
    /// Promote External Contact: a contact by id, written back; success or failure.
    PromoteExternalContact,
    SearchExternalContacts,
    EvaluateSchedule,
    EvaluateScheduleGroup,
    GetParticipantData,
    SetParticipantData,
    SetConversationData,
    GetConversationData,
    /// Update Workitem: statements that set the run's workitem's attributes.
    UpdateWorkitem,
    GetSecuredData,
    SetSecuredData,
    GetSipHeaders,
    GetRawSipHeaders,
    // Routing.
    TransferToAcd,
    TransferToUser,
    TransferToGroup,
    TransferToNumber,
    TransferToVoicemail,
    TransferToFlow,
    TransferToFlowSecure,
    CreateCallback,
    Disconnect,
    /// Disconnect Workitem: the agent leaves the workitem; the flow goes on.
    DisconnectWorkitem,
    /// Terminate Workitem: the workitem ends; the flow goes on.
    TerminateWorkitem,
    ReturnToAgent,
    // Control.
    Decision,
    Switch,
    Loop,
    /// Loop Until: the body runs until an until case holds or the maximum count is reached.
    LoopUntil,
    LoopExit,
    LoopNext,
    JumpToTask,
    JumpToMenu,
    /// A menu choice that plays the menu again (`menuRepeat`).
    RepeatMenu,
    /// A menu choice that goes back to the menu that jumped to this one.
    PreviousMenu,
    CallTask,
    EndTask,
    ChangeState,
    EndState,
    EndWorkflow,
    CallCommonModule,
    Wait,
    SetFlowOutcome,
    InitializeFlowOutcome,
    AddFlowMilestone,
    /// Exit Workitem Flow: the workitem flow ends.
    ExitWorkitemFlow,
    // Conversation settings.
    SetLanguage,
    SetScreenPop,
    SetWrapupCode,
    SetUuiData,
    SetExternalTag,
    EnableParticipantRecord,
    SetPriority,
    SetSkills,
    SetWhisperAudio,
    SetTranscription,
    SetUtilizationLabel,
    ClearUtilizationLabel,
    SetPostFlow,
    ClearPostFlow,
    /// Clear Voicemail Snippet: `Voicemail.VoicemailSnippet` is NOT_SET again.
    ClearVoicemailSnippet,
    /// Complete Survey Invite, Abort Survey Invite: the survey invite flow ends so.
    CompleteSurveyInvite,
    AbortSurveyInvite,
    // Messaging.
    SendResponse,
    Communicate,
    SendAutoReply,
    GetResponse,
    SendRichLink,
    SendNotification,
    // Bots.
    AskForIntent,
    AskForSlot,
    AskForBoolean,
    AskSurveyQuestion,
    ClearSlot,
    ClearActiveIntent,
    ExitBotFlow,
    /// `callBotFlow`, `callDigitalBotFlow`.
    CallBotFlow,
    /// Anything Else? Loop: the body, then "anything else?"; yes runs it again.
    LoopAnythingElse,
    /// Digital Menu: choices the customer picks by their label or number.
    DigitalMenu,
    /// Detect Intent: the inbound email's or message's body classified by the flow's NLU.
    DetectIntent,
    /// Wait for Input: the customer's next turn classified by the flow's NLU, its intent made
    /// the active intent (and the intent's linked reusable task run).
    WaitForInput,
    /// Ask for String: the customer's next turn's text into a variable.
    AskForString,
    /// Set Intent: the bot's active intent.
    SetIntent,
    /// Send Digital Content, Send Digital Carousel: a message with buttons the customer may
    /// press.
    SendDigitalContent,
    /// Ask for Authentication, Ask for Payment: a step the customer takes in their messenger,
    /// whose outcome the customer's turn gives.
    CustomerStep,
    /// Form: the fields the customer submits, into variables.
    Form,
    /// Calls an external service the fixtures' `services` mock (third-party bots, guides,
    /// audio connectors, knowledge, journey lookups).
    Service(Service),
    /// The test-only `pickSide` ([`test_action`]; cargo feature `test-action`).
    #[cfg(feature = "test-action")]
    PickSide,
    /// Known to Architect, not run by flowsim: error `unsupported` with this reason (a stub
    /// still runs it: docs/scenarios.md, stubs).
    Unsupported(&'static str),
    /// Known to Architect, its effect outside any conversation flowsim simulates (the org's
    /// keys, another system's voice flow, a language-model agent): it runs from a stub
    /// (docs/scenarios.md, stubs), `check` warns `needsStub` with this reason, and a run that
    /// reaches it with no stub fails `needsStub`, the stub to write in the message.
    NeedsStub(&'static str),
    /// A JSON flow's node type (docs/json-flows.md).
    Json(json::JsonOp),
}

/// What a find of [`Op::FindNamed`] looks up in the fixtures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Group,
    Skill,
    LanguageSkill,
    ScheduleGroup,
    Schedule,
    EmergencyGroup,
    /// Find User Prompt: a user prompt of the fixtures, found as the prompt it plays.
    UserPrompt,
    /// Find System Prompt: any name is a system prompt (docs/architect.md §4).
    SystemPrompt,
    /// Find Grammar and Find Grammar By Id.
    Grammar,
    UtilizationLabel,
    /// Get External Organization: by id, the fixtures' whole object.
    ExternalOrganization,
}

/// How an action that calls an external service uses its mock (docs/fixtures.md, `services`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// A third-party bot: hears the customer's turn and recognises an intent (an output per
    /// intent, its slots into variables), or fails.
    Bot,
    /// A bot of message flows (Bot Connector), as [`Service::Bot`], sent the inbound message
    /// when the action sets no input text (Genesys: "The default input text is
    /// Message.Message.Body").
    MessageBot,
    /// A session with the customer (Dialogflow CX, a guide, an audio connector): hears the
    /// customer's turn, then takes a fixed output with named outputs.
    Session,
    /// A lookup by id in a named service (a knowledge base): takes a fixed output.
    Lookup,
    /// A lookup by id mocked under the action's own key (journey sessions, outcomes, segments).
    Journey,
}

/// Every entry, families in order.
pub static ACTIONS: LazyLock<Vec<ActionSpec>> = LazyLock::new(|| {
    let mut all = Vec::new();
    for family in [
        prompts::ACTIONS,
        data::ACTIONS,
        routing::ACTIONS,
        control::ACTIONS,
        conversation::ACTIONS,
        messaging::ACTIONS,
        bots::ACTIONS,
        control::UNKNOWN,
        json::ACTIONS,
    ] {
        all.extend(family.iter().copied());
    }
    #[cfg(feature = "test-action")]
    all.extend(test_action::ACTIONS.iter().copied());
    all
});

/// The entries an author writes in a flow, in catalogue order: Architect's actions, neither
/// the JSON family's node types nor the stand-in for a key the catalogue lacks.
pub fn written() -> impl Iterator<Item = &'static ActionSpec> {
    let stand_in = control::UNKNOWN[0].key;
    ACTIONS.iter().filter(move |a| a.family != Family::Json && a.key != stand_in)
}

/// Each entry's key in flow execution data, by entry ([`event_key`]).
static EVENT_KEYS: LazyLock<Vec<String>> =
    LazyLock::new(|| ACTIONS.iter().map(|a| event_key_of(a.export, a.key)).collect());

/// What the cloud records entry `index` as in flow execution data: the export's `__type`
/// without `Action`, after `action` (`DecisionAction` → `actionDecision`), with the cloud's
/// own spellings where they differ (`actionCallData`, `actionUpdateData`,
/// `actionTransferToAcd`); an entry with no export type, its key after `action`.
pub fn event_key(index: u16) -> &'static str {
    EVENT_KEYS.get(index as usize).map_or("", String::as_str)
}

fn event_key_of(export: &str, key: &str) -> String {
    match export {
        "DataAction" => return "actionCallData".into(),
        "UpdateVariableAction" => return "actionUpdateData".into(),
        // Transfer to ACD: the export's type is `TransferPureMatchAction`, the recording's
        // event `actionTransferToAcd` (Genesys's example flow execution document).
        "TransferPureMatchAction" => return "actionTransferToAcd".into(),
        _ => {}
    }
    let base = export.strip_suffix("Action").unwrap_or(export);
    if base.is_empty() {
        let mut k = key.chars();
        return k.next().map_or_else(String::new, |c| {
            format!("action{}{}", c.to_ascii_uppercase(), k.as_str())
        });
    }
    format!("action{base}")
}

/// Architect's entries by Archy key (the JSON family's are not Architect actions).
static BY_KEY: LazyLock<rustc_hash::FxHashMap<&'static str, u16>> = LazyLock::new(|| {
    let architect = ACTIONS.iter().enumerate().filter(|(_, a)| a.family != Family::Json);
    architect.map(|(i, a)| (a.key, i as u16)).collect()
});

static BY_EXPORT: LazyLock<rustc_hash::FxHashMap<&'static str, u16>> = LazyLock::new(|| {
    let mut map = rustc_hash::FxHashMap::default();
    for (i, a) in ACTIONS.iter().enumerate() {
        // The first entry of an export type wins: menu choices share their action's type.
        if !a.export.is_empty() {
            map.entry(a.export).or_insert(i as u16);
        }
    }
    for l in LEGACY {
        let i = BY_KEY.get(l.key).copied().expect("a legacy export type names an entry");
        map.entry(l.export).or_insert(i);
    }
    map
});

/// Each action's menu choice twin, by entry: Archy writes a menu's choice as an entry of its
/// own (`menuDisconnect`, `menuTransferToAcd`) where an export writes the action the choice
/// runs (`DisconnectAction`); the twin is the `menu...` entry that does the same (its `Op`,
/// properties and outputs alike).
static MENU_TWIN: LazyLock<rustc_hash::FxHashMap<u16, u16>> = LazyLock::new(|| {
    let same = |a: &ActionSpec, b: &ActionSpec| {
        a.op == b.op
            && a.props.iter().map(|p| p.name).eq(b.props.iter().map(|p| p.name))
            && a.outputs.iter().map(|o| o.name).eq(b.outputs.iter().map(|o| o.name))
    };
    let mut map = rustc_hash::FxHashMap::default();
    for (i, a) in ACTIONS.iter().enumerate() {
        let mut chars = a.key.chars();
        let Some(first) = chars.next() else { continue };
        let twin = format!("menu{}{}", first.to_ascii_uppercase(), chars.as_str());
        if let Some(t) = by_key(&twin).filter(|&t| same(a, spec(t))) {
            map.insert(i as u16, t);
        }
    }
    map
});

/// The entry Archy writes for `index` as a menu's choice, when it has one of its own
/// ([`MENU_TWIN`]): how `diff` reads an export's choice as its Archy form.
pub fn menu_twin(index: u16) -> Option<&'static ActionSpec> {
    MENU_TWIN.get(&index).map(|&t| spec(t))
}

/// An export `__type` that older Architect writes (the Scripting SDK's exports) for an entry
/// whose export name is today's, with the properties it names otherwise: `(old, entry's)`.
pub struct Legacy {
    pub export: &'static str,
    pub key: &'static str,
    pub props: &'static [(&'static str, &'static str)],
}

const fn legacy(
    export: &'static str,
    key: &'static str,
    props: &'static [(&'static str, &'static str)],
) -> Legacy {
    Legacy { export, key, props }
}

/// The Scripting SDK's export types (its bootstrap action list) that differ from the entries'.
pub const LEGACY: &[Legacy] = &[
    legacy("TransferMenuAction", "jumpToMenu", &[]),
    legacy("TransferTaskAction", "jumpToTask", &[]),
    legacy("MenuAction", "menuSubMenu", &[]),
    legacy("PreviousMenuAction", "menuPreviousMenu", &[]),
    legacy("RepeatMenuAction", "menuRepeat", &[]),
    legacy("DialExtensionAction", "dialByExtension", &[]),
    legacy("ParticipantRecordAction", "enableParticipantRecord", &[]),
    legacy("SetLocaleAction", "setLanguage", &[("languageCode", "language")]),
    legacy("ScreenPopAction", "setScreenPop", &[("screenPopName", "script")]),
    legacy("TransferExternalAction", "transferToNumber", &[("externalNumber", "number")]),
    legacy("TransferFlowSecureAction", "transferToFlowSecure", &[("invocationData", "data")]),
    legacy("SecureAction", "callDataSecure", &[]),
    legacy("ExtractSecureDataAction", "extractSecureData", &[]),
    legacy("EndFlowAction", "returnToAgent", &[]),
    legacy("GetExternalOrganizationAction", "getExternalOrganization", &[]),
];

/// The property renames of a legacy export type (empty for today's types).
pub fn legacy_props(export: &str) -> &'static [(&'static str, &'static str)] {
    LEGACY.iter().find(|l| l.export == export).map_or(&[], |l| l.props)
}

/// An entry by Archy's key (exact: Archy's keys are case-sensitive).
pub fn by_key(key: &str) -> Option<u16> {
    BY_KEY.get(key).copied()
}

/// An entry by the export's `__type`: a listed export type, else Architect's naming of export
/// types after their action (`SetPriorityAction` for `setPriority`, as `DecisionAction`,
/// `CallTaskAction`, `CompleteSurveyInviteAction`...) for an entry whose type is not listed.
pub fn by_export(ty: &str) -> Option<u16> {
    BY_EXPORT.get(ty).copied().or_else(|| {
        let stem = ty.strip_suffix("Action")?;
        let mut chars = stem.chars();
        let first = chars.next()?;
        let key = format!("{}{}", first.to_ascii_lowercase(), chars.as_str());
        by_key(&key).filter(|&i| ACTIONS[i as usize].export.is_empty())
    })
}

/// The name Architect gives a new action of type `key` (what an unnamed Archy action is
/// called, and how traces and scenarios name it): its words, capitalized, with Architect's own
/// spellings where they differ (`callData` → "Call Data Action", `transferToAcd` → "Transfer to
/// ACD", `loopExit` → "Exit Loop"), as exports show them.
pub fn default_name(key: &str) -> String {
    match key {
        "callData" => return "Call Data Action".into(),
        "loopExit" => return "Exit Loop".into(),
        "loopNext" => return "Next Loop".into(),
        "askForBoolean" => return "Ask for Yes / No".into(),
        _ => {}
    }
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for ch in key.chars() {
        if ch.is_ascii_uppercase()
            && !word.is_empty()
            && !word.chars().all(|c| c.is_ascii_uppercase())
        {
            words.push(std::mem::take(&mut word));
        }
        word.push(ch);
    }
    words.push(word);
    let words: Vec<String> = words
        .into_iter()
        .enumerate()
        .map(|(i, w)| match w.to_ascii_lowercase().as_str() {
            "acd" => "ACD".to_owned(),
            "to" | "for" | "by" | "of" | "in" if i > 0 => w.to_ascii_lowercase(),
            _ => {
                let mut c = w.chars();
                c.next()
                    .map_or_else(String::new, |f| f.to_ascii_uppercase().to_string() + c.as_str())
            }
        })
        .collect();
    words.join(" ")
}

/// The entry for actions no other entry knows.
pub fn unknown() -> u16 {
    by_key("unknownAction").expect("the catalogue has its unknownAction entry")
}

pub fn spec(index: u16) -> &'static ActionSpec {
    &ACTIONS[index as usize]
}

// Short constructors for the family tables.

pub const fn p(name: &'static str, export: &'static str, kind: PropKind) -> PropSpec {
    PropSpec {
        name,
        export,
        kind,
        required: false,
        org: None,
        alias: None,
        ty: None,
        unset: None,
        skips_not_set: false,
    }
}

pub const fn req(name: &'static str, export: &'static str, kind: PropKind) -> PropSpec {
    PropSpec {
        name,
        export,
        kind,
        required: true,
        org: None,
        alias: None,
        ty: None,
        unset: None,
        skips_not_set: false,
    }
}

pub const fn out(name: &'static str, export: &'static str) -> OutputSpec {
    OutputSpec { name, export }
}

/// An entry: its keys, family, operation and the facts of its operation (the family file's
/// named value for its group of operations), properties and outputs.
pub const fn action(
    key: &'static str,
    export: &'static str,
    family: Family,
    op: Op,
    facts: Facts,
    props: &'static [PropSpec],
    outputs: &'static [OutputSpec],
) -> ActionSpec {
    ActionSpec {
        key,
        export,
        family,
        op,
        props,
        outputs,
        dynamic: Dynamic::None,
        facts,
        apart: Apart::NONE,
    }
}

pub const fn with(mut a: ActionSpec, dynamic: Dynamic) -> ActionSpec {
    a.dynamic = dynamic;
    a
}

pub const SUCCESS_FAILURE: &[OutputSpec] =
    &[out("success", "__SUCCESS__"), out("failure", "__FAILURE__")];
pub const FOUND_NOT_FOUND: &[OutputSpec] =
    &[out("found", "__FOUND__"), out("notFound", "__NOT_FOUND__")];
pub const FAILURE: &[OutputSpec] = &[out("failure", "__FAILURE__")];
pub const SUCCESS_FAILURE_TIMEOUT: &[OutputSpec] =
    &[out("success", "__SUCCESS__"), out("failure", "__FAILURE__"), out("timeout", "__TIMEOUT__")];
pub const FOUND_NOT_FOUND_FAILURE: &[OutputSpec] =
    &[out("found", "__FOUND__"), out("notFound", "__NOT_FOUND__"), out("failure", "__FAILURE__")];
pub const NONE: &[OutputSpec] = &[];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_menu_choice_twin_does_what_its_action_does() {
        let twin = |key| by_key(key).and_then(menu_twin).map(|t| t.key);
        assert_eq!(twin("disconnect"), Some("menuDisconnect"));
        assert_eq!(twin("transferToAcd"), Some("menuTransferToAcd"));
        assert_eq!(twin("decision"), None);
        assert_eq!(twin("menuDisconnect"), None);
        // Every twin is a `menu...` entry of the same operation.
        for (i, a) in ACTIONS.iter().enumerate() {
            if let Some(t) = menu_twin(i as u16) {
                assert!(t.key.starts_with("menu") && t.op == a.op, "{} ~ {}", a.key, t.key);
            }
        }
    }

    #[test]
    fn an_entry_is_recorded_under_its_execution_data_key() {
        let event = |key| by_key(key).map(event_key);
        assert_eq!(event("decision"), Some("actionDecision"));
        assert_eq!(event("transferToAcd"), Some("actionTransferToAcd"));
        assert_eq!(event("callCommonModule"), Some("actionCallCommonModule"));
        // The cloud's own spellings.
        assert_eq!(event("callData"), Some("actionCallData"));
        assert_eq!(event("updateData"), Some("actionUpdateData"));
        // Every entry has one, made once: the same text each time it is asked.
        for i in 0..ACTIONS.len() as u16 {
            assert!(event_key(i).starts_with("action"), "{}", spec(i).key);
            assert!(std::ptr::eq(event_key(i), event_key(i)));
        }
    }

    #[test]
    fn keys_and_property_names_are_unique() {
        let mut keys = rustc_hash::FxHashSet::default();
        for a in ACTIONS.iter() {
            assert!(keys.insert(a.key), "key `{}` twice", a.key);
            let mut names = rustc_hash::FxHashSet::default();
            for p in a.props {
                assert!(names.insert(p.name), "`{}` has property `{}` twice", a.key, p.name);
            }
        }
        assert!(ACTIONS.len() < usize::from(u16::MAX));
    }

    #[test]
    fn default_names_are_architects() {
        for (key, name) in [
            ("decision", "Decision"),
            ("transferToAcd", "Transfer to ACD"),
            ("callData", "Call Data Action"),
            ("dataTableLookup", "Data Table Lookup"),
            ("setParticipantData", "Set Participant Data"),
            ("loopNext", "Next Loop"),
            ("askForIntent", "Ask for Intent"),
            ("endWorkflow", "End Workflow"),
        ] {
            assert_eq!(default_name(key), name);
        }
    }

    #[test]
    fn lookups_find_entries_by_both_spellings() {
        let d = by_key("decision").expect("decision");
        assert_eq!(spec(d).export, "DecisionAction");
        assert_eq!(by_export("DecisionAction"), Some(d));
        assert_eq!(spec(d).output_index("__NO__"), Some(1));
        assert_eq!(spec(d).output_index("yes"), Some(0));
    }

    /// Every action page of the Architect Scripting SDK (`ArchAction*`, `ArchMenu*`) has an
    /// entry, by its name in lowerCamelCase (menu choices: `menu` + the name). Not actions:
    /// `ArchActionBaseSchedule` (a base class), `ArchActionOutput` (an output), and the actions
    /// inside menu choices (`ArchActionTask`, `ArchActionRepeatMenu`: `menuTask`, `menuRepeat`).
    #[test]
    fn every_scripting_sdk_action_has_an_entry() {
        const SDK: &str = "AbortSurveyInvite AddFlowMilestone AskForAuthentication AskForBoolean \
            AskForIntent AskForPayment AskForSlot AskSurveyQuestion AssociateExternalContact \
            AudioMonitoring CallAudioConnector CallBotConnector CallBotFlow CallBridge \
            CallCommonModule CallData CallDataSecure CallDecisionTable CallDialogEngineBot \
            CallDialogflowBot CallDialogflowCxBot CallDigitalBotFlow CallGuide CallLexBot \
            CallLexV2Bot CallNuanceMixBot CallTask CallVoiceFlow ChangeState ClearActiveIntent \
            ClearPostFlow ClearSlot ClearUtilizationLabel ClearVoicemailSnippet CollectInput \
            Communicate CompleteSurveyInvite CreateCallback DataTableLookup Decision DecryptData \
            Deflect DetectIntent DetectSilence DialByExtension DigitalMenu Disconnect \
            DisconnectWorkitem EnableParticipantRecord EncryptData EndState EndTask EndWorkflow \
            EvaluateSchedule EvaluateScheduleGroup ExitBotFlow ExitWorkitemFlow ExtractSecureData \
            FindEmergencyGroup FindGrammar FindGrammarById FindGroup \
            FindKnowledgeBaseDocumentById FindLanguageSkill FindQueue FindQueueById FindSchedule \
            FindScheduleGroup FindSkill FindSystemPrompt FindUser FindUserById FindUserPrompt \
            FindUsersById FindUtilizationLabel FlushAudio GetAssignedCustomerIntents \
            GetConversationData GetExternalContact GetExternalOrganization GetJourneyOutcome \
            GetJourneyOutcomeScoresBySession GetJourneySegment GetJourneySession \
            GetJourneySessionDetails GetJourneySessionsByCustomer \
            GetJourneySessionsByExternalContact GetParticipantData GetRawSIPHeaders GetResponse \
            GetSIPHeaders GetSecuredData HoldMusic InitializeFlowOutcome JumpToMenu JumpToTask \
            Loop LoopAnythingElse LoopExit LoopNext LoopUntil Menu PlayAudio PlayAudioOnSilence \
            PlayEstimatedWaitTime PlayPositionInQueue PlayUserGreeting PlayUserName PreviousMenu \
            ProcessVoicemailInput PromoteExternalContact SearchExternalContacts SendAutoReply \
            SendDigitalCarousel SendDigitalContent SendInteractiveApplication \
            SendKnowledgeFeedback SendNotification SendResponse SendRichLink SetConversationData \
            SetExternalTag SetFlowOutcome SetIntent SetLanguage SetParticipantData SetPostFlow \
            SetPriority SetScreenPop SetSecuredData SetSkills SetUUIData SetUtilizationLabel \
            SetWhisperAudio SetWrapupCode ShowKnowledgeArticle Switch TerminateWorkitem \
            Transcription TransferToAcd TransferToFlow TransferToFlowSecure TransferToGroup \
            TransferToNumber TransferToUser TransferToVoicemail UpdateData UpdateWorkitem Wait \
            WaitForInput";
        const MENUS: &str = "DialByExtension Disconnect JumpToMenu JumpToTask PreviousMenu \
            RepeatMenu:menuRepeat ReturnToAgent SubMenu Task TransferToAcd TransferToFlow \
            TransferToFlowSecure TransferToGroup TransferToNumber TransferToUser \
            TransferToVoicemail";
        let mut missing = Vec::new();
        for name in SDK.split_whitespace() {
            let key = format!("{}{}", name[..1].to_ascii_lowercase(), &name[1..]);
            if by_key(&key).is_none() {
                missing.push(key);
            }
        }
        for name in MENUS.split_whitespace() {
            let key = match name.split_once(':') {
                Some((_, key)) => key.to_owned(),
                None => format!("menu{name}"),
            };
            if by_key(&key).is_none() {
                missing.push(key);
            }
        }
        assert!(missing.is_empty(), "no entry for {missing:?}");
    }

    /// Every action type the Platform API names (`ReportingTurnAction.actionType`, the action
    /// of a bot turn by its export `__type`) is an entry, found by that type: an export holding
    /// one loads as the action, run or refused with its reason, never as `unknownAction`.
    #[test]
    fn every_platform_api_action_type_has_an_entry() {
        const API: &str = "AskForAuthenticationAction AddFlowMilestoneAction \
            AskForNLUIntentAction AskForBooleanAction AskForPaymentAction AskForSlotAction \
            AskSurveyQuestionAction AskForNLUNextIntentAction BotState \
            CallAgenticVirtualAgentAction CallBotFlowAction CallDigitalBotFlowAction \
            CallTaskAction CallGuideAction ClearSlotAction ClearUtilizationLabelAction \
            DisconnectAction EndTaskAction ExitBotFlowAction UpdateVariableAction \
            CommunicateAction DecisionAction FindEmergencyGroupAction FindGrammarAction \
            FindGrammarByIdAction FindGroupAction FindLanguageSkillAction FindQueueAction \
            FindQueueByIdAction FindScheduleAction FindScheduleGroupAction FindSkillAction \
            FindSystemPromptAction FindUserAction FindUserByIdAction FindUsersByIdAction \
            FindUserPromptAction FindUtilizationLabelAction FormAction SwitchAction DataAction \
            DataTableLookupAction GetExternalContactAction GetExternalOrganizationAction \
            LoopAction ExitLoopAction NextLoopAction LoopUntilAction SetActiveIntentAction \
            SetFlowOutcomeAction InitializeFlowOutcomeAction AskForStringAction \
            SendResponseAction GetResponseAction ExtractSecureDataAction SecureAction \
            TransferTaskAction DigitalMenuAction WaitForInputAction EvaluateScheduleAction \
            EvaluateScheduleGroupAction PromoteExternalContactAction ShowKnowledgeArticleAction \
            SendKnowledgeFeedbackAction SetLocaleAction ScreenPopAction \
            SetUtilizationLabelAction SetWrapupCodeAction TransferPureMatchAction \
            TransferUserAction TransferGroupAction TransferExternalAction GetAttributesAction \
            SetAttributesAction SendInteractiveApplicationAction SendRichLinkAction";
        // Sequences, not actions.
        let missing: Vec<&str> =
            API.split_whitespace().filter(|&t| t != "BotState" && by_export(t).is_none()).collect();
        assert!(missing.is_empty(), "no entry for {missing:?}");
    }

    /// The engine runs an entry by its `Op`: an entry added with the operation of a typed
    /// property id must be one of the entries the id names (and so have the property where
    /// the id says), or the semantics would read another property.
    #[test]
    fn typed_property_ids_name_every_entry_of_their_operations() {
        let families = [
            routing::prop::ALL,
            data::prop::ALL,
            control::prop::ALL,
            prompts::prop::ALL,
            conversation::prop::ALL,
            messaging::prop::ALL,
            bots::prop::ALL,
            json::prop::ALL,
        ];
        let mut wrong = Vec::new();
        for id in families.into_iter().flatten() {
            let ops: Vec<Op> = id
                .keys()
                .iter()
                .map(|k| spec(by_key(k).or_else(|| json::by_type(k)).unwrap()).op)
                .collect();
            for a in ACTIONS.iter().filter(|a| ops.contains(&a.op)) {
                if !id.keys().contains(&a.key) {
                    wrong.push(format!(
                        "`{}` ({:?}) is not among {}'s entries",
                        a.key,
                        a.op,
                        id.name()
                    ));
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    /// The operations of the entries `keys` names.
    fn ops_of(keys: &[&str]) -> Vec<Op> {
        keys.iter().map(|k| spec(by_key(k).or_else(|| json::by_type(k)).unwrap()).op).collect()
    }

    /// A property some entries of an operation lack, or have at different places, is read
    /// through a list of ids (`Action::first_of`) or after `Action::has`: an entry added with
    /// the operation and the property must be among the ids' entries, or the semantics would
    /// not see its property.
    #[test]
    fn typed_property_places_name_every_entry_of_their_operations_that_has_them() {
        let mut wrong = Vec::new();
        for ids in bots::prop::PLACES {
            let keys: Vec<&str> = ids.iter().flat_map(|id| id.keys()).copied().collect();
            let ops = ops_of(&keys);
            for a in ACTIONS.iter().filter(|a| ops.contains(&a.op)) {
                let has = a.props.iter().any(|p| ids.iter().any(|id| id.is(p.name)));
                if has && !keys.contains(&a.key) {
                    wrong.push(format!(
                        "`{}` has {} and is not among {keys:?}",
                        a.key,
                        ids[0].name()
                    ));
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    /// The engine takes a fixed output by its `OutputId` on every entry of an operation: an
    /// entry added with the operation and the output must be among the id's entries (and so
    /// have it where the id says), or the semantics would take another output.
    #[test]
    fn typed_output_ids_name_every_entry_of_their_operations_that_has_them() {
        let families = [
            routing::out::ALL,
            data::out::ALL,
            control::out::ALL,
            prompts::out::ALL,
            conversation::out::ALL,
            messaging::out::ALL,
            bots::out::ALL,
        ];
        let mut wrong = Vec::new();
        for id in families.into_iter().flatten() {
            let ops = ops_of(id.keys());
            for a in ACTIONS.iter().filter(|a| ops.contains(&a.op)) {
                if a.output_index(id.name()).is_some() && !id.keys().contains(&a.key) {
                    wrong.push(format!(
                        "`{}` ({:?}) has output `{}` and is not among its id's entries",
                        a.key,
                        a.op,
                        id.name()
                    ));
                }
                if id.keys().contains(&a.key) {
                    assert_eq!(a.output_index(id.name()), Some(id.index()), "{}", a.key);
                    assert!(a.has_output(*id));
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }
}
