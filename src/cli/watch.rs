//! `flowsim test --watch` and `flowsim check --watch`: run, then run again each time a file the
//! command reads is saved, as cargo-watch and bacon do for cargo.
//!
//! - `test --watch` re-runs only the scenario files a change affects
//!   (`flowsim::harness::deps`): a scenario file's own text, its flows, its fixtures (the
//!   file's or one scenario's). A new scenario file under the watched paths runs when it
//!   appears. `check --watch` re-checks everything on any change under its flows and fixtures.
//! - Changes are debounced (a round starts once 200 ms pass without one: an editor's save is
//!   several events) and collected while a round runs; the next round runs once for all of
//!   them. Reads are not changes (on Linux they are events too). At most [`MAX_CHANGED`] paths are
//!   kept per round (past that, every file re-runs).
//! - Status lines go to stderr (`[watch] ...`), the reports to stdout as without `--watch`. On
//!   a terminal the screen is cleared before each round (bacon's habit; cargo-watch's `-c`).
//! - Ctrl-C or SIGTERM stops it at once, exit code 0: between rounds the loop ends; during a
//!   round the process exits there and then (`[watch] stopped; the round in progress was cut
//!   short`), the round's report left unfinished. Nothing is half-written: every file a round
//!   writes (`--junit-out`, snapshots) is written atomically.

use super::Refused;
use flowsim::harness::deps::{self, Inputs};
use notify::RecursiveMode;
use std::collections::{BTreeMap, BTreeSet};
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{mpsc, Arc, Mutex, PoisonError};
use std::time::Duration;

/// How long a burst of file events is gathered before a round runs.
const DEBOUNCE: Duration = Duration::from_millis(200);
/// The most changed paths kept for one round.
pub const MAX_CHANGED: usize = 10_000;

/// What the loop waits for.
enum Msg {
    Changed(Vec<PathBuf>),
    WatchError(String),
    Stop,
}

/// A watcher feeding `Msg`s, and the paths it already watches.
struct Watch {
    watcher: notify::RecommendedWatcher,
    rx: mpsc::Receiver<Msg>,
    /// Each folder watched, and whether recursively.
    watched: BTreeMap<PathBuf, bool>,
    /// Whether a round runs, and whether a stop was asked for (shared with the signal thread).
    state: Arc<Mutex<State>>,
}

/// What the signal thread needs to know to stop the watch at once.
#[derive(Default)]
struct State {
    in_round: bool,
    stopping: bool,
}

/// Ctrl-C or SIGTERM arrived: during a round the process ends here (the round is cut short);
/// otherwise the loop hears `Msg::Stop` and no round starts any more.
fn on_signal(state: &Mutex<State>, tx: &mpsc::Sender<Msg>) {
    let mut state = state.lock().unwrap_or_else(PoisonError::into_inner);
    state.stopping = true;
    if state.in_round {
        status("stopped; the round in progress was cut short");
        std::process::exit(0);
    }
    drop(state);
    let _ = tx.send(Msg::Stop);
}

/// Whether an event changes what a file holds (reading a file or listing a folder is an
/// event too on Linux: a watch that reacted to them would wake itself up with its own reads).
fn is_change(kind: notify::EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode, EventKind};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Other => false,
        EventKind::Any | EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
    }
}

impl Watch {
    /// A watcher; with `signals`, Ctrl-C and SIGTERM end its rounds.
    fn new(signals: bool) -> Result<Watch, Refused> {
        let (tx, rx) = mpsc::channel();
        let events = tx.clone();
        let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            let msg = match res {
                Ok(e) if is_change(e.kind) => Msg::Changed(e.paths),
                Ok(_) => return,
                Err(e) => Msg::WatchError(e.to_string()),
            };
            let _ = events.send(msg);
        })
        .map_err(|e| Refused(format!("error: cannot watch files: {e}")))?;
        let state = Arc::new(Mutex::new(State::default()));
        let watch = Watch { watcher, rx, watched: BTreeMap::new(), state: state.clone() };
        // Ctrl-C and SIGTERM, heard on a thread of their own, stop the loop or cut the round.
        if !signals {
            drop(tx);
            return Ok(watch);
        }
        // The handlers are installed here, before any round or "waiting" line, so a signal
        // sent as soon as the watch says it waits stops it cleanly.
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Refused(format!("error: cannot listen for Ctrl-C: {e}")))?;
        let stop = {
            let _in_runtime = rt.enter();
            super::serve::StopSignals::install()
        };
        std::thread::spawn(move || {
            rt.block_on(stop.recv());
            on_signal(&state, &tx);
        });
        Ok(watch)
    }

    /// Runs one round (`None` when a stop was asked for before it could start): a signal
    /// during `f` ends the process (`on_signal`).
    fn round<T>(&self, f: impl FnOnce() -> T) -> Option<T> {
        let lock = || self.state.lock().unwrap_or_else(PoisonError::into_inner);
        {
            let mut state = lock();
            if state.stopping {
                return None;
            }
            state.in_round = true;
        }
        let out = f();
        lock().in_round = false;
        Some(out)
    }

    /// Watches `path`: a directory with everything under it, a file through its folder (editors
    /// save by replacing the file, which a watch on the file itself would lose).
    fn add(&mut self, path: &Path) -> Result<(), Refused> {
        let path = deps::absolute(path);
        let (target, mode) = if path.is_dir() {
            (path, RecursiveMode::Recursive)
        } else {
            match path.parent() {
                Some(dir) if dir.is_dir() => (dir.to_path_buf(), RecursiveMode::NonRecursive),
                // Not there yet: its folder's creation is not watched; the scenario file's run
                // says it is missing.
                _ => return Ok(()),
            }
        };
        // Already seen: a folder watched recursively covers everything under it; a folder
        // watched alone covers only itself (and may still be asked for recursively).
        let recursive = mode == RecursiveMode::Recursive;
        let covered = self.watched.iter().any(|(w, rec)| {
            (*rec && target.starts_with(w)) || (*w == target && (*rec || !recursive))
        });
        if covered {
            return Ok(());
        }
        notify::Watcher::watch(&mut self.watcher, &target, mode).map_err(|e| {
            Refused(format!(
                "error: cannot watch {}: {e}\n   = help: on Linux, raise fs.inotify.max_user_watches, or watch fewer files",
                target.display()
            ))
        })?;
        self.watched.insert(target, recursive);
        Ok(())
    }

    /// The next round's changed paths (every change until [`DEBOUNCE`] passes without one,
    /// deduplicated), or `None` when it is time to stop.
    fn next(&self) -> Option<Result<Vec<PathBuf>, String>> {
        let mut changed = BTreeSet::new();
        let mut msg = self.rx.recv().ok()?;
        loop {
            match msg {
                Msg::Stop => return None,
                Msg::WatchError(e) => return Some(Err(e)),
                Msg::Changed(paths) => {
                    for p in paths {
                        if changed.len() <= MAX_CHANGED {
                            changed.insert(p);
                        }
                    }
                }
            }
            msg = match self.rx.recv_timeout(DEBOUNCE) {
                Ok(m) => m,
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return None,
            };
        }
        Some(Ok(changed.into_iter().collect()))
    }
}

fn status(text: &str) {
    super::write_stderr(&format!("[watch] {text}\n"));
}

fn clear_screen() {
    if std::io::stdout().is_terminal() {
        super::write_exact("\x1b[2J\x1b[H");
    }
}

/// Prints a round's refusal (the loop goes on: the next save may fix it).
fn report(result: Result<ExitCode, Refused>) {
    if let Err(Refused(message)) = result {
        super::write_stderr(&message);
        if !message.ends_with('\n') {
            eprintln!();
        }
    }
}

/// `flowsim test --watch`: `files` under `roots` now, and again as they change.
pub fn test(
    args: &super::test::TestArgs,
    roots: &[PathBuf],
    files: &[PathBuf],
) -> Result<ExitCode, Refused> {
    let mut watch = Watch::new(true)?;
    for r in roots {
        watch.add(r)?;
    }
    let mut suite: Vec<Inputs> = files.iter().map(|f| deps::inputs(f)).collect();
    for i in &suite {
        for r in &i.reads {
            watch.add(r)?;
        }
    }
    if watch.round(|| report(super::test::run_files(args, files))).is_none() {
        return stopped();
    }
    status("waiting for changes; Ctrl-C stops");
    while let Some(round) = watch.next() {
        let changed = match round {
            Ok(c) => c,
            Err(e) => {
                status(&format!("the file watcher failed: {e}; still watching"));
                continue;
            }
        };
        // New scenario files run; deleted ones leave the suite.
        let now = flowsim::harness::discover(roots).unwrap_or_default();
        let known: BTreeSet<&Path> = suite.iter().map(|i| i.file.as_path()).collect();
        let new: Vec<PathBuf> =
            now.iter().filter(|f| !known.contains(f.as_path())).cloned().collect();
        suite.retain(|i| now.contains(&i.file));
        let mut run: BTreeSet<PathBuf> = if changed.len() > MAX_CHANGED {
            suite.iter().map(|i| i.file.clone()).collect()
        } else {
            deps::affected(&suite, &changed).into_iter().map(Path::to_path_buf).collect()
        };
        run.extend(new.iter().cloned());
        if run.is_empty() {
            continue;
        }
        // A scenario file's inputs may have changed with it (`flows:`, `fixtures:`).
        suite.retain(|i| !run.contains(&i.file));
        for f in &run {
            let inputs = deps::inputs(f);
            for r in &inputs.reads {
                watch.add(r)?;
            }
            suite.push(inputs);
        }
        suite.sort_by(|a, b| a.file.cmp(&b.file));
        let run: Vec<PathBuf> = run.into_iter().collect();
        let ran = watch.round(|| {
            clear_screen();
            let shown: Vec<String> =
                changed.iter().take(3).map(|p| p.display().to_string()).collect();
            let more = changed.len().saturating_sub(3);
            status(&format!(
                "changed: {}{}; running {} of {} scenario file(s)",
                shown.join(", "),
                if more > 0 { format!(" and {more} more") } else { String::new() },
                run.len(),
                suite.len()
            ));
            report(super::test::run_files(args, &run));
        });
        if ran.is_none() {
            break;
        }
        status("waiting for changes; Ctrl-C stops");
    }
    stopped()
}

/// The watch's last word, once it was asked to stop between rounds.
#[allow(clippy::unnecessary_wraps)] // the commands' shape
fn stopped() -> Result<ExitCode, Refused> {
    status("stopped");
    Ok(ExitCode::SUCCESS)
}

/// A watch on some paths, set up and ready: [`Changes::each`] waits for their changes
/// (`flowsim serve`'s reloads). Made before the caller says it is ready, so that no save after
/// that is missed.
pub struct Changes {
    watch: Watch,
    suite: [Inputs; 1],
}

/// Starts watching `paths` (no signal handling: the caller owns Ctrl-C).
pub fn changes(paths: &[PathBuf]) -> Result<Changes, Refused> {
    let mut watch = Watch::new(false)?;
    let suite = watch_all(&mut watch, paths)?;
    Ok(Changes { watch, suite })
}

impl Changes {
    /// Calls `f` with the changed paths after each burst of changes that matter, on this
    /// thread, for as long as the process lives.
    pub fn each(self, f: impl FnMut(&[PathBuf])) {
        rounds(&self.watch, &self.suite, f);
    }
}

/// Watches `paths`: what [`rounds`] compares changes with. Done before the first round, so
/// that no save after it is missed.
fn watch_all(watch: &mut Watch, paths: &[PathBuf]) -> Result<[Inputs; 1], Refused> {
    let roots: Vec<PathBuf> = paths.iter().map(|p| deps::absolute(p)).collect();
    for r in &roots {
        watch.add(r)?;
    }
    Ok([Inputs { file: PathBuf::new(), reads: roots }])
}

/// Calls `f` per burst of changes under `suite`'s paths until `watch` stops.
fn rounds(watch: &Watch, suite: &[Inputs; 1], mut f: impl FnMut(&[PathBuf])) {
    while let Some(changed) = watch.next() {
        let changed = match changed {
            Ok(c) => c,
            Err(e) => {
                status(&format!("the file watcher failed: {e}; still watching"));
                continue;
            }
        };
        if changed.len() <= MAX_CHANGED && deps::affected(suite, &changed).is_empty() {
            continue;
        }
        if watch.round(|| f(&changed)).is_none() {
            return;
        }
    }
}

/// `flowsim check --watch`: check now, and again on any change under the flows and fixtures.
pub fn check(
    paths: &[PathBuf],
    mut round: impl FnMut() -> Result<ExitCode, Refused>,
) -> Result<ExitCode, Refused> {
    let mut watch = Watch::new(true)?;
    let suite = watch_all(&mut watch, paths)?;
    if watch.round(|| report(round())).is_none() {
        return stopped();
    }
    status("waiting for changes; Ctrl-C stops");
    rounds(&watch, &suite, |changed| {
        clear_screen();
        status(&format!("changed: {}; checking again", changed[0].display()));
        report(round());
        status("waiting for changes; Ctrl-C stops");
    });
    stopped()
}
