//! Giving freed memory back to the system at the points of a run where large structures
//! were just dropped, so that the next stage's allocations do not stack on top of them.
//!
//! The binary's allocator (mimalloc, see `main.rs`) keeps freed memory for reuse, and gives
//! back the memory of threads that have ended only when another thread looks for it. A large
//! file's columns are built on reading threads that end before the merge; the merge copies
//! each column and drops the thread's piece, and without a collection the pieces' memory
//! stayed counted beside the merged table: on a 1M-row CSV `check`, 840 MB at the peak
//! against 527 MB when freed memory is returned at once (BENCHMARKS.md, issue 18). The
//! library does not choose the allocator: the binary installs its collection here.

use std::sync::OnceLock;

static RELEASE: OnceLock<fn()> = OnceLock::new();

/// Installs the function that returns freed memory to the system (the binary's allocator's
/// collection). Only the first call counts.
pub fn set_release(release: fn()) {
    let _ = RELEASE.set(release);
}

/// Returns freed memory to the system, if the program installed a way to; otherwise nothing.
/// Called only where a large run has just dropped large structures and the next stage will
/// allocate afresh: memory returned is faulted in again when reused, which costs time.
pub fn release() {
    if let Some(release) = RELEASE.get() {
        release()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static CALLS: AtomicUsize = AtomicUsize::new(0);

    #[test]
    fn release_calls_the_installed_function_once_per_call() {
        // Before any installation, nothing happens.
        release();
        set_release(|| {
            CALLS.fetch_add(1, Ordering::SeqCst);
        });
        // A second installation is ignored.
        set_release(|| panic!("not installed"));
        release();
        release();
        assert_eq!(CALLS.load(Ordering::SeqCst), 2);
    }
}
