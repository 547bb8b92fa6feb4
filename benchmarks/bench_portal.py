"""Benchmark: the partner portal's reads (app/scope.py), page by page, on a built home.

    python benchmarks/bench_portal.py --home <a home built from a small landing set>

Times every query each portal page makes, for the partner with the most commission lines and
for the master with the largest downline: the median of 5 runs with the app's query cache
cleared before each, so every run reads serving.duckdb. Prints a markdown table. Meant for a
`small` home (seconds); do not run it on medium on the shared machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RUNS = 5


def _pick_partners(serving: Path) -> tuple[str, str]:
    with duckdb.connect(str(serving), read_only=True) as con:
        (busiest,) = con.execute(
            "select partner_id from marts.fct_commission_lines "
            "group by partner_id order by count(*) desc, partner_id limit 1"
        ).fetchone()
        (master,) = con.execute(
            "select ancestor_partner_id from marts.dim_partner_tree "
            "group by ancestor_partner_id order by count(*) desc, ancestor_partner_id limit 1"
        ).fetchone()
    return busiest, master


def _median_ms(read: Callable[[], object]) -> float:
    from app import data

    times = []
    for _ in range(RUNS):
        data._query.clear()  # the app's st.cache_data: measure the read, not the cache
        start = time.perf_counter()
        read()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> str:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", required=True, help="a built home (serving.duckdb)")
    args = parser.parse_args()
    os.environ["PARTNERLEDGER_HOME"] = str(Path(args.home).resolve())

    from app import scope

    serving = Path(os.environ["PARTNERLEDGER_HOME"]) / "serving.duckdb"
    busiest, master = _pick_partners(serving)
    # The benchmark is not a session: it takes the module's private token, as only
    # scope.partner_scope() may in the app.
    me = scope.PartnerScope(busiest, _token=scope._TOKEN)
    boss = scope.PartnerScope(master, _token=scope._TOKEN)
    month = me.statement_months()[0]
    pages: dict[str, dict[str, Callable[[], object]]] = {
        "portal_dashboard": {
            "statement_months": me.statement_months,
            "activity by month": lambda: me.activity(["month"]),
            "statements": me.statements,
            "payouts": me.payouts,
        },
        "portal_reports": {
            "filter_values": me.filter_values,
            "activity by month": lambda: me.activity(["month"]),
            "activity of a month by day": lambda: me.activity(["day"], month=month),
            "activity by link and sub1..sub5": lambda: me.activity(
                ["link", "sub1", "sub2", "sub3", "sub4", "sub5"]
            ),
        },
        "portal_commissions": {
            "commission_lines of a month": lambda: me.commission_lines(month),
            "carryover": me.carryover,
            "deal_versions": me.deal_versions,
        },
        "portal_sub_partners": {
            "downline_performance": boss.downline_performance,
            "downline_earnings": boss.downline_earnings,
            "sub_partner_activity": lambda: boss.sub_partner_activity(
                boss.downline()["partner_id"].iloc[0], ["month"]
            ),
        },
    }
    rows = [
        (
            f"## Partner portal reads (median of {RUNS}, cache cleared; partner {busiest}, "
            f"master {master})"
        ),
        "",
        "| page | query | ms |",
        "|---|---|---:|",
    ]
    for page, reads in pages.items():
        total = 0.0
        for name, read in reads.items():
            ms = _median_ms(read)
            total += ms
            rows.append(f"| {page} | {name} | {ms:.1f} |")
        rows.append(f"| **{page}** | **all** | **{total:.1f}** |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(main())
