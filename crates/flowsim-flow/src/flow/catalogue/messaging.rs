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
