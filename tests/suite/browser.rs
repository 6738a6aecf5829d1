//! Live reload in a real browser: headless Chromium driven over WebDriver.
//!
//! These tests need Debian's `chromium` and `chromium-driver`; plain
//! `cargo test` skips them and `.ci/run` installs both, then runs them with
//! `-- --ignored`. Without the browser they fail: they never pass by
//! default.

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
