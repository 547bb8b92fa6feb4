"""The dbt models as assets: everything but the payout marts, then the payout marts.

Two `@dbt_assets` definitions make two steps, so the blocking data-quality checks on the
commission marts run between them: a failed gate skips the payout marts and publishing.
"""

import json
import os
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from dagster_project.project import dbt_project
from dagster_project.resources import DUCKDB_POOL, WarehouseResource
from dagster_project.translator import translator
from ingestion.entities import ENTITIES

PAYOUTS_TAG = "payouts"


def load_manifest() -> dict[str, Any]:
    return json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))


MANIFEST = load_manifest()


def model_keys(manifest: Mapping[str, Any], payouts: bool | None = None) -> list[dg.AssetKey]:
    """Asset keys of the manifest's models (only payout models, none of them, or all)."""
    keys = []
    for node in manifest["nodes"].values():
        if node["resource_type"] not in ("model", "seed", "snapshot"):
            continue
        tagged = PAYOUTS_TAG in node.get("tags", [])
        if payouts is None or tagged == payouts:
            keys.append(translator.get_asset_key(node))
    return keys


HAS_PAYOUT_MODELS = bool(model_keys(MANIFEST, payouts=True))

# The models the GX gates check (dagster_project/checks/quality.py attaches to those present).
# A blocking check only holds back assets that depend on its asset DIRECTLY, so every payout
# model (and publishing) is made a direct dependant of each gated model.
GATE_CANDIDATES = [
    dg.AssetKey(["marts", "fct_commission_lines"]),
    dg.AssetKey(["marts", "fct_partner_monthly_statement"]),
    dg.AssetKey(["intermediate", "int_customers_attributed"]),
    dg.AssetKey(["marts", "dim_customers"]),
    *(dg.AssetKey(["staging", f"stg_{e.source}__{name}"]) for name, e in ENTITIES.items()),
]
GATED_KEYS = [k for k in GATE_CANDIDATES if k in set(model_keys(MANIFEST, payouts=False))]


class _GatedPayoutTranslator(type(translator)):
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
    # profiles.yml reads the warehouse from the environment of the dbt subprocess.
    os.environ.update(warehouse.dbt_env())
    # raise_on_error=False: failed dbt tests surface as failed blocking asset checks (exit 3 of
    # the build); model errors are raised below (exit 1).
    invocation = dbt.cli(["build"], context=context, raise_on_error=False)
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


@dbt_assets(
    manifest=MANIFEST,
    project=dbt_project,
    dagster_dbt_translator=translator,
    exclude=f"tag:{PAYOUTS_TAG}" if HAS_PAYOUT_MODELS else "",
    name="dbt_models",
    pool=DUCKDB_POOL,
)
def dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
) -> Iterator:
    """Staging, intermediate and mart models: commission lines and statements from raw data."""
    yield from _run_dbt_build(context, dbt, warehouse)


DBT_ASSETS = [dbt_models]

if HAS_PAYOUT_MODELS:

    @dbt_assets(
        manifest=MANIFEST,
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

    DBT_ASSETS.append(payout_marts)
