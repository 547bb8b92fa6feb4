"""The segment and tier marts on a real tiny warehouse (generated data + hand-made partners).

Expected outcomes are worked by hand in segments_landing.py's docstring."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from tests.dbt_segments.conftest import query

OCTOBER = dt.date(2026, 10, 1)
SEGMENTS = {"at_risk", "new", "dormant", "top", "growing", "declining", "stable"}


def test_segments_have_one_row_per_partner_with_a_segment(segments_warehouse: Path) -> None:
    partners = {
        r[0] for r in query(segments_warehouse, "select partner_id from marts.dim_partners")
    }
    rows = query(
        segments_warehouse,
        "select partner_id, segment, segment_reason from marts.mart_partner_segments",
    )
    # 40 generated partners + P-SEG1..3
    assert len(partners) == 43
    assert len(rows) == len(partners)
    assert {r[0] for r in rows} == partners
    assert all(r[1] in SEGMENTS and r[2] for r in rows)


def test_reference_month_is_the_last_complete_month(segments_warehouse: Path) -> None:
    # the last event is on 2026-10-31, the last day of October -> October is complete
    months = query(
        segments_warehouse, "select distinct as_of_month from marts.mart_partner_segments"
    )
    assert months == [(OCTOBER,)]


def test_history_has_every_partner_every_month(segments_warehouse: Path) -> None:
    (partners, months, rows) = query(
        segments_warehouse,
        "select count(distinct partner_id), count(distinct period_month), count(*) "
        "from marts.mart_partner_segments_monthly",
    )[0]
    assert rows == partners * months
    # generated data runs 2026-07..2026-10: four months
    assert months == 4


def test_constructed_partners_get_their_hand_worked_segments(segments_warehouse: Path) -> None:
    rows = {
        r[0]: r[1:]
        for r in query(
            segments_warehouse,
            "select partner_id, segment, score_rank, last_active_month, ngr_usd "
            "from marts.mart_partner_segments where partner_id like 'P-SEG%'",
        )
    }
    # P-SEG1: recent NGR 20000 + 20000 + 5000 = 45000 GBP, far above any generated partner
    assert rows["P-SEG1"][0] == "top"
    assert rows["P-SEG1"][1] == 1
    assert rows["P-SEG1"][3] > Decimal(45000)  # GBP is worth more than a dollar
    # P-SEG2: only July -> July <= October - 3 months -> dormant
    assert rows["P-SEG2"][0] == "dormant"
    assert rows["P-SEG2"][2] == dt.date(2026, 7, 1)
    # P-SEG3: joined 2026-09-15 -> new
    assert rows["P-SEG3"][0] == "new"


def test_constructed_revshare_partner_is_upgraded_to_band_2(segments_warehouse: Path) -> None:
    row = query(
        segments_warehouse,
        "select tier_program, current_tier, recommended_tier, recommendation, current_metric_value, "
        "average_metric_value, current_rate, recommended_rate, recommended_tier_from, reasons "
        "from marts.mart_tier_recommendations where partner_id = 'P-SEG1' and brand_id = 'B-SPORT'",
    )
    assert len(row) == 1
    program, current, recommended, decision, metric, average, rate, new_rate, new_from, reasons = (
        row[0]
    )
    assert program == "revshare_ngr"
    # October NGR 6000 - 1000 = 5000 GBP < 10000 -> band 1 at 25%
    assert (current, metric, rate) == (1, Decimal(5000), Decimal("0.25"))
    # Oct rolling average (20000 + 20000 + 5000) / 3 = 15000 -> band 2 (from 10000, 30%)
    assert average == Decimal(15000)
    assert (decision, recommended, new_from, new_rate) == (
        "upgrade",
        2,
        Decimal(10000),
        Decimal("0.30"),
    )
    assert reasons.startswith("NGR GBP in 2026-10: 5000.00 -> band 1 (25.00%).")
    assert reasons.endswith("upgrade to band 2 (from 10000.00, 30.00%).")


def test_every_recommendation_agrees_with_its_direction(segments_warehouse: Path) -> None:
    rows = query(
        segments_warehouse,
        "select partner_id, brand_id, current_tier, recommended_tier, recommendation "
        "from marts.mart_tier_recommendations",
    )
    assert rows
    for partner_id, brand_id, current, recommended, decision in rows:
        expected = {
            "upgrade": recommended > current,
            "downgrade": recommended < current,
            "keep": recommended == current,
        }
        assert expected[decision], (partner_id, brand_id, current, recommended, decision)
