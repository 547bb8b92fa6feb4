"""`make bench`: run every benchmark and write benchmarks/results.md.

Each bench_*.py prints one markdown section on stdout; this script runs them in order and
writes the sections, with the machine they ran on, to results.md.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ["bench_ingest.py", "bench_build.py"]


def main() -> int:
    sections = [
        "# Benchmark results",
        "",
        (
            f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {platform.node()}: "
            f"{os.cpu_count()} cores, "
            f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
            f"Python {platform.python_version()}. Produced by `make bench`."
        ),
        "",
    ]
    status = 0
    for bench in BENCHES:
        print(f"== {bench}", flush=True)
        proc = subprocess.run(
            [sys.executable, str(HERE / bench)], capture_output=True, text=True, check=False
        )
        if proc.returncode != 0:
            status = 1
            sections.append(f"## {bench} FAILED\n\n```\n{proc.stderr[-2000:]}\n```\n")
        else:
            sections.append(proc.stdout.strip() + "\n")
        print(sections[-1], flush=True)
    (HERE / "results.md").write_text("\n".join(sections))
    return status


if __name__ == "__main__":
    sys.exit(main())
