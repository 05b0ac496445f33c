//! The org inventory in the Platform API's terms (docs/org.md, "From the Genesys API"): for each
//! kind of the org manifest, the GET endpoint that lists it, and the manifest read back from the
//! pages a recording holds (`flowsim org --cassette`). The emulator answers these endpoints
//! from its fixtures (`server::org`); the recorder fetches them (`client::org`).
//!
//! A kind's section is made only from a complete recording of its listing: every page from the
//! first to the last (the last has no `nextUri`, and its `pageNumber` reaches `pageCount`). A
//! recording cut short, an answer other than 200, or a page that is not a listing is an error
//! naming the interaction: a manifest missing half the queues would report errors that are not
//! there.

use crate::api::cassette::{Cassette, Interaction};
use crate::flow::catalogue::Org;
use crate::flow::fields::NameBudget;
use crate::flow::org::{Entry, Manifest};
use rustc_hash::FxHashMap;
use serde_json::Value as J;
use std::collections::BTreeMap;

/// One inventory endpoint.
#[derive(Debug, Clone, Copy)]
pub struct Endpoint {
    pub kind: Org,
    /// The listing's path, e.g. `/api/v2/routing/queues`.
    pub path: &'static str,
    /// Query parameters the recorder sends besides the paging ones (`expand=schema`).
    pub query: &'static [(&'static str, &'static str)],
    /// Whether the cloud filters the listing by `name` (the emulator does the same).
    pub name_filter: bool,
    /// The permission the OAuth client's role needs, as the Platform API documents it: `none`
    /// when the endpoint needs none, empty when this table does not know it.
    pub permission: &'static str,
}

const fn ep(
    kind: Org,
    path: &'static str,
    query: &'static [(&'static str, &'static str)],
    name_filter: bool,
    permission: &'static str,
) -> Endpoint {
    Endpoint { kind, path, query, name_filter, permission }
}

/// Every inventory endpoint, in the manifest's order ([`Org::ALL`]).
pub const ENDPOINTS: [Endpoint; 17] = [
    ep(Org::Queue, "/api/v2/routing/queues", &[], true, "routing:queue:view"),
    ep(Org::User, "/api/v2/users", &[], false, "none"),
    ep(Org::Group, "/api/v2/groups", &[], false, "none"),
    ep(Org::Flow, "/api/v2/flows", &[], true, "architect:flow:view"),
    ep(Org::Schedule, "/api/v2/architect/schedules", &[], true, "routing:schedule:view"),
    ep(
        Org::ScheduleGroup,
        "/api/v2/architect/schedulegroups",
        &[],
        true,
        "routing:scheduleGroup:view",
    ),
    ep(
        Org::EmergencyGroup,
        "/api/v2/architect/emergencygroups",
        &[],
        true,
        "routing:emergencyGroup:view",
    ),
    ep(Org::WrapupCode, "/api/v2/routing/wrapupcodes", &[], true, "routing:wrapupCode:view"),
    ep(Org::Language, "/api/v2/routing/languages", &[], true, "none"),
    ep(Org::Skill, "/api/v2/routing/skills", &[], true, "none"),
    ep(Org::UtilizationLabel, "/api/v2/routing/utilization/labels", &[], true, ""),
    ep(Org::FlowOutcome, "/api/v2/flows/outcomes", &[], true, "architect:flowOutcome:view"),
    ep(Org::FlowMilestone, "/api/v2/flows/milestones", &[], true, "architect:flowMilestone:view"),
    ep(Org::Integration, "/api/v2/integrations", &[], false, "integrations:integration:view"),
    ep(Org::DataAction, "/api/v2/integrations/actions", &[], true, "integrations:action:view"),
    ep(
        Org::DataTable,
        "/api/v2/flows/datatables",
        &[("expand", "schema")],
        true,
        "architect:datatable:view",
    ),
    ep(
        Org::Prompt,
        "/api/v2/architect/prompts",
        &[("includeResources", "true")],
        true,
        "architect:userPrompt:view",
    ),
];

/// The endpoint that lists `kind`.
pub fn endpoint(kind: Org) -> &'static Endpoint {
    ENDPOINTS.iter().find(|e| e.kind == kind).expect("every kind has an endpoint")
}

/// One data action with its contract: `GET /api/v2/integrations/actions/{id}?expand=contract`.
pub fn action_path(id: &str) -> String {
    format!("/api/v2/integrations/actions/{}", encode_segment(id))
}

/// One prompt's resources (its languages), for a listing that left them out:
/// `GET /api/v2/architect/prompts/{id}/resources`.
pub fn prompt_resources_path(id: &str) -> String {
    format!("/api/v2/architect/prompts/{}/resources", encode_segment(id))
}

/// Percent-encodes a path segment (an id, or a name with spaces and slashes), as every URL
/// the emulator answers with and the clients call is built.
pub fn encode_segment(text: &str) -> String {
    crate::util::percent::encode(text, crate::util::percent::SEGMENT)
}

/// Undoes [`encode_segment`] (and any other percent-encoding); bad escapes stay as written.
fn decode_segment(text: &str) -> String {
    String::from_utf8_lossy(&crate::util::percent::decode(text)).into_owned()
}

/// Why a recording does not make a manifest.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct InventoryError {
    pub message: String,
    pub help: String,
}

fn err(message: String, help: &str) -> InventoryError {
    InventoryError { message, help: help.to_owned() }
}

/// Whether `body` is a page of a listing: an object with an `entities` list. The error says
/// what is wrong with it.
pub fn check_page(body: &J) -> Result<&[J], String> {
    let Some(page) = body.as_object() else {
        return Err("the answer is not a listing (a JSON object with `entities`)".into());
    };
    match page.get("entities") {
        Some(J::Array(items)) => {
            if let Some(i) = items.iter().position(|e| e.get("name").and_then(J::as_str).is_none())
            {
                return Err(format!("entities[{i}] has no `name`"));
            }
            Ok(items)
        }
        Some(_) => Err("`entities` is not a list".into()),
        None => Err("the answer has no `entities`".into()),
    }
}

/// Whether a listing page is its last: no `nextUri`, and its page number reaches the page count
/// when it gives both.
pub fn is_last_page(body: &J) -> bool {
    let num = |k: &str| body.get(k).and_then(J::as_u64);
    let next = body.get("nextUri").and_then(J::as_str).is_some_and(|u| !u.is_empty());
    !next && num("pageNumber").zip(num("pageCount")).is_none_or(|(n, c)| n >= c)
}

/// What the recording holds of one kind.
#[derive(Default)]
struct Listing<'a> {
    entities: Vec<&'a J>,
    /// The interaction index of its last page, and whether that page is the listing's last.
    last: Option<(usize, bool)>,
}

/// The manifest an org recording describes: a section for each kind whose listing it holds,
/// in the order the API answered. Data actions take their fields from their contracts (the
/// `inputSchema`'s and `successSchema`'s `properties`, nested ones flattened as Architect
/// names them; a contract without a schema leaves that side unknown) and their integration from `integrationId` (by the recorded
/// integrations' names) or `category`; data tables their columns from `schema.properties`
/// (`key` is the key column, named by its `title`); prompts their languages from `resources`
/// (a prompt without any leaves its languages unknown); users their e-mail.
pub fn manifest_from_cassette(cassette: &Cassette) -> Result<Manifest, InventoryError> {
    let mut listings: BTreeMap<Org, Listing<'_>> = BTreeMap::new();
    let mut contracts: FxHashMap<String, &J> = FxHashMap::default();
    let mut resources: FxHashMap<String, Vec<String>> = FxHashMap::default();
    for (i, interaction) in cassette.interactions.iter().enumerate() {
        let request = &interaction.request;
        if !request.method.eq_ignore_ascii_case("GET") {
            continue;
        }
        let path = request.path.trim_end_matches('/');
        if let Some(ep) = ENDPOINTS.iter().find(|e| e.path == path) {
            let body = answered(i, interaction)?;
            let items = check_page(body).map_err(|why| malformed(i, interaction, &why))?;
            let listing = listings.entry(ep.kind).or_default();
            listing.entities.extend(items);
            listing.last = Some((i, is_last_page(body)));
        } else if let Some(id) = path.strip_prefix("/api/v2/integrations/actions/") {
            if !id.contains('/') {
                contracts.insert(decode_segment(id), answered(i, interaction)?);
            }
        } else if let Some(id) = path
            .strip_prefix("/api/v2/architect/prompts/")
            .and_then(|rest| rest.strip_suffix("/resources"))
        {
            let body = answered(i, interaction)?;
            let items = check_resources(body).map_err(|why| malformed(i, interaction, &why))?;
            resources.entry(decode_segment(id)).or_default().extend(items);
        }
    }
    if listings.is_empty() {
        return Err(err(
            "the cassette holds no org inventory (no answer of an endpoint `flowsim docs org` lists)"
                .into(),
            "record one with `flowsim record --org --base-url URL --out FILE`",
        ));
    }
    for (kind, listing) in &listings {
        if let Some((i, false)) = listing.last {
            return Err(err(
                format!(
                    "the recording of {} stops before the last page (interactions[{i}] has a next page)",
                    endpoint(*kind).path
                ),
                "record it again: a manifest from part of a listing would report what the org has as missing",
            ));
        }
    }
    let integrations: FxHashMap<&str, &str> = listings
        .get(&Org::Integration)
        .map(|l| {
            l.entities
                .iter()
                .filter_map(|e| Some((e.get("id")?.as_str()?, e.get("name")?.as_str()?)))
                .collect()
        })
        .unwrap_or_default();
    let mut manifest = Manifest::default();
    let mut budget = NameBudget::default();
    for (kind, listing) in &listings {
        manifest.declare(*kind);
        for entity in &listing.entities {
            let text = |v: &J, k: &str| v.get(k).and_then(J::as_str).map(str::to_owned);
            let mut entry = Entry {
                name: text(entity, "name").unwrap_or_default(),
                id: text(entity, "id"),
                ..Entry::default()
            };
            match kind {
                Org::User => entry.email = text(entity, "email"),
                Org::DataAction => {
                    let id = entry.id.clone().unwrap_or_default();
                    let contract = contracts
                        .get(&id)
                        .and_then(|a| a.get("contract"))
                        .or_else(|| entity.get("contract"));
                    let schema = |side: &str, key: &str| {
                        contract.and_then(|c| c.get(side)).and_then(|s| s.get(key))
                    };
                    let mut side = |side: &str, key: &str| {
                        schema_fields(schema(side, key), &entry.name, &mut budget).map_err(|e| {
                            err(e.to_string(), crate::flow::fields::TooManyFieldNames::HELP)
                        })
                    };
                    let inputs = side("input", "inputSchema")?;
                    let outputs = side("output", "successSchema")?;
                    entry.inputs = inputs;
                    entry.outputs = outputs;
                    entry.secure = entity.get("secure").and_then(J::as_bool);
                    entry.integration = text(entity, "integrationId")
                        .and_then(|i| integrations.get(i.as_str()).map(|n| (*n).to_owned()))
                        .or_else(|| text(entity, "category"));
                }
                Org::DataTable => {
                    entry.key = entity
                        .get("schema")
                        .and_then(|s| s.get("properties"))
                        .and_then(|p| p.get("key"))
                        .map(|k| text(k, "title").unwrap_or_else(|| "key".into()));
                    entry.inputs = entity
                        .get("schema")
                        .and_then(|s| s.get("properties"))
                        .and_then(J::as_object)
                        .map(|props| {
                            props
                                .iter()
                                .map(|(k, v)| {
                                    let title = text(v, "title");
                                    let column = if k == "key" {
                                        title.unwrap_or_else(|| k.clone())
                                    } else {
                                        k.clone()
                                    };
                                    (column, text(v, "type").unwrap_or_else(|| "string".into()))
                                })
                                .collect()
                        });
                }
                Org::Prompt => {
                    let mut langs: Vec<String> = entity
                        .get("resources")
                        .and_then(J::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(|r| text(r, "language"))
                        .collect();
                    if let Some(more) = entry.id.as_ref().and_then(|id| resources.get(id)) {
                        langs.extend(more.iter().cloned());
                    }
                    let mut seen = Vec::new();
                    for l in langs {
                        let l = l.to_lowercase();
                        if !seen.contains(&l) {
                            seen.push(l);
                        }
                    }
                    entry.languages = (!seen.is_empty()).then_some(seen);
                }
                _ => {}
            }
            manifest.add(*kind, entry);
        }
    }
    Ok(manifest)
}

/// The body of a 200 answer, or an error naming the interaction.
fn answered(i: usize, interaction: &Interaction) -> Result<&J, InventoryError> {
    let status = interaction.response.status;
    if status == 200 {
        return Ok(&interaction.response.body);
    }
    let message = interaction
        .response
        .body
        .get("message")
        .and_then(J::as_str)
        .map_or_else(String::new, |m| format!(": {m}"));
    Err(err(
        format!("interactions[{i}]: GET {} answered {status}{message}", interaction.request.path),
        "record the org again (`flowsim record --org`) once the OAuth client can read it",
    ))
}

fn malformed(i: usize, interaction: &Interaction, why: &str) -> InventoryError {
    err(
        format!("interactions[{i}]: GET {}: a malformed page: {why}", interaction.request.path),
        "a listing page is {\"entities\": [{\"id\": ..., \"name\": ...}], \"pageNumber\": ..., \"pageCount\": ...}",
    )
}

/// The languages of a page of prompt resources.
fn check_resources(body: &J) -> Result<Vec<String>, String> {
    let items =
        body.get("entities").and_then(J::as_array).ok_or("the answer has no `entities` list")?;
    Ok(items.iter().filter_map(|r| r.get("language")?.as_str().map(str::to_owned)).collect())
}

/// A contract side's fields (`flow::fields::schema_fields`), charged to `budget`; `None`
/// without a schema.
fn schema_fields(
    schema: Option<&J>,
    action: &str,
    budget: &mut NameBudget,
) -> Result<Option<BTreeMap<String, String>>, crate::flow::fields::TooManyFieldNames> {
    match schema {
        Some(schema) => crate::flow::fields::schema_fields(schema, action, budget),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_contract_fields_are_flattened_as_architect_names_them() {
        let schema = json!({"type": "object", "properties": {
            "tier": {"type": "string"},
            "address": {"type": "object", "properties": {"city": {"type": "string"},
                "geo": {"type": "object", "properties": {"lat": {"type": "number"}}}}},
            "orders": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}}}},
            "tags": {"type": "array", "items": {"type": "string"}},
            "raw": {}
        }});
        let fields =
            schema_fields(Some(&schema), "A", &mut NameBudget::default()).unwrap().unwrap();
        let got: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            got,
            [
                ("address", "object"),
                ("address.city", "string"),
                ("address.geo", "object"),
                ("address.geo.lat", "number"),
                ("orders", "array"),
                ("orders.id", "integer"),
                ("raw", "any"),
                ("tags", "array"),
                ("tier", "string"),
            ]
        );
        let unknown = |schema: Option<&J>| schema_fields(schema, "A", &mut NameBudget::default());
        assert_eq!(unknown(Some(&json!({"type": "object"}))), Ok(None), "no properties: unknown");
        assert_eq!(unknown(None), Ok(None));
    }

    #[test]
    fn a_last_page_has_no_next_uri_and_reaches_the_page_count() {
        assert!(is_last_page(&json!({"entities": []})));
        assert!(is_last_page(&json!({"pageNumber": 2, "pageCount": 2})));
        assert!(is_last_page(&json!({"pageNumber": 1, "pageCount": 0})), "an empty listing");
        assert!(!is_last_page(&json!({"pageNumber": 1, "pageCount": 2})));
        assert!(!is_last_page(&json!({"nextUri": "/api/v2/users?after=x"})));
        assert!(check_page(&json!({"entities": [{"id": "1"}]})).is_err(), "an entity needs a name");
        assert_eq!(decode_segment("custom_-_a%20b%2"), "custom_-_a b%2");
    }
}
