//! `flowsim test --report FILE.html`, opened in a real browser: headless Chromium loads the
//! page and the test reads what it rendered (the DOM after layout, measured by a probe script
//! added to a copy of the page; the page itself has no script), and takes a screenshot.
//! Skipped loudly when Chromium is not installed (`.ci/run` installs it).

use crate::cli::flowsim;
use crate::support::root;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A small suite: one file that passes, one with a failure whose name holds markup.
fn suite(dir: &Path) -> PathBuf {
    // The flows sit under a path as long as a CI runner's checkout, so that the page's layout
    // is tried against long unbreakable paths wherever the test runs.
    let checkout = dir.join(
        "a_checkout_directory_as_long_as_a_ci_runners_workspace_path_0123456789/builds/project",
    );
    let flows = checkout.join("flows");
    let data = checkout.join("data");
    for (from, to) in [("fixtures/flows", &flows), ("fixtures/data", &data)] {
        std::fs::create_dir_all(to).expect("a fixtures dir");
        for entry in std::fs::read_dir(root().join(from)).expect("the bundled fixtures") {
            let entry = entry.expect("an entry");
            if entry.file_type().expect("a type").is_file() {
                std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copied");
            }
        }
    }
    let text = format!(
        r#"flows: {flows}
fixtures: [{data}]
scenarios:
  - name: support has enough agents
    flow: Queue_Occupancy_Routing
    context: {{from: "+15551234567"}}
    inputs: ["2"]
    expect: {{status: completed, route: {{queueId: q-support}}}}
  - name: a <b>wrong</b> & "quoted" expectation
    flow: Queue_Occupancy_Routing
    context: {{from: "+15551234567"}}
    inputs: ["1"]
    expect: {{status: completed}}
"#,
        flows = flows.display(),
        data = data.display()
    );
    let suite = dir.join("suite");
    std::fs::create_dir_all(&suite).expect("a suite dir");
    std::fs::write(suite.join("routing.scenarios.yaml"), text).expect("written");
    suite
}

/// Chromium's binary; it must be there (the test that opens it is marked
/// `#[cfg_attr(flowsim_missing = "chromium", ignore = ...)]`).
#[track_caller]
fn chromium() -> String {
    crate::support::require_tool("chromium", &["chromium", "chromium-browser", "google-chrome"])
}

/// Runs headless Chromium with `args` on `url`, at most 90 s; its standard output.
fn headless(browser: &str, profile: &Path, args: &[&str], url: &str) -> String {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let mut stdout = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut out);
        out
    });
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish in 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().expect("the reader thread")
}

/// What the probe measured: `key=value` lines.
fn probe_value(dom: &str, key: &str) -> String {
    let start = dom.find("<pre id=\"probe\">").expect("the probe ran") + "<pre id=\"probe\">".len();
    let probe = &dom[start..start + dom[start..].find("</pre>").expect("closed")];
    // The dumped DOM escapes the probe's text.
    let probe = probe
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    let value = probe
        .lines()
        .find_map(|l| l.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
        .unwrap_or_else(|| panic!("the probe has no {key}: {probe}"))
        .to_owned();
    value
}

const PROBE: &str = r#"<pre id="probe"></pre><script>
(function () {
  const out = [];
  const put = (k, v) => out.push(k + "=" + v);
  put("title", document.title);
  put("passRows", document.querySelectorAll("tr.pass").length);
  put("failRows", document.querySelectorAll("tr.fail").length);
  put("failures", document.querySelectorAll("article.failure").length);
  put("boldElements", document.querySelectorAll("article.failure b, td b").length);
  const svgs = [...document.querySelectorAll("section#flows svg")];
  put("svgs", svgs.length);
  put("svgElements", svgs.filter(s => s instanceof SVGSVGElement).length);
  put("svgRendered", svgs.filter(s => s.getBBox().width > 100).length);
  put("hitBoxes", document.querySelectorAll("section#flows g.fsg-box.fsg-hit").length);
  put("missBoxes", document.querySelectorAll("section#flows g.fsg-box.fsg-miss").length);
  const miss = document.querySelector("section#flows g.fsg-box.fsg-miss rect, section#flows g.fsg-box.fsg-miss polygon");
  put("missStroke", miss ? getComputedStyle(miss).stroke : "none");
  const fail = document.querySelector("article.failure");
  put("failureVisible", fail ? fail.getBoundingClientRect().height > 20 : false);
  put("failureText", fail ? fail.innerText.replace(/\n/g, " | ") : "");
  put("decisions", document.querySelector("section#decisions").innerText.replace(/\n/g, " | "));
  const heat = document.querySelector("section#decisions svg");
  put("heatmapRendered", heat ? heat instanceof SVGSVGElement && heat.getBBox().width > 100 : false);
  const root = document.documentElement;
  put("width", window.innerWidth);
  put("pageOverflows", root.scrollWidth > window.innerWidth + 1);
  // What sticks out of the page (outside any box that scrolls on its own), to say why.
  const scrolls = e => { for (let p = e.parentElement; p; p = p.parentElement) { const x = getComputedStyle(p).overflowX; if (x === "auto" || x === "scroll") return true; } return false; };
  put("overflowing", [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !scrolls(e)).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : "") + " " + e.textContent.slice(0, 60)).join(" ; "));
  const boxes = [...document.querySelectorAll(".graph")];
  put("clippedBoxes", boxes.filter(b => b.scrollHeight > b.clientHeight + 1).length);
  const fit = [...document.querySelectorAll(".graph.fit svg")];
  put("fitGraphs", fit.length);
  put("fitGraphsInside", fit.filter(s => s.getBoundingClientRect().width <= s.parentElement.clientWidth + 1).length);
  put("scripts", document.querySelectorAll("script").length);
  put("external", [...document.querySelectorAll("[src],link[href]")].length);
  document.getElementById("probe").textContent = out.join("\n");
})();
</script>"#;

/// The report of [`suite`] (one scenario passes, one fails) at `dir/report.html`: its path,
/// text and the run's output.
fn report(dir: &Path) -> (PathBuf, String, crate::cli::Output) {
    let suite = suite(dir);
    let page = dir.join("report.html");
    let o = flowsim(&[
        "test",
        suite.to_str().expect("utf-8"),
        "--report",
        page.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.code, 1, "one scenario fails: {}{}", o.stdout, o.stderr);
    let html = std::fs::read_to_string(&page).expect("the report is written");
    (page, html, o)
}

#[test]
fn the_html_report_is_self_contained_and_deterministic() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (_, html, o) = report(dir.path());
    let suite = dir.path().join("suite");
    // Self-contained, and the same every time.
    assert!(!html.contains("<script"), "no script");
    assert_eq!(
        html.matches("http://").count(),
        html.matches("http://www.w3.org/2000/svg").count(),
        "no link but the SVG namespace"
    );
    assert!(!html.contains("https://") && !html.contains(" src="), "no external asset");
    let again = dir.path().join("again.html");
    flowsim(&["test", suite.to_str().expect("utf-8"), "--report", again.to_str().expect("utf-8")]);
    assert_eq!(html, std::fs::read_to_string(&again).expect("written"), "deterministic");
    // The failure's text is the human report's.
    assert!(o.stdout.contains("expected status completed, got disconnected"));
    assert!(html.contains("expected status completed, got disconnected"));
}

#[test]
#[cfg_attr(
    flowsim_missing = "chromium",
    ignore = "needs Chromium on PATH (apt-get install chromium)"
)]
fn the_html_report_renders_in_a_real_browser() {
    let browser = &chromium();
    let dir = tempfile::tempdir().expect("a temp dir");
    let (page, html, _) = report(dir.path());
    let probed = dir.path().join("probed.html");
    std::fs::write(&probed, html.replace("</body>", &format!("{PROBE}\n</body>")))
        .expect("written");
    let profile = dir.path().join("profile");
    let probed_url = format!("file://{}", probed.display());
    let dom = headless(browser, &profile, &["--window-size=1280,2000", "--dump-dom"], &probed_url);
    assert_eq!(probe_value(&dom, "title"), "flowsim test report");
    assert_eq!(probe_value(&dom, "passRows"), "1");
    assert_eq!(probe_value(&dom, "failRows"), "1");
    assert_eq!(probe_value(&dom, "failures"), "1");
    assert_eq!(probe_value(&dom, "boldElements"), "0", "a scenario's name is text, never markup");
    assert_eq!(probe_value(&dom, "failureVisible"), "true");
    let failure = probe_value(&dom, "failureText");
    assert!(failure.contains("a <b>wrong</b> & \"quoted\" expectation"), "{failure}");
    assert!(failure.contains("expected status completed, got disconnected"), "{failure}");
    // One picture per flow of the registry, each parsed and laid out as SVG by the browser.
    let svgs: usize = probe_value(&dom, "svgs").parse().expect("a count");
    assert_eq!(svgs, 5, "the five bundled JSON flows");
    assert_eq!(probe_value(&dom, "svgElements"), "5");
    assert_eq!(probe_value(&dom, "svgRendered"), "5");
    let hit: usize = probe_value(&dom, "hitBoxes").parse().expect("a count");
    let miss: usize = probe_value(&dom, "missBoxes").parse().expect("a count");
    assert!(hit >= 10 && miss >= 20, "hit {hit}, miss {miss}");
    assert_eq!(probe_value(&dom, "missStroke"), "rgb(198, 40, 40)", "uncovered boxes drawn red");
    // The suite's decisions as the orchestration service's heatmap, drawn by the browser.
    let decisions = probe_value(&dom, "decisions");
    assert!(decisions.contains("IVR Decision Path Heatmap"), "{decisions}");
    assert_eq!(probe_value(&dom, "heatmapRendered"), "true");
    assert_eq!(probe_value(&dom, "scripts"), "1", "only the probe");
    assert_eq!(probe_value(&dom, "external"), "0");

    // Laid out for reading at a desktop's width and at 500 pixels (headless Chromium's narrowest window): the page never scrolls
    // sideways (wide tables and pictures scroll in their own box), no picture is cut off in a
    // box of fixed height, and on a wide screen the pictures are scaled to the page's width.
    for width in [1280, 500] {
        let size = format!("--window-size={width},2000");
        let dom = headless(browser, &profile, &[&size, "--dump-dom"], &probed_url);
        assert_eq!(probe_value(&dom, "width"), width.to_string());
        assert_eq!(
            probe_value(&dom, "pageOverflows"),
            "false",
            "at {width} px, sticking out: {}",
            probe_value(&dom, "overflowing")
        );
        assert_eq!(probe_value(&dom, "clippedBoxes"), "0", "at {width} px");
        let fit: usize = probe_value(&dom, "fitGraphs").parse().expect("a count");
        assert_eq!(fit, 5, "every bundled flow's picture is narrow enough to fit");
        let inside = if width == 1280 { "5" } else { "0" };
        assert_eq!(probe_value(&dom, "fitGraphsInside"), inside, "at {width} px");

        // And a picture of it.
        let shot = dir.path().join(format!("report-{width}.png"));
        let shoot = format!("--screenshot={}", shot.display());
        headless(browser, &profile, &[&size, &shoot], &format!("file://{}", page.display()));
        let png = std::fs::read(&shot).expect("the screenshot is written");
        assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "{} bytes", png.len());
        let png_width = u32::from_be_bytes(png[16..20].try_into().expect("an IHDR"));
        assert_eq!(png_width, width, "the screenshot is as wide as the window");
    }
}

#[test]
fn the_decisions_section_places_a_heatmap_or_says_how_to_get_one() {
    use flowsim::report::html::decisions_section;
    let none = decisions_section(None);
    assert!(none.contains("id=\"decisions\"") && none.contains("flowsim heatmap"), "{none}");
    assert_eq!(decisions_section(Some("  ")), none, "an empty heatmap is no heatmap");
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>";
    let placed = decisions_section(Some(svg));
    assert!(placed.contains(svg) && !placed.contains("No decision heatmap"), "{placed}");
}

#[test]
fn report_errors_and_conflicts() {
    // A file where a directory should be: the report cannot be written.
    let o = flowsim(&[
        "test",
        "fixtures/scenarios/queue-routing.scenarios.yaml",
        "--report",
        "README.md/r.html",
    ]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("cannot write the HTML report README.md/r.html"), "{}", o.stderr);
    let o = flowsim(&["test", "fixtures/scenarios", "--lint", "--report", "r.html"]);
    assert_eq!(o.code, 2, "--lint runs nothing to report");
}

/// A snapshot that changed: the failure shows the diff of stored and new lines, coloured in
/// the browser (gone red, new green), each line its own.
#[test]
#[cfg_attr(
    flowsim_missing = "chromium",
    ignore = "needs Chromium on PATH (apt-get install chromium)"
)]
fn the_html_report_colours_a_snapshot_diff() {
    let browser = &chromium();
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("menu.scenarios.yaml");
    let text = format!(
        "flows: {}\nfixtures: [{}]\nscenarios:\n  - name: press one\n    flow: Inbound_Flow_A\n    inputs: [\"1\"]\n    snapshot: [route]\n",
        root().join("fixtures/flows").display(),
        root().join("fixtures/data").display()
    );
    std::fs::write(&file, &text).expect("written");
    let path = file.to_str().expect("utf-8");
    assert_eq!(flowsim(&["test", path, "--accept"]).code, 0);
    std::fs::write(&file, text.replace("[\"1\"]", "[\"2\"]")).expect("written");
    let page = dir.path().join("report.html");
    let o = flowsim(&["test", path, "--report", page.to_str().expect("utf-8")]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    let html = std::fs::read_to_string(&page).expect("the report");
    let probe = r#"<pre id="probe"></pre><script>
(function () {
  const out = [];
  const put = (k, v) => out.push(k + "=" + v);
  const del = [...document.querySelectorAll("article.failure pre .del")];
  const ins = [...document.querySelectorAll("article.failure pre .ins")];
  put("del", del.map(e => e.textContent.trim()).join(" | "));
  put("ins", ins.map(e => e.textContent.trim()).join(" | "));
  put("delColour", del.length ? getComputedStyle(del[0]).color : "none");
  put("insColour", ins.length ? getComputedStyle(ins[0]).color : "none");
  put("delTop", del.length > 1 ? del[1].getBoundingClientRect().top > del[0].getBoundingClientRect().top : false);
  document.getElementById("probe").textContent = out.join("\n");
})();
</script>"#;
    let probed = dir.path().join("probed.html");
    std::fs::write(&probed, html.replace("</body>", &format!("{probe}\n</body>")))
        .expect("written");
    let profile = dir.path().join("profile");
    let url = format!("file://{}", probed.display());
    let dom = headless(browser, &profile, &["--window-size=1280,2000", "--dump-dom"], &url);
    assert_eq!(
        probe_value(&dom, "del"),
        "2       │-queueId = \"q-support\" | 3       │-queueName = \"Support\""
    );
    assert_eq!(probe_value(&dom, "ins"), "2 │+none");
    assert_eq!(probe_value(&dom, "delColour"), "rgb(183, 28, 28)", "gone: red");
    assert_eq!(probe_value(&dom, "insColour"), "rgb(27, 94, 32)", "new: green");
    assert_eq!(probe_value(&dom, "delTop"), "true", "one line each");
}
