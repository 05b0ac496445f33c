//! An offline, deterministic stand-in for Genesys's natural language understanding: a bot
//! flow's NLU domain (intents with training utterances, entities and their types) compiled once
//! ([`Nlu::from_json`]), then used to classify what a customer writes ([`Nlu::classify`]) and to
//! read slot values from replies ([`Nlu::extract`], [`yes_no`]).
//!
//! It does not imitate Genesys's model; it follows small rules an author can check by hand
//! (docs/nlu.md is their manual):
//!
//! 1. **Normalisation** ([`text`]): lowercase, apostrophes inside words dropped (`I'd` → `id`),
//!    anything else that is not a letter or digit separates words.
//! 2. **Placeholders**: an entity segment of a training utterance becomes `<EntityName>`; in an
//!    input (and in the plain text of utterances) every span an entity of the domain finds
//!    becomes the same placeholder (longest span first; `builtin:any` never).
//! 3. **Score** per intent, the best over its utterances: `1.0` when the token sequences are
//!    equal; `0.95` when the input is the intent's name; otherwise the Dice coefficient of the
//!    content-word sets (stop words dropped), `2|A∩B| / (|A|+|B|)`. The confidence is the best
//!    score; ties go to the intent defined first.
//!
//! ```
//! use flowsim_flow::nlu::Nlu;
//! let nlu = Nlu::from_json(&serde_json::json!({
//!     "intents": [{"name": "Check Order Status",
//!                  "utterances": [{"segments": [{"text": "where is order "},
//!                                               {"text": "12345678", "entity": {"name": "Order"}}]}],
//!                  "entityNameReferences": ["Order"]}],
//!     "entities": [{"name": "Order", "type": "OrderType"}],
//!     "entityTypes": [{"name": "OrderType",
//!                      "mechanism": {"type": "Regex", "items": [{"value": "\\b[0-9]{8}\\b"}]}}]
//! })).unwrap();
//! let c = nlu.classify("Where is order 87654321?", 0);
//! assert_eq!(c.intent.as_deref(), Some("Check Order Status"));
//! assert_eq!(c.confidence, 1.0);
//! assert_eq!(c.normalized, "where is order <Order>");
//! assert_eq!(c.slots[0].1.text, "87654321");
//! ```
//!
//! Invariants: deterministic (hash maps are lookups only, never iterated into output); inputs
//! are cut at [`text::MAX_INPUT_BYTES`]; a domain is bounded at load ([`load`]'s limits); no input
//! panics (a property test holds it to that).

use crate::util::Cut;
mod builtin;
mod classify;
mod datetime;
mod dialect;
mod entity;
mod load;
mod pinned;
pub mod text;
mod yes_no;

#[cfg(test)]
mod builtin_tests;
#[cfg(test)]
mod corpus_tests;
#[cfg(test)]
mod property_tests;
#[cfg(test)]
mod tests;

pub use builtin::Builtin;
pub use classify::{Candidate, Classification, MatchKind};
pub use load::{MAX_INTENTS, MAX_TEXT_BYTES, MAX_UTTERANCES};
pub use yes_no::yes_no;

use crate::expr::value::Value;
use crate::util::fold_case;
use entity::Matcher;
use rustc_hash::FxHashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

/// A compiled NLU domain.
#[derive(Debug)]
pub struct Nlu {
    language: String,
    intents: Vec<Intent>,
    utterances: Vec<Utterance>,
    entities: Vec<Entity>,
    /// Folded name → index, for case-insensitive lookups (never iterated).
    intent_by_name: FxHashMap<String, usize>,
    entity_by_name: FxHashMap<String, usize>,
}

// The engine shares a registry's domains between parallel runs.
const _: fn() = || {
    fn shared<T: Send + Sync>() {}
    shared::<Nlu>();
};

#[derive(Debug)]
struct Intent {
    name: Arc<str>,
    name_words: Vec<String>,
    slots: Vec<Arc<str>>,
    utterances: Range<usize>,
}

#[derive(Debug)]
struct Utterance {
    /// The segments' texts joined, as written.
    written: String,
    tokens: Vec<String>,
    /// Content tokens: sorted, without duplicates.
    content: Vec<String>,
}

#[derive(Debug)]
struct Entity {
    name: Arc<str>,
    type_name: Arc<str>,
    matcher: Matcher,
}

/// A problem in an NLU domain, at a JSON path such as `intents[2].utterances[0].segments`
/// (empty for the domain itself).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", at(.path))]
pub struct NluError {
    pub path: String,
    pub message: String,
}

fn at(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}: ")
    }
}

/// A slot (an entity of the domain): its canonical name, its type's name and what kind of
/// type that is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotInfo {
    pub name: Arc<str>,
    pub type_name: Arc<str>,
    pub kind: SlotKind,
}

/// What kind of entity type a slot has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotKind {
    Builtin(Builtin),
    List,
    Regex,
    /// A dynamic list: its values are the bot flow's (`BotSettings::dynamic_slot_types`).
    DynamicList,
    /// A timeslot (a time picker's): its values are the Timeslots the bot flow offers
    /// (`BotSettings::dynamic_timeslot_types`); the customer picks one by its start.
    Timeslot,
    /// An AI-powered slot (Virtual Agent's): a large language model extracts its value, so
    /// flowsim finds none in a text; the run's inputs script it ([`Matcher::Ai`]).
    ///
    /// [`Matcher::Ai`]: crate::nlu::entity::Matcher::Ai
    Ai,
}

impl SlotKind {
    /// Why a turn answers an Ask for Slot of an AI-powered slot with nothing flowsim can use:
    /// the turn's text, with no value scripted for the slot.
    #[must_use]
    pub fn unscripted(slot: &str) -> String {
        format!(
            "slot `{slot}` is AI-powered (Virtual Agent): a large language model extracts its value, which flowsim cannot do, \
             and this turn scripts none; give the value the model would extract with the turn: \
             {{\"text\": \"...\", \"slots\": {{\"{slot}\": \"...\"}}}} (`--input slot:{slot}=VALUE`; `flowsim docs bots`)"
        )
    }
}

/// A slot's value found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    pub value: Value,
    /// The span of the input it came from.
    pub text: String,
    /// What found it: ``list value `red` (synonym `crimson`)``, ``regex `\b[0-9]{8}\b` ``,
    /// `builtin:date`.
    pub how: String,
}

impl Nlu {
    /// The domain as text, for telling two versions of a bot flow apart (`flowsim diff`):
    /// language, intents, utterances and entities in their declared order.
    pub fn fingerprint(&self) -> String {
        format!("{}|{:?}|{:?}|{:?}", self.language, self.intents, self.utterances, self.entities)
    }

    /// Compiles a domain (the JSON of `nluDomainVersion` or `rawNlu`), reporting every problem.
    ///
    /// ```
    /// use flowsim_flow::nlu::Nlu;
    /// let errors = Nlu::from_json(&serde_json::json!({
    ///     "entities": [{"name": "Size", "type": "Sizes"}]})).unwrap_err();
    /// assert_eq!(errors[0].path, "entities[0].type");
    /// assert_eq!(errors[0].to_string(), "entities[0].type: `Sizes` is neither builtin:* \
    ///     nor a declared entity type (entityTypes: none)");
    /// ```
    pub fn from_json(v: &serde_json::Value) -> Result<Nlu, Vec<NluError>> {
        load::load(v)
    }

    /// The domain's language (`en-us` when it names none).
    pub fn language(&self) -> &str {
        &self.language
    }

    /// The intents' names, in definition order.
    pub fn intent_names(&self) -> impl Iterator<Item = &str> {
        self.intents.iter().map(|i| &*i.name)
    }

    /// The canonical name of the intent called `name` (any case).
    pub fn intent(&self, name: &str) -> Option<&str> {
        self.intent_index(name).map(|i| &*self.intents[i].name)
    }

    fn intent_index(&self, name: &str) -> Option<usize> {
        self.intent_by_name.get(&*fold_case(name)).copied()
    }

    /// The slots an intent fills (its `entityNameReferences`); none for an unknown intent.
    pub fn intent_slots(&self, intent: &str) -> &[Arc<str>] {
        self.intent_index(intent).map_or(&[], |i| &self.intents[i].slots)
    }

    /// The slots' (entities') names, in definition order.
    /// An intent's training utterances as written (segments joined), in definition order;
    /// empty for an intent the domain does not have.
    pub fn utterances(&self, intent: &str) -> impl Iterator<Item = &str> {
        let range = self
            .intent_by_name
            .get(&*fold_case(intent))
            .map_or(0..0, |&i| self.intents[i].utterances.clone());
        self.utterances[range].iter().map(|u| u.written.as_str())
    }

    pub fn slot_names(&self) -> impl Iterator<Item = &str> {
        self.entities.iter().map(|e| &*e.name)
    }

    /// The slot called `name` (any case).
    ///
    /// ```
    /// use flowsim_flow::nlu::{Builtin, Nlu, SlotKind};
    /// let nlu = Nlu::from_json(&serde_json::json!({
    ///     "entities": [{"name": "When", "type": "builtin:date"}]})).unwrap();
    /// let slot = nlu.slot("when").unwrap();
    /// assert_eq!((&*slot.name, slot.kind), ("When", SlotKind::Builtin(Builtin::Date)));
    /// ```
    pub fn slot(&self, name: &str) -> Option<SlotInfo> {
        let entity = &self.entities[self.entity_index(name)?];
        let kind = match &entity.matcher {
            Matcher::Builtin(b) => SlotKind::Builtin(*b),
            Matcher::List(_) => SlotKind::List,
            Matcher::Regex(_) => SlotKind::Regex,
            Matcher::Dynamic => SlotKind::DynamicList,
            Matcher::Timeslot => SlotKind::Timeslot,
            Matcher::Ai => SlotKind::Ai,
        };
        Some(SlotInfo { name: entity.name.clone(), type_name: entity.type_name.clone(), kind })
    }

    fn entity_index(&self, name: &str) -> Option<usize> {
        self.entity_by_name.get(&*fold_case(name)).copied()
    }

    /// The value of `slot` in a reply (Ask for Slot): for a List slot the longest value or
    /// synonym named, for the others the leftmost value. `now_ms` dates `tomorrow`.
    ///
    /// ```
    /// use flowsim_flow::{expr::Value, nlu::Nlu};
    /// let nlu = Nlu::from_json(&serde_json::json!({
    ///     "entities": [{"name": "Colour", "type": "Colours"}],
    ///     "entityTypes": [{"name": "Colours", "mechanism": {"type": "List",
    ///         "items": [{"value": "red", "synonyms": ["crimson", "dark red"]}]}}]})).unwrap();
    /// let found = nlu.extract("colour", "Dark red, please", 0).unwrap();
    /// assert_eq!((found.value, &*found.text), (Value::str("red"), "Dark red"));
    /// assert_eq!(found.how, "list value `red` (synonym `dark red`)");
    /// ```
    pub fn extract(&self, slot: &str, text: &str, now_ms: i64) -> Option<Extracted> {
        let entity = &self.entities[self.entity_index(slot)?];
        let text = text::bounded(text);
        let hit = entity.matcher.first(text, datetime::today(now_ms))?;
        Some(Extracted {
            value: hit.value,
            text: text.cut(hit.start..hit.end).to_owned(),
            how: hit.how,
        })
    }

    /// The value of a dynamic-list slot in a reply, from the values the flow gives it at run
    /// time, each with its synonyms: the longest value or synonym named, the leftmost of equals.
    ///
    /// ```
    /// use flowsim_flow::{expr::Value, nlu::Nlu};
    /// let values = [("Pizza".to_owned(), vec!["pie".to_owned()]), ("Pasta".to_owned(), vec![])];
    /// let found = Nlu::extract_from(&values, "a pie please").unwrap();
    /// assert_eq!((found.value, &*found.text), (Value::str("Pizza"), "pie"));
    /// ```
    pub fn extract_from(values: &[(String, Vec<String>)], text: &str) -> Option<Extracted> {
        let mut list = entity::ListType::default();
        for (value, synonyms) in values {
            let synonyms: Vec<&str> = synonyms.iter().map(String::as_str).collect();
            list.add(value, &synonyms);
        }
        let text = text::bounded(text);
        let hit = Matcher::List(Arc::new(list)).first(text, None)?;
        Some(Extracted {
            value: hit.value,
            text: text.cut(hit.start..hit.end).to_owned(),
            how: hit.how,
        })
    }

    /// A slot value pinned by a test script, checked against the slot's type: a List value or
    /// synonym (the canonical value is returned), text a Regex matches as a whole, or what the
    /// builtin reads (`42` for `builtin:integer`, `"2026-03-14"` for `builtin:date`).
    ///
    /// ```
    /// use flowsim_flow::{expr::Value, nlu::Nlu};
    /// let nlu = Nlu::from_json(&serde_json::json!({
    ///     "entities": [{"name": "Guests", "type": "builtin:integer"}]})).unwrap();
    /// assert_eq!(nlu.slot_value("guests", &serde_json::json!(4)), Ok(Value::Int(4)));
    /// assert_eq!(nlu.slot_value("guests", &serde_json::json!("four")), Ok(Value::Int(4)));
    /// assert!(nlu.slot_value("guests", &serde_json::json!(4.5)).is_err());
    /// ```
    pub fn slot_value(&self, slot: &str, given: &serde_json::Value) -> Result<Value, String> {
        let Some(index) = self.entity_index(slot) else {
            let names: Vec<&str> = self.slot_names().collect();
            return Err(format!("no slot `{slot}` in the NLU domain (slots: {})", list(&names)));
        };
        pinned::value(&self.entities[index], given)
    }
}

/// Names for a message: `a, b, c`, or `none`; at most ten, then how many more.
fn list(names: &[&str]) -> String {
    if names.is_empty() {
        return "none".to_owned();
    }
    let mut out = names.iter().take(10).copied().collect::<Vec<_>>().join(", ");
    if names.len() > 10 {
        let _ = write!(out, " and {} more", names.len() - 10);
    }
    out
}
