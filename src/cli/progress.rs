//! What `brief build` shows while it works: a progress bar on a terminal
//! once a build has run for a second, and with `--verbose` each stage's
//! time. Nothing is drawn when stderr is not a terminal.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::site::Observer;

/// How long a build runs before its progress bar appears.
const QUIET_PERIOD: Duration = Duration::from_secs(1);

/// How much a build says as it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

/// A build's progress on stderr.
pub struct Terminal {
    verbosity: Verbosity,
    started: Instant,
    bar: ProgressBar,
    /// The stage under way and when it began.
    stage: Mutex<(&'static str, Instant)>,
}

impl Terminal {
    pub fn new(verbosity: Verbosity) -> Terminal {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg}: {pos} files written, {elapsed}")
                .expect("a valid progress template"),
        );
        let now = Instant::now();
        Terminal {
            verbosity,
            started: now,
            bar,
            stage: Mutex::new(("start", now)),
        }
    }

    /// Ends the display: clears the bar and reports the last stage.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
        self.report_stage();
    }

    fn report_stage(&self) {
        let (name, since) = *self.stage.lock().unwrap_or_else(|e| e.into_inner());
        if self.verbosity == Verbosity::Verbose && name != "start" {
            eprintln!("  {name}: {} ms", since.elapsed().as_millis());
        }
    }
}

impl Observer for Terminal {
    fn stage(&self, name: &'static str) {
        self.report_stage();
        *self.stage.lock().unwrap_or_else(|e| e.into_inner()) = (name, Instant::now());
        self.bar.set_message(name);
    }

    fn written(&self) {
        self.bar.inc(1);
        let late = self.started.elapsed() > QUIET_PERIOD;
        if late && self.verbosity != Verbosity::Quiet && self.bar.is_hidden() {
            // Drawn only where stderr is a terminal.
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }
}
