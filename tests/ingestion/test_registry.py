"""Only new content loads; rejected files do not stop the load; the registry reconciles."""

from __future__ import annotations

import duckdb
import pytest

from ingestion.load import ingest_landing, reconcile

FX = "rate_date,currency,usd_per_unit\n2026-03-01,EUR,1.08\n2026-03-01,GBP,1.27\n"
FX_BAD = "rate_date,currency,usd_per_unit\n2026-03-02,EUR,1.09\n2026-03-02,EU,1.0\n"
TABLES = ["raw.fx_rates", "raw.clicks", "ingest.quarantine"]


def _snapshot(landing) -> dict[str, list[tuple]]:
    return {
        t: landing.query(f"select * exclude (_loaded_at, _load_id) from {t} order by all")
        if t.startswith("raw")
        else landing.query(f"select * exclude (loaded_at, load_id) from {t} order by all")
        for t in TABLES
    }


def test_ingesting_twice_changes_nothing(landing):
    landing.write("ops/fx_rates.csv", FX)
    landing.write("ops/fx_rates_bad.csv", FX_BAD)
    landing.write(
        "tracking/clicks.csv", "click_id,partner_id,brand_id,clicked_at\nK1,P-1,B-1,2026-03-01\n"
    )
    first = landing.ingest()
    before = _snapshot(landing)
    second = landing.ingest()
    assert [f.status for f in first.files] == ["loaded", "loaded", "loaded"]
    assert [f.status for f in second.files] == ["skipped_duplicate"] * 3
    assert second.by_entity() == {}
    assert _snapshot(landing) == before
    assert landing.query("select count(*) from ingest.loads") == [(2,)]


def test_same_content_under_another_name_loads_nothing(landing):
    landing.write("ops/fx_rates.csv", FX)
    landing.ingest()
    landing.write("ops/2026/fx_rates_copy.csv", FX)
    (copy, original) = sorted(landing.ingest().files, key=lambda f: f.path)
    assert (copy.path, copy.status, copy.rows_loaded) == (
        "ops/2026/fx_rates_copy.csv",
        "skipped_duplicate",
        0,
    )
    assert original.status == "skipped_duplicate"
    assert landing.query("select count(*) from raw.fx_rates") == [(2,)]
    aliases = landing.query("select path from ingest.file_aliases order by 1")
    assert aliases == [("ops/2026/fx_rates_copy.csv",), ("ops/fx_rates.csv",)]
    assert landing.query("select count(distinct content_hash) from ingest.file_aliases") == [(1,)]


def test_a_later_file_loads_alone(landing):
    landing.write("ops/fx_rates_01.csv", FX)
    landing.ingest()
    landing.write("ops/fx_rates_02.csv", FX_BAD)
    report = landing.ingest()
    by_path = {f.path: f for f in report.files}
    assert by_path["ops/fx_rates_01.csv"].status == "skipped_duplicate"
    assert (by_path["ops/fx_rates_02.csv"].status, by_path["ops/fx_rates_02.csv"].rows_loaded) == (
        "loaded",
        1,
    )
    # 2 rows of the first file + 1 good row of the second; its EU row is quarantined.
    assert landing.query(
        "select _source_file, count(*) from raw.fx_rates group by 1 order by 1"
    ) == [
        ("ops/fx_rates_01.csv", 2),
        ("ops/fx_rates_02.csv", 1),
    ]
    counts = report.by_entity()["fx_rates"]
    assert (counts.rows_read, counts.rows_loaded, counts.rows_quarantined, counts.files) == (
        2,
        1,
        1,
        1,
    )


def test_garbage_and_misplaced_files_are_rejected_and_the_rest_loads(landing):
    (landing.root / "tracking").mkdir(parents=True)
    (landing.root / "tracking" / "clicks_garbage.csv").write_bytes(bytes(range(256)) * 20)
    landing.write("tracking/conversions.csv", "id,what\n1,2\n")  # header lacks the contract
    landing.write(
        "brand/clicks.csv", "click_id,partner_id,brand_id,clicked_at\nK1,P-1,B-1,2026-03-01\n"
    )
    landing.write("ops/notes.csv", "a\n1\n")
    landing.write("ops/fx_rates.xlsx", "not really excel")
    landing.write("ops/fx_rates.csv", FX)
    landing.write("ops/_manifest.json", "{}")  # ignored: starts with _
    landing.write(".hidden/fx_rates.csv", FX)  # ignored: folder starts with .
    report = landing.ingest()
    status = {f.path: (f.status, f.rows_read) for f in report.files}
    assert status == {
        "brand/clicks.csv": ("rejected", 0),
        "ops/fx_rates.csv": ("loaded", 2),
        "ops/fx_rates.xlsx": ("rejected", 0),
        "ops/notes.csv": ("rejected", 0),
        "tracking/clicks_garbage.csv": ("rejected", 0),
        "tracking/conversions.csv": ("rejected", 0),
    }
    reasons = dict(
        landing.query("select source_file, reason from ingest.quarantine where line_number is null")
    )
    assert (
        reasons["brand/clicks.csv"]
        == "clicks files belong under tracking/, not brand/; move the file"
    )
    assert reasons["ops/fx_rates.xlsx"].startswith(
        "unsupported file format for fx_rates: fx_rates.xlsx"
    )
    assert reasons["ops/notes.csv"].startswith("file name does not start with an entity name")
    assert reasons["tracking/conversions.csv"].startswith(
        "missing required column(s) event_id, brand_id, event_type, occurred_at; the header has: id, what"
    )
    assert reasons["tracking/clicks_garbage.csv"].startswith("cannot be parsed")
    assert landing.query(
        "select status, reason is not null from ingest.files where path = 'ops/notes.csv'"
    ) == [("rejected", True)]
    with duckdb.connect(str(landing.warehouse), read_only=True) as con:
        assert reconcile(con) == []
    counts = report.by_entity()
    assert sorted(counts) == ["clicks", "conversions", "fx_rates"]  # notes.csv has no entity
    assert (counts["fx_rates"].files, counts["fx_rates"].files_rejected) == (1, 1)  # .csv and .xlsx
    assert (
        counts["clicks"].files,
        counts["clicks"].files_rejected,
        counts["clicks"].rows_read,
    ) == (0, 2, 0)


def test_reconcile_finds_rows_that_disagree_with_the_registry(landing):
    landing.write("ops/fx_rates.csv", FX)
    landing.write("ops/fx_rates_bad.csv", FX_BAD)
    landing.ingest()
    with duckdb.connect(str(landing.warehouse)) as con:
        assert reconcile(con) == []
        assert reconcile(con, entity="fx_rates") == []
        con.execute("delete from raw.fx_rates where currency = 'GBP'")
        con.execute("delete from ingest.quarantine")
        con.execute("update ingest.files set rows_read = 5 where path = 'ops/fx_rates_bad.csv'")
        assert reconcile(con, entity="fx_rates") == [
            "ops/fx_rates.csv: raw.fx_rates holds 1 rows of it, the registry says 2",
            "ops/fx_rates_bad.csv: rows_read 5 != rows_loaded 1 + rows_quarantined 1",
            "ops/fx_rates_bad.csv: ingest.quarantine holds 0 rows of it, the registry says 1",
        ]
        assert reconcile(con, entity="clicks") == []


def test_the_landing_dir_must_exist(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        ingest_landing(tmp_path / "nope", tmp_path / "w.duckdb")


def test_progress_reports_each_file(landing):
    landing.write("ops/fx_rates.csv", FX)
    messages: list[str] = []
    ingest_landing(landing.root, landing.warehouse, progress=messages.append)
    assert messages == ["loaded            ops/fx_rates.csv: read 2, loaded 2, quarantined 0"]
