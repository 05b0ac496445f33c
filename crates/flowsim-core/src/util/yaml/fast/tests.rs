//! The scanner against saphyr: the same events and start markers, or a decline after a prefix
//! of them, on written cases, generated block YAML (in the subset and just outside it) and
//! every YAML file of the repository.

use super::{assert_alike, find_either};
use crate::util::yaml::testing::fast_reads_alike;
use proptest::prelude::*;
use std::path::Path;

#[track_caller]
fn reads(text: &str) {
    assert!(assert_alike(text), "{text:?} declined");
}

#[track_caller]
fn declines(text: &str) {
    assert!(!assert_alike(text), "{text:?} read");
}

#[test]
fn the_subset_reads_as_saphyr_reads_it() {
    reads("a: 1\n");
    reads("a: b");
    reads("# c\r\na: b\r\nc:\r\n- \"d\"  \r\n");
    reads(
        "a:\n  b: 'x''y'   # c\n  d: \"q\\\"r\\n\\\\\"\ne:\n- 1\n- - x\n  - y\n- k: v\n  k2: v2\n",
    );
    reads("f: []\ng: {}\nh:   plain text here  \n\"q k\": z\n'r': 1\n");
    reads("- a\n- b: c\n  d: é ü\n- - 1\n# end\n\n   # more\n");
    reads("scenarios:\n  - name: 'a'\n    flow: F\n    inputs: []\n  -   name: b\n      x: -1\n");
    reads("a: b#c\nd: e # f\ng: h:i\nj: http://x.y/z?a=b#c\nk: x[\nl: x]\n");
    reads("  a: 1\n  b:\n      - x\n");
    reads("-\n  a: 1\n- # c\n  - x\n");
    reads("a: 'é' # ü\nb: \"\\t\\0\\N\\_ \"\n");
    reads("a: [1, 2]\nb: {c: 1, d: [x, 'y', \"z\"], e: {}}\nc: [ ]\n");
    reads("context: {startTime: \"2026-01-06T15:00:00Z\", from: \"+1555\"}\ninputs: [\"1\", \"12#\"]\n");
    reads("v: {Flow.x: \"1\", Task.y: 1250.5, Task.z: Spring field}\nw: [a:b, -1, http://x]\n");
}

#[test]
fn outside_the_subset_it_declines() {
    for text in [
        "",
        "# only a comment\n",
        "a:\n",
        "a:\nb: 1\n",
        "- \n- x\n",
        "a: |\n  x\n",
        "a: >\n  x\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: [1, 2\n",
        "a: [1, ]\n",
        "a: {b}\n",
        "a: [b: 1]\n",
        "a: {b: }\n",
        "a: [b # c]\n",
        "a: {\"b\":1}\n",
        "a: b\n  c\n",
        "a: 'b\n  c'\n",
        "---\na: 1\n",
        "a: 1\n...\n",
        "%YAML 1.2\n---\na: 1\n",
        "a:\tb\n",
        "\u{FEFF}a: 1\n",
        "a: 1\rb: 2\n",
        "? a\n: b\n",
        "a: \"\\x41\"\n",
        "a: b: c\n",
        "a: - b\n",
        "a:\n    b: 1\n  c: 2\n",
        "plain\n",
        "a:\n  b\n",
        "- a\nb: 1\n",
        "'a'#b: 1\n",
        "a: 'b'c\n",
    ] {
        declines(text);
    }
    // Deep nesting on one line is bounded, not a deep recursion.
    declines(&"- ".repeat(100_000));
    declines(&format!("a: {}", "[".repeat(100_000)));
}

/// A scalar as the generator writes it: plain, quoted, or one that is not in the subset.
fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z][a-z0-9 ]{0,8}",
        1 => prop::sample::select(vec![
            "1", "-1", "007", "1.10", "~", "null", "true", "yes", "0x1F", "a b", "a  b", "é",
            "a:b", "a#b", "http://x", "-x", "[]", "{}", "x]", "'a'", "'a''b'", "''", "\"\"",
            "\"a\\\"b\"", "\"\\n\\t\"", "'é ü'", "\"a b\" ", "a # c", "'a' # c",
            // Outside the subset, or not YAML at all.
            "", "&a x", "*a", "!t x", "|", ">", "? x", ": x", "[1]", "{a: 1}", "'a", "\"a",
            "\"\\x41\"", "a: b", "- x", "%x", "@x", "`x", "a\tb", "\u{FEFF}", ",x", "#x",
            "---", "...", "'a'b", "a :b", "[a, b]", "[a,b]", "[ ]", "{ }", "[a: b]", "{a}",
            "[a, ]", "{a: }", "{\"a\":1}", "[x # c]", "[-1, -x]", "[a b, c]", "{a: [b, {c: d}]}",
            "[-]", "[a, [b", "{a: 1}}", "[a]]",
        ])
        .prop_map(str::to_owned),
    ]
}

/// A key: mostly plain words, sometimes quoted or odd.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-z][a-zA-Z0-9_]{0,6}",
        1 => prop::sample::select(vec![
            "'k'", "\"k q\"", "1", "a b", "'k' ", "k ", "-k", "?k", "&k", "[k]", "é", "k:x",
        ])
        .prop_map(str::to_owned),
    ]
}

/// A node of a generated document.
#[derive(Debug, Clone)]
enum Node {
    Scalar(String),
    Map(Vec<(String, Node)>),
    Seq(Vec<Node>),
}

fn node() -> impl Strategy<Value = Node> {
    let leaf = scalar().prop_map(Node::Scalar);
    leaf.prop_recursive(5, 40, 5, |inner| {
        prop_oneof![
            prop::collection::vec((key(), inner.clone()), 1..5).prop_map(Node::Map),
            prop::collection::vec(inner, 1..5).prop_map(Node::Seq),
        ]
    })
}

/// How the generator writes blocks.
#[derive(Debug, Clone, Copy)]
struct Style {
    /// Indentation step, 1 to 4.
    step: usize,
    /// Sequences under a key as indented as it.
    indentless: bool,
    /// `- key: value` on the dash's line, `- - item`.
    compact: bool,
    crlf: bool,
    comments: bool,
    /// Collections below the top written as flow collections on one line.
    flow: bool,
}

/// A node as a flow collection on one line.
fn inline(node: &Node, out: &mut String) {
    match node {
        Node::Scalar(s) => out.push_str(s),
        Node::Map(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push_str(": ");
                inline(v, out);
            }
            out.push('}');
        }
        Node::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                inline(item, out);
            }
            out.push(']');
        }
    }
}

fn write(node: &Node, indent: usize, style: Style, out: &mut String) {
    let eol = if style.crlf { "\r\n" } else { "\n" };
    let pad = " ".repeat(indent);
    match node {
        Node::Scalar(s) => {
            out.push_str(&pad);
            out.push_str(s);
            out.push_str(eol);
        }
        Node::Map(entries) => {
            for (k, v) in entries {
                out.push_str(&pad);
                out.push_str(k);
                out.push(':');
                match v {
                    Node::Scalar(s) => {
                        out.push(' ');
                        out.push_str(s);
                        if style.comments {
                            out.push_str(" # c");
                        }
                        out.push_str(eol);
                    }
                    _ if style.flow => {
                        out.push(' ');
                        inline(v, out);
                        out.push_str(eol);
                    }
                    Node::Seq(_) if style.indentless => {
                        out.push_str(eol);
                        write(v, indent, style, out);
                    }
                    _ => {
                        out.push_str(eol);
                        if style.comments {
                            out.push_str(&pad);
                            out.push_str("  # between");
                            out.push_str(eol);
                            out.push_str(eol);
                        }
                        write(v, indent + style.step, style, out);
                    }
                }
            }
        }
        Node::Seq(items) => {
            for item in items {
                out.push_str(&pad);
                out.push('-');
                match item {
                    Node::Scalar(s) => {
                        out.push(' ');
                        out.push_str(s);
                        out.push_str(eol);
                    }
                    _ if style.flow => {
                        out.push(' ');
                        inline(item, out);
                        out.push_str(eol);
                    }
                    _ if style.compact => {
                        // The item's first line after the dash, the rest under it.
                        let mut inner = String::new();
                        write(item, indent + 2, style, &mut inner);
                        out.push(' ');
                        out.push_str(&inner[indent + 2..]);
                    }
                    _ => {
                        out.push_str(eol);
                        write(item, indent + style.step, style, out);
                    }
                }
            }
        }
    }
}

fn style() -> impl Strategy<Value = Style> {
    (
        1..5usize,
        any::<bool>(),
        any::<bool>(),
        prop::bool::weighted(0.2),
        any::<bool>(),
        prop::bool::weighted(0.3),
    )
        .prop_map(|(step, indentless, compact, crlf, comments, flow)| Style {
            step,
            indentless,
            compact,
            crlf,
            comments,
            flow,
        })
}

/// A change just outside the subset (or outside YAML): a byte of a few kinds put somewhere,
/// a line's indentation changed, a line dropped.
#[derive(Debug, Clone)]
enum Change {
    Insert(usize, &'static str),
    Indent(usize, usize),
    Drop(usize),
    Cut(usize),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (
            any::<usize>(),
            prop::sample::select(vec![
                " ", ":", "#", "-", "'", "\"", "\t", "\n", "&", "[", "\\", "é", "\r"
            ])
        )
            .prop_map(|(at, s)| Change::Insert(at, s)),
        (any::<usize>(), 0..6usize).prop_map(|(line, n)| Change::Indent(line, n)),
        any::<usize>().prop_map(Change::Drop),
        any::<usize>().prop_map(Change::Cut),
    ]
}

fn apply(text: &str, change: &Change) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    match *change {
        Change::Insert(at, s) => {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            format!("{}{s}{}", &text[..at], &text[at..])
        }
        Change::Indent(line, n) if !lines.is_empty() => {
            let line = line % lines.len();
            let mut out = String::new();
            for (i, l) in lines.iter().enumerate() {
                if i == line {
                    out.push_str(&" ".repeat(n));
                    out.push_str(l.trim_start_matches(' '));
                } else {
                    out.push_str(l);
                }
            }
            out
        }
        Change::Drop(line) if !lines.is_empty() => {
            let line = line % lines.len();
            lines.iter().enumerate().filter(|(i, _)| *i != line).map(|(_, l)| *l).collect()
        }
        Change::Cut(at) => {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text[..at].to_owned()
        }
        _ => text.to_owned(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn generated_block_yaml_reads_as_saphyr_reads_it(
        root in prop_oneof![
            prop::collection::vec((key(), node()), 1..5).prop_map(Node::Map),
            prop::collection::vec(node(), 1..4).prop_map(Node::Seq),
        ],
        style in style(),
        changes in prop::collection::vec(change(), 0..3),
    ) {
        let mut text = String::new();
        write(&root, 0, style, &mut text);
        fast_reads_alike(&text);
        for c in &changes {
            text = apply(&text, c);
            fast_reads_alike(&text);
        }
    }

    /// The word-at-a-time search finds the first of two bytes where a byte-by-byte one does,
    /// at every start, over bytes dense in both and in bytes one off them.
    #[test]
    fn find_either_finds_the_first_of_two_bytes(
        bytes in prop::collection::vec(prop::sample::select(vec![b':', b'#', b'9', b';', b'"', 0x80, 0xff, b' ']), 0..40),
        from in 0usize..41,
    ) {
        let from = from.min(bytes.len());
        let naive = bytes[from..].iter().position(|&c| c == b':' || c == b'#').map(|k| from + k);
        prop_assert_eq!(find_either(&bytes, from, b':', b'#'), naive);
        let naive = bytes[from..].iter().position(|&c| c == b'"').map(|k| from + k);
        prop_assert_eq!(find_either(&bytes, from, b'"', b'"'), naive);
    }
}

#[test]
fn every_yaml_file_of_the_repository_reads_as_saphyr_reads_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in ["fixtures", "examples", "tests", "benches", "templates"] {
        collect(&root.join(dir), &mut files);
    }
    assert!(files.len() > 20, "{files:?}");
    let mut read = 0;
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else { continue };
        if fast_reads_alike(&text) {
            read += 1;
        }
    }
    eprintln!("{read} of {} files read", files.len());
    assert!(read >= 5, "{read} of {}", files.len());
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
}
