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
//! - **Email addresses**: `user-<hash>@redacted.invalid`.
//! - **Names**: values of variables and participant-data attributes named like names
//!   (`Call.RemoteName`, `Flow.Name`, `FirstName`, `LastName`, `CustomerName`), and fields
//!   such as `fromName`, become `Name <hash>` (a plain `name` key names a flow or an action
//!   and is kept).
//!
//! The hash is FNV-1a over the key and the value: stable, not secret. Anyone who holds the key
//! can test a guess (a phone number is a small space), so keep the key (`--redaction-key`,
//! `FLOWSIM_REDACTION_KEY`) out of the cassette's repository; without one, flowsim's default
//! key keeps tokens stable across machines but protects only against casual reading.

use serde_json::Value;
use std::collections::BTreeMap;

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
fn is_phone(s: &str) -> bool {
    let t = s.strip_prefix("tel:").unwrap_or(s);
    let Some(rest) = t.strip_prefix('+') else { return false };
    let n = digits_of(rest).len();
    (8..=15).contains(&n)
        && rest.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '.'))
}

fn is_email(s: &str) -> bool {
    let Some((user, host)) = s.split_once('@') else { return false };
    !user.is_empty()
        && host.contains('.')
        && !s.contains(char::is_whitespace)
        && s.len() <= 254
        && !host.starts_with('.')
}

fn is_name_field(name: &str) -> bool {
    let last = name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase();
    matches!(
        last.as_str(),
        "remotename" | "name" | "firstname" | "lastname" | "customername" | "fullname" | "fromname"
    )
}

/// Replaces personal data in documents, consistently across all of them.
pub struct Redactor {
    key: String,
    /// Known personal strings (every spelling) → their token, longest first when applied.
    known: BTreeMap<String, String>,
    /// How many values were replaced.
    pub replaced: usize,
}

impl Redactor {
    pub fn new(key: Option<&str>) -> Redactor {
        Redactor { key: key.unwrap_or(DEFAULT_KEY).to_owned(), known: BTreeMap::new(), replaced: 0 }
    }

    fn phone_token(&self, number: &str) -> String {
        let d = digits_of(number);
        format!("+1555{:07}", fnv(&self.key, &d) % 10_000_000)
    }

    /// Learns a phone number's spellings: `+13175550100`, `13175550100`, `3175550100`.
    fn learn_phone(&mut self, raw: &str) {
        let d = digits_of(raw);
        if d.len() < 8 {
            return;
        }
        let token = self.phone_token(&d);
        let token_digits = token.trim_start_matches('+').to_owned();
        self.known.insert(format!("tel:+{d}"), format!("tel:{token}"));
        self.known.insert(format!("+{d}"), token.clone());
        self.known.insert(d.clone(), token_digits.clone());
        // The national number, without the country code (10 digits for +1).
        if d.len() == 11 && d.starts_with('1') {
            self.known.insert(d[1..].to_owned(), token_digits[1..].to_owned());
        }
    }

    fn learn_name(&mut self, name: &str) {
        if name.trim().len() < 2 || self.known.contains_key(name) {
            return;
        }
        let token = format!("Name {:08x}", fnv(&self.key, name) as u32);
        self.known.insert(name.to_owned(), token);
    }

    /// First pass: learn the personal values of a document (the caller's number and name,
    /// numbers and emails anywhere, name-like fields).
    pub fn learn(&mut self, doc: &Value) {
        let mut stack = vec![(None::<String>, doc)];
        while let Some((field, v)) = stack.pop() {
            match v {
                Value::String(s) => {
                    if is_phone(s) {
                        self.learn_phone(s);
                    } else if field.as_deref().is_some_and(is_name_field) && !is_email(s) {
                        self.learn_name(s);
                    }
                }
                Value::Object(m) => {
                    // `{"variableName": "Call.Ani", "value": "tel:+1..."}` and
                    // `{"inputName": "CustomerName", "value": "Ann"}`.
                    let named = ["variableName", "inputName", "outputName", "name"]
                        .iter()
                        .find_map(|k| m.get(*k).and_then(Value::as_str))
                        .map(str::to_owned);
                    for (k, child) in m {
                        // A value takes its variable's or attribute's name; a plain key
                        // called `name` names a flow or an action, never a person.
                        let f = if k == "value" {
                            named.clone()
                        } else if k.eq_ignore_ascii_case("name") {
                            None
                        } else {
                            Some(k.clone())
                        };
                        if f.as_deref().is_some_and(|f| f.eq_ignore_ascii_case("Call.Ani")) {
                            if let Some(s) = child.as_str() {
                                self.learn_phone(s);
                            }
                        }
                        stack.push((f, child));
                    }
                }
                Value::Array(a) => stack.extend(a.iter().map(|c| (field.clone(), c))),
                _ => {}
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
        // Known values inside longer text ("Entering ... ANI:+1317...").
        let mut out = s.to_owned();
        let mut changed = false;
        let mut keys: Vec<(&String, &String)> =
            self.known.iter().filter(|(k, _)| k.len() >= 7).collect();
        keys.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(b.0)));
        for (k, t) in keys {
            if out.contains(k.as_str()) {
                out = out.replace(k.as_str(), t);
                changed = true;
            }
        }
        changed.then_some(out)
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
                Value::Object(m) => stack.extend(m.values_mut()),
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
