"""The contract marts (docs/reference/output-contract.md) and a digest of their content.

Two warehouses whose digests agree hold the same rows in every contract mart: the check that
a refactoring changed no statement, that an incremental build equals a full one, and that
DuckDB and Spark agree. Rows are compared as text of every column (decimals exactly as
stored), sorted, so row order and physical layout do not matter.

    python -m partnerledger.contract_marts <warehouse-or-serving.duckdb>
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import duckdb

CONTRACT_MARTS = (
    "fct_commission_lines",
    "fct_partner_monthly_statement",
    "mart_payouts",
    "dim_partners",
    "dim_brands",
    "dim_customers",
    "mart_partner_segments",
    "mart_tier_recommendations",
)


def digests(database: Path | str, marts: tuple[str, ...] = CONTRACT_MARTS) -> dict[str, str]:
    """mart -> sha256 of its sorted rows (each row: its columns as text, in column order)."""
    out: dict[str, str] = {}
    with duckdb.connect(str(database), read_only=True) as con:
        for mart in marts:
            cols = [
                r[0]
                for r in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = 'marts' and table_name = ? order by ordinal_position",
                    [mart],
                ).fetchall()
            ]
            if not cols:
                raise LookupError(f"{database} has no marts.{mart}")
            row = " || '|' || ".join(f"coalesce(cast({c} as varchar), '<null>')" for c in cols)
            h = hashlib.sha256("|".join(cols).encode())
            for (text,) in con.execute(f"select {row} from marts.{mart} order by 1").fetchall():
                h.update(text.encode())
                h.update(b"\n")
            out[mart] = h.hexdigest()
    return out


def main(argv: list[str]) -> int:
    for mart, digest in digests(argv[0]).items():
        print(f"{digest}  {mart}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
