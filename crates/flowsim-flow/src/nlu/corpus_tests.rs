//! Every bot NLU domain of the corpus (`$FLOWSIM_CORPUS`, else `../shared/corpus`): Archy
//! bots' `settingsNaturalLanguageUnderstanding.nluDomainVersion` and Architect exports'
//! `nluMetaData.rawNlu`. Each loads, and each training utterance, typed as an input, is
//! classified back to its own intent (how many are is printed; a floor keeps it honest).

use super::*;
use serde_json::Value as J;
use std::path::{Path, PathBuf};

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("FLOWSIM_CORPUS").map_or_else(
        || Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("../shared/corpus"),
        PathBuf::from,
    );
    dir.is_dir().then_some(dir)
}

/// `(file, domain)` for every bot flow with an NLU domain, in file-name order.
fn domains(dir: &Path) -> Vec<(String, J)> {
    let mut found = Vec::new();
    // Archy's `{{key}}` substitutions stand outside YAML: neutralised for parsing.
    let substitution = regex::Regex::new(r"\{\{[^}]*\}\}").expect("valid");
    for sub in ["archy", "i3"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else { continue };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        paths.sort();
        for path in paths {
            let name =
                path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("yaml"))
                && text.contains("nluDomainVersion")
            {
                let text = substitution.replace_all(&text, "x");
                let yaml = crate::util::strict::from_yaml(&text).expect("corpus YAML parses");
                let domain =
                    yaml.pointer("/botFlow/settingsNaturalLanguageUnderstanding/nluDomainVersion");
                found.extend(domain.map(|d| (name.clone(), d.clone())));
            } else if name.ends_with("BotFlow.json") {
                let json: J = serde_json::from_str(&text).expect("corpus JSON parses");
                let mut raw = Vec::new();
                raw_nlu(&json, &mut raw);
                for r in raw {
                    found.push((name.clone(), serde_json::from_str(&r).expect("rawNlu is JSON")));
                }
            }
        }
    }
    found
}

fn raw_nlu(json: &J, out: &mut Vec<String>) {
    match json {
        J::Object(o) => {
            for (k, v) in o {
                match v {
                    J::String(s) if k == "rawNlu" => out.push(s.clone()),
                    _ => raw_nlu(v, out),
                }
            }
        }
        J::Array(items) => items.iter().for_each(|v| raw_nlu(v, out)),
        _ => {}
    }
}

#[test]
#[cfg_attr(
    flowsim_missing = "corpus",
    ignore = "needs the flow corpus: set FLOWSIM_CORPUS or put it at ../shared/corpus"
)]
fn every_corpus_domain_loads_and_classifies_its_own_utterances() {
    let dir = corpus().expect("the corpus: build.rs saw it, or CI requires it");
    let domains = domains(&dir);
    assert!(!domains.is_empty(), "the corpus has bot flows with NLU domains");
    let (mut agree, mut total) = (0, 0);
    for (file, domain) in &domains {
        let nlu = Nlu::from_json(domain).unwrap_or_else(|e| panic!("{file}: {e:#?}"));
        for intent in &nlu.intents {
            for u in &nlu.utterances[intent.utterances.clone()] {
                total += 1;
                let c = nlu.classify(&u.written, 0);
                if c.intent.as_deref() == Some(&*intent.name) {
                    agree += 1;
                } else {
                    eprintln!(
                        "{file}: {:?} of {:?} went to\n{}",
                        u.written,
                        intent.name,
                        c.explain()
                    );
                }
            }
        }
    }
    eprintln!(
        "corpus NLU: {} domains, {agree}/{total} training utterances classified to their own intent",
        domains.len()
    );
    assert!(agree * 10 >= total * 9, "{agree}/{total} agree");
}
