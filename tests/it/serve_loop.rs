//! `flowsim serve` in daily use, through the real binary: the ready line, the request log
//! (and `--quiet`), reloads on a save (a broken save keeps the last good flows), SIGTERM.

use crate::support::{lines, read_until};
use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A server on a project made by `flowsim init`, its stdout and stderr lines; killed on drop.
struct Served {
    child: Child,
    addr: String,
    err: mpsc::Receiver<String>,
    _dir: tempfile::TempDir,
    root: std::path::PathBuf,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    #[track_caller]
    fn start(extra: &[&str]) -> Served {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let init = crate::cli::flowsim(&["init", root.to_str().unwrap()]);
        assert_eq!(init.code, 0, "{}", init.stderr);
        let mut child = Command::new(env!("CARGO_BIN_EXE_flowsim"))
            .args(["serve", "--port", "0", "--flows", "flows", "--fixtures", "fixtures"])
            .args(extra)
            .current_dir(&root)
            .env_remove("GENESYS_CLIENT_ID")
            .env_remove("GENESYS_CLIENT_SECRET")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out = lines(child.stdout.take().unwrap());
        let err = lines(child.stderr.take().unwrap());
        let first = read_until(&out, "listening on http://127.0.0.1:");
        assert_eq!(first.len(), 1, "the address is the first line: {first:?}");
        let addr = first[0].trim_start_matches("listening on http://").to_owned();
        assert_eq!(read_until(&out, "ready"), ["ready"], "the ready line comes second");
        Served { child, addr, err, _dir: dir, root }
    }

    /// One request on its own connection: (status, body).
    fn request(&self, method: &str, path: &str, token: Option<&str>, body: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        // Bearer TOKEN, or for /oauth/token the client's id and secret (`a:b`).
        let auth = token.map_or_else(
            || "Authorization: Basic YTpi\r\n".to_owned(),
            |t| format!("Authorization: Bearer {t}\r\n"),
        );
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: x\r\n{auth}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        let mut raw = String::new();
        stream.read_to_string(&mut raw).unwrap();
        let status = raw[9..12].parse().unwrap();
        let body = raw.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
        (status, body)
    }

    fn token(&self) -> String {
        let (status, body) =
            self.request("POST", "/oauth/token", None, "grant_type=client_credentials");
        assert_eq!(status, 200, "{body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        v["access_token"].as_str().unwrap().to_owned()
    }

    fn flow_names(&self, token: &str) -> String {
        let (status, body) = self.request("GET", "/api/v2/flows", Some(token), "");
        assert_eq!(status, 200, "{body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        let names: Vec<&str> =
            v["entities"].as_array().unwrap().iter().filter_map(|f| f["name"].as_str()).collect();
        names.join(",")
    }

    /// SIGTERM, then a bounded wait for the exit.
    #[track_caller]
    fn terminate(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
        for _ in 0..200 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        panic!("the server did not stop on SIGTERM");
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from));
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[cfg(unix)]
#[test]
fn serve_logs_requests_reloads_on_save_and_stops_on_sigterm() {
    let mut s = Served::start(&[]);
    let (status, _) = s.request("GET", "/api/v2/flows?pageSize=1", None, "");
    assert_eq!(status, 401);
    let logged = read_until(&s.err, "GET /api/v2/flows 401 ");
    let line = logged.last().unwrap();
    assert!(line.ends_with("ms"), "method, path (no query), status, time: {line}");
    let token = s.token();
    assert_eq!(s.flow_names(&token), "Main Menu");

    // A save reloads: the new name is served.
    let flow = s.root.join("flows/main_menu.yaml");
    edit(&flow, "  name: Main Menu\n", "  name: Front Door\n");
    read_until(&s.err, "flowsim serve: reloaded after a change to");
    assert_eq!(s.flow_names(&token), "Front Door");

    // A broken save keeps the last good flows and says why.
    edit(&flow, "  name: Front Door\n", "  name: [\n");
    let why = read_until(&s.err, "failed; still serving the last good flows and fixtures");
    assert!(why.last().unwrap().contains("main_menu.yaml"), "{why:#?}");
    read_until(&s.err, "main_menu.yaml");
    assert_eq!(s.flow_names(&token), "Front Door");
    // So does a broken fixture file, once the flow is mended.
    edit(&flow, "  name: [\n", "  name: Front Door\n");
    read_until(&s.err, "flowsim serve: reloaded after a change to");
    edit(&s.root.join("fixtures/queues.yaml"), "queues:\n", "queues: [[\n");
    read_until(&s.err, "failed; still serving the last good flows and fixtures");
    read_until(&s.err, "error[fixtureSyntax]");
    assert_eq!(s.flow_names(&token), "Front Door");

    let status = s.terminate();
    assert!(status.success(), "{status:?}");
}

#[cfg(unix)]
#[test]
fn serve_quiet_logs_no_requests() {
    let mut s = Served::start(&["--quiet"]);
    let (status, _) = s.request("GET", "/api/v2/flows", None, "");
    assert_eq!(status, 401);
    let status = s.terminate();
    assert!(status.success(), "{status:?}");
    let rest: Vec<String> = s.err.try_iter().collect();
    assert!(rest.iter().all(|l| !l.contains("/api/v2/flows")), "{rest:#?}");
}
