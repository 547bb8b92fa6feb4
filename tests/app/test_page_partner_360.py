"""Partner 360: statements, lines, sub-partner tree, deals, tier recommendation."""

from datetime import date
from decimal import Decimal

from app_testkit import open_page, page_text, write_serving


def _open_p1():
    at = open_page("partner_360.py", "manager")
    assert not at.exception
    return at.selectbox(key="p360_partner").set_value("P1").run()


def test_partner_360_statements_per_month(home):
    at = _open_p1()
    assert not at.exception
    statements = at.dataframe[0].value
    # May: cpa 100 + revshare 500 + sub_partner 40 = 640.00 EUR; April: revshare 200.00 EUR
    assert list(statements["total"]) == [Decimal("640.00"), Decimal("200.00")]
    assert "Alpha Media" in page_text(at)
    # P1's lines: L1, L2, L4 in May (the newest month, shown first), L6 in April; other
    # partners' lines (L3, L5) are absent
    assert sorted(at.dataframe[1].value["line_id"]) == ["L1", "L2", "L4"]
    at.selectbox(key="p360_month").set_value(date(2026, 4, 1)).run()
    assert list(at.dataframe[1].value["line_id"]) == ["L6"]


def test_partner_360_sub_partner_tree_and_deals(home):
    at = _open_p1()
    tree = at.dataframe[2].value
    # P2 directly under P1, P4 under P2
    assert list(zip(tree["partner_id"], tree["depth"])) == [("P2", 1), ("P4", 2)]
    # P2's May statement: 400.00 EUR; P4 has no statement
    assert tree.set_index("partner_id").at["P2", "total"] == Decimal("400.00")
    deals = at.dataframe[3].value
    # no deals mart published: versions from the lines, D1 v1 (April) and v2 (May)
    assert list(zip(deals["deal_id"], deals["deal_version"])) == [("D1", 1), ("D1", 2)]
    assert "Tier recommendations are not published" in page_text(at)


def test_partner_360_shows_tier_recommendation_when_published(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTNERLEDGER_HOME", str(tmp_path))
    write_serving(tmp_path, with_tiers=True)
    at = _open_p1()
    tier = at.dataframe[-1].value
    assert list(tier["recommended_tier"]) == ["gold"]
