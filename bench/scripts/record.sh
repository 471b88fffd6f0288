#!/usr/bin/env bash
# Replaces (or appends) one section of docs/performance.md with a measured table.
# Usage: record.sh TITLE COMMAND TABLE-FILE
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
doc="$root/docs/performance.md"
title="$1" command="$2" table="$3"
[[ -f "$doc" ]] || printf '# Performance\n\nFigures measured by `make bench` on a 2-core machine; ratios come from one run, side by side.\n' > "$doc"
python3 - "$doc" "$title" "$command" "$table" <<'PY'
import sys, datetime, platform, os
doc, title, command, table = sys.argv[1:]
text = open(doc).read()
body = open(table).read().rstrip() + "\n"
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
section = (f"## {title}\n\nMeasured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores "
           f"({cpu}), with `{command}`.\n\n{body}\n")
start = text.find(f"## {title}\n")
if start < 0:
    text = text.rstrip() + "\n\n" + section
else:
    end = text.find("\n## ", start + 1)
    text = text[:start] + section + (text[end + 1:] if end >= 0 else "")
open(doc, "w").write(text)
PY
echo "recorded in docs/performance.md: $title"
