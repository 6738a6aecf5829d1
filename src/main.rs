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
    no_huge_pages();
    let cli = brief::cli::Cli::parse();
    let serve = matches!(cli.command, brief::cli::Command::Serve(_));
    purge_after(if serve {
        SERVE_PURGE_MS
    } else {
        KEEP_UNTIL_EXIT
    });
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
/// the OS takes it all back at exit).
const KEEP_UNTIL_EXIT: std::ffi::c_long = -1;

/// `serve` gives back what it has not reused after a second: a rebuild
/// reuses what it frees along the way, and a long session does not keep the
/// peak of its largest rebuild for good. (mimalloc gives memory back only
/// while it is called, so an idle server holds its memory with any delay.)
/// On the 10k-article bench site, an edit that changes whom an article
/// mentions is served again in 128 and 134 ms (p50 of two runs) against 160
/// and 162 ms with 10 ms, and the server's RSS after it is within 2% of
/// that with 10 ms.
const SERVE_PURGE_MS: std::ffi::c_long = 1000;

/// Sets how long mimalloc keeps freed memory, in ms, before it gives it
/// back to the OS ([`KEEP_UNTIL_EXIT`]: never).
fn purge_after(ms: std::ffi::c_long) {
    // SAFETY: sets one of mimalloc's global options (an atomic store), before
    // any other thread is started.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, ms) }
}

/// Turns transparent huge pages off for this process and the ones it starts
/// (`git log`), as the kernel's own `madvise` default would have them for a
/// program that does not ask. mimalloc asks for them on every segment it
/// maps, and a fresh huge page is cheap only where its memory is at hand. In
/// a virtual machine whose host takes back the guest's free 2 MiB blocks
/// (free page reporting), as on the machines brief is built and measured on,
/// every huge page faults in from the host: about 3 ms per MiB, against
/// 0.5 ms for small pages. On the 10k-article bench corpus a build after a
/// pause took 2.36 s with huge pages and 1.79 s without (system time 1.90 s
/// against 0.83 s); only right after another process freed its memory were
/// huge pages ahead (1.60 s against 1.98 s). (mimalloc's own `allow_thp`
/// option makes the same call, but reads it when the process starts, before
/// `main` could set it.)
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: `PR_SET_THP_DISABLE` sets a flag of this process; it takes
    // integer arguments only (passed at the width the kernel reads them) and
    // touches no memory of ours. Where it fails (an old kernel, a sandbox
    // that refuses it), pages stay as they were, which is no error.
    unsafe {
        let [on, unused]: [std::ffi::c_ulong; 2] = [1, 0];
        libc::prctl(libc::PR_SET_THP_DISABLE, on, unused, unused, unused);
    }
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

    #[cfg(target_os = "linux")]
    #[test]
    fn huge_pages_are_off_once_asked() {
        no_huge_pages();
        // SAFETY: reads a flag of this process.
        let unused: std::ffi::c_ulong = 0;
        let disabled =
            unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, unused, unused, unused, unused) };
        assert_eq!(disabled, 1, "transparent huge pages are still allowed");
    }
}
