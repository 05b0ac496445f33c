//! The org manifest (docs/org.md): what a target org has (queues, users, data actions with
//! their input and output fields, data tables with their columns, prompts with their
//! languages...), read from a file, from fixtures or from a CX-as-Code export. `check --org`
//! checks flows against it (`flow::check::org`).

use crate::diag::Diagnostic;
use crate::fixtures::{ColumnType, FixtureStore};
use crate::flow::catalogue::Org;
use crate::flow::fields::{self, NameBudget, TooManyFieldNames};
use rustc_hash::FxHashMap;
use serde_json::Value as J;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One object of the org: its name, its id when known, and the fields its kind has.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub name: String,
    pub id: Option<String>,
    /// Data actions: input field → type. Data tables: column → type (the key column too).
    pub inputs: Option<BTreeMap<String, String>>,
    /// Data actions: output field → type.
    pub outputs: Option<BTreeMap<String, String>>,
    /// Prompts: the languages it has a resource for (lower case).
    pub languages: Option<Vec<String>>,
    /// Data actions: the integration (category) it belongs to.
    pub integration: Option<String>,
    /// Data actions: whether it is a secure data action ("designed to accept sensitive data"),
    /// the only kind Call Secure Data calls; `None` when the manifest does not say.
    pub secure: Option<bool>,
    /// Users: the e-mail address, which finds the user too.
    pub email: Option<String>,
    /// Data tables: the key column (one of `inputs`).
    pub key: Option<String>,
}

/// What the org has, by kind. A kind with no section is absent from `sections`.
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    /// The file it was read from, for messages.
    pub file: PathBuf,
    /// The org's name, when the manifest gives one.
    pub name: Option<String>,
    sections: BTreeMap<Org, Section>,
}

#[derive(Debug, Clone, Default)]
pub struct Section {
    pub entries: Vec<Entry>,
    /// Lower-cased name or id → index in `entries`.
    index: FxHashMap<String, usize>,
}

impl Section {
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.index.get(&key.to_lowercase()).map(|&i| &self.entries[i])
    }

    fn push(&mut self, entry: Entry) {
        let at = self.entries.len();
        self.index.entry(entry.name.to_lowercase()).or_insert(at);
        for key in [&entry.id, &entry.email].into_iter().flatten() {
            self.index.entry(key.to_lowercase()).or_insert(at);
        }
        self.entries.push(entry);
    }
}

impl Manifest {
    /// Reads a manifest (YAML when named `.yaml`/`.yml`, else JSON). Every mistake of the file
    /// comes back at once.
    pub fn load(path: &Path) -> Result<Manifest, Vec<Diagnostic>> {
        let tree = crate::fixtures::read_tree(path).map_err(|e| {
            let mut d =
                Diagnostic::error(crate::diag::Code::OrgManifest, e.message.clone()).file(path);
            if let (Some(l), Some(c)) = (e.line, e.column) {
                d = d.at(l, c);
            }
            vec![d.help(e.help.clone())]
        })?;
        Manifest::from_tree(path, &tree)
    }

    /// A manifest from its JSON tree.
    pub fn from_tree(path: &Path, tree: &J) -> Result<Manifest, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let bad = |at: &str, what: &str| {
            Diagnostic::error(crate::diag::Code::OrgManifest, format!("{at}: {what}"))
                .file(path)
                .property(at.to_owned())
                .help("`flowsim docs org` shows the manifest's shape")
        };
        let Some(top) = tree.as_object() else {
            return Err(vec![bad("the manifest", "expected a mapping of sections")]);
        };
        let mut manifest = Manifest { file: path.to_path_buf(), ..Manifest::default() };
        for (key, value) in top {
            if key == "org" {
                match value.as_str() {
                    Some(name) => manifest.name = Some(name.to_owned()),
                    None => errors.push(bad("org", "expected the org's name as text")),
                }
                continue;
            }
            let Some(kind) = Org::ALL.into_iter().find(|k| k.section() == key) else {
                let known: Vec<&str> = Org::ALL.iter().map(|k| k.section()).collect();
                let hint = crate::util::nearest(key, known.iter().copied())
                    .map_or_else(String::new, |n| format!(" (did you mean `{n}`?)"));
                errors.push(bad(key, &format!("is no section of an org manifest{hint}")));
                continue;
            };
            let Some(items) = value.as_array() else {
                errors.push(bad(key, "expected a list"));
                continue;
            };
            let mut section = Section::default();
            for (i, item) in items.iter().enumerate() {
                match entry(kind, item) {
                    Ok(e) => section.push(e),
                    Err(why) => errors.push(bad(&format!("{key}[{i}]"), &why)),
                }
            }
            manifest.sections.insert(kind, section);
        }
        if errors.is_empty() {
            Ok(manifest)
        } else {
            Err(errors)
        }
    }

    /// The manifest's section for `kind`, if it has one.
    pub fn section(&self, kind: Org) -> Option<&Section> {
        self.sections.get(&kind)
    }

    /// The manifest as a JSON tree in its own shape (what `flowsim org` writes).
    pub fn to_tree(&self) -> J {
        let mut top = serde_json::Map::new();
        if let Some(name) = &self.name {
            top.insert("org".into(), J::from(name.as_str()));
        }
        for (kind, section) in &self.sections {
            let items = section.entries.iter().map(|e| entry_tree(*kind, e)).collect();
            top.insert(kind.section().into(), J::Array(items));
        }
        J::Object(top)
    }

    /// Adds `entry` to the section of `kind` (made if missing); a second entry with the same
    /// name is dropped.
    pub fn add(&mut self, kind: Org, entry: Entry) {
        let section = self.sections.entry(kind).or_default();
        if section.get(&entry.name).is_none() {
            section.push(entry);
        }
    }

    /// The entries of `kind`, in order, when the manifest has a section for it.
    pub fn entries(&self, kind: Org) -> Option<&[Entry]> {
        self.sections.get(&kind).map(|s| s.entries.as_slice())
    }

    /// Makes the section of `kind` exist (empty: the org has none of them).
    pub fn declare(&mut self, kind: Org) {
        self.sections.entry(kind).or_default();
    }
}

/// One entry: a name, or a mapping with `name` (and `id`, and its kind's fields).
fn entry(kind: Org, item: &J) -> Result<Entry, String> {
    if let Some(name) = item.as_str() {
        return Ok(Entry { name: name.to_owned(), ..Entry::default() });
    }
    let Some(map) = item.as_object() else {
        return Err("expected a name, or a mapping with `name`".into());
    };
    let text = |key: &str| -> Result<Option<String>, String> {
        match map.get(key) {
            None | Some(J::Null) => Ok(None),
            Some(J::String(s)) => Ok(Some(s.clone())),
            Some(J::Number(n)) => Ok(Some(n.to_string())),
            Some(_) => Err(format!("`{key}` must be text")),
        }
    };
    let fields = |key: &str| -> Result<Option<BTreeMap<String, String>>, String> {
        match map.get(key) {
            None | Some(J::Null) => Ok(None),
            Some(J::Object(o)) => Ok(Some(
                o.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("any").to_owned()))
                    .collect(),
            )),
            Some(J::Array(a)) => a
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(|s| (s.to_owned(), "any".to_owned()))
                        .ok_or_else(|| format!("`{key}` lists field names"))
                })
                .collect::<Result<_, _>>()
                .map(Some),
            Some(_) => Err(format!("`{key}` must map field names to types, or list them")),
        }
    };
    let name = text("name")?.or(text("email")?).ok_or("an entry needs a `name`")?;
    let mut e = Entry { name, id: text("id")?, email: text("email")?, ..Entry::default() };
    let allowed: &[&str] = match kind {
        Org::DataAction => &["name", "id", "integration", "secure", "inputs", "outputs"],
        Org::DataTable => &["name", "id", "key", "columns"],
        Org::Prompt => &["name", "id", "languages"],
        Org::User => &["name", "id", "email"],
        _ => &["name", "id"],
    };
    if let Some(k) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(format!(
            "`{k}` is no field of a {} (it has {})",
            kind.noun(),
            allowed.join(", ")
        ));
    }
    match kind {
        Org::DataAction => {
            e.integration = text("integration")?;
            e.secure = match map.get("secure") {
                None | Some(J::Null) => None,
                Some(J::Bool(b)) => Some(*b),
                Some(_) => return Err("`secure` is true or false".into()),
            };
            e.inputs = fields("inputs")?;
            e.outputs = fields("outputs")?;
        }
        Org::DataTable => {
            let mut columns = fields("columns")?.unwrap_or_default();
            e.key = text("key")?;
            if let Some(key) = &e.key {
                columns.entry(key.clone()).or_insert_with(|| "string".into());
            }
            e.inputs = Some(columns);
        }
        Org::Prompt => {
            if let Some(langs) = map.get("languages") {
                let list = langs
                    .as_array()
                    .ok_or("`languages` lists language codes")?
                    .iter()
                    .map(|l| {
                        l.as_str().map(str::to_lowercase).ok_or("`languages` lists language codes")
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                e.languages = Some(list);
            }
        }
        _ => {}
    }
    Ok(e)
}

fn entry_tree(kind: Org, e: &Entry) -> J {
    let plain = e.id.is_none()
        && e.inputs.is_none()
        && e.outputs.is_none()
        && e.languages.is_none()
        && e.integration.is_none()
        && e.secure.is_none()
        && e.email.is_none()
        && e.key.is_none();
    if plain {
        return J::from(e.name.as_str());
    }
    let mut m = serde_json::Map::new();
    m.insert("name".into(), J::from(e.name.as_str()));
    if let Some(id) = &e.id {
        m.insert("id".into(), J::from(id.as_str()));
    }
    if let Some(email) = &e.email {
        m.insert("email".into(), J::from(email.as_str()));
    }
    let fields = |f: &BTreeMap<String, String>| {
        J::Object(f.iter().map(|(k, v)| (k.clone(), J::from(v.as_str()))).collect())
    };
    if let Some(i) = &e.integration {
        m.insert("integration".into(), J::from(i.as_str()));
    }
    if let Some(secure) = e.secure {
        m.insert("secure".into(), J::from(secure));
    }
    if let Some(key) = &e.key {
        m.insert("key".into(), J::from(key.as_str()));
    }
    match kind {
        Org::DataTable => {
            if let Some(c) = &e.inputs {
                m.insert("columns".into(), fields(c));
            }
        }
        _ => {
            if let Some(i) = &e.inputs {
                m.insert("inputs".into(), fields(i));
            }
        }
    }
    if let Some(o) = &e.outputs {
        m.insert("outputs".into(), fields(o));
    }
    if let Some(l) = &e.languages {
        m.insert("languages".into(), J::from(l.clone()));
    }
    J::Object(m)
}

/// The org that fixtures stand for (what `flowsim serve` emulates and what scenarios run
/// against): a section for every kind the fixture format models (queues, users, groups,
/// skills, languages, schedules, schedule groups, emergency groups, wrap-up codes, utilization
/// labels, flow outcomes and milestones, integrations, user prompts, data tables, data
/// actions), empty when the files have none. Entries in the
/// store's order (file order; a later file's entry with a known id replaces it in place); data
/// actions' fields as their mocks use them (`match` keys as inputs, `outputs` keys as outputs),
/// data tables' columns as declared with the key column, prompts' languages.
pub fn from_fixtures(store: &FixtureStore) -> Manifest {
    let mut m = Manifest::default();
    let plain = |id: &str, name: &str| Entry {
        name: name.to_owned(),
        id: Some(id.to_owned()),
        ..Entry::default()
    };
    m.declare(Org::Queue);
    for q in store.queues() {
        m.add(Org::Queue, plain(&q.id, &q.name));
    }
    m.declare(Org::User);
    for u in store.users() {
        let email = u.email.as_deref().map(str::to_owned);
        m.add(Org::User, Entry { email, ..plain(&u.id, &u.name) });
    }
    for (kind, entities) in [
        (Org::Group, store.groups().collect::<Vec<_>>()),
        (Org::Skill, store.skills().collect()),
        (Org::Language, store.languages().collect()),
        (Org::UtilizationLabel, store.utilization_labels().collect()),
    ] {
        m.declare(kind);
        for e in entities {
            m.add(kind, plain(&e.id, &e.name));
        }
    }
    for kind in [Org::WrapupCode, Org::FlowOutcome, Org::FlowMilestone, Org::Integration] {
        m.declare(kind);
        for e in store.inventory(kind) {
            m.add(kind, plain(&e.id, &e.name));
        }
    }
    m.declare(Org::Schedule);
    for s in store.schedules() {
        m.add(Org::Schedule, plain(&s.id, &s.name));
    }
    m.declare(Org::ScheduleGroup);
    for g in store.schedule_groups() {
        m.add(Org::ScheduleGroup, plain(&g.id, &g.name));
    }
    m.declare(Org::EmergencyGroup);
    for g in store.emergency_groups() {
        m.add(Org::EmergencyGroup, plain(&g.id, &g.name));
    }
    m.declare(Org::DataAction);
    for a in store.data_action_fields() {
        m.add(
            Org::DataAction,
            Entry {
                name: a.name.to_owned(),
                inputs: a.inputs,
                outputs: a.outputs,
                ..Entry::default()
            },
        );
    }
    m.declare(Org::DataTable);
    for t in store.data_tables() {
        let mut columns: BTreeMap<String, String> = t
            .columns
            .iter()
            .map(|(c, ty)| {
                // The cloud's schema (JSON Schema) calls a decimal column a `number`.
                let ty = match ty {
                    ColumnType::Decimal => "number",
                    other => other.as_str(),
                };
                (c.to_string(), ty.to_owned())
            })
            .collect();
        columns.entry(t.key_column.to_string()).or_insert_with(|| "string".into());
        m.add(
            Org::DataTable,
            Entry {
                inputs: Some(columns),
                key: Some(t.key_column.to_string()),
                ..plain(&t.id, &t.name)
            },
        );
    }
    m.declare(Org::Prompt);
    for p in store.prompts() {
        // A prompt whose file lists no languages has them unknown: they are not checked.
        let languages = (!p.languages.is_empty())
            .then(|| p.languages.iter().map(|l| l.to_lowercase()).collect());
        m.add(Org::Prompt, Entry { languages, ..plain(&p.id, &p.name) });
    }
    m
}

/// The org a CX-as-Code export describes: the `resource` objects of Terraform JSON files
/// (`*.tf.json`, what `genesyscloud_tf_export` writes by default), by resource type. A section
/// is made for every kind the files have resources of. Data actions take their fields from
/// their contracts' `properties` and their integration from `integration_id`'s reference; data
/// tables their columns from `properties` (the `key` property is the key column, named by its
/// title); user prompts their languages from `resources`.
///
/// # Errors
/// When the contracts' flattened field names pass [`fields::MAX_NAME_BYTES`] in all: the
/// error names the file of the data action at which they did.
pub fn from_terraform_trees(files: &[(PathBuf, J)]) -> Result<Manifest, FieldsError> {
    const PLAIN: [(&str, Org); 12] = [
        ("genesyscloud_routing_queue", Org::Queue),
        ("genesyscloud_group", Org::Group),
        ("genesyscloud_routing_skill", Org::Skill),
        ("genesyscloud_routing_language", Org::Language),
        ("genesyscloud_routing_wrapupcode", Org::WrapupCode),
        ("genesyscloud_architect_schedules", Org::Schedule),
        ("genesyscloud_architect_schedulegroups", Org::ScheduleGroup),
        ("genesyscloud_architect_emergencygroup", Org::EmergencyGroup),
        ("genesyscloud_routing_utilization_label", Org::UtilizationLabel),
        ("genesyscloud_flow_outcome", Org::FlowOutcome),
        ("genesyscloud_flow_milestone", Org::FlowMilestone),
        ("genesyscloud_user", Org::User),
    ];
    let resources = |tree: &J, kind: &str| -> Vec<(String, J)> {
        tree.get("resource")
            .and_then(|r| r.get(kind))
            .and_then(J::as_object)
            .map(|m| m.iter().map(|(label, v)| (label.clone(), v.clone())).collect())
            .unwrap_or_default()
    };
    let text = |v: &J, k: &str| v.get(k).and_then(J::as_str).map(str::to_owned);
    // A nested block: one object, or a list of them (Terraform JSON allows both).
    let blocks = |v: &J, k: &str| -> Vec<J> {
        match v.get(k) {
            Some(J::Array(a)) => a.clone(),
            Some(o @ J::Object(_)) => vec![o.clone()],
            _ => Vec::new(),
        }
    };
    let mut m = Manifest::default();
    // Integrations first: data actions name theirs by reference (`${genesyscloud_integration.L.id}`).
    let mut integrations: FxHashMap<String, String> = FxHashMap::default();
    for (_, tree) in files {
        for (label, res) in resources(tree, "genesyscloud_integration") {
            let name = blocks(&res, "config")
                .iter()
                .find_map(|c| text(c, "name"))
                .unwrap_or_else(|| label.clone());
            integrations.insert(label, name.clone());
            m.add(Org::Integration, Entry { name, ..Entry::default() });
        }
    }
    let mut budget = NameBudget::default();
    for (file, tree) in files {
        for (kind, org) in PLAIN {
            for (_, res) in resources(tree, kind) {
                let Some(name) = text(&res, "name") else { continue };
                m.add(org, Entry { name, ..Entry::default() });
            }
        }
        for (_, res) in resources(tree, "genesyscloud_integration_action") {
            let Some(name) = text(&res, "name") else { continue };
            let integration = text(&res, "integration_id").and_then(|r| {
                let label = r.strip_prefix("${genesyscloud_integration.")?.strip_suffix(".id}")?;
                integrations.get(label).cloned()
            });
            let mut side = |key: &str| {
                contract_fields(res.get(key), &name, &mut budget)
                    .map_err(|source| FieldsError { file: file.clone(), source })
            };
            let (inputs, outputs) = (side("contract_input")?, side("contract_output")?);
            m.add(
                Org::DataAction,
                Entry {
                    name,
                    integration,
                    // The provider's `secure` defaults to false.
                    secure: Some(res.get("secure").and_then(J::as_bool).unwrap_or(false)),
                    inputs,
                    outputs,
                    ..Entry::default()
                },
            );
        }
        for (_, res) in resources(tree, "genesyscloud_architect_datatable") {
            let Some(name) = text(&res, "name") else { continue };
            let mut columns = BTreeMap::new();
            let mut key = None;
            for p in blocks(&res, "properties") {
                let Some(column) = text(&p, "name") else { continue };
                let ty = text(&p, "type").unwrap_or_else(|| "string".into());
                let column = if column == "key" {
                    let title = text(&p, "title").unwrap_or(column);
                    key = Some(title.clone());
                    title
                } else {
                    column
                };
                columns.insert(column, ty);
            }
            m.add(Org::DataTable, Entry { name, inputs: Some(columns), key, ..Entry::default() });
        }
        for (_, res) in resources(tree, "genesyscloud_architect_user_prompt") {
            let Some(name) = text(&res, "name") else { continue };
            let languages: Vec<String> = blocks(&res, "resources")
                .iter()
                .filter_map(|r| text(r, "language").map(|l| l.to_lowercase()))
                .collect();
            m.add(Org::Prompt, Entry { name, languages: Some(languages), ..Entry::default() });
        }
    }
    Ok(m)
}

/// A Terraform file whose data action contracts flatten past the budget.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {source}", file.display())]
pub struct FieldsError {
    pub file: PathBuf,
    pub source: TooManyFieldNames,
}

/// The fields of a data action contract (a JSON Schema, as a JSON string the export keeps, or
/// already an object): see [`fields::schema_fields`]. `None` when the contract is not given or
/// cannot be read (an HCL `jsonencode(...)` left as text).
fn contract_fields(
    contract: Option<&J>,
    action: &str,
    budget: &mut NameBudget,
) -> Result<Option<BTreeMap<String, String>>, TooManyFieldNames> {
    let parsed;
    let schema = match contract {
        None => return Ok(None),
        Some(J::String(s)) => match serde_json::from_str::<J>(s) {
            Ok(v) => {
                parsed = v;
                &parsed
            }
            Err(_) => return Ok(None),
        },
        Some(other) => other,
    };
    fields::schema_fields(schema, action, budget)
}
