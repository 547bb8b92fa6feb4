"""Attribution is exclusive: a customer belongs to at most one partner per brand."""

from __future__ import annotations

import duckdb
import great_expectations as gx
import pandas as pd

DATASET = "attribution"


def frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per customer and brand of marts.dim_customers with how many rows and partners
    claim it: both must be 1 (or 0 partners for an organic customer)."""
    return con.execute(
        """select customer_id, brand_id,
                  count(*) as rows_per_customer_brand,
                  count(distinct partner_id) as partners
           from marts.dim_customers
           group by customer_id, brand_id"""
    ).df()


def build_attribution_suite() -> gx.ExpectationSuite:
    e = gx.expectations
    # Built from a list: add_expectation on a suite needs an active GX context.
    expectations: list = []
    expectations.append(
        e.ExpectColumnValuesToBeBetween(
            column="rows_per_customer_brand",
            min_value=1,
            max_value=1,
            meta={"rule": "one attribution row per customer and brand (LANDING.md attribution)"},
        )
    )
    expectations.append(
        e.ExpectColumnValuesToBeBetween(
            column="partners",
            min_value=0,
            max_value=1,
            meta={"rule": "no customer is attributed to two partners on a brand"},
        )
    )
    return gx.ExpectationSuite(name=DATASET, expectations=expectations)
