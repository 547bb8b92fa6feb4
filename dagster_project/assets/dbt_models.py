"""The dbt models as assets: everything but the payout marts, then the payout marts.

Two `@dbt_assets` definitions make two steps, so the blocking data-quality checks on the
commission marts run between them: a failed gate skips the payout marts and publishing.
"""

import json
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from dagster_project.checks.quality import GATED_KEYS
from dagster_project.dbt_nodes import PAYOUTS_TAG
from dagster_project.project import dbt_project
from dagster_project.resources import DUCKDB_POOL, WarehouseResource
from dagster_project.translator import PartnerLedgerTranslator, translator


class _GatedPayoutTranslator(PartnerLedgerTranslator):
    """The project's translator, plus: payout models depend directly on every gated model."""

    def get_asset_spec(self, manifest, unique_id, project):
        spec = super().get_asset_spec(manifest, unique_id, project)
        props = self.get_resource_props(manifest, unique_id)
        if props.get("resource_type") == "model" and PAYOUTS_TAG in props.get("tags", []):
            existing = {d.asset_key for d in spec.deps}
            extra = [k for k in GATED_KEYS if k not in existing and k != spec.key]
            if extra:
                spec = spec.merge_attributes(deps=extra)
        return spec


payout_translator = _GatedPayoutTranslator(settings=translator.settings)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _run_dbt_build(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
) -> Iterator:
    # profiles.yml reads the warehouse from the environment the dbt subprocess inherits.
    warehouse.check_dbt_env()
    # raise_on_error=False: failed dbt tests surface as failed blocking asset checks (exit 3 of
    # the build); model errors are raised below (exit 1).
    # Unit tests test the SQL, not the data: `make test` runs them all
    # (tests/dbt_core/test_dbt_unit_tests.py); a build on data leaves them out.
    invocation = dbt.cli(
        ["build", "--exclude-resource-type", "unit_test"], context=context, raise_on_error=False
    )
    try:
        yield from invocation.stream()
    except BaseException:
        # Never leave dbt running after the step failed: it holds the warehouse's write lock.
        _stop(invocation.process)
        raise
    run_results = invocation.get_artifact("run_results.json")
    # Keep the timings where people and benchmarks look (reports/), then drop the per-run
    # target folder dagster-dbt made: one per invocation would pile up in the project.
    # (reports/dbt/: reports/*.json are the data-quality validations the index lists)
    timings = warehouse.home().reports / "dbt"
    timings.mkdir(parents=True, exist_ok=True)
    (timings / f"run_results_{context.op_execution_context.op.name}.json").write_text(
        json.dumps(run_results)
    )
    shutil.rmtree(invocation.target_path, ignore_errors=True)
    results = run_results.get("results", [])
    errors = [r for r in results if r.get("status") in ("error", "runtime error")]
    if errors:
        lines = [f"{r['unique_id']}: {(r.get('message') or '').strip()[:500]}" for r in errors]
        raise dg.Failure(
            description=f"dbt build failed on {len(errors)} node(s):\n" + "\n".join(lines),
            metadata={"errors": "\n".join(lines)},
        )


def build_dbt_assets(manifest: Mapping[str, Any]) -> list[dg.AssetsDefinition]:
    """The two dbt steps of `manifest`: every model but the payout marts, then the payout marts."""

    @dbt_assets(
        manifest=manifest,
        project=dbt_project,
        dagster_dbt_translator=translator,
        exclude=f"tag:{PAYOUTS_TAG}",
        name="dbt_models",
        pool=DUCKDB_POOL,
    )
    def dbt_models(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
    ) -> Iterator:
        """Staging, intermediate and mart models: commission lines and statements from raw data."""
        yield from _run_dbt_build(context, dbt, warehouse)

    @dbt_assets(
        manifest=manifest,
        project=dbt_project,
        dagster_dbt_translator=payout_translator,
        select=f"tag:{PAYOUTS_TAG}",
        name="payout_marts",
        pool=DUCKDB_POOL,
    )
    def payout_marts(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
    ) -> Iterator:
        """Partner payouts and risk, built only from commission marts that passed every gate."""
        yield from _run_dbt_build(context, dbt, warehouse)

    return [dbt_models, payout_marts]
