//! Where each node of a seeds' JSON flow is written: the line of its key under
//! `draft.nodes` or `published.nodes`.
//!
//! `serde_json` keeps no positions, so the text is scanned once more after it parsed: a small
//! tokenizer that follows object keys to depth 3 (`<graph>` → `nodes` → node key) and records
//! the line each node key starts on. The text is valid JSON by then (it parsed), so the scanner
//! only needs to skip strings, escapes and scalars correctly; it never recurses (the path is a
//! fixed-size array, deeper levels are only counted).

/// The line (1-based) of each node key of `graph` (`"draft"` or `"published"`), in the order
/// they are written. A key written twice keeps its first line (duplicate keys fail loading
/// anyway).
pub fn node_lines<'t>(text: &'t str, graph: &str) -> Vec<(&'t str, u32)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // The keys of the enclosing objects, for the first three levels (`None`: an array or a
    // level not entered through a key).
    let mut path: [Option<&str>; 3] = [None; 3];
    let mut depth = 0usize;
    let mut line = 1u32;
    // The last string read, and where its line started, while deciding whether it is a key.
    let mut last: Option<(&str, u32)> = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => line += 1,
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                last = Some((text.get(start..i).unwrap_or(""), line));
            }
            b':' => {
                if let Some((key, at)) = last.take() {
                    if depth == 3 && path[0] == Some(graph) && path[1] == Some("nodes") {
                        out.push((key, at));
                    }
                    if (1..=3).contains(&depth) {
                        path[depth - 1] = Some(key);
                    }
                }
            }
            b'{' | b'[' => {
                depth += 1;
                if (1..=3).contains(&depth) && bytes[i] == b'[' {
                    path[depth - 1] = None;
                }
                // The key that opened this level is recorded at its `:`; a value that is
                // itself an object starts one level deeper with no key yet.
                if depth <= 3 {
                    for p in path.iter_mut().skip(depth) {
                        *p = None;
                    }
                }
                last = None;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                last = None;
            }
            b',' => last = None,
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::node_lines;

    #[test]
    fn keys_of_each_graph_with_their_lines() {
        let text = r#"{
  "name": "x",
  "draft": {
    "startNode": "a",
    "nodes": {
      "a": {"type": "Say", "properties": {"nodes": {"z": 1}}, "onComplete": {"nextNode": "b"}},
      "b\"q": {
        "type": "End"
      }
    }
  },
  "published": {"nodes": {"a": {}}}
}"#;
        assert_eq!(node_lines(text, "draft"), vec![("a", 6), (r#"b\"q"#, 7)]);
        assert_eq!(node_lines(text, "published"), vec![("a", 12)]);
    }
}
