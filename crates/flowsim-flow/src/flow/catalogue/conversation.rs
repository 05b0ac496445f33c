//! Conversation settings: language, screen pop, wrap-up codes, recording, tags.

use super::Facts;
use super::PropKind::{Audio, Expr, ExprMap, Target, Text, VarMap};
use super::{
    action, p, req, ActionSpec, Family::Conversation, Op, Org, PropSpec, NONE, SUCCESS_FAILURE,
};
use crate::expr::Ty;

/// Complete Survey Invite: where the invitation goes and what it and its reminder say.
const SURVEY_INVITE: &[PropSpec] = &[
    p("targetAddress", "targetAddress", Expr),
    p("inviteSubject", "inviteSubject", Expr),
    p("inviteBody", "inviteBody", Expr),
    p("reminderSubject", "reminderSubject", Expr),
    p("reminderBody", "reminderBody", Expr),
    // Email or SMS: which kind of address `targetAddress` is (read; the address is recorded).
    p("targetAddressType", "targetAddressType", Expr),
];

/// What the commands know of this family's operations ([`Facts`]), one value for each group
/// of operations that share them: every entry states its operation's by one of these names,
/// so the entries of one operation cannot drift apart (a catalogue test holds them equal).
mod facts {
    use super::super::{Facts, Leaves, Refused as R, SecureData};

    /// Set Language: not in inbound written flows without one.
    pub const SET_LANGUAGE: Facts = Facts { refused: &[R::LanguageInDigital], ..Facts::PLAIN };
    /// Set Screen Pop: shows the agent what it reads, no secured value.
    pub const SET_SCREEN_POP: Facts = Facts { secure: SecureData::ScreenPop, ..Facts::PLAIN };
    /// Set UUI Data: not in written interactions' and work's flows.
    pub const SET_UUI_DATA: Facts = Facts { refused: &[R::UuiInWritten], ..Facts::PLAIN };
    /// Set Priority: in-queue flows only.
    pub const SET_PRIORITY: Facts = Facts { refused: &[R::PriorityOutsideInQueue], ..Facts::PLAIN };
    /// Set and Clear Utilization Label: not where there are no labels.
    pub const UTILIZATION_LABEL: Facts =
        Facts { refused: &[R::UtilizationLabelWithoutLabels], ..Facts::PLAIN };
    /// Complete and Abort Survey Invite: survey invite flows only, which end there.
    pub const SURVEY_INVITE_END: Facts =
        Facts { leaves: Leaves::Ends, refused: &[R::SurveyInviteElsewhere], ..Facts::PLAIN };
}

pub(super) const ACTIONS: &[ActionSpec] = &[
    action(
        "setLanguage",
        "SetLanguageAction",
        Conversation,
        Op::SetLanguage,
        facts::SET_LANGUAGE,
        // Archy writes the language as `language: en-us`, and newer files also as
        // `languageValue: {lit: en-us}` (or `{exp: ...}`) beside it: that one wins.
        &[req("language", "language", Expr), p("languageValue", "languageValue", Expr)],
        &[super::out("success", "__SUCCESS__"), super::out("failure", "__FAILURE__")],
    ),
    action(
        "setScreenPop",
        "SetScreenPopAction",
        Conversation,
        Op::SetScreenPop,
        facts::SET_SCREEN_POP,
        &[req("screenPopScript", "script", Text), p("inputs", "inputs", ExprMap)],
        NONE,
    ),
    action(
        "setWrapupCode",
        "SetWrapupCodeAction",
        Conversation,
        Op::SetWrapupCode,
        Facts::PLAIN,
        &[req("wrapupCode", "wrapupCode", Target).names(Org::WrapupCode).typed(Ty::WRAPUP_CODE)],
        SUCCESS_FAILURE,
    ),
    action(
        "setUUIData",
        "SetUUIDataAction",
        Conversation,
        Op::SetUuiData,
        facts::SET_UUI_DATA,
        // `mode`: whether the data goes out with a transfer (the default a new action has)
        // or when the call disconnects.
        &[req("uuiData", "uuiData", Expr).typed(Ty::STRING), p("mode", "mode", Text)],
        NONE,
    ),
    action(
        "setExternalTag",
        "SetExternalTagAction",
        Conversation,
        Op::SetExternalTag,
        Facts::PLAIN,
        &[req("externalTag", "externalTag", Expr)],
        NONE,
    ),
    action(
        "enableParticipantRecord",
        "EnableParticipantRecordAction",
        Conversation,
        Op::EnableParticipantRecord,
        Facts::PLAIN,
        &[p("enabled", "enabled", Expr)],
        NONE,
    ),
    action(
        "setPriority",
        "",
        Conversation,
        Op::SetPriority,
        facts::SET_PRIORITY,
        &[req("priority", "priority", Expr)],
        SUCCESS_FAILURE,
    ),
    action(
        "setSkills",
        "",
        Conversation,
        Op::SetSkills,
        Facts::PLAIN,
        &[
            p("languageSkill", "languageSkill", Target).names(Org::Language),
            p("acdSkills", "acdSkills", Expr),
        ],
        SUCCESS_FAILURE,
    ),
    action(
        "setWhisperAudio",
        "",
        Conversation,
        Op::SetWhisperAudio,
        Facts::PLAIN,
        &[p("whisperAudio", "whisperAudio", Audio)],
        SUCCESS_FAILURE,
    ),
    action(
        "transcription",
        "",
        Conversation,
        Op::SetTranscription,
        Facts::PLAIN,
        &[p("enableTranscription", "enableTranscription", Expr)],
        NONE,
    ),
    action(
        "setUtilizationLabel",
        "",
        Conversation,
        Op::SetUtilizationLabel,
        facts::UTILIZATION_LABEL,
        &[req("utilizationLabel", "utilizationLabel", Target).names(Org::UtilizationLabel)],
        SUCCESS_FAILURE,
    ),
    action(
        "clearUtilizationLabel",
        "",
        Conversation,
        Op::ClearUtilizationLabel,
        facts::UTILIZATION_LABEL,
        // "Failure Outputs": `errorType` and `errorMessage` (Clear Utilization Label action).
        &[p("failureOutputs", "errorBindings", VarMap)],
        SUCCESS_FAILURE,
    ),
    action(
        "setPostFlow",
        "",
        Conversation,
        Op::SetPostFlow,
        Facts::PLAIN,
        &[
            p("actionType", "actionType", Expr),
            p("target", "target", Expr),
            req("targetFlow", "flowName", Target).names(Org::Flow),
            p("invocationData", "invocationData", Expr),
        ],
        NONE,
    ),
    action(
        "clearPostFlow",
        "",
        Conversation,
        Op::ClearPostFlow,
        Facts::PLAIN,
        &[p("target", "target", Expr)],
        NONE,
    ),
    action(
        "clearVoicemailSnippet",
        "",
        Conversation,
        Op::ClearVoicemailSnippet,
        Facts::PLAIN,
        &[],
        NONE,
    ),
    // The export types follow Architect's `<Name>Action` naming; Complete Survey Invite's is
    // seen in published survey invite exports.
    action(
        "abortSurveyInvite",
        "AbortSurveyInviteAction",
        Conversation,
        Op::AbortSurveyInvite,
        facts::SURVEY_INVITE_END,
        &[p("disposition", "disposition", Expr)],
        NONE,
    ),
    action(
        "completeSurveyInvite",
        "CompleteSurveyInviteAction",
        Conversation,
        Op::CompleteSurveyInvite,
        facts::SURVEY_INVITE_END,
        SURVEY_INVITE,
        NONE,
    ),
];

/// The properties the engine reads, found in the entries above when the crate compiles
/// ([`PropId`](super::PropId)).
pub mod prop {
    use super::super::{PropId, Words};
    use super::ACTIONS;

    pub const LANGUAGE: PropId = PropId::of(ACTIONS, &["setLanguage"], "language");
    pub const LANGUAGE_VALUE: PropId = PropId::of(ACTIONS, &["setLanguage"], "languageValue");
    pub const SCREEN_POP: PropId = PropId::of(ACTIONS, &["setScreenPop"], "screenPopScript");
    pub const SCREEN_POP_INPUTS: PropId = PropId::of(ACTIONS, &["setScreenPop"], "inputs");
    pub const WRAPUP_CODE: PropId = PropId::of(ACTIONS, &["setWrapupCode"], "wrapupCode");
    pub const UUI_DATA: PropId = PropId::of(ACTIONS, &["setUUIData"], "uuiData");
    pub const UUI_MODE: PropId = PropId::of(ACTIONS, &["setUUIData"], "mode");
    /// The legs Set UUI Data's data goes out with; the first is the default.
    pub const UUI_MODES: Words<UuiMode> =
        Words(&[("transfer", UuiMode::Transfer), ("disconnect", UuiMode::Disconnect)]);

    /// When Set UUI Data's data is sent: one of [`UUI_MODES`].
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum UuiMode {
        Transfer,
        Disconnect,
    }
    pub const EXTERNAL_TAG: PropId = PropId::of(ACTIONS, &["setExternalTag"], "externalTag");
    pub const PARTICIPANT_RECORD: PropId =
        PropId::of(ACTIONS, &["enableParticipantRecord"], "enabled");
    pub const PRIORITY: PropId = PropId::of(ACTIONS, &["setPriority"], "priority");
    /// Why Abort Survey Invite gave the survey up (`optOut`, `error`).
    pub const SURVEY_DISPOSITION: PropId =
        PropId::of(ACTIONS, &["abortSurveyInvite"], "disposition");
    /// What Complete Survey Invite sends the customer: the address, and the invitation's and
    /// the reminder's subject and body.
    pub const SURVEY_INVITE: [PropId; 5] = [
        PropId::of(ACTIONS, &["completeSurveyInvite"], "targetAddress"),
        PropId::of(ACTIONS, &["completeSurveyInvite"], "inviteSubject"),
        PropId::of(ACTIONS, &["completeSurveyInvite"], "inviteBody"),
        PropId::of(ACTIONS, &["completeSurveyInvite"], "reminderSubject"),
        PropId::of(ACTIONS, &["completeSurveyInvite"], "reminderBody"),
    ];
    pub const LANGUAGE_SKILL: PropId = PropId::of(ACTIONS, &["setSkills"], "languageSkill");
    pub const ACD_SKILLS: PropId = PropId::of(ACTIONS, &["setSkills"], "acdSkills");
    pub const WHISPER_AUDIO: PropId = PropId::of(ACTIONS, &["setWhisperAudio"], "whisperAudio");
    pub const TRANSCRIPTION: PropId =
        PropId::of(ACTIONS, &["transcription"], "enableTranscription");
    pub const UTILIZATION_LABEL: PropId =
        PropId::of(ACTIONS, &["setUtilizationLabel"], "utilizationLabel");
    pub const CLEAR_LABEL_FAILURE: PropId =
        PropId::of(ACTIONS, &["clearUtilizationLabel"], "failureOutputs");

    const POST_FLOW: &[&str] = &["setPostFlow"];
    pub const POST_FLOW_ACTION_TYPE: PropId = PropId::of(ACTIONS, POST_FLOW, "actionType");
    pub const POST_FLOW_TARGET: PropId = PropId::of(ACTIONS, POST_FLOW, "target");
    pub const POST_FLOW_FLOW: PropId = PropId::of(ACTIONS, POST_FLOW, "targetFlow");
    pub const POST_FLOW_INVOCATION_DATA: PropId = PropId::of(ACTIONS, POST_FLOW, "invocationData");

    /// Every id above, for the catalogue's test that each is read only on the entries it names.
    #[cfg(test)]
    pub const ALL: &[PropId] = &[
        SURVEY_DISPOSITION,
        SURVEY_INVITE[0],
        SURVEY_INVITE[1],
        SURVEY_INVITE[2],
        SURVEY_INVITE[3],
        SURVEY_INVITE[4],
        LANGUAGE,
        LANGUAGE_VALUE,
        SCREEN_POP,
        SCREEN_POP_INPUTS,
        WRAPUP_CODE,
        UUI_DATA,
        UUI_MODE,
        EXTERNAL_TAG,
        PARTICIPANT_RECORD,
        PRIORITY,
        LANGUAGE_SKILL,
        ACD_SKILLS,
        WHISPER_AUDIO,
        TRANSCRIPTION,
        UTILIZATION_LABEL,
        CLEAR_LABEL_FAILURE,
        POST_FLOW_ACTION_TYPE,
        POST_FLOW_TARGET,
        POST_FLOW_FLOW,
        POST_FLOW_INVOCATION_DATA,
    ];
}

/// The fixed outputs the engine takes, found in the entries above when the crate compiles
/// ([`OutputId`](super::OutputId)).
pub mod out {
    use super::super::OutputId;
    use super::ACTIONS;

    /// The settings that can fail: `success`, then `failure`.
    const SETTINGS: &[&str] = &[
        "setLanguage",
        "setWrapupCode",
        "setPriority",
        "setSkills",
        "setWhisperAudio",
        "setUtilizationLabel",
        "clearUtilizationLabel",
    ];
    pub const SUCCESS: OutputId = OutputId::of(ACTIONS, SETTINGS, "success");
    pub const FAILURE: OutputId = OutputId::of(ACTIONS, SETTINGS, "failure");

    /// Every id above, for the catalogue's test that each names every entry of its entries'
    /// operations that has the output.
    #[cfg(test)]
    pub const ALL: &[OutputId] = &[SUCCESS, FAILURE];
}
