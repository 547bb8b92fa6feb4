"""The dbt nodes of a manifest as Dagster asset keys: which models exist, which are payouts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dagster as dg

from dagster_project.translator import translator

# Models tagged `payouts` are built in a step of their own, after the gates (assets/dbt_models.py).
PAYOUTS_TAG = "payouts"
PUBLISHED_SCHEMA = "marts"


def _models(manifest: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] in ("model", "seed", "snapshot")
    ]


def model_keys(manifest: Mapping[str, Any], payouts: bool | None = None) -> list[dg.AssetKey]:
    """Asset keys of the manifest's models (only payout models, none of them, or all)."""
    return [
        translator.get_asset_key(node)
        for node in _models(manifest)
        if payouts is None or (PAYOUTS_TAG in node.get("tags", [])) == payouts
    ]


def mart_keys(manifest: Mapping[str, Any]) -> list[dg.AssetKey]:
    """Asset keys of the models in the marts schema: what publishing copies."""
    return [k for k in model_keys(manifest) if k.path[0] == PUBLISHED_SCHEMA]


def mart_tables(manifest: Mapping[str, Any]) -> list[str]:
    """Table names of the models in the marts schema, sorted: serving.duckdb holds these."""
    return sorted(
        node.get("alias") or node["name"]
        for node in _models(manifest)
        if node["schema"] == PUBLISHED_SCHEMA and node["resource_type"] == "model"
    )
