//! Bot flows: they load, and run as `unsupported` until bot support lands (issue 11).

use super::{action, out, ActionSpec, Family::Bots, Op, NONE};

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
];
