"""End-to-end: hand-written landing files -> ingestion -> real `dbt build` -> marts.

Every expected number is worked by hand in tests/dbt_core/scenario.py's docstring.
"""

from __future__ import annotations

from decimal import Decimal

from tests.contract.contract_check import check
from tests.dbt_core.conftest import Built, query

D = Decimal


def test_conversions_dedupe_keeps_first_received_copy(built: Built) -> None:
    rows = query(built.phase1, "select event_id, click_id from staging.stg_tracking__conversions")
    # E1 arrived twice; the copy received at 10:00:05 (click K1) beats the one at 11:00
    assert rows == [("E1", "K1")]


def test_prop_order_loaded_twice_counts_once(built: Built) -> None:
    rows = query(
        built.phase1, "select count(*) from staging.stg_brand__prop_orders where order_id = 'O1'"
    )
    assert rows == [(1,)]


def test_attribution_precedence(built: Built) -> None:
    rows = query(
        built.phase1,
        "select customer_id, partner_id, attribution_method, attributed_click_id, earns_commission "
        "from intermediate.int_customers_attributed order by brand_id, customer_id",
    )
    assert rows == [
        # Y1: postback click K1 (10 days before) beats btag S1 and coupon NINE
        ("Y1", "P9", "postback_click", "K1", True),
        ("Y2", "P9", "btag_click", "K2", True),
        ("Y3", "P9", "coupon", None, True),
        ("Y4", None, "organic", None, False),
        ("X1", "S1", "coupon", None, True),
        # X2 is from the US, restricted on B-PROP: attributed but earns nothing
        ("X2", "S1", "coupon", None, False),
    ]


def test_restricted_customer_is_a_compliance_breach(built: Built) -> None:
    rows = query(
        built.phase1,
        "select partner_id, brand_id, country, customer_count, customer_ids "
        "from marts.mart_compliance_breaches",
    )
    assert rows == [("S1", "B-PROP", "US", 1, "X2")]


def test_dim_partners_tree(built: Built) -> None:
    rows = query(
        built.phase1,
        "select partner_id, parent_partner_id, root_partner_id, tree_depth, deal_summary "
        "from marts.dim_partners order by partner_id",
    )
    assert rows == [
        # M1's all-brand deal is expanded to the one brand it works (partner_brands)
        ("M1", None, "M1", 0, "B-PROP: D-M1 v1 EUR (sub_partner)"),
        ("P9", None, "P9", 0, "B-CAS: D-P9 v1 EUR (revshare)"),
        ("S1", "M1", "M1", 1, "B-PROP: D-S1 v1 USD (challenge)"),
    ]


def test_phase1_statements_to_the_cent(built: Built) -> None:
    rows = query(
        built.phase1,
        "select partner_id, brand_id, cast(period_month as varchar), currency, challenge, sub_partner, "
        "adjustment, total from marts.fct_partner_monthly_statement where partner_id in ('M1', 'S1') "
        "order by partner_id, period_month",
    )
    assert rows == [
        # M1: 68 USD / 1.25 = 54.40 EUR x 10% = 5.44
        ("M1", "B-PROP", "2026-04-01", "EUR", D("0.00"), D("5.44"), D("0.00"), D("5.44")),
        # S1: 300 x 20% + 80 x 10% = 68.00
        ("S1", "B-PROP", "2026-04-01", "USD", D("68.00"), D("0.00"), D("0.00"), D("68.00")),
    ]


def test_revshare_carryover_across_a_closed_month(built: Built) -> None:
    sql = (
        "select cast(period_month as varchar), revshare_gross, carryover_in, carryover_out, revshare, total "
        "from marts.fct_partner_monthly_statement where partner_id = 'P9' order by period_month"
    )
    # April: NGR -2000 x 25% = -500 -> pays 0, carries -500
    assert query(built.phase1, sql) == [
        ("2026-04-01", D("-500.00"), D("0.00"), D("-500.00"), D("0.00"), D("0.00")),
    ]
    # May: NGR 1200 x 25% = 300; -500 + 300 = -200 -> pays 0, carries -200
    assert query(built.phase2, sql) == [
        ("2026-04-01", D("-500.00"), D("0.00"), D("-500.00"), D("0.00"), D("0.00")),
        ("2026-05-01", D("300.00"), D("-500.00"), D("-200.00"), D("0.00"), D("0.00")),
    ]


def test_sub_partner_line_amount_usd(built: Built) -> None:
    rows = query(
        built.phase1,
        "select basis_amount, rate, amount, amount_usd from marts.fct_commission_lines "
        "where component = 'sub_partner'",
    )
    # basis 54.40 EUR, 10% -> 5.44 EUR; at 1.25 USD per EUR on 30 April -> 6.80 USD
    assert rows == [(D("54.40000000"), D("0.10000000"), D("5.44"), D("6.80"))]


def test_closed_month_keeps_frozen_lines(built: Built) -> None:
    sql = (
        "select line_id, amount from marts.fct_commission_lines "
        "where period_month = date '2026-04-01' and partner_id in ('M1', 'S1') order by line_id"
    )
    before, after = query(built.phase1, sql), query(built.phase2, sql)
    # the late O4 reset (5.00) does not rewrite closed April
    assert after == before
    assert sum(a for _, a in after) == D("60.00") + D("8.00") + D("5.44")


def test_late_data_becomes_adjustment_in_first_open_month(built: Built) -> None:
    rows = query(
        built.phase2,
        "select partner_id, cast(period_month as varchar), deal_id, amount, basis_unit, explanation "
        "from marts.fct_commission_lines where component = 'adjustment' order by partner_id",
    )
    assert [r[:5] for r in rows] == [
        # M1: recomputed April share 73 / 1.25 x 10% = 5.84 - frozen 5.44 = 0.40
        ("M1", "2026-05-01", "D-M1", D("0.40"), "late sub_partner EUR 2026-04"),
        # S1: the late reset 50 x 10% = 5.00
        ("S1", "2026-05-01", "D-S1", D("5.00"), "late challenge USD 2026-04"),
    ]
    for r in rows:
        assert "late data for closed period 2026-04" in r[5]


def test_phase2_may_statements(built: Built) -> None:
    rows = query(
        built.phase2,
        "select partner_id, challenge, sub_partner, adjustment, total from marts.fct_partner_monthly_statement "
        "where period_month = date '2026-05-01' and partner_id in ('M1', 'S1') order by partner_id",
    )
    assert rows == [
        # M1: May share 10 / 1.25 x 10% = 0.80, plus the 0.40 adjustment
        ("M1", D("0.00"), D("0.80"), D("0.40"), D("1.20")),
        # S1: O5 reset 100 x 10% = 10.00, plus the 5.00 adjustment
        ("S1", D("10.00"), D("0.00"), D("5.00"), D("15.00")),
    ]


def test_output_contract_holds(built: Built) -> None:
    # conftest.SELECT builds the statement marts and the dims, not the payout or segment marts
    not_built = ("mart_payouts", "mart_partner_segments", "mart_tier_recommendations")
    for warehouse in (built.phase1, built.phase2):
        assert check(warehouse, not_built=not_built) == [], warehouse.name
