//! Publishing under a sub-path: the example site built for
//! `https://host/team/briefs/`, served from that sub-path by a plain static
//! host, crawled from its front page: every internal link and asset is
//! there.

use std::collections::{BTreeSet, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use brief::site::{BuildOptions, build};

use super::support::{example_site, http_get};

pub const BASE: &str = "https://host/team/briefs/";
pub const PREFIX: &str = "/team/briefs/";

/// Serves the files of `root` under `PREFIX` on a loopback port, as a
/// static host would (a folder's `index.html` for a path ending in `/`);
/// returns its address.
pub fn static_host(root: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut line = String::new();
            if BufReader::new(&stream).read_line(&mut line).is_err() {
                continue;
            }
            let target = line.split(' ').nth(1).unwrap_or("/");
            let body = file_for(&root, target).and_then(|f| std::fs::read(f).ok());
            let kind = mime_guess::from_path(target.split(['?', '#']).next().unwrap_or(""))
                .first_raw()
                .unwrap_or("text/html");
            let head = match &body {
                Some(b) => format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\r\n",
                    b.len()
                ),
                None => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".to_string(),
            };
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body.as_deref().unwrap_or_default());
        }
    });
    addr
}

/// The file a static host serves for `target`, if it is under `PREFIX`.
fn file_for(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?.strip_prefix(PREFIX)?;
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    if path.split('/').any(|s| s == "..") {
        return None;
    }
    let file = root.join(&*path);
    Some(if path.is_empty() || path.ends_with('/') {
        file.join("index.html")
    } else {
        file
    })
}

/// The internal addresses a page refers to (links, assets, feed and
/// sitemap entries), as paths; panics on one outside the sub-path.
fn references(page: &str, body: &str) -> Vec<String> {
    let mut found = Vec::new();
    for marker in ["href=\"", "src=\"", "<loc>", "<id>"] {
        for part in body.split(marker).skip(1) {
            let end = part.find(['"', '<']).unwrap_or(part.len());
            let url = part[..end].replace("&amp;", "&");
            let path = if let Some(rest) = url.strip_prefix("https://host") {
                rest.to_string()
            } else if url.starts_with('/') {
                url.clone()
            } else if url.contains(':') || url.starts_with('#') || url.is_empty() {
                continue; // another site, a fragment of this page, a tag URI
            } else {
                let dir = &page[..page.rfind('/').unwrap() + 1];
                format!("{dir}{url}")
            };
            assert!(
                path.starts_with(PREFIX),
                "{page} links to {url}, outside {PREFIX}"
            );
            found.push(path.split('#').next().unwrap().to_string());
        }
    }
    found
}

#[test]
fn a_site_under_a_sub_path_has_no_broken_internal_link() {
    let site = example_site();
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        base_url: Some(BASE.to_string()),
        output: Some(out.path().join("public")),
        ..BuildOptions::new(site.path())
    };
    build(&options).unwrap().unwrap();
    let addr = static_host(out.path().join("public"));

    let mut seen = BTreeSet::from([PREFIX.to_string()]);
    let mut queue = VecDeque::from([PREFIX.to_string()]);
    let mut broken = Vec::new();
    for start in ["feed.xml", "sitemap.xml", "404.html"] {
        let path = format!("{PREFIX}{start}");
        seen.insert(path.clone());
        queue.push_back(path);
    }
    while let Some(path) = queue.pop_front() {
        let response = http_get(&addr, &path, &[("Host", "host")]);
        if response.status != 200 {
            broken.push(path);
            continue;
        }
        for next in references(&path, &response.body) {
            if seen.insert(next.clone()) {
                queue.push_back(next);
            }
        }
    }
    assert!(broken.is_empty(), "broken internal links: {broken:?}");
    assert!(seen.len() > 50, "crawled only {} addresses", seen.len());
    for expected in [
        "style.css",
        "stances/",
        "actors/dmitry-peskov/",
        "articles/istanbul-talks/",
        "data/stances.json",
    ] {
        assert!(
            seen.contains(&format!("{PREFIX}{expected}")),
            "{expected} not reached"
        );
    }
}
