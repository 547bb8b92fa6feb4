"""Statements add up: total = sum of components, carryover identities, components = line sums."""

from __future__ import annotations

import duckdb
import great_expectations as gx
import pandas as pd

DATASET = "statements"

# Statement column -> the commission-line component whose lines add up to it.
LINE_COMPONENTS = {
    "cpa": "cpa",
    "revshare_gross": "revshare",  # revshare lines add up to the gross; carryover applies later
    "lot_rebate": "lot_rebate",
    "spread_share": "spread_share",
    "challenge": "challenge",
    "challenge_clawback": "challenge_clawback",
    "sub_partner": "sub_partner",
    "ib_override": "ib_override",
    "adjustment": "adjustment",
}
PAYABLE = [
    "cpa",
    "revshare",
    "lot_rebate",
    "spread_share",
    "challenge",
    "challenge_clawback",
    "sub_partner",
    "ib_override",
    "adjustment",
]


def frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per statement with the difference of each identity (all must be exactly 0)."""
    line_sums = ",\n".join(
        f"sum(case when component = '{comp}' then amount else 0 end) as lines_{col}"
        for col, comp in LINE_COMPONENTS.items()
    )
    line_diffs = ",\n".join(
        f"coalesce(s.{col}, 0) - coalesce(l.lines_{col}, 0) as {col}_minus_lines"
        for col in LINE_COMPONENTS
    )
    total_sum = " + ".join(f"coalesce(s.{c}, 0)" for c in PAYABLE)
    return con.execute(
        f"""
        with lines as (
            select partner_id, brand_id, period_month, {line_sums}
            from marts.fct_commission_lines
            group by partner_id, brand_id, period_month
        ),
        statements as (
            select *,
                   lag(carryover_out) over (
                       partition by partner_id, brand_id order by period_month
                   ) as previous_carryover_out,
                   lag(period_month) over (
                       partition by partner_id, brand_id order by period_month
                   ) as previous_month
            from marts.fct_partner_monthly_statement
        )
        select s.partner_id, s.brand_id, s.period_month, s.total,
               s.total - ({total_sum}) as total_minus_components,
               -- revshare = max(0, gross + carryover_in) (carryover_in is 0 without carryover)
               s.revshare - greatest(0, s.revshare_gross + s.carryover_in) as revshare_minus_identity,
               -- carryover_out is 0 (no carryover) or min(0, gross + carryover_in)
               case when s.carryover_out = 0
                         or s.carryover_out = least(0, s.revshare_gross + s.carryover_in)
                    then 0 else 1 end as carryover_out_breaks_identity,
               s.carryover_in,
               -- carryover_in = the previous month's carryover_out when that month has a row
               case when s.previous_month is not null
                         and s.previous_month = s.period_month - interval 1 month
                    then s.carryover_in - s.previous_carryover_out else 0 end
                   as carryover_in_minus_previous_out,
               {line_diffs}
        from statements as s
        left join lines as l
            on l.partner_id = s.partner_id and l.brand_id = s.brand_id
           and l.period_month = s.period_month
        """
    ).df()


def build_statements_suite() -> gx.ExpectationSuite:
    e = gx.expectations
    # Built from a list: add_expectation on a suite needs an active GX context.
    expectations: list = []

    def zero(column: str, rule: str) -> None:
        expectations.append(
            e.ExpectColumnValuesToBeBetween(
                column=column, min_value=0, max_value=0, meta={"rule": rule}
            )
        )

    zero("total_minus_components", "total is the sum of the payable components (OUTPUTS.md)")
    zero("revshare_minus_identity", "revshare = max(0, revshare_gross + carryover_in) (RULES.md)")
    zero(
        "carryover_out_breaks_identity",
        "carryover_out = min(0, revshare_gross + carryover_in) or 0",
    )
    zero("carryover_in_minus_previous_out", "carryover_in is the previous month's carryover_out")
    expectations.append(
        e.ExpectColumnValuesToBeBetween(
            column="carryover_in",
            max_value=0,
            meta={"rule": "a carryover is 0 or negative, never a credit"},
        )
    )
    for col, comp in LINE_COMPONENTS.items():
        zero(f"{col}_minus_lines", f"the statement's {col} equals the sum of its {comp} lines")
    return gx.ExpectationSuite(name=DATASET, expectations=expectations)
