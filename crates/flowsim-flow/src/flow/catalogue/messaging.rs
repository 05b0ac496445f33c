//! Digital messaging: responses, auto-replies, communicate.

use super::PropKind::{Audio, Expr, ExprMap, Text, Var};
use super::{action, p, req, ActionSpec, Family::Messaging, Op, NONE, SUCCESS_FAILURE};

pub(super) const ACTIONS: &[ActionSpec] = &[
    action(
        "sendResponse",
        "SendResponseAction",
        Messaging,
        Op::SendResponse,
        &[req("messageBody", "messageBody", Expr), p("messageBodyStyle", "messageBodyStyle", Expr)],
        NONE,
    ),
    action(
        "communicate",
        "CommunicateAction",
        Messaging,
        Op::Communicate,
        &[req("communication", "communication", Audio)],
        NONE,
    ),
    action(
        "sendAutoReply",
        "SendAutoReplyAction",
        Messaging,
        Op::SendAutoReply,
        &[
            p("from", "from", Expr),
            p("replyTo", "replyTo", Expr),
            p("cc", "cc", Expr),
            p("bcc", "bcc", Expr),
            req("messageBody", "messageBody", Expr),
            p("replyMode", "replyToSenderOnly", Text),
        ],
        NONE,
    ),
    action(
        "getResponse",
        "GetResponseAction",
        Messaging,
        Op::GetResponse,
        &[
            p("responseLibrary", "responseLibrary", Text),
            req("response", "responseName", Text),
            p("substitutions", "substitutions", ExprMap),
            p("responseBody", "responseBody", Var),
        ],
        SUCCESS_FAILURE,
    ),
    action(
        "sendRichLink",
        "",
        Messaging,
        Op::SendRichLink,
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
        Op::Unsupported("an interactive application opens in the customer's messenger; only text messages are simulated"),
        &[],
        SUCCESS_FAILURE,
    ),
    action(
        "sendNotification",
        "",
        Messaging,
        Op::Unsupported("notifications go to Genesys Cloud users outside the conversation, which flowsim does not simulate"),
        &[],
        SUCCESS_FAILURE,
    ),
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
    pub const RICH_LINK_BODY: PropId = PropId::of(ACTIONS, &["sendRichLink"], "body");

    /// Every id above, for the catalogue's test that each is read only on the entries it names.
    #[cfg(test)]
    pub const ALL: &[PropId] =
        &[RESPONSE_BODY, COMMUNICATION, AUTO_REPLY_BODY, RESPONSE_NAME, RICH_LINK_BODY];
}
