//! ARCHITECTURE.md's first claims, held by scans of every source file: where the wall clock is
//! read, where the program prints, where it reaches a network. Each scan reads the code before
//! a file's tests, without comments, and is shown to find a planted case.

use crate::catalogue_facts::rust_files;
use std::path::Path;

/// Every Rust file of the program (`src/` and each crate's), relative to the repository.
fn sources() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(root, &root.join("src"), &mut files);
    rust_files(root, &root.join("crates"), &mut files);
    // Test modules in files of their own (`tests.rs`, `corpus_tests.rs`, `oracle_examples.rs`)
    // are declared under `#[cfg(test)]` by their parents.
    let test_modules = ["/tests.rs", "_tests.rs", "/oracle_examples.rs"];
    files.retain(|f| !f.contains("/tests/") && !test_modules.iter().any(|t| f.ends_with(t)));
    files
}

/// The lines of `text`'s code (before its tests, comments left out) holding any of `words`.
fn lines_with(text: &str, words: &[&str]) -> Vec<usize> {
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    code.lines()
        .enumerate()
        .filter(|(_, l)| {
            let l = l.split("//").next().unwrap_or("");
            words.iter().any(|w| l.contains(w))
        })
        .map(|(i, _)| i + 1)
        .collect()
}

/// The files of the program that hold any of `words`, but those `allowed` (a path, or a
/// folder ending in `/`), each as `file:line`.
fn found(words: &[&str], allowed: &[(&str, &str)]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for file in sources() {
        if allowed.iter().any(|(a, _)| file == *a || (a.ends_with('/') && file.starts_with(a))) {
            continue;
        }
        let text = std::fs::read_to_string(root.join(&file)).expect("readable");
        found.extend(lines_with(&text, words).into_iter().map(|l| format!("{file}:{l}")));
    }
    found
}

const CLOCK: &[&str] = &[
    "Instant::now",
    "SystemTime::now",
    "Timestamp::now",
    "Zoned::now",
    "Utc::now",
    "Local::now",
    "thread::sleep",
];

/// "A run's result never depends on the wall clock": the engine and everything under it read
/// the virtual clock. The wall clock is read only where listed, each for a reason no output
/// shows.
const CLOCK_READERS: &[(&str, &str)] = &[
    (
        "crates/flowsim-engine/src/engine/result/segments.rs",
        "how long to wait for the helper's segment before making it itself (the bytes are the same)",
    ),
    ("crates/flowsim-api/src/api/server/", "the emulator's timeouts, sessions and rate limits"),
    ("crates/flowsim-api/src/api/client.rs", "a token's expiry, the client's rate limit"),
    ("crates/flowsim-lsp/src/transport.rs", "the editor's idle time, to check after typing stops"),
    ("src/cli/", "the CLI: progress, watch, durations it prints, the recorder's waits"),
];

#[test]
fn the_wall_clock_is_read_only_where_listed() {
    let found = found(CLOCK, CLOCK_READERS);
    assert!(
        found.is_empty(),
        "the wall clock read outside ARCHITECTURE.md's list:\n{}",
        found.join("\n")
    );
    let planted = "fn f() {\n    // Instant::now in a comment\n    let t = std::time::Instant::now();\n}\n#[cfg(test)]\nfn g() { Instant::now(); }\n";
    assert_eq!(lines_with(planted, CLOCK), [3]);
}

const PRINTS: &[&str] =
    &["print!(", "println!(", "eprint!(", "eprintln!(", "io::stdout()", "io::stderr()", "dbg!("];

/// "The library never prints": only the front ends do, each on its own channel.
const PRINTERS: &[(&str, &str)] = &[
    ("src/cli/", "the CLI"),
    ("src/main.rs", "the binary"),
    ("crates/flowsim-lsp/src/lib.rs", "the language server's messages, on stdio (`stdio`)"),
    ("crates/flowsim-dap/src/lib.rs", "the debug adapter's messages, on stdio (`stdio`)"),
];

#[test]
fn the_library_never_prints() {
    let found = found(PRINTS, PRINTERS);
    assert!(found.is_empty(), "the library prints:\n{}", found.join("\n"));
    assert_eq!(lines_with("let x = 1;\neprintln!(\"x\");\n", PRINTS), [2]);
}

const NETWORK: &[&str] =
    &["ureq::", "TcpStream", "TcpListener", "UdpSocket", "tokio::net", "hyper::client"];

/// "The network is reached through two clients and one server": the HTTP client of
/// `flowsim-harness` (`http`: the decision-log sender, its `_bulk` posts), the platform API's
/// client, and the emulator's server.
const NETWORK_USERS: &[(&str, &str)] = &[
    ("crates/flowsim-harness/src/http.rs", "the HTTP client: its agent, its retry policy"),
    ("crates/flowsim-harness/src/decisions/bulk.rs", "posts through http's agent"),
    ("crates/flowsim-api/src/api/client.rs", "the platform API's client"),
    ("crates/flowsim-api/src/api/server.rs", "the emulator's server"),
    ("crates/flowsim-api/src/api/server/", "the emulator's server"),
    ("src/cli/", "the CLI that starts the server and the recorder"),
];

#[test]
fn the_network_is_reached_only_by_the_clients_and_the_server() {
    let found = found(NETWORK, NETWORK_USERS);
    assert!(found.is_empty(), "the network reached elsewhere:\n{}", found.join("\n"));
    assert_eq!(lines_with("use std::net::TcpStream;\n", NETWORK), [1]);
}
