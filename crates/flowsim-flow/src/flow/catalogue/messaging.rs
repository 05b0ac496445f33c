//! Digital messaging: responses, auto-replies, communicate.

use super::Facts;
use super::PropKind::{Audio, Expr, ExprMap, Text, Var, VarMap};
use super::{action, p, req, ActionSpec, Family::Messaging, Op, PropSpec, NONE, SUCCESS_FAILURE};
use crate::expr::Ty;

/// Send Notification: to whom (Genesys Cloud users), by what means, and what it says.
const NOTIFICATION: &[PropSpec] = &[
    p("notificationType", "notificationType", Expr),
    p("sendToUsers", "sendToUsers", Expr),
    p("subject", "subject", Expr),
    p("body", "body", Expr),
    p("emailFrom", "emailFrom", Expr),
    p("emailNotificationStyle", "emailNotificationStyle", Expr),
    p("failureOutputs", "errorBindings", VarMap),
];

/// What the commands know of this family's operations ([`Facts`]), one value for each group
/// of operations that share them: every entry states its operation's by one of these names,
/// so the entries of one operation cannot drift apart (a catalogue test holds them equal).
mod facts {
    use super::super::{Facts, Refused as R};

    /// Send Auto Reply: not in call flows.
    pub const SEND_AUTO_REPLY: Facts = Facts { refused: &[R::AutoReplyInCall], ..Facts::PLAIN };
}

pub(super) const ACTIONS: &[ActionSpec] = &[
    action(
        "sendResponse",
        "SendResponseAction",
        Messaging,
        Op::SendResponse,
        Facts::PLAIN,
        &[req("messageBody", "messageBody", Expr), p("messageBodyStyle", "messageBodyStyle", Expr)],
        NONE,
    ),
    action(
        "communicate",
        "CommunicateAction",
        Messaging,
        Op::Communicate,
        Facts::PLAIN,
        &[req("communication", "communication", Audio)],
        NONE,
    ),
    action(
        "sendAutoReply",
        "SendAutoReplyAction",
        Messaging,
        Op::SendAutoReply,
        facts::SEND_AUTO_REPLY,
        &[
            p("from", "from", Expr),
            p("replyTo", "replyTo", Expr),
            p("cc", "cc", Expr),
            p("bcc", "bcc", Expr),
            req("messageBody", "messageBody", Expr).typed(Ty::STRING),
            p("replyMode", "replyToSenderOnly", Text),
        ],
        NONE,
    ),
    action(
        "getResponse",
        "GetResponseAction",
        Messaging,
        Op::GetResponse,
        Facts::PLAIN,
        &[
            p("responseLibrary", "responseLibrary", Text),
            req("response", "responseName", Text),
            p("substitutions", "substitutions", ExprMap).sdk("responseSubstitutions"),
            p("responseBody", "responseBody", Var).sdk("valueResponseBody"),
            p("performSubstitutions", "performSubstitutions", Expr).typed(Ty::BOOLEAN),
        ],
        SUCCESS_FAILURE,
    ),
    action(
        "sendRichLink",
        "",
        Messaging,
        Op::SendRichLink,
        Facts::PLAIN,
        &[
            p("headerType", "headerType", Expr),
            p("headerText", "headerText", Expr),
            p("headerImage", "headerImage", Expr),
            p("body", "body", Expr),
            p("urlLabel", "urlLabel", Expr),
            p("urlValue", "urlValue", Expr),
            p("footer", "footer", Expr),
        ],
        SUCCESS_FAILURE,
    ),
    action(
        "sendInteractiveApplication",
        "",
        Messaging,
        Op::NeedsStub("an interactive application opens in the customer's messenger; only text messages are simulated"),
        Facts::NEEDS_STUB,
        &[],
        SUCCESS_FAILURE,
    ),
    action("sendNotification", "SendNotificationAction", Messaging, Op::SendNotification, Facts::PLAIN, NOTIFICATION, SUCCESS_FAILURE),
];

/// The properties the engine reads, found in the entries above when the crate compiles
/// ([`PropId`](super::PropId)).
pub mod prop {
    use super::super::PropId;
    use super::ACTIONS;

    pub const RESPONSE_BODY: PropId = PropId::of(ACTIONS, &["sendResponse"], "messageBody");
    pub const COMMUNICATION: PropId = PropId::of(ACTIONS, &["communicate"], "communication");
    pub const AUTO_REPLY_BODY: PropId = PropId::of(ACTIONS, &["sendAutoReply"], "messageBody");
    pub const RESPONSE_NAME: PropId = PropId::of(ACTIONS, &["getResponse"], "response");
    pub const RESPONSE_LIBRARY: PropId = PropId::of(ACTIONS, &["getResponse"], "responseLibrary");
    pub const SUBSTITUTIONS: PropId = PropId::of(ACTIONS, &["getResponse"], "substitutions");
    pub const PERFORM_SUBSTITUTIONS: PropId =
        PropId::of(ACTIONS, &["getResponse"], "performSubstitutions");
    /// Where Get Response writes the response's text.
    pub const GOT_RESPONSE_BODY: PropId = PropId::of(ACTIONS, &["getResponse"], "responseBody");
    pub const RICH_LINK_BODY: PropId = PropId::of(ACTIONS, &["sendRichLink"], "body");
    /// What Send Notification's failure writes.
    pub const NOTIFICATION_FAILURE: PropId =
        PropId::of(ACTIONS, &["sendNotification"], "failureOutputs");
    /// What Send Notification sends, in the order the result lists it.
    pub const NOTIFICATION: [PropId; 6] = [
        PropId::of(ACTIONS, &["sendNotification"], "notificationType"),
        PropId::of(ACTIONS, &["sendNotification"], "sendToUsers"),
        PropId::of(ACTIONS, &["sendNotification"], "subject"),
        PropId::of(ACTIONS, &["sendNotification"], "body"),
        PropId::of(ACTIONS, &["sendNotification"], "emailFrom"),
        PropId::of(ACTIONS, &["sendNotification"], "emailNotificationStyle"),
    ];

    /// Every id above, for the catalogue's test that each is read only on the entries it names.
    #[cfg(test)]
    pub const ALL: &[PropId] = &[
        RESPONSE_BODY,
        COMMUNICATION,
        AUTO_REPLY_BODY,
        RESPONSE_NAME,
        RESPONSE_LIBRARY,
        SUBSTITUTIONS,
        PERFORM_SUBSTITUTIONS,
        GOT_RESPONSE_BODY,
        RICH_LINK_BODY,
        NOTIFICATION[0],
        NOTIFICATION[1],
        NOTIFICATION[2],
        NOTIFICATION[3],
        NOTIFICATION[4],
        NOTIFICATION[5],
        NOTIFICATION_FAILURE,
    ];
}

/// The fixed outputs the engine takes, found in the entries above when the crate compiles
/// ([`OutputId`](super::OutputId)).
pub mod out {
    use super::super::OutputId;
    use super::ACTIONS;

    const SUCCEEDS: &[&str] = &["getResponse", "sendRichLink", "sendNotification"];
    pub const SUCCESS: OutputId = OutputId::of(ACTIONS, SUCCEEDS, "success");
    pub const FAILURE: OutputId = OutputId::of(ACTIONS, SUCCEEDS, "failure");

    /// Every id above, for the catalogue's test that each names every entry of its entries'
    /// operations that has the output.
    #[cfg(test)]
    pub const ALL: &[OutputId] = &[SUCCESS, FAILURE];
}
