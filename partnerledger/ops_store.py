"""The operational store: payout decisions, period closes and frozen lines, hash-chained.

`<home>/ops.sqlite` is written by people (command line, app), never by the build. Every row
of every table is an entry of ONE hash chain, in the order of a global `seq`:
`hash = sha256(prev_hash + canonical JSON of the entry)`, where the entry is the row's own
columns (without `hash`/`prev_hash`) plus the table name. Triggers refuse UPDATE and DELETE,
and `verify_chain` recomputes the chain, so a row edited or deleted by someone who dropped
the triggers is still found. The head of the chain is also written next to the file
(`ops.sqlite.head`) so that removing the LAST entries is found too.

The build mirrors the store into `warehouse.ops_snapshot.*` (`mirror_to_warehouse`) before
dbt runs: mart_payouts reads the decisions, dbt core reads the closed periods and lines.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from partnerledger import paths

GENESIS = "0" * 64
ACTIONS = ("approve", "reject", "hold", "release", "batch_approve")
ROLES = ("manager", "finance")
# What the latest decision on a payout makes its status (mart_payouts uses the same map).
STATUS_AFTER = {
    "approve": "approved",
    "batch_approve": "approved",
    "reject": "rejected",
    "hold": "held",
    "release": "pending",
}

# Column order and types of marts.fct_commission_lines (architecture.md); used for
# ops_snapshot.closed_lines when no close recorded the warehouse's own types yet.
COMMISSION_LINE_TYPES: dict[str, str] = {
    "line_id": "varchar",
    "partner_id": "varchar",
    "brand_id": "varchar",
    "period_month": "date",
    "deal_id": "varchar",
    "deal_version": "bigint",
    "component": "varchar",
    "customer_id": "varchar",
    "symbol_group": "varchar",
    "basis_amount": "decimal(24,8)",
    "basis_unit": "varchar",
    "rate": "decimal(24,8)",
    "amount": "decimal(18,2)",
    "currency": "varchar",
    "amount_usd": "decimal(18,2)",
    "explanation": "varchar",
    "source_count": "bigint",
    "source_ref": "varchar",
}

# Every chained table: its data columns in hashing order (id, seq, prev_hash, hash are added).
TABLES: dict[str, tuple[str, ...]] = {
    "decisions": (
        "at",
        "actor",
        "role",
        "action",
        "payout_id",
        "partner_id",
        "period_month",
        "reason",
        "payload_json",
    ),
    "period_closes": ("at", "period_month", "actor", "reason", "payload_json"),
    # one frozen marts row per entry; kind: line (fct_commission_lines), statement, payout
    "closed_lines": ("period_month", "closed_at", "kind", "row_json"),
    # deal amendments made in the app: payload_json is the new deal version (LANDING.md
    # shape); the build loads it like a landing file (partnerledger.deal_amendments)
    "deal_amendments": ("at", "actor", "role", "deal_id", "version", "reason", "payload_json"),
}


class OpsStoreError(Exception):
    """A request the operational store refuses; the message says why and what to do."""


# ---- low level ---------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _store_path(home: Path | str) -> Path:
    return paths.Home(Path(home)).ops_store


def _head_path(home: Path | str) -> Path:
    return _store_path(home).with_name(_store_path(home).name + ".head")


def _json_value(value: Any) -> Any:
    """Values as canonical JSON keeps them: decimals and dates as text, exactly."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (datetime, date)):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return value


def canonical_json(obj: Any) -> str:
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_value
    )


def entry_hash(prev_hash: str, entry: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical_json(entry)).encode("utf-8")).hexdigest()


_DDL = """
create table if not exists {table} (
    id integer primary key,
    seq integer not null unique,
    {columns},
    prev_hash text not null,
    hash text not null
);
create trigger if not exists {table}_no_update before update on {table}
begin select raise(abort, '{table} is append-only: record a new entry instead'); end;
create trigger if not exists {table}_no_delete before delete on {table}
begin select raise(abort, '{table} is append-only: entries are never deleted'); end;
"""


def connect(home: Path | str) -> sqlite3.Connection:
    """Open (creating when absent) the store of `home`, tables and triggers in place."""
    path = _store_path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=30, isolation_level=None)
    con.row_factory = sqlite3.Row
    for table, columns in TABLES.items():
        ddl = _DDL.format(table=table, columns=",\n    ".join(f"{c} text" for c in columns))
        con.executescript(ddl)
    con.execute("create index if not exists decisions_by_payout on decisions (payout_id, seq)")
    con.execute(
        "create index if not exists closed_lines_by_month on closed_lines (period_month, kind)"
    )
    return con


def _last_link(con: sqlite3.Connection) -> tuple[int, str]:
    union = " union all ".join(f"select seq, hash from {t}" for t in TABLES)
    row = con.execute(f"select seq, hash from ({union}) order by seq desc limit 1").fetchone()
    return (0, GENESIS) if row is None else (int(row["seq"]), str(row["hash"]))


def _append(con: sqlite3.Connection, table: str, rows: Iterable[dict[str, Any]]) -> list[int]:
    """Append rows to `table` inside the caller's transaction, extending the chain."""
    columns = TABLES[table]
    seq, prev = _last_link(con)
    seqs = []
    sql = (
        f"insert into {table} (seq, {', '.join(columns)}, prev_hash, hash) "
        f"values ({', '.join('?' * (len(columns) + 3))})"
    )
    batch = []
    for row in rows:
        seq += 1
        values = {c: (None if row.get(c) is None else str(row[c])) for c in columns}
        h = entry_hash(prev, {"table": table, "seq": seq, **values})
        batch.append((seq, *[values[c] for c in columns], prev, h))
        seqs.append(seq)
        prev = h
    con.executemany(sql, batch)
    return seqs


def _write_head(home: Path | str, con: sqlite3.Connection) -> None:
    seq, h = _last_link(con)
    head = _head_path(home)
    tmp = head.with_name(head.name + ".tmp")
    tmp.write_text(canonical_json({"seq": seq, "hash": h}) + "\n", encoding="utf-8")
    os.replace(tmp, head)


def _transaction(home: Path | str, table: str, rows: list[dict[str, Any]]) -> list[int]:
    con = connect(home)
    try:
        con.execute("begin immediate")  # one writer at a time: the chain is a sequence
        try:
            seqs = _append(con, table, rows)
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        _write_head(home, con)
        return seqs
    finally:
        con.close()


# ---- verification ------------------------------------------------------------------------


def verify_chain(home: Path | str) -> list[str]:
    """Problems found in the hash chain of `<home>/ops.sqlite`; an empty list means intact.

    Finds an edited row (its hash no longer matches its content), a deleted or inserted row
    (a gap in `seq`, a `prev_hash` that is not the previous entry's hash) and removed last
    entries (the chain ends before the head recorded next to the file).
    """
    path = _store_path(home)
    if not path.exists():
        return (
            [] if not _head_path(home).exists() else [f"{path} is missing but its head file exists"]
        )
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    problems: list[str] = []
    try:
        entries = []
        existing = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
        for table, columns in TABLES.items():
            if table not in existing:
                problems.append(f"table {table} is missing")
                continue
            for row in con.execute(f"select * from {table}"):
                entries.append((row["seq"], table, row, columns))
            for trig in ("no_update", "no_delete"):
                found = con.execute(
                    "select 1 from sqlite_master where type='trigger' and name=?",
                    (f"{table}_{trig}",),
                ).fetchone()
                if not found:
                    problems.append(
                        f"trigger {table}_{trig} was dropped: {table} is not append-only"
                    )
    finally:
        con.close()
    entries.sort(key=lambda e: e[0] if isinstance(e[0], int) else -1)
    prev, expected_seq = GENESIS, 1
    for seq, table, row, columns in entries:
        where = f"{table} id={row['id']} seq={seq}"
        if seq != expected_seq:
            if isinstance(seq, int) and seq > expected_seq:
                problems.append(
                    f"entries seq {expected_seq}..{seq - 1} are missing (deleted) before {where}"
                )
            else:
                problems.append(f"{where}: duplicate or invalid seq (expected {expected_seq})")
        if row["prev_hash"] != prev:
            problems.append(f"{where}: prev_hash does not match the previous entry (chain broken)")
        values = {c: row[c] for c in columns}
        recomputed = entry_hash(row["prev_hash"], {"table": table, "seq": seq, **values})
        if recomputed != row["hash"]:
            problems.append(f"{where}: content was edited (hash mismatch)")
        prev = row["hash"]
        expected_seq = (seq if isinstance(seq, int) else expected_seq) + 1
    head_file = _head_path(home)
    if head_file.exists():
        head = json.loads(head_file.read_text(encoding="utf-8"))
        last_seq = expected_seq - 1
        if head["seq"] > last_seq:
            problems.append(
                f"the chain ends at seq {last_seq} but its head says {head['seq']}: last entries deleted"
            )
        elif head["seq"] > 0:
            match = [e for e in entries if e[0] == head["seq"]]
            if not match or match[0][2]["hash"] != head["hash"]:
                problems.append(f"entry seq {head['seq']} does not carry the head's hash")
    elif entries:
        problems.append(f"head file {head_file} is missing")
    return problems


# ---- reading the published payouts -------------------------------------------------------


def _serving(home: Path | str) -> Path:
    serving = paths.Home(Path(home)).serving
    if not serving.exists():
        raise OpsStoreError(
            f"no published data at {serving}: run `partnerledger build` until its checks pass"
        )
    return serving


def _month(value: str | date) -> date:
    if isinstance(value, date):
        return value.replace(day=1)
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-01)?", value.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise OpsStoreError(f"month {value!r} is not YYYY-MM")
    return date(int(m.group(1)), int(m.group(2)), 1)


def published_payouts(
    home: Path | str, payout_ids: Sequence[str] | None = None, month: str | date | None = None
) -> list[dict[str, Any]]:
    """Rows of the published marts.mart_payouts, each with `status` overlaid by later decisions."""
    sql = "select * from marts.mart_payouts where 1 = 1"
    params: list[Any] = []
    if payout_ids is not None:
        sql += (
            f" and payout_id in ({', '.join('?' * len(payout_ids))})"
            if payout_ids
            else " and false"
        )
        params.extend(payout_ids)
    if month is not None:
        sql += " and period_month = ?"
        params.append(_month(month))
    with duckdb.connect(str(_serving(home)), read_only=True) as con:
        cur = con.execute(sql + " order by period_month, partner_id", params)
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r)) for r in cur.fetchall()]
    latest = _latest_decisions(home, [r["payout_id"] for r in rows])
    for r in rows:
        d = latest.get(r["payout_id"])
        r["published_status"] = r["status"]
        if d is not None:
            # a stale approval was already judged by the build: the published status holds
            if not approval_is_stale(d, r["amount"]):
                r["status"] = STATUS_AFTER[d["action"]]
            r["last_decision"] = d
    return rows


def _decided_amount(decision: dict[str, Any]) -> Decimal | None:
    """The payout amount a decision was taken on (record_decision keeps it in the payload)."""
    amount = json.loads(decision.get("payload_json") or "{}").get("amount")
    return None if amount is None else Decimal(str(amount))


def approval_is_stale(decision: dict[str, Any], amount: Decimal | None) -> bool:
    """An approval of another amount than the payout's current one no longer stands: late data
    changed the payout after it was approved, so it needs approving again (mart_payouts
    holds it with the reason)."""
    decided = _decided_amount(decision)
    return (
        STATUS_AFTER[decision["action"]] == "approved"
        and decided is not None
        and amount is not None
        and decided != amount
    )


def _latest_decisions(home: Path | str, payout_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    if not _store_path(home).exists() or not payout_ids:
        return {}
    con = connect(home)
    try:
        out: dict[str, dict[str, Any]] = {}
        for row in con.execute("select * from decisions order by seq"):
            if row["payout_id"] in payout_ids:
                out[row["payout_id"]] = dict(row)
        return out
    finally:
        con.close()


# ---- decisions ---------------------------------------------------------------------------


def record_decision(
    home: Path | str,
    actor: str,
    role: str,
    action: str,
    payout_ids: Sequence[str],
    reason: str,
) -> list[dict[str, Any]]:
    """Record one decision per payout, all or none; returns the recorded entries.

    Refused (OpsStoreError, nothing written): an unknown payout id, an empty actor or reason,
    approving a payout routed to `finance` with role `manager`, approving a payout whose
    amount is below the partner's payout threshold (nothing to pay).
    """
    if action not in ACTIONS:
        raise OpsStoreError(f"action {action!r} is not one of {', '.join(ACTIONS)}")
    if role not in ROLES:
        raise OpsStoreError(f"role {role!r} is not one of {', '.join(ROLES)}")
    if not actor or not actor.strip():
        raise OpsStoreError("a decision needs an actor (--actor NAME)")
    if not reason or not reason.strip():
        raise OpsStoreError("a decision needs a reason (--reason TEXT)")
    ids = list(dict.fromkeys(payout_ids))
    if not ids:
        raise OpsStoreError("no payout ids given")
    rows = {r["payout_id"]: r for r in published_payouts(home, ids)}
    unknown = [i for i in ids if i not in rows]
    if unknown:
        raise OpsStoreError(
            f"unknown payout id(s): {', '.join(unknown)} (see `partnerledger payouts list`)"
        )
    problems = []
    for pid in ids:
        r = rows[pid]
        if action in ("approve", "batch_approve"):
            if r["route"] == "finance" and role != "finance":
                problems.append(
                    f"{pid} is routed to finance (amount {r['amount']} {r['payout_currency']}): "
                    f"role {role} cannot approve it, a finance approver must (--role finance)"
                )
            if r["published_status"] == "below_threshold":
                problems.append(
                    f"{pid} is below the partner's payout threshold: nothing to pay, it carries to the next month"
                )
    if problems:
        raise OpsStoreError("; ".join(problems))
    at = _now()
    entries = [
        {
            "at": at,
            "actor": actor.strip(),
            "role": role,
            "action": action,
            "payout_id": pid,
            "partner_id": rows[pid]["partner_id"],
            "period_month": str(rows[pid]["period_month"]),
            "reason": reason.strip(),
            "payload_json": canonical_json(
                {
                    "amount": rows[pid]["amount"],
                    "payout_currency": rows[pid]["payout_currency"],
                    "route": rows[pid]["route"],
                    "status_before": rows[pid]["status"],
                }
            ),
        }
        for pid in ids
    ]
    _transaction(home, "decisions", entries)
    return entries


def decisions_for(home: Path | str, partner_id: str, month: str | date) -> list[dict[str, Any]]:
    """Every decision on the partner's payout of `month`, oldest first (for `explain`)."""
    if not _store_path(home).exists():
        return []
    con = connect(home)
    try:
        rows = con.execute(
            "select * from decisions where partner_id = ? and period_month = ? order by seq",
            (partner_id, _month(month).isoformat()),
        ).fetchall()
        return [dict(r) for r in rows]
    finally:
        con.close()


# ---- deal amendments --------------------------------------------------------------------

# Deal terms are commercial: managers amend them; finance approves the payouts they produce
# (segregation of duties, docs/decisions/009-deal-amendments-in-the-app.md).
AMENDING_ROLES = ("manager",)


def record_deal_amendment(
    home: Path | str, actor: str, role: str, version: dict[str, Any], reason: str
) -> dict[str, Any]:
    """Append a new deal version (`version`, every LANDING.md deal field) to the chain.

    The caller has validated the version (partnerledger.deal_amendments.check); this
    refuses only what would make the entry unusable or unaccountable.
    """
    if role not in AMENDING_ROLES:
        raise OpsStoreError(
            f"role {role!r} cannot amend deals: only {', '.join(AMENDING_ROLES)} can"
        )
    if not actor or not actor.strip():
        raise OpsStoreError("a deal amendment needs an actor")
    if not reason or not reason.strip():
        raise OpsStoreError("a deal amendment needs a reason: it is kept in the audit log")
    if not version.get("deal_id") or not isinstance(version.get("version"), int):
        raise OpsStoreError("a deal amendment needs the deal id and the new version number")
    taken = {
        (a["deal_id"], int(a["version"]))
        for a in deal_amendments(home)
        if a["deal_id"] == version["deal_id"]
    }
    if (version["deal_id"], version["version"]) in taken:
        raise OpsStoreError(
            f"version {version['version']} of {version['deal_id']} is already recorded: "
            "reload the deal and amend its newest version"
        )
    entry = {
        "at": _now(),
        "actor": actor.strip(),
        "role": role,
        "deal_id": version["deal_id"],
        "version": version["version"],
        "reason": reason.strip(),
        "payload_json": canonical_json(version),
    }
    seq = _transaction(home, "deal_amendments", [entry])[0]
    return {**entry, "seq": seq}


def deal_amendments(home: Path | str) -> list[dict[str, Any]]:
    """Every recorded deal amendment, oldest first (with its chain `seq`)."""
    return _entries(home, "deal_amendments")


def _entries(home: Path | str, table: str) -> list[dict[str, Any]]:
    """Every entry of one chained table, oldest first; none without a store."""
    if table not in TABLES:
        raise ValueError(f"unknown ops store table {table!r}")
    if not _store_path(home).exists():
        return []
    con = connect(home)
    try:
        return [dict(r) for r in con.execute(f"select * from {table} order by seq")]
    finally:
        con.close()


# ---- period close ------------------------------------------------------------------------


def period_closes(home: Path | str) -> list[dict[str, Any]]:
    return _entries(home, "period_closes")


def close_period(home: Path | str, month: str | date, actor: str, reason: str) -> dict[str, Any]:
    """Close `month`: freeze its published commission lines, statements and payouts.

    Reads `<home>/serving.duckdb` (the published, validated marts) and refuses when nothing
    is published, when the month has no statement there, when it is already closed, or
    when an earlier month with statements is still open: periods close in order, as in a
    ledger, so "the first open month" that receives adjustments is always after every
    closed one. Returns the period_closes entry (payload: row counts and the lines' types).
    """
    m = _month(month)
    if not actor or not actor.strip():
        raise OpsStoreError("closing a period needs an actor (--actor NAME)")
    if not reason or not reason.strip():
        raise OpsStoreError("closing a period needs a reason (--reason TEXT)")
    closed = {c["period_month"] for c in period_closes(home)}
    if m.isoformat() in closed:
        raise OpsStoreError(f"{m:%Y-%m} is already closed")
    frozen: dict[str, list[dict[str, Any]]] = {}
    line_types: dict[str, str] = {}
    with duckdb.connect(str(_serving(home)), read_only=True) as con:
        try:
            earlier = [
                r[0]
                for r in con.execute(
                    "select distinct period_month from marts.fct_partner_monthly_statement "
                    "where period_month < ? order by 1",
                    [m],
                ).fetchall()
            ]
        except duckdb.CatalogException:
            earlier = []  # reported below with the other missing marts
        still_open = [e for e in earlier if e.isoformat() not in closed]
        if still_open:
            raise OpsStoreError(
                f"close {', '.join(f'{e:%Y-%m}' for e in still_open)} first: periods close in order"
            )
        for kind, table in (
            ("line", "fct_commission_lines"),
            ("statement", "fct_partner_monthly_statement"),
            ("payout", "mart_payouts"),
        ):
            try:
                cur = con.execute(
                    f"select * from marts.{table} where period_month = ? order by all", [m]
                )
            except duckdb.CatalogException as exc:
                raise OpsStoreError(
                    f"the published data has no marts.{table}: rebuild and publish first ({exc})"
                ) from exc
            names = [d[0] for d in cur.description]
            frozen[kind] = [dict(zip(names, r)) for r in cur.fetchall()]
            if kind == "line":
                line_types = {
                    r[0]: r[1]
                    for r in con.execute(
                        "select column_name, data_type from information_schema.columns "
                        "where table_schema = 'marts' and table_name = 'fct_commission_lines' "
                        "order by ordinal_position"
                    ).fetchall()
                }
    if not frozen["statement"]:
        raise OpsStoreError(
            f"the published data has no statement for {m:%Y-%m}: nothing to close (build it first)"
        )
    at = _now()
    payload = {
        "lines": len(frozen["line"]),
        "statements": len(frozen["statement"]),
        "payouts": len(frozen["payout"]),
        "line_types": line_types,
    }
    close_entry = {
        "at": at,
        "period_month": m.isoformat(),
        "actor": actor.strip(),
        "reason": reason.strip(),
        "payload_json": canonical_json(payload),
    }
    con = connect(home)
    try:
        con.execute("begin immediate")
        try:
            _append(con, "period_closes", [close_entry])
            _append(
                con,
                "closed_lines",
                (
                    {
                        "period_month": m.isoformat(),
                        "closed_at": at,
                        "kind": kind,
                        "row_json": canonical_json(row),
                    }
                    for kind in ("line", "statement", "payout")
                    for row in frozen[kind]
                ),
            )
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        _write_head(home, con)
    finally:
        con.close()
    return close_entry


def closed_rows(home: Path | str, month: str | date, kind: str = "line") -> list[dict[str, Any]]:
    """The frozen rows of a closed month (kind: line, statement or payout), values as text."""
    if not _store_path(home).exists():
        return []
    con = connect(home)
    try:
        return [
            json.loads(r["row_json"])
            for r in con.execute(
                "select row_json from closed_lines where period_month = ? and kind = ? order by seq",
                (_month(month).isoformat(), kind),
            )
        ]
    finally:
        con.close()


# ---- mirror into the warehouse -----------------------------------------------------------

_DECISION_COLUMNS = {
    "decision_id": "bigint",
    "seq": "bigint",
    "decided_at": "timestamp",
    "actor": "varchar",
    "role": "varchar",
    "action": "varchar",
    "payout_id": "varchar",
    "partner_id": "varchar",
    "period_month": "date",
    "reason": "varchar",
    "hash": "varchar",
    # the payout's amount when decided: an approval stands for that amount only
    "amount_at_decision": "decimal(18,2)",
}


def _line_types(closes: list[dict[str, Any]]) -> dict[str, str]:
    for c in reversed(closes):
        types = json.loads(c["payload_json"] or "{}").get("line_types")
        if types:
            return types
    return dict(COMMISSION_LINE_TYPES)


def mirror_to_warehouse(home: Path | str, con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """(Re)create ops_snapshot.period_closes, closed_lines and decisions in the warehouse.

    `con` is an open read-write connection to `<home>/warehouse.duckdb`. Without an ops
    store the three tables are created empty. Returns the row count of each table.
    """
    import pyarrow as pa

    closes = period_closes(home)
    lines: list[dict[str, Any]] = []
    decisions: list[dict[str, Any]] = []
    if _store_path(home).exists():
        sq = connect(home)
        try:
            for r in sq.execute(
                "select closed_at, row_json from closed_lines where kind = 'line' order by seq"
            ):
                lines.append({**json.loads(r["row_json"]), "closed_at": r["closed_at"]})
            decisions = [dict(r) for r in sq.execute("select * from decisions order by seq")]
        finally:
            sq.close()
    line_types = {**_line_types(closes), "closed_at": "timestamp"}

    def load(table: str, types: dict[str, str], rows: list[dict[str, Any]]) -> None:
        cols = ", ".join(f"{c} {t}" for c, t in types.items())
        con.execute(f"create or replace table ops_snapshot.{table} ({cols})")
        if not rows:
            return
        # Values travel as text and are cast by DuckDB: decimals stay exact.
        arrow = pa.table(
            {
                c: pa.array([None if r.get(c) is None else str(r[c]) for r in rows], pa.string())
                for c in types
            }
        )
        con.register("_ops_mirror_rows", arrow)
        try:
            casts = ", ".join(f"cast({c} as {t})" for c, t in types.items())
            con.execute(f"insert into ops_snapshot.{table} select {casts} from _ops_mirror_rows")
        finally:
            con.unregister("_ops_mirror_rows")

    con.execute("begin transaction")
    try:
        con.execute("create schema if not exists ops_snapshot")
        load(
            "period_closes",
            {
                "period_month": "date",
                "closed_at": "timestamp",
                "closed_by": "varchar",
                "reason": "varchar",
            },
            [
                {
                    "period_month": c["period_month"],
                    "closed_at": c["at"],
                    "closed_by": c["actor"],
                    "reason": c["reason"],
                }
                for c in closes
            ],
        )
        load("closed_lines", line_types, lines)
        load(
            "decisions",
            _DECISION_COLUMNS,
            [
                {
                    **d,
                    "decision_id": d["id"],
                    "decided_at": d["at"],
                    "amount_at_decision": _decided_amount(d),
                }
                for d in decisions
            ],
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return {"period_closes": len(closes), "closed_lines": len(lines), "decisions": len(decisions)}
