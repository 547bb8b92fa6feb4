"""How dbt nodes become Dagster assets: raw sources point at the ingestion's raw tables."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings

from ingestion.entities import SOURCES

OPS_SNAPSHOT_KEY = dg.AssetKey(["ops_snapshot"])


class PartnerLedgerTranslator(DagsterDbtTranslator):
    """Sources ops/tracking/brand/trading -> ["raw", table]; ops_snapshot -> one asset.

    Models keep the default key ([schema, name], e.g. ["marts", "fct_commission_lines"]) and
    are grouped by their dbt folder (staging_brand, intermediate_forex, marts_payouts...).
    """

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props.get("resource_type") == "source":
            source = dbt_resource_props["source_name"]
            if source in SOURCES:
                return dg.AssetKey(["raw", dbt_resource_props["name"]])
            # every source in schema ops_snapshot is written by the one ops_snapshot asset
            if source == "ops_snapshot" or dbt_resource_props.get("schema") == "ops_snapshot":
                return OPS_SNAPSHOT_KEY
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn") or []
        folders = fqn[1:-1]  # drop the project name and the node name
        return "_".join(folders) if folders else "dbt"


translator = PartnerLedgerTranslator(
    # The ops_snapshot source's tables are all written by one asset (mirror_to_warehouse).
    settings=DagsterDbtTranslatorSettings(enable_duplicate_source_asset_keys=True)
)
