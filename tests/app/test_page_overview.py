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


def _kpis(at) -> dict[str, tuple[str, str | None]]:
    return {m.label: (m.value, m.delta) for m in at.metric[3:]}


def test_overview_kpis_of_the_newest_month_against_the_month_before(home):
    # From marts.mart_partner_brand_monthly (app_testkit.MONTHLY_SQL), May against April:
    #   NGR 2,200 + 1,760 = 3,960.00 USD; April 880.00: +3,080.00
    #   FTDs P1 1 + P2 1 + P3 1 = 3; April 1: +2. CPAs 1; April 0: +1
    #   active partners P1, P2, P3 = 3; April P1, P3 (lots) = 2: +1
    #   cost per FTD (704 + 440 + 100) / 3 = 1,244 / 3 = 414.67; April 220 / 1 = 220.00: +194.67
    #   commission / NGR 1,244 / 3,960 = 0.3141 = 31.41%; April 220 / 880 = 25.00%: +6.41 pp
    at = open_page("overview.py", "manager")
    assert not at.exception
    assert _kpis(at) == {
        "NGR (USD)": ("3,960.00", "+3,080.00"),
        "FTDs": ("3", "+2"),
        "CPAs": ("1", "+1"),
        "Active partners": ("3", "+1"),
        "Cost per FTD (USD)": ("414.67", "+194.67"),
        "Commission / NGR": ("31.41%", "+6.41 pp"),
    }
    # forex (B2, P3) in May: no NGR, 1 FTD at 100.00 USD; April had no FTD: no change to show
    at.selectbox(key="ov_vertical").set_value("forex").run()
    kpis = _kpis(at)
    assert kpis["NGR (USD)"] == ("0.00", "+0.00")
    assert kpis["Cost per FTD (USD)"] == ("100.00", "")  # AppTest reads no delta as ""
    assert kpis["Commission / NGR"] == ("—", "")
    assert kpis["Active partners"] == ("1", "+0")
