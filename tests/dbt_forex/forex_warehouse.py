"""A real tiny warehouse for the forex/prop dbt models: raw tables from the ingestion's own
DDL, rows inserted by the tests, and a real `dbt build` of the forex/prop selection."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from partnerledger.paths import DBT_PROJECT_DIR
from tests.support.dbt_runner import build_selection, dbt_ok
from tests.support.dbt_runner import run_dbt as run_dbt_on
from tests.support.warehouse import query

__all__ = ["FOREX_PROP_SELECTION", "PROJECT_DIR", "build_forex_prop", "query", "run_dbt"]

# The project under test; PARTNERLEDGER_DBT_PROJECT_DIR points at another copy of it (used
# while other domains' half-written models keep the shared checkout from parsing).
PROJECT_DIR = Path(os.environ.get("PARTNERLEDGER_DBT_PROJECT_DIR") or DBT_PROJECT_DIR)

# The forex and prop commission lines and the symbol report, with everything upstream.
FOREX_PROP_SELECTION = [
    "+int_commission_lines_lot_rebate",
    "+int_commission_lines_spread_share",
    "+int_commission_lines_ib_override",
    "+int_commission_lines_prop",
    "+int_symbols_unmatched",
]


def run_dbt(warehouse: Path, work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run dbt on PROJECT_DIR against `warehouse` (target/ and logs/ under `work`); fail the test
    if dbt fails."""
    result = run_dbt_on(list(args), warehouse, work, project_dir=PROJECT_DIR)
    dbt_ok(result, " ".join(args))
    return result


def build_forex_prop(warehouse: Path, work: Path) -> subprocess.CompletedProcess[str]:
    return build_selection(warehouse, work, FOREX_PROP_SELECTION, project_dir=PROJECT_DIR)
