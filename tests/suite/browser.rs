//! Live reload in a real browser: headless Chromium driven over WebDriver.
//!
//! These tests need Debian's `chromium` and `chromium-driver`; plain
//! `cargo test` skips them and `.ci/run` installs both, then runs them with
//! `-- --ignored`. Without the browser they fail: they never pass by
//! default.

use std::collections::BTreeSet;
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::json;

use super::serve::Served;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A chromedriver process; killed on drop.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    fn start() -> Driver {
        assert!(
            Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists(),
            "the browser tests need {CHROMIUM} and {CHROMEDRIVER}: apt-get install chromium chromium-driver"
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver never listened");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }

    /// A headless Chromium session.
    async fn browser(&self) -> Client {
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--no-first-run",
                    "--disable-dev-shm-usage", "--window-size=1280,900",
                ],
            },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.url)
            .await
            .expect("a Chromium session")
    }
}

/// Evaluates `expression` in the page until it is true.
async fn wait_until(client: &Client, expression: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let value = client
            .execute(&format!("return Boolean({expression});"), vec![])
            .await
            .unwrap_or(json!(false));
        if value == json!(true) {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn eval(client: &Client, expression: &str) -> serde_json::Value {
    client
        .execute(&format!("return {expression};"), vec![])
        .await
        .unwrap()
}

#[test]
#[ignore = "needs Chromium and chromedriver; .ci/run installs them and runs it"]
fn an_open_note_follows_edits_and_shows_build_errors() {
    let served = Served::start(&[]);
    let driver = Driver::start();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let client = driver.browser().await;
        client
            .goto(&format!("http://{}/notes/kremlin-leverage/", served.addr))
            .await
            .unwrap();
        wait_until(
            &client,
            "document.documentElement.dataset.briefLive === 'ok'",
            "the page to follow the server",
        )
        .await;
        // Gone when the page reloads by itself.
        client
            .execute("window.briefMarker = true;", vec![])
            .await
            .unwrap();

        let note = served.root().join("content/notes/kremlin-leverage.md");
        let text = std::fs::read_to_string(&note).unwrap();
        std::fs::write(
            &note,
            text.replace("points to leverage", "points to browser-visible leverage"),
        )
        .unwrap();
        wait_until(
            &client,
            "document.body.innerText.includes('points to browser-visible leverage')",
            "the edited text",
        )
        .await;
        assert_eq!(
            eval(&client, "window.briefMarker === undefined").await,
            json!(true),
            "the page reloaded itself"
        );

        // Break the note with markup in an unknown key: the overlay shows
        // the diagnostic as text, and the last good page stays under it.
        std::fs::write(
            &note,
            text.replace(
                "\ntitle:",
                "\n\"<img src=x onerror=window.pwned=1>\": 1\ntitle:",
            ),
        )
        .unwrap();
        wait_until(
            &client,
            "document.getElementById('brief-errors')",
            "the error overlay",
        )
        .await;
        let shown = eval(
            &client,
            "document.querySelector('#brief-errors pre').textContent",
        )
        .await;
        let shown = shown.as_str().unwrap();
        assert!(shown.contains("kremlin-leverage.md"), "{shown}");
        assert!(
            shown.contains("<img src=x onerror=window.pwned=1>"),
            "{shown}"
        );
        assert_eq!(
            eval(
                &client,
                "document.querySelectorAll('#brief-errors img').length === 0 && window.pwned === undefined"
            )
            .await,
            json!(true),
            "the diagnostic is text, not markup"
        );
        assert_eq!(
            eval(&client, "document.body.innerText.includes('browser-visible')").await,
            json!(true),
            "the last good page stays"
        );
        if let Some(dir) = std::env::var_os("BRIEF_SCREENSHOTS") {
            let png = client.screenshot().await.unwrap();
            std::fs::write(Path::new(&dir).join("serve-error-overlay.png"), png).unwrap();
        }

        // Fixing the note clears the overlay and shows the fixed page.
        std::fs::write(&note, text.replace("points to leverage", "points to fixed leverage"))
            .unwrap();
        wait_until(
            &client,
            "!document.getElementById('brief-errors') && document.body.innerText.includes('points to fixed leverage')",
            "the fixed page",
        )
        .await;
        client.close().await.unwrap();
    });
}

/// Types `query` into the search page open in `client` and waits for the
/// results: `[kind, title, href, snippet, date, source]` of each.
async fn search_for(client: &Client, query: &str) -> Vec<serde_json::Value> {
    client
        .execute(
            "const q = document.getElementById('search-q'); q.value = arguments[0]; \
             q.dispatchEvent(new Event('input'));",
            vec![json!(query)],
        )
        .await
        .unwrap();
    wait_until(
        client,
        "document.getElementById('search-status').textContent.includes('for “')",
        "search results",
    )
    .await;
    let results = eval(
        client,
        "[...document.querySelectorAll('#search-results li')].map(li => [\
           li.querySelector('.search-kind').textContent, \
           li.querySelector('a').textContent, \
           li.querySelector('a').href, \
           (li.querySelector('.search-snippet') || {}).textContent || '', \
           (li.querySelector('time') || {}).textContent || '', \
           (li.querySelector('.search-source') || {}).textContent || ''])",
    )
    .await;
    results.as_array().unwrap().clone()
}

#[test]
#[ignore = "needs Chromium and chromedriver; .ci/run installs them and runs it"]
fn search_finds_every_kind_from_a_static_host_and_from_files() {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    super::support::build_example(&public, Some(super::publish::BASE));
    let host = super::publish::static_host(public.clone());
    let driver = Driver::start();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let client = driver.browser().await;
        let on_host = format!("http://{host}{}search/", super::publish::PREFIX);
        let on_disk = format!("file://{}/search/index.html", public.display());
        for start in [on_host, on_disk] {
            client.goto(&start).await.unwrap();
            wait_until(
                &client,
                "document.getElementById('search-status').textContent",
                "the search script",
            )
            .await;

            // Without diacritics, "erdogan" finds Erdoğan, his quotes and
            // the documents that mention him.
            let results = search_for(&client, "erdogan").await;
            let kinds: BTreeSet<&str> = results.iter().map(|r| r[0].as_str().unwrap()).collect();
            assert_eq!(
                kinds,
                BTreeSet::from(["Actor", "Note", "Source"]),
                "{results:?}"
            );
            assert_eq!(
                results[0][1], "Recep Tayyip Erdoğan",
                "the name ranks first: {results:?}"
            );

            let results = search_for(&client, "kuleba").await;
            let quote = results
                .iter()
                .find(|r| r[0] == "Quote")
                .unwrap_or_else(|| panic!("a quote of Kuleba: {results:?}"));
            assert!(
                quote[2]
                    .as_str()
                    .unwrap()
                    .contains("/articles/istanbul-talks/"),
                "{quote:?}"
            );
            assert!(quote[2].as_str().unwrap().contains("#q"), "{quote:?}");
            assert_eq!(quote[4], "16 May 2025", "{quote:?}");
            assert!(quote[3].as_str().unwrap().starts_with('“'), "{quote:?}");
            assert_eq!(
                quote[5],
                "in Ukraine and Russia hold first direct talks since 2022 in Istanbul, \
                 expectations modest",
                "the quote names its article: {quote:?}"
            );

            // A result leads to its page, on the host and from files alike.
            let actor = search_for(&client, "Erdoğan").await[0][2]
                .as_str()
                .unwrap()
                .to_string();
            client.goto(&actor).await.unwrap();
            wait_until(
                &client,
                "document.title.includes('Erdoğan')",
                "the actor page",
            )
            .await;
            assert!(
                eval(&client, "document.querySelector('h1').textContent")
                    .await
                    .as_str()
                    .unwrap()
                    .contains("Erdoğan")
            );
            let nothing = {
                client.goto(&start).await.unwrap();
                search_for(&client, "zzzz-nowhere").await
            };
            assert!(nothing.is_empty());
            assert_eq!(
                eval(
                    &client,
                    "document.getElementById('search-status').textContent"
                )
                .await,
                json!("No results for “zzzz-nowhere”.")
            );
        }
        client.close().await.unwrap();
    });
}

/// axe-core, installed by `.ci/run` from the npm registry.
fn axe_source() -> String {
    let path = std::env::var_os("BRIEF_AXE").map_or_else(
        || super::support::repo().join("target/axe/node_modules/axe-core/axe.min.js"),
        std::path::PathBuf::from,
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the accessibility test needs axe-core at {} ({e}): npm install --prefix target/axe axe-core@4.14.1",
            path.display()
        )
    })
}

#[test]
#[ignore = "needs Chromium, chromedriver and axe-core; .ci/run installs them and runs it"]
fn every_page_type_passes_axe_without_serious_violations() {
    let axe = axe_source();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    super::support::build_example(&public, Some(super::publish::BASE));
    let host = super::publish::static_host(public);
    let driver = Driver::start();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let client = driver.browser().await;
        let mut failures = Vec::new();
        for page in [
            "",
            "notes/",
            "notes/kremlin-leverage/",
            "articles/",
            "articles/istanbul-talks/",
            "actors/",
            "actors/russia/",
            "topics/",
            "topics/prisoner-exchanges/",
            "stances/",
            "tags/",
            "tags/weekly-brief/",
            "search/?q=peskov",
            "404.html",
        ] {
            let url = format!("http://{host}{}{page}", super::publish::PREFIX);
            client.goto(&url).await.unwrap();
            assert_eq!(
                eval(&client, "document.querySelectorAll('main h1').length").await,
                json!(1),
                "{url} is a page of the site"
            );
            client.execute(&axe, vec![]).await.unwrap();
            let serious = client
                .execute_async(
                    "const done = arguments[arguments.length - 1];
                     axe.run(document, { resultTypes: ['violations'] }).then(r => done(
                       r.violations
                         .filter(v => v.impact === 'serious' || v.impact === 'critical')
                         .map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`)
                     ));",
                    vec![],
                )
                .await
                .unwrap();
            for violation in serious.as_array().unwrap() {
                failures.push(format!("/{page}: {}", violation.as_str().unwrap()));
            }
        }
        client.close().await.unwrap();
        assert!(failures.is_empty(), "axe found:\n{}", failures.join("\n"));
    });
}
