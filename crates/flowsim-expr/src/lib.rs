//! Architect's expression language: [`expr`] parses, type-checks and evaluates it, as
//! Architect's own parser and checker do.
//!
//! The foundations are re-exported, so `flowsim_expr::util` is `flowsim_core::util`.

pub use flowsim_core::{diag, kind, phone, util, ErrorKind};

pub mod expr;
