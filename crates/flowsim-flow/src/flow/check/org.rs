//! `check --org`: every reference of a set of flows checked against the org manifest
//! ([`Manifest`], docs/org.md) before a publish or a migration.
//!
//! What a property names comes from the catalogue ([`PropSpec::org`]); a reference is checked
//! when the flow fixes it (a literal name, or a literal string expression). A reference computed
//! at run time (`exp: Flow.queueName`) cannot be checked statically and is left alone. A
//! literal of a type that names an org object (a queue, user, group, skill, language skill,
//! schedule group or emergency group: [`Lookup::of_literal`]) is checked too, a variable's
//! initial value or an Update Data statement's value, as Architect checks it. A kind
//! the manifest has no section for is not checked (and `check` says so once); an empty section
//! means the org has none.

use crate::diag::Diagnostic;
use crate::expr::ast::{Expr, ExprKind};
use crate::expr::func::Lookup;
use crate::expr::value::Value;
use crate::flow::action::Prop;
use crate::flow::catalogue::{Org, PropKind, PropSpec};
use crate::flow::org::{Entry, Manifest};
use crate::flow::{Flow, Registry};
use rustc_hash::FxHashSet;

/// Every reference of the registry's flows that the manifest contradicts, as errors with the
/// file, line, flow, action and property; then one note per kind the manifest does not list.
/// An action the fixtures stub (`check --org --fixtures`) is not asked about: a run with those
/// fixtures never looks up what it names (docs/scenarios.md, stubs).
pub(crate) fn check(
    registry: &Registry,
    manifest: &Manifest,
    fixtures: Option<&crate::fixtures::FixtureStore>,
    places: &super::place::Places<'_>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut unlisted: FxHashSet<Org> = FxHashSet::default();
    let loaded: FxHashSet<String> =
        registry.flows().iter().map(|f| f.name.to_lowercase()).collect();
    for flow in registry.flows() {
        let mut cx = Cx {
            flow,
            manifest,
            places,
            loaded: &loaded,
            out: &mut out,
            unlisted: &mut unlisted,
            initials: Vec::new(),
        };
        let arch = &flow.arch;
        let declared = std::iter::once(("variables", &arch.variables))
            .chain(arch.containers.iter().map(|c| (&*c.name, &c.variables)));
        for (owner, decls) in declared {
            for decl in decls {
                let (Some(kind), Some(e)) = (decl.org, &decl.initial) else { continue };
                let at = Place::Initial { owner, var: &decl.var.name };
                let property = format!("{}.initialValue", decl.var.name);
                let role = format!("the initial value of `{}`", decl.var.name);
                cx.literal(&at, &property, kind, literal_text(e), &role);
            }
        }
        // An outbound call flow's default wrap-up code, a wrap-up code of the org.
        if let Some(code) = arch.outbound.wrapup_code.as_ref().and_then(fixed_text) {
            let property = match flow.format {
                crate::flow::model::Format::Export => "outboundCallSettings.defaultWrapupCode",
                _ => "settingsOutboundCall.wrapupCode",
            };
            let code = code.trim();
            if !code.is_empty() {
                cx.lookup(
                    &Place::Setting,
                    property,
                    Org::WrapupCode,
                    code,
                    Some("the flow's default wrap-up code"),
                );
            }
        }
        let found = std::mem::take(&mut cx.initials);
        cx.out.extend(places.initials(flow, found));
        for graph in std::iter::once(&flow.draft).chain(flow.published.as_ref()) {
            for node in &graph.nodes {
                let Some(action) = node.action.as_architect() else { continue };
                let stubbed =
                    fixtures.and_then(|f| f.stub_for((&flow.name, &flow.id), &node.id, &node.name));
                if stubbed.is_some() {
                    continue;
                }
                let spec = action.spec();
                let at = Place::Node(node);
                for (prop_spec, prop) in spec.props.iter().zip(action.props.iter()) {
                    cx.prop(&at, prop_spec, prop);
                    cx.statements(node, prop_spec, prop);
                }
                // Call Secure Data lists only the org's secure data actions (its page).
                let secure_only =
                    spec.facts.secure == crate::flow::catalogue::SecureData::CallsOnly;
                cx.data_fields(node, spec.props, &action.props, secure_only);
            }
            if flow.published.is_some() {
                // The published version names what the draft names, mostly: one pass is
                // enough for a pre-publish check of the draft.
                break;
            }
        }
    }
    crate::diag::sort(&mut out);
    out.dedup_by(|a, b| a.message == b.message && a.line == b.line && a.file == b.file);
    let mut kinds: Vec<Org> = unlisted.into_iter().collect();
    kinds.sort();
    for kind in kinds {
        out.push(
            Diagnostic::warning(
                crate::diag::Code::OrgUnlisted,
                format!(
                    "the flows name {}s, but the org manifest has no `{}` section: they were not checked",
                    kind.noun(),
                    kind.section()
                ),
            )
            .file(&manifest.file)
            .help(format!("list the org's {}s under `{}:`", kind.noun(), kind.section())),
        );
    }
    out
}

/// Warnings for the queues, schedule groups and data tables the flows name (a literal name)
/// that `fixtures` lack, once per flow and name, placed at the value: a run that reaches such
/// an action fails on the lookup (`queueNotFound`, `scheduleGroupNotFound`,
/// `dataTableNotFound`), so `check --fixtures` says so first, as it says of a data action no
/// fixture mocks. An action the fixtures stub looks nothing up, and is left alone.
pub(crate) fn unstocked(
    reg: &Registry,
    fixtures: &crate::fixtures::FixtureStore,
    places: &super::place::Places<'_>,
) -> Vec<Diagnostic> {
    use crate::kind::ErrorKind;
    let mut seen = FxHashSet::default();
    let mut out = Vec::new();
    for flow in reg.flows() {
        for graph in std::iter::once(&flow.draft).chain(flow.published.as_ref()) {
            for node in &graph.nodes {
                let Some(action) = node.action.as_architect() else { continue };
                if fixtures.stub_for((&flow.name, &flow.id), &node.id, &node.name).is_some() {
                    continue;
                }
                for (spec, prop) in action.spec().props.iter().zip(action.props.iter()) {
                    let Some(name) = fixed_text(prop).map(str::trim).filter(|n| !n.is_empty())
                    else {
                        continue;
                    };
                    let (kind, section, held) = match spec.org {
                        Some(Org::Queue) => {
                            (ErrorKind::QueueNotFound, "queues", fixtures.queue(name).is_some())
                        }
                        Some(Org::ScheduleGroup) => (
                            ErrorKind::ScheduleGroupNotFound,
                            "scheduleGroups",
                            fixtures.schedule_group(name).is_some(),
                        ),
                        Some(Org::DataTable) => (
                            ErrorKind::DataTableNotFound,
                            "dataTables",
                            fixtures.data_table(name).is_some(),
                        ),
                        _ => continue,
                    };
                    let noun = spec.org.map_or("", Org::noun);
                    if held || !seen.insert((flow.name.clone(), noun, name.to_lowercase())) {
                        continue;
                    }
                    // A name one typo from a held one (among at most 256 of its kind, as a
                    // failing scenario's miss is told): that name is the likelier fix.
                    let near = match spec.org {
                        Some(Org::Queue) => {
                            crate::util::nearest_among(name, fixtures.queues().map(|q| &*q.name))
                        }
                        Some(Org::ScheduleGroup) => crate::util::nearest_among(
                            name,
                            fixtures.schedule_groups().map(|g| &*g.name),
                        ),
                        _ => crate::util::nearest_among(
                            name,
                            fixtures.data_tables().map(|t| &*t.name),
                        ),
                    };
                    let help = match near {
                        Some(near) => format!(
                            "did you mean `{near}`? else add the {noun} to a fixture file's `{section}` (`flowsim docs fixtures`)"
                        ),
                        None => format!(
                            "add the {noun} to a fixture file's `{section}` (`flowsim docs fixtures`), or fix its name"
                        ),
                    };
                    let d = Diagnostic::warning(
                        crate::diag::Code::Run(kind),
                        format!(
                            "{noun} `{name}` is not in the fixtures: a run that reaches `{}` fails on it (`{}`)",
                            node.name,
                            kind.as_str()
                        ),
                    )
                    .file(&flow.file)
                    .flow(&*flow.name)
                    .node(&*node.name)
                    .property(spec.name.to_owned())
                    .subject(name)
                    .help(help);
                    out.push(places.prop(flow, d, node, spec.name));
                }
            }
            if flow.published.is_some() {
                break;
            }
        }
    }
    out
}

/// Where a reference is written.
enum Place<'a> {
    /// An action's property: the diagnostic is placed at the action.
    Node(&'a crate::flow::model::Node),
    /// An action's property, placed at its value where the file writes it (else at the action).
    Value(&'a crate::flow::model::Node),
    /// A variable's initial value; `owner` declares the variable: `variables` (the flow's), or
    /// its task's name.
    Initial { owner: &'a str, var: &'a str },
    /// A flow setting, placed at its value where the loader recorded it.
    Setting,
}

struct Cx<'a, 'p> {
    flow: &'a Flow,
    places: &'a super::place::Places<'p>,
    manifest: &'a Manifest,
    loaded: &'a FxHashSet<String>,
    out: &'a mut Vec<Diagnostic>,
    unlisted: &'a mut FxHashSet<Org>,
    /// Errors at variables' initial values, placed together once the flow's variables are
    /// checked (one pass over the file for those the loader did not record).
    initials: Vec<(Diagnostic, &'a str, &'a str)>,
}

impl<'a> Cx<'a, '_> {
    fn error(&mut self, at: &Place<'a>, property: &str, message: String, help: String) {
        let d = Diagnostic::error(crate::diag::Code::OrgMissing, message)
            .file(&self.flow.file)
            .flow(&*self.flow.name)
            .property(property.to_owned())
            .help(help);
        let d = match *at {
            Place::Node(node) => self.places.node(self.flow, d.node(&*node.name), node),
            Place::Value(node) => self.places.prop(self.flow, d.node(&*node.name), node, property),
            Place::Initial { owner, var } => return self.initials.push((d, owner, var)),
            Place::Setting => self.places.setting(self.flow, d, property),
        };
        self.out.push(d);
    }

    /// The entry `name` of `kind`, or an error (with the nearest name) when the manifest lists
    /// the kind and not the name; `role` says what the name is to the flow, in the message
    /// (`the initial value of `Flow.Q``).
    fn lookup(
        &mut self,
        at: &Place<'a>,
        property: &str,
        kind: Org,
        name: &str,
        role: Option<&str>,
    ) -> Option<Entry> {
        let manifest = self.manifest;
        let Some(section) = manifest.section(kind) else {
            self.unlisted.insert(kind);
            return None;
        };
        if let Some(e) = section.get(name) {
            return Some(e.clone());
        }
        let nearest = crate::util::nearest(name, section.entries.iter().map(|e| e.name.as_str()));
        let org = manifest.name.as_deref().map_or_else(String::new, |n| format!(" {n}"));
        let help = match nearest {
            Some(n) => format!("did you mean `{n}`? Or create the {} in the org", kind.noun()),
            None => format!("create the {} in the org{org}, or fix the name", kind.noun()),
        };
        let role = role.map_or_else(String::new, |r| format!(" ({r})"));
        self.error(
            at,
            property,
            format!(
                "{} `{name}`{role} is not in the org{org} ({})",
                kind.noun(),
                manifest.file.display()
            ),
            help,
        );
        None
    }

    /// A literal of a type that names an org object of `kind`: `text`, when the flow fixes
    /// it, names an object of the org.
    fn literal(
        &mut self,
        at: &Place<'a>,
        property: &str,
        kind: Lookup,
        text: Option<&str>,
        role: &str,
    ) {
        let Some(name) = text.map(str::trim).filter(|n| !n.is_empty()) else { return };
        self.lookup(at, property, Org::of_lookup(kind), name, Some(role));
    }

    /// Each record of list property `spec` (Update Data's statements) whose type names an org
    /// object: its literal value ([`Cx::literal`]).
    fn statements(&mut self, node: &'a crate::flow::model::Node, spec: &PropSpec, prop: &Prop) {
        let (PropKind::List(fields), Prop::List(records)) = (&spec.kind, prop) else { return };
        for (i, record) in records.iter().enumerate() {
            let Some(kind) = record.iter().find_map(Prop::org) else { continue };
            let field = |name: &str| {
                fields.iter().zip(record.iter()).find(|(s, _)| s.name == name).map(|(_, p)| p)
            };
            let (Some(value), Some(Prop::Var(var))) = (field("value"), field("variable")) else {
                continue;
            };
            let property = format!("{}[{i}].value", spec.name);
            let role = format!("assigned to `{}`", var.name);
            self.literal(&Place::Value(node), &property, kind, fixed_text(value), &role);
        }
    }

    fn prop(&mut self, at: &Place<'a>, spec: &PropSpec, prop: &Prop) {
        if let Some(kind) = spec.org {
            if let Some(name) = fixed_text(prop) {
                let name = name.trim();
                if kind == Org::Flow && self.loaded.contains(&name.to_lowercase()) {
                    return;
                }
                if !name.is_empty() {
                    self.lookup(at, spec.name, kind, name, None);
                }
            }
        }
        // Prompts are read in expressions: `Prompt.Welcome`, `PromptUser.Welcome`.
        if matches!(spec.kind, PropKind::Audio | PropKind::Expr) {
            if let Prop::Expr(e) = prop {
                let mut names = Vec::new();
                user_prompts(e, &mut names);
                for name in names {
                    self.prompt(at, spec.name, &name);
                }
            }
        }
    }

    fn prompt(&mut self, at: &Place<'a>, property: &str, name: &str) {
        let Some(entry) = self.lookup(at, property, Org::Prompt, name, None) else { return };
        let (Some(langs), Some(lang)) = (&entry.languages, &self.flow.arch.default_language) else {
            return;
        };
        if !langs.iter().any(|l| l.eq_ignore_ascii_case(lang)) {
            self.error(
                at,
                property,
                format!("prompt `{name}` has no {lang} resource in the org (it has {})", langs.join(", ")),
                format!("record or upload the prompt's {lang} audio or TTS, or change the flow's language"),
            );
        }
    }

    /// A data action's inputs and outputs, a data table's output columns: fields the org's
    /// definition has. `secure_only`: the action calls only secure data actions.
    fn data_fields(
        &mut self,
        node: &'a crate::flow::model::Node,
        specs: &[PropSpec],
        props: &[Prop],
        secure_only: bool,
    ) {
        let at = &Place::Node(node);
        let named = |org: Org| {
            specs
                .iter()
                .zip(props)
                .find(|(s, _)| s.org == Some(org))
                .and_then(|(_, p)| fixed_text(p))
        };
        let maps = |name: &str| {
            specs.iter().zip(props).find(|(s, _)| s.name == name).and_then(|(_, p)| match p {
                Prop::Map(m) => Some(m.iter().map(|(k, _)| k.to_string()).collect::<Vec<_>>()),
                _ => None,
            })
        };
        if let Some(action) = named(Org::DataAction) {
            let action = action.trim().to_owned();
            let Some(entry) = self.manifest.section(Org::DataAction).and_then(|s| s.get(&action))
            else {
                return;
            };
            let entry = entry.clone();
            if secure_only && entry.secure == Some(false) {
                self.error(
                    at,
                    "dataAction",
                    format!("data action `{action}` is not a secure data action in the org, and Call Secure Data calls only those"),
                    "mark the data action secure in the org (a new secure action with the same contract), or call it with Call Data Action from a non-secure flow".into(),
                );
            }
            if let (Some(wanted), Some(integration)) = (&entry.integration, named(Org::Integration))
            {
                if !wanted.eq_ignore_ascii_case(integration.trim()) {
                    self.error(
                        at,
                        "integration",
                        format!("data action `{action}` belongs to integration `{wanted}` in the org, not `{integration}`"),
                        format!("name the integration `{wanted}`"),
                    );
                }
            }
            for (prop, fields, what) in
                [("inputs", &entry.inputs, "input"), ("successOutputs", &entry.outputs, "output")]
            {
                let (Some(fields), Some(used)) = (fields, maps(prop)) else { continue };
                for key in used {
                    if !fields.keys().any(|f| f.eq_ignore_ascii_case(&key)) {
                        let list: Vec<&str> = fields.keys().map(String::as_str).collect();
                        self.error(
                            at,
                            prop,
                            format!("data action `{action}` has no {what} `{key}` in the org"),
                            format!(
                                "its {what}s: {}",
                                if list.is_empty() { "none".into() } else { list.join(", ") }
                            ),
                        );
                    }
                }
            }
            if let (Some(inputs), Some(used)) = (&entry.inputs, maps("inputs")) {
                let missing: Vec<&str> = inputs
                    .keys()
                    .filter(|f| !used.iter().any(|u| u.eq_ignore_ascii_case(f)))
                    .map(String::as_str)
                    .collect();
                if !missing.is_empty() {
                    let mut d = Diagnostic::warning(
                        crate::diag::Code::OrgInputUnset,
                        format!(
                            "data action `{action}`: the flow gives no value for input(s) {}",
                            missing.join(", ")
                        ),
                    )
                    .file(&self.flow.file)
                    .flow(&*self.flow.name)
                    .node(&*node.name)
                    .property("inputs")
                    .help("the data action receives them empty; give them in `inputs:`");
                    d = self.places.node(self.flow, d, node);
                    self.out.push(d);
                }
            }
        }
        if let Some(table) = named(Org::DataTable) {
            let table = table.trim().to_owned();
            let Some(entry) = self.manifest.section(Org::DataTable).and_then(|s| s.get(&table))
            else {
                return;
            };
            let (Some(columns), Some(used)) = (entry.inputs.clone(), maps("foundOutputs")) else {
                return;
            };
            for key in used {
                if !columns.keys().any(|c| c.eq_ignore_ascii_case(&key)) {
                    let list: Vec<&str> = columns.keys().map(String::as_str).collect();
                    self.error(
                        at,
                        "foundOutputs",
                        format!("data table `{table}` has no column `{key}` in the org"),
                        format!("its columns: {}", list.join(", ")),
                    );
                }
            }
        }
    }
}

/// The user prompts `e` names, in source order: `Prompt.Welcome` (a prompt constant once
/// parsed) and `PromptUser.Welcome` (a reference). System prompts are Genesys's own.
fn user_prompts(e: &Expr, out: &mut Vec<String>) {
    match &e.kind {
        ExprKind::Lit(Value::Media(m)) => {
            if let Some(path) = m.constant_path() {
                if let Some((head, name)) = path.split_once('.') {
                    if head.eq_ignore_ascii_case("prompt")
                        || head.eq_ignore_ascii_case("promptuser")
                    {
                        out.push(name.to_owned());
                    }
                }
            }
        }
        ExprKind::Lit(_) => {}
        ExprKind::Ref(p) => {
            if let Some((head, name)) = p.text.split_once('.') {
                if head.eq_ignore_ascii_case("promptuser") {
                    out.push(name.to_owned());
                }
            }
        }
        ExprKind::Unary(_, a) | ExprKind::Member(a, _) => user_prompts(a, out),
        ExprKind::Binary(_, a, b) | ExprKind::Index(a, b, _) => {
            user_prompts(a, out);
            user_prompts(b, out);
        }
        ExprKind::Call(c) => c.args.iter().for_each(|a| user_prompts(a, out)),
    }
}

/// The text a property fixes when the flow loads: a literal name, or a string literal
/// expression. `None` for what only a run can compute.
fn fixed_text(prop: &Prop) -> Option<&str> {
    match prop {
        Prop::Text(t) => Some(t),
        Prop::Expr(e) => literal_text(e),
        _ => None,
    }
}

/// The text of a string literal expression.
fn literal_text(e: &Expr) -> Option<&str> {
    match &e.kind {
        ExprKind::Lit(Value::Str(s)) => Some(s),
        _ => None,
    }
}
