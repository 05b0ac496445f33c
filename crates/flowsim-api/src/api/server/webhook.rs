//! The orchestration service's payloads, read strictly: the DTMF webhook (`{flowInstanceId, participants:
//! [{input: {dtmf}}]}`) and the variable update (`{flowInstanceId, variables}`). A malformed
//! payload is a 400 naming the field by its JSON pointer (`/participants/0/input/dtmf`).

use super::shapes::{parse_body, ApiError};
use indexmap::IndexMap;
use serde_json::Value as J;

/// The longest DTMF string a webhook may carry.
const MAX_DTMF: usize = 64;

fn bad(pointer: &str, message: String) -> ApiError {
    ApiError::bad_request(message).detail("badPayload", pointer)
}

fn instance_id(value: &J, required: bool) -> Result<Option<String>, ApiError> {
    match value.get("flowInstanceId") {
        None | Some(J::Null) if !required => Ok(None),
        None | Some(J::Null) => Err(bad("/flowInstanceId", "Missing flowInstanceId.".into())),
        Some(J::String(s)) if !s.trim().is_empty() => Ok(Some(s.trim().to_owned())),
        Some(other) => Err(bad(
            "/flowInstanceId",
            format!("/flowInstanceId: a flow instance id (a string), not {other}."),
        )),
    }
}

/// The webhook's instance id (if it names one) and the first participant's DTMF.
pub(super) fn dtmf(value: &J) -> Result<(Option<String>, String), ApiError> {
    let id = instance_id(value, false)?;
    let Some(J::Array(participants)) = value.get("participants") else {
        return Err(bad("/participants", "/participants: a list of participants.".into()));
    };
    for (i, p) in participants.iter().enumerate() {
        let Some(input) = p.get("input") else { continue };
        let Some(d) = input.get("dtmf") else { continue };
        let at = format!("/participants/{i}/input/dtmf");
        let J::String(d) = d else {
            return Err(bad(
                &at,
                format!("{at}: the digits pressed, as a string (\"1\"), not {d}."),
            ));
        };
        if d.is_empty() {
            continue;
        }
        if d.len() > MAX_DTMF || !d.chars().all(crate::engine::request::is_key) {
            return Err(bad(
                &at,
                format!("{at}: keypad digits (0-9, *, #), at most {MAX_DTMF}, not {d:?}."),
            ));
        }
        return Ok((id, d.clone()));
    }
    Err(bad(
        "/participants",
        "No participant has input.dtmf: the webhook delivers no digits.".into(),
    ))
}

/// The update's instance id and its variables, bare names made flow variables.
pub(super) fn variables(
    body: &[u8],
    max: usize,
) -> Result<(String, IndexMap<String, J>), ApiError> {
    let value: J = parse_body(body)?;
    if !value.is_object() {
        return Err(bad("", "The body must be a JSON object: {flowInstanceId, variables}.".into()));
    }
    let id = instance_id(&value, true)?.unwrap_or_default();
    let Some(J::Object(vars)) = value.get("variables") else {
        return Err(bad(
            "/variables",
            "/variables: an object of variable names and values.".into(),
        ));
    };
    if vars.is_empty() || vars.len() > max {
        return Err(bad("/variables", format!("/variables: from 1 to {max} variables.")));
    }
    if let Some(other) = value
        .as_object()
        .and_then(|m| m.keys().find(|k| *k != "flowInstanceId" && *k != "variables"))
    {
        let at = format!("/{}", crate::util::pointer::escape(other));
        return Err(bad(
            &at,
            format!("Unknown field `{other}`: the body is {{flowInstanceId, variables}}."),
        ));
    }
    let mut out = IndexMap::with_capacity(vars.len());
    for (name, v) in vars {
        let full = if name.contains('.') { name.clone() } else { format!("Flow.{name}") };
        if v.is_object() {
            let at = format!("/variables/{}", crate::util::pointer::escape(name));
            return Err(bad(
                &at,
                format!("{at}: a value (string, number, boolean, list or null), not an object."),
            ));
        }
        out.insert(full, v.clone());
    }
    Ok((id, out))
}
