"""Finding landing files and reading one as text rows inside DuckDB.

`discover` walks the landing directory; `content_hash` fingerprints a file in chunks;
`open_source` gives a SQL relation with a `__line` column and every file column as
varchar, so validation works the same whatever the format.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingestion.validation import ident, lit

# Longest suffix first so `x.csv.gz` is csv.gz, not gz.
FORMATS = ("csv.gz", "csv", "jsonl", "ndjson", "parquet", "json", "yaml", "yml")
HASH_CHUNK = 8 * 1024 * 1024
# A CSV record may be this long, so one huge field (a 10 MB user agent) is read and
# quarantined as a record (validation.MAX_FIELD_BYTES) instead of failing the file's scan.
# The read buffer is set to twice that: left to DuckDB it would be 16 times (a 512 MiB block
# for a gzip file, beyond the memory limit of two parallel loads).
MAX_LINE_BYTES = 32 * 1024 * 1024


class RejectedFile(Exception):
    """The file cannot be loaded at all; the message says why and what to do."""


@dataclass(frozen=True)
class LandingFile:
    path: Path
    relative: str  # posix path relative to the landing directory

    @property
    def file_format(self) -> str | None:
        name = self.path.name.lower()
        for fmt in FORMATS:
            if name.endswith("." + fmt):
                return fmt
        return None

    @property
    def source_folder(self) -> str | None:
        parts = self.relative.split("/")
        return parts[0] if len(parts) > 1 else None


def discover(landing: Path) -> Iterator[LandingFile]:
    """Every file below `landing`, sorted by path; names starting with `_` or `.` are skipped
    at any depth (`_manifest.json`, `.DS_Store`, `_tmp/`)."""
    landing = Path(landing)
    for path in sorted(landing.rglob("*")):
        rel = path.relative_to(landing)
        if any(part.startswith(("_", ".")) for part in rel.parts):
            continue
        if path.is_file():
            yield LandingFile(path, rel.as_posix())


def content_hash(path: Path) -> str:
    """sha256 of the file's bytes, streamed so a huge file never sits in memory."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(HASH_CHUNK):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True)
class Source:
    """A file as SQL: `sql` selects `__line` plus `columns` (all varchar, file names)."""

    sql: str
    columns: list[str]
    # CSV only: malformed records (wrong number of fields, invalid UTF-8) are not rows of
    # `sql`; DuckDB stores them in the temp table reject_errors (see malformed_rows).
    stores_rejects: bool = False
    # JSONL only: the lines that are not a JSON object are not rows of `sql`; this selects
    # them as (__line, __text, __reason) for the quarantine.
    broken_sql: str | None = None


def _describe(con: duckdb.DuckDBPyConnection, reader: str) -> list[tuple[str, str]]:
    try:
        return [(r[0], r[1]) for r in con.execute(f"describe select * from {reader}").fetchall()]
    except duckdb.Error as exc:
        raise RejectedFile(f"cannot be parsed: {duckdb_reason(exc)}") from exc


def duckdb_reason(exc: Exception) -> str:
    """DuckDB's parse error, shortened to what a person fixing the file needs."""
    lines = [ln.strip() for ln in str(exc).strip().splitlines() if ln.strip()]
    head = lines[0].removeprefix("Invalid Input Error: ") if lines else type(exc).__name__
    if "sniffing" in head:
        return (
            f"{head} Rows may not have the header's number of fields, or the file is not "
            "UTF-8, comma-separated CSV with a header row"
        )
    detail = [ln for ln in lines[1:3] if not ln.startswith(("Possible", "*", "Original Line"))]
    return " / ".join([head, *detail])[:400]


def _as_text(name: str, dtype: str) -> str:
    # Nested values (a deal's terms in parquet) become JSON text, not DuckDB's struct syntax.
    if dtype.startswith(("STRUCT", "MAP")) or dtype.endswith("[]"):
        return f"cast(to_json({ident(name)}) as varchar) as {ident(name)}"
    return f"cast({ident(name)} as varchar) as {ident(name)}"


def open_source(con: duckdb.DuckDBPyConnection, file: LandingFile) -> Source:
    """The SQL reading `file` as text rows with their line (or record) number."""
    p = lit(str(file.path))
    fmt = file.file_format
    if fmt in ("csv", "csv.gz"):
        # all_varchar: typing is ours, with reasons. Header = line 1, so the first data row
        # is line 2. A record with a quoted newline shifts later rows' numbers (documented).
        reader = (
            f"read_csv({p}, all_varchar = true, header = true, delim = ',', quote = '\"', "
            f"escape = '\"', compression = 'auto', auto_detect = true, store_rejects = true, "
            f"max_line_size = {MAX_LINE_BYTES}, buffer_size = {2 * MAX_LINE_BYTES})"
        )
        _refuse_duplicate_header(file)
        cols = [c for c, _ in _describe(con, reader)]
        line = "row_number() over () + 1"
        select_cols = ", ".join(ident(c) for c in cols)
    elif fmt in ("jsonl", "ndjson"):
        return _jsonl_source(con, p)
    elif fmt == "parquet":
        reader = f"read_parquet({p}, file_row_number = true)"
        described = [(c, t) for c, t in _describe(con, reader) if c != "file_row_number"]
        cols = [c for c, _ in described]
        line = "file_row_number + 1"
        select_cols = ", ".join(_as_text(c, t) for c, t in described)
    else:
        raise RejectedFile(f"unsupported file format for this entity: {file.path.name}")
    if len({c.lower() for c in cols}) != len(cols):
        raise RejectedFile(f"duplicate column names in the header: {cols}")
    return Source(
        f"select {line} as __line, {select_cols} from {reader}", cols, fmt in ("csv", "csv.gz")
    )


# The header is read from at most this many bytes (a header is a few hundred).
_HEADER_BYTES = 1024 * 1024


def csv_header(file: LandingFile) -> list[str]:
    """The CSV's header row as written (gzip-aware, BOM dropped, quotes honoured).

    DuckDB renames a repeated name (`amount`, `amount_1`), so a repeated column cannot be
    seen in what it describes; the header text itself is the only place it shows.
    """
    opener = gzip.open if file.file_format == "csv.gz" else open
    try:
        with opener(file.path, "rb") as f:
            head = f.read(_HEADER_BYTES)
    except (OSError, EOFError):
        return []  # corrupt gzip etc.: DuckDB's own reading gives the reason
    text = head.decode("utf-8-sig", errors="replace")
    try:
        return next(csv.reader(io.StringIO(text)), [])
    except csv.Error:
        return []


def _refuse_duplicate_header(file: LandingFile) -> None:
    """A column named twice (any case) refuses the file: which value counts is unknowable."""
    seen: dict[str, int] = {}
    repeated: list[str] = []
    for pos, name in enumerate(csv_header(file), start=1):
        key = name.strip().lower()
        if not key:
            continue  # an unnamed column (a trailing comma) is an extra, not a repeat
        if key in seen:
            repeated.append(f"{name.strip()} (columns {seen[key]} and {pos})")
        else:
            seen[key] = pos
    if repeated:
        raise RejectedFile(
            f"duplicate column in the header: {', '.join(repeated)}; "
            "a file must name each column once (rename or drop the copy)"
        )


# Never unescaped inside a valid JSON text (control characters must be escaped), so splitting
# a JSONL file on it gives every line whole, as one field.
_UNIT_SEPARATOR = "\x1f"


def _jsonl_source(con: duckdb.DuckDBPyConnection, p: str) -> Source:
    """A JSONL file read line by line, so that one broken line is quarantined (with its text
    and reason) while the others load. Keys come from every valid line, in order of first
    appearance; values are taken as text (json_extract_string), typing is ours."""
    lines = (
        f"read_csv({p}, columns = {{'__json': 'VARCHAR'}}, header = false, "
        f"delim = '{_UNIT_SEPARATOR}', quote = '', escape = '', auto_detect = false, "
        "compression = 'auto')"
    )
    # CASE keeps json_type away from invalid text (it would raise); blank lines are no record.
    # An object naming one key twice, in any case ({"amount": 1, "Amount": 2}) is a broken
    # record of its own: which value counts cannot be known.
    kind = "case when json_valid(__json) then json_type(__json) end"
    numbered = f"""(select __line, __json,
                   case when __kind = 'OBJECT' and len(json_keys(__json)) <> len(list_distinct(
                            list_transform(json_keys(__json), lambda k: lower(k))))
                        then 'REPEATED' else __kind end as __kind
            from (select row_number() over () as __line, __json, {kind} as __kind
                  from {lines})) as __lines where nullif(trim(__json), '') is not null"""
    try:
        cols = [
            r[0]
            for r in con.execute(
                f"""select key from (
                        select __line, unnest(json_keys(__json)) as key,
                               generate_subscripts(json_keys(__json), 1) as pos
                        from {numbered} and __kind = 'OBJECT')
                    group by key order by min(__line), arg_min(pos, __line)"""
            ).fetchall()
        ]
    except duckdb.Error as exc:
        raise RejectedFile(f"cannot be parsed: {duckdb_reason(exc)}") from exc
    if not cols:
        raise RejectedFile("cannot be parsed: no line is a JSON object")
    if len({c.lower() for c in cols}) != len(cols):
        raise RejectedFile(f"duplicate keys (ignoring case) in the lines' objects: {cols}")
    # One parse per line for every key: the list form of json_extract_string.
    paths = "[" + ", ".join(lit("$." + json.dumps(c)) for c in cols) + "]"
    values = ", ".join(f"__values[{i}] as {ident(c)}" for i, c in enumerate(cols, start=1))
    sql = f"""select __line, {values} from (
                select __line, json_extract_string(__json, {paths}) as __values
                from {numbered} and __kind = 'OBJECT')"""
    broken = f"""select __line, __json as __text,
                   case when __kind is null then 'record: not valid JSON'
                        when __kind = 'REPEATED' then 'record: keys repeated (ignoring case): '
                             || array_to_string(list_filter(json_keys(__json), lambda k: len(list_filter(
                                json_keys(__json), lambda j: lower(j) = lower(k))) > 1), ', ')
                        else 'record: a JSON ' || lower(__kind) || ', not an object' end as __reason
            from {numbered} and __kind is distinct from 'OBJECT'"""
    return Source(sql, cols, broken_sql=broken)


# Above this many malformed records a CSV file is rejected as a whole: it is not the CSV the
# contract describes (and the line-number correction below stays a short list).
MAX_MALFORMED = 10_000


def clear_rejects(con: duckdb.DuckDBPyConnection) -> None:
    """Forget the malformed records of an earlier scan before the next one."""
    con.execute("drop table if exists reject_errors")
    con.execute("drop table if exists reject_scans")


def malformed_rows(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str, str]]:
    """(line, record text, reason) of each malformed CSV record of the last scan.

    Call it after a scan with store_rejects: DuckDB creates reject_errors on every such scan
    (empty when every record parsed), so the table is read without asking whether it exists.
    """
    rows = con.execute(
        """select line, any_value(csv_line),
                  string_agg(lower(error_type) || ' (' || error_message || ')', '; ' order by column_idx)
           from reject_errors group by line order by line"""
    ).fetchall()
    if len(rows) > MAX_MALFORMED:
        raise RejectedFile(
            f"{len(rows)} malformed records (first at line {rows[0][0]}: {rows[0][2]}); "
            "check the delimiter, quoting and encoding"
        )
    return [(int(line), text, "record: " + reason) for line, text, reason in rows]


def line_shift_sql(malformed_lines: list[int], line: str) -> str:
    """SQL for the true line of a good record numbered `line` while skipping malformed ones.

    Good records are numbered 2, 3, ... among themselves; the i-th malformed line r_i
    (1-based, sorted) comes after r_i - 1 - i good records, so a good record whose own count
    k = line - 1 is above that threshold sits one line lower per such malformed line.
    """
    thresholds = ", ".join(str(r - 1 - i) for i, r in enumerate(sorted(malformed_lines), start=1))
    return f"{line} + len(list_filter([{thresholds}], lambda g: g < {line} - 1))"
