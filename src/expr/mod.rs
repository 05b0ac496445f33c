//! The expression language (SPEC §3): syntax, values, functions, evaluation, templates.
//!
//! Syntax (`parse`, `ast`) knows nothing of evaluation except the function table it binds
//! calls to; evaluation knows nothing of flows: it reads references through [`Env`].

pub mod ast;
pub mod eval;
pub mod func;
pub mod parse;
pub mod template;
pub mod value;

pub use ast::{Expr, ExprKind, Path, Span};
pub use eval::{eval, Env, EvalError};
pub use parse::{parse, ParseError, ParseErrorKind};
pub use template::Template;
pub use value::{Type, Value};
