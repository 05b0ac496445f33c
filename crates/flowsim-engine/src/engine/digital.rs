//! The inbound message that starts a message, chat or email flow (docs/architect.md), as the
//! built-ins the flow reads: `Message.Message.body`, `Email.Message.subject`, ...
//!
//! A run of a digital flow starts with the customer's message: the request's `message`, or,
//! when it has none, its first input if that is a turn (`{"text": ...}`), so that a scenario's
//! inputs read as the conversation, first message first. The message's fields become
//! variables of the built-ins' names (a dotted name is one variable, found before a built-in
//! would be); a variable the request sets itself wins.

use super::request::{InboundMessage, Input, MessageFields, TurnSlots, MAX_TURN_BYTES};
use crate::expr::Value;
use crate::flow::model::FlowType;
use std::sync::Arc;

/// Sets the built-ins for the inbound message; returns its text for the transcript, and the
/// AI-powered slot values scripted on the input turn that became the message.
pub(super) fn inbound_message(
    flow_type: &str,
    message: Option<&InboundMessage>,
    inputs: &mut Vec<Input>,
    conversation_id: Option<&str>,
    variables: &mut Vec<(Arc<str>, Value)>,
) -> Result<(Option<Arc<str>>, TurnSlots), String> {
    // A survey invite flow has no inbound message: it sends the invite.
    let digital = FlowType::of(flow_type) == FlowType::Digital
        && !flow_type.eq_ignore_ascii_case("surveyinvite");
    let mut slots: TurnSlots = Arc::from([]);
    let fields = match message {
        Some(InboundMessage::Body(body)) => {
            MessageFields { body: Some(body.clone()), ..MessageFields::default() }
        }
        Some(InboundMessage::Fields(f)) => f.clone(),
        None if digital => match inputs.first() {
            Some(Input::Text { text, slots: given, .. }) => {
                let body = text.to_string();
                slots = Arc::clone(given);
                inputs.remove(0);
                MessageFields { body: Some(body), ..MessageFields::default() }
            }
            _ => MessageFields::default(),
        },
        None => MessageFields::default(),
    };
    let size = [&fields.body, &fields.subject]
        .iter()
        .filter_map(|t| t.as_ref())
        .map(String::len)
        .sum::<usize>();
    if size > MAX_TURN_BYTES {
        return Err(format!("an inbound message of {size} bytes (the limit is {MAX_TURN_BYTES})"));
    }
    let mut set_value = |name: &str, value: Value| {
        if !variables.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            variables.push((Arc::from(name), value));
        }
    };
    // A collection field the message does not give reads as an empty collection
    // (`scope::Scope::resolve`).
    let list = |item: Value| Value::List(Arc::new(vec![item]));
    let address = |id: &str| {
        let mut a = crate::expr::value::Object::new();
        a.insert(Arc::from("id"), Value::str(id));
        Value::Object(Arc::new(a))
    };
    let holds = |word: &str| {
        flow_type.as_bytes().windows(word.len()).any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
    };
    let is_email = holds("email");
    let is_chat = holds("chat");
    let conversation = conversation_id;
    let mut set = |name: &str, value: Option<&str>| {
        if let Some(v) = value {
            set_value(name, Value::str(v));
        }
    };
    if is_email {
        set("Email.Message.body", fields.body.as_deref());
        set("Email.Message.subject", fields.subject.as_deref());
        set("Email.Message.from.id", fields.from.as_deref());
        set("Email.Message.from.name", fields.from_name.as_deref());
        set("Email.Message.id", fields.id.as_deref());
        set("Email.ConversationId", conversation);
        // `to` is a collection of EmailAddress (`id`, `name`).
        if let Some(to) = fields.to.as_deref() {
            set_value("Email.Message.to", list(address(to)));
        }
    } else if is_chat {
        set("Chat.Message.body", fields.body.as_deref());
        set("Chat.Guest.id", fields.from.as_deref());
        set("Chat.Guest.name", fields.from_name.as_deref());
        set("Chat.ConversationId", conversation);
    } else if digital || message.is_some() {
        set("Message.Message.body", fields.body.as_deref());
        set("Message.Message.id", fields.id.as_deref());
        set("Message.Message.type", fields.kind.as_deref().or(Some("Text")));
        set("Message.Message.senderAddress", fields.from.as_deref());
        set("Message.ConversationId", conversation);
        // `targetAddresses` is a String collection.
        if let Some(to) = fields.to.as_deref() {
            set_value("Message.Message.targetAddresses", list(Value::str(to)));
        }
        if !variables.iter().any(|(n, _)| n.eq_ignore_ascii_case("Message.IsNewConversation")) {
            let new = fields.new_conversation.unwrap_or(true);
            variables.push((Arc::from("Message.IsNewConversation"), Value::Bool(new)));
        }
    }
    Ok((fields.body.map(Arc::from), slots))
}
