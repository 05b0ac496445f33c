//! Prompts, menus and input.

use super::Facts;
use super::PropKind::{Audio, Expr, List, Text, Var};
use super::{action, out, p, req, with, ActionSpec, Dynamic, Family::Prompts, Op, NONE};
use super::{PropSpec, Unset, SUCCESS_FAILURE};
use crate::expr::Ty;

/// Dial by Extension, as an action and as a menu choice: the Scripting SDK's properties
/// (`ArchActionDialByExtension`: `digitTimeout`, `numReprompts`, `repromptAudio`, `resultData`),
/// by the same names in Archy.
const DIAL_BY_EXTENSION: &[PropSpec] = &[
    p("resultData", "resultData", Var).sdk("extensionVariable"),
    // "The system waits a default of 6 seconds between digits when listening for extension
    // dialing" (Genesys, Set up default action settings); the SDK's `defaultSettings` too.
    p("digitTimeout", "digitTimeout", Expr)
        .sdk("interDigitTimeout")
        .typed(Ty::DURATION)
        .unset(Unset::Duration(6_000)),
    p("numReprompts", "numReprompts", Expr).sdk("repromptCount").typed(Ty::INTEGER),
    p("repromptAudio", "repromptAudio", Audio),
];

/// A menu's choices, in order: the digit, and the choice's name.
/// A menu choice: its key, its name, and `true` when its key is global to the flow (Archy's and
/// the export's `globalDtmf`; the Scripting SDK's `dtmfIsGlobal`).
pub const MENU_CHOICE: &[PropSpec] =
    &[p("dtmf", "dtmf", Text), p("name", "name", Text), p("globalDtmf", "globalDtmf", Text)];

/// What the commands know of this family's operations ([`Facts`]), one value for each group
/// of operations that share them: every entry states its operation's by one of these names,
/// so the entries of one operation cannot drift apart (a catalogue test holds them equal).
mod facts {
    use super::super::{Facts, Mutate, Refused as R, Varies};

    /// Play Audio, Process Voicemail Input, Dial by Extension and the media-only actions: an
    /// audio control, which inbound written flows lack.
    pub const AUDIO_CONTROL: Facts = Facts { refused: &[R::AudioControlInDigital], ..Facts::PLAIN };
    /// Collect Input: a choice by the digits it gets, which `explore` varies.
    pub const COLLECT_INPUT: Facts =
        Facts { branches: true, varies: Varies::Digits, ..AUDIO_CONTROL };
    /// A menu: a choice by the digit, never dropped by `mutate`.
    pub const MENU: Facts = Facts {
        branches: true,
        varies: Varies::MenuChoice,
        mutate: Mutate { drops: false, ..Facts::PLAIN.mutate },
        ..AUDIO_CONTROL
    };
    /// Hold Music: in-queue call flows only, and an audio control.
    pub const HOLD_MUSIC: Facts = Facts {
        refused: &[R::HoldMusicOutsideInQueueCall, R::AudioControlInDigital],
        ..Facts::PLAIN
    };
    /// Play Estimated Wait Time: in-queue flows only.
    pub const WAIT_TIME: Facts = Facts {
        refused: &[R::InQueueHandlingInDigital, R::WaitTimeOutsideInQueue],
        ..Facts::PLAIN
    };
    /// Play Position in Queue: in-queue flows only.
    pub const QUEUE_POSITION: Facts = Facts {
        refused: &[R::InQueueHandlingInDigital, R::PositionOutsideInQueue],
        ..Facts::PLAIN
    };
    /// Detect Silence, Play Audio On Silence: call flows only.
    pub const SILENCE: Facts =
        Facts { refused: &[R::AudioControlInDigital, R::SilenceOutsideCall], ..Facts::PLAIN };
}

pub(super) const ACTIONS: &[ActionSpec] = &[
    action(
        "playAudio",
        "PlayAudioAction",
        Prompts,
        Op::PlayAudio,
        facts::AUDIO_CONTROL,
        &[req("audio", "prompts", Audio)],
        NONE,
    ),
    action(
        "collectInput",
        "CollectInputAction",
        Prompts,
        Op::CollectInput,
        facts::COLLECT_INPUT,
        &[
            req("inputData", "resultData", Var),
            p("digitsMin", "numberOfDigitsMin", Expr).typed(Ty::INTEGER),
            p("digitsMax", "numberOfDigitsMax", Expr).typed(Ty::INTEGER),
            // "By default, the No Entry Timeout is 5 seconds and the Inter-Digit Timeout is 3
            // seconds" (Genesys, Set the timeout behavior); the SDK's `defaultSettings` too.
            p("interDigitTimeout", "interDigitTimeout", Expr)
                .typed(Ty::DURATION)
                .unset(Unset::Duration(3_000)),
            p("noEntryTimeout", "noEntryTimeout", Expr)
                .typed(Ty::DURATION)
                .unset(Unset::Duration(5_000)),
            p("inputAudio", "prompts", Audio),
            p("acceptJustStar", "acceptJustStar", Expr).typed(Ty::BOOLEAN),
            p("acceptJustPound", "acceptJustPound", Expr).typed(Ty::BOOLEAN),
            // Archy: inside `digits.range` (or beside `digits`); exports: the digit's number.
            p("terminatingDtmf", "terminatingCharacter", Expr),
            p("verificationType", "verification", Text),
            // What confirms the digits to the caller when verification is on: read, not used.
            p("verificationAudio", "verificationPrompts", Audio),
            // Left out, the terminator is not in the result (docs/architect.md §4).
            p("includeTerminatingDtmfInResultData", "includeTerminatingDtmfInResultData", Expr)
                .typed(Ty::BOOLEAN)
                .unset(Unset::Bool(false)),
        ],
        SUCCESS_FAILURE,
    ),
    // A menu container's own action (made by the front-ends from the menu's audio, settings
    // and choices): plays the audio, takes a digit, runs the choice.
    with(
        action(
            "menu",
            "Menu",
            Prompts,
            Op::Menu,
            facts::MENU,
            &[
                p("audio", "prompts", Audio),
                p("repeatCount", "promptRepeatCount", Expr).typed(Ty::INTEGER),
                p("menuSelectionTimeout", "promptRepeatDelay", Expr),
                p("choices", "menuChoiceList", List(MENU_CHOICE)),
                p("noEntryAudio", "noEntryAudio", Audio),
                // The choice that runs after the last repeat (Archy: a reference to the
                // choice, `./choices/menuDisconnect[bye]`; exports: the choice's id), read by
                // the front-ends as the choice's name. None: the interaction disconnects.
                p("defaultChildMenuRef", "defaultMenuChoice", Text),
                // Menu settings: whether several keys at once dial an extension, and how long
                // Architect waits for the next key of one.
                p("listenForExtensionDialing", "useExtensionDialing", Expr),
                p("extensionDialingMaxDelay", "extensionDialingDelay", Expr),
            ],
            NONE,
        ),
        Dynamic::Choices,
    ),
    action(
        "holdMusic",
        "HoldMusicAction",
        Prompts,
        Op::HoldMusic,
        facts::HOLD_MUSIC,
        &[
            p("prompt", "prompt", Audio),
            p("bargeInEnabled", "bargeInExpression", Expr),
            p("duration", "duration", Expr).sdk("playDuration").typed(Ty::DURATION),
            p("playStyle", "playStyle", Text),
        ],
        NONE,
    ),
    action(
        "playEstimatedWaitTime",
        "PlayEstimatedWaitTimeAction",
        Prompts,
        Op::PlayEstimatedWaitTime,
        facts::WAIT_TIME,
        &[
            p("playMode", "playbackMode", Text).sdk("playbackMode"),
            // Exports: the estimate (`Call.EstimatedWaitTime`) and the announcement Architect
            // builds from the action's settings (`prompts.defaultAudio`).
            p("estimatedWaitTime", "estimatedWaitTime", Expr).typed(Ty::DURATION),
            p("prompts", "prompts", Audio).sdk("estimatedWaitTimeAudio"),
            // What the announcement is built from when the flow does not carry it (Archy).
            p("roundingInterval", "roundingInterval", Expr),
            p("specificRoundingIntervals", "specificRoundingIntervals", Expr),
        ],
        &[out("success", "__SUCCESS__"), out("failure", "__FAILURE__")],
    ),
    action(
        "playPositionInQueue",
        "PlayPositionInQueueAction",
        Prompts,
        Op::PlayPositionInQueue,
        facts::QUEUE_POSITION,
        &[
            // The SDK's names (`ArchActionPlayPositionInQueue`), in Archy too.
            p("playbackMode", "playbackMode", Text),
            p("positionInQueue", "positionInQueue", Expr).typed(Ty::INTEGER),
            // Exports: the audio the Scripting SDK built from the settings, read and not
            // played (the engine speaks what Genesys's page documents).
            p("prompts", "prompts", Audio).sdk("positionInQueueAudio"),
        ],
        &[out("success", "__SUCCESS__"), out("failure", "__FAILURE__")],
    ),
    action(
        "flushAudio",
        "FlushAudioAction",
        Prompts,
        Op::MediaOnly,
        facts::AUDIO_CONTROL,
        &[],
        NONE,
    ),
    action(
        "detectSilence",
        "DetectSilenceAction",
        Prompts,
        Op::DetectSilence,
        facts::SILENCE,
        &[
            p("timeout", "timeout", Expr).typed(Ty::DURATION),
            p("silenceDuration", "silenceDuration", Expr).typed(Ty::DURATION),
        ],
        &[out("success", "__SUCCESS__"), out("timeout", "__TIMEOUT__")],
    ),
    action(
        "dialByExtension",
        "DialByExtensionAction",
        Prompts,
        Op::DialByExtension,
        facts::AUDIO_CONTROL,
        DIAL_BY_EXTENSION,
        &[out("failure", "__FAILURE__"), out("timeout", "__TIMEOUT__")],
    ),
    // Audio Monitoring turns live monitoring of the call's audio on or off: nothing in the
    // flow or its result depends on it.
    action(
        "audioMonitoring",
        "",
        Prompts,
        Op::MediaOnly,
        facts::AUDIO_CONTROL,
        &[p("enableMonitoring", "enableMonitoring", Expr)],
        NONE,
    ),
    // Play Audio On Silence ([Play Audio On Silence action](https://help.mypurecloud.com/?p=210961)):
    // the page gives Audio, Silence Duration, Timeout, a maximum of retries and the success and
    // failure paths; no public Archy flow or export names its keys, so they are flowsim's
    // reading of those settings (docs/architect.md §4).
    action(
        "playAudioOnSilence",
        "PlayAudioOnSilenceAction",
        Prompts,
        Op::PlayAudioOnSilence,
        facts::SILENCE,
        &[
            // Detect Silence's two first, at the same places (one id reads both actions').
            p("timeout", "timeout", Expr).typed(Ty::DURATION),
            p("silenceDuration", "silenceDuration", Expr).typed(Ty::DURATION),
            req("audio", "prompts", Audio),
            p("maxRetries", "maxRetries", Expr).typed(Ty::INTEGER),
        ],
        &[
            out("success", "__SUCCESS__"),
            out("failure", "__FAILURE__"),
            out("timeout", "__TIMEOUT__"),
        ],
    ),
    action(
        "playUserGreeting",
        "",
        Prompts,
        Op::NeedsStub("a user's recorded voicemail greeting is audio the fixtures do not hold"),
        Facts::NEEDS_STUB,
        &[],
        NONE,
    ),
    action(
        "playUserName",
        "",
        Prompts,
        Op::NeedsStub("a user's recorded name is audio the fixtures do not hold"),
        Facts::NEEDS_STUB,
        &[],
        NONE,
    ),
    action(
        "processVoicemailInput",
        "",
        Prompts,
        Op::ProcessVoicemailInput,
        facts::AUDIO_CONTROL,
        &[
            p("maximumVoiceSnippetTime", "maximumVoiceSnippetTime", Expr),
            p("voiceSnippet", "voiceSnippet", Var),
        ],
        &[
            out("voicemail", "__VOICEMAIL__"),
            out("noInput", "__NO_INPUT__"),
            out("failure", "__FAILURE__"),
        ],
    ),
    // Menu choices.
    action(
        "menuDialByExtension",
        "",
        Prompts,
        Op::DialByExtension,
        facts::AUDIO_CONTROL,
        DIAL_BY_EXTENSION,
        NONE,
    ),
];

/// The properties the engine reads, found in the entries above when the crate compiles
/// ([`PropId`](super::PropId)).
pub mod prop {
    use super::super::PropId;
    use super::ACTIONS;

    pub const PLAY_AUDIO: PropId = PropId::of(ACTIONS, &["playAudio"], "audio");

    const HOLD: &[&str] = &["holdMusic"];
    pub const HOLD_PROMPT: PropId = PropId::of(ACTIONS, HOLD, "prompt");
    pub const HOLD_DURATION: PropId = PropId::of(ACTIONS, HOLD, "duration");
    pub const HOLD_PLAY_STYLE: PropId = PropId::of(ACTIONS, HOLD, "playStyle");

    const COLLECT: &[&str] = &["collectInput"];
    pub const INPUT_DATA: PropId = PropId::of(ACTIONS, COLLECT, "inputData");
    pub const DIGITS_MIN: PropId = PropId::of(ACTIONS, COLLECT, "digitsMin");
    pub const DIGITS_MAX: PropId = PropId::of(ACTIONS, COLLECT, "digitsMax");
    pub const NO_ENTRY_TIMEOUT: PropId = PropId::of(ACTIONS, COLLECT, "noEntryTimeout");
    /// Collect Input's No Entry Timeout, in milliseconds: "The minimum is one second, and the
    /// maximum is one minute and 39 seconds" ([Collect Input
    /// action](https://help.mypurecloud.com/articles/collect-digits-data-action/)).
    pub const NO_ENTRY_TIMEOUT_MS: (u64, u64) = (1_000, 99_000);
    pub const INTER_DIGIT_TIMEOUT: PropId = PropId::of(ACTIONS, COLLECT, "interDigitTimeout");
    pub const INPUT_AUDIO: PropId = PropId::of(ACTIONS, COLLECT, "inputAudio");
    pub const ACCEPT_JUST_STAR: PropId = PropId::of(ACTIONS, COLLECT, "acceptJustStar");
    pub const ACCEPT_JUST_POUND: PropId = PropId::of(ACTIONS, COLLECT, "acceptJustPound");
    pub const TERMINATING_DTMF: PropId = PropId::of(ACTIONS, COLLECT, "terminatingDtmf");
    pub const INCLUDE_TERMINATING_DTMF: PropId =
        PropId::of(ACTIONS, COLLECT, "includeTerminatingDtmfInResultData");

    const MENU: &[&str] = &["menu"];
    pub const MENU_AUDIO: PropId = PropId::of(ACTIONS, MENU, "audio");
    pub const MENU_REPEAT_COUNT: PropId = PropId::of(ACTIONS, MENU, "repeatCount");
    pub const MENU_SELECTION_TIMEOUT: PropId = PropId::of(ACTIONS, MENU, "menuSelectionTimeout");
    /// Whether several keys pressed at a menu dial an extension (Genesys: "This option is
    /// enabled and True by default").
    pub const MENU_EXTENSION_DIALING: PropId =
        PropId::of(ACTIONS, MENU, "listenForExtensionDialing");
    /// A menu's choices, each a record of [`CHOICE_DTMF`], [`CHOICE_NAME`] and [`CHOICE_GLOBAL`].
    pub const MENU_CHOICES: PropId = PropId::of(ACTIONS, MENU, "choices");
    pub const CHOICE_DTMF: PropId = PropId::field(ACTIONS, MENU, "choices", "dtmf");
    pub const CHOICE_NAME: PropId = PropId::field(ACTIONS, MENU, "choices", "name");
    /// `true` when the choice's key is heard at every menu of the flow.
    pub const CHOICE_GLOBAL: PropId = PropId::field(ACTIONS, MENU, "choices", "globalDtmf");
    pub const MENU_NO_ENTRY_AUDIO: PropId = PropId::of(ACTIONS, MENU, "noEntryAudio");
    pub const MENU_DEFAULT_CHOICE: PropId = PropId::of(ACTIONS, MENU, "defaultChildMenuRef");

    const EXTENSION: &[&str] = &["dialByExtension", "menuDialByExtension"];
    pub const EXTENSION_RESULT: PropId = PropId::of(ACTIONS, EXTENSION, "resultData");
    pub const EXTENSION_DIGIT_TIMEOUT: PropId = PropId::of(ACTIONS, EXTENSION, "digitTimeout");
    pub const EXTENSION_REPROMPTS: PropId = PropId::of(ACTIONS, EXTENSION, "numReprompts");
    pub const EXTENSION_REPROMPT_AUDIO: PropId = PropId::of(ACTIONS, EXTENSION, "repromptAudio");

    pub const VOICE_SNIPPET: PropId =
        PropId::of(ACTIONS, &["processVoicemailInput"], "voiceSnippet");

    const WAIT_TIME: &[&str] = &["playEstimatedWaitTime"];
    pub const ESTIMATED_WAIT_TIME: PropId = PropId::of(ACTIONS, WAIT_TIME, "estimatedWaitTime");
    pub const WAIT_TIME_PROMPTS: PropId = PropId::of(ACTIONS, WAIT_TIME, "prompts");
    pub const WAIT_TIME_MODE: PropId = PropId::of(ACTIONS, WAIT_TIME, "playMode");
    pub const ROUNDING_INTERVAL: PropId = PropId::of(ACTIONS, WAIT_TIME, "roundingInterval");
    pub const SPECIFIC_ROUNDING_INTERVALS: PropId =
        PropId::of(ACTIONS, WAIT_TIME, "specificRoundingIntervals");

    const POSITION: &[&str] = &["playPositionInQueue"];
    pub const POSITION_IN_QUEUE: PropId = PropId::of(ACTIONS, POSITION, "positionInQueue");
    pub const POSITION_MODE: PropId = PropId::of(ACTIONS, POSITION, "playbackMode");

    /// The actions that wait for silence: Detect Silence, and Play Audio On Silence when its
    /// message is interrupted; both pages give the same settings and limits.
    const SILENCES: &[&str] = &["detectSilence", "playAudioOnSilence"];
    pub const SILENCE_DURATION: PropId = PropId::of(ACTIONS, SILENCES, "silenceDuration");
    pub const SILENCE_TIMEOUT: PropId = PropId::of(ACTIONS, SILENCES, "timeout");
    pub const SILENCE_AUDIO: PropId = PropId::of(ACTIONS, &["playAudioOnSilence"], "audio");
    /// Detect Silence's Silence Duration, in milliseconds: "a minimum of 0.25 seconds and a
    /// maximum of 10 seconds" ([Detect Silence
    /// action](https://help.mypurecloud.com/articles/detect-silence-action)).
    pub const SILENCE_DURATION_MS: (u64, u64) = (250, 10_000);
    /// Detect Silence's Timeout, in milliseconds: "a minimum of 1 second and a maximum of 1
    /// minute".
    pub const SILENCE_TIMEOUT_MS: (u64, u64) = (1_000, 60_000);

    /// Every id above, for the catalogue's test that each is read only on the entries it names.
    #[cfg(test)]
    pub const ALL: &[PropId] = &[
        PLAY_AUDIO,
        HOLD_PROMPT,
        HOLD_DURATION,
        HOLD_PLAY_STYLE,
        INPUT_DATA,
        DIGITS_MIN,
        DIGITS_MAX,
        NO_ENTRY_TIMEOUT,
        INTER_DIGIT_TIMEOUT,
        INPUT_AUDIO,
        ACCEPT_JUST_STAR,
        ACCEPT_JUST_POUND,
        TERMINATING_DTMF,
        INCLUDE_TERMINATING_DTMF,
        MENU_AUDIO,
        MENU_REPEAT_COUNT,
        MENU_SELECTION_TIMEOUT,
        MENU_CHOICES,
        CHOICE_DTMF,
        CHOICE_NAME,
        CHOICE_GLOBAL,
        MENU_NO_ENTRY_AUDIO,
        MENU_DEFAULT_CHOICE,
        EXTENSION_RESULT,
        EXTENSION_DIGIT_TIMEOUT,
        EXTENSION_REPROMPTS,
        EXTENSION_REPROMPT_AUDIO,
        ESTIMATED_WAIT_TIME,
        WAIT_TIME_PROMPTS,
        VOICE_SNIPPET,
        WAIT_TIME_MODE,
        ROUNDING_INTERVAL,
        SPECIFIC_ROUNDING_INTERVALS,
        POSITION_IN_QUEUE,
        POSITION_MODE,
        SILENCE_DURATION,
        SILENCE_TIMEOUT,
        SILENCE_AUDIO,
    ];
}

/// The fixed outputs the engine takes, found in the entries above when the crate compiles
/// ([`OutputId`](super::OutputId)).
pub mod out {
    use super::super::OutputId;
    use super::ACTIONS;

    /// The actions whose first outputs are `success` and `failure`.
    const SUCCEEDS: &[&str] = &["collectInput", "playEstimatedWaitTime", "playPositionInQueue"];
    pub const SUCCESS: OutputId = OutputId::of(ACTIONS, SUCCEEDS, "success");
    pub const FAILURE: OutputId = OutputId::of(ACTIONS, SUCCEEDS, "failure");
    /// Dial by Extension: no user has the extension, or the caller typed none in time.
    pub const EXTENSION_FAILURE: OutputId = OutputId::of(ACTIONS, &["dialByExtension"], "failure");
    pub const EXTENSION_TIMEOUT: OutputId = OutputId::of(ACTIONS, &["dialByExtension"], "timeout");
    /// Process Voicemail Input: the caller left a message, or did not.
    pub const VOICEMAIL: OutputId = OutputId::of(ACTIONS, &["processVoicemailInput"], "voicemail");
    /// Detect Silence: the silence it waits for came.
    pub const SILENCE: OutputId = OutputId::of(ACTIONS, &["detectSilence"], "success");
    /// Play Audio On Silence: its message played to completion.
    pub const PLAYED: OutputId = OutputId::of(ACTIONS, &["playAudioOnSilence"], "success");
    pub const VOICEMAIL_NO_INPUT: OutputId =
        OutputId::of(ACTIONS, &["processVoicemailInput"], "noInput");

    /// Every id above, for the catalogue's test that each names every entry of its entries'
    /// operations that has the output.
    #[cfg(test)]
    pub const ALL: &[OutputId] = &[
        SUCCESS,
        FAILURE,
        EXTENSION_FAILURE,
        EXTENSION_TIMEOUT,
        VOICEMAIL,
        VOICEMAIL_NO_INPUT,
        SILENCE,
        PLAYED,
    ];
}
