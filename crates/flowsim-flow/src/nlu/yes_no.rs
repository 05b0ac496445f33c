//! Ask for Yes/No: whether a reply says yes or no.
//!
//! The reply is normalized like any input (so `That's right!` is `thats right`). A reply that is
//! exactly one of the phrases below answers with confidence `1.0`; a reply that starts with one
//! (the longest first) and does not go on to a phrase of the other answer (`no thanks, I'm
//! fine`) answers with `0.8`; anything else (`maybe`, `yes and no`) is no answer.

use super::text::words;

/// Confidence of a reply that is exactly a yes or no phrase.
pub const EXACT: f64 = 1.0;
/// Confidence of a reply that starts with one.
pub const LEADING: f64 = 0.8;

const YES: [&str; 18] = [
    "yes",
    "yeah",
    "yep",
    "yup",
    "y",
    "sure",
    "correct",
    "right",
    "ok",
    "okay",
    "affirmative",
    "thats right",
    "that is right",
    "thats correct",
    "that is correct",
    "yes please",
    "of course",
    "absolutely",
];
const NO: [&str; 13] = [
    "no",
    "nope",
    "n",
    "nah",
    "not really",
    "incorrect",
    "wrong",
    "negative",
    "no thanks",
    "no thank you",
    "thats wrong",
    "that is wrong",
    "not at all",
];

/// The answer a reply gives and how sure that is; `None` when it gives none.
///
/// ```
/// use flowsim_flow::nlu::yes_no;
/// assert_eq!(yes_no("Yep"), Some((true, 1.0)));
/// assert_eq!(yes_no("That's right!"), Some((true, 1.0)));
/// assert_eq!(yes_no("no thanks, I'm fine"), Some((false, 0.8)));
/// assert_eq!(yes_no("maybe"), None);
/// ```
pub fn yes_no(text: &str) -> Option<(bool, f64)> {
    let words = words(super::text::bounded(text));
    let (answer, used) = leading(&words)?;
    if used == words.len() {
        return Some((answer, EXACT));
    }
    let contradicted =
        (used..words.len()).any(|at| leading(&words[at..]).is_some_and(|(a, _)| a != answer));
    (!contradicted).then_some((answer, LEADING))
}

/// The answer of the longest phrase that `words` starts with, and how many words it has.
fn leading(words: &[String]) -> Option<(bool, usize)> {
    let phrases = YES.iter().map(|p| (true, *p)).chain(NO.iter().map(|p| (false, *p)));
    phrases
        .filter_map(|(answer, phrase)| {
            let n = phrase.split(' ').count();
            let head = words.get(..n)?;
            head.iter().map(String::as_str).eq(phrase.split(' ')).then_some((answer, n))
        })
        .max_by_key(|&(_, n)| n)
}
