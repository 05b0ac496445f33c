//! The org inventory endpoints (`crate::api::org::ENDPOINTS`): what the fixtures stand for
//! (`flow::org::from_fixtures`, the manifest `flowsim org --fixtures` writes), in the cloud's
//! listings: queues, users, groups, skills, languages, utilization labels, schedules, schedule
//! groups, emergency groups, user prompts (`GET .../prompts/{id}/resources` too), data tables
//! (`expand=schema`), data actions (`GET .../actions/{id}?expand=contract`); wrap-up codes,
//! integrations, flow outcomes and milestones, which fixtures do not model, as empty listings.
//!
//! Sorted by name (case-insensitively, then id) as the cloud sorts them, `sortOrder=desc`
//! reversed; `name` filters where the cloud has that filter (the whole name, any case, `*` for
//! any run of characters); paged as every listing is (`paging`).

use super::ids::name_guid;
use super::paging::{glob_matches, Query};
use super::shapes::{encode_segment, ApiError};
use super::Emulator;
use crate::api::org::{endpoint, Endpoint};
use crate::flow::catalogue::Org;
use crate::flow::org::Entry;
use axum::extract::{Path, RawQuery, State};
use axum::routing::{get, MethodRouter};
use axum::Json;
use serde_json::{json, Map, Value as J};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The route of `ep`'s listing.
pub(super) fn route(ep: &'static Endpoint) -> MethodRouter<Arc<Emulator>> {
    get(move |State(em): State<Arc<Emulator>>, RawQuery(query): RawQuery| async move {
        list(&em, ep, query.as_deref()).map(Json)
    })
}

/// The id the emulator gives a data action: fixtures name them only, the cloud's custom
/// actions have ids like `custom_-_<GUID>`.
pub(super) fn action_id(name: &str) -> String {
    format!("custom_-_{}", name_guid(&format!("data action {name}")))
}

/// An entry's id as the emulator answers it.
fn id_of(kind: Org, e: &Entry) -> String {
    match (&e.id, kind) {
        (Some(id), _) => id.clone(),
        (None, Org::DataAction) => action_id(&e.name),
        (None, _) => name_guid(&format!("{} {}", kind.noun(), e.name)),
    }
}

fn list(em: &Emulator, ep: &Endpoint, query: Option<&str>) -> Result<J, ApiError> {
    let q = Query::parse(query)?;
    let world = em.world();
    let name = ep.name_filter.then(|| q.first("name")).flatten().map(str::to_lowercase);
    let mut entries: Vec<&Entry> = world
        .org
        .entries(ep.kind)
        .unwrap_or_default()
        .iter()
        .filter(|e| name.as_deref().is_none_or(|n| glob_matches(n, &e.name.to_lowercase())))
        .collect();
    entries.sort_by_cached_key(|e| (e.name.to_lowercase(), id_of(ep.kind, e)));
    if q.first("sortOrder").is_some_and(|o| o.to_ascii_lowercase().starts_with("desc")) {
        entries.reverse();
    }
    let schema = q.all("expand").iter().any(|x| x == "schema");
    let resources = q.first("includeResources").is_none_or(|v| !v.eq_ignore_ascii_case("false"));
    Ok(q.page(ep.path, &entries, |e| entity(ep.kind, e, schema, resources)))
}

/// One entity in the cloud's shape for its kind.
fn entity(kind: Org, e: &Entry, schema: bool, resources: bool) -> J {
    let id = id_of(kind, e);
    let self_uri = format!("{}/{}", endpoint(kind).path, encode_segment(&id));
    let mut m = Map::new();
    m.insert("id".into(), J::from(id.as_str()));
    m.insert("name".into(), J::from(e.name.as_str()));
    match kind {
        Org::User => {
            if let Some(email) = &e.email {
                m.insert("email".into(), J::from(email.as_str()));
            }
            m.insert("state".into(), J::from("active"));
        }
        Org::Group => {
            m.insert("state".into(), J::from("active"));
            m.insert("type".into(), J::from("official"));
            m.insert("visibility".into(), J::from("public"));
        }
        Org::Skill | Org::Language | Org::Schedule | Org::ScheduleGroup | Org::EmergencyGroup => {
            m.insert("state".into(), J::from("active"));
        }
        Org::DataAction => {
            if let Some(integration) = &e.integration {
                m.insert("category".into(), J::from(integration.as_str()));
            }
            m.insert("secure".into(), J::from(false));
            m.insert("version".into(), J::from(1));
        }
        Org::DataTable if schema => {
            m.insert("schema".into(), table_schema(e));
        }
        Org::Prompt => {
            m.insert("description".into(), J::from(""));
            if resources {
                m.insert("resources".into(), J::Array(prompt_assets(&id, e)));
            }
        }
        _ => {}
    }
    m.insert("selfUri".into(), J::from(self_uri));
    J::Object(m)
}

/// A data table's schema as the cloud keeps it (JSON Schema): the key column as the property
/// `key` titled with the column's name, the others under their names.
fn table_schema(e: &Entry) -> J {
    let mut props = Map::new();
    let key = e.key.as_deref().unwrap_or("key");
    let columns = e.inputs.clone().unwrap_or_default();
    let ty = |c: &str| columns.get(c).map_or("string", String::as_str).to_owned();
    props.insert(
        "key".into(),
        json!({"title": key, "type": ty(key), "$id": "/properties/key", "displayOrder": 0}),
    );
    for (i, column) in columns.keys().filter(|c| *c != key).enumerate() {
        props.insert(
            column.clone(),
            json!({"title": column, "type": ty(column), "$id": format!("/properties/{column}"), "displayOrder": i + 1}),
        );
    }
    json!({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "type": "object",
        "required": ["key"],
        "properties": props,
        "additionalProperties": false,
    })
}

/// A prompt's resources, one per language it has (none when its languages are unknown).
fn prompt_assets(prompt_id: &str, e: &Entry) -> Vec<J> {
    e.languages
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, lang)| {
            json!({
                "id": lang,
                "name": e.name,
                "promptId": prompt_id,
                "language": lang,
                "languageDefault": i == 0,
                "uploadStatus": "transcoded",
                "selfUri": format!("/api/v2/architect/prompts/{}/resources/{}", encode_segment(prompt_id), encode_segment(lang)),
            })
        })
        .collect()
}

/// The entry of `kind` whose emulator id is `id` (or, as a convenience, whose name it is).
fn find<'a>(entries: &'a [Entry], kind: Org, id: &str) -> Option<&'a Entry> {
    entries
        .iter()
        .find(|e| id_of(kind, e) == id)
        .or_else(|| entries.iter().find(|e| e.name.eq_ignore_ascii_case(id)))
}

/// `GET /api/v2/integrations/actions/{actionId}` (`expand=contract` adds the input and success
/// schemas; a side the fixtures' mocks do not show is left out).
pub(super) async fn action(
    State(em): State<Arc<Emulator>>,
    Path(action_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<J>, ApiError> {
    let q = Query::parse(query.as_deref())?;
    let world = em.world();
    let entries = world.org.entries(Org::DataAction).unwrap_or_default();
    let e = find(entries, Org::DataAction, &action_id).ok_or_else(|| {
        ApiError::not_found(format!("Action {action_id} not found.")).code("not.found")
    })?;
    let mut body = entity(Org::DataAction, e, false, false);
    if q.all("expand").iter().any(|x| x == "contract") {
        let schema = |title: String, fields: &Option<BTreeMap<String, String>>| {
            fields.as_ref().map(|f| {
                let props: Map<String, J> = f
                    .iter()
                    .map(|(k, ty)| {
                        let p = if ty == "any" { json!({}) } else { json!({"type": ty}) };
                        (k.clone(), p)
                    })
                    .collect();
                json!({
                    "$schema": "http://json-schema.org/draft-04/schema#",
                    "title": title,
                    "type": "object",
                    "properties": props,
                    "additionalProperties": true,
                })
            })
        };
        let mut input = Map::new();
        if let Some(s) = schema(format!("{} Request", e.name), &e.inputs) {
            input.insert("inputSchema".into(), s);
        }
        let mut output = Map::new();
        if let Some(s) = schema(format!("{} Response", e.name), &e.outputs) {
            output.insert("successSchema".into(), s);
        }
        body["contract"] = json!({"input": input, "output": output});
    }
    Ok(Json(body))
}

/// `GET /api/v2/architect/prompts/{promptId}/resources`: a paged listing of its resources.
pub(super) async fn prompt_resources(
    State(em): State<Arc<Emulator>>,
    Path(prompt_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<J>, ApiError> {
    let q = Query::parse(query.as_deref())?;
    let world = em.world();
    let entries = world.org.entries(Org::Prompt).unwrap_or_default();
    let e = find(entries, Org::Prompt, &prompt_id).ok_or_else(|| {
        ApiError::not_found(format!("Prompt {prompt_id} not found.")).code("not.found")
    })?;
    let assets = prompt_assets(&id_of(Org::Prompt, e), e);
    let path = format!("/api/v2/architect/prompts/{}/resources", encode_segment(&prompt_id));
    Ok(Json(q.page(&path, &assets, Clone::clone)))
}
