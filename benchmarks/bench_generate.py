"""Time `partnerledger generate` at a scale (default medium) and append the result.

Usage: python benchmarks/bench_generate.py [--scale medium] [--seed 42] [--keep DIR]
Appends one line to benchmarks/results_generate.txt: date, scale, rows, bad rows, seconds,
peak RSS (MiB), bytes on disk.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# Runnable as a plain script from anywhere, installed or not.
sys.path.insert(0, str(REPO_ROOT))

from partnerledger.generate import generate

RESULTS = Path(__file__).resolve().parent / "results_generate.txt"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scale", default="medium")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--keep", type=Path, help="write here and keep the files (default: a temp dir)")
    args = ap.parse_args()
    out = args.keep or Path(tempfile.mkdtemp(prefix=f"plgen-{args.scale}-"))
    try:
        t0 = time.perf_counter()
        rows = generate(out, scale=args.scale, seed=args.seed, progress=print)
        seconds = time.perf_counter() - t0
        manifest = json.loads((out / "_manifest.json").read_text())
        bad = sum(e["bad_rows"] for e in manifest["entities"].values())
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        # ru_maxrss is KiB on Linux.
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        line = (
            f"{dt.datetime.now(dt.UTC):%Y-%m-%dT%H:%M:%SZ} scale={args.scale} seed={args.seed} "
            f"rows={sum(rows.values())} bad_rows={bad} seconds={seconds:.1f} peak_rss_mib={peak_mib:.0f} "
            f"bytes={size} cpu={platform.machine()}"
        )
        print(line)
        with RESULTS.open("a") as f:
            f.write(line + "\n")
    finally:
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
