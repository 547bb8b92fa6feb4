"""Deliberately bad rows, injected at a known small rate so quarantine can be reconciled.

Each bad row breaks exactly one rule of the landing contract (LANDING.md, "A row that breaks
the contract"): a missing required value, a value of the wrong type, a value outside its
enumeration, a currency that is not ISO 4217, a country that is not ISO alpha-2, or a
negative amount/volume. Which rows and which kind are drawn from the generator's seeded
random stream, so the same seed breaks the same rows.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ingestion.entities import (
    COUNTRY,
    CURRENCY,
    DATE,
    DECIMAL,
    ENTITIES,
    EPOCH_OR_DATETIME,
    INT,
    NON_NEGATIVE,
    TIMESTAMP,
)

BAD_ROW_RATE = 0.005

# Only event tables get bad rows: a broken brand, partner or customer row would orphan the
# facts that refer to it and make every downstream number noisy, not just the bad row's.
BAD_ROW_ENTITIES = (
    "clicks",
    "conversions",
    "payments",
    "casino_activity",
    "prop_orders",
    "mt4_trades",
    "mt5_deals",
)

KINDS = ("missing", "wrong_type", "bad_enum", "bad_currency", "bad_country", "negative")


def _candidates(entity_name: str, present: set[str]) -> list[tuple[str, str]]:
    """(kind, column name) pairs that can break a row of this entity."""
    out: list[tuple[str, str]] = []
    for col in ENTITIES[entity_name].columns:
        name = col.source_name or col.name
        if name not in present:
            continue
        if col.required:
            out.append(("missing", name))
        if col.kind in (DECIMAL, INT, TIMESTAMP, DATE, EPOCH_OR_DATETIME):
            out.append(("wrong_type", name))
        if col.enum and col.kind != INT:
            out.append(("bad_enum", name))
        if col.check == CURRENCY:
            out.append(("bad_currency", name))
        if col.check == COUNTRY:
            out.append(("bad_country", name))
        if col.check == NON_NEGATIVE and col.required:
            out.append(("negative", name))
    return out


_REPLACEMENT = {
    "wrong_type": "abc",
    "bad_enum": "unknown_kind",
    "bad_currency": "EU",
    "bad_country": "XX1",
}


def inject(
    entity_name: str,
    table: dict[str, pa.Array],
    rng: np.random.Generator,
    rate: float = BAD_ROW_RATE,
) -> int:
    """Break about `rate` of the table's rows in place; returns how many rows were broken."""
    n = len(next(iter(table.values())))
    if entity_name not in BAD_ROW_ENTITIES or n == 0:
        return 0
    candidates = _candidates(entity_name, set(table))
    bad = np.flatnonzero(rng.random(n) < rate)
    if len(bad) == 0:
        return 0
    # Each kind the entity can show is equally likely (then a column of that kind), so the
    # many required columns do not make "missing value" crowd out the other kinds.
    kinds = sorted({k for k, _ in candidates}, key=KINDS.index)
    weight = np.array(
        [1 / len(kinds) / sum(1 for k2, _ in candidates if k2 == k) for k, _ in candidates]
    )
    choice = rng.choice(len(candidates), size=len(bad), p=weight / weight.sum())
    for ci, (kind, column) in enumerate(candidates):
        rows = bad[choice == ci]
        if len(rows) == 0:
            continue
        mask = np.zeros(n, dtype=bool)
        mask[rows] = True
        m = pa.array(mask)
        col = table[column]
        if kind == "missing":
            table[column] = pc.if_else(m, pa.scalar(None, pa.string()), col)
        elif kind == "negative":
            # '-0' would still parse as zero, so the broken value is made strictly negative.
            neg = pc.binary_join_element_wise("-1", pc.fill_null(col, "0"), "")
            table[column] = pc.if_else(m, neg, col)
        else:
            table[column] = pc.if_else(m, pa.scalar(_REPLACEMENT[kind], pa.string()), col)
    return len(bad)
