"""Builds the tiny iGaming warehouse once (real DuckDB file, real dbt build) for the tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from partnerledger.paths import DBT_PROJECT_DIR
from tests.dbt_igaming.igaming_warehouse import write_raw

# Our models and everything upstream of them (their tests included); downstream models belong to
# other domains and are covered by their own tests.
SELECT = [
    "+int_commission_lines_revshare",
    "+int_commission_lines_cpa",
    "+int_revshare_carryover",
    "+int_revshare_monthly",
]


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
    return subprocess.run(cmd, check=False, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def igaming_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("igaming")
    warehouse = work / "warehouse.duckdb"
    write_raw(warehouse)
    result = run_dbt(
        ["build", "--indirect-selection", "cautious", "--select", *SELECT], warehouse, work
    )
    if result.returncode != 0:
        failures = [ln for ln in result.stdout.splitlines() if "ERROR" in ln or "FAIL" in ln]
        pytest.fail(
            "dbt build failed:\n" + "\n".join(failures[-40:]) + "\n" + result.stdout[-4000:]
        )
    return warehouse
