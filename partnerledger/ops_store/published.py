"""The published payouts (`<home>/serving.duckdb`) with their current status: one home for the
status the app (page, filters, totals, export) and `partnerledger payouts list` show.

The status rule lives in SQL only (dbt macro payout_status_after,
docs/decisions/010-payout-status-one-home.md). mart_payouts publishes `status` (the latest
decision the build mirrored applied) and, for each action, `status_after_<action>`: the
status that action would give the payout as published. It also publishes
`decisions_seen_through_seq`, the last ops-store seq the build mirrored. A decision recorded
since (a higher seq) is shown by looking its action's column up: nothing is derived here.
Such a decision was taken on the published amount, so it is never a stale approval; stale
approvals are judged by the build.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from partnerledger import paths
from partnerledger.ops_store import chain

# the mart column holding the status each action gives (a batch approval is an approval)
STATUS_AFTER_COLUMN = {
    "approve": "status_after_approve",
    "batch_approve": "status_after_approve",
    "reject": "status_after_reject",
    "hold": "status_after_hold",
    "release": "status_after_release",
}


def serving_path(home: Path | str) -> Path:
    serving = paths.Home(Path(home)).serving
    if not serving.exists():
        raise chain.OpsStoreError(
            f"no published data at {serving}: run `partnerledger build` until its checks pass"
        )
    return serving


def current_payouts(
    home: Path | str,
    month: str | date | None = None,
    statuses: Sequence[str] = (),
    routes: Sequence[str] = (),
    partner_id: str | None = None,
    payout_ids: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """The published marts.mart_payouts rows under the filters, `status` the current one.

    Empty `statuses`/`routes` mean all; `statuses` filters on the current status. Each row
    also has `published_status` (the build's) and `decided_since_publish` (the latest ops-store
    decision recorded after the build, or None). Ordered by month, then partner.
    """
    sql = "select * from marts.mart_payouts where 1 = 1"
    params: list[Any] = []
    if month is not None:
        sql += " and period_month = ?"
        params.append(chain.month_start(month))
    if routes:
        sql += f" and route in ({', '.join('?' * len(routes))})"
        params.extend(routes)
    if partner_id is not None:
        sql += " and partner_id = ?"
        params.append(partner_id)
    if payout_ids is not None:
        sql += (
            f" and payout_id in ({', '.join('?' * len(payout_ids))})"
            if payout_ids
            else " and false"
        )
        params.extend(payout_ids)
    # short-lived and read-only: the build swaps this file while people read it
    with duckdb.connect(str(serving_path(home)), read_only=True) as con:
        cur = con.execute(sql + " order by period_month, partner_id", params)
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r)) for r in cur.fetchall()]
    if not rows:
        return []
    later = _decisions_after(home, rows[0]["decisions_seen_through_seq"])
    for r in rows:
        d = later.get(r["payout_id"])
        r["published_status"] = r["status"]
        r["decided_since_publish"] = d
        if d is not None:
            r["status"] = r[STATUS_AFTER_COLUMN[d["action"]]]
    return [r for r in rows if not statuses or r["status"] in statuses]


def _decisions_after(home: Path | str, seq: int) -> dict[str, dict[str, Any]]:
    """payout_id -> its latest decision with a seq above `seq` (the build had not seen it)."""
    if not chain.store_path(home).exists():
        return {}
    con = chain.connect(home)
    try:
        rows = con.execute("select * from decisions where seq > ? order by seq", (seq,))
        return {r["payout_id"]: dict(r) for r in rows}
    finally:
        con.close()
