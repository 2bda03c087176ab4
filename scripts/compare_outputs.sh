#!/usr/bin/env bash
# Compares every output of `mobistat report` (and `check`, `indicators`) on the bundled demo
# between a git revision and the work tree, byte for byte: a refactor that means to change no
# output must print "identical".
#
#   scripts/compare_outputs.sh [REV]      (REV defaults to HEAD)
#
# Each side runs: report in French and English with every preset, the excel-fr dialect with
# another year, single-table runs, a year without data, a bad --year, `indicators` and `check`;
# then `report` on each file of ../shared/realdata (the real data and the edge-case
# workbooks), and on $BIG when set (a large generated export).
# Both sides write to the same folder in turn, so the paths they print are the same.
set -euo pipefail
cd "$(dirname "$0")/.."
rev="${1:-HEAD}"
work="${TMPDIR:-/tmp}/mobistat-compare"
target="${CARGO_TARGET_DIR:-$HOME/.cache/mobistat/target}"
rm -rf "$work"
mkdir -p "$work"

# The revision's binary, built in a worktree with its own target folder (the work tree's
# incremental build stays as it is).
git worktree add --detach -q "$work/rev" "$rev"
trap 'git worktree remove --force "$work/rev"' EXIT
(cd "$work/rev" && CARGO_TARGET_DIR="$target-compare" cargo build -q --bin mobistat)
cargo build -q --bin mobistat
rev_bin="$target-compare/debug/mobistat"
tree_bin="$target/debug/mobistat"

run_all() { # binary, folder to keep the outputs in
    local bin=$1 keep=$2 out="$work/out"
    mkdir -p "$keep"
    variant() { # name, arguments...
        local name=$1
        shift
        rm -rf "$out"
        set +e
        "$bin" "$@" >"$keep/$name.stdout" 2>"$keep/$name.stderr"
        echo "exit code $?" >>"$keep/$name.stdout"
        set -e
        if [ -d "$out" ]; then mv "$out" "$keep/$name"; fi
    }
    for lang in fr en; do
        for preset in full erasmus bienvenue-en-france leadership; do
            variant "$lang-$preset" report --lang "$lang" --preset "$preset" --output "$out"
        done
    done
    variant fr-excel report --lang fr --csv-dialect excel-fr --year 2023-2024 --output "$out"
    variant en-students-only report --lang en --output "$out" inputs/inscrits.xlsx
    variant fr-mobilities-only report --lang fr --output "$out" inputs/mobilites_sortantes.xlsx
    variant fr-2019 report --lang fr --year 2019-2020 --output "$out"
    variant bad-year report --year nonsense --output "$out"
    variant check check --output "$out"
    variant indicators indicators
    # Every real public file (../shared/realdata) on its own, from a folder without a
    # mobistat.toml, as an office would first run it: every format and every edge case.
    if [ -d "$realdata" ]; then
        while IFS= read -r file; do
            local name
            name="real-$(echo "${file#"$realdata"/}" | tr '/ ' '__')"
            (cd "$work/bare" && variant "$name" report --output "$out" "$file")
            # check lists every row's fate even where report refuses the year.
            (cd "$work/bare" && variant "$name-check" check --output "$out" "$file")
        done < <(find "$realdata" -type f ! -name '*.md' ! -name '*.json' | LC_ALL=C sort)
    fi
    # A large generated export (BIG=path/to/file.csv), when given.
    if [ -n "${BIG:-}" ]; then
        (cd "$work/bare" && variant big report --output "$out" "$BIG")
    fi
}

realdata="$(cd .. && pwd)/shared/realdata"
mkdir -p "$work/bare"
run_all "$rev_bin" "$work/a"
run_all "$tree_bin" "$work/b"
if diff -r "$work/a" "$work/b" >"$work/diff.txt"; then
    echo "identical: every output of $rev and of the work tree (in $work/a and $work/b)"
else
    echo "different ($(grep -c '' "$work/diff.txt") lines of diff in $work/diff.txt):"
    head -40 "$work/diff.txt"
    exit 1
fi
