//! Conversation settings: language, screen pop, wrap-up codes, recording, tags.

use super::PropKind::{Expr, ExprMap, Target, Text};
use super::{action, p, req, ActionSpec, Family::Conversation, Op, NONE};

pub(super) const ACTIONS: &[ActionSpec] = &[
    action(
        "setLanguage",
        "SetLanguageAction",
        Conversation,
        Op::SetLanguage,
        &[req("language", "language", Expr)],
        &[super::out("success", "__SUCCESS__"), super::out("failure", "__FAILURE__")],
    ),
    action(
        "setScreenPop",
        "SetScreenPopAction",
        Conversation,
        Op::SetScreenPop,
        &[req("screenPopScript", "script", Text), p("inputs", "inputs", ExprMap)],
        NONE,
    ),
    action(
        "setWrapupCode",
        "SetWrapupCodeAction",
        Conversation,
        Op::SetWrapupCode,
        &[req("wrapupCode", "wrapupCode", Target)],
        NONE,
    ),
    action(
        "setUUIData",
        "SetUUIDataAction",
        Conversation,
        Op::SetUuiData,
        &[req("uuiData", "uuiData", Expr)],
        NONE,
    ),
    action(
        "setExternalTag",
        "SetExternalTagAction",
        Conversation,
        Op::SetExternalTag,
        &[req("externalTag", "externalTag", Expr)],
        NONE,
    ),
    action(
        "enableParticipantRecord",
        "EnableParticipantRecordAction",
        Conversation,
        Op::EnableParticipantRecord,
        &[p("enabled", "enabled", Expr)],
        NONE,
    ),
];
