"""The Dagster definitions of PartnerLedger: `dagster dev -m dagster_project.definitions`.

`build_definitions(manifest)` makes them from a manifest someone produced (ensure_manifest);
nothing is read or decided when this module is imported. `defs` is the code location's
loader: Dagster calls it when it loads the location.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dagster as dg

from dagster_project.assets.dbt_models import build_dbt_assets
from dagster_project.assets.deal_amendments import deal_amendments
from dagster_project.assets.ingest import landing_ingest
from dagster_project.assets.ops_snapshot import ops_snapshot
from dagster_project.assets.publish import build_publish
from dagster_project.checks.quality import build_checks
from dagster_project.jobs import build_all, daily_build, new_landing_files
from dagster_project.project import dbt_project, load_manifest
from dagster_project.resources import build_resources


def build_definitions(
    manifest: Mapping[str, Any],
    resources: Mapping[str, object] | None = None,
    loggers: Mapping[str, dg.LoggerDefinition] | None = None,
) -> dg.Definitions:
    """The definitions of `manifest`'s models, with these resources (the build binds its home).

    Raises quality.MissingGatedModel when a gate's model is not in the manifest.
    """
    checks = build_checks(manifest)  # first: a missing gated model is the error to report
    return dg.Definitions(
        assets=[
            deal_amendments,
            landing_ingest,
            ops_snapshot,
            *build_dbt_assets(manifest),
            build_publish(manifest),
        ],
        asset_checks=checks,
        jobs=[build_all],
        sensors=[new_landing_files],
        schedules=[daily_build],
        resources=dict(resources or build_resources()),
        loggers=dict(loggers) if loggers else None,
    )


@dg.definitions
def defs() -> dg.Definitions:
    """For `dagster dev` and the Dagster UI: parses dbt first under `dagster dev` only."""
    dbt_project.prepare_if_dev()
    return build_definitions(load_manifest())
