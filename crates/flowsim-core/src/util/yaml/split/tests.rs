use super::*;
use proptest::prelude::*;
use serde::Deserialize;
use std::fmt::Write as _;

/// A scenario file's shape, with items of any form (compared through `Debug`).
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    flows: Option<serde_json::Value>,
    #[serde(default)]
    fixtures: Option<serde_json::Value>,
    scenarios: Vec<serde_json::Value>,
}

fn list(f: &mut File) -> &mut Vec<serde_json::Value> {
    &mut f.scenarios
}

/// A cut at every item line the planner may cut at.
fn every(text: &str) -> Option<Plan> {
    plan(text, "scenarios", &vec![0; text.lines().count()])
}

/// Reads `text` in parts at every cut the planner may choose (each item line alone, and all
/// at once), and asserts that each read gives the whole text's value or gives up. Returns how
/// many of them read: 0 when the text is not cut or every cut falls back.
#[track_caller]
fn same(text: &str) -> usize {
    let whole = format!("{:?}", super::super::from_str::<File>(text));
    let Some(all) = every(text) else { return 0 };
    let mut plans = vec![all.clone()];
    plans.extend(all.cuts.iter().map(|&at| Plan { cuts: vec![at], starts: all.starts }));
    let mut read = 0;
    for p in &plans {
        if let Some(value) = read_planned(text, "scenarios", list, p, 2, &By::serde()) {
            assert_eq!(
                format!("{:?}", Ok::<_, Error>(value)),
                whole,
                "cut at {:?}:\n{text}",
                p.cuts
            );
            read += 1;
        }
    }
    read
}

#[test]
fn a_plain_list_is_cut_at_its_items_and_reads_as_one() {
    for (indent, eol) in [("  ", "\n"), ("", "\n"), ("    ", "\r\n"), ("", "\r\n")] {
        let mut text = format!("flows: ../flows{eol}fixtures:{eol}- a.json{eol}scenarios:{eol}");
        for i in 0..20 {
            let _ = write!(
                text,
                "{indent}- name: s{i}{eol}{indent}  flow: F{eol}{indent}  inputs:{eol}{indent}  - '1'{eol}"
            );
        }
        let p = every(&text).expect("a plan");
        assert_eq!(p.cuts.len(), 19, "every item but the first: {text}");
        assert_eq!(same(&text), 20);
        // A cut at the first item line at or after a byte offset.
        let half = text.len() / 2;
        let p = plan(&text, "scenarios", &[half]).expect("a plan");
        assert!(p.cuts.len() == 1 && p.cuts[0] >= half && p.cuts[0] < half + 60, "{p:?}");
    }
}

/// Lines that begin `- ` at the list's column without beginning an item: a cut there falls
/// back, or is never made.
#[test]
fn tricky_lines_fall_back_or_read_alike() {
    let item = "  - name: a\n    flow: F\n";
    let cases = [
        // A quoted scalar's continuation line (which must not be left of the innermost block).
        "  - \"one\n  - two\"\n",
        "  - 'one\n\n  - two'\n",
        "  - name: q\n    note: \"one\n  - two\"\n",
        "  - name: q\n    note: 'one\n  - two'\n",
        "  - name: q\n    note: \"one\n\n  - two\n  - three\"\n",
        // A block scalar: its lines are indented past the list, a blank line is in it.
        "  - name: b\n    text: |\n      - not an item\n\n      - still text\n",
        "  - name: b\n    text: >-\n      folded\n      - text\n",
        // Comments, at any column.
        "# - not an item\n  - name: c\n  # - nor this\n    flow: F\n",
        // A flow collection across lines, whose next line is an item line.
        "  - name: f\n    tags: [a,\n  - b]\n",
        "  - {name: f,\n  - flow: F}\n",
        "  - name: f\n    tags: [a,\n      b]\n",
        // Plain scalars across lines.
        "  - name: p\n    note: one\n      two\n",
        "  - just text\n    more\n",
        // An item whose content starts on the next line.
        "  -\n    name: e\n",
        // Anchors and aliases: the tree's, in one piece.
        "  - &x {name: x}\n  - *x\n",
        "  - name: y\n    flow: &f F\n",
        // Tags.
        "  - name: !!str 12\n    flow: !!str F\n",
        // Nested lists.
        "  - - a\n    - b\n  - [c, d]\n",
        // Tabs.
        "  - name: t\n    flow:\tF\n\t\n",
    ];
    for case in cases {
        let text = format!("scenarios:\n{item}{item}{case}{item}{item}");
        let text = text.replace("name: a", "name: a0");
        same(&text);
        same(&text.replace('\n', "\r\n"));
    }
}

/// Whether parts were read, for texts where the answer is known.
#[test]
fn what_is_cut_and_what_reads() {
    let items = "  - name: a\n  - name: b\n  - name: c\n";
    let reads = |text: &str| same(text);
    assert_eq!(reads(&format!("scenarios:\n{items}")), 3);
    assert_eq!(reads(&format!("---\nflows: x\nscenarios:  # the list\n\n{items}...\n")), 3);
    // After the list: a key (the last part gives up), and no cut past it.
    assert_eq!(reads(&format!("scenarios:\n{items}fixtures: [y]\n")), 0);
    let text = format!("scenarios:\n{items}fixtures:\n  - x.json\n  - name: y\n");
    assert_eq!(every(&text).map(|p| p.cuts.len()), Some(2), "no cut in `fixtures`");
    assert_eq!(reads(&text), 0);
    // A quoted continuation line: the cut there falls back, the others read.
    let text = format!("scenarios:\n{items}  - \"x\n  - y\"\n{items}");
    assert_eq!(every(&text).map(|p| p.cuts.len()), Some(7));
    assert_eq!(reads(&text), 6, "every cut alone but the one inside the quotes");
    // Not cut: a lone `\r` (a line break to the scanner), no item line, no list.
    assert!(every(&format!("scenarios:\n{items}  - name: d\r  - name: e\n")).is_none());
    assert!(every("scenarios: [a,\n  b]\n").is_none());
    assert!(every("scenarios:\n  - # first\n  - b\n").is_none());
    assert!(every("flows:\n  - a\n  - b\n").is_none());
    // `scenarios:` inside a quoted scalar of a flow mapping: the list's start is not where the
    // text puts it, so nothing is read in parts (the whole text is no scenario file).
    let text = "{flows: \"q\nscenarios:\n- x\", scenarios: [{name: a}]}\n- name: b\n- name: c\n";
    assert_eq!(reads(text), 0);
    assert!(super::super::from_str::<File>(text).is_err());
}

#[test]
fn a_late_part_keeps_the_depth_bound() {
    let nested = |n: usize| format!("{}x{}", "[".repeat(n), "]".repeat(n));
    // The whole file's top mapping and list are two levels around an item's value's own.
    let ok = format!("scenarios:\n  - a\n  - {}\n", nested(super::super::MAX_DEPTH - 2));
    let deep = format!("scenarios:\n  - a\n  - {}\n", nested(super::super::MAX_DEPTH - 1));
    assert_eq!(same(&ok), 2);
    assert_eq!(same(&deep), 0);
    assert!(super::super::from_str::<File>(&deep).is_err());
}

#[test]
fn a_large_file_is_read_in_parts_and_its_errors_are_the_whole_texts() {
    let mut text = "flows: ../flows\nscenarios:\n".to_owned();
    for i in 0..6_000 {
        let _ = write!(text, "  - name: scenario {i}\n    flow: F\n    inputs: ['1', \"2\"]\n    expect:\n      status: completed\n");
    }
    assert!(text.len() > MIN_SPLIT_BYTES);
    let parts = read_split(&text, "scenarios", list, 3).expect("read in three parts");
    let whole = super::super::from_str::<File>(&text).unwrap();
    assert_eq!(format!("{parts:?}"), format!("{whole:?}"));
    assert_eq!(parts.scenarios.len(), 6_000);
    // Errors in the second half: the whole text's, at its line and column.
    let late = text.len() * 3 / 4;
    let at = late + text[late..].find("    flow: F\n").unwrap();
    for (from, to) in
        [("    flow: F\n", "    flow: [F\n"), ("    flow: F\n", "    flow: F\n    flow: G\n")]
    {
        let bad = format!("{}{}{}", &text[..at], to, &text[at + from.len()..]);
        assert!(read_split(&bad, "scenarios", list, 3).is_none());
        let e = from_str_split(&bad, "scenarios", list).unwrap_err();
        assert_eq!(e, super::super::from_str::<File>(&bad).unwrap_err());
        assert!(e.pos.is_some_and(|p| p.line > 20_000), "{e}");
    }
    // Small files are read in one piece.
    assert!(read_split("scenarios:\n  - a\n  - b\n", "scenarios", list, 2).is_none());
}

/// One item of a generated file: lines at the item's indentation, the first starting `- `.
fn item(kind: u8, n: usize) -> String {
    match kind % 12 {
        0 => format!("- name: s{n}\n  flow: F\n"),
        1 => format!("- \"s{n}\n- two\"\n"),
        2 => format!("- name: s{n}\n  note: 'one\n\n- two'\n"),
        3 => format!("- name: s{n}\n  text: |\n    - text\n\n    more\n"),
        4 => format!("- name: s{n}\n  tags: [a,\n- b]\n"),
        5 => format!("- name: s{n}\n  tags: [a,\n    b]\n"),
        6 => format!("# - a comment\n- name: s{n}\n  inputs:\n  - '1'\n  - x\n"),
        7 => format!("- &a{n} {{name: s{n}}}\n- *a{n}\n"),
        8 => format!("- {{name: s{n},\n  flow: F}}\n"),
        9 => format!("- name: s{n}\n  note: plain\n    continued\n"),
        10 => format!("- name: s{n}\n  flow: [\n"),
        _ => format!("-\n  name: s{n}\n\n"),
    }
}

proptest! {
    /// Generated files of every tricky form, at three indentations, with LF or CRLF: each cut
    /// reads as the whole text or falls back.
    #[test]
    fn generated_files_read_in_parts_as_in_one(
        kinds in proptest::collection::vec(any::<u8>(), 1..12),
        indent in 0..3usize,
        crlf: bool,
        head: bool,
        tail in 0..4u8,
    ) {
        let pad = " ".repeat(indent * 2);
        let mut text = if head { "flows: x\nfixtures: [a,\n  b]\n".to_owned() } else { String::new() };
        text.push_str("scenarios:\n");
        for (n, kind) in kinds.iter().enumerate() {
            for line in item(*kind, n).lines() {
                if line.is_empty() {
                    text.push('\n');
                } else {
                    let _ = writeln!(text, "{pad}{line}");
                }
            }
        }
        // After the list: nothing, a key, the document's end, a key whose list is at the same
        // column as the scenarios (never cut).
        let fixtures = format!("fixtures:\n{pad}- a.json\n{pad}- name: b\n");
        text.push_str(["", "fixtures: y\n", "# done\n...\n", &fixtures][usize::from(tail)]);
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let read = same(&text);
        // Files of valid items without anchors read in parts at every cut.
        // (An item line of `-` alone is never the first cut: no plan.)
        let plain = kinds.iter().all(|k| [0, 3, 5, 6, 8, 9, 11].contains(&(k % 12)));
        if plain && kinds[0] % 12 != 11 && tail % 2 == 0 && kinds.len() > 1 {
            prop_assert_eq!(read, kinds.len(), "{}", text);
        }
    }
}
