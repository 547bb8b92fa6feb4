"""A build of the generator's tiny landing (all three verticals, bad rows mixed in) is green."""

from __future__ import annotations

from pathlib import Path

import duckdb

from dagster_project.run import EXIT_OK, run_build
from landing_generator import generate
from partnerledger.paths import Home


def test_generated_tiny_landing_builds_publishes_and_counts_every_row(tmp_path: Path, monkeypatch):
    # The generator's data ends before 2026-11-01 (landing_generator/world.py DATA_END): that is "today".
    monkeypatch.setenv("PARTNERLEDGER_TODAY", "2026-11-01")
    landing = tmp_path / "landing"
    written = generate(landing, scale="tiny", seed=42, progress=None)
    home = Home(tmp_path / "home")
    lines: list[str] = []
    assert run_build(landing, home, progress=lines.append) == EXIT_OK, "\n".join(lines)
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        # every row the generator wrote is either loaded or quarantined (LANDING.md)
        read = dict(
            con.execute("select entity, sum(rows_read) from ingest.files group by 1").fetchall()
        )
        loaded_plus_q = dict(
            con.execute(
                "select entity, sum(rows_loaded + rows_quarantined) from ingest.files group by 1"
            ).fetchall()
        )
    assert read == loaded_plus_q
    assert {e: int(n) for e, n in read.items() if e in written} == {
        e: n for e, n in written.items() if e in read
    }
    with duckdb.connect(str(home.serving), read_only=True) as con:
        components = {
            r[0]
            for r in con.execute(
                "select distinct component from marts.fct_commission_lines"
            ).fetchall()
        }
    # the tiny world has casino, forex and prop partners: each vertical earns something
    assert {"cpa", "revshare", "lot_rebate", "challenge"} <= components
