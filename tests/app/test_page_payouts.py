"""Payouts page: filters, CSV export, decisions through the ops store respecting routes."""

from datetime import date
from decimal import Decimal

from app_testkit import open_page, page_text

from app import data
from partnerledger import ops_store


def test_payouts_lists_the_newest_month_and_exports_csv(home):
    at = open_page("payouts.py", "finance")
    assert not at.exception
    table = at.dataframe[1].value
    assert list(table["payout_id"]) == ["PO-P1-2026-05", "PO-P2-2026-05", "PO-P3-2026-05"]
    held = table.set_index("payout_id").loc["PO-P3-2026-05"]
    assert held["hold_reasons"] == "fraud flag on referred customers"
    assert held["risk_score"] == Decimal("0.80")
    # EUR payouts: 640.00 + 400.00 = 1,040.00; USD: 100.00
    by_currency = at.dataframe[0].value.set_index("payout_currency")["amount"]
    assert by_currency.to_dict() == {"EUR": Decimal("1040.00"), "USD": Decimal("100.00")}
    assert at.get("download_button")  # the export button is drawn


def test_csv_export_keeps_exact_amounts(home):
    # The bytes the export button serves: the published rows, amounts as exact decimals.
    csv = data.to_csv_bytes(data.payouts(date(2026, 5, 1))).decode()
    assert csv.splitlines()[0].startswith(
        "payout_id,partner_id,period_month,payout_currency,amount"
    )
    assert "PO-P1-2026-05,P1,2026-05-01,EUR,640.00,1,manager,pending," in csv


def test_status_filter_keeps_held_only(home):
    at = open_page("payouts.py", "finance")
    at.multiselect(key="pay_status").select("held").run()
    assert list(at.dataframe[1].value["payout_id"]) == ["PO-P3-2026-05"]


def test_manager_is_not_offered_finance_routed_payouts(home):
    at = open_page("payouts.py", "manager")
    assert at.multiselect(key="pay_ids").options == ["PO-P1-2026-05", "PO-P2-2026-05"]
    at_fin = open_page("payouts.py", "finance")
    assert "PO-P3-2026-05" in at_fin.multiselect(key="pay_ids").options


def test_decision_lands_in_ops_store(home):
    at = open_page("payouts.py", "manager")
    at.multiselect(key="pay_ids").select("PO-P1-2026-05")
    at.selectbox(key="pay_action").set_value("approve")
    at.text_input(key="pay_reason").input("checked statement against brand report")
    at.button(key="pay_record").click().run()
    assert not at.exception
    assert "Recorded approve on 1 payout(s)" in at.success[0].value

    recorded = ops_store.decisions_for(home, "P1", "2026-05")
    assert [(d["payout_id"], d["action"], d["role"], d["actor"]) for d in recorded] == [
        ("PO-P1-2026-05", "approve", "manager", "app:manager")
    ]
    assert recorded[0]["reason"] == "checked statement against brand report"
    assert ops_store.verify_chain(home) == []
    # the table shows the decision at once, over the published status
    table = at.dataframe[1].value.set_index("payout_id")
    assert table.at["PO-P1-2026-05", "status"] == "pending"
    assert table.at["PO-P1-2026-05", "current_status"] == "approved"


def test_decision_without_reason_is_refused(home):
    at = open_page("payouts.py", "finance")
    at.multiselect(key="pay_ids").select("PO-P3-2026-05")
    at.selectbox(key="pay_action").set_value("release")
    at.button(key="pay_record").click().run()
    assert "needs a reason" in at.error[0].value
    assert ops_store.decisions_for(home, "P3", "2026-05") == []


def test_payouts_is_not_for_partners(home):
    at = open_page("payouts.py", "partner", "P1")
    assert at.warning and not at.dataframe


def test_batch_approve_with_exceptions(home):
    # Manager: decidable are P1 (manager route) and P2 (auto), both pending; P3 is
    # finance-routed and held. Batch approve with P2 picked as the exception -> only P1.
    at = open_page("payouts.py", "manager")
    at.selectbox(key="pay_action").set_value("batch_approve").run()
    assert "Approves the 2 pending payout(s)" in page_text(at)
    at.multiselect(key="pay_ids").select("PO-P2-2026-05")
    at.text_input(key="pay_reason").input("month-end batch; P2 waits for the brand report")
    at.button(key="pay_record").click().run()
    assert not at.exception
    assert "Recorded batch_approve on 1 payout(s)" in at.success[0].value
    assert [
        (d["payout_id"], d["action"]) for d in ops_store.decisions_for(home, "P1", "2026-05")
    ] == [("PO-P1-2026-05", "batch_approve")]
    assert ops_store.decisions_for(home, "P2", "2026-05") == []
    assert ops_store.decisions_for(home, "P3", "2026-05") == []
