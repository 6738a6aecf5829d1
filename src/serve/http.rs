//! The HTTP side of `brief serve`: the site's files, the live-reload
//! script and event stream, and the checks every request passes.
//!
//! Requests whose `Host` is not a name of this server are refused (a page
//! on another site cannot reach it by rebinding a DNS name to loopback),
//! the event stream refuses other origins, and no response allows
//! cross-origin reads.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::watch;
use tokio_stream::StreamExt as _;
use tokio_stream::wrappers::WatchStream;

use super::paths::{self, Target};
use super::reload::{self, EVENTS_PATH, SCRIPT, SCRIPT_PATH, Status};

/// What the handlers share.
pub struct Server {
    /// The folder the site is written to.
    pub root: PathBuf,
    /// The `Host` values (and origins) this server answers to.
    pub hosts: Vec<String>,
    /// Listening on every address: any IP address with the port is a name too.
    pub any_ip: bool,
    pub status: watch::Sender<Status>,
}

impl Server {
    /// The names this server answers to when bound at `addr`: loopback
    /// names with the port, and the bound address itself.
    pub fn hosts_for(addr: SocketAddr) -> Vec<String> {
        let port = addr.port();
        let mut hosts = vec![
            format!("localhost:{port}"),
            format!("127.0.0.1:{port}"),
            format!("[::1]:{port}"),
        ];
        let own = addr.to_string();
        if !hosts.contains(&own) {
            hosts.push(own);
        }
        hosts
    }

    /// Whether `host` (a `Host` header value, lowercase) names this server.
    fn allows(&self, host: &str) -> bool {
        if self.hosts.iter().any(|h| h == host) {
            return true;
        }
        let port = self.hosts[0].rsplit_once(':').map(|(_, p)| p);
        self.any_ip
            && host.parse::<SocketAddr>().is_ok()
            && host.rsplit_once(':').map(|(_, p)| p) == port
    }
}

/// The application: routes and checks.
pub fn router(server: Arc<Server>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(SCRIPT_PATH, get(script))
        .fallback(file)
        .layer(middleware::from_fn_with_state(server.clone(), check_host))
        .with_state(server)
}

/// Refuses requests addressed to another host name.
async fn check_host(State(server): State<Arc<Server>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_ascii_lowercase);
    match host {
        Some(host) if server.allows(&host) => {
            let mut response = next.run(request).await;
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        _ => plain(
            StatusCode::FORBIDDEN,
            "brief serve answers only to its own address (localhost)\n",
        ),
    }
}

/// The live-reload event stream: the site's status now and after each rebuild.
async fn events(State(server): State<Arc<Server>>, headers: HeaderMap) -> Response {
    let origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok());
    if let Some(origin) = origin {
        let own = origin
            .strip_prefix("http://")
            .is_some_and(|host| server.allows(host));
        if !own {
            return plain(
                StatusCode::FORBIDDEN,
                "cross-origin event streams are refused\n",
            );
        }
    }
    let statuses = WatchStream::new(server.status.subscribe());
    let stream = statuses.take_while(|s| !s.stopping).map(|status| {
        Ok::<_, Infallible>(
            Event::default()
                .event("status")
                .data(serde_json::to_string(&status).expect("a status serializes")),
        )
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
        .into_response()
}

/// A file of the site, the folder's `index.html` for a pretty URL, or the
/// site's 404 page.
async fn file(State(server): State<Arc<Server>>, request: Request) -> Response {
    let method = request.method();
    if method != Method::GET && method != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
    }
    let root = server.root.clone();
    let path = request.uri().path().to_string();
    let found = tokio::task::spawn_blocking(move || match paths::resolve(&root, &path) {
        Target::File(file) => match std::fs::read(&file) {
            Ok(bytes) => Found::File(file, bytes),
            Err(_) => not_found(&root),
        },
        Target::Folder(location) => Found::Redirect(location),
        Target::NotFound => not_found(&root),
        Target::Refused => Found::Refused,
    })
    .await
    .unwrap_or(Found::Refused);
    match found {
        Found::File(file, bytes) => {
            let mime = mime_guess::from_path(&file).first_or_octet_stream();
            respond(StatusCode::OK, mime.essence_str(), bytes)
        }
        Found::Missing(bytes) => respond(StatusCode::NOT_FOUND, "text/html", bytes),
        Found::Redirect(location) => Response::builder()
            .status(StatusCode::MOVED_PERMANENTLY)
            .header(header::LOCATION, location)
            .body(Body::empty())
            .expect("a valid redirect"),
        Found::Refused => plain(StatusCode::FORBIDDEN, "outside the site\n"),
    }
}

/// What a request path came to.
enum Found {
    File(PathBuf, Vec<u8>),
    /// The body of the 404 page.
    Missing(Vec<u8>),
    Redirect(String),
    Refused,
}

/// The site's own 404 page, or a bare one while there is no good build.
fn not_found(root: &std::path::Path) -> Found {
    Found::Missing(std::fs::read(root.join("404.html")).unwrap_or_else(|_| {
        b"<!doctype html><html><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1></body></html>".to_vec()
    }))
}

/// A response of `bytes`; HTML pages get the live-reload script.
fn respond(status: StatusCode, mime: &str, bytes: Vec<u8>) -> Response {
    let (content_type, body) = match mime {
        "text/html" => (
            "text/html; charset=utf-8".to_string(),
            reload::inject(&bytes),
        ),
        m if m.starts_with("text/") || m == "application/javascript" || m == "application/json" => {
            (format!("{m}; charset=utf-8"), bytes)
        }
        m => (m.to_string(), bytes),
    };
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .expect("a valid response")
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}
