//! Elasticsearch bulk NDJSON: writing decisions as `_bulk` action/document pairs, and reading
//! documents back (a bulk file, plain NDJSON, or a `_search` response) for the heatmap.
//!
//! Reading is bounded: the caller reads the file through `util::read_text` (32 MiB), a line
//! is parsed by serde_json (its own recursion limit), and at most [`MAX_DOCUMENTS`] are kept.

use super::Decision;
use serde_json::Value as J;
use std::path::{Path, PathBuf};

/// The most documents one file may hold for a heatmap.
pub const MAX_DOCUMENTS: usize = 1_000_000;

/// The action line of a document: `{"index":{"_index":"..."}}`.
pub fn action_line(index: &str) -> String {
    serde_json::json!({"index": {"_index": index}}).to_string()
}

/// `decisions` as `_bulk` NDJSON for `index`: an action line then the document, one pair per
/// decision, each line ending in `\n` (as `_bulk` requires, the last one too).
pub fn write_bulk(decisions: &[Decision], index: &str) -> String {
    let action = action_line(index);
    let mut out = String::new();
    for d in decisions {
        out.push_str(&action);
        out.push('\n');
        out.push_str(&serde_json::to_string(d).expect("decisions always serialize"));
        out.push('\n');
    }
    out
}

/// A decision log that cannot be read: where, and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}:{line}: {message}", file.display())]
pub struct ReadError {
    pub file: PathBuf,
    /// From 1.
    pub line: usize,
    /// From 1: where a line is not JSON, else 1 (the line as a whole).
    pub column: usize,
    pub message: String,
    pub help: &'static str,
}

const HELP: &str = "a decision log is `_bulk` NDJSON (an action line `{\"index\":{...}}`, then the document, one JSON object a line), plain NDJSON documents, or an Elasticsearch `_search` response";

/// The documents of a decision log's `text` (from `file`, named in errors): `_bulk` NDJSON
/// (`index`/`create` action lines are followed by their document; `delete` lines have none),
/// plain NDJSON (one document a line), or one `_search` response (`hits.hits[]._source`).
pub fn read(file: &Path, text: &str) -> Result<Vec<J>, ReadError> {
    let at = |line: usize, column: usize, message: String| ReadError {
        file: file.to_owned(),
        line,
        column,
        message,
        help: HELP,
    };
    let err = |line: usize, message: String| at(line, 1, message);
    // A `_search` response: one JSON value over several lines.
    if let Ok(J::Object(o)) = serde_json::from_str::<J>(text) {
        if let Some(hits) = o.get("hits").and_then(|h| h.get("hits")).and_then(J::as_array) {
            return Ok(hits.iter().filter_map(|h| h.get("_source")).cloned().collect());
        }
    }
    let mut docs = Vec::new();
    let mut expect_doc: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        // One line parsed alone: serde's line is 1, the file's is `n`.
        let value: J = serde_json::from_str(line).map_err(|e| {
            let (message, place) = crate::util::json_pos::syntax_error(&e);
            at(n, place.map_or(1, |(_, c)| c), format!("not JSON: {message}"))
        })?;
        let J::Object(obj) = value else {
            return Err(err(n, "a line must be a JSON object".into()));
        };
        if expect_doc.take().is_some() {
            docs.push(J::Object(obj));
        } else if let Some(kind) = action_kind(&obj) {
            match kind {
                "index" | "create" => expect_doc = Some(n),
                "delete" => {}
                other => {
                    return Err(err(
                        n,
                        format!(
                            "unsupported: a `{other}` bulk action (only index, create and delete)"
                        ),
                    ))
                }
            }
        } else {
            docs.push(J::Object(obj));
        }
        if docs.len() > MAX_DOCUMENTS {
            return Err(err(n, format!("more than {MAX_DOCUMENTS} documents")));
        }
    }
    if let Some(n) = expect_doc {
        return Err(err(n, "this action line has no document after it".into()));
    }
    Ok(docs)
}

/// `Some("index")` for a bulk action line: one key, a bulk action's name, whose value is an
/// object (documents with a single object field named so are not expected in a decision log).
fn action_kind(obj: &serde_json::Map<String, J>) -> Option<&'static str> {
    let (key, value) = obj.iter().next().filter(|_| obj.len() == 1)?;
    if !value.is_object() {
        return None;
    }
    ["index", "create", "delete", "update"].into_iter().find(|k| k == key)
}
