"""The Dagster definitions of PartnerLedger: `dagster dev -m dagster_project.definitions`."""

from __future__ import annotations

from collections.abc import Mapping

import dagster as dg

from dagster_project.assets.dbt_models import DBT_ASSETS
from dagster_project.assets.ingest import landing_ingest
from dagster_project.assets.ops_snapshot import ops_snapshot
from dagster_project.assets.publish import publish
from dagster_project.checks.quality import QUALITY_CHECKS
from dagster_project.jobs import build_all, daily_build, new_landing_files
from dagster_project.resources import build_resources

ASSETS = [landing_ingest, ops_snapshot, *DBT_ASSETS, publish]


def make_definitions(
    resources: Mapping[str, object] | None = None,
    loggers: Mapping[str, dg.LoggerDefinition] | None = None,
) -> dg.Definitions:
    """The definitions with these resources (`partnerledger build` binds its home and landing)."""
    return dg.Definitions(
        assets=ASSETS,
        asset_checks=QUALITY_CHECKS,
        jobs=[build_all],
        sensors=[new_landing_files],
        schedules=[daily_build],
        resources=dict(resources or build_resources()),
        loggers=dict(loggers) if loggers else None,
    )


defs = make_definitions()
