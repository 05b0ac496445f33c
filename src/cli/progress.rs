//! A progress line on stderr while a suite or a replay runs, only when stderr is a terminal
//! and not a CI runner's (`CI` set, as nextest decides) nor a dumb one (`TERM=dumb`): CI logs,
//! redirected output and snapshots never see it. It is cleared when the work is done, before
//! the report is printed.

use std::io::IsTerminal as _;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A spinner counting what ran and what failed: `⠋ 12 scenarios run, 1 failed`.
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
    failed: AtomicUsize,
    /// What failing is called: `failed`, `diverged`.
    failing: &'static str,
}

impl Progress {
    /// `what`: what is counted (`scenarios run`, `interactions replayed`).
    pub fn new(what: &str, failing: &'static str) -> Progress {
        let env_set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        let wanted = std::io::stderr().is_terminal()
            && !env_set("CI")
            && std::env::var_os("TERM").is_none_or(|t| t != "dumb");
        let bar = wanted.then(|| {
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
            bar
        });
        Progress { bar, failed: AtomicUsize::new(0), failing }
    }

    /// One more done; `ok: false` counts a failure.
    pub fn tick(&self, ok: bool) {
        if !ok {
            self.failed.fetch_add(1, Ordering::Relaxed);
        }
        if let Some(b) = &self.bar {
            b.inc(1);
            b.set_message(format!("{} {}", self.failed.load(Ordering::Relaxed), self.failing));
        }
    }

    /// Clears the line.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
