//! The matching rules of docs/nlu.md, one test each, on a small shop domain.

use super::*;
use serde_json::{json, Value as J};

/// An utterance written with its entity segments inline: `"order {Order:87654321} please"`.
pub(super) fn utterance(text: &str) -> J {
    let mut segments = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let close = open + rest[open..].find('}').expect("a closed segment");
        let (entity, value) = rest[open + 1..close].split_once(':').expect("{Entity:text}");
        if open > 0 {
            segments.push(json!({"text": &rest[..open]}));
        }
        segments.push(json!({"text": value, "entity": {"name": entity}}));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        segments.push(json!({"text": rest}));
    }
    json!({"segments": segments, "id": "ignored", "source": "User"})
}

pub(super) fn intent(name: &str, utterances: &[&str], slots: &[&str]) -> J {
    let utterances: Vec<J> = utterances.iter().map(|u| utterance(u)).collect();
    json!({"name": name, "utterances": utterances, "entityNameReferences": slots})
}

#[track_caller]
pub(super) fn nlu(domain: &J) -> Nlu {
    Nlu::from_json(domain).unwrap_or_else(|errors| panic!("the domain loads: {errors:#?}"))
}

#[track_caller]
fn errors(domain: &J) -> Vec<String> {
    Nlu::from_json(domain)
        .expect_err("the domain has errors")
        .iter()
        .map(ToString::to_string)
        .collect()
}

pub(super) fn shop() -> Nlu {
    nlu(&json!({
        "language": "en-us",
        "intents": [
            intent("Check Order Status", &["where is my order", "order status",
                "My order number is {Order:87654321}.  Where is my order"], &["Order"]),
            intent("Cancel Order", &["cancel my order", "I don't want this"], &["Order"]),
            intent("Speak to Agent", &["operator", "I want to speak to an agent"], &[]),
            intent("Paint", &["I want {Colour:red} paint", "paint it {Colour:red}"], &["Colour"]),
        ],
        "entities": [{"name": "Order", "type": "*.OrderType"}, {"name": "Colour", "type": "Colours"}],
        "entityTypes": [
            {"name": "*.OrderType", "description": "ignored",
             "mechanism": {"type": "Regex", "restricted": true, "items": [{"value": "\\b[0-9]{8}\\b", "synonyms": []}]}},
            {"name": "Colours", "mechanism": {"type": "List", "items": [
                {"value": "red", "synonyms": ["crimson", "scarlet", "dark red"]},
                {"value": "light blue", "synonyms": ["sky blue"]}]}}],
        "languageVersions": {}
    }))
}

#[track_caller]
fn top(nlu: &Nlu, text: &str) -> (Option<String>, String) {
    let c = nlu.classify(text, 0);
    (c.intent.map(|i| i.to_string()), format!("{:.2}", c.confidence))
}

#[test]
fn an_utterance_typed_again_is_an_exact_match() {
    let c = shop().classify("Where is my order?", 0);
    assert_eq!(c.intent.as_deref(), Some("Check Order Status"));
    assert_eq!((c.confidence, &c.candidates[0].how), (1.0, &MatchKind::Exact));
    assert_eq!(c.candidates[0].utterance, "where is my order");
}

#[test]
fn case_punctuation_and_apostrophes_do_not_matter() {
    assert_eq!(top(&shop(), "I DONT want this!!"), (Some("Cancel Order".into()), "1.00".into()));
    assert_eq!(shop().classify("  I don’t   want-this ", 0).normalized, "i dont want this");
}

#[test]
fn the_intent_name_scores_095() {
    let c = shop().classify("Paint", 0);
    assert_eq!((c.intent.as_deref(), c.confidence), (Some("Paint"), 0.95));
    assert_eq!(
        (&c.candidates[0].how, &*c.candidates[0].utterance),
        (&MatchKind::IntentName, "Paint")
    );
    // An utterance with the same content words still scores more: {speak, agent} twice.
    assert_eq!(top(&shop(), "speak to agent"), (Some("Speak to Agent".into()), "1.00".into()));
}

#[test]
fn otherwise_the_score_is_the_dice_coefficient_of_content_words() {
    // {cancel, order, now} against {cancel, order}: 2×2/5.
    let c = shop().classify("cancel the order now", 0);
    assert_eq!((c.intent.as_deref(), c.confidence), (Some("Cancel Order"), 0.8));
    let shared = vec!["cancel".to_owned(), "order".to_owned()];
    assert_eq!(c.candidates[0].how, MatchKind::Overlap { shared, total: 5 });
    // Every intent that shares a word is a candidate, best first.
    let intents: Vec<&str> = c.candidates.iter().map(|c| &*c.intent).collect();
    assert_eq!(intents, ["Cancel Order", "Check Order Status"]);
}

#[test]
fn stop_words_alone_match_nothing() {
    let c = shop().classify("I want to, please", 0);
    assert_eq!((c.intent, c.confidence, c.candidates.len()), (None, 0.0, 0));
}

#[test]
fn entity_values_become_placeholders_in_inputs_and_utterances() {
    let c = shop().classify("my order number is 12345678. where is my order", 0);
    assert_eq!(c.normalized, "my order number is <Order> where is my order");
    assert_eq!((c.intent.as_deref(), c.confidence), (Some("Check Order Status"), 1.0));
    assert_eq!(c.slots.len(), 1);
    assert_eq!((&*c.slots[0].0, &c.slots[0].1.value), ("Order", &Value::str("12345678")));
    // List synonyms too, and the plain text of utterances gets the same treatment.
    let c = shop().classify("paint it scarlet", 0);
    assert_eq!((c.normalized.as_str(), c.confidence), ("paint it <Colour>", 1.0));
    assert_eq!(c.slots[0].1.how, "list value `red` (synonym `scarlet`)");
}

#[test]
fn ties_go_to_the_intent_defined_first() {
    let nlu = nlu(&json!({"intents": [
        intent("Billing", &["question about billing"], &[]),
        intent("Account", &["question about account"], &[]),
    ]}));
    let c = nlu.classify("a question", 0);
    let scores: Vec<(&str, f64)> = c.candidates.iter().map(|c| (&*c.intent, c.score)).collect();
    assert_eq!(scores, [("Billing", 0.5), ("Account", 0.5)]);
    assert_eq!(c.intent.as_deref(), Some("Billing"));
}

#[test]
fn empty_texts_and_empty_domains_give_no_intent() {
    assert_eq!(top(&shop(), ""), (None, "0.00".into()));
    assert_eq!(top(&shop(), " ?! "), (None, "0.00".into()));
    let empty = nlu(&json!({}));
    assert_eq!((top(&empty, "hello"), empty.language()), ((None, "0.00".into()), "en-us"));
    assert_eq!(empty.intent_names().count() + empty.slot_names().count(), 0);
}

#[test]
fn names_are_case_insensitive_and_canonical() {
    let shop = shop();
    assert_eq!(shop.intent("check ORDER status"), Some("Check Order Status"));
    assert_eq!(shop.intent("nope"), None);
    assert_eq!(shop.intent_slots("paint"), [Arc::from("Colour")]);
    assert!(shop.intent_slots("nope").is_empty());
    let names: Vec<&str> = shop.intent_names().collect();
    assert_eq!(names, ["Check Order Status", "Cancel Order", "Speak to Agent", "Paint"]);
    let slot = shop.slot("ORDER").expect("a slot");
    assert_eq!(
        (&*slot.name, &*slot.type_name, slot.kind),
        ("Order", "*.OrderType", SlotKind::Regex)
    );
    assert_eq!(shop.slot_names().collect::<Vec<_>>(), ["Order", "Colour"]);
}

#[test]
fn list_values_match_whole_words_longest_first() {
    let shop = shop();
    let found = shop.extract("colour", "A Sky Blue one, or dark red", 0).expect("a colour");
    assert_eq!((found.value, found.text.as_str()), (Value::str("light blue"), "Sky Blue"));
    // `reddish` is not `red`.
    assert_eq!(shop.extract("colour", "reddish", 0), None);
    let found = shop.extract("colour", "RED", 0).expect("a colour");
    assert_eq!((found.text.as_str(), found.how.as_str()), ("RED", "list value `red`"));
}

#[test]
fn regexes_take_the_first_match_in_the_original_text() {
    let found = shop().extract("Order", "not 1234 but 11112222 or 33334444", 0).expect("a number");
    assert_eq!(
        (found.value, found.how.as_str()),
        (Value::str("11112222"), "regex `\\b[0-9]{8}\\b`")
    );
    assert_eq!(shop().extract("Order", "no number", 0), None);
    assert_eq!(shop().extract("no such slot", "11112222", 0), None);
}

#[test]
fn a_regex_the_regex_crate_cannot_compile_is_an_error_naming_it() {
    let domain = json!({"entityTypes": [{"name": "T", "mechanism": {"type": "Regex",
        "items": [{"value": "a(?=b)"}, {"value": "(a)\\1"}, {"value": "ok"}, {"value": "(?:\\w{100}){100}"}]}}]});
    let errors = errors(&domain);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(
        errors[0].starts_with(
            "entityTypes[0].mechanism.items[0].value: regex `a(?=b)` does not compile: look-around"
        ),
        "{}",
        errors[0]
    );
    assert!(errors[1].starts_with("entityTypes[0].mechanism.items[1].value: regex `(a)\\1` does not compile: backreferences"), "{}", errors[1]);
    assert_eq!(errors[2], "entityTypes[0].mechanism.items[3].value: regex `(?:\\w{100}){100}` is too large to compile: it expands to about 7960000 character classes and literals (at most 10000)");
}

/// Patterns are read as JavaScript reads a class (`nlu::dialect`): `[` inside one is a literal.
#[test]
fn a_bracket_inside_a_class_is_a_literal_as_in_javascript() {
    let nlu = Nlu::from_json(&json!({
        "entities": [{"name": "Name", "type": "T"}],
        "entityTypes": [{"name": "T", "mechanism": {"type": "Regex", "items": [{"value": "^[a-z=[\\]]+$"}]}}]
    }))
    .expect("loads");
    let found = nlu.extract("Name", "ab[c]=", 0).expect("matches");
    assert_eq!((found.value, found.how.as_str()), (Value::str("ab[c]="), "regex `^[a-z=[\\]]+$`"));
}

#[test]
fn a_regex_error_names_the_pattern_as_written() {
    let domain = json!({"entityTypes": [{"name": "T", "mechanism": {"type": "Regex",
        "items": [{"value": "[a[b"}]}}]});
    assert_eq!(
        errors(&domain),
        ["entityTypes[0].mechanism.items[0].value: regex `[a[b` does not compile: unclosed character class"]
    );
}

#[test]
fn every_load_error_is_reported_with_its_path() {
    let domain = json!({
        "intents": [
            intent("Same", &["{Ghost:x} here"], &["Nobody"]),
            intent("same", &[], &[]),
            {"utterances": [{"segments": [{"text": 5}]}]},
        ],
        "entities": [{"name": "Bad", "type": "Missing"}, {"name": "Odd", "type": "builtin:colour"}],
        "entityTypes": [{"name": "M", "mechanism": {"type": "Neural"}}],
    });
    assert_eq!(errors(&domain), [
        "entityTypes[0].mechanism.type: `Neural`: expected List, Regex, DynamicList, DynamicDateTime or AI",
        "entities[0].type: `Missing` is neither builtin:* nor a declared entity type (entityTypes: none)",
        "entities[1].type: unknown builtin type `builtin:colour` (supported: builtin:any, builtin:number, \
         builtin:integer, builtin:percent, builtin:currency, builtin:date, builtin:time, builtin:datetime, \
         builtin:email, builtin:duration, builtin:ordinal)",
        "intents[0].entityNameReferences[0]: no entity named `Nobody`",
        "intents[0].utterances[0].segments[0].entity.name: no entity named `Ghost`",
        "intents[1].name: a second intent named `same` (names are case-insensitive)",
        "intents[2].name: expected a string",
    ]);
    assert_eq!(
        errors(&json!([])),
        ["expected an NLU domain: an object with intents, entities and entityTypes"]
    );
    assert_eq!(errors(&json!({"intents": {}})), ["intents: expected a list"]);
}

#[test]
fn sizes_are_bounded() {
    let many: Vec<J> = (0..=MAX_INTENTS).map(|i| json!({"name": format!("i{i}")})).collect();
    assert_eq!(
        errors(&json!({"intents": many})),
        ["intents: 1001 items: at most 1000 are supported"]
    );
    let long = "word ".repeat(1000);
    assert_eq!(
        errors(&json!({"intents": [intent("Long", &[&long], &[])]})),
        ["intents[0].utterances[0].segments: over 4096 bytes of text: at most 4096 are supported"]
    );
    let utterances: Vec<&str> = vec!["hi"; MAX_UTTERANCES + 1];
    let e = errors(&json!({"intents": [intent("Chatty", &utterances, &[])]}));
    assert_eq!(e[0], "intents[0].utterances: 10001 items: at most 10000 are supported");
    // Inputs are cut, not refused.
    let c = shop().classify(&"cancel my order ".repeat(1000), 0);
    assert_eq!(c.intent.as_deref(), Some("Cancel Order"));
}

#[test]
fn pinned_slot_values_are_checked_against_the_type() {
    let shop = shop();
    assert_eq!(shop.slot_value("colour", &json!("Crimson")), Ok(Value::str("red")));
    assert_eq!(
        shop.slot_value("colour", &json!("blue")),
        Err("slot `Colour` (Colours) expects one of red, light blue (or a synonym), not \"blue\""
            .into())
    );
    assert_eq!(shop.slot_value("order", &json!(12_345_678)), Ok(Value::str("12345678")));
    assert_eq!(
        shop.slot_value("order", &json!("order 12345678")),
        Err("slot `Order` (*.OrderType) expects text that a pattern matches as a whole \
             (`\\b[0-9]{8}\\b`), not \"order 12345678\""
            .into())
    );
    assert_eq!(
        shop.slot_value("size", &json!(1)),
        Err("no slot `size` in the NLU domain (slots: Order, Colour)".into())
    );
}

#[test]
fn yes_and_no() {
    for yes in [
        "yes",
        "Yeah!",
        "yep",
        "y",
        "sure",
        "correct",
        "right",
        "OK",
        "okay",
        "affirmative",
        "that's right",
        "yes please",
    ] {
        assert_eq!(yes_no(yes), Some((true, 1.0)), "{yes}");
    }
    for no in ["no", "Nope.", "n", "nah", "not really", "incorrect", "wrong", "negative"] {
        assert_eq!(yes_no(no), Some((false, 1.0)), "{no}");
    }
    assert_eq!(yes_no("yes, the blue one"), Some((true, 0.8)));
    assert_eq!(yes_no("no thanks, I'm fine"), Some((false, 0.8)));
    for neither in ["", "maybe", "yes and no", "I'm not sure", "not correct", "yesterday"] {
        assert_eq!(yes_no(neither), None, "{neither}");
    }
}

#[test]
fn the_explanation_is_stable_text() {
    let c = shop().classify("Cancel order 12345678 now", 0);
    assert_eq!(c.explain(), "\
normalized: cancel order <Order> now
intent: Cancel Order (confidence 0.67)
candidates:
  0.67  Cancel Order: shares cancel, order (2×2/6) with \"cancel my order\"
  0.50  Check Order Status: shares order, <Order> (2×2/8) with \"My order number is 87654321.  Where is my order\"
slots:
  Order = \"12345678\" from \"12345678\" (regex `\\b[0-9]{8}\\b`)
");
    assert_eq!(
        shop().classify("hello", 0).explain(),
        "\
normalized: hello
intent: none (confidence 0.00: no intent shares a word)
"
    );
}

#[test]
fn classification_is_deterministic() {
    let (a, b) = (shop(), shop());
    for text in ["where is 12345678", "paint crimson or sky blue", "order", "agent operator"] {
        assert_eq!(a.classify(text, 0), b.classify(text, 0));
        assert_eq!(a.classify(text, 0).explain(), a.classify(text, 0).explain());
    }
}

#[test]
fn a_long_regex_is_refused_by_length_before_it_compiles_and_quoted_only_in_part() {
    // 200 patterns of 3.5 KB (texts stop at 4 KiB) would each compile for a while.
    let long = "(?:a|b)".repeat(500);
    let items: Vec<J> = (0..200).map(|_| json!({"value": long})).collect();
    let domain =
        json!({"entityTypes": [{"name": "T", "mechanism": {"type": "Regex", "items": items}}]});
    let found = errors(&domain);
    assert_eq!(found.len(), 200, "{found:#?}");
    assert!(found[0].contains("is longer than 1024 bytes (3500 bytes)"), "{}", found[0]);
    assert!(found.iter().all(|e| e.len() < 300), "{}", found[0]);
    let deep = format!("{}a{}", "(".repeat(100), ")".repeat(100));
    let domain = json!({"entityTypes": [{"name": "T", "mechanism": {"type": "Regex", "items": [{"value": deep}]}}]});
    assert_eq!(errors(&domain).len(), 1);
}

#[test]
fn short_regexes_with_huge_automata_are_refused_quickly() {
    // Each under 20 bytes, each an automaton far past the compiled-size limit. Compiled, each
    // took half a second (debug build) before the size limit stopped it: 200 took 126 s.
    let items: Vec<J> =
        (0..200).map(|i| json!({"value": format!("(?:\\w{{{}}}){{100}}", 100 + i)})).collect();
    let domain =
        json!({"entityTypes": [{"name": "T", "mechanism": {"type": "Regex", "items": items}}]});
    let started = std::time::Instant::now();
    let found = errors(&domain);
    let took = started.elapsed();
    assert_eq!(found.len(), 200, "{found:#?}");
    assert!(found.iter().all(|e| e.contains("is too large to compile")), "{}", found[0]);
    assert!(took < std::time::Duration::from_secs(20), "{took:?}");
}
