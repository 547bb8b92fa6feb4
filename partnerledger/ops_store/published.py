"""The published payouts (`<home>/serving.duckdb`) as the command line and the app read them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from partnerledger import paths
from partnerledger.ops_store import chain
from partnerledger.ops_store.decisions import STATUS_AFTER, approval_is_stale


def serving_path(home: Path | str) -> Path:
    serving = paths.Home(Path(home)).serving
    if not serving.exists():
        raise chain.OpsStoreError(
            f"no published data at {serving}: run `partnerledger build` until its checks pass"
        )
    return serving


def published_payouts(
    home: Path | str, payout_ids: Sequence[str] | None = None, month: str | date | None = None
) -> list[dict[str, Any]]:
    """Rows of the published marts.mart_payouts, each with `status` overlaid by later decisions."""
    sql = "select * from marts.mart_payouts where 1 = 1"
    params: list[Any] = []
    if payout_ids is not None:
        sql += (
            f" and payout_id in ({', '.join('?' * len(payout_ids))})"
            if payout_ids
            else " and false"
        )
        params.extend(payout_ids)
    if month is not None:
        sql += " and period_month = ?"
        params.append(chain.month_start(month))
    with duckdb.connect(str(serving_path(home)), read_only=True) as con:
        cur = con.execute(sql + " order by period_month, partner_id", params)
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r)) for r in cur.fetchall()]
    latest = _latest_decisions(home, [r["payout_id"] for r in rows])
    for r in rows:
        d = latest.get(r["payout_id"])
        r["published_status"] = r["status"]
        if d is not None:
            # a stale approval was already judged by the build: the published status holds
            if not approval_is_stale(d, r["amount"]):
                r["status"] = STATUS_AFTER[d["action"]]
            r["last_decision"] = d
    return rows


def _latest_decisions(home: Path | str, payout_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    if not chain.store_path(home).exists() or not payout_ids:
        return {}
    con = chain.connect(home)
    try:
        out: dict[str, dict[str, Any]] = {}
        for row in con.execute("select * from decisions order by seq"):
            if row["payout_id"] in payout_ids:
                out[row["payout_id"]] = dict(row)
        return out
    finally:
        con.close()
