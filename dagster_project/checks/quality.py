"""The GX gates as blocking asset checks, each declared with the dbt model it protects.

Each gate reads a frame from the warehouse (SQL in `expectations.suites.<dataset>.frame`),
validates it with its suite (`expectations.runner.validate`, which writes the report under
<home>/reports/) and fails with the failed expectations and example rows as metadata.
"""

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import dagster as dg
import duckdb
import great_expectations as gx
import pandas as pd

from dagster_project.dbt_nodes import model_keys
from dagster_project.resources import DUCKDB_POOL, WarehouseResource
from expectations.runner import ValidationOutcome, validate
from expectations.suites import (
    attribution,
    commission_lines,
    future_events,
    lots,
    month_jump,
    staging_reconciliation,
)
from ingestion.entities import ENTITIES
from partnerledger.config import gate

Frame = Callable[[duckdb.DuckDBPyConnection], pd.DataFrame]

LINES = dg.AssetKey(["marts", "fct_commission_lines"])
STATEMENTS = dg.AssetKey(["marts", "fct_partner_monthly_statement"])
CUSTOMERS = dg.AssetKey(["marts", "dim_customers"])


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


@dataclass(frozen=True)
class Gate:
    """One data-quality gate: a suite validated on a frame, attached to one dbt model."""

    name: str
    model: dg.AssetKey
    dataset: str
    suite: Callable[[], gx.ExpectationSuite]
    frame: Frame
    description: str


class MissingGatedModel(LookupError):
    """A gate names a dbt model the manifest does not hold: the gate would silently vanish."""


def _staging(entity: str) -> dg.AssetKey:
    return dg.AssetKey(["staging", f"stg_{ENTITIES[entity].source}__{entity}"])


# Every gate, with the model it protects. A model renamed or removed in dbt/ is an error when
# the definitions are built (build_checks), never a gate that quietly stops existing.
GATES: tuple[Gate, ...] = (
    Gate(
        "commission_lines_complete",
        LINES,
        commission_lines.DATASET,
        commission_lines.build_commission_lines_suite,
        commission_lines.frame,
        "Every line has deal, version, currency, a valid component and a USD amount (FX present).",
    ),
    Gate(
        "lots_plausible",
        LINES,
        lots.DATASET,
        lambda: lots.build_lots_suite(float(gate("max_lots_per_line"))),
        lots.frame,
        "Lots behind each line are non-negative and below max_lots_per_line.",
    ),
    Gate(
        "no_future_events",
        LINES,
        future_events.DATASET,
        future_events.build_future_events_suite,
        lambda con: future_events.frame(con, build_today()),
        "No source event is dated after the build's today.",
    ),
    Gate(
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
    Gate(
        "attribution_exclusive",
        CUSTOMERS,
        attribution.DATASET,
        attribution.build_attribution_suite,
        attribution.frame,
        "No customer is attributed to two partners on one brand.",
    ),
    *(
        Gate(
            "reconciles_with_raw",
            _staging(entity),
            f"{staging_reconciliation.DATASET}_{entity}",
            staging_reconciliation.build_staging_reconciliation_suite,
            lambda con, e=entity: staging_reconciliation.frame(con, e, ".".join(_staging(e).path)),
            "Staging rows + duplicates removed = raw rows.",
        )
        for entity in ENTITIES
    ),
)

# The models the gates protect, each once, in the order of GATES. A blocking check only holds
# back assets that depend on its asset DIRECTLY: the payout models and publishing depend on
# each of these (assets/dbt_models.py, assets/publish.py).
GATED_KEYS: tuple[dg.AssetKey, ...] = tuple(dict.fromkeys(g.model for g in GATES))


def build_checks(manifest: Mapping[str, Any]) -> list[dg.AssetChecksDefinition]:
    """Every gate as an asset check; MissingGatedModel when a gated model is not in `manifest`."""
    present = set(model_keys(manifest))
    missing = [g for g in GATES if g.model not in present]
    if missing:
        raise MissingGatedModel(
            "the dbt manifest has no model for these gates (dagster_project/checks/quality.py "
            "GATES): "
            + "; ".join(f"{g.name} on {g.model.to_user_string()}" for g in missing)
            + ". Restore the model in dbt/models/ or move the gate to the model that replaced "
            "it: a payout gate never disappears silently."
        )
    return [gx_check(g.name, g.model, g.dataset, g.suite, g.frame, g.description) for g in GATES]
