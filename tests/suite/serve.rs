//! `brief serve` as a process, over real HTTP on an ephemeral port: pages,
//! the 404 page, live rebuilds, and every hardening case.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::support::{Response, example_site, http_get};

/// A running `brief serve` on a copy of the example site; stopped on drop.
pub struct Served {
    child: Child,
    /// `127.0.0.1:PORT`
    pub addr: String,
    pub site: tempfile::TempDir,
}

impl Drop for Served {
    fn drop(&mut self) {
        stop(&mut self.child);
    }
}

/// Stops `child` as a process manager would, so that it removes the folder
/// it served from; kills it if that fails.
fn stop(child: &mut Child) {
    #[cfg(unix)]
    if stop_with(child, "TERM").is_some() {
        return;
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Sends `signal` (`INT`, `TERM`) to `child`; how it exited, if it did
/// within ten seconds.
#[cfg(unix)]
fn stop_with(child: &mut Child, signal: &str) -> Option<std::process::ExitStatus> {
    let sent = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(child.id().to_string())
        .status()
        .is_ok_and(|status| status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    while sent && Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

impl Served {
    /// Starts `brief serve --port 0 ARGS` on a copy of the example site and
    /// waits until it says where it serves.
    pub fn start(args: &[&str]) -> Served {
        let site = example_site();
        let mut with_port = vec!["--port", "0"];
        with_port.extend(args);
        let (child, line) = spawn_serve(site.path(), &with_port, Stdio::null());
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        Served { child, addr, site }
    }

    pub fn root(&self) -> &Path {
        self.site.path()
    }

    /// `GET path` with this server's own Host.
    pub fn get(&self, path: &str) -> Response {
        self.request(path, &[("Host", &self.addr)])
    }

    /// A GET of `path` exactly as written, with `headers`.
    pub fn request(&self, path: &str, headers: &[(&str, &str)]) -> Response {
        http_get(&self.addr, path, headers)
    }

    /// Polls `path` until its body contains `text`.
    pub fn wait_for(&self, path: &str, text: &str) -> Response {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let response = self.get(path);
            if response.body.contains(text) {
                return response;
            }
            assert!(
                Instant::now() < deadline,
                "{path} never showed {text:?}; last:\n{}",
                response.body
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Starts `brief serve --root ROOT ARGS` and reads the first line it prints.
fn spawn_serve(root: &Path, args: &[&str], stderr: Stdio) -> (Child, String) {
    spawn(serve_command(root, args).stderr(stderr))
}

/// `brief serve --root ROOT ARGS`, its output read by the test.
fn serve_command(root: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_brief"));
    command
        .arg("serve")
        .arg("--root")
        .arg(root)
        .args(args)
        .stdout(Stdio::piped());
    command
}

/// Starts `command` and reads the first line it prints.
fn spawn(command: &mut Command) -> (Child, String) {
    let mut child = command.spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (child, line)
}

/// Reads server-sent events from the live-reload stream.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(served: &Served) -> Events {
        Events::connect(&served.addr)
    }

    fn connect(addr: &str) -> Events {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        write!(
            stream,
            "GET /__brief/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n",
        )
        .unwrap();
        Events {
            reader: BufReader::new(stream),
        }
    }

    /// The data of the next `status` event, skipping headers, chunk sizes and keep-alives.
    fn next_status(&mut self) -> serde_json::Value {
        let mut line = String::new();
        loop {
            line.clear();
            let n = self.reader.read_line(&mut line).expect("an event in time");
            assert!(n > 0, "the event stream ended");
            if let Some(data) = line.trim_end().strip_prefix("data: ") {
                return serde_json::from_str(data).unwrap();
            }
        }
    }
}

#[test]
fn pages_are_served_with_pretty_urls_types_and_a_404_page() {
    let served = Served::start(&[]);
    let home = served.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(home.body.contains("<title>Istanbul Talks Monitor</title>"));
    assert!(
        home.body
            .contains("<script src=\"/__brief/live.js\" defer></script></body>"),
        "the live-reload script is injected"
    );

    let note = served.get("/notes/kremlin-leverage/");
    assert_eq!(note.status, 200);
    assert!(note.body.contains("Kremlin leverage"));
    let bare = served.get("/notes/kremlin-leverage");
    assert_eq!(bare.status, 301);
    assert_eq!(bare.header("location"), Some("/notes/kremlin-leverage/"));

    for (path, kind) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/feed.xml", "text/xml; charset=utf-8"),
        ("/data/quotes.json", "application/json; charset=utf-8"),
        ("/__brief/live.js", "text/javascript; charset=utf-8"),
    ] {
        let response = served.get(path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("content-type"), Some(kind), "{path}");
    }

    let missing = served.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"), "{}", missing.body);
}

#[test]
fn nothing_outside_the_site_is_served_whatever_the_path() {
    let served = Served::start(&[]);
    // A file beside the site's sources that no path may reach.
    std::fs::write(served.root().join("secret.txt"), "TOP-SECRET").unwrap();
    let depth = "/..".repeat(12);
    for path in [
        format!("{depth}/etc/passwd"),
        "/../brief.toml".to_string(),
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd".to_string(),
        "/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd".to_string(),
        "/%252e%252e/%252e%252e/etc/passwd".to_string(),
        "/..\\..\\..\\..\\etc\\passwd".to_string(),
        "/..%5c..%5c..%5cetc%5cpasswd".to_string(),
        "/notes/../../../../../../etc/passwd".to_string(),
        "/%00".to_string(),
        format!("/..{}", served.root().join("secret.txt").display()),
    ] {
        let response = served.get(&path);
        assert!(
            matches!(response.status, 400 | 403 | 404),
            "{path}: {}",
            response.status
        );
        assert!(
            !response.body.contains("root:") && !response.body.contains("TOP-SECRET"),
            "{path} leaked a file"
        );
    }
}

#[test]
fn only_its_own_host_names_and_origins_are_answered() {
    let served = Served::start(&[]);
    let port = served.addr.rsplit(':').next().unwrap();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
    ] {
        assert_eq!(
            served.request("/", &[("Host", &host)]).status,
            200,
            "{host}"
        );
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("127.0.0.1.evil.example:{port}"),
        "localhost".to_string(),
    ] {
        let response = served.request("/", &[("Host", &host)]);
        assert_eq!(response.status, 403, "{host}");
    }
    let bare = served.request("/", &[]).status;
    assert!(matches!(bare, 400 | 403), "no Host at all: {bare}");

    let own = format!("http://{}", served.addr);
    let stream = served.request(
        "/__brief/events",
        &[("Host", &served.addr), ("Origin", "http://evil.example")],
    );
    assert_eq!(
        stream.status, 403,
        "a foreign origin cannot follow rebuilds"
    );
    for path in ["/", "/style.css", "/data/actors.json", "/no/such/"] {
        let response = served.request(path, &[("Host", &served.addr), ("Origin", &own)]);
        assert_eq!(
            response.header("access-control-allow-origin"),
            None,
            "{path}"
        );
    }
}

#[test]
fn edits_are_served_and_announced_and_errors_keep_the_last_good_site() {
    let served = Served::start(&[]);
    let mut events = Events::open(&served);
    let first = events.next_status();
    assert_eq!(first["error"], serde_json::Value::Null);

    let note = served.root().join("content/notes/kremlin-leverage.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(
        &note,
        text.replace("points to leverage", "points to fresh leverage"),
    )
    .unwrap();
    served.wait_for("/notes/kremlin-leverage/", "points to fresh leverage");
    let after = events.next_status();
    assert!(after["generation"].as_u64() > first["generation"].as_u64());

    // Broken front matter: the error is announced, the last good page stays.
    std::fs::write(
        &note,
        text.replace("date: 2025-05-23", "date: 2025-05-23 <script>"),
    )
    .unwrap();
    let broken = loop {
        let status = events.next_status();
        if !status["error"].is_null() {
            break status;
        }
    };
    let error = broken["error"].as_str().unwrap();
    assert!(error.contains("kremlin-leverage.md"), "{error}");
    let page = served.get("/notes/kremlin-leverage/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("points to fresh leverage"));

    std::fs::write(&note, &text).unwrap();
    let fixed = loop {
        let status = events.next_status();
        if status["error"].is_null() {
            break status;
        }
    };
    assert!(fixed["generation"].as_u64() > after["generation"].as_u64());
    served.wait_for("/notes/kremlin-leverage/", "points to leverage");
}

#[test]
fn a_port_in_use_moves_to_the_next_one_and_says_so() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let site = example_site();
    let (mut child, line) =
        spawn_serve(site.path(), &["--port", &port.to_string()], Stdio::piped());
    stop(&mut child);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("port {port} is in use: serving on port")),
        "{stderr}"
    );
    assert!(!line.contains(&format!(":{port}/")), "{line}");
}

/// Ctrl-C during the first build (which a large archive makes long) ends
/// that build at its next page, and the folder it wrote into is removed.
#[cfg(unix)]
#[test]
fn stopping_during_the_first_build_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let site = super::support::many_notes_site(400);
    let mut child = serve_command(site.path(), &["--port", "0"])
        .env("TMPDIR", tmp.path())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The first build writes its pages into a staging folder.
    let writing = || {
        std::fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .any(|served| served.path().join(".site.brief-staging").is_dir())
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while !writing() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the first build never started writing");
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    assert_stops_cleanly(&mut child, "INT", tmp.path(), "during its first build");
}

/// Ctrl-C (SIGINT) and SIGTERM (a process manager, `kill`, `timeout`) stop
/// the server at once, even with a page open on its live-reload stream, and
/// the folder it served from is removed.
#[cfg(unix)]
#[test]
fn stopping_with_a_page_open_ends_at_once_and_leaves_nothing_behind() {
    for signal in ["INT", "TERM"] {
        let tmp = tempfile::tempdir().unwrap();
        let site = example_site();
        let (mut child, line) = spawn(
            serve_command(site.path(), &["--port", "0"])
                .env("TMPDIR", tmp.path())
                .stderr(Stdio::null()),
        );
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        let mut page = Events::connect(addr);
        page.next_status();
        assert_stops_cleanly(&mut child, signal, tmp.path(), "with a page open");
    }
}

/// Asserts that `child`, a server whose temp dir is `tmp`, exits cleanly on
/// `signal` and leaves nothing in `tmp`.
#[cfg(unix)]
fn assert_stops_cleanly(child: &mut Child, signal: &str, tmp: &Path, when: &str) {
    let status = stop_with(child, signal).unwrap_or_else(|| {
        let _ = child.kill();
        panic!("brief serve did not stop on SIG{signal} {when}")
    });
    assert!(status.success(), "SIG{signal} {when}: {status}");
    let left: Vec<_> = std::fs::read_dir(tmp)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "SIG{signal} {when} left {left:?} behind");
}
