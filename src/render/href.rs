//! Link destinations: which are relative, and how a browser resolves them.

use std::borrow::Cow;

/// `href` made absolute (from the site's host root) as a browser would on
/// the page at URL path `page` (like `/team/briefs/notes/a/`). Links that
/// are already absolute, carry a scheme (`https:`, `mailto:`) or are empty
/// are returned as they are.
///
/// Bodies are rendered with their links made absolute, so that a link in a
/// note works wherever the note's summary is shown: listings, tag pages, the
/// feed.
pub fn absolute<'h>(page: &str, href: &'h str) -> Cow<'h, str> {
    if href.is_empty() || href.starts_with('/') || has_scheme(href) {
        return Cow::Borrowed(href);
    }
    let split = href.find(['?', '#']).unwrap_or(href.len());
    let (path, rest) = href.split_at(split);
    let joined = if path.is_empty() {
        page.to_string()
    } else {
        let dir = &page[..=page.rfind('/').unwrap_or(0)];
        normalize(&format!("{dir}{path}"))
    };
    Cow::Owned(format!("{joined}{rest}"))
}

/// Whether `url` starts with a scheme (`https:`, `mailto:`).
pub fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// An absolute URL path with `.` and `..` segments resolved, as a browser
/// does (`..` never climbs above the root).
pub fn normalize(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment {
            "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut out = format!("/{}", segments.join("/"));
    if trailing && !segments.is_empty() {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_resolve_against_the_page() {
        let page = "/team/briefs/notes/a/";
        assert_eq!(absolute(page, "../b/"), "/team/briefs/notes/b/");
        assert_eq!(
            absolute(page, "../../articles/x/?v=1#q3"),
            "/team/briefs/articles/x/?v=1#q3"
        );
        assert_eq!(absolute(page, "#q3"), "/team/briefs/notes/a/#q3");
        assert_eq!(absolute(page, "map.png"), "/team/briefs/notes/a/map.png");
        assert_eq!(absolute(page, "../../../../../x"), "/x");
        for kept in [
            "/notes/b/",
            "https://e.example/",
            "mailto:a@b",
            "//cdn.example/x",
            "",
        ] {
            assert_eq!(absolute(page, kept), kept);
        }
    }
}
