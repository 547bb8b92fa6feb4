"""Partner 360: statements, lines, sub-partner tree, deals, tier recommendation."""

import json
from datetime import date
from decimal import Decimal

from app_testkit import open_page, page_text, write_serving

from partnerledger import ops_store


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
    # the profile line: human labels, the threshold as money, no raw 8-decimal values or nan
    profile = at.caption[0].value
    assert "Payout threshold: 100.00" in profile and "KYC status: verified" in profile
    assert "00000000" not in profile and "nan" not in profile
    # the explanation where the eye looks first, the line id (a hash) last
    columns = list(at.dataframe[1].value.columns)
    assert columns[3] == "explanation" and columns[-1] == "line_id"
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
    # marts.dim_deal_versions: D1 v1 (RevShare) and v2 (CPA added from May)
    assert list(zip(deals["deal_id"], deals["deal_version"])) == [("D1", 1), ("D1", 2)]
    # mart_tier_recommendations is published without a row for P1
    assert "No tier recommendation for this partner." in page_text(at)


def test_partner_360_shows_tier_recommendation_when_published(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTNERLEDGER_HOME", str(tmp_path))
    write_serving(tmp_path, with_tiers=True)
    at = _open_p1()
    tier, segment = at.dataframe[-2].value, at.dataframe[-1].value
    assert list(tier["recommended_tier"]) == [2]  # band 2 of D1's revshare tiers
    assert list(segment["segment"]) == ["growing"]


# ---- deal amendments ------------------------------------------------------------------


def _open_p1_deals(tmp_path, monkeypatch, role: str):
    monkeypatch.setenv("PARTNERLEDGER_HOME", str(tmp_path))
    write_serving(tmp_path)
    at = open_page("partner_360.py", role)
    return at.selectbox(key="p360_partner").set_value("P1").run()


def _record(at, terms: str, reason: str):
    at.date_input(key="amend_from").set_value(date(2026, 7, 1))
    at.text_area(key="amend_terms_D1").input(terms)
    at.text_input(key="amend_reason").input(reason)
    return next(b for b in at.button if b.label == "Record amendment").click().run()


def test_a_manager_amends_a_deal_from_its_newest_version(tmp_path, monkeypatch):
    at = _open_p1_deals(tmp_path, monkeypatch, "manager")
    assert not at.exception
    deals = at.dataframe[3].value
    assert list(zip(deals["deal_version"], deals["source"])) == [(1, "landing"), (2, "landing")]
    # the form starts from v2's terms, as YAML
    terms = at.text_area(key="amend_terms_D1").value
    assert "amount: 100" in terms and "rate: 0.25" in terms
    at = _record(at, terms.replace("rate: 0.25", "rate: 0.3"), "Q2 review: RevShare 30%")
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Recorded version 3 of D1 from 2026-07-01; the next build prices with it."
    ]
    (entry,) = ops_store.deal_amendments(tmp_path)
    version = json.loads(entry["payload_json"])
    assert (entry["actor"], entry["role"], entry["reason"]) == (
        "app:manager",
        "manager",
        "Q2 review: RevShare 30%",
    )
    assert (version["version"], version["effective_from"], version["brand_id"]) == (
        3,
        "2026-07-01",
        "B1",
    )
    assert version["terms"]["revshare"]["tiers"] == [{"from": 0, "rate": 0.3}]
    assert version["terms"]["cpa"] == {"amount": 100, "window_days": 30}
    assert ops_store.verify_chain(tmp_path) == []
    # until the next build the version is listed as recorded, not yet priced
    at.run()
    pending = at.dataframe[4].value
    assert list(zip(pending["deal_id"], pending["version"])) == [("D1", 3)]


def test_an_invalid_amendment_is_refused_with_the_reason_and_not_recorded(tmp_path, monkeypatch):
    at = _open_p1_deals(tmp_path, monkeypatch, "manager")
    terms = at.text_area(key="amend_terms_D1").value.replace("rate: 0.25", "rate: abc")
    at = _record(at, terms, "typo")
    assert [e.value for e in at.error] == [
        "Amendment refused: terms.revshare.tiers[0].rate: 'abc' is not a decimal number"
    ]
    assert ops_store.deal_amendments(tmp_path) == []


def test_finance_sees_deal_history_but_cannot_amend(tmp_path, monkeypatch):
    at = _open_p1_deals(tmp_path, monkeypatch, "finance")
    assert not at.exception
    assert len(at.dataframe[3].value) == 2
    assert "Amend a deal" not in page_text(at)
    assert not [b for b in at.button if b.label == "Record amendment"]


def test_partner_360_tree_is_the_published_one(tmp_path, monkeypatch):
    # The app reads marts.dim_partner_tree and never walks parent links itself: without the
    # row (P4, P1, 2) P1's tree is P2 alone, although dim_partners still has P4 under P2.
    import duckdb

    monkeypatch.setenv("PARTNERLEDGER_HOME", str(tmp_path))
    path = write_serving(tmp_path)
    with duckdb.connect(str(path)) as con:
        con.execute("delete from marts.dim_partner_tree where partner_id = 'P4' and depth = 2")
    at = _open_p1()
    assert list(at.dataframe[2].value["partner_id"]) == ["P2"]
