"""Raw and staging agree: staging rows + duplicates removed = raw rows, per entity."""

from __future__ import annotations

import duckdb
import great_expectations as gx
import pandas as pd

from ingestion.entities import ENTITIES

DATASET = "staging_reconciliation"

# The key staging de-duplicates on, where it is not the entity's natural key: a re-exported
# MT4 ticket (later MODIFY_TIME) replaces the earlier row (LANDING.md).
DEDUP_KEYS = {"mt4_trades": ("server", "ticket")}


def dedup_key(entity: str) -> tuple[str, ...]:
    return DEDUP_KEYS.get(entity, ENTITIES[entity].key)


def frame(con: duckdb.DuckDBPyConnection, entity: str, staging_relation: str) -> pd.DataFrame:
    key = ", ".join(dedup_key(entity))
    return con.execute(
        f"""with raw as (
                select count(*) as raw_rows,
                       count(*) - (select count(*) from (select distinct {key} from raw.{entity}))
                           as duplicates_removed
                from raw.{entity}
            )
            select '{entity}' as entity, raw_rows, duplicates_removed,
                   (select count(*) from {staging_relation}) as staging_rows,
                   raw_rows - duplicates_removed - (select count(*) from {staging_relation})
                       as unexplained_rows
            from raw"""
    ).df()


def build_staging_reconciliation_suite() -> gx.ExpectationSuite:
    e = gx.expectations
    # Built from a list: add_expectation on a suite needs an active GX context.
    expectations: list = []
    expectations.append(
        e.ExpectColumnValuesToBeBetween(
            column="unexplained_rows",
            min_value=0,
            max_value=0,
            meta={"rule": "staging keeps every raw row but the duplicates of its key"},
        )
    )
    return gx.ExpectationSuite(name=DATASET, expectations=expectations)
