"""Overview page: cross-brand USD commissions, filters, top partners."""

from decimal import Decimal

from app_testkit import open_page, page_text


def test_overview_totals_all_months_in_usd(home):
    at = open_page("overview.py", "manager")
    assert not at.exception
    # 220 (April) + 110 + 550 + 44 + 440 + 100 (May) = 1,464.00 USD
    assert at.metric[0].value == "1,464.00"
    # two brands, six lines
    assert at.metric[1].value == "2"
    assert at.metric[2].value == "6"


def test_overview_month_and_vertical_filters(home):
    at = open_page("overview.py", "manager")
    at.selectbox(key="ov_month").select_index(0).run()  # newest month first: 2026-05
    # 110 + 550 + 44 + 440 + 100 = 1,244.00 USD
    assert at.metric[0].value == "1,244.00"
    top = at.dataframe[1].value
    # P1 in May: 110 + 550 + 44 = 704.00 USD, ahead of P2 440.00 and P3 100.00
    assert list(top["partner_id"]) == ["P1", "P2", "P3"]
    assert top["amount_usd"].iloc[0] == Decimal("704.00")

    at.selectbox(key="ov_vertical").set_value("forex").run()
    # forex = brand B2 only: P3's 100.00 USD
    assert at.metric[0].value == "100.00"
    assert list(at.dataframe[1].value["partner_id"]) == ["P3"]


def test_overview_is_not_for_partners(home):
    at = open_page("overview.py", "partner", "P2")
    assert not at.exception
    assert "This page is for the finance or manager role" in at.warning[0].value
    assert "P3" not in page_text(at)
