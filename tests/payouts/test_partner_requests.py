"""The partner portal's ops-store tables: payout details, flags, requests, notices,
notice reads and applications — each write keeps the hash chain intact."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from partnerledger import ops_store
from partnerledger.ops_store import applications, chain, notices, partner_requests, users

IBAN = "DE89370400440532013000"
BANK = {"account_holder": "Alpha Media", "iban": IBAN, "bic": "COBADEFF"}


@pytest.fixture()
def home(tmp_path: Path) -> Path:
    """Published payouts by hand: P1's June carried 60.00 EUR below its threshold (amount 0,
    below_threshold), P2's June payable 400.00 EUR (pending, carries nothing)."""
    home = tmp_path / "home"
    home.mkdir()
    with duckdb.connect(str(home / "serving.duckdb")) as con:
        con.execute("create schema marts")
        con.execute(
            """create table marts.dim_partners as select * from (values
                ('P1', 'Alpha Media'), ('P2', 'Beta Sub')) as t(partner_id, display_name)"""
        )
        con.execute(
            """create table marts.mart_payouts as select * from (values
                ('PO-P1-2026-05', 'P1', date '2026-05-01', 'EUR', 640.00::decimal(18,2),
                 'approved', 0.00::decimal(18,2)),
                ('PO-P1-2026-06', 'P1', date '2026-06-01', 'EUR', 0.00, 'below_threshold', 60.00),
                ('PO-P2-2026-06', 'P2', date '2026-06-01', 'EUR', 400.00, 'pending', 0.00)
            ) as t(payout_id, partner_id, period_month, payout_currency, amount, status,
                   carried_out)"""
        )
    return home


def test_payout_details_are_checked_and_normalised():
    clean = partner_requests.check_payout_details(
        "bank_transfer",
        {"account_holder": " Alpha ", "iban": "de89 3704 0044 0532 0130 00", "bic": "cobadeff"},
    )
    assert clean == {"account_holder": "Alpha", "iban": IBAN, "bic": "COBADEFF"}
    refusals = [
        ("bank_transfer", {**BANK, "iban": "DE88370400440532013000"}, "check digits"),
        ("bank_transfer", {**BANK, "account_holder": "x" * 101}, "longer than 100"),
        ("bank_transfer", {**BANK, "swift": "X"}, "not fields of Bank transfer"),
        ("e_wallet", {"provider": "venmo", "wallet_email": "a@b.example"}, "provider"),
        ("crypto", {"network": "BTC", "address": "0x" + "ab" * 20}, "not a BTC address"),
        ("cheque", {}, "not one of"),
    ]
    for method, details, problem in refusals:
        with pytest.raises(chain.OpsStoreError, match=problem):
            partner_requests.check_payout_details(method, details)


def test_a_details_change_raises_the_review_flag_and_a_notice(home):
    partner_requests.set_payout_details(home, "P1", "bank_transfer", BANK, actor="app:partner-p1")
    partner_requests.set_payout_details(
        home,
        "P1",
        "crypto",
        {"network": "ETH", "address": "0x" + "ab" * 20},
        actor="app:partner-p1",
    )
    assert partner_requests.payout_details(home, "P1")["method"] == "crypto"
    assert [d["method"] for d in partner_requests.payout_details_history(home, "P1")] == [
        "bank_transfer",
        "crypto",
    ]
    (flag,) = partner_requests.open_payout_flags(home)
    assert (flag["partner_id"], flag["flag"]) == ("P1", "payout_details_changed")
    assert "changed to Crypto" in flag["reason"]
    kinds = [n["kind"] for n in notices.notices_for(home, "P1")]
    assert kinds == ["payout_details_changed", "payout_details_changed"]
    assert notices.notices_for(home, "P2") == []
    with pytest.raises(chain.OpsStoreError, match="already the current"):
        partner_requests.set_payout_details(
            home, "P1", "crypto", {"network": "ETH", "address": "0x" + "ab" * 20}, actor="x"
        )
    with pytest.raises(chain.OpsStoreError, match="cannot clear"):
        partner_requests.clear_payout_flag(
            home, "P1", "payout_details_changed", "ok", actor="x", role="partner"
        )
    partner_requests.clear_payout_flag(
        home,
        "P1",
        "payout_details_changed",
        "confirmed by phone",
        actor="app:finance",
        role="finance",
    )
    assert partner_requests.open_payout_flags(home) == []
    assert ops_store.verify_chain(home) == []


def test_available_balance_is_the_carried_balance_of_the_newest_payout(home):
    # P1: June below_threshold, carried 60.00 EUR; P2: June payable, nothing requestable
    assert partner_requests.available_balance(home, "P1") == partner_requests.Balance(
        Decimal("60.00"), "EUR", "PO-P1-2026-06"
    )
    assert partner_requests.available_balance(home, "P2").amount == Decimal("0.00")


def test_payout_requests_one_at_a_time_and_never_above_the_balance(home):
    with pytest.raises(chain.OpsStoreError, match="add your payout details"):
        partner_requests.request_payout(home, "P1", "10.00", actor="app:partner-p1")
    partner_requests.set_payout_details(home, "P1", "bank_transfer", BANK, actor="app:partner-p1")
    with pytest.raises(chain.OpsStoreError, match="more than your available balance of 60.00 EUR"):
        partner_requests.request_payout(home, "P1", "60.01", actor="app:partner-p1")
    with pytest.raises(chain.OpsStoreError, match="above 0"):
        partner_requests.request_payout(home, "P1", "-5", actor="app:partner-p1")
    with pytest.raises(chain.OpsStoreError, match="more than your available balance of 0.00"):
        partner_requests.request_payout(home, "P2", "1.00", actor="app:partner-p2")
    made = partner_requests.request_payout(home, "P1", "60", actor="app:partner-p1")
    assert (made["request_id"], made["amount"], made["currency"]) == ("PR-P1-1", "60.00", "EUR")
    with pytest.raises(chain.OpsStoreError, match="one at a time"):
        partner_requests.request_payout(home, "P1", "1.00", actor="app:partner-p1")
    assert [r["request_id"] for r in partner_requests.open_payout_requests(home)] == ["PR-P1-1"]
    with pytest.raises(chain.OpsStoreError, match="finance does"):
        partner_requests.close_payout_request(home, "PR-P1-1", "paid", actor="m", role="manager")
    # another partner cannot cancel P1's request
    with pytest.raises(chain.OpsStoreError, match="no payout request PR-P1-1"):
        partner_requests.cancel_payout_request(home, "P2", "PR-P1-1", actor="app:partner-p2")
    partner_requests.close_payout_request(
        home, "PR-P1-1", "paid 2026-07-02", actor="app:finance", role="finance"
    )
    assert partner_requests.open_payout_requests(home) == []
    assert partner_requests.payout_requests(home, "P1")[0]["state"] == "closed"
    second = partner_requests.request_payout(home, "P1", "20.00", actor="app:partner-p1")
    partner_requests.cancel_payout_request(home, "P1", second["request_id"], actor="app:partner-p1")
    assert [r["state"] for r in partner_requests.payout_requests(home, "P1")] == [
        "closed",
        "cancelled",
    ]
    assert ops_store.verify_chain(home) == []


def test_notices_and_reads_are_chained(home):
    made = notices.post_announcement(home, "Hello", "Welcome", actor="app:manager", role="manager")
    assert notices.mark_read(home, "partner-p1", made["key"]) is True
    assert notices.mark_read(home, "partner-p1", made["key"]) is False  # read once only
    assert notices.read_keys(home, "partner-p1") == {made["key"]}
    assert notices.read_keys(home, "partner-p2") == set()
    with pytest.raises(chain.OpsStoreError, match="at most 200"):
        notices.post_announcement(home, "x" * 201, "y", actor="m", role="manager")
    assert ops_store.verify_chain(home) == []


def test_applications_submit_approve_reject(home):
    form = {
        "company": "Zeta",
        "contact_name": "Zoe",
        "email": "Ops@Zeta.example",
        "traffic_sources": ["seo"],
        "verticals": ["igaming"],
        "countries": ["de"],
        "payout_method": "bank_transfer",
        "payout_details": BANK,
    }
    first = applications.submit_application(home, form)
    with pytest.raises(chain.OpsStoreError, match="waiting for a decision already"):
        applications.submit_application(home, form)
    second = applications.submit_application(home, {**form, "email": "b@zeta.example"})
    made = applications.approve_application(
        home, first["application_id"], "P2", "zeta", actor="app:manager", role="manager"
    )
    assert made["must_change_password"] is True  # the handed-over password works once
    assert users.sign_in(home, "zeta", made["password"], client="test").user["partner_id"] == "P2"
    with pytest.raises(chain.OpsStoreError, match="approved already"):
        applications.reject_application(
            home, first["application_id"], "late", actor="app:manager", role="manager"
        )
    applications.reject_application(
        home, second["application_id"], "duplicate", actor="app:manager", role="manager"
    )
    states = {a["application_id"]: a["state"] for a in applications.applications(home)}
    assert states == {first["application_id"]: "approved", second["application_id"]: "rejected"}
    # approval for a partner id nobody published is refused and records nothing
    third = applications.submit_application(home, {**form, "email": "c@zeta.example"})
    with pytest.raises(chain.OpsStoreError, match="not a published partner"):
        applications.approve_application(
            home, third["application_id"], "P9", "nine", actor="app:manager", role="manager"
        )
    assert (
        applications.applications(home, "submitted")[0]["application_id"] == third["application_id"]
    )
    assert ops_store.verify_chain(home) == []


def test_an_edited_payout_details_row_breaks_the_chain(home):
    partner_requests.set_payout_details(home, "P1", "bank_transfer", BANK, actor="x")
    con = sqlite3.connect(chain.store_path(home))
    con.execute("drop trigger payout_details_no_update")
    con.execute("update payout_details set method = 'crypto'")
    con.commit()
    con.close()
    problems = ops_store.verify_chain(home)
    assert any("payout_details" in p and "hash mismatch" in p for p in problems)


def test_applications_are_limited_per_client_and_per_hour(home):
    form = {
        "company": "Flood",
        "contact_name": "F",
        "traffic_sources": ["seo"],
        "verticals": ["igaming"],
        "countries": ["de"],
        "payout_method": "bank_transfer",
        "payout_details": BANK,
    }
    for n in range(applications.MAX_PER_CLIENT_PER_HOUR):  # 3 from one address are taken
        applications.submit_application(home, {**form, "email": f"a{n}@x.example"}, client="ip:1")
    with pytest.raises(chain.OpsStoreError, match="at most 3 applications an hour"):
        applications.submit_application(home, {**form, "email": "a9@x.example"}, client="ip:1")
    # 27 more from other addresses fill the hour's 30; the 31st is refused whoever sends it
    for n in range(applications.MAX_PER_HOUR - applications.MAX_PER_CLIENT_PER_HOUR):
        applications.submit_application(
            home, {**form, "email": f"b{n}@x.example"}, client=f"ip:2.{n}"
        )
    with pytest.raises(chain.OpsStoreError, match="no more applications this hour"):
        applications.submit_application(home, {**form, "email": "c@x.example"}, client="ip:3")
    assert len(applications.applications(home)) == 30  # the refused ones recorded nothing
    assert ops_store.verify_chain(home) == []
