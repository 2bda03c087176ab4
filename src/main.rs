//! The mobistat binary: parses the command line, runs it, prints any error as one sentence and
//! exits 0 (all rows accepted), 1 (rows rejected, or mobilities left unmatched by `reconcile`)
//! or 2 (a file or the config could not be read).

use clap::Parser;
use std::process::ExitCode;

/// mimalloc rather than the system allocator: on a 1M-row CSV `report` (12.5–12.8 s against
/// 15.3–16.5 s, peak RSS 865 MB against 950 MB; BENCHMARKS.md, issue 18), where ingest
/// allocates and frees a string per cell on two threads. Without transparent huge pages
/// (`without_huge_pages`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Asks Linux not to back this process's memory with transparent huge pages. mimalloc asks
/// for them where the system leaves it to programs; the kernel then zeroes 2 MB at the first
/// touch of any byte, and on a 1M-row CSV `check` that zeroing took a third of the CPU time
/// (BENCHMARKS.md, issue 18: system time 1.6-2.8 s down to 0.6-0.75 s).
fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE only sets a flag of the calling process; its
    // result is ignored (a kernel without the option keeps huge pages, which is only slower).
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

// mimalloc's own functions (`libmimalloc-sys`, linked by the `mimalloc` crate).
extern "C" {
    /// With `force`, frees what the program's threads have freed (ended threads' included)
    /// and returns it to the system.
    fn mi_collect(force: bool);
    fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in `mi_option_t` of the mimalloc that libmimalloc-sys 0.1.49 builds
/// by default (version 3: c_src/mimalloc/v3/include/mimalloc.h, and src/options.c for the
/// default): how many milliseconds freed memory waits before it is returned to the system,
/// 1000 by default.
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// mimalloc's purge delay as the program started.
static DEFAULT_PURGE_DELAY: std::sync::OnceLock<std::ffi::c_long> = std::sync::OnceLock::new();

/// The allocator's hooks for the library's large stages (`mobistat::memory`).
fn memory_hooks() -> mobistat::memory::Hooks {
    // SAFETY (each call below): mimalloc's option and collection functions take no pointer
    // and may be called from any thread at any time.
    DEFAULT_PURGE_DELAY.get_or_init(|| unsafe { mi_option_get(MI_OPTION_PURGE_DELAY) });
    mobistat::memory::Hooks {
        release: || unsafe { mi_collect(true) },
        eager: |on| {
            let delay = match on {
                true => 0,
                false => DEFAULT_PURGE_DELAY.get().copied().unwrap_or(1000),
            };
            unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, delay) }
        },
    }
}

fn main() -> ExitCode {
    without_huge_pages();
    mobistat::memory::install(memory_hooks());
    // Panics inside the spreadsheet libraries are caught per file and reported as errors;
    // the default hook would print a backtrace hint first, which users must never see.
    std::panic::set_hook(Box::new(|_| {}));
    // Polars prints performance hints for developers ("UserWarning: performance - ...") on
    // stderr; they say nothing to an international office, and the figures are not affected.
    polars::error::set_warning_function(|_, _| {});
    let cli = mobistat::cli::Cli::parse();
    // Errors are printed in the report language, known before the settings are read.
    let lang = mobistat::settings::language_hint(cli.lang, cli.config.as_deref());
    let say = |message: mobistat::i18n::Message| {
        let prefix = mobistat::i18n::text(lang, "message.error.prefix");
        eprintln!("{prefix}{}", message.render(lang));
    };
    let stdout = std::io::stdout();
    let result = std::panic::catch_unwind(move || mobistat::app::run(cli, &mut stdout.lock()));
    match result {
        Ok(Ok(outcome)) => ExitCode::from(outcome as u8),
        Ok(Err(e)) => {
            // The sentence carries its cause already (the library's reason, the OS's error).
            say(e.message());
            ExitCode::from(2)
        }
        Err(panic) => {
            let reason = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            say(mobistat::i18n::Message::new("error.internal").with("reason", reason));
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_the_one_mimalloc_documents() {
        // mimalloc's options are numbered by their place in its header, not named: if an
        // update moved `mi_option_purge_delay`, option 15 would no longer hold its default,
        // 1000 ms (unless the environment sets it).
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: mi_option_get takes no pointer.
            assert_eq!(unsafe { mi_option_get(MI_OPTION_PURGE_DELAY) }, 1000);
        }
    }
}
