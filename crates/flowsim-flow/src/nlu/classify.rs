//! Classification: an input's tokens (entities replaced by placeholders) scored against every
//! intent's training utterances, and the human explanation of the result.

use super::builtin::Builtin;
use super::entity::{pick, Matcher};
use super::text::{bounded, is_stop, placeholder, tokenize};
use super::{Extracted, Nlu};
use std::fmt::Write as _;
use std::sync::Arc;

/// Score of an input that is an intent's name (what quick-reply buttons send).
pub const NAME_SCORE: f64 = 0.95;

/// What [`Nlu::classify`] concluded.
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    /// The best intent; `None` when no intent scored above zero.
    pub intent: Option<Arc<str>>,
    /// The best score, `0.0..=1.0`; the flow's thresholds apply to it.
    pub confidence: f64,
    /// Every intent that scored above zero, best first, ties in definition order.
    pub candidates: Vec<Candidate>,
    /// The winning intent's slots (`entityNameReferences`) found in the input, in that order.
    pub slots: Vec<(Arc<str>, Extracted)>,
    /// The input's tokens, placeholders included, joined by spaces.
    pub normalized: String,
}

/// An intent's score and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub intent: Arc<str>,
    pub score: f64,
    /// The best-matching training utterance as written (the intent's name for
    /// [`MatchKind::IntentName`]).
    pub utterance: String,
    pub how: MatchKind,
}

/// Why an intent scored what it did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchKind {
    /// The tokens equal a training utterance's: `1.0`.
    Exact,
    /// The input is the intent's name: `0.95`.
    IntentName,
    /// Content words shared with the utterance; `total` is both sets' sizes added, so the score
    /// is `2 × shared.len() / total`.
    Overlap { shared: Vec<String>, total: usize },
}

impl Nlu {
    /// The tokens of `text` with every span an entity finds replaced by its placeholder.
    pub(super) fn normalize(&self, text: &str, today: Option<jiff::civil::Date>) -> Vec<String> {
        let mut spans = Vec::new();
        for (index, entity) in self.entities.iter().enumerate() {
            if matches!(entity.matcher, Matcher::Builtin(Builtin::Any)) {
                continue;
            }
            spans.extend(entity.matcher.find(text, today).iter().map(|h| (h.start, h.end, index)));
        }
        let spans = pick(spans);
        let mut out = Vec::new();
        let mut next_span = spans.iter().peekable();
        for token in tokenize(text) {
            while let Some(&(_, _, entity)) = next_span.next_if(|span| span.0 < token.end) {
                out.push(placeholder(&self.entities[entity].name));
            }
            // Spans are sorted and apart: only the last one starting before the token's end
            // can cover it.
            let before = spans.partition_point(|span| span.0 < token.end);
            let covered = before > 0 && spans[before - 1].1 > token.start;
            if !covered {
                out.push(token.text);
            }
        }
        out.extend(next_span.map(|&(_, _, entity)| placeholder(&self.entities[entity].name)));
        out
    }

    /// Classifies `text` (cut at 4 KiB). `now_ms` dates relative dates in the slots.
    ///
    /// ```
    /// use flowsim_flow::nlu::{MatchKind, Nlu};
    /// let nlu = Nlu::from_json(&serde_json::json!({"intents": [
    ///     {"name": "Cancel Order", "utterances": [{"segments": [{"text": "cancel my order"}]}]}]}))
    ///     .unwrap();
    /// // Content words {cancel, order, now} against {cancel, order}: 2×2/5.
    /// let c = nlu.classify("Please cancel the order now", 0);
    /// assert_eq!((c.intent.as_deref(), c.confidence), (Some("Cancel Order"), 0.8));
    /// let shared = vec!["cancel".to_owned(), "order".to_owned()];
    /// assert_eq!(c.candidates[0].how, MatchKind::Overlap { shared, total: 5 });
    /// ```
    pub fn classify(&self, text: &str, now_ms: i64) -> Classification {
        let text = bounded(text);
        let today = super::datetime::today(now_ms);
        let tokens = self.normalize(text, today);
        let normalized = tokens.join(" ");
        // Content words in the input's order (so `shared` reads like the input), once each.
        let mut seen = rustc_hash::FxHashSet::default();
        let content: Vec<String> =
            content_set_in_order(&tokens).filter(|t| seen.insert(t.clone())).collect();
        let words: Vec<String> = tokenize(text).into_iter().map(|t| t.text).collect();
        let mut candidates: Vec<Candidate> = Vec::new();
        if !tokens.is_empty() {
            for intent in &self.intents {
                // The best match as (score, rank, utterance index; `None`: the intent's name),
                // found without allocating; the candidate is built once, for the winner.
                let mut best: Option<(f64, u8, Option<usize>)> = (!words.is_empty()
                    && words == intent.name_words)
                    .then_some((NAME_SCORE, 1, None));
                for ui in intent.utterances.clone() {
                    let u = &self.utterances[ui];
                    let (score, rank) =
                        if u.tokens == tokens { (1.0, 2) } else { (dice(&content, &u.content), 0) };
                    let better = best.is_none_or(|(s, r, _)| score > s || (score == s && rank > r));
                    if score > 0.0 && better {
                        best = Some((score, rank, Some(ui)));
                    }
                }
                candidates.extend(best.map(|(score, rank, ui)| match ui {
                    None => Candidate {
                        intent: intent.name.clone(),
                        score,
                        utterance: intent.name.to_string(),
                        how: MatchKind::IntentName,
                    },
                    Some(ui) => {
                        let u = &self.utterances[ui];
                        let how = if rank == 2 {
                            MatchKind::Exact
                        } else {
                            overlap(&content, &u.content).1
                        };
                        Candidate {
                            intent: intent.name.clone(),
                            score,
                            utterance: u.written.clone(),
                            how,
                        }
                    }
                }));
            }
        }
        // Stable: equal scores keep definition order.
        candidates.sort_by(|a, b| b.score.total_cmp(&a.score));
        let intent = candidates.first().map(|c| c.intent.clone());
        let confidence = candidates.first().map_or(0.0, |c| c.score);
        let slots = intent
            .as_deref()
            .map(|name| {
                self.intent_slots(name)
                    .iter()
                    .filter(|slot| {
                        !self
                            .slot(slot)
                            .is_some_and(|s| s.kind == super::SlotKind::Builtin(Builtin::Any))
                    })
                    .filter_map(|slot| Some((slot.clone(), self.extract(slot, text, now_ms)?)))
                    .collect()
            })
            .unwrap_or_default();
        Classification { intent, confidence, candidates, slots, normalized }
    }
}

fn content_set_in_order(tokens: &[String]) -> impl Iterator<Item = String> + '_ {
    tokens.iter().filter(|t| !is_stop(t)).cloned()
}

/// The Dice coefficient of the input's content words (without duplicates) and an utterance's
/// (sorted), counted without allocating.
fn dice(input: &[String], utterance: &[String]) -> f64 {
    let total = input.len() + utterance.len();
    if total == 0 {
        return 0.0;
    }
    let shared = input.iter().filter(|t| utterance.binary_search(t).is_ok()).count();
    2.0 * shared as f64 / total as f64
}

/// The Dice coefficient of the input's content words (without duplicates) and an utterance's
/// (sorted), and the shared words in the input's order.
fn overlap(input: &[String], utterance: &[String]) -> (f64, MatchKind) {
    let shared: Vec<String> =
        input.iter().filter(|t| utterance.binary_search(t).is_ok()).cloned().collect();
    let total = input.len() + utterance.len();
    let score = if total == 0 { 0.0 } else { 2.0 * shared.len() as f64 / total as f64 };
    (score, MatchKind::Overlap { shared, total })
}

impl Classification {
    /// A multi-line explanation for authors (`flowsim nlu FLOW "text"` prints it as is):
    /// the normalized input, the intent and its confidence, every candidate with its score and
    /// why, the slots found. Scores show two decimals.
    ///
    /// ```
    /// use flowsim_flow::nlu::Nlu;
    /// let nlu = Nlu::from_json(&serde_json::json!({"intents": [
    ///     {"name": "Cancel Order", "utterances": [{"segments": [{"text": "cancel my order"}]}]},
    ///     {"name": "Order Status", "utterances": [{"segments": [{"text": "where is my order"}]}]}]}))
    ///     .unwrap();
    /// assert_eq!(nlu.classify("Cancel the order!", 0).explain(), r#"normalized: cancel the order
    /// intent: Cancel Order (confidence 1.00)
    /// candidates:
    ///   1.00  Cancel Order: shares cancel, order (2×2/4) with "cancel my order"
    ///   0.50  Order Status: shares order (2×1/4) with "where is my order"
    /// slots: none found
    /// "#);
    /// ```
    pub fn explain(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "normalized: {}", self.normalized);
        match &self.intent {
            Some(intent) => {
                let _ = writeln!(out, "intent: {intent} (confidence {:.2})", self.confidence);
            }
            None => out.push_str("intent: none (confidence 0.00: no intent shares a word)\n"),
        }
        if !self.candidates.is_empty() {
            out.push_str("candidates:\n");
        }
        for c in &self.candidates {
            let _ = write!(out, "  {:.2}  {}: ", c.score, c.intent);
            match &c.how {
                MatchKind::Exact => {
                    let _ = writeln!(out, "exact match of {:?}", c.utterance);
                }
                MatchKind::IntentName => out.push_str("the input is the intent's name\n"),
                MatchKind::Overlap { shared, total } => {
                    let _ = writeln!(
                        out,
                        "shares {} (2×{}/{total}) with {:?}",
                        shared.join(", "),
                        shared.len(),
                        c.utterance
                    );
                }
            }
        }
        if self.intent.is_some() {
            out.push_str(if self.slots.is_empty() { "slots: none found\n" } else { "slots:\n" });
        }
        for (name, found) in &self.slots {
            let _ = writeln!(
                out,
                "  {name} = {} from {:?} ({})",
                found.value.to_json(),
                found.text,
                found.how
            );
        }
        out
    }
}
