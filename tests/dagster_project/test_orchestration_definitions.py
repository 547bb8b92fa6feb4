"""The Dagster definitions load, and are wired the way the build relies on."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
import pytest

from dagster_project.jobs import landing_fingerprint


def _defs() -> dg.Definitions:
    from dagster_project.definitions import build_definitions
    from dagster_project.project import load_manifest

    return build_definitions(load_manifest())


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
    assert {"commission_lines_complete", "month_jump_explained", "rows_reconcile"} <= found
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
    from dagster_project.checks.quality import GATED_KEYS
    from dagster_project.dbt_nodes import model_keys
    from dagster_project.project import load_manifest

    graph = _defs().resolve_asset_graph()
    assert dg.AssetKey(["marts", "fct_commission_lines"]) in GATED_KEYS
    for key in [*model_keys(load_manifest(), payouts=True), dg.AssetKey(["serving"])]:
        missing = set(GATED_KEYS) - set(graph.get(key).parent_keys)
        assert not missing, (key, missing)


def _manifest_with_renamed_model(old: str, new: str) -> dict:
    """The real manifest with one model renamed, as a rename in dbt/models/ would leave it."""
    from dagster_project.project import load_manifest

    manifest = load_manifest()
    (node,) = [n for n in manifest["nodes"].values() if n["name"] == old]
    node["name"] = node["alias"] = new
    return manifest


def test_a_renamed_gated_model_fails_the_definitions_instead_of_dropping_its_gate():
    from dagster_project.checks.quality import MissingGatedModel, build_checks
    from dagster_project.definitions import build_definitions

    manifest = _manifest_with_renamed_model(
        "fct_partner_monthly_statement", "fct_partner_statements"
    )
    with pytest.raises(MissingGatedModel) as raised:
        build_checks(manifest)
    # the gate on the statements is named, with the model it expected
    message = str(raised.value)
    assert "month_jump_explained on marts/fct_partner_monthly_statement" in message
    assert "commission_lines_complete" not in message  # its model is still there
    with pytest.raises(MissingGatedModel):
        build_definitions(manifest)


def test_every_declared_gate_is_wired_and_attribution_is_judged_on_the_customers_mart():
    from dagster_project.checks.quality import GATES

    graph = _defs().resolve_asset_graph()
    wired = {(k.asset_key, k.name) for k in graph.asset_check_keys}
    assert {(g.model, g.name) for g in GATES} <= wired
    attribution = {k.asset_key for k in graph.asset_check_keys if k.name == "attribution_exclusive"}
    assert attribution == {dg.AssetKey(["marts", "dim_customers"])}


def test_app_deal_amendments_are_exported_by_their_own_asset_ahead_of_the_ingest():
    graph = _defs().resolve_asset_graph()
    amendments = dg.AssetKey(["deal_amendments"])
    assert amendments in graph.get(dg.AssetKey(["raw", "deals"])).parent_keys
    # a step of its own, not a side effect of the ingest step
    defs = _defs()
    assert defs.resolve_assets_def(amendments).op.name == "deal_amendments"
    assert defs.resolve_assets_def(dg.AssetKey(["raw", "deals"])).op.name == "landing_ingest"


def test_importing_the_definitions_reads_no_manifest_and_leaves_the_environment_alone():
    # A fresh interpreter watches every file it opens (an audit hook) while importing the
    # definitions: nothing may read the manifest or edit os.environ at import time.
    import subprocess
    import sys

    code = (
        "import os, sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda event, args: event == 'open' and opened.append(str(args[0])))\n"
        "before = dict(os.environ)\n"
        "import dagster_project.definitions\n"
        "import dagster_project.run\n"
        "print('manifest read:', any(p.endswith('manifest.json') for p in opened))\n"
        "print('environment changed:', dict(os.environ) != before)\n"
        "print('dagster_project opened:', any('dagster_project' in p for p in opened))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERLEDGER_")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "manifest read: False" in done.stdout
    assert "environment changed: False" in done.stdout
    assert "dagster_project opened: True" in done.stdout  # the hook saw the imports' files


def test_the_dbt_step_refuses_an_environment_that_names_another_warehouse(
    tmp_path: Path, monkeypatch
):
    # dbt reads its warehouse from the environment it inherits; the step checks it against the
    # run's home rather than editing os.environ (which would leak into later runs).
    from dagster_project.resources import WarehouseResource

    home = tmp_path / "home"
    warehouse = WarehouseResource(home_dir=str(home))
    monkeypatch.setenv("PARTNERLEDGER_HOME", str(home))
    monkeypatch.setenv("PARTNERLEDGER_WAREHOUSE", str(tmp_path / "other" / "warehouse.duckdb"))
    with pytest.raises(dg.Failure, match="PARTNERLEDGER_WAREHOUSE"):
        warehouse.check_dbt_env()
    monkeypatch.setenv("PARTNERLEDGER_WAREHOUSE", str(home / "warehouse.duckdb"))
    warehouse.check_dbt_env()  # the environment names this home: no error
