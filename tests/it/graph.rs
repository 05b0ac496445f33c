//! `flowsim graph`: every format on the bundled flows (snapshots), the coverage overlay with
//! counts (and without, from an older report), escaping of hostile names in each format, bad
//! input, and every corpus flow drawn in every format.

use crate::cli::flowsim;
use std::path::Path;

/// Parses text as XML, panicking with the error: SVG must be well-formed.
#[track_caller]
pub fn assert_well_formed_xml(text: &str) {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(_) => {}
            Err(e) => panic!("not well-formed XML at {}: {e}", reader.buffer_position()),
        }
    }
    assert_eq!(depth, 0, "unclosed elements");
}

/// Parses DOT text with layout-rs's own parser (the syntax Graphviz reads).
#[track_caller]
fn assert_dot_parses(text: &str) {
    let mut parser = layout::gv::DotParser::new(text);
    if let Err(e) = parser.process() {
        panic!("the DOT does not parse: {e}\n{text}");
    }
}

#[track_caller]
fn graph(args: &[&str]) -> String {
    let mut all = vec!["graph"];
    all.extend_from_slice(args);
    let o = flowsim(&all);
    assert_eq!(o.code, 0, "{}", o.stderr);
    o.stdout
}

#[test]
fn seeds_json_flow_in_every_format() {
    let flows = ["--flows", "fixtures/flows"];
    let mermaid = graph(&["Queue_Occupancy_Routing", flows[0], flows[1]]);
    insta::assert_snapshot!("queue_routing_mermaid", mermaid);
    let dot = graph(&["Queue_Occupancy_Routing", flows[0], flows[1], "--format", "dot"]);
    assert_dot_parses(&dot);
    insta::assert_snapshot!("queue_routing_dot", dot);
    let svg = graph(&["Queue_Occupancy_Routing", flows[0], flows[1], "--format", "svg"]);
    assert_well_formed_xml(&svg);
    // Every node is a box, every declared path an edge with its label.
    assert_eq!(svg.matches("<g class=\"fsg-box").count(), 19, "{svg}");
    assert_eq!(
        svg.matches("<path class=\"fsg-edge").count(),
        25 - 1,
        "parallel edges (error and timeout to one node) drawn once"
    );
    assert!(svg.contains(">MainMenu.digits == &quot;1&quot;</text>"));
    // Deterministic, byte for byte.
    assert_eq!(svg, graph(&["Queue_Occupancy_Routing", flows[0], flows[1], "--format", "svg"]));
    // A call to another flow is a box of its own, with the edge to it.
    let a = graph(&["Inbound_Flow_A", flows[0], flows[1]]);
    assert!(a.contains("([\"Shared_Module_Language_Select<br/><small>inbound</small>\"])"), "{a}");
    assert!(a.contains("-.->|\"calls\"|"), "{a}");
}

#[test]
fn archy_flow_with_containers_in_every_format() {
    let args = ["Acme Main IVR", "--flows", "fixtures/archy/flows"];
    let mermaid = graph(&args);
    insta::assert_snapshot!("acme_ivr_mermaid", mermaid);
    let mut dot_args = args.to_vec();
    dot_args.extend(["--format", "dot"]);
    let dot = graph(&dot_args);
    assert_dot_parses(&dot);
    insta::assert_snapshot!("acme_ivr_dot", dot);
    let mut svg_args = args.to_vec();
    svg_args.extend(["--format", "svg"]);
    let svg = graph(&svg_args);
    assert_well_formed_xml(&svg);
    insta::assert_snapshot!("acme_ivr_svg", svg);
    // Containers are framed and titled; jumps end in a stub that links to their frame.
    for title in
        ["menu: Main Menu", "task: Check Hours", "task: Account Balance", "reusableTask: Goodbye"]
    {
        assert!(svg.contains(&format!(">{title}</text>")), "{title}");
    }
    assert!(svg.contains("<a href=\"#fsg-c"), "a jump links to its container");
    // A common module the flow calls is a box; a reusable task's call is an edge.
    assert!(mermaid.contains("Customer Lookup<br/><small>commonModule</small>"), "{mermaid}");
    assert!(mermaid.contains("-.->|\"call\"|"), "{mermaid}");
}

#[test]
fn coverage_overlay_with_counts_and_from_an_older_report() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let cov = dir.path().join("coverage.json");
    let cov_s = cov.to_str().expect("utf-8 path");
    let o = flowsim(&[
        "test",
        "fixtures/scenarios/queue-routing.scenarios.yaml",
        "--filter",
        "support has enough agents",
        "--coverage-out",
        cov_s,
    ]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let args = ["Queue_Occupancy_Routing", "--flows", "fixtures/flows", "--coverage", cov_s];
    let mermaid = graph(&args);
    insta::assert_snapshot!("queue_routing_coverage_mermaid", mermaid);
    let mut svg_args = args.to_vec();
    svg_args.extend(["--format", "svg"]);
    let svg = graph(&svg_args);
    assert_well_formed_xml(&svg);
    assert!(svg.contains("coverage nodes 9/19, edges 8/25"), "{svg}");
    assert_eq!(svg.matches("<g class=\"fsg-box fsg-hit").count(), 9);
    assert_eq!(svg.matches("<g class=\"fsg-box fsg-miss").count(), 10);
    assert!(
        svg.contains("<title>PickSupport (Set), id PickSupport: run 1 time(s)</title>"),
        "{svg}"
    );
    let mut dot_args = args.to_vec();
    dot_args.extend(["--format", "dot"]);
    let dot = graph(&dot_args);
    assert_dot_parses(&dot);
    assert!(
        dot.contains(
            "n2 -> n7 [label=\"MainMenu.digits == \\\"2\\\" ×1\", color=\"#2e7d32\", penwidth=2];"
        ),
        "{dot}"
    );

    // A report written before counts existed: covered or not, no counts.
    let text = std::fs::read_to_string(&cov).expect("the report reads");
    let mut json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    for f in json.as_array_mut().expect("a list") {
        f.as_object_mut().expect("an object").remove("hits");
    }
    let old = dir.path().join("old.json");
    std::fs::write(&old, serde_json::to_string(&json).expect("JSON")).expect("written");
    let old_s = old.to_str().expect("utf-8 path");
    let plain =
        graph(&["Queue_Occupancy_Routing", "--flows", "fixtures/flows", "--coverage", old_s]);
    assert!(plain.contains("class n0,n1,n2,n7,n8,n9,n10,n11,n18 hit"), "{plain}");
    assert!(!plain.contains("×1"), "no counts without them: {plain}");
    assert!(plain.contains("×0"), "uncovered is still marked: {plain}");

    // A report with nothing for the flow, and a file that is no report: exit 2, named.
    let o = flowsim(&[
        "graph",
        "Acme Main IVR",
        "--flows",
        "fixtures/archy/flows",
        "--coverage",
        cov_s,
    ]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("has no coverage for flow `Acme Main IVR` (draft)"), "{}", o.stderr);
    let o = flowsim(&[
        "graph",
        "Contact_Lookup",
        "--flows",
        "fixtures/flows",
        "--coverage",
        "fixtures/flows/contact_lookup.json",
    ]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("error[badCoverage]") && o.stderr.contains("not a coverage report"),
        "{}",
        o.stderr
    );
}

/// A seeds' JSON flow whose names hold every character that means something in one of the
/// formats.
const HOSTILE: &str = r#"{
  "id": "hostile",
  "name": "A \"quoted\" <flow> & co",
  "type": "inbound",
  "draft": {
    "startNode": "Ask",
    "nodes": {
      "Ask": {"id": "Ask", "type": "Gather", "name": "Press # or | `x` [y] {z} \"1\"\nthen <b>",
        "properties": {"promptText": "Say \"hi\" & <bye>", "maxDigits": 1},
        "onComplete": {"nextNode": "Check"}},
      "Check": {"id": "Check", "type": "If", "name": "a\\b --> c;end",
        "properties": {"conditions": [{"expression": "Ask.digits == \"<&>\"", "nextNode": "Bye"}],
          "defaultNextNode": "Bye"}},
      "Bye": {"id": "Bye", "type": "End", "name": "end", "properties": {"endType": "normal"}}
    }
  }
}"#;

#[test]
fn labels_are_escaped_in_every_format() {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(dir.path().join("hostile.json"), HOSTILE).expect("written");
    let flows = dir.path().to_str().expect("utf-8 path");
    let name = "A \"quoted\" <flow> & co";
    let mermaid = graph(&[name, "--flows", flows]);
    insta::assert_snapshot!("hostile_mermaid", mermaid);
    // Inside a quoted Mermaid label, nothing but entity codes for the specials.
    for line in mermaid.lines().filter(|l| l.contains("[\"") || l.contains("|\"")) {
        let inner: Vec<&str> = line.split('"').collect();
        assert_eq!(inner.len(), 3, "exactly one quoted label: {line}");
        for bad in ['<', '>', '&', '|', '`', '[', ']', '{', '}', '#'] {
            let label = inner[1]
                .replace("<br/>", "")
                .replace("<small>", "")
                .replace("</small>", "")
                .replace("<i>", "")
                .replace("</i>", "");
            let label = label
                .replace("#quot;", "")
                .replace("#lt;", "")
                .replace("#gt;", "")
                .replace("#amp;", "")
                .replace("#35;", "")
                .replace("#124;", "")
                .replace("#96;", "")
                .replace("#91;", "")
                .replace("#93;", "")
                .replace("#123;", "")
                .replace("#125;", "");
            assert!(!label.contains(bad), "`{bad}` unescaped in {line}");
        }
    }
    let dot = graph(&[name, "--flows", flows, "--format", "dot"]);
    assert_dot_parses(&dot);
    insta::assert_snapshot!("hostile_dot", dot);
    let svg = graph(&[name, "--flows", flows, "--format", "svg"]);
    assert_well_formed_xml(&svg);
    assert!(svg.contains("A &quot;quoted&quot; &lt;flow&gt; &amp; co"), "{svg}");
    assert!(!svg.contains("<b>"), "no markup gets through");
}

#[test]
fn bad_input_exits_2_with_a_fix() {
    let o = flowsim(&["graph", "Queue_Ocupancy_Routing", "--flows", "fixtures/flows"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("error[flowNotFound]"), "{}", o.stderr);
    assert!(o.stderr.contains("did you mean `Queue_Occupancy_Routing`?"), "{}", o.stderr);
    let o = flowsim(&["graph", "Contact_Lookup", "--flows", "fixtures/flows", "--published"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("has no published version"), "{}", o.stderr);
    let o = flowsim(&[
        "graph",
        "Contact_Lookup",
        "--flows",
        "fixtures/flows",
        "--coverage",
        "no/such.json",
    ]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("no/such.json"), "{}", o.stderr);
    let o = flowsim(&["graph", "Contact_Lookup", "--flows", "fixtures/flows", "--format", "png"]);
    assert_eq!(o.code, 2);
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let out = dir.path().join("flow.svg");
    let o = flowsim(&[
        "graph",
        "Contact_Lookup",
        "--flows",
        "fixtures/flows",
        "--format",
        "svg",
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.is_empty());
    let svg = std::fs::read_to_string(&out).expect("written");
    assert_well_formed_xml(&svg);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
}

/// Every flow of the corpus, drawn in every format through the library (the CLI's path).
#[test]
#[cfg_attr(
    flowsim_missing = "corpus",
    ignore = "needs the flow corpus: set FLOWSIM_CORPUS or put it at ../shared/corpus"
)]
fn every_corpus_flow_is_drawn_in_every_format() {
    let dir = crate::support::corpus_dir();
    let mut drawn = 0;
    for sub in ["archy", "i3"] {
        let mut files: Vec<_> = std::fs::read_dir(dir.join(sub))
            .expect("reads")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        for file in files {
            let report = load_with_dummies(&file);
            let Some(reg) = report.registry else { continue };
            for flow in reg.flows() {
                let graph = flowsim::view::build(&reg, flow, flowsim::flow::Version::Draft)
                    .expect("a draft");
                assert!(!graph.boxes.is_empty(), "{}", file.display());
                let svg = flowsim::view::svg::render(&graph, "t-");
                assert_well_formed_xml(&svg);
                assert_dot_parses(&flowsim::view::dot::render(&graph));
                let mermaid = flowsim::view::mermaid::render(&graph);
                assert!(mermaid.contains("flowchart TD"));
                assert_eq!(svg, flowsim::view::svg::render(&graph, "t-"), "deterministic");
                drawn += 1;
            }
        }
    }
    assert!(drawn >= 50, "only {drawn} corpus flows drawn");
}

/// Loads one corpus file with every `{{key}}` filled with `x_key`.
fn load_with_dummies(file: &Path) -> flowsim::flow::LoadReport {
    let text = std::fs::read_to_string(file).expect("reads");
    let mut options = flowsim::flow::registry::LoadOptions::default();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let key = after[..end].trim().to_owned();
        options.substitutions.values.insert(key.clone(), format!("x_{key}"));
        rest = &after[end + 2..];
    }
    flowsim::flow::Registry::load_paths(&[file.to_path_buf()], &options)
}

/// A menu whose choices have digits (`digit_star` among them) and a default choice.
const MENU_FLOW: &str = r#"inboundCall:
  name: Tiny Menu
  startUpRef: "/inboundCall/menus/menu[Main_1]"
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  menus:
    - menu:
        name: Main
        refId: Main_1
        audio:
          tts: Press 1 to hear this again, star to hang up.
        defaultChildMenuRef: ./choices/menuDisconnect[Hang up]
        choices:
          - menuRepeat:
              name: Again
              dtmf: digit_1
          - menuDisconnect:
              name: Hang up
              dtmf: digit_star
"#;

#[test]
fn menu_choices_show_their_digits_and_the_default() {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(dir.path().join("menu.yaml"), MENU_FLOW).expect("written");
    let flows = dir.path().to_str().expect("utf-8 path");
    let mermaid = graph(&["Tiny Menu", "--flows", flows]);
    assert!(mermaid.contains("n0 -->|\"1 Again\"| n1"), "{mermaid}");
    assert!(mermaid.contains("n0 -->|\"* Hang up (default)\"| n2"), "{mermaid}");
    let dot = graph(&["Tiny Menu", "--flows", flows, "--format", "dot"]);
    assert_dot_parses(&dot);
    assert!(dot.contains("n0 -> n1 [label=\"1 Again\"]"), "{dot}");
    assert!(dot.contains("n0 -> n2 [label=\"* Hang up (default)\"]"), "{dot}");
    let svg = graph(&["Tiny Menu", "--flows", flows, "--format", "svg"]);
    assert_well_formed_xml(&svg);
    assert!(svg.contains(">1 Again</text>"), "{svg}");
    assert!(svg.contains(">* Hang up (default)</text>"), "{svg}");
    // An export's menu: `dtmf` and the default choice by its id (an older export's `digit`
    // 10 is `#`).
    let task = |id: &str| {
        serde_json::json!({"__type": "Task", "id": id, "name": id, "startAction": format!("{id}x"),
            "paths": [{"label": "Default", "outputId": "__DEFAULT__"}],
            "actionList": [{"__type": "DisconnectAction", "id": format!("{id}x")}]})
    };
    let choice = |id: &str, name: &str, key: (&str, serde_json::Value), task: &str| {
        let mut c = serde_json::json!({"id": id, "name": name,
            "action": {"__type": "TaskAction", "id": format!("a{id}"), "taskReference": task}});
        c[key.0] = key.1;
        c
    };
    let export = serde_json::json!({
        "name": "Exported Menu", "type": "INBOUNDCALL", "initialSequence": "m1",
        "flowSequenceItemList": [
            {"__type": "Menu", "id": "m1", "name": "Main Menu", "defaultMenuChoice": "c2",
             "menuChoiceList": [
                choice("c1", "Sales", ("dtmf", "1".into()), "t1"),
                choice("c2", "Operator", ("digit", 10.into()), "t2"),
             ]},
            task("t1"),
            task("t2"),
        ],
    });
    std::fs::write(dir.path().join("Exported Menu.i3InboundFlow"), export.to_string())
        .expect("written");
    let mermaid = graph(&["Exported Menu", "--flows", flows]);
    assert!(mermaid.contains("|\"1 Sales\"|"), "{mermaid}");
    assert!(mermaid.contains("|\"#35; Operator (default)\"|"), "{mermaid}");
    let dot = graph(&["Exported Menu", "--flows", flows, "--format", "dot"]);
    assert!(dot.contains("[label=\"# Operator (default)\""), "{dot}");

    // Without a default, no choice is marked; Acme's menu has digits 1, 2, 3, 8, 9.
    let acme = graph(&["Acme Main IVR", "--flows", "fixtures/archy/flows"]);
    for label in ["1 Balance", "2 Support", "3 Account services", "8 Repeat", "9 Hang up"] {
        assert!(acme.contains(&format!("|\"{label}\"|")), "{label}: {acme}");
    }
    assert!(!acme.contains("(default)"), "{acme}");
}

/// A bot whose asks offer six intents (one turned off), a slot, three choices and six.
const BOT_FLOW: &str = r#"botFlow:
  name: Ask Bot
  startUpRef: "/botFlow/bots/bot[B_1]"
  bots:
    - bot:
        name: Main
        refId: B_1
        actions:
          - askForIntent:
              name: What now
              question: {exp: 'MakeCommunication("What would you like?")'}
              outputs:
                intents:
                  - intent: {name: Order Status, actions: [{exitBotFlow: {name: E1}}]}
                  - intent: {name: Change Delivery, actions: [{exitBotFlow: {name: E2}}]}
                  - intent: {name: Cancel Order, actions: [{exitBotFlow: {name: E3}}]}
                  - intent: {name: Off, enabled: false, actions: [{exitBotFlow: {name: E4}}]}
                  - intent: {name: Refund, actions: [{exitBotFlow: {name: E5}}]}
                  - intent: {name: Invoice, actions: [{exitBotFlow: {name: E6}}]}
          - askForSlot:
              name: Order number
              slot: {name: OrderNumber}
              question: {exp: 'MakeCommunication("Your order number?")'}
          - digitalMenu:
              name: Pick
              question: {exp: 'MakeCommunication("Billing, Sales or Delivery?")'}
              outputs:
                choices:
                  - choice: {name: Billing, actions: [{exitBotFlow: {name: M1}}]}
                  - choice: {name: Sales, actions: [{exitBotFlow: {name: M2}}]}
                  - choice: {name: Delivery, actions: [{exitBotFlow: {name: M3}}]}
          - digitalMenu:
              name: Letters
              question: {exp: 'MakeCommunication("A to F?")'}
              outputs:
                choices:
                  - choice: {name: A, actions: [{exitBotFlow: {name: L1}}]}
                  - choice: {name: B, actions: [{exitBotFlow: {name: L2}}]}
                  - choice: {name: C, actions: [{exitBotFlow: {name: L3}}]}
                  - choice: {name: D, actions: [{exitBotFlow: {name: L4}}]}
                  - choice: {name: E, actions: [{exitBotFlow: {name: L5}}]}
                  - choice: {name: F, actions: [{exitBotFlow: {name: L6}}]}
          - exitBotFlow: {name: Exit}
"#;

#[test]
fn bot_asks_show_their_intents_slots_and_choices() {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(dir.path().join("bot.yaml"), BOT_FLOW).expect("written");
    let flows = dir.path().to_str().expect("utf-8 path");
    let intents = "intents: Order Status, Change Delivery, Cancel Order +2 more";
    let mermaid = graph(&["Ask Bot", "--flows", flows]);
    assert!(mermaid.contains(&format!("<i>{intents}</i>")), "{mermaid}");
    assert!(!mermaid.contains("Off,"), "a turned-off intent is not offered: {mermaid}");
    assert!(mermaid.contains("<i>slot: OrderNumber</i>"), "{mermaid}");
    assert!(mermaid.contains("<i>choices: Billing, Sales, Delivery</i>"), "{mermaid}");
    // However short the names, four at most.
    assert!(mermaid.contains("<i>choices: A, B, C, D +2 more</i>"), "{mermaid}");
    let dot = graph(&["Ask Bot", "--flows", flows, "--format", "dot"]);
    assert_dot_parses(&dot);
    for detail in [intents, "slot: OrderNumber", "choices: Billing, Sales, Delivery"] {
        assert!(dot.contains(&format!("\\n{detail}\\n")), "{detail}: {dot}");
    }
    let svg = graph(&["Ask Bot", "--flows", flows, "--format", "svg"]);
    assert_well_formed_xml(&svg);
    for detail in [intents, "slot: OrderNumber", "choices: Billing, Sales, Delivery"] {
        assert!(
            svg.contains(&format!("text-anchor=\"middle\">{detail}</text>")),
            "{detail}: {svg}"
        );
    }
}

/// A seeds' JSON flow of one End node, named `name`.
fn one_node_flow(id: &str, name: &str) -> String {
    serde_json::json!({
        "id": id, "name": name, "type": "inbound",
        "draft": {"startNode": "Bye", "nodes": {
            "Bye": {"id": "Bye", "type": "End", "name": "Bye", "properties": {"endType": "normal"}}
        }}
    })
    .to_string()
}

/// A seeds' JSON flow whose `If` has `n` conditions, each to a Say of its own: one row of
/// `n` boxes.
fn wide_flow(n: usize) -> String {
    let mut nodes = serde_json::Map::new();
    let conditions: Vec<_> = (0..n)
        .map(|i| serde_json::json!({"expression": format!("Call.Ani == \"{i}\""), "nextNode": format!("Say{i}")}))
        .collect();
    nodes.insert(
        "Pick".into(),
        serde_json::json!({"id": "Pick", "type": "If", "name": "Pick",
            "properties": {"conditions": conditions, "defaultNextNode": "Bye"}}),
    );
    for i in 0..n {
        nodes.insert(
            format!("Say{i}"),
            serde_json::json!({"id": format!("Say{i}"), "type": "Say", "name": format!("Say number {i}"),
                "properties": {"sayText": "hi"}, "onComplete": {"nextNode": "Bye"}}),
        );
    }
    nodes.insert(
        "Bye".into(),
        serde_json::json!({"id": "Bye", "type": "End", "name": "Bye", "properties": {"endType": "normal"}}),
    );
    serde_json::json!({"id": "wide", "name": "Wide", "type": "inbound",
        "draft": {"startNode": "Pick", "nodes": nodes}})
    .to_string()
}

/// The number in attribute `name="…"` of the first `element` whose text starts with `start`.
fn attr(svg: &str, start: &str, name: &str) -> f64 {
    let at = svg.find(start).unwrap_or_else(|| panic!("no `{start}` in {svg}"));
    let tail = &svg[at..];
    let key = format!(" {name}=\"");
    let from = tail.find(&key).unwrap_or_else(|| panic!("no {name} in {tail}")) + key.len();
    let to = tail[from..].find('"').expect("a closing quote") + from;
    tail[from..to].parse().unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The `viewBox`'s width.
fn view_width(svg: &str) -> f64 {
    let from = svg.find("viewBox=\"0 0 ").expect("a viewBox") + "viewBox=\"0 0 ".len();
    let w = svg[from..].split(' ').next().expect("a width");
    w.parse().expect("a number")
}

/// Asserts that the text of the first element starting `start` (`size` px, `per_em` of it per
/// character: a generous average for sans-serif, independent of flowsim's own estimate) ends
/// inside the viewBox.
#[track_caller]
fn assert_text_fits(svg: &str, start: &str, text: &str, size: f64, per_em: f64) {
    let x = attr(svg, start, "x");
    let end = x + text.chars().count() as f64 * size * per_em;
    let width = view_width(svg);
    assert!(end <= width, "`{text}` ends at {end}, the viewBox is {width} wide");
}

#[test]
fn the_title_and_legend_fit_however_narrow_or_wide_the_picture() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let long = "Customer Care Overflow Routing For Weekend And Holiday Closures (Western Region)";
    std::fs::write(dir.path().join("long.json"), one_node_flow("long", long)).expect("written");
    std::fs::write(dir.path().join("tiny.json"), one_node_flow("tiny", "Tiny")).expect("written");
    std::fs::write(dir.path().join("wide.json"), wide_flow(40)).expect("written");
    let flows = dir.path().to_str().expect("utf-8 path");

    // One box, a title far wider than it: the canvas grows to hold the title.
    let svg = graph(&[long, "--flows", flows, "--format", "svg"]);
    assert_well_formed_xml(&svg);
    let title = format!("{long} (inbound)");
    assert!(svg.contains(&format!(">{title}</text>")), "{svg}");
    assert_text_fits(&svg, "<text class=\"fsg-title\"", &title, 13.0, 0.6);
    assert!(svg.contains(&format!("width=\"{}\"", view_width(&svg))), "width and viewBox agree");

    // One box with coverage: the legend is wider than the box and the title.
    let out = tempfile::tempdir().expect("a temp dir");
    let scenarios = out.path().join("tiny.scenarios.yaml");
    std::fs::write(
        &scenarios,
        format!(
            "flows: {flows}\nscenarios:\n  - name: bye\n    flow: Tiny\n    expect: {{status: completed}}\n"
        ),
    )
    .expect("written");
    let cov = out.path().join("coverage.json");
    let o = flowsim(&[
        "test",
        scenarios.to_str().expect("utf-8"),
        "--coverage-out",
        cov.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let svg = graph(&[
        "Tiny",
        "--flows",
        flows,
        "--format",
        "svg",
        "--coverage",
        cov.to_str().expect("utf-8"),
    ]);
    assert_well_formed_xml(&svg);
    assert_text_fits(&svg, "<text class=\"fsg-legend\"", flowsim::view::svg::LEGEND, 11.0, 0.55);
    assert_text_fits(
        &svg,
        "<text class=\"fsg-title\"",
        "Tiny (inbound): coverage nodes 1/1, edges 0/0",
        13.0,
        0.6,
    );

    // Forty boxes in a row: the canvas is the layout's width, every box inside it.
    let svg = graph(&["Wide", "--flows", flows, "--format", "svg"]);
    assert_well_formed_xml(&svg);
    let width = view_width(&svg);
    assert!(width > 40.0 * 96.0, "forty boxes side by side: {width}");
    assert_text_fits(&svg, "<text class=\"fsg-title\"", "Wide (inbound)", 13.0, 0.6);
    let mut rects = 0;
    for (at, _) in svg.match_indices("<rect x=\"") {
        let right = attr(&svg[at..], "<rect", "x") + attr(&svg[at..], "<rect", "width");
        assert!(right <= width, "a rect ends at {right}, past {width}");
        rects += 1;
    }
    assert!(rects > 40, "{rects} rects");
}

/// An inbound call flow `Many Actions` of `tasks` tasks, each `per` actions long: `per - 1`
/// prompts, then a jump to the next task (the last disconnects).
fn many_actions(tasks: usize, per: usize) -> String {
    use std::fmt::Write as _;
    let mut out = String::from(
        "inboundCall:\n  name: Many Actions\n  division: Home\n  startUpRef: \"/inboundCall/tasks/task[T_0]\"\n  defaultLanguage: en-us\n  supportedLanguages:\n    en-us:\n      defaultLanguageSkill:\n        noValue: true\n  settingsErrorHandling:\n    errorHandling:\n      disconnect:\n        none: true\n  tasks:\n",
    );
    for t in 0..tasks {
        let _ = write!(
            out,
            "    - task:\n        name: T{t}\n        refId: T_{t}\n        actions:\n"
        );
        for a in 0..per - 1 {
            let _ = write!(
                out,
                "          - playAudio:\n              name: P{t}_{a}\n              audio:\n                tts: hello\n"
            );
        }
        if t + 1 < tasks {
            let _ = write!(out, "          - jumpToTask:\n              name: J{t}\n              targetTaskRef: \"/inboundCall/tasks/task[T_{}]\"\n", t + 1);
        } else {
            out.push_str("          - disconnect:\n              name: Bye\n");
        }
    }
    out
}

/// The diagram of [`many_actions`], built through the library.
fn many_actions_graph(tasks: usize, per: usize) -> flowsim::view::FlowGraph {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("many.yaml"), many_actions(tasks, per)).unwrap();
    let report = flowsim::flow::Registry::load_dir(dir.path());
    let reg = report.registry.expect("loads");
    let flow = reg.flows().first().expect("a flow");
    flowsim::view::build(&reg, flow, flowsim::flow::Version::Draft).expect("a draft")
}

/// A container past what `layout-rs` is given (once refused as `unsupported` past 2,000
/// boxes) is drawn whole, through the CLI.
#[test]
fn a_container_of_3000_actions_is_drawn_whole() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("many.yaml"), many_actions(1, 3000)).unwrap();
    let flows = dir.path().to_str().unwrap();
    let svg = graph(&["Many Actions", "--flows", flows, "--format", "svg"]);
    assert_well_formed_xml(&svg);
    for name in ["P0_0", "P0_1499", "P0_2998", "Bye"] {
        assert!(svg.contains(&format!("{name}</text>")), "{name} is drawn");
    }
    // Every action, and the flow's own start box.
    assert!(svg.matches("<g class=\"fsg-box").count() >= 3000);
    assert!(svg.matches("<path class=\"fsg-edge").count() >= 2999);
}

/// A flow of 150,000 actions (75 tasks of 2,000, each one box past the old limit of 2,000 that
/// refused it; 1,999 a task took 8 s of CPU in layout-rs) is laid out whole; the layout's work
/// is counted, not timed.
#[test]
fn a_150000_action_flow_is_drawn_whole() {
    let graph = many_actions_graph(75, 2000);
    let pic = flowsim::view::layout::picture(&graph);
    assert!(pic.items.iter().filter(|i| i.source.is_some()).count() >= 150_000);
    assert_eq!(pic.frames.len(), 75 + usize::from(pic.frames.iter().any(|f| f.group.is_none())));
    assert_eq!(pic.layered, 75, "each task is past what layout-rs is given");
    let size = (pic.items.len() + pic.lines.len()) as u64;
    assert!(pic.layered_work <= 6 * size, "{} visits for {size} boxes and edges", pic.layered_work);
    assert!(pic.items.iter().all(|i| i.x.is_finite() && i.y.is_finite() && i.w > 0.0));
}

/// The layered layout's work at n and 2n boxes in one container: linear (twice the work, not
/// four times).
#[test]
fn the_layered_layout_costs_linear_work() {
    let work = |n: usize| flowsim::view::layout::picture(&many_actions_graph(1, n)).layered_work;
    let (one, two) = (work(5_000), work(10_000));
    assert!(one > 10_000, "{one}");
    assert!(two * 10 <= one * 21, "n: {one} visits, 2n: {two}");
}

/// The `<rect>`s of an SVG whose opening tag contains `marker`, as `(x, y, w, h)`.
fn rects(svg: &str, marker: &str) -> Vec<(f64, f64, f64, f64)> {
    let attr = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        tag[start..start + tag[start..].find('"').unwrap()].parse().unwrap()
    };
    svg.split("<rect ")
        .skip(1)
        .map(|t| format!(" {}", &t[..t.find("/>").unwrap()]))
        .filter(|t| t.contains(marker))
        .map(|t| (attr(&t, "x"), attr(&t, "y"), attr(&t, "width"), attr(&t, "height")))
        .collect()
}

/// A menu of eight choices with long names: eight labelled edges side by side.
const WIDE_MENU: &str = r#"inboundCall:
  name: Wide Menu
  startUpRef: "/inboundCall/menus/menu[Main_1]"
  defaultLanguage: en-us
  menus:
    - menu:
        name: Main
        refId: Main_1
        audio:
          tts: Pick one.
        defaultChildMenuRef: ./choices/menuDisconnect[Leave by option 1]
        choices:
          - menuDisconnect:
              name: Leave by option 1
              dtmf: digit_1
          - menuDisconnect:
              name: Leave by option 2
              dtmf: digit_2
          - menuDisconnect:
              name: Leave by option 3
              dtmf: digit_3
          - menuDisconnect:
              name: Leave by option 4
              dtmf: digit_4
          - menuDisconnect:
              name: Leave by option 5
              dtmf: digit_5
          - menuDisconnect:
              name: Leave by option 6
              dtmf: digit_6
          - menuDisconnect:
              name: Leave by option 7
              dtmf: digit_7
          - menuDisconnect:
              name: Leave by option 8
              dtmf: digit_8
"#;

/// Issue 76: edge labels are laid out apart: in the SVG of every bundled flow, no label's
/// backing box overlaps another's, nor a step's box; nor in a menu of eight long choices.
#[test]
fn edge_labels_never_overlap_each_other_or_a_box() {
    let overlap = |a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)| {
        a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = ["fixtures/archy/flows", "fixtures/flows"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("wide_menu.yaml"), WIDE_MENU).unwrap();
    files.push(dir.path().join("wide_menu.yaml"));
    let mut labels_seen = 0;
    for file in &files {
        let svg = graph(&["--flows", file.to_str().unwrap(), "--format", "svg"]);
        let labels = rects(&svg, "fill-opacity=\"0.85\"");
        // A step's box has a stroke width; a label's backing box and a container's frame not.
        let boxes = rects(&svg, " stroke-width=\"");
        labels_seen += labels.len();
        for (i, &a) in labels.iter().enumerate() {
            for &b in &labels[i + 1..] {
                assert!(!overlap(a, b), "{}: labels {a:?} and {b:?} overlap", file.display());
            }
            for &b in &boxes {
                assert!(!overlap(a, b), "{}: label {a:?} covers box {b:?}", file.display());
            }
        }
    }
    assert!(labels_seen > 20, "the bundled flows have labelled edges: {labels_seen}");
}
