//! The cloud's API: cassettes of recorded exchanges, the live-API client that records them,
//! the replay comparison, a local emulator of the API, and the org inventory both serve and
//! record (`org`).

pub mod cassette;
pub mod client;
pub mod execution;
pub mod org;
pub mod replay;
pub mod server;
