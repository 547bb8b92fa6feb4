"""Rows naming an id the master data does not hold: quarantined one by one, never the build.

A deal of an unknown partner, or a customer of an unknown brand, used to reach staging and
fail a dbt relationships test there, which stopped every partner's payouts (issue 11,
findings 6-7, docs/decisions/033-unknown-references-quarantined.md). Here such a row moves to
the quarantine with the unknown id named, like a conflicting deal version (conflicts.py).

"Known" is any id in the referenced raw table (what staging will read). The referenced
entities load first, one file at a time (REFERENCED, ingestion/load.py), so a landing set
that brings a partner and its deal together is judged with the partner in place. A row
quarantined for an unknown id is not retried when the id arrives later: send it again.
"""

from __future__ import annotations

import duckdb

from ingestion.validation import ident

# entity -> (column, referenced entity, referenced column); a NULL value refers to nothing.
REFERENCES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "deals": (("partner_id", "partners", "partner_id"), ("brand_id", "brands", "brand_id")),
    "customers": (("brand_id", "brands", "brand_id"),),
}
# The entities others refer to, in the order their files load (before every referring file).
REFERENCED = ("brands", "partners")


def unknown_references(
    con: duckdb.DuckDBPyConnection, entity: str, source_file: str, load_id: str
) -> dict[int, str]:
    """This file's rows of `entity` naming an unknown id: line -> reason."""
    bad: dict[int, str] = {}
    for column, target, target_column in REFERENCES.get(entity, ()):
        col, tcol = ident(column), ident(target_column)
        rows = con.execute(
            f"""select _line_number, {col} from raw.{entity} r
                where _source_file = ? and _load_id = ? and {col} is not null
                  and not exists (select 1 from raw.{target} t where t.{tcol} = r.{col})
                order by _line_number""",
            [source_file, load_id],
        ).fetchall()
        for line, value in rows:
            bad.setdefault(
                line,
                f"{column}: unknown {target[:-1]} {value} (not in {target}); "
                f"send the {target[:-1]} first, then this row again",
            )
    return bad


__all__ = ["REFERENCED", "REFERENCES", "unknown_references"]
