"""Payment files and settlement reconciliation (ops_store.payments) on the hand-made serving
file of conftest.write_serving, through the core and the real CLI parser."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest

from partnerledger import ops_cli, ops_store
from partnerledger.ops_store import chain, partner_requests, payments

IBAN = "DE89370400440532013000"  # the standard valid example IBAN (checksum 89)


def _details(home: Path, partner: str, holder: str, *, confirm: bool = True) -> None:
    partner_requests.set_payout_details(
        home,
        partner,
        "bank_transfer",
        {"account_holder": holder, "iban": IBAN, "bic": "COBADEFFXXX"},
        actor=partner,
    )
    if confirm:  # finance confirmed the new details: the review flag is cleared
        partner_requests.clear_payout_flag(
            home,
            partner,
            partner_requests.DETAILS_CHANGED,
            "called back",
            actor="fin",
            role="finance",
        )


@pytest.fixture()
def approved(home: Path) -> Path:
    """P1 May 150.00 + June 150.00 EUR and P2 May 12000.00 EUR approved, details confirmed;
    P5 May 300.00 EUR approved without payout details; P4 (held) not approved."""
    _details(home, "P1", "=HYPERLINK(evil)")  # a formula start, neutralised in the CSV
    _details(home, "P2", "Bea Two")
    ops_store.record_decision(
        home, "ann", "manager", "approve", ["PO-P1-2026-05", "PO-P1-2026-06", "PO-P5-2026-05"], "ok"
    )
    ops_store.record_decision(home, "fin", "finance", "approve", ["PO-P2-2026-05"], "ok")
    return home


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_payment_file_one_line_per_partner_and_currency(approved: Path) -> None:
    pf = payments.export_payment_file(approved, "fin", "finance")
    rows = _rows(pf.csv_bytes)
    # P1: 150.00 (May) + 150.00 (June) = 300.00 EUR, one line; P2: 12000.00 EUR
    assert [(r["partner"], r["currency"], r["amount"], r["reference"]) for r in rows] == [
        ("P1", "EUR", "300.00", "PF0001-P1-EUR"),
        ("P2", "EUR", "12000.00", "PF0001-P2-EUR"),
    ]
    assert rows[0]["beneficiary"] == f"'=HYPERLINK(evil) {IBAN} COBADEFFXXX"  # formula-safe
    assert rows[0]["method"] == "bank_transfer"
    assert pf.skipped == {"P5": "no payout details on record"}
    # the export is one audited entry of the chain, holding the hash of the bytes that left
    (entry,) = chain.entries(approved, "payment_files")
    payload = json.loads(entry["payload_json"])
    assert (entry["actor"], entry["role"], entry["file_id"]) == ("fin", "finance", "PF0001")
    assert payload["csv_sha256"] == hashlib.sha256(pf.csv_bytes).hexdigest()
    assert payload["lines"][0]["payout_ids"] == ["PO-P1-2026-05", "PO-P1-2026-06"]
    assert ops_store.verify_chain(approved) == []
    # exported payouts are never exported twice
    with pytest.raises(ops_store.OpsStoreError, match="no approved payouts to pay"):
        payments.export_payment_file(approved, "fin", "finance")


def test_open_review_flag_leaves_the_partner_out(home: Path) -> None:
    _details(home, "P1", "Ann One", confirm=False)  # details changed, not confirmed yet
    ops_store.record_decision(home, "ann", "manager", "approve", ["PO-P1-2026-05"], "ok")
    with pytest.raises(ops_store.OpsStoreError, match="P1: payout details changed"):
        payments.export_payment_file(home, "fin", "finance")
    assert chain.entries(home, "payment_files") == []


@pytest.mark.parametrize("what", ["export", "settle"])
def test_a_manager_cannot_do_finance_actions(approved: Path, what: str) -> None:
    with pytest.raises(ops_store.OpsStoreError, match="only finance or admin"):
        if what == "export":
            payments.export_payment_file(approved, "ann", "manager")
        else:
            payments.settle(approved, "ann", "manager", "reference,amount,currency,status\n")
    assert chain.entries(approved, "payment_files") == []
    assert chain.entries(approved, "settlements") == []


def test_settlement_marks_paid_and_shows_every_difference(approved: Path) -> None:
    payments.export_payment_file(approved, "fin", "admin")
    first = payments.settle(
        approved,
        "fin",
        "finance",
        "reference,amount,currency,status\n"
        "PF0001-P1-EUR,300.00,EUR,paid\n"  # matches: paid
        "PF0001-P2-EUR,11999.00,EUR,paid\n"  # 1.00 short of 12000.00: a difference
        "PF0009-X-EUR,5.00,EUR,paid\n",  # in no payment file
    )
    assert [p["reference"] for p in first.paid] == ["PF0001-P1-EUR"]
    assert [(d["reference"], d["problem"]) for d in first.differences] == [
        ("PF0001-P2-EUR", "amount 11999.00, the payment file says 12000.00"),
        ("PF0009-X-EUR", "unknown reference (in no payment file)"),
    ]
    assert payments.paid_payout_ids(approved) == {"PO-P1-2026-05", "PO-P1-2026-06"}
    second = payments.settle(
        approved,
        "fin",
        "finance",
        "reference,amount,currency,status\nPF0001-P1-EUR,300,EUR,paid\n",
    )
    # P1 again: already paid; P2 not in this file: outstanding
    assert [(d["reference"], d["problem"][:20]) for d in second.differences] == [
        ("PF0001-P1-EUR", "already paid by an e"),
        ("PF0001-P2-EUR", "outstanding: exporte"),
    ]
    # one settlements entry per line read (3 + 1), outcomes recorded, chain intact
    outcomes = [r["outcome"] for r in chain.entries(approved, "settlements")]
    assert outcomes == ["paid", "difference", "difference", "difference"]
    assert ops_store.verify_chain(approved) == []


def test_settlement_file_without_its_columns_is_refused(approved: Path) -> None:
    with pytest.raises(ops_store.OpsStoreError, match="lacks column"):
        payments.settle(approved, "fin", "finance", "reference,amount\nX,1\n")


def test_cli_payment_file_and_settle(
    approved: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pf.csv"
    code = ops_cli.main(
        ["payouts", "payment-file", "--actor", "fin", "--out", str(out), "--home", str(approved)]
    )
    printed = capsys.readouterr().out
    assert code == 0, printed
    # EUR total: 300.00 + 12000.00 = 12300.00
    assert "PF0001: 2 line(s), EUR 12300.00" in printed and "left out P5" in printed
    assert [r["amount"] for r in _rows(out.read_bytes())] == ["300.00", "12000.00"]
    settlement = tmp_path / "settle.csv"
    settlement.write_text(
        "reference,amount,currency,status\nPF0001-P1-EUR,300.00,EUR,paid\n"
        "PF0001-P2-EUR,12000.00,EUR,failed\n"
    )
    code = ops_cli.main(
        ["payouts", "settle", str(settlement), "--actor", "fin", "--home", str(approved)]
    )
    printed = capsys.readouterr().out
    assert code == 1  # a difference: exit 1
    assert "paid: PF0001-P1-EUR 300.00 EUR" in printed
    assert "DIFFERENCE: PF0001-P2-EUR: status failed: not paid" in printed
    # the CLI offers finance roles only: a manager is refused by the parser
    with pytest.raises(SystemExit):
        ops_cli.main(
            [
                "payouts",
                "payment-file",
                "--actor",
                "ann",
                "--role",
                "manager",
                "--home",
                str(approved),
            ]
        )
