"""Segments page: segment x brand x vertical performance, filters, drill-down, tier reviews.

The monthly rows are app_testkit.MONTHLY_SQL; the segments and the tier recommendations below
(real mart_tier_recommendations columns). Worked by hand, window of 1 month ending 2026-05
against 2026-04 (revenue = NGR + trading revenue + challenge fees, USD):
  growing (P1): revenue 2,200.00, commission 704.00, cost ratio 704 / 2,200 = 0.32, 1 active
                partner, 1 FTD; previous 880.00: growth (2,200 - 880) / 880 = 1.5
  stable  (P2): revenue 1,760.00, commission 440.00, ratio 440 / 1,760 = 0.25; previous 0:
                growth unknown (no base)
  top     (P3): trading revenue 125.00, commission 100.00, ratio 0.8, 12.5 lots; previous
                50.00: growth (125 - 50) / 50 = 1.5
"""

import json
from datetime import date
from decimal import Decimal

import duckdb
import pandas as pd
import pytest
from app_testkit import PAGES, open_page, page_text, sign_in, write_serving
from streamlit.testing.v1 import AppTest

from partnerledger import ops_store

SEGMENTS_SQL = """
insert into marts.mart_partner_segments values
    ('P1', 'Alpha Media', 'growing', 'score up 150% on the window before', 'growing'),
    ('P2', 'Beta Sub', 'stable', 'no previous score', 'stable'),
    ('P3', 'Gamma IB', 'top', 'top 10% by score', 'growing'),
    ('P4', 'Delta Sub-sub', 'dormant', 'no activity in 3 months', 'stable');
-- mart_tier_recommendations: the published shape of tests/app/app_testkit.py
insert into marts.mart_tier_recommendations values
    ('P1', 'B1', 'D1', 2, 'revshare_ngr', '2026-05-01', 1, 2, 'upgrade',
     'NGR EUR in 2026-05: 2000.00 -> band 1 (25.00%). Every average sits above band 1: '
     || 'upgrade to band 2 (from 10000.00, 30.00%).', 'EUR', 'NGR EUR', 2000, 0, 0.25,
     12000, 10000, 0.30, '2026-05 12000.00 (band 2)'),
    ('P3', 'B2', 'D3', 1, 'volume_lots', '2026-05-01', 1, 2, 'upgrade',
     'closed lots in 2026-05: 12.50 -> band 1. Every average sits above band 1: upgrade to '
     || 'band 2 (from 50.00).', 'USD', 'closed lots', 12.5, 0, null, 60, 50, null,
     '2026-05 60.00 (band 2)'),
    ('P2', 'B1', 'D2', 1, 'revshare_ngr', '2026-05-01', 1, 1, 'keep', 'keep band 1', 'EUR',
     'NGR EUR', 1600, 0, 0.25, 1600, 0, 0.25, '2026-05 1600.00 (band 1)');
"""


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTNERLEDGER_HOME", str(tmp_path))
    path = write_serving(tmp_path)
    with duckdb.connect(str(path)) as con:
        con.execute(SEGMENTS_SQL)
    return tmp_path


def _rows(df, *columns):
    return [tuple(r) for r in df[list(columns)].itertuples(index=False)]


def test_segments_by_segment_with_cost_ratio_and_growth(workspace):
    at = open_page("segments.py", "manager")
    assert not at.exception
    seg = at.dataframe[0].value
    assert _rows(seg, "segment", "revenue_usd", "commissions_usd", "active_partners", "ftds") == [
        ("growing", Decimal("2200.00"), Decimal("704.00"), 1, 1),
        ("stable", Decimal("1760.00"), Decimal("440.00"), 1, 1),
        ("top", Decimal("125.00"), Decimal("100.00"), 1, 1),
    ]
    s = seg.set_index("segment")
    assert s.at["growing", "cost_ratio"] == Decimal("0.3200")
    assert s.at["growing", "growth"] == Decimal("1.5000")
    assert s.at["top", "trading_revenue_usd"] == Decimal("125.00")
    assert s.at["top", "lots"] == Decimal("12.50")
    assert s.at["top", "cost_ratio"] == Decimal("0.8000")
    assert s.at["stable", "previous_revenue_usd"] == Decimal("0.00")
    assert pd.isna(s.at["stable", "growth"])
    # segments x verticals x brands
    by_brand = at.dataframe[1].value
    assert _rows(by_brand, "segment", "vertical", "brand_id") == [
        ("growing", "igaming", "B1"),
        ("stable", "igaming", "B1"),
        ("top", "forex", "B2"),
    ]
    # tier recommendations, with the metric and the rule that triggered each
    tiers = at.dataframe[-1].value
    # P2's `keep` is not a recommendation to act on
    assert _rows(tiers, "partner_id", "recommendation", "current_tier", "recommended_tier") == [
        ("P1", "upgrade", 1, 2),
        ("P3", "upgrade", 1, 2),
    ]
    assert "Every average sits above band 1: upgrade to band 2" in tiers["reasons"].iloc[0]
    assert list(tiers["metric_label"]) == ["NGR EUR", "closed lots"]
    # every table shown has its CSV export: by segment, by segment and brand, tiers
    assert [b.proto.label for b in at.get("download_button")] == ["Export CSV"] * 3


def test_filters_change_the_numbers(workspace):
    at = open_page("segments.py", "manager")
    at.selectbox(key="seg_vertical").set_value("forex").run()
    assert list(at.dataframe[0].value["segment"]) == ["top"]
    at.selectbox(key="seg_vertical").set_value(None)
    at.selectbox(key="seg_country").set_value("DE").run()
    assert _rows(at.dataframe[0].value, "segment", "revenue_usd") == [
        ("stable", Decimal("1760.00"))
    ]
    at.selectbox(key="seg_country").set_value(None)
    at.selectbox(key="seg_type").set_value("ib").run()
    assert list(at.dataframe[0].value["segment"]) == ["top"]
    at.selectbox(key="seg_type").set_value(None)
    # 3 months ending 2026-05 (March to May) against December to February (no data):
    # P1 880 + 2,200 = 3,080.00 revenue, 220 + 704 = 924.00 cost, ratio 924 / 3,080 = 0.3;
    # P3 50 + 125 = 175.00, 17.5 lots, ratio 100 / 175 = 0.5714
    at.selectbox(key="seg_window").set_value(3).run()
    s = at.dataframe[0].value.set_index("segment")
    assert (s.at["growing", "revenue_usd"], s.at["growing", "commissions_usd"]) == (
        Decimal("3080.00"),
        Decimal("924.00"),
    )
    assert s.at["growing", "cost_ratio"] == Decimal("0.3000")
    assert (s.at["top", "lots"], s.at["top", "cost_ratio"]) == (Decimal("17.50"), Decimal("0.5714"))
    # April alone: P1 880.00 at cost 220.00; P2 inactive (0 active partners); P3 50.00, no cost
    at.selectbox(key="seg_window").set_value(1)
    at.selectbox(key="seg_until").set_value(date(2026, 4, 1)).run()
    assert _rows(at.dataframe[0].value, "segment", "revenue_usd", "active_partners") == [
        ("growing", Decimal("880.00"), 1),
        ("top", Decimal("50.00"), 1),
        ("stable", Decimal("0.00"), 0),
    ]


def test_drill_down_to_partners_and_partner_360(workspace):
    at = open_page("segments.py", "manager")
    at.selectbox(key="seg_drill").set_value("growing").run()
    partners = at.dataframe[2].value
    assert _rows(partners, "partner_id", "revenue_usd", "commissions_usd") == [
        ("P1", Decimal("2200.00"), Decimal("704.00"))
    ]
    at.selectbox(key="seg_partner").set_value("P1").run()
    (link,) = at.get("link_button")
    assert link.proto.url == "/partner_360?partner=P1"
    # the link opens Partner 360 on P1: May's 640.00 EUR statement first
    p360 = sign_in(AppTest.from_file(str(PAGES / "partner_360.py"), default_timeout=60), "manager")
    p360.query_params["partner"] = "P1"
    p360.run()
    assert p360.selectbox(key="p360_partner").value == "P1"
    assert p360.dataframe[0].value["total"].iloc[0] == Decimal("640.00")


def test_accepting_a_tier_records_a_deal_amendment_and_an_audited_review(workspace):
    at = open_page("segments.py", "manager")
    at.selectbox(key="tier_pick").set_value(0).run()
    at.date_input(key="tier_from").set_value(date(2026, 7, 1))
    at.text_input(key="tier_reason").input("sustained NGR above 10k")
    at = next(b for b in at.button if b.label == "Accept").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Accepted: version 3 of D1 recorded from 2026-07-01; the next build prices with it."
    ]
    (amendment,) = ops_store.deal_amendments(workspace)
    version = json.loads(amendment["payload_json"])
    # band 2 locked: one band from 0 at 30%; the CPA of v2 kept
    assert version["terms"]["revshare"]["tiers"] == [{"from": 0, "rate": 0.3}]
    assert version["terms"]["cpa"] == {"amount": 100, "window_days": 30}
    assert (version["version"], version["effective_from"]) == (3, "2026-07-01")
    (review,) = ops_store.tier_reviews(workspace)
    assert (
        review["event"],
        review["partner_id"],
        review["deal_id"],
        review["amendment_version"],
    ) == (
        "accepted",
        "P1",
        "D1",
        "3",
    )
    assert review["actor"] == "app:manager" and review["reason"] == "sustained NGR above 10k"
    assert ops_store.verify_chain(workspace) == []
    # no longer open
    at.run()
    assert list(at.dataframe[-1].value["partner_id"]) == ["P3"]


def test_dismissing_a_tier_needs_a_reason_and_is_audited(workspace):
    at = open_page("segments.py", "manager")
    at.selectbox(key="tier_pick").set_value(1).run()  # P3's volume tier: nothing to lock
    assert next(b for b in at.button if b.label == "Accept").disabled
    at = next(b for b in at.button if b.label == "Dismiss").click().run()
    assert [e.value for e in at.error] == [
        "Not recorded: a tier review needs a reason: it is kept in the audit log"
    ]
    assert ops_store.tier_reviews(workspace) == []
    at.text_input(key="tier_reason").input("one-off spike, talk in Q3")
    at = next(b for b in at.button if b.label == "Dismiss").click().run()
    (review,) = ops_store.tier_reviews(workspace)
    assert (review["event"], review["partner_id"], review["reason"]) == (
        "dismissed",
        "P3",
        "one-off spike, talk in Q3",
    )
    assert ops_store.deal_amendments(workspace) == []
    assert ops_store.verify_chain(workspace) == []


def test_finance_reads_but_cannot_review_and_partners_are_refused(workspace):
    at = open_page("segments.py", "finance")
    assert not at.exception
    assert len(at.dataframe[0].value) == 3
    assert not [b for b in at.button if b.label in ("Accept", "Dismiss")]
    assert "Managers accept or dismiss tier recommendations." in page_text(at)
    at = open_page("segments.py", "partner", "P1")
    assert "This page is for the finance or manager role" in at.warning[0].value
    assert "Gamma IB" not in page_text(at)
