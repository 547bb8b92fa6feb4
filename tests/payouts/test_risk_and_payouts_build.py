"""Risk signals and mart_payouts built by dbt on a real tiny warehouse (risk_landing.py)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest


@pytest.fixture(scope="module")
def warehouse(pipeline) -> Path:
    return pipeline.phase1


def _signals(wh: Path) -> list[tuple[str, str, str]]:
    with duckdb.connect(str(wh), read_only=True) as con:
        return con.execute(
            "select partner_id, signal, detail from intermediate.int_partner_risk_signals order by all"
        ).fetchall()


@pytest.mark.parametrize(
    ("partner", "signal", "detail_has", "detail_lacks"),
    [
        (
            "PI",
            "ip_cluster",
            "3 customers registered through clicks from one IP (hash ip-farm)",
            None,
        ),
        ("PB", "bonus_abuse", "customer B1 withdrew on 2026-04-08", "B2"),
        ("PQ", "cpa_inactive", "CPA customer Q2 qualified on 2026-04-02", "Q1"),
        ("PK", "chargeback_share", "casino chargebacks of 25.00 USD against 125.00 USD", None),
        (
            "PR",
            "restricted_traffic",
            # R1 is PR's only registration: 1 of 1 = 1.00 > the 0.25 share limit -> scored
            "1 of 1 customers registered from countries the brand restricts",
            None,
        ),
        ("PS2", "self_referral", "same person_key as partner PS1", None),
        ("PS1", "self_referral", "same person_key as partner PS2", None),
    ],
)
def test_signal_fires_on_its_crafted_case_only(
    warehouse: Path, partner, signal, detail_has, detail_lacks
) -> None:
    rows = _signals(warehouse)
    mine = [d for p, s, d in rows if p == partner and s == signal]
    assert len(mine) == 1, rows
    assert detail_has in mine[0]
    if detail_lacks:
        assert detail_lacks not in mine[0]
    # each crafted partner trips its own signal and no other
    assert {s for p, s, _ in rows if p == partner} == {signal}


def test_clean_partner_has_no_signal(warehouse: Path) -> None:
    assert [r for r in _signals(warehouse) if r[0] == "PC"] == []


def test_payouts_of_clean_and_flagged_partners(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = {
            r[0]: r[1:]
            for r in con.execute(
                "select payout_id, amount, route, status, risk_score, hold_reasons, fx_rate_date, amount_usd "
                "from marts.mart_payouts"
            ).fetchall()
        }
    # PC April: revshare 97.50 EUR (risk_landing docstring); EUR payout, no conversion;
    # amount_usd 97.50 x 1.25 = 121.875 -> 121.88 (< 1000: auto). Rate of 1 April carried to 30 April.
    assert rows["PO-PC-2026-04"][:5] == (Decimal("97.50"), "auto", "pending", 0, None)
    assert str(rows["PO-PC-2026-04"][5]) == "2026-04-01"
    assert rows["PO-PC-2026-04"][6] == Decimal("121.88")
    # PC June: NGR 10 x 25% = 2.50
    assert rows["PO-PC-2026-06"][:3] == (Decimal("2.50"), "auto", "pending")
    # PS2 April: 50.00 EUR, self_referral (high = 50 points) -> held, routed to a manager
    assert rows["PO-PS2-2026-04"][:5] == (
        Decimal("50.00"),
        "manager",
        "held",
        50,
        "self_referral (1)",
    )
    # PS1 April: sub_partner 10% of 50.00 = 5.00, same signal
    assert rows["PO-PS1-2026-04"][:4] == (Decimal("5.00"), "manager", "held", 50)
    # PQ April: two CPAs of 100 = 200 EUR, cpa_inactive (medium = 25 < hold score 50): not
    # held, the signal shown in risk_signals only; 200 x 1.25 = 250 USD < 1000 -> auto
    assert rows["PO-PQ-2026-04"][:5] == (Decimal("200.00"), "auto", "pending", 25, None)


def test_signals_below_the_hold_score_are_shown_not_held(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = {
            r[0]: r[1:]
            for r in con.execute(
                "select payout_id, status, is_risk_hold, risk_signals from marts.mart_payouts "
                "where payout_id in ('PO-PQ-2026-04', 'PO-PS2-2026-04', 'PO-PC-2026-04')"
            ).fetchall()
        }
    assert rows["PO-PQ-2026-04"] == ("pending", False, "cpa_inactive (1)")
    assert rows["PO-PS2-2026-04"] == ("held", True, "self_referral (1)")
    assert rows["PO-PC-2026-04"] == ("pending", False, None)
