"""Publishing: the validated marts copied into serving.duckdb in one atomic swap."""

import os
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import dagster as dg
import duckdb

from dagster_project.assets.ops_snapshot import CHAIN_HEAD_TABLE
from dagster_project.checks.quality import GATED_KEYS
from dagster_project.dbt_nodes import mart_keys, mart_tables
from dagster_project.resources import DUCKDB_POOL, WarehouseResource
from partnerledger.leftovers import serving_tmp_name
from partnerledger.ops_store.anchor import PUBLISHED_HEAD_TABLE


def build_publish(manifest: Mapping[str, Any]) -> dg.AssetsDefinition:
    """The publishing asset for the marts of `manifest`.

    Directly downstream of every mart (payout marts included) and every gated model: a blocking
    check only holds back its asset's direct dependants, so any failed gate skips publishing
    and leaves the previous serving.duckdb untouched.
    """
    marts = mart_keys(manifest)
    deps = marts + [k for k in GATED_KEYS if k not in marts]
    tables = mart_tables(manifest)

    @dg.asset(key=["serving"], deps=deps, group_name="publish", pool=DUCKDB_POOL, kinds={"duckdb"})
    def publish(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource
    ) -> dg.MaterializeResult:
        """The marts the app, exports and partner statements read, published after every gate passed."""
        home = warehouse.home()
        tmp = home.root / serving_tmp_name(os.getpid())
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
        published_at = datetime.now(UTC).replace(tzinfo=None)
        con = duckdb.connect(str(tmp))
        try:
            con.execute("attach ? as wh (read_only)", [str(home.warehouse)])
            con.execute("create schema marts")
            counts = {}
            # The manifest's marts, each built by this run's dbt steps: one missing is an error.
            for t in tables:
                con.execute(f'create table marts."{t}" as select * from wh.marts."{t}"')
                counts[t] = con.execute(f'select count(*) from marts."{t}"').fetchone()[0]
            con.execute(
                "create table main.published_at as select cast(? as timestamp) as published_at, "
                "cast(? as varchar) as run_id",
                [published_at, context.run.run_id],
            )
            # The ops-store head this build verified: the next build checks the store still
            # holds it (partnerledger/ops_store/anchor.py).
            con.execute(
                f"create table main.{PUBLISHED_HEAD_TABLE} as "
                f"select seq, hash from wh.{CHAIN_HEAD_TABLE}"
            )
            con.execute("detach wh")
            con.execute("checkpoint")
        except BaseException:
            con.close()
            tmp.unlink(missing_ok=True)
            raise
        con.close()
        os.replace(tmp, home.serving)  # atomic: readers see the old file or the new one, never half
        context.log.info(f"published {len(tables)} marts to {home.serving}")
        return dg.MaterializeResult(
            metadata={
                "serving_path": str(home.serving),
                "published_at": published_at.isoformat(),
                "tables": len(tables),
                **{f"rows_{t}": n for t, n in counts.items()},
            }
        )

    return publish
