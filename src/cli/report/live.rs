//! The reporter's events while a command runs (nextest's reporter is the model): each case
//! that finishes is told to one [`Live`], which says it in the command's way and the form
//! chosen, then the command's report is written through it ([`Live::finish`]).
//!
//! What a case becomes:
//! - a line on standard output as it finishes, in text, for a command that says each case
//!   (`record`'s items: [`Live::lines`]); nothing in any other form, whose report holds them;
//! - a count on a progress line on standard error (`⠋ 12 scenarios run, 1 failed`) for a
//!   command that counts its cases (`test`, `replay`, `mutate`, `traffic`:
//!   [`Live::counting`]), only when standard error is a terminal and not a CI runner's (`CI`
//!   set, as nextest decides) nor a dumb one (`TERM=dumb`): CI logs, redirected output and
//!   snapshots never see it. It is cleared once the cases are done ([`Live::settle`]), before
//!   anything else is written, and when the command leaves early.

use super::{emit, Format, Report};
use std::io::IsTerminal as _;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The events of one command's run: see the module's documentation.
pub(crate) struct Live {
    format: Format,
    says: Says,
}

/// How a command says its cases.
enum Says {
    /// A line each, in text.
    Lines,
    /// A count on the progress line, when there is one.
    Count(Option<Progress>),
}

impl Live {
    /// A command that says each case's line as it finishes, in text (`record`).
    pub(crate) fn lines(format: Format) -> Self {
        Live { format, says: Says::Lines }
    }

    /// A command that counts its cases on a progress line: `what` is counted (`scenarios
    /// run`), `failing` names a case that was not `ok` (`failed`, `diverged`).
    pub(crate) fn counting(format: Format, what: &str, failing: &'static str) -> Self {
        Live { format, says: Says::Count(Progress::new(what, failing)) }
    }

    /// A case of a command that counts its cases finished, `ok` or not.
    pub(crate) fn counted(&self, ok: bool) {
        debug_assert!(matches!(self.says, Says::Count(_)), "a command that says lines");
        if let Says::Count(Some(progress)) = &self.says {
            progress.tick(ok);
        }
    }

    /// A case of a command that says its cases finished: `line`, made only when said (in
    /// text).
    pub(crate) fn said(&self, line: impl FnOnce() -> String) {
        debug_assert!(matches!(self.says, Says::Lines), "a command that counts");
        if matches!(self.says, Says::Lines) && self.format == Format::Text {
            crate::cli::write_stdout(&line());
        }
    }

    /// The cases are done: the progress line is cleared, so that what the command writes next
    /// (a warning, its report) stands alone.
    pub(crate) fn settle(&self) {
        if let Says::Count(Some(progress)) = &self.says {
            progress.clear();
        }
    }

    /// The run is over: its report, in the form chosen ([`emit`]).
    pub(crate) fn finish<R: Report>(self, report: &R) -> ExitCode {
        self.settle();
        emit(report, self.format)
    }
}

impl Drop for Live {
    /// A command that leaves early (a refusal after its cases ran) leaves no line behind.
    fn drop(&mut self) {
        self.settle();
    }
}

/// A spinner counting what ran and what failed, on a terminal's standard error.
struct Progress {
    bar: indicatif::ProgressBar,
    failed: AtomicUsize,
    /// What failing is called: `failed`, `diverged`.
    failing: &'static str,
}

impl Progress {
    /// The progress line, when standard error is a terminal that is neither a CI runner's nor
    /// a dumb one; `None` otherwise.
    fn new(what: &str, failing: &'static str) -> Option<Progress> {
        let env_set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        let wanted = std::io::stderr().is_terminal()
            && !env_set("CI")
            && std::env::var_os("TERM").is_none_or(|t| t != "dumb");
        if !wanted {
            return None;
        }
        let bar = indicatif::ProgressBar::new_spinner();
        let template = format!("{{spinner}} {{pos}} {what}, {{msg}}");
        bar.set_style(
            indicatif::ProgressStyle::with_template(&template)
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.set_message(format!("0 {failing}"));
        bar.enable_steady_tick(std::time::Duration::from_millis(100));
        // Drawn at once: a suite shorter than a tick still shows it started.
        bar.tick();
        Some(Progress { bar, failed: AtomicUsize::new(0), failing })
    }

    /// One more done; `ok: false` counts a failure (the message changes only then: `traffic`
    /// ticks once an execution).
    fn tick(&self, ok: bool) {
        if !ok {
            let failed = self.failed.fetch_add(1, Ordering::Relaxed) + 1;
            self.bar.set_message(format!("{failed} {}", self.failing));
        }
        self.bar.inc(1);
    }

    /// Clears the line (again: a no-op).
    fn clear(&self) {
        if !self.bar.is_finished() {
            self.bar.finish_and_clear();
        }
    }
}
