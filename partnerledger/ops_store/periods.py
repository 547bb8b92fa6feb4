"""Period close: a month's published lines, statements and payouts frozen in the chain."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from partnerledger import vocabulary
from partnerledger.ops_store import chain
from partnerledger.ops_store.published import serving_path


def period_closes(home: Path | str) -> list[dict[str, Any]]:
    return chain.entries(home, "period_closes")


def close_period(home: Path | str, month: str | date, actor: str, reason: str) -> dict[str, Any]:
    """Close `month`: freeze its published commission lines, statements and payouts.

    Reads `<home>/serving.duckdb` (the published, validated marts) and refuses when nothing
    is published, when the month has no statement there, when it is already closed, or
    when an earlier month with statements is still open: periods close in order, as in a
    ledger, so "the first open month" that receives adjustments is always after every
    closed one. Returns the period_closes entry (payload: row counts and the lines' types).
    """
    m = chain.month_start(month)
    if not actor or not actor.strip():
        raise chain.OpsStoreError("closing a period needs an actor (--actor NAME)")
    if not reason or not reason.strip():
        raise chain.OpsStoreError("closing a period needs a reason (--reason TEXT)")
    closed = {c["period_month"] for c in period_closes(home)}
    if m.isoformat() in closed:
        raise chain.OpsStoreError(f"{m:%Y-%m} is already closed")
    frozen: dict[str, list[dict[str, Any]]] = {}
    # The published file holds every contract mart (the publish step copies them all after
    # the gates passed): nothing here asks whether a mart exists.
    with duckdb.connect(str(serving_path(home)), read_only=True) as con:
        earlier = [
            r[0]
            for r in con.execute(
                "select distinct period_month from marts.fct_partner_monthly_statement "
                "where period_month < ? order by 1",
                [m],
            ).fetchall()
        ]
        still_open = [e for e in earlier if e.isoformat() not in closed]
        if still_open:
            raise chain.OpsStoreError(
                f"close {', '.join(f'{e:%Y-%m}' for e in still_open)} first: periods close in order"
            )
        for kind, table in (
            ("line", "fct_commission_lines"),
            ("statement", "fct_partner_monthly_statement"),
            ("payout", "mart_payouts"),
        ):
            cur = con.execute(
                f"select * from marts.{table} where period_month = ? order by all", [m]
            )
            names = [d[0] for d in cur.description]
            frozen[kind] = [dict(zip(names, r)) for r in cur.fetchall()]
    if not frozen["statement"]:
        raise chain.OpsStoreError(
            f"the published data has no statement for {m:%Y-%m}: nothing to close (build it first)"
        )
    at = chain.now()
    payload = {
        "lines": len(frozen["line"]),
        "statements": len(frozen["statement"]),
        "payouts": len(frozen["payout"]),
        # the types the lines were frozen with (var commission_line_columns at close time)
        "line_types": vocabulary.commission_line_types(),
    }
    close_entry = {
        "at": at,
        "period_month": m.isoformat(),
        "actor": actor.strip(),
        "reason": reason.strip(),
        "payload_json": chain.canonical_json(payload),
    }
    con = chain.connect(home)
    try:
        con.execute("begin immediate")
        try:
            chain.append(con, "period_closes", [close_entry])
            chain.append(
                con,
                "closed_lines",
                (
                    {
                        "period_month": m.isoformat(),
                        "closed_at": at,
                        "kind": kind,
                        "row_json": chain.canonical_json(row),
                    }
                    for kind in ("line", "statement", "payout")
                    for row in frozen[kind]
                ),
            )
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        chain.write_head(home, con)
    finally:
        con.close()
    return close_entry


def closed_rows(home: Path | str, month: str | date, kind: str = "line") -> list[dict[str, Any]]:
    """The frozen rows of a closed month (kind: line, statement or payout), values as text."""
    if not chain.store_path(home).exists():
        return []
    con = chain.connect(home)
    try:
        return [
            json.loads(r["row_json"])
            for r in con.execute(
                "select row_json from closed_lines where period_month = ? and kind = ? order by seq",
                (chain.month_start(month).isoformat(), kind),
            )
        ]
    finally:
        con.close()
