"""No event is dated after the build's today: a future date is a clock or export error."""

from __future__ import annotations

from datetime import date

import duckdb
import great_expectations as gx
import pandas as pd

DATASET = "future_events"

# Entity -> the column dating its events (raw names of ingestion/entities.py).
EVENT_COLUMNS = {
    "clicks": "clicked_at",
    "conversions": "occurred_at",
    "customers": "registered_at",
    "payments": "occurred_at",
    "casino_activity": "activity_date",
    "prop_orders": "occurred_at",
    "mt4_trades": "close_time",
    "mt5_deals": "time",
}
SOURCE_OF = {
    "clicks": "tracking",
    "conversions": "tracking",
    "customers": "brand",
    "payments": "brand",
    "casino_activity": "brand",
    "prop_orders": "brand",
    "mt4_trades": "trading",
    "mt5_deals": "trading",
}


def _columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> set[str]:
    rows = con.execute(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
        [schema, table],
    ).fetchall()
    return {r[0] for r in rows}


def frame(con: duckdb.DuckDBPyConnection, today: date) -> pd.DataFrame:
    """Per fact: the last event date and how many events fall after `today`.

    Reads the staging model when it keeps the event column under its raw name, else the raw
    table (same dates; staging only de-duplicates).
    """
    parts: list[str] = []
    for entity, column in EVENT_COLUMNS.items():
        staging = f"stg_{SOURCE_OF[entity]}__{entity}"
        if column in _columns(con, "staging", staging):
            relation = f"staging.{staging}"
        elif column in _columns(con, "raw", entity):
            relation = f"raw.{entity}"
        else:
            continue
        parts.append(
            f"""select '{relation}' as relation, '{column}' as event_column,
                       cast(max(cast({column} as date)) as varchar) as last_event_date,
                       count(*) filter (where cast({column} as date) > $today) as future_events
                from {relation}"""
        )
    if not parts:
        return pd.DataFrame(
            columns=["relation", "event_column", "last_event_date", "future_events"]
        )
    return con.execute(" union all ".join(parts), {"today": today}).df()


def build_future_events_suite() -> gx.ExpectationSuite:
    e = gx.expectations
    # Built from a list: add_expectation on a suite needs an active GX context.
    expectations: list = []
    expectations.append(
        e.ExpectColumnValuesToBeBetween(
            column="future_events",
            min_value=0,
            max_value=0,
            meta={
                "rule": "no event is dated after the build's today (PARTNERLEDGER_TODAY or the UTC date)"
            },
        )
    )
    return gx.ExpectationSuite(name=DATASET, expectations=expectations)
