//! The command line: `brief build`, `serve`, `check`, `init` and `new`.

mod progress;

use std::fmt;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::content::Kind;
use crate::diagnostic::{Diagnostic, Failed, Severity};
use crate::scaffold;
use crate::serve::{self, ServeOptions};
use crate::site::{self, BuildOptions};
use progress::{Terminal, Verbosity};

/// A static-site generator for briefing reports.
#[derive(Debug, Parser)]
#[command(name = "brief", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into its output folder (atomically: a failed build changes nothing).
    Build(BuildArgs),
    /// Serve the site locally, rebuilding and reloading open pages as files change.
    Serve(ServeArgs),
    /// Check content and templates, writing nothing.
    Check(CheckArgs),
    /// Create a new site in DIR (missing or empty) that builds at once.
    Init {
        /// The folder to create the site in.
        dir: PathBuf,
    },
    /// Create a content file with its front matter, named after NAME.
    New(NewArgs),
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// What to create.
    pub kind: NewKind,
    /// Its title (or name, for an actor); the file and id are made from it.
    pub name: String,
    /// The site folder, holding brief.toml and content/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// The kinds of content `brief new` creates.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum NewKind {
    Note,
    Article,
    Actor,
    Topic,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The site folder, holding brief.toml and content/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The port to listen on (the next free one if it is taken; 0 for any).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; keep it on loopback unless you mean to share.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Include items marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The site folder, holding brief.toml and content/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The output folder [default: ROOT/public].
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Override base_url from brief.toml (e.g. https://host/team/briefs/).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include items marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Skip finding mentions and quotes: a faster build whose pages link no
    /// actors and mark no quotes.
    #[arg(long)]
    pub no_analysis: bool,
    /// Fail on warnings of the quality report, writing nothing.
    #[arg(long)]
    pub strict: bool,
    /// Print only errors.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print the time each stage of the build takes.
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The site folder, holding brief.toml and content/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Include items marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Fail on warnings of the quality report.
    #[arg(long)]
    pub strict: bool,
    /// How to print the diagnostics: for people, or as JSON on stdout for
    /// editors and CI.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
}

/// How `brief check` prints its diagnostics.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Runs a parsed command line; diagnostics go to stderr, the exit code says how it went.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Build(args) => build(args),
        Command::Serve(args) => serve::run(ServeOptions {
            root: args.root,
            bind: args.bind,
            port: args.port,
            drafts: args.drafts,
        }),
        Command::Check(args) => check(args),
        Command::Init { dir } => init(&dir),
        Command::New(args) => new(args),
    }
}

fn build(args: BuildArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let options = BuildOptions {
        root: args.root,
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        analysis: !args.no_analysis,
        strict: args.strict,
    };
    let verbosity = match (args.quiet, args.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    let terminal = Terminal::new(verbosity);
    let result = site::build_observed(&options, &terminal);
    terminal.finish();
    match result? {
        Ok(report) => {
            if verbosity != Verbosity::Quiet {
                // The count closes the list: a large site's warnings scroll
                // far past the first of them.
                let warnings = match report.warnings.len() {
                    0 => String::new(),
                    1 => ", with 1 warning".to_string(),
                    n => format!(", with {n} warnings"),
                };
                to_stderr(
                    &report.warnings,
                    format_args!(
                        "built {} pages ({} files) into {} in {} ms{warnings}",
                        report.pages,
                        report.files,
                        report.output.display(),
                        started.elapsed().as_millis()
                    ),
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(failed) => {
            to_stderr(&[], format_args!("{failed}"));
            Ok(ExitCode::from(1))
        }
    }
}

fn init(dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    let files = scaffold::init(dir, today())?;
    for file in &files {
        println!("{}", dir.join(file).display());
    }
    eprintln!(
        "created a site in {dir}: preview it with `brief serve --root {dir}`",
        dir = dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn new(args: NewArgs) -> anyhow::Result<ExitCode> {
    let kind = match args.kind {
        NewKind::Note => Kind::Note,
        NewKind::Article => Kind::Article,
        NewKind::Actor => Kind::Actor,
        NewKind::Topic => Kind::Topic,
    };
    let path = scaffold::new_item(&args.root, kind, &args.name, today())?;
    println!("{}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// Today's date where the user is, for new notes.
fn today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}

fn check(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let options = BuildOptions {
        drafts: args.drafts,
        ..BuildOptions::new(args.root)
    };
    let site::Checked { diagnostics, pages } = site::check(&options)?;
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let failed = errors > 0 || (args.strict && warnings > 0);
    match args.format {
        Format::Json => {
            let report = serde_json::json!({
                "ok": !failed,
                "errors": errors,
                "warnings": warnings,
                "pages": pages,
                "diagnostics": diagnostics,
            });
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        Format::Human if failed => to_stderr(&[], format_args!("{}", Failed(diagnostics))),
        Format::Human => to_stderr(
            &diagnostics,
            format_args!(
                "checked {} pages: no errors, {warnings} warning{}",
                pages.unwrap_or_default(),
                crate::diagnostic::plural(warnings)
            ),
        ),
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes `diagnostics`, then `closing`, to stderr through one buffer. stderr
/// itself is unbuffered, and a large site's thousands of warnings would
/// otherwise cost several system calls each. A closed stderr is not an error
/// worth failing a finished build for, so write errors are dropped.
fn to_stderr(diagnostics: &[Diagnostic], closing: fmt::Arguments<'_>) {
    let mut err = io::BufWriter::new(io::stderr().lock());
    let written = diagnostics
        .iter()
        .try_for_each(|d| writeln!(err, "{d}"))
        .and_then(|()| writeln!(err, "{closing}"))
        .and_then(|()| err.flush());
    drop(written);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
