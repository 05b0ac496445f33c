//! flowsim's language server (`flowsim lsp`): the Language Server Protocol over stdio, a
//! front-end like the CLI (ruff's `ruff_server` is the model).
//!
//! - `transport`: the base protocol's framing, within its budgets;
//! - `server`: the open documents, the checks an edit asks for, the findings published;
//! - `requests`: hover, completion, definition, references, symbols, code actions;
//! - `fixture_fix`: the quick fixes that add what the fixtures lack (a data action's mock, a
//!   queue) to a fixture file;
//! - `lenses`: a lens per scenario and the command it runs (`flowsim.runScenario`);
//! - `names`: where a flow takes an org object's name, a scenario file a flow's, a node's or a
//!   variable's (completion of names other files define);
//! - `project`: the flows a name can mean, open or on disk (cross-file lookups);
//! - `outline`: where tasks, menus, states, actions, variables, references, a scenario file's
//!   scenarios and every scalar are, from the loader's positioned tree (an index of places,
//!   not a checker): what hover, definition, references and symbols read;
//! - `lines`: the line being typed, split as block YAML writes it (completion's context);
//! - `knowledge`: what the catalogue, the function table and the built-ins say of a name;
//! - `convert`: paths and URIs, lines and columns and UTF-16 positions.
//!
//! - `workspace`: the project as the project model (crate `flowsim-project`) reads it over the
//!   server's file view, and the checks it asks.
//!
//! Invariant: there is one checker. Every finding comes from the project model's
//! [`flowsim_project::check`] and [`flowsim_project::lint`], the functions `flowsim check` and
//! `flowsim test --lint` call, over the open documents' texts; this crate never judges a flow.

// No byte-index slicing of user text (docs/security.md, "no panics on any text"): `&s[a..b]`
// panics when a bound falls inside a character, so text is cut with `get`, `split_once`,
// `strip_prefix` or at `char_indices`; a slice whose bounds are provably boundaries carries
// its own `#[allow]` and the reason. Tests slice their own fixtures freely.
#![cfg_attr(not(test), deny(clippy::string_slice))]

mod convert;
mod fixture_fix;
mod knowledge;
mod lenses;
mod lines;
mod names;
mod outline;
mod project;
mod requests;
mod server;
mod transport;
mod workspace;

pub use lenses::{Verdict, RUN_SCENARIO};
pub use server::{capabilities, document_path, serve, Limits};
pub use transport::{connect, Threads, WireError};
pub use workspace::Settings;

/// Runs the server on standard input and output until `exit` or the end of the input.
///
/// # Errors
/// When the handshake fails, or the client's messages cannot be read (the wire's error is
/// named first: a framing error in the first message is that, not a failed `initialize`).
pub fn stdio(settings: Settings, limits: Limits) -> Result<(), String> {
    let (conn, threads) =
        transport::connect(std::io::BufReader::new(std::io::stdin()), std::io::stdout());
    let served = serve(&conn, settings, limits);
    drop(conn);
    let wire = threads.join();
    wire.map_err(|e| e.to_string())?;
    served
}
