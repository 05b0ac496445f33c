//! flowsim's foundations, which every other flowsim crate builds on:
//!
//! - [`kind`]: the kinds of run error, named as Genesys names them.
//! - [`phone`]: phone numbers as flows compare and dial them.
//! - [`diag`]: load and validation diagnostics and their typed codes.
//! - [`util`]: files read within the input limit, the one YAML reader (positions kept), JSON
//!   helpers, escaping, day numbers.

pub mod diag;
pub mod kind;
pub mod phone;
pub mod util;

pub use kind::ErrorKind;
