"""Property: whatever rows arrive, ingestion accounts for each exactly once.

Hypothesis writes random CSV rows of four entities (clicks, registrations as customers,
casino activity, MT5 trades), each value either a valid one or arbitrary text, and ingests
them (no dbt). For every file: rows in = loaded + quarantined, and the loaded and the
quarantined line numbers split the file's data lines with no line in both or neither.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingestion.entities import ENTITIES
from ingestion.load import ingest_landing

# Valid values per column kind; any column may instead get arbitrary text.
GOOD = {
    "click_id": st.sampled_from(["K1", "K2", "K3"]),
    "partner_id": st.sampled_from(["P-1", "P-2"]),
    "brand_id": st.sampled_from(["B-1", "B-2"]),
    "customer_id": st.sampled_from(["C1", "C2"]),
    "clicked_at": st.sampled_from(["2026-03-01T10:00:00Z", "2026-03-01 10:00:00+02:00"]),
    "registered_at": st.sampled_from(["2026-03-01T10:00:00Z", "2026-02-28"]),
    "activity_date": st.sampled_from(["2026-03-01", "2026-02-29", "2024-02-29"]),
    "product": st.sampled_from(["casino", "sportsbook", "poker"]),
    "currency": st.sampled_from(["EUR", "USD", "XXY"]),
    "stakes": st.decimals(min_value=-10, max_value=10**12, places=2).map(str),
    "payouts": st.decimals(min_value=0, max_value=10**6, places=2).map(str),
    "Deal": st.integers(min_value=-5, max_value=10**12).map(str),
    "Login": st.integers(min_value=1, max_value=10**6).map(str),
    "Time": st.sampled_from(["1772359200", "2026-03-01 10:00:00", "0"]),
    "Action": st.integers(min_value=0, max_value=2).map(str),
    "Volume": st.integers(min_value=-1, max_value=10**6).map(str),
    "Server": st.sampled_from(["MT5-1", ""]),
}
FILES = {
    "tracking/clicks.csv": ["click_id", "partner_id", "brand_id", "clicked_at"],
    "brand/customers.csv": ["customer_id", "brand_id", "registered_at"],
    "brand/casino_activity.csv": [
        "activity_date",
        "customer_id",
        "brand_id",
        "product",
        "currency",
        "stakes",
        "payouts",
    ],
    "trading/mt5_deals.csv": ["Deal", "Login", "Time", "Action", "Volume", "Server"],
}
assert {p.split("/")[1].removesuffix(".csv") for p in FILES} <= set(ENTITIES)
# Arbitrary text without line breaks: a quoted newline shifts line numbers, a known gap the
# corpus records (tests/corpus/cases/quoted_newline_line_numbers).
JUNK = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=20
)


def _rows(columns: list[str]):
    row = st.tuples(*(st.one_of(GOOD[c], JUNK) for c in columns)).map(list)
    return st.lists(row, max_size=8)


DROP = st.fixed_dictionaries({path: _rows(cols) for path, cols in FILES.items()})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DROP)
def test_every_row_is_loaded_or_quarantined_exactly_once(drop):
    with tempfile.TemporaryDirectory() as tmp:
        landing = Path(tmp) / "landing"
        for path, rows in drop.items():
            out = io.StringIO()
            writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
            writer.writerows([FILES[path], *rows])
            (landing / path).parent.mkdir(parents=True, exist_ok=True)
            (landing / path).write_text(out.getvalue(), encoding="utf-8")
        report = ingest_landing(landing, Path(tmp) / "warehouse.duckdb")
        with duckdb.connect(str(Path(tmp) / "warehouse.duckdb"), read_only=True) as con:
            for f in report.files:
                rows_in = len(drop[f.path])
                assert f.status == "loaded", (f.path, f.reason)
                assert rows_in == f.rows_loaded + f.rows_quarantined, f
                entity = f.entity
                loaded = [
                    r[0]
                    for r in con.execute(
                        f"select _line_number from raw.{entity} where _source_file = ?", [f.path]
                    ).fetchall()
                ]
                quarantined = [
                    r[0]
                    for r in con.execute(
                        "select line_number from ingest.quarantine where source_file = ?", [f.path]
                    ).fetchall()
                ]
                assert not set(loaded) & set(quarantined), f.path
                # Header is line 1: the data lines are 2 .. rows_in + 1, each exactly once.
                assert sorted(loaded + quarantined) == list(range(2, rows_in + 2)), f.path
