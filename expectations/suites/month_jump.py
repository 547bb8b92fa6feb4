"""A partner's month does not jump far above the previous one unless an adjustment explains it."""

from __future__ import annotations

import duckdb
import great_expectations as gx
import pandas as pd

DATASET = "month_jump"


def frame(
    con: duckdb.DuckDBPyConnection, min_amount: float, min_previous_amount: float
) -> pd.DataFrame:
    """Statements with the ratio to the previous month's total; NULL where the gate does not apply.

    The ratio is only judged for totals of at least `min_amount` over a previous month of at
    least `min_previous_amount`, with no adjustment in the month (an adjustment is a person's
    explanation of the jump). A smaller previous month is a ramp-up (a partner's first days,
    a first customer), not a baseline: 3 EUR then 1,000 EUR is 300x and perfectly ordinary.
    """
    return con.execute(
        """
        with s as (
            select partner_id, brand_id, period_month, currency, total, adjustment,
                   lag(total) over (partition by partner_id, brand_id order by period_month)
                       as previous_total
            from marts.fct_partner_monthly_statement
        )
        select *,
               case when total >= ? and previous_total >= ? and previous_total > 0
                         and coalesce(adjustment, 0) = 0
                    then cast(total / previous_total as double) end as jump_factor
        from s
        """,
        [min_amount, min_previous_amount],
    ).df()


def build_month_jump_suite(max_month_jump_factor: float) -> gx.ExpectationSuite:
    e = gx.expectations
    # Built from a list: add_expectation on a suite needs an active GX context.
    expectations: list = []
    expectations.append(
        e.ExpectColumnValuesToBeBetween(
            column="jump_factor",
            max_value=max_month_jump_factor,
            meta={
                "rule": "a month total above max_month_jump_factor x the previous month needs "
                "an adjustment explaining it"
            },
        )
    )
    return gx.ExpectationSuite(name=DATASET, expectations=expectations)
