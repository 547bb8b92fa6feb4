"""One real tiny warehouse for the segment tests: generated landing zone plus the hand-made
partners of segments_landing.py, real ingestion, real dbt build of the two marts and everything
upstream of them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ingestion.load import ingest_landing
from partnerledger.generate import generate
from partnerledger.paths import DBT_PROJECT_DIR
from tests.dbt_segments.segments_landing import write_segment_cases

SELECT = ["+mart_partner_segments", "+mart_tier_recommendations"]


def run_dbt(args: list[str], warehouse: Path, work: Path) -> subprocess.CompletedProcess:
    dbt = Path(sys.executable).with_name("dbt")
    env = {
        **os.environ,
        "PARTNERLEDGER_WAREHOUSE": str(warehouse),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    cmd = [
        str(dbt),
        *args,
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
    ]
    return subprocess.run(cmd, check=False, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="session")
def segments_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("segments")
    landing, warehouse = work / "landing", work / "warehouse.duckdb"
    generate(landing, scale="tiny", progress=None)
    write_segment_cases(landing)
    ingest_landing(landing, warehouse)
    # cautious: a test runs only when all its parents are built
    result = run_dbt(
        ["build", "--select", *SELECT, "--indirect-selection", "cautious"], warehouse, work
    )
    if result.returncode != 0:
        failures = [ln for ln in result.stdout.splitlines() if "ERROR" in ln or "FAIL" in ln]
        pytest.fail(
            "dbt build failed:\n" + "\n".join(failures[-40:]) + "\n" + result.stdout[-4000:]
        )
    return warehouse


def query(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
