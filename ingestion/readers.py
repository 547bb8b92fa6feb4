"""Finding landing files and reading one as text rows inside DuckDB.

`discover` walks the landing directory; `content_hash` fingerprints a file in chunks;
`open_source` gives a SQL relation with a `__line` column and every file column as
varchar, so validation works the same whatever the format.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingestion.validation import ident, lit

# Longest suffix first so `x.csv.gz` is csv.gz, not gz.
FORMATS = ("csv.gz", "csv", "jsonl", "ndjson", "parquet", "json", "yaml", "yml")
HASH_CHUNK = 8 * 1024 * 1024


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
            f"escape = '\"', compression = 'auto', auto_detect = true, store_rejects = true)"
        )
        cols = [c for c, _ in _describe(con, reader)]
        line = "row_number() over () + 1"
        select_cols = ", ".join(ident(c) for c in cols)
    elif fmt in ("jsonl", "ndjson"):
        # Every key of the file (sample_size = -1), then re-read with every key as varchar so
        # numbers keep their exact text (0.1 stays '0.1', never a float).
        probe = f"read_json({p}, format = 'newline_delimited', sample_size = -1)"
        described = _describe(con, probe)
        cols = [c for c, _ in described]
        if not cols or any(c == "json" for c in cols) and len(cols) == 1:
            raise RejectedFile("cannot be parsed: lines are not JSON objects")
        columns = "{" + ", ".join(f"{lit(c)}: 'VARCHAR'" for c in cols) + "}"
        reader = f"read_json({p}, format = 'newline_delimited', columns = {columns})"
        line = "row_number() over ()"
        select_cols = ", ".join(ident(c) for c in cols)
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


# Above this many malformed records a CSV file is rejected as a whole: it is not the CSV the
# contract describes (and the line-number correction below stays a short list).
MAX_MALFORMED = 10_000


def clear_rejects(con: duckdb.DuckDBPyConnection) -> None:
    """Forget the malformed records of an earlier scan before the next one."""
    con.execute("drop table if exists reject_errors")
    con.execute("drop table if exists reject_scans")


def malformed_rows(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str, str]]:
    """(line, record text, reason) of each malformed CSV record of the last scan."""
    exists = con.execute(
        "select count(*) from duckdb_tables() where table_name = 'reject_errors' and temporary"
    ).fetchone()[0]
    if not exists:
        return []
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
