"""The iGaming models on a real dbt build of the hand-made warehouse (igaming_warehouse.py).

Every expected figure is worked by hand in the comments next to it (and in the module
docstring of igaming_warehouse.py), never copied from output.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb

D = Decimal


def _rows(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _carry(warehouse: Path, partner: str) -> list[tuple]:
    return _rows(
        warehouse,
        """
        select period_month, revshare_gross, carryover_in, carryover_out, revshare
        from intermediate.int_revshare_carryover
        where line_set = 'recomputed' and partner_id = ? order by period_month""",
        [partner],
    )


def test_carryover_rules_example_april_to_june(igaming_warehouse: Path) -> None:
    # 25% whole: Apr -2,000 -> -500, pay 0, carry -500; May 1,200 -> 300, adj -200, carry -200;
    # Jun 4,000 -> 1,000, adj 800, pay 800, carry 0.
    assert _carry(igaming_warehouse, "P1") == [
        (dt.date(2026, 4, 1), D("-500.00"), D("0.00"), D("-500.00"), D("0.00")),
        (dt.date(2026, 5, 1), D("300.00"), D("-500.00"), D("-200.00"), D("0.00")),
        (dt.date(2026, 6, 1), D("1000.00"), D("-200.00"), D("0.00"), D("800.00")),
    ]


def test_carryover_passes_through_an_empty_month_and_a_rate_change(igaming_warehouse: Path) -> None:
    # Apr -2,000 x 25% = -500 carried; May no activity: zero row carrying -500 through;
    # Jun (v2, 30%) 4,000 x 0.30 = 1,200; adjusted 1,200 - 500 = 700 paid, carry 0.
    assert _carry(igaming_warehouse, "P2") == [
        (dt.date(2026, 4, 1), D("-500.00"), D("0.00"), D("-500.00"), D("0.00")),
        (dt.date(2026, 5, 1), D("0.00"), D("-500.00"), D("-500.00"), D("0.00")),
        (dt.date(2026, 6, 1), D("1200.00"), D("-500.00"), D("0.00"), D("700.00")),
    ]


def test_ngr_deductions_admin_fee_and_fx_via_usd(igaming_warehouse: Path) -> None:
    # GGR 24,000 GBP = 30,000 EUR (x 1.30 / 1.04 = 1.25); bonus 500 -> 625; tax 300 -> 375;
    # jackpot and chargebacks switched off -> 0; admin fee 2,400 -> 3,000;
    # NGR 20,800 GBP -> 26,000 EUR.
    rows = _rows(
        igaming_warehouse,
        """
        select ggr, bonus_deduction, jackpot_deduction, tax_deduction, chargeback_deduction, admin_fee, ngr,
               deal_currency, activity_rows
        from intermediate.int_casino_ngr_daily where partner_id = 'P3'""",
    )
    assert rows == [
        (D("30000"), D("625"), D("0"), D("375"), D("0"), D("3000"), D("26000"), "EUR", 1)
    ]


def test_progressive_tiers_one_line_per_band(igaming_warehouse: Path) -> None:
    # NGR 26,000 EUR: 5,000 x 0.20 = 1,000; 15,000 x 0.30 = 4,500; 6,000 x 0.40 = 2,400.
    rows = _rows(
        igaming_warehouse,
        """
        select basis_amount, rate, amount, basis_unit, component
        from intermediate.int_commission_lines_revshare where partner_id = 'P3' order by rate""",
    )
    assert rows == [
        (D("5000"), D("0.20"), D("1000.00"), "NGR EUR", "revshare"),
        (D("15000"), D("0.30"), D("4500.00"), "NGR EUR", "revshare"),
        (D("6000"), D("0.40"), D("2400.00"), "NGR EUR", "revshare"),
    ]
    explanation = _rows(
        igaming_warehouse,
        "select explanation from intermediate.int_commission_lines_revshare "
        "where partner_id = 'P3' and rate = 0.30",
    )[0][0]
    assert "inside tier 2" in explanation and "at 30.00%" in explanation
    # 1,000 + 4,500 + 2,400 = 7,900
    assert _carry(igaming_warehouse, "P3") == [
        (dt.date(2026, 5, 1), D("7900.00"), D("0.00"), D("0.00"), D("7900.00")),
    ]


def test_whole_tiers_take_the_band_rate_on_everything(igaming_warehouse: Path) -> None:
    # 26,000 >= 20,000 -> band 3, 0.40 x 26,000 = 10,400.
    rows = _rows(
        igaming_warehouse,
        """
        select basis_amount, rate, amount from intermediate.int_commission_lines_revshare
        where partner_id = 'P4'""",
    )
    assert rows == [(D("26000"), D("0.40"), D("10400.00"))]


def test_mid_month_amendment_with_ftd_count_tiers(igaming_warehouse: Path) -> None:
    # May FTDs: C5a (declined 28 Apr, approved 2 May) and C5b (3 May) -> 2 -> band 2 in both versions.
    # v1 (to 15 May): 1,000 x 0.30 = 300.00; v2 (from 16 May): 2,000 x 0.35 = 700.00.
    rows = _rows(
        igaming_warehouse,
        """
        select deal_version, basis_amount, rate, amount from intermediate.int_commission_lines_revshare
        where partner_id = 'P5' order by deal_version""",
    )
    assert rows == [(1, D("1000"), D("0.30"), D("300.00")), (2, D("2000"), D("0.35"), D("700.00"))]
    monthly = _rows(
        igaming_warehouse,
        """
        select deal_version, month_ftd_count, revshare_gross from intermediate.int_revshare_monthly
        where partner_id = 'P5' order by deal_version""",
    )
    assert monthly == [(1, 2, D("300.00")), (2, 2, D("700.00"))]
    # 300 + 700 = 1,000 in May; nothing carried
    assert _carry(igaming_warehouse, "P5") == [
        (dt.date(2026, 5, 1), D("1000.00"), D("0.00"), D("0.00"), D("1000.00")),
    ]


def test_declined_deposit_is_never_the_ftd(igaming_warehouse: Path) -> None:
    # C5a: 50 declined on 28 Apr, then 40 approved on 2 May -> FTD 40 EUR on 2 May.
    rows = _rows(
        igaming_warehouse,
        """
        select ftd_transaction_id, ftd_amount, ftd_currency, ftd_date from intermediate.int_customer_ftd
        where customer_id = 'C5a'""",
    )
    assert rows == [("T5a-2", D("40"), "EUR", dt.date(2026, 5, 2))]


def test_cpa_window_day_30_qualifies_day_31_does_not(igaming_warehouse: Path) -> None:
    # C6a: reg 3 May, stakes 200 on 1 Jun (day 29) -> June; C6b: 9 Jun (day 37) -> none;
    # C6c: reg 1 May, 31 May = day 30 of 30 -> May; C6d: 1 Jun = day 31 -> none.
    rows = _rows(
        igaming_warehouse,
        """
        select customer_id, qualified_on, days_after_registration from intermediate.int_cpa_qualifications
        order by customer_id""",
    )
    assert rows == [("C6a", dt.date(2026, 6, 1), 29), ("C6c", dt.date(2026, 5, 31), 30)]
    lines = _rows(
        igaming_warehouse,
        """
        select customer_id, period_month, basis_amount, basis_unit, rate, amount, currency, deal_id, deal_version
        from intermediate.int_commission_lines_cpa order by customer_id""",
    )
    assert lines == [
        (
            "C6a",
            dt.date(2026, 6, 1),
            D("1"),
            "qualified customer",
            D("150"),
            D("150.00"),
            "EUR",
            "D-6",
            1,
        ),
        (
            "C6c",
            dt.date(2026, 5, 1),
            D("1"),
            "qualified customer",
            D("150"),
            D("150.00"),
            "EUR",
            "D-6",
            1,
        ),
    ]
    explanation = _rows(
        igaming_warehouse,
        """
        select explanation from intermediate.int_commission_lines_cpa where customer_id = 'C6a'""",
    )[0][0]
    assert "qualified on 2026-06-01" in explanation and "KYC verified 2026-05-05" in explanation


def test_revshare_lines_add_up_to_the_gross(igaming_warehouse: Path) -> None:
    # the statement contract: a component's lines add up to revshare_gross, per partner, brand, month
    mismatches = _rows(
        igaming_warehouse,
        """
        select c.partner_id, c.period_month, c.revshare_gross, l.total
        from intermediate.int_revshare_carryover as c
        left join (
            select partner_id, brand_id, period_month, sum(amount) as total
            from intermediate.int_commission_lines_revshare group by all
        ) as l using (partner_id, brand_id, period_month)
        where c.line_set = 'recomputed' and c.revshare_gross <> coalesce(l.total, 0)""",
    )
    assert mismatches == []
