//! Architect's built-in variables: the names the system fills in (`Call.Ani`,
//! `Flow.StartDateTimeUtc`, `Message.IsNewConversation`, `System.MinDateTime`), in one table
//! with their type, the kind of flow that has them, the value a run gets offline, and the
//! public text that names them.
//!
//! One table serves three readers: the static checker (types, [`super::check::builtin`]), the
//! engine (values, `engine::scope`), and `flowsim check` (`unknownBuiltin`: `Call.Anii`, or a
//! call's built-in in a message flow, `flow::names`).
//!
//! Genesys lists the built-ins per flow type on one help page ("Architect built-in variables",
//! help.mypurecloud.com/articles/architect-default-variables/) whose full table is not in the
//! public copies flowsim's authors could read; the entries below are those a public source
//! names (see [`Source`]), most of them typed by Architect's own parse trees in exports
//! (a `sysref` node carries the name and its type code: `Survey.Url` is `str`). A built-in missing from the table reads as it always did (a preset
//! variable, else NOT_SET with an `unsetRead` warning), and `check` warns only about a name one
//! or two letters away from a listed one, so a real built-in the table lacks is never flagged.

use super::types::{Base, Ty};
use super::Value;

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
    /// Every flow (`Flow.`, `System.`, `Format.`).
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
    /// What a Set action of the flow last set (`externalTag`, `uuiData`), else preset only.
    Setting(&'static str),
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
    /// Something only the cloud knows (an organisation's queue, a journey): NOT_SET unless the
    /// request presets it, with a warning that says so.
    Preset,
}

/// Which public text names a built-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// help.mypurecloud.com/articles/architect-default-variables/ (its first rows).
    HelpBuiltins,
    /// help.mypurecloud.com/articles/authenticated-web-messaging-attributes/ (the inbound
    /// message flow's `Message.` built-ins).
    HelpMessaging,
    /// The flow execution data the API returns (`startedFlow.variables`, an action's
    /// `outputVariables`; `../shared/reference/execution-data.md`).
    ExecutionData,
    /// Architect's own parse trees of the corpus's published flows
    /// (`../shared/reference/architect-facts.md`).
    ArchitectTrees,
    /// The Set action of the same name in Architect's action catalogue (Set UUI Data).
    Action,
    /// Architect's own parse trees in public exports outside the corpus: a `sysref` node
    /// names the built-in and types it, and the export names its flow type (issue 14's
    /// evidence pass; docs/expressions.md lists the repositories).
    PublicExports,
    /// Archy YAML of public flows (an `exp:` string): the name only, no type.
    PublicArchy,
}

impl Source {
    pub fn describe(self) -> &'static str {
        match self {
            Source::HelpBuiltins => "help: Architect built-in variables",
            Source::HelpMessaging => "help: authenticated web messaging attributes",
            Source::ExecutionData => "flow execution data",
            Source::ArchitectTrees => "Architect's parse trees (corpus)",
            Source::Action => "the Set action of that name",
            Source::PublicExports => "Architect's parse trees (public exports)",
            Source::PublicArchy => "Archy YAML (public flows)",
        }
    }
}

/// One built-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Builtin {
    /// As Genesys spells it.
    pub name: &'static str,
    pub ty: Ty,
    pub media: Media,
    pub offline: Offline,
    pub source: Source,
}

impl Builtin {
    /// The value of an [`Offline::Constant`].
    pub fn constant(&self) -> Value {
        match self.name {
            // "January 1st, 1800 at 12:00:00 a.m." (the help page).
            "System.MinDateTime" => Value::DateTime(MIN_DATETIME_MS),
            "Flow.IsTest" | "Message.IsAuthenticated" => Value::Bool(false),
            _ => Value::NotSet,
        }
    }
}

/// 1800-01-01T00:00:00Z in milliseconds since 1970.
const MIN_DATETIME_MS: i64 = -5_364_662_400_000;

const fn b(name: &'static str, ty: Ty, media: Media, offline: Offline, source: Source) -> Builtin {
    Builtin { name, ty, media, offline, source }
}

const S: Ty = Ty::STRING;
const OBJ: Ty = Ty::of(Base::Builtin);

use Media::{Any, Bot, Call, Chat, Email, Message, Survey, Workitem};
use Offline::{
    Attribute, AttributeDuration, Constant, ConversationId, FlowStart, From, InboundMessage,
    Language, Preset, Setting, To,
};
use Source::{
    Action, ArchitectTrees, ExecutionData, HelpBuiltins, HelpMessaging, PublicArchy, PublicExports,
};

/// Every built-in flowsim knows, by namespace. Members of structured ones (`Email.Message`,
/// `Chat.Guest`) are typed by `check::member_type`.
pub const BUILTINS: &[Builtin] = &[
    b("Call.Ani", S, Call, From, HelpBuiltins),
    b("Call.CalledAddress", S, Call, To, HelpBuiltins),
    b("Call.CalledAddressOriginal", S, Call, To, HelpBuiltins),
    b("Call.ConversationId", S, Call, ConversationId, HelpBuiltins),
    b("Call.CustomerExternalOrganizationId", S, Call, Preset, HelpBuiltins),
    b("Call.ExternalContactId", S, Call, Preset, HelpBuiltins),
    b("Call.ExternalTag", S, Call, Setting("externalTag"), HelpBuiltins),
    b("Call.Language", S, Call, Language, HelpBuiltins),
    b("Call.RemoteName", S, Call, Preset, HelpBuiltins),
    b("Call.UUIData", S, Call, Setting("uuiData"), Action),
    b("Call.PositionInQueue", Ty::INTEGER, Call, Attribute("positionInQueue"), ArchitectTrees),
    b(
        "Call.EstimatedWaitTime",
        Ty::DURATION,
        Call,
        AttributeDuration("estimatedWaitTime"),
        ArchitectTrees,
    ),
    b("Call.CurrentQueue", Ty::of(Base::Queue), Call, Preset, ArchitectTrees),
    b("Call.Contact", Ty::of(Base::Contact), Call, Preset, ArchitectTrees),
    b("Message.AcdSkill", Ty::collection_of(Base::Skill), Message, Preset, HelpMessaging),
    b("Message.Campaign", Ty::UNKNOWN, Message, Preset, HelpMessaging),
    b("Message.ContactId", S, Message, Preset, HelpMessaging),
    b("Message.ContactList", Ty::UNKNOWN, Message, Preset, HelpMessaging),
    b("Message.ConversationId", S, Message, ConversationId, HelpMessaging),
    b("Message.CurrentQueue", Ty::of(Base::Queue), Message, Preset, HelpMessaging),
    b("Message.EstimatedWaitTime", Ty::DURATION, Message, Preset, HelpMessaging),
    b("Message.ExternalTag", S, Message, Setting("externalTag"), HelpMessaging),
    b("Message.IsAuthenticated", Ty::BOOLEAN, Message, Constant, HelpMessaging),
    b("Message.IsNewConversation", Ty::BOOLEAN, Message, InboundMessage, HelpMessaging),
    b("Message.JourneyContext", OBJ, Message, Preset, HelpMessaging),
    b("Message.Language", S, Message, Language, HelpMessaging),
    b("Message.LanguageSkill", Ty::collection_of(Base::Language), Message, Preset, HelpMessaging),
    b("Message.Message", OBJ, Message, InboundMessage, HelpMessaging),
    b("Email.ConversationId", S, Email, ConversationId, ArchitectTrees),
    b("Email.Message", OBJ, Email, InboundMessage, ArchitectTrees),
    b("Chat.ConversationId", S, Chat, ConversationId, ArchitectTrees),
    b("Chat.Guest", OBJ, Chat, InboundMessage, ArchitectTrees),
    // Bot flows: the answer the last knowledge search gave (the tree types it `str`).
    b("Session.LastKnowledgeAnswer", S, Bot, Preset, PublicExports),
    b("Survey.ConversationId", S, Survey, ConversationId, PublicExports),
    b("Survey.Url", S, Survey, Preset, PublicExports),
    // The customer the survey goes to (`Survey.CustomerContact.cellPhone.e164`): only Archy
    // names it, untyped, so its members read as text.
    b("Survey.CustomerContact", OBJ, Survey, Preset, PublicArchy),
    b("Workitem.EventType", S, Workitem, Preset, PublicExports),
    // The tree types it `cpx_workitem`: a structured value (`Workitem.Workitem.status.name`).
    b("Workitem.Workitem", OBJ, Workitem, Preset, PublicExports),
    b("Flow.StartDateTimeUtc", Ty::DATETIME, Any, FlowStart, ExecutionData),
    b("Flow.IsTest", Ty::BOOLEAN, Any, Constant, ExecutionData),
    b("Flow.Version", S, Any, Preset, ExecutionData),
    // In-queue flows: the hold prompt the queue plays.
    b("Flow.HoldPrompt", Ty::of(Base::Prompt), Any, Preset, ArchitectTrees),
    b("System.MinDateTime", Ty::DATETIME, Any, Constant, HelpBuiltins),
    b("Format.Date", Ty::of(Base::Format), Any, Offline::Format, ArchitectTrees),
    b("Format.String", Ty::of(Base::Format), Any, Offline::Format, ArchitectTrees),
    b("Format.Number", Ty::of(Base::Format), Any, Offline::Format, ArchitectTrees),
    b("Format.Time", Ty::of(Base::Format), Any, Offline::Format, ArchitectTrees),
    b("Format.DateTime", Ty::of(Base::Format), Any, Offline::Format, ArchitectTrees),
    b("Format.Duration", Ty::of(Base::Format), Any, Offline::Format, ArchitectTrees),
    b("Format.TimePart", Ty::of(Base::Format), Any, Offline::Format, ArchitectTrees),
];

/// The namespaces whose every name is a built-in: a name there that is not one is a mistake
/// (`Flow.` is not one: authors declare `Flow.` variables). Authors declare variables only in
/// `Flow.`, `Task.`, `State.`, `Slot.` (bots) and `Common.` (modules), so `Session.`,
/// `Survey.` and `Workitem.` hold built-ins alone.
pub const NAMESPACES: &[&str] =
    &["call", "message", "email", "chat", "system", "format", "session", "survey", "workitem"];

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
            Offline::Attribute(name) => format!("`context.attributes.{name}`"),
            Offline::AttributeDuration(name) => {
                format!("`context.attributes.{name}` (seconds, or `PT2M`)")
            }
            Offline::Constant => format!("`{}`", b.constant().display()),
            Offline::InboundMessage => "the inbound message (`message`)".to_owned(),
            Offline::Format => "a formatting constant".to_owned(),
            Offline::Preset => "preset only (warning `offlineBuiltin`)".to_owned(),
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {offline} | {} |",
            b.name,
            b.ty,
            b.media.flows(),
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

    /// docs/expressions.md shows this table. `FLOWSIM_UPDATE_DOCS=1` rewrites it.
    #[test]
    fn the_documented_builtin_reference_is_current() {
        crate::util::assert_docs_table("builtins", &reference_table());
    }
}
