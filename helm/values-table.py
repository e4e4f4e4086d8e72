#!/usr/bin/env python3
"""Regenerates the Values table of connected-car/README.md from the `# --` comments of values.yaml
(the helm-docs convention). HelmChartTests checks that the table lists every documented key."""
import pathlib
import re

chart = pathlib.Path(__file__).parent / "connected-car"
rows, stack, comment, collecting = [], [], [], False
for line in (chart / "values.yaml").read_text().split("\n"):
    if not line.strip():
        continue
    doc = re.match(r"^(\s*)# -- ?(.*)$", line)
    if doc:
        comment, collecting = [doc.group(2)], True
        continue
    more = re.match(r"^(\s*)# ?(.*)$", line)
    if more:
        if collecting:
            comment.append(more.group(2))
        continue
    collecting = False
    key = re.match(r"^(\s*)([A-Za-z0-9_.-]+):\s*(.*)$", line)
    if not key:
        continue
    stack = stack[: len(key.group(1)) // 2] + [key.group(2)]
    if comment:
        default = key.group(3) or "(a map, see values.yaml)"
        rows.append(f"| `{'.'.join(stack)}` | `{default}` | {' '.join(comment)} |")
        comment = []
table = "\n".join(["| Key | Default | Description |", "|---|---|---|", *rows])
readme = chart / "README.md"
text = readme.read_text()
start = text.index("| Key | Default | Description |")
readme.write_text(text[:start] + table + "\n")
