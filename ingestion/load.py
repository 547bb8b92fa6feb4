"""Load the landing directory into raw.* tables: only new content, every row accounted for.

`ingest_landing` is what the Dagster assets and the command line call. One DuckDB
connection, one transaction per file: a file lands completely (good rows in raw.<entity>,
bad rows in ingest.quarantine, its registry row in ingest.files) or not at all.

Counting rule (reconcile checks it): for a loaded file rows_read = rows_loaded +
rows_quarantined. A file rejected as a whole reads 0 rows, loads 0 and quarantines 0: its
single file-level quarantine row (line_number NULL) is not a row of the file.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from queue import Queue

import duckdb

from ingestion.conflicts import CHECKED, quarantine_conflicts
from ingestion.deals import TERM_PREFIX, read_deal_rows, terms_typed_exprs
from ingestion.entities import DEAL_TERM_COLUMNS, ENTITIES, Entity, entity_for_file
from ingestion.plausibility import bound_reasons
from ingestion.raw_schema import create_raw_tables
from ingestion.readers import (
    LandingFile,
    RejectedFile,
    Source,
    clear_rejects,
    content_hash,
    discover,
    duckdb_reason,
    line_shift_sql,
    malformed_rows,
    open_source,
)
from ingestion.validation import build_entity_sql, ident, match_columns, mt5_reversal_reason

LOADED = "loaded"
SKIPPED = "skipped_duplicate"
REJECTED = "rejected"

# DuckDB may use this much memory before spilling to its temp directory; with Python and
# the reader buffers on top, the process stays well under the 2 GiB budget.
MEMORY_LIMIT = "1GB"
# Files loaded at the same time, each on its own DuckDB cursor (see ingest_landing). A
# CSV's line numbering runs on one thread, so two files keep both cores of the target
# machine busy (bench_ingest: 9M rows in 19 s with 2, 29 s with 1). Memory stays bounded:
# the cursors share one database and its MEMORY_LIMIT.
WORKERS = 2


@dataclass
class FileResult:
    path: str  # relative to the landing directory
    entity: str | None
    status: str  # loaded | skipped_duplicate | rejected
    reason: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0


@dataclass
class EntityCounts:
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    files: int = 0  # files of the entity this run loaded
    files_rejected: int = 0  # files named for the entity this run rejected as a whole


@dataclass
class IngestReport:
    load_id: str
    files: list[FileResult] = field(default_factory=list)
    started_at: datetime | None = None
    finished_at: datetime | None = None

    def by_entity(self) -> dict[str, EntityCounts]:
        """Counts per entity over this run's new files (duplicates skipped are not counted;
        rejected files count in files_rejected only, they have no rows)."""
        out: dict[str, EntityCounts] = {}
        for f in self.files:
            if f.status == SKIPPED or f.entity is None:
                continue
            c = out.setdefault(f.entity, EntityCounts())
            if f.status == REJECTED:
                c.files_rejected += 1
                continue
            c.rows_read += f.rows_read
            c.rows_loaded += f.rows_loaded
            c.rows_quarantined += f.rows_quarantined
            c.files += 1
        return out

    def with_status(self, status: str) -> list[FileResult]:
        return [f for f in self.files if f.status == status]

    @property
    def rows_loaded(self) -> int:
        return sum(f.rows_loaded for f in self.files)

    @property
    def rows_quarantined(self) -> int:
        return sum(f.rows_quarantined for f in self.files)


def configure(con: duckdb.DuckDBPyConnection) -> None:
    """Session settings every load relies on."""
    con.execute("set TimeZone = 'UTC'")  # offsets convert to UTC; no offset means UTC
    con.execute("set enable_progress_bar = false")
    con.execute("set preserve_insertion_order = true")  # line numbers follow the file's order
    con.execute(f"set memory_limit = '{MEMORY_LIMIT}'")


def ingest_landing(
    landing: Path,
    warehouse: Path,
    progress: Callable[[str], None] | None = None,
    *,
    also: Sequence[Path] = (),
) -> IngestReport:
    """Load every new landing file into raw.<entity> of the DuckDB file `warehouse`.

    `also`: more directories laid out like the landing directory, read in the same load
    (the build passes the deal amendments recorded in the app, see
    partnerledger.deal_amendments); one that does not exist is skipped.
    """
    landing = Path(landing)
    if not landing.is_dir():
        raise FileNotFoundError(f"landing directory {landing} does not exist")
    say = progress or (lambda _msg: None)
    now = datetime.now(UTC).replace(tzinfo=None)
    report = IngestReport(load_id=f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}", started_at=now)
    Path(warehouse).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse))
    try:
        configure(con)
        create_raw_tables(con)
        con.execute(
            "insert into ingest.loads (load_id, landing_dir, started_at) values (?, ?, ?)",
            [report.load_id, str(landing.resolve()), now],
        )
        known = {r[0] for r in con.execute("select content_hash from ingest.files").fetchall()}
        files = list(discover(landing))
        files += [f for root in map(Path, also) if root.is_dir() for f in discover(root)]
        # hashlib releases the GIL, so files are fingerprinted two at a time.
        with ThreadPoolExecutor(WORKERS) as pool:
            digests = list(pool.map(lambda f: content_hash(f.path), files))
        # Which files to load is decided up front, in path order, exactly as a one-by-one
        # loop would: content already registered, or met earlier in this run, is skipped.
        pending: list[FileResult | Future[FileResult] | None] = []
        new: dict[int, tuple[LandingFile, str]] = {}
        for i, (file, digest) in enumerate(zip(files, digests, strict=True)):
            if digest in known:
                con.execute(
                    "insert or ignore into ingest.file_aliases values (?, ?, ?)",
                    [file.relative, digest, report.load_id],
                )
                pending.append(
                    FileResult(
                        file.relative, _entity_name(file), SKIPPED, "same content already ingested"
                    )
                )
            else:
                known.add(digest)
                new[i] = (file, digest)
                pending.append(None)
        cursors: Queue[duckdb.DuckDBPyConnection] = Queue()
        for _ in range(WORKERS):
            cur = con.cursor()  # its own session: own transaction and temp tables
            configure(cur)
            cursors.put(cur)
        # Deals and FX rates are checked against what is already loaded (ingestion/
        # conflicts.py), so their files load one at a time, in path order, before the rest:
        # two of them in parallel transactions could not see each other.
        serial = [i for i in sorted(new) if _entity_name(new[i][0]) in CHECKED]
        with _closing_all(cursors), ThreadPoolExecutor(WORKERS) as pool:
            for i in serial:
                file, digest = new[i]
                pending[i] = _ingest_on_cursor(cursors, file, digest, report.load_id, now)
            # Biggest files start first, so no big file is left running alone at the end.
            parallel = [i for i in new if i not in set(serial)]
            for i in sorted(parallel, key=lambda i: -new[i][0].path.stat().st_size):
                file, digest = new[i]
                pending[i] = pool.submit(
                    _ingest_on_cursor, cursors, file, digest, report.load_id, now
                )
            # New files load two at a time, one transaction each on its own cursor: the
            # line-numbering scan of a CSV runs on one thread, so a second file keeps the
            # other core busy. Results and progress stay in path order.
            for item in pending:
                result = item.result() if isinstance(item, Future) else item
                assert result is not None
                report.files.append(result)
                say(
                    f"{result.status:<17} {result.path}: read {result.rows_read}, loaded {result.rows_loaded}, "
                    f"quarantined {result.rows_quarantined}"
                    + (f" ({result.reason})" if result.reason else "")
                )
        report.finished_at = datetime.now(UTC).replace(tzinfo=None)
        con.execute(
            """update ingest.loads set finished_at = ?, files_seen = ?, files_loaded = ?,
               files_skipped = ?, files_rejected = ? where load_id = ?""",
            [
                report.finished_at,
                len(report.files),
                len(report.with_status(LOADED)),
                len(report.with_status(SKIPPED)),
                len(report.with_status(REJECTED)),
                report.load_id,
            ],
        )
    finally:
        con.close()
    return report


@contextmanager
def _closing_all(cursors: Queue[duckdb.DuckDBPyConnection]) -> Iterator[None]:
    try:
        yield
    finally:
        while not cursors.empty():
            cursors.get().close()


def _ingest_on_cursor(
    cursors: Queue[duckdb.DuckDBPyConnection],
    file: LandingFile,
    digest: str,
    load_id: str,
    loaded_at: datetime,
) -> FileResult:
    cur = cursors.get()
    try:
        return _ingest_file(cur, file, digest, load_id, loaded_at)
    finally:
        cursors.put(cur)


def _entity_name(file: LandingFile) -> str | None:
    e = entity_for_file(file.relative)
    return e.name if e else None


def _ingest_file(
    con: duckdb.DuckDBPyConnection,
    file: LandingFile,
    digest: str,
    load_id: str,
    loaded_at: datetime,
) -> FileResult:
    entity = entity_for_file(file.relative)
    con.execute("begin transaction")
    try:
        _check_placement(file, entity)
        assert entity is not None
        if entity.name == "deals":
            loaded, quarantined = _load_deals(con, entity, file, load_id, loaded_at)
        else:
            loaded, quarantined = _load_entity(
                con, entity, file, open_source(con, file), load_id, loaded_at
            )
        # Rows contradicting an established key move from raw to the quarantine.
        moved = quarantine_conflicts(con, entity, file.relative, load_id, loaded_at)
        loaded, quarantined = loaded - moved, quarantined + moved
        result = FileResult(
            file.relative, entity.name, LOADED, None, loaded + quarantined, loaded, quarantined
        )
        _register(con, file, digest, result, load_id, loaded_at)
        con.execute("commit")
        return result
    except (RejectedFile, duckdb.Error) as exc:
        con.execute("rollback")
        reason = (
            str(exc) if isinstance(exc, RejectedFile) else f"cannot be loaded: {duckdb_reason(exc)}"
        )
        result = FileResult(file.relative, entity.name if entity else None, REJECTED, reason)
        con.execute("begin transaction")
        con.execute(
            "insert into ingest.quarantine values (?, ?, null, null, ?, ?, ?)",
            [result.entity, file.relative, reason, load_id, loaded_at],
        )
        _register(con, file, digest, result, load_id, loaded_at)
        con.execute("commit")
        return result


def _check_placement(file: LandingFile, entity: Entity | None) -> None:
    if entity is None:
        known = ", ".join(sorted(ENTITIES))
        raise RejectedFile(
            f"file name does not start with an entity name ({known}); rename it or move it out"
        )
    if file.source_folder != entity.source:
        where = f"{file.source_folder}/" if file.source_folder else "the landing root"
        raise RejectedFile(
            f"{entity.name} files belong under {entity.source}/, not {where}; move the file"
        )
    fmt = file.file_format
    if fmt is None or fmt not in entity.formats:
        raise RejectedFile(
            f"unsupported file format for {entity.name}: {file.path.name} (use {', '.join(entity.formats)})"
        )


def _register(
    con: duckdb.DuckDBPyConnection,
    file: LandingFile,
    digest: str,
    r: FileResult,
    load_id: str,
    loaded_at: datetime,
) -> None:
    con.execute(
        "insert into ingest.files values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            digest,
            file.relative,
            r.entity,
            file.file_format,
            file.path.stat().st_size,
            r.status,
            r.reason,
            r.rows_read,
            r.rows_loaded,
            r.rows_quarantined,
            load_id,
            loaded_at,
        ],
    )
    con.execute(
        "insert or replace into ingest.file_aliases values (?, ?, ?)",
        [file.relative, digest, load_id],
    )


def _missing_required(entity: Entity, columns: list[str], ignore: tuple[str, ...] = ()) -> None:
    matched = match_columns(entity, columns)
    missing = [
        c.source_name or c.name
        for c in entity.columns
        if c.required and c.default is None and c.name not in matched and c.name not in ignore
    ]
    if missing:
        shown = ", ".join(columns[:20]) + (" ..." if len(columns) > 20 else "")
        raise RejectedFile(
            f"missing required column(s) {', '.join(missing)}; the header has: {shown or 'nothing'} "
            "(check the header row and the delimiter)"
        )


def _load_entity(
    con: duckdb.DuckDBPyConnection,
    entity: Entity,
    file: LandingFile,
    source: Source,
    load_id: str,
    loaded_at: datetime,
    *,
    extra_reasons: list[str] | None = None,
    hidden: tuple[str, ...] = (),
    extra_columns: list[str] | None = None,
    extra_exprs: list[str] | None = None,
) -> tuple[int, int]:
    """Validate and type a source in DuckDB: good rows to raw.<entity>, bad ones to quarantine."""
    _missing_required(entity, source.columns)
    reasons = list(extra_reasons or [])
    if entity.name == "mt5_deals":
        reasons += mt5_reversal_reason(entity, source.columns)
    reasons += bound_reasons(entity.name, entity.column_names)
    sql = build_entity_sql(entity, source.columns, reasons, hidden)
    # One streaming pass parses, types and validates every row into a temporary stage (the
    # typing is the costly part, so it is done once); the stage then splits into the raw
    # table (good rows) and the quarantine (bad rows, with the row as it came).
    if source.stores_rejects:
        clear_rejects(con)
    con.execute(
        f"""create or replace temp table __stage as
            select __line, __reason,
                   case when __reason is not null then {sql.raw_row_expr} end as __raw,
                   case when __reason is null then {sql.extra_expr} end as __extra,
                   {", ".join(sql.typed_refs + [f"{e} as __x{i}" for i, e in enumerate(extra_exprs or [])])}
            from ({sql.staged(source.sql)}) as s"""
    )
    params = [file.relative, load_id, loaded_at]
    # (On an error the file's transaction rolls back, the stage with it.)
    malformed = malformed_rows(con) if source.stores_rejects else []
    if malformed:
        # Malformed records (wrong number of fields...) are quarantined with their text, and
        # the good records' line numbers, counted without them, are moved back into place.
        con.execute(
            f"update __stage set __line = {line_shift_sql([m[0] for m in malformed], '__line')}"
        )
        con.executemany(
            "insert into ingest.quarantine values (?, ?, ?, ?, ?, ?, ?)",
            [
                [
                    entity.name,
                    file.relative,
                    line,
                    json.dumps({"_record": text}),
                    reason,
                    load_id,
                    loaded_at,
                ]
                for line, text, reason in malformed
            ],
        )
    quarantined = con.execute(
        f"""insert into ingest.quarantine
            select {lit_or_null(entity.name)}, ?, __line, __raw, __reason, ?, ?
            from __stage where __reason is not null""",
        params,
    ).fetchone()[0]
    if source.broken_sql:
        # JSONL lines that are not a JSON object: quarantined with their text, like a
        # malformed CSV record.
        quarantined += con.execute(
            f"""insert into ingest.quarantine
                select {lit_or_null(entity.name)}, ?, __line,
                       cast(json_object('_record', __text) as varchar), __reason, ?, ?
                from ({source.broken_sql})""",
            params,
        ).fetchone()[0]
    columns = sql.typed_columns + (extra_columns or [])
    stage_cols = sql.typed_refs + [f"__x{i}" for i in range(len(extra_exprs or []))]
    target = ", ".join(ident(c) for c in columns)
    loaded = con.execute(
        f"""insert into raw.{entity.name} ({target}, _source_file, _line_number, _load_id, _loaded_at, _extra)
            select {", ".join(stage_cols)}, ?, __line, ?, ?, __extra
            from __stage where __reason is null""",
        params,
    ).fetchone()[0]
    con.execute("drop table __stage")
    return loaded, quarantined + len(malformed)


def lit_or_null(text: str | None) -> str:
    return "null" if text is None else "'" + text.replace("'", "''") + "'"


def _load_deals(
    con: duckdb.DuckDBPyConnection,
    entity: Entity,
    file: LandingFile,
    load_id: str,
    loaded_at: datetime,
) -> tuple[int, int]:
    rows = read_deal_rows(con, file)
    _missing_required(entity, rows.columns)
    hidden = tuple(c for c in rows.table.column_names if c.startswith("__"))
    con.register("__deal_src", rows.table)
    tiers = _arrow_rows(
        rows.tiers, ["__line", "deal_id", "version", "tier_no", "tier_from", "rate"]
    )
    rates = _arrow_rows(
        rows.rates, ["__line", "deal_id", "version", "rate_kind", "symbol_group", "rate"]
    )
    con.register("__deal_tiers", tiers)
    con.register("__deal_rates", rates)
    try:
        file_cols = ", ".join(ident(c) for c in rows.columns)
        helper_cols = ", ".join(ident(c) for c in hidden if c != "__line")
        source = Source(
            f"select cast(__line as bigint) as __line, {file_cols}, {helper_cols} from __deal_src",
            rows.columns,
        )
        loaded, quarantined = _load_entity(
            con,
            entity,
            file,
            source,
            load_id,
            loaded_at,
            extra_reasons=["__terms_reason"],
            hidden=hidden,
            extra_columns=list(DEAL_TERM_COLUMNS),
            extra_exprs=terms_typed_exprs(),
        )
        loaded_lines = (
            "(select _line_number from raw.deals where _source_file = ? and _load_id = ?)"
        )
        params = [file.relative, load_id, loaded_at, file.relative, load_id]
        con.execute(
            f"""insert into raw.deal_tiers
                select deal_id, cast(version as bigint), cast(tier_no as bigint),
                       cast(tier_from as decimal(24,8)), cast(rate as decimal(24,8)),
                       ?, cast(__line as bigint), ?, ?
                from __deal_tiers where cast(__line as bigint) in {loaded_lines}""",
            params,
        )
        con.execute(
            f"""insert into raw.deal_rates
                select deal_id, cast(version as bigint), rate_kind, symbol_group,
                       cast(rate as decimal(24,8)), ?, cast(__line as bigint), ?, ?
                from __deal_rates where cast(__line as bigint) in {loaded_lines}""",
            params,
        )
    finally:
        for name in ("__deal_src", "__deal_tiers", "__deal_rates"):
            con.unregister(name)
    return loaded, quarantined


def _arrow_rows(rows: list[dict], columns: list[str]):
    import pyarrow as pa

    return pa.table(
        {
            c: pa.array([None if r[c] is None else str(r[c]) for r in rows], type=pa.string())
            for c in columns
        }
    )


# ---- reconciliation -------------------------------------------------------------------------


def reconcile(con: duckdb.DuckDBPyConnection, entity: str | None = None) -> list[str]:
    """Problems where the registry and the tables disagree; an empty list means all is well.

    For each registered file (of `entity`, or all): rows_read = rows_loaded +
    rows_quarantined; raw.<entity> holds exactly rows_loaded rows of it (by _source_file and
    _load_id); ingest.quarantine holds exactly rows_quarantined row-level rows of it; a
    rejected file has exactly one file-level quarantine row and no rows anywhere.
    """
    where = "where entity = ?" if entity else ""
    files = con.execute(
        f"""select path, entity, status, rows_read, rows_loaded, rows_quarantined, load_id
            from ingest.files {where} order by path""",
        [entity] if entity else [],
    ).fetchall()
    quarantine = {
        (r[0], r[1]): (r[2], r[3])
        for r in con.execute(
            """select source_file, load_id, count(line_number), count(*) - count(line_number)
               from ingest.quarantine group by all"""
        ).fetchall()
    }
    raw_counts: dict[str, dict[tuple[str, str], int]] = {}
    for name in sorted({f[1] for f in files if f[1] in ENTITIES}):
        raw_counts[name] = {
            (r[0], r[1]): r[2]
            for r in con.execute(
                f"select _source_file, _load_id, count(*) from raw.{name} group by all"
            ).fetchall()
        }
    problems: list[str] = []
    for path, ent, status, read, loaded, quarantined, load_id in files:
        in_raw = raw_counts.get(ent, {}).get((path, load_id), 0)
        rows_q, file_q = quarantine.get((path, load_id), (0, 0))
        if read != loaded + quarantined:
            problems.append(
                f"{path}: rows_read {read} != rows_loaded {loaded} + rows_quarantined {quarantined}"
            )
        if in_raw != loaded:
            problems.append(
                f"{path}: raw.{ent} holds {in_raw} rows of it, the registry says {loaded}"
            )
        if rows_q != quarantined:
            problems.append(
                f"{path}: ingest.quarantine holds {rows_q} rows of it, the registry says {quarantined}"
            )
        if status == REJECTED and file_q != 1:
            problems.append(
                f"{path}: rejected but has {file_q} file-level quarantine rows (expected 1)"
            )
        if status == LOADED and file_q != 0:
            problems.append(f"{path}: loaded but has {file_q} file-level quarantine rows")
    return problems


__all__ = [
    "LOADED",
    "REJECTED",
    "SKIPPED",
    "TERM_PREFIX",
    "EntityCounts",
    "FileResult",
    "IngestReport",
    "configure",
    "ingest_landing",
    "reconcile",
]
