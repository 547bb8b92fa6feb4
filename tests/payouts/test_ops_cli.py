"""`partnerledger payouts|period|audit` through the real parser (ops_cli.main)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from partnerledger import ops_cli, ops_store


def run(home: Path, *argv: str) -> int:
    # --home belongs to the leaf command
    return ops_cli.main([*argv, "--home", str(home)])


def test_list_filters_by_month_and_status(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(home, "payouts", "list", "--month", "2026-05", "--status", "pending") == 0
    out = capsys.readouterr().out
    # pending May payouts in the serving file: P1, P2, P5
    assert "PO-P1-2026-05" in out and "PO-P2-2026-05" in out and "PO-P5-2026-05" in out
    assert "PO-P4-2026-05" not in out and "PO-P1-2026-06" not in out
    assert "3 payout(s)" in out


def test_batch_approve_all_pending_with_exceptions(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(
        home,
        "payouts",
        "approve",
        "--all-pending",
        "--month",
        "2026-05",
        "--except",
        "PO-P2-2026-05",
        "--reason",
        "month end",
        "--actor",
        "ann",
    )
    assert code == 0
    # pending in May: P1, P2, P5; P2 excepted -> P1 and P5 batch-approved
    got = {
        d["payout_id"]: d["action"]
        for p in ("P1", "P2", "P5")
        for d in ops_store.decisions_for(home, p, "2026-05")
    }
    assert got == {"PO-P1-2026-05": "batch_approve", "PO-P5-2026-05": "batch_approve"}
    capsys.readouterr()
    assert run(home, "payouts", "list", "--status", "approved") == 0
    assert "2 payout(s)" in capsys.readouterr().out


def test_manager_approving_finance_route_fails_clearly(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(
        home,
        "payouts",
        "approve",
        "PO-P2-2026-05",
        "--reason",
        "ok",
        "--actor",
        "ann",
        "--role",
        "manager",
    )
    assert code == 1
    assert "routed to finance" in capsys.readouterr().err
    assert (
        run(
            home,
            "payouts",
            "approve",
            "PO-P2-2026-05",
            "--reason",
            "ok",
            "--actor",
            "fin",
            "--role",
            "finance",
        )
        == 0
    )


def test_hold_release_reject_several_ids(home: Path) -> None:
    assert (
        run(
            home,
            "payouts",
            "hold",
            "PO-P1-2026-05",
            "PO-P5-2026-05",
            "--reason",
            "kyc",
            "--actor",
            "ann",
        )
        == 0
    )
    assert (
        run(home, "payouts", "release", "PO-P1-2026-05", "--reason", "kyc ok", "--actor", "ann")
        == 0
    )
    assert (
        run(home, "payouts", "reject", "PO-P5-2026-05", "--reason", "fraud", "--actor", "ann") == 0
    )
    status = {r["payout_id"]: r["status"] for r in ops_store.current_payouts(home, month="2026-05")}
    assert status["PO-P1-2026-05"] == "pending" and status["PO-P5-2026-05"] == "rejected"


def test_period_close_and_audit_verify(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(home, "period", "close", "2026-05", "--actor", "cfo", "--reason", "signed") == 0
    assert "froze 2 commission lines" in capsys.readouterr().out
    assert run(home, "audit", "verify") == 0
    con = sqlite3.connect(home / "ops.sqlite")
    con.execute("drop trigger closed_lines_no_update")
    con.execute("update closed_lines set row_json = replace(row_json, '150.00', '1500.00')")
    con.commit()
    con.close()
    capsys.readouterr()
    assert run(home, "audit", "verify") == 1
    out = capsys.readouterr().out
    assert "TAMPERED" in out and "closed_lines" in out and "edited" in out


def test_missing_serving_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tmp_path, "payouts", "list") == 1
    assert "no published data" in capsys.readouterr().err


def test_commands_are_reachable_from_the_partnerledger_command(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from partnerledger import cli

    assert cli.main(["payouts", "list", "--month", "2026-06", "--home", str(home)]) == 0
    assert "PO-P1-2026-06" in capsys.readouterr().out
    assert cli.main(["audit", "verify", "--home", str(home)]) == 0


def test_manager_batch_skips_finance_routed_payouts(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(
        home, "payouts", "approve", "--all-pending", "--month", "2026-05",
        "--reason", "month end", "--actor", "ann",
    )  # fmt: skip
    assert code == 0
    assert (
        "skipped (routed to finance, needs --role finance): PO-P2-2026-05"
        in capsys.readouterr().out
    )
    # pending in May: P1, P2 (finance), P5 -> P1 and P5 approved, P2 left pending
    status = {r["payout_id"]: r["status"] for r in ops_store.current_payouts(home, month="2026-05")}
    assert (status["PO-P1-2026-05"], status["PO-P2-2026-05"], status["PO-P5-2026-05"]) == (
        "approved",
        "pending",
        "approved",
    )
