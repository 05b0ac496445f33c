//! Bot flows: they load, and run as `unsupported` until bot support lands (issue 11).

use super::{action, out, ActionSpec, Family::Bots, Op, NONE};
use super::{FAILURE, FOUND_NOT_FOUND, SUCCESS_FAILURE, SUCCESS_FAILURE_TIMEOUT};

const WHY: &str = "bot flows (NLU, slots, intents) are not run yet: issue 11";

pub(super) const ACTIONS: &[ActionSpec] = &[
    action(
        "askForIntent",
        "AskForNLUIntentAction",
        Bots,
        Op::Unsupported(WHY),
        &[],
        &[
            out("noIntent", "__NO_INTENT__"),
            out("maxNoInputs", "__MAX_NO_INPUTS__"),
            out("knowledge", "__KNOWLEDGE__"),
        ],
    ),
    action(
        "askForSlot",
        "AskForSlotAction",
        Bots,
        Op::Unsupported(WHY),
        &[],
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
        Op::Unsupported(WHY),
        &[],
        &[
            out("yes", "__YES__"),
            out("no", "__NO__"),
            out("maxNoInputs", "__MAX_NO_INPUTS__"),
            out("maxNoMatches", "__MAX_NO_MATCHES__"),
        ],
    ),
    action("clearSlot", "ClearSlotAction", Bots, Op::Unsupported(WHY), &[], NONE),
    action("clearActiveIntent", "ClearActiveIntentAction", Bots, Op::Unsupported(WHY), &[], NONE),
    action("exitBotFlow", "ExitBotFlowAction", Bots, Op::Unsupported(WHY), &[], NONE),
    action("callBotFlow", "CallBotFlowAction", Bots, Op::Unsupported(WHY), &[], NONE),
    action("callDigitalBotFlow", "CallDigitalBotFlowAction", Bots, Op::Unsupported(WHY), &[], NONE),
    action("loopAnythingElse", "LoopAnythingElseAction", Bots, Op::Unsupported(WHY), &[], NONE),
    action("digitalMenu", "DigitalMenuAction", Bots, Op::Unsupported(WHY), &[], NONE),
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
