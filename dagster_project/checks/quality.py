"""The GX gates as blocking asset checks, attached to the dbt models present in the manifest.

Each gate reads a frame from the warehouse (SQL in `expectations.suites.<dataset>.frame`),
validates it with its suite (`expectations.runner.validate`, which writes the report under
<home>/reports/) and fails with the failed expectations and example rows as metadata.
"""

import json
import os
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any

import dagster as dg
import duckdb
import great_expectations as gx
import pandas as pd

from dagster_project.assets.dbt_models import MANIFEST, model_keys
from dagster_project.resources import DUCKDB_POOL, WarehouseResource
from expectations.runner import ValidationOutcome, validate
from expectations.suites import (
    attribution,
    commission_lines,
    future_events,
    lots,
    month_jump,
    staging_reconciliation,
    statements,
)
from ingestion.entities import ENTITIES
from partnerledger.config import gate

Frame = Callable[[duckdb.DuckDBPyConnection], pd.DataFrame]

LINES = dg.AssetKey(["marts", "fct_commission_lines"])
STATEMENTS = dg.AssetKey(["marts", "fct_partner_monthly_statement"])
ATTRIBUTION = [
    (
        dg.AssetKey(["intermediate", "int_customers_attributed"]),
        "intermediate.int_customers_attributed",
    ),
    (dg.AssetKey(["marts", "dim_customers"]), "marts.dim_customers"),
]


def build_today() -> date:
    """The build's "today": PARTNERLEDGER_TODAY (YYYY-MM-DD) when set, else the UTC date."""
    value = os.environ.get("PARTNERLEDGER_TODAY")
    return date.fromisoformat(value) if value else datetime.now(UTC).date()


def outcome_metadata(outcome: ValidationOutcome) -> dict[str, Any]:
    return {
        "dataset": outcome.dataset,
        "rows": outcome.rows,
        "summary": outcome.summary(),
        "failed_expectations": dg.MetadataValue.json(
            [
                {
                    "expectation": f.expectation,
                    "column": f.column,
                    "rule": f.rule,
                    "unexpected_count": f.unexpected_count,
                    "examples": f.examples[:5],
                }
                for f in outcome.failed
            ]
        ),
    }


def gx_check(
    name: str,
    asset: dg.AssetKey,
    dataset: str,
    suite: Callable[[], gx.ExpectationSuite],
    frame: Frame,
    description: str,
    blocking: bool = True,
) -> dg.AssetChecksDefinition:
    """A blocking asset check validating `frame(con)` against `suite()`."""

    @dg.asset_check(
        asset=asset, name=name, blocking=blocking, description=description, pool=DUCKDB_POOL
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        home = warehouse.home()
        # Read, then close before anything else runs: dbt needs the write lock.
        with warehouse.connect(read_only=True) as con:
            df = frame(con)
        outcome = validate(dataset, suite(), df, reports_dir=home.reports)
        return dg.AssetCheckResult(passed=outcome.success, metadata=outcome_metadata(outcome))

    return _check


def build_checks(manifest: Mapping[str, Any] = MANIFEST) -> list[dg.AssetChecksDefinition]:
    """The gates whose models exist in the manifest (a missing model means no gate, not an error)."""
    present = set(model_keys(manifest))
    checks: list[dg.AssetChecksDefinition] = []
    if LINES in present:
        checks += [
            gx_check(
                "commission_lines_complete",
                LINES,
                commission_lines.DATASET,
                commission_lines.build_commission_lines_suite,
                commission_lines.frame,
                "Every line has deal, version, currency, a valid component and a USD amount (FX present).",
            ),
            gx_check(
                "lots_plausible",
                LINES,
                lots.DATASET,
                lambda: lots.build_lots_suite(float(gate("max_lots_per_line"))),
                lots.frame,
                "Lots behind each line are non-negative and below max_lots_per_line.",
            ),
            gx_check(
                "no_future_events",
                LINES,
                future_events.DATASET,
                future_events.build_future_events_suite,
                lambda con: future_events.frame(con, build_today()),
                "No source event is dated after the build's today.",
            ),
        ]
    if STATEMENTS in present:
        checks += [
            gx_check(
                "statement_identities",
                STATEMENTS,
                statements.DATASET,
                statements.build_statements_suite,
                statements.frame,
                "Total = sum of components; carryover identities; components = sums of their lines.",
            ),
            gx_check(
                "month_jump_explained",
                STATEMENTS,
                month_jump.DATASET,
                lambda: month_jump.build_month_jump_suite(float(gate("max_month_jump_factor"))),
                lambda con: month_jump.frame(
                    con,
                    float(gate("month_jump_min_amount")),
                    float(gate("month_jump_min_previous_amount")),
                ),
                "A month total far above the previous month's is explained by an adjustment.",
            ),
        ]
    for key, relation in ATTRIBUTION:
        if key in present:
            checks.append(
                gx_check(
                    "attribution_exclusive",
                    key,
                    attribution.DATASET,
                    attribution.build_attribution_suite,
                    lambda con, rel=relation: attribution.frame(con, rel),
                    "No customer is attributed to two partners on one brand.",
                )
            )
            break
    for entity, spec in ENTITIES.items():
        key = dg.AssetKey(["staging", f"stg_{spec.source}__{entity}"])
        if key in present:
            checks.append(
                gx_check(
                    "reconciles_with_raw",
                    key,
                    f"{staging_reconciliation.DATASET}_{entity}",
                    staging_reconciliation.build_staging_reconciliation_suite,
                    lambda con, e=entity, k=key: staging_reconciliation.frame(
                        con, e, f"{k.path[0]}.{k.path[1]}"
                    ),
                    "Staging rows + duplicates removed = raw rows.",
                )
            )
    return checks


QUALITY_CHECKS = build_checks()


def describe_failures(metadata: Mapping[str, Any]) -> str:
    """The summary text a gate put in its metadata (for the build's summary)."""
    summary = metadata.get("summary")
    text = getattr(summary, "value", summary)
    if text:
        return str(text)
    failed = metadata.get("failed_expectations")
    return json.dumps(getattr(failed, "value", failed), default=str)
