"""Payments page (partner portal): history, payout details, payout requests, invoices."""

from datetime import date
from decimal import Decimal

import pytest
from app_testkit import open_page, page_text
from portal_testkit import portal_home  # noqa: F401 (the fixture below)

from app import portal_self_service as portal
from app.auth import Viewer
from partnerledger import csv_safety, ops_store
from partnerledger.ops_store import partner_requests

pytestmark = pytest.mark.usefixtures("portal_home")

IBAN = "DE89370400440532013000"  # the standard example IBAN (check digits valid)
P1 = Viewer(role="partner", partner_id="P1", login="partner-p1")


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def test_p1_sees_only_its_own_payouts_with_safe_status(home):
    at = open_page("portal_payments.py", "partner", "P1")
    assert not at.exception
    history = at.dataframe[0].value
    # June carried 60.00 below the threshold; May 640.00 payable (pending)
    assert list(history["period_month"].astype(str)) == ["2026-06-01", "2026-05-01"]
    assert list(history["amount"]) == [Decimal("0.00"), Decimal("640.00")]
    assert list(history["carried_forward"]) == [Decimal("60.00"), Decimal("0.00")]
    assert history["status"].iloc[1] == "Being processed"
    text = page_text(at)
    assert "PO-P3" not in text and "P3" not in history.to_csv()
    assert "route" not in history.columns and "risk_score" not in history.columns


def test_p3_held_for_fraud_reads_under_review_never_the_signal(home):
    at = open_page("portal_payments.py", "partner", "P3")
    history = at.dataframe[0].value
    assert list(history["amount"]) == [Decimal("100.00")]
    assert history["status"].iloc[0] == "Under review — no action needed"
    assert "fraud" not in page_text(at)


def test_changing_payout_details_holds_the_next_payout_for_review(home):
    at = open_page("portal_payments.py", "partner", "P1")
    at.text_input(key="pay_portal_account_holder").input("Alpha Media Ltd")
    at.text_input(key="pay_portal_iban").input("de89 3704 0044 0532 0130 00")
    at.text_input(key="pay_portal_bic").input("COBADEFFXXX")
    at = _button(at, "Save payout details").click().run()
    assert not at.exception
    flags = partner_requests.open_payout_flags(home)
    assert [(f["partner_id"], f["flag"]) for f in flags] == [("P1", "payout_details_changed")]
    assert ops_store.verify_chain(home) == []
    # May's unpaid payout now tells the partner why it waits (June's carried balance is not
    # payable anyway); the IBAN is masked
    status = list(at.dataframe[0].value["status"])
    assert status[0].startswith("Below your payout threshold")
    assert status[1] == "Payout details changed — confirm with your manager"
    assert "IBAN …3000" in page_text(at)
    assert IBAN not in page_text(at)


def test_invalid_iban_is_refused_and_nothing_is_written(home):
    at = open_page("portal_payments.py", "partner", "P1")
    at.text_input(key="pay_portal_account_holder").input("Alpha")
    at.text_input(key="pay_portal_iban").input("DE00370400440532013000")
    at.text_input(key="pay_portal_bic").input("COBADEFF")
    at = _button(at, "Save payout details").click().run()
    assert any("check digits" in e.value for e in at.error)
    assert partner_requests.payout_details(home, "P1") is None


def test_payout_request_over_the_available_balance_is_refused(home):
    partner_requests.set_payout_details(
        home,
        "P1",
        "bank_transfer",
        {"account_holder": "Alpha", "iban": IBAN, "bic": "COBADEFF"},
        actor="test",
    )
    at = open_page("portal_payments.py", "partner", "P1")
    # P1's June balance carried below the threshold: 60.00 EUR
    assert any(m.value == "60.00 EUR" for m in at.metric)
    at.text_input[-2].input("60.01")  # the amount field of the request form
    at = _button(at, "Request payout").click().run()
    assert any("more than your available balance of 60.00 EUR" in e.value for e in at.error)
    assert partner_requests.open_payout_requests(home) == []
    at.text_input[-2].input("60.00")
    at = _button(at, "Request payout").click().run()
    queue = partner_requests.open_payout_requests(home)
    assert [(r["partner_id"], r["amount"], r["currency"]) for r in queue] == [
        ("P1", "60.00", "EUR")
    ]


def test_p3_has_no_requestable_balance(home):
    # P3's newest payout is held, not carried below its threshold
    at = open_page("portal_payments.py", "partner", "P3")
    assert not at.metric
    assert "Nothing to request now" in page_text(at)


def test_invoice_lists_components_and_totals_and_escapes_html(home):
    # May: CPA 100.00 + RevShare 500.00 + sub-partner 40.00 = 640.00 EUR
    page = portal.invoice_html(P1, date(2026, 5, 1))
    assert "640.00" in page and "100.00" in page and "500.00" in page and "40.00" in page
    assert "Alpha Media" in page and "Payout currency: EUR" in page
    import duckdb

    with duckdb.connect(str(home / "serving.duckdb")) as con:
        con.execute(
            "update marts.dim_partners set display_name = '<script>alert(1)</script>' "
            "where partner_id = 'P1'"
        )
    page = portal.invoice_html(P1, date(2026, 5, 1))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_exports_neutralise_formula_cells():
    import pandas as pd

    df = pd.DataFrame({"a": ["=HYPERLINK(1)", "+1", "-2", "@x", "plain"], "n": [1, 2, 3, 4, 5]})
    lines = csv_safety.safe_csv(df).decode().splitlines()
    assert lines[1:] == ["'=HYPERLINK(1),1", "'+1,2", "'-2,3", "'@x,4", "plain,5"]


def test_portal_reads_refuse_a_staff_viewer():
    with pytest.raises(portal.NotAPartner):
        portal.payout_history(Viewer(role="manager", login="manager"))


def test_staff_cannot_open_the_page(home):
    at = open_page("portal_payments.py", "manager")
    assert any("for the partner role" in w.value for w in at.warning)
    assert not at.dataframe
