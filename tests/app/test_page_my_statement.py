"""Partner portal: a partner sees only its own data, and no PII of its sub-partners."""

from decimal import Decimal

from app_testkit import open_page, page_text

PII = ("@example.com", "PK-1", "PK-2", "PK-3", "PK-4", "CUST-3", "CUST-4")


def test_partner_sees_own_statement_and_lines(home):
    at = open_page("my_statement.py", "partner", "P1")
    assert not at.exception
    # May (newest): cpa 100 + revshare 500 + sub_partner 40 = 640.00 EUR
    assert at.metric[0].value == "640.00"
    lines = at.dataframe[2].value
    assert sorted(lines["component"]) == ["cpa", "revshare", "sub_partner"]
    revshare = lines.set_index("component").loc["revshare"]
    # basis 2,000 NGR EUR x rate 0.25 = 500.00
    assert (revshare["basis_amount"], revshare["rate"], revshare["amount"]) == (
        Decimal("2000.00000000"),
        Decimal("0.25000000"),
        Decimal("500.00"),
    )
    assert revshare["explanation"] == "RevShare 25% of NGR 2000.00 EUR"
    payout = at.dataframe[1].value  # shown without the operator's internal columns
    assert list(payout.columns) == ["period_month", "amount", "payout_currency", "status"]
    text = page_text(at)
    assert "P3" not in text and "Gamma" not in text  # another partner's rows are absent


def test_partner_sees_sub_partner_totals_without_pii(home):
    at = open_page("my_statement.py", "partner", "P1")
    tree = at.dataframe[-1].value.set_index("display_name")
    # P2's May total 400.00 EUR, one attributed customer (CUST-3) shown only as a count
    assert tree.at["Beta Sub", "total"] == Decimal("400.00")
    assert tree.at["Beta Sub", "customers"] == 1
    assert tree.at["Delta Sub-sub", "depth"] == 2
    text = page_text(at)
    for secret in PII:
        assert secret not in text


def test_sub_partner_does_not_see_its_master(home):
    at = open_page("my_statement.py", "partner", "P2")
    assert not at.exception
    # P2 May: revshare 400.00 EUR
    assert at.metric[0].value == "400.00"
    text = page_text(at)
    for other in ("P1", "Alpha", "P3", "640.00"):
        assert other not in text


def test_nobody_signed_in_sees_nothing(home):
    # A partner's id comes from its user record (a partner user cannot exist without one,
    # tests/payouts/test_users.py); opened without signing in, the page shows nothing.
    at = open_page("my_statement.py", None)
    assert "Sign in to see this page" in at.warning[0].value
    assert not at.dataframe and not at.metric


def test_managers_use_partner_360_not_the_portal(home):
    at = open_page("my_statement.py", "manager")
    assert at.warning and not at.dataframe
