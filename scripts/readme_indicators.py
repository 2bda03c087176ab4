#!/usr/bin/env python3
"""Rewrites the README's list of indicators from `mobistat indicators` (the catalogue and the
registry): run `cargo run -q -- indicators | python3 scripts/readme_indicators.py` after
adding or changing an indicator. A unit test checks the README holds every definition."""
import re
import sys

blocks = sys.stdin.read().strip().split("\n\n")
out = []
for block in blocks:
    lines = block.split("\n")
    name = lines[0].strip()
    title_en = lines[1].split(" / ", 1)[1].strip()
    inputs = lines[2].split(":", 1)[1].strip()
    columns = lines[3].split(":", 1)[1].strip()
    en = next(l for l in lines if l.strip().startswith("en:")).split("en:", 1)[1].strip()
    out.append(f"- **`{name}`** ({title_en}; inputs: {inputs}). Columns: {columns}.  \n  {en}\n")
readme = open("README.md", encoding="utf-8").read()
start = readme.index("- **`outgoing_rate`**")
entries = list(re.finditer(r"^- \*\*`(\w+)`\*\*.*\n  .*\n", readme[start:], re.M))
end = start + entries[-1].end()
open("README.md", "w", encoding="utf-8").write(readme[:start] + "".join(out) + readme[end:])
