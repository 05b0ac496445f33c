//! The expression language (docs/json-flows.md): syntax, values, functions, evaluation, templates.
//!
//! Syntax (`parse`, `ast`) knows nothing of evaluation except the function table it binds
//! calls to; evaluation knows nothing of flows: it reads references through [`Env`]. Static
//! types (`types`, `sig`, `check`) follow Architect's validator; `slot` reads a property's text
//! as Architect does (literal mode, implicit conversions).

pub mod arch_types;
pub mod ast;
pub mod builtins;
pub mod calendar;
pub mod check;
pub mod currencies;
pub mod decimal;
pub mod eval;
pub mod facets;
pub mod func;
pub mod limits;
pub mod lookups;
pub mod media;
pub mod meter;
pub mod parse;
pub mod random;
pub mod range;
pub mod sdk;
pub mod sig;
pub mod slot;
pub mod template;
pub mod types;
pub mod value;
pub mod verdict;

#[cfg(test)]
mod roundtrip;

pub use ast::{Binding, Expr, ExprKind, Keys, Path, Span, VarId};
pub use check::{infer, Declarations, TypeEnv, TypeError, TypeErrorKind};
pub use eval::{eval, Env, EvalError};
pub use parse::{parse, parse_architect, unknown_functions, ParseError, ParseErrorKind};
pub use template::Template;
pub use types::Ty;
pub use value::{Type, Value};
