//! The cloud's API: cassettes of recorded exchanges, the live-API client that records them,
//! the replay comparison, and a local emulator of the API.

pub mod cassette;
pub mod client;
pub mod execution;
pub mod replay;
pub mod server;
