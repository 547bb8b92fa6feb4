"""Commission lines are complete: priced by a deal version, in a currency, converted to USD."""

from __future__ import annotations

import duckdb
import great_expectations as gx
import pandas as pd

from partnerledger import vocabulary

DATASET = "commission_lines"


def frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(
        """select line_id, partner_id, brand_id, period_month, deal_id, deal_version,
                  component, currency, amount, amount_usd
           from marts.fct_commission_lines"""
    ).df()


def build_commission_lines_suite() -> gx.ExpectationSuite:
    e = gx.expectations
    # Built from a list: add_expectation on a suite needs an active GX context.
    expectations: list = []
    for column, rule in [
        ("deal_id", "every line names the deal that priced it (RULES.md: which deal version)"),
        ("deal_version", "every line names the deal version in force at the event date"),
        ("currency", "every line is stated in its deal currency"),
        ("amount", "every line has an amount"),
        ("amount_usd", "an FX rate exists for the line: a missing rate is a failure, never a zero"),
    ]:
        expectations.append(e.ExpectColumnValuesToNotBeNull(column=column, meta={"rule": rule}))
    expectations.append(
        e.ExpectColumnValuesToBeInSet(
            column="component",
            value_set=list(vocabulary.component_names()),
            meta={"rule": "component is one of the commission components (dbt_project.yml)"},
        )
    )
    expectations.append(
        e.ExpectColumnValuesToMatchRegex(
            column="currency", regex=r"^[A-Z]{3}$", meta={"rule": "currency is an ISO 4217 code"}
        )
    )
    expectations.append(
        e.ExpectColumnValuesToBeUnique(
            column="line_id", meta={"rule": "line_id identifies one line (no double payment)"}
        )
    )
    return gx.ExpectationSuite(name=DATASET, expectations=expectations)
