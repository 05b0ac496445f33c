//! A bot flow's settings in an export: `nluMetaData.rawNlu` (the NLU domain as a JSON string,
//! the same shape Archy writes), `nluMetaData.intents.<name>.confirmation`,
//! `userInputSettings` and the bot parts of `errorHandling`, under the keys an export writes
//! (see [`export_key`]).

use super::value::At;
use super::{s, Cx};
use crate::expr::Expr;
use crate::flow::action::Prop;
use crate::flow::bot::{self, BotSettings};
use crate::flow::catalogue::PropKind;
use crate::nlu::Nlu;
use serde_json::{Map, Value as J};
use std::sync::Arc;

/// The longest `rawNlu` text read (a domain of 10,000 utterances fits well within).
const MAX_RAW_NLU: usize = 8 << 20;

impl Cx<'_> {
    pub(super) fn bot_settings(
        &mut self,
        doc: &Map<String, J>,
        flow_type: &str,
    ) -> Option<Arc<BotSettings>> {
        let meta = doc.get("nluMetaData");
        if !matches!(flow_type, "botFlow" | "digitalBotFlow") && meta.is_none() {
            return None;
        }
        let raw = meta.and_then(|m| s(m.get("rawNlu")));
        let nlu = match raw {
            Some(text) if text.len() > MAX_RAW_NLU => {
                let message =
                    format!("`rawNlu` is {} bytes, over the limit of {MAX_RAW_NLU}", text.len());
                self.error(crate::diag::Code::ValueIsTooLarge, None, "nluMetaData.rawNlu", message);
                None
            }
            Some(text) => match serde_json::from_str::<J>(text) {
                Ok(domain) => match Nlu::from_json(&domain) {
                    Ok(nlu) => Some(Arc::new(nlu)),
                    Err(errors) => {
                        for e in errors {
                            let path = format!("nluMetaData.rawNlu.{}", e.path);
                            self.error(
                                crate::diag::Code::BadNlu,
                                None,
                                &path,
                                format!("the NLU domain: {}", e.message),
                            );
                        }
                        None
                    }
                },
                Err(e) => {
                    let message = format!("`rawNlu` is not JSON: {e}");
                    self.error(crate::diag::Code::BadNlu, None, "nluMetaData.rawNlu", message);
                    None
                }
            },
            None => None,
        };
        let mut bot = BotSettings::new(nlu);
        if let Some(u) = doc.get("userInputSettings").and_then(J::as_object) {
            bot::read_user_input(&mut bot.input, |key, kind| {
                self.setting(u, export_key(key), kind, "userInputSettings")
            });
            // Read, so an error in either is reported at its path, but not used: a voice
            // bot's DTMF terminator ends nothing in a simulation whose turns arrive whole, and
            // no Genesys page says when the end-of-session message is sent (docs/architect.md
            // §5).
            for (key, kind) in [
                ("dtmfTerminatingCharacter", PropKind::Expr),
                ("endOfSessionMessage", PropKind::Audio),
            ] {
                let _ = self.setting(u, key, kind, "userInputSettings");
            }
        }
        if let Some(intents) = meta.and_then(|m| m.get("intents")).and_then(J::as_object) {
            for (name, i) in intents {
                let Some(i) = i.as_object() else { continue };
                let path = format!("nluMetaData.intents.{name}");
                if let Some(e) = self.setting(i, "confirmation", PropKind::Audio, &path) {
                    bot.confirmations.push((Arc::from(name.as_str()), e));
                }
            }
        }
        let timeslots = meta
            .and_then(|m| m.get("mappings"))
            .and_then(|m| m.get("dynamicTimeslots"))
            .and_then(J::as_object);
        for (name, t) in timeslots.into_iter().flatten() {
            let Some(t) = t.as_object() else { continue };
            let at = format!("nluMetaData.mappings.dynamicTimeslots.{name}.timeslots");
            // Recorded under the settings' node, so that `check` can place what it finds there.
            let node = Some(crate::flow::model::SETTINGS_NODE);
            let timeslots =
                match self.prop(t.get("timeslots"), PropKind::Expr, At { node, path: &at }) {
                    Prop::Expr(e) => Some(e),
                    _ => None,
                };
            bot.dynamic_timeslot_types.push(bot::DynamicTimeslotType {
                name: Arc::from(name.as_str()),
                timeslots,
                at: at.into(),
            });
        }
        if let Some(eh) = doc.get("errorHandling").and_then(J::as_object) {
            bot::read_escalation(&mut bot, |key, kind| {
                self.setting(eh, export_key(key), kind, "errorHandling")
            });
        }
        Some(Arc::new(bot))
    }

    /// A setting (`{"text": "3", "type": "int"}`, a communication) read as a property of
    /// `kind`. An apology is a list of communications in an export (`noMatchApologies: [...]`):
    /// Architect's settings page has one per event, so the list's one item is it; a longer
    /// list is `unsupported` (which one is said is not documented).
    fn setting(
        &mut self,
        o: &Map<String, J>,
        key: &str,
        kind: PropKind,
        owner: &str,
    ) -> Option<Expr> {
        let path = format!("{owner}.{key}");
        let v = match o.get(key) {
            Some(J::Array(items)) => match items.as_slice() {
                [] => return None,
                [one] => Some(one),
                _ => {
                    let d = self
                        .diag(
                            crate::diag::Code::Unsupported,
                            format!(
                                "`{key}` holds {} communications; flowsim reads one per event, \
                                 as Architect's settings page sets",
                                items.len()
                            ),
                        )
                        .property(&path);
                    self.push(d);
                    return None;
                }
            },
            v => v,
        };
        match self.prop(v, kind, At { node: None, path: &path }) {
            Prop::Expr(e) => Some(e),
            _ => None,
        }
    }
}

/// An export's key for a bot setting [`bot`] names by Archy's key: the apologies are lists
/// under plural keys (`noInputApology` is `noInputsApologies`), the recognition failure's
/// handover is `recognitionEventHandover`; the rest are alike.
fn export_key(archy: &str) -> &str {
    match archy {
        "noMatchApology" => "noMatchApologies",
        "noInputApology" => "noInputsApologies",
        "noToConfirmationApology" => "noToConfirmationApologies",
        "confirmationNoMatchApology" => "confirmationNoMatchApologies",
        "confirmationNoInputApology" => "confirmationNoInputApologies",
        "recognitionFailureEventHandover" => "recognitionEventHandover",
        key => key,
    }
}
