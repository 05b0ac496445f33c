//! Architect actions in the model: an action is a catalogue entry plus its properties, read
//! by a front-end (Archy YAML or an Architect export) into one normalized shape.
//!
//! Properties sit in the order of the catalogue entry's [`PropSpec`]s. The engine reads them
//! through typed ids ([`Action::get`] with a [`PropId`] the catalogue defines), never by a name
//! looked up at run time; it takes fixed outputs through [`OutputId`]s the same way. A front-end that cannot read a property reports a diagnostic; a
//! property the engine does not implement is `unsupported` at load.
//!
//! [`PropSpec`]: super::catalogue::PropSpec

use super::catalogue::{self, ActionSpec, OutputId, PropId, PropSpec};
use crate::expr::func::Lookup;
use crate::expr::{Expr, Template, VarId};
use std::sync::Arc;

/// One action: which catalogue entry, and its properties in the entry's order.
#[derive(Debug, Clone)]
pub struct Action {
    /// Index into [`catalogue::ACTIONS`].
    pub spec: u16,
    pub props: Box<[Prop]>,
}

impl Action {
    /// The action's catalogue entry. Inlined: every step reads it, from another crate.
    #[inline]
    pub fn spec(&self) -> &'static ActionSpec {
        &catalogue::ACTIONS[self.spec as usize]
    }

    /// Property `i` of the entry's list ([`Prop::None`] past the end).
    pub fn prop(&self, i: usize) -> &Prop {
        self.props.get(i).unwrap_or(&Prop::None)
    }

    /// The property of this name in the entry's list ([`Prop::None`] when it has none): for
    /// a property a catalogue fact names.
    pub fn named(&self, name: &str) -> &Prop {
        self.spec().prop_index(name).map_or(&Prop::None, |i| self.prop(i))
    }

    /// The property `id` (made for this action's entry: debug builds check it).
    pub fn get(&self, id: PropId) -> &Prop {
        debug_assert!(self.has(id), "property id `{}` read on `{}`", id.name(), self.spec().key);
        self.prop(id.index())
    }

    /// The entry's description of property `id`: what a run reads of it beyond its value
    /// ([`PropSpec::skips_not_set`]).
    pub fn spec_of(&self, id: PropId) -> &'static PropSpec {
        debug_assert!(self.has(id), "property id `{}` read on `{}`", id.name(), self.spec().key);
        &self.spec().props[id.index()]
    }

    /// Whether the action's entry has property `id` (an id shared by entries of which only
    /// some have it).
    pub fn has(&self, id: PropId) -> bool {
        self.spec().props.get(id.index()).is_some_and(|p| id.is(p.name))
    }

    /// One property that entries have at different places, one id per place: the one of
    /// `ids` the action's entry has, [`Prop::None`] when it has none.
    pub fn first_of(&self, ids: &[PropId]) -> &Prop {
        ids.iter().find(|id| self.has(**id)).map_or(&Prop::None, |id| self.prop(id.index()))
    }

    /// Whether the action's entry has output `id`.
    pub fn has_output(&self, id: OutputId) -> bool {
        self.spec().has_output(id)
    }

    /// Calls `f` on every expression of the action, nested ones included.
    pub fn for_each_expr_mut(&mut self, f: &mut impl FnMut(&mut Expr)) {
        for p in &mut *self.props {
            p.for_each_expr_mut(f);
        }
    }

    /// Calls `f` on every expression of the action's properties.
    pub fn for_each_expr(&self, f: &mut impl FnMut(&Expr)) {
        fn walk(p: &Prop, f: &mut impl FnMut(&Expr)) {
            match p {
                Prop::Expr(e) => f(e),
                Prop::Template(t) => t.exprs().for_each(&mut *f),
                Prop::Map(m) => m.iter().for_each(|(_, p)| walk(p, f)),
                Prop::List(l) => l.iter().flat_map(|r| r.iter()).for_each(|p| walk(p, f)),
                Prop::None | Prop::Text(_) | Prop::Type(..) | Prop::Var(_) | Prop::Node(_) => {}
            }
        }
        for p in &*self.props {
            walk(p, f);
        }
    }

    /// Calls `f` on every variable the action writes.
    pub fn for_each_var(&self, f: &mut impl FnMut(&VarRef)) {
        fn walk(p: &Prop, f: &mut impl FnMut(&VarRef)) {
            match p {
                Prop::Var(v) => f(v),
                Prop::Map(m) => m.iter().for_each(|(_, p)| walk(p, f)),
                Prop::List(l) => l.iter().flat_map(|r| r.iter()).for_each(|p| walk(p, f)),
                Prop::Text(_) | Prop::Type(..) => {}
                Prop::None | Prop::Expr(_) | Prop::Template(_) | Prop::Node(_) => {}
            }
        }
        for p in &*self.props {
            walk(p, f);
        }
    }

    /// Calls `f` with the name of every variable the action writes: its variable properties,
    /// and the names list properties hold as text (`updateData` statements, module outputs).
    pub fn for_each_written_name(&self, f: &mut impl FnMut(&str)) {
        self.for_each_var(&mut |v| f(&v.name));
        for (i, spec) in self.spec().props.iter().enumerate() {
            if matches!(spec.kind, crate::flow::catalogue::PropKind::List(_)) {
                for record in self.prop(i).list() {
                    for t in record.iter().filter_map(Prop::text).filter(|t| t.contains('.')) {
                        f(t);
                    }
                }
            }
        }
    }

    /// The type as flow files spell it (and traces show it): the catalogue entry's key.
    pub fn type_name(&self) -> &'static str {
        self.spec().key
    }

    /// The action, when it is an Architect action (not a JSON flow's node): for the checks
    /// of Architect's own rules.
    pub fn as_architect(&self) -> Option<&Action> {
        (self.spec().family != catalogue::Family::Json).then_some(self)
    }

    /// Calls `f` on every property that names a node of the same graph (a JSON `If`'s
    /// `nextNode`s and `defaultNextNode`), records' fields included, with the property's spec
    /// (whether the action may go without it).
    pub fn for_each_node_mut(&mut self, f: &mut impl FnMut(&mut Prop, &PropSpec)) {
        use crate::flow::catalogue::PropKind;
        let specs = self.spec().props;
        for (p, spec) in self.props.iter_mut().zip(specs) {
            match (spec.kind, p) {
                (PropKind::Node, p) => f(p, spec),
                (PropKind::List(fields), Prop::List(records)) => {
                    for record in records.iter_mut() {
                        let nodes = record.iter_mut().zip(fields);
                        for (p, field) in nodes.filter(|(_, s)| matches!(s.kind, PropKind::Node)) {
                            f(p, field);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Calls `f` on every variable the action writes.
    pub fn for_each_var_mut(&mut self, f: &mut impl FnMut(&mut VarRef)) {
        for p in &mut *self.props {
            p.for_each_var_mut(f);
        }
    }
}

/// A property's value, as both front-ends normalize it.
#[derive(Debug, Clone)]
pub enum Prop {
    /// `noValue: true`, or not given.
    None,
    /// `exp:` an expression; `lit:` a scalar (or a duration `{seconds: 5}`) as a literal
    /// expression; `tts:` text as a string literal.
    Expr(Expr),
    /// Text fixed when the flow loads: a data action's, data table's or queue's name (`lit:
    /// {name: Support}`), a case label, an output path's name.
    Text(Arc<str>),
    /// An Update Data statement's Architect type as Archy spells it (`queue`,
    /// `stringCollection`), with what a literal of it names when it names an object of the
    /// org (a queue, user, group, skill...), read from the type when the flow loads
    /// ([`Prop::data_type`]).
    Type(Arc<str>, Option<Lookup>),
    /// `var:`: a variable the action writes.
    Var(VarRef),
    /// Named values, in file order: a data action's `inputs` (expressions; templates in a
    /// JSON flow) or `successOutputs` (variables), participant data attributes.
    Map(Box<[(Arc<str>, Prop)]>),
    /// Records, each with the properties of the entry's nested spec list: `updateData`
    /// statements, `switch` cases.
    List(Box<[Box<[Prop]>]>),
    /// A JSON flow's `{expr}` template (`sayText`).
    Template(Template),
    /// A node of the same graph: a JSON `If`'s `nextNode` and `defaultNextNode`.
    Node(crate::flow::model::NodeIdx),
}

impl Prop {
    pub fn is_none(&self) -> bool {
        matches!(self, Prop::None)
    }

    pub fn expr(&self) -> Option<&Expr> {
        match self {
            Prop::Expr(e) => Some(e),
            _ => None,
        }
    }

    /// A fixed text: a name, or a statement's type.
    pub fn text(&self) -> Option<&Arc<str>> {
        match self {
            Prop::Text(t) | Prop::Type(t, _) => Some(t),
            _ => None,
        }
    }

    /// A statement's type `ty`, with what a literal of it names ([`Lookup::of_literal`]).
    pub fn data_type(ty: &str) -> Prop {
        Prop::Type(Arc::from(ty), Lookup::of_literal(ty))
    }

    /// What a literal of this statement type names, when it names an object of the org.
    pub fn org(&self) -> Option<Lookup> {
        match self {
            Prop::Type(_, org) => *org,
            _ => None,
        }
    }

    pub fn var(&self) -> Option<&VarRef> {
        match self {
            Prop::Var(v) => Some(v),
            _ => None,
        }
    }

    pub fn template(&self) -> Option<&Template> {
        match self {
            Prop::Template(t) => Some(t),
            _ => None,
        }
    }

    pub fn node(&self) -> Option<crate::flow::model::NodeIdx> {
        match self {
            Prop::Node(n) => Some(*n),
            _ => None,
        }
    }

    pub fn map(&self) -> &[(Arc<str>, Prop)] {
        match self {
            Prop::Map(m) => m,
            _ => &[],
        }
    }

    /// Field `id` of a record of a list property ([`Prop::None`] past its end).
    pub fn field(record: &[Prop], id: PropId) -> &Prop {
        record.get(id.index()).unwrap_or(&Prop::None)
    }

    pub fn list(&self) -> &[Box<[Prop]>] {
        match self {
            Prop::List(l) => l,
            _ => &[],
        }
    }

    fn for_each_expr_mut(&mut self, f: &mut impl FnMut(&mut Expr)) {
        match self {
            Prop::Expr(e) => f(e),
            Prop::Template(t) => t.exprs_mut().for_each(&mut *f),
            Prop::Map(m) => m.iter_mut().for_each(|(_, p)| p.for_each_expr_mut(f)),
            Prop::List(l) => {
                l.iter_mut().flat_map(|r| r.iter_mut()).for_each(|p| p.for_each_expr_mut(f));
            }
            Prop::None | Prop::Text(_) | Prop::Type(..) | Prop::Var(_) | Prop::Node(_) => {}
        }
    }

    fn for_each_var_mut(&mut self, f: &mut impl FnMut(&mut VarRef)) {
        match self {
            Prop::Var(v) => f(v),
            Prop::Map(m) => m.iter_mut().for_each(|(_, p)| p.for_each_var_mut(f)),
            Prop::List(l) => {
                l.iter_mut().flat_map(|r| r.iter_mut()).for_each(|p| p.for_each_var_mut(f));
            }
            Prop::Text(_) | Prop::Type(..) => {}
            Prop::None | Prop::Expr(_) | Prop::Template(_) | Prop::Node(_) => {}
        }
    }
}

/// A variable an action writes (`var: Task.result`).
#[derive(Debug, Clone)]
pub struct VarRef {
    /// As written.
    pub name: Arc<str>,
    /// Lower-cased, for the case-insensitive store.
    pub lower: Arc<str>,
    /// The registry's id for it ([`super::model::UNBOUND`] until the registry binds it).
    pub var: VarId,
}

impl VarRef {
    pub fn new(name: &str) -> VarRef {
        VarRef {
            name: Arc::from(name),
            lower: Arc::from(crate::util::fold_case(name).as_ref()),
            var: super::model::UNBOUND,
        }
    }
}
