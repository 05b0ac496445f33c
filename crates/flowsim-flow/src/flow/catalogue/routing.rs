//! Transfers, callbacks, disconnect: the actions that end a conversation's flow.

use super::Facts;
use super::PropKind::{Audio, Expr, ExprMap, Target, Text, VarMap};
use super::SUCCESS_FAILURE;
use super::{action, p, req, ActionSpec, Family::Routing, Op, Org, PropSpec, Unset, FAILURE, NONE};
use crate::expr::Ty;

const TRANSFER_AUDIO: [PropSpec; 3] = [
    p("preTransferAudio", "preTransferAudio", Audio),
    p("failureTransferAudio", "failureTransferAudio", Audio),
    p("failureOutputs", "errorBindings", VarMap),
];

/// Transfer to ACD, as an action and as a menu choice.
const ACD: &[PropSpec] = &[
    req("targetQueue", "queues", Target).names(Org::Queue).typed(Ty::QUEUE),
    TRANSFER_AUDIO[0],
    TRANSFER_AUDIO[1],
    TRANSFER_AUDIO[2],
    p("priority", "priority", Expr).typed(Ty::INTEGER).unset(Unset::Int(0)),
    p("preferredAgents", "preferredAgents", Expr),
    p("languageSkill", "languageSkill", Expr).typed(Ty::LANGUAGE_SKILL),
    p("skills", "skills", Expr),
    p("acdSkills", "acdSkills", Expr),
    p("directAgent", "directAgent", Expr),
    // No value when not given: the Scripting SDK gives an action it adds `false` in call
    // flows and `true` in an inbound email flow.
    p("appendSkills", "appendSkills", Expr).typed(Ty::BOOLEAN),
    p("preTransferCommunication", "preTransferCommunication", Audio),
    p("failureTransferCommunication", "failureTransferCommunication", Audio),
    // The in-queue flow that holds the caller instead of the queue's own (the Scripting SDK's
    // `inQueueHandlingFlowInfo`).
    p("overrideInQueueFlow", "inQueueFlowName", Target)
        .names(Org::Flow)
        .sdk("inQueueHandlingFlowInfo"),
];

/// The menu-choice forms of the other transfers (the actions add `connectTimeout`).
const USER: &[PropSpec] = &[
    req("targetUser", "user", Target).names(Org::User).typed(Ty::USER),
    TRANSFER_AUDIO[0],
    TRANSFER_AUDIO[1],
    TRANSFER_AUDIO[2],
];
const GROUP: &[PropSpec] = &[
    req("targetGroup", "group", Target).names(Org::Group).typed(Ty::GROUP),
    TRANSFER_AUDIO[0],
    TRANSFER_AUDIO[1],
    TRANSFER_AUDIO[2],
];
const NUMBER: &[PropSpec] = &[
    req("targetNumber", "number", Expr).typed(Ty::STRING),
    TRANSFER_AUDIO[0],
    TRANSFER_AUDIO[1],
    TRANSFER_AUDIO[2],
];
const FLOW: &[PropSpec] = &[
    req("targetFlow", "flowName", Target).names(Org::Flow),
    TRANSFER_AUDIO[0],
    TRANSFER_AUDIO[1],
    TRANSFER_AUDIO[2],
];
/// Transfer to Voicemail, as the Scripting SDK's `ArchActionTransferToVoicemail` has it: the
/// kind of mailbox (`transferTargetType`: `user` or `queue`; today's Architect adds groups),
/// its target, and for a queue's mailbox the greeting played after the pre-transfer audio and
/// the callback the voicemail suggests (number, name, the agent's script inputs). The export
/// writes the user as `transferTarget`, the queue as `transferTargetQueue`, the callback
/// number as the list `callbackNumbers` and the script inputs as `inputs`.
const VOICEMAIL: &[PropSpec] = &[
    p("targetUser", "transferTarget", Target).names(Org::User).typed(Ty::USER),
    p("targetGroup", "group", Target).names(Org::Group).typed(Ty::GROUP),
    p("targetQueue", "transferTargetQueue", Target).names(Org::Queue).typed(Ty::QUEUE),
    TRANSFER_AUDIO[0],
    TRANSFER_AUDIO[1],
    TRANSFER_AUDIO[2],
    p("transferTargetType", "transferTargetType", Text),
    p("voicemailGreeting", "voicemailGreeting", Audio),
    p("callbackNumber", "callbackNumbers", Expr).typed(Ty::PHONE_NUMBER),
    p("calleeName", "calleeName", Expr).typed(Ty::STRING),
    p("scriptInputs", "inputs", ExprMap),
];

/// Disconnect and Terminate Workitem: the variables their failure writes (`errorType`,
/// `errorMessage`), `errorBindings` in an export.
const WORKITEM_END: &[PropSpec] = &[p("failureOutputs", "errorBindings", VarMap)];

/// What the commands know of this family's operations ([`Facts`]), one value for each group
/// of operations that share them: every entry states its operation's by one of these names,
/// so the entries of one operation cannot drift apart (a catalogue test holds them equal).
mod facts {
    use super::super::facts::{callee, INBOUND_CALL, SECURE_CALL};
    use super::super::{CalleeKind, Facts, Leaves, Mutate, Refused as R};

    /// A transfer: made, it leaves the flow with the interaction; `mutate` may retarget it.
    pub const TRANSFER: Facts = Facts {
        leaves: Leaves::Transfers,
        mutate: Mutate { retargets: true, ..Facts::PLAIN.mutate },
        ..Facts::PLAIN
    };
    /// Transfer to User: its transfer audio is not in workitem flows.
    pub const TRANSFER_TO_USER: Facts =
        Facts { not_in_workitem: &["preTransferAudio", "failureTransferAudio"], ..TRANSFER };
    /// Transfer to Voicemail: call flows only.
    pub const TRANSFER_TO_VOICEMAIL: Facts =
        Facts { refused: &[R::VoicemailOutsideCall], ..TRANSFER };
    /// Transfer to Flow: call flows only; its target is an inbound call flow.
    pub const TRANSFER_TO_FLOW: Facts = Facts {
        refused: &[R::TransferToFlowOutsideCall],
        callee: Some(callee(&["targetFlow"], CalleeKind::Transfer, INBOUND_CALL)),
        ..TRANSFER
    };
    /// Transfer to Secure Flow: call flows only; its target is a secure call flow, which
    /// `mutate` does not retarget.
    pub const TRANSFER_TO_SECURE_FLOW: Facts = Facts {
        leaves: Leaves::Transfers,
        refused: &[R::SecureFlowOutsideCall],
        callee: Some(callee(&["targetFlow"], CalleeKind::SecureTransfer, SECURE_CALL)),
        ..Facts::PLAIN
    };
    /// Disconnect: the run ends there.
    pub const DISCONNECT: Facts = Facts { leaves: Leaves::Ends, ..Facts::PLAIN };
    /// Return to Agent: secure call flows only; the interaction goes back to the agent.
    pub const RETURN_TO_AGENT: Facts = Facts {
        leaves: Leaves::Transfers,
        refused: &[R::ReturnToAgentOutsideSecure],
        ..Facts::PLAIN
    };
}

pub(super) const ACTIONS: &[ActionSpec] = &[
    action(
        "transferToAcd",
        "TransferPureMatchAction",
        Routing,
        Op::TransferToAcd,
        facts::TRANSFER,
        ACD,
        FAILURE,
    ),
    action(
        "transferToUser",
        "TransferUserAction",
        Routing,
        Op::TransferToUser,
        facts::TRANSFER_TO_USER,
        &[
            req("targetUser", "user", Target).names(Org::User).typed(Ty::USER),
            TRANSFER_AUDIO[0],
            TRANSFER_AUDIO[1],
            TRANSFER_AUDIO[2],
            p("connectTimeout", "connTimeout", Expr).typed(Ty::DURATION),
        ],
        FAILURE,
    ),
    action(
        "transferToGroup",
        "TransferGroupAction",
        Routing,
        Op::TransferToGroup,
        facts::TRANSFER,
        &[
            req("targetGroup", "group", Target).names(Org::Group).typed(Ty::GROUP),
            TRANSFER_AUDIO[0],
            TRANSFER_AUDIO[1],
            TRANSFER_AUDIO[2],
            p("connectTimeout", "connTimeout", Expr).typed(Ty::DURATION),
        ],
        FAILURE,
    ),
    action(
        "transferToNumber",
        "TransferNumberAction",
        Routing,
        Op::TransferToNumber,
        facts::TRANSFER,
        &[
            req("targetNumber", "number", Expr).typed(Ty::STRING),
            TRANSFER_AUDIO[0],
            TRANSFER_AUDIO[1],
            TRANSFER_AUDIO[2],
            p("connectTimeout", "connTimeout", Expr).typed(Ty::DURATION),
            p("releaseLinkTransfer", "releaseLinkTransfer", Expr).typed(Ty::BOOLEAN),
        ],
        FAILURE,
    ),
    action(
        "transferToVoicemail",
        "TransferVoicemailAction",
        Routing,
        Op::TransferToVoicemail,
        facts::TRANSFER_TO_VOICEMAIL,
        VOICEMAIL,
        FAILURE,
    ),
    action(
        "transferToFlow",
        "TransferFlowAction",
        Routing,
        Op::TransferToFlow,
        facts::TRANSFER_TO_FLOW,
        FLOW,
        FAILURE,
    ),
    action(
        "transferToFlowSecure",
        "TransferSecureFlowAction",
        Routing,
        Op::TransferToFlowSecure,
        facts::TRANSFER_TO_SECURE_FLOW,
        &[
            req("targetFlow", "flowName", Target).names(Org::Flow),
            p("data", "data", Expr).sdk("invocationData").typed(Ty::STRING),
            TRANSFER_AUDIO[0],
            TRANSFER_AUDIO[1],
            TRANSFER_AUDIO[2],
            p("connectTimeout", "connTimeout", Expr).typed(Ty::DURATION),
        ],
        FAILURE,
    ),
    action(
        "createCallback",
        "CreateCallbackAction",
        Routing,
        Op::CreateCallback,
        Facts::PLAIN,
        &[
            p("callbackNumber", "callbackNumber", Expr).typed(Ty::PHONE_NUMBER),
            p("callbackName", "callbackName", Expr).sdk("calleeName").typed(Ty::STRING),
            p("targetQueue", "queue", Target).names(Org::Queue).sdk("queue").typed(Ty::QUEUE),
            p("scriptId", "scriptId", Text),
            p("callbackDelay", "callbackDelay", Expr),
            p("callbackCallbackType", "callbackType", Text),
            p("callbackScript", "script", Text),
            p("scriptInputs", "scriptInputs", ExprMap),
        ],
        NONE,
    ),
    action("disconnect", "DisconnectAction", Routing, Op::Disconnect, facts::DISCONNECT, &[], NONE),
    action("returnToAgent", "", Routing, Op::ReturnToAgent, facts::RETURN_TO_AGENT, &[], NONE),
    action(
        "deflect",
        "",
        Routing,
        Op::NeedsStub("deflection sends the customer to another channel (an SMS), outside the conversation flowsim runs"),
        Facts::NEEDS_STUB,
        &[],
        SUCCESS_FAILURE,
    ),
    action("disconnectWorkitem", "DisconnectWorkitemAction", Routing, Op::DisconnectWorkitem, Facts::PLAIN, WORKITEM_END, SUCCESS_FAILURE),
    action("terminateWorkitem", "", Routing, Op::TerminateWorkitem, Facts::PLAIN, WORKITEM_END, SUCCESS_FAILURE),
    // Menu choices that act like the actions above.
    action("menuDisconnect", "MenuDisconnect", Routing, Op::Disconnect, facts::DISCONNECT, &[], NONE),
    action(
        "menuTransferToAcd",
        "MenuTransferPureMatch",
        Routing,
        Op::TransferToAcd,
        facts::TRANSFER,
        ACD,
        FAILURE,
    ),
    action(
        "menuTransferToUser",
        "MenuTransferUser",
        Routing,
        Op::TransferToUser,
        facts::TRANSFER_TO_USER,
        USER,
        FAILURE,
    ),
    action(
        "menuTransferToGroup",
        "MenuTransferGroup",
        Routing,
        Op::TransferToGroup,
        facts::TRANSFER,
        GROUP,
        FAILURE,
    ),
    action(
        "menuTransferToNumber",
        "MenuTransferNumber",
        Routing,
        Op::TransferToNumber,
        facts::TRANSFER,
        NUMBER,
        FAILURE,
    ),
    action(
        "menuTransferToVoicemail",
        "MenuTransferVoicemail",
        Routing,
        Op::TransferToVoicemail,
        facts::TRANSFER_TO_VOICEMAIL,
        VOICEMAIL,
        FAILURE,
    ),
    action(
        "menuTransferToFlow",
        "MenuTransferFlow",
        Routing,
        Op::TransferToFlow,
        facts::TRANSFER_TO_FLOW,
        FLOW,
        FAILURE,
    ),
    action(
        "menuTransferToFlowSecure",
        "",
        Routing,
        Op::TransferToFlowSecure,
        facts::TRANSFER_TO_SECURE_FLOW,
        &[
            req("targetFlow", "flowName", Target).names(Org::Flow),
            p("data", "data", Expr),
            TRANSFER_AUDIO[0],
            TRANSFER_AUDIO[1],
            TRANSFER_AUDIO[2],
        ],
        FAILURE,
    ),
    action("menuReturnToAgent", "", Routing, Op::ReturnToAgent, facts::RETURN_TO_AGENT, &[], NONE),
];

/// The properties the engine reads, found in the entries above when the crate compiles
/// ([`PropId`]).
pub mod prop {
    use super::super::{ActionSpec, PropId, Words};
    use super::ACTIONS;

    /// What every transfer has: its target, the audio before it and on failure, and the
    /// variables its failure writes (`errorType`, `errorMessage`).
    #[derive(Debug, Clone, Copy)]
    pub struct Transfer {
        pub target: PropId,
        pub pre_audio: PropId,
        pub failure_audio: PropId,
        pub failure_outputs: PropId,
    }

    impl Transfer {
        const fn of(
            actions: &[ActionSpec],
            keys: &'static [&'static str],
            target: &'static str,
        ) -> Transfer {
            Transfer {
                target: PropId::of(actions, keys, target),
                pre_audio: PropId::of(actions, keys, "preTransferAudio"),
                failure_audio: PropId::of(actions, keys, "failureTransferAudio"),
                failure_outputs: PropId::of(actions, keys, "failureOutputs"),
            }
        }
    }

    const ACD_KEYS: &[&str] = &["transferToAcd", "menuTransferToAcd"];
    pub const ACD: Transfer = Transfer::of(ACTIONS, ACD_KEYS, "targetQueue");
    /// Transfer to ACD's communications (digital channels), besides its audio.
    pub const ACD_PRE_COMMUNICATION: PropId =
        PropId::of(ACTIONS, ACD_KEYS, "preTransferCommunication");
    pub const ACD_FAILURE_COMMUNICATION: PropId =
        PropId::of(ACTIONS, ACD_KEYS, "failureTransferCommunication");
    /// The language skill Transfer to ACD requires of the agent.
    pub const ACD_LANGUAGE_SKILL: PropId = PropId::of(ACTIONS, ACD_KEYS, "languageSkill");
    /// The priority Transfer to ACD gives the interaction in queue (read by `check` only).
    pub const ACD_PRIORITY: PropId = PropId::of(ACTIONS, ACD_KEYS, "priority");
    /// Architect's priority scale, Transfer to ACD's literal priority and Set Priority's alike:
    /// "In literal mode, the priority scale is -25,000,000 to 25,000,000" ([Set up a Transfer to
    /// ACD action](https://help.mypurecloud.com/articles/set-up-a-transfer-to-acd-action/)).
    pub const ACD_PRIORITY_RANGE: (i64, i64) = (-25_000_000, 25_000_000);

    /// The priority scale as Architect's page writes it: `-25,000,000 to 25,000,000`.
    #[must_use]
    pub fn acd_priority_scale() -> String {
        let (min, max) = ACD_PRIORITY_RANGE;
        format!("{} to {}", grouped(min), grouped(max))
    }

    /// `n` with its digits in groups of three: `-25,000,000`.
    fn grouped(n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let mut out = String::from(if n < 0 { "-" } else { "" });
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(d);
        }
        out
    }
    pub const USER: Transfer =
        Transfer::of(ACTIONS, &["transferToUser", "menuTransferToUser"], "targetUser");
    pub const GROUP: Transfer =
        Transfer::of(ACTIONS, &["transferToGroup", "menuTransferToGroup"], "targetGroup");
    pub const NUMBER: Transfer =
        Transfer::of(ACTIONS, &["transferToNumber", "menuTransferToNumber"], "targetNumber");
    const VOICEMAIL_KEYS: &[&str] = &["transferToVoicemail", "menuTransferToVoicemail"];
    /// Voicemail's target is a user's, else a group's or a queue's.
    pub const VOICEMAIL: Transfer = Transfer::of(ACTIONS, VOICEMAIL_KEYS, "targetUser");
    pub const VOICEMAIL_GROUP: PropId = PropId::of(ACTIONS, VOICEMAIL_KEYS, "targetGroup");
    pub const VOICEMAIL_QUEUE: PropId = PropId::of(ACTIONS, VOICEMAIL_KEYS, "targetQueue");
    /// Which of the targets the voicemail is: one of [`VOICEMAIL_KINDS`].
    pub const VOICEMAIL_TARGET_TYPE: PropId =
        PropId::of(ACTIONS, VOICEMAIL_KEYS, "transferTargetType");
    /// The mailboxes Transfer to Voicemail transfers to.
    pub const VOICEMAIL_KINDS: Words<VoicemailKind> = Words(&[
        ("user", VoicemailKind::User),
        ("group", VoicemailKind::Group),
        ("queue", VoicemailKind::Queue),
    ]);

    /// Whose voicemail Transfer to Voicemail transfers to: one of [`VOICEMAIL_KINDS`].
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum VoicemailKind {
        User,
        Group,
        Queue,
    }
    /// What a queue's voicemail plays after the pre-transfer audio.
    pub const VOICEMAIL_GREETING: PropId = PropId::of(ACTIONS, VOICEMAIL_KEYS, "voicemailGreeting");
    /// The callback a queue's voicemail suggests, as the result's `settings.voicemailCallback`
    /// records it.
    pub const VOICEMAIL_CALLBACK: [PropId; 2] = [
        PropId::of(ACTIONS, VOICEMAIL_KEYS, "callbackNumber"),
        PropId::of(ACTIONS, VOICEMAIL_KEYS, "calleeName"),
    ];
    pub const VOICEMAIL_SCRIPT_INPUTS: PropId = PropId::of(ACTIONS, VOICEMAIL_KEYS, "scriptInputs");
    pub const FLOW: Transfer =
        Transfer::of(ACTIONS, &["transferToFlow", "menuTransferToFlow"], "targetFlow");
    const SECURE_KEYS: &[&str] = &["transferToFlowSecure", "menuTransferToFlowSecure"];
    pub const SECURE_FLOW: Transfer = Transfer::of(ACTIONS, SECURE_KEYS, "targetFlow");
    /// What Transfer to Secure Flow hands the secure flow (`Flow.InvocationData`).
    pub const SECURE_FLOW_DATA: PropId = PropId::of(ACTIONS, SECURE_KEYS, "data");

    /// Create Callback's fields, as the callback records them.
    pub const CALLBACK_FIELDS: [PropId; 3] = [
        PropId::of(ACTIONS, &["createCallback"], "callbackNumber"),
        PropId::of(ACTIONS, &["createCallback"], "callbackName"),
        PropId::of(ACTIONS, &["createCallback"], "targetQueue"),
    ];

    /// The script the agent's callback shows, and its inputs (recorded when the flow names one).
    pub const CALLBACK_SCRIPT: PropId = PropId::of(ACTIONS, &["createCallback"], "callbackScript");
    pub const CALLBACK_SCRIPT_INPUTS: PropId =
        PropId::of(ACTIONS, &["createCallback"], "scriptInputs");

    /// What Disconnect and Terminate Workitem's failure writes.
    pub const WORKITEM_FAILURE: PropId =
        PropId::of(ACTIONS, &["disconnectWorkitem", "terminateWorkitem"], "failureOutputs");

    /// Every id above, for the catalogue's test that each is read only on the entries it names.
    #[cfg(test)]
    pub const ALL: &[PropId] = &[
        WORKITEM_FAILURE,
        ACD.target,
        ACD.pre_audio,
        ACD.failure_audio,
        ACD.failure_outputs,
        ACD_PRE_COMMUNICATION,
        ACD_FAILURE_COMMUNICATION,
        ACD_LANGUAGE_SKILL,
        USER.target,
        USER.pre_audio,
        USER.failure_audio,
        USER.failure_outputs,
        GROUP.target,
        GROUP.pre_audio,
        GROUP.failure_audio,
        GROUP.failure_outputs,
        NUMBER.target,
        NUMBER.pre_audio,
        NUMBER.failure_audio,
        NUMBER.failure_outputs,
        VOICEMAIL.target,
        VOICEMAIL.pre_audio,
        VOICEMAIL.failure_audio,
        VOICEMAIL.failure_outputs,
        VOICEMAIL_GROUP,
        VOICEMAIL_QUEUE,
        VOICEMAIL_TARGET_TYPE,
        VOICEMAIL_GREETING,
        VOICEMAIL_CALLBACK[0],
        VOICEMAIL_CALLBACK[1],
        VOICEMAIL_SCRIPT_INPUTS,
        FLOW.target,
        FLOW.pre_audio,
        FLOW.failure_audio,
        FLOW.failure_outputs,
        SECURE_FLOW.target,
        SECURE_FLOW.pre_audio,
        SECURE_FLOW.failure_audio,
        SECURE_FLOW.failure_outputs,
        SECURE_FLOW_DATA,
        CALLBACK_FIELDS[0],
        CALLBACK_FIELDS[1],
        CALLBACK_FIELDS[2],
        CALLBACK_SCRIPT,
        CALLBACK_SCRIPT_INPUTS,
    ];
}

/// The fixed outputs the engine takes, found in the entries above when the crate compiles
/// ([`OutputId`](super::OutputId)).
pub mod out {
    use super::super::OutputId;
    use super::ACTIONS;

    /// A transfer that could not be made.
    pub const TRANSFER_FAILURE: OutputId = OutputId::of(
        ACTIONS,
        &[
            "transferToAcd",
            "transferToUser",
            "transferToGroup",
            "transferToNumber",
            "transferToVoicemail",
            "transferToFlow",
            "transferToFlowSecure",
            "menuTransferToAcd",
            "menuTransferToUser",
            "menuTransferToGroup",
            "menuTransferToNumber",
            "menuTransferToVoicemail",
            "menuTransferToFlow",
            "menuTransferToFlowSecure",
        ],
        "failure",
    );
    /// Disconnect and Terminate Workitem.
    const WORKITEM: &[&str] = &["disconnectWorkitem", "terminateWorkitem"];
    pub const WORKITEM_SUCCESS: OutputId = OutputId::of(ACTIONS, WORKITEM, "success");
    pub const WORKITEM_FAILURE: OutputId = OutputId::of(ACTIONS, WORKITEM, "failure");

    /// Every id above, for the catalogue's test that each names every entry of its entries'
    /// operations that has the output.
    #[cfg(test)]
    pub const ALL: &[OutputId] = &[TRANSFER_FAILURE, WORKITEM_SUCCESS, WORKITEM_FAILURE];
}
