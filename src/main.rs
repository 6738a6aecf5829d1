//! The `brief` binary: parses the command line, runs it, prints any error.

use std::process::ExitCode;

use clap::Parser;

/// Building a site allocates many small strings on every thread; mimalloc
/// serves that faster and with less fragmentation than the system allocator.
/// Its v2 line (the `v2` feature): on the 10k-article bench corpus a build is
/// about 4% faster than with v3, which faults in more fresh huge pages.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = brief::cli::Cli::parse();
    if !matches!(cli.command, brief::cli::Command::Serve(_)) {
        keep_freed_memory();
    }
    match brief::cli::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}

/// mimalloc's `mi_option_purge_delay` (its index in `mi_option_e`, mimalloc.h;
/// the sys crate names no constant for it).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// By default mimalloc gives freed memory back to the OS 10 ms after it is
/// freed. A build frees and takes again the same memory all the time (each
/// document's strings, each page), so every give-back costs a page fault and
/// the kernel zeroing the page again: on the 10k-article bench corpus, four
/// times the page faults and a fifth of the build's CPU time. A one-shot
/// command keeps its freed memory for reuse instead (its peak is the same;
/// the OS takes it all back at exit). `serve` keeps the default, so that an
/// idle server returns what a rebuild freed.
fn keep_freed_memory() {
    // SAFETY: sets one of mimalloc's global options (an atomic store), before
    // any other thread is started.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purge_delay_is_the_option_whose_default_is_ten_ms() {
        // SAFETY: reads one of mimalloc's global options.
        let delay = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(
            delay, 10,
            "option {PURGE_DELAY} is not mimalloc's purge_delay"
        );
    }
}
