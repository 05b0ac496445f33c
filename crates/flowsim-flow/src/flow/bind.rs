//! Binding: after a registry loads, every variable name its flows can read or write gets an
//! index in one table, and every reference records those indexes (see
//! [`crate::expr::Binding`]), so a run reads and writes variables by index, never by hashing a
//! name.
//!
//! Invariants: ids are dense (`0..table.len()`), given in flow, graph and node order, so a
//! registry binds the same way every time; a bound path has one id per prefix, and the ids of
//! two paths agree exactly when their lower-cased prefixes do. Variables are shared by every
//! flow of a conversation (docs/json-flows.md), so the table is the registry's, not a flow's.

use super::model::{Flow, Graph};
use crate::expr::types::{Base, Ty};
use crate::expr::{infer, Declarations, Expr, ExprKind, Keys, Path, VarId};
use crate::flow::action::Prop;
use crate::flow::catalogue::data::prop as data;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Lower-cased variable names and their ids.
#[derive(Debug, Clone, Default)]
pub struct VarTable {
    names: Vec<Arc<str>>,
    ids: FxHashMap<Arc<str>, VarId>,
    /// The ids of variables a flow declares secure (`isSecure`), sorted: values a trace and a
    /// result never show.
    secure: Vec<VarId>,
}

impl VarTable {
    /// The id of a lower-cased name, if a flow of the registry uses it.
    pub fn get(&self, lower: &str) -> Option<VarId> {
        self.ids.get(lower).copied()
    }

    /// The lower-cased name of `id`.
    pub fn name(&self, id: VarId) -> &Arc<str> {
        &self.names[id as usize]
    }

    /// Whether a flow declares the variable of `id` secure.
    pub fn is_secure(&self, id: VarId) -> bool {
        !self.secure.is_empty() && self.secure.binary_search(&id).is_ok()
    }

    /// Whether any flow declares a secure variable.
    pub fn has_secure(&self) -> bool {
        !self.secure.is_empty()
    }

    /// Number of ids given.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    fn intern(&mut self, lower: &str) -> VarId {
        if let Some(&id) = self.ids.get(lower) {
            return id;
        }
        let id = VarId::try_from(self.names.len()).expect("fewer than 2^32 variable names");
        let name: Arc<str> = Arc::from(lower);
        self.names.push(name.clone());
        self.ids.insert(name, id);
        id
    }
}

/// Binds every reference and assignment of `flows`, returning the table of their names.
pub fn bind(flows: &mut [Flow]) -> VarTable {
    let mut table = VarTable::default();
    for flow in flows {
        let types = declared_types(flow);
        let arch = &mut flow.arch;
        let decls = arch
            .variables
            .iter_mut()
            .chain(arch.containers.iter_mut().flat_map(|c| c.variables.iter_mut()));
        for decl in decls {
            decl.var.var = table.intern(&decl.var.lower);
            if decl.is_secure {
                table.secure.push(decl.var.var);
            }
            if let Some(e) = &mut decl.initial {
                match_json_keys(e, &types);
                e.for_each_path_mut(&mut |p: &mut Path| {
                    p.bind.vars = (1..=p.len()).map(|n| table.intern(p.prefix(n))).collect();
                    p.bind.context = p.len() > 1 && matches!(p.head(), "call" | "context");
                });
            }
        }
        bind_graph(&mut flow.draft, &mut table, &types);
        if let Some(published) = &mut flow.published {
            bind_graph(published, &mut table, &types);
        }
    }
    table.secure.sort_unstable();
    table.secure.dedup();
    table
}

fn bind_graph(graph: &mut Graph, table: &mut VarTable, types: &Declarations) {
    let Graph { nodes, by_lower_id, .. } = graph;
    for node in nodes {
        let a = &mut node.action;
        a.for_each_var_mut(&mut |v| v.var = table.intern(&v.lower));
        node.action.for_each_expr_mut(&mut |e| {
            match_json_keys(e, types);
            e.for_each_path_mut(&mut |p: &mut Path| {
                let vars = (1..=p.len()).map(|n| table.intern(p.prefix(n))).collect();
                p.bind.vars = vars;
                p.bind.node = by_lower_id.get(p.head()).copied();
                p.bind.context = p.len() > 1 && matches!(p.head(), "call" | "context");
            });
        });
    }
}

/// The declared types of an Architect flow's variables: its variable list, and the type each
/// Update Data statement gives the variable it writes.
pub fn declared_types(flow: &Flow) -> Declarations {
    let mut d = declarations_only(flow);
    for node in &flow.draft.nodes {
        let a = &node.action;
        // Update Data's statements (and Extract Secure Data's, the same shape) each declare
        // the type of the variable they write.
        if a.spec().facts.typed_writes != crate::flow::catalogue::TypedWrites::Statements {
            continue;
        }
        for statement in a.get(data::STATEMENTS).list() {
            let ty = Prop::field(statement, data::STATEMENT_TYPE).text().and_then(|t| Ty::parse(t));
            let var = Prop::field(statement, data::STATEMENT_VARIABLE).var();
            if let (Some(ty), Some(var)) = (ty, var) {
                d.declare(&var.name, ty);
            }
        }
    }
    d
}

/// The types the flow's variable declarations give (flow, task and state variables), without
/// what its actions' writes add.
pub fn declarations_only(flow: &Flow) -> Declarations {
    let mut d = Declarations::default();
    let decls =
        flow.arch.variables.iter().chain(flow.arch.containers.iter().flat_map(|c| &c.variables));
    for v in decls {
        if let Some(ty) = Ty::parse(&v.ty) {
            d.declare(&v.var.name, ty);
        }
    }
    d
}

/// Marks the member reads of `e` that match names exactly ([`Keys::Exact`]): those of a value
/// whose static type, by the flow's declarations `types`, is JSON. Each member read's operand
/// is typed once; an operand of unknown or mistaken type keeps [`Keys::AnyCase`].
fn match_json_keys(e: &mut Expr, types: &Declarations) {
    let is_json = |x: &Expr| infer(x, types).is_ok_and(|t| t.is(Base::Json) && !t.collection);
    match &mut e.kind {
        ExprKind::Lit(_) => {}
        ExprKind::Ref(p) => {
            p.bind.json = (1..p.len())
                .find(|&n| types.get(p.prefix(n)).is_some_and(|t| t == Ty::JSON))
                .map_or(0, |n| n as u32);
        }
        ExprKind::Unary(_, x) => match_json_keys(x, types),
        ExprKind::Binary(_, a, b) => {
            match_json_keys(a, types);
            match_json_keys(b, types);
        }
        ExprKind::Index(a, i, keys) => {
            match_json_keys(a, types);
            match_json_keys(i, types);
            if is_json(a) {
                *keys = Keys::Exact;
            }
        }
        ExprKind::Member(x, name) => {
            match_json_keys(x, types);
            if is_json(x) {
                name.keys = Keys::Exact;
            }
        }
        ExprKind::Call(c) => c.args.iter_mut().for_each(|a| match_json_keys(a, types)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::{ExprKind, Template};
    use crate::flow::catalogue::json::{prop::GATHER_PROMPT, set_vars, SetValue};
    use crate::flow::Registry;

    fn registry() -> Registry {
        let flow = r#"{
            "id": "f", "name": "F", "type": "inbound",
            "draft": { "startNode": "Ask", "nodes": {
                "Ask": { "type": "Gather", "properties": { "promptText": "Hi {Flow.Name}", "maxDigits": 1 },
                         "onComplete": { "nextNode": "Keep" } },
                "Keep": { "type": "Set", "properties": { "setVars": [
                    { "key": "Flow.name", "value": { "type": "expression", "value": "Ask.Digits" } },
                    { "key": "Flow.contact", "value": { "type": "expression", "value": "Flow.contact.first" } }
                ] }, "onComplete": { "nextNode": "Bye" } },
                "Bye": { "type": "End", "properties": { "endType": "normal" } }
            } }
        }"#;
        let report = Registry::from_sources([(std::path::Path::new("f.json"), flow)]);
        report.registry.unwrap_or_else(|| panic!("{:#?}", report.diagnostics))
    }

    fn paths(t: &Template) -> Vec<Path> {
        t.exprs()
            .filter_map(|e| match &e.kind {
                ExprKind::Ref(p) => Some(p.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn reads_and_writes_of_one_name_share_an_id_whatever_the_case() {
        let reg = registry();
        let table = reg.var_table();
        let graph = &reg.flow(0).draft;
        let gather = &graph.node(0).action;
        assert_eq!(gather.type_name(), "Gather");
        let read = &paths(crate::flow::catalogue::json::template(gather, GATHER_PROMPT))[0];
        let set = &graph.node(1).action;
        assert_eq!(set.type_name(), "Set");
        let assignments: Vec<_> = set_vars(set).collect();
        assert_eq!(read.bind.vars.len(), 2, "one id per prefix");
        assert_eq!(read.bind.vars[1], assignments[0].0.var, "Flow.Name reads what Flow.name wrote");
        assert_eq!(&**table.name(assignments[0].0.var), "flow.name");
        assert_eq!(table.get("flow"), Some(read.bind.vars[0]));
        assert_eq!(read.bind.node, None);
    }

    #[test]
    fn a_path_headed_by_a_node_id_binds_that_node() {
        let reg = registry();
        let graph = &reg.flow(0).draft;
        let set = &graph.node(1).action;
        assert_eq!(set.type_name(), "Set");
        let assignments: Vec<_> = set_vars(set).collect();
        let SetValue::Expression(e) = assignments[0].1 else { panic!("an expression") };
        let ExprKind::Ref(p) = &e.kind else { panic!("a reference") };
        assert_eq!(p.bind.node, Some(0), "`Ask.Digits` names node Ask");
        let SetValue::Expression(e) = assignments[1].1 else { panic!("an expression") };
        let ExprKind::Ref(p) = &e.kind else { panic!("a reference") };
        assert_eq!(p.bind.vars[1], assignments[1].0.var, "the prefix Flow.contact is the variable");
    }
}
