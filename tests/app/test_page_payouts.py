"""Payouts page: filters, CSV export, decisions through the ops store respecting routes.

Every status the page shows, filters on, totals and exports is the current one
(ops_store.current_payouts): a decision recorded here shows at once, before the next build.
"""

from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from app_testkit import open_page, page_text
from streamlit.testing.v1 import AppTest

from app import data
from partnerledger import ops_cli, ops_store

CSV_HEADER = (
    "payout_id,partner_id,period_month,payout_currency,amount,brand_count,route,status,"
    "hold_reasons,risk_score,fx_rate_date"
)


@pytest.fixture
def home(home: Path) -> Path:
    """The published home of app_testkit, its mart_payouts with the columns the build publishes
    for the current status: what each decision would make of each payout (macro
    payout_status_after) and the last decision the build saw (none: seq 0). All three payouts
    have something to pay; P3 is held for a signal, so a release makes it pending."""
    with duckdb.connect(str(home / "serving.duckdb")) as con:
        con.execute(
            "create or replace table marts.mart_payouts as select payout_id, partner_id, "
            "period_month, payout_currency, amount, brand_count, route, status, hold_reasons, "
            "risk_score, fx_rate_date, 'approved' as status_after_approve, "
            "'rejected' as status_after_reject, 'held' as status_after_hold, "
            "'pending' as status_after_release, cast(0 as bigint) as decisions_seen_through_seq "
            "from marts.mart_payouts"
        )
    return home


def served_url(data: bytes, file_name: str) -> str:
    """Where Streamlit serves these bytes for download: it names a file by a hash of its
    content, type and name, so two buttons with one URL serve the same bytes."""

    def button(data: bytes, file_name: str) -> None:
        import streamlit as st

        st.download_button("x", data=data, file_name=file_name, mime="text/csv")

    return AppTest.from_function(button, args=(data, file_name)).run().download_button[0].proto.url


def decide(at: AppTest, action: str, ids: list[str], reason: str) -> AppTest:
    at.selectbox(key="pay_action").set_value(action).run()
    at.multiselect(key="pay_ids").set_value(ids)
    at.text_input(key="pay_reason").input(reason)
    return at.button(key="pay_record").click().run()


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
    # the table shows the decision at once (published: pending)
    table = at.dataframe[1].value.set_index("payout_id")
    assert table.at["PO-P1-2026-05", "status"] == "approved"


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
    # nothing recorded before the confirmation: P1 alone, EUR 640.00
    assert "Approve 1 payout(s)? EUR 640.00." in at.warning[0].value
    assert ops_store.decisions_for(home, "P1", "2026-05") == []
    at.button(key="pay_confirm").click().run()
    assert not at.exception
    assert "Recorded batch_approve on 1 payout(s)" in at.success[0].value
    assert [
        (d["payout_id"], d["action"]) for d in ops_store.decisions_for(home, "P1", "2026-05")
    ] == [("PO-P1-2026-05", "batch_approve")]
    assert ops_store.decisions_for(home, "P2", "2026-05") == []
    assert ops_store.decisions_for(home, "P3", "2026-05") == []


def test_hold_then_batch_approval_show_in_filters_totals_and_the_export(home):
    # Finance holds P1 (640.00 EUR), then batch-approves every pending payout shown: P2
    # (400.00 EUR) only, P1 being held now and P3 held (signal) as published.
    at = open_page("payouts.py", "finance")
    at = decide(at, "hold", ["PO-P1-2026-05"], "brand report missing")
    assert "Recorded hold on 1 payout(s)" in at.success[0].value
    at = decide(at, "batch_approve", [], "month-end batch")
    at = at.button(key="pay_confirm").click().run()
    assert not at.exception
    assert "Recorded batch_approve on 1 payout(s)" in at.success[0].value

    table = at.dataframe[1].value.set_index("payout_id")["status"]
    assert table.to_dict() == {
        "PO-P1-2026-05": "held",
        "PO-P2-2026-05": "approved",
        "PO-P3-2026-05": "held",
    }
    # the downloaded file: every payout with its current status, amounts exact
    export = at.download_button(key="pay_export").proto.url
    assert export == served_url(
        (
            f"{CSV_HEADER}\n"
            "PO-P1-2026-05,P1,2026-05-01,EUR,640.00,1,manager,held,,0.20,2026-05-31\n"
            "PO-P2-2026-05,P2,2026-05-01,EUR,400.00,1,auto,approved,,0.10,2026-05-31\n"
            "PO-P3-2026-05,P3,2026-05-01,USD,100.00,1,finance,held,"
            "fraud flag on referred customers,0.80,2026-05-31\n"
        ).encode(),
        "payouts_2026-05.csv",
    )

    # Filtered on approved: P2 alone, totals EUR 400.00 and no USD; the export follows.
    at.multiselect(key="pay_status").select("approved").run()
    assert list(at.dataframe[1].value["payout_id"]) == ["PO-P2-2026-05"]
    by_currency = at.dataframe[0].value.set_index("payout_currency")["amount"]
    assert by_currency.to_dict() == {"EUR": Decimal("400.00")}
    assert at.metric[0].value == "1"
    assert at.download_button(key="pay_export").proto.url == served_url(
        f"{CSV_HEADER}\n"
        "PO-P2-2026-05,P2,2026-05-01,EUR,400.00,1,auto,approved,,0.10,2026-05-31\n".encode(),
        "payouts_2026-05.csv",
    )
    # held: P1 640.00 EUR and P3 100.00 USD
    at.multiselect(key="pay_status").set_value(["held"]).run()
    by_currency = at.dataframe[0].value.set_index("payout_currency")["amount"]
    assert by_currency.to_dict() == {"EUR": Decimal("640.00"), "USD": Decimal("100.00")}


def test_the_app_and_the_cli_refuse_the_same_decisions(home, capsys):
    # A manager may decide P1 (manager route) and P2 (auto), never P3 (finance), whatever the
    # action: the app does not offer P3, and the CLI refuses it with the policy's message.
    at = open_page("payouts.py", "manager")
    for action in ("approve", "reject", "hold", "release"):
        at.selectbox(key="pay_action").set_value(action).run()
        assert at.multiselect(key="pay_ids").options == ["PO-P1-2026-05", "PO-P2-2026-05"]
        argv = ["payouts", action, "PO-P3-2026-05", "--reason", "x", "--actor", "ann"]
        assert ops_cli.main([*argv, "--role", "manager", "--home", str(home)]) == 1
        (row,) = ops_store.current_payouts(home, payout_ids=["PO-P3-2026-05"])
        assert capsys.readouterr().err == f"error: {ops_store.refusal('manager', action, row)}\n"
    assert ops_store.decisions_for(home, "P3", "2026-05") == []


def test_approving_below_threshold_is_refused_alike_in_the_app_and_the_cli(home, capsys):
    # P4: nothing to pay this month (40.00 EUR carried), published below_threshold.
    with duckdb.connect(str(home / "serving.duckdb")) as con:
        con.execute(
            "insert into marts.mart_payouts values ('PO-P4-2026-05', 'P4', '2026-05-01', "
            "'EUR', 0, 1, 'auto', 'below_threshold', null, 0, '2026-05-31', 'approved', "
            "'rejected', 'held', 'below_threshold', 0)"
        )
    (row,) = ops_store.current_payouts(home, payout_ids=["PO-P4-2026-05"])
    refusal = ops_store.refusal("finance", "approve", row)
    assert "below the partner's payout threshold" in refusal
    at = open_page("payouts.py", "finance")
    at = decide(at, "approve", ["PO-P4-2026-05"], "ok")
    assert at.error[0].value == f"Decision refused: {refusal}"
    argv = ["payouts", "approve", "PO-P4-2026-05", "--reason", "ok", "--actor", "fin"]
    assert ops_cli.main([*argv, "--role", "finance", "--home", str(home)]) == 1
    assert capsys.readouterr().err == f"error: {refusal}\n"
    assert ops_store.decisions_for(home, "P4", "2026-05") == []


def test_batch_approval_shows_count_and_totals_and_can_be_cancelled(home):
    # Finance may decide all three; pending are P1 640.00 EUR and P2 400.00 EUR (P3 is held):
    # 2 payouts, EUR 640.00 + 400.00 = 1,040.00.
    at = open_page("payouts.py", "finance")
    at = decide(at, "batch_approve", [], "month-end batch")
    assert at.warning[0].value.startswith("Approve 2 payout(s)? EUR 1,040.00.")
    at.button(key="pay_cancel").click().run()
    assert not at.warning and ops_store.verify_chain(home) == []
    assert ops_store.decisions_for(home, "P1", "2026-05") == []
    at.button(key="pay_record").click().run()
    at.button(key="pay_confirm").click().run()
    assert "Recorded batch_approve on 2 payout(s)" in at.success[0].value


def test_payment_file_and_settlement_on_the_page(home):
    from partnerledger.ops_store import chain, partner_requests

    partner_requests.set_payout_details(
        home, "P2", "e_wallet", {"provider": "skrill", "wallet_email": "p2@example.com"}, actor="P2"
    )
    partner_requests.clear_payout_flag(
        home, "P2", partner_requests.DETAILS_CHANGED, "confirmed", actor="fin", role="finance"
    )
    at = open_page("payouts.py", "finance")
    at = decide(at, "approve", ["PO-P2-2026-05", "PO-P1-2026-05"], "ok")
    # P2 400.00 EUR has confirmed details; P1 has none and is left out
    assert "Left out P1: no payout details on record" in page_text(at)
    at.button(key="pay_file").click().run()
    assert "Recorded payment file PF0001: 1 line(s)." in at.success[0].value
    (entry,) = chain.entries(home, "payment_files")
    assert (entry["actor"], entry["role"]) == ("app:finance", "finance")
    assert at.download_button(key="pay_file_download")
    at.text_area(key="pay_settlement_text").input(
        "reference,amount,currency,status\nPF0001-P2-EUR,400.00,EUR,paid\n"
    )
    at.button(key="pay_settle").click().run()
    assert "Marked 1 line(s) paid; 0 difference(s)." in at.success[0].value
    assert "Paid so far: 1 payout(s)" in page_text(at)
    assert ops_store.verify_chain(home) == []


def test_totals_by_route_and_a_manager_is_offered_no_finance_action(home):
    at = open_page("payouts.py", "manager")
    assert not at.exception
    totals = at.dataframe[2].value
    # P2 auto 400.00 EUR, P1 manager 640.00 EUR, P3 finance 100.00 USD: one payout each
    assert [tuple(r) for r in totals.itertuples(index=False)] == [
        ("EUR", "auto", 1, Decimal("400.00")),
        ("EUR", "manager", 1, Decimal("640.00")),
        ("USD", "finance", 1, Decimal("100.00")),
    ]
    keys = {b.key for b in at.button}
    assert "pay_record" in keys and not keys & {"pay_file", "pay_settle", "pay_close"}
    admin = open_page("payouts.py", "admin")
    assert {"pay_file", "pay_settle"} <= {b.key for b in admin.button}


def test_period_close_on_the_page_follows_the_cli_rules(home):
    # Statements exist for 2026-04 and 2026-05; periods close in order, so May is refused
    # while April is open, on the page as on the command line.
    at = open_page("payouts.py", "finance")
    at.text_input(key="pay_close_reason").input("May signed off")
    at.button(key="pay_close").click().run()
    assert at.error[0].value == "Period close refused: close 2026-04 first: periods close in order"
    argv = ["period", "close", "2026-04", "--actor", "cfo", "--reason", "April signed off"]
    assert ops_cli.main([*argv, "--home", str(home)]) == 0
    at.button(key="pay_close").click().run()
    assert "Closed 2026-05." in at.success[0].value
    closes = ops_store.period_closes(home)
    assert [(c["period_month"], c["actor"]) for c in closes] == [
        ("2026-04-01", "cfo"),
        ("2026-05-01", "app:finance"),
    ]
    assert ops_store.verify_chain(home) == []
