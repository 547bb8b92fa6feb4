"""Formula injection through the exports: the manager payouts CSV and `payouts list --csv`.

A partner id `=2+3` (or a hold reason `@SUM(...)`) would run as a formula in a spreadsheet;
both exports write it as text (a leading apostrophe, partnerledger/csv_safety.py) while a
negative amount, a number, stays a number.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from partnerledger import csv_safety, ops_cli


def _hostile(home: Path) -> None:
    # P1's May payout: partner id `=2+3`, a hold reason starting with `@`, amount -12.50.
    with duckdb.connect(str(home / "serving.duckdb")) as con:
        con.execute(
            """update marts.mart_payouts
               set partner_id = '=2+3', hold_reasons = '@SUM(A1)', amount = -12.50
               where payout_id = 'PO-P1-2026-05'"""
        )


def test_payouts_list_csv_neutralises_text_and_keeps_negative_numbers(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _hostile(home)
    assert (
        ops_cli.main(["payouts", "list", "--month", "2026-05", "--csv", "--home", str(home)]) == 0
    )
    rows = {r["payout_id"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    p1 = rows["PO-P1-2026-05"]
    assert p1["partner_id"] == "'=2+3"
    assert p1["hold_reasons"] == "'@SUM(A1)"
    assert p1["amount"] == "-12.50"  # a number column: never prefixed
    assert rows["PO-P2-2026-05"]["partner_id"] == "P2"  # ordinary cells unchanged
    assert rows["PO-P2-2026-05"]["amount"] == "12000.00"


def test_manager_payouts_csv_is_formula_safe(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNERLEDGER_HOME", str(home))
    from app import data

    _hostile(home)
    payouts = data.payouts(pd.Timestamp("2026-05-01").date())
    text = data.to_csv_bytes(payouts).decode("utf-8")
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["payout_id"] == "PO-P1-2026-05")
    assert row["partner_id"] == "'=2+3" and row["hold_reasons"] == "'@SUM(A1)"
    assert row["amount"] == "-12.50"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised_in_text_only(start: str) -> None:
    df = pd.DataFrame({"name": [f"{start}cmd", "plain"], "amount": [Decimal("-12.50"), 3]})
    out = list(csv.reader(io.StringIO(csv_safety.safe_csv(df).decode("utf-8"))))
    assert out[1] == [f"'{start}cmd", "-12.50"]
    assert out[2] == ["plain", "3"]


def test_a_carriage_return_inside_a_cell_cannot_start_a_new_row() -> None:
    # Unquoted, a spreadsheet would start a row at the CR and run `=1+1`: every cell is quoted.
    df = pd.DataFrame({"name": ["x\r=1+1"], "amount": [Decimal("-12.50")]})
    text = csv_safety.safe_csv(df).decode("utf-8")
    assert text == '"name","amount"\n"x\r=1+1","-12.50"\n'
