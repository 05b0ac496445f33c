//! Property tests: no domain JSON makes loading panic; no text makes classification panic or
//! vary.

use super::tests::shop;
use super::*;
use proptest::prelude::*;
use serde_json::Value as J;

fn words() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "order",
        "12345678",
        "cancel",
        "red",
        "dark",
        "$5",
        "3pm",
        "tomorrow",
        "twenty",
        "one",
        "hundred",
        "I'd",
        "’",
        "-",
        ",",
        "2026-03-14",
        "3/14/2026",
        "a@b.co",
        "5",
        "%",
        "é",
    ]);
    prop::collection::vec(word, 0..12).prop_map(|w| w.join(" "))
}

/// JSON made of the domain's own keys, nested, with odd leaves.
fn domain_json() -> impl Strategy<Value = J> {
    let leaf = prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::from),
        any::<i64>().prop_map(J::from),
        prop::sample::select(vec![
            "",
            "builtin:date",
            "builtin:x",
            "List",
            "Regex",
            "a(?=b)",
            "[",
            "x",
            "X"
        ])
        .prop_map(J::from),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        let key = prop::sample::select(vec![
            "intents",
            "utterances",
            "segments",
            "text",
            "entity",
            "name",
            "type",
            "entities",
            "entityTypes",
            "mechanism",
            "items",
            "value",
            "synonyms",
            "entityNameReferences",
            "language",
        ]);
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(J::from),
            prop::collection::vec((key, inner), 0..5).prop_map(|members| J::Object(
                members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
            )),
        ]
    })
}

proptest! {
    #[test]
    fn loading_any_json_never_panics(domain in domain_json()) {
        if let Ok(nlu) = Nlu::from_json(&domain) {
            let _ = nlu.classify("x 1 tomorrow", 0).explain();
        }
    }

    #[test]
    fn classify_never_panics_and_is_deterministic(
        text in prop_oneof![any::<String>(), words()],
        now in any::<i64>(),
    ) {
        let nlu = shop();
        let first = nlu.classify(&text, now);
        prop_assert_eq!(&first, &nlu.classify(&text, now));
        prop_assert!((0.0..=1.0).contains(&first.confidence));
        let _ = first.explain();
        for slot in ["Order", "Colour"] {
            let _ = nlu.extract(slot, &text, now);
        }
        let _ = yes_no(&text);
    }
}
