//! Mapping a request path to a file of the site, and nothing outside it.
//!
//! The path is percent-decoded exactly once and split into segments; a
//! segment that climbs (`..`), holds a separator once decoded (`..%2f`,
//! `%5c`), or a NUL is refused before the file system is asked anything.
//! What remains is joined under the root and, once resolved, must still be
//! under the root (component by component: a sibling folder whose name
//! starts like the root's does not count).

use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file to send.
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect to this path.
    Folder(String),
    NotFound,
    /// A path that tries to leave the site.
    Refused,
}

/// Resolves `request_path` (the raw path of the request's URI, without the
/// query) to a file under `root`.
pub fn resolve(root: &Path, request_path: &str) -> Target {
    let Some(segments) = segments(request_path) else {
        return Target::Refused;
    };
    let mut path = root.to_path_buf();
    path.extend(&segments);
    let Ok(root) = root.canonicalize() else {
        return Target::NotFound;
    };
    let Ok(found) = path.canonicalize() else {
        return Target::NotFound;
    };
    if !found.starts_with(&root) {
        return Target::Refused;
    }
    if found.is_dir() {
        if !request_path.ends_with('/') {
            return Target::Folder(format!("{request_path}/"));
        }
        let index = found.join("index.html");
        return if index.is_file() {
            Target::File(index)
        } else {
            Target::NotFound
        };
    }
    Target::File(found)
}

/// The decoded segments of a request path, or `None` when one of them is
/// not a plain name.
fn segments(request_path: &str) -> Option<Vec<String>> {
    if !request_path.starts_with('/') || request_path.contains('\\') {
        return None;
    }
    let mut segments = Vec::new();
    for raw in request_path.split('/').filter(|s| !s.is_empty()) {
        let segment = percent_decode_str(raw).decode_utf8().ok()?;
        let plain = !matches!(&*segment, "." | "..")
            && !segment.contains(['/', '\\', '\0'])
            && !segment.contains(':');
        if !plain {
            return None;
        }
        segments.push(segment.into_owned());
    }
    Some(segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("notes/a")).unwrap();
        std::fs::write(root.join("index.html"), "home").unwrap();
        std::fs::write(root.join("notes/a/index.html"), "a").unwrap();
        std::fs::write(root.join("style.css"), "css").unwrap();
        std::fs::create_dir_all(dir.path().join("site-secrets")).unwrap();
        std::fs::write(dir.path().join("site-secrets/key"), "secret").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        (dir, root)
    }

    #[test]
    fn pretty_urls_and_files_resolve() {
        let (_dir, root) = site();
        let file = |p: &str| Target::File(root.join(p).canonicalize().unwrap());
        assert_eq!(resolve(&root, "/"), file("index.html"));
        assert_eq!(resolve(&root, "/notes/a/"), file("notes/a/index.html"));
        assert_eq!(resolve(&root, "/style.css"), file("style.css"));
        assert_eq!(
            resolve(&root, "/notes/a"),
            Target::Folder("/notes/a/".into())
        );
        assert_eq!(resolve(&root, "/notes/%61/"), file("notes/a/index.html"));
        assert_eq!(resolve(&root, "/nothing/"), Target::NotFound);
    }

    #[test]
    fn nothing_outside_the_root_is_reachable() {
        let (_dir, root) = site();
        for path in [
            "/../secret.txt",
            "/notes/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/..%2fsecret.txt",
            "/..%2Fsecret.txt",
            "/..%5csecret.txt",
            "/..\\secret.txt",
            "/notes\\..\\..\\secret.txt",
            "/%00/index.html",
            "/C:/secret.txt",
        ] {
            assert_eq!(resolve(&root, path), Target::Refused, "{path}");
        }
        // Decoded once: `%252e%252e` is a folder named `%2e%2e`, which does not exist.
        assert_eq!(resolve(&root, "/%252e%252e/secret.txt"), Target::NotFound);
        assert_eq!(resolve(&root, "/../site-secrets/key"), Target::Refused);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_root_is_refused() {
        let (dir, root) = site();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt")).unwrap();
        assert_eq!(resolve(&root, "/link.txt"), Target::Refused);
    }
}
