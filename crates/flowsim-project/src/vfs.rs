//! One file view: the texts an editor holds unsaved, over the files on disk. What the checks
//! read of a flow, a scenario file, a fixture file or the project file, they read here, so a
//! front end that holds unsaved texts (the language server) sees what `flowsim check` sees of
//! the same texts written to disk.
//!
//! Invariants: a path is kept as [`document_path`] names it (absolute, links resolved where the
//! file exists), so the editor's name of a file and the checks' name it alike; a text in the
//! view always wins over the file; reading a file from disk is bounded by the caller's limit.

use crate::util::{self, ReadError};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The unsaved texts, by path, over the disk.
#[derive(Debug, Clone, Default)]
pub struct FileView {
    texts: BTreeMap<PathBuf, String>,
}

impl FileView {
    /// A view of the disk alone.
    pub fn disk() -> FileView {
        FileView::default()
    }

    /// Holds `text` as the content of `path` (a [`document_path`]).
    pub fn set(&mut self, path: PathBuf, text: String) {
        self.texts.insert(path, text);
    }

    /// Forgets the unsaved text of `path`: the file on disk is read again.
    pub fn remove(&mut self, path: &Path) -> Option<String> {
        self.texts.remove(path)
    }

    /// The unsaved text of `path`, if the view holds one.
    pub fn unsaved(&self, path: &Path) -> Option<&str> {
        self.texts.get(path).map(String::as_str)
    }

    /// Every unsaved text, by path.
    pub fn texts(&self) -> &BTreeMap<PathBuf, String> {
        &self.texts
    }

    /// The text of `path`: the unsaved one, else the file's (within `limit` bytes).
    ///
    /// # Errors
    /// When the file cannot be read, is past `limit`, or is not UTF-8.
    pub fn read(&self, path: &Path, limit: u64) -> Result<Cow<'_, str>, ReadError> {
        match self.texts.get(path) {
            Some(t) => Ok(Cow::Borrowed(t)),
            None => util::read_text(path, limit).map(Cow::Owned),
        }
    }

    /// Whether `path` is a file: held unsaved, or on disk.
    pub fn is_file(&self, path: &Path) -> bool {
        self.texts.contains_key(path) || path.is_file()
    }
}

impl From<BTreeMap<PathBuf, String>> for FileView {
    fn from(texts: BTreeMap<PathBuf, String>) -> FileView {
        FileView { texts }
    }
}

/// The path a document or a finding is kept under: absolute and, when the file exists, with
/// symbolic links resolved, so that the editor's path and the checks' name one file alike.
pub fn document_path(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_or_else(|_| path.to_path_buf(), |cwd| cwd.join(path))
    };
    std::fs::canonicalize(&absolute).unwrap_or_else(|_| util::files::normalise(&absolute))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unsaved_text_wins_over_the_file_and_its_removal_shows_the_file_again() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.yaml");
        std::fs::write(&file, "on disk").unwrap();
        let mut view = FileView::disk();
        assert_eq!(view.read(&file, 100).unwrap(), "on disk");
        view.set(file.clone(), "unsaved".into());
        assert_eq!(view.read(&file, 100).unwrap(), "unsaved");
        assert!(view.is_file(&dir.path().join("a.yaml")));
        view.remove(&file);
        assert_eq!(view.read(&file, 100).unwrap(), "on disk");
        let gone = dir.path().join("gone.yaml");
        assert!(view.read(&gone, 100).is_err());
        view.set(gone.clone(), "only in the editor".into());
        assert!(view.is_file(&gone));
    }
}
