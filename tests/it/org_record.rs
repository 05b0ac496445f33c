//! The org manifest from a recording of the API (docs/org.md, "From the Genesys API"), end to
//! end over loopback: `flowsim serve` answers the inventory endpoints from its fixtures,
//! `flowsim record --org` records every page of them, `flowsim org --cassette` makes the
//! manifest offline, and it is the manifest `flowsim org --fixtures` makes of the same fixtures
//! (with the differences docs/org.md lists); then the failures, each writing nothing.

use crate::support::{root, ServeProcess};
use serde_json::{json, Value};
use std::path::Path;
use std::process::{Command, Output};

/// `flowsim ARGS` in `dir` with an OAuth client in the environment and tiny retry delays.
fn flowsim(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_flowsim"))
        .args(args)
        .current_dir(dir)
        .env("GENESYS_CLIENT_ID", "org-client")
        .env("GENESYS_CLIENT_SECRET", "org-secret")
        .env("FLOWSIM_RETRY_BASE_MS", "1")
        .output()
        .expect("flowsim runs");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every section's entries sorted by name, so that manifests compare whatever order each
/// source lists them in (the API sorts by name, fixtures keep file order).
fn sorted(mut manifest: Value) -> Value {
    for (_, section) in manifest.as_object_mut().unwrap().iter_mut() {
        if let Some(items) = section.as_array_mut() {
            items.sort_by_key(|e| e.get("name").unwrap_or(e).to_string().to_lowercase());
        }
    }
    manifest
}

/// Records the org `server` emulates into `dir/name` (`extra` flags added); the output.
fn record(server: &ServeProcess, dir: &Path, name: &str, extra: &[&str]) -> Output {
    let mut args = vec!["record", "--org", "--base-url", &server.url, "--out", name];
    args.extend_from_slice(extra);
    flowsim(dir, &args)
}

fn manifest_of(dir: &Path, args: &[&str]) -> Value {
    let o = flowsim(dir, args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

/// A fixture file with one of every kind the fixture format models, beyond Acme's.
const DIRECTORY: &str = r#"{
  "users": [
    {"id": "u-ann", "name": "Ann Smith", "email": "ann@acme.example", "skills": ["Billing"], "languages": ["Spanish"]},
    {"id": "u-bob", "name": "Bob Jones"}
  ],
  "groups": [{"id": "g-sup", "name": "Supervisors"}],
  "skills": [{"id": "sk-billing", "name": "Billing"}],
  "languages": [{"id": "l-es", "name": "Spanish"}],
  "utilizationLabels": [{"id": "ul-prio", "name": "Priority"}],
  "wrapupCodes": [{"id": "w-done", "name": "Resolved"}],
  "integrations": [{"id": "i-crm", "name": "CRM"}],
  "flowOutcomes": [{"id": "o-self", "name": "Self Served"}],
  "flowMilestones": [{"id": "m-auth", "name": "Authenticated"}],
  "prompts": [
    {"id": "p-welcome", "name": "Welcome", "languages": ["en-US", "es-US"]},
    {"id": "p-bye", "name": "Goodbye"}
  ],
  "dataTables": [
    {"id": "t-rates", "name": "Rates", "key": "plan", "columns": {"rate": "decimal", "active": "boolean"},
     "rows": [{"plan": "gold", "rate": 1.5, "active": true}]}
  ],
  "dataActions": {
    "Lookup Order": [{"match": {"order": 42, "rush": true},
                      "outputs": {"eta": 3, "carrier": "UPS", "address": {"city": "Springfield"}}}]
  }
}"#;

#[test]
fn a_recording_of_the_emulator_is_the_manifest_of_its_fixtures() {
    let server = ServeProcess::start(&[
        "--flows",
        "fixtures/archy/flows",
        "--fixtures",
        "fixtures/archy/data",
    ]);
    let dir = tempfile::tempdir().unwrap();
    // One entity a page: every listing with more than one entity takes several pages.
    let o = record(&server, dir.path(), "org.cassette", &["--page-size", "1"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("recorded  queues: 2 in 2 page(s)"), "{out}");
    assert!(out.contains("recorded  dataActions: 3 in 3 page(s)"), "{out}");
    assert!(out.contains("recorded  wrapupCodes: 0 in 1 page(s)"), "{out}");
    let cassette: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("org.cassette")).unwrap())
            .unwrap();
    let pages: Vec<(&str, &str)> = cassette["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["request"]["path"] == "/api/v2/routing/queues")
        .map(|i| {
            (
                i["request"]["query"]["pageNumber"].as_str().unwrap(),
                i["response"]["body"]["entities"][0]["name"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(pages, [("1", "Support"), ("2", "VIP")], "paged, sorted by name as the cloud sorts");
    let text = cassette.to_string();
    assert!(!text.contains("org-secret"), "no credential is recorded");

    let recorded =
        manifest_of(dir.path(), &["org", "--cassette", "org.cassette", "--name", "Acme test data"]);
    let fixtures = manifest_of(
        root(),
        &["org", "--fixtures", "fixtures/archy/data", "--name", "Acme test data"],
    );

    // What differs, and why: the API lists every flow of the org (the fixtures list none),
    // and data actions have ids there.
    let mut expected = fixtures.clone();
    assert!(fixtures.get("flows").is_none(), "fixtures do not list flows");
    assert_eq!(recorded["wrapupCodes"], json!([]), "a kind the fixtures list none of");
    assert_eq!(recorded["integrations"], fixtures["integrations"]);
    let flows: Vec<&str> =
        recorded["flows"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(
        flows,
        [
            "Acme Main IVR",
            "Callback Retry",
            "Customer Lookup",
            "Order Messages",
            "Order Status Bot"
        ]
    );
    expected["flows"] = recorded["flows"].clone();
    let mut recorded_actions = recorded.clone();
    for action in recorded_actions["dataActions"].as_array_mut().unwrap() {
        let id = action.as_object_mut().unwrap().remove("id").unwrap();
        assert!(id.as_str().unwrap().starts_with("custom_-_"), "{id}");
    }
    assert_eq!(sorted(recorded_actions), sorted(expected));

    // The recorded manifest finds what the fixtures' manifest finds.
    let path = dir.path().join("org.json");
    std::fs::write(&path, recorded.to_string()).unwrap();
    let check =
        crate::cli::flowsim(&["check", "fixtures/archy/flows", "--org", path.to_str().unwrap()]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(check.stdout.contains("queue `Account Services` is not in the org Acme test data"));
    assert!(check.stdout.contains("queue `Emergency` is not in the org Acme test data"));
    assert!(check.stdout.contains("2 error(s)"), "{}", check.stdout);

    // In one step: recorded, kept, and made into the same manifest.
    let one = manifest_of(
        dir.path(),
        &["org", "--base-url", &server.url, "--record", "one.cassette", "--name", "Acme test data"],
    );
    assert_eq!(one, recorded);
    assert!(dir.path().join("one.cassette").exists(), "the recording is kept");

    // The same org recorded again makes the same manifest.
    let again = record(&server, dir.path(), "again.cassette", &["--format", "json"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    let report: Value = serde_json::from_str(&stdout(&again)).unwrap();
    assert_eq!(report["ok"], true);
    assert_eq!(
        manifest_of(
            dir.path(),
            &["org", "--cassette", "again.cassette", "--name", "Acme test data"]
        ),
        recorded
    );
}

#[test]
fn every_kind_the_fixtures_model_survives_the_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("directory.json"), DIRECTORY).unwrap();
    let fixtures_dir = dir.path().to_str().unwrap().to_owned();
    let server =
        ServeProcess::start(&["--flows", "fixtures/archy/flows", "--fixtures", &fixtures_dir]);
    let o = record(&server, dir.path(), "org.cassette", &["--page-size", "2"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let recorded = manifest_of(dir.path(), &["org", "--cassette", "org.cassette"]);
    let fixtures = manifest_of(root(), &["org", "--fixtures", &fixtures_dir]);
    for section in fixtures.as_object().unwrap().keys() {
        let mut got = recorded[section].clone();
        if section == "dataActions" {
            for a in got.as_array_mut().unwrap() {
                a.as_object_mut().unwrap().remove("id");
            }
        }
        assert_eq!(sorted(json!({"s": got})), sorted(json!({"s": fixtures[section]})), "{section}");
    }
    assert_eq!(
        recorded["users"][0],
        json!({"name": "Ann Smith", "id": "u-ann", "email": "ann@acme.example"})
    );
    assert_eq!(
        recorded["prompts"],
        json!([{"name": "Goodbye", "id": "p-bye"}, {"name": "Welcome", "id": "p-welcome", "languages": ["en-us", "es-us"]}]),
        "a prompt without languages has them unknown, both ways"
    );
    assert_eq!(
        recorded["dataTables"][0],
        json!({"name": "Rates", "id": "t-rates", "key": "plan", "columns": {"active": "boolean", "plan": "string", "rate": "number"}})
    );
    let action = &recorded["dataActions"][0];
    assert_eq!(action["inputs"], json!({"order": "integer", "rush": "boolean"}));
    assert_eq!(
        action["outputs"],
        json!({"address": "object", "address.city": "string", "carrier": "string", "eta": "integer"}),
        "a nested field by its flattened name too"
    );
    let cassette = std::fs::read_to_string(dir.path().join("org.cassette")).unwrap();
    assert!(
        cassette.contains("/response/body/entities/*/addresses"),
        "users' addresses are redacted"
    );
}

/// A server whose first call of `path` answers `status`.
fn failing(path: &str, status: u16) -> ServeProcess {
    let fault = json!({"path": path, "status": status, "times": 20}).to_string();
    ServeProcess::start(&[
        "--flows",
        "fixtures/archy/flows",
        "--fixtures",
        "fixtures/archy/data",
        "--test-endpoints",
        "--inject-fault",
        &fault,
    ])
}

#[test]
fn a_refused_listing_stops_the_recording_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // 403: the OAuth client's role lacks the permission; an earlier recording is left as it was.
    std::fs::write(dir.path().join("org.cassette"), "earlier").unwrap();
    let server = failing("/api/v2/architect/schedules", 403);
    let o = record(&server, dir.path(), "org.cassette", &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("403 Forbidden from GET /api/v2/architect/schedules"), "{err}");
    assert!(err.contains("routing:schedule:view"), "the permission is named: {err}");
    assert!(err.contains("nothing was written to org.cassette"), "{err}");
    assert_eq!(std::fs::read_to_string(dir.path().join("org.cassette")).unwrap(), "earlier");

    // 404: an endpoint the org lacks; leaving its kind out records the rest.
    let server = failing("/api/v2/flows/milestones", 404);
    let o = record(&server, dir.path(), "new.cassette", &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("404 Not Found from GET /api/v2/flows/milestones"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("--kinds"), "{}", stderr(&o));
    assert!(!dir.path().join("new.cassette").exists());
    let o = record(&server, dir.path(), "new.cassette", &["--kinds", "queues,dataTables"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let m = manifest_of(dir.path(), &["org", "--cassette", "new.cassette"]);
    let sections: Vec<&String> = m.as_object().unwrap().keys().collect();
    assert_eq!(sections, ["queues", "dataTables"], "only the kinds asked for have sections");

    // 5xx past the retries: the API is failing (exit 1), nothing written.
    let server = failing("/api/v2/users", 503);
    let o = record(&server, dir.path(), "down.cassette", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!dir.path().join("down.cassette").exists());

    // 401: credentials the token endpoint refuses.
    let server = ServeProcess::start(&[
        "--flows",
        "fixtures/archy/flows",
        "--client-id",
        "org-client",
        "--client-secret",
        "another-secret",
    ]);
    let o = record(&server, dir.path(), "denied.cassette", &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("refused the client credentials"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("org-secret"), "the secret is never printed");
    assert!(!dir.path().join("denied.cassette").exists());
}

#[test]
fn limits_and_bad_input_are_refused() {
    let server = ServeProcess::start(&[
        "--flows",
        "fixtures/archy/flows",
        "--fixtures",
        "fixtures/archy/data",
    ]);
    let dir = tempfile::tempdir().unwrap();
    let o = record(&server, dir.path(), "org.cassette", &["--page-size", "1", "--max-pages", "1"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("queues: more than 1 page(s) (--max-pages)"), "{}", stderr(&o));
    assert!(!dir.path().join("org.cassette").exists());

    let o = record(&server, dir.path(), "org.cassette", &["--kinds", "queues,wrapups"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("`wrapups` is no section of an org manifest"), "{}", stderr(&o));
}

#[test]
fn a_recording_that_is_cut_short_or_malformed_makes_no_manifest() {
    let server = ServeProcess::start(&[
        "--flows",
        "fixtures/archy/flows",
        "--fixtures",
        "fixtures/archy/data",
    ]);
    let dir = tempfile::tempdir().unwrap();
    let o = record(&server, dir.path(), "org.cassette", &["--page-size", "1", "--kinds", "queues"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let path = dir.path().join("org.cassette");
    let whole: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let edit = |name: &str, f: &dyn Fn(&mut Value)| {
        let mut c = whole.clone();
        f(&mut c);
        std::fs::write(dir.path().join(name), c.to_string()).unwrap();
        flowsim(dir.path(), &["org", "--cassette", name])
    };

    let o = edit("cut.cassette", &|c| {
        c["interactions"].as_array_mut().unwrap().pop();
    });
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("stops before the last page"), "{}", stderr(&o));

    let o = edit("bad.cassette", &|c| {
        c["interactions"][1]["response"]["body"]["entities"] = json!("VIP");
    });
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("interactions[1]: GET /api/v2/routing/queues: a malformed page: `entities` is not a list"),
        "{}",
        stderr(&o)
    );

    let o = edit("denied.cassette", &|c| {
        c["interactions"][0]["response"] =
            json!({"status": 403, "body": {"message": "Missing permission"}});
    });
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("answered 403: Missing permission"), "{}", stderr(&o));

    let o = edit("none.cassette", &|c| {
        c["interactions"] = json!([]);
    });
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("holds no org inventory"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty(), "no manifest is printed");
}
