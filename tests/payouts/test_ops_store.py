"""The ops store on a real SQLite file and a real published serving.duckdb."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from partnerledger import ops_store, vocabulary
from partnerledger.ops_store import OpsStoreError


def test_decision_is_recorded_and_chain_verifies(home: Path) -> None:
    entries = ops_store.record_decision(
        home, "ann", "manager", "approve", ["PO-P1-2026-05"], "checked"
    )
    assert [e["payout_id"] for e in entries] == ["PO-P1-2026-05"]
    assert entries[0]["partner_id"] == "P1" and entries[0]["period_month"] == "2026-05-01"
    assert ops_store.verify_chain(home) == []
    rows = ops_store.current_payouts(home, payout_ids=["PO-P1-2026-05"])
    assert rows[0]["status"] == "approved" and rows[0]["published_status"] == "pending"


def test_decisions_for_lists_a_partner_month_oldest_first(home: Path) -> None:
    ops_store.record_decision(home, "ann", "manager", "hold", ["PO-P1-2026-05"], "docs missing")
    ops_store.record_decision(home, "bob", "manager", "release", ["PO-P1-2026-05"], "docs received")
    ops_store.record_decision(home, "bob", "manager", "approve", ["PO-P1-2026-06"], "fine")
    got = ops_store.decisions_for(home, "P1", "2026-05")
    assert [(d["actor"], d["action"]) for d in got] == [("ann", "hold"), ("bob", "release")]
    assert ops_store.decisions_for(home / "nowhere", "P1", "2026-05") == []


def test_manager_cannot_approve_a_finance_routed_payout(home: Path) -> None:
    with pytest.raises(OpsStoreError, match="routed to finance.*--role finance"):
        ops_store.record_decision(home, "ann", "manager", "approve", ["PO-P2-2026-05"], "ok")
    # all or nothing: the batch with a finance payout records nothing
    with pytest.raises(OpsStoreError):
        ops_store.record_decision(
            home, "ann", "manager", "batch_approve", ["PO-P1-2026-05", "PO-P2-2026-05"], "ok"
        )
    assert ops_store.decisions_for(home, "P1", "2026-05") == []
    ops_store.record_decision(home, "fin", "finance", "approve", ["PO-P2-2026-05"], "ok")
    assert ops_store.current_payouts(home, payout_ids=["PO-P2-2026-05"])[0]["status"] == "approved"


def test_below_threshold_and_unknown_payouts_are_refused(home: Path) -> None:
    with pytest.raises(OpsStoreError, match="below the partner's payout threshold"):
        ops_store.record_decision(home, "ann", "manager", "approve", ["PO-P3-2026-05"], "ok")
    with pytest.raises(OpsStoreError, match="unknown payout id"):
        ops_store.record_decision(home, "ann", "manager", "approve", ["PO-X-2026-05"], "ok")
    with pytest.raises(OpsStoreError, match="reason"):
        ops_store.record_decision(home, "ann", "manager", "approve", ["PO-P1-2026-05"], " ")


def test_triggers_refuse_update_and_delete(home: Path) -> None:
    ops_store.record_decision(home, "ann", "manager", "approve", ["PO-P1-2026-05"], "ok")
    con = sqlite3.connect(home / "ops.sqlite")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("update decisions set action = 'reject'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("delete from decisions")
    con.close()
    assert ops_store.verify_chain(home) == []


def test_verify_finds_a_row_edited_after_dropping_triggers(home: Path) -> None:
    ops_store.record_decision(home, "ann", "manager", "approve", ["PO-P1-2026-05"], "ok")
    ops_store.record_decision(home, "ann", "manager", "reject", ["PO-P5-2026-05"], "fraud")
    con = sqlite3.connect(home / "ops.sqlite")
    con.execute("drop trigger decisions_no_update")
    con.execute("update decisions set action = 'approve' where payout_id = 'PO-P5-2026-05'")
    con.commit()
    con.close()
    problems = ops_store.verify_chain(home)
    assert any("seq=2" in p and "edited" in p for p in problems), problems
    assert any("decisions_no_update was dropped" in p for p in problems), problems


def test_verify_finds_deleted_rows_middle_and_tail(home: Path) -> None:
    for pid in ("PO-P1-2026-05", "PO-P5-2026-05", "PO-P1-2026-06"):
        ops_store.record_decision(home, "ann", "manager", "approve", [pid], "ok")
    con = sqlite3.connect(home / "ops.sqlite")
    con.execute("drop trigger decisions_no_delete")
    con.execute("delete from decisions where seq = 3")  # the last entry
    con.commit()
    con.close()
    problems = ops_store.verify_chain(home)
    assert any("last entries deleted" in p for p in problems), problems
    con = sqlite3.connect(home / "ops.sqlite")
    con.execute("delete from decisions where seq = 1")  # the first entry
    con.commit()
    con.close()
    problems = ops_store.verify_chain(home)
    assert any("missing (deleted)" in p for p in problems), problems


def test_close_period_freezes_the_published_month(home: Path) -> None:
    entry = ops_store.close_period(home, "2026-05", "cfo", "May signed off")
    assert entry["period_month"] == "2026-05-01"
    lines = ops_store.closed_rows(home, "2026-05", "line")
    # two May lines in the serving file (L1, L2); June's L3 is not frozen
    assert sorted(r["line_id"] for r in lines) == ["L1", "L2"]
    assert {r["amount"] for r in lines} == {"150.00", "250.00"}
    assert len(ops_store.closed_rows(home, "2026-05", "statement")) == 2
    assert len(ops_store.closed_rows(home, "2026-05", "payout")) == 5
    with pytest.raises(OpsStoreError, match="already closed"):
        ops_store.close_period(home, "2026-05", "cfo", "again")
    ops_store.close_period(home, "2026-06", "cfo", "June signed off")
    with pytest.raises(OpsStoreError, match="no statement for 2026-07"):
        ops_store.close_period(home, "2026-07", "cfo", "empty")
    assert ops_store.verify_chain(home) == []


def test_periods_close_in_order(home: Path) -> None:
    # write_serving publishes statements for 2026-05 and 2026-06
    with pytest.raises(OpsStoreError, match="close 2026-05 first: periods close in order"):
        ops_store.close_period(home, "2026-06", "cfo", "June first?")
    ops_store.close_period(home, "2026-05", "cfo", "May")
    assert ops_store.close_period(home, "2026-06", "cfo", "June")["period_month"] == "2026-06-01"


def test_close_period_refuses_without_published_data(tmp_path: Path) -> None:
    with pytest.raises(OpsStoreError, match="no published data"):
        ops_store.close_period(tmp_path, "2026-05", "cfo", "x")


def test_mirror_creates_empty_tables_without_an_ops_store(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    counts = ops_store.mirror_to_warehouse(tmp_path / "home", con)
    assert counts == {"period_closes": 0, "closed_lines": 0, "decisions": 0}
    cols = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = 'ops_snapshot' and table_name = 'closed_lines' order by ordinal_position"
    ).fetchall()
    assert [c for c, _ in cols] == [*vocabulary.commission_line_types(), "closed_at"]
    assert dict(cols)["amount"] == "DECIMAL(18,2)"
    con.close()


def test_mirror_copies_closes_lines_and_decisions_exactly(home: Path, tmp_path: Path) -> None:
    ops_store.record_decision(home, "ann", "manager", "hold", ["PO-P1-2026-05"], "docs")
    ops_store.close_period(home, "2026-05", "cfo", "May signed off")
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    ops_store.mirror_to_warehouse(home, con)
    ops_store.mirror_to_warehouse(home, con)  # re-creating twice gives the same tables
    assert con.execute(
        "select period_month, closed_by from ops_snapshot.period_closes"
    ).fetchall() == [(__import__("datetime").date(2026, 5, 1), "cfo")]
    lines = con.execute(
        "select line_id, amount, rate from ops_snapshot.closed_lines order by line_id"
    ).fetchall()
    assert lines == [
        ("L1", Decimal("150.00"), Decimal(150)),
        ("L2", Decimal("250.00"), Decimal("0.25")),
    ]
    # the payout's amount when decided travels with the decision (150.00 in write_serving)
    assert con.execute(
        "select payout_id, action, seq, amount_at_decision from ops_snapshot.decisions"
    ).fetchall() == [("PO-P1-2026-05", "hold", 1, Decimal("150.00"))]
    con.close()


def test_an_approval_of_another_amount_does_not_overlay_the_published_status(
    home: Path,
) -> None:
    ops_store.record_decision(home, "ann", "manager", "approve", ["PO-P1-2026-05"], "ok")
    (row,) = ops_store.current_payouts(home, payout_ids=["PO-P1-2026-05"])
    assert row["status"] == "approved"  # approved at the published 150.00
    # A rebuild after late data: the payout is now 175.00 and the mart holds it (stale
    # approval), having mirrored the approval (seq 1). The app and `payouts list` must show
    # held, not the old approval.
    _rebuild(home, "PO-P1-2026-05", seen_through=1, amount="175.00", status="held")
    (row,) = ops_store.current_payouts(home, payout_ids=["PO-P1-2026-05"])
    assert (row["status"], row["decided_since_publish"]) == ("held", None)
    # approving again, at the new amount, stands
    ops_store.record_decision(home, "ann", "manager", "approve", ["PO-P1-2026-05"], "re-checked")
    (row,) = ops_store.current_payouts(home, payout_ids=["PO-P1-2026-05"])
    assert row["status"] == "approved"


def _rebuild(home: Path, payout_id: str, seen_through: int, amount: str, status: str) -> None:
    """What a rebuild publishes for one payout (the rows are hand-written, like write_serving)."""
    with duckdb.connect(str(home / "serving.duckdb")) as con:
        con.execute(
            "update marts.mart_payouts set amount = ?, status = ? where payout_id = ?",
            [Decimal(amount), status, payout_id],
        )
        con.execute("update marts.mart_payouts set decisions_seen_through_seq = ?", [seen_through])


def test_status_after_a_decision_is_the_marts_status_after_column(home: Path) -> None:
    # PO-P3-2026-05 has nothing payable (published below_threshold). Held, then released:
    # the build's rule (status_after_release) keeps it below_threshold, not pending.
    ops_store.record_decision(home, "ann", "manager", "hold", ["PO-P3-2026-05"], "kyc")
    (row,) = ops_store.current_payouts(home, payout_ids=["PO-P3-2026-05"])
    assert row["status"] == "held"
    ops_store.record_decision(home, "ann", "manager", "release", ["PO-P3-2026-05"], "kyc ok")
    (row,) = ops_store.current_payouts(home, payout_ids=["PO-P3-2026-05"])
    assert (row["status"], row["decided_since_publish"]["action"]) == ("below_threshold", "release")
    # PO-P4-2026-05 is held for an open signal; a release frees it (status_after_release)
    ops_store.record_decision(home, "ann", "manager", "release", ["PO-P4-2026-05"], "checked")
    assert ops_store.current_payouts(home, payout_ids=["PO-P4-2026-05"])[0]["status"] == "pending"


def test_decisions_the_build_mirrored_are_not_applied_again(home: Path) -> None:
    # seq 1 rejects P5; a build that mirrored it publishes rejected, seen through seq 1.
    ops_store.record_decision(home, "ann", "manager", "reject", ["PO-P5-2026-05"], "fraud")
    _rebuild(home, "PO-P5-2026-05", seen_through=1, amount="300.00", status="rejected")
    # The published status stands even if the store's latest decision looks otherwise: the
    # build judged it. seq 2 (after the build) holds P1: only that one is looked up.
    ops_store.record_decision(home, "ann", "manager", "hold", ["PO-P1-2026-05"], "docs")
    rows = {r["payout_id"]: r for r in ops_store.current_payouts(home, month="2026-05")}
    assert rows["PO-P5-2026-05"]["decided_since_publish"] is None
    assert rows["PO-P5-2026-05"]["status"] == "rejected"
    assert rows["PO-P1-2026-05"]["decided_since_publish"]["seq"] == 2
    assert rows["PO-P1-2026-05"]["status"] == "held"


def test_current_payouts_filters_on_the_current_status(home: Path) -> None:
    # pending in May as published: P1, P2, P5; P1 approved since -> pending: P2, P5
    ops_store.record_decision(home, "ann", "manager", "approve", ["PO-P1-2026-05"], "ok")
    pending = ops_store.current_payouts(home, month="2026-05", statuses=("pending",))
    assert [r["payout_id"] for r in pending] == ["PO-P2-2026-05", "PO-P5-2026-05"]
    approved = ops_store.current_payouts(home, statuses=("approved",), routes=("auto",))
    assert [r["payout_id"] for r in approved] == ["PO-P1-2026-05"]
    assert [r["payout_id"] for r in ops_store.current_payouts(home, partner_id="P1")] == [
        "PO-P1-2026-05",
        "PO-P1-2026-06",
    ]


def test_deal_amendments_join_the_same_chain(home: Path) -> None:
    ops_store.record_decision(home, "ann", "manager", "approve", ["PO-P1-2026-05"], "ok")
    version = {"deal_id": "D1", "version": 2, "terms": {"cpa": {"amount": Decimal(175)}}}
    ops_store.record_deal_amendment(home, "jd", "manager", version, "Q3 review")
    con = sqlite3.connect(home / "ops.sqlite")
    # seq 1 is the decision, seq 2 the amendment: one chain across tables
    assert con.execute("select seq, payload_json from deal_amendments").fetchall() == [
        (2, '{"deal_id":"D1","terms":{"cpa":{"amount":"175"}},"version":2}')
    ]
    con.execute("drop trigger deal_amendments_no_update")
    con.execute("update deal_amendments set reason = 'other'")
    con.commit()
    con.close()
    assert any("deal_amendments" in p and "edited" in p for p in ops_store.verify_chain(home))
