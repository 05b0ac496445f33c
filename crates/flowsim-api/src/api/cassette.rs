//! Cassettes: API exchanges recorded from the cloud (docs/replay.md), as JSON.
//!
//! ```json
//! { "formatVersion": 1,
//!   "baseUrl": "https://api.mypurecloud.com",
//!   "redactions": ["/request/body/context/from"],
//!   "interactions": [
//!     { "name": "a gold caller",
//!       "request": {"method": "POST", "path": "/api/v2/architect/simulations", "query": {},
//!                   "body": {"flowId": "...", "context": {...}}},
//!       "response": {"status": 200, "headers": {"content-type": "application/json"},
//!                    "body": {"status": "completed", "trace": [...]}},
//!       "recordedAt": "2026-01-01T09:00:00Z" } ] }
//! ```
//!
//! Invariants:
//! - Never a secret. A request keeps no headers at all (so no `Authorization`); a response keeps
//!   only [`ALLOWED_HEADERS`]; the token exchange is never recorded; the recorder scrubs the
//!   token, client id and secret from anything it writes ([`Cassette::scrub`]); and the JSON
//!   paths in `redactions` are replaced by [`REDACTED`] before an interaction is stored.
//! - Saved atomically (temporary file, then rename): a reader, or an interrupted recording,
//!   never sees half a cassette. A recording appends each interaction to a journal beside the
//!   cassette ([`journal`]) and rewrites the cassette once at the end; every load applies a
//!   journal a killed recorder left.
//! - Matching (`--mode new`) compares method, path, query and body, after the request being
//!   matched is redacted the same way the stored ones were.

use crate::util::Cut;
pub mod journal;
pub mod path;

use indexmap::IndexMap;
use path::{JsonPath, Side};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The format this code writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// Secrets at least this long are scrubbed wherever they occur inside a text (see
/// [`Cassette::scrub`]).
pub const MIN_SCRUBBED_LEN: usize = 6;

/// What a redacted value becomes.
pub const REDACTED: &str = "REDACTED";

/// Response headers a cassette keeps (lower case); every other header is dropped.
pub const ALLOWED_HEADERS: [&str; 4] =
    ["content-type", "content-language", "retry-after", "location"];

/// A recorded series of API exchanges.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Cassette {
    pub format_version: u32,
    /// The API the interactions came from, e.g. `https://api.mypurecloud.com`.
    pub base_url: String,
    /// JSON paths (see [`path`]) redacted at record time, kept so that later recordings into
    /// the same cassette redact, and match, the same way.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub redactions: Vec<String>,
    pub interactions: Vec<Interaction>,
}

/// One request and the response it got.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Interaction {
    /// Where the request came from: a scenario's name or a request file's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Free text for people, e.g. why a hand-edited interaction differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub request: RecordedRequest,
    pub response: RecordedResponse,
    /// When it was recorded (RFC 3339, UTC).
    pub recorded_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordedRequest {
    pub method: String,
    /// The path below the base URL, e.g. `/api/v2/architect/simulations`.
    pub path: String,
    #[serde(default)]
    pub query: IndexMap<String, String>,
    /// The JSON body; `null` when there was none.
    #[serde(default)]
    pub body: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordedResponse {
    pub status: u16,
    /// Only [`ALLOWED_HEADERS`], lower-cased.
    #[serde(default)]
    pub headers: IndexMap<String, String>,
    /// The JSON body; a string when the body was not JSON; `null` when empty.
    #[serde(default)]
    pub body: Value,
}

impl RecordedRequest {
    /// `POST /api/v2/architect/simulations`.
    pub fn label(&self) -> String {
        format!("{} {}", self.method.to_ascii_uppercase(), self.path)
    }

    /// Whether this is a flow simulation, the kind replay runs locally.
    pub fn is_simulation(&self) -> bool {
        self.method.eq_ignore_ascii_case("POST")
            && self.path.trim_end_matches('/') == "/api/v2/architect/simulations"
    }

    /// Whether `other` is the same request: method (any case), path, query and body.
    pub fn same_as(&self, other: &RecordedRequest) -> bool {
        self.method.eq_ignore_ascii_case(&other.method)
            && self.path == other.path
            && self.query == other.query
            && self.body == other.body
    }
}

impl RecordedResponse {
    /// A response with only the allowed headers kept (names lower-cased).
    pub fn new<'a>(
        status: u16,
        headers: impl IntoIterator<Item = (&'a str, &'a str)>,
        body: Value,
    ) -> RecordedResponse {
        let headers = headers
            .into_iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v))
            .filter(|(k, _)| ALLOWED_HEADERS.contains(&k.as_str()))
            .map(|(k, v)| (k, v.to_owned()))
            .collect();
        RecordedResponse { status, headers, body }
    }
}

/// Why a cassette could not be read, written, or used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct CassetteError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub help: String,
}

impl CassetteError {
    fn new(file: &Path, message: String, help: &str) -> CassetteError {
        CassetteError {
            file: file.to_path_buf(),
            line: None,
            column: None,
            message,
            help: help.into(),
        }
    }
}

/// `url` without the `user:password@` of its authority, and whether it had one:
/// `http://me:pw@host:8080/x` → `http://host:8080/x`. A cassette never keeps credentials given in
/// a URL, nor does anything print them.
pub fn strip_userinfo(url: &str) -> (String, bool) {
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r)) => (Some(s), r),
        None => (None, url),
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let Some(at) = authority.rfind('@') else { return (url.to_owned(), false) };
    let host = authority.cut(at + 1..);
    let stripped = match scheme {
        Some(s) => format!("{s}://{host}{tail}"),
        None => format!("{host}{tail}"),
    };
    (stripped, true)
}

/// Parses the redaction paths, naming the bad one.
pub fn parse_paths(paths: &[String]) -> Result<Vec<JsonPath>, String> {
    paths.iter().map(|p| JsonPath::parse(p)).collect()
}

impl Cassette {
    pub fn new(base_url: &str) -> Cassette {
        Cassette {
            format_version: FORMAT_VERSION,
            base_url: strip_userinfo(base_url.trim_end_matches('/')).0,
            redactions: Vec::new(),
            interactions: Vec::new(),
        }
    }

    /// Reads a cassette. `Ok(None)` when the file does not exist.
    pub fn load_if_exists(path: &Path) -> Result<Option<Cassette>, CassetteError> {
        use crate::util::files::{read_text, ReadError, MAX_INPUT_BYTES};
        match read_text(path, MAX_INPUT_BYTES) {
            Ok(text) => {
                let mut cassette = Cassette::parse(path, &text)?;
                // What a recorder killed mid-recording appended (see `journal`).
                journal::apply(path, &text, &mut cassette)?;
                Ok(Some(cassette))
            }
            Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            // Only regular files within the limit: a FIFO or `/dev/zero` never hangs a replay.
            Err(e) => {
                Err(CassetteError::new(path, format!("cannot read the cassette: {e}"), e.help()))
            }
        }
    }

    /// Reads a cassette that must exist.
    pub fn load(path: &Path) -> Result<Cassette, CassetteError> {
        Cassette::load_if_exists(path)?.ok_or_else(|| {
            CassetteError::new(
                path,
                "no such cassette".into(),
                "record one with `flowsim record --out FILE ...`, or check the path",
            )
        })
    }

    /// Parses cassette text; `path` names the file in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Cassette, CassetteError> {
        // The version first, so that a newer cassette gets a clear message, not a field error.
        if let Ok(Value::Object(top)) = serde_json::from_str::<Value>(text) {
            if let Some(v) = top.get("formatVersion").and_then(Value::as_u64) {
                if v > u64::from(FORMAT_VERSION) {
                    return Err(CassetteError::new(
                        path,
                        format!(
                            "formatVersion {v} is newer than this flowsim reads ({FORMAT_VERSION})"
                        ),
                        "upgrade flowsim, or re-record the cassette with this version",
                    ));
                }
            }
        }
        let cassette: Cassette = serde_json::from_str(text).map_err(|e| {
            let (message, place) = crate::util::json_pos::syntax_error(&e);
            let (line, column) = place.unzip();
            CassetteError {
                file: path.to_path_buf(),
                line,
                column,
                message: format!("not a valid cassette: {message}"),
                help: "a cassette is {\"formatVersion\": 1, \"baseUrl\": ..., \"interactions\": [{\"request\": {method, path, query, body}, \"response\": {status, headers, body}, \"recordedAt\": ...}]}".into(),
            }
        })?;
        if cassette.format_version == 0 {
            return Err(CassetteError::new(
                path,
                "formatVersion 0 does not exist".into(),
                "write \"formatVersion\": 1",
            ));
        }
        if let Err(message) = parse_paths(&cassette.redactions) {
            return Err(CassetteError::new(
                path,
                format!("redactions: {message}"),
                "fix or remove the path",
            ));
        }
        Ok(cassette)
    }

    /// The cassette as pretty JSON with a final newline.
    pub fn to_json_pretty(&self) -> String {
        let (base_url, had_userinfo) = strip_userinfo(&self.base_url);
        let stripped;
        let this = if had_userinfo {
            stripped = Cassette { base_url, ..self.clone() };
            &stripped
        } else {
            self
        };
        let mut text = serde_json::to_string_pretty(this).expect("cassettes always serialize");
        text.push('\n');
        text
    }

    /// Writes the cassette atomically (temporary file, then rename).
    pub fn save(&self, path: &Path) -> Result<(), CassetteError> {
        crate::util::write_atomic(path, self.to_json_pretty().as_bytes()).map_err(|e| {
            CassetteError::new(
                path,
                format!("cannot write the cassette: {e}"),
                "check that the directory is writable",
            )
        })
    }

    /// The index of the first interaction with the same request as `request` (which must be
    /// redacted already, see [`Cassette::redact`]).
    pub fn find(&self, request: &RecordedRequest) -> Option<usize> {
        self.interactions.iter().position(|i| i.request.same_as(request))
    }

    /// Adds redaction paths not yet listed.
    pub fn add_redactions(&mut self, paths: &[String]) {
        for p in paths {
            if !self.redactions.contains(p) {
                self.redactions.push(p.clone());
            }
        }
    }

    /// This cassette's redaction paths, parsed (they were checked when it was loaded or
    /// added; a bad one is skipped).
    pub fn redaction_paths(&self) -> Vec<JsonPath> {
        self.redactions.iter().filter_map(|p| JsonPath::parse(p).ok()).collect()
    }

    /// Replaces every value the cassette's redaction paths name, on the sides they name, by
    /// [`REDACTED`]. Returns how many values were replaced.
    pub fn redact(
        &self,
        request: &mut RecordedRequest,
        response: Option<&mut RecordedResponse>,
    ) -> usize {
        let paths = self.redaction_paths();
        let mut count = redact_side(&paths, Side::Request, request);
        if let Some(r) = response {
            count += redact_side(&paths, Side::Response, r);
        }
        count
    }

    /// Replaces each secret (a token, a client id or secret) anywhere in the cassette, keys and
    /// values, by [`REDACTED`]: the last line of defence, for an API that echoes a credential
    /// back. A secret of [`MIN_SCRUBBED_LEN`] characters or more is replaced wherever it occurs
    /// inside a text; a shorter one (a test's `id`) only where a whole text equals it, so that it
    /// cannot shred ordinary words. Returns how many were replaced.
    pub fn scrub(&mut self, secrets: &[&str]) -> usize {
        let secrets: Vec<&str> = secrets.iter().copied().filter(|s| !s.is_empty()).collect();
        if secrets.is_empty() {
            return 0;
        }
        let mut count = 0;
        let mut fix = |s: &mut String| {
            for secret in &secrets {
                if secret.chars().count() < MIN_SCRUBBED_LEN {
                    if s == secret {
                        count += 1;
                        REDACTED.clone_into(s);
                    }
                } else if s.contains(secret) {
                    count += s.matches(secret).count();
                    *s = s.replace(secret, REDACTED);
                }
            }
        };
        fix(&mut self.base_url);
        for i in &mut self.interactions {
            for s in [&mut i.request.path, &mut i.request.method, &mut i.recorded_at] {
                fix(s);
            }
            i.request.query = std::mem::take(&mut i.request.query)
                .into_iter()
                .map(|(mut k, mut v)| {
                    fix(&mut k);
                    fix(&mut v);
                    (k, v)
                })
                .collect();
            i.response.headers = std::mem::take(&mut i.response.headers)
                .into_iter()
                .map(|(k, mut v)| {
                    fix(&mut v);
                    (k, v)
                })
                .collect();
            scrub_json(&mut i.request.body, &mut fix);
            scrub_json(&mut i.response.body, &mut fix);
        }
        count
    }
}

fn redact_side<T: Serialize + serde::de::DeserializeOwned>(
    paths: &[JsonPath],
    side: Side,
    target: &mut T,
) -> usize {
    if !paths.iter().any(|p| p.reads(side)) {
        return 0;
    }
    let Ok(mut json) = serde_json::to_value(&*target) else { return 0 };
    let mut count = 0;
    for p in paths {
        p.for_each_mut(side, &mut json, &mut |v| {
            if v != REDACTED {
                *v = Value::String(REDACTED.into());
                count += 1;
            }
        });
    }
    if count > 0 {
        if let Ok(redacted) = serde_json::from_value(json) {
            *target = redacted;
        }
    }
    count
}

fn scrub_json(v: &mut Value, fix: &mut dyn FnMut(&mut String)) {
    match v {
        Value::String(s) => fix(s),
        Value::Array(items) => items.iter_mut().for_each(|i| scrub_json(i, fix)),
        Value::Object(map) => {
            let entries = std::mem::take(map);
            for (mut k, mut item) in entries {
                fix(&mut k);
                scrub_json(&mut item, fix);
                map.insert(k, item);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(body: Value) -> RecordedRequest {
        RecordedRequest {
            method: "POST".into(),
            path: "/api/v2/architect/simulations".into(),
            query: IndexMap::new(),
            body,
        }
    }

    fn interaction(body: Value) -> Interaction {
        Interaction {
            name: Some("a".into()),
            note: None,
            request: request(body),
            response: RecordedResponse::new(
                200,
                [
                    ("Content-Type", "application/json"),
                    ("Authorization", "Bearer t"),
                    ("Set-Cookie", "x"),
                ],
                json!({"status": "completed"}),
            ),
            recorded_at: "2026-01-01T09:00:00Z".into(),
        }
    }

    #[test]
    fn only_allowed_headers_are_kept() {
        let i = interaction(json!({}));
        assert_eq!(i.response.headers.keys().collect::<Vec<_>>(), ["content-type"]);
    }

    #[test]
    fn round_trips_and_saves_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sub/c.json");
        let mut c = Cassette::new("http://127.0.0.1:1/");
        assert_eq!(c.base_url, "http://127.0.0.1:1");
        c.interactions.push(interaction(json!({"flowName": "F"})));
        c.save(&file).unwrap();
        assert_eq!(Cassette::load(&file).unwrap(), c);
        let leftovers: Vec<_> = std::fs::read_dir(file.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
        assert_eq!(Cassette::load_if_exists(&dir.path().join("none.json")).unwrap(), None);
    }

    #[test]
    fn bad_cassettes_are_refused_with_a_place() {
        let e = Cassette::parse(Path::new("c.json"), "{\"formatVersion\": 1,\n \"baseUrl\": 3}")
            .unwrap_err();
        assert_eq!(e.line, Some(2));
        let e = Cassette::parse(
            Path::new("c.json"),
            r#"{"formatVersion": 9, "baseUrl": "x", "interactions": []}"#,
        )
        .unwrap_err();
        assert!(e.message.contains("newer"), "{}", e.message);
        let e = Cassette::parse(
            Path::new("c.json"),
            r#"{"formatVersion": 1, "baseUrl": "x", "interactions": [], "extra": 1}"#,
        )
        .unwrap_err();
        assert!(e.message.contains("extra"), "{}", e.message);
    }

    #[test]
    fn redaction_replaces_named_values_on_the_named_sides() {
        let mut c = Cassette::new("http://x");
        c.add_redactions(&["/body/context/from".into(), "/response/body/status".into()]);
        c.add_redactions(&["/body/context/from".into()]);
        assert_eq!(c.redactions.len(), 2);
        let mut i = interaction(json!({"context": {"from": "+15551234567", "to": "+1"}}));
        let n = c.redact(&mut i.request, Some(&mut i.response));
        assert_eq!(n, 2);
        assert_eq!(i.request.body["context"], json!({"from": "REDACTED", "to": "+1"}));
        assert_eq!(i.response.body["status"], "REDACTED");
        // Matching redacts the candidate the same way first.
        c.interactions.push(i);
        let mut again = request(json!({"context": {"from": "+15551234567", "to": "+1"}}));
        assert_eq!(c.find(&again), None);
        c.redact(&mut again, None);
        assert_eq!(c.find(&again), Some(0));
        let other = request(json!({"context": {"from": "REDACTED", "to": "+2"}}));
        assert_eq!(c.find(&other), None);
    }

    #[test]
    fn scrub_removes_secrets_anywhere() {
        let mut c = Cassette::new("http://x");
        let mut i = interaction(json!({"echo": "token tok-123 here", "tok-123": ["tok-123"]}));
        i.request.query.insert("k".into(), "tok-123".into());
        c.interactions.push(i);
        assert_eq!(c.scrub(&["tok-123", "", "me"]), 4);
        let text = c.to_json_pretty();
        assert!(!text.contains("tok-123"), "{text}");
        assert!(text.contains("token REDACTED here"));
        assert!(text.contains("\"method\""), "a short secret does not shred words: {text}");
    }

    #[test]
    fn credentials_in_the_base_url_are_never_kept() {
        assert_eq!(
            strip_userinfo("http://user:pa%40ss@127.0.0.1:8080/api?x=a@b"),
            ("http://127.0.0.1:8080/api?x=a@b".to_owned(), true)
        );
        assert_eq!(
            strip_userinfo("https://api.mypurecloud.com"),
            ("https://api.mypurecloud.com".to_owned(), false)
        );
        assert_eq!(strip_userinfo("http://u@h").0, "http://h");
        let c = Cassette::new("http://user:pass@host/");
        assert_eq!(c.base_url, "http://host");
        let loaded = Cassette { base_url: "http://user:pass@host".into(), ..c };
        let text = loaded.to_json_pretty();
        assert!(!text.contains("pass") && !text.contains("user"), "{text}");
    }

    #[test]
    fn simulations_are_recognised() {
        assert!(request(json!({})).is_simulation());
        let mut r = request(json!({}));
        r.method = "GET".into();
        assert!(!r.is_simulation());
        assert_eq!(request(json!({})).label(), "POST /api/v2/architect/simulations");
    }
}
