//! Helpers shared by the integration tests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (also the example site).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    repo().join("tests/fixtures")
}

/// A site in a temporary folder, made of `files` (path, text).
pub fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// A site in a temporary folder, as [`site`] makes it, of files made at run time.
pub fn site_of(files: &[(String, String)]) -> tempfile::TempDir {
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    site(&files)
}

/// Copies folder `from` to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The `brief` binary run with `args` in `cwd`, with a cleared environment.
pub fn brief(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .current_dir(cwd)
        .env_clear()
        .output()
        .unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under `dir` with its bytes, by relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

pub fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.as_ref().display()))
}

/// The `<main>` element of a page: the part templates fill from content.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main> element");
    let end = html.find("</main>").expect("a </main> tag") + "</main>".len();
    &html[start..end]
}

/// Compares `actual` with the file `expected`; `BRIEF_BLESS=1` rewrites the file.
pub fn assert_matches_file(actual: &str, expected: &Path) {
    if std::env::var_os("BRIEF_BLESS").is_some() {
        std::fs::create_dir_all(expected.parent().unwrap()).unwrap();
        std::fs::write(expected, actual).unwrap();
        return;
    }
    let want = read(expected);
    assert!(
        actual == want,
        "output differs from {} (rerun with BRIEF_BLESS=1 to accept)\n--- expected\n{want}\n--- actual\n{actual}",
        expected.display()
    );
}

/// Builds the example site (the repository root) into `output`.
pub fn build_example(output: &Path, base_url: Option<&str>) -> brief::site::Report {
    let options = brief::site::BuildOptions {
        output: Some(output.to_path_buf()),
        base_url: base_url.map(String::from),
        ..brief::site::BuildOptions::new(repo())
    };
    brief::site::build(&options)
        .unwrap()
        .unwrap_or_else(|f| panic!("{f}"))
}

/// A site of `notes` dated notes (one a day from 2025-01-01, every third
/// tagged `weekly`) and one actor, in a temporary folder: enough documents
/// for paged listings.
pub fn many_notes_site(notes: usize) -> tempfile::TempDir {
    let dir = site(&[
        ("brief.toml", "title = \"Many notes\"\n"),
        (
            "content/actors/nato.md",
            "+++\nname = \"NATO\"\nkind = \"organisation\"\n+++\n",
        ),
    ]);
    std::fs::create_dir_all(dir.path().join("content/notes")).unwrap();
    for i in 0..notes {
        let date = jiff::civil::date(2025, 1, 1) + jiff::Span::new().days(i as i64);
        let tags = if i % 3 == 0 { "[\"weekly\"]" } else { "[]" };
        std::fs::write(
            dir.path().join(format!("content/notes/n{i:03}.md")),
            format!(
                "+++\ntitle = \"Note {i}\"\ndate = {date}\ntags = {tags}\n+++\nNATO said something on day {i}.\n"
            ),
        )
        .unwrap();
    }
    dir
}

/// The example site (the repository's own content, theme and `brief.toml`),
/// copied into a temporary folder.
pub fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["content", "templates", "static"] {
        copy_dir(&repo().join(part), &dir.path().join(part));
    }
    std::fs::copy(repo().join("brief.toml"), dir.path().join("brief.toml")).unwrap();
    dir
}

/// A GET of `path` (exactly as written) from the server at `addr`, with
/// `headers`, over a fresh HTTP/1.1 connection.
pub fn http_get(addr: &str, path: &str, headers: &[(&str, &str)]) -> Response {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    let mut request = format!("GET {path} HTTP/1.1\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    Response::parse(&raw)
}

/// An HTTP response, its body as text.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn parse(raw: &[u8]) -> Response {
        let text = String::from_utf8_lossy(raw);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Response {
            status,
            headers,
            body: body.to_string(),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}
