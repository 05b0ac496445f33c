//! The cloud's JSON shapes: the error body, `Flow`, `FlowVersion`, flow types, ids and dates.
//!
//! Field names follow the official SDK's models (`Flow`, `FlowVersion`, `ErrorBody`, ...).

pub(super) use crate::api::org::encode_segment;
use crate::flow::{Flow, Registry, Version};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value as J};

/// `engine::request::DEFAULT_START_TIME` in HTTP's date format: every response's `Date`.
pub(super) const VIRTUAL_DATE: &str = "Thu, 01 Jan 2026 09:00:00 GMT";

/// The id of the one division every flow is in (the cloud's default is called "Home").
pub(super) const HOME_DIVISION_ID: &str = "d0000000-0000-4000-8000-000000000001";

tokio::task_local! {
    /// The current request's `contextId` (the cloud's correlation id), set by `faults::track`.
    pub(super) static CONTEXT_ID: String;
}

/// An error answered with the cloud's body: `{message, code, status, contextId, details, errors}`.
#[derive(Debug, Clone)]
pub(super) struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// `[{errorCode, fieldName}]`: which field, and flowsim's own error code.
    pub details: Vec<J>,
    /// Seconds, for a 429's `Retry-After`.
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code: code_of(status),
            message: message.into(),
            details: Vec::new(),
            retry_after: None,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    pub fn code(mut self, code: &'static str) -> ApiError {
        self.code = code;
        self
    }

    /// Adds a `details` entry naming the field and flowsim's error code.
    pub fn detail(mut self, error_code: &str, field: &str) -> ApiError {
        self.details.push(json!({"errorCode": error_code, "fieldName": field}));
        self
    }
}

/// The cloud's code for a status.
pub(super) fn code_of(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "bad.request",
        401 => "authentication.required",
        403 => "missing.any.permissions",
        404 => "not.found",
        405 => "method.not.allowed",
        408 => "request.timeout",
        409 => "conflict",
        413 => "request.entity.too.large",
        414 => "request.uri.too.long",
        431 => "request.header.fields.too.large",
        415 => "unsupported.media.type",
        429 => "too.many.requests",
        500 => "internal.server.error",
        502 => "bad.gateway",
        503 => "service.unavailable",
        504 => "gateway.timeout",
        _ if status.is_client_error() => "bad.request",
        _ => "internal.server.error",
    }
}

impl ApiError {
    /// The cloud's error body.
    pub fn body(&self, context_id: &str) -> J {
        json!({
            "message": self.message,
            "code": self.code,
            "status": self.status.as_u16(),
            "messageParams": {},
            "contextId": context_id,
            "details": self.details,
            "errors": [],
        })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let context_id = CONTEXT_ID.try_with(Clone::clone).unwrap_or_default();
        let body = self.body(&context_id);
        let mut response = (self.status, axum::Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// The fallback: no such path.
pub(super) async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!("The requested resource {} was not found.", uri.path()))
}

/// The path exists, the method does not.
pub(super) async fn method_not_allowed(
    method: axum::http::Method,
    uri: axum::http::Uri,
) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{method} is not supported on {}", uri.path()),
    )
}

/// Parses a JSON request body, or answers the cloud's 400.
pub(super) fn parse_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request("The request body is empty; it must be JSON.")
            .detail("badRequest", "body"));
    }
    if !super::limits::values_within(body, super::limits::MAX_BODY_VALUES) {
        return Err(too_many_values());
    }
    serde_json::from_slice(body).map_err(|e| {
        ApiError::bad_request(format!("The request body is not valid: {e}"))
            .detail("badRequest", "body")
    })
}

/// A body of more values than [`super::limits::MAX_BODY_VALUES`]: refused before it is parsed.
pub(super) fn too_many_values() -> ApiError {
    ApiError::bad_request(format!(
        "The request body holds more than {} JSON values; no request needs that many (a list in a run holds at most 2,000 items). Send fewer.",
        super::limits::MAX_BODY_VALUES
    ))
    .detail("tooManyValues", "body")
}

/// The cloud's flow types, as the SDK's `Flow.type` enum spells them.
pub(super) const CLOUD_FLOW_TYPES: [&str; 21] = [
    "BOT",
    "BUSINESSPROCESS",
    "COMMONMODULE",
    "DIGITALBOT",
    "EMAILSEND",
    "INBOUNDCALL",
    "INBOUNDCHAT",
    "INBOUNDEMAIL",
    "INBOUNDSHORTMESSAGE",
    "INQUEUECALL",
    "INQUEUEEMAIL",
    "INQUEUESHORTMESSAGE",
    "OUTBOUNDCALL",
    "SECURECALL",
    "SPEECH",
    "SURVEYINVITE",
    "VOICE",
    "VOICEMAIL",
    "VOICESURVEY",
    "WORKFLOW",
    "WORKITEM",
];

/// Short spellings flow files use (docs/json-flows.md: `inbound`, `outbound`, `inqueue`, ...).
const FLOW_TYPE_ALIASES: [(&str, &str); 13] = [
    ("INBOUND", "INBOUNDCALL"),
    ("CALL", "INBOUNDCALL"),
    ("OUTBOUND", "OUTBOUNDCALL"),
    ("INQUEUE", "INQUEUECALL"),
    ("COMMON", "COMMONMODULE"),
    ("MODULE", "COMMONMODULE"),
    ("SECURE", "SECURECALL"),
    ("CHAT", "INBOUNDCHAT"),
    ("EMAIL", "INBOUNDEMAIL"),
    ("MESSAGE", "INBOUNDSHORTMESSAGE"),
    ("INBOUNDMESSAGE", "INBOUNDSHORTMESSAGE"),
    ("SMS", "INBOUNDSHORTMESSAGE"),
    ("SURVEY", "SURVEYINVITE"),
];

/// A flow file's `type` in the cloud's spelling: `inbound` → `INBOUNDCALL`, `commonModule` →
/// `COMMONMODULE`, `inqueue` → `INQUEUECALL`. No type means `INBOUNDCALL`; an unknown one is
/// upper-cased without separators.
pub(super) fn cloud_flow_type(ours: &str) -> String {
    let compact: String =
        ours.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect();
    if compact.is_empty() {
        return "INBOUNDCALL".into();
    }
    if CLOUD_FLOW_TYPES.contains(&compact.as_str()) {
        return compact;
    }
    FLOW_TYPE_ALIASES
        .iter()
        .find(|(alias, _)| *alias == compact)
        .map_or(compact, |(_, cloud)| (*cloud).to_owned())
}

/// A version's id. Versions are numbered in the order the cloud would have made them: with a
/// published version, it is `1.0` and the draft (checked in since) is `2.0`; a flow that was
/// never published has only its draft, `1.0`. An Archy file or an export is one definition,
/// the version `archy publish` or an import publishes: its checked-in version is the
/// published one, `1.0`, as the cloud reports a flow just published.
pub(super) fn version_id(flow: &Flow, version: Version) -> &'static str {
    match (version, flow.published.is_some()) {
        (Version::Draft, true) if !one_definition(flow) => "2.0",
        _ => "1.0",
    }
}

/// Whether the flow's file holds one version, published as it is (Archy YAML, an export),
/// rather than a draft beside a published version (the JSON format's `published`).
fn one_definition(flow: &Flow) -> bool {
    flow.format != crate::flow::Format::Json
}

/// Which version a launch asks for: the published one when `flowVersion` is absent and there
/// is one (else the draft), or the version named by id, `published`, `draft` or `latest`.
pub(super) fn pick_version(flow: &Flow, asked: Option<&str>) -> Result<Version, ApiError> {
    let published = flow.published.is_some();
    let asked = asked.map(str::trim).filter(|s| !s.is_empty());
    let version = match asked {
        None if published => Some(Version::Published),
        None => Some(Version::Draft),
        Some(v) if v.eq_ignore_ascii_case("published") && published => Some(Version::Published),
        Some(v) if v.eq_ignore_ascii_case("draft") || v.eq_ignore_ascii_case("latest") => {
            Some(Version::Draft)
        }
        Some(v) if published && v == version_id(flow, Version::Published) => {
            Some(Version::Published)
        }
        Some(v) if v == version_id(flow, Version::Draft) => Some(Version::Draft),
        Some(_) => None,
    };
    version.ok_or_else(|| {
        let mut known = Vec::new();
        if published {
            known.push(format!("{} (published)", version_id(flow, Version::Published)));
        }
        known.push(format!("{} (draft)", version_id(flow, Version::Draft)));
        ApiError::bad_request(format!(
            "Flow {} has no version {}; its versions are {}.",
            flow.name,
            asked.unwrap_or_default(),
            known.join(", ")
        ))
        .code("flow.version.not.found")
        .detail("flowVersionNotFound", "flowVersion")
    })
}

pub(super) fn flow_uri(reg: &Registry, flow: &Flow) -> String {
    format!("/api/v2/flows/{}", encode_segment(&super::ids::api_id(reg, flow)))
}

/// A `FlowVersion`.
pub(super) fn version_json(reg: &Registry, flow: &Flow, version: Version) -> J {
    let id = version_id(flow, version);
    json!({
        "id": id,
        "name": &*flow.name,
        "commitVersion": id,
        "configurationVersion": id,
        "type": if version == Version::Published || (flow.published.is_some() && one_definition(flow)) { "PUBLISH" } else { "CHECKIN" },
        "secure": false,
        "debug": false,
        "selfUri": format!("{}/versions/{id}", flow_uri(reg, flow)),
    })
}

/// A `DomainEntityRef` to a version.
pub(super) fn version_ref(reg: &Registry, flow: &Flow, version: Version) -> J {
    let id = version_id(flow, version);
    json!({"id": id, "name": &*flow.name, "selfUri": format!("{}/versions/{id}", flow_uri(reg, flow))})
}

/// A `Flow`. `active` means published, as in the cloud.
pub(super) fn flow_json(reg: &Registry, flow: &Flow) -> J {
    let mut m = serde_json::Map::new();
    m.insert("id".into(), J::from(super::ids::api_id(reg, flow).into_owned()));
    m.insert("name".into(), J::from(&*flow.name));
    m.insert(
        "division".into(),
        json!({"id": HOME_DIVISION_ID, "name": "Home",
               "selfUri": format!("/api/v2/authorization/divisions/{HOME_DIVISION_ID}")}),
    );
    m.insert("type".into(), J::from(cloud_flow_type(&flow.flow_type)));
    m.insert("active".into(), J::from(flow.published.is_some()));
    m.insert("system".into(), J::from(false));
    m.insert("deleted".into(), J::from(false));
    if flow.published.is_some() {
        m.insert("publishedVersion".into(), version_json(reg, flow, Version::Published));
    }
    m.insert("checkedInVersion".into(), version_json(reg, flow, Version::Draft));
    m.insert("selfUri".into(), J::from(flow_uri(reg, flow)));
    J::Object(m)
}

/// A sequential id in the shape of a UUID: `prefix` tells the kinds apart.
pub(super) fn seq_uuid(prefix: u32, n: u64) -> String {
    format!("{prefix:08x}-0000-4000-8000-{n:012x}")
}

/// ISO 8601 UTC with milliseconds, as the cloud writes dates.
pub(super) fn iso(ms: i64) -> String {
    let mut s = String::new();
    crate::expr::value::write_datetime(ms, &mut s);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_types_map_to_the_cloud_spelling() {
        for (ours, cloud) in [
            ("inbound", "INBOUNDCALL"),
            ("", "INBOUNDCALL"),
            ("commonModule", "COMMONMODULE"),
            ("inqueue", "INQUEUECALL"),
            ("inQueueCall", "INQUEUECALL"),
            ("outbound", "OUTBOUNDCALL"),
            ("inboundShortMessage", "INBOUNDSHORTMESSAGE"),
            ("workflow", "WORKFLOW"),
            ("digital_bot", "DIGITALBOT"),
            ("something-new", "SOMETHINGNEW"),
        ] {
            assert_eq!(cloud_flow_type(ours), cloud, "{ours}");
        }
    }

    #[test]
    fn ids_are_uuid_shaped_and_segments_encoded() {
        assert_eq!(seq_uuid(0xe000_0000, 1), "e0000000-0000-4000-8000-000000000001");
        assert_eq!(encode_segment("My Flow/1"), "My%20Flow%2F1");
        assert_eq!(iso(0), "1970-01-01T00:00:00.000Z");
    }
}
