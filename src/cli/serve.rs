//! `flowsim serve`: the emulator of the cloud's API on 127.0.0.1 (see `flowsim::api::server`).
//!
//! The first line on stdout is `listening on http://127.0.0.1:PORT`, flushed at once, so that
//! scripts and tests that pass `--port 0` can read the port; the second, `ready`, once the
//! server accepts requests (what a script waits for, as for LocalStack's `Ready.`). Each
//! request answered is a line on stderr (`GET /api/v2/flows 200 0.4ms`; `--quiet` silences
//! them). Saving a flow or fixture file reloads them all; a reload that fails keeps the last
//! good ones and says why. Ctrl-C (or SIGTERM) stops the server within 100 ms: requests in
//! flight get 20 ms (`Limits::shutdown_grace`), then their connections are cut.

use super::{load_fixtures, write_stdout, Refused};
use flowsim::api::server::{self, Emulator, Options};
use flowsim::diag::Code;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Flow files or directories, as `--flows` takes them: `flowsim serve flows/`.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    source: super::flows::FlowSource,
    /// Fixture files: contacts, queues, data-action mocks (JSON or YAML), or a directory of
    /// them. Repeatable; later files override earlier ones.
    #[arg(long = "fixtures", value_name = "FILE|DIR")]
    fixtures: Vec<PathBuf>,
    /// The port on 127.0.0.1; 0 picks a free one (the first line printed says which).
    #[arg(long, value_name = "N", default_value_t = 8080)]
    port: u16,
    /// Accept only this client id at /oauth/token [default: $GENESYS_CLIENT_ID, else any].
    #[arg(long, value_name = "ID")]
    client_id: Option<String>,
    /// Accept only this client secret at /oauth/token [default: $GENESYS_CLIENT_SECRET].
    #[arg(long, value_name = "SECRET")]
    client_secret: Option<String>,
    /// Tests only: also serve /__flowsim/faults (faults on demand: errors, delays) and
    /// /__flowsim/requests (the request log), which need no token. Never where others can reach.
    #[arg(long)]
    test_endpoints: bool,
    /// Test-only: faults to inject, as JSON (a fault or a list), like POST /__flowsim/faults.
    #[arg(long = "inject-fault", value_name = "JSON", hide = true, requires = "test_endpoints")]
    inject_faults: Vec<String>,
    /// Log nothing per request and no reloads (errors still go to stderr).
    #[arg(long, short)]
    quiet: bool,
    /// Do not reload the flows and fixtures when their files change.
    #[arg(long)]
    no_reload: bool,
    /// Test-only: how long a connection may take to send a request's headers, in ms.
    #[arg(long, value_name = "MS", hide = true)]
    header_timeout_ms: Option<u64>,
    /// Limit each client token to REQUESTS/PERIOD (`300/m` is the cloud's default; also `5/s`,
    /// `10/2s`, `1000/h`); past it, 429 with Retry-After. Unlimited when not given.
    #[arg(long, value_name = "N/PERIOD", value_parser = server::RateLimit::parse)]
    rate_limit: Option<server::RateLimit>,
    /// End a live session nobody touched for this many seconds (the caller hung up).
    #[arg(long, value_name = "SECONDS", default_value_t = 600)]
    session_idle: u64,
}

impl Args {
    /// Flow paths given as plain arguments join `--flows`.
    pub(crate) fn take_paths(&mut self) {
        self.source.flows.append(&mut self.paths);
    }
}

pub fn serve(args: &Args) -> Result<ExitCode, Refused> {
    let credentials = credentials(args)?;
    let mut faults = Vec::new();
    for text in &args.inject_faults {
        let mut parsed = server::parse_faults(text.as_bytes()).map_err(|e| {
            Refused::error(Code::BadArgument, format!("`--inject-fault {text}`: {e}"))
        })?;
        faults.append(&mut parsed);
    }
    let registry = args.source.registry()?;
    let fixtures = load_fixtures(&args.fixtures).map_err(Refused::all)?;
    let flows = registry.len();
    let mut limits = server::Limits::default();
    if let Some(ms) = args.header_timeout_ms {
        limits.head_timeout = std::time::Duration::from_millis(ms.max(1));
    }
    let on_request: Option<server::OnRequest> = (!args.quiet).then(|| {
        let log: server::OnRequest = std::sync::Arc::new(|r: &server::RequestLine| {
            say!("{} {} {} {:.1}ms", r.method, r.path, r.status, r.elapsed.as_secs_f64() * 1000.0);
        });
        log
    });
    limits.session_idle = std::time::Duration::from_secs(args.session_idle);
    let options = Options {
        credentials,
        faults,
        test_endpoints: args.test_endpoints,
        limits,
        on_request,
        rate_limit: args.rate_limit,
    };
    let emulator = Emulator::new(registry, fixtures, options);
    if !args.no_reload {
        reload_on_change(args, &emulator);
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| {
            Refused::error(Code::Unavailable, format!("cannot start the server's runtime: {e}"))
        })?;
    let result = runtime.block_on(async {
        let listener = server::bind(args.port).await.map_err(|e| {
            Refused::error(Code::Unavailable, format!("cannot listen on 127.0.0.1:{}: {e}", args.port)).help("pick another --port, or --port 0 for a free one")
        })?;
        let addr = listener
            .local_addr()
            .map_err(|e| Refused::error(Code::Unavailable, format!("cannot read the bound address: {e}")))?;
        let stop = StopSignals::install();
        write_stdout(&format!("listening on http://{addr}\n"));
        say!(
            "flowsim serve: {flows} flow(s) from {}; Ctrl-C stops it",
            args.source.describe()
        );
        if args.test_endpoints {
            say!(
                "flowsim serve: --test-endpoints: /__flowsim/faults and /__flowsim/requests are open to anyone on this machine"
            );
        }
        write_stdout("ready\n");
        match server::serve(listener, &emulator, stop.recv()).await {
            Ok(()) => Ok(ExitCode::SUCCESS),
            Err(e) => {
                super::write_diagnostic(&flowsim::diag::Diagnostic::error(
                    Code::Unavailable,
                    format!("the server stopped: {e}"),
                ));
                Ok(ExitCode::FAILURE)
            }
        }
    });
    // Connections and runs still going past the shutdown grace are dropped, not waited for:
    // the sockets close as their tasks go, and the blocking threads end with the process.
    runtime.shutdown_background();
    result
}

/// Reloads flows and fixtures, on a thread of its own, each time their files change: the new
/// pair replaces the old whole, or, when either fails to load, the old stays and the log says
/// why (whatever `--quiet` says: the files on disk are not what is served).
fn reload_on_change(args: &Args, emulator: &std::sync::Arc<Emulator>) {
    let source = args.source.clone();
    let fixture_paths = args.fixtures.clone();
    let quiet = args.quiet;
    let emulator = emulator.clone();
    let mut paths = source.flows.clone();
    paths.extend(fixture_paths.iter().cloned());
    paths.extend(source.options.iter().cloned());
    // Watching starts here, before `ready` is printed: a save after it is never missed.
    let changes = match super::watch::changes(&paths) {
        Ok(c) => c,
        Err(why) => {
            let why = why.render();
            eprint!("flowsim serve: flows and fixtures will not reload: {why}");
            return;
        }
    };
    std::thread::spawn(move || {
        let reload = |batch: &super::watch::Batch| {
            for n in batch.notes.iter().filter(|n| !matches!(n, super::watch::Note::Gone(_))) {
                say!("flowsim serve: {n}");
            }
            if !batch.missing.is_empty() {
                for p in &batch.missing {
                    say!(
                        "flowsim serve: {}; still serving the last good flows and fixtures",
                        super::watch::Note::Gone(p.clone())
                    );
                }
                return;
            }
            let changed = &batch.changed;
            let loaded = source.registry().and_then(|registry| {
                let fixtures = load_fixtures(&fixture_paths).map_err(Refused::all)?;
                Ok((registry, fixtures))
            });
            let first = changed.first().map(|p| p.display().to_string()).unwrap_or_default();
            match loaded {
                Ok((registry, fixtures)) => {
                    let flows = registry.len();
                    emulator.replace(registry, fixtures);
                    if !quiet {
                        say!("flowsim serve: reloaded after a change to {first}: {flows} flow(s)");
                    }
                }
                Err(why) => eprint!(
                    "flowsim serve: reload after a change to {first} failed; still serving the last good flows and fixtures:\n{}",
                    why.render()
                ),
            }
        };
        changes.each(reload);
    });
}

/// The pair `/oauth/token` insists on, from the flags or the environment; none accepts any.
fn credentials(args: &Args) -> Result<Option<(String, String)>, Refused> {
    let from_env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let id = args.client_id.clone().or_else(|| from_env("GENESYS_CLIENT_ID"));
    let secret = args.client_secret.clone().or_else(|| from_env("GENESYS_CLIENT_SECRET"));
    match (id, secret) {
        (Some(id), Some(secret)) => Ok(Some((id, secret))),
        (None, None) => Ok(None),
        _ => Err(Refused::error(Code::BadArgument, "a client id without a secret (or a secret without an id)").help("give both --client-id and --client-secret (or GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET), or neither to accept any")),
    }
}

/// Ctrl-C, and SIGTERM on Unix, listened for from the moment `install` returns: a signal that
/// arrives just after a command says it is ready (`ready`, `waiting for changes`) is heard,
/// not left to the default action that kills the process.
pub(crate) struct StopSignals {
    #[cfg(unix)]
    interrupt: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    terminate: Option<tokio::signal::unix::Signal>,
}

impl StopSignals {
    /// Installs the handlers now; call it inside a Tokio runtime (`Runtime::enter`).
    pub(crate) fn install() -> StopSignals {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            StopSignals {
                interrupt: signal(SignalKind::interrupt()).ok(),
                terminate: signal(SignalKind::terminate()).ok(),
            }
        }
        #[cfg(not(unix))]
        StopSignals {}
    }

    /// Waits for the first of them; a handler that could not be installed never fires.
    pub(crate) async fn recv(self) {
        self.recv_which().await;
    }

    /// Waits for the first of them and says which it was.
    pub(crate) async fn recv_which(self) -> Stop {
        #[cfg(unix)]
        {
            async fn next(signal: Option<tokio::signal::unix::Signal>) {
                match signal {
                    Some(mut signal) => {
                        signal.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            }
            tokio::select! {
                () = next(self.interrupt) => Stop::Interrupt,
                () = next(self.terminate) => Stop::Terminate,
            }
        }
        #[cfg(not(unix))]
        {
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
            Stop::Interrupt
        }
    }
}

/// Which stop signal arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stop {
    /// Ctrl-C (SIGINT).
    Interrupt,
    /// SIGTERM.
    Terminate,
}

impl Stop {
    /// The exit code a shell reports for a process this signal ended: 128 + its number.
    pub(crate) fn exit_code(self) -> i32 {
        match self {
            Stop::Interrupt => 130,
            Stop::Terminate => 143,
        }
    }
}

impl Args {
    /// What the project gives that the command line did not (flowsim.toml).
    pub(crate) fn fill_from(&mut self, project: &super::project::Project) {
        self.source.fill_from(project);
        if self.fixtures.is_empty() {
            self.fixtures.clone_from(&project.fixtures);
        }
    }
}
