"""Landing files written the way source systems drop them: CSV, CSV.gz, JSONL, parquet, YAML.

Writers are deterministic (same table -> same bytes): gzip without a timestamp in its header,
parquet without per-run metadata, JSON keys in column order. Every file is written through a
temporary name and renamed, so a crashed run never leaves a half file that looks complete.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import yaml

from landing_generator import bad_rows


class LandingWriter:
    """Writes entity tables into <out>/<source>/ and counts rows and bad rows per entity."""

    def __init__(self, out: Path, rng_bad, bad_rate: float = bad_rows.BAD_ROW_RATE) -> None:
        self.out = out
        self.rng_bad = rng_bad
        self.bad_rate = bad_rate
        self.rows: dict[str, int] = {}
        self.bad: dict[str, int] = {}
        self.files: dict[str, list[str]] = {}

    def _count(self, entity: str, rel: str, n: int, n_bad: int) -> None:
        self.rows[entity] = self.rows.get(entity, 0) + n
        self.bad[entity] = self.bad.get(entity, 0) + n_bad
        self.files.setdefault(entity, []).append(rel)

    def table(
        self, entity: str, source: str, name: str, columns: dict[str, pa.Array], fmt: str = "csv"
    ) -> int:
        """Write one file of `entity` (all columns text); injects bad rows first. Returns rows."""
        if not columns or len(next(iter(columns.values()))) == 0:
            return 0  # nothing happened: no empty file, like a source system with nothing to export
        n_bad = bad_rows.inject(entity, columns, self.rng_bad, self.bad_rate)
        tbl = pa.table(
            {k: v if v.type == pa.string() else v.cast(pa.string()) for k, v in columns.items()}
        )
        rel = f"{source}/{name}.{fmt}"
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        if fmt == "csv":
            _write_csv(tbl, tmp)
        elif fmt == "csv.gz":
            buf = io.BytesIO()
            _write_csv(tbl, buf)
            with (
                open(tmp, "wb") as f,
                gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz,
            ):
                gz.write(buf.getvalue())
        elif fmt == "jsonl":
            _write_jsonl(tbl, tmp)
        elif fmt == "parquet":
            pq.write_table(tbl, tmp, compression="zstd", store_schema=False)
        else:
            raise ValueError(f"unknown landing format {fmt!r}")
        os.replace(tmp, path)
        self._count(entity, rel, tbl.num_rows, n_bad)
        return tbl.num_rows

    def documents(self, entity: str, source: str, filename: str, docs: list[dict]) -> None:
        """A YAML or JSON array file (deals)."""
        path = self.out / source / filename
        path.parent.mkdir(parents=True, exist_ok=True)
        if filename.endswith((".yaml", ".yml")):
            text = yaml.safe_dump(
                docs, sort_keys=False, allow_unicode=True, default_flow_style=None, width=120
            )
        else:
            text = json.dumps(docs, indent=2, ensure_ascii=False, default=str) + "\n"
        path.write_text(text, encoding="utf-8")
        self._count(entity, f"{source}/{filename}", len(docs), 0)

    def manifest(self, extra: dict) -> dict:
        body = {
            **extra,
            "entities": {
                e: {
                    "rows": self.rows[e],
                    "bad_rows": self.bad.get(e, 0),
                    "files": sorted(self.files[e]),
                }
                for e in sorted(self.rows)
            },
        }
        (self.out / "_manifest.json").write_text(json.dumps(body, indent=2, sort_keys=True) + "\n")
        return body


def _write_csv(tbl: pa.Table, sink) -> None:
    # Unquoted, like ordinary exports; NULL is an empty cell. A value that needs quotes (a comma
    # in it) switches the whole file to quoting, which is still plain CSV.
    buf = io.BytesIO()
    try:
        pacsv.write_csv(tbl, buf, write_options=pacsv.WriteOptions(quoting_style="none"))
    except pa.ArrowInvalid:
        buf = io.BytesIO()
        pacsv.write_csv(tbl, buf, write_options=pacsv.WriteOptions(quoting_style="needed"))
    if isinstance(sink, (str, os.PathLike)):
        Path(sink).write_bytes(buf.getvalue())
    else:
        sink.write(buf.getvalue())


def _write_jsonl(tbl: pa.Table, path: Path) -> None:
    # Amounts stay strings in JSON too (a JSON number would be read as a float). DuckDB writes
    # newline-delimited JSON from the Arrow table in row order; one thread keeps it byte-stable.
    con = duckdb.connect()
    try:
        con.execute("set threads = 1")
        con.register("rows_to_write", tbl)
        con.execute(f"copy rows_to_write to '{path}' (format json)")
    finally:
        con.close()
