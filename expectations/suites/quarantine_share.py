"""Each entity's feed is mostly good: the quarantined share of its rows stays small."""

from __future__ import annotations

import duckdb
import great_expectations as gx
import pandas as pd

DATASET = "quarantine_share"


def frame(con: duckdb.DuckDBPyConnection, entity: str | None = None) -> pd.DataFrame:
    """Rows read and quarantined per entity over every loaded file so far (ingest.files)."""
    where = "and entity = ?" if entity else ""
    return con.execute(
        f"""select entity, sum(rows_read) as rows_read, sum(rows_quarantined) as rows_quarantined,
                   cast(sum(rows_quarantined) as double) / nullif(sum(rows_read), 0) as quarantine_share
            from ingest.files
            where status = 'loaded' and entity is not null {where}
            group by entity order by entity""",
        [entity] if entity else [],
    ).df()


def build_quarantine_share_suite(max_quarantine_share: float) -> gx.ExpectationSuite:
    e = gx.expectations
    # Built from a list: add_expectation on a suite needs an active GX context.
    expectations: list = []
    expectations.append(
        e.ExpectColumnValuesToBeBetween(
            column="quarantine_share",
            min_value=0,
            max_value=max_quarantine_share,
            meta={"rule": "at most max_quarantine_share of an entity's rows are quarantined"},
        )
    )
    return gx.ExpectationSuite(name=DATASET, expectations=expectations)
