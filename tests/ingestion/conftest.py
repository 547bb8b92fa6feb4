"""Helpers for ingestion tests: a temporary landing directory and a real DuckDB warehouse."""

from __future__ import annotations

import gzip
from pathlib import Path

import duckdb
import pytest

from ingestion.load import IngestReport, ingest_landing


class Landing:
    """A landing directory in tmp_path plus the warehouse file it ingests into."""

    def __init__(self, root: Path):
        self.root = root / "landing"
        self.root.mkdir()
        self.warehouse = root / "warehouse.duckdb"

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith(".gz"):
            path.write_bytes(gzip.compress(text.encode()))
        else:
            path.write_text(text)
        return path

    def ingest(self) -> IngestReport:
        return ingest_landing(self.root, self.warehouse)

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.warehouse), read_only=True) as con:
            con.execute("set TimeZone = 'UTC'")
            return con.execute(sql, params or []).fetchall()

    def reasons(self, source_file: str) -> dict[int | None, str]:
        return dict(
            self.query(
                "select line_number, reason from ingest.quarantine where source_file = ? order by 1",
                [source_file],
            )
        )


@pytest.fixture
def landing(tmp_path: Path) -> Landing:
    return Landing(tmp_path)
