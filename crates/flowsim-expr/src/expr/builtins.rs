//! Architect's built-in variables: the names the system fills in (`Call.Ani`,
//! `Flow.StartDateTimeUtc`, `Message.IsNewConversation`, `System.MinDateTime`), in one table
//! with their type, the kind of flow that has them, the value a run gets offline, and the
//! public text that names them.
//!
//! One table serves three readers: the static checker (types, [`super::check::builtin`]), the
//! engine (values, `engine::scope`), and `flowsim check` (`unknownBuiltin`: `Call.Anii`, or a
//! call's built-in in a message flow, `flow::check::names`).
//!
//! Genesys lists the built-ins per flow type on one help page ("Architect built-in variables",
//! help.mypurecloud.com/articles/architect-default-variables/) whose full table is not in the
//! public copies flowsim's authors could read; the entries below are those a public source
//! names (see [`Source`]), most of them typed by Architect's own parse trees in exports
//! (a `sysref` node carries the name and its type code: `Survey.Url` is `str`). A built-in missing from the table reads as it always did (a preset
//! variable, else NOT_SET with an `unsetRead` warning), and `check` warns only about a name one
//! or two letters away from a listed one, so a real built-in the table lacks is never flagged.

use super::lookups::Kind;
use super::types::{cpx, Base, Ty};
use super::Value;

/// The flow types as Archy writes them (the YAML's top-level key); exports' `type`s map onto
/// them (`INBOUNDCALL` → `inboundCall`).
pub const FLOW_TYPES: &[&str] = &[
    "inboundCall",
    "inboundChat",
    "inboundEmail",
    "inboundShortMessage",
    "inqueueCall",
    "inqueueEmail",
    "inqueueShortMessage",
    "outboundCall",
    "workflow",
    "commonModule",
    "botFlow",
    "digitalBotFlow",
    "voicemail",
    "secureCall",
    "surveyInvite",
    "voiceSurvey",
    "workitem",
    "voice",
    "speech",
];

/// The kinds of flow a namespace of built-ins belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    /// `Call.`: inbound, outbound, in-queue and secure call flows.
    Call,
    /// `Message.`: inbound and in-queue message flows.
    Message,
    /// `Email.`: inbound and in-queue email flows.
    Email,
    /// `Chat.`: inbound chat flows.
    Chat,
    /// `Session.`: bot and digital bot flows.
    Bot,
    /// `Survey.`: survey invite flows.
    Survey,
    /// `Workitem.`: workitem flows.
    Workitem,
    /// `Voicemail.`: voicemail flows.
    Voicemail,
    /// Every flow (`Flow.`, `System.`, `Format.`, `Language.`).
    Any,
}

impl Media {
    /// The media a flow type (Archy's key, any case) certainly belongs to; `None` for flows
    /// that serve several or none (common modules, bots, workflows, surveys, voicemail).
    pub fn of_flow_type(flow_type: &str) -> Option<Media> {
        Some(match flow_type.to_ascii_lowercase().as_str() {
            "inboundcall" | "outboundcall" | "inqueuecall" | "securecall" => Media::Call,
            "inboundshortmessage" | "inqueueshortmessage" => Media::Message,
            "inboundemail" | "inqueueemail" => Media::Email,
            "inboundchat" => Media::Chat,
            _ => return None,
        })
    }

    /// The namespace its built-ins start with (`Call`).
    pub fn namespace(self) -> Option<&'static str> {
        Some(match self {
            Media::Call => "Call",
            Media::Message => "Message",
            Media::Email => "Email",
            Media::Chat => "Chat",
            Media::Bot => "Session",
            Media::Survey => "Survey",
            Media::Workitem => "Workitem",
            Media::Voicemail => "Voicemail",
            Media::Any => return None,
        })
    }

    /// Which flows have it, for people.
    pub fn flows(self) -> &'static str {
        match self {
            Media::Call => "call flows",
            Media::Message => "message flows",
            Media::Email => "email flows",
            Media::Chat => "chat flows",
            Media::Bot => "bot flows",
            Media::Survey => "survey invite flows",
            Media::Workitem => "workitem flows",
            Media::Voicemail => "voicemail flows",
            Media::Any => "every flow",
        }
    }
}

/// The value a run gives a built-in offline, when the request does not preset a variable of
/// its name (a preset always wins: `variables: {"Call.RemoteName": "Ann"}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offline {
    /// The context's `from` (`Call.Ani`).
    From,
    /// The context's `to` (`Call.CalledAddress`).
    To,
    /// The context's `conversationId`.
    ConversationId,
    /// When the current flow started, on the virtual clock.
    FlowStart,
    /// The conversation's language: what Set Language last set, else the flow's
    /// `defaultLanguage`.
    Language,
    /// What a Set action of the flow last set (`externalTag`), else preset only.
    Setting(&'static str),
    /// The interaction's priority: what Set Priority last set, else the context attribute
    /// `priority` (the priority the interaction entered the queue with), else 0 in an in-queue
    /// flow (the priority Transfer to ACD gives unless told otherwise) and NOT_SET elsewhere.
    Priority,
    /// The context attribute of that name (`positionInQueue`), as the Play actions read it.
    Attribute(&'static str),
    /// The context attribute of that name as a Duration: a number of seconds (as Play
    /// Estimated Wait Time reads it) or an ISO 8601 duration (`PT2M`).
    AttributeDuration(&'static str),
    /// A constant (see [`Builtin::constant`]).
    Constant,
    /// The inbound message's fields, set by the run when it starts with a message
    /// (`engine::digital`); NOT_SET otherwise.
    InboundMessage,
    /// A formatting constant for `ToCommunication` and friends (`Format.Date.shortYear`): read
    /// only by the functions that take it.
    Format,
    /// A lookup container (`System.Regions`): its fields are constants
    /// (`System.Regions.US.dialingCode` is `"1"`, [`super::lookups::value`]).
    Lookup,
    /// Something only the cloud knows (an organisation's queue, a journey): NOT_SET unless the
    /// request presets it, with a warning that says so.
    Preset,
    /// What the flow's own settings name (Archy's key given): set when the flow starts, unless
    /// the request presets it; NOT_SET with a warning when the flow names none.
    FlowSetting(&'static str),
    /// The answer of the last turn a knowledge article answered, which the request pins
    /// (docs/bots.md, Knowledge): NOT_SET before one, with a warning that says how to pin it.
    KnowledgeAnswer,
}

/// Which public text names a built-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// help.mypurecloud.com/articles/architect-default-variables/ (its first rows).
    HelpBuiltins,
    /// help.mypurecloud.com/articles/authenticated-web-messaging-attributes/ (the inbound
    /// message flow's `Message.` built-ins).
    HelpMessaging,
    /// Architect's own parse trees of the corpus's published flows
    /// (`../shared/reference/architect-facts.md`).
    ArchitectTrees,
    /// help.mypurecloud.com/articles/set-uui-data-action/ (`Call.UUIData` holds the UUI data
    /// that enters the call flow; Set UUI Data does not change it).
    HelpUui,
    /// Architect's own parse trees in public exports outside the corpus: a `sysref` node
    /// names the built-in and types it, and the export names its flow type (the
    /// evidence pass; docs/expressions.md lists the repositories).
    PublicExports,
    /// Architect's Scripting SDK: its built-in variables, typed by its checker in each flow
    /// type it creates (`tools/oracle/data/builtins.json`; a test compares the two).
    Sdk,
    /// help.mypurecloud.com/articles/process-voicemail-input-action/ (the snippet Process
    /// Voicemail Input collects).
    HelpVoicemail,
    /// help.mypurecloud.com/?p=260380, Set Priority action (it "updates the Call.Priority,
    /// Email.Priority, or Message.Priority variable").
    HelpPriority,
}

impl Source {
    pub fn describe(self) -> &'static str {
        match self {
            Source::HelpBuiltins => "help: Architect built-in variables",
            Source::HelpMessaging => "help: authenticated web messaging attributes",
            Source::ArchitectTrees => "Architect's parse trees (corpus)",
            Source::HelpUui => "help: Set UUI Data action",
            Source::PublicExports => "Architect's parse trees (public exports)",
            Source::Sdk => "Architect's Scripting SDK",
            Source::HelpVoicemail => "help: Process Voicemail Input action",
            Source::HelpPriority => "help: Set Priority action",
        }
    }
}

/// One built-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Builtin {
    /// As Genesys spells it.
    pub name: &'static str,
    pub ty: Ty,
    /// The namespace's kind of flow, for messages (`Call.` built-ins belong to call flows).
    pub media: Media,
    /// The flow types that have it (Architect's checker refuses it elsewhere).
    pub flows: Flows,
    pub offline: Offline,
    pub source: Source,
}

/// The flow types a built-in exists in, by Archy's keys (`inqueueCall`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flows {
    Every,
    Only(&'static [&'static str]),
    /// These among the flow types Architect's Scripting SDK knows ([`SDK_FLOW_TYPES`]); not
    /// known for the others.
    AmongSdk(&'static [&'static str]),
    /// These among the flow types Architect's Scripting SDK creates and checks expressions in
    /// ([`SDK_CREATED_FLOW_TYPES`]); not known for the others.
    AmongCreated(&'static [&'static str]),
}

/// The flow types Architect's Scripting SDK creates offline, whose built-ins its checker
/// lists (`tools/oracle/data/builtins.json`'s `byFlowType`), by Archy's keys.
pub const SDK_CREATED_FLOW_TYPES: &[&str] = &[
    "inboundCall",
    "inboundEmail",
    "inboundShortMessage",
    "inqueueCall",
    "outboundCall",
    "secureCall",
    "surveyInvite",
];

/// The flow types whose data types Architect's Scripting SDK describes (Archy's keys).
pub const SDK_FLOW_TYPES: &[&str] = &[
    "inboundCall",
    "inboundEmail",
    "inboundShortMessage",
    "inqueueCall",
    "outboundCall",
    "secureCall",
    "speech",
    "surveyInvite",
    "workflow",
];

impl Flows {
    /// Whether a flow of `flow_type` (Archy's key or the API's spelling, any case) has it;
    /// `None` for a type that is not Architect's (the seeds' JSON flows) and for common
    /// modules, which read the built-ins of the flows that call them.
    pub fn has(self, flow_type: &str) -> Option<bool> {
        let key = archy_key(flow_type).filter(|k| *k != "commonModule")?;
        Some(match self {
            Flows::Every => true,
            Flows::Only(list) => list.contains(&key),
            Flows::AmongSdk(list) => {
                if !SDK_FLOW_TYPES.contains(&key) {
                    return None;
                }
                list.contains(&key)
            }
            Flows::AmongCreated(list) => {
                if !SDK_CREATED_FLOW_TYPES.contains(&key) {
                    return None;
                }
                list.contains(&key)
            }
        })
    }

    /// The flow types, for people (`inqueueCall`, or `every flow`).
    pub fn describe(self) -> String {
        match self {
            Flows::Every => "every flow".to_owned(),
            Flows::Only(list) | Flows::AmongSdk(list) | Flows::AmongCreated(list) => {
                list.join(", ")
            }
        }
    }
}

/// Archy's key for a flow type in Archy's or the API's spelling (`INQUEUECALL`, `inqueuecall`,
/// `bot` → `botFlow`).
pub fn archy_key(flow_type: &str) -> Option<&'static str> {
    let compact: String = flow_type
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let compact = match compact.as_str() {
        "bot" => "botflow",
        "digitalbot" => "digitalbotflow",
        "surveyinvitevoice" | "voicesurveyinvite" => "voicesurvey",
        other => other,
    };
    FLOW_TYPES.iter().copied().find(|k| k.eq_ignore_ascii_case(compact))
}

impl Builtin {
    /// The value of an [`Offline::Constant`].
    pub fn constant(&self) -> Value {
        match self.name {
            // "January 1st, 1800 at 12:00:00 a.m." (the help page).
            "System.MinDateTime" => Value::DateTime(MIN_DATETIME_MS),
            "System.MaxDateTime" => Value::DateTime(MAX_DATETIME_MS),
            "System.MaxInt" => Value::Int(MAX_INT),
            "System.MinInt" => Value::Int(-MAX_INT),
            "System.MaxDuration" => Value::Duration(MAX_DURATION_MS),
            "System.MinDuration" => Value::Duration(-MAX_DURATION_MS),
            "Flow.IsTest" | "Message.IsAuthenticated" => Value::Bool(false),
            _ => Value::NotSet,
        }
    }
}

use super::limits::{MAX_DATETIME_MS, MAX_DURATION_MS, MAX_INT, MIN_DATETIME_MS};

const fn lookup(kind: Kind) -> Ty {
    Ty::of(Base::Lookup(kind))
}

const fn b(
    name: &'static str,
    ty: Ty,
    media: Media,
    flows: Flows,
    offline: Offline,
    source: Source,
) -> Builtin {
    Builtin { name, ty, media, flows, offline, source }
}

/// Call flows with a caller: inbound, in-queue, outbound and secure call flows.
const CALLS: Flows = Flows::Only(&["inboundCall", "inqueueCall", "outboundCall", "secureCall"]);
/// Call flows that can set UUI data (not secure call flows).
const UUI_CALLS: Flows = Flows::Only(&["inboundCall", "inqueueCall", "outboundCall"]);
const IN_QUEUE_CALL: Flows = Flows::Only(&["inqueueCall"]);
const OUTBOUND: Flows = Flows::Only(&["outboundCall"]);
const SECURE: Flows = Flows::Only(&["secureCall"]);
const MESSAGES: Flows = Flows::Only(&["inboundShortMessage", "inqueueShortMessage"]);
const EMAILS: Flows = Flows::Only(&["inboundEmail", "inqueueEmail"]);
const CHATS: Flows = Flows::Only(&["inboundChat"]);
const BOTS: Flows = Flows::Only(&["botFlow", "digitalBotFlow"]);
const SURVEYS: Flows = Flows::Only(&["surveyInvite"]);
const WORKITEMS: Flows = Flows::Only(&["workitem"]);
const VOICEMAILS: Flows = Flows::Only(&["voicemail"]);
const EVERY: Flows = Flows::Every;
/// The formatting constants: of the SDK's flow types, call flows only; bot flows read them
/// too (`Format.Date` in a bot's question), so elsewhere they are not judged.
const FORMATS: Flows =
    Flows::AmongSdk(&["inboundCall", "inqueueCall", "outboundCall", "secureCall", "speech"]);

/// The lookups of call flows (`System.Regions`): of the flow types the SDK creates, its call
/// flows have them.
const CALL_LOOKUPS: Flows =
    Flows::AmongCreated(&["inboundCall", "inqueueCall", "outboundCall", "secureCall"]);
/// The lookups every flow type the SDK creates has (`System.Conversation`, `System.Survey`).
const LOOKUPS: Flows = Flows::AmongCreated(SDK_CREATED_FLOW_TYPES);

const S: Ty = Ty::STRING;
const OBJ: Ty = Ty::of(Base::Builtin);

use Media::{Any, Bot, Call, Chat, Email, Message, Survey, Voicemail, Workitem};
use Offline::{
    Attribute, AttributeDuration, Constant, ConversationId, FlowSetting, FlowStart, From,
    InboundMessage, KnowledgeAnswer, Language, Preset, Priority, Setting, To,
};
use Source::{
    ArchitectTrees, HelpBuiltins, HelpMessaging, HelpPriority, HelpUui, HelpVoicemail,
    PublicExports, Sdk,
};

/// Every built-in flowsim knows, by namespace. Members of structured ones (`Email.Message`,
/// `Chat.Guest`) are typed by `check::member_type`.
pub const BUILTINS: &[Builtin] = &[
    b("Call.Ani", S, Call, CALLS, From, HelpBuiltins),
    b("Call.CalledAddress", S, Call, CALLS, To, HelpBuiltins),
    b("Call.CalledAddressOriginal", S, Call, CALLS, To, HelpBuiltins),
    b("Call.ConversationId", S, Call, CALLS, ConversationId, HelpBuiltins),
    b("Call.CustomerExternalOrganizationId", S, Call, CALLS, Preset, HelpBuiltins),
    b("Call.ExternalContactId", S, Call, CALLS, Preset, HelpBuiltins),
    b("Call.ExternalTag", S, Call, CALLS, Setting("externalTag"), HelpBuiltins),
    b("Call.Language", S, Call, CALLS, Language, HelpBuiltins),
    b("Call.RemoteName", S, Call, CALLS, Preset, HelpBuiltins),
    b("Call.UUIData", S, Call, UUI_CALLS, Preset, HelpUui),
    b("Call.PositionInQueue", Ty::INTEGER, Call, IN_QUEUE_CALL, Attribute("positionInQueue"), Sdk),
    b(
        "Call.EstimatedWaitTime",
        Ty::DURATION,
        Call,
        IN_QUEUE_CALL,
        AttributeDuration("estimatedWaitTime"),
        Sdk,
    ),
    b("Call.CurrentQueue", Ty::of(Base::Queue), Call, IN_QUEUE_CALL, Preset, Sdk),
    // Set Priority "updates the Call.Priority, Email.Priority, or Message.Priority variable".
    // The action is for in-queue flows; the page does not say which flows lack the variable.
    b("Call.Priority", Ty::INTEGER, Call, CALLS, Priority, HelpPriority),
    // Outbound (campaign) call flows: the dialled contact and its campaign.
    b("Call.Campaign", OBJ, Call, OUTBOUND, Preset, Sdk),
    b("Call.Contact", Ty::of(Base::Contact), Call, OUTBOUND, Preset, Sdk),
    b("Call.ContactId", S, Call, OUTBOUND, Preset, Sdk),
    b(
        "Call.ContactList",
        OBJ,
        Call,
        OUTBOUND,
        FlowSetting("settingsOutboundCall.contactList"),
        Sdk,
    ),
    b("Interaction.Id", S, Call, CALLS, Preset, Sdk),
    b("Message.AcdSkill", Ty::collection_of(Base::Skill), Message, MESSAGES, Preset, HelpMessaging),
    b("Message.Campaign", Ty::UNKNOWN, Message, MESSAGES, Preset, HelpMessaging),
    b("Message.ContactId", S, Message, MESSAGES, Preset, HelpMessaging),
    b("Message.ContactList", Ty::UNKNOWN, Message, MESSAGES, Preset, HelpMessaging),
    b("Message.ConversationId", S, Message, MESSAGES, ConversationId, Sdk),
    b("Message.CurrentQueue", Ty::of(Base::Queue), Message, MESSAGES, Preset, HelpMessaging),
    b("Message.EstimatedWaitTime", Ty::DURATION, Message, MESSAGES, Preset, HelpMessaging),
    b("Message.ExternalTag", S, Message, MESSAGES, Setting("externalTag"), HelpMessaging),
    b("Message.Priority", Ty::INTEGER, Message, MESSAGES, Priority, HelpPriority),
    b("Message.IsAuthenticated", Ty::BOOLEAN, Message, MESSAGES, Constant, HelpMessaging),
    b("Message.IsNewConversation", Ty::BOOLEAN, Message, MESSAGES, InboundMessage, Sdk),
    b("Message.JourneyContext", OBJ, Message, MESSAGES, Preset, HelpMessaging),
    // Behind a feature toggle in the SDK's build; the help page lists it.
    b("Message.Language", S, Message, MESSAGES, Language, HelpMessaging),
    b(
        "Message.LanguageSkill",
        Ty::collection_of(Base::Language),
        Message,
        MESSAGES,
        Preset,
        HelpMessaging,
    ),
    b(
        "Message.Message",
        Ty::of(Base::Complex(cpx::SHORT_MESSAGE)),
        Message,
        MESSAGES,
        InboundMessage,
        Sdk,
    ),
    b("Email.ConversationId", S, Email, EMAILS, ConversationId, Sdk),
    b("Email.Language", S, Email, EMAILS, Language, Sdk),
    b("Email.LanguageSkill", Ty::of(Base::Language), Email, EMAILS, Preset, Sdk),
    b("Email.Priority", Ty::INTEGER, Email, EMAILS, Priority, HelpPriority),
    b("Email.Message", Ty::of(Base::Complex(cpx::EMAIL)), Email, EMAILS, InboundMessage, Sdk),
    b("Chat.ConversationId", S, Chat, CHATS, ConversationId, ArchitectTrees),
    b("Chat.Guest", OBJ, Chat, CHATS, InboundMessage, ArchitectTrees),
    // Bot flows: the answer the last knowledge search gave (the tree types it `str`).
    b("Session.LastKnowledgeAnswer", S, Bot, BOTS, KnowledgeAnswer, PublicExports),
    b("Survey.ConversationEndDateTimeUtc", Ty::DATETIME, Survey, SURVEYS, Preset, Sdk),
    b("Survey.ConversationId", S, Survey, SURVEYS, ConversationId, Sdk),
    b("Survey.ConversationStartDateTimeUtc", Ty::DATETIME, Survey, SURVEYS, Preset, Sdk),
    b("Survey.ConversationType", S, Survey, SURVEYS, Preset, Sdk),
    b("Survey.CustomerAddress", S, Survey, SURVEYS, Preset, Sdk),
    // The customer the survey goes to, an external contact
    // (`Survey.CustomerContact.cellPhone.e164`).
    b(
        "Survey.CustomerContact",
        Ty::of(Base::Complex(cpx::EXTERNAL_CONTACT)),
        Survey,
        SURVEYS,
        Preset,
        Sdk,
    ),
    b(
        "Survey.CustomerOrganization",
        Ty::of(Base::Complex(cpx::EXTERNAL_ORGANIZATION)),
        Survey,
        SURVEYS,
        Preset,
        Sdk,
    ),
    b("Survey.Url", S, Survey, SURVEYS, Preset, Sdk),
    b("Workitem.EventType", S, Workitem, WORKITEMS, Preset, PublicExports),
    // The tree types it `cpx_workitem`: a structured value (`Workitem.Workitem.status.name`).
    b("Workitem.Workitem", OBJ, Workitem, WORKITEMS, Preset, PublicExports),
    // What Process Voicemail Input collected (offline: the words the caller said), NOT_SET
    // before it and after Clear Voicemail Snippet.
    b("Voicemail.VoicemailSnippet", Ty::UNKNOWN, Voicemail, VOICEMAILS, Preset, HelpVoicemail),
    b("Flow.StartDateTimeUtc", Ty::DATETIME, Any, EVERY, FlowStart, Sdk),
    b("Flow.IsTest", Ty::BOOLEAN, Any, EVERY, Constant, Sdk),
    b("Flow.Version", S, Any, EVERY, Preset, Sdk),
    // In-queue call flows: the hold prompt the queue plays.
    b(
        "Flow.HoldPrompt",
        Ty::of(Base::Prompt),
        Any,
        IN_QUEUE_CALL,
        FlowSetting("settingsInQueueCall.holdMusic"),
        Sdk,
    ),
    // Secure call flows: the data the transfer to the secure flow passed.
    b("Flow.InvocationData", S, Any, SECURE, Preset, Sdk),
    // Outbound call flows: the wrap-up code the call gets.
    b(
        "Flow.WrapupCode",
        Ty::WRAPUP_CODE,
        Any,
        OUTBOUND,
        FlowSetting("settingsOutboundCall.wrapupCode"),
        Sdk,
    ),
    b("System.MaxDateTime", Ty::DATETIME, Any, EVERY, Constant, Sdk),
    b("System.MaxDuration", Ty::DURATION, Any, EVERY, Constant, Sdk),
    b("System.MaxInt", Ty::INTEGER, Any, EVERY, Constant, Sdk),
    b("System.MinDateTime", Ty::DATETIME, Any, EVERY, Constant, Sdk),
    b("System.MinDuration", Ty::DURATION, Any, EVERY, Constant, Sdk),
    b("System.MinInt", Ty::INTEGER, Any, EVERY, Constant, Sdk),
    // Lookup containers: their fields are constants (`System.Regions.US.dialingCode`).
    b("System.Conversation", lookup(Kind::Conversation), Any, LOOKUPS, Offline::Lookup, Sdk),
    b("System.Currencies", lookup(Kind::Currencies), Any, CALL_LOOKUPS, Offline::Lookup, Sdk),
    b("System.DateTime", lookup(Kind::DateTime), Any, CALL_LOOKUPS, Offline::Lookup, Sdk),
    b("System.Languages", lookup(Kind::Languages), Any, CALL_LOOKUPS, Offline::Lookup, Sdk),
    b("System.Regions", lookup(Kind::Regions), Any, CALL_LOOKUPS, Offline::Lookup, Sdk),
    b("System.Survey", lookup(Kind::Survey), Any, LOOKUPS, Offline::Lookup, Sdk),
    // Formatting constants: arguments of `ToAudio...` and `ToCommunication`.
    b("Format.Date", Ty::of(Base::Format), Any, FORMATS, Offline::Format, Sdk),
    b("Format.String", Ty::of(Base::Format), Any, FORMATS, Offline::Format, Sdk),
    b("Format.Number", Ty::of(Base::Format), Any, FORMATS, Offline::Format, Sdk),
    b("Format.Time", Ty::of(Base::Format), Any, FORMATS, Offline::Format, Sdk),
    b("Format.Bool", Ty::of(Base::Format), Any, FORMATS, Offline::Format, Sdk),
    b("Format.Currency", Ty::of(Base::Format), Any, FORMATS, Offline::Format, Sdk),
    b("Format.PhoneNumber", Ty::of(Base::Format), Any, FORMATS, Offline::Format, Sdk),
    b("Format.TimePart", Ty::of(Base::Format), Any, FORMATS, Offline::Format, Sdk),
    // Grammatical context of a spoken number: `ToAudioNumber(3, Language.Gender.feminine)`.
    b("Language.Case", Ty::of(Base::Format), Any, CALL_LOOKUPS, Offline::Format, Sdk),
    b("Language.Gender", Ty::of(Base::Format), Any, CALL_LOOKUPS, Offline::Format, Sdk),
    b("Language.Quantity", Ty::of(Base::Format), Any, CALL_LOOKUPS, Offline::Format, Sdk),
    b("Format.DateTime", Ty::of(Base::Format), Any, FORMATS, Offline::Format, ArchitectTrees),
    b("Format.Duration", Ty::of(Base::Format), Any, FORMATS, Offline::Format, ArchitectTrees),
];

/// The namespaces whose every name is a built-in: a name there that is not one is a mistake
/// (`Flow.` is not one: authors declare `Flow.` variables). Authors declare variables only in
/// `Flow.`, `Task.`, `State.`, `Slot.` (bots) and `Common.` (modules), so `Session.`,
/// `Survey.`, `Workitem.` and `Voicemail.` hold built-ins alone.
pub const NAMESPACES: &[&str] = &[
    "call",
    "message",
    "email",
    "chat",
    "system",
    "format",
    "session",
    "survey",
    "workitem",
    "voicemail",
    "interaction",
    "language",
];

/// The built-in a lower-cased path starts with (`call.contact.delay` → `Call.Contact`), and
/// how many of its segments the built-in's name takes.
pub fn find(path: &super::Path) -> Option<(&'static Builtin, usize)> {
    let head = path.head();
    if !NAMESPACES.contains(&head) && head != "flow" {
        return None;
    }
    (2..=path.len().min(3)).rev().find_map(|n| {
        let prefix = path.prefix(n);
        BUILTINS.iter().find(|b| b.name.eq_ignore_ascii_case(prefix)).map(|b| (b, n))
    })
}

/// The listed built-in one or two letters away from `name` (`Call.Anii` → `Call.Ani`), in the
/// same namespace: a typo, not a built-in the table lacks.
pub fn near_miss(name: &str) -> Option<&'static Builtin> {
    let (ns, _) = name.split_once('.')?;
    let lower = name.to_ascii_lowercase();
    BUILTINS
        .iter()
        .filter(|b| b.name.split_once('.').is_some_and(|(n, _)| n.eq_ignore_ascii_case(ns)))
        .map(|b| (crate::util::edit_distance(&lower, &b.name.to_ascii_lowercase()), b))
        .filter(|(d, b)| *d > 0 && *d <= if b.name.len() < 10 { 1 } else { 2 })
        .min_by_key(|(d, _)| *d)
        .map(|(_, b)| b)
}

/// A lookup container's offline value, by an example of its fields.
fn lookup_example(name: &str) -> String {
    let Some(c) = super::lookups::container(name) else { return String::new() };
    let (entry, values) = c.entries[0];
    let (field, _) = c.fields[0];
    let shown = match c.fields[0].1 {
        Base::Integer => values[0].to_owned(),
        _ => format!("\"{}\"", values[0]),
    };
    let count = c.entries.len() * c.fields.len();
    format!("{count} constants (`{name}.{entry}.{field}` is `{shown}`)")
}

/// The built-in reference as a Markdown table (docs/expressions.md holds it; a test keeps it
/// current).
pub fn reference_table() -> String {
    use std::fmt::Write as _;
    let mut out = String::from(
        "| built-in | type | in | offline value | named by |\n| --- | --- | --- | --- | --- |\n",
    );
    for b in BUILTINS {
        let offline = match b.offline {
            Offline::From => "the context's `from`".to_owned(),
            Offline::To => "the context's `to`".to_owned(),
            Offline::ConversationId => "the context's `conversationId`".to_owned(),
            Offline::FlowStart => "when the flow started (virtual clock)".to_owned(),
            Offline::Language => "Set Language's, else `defaultLanguage`; lower case".to_owned(),
            Offline::Setting(key) => format!("what the flow set (`settings.{key}`)"),
            Offline::Priority => {
                "Set Priority's (`settings.priority`), else `context.attributes.priority`, else 0 in in-queue flows".to_owned()
            }
            Offline::Attribute(name) => format!("`context.attributes.{name}`"),
            Offline::AttributeDuration(name) => {
                format!("`context.attributes.{name}` (seconds, or `PT2M`)")
            }
            Offline::Constant => format!("`{}`", b.constant().display()),
            Offline::InboundMessage => "the inbound message (`message`)".to_owned(),
            Offline::Format => "a formatting constant".to_owned(),
            Offline::Lookup => lookup_example(b.name),
            Offline::Preset => "preset only (warning `offlineBuiltin`)".to_owned(),
            Offline::FlowSetting(key) => format!("the flow's `{key}`, unless preset"),
            Offline::KnowledgeAnswer => {
                "the answer of the last turn pinned as a knowledge article's (`knowledge:ANSWER`)"
                    .to_owned()
            }
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {offline} | {} |",
            b.name,
            b.ty,
            b.flows.describe(),
            b.source.describe()
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(text: &str) -> super::super::Path {
        match crate::expr::parse(text).expect("parses").kind {
            crate::expr::ExprKind::Ref(p) => p,
            other => panic!("not a reference: {other:?}"),
        }
    }

    #[test]
    fn a_path_finds_its_builtin_and_its_members() {
        let (b, n) = find(&path("Call.Contact.delay")).expect("Call.Contact");
        assert_eq!((b.name, n), ("Call.Contact", 2));
        let (b, n) = find(&path("message.message.senderAddressInfo.name")).expect("listed");
        assert_eq!((b.name, n), ("Message.Message", 2));
        assert_eq!(
            find(&path("call.conversationID")).map(|(b, _)| b.name),
            Some("Call.ConversationId")
        );
        let (b, n) = find(&path("Workitem.Workitem.status.name")).expect("Workitem.Workitem");
        assert_eq!((b.name, n, b.media), ("Workitem.Workitem", 2, Media::Workitem));
        assert!(find(&path("Flow.customer")).is_none());
        assert!(find(&path("Task.x")).is_none());
    }

    #[test]
    fn a_near_miss_is_a_letter_or_two_away_in_the_same_namespace() {
        assert_eq!(near_miss("Call.Anii").map(|b| b.name), Some("Call.Ani"));
        assert_eq!(near_miss("Call.CaledAddress").map(|b| b.name), Some("Call.CalledAddress"));
        // A real built-in the table may lack is not a near miss of a listed one.
        assert_eq!(near_miss("Call.LanguageSkill"), None);
        assert_eq!(near_miss("Call.Ani"), None);
        assert_eq!(near_miss("Flow.Anii"), None);
        assert_eq!(near_miss("Survey.Uri").map(|b| b.name), Some("Survey.Url"));
        assert_eq!(near_miss("Session.Anything"), None);
    }

    #[test]
    fn every_entry_is_unique_and_in_a_known_namespace() {
        for (i, b) in BUILTINS.iter().enumerate() {
            let (ns, _) = b.name.split_once('.').expect("a namespace");
            assert!(
                NAMESPACES.contains(&ns.to_ascii_lowercase().as_str()) || ns == "Flow",
                "{}",
                b.name
            );
            assert!(
                !BUILTINS[..i].iter().any(|o| o.name.eq_ignore_ascii_case(b.name)),
                "{} twice",
                b.name
            );
            if b.offline == Offline::Constant {
                assert!(b.constant().is_set(), "{} has no constant", b.name);
            }
        }
        assert_eq!(
            Builtin::constant(
                &BUILTINS.iter().find(|b| b.name == "System.MinDateTime").copied().unwrap()
            )
            .display(),
            "1800-01-01T00:00:00.000Z"
        );
    }

    /// The SDK's codes for values flowsim holds as objects of named members.
    fn is_object_code(code: &str) -> bool {
        code.starts_with("cpx") || matches!(code, "cam" | "cnl")
    }

    /// Every built-in of Architect's Scripting SDK that flowsim lists has the type Architect's
    /// checker gives it and exists in the same flow types, for every flow type the SDK
    /// creates (`tools/oracle/data/builtins.json`); every SDK built-in is listed.
    #[test]
    fn builtins_agree_with_architects_checker_in_every_flow_type() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tools/oracle/data/builtins.json");
        let data: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("builtins.json")).unwrap();
        let by_flow = data["byFlowType"].as_object().expect("byFlowType");
        let mut problems = Vec::new();
        let mut agreeing = Vec::new();
        for (sdk_type, found) in by_flow {
            let found = found.as_object().expect("a flow type's built-ins");
            let gated = data["featureGatedByFlowType"][sdk_type].as_array().expect("gated");
            let lookups = data["lookupsByFlowType"][sdk_type].as_object().expect("lookups");
            let mut agree = 0;
            let mut total = 0;
            for v in data["variables"].as_array().expect("variables") {
                let name = v["name"].as_str().expect("a name");
                let Some(b) = BUILTINS.iter().find(|b| b.name == name) else {
                    if found.contains_key(name) || lookups.contains_key(name) {
                        problems.push(format!("{name}: in {sdk_type} but not in flowsim's table"));
                    }
                    continue;
                };
                total += 1;
                let sdk_has = found.contains_key(name)
                    || gated.iter().any(|g| g == name)
                    || lookups.contains_key(name);
                let ours = b.flows.has(sdk_type);
                let mut ok = true;
                if ours != Some(sdk_has) {
                    problems.push(format!(
                        "{name}: {sdk_type} has it: SDK {sdk_has}, flowsim {ours:?}"
                    ));
                    ok = false;
                }
                if lookups.contains_key(name) && name.starts_with("System.") {
                    ok &= lookup_agrees(b, sdk_type, &mut problems);
                }
                if let Some(code) = found.get(name).and_then(serde_json::Value::as_str) {
                    let same = b.ty.code() == code || (is_object_code(code) && b.ty == OBJ);
                    if !same {
                        problems.push(format!("{name}: SDK type {code}, flowsim {}", b.ty.code()));
                        ok = false;
                    }
                }
                agree += usize::from(ok);
            }
            agreeing.push(format!("{sdk_type} {agree}/{total}"));
        }
        assert_eq!(by_flow.len(), 7, "the SDK creates 7 flow types");
        assert!(problems.is_empty(), "{}\n{}", problems.join("\n"), agreeing.join(", "));
        // `cargo test builtins_agree -- --nocapture` prints the figures.
        println!("built-ins agreeing per flow type: {}", agreeing.join(", "));
    }

    /// A lookup container agrees with the SDK's (`tools/oracle/data/lookups.json`): the
    /// built-in is typed as the container, and every path below it, in a flow of `sdk_type`,
    /// has the SDK's type and value; flowsim has no entry or field the SDK lacks.
    fn lookup_agrees(b: &Builtin, sdk_type: &str, problems: &mut Vec<String>) -> bool {
        use crate::expr::lookups;
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tools/oracle/data/lookups.json");
        let data: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("lookups.json")).unwrap();
        let paths = data["paths"].as_object().expect("paths");
        let before = problems.len();
        let Some(container) = lookups::container(b.name) else {
            problems.push(format!("{}: no container of flowsim's", b.name));
            return false;
        };
        if b.offline != Offline::Lookup || paths[b.name]["type"] != b.ty.code().as_str() {
            problems.push(format!("{}: flowsim's is {}, not the SDK's", b.name, b.ty.code()));
        }
        let prefix = format!("{}.", b.name);
        let mut ours = 0;
        for (entry, values) in container.entries {
            for ((field, _), value) in container.fields.iter().zip(values.iter()) {
                ours += 1;
                let text = format!("{}.{entry}.{field}", b.name);
                if paths.get(&text).and_then(|p| p["value"].as_str()) != Some(value) {
                    problems.push(format!("{text}: flowsim's `{value}` is not the SDK's"));
                }
            }
        }
        let mut leaves = 0;
        for (text, want) in paths.iter().filter(|(t, _)| t.starts_with(&prefix)) {
            let p = match crate::expr::parse(text).map(|e| e.kind) {
                Ok(crate::expr::ExprKind::Ref(p)) => p,
                other => panic!("{text}: {other:?}"),
            };
            let ty = super::super::check::builtin(&p).map(Ty::code);
            if ty.as_deref() != want["type"].as_str() {
                problems.push(format!(
                    "{text} in {sdk_type}: SDK type {}, flowsim {ty:?}",
                    want["type"]
                ));
            }
            if let Some(value) = want["value"].as_str() {
                leaves += 1;
                let got = super::super::lookups::value(&p).map(|v| v.display());
                if got.as_deref() != Some(value) {
                    problems.push(format!("{text}: SDK value {value}, flowsim {got:?}"));
                }
            }
        }
        if leaves != ours {
            problems.push(format!("{}: the SDK has {leaves} values, flowsim {ours}", b.name));
        }
        problems.len() == before
    }

    /// docs/expressions.md shows this table. `FLOWSIM_UPDATE_DOCS=1` rewrites it.
    #[test]
    fn the_documented_builtin_reference_is_current() {
        crate::util::assert_docs_table("builtins", &reference_table());
    }
}
