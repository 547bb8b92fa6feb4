"""Partner portal dashboard: this month and last, commission by component, the next payout.

Figures of tests/app/app_testkit.py, worked by hand there: P1 May 1,234 clicks, 2
registrations, 1 FTD, 1 qualified CPA; April 10 clicks, 1 registration, 1 FTD. P1 May
statement cpa 100 + revshare 500 + sub_partner 40 = 640.00 EUR, April revshare 200.00 EUR;
P2 May 70 clicks and revshare 400.00 EUR. Payouts: P1 May 640.00 EUR pending, P2 May 400.00
EUR pending, nothing carried forward.
"""

from decimal import Decimal

import duckdb
from app_testkit import PAGES, open_page, page_text, set_language, sign_in
from streamlit.testing.v1 import AppTest

NBSP = "\xa0"


def _metrics(at) -> list[tuple[str, str]]:
    return [(m.label, m.value) for m in at.metric]


def test_p1_sees_this_month_and_last(home):
    at = open_page("portal_dashboard.py", "partner", "P1")
    assert not at.exception
    metrics = _metrics(at)
    # this month (May) first, then last month (April), six measures each
    assert metrics[:4] == [
        ("Clicks", "1,234"),
        ("Registrations", "2"),
        ("First deposits", "1"),
        ("Qualified CPAs", "1"),
    ]
    assert metrics[6:10] == [
        ("Clicks", "10"),
        ("Registrations", "1"),
        ("First deposits", "1"),
        ("Qualified CPAs", "0"),
    ]
    total = next(m for m in at.metric if m.label == "Total EUR")
    # 640.00 this month, 640.00 - 200.00 = 440.00 more than April
    assert (total.value, total.proto.delta) == ("€640.00", "€440.00")
    components = at.dataframe[0].value
    assert components.values.tolist() == [
        ["CPA", "€100.00", "€0.00"],
        ["Revenue share", "€500.00", "€200.00"],
        ["Sub-partner share", "€40.00", "€0.00"],
    ]
    assert dict(metrics)["Next expected payout"] == "€640.00"
    assert dict(metrics)["Pending balance"] == "€0.00"
    text = page_text(at)
    assert "May 2026: awaiting approval (as published)" in text
    assert "Data last refreshed: Jun 1, 2026, 8:00:00" in text  # main.published_at
    assert len(at.get("plotly_chart")) == 2


def test_dashboard_total_equals_the_statement_mart(home):
    at = open_page("portal_dashboard.py", "partner", "P1")
    with duckdb.connect(str(home / "serving.duckdb"), read_only=True) as con:
        (total,) = con.execute(
            "select sum(total) from marts.fct_partner_monthly_statement "
            "where partner_id = 'P1' and period_month = '2026-05-01'"
        ).fetchone()
    assert total == Decimal("640.00")
    assert next(m for m in at.metric if m.label == "Total EUR").value == f"€{total:,.2f}"


def test_p2_sees_its_own_figures_only(home):
    at = open_page("portal_dashboard.py", "partner", "P2")
    assert not at.exception
    assert _metrics(at)[0] == ("Clicks", "70")
    assert next(m for m in at.metric if m.label == "Total EUR").value == "€400.00"
    text = page_text(at)
    for other in ("Alpha", "640", "1,234", "Gamma", "P3"):
        assert other not in text


def test_query_params_and_session_state_cannot_switch_the_partner(home):
    at = AppTest.from_file(str(PAGES / "portal_dashboard.py"), default_timeout=60)
    sign_in(at, "partner", "P2")
    at.query_params["partner_id"] = "P1"
    at.session_state["partner_id"] = "P1"
    at.session_state["role"] = "manager"
    at.run()
    assert not at.exception
    assert next(m for m in at.metric if m.label == "Total EUR").value == "€400.00"
    assert "Alpha" not in page_text(at)


def test_portuguese_dashboard_shows_portuguese_labels_and_numbers(home):
    set_language(home, "partner", "P1", "pt_BR")
    at = open_page("portal_dashboard.py", "partner", "P1")
    assert not at.exception
    assert at.title[0].value == "Painel"
    assert _metrics(at)[0] == ("Cliques", "1.234")
    # babel pt_BR: the symbol, a no-break space, dot thousands, comma decimals
    assert next(m for m in at.metric if m.label == "Total EUR").value == f"€{NBSP}640,00"
    assert at.dataframe[0].value.values.tolist()[1] == [
        "Participação na receita",
        f"€{NBSP}500,00",
        f"€{NBSP}200,00",
    ]
    assert "maio 2026: aguardando aprovação (conforme publicado)" in page_text(at)


def test_the_language_switch_updates_the_user(home):
    from partnerledger.ops_store import users

    at = open_page("portal_dashboard.py", "partner", "P1")
    assert users.user(home, "partner-p1")["language"] == "en"
    at.sidebar.selectbox[0].select("pt_BR").run()
    assert not at.exception
    assert users.user(home, "partner-p1")["language"] == "pt_BR"
    assert at.title[0].value == "Painel"


def test_nobody_and_managers_see_no_portal(home):
    at = open_page("portal_dashboard.py", None)
    assert "Sign in to see this page" in at.warning[0].value
    at = open_page("portal_dashboard.py", "manager")
    assert at.warning and not at.metric and not at.dataframe
