"""The operational store mirrored into `warehouse.ops_snapshot.*` before dbt runs.

mart_payouts reads the decisions, dbt core reads the closed periods and lines. The tables'
columns come from their one owner, var ops_snapshot_columns (partnerledger.vocabulary).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb

from partnerledger import vocabulary
from partnerledger.ops_store import chain
from partnerledger.ops_store.decisions import decided_amount
from partnerledger.ops_store.periods import period_closes


def _line_types(closes: list[dict[str, Any]]) -> dict[str, str]:
    for c in reversed(closes):
        types = json.loads(c["payload_json"] or "{}").get("line_types")
        if types:
            return types
    return vocabulary.commission_line_types()


def mirror_to_warehouse(home: Path | str, con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """(Re)create ops_snapshot.period_closes, closed_lines and decisions in the warehouse.

    `con` is an open read-write connection to `<home>/warehouse.duckdb`. Without an ops
    store the three tables are created empty. Returns the row count of each table.
    """
    import pyarrow as pa

    closes = period_closes(home)
    lines: list[dict[str, Any]] = []
    decisions: list[dict[str, Any]] = []
    if chain.store_path(home).exists():
        sq = chain.connect(home)
        try:
            for r in sq.execute(
                "select closed_at, row_json from closed_lines where kind = 'line' order by seq"
            ):
                lines.append({**json.loads(r["row_json"]), "closed_at": r["closed_at"]})
            decisions = [dict(r) for r in sq.execute("select * from decisions order by seq")]
        finally:
            sq.close()
    line_types = {**_line_types(closes), "closed_at": "timestamp"}

    def load(table: str, types: dict[str, str], rows: list[dict[str, Any]]) -> None:
        cols = ", ".join(f"{c} {t}" for c, t in types.items())
        con.execute(f"create or replace table ops_snapshot.{table} ({cols})")
        if not rows:
            return
        # Values travel as text and are cast by DuckDB: decimals stay exact.
        arrow = pa.table(
            {
                c: pa.array([None if r.get(c) is None else str(r[c]) for r in rows], pa.string())
                for c in types
            }
        )
        con.register("_ops_mirror_rows", arrow)
        try:
            casts = ", ".join(f"cast({c} as {t})" for c, t in types.items())
            con.execute(f"insert into ops_snapshot.{table} select {casts} from _ops_mirror_rows")
        finally:
            con.unregister("_ops_mirror_rows")

    con.execute("begin transaction")
    try:
        con.execute("create schema if not exists ops_snapshot")
        load(
            "period_closes",
            vocabulary.ops_snapshot_types("period_closes"),
            [
                {
                    "period_month": c["period_month"],
                    "closed_at": c["at"],
                    "closed_by": c["actor"],
                    "reason": c["reason"],
                }
                for c in closes
            ],
        )
        load("closed_lines", line_types, lines)
        load(
            "decisions",
            vocabulary.ops_snapshot_types("decisions"),
            [
                {
                    **d,
                    "decision_id": d["id"],
                    "decided_at": d["at"],
                    "amount_at_decision": decided_amount(d),
                }
                for d in decisions
            ],
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return {"period_closes": len(closes), "closed_lines": len(lines), "decisions": len(decisions)}
