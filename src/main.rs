//! The mobistat binary: parses the command line, runs it, prints any error as one sentence and
//! exits 0 (all rows accepted), 1 (rows rejected, or mobilities left unmatched by `reconcile`)
//! or 2 (a file or the config could not be read).

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Panics inside the spreadsheet libraries are caught per file and reported as errors;
    // the default hook would print a backtrace hint first, which users must never see.
    std::panic::set_hook(Box::new(|_| {}));
    // Polars prints performance hints for developers ("UserWarning: performance - ...") on
    // stderr; they say nothing to an international office, and the figures are not affected.
    polars::error::set_warning_function(|_, _| {});
    let cli = mobistat::cli::Cli::parse();
    let stdout = std::io::stdout();
    let result = std::panic::catch_unwind(move || mobistat::app::run(cli, &mut stdout.lock()));
    match result {
        Ok(Ok(outcome)) => ExitCode::from(outcome as u8),
        Ok(Err(e)) => {
            let e = anyhow::Error::new(e);
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
        Err(panic) => {
            let reason = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            eprintln!("error: mobistat stopped on an internal error ({reason}); please report it with the command you ran");
            ExitCode::from(2)
        }
    }
}
