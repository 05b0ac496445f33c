use super::*;
use serde::Deserialize;

#[track_caller]
fn read(text: &str) -> Y {
    parse(text, Options { unique_keys: true }, &AsWritten).unwrap().expect("a document")
}

#[track_caller]
fn refused(text: &str) -> Error {
    parse(text, Options { unique_keys: true }, &AsWritten).unwrap_err()
}

#[test]
fn nodes_know_their_line_and_column() {
    let y = read("a: 1\nb:\n  - x\n  - {c: 'd'}\n");
    let V::Map(entries) = &y.v else { panic!("{y:?}") };
    assert_eq!(entries[1].0.pos, Pos { line: 2, col: 1 });
    let V::Seq(items) = &entries[1].1.v else { panic!() };
    assert_eq!((items[0].pos, items[1].pos), (Pos { line: 3, col: 5 }, Pos { line: 4, col: 5 }));
    assert_eq!(y.json(), serde_json::json!({"a": 1, "b": ["x", {"c": "d"}]}));
}

#[test]
fn plain_scalars_keep_their_text() {
    #[derive(Deserialize)]
    struct Codes(Vec<String>);
    let y = read("[007, 1.10, ~, True, yes, '5', 0x1F]");
    let V::Seq(items) = &y.v else { panic!() };
    let raw: Vec<_> = items.iter().map(|i| i.raw.as_deref()).collect();
    assert_eq!(raw, [Some("007"), Some("1.10"), Some("~"), Some("True"), None, None, Some("0x1F")]);
    assert!(matches!(items[0].v, V::Int(7)) && matches!(items[6].v, V::Int(31)));
    assert!(matches!(&items[4].v, V::Str(s) if &**s == "yes"), "YAML 1.2: yes is text");
    let Codes(codes) = from_str("[007, 1.10, ~, True, yes, '5', 0x1F]").unwrap();
    assert_eq!(codes, ["007", "1.10", "~", "True", "yes", "5", "0x1F"]);
}

#[test]
fn duplicate_keys_are_refused_at_the_second() {
    let e = refused("a:\n  - {x: 1}\n  - {x: 1, y: 2, x: 3}\n");
    assert_eq!((e.code.as_str(), e.place()), ("duplicateKey", Some((3, 18))));
    assert_eq!(
        e.to_string(),
        "a[1]: duplicate key `x` (a second value would silently replace the first) at line 3 column 18"
    );
    // Many keys: sorted, not compared pairwise; the first repeat in file order is named.
    let mut text = String::new();
    for i in 0..50_000 {
        let _ = writeln!(text, "k{i}: {i}");
    }
    text += "k7: again\nk3: again\n";
    let e = refused(&text);
    assert_eq!(e.place(), Some((50_001, 1)), "{e}");
    assert!(e.message.contains("`k7`"), "{e}");
    // `1` and `1.0` are different keys as written.
    assert!(parse("1: a\n1.0: b\n", Options { unique_keys: true }, &AsWritten).is_ok());
    // Without the option both are kept.
    let y = parse("a: 1\na: 2\n", Options::default(), &AsWritten).unwrap().unwrap();
    assert!(matches!(&y.v, V::Map(m) if m.len() == 2));
}

#[test]
fn nesting_is_bounded_in_every_style() {
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(parse(&ok, Options::default(), &AsWritten).is_ok());
    for n in [MAX_DEPTH + 1, 200_000] {
        let flow = format!("{}{}", "[".repeat(n), "]".repeat(n));
        let map: String = "a: {".repeat(n) + &"}".repeat(n);
        let block = "- ".repeat(n) + "x\n";
        let indented = (0..n.min(2_000)).fold(String::new(), |mut t, i| {
            let _ = writeln!(t, "{}k:", "  ".repeat(i));
            t
        });
        for text in [flow, map, block, indented] {
            let e = refused(&text);
            assert_eq!(e.code, crate::diag::Code::TooDeep, "{e}");
            assert!(e.message.contains("255 levels"), "{e}");
        }
    }
    let e = refused(&("- ".repeat(300) + "x\n"));
    assert_eq!(e.place(), Some((1, 2 * MAX_DEPTH + 1)), "the 256th `-`");
}

#[test]
fn aliases_are_bounded_in_depth_and_size() {
    let ok = read("a: &a {b: [1, 2]}\nc: *a\nd: [*a, *a]\n");
    assert_eq!(ok.json()["d"][1]["b"][1], 2);
    // Each alias nests the one before one level deeper.
    let mut text = "a0: &a0 x\n".to_owned();
    for i in 1..300 {
        let _ = writeln!(text, "a{i}: &a{i} [*a{}]", i - 1);
    }
    let e = refused(&text);
    assert_eq!((e.code.as_str(), e.place().map(|p| p.0)), ("tooDeep", Some(256)), "{e}");
    assert!(e.message.contains("through aliases"), "{e}");
    // A billion laughs: nine levels of ten.
    let mut lines = vec!["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]".to_owned()];
    for i in 1..9 {
        lines.push(format!("l{i}: &l{i} [{}]", vec![format!("*l{}", i - 1); 10].join(", ")));
    }
    let e = refused(&lines.join("\n"));
    assert_eq!(e.code, crate::diag::Code::AliasBudget, "{e}");
    assert!(e.message.contains("64 MiB"), "{e}");
}

#[test]
fn syntax_errors_and_documents() {
    let e = refused("a: [1, 2\nb: 3\n");
    assert_eq!(e.code, crate::diag::Code::YamlSyntax);
    assert!(e.pos.is_some());
    let e = refused("a: 1\n---\nb: 2\n");
    assert_eq!((e.code.as_str(), e.place()), ("yamlSyntax", Some((2, 1))));
    assert!(parse("# nothing\n", Options::default(), &AsWritten).unwrap().is_none());
    let e = refused("a: !!int twelve\n");
    assert!(e.message.contains("twelve"), "{e}");
}

/// A tab where YAML wants spaces is placed at the tab: the scanner marks the scalar it broke
/// (lines before) or where the indentation ended (after it).
#[test]
fn a_tab_in_the_indentation_is_placed_at_the_tab() {
    for (text, at) in [
        ("a:\n  b: x\n\tc: y\n", (3, 1)),
        ("a:\n  b: x\n  c: y\n  d: z\n\t\te: w\n", (5, 1)),
        ("a:\n  b:\n  \t- c\n", (3, 3)),
        ("a:\n  b: é\n\tc: y\n", (3, 1)),
    ] {
        let e = refused(text);
        assert_eq!((e.code.as_str(), e.place()), ("yamlSyntax", Some(at)), "{text:?}: {e}");
        assert!(e.message.ends_with(": YAML indents with spaces, never tabs"), "{text:?}: {e}");
    }
    assert_eq!(first_tab("ab", &Marker::new(1, 1, 1)), None, "no tab");
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct File {
    name: String,
    #[serde(default)]
    steps: Vec<Step>,
    #[serde(default)]
    max: Option<u64>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
enum Step {
    Stop,
    Say(String),
    Wait { seconds: f64 },
}

#[test]
fn typed_reading_places_errors_at_the_node() {
    let f: File = from_str("name: 1.10\nsteps: [stop, {say: hi}, {wait: {seconds: 2}}]\n").unwrap();
    assert_eq!(f.name, "1.10");
    assert_eq!(f.steps, [Step::Stop, Step::Say("hi".into()), Step::Wait { seconds: 2.0 }]);
    let cases = [
        ("name: a\nnmae: b\n", "unknown field `nmae` (did you mean `name`?), expected one of `name`, `steps`, `max` at line 2 column 1"),
        ("steps: []\n", "missing field `name` at line 1 column 1"),
        ("name: a\nmax: -1\n", "max: invalid value: integer `-1`, expected u64 at line 2 column 6"),
        ("name: a\nsteps:\n  - {wait: {seconds: x}}\n", "steps[0].wait.seconds: invalid type: string \"x\", expected f64 at line 3 column 22"),
        ("name: a\nsteps: [jump]\n", "steps[0]: unknown variant `jump`, expected one of `stop`, `say`, `wait` at line 2 column 9"),
        ("name: a\nsteps: [sya]\n", "steps[0]: unknown variant `sya` (did you mean `say`?), expected one of `stop`, `say`, `wait` at line 2 column 9"),
        ("name: [a]\n", "name: invalid type: sequence, expected a string at line 1 column 7"),
        ("# nothing yet\n", "missing field `name` at line 1 column 1"),
        ("name: a\nsteps:\n", "steps: invalid type: unit value, expected a sequence at line 2 column 6"),
    ];
    for (text, message) in cases {
        let e = from_str::<File>(text).unwrap_err();
        assert_eq!(e.to_string(), message, "{text}");
    }
}

/// The events' fast path reads what the tree reads, or gives up; never something else.
#[test]
fn the_event_reader_agrees_with_the_tree() {
    use super::testing::reads_alike as same;
    let anything = [
        "a: 1\nb: [x, {c: 'd', e: ~, f: 1.5, g: -3, h: 18446744073709551615}]\n",
        "[007, 1.10, ~, True, yes, '5', 0x1F, !!str 12, !!int 3, '', null]",
        "a:\n  - b: |\n      text\n    c: >-\n      folded\n",
        "{a: {b: {c: {d: []}}}, e: {}}",
        "# a comment\n- 1\n- - 2\n  - 3\n",
        "\"a\\tb\": 1\n\"a\\nb\": 2\n\"a\\nc\": 3\n",
    ];
    for text in anything {
        same::<serde_json::Value>(text, true);
    }
    let refused = [
        "a: &x 1\nb: *x\n",             // aliases are the tree's
        "a: 1\na: 2\n",                 // duplicate
        "{1: a, '1': b}",               // duplicate, as written
        "a: !!int abc\n",               // a tag the text is not
        "--- 1\n--- 2\n",               // two documents
        "",                             // empty: the tree's empty mapping
        "a: [1, 2\n",                   // syntax
        "{[1]: x}",                     // a key that is no text
        "\"a\\tb\": 1\n\"a\\tb\": 2\n", // duplicate, keys with escapes (not borrowed)
    ];
    for text in refused {
        same::<serde_json::Value>(text, false);
    }
    let many = (0..40).fold(String::new(), |mut s, i| {
        let _ = writeln!(s, "k{i}: {i}");
        s
    });
    same::<serde_json::Value>(&many, true);
    same::<serde_json::Value>(&format!("{many}k7: again\n"), false);
}
