//! Private scratch folders (the git revisions `flowsim diff` reads), removed on every way out.
//!
//! Invariants:
//! - a scratch folder is made fresh in the system's temporary folder (`TMPDIR`) with a random
//!   name, by a `mkdir` that fails if the name exists (never a folder or link someone placed),
//!   and with mode 0700: no other local user can list or read what it holds;
//! - it is in the process-wide registry from before it exists until after it is removed, so a
//!   signal never finds a folder that is not listed;
//! - dropping its [`Scratch`] removes it: a normal return, an error, a panic that unwinds;
//! - Ctrl-C and SIGTERM, once a scratch folder was asked for, remove every listed folder and end
//!   the process with 130 or 143 (what a shell reports for a process the signal killed);
//! - nothing here creates a parent folder: a folder removed by a signal is never made again by a
//!   write still going on in another thread (that write fails instead).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once, PoisonError};

/// Every scratch folder that exists now, in this process.
static LIVE: Registry = Registry(Mutex::new(Vec::new()));
/// The signal handler, installed once, before the first scratch folder.
static HANDLER: Once = Once::new();

/// Scratch folders that exist now.
#[derive(Default)]
struct Registry(Mutex<Vec<PathBuf>>);

impl Registry {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<PathBuf>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Makes a private folder `PREFIX…` in `base` and lists it, under one lock.
    fn make(&'static self, base: &Path, prefix: &str) -> std::io::Result<Scratch> {
        let mut live = self.lock();
        let mut builder = tempfile::Builder::new();
        builder.prefix(prefix);
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
        let dir = builder.tempdir_in(base)?.keep();
        live.push(dir.clone());
        Ok(Scratch { dir, registry: self })
    }

    /// Removes every listed folder; the lock is kept (returned) so that no new one is made
    /// before the process ends.
    fn remove_all(&self) -> std::sync::MutexGuard<'_, Vec<PathBuf>> {
        let mut live = self.lock();
        for dir in live.drain(..) {
            let _ = std::fs::remove_dir_all(dir);
        }
        live
    }
}

/// A scratch folder, removed (with all it holds) when dropped.
pub(crate) struct Scratch {
    dir: PathBuf,
    registry: &'static Registry,
}

impl Scratch {
    /// A new private folder `PREFIX…` in the system's temporary folder.
    pub(crate) fn new(prefix: &str) -> std::io::Result<Scratch> {
        HANDLER.call_once(install_handler);
        LIVE.make(&std::env::temp_dir(), prefix)
    }

    /// The folder.
    pub(crate) fn path(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let mut live = self.registry.lock();
        let _ = std::fs::remove_dir_all(&self.dir);
        live.retain(|d| d != &self.dir);
    }
}

/// Ctrl-C and SIGTERM, heard on a thread of their own: the scratch folders go, then the process.
fn install_handler() {
    let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
        return;
    };
    let stop = {
        let _in_runtime = rt.enter();
        super::serve::StopSignals::install()
    };
    std::thread::spawn(move || {
        let which = rt.block_on(stop.recv_which());
        let _live = LIVE.remove_all();
        std::process::exit(which.exit_code());
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A registry of the test's own (the process's is shared by tests running in parallel).
    fn registry() -> &'static Registry {
        Box::leak(Box::default())
    }

    fn listed(registry: &Registry, dir: &Path) -> bool {
        registry.lock().iter().any(|d| d == dir)
    }

    #[test]
    fn a_scratch_folder_is_private_listed_and_gone_when_dropped() {
        let base = tempfile::tempdir().unwrap();
        let registry = registry();
        let scratch = registry.make(base.path(), "flowsim-test-").unwrap();
        let dir = scratch.path().to_path_buf();
        assert_eq!(dir.parent(), Some(base.path()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700, "mode {mode:o}");
        }
        assert!(listed(registry, &dir));
        std::fs::write(dir.join("f.yaml"), "x").unwrap();
        drop(scratch);
        assert!(!dir.exists());
        assert!(!listed(registry, &dir));
        assert_eq!(std::fs::read_dir(base.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_panic_removes_the_folder_as_it_unwinds() {
        let base = tempfile::tempdir().unwrap();
        let path = base.path().to_path_buf();
        let registry = registry();
        let result = std::panic::catch_unwind(move || {
            let scratch = registry.make(&path, "flowsim-test-").unwrap();
            std::fs::write(scratch.path().join("f.yaml"), "x").unwrap();
            panic!("in the middle of a diff");
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read_dir(base.path()).unwrap().count(), 0);
        assert!(registry.lock().is_empty());
    }

    #[test]
    fn the_signal_path_removes_every_listed_folder() {
        let base = tempfile::tempdir().unwrap();
        let registry = registry();
        let a = registry.make(base.path(), "flowsim-test-").unwrap();
        let b = registry.make(base.path(), "flowsim-test-").unwrap();
        std::fs::create_dir(b.path().join("flows")).unwrap();
        std::fs::write(b.path().join("flows/x.yaml"), "x").unwrap();
        drop(registry.remove_all());
        assert!(!a.path().exists() && !b.path().exists());
        assert!(registry.lock().is_empty());
        // A write still going on after the removal fails; it makes nothing again.
        assert!(std::fs::write(b.path().join("flows/y.yaml"), "y").is_err());
        drop((a, b));
        assert_eq!(std::fs::read_dir(base.path()).unwrap().count(), 0);
    }
}
