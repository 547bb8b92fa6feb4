"""Ingestion speed and memory on big CSV facts (clicks, casino_activity, mt5_deals).

Generates the files with plain DuckDB (not the project's generator), runs
`ingest_landing` once in a fresh child process per scenario (so peak RSS is the
ingestion's own) and prints its "## Ingestion" markdown section on stdout; run_all.py
(make bench) collects it into benchmarks/results.md. This script writes no file itself.

    python benchmarks/bench_ingest.py [--rows-per-entity 3000000] [--workdir /tmp/pl-bench]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb

REPO_ROOT = Path(__file__).resolve().parent.parent

# Every row valid except 1 in 10,000 of each file, so the quarantine pass does real work.
GENERATORS = {
    "tracking/clicks_bench.csv": """
        select 'C' || i as click_id, 'P-' || lpad(cast(i % 500 as varchar), 4, '0') as partner_id,
               'B-CASINO' as brand_id, 'L' || (i % 50) as link_id, 'camp' || (i % 7) as sub1,
               '' as sub2, '' as sub3, '' as sub4, '' as sub5,
               strftime(timestamp '2026-03-01' + to_seconds(i % 2592000), '%Y-%m-%dT%H:%M:%SZ') as clicked_at,
               case when i % 10000 = 0 then 'ZZ' else 'GB' end as country,
               md5(cast(i as varchar)) as ip_hash, 'Mozilla/5.0 (X11; Linux x86_64)' as user_agent,
               'https://brand.example/landing?x=' || (i % 100) as landing_url
        from range({n}) t(i)""",
    "brand/casino_activity_bench.csv": """
        select strftime(date '2026-01-01' + cast(i % 180 as integer), '%Y-%m-%d') as activity_date,
               'CU' || (i // 3) as customer_id, 'B-CASINO' as brand_id,
               ['casino', 'sportsbook', 'poker'][1 + i % 3] as product, 'EUR' as currency,
               case when i % 10000 = 0 then '-5' else cast(round((i % 9973) * 1.37, 2) as varchar) end as stakes,
               cast(round((i % 8311) * 1.21, 2) as varchar) as payouts, '0.00' as bonus_cost,
               '0.10' as jackpot_contribution, '1.50' as gaming_tax, '' as chargebacks
        from range({n}) t(i)""",
    "trading/mt5_deals_bench.csv": """
        select 100000000 + i as Deal, 5000000 + (i % 20000) as Login,
               1767225600 + i as Time, (1767225600 + i) * 1000 + (i % 1000) as TimeMsc,
               ['EURUSD', 'GBPUSD', 'XAUUSD', 'US30'][1 + i % 4] as Symbol,
               case when i % 10000 = 0 then 'x' else cast(i % 2 as varchar) end as Action,
               cast(i % 2 as varchar) as Entry, 10000 as Volume, 100000000 as VolumeExt,
               case when i % 2 = 1 then 10000 else 0 end as VolumeClosed,
               case when i % 2 = 1 then 100000000 else 0 end as VolumeClosedExt,
               1.08543 as Price, round((i % 200) - 100.5, 2) as Profit, -3.5 as Commission,
               0 as Fee, 0 as Storage, 900000 + i // 2 as PositionID, '' as Comment,
               131896750505077858 + i as Timestamp, 'gw1' as Gateway, 'MT5-LIVE-01' as Server
        from range({n}) t(i)""",
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def generate(landing: Path, rows: int) -> dict[str, int]:
    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")
    sizes = {}
    for rel, sql in GENERATORS.items():
        path = landing / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        con.execute(f"copy ({sql.format(n=rows)}) to '{path}' (header, delimiter ',')")
        sizes[rel] = path.stat().st_size
    con.close()
    return sizes


def child(landing: str, warehouse: str) -> None:
    """Runs in a fresh process: one ingestion, then prints its figures as JSON."""
    from ingestion.load import ingest_landing

    t0 = time.perf_counter()
    report = ingest_landing(Path(landing), Path(warehouse))
    seconds = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak_kib = usage.ru_maxrss  # KiB on Linux
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_rss_mib": peak_kib / 1024,
                # CPU time of all DuckDB threads: unlike wall time, not inflated by other
                # work on a shared machine.
                "cpu_seconds": usage.ru_utime + usage.ru_stime,
                "files": [
                    [f.path, f.status, f.rows_read, f.rows_loaded, f.rows_quarantined]
                    for f in report.files
                ],
            }
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows-per-entity", type=int, default=3_000_000)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/pl-bench-ingest"))
    ap.add_argument("--child", nargs=2, metavar=("LANDING", "WAREHOUSE"))
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return

    work = args.workdir
    shutil.rmtree(work, ignore_errors=True)
    landing = work / "landing"
    t0 = time.perf_counter()
    sizes = generate(landing, args.rows_per_entity)
    gen_s = time.perf_counter() - t0
    total_rows = args.rows_per_entity * len(GENERATORS)
    total_mb = sum(sizes.values()) / 1e6
    log(f"generated {total_rows:,} rows, {total_mb:,.0f} MB in {gen_s:.1f}s")

    load_before = os.getloadavg()[0]
    runs = []
    for label in ("first load (all new)", "second load (all duplicates)"):
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(landing), str(work / "warehouse.duckdb")],
            check=True,
            capture_output=True,
            text=True,
            # The repository root on the path, whether or not the project is installed.
            env={
                **os.environ,
                "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), os.environ.get("PYTHONPATH", "")]),
            },
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        runs.append((label, result))
        log(f"{label}: {result['seconds']:.1f} s, peak {result['peak_rss_mib']:.0f} MiB")

    first = runs[0][1]
    rows_per_s = total_rows / first["seconds"]
    lines = [
        "",
        "## Ingestion",
        "",
        (
            f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} "
            f"({os.cpu_count()} cores, Python {platform.python_version()}, duckdb {duckdb.__version__}); "
            f"`python benchmarks/bench_ingest.py --rows-per-entity {args.rows_per_entity}`. "
            f"1-minute load average before the run: {load_before:.1f} (other work on the machine "
            "slows the figures down)."
        ),
        "",
        (
            f"Input: three CSV files, {args.rows_per_entity:,} rows each ({total_rows:,} rows, "
            f"{total_mb:,.0f} MB); 1 row in 10,000 of each breaks the contract and is quarantined."
        ),
        "",
        (
            "| run | wall seconds | rows/second (wall) | CPU seconds | rows/second on 2 idle cores "
            "(rows / (CPU seconds / 2)) | peak RSS (MiB) |"
        ),
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, r in runs:
        first_run = label.startswith("first")
        rate = f"{total_rows / r['seconds']:,.0f}" if first_run else "n/a (hash only)"
        ideal = f"{total_rows / (r['cpu_seconds'] / 2):,.0f}" if first_run else "n/a"
        lines.append(
            f"| {label} | {r['seconds']:.1f} | {rate} | {r['cpu_seconds']:.1f} | {ideal} | "
            f"{r['peak_rss_mib']:.0f} |"
        )
    lines += ["", "| file | status | read | loaded | quarantined |", "|---|---|---:|---:|---:|"]
    for path, status, read, loaded, quarantined in first["files"]:
        lines.append(f"| {path} | {status} | {read:,} | {loaded:,} | {quarantined:,} |")
    lines += [
        "",
        (
            f"Target: >= 1,000,000 rows/second, peak memory <= 2 GiB. Measured: {rows_per_s:,.0f} "
            f"rows/second wall clock, {total_rows / (first['cpu_seconds'] / 2):,.0f} rows/second "
            f"if both cores were ours (CPU time / 2), peak {first['peak_rss_mib']:.0f} MiB."
        ),
        "",
    ]
    log(f"{rows_per_s:,.0f} rows/s, peak {first['peak_rss_mib']:.0f} MiB")
    # run_all.py (make bench) collects each benchmark's markdown section from stdout.
    print("\n".join(lines[1:]))


if __name__ == "__main__":
    main()
