"""Publishing: the validated marts copied into serving.duckdb in one atomic swap."""

import os
from datetime import UTC, datetime

import dagster as dg
import duckdb

from dagster_project.assets.dbt_models import GATED_KEYS, MANIFEST, model_keys
from dagster_project.resources import DUCKDB_POOL, WarehouseResource

# Directly downstream of every mart (payout marts included) and every gated model: a blocking
# check only holds back its asset's direct dependants, so any failed gate skips publishing and leaves the previous serving.duckdb untouched.
MART_KEYS = [k for k in model_keys(MANIFEST) if k.path[0] == "marts"]
PUBLISH_DEPS = MART_KEYS + [k for k in GATED_KEYS if k not in MART_KEYS]


@dg.asset(
    key=["serving"], deps=PUBLISH_DEPS, group_name="publish", pool=DUCKDB_POOL, kinds={"duckdb"}
)
def publish(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """The marts the app, exports and partner statements read, published after every gate passed."""
    home = warehouse.home()
    tmp = home.root / f"serving.duckdb.tmp-{os.getpid()}"
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    published_at = datetime.now(UTC).replace(tzinfo=None)
    con = duckdb.connect(str(tmp))
    try:
        con.execute("attach ? as wh (read_only)", [str(home.warehouse)])
        tables = [
            r[0]
            for r in con.execute(
                """select table_name from information_schema.tables
                   where table_catalog = 'wh' and table_schema = 'marts' order by table_name"""
            ).fetchall()
        ]
        con.execute("create schema marts")
        counts = {}
        for t in tables:
            con.execute(f'create table marts."{t}" as select * from wh.marts."{t}"')
            counts[t] = con.execute(f'select count(*) from marts."{t}"').fetchone()[0]
        con.execute(
            "create table main.published_at as select cast(? as timestamp) as published_at, "
            "cast(? as varchar) as run_id",
            [published_at, context.run.run_id],
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
