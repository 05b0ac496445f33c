//! `GET /api/v2/flows` (a `FlowEntityListing`) and `GET /api/v2/flows/{flowId}` (a `Flow`).

use super::ids::api_id;
use super::paging::{glob_contains, Query};
use super::shapes::{cloud_flow_type, flow_json, ApiError};
use super::Emulator;
use crate::flow::Flow;
use axum::extract::{Path, RawQuery, State};
use axum::Json;
use serde_json::Value as J;
use std::sync::Arc;

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
    let q = Query::parse(query.as_deref())?;
    let name = q.first("name").or(q.first("nameOrDescription")).map(str::to_lowercase);
    let types: Vec<String> = q.all("type").iter().map(|t| cloud_flow_type(t)).collect();
    let ids = q.all("id");

    let world = em.world();
    let mut flows: Vec<&Flow> = world
        .registry
        .flows()
        .iter()
        .filter(|f| name.as_deref().is_none_or(|n| glob_contains(n, &f.name.to_lowercase())))
        .filter(|f| types.is_empty() || types.contains(&cloud_flow_type(&f.flow_type)))
        .filter(|f| {
            ids.is_empty()
                || ids
                    .iter()
                    .any(|id| *id == *f.id || id.eq_ignore_ascii_case(&api_id(&world.registry, f)))
        })
        .collect();
    match q.first("sortBy").map(str::to_ascii_lowercase).as_deref() {
        Some("id") => flows.sort_by_cached_key(|f| api_id(&world.registry, f).into_owned()),
        Some("type") => {
            flows.sort_by_key(|f| (cloud_flow_type(&f.flow_type), f.name.to_lowercase()));
        }
        _ => flows.sort_by_key(|f| (f.name.to_lowercase(), f.id.clone())),
    }
    if q.first("sortOrder").is_some_and(|o| o.to_ascii_lowercase().starts_with("desc")) {
        flows.reverse();
    }
    Ok(Json(q.page("/api/v2/flows", &flows, |f| flow_json(&world.registry, f))))
}

/// `GET /api/v2/flows/{flowId}?flowType=`: by id (the emulator's GUID or the flow's own), or by
/// name (case-insensitively) as a convenience; `flowType` chooses among flows of different
/// types that share the name, which without it is a 400.
pub(super) async fn get(
    State(em): State<Arc<Emulator>>,
    Path(flow_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<J>, ApiError> {
    let q = Query::parse(query.as_deref())?;
    let world = em.world();
    let idx = world.find(&flow_id, q.first("flowType")).map_err(|e| {
        let missing =
            ApiError::not_found(format!("Flow {flow_id} not found.")).code("flow.not.found");
        world.lookup_error(&flow_id, &e, missing)
    })?;
    Ok(Json(flow_json(&world.registry, world.registry.flow(idx))))
}
