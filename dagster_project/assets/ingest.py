"""Landing files (and the deal amendments recorded in the app) into raw.* tables, with a row
reconciliation check per entity."""

from collections.abc import Iterator

import dagster as dg

from dagster_project.assets.deal_amendments import DEAL_AMENDMENTS_KEY
from dagster_project.resources import DUCKDB_POOL, WarehouseResource
from expectations.runner import validate
from expectations.suites import quarantine_share
from ingestion.entities import ENTITIES
from ingestion.raw_schema import raw_table_names
from partnerledger.config import gate

RAW_TABLES = raw_table_names()


def _description(table: str) -> str:
    if table in ENTITIES:
        return ENTITIES[table].description
    return f"Deal terms flattened from deals files: {table.replace('_', ' ')}."


RAW_SPECS = [
    dg.AssetSpec(
        ["raw", t],
        group_name="raw",
        description=_description(t),
        kinds={"duckdb"},
        # the app's deal amendments are deals files of their own (assets/deal_amendments.py)
        deps=[DEAL_AMENDMENTS_KEY] if t == "deals" else [],
    )
    for t in RAW_TABLES
]
CHECK_SPECS = [
    spec
    for e in ENTITIES
    for spec in (
        dg.AssetCheckSpec(
            "rows_reconcile",
            asset=["raw", e],
            blocking=True,
            description="Every file: rows read = rows loaded + rows quarantined, and the tables agree.",
        ),
        dg.AssetCheckSpec(
            "quarantine_share",
            asset=["raw", e],
            blocking=False,
            description="At most max_quarantine_share of the entity's rows are quarantined.",
        ),
    )
]


@dg.multi_asset(specs=RAW_SPECS, check_specs=CHECK_SPECS, name="landing_ingest", pool=DUCKDB_POOL)
def landing_ingest(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> Iterator:
    """Landing files loaded into raw tables; rows that break the contract quarantined with a reason."""
    from ingestion.load import ingest_landing, reconcile

    home = warehouse.home()
    # Deal versions recorded in the app arrive as deals files of their own (exported by the
    # deal_amendments asset), loaded with the landing files: one registry, one validation,
    # one lineage.
    report = ingest_landing(
        warehouse.landing(), home.warehouse, progress=context.log.info, also=[home.amendments]
    )
    by_entity = report.by_entity()
    max_share = float(gate("max_quarantine_share"))
    # Bad rows alone never fail a build (OUTPUTS.md): the share check warns, it does not block.
    with warehouse.connect() as con:
        totals = {t: con.execute(f"select count(*) from raw.{t}").fetchone()[0] for t in RAW_TABLES}
        problems = {e: reconcile(con, e) for e in ENTITIES}
        shares = quarantine_share.frame(con)
    for table in RAW_TABLES:
        counts = by_entity.get(table)
        metadata: dict[str, object] = {"rows_in_table": totals[table]}
        if counts is not None:
            metadata.update(
                rows_read=counts.rows_read,
                rows_loaded=counts.rows_loaded,
                rows_quarantined=counts.rows_quarantined,
                files_loaded=counts.files,
            )
        elif table in ENTITIES:
            metadata.update(rows_read=0, rows_loaded=0, rows_quarantined=0, files_loaded=0)
        metadata["load_id"] = report.load_id
        yield dg.MaterializeResult(asset_key=["raw", table], metadata=metadata)
    # One validation over every entity (one report); each entity's check reads its own row.
    outcome = validate(
        quarantine_share.DATASET,
        quarantine_share.build_quarantine_share_suite(max_share),
        shares,
        reports_dir=home.reports,
    )
    share_of = {
        r["entity"]: (
            None if r["quarantine_share"] != r["quarantine_share"] else r["quarantine_share"]
        )
        for r in shares.to_dict("records")
    }
    for entity in ENTITIES:
        found = problems[entity]
        yield dg.AssetCheckResult(
            asset_key=["raw", entity],
            check_name="rows_reconcile",
            passed=not found,
            metadata={"problems": "\n".join(found[:20]) or "none", "problem_count": len(found)},
        )
        share = share_of.get(entity) or 0.0
        yield dg.AssetCheckResult(
            asset_key=["raw", entity],
            check_name="quarantine_share",
            passed=share <= max_share,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "quarantine_share": float(share),
                "max_quarantine_share": max_share,
                "suite_passed_for_all_entities": outcome.success,
            },
        )
