"""The Dagster definitions load, and are wired the way the build relies on."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from dagster_project.jobs import landing_fingerprint


def _defs():
    from dagster_project.definitions import defs

    return defs


def test_definitions_load_with_job_sensor_and_schedule():
    defs = _defs()
    dg.Definitions.validate_loadable(defs)
    assert defs.resolve_job_def("build_all").name == "build_all"
    assert defs.resolve_sensor_def("new_landing_files").job_name == "build_all"
    assert defs.resolve_schedule_def("daily_build").cron_schedule == "0 6 * * *"


def test_raw_sources_map_to_ingestion_assets_and_publish_is_last():
    graph = _defs().resolve_asset_graph()
    keys = graph.get_all_asset_keys()
    assert dg.AssetKey(["raw", "payments"]) in keys
    assert dg.AssetKey(["ops_snapshot"]) in keys
    # staging reads the raw table the ingestion asset writes, not a dangling dbt source key
    stg = dg.AssetKey(["staging", "stg_brand__payments"])
    assert dg.AssetKey(["raw", "payments"]) in graph.get(stg).parent_keys
    assert dg.AssetKey(["brand", "payments"]) not in keys
    serving = graph.get(dg.AssetKey(["serving"]))
    assert dg.AssetKey(["marts", "fct_commission_lines"]) in serving.parent_keys


def test_gates_are_blocking_and_everything_touching_duckdb_shares_one_pool():
    defs = _defs()
    graph = defs.resolve_asset_graph()
    gates = {
        "commission_lines_complete",
        "statement_identities",
        "no_future_events",
        "lots_plausible",
        "month_jump_explained",
        "attribution_exclusive",
        "reconciles_with_raw",
        "rows_reconcile",
    }
    found = set()
    for key in graph.asset_check_keys:
        if key.name in gates:
            found.add(key.name)
            assert graph.get_check_spec(key).blocking, key
    # the marts the gates protect exist in the dbt project, so each gate is wired
    assert {"commission_lines_complete", "statement_identities", "rows_reconcile"} <= found
    for assets_def in [*defs.assets, *defs.asset_checks]:
        assert assets_def.op.pool == "duckdb_writer", assets_def.op.name


def test_sensor_requests_a_run_only_when_landing_files_change(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PARTNERLEDGER_LANDING", str(tmp_path))
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "payments.csv").write_text("transaction_id\n", encoding="utf-8")
    sensor = _defs().resolve_sensor_def("new_landing_files")
    first = sensor(dg.build_sensor_context(cursor=None))
    assert len(first.run_requests) == 1 and first.cursor == landing_fingerprint(tmp_path)
    again = sensor(dg.build_sensor_context(cursor=first.cursor))
    assert isinstance(again, dg.SkipReason)
    (tmp_path / "brand" / "payments_2.csv").write_text("transaction_id\n", encoding="utf-8")
    later = sensor(dg.build_sensor_context(cursor=first.cursor))
    assert len(later.run_requests) == 1 and later.cursor != first.cursor


def test_sensor_requests_a_run_when_a_deal_amendment_is_recorded(tmp_path: Path, monkeypatch):
    from partnerledger import ops_store

    monkeypatch.setenv("PARTNERLEDGER_LANDING", str(tmp_path / "landing"))
    monkeypatch.setenv("PARTNERLEDGER_HOME", str(tmp_path / "home"))
    sensor = _defs().resolve_sensor_def("new_landing_files")
    first = sensor(dg.build_sensor_context(cursor=None))
    assert isinstance(sensor(dg.build_sensor_context(cursor=first.cursor)), dg.SkipReason)
    ops_store.record_deal_amendment(
        tmp_path / "home", "ann", "manager", {"deal_id": "D-1", "version": 2}, "new terms"
    )
    later = sensor(dg.build_sensor_context(cursor=first.cursor))
    assert len(later.run_requests) == 1 and later.cursor != first.cursor


def test_payout_marts_and_publishing_depend_directly_on_every_gated_model():
    # A blocking check only holds back its asset's direct dependants (Dagster), so the gated
    # commission marts must be direct parents of the payout marts and of publishing.
    from dagster_project.assets.dbt_models import GATED_KEYS, MANIFEST, model_keys

    graph = _defs().resolve_asset_graph()
    assert dg.AssetKey(["marts", "fct_commission_lines"]) in GATED_KEYS
    for key in [*model_keys(MANIFEST, payouts=True), dg.AssetKey(["serving"])]:
        missing = set(GATED_KEYS) - set(graph.get(key).parent_keys)
        assert not missing, (key, missing)
