//! `GET /api/v2/flows` (a `FlowEntityListing`) and `GET /api/v2/flows/{flowId}` (a `Flow`).

use super::ids::api_id;
use super::shapes::{cloud_flow_type, flow_json, ApiError};
use super::Emulator;
use crate::flow::Flow;
use axum::extract::{Path, RawQuery, State};
use axum::Json;
use serde_json::{json, Value as J};
use std::sync::Arc;

const DEFAULT_PAGE_SIZE: usize = 25;
const MAX_PAGE_SIZE: usize = 500;

/// `GET /api/v2/flows?name=&type=&id=&pageSize=&pageNumber=&sortBy=&sortOrder=`.
///
/// `name` matches a substring, case-insensitively, with `*` as a wildcard (`Inbound*B`);
/// `nameOrDescription` too (flows here have no description). `type` and `id` take several
/// values, repeated or comma-separated; types compare in the cloud's spelling, any case (our
/// spellings such as `inbound` work too). Sorted by name unless `sortBy=id` or `sortBy=type`.
pub(super) async fn list(
    State(em): State<Arc<Emulator>>,
    RawQuery(query): RawQuery,
) -> Result<Json<J>, ApiError> {
    let params: Vec<(String, String)> = serde_urlencoded::from_str(query.as_deref().unwrap_or(""))
        .map_err(|e| ApiError::bad_request(format!("The query string is not valid: {e}")))?;
    let all = |key: &str| -> Vec<String> {
        params
            .iter()
            .filter(|(k, _)| k == key)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let first = |key: &str| params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let page_size = number(first("pageSize"), "pageSize", DEFAULT_PAGE_SIZE)?;
    if page_size > MAX_PAGE_SIZE {
        return Err(ApiError::bad_request(format!(
            "The value {page_size} for pageSize is invalid; it must be from 1 to {MAX_PAGE_SIZE}."
        ))
        .detail("badPageSize", "pageSize"));
    }
    let page_number = number(first("pageNumber"), "pageNumber", 1)?;
    let name = first("name").or(first("nameOrDescription")).map(str::to_lowercase);
    let types: Vec<String> = all("type").iter().map(|t| cloud_flow_type(t)).collect();
    let ids = all("id");

    let world = em.world();
    let mut flows: Vec<&Flow> = world
        .registry
        .flows()
        .iter()
        .filter(|f| name.as_deref().is_none_or(|n| glob_contains(n, &f.name.to_lowercase())))
        .filter(|f| types.is_empty() || types.contains(&cloud_flow_type(&f.flow_type)))
        .filter(|f| {
            ids.is_empty()
                || ids.iter().any(|id| *id == *f.id || id.eq_ignore_ascii_case(&api_id(f)))
        })
        .collect();
    match first("sortBy").map(str::to_ascii_lowercase).as_deref() {
        Some("id") => flows.sort_by_cached_key(|f| api_id(f).into_owned()),
        Some("type") => {
            flows.sort_by_key(|f| (cloud_flow_type(&f.flow_type), f.name.to_lowercase()));
        }
        _ => flows.sort_by_key(|f| (f.name.to_lowercase(), f.id.clone())),
    }
    if first("sortOrder").is_some_and(|o| o.to_ascii_lowercase().starts_with("desc")) {
        flows.reverse();
    }

    let total = flows.len();
    let page_count = total.div_ceil(page_size);
    let entities: Vec<J> = flows
        .iter()
        .skip(page_size.saturating_mul(page_number - 1))
        .take(page_size)
        .map(|f| flow_json(f))
        .collect();
    let filters: Vec<(&str, &str)> = params
        .iter()
        .filter(|(k, _)| k != "pageSize" && k != "pageNumber")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let uri = |page: usize| {
        let mut q = filters.clone();
        let (size, page) = (page_size.to_string(), page.to_string());
        q.push(("pageSize", &size));
        q.push(("pageNumber", &page));
        format!("/api/v2/flows?{}", serde_urlencoded::to_string(&q).unwrap_or_default())
    };
    let mut body = json!({
        "entities": entities,
        "pageSize": page_size,
        "pageNumber": page_number,
        "total": total,
        "firstUri": uri(1),
        "selfUri": uri(page_number),
        "lastUri": uri(page_count.max(1)),
        "pageCount": page_count,
    });
    if page_number < page_count {
        body["nextUri"] = J::from(uri(page_number + 1));
    }
    if page_number > 1 && page_count > 0 {
        body["previousUri"] = J::from(uri((page_number - 1).min(page_count)));
    }
    Ok(Json(body))
}

/// `GET /api/v2/flows/{flowId}`: by id (the emulator's GUID or the flow's own), or by name
/// (case-insensitively) as a convenience.
pub(super) async fn get(
    State(em): State<Arc<Emulator>>,
    Path(flow_id): Path<String>,
) -> Result<Json<J>, ApiError> {
    let world = em.world();
    let idx = world.resolve(&flow_id).ok_or_else(|| {
        ApiError::not_found(format!("Flow {flow_id} not found.")).code("flow.not.found")
    })?;
    Ok(Json(flow_json(world.registry.flow(idx))))
}

/// A positive integer query parameter.
fn number(text: Option<&str>, name: &str, default: usize) -> Result<usize, ApiError> {
    let Some(text) = text else { return Ok(default) };
    match text.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(ApiError::bad_request(format!(
            "The value {text} for {name} is invalid; it must be a whole number, 1 or more."
        ))
        .detail("badQueryParameter", name)),
    }
}

/// Whether `text` contains `pattern`'s `*`-separated parts in order (both lower-cased).
fn glob_contains(pattern: &str, text: &str) -> bool {
    let mut rest = text;
    for part in pattern.split('*').filter(|p| !p.is_empty()) {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::glob_contains;

    #[test]
    fn name_filter_is_a_substring_with_wildcards() {
        assert!(glob_contains("flow_a", "inbound_flow_a"));
        assert!(glob_contains("inbound*b", "inbound_flow_b"));
        assert!(glob_contains("*", "anything"));
        assert!(!glob_contains("inbound*a*b", "inbound_flow_b"));
        assert!(!glob_contains("x", "inbound"));
    }
}
