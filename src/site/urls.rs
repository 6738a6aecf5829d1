//! Where each page lives: its output path and its URL under `base_url`.
//!
//! Every internal link is built here, from the path part of `base_url`, so a
//! site published under a sub-path links correctly everywhere.

use crate::config::Config;

/// Builds URLs of the site's pages.
#[derive(Clone, Debug)]
pub struct Urls {
    /// The path part of `base_url`: `/` or `/team/briefs/`.
    base_path: String,
    /// Scheme and host of `base_url` (empty when it has none).
    origin: String,
}

impl Urls {
    pub fn new(config: &Config) -> Self {
        let base_path = config.base_path().to_string();
        let origin = config
            .base_url
            .strip_suffix(base_path.as_str())
            .unwrap_or("")
            .to_string();
        Urls { base_path, origin }
    }

    /// The path part of `base_url`: `/` or `/team/briefs/`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// Scheme and host of `base_url`, empty when it has none.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The URL of the page at `path` (relative, like `notes/x/`).
    pub fn page(&self, path: &str) -> String {
        format!("{}{path}", self.base_path)
    }

    /// The absolute URL of a site URL, for feeds and sitemaps.
    pub fn absolute(&self, url: &str) -> String {
        format!("{}{url}", self.origin)
    }

    pub fn home(&self) -> String {
        self.page("")
    }

    pub fn note(&self, id: &str) -> String {
        self.page(&format!("notes/{id}/"))
    }

    pub fn article(&self, id: &str) -> String {
        self.page(&format!("articles/{id}/"))
    }

    pub fn actor(&self, id: &str) -> String {
        self.page(&format!("actors/{id}/"))
    }

    pub fn topic(&self, id: &str) -> String {
        self.page(&format!("topics/{id}/"))
    }

    pub fn tag(&self, slug: &str) -> String {
        self.page(&format!("tags/{slug}/"))
    }

    /// The anchored place of a quote in an article.
    pub fn quote(&self, article: &str, quote: &str) -> String {
        format!("{}#{quote}", self.article(article))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_live_under_the_base_path() {
        let mut config = Config::default();
        config.set_base_url("https://host.example/team/briefs/");
        let urls = Urls::new(&config);
        assert_eq!(urls.note("a"), "/team/briefs/notes/a/");
        assert_eq!(
            urls.absolute(&urls.home()),
            "https://host.example/team/briefs/"
        );
        assert_eq!(urls.quote("x", "q3"), "/team/briefs/articles/x/#q3");
    }
}
