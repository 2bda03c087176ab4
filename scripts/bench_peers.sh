#!/usr/bin/env bash
# Installs what the side-by-side benchmark's Python peers need (../shared/bench/peer_polars.py,
# peer_pandas.py, gen_mobilities.py): polars, fastexcel, xlsxwriter, pandas, python-calamine,
# into a virtual environment under ~/.cache/mobistat/bench-venv, and prints its python.
# usage: PY=$(bash scripts/bench_peers.sh)
set -euo pipefail
VENV=${BENCH_VENV:-$HOME/.cache/mobistat/bench-venv}
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV" >&2 || {
    # Debian's python3 ships venv separately.
    if command -v apt-get >/dev/null; then apt-get install -y python3-venv >&2; python3 -m venv "$VENV" >&2; else exit 1; fi
  }
fi
# Pinned so that peer timings stay comparable between runs of the benchmark.
"$VENV/bin/python" -m pip install -q --disable-pip-version-check \
  polars==1.35.2 fastexcel==0.16.0 xlsxwriter==3.2.9 pandas==2.3.3 python-calamine==0.5.4 >&2
echo "$VENV/bin/python"
