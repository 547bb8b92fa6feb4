"""The hash chain every table of the operational store is part of.

`<home>/ops.sqlite` is written by people (command line, app), never by the build. Every row
of every table is an entry of ONE hash chain, in the order of a global `seq`:
`hash = sha256(prev_hash + canonical JSON of the entry)`, where the entry is the row's own
columns (without `hash`/`prev_hash`) plus the table name. Triggers refuse UPDATE and DELETE,
and `verify_chain` recomputes the chain, so a row edited or deleted by someone who dropped
the triggers is still found. The head of the chain is also written next to the file
(`ops.sqlite.head`) so that removing the LAST entries is found too.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from partnerledger import paths

GENESIS = "0" * 64

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
    # deal amendments made in the app: payload_json is the new deal version (landing-contract
    # shape); the build loads it like a landing file (partnerledger.deal_amendments)
    "deal_amendments": ("at", "actor", "role", "deal_id", "version", "reason", "payload_json"),
    # users as events (partnerledger.ops_store.users): each entry is the user's whole state
    # after one change, so a user's current state is its latest entry; argon2 hashes only
    "user_events": (
        "at",
        "actor",
        "event",
        "login",
        "display_name",
        "role",
        "partner_id",
        "state",
        "password_hash",
    ),
    # every sign-in, failure, lock-out, refusal, sign-out and expiry of the app
    "sign_in_events": ("at", "event", "login", "client", "lock_scope", "lock_until"),
    # payout method and details a partner maintains (partnerledger.ops_store.partner_requests):
    # each entry is the partner's whole current details after one change
    "payout_details": ("at", "actor", "partner_id", "method", "details_json"),
    # payout requests: `requested` opens one, `closed` (finance) or `cancelled` ends it
    "payout_requests": (
        "at",
        "actor",
        "event",
        "request_id",
        "partner_id",
        "amount",
        "currency",
        "reason",
    ),
    # review flags finance sees before paying: `raised` (e.g. payout_details_changed), `cleared`
    "payout_flags": ("at", "actor", "event", "partner_id", "flag", "reason"),
    # notices for partners (partnerledger.ops_store.notices): partner_id empty = everyone
    "notices": ("at", "actor", "kind", "partner_id", "title", "body"),
    # one entry per user and notice read; notice_key names a stored or a derived notice
    "notice_reads": ("at", "login", "notice_key"),
    # self-service applications (partnerledger.ops_store.applications): submitted, approved,
    # rejected; payload_json is the form as submitted
    "applications": (
        "at",
        "actor",
        "event",
        "application_id",
        "payload_json",
        "partner_id",
        "login",
        "reason",
    ),
    # creatives a brand offers its partners, and each brand's program rules
    # (partnerledger.ops_store.creatives)
    "creatives": ("at", "actor", "event", "creative_id", "brand_id", "payload_json"),
    "program_rules": ("at", "actor", "brand_id", "payload_json"),
    # payment files finance exported (partnerledger.ops_store.payments): payload_json holds
    # the lines, the payout ids each pays and the SHA-256 of the CSV bytes that left
    "payment_files": ("at", "actor", "role", "file_id", "payload_json"),
    # one entry per settlement-file line read: outcome paid or difference (payload: why)
    "settlements": (
        "at",
        "actor",
        "role",
        "reference",
        "outcome",
        "amount",
        "currency",
        "payload_json",
    ),
    # tier recommendations a manager accepted (with the deal version it proposed) or dismissed
    # (partnerledger.ops_store.tier_reviews)
    "tier_reviews": (
        "at",
        "actor",
        "role",
        "event",
        "partner_id",
        "brand_id",
        "deal_id",
        "deal_version",
        "as_of_month",
        "recommendation",
        "recommended_tier",
        "amendment_version",
        "reason",
    ),
}


class OpsStoreError(Exception):
    """A request the operational store refuses; the message says why and what to do."""


def now() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def store_path(home: Path | str) -> Path:
    return paths.Home(Path(home)).ops_store


def head_path(home: Path | str) -> Path:
    return store_path(home).with_name(store_path(home).name + ".head")


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
    path = store_path(home)
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


def append(con: sqlite3.Connection, table: str, rows: Iterable[dict[str, Any]]) -> list[int]:
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


def write_head(home: Path | str, con: sqlite3.Connection) -> None:
    seq, h = _last_link(con)
    head = head_path(home)
    tmp = head.with_name(head.name + ".tmp")
    tmp.write_text(canonical_json({"seq": seq, "hash": h}) + "\n", encoding="utf-8")
    os.replace(tmp, head)


def transaction(home: Path | str, table: str, rows: list[dict[str, Any]]) -> list[int]:
    con = connect(home)
    try:
        con.execute("begin immediate")  # one writer at a time: the chain is a sequence
        try:
            seqs = append(con, table, rows)
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        write_head(home, con)
        return seqs
    finally:
        con.close()


def entries(home: Path | str, table: str) -> list[dict[str, Any]]:
    """Every entry of one chained table, oldest first; none without a store."""
    if table not in TABLES:
        raise ValueError(f"unknown ops store table {table!r}")
    if not store_path(home).exists():
        return []
    con = connect(home)
    try:
        return [dict(r) for r in con.execute(f"select * from {table} order by seq")]
    finally:
        con.close()


def month_start(value: str | date) -> date:
    """The first day of a month given as YYYY-MM (or YYYY-MM-01, or a date)."""
    if isinstance(value, date):
        return value.replace(day=1)
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-01)?", value.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise OpsStoreError(f"month {value!r} is not YYYY-MM")
    return date(int(m.group(1)), int(m.group(2)), 1)


def verify_chain(home: Path | str) -> list[str]:
    """Problems found in the hash chain of `<home>/ops.sqlite`; an empty list means intact.

    Finds an edited row (its hash no longer matches its content), a deleted or inserted row
    (a gap in `seq`, a `prev_hash` that is not the previous entry's hash) and removed last
    entries (the chain ends before the head recorded next to the file).
    """
    path = store_path(home)
    if not path.exists():
        return (
            [] if not head_path(home).exists() else [f"{path} is missing but its head file exists"]
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
    head_file = head_path(home)
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
