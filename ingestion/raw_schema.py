"""DDL of the raw schema: one table per landing entity plus the ingestion bookkeeping tables.

Created from ingestion/entities.py so the contract has one source of truth. Idempotent:
`create_raw_tables` can run before every load.
"""

from __future__ import annotations

import duckdb

from ingestion.entities import (
    DEAL_RATE_COLUMNS,
    DEAL_TERM_COLUMNS,
    DEAL_TIER_COLUMNS,
    ENTITIES,
    LINEAGE_COLUMNS,
    RAW_TYPES,
)

LINEAGE_FOR_CHILD = {k: v for k, v in LINEAGE_COLUMNS.items() if k != "_extra"}

# ingest.files: one row per landing file seen (by content hash); ingest.quarantine: bad rows.
BOOKKEEPING_DDL = [
    "create schema if not exists ingest",
    """create table if not exists ingest.files (
        content_hash varchar primary key,
        path varchar not null,            -- relative to the landing directory, first seen
        entity varchar,                   -- NULL when the file belongs to no entity
        file_format varchar,
        size_bytes bigint,
        status varchar not null,          -- loaded | rejected
        reason varchar,                   -- why a rejected file was rejected
        rows_read bigint not null,
        rows_loaded bigint not null,
        rows_quarantined bigint not null,
        load_id varchar not null,
        loaded_at timestamp not null
    )""",
    """create table if not exists ingest.file_aliases (
        path varchar primary key,         -- every path a content hash was seen under
        content_hash varchar not null,
        first_seen_load_id varchar not null
    )""",
    """create table if not exists ingest.quarantine (
        entity varchar,
        source_file varchar not null,
        line_number bigint,               -- NULL when the whole file was rejected
        raw_row varchar,                  -- the row as it came, JSON of its text values
        reason varchar not null,
        load_id varchar not null,
        loaded_at timestamp not null
    )""",
    """create table if not exists ingest.loads (
        load_id varchar primary key,
        landing_dir varchar not null,
        started_at timestamp not null,
        finished_at timestamp,
        files_seen bigint,
        files_loaded bigint,
        files_skipped bigint,
        files_rejected bigint
    )""",
]


def raw_table_columns(entity_name: str) -> dict[str, str]:
    """Column name -> DuckDB type of raw.<entity_name> (contract columns, extras, lineage)."""
    if entity_name == "deal_tiers":
        return {**DEAL_TIER_COLUMNS, **LINEAGE_FOR_CHILD}
    if entity_name == "deal_rates":
        return {**DEAL_RATE_COLUMNS, **LINEAGE_FOR_CHILD}
    entity = ENTITIES[entity_name]
    cols = {c.name: RAW_TYPES[c.kind] for c in entity.columns}
    if entity_name == "deals":
        cols.update(DEAL_TERM_COLUMNS)
    cols.update(LINEAGE_COLUMNS)
    return cols


def raw_table_names() -> list[str]:
    names = list(ENTITIES)
    for e in ENTITIES.values():
        names.extend(e.extra_tables)
    return names


def create_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists raw")
    for stmt in BOOKKEEPING_DDL:
        con.execute(stmt)
    for name in raw_table_names():
        cols = ", ".join(f"{c} {t}" for c, t in raw_table_columns(name).items())
        con.execute(f"create table if not exists raw.{name} ({cols})")
