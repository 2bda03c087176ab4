//! The entry point of the fuzz targets (`fuzz/`): arbitrary bytes read as a file of one format.

use super::{read_file, Collect};

/// Reads `data` as a file with this extension ("xlsx", "xls", "ods", "csv") through the same
/// reader a run uses, keeping at most 10,000 rows. Rows or an error are both fine outcomes,
/// and so is a panic inside the reading, which a run catches per file and names in one
/// sentence (src/load/file.rs) as it does here; what the fuzzer looks for is what a run cannot
/// catch: an abort, a stack overflow, a hang, unbounded memory. (A panic found this way is
/// still kept as a regression test: tests/fixtures/fuzz/.)
pub fn fuzz_read(extension: &str, data: &[u8]) {
    // One file per process and format: libFuzzer runs one input at a time per process.
    let path =
        std::env::temp_dir().join(format!("mobistat-fuzz-{}.{extension}", std::process::id()));
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let mut sink = Collect {
        limit: 10_000,
        ..Collect::default()
    };
    // libFuzzer's panic hook aborts at once; the binary's own hook is silent (src/main.rs).
    // Only in fuzz builds (cargo-fuzz sets `--cfg fuzzing`): tests keep their panic messages.
    #[cfg(fuzzing)]
    {
        static QUIET: std::sync::Once = std::sync::Once::new();
        QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    }
    let read = std::panic::AssertUnwindSafe(|| read_file(&path, "fuzz", None, &mut sink));
    let _ = std::panic::catch_unwind(read);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_in_every_format_is_an_error_not_a_panic() {
        for ext in ["xlsx", "xls", "ods", "csv"] {
            fuzz_read(ext, b"PK\x03\x04 not really a zip");
            fuzz_read(ext, b"");
            fuzz_read(ext, "a;b\n\"unterminated".as_bytes());
        }
    }
}
