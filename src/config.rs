//! `brief.toml`: the site's configuration.

use std::path::Path;

use anyhow::Context;

use crate::content::frontmatter::FrontMatter;
use crate::content::{Fields, FileContext};
use crate::diagnostic::{Diagnostic, Position};
use crate::model::{Extra, Level, Scale};

/// The configuration file's name, at the site root.
pub const FILE: &str = "brief.toml";

const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "author",
    "stale_after_days",
    "mentions_without_stance",
    "feed_limit",
    "mentions_case_sensitive",
    "scale",
    "extra",
];

/// A site's settings, with defaults for everything a site leaves out.
#[derive(Clone, Debug)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    /// The absolute URL the site is published at, ending in `/`.
    pub base_url: String,
    pub language: String,
    pub author: Option<String>,
    /// How old (in days before the newest note) a current position may be before it is flagged.
    pub stale_after_days: i64,
    /// How often an actor may be mentioned with no stance before it is flagged.
    pub mentions_without_stance: usize,
    /// How many entries the feed carries.
    pub feed_limit: usize,
    /// Whether actor names match only with the case they are written in.
    pub mentions_case_sensitive: bool,
    pub scale: Scale,
    pub extra: Extra,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Briefing".to_string(),
            description: None,
            base_url: "/".to_string(),
            language: "en".to_string(),
            author: None,
            stale_after_days: 30,
            mentions_without_stance: 5,
            feed_limit: 50,
            mentions_case_sensitive: true,
            scale: Scale::default(),
            extra: Extra::new(),
        }
    }
}

impl Config {
    /// Reads `root/brief.toml`; a site without one gets the defaults.
    ///
    /// Problems in the file are returned as diagnostics; I/O failures as errors.
    pub fn load(root: &Path) -> anyhow::Result<Result<Config, Vec<Diagnostic>>> {
        let path = root.join(FILE);
        if !path.exists() {
            return Ok(Ok(Config::default()));
        }
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        Ok(Config::parse(&text))
    }

    /// Parses the text of `brief.toml`.
    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let rel = Path::new(FILE);
        let front = FrontMatter::whole_toml(text);
        let map = front
            .parse()
            .map_err(|(pos, message)| vec![Diagnostic::error(rel, pos, message)])?;
        let ctx = FileContext::new(rel, Some(front), "site configuration");
        let fields = Fields::new(&ctx, map);
        fields.reject_unknown(KEYS);
        let defaults = Config::default();
        let base_url = fields
            .string("base_url")
            .map(|url| normalize_base_url(&url));
        let config = Config {
            title: fields.string("title").unwrap_or(defaults.title),
            description: fields.string("description"),
            base_url: base_url.unwrap_or(defaults.base_url),
            language: fields.string("language").unwrap_or(defaults.language),
            author: fields.string("author"),
            stale_after_days: fields
                .integer("stale_after_days")
                .unwrap_or(defaults.stale_after_days),
            mentions_without_stance: count(&fields, "mentions_without_stance")
                .unwrap_or(defaults.mentions_without_stance),
            feed_limit: count(&fields, "feed_limit").unwrap_or(defaults.feed_limit),
            mentions_case_sensitive: fields
                .bool_or("mentions_case_sensitive", defaults.mentions_case_sensitive),
            scale: scale(&fields).unwrap_or(defaults.scale),
            extra: fields.extra("extra"),
        };
        drop(fields);
        let diagnostics = ctx.into_diagnostics();
        if diagnostics.is_empty() {
            Ok(config)
        } else {
            Err(diagnostics)
        }
    }

    /// The path part of `base_url`, always starting and ending with `/`:
    /// every internal link starts with it, so the site works under a sub-path.
    pub fn base_path(&self) -> &str {
        match self.base_url.find("://") {
            Some(scheme) => {
                let rest = &self.base_url[scheme + 3..];
                rest.find('/').map_or("/", |i| &rest[i..])
            }
            None => &self.base_url,
        }
    }

    /// Overrides `base_url` (from the command line).
    pub fn set_base_url(&mut self, url: &str) {
        self.base_url = normalize_base_url(url);
    }
}

fn normalize_base_url(url: &str) -> String {
    let url = url.trim();
    let mut url = if url.contains("://") || url.starts_with('/') {
        url.to_string()
    } else {
        format!("/{url}")
    };
    if !url.ends_with('/') {
        url.push('/');
    }
    url
}

fn count(fields: &Fields<'_, '_>, key: &str) -> Option<usize> {
    let n = fields.integer(key)?;
    match usize::try_from(n) {
        Ok(n) => Some(n),
        Err(_) => {
            let pos = fields.position(key, None);
            fields.ctx().push(Diagnostic::error(
                FILE,
                pos,
                format!("`{key}` must not be negative"),
            ));
            None
        }
    }
}

/// A custom stance scale: `[[scale]]` tables with `key`, `label`, `value`, `colour`.
fn scale(fields: &Fields<'_, '_>) -> Option<Scale> {
    if !fields.contains("scale") {
        return None;
    }
    let mut levels = Vec::new();
    for level in fields.tables("scale", "`scale` level") {
        level.reject_unknown(&["key", "label", "value", "colour"]);
        let key = level.required_string("key", "\"supports\"");
        let label = level.required_string("label", "\"Supports\"");
        let colour = level.required_string("colour", "\"#2166ac\"");
        let value = level.integer("value").map(|v| v as i32);
        if let (Some(key), Some(label), Some(colour)) = (key, label, colour) {
            if levels.iter().any(|l: &Level| l.key == key) {
                let pos = level.position("key", None);
                level.ctx().push(Diagnostic::error(
                    FILE,
                    pos,
                    format!("duplicate scale key `{key}`"),
                ));
            }
            levels.push(Level {
                key,
                label,
                value,
                colour,
            });
        }
    }
    if levels.is_empty() {
        fields.ctx().push(
            Diagnostic::error(FILE, Position::new(1, 1), "the stance scale has no levels")
                .with_help(
                    "add `[[scale]]` tables with key, label, value and colour, or remove `scale`",
                ),
        );
        return None;
    }
    Some(Scale { levels })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_is_the_path_of_base_url() {
        let mut config = Config::default();
        assert_eq!(config.base_path(), "/");
        config.set_base_url("https://host/team/briefs");
        assert_eq!(config.base_path(), "/team/briefs/");
        config.set_base_url("https://host");
        assert_eq!(config.base_path(), "/");
    }

    #[test]
    fn unknown_keys_are_reported_with_a_suggestion() {
        let errors = Config::parse("title = \"x\"\nbase_ulr = \"/\"\n").unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "brief.toml:2:1: error: unknown key `base_ulr` in site configuration\n  help: did you mean `base_url`?"
        );
    }

    #[test]
    fn custom_scales_replace_the_default() {
        let config = Config::parse(
            "[[scale]]\nkey = \"against\"\nlabel = \"Against\"\nvalue = -1\ncolour = \"#a00\"\n\n[[scale]]\nkey = \"for\"\nlabel = \"For\"\nvalue = 1\ncolour = \"#00a\"\n",
        )
        .unwrap();
        assert_eq!(config.scale.keys().collect::<Vec<_>>(), ["against", "for"]);
    }
}
