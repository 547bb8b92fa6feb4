"""The deal amendments recorded in the app, written out as deals files for the next ingest."""

import dagster as dg

from dagster_project.resources import DUCKDB_POOL, WarehouseResource
from partnerledger import deal_amendments as amendments

DEAL_AMENDMENTS_KEY = dg.AssetKey(["deal_amendments"])


# In the DuckDB pool although it writes no DuckDB: every asset of the build runs one at a time,
# and this one is a few small files ahead of the ingest that reads them.
@dg.asset(key=DEAL_AMENDMENTS_KEY, group_name="ops", pool=DUCKDB_POOL, kinds={"sqlite", "json"})
def deal_amendments(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Deal versions recorded in the app, as deals files the landing ingest loads like any other."""
    home = warehouse.home()
    folder = amendments.export(home.root)
    files = sorted((folder / "ops").glob(f"{amendments.FILE_PREFIX}*.json"))
    return dg.MaterializeResult(
        metadata={"amendments": len(files), "folder": dg.MetadataValue.path(str(folder))}
    )
