//! `brief serve`: build the site into a temporary folder, serve it on
//! loopback, watch the sources, rebuild what changed and reload open pages.
//!
//! Three parts run side by side: the HTTP server (`http`), the watcher
//! (`watch`) and one rebuild thread that owns the [`Session`]. The
//! rebuild thread publishes each outcome as a `reload::Status`, which the
//! event stream passes on to open pages.

mod http;
mod paths;
mod reload;
mod watch;

use std::collections::BTreeSet;
use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::Context as _;
use tokio::net::TcpListener;
use tokio::sync::watch as channel;

use crate::site::{BuildOptions, Change, Session};
use http::Server;
use reload::Status;
use watch::Watcher;

/// How many new warnings a rebuild prints; an archive can have thousands,
/// which would bury the server's own messages.
const WARNINGS_SHOWN: usize = 20;

/// How many ports after the asked one `serve` tries when it is taken.
const PORT_TRIES: u16 = 10;

/// What to serve and where.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// The port to listen on; 0 for any free port.
    pub port: u16,
    pub drafts: bool,
}

/// Serves the site until interrupted.
pub fn run(options: ServeOptions) -> anyhow::Result<ExitCode> {
    let root = options
        .root
        .canonicalize()
        .with_context(|| format!("no site folder at {}", options.root.display()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the server's runtime")?;
    runtime.block_on(serve(root, options))
}

async fn serve(root: PathBuf, options: ServeOptions) -> anyhow::Result<ExitCode> {
    // Listening from the start: a stop during the first build, as during
    // any other, ends that build at its next page and removes its folder.
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = tokio::spawn({
        let stop = stop.clone();
        async move {
            stop_requested().await;
            stop.store(true, Ordering::Relaxed);
        }
    });
    let (listener, addr) = bind(options.bind, options.port).await?;
    let url = format!("http://{}/", http_host(addr));
    let output = tempfile::Builder::new()
        .prefix("brief-serve-")
        .tempdir()
        .context("creating a folder for the served site")?;
    let build = BuildOptions {
        base_url: Some(url.clone()),
        drafts: options.drafts,
        ..BuildOptions::new(&root)
    };
    let server = Arc::new(Server {
        root: output.path().join("site"),
        hosts: Server::hosts_for(addr),
        any_ip: addr.ip().is_unspecified(),
        status: channel::Sender::new(Status::default()),
    });
    let busy = Arc::new(Mutex::new(()));
    let mut rebuilder = Rebuilder {
        session: Session::new(build, server.root.clone()).stopping_on(stop.clone()),
        server: server.clone(),
        warnings: BTreeSet::new(),
        stop: stop.clone(),
        busy: busy.clone(),
    };
    rebuilder.publish([], Instant::now(), "first build");
    if stop.load(Ordering::Relaxed) {
        return Ok(ExitCode::SUCCESS);
    }
    let watcher = Watcher::start(&root)?;
    std::thread::Builder::new()
        .name("brief-rebuild".into())
        .spawn(move || rebuilder.run(watcher))
        .context("starting the rebuild thread")?;

    println!(
        "serving {url} (drafts {}; Ctrl-C to stop)",
        if options.drafts {
            "included"
        } else {
            "left out"
        }
    );
    std::io::stdout().flush().ok();
    let status = server.status.clone();
    axum::serve(listener, http::router(server))
        .with_graceful_shutdown(async move {
            let _ = stopped.await;
            status.send_modify(|s| s.stopping = true);
        })
        .await
        .context("serving")?;
    // A rebuild in progress stops at its next page; none starts after it.
    let _idle = busy.lock().unwrap_or_else(|e| e.into_inner());
    drop(output);
    Ok(ExitCode::SUCCESS)
}

/// Waits until the process is asked to stop: Ctrl-C, or on Unix SIGTERM (a
/// process manager, `kill`, `timeout`).
async fn stop_requested() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Listens on `port`, or on the next free one when it is taken (said plainly).
async fn bind(ip: IpAddr, port: u16) -> anyhow::Result<(TcpListener, SocketAddr)> {
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(PORT_TRIES - 1)
    };
    for p in port..=last {
        match TcpListener::bind((ip, p)).await {
            Ok(listener) => {
                let addr = listener.local_addr()?;
                if p != port {
                    eprintln!("port {port} is in use: serving on port {p} instead");
                }
                return Ok((listener, addr));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => return Err(e).with_context(|| format!("listening on {ip} port {p}")),
        }
    }
    anyhow::bail!(
        "ports {port} to {last} on {ip} are all in use\n  help: pass a free port with `--port`, or stop the server using them"
    )
}

/// The host part of the site's URL when listening at `addr`.
fn http_host(addr: SocketAddr) -> String {
    if addr.ip().is_unspecified() {
        format!("localhost:{}", addr.port())
    } else {
        addr.to_string()
    }
}

/// The rebuild thread: owns the session and tells open pages each outcome.
struct Rebuilder {
    session: Session,
    server: Arc<Server>,
    /// The warnings last printed, so that each rebuild prints only new ones.
    warnings: BTreeSet<String>,
    /// Set when the server stops: what a build then reports is not news.
    stop: Arc<AtomicBool>,
    /// Held while a rebuild runs, so that the served folder is removed
    /// only when none is writing into it.
    busy: Arc<Mutex<()>>,
}

impl Rebuilder {
    /// Rebuilds after each batch of changes the watcher reports.
    fn run(mut self, mut watcher: Watcher) {
        while let Some(batch) = watcher.next() {
            for problem in &batch.problems {
                eprintln!("warning: {problem}");
            }
            if batch.changes.is_empty() {
                continue;
            }
            let what = describe(&batch.changes);
            self.publish(batch.changes, Instant::now(), &what);
        }
    }

    /// Rebuilds with `changes`, says how it went, and tells open pages.
    fn publish(&mut self, changes: impl IntoIterator<Item = Change>, started: Instant, what: &str) {
        let status = &self.server.status;
        let _writing = self.busy.lock().unwrap_or_else(|e| e.into_inner());
        if self.stop.load(Ordering::Relaxed) {
            return;
        }
        let result = self.session.rebuild(changes);
        if self.stop.load(Ordering::Relaxed) {
            return;
        }
        let error = match result {
            Ok(Ok(rebuilt)) => {
                if rebuilt.pages == 0 && !rebuilt.full && !rebuilt.static_only {
                    return;
                }
                let took = started.elapsed();
                // Open pages reload first: the log can wait.
                status.send_modify(|s| {
                    s.generation += 1;
                    s.static_only = rebuilt.static_only;
                    s.error = None;
                });
                let warnings: BTreeSet<String> =
                    rebuilt.warnings.iter().map(ToString::to_string).collect();
                let new: Vec<&String> = warnings.difference(&self.warnings).collect();
                for warning in new.iter().take(WARNINGS_SHOWN) {
                    eprintln!("{warning}");
                }
                if new.len() > WARNINGS_SHOWN {
                    eprintln!(
                        "… and {} more warnings: `brief check` lists them all",
                        new.len() - WARNINGS_SHOWN
                    );
                }
                self.warnings = warnings;
                eprintln!(
                    "{what}: rendered {} page{} in {} ms",
                    rebuilt.pages,
                    crate::diagnostic::plural(rebuilt.pages),
                    took.as_millis()
                );
                return;
            }
            Ok(Err(failed)) => failed.to_string(),
            Err(e) => format!("error: {e:#}"),
        };
        eprintln!("{error}");
        status.send_modify(|s| s.error = Some(error));
    }
}

/// A short account of a batch of changes, for the log.
fn describe(changes: &BTreeSet<Change>) -> String {
    let names: Vec<String> = changes
        .iter()
        .take(3)
        .map(|c| match c {
            Change::Content(path) => path.display().to_string(),
            Change::Templates => "templates".into(),
            Change::Static => "static files".into(),
            Change::Config => "brief.toml".into(),
        })
        .collect();
    let more = changes.len().saturating_sub(names.len());
    if more > 0 {
        format!("{} and {more} more", names.join(", "))
    } else {
        names.join(", ")
    }
}
