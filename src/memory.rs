//! Giving freed memory back to the system at the points of a run where large structures
//! were just dropped, so that the next stage's allocations do not stack on top of them.
//!
//! The binary's allocator (mimalloc, see `main.rs`) keeps freed memory for reuse, and gives
//! back the memory of threads that have ended only when another thread looks for it. A large
//! file's columns are built on reading threads that end before the merge; the merge copies
//! each column and drops the thread's piece, and without a collection the pieces' memory
//! stayed counted beside the merged table. Collecting after each merged column, at the end
//! of reading and after the grants took a 1M-row CSV `report`'s peak from 994–1,034 MB to
//! 745–787 MB in the same time (BENCHMARKS.md, issue 18, fourth pass). The library does not
//! choose the allocator: the binary installs its hooks here; without them nothing happens.

use std::sync::OnceLock;

/// What the program's allocator can be asked to do.
#[derive(Debug, Clone, Copy)]
pub struct Hooks {
    /// Returns freed memory to the system now.
    pub release: fn(),
    /// With `true`, freed memory goes back to the system as soon as it is freed (more system
    /// calls); with `false`, after the allocator's default delay again.
    pub eager: fn(bool),
}

static HOOKS: OnceLock<Hooks> = OnceLock::new();

/// Installs the allocator's hooks. Only the first call counts.
pub fn install(hooks: Hooks) {
    let _ = HOOKS.set(hooks);
}

/// Returns freed memory to the system, if the program installed a way to; otherwise nothing.
/// Called only where a large run has just dropped large structures and the next stage will
/// allocate afresh: memory returned is faulted in again when reused, which costs time.
pub fn release() {
    if let Some(hooks) = HOOKS.get() {
        (hooks.release)()
    }
}

/// Until the guard is dropped, freed memory goes back to the system at once; then what is
/// left freed is collected. For reading, where the parts of a large file are built on
/// threads that end and are freed on others: with the default delay their freed memory
/// stayed counted beside the merged table (1M-row CSV `check`: 500–650 MB at the peak,
/// 490 MB eager, same time; BENCHMARKS.md, issue 18). Not for the indicators' plan: there
/// the memory freed is soon allocated again, and eager purging cost 330,000 more page faults
/// and half a second on 1M rows.
#[must_use]
pub fn eager() -> Eager {
    if let Some(hooks) = HOOKS.get() {
        (hooks.eager)(true)
    }
    Eager
}

/// See [`eager`].
pub struct Eager;

impl Drop for Eager {
    fn drop(&mut self) {
        if let Some(hooks) = HOOKS.get() {
            (hooks.eager)(false);
            (hooks.release)();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static RELEASED: AtomicUsize = AtomicUsize::new(0);
    static EAGER: AtomicUsize = AtomicUsize::new(0);

    #[test]
    fn the_installed_hooks_are_called_and_the_guard_restores_the_default() {
        // Before any installation, nothing happens.
        release();
        drop(eager());
        install(Hooks {
            release: || {
                RELEASED.fetch_add(1, Ordering::SeqCst);
            },
            eager: |on| EAGER.store(if on { 1 } else { 2 }, Ordering::SeqCst),
        });
        // A second installation is ignored.
        install(Hooks {
            release: || panic!("not installed"),
            eager: |_| panic!("not installed"),
        });
        release();
        assert_eq!(RELEASED.load(Ordering::SeqCst), 1);
        let guard = eager();
        assert_eq!(EAGER.load(Ordering::SeqCst), 1);
        drop(guard);
        // Back to the default, and what was freed meanwhile collected.
        assert_eq!(EAGER.load(Ordering::SeqCst), 2);
        assert_eq!(RELEASED.load(Ordering::SeqCst), 2);
    }
}
