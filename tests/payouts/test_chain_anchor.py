"""The build's check of the operational store (partnerledger/ops_store/anchor.py): an edited
row, a deleted last row with its head file rewritten, or a deleted store are each named, and
a tampered store is a data problem (exit 3) the build summary names.

The store and serving.duckdb are real files (tests/payouts/conftest.py writes the serving
file); the head a publication saw is written with the function publish uses.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import duckdb
import pytest

from dagster_project.run_events import EXIT_BLOCKED, EXIT_ERROR, BuildOutcome
from dagster_project.run_summary import summary_lines
from partnerledger import ops_store, paths
from partnerledger.ops_store import anchor, chain


def _three_decisions_published(home: Path) -> anchor.Head:
    for pid in ("PO-P1-2026-05", "PO-P5-2026-05", "PO-P1-2026-06"):
        ops_store.record_decision(home, "ann", "manager", "approve", [pid], "ok")
    head = anchor.require_intact(home)
    with duckdb.connect(str(home / "serving.duckdb")) as con:  # what publish writes
        anchor.write_head_table(con, f"main.{anchor.PUBLISHED_HEAD_TABLE}", head)
    return head


def test_an_intact_store_passes_and_its_head_is_the_last_entry(home: Path) -> None:
    head = _three_decisions_published(home)
    assert head[0] == 3 and len(head[1]) == 64
    assert anchor.published_head(home) == head
    assert anchor.verify_for_build(home) == ([], head)


def test_an_edited_row_blocks_with_its_seq_named(home: Path) -> None:
    _three_decisions_published(home)
    con = sqlite3.connect(home / "ops.sqlite")
    trigger = con.execute(
        "select sql from sqlite_master where name = 'decisions_no_update'"
    ).fetchone()[0]
    con.execute("drop trigger decisions_no_update")
    con.execute("update decisions set actor = 'mallory' where seq = 2")
    con.execute(trigger)
    con.commit()
    con.close()
    with pytest.raises(
        anchor.OpsStoreTampered, match=r"decisions id=\d+ seq=2: content was edited"
    ):
        anchor.require_intact(home)


def test_deleting_the_last_row_and_rewriting_the_head_file_is_found(home: Path) -> None:
    _three_decisions_published(home)
    con = sqlite3.connect(home / "ops.sqlite")
    con.row_factory = sqlite3.Row
    trigger = con.execute(
        "select sql from sqlite_master where name = 'decisions_no_delete'"
    ).fetchone()[0]
    con.execute("drop trigger decisions_no_delete")
    con.execute("delete from decisions where seq = 3")
    con.execute(trigger)  # put back as it was: nothing about the store looks touched
    con.commit()
    chain.write_head(home, con)  # the forger rewrites ops.sqlite.head to the new end
    con.close()
    assert chain.verify_chain(home) == []  # the store's own check is fooled ...
    problems, _ = anchor.verify_for_build(home)
    assert problems == [  # ... the head in serving.duckdb is not
        "entry seq 3, seen by the last publication, is gone: entries deleted"
    ]


def test_a_deleted_store_and_head_are_found_against_the_published_head(home: Path) -> None:
    _three_decisions_published(home)
    (home / "ops.sqlite").unlink()
    chain.head_path(home).unlink()
    problems, _ = anchor.verify_for_build(home)
    assert (
        len(problems) == 1
        and "is missing, but the last publication saw its chain up to seq 3" in problems[0]
    )


def test_a_tampered_store_is_exit_3_and_named_in_the_summary(tmp_path: Path) -> None:
    message = (
        "the operational store failed verification; ...: decisions id=2 seq=2: content was edited"
    )
    outcome = BuildOutcome(step_errors=[("ops_snapshot", "OpsStoreTampered", message)])
    assert outcome.exit_code == EXIT_BLOCKED
    lines = summary_lines(outcome, paths.Home(tmp_path))
    assert "payouts BLOCKED" in "\n".join(lines)
    assert f"  ✗ ops_snapshot: {message}" in lines
    # any other step error is still a program error
    assert BuildOutcome(step_errors=[("x", "KeyError", "boom")]).exit_code == EXIT_ERROR
