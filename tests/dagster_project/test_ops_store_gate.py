"""The ops_snapshot asset verifies the operational store before it mirrors it: an intact store
is mirrored with its head kept for publish; an edited one fails the step with
OpsStoreTampered, which the build counts as a data problem (exit 3, run_events.DATA_PROBLEMS).

Real Dagster (the asset materialised alone), a real SQLite store and DuckDB warehouse.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import dagster as dg
import duckdb

from dagster_project.assets.ops_snapshot import ops_snapshot
from dagster_project.resources import WarehouseResource
from dagster_project.run_events import DATA_PROBLEMS
from partnerledger.ops_store import anchor, chain


def _store_with_two_decisions(home: Path) -> None:
    for n in (1, 2):
        row = {
            "at": f"2026-06-0{n} 10:00:00",
            "actor": "ann",
            "role": "manager",
            "action": "approve",
            "payout_id": f"PO-P{n}-2026-05",
            "partner_id": f"P{n}",
            "period_month": "2026-05-01",
            "reason": "ok",
            "payload_json": '{"amount": "150.00"}',
        }
        chain.transaction(home, "decisions", [row])


def _materialise(home: Path) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [ops_snapshot],
        resources={"warehouse": WarehouseResource(home_dir=str(home))},
        raise_on_error=False,
    )


def test_intact_store_is_mirrored_with_its_verified_head(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    _store_with_two_decisions(home)
    assert _materialise(home).success
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        got = con.execute("select seq, hash from ops_snapshot.chain_head").fetchall()
    assert got == [anchor.store_head(home)] and got[0][0] == 2


def test_edited_store_fails_the_step_as_a_data_problem_and_is_not_mirrored(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    _store_with_two_decisions(home)
    con = sqlite3.connect(home / "ops.sqlite")
    trigger = con.execute(
        "select sql from sqlite_master where name = 'decisions_no_update'"
    ).fetchone()[0]
    con.execute("drop trigger decisions_no_update")
    con.execute("update decisions set actor = 'forged' where seq = 1")
    con.execute(trigger)
    con.commit()
    con.close()

    result = _materialise(home)
    assert not result.success
    err = result.get_step_failure_events()[0].event_specific_data.error
    while err.cause is not None and err.cls_name != "OpsStoreTampered":
        err = err.cause
    assert err.cls_name == "OpsStoreTampered" and err.cls_name in DATA_PROBLEMS
    assert "seq=1: content was edited" in err.message
    # nothing mirrored: the warehouse has no ops_snapshot at all
    with duckdb.connect(str(home / "warehouse.duckdb")) as wh:
        assert not wh.execute(
            "select * from information_schema.tables where table_schema = 'ops_snapshot'"
        ).fetchall()
