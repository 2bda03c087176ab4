#!/usr/bin/env bash
# Fuzzes mobistat's readers with cargo-fuzz (libFuzzer), one target per format (fuzz/):
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]    default: 1800 s each, all four targets
# Needs the nightly toolchain (rustup toolchain install nightly) and installs cargo-fuzz when it
# is missing. Seeds come from the demo inputs and the test fixtures; crashes land in
# fuzz/artifacts/<target>/ and each becomes a regression test. Prints each run's executions.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-1800}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(xlsx xls ods csv)
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
for target in "${targets[@]}"; do
    corpus="fuzz/corpus/$target"
    mkdir -p "$corpus"
    # Seeds: every file of that format the repository holds (small ones only).
    find inputs tests/fixtures -type f -name "*.$target" -size -2M -exec cp -n {} "$corpus/" \; 2>/dev/null || true
    case "$target" in
        csv) find inputs tests/fixtures -type f \( -name "*.tsv" -o -name "*.txt" \) -size -2M \
                -exec cp -n {} "$corpus/" \; 2>/dev/null || true ;;
    esac
    echo "== fuzzing $target for $seconds s"
    cargo +nightly fuzz run "$target" "$corpus" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=30 -max_len=1048576 \
        -print_final_stats=1 2>&1 | tail -n 25
done
