"""The operational store's period closes, mirrored into the warehouse for dbt."""

import dagster as dg

from dagster_project.resources import DUCKDB_POOL, WarehouseResource
from dagster_project.translator import OPS_SNAPSHOT_KEY


@dg.asset(key=OPS_SNAPSHOT_KEY, group_name="ops", pool=DUCKDB_POOL, kinds={"duckdb", "sqlite"})
def ops_snapshot(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Closed periods and their frozen commission lines, copied from the operational store."""
    from partnerledger.ops_store import mirror_to_warehouse

    home = warehouse.home()
    with warehouse.connect() as con:
        counts = mirror_to_warehouse(home.root, con) or {}
    return dg.MaterializeResult(metadata={f"rows_{t}": n for t, n in counts.items()})
