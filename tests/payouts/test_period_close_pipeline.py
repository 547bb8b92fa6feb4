"""Period close end to end on real components: ingestion, dbt, the ops store and its mirror.

Publishing is a copy of the built warehouse to serving.duckdb (what the build's publish asset
does after the checks); everything else is the real code path.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from partnerledger import ops_store


@pytest.fixture(scope="module")
def closed_then_late(pipeline) -> Path:
    return pipeline.home


def test_closed_month_lines_are_frozen_in_the_ops_store(closed_then_late: Path) -> None:
    lines = ops_store.closed_rows(closed_then_late, "2026-04", "line")
    pc = [ln for ln in lines if ln["partner_id"] == "PC"]
    # April revshare of PC as closed: 390 NGR x 25% = 97.50
    assert [(ln["component"], ln["amount"]) for ln in pc] == [("revshare", "97.50")]
    assert ops_store.verify_chain(closed_then_late) == []


def test_late_file_adjusts_first_open_month_and_leaves_closed_statement(
    closed_then_late: Path,
) -> None:
    with duckdb.connect(str(closed_then_late / "warehouse.duckdb"), read_only=True) as con:
        april = con.execute(
            "select total from marts.fct_partner_monthly_statement "
            "where partner_id = 'PC' and period_month = date '2026-04-01'"
        ).fetchall()
        adjustments = con.execute(
            "select period_month, amount from marts.fct_commission_lines "
            "where partner_id = 'PC' and component = 'adjustment'"
        ).fetchall()
        payouts = {
            r[0]: r[1:]
            for r in con.execute(
                "select payout_id, amount, status from marts.mart_payouts where partner_id = 'PC'"
            ).fetchall()
        }
        mirrored = con.execute("select count(*) from ops_snapshot.closed_lines").fetchone()[0]
    assert april == [(Decimal("97.50"),)]  # unchanged by the late file
    assert [(str(m), a) for m, a in adjustments] == [("2026-05-01", Decimal("100.00"))]
    # April's payout stays 97.50 and keeps its approval (mirrored decision); May pays the 100.00
    assert payouts["PO-PC-2026-04"] == (Decimal("97.50"), "approved")
    assert payouts["PO-PC-2026-05"] == (Decimal("100.00"), "pending")
    assert mirrored == len(ops_store.closed_rows(closed_then_late, "2026-04", "line"))
