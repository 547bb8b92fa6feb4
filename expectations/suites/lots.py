"""Lot-based lines carry a plausible number of closed lots: never negative, never absurd."""

from __future__ import annotations

import duckdb
import great_expectations as gx
import pandas as pd

DATASET = "lots"


def frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(
        """select line_id, partner_id, brand_id, period_month, component, symbol_group,
                  basis_amount as lots
           from marts.fct_commission_lines
           where basis_unit = 'lots'"""
    ).df()


def build_lots_suite(max_lots_per_line: float) -> gx.ExpectationSuite:
    e = gx.expectations
    # Built from a list: add_expectation on a suite needs an active GX context.
    expectations: list = []
    expectations.append(
        e.ExpectColumnValuesToNotBeNull(
            column="lots", meta={"rule": "a lot line says how many lots"}
        )
    )
    expectations.append(
        e.ExpectColumnValuesToBeBetween(
            column="lots",
            min_value=0,
            max_value=max_lots_per_line,
            meta={
                "rule": "closed lots are non-negative and below max_lots_per_line "
                "(more means a volume unit error: MT4 hundredths, MT5 ten-thousandths)"
            },
        )
    )
    return gx.ExpectationSuite(name=DATASET, expectations=expectations)
