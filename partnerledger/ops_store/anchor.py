"""The operational store checked before every build mirrors it, against its own chain and
against the chain head the last publication saw.

`verify_chain` alone trusts `ops.sqlite.head`, which sits next to the store: deleting the
last entries and rewriting the head, or deleting the store and its head, read "intact". So
every published serving.duckdb carries the head the build verified (table
`main.ops_chain_head`: seq, hash), and the next build requires the store to still hold that
entry with that hash: a store that was truncated, deleted or rewritten below what was once
published is found. A tampered store blocks the build (exit 3, a data problem), with each
problem named.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import duckdb

from partnerledger import paths
from partnerledger.ops_store import chain

PUBLISHED_HEAD_TABLE = "ops_chain_head"  # in serving.duckdb's main schema: seq, hash

Head = tuple[int, str]


class OpsStoreTampered(chain.OpsStoreError):
    """The operational store failed verification: the build publishes nothing."""


def store_head(home: Path | str) -> Head:
    """The last (seq, hash) of the store's chain; (0, GENESIS) without a store."""
    path = chain.store_path(home)
    if not path.exists():
        return (0, chain.GENESIS)
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        # the chain's own notion of its head (same module family; private by convention only)
        return chain._last_link(con)
    finally:
        con.close()


def published_head(home: Path | str) -> Head | None:
    """The chain head the last publication saw, or None (nothing published, or published
    before heads were recorded)."""
    serving = paths.Home(Path(home)).serving
    if not serving.exists():
        return None
    with duckdb.connect(str(serving), read_only=True) as con:
        found = con.execute(
            "select 1 from information_schema.tables where table_schema = 'main' and table_name = ?",
            [PUBLISHED_HEAD_TABLE],
        ).fetchone()
        if not found:
            return None
        row = con.execute(f"select seq, hash from main.{PUBLISHED_HEAD_TABLE}").fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def write_head_table(con: duckdb.DuckDBPyConnection, table: str, head: Head) -> None:
    """Write `head` as the one-row table `table` (schema-qualified) of `con`."""
    con.execute(
        f"create or replace table {table} as "
        "select cast(? as bigint) as seq, cast(? as varchar) as hash",
        [head[0], head[1]],
    )


def _hash_at(home: Path | str, seq: int) -> str | None:
    con = sqlite3.connect(f"file:{chain.store_path(home)}?mode=ro", uri=True)
    try:
        union = " union all ".join(f"select seq, hash from {t}" for t in chain.TABLES)
        row = con.execute(f"select hash from ({union}) where seq = ?", [seq]).fetchone()
    except sqlite3.Error:
        return None
    finally:
        con.close()
    return None if row is None else str(row[0])


def verify_for_build(home: Path | str) -> tuple[list[str], Head]:
    """Problems of the store (its chain, and against the last published head), and its head."""
    problems = list(chain.verify_chain(home))
    seen = published_head(home)
    if seen is not None and seen[0] > 0:
        seq, h = seen
        if not chain.store_path(home).exists():
            problems.append(
                f"{chain.store_path(home)} is missing, but the last publication saw its chain "
                f"up to seq {seq}"
            )
        else:
            found = _hash_at(home, seq)
            if found is None:
                problems.append(
                    f"entry seq {seq}, seen by the last publication, is gone: entries deleted"
                )
            elif found != h:
                problems.append(
                    f"entry seq {seq} is not the one the last publication saw (hash differs): "
                    "the chain was rewritten"
                )
    if problems:
        return problems, (0, chain.GENESIS)
    return problems, store_head(home)


def require_intact(home: Path | str) -> Head:
    """The store's head, verified; raise OpsStoreTampered naming every problem."""
    problems, head = verify_for_build(home)
    if problems:
        raise OpsStoreTampered(
            "the operational store failed verification; nothing is mirrored or published: "
            + "; ".join(problems)
        )
    return head
