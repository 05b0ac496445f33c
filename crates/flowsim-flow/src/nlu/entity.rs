//! Entity types and how they find values in a text: List (values and synonyms as whole word
//! sequences), Regex (the `regex` crate) and the builtins ([`super::builtin`]).
//!
//! Invariants: every finder returns hits whose `start..end` are character boundaries of the
//! text it was given; a pattern yields at most [`MAX_HITS`] hits per text.

use super::builtin::Builtin;
use super::text::{tokenize, words, Token};
use crate::expr::value::Value;
use regex::Regex;
use rustc_hash::FxHashMap;
use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::sync::Arc;

/// At most this many hits per pattern in one text (a 4 KiB text cannot hold many more values).
pub const MAX_HITS: usize = 1_000;

/// A value found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub value: Value,
    /// What found it: `list value `red` (synonym `crimson`)`, `regex `...``, `builtin:date`.
    pub how: String,
}

impl Hit {
    pub fn new(start: usize, end: usize, value: Value, how: &str) -> Hit {
        Hit { start, end, value, how: how.to_owned() }
    }
}

/// A List type: values with synonyms, looked up by their first word.
#[derive(Debug, Default)]
pub struct ListType {
    pub values: Vec<Arc<str>>,
    phrases: Vec<Phrase>,
    by_first_word: FxHashMap<String, Vec<usize>>,
}

#[derive(Debug)]
struct Phrase {
    words: Vec<String>,
    value: usize,
    /// The synonym as written, when this phrase is one.
    synonym: Option<String>,
}

impl ListType {
    /// Adds a value and its synonyms; a phrase with no words (punctuation only) never matches.
    pub fn add(&mut self, value: &str, synonyms: &[&str]) {
        let index = self.values.len();
        self.values.push(Arc::from(value));
        let phrases = std::iter::once((value, None))
            .chain(synonyms.iter().map(|s| (*s, Some((*s).to_owned()))));
        for (text, synonym) in phrases {
            let words = words(text);
            let Some(first) = words.first().cloned() else { continue };
            self.by_first_word.entry(first).or_default().push(self.phrases.len());
            self.phrases.push(Phrase { words, value: index, synonym });
        }
    }

    /// Every phrase found in `text`, leftmost first, the longest first at one place.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let tokens = tokenize(text);
        let mut hits = Vec::new();
        for (at, token) in tokens.iter().enumerate() {
            let Some(candidates) = self.by_first_word.get(&token.text) else { continue };
            for &p in candidates {
                let phrase = &self.phrases[p];
                if let Some(last) = matches_at(&tokens[at..], &phrase.words) {
                    let value = &self.values[phrase.value];
                    let how = match &phrase.synonym {
                        Some(s) => format!("list value `{value}` (synonym `{s}`)"),
                        None => format!("list value `{value}`"),
                    };
                    hits.push(Hit {
                        start: token.start,
                        end: last.end,
                        value: Value::Str(value.clone()),
                        how,
                    });
                }
            }
            if hits.len() >= MAX_HITS {
                break;
            }
        }
        // Stable: at one place and length, the earlier value or synonym stays first.
        hits.sort_by_key(|h| (h.start, Reverse(h.end)));
        hits
    }

    /// The canonical value that `text` names as a whole (a value or a synonym), if any.
    pub fn lookup(&self, text: &str) -> Option<Arc<str>> {
        let words = words(text);
        let candidates = self.by_first_word.get(words.first()?)?;
        candidates
            .iter()
            .map(|&p| &self.phrases[p])
            .find(|p| p.words == words)
            .map(|p| self.values[p.value].clone())
    }
}

/// The last token of `words` matched at the start of `tokens`.
fn matches_at<'t>(tokens: &'t [Token], words: &[String]) -> Option<&'t Token> {
    let window = tokens.get(..words.len())?;
    window.iter().zip(words).all(|(t, w)| t.text == *w).then(|| window.last()).flatten()
}

/// A Regex type: its patterns in item order, as written and compiled.
#[derive(Debug, Default)]
pub struct RegexType {
    pub patterns: Vec<(String, Regex)>,
}

impl RegexType {
    /// Every non-empty match of every pattern, leftmost first, the longest first at one place.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        for (written, regex) in &self.patterns {
            let how = format!("regex `{written}`");
            let found = regex.find_iter(text).filter(|m| !m.is_empty()).take(MAX_HITS);
            hits.extend(found.map(|m| Hit::new(m.start(), m.end(), Value::str(m.as_str()), &how)));
        }
        hits.sort_by_key(|h| (h.start, Reverse(h.end)));
        hits
    }

    /// Whether one of the patterns matches the whole of `text`.
    pub fn matches_whole(&self, text: &str) -> bool {
        self.patterns.iter().any(|(_, r)| r.find_iter(text).any(|m| m.len() == text.len()))
    }
}

/// What an entity's values are.
#[derive(Debug)]
pub enum Matcher {
    Builtin(Builtin),
    List(Arc<ListType>),
    Regex(Arc<RegexType>),
    /// A dynamic list: its values come from the bot flow's String Collections at run time
    /// (`settingsBotFlow.dynamicSlotTypes`), so the type alone finds nothing.
    Dynamic,
    /// A timeslot type (a digital bot's time picker): its values are a Timeslot collection of
    /// the flow, evaluated when a slot of the type is asked for, so the type alone finds
    /// nothing; the customer's pick is a start DateTime.
    Timeslot,
    /// An AI-powered slot type (`mechanism.type: AI`, with Virtual Agent): a large language
    /// model extracts its values (`subType` `NumberSequence`, `FreeForm`, ...) from the type's
    /// description and examples. flowsim has no model, so the type finds nothing in a text:
    /// a turn scripts the value the model would extract (`{"text", "slots"}`), and an Ask for
    /// Slot answered by a turn that scripts none is `unsupported`.
    Ai,
}

impl Matcher {
    /// Every value in `text`, leftmost first. `today` dates relative dates.
    pub fn find(&self, text: &str, today: Option<jiff::civil::Date>) -> Vec<Hit> {
        match self {
            Matcher::Builtin(b) => b.find(text, today),
            Matcher::List(list) => list.find(text),
            Matcher::Regex(regex) => regex.find(text),
            Matcher::Dynamic | Matcher::Timeslot | Matcher::Ai => Vec::new(),
        }
    }

    /// The value a reply gives: for a List the longest phrase (the leftmost of equals), for
    /// the others the leftmost value (the longest at one place).
    pub fn first(&self, text: &str, today: Option<jiff::civil::Date>) -> Option<Hit> {
        let hits = self.find(text, today);
        match self {
            Matcher::List(_) | Matcher::Dynamic => {
                let longest = hits.iter().map(|h| h.end - h.start).max()?;
                hits.into_iter().find(|h| h.end - h.start == longest)
            }
            _ => hits.into_iter().next(),
        }
    }
}

/// Picks non-overlapping spans from `(hit, entity)` pairs: the longest first, then the leftmost,
/// then the entity declared first. Returned in text order.
pub fn pick(mut spans: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize)> {
    spans.sort_by_key(|&(s, e, entity)| (Reverse(e - s), s, entity));
    // Chosen spans by start; they never overlap, so only the nearest one before a span's end
    // can overlap it.
    let mut chosen: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for (start, end, entity) in spans {
        let clash = chosen.range(..end).next_back().is_some_and(|(_, &(e, _))| e > start);
        if !clash {
            chosen.insert(start, (end, entity));
        }
    }
    chosen.into_iter().map(|(s, (e, entity))| (s, e, entity)).collect()
}
