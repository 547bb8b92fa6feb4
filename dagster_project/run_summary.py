"""The end-of-build summary: rows, rejected files, commissions, published or blocked and why.

Everything here comes from the run's outcome (its events) and the warehouse the run wrote:
what a step did not build is reported from the events, never looked for in the warehouse.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import duckdb

from dagster_project.run_events import EXIT_BLOCKED, EXIT_OK, GATE_FAILED, BuildOutcome
from partnerledger import paths

COMMISSION_LINES = "marts/fct_commission_lines"


def summary_lines(outcome: BuildOutcome, home: paths.Home) -> list[str]:
    """The summary of one run of build_all on `home`."""
    lines = ["", "== summary =="]
    entities = {k: v for k, v in outcome.raw_counts.items() if "rows_read" in v}
    if entities:
        lines.append("rows of the files new in this build (and rows in each raw table):")
        lines.append(
            f"{'entity':<18}{'rows in':>10}{'loaded':>10}{'quarantined':>13}{'in table':>12}"
        )
        for name, m in sorted(entities.items()):
            lines.append(
                f"{name:<18}{m['rows_read']:>10,}{m['rows_loaded']:>10,}{m['rows_quarantined']:>13,}"
                f"{m.get('rows_in_table', 0):>12,}"
            )
    # A load id means the ingest ran, so the warehouse holds this load's bookkeeping.
    if outcome.load_id is not None:
        with duckdb.connect(str(home.warehouse), read_only=True) as con:
            lines += _rejected_files(con, outcome.load_id)
            if COMMISSION_LINES in outcome.materialized:
                lines += _commissions(con)
            else:
                lines.append("commissions: marts.fct_commission_lines was not built")
    for c in outcome.warned_checks:
        lines.append(f"warning: {c['asset']}:{c['check']}")
    lines.append(
        f"checks: {outcome.passed_checks} passed, {len(outcome.failed_checks)} blocking failed, "
        f"{len(outcome.warned_checks)} warnings"
    )
    code = outcome.exit_code
    if code == EXIT_OK:
        lines.append(f"payouts PUBLISHED to {home.serving}")
    elif code == EXIT_BLOCKED:
        lines.append(
            "payouts BLOCKED: not published; the previous serving.duckdb is untouched. Why:"
        )
        for c in outcome.failed_checks:
            lines.append(f"  ✗ {c['check']} on {c['asset']}")
            lines += ["    " + t for t in _check_reason(c).splitlines()]
        for step, cls, msg in outcome.step_errors:
            if cls != GATE_FAILED:  # a data problem raised by a step (run_events.DATA_PROBLEMS)
                lines.append(f"  ✗ {step}: {msg[:2000]}")
        lines.append(f"  reports: {home.reports / 'index.html'}")
    else:
        lines.append("build FAILED: nothing published.")
        for step, cls, msg in outcome.step_errors:
            if cls != GATE_FAILED:
                lines.append(f"  {step}: {cls}: {msg[:2000]}")
    return lines


def _check_reason(check: dict[str, Any]) -> str:
    meta = check["metadata"]
    if meta.get("summary"):
        return str(meta["summary"])
    # dbt tests as checks: their own metadata (failed row count, the test's SQL...)
    useful = {
        k: v for k, v in meta.items() if "failed_row_count" in k or k in ("status", "message")
    }
    return ", ".join(f"{k}={v}" for k, v in useful.items()) or "a dbt test failed (see dbt logs)"


def _rejected_files(con: duckdb.DuckDBPyConnection, load_id: str) -> list[str]:
    rows = con.execute(
        "select path, reason from ingest.files where load_id = ? and status = 'rejected' order by path",
        [load_id],
    ).fetchall()
    return (
        ([f"files rejected: {len(rows)}"] + [f"  {p}: {r}" for p, r in rows])
        if rows
        else ["files rejected: 0"]
    )


def _commissions(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        """select component, currency, count(*), sum(amount)
           from marts.fct_commission_lines group by component, currency order by component, currency"""
    ).fetchall()
    out = ["commissions (deal currency):"]
    totals: dict[str, Any] = defaultdict(int)
    for component, currency, n, amount in rows:
        out.append(f"  {component:<20}{currency:>5}{amount:>16,.2f}  ({n:,} lines)")
        totals[currency] += amount
    out += [f"  {'total':<20}{cur:>5}{amt:>16,.2f}" for cur, amt in sorted(totals.items())]
    return out
