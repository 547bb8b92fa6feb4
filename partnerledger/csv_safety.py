"""Every CSV the project writes (portal, manager pages, CLI, payment files), made formula-safe here.

A spreadsheet opening a CSV runs a cell that begins with `=`, `+`, `-` or `@` as a formula
(and a leading tab or carriage return can hide such a start): a partner's own sub-id or link
name could carry one. Text cells beginning with any of them get a leading apostrophe, which
spreadsheets show as text. Numbers (Decimal amounts, counts) are written exactly: a number,
negative or not, is never a formula.

A carriage return inside a cell is the other way in: the CSV writer quotes a cell with a
newline but not one with a bare CR, and a spreadsheet starts a new row at it, so
`x\r=1+1` would put `=1+1` at the start of a cell of its own. When any text cell holds a
CR, every cell is quoted (quoting does not turn a number into text in a spreadsheet).
"""

from __future__ import annotations

import csv
from decimal import Decimal
from numbers import Number

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text value that a spreadsheet would run as a formula, prefixed with `'`; others as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_csv(df: pd.DataFrame) -> bytes:
    """The CSV bytes of a portal export: UTF-8, no index, text cells neutralised."""
    out = df.copy()
    has_cr = False
    for column in out.columns:
        if not all(isinstance(v, (Number, Decimal)) or v is None for v in out[column]):
            has_cr = has_cr or any(isinstance(v, str) and "\r" in v for v in out[column])
            out[column] = out[column].map(neutralise)
    out.columns = [str(neutralise(str(c))) for c in out.columns]
    quoting = csv.QUOTE_ALL if has_cr or any("\r" in c for c in out.columns) else csv.QUOTE_MINIMAL
    return out.to_csv(index=False, quoting=quoting).encode("utf-8")
