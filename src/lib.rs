//! flowsim runs Genesys Cloud Architect flows offline, exactly as the cloud would, and tests them.
//!
//! - [`expr`]: the expression language: parse, evaluate, templates.
//! - [`flow`]: the format-independent flow model, the JSON loader and the registry.
//! - [`fixtures`]: the fixture store that stands in for the cloud's data.
//! - [`engine`]: the interpreter: run a request against a registry, get a result with a trace.
//! - [`diag`]: load and validation diagnostics (data; the CLI renders them).

pub mod expr;
pub mod fixtures;
pub mod kind;
pub mod phone;
pub mod util;

pub use kind::ErrorKind;
pub mod diag;
pub mod engine;
pub mod flow;
