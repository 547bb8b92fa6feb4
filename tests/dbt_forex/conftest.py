"""Fixtures of the forex/prop dbt tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from ingestion.raw_schema import create_raw_tables
from tests.support.warehouse import insert_raw_rows


@pytest.fixture()
def raw_warehouse(tmp_path: Path) -> Callable[[dict[str, list[dict[str, Any]]]], Path]:
    """Make a warehouse with the raw schema and the given rows per raw table."""

    def make(tables: dict[str, list[dict[str, Any]]]) -> Path:
        warehouse = tmp_path / "warehouse.duckdb"
        with duckdb.connect(str(warehouse)) as con:
            create_raw_tables(con)
            for table, rows in tables.items():
                insert_raw_rows(con, table, rows)
        return warehouse

    return make
