//! A code's explanation in its four parts: what it means, its usual cause, what to do, and an
//! example. The one source is the doc comment of the code's declaration (`Code`'s variants for
//! check codes, `ErrorKind`'s for run errors): a first paragraph, then paragraphs that start
//! `Cause:`, `Do:` and `Example:`. `flowsim explain` prints them, and docs/codes.md is
//! generated from them ([`markdown`]; a test fails when the file differs).

use super::Code;
use crate::kind::ErrorKind;
use std::fmt::Write as _;

/// The four parts of a code's explanation, each one paragraph of plain text (backticks kept).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Explanation {
    pub meaning: String,
    pub cause: String,
    pub action: String,
    pub example: String,
}

impl Explanation {
    /// Reads a doc comment's text (one line per doc line): paragraphs are separated by blank
    /// lines; a paragraph that starts with a part's label is that part, the others are the
    /// meaning. A part a text lacks is empty.
    #[must_use]
    pub fn parse(text: &str) -> Explanation {
        let mut out = Explanation::default();
        for paragraph in text.split("\n\n").map(one_line).filter(|p| !p.is_empty()) {
            let (part, body) = if let Some(rest) = paragraph.strip_prefix("Cause: ") {
                (&mut out.cause, rest)
            } else if let Some(rest) = paragraph.strip_prefix("Do: ") {
                (&mut out.action, rest)
            } else if let Some(rest) = paragraph.strip_prefix("Example: ") {
                (&mut out.example, rest)
            } else {
                (&mut out.meaning, paragraph.as_str())
            };
            if !part.is_empty() {
                part.push(' ');
            }
            part.push_str(body.trim());
        }
        out
    }

    /// The four parts with their headings, as `flowsim explain` and docs/codes.md show them.
    #[must_use]
    pub fn parts(&self) -> [(&'static str, &str); 4] {
        [
            ("What it means", &self.meaning),
            ("Usual cause", &self.cause),
            ("What to do", &self.action),
            ("Example", &self.example),
        ]
    }
}

/// A paragraph's lines as one line.
fn one_line(paragraph: &str) -> String {
    paragraph.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

impl Code {
    /// [`Explanation::parse`] of the code's explanation.
    #[must_use]
    pub fn explain(self) -> Explanation {
        Explanation::parse(self.explanation())
    }
}

/// Every code to explain, in the order docs/codes.md lists them: check codes, then run
/// errors (a name can be both: `unsupported` is a check's finding and a run's error).
pub fn every_code() -> impl Iterator<Item = Code> {
    Code::ALL.iter().copied().chain(ErrorKind::ALL.into_iter().map(Code::Run))
}

/// docs/codes.md's generated part: a section per group, a heading and the four parts per code.
#[must_use]
pub fn markdown() -> String {
    let mut out = String::new();
    for (title, run) in [("Check codes", false), ("Run errors", true)] {
        let _ = write!(out, "\n## {title}\n");
        for code in every_code().filter(|c| matches!(c, Code::Run(_)) == run) {
            let _ = write!(out, "\n### {}\n\n", code.as_str());
            let e = code.explain();
            for (heading, text) in e.parts() {
                let _ = writeln!(out, "- **{heading}**: {text}");
            }
        }
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every check code and every run error says what it means, its usual cause, what to do,
    /// and shows an example (in backticks); no two share any part of their explanation.
    #[test]
    fn every_code_has_all_four_parts_and_its_own() {
        let mut seen: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
        let mut wrong = Vec::new();
        for code in every_code() {
            let name = code.as_str();
            let e = code.explain();
            for (heading, text) in e.parts() {
                if text.len() < 12 {
                    wrong.push(format!("{name}: no {heading}"));
                }
                if let Some(other) = seen.insert(text.to_owned(), name) {
                    wrong.push(format!("{name} and {other} share their {heading}: {text}"));
                }
            }
            if !e.example.contains('`') {
                wrong.push(format!("{name}: its example shows nothing in backticks"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// The run errors a user meets most are explained each by its own cause.
    #[test]
    fn not_set_unmocked_data_action_and_queue_not_found_name_their_own_cause() {
        let explain = |name| Code::from_name(name).expect("a code").explain();
        let not_set = explain("notSet");
        let unmocked = explain("unmockedDataAction");
        let queue = explain("queueNotFound");
        assert!(not_set.cause.contains("read before anything set it"), "{not_set:?}");
        assert!(unmocked.cause.contains("lack a mock for the data action"), "{unmocked:?}");
        assert!(queue.cause.contains("queue misspelt"), "{queue:?}");
        assert_ne!(not_set, unmocked);
        assert_ne!(unmocked, queue);
    }

    #[test]
    fn parts_are_read_from_their_paragraphs() {
        let e = Explanation::parse(
            " A thing.\n More of it.\n\n Cause: a slip.\n\n Do: fix\n it.\n\n Example: `x`.\n",
        );
        assert_eq!(e.meaning, "A thing. More of it.");
        assert_eq!(e.cause, "a slip.");
        assert_eq!(e.action, "fix it.");
        assert_eq!(e.example, "`x`.");
    }

    /// docs/codes.md lists every code from the same source (`FLOWSIM_UPDATE_DOCS=1` rewrites it).
    #[test]
    fn docs_codes_md_is_generated_from_the_explanations() {
        crate::util::assert_generated(
            "docs/codes.md",
            "<!-- codes:start -->\n",
            "<!-- codes:end -->",
            &markdown(),
        );
    }
}
