//! Recording an org's inventory (`flowsim record --org`): every page of each listing
//! `crate::api::org::ENDPOINTS` names, followed by `nextUri` (or the next `pageNumber` while
//! it is below `pageCount`) to the last page; each data action's contract
//! (`GET .../actions/{id}?expand=contract`); the resources of each prompt its listing gave
//! without them. `flowsim org --cassette` turns the recording into the manifest offline
//! (`crate::api::org::manifest_from_cassette`).
//!
//! Bounded: at most `max_pages` pages per listing, and a recording no larger than a cassette
//! flowsim reads back (`util::files::MAX_INPUT_BYTES`). All or nothing: the interactions are
//! kept in memory (redacted and scrubbed of secrets as each arrives) and the cassette is written
//! atomically once every listing is complete; any failure (401 after a fresh token, 403, 404, a
//! page that is not a listing, a limit, retries used up) writes nothing.

use super::{Client, ClientError};
use crate::api::cassette::{
    Cassette, CassetteError, Interaction, RecordedRequest, RecordedResponse,
};
use crate::api::org::{self as inventory, Endpoint};
use crate::flow::catalogue::Org;
use indexmap::IndexMap;
use serde_json::Value as J;
use std::path::Path;

/// The largest page the recorder asks for (the cloud's largest for these listings).
pub const MAX_PAGE_SIZE: usize = 500;

/// Personal data of users that a manifest does not need, redacted from every recording: their
/// addresses and phone numbers, pictures, manager. Names and e-mail addresses stay (flows name
/// users by them).
pub const USER_REDACTIONS: [&str; 4] = [
    "/response/body/entities/*/addresses",
    "/response/body/entities/*/primaryContactInfo",
    "/response/body/entities/*/images",
    "/response/body/entities/*/manager",
];

#[derive(Debug, Clone)]
pub struct Options {
    /// The kinds to record, each once.
    pub kinds: Vec<Org>,
    /// Entities per page (1 to [`MAX_PAGE_SIZE`]).
    pub page_size: usize,
    /// Pages per listing at most.
    pub max_pages: usize,
    /// More JSON paths to redact (see `cassette::path`), besides [`USER_REDACTIONS`].
    pub redact: Vec<String>,
}

/// What a recording fetched, per kind: pages and entities, in the order recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recording {
    pub kinds: Vec<(Org, usize, usize)>,
    /// Data action contracts and prompt resource pages fetched.
    pub details: usize,
    pub interactions: usize,
}

/// Why an org recording stopped (nothing was written).
#[derive(Debug, thiserror::Error)]
pub enum OrgRecordError {
    #[error(transparent)]
    Api(#[from] ClientError),
    /// A 200 whose body is not what the endpoint answers.
    #[error("GET {call}: a malformed page: {why}")]
    Malformed { call: String, why: String },
    /// A bound reached: more pages than allowed, or more bytes than a cassette may hold.
    #[error("{0}")]
    Limit(String),
    #[error("{0}")]
    Cassette(Box<CassetteError>),
}

impl OrgRecordError {
    /// Exit code 2 (the set-up or the org's answers), not 1 (the API kept failing).
    pub fn is_bad_input(&self) -> bool {
        match self {
            OrgRecordError::Api(e) => e.is_bad_input(),
            _ => true,
        }
    }

    pub fn help(&self) -> String {
        match self {
            OrgRecordError::Api(ClientError::Forbidden { call, .. }) => {
                let permission = inventory::ENDPOINTS
                    .iter()
                    .find(|e| call.ends_with(e.path))
                    .map_or("", |e| e.permission);
                let need = match permission {
                    "" => "the permission the API Explorer lists for this endpoint".to_owned(),
                    "none" => "access to the objects (the endpoint needs no permission of its own: check the role's divisions)".to_owned(),
                    p => format!("the {p} permission"),
                };
                format!(
                    "give the OAuth client's role {need} (`flowsim docs org` lists each endpoint's), or leave the kind out with --kinds"
                )
            }
            OrgRecordError::Api(ClientError::NotFound { .. }) => {
                "the org does not have this endpoint (a product it lacks?): leave the kind out with --kinds, and check --base-url".into()
            }
            OrgRecordError::Api(e) => e.help(),
            OrgRecordError::Malformed { .. } => {
                "check that --base-url is the Platform API (https://api.mypurecloud.com or your region's)".into()
            }
            OrgRecordError::Limit(_) => {
                "raise --max-pages, or record fewer kinds at a time with --kinds (one cassette each)".into()
            }
            OrgRecordError::Cassette(e) => e.help.clone(),
        }
    }
}

struct Session<'a> {
    client: &'a mut Client,
    cassette: Cassette,
    now: &'a dyn Fn() -> String,
    /// Bytes recorded so far (as the cassette will write them).
    bytes: u64,
}

impl Session<'_> {
    /// One GET, recorded (redacted, scrubbed); its body as answered.
    fn get(
        &mut self,
        name: String,
        path: &str,
        query: IndexMap<String, String>,
    ) -> Result<J, OrgRecordError> {
        let answer = self.client.send("GET", path, &query, None)?;
        let body = answer.body.clone();
        let mut request =
            RecordedRequest { method: "GET".into(), path: path.to_owned(), query, body: J::Null };
        let mut response = RecordedResponse::new(
            answer.status,
            answer.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            answer.body,
        );
        self.cassette.redact(&mut request, Some(&mut response));
        let mut one = Cassette::new("");
        one.interactions.push(Interaction {
            name: Some(name),
            note: None,
            request,
            response,
            recorded_at: (self.now)(),
        });
        let secrets: Vec<String> = self.client.secrets().into_iter().map(str::to_owned).collect();
        let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
        one.scrub(&refs);
        let interaction = one.interactions.pop().expect("just pushed");
        let size = serde_json::to_string_pretty(&interaction).map_or(0, |t| t.len());
        self.bytes = self.bytes.saturating_add(u64::try_from(size).unwrap_or(u64::MAX));
        if self.bytes > crate::util::files::MAX_INPUT_BYTES {
            return Err(OrgRecordError::Limit(format!(
                "the recording passed {} MiB, the most a cassette flowsim reads may hold",
                crate::util::files::MAX_INPUT_BYTES >> 20
            )));
        }
        self.cassette.interactions.push(interaction);
        Ok(body)
    }

    /// Every page of a listing at `path` (from `query`), to its last; its entities.
    fn listing(
        &mut self,
        label: &str,
        path: &str,
        mut query: IndexMap<String, String>,
        max_pages: usize,
    ) -> Result<(usize, Vec<J>), OrgRecordError> {
        let base = self.client.base_url().to_owned();
        let mut path = path.to_owned();
        let mut entities = Vec::new();
        for page in 1.. {
            if page > max_pages {
                return Err(OrgRecordError::Limit(format!(
                    "{label}: more than {max_pages} page(s) (--max-pages)"
                )));
            }
            let body = self.get(format!("{label} page {page}"), &path, query.clone())?;
            let call = format!("{path} (page {page})");
            let items = inventory::check_page(&body)
                .map_err(|why| OrgRecordError::Malformed { call: call.clone(), why })?;
            entities.extend(items.iter().cloned());
            if inventory::is_last_page(&body) {
                return Ok((page, entities));
            }
            if let Some(next) = body.get("nextUri").and_then(J::as_str).filter(|u| !u.is_empty()) {
                let relative = next
                    .strip_prefix(base.as_str())
                    .or_else(|| next.starts_with('/').then_some(next))
                    .ok_or_else(|| OrgRecordError::Malformed {
                        call: call.clone(),
                        why: format!("its nextUri `{next}` is not on the API's host"),
                    })?;
                let (p, q) = relative.split_once('?').unwrap_or((relative, ""));
                if p.trim_end_matches('/') != path.trim_end_matches('/') {
                    return Err(OrgRecordError::Malformed {
                        call,
                        why: format!("its nextUri `{next}` leaves the listing"),
                    });
                }
                p.clone_into(&mut path);
                query = serde_urlencoded::from_str(q).map_err(|e| OrgRecordError::Malformed {
                    call: call.clone(),
                    why: format!("its nextUri `{next}` has a bad query: {e}"),
                })?;
            } else {
                let number = body.get("pageNumber").and_then(J::as_u64).unwrap_or(page as u64);
                query.insert("pageNumber".into(), (number + 1).to_string());
            }
        }
        unreachable!("the loop returns")
    }
}

/// Records the inventory of `options.kinds` into the cassette at `out`, written (atomically)
/// only when everything was recorded.
pub fn record(
    client: &mut Client,
    options: &Options,
    out: &Path,
    now: &dyn Fn() -> String,
) -> Result<Recording, OrgRecordError> {
    let mut cassette = Cassette::new(client.base_url());
    let mut paths: Vec<String> = USER_REDACTIONS.iter().map(|p| (*p).to_owned()).collect();
    paths.extend(options.redact.iter().cloned());
    cassette.add_redactions(&paths);
    let mut s = Session { client, cassette, now, bytes: 0 };
    let mut rec = Recording::default();
    let page_size = options.page_size.clamp(1, MAX_PAGE_SIZE).to_string();
    for &kind in &options.kinds {
        let ep: &Endpoint = inventory::endpoint(kind);
        let mut query: IndexMap<String, String> =
            ep.query.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        query.insert("pageSize".into(), page_size.clone());
        query.insert("pageNumber".into(), "1".into());
        let (pages, entities) = s.listing(kind.section(), ep.path, query, options.max_pages)?;
        rec.kinds.push((kind, pages, entities.len()));
        let id = |e: &J| e.get("id").and_then(J::as_str).map(str::to_owned);
        match kind {
            Org::DataAction => {
                for e in &entities {
                    let Some(id) = id(e) else { continue };
                    let name = e.get("name").and_then(J::as_str).unwrap_or_default();
                    let mut q = IndexMap::new();
                    q.insert("expand".to_owned(), "contract".to_owned());
                    let path = inventory::action_path(&id);
                    let action = s.get(format!("data action {name}"), &path, q)?;
                    if !action.is_object() {
                        return Err(OrgRecordError::Malformed {
                            call: path,
                            why: "the answer is not an action".into(),
                        });
                    }
                    rec.details += 1;
                }
            }
            Org::Prompt => {
                for e in entities.iter().filter(|e| e.get("resources").is_none()) {
                    let Some(id) = id(e) else { continue };
                    let mut q = IndexMap::new();
                    q.insert("pageSize".to_owned(), page_size.clone());
                    q.insert("pageNumber".to_owned(), "1".to_owned());
                    let path = inventory::prompt_resources_path(&id);
                    let (pages, _) =
                        s.listing(&format!("prompt {id} resources"), &path, q, options.max_pages)?;
                    rec.details += pages;
                }
            }
            _ => {}
        }
    }
    rec.interactions = s.cassette.interactions.len();
    s.cassette.save(out).map_err(|e| OrgRecordError::Cassette(Box::new(e)))?;
    Ok(rec)
}
