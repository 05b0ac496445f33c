//! Digital messaging: what a message, chat or email flow sends.

use super::super::cx::{Eval, Sets};
use super::super::did::Did;
use crate::expr::Value;
use crate::flow::action::Action;
use crate::flow::catalogue::messaging::{out, prop};
use crate::flow::catalogue::PropId;
use crate::flow::NodeIdx;
use crate::kind::ErrorKind;
use std::sync::Arc;

/// "You can only send a notification with the Send Notification action to a maximum of 50
/// recipients" (Genesys's Send Notification action page).
const MAX_RECIPIENTS: usize = 50;

impl Eval<'_, '_, '_> {
    /// Send Response, Send Auto Reply, Communicate: the text sent is the step's prompt (the
    /// result's `prompts` lists what the customer reads, as it lists what a caller hears).
    pub(super) fn send_message(&mut self, n: NodeIdx, a: &Action, text: PropId) -> Did {
        match self.value(n, a, text) {
            Ok(v) => {
                if v.is_set() {
                    self.say(n, Arc::from(v.display()));
                }
                Did::Success
            }
            Err(did) => did,
        }
    }

    /// Send Rich Link: the body's text is the step's prompt (as Send Response's is); the
    /// header, image, link and footer are not shown. Takes `success`.
    pub(super) fn send_rich_link(&mut self, n: NodeIdx, a: &Action) -> Did {
        match self.send_message(n, a, prop::RICH_LINK_BODY) {
            Did::Success => super::out(a, out::SUCCESS),
            other => other,
        }
    }

    /// Get Response: the fixtures' canned response `response` (id, or name ignoring case),
    /// within `responseLibrary` when the action names one, has its first text (HTML kept as
    /// written) written to `responseBody`, and the action takes `success`. With substitutions
    /// performed (`performSubstitutions` true, or not written while `substitutions` are given),
    /// each `{{id}}` of one of the response's substitutions becomes the action's value for it
    /// (a NOT_SET value counts as none), else the substitution's default value; anything else
    /// stays as written. A response or library the fixtures lack, or a response not in the
    /// library: `failure`, error `responseNotFound`.
    pub(super) fn get_response(&mut self, n: NodeIdx, a: &Action) -> Did {
        let name = a.get(prop::RESPONSE_NAME).text().cloned().unwrap_or_else(|| Arc::from(""));
        let library = a.get(prop::RESPONSE_LIBRARY).text().cloned();
        let perform = match self.value(n, a, prop::PERFORM_SUBSTITUTIONS) {
            Ok(Value::Bool(b)) => b,
            Ok(_) => !a.get(prop::SUBSTITUTIONS).map().is_empty(),
            Err(did) => return did,
        };
        let mut given: Vec<(Arc<str>, Value)> = Vec::new();
        if perform {
            for (key, p) in a.get(prop::SUBSTITUTIONS).map() {
                match self.value_of(n, p) {
                    Ok(v) => given.push((key.clone(), v)),
                    Err(did) => return did,
                }
            }
        }
        let response = match self.run.fixtures.response(&name, library.as_deref()) {
            Ok(r) => r,
            Err(missing) => {
                use super::super::missing::{Miss, Sought};
                let miss = Miss::new(Sought::Response, &name);
                self.missed(n, miss, Some(missing.to_string()));
                self.note_error(ErrorKind::ResponseNotFound, missing.to_string());
                return super::out(a, out::FAILURE);
            }
        };
        let body = if perform {
            response.body(|id| {
                given.iter().find(|(k, v)| &**k == id && v.is_set()).map(|(_, v)| v.display())
            })
        } else {
            response.text.to_string()
        };
        if let Some(var) = a.get(prop::GOT_RESPONSE_BODY).var() {
            let var = var.clone();
            self.write_var(&var, Value::str(&body));
        }
        super::out(a, out::SUCCESS)
    }
}

// What sets the conversation: the auto-reply sent, the notification's settings.
impl Sets<'_, '_, '_> {
    /// Send Auto Reply: the reply goes to the customer once per conversation. Genesys: sending
    /// an email with it "is limited to one automated reply per conversation" (Send Auto Reply
    /// action, read in its French and Japanese copies). The reply sent is the result's
    /// `settings.autoReply`; a later Send Auto Reply sends nothing and goes on, as does one
    /// whose body is NOT_SET, and one for an email that replies in a thread ("If a thread
    /// contains multiple replies to a customer, only the first email generates the automated
    /// reply"; the request's `newConversation: false`).
    pub(super) fn send_auto_reply(&mut self, n: NodeIdx, a: &Action) -> Did {
        if self.talk.email_reply || self.talk.arch.settings.iter().any(|(k, _)| *k == "autoReply") {
            return Did::Success;
        }
        match self.eval().value(n, a, prop::AUTO_REPLY_BODY) {
            Ok(v) => {
                if v.is_set() {
                    self.eval().say(n, Arc::from(v.display()));
                    self.set_setting("autoReply", v);
                }
                Did::Success
            }
            Err(did) => did,
        }
    }

    /// Send Notification: a notification to Genesys Cloud users, outside the conversation.
    /// Nothing is sent offline: the result's `settings.notifications` lists each one with its
    /// properties as the flow wrote them (the type `email` when NOT_SET, a NOT_SET subject as
    /// blank text, as Genesys documents), and the action takes `success`. More than
    /// Genesys's 50 recipients takes `failure` (`recipientLimit`), nothing sent.
    pub(super) fn send_notification(&mut self, n: NodeIdx, a: &Action) -> Did {
        let mut note = serde_json::Map::new();
        for id in prop::NOTIFICATION {
            let v = match self.eval().value(n, a, id) {
                Ok(v) => v,
                Err(did) => return did,
            };
            let v =
                match (id.name(), v) {
                    ("notificationType", Value::NotSet) => Value::str("email"),
                    ("subject", Value::NotSet) => Value::str(""),
                    ("sendToUsers", Value::List(users)) if users.len() > MAX_RECIPIENTS => {
                        let kind = ErrorKind::RecipientLimit;
                        let message = format!(
                            "a notification goes to at most {MAX_RECIPIENTS} recipients, not {}",
                            users.len()
                        );
                        let (k, m) = (Value::str(kind.as_str()), Value::str(&message));
                        self.eval().bind_outputs(n, a.get(prop::NOTIFICATION_FAILURE), |name| {
                            match name {
                                "errorType" => k.clone(),
                                "errorMessage" => m.clone(),
                                _ => Value::NotSet,
                            }
                        });
                        self.eval().note_error(kind, message);
                        return super::out(a, out::FAILURE);
                    }
                    (_, v) => v,
                };
            note.insert(id.name().to_owned(), v.to_json());
        }
        let mut sent = match self.talk.arch.settings.iter().find(|(k, _)| *k == "notifications") {
            Some((_, Value::List(items))) => items.to_vec(),
            _ => Vec::new(),
        };
        sent.push(Value::from_json(&serde_json::Value::Object(note)));
        self.set_setting("notifications", Value::List(Arc::new(sent)));
        super::out(a, out::SUCCESS)
    }
}
