//! Bot flows: asking for intents, slots and yes/no answers, classified by the
//! flow's own NLU domain; slots cleared; a bot flow called from a call, chat or message flow
//! and its exit; Detect Intent, the same NLU on an email's or message's body. Third-party bots (Genesys Dialog Engine too), guides, audio connectors and
//! knowledge call services outside the flow: they run against the fixtures' `services` mocks (`Op::Service`); the few Genesys
//! documents too little to mock are `unsupported`, each with its reason.

use super::Facts;
use super::PropKind::{Audio, Expr, ExprMap, List, Text, Var, VarMap};
use super::Refused;
use super::NONE;
use super::{action, out, p, req, with, ActionSpec, Dynamic, Family::Bots, Op, PropSpec, Service};
use super::{Unset, FAILURE, FOUND_NOT_FOUND, SUCCESS_FAILURE, SUCCESS_FAILURE_TIMEOUT};
use crate::expr::Ty;

const AGENTIC_VIRTUAL_AGENT: &str = "an agentic virtual agent is an AI Studio agent (a large \
    language model) that holds the conversation itself: Genesys documents choosing a published \
    agent and its end-context output variables, but not what the agent says, when it ends or \
    escalates, nor which path the action takes then";
const VOICE_FLOW: &str = "Genesys documents too little of what Call Voice Flow sends and returns \
    for a mock to stand in for it";

// Third-party bots and services. Architect's help pages and the Scripting SDK's classes name
// these properties (bot name and alias, session variables in and out, the slots of each intent,
// the failure outputs `errorType` and `errorMessage`); no public Archy flow uses these actions,
// so the keys are flowsim's best reading of those names (docs/bots.md says which). The first
// property names the service the fixtures' `services` mock answers for.

/// One intent's slot (Lex, Nuance Mix, Bot Connector) or parameter (Dialogflow) written to a
/// variable: `- slot: {intent: BookHotel, name: City, variable: Flow.city}`.
const INTENT_SLOT: &[PropSpec] =
    &[req("intent", "intent", Text), req("name", "name", Text), req("variable", "variable", Var)];

const LEX: &[PropSpec] = &[
    req("botName", "botName", Text),
    p("botAlias", "botAlias", Text),
    p("startAudio", "startAudio", Audio),
    p("inputText", "inputText", Expr),
    p("sessionVariables", "sessionVariables", ExprMap),
    p("followupResponseTimeout", "followupResponseTimeout", Expr),
    p("intentSlots", "intentSlots", List(INTENT_SLOT)),
    p("failureOutputs", "failureOutputs", VarMap),
];

const LEX_V2: &[PropSpec] = &[
    req("botName", "botName", Text),
    p("botAlias", "botAlias", Text),
    p("initialIntent", "aliasInitialIntentName", Expr),
    p("inputText", "inputText", Expr),
    p("sessionVariables", "sessionVariables", ExprMap),
    p("sessionVariableOutputs", "sessionVariableOutputs", VarMap),
    p("followupResponseTimeout", "followupResponseTimeout", Expr),
    p("intentSlots", "intentSlots", List(INTENT_SLOT)),
    p("failureOutputs", "failureOutputs", VarMap),
];

const DIALOGFLOW: &[PropSpec] = &[
    req("botName", "botName", Text),
    p("environment", "environment", Text),
    p("inputText", "inputText", Expr),
    p("sessionVariables", "sessionVariables", ExprMap),
    p("followupResponseTimeout", "followupResponseTimeout", Expr),
    p("intentParameters", "intentParameters", List(INTENT_SLOT)),
    p("failureOutputs", "failureOutputs", VarMap),
];

const DIALOGFLOW_CX: &[PropSpec] = &[
    req("botName", "botName", Text),
    p("environment", "environment", Text),
    p("inputText", "inputText", Expr),
    p("sessionVariables", "sessionVariables", ExprMap),
    p("sessionVariableOutputs", "sessionVariableOutputs", VarMap),
    p("followupResponseTimeout", "followupResponseTimeout", Expr),
    p("failureOutputs", "failureOutputs", VarMap),
];

const NUANCE_MIX: &[PropSpec] = &[
    req("botName", "botName", Text),
    p("inputText", "inputText", Expr),
    p("sessionVariables", "sessionVariables", ExprMap),
    p("followupResponseTimeout", "followupResponseTimeout", Expr),
    p("intentSlots", "intentSlots", List(INTENT_SLOT)),
    p("failureOutputs", "failureOutputs", VarMap),
];

const BOT_CONNECTOR: &[PropSpec] = &[
    req("botName", "botName", Text),
    p("botVersion", "botVersion", Text),
    p("inputText", "inputText", Expr),
    p("sessionVariables", "sessionVariables", ExprMap),
    p("followupResponseTimeout", "followupResponseTimeout", Expr),
    p("intentSlots", "intentSlots", List(INTENT_SLOT)),
    p("failureOutputs", "failureOutputs", VarMap),
];

/// Call Dialog Engine Bot: the page's "Bot Input Text" and "Follow-up Response Timeout", the
/// bot, each intent's slots and the failure outputs as the other bots name them.
const DIALOG_ENGINE: &[PropSpec] = &[
    req("botName", "botName", Text),
    p("inputText", "inputText", Expr),
    p("followupResponseTimeout", "followupResponseTimeout", Expr),
    p("intentSlots", "intentSlots", List(INTENT_SLOT)),
    p("failureOutputs", "failureOutputs", VarMap),
];

const AUDIO_CONNECTOR: &[PropSpec] = &[
    req("integration", "integrationName", Text),
    p("connectorId", "connectorId", Expr),
    p("sessionVariables", "sessionVariables", ExprMap),
    p("sessionVariableOutputs", "sessionVariableOutputs", VarMap),
    p("failureOutputs", "failureOutputs", VarMap),
];

const GUIDE: &[PropSpec] = &[
    req("guide", "guideName", Text),
    p("inputText", "inputText", Expr),
    p("inputs", "inputs", ExprMap),
    p("successOutputs", "outputs", VarMap),
    p("failureOutputs", "failureOutputs", VarMap),
];

/// An Ask's properties, written once: the question, the reprompts for a no input and a no
/// match or, when the action customizes them, a list of each (see `engine::actions::bots`),
/// with the action's own properties `before` and `after` them.
macro_rules! ask {
    ([$($before:expr),* $(,)?], [$($after:expr),* $(,)?]) => {
        &[
            $($before,)*
            p("question", "question", Audio),
            p("noInput", "noInputs", Audio),
            p("noMatch", "noMatches", Audio),
            p("voiceEndOfInputTimeout", "voiceEndOfInputTimeout", Expr),
            // Left out, an Ask does not customize its reprompts (docs/architect.md §4).
            p("customizeNoInput", "customizeNoInput", Expr)
                .typed(Ty::BOOLEAN)
                .unset(Unset::Bool(false)),
            p("noInputReprompts", "noInputReprompts", Expr),
            p("customizeNoMatch", "customizeNoMatch", Expr)
                .typed(Ty::BOOLEAN)
                .unset(Unset::Bool(false)),
            p("noMatchReprompts", "noMatchReprompts", Expr),
            $($after,)*
        ]
    };
}

/// Ask for Intent's fixed outputs (the intents' come from the flow's NLU).
const ASK_FOR_INTENT_OUTPUTS: &[super::OutputSpec] = &[
    out("noIntent", "__NO_INTENT__"),
    out("maxNoInputs", "__MAX_NO_INPUTS__"),
    out("knowledge", "__KNOWLEDGE__"),
];

/// The properties of an Ask with none of its own.
const ASK: &[super::PropSpec] = ask!([], []);

/// Wait for Input: an ask's properties.
const WAIT_FOR_INPUT: &[PropSpec] = ask!([], []);
/// Ask for String: an ask's properties, then the variable the customer's text goes to.
const ASK_FOR_STRING: &[PropSpec] = ask!(
    [],
    [req("inputData", "inputData", Var), p("maxLength", "maxLength", Expr).typed(Ty::INTEGER)]
);

/// Send Digital Content and Send Digital Carousel: what the bot sends, the buttons (a
/// carousel's cards, each with the text a press sends and its title) the customer may press,
/// and the variable the pressed button's value goes to.
const DIGITAL_CONTENT: &[PropSpec] = &[
    p("content", "content", Audio),
    p("buttons", "buttons", List(BUTTON)).alias("cards"),
    p("selection", "selection", Var),
];

/// Ask for Authentication and Ask for Payment: what the bot says with the request.
const CUSTOMER_STEP: &[PropSpec] = &[p("question", "question", Audio)];

/// A field of a Form: the name the customer's submission gives it, and the variable it goes to.
const FORM_FIELD: &[PropSpec] = &[req("name", "name", Text), req("variable", "variable", Var)];

/// A quick-reply button of a Digital Menu's chooser: the text a press sends, and what it shows.
const BUTTON: &[PropSpec] = &[p("value", "value", Expr), p("label", "label", Expr)];

/// Digital Menu's properties: an ask's, the variable the chosen choice's name goes to, and the
/// quick-reply buttons of its chooser (read from `chooser.quickReplies.buttons`).
const DIGITAL_MENU: &[PropSpec] = ask!(
    [],
    [
        p("selection", "selection", Var),
        p("knowledgeSearchResult", "knowledgeSearchResult", Var),
        p("chooser", "chooser", List(BUTTON))
    ]
);

/// Ask Survey Question's properties (voice survey flows): the survey form and the question of
/// it the action asks (Archy: `surveyQuestion: {<form name>: {lit: {text: <question>}}}`, read
/// into `surveyForm` and `surveyQuestion`), what it says (`question`, then `answer`: the answer
/// options) and an ask's reprompts.
const SURVEY_QUESTION: &[PropSpec] = &[
    req("surveyQuestion", "surveyQuestion", Text),
    p("surveyForm", "surveyForm", Text),
    p("question", "question", Audio),
    p("answer", "answer", Audio),
    p("noInput", "noInputs", Audio),
    p("noMatch", "noMatches", Audio),
    p("voiceEndOfInputTimeout", "voiceEndOfInputTimeout", Expr),
];

/// Call Bot Flow's and Call Digital Bot Flow's properties.
const CALL_BOT: &[PropSpec] = &[
    req("botFlow", "flowName", Text),
    p("version", "flowVersion", Text),
    p("inputText", "inputText", Expr),
    p("inputs", "inputs", ExprMap).skips_not_set(),
    p("outputs", "outputs", VarMap),
    p("exitReason", "exitReason", Var),
    p("intent", "intent", Var),
];

/// `clearSlot`'s `slots: [- slot: {name}]`.
const SLOT: &[PropSpec] = &[req("slot", "name", Text)];

/// What the commands know of this family's operations ([`Facts`]), one value for each group
/// of operations that share them: every entry states its operation's by one of these names,
/// so the entries of one operation cannot drift apart (a catalogue test holds them equal).
mod facts {
    use super::super::facts::callee;
    use super::super::Varies;
    use super::super::{CalleeKind, EndWords, Facts, Leaves, Listing, Refused as R, Service};

    /// A customer's turn that `explore` varies (an answer, no input, no match).
    pub const TURN: Facts = Facts { varies: Varies::Turn { intents: false }, ..Facts::PLAIN };
    /// Anything Else? Loop: a loop whose next pass the customer's turn asks for.
    pub const ANYTHING_ELSE: Facts = Facts { loops: true, ..TURN };
    /// A bot's ask: a choice by the customer's turn; a bot that gives up exits the bot flow.
    const ASK: Facts = Facts { branches: true, end_words: EndWords::ExitsBot, ..TURN };
    /// Ask for Intent: its intents listed and named by the turn.
    pub const ASK_FOR_INTENT: Facts =
        Facts { lists: Some(Listing::Intents), varies: Varies::Turn { intents: true }, ..ASK };
    /// Ask for Slot: the slot its `slot` names listed.
    pub const ASK_FOR_SLOT: Facts = Facts { lists: Some(Listing::Slot("slot")), ..ASK };
    /// Ask for Yes / No.
    pub const ASK_FOR_BOOLEAN: Facts = ASK;
    /// Ask Survey Question: voice survey flows only.
    pub const ASK_SURVEY_QUESTION: Facts =
        Facts { refused: &[R::SurveyQuestionElsewhere], ..Facts::PLAIN };
    /// Exit Bot Flow: the bot flow ends there.
    pub const EXIT_BOT_FLOW: Facts =
        Facts { leaves: Leaves::Ends, end_words: EndWords::ExitsBot, ..Facts::PLAIN };
    /// Call Bot Flow: calls a bot flow by name and comes back.
    pub const CALL_BOT_FLOW: Facts = Facts {
        callee: Some(callee(&["botFlow"], CalleeKind::BotFlow, &["botflow", "voicebot"])),
        ..Facts::PLAIN
    };
    /// Digital Menu: a choice by the customer's turn, its choices listed.
    pub const DIGITAL_MENU: Facts = Facts { branches: true, lists: Some(Listing::Choices), ..TURN };
    /// Detect Intent: a choice by the message's intent, its intents listed.
    pub const DETECT_INTENT: Facts =
        Facts { branches: true, lists: Some(Listing::Intents), ..Facts::PLAIN };
    /// A third-party bot: `explore` varies its mock.
    pub const BOT_SERVICE: Facts = service(Service::Bot);
    /// A bot of message flows: `explore` varies its mock.
    pub const MESSAGE_BOT_SERVICE: Facts = service(Service::MessageBot);
    /// A session with the customer: `explore` varies its mock.
    pub const SESSION_SERVICE: Facts = service(Service::Session);
    /// A lookup by id in a named service: `explore` varies its mock.
    pub const LOOKUP_SERVICE: Facts = service(Service::Lookup);

    const fn service(kind: Service) -> Facts {
        Facts { varies: Varies::Service(kind), ..Facts::PLAIN }
    }
}

pub(super) const ACTIONS: &[ActionSpec] = &[
    // The export type is the Platform API's name for it (its analytics' `ReportingTurnAction`
    // action types, as for Wait for Input).
    action(
        "askSurveyQuestion",
        "AskSurveyQuestionAction",
        Bots,
        Op::AskSurveyQuestion,
        facts::ASK_SURVEY_QUESTION,
        SURVEY_QUESTION,
        NONE,
    ),
    with(
        action(
            "askForIntent",
            "AskForNLUIntentAction",
            Bots,
            Op::AskForIntent,
            facts::ASK_FOR_INTENT,
            ASK,
            ASK_FOR_INTENT_OUTPUTS,
        ),
        Dynamic::Intents,
    ),
    action(
        "askForSlot",
        "AskForSlotAction",
        Bots,
        Op::AskForSlot,
        facts::ASK_FOR_SLOT,
        ask!(
            [req("slot", "selectedSlot", Text)],
            [
                p("confirmationMode", "confirmationMode", Expr),
                p("confirmationQuestion", "confirmationQuestion", Audio),
                p("customValidation", "customValidation", Expr),
                // What the bot says when the customer has given part of the value and paused; a
                // turn here is whole, so these are read (and checked) and never said.
                p("continuationPrompt", "continuationPrompt", Audio),
                p("customizeContinuation", "customizeContinuation", Expr).typed(Ty::BOOLEAN),
                p("continuationReprompts", "continuationReprompts", Expr),
            ]
        ),
        &[
            out("default", "__DEFAULT__"),
            out("maxNoInputs", "__MAX_NO_INPUTS__"),
            out("maxNoMatches", "__MAX_NO_MATCHES__"),
        ],
    ),
    action(
        "askForBoolean",
        "AskForBooleanAction",
        Bots,
        Op::AskForBoolean,
        facts::ASK_FOR_BOOLEAN,
        ASK,
        &[
            out("yes", "__YES__"),
            out("no", "__NO__"),
            out("maxNoInputs", "__MAX_NO_INPUTS__"),
            out("maxNoMatches", "__MAX_NO_MATCHES__"),
        ],
    ),
    action(
        "clearSlot",
        "ClearSlotAction",
        Bots,
        Op::ClearSlot,
        Facts::PLAIN,
        &[p("slots", "slots", List(SLOT))],
        NONE,
    ),
    action(
        "clearActiveIntent",
        "ClearActiveIntentAction",
        Bots,
        Op::ClearActiveIntent,
        Facts::PLAIN,
        &[],
        NONE,
    ),
    action(
        "exitBotFlow",
        "ExitBotFlowAction",
        Bots,
        Op::ExitBotFlow,
        facts::EXIT_BOT_FLOW,
        &[],
        NONE,
    ),
    action(
        "callBotFlow",
        "CallBotFlowAction",
        Bots,
        Op::CallBotFlow,
        facts::CALL_BOT_FLOW,
        CALL_BOT,
        NONE,
    )
    .refused(&[Refused::BotFlowOutsideCallChatMessage]),
    action(
        "callDigitalBotFlow",
        "CallDigitalBotFlowAction",
        Bots,
        Op::CallBotFlow,
        facts::CALL_BOT_FLOW,
        CALL_BOT,
        NONE,
    )
    .refused(&[Refused::DigitalBotFlowOutsideMessage])
    .calls_types(super::facts::DIGITAL_BOT_FLOW),
    action(
        "loopAnythingElse",
        "LoopAnythingElseAction",
        Bots,
        Op::LoopAnythingElse,
        facts::ANYTHING_ELSE,
        ask!([p("currentIndex", "currentIndex", Var)], []),
        &[out("loop", "__LOOP__")],
    ),
    with(
        action(
            "digitalMenu",
            "DigitalMenuAction",
            Bots,
            Op::DigitalMenu,
            facts::DIGITAL_MENU,
            DIGITAL_MENU,
            &[out("maxNoInputs", "__MAX_NO_INPUTS__"), out("maxNoMatches", "__MAX_NO_MATCHES__")],
        ),
        Dynamic::Intents,
    ),
    // Third-party bots, guides, connectors: answered by the fixtures' `services` mocks.
    with(
        action(
            "callBotConnector",
            "",
            Bots,
            Op::Service(Service::MessageBot),
            facts::MESSAGE_BOT_SERVICE,
            BOT_CONNECTOR,
            FAILURE,
        ),
        Dynamic::Intents,
    ),
    action(
        "callAudioConnector",
        "",
        Bots,
        Op::Service(Service::Session),
        facts::SESSION_SERVICE,
        AUDIO_CONNECTOR,
        SUCCESS_FAILURE,
    )
    .refused(&[Refused::AudioConnectorOutsideCall]),
    with(
        action(
            "callDialogEngineBot",
            "",
            Bots,
            Op::Service(Service::Bot),
            facts::BOT_SERVICE,
            DIALOG_ENGINE,
            &[
                out("failure", "__FAILURE__"),
                out("noIntent", "__NO_INTENT__"),
                out("knowledge", "__KNOWLEDGE__"),
            ],
        ),
        Dynamic::Intents,
    ),
    with(
        action(
            "callDialogflowBot",
            "",
            Bots,
            Op::Service(Service::Bot),
            facts::BOT_SERVICE,
            DIALOGFLOW,
            FAILURE,
        ),
        Dynamic::Intents,
    ),
    action(
        "callDialogflowCxBot",
        "",
        Bots,
        Op::Service(Service::Session),
        facts::SESSION_SERVICE,
        DIALOGFLOW_CX,
        SUCCESS_FAILURE,
    ),
    with(
        action(
            "callLexBot",
            "CallLexBotAction",
            Bots,
            Op::Service(Service::Bot),
            facts::BOT_SERVICE,
            LEX,
            FAILURE,
        ),
        Dynamic::Intents,
    ),
    with(
        action(
            "callLexV2Bot",
            "",
            Bots,
            Op::Service(Service::Bot),
            facts::BOT_SERVICE,
            LEX_V2,
            FAILURE,
        ),
        Dynamic::Intents,
    ),
    with(
        action(
            "callNuanceMixBot",
            "",
            Bots,
            Op::Service(Service::Bot),
            facts::BOT_SERVICE,
            NUANCE_MIX,
            FAILURE,
        ),
        Dynamic::Intents,
    ),
    action(
        "callVoiceFlow",
        "",
        Bots,
        Op::NeedsStub(VOICE_FLOW),
        Facts::NEEDS_STUB,
        &[],
        SUCCESS_FAILURE,
    ),
    action(
        "callGuide",
        "",
        Bots,
        Op::Service(Service::Session),
        facts::SESSION_SERVICE,
        GUIDE,
        SUCCESS_FAILURE_TIMEOUT,
    ),
    // Detect Intent: the flow's NLU classifies the inbound message; a path per intent, as Ask
    // for Intent's (`outputs: {intents: [- intent: {name, actions}]}`), and `default`.
    with(
        action(
            "detectIntent",
            "",
            Bots,
            Op::DetectIntent,
            facts::DETECT_INTENT,
            &[p("detectedIntent", "detectedIntent", Var)],
            &[out("default", "__DEFAULT__")],
        ),
        Dynamic::Intents,
    ),
    // Export types named by the Platform API's `ReportingTurnAction.actionType` values (a bot
    // turn's action, by export type: `AskForNLUIntentAction`, `ClearSlotAction`...); Set Intent
    // is its `SetActiveIntentAction`, as Clear Active Intent is `ClearActiveIntentAction`.
    action(
        "setIntent",
        "SetActiveIntentAction",
        Bots,
        Op::SetIntent,
        Facts::PLAIN,
        &[req("intent", "intent", Expr).typed(Ty::STRING)],
        NONE,
    ),
    // Ask for Next Intent: the Platform API names its export type (a bot turn's action type),
    // and real bot flows' `settingsActionDefaults` give it the same defaults as Ask for Intent
    // (`voiceEndOfInputTimeout`); no Genesys page documents it. Read as an Ask for Intent for
    // the intent the customer names next (docs/architect.md §4).
    with(
        action(
            "askForNLUNextIntent",
            "AskForNLUNextIntentAction",
            Bots,
            Op::AskForIntent,
            facts::ASK_FOR_INTENT,
            ASK,
            ASK_FOR_INTENT_OUTPUTS,
        ),
        Dynamic::Intents,
    ),
    action(
        "askForString",
        "AskForStringAction",
        Bots,
        Op::AskForString,
        facts::TURN,
        ASK_FOR_STRING,
        &[out("maxNoInputs", "__MAX_NO_INPUTS__"), out("maxNoMatches", "__MAX_NO_MATCHES__")],
    ),
    action(
        "form",
        "FormAction",
        Bots,
        Op::Form,
        facts::TURN,
        &[p("question", "question", Audio), p("fields", "fields", List(FORM_FIELD))],
        &[out("noInput", "__NO_INPUT__")],
    ),
    action(
        "callAgenticVirtualAgent",
        "CallAgenticVirtualAgentAction",
        Bots,
        Op::NeedsStub(AGENTIC_VIRTUAL_AGENT),
        Facts::NEEDS_STUB,
        &[],
        SUCCESS_FAILURE,
    ),
    action(
        "waitForInput",
        "WaitForInputAction",
        Bots,
        Op::WaitForInput,
        facts::TURN,
        WAIT_FOR_INPUT,
        &[out("maxNoInputs", "__MAX_NO_INPUTS__"), out("maxNoMatches", "__MAX_NO_MATCHES__")],
    ),
    action(
        "askForAuthentication",
        "AskForAuthenticationAction",
        Bots,
        Op::CustomerStep,
        facts::TURN,
        CUSTOMER_STEP,
        &[
            out("success", "__SUCCESS__"),
            out("failure", "__FAILURE__"),
            out("noInput", "__NO_INPUT__"),
            out("noMatch", "__NO_MATCH__"),
        ],
    ),
    action(
        "askForPayment",
        "AskForPaymentAction",
        Bots,
        Op::CustomerStep,
        facts::TURN,
        CUSTOMER_STEP,
        &[
            out("success", "__SUCCESS__"),
            out("failure", "__FAILURE__"),
            out("noInput", "__NO_INPUT__"),
        ],
    ),
    action(
        "sendDigitalCarousel",
        "",
        Bots,
        Op::SendDigitalContent,
        Facts::PLAIN,
        DIGITAL_CONTENT,
        NONE,
    ),
    action(
        "sendDigitalContent",
        "SendDigitalContentAction",
        Bots,
        Op::SendDigitalContent,
        Facts::PLAIN,
        DIGITAL_CONTENT,
        NONE,
    ),
    // Knowledge: answered by the fixtures' `services` mocks under the knowledge base's name.
    action(
        "findKnowledgeBaseDocumentById",
        "",
        Bots,
        Op::Service(Service::Lookup),
        facts::LOOKUP_SERVICE,
        &[
            req("knowledgeBase", "knowledgeBase", Text),
            req("documentId", "documentId", Expr),
            p("findResult", "result", Var),
        ],
        FOUND_NOT_FOUND,
    ),
    action(
        "sendKnowledgeFeedback",
        "",
        Bots,
        Op::Service(Service::Lookup),
        facts::LOOKUP_SERVICE,
        &[
            req("knowledgeBase", "knowledgeBase", Text),
            req("documentId", "documentId", Expr),
            p("feedback", "feedback", Expr),
            p("failureOutputs", "failureOutputs", VarMap),
        ],
        SUCCESS_FAILURE,
    ),
    action(
        "showKnowledgeArticle",
        "",
        Bots,
        Op::Service(Service::Lookup),
        facts::LOOKUP_SERVICE,
        &[req("knowledgeBase", "knowledgeBase", Text), req("documentId", "documentId", Expr)],
        NONE,
    ),
];

/// Every service action of this family: bots, sessions and knowledge lookups, each naming the
/// service its mock answers for first.
const SERVICES: &[&str] = &[
    "callBotConnector",
    "callAudioConnector",
    "callDialogEngineBot",
    "callDialogflowBot",
    "callDialogflowCxBot",
    "callLexBot",
    "callLexV2Bot",
    "callNuanceMixBot",
    "callGuide",
    "findKnowledgeBaseDocumentById",
    "sendKnowledgeFeedback",
    "showKnowledgeArticle",
];
const KNOWLEDGE: &[&str] =
    &["findKnowledgeBaseDocumentById", "sendKnowledgeFeedback", "showKnowledgeArticle"];
/// Asks whose question and reprompts come first, and those after one other property.
const ASKS: &[&str] = &[
    "askForIntent",
    "askForNLUNextIntent",
    "askForBoolean",
    "digitalMenu",
    "waitForInput",
    "askForString",
];
const ASKS_AFTER_ONE: &[&str] = &["askForSlot", "loopAnythingElse"];
const SURVEY: &[&str] = &["askSurveyQuestion"];
const CALL_BOT_FLOW: &[&str] = &["callBotFlow", "callDigitalBotFlow"];

/// The properties the engine reads, found in the entries above when the crate compiles
/// ([`PropId`](super::PropId)). Third-party services share properties at different places:
/// such a property is a list of ids, one per place, read with `Action::first_of`.
pub mod prop {
    use super::super::PropId;
    use super::{ACTIONS, ASKS, ASKS_AFTER_ONE, CALL_BOT_FLOW, KNOWLEDGE, SERVICES, SURVEY};

    /// The most timeslots Ask for Slot's time picker offers from a timeslot slot type's
    /// collection: "Each timeslot collection can have up to 50 DateTime values" ([Use custom
    /// timeslot slot types in a bot flow](https://help.mypurecloud.com/?p=368661)).
    pub const MAX_TIMESLOTS: usize = 50;

    /// What every Ask says first, and again after a no-input or a no-match.
    pub const QUESTION: [PropId; 3] = [
        PropId::of(ACTIONS, ASKS, "question"),
        PropId::of(ACTIONS, ASKS_AFTER_ONE, "question"),
        PropId::of(ACTIONS, SURVEY, "question"),
    ];
    pub const NO_INPUT: [PropId; 3] = [
        PropId::of(ACTIONS, ASKS, "noInput"),
        PropId::of(ACTIONS, ASKS_AFTER_ONE, "noInput"),
        PropId::of(ACTIONS, SURVEY, "noInput"),
    ];
    pub const NO_MATCH: [PropId; 3] = [
        PropId::of(ACTIONS, ASKS, "noMatch"),
        PropId::of(ACTIONS, ASKS_AFTER_ONE, "noMatch"),
        PropId::of(ACTIONS, SURVEY, "noMatch"),
    ];
    /// Whether a bot's Ask says its own list of reprompts, one per no input or no match, in
    /// place of the one reprompt and the flow's retry counts (Customize No Input / No Match).
    pub const CUSTOMIZE_NO_INPUT: [PropId; 2] = [
        PropId::of(ACTIONS, ASKS, "customizeNoInput"),
        PropId::of(ACTIONS, ASKS_AFTER_ONE, "customizeNoInput"),
    ];
    pub const NO_INPUT_REPROMPTS: [PropId; 2] = [
        PropId::of(ACTIONS, ASKS, "noInputReprompts"),
        PropId::of(ACTIONS, ASKS_AFTER_ONE, "noInputReprompts"),
    ];
    pub const CUSTOMIZE_NO_MATCH: [PropId; 2] = [
        PropId::of(ACTIONS, ASKS, "customizeNoMatch"),
        PropId::of(ACTIONS, ASKS_AFTER_ONE, "customizeNoMatch"),
    ];
    pub const NO_MATCH_REPROMPTS: [PropId; 2] = [
        PropId::of(ACTIONS, ASKS, "noMatchReprompts"),
        PropId::of(ACTIONS, ASKS_AFTER_ONE, "noMatchReprompts"),
    ];

    /// The slot an Ask for Slot fills, how it confirms the value, and what checks it.
    pub const SLOT: PropId = PropId::of(ACTIONS, &["askForSlot"], "slot");
    pub const SLOT_CONFIRMATION_MODE: PropId =
        PropId::of(ACTIONS, &["askForSlot"], "confirmationMode");
    pub const SLOT_CONFIRMATION_QUESTION: PropId =
        PropId::of(ACTIONS, &["askForSlot"], "confirmationQuestion");
    pub const SLOT_VALIDATION: PropId = PropId::of(ACTIONS, &["askForSlot"], "customValidation");
    /// The variable an Anything Else? Loop counts its rounds in.
    pub const ANYTHING_ELSE_INDEX: PropId =
        PropId::of(ACTIONS, &["loopAnythingElse"], "currentIndex");
    /// The variable Detect Intent writes the detected intent's name to.
    pub const DETECTED_INTENT: PropId = PropId::of(ACTIONS, &["detectIntent"], "detectedIntent");
    /// Clear Slot's slots, records of [`CLEARED_SLOT`].
    pub const CLEAR_SLOTS: PropId = PropId::of(ACTIONS, &["clearSlot"], "slots");
    pub const CLEARED_SLOT: PropId = PropId::field(ACTIONS, &["clearSlot"], "slots", "slot");

    /// The variable a Digital Menu writes the chosen choice's name to.
    pub const MENU_SELECTION: PropId = PropId::of(ACTIONS, &["digitalMenu"], "selection");
    /// A Digital Menu's quick-reply buttons, records of [`BUTTON_VALUE`] and [`BUTTON_LABEL`].
    pub const MENU_BUTTONS: PropId = PropId::of(ACTIONS, &["digitalMenu"], "chooser");
    pub const BUTTON_VALUE: PropId = PropId::field(ACTIONS, &["digitalMenu"], "chooser", "value");
    pub const BUTTON_LABEL: PropId = PropId::field(ACTIONS, &["digitalMenu"], "chooser", "label");
    /// The variable Ask for String writes the customer's text to, and the most characters it
    /// keeps.
    pub const STRING_RESULT: PropId = PropId::of(ACTIONS, &["askForString"], "inputData");
    pub const STRING_MAX_LENGTH: PropId = PropId::of(ACTIONS, &["askForString"], "maxLength");
    /// The intent Set Intent makes the bot's active intent.
    pub const SET_INTENT: PropId = PropId::of(ACTIONS, &["setIntent"], "intent");
    /// What Send Digital Content (or Carousel) sends, its buttons (records of
    /// [`CONTENT_BUTTON_VALUE`] and [`CONTENT_BUTTON_LABEL`]), and where a press goes.
    const SENDS: &[&str] = &["sendDigitalContent", "sendDigitalCarousel"];
    pub const CONTENT: PropId = PropId::of(ACTIONS, SENDS, "content");
    pub const CONTENT_BUTTONS: PropId = PropId::of(ACTIONS, SENDS, "buttons");
    pub const CONTENT_BUTTON_VALUE: PropId = PropId::field(ACTIONS, SENDS, "buttons", "value");
    pub const CONTENT_BUTTON_LABEL: PropId = PropId::field(ACTIONS, SENDS, "buttons", "label");
    pub const CONTENT_SELECTION: PropId = PropId::of(ACTIONS, SENDS, "selection");
    /// What Ask for Authentication and Ask for Payment say with their request.
    pub const STEP_QUESTION: PropId =
        PropId::of(ACTIONS, &["askForAuthentication", "askForPayment"], "question");
    /// What a Form says, and its fields (records of [`FIELD_NAME`] and [`FIELD_VARIABLE`]).
    pub const FORM_QUESTION: PropId = PropId::of(ACTIONS, &["form"], "question");
    pub const FORM_FIELDS: PropId = PropId::of(ACTIONS, &["form"], "fields");
    pub const FIELD_NAME: PropId = PropId::field(ACTIONS, &["form"], "fields", "name");
    pub const FIELD_VARIABLE: PropId = PropId::field(ACTIONS, &["form"], "fields", "variable");
    /// The survey form's question an Ask Survey Question asks, and the form it names.
    pub const SURVEY_QUESTION: PropId = PropId::of(ACTIONS, SURVEY, "surveyQuestion");
    pub const SURVEY_FORM: PropId = PropId::of(ACTIONS, SURVEY, "surveyForm");
    /// What Ask Survey Question says after its question: the answer options.
    pub const SURVEY_ANSWER: PropId = PropId::of(ACTIONS, SURVEY, "answer");

    /// Call Bot Flow's bot flow, its inputs, its first turn, and where its results go.
    pub const BOT_FLOW: PropId = PropId::of(ACTIONS, CALL_BOT_FLOW, "botFlow");
    pub const BOT_INPUTS: PropId = PropId::of(ACTIONS, CALL_BOT_FLOW, "inputs");
    pub const BOT_INPUT_TEXT: PropId = PropId::of(ACTIONS, CALL_BOT_FLOW, "inputText");
    pub const BOT_OUTPUTS: PropId = PropId::of(ACTIONS, CALL_BOT_FLOW, "outputs");
    pub const BOT_EXIT_REASON: PropId = PropId::of(ACTIONS, CALL_BOT_FLOW, "exitReason");
    pub const BOT_INTENT: PropId = PropId::of(ACTIONS, CALL_BOT_FLOW, "intent");

    /// The service a service action's mock answers for: its bot, integration, guide or
    /// knowledge base.
    pub const SERVICE: PropId =
        PropId::one_of(ACTIONS, SERVICES, &["botName", "integration", "guide", "knowledgeBase"]);
    /// The document a knowledge action looks up, and where the lookup's result goes.
    pub const DOCUMENT_ID: PropId = PropId::of(ACTIONS, KNOWLEDGE, "documentId");
    pub const DOCUMENT_RESULT: PropId =
        PropId::of(ACTIONS, &["findKnowledgeBaseDocumentById"], "findResult");
    /// What Lex plays before the bot hears the customer.
    pub const START_AUDIO: PropId = PropId::of(ACTIONS, &["callLexBot"], "startAudio");
    /// The text a bot or session is sent instead of the customer's turn.
    pub const INPUT_TEXT: [PropId; 3] = [
        PropId::of(ACTIONS, &["callNuanceMixBot", "callDialogEngineBot", "callGuide"], "inputText"),
        PropId::of(
            ACTIONS,
            &["callDialogflowBot", "callDialogflowCxBot", "callBotConnector"],
            "inputText",
        ),
        PropId::of(ACTIONS, &["callLexBot", "callLexV2Bot"], "inputText"),
    ];
    /// The variables a session's (or bot's) named outputs go to.
    pub const SESSION_OUTPUTS: [PropId; 3] = [
        PropId::of(ACTIONS, &["callAudioConnector"], "sessionVariableOutputs"),
        PropId::of(ACTIONS, &["callDialogflowCxBot"], "sessionVariableOutputs"),
        PropId::of(ACTIONS, &["callLexV2Bot"], "sessionVariableOutputs"),
    ];
    /// The variables a guide's outputs go to.
    pub const GUIDE_OUTPUTS: PropId = PropId::of(ACTIONS, &["callGuide"], "successOutputs");
    /// The slots (Dialogflow: parameters) each intent writes, records of [`SLOT_INTENT`],
    /// [`SLOT_NAME`] and [`SLOT_VARIABLE`].
    pub const INTENT_SLOTS: [PropId; 5] = [
        PropId::of(ACTIONS, &["callDialogEngineBot"], "intentSlots"),
        PropId::of(ACTIONS, &["callNuanceMixBot"], "intentSlots"),
        PropId::one_of(
            ACTIONS,
            &["callBotConnector", "callDialogflowBot"],
            &["intentSlots", "intentParameters"],
        ),
        PropId::of(ACTIONS, &["callLexBot"], "intentSlots"),
        PropId::of(ACTIONS, &["callLexV2Bot"], "intentSlots"),
    ];
    const SLOTTED: &[&str] = &[
        "callDialogEngineBot",
        "callNuanceMixBot",
        "callBotConnector",
        "callLexBot",
        "callLexV2Bot",
    ];
    pub const SLOT_INTENT: PropId = PropId::field(ACTIONS, SLOTTED, "intentSlots", "intent");
    pub const SLOT_NAME: PropId = PropId::field(ACTIONS, SLOTTED, "intentSlots", "name");
    pub const SLOT_VARIABLE: PropId = PropId::field(ACTIONS, SLOTTED, "intentSlots", "variable");
    /// Dialogflow's parameters are records of the same fields.
    const _: () = {
        let params = PropId::field(ACTIONS, &["callDialogflowBot"], "intentParameters", "intent");
        assert!(params.index() == SLOT_INTENT.index());
        let params = PropId::field(ACTIONS, &["callDialogflowBot"], "intentParameters", "name");
        assert!(params.index() == SLOT_NAME.index());
        let params = PropId::field(ACTIONS, &["callDialogflowBot"], "intentParameters", "variable");
        assert!(params.index() == SLOT_VARIABLE.index());
    };
    /// The variables a failure writes (`errorType`, `errorMessage`).
    pub const FAILURE_OUTPUTS: [PropId; 6] = [
        PropId::of(ACTIONS, &["sendKnowledgeFeedback"], "failureOutputs"),
        PropId::of(
            ACTIONS,
            &["callDialogEngineBot", "callAudioConnector", "callGuide"],
            "failureOutputs",
        ),
        PropId::of(ACTIONS, &["callNuanceMixBot"], "failureOutputs"),
        PropId::of(
            ACTIONS,
            &["callDialogflowBot", "callDialogflowCxBot", "callBotConnector"],
            "failureOutputs",
        ),
        PropId::of(ACTIONS, &["callLexBot"], "failureOutputs"),
        PropId::of(ACTIONS, &["callLexV2Bot"], "failureOutputs"),
    ];

    /// Every id above that every entry of its entries' operations has, for the catalogue's
    /// test that each is read only on the entries it names.
    #[cfg(test)]
    pub const ALL: &[PropId] = &[
        SLOT,
        SLOT_CONFIRMATION_MODE,
        SLOT_CONFIRMATION_QUESTION,
        SLOT_VALIDATION,
        ANYTHING_ELSE_INDEX,
        DETECTED_INTENT,
        CLEAR_SLOTS,
        CLEARED_SLOT,
        MENU_SELECTION,
        MENU_BUTTONS,
        STRING_RESULT,
        STRING_MAX_LENGTH,
        SET_INTENT,
        CONTENT,
        CONTENT_BUTTONS,
        CONTENT_BUTTON_VALUE,
        CONTENT_BUTTON_LABEL,
        CONTENT_SELECTION,
        STEP_QUESTION,
        FORM_QUESTION,
        FORM_FIELDS,
        FIELD_NAME,
        FIELD_VARIABLE,
        BUTTON_VALUE,
        BUTTON_LABEL,
        SURVEY_QUESTION,
        SURVEY_FORM,
        SURVEY_ANSWER,
        BOT_FLOW,
        BOT_INPUTS,
        BOT_INPUT_TEXT,
        BOT_OUTPUTS,
        BOT_EXIT_REASON,
        BOT_INTENT,
        SERVICE,
    ];

    /// The ids of properties that only some entries of an operation have, or have at different
    /// places, each list one property: the catalogue's test holds every entry of their
    /// operations that has the property to be among the list's entries.
    #[cfg(test)]
    pub const PLACES: &[&[PropId]] = &[
        &QUESTION,
        &NO_INPUT,
        &NO_MATCH,
        &CUSTOMIZE_NO_INPUT,
        &NO_INPUT_REPROMPTS,
        &CUSTOMIZE_NO_MATCH,
        &NO_MATCH_REPROMPTS,
        &[DOCUMENT_ID],
        &[DOCUMENT_RESULT],
        &[START_AUDIO],
        &INPUT_TEXT,
        &SESSION_OUTPUTS,
        &[GUIDE_OUTPUTS],
        &INTENT_SLOTS,
        &FAILURE_OUTPUTS,
    ];
}

/// The fixed outputs the engine takes, found in the entries above when the crate compiles
/// ([`OutputId`](super::OutputId)).
pub mod out {
    use super::super::OutputId;
    use super::ACTIONS;

    pub const DEFAULT: OutputId = OutputId::of(ACTIONS, &["askForSlot", "detectIntent"], "default");
    pub const YES: OutputId = OutputId::of(ACTIONS, &["askForBoolean"], "yes");
    pub const NO: OutputId = OutputId::of(ACTIONS, &["askForBoolean"], "no");
    /// An Anything Else? Loop's body.
    pub const LOOP: OutputId = OutputId::of(ACTIONS, &["loopAnythingElse"], "loop");
    /// A bot's failure (its first output), and a session's or knowledge action's (after
    /// `success`).
    pub const BOT_FAILURE: OutputId = OutputId::of(
        ACTIONS,
        &[
            "callBotConnector",
            "callDialogEngineBot",
            "callDialogflowBot",
            "callLexBot",
            "callLexV2Bot",
            "callNuanceMixBot",
        ],
        "failure",
    );
    pub const SERVICE_FAILURE: OutputId = OutputId::of(
        ACTIONS,
        &["callAudioConnector", "callDialogflowCxBot", "callGuide", "sendKnowledgeFeedback"],
        "failure",
    );
    pub const GUIDE_TIMEOUT: OutputId = OutputId::of(ACTIONS, &["callGuide"], "timeout");
    /// Ask for Authentication's and Ask for Payment's outcomes, as the customer's turn gives
    /// them, and Form's path when nothing is submitted.
    const STEPS: &[&str] = &["askForAuthentication", "askForPayment"];
    pub const STEP_SUCCESS: OutputId = OutputId::of(ACTIONS, STEPS, "success");
    pub const STEP_FAILURE: OutputId = OutputId::of(ACTIONS, STEPS, "failure");
    pub const STEP_NO_INPUT: OutputId = OutputId::of(ACTIONS, STEPS, "noInput");
    pub const FORM_NO_INPUT: OutputId = OutputId::of(ACTIONS, &["form"], "noInput");
    /// Ask for Intent's path for a turn a knowledge article answers.
    pub const KNOWLEDGE: OutputId =
        OutputId::of(ACTIONS, &["askForIntent", "askForNLUNextIntent"], "knowledge");

    /// Every id above, for the catalogue's test that each names every entry of its entries'
    /// operations that has the output.
    #[cfg(test)]
    pub const ALL: &[OutputId] = &[
        DEFAULT,
        YES,
        NO,
        LOOP,
        BOT_FAILURE,
        SERVICE_FAILURE,
        GUIDE_TIMEOUT,
        STEP_SUCCESS,
        STEP_FAILURE,
        STEP_NO_INPUT,
        FORM_NO_INPUT,
        KNOWLEDGE,
    ];
}
