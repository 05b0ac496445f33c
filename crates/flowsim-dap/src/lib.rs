//! flowsim's debugger: the session core `flowsim debug` and `flowsim dap` share, and the Debug
//! Adapter Protocol server (`flowsim dap`), a front end beside the CLI as the language server
//! is.
//!
//! - [`session`]: a run paused between steps, its breakpoints and their places, the script
//!   (inputs, sets) that replays it to any earlier step; nothing there prints;
//! - `transport`: DAP's framing (`Content-Length` headers, JSON bodies) within a budget;
//! - `launch`: what a `launch` request names (a scenario, or a flow with a scenario's keys)
//!   loaded as `flowsim test` and `flowsim run` load it, with the project's defaults;
//! - `server`: the requests and events.
//!
//! Invariant: one session logic. The terminal's REPL (`src/cli/debug/`) and the DAP server
//! drive the same [`session::Session`]: breakpoints, stepping, going back by deterministic
//! re-run, evaluation and sets behave alike in both.

// No byte-index slicing of user text (docs/security.md, "no panics on any text"): `&s[a..b]`
// panics when a bound falls inside a character, so text is cut with `get`, `split_once`,
// `strip_prefix` or at `char_indices`; a slice whose bounds are provably boundaries carries
// its own `#[allow]` and the reason. Tests slice their own fixtures freely.
#![cfg_attr(not(test), deny(clippy::string_slice))]

pub mod session;

mod launch;
mod server;
mod transport;

pub use server::{capabilities, serve, Given};
pub use transport::{WireError, MAX_MESSAGE};

/// Serves one debugging session on standard input and output; `given`: the project's
/// environment and file a launch that names none uses (`--env`, `--project`).
///
/// # Errors
/// When the client's messages are not framed as DAP (or cannot be read): the wire's error.
pub fn stdio(given: &Given) -> Result<(), WireError> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut output = std::io::BufWriter::new(std::io::stdout().lock());
    serve(&mut input, &mut output, given)
}
