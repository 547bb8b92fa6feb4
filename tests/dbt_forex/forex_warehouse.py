"""A real tiny warehouse for the forex/prop dbt models: raw tables from the ingestion's own
DDL, rows inserted by the tests, and a real `dbt build` of the forex/prop selection."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb

from partnerledger.paths import DBT_PROJECT_DIR

# The project under test; PARTNERLEDGER_DBT_PROJECT_DIR points at another copy of it (used
# while other domains' half-written models keep the shared checkout from parsing).
PROJECT_DIR = Path(os.environ.get("PARTNERLEDGER_DBT_PROJECT_DIR") or DBT_PROJECT_DIR)

# The forex and prop commission lines and the symbol report, with everything upstream.
FOREX_PROP_SELECTION = [
    "+int_commission_lines_forex",
    "+int_commission_lines_prop",
    "+int_symbols_unmatched",
]


def dbt_executable() -> str:
    """dbt from the same environment as the running Python (the project's venv)."""
    candidate = Path(sys.executable).parent / "dbt"
    found = str(candidate) if candidate.exists() else shutil.which("dbt")
    if not found:
        raise RuntimeError("dbt is not installed in this environment: pip install -e '.[dev]'")
    return found


def run_dbt(warehouse: Path, work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run dbt on the project against `warehouse`; its target/ and logs/ stay under `work`."""
    env = {**os.environ, "PARTNERLEDGER_WAREHOUSE": str(warehouse)}
    cmd = [
        dbt_executable(),
        *args,
        "--profiles-dir",
        str(PROJECT_DIR),
        "--project-dir",
        str(PROJECT_DIR),
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
    ]
    result = subprocess.run(
        cmd, check=False, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0:
        raise AssertionError(
            f"dbt {' '.join(args)} failed:\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}"
        )
    return result


def build_forex_prop(warehouse: Path, work: Path) -> subprocess.CompletedProcess[str]:
    # cautious: a test is built only when all of its parents are selected (a relationships
    # test of an unselected staging model would otherwise fail on a missing table).
    return run_dbt(
        warehouse,
        work,
        "build",
        "--select",
        *FOREX_PROP_SELECTION,
        "--indirect-selection",
        "cautious",
    )


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Iterable[dict[str, Any]]) -> None:
    """Insert dicts into raw.<table>, filling the lineage columns like a load would."""
    for line, row in enumerate(rows, start=2):
        full = {
            "_source_file": f"test/{table}.csv",
            "_line_number": line,
            "_load_id": "test-load",
            "_loaded_at": "2026-07-01 00:00:00",
            **row,
        }
        cols = ", ".join(full)
        marks = ", ".join("?" for _ in full)
        con.execute(f"insert into raw.{table} ({cols}) values ({marks})", list(full.values()))


def query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()
