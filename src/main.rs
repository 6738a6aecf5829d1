//! The `brief` binary: parses the command line, runs it, prints any error.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = brief::cli::Cli::parse();
    match brief::cli::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}
