"""Every dbt unit test of the project, in one run (docs/decisions/038-unit-tests-run-in-ci.md).

Production builds (`partnerledger build`, the Dagster dbt steps) leave unit tests out: they test
the SQL, not the data, and gave a third of a build's dbt time. They run here instead, on every
`make test`: the models are created empty (`dbt run --empty`: unit tests read their inputs'
column types from the warehouse), then `dbt test --select test_type:unit`.
"""

from __future__ import annotations

import json

import duckdb

from ingestion.raw_schema import create_raw_tables
from tests.support.dbt_runner import dbt_ok, run_dbt


def test_every_dbt_unit_test_passes(tmp_path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        create_raw_tables(con)  # the sources the empty models select from
    dbt_ok(run_dbt(["run", "--empty"], warehouse, tmp_path), "run --empty")
    result = run_dbt(["test", "--select", "test_type:unit"], warehouse, tmp_path)
    dbt_ok(result, "unit tests")

    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    declared = len(manifest["unit_tests"])
    run_results = json.loads((tmp_path / "target" / "run_results.json").read_text())
    passed = [r for r in run_results["results"] if r["unique_id"].startswith("unit_test.")]
    # every declared unit test ran and passed: a selection that ran none cannot pass
    assert declared >= 50, f"only {declared} unit tests declared"
    assert len(passed) == declared
    assert {r["status"] for r in passed} == {"pass"}
