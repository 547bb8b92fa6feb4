"""No event is dated after the build's today: a future date is a clock or export error.

Like the staging reconciliation, this is ingestion's accounting and reads the staging models:
every source event is judged, including those no mart shows (a future-dated deposit changes
nothing published today, but says the feed's clock is wrong).
"""

from __future__ import annotations

from datetime import date

import duckdb
import great_expectations as gx
import pandas as pd

DATASET = "future_events"

# Staging model -> the column dating its events.
EVENT_COLUMNS = {
    "stg_tracking__clicks": "clicked_at",
    "stg_tracking__conversions": "occurred_at",
    "stg_brand__customers": "registered_at",
    "stg_brand__payments": "occurred_at",
    "stg_brand__casino_activity": "activity_date",
    "stg_brand__prop_orders": "occurred_at",
    "stg_trading__mt4_trades": "closed_at",
    "stg_trading__mt5_deals": "deal_time",
}


def frame(con: duckdb.DuckDBPyConnection, today: date) -> pd.DataFrame:
    """Per staging model: the last event date and how many events fall after `today`."""
    # Identifiers from EVENT_COLUMNS only; `today` is bound.
    parts = [
        f"""select 'staging.{model}' as relation, '{column}' as event_column,
                   cast(max(cast({column} as date)) as varchar) as last_event_date,
                   count(*) filter (where cast({column} as date) > $today) as future_events
            from staging.{model}"""
        for model, column in EVENT_COLUMNS.items()
    ]
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
