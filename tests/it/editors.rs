//! The editors' set-ups (docs/editor.md) agree with what the repository ships: the Neovim and
//! Helix snippets are the files in editors/, the VS Code extension's manifest contributes the
//! settings and commands the page lists, its code registers them, and every set-up starts
//! `flowsim lsp` at `flowsim.toml` on the same files. tools/editor/check.sh builds and packages
//! the extension and loads the Neovim set-up in a headless Neovim (CI, after the tests); the
//! screen renderer of tools/editor/pictures.sh is tested here.

use crate::support::root;
use serde_json::Value;
use std::collections::BTreeMap;

#[track_caller]
fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn page() -> String {
    read("docs/editor.md")
}

fn manifest() -> Value {
    serde_json::from_str(&read("editors/vscode/package.json")).expect("package.json is JSON")
}

/// The bodies of a page's fenced blocks of one language, in order.
fn fenced(text: &str, language: &str) -> Vec<String> {
    let (mut blocks, mut current) = (Vec::new(), None::<String>);
    for line in text.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(info)) if info == language => current = Some(String::new()),
            (Some(body), Some("")) => {
                blocks.push(std::mem::take(body));
                current = None;
            }
            (Some(body), _) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

/// The rows of the page's table whose first cell starts with `first`: each row's cells, trimmed.
fn rows(text: &str, first: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter(|l| l.starts_with(first))
        .map(|l| l.trim_end_matches('|').split(" | ").map(|c| c.trim().to_owned()).collect())
        .collect()
}

#[track_caller]
fn shows_verbatim(file: &str, language: &str) {
    let body = read(file);
    let blocks = fenced(&page(), language);
    assert!(
        blocks.contains(&body),
        "docs/editor.md shows no ```{language} block identical to {file}; its blocks:\n{}",
        blocks.join("\n---\n")
    );
}

#[test]
fn the_page_shows_the_neovim_set_up_as_the_file_holds_it() {
    shows_verbatim("editors/nvim/flowsim.lua", "lua");
}

#[test]
fn the_page_shows_the_helix_set_up_as_the_file_holds_it() {
    shows_verbatim("editors/helix/languages.toml", "toml");
}

#[test]
fn the_extension_contributes_the_settings_the_page_lists_with_their_defaults() {
    let manifest = manifest();
    let properties = manifest["contributes"]["configuration"]["properties"]
        .as_object()
        .expect("contributes.configuration.properties");
    let contributed: BTreeMap<String, String> = properties
        .iter()
        .map(|(key, p)| (format!("`{key}`"), format!("`{}`", p["default"])))
        .collect();
    let documented: BTreeMap<String, String> = rows(&page(), "`flowsim.")
        .into_iter()
        .map(|cells| (cells[0].clone(), cells[1].clone()))
        .collect();
    assert_eq!(documented, contributed);
    assert!(contributed.contains_key("`flowsim.path`"), "{contributed:?}");
    assert!(contributed.contains_key("`flowsim.trace.server`"), "{contributed:?}");
}

#[test]
fn the_extension_contributes_and_registers_the_commands_the_page_lists() {
    let manifest = manifest();
    let contributed: BTreeMap<String, String> = manifest["contributes"]["commands"]
        .as_array()
        .expect("contributes.commands")
        .iter()
        .map(|c| (format!("`{}`", c["command"].as_str().unwrap()), c["title"].to_string()))
        .map(|(id, title)| (id, title.trim_matches('"').to_owned()))
        .collect();
    let documented: BTreeMap<String, String> = rows(&page(), "flowsim: ")
        .into_iter()
        .map(|cells| (cells[1].clone(), cells[0].clone()))
        .collect();
    assert_eq!(documented, contributed);
    assert!(contributed.contains_key("`flowsim.runScenarioInTerminal`"), "{contributed:?}");
    // The lenses' command is the server's: the language client registers it, and a second
    // registration of the same id would stop the client from starting.
    assert!(!contributed.contains_key("`flowsim.runScenario`"), "{contributed:?}");

    let source = read("editors/vscode/src/extension.ts");
    let registered: Vec<String> = source
        .split("registerCommand(\"")
        .skip(1)
        .map(|rest| format!("`{}`", &rest[..rest.find('"').unwrap()]))
        .collect();
    let mut sorted = registered.clone();
    sorted.sort();
    assert_eq!(sorted, contributed.keys().cloned().collect::<Vec<_>>(), "{registered:?}");
}

#[test]
fn the_extension_pins_its_dependencies_and_builds_with_its_lockfile() {
    let manifest = manifest();
    let mut pinned = 0;
    for table in ["dependencies", "devDependencies"] {
        for (name, version) in manifest[table].as_object().unwrap() {
            let version = version.as_str().unwrap();
            assert!(
                version.chars().all(|c| c.is_ascii_digit() || c == '.'),
                "{table}.{name} = {version:?} is not an exact version"
            );
            pinned += 1;
        }
    }
    assert!(pinned >= 4, "{pinned}");
    assert!(manifest["dependencies"]["vscode-languageclient"].is_string());
    assert!(manifest["devDependencies"]["@vscode/vsce"].is_string());
    // vsce refuses a package whose @types/vscode is newer than the editors it claims.
    let engine = manifest["engines"]["vscode"].as_str().unwrap();
    let types = manifest["devDependencies"]["@types/vscode"].as_str().unwrap();
    assert_eq!(engine.trim_start_matches('^'), types);
    let lock: Value = serde_json::from_str(&read("editors/vscode/package-lock.json")).unwrap();
    for (name, version) in manifest["devDependencies"].as_object().unwrap() {
        let locked = &lock["packages"][format!("node_modules/{name}")]["version"];
        assert_eq!(locked, version, "package-lock.json holds {name} at {locked}");
    }
    let ignored = read("editors/vscode/.gitignore");
    for generated in ["node_modules/", "out/", "*.vsix"] {
        assert!(ignored.lines().any(|l| l == generated), "editors/vscode/.gitignore: {generated}");
    }
}

#[test]
fn every_editor_starts_flowsim_lsp_at_the_project_file_on_the_same_files() {
    let manifest = manifest();
    let source = read("editors/vscode/src/extension.ts");
    assert!(source.contains("args: [\"lsp\"]"), "the extension starts `flowsim lsp`");
    assert!(
        manifest["activationEvents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e == "workspaceContains:**/flowsim.toml"),
        "the extension starts in a project"
    );
    let export = &manifest["contributes"]["languages"][0];
    assert_eq!(export["id"], "architect-export");
    assert_eq!(export["filenamePatterns"], serde_json::json!(["*.i3*"]));

    let nvim = read("editors/nvim/flowsim.lua");
    for part in [
        r#"cmd = { "flowsim", "lsp" }"#,
        r#"filetypes = { "yaml", "json", "architect-export" }"#,
        r#"root_markers = { "flowsim.toml" }"#,
        r#"pattern = "*.i3*""#,
        r#"command = "setfiletype architect-export""#,
    ] {
        assert!(nvim.contains(part), "editors/nvim/flowsim.lua lacks {part}");
    }

    let helix: toml::Table = toml::from_str(&read("editors/helix/languages.toml")).unwrap();
    let server = &helix["language-server"]["flowsim"];
    assert_eq!(server["command"].as_str(), Some("flowsim"));
    assert_eq!(server["args"], toml::Value::Array(vec!["lsp".into()]));
    let mut languages: Vec<&str> = Vec::new();
    for language in helix["language"].as_array().unwrap() {
        let name = language["name"].as_str().unwrap();
        let servers = language["language-servers"].as_array().unwrap();
        assert!(servers.iter().any(|s| s.as_str() == Some("flowsim")), "{name}");
        assert_eq!(language["roots"], toml::Value::Array(vec!["flowsim.toml".into()]), "{name}");
        languages.push(name);
    }
    assert_eq!(languages, ["yaml", "json", "architect-export"]);
    let glob = &helix["language"][2]["file-types"][0]["glob"];
    assert_eq!(glob.as_str(), Some("*.i3*"));

    // The page's table of files names the same three language ids.
    // The page's table of files names the three language ids, and the extension selects them.
    let documented: Vec<String> = rows(&page(), "`*.").into_iter().map(|c| c[2].clone()).collect();
    assert_eq!(documented, ["`yaml`", "`json`", "`architect-export`"].map(String::from));
    for id in &documented {
        let selector = format!("{{ scheme: \"file\", language: \"{}\" }}", id.trim_matches('`'));
        assert!(source.contains(&selector), "the extension does not select {id}");
    }
}

/// tools/editor/ansi2svg.py on a screen: its SVG, and its exit code.
fn draw(screen: &str, size: &[&str]) -> (String, Option<i32>) {
    use std::io::Write;
    let mut child = std::process::Command::new("python3")
        .arg(root().join("tools/editor/ansi2svg.py"))
        .args(size)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child.stdin.take().unwrap().write_all(screen.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (String::from_utf8(out.stdout).unwrap(), out.status.code())
}

#[test]
fn a_captured_screen_is_drawn_cell_for_cell_the_same_each_time() {
    // A bold red `E` (256-colour 196), plain text with XML's special characters, reversed text.
    let screen = "\x1b[1m\x1b[38;5;196mE\x1b[0m ok <&>\n\x1b[7mrev\x1b[27m\n";
    let (svg, code) = draw(screen, &["10", "3"]);
    assert_eq!(code, Some(0));
    assert_eq!(draw(screen, &["10", "3"]).0, svg, "the same screen, the same bytes");
    assert!(svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" width="84" height="51""#));
    for part in [
        r##"<text x="0" y="13" fill="#ff0000" textLength="8.4" lengthAdjust="spacingAndGlyphs" xml:space="preserve" font-weight="bold">E</text>"##,
        r##"<text x="8.4" y="13" fill="#d0d0d0" textLength="75.6" lengthAdjust="spacingAndGlyphs" xml:space="preserve"> ok &lt;&amp;&gt;  </text>"##,
        r##"<rect x="0" y="17" width="25.2" height="17" fill="#d0d0d0"/>"##,
        r##"<text x="0" y="30" fill="#1c1c1c" textLength="25.2" lengthAdjust="spacingAndGlyphs" xml:space="preserve">rev</text>"##,
    ] {
        assert!(svg.contains(part), "{part}\nnot in\n{svg}");
    }
    assert_eq!(svg.matches("<text").count(), 3, "{svg}");

    let (svg, code) = draw(screen, &["0", "3"]);
    assert_eq!((svg.as_str(), code), ("", Some(2)), "a size of 0 is refused");
}

/// The extension maps Archy flows (files under a `flows/` folder) and scenario files to the
/// schemas flowsim carries, which its package copies from `schemas/` (`npm run schemas`, run
/// before packaging; tools/editor/check.sh finds them in the `.vsix`), so VS Code's YAML
/// extension checks and completes them without a modeline.
#[test]
fn the_extension_maps_archy_flows_and_scenarios_to_flowsim_s_schemas() {
    let manifest = manifest();
    let mut mapped = BTreeMap::new();
    for entry in manifest["contributes"]["yamlValidation"].as_array().expect("yamlValidation") {
        let url = entry["url"].as_str().unwrap();
        let file = url.strip_prefix("./schemas/").unwrap_or_else(|| panic!("{url}"));
        assert!(root().join("schemas").join(file).is_file(), "{url} is no file of schemas/");
        for pattern in entry["fileMatch"].as_array().unwrap() {
            mapped.insert(pattern.as_str().unwrap().to_owned(), file.to_owned());
        }
    }
    assert_eq!(mapped["**/flows/**/*.yaml"], "archy.schema.json", "{mapped:?}");
    assert_eq!(mapped["**/*.scenarios.yaml"], "scenarios.schema.json", "{mapped:?}");
    let scripts = &manifest["scripts"];
    assert!(scripts["schemas"].as_str().unwrap().contains("cpSync('../../schemas', 'schemas'"));
    assert!(scripts["vscode:prepublish"].as_str().unwrap().contains("npm run schemas"));
    assert!(read("editors/vscode/.gitignore").lines().any(|l| l == "schemas/"));
    assert!(page().contains("`yamlValidation`"), "docs/editor.md says what the extension maps");
}
