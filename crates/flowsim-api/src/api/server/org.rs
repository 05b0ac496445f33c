//! The org inventory endpoints (`crate::api::org::ENDPOINTS`): what the fixtures stand for
//! (`flow::org::from_fixtures`, the manifest `flowsim org --fixtures` writes), in the cloud's
//! listings: queues, users, groups, skills, languages, wrap-up codes, utilization labels,
//! schedules, schedule groups, emergency groups, flow outcomes and milestones, integrations,
//! user prompts (`GET .../prompts/{id}/resources` too), data tables (`expand=schema`), data
//! actions (`GET .../actions/{id}?expand=contract`). A kind the fixtures list none of is an
//! empty listing.
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
use crate::flow::org::{Entry, Manifest};
use axum::extract::{Path, RawQuery, State};
use axum::routing::{get, MethodRouter};
use axum::Json;
use rustc_hash::FxHashMap;
use serde_json::{json, Map, Value as J};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The org the fixtures stand for, indexed once per `World`: each kind's entries in the
/// listings' order (by name, any case, then id) with the ids the emulator gives them, and data
/// actions and prompts by id and by name. A request costs the length of its kind's list at
/// most, never a sort.
pub struct Inventory {
    manifest: Manifest,
    /// Per kind: (index in the manifest's entries, emulator id), sorted.
    sorted: FxHashMap<Org, Vec<(usize, String)>>,
    /// (kind, emulator id or lower-cased name) → index, for data actions and prompts.
    by_key: FxHashMap<(Org, String), usize>,
}

impl Inventory {
    pub fn new(manifest: Manifest) -> Inventory {
        let mut sorted = FxHashMap::default();
        let mut by_key = FxHashMap::default();
        for kind in Org::ALL {
            let entries = manifest.entries(kind).unwrap_or_default();
            let mut order: Vec<(usize, String)> =
                entries.iter().enumerate().map(|(i, e)| (i, id_of(kind, e))).collect();
            order.sort_by_cached_key(|(i, id)| (entries[*i].name.to_lowercase(), id.clone()));
            if matches!(kind, Org::DataAction | Org::Prompt) {
                for (i, id) in &order {
                    by_key.entry((kind, id.clone())).or_insert(*i);
                }
                for (i, e) in entries.iter().enumerate() {
                    by_key.entry((kind, e.name.to_lowercase())).or_insert(i);
                }
            }
            sorted.insert(kind, order);
        }
        Inventory { manifest, sorted, by_key }
    }

    /// The entry of `kind` (a data action or prompt) whose emulator id is `key`, or, as a
    /// convenience, whose name it is (any case).
    fn find(&self, kind: Org, key: &str) -> Option<(&Entry, String)> {
        let i = self
            .by_key
            .get(&(kind, key.to_owned()))
            .or_else(|| self.by_key.get(&(kind, key.to_lowercase())))?;
        let e = &self.manifest.entries(kind)?[*i];
        Some((e, id_of(kind, e)))
    }
}

/// The route of `ep`'s listing.
pub(super) fn route(ep: &'static Endpoint) -> MethodRouter<Arc<Emulator>> {
    get(move |State(em): State<Arc<Emulator>>, RawQuery(query): RawQuery| async move {
        list(&em, ep, query.as_deref()).map(Json)
    })
}

/// The id the emulator gives a data action: fixtures name them only, the cloud's custom
/// actions have ids like `custom_-_<GUID>`.
pub(super) fn action_id(name: &str) -> String {
    format!("custom_-_{}", name_guid(&format!("{} {name}", id_seed(Org::DataAction))))
}

/// An entry's id as the emulator answers it.
fn id_of(kind: Org, e: &Entry) -> String {
    match (&e.id, kind) {
        (Some(id), _) => id.clone(),
        (None, Org::DataAction) => action_id(&e.name),
        (None, _) => name_guid(&format!("{} {}", id_seed(kind), e.name)),
    }
}

/// The word an entry's id is made from, with its name, when the fixtures give it no id. Ids
/// recorded against the emulator depend on these words: they are fixed here, apart from the
/// nouns messages use (`Org::noun`), which may change.
fn id_seed(kind: Org) -> &'static str {
    match kind {
        Org::Queue => "queue",
        Org::User => "user",
        Org::Group => "group",
        Org::Flow => "flow",
        Org::Schedule => "schedule",
        Org::ScheduleGroup => "schedule group",
        Org::EmergencyGroup => "emergency group",
        Org::WrapupCode => "wrap-up code",
        Org::Language => "language",
        Org::Skill => "skill",
        Org::UtilizationLabel => "utilization label",
        Org::FlowOutcome => "flow outcome",
        Org::FlowMilestone => "flow milestone",
        Org::Integration => "integration",
        Org::DataAction => "data action",
        Org::DataTable => "data table",
        Org::Prompt => "prompt",
    }
}

fn list(em: &Emulator, ep: &Endpoint, query: Option<&str>) -> Result<J, ApiError> {
    let q = Query::parse(query)?;
    let world = em.world();
    let inventory = &world.org;
    let entries = inventory.manifest.entries(ep.kind).unwrap_or_default();
    let name = ep.name_filter.then(|| q.first("name")).flatten().map(str::to_lowercase);
    let mut page: Vec<(&Entry, &str)> = inventory
        .sorted
        .get(&ep.kind)
        .into_iter()
        .flatten()
        .map(|(i, id)| (&entries[*i], id.as_str()))
        .filter(|(e, _)| name.as_deref().is_none_or(|n| glob_matches(n, &e.name.to_lowercase())))
        .collect();
    if q.first("sortOrder").is_some_and(|o| o.to_ascii_lowercase().starts_with("desc")) {
        page.reverse();
    }
    let schema = q.all("expand").iter().any(|x| x == "schema");
    let resources = q.first("includeResources").is_none_or(|v| !v.eq_ignore_ascii_case("false"));
    Ok(q.page(ep.path, &page, |(e, id)| entity(ep.kind, e, id, schema, resources)))
}

/// One entity in the cloud's shape for its kind.
fn entity(kind: Org, e: &Entry, id: &str, schema: bool, resources: bool) -> J {
    let self_uri = format!("{}/{}", endpoint(kind).path, encode_segment(id));
    let mut m = Map::new();
    m.insert("id".into(), J::from(id));
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
            // Fixtures do not say whether a data action is secure: the field is left out.
            if let Some(secure) = e.secure {
                m.insert("secure".into(), J::from(secure));
            }
            m.insert("version".into(), J::from(1));
        }
        Org::DataTable if schema => {
            m.insert("schema".into(), table_schema(e));
        }
        Org::Prompt => {
            m.insert("description".into(), J::from(""));
            if resources {
                m.insert("resources".into(), J::Array(prompt_assets(id, e)));
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

/// `GET /api/v2/integrations/actions/{actionId}` (`expand=contract` adds the input and success
/// schemas; a side the fixtures' mocks do not show is left out).
pub(super) async fn action(
    State(em): State<Arc<Emulator>>,
    Path(action_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<J>, ApiError> {
    let q = Query::parse(query.as_deref())?;
    let world = em.world();
    let (e, id) = world.org.find(Org::DataAction, &action_id).ok_or_else(|| {
        ApiError::not_found(format!("Action {action_id} not found.")).code("not.found")
    })?;
    let mut body = entity(Org::DataAction, e, &id, false, false);
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
    let (e, id) = world.org.find(Org::Prompt, &prompt_id).ok_or_else(|| {
        ApiError::not_found(format!("Prompt {prompt_id} not found.")).code("not.found")
    })?;
    let assets = prompt_assets(&id, e);
    let path = format!("/api/v2/architect/prompts/{}/resources", encode_segment(&prompt_id));
    Ok(Json(q.page(&path, &assets, Clone::clone)))
}
