"""One real build of the hand-worked scenario (tests/dbt_core/scenario.py), shared by the tests.

Phase 1: ingest the landing files, dbt build, then close April the way the ops store does
(its lines frozen into ops_snapshot). Phase 2: late and new files arrive, ingest
(incremental) and dbt build again. Both warehouses are kept for the tests.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from ingestion.load import ingest_landing
from tests.dbt_core import scenario
from tests.support.dbt_runner import build_selection
from tests.support.shared_build import built_once
from tests.support.warehouse import query

__all__ = ["Built", "built", "close_month", "query"]  # the tests import Built and query from here

# The dbt-core marts and everything upstream of them (the payout marts downstream are another
# domain's and would only slow this test down).
# int_revshare_carryover is upstream of the statement (its one carryover home) and is named
# so assert_statement_carryover_matches_igaming runs.
SELECT = [
    "+fct_partner_monthly_statement",
    "+dim_partners",
    "+dim_brands",
    "+dim_customers",
    "+mart_compliance_breaches",
    "+int_revshare_carryover",
]


@dataclass(frozen=True)
class Built:
    phase1: Path  # warehouse after the first build (nothing closed)
    phase2: Path  # warehouse after April was closed and late data arrived


def close_month(warehouse: Path, month: str) -> None:
    """Freeze a month's lines the way the ops store's mirror presents them to dbt."""
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("create schema if not exists ops_snapshot")
        con.execute(
            "insert into ops_snapshot.period_closes values (cast(? as date), timestamp '2026-05-02 09:00:00', 'test', 'month end')",
            [month],
        )
        con.execute(
            "insert into ops_snapshot.closed_lines select *, timestamp '2026-05-02 09:00:00' "
            "from marts.fct_commission_lines where period_month = cast(? as date)",
            [month],
        )
    finally:
        con.close()


def _build(root: Path) -> dict:
    landing, home = root / "landing", root / "home"
    scenario.write_phase1(landing)
    warehouse = home / "warehouse.duckdb"
    ingest_landing(landing, warehouse)
    build_selection(warehouse, root, SELECT)
    shutil.copy(warehouse, root / "phase1.duckdb")

    close_month(warehouse, "2026-04-01")
    scenario.write_phase2(landing)
    ingest_landing(landing, warehouse)
    build_selection(warehouse, root, SELECT)
    return {}


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    # test_core_build reads both warehouses, test_explain copies phase2: one build for all workers
    root, _ = built_once(tmp_path_factory, "dbt_core", _build)
    return Built(phase1=root / "phase1.duckdb", phase2=root / "home" / "warehouse.duckdb")
