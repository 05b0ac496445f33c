//! What Architect's variables are given: the implicit conversions a typed variable makes
//! ([`coerce`], [`implicit_cast`]), how a literal naming an org object reached its variable
//! ([`OrgLiteral`]), the value Initialize Flow Outcome gives an outcome, and Architect's action
//! limits per flow invocation. How Architect flows move (containers, tasks, loops, menus,
//! modules, transfers, error handling) is the machine's (`machine/flows.rs`); what a flow
//! invocation keeps between steps is `engine::cx`'s `FrameState`.

use super::cx::{Against, Eval, Flowing};
use crate::engine::result::Name;
use crate::expr::func::Lookup;
use crate::expr::{eval, Value};
use crate::flow::action::{Prop, VarRef};
use crate::flow::model::{VarDecl, UNBOUND};
use crate::flow::NodeIdx;
use crate::kind::ErrorKind;
use std::sync::Arc;

pub use super::scope::SECURE_TEXT;

/// How a literal naming an object of the org reached its variable, for the warning when the
/// fixtures lack the object (`org_object`).
#[derive(Debug, Clone, Copy)]
pub(super) enum OrgLiteral {
    /// The variable's initial value.
    Initial,
    /// An Update Data statement's value.
    Assigned,
}

/// A value stored into a variable of Architect type `ty` (`string`, `decimal`, ...), with the
/// implicit conversions a typed slot makes ([`implicit_cast`]); a value the conversion cannot
/// read is stored as it is.
pub(super) fn coerce(ty: &str, v: Value) -> Value {
    let keep = v.clone();
    implicit_cast(ty, v).unwrap_or(keep)
}

/// A value for a variable of Architect type `ty`, converted as Genesys's "Implicit casting in
/// expressions" converts an expression of another type (`expr::slot::cast`): a value for a
/// String variable is its `ToString` text (`3+4` is `"7"`, a YAML scalar `lit: 123` is
/// `"123"`), text for an Integer is `ToInt` of it, an Integer given to a Decimal variable is a
/// Decimal. Text that does not read as the type is the conversion's error.
///
/// A Date, Time, Currency or Timeslot variable (or a collection of them) reads its value's
/// JSON form, as a request's preset, a `lit:` initial value or a bot's slot gives it:
/// `"2024-02-29"`, `"14:30"`, `{"amount": 5.25, "code": "USD"}`,
/// `{"dateTime": "2030-06-01T14:00:00Z", "duration": "PT2H"}`; a DateTime gives its UTC date
/// or time of day.
/// A value that reads as none of these is the conversion's error, as `ToDate("hello")` is.
pub(super) fn implicit_cast(ty: &str, v: Value) -> Result<Value, crate::expr::func::FnError> {
    match (ty, v) {
        (_, Value::NotSet) => Ok(Value::NotSet),
        // The common case first: the value already has the variable's type.
        ("string", v @ Value::Str(_))
        | ("integer", v @ Value::Int(_))
        | ("decimal", v @ Value::Dec(_))
        | ("boolean", v @ Value::Bool(_)) => Ok(v),
        ("decimal", Value::Int(i)) => Ok(Value::Dec(i.into())),
        (_, v) if super::typed::is_calendar(ty) => {
            super::typed::read_calendar(ty, v).map_err(|bad| {
                crate::expr::func::FnError::conversion(
                    "",
                    &bad.display(),
                    &format!("does not read as a {ty}"),
                )
            })
        }
        (_, v) => match crate::expr::types::Ty::parse(ty) {
            Some(to) => crate::expr::slot::cast(v, to),
            None => Ok(v),
        },
    }
}

/// Genesys: "The maximum number of actions Architect runs per flow invocation is 10,000."
pub const ACTION_LIMIT: u64 = 10_000;
/// Genesys: a handler that jumps to a menu or reusable task gets "an additional 1,000 actions".
pub const ACTION_EXTRA: u64 = 1_000;

/// The value Initialize Flow Outcome gives an outcome.
pub(in crate::engine) const INITIALIZED: &str = "initialized";

/// Whether `v`, converted for a variable of type `ty`, has that type: checked for the scalar
/// types and their collections (a data action's object in a String variable does not fit); a
/// value of an org object's type (a queue, a user) is an object flowsim does not type.
fn output_fits(v: &Value, ty: &str) -> bool {
    use crate::expr::types::Ty;
    let Some(to) = Ty::parse(ty) else { return true };
    !to.base.is_scalar() || crate::expr::sig::fits(Ty::of_value(v), to)
}

/// The variables actions write and read, and the values literals of org objects give them.
impl Eval<'_, '_, '_> {
    pub(in crate::engine) fn init_var(&mut self, n: NodeIdx, decl: &VarDecl) {
        let value = match &decl.initial {
            Some(e) => match (eval(e, &mut self.scope(n)), decl.org) {
                (Ok(v), Some(kind)) => self.org_object(n, kind, &decl.var, OrgLiteral::Initial, v),
                (Ok(v), None) => coerce(&decl.ty, v),
                (Err(_), _) => Value::NotSet,
            },
            None if decl.is_collection() => Value::List(Arc::new(Vec::new())),
            None => Value::NotSet,
        };
        self.store(&decl.var, value);
    }

    /// A text value for a variable whose type names an object of the org (`kind`: a queue,
    /// user, group, skill, language skill, schedule group or emergency group), which a literal
    /// gives (`lit: {name: Sales}`, an export's `"text": "Sales"`): the object the fixtures hold
    /// under that name or id, with its `id` and `name`, as Find Queue and the other Find
    /// functions give it. Architect's literal names an object of the org, and Architect does not
    /// publish a flow whose literal names one the org lacks: such a name stays text, with an
    /// `orgMissing` warning (once per node, variable and name), and the action that uses it
    /// reports the missing object. No conversion applies: Architect converts nothing to these
    /// types.
    pub(in crate::engine) fn org_object(
        &mut self,
        n: NodeIdx,
        kind: Lookup,
        var: &VarRef,
        given: OrgLiteral,
        v: Value,
    ) -> Value {
        let Value::Str(name) = &v else { return v };
        if let Ok(found) = self.scope(n).org_object(kind, name) {
            return found;
        }
        let at = (self.flowing.frame().flow, n);
        let subject = format!("{} {name}", var.lower);
        let noun = crate::fixtures::Org::of_lookup(kind).noun();
        self.step.warnings.once(at, crate::diag::Code::OrgMissing.as_str(), &subject, || {
            let role = match given {
                OrgLiteral::Initial => "the initial value of",
                OrgLiteral::Assigned => "assigned to",
            };
            format!(
                "{noun} `{name}` ({role} `{}`) is not in the fixtures: Architect does not publish a flow whose literals name {noun}s the org lacks",
                var.name
            )
        });
        v
    }

    /// Writes a variable an action names, and records the write for the trace (a secure
    /// variable's value as [`SECURE_TEXT`]).
    /// An action's output value written to `var`, converted to the type the current flow
    /// declares for it as Update Data converts (a data action's `"17"` into an Integer
    /// variable is 17, its 42 into a String variable `"42"`): the cloud hands a flow values
    /// of the types its variables have. A value that does not convert is written as it is,
    /// with a warning (once per action and variable): a mock or fixture row that gives a
    /// value of another type.
    pub(in crate::engine) fn write_output(&mut self, n: NodeIdx, var: &VarRef, value: Value) {
        let Some(ty) = self.declared_type(var) else { return self.write_var(var, value) };
        let flow = self.flowing.frame().flow;
        let kept = value.clone();
        let why = match implicit_cast(&ty, value) {
            Ok(v) if output_fits(&v, &ty) => return self.write_var(var, v),
            Ok(_) => format!("{} is not a {ty}", kept.ty()),
            Err(e) => e.into_parts().1,
        };
        self.step.warnings.once((flow, n), ErrorKind::Conversion.as_str(), &var.lower, || {
            format!(
                "`{}` is declared `{ty}`, and the value the action gives it does not convert: {why}; it is written as it is (check the mock or the fixture's row)",
                var.name
            )
        });
        self.write_var(var, kept);
    }

    /// The Architect type the current flow declares for `var` (`integer`, `stringCollection`),
    /// if it declares it.
    pub(in crate::engine) fn declared_type(&self, var: &VarRef) -> Option<Arc<str>> {
        let flow = self.run.reg.flow(self.flowing.frame().flow);
        flow.arch.variables.iter().find(|d| d.var.lower == var.lower).map(|d| d.ty.clone())
    }

    pub(in crate::engine) fn write_var(&mut self, var: &VarRef, value: Value) {
        let shown = if self.run.reg.var_table().is_secure(var.var) {
            Value::str(SECURE_TEXT)
        } else {
            value.clone()
        };
        // Architect's variables may be made as the run goes (a bot's slots, an intent's
        // entities): the name is the run's own.
        self.step.rec.wrote(Name::Made(var.name.clone()), shown);
        self.store(var, value);
    }

    pub(in crate::engine) fn store(&mut self, var: &VarRef, value: Value) {
        if var.var == UNBOUND {
            self.flowing.vars.set(&var.lower, &var.name, value);
        } else {
            self.flowing.vars.set_id(var.var, &var.name, value);
        }
    }
}

impl Flowing<'_> {
    /// A variable's value by reference (NOT_SET when unassigned).
    pub(in crate::engine) fn read_var(&self, var: &VarRef) -> Value {
        let v =
            if var.var == UNBOUND { self.vars.get(&var.lower) } else { self.vars.get_id(var.var) };
        v.cloned().unwrap_or(Value::NotSet)
    }
}

impl Against<'_, '_> {
    /// Whether expression property `p` reads a variable a flow declares secure.
    pub(in crate::engine) fn reads_secure(&self, p: &Prop) -> bool {
        let table = self.reg.var_table();
        let Prop::Expr(e) = p else { return false };
        if !table.has_secure() {
            return false;
        }
        let mut found = false;
        e.for_each_path(&mut |path| {
            found |= path.bind.vars.iter().any(|&id| table.is_secure(id));
        });
        found
    }
}
