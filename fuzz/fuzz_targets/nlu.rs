//! A bot flow's NLU domain (the JSON of Archy's `settingsNaturalLanguageUnderstanding` and an
//! export's `rawNlu`) and customer turns: loading may refuse a domain, never panic; a loaded
//! domain classifies any turn, reads any slot from it and checks any pinned value, the same
//! way twice.
//!
//! The input is a domain, a NUL byte, then turns separated by newlines. Seed it with the bot
//! flows' domains (docs/expressions.md, "Fuzzing", shows how).
#![no_main]

use flowsim::nlu::Nlu;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (domain, turns) = text.split_once('\0').unwrap_or((text, "where is my order"));
    let Ok(json) = serde_json::from_str::<serde_json::Value>(domain) else { return };
    let Ok(nlu) = Nlu::from_json(&json) else { return };
    let slots: Vec<String> = nlu.slot_names().map(str::to_owned).collect();
    for turn in turns.split('\n').take(16) {
        let a = nlu.classify(turn, 1_767_258_000_000);
        let b = nlu.classify(turn, 1_767_258_000_000);
        assert_eq!(a.explain(), b.explain(), "classification is deterministic");
        let _ = flowsim::nlu::yes_no(turn);
        for slot in &slots {
            let _ = nlu.extract(slot, turn, 1_767_258_000_000);
            let _ = nlu.slot_value(slot, &serde_json::Value::String(turn.to_owned()));
        }
    }
});
