//! Compiling a domain's JSON into an [`Nlu`]: every problem is collected with its JSON path;
//! unknown keys (ids, `source`, `description`, `mutedUtterances`, ...) are ignored; missing or
//! `null` lists are empty.
//!
//! Limits (a domain is user input): [`MAX_INTENTS`] intents, [`MAX_UTTERANCES`] utterances in
//! all, [`MAX_ENTITIES`] entities and as many entity types, [`MAX_PATTERNS`] regex patterns,
//! [`MAX_PHRASES`] list values and synonyms, every text (name, segment, value, synonym) at most
//! [`MAX_TEXT_BYTES`] (longer is an error, not cut: a cut pattern would mean something else), and
//! each regex at most [`MAX_PATTERN_BYTES`] long, nested at most 64 deep, expanding to at most
//! [`MAX_EXPANSION`] (all the domain's together: [`MAX_DOMAIN_EXPANSION`]) and compiled within
//! [`REGEX_SIZE_LIMIT`].

use super::builtin::Builtin;
use super::entity::{ListType, Matcher, RegexType};
use super::text::{content_set, placeholder, words};
use super::{Entity, Intent, Nlu, NluError, Utterance};
use crate::util::fold_case;
use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::Value as J;
use std::sync::Arc;

pub const MAX_INTENTS: usize = 1_000;
pub const MAX_UTTERANCES: usize = 10_000;
pub const MAX_ENTITIES: usize = 200;
pub const MAX_PATTERNS: usize = 200;
pub const MAX_PHRASES: usize = 50_000;
pub const MAX_TEXT_BYTES: usize = 4 * 1024;
/// The compiled size of one regex (the `regex` crate's `size_limit` and DFA cache).
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;
/// The longest regex pattern read: compiling costs time in the pattern's length even within
/// [`REGEX_SIZE_LIMIT`], so 200 patterns of megabytes would take minutes to load.
pub const MAX_PATTERN_BYTES: usize = 1024;
/// What one regex may expand to before it is compiled ([`expansion`]): a short pattern such as
/// `\w{100}` is a huge automaton, and the compiler spends its time building it before its size
/// limit stops it (half a second each in a debug build), so it is refused before compiling.
pub const MAX_EXPANSION: u64 = 10_000;
/// What all the regexes of a domain may expand to together: loading a domain costs time in it.
pub const MAX_DOMAIN_EXPANSION: u64 = 100_000;

#[derive(Default)]
struct Cx {
    errors: Vec<NluError>,
    patterns: usize,
    phrases: usize,
    /// The [`expansion`] of the patterns read so far.
    expansion: u64,
}

impl Cx {
    fn error(&mut self, path: &str, message: impl Into<String>) {
        self.errors.push(NluError { path: path.to_owned(), message: message.into() });
    }

    /// The array at `key` of `obj`: empty when missing or null, an error when not an array.
    fn array<'v>(&mut self, obj: &'v J, key: &str, path: &str, max: usize) -> &'v [J] {
        match obj.get(key) {
            None | Some(J::Null) => &[],
            Some(J::Array(items)) if items.len() > max => {
                self.error(path, format!("{} items: at most {max} are supported", items.len()));
                &items[..max]
            }
            Some(J::Array(items)) => items,
            Some(_) => {
                self.error(path, "expected a list");
                &[]
            }
        }
    }

    /// A required, non-empty string of at most [`MAX_TEXT_BYTES`].
    fn name<'v>(&mut self, obj: &'v J, key: &str, path: &str) -> Option<&'v str> {
        match obj.get(key).and_then(J::as_str) {
            Some(s) if s.trim().is_empty() => self.error(path, "must not be empty"),
            Some(s) => return self.text(s, path),
            None => self.error(path, "expected a string"),
        }
        None
    }

    fn text<'v>(&mut self, s: &'v str, path: &str) -> Option<&'v str> {
        if s.len() > MAX_TEXT_BYTES {
            self.error(
                path,
                format!("{} bytes: texts of at most {MAX_TEXT_BYTES} are supported", s.len()),
            );
            return None;
        }
        Some(s)
    }
}

pub(super) fn load(v: &J) -> Result<Nlu, Vec<NluError>> {
    let mut cx = Cx::default();
    if !v.is_object() {
        cx.error("", "expected an NLU domain: an object with intents, entities and entityTypes");
        return Err(cx.errors);
    }
    let language = match v.get("language") {
        None | Some(J::Null) => "en-us",
        Some(J::String(s)) => cx.text(s, "language").unwrap_or_default(),
        Some(_) => {
            cx.error("language", "expected a string");
            ""
        }
    };
    let types = entity_types(&mut cx, v);
    let entities = entities(&mut cx, v, &types);
    let entity_by_name = index(entities.iter().map(|e| &*e.name));
    let mut nlu = Nlu {
        language: language.to_owned(),
        intents: Vec::new(),
        utterances: Vec::new(),
        entities,
        intent_by_name: FxHashMap::default(),
        entity_by_name,
    };
    intents(&mut cx, v, &mut nlu);
    nlu.intent_by_name = index(nlu.intents.iter().map(|i| &*i.name));
    if cx.errors.is_empty() {
        Ok(nlu)
    } else {
        Err(cx.errors)
    }
}

fn index<'a>(names: impl Iterator<Item = &'a str>) -> FxHashMap<String, usize> {
    names.enumerate().map(|(i, n)| (fold_case(n).into_owned(), i)).collect()
}

/// Whether `name` is new among `seen` (folded); an error at `path` when not.
fn unique(cx: &mut Cx, seen: &mut FxHashSet<String>, name: &str, path: &str, what: &str) -> bool {
    let fresh = seen.insert(fold_case(name).into_owned());
    if !fresh {
        cx.error(path, format!("a second {what} named `{name}` (names are case-insensitive)"));
    }
    fresh
}

fn entity_types(cx: &mut Cx, v: &J) -> Vec<(Arc<str>, Matcher)> {
    let mut types = Vec::new();
    let mut seen = FxHashSet::default();
    for (i, t) in cx.array(v, "entityTypes", "entityTypes", MAX_ENTITIES).iter().enumerate() {
        let path = format!("entityTypes[{i}]");
        let Some(name) = cx.name(t, "name", &format!("{path}.name")) else { continue };
        if !unique(cx, &mut seen, name, &format!("{path}.name"), "entity type") {
            continue;
        }
        let mechanism = t.get("mechanism").unwrap_or(&J::Null);
        let kind = mechanism.get("type").and_then(J::as_str).unwrap_or_default();
        let items = cx.array(mechanism, "items", &format!("{path}.mechanism.items"), MAX_PHRASES);
        let matcher = if kind.eq_ignore_ascii_case("list") {
            Matcher::List(Arc::new(list_type(cx, items, &path)))
        } else if kind.eq_ignore_ascii_case("regex") {
            Matcher::Regex(Arc::new(regex_type(cx, items, &path)))
        } else if kind.eq_ignore_ascii_case("dynamiclist") {
            Matcher::Dynamic
        } else if kind.eq_ignore_ascii_case("dynamicdatetime") {
            Matcher::Timeslot
        } else if kind.eq_ignore_ascii_case("ai") {
            Matcher::Ai
        } else {
            cx.error(
                &format!("{path}.mechanism.type"),
                format!("`{kind}`: expected List, Regex, DynamicList, DynamicDateTime or AI"),
            );
            continue;
        };
        types.push((Arc::from(name), matcher));
    }
    types
}

fn list_type(cx: &mut Cx, items: &[J], path: &str) -> ListType {
    let mut list = ListType::default();
    for (k, item) in items.iter().enumerate() {
        let item_path = format!("{path}.mechanism.items[{k}]");
        let Some(value) = cx.name(item, "value", &format!("{item_path}.value")) else { continue };
        let mut synonyms = Vec::new();
        for (s, synonym) in cx
            .array(item, "synonyms", &format!("{item_path}.synonyms"), MAX_PHRASES)
            .iter()
            .enumerate()
        {
            let syn_path = format!("{item_path}.synonyms[{s}]");
            match synonym.as_str() {
                Some(text) => synonyms.extend(cx.text(text, &syn_path)),
                None => cx.error(&syn_path, "expected a string"),
            }
        }
        cx.phrases += 1 + synonyms.len();
        if cx.phrases > MAX_PHRASES {
            cx.error(
                &item_path,
                format!("more than {MAX_PHRASES} list values and synonyms in the domain"),
            );
            break;
        }
        list.add(value, &synonyms);
    }
    list
}

fn regex_type(cx: &mut Cx, items: &[J], path: &str) -> RegexType {
    let mut regex = RegexType::default();
    for (k, item) in items.iter().enumerate() {
        let value_path = format!("{path}.mechanism.items[{k}].value");
        let Some(pattern) = cx.name(item, "value", &value_path) else { continue };
        cx.patterns += 1;
        if cx.patterns > MAX_PATTERNS {
            cx.error(&value_path, format!("more than {MAX_PATTERNS} regex patterns in the domain"));
            break;
        }
        if pattern.len() > MAX_PATTERN_BYTES {
            cx.error(
                &value_path,
                format!(
                    "regex `{}` is longer than {MAX_PATTERN_BYTES} bytes ({} bytes)",
                    crate::util::excerpt(pattern, 40),
                    pattern.len()
                ),
            );
            continue;
        }
        // Read as JavaScript reads its classes; errors name the pattern as written.
        let source = super::dialect::js_classes(pattern);
        if let Some(size) = expansion(&source) {
            let total = cx.expansion.saturating_add(size);
            if size > MAX_EXPANSION || total > MAX_DOMAIN_EXPANSION {
                let why = if size > MAX_EXPANSION {
                    format!("expands to about {size} character classes and literals (at most {MAX_EXPANSION})")
                } else {
                    format!("takes the domain's regexes past {MAX_DOMAIN_EXPANSION} character classes and literals in all")
                };
                cx.error(
                    &value_path,
                    format!(
                        "regex `{}` is too large to compile: it {why}",
                        crate::util::excerpt(pattern, 80)
                    ),
                );
                continue;
            }
            cx.expansion = total;
        }
        let compiled = regex::RegexBuilder::new(&source)
            .nest_limit(64)
            .size_limit(REGEX_SIZE_LIMIT)
            .dfa_size_limit(REGEX_SIZE_LIMIT)
            .build();
        match compiled {
            Ok(r) => regex.patterns.push((pattern.to_owned(), r)),
            Err(e) => cx.error(
                &value_path,
                format!(
                    "regex `{}` does not compile: {}",
                    crate::util::excerpt(pattern, 80),
                    regex_reason(&e)
                ),
            ),
        }
    }
    regex
}

/// The one-line reason of a regex error (the crate's message draws the pattern with a caret).
fn regex_reason(e: &regex::Error) -> String {
    match e {
        regex::Error::Syntax(text) => {
            let reason = text.lines().rev().find_map(|l| l.trim().strip_prefix("error:"));
            reason.map_or_else(|| text.trim().to_owned(), |r| r.trim().to_owned())
        }
        regex::Error::CompiledTooBig(limit) => format!("it compiles larger than {limit} bytes"),
        other => other.to_string(),
    }
}

fn entities(cx: &mut Cx, v: &J, types: &[(Arc<str>, Matcher)]) -> Vec<Entity> {
    let mut entities = Vec::new();
    let mut seen = FxHashSet::default();
    for (i, e) in cx.array(v, "entities", "entities", MAX_ENTITIES).iter().enumerate() {
        let path = format!("entities[{i}]");
        let name = cx.name(e, "name", &format!("{path}.name"));
        let type_name = cx.name(e, "type", &format!("{path}.type"));
        let (Some(name), Some(type_name)) = (name, type_name) else { continue };
        if !unique(cx, &mut seen, name, &format!("{path}.name"), "entity") {
            continue;
        }
        let matcher = if type_name.get(..8).is_some_and(|p| p.eq_ignore_ascii_case("builtin:")) {
            let Some(b) = Builtin::from_name(type_name) else {
                let all: Vec<&str> = Builtin::ALL.iter().map(|b| b.name()).collect();
                cx.error(
                    &format!("{path}.type"),
                    format!("unknown builtin type `{type_name}` (supported: {})", all.join(", ")),
                );
                continue;
            };
            Matcher::Builtin(b)
        } else {
            let folded = fold_case(type_name);
            match types.iter().find(|(n, _)| fold_case(n) == folded) {
                Some((_, Matcher::List(l))) => Matcher::List(l.clone()),
                Some((_, Matcher::Regex(r))) => Matcher::Regex(r.clone()),
                Some((_, Matcher::Dynamic)) => Matcher::Dynamic,
                Some((_, Matcher::Timeslot)) => Matcher::Timeslot,
                Some((_, Matcher::Ai)) => Matcher::Ai,
                _ => {
                    let declared: Vec<&str> = types.iter().map(|(n, _)| &**n).collect();
                    let message = format!(
                        "`{type_name}` is neither builtin:* nor a declared entity type \
                         (entityTypes: {})",
                        super::list(&declared)
                    );
                    cx.error(&format!("{path}.type"), message);
                    continue;
                }
            }
        };
        entities.push(Entity { name: Arc::from(name), type_name: Arc::from(type_name), matcher });
    }
    entities
}

fn intents(cx: &mut Cx, v: &J, nlu: &mut Nlu) {
    let mut seen = FxHashSet::default();
    let today = super::datetime::today(0);
    for (i, intent) in cx.array(v, "intents", "intents", MAX_INTENTS).iter().enumerate() {
        let path = format!("intents[{i}]");
        let Some(name) = cx.name(intent, "name", &format!("{path}.name")) else { continue };
        if !unique(cx, &mut seen, name, &format!("{path}.name"), "intent") {
            continue;
        }
        let mut slots = Vec::new();
        let refs_path = format!("{path}.entityNameReferences");
        for (k, r) in
            cx.array(intent, "entityNameReferences", &refs_path, MAX_ENTITIES).iter().enumerate()
        {
            match r.as_str().map(|r| (r, nlu.entity_index(r))) {
                Some((_, Some(e))) => slots.push(nlu.entities[e].name.clone()),
                Some((r, None)) => {
                    cx.error(&format!("{refs_path}[{k}]"), format!("no entity named `{r}`"));
                }
                None => cx.error(&format!("{refs_path}[{k}]"), "expected a string"),
            }
        }
        let first = nlu.utterances.len();
        let utterances_path = format!("{path}.utterances");
        for (k, u) in
            cx.array(intent, "utterances", &utterances_path, MAX_UTTERANCES).iter().enumerate()
        {
            if nlu.utterances.len() == MAX_UTTERANCES {
                cx.error(
                    &format!("{utterances_path}[{k}]"),
                    format!("more than {MAX_UTTERANCES} utterances in the domain"),
                );
                break;
            }
            if let Some(utterance) =
                utterance(cx, u, &format!("{utterances_path}[{k}]"), nlu, today)
            {
                nlu.utterances.push(utterance);
            }
        }
        let utterances = first..nlu.utterances.len();
        nlu.intents.push(Intent {
            name: Arc::from(name),
            name_words: words(name),
            slots,
            utterances,
        });
    }
}

fn utterance(
    cx: &mut Cx,
    u: &J,
    path: &str,
    nlu: &Nlu,
    today: Option<jiff::civil::Date>,
) -> Option<Utterance> {
    let segments_path = format!("{path}.segments");
    let (mut written, mut tokens) = (String::new(), Vec::new());
    for (s, segment) in cx.array(u, "segments", &segments_path, MAX_TEXT_BYTES).iter().enumerate() {
        let Some(text) = segment.get("text").and_then(J::as_str) else {
            cx.error(&format!("{segments_path}[{s}].text"), "expected a string");
            continue;
        };
        written.push_str(text);
        if written.len() > MAX_TEXT_BYTES {
            let message = format!(
                "over {MAX_TEXT_BYTES} bytes of text: at most {MAX_TEXT_BYTES} are supported"
            );
            cx.error(&segments_path, message);
            return None;
        }
        match segment.get("entity").filter(|e| !e.is_null()) {
            Some(entity) => {
                let entity_path = format!("{segments_path}[{s}].entity.name");
                let name = cx.name(entity, "name", &entity_path)?;
                let Some(e) = nlu.entity_index(name) else {
                    cx.error(&entity_path, format!("no entity named `{name}`"));
                    continue;
                };
                tokens.push(placeholder(&nlu.entities[e].name));
            }
            None => tokens.extend(nlu.normalize(text, today)),
        }
    }
    let content = content_set(&tokens);
    Some(Utterance { written: written.trim().to_owned(), tokens, content })
}

/// What `pattern` expands to when compiled, in character-class ranges and literal bytes (each
/// repetition multiplies what it repeats by its largest count; `\w` is some 770 ranges):
/// proportional to the automaton the compiler builds. `None` when the pattern does not parse
/// (the compiler then says why).
fn expansion(pattern: &str) -> Option<u64> {
    use regex_syntax::hir::{Class, Hir, HirKind};
    fn size(hir: &Hir) -> u64 {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => 1,
            HirKind::Literal(l) => l.0.len() as u64,
            HirKind::Class(Class::Unicode(c)) => c.ranges().len() as u64,
            HirKind::Class(Class::Bytes(c)) => c.ranges().len() as u64,
            HirKind::Repetition(r) => {
                let times = r.max.unwrap_or(r.min).max(r.min).max(1);
                u64::from(times).saturating_mul(size(&r.sub))
            }
            HirKind::Capture(c) => size(&c.sub),
            HirKind::Concat(hs) | HirKind::Alternation(hs) => {
                hs.iter().fold(0, |n, h| n.saturating_add(size(h)))
            }
        }
    }
    let hir = regex_syntax::ParserBuilder::new().nest_limit(64).build().parse(pattern).ok()?;
    Some(size(&hir))
}
