"""Builds the tiny iGaming warehouse once (real DuckDB file, real dbt build) for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dbt_igaming.igaming_warehouse import write_raw
from tests.support.dbt_runner import build_selection

# Our models and everything upstream of them (their tests included); downstream models belong to
# other domains and are covered by their own tests.
SELECT = [
    "+int_commission_lines_revshare",
    "+int_commission_lines_cpa",
    "+int_revshare_carryover",
    "+int_revshare_monthly",
]


@pytest.fixture(scope="session")
def igaming_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("igaming")
    warehouse = work / "warehouse.duckdb"
    write_raw(warehouse)
    build_selection(warehouse, work, SELECT)
    return warehouse
