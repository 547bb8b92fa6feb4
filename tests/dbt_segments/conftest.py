"""One real tiny warehouse for the segment tests: generated landing zone plus the hand-made
partners of segments_landing.py, real ingestion, real dbt build of the two marts and everything
upstream of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingestion.load import ingest_landing
from landing_generator import generate
from tests.dbt_segments.segments_landing import write_segment_cases
from tests.support.dbt_runner import build_selection
from tests.support.warehouse import query

__all__ = ["query", "segments_warehouse"]  # the tests import query from here

SELECT = ["+mart_partner_segments", "+mart_tier_recommendations"]


@pytest.fixture(scope="session")
def segments_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("segments")
    landing, warehouse = work / "landing", work / "warehouse.duckdb"
    generate(landing, scale="tiny", progress=None)
    write_segment_cases(landing)
    ingest_landing(landing, warehouse)
    build_selection(warehouse, work, SELECT)
    return warehouse
