//! Normalisation: how a text becomes the tokens that classification compares.
//!
//! Rules (docs/nlu.md repeats them for authors):
//! - Unicode lowercase;
//! - an apostrophe (`'`, `’`, `ʼ`) between two letters or digits is dropped: `I'd` → `id`;
//! - every other character that is not a letter or digit separates tokens;
//! - [`STOP_WORDS`] are kept in the token sequence (exact matches compare every token) but left
//!   out of the content tokens that overlap scoring compares.

use crate::util::Cut;
/// Words left out of overlap scoring: the short function words and politeness every request
/// carries, which would otherwise make unrelated requests look alike. Sorted (binary search).
pub const STOP_WORDS: [&str; 32] = [
    "a", "am", "an", "and", "are", "at", "be", "can", "could", "do", "for", "i", "id", "im", "in",
    "is", "it", "like", "me", "my", "need", "of", "on", "or", "please", "the", "to", "want",
    "with", "would", "you", "your",
];

/// Inputs longer than this are cut (at a character boundary) before any matching: what a chat
/// message or a transcribed utterance can reasonably hold, and a bound on every scan.
pub const MAX_INPUT_BYTES: usize = 4 * 1024;

/// A token of the input: its normalized text and the byte range of the original it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Whether a content-less word: excluded from overlap scoring.
pub fn is_stop(token: &str) -> bool {
    STOP_WORDS.binary_search(&token).is_ok()
}

/// The placeholder token that stands for an entity's value: `<OrderNumberType>`. Ordinary
/// tokens never hold `<`, so a placeholder never equals a word.
pub fn placeholder(entity: &str) -> String {
    format!("<{entity}>")
}

/// `text` cut to at most [`MAX_INPUT_BYTES`], at a character boundary.
pub fn bounded(text: &str) -> &str {
    if text.len() <= MAX_INPUT_BYTES {
        return text;
    }
    let mut end = MAX_INPUT_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.cut(..end)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02bc}')
}

/// Splits `text` into normalized tokens with their places in `text`.
///
/// ```
/// use flowsim_flow::nlu::text::tokenize;
/// let words: Vec<String> = tokenize("I'd like RED-ish, please!").into_iter().map(|t| t.text).collect();
/// assert_eq!(words, ["id", "like", "red", "ish", "please"]);
/// ```
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut current: Option<Token> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c.is_alphanumeric() {
            let token =
                current.get_or_insert_with(|| Token { text: String::new(), start: at, end: at });
            token.text.extend(c.to_lowercase());
            token.end = at + c.len_utf8();
        } else if is_apostrophe(c)
            && current.is_some()
            && chars.peek().is_some_and(|(_, next)| next.is_alphanumeric())
        {
            // Inside a word: dropped, the word goes on.
        } else if let Some(token) = current.take() {
            tokens.push(token);
        }
    }
    tokens.extend(current);
    tokens
}

/// The normalized words of `text`, joined by single spaces: how list values, synonyms and
/// intent names are compared.
pub fn words(text: &str) -> Vec<String> {
    tokenize(text).into_iter().map(|t| t.text).collect()
}

/// The content tokens of a token sequence: stop words dropped, sorted, without duplicates.
pub fn content_set(tokens: &[String]) -> Vec<String> {
    let mut set: Vec<String> = tokens.iter().filter(|t| !is_stop(t)).cloned().collect();
    set.sort_unstable();
    set.dedup();
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn apostrophes_only_join_inside_words() {
        assert_eq!(words("Where’s my 'order'?"), ["wheres", "my", "order"]);
        assert_eq!(words("ÄRGER über Öl"), ["ärger", "über", "öl"]);
    }

    #[test]
    fn bounded_cuts_at_a_char_boundary() {
        let long = "é".repeat(MAX_INPUT_BYTES);
        let cut = bounded(&long);
        assert!(cut.len() <= MAX_INPUT_BYTES && cut.len() > MAX_INPUT_BYTES - 2);
    }
}
