//! Bot flows: asking for intents, slots and yes/no answers, classified by the
//! flow's own NLU domain; slots cleared; a bot flow called from a call, chat or message flow
//! and its exit. Third-party bots, guides and knowledge need services flowsim does not have:
//! they are `unsupported`, each with its reason.

use super::PropKind::{Audio, Expr, ExprMap, List, Text, Var, VarMap};
use super::{action, out, p, req, with, ActionSpec, Dynamic, Family::Bots, Op, PropSpec, NONE};
use super::{FAILURE, FOUND_NOT_FOUND, SUCCESS_FAILURE, SUCCESS_FAILURE_TIMEOUT};

const WHY: &str = "it calls a bot, guide or knowledge service outside Genesys's own bot flows, \
    which flowsim does not simulate";

/// The reprompts every Ask action has.
const ASK: &[super::PropSpec] = &[
    p("question", "question", Audio),
    p("noInput", "noInputs", Audio),
    p("noMatch", "noMatches", Audio),
    p("voiceEndOfInputTimeout", "voiceEndOfInputTimeout", Expr),
];

/// Call Bot Flow's and Call Digital Bot Flow's properties.
const CALL_BOT: &[PropSpec] = &[
    req("botFlow", "flowName", Text),
    p("version", "flowVersion", Text),
    p("inputText", "inputText", Expr),
    p("inputs", "inputs", ExprMap),
    p("outputs", "outputs", VarMap),
    p("exitReason", "exitReason", Var),
    p("intent", "intent", Var),
];

/// `clearSlot`'s `slots: [- slot: {name}]`.
const SLOT: &[PropSpec] = &[req("slot", "name", Text)];

pub(super) const ACTIONS: &[ActionSpec] = &[
    with(
        action(
            "askForIntent",
            "AskForNLUIntentAction",
            Bots,
            Op::AskForIntent,
            ASK,
            &[
                out("noIntent", "__NO_INTENT__"),
                out("maxNoInputs", "__MAX_NO_INPUTS__"),
                out("knowledge", "__KNOWLEDGE__"),
            ],
        ),
        Dynamic::Intents,
    ),
    action(
        "askForSlot",
        "AskForSlotAction",
        Bots,
        Op::AskForSlot,
        &[
            req("slot", "selectedSlot", Text),
            p("question", "question", Audio),
            p("noInput", "noInputs", Audio),
            p("noMatch", "noMatches", Audio),
            p("voiceEndOfInputTimeout", "voiceEndOfInputTimeout", Expr),
            p("confirmationMode", "confirmationMode", Expr),
            p("confirmationQuestion", "confirmationQuestion", Audio),
            p("customValidation", "customValidation", Expr),
        ],
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
        &[p("slots", "slots", List(SLOT))],
        NONE,
    ),
    action("clearActiveIntent", "ClearActiveIntentAction", Bots, Op::ClearActiveIntent, &[], NONE),
    action("exitBotFlow", "ExitBotFlowAction", Bots, Op::ExitBotFlow, &[], NONE),
    action("callBotFlow", "CallBotFlowAction", Bots, Op::CallBotFlow, CALL_BOT, NONE),
    action("callDigitalBotFlow", "CallDigitalBotFlowAction", Bots, Op::CallBotFlow, CALL_BOT, NONE),
    action(
        "loopAnythingElse",
        "LoopAnythingElseAction",
        Bots,
        Op::LoopAnythingElse,
        &[
            p("currentIndex", "currentIndex", Var),
            p("question", "question", Audio),
            p("noInput", "noInputs", Audio),
            p("noMatch", "noMatches", Audio),
            p("voiceEndOfInputTimeout", "voiceEndOfInputTimeout", Expr),
        ],
        &[out("loop", "__LOOP__")],
    ),
    with(
        action(
            "digitalMenu",
            "DigitalMenuAction",
            Bots,
            Op::DigitalMenu,
            ASK,
            &[out("maxNoInputs", "__MAX_NO_INPUTS__"), out("maxNoMatches", "__MAX_NO_MATCHES__")],
        ),
        Dynamic::Intents,
    ),
    // Third-party bots, NLU, guides, connectors.
    action("callBotConnector", "", Bots, Op::Unsupported(WHY), &[], FAILURE),
    action("callAudioConnector", "", Bots, Op::Unsupported(WHY), &[], SUCCESS_FAILURE),
    action(
        "callDialogEngineBot",
        "",
        Bots,
        Op::Unsupported(WHY),
        &[],
        &[
            out("failure", "__FAILURE__"),
            out("noIntent", "__NO_INTENT__"),
            out("knowledge", "__KNOWLEDGE__"),
        ],
    ),
    action("callDialogflowBot", "", Bots, Op::Unsupported(WHY), &[], FAILURE),
    action("callDialogflowCxBot", "", Bots, Op::Unsupported(WHY), &[], SUCCESS_FAILURE),
    action("callLexBot", "", Bots, Op::Unsupported(WHY), &[], FAILURE),
    action("callLexV2Bot", "", Bots, Op::Unsupported(WHY), &[], FAILURE),
    action("callNuanceMixBot", "", Bots, Op::Unsupported(WHY), &[], FAILURE),
    action("callVoiceFlow", "", Bots, Op::Unsupported(WHY), &[], NONE),
    action("callGuide", "", Bots, Op::Unsupported(WHY), &[], SUCCESS_FAILURE_TIMEOUT),
    action("detectIntent", "", Bots, Op::Unsupported(WHY), &[], &[out("default", "__DEFAULT__")]),
    action("setIntent", "", Bots, Op::Unsupported(WHY), &[], NONE),
    action("waitForInput", "", Bots, Op::Unsupported(WHY), &[], NONE),
    action(
        "askForAuthentication",
        "",
        Bots,
        Op::Unsupported(WHY),
        &[],
        &[
            out("success", "__SUCCESS__"),
            out("failure", "__FAILURE__"),
            out("noInput", "__NO_INPUT__"),
            out("noMatch", "__NO_MATCH__"),
        ],
    ),
    action("askForPayment", "", Bots, Op::Unsupported(WHY), &[], NONE),
    action("sendDigitalCarousel", "", Bots, Op::Unsupported(WHY), &[], NONE),
    action("sendDigitalContent", "", Bots, Op::Unsupported(WHY), &[], NONE),
    // Knowledge.
    action("findKnowledgeBaseDocumentById", "", Bots, Op::Unsupported(WHY), &[], FOUND_NOT_FOUND),
    action("sendKnowledgeFeedback", "", Bots, Op::Unsupported(WHY), &[], SUCCESS_FAILURE),
    action("showKnowledgeArticle", "", Bots, Op::Unsupported(WHY), &[], NONE),
];
