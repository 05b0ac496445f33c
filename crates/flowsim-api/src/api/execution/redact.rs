//! Personal data out of recorded execution data: phone numbers, email addresses and names
//! become stable tokens, so that the same number is the same token everywhere (in every
//! document of a recording, and in every recording made with the same key), and a replay
//! still matches.
//!
//! - **Phone numbers**: the call's `Call.Ani` (and `Call.RemoteName`, a caller's name), every
//!   string shaped like a phone number (`+` and 8–15 digits, `tel:` URIs), and, once a number
//!   is known, its other spellings (national digits, without `+`) wherever they appear.
//!   A number becomes `+1555` and seven digits drawn from a keyed hash of it: still a valid
//!   number for flows that parse it, never a real one (555-01xx is fiction's range; the rest
//!   of 555 is unassigned).
//!   Formatted numbers inside any text are found too: E.164 with separators
//!   (`+44 20 7946 0958`) and the North American national forms (`(317) 555-0100`,
//!   `317-555-0100`, `317.555.0100`).
//! - **Email addresses**, whole or inside text: `user-<hash>@redacted.invalid`.
//! - **SIP URIs** (`sip:` / `sips:`), whole or inside text: `sip:user-<hash>@redacted.invalid`.
//! - **Names and addresses**: values of variables, participant-data attributes and fields
//!   named like names (`Call.RemoteName`, `Flow.Name`, `FirstName`, `Customer Name`,
//!   `fromName`, ...) or postal addresses (`Address`, `Street`, `City`, `PostalCode`, ...)
//!   become `Name <hash>` (a plain `name` key names a flow or an action and is kept), and
//!   the same text anywhere else in the documents.
//!
//! [`findings`] runs the same detectors over a finished cassette: `flowsim record` calls a
//! cassette redacted only when they find nothing.
//!
//! The hash is FNV-1a over the key and the value: stable, not secret. Anyone who holds the key
//! can test a guess (a phone number is a small space), so keep the key (`--redaction-key`,
//! `FLOWSIM_REDACTION_KEY`) out of the cassette's repository; without one, flowsim's default
//! key keeps tokens stable across machines but protects only against casual reading.

use crate::util::Cut;
use regex::Regex;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// What the detectors look for inside any text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Email,
    Phone,
    Sip,
    /// The value of a field that holds a name or a postal address.
    Name,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Email => "an e-mail address",
            Kind::Phone => "a phone number",
            Kind::Sip => "a SIP URI",
            Kind::Name => "a name or address",
        }
    }
}

/// The detectors of personal data inside text, most specific first (a SIP URI holds what
/// looks like an e-mail address; an e-mail's user part may hold digits).
fn detectors() -> &'static [(Kind, Regex)] {
    static DETECTORS: OnceLock<Vec<(Kind, Regex)>> = OnceLock::new();
    DETECTORS.get_or_init(|| {
        let re = |p: &str| Regex::new(p).expect("the detectors' patterns are valid");
        vec![
            (Kind::Sip, re(r"(?i)\bsips?:[^\s@<>\x22']+@[^\s<>\x22';,]+")),
            (Kind::Email, re(r"(?i)[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)+")),
            // `tel:` and `+` numbers: 8 to 15 digits, with spaces, dots, dashes, brackets.
            (Kind::Phone, re(r"(?:\btel:)?\+\d(?:[ .\-]?\(?\d\)?){7,14}")),
            // North American national forms: (317) 555-0100, 317-555-0100, 317.555.0100.
            (Kind::Phone, re(r"(?:\(\d{3}\)\s?|\b\d{3}[.\-])\d{3}[.\-]\d{4}\b")),
        ]
    })
}

/// Whether `s` is a token this module writes (never itself personal data).
pub(super) fn is_token(s: &str) -> bool {
    let phone = s.strip_prefix("tel:").unwrap_or(s);
    let phone_token = phone.len() == "+1555".len() + 7
        && phone.starts_with("+1555")
        && phone.cut(1..).bytes().all(|b| b.is_ascii_digit());
    phone_token
        || s.ends_with("@redacted.invalid")
        || s.starts_with("Name ")
            && s.len() == "Name ".len() + 8
            && s.cut("Name ".len()..).bytes().all(|b| b.is_ascii_hexdigit())
        || s == crate::api::cassette::REDACTED
}

/// Every place in `doc` where a detector still finds personal data: (JSON Pointer, kind).
/// Tokens written by a [`Redactor`] are not findings.
pub fn findings(doc: &Value) -> Vec<(String, Kind)> {
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), None::<&str>, doc)];
    while let Some((at, field, v)) = stack.pop() {
        match v {
            Value::String(s) => {
                if let Some(kind) = detect(s) {
                    out.push((at, kind));
                } else if field.is_some_and(is_name_field) && s.trim().len() >= 2 && !is_token(s) {
                    out.push((at, Kind::Name));
                }
            }
            Value::Object(m) => {
                for (k, child) in m {
                    let escaped = k.replace('~', "~0").replace('/', "~1");
                    if let Some(kind) = detect(k) {
                        out.push((format!("{at}/{escaped}"), kind));
                    }
                    stack.push((format!("{at}/{escaped}"), field_of(k, || named_of(m)), child));
                }
            }
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate() {
                    stack.push((format!("{at}/{i}"), field, c));
                }
            }
            _ => {}
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// What a detector finds in `s`, outside the tokens this module writes.
fn detect(s: &str) -> Option<Kind> {
    detectors().iter().find_map(|(kind, re)| {
        let mut words = Words::new(s);
        re.find_iter(s)
            .any(|m| !is_token(m.as_str()) && !words.in_token(m.start()))
            .then_some(*kind)
    })
}

/// What every redacted e-mail address and SIP URI ends with.
const TOKEN_HOST: &str = "@redacted.invalid";

/// Whether the places a detector finds in a text, asked in order, are inside a token's
/// `user-<hash>@redacted.invalid`: the word a place starts (up to the next white space) holds
/// [`TOKEN_HOST`]. The next white space and the next [`TOKEN_HOST`] are found by cursors that
/// only move forward, so all of a text's places cost one pass over it (before: each place
/// scanned the rest of its word, so a word of n places cost n times its length: a recorded
/// value of 1 MB without spaces took minutes).
struct Words<'a> {
    s: &'a str,
    /// The first white space at or after the last place asked (or the text's end).
    space: usize,
    /// The first [`TOKEN_HOST`] at or after the last place asked (`usize::MAX`: none).
    token: usize,
    /// Bytes the cursors read, for [`Redactor::work`].
    read: u64,
}

impl<'a> Words<'a> {
    fn new(s: &'a str) -> Words<'a> {
        Words { s, space: 0, token: 0, read: 0 }
    }

    /// Whether place `at` (at or after the last one asked, at a character's start) is inside
    /// a token.
    fn in_token(&mut self, at: usize) -> bool {
        let rest = self.s.cut(at..);
        if self.space < at {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            self.read += end as u64;
            self.space = at + end;
        }
        if self.token < at {
            if let Some(i) = memchr::memmem::find(rest.as_bytes(), TOKEN_HOST.as_bytes()) {
                self.read += (i + TOKEN_HOST.len()) as u64;
                self.token = at + i;
            } else {
                self.read += rest.len() as u64;
                self.token = usize::MAX;
            }
        }
        // The host holds no white space: starting before the word's end, it ends inside it.
        self.token < self.space
    }
}

/// The name an object's `value` takes: its `variableName`, `inputName`, `outputName` or
/// `name`.
fn named_of(m: &serde_json::Map<String, Value>) -> Option<&str> {
    // One look at each key (objects are small), not a hashed lookup of each name.
    let mut best: Option<(u8, &str)> = None;
    for (k, v) in m {
        let rank = match k.as_str() {
            "variableName" => 0,
            "inputName" => 1,
            "outputName" => 2,
            "name" => 3,
            _ => continue,
        };
        if let Some(s) = v.as_str() {
            if best.is_none_or(|(r, _)| rank < r) {
                best = Some((rank, s));
            }
        }
    }
    best.map(|(_, s)| s)
}

/// The field name a child of key `k` counts as: a `value` takes its variable's or attribute's
/// name (`named`, asked only then); a plain key called `name` names a flow or an action, never
/// a person.
fn field_of<'a>(k: &'a str, named: impl FnOnce() -> Option<&'a str>) -> Option<&'a str> {
    if k == "value" {
        named()
    } else if k.eq_ignore_ascii_case("name") {
        None
    } else {
        Some(k)
    }
}

/// The key used when the user gives none.
pub const DEFAULT_KEY: &str = "flowsim-redaction-v1";

fn fnv(key: &str, value: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes().chain([0u8]).chain(value.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn digits_of(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// A string that is a phone number: `+` or `tel:` and 8–15 digits, with the usual
/// separators.
pub(super) fn is_phone(s: &str) -> bool {
    let t = s.strip_prefix("tel:").unwrap_or(s);
    let Some(rest) = t.strip_prefix('+') else { return false };
    let n = rest.bytes().filter(u8::is_ascii_digit).count();
    (8..=15).contains(&n)
        && rest.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '.'))
}

pub(super) fn is_email(s: &str) -> bool {
    let Some((user, host)) = s.split_once('@') else { return false };
    !user.is_empty()
        && host.contains('.')
        && !s.contains(char::is_whitespace)
        && s.len() <= 254
        && !host.starts_with('.')
}

/// The names [`is_name_field`] takes for a person's name or a postal address, folded
/// (lower case, letters and digits only).
const NAME_FIELDS: [&str; 31] = [
    "remotename",
    "name",
    "firstname",
    "lastname",
    "middlename",
    "surname",
    "givenname",
    "familyname",
    "customername",
    "callername",
    "contactname",
    "fullname",
    "displayname",
    "fromname",
    "toname",
    "participantname",
    "address",
    "streetaddress",
    "street",
    "address1",
    "address2",
    "addressline1",
    "addressline2",
    "homeaddress",
    "mailingaddress",
    "billingaddress",
    "shippingaddress",
    "city",
    "postalcode",
    "zipcode",
    "zip",
];

/// The longest of [`NAME_FIELDS`]: a folded part longer is none of them.
const NAME_FIELD_MAX: usize = 15;

/// A folded name as one number: its last byte in the lowest 8 bits, the one before it in the
/// next 8, ... (how [`is_name_field`] gathers a key's letters, from its end).
const fn packed(name: &[u8]) -> u128 {
    let mut acc = 0u128;
    let mut n = 0;
    while n < name.len() {
        acc |= (name[name.len() - 1 - n] as u128) << (8 * n);
        n += 1;
    }
    acc
}

/// [`NAME_FIELDS`] packed ([`packed`]), by their length: at most five names share one.
const NAME_FIELDS_BY_LEN: [[u128; 5]; NAME_FIELD_MAX + 1] = {
    let mut table = [[0u128; 5]; NAME_FIELD_MAX + 1];
    let mut i = 0;
    while i < NAME_FIELDS.len() {
        let name = NAME_FIELDS[i].as_bytes();
        let row = &mut table[name.len()];
        let mut k = 0;
        while row[k] != 0 {
            k += 1;
        }
        row[k] = packed(name);
        i += 1;
    }
    table
};

/// [`FOLDED`]'s mark for a dot (which ends the last dotted part).
const DOT: u8 = 1;

/// Each byte as [`is_name_field`] folds it: a letter in lower case, a digit as it is, a dot
/// [`DOT`], anything else 0 (left out).
const FOLDED: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            table[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    table[b'.' as usize] = DOT;
    table
};

/// Whether a field (a variable, an attribute, a key) holds a person's name or a postal
/// address: its last dotted part, lower-cased without spaces, dashes and underscores, is one
/// of [`NAME_FIELDS`].
///
/// Asked of every key of every document (`personal`, 54 keys a recorded execution), so no
/// text is made: the part's letters and digits are folded from the end into one number (a
/// part longer than the longest listed name is none of them) and compared with the at most
/// five listed names of its length.
pub(super) fn is_name_field(name: &str) -> bool {
    // Byte n from the end at place n: the bytes of `packed`'s number, lowest first.
    let mut folded = [0u8; 16];
    let mut n = 0;
    for b in name.bytes().rev() {
        let b = FOLDED[usize::from(b)];
        if b == DOT {
            break;
        }
        if b == 0 {
            continue;
        }
        // Every listed name ends in one of these: most keys (`actionId`, `outputPathId`) end
        // here, at their first letter from the end.
        if n == 0 && !matches!(b, b'e' | b's' | b't' | b'y' | b'p' | b'1' | b'2') {
            return false;
        }
        if n == NAME_FIELD_MAX {
            return false;
        }
        folded[n] = b;
        n += 1;
    }
    // An empty part packs to 0, as the table's empty slots do: it is no name.
    n > 0 && NAME_FIELDS_BY_LEN[n].contains(&u128::from_le_bytes(folded))
}

/// A personal value of a document: a phone number, or a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Personal {
    Phone(String),
    Name(String),
}

/// The personal values of a document, in the order [`Redactor::learn`] learns them; needs no
/// redactor, so a worker thread finds them.
pub fn personal(doc: &Value) -> Vec<Personal> {
    let mut found = Vec::new();
    let mut stack = vec![(None::<&str>, doc)];
    while let Some((field, v)) = stack.pop() {
        match v {
            Value::String(s) => {
                if is_phone(s) {
                    found.push(Personal::Phone(s.clone()));
                } else if field.is_some_and(is_name_field) && !is_email(s) && !is_token(s) {
                    found.push(Personal::Name(s.clone()));
                }
            }
            Value::Object(m) => {
                // `{"variableName": "Call.Ani", "value": "tel:+1..."}` and
                // `{"inputName": "CustomerName", "value": "Ann"}`.
                for (k, child) in m {
                    let f = field_of(k, || named_of(m));
                    if f.is_some_and(|f| f.eq_ignore_ascii_case("Call.Ani")) {
                        if let Some(s) = child.as_str() {
                            found.push(Personal::Phone(s.to_owned()));
                        }
                    }
                    stack.push((f, child));
                }
            }
            Value::Array(a) => stack.extend(a.iter().map(|c| (field, c))),
            _ => {}
        }
    }
    found
}

/// Replaces personal data in documents, consistently across all of them.
pub struct Redactor {
    key: String,
    /// Known personal strings (every spelling) → their token, longest first when applied.
    known: BTreeMap<String, String>,
    /// The phone numbers' digits learnt so far: each is learnt once (its spellings are
    /// always the same).
    phones: rustc_hash::FxHashSet<String>,
    /// The known values of 7 bytes or more, as one automaton (at each place the longest), and
    /// the token of each; made again only after a value was learnt (`None`).
    finder: Option<(aho_corasick::AhoCorasick, Vec<String>)>,
    /// How many values were replaced.
    pub replaced: usize,
    /// Bytes of text the redaction read (each detector's pass over a text, the token checks'
    /// cursors, the known values' automaton: made, then run over the text): what the scaling
    /// test compares at n, 2n and 4n.
    pub work: u64,
}

impl Redactor {
    pub fn new(key: Option<&str>) -> Redactor {
        Redactor {
            key: key.unwrap_or(DEFAULT_KEY).to_owned(),
            known: BTreeMap::new(),
            phones: rustc_hash::FxHashSet::default(),
            finder: None,
            replaced: 0,
            work: 0,
        }
    }

    fn phone_token(&self, number: &str) -> String {
        let d = digits_of(number);
        format!("+1555{:07}", fnv(&self.key, &d) % 10_000_000)
    }

    /// Learns a phone number's spellings: `+13175550100`, `13175550100`, `3175550100`.
    fn learn_phone(&mut self, raw: &str) {
        let d = digits_of(raw);
        if d.len() < 8 || self.phones.contains(&d) {
            return;
        }
        self.phones.insert(d.clone());
        self.finder = None;
        let token = self.phone_token(&d);
        let token_digits = token.trim_start_matches('+').to_owned();
        self.known.insert(format!("tel:+{d}"), format!("tel:{token}"));
        self.known.insert(format!("+{d}"), token.clone());
        self.known.insert(d.clone(), token_digits.clone());
        // The national number, without the country code (10 digits for +1).
        if d.len() == 11 && d.starts_with('1') {
            self.known.insert(d.cut(1..).to_owned(), token_digits.cut(1..).to_owned());
        }
    }

    fn learn_name(&mut self, name: &str) {
        if name.trim().len() < 2 || self.known.contains_key(name) {
            return;
        }
        let token = format!("Name {:08x}", fnv(&self.key, name) as u32);
        self.known.insert(name.to_owned(), token);
        self.finder = None;
    }

    /// First pass: learn the personal values of a document (the caller's number and name,
    /// numbers and emails anywhere, name-like fields).
    pub fn learn(&mut self, doc: &Value) {
        self.learn_all(personal(doc));
    }

    /// Learns values [`personal`] found, in its order (what [`Redactor::learn`] of their
    /// document learns): another thread may find them, this one learns them in file order.
    pub fn learn_all(&mut self, found: Vec<Personal>) {
        for p in found {
            match p {
                Personal::Phone(s) => self.learn_phone(&s),
                Personal::Name(s) => self.learn_name(&s),
            }
        }
    }

    fn redact_str(&mut self, s: &str) -> Option<String> {
        if let Some(t) = self.known.get(s) {
            return Some(t.clone());
        }
        if is_email(s) {
            return Some(format!(
                "user-{:08x}@redacted.invalid",
                fnv(&self.key, &s.to_lowercase()) as u32
            ));
        }
        // Detected values inside text: each replaced by its token.
        let mut out = s.to_owned();
        let mut changed = false;
        for (kind, re) in detectors() {
            self.work += out.len() as u64;
            if !re.is_match(&out) {
                continue;
            }
            let mut next = String::with_capacity(out.len());
            let mut last = 0;
            let mut words = Words::new(&out);
            for m in re.find_iter(&out) {
                let found = m.as_str();
                self.work += found.len() as u64;
                if is_token(found) || words.in_token(m.start()) {
                    continue;
                }
                next.push_str(out.cut(last..m.start()));
                next.push_str(&self.token_of(*kind, found));
                last = m.end();
                changed = true;
            }
            self.work += words.read;
            next.push_str(out.cut(last..));
            out = next;
        }
        // Known values inside longer text ("Entering ... ANI:+1317..."), in one pass: at each
        // place the longest known value (before: every known value searched the whole text
        // and replaced into a new copy of it, so a text holding n numbers cost n copies).
        self.work += out.len() as u64;
        if let Some((finder, tokens)) = self.finder() {
            if finder.is_match(&out) {
                out = finder.replace_all(&out, tokens);
                changed = true;
            }
        } else {
            // An automaton past its limits (never seen): each value alone, longest first.
            let mut keys: Vec<(&String, &String)> =
                self.known.iter().filter(|(k, _)| k.len() >= 7).collect();
            keys.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(b.0)));
            for (k, t) in keys {
                if out.contains(k.as_str()) {
                    out = out.replace(k.as_str(), t);
                    changed = true;
                }
            }
        }
        changed.then_some(out)
    }

    /// The automaton of the known values of 7 bytes or more (made again when a value was
    /// learnt since), with each value's token; `None` when it cannot be made.
    fn finder(&mut self) -> Option<&(aho_corasick::AhoCorasick, Vec<String>)> {
        if self.finder.is_none() {
            let (keys, tokens): (Vec<&String>, Vec<String>) = self
                .known
                .iter()
                .filter(|(k, _)| k.len() >= 7)
                .map(|(k, t)| (k, t.clone()))
                .unzip();
            self.work += keys.iter().map(|k| k.len() as u64).sum::<u64>();
            let finder = aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(&keys)
                .ok()?;
            self.finder = Some((finder, tokens));
        }
        self.finder.as_ref()
    }

    /// The token of a detected value (a phone number's spellings are learned on the way).
    fn token_of(&mut self, kind: Kind, found: &str) -> String {
        match kind {
            Kind::Phone => {
                // A North American national number is the same number as its +1 spelling.
                let mut d = digits_of(found);
                if d.len() == 10 && !found.contains('+') {
                    d.insert(0, '1');
                }
                self.learn_phone(&d);
                let token = self.phone_token(&d);
                if found.starts_with("tel:") {
                    format!("tel:{token}")
                } else {
                    token
                }
            }
            Kind::Sip => {
                format!(
                    "sip:user-{:08x}@redacted.invalid",
                    fnv(&self.key, &found.to_lowercase()) as u32
                )
            }
            Kind::Email | Kind::Name => {
                format!(
                    "user-{:08x}@redacted.invalid",
                    fnv(&self.key, &found.to_lowercase()) as u32
                )
            }
        }
    }

    /// Second pass: replace every learned value, and every email, in place.
    pub fn redact(&mut self, doc: &mut Value) {
        let mut stack = vec![doc];
        while let Some(v) = stack.pop() {
            match v {
                Value::String(s) => {
                    if let Some(t) = self.redact_str(s) {
                        *s = t;
                        self.replaced += 1;
                    }
                }
                Value::Object(m) => {
                    // Keys too (a map keyed by phone number or address).
                    if m.keys().any(|k| detect(k).is_some() || self.known.contains_key(k)) {
                        let old = std::mem::take(m);
                        for (k, v) in old {
                            let k = match self.redact_str(&k) {
                                Some(t) => {
                                    self.replaced += 1;
                                    t
                                }
                                None => k,
                            };
                            m.insert(k, v);
                        }
                    }
                    stack.extend(m.values_mut());
                }
                Value::Array(a) => stack.extend(a.iter_mut()),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn detectors_find_personal_data_inside_text_and_redaction_leaves_none() {
        let mut doc = json!({"flow": {"execution": [
            {"actionUpdateData": {"statements": [
                {"value": "call me at (317) 555-0100 or 317-555-0100, or 317.555.0100"},
                {"value": "UK office +44 20 7946 0958; mail ann.lee@example.com"},
                {"value": "transfer to sip:agent42@pbx.example.com;transport=tcp"},
                {"value": "started 2024-01-15T10:00:00Z in 0f5e6a3e-0000-4000-8000-000000000001"}]}},
            {"actionSetParticipantData": {"inputData": {"attributes": [
                {"inputName": "Customer Name", "value": "Ann Lee"},
                {"inputName": "street_address", "value": "1 Main St"}]}}}]}});
        let before = findings(&doc);
        let kinds: Vec<Kind> = before.iter().map(|f| f.1).collect();
        for k in [Kind::Phone, Kind::Email, Kind::Sip, Kind::Name] {
            assert!(kinds.contains(&k), "{k:?} in {before:?}");
        }
        assert!(
            !before.iter().any(|(at, _)| at.ends_with("/3/value")),
            "dates and GUIDs are no phone numbers: {before:?}"
        );
        let mut r = Redactor::new(None);
        r.learn(&doc);
        r.redact(&mut doc);
        assert_eq!(findings(&doc), [], "{doc:#}");
        let text = doc.to_string();
        for leak in ["555-0100", "555.0100", "7946", "ann.lee", "agent42", "Ann Lee", "Main St"] {
            assert!(!text.contains(leak), "{leak} in {text}");
        }
        assert!(text.contains("2024-01-15T10:00:00Z"), "{text}");
        // The three spellings of one number are one token.
        let s0 = doc.pointer("/flow/execution/0/actionUpdateData/statements/0/value").unwrap();
        let tokens: Vec<&str> = s0.as_str().unwrap().matches("+1555").collect();
        assert_eq!(tokens.len(), 3, "{s0}");
    }

    #[test]
    fn every_field_that_holds_a_name_is_one_however_written() {
        for n in NAME_FIELDS {
            let upper = n.to_ascii_uppercase();
            for written in
                [n.to_owned(), format!("Flow.{upper}"), format!("Customer.{n}_"), format!("{n} ")]
            {
                assert!(is_name_field(&written), "{written}");
            }
        }
        for not in ["actionId", "outputPathId", "value", "purpose", "Flow.Name.Id", "zipper", ""] {
            assert!(!is_name_field(not), "{not}");
        }
    }

    /// The key's last dotted part folded as text and looked up in the list: what
    /// `is_name_field` answered before it packed the part into a number.
    fn is_name_field_as_text(name: &str) -> bool {
        let last = name.rsplit('.').next().unwrap_or(name);
        let folded: String = last
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        NAME_FIELDS.contains(&folded.as_str())
    }

    #[test]
    fn the_packed_lookup_answers_as_the_list_does() {
        // Every listed name and every cut of it (each a key of another length), with dots,
        // case, separators and letters around; and the keys a recording has.
        let mut keys: Vec<String> = Vec::new();
        for n in NAME_FIELDS {
            for cut in 0..=n.len() {
                let (head, tail) = n.split_at(cut);
                keys.extend([
                    head.to_owned(),
                    tail.to_owned(),
                    format!("{head}_{}", tail.to_ascii_uppercase()),
                    format!("{head}.{tail}"),
                    format!("x{n}"),
                    format!("{n}x"),
                    format!("Flow.{n}.{head}"),
                    format!("{n}{tail}"),
                    format!("\u{dc}n\u{ef}-{head} {tail}"),
                ]);
            }
        }
        keys.extend(
            [
                "actionId",
                "actionName",
                "variableName",
                "variableId",
                "outputPathName",
                "taskName",
                "flowName",
                "dateTime",
                "purpose",
                "value",
                "valueIsRedacted",
                "participantnames",
                "shippingaddresses",
                "aaaaaaaaaaaaaaaaname",
                "a.b.c.d.",
                ".",
                "..name",
                "name..",
                "Name 1",
                "zip-code",
                "\u{e9}city",
            ]
            .map(str::to_owned),
        );
        for k in &keys {
            assert_eq!(is_name_field(k), is_name_field_as_text(k), "{k:?}");
        }
        assert!(keys.iter().filter(|k| is_name_field(k)).count() > 100);
    }

    #[test]
    fn the_same_number_is_the_same_token_in_every_spelling() {
        let mut doc = json!({"flow": {"execution": [
            {"startedFlow": {"variables": [
                {"variableName": "Call.Ani", "value": "tel:+17202908297"},
                {"variableName": "Call.RemoteName", "value": "Denver CO"}]}},
            {"actionDataTableLookup": {"inputData": {"lookupValue": "7202908297"}}},
            {"actionUpdateData": {"statements": [{"value": "caller +17202908297 said hi"}]}},
            {"actionSetParticipantData": {"inputData": {"attributes": [
                {"inputName": "Email", "value": "Ann.Lee@example.com"}]}}}]}});
        let mut r = Redactor::new(None);
        r.learn(&doc);
        r.redact(&mut doc);
        let text = doc.to_string();
        assert!(!text.contains("7202908297"), "{text}");
        assert!(!text.contains("Denver"), "{text}");
        assert!(!text.contains("example.com"), "{text}");
        let ani = doc
            .pointer("/flow/execution/0/startedFlow/variables/0/value")
            .unwrap()
            .as_str()
            .unwrap();
        let key = doc
            .pointer("/flow/execution/1/actionDataTableLookup/inputData/lookupValue")
            .unwrap()
            .as_str()
            .unwrap();
        assert!(ani.starts_with("tel:+1555"), "{ani}");
        assert_eq!(&ani[6..], key, "the national number is the token's national number");
        // Stable across documents and redactors with the same key; different with another.
        let mut again = json!({"v": "tel:+17202908297"});
        let mut r2 = Redactor::new(None);
        r2.learn(&again);
        r2.redact(&mut again);
        assert_eq!(again["v"], ani);
        let mut other = json!({"v": "tel:+17202908297"});
        let mut r3 = Redactor::new(Some("secret"));
        r3.learn(&other);
        r3.redact(&mut other);
        assert_ne!(other["v"], ani);
    }
}
