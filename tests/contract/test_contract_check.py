"""The contract checker itself: silent on a warehouse that keeps the contract, and it names
each kind of break (a checker that cannot fail would pass every broken build).

The tiny warehouse, worked by hand (partner P1 on brand B1, EUR, negative carryover on):
- April: revshare line -500.00 (NGR -2,000 x 25%) and a CPA line 150.00.
  adjusted = -500 + 0 = -500 -> revshare 0.00, carryover_out -500.00; total 150 + 0 = 150.00.
- May: revshare line 300.00 (NGR 1,200 x 25%). adjusted = 300 - 500 = -200 -> revshare 0.00,
  carryover_out -200.00; total 0.00.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.contract.contract_check import PAYOUT_COLUMNS, TIER_COLUMNS, check

MONEY = "decimal(18,2)"
MONEY_COLUMNS = (
    "cpa",
    "revshare_gross",
    "carryover_in",
    "carryover_out",
    "revshare",
    "lot_rebate",
    "spread_share",
    "challenge",
    "challenge_clawback",
    "sub_partner",
    "ib_override",
    "adjustment",
    "total",
)
STATEMENT_DDL = (
    "create table marts.fct_partner_monthly_statement (partner_id varchar, brand_id varchar, "
    f"period_month date, currency varchar, {', '.join(f'{c} {MONEY}' for c in MONEY_COLUMNS)})"
)
LINE_DDL = (
    "create table marts.fct_commission_lines (line_id varchar, partner_id varchar, "
    "brand_id varchar, period_month date, deal_id varchar, deal_version bigint, component varchar, "
    "customer_id varchar, symbol_group varchar, basis_amount decimal(24,8), basis_unit varchar, "
    f"rate decimal(24,8), amount {MONEY}, currency varchar, amount_usd {MONEY}, explanation varchar)"
)
# partner, brand, month, currency, cpa, revshare_gross, carryover_in, carryover_out, revshare,
# lot_rebate, spread_share, challenge, challenge_clawback, sub_partner, ib_override, adjustment, total
STATEMENTS = [
    ("P1", "B1", "2026-04-01", "EUR", 150, -500, 0, -500, 0, 0, 0, 0, 0, 0, 0, 0, 150),
    ("P1", "B1", "2026-05-01", "EUR", 0, 300, -500, -200, 0, 0, 0, 0, 0, 0, 0, 0, 0),
]
LINES = [
    ("L1", "P1", "B1", "2026-04-01", "D1", 1, "revshare", None, None, -2000, "NGR EUR", 0.25, -500),
    ("L2", "P1", "B1", "2026-04-01", "D1", 1, "cpa", "C1", None, 1, "qualified", 150, 150),
    ("L3", "P1", "B1", "2026-05-01", "D1", 1, "revshare", None, None, 1200, "NGR EUR", 0.25, 300),
]


def make_warehouse(path: Path, *breaks: str) -> Path:
    """A warehouse holding the contract marts with the rows above, then `breaks` applied."""
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(STATEMENT_DDL)
        con.execute(LINE_DDL)
        con.executemany(
            f"insert into marts.fct_partner_monthly_statement values ({', '.join(['?'] * 17)})",
            STATEMENTS,
        )
        con.executemany(
            f"insert into marts.fct_commission_lines values ({', '.join(['?'] * 13)}, "
            "'EUR', null, 'by hand')",
            LINES,
        )
        for mart, cols in {
            "mart_payouts": PAYOUT_COLUMNS,
            "mart_tier_recommendations": TIER_COLUMNS,
            "dim_partners": ("partner_id",),
            "dim_brands": ("brand_id",),
            "dim_customers": ("customer_id",),
            "mart_partner_segments": ("partner_id",),
        }.items():
            con.execute(f"create table marts.{mart} ({', '.join(f'{c} varchar' for c in cols)})")
        for sql in breaks:
            con.execute(sql)
    return path


def test_a_warehouse_that_keeps_the_contract_has_no_problems(tmp_path: Path) -> None:
    assert check(make_warehouse(tmp_path / "w.duckdb")) == []


@pytest.mark.parametrize(
    ("breaks", "problems"),
    [
        pytest.param(
            ["alter table marts.fct_commission_lines drop column explanation"],
            ["marts.fct_commission_lines lacks the contract columns explanation"],
            id="missing-line-column",
        ),
        pytest.param(
            ["drop table marts.dim_customers", "alter table marts.mart_payouts drop route"],
            [
                "marts.mart_payouts lacks the contract columns route",
                "marts.dim_customers is missing",
            ],
            id="missing-mart-and-payout-column",
        ),
        pytest.param(
            # April total 151.00, but 150 (cpa) + 0 (revshare) = 150.00
            ["update marts.fct_partner_monthly_statement set total = 151 where cpa = 150"],
            ["P1 B1 2026-04: total 151.00 is not the sum of its components 150.00"],
            id="total-is-not-the-sum",
        ),
        pytest.param(
            # without the CPA line, April's lines give cpa 0, and the statement says 150
            ["delete from marts.fct_commission_lines where component = 'cpa'"],
            ["P1 B1 2026-04: cpa 150.00 but its cpa lines sum to 0"],
            id="statement-without-its-lines",
        ),
        pytest.param(
            # a June line with no June statement row
            [
                (
                    "insert into marts.fct_commission_lines select 'L4', 'P1', 'B1', date '2026-06-01', "
                    "'D1', 1, 'cpa', 'C2', null, 1, 'qualified', 150, 150, 'EUR', 165, 'by hand'"
                )
            ],
            ["P1 B1 2026-06: commission lines but no statement row"],
            id="lines-without-a-statement",
        ),
        pytest.param(
            # May gross 300, carry in -500 -> adjusted -200: revshare must be 0, carry out -200
            [
                (
                    "update marts.fct_partner_monthly_statement set revshare = 300, total = 300 "
                    "where period_month = date '2026-05-01'"
                )
            ],
            ["P1 B1 2026-05: revshare 300.00 is not max(0, revshare_gross + carryover_in) = 0"],
            id="carryover-not-applied",
        ),
        pytest.param(
            # May carries in -400, but April carried out -500; then adjusted = 300 - 400 = -100,
            # so carryover_out -200 breaks min(0, adjusted) too
            [
                (
                    "update marts.fct_partner_monthly_statement set carryover_in = -400 "
                    "where period_month = date '2026-05-01'"
                )
            ],
            [
                (
                    "P1 B1 2026-05: carryover_out -200.00 is not min(0, revshare_gross + carryover_in) "
                    "= -100.00"
                ),
                (
                    "P1 B1 2026-05: carryover_in -400.00 is not the previous statement's carryover_out "
                    "-500.00"
                ),
            ],
            id="broken-carryover-chain",
        ),
        pytest.param(
            [
                "update marts.fct_commission_lines set deal_version = null where line_id = 'L2'",
                "update marts.fct_commission_lines set component = 'bonus' where line_id = 'L3'",
            ],
            [
                "1 commission lines of component 'bonus', not a contract one",
                "1 commission lines name no deal version",
                "P1 B1 2026-05: revshare_gross 300.00 but its revshare lines sum to 0",
            ],
            id="line-without-deal-version-or-component",
        ),
        pytest.param(
            [
                (
                    "insert into marts.fct_partner_monthly_statement select * "
                    "from marts.fct_partner_monthly_statement where period_month = date '2026-04-01'"
                )
            ],
            [
                "P1 B1 2026-04: 2 statement rows, the contract says one",
                # the copy of April is read as a second April: its carryover_in 0 is not -500
                (
                    "P1 B1 2026-04: carryover_in 0.00 is not the previous statement's carryover_out "
                    "-500.00"
                ),
                # and May now follows the copy: same -500, so no problem there
            ],
            id="duplicate-statement-row",
        ),
    ],
)
def test_each_break_is_named(tmp_path: Path, breaks: list[str], problems: list[str]) -> None:
    assert check(make_warehouse(tmp_path / "w.duckdb", *breaks)) == problems


def test_a_mart_left_out_on_purpose_must_be_named(tmp_path: Path) -> None:
    warehouse = make_warehouse(tmp_path / "w.duckdb", "drop table marts.mart_payouts")
    assert check(warehouse) == ["marts.mart_payouts is missing"]
    assert check(warehouse, not_built=["mart_payouts"]) == []
    with pytest.raises(ValueError, match="cannot be skipped"):
        check(warehouse, not_built=["fct_commission_lines"])
