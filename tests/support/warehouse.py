"""Reading and seeding a test's real DuckDB warehouse file."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb

# What a real load writes into every raw table's lineage columns; tests that insert raw rows
# directly fill them alike so staging models see well-formed lineage.
TEST_LOAD_ID = "test-load"
TEST_LOADED_AT = "2026-07-01 00:00:00"


def query(warehouse: Path, sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
    """Run one read-only query and return all rows. Read-only, and the connection closed at
    once, so a later dbt run (or another reader) is never locked out of the file."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, list(params or [])).fetchall()


def insert_raw_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rows: Iterable[Mapping[str, Any]],
    *,
    source_file: str | None = None,
) -> None:
    """Insert dicts into raw.<table>, filling the lineage columns like a load would: line numbers
    from 2 (line 1 is the header), source file `test/<table>.csv` unless given."""
    for line, row in enumerate(rows, start=2):
        full = {
            "_source_file": source_file or f"test/{table}.csv",
            "_line_number": line,
            "_load_id": TEST_LOAD_ID,
            "_loaded_at": TEST_LOADED_AT,
            **row,
        }
        cols = ", ".join(full)
        marks = ", ".join("?" for _ in full)
        con.execute(f"insert into raw.{table} ({cols}) values ({marks})", list(full.values()))


def insert_raw_tuples(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    source_file: str | None = None,
) -> None:
    """Insert positional rows (in `columns` order) into raw.<table>, with lineage as above."""
    insert_raw_rows(
        con,
        table,
        (dict(zip(columns, row, strict=True)) for row in rows),
        source_file=source_file,
    )
