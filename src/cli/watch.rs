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
//!   kept per round (past that, every file re-runs). Editors' scratch files ([`deps::is_scratch`]:
//!   `sed -i`'s, Vim's swap files, backups) are no change.
//! - Status lines go to stderr (`[watch] ...`, paths relative to the current folder), the reports to stdout as without `--watch`. On
//!   a terminal the screen is cleared before each round (bacon's habit; cargo-watch's `-c`).
//! - Ctrl-C or SIGTERM stops it at once, exit code 0: between rounds the loop ends; during a
//!   round the process exits there and then (`[watch] stopped; the round in progress was cut
//!   short`), the round's report left unfinished. Nothing is half-written: every file a round
//!   writes (`--junit-out`, snapshots) is written atomically.

use super::Refused;
use flowsim::diag::{Code, Diagnostic};
use flowsim::harness::deps::{self, Inputs};
use notify::RecursiveMode;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{mpsc, Arc, Mutex, PoisonError};
use std::time::Duration;
use targets::{Probe, Target};

mod targets;

/// How long a burst of file events is gathered before a round runs.
const DEBOUNCE: Duration = Duration::from_millis(200);
/// The most changed paths kept for one round.
pub const MAX_CHANGED: usize = 10_000;
/// How often arming is retried when the folders move under it while it arms.
const ARM_TRIES: usize = 8;

/// What the loop waits for.
enum Msg {
    /// Files changed; `named` when the event was about a path itself coming or going.
    Changed {
        paths: Vec<PathBuf>,
        named: bool,
    },
    /// The watcher lost events (Linux: its queue overflowed).
    Lost,
    WatchError(notify::Error),
    Stop,
}

/// What the watch itself has to say about a round, besides the changed files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// `flows` was removed and made again (`git checkout`): the new one is watched.
    Replaced(PathBuf),
    /// `flows` was gone and is there again.
    Back(PathBuf),
    /// `flows` is not there (and was, or the watch just started).
    Gone(PathBuf),
    /// The watcher lost events; everything is read again.
    Lost,
    /// A folder could not be watched, or the watcher reported an error.
    Failed { path: Option<PathBuf>, error: String, limit: bool },
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::Replaced(p) => write!(f, "{} was replaced; watching the new one", shown(p)),
            Note::Back(p) => write!(f, "{} is back", shown(p)),
            Note::Gone(p) => write!(f, "{} is gone; waiting for it to come back", shown(p)),
            Note::Lost => write!(f, "the file watcher missed events; reading everything again"),
            Note::Failed { path, error, limit } => {
                match path {
                    Some(p) => write!(f, "cannot watch {}: {error}", shown(p))?,
                    None => write!(f, "the file watcher failed: {error}")?,
                }
                write!(f, "; changes there may go unseen")?;
                if *limit {
                    write!(
                        f,
                        " (on Linux, raise fs.inotify.max_user_watches, or watch fewer files)"
                    )?;
                }
                Ok(())
            }
        }
    }
}

/// One burst of changes, and what the watch saw besides.
#[derive(Debug, Default)]
pub struct Batch {
    /// The changed paths, deduplicated (at most [`MAX_CHANGED`] of them).
    pub changed: Vec<PathBuf>,
    /// Everything may have changed: a watched folder was replaced or came back, events were
    /// lost, or more than [`MAX_CHANGED`] paths changed.
    pub everything: bool,
    pub notes: Vec<Note>,
    /// The watched folders that are not there now.
    pub missing: Vec<PathBuf>,
}

impl Batch {
    /// Whether the watch has something to say (the caller still decides whether the changed
    /// paths matter).
    pub fn says_something(&self) -> bool {
        self.everything || !self.notes.is_empty()
    }
}

/// A watcher feeding `Msg`s, and the folders it keeps watching.
struct Watch {
    watcher: notify::RecommendedWatcher,
    rx: mpsc::Receiver<Msg>,
    /// Each folder asked for, and what it was armed for.
    targets: BTreeMap<PathBuf, Target>,
    /// The watches in place: each folder, and whether recursively.
    armed: BTreeMap<PathBuf, bool>,
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

/// Whether an event is about its path coming or going (made, removed, renamed), which for a
/// watched folder means its watch must be armed again.
fn is_named(kind: notify::EventKind) -> bool {
    use notify::event::{EventKind, ModifyKind};
    matches!(
        kind,
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
    )
}

impl Watch {
    /// A watcher; with `signals`, Ctrl-C and SIGTERM end its rounds.
    fn new(signals: bool) -> Result<Watch, Refused> {
        let (tx, rx) = mpsc::channel();
        let events = tx.clone();
        let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            let msg = match res {
                Ok(e) if e.need_rescan() => Msg::Lost,
                Ok(e) if is_change(e.kind) => {
                    Msg::Changed { named: is_named(e.kind), paths: e.paths }
                }
                Ok(_) => return,
                Err(e) => Msg::WatchError(e),
            };
            let _ = events.send(msg);
        })
        .map_err(|e| Refused::error(Code::Unavailable, format!("cannot watch files: {e}")))?;
        let state = Arc::new(Mutex::new(State::default()));
        let watch = Watch {
            watcher,
            rx,
            targets: BTreeMap::new(),
            armed: BTreeMap::new(),
            state: state.clone(),
        };
        // Ctrl-C and SIGTERM, heard on a thread of their own, stop the loop or cut the round.
        if !signals {
            drop(tx);
            return Ok(watch);
        }
        // The handlers are installed here, before any round or "waiting" line, so a signal
        // sent as soon as the watch says it waits stops it cleanly.
        let rt =
            tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| {
                Refused::error(Code::Unavailable, format!("cannot listen for Ctrl-C: {e}"))
            })?;
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
        // Each round reads its files anew: the command's total of bytes read is per round.
        flowsim::util::files::restart_total_reads();
        let out = f();
        lock().in_round = false;
        Some(out)
    }

    /// Asks for `path` to be watched from the next [`Watch::arm`]: a directory with everything
    /// under it, a file through its folder (editors save by replacing the file, which a watch
    /// on the file itself would lose), a path that is not there as a folder to come.
    fn add(&mut self, path: &Path) {
        let path = deps::absolute(path);
        let (target, recursive) = if path.is_dir() {
            (path, true)
        } else {
            match path.parent() {
                Some(dir) if path.exists() || dir.is_dir() => (dir.to_path_buf(), false),
                _ => (path, true),
            }
        };
        let t = self.targets.entry(target).or_insert(Target { recursive, armed_for: None });
        if recursive && !t.recursive {
            t.recursive = true;
            t.armed_for = None;
        }
    }

    /// Whether `path` is a target, lies under a recursive one, or is a file of a folder target:
    /// an event elsewhere came from a parent's watch and is about a neighbour.
    fn covers(&self, path: &Path) -> bool {
        self.targets.iter().any(|(t, target)| {
            path == t
                || if target.recursive { path.starts_with(t) } else { path.parent() == Some(t) }
        })
    }

    /// The targets whose watch no longer fits the disk, or was never armed: those `named` by
    /// an event, and those whose [`Probe`] changed.
    fn stale(&self, named: &BTreeSet<PathBuf>) -> Vec<(PathBuf, Probe)> {
        self.targets
            .iter()
            .filter_map(|(path, t)| {
                let now = targets::probe(path);
                let fits = t.armed_for.as_ref() == Some(&now) && !named.contains(path);
                (!fits).then(|| (path.clone(), now))
            })
            .collect()
    }

    /// Arms the watches the targets need now, and says what changed since the last time:
    /// each stale target's watches are dropped and made again (a watch follows the old
    /// folder, not its name), the others are left alone (no event between is lost).
    fn arm(&mut self, named: &BTreeSet<PathBuf>) -> (Vec<Note>, bool) {
        let mut notes = Vec::new();
        let mut everything = false;
        let mut stale = self.stale(named);
        for _ in 0..ARM_TRIES {
            if stale.is_empty() {
                break;
            }
            for (path, now) in &stale {
                let t = self.targets.get_mut(path).expect("a target");
                let note = match (&t.armed_for, now) {
                    (None, Probe::Gone { .. }) | (Some(Probe::Here { .. }), Probe::Gone { .. }) => {
                        Some(Note::Gone(path.clone()))
                    }
                    (Some(Probe::Gone { .. }), Probe::Here { .. }) => {
                        Some(Note::Back(path.clone()))
                    }
                    (Some(Probe::Here { .. }), Probe::Here { .. }) => {
                        Some(Note::Replaced(path.clone()))
                    }
                    (None | Some(Probe::Gone { .. }), _) => None,
                };
                everything |= matches!(note, Some(Note::Back(_) | Note::Replaced(_)));
                if let Some(n) = note.filter(|n| !notes.contains(n)) {
                    notes.push(n);
                }
                t.armed_for = Some(now.clone());
            }
            let want = targets::wanted(&self.targets);
            let redo = |p: &Path| stale.iter().any(|(s, _)| p.starts_with(s));
            let drop: Vec<PathBuf> = self
                .armed
                .iter()
                .filter(|(p, r)| want.get(*p) != Some(*r) || redo(p))
                .map(|(p, _)| p.clone())
                .collect();
            for p in drop {
                // Gone already when its folder went: the watcher drops those itself.
                let _ = notify::Watcher::unwatch(&mut self.watcher, &p);
                self.armed.remove(&p);
            }
            for (p, recursive) in want {
                if self.armed.contains_key(&p) {
                    continue;
                }
                let mode =
                    if recursive { RecursiveMode::Recursive } else { RecursiveMode::NonRecursive };
                match notify::Watcher::watch(&mut self.watcher, &p, mode) {
                    Ok(()) => {
                        self.armed.insert(p, recursive);
                    }
                    // Gone between the look and the watch: the next try sees it.
                    Err(e) if matches!(e.kind, notify::ErrorKind::PathNotFound) => {}
                    Err(e) => notes.push(failed(Some(p), &e)),
                }
            }
            // A folder made while this armed is seen now: its probe changed.
            stale = self.stale(&BTreeSet::new());
        }
        (notes, everything)
    }

    /// The watched folders that are not there.
    fn missing(&self) -> Vec<PathBuf> {
        self.targets
            .iter()
            .filter(|(_, t)| matches!(t.armed_for, Some(Probe::Gone { .. })))
            .map(|(p, _)| p.clone())
            .collect()
    }

    /// Arms the watches before the first round: a folder that cannot be watched refuses the
    /// whole command, as any bad argument does; one that is not there is waited for.
    fn start(&mut self) -> Result<Vec<Note>, Refused> {
        let (notes, _) = self.arm(&BTreeSet::new());
        let mut refused = Vec::new();
        for n in &notes {
            if let Note::Failed { path, error, .. } = n {
                let at = path.as_deref().map(|p| p.display().to_string()).unwrap_or_default();
                refused.push(
                    Diagnostic::error(Code::Unavailable, format!("cannot watch {at}: {error}"))
                        .help("on Linux, raise fs.inotify.max_user_watches, or watch fewer files"),
                );
            }
        }
        if refused.is_empty() {
            Ok(notes)
        } else {
            Err(Refused::from(refused))
        }
    }

    /// The next burst of changes (every change until [`DEBOUNCE`] passes without one), the
    /// watches re-armed for it, or `None` when it is time to stop.
    fn next(&mut self) -> Option<Batch> {
        let mut batch = Batch::default();
        let mut changed = BTreeSet::new();
        let mut named = BTreeSet::new();
        let mut msg = self.rx.recv().ok()?;
        loop {
            match msg {
                Msg::Stop => return None,
                Msg::WatchError(e) => {
                    let n = failed(None, &e);
                    if !batch.notes.contains(&n) {
                        batch.notes.push(n);
                    }
                }
                Msg::Lost => {
                    batch.everything = true;
                    if !batch.notes.contains(&Note::Lost) {
                        batch.notes.push(Note::Lost);
                    }
                }
                Msg::Changed { paths, named: n } => {
                    // A parent is watched only to see its target come and go: what happens
                    // to the target's siblings is no change of ours; nor is an editor's
                    // scratch file (its save lands on the real file, which is seen).
                    for p in paths.into_iter().filter(|p| self.covers(p) && !deps::is_scratch(p)) {
                        if n && self.targets.contains_key(&p) {
                            named.insert(p.clone());
                        }
                        if changed.len() < MAX_CHANGED {
                            changed.insert(p);
                        } else if !changed.contains(&p) {
                            batch.everything = true;
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
        let (notes, everything) = self.arm(&named);
        batch.notes.extend(notes);
        batch.everything |= everything;
        batch.changed = changed.into_iter().collect();
        batch.missing = self.missing();
        Some(batch)
    }
}

/// What the watcher's error `e` (about `path`, when it names one) means.
fn failed(path: Option<PathBuf>, e: &notify::Error) -> Note {
    let limit = matches!(e.kind, notify::ErrorKind::MaxFilesWatch);
    let path = path.or_else(|| e.paths.first().cloned());
    let error = if limit {
        "the system's limit on watches is reached".to_owned()
    } else {
        match &e.kind {
            notify::ErrorKind::Io(io) => io.to_string(),
            _ => e.to_string(),
        }
    };
    Note::Failed { path, error, limit }
}

/// A path as the user would type it from the current folder: relative when it lies under
/// it, else as it is.
fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    match cwd.as_deref().and_then(|c| path.strip_prefix(c).ok()) {
        Some(rel) if !rel.as_os_str().is_empty() => rel.display().to_string(),
        _ => path.display().to_string(),
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
    if let Err(refused) = result {
        super::write_stderr(&refused.render());
    }
}

/// Prints what the watch has to say about a round: its notes, then each watched folder that
/// is not there.
fn say(batch: &Batch) {
    for n in &batch.notes {
        if !matches!(n, Note::Gone(_)) {
            status(&n.to_string());
        }
    }
    for p in &batch.missing {
        status(&Note::Gone(p.clone()).to_string());
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
        watch.add(r);
    }
    let mut suite: Vec<Inputs> = files.iter().map(|f| deps::inputs(f)).collect();
    for i in &suite {
        for r in &i.reads {
            watch.add(r);
        }
    }
    watch.start()?;
    if watch.round(|| report(super::test::run_files(args, files))).is_none() {
        return stopped();
    }
    say(&Batch { missing: watch.missing(), ..Batch::default() });
    status("waiting for changes; Ctrl-C stops");
    let mut missing = watch.missing();
    while let Some(batch) = watch.next() {
        // New scenario files run; deleted ones leave the suite.
        let now = flowsim::harness::discover(roots).unwrap_or_default();
        let known: BTreeSet<&Path> = suite.iter().map(|i| i.file.as_path()).collect();
        let new: Vec<PathBuf> =
            now.iter().filter(|f| !known.contains(f.as_path())).cloned().collect();
        suite.retain(|i| now.contains(&i.file));
        let mut run: BTreeSet<PathBuf> = if batch.everything {
            suite.iter().map(|i| i.file.clone()).collect()
        } else {
            deps::affected(&suite, &batch.changed).into_iter().map(Path::to_path_buf).collect()
        };
        run.extend(new.iter().cloned());
        let went = batch.missing != missing;
        missing.clone_from(&batch.missing);
        if run.is_empty() && batch.notes.is_empty() && !went {
            continue;
        }
        // A scenario file's inputs may have changed with it (`flows:`, `fixtures:`).
        suite.retain(|i| !run.contains(&i.file));
        for f in &run {
            let inputs = deps::inputs(f);
            for r in &inputs.reads {
                watch.add(r);
            }
            suite.push(inputs);
        }
        let (armed, _) = watch.arm(&BTreeSet::new());
        suite.sort_by(|a, b| a.file.cmp(&b.file));
        let run: Vec<PathBuf> = run.into_iter().collect();
        let changed = &batch.changed;
        let ran = watch.round(|| {
            clear_screen();
            say(&batch);
            for n in armed.iter().filter(|n| matches!(n, Note::Failed { .. })) {
                status(&n.to_string());
            }
            if run.is_empty() {
                return;
            }
            let names: Vec<String> = changed.iter().take(3).map(|p| shown(p)).collect();
            let more = changed.len().saturating_sub(3);
            status(&format!(
                "changed: {}{}; running {} of {} scenario file(s)",
                names.join(", "),
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
    /// Calls `f` after each burst of changes that matter (or that the watch has something to
    /// say about: a folder replaced, gone or back, an error), on this thread, for as long as
    /// the process lives.
    pub fn each(mut self, f: impl FnMut(&Batch)) {
        rounds(&mut self.watch, &self.suite, f);
    }
}

/// Watches `paths`: what [`rounds`] compares changes with. Done before the first round, so
/// that no save after it is missed.
fn watch_all(watch: &mut Watch, paths: &[PathBuf]) -> Result<[Inputs; 1], Refused> {
    let roots: Vec<PathBuf> = paths.iter().map(|p| deps::absolute(p)).collect();
    for r in &roots {
        watch.add(r);
    }
    watch.start()?;
    Ok([Inputs { file: PathBuf::new(), reads: roots }])
}

/// Calls `f` per burst of changes under `suite`'s paths (or news from the watch itself) until
/// `watch` stops.
fn rounds(watch: &mut Watch, suite: &[Inputs; 1], mut f: impl FnMut(&Batch)) {
    let mut missing = watch.missing();
    while let Some(batch) = watch.next() {
        let went = batch.missing != missing;
        missing.clone_from(&batch.missing);
        if !batch.says_something() && !went && deps::affected(suite, &batch.changed).is_empty() {
            continue;
        }
        if watch.round(|| f(&batch)).is_none() {
            return;
        }
    }
}

/// `flowsim check --watch`: check now, and again on any change under the flows and fixtures;
/// while one of them is gone, say so and wait for it.
pub fn check(
    paths: &[PathBuf],
    mut round: impl FnMut() -> Result<ExitCode, Refused>,
) -> Result<ExitCode, Refused> {
    let mut watch = Watch::new(true)?;
    let suite = watch_all(&mut watch, paths)?;
    if watch.round(|| report(round())).is_none() {
        return stopped();
    }
    say(&Batch { missing: watch.missing(), ..Batch::default() });
    status("waiting for changes; Ctrl-C stops");
    rounds(&mut watch, &suite, |batch| {
        clear_screen();
        say(batch);
        if batch.missing.is_empty() {
            let what = batch.changed.first().map_or_else(|| "files".to_owned(), |p| shown(p));
            status(&format!("changed: {what}; checking again"));
            report(round());
        }
        status("waiting for changes; Ctrl-C stops");
    });
    stopped()
}
