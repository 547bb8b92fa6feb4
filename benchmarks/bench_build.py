"""Benchmark: `partnerledger generate --scale medium` then a full `partnerledger build` of it.

Targets (issue 2 and 3): generate medium <= 2 min; build medium <= 3 min and <= 4 GiB peak
memory on the 2-core machine. Prints a markdown section; run_all.py writes it to results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import run_measured

BIN = Path(sys.executable).parent


def slowest_models(home: Path, n: int = 5) -> list[tuple[str, float]]:
    timings: dict[str, float] = {}
    for f in sorted((home / "reports" / "dbt").glob("run_results_*.json")):
        for r in json.loads(f.read_text()).get("results", []):
            if r.get("unique_id", "").startswith("model."):
                timings[r["unique_id"].split(".")[-1]] = float(r.get("execution_time") or 0)
    return sorted(timings.items(), key=lambda kv: -kv[1])[:n]


def main() -> str:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="medium")
    parser.add_argument("--workdir", default=None)
    args = parser.parse_args()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="pl-bench-"))
    landing, home = work / "landing", work / "home"
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"}
    env.setdefault("DAGSTER_HOME", str(work / "dagster_home"))
    Path(env["DAGSTER_HOME"]).mkdir(parents=True, exist_ok=True)

    gen = run_measured(
        [str(BIN / "partnerledger"), "generate", "--scale", args.scale, "--out", str(landing)],
        env,
        work / "generate.log",
    )
    manifest = json.loads((landing / "_manifest.json").read_text())
    rows = sum(e["rows"] for e in manifest["entities"].values())
    build = run_measured(
        [str(BIN / "partnerledger"), "build", "--landing", str(landing), "--home", str(home)],
        env,
        work / "build.log",
    )
    rebuild = run_measured(
        [str(BIN / "partnerledger"), "build", "--landing", str(landing), "--home", str(home)],
        env,
        work / "rebuild.log",
    )
    lines = [
        f"## Build ({args.scale})",
        "",
        f"- landing rows: {rows:,} in {len(manifest['entities'])} entities",
        (
            f"- `generate --scale {args.scale}`: {gen.seconds:.1f} s,"
            f" peak {gen.peak_rss_gib:.2f} GiB (exit {gen.returncode})"
        ),
        (
            f"- `build` from scratch: {build.seconds:.1f} s, peak {build.peak_rss_gib:.2f} GiB"
            f" of the process tree (exit {build.returncode})"
        ),
        (
            f"- `build` again, nothing new: {rebuild.seconds:.1f} s,"
            f" peak {rebuild.peak_rss_gib:.2f} GiB (exit {rebuild.returncode})"
        ),
        "- slowest dbt models (from scratch run and rebuild, seconds):",
    ]
    lines += [f"  - `{name}`: {secs:.1f}" for name, secs in slowest_models(home)]
    lines.append(f"- logs: {work}")
    text = "\n".join(lines) + "\n"
    print(text)
    return text


if __name__ == "__main__":
    main()
