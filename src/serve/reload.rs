//! Live reload: the state of the served site as open pages see it, and the
//! small script that follows it over server-sent events.

use serde::Serialize;

/// The path of the event stream.
pub const EVENTS_PATH: &str = "/__brief/events";
/// The path of the live-reload script.
pub const SCRIPT_PATH: &str = "/__brief/live.js";

/// What the served site is: which good build it shows and, when the last
/// rebuild failed, its diagnostics.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Status {
    /// Counts good builds: a page that saw another one reloads.
    pub generation: u64,
    /// Only `static/` files changed: stylesheets are swapped in place.
    pub static_only: bool,
    /// The diagnostics of the failed rebuild, as plain text.
    pub error: Option<String>,
    /// The server is stopping: event streams end, so that open pages do
    /// not hold it up.
    #[serde(skip)]
    pub stopping: bool,
}

/// The tag added before `</body>` of every HTML page served.
pub fn script_tag() -> String {
    format!("<script src=\"{SCRIPT_PATH}\" defer></script>")
}

/// Adds the live-reload script to an HTML page.
pub fn inject(html: &[u8]) -> Vec<u8> {
    let tag = script_tag();
    let at = memchr::memmem::rfind(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The live-reload script. It shows a failed rebuild's diagnostics in an
/// overlay (as text, never as markup) and reloads the page, or only its
/// stylesheets, after a good one.
pub const SCRIPT: &str = r#"// brief serve: live reload
(() => {
  "use strict";
  const source = new EventSource("/__brief/events");
  let shown = null;
  const overlay = () => {
    let box = document.getElementById("brief-errors");
    if (!box) {
      box = document.createElement("div");
      box.id = "brief-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:#15161a;color:#f5f5f5;padding:2rem;" +
        "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace";
      const title = document.createElement("h2");
      title.textContent = "brief: the last rebuild failed";
      title.style.cssText = "margin:0 0 1rem;font:600 18px/1.3 system-ui,sans-serif;color:#ff9b9b";
      const text = document.createElement("pre");
      text.style.cssText = "white-space:pre-wrap;margin:0";
      const hint = document.createElement("p");
      hint.textContent = "The last good build is still served. Fix the error and save: this page updates by itself.";
      hint.style.cssText = "font:14px/1.4 system-ui,sans-serif;color:#c8c8c8";
      box.append(title, text, hint);
      document.body.append(box);
    }
    return box;
  };
  const swapStylesheets = () => {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("brief-reload", Date.now());
      link.href = url.href;
    }
  };
  source.addEventListener("status", (event) => {
    const status = JSON.parse(event.data);
    // Says the page follows the server (for tests and the curious).
    document.documentElement.dataset.briefLive = status.error ? "error" : "ok";
    if (status.error) {
      overlay().querySelector("pre").textContent = status.error;
      shown ??= status.generation;
      return;
    }
    document.getElementById("brief-errors")?.remove();
    if (shown !== null && status.generation !== shown) {
      if (!status.static_only) {
        location.reload();
        return;
      }
      swapStylesheets();
    }
    shown = status.generation;
  });
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_closing_body_tag() {
        let page = b"<html><body><p>a</body> text</body></html>";
        let out = String::from_utf8(inject(page)).unwrap();
        assert_eq!(
            out,
            format!("<html><body><p>a</body> text{}</body></html>", script_tag())
        );
        let bare = String::from_utf8(inject(b"<p>fragment")).unwrap();
        assert!(bare.ends_with(&script_tag()));
    }
}
