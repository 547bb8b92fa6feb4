"""The operational store's period closes, mirrored into the warehouse for dbt."""

import dagster as dg

from dagster_project.resources import DUCKDB_POOL, WarehouseResource
from dagster_project.translator import OPS_SNAPSHOT_KEY

CHAIN_HEAD_TABLE = "ops_snapshot.chain_head"  # the verified head, for publish


@dg.asset(key=OPS_SNAPSHOT_KEY, group_name="ops", pool=DUCKDB_POOL, kinds={"duckdb", "sqlite"})
def ops_snapshot(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Closed periods and their frozen commission lines, copied from the operational store.

    The store is verified first (partnerledger/ops_store/anchor.py): a tampered one raises
    OpsStoreTampered, a data problem (exit 3) that stops everything downstream, publish too.
    The verified head is kept in the warehouse for publish to write into serving.duckdb.
    """
    from partnerledger.ops_store import mirror_to_warehouse
    from partnerledger.ops_store.anchor import require_intact, write_head_table

    home = warehouse.home()
    head = require_intact(home.root)
    with warehouse.connect() as con:
        counts = mirror_to_warehouse(home.root, con) or {}
        write_head_table(con, CHAIN_HEAD_TABLE, head)
    return dg.MaterializeResult(
        metadata={
            **{f"rows_{t}": n for t, n in counts.items()},
            "chain_head_seq": head[0],
            "chain_head_hash": head[1],
        }
    )
